#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Lay the project onto a copy of a Linux tree, idempotently.

The pristine tree (--src) is never written.  The work tree (--work) is a copy
of it that receives:

  * the project's kernel-side files, at the path they have in the kernel tree;
  * a small set of edits to existing kernel files (Kconfig/Makefile lines,
    syscall tables, prototypes), always computed from the pristine file, so
    that applying twice gives the same bytes;
  * with --test, the test-only parts (C twins, sample syscall numbers) in
    rust_syscalls/ and at test-only table slots.

Only files whose content changes are written, so Kbuild rebuilds only what
changed.  A file the project stops providing is restored from the pristine
tree.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import syscalls  # noqa: E402

# Directories of the repository whose files go to the same path in the tree.
KERNEL_DIRS = ("rust", "samples", "fs", "kernel", "include", "arch", "Documentation",
               "tools/testing/selftests")

# Test-only files: repository path -> tree path.
TEST_FILES = {"Kbuild": "rust_syscalls/Kbuild", "Kconfig": "rust_syscalls/Kconfig"}
TEST_DIRS = {"twins": "rust_syscalls/twins", "modules": "rust_syscalls/modules"}

# Test-only syscalls (samples, C twins, module slots): declared in the
# repository's syscalls.tbl, at TEST_BASE + offset, far above any number
# upstream will reach.
TEST_TABLE = "syscalls.tbl"
TEST_BASE = 1000
TEST_MAX_OFFSET = 999
SAMPLES = "samples/rust/"
SAMPLE_FILE = re.compile(r"^samples/rust/rust_syscall_(\w+)\.rs$")


class TestSyscall:
    """One line of syscalls.tbl, with what its file says about it."""

    def __init__(self, off, name, rel, lineno, compat_col):
        self.off, self.name, self.rel, self.lineno = off, name, rel, lineno
        self.compat_col = compat_col
        self.native = None      # mk/syscalls.py Syscall of a Rust file
        self.compat = None      # its compat entry, or None
        self.has_compat = compat_col

    @property
    def where(self):
        return f"{TEST_TABLE}:{self.lineno}"

    @property
    def nr(self):
        return TEST_BASE + self.off

    @property
    def rust(self):
        return self.rel.endswith(".rs")

    @property
    def option(self):
        """The Kconfig option of a sample, or None."""
        m = SAMPLE_FILE.match(self.rel)
        return f"SAMPLE_RUST_SYSCALL_{m.group(1).upper()}" if m else None

    def numbers(self):
        """[(number, what)] this syscall takes."""
        out = [(self.nr, f"{self.name} ({self.nr})")]
        if self.has_compat:
            out.append((self.nr + 1, f"the x32 entry of {self.name} ({self.nr + 1}: "
                        f"{self.name} has a compat entry point, so it also takes offset "
                        f"{self.off} + 1)"))
        return out


def parse_test_table(text):
    """The lines of syscalls.tbl as TestSyscalls, without looking at the files."""
    out = []
    for lineno, line in enumerate(text.split("\n"), 1):
        f = line.split("#", 1)[0].split()
        if not f:
            continue
        where = f"{TEST_TABLE}:{lineno}"
        if len(f) not in (3, 4) or (len(f) == 4 and f[3] != "compat"):
            raise ApplyError(f"{where}: expected '<offset> <name> <file> [compat]', got: "
                             f"{line.strip()}")
        if not re.fullmatch(r"[0-9]+", f[0]) or int(f[0]) > TEST_MAX_OFFSET:
            raise ApplyError(f"{where}: offset {f[0]!r} is not a number from 0 to "
                             f"{TEST_MAX_OFFSET}")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", f[1]):
            raise ApplyError(f"{where}: {f[1]!r} is not a syscall name (lower case, digits "
                             "and _)")
        out.append(TestSyscall(int(f[0]), f[1], f[2], lineno, len(f) == 4))
    return out


def free_offset(entries, width, start=0):
    """The first offset from `start` with `width` free numbers."""
    taken = {n - TEST_BASE for e in entries for n, _ in e.numbers()}
    off = start
    while any(off + k in taken for k in range(width)):
        off += 1
    return off


def check_names(entries, kernel_names=()):
    """Names taken twice, or taken by the kernel."""
    names = {}
    for e in entries:
        if e.name in kernel_names:
            raise ApplyError(f"{e.where}: the kernel already has a syscall named {e.name}: "
                             "choose another name")
        if e.name in names:
            raise ApplyError(f"{e.where}: {e.name} is declared twice (also at "
                             f"{names[e.name].where}): keep one line")
        names[e.name] = e


def check_numbers(entries):
    """Refuse a table the kernel would refuse (or worse, accept wrongly):
    a number taken twice, x32 slots included, or two syscalls sharing a
    sample's option; naming both entries of a clash and what to change."""
    owner = {}
    for e in entries:
        for n, what in e.numbers():
            if n in owner and owner[n][0] is not e:
                o, owhat = owner[n]
                others = [x for x in entries if x is not e]
                hint = free_offset(others, 2 if e.has_compat else 1)
                raise ApplyError(
                    f"{e.where}: {what} collides with {owhat}, declared at {o.where}: "
                    f"move {e.name} to a free offset, e.g. {hint}")
            owner[n] = (e, what)
    options = {}
    for e in entries:
        if e.option:
            if e.option in options:
                raise ApplyError(f"{e.where}: {e.rel} is already declared for "
                                 f"{options[e.option].name} at {options[e.option].where}: "
                                 "one sample syscall per file")
            options[e.option] = e


