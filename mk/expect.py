# SPDX-License-Identifier: GPL-2.0
"""What must run on each test kernel, and the only skips allowed there.

Data only; mk/judge.py holds a guest run against it. Every selftest binary
listed must run in every ABI listed, print a complete TAP plan of at least
one test and report each of its tests, and no other binary may run; every
test matching a `required` pattern must be among those that passed (a
pattern that starts with an ABI, "m32/binary/test", in that ABI only). A
test that skips fails the run unless a `Skip` below allows it on that
kernel, for the reason it gives. On a kernel built with every syscall
option off (`off=True`), the only thing allowed is a skip for ENOSYS.
"""

import os
import re
import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Skip:
    """A skip allowed on a kernel: `test` (regex on `ABI/binary/test`) may
    skip if its reason matches `reason` (regex); `why` says why that is fine."""
    test: str
    reason: str
    why: str


@dataclass(frozen=True)
class Kernel:
    binaries: tuple
    abis: tuple = ("m64", "m32", "mx32")
    # Binaries that run in fewer ABIs than `abis`: {binary: (abi, ...)}.
    only: dict = field(default_factory=dict)
    required: tuple = ()
    skips: tuple = ()
    off: bool = False
    kmemleak: bool = False
    # Checks the guest script makes itself ("# rsc-check NAME ok|fail").
    checks: tuple = ()
    # KUnit suites that must have run: (suite, text, files): at least as many
    # test cases whose name contains `text` as there are doctests in `files`
    # (globs in the repository), or (suite, text, number).
    kunit: tuple = ()
    # The tree's openat2 selftests run too (OPENAT2_SELFTESTS), and again on
    # C's openat2 (OPENAT2_COMPARED).
    openat2: bool = False


