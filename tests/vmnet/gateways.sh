#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Three VMs, three gateways, joined by virtio-net (tests/vm/multi), each VM's
# own kernel and seg6x suite:
#
# (addresses and SIDs: tests/vmnet/topo.sh)
#   VM1 ------ l1 ------ VM2 ------ l2 ------ VM3
#   [h] fc00:1:0::/64    fc00:1:1::/64    fc00:1:2::/64   [h2] fc00:2::/64
#   n1: TEMP1 0x26       n2: TEMP2 0x27, FAN 0x2a         n3: TEMP3 0x28, HEATER 0x2b
#   node k: lo fc00:0:k::1, fc00:0:k::a avr-exec, fc00:0:k::e seg6x-end,
#   fc00:0:1::d6 and fc00:0:3::d6 End.DT6
#
# 1. SR-IoT: the temperature task (tools/sriot-examples/avg.c) sent by h on
#    VM1 runs across the three machines, equals `sriot ref`, and each VM's
#    ports hold what the task wrote.
# 2. An SRv6 policy both ways: h -> (n1, n2 seg6x-end) -> n3 End.DT6 -> h2 and
#    back through n3, n2 seg6x-end to n1 End.DT6. 8 MB over TCP arrive byte
#    for byte, with the NICs' offloads on, then off; the packets seg6x-end
#    counted on VM2 tell how large they were (GRO at VM2 joins TCP segments
#    of the SRv6 tunnel; seg6x-end forwards them whole).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
XFER=$HERE/xfer.py
# the SR-IoT tests' helpers (SRIOT, PY, jv, eq, same_as_ref); port and
# counter are redefined below for this VM's own namespace
HERE=$HERE/../kselftest . "$HERE/../kselftest/lib/sriot_lib.sh"
BYTES=$((8 << 20))
[ "$NODES" = 3 ] || skip "three VMs (tests/vm/multi --vms 3)"
echo "TAP version 13"

# port PORT FIELD, counter BEHAVIOUR NAME, packets BEHAVIOUR: this VM's
port() { ip -j sriot port show | jq -r ".[] | select(.port == $(($1))) | .$2"; }
counter() { ip -j seg6x stats behaviour "$1" | jq -r ".[0].counters[\"${2//-/_}\"] // 0"; }
packets() { ip -j seg6x stats behaviour "$1" | jq -r ".[0].packets"; }
in_h() { ip netns exec "vmnet-$1" "${@:2}"; }

# ---- End.DT6, the policies, the ports (tests/vmnet/topo.sh did the rest) ----
k=$NODE
case $k in
1)	ip -6 route add fc00:0:1::d6/128 encap seg6local action End.DT6 table main dev sid0
	ip -n vmnet-h -6 route add fc00:2::2/128 encap seg6 mode encap \
		segs fc00:0:1::e,fc00:0:2::e,fc00:0:3::d6 via fc00:1:0::2
	ip sriot port add 0x26 mode sensor value 20 ;;
2)	ip sriot port add 0x27 mode sensor value 25
	ip sriot port add 0x2a mode actuator ;;
3)	ip -6 route add fc00:0:3::d6/128 encap seg6local action End.DT6 table main dev sid0
	ip -n vmnet-h2 -6 route add fc00:1:0::1/128 encap seg6 mode encap \
		segs fc00:0:3::e,fc00:0:2::e,fc00:0:1::d6 via fc00:2::1
	ip sriot port add 0x28 mode sensor value 24
	ip sriot port add 0x2b mode actuator ;;
esac
check "vm$k: policies and ports configured" sh -c "ip -j sriot port show | grep -q port"
barrier configured || { nok "every VM configured"; tap_end; exit 1; }

# ---- 1. the temperature task across the three machines ----
if role 1; then
	cat >"$SYNC/avg.ports" <<-EOF
	0x26 fc00:0:1::a sensor
	0x27 fc00:0:2::a sensor
	0x28 fc00:0:3::a sensor
	0x2a fc00:0:2::a actuator
	0x2b fc00:0:3::a actuator
	EOF
	check "sriot build avg.c for the three gateways" "$SRIOT" build \
		"$REPO/tools/sriot-examples/avg.c" --ports "$SYNC/avg.ports" -o "$SYNC/avg.task"
	in_h h "$SRIOT" run "$SYNC/avg.task" --json --sym average --timeout 10s >"$SYNC/avg.run" 2>&1
	eq "sriot run from h on VM1 exits 0" 0 $?
	"$SRIOT" ref "$SYNC/avg.task" --json --sym average \
		--port-values 0x26=20,0x27=25,0x28=24 >"$SYNC/avg.ref" 2>&1
	same_as_ref "avg across three VMs equals sriot ref (but hops, node, dup)" \
		"$SYNC/avg.run" "$SYNC/avg.ref"
	r=$(head -1 "$SYNC/avg.run")
	eq "avg: status break, average (20+25+24)/3 = 23 in r24" "break 23" \
		"$(jv "$r" '"\(.status) \(.regs[24])"')"
	echo "# ${SECONDS}s: avg: $(jv "$r" .hops) hops, $(jv "$r" .steps) steps"
