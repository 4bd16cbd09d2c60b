#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Raw generic netlink requests for tests: send exactly the bytes a test
wants (including bad ones) and report errno and the extended ack message.

    genl.py FAMILY CMD [--flags ...] [ATTR:TYPE:VALUE ...]
        TYPE is u32, u64, str or raw (hex)
    prints "errno=N" and, if any, "extack=MESSAGE", then the reply's top
    level attributes as "attr N len L"; exit 0 when errno is 0.
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
NLMSGERR_ATTR_MSG = 1
NETLINK_EXT_ACK = 11
SOL_NETLINK = 270


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    pad = (4 - len(payload) % 4) % 4
    return hdr + payload + b"\0" * pad


def parse_attrs(buf):
    out = []
    while len(buf) >= 4:
        alen, atype = struct.unpack("=HH", buf[:4])
        if alen < 4:
            break
        out.append((atype & 0x3FFF, buf[4:alen]))
        buf = buf[(alen + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sk.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sk.bind((0, 0))
        self.seq = 1

    def request(self, ftype, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + attrs
        msg = struct.pack("=IHHII", 16 + len(body), ftype, flags, self.seq, 0) + body
        self.sk.send(msg)
        reply, err, extack = [], 0, ""
        while True:
            data = self.sk.recv(65536)
            while len(data) >= 16:
                mlen, mtype, mflags, _, _ = struct.unpack("=IHHII", data[:16])
                payload = data[16:mlen]
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack("=i", payload[:4])[0]
                    olen = 16 if mflags & 0x100 else struct.unpack("=I", payload[4:8])[0]
                    for atype, val in parse_attrs(payload[4 + olen:]):
                        if atype == NLMSGERR_ATTR_MSG:
                            extack = val.rstrip(b"\0").decode()
                    return err, extack, reply
                reply = parse_attrs(payload[4:])
                data = data[(mlen + 3) & ~3:]

    def family(self, name):
        err, _, attrs = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                     nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            return None
        for atype, val in attrs:
            if atype == CTRL_ATTR_FAMILY_ID:
                return struct.unpack("=H", val[:2])[0]
        return None


def encode(spec):
    num, typ, val = spec.split(":", 2)
    packers = {
        "u32": lambda v: struct.pack("=I", int(v, 0)),
        "u64": lambda v: struct.pack("=Q", int(v, 0)),
        "str": lambda v: v.encode() + b"\0",
        "raw": bytes.fromhex,
    }
    return nla(int(num, 0), packers[typ](val))


def main(argv):
    g = Genl()
    fid = g.family(argv[1])
    if fid is None:
        print("errno=%d" % 2)
        print("extack=family %s not found" % argv[1])
        return 1
    attrs = b"".join(encode(a) for a in argv[3:])
    err, extack, reply = g.request(fid, int(argv[2], 0), attrs)
    print("errno=%d" % err)
    if extack:
        print("extack=%s" % extack)
    for atype, val in reply:
        print("attr %d len %d" % (atype, len(val)))
    return 0 if err == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
