#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# OTIP gateway (seg6x "otip", ip otip): an unmodified service behind G is
# reachable only at the one-time address of the current window.
#
#  +--------+ fd00:1::/64 +-----+ fd00:3::/64 +---+ fd00:2::/64 +---------+
#  | client |-------------|  G  |-------------| R |-------------| service |
#  +--------+ ::2     ::1 +-----+ ::1     ::2 +---+ ::1     ::2 +---------+
#  routes fd00:7::/64 and  ip otip rules:          router,     TCP/UDP echo
#  fd00:8::/64 to G        svc.example  base       MTU 1300    on :7000
#                            fd00:7::, keyed, period 3 s
#                          old.example  base fd00:8::1:2:3:4, iothaddr, 32 s
#                          both to the service's stable address fd00:2::2
#
# The client computes addresses with build/bin/otip (the same C core as
# the module). Every sender computes checksums in software (tx offload off),
# so a wrong pseudo-header fix shows as lost bytes.
#  1. the current address: TCP bytes echoed, a ping, a UDP echo; the service
#     sees its stable address and the client's own; replies come back from
#     the one-time address (the client's sockets are connected to it).
#  2. a TCP flow opened in one window still echoes after two window changes.
#  3. a scan of 2000 random addresses of the /64 and the current address's
#     16 neighbours reaches nothing and is counted as guessed, exactly; a
#     ping to a neighbour too.
#  4. an address two windows old refuses a new connection: counted as stale.
#  5. iothaddr mode: the address `otip addr --mode iothaddr` prints works,
#     the keyed one for the same name and base does not.
#  6. ICMPv6 errors never show the stable address: a UDP datagram to a
#     closed port through the one-time address brings the client a port
#     unreachable from the one-time address quoting its datagram as sent
#     (checksums verified, its socket gets ECONNREFUSED); a datagram too big
#     for R's link brings R's Packet Too Big quoting the one-time address,
#     and the client's route to it learns MTU 1300; G's own Time Exceeded
#     (hop limit 1) quotes the one-time address; an error from the
#     service quoting no flow is dropped (no-flow) and never reaches it.
#  7. ip otip: show and -j, the kernel's refusals (EEXIST, ENOENT; the
#     parser's are host tests, tests/unit/ioth/ip_otip.sh) with exit 1 and
#     the rules unchanged, EPERM without CAP_NET_ADMIN, del; the drops in
#     ip seg6x stats; a namespace
#     with rules and flows deleted, rmmod while another has a rule, insmod
#     (the harness fails the run on any kernel splat).
#
# Needs root, seg6x.ko with "otip", the patched ip, build/bin/otip, python3,
# jq, ethtool, setpriv, nc (OpenBSD's); exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OTIP=$REPO/build/bin/otip
PY=/usr/bin/python3
PEER=$HERE/lib/otip_peer.py
. "$HERE/lib/tap.sh"
. "$HERE/lib/suite.sh"
RND=$(mktemp -u XXXXXX)
C=otip-c-$RND G=otip-g-$RND R=otip-r-$RND S=otip-s-$RND E=otip-e-$RND
SVC=fd00:2::2 PORT=7000
BASE=fd00:7:: NAME=svc.example PERIOD=3
BASE2=fd00:8::1:2:3:4 NAME2=old.example
tmp=$(mktemp -d)
pids=

eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (want $2, got $3)"; fi; }
x() { local n=$1; shift; ip netns exec "$n" "$@"; }
cleanup() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null; done
	for n in $C $G $R $S $E; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root"
ip seg6x show 2>/dev/null | grep -qw otip || skip "seg6x.ko without the otip behaviour"
ip otip help 2>&1 | grep -q "ip otip add" || skip "ip without 'ip otip' (make ip)"
[ -x "$OTIP" ] || skip "$OTIP missing (make all)"
for t in jq ethtool setpriv nc; do command -v $t >/dev/null || skip "$t missing"; done

