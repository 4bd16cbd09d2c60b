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

Every packet leaves a UDP socket bound to SRC whose sticky IPV6_RTHDR is the
SRH (as `sriot run` does) and is sent to the socket itself: the last node
brings it back. Prints one JSON object: mean and median round trip in
microseconds, the IPv6 packet size, and the process's final status.
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


def measure(src, srh, payload, count, is_proc):
    sk = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sk.bind((src, 0))
    sk.setsockopt(socket.IPPROTO_IPV6, IPV6_RTHDR, srh)
    sk.settimeout(2)
    me = sk.getsockname()[:2]
    payload = bytearray(payload)
    times, status, lost = [], None, 0
    for i in range(count + 10):		# 10 to warm up
        if is_proc:
            payload[4:8] = struct.pack(">I", 0x42000000 + i)	# task id
        t0 = time.perf_counter()
        sk.sendto(payload, me)
        try:
            data = sk.recv(4096)
        except socket.timeout:
            lost += 1
            continue
        dt = time.perf_counter() - t0
        if i >= 10:
            times.append(dt * 1e6)
        if is_proc:
            status = sriot_pkt.parse_payload(data)["status_name"]
    return {"mean_us": round(statistics.mean(times), 1),
            "median_us": round(statistics.median(times), 1),
            "count": len(times), "lost": lost,
            "size": 40 + len(srh) + 8 + len(payload), "status": status}


def main():
    mode, src = sys.argv[1], sys.argv[2]
    if mode == "proc":
        srh, payload = proc_packet(src, sys.argv[3].split(","), int(sys.argv[4]))
        r = measure(src, srh, payload, int(sys.argv[5]), True)
    elif mode == "end":
        srh, payload = end_packet(src, sys.argv[3].split(","), int(sys.argv[4]))
        r = measure(src, srh, payload, int(sys.argv[5]), False)
    else:
        srh, payload = task_packet(sys.argv[3])
        srh = srh[:8] + socket.inet_pton(socket.AF_INET6, src) + srh[24:]
        r = measure(src, srh, payload, int(sys.argv[4]), True)
    print(json.dumps(r))


if __name__ == "__main__":
    main()
