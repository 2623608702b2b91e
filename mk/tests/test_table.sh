#!/usr/bin/env bash
# Host test: syscalls.tbl, the one place a test-only syscall is declared,
# is checked with messages that name both entries of a clash.
set -euo pipefail
: "${SRC:?}" "${REPO:?}"
exec python3 "$REPO/mk/tests/test_table.py" "$REPO" "$SRC"
