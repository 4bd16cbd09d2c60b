#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# SR-IoT in the network: processes carried by SRv6 packets across five
# avr-exec nodes (action avr-exec), checked against `sriot ref` (simavr).
#
#  +---+ link0 +----+ link1 +----+ link2 +----+ link3 +----+ link4 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |-------| n4 |-------| n5 |
#  +---+       +----+       +----+       +----+       +----+       +----+
#  sender       TEMP1 0x26   TEMP2 0x27   TEMP3 0x28   FAN 0x2a     HEATER 0x2b
#               (sensor)     (sensor)     (sensor)     (actuator)   (actuator)
#  fc00:1:0::1  node nk: SID fc00:0:k::a action avr-exec, fc00:0:k::e End
#                         (netem loss on link2 for the duplicate checks)
#
# 1. The paper's example (tools/sriot-examples/avg.c) and avr-isa corpus
#    programs: `sriot run` equals `sriot ref` but for the fields only the
#    network knows (hops, and each write's node and dup flag); actuators
#    hold the values written, counters moved.
# 2. Hostile and malformed processes (lib/sriot_case.py, raw sockets): each
#    is dropped with the right drop reason or comes back with the right
#    status; nothing hangs.
# 3. Duplicates: the same process twice, and runs under 20% loss with
#    retransmissions: each actuator write is applied once per task.
# 4. `ip sriot monitor` reports the writes.
#
# Needs root, seg6x.ko, the patched ip first in PATH, build/bin/sriot and
# avr-gcc; exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SRIOT=$REPO/build/bin/sriot
PY=/usr/bin/python3
CORPUS=$REPO/tests/unit/avr/corpus
. "$HERE/lib/sriot_topo.sh"
. "$HERE/lib/tap.sh"
tmp=$(mktemp -d)
mon_pids=

# eq DESC WANT GOT
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (want $2, got $3)"; fi
}
cleanup() {
	local p
	for p in $mon_pids; do kill "$p" 2>/dev/null; done
	sriot_topo_down
	rm -rf "$tmp"
}
trap cleanup EXIT

in_ns() { local x=$1; shift; ip netns exec "$(ns "$x")" "$@"; }
# jget JSON EXPR: evaluate EXPR on the parsed JSON (as d)
jget() { echo "$1" | $PY -c "import json,sys; d=json.loads(sys.stdin.readline()); print($2)"; }
# counter NODE NAME, drop NODE NAME, packets NODE: avr-exec statistics
stats() { ip -n "$(ns "$1")" -j seg6x stats behaviour avr-exec; }
counter() { stats "$1" | jq -r ".[0].counters[\"$2\"]"; }
drop() { stats "$1" | jq -r ".[0].drops[\"$2\"] // 0"; }
packets() { stats "$1" | jq -r ".[0].packets"; }
# port NODE PORT FIELD: from ip -j sriot port show
port() {
	ip -n "$(ns "$1")" -j sriot port show | jq -r ".[] | select(.port == $(($2))) | .$3"
}
sum_counter() { local s=0 x; for x in n1 n2 n3 n4 n5; do s=$((s + $(counter $x "$1"))); done; echo $s; }

# strip FILE: a run/ref JSON result without what only the network knows
strip() {
	$PY -c "
import json, sys
d = json.loads(open(sys.argv[1]).readline())
d.pop('hops', None)
for w in d.get('writes', []):
    w.pop('node', None); w.pop('dup', None)
print(json.dumps(d, sort_keys=True))" "$1"
}
# same_as_ref DESC RUN REF: the stripped results are equal
same_as_ref() {
	local a b
	a=$(strip "$2" 2>&1) b=$(strip "$3" 2>&1)
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok "$1"
	else
		nok "$1"
		{ echo "run: $a"; echo "ref: $b"; } | sed 's/^/#   /'
	fi
}

[ "$(id -u)" = 0 ] || skip "needs root"
ip seg6x show 2>/dev/null | grep -q avr-exec || skip "seg6x.ko with avr-exec not loaded"
ip sriot show >/dev/null 2>&1 || skip "ip without 'ip sriot' (make ip)"
[ -x "$SRIOT" ] || skip "$SRIOT missing (make sriot-all)"
command -v avr-gcc >/dev/null || skip "avr-gcc missing"
command -v jq >/dev/null || skip "jq missing"

echo "TAP version 13"
sriot_topo_up || { nok "topology"; tap_end; exit 1; }
NODES=$SID1,$SID2,$SID3,$SID4,$SID5
check "h reaches n5 over n1-n4 (ping)" in_ns h ping -6 -c 1 -W 5 "$LO5"