def _test_progs(rel):
    """The TEST_GEN_PROGS of a selftest Makefile of the repository, in order."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), rel)
    with open(path) as f:
        text = f.read().replace("\\\n", " ")
    if re.search(r"^\s*(ifn?eq|ifn?def)\b|^TEST_GEN_PROGS.*\$\(", text, re.M):
        raise SystemExit(f"{path}: TEST_GEN_PROGS must be plain names (no conditionals, no $(...))")
    out = []
    for m in re.finditer(r"^TEST_GEN_PROGS\s*:?\+?=(.*)$", text, re.M):
        out += m.group(1).split()
    return tuple(out)


# readfile's selftests and every test of tools/testing/selftests/rust_syscalls/
# (a test added to its Makefile's TEST_GEN_PROGS runs wherever these do).
ALL_SELFTESTS = ("readfile_test",) + _test_progs("tools/testing/selftests/rust_syscalls/Makefile")

# The tree's openat2 selftests, unchanged: what their Makefile builds, on the
# Rust openat2 (CONFIG_RUST_OPENAT2), and those that call openat2(2) again
# on C's (@c: their openat2 calls sent to openat2_c). mk/judge.py requires
# the two runs' results to be the same. mk/rsc.sh names them when it builds
# them (RSC_OPENAT2_PROGS, RSC_OPENAT2_COMPARED); a plan that needs them
# without is an error, not a plan without them.
OPENAT2_SELFTESTS = tuple(os.environ.get("RSC_OPENAT2_PROGS", "").split())
OPENAT2_COMPARED = tuple(os.environ.get("RSC_OPENAT2_COMPARED", "").split())

# The samples built as modules, tested at the numbers the modules registered.
MODULE_RUNS = ("samples_test@module", "hardening_test@module")

# x86 never traces compat syscalls (ARCH_TRACE_IGNORE_COMPAT_SYSCALLS).
TRACE_COMPAT = Skip(r"(m32|mx32)/readfile_test/readfile\.[a-z_]+\.trace_event_records$",
                    r"compat and x32 syscalls are not traced",
                    "x86 does not trace compat syscalls, C or Rust")

# Both readfile implementations run on the test kernels.
BOTH_READFILES = (r"readfile_test/readfile\.rust\.reads_whole_small_file$",
                  r"readfile_test/readfile\.c_twin\.reads_whole_small_file$",
                  r"hardening_test/hardening\.readfile_differential$",
                  r"hardening_test/hardening\.register_garbage$")

# The Rust openat2 against C's, on random arguments (the differential fuzzer).
OPENAT2_REQUIRED = (r"hardening_test/hardening\.openat2_differential$",
                    r"hardening_test/hardening\.register_garbage_openat2$",
                    r"hardening_test/hardening\.openat2_full_fd_table$",
                    r"fail_nth_test/global\.fail_nth_openat2$")

# A watch with read permission logs readfile() as it logs openat(): readfile
# is in audit's read class (include/asm-generic/audit_read.h).
AUDIT_REQUIRED = (r"m64/audit_test/audit\.readfile_logged_by_read_watch$",
                  r"m32/audit_test/audit\.readfile_logged_by_read_watch$")
AUDIT_X32 = Skip(r"mx32/audit_test/audit\.readfile_logged_by_read_watch$",
                 r"x32: no syscall rule matches an x32 call, openat\(\) is not logged either",
                 "x32 numbers carry __X32_SYSCALL_BIT, past the 2048 bits of a rule's syscall "
                 "mask: no syscall rule matches an x32 call, C's openat() neither (the test "
                 "checks it before it skips)")
# Binaries that change the kernel for every later run, in every ABI after
# all the others: once audit_test has enabled audit, every task forked
# afterwards takes audit's system call path (audit_ever_enabled is never
# cleared).
RUN_LAST = ("audit_test",)
# The cross kernels are built without networking, which audit needs.
NO_AUDIT = Skip(r"audit_test/audit\.readfile_logged_by_read_watch$",
                r"no audit \(CONFIG_AUDIT=n\)",
                "CONFIG_AUDIT depends on NET, which the cross kernels do not have; the x86_64 "
                "test and debug kernels run the test")

# The cross kernels have no Rust openat2 (an x86_64 test option).
NO_RUST_OPENAT2 = Skip(r"(hardening_test/hardening\.(openat2_differential|openat2_full_fd_table|"
                       r"register_garbage_openat2)|"
                       r"fail_nth_test/global\.fail_nth_openat2)$",
                       r"CONFIG_RUST_OPENAT2=n",
                       "CONFIG_RUST_OPENAT2 is x86_64 only: the tree's openat2 selftests "
                       "build for x86's three ABIs, and the cross kernels run without it")

# The module syscalls: their own tests, and the samples' tests and the
# register-garbage test at the numbers the samples built as modules took.
MODULE_REQUIRED = (r"module_test/modules\.load_unload_under_calls$",
                   r"samples_test@module/global\.adder_matches_c_twin$",
                   r"hardening_test@module/hardening\.register_garbage$")
MODULE_CHECKS = ("modules:load", "modules:unload")

# The framework's doctests (rust/kernel/syscall*.rs) run in KUnit.
# The entry points of each architecture, each with its doctest: a kernel runs
# those of its own architecture only.
# (UML, x86_64 without a syscall wrapper, has those of include/linux/syscalls.h.)
ARCH_ENTRY_FILES = {"x86_64": "rust/kernel/syscall/x86.rs",
                    "arm64": "rust/kernel/syscall/arm64.rs",
                    "riscv": "rust/kernel/syscall/riscv.rs",
                    "um": "rust/kernel/syscall/generic.rs"}


def doctests_of(arch, *excluded):
    """The framework's doctests (rust/kernel/syscall*.rs) a kernel of `arch`
    runs in KUnit: not the other architectures' entry points, nor `excluded`."""
    return (("rust_doctests_kernel", "syscall",
             ("rust/kernel/syscall.rs", "rust/kernel/syscall/*.rs")
             + tuple(f"!{f}" for f in sorted(set(ARCH_ENTRY_FILES.values()) - {ARCH_ENTRY_FILES[arch]}))
             + tuple(f"!{f}" for f in excluded)),)


SYSCALL_DOCTESTS = doctests_of("x86_64")
# The module syscalls (registration.rs) are x86 only.
ARM64_DOCTESTS = doctests_of("arm64", "rust/kernel/syscall/registration.rs")
UM_DOCTESTS = doctests_of("um", "rust/kernel/syscall/registration.rs")

