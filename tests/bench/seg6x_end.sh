#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Cost of the seg6x path (End.BPF glue + bpf_seg6x_exec) against upstream End
# and against End.BPF with a trivial program (return BPF_OK), side by side in
# one boot. Run inside the VM by `make bench`.
#
#   +----+        +-------------------------------+        +----+
#   | h1 |--------| r: 8 SIDs of each: End,       |--------| h2 |
#   +----+        | End.BPF trivial and seg6x-end |        +----+
#
# h1 reaches 12 addresses of h2 through an inline SRH listing 1, 2, 4 or 8
# SIDs of one behaviour, so a request runs the behaviour N times on r;
# replies come back plainly. All three behaviours are installed at once and
# the 12 addresses pinged in turn (udp_rtt.py multi), so a load spike on a
# shared machine hits every figure alike. Per round and behaviour, the cost
# of one SID visit is the slope of a least-squares line through the 10th
# percentile round trips at N = 1, 2, 4, 8 (encapsulation, hosts and links
# are the intercept; the low percentile is what other guests' CPU time
# moves least); the figure is the median of the rounds' slopes, with their
# quartiles as the spread. (It was (rtt8 - rtt1) / 7 over mean round trips
# of End and seg6x-end measured one after the other, 3 rounds: one load
# spike could make it negative, as it once did: -9.657 us.)
# Prints one line per figure:
#   BENCH {"name": ..., "value": ..., "unit": "us", "baseline": ..., "spread": {...}, ...}
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
RTT="/usr/bin/python3 $HERE/udp_rtt.py"
REPO=$(cd "$HERE/../.." && pwd)
COUNT=${COUNT:-200}
ROUNDS=${ROUNDS:-9}
OBJ=$REPO/build/tests/progs/end_bpf_trivial.bpf.o
[ -f "$OBJ" ] || { echo "# seg6x_end: no $OBJ (make test-progs)" >&2; exit 4; }
mkdir -p "$REPO/build/bench"
ROUNDS_LOG=$REPO/build/bench/seg6x_end.rounds	# one JSON line per round (udp_rtt.py multi)
rnd=$(mktemp -u XXXX)
h1=h1-$rnd r=r-$rnd h2=h2-$rnd
cleanup() { for n in $h1 $r $h2; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT

for n in $h1 $r $h2; do
	ip netns add $n
	ip -n $n link set lo up
	ip netns exec $n sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.forwarding=1 \
		net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1
done
ip link add e1 netns $h1 type veth peer name r1 netns $r
ip link add e2 netns $h2 type veth peer name r2 netns $r
ip -n $h1 addr add fd00:1::1/64 dev e1 nodad; ip -n $r addr add fd00:1::2/64 dev r1 nodad
ip -n $h2 addr add fd00:2::1/64 dev e2 nodad; ip -n $r addr add fd00:2::2/64 dev r2 nodad
for l in "$h1 e1" "$r r1" "$r r2" "$h2 e2"; do ip -n ${l% *} link set ${l#* } up; done
ip -n $h1 -6 route add default via fd00:1::2
ip -n $h2 -6 route add default via fd00:2::2

# behaviour a (1 End, 2 End.BPF trivial, 3 seg6x-end): SIDs fc00:ff:a::1-8;
# h2's fd00:2::aN (N = 1, 2, 4, 8) through the first N of them. Not more than
# 8: each local SID is handled nested in the previous one (dst_input), and
# the kernel's lwtunnel recursion limit drops a packet at the 9th or so.
ACTS="End End.BPF seg6x-end"
NS="1 2 4 8"
a=0
for act in $ACTS; do
	a=$((a + 1))
	how="action $act"
	[ $act = End.BPF ] && how="action End.BPF endpoint obj $OBJ sec lwt_seg6local"
	for i in $(seq 1 8); do
		ip -n $r -6 route add fc00:ff:$a::$i/128 encap seg6local $how dev r2
	done
	for n in $NS; do
		ip -n $h2 addr add fd00:2::$a$n/64 dev e2 nodad
		ip -n $h1 -6 route add fd00:2::$a$n/128 encap seg6 mode inline \
			segs "$(seq -s, -f "fc00:ff:$a::%g" 1 $n)" via fd00:1::2
	done
done
ADDRS=$(for a in 1 2 3; do for n in $NS; do printf 'fd00:2::%s%s ' $a $n; done; done)
ip netns exec $h2 $RTT echo :: 9000 &
echo_pid=$!
trap 'kill $echo_pid 2>/dev/null; cleanup' EXIT
sleep 1

for i in $(seq 1 "$ROUNDS"); do
	ip netns exec $h1 $RTT multi 9000 "$COUNT" 64 $ADDRS
done > "$ROUNDS_LOG"
ip -n $r seg6x stats behaviour seg6x-end >&2
/usr/bin/python3 - "$ROUNDS_LOG" "$COUNT" <<'PY'
import json, statistics, sys
NS = (1, 2, 4, 8)
ACTS = ("End", "End.BPF", "seg6x-end")
slopes = {a: [] for a in ACTS}
for r, line in enumerate(l for l in open(sys.argv[1]) if l.strip()):
    d = json.loads(line)
    for ai, a in enumerate(ACTS):
        pts = [(n, d["fd00:2::%d%d" % (ai + 1, n)]["p10_us"]) for n in NS]
        mx = sum(n for n, _ in pts) / len(pts)
        my = sum(t for _, t in pts) / len(pts)
        k = sum((n - mx) * (t - my) for n, t in pts) / sum((n - mx) ** 2 for n, _ in pts)
        slopes[a].append(k)
        print("# round %d %s: p10 %s -> %.3f us/SID (medians %s)" % (r + 1, a,
              " ".join("%d:%.1f" % p for p in pts), k,
              " ".join("%.1f" % d["fd00:2::%d%d" % (ai + 1, n)]["median_us"] for n in NS)),
              file=sys.stderr)
def fig(a):
    v = slopes[a]
    q = statistics.quantiles(v, n=4) if len(v) > 1 else v * 3
    return round(statistics.median(v), 3), [round(q[0], 3), round(q[2], 3)]
x, xs = fig("seg6x-end")
for name, base, label in (("seg6x_end_per_sid", "End", "End"),
                          ("seg6x_end_vs_end_bpf", "End.BPF", "End.BPF trivial")):
    b, bs = fig(base)
    if x <= 0 or b <= 0:
        print("# %s: a per-SID cost of %s or %s us is noise, not a cost: rerun on a quieter "
              "machine" % (name, x, b), file=sys.stderr)
    print("BENCH " + json.dumps({
        "name": name, "value": x, "unit": "us", "baseline": label, "baseline_value": b,
        "ratio": round(x / b, 3) if b > 0 else None,
        "spread": {"value_iqr": xs, "baseline_iqr": bs},
        "rounds": len(slopes[base]), "count": int(sys.argv[2]),
        "method": "median over rounds of the slope of the 10th-percentile RTT at 1, 2, 4, 8 SIDs, behaviours interleaved"}))
PY
