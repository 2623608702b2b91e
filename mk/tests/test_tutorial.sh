#!/usr/bin/env bash
# Host test: the tutorial follower (mk/tutorial.py) against tutorials and
# guest sessions that went wrong.
set -euo pipefail
: "${REPO:?}"
exec python3 "$REPO/mk/tests/test_tutorial.py" "$REPO"
