#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Round trips of SR-IoT processes and of plain SRv6 UDP, for tests/bench/sriot.sh.

  sriot_rtt.py proc SRC NODE1,NODE2,... K COUNT
      a process that runs K instructions on each node (in from the node's
      sensor 0x26+i, then K-1 NOPs; BREAK on the last), sent COUNT times
  sriot_rtt.py end SRC SID1,SID2,... SIZE COUNT
      a UDP datagram through End SIDs back to SRC, the IPv6 packet SIZE
      bytes long (the size of a process packet)
  sriot_rtt.py task SRC FILE.task COUNT
      a task built by `sriot build` (as `sriot run` sends it)
  sriot_rtt.py pair SRC NODE1,... SID1,... K COUNT
      proc and end in turn, packet by packet (end sized as the process), so
      a load spike on a shared machine hits both alike; prints
      {"proc": {...}, "end": {...}}
  sriot_rtt.py taskping SRC FILE.task DST COUNT
      task and an ICMPv6 echo request to DST in turn, packet by packet;
      prints {"task": {...}, "ping": {...}}

Every packet leaves a UDP socket bound to SRC whose sticky IPV6_RTHDR is the
SRH (as `sriot run` does) and is sent to the socket itself: the last node
brings it back. Prints one JSON object: mean, median and 10th percentile
round trip in microseconds, the IPv6 packet size, and the process's final
status.
"""
import json
import os
import socket
import statistics
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "kselftest", "lib"))
import sriot_pkt  # noqa: E402

IPV6_RTHDR = 57
NOP, BREAK = 0x0000, 0x9598


def in_r24(port):
    """in r24, PORT (data address 0x20-0x5f)"""
    a = port - 0x20
    return 0xB000 | ((a & 0x30) << 5) | (24 << 4) | (a & 0x0F)


def proc_packet(src, nodes, k):
    code = []
    for i in range(len(nodes)):
        code += [in_r24(0x26 + i)] + [NOP] * (k - 1)
    code.append(BREAK)
    p = sriot_pkt.Process(code, nodes, [(0x26 + i, i) for i in range(len(nodes))],
                          step_limit=1 << 30, hop_limit=64)
    return p.srh(src), p.payload()


def end_packet(src, sids, size):
    segs = [socket.inet_pton(socket.AF_INET6, src)] + \
        [socket.inet_pton(socket.AF_INET6, s) for s in reversed(sids)]
    srh = struct.pack(">BBBBBBH", 17, 2 * len(segs), 4, len(segs) - 1,
                      len(segs) - 1, 0, 0) + b"".join(segs)
    return srh, b"b" * (size - 40 - len(srh) - 8)


def task_packet(path):
    raw = open(path, "rb").read()
    assert raw[:8] == b"SRIOTASK"
    srh_len, payload_len = struct.unpack(">HH", raw[10:14])
    return raw[24:24 + srh_len], raw[24 + srh_len:24 + srh_len + payload_len]


class Sender:
    """One UDP socket with a sticky SRH, sending to itself."""

    def __init__(self, src, srh, payload, is_proc):
        self.sk = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        self.sk.bind((src, 0))
        self.sk.setsockopt(socket.IPPROTO_IPV6, IPV6_RTHDR, srh)
        self.sk.settimeout(2)
        self.me = self.sk.getsockname()[:2]
        self.payload, self.is_proc = bytearray(payload), is_proc
        self.size = 40 + len(srh) + 8 + len(payload)
        self.times, self.status, self.lost = [], None, 0

    def once(self, i):
        if self.is_proc:
            self.payload[4:8] = struct.pack(">I", 0x42000000 + i)	# task id
        t0 = time.perf_counter()
        self.sk.sendto(self.payload, self.me)
        try:
            data = self.sk.recv(4096)
        except socket.timeout:
            self.lost += 1
            return
        dt = time.perf_counter() - t0
        if i >= 10:				# 10 to warm up
            self.times.append(dt * 1e6)
        if self.is_proc:
            self.status = sriot_pkt.parse_payload(data)["status_name"]

    def result(self):
        t = self.times
        return {"mean_us": round(statistics.mean(t), 1),
                "median_us": round(statistics.median(t), 1),
                "p10_us": round(statistics.quantiles(t, n=10)[0], 1),
                "count": len(t), "lost": self.lost, "size": self.size,
                "status": self.status}


class Echo(Sender):
    """ICMPv6 echo requests to one address (a raw socket: the VM runs as root)."""

    def __init__(self, dst):
        self.sk = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
        self.sk.settimeout(2)
        self.dst, self.ident = dst, os.getpid() & 0xffff
        self.times, self.status, self.lost, self.size = [], None, 0, 0

    def once(self, i):
        req = struct.pack(">BBHHH", 128, 0, 0, self.ident, i & 0xffff) + b"p" * 56
        t0 = time.perf_counter()
        self.sk.sendto(req, (self.dst, 0))
        while True:
            try:
                data = self.sk.recv(4096)
            except socket.timeout:
                self.lost += 1
                return
            if len(data) >= 8 and data[0] == 129 and \
               struct.unpack(">HH", data[4:8]) == (self.ident, i & 0xffff):
                break
        if i >= 10:
            self.times.append((time.perf_counter() - t0) * 1e6)


def measure(src, srh, payload, count, is_proc):
    s = Sender(src, srh, payload, is_proc)
    for i in range(count + 10):
        s.once(i)
    return s.result()


def main():
    mode, src = sys.argv[1], sys.argv[2]
    if mode == "proc":
        srh, payload = proc_packet(src, sys.argv[3].split(","), int(sys.argv[4]))
        r = measure(src, srh, payload, int(sys.argv[5]), True)
    elif mode == "pair":
        srh, payload = proc_packet(src, sys.argv[3].split(","), int(sys.argv[5]))
        p = Sender(src, srh, payload, True)
        srh, payload = end_packet(src, sys.argv[4].split(","), p.size)
        e = Sender(src, srh, payload, False)
        for i in range(int(sys.argv[6]) + 10):
            p.once(i)
            e.once(i)
        r = {"proc": p.result(), "end": e.result()}
    elif mode == "end":
        srh, payload = end_packet(src, sys.argv[3].split(","), int(sys.argv[4]))
        r = measure(src, srh, payload, int(sys.argv[5]), False)
    elif mode == "taskping":
        srh, payload = task_packet(sys.argv[3])
        srh = srh[:8] + socket.inet_pton(socket.AF_INET6, src) + srh[24:]
        t = Sender(src, srh, payload, True)
        e = Echo(sys.argv[4])
        for i in range(int(sys.argv[5]) + 10):
            t.once(i)
            e.once(i)
        r = {"task": t.result(), "ping": e.result()}
    else:
        srh, payload = task_packet(sys.argv[3])
        srh = srh[:8] + socket.inet_pton(socket.AF_INET6, src) + srh[24:]
        r = measure(src, srh, payload, int(sys.argv[4]), True)
    print(json.dumps(r))


if __name__ == "__main__":
    main()
