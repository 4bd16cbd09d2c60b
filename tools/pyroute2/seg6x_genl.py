#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""seg6x over generic netlink with pyroute2: an example client without `ip`.

The "seg6x" generic netlink family is seg6x's stable interface; its commands
and attributes are specified in kmod/uapi/linux/seg6x.h. This client reads
what `ip seg6x stats` and `ip sriot port show` read, with Debian's
python3-pyroute2 (0.7), and prints the same figures as JSON:

    seg6x_genl.py info       version, ABI and behaviours
    seg6x_genl.py stats      per-behaviour packets, bytes, drops, counters
    seg6x_genl.py ports      SR-IoT ports with their reads, writes, dups

Run it inside the namespace to read (`ip netns exec NS ...`); reading needs no
privilege. Go (mdlayher/genetlink) and Rust (neli) clients map the same
attribute numbers: copy them from the uapi header, not from this file.
"""
import json
import sys

from pyroute2.netlink import NLM_F_DUMP, NLM_F_REQUEST, genlmsg, nla
from pyroute2.netlink.generic import GenericNetlinkSocket

SEG6X_GENL_NAME = "seg6x"
SEG6X_GENL_VERSION = 1
# enum seg6x_cmd
SEG6X_CMD_GET_INFO = 1
SEG6X_CMD_GET_STATS = 2
SEG6X_CMD_SRIOT_PORT_GET = 6


class seg6x_msg(genlmsg):
    """A seg6x message: top-level attributes are enum seg6x_attr."""

    nla_map = (
        ("SEG6X_ATTR_UNSPEC", "none"),
        ("SEG6X_ATTR_VERSION", "asciiz"),
        ("SEG6X_ATTR_ABI", "uint32"),
        ("SEG6X_ATTR_BEHAVIOURS", "behaviours"),
        ("SEG6X_ATTR_BEHAVIOUR", "behaviour"),
        ("SEG6X_ATTR_BEHAVIOUR_ID", "uint32"),
        ("SEG6X_ATTR_STATS", "stats"),
        ("SEG6X_ATTR_PAD", "none"),
        ("SEG6X_ATTR_SRIOT_PORT", "port"),
        ("SEG6X_ATTR_SRIOT_HOP_BUDGET", "uint32"),
        ("SEG6X_ATTR_SRIOT_EVENT", "hex"),
    )

    class behaviour(nla):
        nla_map = (
            ("SEG6X_BEHAVIOUR_ATTR_UNSPEC", "none"),
            ("SEG6X_BEHAVIOUR_ATTR_ID", "uint32"),
            ("SEG6X_BEHAVIOUR_ATTR_NAME", "asciiz"),
            ("SEG6X_BEHAVIOUR_ATTR_DESC", "asciiz"),
        )

    class behaviours(nla):
        # a list of SEG6X_ATTR_BEHAVIOUR (4) nests
        nla_map = ((4, "SEG6X_ATTR_BEHAVIOUR", "behaviour"),)

        class behaviour(nla):
            nla_map = (
                ("SEG6X_BEHAVIOUR_ATTR_UNSPEC", "none"),
                ("SEG6X_BEHAVIOUR_ATTR_ID", "uint32"),
                ("SEG6X_BEHAVIOUR_ATTR_NAME", "asciiz"),
                ("SEG6X_BEHAVIOUR_ATTR_DESC", "asciiz"),
            )

    class stats(nla):
        nla_map = (
            ("SEG6X_STATS_ATTR_UNSPEC", "none"),
            ("SEG6X_STATS_ATTR_ID", "uint32"),
            ("SEG6X_STATS_ATTR_NAME", "asciiz"),
            ("SEG6X_STATS_ATTR_PACKETS", "uint64"),
            ("SEG6X_STATS_ATTR_BYTES", "uint64"),
            ("SEG6X_STATS_ATTR_DROPS", "drops"),
            ("SEG6X_STATS_ATTR_DROP", "drop"),
            ("SEG6X_STATS_ATTR_PAD", "none"),
            ("SEG6X_STATS_ATTR_COUNTERS", "counters"),
            ("SEG6X_STATS_ATTR_COUNTER", "counter"),
        )

        class drop(nla):
            nla_map = (
                ("SEG6X_DROP_ATTR_UNSPEC", "none"),
                ("SEG6X_DROP_ATTR_REASON", "uint32"),
                ("SEG6X_DROP_ATTR_NAME", "asciiz"),
                ("SEG6X_DROP_ATTR_COUNT", "uint64"),
                ("SEG6X_DROP_ATTR_PAD", "none"),
            )

        class counter(nla):
            nla_map = (
                ("SEG6X_COUNTER_ATTR_UNSPEC", "none"),
                ("SEG6X_COUNTER_ATTR_NAME", "asciiz"),
                ("SEG6X_COUNTER_ATTR_VALUE", "uint64"),
                ("SEG6X_COUNTER_ATTR_PAD", "none"),
            )

        class drops(nla):
            # a list of SEG6X_STATS_ATTR_DROP (6) nests
            nla_map = ((6, "SEG6X_STATS_ATTR_DROP", "drop"),)

        class counters(nla):
            # a list of SEG6X_STATS_ATTR_COUNTER (9) nests
            nla_map = ((9, "SEG6X_STATS_ATTR_COUNTER", "counter"),)

        drops.drop = drop
        counters.counter = counter

    class port(nla):
        nla_map = (
            ("SRIOT_PORT_ATTR_UNSPEC", "none"),
            ("SRIOT_PORT_ATTR_ADDR", "uint8"),
            ("SRIOT_PORT_ATTR_MODE", "uint8"),
            ("SRIOT_PORT_ATTR_VALUE", "uint8"),
            ("SRIOT_PORT_ATTR_READS", "uint64"),
            ("SRIOT_PORT_ATTR_WRITES", "uint64"),
            ("SRIOT_PORT_ATTR_DUPS", "uint64"),
            ("SRIOT_PORT_ATTR_PAD", "none"),
        )


class Seg6x(GenericNetlinkSocket):
    """The seg6x family in the caller's network namespace."""

    def __init__(self):
        super().__init__()
        # raises NetlinkError(ENOENT) when the module is not loaded
        self.bind(SEG6X_GENL_NAME, seg6x_msg)

    def _request(self, cmd, flags=NLM_F_REQUEST):
        msg = seg6x_msg()
        msg["cmd"] = cmd
        msg["version"] = SEG6X_GENL_VERSION
        return self.nlm_request(msg, msg_type=self.prid, msg_flags=flags)

    def info(self):
        reply = self._request(SEG6X_CMD_GET_INFO)[0]
        behaviours = reply.get_attr("SEG6X_ATTR_BEHAVIOURS")
        return {
            "version": reply.get_attr("SEG6X_ATTR_VERSION"),
            "abi": reply.get_attr("SEG6X_ATTR_ABI"),
            "behaviours": [
                {
                    "id": b.get_attr("SEG6X_BEHAVIOUR_ATTR_ID"),
                    "name": b.get_attr("SEG6X_BEHAVIOUR_ATTR_NAME"),
                }
                for b in behaviours.get_attrs("SEG6X_ATTR_BEHAVIOUR")
            ],
        }

    def stats(self):
        out = []
        for reply in self._request(SEG6X_CMD_GET_STATS):
            for st in reply.get_attrs("SEG6X_ATTR_STATS"):
                drops = st.get_attr("SEG6X_STATS_ATTR_DROPS")
                counters = st.get_attr("SEG6X_STATS_ATTR_COUNTERS")
                out.append({
                    "id": st.get_attr("SEG6X_STATS_ATTR_ID"),
                    "behaviour": st.get_attr("SEG6X_STATS_ATTR_NAME"),
                    "packets": st.get_attr("SEG6X_STATS_ATTR_PACKETS"),
                    "bytes": st.get_attr("SEG6X_STATS_ATTR_BYTES"),
                    "drops": {
                        json_key(d.get_attr("SEG6X_DROP_ATTR_NAME")): d.get_attr("SEG6X_DROP_ATTR_COUNT")
                        for d in (drops.get_attrs("SEG6X_STATS_ATTR_DROP") if drops else [])
                    },
                    "counters": {
                        json_key(c.get_attr("SEG6X_COUNTER_ATTR_NAME")): c.get_attr("SEG6X_COUNTER_ATTR_VALUE")
                        for c in (counters.get_attrs("SEG6X_STATS_ATTR_COUNTER") if counters else [])
                    },
                })
        return out

    def ports(self):
        out = []
        for reply in self._request(SEG6X_CMD_SRIOT_PORT_GET, NLM_F_REQUEST | NLM_F_DUMP):
            for p in reply.get_attrs("SEG6X_ATTR_SRIOT_PORT"):
                out.append({
                    "port": p.get_attr("SRIOT_PORT_ATTR_ADDR"),
                    "mode": {1: "sensor", 2: "actuator"}.get(p.get_attr("SRIOT_PORT_ATTR_MODE"), "?"),
                    "value": p.get_attr("SRIOT_PORT_ATTR_VALUE"),
                    "reads": p.get_attr("SRIOT_PORT_ATTR_READS"),
                    "writes": p.get_attr("SRIOT_PORT_ATTR_WRITES"),
                    "dups": p.get_attr("SRIOT_PORT_ATTR_DUPS"),
                })
        return out


def json_key(name):
    """A kernel name as a JSON key, as `ip -j seg6x stats` prints it:
    dashes become underscores (docs/json.md, rule 1)."""
    return name.replace("-", "_")


def main(argv):
    what = argv[1] if len(argv) > 1 else ""
    if what not in ("info", "stats", "ports"):
        print("usage: seg6x_genl.py info|stats|ports", file=sys.stderr)
        return 2
    try:
        with Seg6x() as s:
            print(json.dumps(getattr(s, what)(), indent=1))
    except Exception as e:  # NetlinkError, OSError: say what failed
        print(f"seg6x_genl.py: {what}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
