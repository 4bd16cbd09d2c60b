#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Internet of Threads: userspace SR-IoT nodes (ioth-node, unprivileged
# processes on a VDE switch) and kernel avr-exec nodes in one machine.
#
#  +---+ link0 +----+ link1 +----+ link2 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |     kernel nodes: avr-exec
#  +---+       +----+       +----+       +----+     SID fc00:0:k::a on nk
#  sender      TEMP1 0x26     | tap0      TEMP3 0x28
#  fc00:1:0::1 HEATER 0x2b    | fc00:1:5::1/64 (the one privileged step)
#                     +--------------+
#                     |  vde_switch  |  (in n2's netns, -t tap0)
#                     +--------------+
#                       |          |
#                   +------+    +------+     ioth-node as uid 65534,
#                   |  u1  |    |  u2  |     plugged in by vde://
#                   +------+    +------+
#        fc00:1:5::2, SID fc00:0:6::a    fc00:1:5::3, SID fc00:0:7::a
#        TEMP2 0x27 (exec: a script)     FAN 0x2a (file), OTIP service
#        0x26 sensor 20 (hostile cases)  "svc.sriot.example" in fc00:1:6::/64
#
# link i is fc00:1:i::/64 (::1 left, ::2 right). Kernel routes only name
# next hops: n2 sends fc00:0:6::/48 to u1, fc00:0:7::/48 and fc00:1:6::/64
# to u2; n1 and n3 send everything they do not hold to n2.
#
# 1. ND and echo to the userspace nodes from the link and from h.
# 2. The paper's temperature task (avg.c) hops n1 -> u1 -> n3 -> u2 -> n1:
#    `sriot run` equals `sriot ref`; the FAN's file and the nodes' counters.
# 3. Hostile processes at u1: dropped with the kernel's drop reasons, or
#    returned with its statuses; a duplicate write is suppressed.
# 4. OTIP: the address `otip addr` computes answers (and the previous
#    window's); an old, a guessed and scanned addresses do not, and u2
#    counts them as otip-refused.
#
# Needs root, seg6x.ko, the patched ip, build/bin/{sriot,ioth-node,otip},
# vde_switch, avr-gcc, jq; exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BIN=$REPO/build/bin
SRIOT=$BIN/sriot
NODE=$BIN/ioth-node
OTIP=$BIN/otip
PY=/usr/bin/python3
. "$HERE/lib/tap.sh"
tmp=$(mktemp -d)
U1_ADDR=fc00:1:5::2 U2_ADDR=fc00:1:5::3
U1_SID=fc00:0:6::a U2_SID=fc00:0:7::a
H_ADDR=fc00:1:0::1 SID1=fc00:0:1::a SID3=fc00:0:3::a
RND=$(mktemp -u XXXXXX)
OTIP_BASE=fc00:1:6:: OTIP_NAME=svc.sriot.example
pids=

