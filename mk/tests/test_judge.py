#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The harness held against runs that went wrong: each fabricated guest log
below is a way a run can fail, and the judge must fail it. The clean run
must pass, so that the failures are the judge's and not the fixture's."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
# The tree's openat2 selftests, as mk/rsc.sh names them when it builds them.
os.environ["RSC_OPENAT2_PROGS"] = "openat2_test resolve_test emptypath_test"
os.environ["RSC_OPENAT2_COMPARED"] = "openat2_test resolve_test"
import boot  # noqa: E402
import expect  # noqa: E402
import judge  # noqa: E402

DATA = os.path.join(HERE, "test_data")


def tap(cases, plan=None, exit=0):
    """A kselftest_harness output: cases are (name, status, reason, checks)."""
    out = ["TAP version 13", f"1..{len(cases) if plan is None else plan}"]
    for i, (name, status, reason, checks) in enumerate(cases, 1):
        out.append(f"#  RUN           {name} ...")
        out.extend(checks)
        if status == "pass":
            out += [f"#            OK  {name}", f"ok {i} {name}"]
        elif status == "skip":
            out += [f"#      SKIP      {reason}", f"#            OK  {name}",
                    f"ok {i} {name} # SKIP {reason}"]
        else:
            out += [f"#          FAIL  {name}", f"not ok {i} {name}"]
    return out


def run(name, cases, exit=0):
    """The `binaries` entry of guest_log() for one binary's run: its TAP and end marker."""
    return {name: tap(cases) + [f"# rsc-end {name} exit={exit}"]}


def cases_for(kernel, abi, binary):
    """The cases a healthy binary reports on a healthy kernel."""
    if binary == "readfile_test":
        out = []
        for v in (("rust",) if kernel == "series" else ("rust", "c_twin")):
            for t in ("reads_whole_small_file", "trace_event_format", "trace_event_records"):
                name = f"readfile.{v}.{t}"
                status, reason = "pass", ""
                if kernel == "series" and t.startswith("trace"):
                    status, reason = "skip", "no syscall trace events (CONFIG_FTRACE_SYSCALLS=n or no tracefs)"
                if t == "trace_event_records" and abi != "m64":
                    status, reason = "skip", "compat and x32 syscalls are not traced on x86"
                out.append((name, status, reason, []))
        return out
    if binary == "hardening_test":
        return [("hardening.readfile_differential", "pass", "", []),
                ("hardening.openat2_differential", "pass", "", []),
                ("hardening.register_garbage", "pass", "", []),
                ("hardening.register_garbage_openat2", "pass", "", []),
                ("hardening.openat2_full_fd_table", "pass", "", [])]
    if binary == "fail_nth_test":
        return [("global.fail_nth_procfs", "pass", "", []),
                ("global.fail_nth_openat2", "pass", "", [])]
    if binary.startswith("openat2_test"):
        # The tree's tests (6.12's print a sentence, not a name).
        return [("openat2 with normal struct argument [misalign=0] succeeds", "pass", "", []),
                ("openat2.flag_validation", "pass", "", [])]
    if binary == "module_test":
        return [("modules.load_call_unload_reload", "pass", "", []),
                ("modules.load_unload_under_calls", "pass", "", [])]
    if binary == "samples_test@module":
        return [("global.adder_matches_c_twin", "pass", "", [])]
    if binary == "hardening_test@module":
        return [("hardening.register_garbage", "pass", "", [])]
    if binary == "audit_test":
        name = "audit.readfile_logged_by_read_watch"
        if kernel in ("arm64", "um"):
            return [(name, "skip", "no audit (CONFIG_AUDIT=n)", [])]
        if abi == "mx32":
            return [(name, "skip", "x32: no syscall rule matches an x32 call, "
                     "openat() is not logged either", [])]
        return [(name, "pass", "", [])]
    if binary == "samples_test" and kernel == "debug":
        return [("global.adder_matches_c_twin", "pass", "", []),
                ("global.error_injection_into_rust_and_c_stubs", "skip",
                 "fail_function under lockdep: a report in lib/fault-inject.c", [])]
    return [("global.first", "pass", "", []), ("global.second", "pass", "", [])]


