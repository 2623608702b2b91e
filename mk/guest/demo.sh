#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest for `make`: shows the Rust syscalls answering.
out=$1
bindir=$2
echo "== $(uname -sr) on $(uname -m)"
echo "== readfile(AT_FDCWD, \"/proc/version\", buf, 4096, 0): the man page example"
"$bindir/readfile_demo" || exit 1
"$bindir/samples_demo" || exit 1
if [ -d /sys/kernel/rust_syscalls ] && [ -n "${RSC_MODULES:-}" ]; then
	echo "== module syscalls (CONFIG_RUST_SYSCALL_MODULES)"
	"$bindir/samples_demo" --module "$RSC_MODULES" || exit 1
fi
echo "== demo done"
