#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The multi-VM topology, set up once per boot by node.sh before the tests:
#
#   VM1 ---- l1 ---- VM2 ---- l2 ---- ... ---- VMn
#   [h]  fc00:1:1::/64   fc00:1:2::/64             [h2]
#   fc00:1:0::/64 (h ::1, VM1 ::2)      fc00:2::/64 (VMn ::1, h2 ::2)
#
# Node k: lo fc00:0:k::1; on link k ::1 (left end, VM k) and ::2 (right end,
# VM k+1); fc00:0:j::/48 for j > k and fc00:2::/64 to the right, default to
# the left; SIDs fc00:0:k::a avr-exec and fc00:0:k::e seg6x-end (count) on a
# dummy sid0 (routes through lo are unreachable for forwarded traffic). h
# (namespace vmnet-h on VM1) and h2 (vmnet-h2 on the last VM) route by
# default through their gateway. TAP: one line, the gateway's state.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
k=$NODE

sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.seg6_enabled=1 \
	net.ipv6.conf.default.seg6_enabled=1 net.ipv6.conf.all.accept_dad=0 \
	net.ipv6.conf.default.accept_dad=0
for l in $(vlinks); do
	sysctl -qw "net.ipv6.conf.$l.seg6_enabled=1" "net.ipv6.conf.$l.accept_dad=0"
done
ip link set lo up
ip addr add "fc00:0:$k::1/128" dev lo
ip link add sid0 type dummy && ip link set sid0 up
if [ "$k" -gt 1 ]; then
	ip addr add "fc00:1:$((k - 1))::2/64" dev "$(left)" nodad
	ip -6 route add default via "fc00:1:$((k - 1))::1" dev "$(left)"
fi
if [ "$k" -lt "$NODES" ]; then
	ip addr add "fc00:1:$k::1/64" dev "$(right)" nodad
	ip -6 route add fc00:2::/64 via "fc00:1:$k::2" dev "$(right)"
	for j in $(seq $((k + 1)) "$NODES"); do
		ip -6 route add "fc00:0:$j::/48" via "fc00:1:$k::2" dev "$(right)"
	done
fi
ip -6 route add "fc00:0:$k::a/128" encap seg6local action avr-exec dev sid0
ip -6 route add "fc00:0:$k::e/128" encap seg6local action seg6x-end count dev sid0

host_ns() { # NAME GW-ADDR HOST-ADDR
	ip netns add "vmnet-$1"
	ip -n "vmnet-$1" link set lo up
	ip link add "v$1" type veth peer name eth0 netns "vmnet-$1"
	ip addr add "$2/64" dev "v$1" nodad
	ip -n "vmnet-$1" addr add "$3/64" dev eth0 nodad
	ip link set "v$1" up
	ip -n "vmnet-$1" link set eth0 up
	ip -n "vmnet-$1" -6 route add default via "$2"
}
[ "$k" = 1 ] && host_ns h fc00:1:0::2 fc00:1:0::1
[ "$k" = "$NODES" ] && host_ns h2 fc00:2::1 fc00:2::2

echo "TAP version 13"
check "vm$k: gateway up (fc00:0:$k::a avr-exec, fc00:0:$k::e seg6x-end)" \
	sh -c "ip -6 route show fc00:0:$k::e | grep -q seg6x-end &&
		ip -6 route show fc00:0:$k::a | grep -q avr-exec"
barrier topology || nok "every VM's gateway up"
# the neighbours answer over the virtio links
if [ "$k" -gt 1 ]; then
	check "vm$k: neighbour fc00:1:$((k - 1))::1 answers on $(left)" \
		ping -6 -c 1 -W 10 -I "$(left)" "fc00:1:$((k - 1))::1"
fi
if [ "$k" -lt "$NODES" ]; then
	check "vm$k: neighbour fc00:1:$k::2 answers on $(right)" \
		ping -6 -c 1 -W 10 -I "$(right)" "fc00:1:$k::2"
fi
tap_end
