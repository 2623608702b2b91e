#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest: every selftest binary of every ABI, then a kmemleak
# scan (debug kernel), then the whole kernel log. It judges nothing: it prints
# what ran between markers, and the host (mk/judge.py) decides, against the
# list of what must run on this kernel (mk/expect.py):
#
#   # rsc-begin ABI/NAME            then the binary's TAP output
#   # rsc-end ABI/NAME exit=N
#   # rsc-check NAME ok|fail         a check of the script's own
#   # rsc-kmemleak-begin ... # rsc-kmemleak-end
#   # rsc-tainted N                  /proc/sys/kernel/tainted
#   # rsc-dmesg-begin ... # rsc-dmesg-end
#   # rsc-end-of-run
#
# usage: [RSC_MODULES=DIR] tests.sh OUTDIR SELFTEST_DIR [--debug|--modules-only]
#   RSC_MODULES: the .ko files of the module syscalls, built for this kernel.
#   --modules-only: only the tests of module syscalls (make module-check).
#   --debug: KASAN, UBSAN, lockdep and kmemleak make every call slower: fewer
#   fuzz tuples, a shorter race, and kmemleak scans once the tests are done.

seldir=$2
mode=${3:-on}

mkdir -p /tmp/rsc
mount -t tmpfs tmpfs /tmp/rsc 2>/dev/null
mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

kmemleak=/sys/kernel/debug/kmemleak
if [ "$mode" = --debug ]; then
	# Fault points are not compared with the C twin: the stack depot of
	# KASAN and kmemleak allocates when it first sees a stack, which makes
	# the numbering of fault points depend on history.
	export RSC_FUZZ_N=4000 RSC_STRESS_SECONDS=5 RSC_FAIL_NTH_NO_TWIN=1
	# Load/unload cycles of the module stress test (a fifth from 32-bit).
	export RSC_MODULE_CYCLES=100
	# Forget what boot left behind: only leaks of the tests count.
	echo scan >$kmemleak 2>/dev/null
	echo clear >$kmemleak 2>/dev/null
fi
echo "# rsc-mode $mode"

# run NAME BINARY ARGS...: one selftest binary between markers.
run() {
	name=$1
	shift
	echo "# rsc-begin $name (uptime $(cut -d' ' -f1 /proc/uptime) s)"
	(cd /tmp/rsc && "$@" 2>&1)
	echo "# rsc-end $name exit=$?"
}

for abidir in "$seldir"/m64 "$seldir"/m32 "$seldir"/mx32; do
	abi=$(basename "$abidir")
	for t in "$abidir"/*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		case "$name" in *_speed|*_demo) continue ;; esac
		[ "$mode" = --modules-only ] && [ "$name" != module_test ] && continue
		run "$abi/$name" "$t"
	done
done

# The samples built as modules (CONFIG_RUST_SYSCALL_MODULES): the same tests,
# at the numbers the modules registered (RSC_SYSCALLS_FROM=module). Their
# error-injection test names built-in entry points: not here.
# check NAME COMMAND...: a check of the guest's own, for the judge.
check() {
	name=$1
	shift
	if "$@"; then
		echo "# rsc-check $name ok"
	else
		echo "# rsc-check $name fail $*"
	fi
}

# Every slot free and no module syscall module left: the state before and
# after the module tests.
modules_gone() {
	[ "$(cat /sys/kernel/rust_syscalls/free_slots)" = 8 ] || return 1
	! ls -d /sys/module/rust_syscall_* >/dev/null 2>&1
}

if [ -n "${RSC_MODULES:-}" ] && [ -d /sys/kernel/rust_syscalls ]; then
	samples="foo adder silly_copy magic_knock xyzzy"
	loaded=0
	for s in $samples; do
		insmod "$RSC_MODULES/rust_syscall_$s.ko" && loaded=$((loaded + 1))
	done
	check modules:load test "$loaded" = 5 -a "$(cat /sys/kernel/rust_syscalls/free_slots)" = 3
	for abidir in "$seldir"/m64 "$seldir"/m32 "$seldir"/mx32; do
		abi=$(basename "$abidir")
		RSC_SYSCALLS_FROM=module run "$abi/samples_test@module" "$abidir/samples_test" \
			-T error_injection_into_rust_and_c_stubs
		RSC_SYSCALLS_FROM=module run "$abi/hardening_test@module" "$abidir/hardening_test" \
			-t register_garbage
	done
	for s in $samples; do
		rmmod "rust_syscall_$s"
	done
	check modules:unload modules_gone
fi

if [ "$mode" = --debug ]; then
	echo "# rsc-kmemleak-begin"
	# Objects younger than 5 s are never reported; two scans settle it.
	if [ -e $kmemleak ] && sleep 6 && echo scan >$kmemleak && sleep 1 &&
		echo scan >$kmemleak && cat $kmemleak; then
		echo "# rsc-kmemleak-scanned"
	fi
	echo "# rsc-kmemleak-end"
fi

# Taint: a warning or an oops taints the kernel even if its message is lost.
echo "# rsc-tainted $(cat /proc/sys/kernel/tainted)"
# Lockdep turns itself off after its first report.
[ -e /proc/lockdep_stats ] &&
	echo "# rsc-debug-locks $(sed -n 's/^ *debug_locks: *//p' /proc/lockdep_stats)"

# The whole kernel log since boot: the host checks that it starts with the
# boot banner (the ring buffer did not wrap) and ends with this marker.
echo "rsc: end of tests" >/dev/kmsg
echo "# rsc-dmesg-begin"
dmesg
echo "# rsc-dmesg-end"
echo "# rsc-end-of-run"
