#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The C side of Rust syscalls, generated from their Rust definitions.

A syscall is declared once, by `syscall_define!` (and `compat_syscall_define!`)
in its Rust file.  From that definition this module

  * parses the name, the argument names and the Rust argument types;
  * maps each Rust type to the C type the `SyscallArg::C_TYPE` constant of the
    kernel crate gives it (the same table, kept in step by the check below);
  * renders the prototype for include/linux/syscalls.h (compat ones for
    include/linux/compat.h), with `__user` on user pointers.

The compiled objects carry, for every entry point, a signature record that
the Rust compiler wrote from the real types (section `.discard.rust_syscall`,
see rust/kernel/syscall/meta.rs).  `check` compares each record with the
prototype in the tree: a Rust signature and a C prototype that disagree in
types, names, count or order fail the build.

Usage: syscalls.py check BUILD_DIR TREE [MIN_RECORDS]
       syscalls.py show FILE.rs
"""

import os
import re
import struct
import sys

# Rust type -> C type, as the `SyscallArg` impls of rust/kernel/syscall/arg.rs
# spell them.
VALUE_TYPES = {
    "i8": "signed char", "u8": "unsigned char", "i16": "short", "u16": "unsigned short",
    "i32": "int", "u32": "unsigned int", "isize": "long", "usize": "size_t",
    "i64": "long long", "u64": "u64",
}

# Pointee -> C pointer type, as the `UserPointee` impls of
# rust/kernel/syscall/user.rs spell them; a file adds its own structs.
POINTEES = {
    "u8": "char *", "i8": "signed char *", "u16": "u16 *", "i16": "s16 *",
    "u32": "u32 *", "i32": "int *", "u64": "u64 *", "i64": "s64 *",
    "usize": "size_t *", "isize": "long *", "()": "void *",
}

SECTION = b".discard.rust_syscall"


class SyscallError(Exception):
    pass


class Syscall:
    """One entry point: `entry` is `sys_NAME` or `compat_sys_NAME`."""

    def __init__(self, entry, args):
        self.entry = entry
        self.args = args  # [(C type without __user, is_user_pointer, name)]

    @property
    def compat(self):
        return self.entry.startswith("compat_")

    def c_args(self):
        out = []
        for ctype, user, name in self.args:
            if user:
                star = ctype.index("*")
                ctype = ctype[:star].rstrip() + " __user " + ctype[star:]
            sep = "" if ctype.endswith("*") else " "
            out.append(f"{ctype}{sep}{name}")
        return out or ["void"]

    def prototype(self, width=80):
        """The declaration, wrapped like the kernel's: continuation lines aligned
        with the open parenthesis (tabs, then spaces)."""
        head = f"asmlinkage long {self.entry}("
        indent = "\t" * (len(head) // 8) + " " * (len(head) % 8)
        lines, cur = [], head
        args = self.c_args()
        for i, a in enumerate(args):
            piece = a + (");" if i == len(args) - 1 else ",")
            if cur not in (head, indent) and len(cur.expandtabs(8)) + 1 + len(piece) > width:
                lines.append(cur.rstrip())
                cur = indent
            cur += ("" if cur in (head, indent) else " ") + piece
        lines.append(cur)
        return "\n".join(lines) + "\n"

    def key(self):
        return (self.entry, tuple(self.args))

    def __repr__(self):
        return f"{self.entry}({', '.join(self.c_args())})"


def _strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def _split_args(s):
    """Split `a: T, b: U<V, W>` at the top-level commas."""
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return [a.strip() for a in out if a.strip()]


def c_type(rust, pointees, where):
    """(C type without __user, is_user_pointer) of a Rust argument type."""
    t = re.sub(r"\s+", "", rust)
    t = re.sub(r"^(kernel::)?(syscall::)?(compat::)?", "", t)
    if t in VALUE_TYPES:
        return VALUE_TYPES[t], False
    if t == "UserCStr":
        return "const char *", True
    if re.fullmatch(r"CompatPtr(?:<.+>)?", t):
        return "compat_uptr_t", False
    m = re.fullmatch(r"TypedUserPtr(?:<(.+)>)?", t)
    if m:
        pointee = m.group(1) or "u8"
        pointee = pointee.rsplit("::", 1)[-1]
        if pointee in pointees:
            return pointees[pointee], True
        raise SyscallError(f"{where}: no C name for the pointee {pointee}: "
                           f"implement UserPointee for it")
    raise SyscallError(f"{where}: Rust type {rust} has no C type for a syscall prototype")


def parse(path):
    """The syscalls `syscall_define!`/`compat_syscall_define!` define in a Rust file."""
    with open(path) as f:
        text = _strip_comments(f.read())
    pointees = dict(POINTEES)
    for m in re.finditer(r"impl\s+(?:[\w:]*::)?UserPointee\s+for\s+(\w+)\s*\{[^}]*?c\"([^\"]+)\"",
                         text):
        pointees[m.group(1)] = m.group(2)
    out = []
    for m in re.finditer(r"\b(compat_)?syscall_define!\s*\{\s*(?:#\[[^\]]*\]\s*)*"
                         r"(?:pub(?:\([^)]*\))?\s+)?fn\s+(\w+)\s*\(", text):
        start = m.end()
        depth, i = 1, start
        while depth:
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
            i += 1
        entry = ("compat_sys_" if m.group(1) else "sys_") + m.group(2)
        args = []
        for a in _split_args(text[start:i - 1]):
            name, _, ty = a.partition(":")
            where = f"{path}: {entry}, argument {name.strip()}"
            ctype, user = c_type(ty.strip(), pointees, where)
            args.append((ctype, user, name.strip()))
        if len(args) > 6:
            raise SyscallError(f"{path}: {entry} has {len(args)} arguments, at most 6")
        out.append(Syscall(entry, args))
    return out


def find(path, name):
    """The native and compat entries of syscall `name` in `path` (compat may be None)."""
    found = {s.entry: s for s in parse(path)}
    native = found.get(f"sys_{name}")
    if not native:
        have = ", ".join(e[4:] for e in found if e.startswith("sys_")) or "none"
        raise SyscallError(f"{path} has no syscall_define! of {name} (it defines: {have})")
    return native, found.get(f"compat_sys_{name}")


def names(path):
    """The names of the syscalls `syscall_define!` defines in a Rust file."""
    return [s.entry[4:] for s in parse(path) if not s.compat]


# The check: signature records of compiled objects against the tree's prototypes.

def elf_sections(path, wanted):
    """Contents of every section called `wanted` in an ELF64 little-endian file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    if not shoff:
        return []

    def hdr(i):
        return struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)

    stroff = hdr(shstrndx)[4]
    out = []
    for i in range(shnum):
        name, _, _, _, off, size = hdr(i)[:6]
        end = data.index(b"\0", stroff + name)
        if data[stroff + name:end] == wanted:
            out.append(data[off:off + size])
    return out