def kunit(suites):
    """KTAP as KUnit prints it at boot, with dmesg timestamps."""
    out = ["KTAP version 1", f"1..{len(suites)}"]
    for i, (suite, cases, suite_status) in enumerate(suites, 1):
        out += ["    KTAP version 1", f"    # Subtest: {suite}", f"    1..{len(cases)}"]
        for j, (name, status) in enumerate(cases, 1):
            out.append(f"    {'not ok' if status == 'fail' else 'ok'} {j} {name}"
                       + (" # SKIP" if status == "skip" else ""))
        out.append(f"{'not ok' if suite_status == 'fail' else 'ok'} {i} {suite}")
    return out


# As many doctests of the framework as its files hold.
N_DOCTESTS = judge.count_doctests(expect.SYSCALL_DOCTESTS[0][2])
DOCTESTS = [(f"rust_doctest_kernel_syscall_rs_{i}", "pass") for i in range(N_DOCTESTS)]


def doctests(kernel):
    """The doctest cases a healthy `kernel` runs (arm64 has its own)."""
    n = judge.count_doctests(expect.KERNELS[kernel].kunit[0][2])
    return [(f"rust_doctest_kernel_syscall_rs_{i}", "pass") for i in range(n)]


def guest_log(kernel="on", binaries=None, drop=(), kunit_suites=None, dmesg_head=None,
              dmesg_extra=(), kmemleak="", end=True, tainted=4096):
    spec = expect.KERNELS[kernel]
    out = [f"# rsc-mode {'--debug' if kernel == 'debug' else 'on'}"]
    for key in expect.plan(kernel):
        abi, b = key.split("/")
        if key in drop:
            continue
        lines = (binaries or {}).get(key)
        if lines is None:
            cases = cases_for(kernel, abi, b)
            if spec.off:
                cases = [(n, "skip", "syscall 463 not configured (ENOSYS)", [])
                         for n, _, _, _ in cases]
            lines = tap(cases) + [f"# rsc-end {key} exit=0"]
            if key.endswith("@c"):
                lines[-1:-1] = ["# rsc-redirect openat2 12"]
        out += [f"# rsc-begin {key} (uptime 1.0 s)"] + lines
    out += [f"# rsc-check {c} ok" for c in spec.checks]
    if spec.kmemleak:
        out += ["# rsc-kmemleak-begin"] + kmemleak.splitlines() + \
               ["# rsc-kmemleak-scanned", "# rsc-kmemleak-end"]
    out.append(f"# rsc-tainted {tainted}")
    log = dmesg_head or ["Linux version 6.12.117 (rsc@host) #1 SMP"]
    if spec.kunit or kunit_suites:
        log += kunit(kunit_suites or [("rust_doctests_kernel", doctests(kernel), "pass")])
    log += list(dmesg_extra) + ["rsc: end of tests"]
    out += ["# rsc-dmesg-begin"]
    out += [f"[{i / 100:12.6f}] {line}" for i, line in enumerate(log)]
    out += ["# rsc-dmesg-end"]
    if end:
        out.append("# rsc-end-of-run")
    return "\n".join(out) + "\n"


def fails(results):
    return [name for status, name, _ in results if status == "fail"]


class Clean(unittest.TestCase):
    def test_every_kernel_passes_when_healthy(self):
        for kernel in expect.KERNELS:
            with self.subTest(kernel=kernel):
                r = judge.judge_text(kernel, guest_log(kernel))
                self.assertEqual(fails(r), [])
                self.assertTrue(any(s == "pass" for s, _, _ in r) or kernel == "off")

    def test_off_kernel_counts_enosys_as_skips_not_passes(self):
        r = judge.judge_text("off", guest_log("off"))
        self.assertFalse(any(s == "pass" and "/m" in n for s, n, _ in r))
        self.assertTrue(any(s == "skip" for s, _, _ in r))


