#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The St Andrews ILNPv6 experiment (seg6x "ilnp"): a mobile node MN and a
# router R on three networks a, b, c, the correspondent CN in b
# (lib/ilnp_ring.sh draws it). MN joins the next network every MOVE s and
# leaves the previous one OVERLAP s later, round the ring a -> b -> c -> a.
# Traffic, as in the paper: one 1396-byte UDP datagram every 10 ms each
# way, an 8-byte sequence number first; a TCP stream MN -> CN and a ping
# beside them; and a plain IPv6 UDP flow each way between CN and MN's a
# address, the baseline that breaks. Two phases in one run:
#   soft  SOFT_MOVES moves, make before break: no datagram lost, duplicated
#         or reordered either way, TCP intact, every echo answered; the
#         plain IPv6 flow loses what arrives while MN is away from a
#   hard  handoff hard, HARD_MOVES moves, break before make (R's end of
#         the old link goes down, then MN joins the next network): TCP
#         survives, UDP loses datagrams and resumes; the gaps are printed
# Both: traffic really crossed each network, CN's ILCC ends on MN's network.
# Gaps (printed, never asserted: tests do not assert timings) are the
# longest time a receiver got nothing after each join (soft) or break
# (hard); under TCG the guest itself stalls for hundreds of ms.
#
# The same script at two lengths (environment):
#   make check  ILNP_MOVE=2 ILNP_OVERLAP=1 ILNP_SOFT_MOVES=3 ILNP_HARD_MOVES=2
#               (the defaults: a -> b -> c -> a soft, a -> b -> c hard; about
#               15 s of traffic on paper, a minute or two in a loaded TCG
#               guest, where each move's ip commands take seconds)
#   make demo   tests/demo/ilnp.sh: the paper's 20 s / 10 s for 500 s, with
#               ILNP_OUT=build/demo/ilnp, then plots from what it logged
# ILNP_OUT keeps the logs (PHASE.events, PHASE.udp-mn = what MN received,
# "UNIXTIME SEQ", ..., PHASE.tcp, PHASE.ifaces; lib/ilnp_exp.py reads them).
. "$(dirname "$0")/lib/ilnp_topo.sh"
MOVE=${ILNP_MOVE:-2}
RING_OVERLAP=${ILNP_OVERLAP:-1}
SOFT_MOVES=${ILNP_SOFT_MOVES:-3}
HARD_MOVES=${ILNP_HARD_MOVES:-2}
OUT=${ILNP_OUT:-$tmp/out}
mkdir -p "$OUT"
. "$HERE/lib/ilnp_ring.sh"
EXP="$PY $HERE/lib/ilnp_exp.py"
ilnp_begin ring_up "setup: MN in a, R on a, b, c, CN in b (MOVE $MOVE s, OVERLAP $RING_OVERLAP s)"

j() { jq -r "$2" < "$OUT/$1.json"; }
sent() { j $1 .sent; }
lost() { echo $(( $(sent $2) - $(j $1 .received) )); }	# lost RECEIVER SENDER
# gaps PHASE LOG: the gap at one receiver around each move (lib/ilnp_exp.py;
# soft: from each join, hard: from each break)
gaps() {
	local kind=join
	[ $1 = hard ] && kind=break
	$EXP gap "$OUT/$1.$2" "$OUT/$1.events" $kind | jq -c .gaps_ms
}
# tx NET: packets MN sent through network NET
tx() { ip -n $MN -j -s link show mn-$1 | jq -r '.[0].stats64.tx.packets'; }
pings() {	# pings PHASE: "received transmitted"
	echo "$(sed -n 's/.* \([0-9]*\) received.*/\1/p' $OUT/$1.ping)" \
		"$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' $OUT/$1.ping)"
}
active() { cache $CN 0:0:0:a '.locators[] | select(.state == "active") | .locator'; }

# ---- soft handoff: make before break ----
t0=$(date +%s)
RING_FLOWS=ilnp ring_phase soft soft "$SOFT_MOVES" 5010
echo "# soft: $SOFT_MOVES moves in $(( $(date +%s) - t0 )) s, MN in $RING_AT"
for f in udp-mn udp-cn plain-mn plain-cn tcp-server tcp-client; do
	echo "# soft $f: $(cat $OUT/soft.$f.json)"
