#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest: the selftest binaries of the plan (ABI/binary per
# line, from mk/expect.py), the tree's openat2 selftests again on C's openat2
# (ABI/binary@c), the samples' tests again at the numbers of their module
# builds when the plan says so (ABI/binary@module), then a kmemleak scan (debug kernel),
# then the whole kernel log. It judges nothing: it prints what ran between
# markers, and the host (mk/judge.py) decides, against the same list of what
# must run on this kernel (mk/expect.py):
#
#   # rsc-begin ABI/NAME            then the binary's TAP output
#   # rsc-end ABI/NAME exit=N
#   # rsc-check NAME ok|fail         a check of the script's own
#   # rsc-kmemleak-begin ... # rsc-kmemleak-end
#   # rsc-tainted N                  /proc/sys/kernel/tainted
#   # rsc-dmesg-begin ... # rsc-dmesg-end
#   # rsc-end-of-run
#
# usage: [RSC_MODULES=DIR] [RSC_PLAN=FILE] tests.sh OUTDIR SELFTEST_DIR [--debug]
#   RSC_MODULES: the .ko files of the module syscalls, built for this kernel.
#   RSC_PLAN: the plan (default: SELFTEST_DIR/../plan).
#   --debug: KASAN, UBSAN, lockdep and kmemleak make every call slower: fewer
#   fuzz tuples and register-garbage rounds, a shorter race, and kmemleak
#   scans once the tests are done.

seldir=$2
mode=${3:-on}

mkdir -p /tmp/rsc
mount -t tmpfs tmpfs /tmp/rsc 2>/dev/null
grep -q " /sys/kernel/debug " /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug

kmemleak=/sys/kernel/debug/kmemleak
if [ "$mode" = --debug ]; then
	# Fault points are not compared with the C twin: the stack depot of
	# KASAN and kmemleak allocates when it first sees a stack, which makes
	# the numbering of fault points depend on history.
	export RSC_FUZZ_N=4000 RSC_STRESS_SECONDS=5 RSC_FAIL_NTH_NO_TWIN=1
	# Register garbage: 100 rounds of every entry point, not 500 (within
	# the harness's 30 s from 32-bit callers of module slots).
	export RSC_GARBAGE_ROUNDS=100
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

# The plan: ABI/binary per line, in order (mk/expect.py plan KERNEL).
plan=${RSC_PLAN:-$seldir/../plan}
[ -f "$plan" ] || echo "# rsc-check plan fail no plan at $plan"
for item in $(grep -v @ "$plan" 2>/dev/null); do
	run "$item" "$seldir/$item"
done
# The same binaries again with their openat2 calls sent to C's openat2
# (openat2_c): the tree's openat2 selftests, unchanged, on both.
for item in $(grep @c "$plan" 2>/dev/null); do
	bin=${item%@c}
	LD_PRELOAD=$seldir/${bin%%/*}/openat2_redirect.so run "$item" "$seldir/$bin"
done

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

# The samples built as modules (CONFIG_RUST_SYSCALL_MODULES): the same tests,
# at the numbers the modules registered (RSC_SYSCALLS_FROM=module). Their
# error-injection test names built-in entry points: not here.
if grep -q @module "$plan" 2>/dev/null; then
	samples="foo adder silly_copy magic_knock xyzzy"
	loaded=0
	for s in $samples; do
		insmod "$RSC_MODULES/rust_syscall_$s.ko" && loaded=$((loaded + 1))
	done
	check modules:load test "$loaded" = 5 -a "$(cat /sys/kernel/rust_syscalls/free_slots)" = 3
	for item in $(grep @module "$plan"); do
		bin=$seldir/${item%@module}
		case "$item" in
		*/samples_test@module)
			RSC_SYSCALLS_FROM=module run "$item" "$bin" -T error_injection_into_rust_and_c_stubs ;;
		*/hardening_test@module)
			RSC_SYSCALLS_FROM=module run "$item" "$bin" -t register_garbage ;;
		*)
			echo "# rsc-check plan fail no way to run $item" ;;
		esac
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