SLOT = re.compile(r"^rsc_slot(\d+)$")
SLOT_FILE = "modules/slots.c"


def is_slot(e):
    """Whether the table entry `e` is a module slot of the slot core."""
    return bool(SLOT.match(e.name)) and e.rel == SLOT_FILE


def check_c_definition(repo, e):
    """A C file must define the syscall it is declared for (SYSCALL_DEFINEn,
    or the slots' RSC_SLOT_STUBS), and its compat entry when it says so."""
    text = read(os.path.join(repo, e.rel)).decode(errors="replace")
    if is_slot(e):
        native, compat = "_sys_rsc_slot##", "_compat_sys_rsc_slot##"
        ok = native in text and (not e.compat_col or compat in text)
    else:
        ok = re.search(rf"\bSYSCALL_DEFINE\d\({e.name}\b", text) and (
            not e.compat_col or re.search(rf"\bCOMPAT_SYSCALL_DEFINE\d\({e.name}\b", text))
    if not ok:
        what = "COMPAT_SYSCALL_DEFINEn" if e.compat_col else "SYSCALL_DEFINEn"
        raise ApplyError(f"{e.where}: {e.rel} has no {what}({e.name}, ...)")


def c_syscalls(repo, e):
    """The entry points of a C test syscall as syscalls.Syscall objects (native,
    compat or None), from its SYSCALL_DEFINEn() and COMPAT_SYSCALL_DEFINEn(),
    or for a module slot, which takes what the module registered, `(void)`.
    Architectures without a syscall wrapper name `sys_NAME` in their tables,
    which need these prototypes."""
    if is_slot(e):
        return (syscalls.Syscall(f"sys_{e.name}", []),
                syscalls.Syscall(f"compat_sys_{e.name}", []) if e.compat_col else None)
    text = syscalls._strip_comments(read(os.path.join(repo, e.rel)).decode(errors="replace"))
    out = []
    for prefix, entry in (("", "sys_"), ("COMPAT_", "compat_sys_")):
        if prefix and not e.compat_col:
            out.append(None)
            continue
        m = re.search(rf"\b{prefix}SYSCALL_DEFINE(\d)\(\s*{e.name}\s*((?:,[^)]*)?)\)", text)
        if not m:
            raise ApplyError(f"{e.rel}: no {prefix}SYSCALL_DEFINEn({e.name}, ...) that "
                             "the prototype can be read from (one line per argument "
                             "list, no parentheses inside it)")
        parts = [re.sub(r"\s+", " ", x).strip() for x in m.group(2).split(",")[1:]]
        if len(parts) != 2 * int(m.group(1)) or not all(
                t and re.fullmatch(r"\w+", n) for t, n in zip(parts[::2], parts[1::2])):
            raise ApplyError(f"{e.rel}: {prefix}SYSCALL_DEFINE{m.group(1)}({e.name}, ...): "
                             "not a type and a name per argument")
        args = []
        for ctype, name in zip(parts[::2], parts[1::2]):
            user = "__user" in ctype
            args.append((re.sub(r"\s*__user\b", "", ctype), user, name))
        out.append(syscalls.Syscall(entry + e.name, args))
    return tuple(out)


def check_slots(entries):
    """The module slots: rsc_slot0, 1, ... in modules/slots.c, each with its
    x32 number, as the slot core numbers them."""
    slots = [e for e in entries if e.name.startswith("rsc_slot")]
    for e in slots:
        if not SLOT.match(e.name) or e.rel != SLOT_FILE or not e.compat_col:
            raise ApplyError(f"{e.where}: a module slot is 'N rsc_slotK {SLOT_FILE} compat'")
    ks = sorted(int(SLOT.match(e.name).group(1)) for e in slots)
    if ks != list(range(len(ks))):
        raise ApplyError(f"{TEST_TABLE}: the module slots are rsc_slot0 to "
                         f"rsc_slot{len(ks) - 1}, each once (have {ks})")


def declared_files(repo):
    """The files syscalls.tbl of `repo` names, relative to `repo`."""
    return sorted({e.rel for e in parse_test_table(read(os.path.join(repo, TEST_TABLE)).decode())})


def load_test_syscalls(repo, kernel_names=()):
    """syscalls.tbl, checked against itself, the kernel's names and the files."""
    path = os.path.join(repo, TEST_TABLE)
    try:
        entries = parse_test_table(read(path).decode())
    except FileNotFoundError as e:
        raise ApplyError(f"{path}: missing") from e
    check_names(entries, kernel_names)
    check_slots(entries)
    for e in entries:
        if not os.path.isfile(os.path.join(repo, e.rel)):
            raise ApplyError(f"{e.where}: {e.rel}: no such file in {repo}")
        if not e.rust:
            check_c_definition(repo, e)
        if e.rust:
            if e.rel.startswith(SAMPLES) and not e.option:
                raise ApplyError(f"{e.where}: a sample file is named "
                                 "samples/rust/rust_syscall_NAME.rs")
            e.native, e.compat = load_syscall(repo, e.rel, e.name)
            if e.compat_col and not e.compat:
                raise ApplyError(f"{e.where}: 'compat', but {e.rel} has no "
                                 f"compat_syscall_define! of {e.name}")
            e.has_compat = e.compat is not None
    # The numbers, once every compat entry is known.
    check_numbers(entries)
    # A sample that is not declared would silently not be built.
    declared = {e.rel for e in entries}
    top = os.path.join(repo, SAMPLES)
    for f in sorted(os.listdir(top)) if os.path.isdir(top) else []:
        rel = SAMPLES + f
        if SAMPLE_FILE.match(rel) and rel not in declared:
            try:
                defined = syscalls.names(os.path.join(repo, rel))
            except (OSError, syscalls.SyscallError) as err:
                raise ApplyError(str(err)) from err
            if defined:
                width = 2 if any(s.compat for s in syscalls.parse(os.path.join(repo, rel))) else 1
                nxt = free_offset(entries, width)
                raise ApplyError(f"{rel} defines {', '.join(defined)} but {TEST_TABLE} does "
                                 f"not declare it: add a line such as "
                                 f"'{nxt}\t{defined[0]}\t{rel}'")
    return entries


