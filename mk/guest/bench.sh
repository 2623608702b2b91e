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
"$bindir/readfile_speed" -n "${RSC_BENCH_ITERS:-2000}" -d /tmp/rsc -c "$(nr NR_READFILE_C)" \
	-s "$(nr NR_ADDER),$(nr NR_ADDER_C)" >"$out/bench.json" || exit 1
cat "$out/bench.json"
