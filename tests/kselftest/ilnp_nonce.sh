#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 nonces on data packets (RFC 6744) and the Parameter Problem probe
# (seg6x "ilnp"). Topology: lib/ilnp_topo.sh (MN in a, stock router R, CN
# in c), R's link to CN at MTU 1280 from the start.
#
# ILNP peer: the first 8 packets of the session each way carry the nonce
# option (counted by ip6tables on R: a Destination Options header in
# transit), the peer checks and removes it (nonces-received) and answers;
# a 100000-byte TCP transfer as the session's first flow crosses the
# 1280-byte link (the option is only added where it fits); after 8 packets
# no more nonces; a packet with a wrong nonce (scapy, on the wire) is
# dropped and counted as bad-nonce.
# Stock peer: R (no ILNP) made MN's correspondent: MN's first TCP SYN to it
# carries the nonce, R answers with a Parameter Problem, MN marks R
# fallback (ip ilnp cache show, counter fallbacks) and consumes the error,
# the SYN is sent again without a nonce and the connection carries its data;
# pings to R then go plain, all answered.
# R gains ILNP (a NID, MN as its peer): after fallback-retry (2 s here,
# 600 by default) MN tries R again: its Locator Update, the new probe, is
# acknowledged by R, R is no longer a fallback peer, and MN's next packets
# to R carry the nonce, which R verifies.
# ip ilnp monitor (JSON) on CN reports the wrong nonces as data-refused,
# bad-nonce, with MN's NID; on MN it reports R's fallback, then the retry.
. "$(dirname "$0")/lib/ilnp_topo.sh"
ilnp_begin
ip -n $R link set r-c mtu 1280
x $R ip6tables -A FORWARD -m ipv6header --soft --header dst -j ACCEPT
onwire() { x $R ip6tables -nvxL FORWARD | awk '/ACCEPT/ && $1 ~ /^[0-9]+$/ { print $1 }'; }

# ---- ILNP peer: nonces on the session's first packets ----
x $CN sh -c "timeout 60 nc -6 -l $CN_ILV 7003 | wc -c > $tmp/pmtu" &
nc_pid=$!
for _ in $(seq 50); do x $CN ss -Hlnt "sport = :7003" | grep -q . && break; sleep 0.1; done
head -c 100000 /dev/zero | x $MN timeout 50 nc -6 -N -s $MN_ILV $CN_ILV 7003
wait $nc_pid
eq "TCP, the session's first flow: 100000 bytes cross the 1280-byte link with nonces on" \
	100000 "$(cat $tmp/pmtu)"
check "MN's route to CN's I-LV learnt mtu 1280 (PMTU discovery)" \
	sh -c "ip -n $MN -6 route get $CN_ILV from $MN_ILV | grep -q 'mtu 1280'"
check "ping CN's I-LV from MN's I-LV, 10 echoes (the rest of the first 8 packets)" \
	x $MN ping -6 -c 10 -i 0.2 -W 2 -I $MN_ILV $CN_ILV
eq "MN put its nonce on its first 8 packets to CN" 8 "$(counter $MN nonces-sent)"
eq "CN put its nonce on its first 8 packets to MN" 8 "$(counter $CN nonces-sent)"
eq "CN verified and removed MN's 8 nonces" 8 "$(counter $CN nonces-received)"
eq "MN verified and removed CN's 8 nonces" 8 "$(counter $MN nonces-received)"
eq "R forwarded 16 packets with a Destination Options header" 16 "$(onwire)"
check "3 more echoes" x $MN ping -6 -c 3 -i 0.2 -W 2 -I $MN_ILV $CN_ILV
eq "no more nonces after the first 8" "8 16" "$(counter $MN nonces-sent) $(onwire)"
eq "CN learnt MN's nonce from its data packets" \
	"$(cache $MN 0:0:0:c .nonce_local)" "$(cache $CN 0:0:0:a .nonce_remote)"
eq "neither side fell back" "false false" \
	"$(cache $MN 0:0:0:c .fallback) $(cache $CN 0:0:0:a .fallback)"

# a wrong nonce, on the wire from MN's side of a
mon_start cn $CN -j
mon_start mn $MN -j
check "ip -j ilnp monitor on CN and MN listening" mon_ready $CN cn mn
d0=$(drop $CN bad-nonce)
rmac=$(ip -n $R -j link show r-a | jq -r '.[0].address')
x $MN $PY -c "
from scapy.layers.l2 import Ether
from scapy.layers.inet6 import IPv6, IPv6ExtHdrDestOpt, HBHOptUnknown, ICMPv6EchoRequest
from scapy.sendrecv import sendp
p = (Ether(dst='$rmac') / IPv6(src='$MN_ILV', dst='$CN_ILV') /
     IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x8b, optdata=b'\x01\x02\x03\x04')]) /
     ICMPv6EchoRequest(id=77, seq=1))
