#!/usr/bin/env bash
# Host test: the harness fails every fabricated run that went wrong (a
# missing binary, an ENOSYS skip, a hung guest, a truncated log, a KUnit
# suite failure, a skip after a failed check, ...), and passes a clean one.
set -euo pipefail
: "${REPO:?}"
exec python3 "$REPO/mk/tests/test_judge.py" -v
