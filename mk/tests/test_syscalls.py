#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host test of mk/syscalls.py and the wiring mk/apply.py generates with it."""

import os
import re
import shutil
import sys
import tempfile

src, repo, cache = sys.argv[1:4]
sys.path.insert(0, os.path.join(repo, "mk"))
sys.path.insert(0, os.path.join(repo, "mk", "tests"))
import apply  # noqa: E402
from expectations import done, expect  # noqa: E402
import syscalls  # noqa: E402



def generated(tmp_repo, rel):
    """The text of tree file `rel` after the upstream edits, from `tmp_repo`."""
    text = apply.read(os.path.join(src, rel)).decode()
    for _, path, fn in apply.edits(src, False, "A <a@b>", tmp_repo):
        if path == rel:
            text = fn(text)
    return text


tmp = tempfile.mkdtemp(dir=cache)
try:
    rs = os.path.join(tmp, "fs", "readfile.rs")
    os.makedirs(os.path.dirname(rs))
    shutil.copy(os.path.join(repo, "fs", "readfile.rs"), rs)

    # 1. The prototype is the Rust signature.
    h = generated(tmp, "include/linux/syscalls.h")
    proto = re.search(r"asmlinkage long sys_readfile\([^;]*\);", h).group(0)
    expect(re.sub(r"\s+", " ", proto) ==
           "asmlinkage long sys_readfile(int dfd, const char __user *pathname, "
           "char __user *buf, size_t bufsize, unsigned int flags);",
           f"prototype generated from fs/readfile.rs: {proto!r}")
    expect(all(len(line.expandtabs(8)) <= 80 for line in proto.splitlines()),
           "prototype lines fit in 80 columns")

    # 2. Changing the Rust signature changes the generated wiring.
    with open(rs) as f:
        text = f.read()
    text = text.replace("flags: u32,", "flags: i32,").replace("bufsize: usize,", "size: u64,")
    with open(rs, "w") as f:
        f.write(text)
    h2 = generated(tmp, "include/linux/syscalls.h")
    proto2 = re.sub(r"\s+", " ", re.search(r"asmlinkage long sys_readfile\([^;]*\);", h2).group(0))
    expect("u64 size, int flags);" in proto2, f"edited Rust signature regenerates: {proto2!r}")

    # 3. A Rust type with no C spelling is a clear error, not a guess.
    with open(rs, "w") as f:
        f.write(text.replace("size: u64,", "size: Foo,"))
    try:
        generated(tmp, "include/linux/syscalls.h")
        expect(False, "unknown Rust type rejected")
    except apply.ApplyError as e:
        expect("Foo has no C type" in str(e), f"unknown Rust type rejected: {e}")

    # 4. The check: a signature record against the tree's prototype.
    tree = os.path.join(tmp, "tree")
    os.makedirs(os.path.join(tree, "include/linux"))
    shutil.copy(os.path.join(src, "include/linux/compat.h"), os.path.join(tree, "include/linux"))
    hpath = os.path.join(tree, "include/linux/syscalls.h")
    rec = syscalls.parse_record("sys_readfile;V;int;dfd;U;const char *;pathname;U;char *;buf;"
                                "V;size_t;bufsize;V;unsigned int;flags", "test")

    def run_check(header):
        with open(hpath, "w") as f:
            f.write(header)
        return syscalls.check_records([(rec, "fs/readfile.o")], tree)[1]

    expect(run_check(h) == [], "record agrees with the generated prototype")
    for what, bad in [
        ("type", h.replace("unsigned int flags);", "int flags);")),
        ("order", h.replace("char __user *buf, size_t bufsize", "size_t bufsize, char __user *buf")),
        ("count", h.replace(",\n\t\t\t     unsigned int flags);", ");")),
        ("__user", h.replace("char __user *buf", "char *buf")),
        ("name", h.replace("bufsize,", "size,")),
        ("missing", h.replace("sys_readfile(", "sys_readfile2(")),
    ]:
        expect(bad != h, f"mutation '{what}' applies")
        errs = run_check(bad)
        expect(len(errs) == 1, f"check catches a prototype differing in {what}: "
               f"{errs[0].splitlines()[0] if errs else 'no error'}")
    # The message names the Rust source when the tree has it (the build maps
    # it to the repository's file), else the object.
    os.makedirs(os.path.join(tree, "fs"))
    open(os.path.join(tree, "fs/readfile.rs"), "w").close()
    errs = run_check(h.replace("unsigned int flags);", "int flags);"))
    expect(errs and errs[0].startswith(os.path.join(tree, "fs/readfile.rs") + ": "),
           f"the message names the Rust file: {errs[0].splitlines()[0] if errs else 'no error'}")
finally:
    shutil.rmtree(tmp)

done()
