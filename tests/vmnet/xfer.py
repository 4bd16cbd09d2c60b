#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Byte-exact TCP transfers for the multi-VM tests (tests/vmnet/*.sh).

    xfer.py recv ADDR PORT [READY]
        listen (then create the file READY, if given), accept one
        connection, read until EOF; print {"bytes", "sha256"}
    xfer.py send ADDR PORT BYTES
        connect, send BYTES pseudo-random bytes (a fixed seed), shut down
        writing, wait for EOF; print {"bytes", "sha256", "seconds", "mbps"}
Exit 1 with the error on stderr when the connection fails.
"""
import hashlib
import json
import random
import socket
import sys
import time

CHUNK = 65536


def recv(addr, port, ready=None):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    if ready:
        open(ready, "w").close()
    s.settimeout(120)
    c, _ = s.accept()
    c.settimeout(60)
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(262144)
        if not b:
            break
        h.update(b)
        n += len(b)
    c.close()
    print(json.dumps({"bytes": n, "sha256": h.hexdigest()}), flush=True)


def send(addr, port, total):
    rnd = random.Random(6)
    h = hashlib.sha256()
    c = socket.create_connection((addr, port), timeout=60)
    t0 = time.monotonic()
    left = total
    while left:
        b = rnd.randbytes(min(CHUNK, left))
        c.sendall(b)
        h.update(b)
        left -= len(b)
    c.shutdown(socket.SHUT_WR)
    c.recv(1)
    dt = time.monotonic() - t0
    c.close()
    print(json.dumps({"bytes": total, "sha256": h.hexdigest(),
                      "seconds": round(dt, 3),
                      "mbps": round(total * 8 / dt / 1e6, 1)}), flush=True)


def main():
    try:
        if sys.argv[1] == "recv":
            recv(sys.argv[2], int(sys.argv[3]), *sys.argv[4:5])
        elif sys.argv[1] == "send":
            send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        else:
            raise SystemExit(__doc__)
    except OSError as e:
        print(f"xfer.py: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
