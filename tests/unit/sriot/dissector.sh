#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The Wireshark dissector, through tshark: the outgoing packet of the avg
# example (sriot dump --pcap) and its final state (sriot ref --pcap) decode
# to the values the tool put there. TAP; last line "N passed, N failed".
# Usage: dissector.sh BUILD_DIR
set -u
B=${1:-build}
SRIOT=$B/bin/sriot
LUA=tools/wireshark/sriot.lua
EX=tools/sriot-examples
. "$(dirname "$0")/../tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

field() {	# pcap, field: its values, one line per packet
	tshark -X lua_script:$LUA -r "$1" -T fields -E occurrence=a -E aggregator=' ' \
		-e "$2" 2>/dev/null
}

expect() {	# description, pcap, field, wanted value
	local got rc
	got=$(field "$2" "$3")
	[ "$got" = "$4" ]
	rc=$?
	[ $rc = 0 ] || got=" (got '$got')"
	[ $rc = 0 ] && got=
	ok "$1: $3 = '$4'$got" $rc
}

if ! command -v tshark > /dev/null; then
	echo "1..0 # SKIP tshark not installed"
	echo "0 passed, 0 failed"
	exit 0
fi
$SRIOT build $EX/avg.c --ports $EX/avg.ports -o "$tmp/avg.task" > /dev/null
ok "sriot build avg.c" $?
$SRIOT dump "$tmp/avg.task" --pcap "$tmp/out.pcap" --src 2001:db8::7 > /dev/null
ok "sriot dump --pcap" $?
$SRIOT ref "$tmp/avg.task" --port-values 0x26=21,0x27=23,0x28=25 --task-id 0x5eed \
	--pcap "$tmp/ret.pcap" > /dev/null
ok "sriot ref --pcap" $?

P=$tmp/out.pcap
expect "out" $P sriot.magic 0x5349
expect "out" $P sriot.version 1
expect "out" $P sriot.status 0
expect "out" $P sriot.sp 0x010f
expect "out" $P sriot.last_node 255
expect "out" $P sriot.n_nodes 5
expect "out" $P sriot.node_off 5
expect "out" $P sriot.node_len 1
expect "out" $P sriot.n_ports 5
expect "out" $P sriot.log_cap 8
expect "out" $P sriot.code_words 51
expect "out" $P sriot.sram_base 0x0100
expect "out" $P sriot.sram_size 16
expect "out" $P sriot.node_template fc00:0:1::a
expect "out" $P sriot.node.sid "fc00:0:1::a fc00:0:2::a fc00:0:3::a fc00:0:4::a fc00:0:5::a"
expect "out" $P sriot.port "0x26 0x27 0x28 0x2a 0x2b"
expect "out" $P sriot.port.node "0 1 2 3 4"
expect "out" $P ipv6.routing.srh.last_entry 8
expect "out" $P ipv6.routing.srh.tag 5210
expect "out" $P ipv6.dst "fc00:0:1::a"

P=$tmp/ret.pcap
expect "returned" $P sriot.status 1
expect "returned" $P sriot.task_id 0x00005eed
expect "returned" $P sriot.hops 5
expect "returned" $P sriot.log_len 2
expect "returned" $P sriot.wseq 2
expect "returned" $P sriot.write.port "0x2a 0x2b"
expect "returned" $P sriot.write.value "0x01 0x00"
expect "returned" $P sriot.write.node "3 4"
expect "returned" $P sriot.write.dup "0 0"
expect "returned" $P sriot.last_node 4
v=$(tshark -X lua_script:$LUA -r "$P" -V 2>/dev/null)
echo "$v" | grep -q "r24: 0x17"
ok "returned: -V shows r24: 0x17 (the average, 23)" $?
echo "$v" | grep -q "Node 3: fc00:0:4::a"
ok "returned: -V shows Node 3: fc00:0:4::a" $?
echo "$v" | grep -q "SRAM window: 17000000"
ok "returned: -V shows the SRAM window" $?
tshark -X lua_script:$LUA -r "$P" 2>/dev/null | grep -q "SR-IoT .*task 0x00005eed break, steps"
ok "returned: summary line" $?

# The code segments as AVR instructions: the same text as `sriot dump`
# (avr-isa's disassembler, itself checked against avr-objdump), line for
# line: the avg example, 6600 opcode words spread over the whole 16-bit
# space (12 tasks of 550 .word each, the last one ending in a JMP cut by
# the end of the code), and all of 0x9000-0x95ff, where the encoding is
# least regular (loads, stores, one-operand ops, SREG bits, returns, jumps;
# 3 tasks of 512).
insns() {	# pcap: the dissector's instruction lines
	tshark -X lua_script:$LUA -r "$1" -T fields -E occurrence=a -E aggregator='|' \
		-e sriot.insn 2>/dev/null | tr '|' '\n'
}
dump_insns() {	# task: sriot dump's disassembly lines
	$SRIOT dump "$1" | sed -n '/^disassembly/,/^sram/p' | sed -n 's/^  \(pc .*\)$/\1/p'
}
insns "$tmp/out.pcap" > "$tmp/lua.txt"
dump_insns "$tmp/avg.task" > "$tmp/c.txt"
cmp -s "$tmp/lua.txt" "$tmp/c.txt" && [ "$(wc -l < "$tmp/c.txt")" = 48 ] &&
	[ "$(head -1 "$tmp/lua.txt")" = "pc 0x0000: rcall .+2 ; pc 0x0002" ]
ok "out: the 48 instructions of avg.c as sriot dump shows them (pc 0x0000: rcall .+2 ; pc 0x0002 ...)" $?
total=0 differ=0
for t in $(seq 0 14); do
	{
		echo '.global main'
		echo 'main:'
		if [ $t -ge 12 ]; then
			for ((w = 0x9000 + (t - 12) * 512; w < 0x9000 + (t - 11) * 512; w++)); do
				printf '.word 0x%04x\n' $w
			done
		else
			for ((k = t * 550; k < (t + 1) * 550; k++)); do
				w=$(( (k * 40503 + 12345) & 0xffff ))
				[ $t = 11 ] && [ $k = $(( (t + 1) * 550 - 1 )) ] && w=$((0x940c))
				printf '.word 0x%04x\n' $w
			done
		fi
	} > "$tmp/w$t.S"
	$SRIOT build --nocrt "$tmp/w$t.S" --ports $EX/avg.ports --sram 16 -o "$tmp/w$t.task" \
		> /dev/null 2>&1 || { differ=$((differ + 1)); continue; }
	$SRIOT dump "$tmp/w$t.task" --pcap "$tmp/w$t.pcap" > /dev/null
	insns "$tmp/w$t.pcap" > "$tmp/lua.txt"
	dump_insns "$tmp/w$t.task" > "$tmp/c.txt"
	total=$((total + $(wc -l < "$tmp/c.txt")))
	d=$(diff "$tmp/lua.txt" "$tmp/c.txt" | grep -c '^[<>]')
	[ "$d" = 0 ] || diff "$tmp/lua.txt" "$tmp/c.txt" | head -4 | sed 's/^/# /'
	differ=$((differ + d))
done
[ "$differ" = 0 ] && [ "$total" -gt 6500 ]
rc=$?
ok "6600 + 1536 opcode words: $total instructions, $differ lines differ from sriot dump" $rc

tap_done
