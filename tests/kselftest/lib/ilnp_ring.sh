# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The St Andrews experiment's topology and moves, sourced after
# lib/ilnp_topo.sh (whose names and helpers it reuses: MN R CN, x, il,
# cache, counter, FLOW, PY, tmp) by tests/kselftest/ilnp_move.sh,
# tests/bench/ilnp_move.sh and tests/demo/ilnp.sh:
#
#             a: 2001:db8:a::/64
#   +----+ mn-a ------------------ r-a +------------------+
#   |    |    b: 2001:db8:b::/64       | R  bridge r-b    |      +----+
#   | MN | mn-b ------------------ rbm |  (2001:db8:b::1) | rbc -- cn-b | CN |
#   |    |    c: 2001:db8:c::/64       |                  |      +----+
#   +----+ mn-c ------------------ r-c +------------------+  2001:db8:b::c
#
#   MN: NID 0:0:0:a, home I-LV 2001:db8:a::a on lo; joins a, b, c in turn
#       (ring_move); 2001:db8:a::99 on mn-a is plain IPv6 (the baseline that
#       breaks), with RING_PLAIN_ALL=1 X::99 on every network it joins
#   CN: NID 0:0:0:c, I-LV 2001:db8:b::c, in b: when MN is in b they are
#       on the same link (the bridge in R), otherwise R routes
#
# ring_up builds it with MN in a; ring_move soft|hard moves MN to the next
# network (a -> b -> c -> a) and logs events to $RING_EVENTS ("UNIXTIME
# KIND NETWORK", see lib/ilnp_exp.py); with RING_MPTCP=1 each network's
# X::99 is an MPTCP endpoint of MN, added on join and deleted on leave.
# Soft: join the next network (address, routes, locator preferred over
# the current one), RING_OVERLAP s later leave the current one (locator
# withdrawn, link down). Hard: the current path dies first (R's end of
# the link goes down), then MN joins the next network (handoff hard: the
# new locator replaces the others) and drops the dead link.
CN_ILV=2001:db8:b::c
RING_AT=a		# the network MN is in
RING_K=0		# moves so far (the newest locator gets pref 1000 - K)
RING_OVERLAP=${RING_OVERLAP:-1}
RING_EVENTS=${RING_EVENTS:-$tmp/events}
RING_MPTCP=${RING_MPTCP:-0}
RING_PLAIN_ALL=${RING_PLAIN_ALL:-$RING_MPTCP}

ring_event() { echo "$EPOCHREALTIME $1 $2" >> "$RING_EVENTS"; }
# (ip -force: a failing line does not stop the others)
mn_batch() { ip -6 -force -n $MN -batch -; }
ring_next() { case $1 in a) echo b ;; b) echo c ;; c) echo a ;; esac; }
ring_port() { case $1 in a) echo r-a ;; b) echo rbm ;; c) echo r-c ;; esac; }
# ring_mac NS DEV: DEV's link-layer address (read once, by ring_up)
declare -A RING_MACS
ring_mac() {
	[ -n "${RING_MACS[$1.$2]:-}" ] ||
		RING_MACS[$1.$2]=$(ip -n $1 -j link show $2 | jq -r '.[0].address')
	echo "${RING_MACS[$1.$2]}"
}
# ring_attached X: R (and in b, CN) know MN's link-layer address for its
# addresses in X, as from MN's advertisements when it attaches (else the
# burst that follows a move overflows the neighbour queue while R resolves)
ring_attached() {
	local a mac=$(ring_mac $MN mn-$1) dev=r-$1

	for a in 2001:db8:$1::a 2001:db8:$1::99; do
		echo "neigh replace $a lladdr $mac dev $dev nud permanent"
	done | ip -n $R -batch -
	if [ $1 = b ]; then
		for a in 2001:db8:b::a 2001:db8:b::99; do
			echo "neigh replace $a lladdr $mac dev cn-b nud permanent"
		done | ip -n $CN -batch -
	fi
}
# ring_nh X: MN's next hop to CN's network b from network X (b: on-link)
ring_nh() { if [ $1 = b ]; then echo "dev mn-b"; else echo "via 2001:db8:$1::1 dev mn-$1 onlink"; fi; }

