#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 handoffs against what a Linux user would do instead, run inside
# the VM by `make bench`, on the St Andrews experiment's topology
# (lib/ilnp_ring.sh: MN and R on networks a, b, c, CN in b) with its moves
# (tests/kselftest/ilnp_move.sh; MOVE 2 s, OVERLAP 1 s, MOVES moves per run):
#
#   ilnp_soft_handoff_lost  packets  UDP datagrams lost (both ways, 1396 B
#                                    every 10 ms) across soft handoffs,
#                                    baseline "plain IPv6": the same flows
#                                    to and from MN's a address (lost while
#                                    MN is away from a)
#   ilnp_tcp_move_gap       ms       the longest time CN's TCP receiver got
#                                    nothing, around a soft handoff (the
#                                    largest over the moves; from each join
#                                    to the next), baseline "MPTCP": the same
#                                    moves with an MPTCP connection from MN's
#                                    X::99 addresses, `ip mptcp endpoint add`
#                                    on each join and `del` on each leave
#   ilnp_hard_handoff_gap   ms       the same after hard handoffs (R's end of
#                                    the old link dies, then MN joins the
#                                    next network; from each break to the
#                                    next), baseline "MPTCP" likewise
#
# Gaps are read from the receiver's timestamps (lib/ilnp_exp.py gap); the
# TCP sender writes 8 KiB every 20 ms, so about 20 ms is no gap at all.
#   BENCH {"name": "ilnp_soft_handoff_lost", "value": X, "unit": "packets", ...}
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/tests/kselftest
. "$HERE/lib/tap.sh"
. "$HERE/lib/ilnp_topo.sh"
MOVE=2
RING_OVERLAP=1
MOVES=${MOVES:-3}
OUT=$(mktemp -d)
. "$HERE/lib/ilnp_ring.sh"
EXP="$PY $HERE/lib/ilnp_exp.py"
trap 'ilnp_topo_down; rm -rf "$OUT"' EXIT

ip seg6x show 2>/dev/null | grep -qw ilnp || { echo "# ilnp_move bench: no ilnp behaviour" >&2; exit 4; }
j() { jq -r "$2" < "$OUT/$1.json"; }
lost() { echo $(( $(j $2 .sent) - $(j $1 .received) )); }	# lost RECEIVER SENDER
gap() { $EXP gap "$OUT/$1.tcp" "$OUT/$1.events" "$2" | jq -r '.max_ms // 0'; }
# bench NAME VALUE UNIT BASELINE BASELINE_VALUE
bench() {
	printf 'BENCH {"name": "%s", "value": %s, "unit": "%s", "baseline": "%s", "baseline_value": %s, "ratio": %s}\n' \
		"$1" "$2" "$3" "$4" "$5" "$(echo "$2 $5" | awk '{ printf "%.3f", $2 ? $1 / $2 : 0 }')"
}
tcp_ok() { [ "$(j $1.tcp-server .ok)" = true ] || echo "# $1: TCP stream broken: $(cat $OUT/$1.tcp-server.json)" >&2; }

# ---- ILNP: soft, then hard ----
ring_up >/dev/null || { echo "# ilnp_move bench: topology failed" >&2; exit 1; }
RING_FLOWS=ilnp ring_phase soft soft "$MOVES" 5010
il $MN set handoff hard
RING_FLOWS=ilnp ring_phase hard hard "$MOVES" 5020
ilnp_lost=$(( $(lost soft.udp-mn soft.udp-cn) + $(lost soft.udp-cn soft.udp-mn) ))
plain_lost=$(( $(lost soft.plain-mn soft.plain-cn) + $(lost soft.plain-cn soft.plain-mn) ))
tcp_ok soft
tcp_ok hard
ilnp_soft=$(gap soft join)
ilnp_hard=$(gap hard break)

# ---- MPTCP: the same moves, a fresh topology whose networks are endpoints ----
ilnp_topo_down
tmp=$(mktemp -d)
RING_AT=a RING_K=0 RING_MPTCP=1 RING_PLAIN_ALL=1
ring_up >/dev/null || { echo "# ilnp_move bench: MPTCP topology failed" >&2; exit 1; }
RING_FLOWS=mptcp ring_phase mptcp-soft soft "$MOVES" 5030
RING_FLOWS=mptcp ring_phase mptcp-hard hard "$MOVES" 5040
tcp_ok mptcp-soft
tcp_ok mptcp-hard
mptcp_soft=$(gap mptcp-soft join)
mptcp_hard=$(gap mptcp-hard break)
for p in soft hard mptcp-soft mptcp-hard; do
	echo "# $p: TCP gaps (ms) $($EXP gap "$OUT/$p.tcp" "$OUT/$p.events" join break | jq -c .gaps_ms)" \
		"bytes $(j $p.tcp-server .bytes)" >&2
done
echo "# UDP lost: ILNP $ilnp_lost, plain IPv6 $plain_lost" >&2

bench ilnp_soft_handoff_lost "$ilnp_lost" packets "plain IPv6" "$plain_lost"
bench ilnp_hard_handoff_gap "$ilnp_hard" ms MPTCP "$mptcp_hard"
bench ilnp_tcp_move_gap "$ilnp_soft" ms MPTCP "$mptcp_soft"
exit 0
