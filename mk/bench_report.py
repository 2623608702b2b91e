#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the ratios of out/bench.json and check them against the goals.

Exits 1 when a goal is missed or a figure is missing, after saying which.

Keys of bench.json (all times in guest nanoseconds; under -icount shift=0 one
nanosecond is one guest instruction):
  adder_rust_ns, adder_c_ns      one call of the Rust adder() sample and its C twin
  adder_third_ns                 the same adder() built as a module, called through a slot
  files[]                        one entry per file and lookup kind:
    fs, lookup, path             tmpfs/procfs/sysfs; "absolute" or "dfd"-relative
    bytes, bytes_readfile, bytes_readfile_c
                                 bytes read by openat+read+close, readfile and the
                                 C twin (-1 without one): they must agree
    readfile_ns                  readfile(2) (Rust)
    readfile_c_ns                its C twin (-1 when the kernel has none)
    open_read_close_ns           openat() + read() until it returns 0 + close()
    readfile_bufsize0_ns         readfile() with bufsize 0: path walk, open, close
    stat_ns                      fstatat(): the path walk alone
    syscalls_readfile, syscalls_open_read_close   system calls per file
  openat2[]                      with CONFIG_RUST_OPENAT2: one entry per file and lookup
    fs, lookup                   tmpfs/procfs; "absolute" or "dfd"-relative
    rust_ns, c_ns                openat2(O_RDONLY | O_CLOEXEC) + close(), the Rust openat2
                                 at __NR_openat2 and C's at its test-only number
