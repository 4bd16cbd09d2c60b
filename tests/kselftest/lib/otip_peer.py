#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Both ends of tests/kselftest/otip_gw.sh.

  server PORT UDPADDR LOG   TCP echo on [::]:PORT (one line per connection in LOG:
                            "tcp LOCAL PEER"), UDP echo on [UDPADDR]:PORT ("udp
                            LOCAL PEER" per datagram); runs until killed
  tcp ADDR PORT MSG         connect (3 s), send MSG, print the echo
  udp ADDR PORT MSG         a connected UDP socket: send MSG, print the echo (3 s)
  long ADDR PORT SECONDS    one TCP connection: "one", then after SECONDS "two";
                            prints both echoes
  scan ADDR N PORT          one UDP datagram to each of N random addresses of
                            ADDR's /64 and to ADDR's 16 neighbours (last group
                            +-1..8); prints how many were sent
  error ADDR PORT SIZE [HOPS]
                            a connected UDP socket sends SIZE bytes (hop limit
                            HOPS, default the system's), a raw
                            ICMPv6 socket waits (3 s) for the error quoting
                            them; prints "ADDR TYPE OUTER-SOURCE QUOTED-SOURCE
                            QUOTED-DEST ICMP-CSUM UDP-CSUM RECV": checksums
                            "ok", "bad" or "-" (the quote is cut), RECV what
                            the UDP socket's recv then got ("refused", "none")
  inject CLIENT SERVICE     send CLIENT a port unreachable from SERVICE quoting
                            a UDP datagram CLIENT:5555 -> SERVICE:7009

ADDR may be "otip:ARGS": the address `$OTIP addr ARGS` prints, computed
right before use, so a slow interpreter start under TCG cannot make a
short window pass between computing and connecting. TIMEOUT (tcp, long)
is the connect timeout, 3 s unless given as the last argument.
"""
import os
import shlex
import socket
import subprocess
import sys
import threading
import time


def log(path, line):
    with open(path, "a") as f:
        f.write(line + "\n")


def serve_tcp(port, path):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.listen(16)
    while True:
        c, peer = s.accept()
        log(path, "tcp %s %s" % (c.getsockname()[0], peer[0]))
        threading.Thread(target=echo, args=(c,), daemon=True).start()


def echo(c):
    try:
        while True:
            b = c.recv(4096)
            if not b:
                break
            c.sendall(b)
    except OSError:
        pass
    c.close()


def serve_udp(addr, port, path):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        b, peer = s.recvfrom(4096)
        log(path, "udp %s %s" % (addr, peer[0]))
        s.sendto(b, peer)


def resolve(addr):
    if not addr.startswith("otip:"):
        return addr
    cmd = [os.environ["OTIP"], "addr"] + shlex.split(addr[5:])
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def connect(addr, port, timeout=3.0):
    c = socket.create_connection((resolve(addr), port), timeout=timeout)
    c.settimeout(5)
    return c


def csum(b):
    if len(b) % 2:
        b += b"\0"
    t = sum(int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b), 2))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return t


def pseudo_ok(src, dst, proto, msg):
    """The checksum of msg, IPv6 pseudo-header (src, dst: 16 bytes) included, verifies"""
    ph = src + dst + len(msg).to_bytes(4, "big") + bytes(3) + bytes([proto])
    return csum(ph + msg) == 0xffff


def error(addr, port, size, hops=None):
    a = resolve(addr)
    raw = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    raw.settimeout(3)
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    if hops:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, hops)
    s.connect((a, port))
    me = socket.inet_pton(socket.AF_INET6, s.getsockname()[0])
    sport = s.getsockname()[1]
    s.send(b"x" * size)
    while True:
        m, peer = raw.recvfrom(65536)
        # an error (type < 128) quoting a UDP datagram (no extension headers) of s
        if m[0] < 128 and len(m) >= 56 and m[14] == 17 and int.from_bytes(m[48:50], "big") == sport:
            break
    q = m[8:]
    outer = socket.inet_pton(socket.AF_INET6, peer[0])
    icmp = "ok" if pseudo_ok(outer, me, 58, m) else "bad"
    ulen = int.from_bytes(q[44:46], "big")
    udp = "-" if len(q) < 40 + ulen else ("ok" if pseudo_ok(q[8:24], q[24:40], 17, q[40:40 + ulen]) else "bad")
    s.settimeout(0.5)
    try:
        s.recv(4096)
        got = "data"
    except ConnectionRefusedError:
        got = "refused"
    except OSError:
        got = "none"
    print(a, m[0], peer[0], socket.inet_ntop(socket.AF_INET6, q[8:24]),
          socket.inet_ntop(socket.AF_INET6, q[24:40]), icmp, udp, got)


def inject(client, service):
    c, v = (socket.inet_pton(socket.AF_INET6, x) for x in (client, service))
    udp = (5555).to_bytes(2, "big") + (7009).to_bytes(2, "big") + (12).to_bytes(2, "big") + bytes(2) + b"lost"
    quote = bytes([0x60, 0, 0, 0]) + len(udp).to_bytes(2, "big") + bytes([17, 64]) + c + v + udp
    raw = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    raw.bind((service, 0))
    raw.sendto(bytes([1, 4, 0, 0, 0, 0, 0, 0]) + quote, (client, 0))


def main():
    cmd = sys.argv[1]
    if cmd == "server":
        port, udpaddr, path = int(sys.argv[2]), sys.argv[3], sys.argv[4]
        threading.Thread(target=serve_udp, args=(udpaddr, port, path), daemon=True).start()
        serve_tcp(port, path)
    elif cmd == "tcp":
        c = connect(sys.argv[2], int(sys.argv[3]), float(sys.argv[5]) if len(sys.argv) > 5 else 3)
        c.sendall(sys.argv[4].encode())
        print(c.recv(4096).decode())
    elif cmd == "udp":
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.settimeout(3)
        s.connect((resolve(sys.argv[2]), int(sys.argv[3])))
        s.send(sys.argv[4].encode())
        print(s.recv(4096).decode())
    elif cmd == "long":
        c = connect(sys.argv[2], int(sys.argv[3]))
        c.sendall(b"one")
        a = c.recv(4096).decode()
        time.sleep(float(sys.argv[4]))
        c.sendall(b"two")
        print(a, c.recv(4096).decode())
    elif cmd == "scan":
        base = socket.inet_pton(socket.AF_INET6, resolve(sys.argv[2]))
        n, port = int(sys.argv[3]), int(sys.argv[4])
        targets = [base[:8] + os.urandom(8) for _ in range(n)]
        last = int.from_bytes(base[14:], "big")
        for d in range(1, 9):
            for v in (last + d, last - d):
                targets.append(base[:14] + (v & 0xffff).to_bytes(2, "big"))
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        for i, t in enumerate(targets):
            s.sendto(b"scan", (socket.inet_ntop(socket.AF_INET6, t), port))
            if i % 50 == 49:
                time.sleep(0.01)    # not past the receive backlog (1000)
        print(len(targets))
    elif cmd == "error":
        error(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
              int(sys.argv[5]) if len(sys.argv) > 5 else None)
    elif cmd == "inject":
        inject(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
