#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench_report.py fails a benchmark whose methods read different byte
counts, that lacks a figure, or that misses a goal, and says which."""

import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench_report  # noqa: E402

FILE = {"fs": "tmpfs", "lookup": "dfd", "path": "f", "bytes": 17, "bytes_readfile": 17,
        "bytes_readfile_c": 17, "readfile_ns": 4000, "readfile_c_ns": 4000,
        "open_read_close_ns": 5200, "readfile_bufsize0_ns": 3000, "stat_ns": 2500,
        "syscalls_readfile": 1, "syscalls_open_read_close": 4}
FILES = [dict(FILE, fs=fs, lookup=lookup, bytes=n, bytes_readfile=n, bytes_readfile_c=n)
         for fs, n in (("tmpfs", 17), ("procfs", 300), ("sysfs", 4))
         for lookup in ("absolute", "dfd")]
OPENAT2 = [{"fs": fs, "lookup": lookup, "rust_ns": 3000, "c_ns": 3000}
           for fs in ("tmpfs", "procfs") for lookup in ("absolute", "dfd")]
GOOD = {"rounds": 20, "iterations": 2000, "adder_rust_ns": 164, "adder_c_ns": 164,
        "files": FILES, "openat2": OPENAT2}


def run(b):
    with open(os.devnull, "w") as null:
        out, sys.stdout = sys.stdout, null
        try:
            return bench_report.check(b)
        finally:
            sys.stdout = out


def run_module(b):
    with open(os.devnull, "w") as null:
        out, sys.stdout = sys.stdout, null
        try:
            return bench_report.check(b, module=True)
        finally:
            sys.stdout = out


class Report(unittest.TestCase):
    def test_good(self):
        self.assertEqual(run(GOOD), [])

    def mutate(self, **kw):
        b = copy.deepcopy(GOOD)
        b["files"][1].update(kw)  # tmpfs, by dfd
        return run(b)

    def test_openat2(self):
        # Slower than C beyond the goal, a file not measured, no figures at all.
        b = copy.deepcopy(GOOD)
        b["openat2"][2]["rust_ns"] = 3100
        self.assertTrue(any("openat2 procfs (absolute) Rust/C" in m for m in run(b)))
        b = copy.deepcopy(GOOD)
        del b["openat2"][3]
        self.assertTrue(any("openat2 procfs (dfd): not measured" in m for m in run(b)))
        b = copy.deepcopy(GOOD)
        del b["openat2"]
        self.assertTrue(any("no openat2 figures" in m for m in run(b)))

    def test_missing_file(self):
        b = copy.deepcopy(GOOD)
        del b["files"][1]
        self.assertTrue(any("not measured" in m for m in run(b)))

    def test_no_files(self):
        b = copy.deepcopy(GOOD)
        b["files"] = []
        self.assertEqual(len(run(b)), 6)

    def test_short_read(self):
        self.assertTrue(any("readfile read 16 bytes" in m for m in self.mutate(bytes_readfile=16)))

    def test_twin_short_read(self):
        self.assertTrue(self.mutate(bytes_readfile_c=16))

    def test_missing_twin(self):
        self.assertTrue(any("C twin" in m for m in self.mutate(readfile_c_ns=-1)))

    def test_speedup_goal(self):
        self.assertTrue(any("speedup" in m for m in self.mutate(open_read_close_ns=3900)))

    def test_speedup_goal_every_file(self):
        # Not only tmpfs: a procfs or sysfs file where readfile is no faster fails too,
        # and equal is not faster.
        for i in (2, 5):
            b = copy.deepcopy(GOOD)
            b["files"][i]["open_read_close_ns"] = b["files"][i]["readfile_ns"]
            self.assertTrue(any("speedup" in m for m in run(b)), i)

    def test_rust_over_c_goal(self):
        self.assertTrue(any("Rust/C" in m for m in self.mutate(readfile_ns=4200)))

    def test_module_figure(self):
        b = copy.deepcopy(GOOD)
        self.assertTrue(any("module" in m for m in bench_report.check(b, module=True)))
        b["adder_third_ns"] = 170
        self.assertEqual(run_module(b), [])
        b["adder_third_ns"] = 190
        self.assertTrue(any("module adder" in m for m in run_module(b)))

    def test_missing_stub_figures(self):
        b = copy.deepcopy(GOOD)
        del b["adder_rust_ns"]
        self.assertTrue(run(b))


if __name__ == "__main__":
    unittest.main()
