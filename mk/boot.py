#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run a guest command under a time limit, keeping its output and console.

    boot.py --limit SECONDS --log FILE [--console FILE] -- COMMAND...

COMMAND (vng) runs in a session of its own. Its standard output, what the
guest's command prints, is copied to the terminal and to --log; its standard
error, where vng sends the kernel console with --show-boot-console, goes to
--console. When the limit passes, every process of the session (vng, QEMU
and whatever they started) is sent SIGTERM, then SIGKILL, and the run ends
with status 124 whether or not something still holds the pipes open.

With --end-marker LINE, the guest is stopped as soon as it prints LINE
(after half a second for what follows), instead of waiting for it to
power off; the status is then 0.

Exit status: the command's, 124 on timeout.
"""

import argparse
import os
import selectors
import signal
import subprocess
import sys
import time

TIMEOUT_STATUS = 124


def session_members(sid):
    """Pids of the processes whose session id is `sid` (from /proc)."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The fields after the command name, which is in parentheses.
        fields = stat[stat.rfind(")") + 2:].split()
        # A zombie has run its course: only its parent's wait() is left.
        if len(fields) > 3 and int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(d))
    return pids


def kill_session(sid, grace=5.0):
    """SIGTERM, then SIGKILL, to every process of the session."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in session_members(sid):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while session_members(sid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not session_members(sid):
            return True
    return not session_members(sid)


def run(cmd, limit, log, console=None, echo=sys.stdout, end_marker=None):
    """Run `cmd`; returns its exit status, or TIMEOUT_STATUS.

    With `end_marker`, a line of output that says the guest is done: the
    guest is then stopped without waiting for it to power off, and the
    status is 0. Whatever happens here (an exception, SIGTERM or Ctrl-C of
    the caller), nothing of the guest is left running.
    """
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, on_term)
    try:
        return _watch(proc, limit, log, console, echo, end_marker)
    finally:
        signal.signal(signal.SIGTERM, old)
        kill_session(proc.pid, grace=1.0)
        proc.wait()


def _watch(proc, limit, log, console, echo, end_marker):
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, log)
    sel.register(proc.stderr, selectors.EVENT_READ, console)
    deadline = time.monotonic() + limit
    timed_out = False
    open_pipes = 2
    exited_at = None
    ended_at = None
    tail = b""
    while open_pipes:
        now = time.monotonic()
        if now >= deadline:
            timed_out = True
            break
        # The command is gone but something it started holds the pipes.
        if exited_at is None and proc.poll() is not None:
            exited_at = now
        if exited_at is not None and now - exited_at > 5:
            break
        # The guest said it is done: what it had to say has arrived.
        if ended_at is not None and now - ended_at > 0.5:
            kill_session(proc.pid, grace=2.0)
            proc.wait()
            return 0
        left = deadline - now
        for key, _ in sel.select(timeout=min(left, 1.0)):
            data = os.read(key.fileobj.fileno(), 65536)
            if not data:
                sel.unregister(key.fileobj)
                open_pipes -= 1
                continue
            if key.data is not None:
                key.data.write(data)
                key.data.flush()
            if key.fileobj is proc.stdout:
                if echo is not None:
                    echo.buffer.write(data)
                    echo.flush()
                if end_marker and ended_at is None:
                    # A serial port ends its lines with \r\n.
                    tail = (tail + data.replace(b"\r", b""))[-4096:]
                    if end_marker in tail:
                        ended_at = time.monotonic()
    if timed_out:
        msg = f"\nboot.py: the guest ran past its {limit} s limit: killing it\n"
        sys.stderr.write(msg)
        log.write(msg.encode())
        log.flush()
        if not kill_session(proc.pid):
            sys.stderr.write("boot.py: processes of the guest survived SIGKILL\n")
        proc.wait()
        return TIMEOUT_STATUS
    try:
        return proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        kill_session(proc.pid)
        proc.wait()
        return TIMEOUT_STATUS


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=float, required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--console")
    ap.add_argument("--end-marker", help="output line after which the guest is stopped")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    marker = a.end_marker.encode() + b"\n" if a.end_marker else None
    with open(a.log, "wb") as log:
        if a.console:
            with open(a.console, "wb") as con:
                return run(cmd, a.limit, log, con, end_marker=marker)
        return run(cmd, a.limit, log, end_marker=marker)


if __name__ == "__main__":
    sys.exit(main())