topo_up() {
	local n
	for n in $C $G $R $S; do
		ip netns add $n || return 1
		ip -n $n link set lo up
		x $n sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 >/dev/null || return 1
	done
	x $G sysctl -qw net.ipv6.conf.all.forwarding=1 >/dev/null
	x $R sysctl -qw net.ipv6.conf.all.forwarding=1 >/dev/null
	ip link add c0 netns $C type veth peer name g0 netns $G &&
	ip link add r0 netns $R type veth peer name g1 netns $G &&
	ip link add s0 netns $S mtu 1300 type veth peer name r1 netns $R mtu 1300 || return 1
	ip -n $C addr add fd00:1::2/64 dev c0 nodad
	ip -n $G addr add fd00:1::1/64 dev g0 nodad
	ip -n $G addr add fd00:3::1/64 dev g1 nodad
	ip -n $R addr add fd00:3::2/64 dev r0 nodad
	ip -n $R addr add fd00:2::1/64 dev r1 nodad
	ip -n $S addr add $SVC/64 dev s0 nodad
	for l in "$C c0" "$G g0" "$G g1" "$R r0" "$R r1" "$S s0"; do
		ip -n ${l% *} link set ${l#* } up
		x ${l% *} ethtool -K ${l#* } tx off >/dev/null 2>&1
	done
	ip -n $C -6 route add fd00:7::/64 via fd00:1::1 &&
	ip -n $C -6 route add fd00:8::/64 via fd00:1::1 &&
	ip -n $G -6 route add fd00:2::/64 via fd00:3::2 &&
	ip -n $R -6 route add default via fd00:3::1 &&
	ip -n $S -6 route add default via fd00:2::1
}
check "topology: client, gateway G, router R, service" topo_up

printf '%s\n' 'correct horse battery staple' > $tmp/secret
chmod 600 $tmp/secret
SEC="--secret-file $tmp/secret"
addr() { "$OTIP" addr $NAME --base $BASE $SEC --period $PERIOD "$@"; }
# the same, computed by the peer right before it connects (lib/otip_peer.py)
AT="otip:$NAME --base $BASE $SEC --period $PERIOD"
export OTIP
# tcp_at MSG ARGS...: MSG over TCP (nc, waiting W s, default 3) to the address
# `otip addr ARGS` prints, computed in the client's shell right before nc
tcp_at() {
	local m=$1
	shift
	x $C sh -c 'm=$1; shift; echo "$m" | nc -N -w '"${W:-3}"' "$("$@")" '$PORT' 2>&1' \
		sh "$m" "$OTIP" addr "$@"
}
cnt() { ip -n $G -j otip show | jq -r ".[] | select(.name == \"$1\") | .$2"; }
drop() { ip -n $G -j seg6x stats behaviour otip | jq -r ".[0].drops[\"$1\"] // 0"; }	# snake_case
rules() { ip -n $G otip show | sed 's/ window [0-9]*//; s/ flows [0-9]*/ flows/'; }

# not through x(): $! must be the server itself, and its output must not
# hold the TAP pipe open
ip netns exec $S $PY "$PEER" server $PORT $SVC $tmp/service.log >/dev/null 2>&1 &
pids="$pids $!"
for _ in $(seq 50); do x $S ss -Hlnt "sport = :$PORT" | grep -q . && break; sleep 0.1; done

check "ip otip add $NAME (keyed, period $PERIOD)" \
	ip -n $G otip add $NAME base $BASE service $SVC secret-file $tmp/secret period $PERIOD
check "ip otip add $NAME2 (mode iothaddr, default period)" \
	ip -n $G otip add $NAME2 base $BASE2 service $SVC secret-file $tmp/secret mode iothaddr
eq "ip -j otip show: name, base, service, mode, period, offset, flows" \
	"svc.example fd00:7:: fd00:2::2 keyed 3 0 0 1024|old.example fd00:8::1:2:3:4 fd00:2::2 iothaddr 32 0 0 1024" \
	"$(ip -n $G -j otip show | jq -r '.[] | [.name, .base, .service, .mode, .period, .offset,
		.flows, .flows_max] | map(tostring) | join(" ")' | paste -sd'|')"
# between the client's windows before and after (a slow guest may pass one)
w=$("$OTIP" window --period $PERIOD)
gw=$(cnt $NAME window)
w1=$("$OTIP" window --period $PERIOD)
check "ip -j otip show: the gateway's window is the client's ($w <= $gw <= $w1)" \
	test "$gw" -ge "$w" -a "$gw" -le "$w1"
eq "ip otip show (text): settings line, counters, drops" \
	"otip svc.example base fd00:7:: service fd00:2::2 mode keyed period 3 offset 0|    accepted 0 forwarded 0 replies 0|    drops stale 0 guessed 0 no-flow 0 protocol 0 flows-full 0" \
	"$(ip -n $G otip show | head -3 | sed 's/ window.*//' | paste -sd'|')"

# ---- 1. the current address ----
eq "TCP: bytes echoed through the current address" hello \
	"$(tcp_at hello $NAME --base $BASE $SEC --period $PERIOD)"
eq "the service saw its stable address and the client's" "tcp $SVC fd00:1::2" \
	"$(grep ^tcp $tmp/service.log | tail -1)"
# up to three pings, each to the address computed right before it: a loaded
# guest can take more than a 3 s period between computing and sending
ping_now() {
	local i
	for i in 1 2 3; do x $C ping -6 -c 1 -W 3 "$(addr)" && return; done
	return 1
}
check "ping the current address" ping_now
eq "UDP: a datagram echoed back from the one-time address" dgram \
	"$(x $C $PY "$PEER" udp "$AT" $PORT dgram 2>&1)"
eq "flows accepted: TCP, echo, UDP" 3 "$(cnt $NAME accepted)"

# ---- 2. a TCP flow across two window changes (in the background) ----
ip netns exec $C $PY "$PEER" long "$AT" $PORT $((2 * PERIOD + 1)) > $tmp/long 2>&1 &
long=$!

# ---- 3. the scan ----
g0=$(cnt $NAME guessed)
u0=$(grep -c ^udp $tmp/service.log)
eq "scan: 2000 random addresses and 16 neighbours sent" 2016 \
	"$(x $C $PY "$PEER" scan "$(addr)" 2000 $PORT)"
sleep 0.3
eq "scan: the service received none of them" "$u0" "$(grep -c ^udp $tmp/service.log)"
eq "scan: all 2016 counted as guessed" 2016 $(($(cnt $NAME guessed) - g0))
refuse "ping a neighbour of the current address: no answer" "" \
	x $C ping -6 -c 1 -W 1 "$(addr | sed 's/[0-9a-f]*$/1/')"
eq "the neighbour's echo request counted as guessed" 2017 $(($(cnt $NAME guessed) - g0))

wait $long
eq "TCP flow opened before two window changes still echoes" "one two" "$(cat $tmp/long)"

# ---- 4. an old address ----
s0=$(cnt $NAME stale)
w=$("$OTIP" window --period $PERIOD)
W=1 refuse "a new TCP connection to the address of two windows ago is refused" "" \
	tcp_at late $NAME --base $BASE $SEC --period $PERIOD --window $((w - 2))
check "... and counted as stale" test "$(cnt $NAME stale)" -gt "$s0"

# ---- 5. iothaddr mode ----
a2=$("$OTIP" addr $NAME2 --base $BASE2 $SEC --mode iothaddr)
eq "iothaddr: TCP through the address of otip addr --mode iothaddr ($a2)" compat \
	"$(tcp_at compat $NAME2 --base $BASE2 $SEC --mode iothaddr)"
refuse "iothaddr: the keyed address of the same name and base is refused" "" \
	x $C ping -6 -c 1 -W 1 "$("$OTIP" addr $NAME2 --base $BASE2 $SEC)"
eq "iothaddr: one flow accepted, one guess" "1 1" \
	"$(cnt $NAME2 accepted) $(cnt $NAME2 guessed)"

# ---- 6. ICMPv6 errors ----
# error fields: ADDR TYPE OUTER-SOURCE QUOTED-SOURCE QUOTED-DEST ICMP-CSUM UDP-CSUM RECV
e=$(x $C $PY "$PEER" error "$AT" 7001 100 2>&1)
read -r a typ from qs qd ck uck got <<<"$e"
eq "closed port: a port unreachable from the one-time address ($e)" \
	"1 $a fd00:1::2 $a ok ok refused" "$typ $from $qs $qd $ck $uck $got"
case " $e " in
*" $SVC "*) nok "closed port: the error shows the stable address" ;;
*) ok "closed port: the error never shows the stable address" ;;
esac
e=$(x $C $PY "$PEER" error "$AT" 7002 1400 2>&1)
read -r a typ from qs qd ck uck got <<<"$e"
eq "too big for R: R's Packet Too Big quotes the one-time address ($e)" \
	"2 fd00:3::2 fd00:1::2 $a ok" "$typ $from $qs $qd $ck"
