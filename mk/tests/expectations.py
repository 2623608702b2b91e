# SPDX-License-Identifier: GPL-2.0
"""The one assertion helper of the host tests that are plain scripts."""

import sys

failures = 0


def expect(cond, what):
    """Print `what` as passed or failed, and count a failure."""
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures += 1


def done():
    """Exit with the verdict: 1 if any expectation failed."""
    print(f"{failures} failure(s)")
    sys.exit(1 if failures else 0)
