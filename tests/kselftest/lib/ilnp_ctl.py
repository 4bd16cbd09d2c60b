#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""ILNPv6 control for tests: the SEG6X_CMD_ILNP_* commands of the "seg6x"
generic netlink family (kmod/uapi/linux/seg6x_ilnp.h, section 5), until
`ip ilnp` exists. Command and attribute numbers are read from the uapi
headers, so the tool follows them.

    ilnp_ctl.py nid add ILV | nid del ILV
    ilnp_ctl.py loc add PREFIX [pref N] [lifetime S] | loc del PREFIX
    ilnp_ctl.py peer add ILV [pref N] [lifetime S] [nonce HEX] | peer del ILV
    ilnp_ctl.py set csum rfc|ipv6
    ilnp_ctl.py show          JSON: mode, enabled, nids, locators
    ilnp_ctl.py cache         JSON: the ILCC, one object per entry
    ilnp_ctl.py batch         one command per stdin line (no show/cache)
    ilnp_ctl.py serve         one command per stdin line, one answer line
                              each: "ok", the JSON, or "error errno=N ..."
                              (python starts slowly under TCG: tests keep
                              one server per namespace)

An ILV is an IPv6 address: its upper 64 bits are the locator, its lower 64
the NID. A PREFIX is a /64. On refusal: "errno=N" and "extack=..." on
stderr, exit 1.
"""
import contextlib
import io
import ipaddress
import json
import os
import re
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from genl import Genl, nla, parse_attrs, NLM_F_REQUEST, NLM_F_ACK  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
UAPI = os.path.join(REPO, "kmod/uapi/linux")
NLM_F_DUMP = 0x300
NLMSG_DONE = 3
NLMSG_ERROR = 2
STATES = ["none", "valid", "active", "aged", "expired"]


def enum(path, name):
    """Values of the C enum NAME in PATH, as {identifier: value}"""
    text = open(path).read()
    body = re.search(r"enum %s \{(.*?)\};" % name, text, re.S).group(1)
    out, v = {}, 0
    for m in re.finditer(r"^\s*(\w+)(\s*=\s*(\w+))?,", body, re.M):
        if m.group(3):
            v = int(m.group(3), 0)
        out[m.group(1)] = v
        v += 1
    return out


CMD = enum(os.path.join(UAPI, "seg6x.h"), "seg6x_cmd")
ATTR = enum(os.path.join(UAPI, "seg6x.h"), "seg6x_attr")
IA = enum(os.path.join(UAPI, "seg6x_ilnp.h"), "ilnp_attr")
IA_NAME = {v: k[len("ILNP_ATTR_"):].lower() for k, v in IA.items()}


def ilv(text):
    b = ipaddress.IPv6Address(text.split("/")[0]).packed
    return struct.unpack("!QQ", b)


def a_u64(name, v):
    return nla(IA[name], struct.pack("=Q", v))


def a_u16(name, v):
    return nla(IA[name], struct.pack("=H", v))


def l64_str(v):
    return str(ipaddress.IPv6Address(struct.pack("!QQ", v, 0))) + "/64"


def decode(attrs):
    """An ILNP nest as a dict; LOCATOR and LOCAL nests as lists"""
    d = {}
    for t, v in attrs:
        name = IA_NAME.get(t, str(t))
        if name in ("locator", "local"):
            d.setdefault(name + "s", []).append(decode(parse_attrs(v)))
        elif name in ("nid", "l64", "start_l64"):
            x = struct.unpack("=Q", v[:8])[0]
            d[name] = str(ipaddress.IPv6Address(x)) if name == "nid" else l64_str(x)
        elif name in ("pref",):
            d[name] = struct.unpack("=H", v[:2])[0]
        elif name in ("state",):
            d[name] = STATES[v[0]] if v[0] < len(STATES) else v[0]
        elif name in ("csum_mode",):
            d[name] = ["rfc", "ipv6"][v[0]]
        elif name in ("enabled", "lu_pending"):
            d[name] = v[0]
        elif name in ("expires_ms", "idle_ms"):
            d[name] = struct.unpack("=I", v[:4])[0]
        elif name.startswith("nonce"):
            d[name] = v.hex()
    return d


def dump(g, fid, cmd):
    g.seq += 1
    body = struct.pack("=BBH", cmd, 1, 0)
    g.sk.send(struct.pack("=IHHII", 16 + len(body), fid, NLM_F_REQUEST | NLM_F_DUMP,
                          g.seq, 0) + body)
    out = []
    while True:
        data = g.sk.recv(65536)
        while len(data) >= 16:
            mlen, mtype = struct.unpack("=IH", data[:6])
            if mtype == NLMSG_DONE:
                return 0, out
            if mtype == NLMSG_ERROR:
                return -struct.unpack("=i", data[16:20])[0], out
            for t, v in parse_attrs(data[20:mlen]):
                if t == ATTR["SEG6X_ATTR_ILNP"]:
                    out.append(decode(parse_attrs(v)))
            data = data[(mlen + 3) & ~3:]


def options(words, known):
    opts = {}
    while words:
        k = words.pop(0)
        if k not in known or not words:
            raise SystemExit("bad option %s" % k)
        opts[k] = words.pop(0)
    return opts


def main(argv):
    g = Genl()
    fid = g.family("seg6x")
    if fid is None:
        print("errno=2\nextack=family seg6x not found", file=sys.stderr)
        return 1
    if argv[1] == "serve":
        for line in sys.stdin:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    rc = command(g, fid, [argv[0]] + line.split())
                except (SystemExit, Exception) as e:
                    print(str(e), file=sys.stderr)
                    rc = 1
            if rc:
                print("error " + " ".join(err.getvalue().split()), flush=True)
            else:
                print(out.getvalue().strip() or "ok", flush=True)
        return 0
    if argv[1] == "batch":
        rc = 0
        for line in sys.stdin:
            if line.split():
                rc |= command(g, fid, [argv[0]] + line.split())
        return rc
    return command(g, fid, argv)


def command(g, fid, argv):
    obj, words = argv[1], argv[2:]
    if obj == "show":
        err, _, reply = g.request(fid, CMD["SEG6X_CMD_ILNP_GET"])
        for t, v in reply:
            if t == ATTR["SEG6X_ATTR_ILNP"]:
                print(json.dumps(decode(parse_attrs(v))))
        return 1 if err else 0
    if obj == "cache":
        err, out = dump(g, fid, CMD["SEG6X_CMD_ILNP_CACHE_GET"])
        print(json.dumps(out))
        return 1 if err else 0
    verb, what = words[0], words[1]
    rest = words[2:]
    attrs = b""
    if obj == "nid":
        loc, nid = ilv(what)
        cmd = "NID_ADD" if verb == "add" else "NID_DEL"
        attrs = a_u64("ILNP_ATTR_NID", nid)
        if verb == "add":
            attrs += a_u64("ILNP_ATTR_L64", loc)
    elif obj in ("loc", "peer"):
        loc, nid = ilv(what)
        cmd = ("LOC_" if obj == "loc" else "PEER_") + ("ADD" if verb == "add" else "DEL")
        if obj == "peer":
            attrs += a_u64("ILNP_ATTR_NID", nid)
        if obj == "loc" or verb == "add":
            attrs += a_u64("ILNP_ATTR_L64", loc)
        o = options(rest, ("pref", "lifetime", "nonce"))
        if "pref" in o:
            attrs += a_u16("ILNP_ATTR_PREF", int(o["pref"]))
        if "lifetime" in o:
            attrs += a_u16("ILNP_ATTR_LIFETIME", int(o["lifetime"]))
        if "nonce" in o:
            attrs += nla(IA["ILNP_ATTR_NONCE"], bytes.fromhex(o["nonce"]))
    elif obj == "set" and verb == "csum":
        cmd = "SET"
        attrs = nla(IA["ILNP_ATTR_CSUM_MODE"], bytes([["rfc", "ipv6"].index(what)]))
    else:
        raise SystemExit(__doc__)
    err, extack, _ = g.request(fid, CMD["SEG6X_CMD_ILNP_" + cmd],
                               nla(ATTR["SEG6X_ATTR_ILNP"] | 0x8000, attrs),
                               NLM_F_REQUEST | NLM_F_ACK)
    if err:
        print("errno=%d" % err, file=sys.stderr)
        if extack:
            print("extack=%s" % extack, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
