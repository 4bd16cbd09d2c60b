#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# seg6x without the patched ip: Debian's own /sbin/ip (bookworm's iproute2
# 6.1, unmodified) installs seg6x behaviours from the per-behaviour glue
# objects that `make install` puts under /usr/lib/seg6x/ (here build/bpf/stock),
# with upstream syntax; a pyroute2 client reads the generic netlink family.
#
#   +-----+ veth  +---------------------------+ veth  +-----+
#   |  s  |-------| r  SID fc00:ff::e         |-------|  d  |
#   +-----+       |  End.BPF obj seg6x-end.o  |       +-----+
#  fc00:1::1   fc00:1::2                 fc00:2::1   fc00:2::2
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OBJ=$REPO/build/bpf/stock
STOCK_IP=/sbin/ip
CLIENT="/usr/bin/python3 $REPO/tools/pyroute2/seg6x_genl.py"
SID=fc00:ff::e
rnd=$(mktemp -u XXXXXX)
s=s-$rnd r=r-$rnd d=d-$rnd
. "$HERE/lib/tap.sh"
. "$HERE/lib/end_topo.sh"

cleanup() { for ns in $s $r $d; do ip netns del "$ns" 2>/dev/null; done; }
trap cleanup EXIT

[ -f "$OBJ/seg6x-end.o" ] || skip "$OBJ/seg6x-end.o not built (make bpf)"
# the host's ip must be the distribution's, not a seg6x build
$STOCK_IP seg6x help >/dev/null 2>&1 && skip "$STOCK_IP is a seg6x build"

setup() { end_topo_setup $s $r $d; }

# same_stats NS BEHAVIOUR MIN: the pyroute2 client and the patched ip read the
# same packets and bytes for BEHAVIOUR, at least MIN packets (python starts
# slowly under TCG: one client run, one comparison)
same_stats() {
	local c j
	c=$(ip netns exec "$1" $CLIENT stats) || return 1
	j=$(ip -n "$1" -j seg6x stats behaviour "$2") || return 1
	/usr/bin/python3 -c "
import json, sys
c = next(b for b in json.loads(sys.argv[1]) if b['behaviour'] == sys.argv[3])
i = json.loads(sys.argv[2])[0]
print('# client', c['packets'], c['bytes'], 'ip', i['packets'], i['bytes'])
assert c['packets'] == i['packets'] >= int(sys.argv[4]), (c, i)
assert c['bytes'] == i['bytes'], (c, i)" "$c" "$j" "$2" "$3"
}

echo "TAP version 13"
setup
echo "# $($STOCK_IP -V)"

check "stock ip installs seg6x-end as End.BPF from the object file" \
	$STOCK_IP -n $r -6 route add $SID/128 encap seg6local action End.BPF \
		endpoint obj "$OBJ/seg6x-end.o" sec lwt_seg6local dev vr2
show=$($STOCK_IP -n $r -6 route show $SID/128)
echo "# stock ip -6 route show: $show"
check "stock ip shows it as End.BPF with the object's name" \
	sh -c "echo '$show' | grep -q 'action End.BPF endpoint seg6x-end.o:\[lwt_seg6local\]'"
check "pings cross the SID installed by the stock ip" \
	ip netns exec $s ping -6 -c 3 -i 0.2 -W 2 fc00:2::2
check "pyroute2 client and patched ip read the same seg6x-end counters (>= 3 packets)" \
	same_stats $r seg6x-end 3
check "pyroute2 client lists seg6x-end and avr-exec" \
	sh -c "ip netns exec $r $CLIENT info | tr -d ' \n' | grep -q '\"seg6x-end\".*\"avr-exec\"'"
check "stock ip deletes the route" $STOCK_IP -n $r -6 route del $SID/128
refuse "pings no longer cross a deleted SID" "" \
	ip netns exec $s ping -6 -c 1 -W 1 fc00:2::2

check "stock ip installs avr-exec from its object file" \
	$STOCK_IP -n $r -6 route add fc00:ff::a/128 encap seg6local action End.BPF \
		endpoint obj "$OBJ/avr-exec.o" sec lwt_seg6local dev vr2
check "ip sriot port add (patched ip) 0x26 sensor 21" \
	ip -n $r sriot port add 0x26 mode sensor value 21
check "ip sriot port add (patched ip) 0x28 actuator" \
	ip -n $r sriot port add 0x28 mode actuator
ports=$(ip netns exec $r $CLIENT ports)
check "pyroute2 client reads both ports with mode and value" /usr/bin/python3 -c "
import json, sys
p = {x['port']: x for x in json.loads(sys.argv[1])}
assert p[0x26]['mode'] == 'sensor' and p[0x26]['value'] == 21, p
assert p[0x28]['mode'] == 'actuator' and len(p) == 2, p" "$ports"
refuse "pyroute2 client refuses an unknown request with its usage" "usage: seg6x_genl.py" \
	$CLIENT bogus

tap_end
