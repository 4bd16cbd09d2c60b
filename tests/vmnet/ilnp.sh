#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 across machines: the mobile node MN (namespace on VM1) moves from
# network a to network b while talking to CN (h2, behind VM3); every packet
# crosses both virtio links with the offloads on (addresses: topo.sh).
#
#   MN =mn-a= VM1 (a: fc00:4:a::/64, b: fc00:4:b::/64) --l1-- VM2 --l2-- VM3 -- CN (h2)
#   MN: NID 0:0:0:a, home I-LV fc00:4:a::a on lo     CN: NID 0:0:0:c, I-LV fc00:2::c
#
# UDP both ways (1396 bytes every 10 ms), a TCP stream MN -> CN and a ping
# run through the move (join b, then leave a 1 s later): soft handoff loses,
# duplicates and reorders nothing, TCP never resets, CN's ILCC ends with b.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
REPO=$(cd "$HERE/../.." && pwd)
FLOW="/usr/bin/python3 $REPO/tests/kselftest/lib/ilnp_flow.py"
[ "$NODES" = 3 ] || skip "three VMs (tests/vm/multi --vms 3)"
ip seg6x show 2>/dev/null | grep -qw ilnp || skip "seg6x.ko without the ilnp behaviour"
echo "TAP version 13"
k=$NODE
MN=vmnet-mn CN=vmnet-h2
MN_ILV=fc00:4:a::a CN_ILV=fc00:2::c
S=$SYNC/ilnp
x() { local n=$1; shift; ip netns exec "$n" "$@"; }
il() { local n=$1; shift; ip -n "$n" ilnp "$@"; }
cache() { ip -n "$1" -j ilnp cache show | jq -r ".[] | select(.nid == \"$2\") | $3"; }
counter() { ip -n "$1" -j seg6x stats behaviour ilnp | jq -r ".[0].counters[\"${2//-/_}\"] // 0"; }
eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (want $2, got $3)"; fi; }
gt() { if [ "$3" -gt "$2" ] 2>/dev/null; then ok "$1"; else nok "$1 (want > $2, got $3)"; fi; }
pids=

case $k in
1)	mkdir -p "$S/sync1"
	ip netns add $MN
	ip -n $MN link set lo up
	x $MN sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	for net in a b; do
		ip link add "mn$net" type veth peer name "mn-$net" netns $MN
		ip addr add "fc00:4:$net::1/64" dev "mn$net" nodad
		ip link set "mn$net" up
	done
	ip -n $MN addr add $MN_ILV/128 dev lo
	ip -n $MN addr add fc00:4:a::a/64 dev mn-a nodad
	ip -n $MN link set mn-a up
	ip -n $MN -6 route add fc00:2::/64 via fc00:4:a::1 dev mn-a from fc00:4:a::/64
	ip -n $MN -6 route add default via fc00:4:a::1 dev mn-a metric 1000
	check "vm1: MN in a, ILNP on (nid 0:0:0:a, locator a, peer CN)" sh -c "
		ip -n $MN ilnp nid add 0:0:0:a locator fc00:4:a::/64 &&
		ip -n $MN ilnp locator add fc00:4:a::/64 pref 10 &&
		ip -n $MN ilnp peer add 0:0:0:c locator fc00:2::/64" ;;
3)	mkdir -p "$S/sync3"
	ip -n $CN addr add $CN_ILV/64 dev eth0 nodad
	check "vm3: CN behind VM3, ILNP on (nid 0:0:0:c, locator fc00:2::/64, peer MN)" sh -c "
		ip -n $CN ilnp nid add 0:0:0:c locator fc00:2::/64 &&
		ip -n $CN ilnp locator add fc00:2::/64 &&
		ip -n $CN ilnp peer add 0:0:0:a locator fc00:4:a::/64" ;;
esac
barrier ilnp-setup || { nok "every VM set up"; tap_end; exit 1; }

if role 3; then
	x $CN $FLOW tcp-server $CN_ILV 5002 >"$S/tcp-server" 2>&1 &
	pids="$pids $!"
	x $CN $FLOW udp $CN_ILV $MN_ILV 5001 10 1396 "$S/sync3" >"$S/udp-cn" 2>&1 &
	pids="$pids $!"
	for _ in $(seq 600); do [ "$(ls "$S/sync3" | wc -l)" -ge 1 ] && break; sleep 0.1; done
	sleep 1		# the TCP server's listen() is not announced: give it time
