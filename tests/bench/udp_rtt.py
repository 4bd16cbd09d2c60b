#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""UDP round trips for benchmarks: 'udp_rtt.py echo ADDR PORT' answers every
datagram; 'udp_rtt.py ping ADDR PORT COUNT SIZE' sends COUNT datagrams one
at a time and prints the mean round trip in microseconds; 'udp_rtt.py ping
ADDR PORT COUNT SIZE SRC' sends from the local address SRC."""
import socket
import sys
import time


def echo(addr, port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


def ping(addr, port, count, size, src=None):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    if src:
        s.bind((src, 0))
    s.settimeout(2)
    payload = b"x" * size
    for _ in range(10):			# warm up caches, neighbours, routes
        s.sendto(payload, (addr, port))
        s.recvfrom(65535)
    t0 = time.perf_counter()
    for _ in range(count):
        s.sendto(payload, (addr, port))
        s.recvfrom(65535)
    print("%.1f" % ((time.perf_counter() - t0) / count * 1e6))


if __name__ == "__main__":
    if sys.argv[1] == "echo":
        echo(sys.argv[2], int(sys.argv[3]))
    else:
        ping(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
             sys.argv[6] if len(sys.argv) > 6 else None)
