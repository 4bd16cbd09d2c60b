#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""UDP round trips for benchmarks: 'udp_rtt.py echo ADDR PORT' answers every
datagram; 'udp_rtt.py ping ADDR PORT COUNT SIZE' sends COUNT datagrams one
at a time and prints the mean round trip in microseconds; 'udp_rtt.py ping
ADDR PORT COUNT SIZE SRC' sends from the local address SRC; 'udp_rtt.py multi
PORT COUNT SIZE ADDR...' pings the addresses in turn, COUNT rounds, so a
load spike on a shared machine hits every address alike, and prints
{ADDR: {p10_us, median_us, ...}} (the 10th percentile is the figure least
moved by other guests' CPU time); 'udp_rtt.py ktime PORT COUNT SIZE ADDR...'
is multi that also reads from the function_graph tracer (set up by the
caller: filter seg6_local_input, max_graph_depth 1; tracefs at $TRACEFS,
else /sys/kernel/tracing) how long the kernel spent in each request's
outermost seg6local input: {ADDR: {calls, p10_us, ..., rtt: {...}}}."""
import json
import os
import re
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


TRACE = os.environ.get("TRACEFS", "/sys/kernel/tracing")
GRAPH_LEAF = re.compile(r"([0-9.]+) us\s*\|\s*seg6_local_input\(\);")
MARK = re.compile(r"udp_rtt (\S+?)(?: \*/)?\s*$")


def multi(port, count, size, addrs, trace=False):
    """With @trace (ktime), each request's outermost seg6_local_input is
    also timed by the function_graph tracer; a trace_marker line before each
    request names the address, so the time that follows is that request's"""
    socks = {}
    for a in addrs:
        socks[a] = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        socks[a].settimeout(0.5)
    payload = b"x" * size
    times = {a: [] for a in addrs}
    lost = {a: 0 for a in addrs}
    mark = os.open(TRACE + "/trace_marker", os.O_WRONLY) if trace else None
    for i in range(count + 10):		# the first 10 rounds warm up
        if trace and i == 10:
            open(TRACE + "/trace", "w").close()	# empties the ring buffer
        for a in addrs:
            s = socks[a]
            if trace:
                os.write(mark, b"udp_rtt " + a.encode())
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
    if not trace:
        print(json.dumps({a: dict(summary(t), lost=lost[a]) for a, t in times.items()}))
        return
    k = {a: [] for a in addrs}
    cur = None
    with open(TRACE + "/trace") as f:
        for line in f:
            m = MARK.search(line)
            if m:
                cur = m.group(1)
                continue
            m = GRAPH_LEAF.search(line)
            if m and cur in k:
                k[cur].append(float(m.group(1)))
                cur = None		# one call per request: replies carry no SRH
    for a in addrs:
        if len(k[a]) < count * 3 // 4:
            sys.exit("udp_rtt.py: %s: %d traced calls of %d" % (a, len(k[a]), count))
    print(json.dumps({a: dict(summary(k[a]), calls=len(k[a]), lost=lost[a],
                              rtt=summary(times[a])) for a in addrs}))


if __name__ == "__main__":
    if sys.argv[1] == "echo":
        echo(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "ktime":
        multi(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:], trace=True)
    elif sys.argv[1] == "multi":
        multi(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
    else:
        ping(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
             sys.argv[6] if len(sys.argv) > 6 else None)