class Broken(unittest.TestCase):
    def assertFailsWith(self, results, part):
        f = fails(results)
        self.assertTrue(any(part in n for n in f), f"no failure naming {part!r} in {f}")

    def test_openat2_comparison_runs(self):
        self.assertIn("m32/resolve_test@c", expect.plan("on"))
        base = tap(cases_for("on", "m64", "openat2_test"))
        # A comparison run that never reached openat2_c (the library was not
        # loaded, or the test calls openat2 some other way) proves nothing.
        r = judge.judge_text("on", guest_log("on", binaries={
            "m64/openat2_test@c": base + ["# rsc-end m64/openat2_test@c exit=0"]}))
        self.assertFailsWith(r, "m64/openat2_test@c:not-redirected")
        # C's openat2 skips where the Rust one passed: the results differ.
        other = tap([("openat2 with normal struct argument [misalign=0] succeeds", "pass", "", []),
                     ("openat2.flag_validation", "skip", "not supported", [])])
        r = judge.judge_text("on", guest_log("on", binaries={
            "m64/openat2_test@c": other + ["# rsc-redirect openat2 3",
                                           "# rsc-end m64/openat2_test@c exit=0"]}))
        self.assertFailsWith(r, "m64/openat2_test@c:differs-from-rust")
        # The same verdicts with another message (6.12's tests print the
        # errno they got in the result line) differ too.
        msg = tap([("openat2 with normal struct argument [misalign=0] fails with -7", "pass", "", []),
                   ("openat2.flag_validation", "pass", "", [])])
        r = judge.judge_text("on", guest_log("on", binaries={
            "m64/openat2_test@c": msg + ["# rsc-redirect openat2 3",
                                         "# rsc-end m64/openat2_test@c exit=0"]}))
        self.assertFailsWith(r, "m64/openat2_test@c:differs-from-rust")
        # Process ids in the messages are not results: the same lines with
        # other pids are the same.
        pid = tap([("openat2 with normal struct argument [misalign=0] succeeds", "pass", "", []),
                   ("[no_magiclinks] normal path to magic-link gives path '/proc/%s/exe'", "pass",
                    "", [])])
        r = judge.judge_text("on", guest_log("on", binaries={
            "m64/openat2_test": [x.replace("%s", "511") for x in pid]
            + ["# rsc-end m64/openat2_test exit=0"],
            "m64/openat2_test@c": [x.replace("%s", "892") for x in pid]
            + ["# rsc-redirect openat2 3", "# rsc-end m64/openat2_test@c exit=0"]}))
        self.assertEqual(fails(r), [])
        # Fewer calls than tests: some test's calls went elsewhere.
        r = judge.judge_text("on", guest_log("on", binaries={
            "m64/openat2_test@c": base + ["# rsc-redirect openat2 1",
                                          "# rsc-end m64/openat2_test@c exit=0"]}))
        self.assertFailsWith(r, "m64/openat2_test@c:not-redirected")
        # A test that makes no openat2 call runs once, and is not compared.
        self.assertIn("m64/emptypath_test", expect.plan("on"))
        self.assertNotIn("m64/emptypath_test@c", expect.plan("on"))
        # A plan that should run them but does not know them is an error.
        saved = expect.OPENAT2_SELFTESTS
        try:
            expect.OPENAT2_SELFTESTS = ()
            with self.assertRaises(SystemExit):
                expect.plan("on")
        finally:
            expect.OPENAT2_SELFTESTS = saved
        # A comparison run that did not happen.
        r = judge.judge_text("on", guest_log("on", drop=("mx32/resolve_test@c",)))
        self.assertFailsWith(r, "mx32/resolve_test@c:missing")
        # The Rust openat2's differential test must pass where it runs.
        hard = tap([("hardening.readfile_differential", "pass", "", []),
                    ("hardening.openat2_differential", "skip",
                     "C's openat2 is not at a test-only number: CONFIG_RUST_OPENAT2=n (ENOSYS)", []),
                    ("hardening.register_garbage", "pass", "", [])])
        r = judge.judge_text("on", guest_log("on", binaries={
            "m64/hardening_test": hard + ["# rsc-end m64/hardening_test exit=0"]}))
        self.assertFailsWith(r, "openat2_differential")
        # ... which the cross kernels, without it, may skip.
        r = judge.judge_text("arm64", guest_log("arm64", binaries={
            "m64/hardening_test": hard + ["# rsc-end m64/hardening_test exit=0"]}))
        self.assertEqual(fails(r), [])

    def test_arm64_runs_its_own_doctests(self):
        # arm64.rs counts there, registration.rs (module syscalls) does not.
        self.assertNotEqual(judge.count_doctests(("rust/kernel/syscall/arm64.rs",)), 0)
        self.assertEqual(len(doctests("arm64")), judge.count_doctests(
            ("rust/kernel/syscall.rs", "rust/kernel/syscall/*.rs"))
            - judge.count_doctests(("rust/kernel/syscall/registration.rs",
                                    "rust/kernel/syscall/riscv.rs",
                                    "rust/kernel/syscall/generic.rs")))
        # Each kernel leaves out the other architectures' entry points.
        self.assertIn("!rust/kernel/syscall/arm64.rs", expect.SYSCALL_DOCTESTS[0][2])
        self.assertIn("!rust/kernel/syscall/x86.rs", expect.ARM64_DOCTESTS[0][2])
        # One doctest missing (arm64's entry point not built) fails the run.
        r = judge.judge_text("arm64", guest_log(
            "arm64", kunit_suites=[("rust_doctests_kernel", doctests("arm64")[1:], "pass")]))
        self.assertFailsWith(r, "rust_doctests_kernel")

    def test_um_runs_the_generic_doctests_and_skips_what_uml_lacks(self):
        # generic.rs (sys_NAME(long, ...)) counts on UML, and on no other kernel.
        self.assertNotEqual(judge.count_doctests(("rust/kernel/syscall/generic.rs",)), 0)
        self.assertIn("!rust/kernel/syscall/generic.rs", expect.SYSCALL_DOCTESTS[0][2])
        self.assertIn("!rust/kernel/syscall/generic.rs", expect.ARM64_DOCTESTS[0][2])
        self.assertNotIn("!rust/kernel/syscall/generic.rs", expect.UM_DOCTESTS[0][2])
        r = judge.judge_text("um", guest_log(
            "um", kunit_suites=[("rust_doctests_kernel", doctests("um")[1:], "pass")]))
        self.assertFailsWith(r, "rust_doctests_kernel")
        # No syscall trace events on UML: their tests may skip for that reason...
        notrace = tap([("readfile.rust.trace_event_format", "skip",
                        "no syscall trace events (CONFIG_FTRACE_SYSCALLS=n or no tracefs)", []),
                       ("readfile.rust.reads_whole_small_file", "pass", "", []),
                       ("readfile.c_twin.reads_whole_small_file", "pass", "", [])])
        log = guest_log("um", binaries={"m64/readfile_test": notrace
                                        + ["# rsc-end m64/readfile_test exit=0"]})
        self.assertEqual(fails(judge.judge_text("um", log)), [])
        # ... and for no other: the same skip on the x86 test kernel fails.
        log = guest_log("on", binaries={"m64/readfile_test": notrace
                                        + ["# rsc-end m64/readfile_test exit=0"]})
        self.assertFailsWith(judge.judge_text("on", log), "trace_event_format")

    def test_arm64_banner_after_the_cpu_line(self):
        # arm64 prints the CPU it boots on before the banner: not a wrapped log.
        head = ["Booting Linux on physical CPU 0x0000000000 [0x000f0510]",
                "Linux version 6.12.117 (rsc@host) #1 SMP"]
        self.assertEqual(fails(judge.judge_text("arm64", guest_log("arm64", dmesg_head=head))), [])
        # Only that line: anything else first is still a wrapped ring buffer.
        wrapped = ["Booting Linux on physical CPU 0x0000000000 [0x000f0510]", "random: crng init done"]
        self.assertFailsWith(judge.judge_text("arm64", guest_log("arm64", dmesg_head=wrapped)),
                             "dmesg:incomplete")

    def test_arm64_runs_no_module_test(self):
        # The module syscalls are x86 only: a module_test on arm64 is not in its plan.
        extra = ["# rsc-begin m64/module_test (uptime 1.0 s)"] + \
            tap(cases_for("arm64", "m64", "module_test")) + ["# rsc-end m64/module_test exit=0"]
        log = guest_log("arm64").replace("# rsc-tainted", "\n".join(extra) + "\n# rsc-tainted", 1)
        self.assertTrue(fails(judge.judge_text("arm64", log)))

    def test_missing_binary(self):
        self.assertFailsWith(judge.judge_text("on", guest_log(drop=("m32/readfile_test",))),
                             "m32/readfile_test:missing")

    def test_missing_abi_directory(self):
        drop = tuple(f"mx32/{b}" for b in expect.KERNELS["on"].binaries)
        r = judge.judge_text("on", guest_log(drop=drop))
        for b in expect.KERNELS["on"].binaries:
            self.assertFailsWith(r, f"mx32/{b}:missing")

    def test_enosys_skip_on_test_kernel(self):
        cases = [(f"readfile.{v}.reads_whole_small_file", "skip",
                  "syscall 463 not configured (ENOSYS)", []) for v in ("rust", "c_twin")]
        log = guest_log(binaries=run("m32/readfile_test", cases, exit=4))
        r = judge.judge_text("on", log)
        self.assertFailsWith(r, "skip-not-allowed")

    def test_required_variant_missing(self):
        cases = [("readfile.rust.reads_whole_small_file", "pass", "", [])]
        log = guest_log(binaries=run("m64/readfile_test", cases))
        self.assertFailsWith(judge.judge_text("on", log), "required")

    def test_truncated_binary_output(self):
        lines = tap(cases_for("on", "m64", "hardening_test"))[:-3]
        log = guest_log(binaries={"m64/hardening_test": lines})
        r = judge.judge_text("on", log)
        self.assertFailsWith(r, "m64/hardening_test:incomplete")
        self.assertFailsWith(r, "m64/hardening_test:plan")

    def test_truncated_guest_log(self):
        text = guest_log()
        cut = text[:text.index("# rsc-begin m32/samples_test")]
        r = judge.judge_text("on", cut)
        self.assertFailsWith(r, "missing")
        self.assertFailsWith(r, "dmesg:missing")
        self.assertFailsWith(r, "guest:incomplete")

    def test_empty_guest_output(self):
        self.assertFailsWith(judge.judge_text("on", "", status=255), "guest:no-output")

    def test_timeout(self):
        self.assertFailsWith(judge.judge_text("on", guest_log(end=False), timed_out=True),
                             "guest:timeout")

    def test_nonzero_exit_without_failure(self):
        lines = tap(cases_for("on", "m64", "samples_test")) + ["# rsc-end m64/samples_test exit=139"]
        self.assertFailsWith(judge.judge_text("on", guest_log(binaries={"m64/samples_test": lines})),
                             "exit-139")

    def test_skip_after_failed_expect(self):
        cases = cases_for("on", "m32", "readfile_test")
        i = next(k for k, c in enumerate(cases) if c[0] == "readfile.rust.trace_event_records")
        cases[i] = (cases[i][0], "skip", "compat and x32 syscalls are not traced on x86",
                    ["# readfile_test.c:540:trace_event_records:Expected 0 (0) != strstr(text, fields[i]) (0)"])
        log = guest_log(binaries=run("m32/readfile_test", cases))
        self.assertFailsWith(judge.judge_text("on", log), "skip-after-failure")

    def test_failed_test(self):
        cases = cases_for("on", "m64", "samples_test")
        cases[0] = (cases[0][0], "fail", "", ["# samples_test.c:89:first:Expected ret (1) == 0 (0)"])
        log = guest_log(binaries=run("m64/samples_test", cases, exit=1))
        self.assertFailsWith(judge.judge_text("on", log), "m64/samples_test/global.first")

    def test_kunit_suite_failure(self):
        suites = [("rust_doctests_kernel", DOCTESTS, "pass"),
                  ("other_suite", [("case", "pass")], "fail")]
        self.assertFailsWith(judge.judge_text("on", guest_log(kunit_suites=suites)),
                             "kunit/other_suite:suite")

    def test_kunit_case_failure(self):
        suites = [("rust_doctests_kernel", DOCTESTS + [("rust_doctest_x", "fail")], "fail")]
        self.assertFailsWith(judge.judge_text("on", guest_log(kunit_suites=suites)),
                             "kunit/rust_doctests_kernel/rust_doctest_x")

    def test_kunit_interrupted(self):
        text = guest_log()
        cut = "\n".join(line for line in text.splitlines()
                        if f"rust_doctest_kernel_syscall_rs_{N_DOCTESTS - 1}" not in line
                        and not line.endswith("ok 1 rust_doctests_kernel"))
        self.assertFailsWith(judge.judge_text("on", cut), "kunit:incomplete")

    def test_kunit_missing_doctests(self):
        suites = [("rust_doctests_kernel", DOCTESTS[:3], "pass")]
        self.assertFailsWith(judge.judge_text("on", guest_log(kunit_suites=suites)),
                             "kunit/rust_doctests_kernel:syscall")

    def test_no_kunit(self):
        text = "\n".join(line for line in guest_log().splitlines() if "KTAP" not in line)
        self.assertFailsWith(judge.judge_text("on", text), "kunit:no-results")

    def test_ring_buffer_wrapped(self):
        log = guest_log(dmesg_head=["ork: random: crng init done"])
        self.assertFailsWith(judge.judge_text("on", log), "dmesg:incomplete")

    def test_stale_kernel(self):
        # The guest booted a kernel other than the one just built (a stale
        # bzImage): its banner differs from the vmlinux's.
        log = guest_log()
        self.assertEqual(fails(judge.judge_text(
            "on", log, banner="Linux version 6.12.117 (rsc@host) #1 SMP")), [])
        self.assertFailsWith(judge.judge_text(
            "on", log, banner="Linux version 6.12.117 (rsc@host) #2 SMP"),
            "kernel:not-the-one-built")

    def test_dmesg_cut_off(self):
        text = guest_log()
        cut = "\n".join(line for line in text.splitlines() if "rsc: end of tests" not in line)
        self.assertFailsWith(judge.judge_text("on", cut), "dmesg:incomplete")

    def test_splat_in_dmesg(self):
        log = guest_log(dmesg_extra=["WARNING: CPU: 1 PID: 80 at fs/open.c:12 foo+0x1/0x2"])
        self.assertFailsWith(judge.judge_text("on", log), "dmesg:no-splat")

    def test_splat_on_console_only(self):
        console = ["BUG: KASAN: slab-use-after-free in readfile+0x1/0x2"]
        self.assertFailsWith(judge.judge_text("on", guest_log(), console=console),
                             "console:no-splat")

    def test_kmemleak(self):
        log = guest_log("debug", kmemleak="unreferenced object 0xffff888 (size 64):\n  comm x")
        self.assertFailsWith(judge.judge_text("debug", log), "kmemleak:no-leaks")

    def test_kmemleak_not_scanned(self):
        text = guest_log("debug").replace("# rsc-kmemleak-scanned\n", "")
        self.assertFailsWith(judge.judge_text("debug", text), "kmemleak:not-available")

    def test_off_kernel_test_runs(self):
        cases = [("global.first", "pass", "", []), ("global.second", "skip", "ENOSYS", [])]
        log = guest_log("off", binaries=run("m64/samples_test", cases))
        self.assertFailsWith(judge.judge_text("off", log), "ran-when-off")

    def test_off_kernel_skip_for_another_reason(self):
        cases = [("global.first", "skip", "needs root", []), ("global.second", "skip", "ENOSYS", [])]
        log = guest_log("off", binaries=run("m64/samples_test", cases, exit=4))
        self.assertFailsWith(judge.judge_text("off", log), "skipped-not-for-ENOSYS")

    def test_plan_of_no_tests(self):
        log = guest_log(binaries={"m64/hardening_test@module": ["TAP version 13", "1..0",
                                                                "# rsc-end m64/hardening_test@module exit=0"]})
        r = judge.judge_text("on", log)
        self.assertFailsWith(r, "m64/hardening_test@module:no-tests")
        self.assertFailsWith(r, "required")

    def test_unexpected_binary(self):
        text = guest_log().replace("# rsc-mode on\n", "# rsc-mode on\n# rsc-begin m64/new_test\n"
                                   "TAP version 13\n1..1\nnot ok 1 global.x\n"
                                   "# rsc-end m64/new_test exit=1\n")
        self.assertFailsWith(judge.judge_text("on", text), "m64/new_test:unexpected-binary")

    def test_binary_twice(self):
        lines = tap(cases_for("on", "m64", "samples_test")) + ["# rsc-end m64/samples_test exit=0"]
        text = guest_log().replace("# rsc-mode on\n", "# rsc-mode on\n# rsc-begin m64/samples_test\n"
                                   + "\n".join(lines) + "\n")
        self.assertFailsWith(judge.judge_text("on", text), "m64/samples_test:ran-twice")

    def test_crash_mid_output(self):
        # A binary killed by a signal half-way: some results, then the end marker.
        lines = tap(cases_for("on", "m64", "hardening_test"))[:-3] + \
            ["# rsc-end m64/hardening_test exit=139"]
        r = judge.judge_text("on", guest_log(binaries={"m64/hardening_test": lines}))
        self.assertFailsWith(r, "m64/hardening_test:plan")
        self.assertFailsWith(r, "m64/hardening_test:exit-139")

    def test_module_unload_failed(self):
        text = guest_log().replace("# rsc-check modules:unload ok",
                                   "# rsc-check modules:unload fail modules_gone")
        self.assertFailsWith(judge.judge_text("on", text), "check/modules:unload")

    def test_module_check_missing(self):
        text = guest_log().replace("# rsc-check modules:load ok\n", "")
        self.assertFailsWith(judge.judge_text("on", text), "check/modules:load:missing")

    def test_tainted(self):
        self.assertFailsWith(judge.judge_text("on", guest_log(tainted=4096 | 512)), "taint")

    def test_lockdep_off(self):
        text = guest_log("debug").replace("# rsc-tainted", "# rsc-debug-locks 0\n# rsc-tainted")
        self.assertFailsWith(judge.judge_text("debug", text), "lockdep:debug_locks")

    def test_kunit_skip(self):
        suites = [("rust_doctests_kernel", DOCTESTS + [("rust_doctest_y", "skip")], "pass")]
        self.assertFailsWith(judge.judge_text("on", guest_log(kunit_suites=suites)),
                             "kunit/rust_doctests_kernel/rust_doctest_y:skip-not-allowed")

    def test_dmesg_end_marker_missing(self):
        text = guest_log().replace("# rsc-dmesg-end\n", "")
        self.assertFailsWith(judge.judge_text("on", text), "dmesg:incomplete")

    def test_audit_skip_in_m32_fails_required(self):
        # The x32 skip is allowed in x32 only; an ABI-prefixed required
        # pattern holds in its ABI.
        cases = [("audit.readfile_logged_by_read_watch", "skip",
                  "x32: no syscall rule matches an x32 call, openat() is not logged either",
                  [])]
        log = guest_log(binaries=run("m32/audit_test", cases))
        r = judge.judge_text("on", log)
        self.assertFailsWith(r, "m32/audit_test/audit.readfile_logged_by_read_watch:skip-not-allowed")
        self.assertFailsWith(r, "m32:required:audit_test/")

    def test_audit_failure_in_m64(self):
        cases = [("audit.readfile_logged_by_read_watch", "fail", "",
                  ["# audit_test.c:390:readfile_logged_by_read_watch:Expected rf != NULL"])]
        log = guest_log(binaries=run("m64/audit_test", cases, exit=1))
        r = judge.judge_text("on", log)
        self.assertFailsWith(r, "m64:required:audit_test/")

    def test_no_audit_skip_only_on_cross_kernels(self):
        cases = [("audit.readfile_logged_by_read_watch", "skip", "no audit (CONFIG_AUDIT=n)", [])]
        for kernel in ("on", "debug"):
            log = guest_log(kernel, binaries=run("m64/audit_test", cases))
            self.assertFailsWith(judge.judge_text(kernel, log), "skip-not-allowed")

    def test_skip_does_not_satisfy_required(self):
        cases = [(n, "skip", "compat and x32 syscalls are not traced on x86", [])
                 for n, _, _, _ in cases_for("on", "m64", "readfile_test")]
        log = guest_log(binaries=run("m64/readfile_test", cases))
        self.assertFailsWith(judge.judge_text("on", log), "required")

    def test_guest_exit_status(self):
        self.assertFailsWith(judge.judge_text("on", guest_log(), status=1), "guest:exit-1")


