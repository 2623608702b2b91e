#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a guest run: parse what mk/guest/tests.sh printed, hold it against
what must run on that kernel (mk/expect.py), and print one result per line,

    pass|fail|skip KERNEL/NAME [detail]

for `make check` to count. The guest only reports; every decision is taken
here, so that a run that went wrong in any way fails:

  * a selftest binary that must run and did not, or whose TAP output stops
    before its plan is complete, or that exits non-zero with no failure;
  * a test that fails, and a test that skips where no skip is allowed
    (ENOSYS on a kernel where the syscall is configured is a failure);
  * a test that skips after one of its checks failed (kselftest_harness
    reports it as a skip);
  * on the CONFIG-off kernel, a test that runs, or skips for a reason other
    than ENOSYS;
  * KUnit: a failed case or suite, an incomplete plan, a suite that must run
    and did not;
  * a kernel log that is incomplete (the ring buffer wrapped, or the dump is
    cut off), or that holds a warning, oops, lockdep, KASAN or UBSAN report,
    in the log or on the console;
  * kmemleak reports on the debug kernel;
  * a guest that timed out, or whose output stops before the end marker.

Usage: judge.py KERNEL GUEST_LOG [--console FILE] [--status N] [--timeout]
"""

import argparse
import os
import re
import sys
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expect  # noqa: E402

# What a kernel report looks like, in the log or on the console.
SPLAT = re.compile(r"WARNING:|BUG:|Oops|Call Trace:|KASAN:|UBSAN:|kernel BUG|"
                   r"possible circular locking|inconsistent lock state|"
                   r"possible recursive locking|Kernel panic|general protection fault|"
                   r"soft lockup|hung_task|rcu: INFO: .*stall|self-detected stall")
# Taint flags a healthy test run may have: O (out-of-tree module, the module
# syscalls), E (unsigned module), N (TAINT_TEST, module syscalls registered).
TAINT_ALLOWED = (1 << 12) | (1 << 13) | (1 << 18)
TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\]\s?")
BANNER = re.compile(r"^Linux version \d")
# What arm64 prints before the banner (smp_setup_processor_id()).
PRE_BANNER = re.compile(r"^Booting Linux on physical CPU ")
END_OF_TESTS = "rsc: end of tests"


@dataclass
class Case:
    name: str
    status: str          # pass, fail, skip
    reason: str = ""
    failed_check: str = ""   # a failed EXPECT/ASSERT line printed before the result


@dataclass
class Binary:
    name: str            # ABI/binary
    lines: list = field(default_factory=list)
    exit: int = None     # None: no end marker
    plan: int = None
    cases: list = field(default_factory=list)


@dataclass
class Run:
    mode: str = None
    binaries: dict = field(default_factory=dict)
    kmemleak: list = None
    kmemleak_scanned: bool = False
    dmesg: list = None
    dmesg_complete: bool = False
    end: bool = False
    duplicates: list = field(default_factory=list)
    checks: list = field(default_factory=list)   # (name, ok, detail)
    tainted: int = None
    debug_locks: int = None


# A TAP result: kselftest_harness names a test in one word, kselftest.h's
# ksft_test_result_*() with a sentence (6.12's openat2 tests), and
# ksft_test_result_skip() may give none.
TAP_RESULT = re.compile(r"^(not )?ok (\d+)(?: (.*?))?(?:\s*#\s*(SKIP|skip|XFAIL|XPASS)\s*(.*))?$")
# kselftest_harness: "# file.c:12:test:Expected a (1) == b (2)", and the
# harness's own messages for a test that died or timed out.
FAILED_CHECK = re.compile(r"^#\s+.+:\d+:\w+:Expected |"
                          r"^#\s+\w+: Test terminated|^#\s+\w+: Test ended in some other way")
# What the openat2 redirection library reports at exit (comparison runs).
REDIRECT = re.compile(r"^# rsc-redirect openat2 (\d+)$")
# A host-side check the guest script makes: "# rsc-check NAME ok|fail DETAIL".
GUEST_CHECK = re.compile(r"^# rsc-check (\S+) (ok|fail)\b ?(.*)$")


def parse_tap(b):
    """Cases, plan and failed checks of one selftest binary's TAP output."""
    pending = ""
    for line in b.lines:
        if b.plan is None:
            m = re.match(r"^1\.\.(\d+)$", line)
            if m:
                b.plan = int(m.group(1))
                continue
        if line.startswith("#  RUN "):
            pending = ""
            continue
        m = TAP_RESULT.match(line)
        if m:
            status = "fail" if m.group(1) else ("skip" if m.group(4) else "pass")
            if m.group(4) in ("XFAIL", "XPASS"):
                # Not used by these tests: an expected failure is still one.
                status = "fail"
            b.cases.append(Case(m.group(3), status, (m.group(5) or "").strip(), pending))
            pending = ""
            continue
        if not pending and FAILED_CHECK.match(line):
            pending = line.lstrip("# ").strip()


