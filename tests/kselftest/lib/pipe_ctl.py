#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The pipe sed rules over generic netlink, until ip pipe has them.

    pipe_ctl.py sed-set ID PATTERN [REPLACE]
    pipe_ctl.py sed-del ID
prints "errno=N" and "extack=..." as genl.py does; exit 0 when errno is 0.
"""
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from genl import Genl, nla  # noqa: E402

UAPI = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                    "../../../kmod/uapi/linux/seg6x.h")


def enum(name):
    """The values of a plain (0, 1, 2, ...) enum of the uapi header."""
    body = re.search(r"enum %s \{(.*?)\};" % name, open(UAPI).read(), re.S).group(1)
    names = re.findall(r"^\s*([A-Z_0-9]+),", body, re.M)
    return {n: i for i, n in enumerate(names)}


CMD = enum("seg6x_cmd")
ATTR = enum("seg6x_attr")
SED = enum("pipe_sed_attr")
SEG6X_CMD_PIPE_SED_SET = CMD["SEG6X_CMD_PIPE_SED_SET"]
SEG6X_CMD_PIPE_SED_DEL = CMD["SEG6X_CMD_PIPE_SED_DEL"]
SEG6X_ATTR_PIPE_SED = ATTR["SEG6X_ATTR_PIPE_SED"]
PIPE_SED_ATTR_ID = SED["PIPE_SED_ATTR_ID"]
PIPE_SED_ATTR_PATTERN = SED["PIPE_SED_ATTR_PATTERN"]
PIPE_SED_ATTR_REPLACE = SED["PIPE_SED_ATTR_REPLACE"]
NLA_F_NESTED = 0x8000


def main(a):
    g = Genl()
    fid = g.family("seg6x")
    if fid is None:
        print("errno=2\nextack=family seg6x not found")
        return 1
    body = nla(PIPE_SED_ATTR_ID, struct.pack("=I", int(a[1], 0)))
    if a[0] == "sed-set":
        body += nla(PIPE_SED_ATTR_PATTERN, a[2].encode())
        if len(a) > 3:
            body += nla(PIPE_SED_ATTR_REPLACE, a[3].encode())
        cmd = SEG6X_CMD_PIPE_SED_SET
    else:
        cmd = SEG6X_CMD_PIPE_SED_DEL
    err, extack, _ = g.request(fid, cmd, nla(SEG6X_ATTR_PIPE_SED | NLA_F_NESTED, body))
    print("errno=%d" % err)
    if extack:
        print("extack=%s" % extack)
    return 0 if err == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
