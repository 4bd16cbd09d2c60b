#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Control-plane probes for tests/kselftest/sriot_guard.sh, in raw generic
netlink (lib/genl.py) so each one sends exactly what it tests:

    sriot_guard.py join-events UID
        drop to UID (and its group) and join the "sriot" event group of the
        seg6x family; prints "joined" or "refused errno=N"
    sriot_guard.py dump-intr CMD...
        start a dump of the SR-IoT ports, read its first message, run CMD
        (which changes the port table), read the rest; prints
        "ports=N intr=0|1" (intr: a message carried NLM_F_DUMP_INTR)
    sriot_guard.py stats-race SECONDS
        a child resets the avr-exec statistics as fast as it can while this
        process reads them; prints "reads=N max=M" where M is the largest
        packets, bytes or drop count seen (a read racing a reset that
        underflows shows about 2^64); the race starts at the first read
        that sees traffic
    sriot_guard.py gso-inject SRC SID
        create a TUN device with virtio-net headers in this namespace and
        write one IPv6/SRH/UDP packet carrying a whole, valid process,
        marked GSO (UDP_L4, gso_size 256), as a NIC or a VM's virtio device
        hands a super-packet to the stack
    sriot_guard.py flood SRC DST SECONDS [STOPFILE]
        for SECONDS or until STOPFILE exists, send SR-IoT packets with a
        wrong SRH tag (dropped "malformed", but counted as avr-exec
        packets) from SRC to the avr-exec SID DST
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl  # noqa: E402
import sriot_pkt  # noqa: E402

CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
NETLINK_ADD_MEMBERSHIP = 1
NLM_F_DUMP = 0x300
NLM_F_DUMP_INTR = 0x10
NLMSG_DONE = 3

SEG6X_CMD_GET_STATS = 2
SEG6X_CMD_RESET_STATS = 3
SEG6X_CMD_SRIOT_PORT_GET = 6
SEG6X_ATTR_BEHAVIOUR_ID = 5
SEG6X_ATTR_STATS = 6
SEG6X_STATS_ATTR_PACKETS = 3
SEG6X_STATS_ATTR_BYTES = 4
SEG6X_STATS_ATTR_DROPS = 5
SEG6X_DROP_ATTR_COUNT = 3
SEG6X_BEHAVIOUR_AVR_EXEC = 2