def tap_results(b):
    """The TAP result lines of a binary, without their numbers, and with the
    process ids some of them name (resolve_test's "/proc/697/exe") as PID."""
    return [re.sub(r"/proc/\d+/", "/proc/PID/", re.sub(r"^(not )?ok \d+ ", r"\1ok ", line))
            for line in b.lines if TAP_RESULT.match(line)]


def parse(text):
    """Split a guest log into its sections."""
    run = Run()
    cur = None
    section = None
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if line.startswith("# rsc-mode "):
            run.mode = line.split()[2]
            continue
        m = re.match(r"^# rsc-begin (\S+)", line)
        if m:
            if m.group(1) in run.binaries:
                run.duplicates.append(m.group(1))
            cur = run.binaries[m.group(1)] = Binary(m.group(1))
            continue
        m = re.match(r"^# rsc-end (\S+) exit=(\d+)", line)
        if m and cur is not None and m.group(1) == cur.name:
            cur.exit = int(m.group(2))
            cur = None
            continue
        if cur is not None:
            cur.lines.append(line)
            continue
        m = GUEST_CHECK.match(line)
        if m:
            run.checks.append((m.group(1), m.group(2) == "ok", m.group(3)))
            continue
        m = re.match(r"^# rsc-tainted (\d+)$", line)
        if m:
            run.tainted = int(m.group(1))
            continue
        m = re.match(r"^# rsc-debug-locks (\d+)$", line)
        if m:
            run.debug_locks = int(m.group(1))
            continue
        if line == "# rsc-kmemleak-begin":
            run.kmemleak, section = [], "kmemleak"
            continue
        if line == "# rsc-kmemleak-scanned":
            run.kmemleak_scanned = True
            continue
        if line == "# rsc-dmesg-begin":
            run.dmesg, section = [], "dmesg"
            continue
        if line in ("# rsc-kmemleak-end", "# rsc-dmesg-end"):
            if section == "dmesg":
                run.dmesg_complete = True
            section = None
            continue
        if line == "# rsc-end-of-run":
            run.end = True
            continue
        if section == "kmemleak":
            run.kmemleak.append(line)
        elif section == "dmesg":
            run.dmesg.append(TIMESTAMP.sub("", line))
    for b in run.binaries.values():
        parse_tap(b)
    return run


@dataclass
class KTest:
    name: str
    status: str
    depth: int


