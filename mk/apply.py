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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import syscalls  # noqa: E402

# Directories of the repository whose files go to the same path in the tree.
KERNEL_DIRS = ("rust", "samples", "fs", "kernel", "include", "arch", "Documentation",
               "tools/testing/selftests")

# Test-only files: repository path -> tree path.
TEST_FILES = {"Kbuild": "rust_syscalls/Kbuild", "Kconfig": "rust_syscalls/Kconfig"}
TEST_DIRS = {"twins": "rust_syscalls/twins", "modules": "rust_syscalls/modules"}

# Test-only syscall slots, far above any number upstream will reach.  One
# place lists them for people: the README.
TEST_BASE = 1000
TEST_SYSCALLS = [
    # (offset, name, Rust file defining it, or "C" / "C+compat" for a C twin)
    (0, "readfile_c", "C"),
    (1, "foo", "samples/rust/rust_syscall_foo.rs"),
    (2, "adder", "samples/rust/rust_syscall_adder.rs"),
    (3, "adder_c", "C"),
    (4, "silly_copy", "samples/rust/rust_syscall_silly_copy.rs"),
    (5, "magic_knock", "samples/rust/rust_syscall_magic_knock.rs"),
    (6, "xyzzy", "samples/rust/rust_syscall_xyzzy.rs"),
    (8, "xyzzy_c", "C+compat"),
] + [
    # The slots of module syscalls (CONFIG_RUST_SYSCALL_MODULES): a native
    # number and, next to it, the x32 one.
    (16 + 2 * k, f"rsc_slot{k}", "C+compat") for k in range(8)
]

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


def tbl_names(text):
    names = set()
    for line in text.splitlines():
        f = line.split()
        if f and not f[0].startswith("#"):
            names.add(f[2])
    return names


def next_free_number(src):
    """The next number free in every table of the tree (x86_64, i386, generic)."""
    t64 = read(os.path.join(src, "arch/x86/entry/syscalls/syscall_64.tbl")).decode()
    t32 = read(os.path.join(src, "arch/x86/entry/syscalls/syscall_32.tbl")).decode()
    n64 = [n for n in tbl_numbers(t64, ("common", "64")) if n < TEST_BASE]
    n32 = [n for n in tbl_numbers(t32, ("i386",)) if n < TEST_BASE]
    cands = [max(n64), max(n32)]
    gen = os.path.join(src, "scripts/syscall.tbl")
    if os.path.exists(gen):
        cands.append(max(n for n in tbl_numbers(read(gen).decode(), ("common", "64", "32"))
                         if n < TEST_BASE))
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
    if not text.endswith("\n"):
        text += "\n"
    return text + new


def tbl_line(nr, abi, name, entry, compat=None):
    s = f"{nr}\t{abi}\t{name}\t\t\t{entry}"
    if compat:
        s += f"\t{compat}"
    return s


