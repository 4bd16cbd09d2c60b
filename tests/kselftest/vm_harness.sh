#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What tests/vm/run promises every other kselftest script here:
# the pinned kernel it was asked for (--kernel), the suite loaded with its BTF, module auto-loading,
# the patched ip first in PATH, netns + veth, Debian's python3 with scapy,
# and a writable repository at the host's path.
#
#   +-----+ veth            veth +-----+
#   |  a  |-----------------------|  b  |
#   +-----+ fc00:99::1  fc00:99::2 +-----+
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
KVER=${SEG6X_KVER:-6.12.117+deb12-amd64}
rnd=$(mktemp -u XXXXXX)
a=a-$rnd b=b-$rnd
. "$(dirname "$0")/lib/tap.sh"

cleanup() { ip netns del "$a" 2>/dev/null; ip netns del "$b" 2>/dev/null; }
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (run it through tests/vm/run)"; exit 4; }
[ -d /sys/module/9pnet_virtio ] || { echo "SKIP: not inside the tests/vm/run guest"; exit 4; }

echo "TAP version 13"
check "running kernel is the pinned $KVER" test "$(uname -r)" = "$KVER"
check "seg6x module loaded (/sys/module/seg6x)" test -d /sys/module/seg6x
check "seg6x module BTF present (/sys/kernel/btf/seg6x)" test -s /sys/kernel/btf/seg6x
check "module auto-loading works (modprobe dummy)" modprobe dummy
if [ -x "$REPO/build/bin/ip" ]; then
	# tests/vm/run snapshots build/bin at boot into $SEG6X_BIN
	check "ip is the patched build/bin/ip (boot snapshot)" \
		test "$(command -v ip)" = "${SEG6X_BIN:-$REPO/build/bin}/ip"
else
	ok "ip is the patched build/bin/ip # SKIP build/bin/ip not built (make ip)"
fi

ip netns add "$a" && ip netns add "$b"
ip link add va netns "$a" type veth peer name vb netns "$b"
ip -n "$a" addr add fc00:99::1/64 dev va nodad
ip -n "$b" addr add fc00:99::2/64 dev vb nodad
ip -n "$a" link set va up
ip -n "$b" link set vb up
check "netns + veth: a pings b over IPv6" ip netns exec "$a" ping -6 -c1 -W5 fc00:99::2

check "python3 is Debian's (/usr/bin/python3)" test "$(command -v python3)" = /usr/bin/python3
check "scapy imports and builds an SRv6 packet" python3 -c '
from scapy.layers.inet6 import IPv6, IPv6ExtHdrSegmentRouting
from scapy.layers.inet import UDP
p = IPv6(dst="fc00::1") / IPv6ExtHdrSegmentRouting(addresses=["fc00::1"]) / UDP()
assert len(bytes(p)) == 40 + 24 + 8'
check "repository is writable at the host path" touch "$REPO/build/.write-test"
rm -f "$REPO/build/.write-test"
check "bpffs mounted" grep -q ' /sys/fs/bpf bpf ' /proc/mounts

tap_end
