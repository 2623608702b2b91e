#!/usr/bin/env bash
# Host test: applying the project is idempotent and incremental, and bad
# trees get a clear error. Uses a scratch work tree of the real source tree.
set -euo pipefail
: "${SRC:?}" "${REPO:?}" "${CACHE:?}"
work=$CACHE/test-apply-work
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

python3 "$REPO/mk/apply.py" --src "$SRC" --work "$work" --test >/dev/null
out=$(python3 "$REPO/mk/apply.py" --src "$SRC" --work "$work" --test -v)
echo "$out" | grep -q "updated" && fail "second apply changed files: $out"

# Every edit is in place, at one computed number on all tables.
nr=$(python3 "$REPO/mk/apply.py" --src "$SRC" --work "$work" --print-nr)
grep -qP "^$nr\tcommon\treadfile" "$work/arch/x86/entry/syscalls/syscall_64.tbl" || fail "64-bit table"
grep -qP "^$nr\ti386\treadfile" "$work/arch/x86/entry/syscalls/syscall_32.tbl" || fail "32-bit table"
grep -q "^#define __NR_readfile $nr" "$work/include/uapi/asm-generic/unistd.h" || fail "unistd.h"
grep -q "^#define __NR_syscalls $((nr + 1))" "$work/include/uapi/asm-generic/unistd.h" || fail "__NR_syscalls"
grep -q "^COND_SYSCALL(readfile);" "$work/kernel/sys_ni.c" || fail "sys_ni.c"
grep -q "^asmlinkage long sys_readfile(" "$work/include/linux/syscalls.h" || fail "syscalls.h"
[ "$(grep -c readfile "$work/arch/x86/entry/syscalls/syscall_64.tbl")" = 2 ] || fail "64-bit table entries"
# Every other architecture's table, at the same number (alpha: 110 higher),
# once, after the entry before it.
python3 - "$REPO" "$SRC" "$work" "$nr" <<'PY' || fail "the other architectures' tables"
import os, sys
repo, src, work, nr = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path.insert(0, os.path.join(repo, "mk"))
import apply
bad = 0
for path, abi, off in apply.ARCH_TABLES:
    if not os.path.exists(os.path.join(src, path)):
        continue
    rows = [l.split() for l in open(os.path.join(work, path)) if l.split() and not l.startswith("#")]
    mine = [r for r in rows if r[2] == "readfile"]
    at = [i for i, r in enumerate(rows) if r[2] == "readfile"]
    # (with the native entry in the compat column where the table has one)
    if mine not in ([[str(nr + off), abi, "readfile", "sys_readfile"]],
                    [[str(nr + off), abi, "readfile", "sys_readfile", "sys_readfile"]]) or \
            int(rows[at[0] - 1][0]) != nr + off - 1:
        print(f"{path}: {mine}")
        bad = 1
sys.exit(bad)
PY
# arm64's native table is a link to the generic one, and stays one.
[ ! -L "$SRC/arch/arm64/tools/syscall_64.tbl" ] || [ -L "$work/arch/arm64/tools/syscall_64.tbl" ] ||
	fail "arch/arm64/tools/syscall_64.tbl is no longer a symbolic link"

# The backport layer goes onto 6.12 only, and its edits are in place.
bp=$(python3 -c "import sys; sys.path.insert(0, '$REPO/mk'); import apply; print(apply.series_parts('$SRC')[0])")
case "$(make -s -C "$SRC" kernelversion)" in
6.12.*)
	[ "$bp" = backport-6.12 ] || fail "6.12 without its backport part (first part: $bp)"
	grep -q '^pub struct UserPtr(\*mut c_void);' "$work/rust/kernel/uaccess.rs" || fail "uaccess.rs: no UserPtr newtype"
	grep -q '^pub type UserPtr' "$work/rust/kernel/uaccess.rs" && fail "uaccess.rs: the 6.12 alias stayed"
	;;
*) [ "$bp" != backport-6.12 ] || fail "the 6.12 backport on $(make -s -C "$SRC" kernelversion)" ;;
esac
# A replace edit whose line is not there is an error, not a silent no-op.
python3 -c "
import sys; sys.path.insert(0, '$REPO/mk'); import apply
try:
    apply.replace_lines('a\nb\n', r'^c\$', 'x', path='t')
