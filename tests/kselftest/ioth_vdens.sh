#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Internet of Threads: an unmodified program (OpenBSD nc) with its own IPv6
# address on a VDE network, unprivileged (Debian's vdens as uid 65534), is
# reachable across a seg6x gateway.
#
#  +--------+ fd00:1::/64 +---------------+ tap0 +------------+ vde0 +-------+
#  | client |-------------|       G       |------| vde_switch |------| vdens |
#  +--------+ ::2     ::1 +---------------+      +------------+      +-------+
#  fd00:5::/64 via G,     fc00:0:9::e  seg6x-end    fd00:5::/64      nc, uid 65534,
#  encap seg6 segs        fc00:0:9::d6 End.DX6 nh6  (::1 on tap0)    fd00:5::9
#  fc00:0:9::e,::d6       fd00:5::9
#
# The client's packets to fd00:5::/64 are SRv6-encapsulated through G's
# seg6x-end SID, then decapsulated by G's End.DX6 towards the vdens
# namespace; replies come back as plain IPv6. Checked: vdens's namespace is
# uid 65534's (a file it writes), its address answers pings, nc in it
# receives the client's bytes and the client its reply, G's seg6x-end
# counted the packets.
#
# The VM runner's chroot: the kernel refuses unshare(CLONE_NEWUSER) to a
# chrooted process (create_user_ns: current_chrooted()), and vdens needs
# it. So vdens starts outside the chroot, as switch_root does it: enter
# pid 1's mount namespace and root (the initramfs), unshare a mount
# namespace, move the runner's overlay root on top of / there and chroot
# into it. The overlay's own mounts (proc, dev, tmp, the repository) move
# with it; only that new mount namespace sees the change. Outside the VM
# (no chroot) vdens simply runs.
#
# Needs root, seg6x.ko, the patched ip, vdens, vde_switch, nc, setpriv, jq,
# /dev/net/tun; exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/tap.sh"
RND=$(mktemp -u XXXXXX)
C=vdens-c-$RND G=vdens-g-$RND
VD=fd00:5::9 PORT=8080
tmp=$(mktemp -d)
vpid=

eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (want $2, got $3)"; fi; }
x() { local n=$1; shift; ip netns exec "$n" "$@"; }
cleanup() {
	[ -n "$vpid" ] && kill "$vpid" 2>/dev/null
	[ -f "$tmp/sw.pid" ] && kill "$(cat "$tmp/sw.pid")" 2>/dev/null
	for n in $C $G; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root"
ip seg6x show 2>/dev/null | grep -qw seg6x-end || skip "seg6x.ko not loaded"
for t in vdens vde_switch nc setpriv nsenter jq; do command -v $t >/dev/null || skip "$t missing"; done
[ -e /dev/net/tun ] || modprobe tun 2>/dev/null
[ -e /dev/net/tun ] || skip "no /dev/net/tun"
# the VM has no udev: give the node the mode systemd's 50-udev-default.rules
# gives it on every Debian system (KERNEL=="tun", MODE="0666")
[ "$(stat -c %a /dev/net/tun)" = 666 ] || chmod 0666 /dev/net/tun

# unchrooted CMD...: CMD as root where unshare(CLONE_NEWUSER) is allowed (CMD
# with its full path: busybox's chroot prefers its own applets)
if unshare -U true 2>/dev/null; then
	unchrooted() { "$@"; }
elif [ /proc/1/root/mnt/root/. -ef / ] && [ -x /proc/1/root/bin/busybox ]; then
	unchrooted() {
		nsenter -t 1 -m -r -w /bin/busybox unshare -m /bin/busybox sh -c \
			'cd /mnt/root && { /bin/busybox mount --make-rprivate / 2>/dev/null; true; } &&
			 /bin/busybox mount --move . / && exec /bin/busybox chroot . "$@"' sh "$@"
	}
else
	skip "chrooted and not in the seg6x VM: unshare(CLONE_NEWUSER) is refused here"
fi

topo_up() {
	local n
	for n in $C $G; do
		ip netns add $n || return 1
		ip -n $n link set lo up
		x $n sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 >/dev/null || return 1
	done
	x $G sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.seg6_enabled=1 \
		net.ipv6.conf.default.seg6_enabled=1 >/dev/null
	ip link add c0 netns $C type veth peer name g0 netns $G || return 1
	ip -n $C addr add fd00:1::2/64 dev c0 nodad
	ip -n $G addr add fd00:1::1/64 dev g0 nodad
	ip -n $C link set c0 up
	ip -n $G link set g0 up
	x $G ip tuntap add tap0 mode tap &&
	x $G ip addr add fd00:5::1/64 dev tap0 nodad &&
	x $G ip link set tap0 up &&
	ip -n $G -6 route add fc00:0:9::e/128 encap seg6local action seg6x-end dev g0 &&
	ip -n $G -6 route add fc00:0:9::d6/128 encap seg6local action End.DX6 nh6 $VD dev tap0 &&
	ip -n $C -6 route add fc00:0:9::/48 via fd00:1::1 &&
	ip -n $C -6 route add fd00:5::/64 encap seg6 mode encap segs fc00:0:9::e,fc00:0:9::d6 \
		via fd00:1::1
}
check "topology: client, seg6x gateway G with a tap" topo_up
chmod 755 "$tmp"
mkdir -m 1777 "$tmp/run"
x $G vde_switch -s "$tmp/run/sw" -t tap0 -m 0777 -d -p "$tmp/sw.pid" >/dev/null 2>&1
check "vde_switch on G's tap0" test -S "$tmp/run/sw/ctl"

# The program in vdens, as nobody: its address, then nc answers once.
cat > "$tmp/run/vd.sh" <<EOF
ip -6 addr add $VD/64 dev vde0 nodad && ip link set vde0 up &&
ip -6 route add default via fd00:5::1 || exit 1
id -u > $tmp/run/ready
echo reply | exec nc -6 -l -N $PORT > $tmp/run/got
EOF
chmod 755 "$tmp/run/vd.sh"
unchrooted "$(command -v setpriv)" --reuid=65534 --regid=65534 --clear-groups \
	"$(command -v vdens)" "vde://$tmp/run/sw" /bin/sh "$tmp/run/vd.sh" > "$tmp/vdens.log" 2>&1 &
vpid=$!
for _ in $(seq 100); do [ -s "$tmp/run/ready" ] && break; sleep 0.1; done
if [ -s "$tmp/run/ready" ]; then
	ok "vdens started its program"
else
	nok "vdens started its program"
	sed 's/^/#   /' "$tmp/vdens.log"
	tap_end
	exit 1
fi
eq "the program's namespace belongs to uid 65534 (its file, seen from outside)" 65534 \
	"$(stat -c %u "$tmp/run/ready" 2>/dev/null)"
for _ in $(seq 20); do
	x $C ping -6 -c 1 -W 1 $VD >/dev/null 2>&1 && break
done
check "the client pings the program's own address across G" x $C ping -6 -c 2 -W 3 $VD
eq "nc in vdens answers the client's TCP connection" reply \
	"$(echo hello | x $C nc -6 -N -w 10 $VD $PORT 2>&1)"
for _ in $(seq 50); do kill -0 $vpid 2>/dev/null || break; sleep 0.1; done
eq "nc in vdens received the client's bytes" hello "$(cat "$tmp/run/got" 2>/dev/null)"
check "G's seg6x-end SID carried them" \
	test "$(ip -n $G -j seg6x stats behaviour seg6x-end | jq '.[0].packets')" -ge 4
[ $fails = 0 ] || sed 's/^/# vdens: /' "$tmp/vdens.log"

tap_end
