#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe_hostile.sh: what the pipe proxy refuses, and how it ends.
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# An unknown function is answered with a RST and counted; a sed SID naming
# an unset rule resets the connection; hostile SYNs (reduced SRH, truncated
# TCP, bad data offset, not TCP) are dropped with a named reason; the
# proxy's netns goes away with a live flow (the VM checks the kernel log).
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3 with
# scapy, nc; exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/tap.sh"
. "$HERE/lib/pipe_topo.sh"
trap pipe_cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root"
ip seg6x show 2>/dev/null | grep -q "behaviour pipe" || skip "kernel has no pipe behaviour"
pipe_setup || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy with action pipe, server"
pipe_serve || nok "server started"
printf 'I love dogs!\n' > "$tmp/dogs"

# an unknown function: RST, counted, never a bypass
via fc00:0:1:0:0:1234::
before=$(drop pipe-unknown-function)
err=$(ip netns exec $C $PEER send $SRV 8080 "$tmp/dogs" "$tmp/back" --timeout 10 2>&1)
[ "$err" = refused ] && ok "unknown function 0x1234: the client's SYN is refused (RST)" ||
	nok "unknown function 0x1234: the client's SYN is refused (RST) (got: $err)"
[ "$(drop pipe-unknown-function)" -gt "$before" ] &&
	ok "unknown function counted as pipe-unknown-function" ||
	nok "unknown function counted as pipe-unknown-function"

# a sed SID naming an unset rule: the connection is reset, never bypassed
refuse "sed rule 16 refused (ids 0-15)" "errno=34" ip netns exec $P $CTL sed-set 16 a b
refuse "deleting an unset rule: ENOENT" "errno=2$" ip netns exec $P $CTL sed-del 5
via fc00:0:1:0:0:5ed0:0:5
before=$(counter reset)
err=$(ip netns exec $C $PEER send $SRV 8080 "$tmp/dogs" "$tmp/back" --timeout 10 2>&1)
[ "$err" = reset ] && ok "sed with an unset rule: the client is reset" ||
	nok "sed with an unset rule: the client is reset (got: $err)"
[ "$(counter reset)" -gt "$before" ] && ok "counted as reset" || nok "counted as reset"
[ ! -e "$tmp/srv.1" ] && ok "nothing reached the server" || nok "nothing reached the server"

# hostile packets: dropped and counted by name
for r in pipe-reduced-srh malformed pipe-not-tcp; do
	eval "before_${r//-/_}=$(drop $r)"
done
ip netns exec $C $PKT fc00:0:1:: $SRV 3 reduced short-tcp bad-doff udp
sleep 1
hostile() {	# DESC REASON N
	local before after
	eval "before=\$before_${2//-/_}"
	after=$(drop "$2")
	[ $((after - before)) = "$3" ] && ok "$1: dropped as $2 ($3 of $3)" ||
		nok "$1: dropped as $2 ($((after - before)) of $3)"
}
hostile "reduced SRH SYN" pipe-reduced-srh 3
hostile "truncated TCP header, data offset 2" malformed 6
hostile "UDP after the SRH" pipe-not-tcp 3

# netns exit with a live flow
via fc00:0:1::
ip netns exec $C $PEER hold $SRV 8080 60 > /dev/null 2>&1 &
pids="$pids $!"
for _ in $(seq 100); do
	[ "$(counter flows)" -ge 1 ] && break
	sleep 0.2
done
check "a flow is live before the proxy's netns goes" \
	sh -c "ip netns exec $S ss -Htn state established | grep -q 8080"
ip netns del $P && ok "proxy netns deleted with a live flow" || nok "proxy netns deleted"
sleep 2

tap_end
