#!/usr/bin/env bash
# Host test: the benchmark report fails on a short read, a missing figure or
# a missed goal.
set -euo pipefail
: "${REPO:?}"
exec python3 "$REPO/mk/tests/test_bench_report.py"
