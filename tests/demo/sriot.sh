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
#
# Then the Internet of Threads: TEMP2 moves to u2, an ioth-node process run
# as nobody on a VDE switch behind a tap in n2 (the one privileged step),
# SID fc00:0:9::a, sensor 26; the same task, its ports file naming u2 for
# 0x27, visits four kernel nodes and the process, and equals `sriot ref`.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SRIOT=$REPO/build/bin/sriot
. "$REPO/tests/kselftest/lib/sriot_topo.sh"
tmp=$(mktemp -d)
NODE=$REPO/build/bin/ioth-node
upid=
cleanup() {
	[ -n "$upid" ] && kill "$upid" 2>/dev/null
	[ -f "$tmp/sw.pid" ] && kill "$(cat "$tmp/sw.pid")" 2>/dev/null
	sriot_topo_down
	rm -rf "$tmp"
}
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

say "Internet of Threads: TEMP2 on a userspace node (ioth-node as nobody, on VDE)"
if ! command -v vde_switch >/dev/null || [ ! -x "$NODE" ]; then
	echo "(skipped: vde_switch or $NODE missing)"
else
	[ -e /dev/net/tun ] || modprobe tun 2>/dev/null || true
	chmod 755 "$tmp"
	mkdir -m 1777 "$tmp/vde"
	on n2 ip tuntap add tap0 mode tap
	on n2 ip addr add fc00:1:9::1/64 dev tap0 nodad
	on n2 ip link set tap0 up
	on n2 ip -6 route add fc00:0:9::/48 via fc00:1:9::2 dev tap0
	on n1 ip -6 route add fc00:0:9::/48 via fc00:1:1::2
	on n2 vde_switch -s "$tmp/vde/sw" -t tap0 -m 0777 -d -p "$tmp/sw.pid"
	echo 'port 0x27 sensor 26' > "$tmp/u2.ports"
	echo "[u2] \$ ioth-node run --vde vde://SW --addr fc00:1:9::2/64 --router fc00:1:9::1 --sid fc00:0:9::a --ports u2.ports   # as uid 65534"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$NODE" run --vde "vde://$tmp/vde/sw" \
		--addr fc00:1:9::2/64 --router fc00:1:9::1 --sid fc00:0:9::a \
		--ports "$tmp/u2.ports" --ctl "$tmp/vde/u2.ctl" 2>"$tmp/u2.err" &
	upid=$!
	for _ in $(seq 50); do [ -S "$tmp/vde/u2.ctl" ] && break; sleep 0.1; done
	on h ping -6 -c 2 -i 0.5 -W 3 fc00:1:9::2 | grep -E 'transmitted' || true
	sed "s/^0x27 .*/0x27 fc00:0:9::a sensor/" "$tmp/avg.ports" > "$tmp/avg-u2.ports"
	run cat "$tmp/avg-u2.ports"
	"$SRIOT" build "$REPO/tools/sriot-examples/avg.c" --ports "$tmp/avg-u2.ports" \
		-o "$tmp/avg-u2.task" >/dev/null
	echo "[h] \$ sriot run avg-u2.task --sym average --timeout 3s"
	echo "\$ sriot ref avg-u2.task --sym average --port-values 0x26=20,0x27=26,0x28=24"
	ip netns exec "$(ns h)" "$SRIOT" run "$tmp/avg-u2.task" --sym average --timeout 3s \
		>"$tmp/run-u2" || true
	"$SRIOT" ref "$tmp/avg-u2.task" --sym average --port-values 0x26=20,0x27=26,0x28=24 \
		>"$tmp/ref-u2" || true
	printf '%-44s %s\n' "sriot run (4 kernel nodes + u2)" "sriot ref (simavr)"
	printf '%-44s %s\n' "-------------------------------" "------------------"
	pr -m -t -w 90 "$tmp/run-u2" "$tmp/ref-u2"
	if diff <(grep -vE '^hops|  node ' "$tmp/run-u2") <(grep -vE '^hops|  node ' "$tmp/ref-u2") \
		>/dev/null; then
		echo "=> same final state: the process cannot tell the userspace hop from a kernel one"
	else
		echo "=> DIFFERENT final states"
	fi
	echo "[u2] \$ ioth-node ctl u2.ctl show   (counters)"
	"$NODE" ctl "$tmp/vde/u2.ctl" show | jq -cM .counters
fi
echo
echo "demo sriot: done"