def family_and_group(g, name, group):
    err, _, attrs = g.request(genl.GENL_ID_CTRL, genl.CTRL_CMD_GETFAMILY,
                              genl.nla(genl.CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
    if err:
        sys.exit("no %s family (errno %d)" % (name, err))
    fid, gid = None, None
    for atype, val in attrs:
        if atype == genl.CTRL_ATTR_FAMILY_ID:
            fid = struct.unpack("=H", val[:2])[0]
        elif atype == CTRL_ATTR_MCAST_GROUPS:
            for _, grp in genl.parse_attrs(val):
                g_attrs = dict(genl.parse_attrs(grp))
                if g_attrs.get(CTRL_ATTR_MCAST_GRP_NAME, b"").rstrip(b"\0") == group.encode():
                    gid = struct.unpack("=I", g_attrs[CTRL_ATTR_MCAST_GRP_ID][:4])[0]
    return fid, gid


def join_events(uid):
    g = genl.Genl()
    _, gid = family_and_group(g, "seg6x", "sriot")
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    try:
        g.sk.setsockopt(genl.SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, gid)
    except OSError as e:
        print("refused errno=%d" % e.errno)
        return
    print("joined")


def dump_intr(cmd):
    fid = genl.Genl().family("seg6x")
    # a socket that has never read: the dump's first part is one page
    # (NLMSG_GOODSIZE), so a few hundred ports take more than one part
    g = genl.Genl()
    body = struct.pack("=BBH", SEG6X_CMD_SRIOT_PORT_GET, 1, 0)
    g.sk.send(struct.pack("=IHHII", 16 + len(body), fid, 1 | NLM_F_DUMP, 99, 0) + body)
    ports = intr = 0
    first = True
    while True:
        data = g.sk.recv(65536)
        if first:
            # the next part of the dump is filled when we read again
            os.spawnvp(os.P_WAIT, cmd[0], cmd)
            first = False
        while len(data) >= 16:
            mlen, mtype, mflags, _, _ = struct.unpack("=IHHII", data[:16])
            if mflags & NLM_F_DUMP_INTR:
                intr = 1
            if mtype == NLMSG_DONE:
                print("ports=%d intr=%d" % (ports, intr))
                return
            if mtype == genl.NLMSG_ERROR:
                sys.exit("dump failed: errno %d" % -struct.unpack("=i", data[16:20])[0])
            ports += 1
            data = data[(mlen + 3) & ~3:]


def stats_max(attrs):
    top = 0
    for atype, val in attrs:
        if atype != SEG6X_ATTR_STATS:
            continue
        for st, sv in genl.parse_attrs(val):
            if st in (SEG6X_STATS_ATTR_PACKETS, SEG6X_STATS_ATTR_BYTES):
                top = max(top, struct.unpack("=Q", sv[:8])[0])
            elif st == SEG6X_STATS_ATTR_DROPS:
                for _, d in genl.parse_attrs(sv):
                    for dt, dv in genl.parse_attrs(d):
                        if dt == SEG6X_DROP_ATTR_COUNT:
                            top = max(top, struct.unpack("=Q", dv[:8])[0])
    return top


def stats_race(seconds):
    """Race for SECONDS from the first read that sees traffic (a loaded
    machine may start the sender late), 60 s at the most."""
    only = genl.nla(SEG6X_ATTR_BEHAVIOUR_ID, struct.pack("=I", SEG6X_BEHAVIOUR_AVR_EXEC))
    pid = os.fork()
    if pid == 0:
        g = genl.Genl()
        fid = g.family("seg6x")
        while True:
            g.request(fid, SEG6X_CMD_RESET_STATS, only)
    g = genl.Genl()
    fid = g.family("seg6x")
    reads = top = 0
    end = time.monotonic() + 60
    while time.monotonic() < end:
        err, _, attrs = g.request(fid, SEG6X_CMD_GET_STATS, only)
        if err:
            sys.exit("stats: errno %d" % err)
        if not top and stats_max(attrs):
            end = min(end, time.monotonic() + seconds)
        top = max(top, stats_max(attrs))
        reads += 1
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    print("reads=%d max=%d" % (reads, top))


TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI, IFF_VNET_HDR = 0x0001, 0x1000, 0x4000
VIRTIO_NET_HDR_F_NEEDS_CSUM = 1
VIRTIO_NET_HDR_GSO_UDP_L4 = 5


def gso_inject(src, sid):
    import fcntl
    import ipaddress
    import subprocess
    p = sriot_pkt.Process([0xB186, 0xB98A, 0x9598], [sid, "fc00:0:4::a"],
                          [(0x26, 0), (0x2A, 1)], sram_size=600)
    srh, payload = p.srh(src), p.payload()
    ulen = 8 + len(payload)
    # CHECKSUM_PARTIAL: the UDP checksum field holds the pseudo-header sum
    pseudo = ipaddress.IPv6Address(src).packed + srh[8:24] + struct.pack(">I3xB", ulen, 17)
    s = sum(struct.unpack(">20H", pseudo))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    udp = struct.pack(">HHHH", 9, 9, ulen, s) + payload
    ip6 = struct.pack(">IHBB", 6 << 28, len(srh) + len(udp), 43, 64)
    ip6 += ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(sid).packed
    vnet = struct.pack("<BBHHHH", VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_UDP_L4,
                       40 + len(srh) + 8, 256, 40 + len(srh), 6)
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", b"gso0", IFF_TUN | IFF_NO_PI | IFF_VNET_HDR))
    subprocess.run(["ip", "link", "set", "gso0", "up"], check=True)
    os.write(fd, vnet + ip6 + srh + udp)
    time.sleep(0.5)
    os.close(fd)


def flood(src, dst, seconds, stop=None):
    p = sriot_pkt.Process([0x9598], [dst], [])
    srh = p.srh(src)
    srh = srh[:6] + struct.pack(">H", 0x5211) + srh[8:]	# not our tag
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (stop and os.path.exists(stop)):
        for _ in range(50):
            sriot_pkt.send_raw(src, dst, srh, p.payload(), 9, 9)


def main(argv):
    if argv[1] == "join-events":
        join_events(int(argv[2]))
    elif argv[1] == "dump-intr":
        dump_intr(argv[2:])
    elif argv[1] == "stats-race":
        stats_race(float(argv[2]))
    elif argv[1] == "gso-inject":
        gso_inject(argv[2], argv[3])
    elif argv[1] == "flood":
        flood(argv[2], argv[3], float(argv[4]), argv[5] if len(argv) > 5 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
