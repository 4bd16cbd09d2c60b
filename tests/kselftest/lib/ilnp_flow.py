#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Traffic for the ILNPv6 test, the St Andrews experiment's way: every
datagram carries an 8-byte sequence number first.

    ilnp_flow.py udp LOCAL PEER PORT INTERVAL_MS SIZE SYNC
        bind LOCAL:PORT, then the SYNC protocol below; send datagrams of SIZE
        bytes to PEER:PORT, one every INTERVAL_MS, while receiving the
        peer's; once stopped, wait 2 s for stragglers and print JSON {sent,
        received, dups, reordered, first, last, send_errors}
    ilnp_flow.py tcp-server LOCAL PORT
        accept one connection, read to EOF, check the byte stream is the
        client's pattern; print JSON {bytes, ok, error}
    ilnp_flow.py tcp-client LOCAL PEER PORT SYNC
        connect from LOCAL, then the SYNC protocol; write the pattern (8 KiB
        every 20 ms) until stopped; print JSON {bytes, error}

SYNC is a folder: a process creates SYNC/ready.<pid> when set up, starts at
the Unix time written in SYNC/go and stops when SYNC/stop exists (python
starts slowly under TCG: fixed delays do not line flows up).
"""
import os
import json
import select
import socket
import struct
import sys
import time


def ready_go(sync):
    open(os.path.join(sync, "ready.%d" % os.getpid()), "w").close()
    go = os.path.join(sync, "go")
    while not os.path.exists(go) or not open(go).read().strip():
        time.sleep(0.05)
    time.sleep(max(0.0, float(open(go).read()) - time.time()))


def stopped(sync):
    return os.path.exists(os.path.join(sync, "stop"))


def udp(local, peer, port, interval_ms, size, sync):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    # a TCG guest may not schedule us for a second: queue that much and more
    # (SO_RCVBUFFORCE: root, past net.core.rmem_max)
    s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)
    s.bind((local, port))
    s.setblocking(False)
    ready_go(sync)
    count = None
    start = nxt = time.monotonic()
    seen, order, sent, errors = set(), [], 0, 0
    dups = 0
    pad = b"\0" * (size - 8)
    end_send = None
    while True:
        now = time.monotonic()
        if count is None and stopped(sync):
            count = sent
            end_send = now
        if (count is None or sent < count) and now >= nxt:
            try:
                s.sendto(struct.pack("!Q", sent) + pad, (peer, port))
            except OSError:
                errors += 1
            sent += 1
            nxt = start + sent * interval_ms / 1000.0
        if end_send is not None and now - end_send > 2.0:
            break
        wait = max(0.0, min(nxt - now, 0.01)) if count is None else 0.05
        r, _, _ = select.select([s], [], [], wait)
        while r:
            try:
                data = s.recv(65536)
            except BlockingIOError:
                break
            if len(data) < 8:
                continue
            q = struct.unpack("!Q", data[:8])[0]
            if q in seen:
                dups += 1
                continue
            seen.add(q)
            order.append(q)
    reordered = sum(1 for a, b in zip(order, order[1:]) if b < a)
    print(json.dumps({
        "sent": sent, "send_errors": errors, "received": len(seen),
        "dups": dups, "reordered": reordered,
        "first": order[0] if order else None, "last": order[-1] if order else None,
    }))


# The stream: a 251-byte cycle (prime, so no power-of-two chunking hides a
# shifted or repeated segment), sliced from a tile: cheap under TCG.
CYCLE = bytes((i * 7 + 3) % 256 for i in range(251))
TILE = CYCLE * 40


def pattern(offset, n):
    """n bytes (n <= 8192) of the stream at offset"""
    start = offset % len(CYCLE)
    return TILE[start:start + n]


def matches(offset, data):
    for i in range(0, len(data), 8192):
        if data[i:i + 8192] != pattern(offset + i, len(data[i:i + 8192])):
            return False
    return True


def tcp_server(local, port):
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((local, port))
    ls.listen(1)
    ls.settimeout(60)
    total, ok, err = 0, True, None
    try:
        c, _ = ls.accept()
        c.settimeout(30)
        while True:
            data = c.recv(65536)
            if not data:
                break
            if ok and not matches(total, data):
                ok = False
            total += len(data)
    except OSError as e:
        err = str(e)
    print(json.dumps({"bytes": total, "ok": ok and err is None, "error": err}))


def tcp_client(local, peer, port, sync):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.bind((local, 0))
    total, err = 0, None
    try:
        for _ in range(50):
            try:
                s.connect((peer, port))
                break
            except ConnectionRefusedError:
                s.close()
                time.sleep(0.1)
                s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                s.bind((local, 0))
        s.settimeout(30)
        ready_go(sync)
        while not stopped(sync):
            chunk = pattern(total, 8192)
            s.sendall(chunk)
            total += len(chunk)
            time.sleep(0.02)
        s.shutdown(socket.SHUT_WR)
        s.recv(1)
    except OSError as e:
        err = str(e)
    print(json.dumps({"bytes": total, "error": err}))


def main(argv):
    mode = argv[1]
    if mode == "udp":
        udp(argv[2], argv[3], int(argv[4]), float(argv[5]), int(argv[6]), argv[7])
    elif mode == "tcp-server":
        tcp_server(argv[2], int(argv[3]))
    elif mode == "tcp-client":
        tcp_client(argv[2], argv[3], int(argv[4]), argv[5])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
