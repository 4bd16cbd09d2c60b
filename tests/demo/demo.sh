#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The seg6x demo, run inside the VM by `make demo`.
#
#  +----+     +----+     +----+     +----+     +----+
#  | h1 |-----| n1 |-----| n2 |-----| n3 |-----| h2 |
#  +----+     +----+     +----+     +----+     +----+
#            seg6x-end  seg6x-end   End.DT6
#            fc00:a1::e fc00:a2::e  fc00:a3::d6
#
# h1 reaches h2 through an SRv6 policy: encapsulated with the segment list
# (n1, n2, n3); n1 and n2 run the seg6x-end behaviour, n3 decapsulates with
# upstream End.DT6. A TCP transfer and pings cross the path, then every
# node's seg6x counters and the routes are shown as a user sees them.
set -eu
rnd=$(mktemp -u XXXX)
NODES="h1 n1 n2 n3 h2"
ns() { echo "$1-$rnd"; }
cleanup() { for x in $NODES; do ip netns del "$(ns $x)" 2>/dev/null || true; done; }
trap cleanup EXIT
say() { printf '\n### %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

for x in $NODES; do
	ip netns add "$(ns $x)"
	ip -n "$(ns $x)" link set lo up
	ip netns exec "$(ns $x)" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.forwarding=1 \
		net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1
done
# links: h1-n1 fd00:1::/64, n1-n2 fd00:2::/64, n2-n3 fd00:3::/64, n3-h2 fd00:4::/64
link() { # link A B NET
	ip link add "e-$2" netns "$(ns $1)" type veth peer name "e-$1" netns "$(ns $2)"
	ip -n "$(ns $1)" addr add "$3::1/64" dev "e-$2" nodad
	ip -n "$(ns $2)" addr add "$3::2/64" dev "e-$1" nodad
	ip -n "$(ns $1)" link set "e-$2" up
	ip -n "$(ns $2)" link set "e-$1" up
}
link h1 n1 fd00:1; link n1 n2 fd00:2; link n2 n3 fd00:3; link n3 h2 fd00:4

# underlay routes toward the SIDs and the hosts
ip -n "$(ns h1)" -6 route add default via fd00:1::2
ip -n "$(ns h2)" -6 route add default via fd00:4::1
ip -n "$(ns n1)" -6 route add fc00:a2::/32 via fd00:2::2
ip -n "$(ns n1)" -6 route add fc00:a3::/32 via fd00:2::2
ip -n "$(ns n2)" -6 route add fc00:a3::/32 via fd00:3::2
ip -n "$(ns n1)" -6 route add fd00:4::/64 via fd00:2::2
ip -n "$(ns n2)" -6 route add fd00:4::/64 via fd00:3::2
ip -n "$(ns n2)" -6 route add fd00:1::/64 via fd00:2::1
ip -n "$(ns n3)" -6 route add fd00:1::/64 via fd00:3::1

say "seg6x in the kernel"
run ip seg6x show

say "SIDs: two seg6x behaviours and an upstream decapsulation"
run ip -n "$(ns n1)" -6 route add fc00:a1::e/128 encap seg6local action seg6x-end count dev e-n2
run ip -n "$(ns n2)" -6 route add fc00:a2::e/128 encap seg6local action seg6x-end count dev e-n3
run ip -n "$(ns n3)" -6 route add fc00:a3::d6/128 encap seg6local action End.DT6 table main dev e-h2
run ip -n "$(ns h1)" -6 route add fd00:4::2/128 encap seg6 mode encap \
	segs fc00:a1::e,fc00:a2::e,fc00:a3::d6 via fd00:1::2
run ip -n "$(ns n1)" -6 route show fc00:a1::e

say "traffic h1 -> h2 over the policy"
run ip netns exec "$(ns h1)" ping -6 -c 3 -i 0.2 fd00:4::2
ip netns exec "$(ns h2)" iperf3 -s -1 -B fd00:4::2 >/dev/null 2>&1 &
sleep 1
run ip netns exec "$(ns h1)" iperf3 -c fd00:4::2 -n 4M -f m | grep -E 'sender|receiver'
wait

say "what each node's seg6x behaviours counted"
for x in n1 n2; do
	echo "-- $x"
	run ip -n "$(ns $x)" seg6x stats behaviour seg6x-end
	run ip -n "$(ns $x)" -s -6 route show | grep -A1 'seg6x-end' || true
done
echo
echo "demo: done"
