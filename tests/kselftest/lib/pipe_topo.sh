# SPDX-License-Identifier: GPL-2.0-only
# The pipe tests' topology and helpers, with lib/tap.sh: a pipe test sets
# HERE (its folder) and set -u, sources this and sets its EXIT trap.
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# The client reaches the server's port 8080 through "encap seg6 mode inline
# segs <pipe SIDs>" (via SEGS). One server runs for the whole script
# (pipe_serve): it stores connection k's bytes in $tmp/srv.k, echoes them
# and marks $tmp/srv.k.done. Transmit checksum offload is off on the
# client, or a pseudo-header bug would hide behind veth.
PY=/usr/bin/python3
PIPE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$PIPE_LIB/tap.sh"
REPO=$(cd "$PIPE_LIB/../../.." && pwd)
RUN=$REPO/build/bin/pipe-run
PEER="$PY $PIPE_LIB/pipe_peer.py"
PKT="$PY $PIPE_LIB/pipe_pkt.py"
rnd=$(mktemp -u XXXXXX)
C=pc-$rnd P=pp-$rnd S=ps-$rnd
Q=		# proxy2, pipe_setup2 only
SRV=2001:db8:2::2
tmp=$(mktemp -d)
pids=
conn=0		# connections the server has completed

# pipe_begin [run]: the checks every pipe test starts with, each failing one
# a skip with its reason: root, the kernel's pipe behaviour; with "run"
# also $RUN (build/bin/pipe-run)
pipe_begin() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	ip seg6x show 2>/dev/null | grep -q "behaviour pipe" || skip "kernel has no pipe behaviour"
	[ "${1:-}" != run ] || [ -x "$RUN" ] || skip "no $RUN (make pipe-all)"
}

pipe_cleanup() {
	local p ns
	for p in $pids; do kill "$p" 2>/dev/null; done
	for ns in $C $P $Q $S; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$tmp"
}

# pipe_ns_add NS...: namespaces with loopback up and no DAD
pipe_ns_add() {
	local ns
	for ns in "$@"; do
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
}

# pipe_empty NS...: wait up to 10 s until no proxy in NS... has a flow
pipe_empty() {
	local ns left
	for _ in $(seq 100); do
		left=
		for ns in "$@"; do
			[ "$(ip -n "$ns" -j pipe show)" = "[]" ] || left=1
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	return 1
}

pipe_setup() {
	pipe_ns_add $C $P $S || return 1
	ip link add c0 netns $C type veth peer name p0 netns $P || return 1
	ip link add p1 netns $P type veth peer name s0 netns $S || return 1
	ip -n $C addr add 2001:db8:1::1/64 dev c0 nodad
	ip -n $P addr add 2001:db8:1::2/64 dev p0 nodad
	ip -n $P addr add 2001:db8:2::1/64 dev p1 nodad
	ip -n $S addr add $SRV/64 dev s0 nodad
	ip -n $C link set c0 up
	ip -n $P link set p0 up
	ip -n $P link set p1 up
	ip -n $S link set s0 up
	ip netns exec $C ethtool -K c0 tx off >/dev/null || return 1
	ip netns exec $P sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n $C -6 route add fc00:0:1::/48 via 2001:db8:1::2 dev c0
	ip -n $P -6 route add fc00:0:1::/80 encap seg6local action pipe count dev p0 ||
		return 1
	ip netns exec $C ping -6 -c 1 -W 5 2001:db8:1::2 >/dev/null &&
		ip netns exec $S ping -6 -c 1 -W 5 2001:db8:2::1 >/dev/null
}

# via SEGS: the client's route to the server through the SIDs SEGS
via() {
	ip -n $C -6 route replace $SRV/128 encap seg6 mode inline segs "$1" \
		via 2001:db8:1::2 dev c0
}