eq() { if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (want $2, got $3)"; fi; }
cleanup() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null; done
	[ -f "$tmp/sw.pid" ] && kill "$(cat "$tmp/sw.pid")" 2>/dev/null
	for x in h n1 n2 n3; do ip netns del "$(ns $x)" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

in_ns() { local x=$1; shift; ip netns exec "$(ns "$x")" "$@"; }
. "$HERE/lib/json.sh"
# ushow U: a userspace node's state (JSON); ucnt U counters|drops KEY
# (snake_case keys, docs/json.md)
ushow() { "$NODE" ctl "$tmp/$1.ctl" show; }
ucnt() { ushow "$1" | jq -r ".$2[\"$3\"]"; }
uport() { ushow "$1" | jq -r ".ports[] | select(.port == $(($2))) | .$3"; }
kport() { ip -n "$(ns "$1")" -j sriot port show | jq -r ".[] | select(.port == $(($2))) | .$3"; }

[ "$(id -u)" = 0 ] || skip "needs root"
ip seg6x show 2>/dev/null | grep -q avr-exec || skip "seg6x.ko with avr-exec not loaded"
ip sriot show >/dev/null 2>&1 || skip "ip without 'ip sriot' (make ip)"
for x in "$SRIOT" "$NODE" "$OTIP"; do [ -x "$x" ] || skip "$x missing (make all)"; done
command -v vde_switch >/dev/null || skip "vde_switch missing (vde2)"
command -v setpriv >/dev/null || skip "setpriv missing"
command -v avr-gcc >/dev/null || skip "avr-gcc missing"
command -v jq >/dev/null || skip "jq missing"
[ -e /dev/net/tun ] || modprobe tun 2>/dev/null
[ -e /dev/net/tun ] || skip "no /dev/net/tun"

ns() { echo "ioth-$1-$RND"; }
topo_up() {
	local x k left=h right
	for x in h n1 n2 n3; do
		ip netns add "$(ns $x)" || return 1
		ip -n "$(ns $x)" link set lo up
		in_ns $x sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.seg6_enabled=1 net.ipv6.conf.default.seg6_enabled=1 \
			net.ipv6.conf.all.forwarding=1 >/dev/null || return 1
	done
	for k in 1 2 3; do
		right=n$k
		ip link add east netns "$(ns $left)" type veth peer name west netns "$(ns $right)" ||
			return 1
		ip -n "$(ns $left)" addr add fc00:1:$((k - 1))::1/64 dev east nodad
		ip -n "$(ns $right)" addr add fc00:1:$((k - 1))::2/64 dev west nodad
		ip -n "$(ns $left)" link set east up
		ip -n "$(ns $right)" link set west up
		left=$right
	done
	ip -n "$(ns h)" -6 route add default via fc00:1:0::2
	ip -n "$(ns n1)" -6 route add default via fc00:1:1::2
	ip -n "$(ns n3)" -6 route add default via fc00:1:2::1
	ip -n "$(ns n2)" -6 route add default via fc00:1:1::1
	ip -n "$(ns n2)" -6 route add fc00:0:3::/48 via fc00:1:2::2
	for k in 1 3; do
		ip -n "$(ns n$k)" -6 route add fc00:0:$k::a/128 encap seg6local action avr-exec \
			dev west || return 1
	done
	# the VDE side: a tap in n2, a switch on it
	in_ns n2 ip tuntap add tap0 mode tap &&
	in_ns n2 ip addr add fc00:1:5::1/64 dev tap0 nodad &&
	in_ns n2 ip link set tap0 up &&
	in_ns n2 ip -6 route add fc00:0:6::/48 via $U1_ADDR dev tap0 &&
	in_ns n2 ip -6 route add fc00:0:7::/48 via $U2_ADDR dev tap0 &&
	in_ns n2 ip -6 route add $OTIP_BASE/64 via $U2_ADDR dev tap0
}

echo "TAP version 13"
chmod 755 "$tmp"
mkdir -m 1777 "$tmp/run"
topo_up || { nok "topology"; tap_end; exit 1; }
in_ns n2 vde_switch -s "$tmp/run/sw" -t tap0 -m 0777 -d -p "$tmp/sw.pid" >/dev/null 2>&1
check "vde_switch on n2's tap0" test -S "$tmp/run/sw/ctl"
echo "# ${SECONDS}s: topology up"

printf '#!/bin/sh\necho 25\n' > "$tmp/temp2"
chmod 755 "$tmp/temp2"
printf 'correct horse battery staple\n' > "$tmp/secret"
chmod 644 "$tmp/secret"	# u2 reads it as uid 65534
cat > "$tmp/u1.ports" <<EOF2
port 0x27 sensor exec $tmp/temp2
port 0x26 sensor 20
EOF2
cat > "$tmp/u2.ports" <<EOF2
port 0x2a actuator 0 file $tmp/run/fan
EOF2
# unode NAME ARGS...: an ioth-node as nobody, its control socket in $tmp
unode() {
	local u=$1
	shift
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NODE" run --vde "vde://$tmp/run/sw" --router fc00:1:5::1 --ctl "$tmp/run/$u.ctl" \
		--ports "$tmp/$u.ports" "$@" 2>"$tmp/$u.err" &
	pids="$pids $!"
	ln -s "$tmp/run/$u.ctl" "$tmp/$u.ctl"
}
# a shell script's start under TCG, on a loaded host, can take a second
unode u1 --addr $U1_ADDR/64 --sid $U1_SID --exec-timeout 5000
unode u2 --addr $U2_ADDR/64 --sid $U2_SID --otip $OTIP_NAME --otip-secret-file "$tmp/secret" \
	--otip-base $OTIP_BASE
for _ in $(seq 50); do [ -S "$tmp/run/u1.ctl" ] && [ -S "$tmp/run/u2.ctl" ] && break; sleep 0.1; done
check "two ioth-node processes up as uid 65534" sh -c \
	"[ \$(stat -c %u $tmp/run/u1.ctl) = 65534 ] && [ \$(stat -c %u $tmp/run/u2.ctl) = 65534 ]"

# ---- 1. ND and echo ----
check "n2 pings u1 on the VDE link (ND resolved by the node)" in_ns n2 ping -6 -c 1 -W 3 $U1_ADDR
check "h pings u1 across n1, n2 and the tap" in_ns h ping -6 -c 2 -i 0.3 -W 3 $U1_ADDR
check "h pings u2" in_ns h ping -6 -c 1 -W 3 $U2_ADDR
eq "u1 counted its echo replies and advertisements" "3 yes" \
	"$(ucnt u1 counters echo_replies) $([ "$(ucnt u1 counters na_sent)" -ge 1 ] && echo yes)"
in_ns n2 ip -6 neigh show $U1_ADDR dev tap0 | grep -q lladdr &&
	ok "n2 holds u1's link address (from the node's NA)" || nok "n2 neighbour entry for u1"
in_ns h bash -c "echo x > /dev/udp/$U1_ADDR/9"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ "$(ucnt u1 drops no_service)" = 1 ] && break; sleep 0.2; done
eq "u1: a UDP datagram to its address counted no-service" 1 "$(ucnt u1 drops no_service)"

