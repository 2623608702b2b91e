#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host test of syscalls.tbl: the one place a test-only syscall is declared.

Scratch repositories with a table that went wrong (a number taken twice, the
x32 slot of a compat syscall taken by another, a name the kernel has, a
sample that is not declared, ...) must each be refused with a message that
names the entries concerned; the repository's own table must be accepted and
give every sample its option, Makefile line and configuration line.
"""

import contextlib
import os
import shutil
import sys
import tempfile

repo, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(repo, "mk"))
sys.path.insert(0, os.path.join(repo, "mk", "tests"))
import apply  # noqa: E402
from expectations import done, expect  # noqa: E402



MUL3 = """// SPDX-License-Identifier: GPL-2.0

//! mul3(): multiply three numbers.

use kernel::prelude::*;
use kernel::syscall_define;

syscall_define! {
    fn mul3(a: i64, b: i64, c: i64) -> Result<i64> {
        Ok(a * b * c)
    }
}
"""


def copy_declared(d):
    """Copy into `d` the files of the repository's table it does not have yet
    (openat2_c's: a fragment under mk/edits/)."""
    for rel in apply.declared_files(repo):
        if not os.path.exists(os.path.join(d, rel)):
            os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
            shutil.copy(os.path.join(repo, rel), os.path.join(d, rel))


def scratch(extra_lines, files=None):
    """A copy of the repository's table and samples, with lines and files added."""
    d = tempfile.mkdtemp(prefix="rsc-table-")
    for sub in ("samples/rust", "twins", "modules", "fs"):
        shutil.copytree(os.path.join(repo, sub), os.path.join(d, sub))
    copy_declared(d)
    with open(os.path.join(repo, apply.TEST_TABLE)) as f:
        table = f.read()
    with open(os.path.join(d, apply.TEST_TABLE), "w") as f:
        f.write(table + "".join(x + "\n" for x in extra_lines))
    for rel, text in (files or {}).items():
        with open(os.path.join(d, rel), "w") as f:
            f.write(text)
    return d


@contextlib.contextmanager
def scratched(extra_lines, files=None):
    """scratch(), removed afterwards."""
    d = scratch(extra_lines, files)
    try:
        yield d
    finally:
        shutil.rmtree(d)


def raises(fn, part, what):
    """fn() must be refused with an ApplyError naming `part`."""
    try:
        fn()
    except apply.ApplyError as err:
        expect(part in str(err), f"{what} refused: {err}")
        return
    expect(False, f"{what} accepted")


def refused(extra_lines, files, *wants, kernel_names=("read", "openat2")):
    d = scratch(extra_lines, files)
    try:
        apply.load_test_syscalls(d, kernel_names)
    except apply.ApplyError as e:
        msg = str(e)
        missing = [w for w in wants if w not in msg]
        expect(not missing, f"refused, naming {', '.join(wants)}: {msg}"
               + (f" (missing {missing})" if missing else ""))
        return
    finally:
        shutil.rmtree(d)
    expect(False, f"{extra_lines} accepted; should be refused naming {wants}")


# The repository's own table.
entries = apply.load_test_syscalls(repo, ("read",))
byname = {e.name: e for e in entries}
expect(byname["xyzzy"].has_compat and not byname["adder"].has_compat,
       "compat-ness comes from the Rust files")
expect(byname["rsc_slot7"].has_compat and byname["rsc_slot7"].nr == 1030, "slots from the table")
expect(byname["foo"].option == "SAMPLE_RUST_SYSCALL_FOO", "a sample's option is named after its file")
expect(byname["adder_c"].option is None, "a C twin has no sample option")

MUL3_RS = "samples/rust/rust_syscall_mul3.rs"
# The collision the tutorial shows: offset 7 is the x32 number of xyzzy (6 + 1).
refused(["7\tmul3\t" + MUL3_RS], {MUL3_RS: MUL3},
        "syscalls.tbl:", "mul3 (1007)", "x32 entry of xyzzy (1007", "move mul3 to a free offset, e.g. 10")
# Once the table is fine, it works.
d = scratch(["10\tmul3\t" + MUL3_RS], {MUL3_RS: MUL3})
try:
    e = {x.name: x for x in apply.load_test_syscalls(d, ())}["mul3"]
    expect(e.nr == 1010 and not e.has_compat and e.option == "SAMPLE_RUST_SYSCALL_MUL3",
           "mul3 at 10: 1010, SAMPLE_RUST_SYSCALL_MUL3")
    opt = apply.sample_option(d, e)
    expect('bool "mul3(): multiply three numbers"' in opt and "1010" in opt,
           "its Kconfig prompt is the file's first //! line")
finally:
    shutil.rmtree(d)
# What follows from the line: the sample's Kconfig option, Makefile line and
# configuration line, and the table entries, sorted by number.
d = scratch(["10\tmul3\t" + MUL3_RS], {MUL3_RS: MUL3})
try:
    gen = {}
    for _, rel, fn in apply.edits(src, True, "A <a@b>", d):
        base = {"samples/rust/Kconfig.syscalls": os.path.join(d, "samples/rust/Kconfig.syscalls"),
                "samples/rust/Makefile.syscalls": os.path.join(d, "samples/rust/Makefile.syscalls"),
                "arch/x86/entry/syscalls/syscall_64.tbl":
                    os.path.join(src, "arch/x86/entry/syscalls/syscall_64.tbl"),
                "rust_syscalls/samples.config": None}
        if rel in base:
            text = gen.get(rel) or (open(base[rel]).read() if base[rel] else "")
            gen[rel] = fn(text)
    kc = gen["samples/rust/Kconfig.syscalls"]
    expect(0 <= kc.find("config SAMPLE_RUST_SYSCALL_MUL3\n\tbool \"mul3(): multiply three numbers\"")
           < kc.find("endif # SAMPLES_RUST_SYSCALLS"), "Kconfig: the option, inside the menu")
    expect("obj-$(CONFIG_SAMPLE_RUST_SYSCALL_MUL3)\t+= rust_syscall_mul3.o\n"
           in gen["samples/rust/Makefile.syscalls"], "Makefile: its object under its option")
    cfg = gen["rust_syscalls/samples.config"].split("\n")
    expect("CONFIG_SAMPLE_RUST_SYSCALL_MUL3=y" in cfg and "CONFIG_SAMPLES_RUST_SYSCALLS=y" in cfg
           and "CONFIG_SAMPLE_RUST_SYSCALL_XYZZY=y" in cfg, "test kernels: every sample on")
    nums = [int(x.split()[0]) for x in gen["arch/x86/entry/syscalls/syscall_64.tbl"].split("\n")
            if x.split() and not x.startswith("#") and int(x.split()[0]) >= 1000]
    expect(nums == sorted(nums) and 1010 in nums and 1007 in nums,
           f"x86_64 table: test syscalls sorted by number ({nums[:12]}...)")
finally:
    shutil.rmtree(d)
# The same number twice, and a compat syscall whose x32 slot is taken.
refused(["2\tmul3\t" + MUL3_RS], {MUL3_RS: MUL3}, "mul3 (1002)", "adder (1002)")
refused(["15\tmul3\ttwins/mul3_c.c\tcompat"],
        {"twins/mul3_c.c": "SYSCALL_DEFINE0(mul3)\n{\n}\nCOMPAT_SYSCALL_DEFINE0(mul3)\n{\n}\n"},
        "x32 entry of mul3 (1016", "rsc_slot0 (1016)")
refused(["40\tadder\ttwins/adder_c.c"], {}, "adder is declared twice", "syscalls.tbl:")
refused(["40\tread\ttwins/adder_c.c"], {}, "the kernel already has a syscall named read")
refused(["40\tmul3\tsamples/rust/rust_syscall_mul.rs"], {}, "rust_syscall_mul.rs: no such file")
refused(["40\tmul4\t" + MUL3_RS], {MUL3_RS: MUL3}, "no syscall_define! of mul4", "defines: mul3")
refused(["40\tmul3\t" + MUL3_RS + "\tcompat"], {MUL3_RS: MUL3}, "no compat_syscall_define! of mul3")
refused(["40\tmul3\tsamples/rust/rust_syscall_adder.rs"], {}, "no syscall_define! of mul3")
refused(["40 mul3"], {}, "syscalls.tbl:", "expected '<offset> <name> <file> [compat]'")
refused(["1000\tmul3\t" + MUL3_RS], {MUL3_RS: MUL3}, "offset '1000' is not a number from 0 to 999")
refused(["x\tmul3\t" + MUL3_RS], {MUL3_RS: MUL3}, "offset 'x'")
refused(["40\tMul3\t" + MUL3_RS], {MUL3_RS: MUL3}, "'Mul3' is not a syscall name")
# C files must define what they are declared for; slots are rsc_slot0..N-1.
refused(["40\tmul3\ttwins/adder_c.c"], {}, "twins/adder_c.c has no SYSCALL_DEFINEn(mul3, ...)")
refused(["40\tadder_c2\ttwins/adder_c.c"], {}, "has no SYSCALL_DEFINEn(adder_c2")
refused(["40\tmul3\ttwins/xyzzy_c.c\tcompat"], {}, "has no COMPAT_SYSCALL_DEFINEn(mul3")
refused(["40\trsc_slot9\tmodules/slots.c\tcompat"], {}, "the module slots are rsc_slot0 to rsc_slot8")
refused(["40\trsc_slotx\tmodules/slots.c\tcompat"], {}, "a module slot is 'N rsc_slotK")
# A sample file that the table does not declare would silently not be built.
refused([], {MUL3_RS: MUL3}, "rust_syscall_mul3.rs defines mul3 but syscalls.tbl does not declare it",
        "add a line such as '10\tmul3\t" + MUL3_RS)
# Two syscalls of one sample file would share its option.
refused(["10\tmul3\t" + MUL3_RS, "11\tmul3b\t" + MUL3_RS],
        {MUL3_RS: MUL3.replace("fn mul3(", "fn mul3b(x: i32) -> Result<i32> { Ok(x) }\n"
                                "}\nsyscall_define! {\n    fn mul3(")},
        "is already declared for mul3", "one sample syscall per file")
# A sample without a //! line has no Kconfig prompt.
with scratched(["10\tmul3\t" + MUL3_RS],
               {MUL3_RS: MUL3.replace("//! mul3(): multiply three numbers.\n", "")}) as d:
    e = {x.name: x for x in apply.load_test_syscalls(d, ())}["mul3"]
    raises(lambda: apply.sample_option(d, e), "no //! line", "a sample without //!")

# The prototypes of the C test syscalls (tables without a syscall wrapper
# name sys_NAME): read from SYSCALL_DEFINEn, multi-line, __user kept.
protos = {e.name: apply.c_syscalls(repo, e) for e in entries if not e.rust}
expect(protos["adder_c"][0].prototype() == "asmlinkage long sys_adder_c(int a, int b);\n"
       and protos["adder_c"][1] is None, f"adder_c's prototype: {protos['adder_c']}")
expect("const char __user *pathname" in protos["readfile_c"][0].prototype(),
       f"readfile_c's prototype, over three lines: {protos['readfile_c'][0]}")
expect("compat_size_t size" in protos["xyzzy_c"][1].prototype(),
       f"xyzzy_c's compat prototype: {protos['xyzzy_c'][1]}")
expect(protos["rsc_slot0"][0].prototype() == "asmlinkage long sys_rsc_slot0(void);\n",
       "a slot takes what its module registered: (void)")
# A definition in a comment is not one, and one that cannot be read is an error.
with scratched(["40\tmul3_c\ttwins/mul3_c.c"],
               {"twins/mul3_c.c": "/* SYSCALL_DEFINE1(mul3_c, int, a) */\n"
                                  "SYSCALL_DEFINE2(mul3_c, int, a, long, b)\n{\n\treturn a * b;\n}\n"}) as d:
    e = {x.name: x for x in apply.load_test_syscalls(d, ())}["mul3_c"]
    p = apply.c_syscalls(d, e)[0].prototype()
    expect(p == "asmlinkage long sys_mul3_c(int a, long b);\n", f"not the commented one: {p}")
    with open(os.path.join(d, "twins/mul3_c.c"), "w") as f:
        f.write("SYSCALL_DEFINE1(mul3_c, int, (a))\n{\n\treturn a;\n}\n")
    raises(lambda: apply.c_syscalls(d, e), "mul3_c", "a definition that cannot be read")

done()