def parse_ktap(lines):
    """KUnit results from the kernel log: ([KTest], [problem]).

    Suites are the results at depth 0, their cases one level down (four spaces
    each). A plan that announces more results than follow is a problem.
    """
    tests, problems = [], []
    plans = {}       # depth -> (announced, seen)
    suite = None
    started = False
    for line in lines:
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        if stripped.startswith(("KTAP version", "TAP version")):
            started = True
            # A new stream at this depth: the previous one must be complete.
            old = plans.pop(depth, None)
            if old and old[1] < old[0] and depth == 0:
                problems.append(f"a stream of {old[0]} suites stopped after {old[1]}")
            continue
        if not started:
            continue
        m = re.match(r"^1\.\.(\d+)$", stripped)
        if m:
            plans[depth] = [int(m.group(1)), 0]
            continue
        m = re.match(r"^# Subtest: (\S+)", stripped)
        if m and depth == 1:
            suite = m.group(1)
            continue
        m = TAP_RESULT.match(stripped)
        if not m:
            continue
        status = "fail" if m.group(1) else ("skip" if m.group(4) else "pass")
        name = m.group(3)
        if depth in plans:
            plans[depth][1] += 1
        if depth == 0:
            # The suite's own line closes its cases' plan.
            inner = plans.pop(1, None)
            if inner and inner[1] < inner[0]:
                problems.append(f"{name}: {inner[1]} of {inner[0]} results")
            tests.append(KTest(name, status, 0))
            suite = None
        else:
            tests.append(KTest(f"{suite or '?'}/{name}", status, depth))
    for depth, (announced, seen) in plans.items():
        if seen < announced:
            problems.append(f"depth {depth}: {seen} of {announced} results")
    return tests, problems


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def count_doctests(globs, repo=REPO):
    """The rustdoc examples (``` blocks not marked ignore) in files of the repo;
    a glob starting with ! takes files out (another architecture's)."""
    import glob
    n = 0
    paths = set()
    for g in globs:
        if not g.startswith("!"):
            paths.update(glob.glob(os.path.join(repo, g)))
    for g in globs:
        if g.startswith("!"):
            paths.difference_update(glob.glob(os.path.join(repo, g[1:])))
    for path in sorted(paths):
        inside = False
        with open(path) as f:
            for line in f:
                m = re.match(r"^\s*//[/!]\s*```(\S*)\s*$", line)
                if not m:
                    continue
                if inside:
                    inside = False
                else:
                    inside = True
                    n += "ignore" not in m.group(1) and m.group(1) in ("", "rust", "no_run")
    return n