def tbl_insert_after_number(text, last, lines, path):
    """Insert table lines after the entry numbered `last`."""
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
            out[j + 1:j + 1] = lines
            return "\n".join(out)
    raise ApplyError(f"{path}: no entry numbered {last}")


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

    # (number, name, native entry, compat entry or None)
    upstream = []
    for i, (name, rel) in enumerate(UPSTREAM_SYSCALLS):
        native, compat = load_syscall(repo, rel, name)
        if compat:
            raise ApplyError(f"{rel}: {name} has a compat entry; x32 needs a slot of its own, "
                             "which is not generated for upstream syscalls")
        upstream.append((nr + i, name, native, compat))
    last = nr - 1

    # (number, name, native Syscall or None, compat entry name or None); C
    # twins have no Syscall (no Rust definition, their prototype is C's).
    tests = []
    if test:
        for off, name, rel in TEST_SYSCALLS:
            if rel.startswith("C"):
                compat = f"compat_sys_{name}" if rel == "C+compat" else None
                tests.append((TEST_BASE + off, name, None, compat, None))
                continue
            native, compat = load_syscall(repo, rel, name)
            tests.append((TEST_BASE + off, name, native, compat and compat.entry, compat))

    # Edits of existing kernel files kept as fragments (mk/edits/PART/PATH).
    for part in series_parts(src) + (["test"] if test else []):
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
    yield "x86", t64, x64

    def x32(t):
        t = tbl_insert_after_number(
            t, last, [tbl_line(x, "i386", n, f"sys_{n}") for x, n, _, _ in upstream], t32)
        if test:
            lines = ["", "# Test-only syscalls of rust-syscalls (never upstream)."]
            for x, n, _, compat, _ in tests:
                lines.append(tbl_line(x, "i386", n, f"sys_{n}", compat))
            t = append(t, "\n".join(lines) + "\n")
        return t
    yield "x86", t32, x32

    if test:
        # Prototypes of the Rust test syscalls and their -ENOSYS fallbacks.
        def test_protos(compat):
            def fn(t):
                entries = [e for _, _, nat, _, com in tests for e in ((com,) if compat else (nat,))
                           if e]
                text = ("\n/* Test-only syscalls of rust-syscalls (never upstream). */\n"
                        + forward_decls(entries, t)
                        + "".join(sc.prototype() for sc in entries) + "\n")
                return insert_before_last_endif(t, text, "syscalls.h/compat.h")
            return fn
        yield "test", "include/linux/syscalls.h", test_protos(False)
        yield "test", "include/linux/compat.h", test_protos(True)
        slots = [(x, n) for x, n, _, _, _ in tests if n.startswith("rsc_slot")]
        yield "test", "rust_syscalls/modules/slot_numbers.h", lambda _: SLOT_NUMBERS_H.format(
            "".join(f"\t{{ {x}, {x + 1}, {x} }},\t/* {n} */\n" for x, n in slots))
        yield "test", "rust_syscalls/twins/cond_syscall.c", lambda _: COND_SYSCALL_C.format(
            "".join(f"COND_SYSCALL({n});\n" + (f"COND_SYSCALL_COMPAT({n});\n" if com else "")
                    for _, n, _, com, _ in tests))


SLOT_NUMBERS_H = """\
/* SPDX-License-Identifier: GPL-2.0 */
/* The syscall numbers of the module syscall slots. Generated by mk/apply.py. */
static const struct {{
	unsigned int x86_64, x32, i386;
}} rsc_slot_nr[] = {{
{}}};
"""

COND_SYSCALL_C = """\
// SPDX-License-Identifier: GPL-2.0
/*
 * Weak -ENOSYS entry points for the test-only syscalls, the kernel/sys_ni.c
 * of rust-syscalls: when a sample or twin is configured out, its table slot
 * still links and answers ENOSYS. Generated by mk/apply.py.
 */
#include <linux/syscalls.h>
#include <linux/compat.h>

asmlinkage long sys_ni_syscall(void);

/* As in kernel/sys_ni.c, for the architectures and configurations without. */
#ifndef COND_SYSCALL
#define COND_SYSCALL(name) cond_syscall(sys_##name)
#endif
#ifndef COND_SYSCALL_COMPAT
#define COND_SYSCALL_COMPAT(name) cond_syscall(compat_sys_##name)
#endif

{}"""


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
SERIES_PARTS = ["fs-open", "helpers", "framework", "readfile", "x86", "selftests"]

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
        ("Documentation/ABI/testing/sysfs-kernel-rust_syscalls", "test"),
        ("rust/kernel/syscall", "framework"),
        ("Documentation/rust/", "framework"),
        ("fs/readfile.rs", "readfile"),
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
            if part != "test":
                raise ApplyError(f"{rel} is both a project file and an edited file")
            texts[rel] = want.pop(rel).decode()
        if rel not in texts:
            # A file the tree does not have is generated whole.
            p = os.path.join(src, rel)
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
    by_name = {}
    for rel, path in files.items():
        if rel.startswith("samples/rust/") and rel.endswith(".rs"):
            by_name.setdefault(os.path.basename(rel), path)
    for d in module_dirs:
        for name, path in by_name.items():
            subst[os.path.join(os.path.realpath(d), name)] = path
    # The module build's copy of adder under another module name.
    if "rust_syscall_adder.rs" in by_name:
        by_name["rust_syscall_adder_dup.rs"] = by_name["rust_syscall_adder.rs"]
        for d in module_dirs:
            subst[os.path.join(os.path.realpath(d), "rust_syscall_adder_dup.rs")] = \
                by_name["rust_syscall_adder.rs"]
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
        if os.path.exists(orig):
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