sendp(p, iface='mn-a', count=3, verbose=False)" 2>&1 | sed 's/^/# /'
for _ in $(seq 20); do [ "$(drop $CN bad-nonce)" -ge $((d0 + 3)) ] && break; sleep 0.1; done
eq "3 echo requests with a wrong nonce: CN dropped them as bad-nonce" $((d0 + 3)) \
	"$(drop $CN bad-nonce)"

# ---- stock peer: R answers the nonce with a Parameter Problem ----
il $MN peer add 0:0:0:1 locator 2001:db8:a::/64
x $R sh -c "timeout 30 nc -6 -l 2001:db8:a::1 7010 > $tmp/stock" &
nc_pid=$!
for _ in $(seq 50); do x $R ss -Hlnt "sport = :7010" | grep -q . && break; sleep 0.1; done
echo "to a stock host" | x $MN timeout 25 nc -6 -N -s $MN_ILV 2001:db8:a::1 7010
wait $nc_pid
eq "TCP to the stock peer R: the connection works, its data arrives" "to a stock host" \
	"$(cat $tmp/stock)"
eq "MN fell back to plain IPv6 for R (ip -j ilnp cache show)" "true" \
	"$(cache $MN 0:0:0:1 .fallback)"
check "ip ilnp cache show (text) says fallback true for R" \
	sh -c "ip -n $MN ilnp cache show | grep '^peer 0:0:0:1 ' | grep -q ' fallback true'"
eq "MN counted one fallback" 1 "$(counter $MN fallbacks)"
n0=$(counter $MN nonces-sent)
check "ping R from MN's I-LV: every echo answered" x $MN ping -6 -c 3 -W 2 -I $MN_ILV 2001:db8:a::1
eq "and sent without a nonce" "$n0" "$(counter $MN nonces-sent)"
eq "CN is still an ILNP peer" "false" "$(cache $MN 0:0:0:c .fallback)"

# ---- the stock peer gains ILNP: tried again after fallback-retry ----
eq "ip ilnp show: fallback-retry 600 by default" 600 \
	"$(ip -n $MN -j ilnp show | jq -r '.[0].fallback_retry')"
il $R nid add 0:0:0:1 locator 2001:db8:a::/64
il $R peer add 0:0:0:a locator 2001:db8:a::/64
il $MN set fallback-retry 2
eq "ip ilnp show (text) prints it" "fallback-retry 2" \
	"$(il $MN show | head -1 | grep -o 'fallback-retry [0-9]*')"
for _ in $(seq 100); do
	[ "$(cache $MN 0:0:0:1 '"\(.fallback) \(.lu_pending)"')" = "false false" ] && break
	sleep 0.1
done
eq "after fallback-retry R is an ILNP peer again, MN's update acknowledged" "false false" \
	"$(cache $MN 0:0:0:1 '"\(.fallback) \(.lu_pending)"')"
gt "R accepted MN's update (the new probe)" 0 "$(counter $R updates-received)"
eq "and no second fallback" 1 "$(counter $MN fallbacks)"
check "ping R from MN's I-LV" x $MN ping -6 -c 3 -i 0.2 -W 2 -I $MN_ILV 2001:db8:a::1
gt "R verified MN's nonce on them" 0 "$(counter $R nonces-received)"
mon_wait mn '"event":"fallback-retried"'
mon_stop
eq "ip ilnp monitor on CN: 3 data-refused, bad-nonce, from MN's NID at a" \
	"3 bad-nonce 0:0:0:a 2001:db8:a::/64" \
	"$(jq -s -r '[.[] | select(.event == "data-refused")] | "\(length) \(.[0].reason) \(.[0].peer) \(.[0].locator)"' $tmp/mon-cn)"
eq "ip ilnp monitor on MN: fallback for R, then the retry" \
	"fallback 0:0:0:1 2001:db8:a::/64,fallback-retried 0:0:0:1 null" \
	"$(jq -s -r '[.[] | select(.event | startswith("fallback"))] | map("\(.event) \(.peer) \(.locator)") | join(",")' $tmp/mon-mn)"
if [ "$fails" -gt 0 ]; then
	for ns in $MN $CN; do echo "# $ns: $(ip -n $ns -j seg6x stats behaviour ilnp)"; done
	echo "# MN: $(ip -n $MN -j ilnp cache show)"
fi
tap_end
