#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A slow reader and a writer that says how far it got (pipe_mem.sh).

pipe_slow.py read ADDR PORT OUT CTL
    listen on [ADDR]:PORT, accept one connection, print "listening" first;
    read it into OUT: 4096 bytes every 0.2 s while the file CTL holds
    "slow", everything as it comes once it holds "fast"; OUT.done at EOF.
pipe_slow.py write ADDR PORT IN PROGRESS
    connect, send IN in 16 KiB pieces (blocking), writing the bytes sent so
    far into PROGRESS after each piece; then half-close and wait for EOF.
"""
import os
import socket
import sys
import time


def read(addr, port, out, ctl):
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(1)
    print("listening", flush=True)
    c, _ = ls.accept()
    with open(out, "wb") as f:
        while True:
            with open(ctl) as g:
                fast = g.read().strip() == "fast"
            b = c.recv(65536 if fast else 4096)
            if not b:
                break
            f.write(b)
            if not fast:
                time.sleep(0.2)
    c.close()
    open(out + ".done", "w").close()
    return 0


def write(addr, port, inp, progress):
    with open(inp, "rb") as f:
        data = f.read()
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.connect((addr, port))
    sent = 0
    while sent < len(data):
        s.sendall(data[sent:sent + 16384])
        sent = min(len(data), sent + 16384)
        with open(progress + ".tmp", "w") as g:
            g.write("%d\n" % sent)
        os.replace(progress + ".tmp", progress)
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
    return 0


def main(a):
    if a[0] == "read":
        return read(a[1], int(a[2]), a[3], a[4])
    if a[0] == "write":
        return write(a[1], int(a[2]), a[3], a[4])
    raise SystemExit("unknown mode " + a[0])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
