#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""SRHs with a return-path TLV for the pipe tests (pipe_ret.sh).

    pipe_srh.py srh SEGS [--ret SEGS] [--ret-sl N] [--tlv HEX]
        print, as hex, an SRH for a socket's IPV6_RTHDR: SEGS (comma
        separated) in the order travelled, the server last; with --ret a
        return-path TLV (type 6: len 6 + 16n, 5 reserved bytes, segments
        left, the segments in SRH order) whose segments are RET in the
        order travelled, the client last, segments left n - 1 or N; --tlv
        appends raw TLV bytes instead. PadN pads to 8 bytes.
"""
import socket
import struct
import sys


def a2b(a):
    return socket.inet_pton(socket.AF_INET6, a)


def ret_tlv(segs, sl):
    """segs in SRH order ([0] the client)"""
    body = b"\0" * 5 + bytes([sl]) + b"".join(a2b(s) for s in segs)
    return bytes([6, len(body)]) + body


def srh(segs, tlvs=b""):
    """segs in the order travelled; the SRH lists them last first"""
    lst = b"".join(a2b(s) for s in reversed(segs))
    body = lst + tlvs
    pad = -(8 + len(body)) % 8
    if pad == 1:
        pad = 9          # PadN holds at least 2 bytes
    if pad:
        body += bytes([4, pad - 2]) + b"\0" * (pad - 2)
    n = len(segs)
    return struct.pack("BBBBBBH", 0, (8 + len(body)) // 8 - 1, 4, n - 1, n - 1, 0, 0) + body


def main(a):
    if a[0] == "srh":
        segs = a[1].split(",")
        tlv = b""
        if "--ret" in a:
            ret = list(reversed(a[a.index("--ret") + 1].split(",")))
            sl = int(a[a.index("--ret-sl") + 1]) if "--ret-sl" in a else len(ret) - 1
            tlv = ret_tlv(ret, sl)
        if "--tlv" in a:
            tlv += bytes.fromhex(a[a.index("--tlv") + 1])
        print(srh(segs, tlv).hex())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
