#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ip_seg6x.sh: the patched ip against a kernel with seg6x.ko loaded.
#
#   +--------+ veth   +-------------------------+ veth   +----------+
#   | sender |--------| node  SID fc00:ff::e    |--------| receiver |
#   +--------+        |  action seg6x-end count |        +----------+
#  2001:db8:1::1   2001:db8:1::2         2001:db8:2::1   2001:db8:2::2
#
# The sender reaches the receiver with "encap seg6 mode encap segs
# SID,receiver": the node runs seg6x-end on the SID (End: next segment),
# the receiver decapsulates (seg6_enabled, segments left 0) and answers the
# ping over plain routing. Checks ip's seg6x parse/print/JSON, "ip seg6x",
# the counters and that bad input is refused and changes nothing.
#
# Needs root, the patched ip first in PATH and seg6x.ko loaded; exits 4
# (skip) otherwise. Output is TAP.
set -u

SID=fc00:ff::e
SID2=fc00:ff::c
rnd=$(mktemp -u XXXXXX)
snd=s6x-snd-$rnd node=s6x-node-$rnd rcv=s6x-rcv-$rnd
. "$(dirname "$0")/lib/tap.sh"

cleanup() {
	local ns
	for ns in $snd $node $rcv; do
		ip netns del "$ns" 2>/dev/null
	done
}

# routes_of NS: the IPv6 routes of NS, for "changes nothing" checks
routes_of() { ip -n "$1" -6 route show table all; }

# stat_of NS FIELD: a field of seg6x-end in "ip -j seg6x stats"
stat_of() {
	ip -n "$1" -j seg6x stats behaviour seg6x-end |
		grep -o "\"$2\":[0-9]*" | head -n 1 | cut -d: -f2
}

setup() {
	local ns
	for ns in $snd $node $rcv; do
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	ip link add s0 netns $snd type veth peer name n0 netns $node || return 1
	ip link add n1 netns $node type veth peer name r0 netns $rcv || return 1
	ip -n $snd addr add 2001:db8:1::1/64 dev s0 nodad
	ip -n $node addr add 2001:db8:1::2/64 dev n0 nodad
	ip -n $node addr add 2001:db8:2::1/64 dev n1 nodad
	ip -n $rcv addr add 2001:db8:2::2/64 dev r0 nodad
	ip -n $snd link set s0 up
	ip -n $node link set n0 up
	ip -n $node link set n1 up
	ip -n $rcv link set r0 up

	ip netns exec $node sysctl -qw net.ipv6.conf.all.forwarding=1 \
		net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.n0.seg6_enabled=1
	ip netns exec $rcv sysctl -qw net.ipv6.conf.all.seg6_enabled=1 \
		net.ipv6.conf.r0.seg6_enabled=1

	ip -n $snd -6 route add fc00:ff::/64 via 2001:db8:1::2 dev s0
	ip -n $snd -6 route add 2001:db8:2::2/128 \
		encap seg6 mode encap segs $SID,2001:db8:2::2 via 2001:db8:1::2 dev s0
	ip -n $rcv -6 route add default via 2001:db8:2::1 dev r0

	# warm the neighbour caches so the SID ping needs no ND (slow in TCG)
	ip netns exec $snd ping -6 -c 1 -W 5 2001:db8:1::2 >/dev/null &&
		ip netns exec $rcv ping -6 -c 1 -W 5 2001:db8:2::1 >/dev/null
}

[ "$(id -u)" = 0 ] || skip "needs root"
ip seg6x help 2>&1 | grep -q "ip seg6x stats" || skip "ip in PATH has no seg6x support"
out=$(ip seg6x show 2>&1) || skip "seg6x not usable: $out"
echo "$out" | grep -q "behaviour seg6x-end" || skip "kernel has no seg6x-end"

echo "TAP version 13"
trap cleanup EXIT
setup || { echo "Bail out! topology setup failed"; exit 1; }

# --- ip seg6x ---
check "ip seg6x show lists seg6x-end with a description" \
	sh -c "ip -n $node seg6x show | grep -qE '^behaviour seg6x-end id [0-9]+: .'"
check "ip seg6x show prints version and abi" \
	sh -c "ip -n $node seg6x show | grep -qE '^version .+ abi [0-9]+'"
check "ip -j seg6x show is JSON with seg6x-end" \
	sh -c "ip -n $node -j seg6x show | grep -q '\"name\":\"seg6x-end\"'"
check "ip seg6x stats lists seg6x-end" \
	sh -c "ip -n $node seg6x stats | grep -q '^behaviour seg6x-end'"
check "ip -j seg6x stats behaviour seg6x-end has packets/bytes/drops" \
	sh -c "ip -n $node -j seg6x stats behaviour seg6x-end | grep -q '\"packets\":.*\"bytes\":.*\"drops\":{'"
