#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The SR-IoT demo, run inside the VM by `make demo`: the packet is the
# process, the network is the computer.
#
#  +---+ link0 +----+ link1 +----+ link2 +----+ link3 +----+ link4 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |-------| n4 |-------| n5 |
#  +---+       +----+       +----+       +----+       +----+       +----+
#  sender       TEMP1 0x26   TEMP2 0x27   TEMP3 0x28   FAN 0x2a     HEATER 0x2b
#               sensor 20    sensor 25    sensor 24    actuator     actuator
#               node nk: SID fc00:0:k::a, action avr-exec
#
# The SR-IoT paper's example (tools/sriot-examples/avg.c) reads the three
# temperatures, averages them and drives the fan and the heater: one packet
# visits the five nodes and comes back to h with the result, which is
# printed beside simavr's run of the same task (`sriot ref`).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SRIOT=$REPO/build/bin/sriot
. "$REPO/tests/kselftest/lib/sriot_topo.sh"
tmp=$(mktemp -d)
cleanup() { sriot_topo_down; rm -rf "$tmp"; }
trap cleanup EXIT
say() { printf '\n### %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
# show NODE CMD...: echo the command as a user on NODE would type it
on() { local x=$1; shift; printf '[%s] $ %s\n' "$x" "$*"; ip netns exec "$(ns "$x")" "$@"; }

sriot_topo_up

say "SR-IoT: five avr-exec nodes behind h (one SID each)"
for k in 1 2 3 4 5; do
	ip -n "$(ns n$k)" -6 route show "fc00:0:$k::a" | sed "s/^/n$k: /"
done

say "each node's ports"
on n1 ip sriot port add 0x26 mode sensor value 20
on n2 ip sriot port add 0x27 mode sensor value 25
on n3 ip sriot port add 0x28 mode sensor value 24
on n4 ip sriot port add 0x2a mode actuator
on n5 ip sriot port add 0x2b mode actuator
on n1 ip sriot show

say "the task: tools/sriot-examples/avg.c"
sed -n '/^#define TEMP1/,$p' "$REPO/tools/sriot-examples/avg.c"
sriot_ports_file "$tmp/avg.ports"
run cat "$tmp/avg.ports"
run "$SRIOT" build "$REPO/tools/sriot-examples/avg.c" --ports "$tmp/avg.ports" -o "$tmp/avg.task"

say "what travels: one packet, code in the segment list"
run "$SRIOT" dump "$tmp/avg.task" | sed '/^bytes/,$d'

say "run it in the network (left) and on simavr (right)"
ip -n "$(ns n4)" sriot monitor >"$tmp/monitor" 2>&1 &
mon=$!
sleep 0.3
echo "[h] \$ sriot run avg.task --sym average --timeout 3s"
echo "\$ sriot ref avg.task --sym average --port-values 0x26=20,0x27=25,0x28=24"
ip netns exec "$(ns h)" "$SRIOT" run "$tmp/avg.task" --sym average --timeout 3s >"$tmp/run" || true
"$SRIOT" ref "$tmp/avg.task" --sym average --port-values 0x26=20,0x27=25,0x28=24 \
	>"$tmp/ref" || true
printf '%-44s %s\n' "sriot run (5 nodes)" "sriot ref (simavr)"
printf '%-44s %s\n' "-------------------" "------------------"
pr -m -t -w 90 "$tmp/run" "$tmp/ref"
sleep 0.2
kill $mon 2>/dev/null || true
wait $mon 2>/dev/null || true
if diff <(grep -vE '^hops|  node ' "$tmp/run") <(grep -vE '^hops|  node ' "$tmp/ref") >/dev/null; then
	echo "=> same final state (hops and each write's node are the network's)"
else
	echo "=> DIFFERENT final states"
fi

say "the actuators"
on n4 ip sriot port show
on n5 ip sriot port show
echo "[n4] ip sriot monitor saw:"
sed 's/^/    /' "$tmp/monitor"

say "what each node's avr-exec counted"
for x in n1 n2 n3 n4 n5; do
	on "$x" ip seg6x stats behaviour avr-exec
done
echo
echo "demo sriot: done"
