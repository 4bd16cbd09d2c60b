#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A stand-in for the network, for testing `sriot run` on the host.

Creates the TUN device DEV, reads what is routed into it, checks it is an
SR-IoT process (IPv6 + SRH tag 0x5210, SL 1, segments[0] = source, DA =
segments[1], UDP checksum against segments[0]) and answers like the last
node does: SRH removed, source address and UDP ports kept, datagram to
segments[0], payload with status BREAK, steps 1, hops 1, r24 = 42 and one
write-log entry (marked dup on a retransmission). Drops the first DROP
packets. Writes one line per packet to LOG. With FORGE, each answer is
preceded by forged ones that a sender must ignore, all with the task's id
and r24 = 99: one from another address (fc00:0:ff::66), one from the
sender's address and port with the step limit changed.
Usage: responder.py DEV DROP LOG [FORGE]
"""
import fcntl, os, socket, struct, sys

dev, drop, logpath = sys.argv[1], int(sys.argv[2]), sys.argv[3]
forge = len(sys.argv) > 4 and sys.argv[4] == "forge"
OTHER = bytes.fromhex("fc0000000000ff000000000000000066")
TUNSETIFF, IFF_TUN, IFF_NO_PI = 0x400454CA, 0x0001, 0x1000
tun = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", dev.encode(), IFF_TUN | IFF_NO_PI))
log = open(logpath, "a", buffering=1)
seen = {}


def csum(src, dst, udp):
    data = src + dst + struct.pack("!IxxxB", len(udp), 17) + udp
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total & 0xFFFF) or 0xFFFF


print("ready", file=log)
while True:
    pkt = os.read(tun, 65536)
    if len(pkt) < 48 or pkt[6] != 43:
        continue
    src, dst = pkt[8:24], pkt[24:40]
    srh = pkt[40:]
    nh, hlen, rtype, sl, last, flags, tag = struct.unpack("!BBBBBBH", srh[:8])
    srh_len = (hlen + 1) * 8
    segs = [srh[8 + 16 * i:24 + 16 * i] for i in range(last + 1)]
    udp = bytearray(srh[srh_len:])
    ok = (nh == 17 and rtype == 4 and sl == 1 and tag == 0x5210 and segs[0] == src
          and segs[1] == dst and srh_len == 8 + 16 * (last + 1))
    want = struct.unpack("!H", udp[6:8])[0]
    udp[6:8] = b"\0\0"
    ok_csum = csum(segs[0], segs[0], bytes(udp)) == want
    sport = struct.unpack("!H", udp[0:2])[0]
    payload = bytearray(udp[8:])
    key = bytes(pkt)
    n = seen.get(key, 0)
    seen[key] = n + 1
    task_id = struct.unpack("!I", payload[4:8])[0]
    print("pkt len=%d srh_ok=%d csum_ok=%d task=%08x copy=%d" %
          (len(pkt), ok, ok_csum, task_id, n), file=log)
    if drop > 0:
        drop -= 1
        continue
    # answer: status BREAK, steps 1, hops 1, r24 42, one log entry
    payload[3] = 1
    payload[8:12] = struct.pack("!I", 1)
    payload[25] = 1                                     # hops
    payload[48 + 24] = 42                               # r24
    nn, nl, np_, cap = payload[31], payload[35], payload[36], payload[37]
    if cap:                                             # one write: first port = 7
        logoff = 96 + nn * nl + 2 * np_
        payload[logoff:logoff + 4] = bytes([payload[96 + nn * nl], 7, 0, 1 if n else 0])
        payload[38] = 1                                 # log_len
        payload[28:30] = struct.pack("!H", 1)           # wseq
    dport = struct.unpack("!H", udp[2:4])[0]

    def answer(src, payload):
        reply = bytearray(struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload)
        reply[6:8] = struct.pack("!H", csum(src, segs[0], bytes(reply)))
        ip6 = struct.pack("!IHBB", 0x60000000, len(reply), 17, 64) + src + segs[0]
        os.write(tun, ip6 + bytes(reply))

    if forge:
        fake = bytearray(payload)
        fake[48 + 24] = 99
        answer(OTHER, fake)
        fake[12:16] = struct.pack("!I", struct.unpack("!I", fake[12:16])[0] + 1)
        answer(src, fake)
    answer(src, payload)
