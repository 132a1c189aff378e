#!/usr/bin/env python3
"""pty-times.py: start to first frame, and s to the first body line, of the
built binary in a pseudo-terminal of 160x45, with no terminal emulator in
between (scripts/measure-large-bodies.sh measures through tmux, which adds
its own share and a poll).

    scripts/pty-times.py [-n 11] BINARY [URL]          first frame
    scripts/pty-times.py [-n 5] --send TEXT BINARY URL s to TEXT in a frame

The first frame is taken from the fork to the output holding the Request
and Diagnosis pane titles; the first body line from writing s to the
output, stripped of escape sequences (colours split a line's tokens),
holding TEXT. Medians are printed with every run.
"""
import argparse
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

STRIP = re.compile(rb"\x1b\[[0-9;:?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


def start(argv):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
        os.environ.setdefault("TERM", "xterm-256color")
        os.execv(argv[0], argv)
    return pid, fd


def wait_for(fd, words, limit):
    """Seconds since the call until the output holds every word, or None."""
    t0, buf = time.perf_counter(), b""
    while time.perf_counter() - t0 < limit:
        if select.select([fd], [], [], 0.005)[0]:
            try:
                buf += os.read(fd, 1 << 20)
            except OSError:
                return None
            text = STRIP.sub(b"", buf)
            if all(w in text for w in words):
                return time.perf_counter() - t0
    return None


def stop(pid, fd):
    os.kill(pid, signal.SIGTERM)
    try:
        while select.select([fd], [], [], 0.3)[0]:
            os.read(fd, 1 << 20)
    except OSError:
        pass
    os.waitpid(pid, 0)


def once(argv, send):
    pid, fd = start(argv)
    t = wait_for(fd, [b"Request", b"Diagnosis"], 10)
    if send:
        time.sleep(0.3)
        while select.select([fd], [], [], 0.05)[0]:
            os.read(fd, 1 << 20)
        os.write(fd, b"s")
        t = wait_for(fd, [send.encode()], 30)
    stop(pid, fd)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=0)
    ap.add_argument("--send")
    ap.add_argument("argv", nargs="+")
    a = ap.parse_args()
    n = a.n or (5 if a.send else 11)
    ms = []
    for _ in range(n):
        t = once(a.argv, a.send)
        ms.append(t * 1000 if t is not None else float("inf"))
        time.sleep(0.2)
    what = "s to %r" % a.send if a.send else "first frame"
    print("%s (ms): %s · median %.1f" % (what, " ".join("%.1f" % m for m in ms), sorted(ms)[len(ms) // 2]))


if __name__ == "__main__":
    main()
