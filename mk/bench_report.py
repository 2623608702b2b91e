#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the ratios of out/bench.json and check them against the goals."""
import json
import sys

GOAL_RUST_OVER_C = 1.02
GOAL_SPEEDUP_TMPFS = 1.25

b = json.load(open(sys.argv[1]))
print(f"readfile benchmark, {b['iterations']} iterations per case, unit: guest "
      "instructions (-icount shift=0)")
print(f"{'file':8} {'bytes':>6} {'readfile':>10} {'C twin':>10} {'open+read+close':>16} "
      f"{'speedup':>8} {'Rust/C':>7} {'syscalls':>9}")
for name, f in b["files"].items():
    rc = f.get("rust_over_c")
    print(f"{name:8} {f['bytes']:>6} {f['readfile_ns']:>10.0f} {f['readfile_c_ns']:>10.0f} "
          f"{f['open_read_close_ns']:>16.0f} {f['speedup_vs_open_read_close']:>7.3f}x "
          f"{rc if rc is None else format(rc, '.4f'):>7} "
          f"{f['syscalls_readfile']:>3} vs {f['syscalls_open_read_close']}")
s = b["stub"]
print(f"adder stub: Rust {s['adder_rust_ns']:.1f}, C {s['adder_c_ns']:.1f}, "
      f"Rust/C {s.get('rust_over_c', float('nan')):.4f} (getppid: {b['null_syscall_ns']:.1f})")
missed = []
if b["files"]["tmpfs"]["speedup_vs_open_read_close"] < GOAL_SPEEDUP_TMPFS:
    missed.append(f"tmpfs speedup < {GOAL_SPEEDUP_TMPFS}")
for name, f in b["files"].items():
    if f.get("rust_over_c", 0) > GOAL_RUST_OVER_C:
        missed.append(f"{name} Rust/C > {GOAL_RUST_OVER_C}")
if s.get("rust_over_c", 0) > GOAL_RUST_OVER_C:
    missed.append(f"stub Rust/C > {GOAL_RUST_OVER_C}")
print("goals: " + ("all met" if not missed else "missed: " + ", ".join(missed)))