# issue 13: one JSON style (snake_case keys, as iproute2's), no placeholder
check "ip -j seg6x stats: keys are snake_case (no dash in any key)" \
	sh -c "ip -n $node -j seg6x stats | grep -q '\"packets\"' &&
		! ip -n $node -j seg6x stats | grep -oE '\"[a-z0-9_-]+\":' | grep -q -- -"
check "ip seg6x stats: no placeholder row 'behaviour none' while it counted nothing" \
	sh -c "! ip -n $node seg6x stats | grep -q '^behaviour none'"
check "ip -j seg6x stats keeps the row none for scripts" \
	sh -c "ip -n $node -j seg6x stats | grep -q '\"behaviour\":\"none\"'"
check "ip seg6x stats: nothing dropped reads 'drops none'" \
	sh -c "ip -n $node seg6x stats behaviour seg6x-end | grep -qx '    drops none'"
check "ip route help lists seg6x-end" \
	sh -c "ip route help 2>&1 | grep -qE '^SEG6X_ACTION := \\{.*seg6x-end'"

# --- bad input changes nothing ---
before=$(routes_of $node)
refuse "unknown action keeps upstream's error" '"action" value is invalid' \
	ip -n $node -6 route add $SID2/128 encap seg6local action seg6x-nosuch dev n1
refuse "seg6x action plus endpoint is a duplicate" 'duplicate' \
	ip -n $node -6 route add $SID2/128 encap seg6local action seg6x-end \
		endpoint obj /nonexistent.o sec x dev n1
refuse "ip seg6x stats behaviour NOSUCH" 'behaviour "nosuch" is not available' \
	ip -n $node seg6x stats behaviour nosuch
refuse "ip seg6x stats reset behaviour NOSUCH" 'behaviour "nosuch" is not available' \
	ip -n $node seg6x stats reset behaviour nosuch
refuse "ip seg6x stats behaviour (missing name)" 'not complete' \
	ip -n $node seg6x stats behaviour
refuse "ip seg6x stats unknown keyword" 'unknown argument "bogus"' \
	ip -n $node seg6x stats bogus
refuse "ip seg6x unknown command" 'unknown' ip -n $node seg6x bogus
refuse "ip seg6x show with extra argument" 'unexpected argument' \
	ip -n $node seg6x show extra
# actions ip embeds but this kernel lacks must be refused by name
for a in $(ip route help 2>&1 | sed -n 's/^SEG6X_ACTION := { \(.*\) }.*/\1/p' | tr -d '|'); do
	ip -n $node seg6x show | grep -q "^behaviour $a " && continue
	refuse "action $a missing in this kernel is refused" "behaviour \"$a\" is not available" \
		ip -n $node -6 route add $SID2/128 encap seg6local action $a dev n1
done
check "bad input left the routes unchanged" test "$before" = "$(routes_of $node)"

# --- route add/show/-j/del ---
check "ip -6 route add SID encap seg6local action seg6x-end count" \
	ip -n $node -6 route add $SID/128 encap seg6local action seg6x-end count dev n1
check "route prints as action seg6x-end" \
	sh -c "ip -n $node -6 route show $SID | grep -q 'encap seg6local action seg6x-end dev n1'"
check "route does not print as End.BPF" \
	sh -c "! ip -n $node -6 route show $SID | grep -q 'End.BPF'"
check "-j prints \"action\":\"seg6x-end\"" \
	sh -c "ip -n $node -j -6 route show $SID | grep -q '\"action\":\"seg6x-end\"'"
check "-s prints the seg6local counters" \
	sh -c "ip -n $node -s -6 route show $SID | grep -q 'action seg6x-end packets 0 bytes 0 errors 0'"
check "a second seg6x-end route without count" \
	ip -n $node -6 route add $SID2/128 encap seg6local action seg6x-end dev n1
check "ip -6 route del of the second route" ip -n $node -6 route del $SID2/128 dev n1
check "the second route is gone" \
	sh -c "test -z \"\$(ip -n $node -6 route show $SID2)\""

# --- datapath ---
ip -n $node seg6x stats reset >/dev/null 2>&1
check "ping crosses the seg6x-end SID and is answered" \
	ip netns exec $snd ping -6 -c 1 -W 2 2001:db8:2::2
check "ip seg6x stats counted the packet" \
	test "$(stat_of $node packets)" -ge 1
check "ip seg6x stats counted bytes" test "$(stat_of $node bytes)" -ge 100
check "seg6local route counter counted the packet" \
	sh -c "ip -n $node -s -j -6 route show $SID | grep -qE '\"packets\":[1-9]'"
check "ip seg6x stats reset behaviour seg6x-end" \
	ip -n $node seg6x stats reset behaviour seg6x-end
check "counters are zero after reset" test "$(stat_of $node packets)" = 0
check "ip -6 route del SID" ip -n $node -6 route del $SID/128 dev n1
refuse "ping fails without the SID route" '' \
	ip netns exec $snd ping -6 -c 1 -W 1 2001:db8:2::2

tap_end