fi
barrier task-done || nok "every VM saw the task end"
case $k in
1)	eq "vm1: TEMP1 read once" 1 "$(port 0x26 reads)" ;;
2)	eq "vm2: TEMP2 read once; FAN on: value 1, 1 write" "1 1 1" \
		"$(port 0x27 reads) $(port 0x2a value) $(port 0x2a writes)" ;;
3)	eq "vm3: TEMP3 read once; HEATER off: value 0, 1 write" "1 0 1" \
		"$(port 0x28 reads) $(port 0x2b value) $(port 0x2b writes)" ;;
esac
m=$(counter avr-exec migrations)
[ "$m" -gt 0 ] && ok "vm$k: the process migrated from here over virtio ($m migrations)" ||
	nok "vm$k: the process migrated from here (migrations $m)"

# ---- 2. the SRv6 policy with seg6x-end, offloads on, then off ----
# xfer ROUND: 8 MB h -> h2 through the policy; VM2 reports seg6x-end's
# packets and bytes for the round
xfer() {
	local round=$1 p0 r s
	barrier "xfer-$round-ready" || return 1
	case $k in
	1)	check "ping h -> h2 through the policy ($round)" \
			in_h h ping -6 -c 2 -i 0.3 -W 5 fc00:2::2
		barrier "xfer-$round-listening" || return 1
		s=$(in_h h $PY "$XFER" send fc00:2::2 5001 $BYTES 2>&1)
		r=$(get "recv-$round" 60)
		if [ -n "$r" ] && [ "$(jv "$s" .sha256)" = "$(jv "$r" .sha256)" ] &&
			[ "$(jv "$r" .bytes)" = $BYTES ]; then
			ok "8 MB h -> h2 over seg6x-end, byte for byte ($round): $(jv "$s" .mbps) Mb/s"
		else
			nok "8 MB h -> h2 over seg6x-end ($round): sent $s, received $r"
		fi ;;
	2)	p0=$(packets seg6x-end)
		barrier "xfer-$round-listening" || return 1
		get "recv-$round" 90 >/dev/null
		p=$(( $(packets seg6x-end) - p0 ))
		# no packet holds more than 64 KiB of the stream
		[ "$p" -ge $((BYTES >> 16)) ] && ok "vm2: seg6x-end forwarded the transfer ($round): $p packets, $((BYTES / p)) bytes of the stream per packet counted (both ways)" ||
			nok "vm2: seg6x-end forwarded the transfer ($round): $p packets, fewer than 8 MB / 64 KiB"
		put "pkts-$round" "$p" ;;
	3)	in_h h2 $PY "$XFER" recv fc00:2::2 5001 "$SYNC/listen-$round" \
			>"$SYNC/recv-$round.out" 2>&1 &
		for _ in $(seq 300); do [ -e "$SYNC/listen-$round" ] && break; sleep 0.1; done
		barrier "xfer-$round-listening" || return 1
		wait $!
		put "recv-$round" "$(cat "$SYNC/recv-$round.out")" ;;
	esac
	barrier "xfer-$round-done"
}
echo "# ${SECONDS}s: the task done"
xfer offloads-on
echo "# ${SECONDS}s: offloads-on done"
barrier offloads-off-set || true
for l in $(vlinks); do
	ethtool -K "$l" tx off tso off gso off gro off 2>/dev/null ||
		ethtool -K "$l" gro off gso off
done
xfer offloads-off
if role 2; then
	on=$(get pkts-offloads-on) off=$(get pkts-offloads-off)
	echo "# offloads: seg6x-end on VM2 forwarded $on packets with offloads on, $off with them off"
	[ "$on" -lt "$off" ] && ok "vm2: with offloads on, GRO joined the tunnel's segments before seg6x-end ($on < $off packets)" ||
		nok "vm2: offloads on: fewer, larger packets at seg6x-end ($on vs $off)"
fi
[ $k = 1 ] && check "a ping from h still crosses the policy" in_h h ping -6 -c 1 -W 5 fc00:2::2
barrier finished || nok "every VM finished"
tap_end
