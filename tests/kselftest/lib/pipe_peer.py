#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""TCP ends for the pipe tests.

    pipe_peer.py serve ADDR PORT OUT [--echo] [--count N]
        accept N connections one after the other (default: for ever);
        store what connection k sends until EOF in OUT.k (k = 1, 2, ...),
        its peer's address in OUT.k.peer, then create OUT.k.done; with
        --echo send the same bytes back before closing. A connection
        reset before its EOF also gets OUT.k.reset (and no echo).
    pipe_peer.py send ADDR PORT IN OUT [--timeout S] [--rthdr HEX]
        connect, send IN, shut down writing, store what comes back until
        EOF in OUT. Exit 0, or 1 with the error (e.g. "refused") on stderr.
        --rthdr: the socket's IPV6_RTHDR (an SRH, pipe_srh.py builds it).
    pipe_peer.py hold ADDR PORT SECONDS [--rthdr HEX]
        connect, send a few bytes, keep the connection open SECONDS.
    pipe_peer.py serve-many ADDR PORT
        echo server for concurrent connections: each, in its own thread,
        is read until EOF, echoed and closed.
    pipe_peer.py many ADDR PORT N SIZE GOFILE
        open N connections at once, send SIZE bytes (different on each),
        print "connected K" once all K are open and sent, wait for GOFILE
        to exist, then end each (shut down writing, read the echo) and
        print "echoed OK of N"; exit 0 only if all N came back whole.
"""
import os
import selectors
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


def sock(rthdr=None):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    if rthdr:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RTHDR, bytes.fromhex(rthdr))
    return s


def send(addr, port, inp, out, timeout, rthdr=None):
    with open(inp, "rb") as f:
        data = f.read()
    s = sock(rthdr)
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


def hold(addr, port, seconds, rthdr=None):
    s = sock(rthdr)
    s.settimeout(10)
    s.connect((addr, port))
    s.sendall(b"hold")
    time.sleep(seconds)
    return 0


def serve_many(addr, port):
    """One thread, a selector: threads are slow under TCG."""
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(1024)
    ls.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(ls, selectors.EVENT_READ)
    print("listening", flush=True)
    conns = {}     # socket -> [received, to send or None while reading]
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            if s is ls:
                c, _ = ls.accept()
                c.setblocking(False)
                conns[c] = [bytearray(), None]
                sel.register(c, selectors.EVENT_READ)
                continue
            st = conns[s]
            try:
                if st[1] is None:
                    b = s.recv(65536)
                    if b:
                        st[0] += b
                        continue
                    st[1] = memoryview(bytes(st[0]))
                    sel.modify(s, selectors.EVENT_WRITE)
                n = s.send(st[1]) if len(st[1]) else 0
                st[1] = st[1][n:]
                if len(st[1]):
                    continue
            except BlockingIOError:
                continue
            except OSError:
                pass
            sel.unregister(s)
            del conns[s]
            s.close()


def many(addr, port, n, size, gofile):
    """N connections from one thread (a selector), as above."""
    sel = selectors.DefaultSelector()
    want = {}
    back = {}
    for i in range(n):
        data = ((b"%06d" % i) * (size // 6 + 1))[:size]
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((addr, port))
        want[s] = data
        sel.register(s, selectors.EVENT_WRITE, i)
    deadline = time.time() + 120
    pending = set(want)
    while pending and time.time() < deadline:
        for key, _ in sel.select(1):
            s = key.fileobj
            err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if err:
                print("conn %d: %s" % (key.data, os.strerror(err)), file=sys.stderr)
                sel.unregister(s)
                pending.discard(s)
                continue
            s.sendall(want[s])   # fits in the socket's send buffer
            sel.modify(s, selectors.EVENT_READ, key.data)
            pending.discard(s)
    print("connected %d" % (n - len(pending)), flush=True)
    while not os.path.exists(gofile):
        time.sleep(0.2)
    for s in want:
        back[s] = bytearray()
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    good = 0
    open_ = set(s for s in want if s not in pending)
    deadline = time.time() + 120
    while open_ and time.time() < deadline:
        for key, _ in sel.select(1):
            s = key.fileobj
            try:
                b = s.recv(65536)
            except OSError as e:
                print("conn %d: %s" % (key.data, e), file=sys.stderr)
                b = b""
            if b:
                back[s] += b
                continue
            sel.unregister(s)
            open_.discard(s)
            good += back[s] == want[s]
            s.close()
    print("echoed %d of %d" % (good, n), flush=True)
    return 0 if good == n else 1


def main(a):
    if a[0] == "serve":
        echo = "--echo" in a
        count = int(a[a.index("--count") + 1]) if "--count" in a else None
        serve(a[1], int(a[2]), a[3], echo, count)
        return 0
    rthdr = a[a.index("--rthdr") + 1] if "--rthdr" in a else None
    if a[0] == "send":
        t = float(a[a.index("--timeout") + 1]) if "--timeout" in a else 30
        return send(a[1], int(a[2]), a[3], a[4], t, rthdr)
    if a[0] == "hold":
        return hold(a[1], int(a[2]), float(a[3]), rthdr)
    if a[0] == "serve-many":
        serve_many(a[1], int(a[2]))
        return 0
    if a[0] == "many":
        return many(a[1], int(a[2]), int(a[3]), int(a[4]), a[5])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
