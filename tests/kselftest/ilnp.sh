#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 hosts (seg6x "ilnp"): flows that survive a move between networks.
# Topology: lib/ilnp_topo.sh (MN in a and b, stock router R, CN in c).
#
# The St Andrews experiment, short: UDP both ways (1396-byte datagrams with
# a sequence number, every 10 ms), a TCP stream MN -> CN and a ping beside
# them; MN joins b (locator b, preferred) and leaves a one overlap later
# (soft handoff). Every sender computes checksums in software (tx offload
# off), RFC checksum mode. ILNP flows lose nothing, reorder nothing,
# duplicate nothing and TCP never resets, while a plain IPv6 flow to MN's
# a address in the same run breaks (the baseline). The ILCC and counters
# show the mechanism: both locators during the overlap, b active after,
# updates acknowledged, packets rewritten and really sent through b.
# Hostile updates and the control plane: ilnp_hostile.sh.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/tap.sh"
. "$HERE/lib/ilnp_topo.sh"
trap ilnp_topo_down EXIT
ilnp_begin
OVERLAP=1
sync=$tmp/sync
mkdir $sync

eq "ip ilnp show: MN has its NID, home locator, RFC checksums, soft handoff" \
	"0:0:0:a 2001:db8:a::/64 rfc soft true" \
	"$(ip -n $MN -j ilnp show | jq -r '.[0] | [.nids[0].nid, .nids[0].locator, .checksum,
		.handoff, .enabled] | map(tostring) | join(" ")')"
eq "ip ilnp show (text): settings, NID, locator" \
	"enabled true checksum rfc handoff soft|nid 0:0:0:a locator 2001:db8:a::/64|locator 2001:db8:a::/64 pref 10 lifetime 65535" \
	"$(il $MN show | head -3 | paste -sd'|')"
check "ip ilnp show (text): the behaviour's counters and drops" \
	sh -c "ip -n $MN ilnp show | grep -q '^counters rewritten-out [0-9]* rewritten-in ' &&
		ip -n $MN ilnp show | grep -q '^drops'"
eq "ip ilnp cache show (text): CN as MN's peer, its locator active" \
	"peer 0:0:0:c start 2001:db8:c::/64|    locator 2001:db8:c::/64 pref 10 active" \
	"$(il $MN cache show | sed 's/ nonce-local.*//; s/ expires.*//' | paste -sd'|')"
check "ping CN's I-LV from MN's I-LV before the move" \
	x $MN ping -6 -c 2 -W 2 -I $MN_ILV $CN_ILV
check "R (stock IPv6, not a peer) answers MN, nothing rewritten" \
	sh -c "ip netns exec $MN ping -6 -c 1 -W 2 2001:db8:a::1 >/dev/null &&
		[ \$(ip -n $MN -j seg6x stats behaviour ilnp | jq '.[0].counters[\"rewritten_out\"]') = 0 ]"

# ---- the move, under traffic: every flow starts together, stops on "stop" ----
x $CN $FLOW tcp-server $CN_ILV 5002 > $tmp/tcp-server &
pids=$!
x $CN $FLOW udp $CN_ILV $MN_ILV 5001 10 1396 $sync > $tmp/udp-cn &
pids="$pids $!"
x $MN $FLOW udp $MN_ILV $CN_ILV 5001 10 1396 $sync > $tmp/udp-mn &
pids="$pids $!"
x $CN $FLOW udp 2001:db8:c::c 2001:db8:a::99 5003 10 200 $sync > $tmp/plain-cn &
pids="$pids $!"
x $MN $FLOW udp 2001:db8:a::99 2001:db8:c::c 5003 10 200 $sync > $tmp/plain-mn &
pids="$pids $!"
sleep 0.5
x $MN $FLOW tcp-client $MN_ILV $CN_ILV 5002 $sync > $tmp/tcp-client &
pids="$pids $!"
for i in $(seq 600); do [ "$(ls $sync | wc -l)" -ge 5 ] && break; sleep 0.1; done
echo "$(date +%s.%N) + 0.3" | bc > $sync/go
ip netns exec $MN ping -6 -i 0.05 -c 2000 -W 2 -I $MN_ILV $CN_ILV > $tmp/ping 2>&1 &
ping_pid=$!
t0=$(date +%s)
sleep 2
join_b
sleep 0.5
mid=$(cache $CN 0:0:0:a '[.locators[] | .locator + "=" + .state] | join(",")')
leave_a
sleep 2
touch $sync/stop
kill -INT $ping_pid
wait $pids $ping_pid
echo "# moved in $(( $(date +%s) - t0 )) s (TCG: control commands are slow)"

