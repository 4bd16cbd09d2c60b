#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""One SR-IoT process, good or broken in one field, sent and waited for.

    sriot_case.py --src ADDR --nodes SID,SID... CASE [--timeout S] [--count N]
                  [--task-id N] [--new-tasks] [--port P] [--hmac KEYID:SECRET]
                  [--wait FILE:K]

Builds the base process of the SR-IoT tests with sriot_pkt (independent of
the sriot tool): "in r24, 0x26 (node 0); out 0x2a, r24 (node 3); break",
ports 0x26 -> node 0 and 0x2a -> node 3, unless CASE says otherwise. CASE
changes one thing (see CASES), the packet is sent raw to node 0 (--count
times, same task id; with --new-tasks copy i has task id N+i) from a UDP
socket bound to SRC:PORT (with --hmac the SRH carries an RFC 8754 HMAC TLV:
HMAC-SHA256 with SECRET, as `ip sr hmac set KEYID sha256` keys a node), and
every reply that comes back before --timeout is printed as one JSON object
per line (--wait FILE:K: copy K is sent only once FILE exists, so a test can
time copies of one already running sender to the tenth of a second): the
parsed payload with "status" as a name. No reply prints {"reply": null}.
Exit status 0 unless the arguments are wrong.
"""
import argparse
import json
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sriot_pkt  # noqa: E402

# AVR words
IN_R24_0x26 = 0xB186	# in r24, 0x06  (data address 0x26)
OUT_0x2A_R24 = 0xB98A	# out 0x0a, r24 (data address 0x2a)
OUT_0x2C_R24 = 0xB98C	# out 0x0c, r24 (0x2c: in no map, on no node)
OUT_0x26_R24 = 0xB986	# out 0x06, r24 (0x26 is a sensor)
LDI_R24_7 = 0xE087	# ldi r24, 7
NOP = 0x0000
BREAK = 0x9598
RJMP_SELF = 0xCFFF	# rjmp .-2: loops for ever
RJMP_BACK1 = 0xCFFE	# rjmp .-4: back one more word
RJMP_BACK2 = 0xCFFD	# rjmp .-6: back two more words
EIJMP = 0x9419		# not an ATmega328P instruction

BASE_CODE = [IN_R24_0x26, OUT_0x2A_R24, BREAK]
BASE_PORTS = [(0x26, 0), (0x2A, 3)]


def srh_set(srh, off, fmt, val):
    return srh[:off] + struct.pack(fmt, val) + srh[off + struct.calcsize(fmt):]


def build(args):
    """Return (process, srh bytes, payload bytes) for args.case."""
    nodes = args.nodes.split(",")
    code, ports, kw = list(BASE_CODE), list(BASE_PORTS), {}
    c = args.case
    if c == "bad-opcode":
        code = [NOP, EIJMP, BREAK]
    elif c == "budget-bomb":
        code = [LDI_R24_7, RJMP_SELF]
    elif c == "step-limit":
        kw["step_limit"] = 1		# the program needs 3
    elif c == "hop-limit":
        kw["hop_limit"] = 1		# the program needs nodes 0 and 3
    elif c == "port-loop":
        ports = [(0x26, 0), (0x2A, 0)]	# 0x2a is on node 3, not node 0
    elif c == "unknown-port":
        code = [IN_R24_0x26, OUT_0x2C_R24, BREAK]
    elif c == "io-fault":
        code = [IN_R24_0x26, OUT_0x26_R24, BREAK]
    elif c == "local":
        code = [LDI_R24_7, BREAK]
    elif c == "node-twice":
        nodes = [nodes[0]] + nodes	# {S1, S1, ...}: 0x2a -> node 1 = S1 again
        ports = [(0x26, 0), (0x2A, 1)]
    elif c in ("target-mcast", "target-lo"):
        nodes = [nodes[0], "ff02::1" if c == "target-mcast" else "::1"]
        ports = [(0x26, 0), (0x2A, 1)]
    elif c == "gso":
        kw["sram_size"] = 600		# three 256-byte segments and a bit
    elif c == "ping-pong":
        # read on node 0, write on node 3, again and again: 2 hops a round
        code = [IN_R24_0x26, OUT_0x2A_R24, RJMP_BACK2]
        kw.update(hop_limit=255, step_limit=1 << 30)
    elif c == "step-bomb":
        code = [LDI_R24_7, RJMP_SELF]
        kw["step_limit"] = 1 << 30
    elif c == "write-loop":
        # one visit to node 3 that writes its actuator for ever
        code = [LDI_R24_7, OUT_0x2A_R24, RJMP_BACK1]
        kw.update(step_limit=1 << 30, log_cap=4)
    p = sriot_pkt.Process(code, nodes, ports, task_id=args.task_id, **kw)
    if c == "finished":
        p.hops = p.hop_limit = 3		# out of hops on arrival
    if c == "bad-magic":
        p.magic = 0x5348
    elif c == "bad-version":
        p.version = 2
    elif c == "code-words":
        p.code_words = 9			# needs 2 code segments, has 1
    elif c == "port-node":
        p.ports = [(0x26, 0), (0x2A, len(nodes))]
    elif c == "sram-base":
        p.sram_base = 0xF0
        p.sp = p.sram_base + p.sram_size - 1
    srh = p.srh(args.src)
    payload = p.payload()
    if c == "log-len":
        payload = payload[:38] + bytes([p.log_cap + 1]) + payload[39:]	# log_len
    if c == "tag":
        srh = srh_set(srh, 6, ">H", 0x5211)
    elif c == "sl2":
        srh = srh_set(srh, 3, "B", 2)
    elif c == "sl0":
        srh = srh_set(srh, 3, "B", 0)
    elif c == "return-mcast":
        srh = srh[:8] + socket.inet_pton(socket.AF_INET6, "ff02::1") + srh[24:]
    elif c == "srh-tlv":
        # a valid PadN TLV after the segments: the kernel takes the SRH,
        # avr-exec wants none
        srh = srh_set(srh, 1, "B", srh[1] + 2) + bytes([4, 14]) + bytes(14)
    return p, srh, payload


def add_hmac(srh, src, spec):
    """The SRH with an HMAC TLV after its segments (RFC 8754, Linux's
    seg6_hmac_compute): HMAC over source, last entry, flags, key id and the
    segments, flag H set, hdr ext len 5 more."""
    import hashlib
    import hmac
    keyid, secret = spec.split(":", 1)
    keyid = struct.pack(">I", int(keyid, 0))
    flags = srh[5] | 0x08
    segs = srh[8:]
    msg = (socket.inet_pton(socket.AF_INET6, src) + bytes([srh[4], flags]) + keyid
           + segs)
    mac = hmac.new(secret.encode(), msg, hashlib.sha256).digest()
    tlv = bytes([5, 38, 0, 0]) + keyid + mac
    return srh[:1] + bytes([srh[1] + 5]) + srh[2:5] + bytes([flags]) + srh[6:] + tlv


def send(args, p, srh, payload, sk, port):
    c = args.case
    if c in ("udp-len", "truncated", "srh-cut"):
        send_broken(args, srh, payload, port)
    elif c == "gso":
        send_gso(args, srh, payload, sk)
    else:
        sriot_pkt.send_raw(args.src, args.dst, srh, payload, port, port)


def send_broken(args, srh, payload, port):
    """Raw packets sriot_pkt.send_raw cannot make: lengths that disagree."""
    import ipaddress
    src = ipaddress.IPv6Address(args.src).packed
    dst = ipaddress.IPv6Address(args.dst).packed
    ulen = 8 + len(payload)
    if args.case == "udp-len":
        udp = struct.pack(">HHHH", port, port, ulen + 4, 0) + payload
        pkt = srh + udp
    elif args.case == "truncated":
        # the payload loses its last 16 bytes (SRAM), UDP and IPv6 say so
        payload = payload[:-16]
        udp = struct.pack(">HHHH", port, port, 8 + len(payload), 0) + payload
        pkt = srh + udp
    else:  # srh-cut: the packet ends inside the SRH's code segments
        pkt = srh[:-8]
    ip6 = struct.pack(">IHBB", 6 << 28, len(pkt), 43, 64) + src + dst
    sk = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sk.sendto(ip6 + pkt, (args.dst, 0))
    sk.close()


UDP_SEGMENT = 103


def send_gso(args, srh, payload, sk):
    """One UDP_SEGMENT super-packet (256-byte segments) through the
    sticky type-4 routing header: on a veth it reaches node 0 as one GSO
    skb whose payload is the whole, valid process."""
    sk.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RTHDR, srh)
    sk.setsockopt(socket.SOL_UDP, UDP_SEGMENT, 256)
    sk.sendto(payload, (args.src, sk.getsockname()[1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    ap.add_argument("--src", required=True)
    ap.add_argument("--nodes", required=True)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--task-id", type=lambda s: int(s, 0), default=None)
    ap.add_argument("--new-tasks", action="store_true")
    ap.add_argument("--hmac", default=None)
    ap.add_argument("--wait", default=None)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    if args.task_id is None:
        args.task_id = struct.unpack(">I", os.urandom(4))[0]
    args.dst = args.nodes.split(",")[0]
    p, srh, payload = build(args)
    if args.hmac:
        srh = add_hmac(srh, args.src, args.hmac)

    sk = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sk.bind((args.src, args.port))
    port = sk.getsockname()[1]
    got = 0
    wait_file, wait_copy = (args.wait.rsplit(":", 1) + [None])[:2] if args.wait else (None, None)
    for i in range(args.count):
        if wait_file and i == int(wait_copy):
            while not os.path.exists(wait_file):
                time.sleep(0.05)
        if args.new_tasks and i:
            args.task_id = (args.task_id + 1) & 0xFFFFFFFF
            p, srh, payload = build(args)
            if args.hmac:
                srh = add_hmac(srh, args.src, args.hmac)
        send(args, p, srh, payload, sk, port)
        end = time.monotonic() + args.timeout
        while True:
            left = end - time.monotonic()
            if left <= 0 or not select.select([sk], [], [], left)[0]:
                break
            data = sk.recv(4096)
            d = sriot_pkt.parse_payload(data)
            d["status"] = d.pop("status_name")
            for k in ("reserved", "template", "sram"):
                d[k] = d[k].hex()
            d["regs"] = list(d["regs"])
            print(json.dumps(d), flush=True)
            got += 1
            break
    if not got:
        print(json.dumps({"reply": None}))


if __name__ == "__main__":
    main()
