#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Hostile seg6x-update datagrams for tests/kselftest/update_hostile.sh.

  update_inject.py SRC GROUP PORT DEV ID VERSION COUNT

Sends COUNT datagrams of each kind below from SRC (bound with IPV6_FREEBIND,
so an attacker on the link can use the sender's own address) to [GROUP]:PORT
on DEV, and prints one JSON object: kind -> (datagrams sent, the drop reason
a receiver must count for each). Layout: docs/update-format.md.

  truncated   a header cut at 10 bytes                          truncated
  magic       a symbol packet with magic 0x5337                 bad-magic
  oversize    a symbol packet of 1233 bytes                     malformed
  forged_m    a manifest of object ID VERSION+1, random sig     bad-signature
  forged_h    hashes of blocks 0..1 of ID VERSION, random sig   bad-signature
  rollback    a symbol of ID, VERSION-1                         rollback
  range       a symbol of ID VERSION, block 1000000             out-of-range
  injected    random symbols of block 0 of ID VERSION, each     (used, then the
              twice (the second is a replay)                     block: bad-block;
                                                                 replays: duplicate)
The symbol size is 1200 (seg6x-update's default).
"""
import json
import os
import socket
import struct
import sys

T = 1200


def hdr(typ, oid, ver, body):
    return struct.pack("!HBBIIHH", 0x5336, 1, typ, oid, ver, len(body), 0) + body


def symbol(oid, ver, block, esi, data=None):
    return hdr(3, oid, ver, struct.pack("!II", block, esi) + (data or os.urandom(T)))


def main():
    src, group, port, dev, oid, ver, count = sys.argv[1:]
    oid, ver, count, port = int(oid), int(ver), int(count), int(port)
    ifindex = socket.if_nametoindex(dev)
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, 78, 1)  # IPV6_FREEBIND: any source address
    s.bind((src, 0))
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 8)
    dst = (group, port, 0, 0)
    manifest = struct.pack("!QIIHBBI", 70000, 65536, 2, T, 1, 1, 0) + os.urandom(32 + 64)
    hashes = struct.pack("!IHH", 0, 2, 0) + os.urandom(64 + 64)
    kinds = {
        "truncated": (lambda i: symbol(oid, ver, 0, i)[:10], "truncated"),
        "magic": (lambda i: b"\x53\x37" + symbol(oid, ver, 0, i)[2:], "bad-magic"),
        "oversize": (lambda i: symbol(oid, ver, 0, i) + b"\0" * (1233 - 16 - 8 - T),
                     "malformed"),
        "forged_m": (lambda i: hdr(1, oid, ver + 1, manifest), "bad-signature"),
        "forged_h": (lambda i: hdr(2, oid, ver, hashes), "bad-signature"),
        "rollback": (lambda i: symbol(oid, ver - 1, 0, i), "rollback"),
        "range": (lambda i: symbol(oid, ver, 1000000, i), "out-of-range"),
    }
    sent = {}
    for kind, (make, reason) in kinds.items():
        for i in range(count):
            s.sendto(make(i), dst)
        sent[kind] = [count, reason]
    for i in range(count):
        pkt = symbol(oid, ver, 0, 0xabc000 + i)
        s.sendto(pkt, dst)
        s.sendto(pkt, dst)
    sent["injected"] = [count, "bad-block"]
    sent["replayed"] = [count, "duplicate"]
    print(json.dumps(sent))


if __name__ == "__main__":
    main()