# ---- 1. the paper's example and the corpus, run vs ref ----
sriot_avg_ports 20 25 24 || nok "avg ports configured"
ip -n "$(ns n4)" -j sriot monitor >"$tmp/mon4" 2>&1 &
mon_pids="$mon_pids $!"
sriot_ports_file "$tmp/avg.ports"
check "sriot build avg.c against the topology's SIDs" \
	"$SRIOT" build "$REPO/tools/sriot-examples/avg.c" --ports "$tmp/avg.ports" -o "$tmp/avg.task"
sleep 0.3	# the monitor subscribes
in_ns h "$SRIOT" run "$tmp/avg.task" --json --sym average --timeout 3s >"$tmp/avg.run" 2>&1
eq "avg: sriot run exits 0" 0 $?
"$SRIOT" ref "$tmp/avg.task" --json --sym average --port-values 0x26=20,0x27=25,0x28=24 \
	>"$tmp/avg.ref" 2>&1
same_as_ref "avg: run equals ref (but hops, node, dup)" "$tmp/avg.run" "$tmp/avg.ref"
r=$(head -1 "$tmp/avg.run")
eq "avg: status break" break "$(jget "$r" "d['status']")"
eq "avg: average (20+25+24)/3 = 23 in r24 and the symbol" "23 23" \
	"$(jget "$r" "d['regs'][24], d['syms'][0]['value']" | tr -d '(),')"
eq "avg: 5 hops (one per node)" 5 "$(jget "$r" "d['hops']")"
eq "avg: FAN (n4) on: value 1, 1 write" "1 1" "$(port n4 0x2a value) $(port n4 0x2a writes)"
eq "avg: HEATER (n5) off: value 0, 1 write" "0 1" "$(port n5 0x2b value) $(port n5 0x2b writes)"
eq "avg: each sensor read once" "1 1 1" \
	"$(port n1 0x26 reads) $(port n2 0x27 reads) $(port n3 0x28 reads)"
eq "avg: migrations n1-n4 = 4, returned on n5 = 1" "4 1" \
	"$(sum_counter migrations) $(counter n5 returned)"
check "avg: instructions counted on every node" sh -c "
	for x in n1 n2 n3 n4 n5; do [ \$(ip -n sriot-\$x-$TOPO_RND -j seg6x stats behaviour avr-exec |
		$PY -c 'import json,sys; print(json.load(sys.stdin)[0][\"counters\"][\"instructions\"])') -gt 0 ] || exit 1; done"
eq "avg: instructions over all nodes = the process's steps" \
	"$(jget "$r" "d['steps']")" "$(sum_counter instructions)"

# corpus PROG PORTSFILE PORTVALUES [build options]: one avr-isa corpus
# program in the network against simavr
corpus() {
	local prog=$1 pf=$2 pv=$3 name
	name=$(basename "$prog" .c)
	shift 3
	if ! "$SRIOT" build "$prog" --ports "$pf" -o "$tmp/$name.task" "$@" >"$tmp/$name.log" 2>&1; then
		nok "corpus $name: sriot build"; sed 's/^/#   /' "$tmp/$name.log"; return
	fi
	in_ns h "$SRIOT" run "$tmp/$name.task" --json --timeout 5s --retries 1 >"$tmp/$name.run" 2>&1
	"$SRIOT" ref "$tmp/$name.task" --json ${pv:+--port-values $pv} >"$tmp/$name.ref" 2>&1
	same_as_ref "corpus $name: final state in the network = simavr ($(jget "$(head -1 "$tmp/$name.run")" \
		"'%s, %s steps, %s hops' % (d['status'], d['steps'], d['hops'])" 2>/dev/null))" \
		"$tmp/$name.run" "$tmp/$name.ref"
}
# minmax: four sensors on n1-n4 read through a pointer, the alarm on n1
cat >"$tmp/minmax.ports" <<EOF
0x30 $SID1 sensor
0x31 $SID2 sensor
0x32 $SID3 sensor
0x33 $SID4 sensor
0x34 $SID1 actuator
EOF
for p in "n1 0x30 10" "n2 0x31 30" "n3 0x32 12" "n4 0x33 17"; do
	set -- $p
	ip -n "$(ns $1)" sriot port add "$2" mode sensor value "$3"
