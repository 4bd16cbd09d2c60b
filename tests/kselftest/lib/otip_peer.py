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
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
