#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Build, send, receive and take apart SR-IoT process packets
(kmod/uapi/linux/seg6x_sriot.h) for tests: good ones, and bad ones made by
changing single fields. Independent of the sriot tool on purpose, so the
tests check the wire format, not one implementation against itself."""
import ipaddress
import socket
import struct

SRH_TAG = 0x5210
MAGIC = 0x5349
HDR = struct.Struct(">HBBIIIIHHBBBBHBBHBBBBB3sHHH32s16s")
assert HDR.size == 96
STATUS = ["running", "break", "sleep", "fault", "unknown-port", "port-loop",
          "hop-budget", "step-limit", "hop-limit", "io-fault"]


class Process:
    """An SR-IoT process; fields mirror struct sriot_hdr."""

    def __init__(self, code, nodes, ports, sram_size=64, log_cap=8,
                 task_id=0x1234abcd, step_limit=100000, hop_limit=32):
        self.code = list(code)              # AVR words
        self.nodes = [ipaddress.IPv6Address(n).packed for n in nodes]
        self.ports = list(ports)            # [(port, node index)]
        self.sram_size, self.sram_base = sram_size, 0x100
        self.log_cap, self.log = log_cap, []
        self.task_id, self.step_limit, self.hop_limit = task_id, step_limit, hop_limit
        self.status = self.steps = self.cycles = self.pc = self.sreg = 0
        self.hops, self.last_node, self.wseq, self.fault, self.fault_addr = 0, 0xff, 0, 0, 0
        self.sp = self.sram_base + sram_size - 1
        self.regs = bytes(32)
        self.sram = bytes(sram_size)
        self.reserved = bytes(3)
        self.magic, self.version = MAGIC, 1
        self.code_words = len(self.code)
        # node table window: the bytes where the SIDs differ
        diff = [i for i in range(16) if len({n[i] for n in self.nodes}) > 1] or [15]
        self.node_off, self.node_len = diff[0], diff[-1] - diff[0] + 1

    def code_segments(self):
        words = self.code + [0xFFFF] * (-len(self.code) % 8)
        raw = b"".join(struct.pack("<H", w) for w in words)
        return [raw[i:i + 16] for i in range(0, len(raw), 16)]

    def payload(self):
        hdr = HDR.pack(self.magic, self.version, self.status, self.task_id, self.steps,
                       self.step_limit, self.cycles, self.pc, self.sp, self.sreg,
                       self.hops, self.hop_limit, self.last_node, self.wseq, self.fault,
                       len(self.nodes), self.fault_addr, self.node_off, self.node_len,
                       len(self.ports), self.log_cap, len(self.log), self.reserved,
                       self.code_words, self.sram_base, self.sram_size, self.regs,
                       self.nodes[0])
        nodes = b"".join(n[self.node_off:self.node_off + self.node_len] for n in self.nodes)
        ports = b"".join(struct.pack("BB", p, n) for p, n in self.ports)
        log = b"".join(struct.pack("BBBB", *e) for e in self.log)
        log += bytes(4 * (self.log_cap - len(self.log)))
        return hdr + nodes + ports + log + self.sram

    def srh(self, sender):
        """SRH bytes: segments[0] sender, [1] node 0, then code; SL = 1."""
        segs = [ipaddress.IPv6Address(sender).packed, self.nodes[0]] + self.code_segments()
        last = len(segs) - 1
        hdr = struct.pack(">BBBBBBH", 17, 2 * len(segs), 4, 1, last, 0, SRH_TAG)
        return hdr + b"".join(segs)


def parse_payload(data):
    """Inverse of Process.payload() for a returned datagram: a dict."""
    f = HDR.unpack(data[:96])
    names = ("magic version status task_id steps step_limit cycles pc sp sreg hops "
             "hop_limit last_node wseq fault n_nodes fault_addr node_off node_len "
             "n_ports log_cap log_len reserved code_words sram_base sram_size regs "
             "template").split()
    d = dict(zip(names, f))
    off = 96 + d["n_nodes"] * d["node_len"] + 2 * d["n_ports"]
    d["log"] = [tuple(data[off + 4 * i:off + 4 * i + 4]) for i in range(d["log_len"])]
    off += 4 * d["log_cap"]
    d["sram"] = data[off:off + d["sram_size"]]
    d["status_name"] = STATUS[d["status"]] if d["status"] < len(STATUS) else "?"
    return d


def send_raw(src, dst, srh, payload, sport, dport):
    """Send IPv6/SRH/UDP through a raw socket with a valid UDP checksum
    computed against the final destination (segments[0])."""
    final = srh[8:24]
    ulen = 8 + len(payload)
    pseudo = ipaddress.IPv6Address(src).packed + final + struct.pack(">I3xB", ulen, 17)
    udp = struct.pack(">HHHH", sport, dport, ulen, 0) + payload
    s = sum(struct.unpack(">%dH" % ((len(pseudo + udp) + 1) // 2),
                          (pseudo + udp) + b"\0" * (len(pseudo + udp) % 2)))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    csum = (~s & 0xFFFF) or 0xFFFF
    udp = udp[:6] + struct.pack(">H", csum) + udp[8:]
    ip6 = struct.pack(">IHBB", 6 << 28, len(srh) + len(udp), 43, 64)
    ip6 += ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(dst).packed
    sk = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sk.sendto(ip6 + srh + udp, (str(dst), 0))
    sk.close()