done
ip -n "$(ns n1)" sriot port add 0x34 mode actuator
corpus "$REPO/tools/sriot-examples/minmax.c" "$tmp/minmax.ports" 0x30=10,0x31=30,0x32=12,0x33=17
eq "minmax: the alarm on n1 is on" 1 "$(port n1 0x34 value)"
# ports.c: the ATmega's I/O registers become actuators of n1-n3; each of
# its 50 loop iterations goes n2 -> n3 -> n2: ~100 process hops, far more
# IPv6 hops than h's default hop limit of 64: it only arrives because every
# node sends the process on with a renewed hop limit
cat >"$tmp/ports.ports" <<EOF
0x24 $SID1 actuator
0x23 $SID2 actuator
0x25 $SID2 actuator
0x88 $SID3 actuator
0x89 $SID3 actuator
0x81 $SID3 actuator
0x3e $SID3 actuator
EOF
for p in "n1 0x24" "n2 0x23" "n2 0x25" "n3 0x88" "n3 0x89" "n3 0x81" "n3 0x3e"; do
	set -- $p
	ip -n "$(ns $1)" sriot port add "$2" mode actuator
done
corpus "$CORPUS/ports.c" "$tmp/ports.ports" "" --hop-limit 255
echo "# ${SECONDS}s: corpus ports"
eq "corpus ports: GPIOR0 (n3) took 50 writes" 50 "$(port n3 0x3e writes)"
# no ports: the whole program runs on node 0
corpus "$CORPUS/switch.c" "$tmp/avg.ports" ""
# 155k instructions: more than one visit's default budget of 100000
ip -n "$(ns n1)" sriot set hop-budget 1000000
corpus "$CORPUS/fixed.c" "$tmp/avg.ports" "" --step-limit 1000000

echo "# ${SECONDS}s: run vs ref done"
# ---- 2. hostile and malformed processes ----
# case NAME [options]: send, print the reply (JSON) or {"reply": null}
case_run() {
	local c=$1
	shift
	in_ns h $PY "$HERE/lib/sriot_case.py" "$c" --src "$H_ADDR" --nodes "$NODES" "$@"
}
r=$(case_run base --timeout 3)
eq "base process: break, r24 = TEMP1 = 20, FAN = 20" "break 20 20" \
	"$(jget "$r" "d['status'], d['regs'][24]" | tr -d "(),'") $(port n4 0x2a value)"

# dropped CASE REASON: no reply, REASON counted once on n1
dropped() {
	local c=$1 why=$2 before after r
	before=$(drop n1 "$why")
	r=$(case_run "$c" --timeout 0.5)
	after=$(drop n1 "$why")
	if [ "$r" = '{"reply": null}' ] && [ "$after" = $((before + 1)) ]; then
		ok "$c: dropped, drop reason $why counted"
	else
		nok "$c: dropped, drop reason $why counted ($why $before -> $after, reply $r)"
	fi
}
dropped tag malformed			# SRH tag 0x5211
dropped sl2 malformed			# segments left 2: 1 after End
dropped srh-tlv malformed		# a PadN TLV after the segments
dropped udp-len malformed		# UDP length 4 more than the packet
dropped truncated malformed		# payload 16 bytes short (UDP agrees)
dropped bad-magic malformed
dropped bad-version malformed
dropped code-words malformed		# 9 code words, 1 code segment
dropped port-node malformed		# a port map entry naming node 5 of 5
dropped log-len malformed		# log_len = log_cap + 1
dropped sram-base malformed		# SRAM window at 0xf0
dropped return-mcast unroutable		# segments[0] = ff02::1

# before_avr CASE: dropped by the kernel's SRH checks, avr-exec never sees it
before_avr() {
	local c=$1 before after r
	before=$(packets n1)
	r=$(case_run "$c" --timeout 0.5)
	after=$(packets n1)
	if [ "$r" = '{"reply": null}' ] && [ "$after" = "$before" ]; then
		ok "$c: dropped before avr-exec (End's SRH checks), no reply"
	else
		nok "$c: dropped before avr-exec ($before -> $after packets, reply $r)"
	fi
}
before_avr sl0				# segments left 0 on arrival
before_avr srh-cut			# the packet ends inside the SRH

