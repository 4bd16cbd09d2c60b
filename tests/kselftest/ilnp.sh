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
#
# The relay (seg6x "ilnp-lrr", lrr_up in lib/ilnp_topo.sh): R is a
# locator rewriting relay and MN's correspondent; H, a stock host that
# knows only MN's home I-LV, sends to it through the relay's SID. Before
# the move the relay forwards unchanged, after it H's ping and a TCP
# connection reach MN at b, while plain routing to a does not; a NID the
# relay does not know is dropped and counted; inline (SRH in the packet)
# UDP keeps a valid checksum in ipv6 checksum mode, not in rfc mode.
# PMTU discovery: with a 1280-byte link between R and CN a TCP transfer
# from MN's I-LV completes because MN rewrites the wire addresses quoted in
# R's Packet Too Big to the I-LVs its socket knows.
# Locators follow addresses: a /64 address with MN's NID as identifier
# added makes a locator, removed withdraws it, and CN is told.
# ip ilnp monitor across the move (MN in text and JSON, CN in JSON): MN
# reports b added, the update to CN carrying a and b, CN's acknowledgement
# of it, a removed, the update carrying b alone and its acknowledgement, in
# that order; CN reports the update received, b active, then a aged.
. "$(dirname "$0")/lib/ilnp_topo.sh"
ilnp_begin
OVERLAP=1
sync=$tmp/sync
mkdir $sync

eq "ip ilnp show: MN has its NID, home locator, RFC checksums, soft handoff" \
	"0:0:0:a 2001:db8:a::/64 rfc soft true" \
	"$(ip -n $MN -j ilnp show | jq -r '.[0] | [.nids[0].nid, .nids[0].locator, .checksum,
		.handoff, .enabled] | map(tostring) | join(" ")')"
eq "ip ilnp show (text): settings, NID, locator" \
	"enabled true checksum rfc handoff soft fallback-retry 600|nid 0:0:0:a locator 2001:db8:a::/64|locator 2001:db8:a::/64 pref 10 lifetime 65535" \
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

# ---- the relay, before the move ----
lrr() { ip -n $R -j seg6x stats behaviour ilnp-lrr | jq -r ".[0] | $1"; }
# listening udp|tcp PORT: wait for MN's listener
listening() {
	for _ in $(seq 50); do
		x $MN ss -Hln --$1 "sport = :$2" | grep -q . && return
		sleep 0.1
	done
}
check "relay: ip -6 route add fc00:9::/64 encap seg6local action ilnp-lrr on R" lrr_up
eq "relay: ip -6 route show prints action ilnp-lrr" "fc00:9::/64 action ilnp-lrr" \
	"$(ip -n $R -6 route show fc00:9::/64 | sed 's/ *encap seg6local//; s/ dev.*//')"
to_relay $MN_ILV
to_relay 2001:db8:a::e
check "relay: H pings MN's home I-LV through the relay" x $H ping -6 -c 2 -W 2 $MN_ILV
eq "relay: forwarded them unchanged (a is MN's current locator)" "2 0" \
	"$(lrr '"\(.counters.current) \(.counters.relayed)"')"

# ---- ip ilnp monitor, started before the move ----
mon_start mn-text $MN
mon_start mn-json $MN -j
mon_start cn-json $CN -j
check "ip ilnp monitor: MN (text, JSON) and CN (JSON) see MN's locator change" \
	mon_ready $MN mn-text mn-json cn-json
for i in $(seq 50); do [ "$(cache $MN 0:0:0:c .lu_pending)" = false ] && break; sleep 0.2; done

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
# soft handoff: the old path stays until CN has acknowledged b
mon_wait mn-text "^ack-received peer 0:0:0:c .*lu-pending false .*2001:db8:b::/64 pref 5"
sleep 0.5
mid=$(cache $CN 0:0:0:a '[.locators[] | .locator + "=" + .state] | join(",")')
leave_a
sleep 2
touch $sync/stop
# SIGALRM: ping's own deadline signal, it prints its summary and exits; a
# background job of a non-interactive shell ignores SIGINT (ping ran its 100 s)
kill -ALRM $ping_pid
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