pipe_serve() {
	ip netns exec $S $PEER serve $SRV 8080 "$tmp/srv" --echo > "$tmp/serve.log" 2>&1 &
	pids="$pids $!"
	for _ in $(seq 100); do
		grep -q listening "$tmp/serve.log" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

stats() { ip -n $P -j seg6x stats behaviour pipe; }
counter() { stats | jq -r ".[0].counters[\"${1//-/_}\"] // 0"; }	# JSON keys: - -> _
drop() { stats | jq -r ".[0].drops[\"${1//-/_}\"] // 0"; }

pipe_diag() {
	echo "# proxy sockets:"; ip netns exec $P ss -tnai | sed 's/^/#   /'
	echo "# client sockets:"; ip netns exec $C ss -tnai | sed 's/^/#   /'
	echo "# proxy nstat:"; ip netns exec $P nstat -az 2>/dev/null |
		grep -E 'InErrs|Csum|Drop|Backlog|Retrans|InSegs|OutSegs' | sed 's/^/#   /'
	echo "# route: $(ip -n $P -s -6 route show fc00:0:1::/80 | tr '\n' ' ')"
	echo "# counters: $(stats | jq -c '.[0]')"
}

# exchange IN: the client sends IN with nc and stores the echo in $tmp/back;
# the server's copy is then $tmp/srv.$conn
exchange() {
	local t0=$SECONDS rc
	rm -f "$tmp/back"
	ip netns exec $C nc -N -w 30 $SRV 8080 < "$1" > "$tmp/back"
	rc=$?
	conn=$((conn + 1))
	for _ in $(seq 100); do
		[ -e "$tmp/srv.$conn.done" ] && break
		sleep 0.1
	done
	echo "# exchange of $(wc -c < "$1") bytes: nc $rc, $((SECONDS - t0)) s"
	[ -e "$tmp/srv.$conn.done" ] && return 0
	pipe_diag
	# a fresh server, so the next exchange is numbered from 1 again
	kill ${pids##* } 2>/dev/null
	rm -f "$tmp"/srv.*
	conn=0
	pipe_serve
	return 1
}

# same DESC WANT GOT: files byte-equal
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else
		nok "$1"
		echo "# want $(wc -c < "$2") bytes, got $(wc -c < "$3" 2>/dev/null) bytes"
	fi
}

# Two proxies in a row (pipe_chain.sh, the demo, the bench):
#
#  +--------+ c0  p0 +-----------------+ p1  q0 +-----------------+ q1  s0 +--------+
#  | client |--------| proxy1 (P)      |--------| proxy2 (Q)      |--------| server |
#  +--------+        | fc00:0:1::/80   |        | fc00:0:2::/80   |        +--------+
#  2001:db8:1::1   2001:db8:1::2  2001:db8:2::1  2001:db8:2::2  2001:db8:3::1  2001:db8:3::2
#
# The server is 2001:db8:3::2 here ($SRV after pipe_setup2). Proxy1's onward
# connection leaves from 2001:db8:2::1 with the remaining segments (proxy2's
# SIDs, then the server) as its socket's routing header; proxy2's leaves
# from 2001:db8:3::1 with none. Proxy2 also forwards, so a chain of
# proxy1's functions alone reaches the server. Transmit checksum offload is off on c0 and
# p1, the two legs whose packets carry an SRH.
pipe_setup2() {
	Q=pq-$rnd
	SRV=2001:db8:3::2
	pipe_ns_add $C $P $Q $S || return 1
	ip link add c0 netns $C type veth peer name p0 netns $P || return 1
	ip link add p1 netns $P type veth peer name q0 netns $Q || return 1
	ip link add q1 netns $Q type veth peer name s0 netns $S || return 1
	ip -n $C addr add 2001:db8:1::1/64 dev c0 nodad
	ip -n $P addr add 2001:db8:1::2/64 dev p0 nodad
	ip -n $P addr add 2001:db8:2::1/64 dev p1 nodad
	ip -n $Q addr add 2001:db8:2::2/64 dev q0 nodad
	ip -n $Q addr add 2001:db8:3::1/64 dev q1 nodad
	ip -n $S addr add $SRV/64 dev s0 nodad
	for l in "$C c0" "$P p0" "$P p1" "$Q q0" "$Q q1" "$S s0"; do
		ip -n ${l% *} link set ${l#* } up
	done
	ip netns exec $C ethtool -K c0 tx off >/dev/null || return 1
	ip netns exec $P ethtool -K p1 tx off >/dev/null || return 1
	ip -n $C -6 route add fc00:0:1::/48 via 2001:db8:1::2 dev c0
	ip -n $P -6 route add fc00:0:2::/48 via 2001:db8:2::2 dev p1
	# proxy1 alone (no proxy2 SID) reaches the server through proxy2
	ip netns exec $Q sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n $P -6 route add 2001:db8:3::/64 via 2001:db8:2::2 dev p1
	ip -n $S -6 route add 2001:db8:2::/64 via 2001:db8:3::1 dev s0
	ip -n $P -6 route add fc00:0:1::/80 encap seg6local action pipe count dev p0 ||
		return 1
	ip -n $Q -6 route add fc00:0:2::/80 encap seg6local action pipe count dev q0 ||
		return 1
	ip netns exec $C ping -6 -c 1 -W 5 2001:db8:1::2 >/dev/null &&
		ip netns exec $Q ping -6 -c 1 -W 5 2001:db8:2::1 >/dev/null &&
		ip netns exec $S ping -6 -c 1 -W 5 2001:db8:3::1 >/dev/null
}

# via_encap SEGS: the client's route to the server through the SIDs SEGS,
# mode encap (the SRH's last segment the server)
via_encap() {
	ip -n $C -6 route replace $SRV/128 encap seg6 mode encap segs "$1,$SRV" \
		via 2001:db8:1::2 dev c0
}
