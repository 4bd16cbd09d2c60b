#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Traffic for the ILNPv6 test, the St Andrews experiment's way: every
datagram carries an 8-byte sequence number first.

    ilnp_flow.py udp LOCAL PEER PORT INTERVAL_MS SIZE SYNC [LOG]
        bind LOCAL:PORT, then the SYNC protocol below; send datagrams of SIZE
        bytes to PEER:PORT, one every INTERVAL_MS, while receiving the
        peer's; once stopped, wait 2 s for stragglers and print JSON {sent,
        received, dups, reordered, first, last, send_errors,
        send_error_reasons}; with LOG,
        write "UNIXTIME SEQ" there for every datagram received
    ilnp_flow.py tcp-server LOCAL PORT [LOG [tcp|mptcp]]
        accept one connection, read to EOF, check the byte stream is the
        client's pattern; print JSON {bytes, ok, error}; with LOG, write
        "UNIXTIME BYTES_SO_FAR" there for every read
    ilnp_flow.py tcp-client LOCAL PEER PORT SYNC [tcp|mptcp]
        connect from LOCAL, then the SYNC protocol; write the pattern (8 KiB
        every 20 ms) until stopped; print JSON {bytes, error}
    ilnp_flow.py sample SYNC LOG IFACE...
        from "go" to "stop", every 0.25 s, write "UNIXTIME IFACE RX_BYTES
        TX_BYTES" for each IFACE (this namespace's /proc/net/dev; an
        interface that is not there is left out)

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


IPPROTO_MPTCP = 262


def udp(local, peer, port, interval_ms, size, sync, log=None):
    logf = open(log, "w") if log else None
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    # a TCG guest may not schedule us for a second: queue that much and more
    # (SO_RCVBUFFORCE: root, past net.core.rmem_max)
    s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)
    s.bind((local, port))
    s.setblocking(False)
    ready_go(sync)
    count = None
    start = nxt = time.monotonic()
    seen, order, sent, errors, why = set(), [], 0, 0, {}
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
            except OSError as e:
                errors += 1
                why[e.strerror] = why.get(e.strerror, 0) + 1
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
            if logf:
                logf.write("%.4f %d\n" % (time.time(), q))
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
        "send_error_reasons": why,
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


def stream_socket(proto):
    return socket.socket(socket.AF_INET6, socket.SOCK_STREAM,
                         IPPROTO_MPTCP if proto == "mptcp" else 0)


def tcp_server(local, port, log=None, proto="tcp"):
    logf = open(log, "w") if log else None
    ls = stream_socket(proto)
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
            if logf:
                logf.write("%.4f %d\n" % (time.time(), total))
    except OSError as e:
        err = str(e)
    print(json.dumps({"bytes": total, "ok": ok and err is None, "error": err}))


def tcp_client(local, peer, port, sync, proto="tcp"):
    s = stream_socket(proto)
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
                s = stream_socket(proto)
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


def sample(sync, log, ifaces):
    ready_go(sync)
    with open(log, "w") as f:
        while not stopped(sync):
            now = time.time()
            with open("/proc/net/dev") as dev:
                for line in dev.readlines()[2:]:
                    name, counters = line.split(":", 1)
                    name = name.strip()
                    if name in ifaces:
                        c = counters.split()
                        f.write("%.4f %s %s %s\n" % (now, name, c[0], c[8]))
            f.flush()
            time.sleep(0.25)


def main(argv):
    mode = argv[1]
    if mode == "udp":
        udp(argv[2], argv[3], int(argv[4]), float(argv[5]), int(argv[6]), argv[7],
            *argv[8:9])
    elif mode == "tcp-server":
        tcp_server(argv[2], int(argv[3]), *argv[4:6])
    elif mode == "tcp-client":
        tcp_client(argv[2], argv[3], int(argv[4]), argv[5], *argv[6:7])
    elif mode == "sample":
        sample(argv[2], argv[3], argv[4:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