class Judge:
    def __init__(self, kernel, spec, banner=None):
        self.kernel = kernel
        self.spec = spec
        # The "Linux version" line of the vmlinux just built, if known.
        self.banner = banner
        self.results = []

    def add(self, status, name, detail=""):
        self.results.append((status, f"{self.kernel}/{name}", detail))

    def allowed_skip(self, full, reason):
        for s in self.spec.skips:
            if re.search(s.test, full) and re.search(s.reason, reason):
                return s
        return None

    def selftests(self, run):
        expected = set(expect.plan(self.kernel)) if self.kernel in expect.KERNELS else {
            f"{abi}/{name}" for abi in self.spec.abis for name in self.spec.binaries}
        for key in run.binaries:
            if key not in expected:
                self.add("fail", f"{key}:unexpected-binary",
                         "not in mk/expect.py: add it there, or do not run it")
        for key in run.duplicates:
            self.add("fail", f"{key}:ran-twice", "two sections for one binary")
        for key in sorted(expected):
            b = run.binaries.get(key)
            if b is None:
                self.add("fail", f"{key}:missing", "the binary did not run in the guest")
                continue
            self.binary(b)
        for key in sorted(k for k in expected if k.endswith("@c")):
            self.comparison(run.binaries.get(key), run.binaries.get(key[:-2]))
        # A required test must have passed, not skipped.
        names = [f"{b}/{c.name}" for b in run.binaries
                 for c in run.binaries[b].cases if c.status == "pass"]
        for pat in self.spec.required:
            # "ABI/binary/test": required in that ABI only.
            abis = self.spec.abis
            if pat.split("/", 1)[0] in abis:
                only, pat = pat.split("/", 1)
                abis = (only,)
            binary = pat.split("/", 1)[0]
            for abi in abis:
                # Only where the plan runs that binary.
                if f"{abi}/{binary}" not in expected:
                    continue
                if not any(re.search(pat, n) for n in names if n.startswith(abi + "/")):
                    self.add("fail", f"{abi}:required:{pat}", "did not pass (failed, skipped or absent)")

    def comparison(self, b, base):
        """A run of `base`'s binary with its openat2 calls sent to C's
        openat2: it must have sent some, and its results must be `base`'s,
        line for line (same tests, same order, same verdicts and messages)."""
        if b is None or base is None:
            return
        sent = sum(int(m.group(1)) for m in map(REDIRECT.match, b.lines) if m)
        ours, theirs = tap_results(base), tap_results(b)
        # At least a call a test: fewer, and some test did not reach openat2_c.
        if sent < max(len(theirs), 1):
            self.add("fail", f"{b.name}:not-redirected",
                     f"{sent} openat2 calls reached openat2_c for {len(theirs)} tests")
        if ours != theirs:
            diff = next((f"{x!r} on Rust, {y!r} on C" for x, y in zip(ours, theirs) if x != y),
                        f"{len(ours)} results on Rust, {len(theirs)} on C")
            self.add("fail", f"{b.name}:differs-from-rust", diff)
        else:
            self.add("pass", f"{b.name}:same-as-rust", f"{len(ours)} results, {sent} calls")

    def binary(self, b):
        if not b.cases and b.plan is None:
            self.add("fail", f"{b.name}:no-tap-output", f"exit {b.exit}")
            return
        if b.plan == 0 or (b.plan is not None and not b.cases):
            self.add("fail", f"{b.name}:no-tests", "the binary ran no test (plan 1..0)")
        for c in b.cases:
            full = f"{b.name}/{c.name}"
            if c.status == "fail":
                self.add("fail", full, c.failed_check)
            elif self.spec.off:
                if c.status == "pass":
                    self.add("fail", f"{full}:ran-when-off",
                             "a syscall that should be off answered")
                elif re.search(r"\(ENOSYS\)$", c.reason) and not c.failed_check:
                    self.add("skip", full, c.reason)
                else:
                    self.add("fail", f"{full}:skipped-not-for-ENOSYS", c.reason)
            elif c.status == "skip":
                if c.failed_check:
                    self.add("fail", f"{full}:skip-after-failure", c.failed_check)
                elif self.allowed_skip(full, c.reason):
                    self.add("skip", full, c.reason)
                else:
                    self.add("fail", f"{full}:skip-not-allowed", c.reason)
            else:
                self.add("pass", full)
        if b.exit is None:
            self.add("fail", f"{b.name}:incomplete", "no end marker: the binary or guest died")
        if b.plan is None:
            self.add("fail", f"{b.name}:no-plan")
        elif len(b.cases) != b.plan:
            self.add("fail", f"{b.name}:plan", f"{len(b.cases)} results for a plan of {b.plan}")
        if b.exit not in (None, 0, 4) and not any(c.status == "fail" for c in b.cases):
            self.add("fail", f"{b.name}:exit-{b.exit}", "non-zero exit with no failed test")

    def kunit(self, run):
        tests, problems = parse_ktap(run.dmesg or [])
        if not tests:
            # A kernel without KUnit (the series') has nothing to report.
            if self.spec.kunit:
                self.add("fail", "kunit:no-results", "no KTAP output in the kernel log")
            return
        for p in problems:
            self.add("fail", "kunit:incomplete", p)
        for t in tests:
            if t.depth == 0:
                if t.status == "fail":
                    self.add("fail", f"kunit/{t.name}:suite", "the suite reported not ok")
                continue
            if t.status == "skip":
                # As for selftests: a skip only where expect.py allows it.
                if self.allowed_skip(f"kunit/{t.name}", ""):
                    self.add("skip", f"kunit/{t.name}")
                else:
                    self.add("fail", f"kunit/{t.name}:skip-not-allowed")
                continue
            self.add(t.status, f"kunit/{t.name}")
        for suite, text, least in self.spec.kunit:
            if not isinstance(least, int):
                least = count_doctests(least)
            n = sum(1 for t in tests if t.depth and t.status == "pass"
                    and t.name.startswith(suite + "/") and text in t.name.split("/", 1)[1])
            if n < least:
                self.add("fail", f"kunit/{suite}:{text}",
                         f"{n} test cases with '{text}' in their name, expected >= {least}")

    def kernel_log(self, run, console):
        if run.dmesg is None:
            self.add("fail", "dmesg:missing", "the guest did not print its kernel log")
            return
        first = run.dmesg[1:2] if run.dmesg and PRE_BANNER.match(run.dmesg[0]) else run.dmesg[:1]
        if not first or not BANNER.match(first[0]):
            self.add("fail", "dmesg:incomplete",
                     "the log does not start with the boot banner: the ring buffer wrapped")
        elif self.banner and first[0].strip() != self.banner.strip():
            self.add("fail", "kernel:not-the-one-built",
                     f"the guest ran '{first[0].strip()}', the build made "
                     f"'{self.banner.strip()}'")
        elif self.banner:
            self.add("pass", "kernel:the-one-built")
        if not run.dmesg_complete or not any(END_OF_TESTS in line for line in run.dmesg[-20:]):
            self.add("fail", "dmesg:incomplete", "the log does not end with the end-of-tests marker")
        for where, lines in (("dmesg", run.dmesg), ("console", console)):
            if lines is None:
                continue
            hits = [i for i, line in enumerate(lines) if SPLAT.search(line)]
            if hits:
                i = hits[0]
                self.add("fail", f"{where}:no-splat", " | ".join(lines[i:i + 3]).strip())
            else:
                self.add("pass", f"{where}:no-splat")

    def guest_checks(self, run):
        """What the guest script checked itself, and what it must have."""
        seen = set()
        for name, ok, detail in run.checks:
            seen.add(name)
            self.add("pass" if ok else "fail", f"check/{name}", detail)
        for name in self.spec.checks:
            if name not in seen:
                self.add("fail", f"check/{name}:missing", "the guest did not make this check")

    def taint(self, run):
        if run.tainted is None:
            self.add("fail", "taint:missing", "the guest did not print /proc/sys/kernel/tainted")
        elif run.tainted & ~TAINT_ALLOWED:
            self.add("fail", "taint", f"/proc/sys/kernel/tainted is {run.tainted:#x}: "
                     "the kernel reported a problem")
        else:
            self.add("pass", "taint")
        # Lockdep turns itself off after its first report.
        if run.debug_locks == 0:
            self.add("fail", "lockdep:debug_locks", "lockdep turned itself off: see the log")

    def kmemleak(self, run):
        if run.kmemleak is None or not run.kmemleak_scanned:
            self.add("fail", "kmemleak:not-available", "no kmemleak scan in the guest")
            return
        n = sum(1 for line in run.kmemleak if line.startswith("unreferenced object"))
        if n:
            self.add("fail", "kmemleak:no-leaks", f"{n} unreferenced objects")
        else:
            self.add("pass", "kmemleak:no-leaks")

    def judge(self, run, console=None, status=0, timed_out=False):
        if timed_out:
            self.add("fail", "guest:timeout", "the guest ran past its time limit and was killed")
        if run.mode is None:
            self.add("fail", "guest:no-output", f"the guest printed nothing (exit {status})")
            return self.results
        self.selftests(run)
        self.kunit(run)
        self.guest_checks(run)
        if self.spec.kmemleak:
            self.kmemleak(run)
        self.taint(run)
        self.kernel_log(run, console)
        if not run.end:
            self.add("fail", "guest:incomplete", "the output stops before the end marker")
        elif status != 0 and not timed_out:
            self.add("fail", f"guest:exit-{status}", "the guest command failed")
        return self.results


def judge_text(kernel, text, console=None, status=0, timed_out=False, spec=None, banner=None):
    spec = spec or expect.KERNELS[kernel]
    return Judge(kernel, spec, banner).judge(parse(text), console, status, timed_out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kernel", choices=sorted(expect.KERNELS))
    ap.add_argument("log")
    ap.add_argument("--console")
    ap.add_argument("--status", type=int, default=0)
    ap.add_argument("--timeout", action="store_true")
    ap.add_argument("--banner", help="the 'Linux version' line of the kernel built")
    a = ap.parse_args()
    with open(a.log, errors="replace") as f:
        text = f.read()
    console = None
    if a.console and os.path.exists(a.console):
        with open(a.console, errors="replace") as f:
            console = f.read().splitlines()
    try:
        results = judge_text(a.kernel, text, console, a.status, a.timeout, banner=a.banner)
    except Exception as e:  # noqa: BLE001 - a crash of the judge fails the run
        print(f"fail {a.kernel}/judge:crashed ({type(e).__name__}: {e})")
        return 1
    bad = 0
    for status, name, detail in results:
        print(f"{status} {name}" + (f" ({detail})" if detail else ""))
        bad += status == "fail"
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