def parse_record(line, where):
    f = line.split(";")
    if (len(f) - 1) % 3:
        raise SyscallError(f"{where}: malformed signature record {line!r}")
    args = []
    for i in range(1, len(f), 3):
        if f[i] not in ("U", "V"):
            raise SyscallError(f"{where}: malformed signature record {line!r}")
        args.append((f[i + 1], f[i] == "U", f[i + 2]))
    return Syscall(f[0], args)


def linked_objects(build):
    """The objects the last link of vmlinux used, from the thin archive vmlinux.a.

    Objects of earlier builds (another configuration, a shorter series
    prefix) stay in the build directory and must not count.
    """
    archive = os.path.join(build, "vmlinux.a")
    if not os.path.exists(archive):
        raise SyscallError(f"{archive} does not exist: is the build complete?")
    with open(archive, "rb") as f:
        data = f.read()
    if not data.startswith(b"!<thin>\n"):
        raise SyscallError(f"{archive} is not a thin archive")
    names, longnames, off = [], b"", 8
    while off + 60 <= len(data):
        hdr = data[off:off + 60]
        name = hdr[:16].decode().rstrip()
        size = int(hdr[48:58].decode().strip() or 0)
        off += 60
        if name == "//":
            longnames = data[off:off + size]
            off += size + (size & 1)
            continue
        if name in ("/", "/SYM64/"):
            off += size + (size & 1)
            continue
        if name.startswith("/") and name[1:].isdigit():
            start = int(name[1:])
            end = longnames.index(b"/\n", start)
            name = longnames[start:end].decode()
        else:
            name = name.rstrip("/")
        names.append(name)
        # Members of a thin archive have no data in it.
    return names


