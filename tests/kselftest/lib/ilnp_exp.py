#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""What the ILNPv6 move experiment (tests/kselftest/ilnp_move.sh) logged,
as figures and as plots.

    ilnp_exp.py gap LOG EVENTS KIND...
        the gap around each event of one of the KINDs: the longest interval
        between two receptions in LOG ("UNIXTIME X" lines, as ilnp_flow.py
        writes them) that ends after the event and starts before the next
        one (or the log's end). Prints JSON {"gaps_ms": [...], "max_ms": M}
        (M is null without events or receptions).
    ilnp_exp.py plot DIR PHASE
        gnuplot PNGs from DIR/PHASE.* (events, udp-mn, udp-cn, plain-mn,
        plain-cn, ifaces): DIR/PHASE-seq.png, the sequence number received
        against time at each end (the plain IPv6 flows beside them), and
        DIR/PHASE-throughput.png, bytes per 1 s bucket through each of MN's
        interfaces (one per locator: mn-a is locator a), handoffs marked.

EVENTS lines: "UNIXTIME KIND NETWORK", KIND start, join, leave (soft: the
old locator is withdrawn and its link goes down), break (hard: the old
path dies), stop.
"""
import json
import os
import subprocess
import sys


def load(path):
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if parts:
                    rows.append(parts)
    return rows


def events(path):
    return [(float(r[0]), r[1], r[2] if len(r) > 2 else "") for r in load(path)]


def gap(log, evpath, kinds):
    times = sorted(float(r[0]) for r in load(log))
    evs = [e for e in events(evpath) if e[1] in kinds]
    gaps = []
    for i, (te, _, _) in enumerate(evs):
        end = evs[i + 1][0] if i + 1 < len(evs) else (times[-1] if times else te)
        best = 0.0
        for a, b in zip(times, times[1:]):
            if b > te and a < end:
                best = max(best, b - a)
        if times:
            gaps.append(round(best * 1000, 1))
    print(json.dumps({"gaps_ms": gaps, "max_ms": max(gaps) if gaps else None}))


def rel(rows, t0, col=1):
    return ["%.3f %s" % (float(r[0]) - t0, r[col]) for r in rows]


def buckets(rows, t0):
    """{iface: [(second, bytes rx+tx in that second)]} from sampled counters"""
    last = {}
    for r in rows:
        sec = int(float(r[0]) - t0)
        last.setdefault(r[1], {})[sec] = int(r[2]) + int(r[3])
    out = {}
    for ifc, per in last.items():
        secs = sorted(per)
        out[ifc] = [(s, per[s] - per[p]) for p, s in zip(secs, secs[1:]) if s == p + 1]
    return out


def plot(d, phase):
    base = os.path.join(d, phase)
    evs = events(base + ".events")
    starts = [e[0] for e in evs if e[1] == "start"]
    if not starts:
        raise SystemExit("%s.events: no start" % base)
    t0 = starts[0]
    marks = []
    for t, kind, net in evs:
        if kind in ("join", "leave", "break"):
            marks.append('set arrow from %.3f, graph 0 to %.3f, graph 1 nohead lt 0 lc "%s"\n'
                         'set label "%s %s" at %.3f, graph 0.97 rotate by 90 right font ",8"\n'
                         % (t - t0, t - t0, {"join": "dark-green", "leave": "red",
                                             "break": "red"}[kind], kind, net, t - t0))
    series = {"ilnp": [], "plain": []}
    for name, kind, title in (("udp-mn", "ilnp", "CN -> MN (received at MN)"),
                              ("udp-cn", "ilnp", "MN -> CN (received at CN)"),
                              ("plain-mn", "plain", "CN -> MN (received at MN)"),
                              ("plain-cn", "plain", "MN -> CN (received at CN)")):
        rows = load("%s.%s" % (base, name))
        if rows:
            with open("%s.%s.dat" % (base, name), "w") as f:
                f.write("\n".join(rel(rows, t0)) + "\n")
            series[kind].append('"%s.%s.dat" using 1:2 with points pt 7 ps 0.25 title "%s"'
                                % (base, name, title))
    tput = []
    for ifc, rows in sorted(buckets(load(base + ".ifaces"), t0).items()):
        with open("%s.%s.dat" % (base, ifc), "w") as f:
            f.write("".join("%d %.3f\n" % (s + 0.5, b * 8 / 1e6) for s, b in rows))
        tput.append('"%s.%s.dat" using 1:2 with steps lw 2 title "locator %s (%s)"'
                    % (base, ifc, ifc[-1], ifc))
    gp = ['set terminal pngcairo size 1200,600 font ",10"\n', "set key outside below\n",
          'set xlabel "time (s)"\n', "set grid\n"] + marks
    if series["ilnp"]:
        panels = [(k, t) for k, t in (("ilnp", "ILNPv6 between the I-LVs"),
                                      ("plain", "plain IPv6 to and from MN's a address"))
                  if series[k]]
        gp += ['set output "%s-seq.png"\n' % base,
               "set terminal pngcairo size 1200,%d font \",10\"\n" % (450 * len(panels)),
               "set multiplot layout %d,1\n" % len(panels), 'set ylabel "sequence number"\n']
        for k, t in panels:
            gp += ['set title "%s handoff, %s: sequence number received against time"\n'
                   % (phase, t), "plot " + ", ".join(series[k]) + "\n"]
        gp += ["unset multiplot\n"]
    if tput:
        gp += ['set terminal pngcairo size 1200,600 font ",10"\n',
               'set output "%s-throughput.png"\n' % base,
               'set title "ILNPv6 %s handoff: traffic per locator (MN\'s interfaces, 1 s buckets)"\n'
               % phase, 'set ylabel "Mb/s (in + out)"\n', "set yrange [0:*]\n",
               "plot " + ", ".join(tput) + "\n"]
    with open(base + ".gp", "w") as f:
        f.writelines(gp)
    subprocess.run(["gnuplot", base + ".gp"], check=True)
    for suffix in ("-seq.png", "-throughput.png"):
        if os.path.exists(base + suffix):
            print(base + suffix)


def main(argv):
    if len(argv) >= 5 and argv[1] == "gap":
        gap(argv[2], argv[3], set(argv[4:]))
    elif len(argv) == 4 and argv[1] == "plot":
        plot(argv[2], argv[3])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
