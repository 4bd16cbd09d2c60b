#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Cost of the seg6x path (End.BPF glue + bpf_seg6x_exec) against upstream End,
# side by side in one boot. Run inside the VM by `make bench`.
#
#   +----+        +--------------------------+        +----+
#   | h1 |--------| r: 8 SIDs, all local     |--------| h2 |
#   +----+        | End or seg6x-end         |        +----+
#
# h1 reaches h2 (fd00:2::1) with an inline SRH listing the 8 SIDs of r, so
# every request runs the behaviour 8 times on r, and h2's second address
# (fd00:2::11) through 1 SID; replies come back plainly. The cost of one
# SID visit is (rtt8 - rtt1) / 7: encapsulation, the hosts and the links
# cancel out. Rounds of End and seg6x-end alternate so drift cancels.
# Prints one line per figure:
#   BENCH {"name": ..., "value": ..., "unit": "us", "baseline": "End", ...}
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
RTT="/usr/bin/python3 $HERE/udp_rtt.py"
COUNT=${COUNT:-2000}
ROUNDS=${ROUNDS:-3}
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
ip -n $h2 addr add fd00:2::1/64 dev e2 nodad; ip -n $h2 addr add fd00:2::11/64 dev e2 nodad
ip -n $r addr add fd00:2::2/64 dev r2 nodad
for l in "$h1 e1" "$r r1" "$r r2" "$h2 e2"; do ip -n ${l% *} link set ${l#* } up; done
ip -n $h1 -6 route add default via fd00:1::2
ip -n $h2 -6 route add default via fd00:2::2
SEGS=$(seq -s, -f 'fc00:ff::%g' 1 8)

use() { # use ACTION: (re)install r's 8 SIDs with ACTION
	local i
	for i in $(seq 1 8); do
		ip -n $r -6 route replace fc00:ff::$i/128 encap seg6local action "$1" dev r2
	done
}
ip -n $h1 -6 route add fd00:2::1/128 encap seg6 mode inline segs $SEGS via fd00:1::2
ip -n $h1 -6 route add fd00:2::11/128 encap seg6 mode inline segs fc00:ff::1 via fd00:1::2
ip netns exec $h2 $RTT echo :: 9000 &
echo_pid=$!
trap 'kill $echo_pid 2>/dev/null; cleanup' EXIT
sleep 1

per_sid() { # per_sid ACTION: microseconds one SID visit costs
	local r8 r1
	use "$1"
	r8=$(ip netns exec $h1 $RTT ping fd00:2::1 9000 "$COUNT" 64)
	r1=$(ip netns exec $h1 $RTT ping fd00:2::11 9000 "$COUNT" 64)
	echo "# $1: rtt 8 SIDs $r8 us, 1 SID $r1 us" >&2
	awk -v a="$r8" -v b="$r1" 'BEGIN { printf "%.3f", (a - b) / 7 }'
}

sum_end=0 sum_x=0
for i in $(seq 1 "$ROUNDS"); do
	e=$(per_sid End)
	x=$(per_sid seg6x-end)
	sum_end="$sum_end + $e" sum_x="$sum_x + $x"
done
ip -n $r seg6x stats behaviour seg6x-end >&2
e=$(awk "BEGIN { printf \"%.3f\", ($sum_end) / $ROUNDS }")
x=$(awk "BEGIN { printf \"%.3f\", ($sum_x) / $ROUNDS }")
ratio=$(awk -v a="$x" -v b="$e" 'BEGIN { printf "%.3f", b ? a / b : 0 }')
printf 'BENCH {"name": "seg6x_end_per_sid", "value": %s, "unit": "us", "baseline": "End", "baseline_value": %s, "ratio": %s}\n' \
	"$x" "$e" "$ratio"
