#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The SRv6Pipes demo, run inside the VM by `make demo`: SRv6Pipes' own
# example, `echo "I love dogs!" | base64 | sed s/RvZ3/NhdH/g | base64 -d`,
# as one TCP connection whose segment list names the three functions, run
# by two proxies: base64 and sed on proxy1, base64 -d on proxy2.
#
#  +--------+ c0  p0 +-----------------+ p1  q0 +-----------------+ q1  s0 +--------+
#  | client |--------| proxy1 (P)      |--------| proxy2 (Q)      |--------| server |
#  +--------+        | fc00:0:1::/80   |        | fc00:0:2::/80   |        +--------+
#  2001:db8:1::1   2001:db8:1::2  2001:db8:2::1  2001:db8:2::2  2001:db8:3::1  2001:db8:3::2
#
# The pipeline is grown one function at a time, so the server's copy shows
# the bytes after each stage; then a live flow as each proxy's `ip pipe
# show` lists it (proxy1 sends on with proxy2's SID and the server as its
# routing header; proxy2 sees proxy1 as its client), and the counters.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$REPO/tests/kselftest/lib/tap.sh"
. "$REPO/tests/kselftest/lib/pipe_topo.sh"
trap pipe_cleanup EXIT
say() { printf '\n### %s\n' "$*"; }
on() { local x=$1; shift; printf '[%s] $ %s\n' "$x" "$*"; ip netns exec "$(eval echo \$$x)" "$@"; }

pipe_setup2 >/dev/null
ip netns exec $C ethtool -K c0 tx on >/dev/null
ip netns exec $P ethtool -K p1 tx on >/dev/null
pipe_serve

say "SRv6Pipes: each proxy announces a /80; every SID under it is a function"
on P ip -6 route show fc00:0:1::/80
on Q ip -6 route show fc00:0:2::/80
on P ip pipe function list
on P ip pipe sed add 3 RvZ3 NhdH
on P ip pipe sed show

B64E=fc00:0:1:0:0:b64e::
SED3=fc00:0:1:0:0:5ed0:0:3
B64D=fc00:0:2:0:0:b64d::
printf 'I love dogs!\n' > "$tmp/dogs"
# stage TITLE SIDS: the client's route through SIDS (then the server), one
# connection, and what the server read
stage() {
	say "$1"
	on C ip -6 route replace $SRV/128 encap seg6 mode encap segs "$2,$SRV" \
		via 2001:db8:1::2 dev c0
	printf '[C] $ echo "I love dogs!" | nc -N %s 8080\n' "$SRV"
	exchange "$tmp/dogs" >/dev/null
	printf '[S] read: %s\n' "$(cat "$tmp/srv.$conn")"
}
stage "client | base64 (proxy1)" "$B64E"
stage "client | base64 | sed s/RvZ3/NhdH/g (both on proxy1)" "$B64E,$SED3"
stage "client | base64 | sed s/RvZ3/NhdH/g (proxy1) | base64 -d (proxy2)" "$B64E,$SED3,$B64D"
echo "the same on the host: $(printf 'I love dogs!\n' | base64 | sed s/RvZ3/NhdH/g | base64 -d)"

say "a live flow, as each proxy lists it (the client holds it open 5 s)"
ip netns exec $C $PEER hold $SRV 8080 5 >/dev/null 2>&1 &
for _ in $(seq 50); do
	[ -n "$(ip -n $P pipe show)" ] && [ -n "$(ip -n $Q pipe show)" ] && break
	sleep 0.1
done
on P ip pipe show
on Q ip pipe show
wait $! 2>/dev/null || true

say "what the proxies counted"
on P ip seg6x stats behaviour pipe
on Q ip seg6x stats behaviour pipe
echo
echo "demo pipe: done"
