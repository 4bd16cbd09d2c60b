#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""UDP round trips for benchmarks: 'udp_rtt.py echo ADDR PORT' answers every
datagram; 'udp_rtt.py ping ADDR PORT COUNT SIZE' sends COUNT datagrams one
at a time and prints the mean round trip in microseconds; 'udp_rtt.py ping
ADDR PORT COUNT SIZE SRC' sends from the local address SRC; 'udp_rtt.py multi
PORT COUNT SIZE ADDR...' pings the addresses in turn, COUNT rounds, so a
load spike on a shared machine hits every address alike, and prints
{ADDR: {p10_us, median_us, ...}} (the 10th percentile is the figure least
moved by other guests' CPU time)."""
import json
import socket
import statistics
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


def summary(times):
    q = statistics.quantiles(times, n=20)
    return {"p10_us": round(q[1], 2), "p25_us": round(q[4], 2),
            "median_us": round(statistics.median(times), 2), "p75_us": round(q[14], 2),
            "mean_us": round(statistics.mean(times), 2)}


def multi(port, count, size, addrs):
    socks = {}
    for a in addrs:
        socks[a] = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        socks[a].settimeout(0.5)
    payload = b"x" * size
    times = {a: [] for a in addrs}
    lost = {a: 0 for a in addrs}
    for i in range(count + 10):		# the first 10 rounds warm up
        for a in addrs:
            s = socks[a]
            t0 = time.perf_counter()
            s.sendto(payload, (a, port))
            try:
                s.recvfrom(65535)
            except socket.timeout:
                lost[a] += 1
                if lost[a] > 3:
                    sys.exit("udp_rtt.py: %s: no answer" % a)
                continue
            if i >= 10:
                times[a].append((time.perf_counter() - t0) * 1e6)
    print(json.dumps({a: dict(summary(t), lost=lost[a]) for a, t in times.items()}))


if __name__ == "__main__":
    if sys.argv[1] == "echo":
        echo(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "multi":
        multi(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
    else:
        ping(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
             sys.argv[6] if len(sys.argv) > 6 else None)
