#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Internet of Threads speed, run inside the VM by `make bench`: the same
# SR-IoT process over two kernel avr-exec nodes and over two ioth-node
# processes (unprivileged, on a VDE switch behind a tap), in one run.
#
#            +----+ veth  +----+                 kernel nodes: netns k1, k2,
#     +------| k1 |       | k2 |------+          SID fc00:0:1k::a avr-exec
#     |      +----+       +----+      |
#  +---+ link +------------------------+ tap0 +------------+  +----+ +----+
#  | h |------|           r            |------| vde_switch |--| u1 | | u2 |
#  +---+      +------------------------+      +------------+  +----+ +----+
#  fc00:1::2   fc00:1::1, fc00:2:k::1,          fc00:5::/64     userspace nodes
#              fc00:5::1 (tap0)                 SID fc00:0:2k::a, as uid 65534
#
# and two more ioth-node processes, t1 and t2 (SIDs fc00:0:3k::a), each
# attached directly to its own persistent tap in r (tapuK, fc00:6:k::/64,
# created by root with `ip tuntap add ... user 65534`, the one privileged
# step), run as uid 65534 with --vde tap://tapuK: no switch process.
#
# The processes run K = 10 instructions on each of their two nodes (in
# from the node's sensor, NOPs) and come back to h: h -> r -> k1 -> r -> k2
# -> r -> h against h -> r -> u1 -> u2 -> r -> h (the VDE switch, itself a
# process, between r and u1, u1 and u2, u2 and r) and h -> r -> t1 -> r ->
# t2 -> r -> h. Figures (one at a time, COUNT round trips each, medians;
# timings are reported, never asserted):
#   ioth_node_hop        round trip / 2 through t1, t2 (own taps), us;
#                        baseline "kernel node": the same through k1, k2
#   ioth_node_task_rate  tasks per second, one in flight (1e6 / mean round
#                        trip) through t1, t2; baseline "kernel node"
#   ioth_node_hop_vde_switch, ioth_node_task_rate_vde_switch
#                        the same through u1, u2 on the VDE switch
# Output: BENCH {"name", "value", "unit", "baseline", "baseline_value", "ratio"}
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
NODE=$REPO/build/bin/ioth-node
RTT="/usr/bin/python3 $HERE/sriot_rtt.py"
COUNT=${COUNT:-200}
K=10
RND=$(mktemp -u XXXXXX)
H=ioth-h-$RND R=ioth-r-$RND K1=ioth-k1-$RND K2=ioth-k2-$RND
H_ADDR=fc00:1::2
tmp=$(mktemp -d)
pids=
cleanup() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null; done
	[ -f "$tmp/sw.pid" ] && kill "$(cat "$tmp/sw.pid")" 2>/dev/null
	for n in $H $R $K1 $K2; do ip netns del $n 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

ip seg6x show 2>/dev/null | grep -q avr-exec || { echo "# ioth bench: no avr-exec" >&2; exit 4; }
[ -x "$NODE" ] || { echo "# ioth bench: $NODE missing" >&2; exit 4; }
command -v vde_switch >/dev/null || { echo "# ioth bench: no vde_switch" >&2; exit 4; }
[ -e /dev/net/tun ] || modprobe tun 2>/dev/null
# the VM has no udev: nobody opens it for tap:// with the mode Debian's
# 50-udev-default.rules give it (KERNEL=="tun", MODE="0666")
[ "$(stat -c %a /dev/net/tun)" = 666 ] || chmod 0666 /dev/net/tun

