#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The shell of `make shell`, inside the guest: the selftests of the three
# ABIs in $SELFTESTS (the 64-bit ones, with the `syscall` helper, in PATH),
# tracefs and debugfs mounted. With --script FILE, runs FILE instead of an
# interactive shell (mk/tutorial.py does, for the tutorial's sessions).
export SELFTESTS="$RSC_SELFTESTS"
export PATH="$SELFTESTS/m64:$PATH"
grep -q " /sys/kernel/tracing " /proc/mounts || mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ "${1:-}" = --script ]; then
	exec bash --norc --noprofile "$2"
fi
exec bash "$@"
