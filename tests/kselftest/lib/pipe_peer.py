#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""TCP ends for the pipe tests.

    pipe_peer.py serve ADDR PORT OUT [--echo] [--count N]
        accept N connections one after the other (default: for ever);
        store what connection k sends until EOF in OUT.k (k = 1, 2, ...),
        its peer's address in OUT.k.peer, then create OUT.k.done; with
        --echo send the same bytes back before closing. A connection
        reset before its EOF also gets OUT.k.reset (and no echo).
    pipe_peer.py send ADDR PORT IN OUT [--timeout S]
        connect, send IN, shut down writing, store what comes back until
        EOF in OUT. Exit 0, or 1 with the error (e.g. "refused") on stderr.
    pipe_peer.py hold ADDR PORT SECONDS
        connect, send a few bytes, keep the connection open SECONDS.
"""
import errno
import socket
import sys
import time


def serve(addr, port, out, echo, count):
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(64)
    print("listening", flush=True)
    i = 0
    while count is None or i < count:
        c, peer = ls.accept()
        data = bytearray()
        reset = False
        while True:
            try:
                b = c.recv(65536)
            except ConnectionResetError:
                reset = True
                break
            if not b:
                break
            data += b
        i += 1
        name = "%s.%d" % (out, i)
        with open(name, "wb") as f:
            f.write(data)
        with open(name + ".peer", "w") as f:
            f.write(peer[0] + "\n")
        if reset:
            open(name + ".reset", "w").close()
        elif echo:
            try:
                c.sendall(data)
            except OSError:
                pass
        c.close()
        open(name + ".done", "w").close()


def send(addr, port, inp, out, timeout):
    with open(inp, "rb") as f:
        data = f.read()
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect((addr, port))
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        back = bytearray()
        while True:
            b = s.recv(65536)
            if not b:
                break
            back += b
    except ConnectionRefusedError:
        print("refused", file=sys.stderr)
        return 1
    except ConnectionResetError:
        print("reset", file=sys.stderr)
        return 1
    except socket.timeout:
        print("timeout", file=sys.stderr)
        return 1
    except OSError as e:
        # a RST that lands between connect() and shutdown() closes the
        # socket first: shutdown() then finds it unconnected (quiet hosts)
        if e.errno not in (errno.ENOTCONN, errno.EPIPE):
            raise
        print("reset", file=sys.stderr)
        return 1
    with open(out, "wb") as f:
        f.write(back)
    return 0


def hold(addr, port, seconds):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect((addr, port))
    s.sendall(b"hold")
    time.sleep(seconds)
    return 0


def main(a):
    if a[0] == "serve":
        echo = "--echo" in a
        count = int(a[a.index("--count") + 1]) if "--count" in a else None
        serve(a[1], int(a[2]), a[3], echo, count)
        return 0
    if a[0] == "send":
        t = float(a[a.index("--timeout") + 1]) if "--timeout" in a else 30
        return send(a[1], int(a[2]), a[3], a[4], t)
    if a[0] == "hold":
        return hold(a[1], int(a[2]), float(a[3]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
