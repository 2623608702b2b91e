#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Follow a tutorial of Documentation/rust/ the way a reader would.

A tutorial marks each block a reader acts on with a comment line just
before it (invisible in the rendered page):

    .. tutorial: write PATH            the block is the whole file PATH
    .. tutorial: append PATH           the block is added at the end of PATH
    .. tutorial: before PATH REGEX     the block goes before the first line
                                       of PATH that matches REGEX
    .. tutorial: host                  shell commands, run in the repository
    .. tutorial: guest                 a session in `make shell`: lines
                                       starting with the prompt are commands,
                                       the others what they print

In a guest session, a line `...` stands for any number of lines and `...`
within a line for any text; runs of blanks compare equal. A host block may
end with `make shell`: the guest sessions that follow it, up to the next
host block, are what is typed into that shell.

Usage:
    tutorial.py blocks DOC                 list the marked blocks
    tutorial.py run DOC REPO [--dry-run]   follow DOC in REPO (a scratch copy
                                           of the repository): write the
                                           files, run the commands, compare
                                           every session; one TAP line per
                                           step, exit status 1 if any failed
"""

import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time

PROMPT = "virtme-ng# "
MARK = re.compile(r"^\.\. tutorial:\s*(write|append|before|host|guest)\b\s*(.*?)\s*$")


class TutorialError(Exception):
    pass


class Block:
    def __init__(self, action, args, text, lineno):
        self.action, self.args, self.text, self.lineno = action, args, text, lineno

    def __repr__(self):
        return f"line {self.lineno}: {self.action} {' '.join(self.args)}"


def blocks(doc_text, doc="tutorial"):
    """The marked blocks of a tutorial, in order."""
    lines = doc_text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if not m:
            i += 1
            continue
        lineno = i + 1
        action = m.group(1)
        args = m.group(2).split(None, 1 if action == "before" else -1)
        if action in ("write", "append") and len(args) != 1:
            raise TutorialError(f"{doc}:{lineno}: '{action}' takes one path")
        if action == "before" and len(args) != 2:
            raise TutorialError(f"{doc}:{lineno}: 'before' takes a path and a regex")
        if action in ("host", "guest") and args:
            raise TutorialError(f"{doc}:{lineno}: '{action}' takes no argument")
        # The literal block: `.. code-block::` (or a line ending in `::`),
        # a blank line, then the indented lines.
        j = i + 1
        if j >= len(lines) or not (lines[j].startswith(".. code-block::")
                                    or lines[j].rstrip().endswith("::")):
            raise TutorialError(f"{doc}:{lineno}: no code block right after the mark")
        j += 1
        body = []
        while j < len(lines) and (not lines[j].strip() or lines[j][:1] in (" ", "\t")):
            body.append(lines[j])
            j += 1
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        if not body:
            raise TutorialError(f"{doc}:{lineno}: empty code block")
        text = textwrap.dedent("\n".join(body)) + "\n"
        out.append(Block(action, args, text, lineno))
        i = j
    if not out:
        raise TutorialError(f"{doc}: no '.. tutorial:' blocks")
    return out


def session(text):
    """[(command, [expected lines])] of a guest block."""
    out = []
    for line in text.rstrip("\n").split("\n"):
        if line.startswith(PROMPT):
            out.append((line[len(PROMPT):], []))
        elif not out:
            raise TutorialError(f"output before the first command: {line!r}")
        else:
            out[-1][1].append(line)
    return out


def _norm(s):
    return " ".join(s.split())


def _line_re(expected):
    parts = _norm(expected).split("...")
    return re.compile("^" + ".*".join(re.escape(p) for p in parts) + "$")


def matches(expected, actual):
    """Whether the lines `actual` match `expected` (see the module's doc)."""
    exp = [e for e in expected]
    act = [_norm(a) for a in actual]

    def go(i, k):
        if i == len(exp):
            return k == len(act)
        if exp[i].strip() == "...":
            return any(go(i + 1, kk) for kk in range(k, len(act) + 1))
        return k < len(act) and bool(_line_re(exp[i]).match(act[k])) and go(i + 1, k + 1)
    return go(0, 0)


CMD_MARK = "@@tutorial-cmd "
END_MARK = "@@tutorial-end"


def guest_script(commands):
    """The script the guest runs: each command after a marker line."""
    out = ["exec 2>&1"]
    for n, cmd in enumerate(commands):
        out.append(f"echo '{CMD_MARK}{n}'")
        out.append(cmd)
    out.append(f"echo '{END_MARK}'")
    return "\n".join(out) + "\n"


def transcript(output, count):
    """The lines each command printed, from the guest's output."""
    per = [None] * count
    cur = None
    for line in output.splitlines():
        line = line.rstrip("\r")
        if line.startswith(CMD_MARK):
            cur = int(line[len(CMD_MARK):])
            per[cur] = []
        elif line.startswith(END_MARK):
            cur = None
        elif cur is not None:
            per[cur].append(line)
    return per


class Runner:
    def __init__(self, doc, repo, dry_run=False):
        self.doc, self.repo, self.dry_run = doc, repo, dry_run
        self.n = 0
        self.failed = 0

    def result(self, ok, what, detail=()):
        self.n += 1
        print(f"{'ok' if ok else 'not ok'} {self.n} {what}", flush=True)
        for d in detail:
            print(f"# {d}")
        if not ok:
            self.failed += 1

    def path(self, rel):
        p = os.path.normpath(os.path.join(self.repo, rel))
        if not p.startswith(os.path.normpath(self.repo) + os.sep):
            raise TutorialError(f"{rel}: outside the repository")
        return p

    def edit(self, b):
        p = self.path(b.args[0])
        if b.action == "write":
            if os.path.exists(p):
                raise TutorialError(f"{b}: {b.args[0]} exists already")
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(b.text)
            return
        with open(p) as f:
            text = f.read()
        if b.action == "append":
            text = (text if text.endswith("\n") else text + "\n") + b.text
        else:
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if re.search(b.args[1], line):
                    lines[i:i] = b.text.rstrip("\n").split("\n")
                    break
            else:
                raise TutorialError(f"{b}: no line of {b.args[0]} matches /{b.args[1]}/")
            text = "\n".join(lines)
        with open(p, "w") as f:
            f.write(text)

    def sh(self, script, what):
        if self.dry_run:
            self.result(True, f"{what} # SKIP dry run")
            return True, ""
        t0 = time.monotonic()
        r = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=self.repo,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           errors="replace")
        tail = ()
        if r.returncode:
            # From the first error on, else the end of the output.
            out = r.stdout.rstrip("\n").split("\n")
            first = next((i for i, x in enumerate(out) if re.search(r"\berror\b", x)), None)
            tail = out[max(first - 2, 0):first + 25] if first is not None else out[-25:]
        took = f" in {time.monotonic() - t0:.0f} s"
        self.result(r.returncode == 0, what + took + ("" if r.returncode == 0
                                                      else f" (exit {r.returncode})"), tail)
        return r.returncode == 0, r.stdout

    def shell(self, host_line, sessions):
        cmds = [c for s in sessions for c, _ in session(s.text)]
        exps = [e for s in sessions for _, e in session(s.text)]
        where = ", ".join(f"line {s.lineno}" for s in sessions)
        if not cmds:
            raise TutorialError(f"'{host_line}' with no guest session after it")
        with tempfile.NamedTemporaryFile("w", suffix=".sh", dir=self.repo, delete=False,
                                         prefix=".tutorial-") as f:
            f.write(guest_script(cmds))
        try:
            res = self.sh(f"{host_line} RSC_SHELL_SCRIPT={f.name}", f"{host_line} ({where})")
        finally:
            os.remove(f.name)
        ok, out = res
        if not ok or self.dry_run:
            return
        got = transcript(out, len(cmds))
        for cmd, exp, act in zip(cmds, exps, got):
            if act is None:
                self.result(False, f"guest: {cmd}", ["did not run (the guest stopped before it)"])
            elif matches(exp, act):
                self.result(True, f"guest: {cmd}")
            else:
                self.result(False, f"guest: {cmd}", ["expected:"] + [f"  {e}" for e in exp]
                            + ["got:"] + [f"  {a}" for a in act])

    def run(self, bl):
        i = 0
        while i < len(bl):
            b = bl[i]
            if b.action in ("write", "append", "before"):
                try:
                    self.edit(b)
                    self.result(True, f"{b.action} {b.args[0]} (line {b.lineno})")
                except (OSError, TutorialError) as e:
                    self.result(False, f"{b.action} {b.args[0]} (line {b.lineno})", [str(e)])
                i += 1
                continue
            if b.action == "guest":
                raise TutorialError(f"{b}: a guest session with no 'make shell' before it")
            lines = [x for x in b.text.rstrip("\n").split("\n") if x.strip()]
            last = lines[-1].strip()
            shell = re.match(r"^make shell\b", last) is not None
            body = lines[:-1] if shell else lines
            if any(re.match(r"^make shell\b", x.strip()) for x in body):
                raise TutorialError(f"{b}: 'make shell' must end its host block")
            i += 1
            if body:
                ok = self.sh("\n".join(body), f"host: {'; '.join(x.strip() for x in body)} "
                             f"(line {b.lineno})")
                if not ok[0]:
                    return
            if shell:
                sessions = []
                while i < len(bl) and bl[i].action == "guest":
                    sessions.append(bl[i])
                    i += 1
                self.shell(last, sessions)


def main(argv):
    if len(argv) == 3 and argv[1] == "blocks":
        with open(argv[2]) as f:
            try:
                for b in blocks(f.read(), argv[2]):
                    print(b)
            except TutorialError as e:
                print(f"error: {e}", file=sys.stderr)
                return 1
        return 0
    if len(argv) in (4, 5) and argv[1] == "run" and argv[4:] in ([], ["--dry-run"]):
        with open(argv[2]) as f:
            text = f.read()
        try:
            bl = blocks(text, argv[2])
            r = Runner(argv[2], os.path.realpath(argv[3]), dry_run=len(argv) == 5)
            r.run(bl)
        except TutorialError as e:
            print(f"not ok - {e}")
            return 1
        print(f"1..{r.n}")
        return 1 if r.failed else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
