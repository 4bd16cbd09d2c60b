# SPDX-License-Identifier: GPL-2.0-only
# The s - r - d topology of the seg6x-end tests (seg6x_core.sh, stock_ip.sh):
#
#   +-----+ veth  +--------------+ veth  +-----+
#   |  s  |-------| r  SID $SID  |-------|  d  |
#   +-----+       +--------------+       +-----+
#  fc00:1::1   fc00:1::2    fc00:2::1   fc00:2::2
#
# end_topo_setup S R D [NS...]: make the namespaces (NS... only get lo and
# the sysctls: bystanders), the links and addresses; s reaches fc00:2::2
# through $SID (SRH inline). The route for $SID on r is the caller's.
end_topo_setup() {
	local s=$1 r=$2 d=$3 ns
	for ns in "$@"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		# SRH-carrying packets are only accepted where seg6 is enabled:
		# r processes the SID, d receives the SRH with segments left 0
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1
	done
	ip link add vs netns $s type veth peer name vr1 netns $r
	ip link add vd netns $d type veth peer name vr2 netns $r
	ip -n $s addr add fc00:1::1/64 dev vs nodad
	ip -n $r addr add fc00:1::2/64 dev vr1 nodad
	ip -n $r addr add fc00:2::1/64 dev vr2 nodad
	ip -n $d addr add fc00:2::2/64 dev vd nodad
	for l in "$s vs" "$r vr1" "$r vr2" "$d vd"; do ip -n ${l% *} link set ${l#* } up; done
	ip netns exec $r sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n $s -6 route add $SID/128 via fc00:1::2
	ip -n $s -6 route add fc00:2::2/128 encap seg6 mode inline segs $SID via fc00:1::2
	ip -n $d -6 route add default via fc00:2::1
}