x() { local n=$1; shift; ip netns exec "$n" "$@"; }
topo_up() {
	local n k
	for n in $H $R $K1 $K2; do
		ip netns add $n || return 1
		ip -n $n link set lo up
		x $n sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1 \
			net.ipv6.conf.all.forwarding=1 >/dev/null || return 1
	done
	ip link add h0 netns $H type veth peer name rh netns $R || return 1
	ip -n $H addr add $H_ADDR/64 dev h0 nodad
	ip -n $R addr add fc00:1::1/64 dev rh nodad
	ip -n $H link set h0 up
	ip -n $R link set rh up
	ip -n $H -6 route add default via fc00:1::1
	for k in 1 2; do
		n=$(eval echo \$K$k)
		ip link add k0 netns $n type veth peer name rk$k netns $R || return 1
		ip -n $n addr add fc00:2:$k::2/64 dev k0 nodad
		ip -n $R addr add fc00:2:$k::1/64 dev rk$k nodad
		ip -n $n link set k0 up
		ip -n $R link set rk$k up
		ip -n $n -6 route add default via fc00:2:$k::1
		ip -n $R -6 route add fc00:0:1$k::/48 via fc00:2:$k::2
		ip -n $n -6 route add fc00:0:1$k::a/128 encap seg6local action avr-exec dev k0 ||
			return 1
		ip -n $n sriot port add $((0x25 + k)) mode sensor value $((20 + k)) || return 1
	done
	for k in 1 2; do	# direct: a persistent tap per node, owned by nobody
		x $R ip tuntap add tapu$k mode tap user 65534 &&
		x $R ip addr add fc00:6:$k::1/64 dev tapu$k nodad &&
		x $R ip link set tapu$k up &&
		x $R ip -6 route add fc00:0:3$k::/48 via fc00:6:$k::2 dev tapu$k || return 1
	done
	x $R ip tuntap add tap0 mode tap &&
	x $R ip addr add fc00:5::1/64 dev tap0 nodad &&
	x $R ip link set tap0 up &&
	x $R ip -6 route add fc00:0:21::/48 via fc00:5::21 dev tap0 &&
	x $R ip -6 route add fc00:0:22::/48 via fc00:5::22 dev tap0
}
topo_up || { echo "# ioth bench: topology failed" >&2; exit 1; }
chmod 755 "$tmp"
mkdir -m 1777 "$tmp/run"
x $R vde_switch -s "$tmp/run/sw" -t tap0 -m 0777 -d -p "$tmp/sw.pid" >/dev/null 2>&1
for k in 1 2; do
	printf 'port 0x%x sensor %d\n' $((0x25 + k)) $((20 + k)) > "$tmp/u$k.ports"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NODE" run --vde "vde://$tmp/run/sw" --router fc00:5::1 --ctl "$tmp/run/u$k.ctl" \
		--addr fc00:5::2$k/64 --sid fc00:0:2$k::a --ports "$tmp/u$k.ports" \
		2>"$tmp/u$k.err" &
	pids="$pids $!"
done
for k in 1 2; do
	printf 'port 0x%x sensor %d\n' $((0x25 + k)) $((20 + k)) > "$tmp/t$k.ports"
	ip netns exec $R setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NODE" run --vde "tap://tapu$k" --router fc00:6:$k::1 --ctl "$tmp/run/t$k.ctl" \
		--addr fc00:6:$k::2/64 --sid fc00:0:3$k::a --ports "$tmp/t$k.ports" \
		2>"$tmp/t$k.err" &
	pids="$pids $!"
done
for _ in $(seq 50); do
	n=0
	for c in u1 u2 t1 t2; do [ -S "$tmp/run/$c.ctl" ] && n=$((n + 1)); done
	[ $n = 4 ] && break
	sleep 0.1
done
for a in fc00:2:1::2 fc00:2:2::2 fc00:5::21 fc00:5::22 fc00:6:1::2 fc00:6:2::2; do
	x $H ping -6 -c 2 -i 0.3 -W 3 $a >/dev/null 2>&1 || echo "# ioth bench: no path to $a" >&2
done

field() { echo "$1" | jq -r ".$2"; }
# what a frame's trip through the VDE switch and a node process costs here,
# against a kernel neighbour: ping r -> u1 and r -> k1 (medians not given by
# ping; the average)
for a in fc00:2:1::2 fc00:5::21 fc00:6:1::2; do
	echo "# ping r -> $a: $(x $R ping -6 -q -c 50 -i 0.01 $a | sed -n 's/^rtt.* = //p')" >&2
done
kern=$(x $H $RTT proc $H_ADDR fc00:0:11::a,fc00:0:12::a $K "$COUNT")
user=$(x $H $RTT proc $H_ADDR fc00:0:21::a,fc00:0:22::a $K "$COUNT")
tap=$(x $H $RTT proc $H_ADDR fc00:0:31::a,fc00:0:32::a $K "$COUNT")
echo "# kernel nodes:               $kern" >&2
echo "# userspace nodes, vde_switch: $user" >&2
echo "# userspace nodes, own taps:  $tap" >&2
for r in "$kern" "$user" "$tap"; do
	[ "$(field "$r" status)" = break ] && [ "$(field "$r" count)" -gt 0 ] ||
		{ echo "# ioth bench: a process did not complete: $r" >&2; exit 1; }
done
bench() {
	printf 'BENCH {"name": "%s", "value": %s, "unit": "%s", "baseline": "kernel node", "baseline_value": %s, "ratio": %s}\n' \
		"$1" "$2" "$3" "$4" "$(echo "$2 $4" | awk '{ printf "%.2f", $1 / $2 }')"
}
hop() { field "$1" median_us | awk '{ printf "%.1f", $1 / 2 }'; }
rate() { field "$1" mean_us | awk '{ printf "%.0f", 1e6 / $1 }'; }
# the names without suffix: nodes on their own taps (no switch process)
bench ioth_node_hop "$(hop "$tap")" us "$(hop "$kern")"
bench ioth_node_task_rate "$(rate "$tap")" tasks/s "$(rate "$kern")"
bench ioth_node_hop_vde_switch "$(hop "$user")" us "$(hop "$kern")"
bench ioth_node_task_rate_vde_switch "$(rate "$user")" tasks/s "$(rate "$kern")"
