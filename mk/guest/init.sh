#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the initramfs guests of `make check`: busybox, the guest scripts,
# the selftests and the module syscalls, no root filesystem. The tests'
# output goes to the device rsc.out= names (default: the second serial
# port), the kernel console to the first. rsc.mode= and rsc.cycles= on the
# kernel command line are for tests.sh.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
out=ttyS1
mode=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	rsc.out=*) out=${arg#rsc.out=} ;;
	rsc.mode=*) mode=${arg#rsc.mode=} ;;
	rsc.cycles=*) export RSC_MODULE_CYCLES=${arg#rsc.cycles=} ;;
	esac
done
# A virtio console may appear a moment after /init starts: wait for it.
i=0
while [ ! -e "/dev/$out" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ ! -e "/dev/$out" ]; then
	echo "rsc: no /dev/$out for the tests' output" >/dev/console
	poweroff -f
fi
exec >"/dev/$out" 2>&1
[ -d /rsc/modules ] && export RSC_MODULES=/rsc/modules
sh /rsc/tests.sh /tmp /rsc/selftests $mode
poweroff -f
