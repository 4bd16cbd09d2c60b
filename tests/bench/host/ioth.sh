#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The userspace SR-IoT node without TCG, run on the host by `make bench`:
# the path of tests/bench/ioth.sh's own-tap nodes, h -> r -> t1 -> r -> t2
# -> r -> h, in network namespaces (the host cannot load seg6x, so there is
# no kernel node; the baseline is a ping of a veth neighbour, a kernel hop's
# floor). The nodes run as root here (the host's /dev/net/tun may be 0600;
# privileges do not change the path). Timings are reported, never asserted.
#   ioth_node_hop_host   task round trip / 2 through t1, t2 (median of
#                        COUNT), us; baseline "veth ping / 2" (median)
# Output: BENCH {"name", "value", "unit", "baseline", "baseline_value", "ratio"}
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
NODE=$REPO/build/bin/ioth-node
RTT="/usr/bin/python3 $REPO/tests/bench/sriot_rtt.py"
COUNT=${COUNT:-500}
RND=$(mktemp -u XXXXXX)
H=iothb-h-$RND R=iothb-r-$RND
tmp=$(mktemp -d)
pids=
cleanup() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null; done
	for n in $H $R; do ip netns del $n 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "# ioth host bench: needs root" >&2; exit 0; }
[ -x "$NODE" ] || { echo "# ioth host bench: $NODE missing" >&2; exit 0; }

x() { local n=$1; shift; ip netns exec "$n" "$@"; }
topo_up() {
	local n k
	for n in $H $R; do
		ip netns add $n || return 1
		ip -n $n link set lo up
		x $n sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.forwarding=1 >/dev/null || return 1
	done
	ip link add h0 netns $H type veth peer name rh netns $R || return 1
	ip -n $H addr add fc00:1::2/64 dev h0 nodad
	ip -n $R addr add fc00:1::1/64 dev rh nodad
	ip -n $H link set h0 up
	ip -n $R link set rh up
	ip -n $H -6 route add default via fc00:1::1
	for k in 1 2; do
		x $R ip tuntap add tapu$k mode tap &&
		x $R ip addr add fc00:6:$k::1/64 dev tapu$k nodad &&
		x $R ip link set tapu$k up &&
		x $R ip -6 route add fc00:0:3$k::/48 via fc00:6:$k::2 dev tapu$k || return 1
		printf 'port 0x%x sensor %d\n' $((0x25 + k)) $((20 + k)) > "$tmp/t$k.ports"
		# not through x(): $! must be the node itself, for cleanup
		ip netns exec $R "$NODE" run --vde "tap://tapu$k" --router fc00:6:$k::1 --addr fc00:6:$k::2/64 \
			--sid fc00:0:3$k::a --ports "$tmp/t$k.ports" 2>"$tmp/t$k.err" &
		pids="$pids $!"
	done
}
topo_up || { echo "# ioth host bench: topology failed" >&2; exit 0; }
sleep 0.5
for a in fc00:6:1::2 fc00:6:2::2; do
	x $H ping -6 -c 2 -i 0.3 -W 3 $a >/dev/null 2>&1 || echo "# ioth host bench: no path to $a" >&2
done
r=$(x $H $RTT proc fc00:1::2 fc00:0:31::a,fc00:0:32::a 10 "$COUNT")
echo "# ioth host bench: own-tap nodes: $r" >&2
[ "$(echo "$r" | jq -r .status)" = break ] || { echo "# ioth host bench: the task failed" >&2; exit 0; }
hop=$(echo "$r" | jq -r .median_us | awk '{ printf "%.1f", $1 / 2 }')
ping=$(x $H ping -6 -c 200 -i 0.01 fc00:1::1 | sed -n 's/.*time=\([0-9.]*\).*/\1/p' | sort -g |
	awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 / 2 }')
printf 'BENCH {"name": "ioth_node_hop_host", "value": %s, "unit": "us", "baseline": "veth ping / 2", "baseline_value": %s, "ratio": %s}\n' \
	"$hop" "$ping" "$(echo "$hop $ping" | awk '{ printf "%.2f", $1 / $2 }')"
