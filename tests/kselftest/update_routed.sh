#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# seg6x-update across a multicast router (issue 9): smcroute forwards the
# (S,G) from the sender's LAN to the gateways' LAN.
#
#   +------+    +-- ns ba: bra --+    +----------+    +--- ns bb: brb (snooping, querier) ---+
#   | send |----| sp          pr |----| rt       |----| pr     p1        p2        p3        |
#   +------+    +----------------+  a | smcrouted| b  +--------|---------|---------|----------+
# 2001:db8:a::1    2001:db8:a::2      +----------+ 2001:db8:b::1  r1        r2        r3
#                                                               2001:db8:b::1I
#   smcroute.conf:  mgroup from a source 2001:db8:a::1 group ff3e::4242
#                   mroute from a source 2001:db8:a::1 group ff3e::4242 to b
#
# The router joins (S,G) on LAN a (mgroup): that MLDv2 report is the
# listener the sender waits for. The receivers join (S,G) on LAN b; the
# kernel's multicast routing table, filled by smcrouted, forwards every
# datagram of the loop from a to b, hop limit minus one.
# 1. all 3 install the file; 2. the router's (S,G) route counted exactly the
# packets the sender sent, in through a and out to b only.
#
# Output is TAP; exits 4 (skip) without seg6x-update or smcroute.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib/tap.sh"
. "$HERE/lib/update_topo.sh"
command -v smcrouted >/dev/null || skip "no smcrouted (apt install smcroute)"
upd_setup
G=$UPD_G S=2001:db8:a::1
ns() { upd_ns "$@"; }

topo_up() {
	local x i
	UPD_HOSTS=(ba bb s rt r1 r2 r3)
	for x in "${UPD_HOSTS[@]}"; do echo "netns add $(ns $x)"; done | ip -b - || return 1
	printf '%s\n' "link set lo up" "link add bra type bridge mcast_snooping 1" \
		"link set bra up" \
		"link add sp type veth peer name eth0 netns $(ns s)" "link set sp master bra up" \
		"link add pr type veth peer name a netns $(ns rt)" "link set pr master bra up" |
		ip -n "$(ns ba)" -b - || return 1
	{
		echo "link set lo up"
		echo "link add brb type bridge mcast_snooping 1 mcast_querier 1"
		echo "link set brb up"
		echo "link add pr type veth peer name b netns $(ns rt)"
		echo "link set pr master brb up"
		for i in 1 2 3; do
			echo "link add p$i type veth peer name eth0 netns $(ns r$i)"
			echo "link set p$i master brb up"
		done
	} | ip -n "$(ns bb)" -b - || return 1
	# addresses without DAD: MLD reports leave at once, from them
	upd_host s $S fe80::1 && upd_host rt 2001:db8:a::2 fe80::2 a &&
		upd_host rt 2001:db8:b::1 fe80::1 b || return 1
	for i in 1 2 3; do upd_host r$i 2001:db8:b::1$i fe80::1$i || return 1; done
	upd_in rt sysctl -qw net.ipv6.conf.all.forwarding=1
}

topo_up || skip "cannot build the topology (bridges, veth, netns)"
cat > "$tmp/smcroute.conf" <<EOF
phyint a enable
phyint b enable
mgroup from a source $S group $G
mroute from a source $S group $G to b
EOF
ip netns exec "$(ns rt)" smcrouted -n -N -f "$tmp/smcroute.conf" -u "$tmp/smcroute.sock" \
	-P "$tmp/smcroute.pid" -l info >"$tmp/smcroute.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
	ip -n "$(ns rt)" -6 mroute show 2>/dev/null | grep -q "$S,$G" && break
	sleep 0.1
done
route=$(ip -n "$(ns rt)" -6 mroute show | grep "$S,$G")
if echo "$route" | grep -qE 'Iif: a .*Oifs: b( |$)'; then
	ok "smcrouted installed ($S, $G): in a, out b"
else
	nok "no ($S, $G) route a -> b: '$route'"
	sed 's/^/#   /' "$tmp/smcroute.log"
fi

"$U" keygen -o "$tmp/k.key" >/dev/null
head -c $((2 * 65536 + 999)) /dev/urandom > "$tmp/fw"
rp=()
for i in 1 2 3; do
	mkdir "$tmp/r$i"
	ip netns exec "$(ns r$i)" "$U" recv --pubkey "$tmp/k.pub" --group $G --source $S --dev eth0 \
		-o "$tmp/r$i/fw" --progress none --timeout 100 --stats "$tmp/r$i.json" \
		2>"$tmp/r$i.log" &
	rp+=($!)
done
pids+=("${rp[@]}")
# --listeners 1: the router is the one listener on LAN a
ip netns exec "$(ns s)" "$U" send "$tmp/fw" --key "$tmp/k.key" --group $G --dev eth0 --version 1 \
	--rate 8M --query-interval 2 --duration 100 --stats "$tmp/send.json" \
	2>"$tmp/send.log" &
spid=$!
wait "${rp[@]}"
kill -TERM $spid
wait $spid
k=0
for i in 1 2 3; do cmp -s "$tmp/fw" "$tmp/r$i/fw" && k=$((k + 1)); done
if [ $k = 3 ]; then
	ok "3 receivers behind the router installed the file (the sender saw $(jq .max_listeners "$tmp/send.json") listener on its LAN)"
else
	nok "$k of 3 receivers behind the router installed the file"
	for i in 1 2 3; do tail -1 "$tmp/r$i.log" | sed "s/^/#   r$i: /"; done
	tail -1 "$tmp/send.log" | sed 's/^/#   send: /'
fi
sent=$(jq .packets "$tmp/send.json")
fwd=$(ip -n "$(ns rt)" -s -6 mroute show | grep -A1 "$S,$G" | sed -nE 's/^ *([0-9]+) packets.*/\1/p')
if [ "${fwd:-0}" = "$sent" ] && [ "$sent" -gt 0 ]; then
	ok "the router forwarded all $sent packets the sender sent (ip -s -6 mroute)"
else
	nok "the router forwarded ${fwd:-?} packets, the sender sent $sent"
	ip -n "$(ns rt)" -s -6 mroute show | sed 's/^/#   /'
fi
tap_end
