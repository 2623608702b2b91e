#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest for `make bench`: readfile_speed on tmpfs files,
# writing its JSON to OUTDIR/bench.json.
out=$1
bindir=$2
mkdir -p /tmp/rsc
mount -t tmpfs tmpfs /tmp/rsc || exit 1
# The C twin of readfile and the adder pair, at their test-only numbers.
nums=$(dirname "$0")/../../tools/testing/selftests/rust_syscalls/test_numbers.h
nr() { sed -n "s/^#define $1[[:space:]].*\b\([0-9]\{4\}\)\b.*/\1/p" "$nums" | head -n1; }
# The adder sample built as a module (CONFIG_RUST_SYSCALL_MODULES): the cost
# of calling through a slot against the same syscall built in.
third=
if [ -n "${RSC_MODULES:-}" ] && [ -d /sys/kernel/rust_syscalls ]; then
	insmod "$RSC_MODULES/rust_syscall_adder.ko" || exit 1
	third=,$(cat /sys/kernel/rust_syscalls/adder/nr)
fi
"$bindir/readfile_speed" -n "${RSC_BENCH_ITERS:-2000}" -d /tmp/rsc -c "$(nr NR_READFILE_C)" \
	-s "$(nr NR_ADDER),$(nr NR_ADDER_C)$third" >"$out/bench.json" || exit 1
cat "$out/bench.json"