# ring_net_up X: MN's link, addresses and routes in network X, as lines for
# "ip -batch" (one ip process: under TCG each command costs a second or
# more while the traffic runs)
ring_net_up() {
	local n=$1
	echo "link set mn-$n up"
	# the next hop's link-layer address, as MN learns it when it attaches
	# (Router Advertisement; ND under TCG takes long enough for the burst
	# that follows a move to overflow the neighbour's queue)
	if [ $n = b ]; then
		echo "neigh replace $CN_ILV lladdr $(ring_mac $CN cn-b) dev mn-b nud permanent"
	else
		echo "neigh replace 2001:db8:$n::1 lladdr $(ring_mac $R r-$n) dev mn-$n nud permanent"
	fi
	# Routes to CN's network b by source, never without one: a prefix with
	# source-specific routes hides its routes without "from" from any
	# other source (fib6 backtracks past them), so b's connected route is
	# of no use. From X::/64 (the rewritten packets, X::99) through X,
	# added before the address ("onlink"), which makes X the preferred
	# locator at once (locators follow addresses); from the home I-LV's
	# a::/64 (the stack's own lookup, before the rewrite) through the
	# newest network, replaced last at each join so it outlives a. (MPTCP
	# runs carry no ILNP traffic: there a's route goes with a.)
	if [ $n != a ] || [ "$RING_MPTCP" = 1 ]; then
		echo "route add 2001:db8:b::/64 from 2001:db8:$n::/64 $(ring_nh $n)"
	fi
	echo "addr add 2001:db8:$n::a/64 dev mn-$n nodad"
	if [ $n = a ] || [ "$RING_PLAIN_ALL" = 1 ]; then
		echo "addr add 2001:db8:$n::99/64 dev mn-$n nodad"
	fi
	[ "$RING_MPTCP" = 1 ] ||
		echo "route replace 2001:db8:b::/64 from 2001:db8:a::/64 $(ring_nh $n)"
	if [ "$RING_MPTCP" = 1 ]; then
		echo "mptcp endpoint add 2001:db8:$n::99 dev mn-$n subflow"
	fi
}

# ring_net_down X: MN leaves network X (its MPTCP endpoint, then the link:
# IPv6 drops the link's addresses and routes), lines for "ip -batch"
ring_net_down() {
	local id
	if [ "$RING_MPTCP" = 1 ]; then
		id=$(ip -n $MN mptcp endpoint show | awk -v a=2001:db8:$1::99 \
			'$1 == a { for (i = 2; i < NF; i++) if ($i == "id") print $(i + 1) }')
		[ -n "$id" ] && echo "mptcp endpoint del id $id"
	fi
	echo "link set mn-$1 down"
}

ring_up() {
	local ns
	for ns in $MN $R $CN; do
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		x "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.forwarding=0 >/dev/null
	done
	# a hard move takes R's end of a link down and up again: keep its address
	x $R sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.keep_addr_on_down=1 \
		net.ipv6.conf.default.keep_addr_on_down=1 >/dev/null
	ip link add mn-a netns $MN type veth peer name r-a netns $R
	ip link add mn-b netns $MN type veth peer name rbm netns $R
	ip link add mn-c netns $MN type veth peer name r-c netns $R
	ip link add cn-b netns $CN type veth peer name rbc netns $R
	ip -n $R link add r-b type bridge mcast_snooping 0
	ip -n $R link set rbm master r-b
	ip -n $R link set rbc master r-b
	ip -n $R addr add 2001:db8:a::1/64 dev r-a nodad
	ip -n $R addr add 2001:db8:b::1/64 dev r-b nodad
	ip -n $R addr add 2001:db8:c::1/64 dev r-c nodad
	for d in r-a r-b rbm rbc r-c; do ip -n $R link set $d up; done
	ip -n $CN addr add $CN_ILV/64 dev cn-b nodad
	ip -n $CN link set cn-b up
	ip -n $CN -6 route add default via 2001:db8:b::1
	# senders compute checksums in software: veth would hide pseudo-header bugs
	for d in mn-a mn-b mn-c; do x $MN ethtool -K $d tx off >/dev/null 2>&1; done
	x $CN ethtool -K cn-b tx off >/dev/null 2>&1
	if [ "$RING_MPTCP" = 1 ]; then
		ip -n $MN mptcp limits set subflow 8 add_addr_accepted 8 &&
		ip -n $CN mptcp limits set subflow 8 add_addr_accepted 8 || return 1
	fi
	RING_MACS=()
	for d in a b c; do
		ring_mac $MN mn-$d >/dev/null
		[ $d = b ] && ring_mac $CN cn-b >/dev/null || ring_mac $R r-$d >/dev/null
		ring_attached $d || return 1
	done
	ip -n $MN addr add $MN_ILV/128 dev lo
	ring_net_up a | mn_batch || return 1
	il $MN nid add 0:0:0:a locator 2001:db8:a::/64 &&
	il $MN locator add 2001:db8:a::/64 pref 1000 &&
	il $MN peer add 0:0:0:c locator 2001:db8:b::/64 &&
	il $CN nid add 0:0:0:c locator 2001:db8:b::/64 &&
	il $CN locator add 2001:db8:b::/64 &&
	il $CN peer add 0:0:0:a locator 2001:db8:a::/64
}