eq "PMTU: the client's route to the one-time address learnt R's MTU" "mtu 1300" \
	"$(x $C ip -6 route get "$a" | grep -o 'mtu [0-9]*')"
e=$(x $C $PY "$PEER" error "$AT" 7003 100 1 2>&1)
read -r a typ from qs qd ck uck got <<<"$e"
eq "hop limit 1: G's own Time Exceeded quotes the one-time address ($e)" \
	"3 fd00:1::1 fd00:1::2 $a ok ok" "$typ $from $qs $qd $ck $uck"
unr() { x $C awk '$1 == "Icmp6InDestUnreachs" {print $2}' /proc/net/snmp6; }
n0=$(cnt $NAME no_flow) u0=$(unr)
check "an error from the service quoting no flow" x $S $PY "$PEER" inject fd00:1::2 $SVC
sleep 0.3
eq "... is dropped as no-flow, the client gets no unreachable" "1 $u0" \
	"$(($(cnt $NAME no_flow) - n0)) $(unr)"

# ---- 7. the control plane ----
check "replies were rewritten, packets forwarded" \
	test "$(cnt $NAME replies)" -gt 4 -a "$(cnt $NAME forwarded)" -gt 4
eq "ip seg6x stats: otip-guessed is the sum of the rules' guesses" \
	$(($(cnt $NAME guessed) + $(cnt $NAME2 guessed))) "$(drop otip_guessed)"
