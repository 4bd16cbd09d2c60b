# SPDX-License-Identifier: GPL-2.0-only
# One LAN for seg6x-update's tests, bench and demo: a sender, receivers and
# other hosts on a bridge with MLD snooping. Source it, then:
#   upd_topo_up N [HOST...]   ns br: bridge br0 (mcast_snooping 1); ns s: the
#                             sender, eth0 $UPD_S, on bridge port sp; ns
#                             r1..rN: receivers, eth0 2001:db8:9::1:I, on
#                             ports pr1..prN; each HOST: eth0
#                             2001:db8:9::HOST (a hex name) on port pHOST
#   upd_ns NAME               the namespace's real name (random suffix)
#   upd_in NAME CMD...        run CMD in it
#   upd_topo_down             delete them all (every name in UPD_HOSTS)
#   upd_host NAME GLOBAL LINKLOCAL [IF]  lo up, IF (eth0) up with both addresses
#   upd_setup                 a test's start: U (the tool), a skip without it
#                             or without netns, $tmp, pids=() (background jobs)
#                             and a trap that ends them all (upd_cleanup)
# Built with one `ip -batch` per namespace (a process start costs a lot under
# TCG: 64 receivers come up in seconds, not a minute). Every host has its own
# link-local address, set without DAD, so its MLD reports leave at once and
# from that address; the bridge counts listeners by it.
UPD_S=2001:db8:9::1
UPD_G=ff3e::4242
UPD_RND=${UPD_RND:-$(mktemp -u XXXXXX)}
UPD_HOSTS=()

upd_ns() { echo "upd-$1-$UPD_RND"; }
upd_in() { local x=$1; shift; ip netns exec "$(upd_ns "$x")" "$@"; }

upd_host() {
	local dev=${4:-eth0}

	printf '%s\n' "link set lo up" "link set dev $dev addrgenmode none" \
		"addr add $3/64 dev $dev nodad" "addr add $2/64 dev $dev nodad" \
		"link set dev $dev up" | ip -n "$(upd_ns "$1")" -b -
}

upd_topo_up() {
	local n=$1 i h
	shift
	UPD_HOSTS=(br s $(seq -f 'r%g' "$n") "$@")
	for h in "${UPD_HOSTS[@]}"; do echo "netns add $(upd_ns "$h")"; done | ip -b - || return 1
	{
		echo "link set lo up"
		echo "link add br0 type bridge mcast_snooping 1"
		echo "link set br0 up"
		for h in "${UPD_HOSTS[@]:1}"; do
			i=p$h
			[ "$h" = s ] && i=sp
			echo "link add $i type veth peer name eth0 netns $(upd_ns "$h")"
			echo "link set $i master br0 up"
		done
	} | ip -n "$(upd_ns br)" -b - || return 1
	upd_host s $UPD_S fe80::1 || return 1
	for i in $(seq "$n"); do
		upd_host r$i 2001:db8:9::1:$i fe80::1:$i || return 1
	done
	for h in "$@"; do
		upd_host "$h" 2001:db8:9::$h fe80::$h || return 1
	done
}

upd_topo_down() {
	local h

	for h in "${UPD_HOSTS[@]}"; do echo "netns del $(upd_ns "$h")"; done | ip -force -b - 2>/dev/null
	UPD_HOSTS=()
}

upd_setup() {
	U=${SEG6X_BIN:-$REPO/build/bin}/seg6x-update
	[ -x "$U" ] || skip "no build/bin/seg6x-update (make update-all)"
	ip netns add "probe-$$" 2>/dev/null || skip "no ip netns"
	ip netns del "probe-$$"
	tmp=$(mktemp -d)
	pids=()
	trap upd_cleanup EXIT
}

upd_cleanup() {
	local p

	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	upd_topo_down
	rm -rf "$tmp"
}