done
eq "soft: UDP MN -> CN: all $(sent soft.udp-mn) received, none duplicated or reordered" \
	"$(sent soft.udp-mn) 0 0" "$(j soft.udp-cn '"\(.received) \(.dups) \(.reordered)"')"
eq "soft: UDP CN -> MN: all $(sent soft.udp-cn) received, none duplicated or reordered" \
	"$(sent soft.udp-cn) 0 0" "$(j soft.udp-mn '"\(.received) \(.dups) \(.reordered)"')"
eq "soft: TCP stream MN -> CN intact, never reset" "true null null" \
	"$(j soft.tcp-server '"\(.ok) \(.error)"') $(j soft.tcp-client .error)"
gt "soft: TCP carried data across the moves" 100000 "$(j soft.tcp-server .bytes)"
set -- $(pings soft)
gt "soft: ping: every echo answered but the one in flight at the end ($1 of $2)" \
	"$(( ${2:-0} - 2 ))" "${1:-0}"
plain=$(( $(lost soft.plain-mn soft.plain-cn) + $(lost soft.plain-cn soft.plain-mn) ))
gt "soft: baseline: plain IPv6 to and from MN's a address loses datagrams ($plain)" 50 "$plain"
echo "# soft: UDP gaps around the joins (ms): at MN $(gaps soft udp-mn), at CN $(gaps soft udp-cn); TCP at CN $(gaps soft tcp)"
for net in a b c; do
	gt "soft: MN's traffic really left through network $net" 100 "$(tx $net)"
done
eq "soft: CN's ILCC: MN's locator $RING_AT active" "2001:db8:$RING_AT::/64" "$(active)"
gt "soft: CN accepted MN's Locator Updates" "$SOFT_MOVES" "$(counter $CN updates-received)"

# ---- hard handoff: break before make ----
il $MN set handoff hard
RING_FLOWS=ilnp ring_phase hard hard "$HARD_MOVES" 5020
echo "# hard: $HARD_MOVES moves, MN in $RING_AT"
for f in udp-mn udp-cn tcp-server tcp-client; do
	echo "# hard $f: $(cat $OUT/hard.$f.json)"
done
tcp_gaps=$(gaps hard tcp)
echo "# hard: gaps after each break (ms): UDP at MN $(gaps hard udp-mn), at CN $(gaps hard udp-cn); TCP at CN $tcp_gaps"
eq "hard: TCP stream MN -> CN survives, never reset" "true null null" \
	"$(j hard.tcp-server '"\(.ok) \(.error)"') $(j hard.tcp-client .error)"
gt "hard: CN -> MN loses datagrams sent to the dead locator" 0 "$(lost hard.udp-mn hard.udp-cn)"
gt "hard: and resumes (received one of the last 50 sent)" "$(( $(sent hard.udp-cn) - 50 ))" \
	"$(j hard.udp-mn '.last // 0')"
gt "hard: MN -> CN resumes (received one of the last 50 sent)" "$(( $(sent hard.udp-mn) - 50 ))" \
	"$(j hard.udp-cn '.last // 0')"
eq "hard: the TCP gap is measured after every break" "$HARD_MOVES" \
	"$(echo "$tcp_gaps" | jq length)"
eq "hard: CN's ILCC: MN's locator $RING_AT active" "2001:db8:$RING_AT::/64" "$(active)"
eq "hard: MN has one locator (the new one replaced the others)" "2001:db8:$RING_AT::/64" \
	"$(ip -n $MN -j ilnp show | jq -r '[.[0].locators[].locator] | join(" ")')"
cat "$OUT"/*.events | sed 's/^/# events: /'
for ns in $MN $CN; do echo "# drops: $(ip -n $ns -j seg6x stats behaviour ilnp | jq -c '.[0].drops')"; done
if [ "$fails" -gt 0 ]; then
	for ns in $MN $CN; do echo "# $ns: $(ip -n $ns -j seg6x stats behaviour ilnp)"; done
	echo "# CN: $(ip -n $CN -j ilnp cache show)"
fi
tap_end