# Syscalls that go upstream: (name, Rust file defining it).  Everything else
# (prototype, table lines, compat-ness, COND_SYSCALL) is generated from the
# syscall_define! in that file by mk/syscalls.py.
UPSTREAM_SYSCALLS = [
    ("readfile", "fs/readfile.rs"),
]


class ApplyError(Exception):
    pass


def die(msg):
    print(f"apply: error: {msg}", file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def tbl_numbers(text, abis):
    nums = []
    for line in text.splitlines():
        f = line.split()
        if not f or f[0].startswith("#"):
            continue
        if f[1] in abis:
            nums.append(int(f[0]))
    return nums


def tbl_all_numbers(text):
    return [int(f[0]) for f in (line.split() for line in text.splitlines())
            if f and not f[0].startswith("#")]


def tbl_names(text):
    names = set()
    for line in text.splitlines():
        f = line.split()
        if f and not f[0].startswith("#"):
            names.add(f[2])
    return names


# The syscall tables of the other architectures, which number new syscalls
# alike (alpha 110 higher): (path, ABI of a new entry, offset). x86's and the
# generic scripts/syscall.tbl are edited on their own (arm64's native table,
# arch/arm64/tools/syscall_64.tbl, is a symbolic link to the generic one).
ARCH_TABLES = [
    ("arch/alpha/kernel/syscalls/syscall.tbl", "common", 110),
    ("arch/arm/tools/syscall.tbl", "common", 0),
    ("arch/arm64/tools/syscall_32.tbl", "common", 0),
    ("arch/m68k/kernel/syscalls/syscall.tbl", "common", 0),
    ("arch/microblaze/kernel/syscalls/syscall.tbl", "common", 0),
    ("arch/mips/kernel/syscalls/syscall_n32.tbl", "n32", 0),
    ("arch/mips/kernel/syscalls/syscall_n64.tbl", "n64", 0),
    ("arch/mips/kernel/syscalls/syscall_o32.tbl", "o32", 0),
    ("arch/parisc/kernel/syscalls/syscall.tbl", "common", 0),
    ("arch/powerpc/kernel/syscalls/syscall.tbl", "common", 0),
    ("arch/s390/kernel/syscalls/syscall.tbl", "common", 0),
    ("arch/sh/kernel/syscalls/syscall.tbl", "common", 0),
    ("arch/sparc/kernel/syscalls/syscall.tbl", "common", 0),
    ("arch/xtensa/kernel/syscalls/syscall.tbl", "common", 0),
]


def next_free_number(src):
    """The next number free in every table of the tree (x86_64, i386, generic
    and every other architecture's)."""
    t64 = read(os.path.join(src, "arch/x86/entry/syscalls/syscall_64.tbl")).decode()
    t32 = read(os.path.join(src, "arch/x86/entry/syscalls/syscall_32.tbl")).decode()
    n64 = [n for n in tbl_numbers(t64, ("common", "64")) if n < TEST_BASE]
    n32 = [n for n in tbl_numbers(t32, ("i386",)) if n < TEST_BASE]
    cands = [max(n64), max(n32)]
    gen = os.path.join(src, "scripts/syscall.tbl")
    if os.path.exists(gen):
        cands.append(max(n for n in tbl_numbers(read(gen).decode(), ("common", "64", "32"))
                         if n < TEST_BASE))
    for path, _, off in ARCH_TABLES:
        if os.path.exists(os.path.join(src, path)):
            # Every row, whatever its ABI (powerpc's nospu, arm's oabi, ...).
            cands.append(max(n for n in tbl_all_numbers(read(os.path.join(src, path)).decode())
                             if n < TEST_BASE) - off)
    uni = read(os.path.join(src, "include/uapi/asm-generic/unistd.h")).decode()
    m = re.search(r"#define __NR_syscalls (\d+)", uni)
    if m:
        cands.append(int(m.group(1)) - 1)
    nr = max(cands) + 1
    # The x32 legacy range (512-547) is never reused.
    if 512 <= nr <= 547:
        nr = 548
    return nr


# ---------------------------------------------------------------- edit helpers

def insert_after(text, anchor, new, *, statement=False, after_block=False, path="?"):
    """Insert `new` after the first line matching regex `anchor`.

    With statement=True, skip to the line that ends the C statement (';');
    with after_block=True, to the closing brace of the function (or method)
    the line starts, at its indentation, and a blank line.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.search(anchor, line):
            j = i
            if statement:
                while not lines[j].rstrip().endswith(";"):
                    j += 1
            new_lines = (new[:-1] if new.endswith("\n") else new).split("\n")
            if after_block:
                # The closing brace at the indentation of the anchor line.
                indent = line[:len(line) - len(line.lstrip())]
                while lines[j] != indent + "}":
                    j += 1
                new_lines = [""] + new_lines
            lines[j + 1:j + 1] = new_lines
            return "\n".join(lines)
    raise ApplyError(f"{path}: anchor /{anchor}/ not found")


def insert_before(text, anchor, new, *, path="?"):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.search(anchor, line):
            lines[i:i] = (new[:-1] if new.endswith("\n") else new).split("\n")
            return "\n".join(lines)
    raise ApplyError(f"{path}: anchor /{anchor}/ not found")


def replace_lines(text, anchor, new, *, path="?"):
    """Replace every line matching regex `anchor` with `new` (a backport's edit
    of a line that the newer tree changed)."""
    lines = text.split("\n")
    new_lines = (new[:-1] if new.endswith("\n") else new).split("\n")
    out, hits = [], 0
    for line in lines:
        if re.search(anchor, line):
            out.extend(new_lines)
            hits += 1
        else:
            out.append(line)
    if not hits:
        raise ApplyError(f"{path}: anchor /{anchor}/ not found")
    return "\n".join(out)


def append(text, new):
    # An empty text is a file the tree does not have: `new` is all of it.
    if text and not text.endswith("\n"):
        text += "\n"
    return text + new


def tbl_line(nr, abi, name, entry, compat=None):
    s = f"{nr}\t{abi}\t{name}\t\t\t{entry}"
    if compat:
        s += f"\t{compat}"
    return s


def tbl_insert_after_number(text, last, lines, path):
    """Insert table lines after the entry numbered `last`.

    Each of `lines` is reshaped like that entry: its entry point at the same
    column, and, where that entry has a compat entry point column (s390 on
    6.12), the native entry point there too.
    """
    out = text.split("\n")
    for i, line in enumerate(out):
        f = line.split()
        if f and not f[0].startswith("#") and int(f[0]) == last:
            j = i
            while j + 1 < len(out):
                g = out[j + 1].split()
                if g and not g[0].startswith("#") and int(g[0]) == last:
                    j += 1
                else:
                    break
            out[j + 1:j + 1] = [tbl_like(out[max(j - 9, 0):j + 1], x) for x in lines]
            return "\n".join(out)
    raise ApplyError(f"{path}: no entry numbered {last}")


def tbl_like(rows, line):
    """`line` (number, ABI, name, entry[, compat]) laid out like the table
    rows just before it: its entry point at their column (the widest of
    them: a long name pushes one row's further), a compat column if the
    last has one."""
    f = line.split()
    cols = []
    for r in rows:
        fs = list(re.finditer(r"\S+", r))
        if len(fs) >= 4 and not r.startswith("#"):
            cols.append(len(r[:fs[3].start()].expandtabs(8)))
    col = max(cols) if cols else 40
    fields = rows[-1].split()
    s = "\t".join(f[:3])
    while len(s.expandtabs(8)) < col:
        s += "\t"
    if not s.endswith("\t"):
        s += "\t"
    s += f[3]
    if len(f) > 4:
        s += "\t" + f[4]
    elif len(fields) > 4:
        # A table with a compat column: the native entry point there too.
        s += "\t" + f[3]
    return s


# ---------------------------------------------------------------- the edits

def load_syscall(repo, rel, name):
    """The (native, compat or None) entries of syscall `name`, from its Rust file."""
    try:
        return syscalls.find(os.path.join(repo, rel), name)
    except (OSError, syscalls.SyscallError) as e:
        raise ApplyError(str(e)) from e


def forward_decls(entries, text):
    """`struct foo;` lines for the structs the prototypes name and `text` does not declare."""
    out = []
    for sc in entries:
        for ctype, _, _ in sc.args:
            m = re.match(r"(?:const\s+)?struct\s+(\w+)", ctype)
            if m and not re.search(rf"^struct {m.group(1)}\b", text, re.M) \
                    and f"struct {m.group(1)};" not in out:
                out.append(f"struct {m.group(1)};")
    return "".join(x + "\n" for x in out)


def insert_before_last_endif(text, new, path):
    i = text.rstrip().rfind("\n#endif")
    if i < 0:
        raise ApplyError(f"{path}: no final #endif")
    return text[:i + 1] + new + text[i + 1:]


EDITS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "edits")
EDIT_HEADER = re.compile(r"^(?:/\*|//|#|\.\.)\s*rsc-edit:\s*(append|after|after-block|before|replace)"
                         r"(?:\s+(.*?))?(?:\s*\*/)?\s*$")


def fragment_edits(part, maint, root=EDITS):
    """(part, tree path, function) for every fragment of `part`.

    A fragment is the text to add to one existing kernel file, at the path
    that file has in the tree, under mk/edits/PART/. Its first line says
    where, in the comment syntax of the file (more such lines start more
    edits of the same file):

        /* rsc-edit: after-block ^struct file \*file_open_name\( */
        # rsc-edit: before ^config POSIX_TIMERS

    append: at the end; after/before: after or before the first line that
    matches the regex; after-block: after the function that line starts;
    replace: instead of every line that matches (backports only).
    `@MAINTAINER@` stands for the maintainer's "Name <email>".
    """
    top = os.path.join(root, part)
    for dirpath, dirs, files in sorted(os.walk(top)):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, top)
            with open(path) as fh:
                lines = fh.read().split("\n")
            if not EDIT_HEADER.match(lines[0]):
                raise ApplyError(f"{path}: the first line must be a rsc-edit: header")
            # One edit per header line, up to the next one.
            starts = [i for i, line in enumerate(lines) if EDIT_HEADER.match(line)]
            for k, i in enumerate(starts):
                m = EDIT_HEADER.match(lines[i])
                mode, anchor = m.group(1), m.group(2)
                if mode != "append" and not anchor:
                    raise ApplyError(f"{path}:{i + 1}: {mode} needs an anchor regex")
                end = starts[k + 1] if k + 1 < len(starts) else len(lines)
                body = "\n".join(lines[i + 1:end]).replace("@MAINTAINER@", maint)
                if k + 1 < len(starts):
                    body += "\n"
                yield part, rel, make_edit(mode, anchor, body, f"{path}:{i + 1}")


def make_edit(mode, anchor, body, where):
    if mode == "append":
        return lambda t: append(t, body)
    if mode == "before":
        return lambda t: insert_before(t, anchor, body, path=where)
    if mode == "replace":
        return lambda t: replace_lines(t, anchor, body, path=where)
    return lambda t: insert_after(t, anchor, body, after_block=mode == "after-block",
                                  path=where)


def edits(src, test, maint, repo):
    """Yield (part, tree path, function(text) -> text), in series order per file.

    `maint` is the "Name <email>" for the MAINTAINERS entries; the syscalls'
    C wiring is generated from their Rust definitions under `repo`.
    """
    nr = next_free_number(src)
    t64 = "arch/x86/entry/syscalls/syscall_64.tbl"
    t32 = "arch/x86/entry/syscalls/syscall_32.tbl"
    names = tbl_names(read(os.path.join(src, t64)).decode())
    for name, _ in UPSTREAM_SYSCALLS:
        if name in names:
            raise ApplyError(f"{src} already has a syscall named {name}: "
                             "point KDIR at an unpatched tree")
    # Every name the kernel has, in any table, and the project's own.
    names |= tbl_names(read(os.path.join(src, t32)).decode())
    if os.path.exists(os.path.join(src, "scripts/syscall.tbl")):
        names |= tbl_names(read(os.path.join(src, "scripts/syscall.tbl")).decode())
    names |= {n for n, _ in UPSTREAM_SYSCALLS}

    # (number, name, native entry, compat entry or None)
    upstream = []
    for i, (name, rel) in enumerate(UPSTREAM_SYSCALLS):
        native, compat = load_syscall(repo, rel, name)
        if compat:
            raise ApplyError(f"{rel}: {name} has a compat entry; x32 needs a slot of its own, "
                             "which is not generated for upstream syscalls")
        upstream.append((nr + i, name, native, compat))
    last = nr - 1

    # (number, name, native Syscall or None, compat entry name or None,
    # compat Syscall or None); C twins and slots have no Syscall (their
    # prototypes are C's).
    tests, samples, c_protos = [], [], []
    if test:
        # The kernel's tables must be sorted by number.
        for e in sorted(load_test_syscalls(repo, names), key=lambda e: e.nr):
            compat = f"compat_sys_{e.name}" if e.has_compat else None
            tests.append((e.nr, e.name, e.native, compat, e.compat))
            if e.option:
                samples.append(e)
            if not e.rust:
                c_protos.append(c_syscalls(repo, e))

    # Edits of existing kernel files kept as fragments (mk/edits/PART/PATH).
    for part in series_parts(src) + (test_parts(src) if test else []):
        yield from fragment_edits(part, maint)

    def protos(t):
        text = "".join(sc.prototype() for _, _, sc, _ in upstream)
        return insert_after(t, r"^asmlinkage long sys_close_range\(", text,
                            statement=True, path="include/linux/syscalls.h")
    yield "readfile", "include/linux/syscalls.h", protos

    def unistd(t):
        text = "".join(f"#define __NR_{n} {x}\n__SYSCALL(__NR_{n}, sys_{n})\n\n"
                       for x, n, _, _ in upstream)
        t = insert_before(t, r"^#undef __NR_syscalls", text,
                          path="include/uapi/asm-generic/unistd.h")
        total = upstream[-1][0] + 1
        return re.sub(r"#define __NR_syscalls \d+", f"#define __NR_syscalls {total}", t)
    yield "readfile", "include/uapi/asm-generic/unistd.h", unistd

    if os.path.exists(os.path.join(src, "scripts/syscall.tbl")):
        yield "readfile", "scripts/syscall.tbl", lambda t: tbl_insert_after_number(
            t, last, [tbl_line(x, "common", n, f"sys_{n}") for x, n, _, _ in upstream],
            "scripts/syscall.tbl")
        if test:
            # arm64 and the other users of the generic table: the same
            # numbers, native and compat entry on one line (no x32 slot).
            def generic(t):
                lines = ["", "# Test-only syscalls of rust-syscalls (never upstream)."]
                lines += [tbl_line(x, "common", n, f"sys_{n}", compat)
                          for x, n, _, compat, _ in tests]
                return append(t, "\n".join(lines) + "\n")
            yield "test", "scripts/syscall.tbl", generic

    yield "readfile", "kernel/sys_ni.c", lambda t: insert_after(
        t, r"^COND_SYSCALL\(mseal\);",
        "".join(f"COND_SYSCALL({n});\n" for _, n, _, _ in upstream),
        path="kernel/sys_ni.c")

    def x64(t):
        t = tbl_insert_after_number(
            t, last, [tbl_line(x, "common", n, f"sys_{n}") for x, n, _, _ in upstream], t64)
        if test:
            lines = ["", "# Test-only syscalls of rust-syscalls (never upstream)."]
            for x, n, _, compat, _ in tests:
                if compat:
                    lines.append(tbl_line(x, "64", n, f"sys_{n}"))
                    lines.append(tbl_line(x + 1, "x32", n, compat))
                else:
                    lines.append(tbl_line(x, "common", n, f"sys_{n}"))
            t = append(t, "\n".join(lines) + "\n")
        return t
    yield "arch", t64, x64

    def x32(t):
        t = tbl_insert_after_number(
            t, last, [tbl_line(x, "i386", n, f"sys_{n}") for x, n, _, _ in upstream], t32)
        if test:
            lines = ["", "# Test-only syscalls of rust-syscalls (never upstream)."]
            for x, n, _, compat, _ in tests:
                lines.append(tbl_line(x, "i386", n, f"sys_{n}", compat))
            t = append(t, "\n".join(lines) + "\n")
        return t
    yield "arch", t32, x32

    # Every other architecture, at the same number (arm64, arm, mips, ...).
    for path, abi, off in ARCH_TABLES:
        if os.path.exists(os.path.join(src, path)):
            yield "arch", path, lambda t, path=path, abi=abi, off=off: tbl_insert_after_number(
                t, last + off, [tbl_line(x + off, abi, n, f"sys_{n}") for x, n, _, _ in upstream],
                path)

    if test:
        # Prototypes of the test syscalls (Rust and C: tables without a
        # syscall wrapper name their entry points) and their -ENOSYS fallbacks.
        def test_protos(compat):
            def fn(t):
                entries = [e for _, _, nat, _, com in tests for e in ((com,) if compat else (nat,))
                           if e] + [p[compat] for p in c_protos if p[compat]]
                text = ("\n/* Test-only syscalls of rust-syscalls (never upstream). */\n"
                        + forward_decls(entries, t)
                        + "".join(sc.prototype() for sc in entries) + "\n")
                return insert_before_last_endif(t, text, "syscalls.h/compat.h")
            return fn
        yield "test", "include/linux/syscalls.h", test_protos(False)
        yield "test", "include/linux/compat.h", test_protos(True)
        slots = sorted(((x, n) for x, n, _, _, _ in tests if SLOT.match(n)),
                       key=lambda s: int(SLOT.match(s[1]).group(1)))
        yield "test", "rust_syscalls/modules/slot_numbers.h", lambda _: template(
            "slot_numbers.h", "".join(f"\t{{ {x}, {x + 1}, {x} }},\t/* {n} */\n"
                                      for x, n in slots))
        yield "test", "rust_syscalls/twins/cond_syscall.c", lambda _: template(
            "cond_syscall.c", "".join(f"COND_SYSCALL({n});\n"
                                      + (f"COND_SYSCALL_COMPAT({n});\n" if com else "")
                                      for _, n, _, com, _ in tests))
        # Each sample's Kconfig option and Makefile line, from its line in
        # syscalls.tbl, and the test kernels' configuration with all of them.
        yield "test", "samples/rust/Kconfig.syscalls", lambda t: insert_before(
            t, r"^endif # SAMPLES_RUST_SYSCALLS", "".join(sample_option(repo, e)
                                                         for e in samples),
            path="samples/rust/Kconfig.syscalls")
        yield "test", "samples/rust/Makefile.syscalls", lambda t: append(t, "".join(
            f"obj-$(CONFIG_{e.option})\t+= {os.path.basename(e.rel)[:-3]}.o\n"
            for e in samples))
        yield "test", "rust_syscalls/samples.config", lambda _: template(
            "samples.config", "".join(f"CONFIG_{e.option}=y\n" for e in samples))


TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def template(name, entries):
    """mk/templates/NAME with its @ENTRIES@ line replaced by `entries`."""
    text = read(os.path.join(TEMPLATES, name)).decode()
    if "@ENTRIES@\n" not in text:
        raise ApplyError(f"{TEMPLATES}/{name}: no @ENTRIES@ line")
    return text.replace("@ENTRIES@\n", entries)


def sample_option(repo, e):
    """The Kconfig entry of a sample, from the `//!` docs of its file: the
    first line is the prompt, the prose paragraphs after it the help."""
    text = read(os.path.join(repo, e.rel)).decode()
    doc = [m.group(1) for m in re.finditer(r"^//!(?: (.*))?$", text, re.M)]
    doc = [d or "" for d in doc]
    if not doc or not doc[0].strip():
        raise ApplyError(f"{e.rel}: no //! line to name its Kconfig option (the first //! "
                         "line says what the syscall does)")
    prompt = doc[0].strip().rstrip(".").replace("\\", "\\\\").replace('"', '\\"')
    paras, cur, fenced = [], [], False
    for line in doc[1:] + [""]:
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.strip():
            cur.append(line.strip())
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    x32 = f", x32 {e.nr + 1}" if e.has_compat else ""
    paras.append(f"Test-only syscall number {e.nr}{x32} ({TEST_TABLE}), "
                 f"from {e.rel}.")
    paras.append("If unsure, say N.")
    help_text = "\n\n".join("\n".join(textwrap.wrap(p, 62, initial_indent="\t  ",
                                                      subsequent_indent="\t  "))
                            for p in paras)
    return f"config {e.option}\n\tbool \"{prompt}\"\n\thelp\n{help_text}\n\n"


# ---------------------------------------------------------------- main

def pristine_identity(src):
    try:
        head = subprocess.run(["git", "-C", src, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        if os.path.isdir(os.path.join(src, ".git")):
            return f"git:{head}"
    except (subprocess.CalledProcessError, FileNotFoundError):
        pass
    st = os.stat(os.path.join(src, "Makefile"))
    return f"dir:{os.path.realpath(src)}:{st.st_mtime_ns}:{st.st_size}"


# The parts of the project, in the order of the patch series. "test" parts
# are built into test kernels only and never sent upstream.
SERIES_PARTS = ["fs-open", "helpers", "rust-fs", "framework", "readfile", "arch", "selftests"]

# The project is written against mainline's Rust API. What an older tree
# lacks comes from its backport part (mk/edits/backport-X.Y/), laid onto
# that tree only, first; a series for mainline never contains it.
BACKPORTS = {(6, 12): "backport-6.12"}


def tree_version(src):
    """(VERSION, PATCHLEVEL) of the tree's top Makefile."""
    text = read(os.path.join(src, "Makefile")).decode()
    v = re.search(r"^VERSION = (\d+)$", text, re.M)
    p = re.search(r"^PATCHLEVEL = (\d+)$", text, re.M)
    if not v or not p:
        raise ApplyError(f"{src}/Makefile: no VERSION/PATCHLEVEL")
    return int(v.group(1)), int(p.group(1))


# The oldest mainline tree whose Rust API the project is written against.
MAINLINE = (7, 2)


def series_parts(src):
    """The parts laid onto the tree at `src`, in series order."""
    ver = tree_version(src)
    bp = BACKPORTS.get(ver)
    if not bp and ver < MAINLINE:
        have = ", ".join("%d.%d" % v for v in sorted(BACKPORTS))
        raise ApplyError(f"{src} is Linux {ver[0]}.{ver[1]}: the project builds on Linux "
                         f"{MAINLINE[0]}.{MAINLINE[1]} or later, and on {have} with a backport")
    return ([bp] if bp else []) + SERIES_PARTS


def test_parts(src):
    """The test-only fragment parts laid onto the tree at `src`: what the test
    code needs of mainline that the tree's backport part does not carry
    (test-backport-X.Y, kernel API no patch of the series uses), then "test"."""
    bp = BACKPORTS.get(tree_version(src))
    extra = f"test-{bp}" if bp else None
    return ([extra] if extra and os.path.isdir(os.path.join(EDITS, extra)) else []) + ["test"]


def part_of(rel):
    """The part a project file belongs to, or None for files not laid onto the tree."""
    rules = [
        ("rust/helpers/syscall.c", "framework"),
        ("rust/helpers/", "helpers"),
        # Framework API with no user in the series yet, and the module mode.
        ("rust/kernel/syscall/compat.rs", "test"),
        ("rust/kernel/syscall/extensible.rs", "test"),
        ("rust/kernel/syscall/registration.rs", "test"),
        ("rust/kernel/syscall/string.rs", "test"),
        ("rust/kernel/syscall/signature.rs", "test"),
        ("include/linux/rust_syscall_slots.h", "test"),
        ("Documentation/rust/syscall-modules.rst", "test"),
        ("Documentation/rust/syscall-tutorial.rst", "test"),
        ("Documentation/ABI/testing/sysfs-kernel-rust_syscalls", "test"),
        ("rust/kernel/syscall", "framework"),
        ("Documentation/rust/", "framework"),
        ("fs/readfile.rs", "readfile"),
        ("rust/kernel/fs/filename.rs", "rust-fs"),
        # openat2(2) in Rust, in C's place, and the kernel API it needs.
        ("fs/openat2.rs", "test"),
        ("rust/kernel/fs/", "test"),
        ("tools/testing/selftests/readfile/", "selftests"),
        ("samples/", "test"),
        ("tools/testing/selftests/rust_syscalls/", "test"),
        ("rust_syscalls/", "test"),
    ]
    for prefix, part in rules:
        if rel.startswith(prefix):
            return part
    return None


def project_files(repo, test):
    out = {}
    for d in KERNEL_DIRS:
        top = os.path.join(repo, d)
        for root, dirs, files in os.walk(top):
            dirs[:] = [x for x in dirs if not x.startswith(".")]
            for f in files:
                if f.startswith(".") or f.endswith((".o", ".orig", ".rej", "~")):
                    continue
                p = os.path.join(root, f)
                out[os.path.relpath(p, repo)] = p
    if test:
        for r, t in TEST_FILES.items():
            out[t] = os.path.join(repo, r)
        for r, t in TEST_DIRS.items():
            for root, _, files in os.walk(os.path.join(repo, r)):
                for f in files:
                    p = os.path.join(root, f)
                    out[os.path.join(t, os.path.relpath(p, os.path.join(repo, r)))] = p
    return out


def maintainer(repo):
    def cfg(key):
        r = subprocess.run(["git", "-C", repo, "config", key], capture_output=True, text=True)
        return r.stdout.strip()
    name, email = cfg("user.name"), cfg("user.email")
    return f"{name} <{email}>" if name and email else "rust-syscalls developers <unknown>"


def compute(src, repo, test, parts=None):
    """The content of every file the project writes, as {tree path: bytes}.

    With `parts`, only the project files and edits of those parts.
    """
    want = {}
    for rel, p in project_files(repo, test).items():
        part = part_of(rel)
        if part is None or (part == "test" and not test):
            continue
        if parts is None or part in parts:
            want[rel] = read(p)
    texts = {}
    for part, rel, fn in edits(src, test, maintainer(repo), repo):
        if parts is not None and part not in parts:
            continue
        if rel in want and rel not in texts:
            # Only test builds add to a project file (modules the series has no user for).
            if not part.startswith("test"):
                raise ApplyError(f"{rel} is both a project file and an edited file")
            texts[rel] = want.pop(rel).decode()
        if rel not in texts:
            # A file the tree does not have is generated whole.
            p = os.path.join(src, rel)
            if os.path.islink(p):
                raise ApplyError(f"{rel} is a symbolic link in {src} (to {os.readlink(p)}): "
                                 "edit what it points to")
            texts[rel] = read(p).decode() if os.path.exists(p) else ""
        texts[rel] = fn(texts[rel])
    for rel, t in texts.items():
        want[rel] = t.encode()
    return want


def write_if_changed(path, data):
    try:
        if read(path) == data:
            return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".rsc-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


def map_paths(work, repo, module_dirs):
    """Copy stdin to stdout with the work tree's copies of project files (and
    the module sources copied into `module_dirs`) named by their repository
    paths, so that a compiler message points at the file one edits."""
    files = project_files(repo, True)
    subst = {os.path.join(os.path.realpath(work), rel): path for rel, path in files.items()}
    # The same as ccache's base_dir makes them, relative to a build
    # directory beside the work tree (build/on for work, build-7.2/on for
    # work-7.2).
    up = os.path.join("..", "..", os.path.basename(os.path.realpath(work)))
    subst.update({os.path.join(up, rel): path for rel, path in files.items()})
    by_name = {}
    for rel, path in files.items():
        if rel.startswith("samples/rust/") and rel.endswith(".rs"):
            by_name.setdefault(os.path.basename(rel), path)
            # A copy the module build makes under another module name.
            by_name.setdefault(os.path.basename(rel)[:-3] + "_dup.rs", path)
    for d in module_dirs:
        for name, path in by_name.items():
            subst[os.path.join(os.path.realpath(d), name)] = path
    # rustc names the files of an out-of-tree module relative to its directory,
    # in primary (-->) and secondary (:::) spans.
    if module_dirs:
        for name, path in by_name.items():
            for mark in ("--> ", "::: "):
                subst[mark + name] = mark + path
    keys = sorted(subst, key=len, reverse=True)
    pat = re.compile("|".join(re.escape(k) + r"(?![\w.])" for k in keys)) if keys else None
    # A build log is not always UTF-8: pass any byte through.
    sys.stdin.reconfigure(errors="surrogateescape")
    sys.stdout.reconfigure(errors="surrogateescape")
    for line in sys.stdin:
        sys.stdout.write(pat.sub(lambda m: subst[m.group(0)], line) if pat else line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", required=True, help="pristine kernel tree (read only)")
    ap.add_argument("--work", required=True, help="work tree to create or update")
    ap.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--test", action="store_true", help="include test-only parts")
    ap.add_argument("--print-nr", action="store_true", help="print the next free number")
    ap.add_argument("--map-paths", nargs="*", metavar="DIR",
                    help="filter stdin: paths of project files in the work tree (and in each "
                    "DIR of copied module sources) become the repository's, for messages")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    for f in ("Makefile", "Kbuild", "arch/x86/entry/syscalls/syscall_64.tbl"):
        if not os.path.exists(os.path.join(a.src, f)):
            die(f"{a.src} is not a Linux source tree (no {f})")
    if not os.path.exists(os.path.join(a.src, "rust/kernel/lib.rs")):
        die(f"{a.src} has no Rust support (no rust/kernel/lib.rs): need Linux >= 6.1")
    if a.print_nr:
        print(next_free_number(a.src))
        return
    if a.map_paths is not None:
        map_paths(a.work, a.repo, a.map_paths)
        return

    ident = pristine_identity(a.src)
    stamp = os.path.join(a.work, ".rsc-pristine")
    state = os.path.join(a.work, ".rsc-applied.json")
    try:
        cur = read(stamp).decode()
    except FileNotFoundError:
        cur = None
    if cur != ident:
        print(f"apply: copying {a.src} to {a.work}", flush=True)
        os.makedirs(a.work, exist_ok=True)
        # Unchanged files are hard links to the pristine tree (cheap, fast); every
        # write below replaces a file instead of writing into it, which breaks the
        # link and leaves the pristine tree untouched.
        subprocess.run(["rsync", "-a", "--delete", "--exclude=/.git", "--exclude=/.rsc-*",
                        "--link-dest=" + os.path.realpath(a.src),
                        a.src.rstrip("/") + "/", a.work + "/"], check=True)
        for f in (stamp, state):
            if os.path.exists(f):
                os.remove(f)
        with open(stamp, "w") as f:
            f.write(ident)

    try:
        prev = set(json.loads(read(state)))
    except FileNotFoundError:
        prev = set()

    try:
        want = compute(a.src, a.repo, a.test)
    except ApplyError as e:
        die(str(e))

    changed = []
    for rel, data in sorted(want.items()):
        if write_if_changed(os.path.join(a.work, rel), data):
            changed.append(rel)
    for rel in sorted(prev - set(want)):
        orig = os.path.join(a.src, rel)
        dst = os.path.join(a.work, rel)
        if os.path.islink(orig):
            # As the tree has it: a link, not a copy of its target.
            if not os.path.islink(dst) or os.readlink(dst) != os.readlink(orig):
                if os.path.lexists(dst):
                    os.remove(dst)
                os.symlink(os.readlink(orig), dst)
                changed.append(rel + " (restored)")
        elif os.path.exists(orig):
            if write_if_changed(dst, read(orig)):
                changed.append(rel + " (restored)")
        elif os.path.exists(dst):
            os.remove(dst)
            changed.append(rel + " (removed)")
    with open(state, "w") as f:
        json.dump(sorted(want), f)
    if changed:
        print(f"apply: {len(changed)} file(s) updated", flush=True)
        if a.verbose:
            for c in changed:
                print(f"  {c}")


if __name__ == "__main__":
    main()