r0=$(rules)
REFUSE_STATUS=1
refuse "a second rule of the same name: EEXIST" "rule exists" \
	ip -n $G otip add $NAME base fd00:9:: service $SVC secret-file $tmp/secret
refuse "a base /64 in use: EEXIST" "in use by rule svc.example" \
	ip -n $G otip add other base fd00:7::1 service $SVC secret-file $tmp/secret
refuse "a period ip refuses (the rest: tests/unit/ioth/ip_otip.sh, host)" \
	"period must be 1-86400" \
	ip -n $G otip add other base fd00:9:: service $SVC secret-file $tmp/secret period 0
refuse "deleting an unknown rule: ENOENT" "no such rule" ip -n $G otip del nothing
refuse "changes need CAP_NET_ADMIN" "Operation not permitted" \
	x $G setpriv --bounding-set -net_admin ip otip add other base fd00:9:: service $SVC \
	secret-file $tmp/secret
unset REFUSE_STATUS
eq "the rules unchanged by the refusals" "$r0" "$(rules)"
check "show needs no CAP_NET_ADMIN" x $G setpriv --bounding-set -net_admin ip otip show
check "ip otip del $NAME2" ip -n $G otip del $NAME2
eq "one rule left" "$NAME" "$(ip -n $G -j otip show | jq -r '.[].name')"
refuse "the deleted rule's address is gone" "" x $C ping -6 -c 1 -W 1 "$a2"

# a namespace with a rule and live flows goes; then the module, while
# another namespace has a rule (its pernet exit unregisters the hook)
eq "UDP again (a live flow)" again "$(x $C $PY "$PEER" udp "$AT" $PORT again 2>&1)"
check "a flow alive before the namespace goes" test "$(cnt $NAME flows)" -ge 1
kill $pids 2>/dev/null
pids=
ip netns del $G
ip netns add $E
check "a rule in one more namespace" \
	ip -n $E otip add $NAME base $BASE service $SVC secret-file $tmp/secret
unloaded=no
suite_fns_unload
for _ in $(seq 10); do
	rmmod seg6x 2>/dev/null && { unloaded=yes; break; }
	sleep 0.5
done
if [ $unloaded = yes ]; then
	ok "rmmod with a rule in a namespace, after one with rules and flows went"
	check "insmod again (seg6x and the pipe functions)" suite_load
else
	ok "# SKIP rmmod: the module is in use elsewhere ($(lsmod | awk '$1 == "seg6x" {print $3}') users)"
	suite_load
fi

tap_end
