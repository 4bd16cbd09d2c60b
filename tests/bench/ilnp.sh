#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 speed, run inside the VM by `make bench`: what the host rewrite
# costs, side by side in one boot, on the topology of tests/kselftest/ilnp.sh
# (lib/ilnp_topo.sh):
#
#   +----+ mn-b ---- r-b +---+ r-c ---- cn-c +----+
#   | MN |               | R |               | CN |
#   +----+               +---+               +----+
#
# MN has moved from its home network a to b (join_b, leave_a), so its I-LV
# 2001:db8:a::a travels as 2001:db8:b::a. MN sends COUNT UDP datagrams of
# 1396 bytes (the St Andrews experiment's size) one at a time to CN's I-LV
# and waits for each echo:
#   ilnp       from MN's I-LV: both hosts rewrite locators and checksums
#              each way (MN's rewritten_out counter is checked)
#   forwarding from 2001:db8:b::99, a plain IPv6 address of MN on the same
#              link, forwarded by the same router without ILNP
# and, from H behind R (lrr_up: R is a locator rewriting relay),
#   ilnp_lrr   H's datagrams to MN's home I-LV through the relay's SID (encap
#              seg6, R rewrites the locator a -> b, MN decapsulates), echoes
#              straight back (R's relayed counter is checked)
#   forwarding from H to 2001:db8:b::99, forwarded by R
# with 1200-byte datagrams (1396 plus 80 bytes of outer header and SRH
# would not fit the 1500-byte links); so ilnp_lrr's ratio holds the SRv6
# encapsulation and decapsulation too, not only the relay's work.
# Rounds alternate so that drift cancels; each figure is the median round
# trip of its rounds (us).
#   BENCH {"name": "ilnp_host_rewrite", "value": X, "unit": "us", "baseline": "forwarding", ...}
#   BENCH {"name": "ilnp_lrr", "value": X, "unit": "us", "baseline": "forwarding", ...}
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/kselftest
RTT="/usr/bin/python3 $REPO/tests/bench/udp_rtt.py"
COUNT=${COUNT:-1000}
ROUNDS=${ROUNDS:-5}
. "$HERE/lib/tap.sh"
. "$HERE/lib/ilnp_topo.sh"
trap ilnp_topo_down EXIT

ip seg6x show 2>/dev/null | grep -qw ilnp || { echo "# ilnp bench: no ilnp behaviour" >&2; exit 4; }
ilnp_topo_up >/dev/null || { echo "# ilnp bench: topology failed" >&2; exit 1; }
lrr_up || { echo "# ilnp bench: the relay failed" >&2; exit 1; }
to_relay $MN_ILV
OVERLAP=0
join_b && leave_a || { echo "# ilnp bench: the move to b failed" >&2; exit 1; }
ip -n $MN addr add 2001:db8:b::99/64 dev mn-b nodad
x $CN $RTT echo :: 7000 &
echo=$!
x $MN $RTT echo :: 7000 &
echo="$echo $!"
trap 'kill $echo 2>/dev/null; ilnp_topo_down' EXIT
sleep 1
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
relayed() { ip -n $R -j seg6x stats behaviour ilnp-lrr | jq -r '.[0].counters.relayed'; }
# bench NAME FILE BASEFILE: the BENCH line of two sets of rounds
bench() {
	local v b
	v=$(median < "$2")
	b=$(median < "$3")
	[ -s "$2" ] && [ -s "$3" ] &&
		printf 'BENCH {"name": "%s", "value": %s, "unit": "us", "baseline": "forwarding", "baseline_value": %s, "ratio": %s}\n' \
			"$1" "$v" "$b" "$(echo "$v $b" | awk '{ printf "%.3f", $2 ? $1 / $2 : 0 }')"
}
: > "$tmp/ilnp"; : > "$tmp/plain"; : > "$tmp/lrr"; : > "$tmp/lrr-plain"
for r in $(seq "$ROUNDS"); do
	o0=$(counter $MN rewritten-out)
	x $MN $RTT ping $CN_ILV 7000 "$COUNT" 1396 $MN_ILV >> "$tmp/ilnp" ||
		echo "# ilnp round $r failed" >&2
	[ "$(counter $MN rewritten-out)" -gt "$o0" ] ||
		echo "# ilnp round $r: MN rewrote nothing (not ILNP)" >&2
	o0=$(counter $MN rewritten-out)
	x $MN $RTT ping $CN_ILV 7000 "$COUNT" 1396 2001:db8:b::99 >> "$tmp/plain" ||
		echo "# forwarding round $r failed" >&2
	[ "$(counter $MN rewritten-out)" = "$o0" ] ||
		echo "# forwarding round $r: MN rewrote packets (not a baseline)" >&2
done
for r in $(seq "$ROUNDS"); do
	o0=$(relayed)
	x $H $RTT ping $MN_ILV 7000 "$COUNT" 1200 >> "$tmp/lrr" ||
		echo "# relay round $r failed" >&2
	[ "$(relayed)" -gt "$o0" ] || echo "# relay round $r: R relayed nothing" >&2
	x $H $RTT ping 2001:db8:b::99 7000 "$COUNT" 1200 >> "$tmp/lrr-plain" ||
		echo "# relay forwarding round $r failed" >&2
done
echo "# ilnp:       $(tr '\n' ' ' < "$tmp/ilnp")" >&2
echo "# forwarding: $(tr '\n' ' ' < "$tmp/plain")" >&2
echo "# lrr:        $(tr '\n' ' ' < "$tmp/lrr")" >&2
echo "# forwarding: $(tr '\n' ' ' < "$tmp/lrr-plain")" >&2
echo "# MN counters: $(stat $MN .counters | tr -d "\n ")" >&2
bench ilnp_host_rewrite "$tmp/ilnp" "$tmp/plain"
bench ilnp_lrr "$tmp/lrr" "$tmp/lrr-plain"
exit 0
