#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# SR-IoT speed, run inside the VM by `make bench`: what a visit to an
# avr-exec node costs against upstream End on the same path, and the
# temperature task end to end against a ping over the same nodes.
#
#  +---+ link0 +----+ link1 +----+ link2 +----+ link3 +----+ link4 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |-------| n4 |-------| n5 |
#  +---+       +----+       +----+       +----+       +----+       +----+
#               node nk: fc00:0:k::a avr-exec, fc00:0:k::e End
#
# Per hop: h sends COUNT processes, one at a time, over n1 -> n2 -> n3 that
# run K = 10 or 100 instructions on each node and come back from n3, and in
# turn with them as many UDP datagrams of the same size over n1's, n2's and
# n3's End SIDs, back to h (ROUNDS rounds). Each figure is the round trip divided by the 3
# SIDs visited (links and hosts included on both sides), and the ratio of
# the two. End to end: `avg.task` (5 nodes) against ping h -> n5 (which
# crosses n1-n4), interleaved the same way. Timings are reported, never asserted (TCG timings are
# only comparable within one run). Output, one line per figure:
#   BENCH {"name": ..., "value": X, "unit": "us", "baseline": ..., "baseline_value": Y, "ratio": X/Y}
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SRIOT=$REPO/build/bin/sriot
RTT="/usr/bin/python3 $HERE/sriot_rtt.py"
COUNT=${COUNT:-200}
ROUNDS=${ROUNDS:-7}
. "$REPO/tests/kselftest/lib/sriot_topo.sh"
tmp=$(mktemp -d)
cleanup() { sriot_topo_down; rm -rf "$tmp"; }
trap cleanup EXIT

ip seg6x show 2>/dev/null | grep -q avr-exec || { echo "# sriot bench: no avr-exec" >&2; exit 4; }
sriot_topo_up || exit 1
sriot_avg_ports 20 25 24 || exit 1
hx() { ip netns exec "$(ns h)" "$@"; }

# figure FILE NAME BASELINE DIVISOR METHOD: one BENCH line from FILE's rows
# "value baseline ..." (one per round, divided by DIVISOR): the medians over
# rounds, their quartiles as the spread, the ratio the median of the rounds'
figure() {
	/usr/bin/python3 - "$@" "$COUNT" <<'PY'
import json, statistics, sys
f, name, base, div, method, count = sys.argv[1:]
rows = [[float(v) / float(div) for v in l.split()[:2]] for l in open(f) if l.strip()]
def med_iqr(v, d=1):
    q = statistics.quantiles(v, n=4) if len(v) > 1 else [v[0]] * 3
    return round(statistics.median(v), d), [round(q[0], d), round(q[2], d)]
x, xs = med_iqr([r[0] for r in rows])
b, bs = med_iqr([r[1] for r in rows])
ratio, rs = med_iqr([r[0] / r[1] for r in rows], 3)
print("BENCH " + json.dumps({
    "name": name, "value": x, "unit": "us", "baseline": base, "baseline_value": b,
    "ratio": ratio, "spread": {"value_iqr": xs, "baseline_iqr": bs, "ratio_iqr": rs},
    "rounds": len(rows), "count": int(count), "method": method}))
PY
}

hx ping -6 -c 3 -i 0.2 -W 5 "$LO5" >/dev/null || echo "# sriot bench: no path to n5" >&2
# ROUNDS rounds; in each, COUNT processes and COUNT End datagrams of the same
# size in turn, packet by packet (sriot_rtt.py pair), so a load spike hits
# both; per round the 10th percentile round trips (what other guests' CPU
# time moves least); the figure is the median over rounds, the spread their
# quartiles, the ratio the median of the rounds' ratios
for k in 10 100; do
	for i in $(seq 1 "$ROUNDS"); do
		j=$(hx $RTT pair "$H_ADDR" "$SID1,$SID2,$SID3" "$END1,$END2,$END3" $k "$COUNT")
		echo "# k=$k round $i: $j" >&2
		echo "$j" | jq -r '"\(.proc.p10_us) \(.end.p10_us)"'
	done > "$tmp/k$k"
	figure "$tmp/k$k" "sriot_hop_${k}i" End 3 \
		"median over rounds of the 10th-percentile round trip / 3 SIDs, process and End interleaved"
done

sriot_ports_file "$tmp/avg.ports"
if "$SRIOT" build "$REPO/tools/sriot-examples/avg.c" --ports "$tmp/avg.ports" \
	-o "$tmp/avg.task" >/dev/null; then
	# the task and a ping h -> n5 (crossing n1-n4) in turn, packet by
	# packet, ROUNDS rounds; figures as for the hops above
	for i in $(seq 1 "$ROUNDS"); do
		j=$(hx $RTT taskping "$H_ADDR" "$tmp/avg.task" "$LO5" "$COUNT")
		echo "# avg task round $i: $j" >&2
		echo "$j" | jq -r '"\(.task.p10_us) \(.ping.p10_us) \(.task.status)"'
	done > "$tmp/task"
	if grep -qv ' break$' "$tmp/task"; then
		echo "# avg task: a run did not end with break" >&2
	else
		figure "$tmp/task" sriot_avg_task_e2e "ping h-n5" 1 \
			"median over rounds of the 10th-percentile round trip, task and ping interleaved"
	fi
fi
