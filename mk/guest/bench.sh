#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest for `make bench`: readfile_speed on tmpfs files,
# writing its JSON to OUTDIR/bench.json.
out=$1
bindir=$2
mkdir -p /tmp/rsc
mount -t tmpfs tmpfs /tmp/rsc || exit 1
"$bindir/readfile_speed" -n "${RSC_BENCH_ITERS:-2000}" -d /tmp/rsc >"$out/bench.json" || exit 1
cat "$out/bench.json"