fi
barrier ilnp-cn-ready || nok "CN's flows ready"
if role 1; then
	check "ping CN's I-LV from MN's I-LV before the move" \
		x $MN ping -6 -c 2 -W 5 -I $MN_ILV $CN_ILV
	x $MN $FLOW udp $MN_ILV $CN_ILV 5001 10 1396 "$S/sync1" >"$S/udp-mn" 2>&1 &
	pids="$pids $!"
	x $MN $FLOW tcp-client $MN_ILV $CN_ILV 5002 "$S/sync1" >"$S/tcp-client" 2>&1 &
	pids="$pids $!"
	for _ in $(seq 600); do [ "$(ls "$S/sync1" | wc -l)" -ge 2 ] && break; sleep 0.1; done
	go=$(echo "$(date +%s.%N) + 0.5" | bc)
	echo "$go" >"$S/sync3/go"
	echo "$go" >"$S/sync1/go"
	# 200 echoes, 10 s: the move's length (a backgrounded ping ignores SIGINT)
	x $MN ping -6 -i 0.05 -c 200 -W 2 -I $MN_ILV $CN_ILV >"$S/ping" 2>&1 &
	ping_pid=$!
	sleep 3
	# join b
	ip -n $MN link set mn-b up
	ip -n $MN addr add fc00:4:b::a/64 dev mn-b nodad
	ip -n $MN -6 route add fc00:2::/64 via fc00:4:b::1 dev mn-b from fc00:4:b::/64
	ip -n $MN -6 route add default via fc00:4:b::1 dev mn-b metric 500
	il $MN locator add fc00:4:b::/64 pref 5
	sleep 1
	# leave a
	il $MN locator del fc00:4:a::/64
	sleep 1
	ip -n $MN link set mn-a down
	sleep 3
	touch "$S/sync1/stop" "$S/sync3/stop"
	wait $ping_pid
fi
barrier ilnp-stopped || nok "every VM saw the flows stop"
# shellcheck disable=SC2086
wait $pids
barrier ilnp-results || nok "every VM has its results"

if role 1; then
	for f in udp-mn udp-cn tcp-server tcp-client; do echo "# $f: $(cat "$S/$f")"; done
	sent() { jq -r .sent <"$S/$1"; }
	eq "UDP MN -> CN across the move: all $(sent udp-mn) received, none duplicated or reordered" \
		"$(sent udp-mn) 0 0" "$(jq -r '"\(.received) \(.dups) \(.reordered)"' <"$S/udp-cn")"
	eq "UDP CN -> MN across the move: all $(sent udp-cn) received, none duplicated or reordered" \
		"$(sent udp-cn) 0 0" "$(jq -r '"\(.received) \(.dups) \(.reordered)"' <"$S/udp-mn")"
	eq "TCP stream MN -> CN: intact, never reset" "true null" \
		"$(jq -r '"\(.ok) \(.error)"' <"$S/tcp-server")"
	gt "TCP stream carried data across the move" 100000 "$(jq -r '.bytes' <"$S/tcp-server")"
	tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$S/ping")
	rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$S/ping")
	gt "ping across the move: every echo answered but the one in flight ($rx of $tx)" \
		"$((tx - 2))" "$rx"
	gt "MN rewrote its packets to the new locator" 100 "$(counter $MN rewritten-out)"
	gt "packets left MN through b" 200 "$(ip -j -s link show mnb | jq -r '.[0].stats64.rx.packets')"
fi
if role 3; then
	eq "vm3: CN's ILCC after the move: b active, a no longer used" "b=active a=old" \
		"$(cache $CN 0:0:0:a '[.locators[] | (.locator | sub("fc00:4:";"") | sub("::/64";"")) + "=" +
			(if .state == "aged" or .state == "expired" then "old" else .state end)] | reverse | join(" ")')"
	gt "vm3: CN rewrote MN's packets back to the I-LV it knows" 100 "$(counter $CN rewritten-in)"
	ip -n $CN addr del $CN_ILV/64 dev eth0
fi
[ "$k" = 1 ] && ip netns del $MN
barrier ilnp-finished || nok "every VM finished"
tap_end