echo "# ${SECONDS}s: ND/echo done"
# ---- 2. the temperature task across kernel and userspace nodes ----
ip -n "$(ns n1)" sriot port add 0x26 mode sensor value 20
ip -n "$(ns n1)" sriot port add 0x2b mode actuator
ip -n "$(ns n3)" sriot port add 0x28 mode sensor value 24
cat > "$tmp/avg.ports" <<EOF2
0x26 $SID1 sensor
0x27 $U1_SID sensor
0x28 $SID3 sensor
0x2a $U2_SID actuator
0x2b $SID1 actuator
EOF2
check "sriot build avg.c with ports on n1, u1, n3, u2 (and n1 again)" \
	"$SRIOT" build "$REPO/tools/sriot-examples/avg.c" --ports "$tmp/avg.ports" -o "$tmp/avg.task"
in_ns h "$SRIOT" run "$tmp/avg.task" --json --sym average --timeout 3s --retries 2 \
	>"$tmp/avg.run" 2>&1
eq "avg: sriot run exits 0" 0 $?
"$SRIOT" ref "$tmp/avg.task" --json --sym average --port-values 0x26=20,0x27=25,0x28=24 \
	>"$tmp/avg.ref" 2>&1
a=$(strip "$tmp/avg.run" 2>&1) b=$(strip "$tmp/avg.ref" 2>&1)
if [ "${a:0:1}" = "{" ] && [ "$a" = "$b" ]; then ok "avg: run across kernel and userspace = sriot ref"
else nok "avg: run = ref"; { echo "run: $a"; echo "ref: $b"; } | sed 's/^/#   /'; fi
r=$(head -1 "$tmp/avg.run")
eq "avg: break, average 23, 5 hops (n1 u1 n3 u2 n1)" "break 23 5" \
	"$(jv "$r" '"\(.status) \(.regs[24]) \(.hops)"')"