KERNELS = {
    # The test kernel: every syscall of the project, the C twins.
    "on": Kernel(binaries=ALL_SELFTESTS + MODULE_RUNS, openat2=True,
                 required=BOTH_READFILES + MODULE_REQUIRED + OPENAT2_REQUIRED + AUDIT_REQUIRED,
                 skips=(TRACE_COMPAT, AUDIT_X32), kunit=SYSCALL_DOCTESTS, checks=MODULE_CHECKS),
    # The same with KASAN, UBSAN, lockdep and kmemleak, which make every call
    # several times slower (tests.sh --debug: fewer fuzz tuples and module
    # cycles, a shorter race): the same tests, the same doctests.
    "debug": Kernel(
        binaries=ALL_SELFTESTS + MODULE_RUNS,
        required=BOTH_READFILES + MODULE_REQUIRED + OPENAT2_REQUIRED + AUDIT_REQUIRED,
        kunit=SYSCALL_DOCTESTS, checks=MODULE_CHECKS, kmemleak=True,
        skips=(TRACE_COMPAT, AUDIT_X32,
               Skip(r"samples_test/global\.error_injection_into_rust_and_c_stubs$",
                    r"fail_function under lockdep",
                    "the test skips under lockdep on either tree: 6.12's fail_function "
                    "calls should_fail() in int3 context, which takes crngs.lock, and "
                    "lockdep reports it and turns itself off"))),
    # The patch series alone, built without CONFIG_FTRACE_SYSCALLS.
    "series": Kernel(
        binaries=("readfile_test",),
        required=(r"readfile_test/readfile\.rust\.reads_whole_small_file$",),
        skips=(TRACE_COMPAT,
               Skip(r"readfile_test/readfile\.rust\.trace_event_(format|records)$",
                    r"no syscall trace events",
                    "the series kernel is built without CONFIG_FTRACE_SYSCALLS"),
               Skip(r"readfile_test/readfile\.rust\.unprivileged_eacces$",
                    r"CONFIG_MULTIUSER=n",
                    "the series kernel is tinyconfig's: no users but root (the test "
                    "kernels run it)"))),
    # `make module-check`: the test kernel, module syscall tests only.
    "modules": Kernel(binaries=("module_test",) + MODULE_RUNS, required=MODULE_REQUIRED,
                      kunit=SYSCALL_DOCTESTS, checks=MODULE_CHECKS),
    # The arm64 test kernel (make cross): readfile, the samples and the C
    # twins in the native ABI (the test syscalls are not in the AArch32
    # table); not the module syscalls, an x86-only development mode.
    "arm64": Kernel(binaries=tuple(b for b in ALL_SELFTESTS if b != "module_test"),
                    abis=("m64",), required=BOTH_READFILES, kunit=ARM64_DOCTESTS,
                    skips=(NO_RUST_OPENAT2, NO_AUDIT)),
    # The UML test kernel (make cross): the same in the 64-bit ABI (UML has
    # no ia32 or x32 emulation), without function error injection, which UML
    # does not have, nor syscall trace events, which 6.12's does not.
    "um": Kernel(binaries=tuple(b for b in ALL_SELFTESTS if b != "module_test"),
                 abis=("m64",), required=BOTH_READFILES, kunit=UM_DOCTESTS,
                 skips=(NO_RUST_OPENAT2, NO_AUDIT,
                        Skip(r"readfile_test/readfile\.[a-z_]+\.trace_event_(format|records)$",
                             r"no syscall trace events",
                             "6.12's UML has no syscall trace events "
                             "(HAVE_SYSCALL_TRACEPOINTS); the UML kernel is built without"),
                        Skip(r"samples_test/global\.error_injection_into_rust_and_c_stubs$",
                             r"no fail_function in debugfs",
                             "UML has no function error injection "
                             "(HAVE_FUNCTION_ERROR_INJECTION)"))),
    # The series with readfile off, and none of the test-only syscalls:
    # each test must skip for ENOSYS.
    "off": Kernel(binaries=ALL_SELFTESTS, off=True),
}


def plan(kernel):
    """What runs on `kernel`, in order: ABI/binary, ABI/binary@module."""
    spec = KERNELS[kernel]
    binaries = spec.binaries
    if spec.openat2:
        if not OPENAT2_SELFTESTS or not OPENAT2_COMPARED:
            raise SystemExit(f"the plan of {kernel} runs the tree's openat2 selftests: "
                             "RSC_OPENAT2_PROGS and RSC_OPENAT2_COMPARED name them "
                             "(mk/rsc.sh sets them when it builds them)")
        binaries += OPENAT2_SELFTESTS + tuple(f"{p}@c" for p in OPENAT2_COMPARED)
    out = []
    for name in binaries:
        for abi in spec.abis:
            if abi in spec.only.get(name, spec.abis):
                out.append(f"{abi}/{name}")
    # Plain runs first, then the comparison runs on C's openat2, then those
    # at the numbers of modules (loaded once), and the RUN_LAST binaries.
    return sorted(out, key=lambda n: (n.split("/")[1] in RUN_LAST, "@module" in n, "@c" in n,
                                      spec.abis.index(n.split("/")[0])))


if __name__ == "__main__":
    # `expect.py plan KERNEL`: the plan tests.sh follows in the guest.
    if len(sys.argv) == 3 and sys.argv[1] == "plan" and sys.argv[2] in KERNELS:
        print("\n".join(plan(sys.argv[2])))
    else:
        sys.exit("usage: expect.py plan KERNEL")
