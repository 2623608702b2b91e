#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest for `make`: shows the Rust syscalls answering.
out=$1
bindir=$2
echo "== $(uname -sr) on $(uname -m)"
echo "== readfile(AT_FDCWD, \"/proc/version\", buf, 4096, 0): the man page example"
"$bindir/readfile_demo" || exit 1
"$bindir/samples_demo" || exit 1
echo "== demo done"
