#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The SR-IoT hostile cases, aimed at a userspace node (ioth-node), in one
process: the processes of sriot_case.py (the kernel's tests), sent to the
node's SID, each checked against the node's own counters read over its
control socket. One result per line: "PASS<TAB>what" or
"FAIL<TAB>what<TAB>why", for tests/kselftest/ioth_net.sh to report as TAP.

    ioth_cases.py --src ADDR --nodes SID,SID,SID,SID --ctl PATH
The base process reads 0x26 on node 0 (the userspace node) and writes 0x2a
on node 3.
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
import sriot_case  # noqa: E402
import sriot_pkt  # noqa: E402

# case -> drop reason (the kernel's names; SRH checks End does are no-srh)
DROPPED = [
    ("tag", "malformed"), ("sl2", "malformed"), ("srh-tlv", "malformed"),
    ("udp-len", "malformed"), ("truncated", "malformed"), ("bad-magic", "malformed"),
    ("bad-version", "malformed"), ("code-words", "malformed"), ("port-node", "malformed"),
    ("log-len", "malformed"), ("sram-base", "malformed"), ("return-mcast", "unroutable"),
    ("sl0", "no-srh"), ("srh-cut", "no-srh"),
]
# case -> status, a check on the reply d, a control command first
RETURNED = [
    ("bad-opcode", "fault", "d['fault'] == 5 and d['pc'] == 1", None),
    ("budget-bomb", "hop-budget", "d['steps'] == 1000 and d['hops'] == 1",
     "set hop-budget 1000"),
    ("unknown-port", "unknown-port", "d['fault_addr'] == 0x2c", "set hop-budget 100000"),
    ("io-fault", "io-fault", "d['fault_addr'] == 0x26", None),
    ("port-loop", "port-loop", "d['fault_addr'] == 0x2a", None),
    ("step-limit", "step-limit", "d['steps'] == 1", None),
]


class Node:
    """The node's control socket: one command, one reply."""

    def __init__(self, path):
        self.path = path
        self.sk = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        # a path beside the node's socket, not an abstract address: those
        # belong to a network namespace, and this runs in another one; the
        # node may run as another user
        self.me = "%s.cases.%d" % (path, os.getpid())
        self.sk.bind(self.me)
        os.chmod(self.me, 0o666)
        self.sk.settimeout(3)

    def close(self):
        self.sk.close()
        os.unlink(self.me)

    def cmd(self, line):
        self.sk.sendto(line.encode(), self.path)
        return self.sk.recv(65536).decode()

    def show(self):
        return json.loads(self.cmd("show"))


def reply_of(data):
    d = sriot_pkt.parse_payload(data)
    d["status"] = d.pop("status_name")
    return d


class Sender:
    def __init__(self, src, nodes):
        self.src, self.nodes = src, nodes
        self.sk = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        self.sk.bind((src, 0))
        self.port = self.sk.getsockname()[1]

    def send(self, case, task_id=None):
        a = argparse.Namespace(case=case, src=self.src, nodes=self.nodes,
                               dst=self.nodes.split(",")[0], count=1, port=self.port,
                               task_id=task_id if task_id is not None else
                               struct.unpack(">I", os.urandom(4))[0])
        p, srh, payload = sriot_case.build(a)
        sriot_case.send(a, p, srh, payload, self.sk, self.port)

    def reply(self, timeout):
        if not select.select([self.sk], [], [], timeout)[0]:
            return None
        return reply_of(self.sk.recv(4096))


def result(good, what, why=""):
    print("%s\t%s%s" % ("PASS" if good else "FAIL", what, "\t" + why if not good else ""),
          flush=True)


def wait_for(fn, want, timeout=2.0):
    end = time.monotonic() + timeout
    while True:
        v = fn()
        if v == want or time.monotonic() > end:
            return v
        time.sleep(0.02)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--nodes", required=True)
    ap.add_argument("--ctl", required=True)
    args = ap.parse_args()
    node, tx = Node(args.ctl), Sender(args.src, args.nodes)

    tx.send("base")
    d = tx.reply(3)
    result(d is not None and d["status"] == "break" and d["regs"][24] == 20,
           "base process at the node: break, r24 = 20", repr(d and d["status"]))
    for case, why in DROPPED:
        before = node.show()["drops"][why.replace("-", "_")]
        tx.send(case)
        after = wait_for(lambda: node.show()["drops"][why.replace("-", "_")], before + 1)
        d = tx.reply(0.2)
        result(after == before + 1 and d is None, "%s: dropped, %s counted" % (case, why),
               "%s %d -> %d, reply %r" % (why, before, after, d and d["status"]))
    for case, st, expr, cmd in RETURNED:
        if cmd:
            node.cmd(cmd)
        before = node.show()["counters"]["returned_failed"]
        tx.send(case)
        d = tx.reply(3)
        after = node.show()["counters"]["returned_failed"]
        good = d is not None and d["status"] == st and eval(expr, {"d": d})
        result(good and after == before + 1, "%s: returned %s (%s)" % (case, st, expr),
               "reply %r, returned-failed %d -> %d" % (d, before, after))
    tx.send("base", task_id=0x5eed0002)
    a = tx.reply(3)
    tx.send("base", task_id=0x5eed0002)
    b = tx.reply(3)
    flags = [x["log"][0][3] if x else None for x in (a, b)]
    result(flags == [0, 1], "same task twice: the second write is marked dup", repr(flags))
    tx.send("base")
    d = tx.reply(3)
    result(d is not None and d["status"] == "break", "a valid process still runs after all that",
           repr(d and d["status"]))
    node.close()


if __name__ == "__main__":
    main()