eq "soft handoff: CN's ILCC holds a and b, b active (pref 5)" \
	"2001:db8:a::/64=valid,2001:db8:b::/64=active" "$mid"
for f in udp-mn udp-cn plain-mn plain-cn; do echo "# $f: $(cat $tmp/$f)"; done
for ns in $MN $CN; do echo "# $ns: $(x $ns nstat -az Udp6RcvbufErrors Udp6InErrors Udp6InCsumErrors | tail -n +2 | awk '{printf "%s=%s ", $1, $2}')"; done
sent() { jq -r .sent < $tmp/$1; }
eq "UDP MN -> CN: all $(sent udp-mn) received, none duplicated or reordered" \
	"$(sent udp-mn) 0 0" "$(jq -r '"\(.received) \(.dups) \(.reordered)"' < $tmp/udp-cn)"
eq "UDP CN -> MN: all $(sent udp-cn) received, none duplicated or reordered" \
	"$(sent udp-cn) 0 0" "$(jq -r '"\(.received) \(.dups) \(.reordered)"' < $tmp/udp-mn)"
eq "TCP stream MN -> CN: intact, never reset" "true null" \
	"$(jq -r '"\(.ok) \(.error)"' < $tmp/tcp-server)"
eq "TCP client saw no error" "null" "$(jq -r '.error' < $tmp/tcp-client)"
gt "TCP stream carried data across the move" 100000 "$(jq -r '.bytes' < $tmp/tcp-server)"
tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' $tmp/ping)
rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' $tmp/ping)
gt "ping across the move: every echo answered but the one in flight at the end ($rx of $tx)" \
	"$((tx - 2))" "$rx"
gt "baseline: plain IPv6 to MN's a address breaks when a is left (lost)" 50 \
	"$(( $(sent plain-cn) - $(jq -r .received < $tmp/plain-mn) ))"
eq "after the move CN's ILCC: b active, a no longer used" "b=active a=old" \
	"$(cache $CN 0:0:0:a '[.locators[] | (.locator | sub("2001:db8:";"") | sub("::/64";"")) + "=" +
		(if .state == "aged" or .state == "expired" then "old" else .state end)] | reverse | join(" ")')"
eq "MN's advertisements acknowledged (nothing pending)" "false" "$(cache $MN 0:0:0:c .lu_pending)"
gt "CN accepted MN's updates (join, leave)" 1 "$(counter $CN updates-received)"
gt "MN received CN's acknowledgements" 1 "$(counter $MN acks-received)"
gt "MN rewrote its packets to the new locator" 100 "$(counter $MN rewritten-out)"
gt "CN rewrote MN's packets back to the I-LV it knows" 100 "$(counter $CN rewritten-in)"
gt "packets really left through b (R's r-b received them)" 200 \
	"$(ip -n $R -j -s link show r-b | jq -r '.[0].stats64.rx.packets')"
check "after the move: ping CN's I-LV from MN's I-LV" \
	x $MN ping -6 -c 2 -W 2 -I $MN_ILV $CN_ILV
if [ "$fails" -gt 0 ]; then
	for ns in $MN $CN; do echo "# $ns: $(ip -n $ns -j seg6x stats behaviour ilnp)"; done
fi
tap_end