"""
import json
import sys

GOAL_RUST_OVER_C = 1.02
GOAL_MODULE_OVER_BUILTIN = 1.05
# readfile must beat openat+read+close on every file. The project's first
# aim, 1.25x on tmpfs, is out of reach on this kernel: the path walk, which
# both do, is most of the cost (see the README).
GOAL_SPEEDUP = 1.0
# Bytes of the tmpfs file readfile_speed writes.
TMPFS_BYTES = 17
# What readfile_speed measures: each file by absolute path and relative to a dfd.
EXPECTED_FILES = [(fs, lookup) for fs in ("tmpfs", "procfs", "sysfs")
                  for lookup in ("absolute", "dfd")]
EXPECTED_OPENAT2 = [(fs, lookup) for fs in ("tmpfs", "procfs") for lookup in ("absolute", "dfd")]


def check(b, module=False):
    """Print the table; return the list of goals and checks that failed."""
    print(f"readfile benchmark: fastest of {b['rounds']} blocks, {b['iterations']} calls per "
          "method; unit: guest instructions (-icount shift=0)")
    print(f"{'file':8} {'lookup':8} {'bytes':>5} {'readfile':>9} {'C twin':>9} {'o+r+c':>9} "
          f"{'speedup':>8} {'Rust/C':>7} {'syscalls':>8}  walk/open+close/read")
    missed = []
    have = {(f["fs"], f["lookup"]) for f in b.get("files", [])}
    for want in EXPECTED_FILES:
        if want not in have:
            missed.append(f"{want[0]} ({want[1]}): not measured")
    for f in b.get("files", []):
        where = f"{f['fs']} ({f['lookup']})"
        # A method that read less did less work: its time would flatter it.
        got = {"readfile": f["bytes_readfile"], "C twin": f["bytes_readfile_c"]}
        for what, n in got.items():
            same = n == f["bytes"] if f["fs"] != "procfs" else abs(n - f["bytes"]) <= 16
            if not same:
                missed.append(f"{where}: {what} read {n} bytes, openat+read+close {f['bytes']}")
        if f["fs"] == "tmpfs" and f["bytes"] != TMPFS_BYTES:
            missed.append(f"{where}: {f['bytes']} bytes read, the file has {TMPFS_BYTES}")
        if f["readfile_c_ns"] <= 0:
            missed.append(f"{where}: no time for the C twin")
            continue
        sp = f["open_read_close_ns"] / f["readfile_ns"]
        rc = f["readfile_ns"] / f["readfile_c_ns"]
        walk, oc = f["stat_ns"], f["readfile_bufsize0_ns"]
        print(f"{f['fs']:8} {f['lookup']:8} {f['bytes']:>5} {f['readfile_ns']:>9.0f} "
              f"{f['readfile_c_ns']:>9.0f} {f['open_read_close_ns']:>9.0f} {sp:>7.3f}x "
              f"{rc:>7.4f} {f['syscalls_readfile']:>3} vs {f['syscalls_open_read_close']}  "
              f"{walk:.0f}/{oc - walk:.0f}/{f['readfile_ns'] - oc:.0f}")
        if sp <= GOAL_SPEEDUP:
            missed.append(f"{where} speedup {sp:.3f}: readfile is not faster than "
                          "openat+read+close")
        if rc > GOAL_RUST_OVER_C:
            missed.append(f"{where} Rust/C {rc:.4f} > {GOAL_RUST_OVER_C}")
    aim = [f["open_read_close_ns"] / f["readfile_ns"] for f in b.get("files", [])
           if (f["fs"], f["lookup"]) == ("tmpfs", "dfd") and f["readfile_ns"] > 0]
    if aim:
        print(f"the first aim, 1.25x on tmpfs by dfd: {'met' if aim[0] >= 1.25 else 'not met'}, "
              f"{aim[0]:.3f}x (not a goal: see the README)")
    r, c = b.get("adder_rust_ns", -1), b.get("adder_c_ns", -1)
    if r > 0 and c > 0:
        # Whole calls: x64_sys_call() is a tree of compares (no jump tables),
        # so two numbers differ by a few instructions of dispatch alone; the
        # stubs themselves are compared instruction by instruction by make
        # check (host/stub-size-*).
        print(f"adder() whole call: Rust {r:.1f}, C {c:.1f}, Rust/C {r / c:.4f} "
              "(dispatch by number included)")
        if r / c > GOAL_RUST_OVER_C:
            missed.append(f"adder Rust/C {r / c:.4f} > {GOAL_RUST_OVER_C}")
    else:
        missed.append("no adder figures (the stub comparison did not run)")
    missed += check_openat2(b.get("openat2"))
    m = b.get("adder_third_ns", -1)
    if m > 0 and r > 0:
        print(f"adder() as a module syscall (through a slot): {m:.1f}, "
              f"module/built-in {m / r:.4f} (+{m - r:.0f} instructions)")
        if m / r > GOAL_MODULE_OVER_BUILTIN:
            missed.append(f"module adder / built-in {m / r:.4f} > {GOAL_MODULE_OVER_BUILTIN}")
    elif module:
        missed.append("no figure for the module syscall")
    return missed


def check_openat2(entries):
    """The Rust openat2 against C's: print the ratios, return what failed."""
    if entries is None:
        return ["no openat2 figures (CONFIG_RUST_OPENAT2 off, or not a test kernel's "
                "readfile_speed)"]
    missed = []
    have = {(e["fs"], e["lookup"]) for e in entries}
    missed += [f"openat2 {fs} ({lookup}): not measured" for fs, lookup in EXPECTED_OPENAT2
               if (fs, lookup) not in have]
    print(f"{'openat2':8} {'lookup':8} {'Rust':>9} {'C':>9} {'Rust/C':>7}  (openat2 + close)")
    for e in entries:
        if e["rust_ns"] <= 0 or e["c_ns"] <= 0:
            missed.append(f"openat2 {e['fs']} ({e['lookup']}): no time")
            continue
        rc = e["rust_ns"] / e["c_ns"]
        print(f"{e['fs']:8} {e['lookup']:8} {e['rust_ns']:>9.0f} {e['c_ns']:>9.0f} {rc:>7.4f}")
        if rc > GOAL_RUST_OVER_C:
            missed.append(f"openat2 {e['fs']} ({e['lookup']}) Rust/C {rc:.4f} > {GOAL_RUST_OVER_C}")
    return missed


def main():
    module = "--module" in sys.argv[1:]
    path = [a for a in sys.argv[1:] if a != "--module"][0]
    with open(path) as f:
        missed = check(json.load(f), module)
    if missed:
        print(f"goals: {len(missed)} missed or not measured:")
        for m in missed:
            print(f"  MISSED {m}")
        return 1
    print("goals: all met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