class Fixtures(unittest.TestCase):
    """Logs of real runs, cut down: see test_data/README."""

    def test_data(self):
        logs = [n for n in os.listdir(DATA) if n.endswith(".log")]
        self.assertTrue(any("-good-" in n for n in logs) and any("-bad-" in n for n in logs))
        for name in sorted(os.listdir(DATA)):
            if not name.endswith(".log"):
                continue
            kernel, verdict = name[:-4].split("-", 2)[:2]
            with self.subTest(log=name):
                with open(os.path.join(DATA, name)) as f:
                    r = judge.judge_text(kernel, f.read())
                if verdict == "good":
                    self.assertEqual(fails(r), [])
                else:
                    self.assertNotEqual(fails(r), [])


class Boot(unittest.TestCase):
    def test_hung_guest_is_killed_with_its_children(self):
        # A "guest" that never ends, with a child that holds the output pipe.
        script = "sleep 317 & echo started; sleep 317"
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "log")
            t0 = time.monotonic()
            with open(log, "wb") as f, open(os.devnull, "w") as null:
                status = boot.run(["sh", "-c", script], 2, f, echo=None)
            took = time.monotonic() - t0
            self.assertEqual(status, boot.TIMEOUT_STATUS)
            self.assertLess(took, 15)
            with open(log) as f:
                self.assertIn("started", f.read())
            # Nothing of it is left.
            left = subprocess.run(["pgrep", "-f", "sleep 317"], capture_output=True, text=True)
            self.assertEqual(left.stdout.strip(), "")

    def test_end_marker_stops_the_guest(self):
        script = "echo one; printf '# end\\r\\n'; echo after; sleep 300"
        with tempfile.TemporaryDirectory() as d:
            log = os.path.join(d, "log")
            t0 = time.monotonic()
            with open(log, "wb") as f:
                status = boot.run(["sh", "-c", script], 60, f, echo=None, end_marker=b"# end\n")
            self.assertEqual(status, 0)
            self.assertLess(time.monotonic() - t0, 10)
            with open(log, "rb") as f:
                self.assertEqual(f.read(), b"one\n# end\r\nafter\n")

    def test_exit_status_and_console(self):
        with tempfile.TemporaryDirectory() as d:
            log, con = os.path.join(d, "log"), os.path.join(d, "console")
            with open(log, "wb") as f, open(con, "wb") as c:
                status = boot.run(["sh", "-c", "echo out; echo console >&2; exit 3"], 30, f, c,
                                  echo=None)
            self.assertEqual(status, 3)
            with open(log) as f, open(con) as c:
                self.assertEqual((f.read(), c.read()), ("out\n", "console\n"))


if __name__ == "__main__":
    unittest.main()
