#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest for `make`: shows the Rust syscalls answering.
out=$1
bindir=$2
echo "== $(uname -sr) on $(uname -m)"
if [ -x "$bindir/readfile_demo" ]; then
	"$bindir/readfile_demo" /proc/version || exit 1
fi
"$bindir/samples_demo" || exit 1
echo "== demo done"
