#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host test of mk/tutorial.py, the follower of the tutorial.

The real tutorial must parse and its edits must give a table that
mk/apply.py accepts; a tutorial whose blocks went wrong (a colliding table
line, a missing anchor, a file that exists, a guest that printed something
else or stopped early, a mark with no block) must fail where it went wrong.
"""

import os
import shutil
import subprocess
import sys
import tempfile

repo = sys.argv[1]
sys.path.insert(0, os.path.join(repo, "mk"))
sys.path.insert(0, os.path.join(repo, "mk", "tests"))
import apply  # noqa: E402
from expectations import done, expect  # noqa: E402
import tutorial  # noqa: E402

DOC = os.path.join(repo, "Documentation/rust/syscall-tutorial.rst")


def scratch():
    d = tempfile.mkdtemp(prefix="rsc-tutorial-")
    for sub in ("samples/rust", "twins", "modules", "tools/testing/selftests/rust_syscalls"):
        shutil.copytree(os.path.join(repo, sub), os.path.join(d, sub))
    # Any other file the table declares (openat2_c's: a fragment under mk/edits/).
    for rel in apply.declared_files(repo):
        if not os.path.exists(os.path.join(d, rel)):
            os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
            shutil.copy(os.path.join(repo, rel), os.path.join(d, rel))
    shutil.copy(os.path.join(repo, apply.TEST_TABLE), d)
    return d


def follow(doc_text, d):
    """Run the tutorial in `d` without building or booting: (exit, output)."""
    p = os.path.join(d, "doc.rst")
    with open(p, "w") as f:
        f.write(doc_text)
    r = subprocess.run([sys.executable, os.path.join(repo, "mk/tutorial.py"), "run", p, d,
                        "--dry-run"], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


with open(DOC) as f:
    real = f.read()

# The real tutorial: every edit applies and its table is the project's table
# plus the tutorial's syscall, which apply.py accepts.
bl = tutorial.blocks(real)
expect([b.action for b in bl].count("guest") >= 4 and bl[0].action == "write",
       f"the tutorial has its blocks ({len(bl)})")
d = scratch()
try:
    rc, out = follow(real, d)
    expect(rc == 0, "the tutorial's edits apply (dry run)" + ("" if rc == 0 else ": " + out))
    names = {e.name: e for e in apply.load_test_syscalls(d, ("read",))}
    expect("mul3" in names and names["mul3"].option == "SAMPLE_RUST_SYSCALL_MUL3",
           "its table line declares mul3, which apply.py accepts")
finally:
    shutil.rmtree(d)

# A table line of the tutorial that collides: the table check refuses it.
d = scratch()
try:
    rc, out = follow(real.replace("    10\tmul3\t", "    7\tmul3\t"), d)
    try:
        apply.load_test_syscalls(d, ())
        expect(False, "a tutorial whose table line collides was accepted")
    except apply.ApplyError as e:
        expect("xyzzy" in str(e) and "mul3" in str(e), f"its collision is named: {e}")
finally:
    shutil.rmtree(d)

# An anchor that is not there, a file that exists already.
d = scratch()
try:
    rc, out = follow(real.replace(r"^include \.\./lib\.mk", r"^include \.\./nolib\.mk"), d)
    expect(rc == 1 and "not ok" in out and "no line of" in out, "a missing anchor fails")
finally:
    shutil.rmtree(d)
d = scratch()
try:
    rc, out = follow(real.replace("write samples/rust/rust_syscall_mul3.rs",
                                  "write samples/rust/rust_syscall_adder.rs"), d)
    expect(rc == 1 and "exists already" in out, "writing over a file of the repository fails")
finally:
    shutil.rmtree(d)

# Marks with no block, with bad arguments, a session with no shell.
for bad, why in ((".. tutorial: write x.rs\n\nno block\n", "no code block"),
                 (".. tutorial: before x\n.. code-block:: c\n\n    y\n", "takes a path and a regex"),
                 (".. tutorial: guest\n.. code-block:: console\n\n    virtme-ng# true\n",
                  "no 'make shell' before it"),
                 ("nothing marked\n", "no '.. tutorial:' blocks")):
    d = scratch()
    try:
        rc, out = follow(bad, d)
        expect(rc == 1 and why in out, f"refused: {why}")
    finally:
        shutil.rmtree(d)

# Sessions: what the guest printed against what the tutorial says.
sess = tutorial.session("virtme-ng# syscall mul3 2 3 7 u64:0\nmul3(2, 3, 7, u64:0) = 0\n"
                        "u64:0 = 42\nvirtme-ng# mul3_test\n...\n# Totals: pass:3 skip:0\n")
expect([c for c, _ in sess] == ["syscall mul3 2 3 7 u64:0", "mul3_test"], "commands parsed")
expect(tutorial.matches(sess[0][1], ["mul3(2, 3, 7, u64:0) = 0", "u64:0 = 42"]), "same output matches")
expect(not tutorial.matches(sess[0][1], ["mul3(2, 3, 7, u64:0) = 0", "u64:0 = 41"]),
       "a wrong value does not match")
expect(not tutorial.matches(sess[0][1], ["mul3(2, 3, 7, u64:0) = 0"]), "a missing line does not match")
expect(not tutorial.matches(sess[0][1], ["mul3(2, 3, 7, u64:0) = 0", "u64:0 = 42", "extra"]),
       "an extra line does not match")
expect(tutorial.matches(sess[1][1], ["TAP version 13", "ok 1 x", "# Totals: pass:3  skip:0"]),
       "'...' takes any lines, blanks compare equal")
expect(not tutorial.matches(sess[1][1], ["# Totals: pass:2 skip:1"]), "a wrong total does not match")
expect(tutorial.matches(["sys_mul3(a: 2, result: ...)"], ["sys_mul3(a: 2, result: 7ffd12)"]),
       "'...' within a line")
script = tutorial.guest_script([c for c, _ in sess])
out = ("boot noise\n@@tutorial-cmd 0\nmul3(2, 3, 7, u64:0) = 0\nu64:0 = 42\n"
       "@@tutorial-cmd 1\nTAP version 13\n")
got = tutorial.transcript(out, 2)
expect(got[0] == ["mul3(2, 3, 7, u64:0) = 0", "u64:0 = 42"] and got[1] == ["TAP version 13"],
       "transcript splits the guest's output per command")
expect(tutorial.transcript("@@tutorial-cmd 0\nx\n", 2)[1] is None,
       "a command the guest never reached has no output (a failure, not a match)")
expect("echo '@@tutorial-cmd 1'" in script and script.startswith("exec 2>&1"),
       "the guest script marks each command and folds stderr in")

done()
