#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""TCP ends for the pipe benchmarks (tests/bench/pipe.sh).

    tcp_bench.py serve ADDR PORT
        accept for ever, one thread per connection: read until EOF, then
        send the bytes back (an echo of what came) when the first byte was
        'E', the SHA-256 of every byte that came (64 hex digits) when it
        was 'H', else nothing; then close.
    tcp_bench.py bulk ADDR PORT BYTES [FILE]
        one connection: send BYTES (first byte 'S', then zeros or FILE's
        first BYTES - 1 bytes), shut down writing, wait
        for the server's EOF. Prints {"bytes", "seconds", "mbps"}: the time
        from connect() to EOF, so every byte reached the server.
    tcp_bench.py big ADDR PORT FILE
        one connection: send FILE after a first byte 'H' (read and sent
        in 1 MiB pieces), shut down writing, read the server's SHA-256 of
        what it got. Prints {"bytes", "seconds", "mbps", "sha256_sent",
        "sha256_server", "equal"}; exit 1 when the two differ.
    tcp_bench.py rr ADDR PORT SIZE COUNT
        COUNT connections one after the other, each sending SIZE bytes
        (first byte 'E') and reading the SIZE-byte echo until EOF. Prints
        {"size", "count", "seconds", "rps"}.
Exit 1 with the error on stderr when a transfer fails or comes back short.
"""
import hashlib
import json
import socket
import sys
import threading
import time


def recv_all(c):
    n, first, data, h = 0, None, bytearray(), hashlib.sha256()
    while True:
        b = c.recv(262144)
        if not b:
            return n, first, data, h
        if first is None:
            first = b[:1]
        n += len(b)
        if first == b"E":
            data += b
        elif first == b"H":
            h.update(b)


def handle(c):
    try:
        n, first, data, h = recv_all(c)
        if first == b"E":
            c.sendall(data)
        elif first == b"H":
            c.sendall(h.hexdigest().encode())
    except OSError:
        pass
    finally:
        c.close()


def serve(addr, port):
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(512)
    print("listening", flush=True)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


def connect(addr, port):
    return socket.create_connection((addr, port), timeout=60)


def bulk(addr, port, size, path=None):
    buf = bytes(size - 1)
    if path:
        with open(path, "rb") as f:
            buf = f.read(size - 1).ljust(size - 1, b".")
    buf = b"S" + buf
    t0 = time.monotonic()
    c = connect(addr, port)
    c.sendall(buf)
    c.shutdown(socket.SHUT_WR)
    while c.recv(65536):
        pass
    dt = time.monotonic() - t0
    c.close()
    print(json.dumps({"bytes": size, "seconds": round(dt, 4),
                      "mbps": round(size * 8 / dt / 1e6, 2)}))


def big(addr, port, path):
    h = hashlib.sha256(b"H")
    n = 1
    t0 = time.monotonic()
    c = connect(addr, port)
    c.sendall(b"H")
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
            c.sendall(b)
            n += len(b)
    c.shutdown(socket.SHUT_WR)
    got = bytearray()
    while True:
        b = c.recv(65536)
        if not b:
            break
        got += b
    dt = time.monotonic() - t0
    c.close()
    sent, server = h.hexdigest(), got.decode(errors="replace")
    print(json.dumps({"bytes": n, "seconds": round(dt, 4),
                      "mbps": round(n * 8 / dt / 1e6, 2), "sha256_sent": sent,
                      "sha256_server": server, "equal": sent == server}))
    if sent != server:
        sys.exit("big: the server's SHA-256 differs")


def rr(addr, port, size, count):
    buf = b"E" + bytes(size - 1)
    t0 = time.monotonic()
    for i in range(count):
        c = connect(addr, port)
        c.sendall(buf)
        c.shutdown(socket.SHUT_WR)
        got = 0
        while True:
            b = c.recv(65536)
            if not b:
                break
            got += len(b)
        c.close()
        if got != size:
            sys.exit("request %d: %d of %d bytes back" % (i, got, size))
    dt = time.monotonic() - t0
    print(json.dumps({"size": size, "count": count, "seconds": round(dt, 4),
                      "rps": round(count / dt, 1)}))


def main(a):
    try:
        if a[0] == "serve":
            serve(a[1], int(a[2]))
        elif a[0] == "bulk":
            bulk(a[1], int(a[2]), int(a[3]), a[4] if len(a) > 4 else None)
        elif a[0] == "big":
            big(a[1], int(a[2]), a[3])
        elif a[0] == "rr":
            rr(a[1], int(a[2]), int(a[3]), int(a[4]))
        else:
            sys.exit(__doc__)
    except (IndexError, ValueError):
        sys.exit(__doc__)
    except OSError as e:
        sys.exit("%s: %s" % (a[0], e))


if __name__ == "__main__":
    main(sys.argv[1:])
