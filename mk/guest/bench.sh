#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest for `make bench`: readfile_speed on tmpfs files,
# writing its JSON to OUTDIR/bench.json.
out=$1
bindir=$2
mkdir -p /tmp/rsc
mount -t tmpfs tmpfs /tmp/rsc || exit 1
# The adder sample built as a module (CONFIG_RUST_SYSCALL_MODULES): the cost
# of calling through a slot against the same syscall built in.
third=
if [ -n "${RSC_MODULES:-}" ] && [ -d /sys/kernel/rust_syscalls ]; then
	insmod "$RSC_MODULES/rust_syscall_adder.ko" || exit 1
	third="-3 $(cat /sys/kernel/rust_syscalls/adder/nr)"
fi
# -t: the C twin of readfile and the adder pair, at their test-only numbers.
# shellcheck disable=SC2086
"$bindir/readfile_speed" -n "${RSC_BENCH_ITERS:-2000}" -d /tmp/rsc -t $third \
	>"$out/bench.json" || exit 1
cat "$out/bench.json"