def records(build):
    """Signature records of the Rust objects linked into vmlinux (doctests excluded)."""
    out = []
    for rel in linked_objects(build):
        if os.path.basename(rel).startswith("doctests_"):
            continue
        path = os.path.join(build, rel)
        for sec in elf_sections(path, SECTION):
            for line in sec.decode().splitlines():
                out.append((parse_record(line, path), rel))
    return out


def normalize(s):
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"\s*([(),*])\s*", r"\1", s)


def prototypes(tree):
    """entry -> normalized prototype, from include/linux/syscalls.h and compat.h."""
    out = {}
    for rel in ("include/linux/syscalls.h", "include/linux/compat.h"):
        with open(os.path.join(tree, rel)) as f:
            text = _strip_comments(f.read())
        for m in re.finditer(r"asmlinkage\s+long\s+((?:compat_)?sys_\w+)\s*\(([^;]*?)\)\s*;", text):
            args = re.sub(r"\s+", " ", m.group(2)).strip()
            c = f"{m.group(1)}({args})"
            out.setdefault(m.group(1), (normalize(c), rel, c))
    return out


def check(build, tree):
    """Errors for every Rust entry point whose C prototype is missing or differs."""
    return check_records(records(build), tree)


def check_records(recs, tree):
    """check() for [(Syscall, object name)]: (number of records, errors)."""
    protos = prototypes(tree)
    errors, seen = [], 0
    for sc, obj in recs:
        seen += 1
        # Named by its Rust source in the tree (which the build's message
        # filter turns into the repository's file), or by the object.
        src = os.path.join(os.path.realpath(tree), obj[:-2] + ".rs") if obj.endswith(".o") else None
        if src and os.path.exists(src):
            obj = src
        rust = f"{sc.entry}({', '.join(sc.c_args())})"
        have = protos.get(sc.entry)
        if not have:
            errors.append(f"{obj}: {sc.entry} has no prototype in include/linux/syscalls.h "
                          f"or compat.h; the Rust definition says:\n  {rust}")
        elif have[0] != normalize(rust):
            errors.append(f"{obj}: the prototype of {sc.entry} in {have[1]} disagrees with "
                          f"its Rust definition:\n  C:    {have[2]}\n  Rust: {rust}")
    return seen, errors


def main(argv):
    if len(argv) in (4, 5) and argv[1] == "check":
        want = int(argv[4]) if len(argv) == 5 else 0
        seen, errors = check(argv[2], argv[3])
        for e in errors:
            print(f"syscalls: error: {e}", file=sys.stderr)
        if seen < want:
            print(f"syscalls: error: {seen} signature records found in {argv[2]}, expected "
                  f"at least {want}", file=sys.stderr)
            return 1
        if errors:
            print(f"syscalls: {len(errors)} of {seen} Rust entry points disagree with their "
                  "C prototypes", file=sys.stderr)
            return 1
        print(f"syscalls: {seen} Rust entry points agree with their C prototypes"
              if seen else "syscalls: no Rust syscall in this build")
        return 0
    if len(argv) == 3 and argv[1] == "show":
        for sc in parse(argv[2]):
            sys.stdout.write(sc.prototype())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except SyscallError as e:
        print(f"syscalls: error: {e}", file=sys.stderr)
        sys.exit(1)
