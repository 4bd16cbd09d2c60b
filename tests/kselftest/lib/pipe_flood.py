#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A SYN flood at a pipe SID: pipe_flood.py SID FINAL PORT PREFIX COUNT SECONDS

COUNT valid SYNs, each from its own source address PREFIX::<n> (a /64
prefix, e.g. 2001:db8:99::) and source port, with the SRH [FINAL, SID]
inline (segments left 1, as a client's "encap seg6 mode inline" route
makes it) and a TCP checksum over the final destination, spread evenly
over SECONDS. Plain raw socket, no scapy: under TCG scapy builds a few
hundred packets a second. Prints "sent N".
"""
import os
import socket
import struct
import sys
import time


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def syn(src, sid, final, sport, dport, seq):
    # MSS 1220 option, as a stock client sends one
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 6 << 4, 0x02, 64240, 0, 0) + \
        struct.pack("!BBH", 2, 4, 1220)
    pseudo = src + final + struct.pack("!IxxxB", len(tcp), 6)
    c = csum(pseudo + tcp)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    # SRH: next header TCP, hdr ext len 4 (2 segments), type 4, SL 1, last entry 1
    srh = struct.pack("!BBBBBBH", 6, 4, 4, 1, 1, 0, 0) + final + sid
    ip6 = struct.pack("!IHBB", 6 << 28, len(srh) + len(tcp), 43, 64) + src + sid
    return ip6 + srh + tcp


def main(a):
    sid, final = (socket.inet_pton(socket.AF_INET6, x) for x in a[:2])
    dport = int(a[2])
    prefix = socket.inet_pton(socket.AF_INET6, a[3])[:8]
    count, seconds = int(a[4]), float(a[5])
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    pkts = []
    for n in range(count):
        src = prefix + struct.pack("!Q", 0x1000 + n)
        sport = 1024 + n % 60000
        pkts.append(syn(src, sid, final, sport, dport, int.from_bytes(os.urandom(4), "big")))
    dst = (a[0], 0)
    t0 = time.monotonic()
    sent = 0
    for n, p in enumerate(pkts):
        try:
            s.sendto(p, dst)
            sent += 1
        except OSError:
            pass		# a full queue: the next one
        ahead = t0 + seconds * (n + 1) / count - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    print("sent", sent)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