# ---- what the monitors printed ----
mon_wait mn-text '^ack-received peer 0:0:0:c .*lu-pending false locators 2001:db8:b::/64 pref 5 lifetime 65535$'
mon_stop
# the steps of the move found in order in MN's text monitor
eq "ip ilnp monitor (text): b added, update (a, b), ack, a removed, update (b), ack" 6 "$(awk '
	BEGIN { L = "locators 2001:db8:a::/64 pref 10 lifetime [0-9]+, 2001:db8:b::/64 pref 5 lifetime 65535$" }
	s == 0 && /^locator-added 2001:db8:b::\/64 pref 10 lifetime 65535$/ { s++ }
	s == 1 && $0 ~ "^update-sent peer 0:0:0:c locator 2001:db8:c::/64 try 1 " L { s++ }
	s == 2 && $0 ~ "^ack-received peer 0:0:0:c locator 2001:db8:c::/64 lu-pending false " L { s++ }
	s == 3 && /^locator-removed 2001:db8:a::\/64$/ { s++ }
	s == 4 && /^update-sent peer 0:0:0:c .* locators 2001:db8:b::\/64 pref 5 lifetime 65535$/ { s++ }
	s == 5 && /^ack-received peer 0:0:0:c .* locators 2001:db8:b::\/64 pref 5 lifetime 65535$/ { s++ }
	END { print s + 0 }' $tmp/mon-mn-text)"
# jq: the index of the first event after I that satisfies F
mon_seq() {
	jq -s -r 'def locs: [.locators[]? | "\(.locator)=\(.pref)"] | join(",");
		def find(i; f): [to_entries[] | select(.key > i and (.value | f))][0].key // 1e9;
		'"$1"' | map(select(. < 1e9)) | length' "$tmp/mon-$2"
}
eq "ip -j ilnp monitor: the same six steps, one JSON object per line" 6 "$(mon_seq '
	find(-1; .event == "locator-added" and .locator == "2001:db8:b::/64") as $a |
	find($a; .event == "update-sent" and .peer == "0:0:0:c" and .try == 1 and
		(locs | test("^2001:db8:a::/64=10,2001:db8:b::/64=5$"))) as $b |
	find($b; .event == "ack-received" and .peer == "0:0:0:c" and .lu_pending == false and
		(locs | test("^2001:db8:a::/64=10,2001:db8:b::/64=5$"))) as $c |
	find($c; .event == "locator-removed" and .locator == "2001:db8:a::/64") as $d |
	find($d; .event == "update-sent" and locs == "2001:db8:b::/64=5") as $e |
	find($e; .event == "ack-received" and .lu_pending == false and locs == "2001:db8:b::/64=5") as $f |
	[$a, $b, $c, $d, $e, $f]' mn-json)"
eq "ip -j ilnp monitor on CN: update received, b active, ack sent, a aged" 4 "$(mon_seq '
	find(-1; .event == "update-received" and .peer == "0:0:0:a" and .locator == "2001:db8:b::/64" and
		(locs | test("2001:db8:b::/64=5"))) as $a |
	find($a; .event == "peer-locator" and .peer == "0:0:0:a" and .locator == "2001:db8:b::/64" and
		.state == "active") as $b |
	find($b; .event == "ack-sent" and .peer == "0:0:0:a" and .locator == "2001:db8:b::/64") as $c |
	find($c; .event == "peer-locator" and .locator == "2001:db8:a::/64" and .state == "aged" and
		.old_state == "valid") as $d |
	[$a, $b, $c, $d]' cn-json)"
eq "no event was lost" "0 0" "$(counter $MN events-lost) $(counter $CN events-lost)"

# ---- the relay, after the move ----
eq "relay: R's ILCC learnt the move from MN's Locator Updates: b active" "2001:db8:b::/64" \
	"$(cache $R 0:0:0:a '.locators[] | select(.state == "active") | .locator')"
check "relay: H still pings MN's home I-LV through the relay" x $H ping -6 -c 3 -W 2 $MN_ILV
eq "relay: rewrote their destination to b" "3" "$(lrr .counters.relayed)"
x $MN sh -c "timeout 10 nc -6 -l $MN_ILV 7001 > $tmp/tcp" &
nc_pid=$!
listening tcp 7001
echo "through the relay" | x $H timeout 10 nc -6 -N $MN_ILV 7001
wait $nc_pid
eq "relay: a TCP connection from H reaches MN" "through the relay" "$(cat $tmp/tcp)"
ip -n $H -6 route replace $MN_ILV/128 via 2001:db8:d::1 dev h-d
refuse "relay baseline: plain routing to MN's home I-LV no longer reaches MN" "" \
	x $H ping -6 -c 1 -W 1 $MN_ILV