# ring_move soft|hard: MN to the next network
ring_move() {
	local old=$RING_AT new

	new=$(ring_next $old)
	RING_K=$((RING_K + 1))
	if [ $1 = hard ]; then
		ip -n $R link set "$(ring_port $old)" down
		ring_event break $old
	fi
	{ ring_net_up $new; echo "ilnp locator add 2001:db8:$new::/64 pref $((1000 - RING_K))"; } |
		mn_batch
	ring_event join $new
	if [ $1 = soft ]; then
		sleep "$RING_OVERLAP"
		{ echo "ilnp locator del 2001:db8:$old::/64"; ring_net_down $old; } | mn_batch
		ring_event leave $old
	else
		ring_net_down $old | mn_batch
		ip -n $R link set "$(ring_port $old)" up
		ring_attached $old	# R's entries went with its link
	fi
	RING_AT=$new
}

# ring_phase NAME soft|hard MOVES PORT: start the traffic, move MN MOVES
# times MOVE s apart (the first move MOVE s after the start), stop it.
# Needs MOVE and OUT; everything is logged as $OUT/NAME.* (see
# tests/kselftest/ilnp_move.sh). Always: UDP each way between the I-LVs
# (PORT+1), plain IPv6 UDP each way between CN and MN's a::99 (PORT+2; only
# if MN is in a at the start), a ping MN -> CN, MN's interface counters
# every 0.25 s; RING_FLOWS picks the stream MN -> CN (PORT):
#   ilnp   TCP between the I-LVs
#   mptcp  MPTCP from MN's a::99 (with RING_MPTCP=1; the other flows then
#          load the guest as in an ILNP run, so that TCG's stalls weigh the
#          same on both)
ring_phase() {
	local mode=$2 moves=$3 port=$4 sync=$tmp/sync-$1 o=$OUT/$1 pids ping_pid i n=4
	local from=$MN_ILV proto=tcp rest
	mkdir "$sync"
	RING_EVENTS=$o.events
	[ "${RING_FLOWS:-ilnp}" = mptcp ] && from=2001:db8:a::99 proto=mptcp
	x $CN $FLOW tcp-server $CN_ILV $port $o.tcp $proto > $o.tcp-server.json &
	pids=$!
	x $CN $FLOW udp $CN_ILV $MN_ILV $((port + 1)) 10 1396 $sync $o.udp-cn \
		> $o.udp-cn.json &
	pids="$pids $!"
	x $MN $FLOW udp $MN_ILV $CN_ILV $((port + 1)) 10 1396 $sync $o.udp-mn \
		> $o.udp-mn.json &
	pids="$pids $!"
	# the plain IPv6 baseline, when the phase starts in a
	if [ $RING_AT = a ]; then
		x $CN $FLOW udp $CN_ILV 2001:db8:a::99 $((port + 2)) 10 200 $sync \
			$o.plain-cn > $o.plain-cn.json &
		pids="$pids $!"
		x $MN $FLOW udp 2001:db8:a::99 $CN_ILV $((port + 2)) 10 200 $sync \
			$o.plain-mn > $o.plain-mn.json &
		pids="$pids $!"
		n=6
	fi
	x $MN $FLOW sample $sync $o.ifaces mn-a mn-b mn-c &
	pids="$pids $!"
	sleep 0.5
	x $MN $FLOW tcp-client $from $CN_ILV $port $sync $proto > $o.tcp-client.json &
	pids="$pids $!"
	for i in $(seq 600); do [ "$(ls $sync | wc -l)" -ge $n ] && break; sleep 0.1; done
	echo "$EPOCHREALTIME + 0.3" | bc > $sync/go
	echo "$(cat $sync/go) start $RING_AT" > "$RING_EVENTS"
	ip netns exec $MN ping -6 -i 0.05 -c 1000000 -W 2 -I $MN_ILV $CN_ILV > $o.ping 2>&1 &
	ping_pid=$!
	rest=$MOVE
	[ $mode = soft ] && rest=$(echo "$MOVE - $RING_OVERLAP" | bc)
	sleep "$MOVE"
	for i in $(seq "$moves"); do
		ring_move $mode		# soft: returns OVERLAP s after the join
		sleep "$rest"
	done
	touch $sync/stop
	ring_event stop $RING_AT
	# SIGALRM: ping's deadline signal (summary, exit); a background job of
	# a non-interactive shell ignores SIGINT
	kill -ALRM $ping_pid
	wait $pids $ping_pid
}