except apply.ApplyError as e:
    sys.exit(0 if 'not found' in str(e) else 1)
sys.exit(1)" || fail "replace_lines accepted a missing anchor"

# Compiler messages name the repository's file, not the work tree's copy;
# kernel files stay as they are.
mods=$CACHE/test-apply-mods
mapped=$(printf '%s\n' " --> $work/fs/readfile.rs:58:39" "$work/kernel/sys_ni.c:1: x" \
	"../../$(basename "$work")/rust_syscalls/twins/adder_c.c:9:2: error: x" \
	"  --> rust_syscall_adder.rs:20:1" "$mods/rust_syscall_foo.rs:3:1" \
	"   ::: rust_syscall_foo.rs:9:5" "$mods/rust_syscall_adder_dup.rs:2:1" $'bad \xff byte' |
	python3 "$REPO/mk/apply.py" --src "$SRC" --work "$work" --map-paths "$mods")
[ "$mapped" = "$(printf '%s\n' " --> $REPO/fs/readfile.rs:58:39" "$work/kernel/sys_ni.c:1: x" \
	"$REPO/twins/adder_c.c:9:2: error: x" \
	"  --> $REPO/samples/rust/rust_syscall_adder.rs:20:1" "$REPO/samples/rust/rust_syscall_foo.rs:3:1" \
	"   ::: $REPO/samples/rust/rust_syscall_foo.rs:9:5" \
	"$REPO/samples/rust/rust_syscall_adder.rs:2:1" $'bad \xff byte')" ] ||
	fail "--map-paths: $mapped"

# The pristine tree is never written.
cmp -s "$SRC/kernel/sys_ni.c" "$work/kernel/sys_ni.c" && fail "work tree equals pristine"
grep -q readfile "$SRC/kernel/sys_ni.c" && fail "pristine tree was modified"

# Changing nothing touches nothing; a project file that disappears is restored.
touch -d '2000-01-01' "$work/kernel/sys_ni.c"
python3 "$REPO/mk/apply.py" --src "$SRC" --work "$work" --test >/dev/null
[ "$(stat -c %Y "$work/kernel/sys_ni.c")" = "$(date -d 2000-01-01 +%s)" ] || fail "unchanged file rewritten"

# Without --test, no test-only slot and no rust_syscalls/ directory.
python3 "$REPO/mk/apply.py" --src "$SRC" --work "$work" >/dev/null
grep -q "^1001" "$work/arch/x86/entry/syscalls/syscall_64.tbl" && fail "test slots without --test"
[ -e "$work/rust_syscalls/Kbuild" ] && fail "rust_syscalls/ left behind without --test"

# A tree where the next number is taken moves readfile up.
alt=$CACHE/test-apply-alt
trap 'rm -rf "$work" "$alt"' EXIT
mkdir -p "$alt/arch/x86/entry/syscalls" "$alt/include/uapi/asm-generic" "$alt/scripts" "$alt/rust/kernel"
cp "$SRC/Makefile" "$SRC/Kbuild" "$alt/"
cp "$SRC/include/uapi/asm-generic/unistd.h" "$alt/include/uapi/asm-generic/"
cp "$SRC/scripts/syscall.tbl" "$alt/scripts/"
touch "$alt/rust/kernel/lib.rs"
for t in 64 32; do cp "$SRC/arch/x86/entry/syscalls/syscall_$t.tbl" "$alt/arch/x86/entry/syscalls/"; done
printf '%s\tcommon\tnewcall\t\t\tsys_newcall\n' "$nr" >>"$alt/arch/x86/entry/syscalls/syscall_64.tbl"
[ "$(python3 "$REPO/mk/apply.py" --src "$alt" --work "$work" --print-nr)" = $((nr + 1)) ] || fail "next number not recomputed"

# Bad trees: clear messages, non-zero exit.
msg=$(python3 "$REPO/mk/apply.py" --src /nonexistent --work "$work" 2>&1) && fail "accepted a missing tree"
echo "$msg" | grep -q "not a Linux source tree" || fail "unclear message: $msg"
rm "$alt/rust/kernel/lib.rs"
msg=$(python3 "$REPO/mk/apply.py" --src "$alt" --work "$work" 2>&1) && fail "accepted a tree without Rust"
echo "$msg" | grep -q "no Rust support" || fail "unclear message: $msg"
echo "ok"
