#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 multihoming (seg6x "ilnp"): MN on two links at once (locators a and
# b), CN behind the stock router R. Topology: lib/ilnp_topo.sh.
#
# Per-flow choice by preference: with a and b equally preferred, sixteen
# UDP flows (ports) from MN's I-LV are spread over both links and every
# flow keeps to one (counted by ip6tables in MN's POSTROUTING, after the
# rewrite); with b preferred, all of them leave through b.
# Failover under traffic (b preferred): UDP both ways (1396-byte datagrams
# every 10 ms, with sequence numbers) and a TCP stream MN -> CN; MN's link b
# goes down (ip link set down), later b comes back and its address is
# removed (ip addr del). Each time the flows go on through a: TCP never
# resets, no sender sees an error, no datagram is duplicated, and the UDP
# loss (printed) stays under 100 datagrams per failover and direction (1 s).
. "$(dirname "$0")/lib/ilnp_topo.sh"
ilnp_begin
sync=$tmp/sync
mkdir $sync
PORTS=$(seq 6000 6015)
locs() { ip -n $MN -j ilnp show | jq -r '[.[0].locators[] | "\(.locator)=\(.pref)"] | join(" ")'; }
txp() { ip -n $MN -j -s link show $1 | jq -r '.[0].stats64.tx.packets'; }
# txp_over DEV MIN: DEV's packets sent once they pass MIN, or after 10 s
# (a failover under TCG on a loaded host may take more than a second)
txp_over() {
	local n _
	for _ in $(seq 50); do
		n=$(txp $1)
		[ "$n" -gt "$2" ] && break
		sleep 0.2
	done
	echo "$n"
}

# ---- per-flow locator choice by preference ----
join_b 10
eq "MN has two locators, a and b, equally preferred" \
	"2001:db8:a::/64=10 2001:db8:b::/64=10" "$(locs)"
{
	echo '*mangle'
	for d in mn-a mn-b; do
		for p in $PORTS; do echo "-A POSTROUTING -o $d -p udp --dport $p -j ACCEPT"; done
	done
	echo COMMIT
} | x $MN ip6tables-restore
# spread: 3 datagrams to each port; prints "ON_A ON_B SPLIT" (flows on a
# only, on b only, on both) and the packets counted
spread() {
	x $MN ip6tables -t mangle -Z POSTROUTING
	x $MN $PY -c "
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(('$MN_ILV', 0))
for p in range(6000, 6016):
    for _ in range(3):
        s.sendto(b'x' * 32, ('$CN_ILV', p))"
	x $MN ip6tables -t mangle -nvxL POSTROUTING | awk '
		/ACCEPT/ && $1 ~ /^[0-9]+$/ {
			for (i = 1; i <= NF; i++) if ($i ~ /^mn-/) dev = $i
			split($NF, d, ":"); n[dev " " d[2]] = $1; sum += $1
		}
		END {
			for (p = 6000; p < 6016; p++) {
				a = n["mn-a " p] + 0; b = n["mn-b " p] + 0
				if (a && b) split_++; else if (a) on_a++; else if (b) on_b++
			}
			printf "%d %d %d %d\n", on_a, on_b, split_, sum
		}'
}
read -r on_a on_b split sum <<< "$(spread)"
echo "# equal preference: $on_a flows on a, $on_b on b, $split on both, $sum packets counted"
eq "equal preference: 48 datagrams of 16 flows counted, each flow on one link only" "48 0" "$sum $split"
gt "equal preference: some flows leave through a" 0 "$on_a"
gt "equal preference: some flows leave through b" 0 "$on_b"
il $MN locator add 2001:db8:b::/64 pref 5
read -r on_a on_b split sum <<< "$(spread)"
eq "b preferred (pref 5): all 16 flows leave through b" "0 16 0 48" "$on_a $on_b $split $sum"

# ---- failover under traffic ----
x $CN $FLOW tcp-server $CN_ILV 5002 > $tmp/tcp-server &
pids=$!
x $CN $FLOW udp $CN_ILV $MN_ILV 5001 10 1396 $sync > $tmp/udp-cn &
pids="$pids $!"
x $MN $FLOW udp $MN_ILV $CN_ILV 5001 10 1396 $sync > $tmp/udp-mn &
pids="$pids $!"
sleep 0.5
x $MN $FLOW tcp-client $MN_ILV $CN_ILV 5002 $sync > $tmp/tcp-client &
pids="$pids $!"
for _ in $(seq 600); do [ "$(ls $sync | wc -l)" -ge 3 ] && break; sleep 0.1; done
echo "$(date +%s.%N) + 0.3" | bc > $sync/go
t0=$(date +%s)
sleep 1
b0=$(txp mn-b)
a0=$(txp mn-a)
ip -n $MN link set mn-b down
sleep 1
a1=$(txp_over mn-a $((a0 + 50)))
down_locs=$(locs)
down_cn=$(cache $CN 0:0:0:a '[.locators[] | select(.state == "active") | .locator] | join(" ")')
bm=$(txp mn-b)
join_b
sleep 1
b1=$(txp_over mn-b $((bm + 50)))
ip -n $MN addr del 2001:db8:b::a/64 dev mn-b
sleep 1
del_locs=$(locs)
del_cn=$(cache $CN 0:0:0:a '[.locators[] | select(.state == "active") | .locator] | join(" ")')
touch $sync/stop
wait $pids
echo "# two failovers in $(( $(date +%s) - t0 )) s"
for f in udp-mn udp-cn tcp-server tcp-client; do echo "# $f: $(cat $tmp/$f)"; done

gt "before the failover the flows used b (mn-b sent packets)" 50 "$b0"
eq "link b down: MN's only locator is a" "2001:db8:a::/64=10" "$down_locs"
eq "link b down: CN's ILCC has a active (from MN's update)" "2001:db8:a::/64" "$down_cn"
gt "link b down: the flows went on through a" $((a0 + 50)) "$a1"
gt "b back (pref 5): the flows returned to b" $((bm + 50)) "$b1"
eq "address b removed: MN's only locator is a" "2001:db8:a::/64=10" "$del_locs"
eq "address b removed: CN's ILCC has a active" "2001:db8:a::/64" "$del_cn"
eq "TCP stream MN -> CN across both failovers: intact, never reset" "true null" \
	"$(jq -r '"\(.ok) \(.error)"' < $tmp/tcp-server)"
eq "TCP client saw no error" "null" "$(jq -r '.error' < $tmp/tcp-client)"
gt "TCP stream carried data" 100000 "$(jq -r '.bytes' < $tmp/tcp-server)"
for d in "mn MN -> CN" "cn CN -> MN"; do
	s=${d%% *} dir=${d#* }
	r=$([ $s = mn ] && echo cn || echo mn)
	sent=$(jq -r .sent < $tmp/udp-$s)
	got=$(jq -r '"\(.received) \(.dups)"' < $tmp/udp-$r)
	lost=$((sent - ${got% *}))
	echo "# UDP $dir: $sent sent, ${got% *} received, $lost lost, $(jq -r .reordered < $tmp/udp-$r) reordered"
	eq "UDP $dir: the sender saw no error" "0" "$(jq -r .send_errors < $tmp/udp-$s)"
	eq "UDP $dir: nothing duplicated" "0" "${got#* }"
	gt "UDP $dir: lost $lost of $sent, under 200 (100 per failover)" "$lost" 200
done
if [ "$fails" -gt 0 ]; then
	for ns in $MN $CN; do echo "# $ns: $(ip -n $ns -j seg6x stats behaviour ilnp)"; done
	echo "# CN: $(ip -n $CN -j ilnp cache show)"
fi
tap_end
