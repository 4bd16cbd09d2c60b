#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Hostile packets for the pipe SID (scapy): pipe_pkt.py SID FINAL COUNT KIND...
COUNT packets of each KIND (one Python start: scapy is slow to import):

    reduced    a SYN whose SRH lists only FINAL (segments left 1): the
               pipe's own SID is not in it (pipe-reduced-srh)
    short-tcp  SRH then 8 bytes of a TCP header (malformed)
    bad-doff   SRH then a TCP header with data offset 2 (malformed)
    udp        SRH then UDP (pipe-not-tcp)
    encap-dst  SRH then an inner IPv6 header to another address than the
               final segment, then a SYN (malformed)
    encap-short SRH then 20 bytes of an inner IPv6 header (malformed)
    encap-udp  SRH then inner IPv6 then UDP (pipe-not-tcp)
"""
import sys

# scapy's layers one by one: scapy.all takes seconds longer to import under TCG
from scapy.config import conf
from scapy.layers.inet import TCP, UDP
from scapy.layers.inet6 import IPv6, IPv6ExtHdrSegmentRouting
from scapy.packet import Raw
from scapy.sendrecv import send

conf.verb = 0


def srh(sid, final, reduced=False):
    if reduced:
        return IPv6ExtHdrSegmentRouting(addresses=[final], segleft=1, lastentry=0)
    return IPv6ExtHdrSegmentRouting(addresses=[final, sid], segleft=1, lastentry=1)


def build(kind, sid, final):
    ip = IPv6(dst=sid)
    if kind == "reduced":
        return ip / srh(sid, final, True) / TCP(sport=40001, dport=8080, flags="S")
    if kind == "short-tcp":
        s = srh(sid, final)
        s.nh = 6
        return ip / s / Raw(bytes(TCP(sport=40002, dport=8080, flags="S"))[:8])
    if kind == "bad-doff":
        return ip / srh(sid, final) / TCP(sport=40003, dport=8080, flags="S", dataofs=2)
    if kind == "udp":
        return ip / srh(sid, final) / UDP(sport=40004, dport=8080) / Raw(b"x" * 8)
    if kind == "encap-dst":
        return ip / srh(sid, final) / IPv6(dst="2001:db8:77::1") / \
            TCP(sport=40005, dport=8080, flags="S")
    if kind == "encap-short":
        s = srh(sid, final)
        s.nh = 41
        return ip / s / Raw(bytes(IPv6(dst=final))[:20])
    if kind == "encap-udp":
        return ip / srh(sid, final) / IPv6(dst=final) / UDP(sport=40006, dport=8080) / \
            Raw(b"x" * 8)
    raise SystemExit("unknown kind " + kind)


def main(a):
    for kind in a[3:]:
        send(build(kind, a[0], a[1]), count=int(a[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
