# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The SR-IoT test topology, sourced by tests/kselftest/sriot_*.sh,
# tests/demo/sriot.sh and tests/bench/sriot.sh:
#
#  +---+ link0 +----+ link1 +----+ link2 +----+ link3 +----+ link4 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |-------| n4 |-------| n5 |
#  +---+       +----+       +----+       +----+       +----+       +----+
#  fc00:1:0::1  SID fc00:0:k::a (action avr-exec), fc00:0:k::e (End),
#               fc00:0:k::1 on lo, for node nk (k = 1..5)
#
# link i is fc00:1:i::/64: ::1 on its left end (interface "east"), ::2 on
# its right end (interface "west"). A node sends fc00:0:j::/48 to the right
# for j > k and everything else to the left; h's default route is n1.
#
# sriot_topo_up [N] sets TOPO_NS (h n1..n5 -> namespace names, random), H_ADDR,
# SID1..SID5, END1..END5, LO1..LO5; sriot_topo_down removes the namespaces.
# With N (1-5) only h and n1..nN are made: a cheaper topology for tests
# that need fewer nodes.

H_ADDR=fc00:1:0::1
for _k in 1 2 3 4 5; do
	eval "SID$_k=fc00:0:$_k::a END$_k=fc00:0:$_k::e LO$_k=fc00:0:$_k::1"
done
unset _k

# ns NAME: the namespace of h, n1 ... n5
ns() { echo "sriot-$1-$TOPO_RND"; }

sriot_topo_down() {
	local x
	for x in h $(seq -f n%g "${TOPO_N:-5}"); do ip netns del "$(ns $x)" 2>/dev/null; done
	return 0
}

sriot_topo_up() {
	local x k j left right
	TOPO_RND=$(mktemp -u XXXXXX)
	TOPO_N=${1:-5}
	for x in h $(seq -f n%g "$TOPO_N"); do
		ip netns add "$(ns $x)" || return 1
		ip -n "$(ns $x)" link set lo up
		ip netns exec "$(ns $x)" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1 \
			net.ipv6.conf.all.forwarding=1 >/dev/null || return 1
	done
	left=h
	for k in $(seq "$TOPO_N"); do
		right=n$k
		ip link add east netns "$(ns $left)" type veth peer name west netns "$(ns $right)" ||
			return 1
		ip -n "$(ns $left)" addr add fc00:1:$((k - 1))::1/64 dev east nodad
		ip -n "$(ns $right)" addr add fc00:1:$((k - 1))::2/64 dev west nodad
		ip -n "$(ns $left)" link set east up
		ip -n "$(ns $right)" link set west up
		left=$right
	done
	ip -n "$(ns h)" -6 route add default via fc00:1:0::2
	for k in $(seq "$TOPO_N"); do
		x=$(ns n$k)
		ip -n "$x" addr add fc00:0:$k::1/128 dev lo
		[ $k -gt 1 ] && ip -n "$x" -6 route add default via fc00:1:$((k - 1))::1
		for j in $(seq "$TOPO_N"); do
			[ $j -gt $k ] && ip -n "$x" -6 route add fc00:0:$j::/48 via fc00:1:$k::2
		done
		ip -n "$x" -6 route add fc00:0:$k::a/128 encap seg6local action avr-exec dev west ||
			return 1
		ip -n "$x" -6 route add fc00:0:$k::e/128 encap seg6local action End dev west ||
			return 1
	done
	return 0
}

# sriot_ports_file FILE: the paper's example (tools/sriot-examples/avg.c)
# mapped onto this topology: sensors on n1-n3, the fan on n4, heater on n5
sriot_ports_file() {
	cat >"$1" <<-EOF
	# port node-SID kind
	0x26 $SID1 sensor
	0x27 $SID2 sensor
	0x28 $SID3 sensor
	0x2a $SID4 actuator
	0x2b $SID5 actuator
	EOF
}

# sriot_avg_ports T1 T2 T3: configure the avg example's ports on n1-n5
sriot_avg_ports() {
	ip -n "$(ns n1)" sriot port add 0x26 mode sensor value "$1" &&
	ip -n "$(ns n2)" sriot port add 0x27 mode sensor value "$2" &&
	ip -n "$(ns n3)" sriot port add 0x28 mode sensor value "$3" &&
	ip -n "$(ns n4)" sriot port add 0x2a mode actuator &&
	ip -n "$(ns n5)" sriot port add 0x2b mode actuator
}