# returned CASE NODE STATUS EXPR [options]: the reply has STATUS and EXPR
# holds; returned-failed counted on NODE
returned() {
	local c=$1 node=$2 st=$3 expr=$4 before after r
	shift 4
	before=$(counter "$node" returned-failed)
	r=$(case_run "$c" --timeout 5 "$@")
	after=$(counter "$node" returned-failed)
	if [ "$(jget "$r" "d.get('status')" 2>/dev/null)" = "$st" ] &&
	   [ "$(jget "$r" "bool($expr)" 2>/dev/null)" = True ] &&
	   [ "$after" = $((before + 1)) ]; then
		ok "$c: returned with status $st ($expr)"
	else
		nok "$c: returned with status $st ($expr; returned-failed $before -> $after)"
		echo "#   reply: $r" | cut -c1-400
	fi
}
returned bad-opcode n1 fault "d['fault'] == 5 and d['pc'] == 1 and d['steps'] == 1"	# EIJMP
ip -n "$(ns n1)" sriot set hop-budget 1000
returned budget-bomb n1 hop-budget "d['steps'] == 1000 and d['pc'] == 1 and d['hops'] == 1"
returned step-limit n1 step-limit "d['steps'] == 1"
returned hop-limit n4 hop-limit "d['hops'] == 1 and d['steps'] == 1 and d['last_node'] == 0"
returned port-loop n1 port-loop "d['fault_addr'] == 0x2a and d['steps'] == 1"
returned unknown-port n1 unknown-port "d['fault_addr'] == 0x2c and d['steps'] == 1"
returned io-fault n1 io-fault "d['fault_addr'] == 0x26 and d['steps'] == 1"
eq "io-fault: the sensor kept its value" 20 "$(port n1 0x26 value)"
r=$(case_run base --timeout 3)
eq "a valid process still runs after all that" break "$(jget "$r" "d.get('status')")"
ip -n "$(ns n1)" sriot set hop-budget 100000

echo "# ${SECONDS}s: hostile done"
# ---- 3. duplicates ----
w0=$(port n4 0x2a writes) d0=$(port n4 0x2a dups) c0=$(counter n4 duplicate-writes)
r=$(case_run base --count 2 --task-id 0x5eed0001 --timeout 3)
eq "same process twice: two replies" 2 "$(echo "$r" | grep -c break)"
eq "first copy writes, second is marked dup (log flags)" "0 1" \
	"$(echo "$r" | while read -r l; do jget "$l" "d['log'][0][3]"; done | tr '\n' ' ' | sed 's/ $//')"
eq "port 0x2a: writes +1, dups +1, duplicate-writes counter +1" "1 1 1" \
	"$(($(port n4 0x2a writes) - w0)) $(($(port n4 0x2a dups) - d0)) $(($(counter n4 duplicate-writes) - c0))"

if [ -x /sbin/tc ] || command -v tc >/dev/null; then
	TC=$(command -v tc || echo /sbin/tc)
	if in_ns n2 $TC qdisc add dev east root netem loss 20% 2>"$tmp/tc.err" &&
	   in_ns n3 $TC qdisc add dev west root netem loss 20%; then
		runs=10 done_=0 dups=0
		fw0=$(port n4 0x2a writes) hw0=$(port n5 0x2b writes)
		fd0=$(port n4 0x2a dups) hd0=$(port n5 0x2b dups)
		for i in $(seq $runs); do
			if in_ns h "$SRIOT" run "$tmp/avg.task" --retries 10 --timeout 1s --json --sym average \
				>"$tmp/loss.$i" 2>&1; then
				done_=$((done_ + 1))
			fi
		done
		fw=$(($(port n4 0x2a writes) - fw0)) hw=$(($(port n5 0x2b writes) - hw0))
		dups=$(($(port n4 0x2a dups) - fd0 + $(port n5 0x2b dups) - hd0))
		eq "20% loss on link2: all $runs runs complete (retries 10)" $runs $done_
		eq "20% loss: each task's 2 writes applied once (FAN, HEATER writes)" \
			"$done_ $done_" "$fw $hw"
		echo "# 20% loss: $dups duplicate writes skipped over $runs tasks"
		same=0
		for i in $(seq $runs); do
			[ "$(strip "$tmp/loss.$i" 2>/dev/null)" = "$(strip "$tmp/avg.ref")" ] &&
				same=$((same + 1))
		done
		eq "20% loss: every run's result equals ref" $runs $same
		in_ns n2 $TC qdisc del dev east root
		in_ns n3 $TC qdisc del dev west root
	else
		ok "duplicates under loss # SKIP netem: $(head -1 "$tmp/tc.err")"
	fi
else
	ok "duplicates under loss # SKIP no tc"
fi

echo "# ${SECONDS}s: duplicates done"
# ---- 4. ip sriot monitor ----
sleep 0.2
for p in $mon_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
mon_pids=
ev=$($PY -c "
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
w = [e for e in ev if e.get('event') == 'write' and e.get('port') == 0x2a]
print(len([e for e in w if not e['dup']]), len([e for e in w if e['dup']]))" "$tmp/mon4" 2>&1)
eq "ip sriot monitor on n4: one event per write of 0x2a (applied, dup)" \
	"$(port n4 0x2a writes) $(port n4 0x2a dups)" "$ev"

tap_end
