#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# avr-isa corpus programs as SR-IoT processes across five avr-exec nodes,
# each one's final state in the network checked against `sriot ref`
# (simavr): minmax (four sensors through a pointer), ports.c (~100 process
# hops, far more IPv6 hops than a sender's hop limit), switch.c (no ports),
# a recursive fib.c with the --sram sriot build asks for
# and fixed.c (more than one visit's default budget).
#
#  +---+ link0 +----+ link1 +----+ link2 +----+ link3 +----+ link4 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |-------| n4 |-------| n5 |
#  +---+       +----+       +----+       +----+       +----+       +----+
#  sender       TEMP1 0x26   TEMP2 0x27   TEMP3 0x28   FAN 0x2a     HEATER 0x2b
#               (sensor)     (sensor)     (sensor)     (actuator)   (actuator)
#  fc00:1:0::1  node nk: SID fc00:0:k::a action avr-exec, fc00:0:k::e End
#                         (netem loss on link2 for the duplicate checks)
#
# Needs root, seg6x.ko, the patched ip first in PATH, build/bin/sriot and
# avr-gcc; exits 4 (skip) otherwise. Output is TAP. Helpers and the
# topology: lib/sriot_net_common.sh.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/sriot_net_common.sh"
sriot_ports_file "$tmp/avg.ports"

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
	same_as_ref "corpus $name: final state in the network = simavr ($(jv "$(head -1 "$tmp/$name.run")" \
		'"\(.status), \(.steps) steps, \(.hops) hops"' 2>/dev/null))" \
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
# no ports: the whole program runs on node 0 (a table of function pointers:
# sriot build cannot size its stack and asks for --sram)
corpus "$CORPUS/switch.c" "$tmp/avg.ports" "" --sram 80
# a recursive Fibonacci with the --sram that build asks for: fib(10) = 55
corpus "$REPO/tests/unit/sriot/fib.c" "$tmp/avg.ports" "" --sram 128
eq "fib.c: fib(10) = 55 in r24 in the network" 55 "$(jv "$(head -1 "$tmp/fib.run")" '.regs[24]')"
# 155k instructions: more than one visit's default budget of 100000
ip -n "$(ns n1)" sriot set hop-budget 1000000
corpus "$CORPUS/fixed.c" "$tmp/avg.ports" "" --step-limit 1000000

echo "# ${SECONDS}s: run vs ref done"

tap_end
