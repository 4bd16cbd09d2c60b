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
# 1. The paper's example (tools/sriot-examples/avg.c): `sriot run` equals
#    `sriot ref` but for the fields only the network knows (hops, and each
#    write's node and dup flag); actuators hold the values written,
#    counters moved. (avr-isa corpus programs: sriot_corpus.sh.)
# 2. Hostile and malformed processes (lib/sriot_case.py, raw sockets): each
#    is dropped with the right drop reason or comes back with the right
#    status; nothing hangs.
# 3. `ip sriot monitor` reports the writes. (Duplicates: sriot_dup.sh.)
#
# Needs root, seg6x.ko, the patched ip first in PATH, build/bin/sriot and
# avr-gcc; exits 4 (skip) otherwise. Output is TAP. Helpers and the
# topology: lib/sriot_net_common.sh.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/sriot_net_common.sh"
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
eq "avg: status break" break "$(jv "$r" .status)"
eq "avg: average (20+25+24)/3 = 23 in r24 and the symbol" "23 23" \
	"$(jv "$r" '"\(.regs[24]) \(.syms[0].value)"')"
eq "avg: 5 hops (one per node)" 5 "$(jv "$r" .hops)"
eq "avg: FAN (n4) on: value 1, 1 write" "1 1" "$(port n4 0x2a value) $(port n4 0x2a writes)"
eq "avg: HEATER (n5) off: value 0, 1 write" "0 1" "$(port n5 0x2b value) $(port n5 0x2b writes)"
eq "avg: each sensor read once" "1 1 1" \
	"$(port n1 0x26 reads) $(port n2 0x27 reads) $(port n3 0x28 reads)"
eq "avg: migrations n1-n4 = 4, returned on n5 = 1" "4 1" \
	"$(sum_counter migrations) $(counter n5 returned)"
idle=	# nodes whose avr-exec counted no instruction
for x in n1 n2 n3 n4 n5; do [ "$(counter $x instructions)" -gt 0 ] 2>/dev/null || idle="$idle $x"; done
eq "avg: instructions counted on every node (nodes with none)" "" "$idle"
eq "avg: instructions over all nodes = the process's steps" \
	"$(jv "$r" .steps)" "$(sum_counter instructions)"


# ---- 2. hostile and malformed processes ----

r=$(case_run base --timeout 3)
eq "base process: break, r24 = TEMP1 = 20, FAN = 20" "break 20 20" \
	"$(jv "$r" '"\(.status) \(.regs[24])"') $(port n4 0x2a value)"

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
	if [ "$(jv "$r" .status 2>/dev/null)" = "$st" ] &&
	   [ "$(jv "$r" "$expr" 2>/dev/null)" = true ] &&
	   [ "$after" = $((before + 1)) ]; then
		ok "$c: returned with status $st ($expr)"
	else
		nok "$c: returned with status $st ($expr; returned-failed $before -> $after)"
		echo "#   reply: $r" | cut -c1-400
	fi
}
returned bad-opcode n1 fault ".fault == 5 and .pc == 1 and .steps == 1"	# EIJMP
ip -n "$(ns n1)" sriot set hop-budget 1000
returned budget-bomb n1 hop-budget ".steps == 1000 and .pc == 1 and .hops == 1"
returned step-limit n1 step-limit ".steps == 1"
returned hop-limit n4 hop-limit ".hops == 1 and .steps == 1 and .last_node == 0"
returned port-loop n1 port-loop ".fault_addr == 42 and .steps == 1"
returned unknown-port n1 unknown-port ".fault_addr == 44 and .steps == 1"
returned io-fault n1 io-fault ".fault_addr == 38 and .steps == 1"
eq "io-fault: the sensor kept its value" 20 "$(port n1 0x26 value)"
r=$(case_run base --timeout 3)
eq "a valid process still runs after all that" break "$(jv "$r" .status)"
ip -n "$(ns n1)" sriot set hop-budget 100000

echo "# ${SECONDS}s: hostile done"
# ---- 3. ip sriot monitor ----
sleep 0.2
for p in $mon_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
mon_pids=
ev=$(grep '^{' "$tmp/mon4" | jq -s -r '[.[] | select(.event == "write" and .port == 42)] |
	"\([.[] | select(.dup | not)] | length) \([.[] | select(.dup)] | length)"' 2>&1)
eq "ip sriot monitor on n4: one event per write of 0x2a (applied, dup)" \
	"$(port n4 0x2a writes) $(port n4 0x2a dups)" "$ev"

tap_end

