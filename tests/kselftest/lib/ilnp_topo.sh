# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The ILNPv6 test topology, sourced by tests/kselftest/ilnp*.sh:
#
#            a: 2001:db8:a::/64
#   +----+ mn-a ---------------- r-a +---+ r-c    c: 2001:db8:c::/64   +----+
#   | MN |                            | R |-------------------- cn-c  | CN |
#   +----+ mn-b ---------------- r-b +---+                            +----+
#            b: 2001:db8:b::/64       (stock IPv6 router, no ILNP)
#
#   MN: NID 0:0:0:a, home I-LV 2001:db8:a::a (on lo; sockets use it
#       throughout), 2001:db8:a::99 on mn-a is a plain IPv6 address (no NID:
#       the baseline)
#   CN: NID 0:0:0:c, I-LV 2001:db8:c::c; each is the other's ILCC peer
#
# A test starts with two lines:
#   . "$(dirname "$0")/lib/ilnp_topo.sh"     (set -u, lib/tap.sh, HERE)
#   ilnp_begin                               (trap, skips, topology, "ok setup")
# ilnp_begin builds it with MN in a (ilnp_topo_up; ilnp_topo_down removes
# it and $tmp); join_b and leave_a (after $OVERLAP s) move MN. Sets MN R CN
# (namespaces), MN_ILV CN_ILV, FLOW PY, tmp, HERE (tests/kselftest). ILNP is
# configured with the patched ip ("ip ilnp").
#
# lrr_up adds a locator rewriting relay on R and a stock host H behind it:
#
#   R ---- r-d  d: 2001:db8:d::/64  h-d ---- H (2001:db8:d::2, no ILNP)
#   R: NID 0:0:0:1 (I-LV 2001:db8:c::1), MN's correspondent (so R's ILCC
#      follows MN's Locator Updates), fc00:9::/64 action ilnp-lrr
#   H: to_relay ILV [encap|inline] sends to ILV through the relay SID
#      fc00:9::1; MN decapsulates (seg6_enabled)
set -u
# HERE: tests/kselftest (the scripts' own folder; a bench sets it first)
HERE=${HERE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
declare -F tap_end >/dev/null || . "$HERE/lib/tap.sh"
PY=/usr/bin/python3
FLOW="$PY $HERE/lib/ilnp_flow.py"
rnd=$(mktemp -u XXXXXX)
MN=ilnp-mn-$rnd R=ilnp-r-$rnd CN=ilnp-cn-$rnd H=ilnp-h-$rnd	# H: a spare
MN_ILV=2001:db8:a::a CN_ILV=2001:db8:c::c
tmp=$(mktemp -d)

x() { local n=$1; shift; ip netns exec "$n" "$@"; }
# stat NS JQ: the ilnp row of ip -j seg6x stats, through jq
stat() { ip -n "$1" -j seg6x stats behaviour ilnp | jq -r ".[0] | $2"; }
counter() { stat "$1" ".counters[\"${2//-/_}\"] // 0"; }	# JSON keys: - -> _
drop() { stat "$1" ".drops[\"${2//-/_}\"] // 0"; }
eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (want $2, got $3)"; fi; }
gt() { if [ "$3" -gt "$2" ] 2>/dev/null; then ok "$1"; else nok "$1 (want > $2, got $3)"; fi; }
# il NS ARGS...: ip ilnp in the namespace
il() { local n=$1; shift; ip -n "$n" ilnp "$@"; }
# cache NS NID JQ: one ILCC entry (ip -j ilnp cache show) through jq
cache() { ip -n "$1" -j ilnp cache show | jq -r ".[] | select(.nid == \"$2\") | $3"; }

# mon_start NAME NS [-j]: "ip [-j] ilnp monitor" in NS, into $tmp/mon-NAME,
# in the background; mon_wait NAME ERE [TENTHS]: until a line matches (10 s
# at most); mon_stop: end them all. A monitor prints nothing before its
# first event: mon_ready NS NAME... pokes NS (its first locator's lifetime,
# which sends updates to its peers) until each NAME saw it.
mon_pids=
mon_start() {
	ip -n "$2" ${3:-} ilnp monitor > "$tmp/mon-$1" 2>&1 &
	mon_pids="$mon_pids $!"
}
mon_wait() {
	for _ in $(seq ${3:-100}); do
		grep -qE -- "$2" "$tmp/mon-$1" && return 0
		sleep 0.1
	done
	return 1
}
mon_stop() {
	[ -n "$mon_pids" ] && kill $mon_pids 2>/dev/null && wait $mon_pids 2>/dev/null
	mon_pids=
	return 0
}

mon_ready() {
	local ns=$1 lt l64 n
	shift
	l64=$(ip -n "$ns" -j ilnp show | jq -r '.[0].locators[0] | "\(.locator) \(.pref)"')
	for lt in $(seq 65000 -1 64990); do
		ip -n "$ns" ilnp locator add ${l64% *} pref ${l64#* } lifetime $lt
		for n in "$@"; do mon_wait $n "lifetime.{0,3}$lt" 20 || continue 2; done
		return 0
	done
	return 1
}

ilnp_topo_down() {
	local ns
	mon_stop
	for ns in $MN $R $CN $H; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$tmp"
	return 0
}

# ilnp_begin [SETUP MESSAGE]: a script's start, after sourcing this file:
# cleanup on exit, skip without root or the behaviour, then the topology
# (SETUP, default ilnp_topo_up; a failed setup ends the script)
ilnp_begin() {
	trap ilnp_topo_down EXIT
	[ "$(id -u)" = 0 ] || skip "needs root"
	ip seg6x show 2>/dev/null | grep -qw ilnp || skip "seg6x.ko without the ilnp behaviour"
	if ! ${1:-ilnp_topo_up} >/dev/null; then nok "setup"; tap_end; exit 1; fi
	ok "${2:-setup: MN, R, CN; ILNP on MN and CN (nid, locators, peers)}"
}

ilnp_topo_up() {
	local ns
	for ns in $MN $R $CN; do
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		x "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.forwarding=0 >/dev/null
	done
	x $R sysctl -qw net.ipv6.conf.all.forwarding=1 >/dev/null
	ip link add mn-a netns $MN type veth peer name r-a netns $R
	ip link add mn-b netns $MN type veth peer name r-b netns $R
	ip link add cn-c netns $CN type veth peer name r-c netns $R
	ip -n $R addr add 2001:db8:a::1/64 dev r-a nodad
	ip -n $R addr add 2001:db8:b::1/64 dev r-b nodad
	ip -n $R addr add 2001:db8:c::1/64 dev r-c nodad
	for d in r-a r-b r-c; do ip -n $R link set $d up; done
	ip -n $CN addr add $CN_ILV/64 dev cn-c nodad
	ip -n $CN link set cn-c up
	ip -n $CN -6 route add default via 2001:db8:c::1
	# MN starts in a: its home I-LV lives on lo, the wire address on mn-a
	ip -n $MN addr add $MN_ILV/128 dev lo
	ip -n $MN addr add 2001:db8:a::a/64 dev mn-a nodad
	ip -n $MN addr add 2001:db8:a::99/64 dev mn-a nodad	# plain IPv6 baseline
	ip -n $MN link set mn-a up
	# source-specific routes pick the interface of the locator after the
	# rewrite; the stack's own lookup (from the home I-LV) needs a route
	# that outlives a: a default per network (a subtree shadows same-prefix
	# routes without "from")
	ip -n $MN -6 route add 2001:db8:c::/64 via 2001:db8:a::1 dev mn-a from 2001:db8:a::/64
	ip -n $MN -6 route add default via 2001:db8:a::1 dev mn-a metric 1000
	# senders compute checksums in software: veth would hide pseudo-header bugs
	for d in mn-a mn-b; do x $MN ethtool -K $d tx off >/dev/null 2>&1; done
	x $CN ethtool -K cn-c tx off >/dev/null 2>&1
	il $MN nid add 0:0:0:a locator 2001:db8:a::/64 &&
	il $MN locator add 2001:db8:a::/64 pref 10 &&
	il $MN peer add 0:0:0:c locator 2001:db8:c::/64 &&
	il $CN nid add 0:0:0:c locator 2001:db8:c::/64 &&
	il $CN locator add 2001:db8:c::/64 &&
	il $CN peer add 0:0:0:a locator 2001:db8:a::/64
}

lrr_up() {
	ip netns add $H || return 1
	ip link add h-d netns $H type veth peer name r-d netns $R
	ip -n $H link set lo up
	ip -n $H addr add 2001:db8:d::2/64 dev h-d nodad
	ip -n $R addr add 2001:db8:d::1/64 dev r-d nodad
	ip -n $H link set h-d up
	ip -n $R link set r-d up
	x $H ethtool -K h-d tx off >/dev/null 2>&1
	ip -n $H -6 route add default via 2001:db8:d::1
	for d in all mn-a mn-b; do x $MN sysctl -qw net.ipv6.conf.$d.seg6_enabled=1; done
	il $R nid add 0:0:0:1 locator 2001:db8:c::/64 &&
	il $R peer add 0:0:0:a locator 2001:db8:a::/64 &&
	il $MN peer add 0:0:0:1 locator 2001:db8:c::/64 &&
	ip -n $R -6 route add fc00:9::/64 encap seg6local action ilnp-lrr dev r-c
}

# to_relay ILV [MODE]: H's route to ILV goes through the relay
to_relay() {
	local segs=fc00:9::1,$1

	[ "${2:-encap}" = inline ] && segs=fc00:9::1
	ip -n $H -6 route replace $1/128 encap seg6 mode ${2:-encap} segs $segs \
		via 2001:db8:d::1 dev h-d
}

# join_b [PREF]: routes first ("onlink"): the address makes b a locator at
# once, of the default preference 10, as preferred as a, so some flows take
# it before "locator add" gives it PREF (default 5)
join_b() {
	ip -n $MN link set mn-b up
	ip -n $MN -6 route replace 2001:db8:c::/64 via 2001:db8:b::1 dev mn-b from 2001:db8:b::/64 onlink
	ip -n $MN -6 route replace default via 2001:db8:b::1 dev mn-b metric 500 onlink
	ip -n $MN addr add 2001:db8:b::a/64 dev mn-b nodad
	il $MN locator add 2001:db8:b::/64 pref ${1:-5}
}

leave_a() {
	il $MN locator del 2001:db8:a::/64
	sleep $OVERLAP
	ip -n $MN link set mn-a down
}