d0=$(lrr '.drops.unknown_nid // 0')
refuse "relay: a NID it does not know gets nowhere" "" x $H ping -6 -c 2 -W 1 2001:db8:a::e
eq "relay: and drops it as unknown-nid" $((d0 + 2)) "$(lrr '.drops.unknown_nid // 0')"
# inline: UDP's checksum covers the final segment, which the relay changes
udp() {		# udp MODE WAIT: one datagram from H, what MN's socket on [::] got
	il $R set checksum $1
	x $MN sh -c "timeout $2 nc -6 -u -W 1 -l 7002 > $tmp/udp-$1" &
	listening udp 7002
	echo "inline $1" | x $H nc -6 -u -w 1 $MN_ILV 7002
	wait $!
	cat $tmp/udp-$1
}
to_relay $MN_ILV inline
x $MN ethtool -K mn-b rx off >/dev/null	# else veth marks the datagram as verified
csum_errors() { x $MN nstat -az Udp6InCsumErrors | awk '/Udp6InCsumErrors/ { print $2 }'; }
eq "relay, inline, checksum ipv6: UDP's checksum adjusted, MN gets the datagram" \
	"inline ipv6" "$(udp ipv6 10)"
c0=$(csum_errors)
eq "relay, inline, checksum rfc: checksum left alone, MN gets nothing" "" "$(udp rfc 4)"
gt "and MN's stack counts a checksum error" "${c0:-0}" "$(csum_errors)"

# ---- PMTU discovery after the move: a 1280-byte link between R and CN ----
# R's Packet Too Big quotes MN's packet as it was on the wire (b); MN's
# stack finds the socket only if the quote is rewritten to the I-LVs.
ip -n $R link set r-c mtu 1280
q0=$(counter $MN errors-translated)
x $CN sh -c "timeout 30 nc -6 -l $CN_ILV 7003 | wc -c > $tmp/pmtu" &
nc_pid=$!
for _ in $(seq 50); do x $CN ss -Hlnt "sport = :7003" | grep -q . && break; sleep 0.1; done
head -c 100000 /dev/zero | x $MN timeout 25 nc -6 -N -s $MN_ILV $CN_ILV 7003
wait $nc_pid
eq "PMTU: 100000 bytes of TCP from MN's I-LV cross the 1280-byte link" 100000 "$(cat $tmp/pmtu)"
gt "PMTU: MN rewrote the quote of R's Packet Too Big" "$q0" "$(counter $MN errors-translated)"
check "PMTU: MN's route to CN's I-LV learnt mtu 1280" \
	sh -c "ip -n $MN -6 route get $CN_ILV from $MN_ILV | grep -q 'mtu 1280'"

# ---- locators follow MN's addresses (a /64 with MN's NID as its identifier) ----
locs() { ip -n $MN -j ilnp show | jq -r '[.[0].locators[].locator] | join(" ")'; }
u0=$(counter $MN updates-sent)
ip -n $MN addr add 2001:db8:e::a/64 dev mn-b nodad
eq "address 2001:db8:e::a/64 added: locator e follows" "2001:db8:b::/64 2001:db8:e::/64" "$(locs)"
ip -n $MN addr add 2001:db8:e::77/64 dev mn-b nodad
eq "an address whose identifier is not MN's NID makes no locator" \
	"2001:db8:b::/64 2001:db8:e::/64" "$(locs)"
ip -n $MN addr del 2001:db8:b::a/64 dev mn-b
eq "address 2001:db8:b::a/64 removed: locator b goes" "2001:db8:e::/64" "$(locs)"
gt "and correspondents were sent updates" "$u0" "$(counter $MN updates-sent)"
for i in $(seq 30); do
	[ "$(cache $CN 0:0:0:a '.locators[] | select(.state == "active") | .locator')" = 2001:db8:e::/64 ] &&
		break
	sleep 0.2
done
eq "CN's ILCC: e active (learnt from the update)" "2001:db8:e::/64" \
	"$(cache $CN 0:0:0:a '.locators[] | select(.state == "active") | .locator')"
if [ "$fails" -gt 0 ]; then
	for ns in $MN $CN; do echo "# $ns: $(ip -n $ns -j seg6x stats behaviour ilnp)"; done
	echo "# R: $(ip -n $R -j seg6x stats behaviour ilnp-lrr)"
	echo "# R: $(ip -n $R -j ilnp cache show)"
	for f in $tmp/mon-*; do sed "s|^|# ${f##*/}: |" $f; done
fi
tap_end