eq "avg: u1's exec-backed TEMP2 read once, u2's FAN file holds 1" "1 1" \
	"$(uport u1 0x27 reads) $(cat "$tmp/run/fan" 2>&1)"
eq "avg: HEATER on n1 written 0 once" "0 1" "$(kport n1 0x2b value) $(kport n1 0x2b writes)"
eq "avg: u1 and u2 each migrated the process once" "1 1" \
	"$(ucnt u1 counters migrations) $(ucnt u2 counters migrations)"

echo "# ${SECONDS}s: task done"
# ---- 3. hostile processes at u1 (lib/ioth_cases.py: one process, u1's counters) ----
w0=$(uport u2 0x2a writes)
in_ns h $PY "$HERE/lib/ioth_cases.py" --src "$H_ADDR" --nodes "$U1_SID,$SID1,$SID3,$U2_SID" \
	--ctl "$tmp/run/u1.ctl" >"$tmp/cases" 2>&1
while IFS=$'\t' read -r res what why; do
	case $res in
	PASS) ok "u1: $what" ;;
	FAIL) nok "u1: $what ($why)" ;;
	*) nok "ioth_cases.py: $res $what" ;;
	esac
done <"$tmp/cases"
[ -s "$tmp/cases" ] || nok "ioth_cases.py printed nothing"
eq "u2 applied the duplicated task's write once (3 base tasks, 3 writes)" 3 \
	$(($(uport u2 0x2a writes) - w0))

echo "# ${SECONDS}s: hostile done"
# ---- 4. OTIP at u2 ----
S="--secret-file $tmp/secret"
cur=$("$OTIP" addr $OTIP_NAME --base $OTIP_BASE $S)
check "OTIP: h reaches the address otip computes ($cur)" in_ns h ping -6 -c 1 -W 3 "$cur"
prev=$("$OTIP" addr $OTIP_NAME --base $OTIP_BASE $S --prev)
check "OTIP: the previous window's address still answers" in_ns h ping -6 -c 1 -W 3 "$prev"
w=$("$OTIP" window)
old=$("$OTIP" addr $OTIP_NAME --base $OTIP_BASE $S --window $((w - 2)))
other=$("$OTIP" addr $OTIP_NAME --base $OTIP_BASE --secret-file "$tmp/u1.ports")
r0=$(ucnt u2 drops otip_refused)
refuse "OTIP: an address two windows old does not answer" "" in_ns h ping -6 -c 1 -W 1 "$old"
refuse "OTIP: the address of a wrong secret does not answer" "" in_ns h ping -6 -c 1 -W 1 "$other"
# one shell in h for the whole scan: netns entries cost under TCG
found=$(in_ns h sh -c "n=0; for i in 1 2 3 4 5 6 7 8; do
	a=\$(printf '%s%x:%x:%x:%x' $OTIP_BASE \$(od -An -N8 -tu2 /dev/urandom))
	ping -6 -c 1 -W 0.3 \$a >/dev/null 2>&1 && n=\$((n + 1)); done; echo \$n")
eq "OTIP: a scan of 8 random addresses of the /64 finds nothing" 0 $found
eq "OTIP: u2 counted the 10 refused addresses as otip-refused" 10 \
	$(($(ucnt u2 drops otip_refused) - r0))
for _ in 1 2; do	# once more if the window changed in between
	cur=$("$OTIP" addr $OTIP_NAME --base $OTIP_BASE $S)
	got=$(ushow u2 | jq -r .otip.addr)
	[ "$got" = "$cur" ] && break
done
eq "OTIP: u2 shows the address otip computes now" "$cur" "$got"

for u in u1 u2; do
	[ -s "$tmp/$u.err" ] && sed "s/^/# $u: /" "$tmp/$u.err"
done
echo "# ${SECONDS}s"
tap_end
