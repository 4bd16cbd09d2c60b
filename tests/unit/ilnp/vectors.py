#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Cross-check the ILNPv6 core's encodings against scapy.

Reads "name hex" lines from `ilnp_test --emit` on stdin and builds every
vector independently with scapy: the Locator Update (ICMPv6 type 156, body
packed by hand after RFC 6743, checksum by scapy), the nonce destination
option 0x8B (RFC 6744) in 32- and 96-bit forms, and a UDP datagram with a
plain IPv6 checksum and with the RFC 6740 one (scapy over addresses whose
L64 is zero). TAP; last line "N passed, N failed".
"""
import struct
import sys

from scapy.layers.inet import UDP
from scapy.layers.inet6 import (IPv6, ICMPv6Unknown, IPv6ExtHdrDestOpt,
                                HBHOptUnknown)

MN = "2001:db8:a::a"          # L64 2001:db8:a::/64, NID ::a
CN = "2001:db8:b::b"
LOCS = [("2001:0db8:000a:0000", 10, 30), ("2001:0db8:000b:0000", 20, 30),
        ("2001:0db8:000c:0000", 30, 0xffff)]


def lu_body(op):
    body = struct.pack("!BBH", len(LOCS), op, 0)
    for l64, pref, life in LOCS:
        body += bytes.fromhex(l64.replace(":", "")) + struct.pack("!HH", pref, life)
    return body


def lu(op, src, dst):
    p = IPv6(src=src, dst=dst) / ICMPv6Unknown(type=156, code=0, msgbody=lu_body(op))
    return bytes(p)[40:]     # the ICMPv6 message, checksum by scapy


def payload(n, seed):
    out = bytearray()
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0xffffffff
        out.append((seed >> 16) & 0xff)
    return bytes(out)


def udp(src, dst):
    p = IPv6(src=src, dst=dst) / UDP(sport=40000, dport=5001) / payload(100, 7)
    return bytes(p)[40:]


def dstopt(nh, nonce):
    return bytes(IPv6ExtHdrDestOpt(nh=nh, options=[HBHOptUnknown(otype=0x8b, optdata=nonce)]))


ref = {
    "lu_advertise": lu(1, MN, CN),
    "lu_ack": lu(2, CN, MN),
    "nonce32": dstopt(58, bytes.fromhex("deadbeef")),
    "nonce96": dstopt(17, bytes(range(1, 13))),
    "udp_ipv6": udp(MN, CN),
    "udp_rfc": udp("::a", "::b"),
}

got = dict(line.split() for line in sys.stdin if line.strip())
passed = failed = 0
for i, (name, want) in enumerate(ref.items(), 1):
    have = bytes.fromhex(got.get(name, ""))
    if have == want:
        passed += 1
        print(f"ok {i} - scapy: {name} ({len(want)} bytes) identical")
    else:
        failed += 1
        print(f"not ok {i} - scapy: {name} differs")
        print(f"#  core:  {have.hex()}")
        print(f"#  scapy: {want.hex()}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
