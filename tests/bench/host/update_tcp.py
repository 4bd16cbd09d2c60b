#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The unicast baseline of tests/bench/update.sh: one TCP server, N clients.

  update_tcp.py serve ADDR PORT FILE N STATS
      listen on [ADDR]:PORT; give FILE whole to each of N connections, each
      in its own thread with sendfile(2) (zero copy: the cheapest a unicast
      server can be), then write {"cpu_s": ...} to STATS and exit. The CPU
      time counts from the first accept to the last close (getrusage), so
      the interpreter's start-up is left out.
The clients are `cat </dev/tcp/ADDR/PORT >OUT` in bash: lighter than a
Python start each under TCG.
"""
import json
import resource
import socket
import sys
import threading


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def serve(addr, port, path, n, stats):
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(256)
    print("listening", flush=True)
    done = []

    def give(c):
        with c, open(path, "rb") as f:
            c.sendfile(f)
            c.shutdown(socket.SHUT_WR)
        done.append(1)

    threads = []
    t0 = None
    for _ in range(int(n)):
        c, _ = ls.accept()
        if t0 is None:
            t0 = cpu()
        t = threading.Thread(target=give, args=(c,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    with open(stats, "w") as f:
        json.dump({"cpu_s": round(cpu() - t0, 3), "served": len(done)}, f)


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "serve":
        serve(*sys.argv[2:])
    else:
        sys.exit(__doc__)
