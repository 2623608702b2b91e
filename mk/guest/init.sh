#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the initramfs guests (the kernel of the patch series): busybox,
# the guest scripts and the selftests, no root filesystem. The tests' output
# goes to the second serial port, the kernel console to the first.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
exec >/dev/ttyS1 2>&1
sh /rsc/tests.sh /tmp /rsc/selftests initramfs
poweroff -f
