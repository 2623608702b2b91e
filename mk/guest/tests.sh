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
#   # rsc-kmemleak-begin ... # rsc-kmemleak-end
#   # rsc-dmesg-begin ... # rsc-dmesg-end
#   # rsc-end-of-run
#
# usage: [RSC_MODULES=DIR] tests.sh OUTDIR SELFTEST_DIR [--debug|--expect-off|--modules-only]
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
	# The debug kernel has CONFIG_RUST_DEBUG_ASSERTIONS (mk/config/debug.config).
	export RSC_RUST_DEBUG_ASSERTIONS=1
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
if [ -n "${RSC_MODULES:-}" ] && [ -d /sys/kernel/rust_syscalls ]; then
	samples="foo adder silly_copy magic_knock xyzzy"
	for s in $samples; do
		insmod "$RSC_MODULES/rust_syscall_$s.ko" || echo "# insmod rust_syscall_$s.ko failed"
	done
	for abidir in "$seldir"/m64 "$seldir"/m32 "$seldir"/mx32; do
		abi=$(basename "$abidir")
		RSC_SYSCALLS_FROM=module run "$abi/samples_test@module" "$abidir/samples_test" \
			-T error_injection_into_rust_and_c_stubs
		RSC_SYSCALLS_FROM=module run "$abi/hardening_test@module" "$abidir/hardening_test" \
			-t register_garbage
	done
	for s in $samples; do
		rmmod "rust_syscall_$s" || echo "# rmmod rust_syscall_$s failed"
	done
fi

if [ "$mode" = --debug ]; then
	echo "# rsc-kmemleak-begin"
	if [ -e $kmemleak ]; then
		# Objects younger than 5 s are never reported; two scans settle it.
		sleep 6
		echo scan >$kmemleak
		sleep 1
		echo scan >$kmemleak
		cat $kmemleak
		echo "# rsc-kmemleak-scanned"
	fi
	echo "# rsc-kmemleak-end"
fi

# The whole kernel log since boot: the host checks that it starts with the
# boot banner (the ring buffer did not wrap) and ends with this marker.
echo "rsc: end of tests" >/dev/kmsg
echo "# rsc-dmesg-begin"
dmesg
echo "# rsc-dmesg-end"
echo "# rsc-end-of-run"
