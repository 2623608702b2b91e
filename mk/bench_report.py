#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the ratios of out/bench.json and check them against the goals.

Keys of bench.json (all times in guest nanoseconds; under -icount shift=0 one
nanosecond is one guest instruction):
  adder_rust_ns, adder_c_ns      one call of the Rust adder() sample and its C twin
  files[]                        one entry per file and lookup kind:
    fs, lookup, path, bytes      tmpfs/procfs/sysfs; "absolute" or "dfd"-relative
    readfile_ns                  readfile(2) (Rust)
    readfile_c_ns                its C twin (-1 when the kernel has none)
    open_read_close_ns           openat() + read() until it returns 0 + close()
    readfile_bufsize0_ns         readfile() with bufsize 0: path walk, open, close
    stat_ns                      fstatat(): the path walk alone
    syscalls_readfile, syscalls_open_read_close   system calls per file
"""
import json
import sys

GOAL_RUST_OVER_C = 1.02
GOAL_SPEEDUP_TMPFS = 1.25

b = json.load(open(sys.argv[1]))
print(f"readfile benchmark: fastest of {b['rounds']} blocks, {b['iterations']} calls per "
      "method; unit: guest instructions (-icount shift=0)")
print(f"{'file':8} {'lookup':8} {'bytes':>5} {'readfile':>9} {'C twin':>9} {'o+r+c':>9} "
      f"{'speedup':>8} {'Rust/C':>7} {'syscalls':>8}  walk/open+close/read")
missed = []
for f in b["files"]:
    sp = f["open_read_close_ns"] / f["readfile_ns"]
    rc = f["readfile_ns"] / f["readfile_c_ns"] if f["readfile_c_ns"] > 0 else None
    walk, oc = f["stat_ns"], f["readfile_bufsize0_ns"]
    print(f"{f['fs']:8} {f['lookup']:8} {f['bytes']:>5} {f['readfile_ns']:>9.0f} "
          f"{f['readfile_c_ns']:>9.0f} {f['open_read_close_ns']:>9.0f} {sp:>7.3f}x "
          f"{'-' if rc is None else format(rc, '.4f'):>7} "
          f"{f['syscalls_readfile']:>3} vs {f['syscalls_open_read_close']}  "
          f"{walk:.0f}/{oc - walk:.0f}/{f['readfile_ns'] - oc:.0f}")
    if f["fs"] == "tmpfs" and f["lookup"] == "dfd" and sp < GOAL_SPEEDUP_TMPFS:
        missed.append(f"tmpfs (dfd) speedup {sp:.3f} < {GOAL_SPEEDUP_TMPFS}")
    if rc is not None and rc > GOAL_RUST_OVER_C:
        missed.append(f"{f['fs']} ({f['lookup']}) Rust/C {rc:.4f} > {GOAL_RUST_OVER_C}")
r, c = b["adder_rust_ns"], b["adder_c_ns"]
if r > 0 and c > 0:
    print(f"adder() entry + stub: Rust {r:.1f}, C {c:.1f}, Rust/C {r / c:.4f}")
    if r / c > GOAL_RUST_OVER_C:
        missed.append(f"adder Rust/C {r / c:.4f} > {GOAL_RUST_OVER_C}")
print("goals: " + ("all met" if not missed else "missed: " + "; ".join(missed)))
