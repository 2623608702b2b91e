#!/usr/bin/env bash
# Host test: the C wiring follows the Rust definition, and the build check
# catches a C prototype that disagrees with it.
set -euo pipefail
: "${SRC:?}" "${REPO:?}" "${CACHE:?}"
exec python3 "$REPO/mk/tests/test_syscalls.py" "$SRC" "$REPO" "$CACHE"
