#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The sriot tool on the host: build the examples, the figures of dump, the
# results of ref (simavr), and run against tests/unit/sriot/responder.py in
# a private network namespace (a TUN device stands in for the network;
# skipped without root). TAP; last line "N passed, N failed".
# Usage: tool.sh BUILD_DIR
set -u
B=${1:-build}
S=$B/bin/sriot
EX=tools/sriot-examples
T=tests/unit/sriot
pass=0 fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() {		# description, status
	n=$((n + 1))
	if [ "$2" = 0 ]; then echo "ok $n - $1"; pass=$((pass + 1))
	else echo "not ok $n - $1"; fail=$((fail + 1)); fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; pass=$((pass + 1)); }
is() {		# description, got, wanted
	[ "$2" = "$3" ]
	local rc=$?
	[ $rc = 0 ] && ok "$1" 0 || ok "$1 (got '$2', want '$3')" 1
}
jqf() { jq -r "$2" "$1"; }

for ex in avg minmax; do
	$S build $EX/$ex.c --ports $EX/$ex.ports -o "$tmp/$ex.task" > /dev/null
	ok "build $ex.c" $?
done
for o in 0 2; do
	$S build -O $o $EX/avg.c --ports $EX/avg.ports -o "$tmp/avg-O$o.task" > /dev/null
	ok "build avg.c -O $o" $?
done
$S build --nocrt $T/enc100.S --ports $T/enc100.ports --log 10 -o "$tmp/enc100.task" > /dev/null
ok "build --nocrt enc100.S" $?
$S build $EX/avg.c --ports $EX/avg.ports --sram 2 -o "$tmp/x.task" > /dev/null 2>&1
ok "build refuses an SRAM window too small for the stack" $([ $? = 2 ]; echo $?)
printf '0x5e fc00::1\n' > "$tmp/bad.ports"
$S build $EX/avg.c --ports "$tmp/bad.ports" -o "$tmp/x.task" > /dev/null 2>&1
ok "build refuses SPH as a port" $([ $? = 2 ]; echo $?)

# dump: figures of the avg example
$S dump "$tmp/avg.task" --json > "$tmp/d.json"
ok "dump --json" $?
is "avg: 5 nodes, 1 SID byte each" "$(jqf "$tmp/d.json" '[(.nodes|length), .node_off, .node_len]|@csv')" "5,5,1"
is "avg: packet = 40 + SRH + 8 + payload" "$(jqf "$tmp/d.json" '.packet == 40 + .srh + 8 + .payload')" true
is "avg: SRH = 8 + 16 * segments" "$(jqf "$tmp/d.json" '.srh == 8 + 16 * .segments')" true
is "avg: encoding = segment list + node table + port map" \
	"$(jqf "$tmp/d.json" '.encoding | .total == .segment_list + .node_table + .port_map')" true
is "avg: the five port accesses and their nodes" \
	"$(jqf "$tmp/d.json" '[.accesses[] | "\(.port):\(.access):\(.node)"] | join(" ")')" \
	"38:r:0 39:r:1 40:r:2 42:w:3 43:w:4"
$S dump "$tmp/avg.task" | grep -qE '^encoding: [0-9]+ bytes \(segment list [0-9]+, node table 5, port map 10\)$'
ok "dump prints the encoding line" $?
enc=$($S dump "$tmp/enc100.task" --json | jq -c '[.code_words, .encoding.total]')
is "enc100: 100 words, 270 bytes of encoding (paper: 320)" "$enc" "[100,270]"

# ref: the paper's example on simavr
$S ref "$tmp/avg.task" --port-values 0x26=21,0x27=23,0x28=25 --sym average --json > "$tmp/r.json"
ok "ref avg: exit 0" $?
is "ref avg: break" "$(jqf "$tmp/r.json" .status)" break
is "ref avg: average 23 in r24 and in 'average'" \
	"$(jqf "$tmp/r.json" '[.regs[24], .syms[0].value]|@csv')" "23,23"
is "ref avg: fan on, heater off, in order" \
	"$(jqf "$tmp/r.json" '[.writes[] | "\(.port)=\(.value)@\(.node)"] | join(" ")')" \
	"42=1@fc00:0:4::a 43=0@fc00:0:5::a"
is "ref avg: 5 hops" "$(jqf "$tmp/r.json" .hops)" 5
$S ref "$tmp/avg.task" --port-values 0x26=15,0x27=16,0x28=17 --sym average --json > "$tmp/r2.json"
is "ref avg cold: average 16, fan off, heater on" \
	"$(jqf "$tmp/r2.json" '[.regs[24], (.writes[] | .value)]|@csv')" "16,0,1"
for o in 0 2; do
	$S ref "$tmp/avg-O$o.task" --port-values 0x26=21,0x27=23,0x28=25 --json > "$tmp/o.json"
	is "ref avg -O $o: same result" "$(jqf "$tmp/o.json" '[.regs[24], (.writes[] | .value)]|@csv')" "23,1,0"
done
$S ref "$tmp/minmax.task" --port-values 0x30=20,0x31=27,0x32=22,0x33=21 --sym lo --sym hi --json > "$tmp/m.json"
is "ref minmax: lo 20, hi 27, alarm, r24 7, back on node 1" \
	"$(jqf "$tmp/m.json" '[.syms[0].value, .syms[1].value, .writes[0].value, .regs[24], .writes[0].node]|@csv')" \
	'20,27,1,7,"fc00:0:1::a"'
$S ref "$tmp/enc100.task" --json > "$tmp/e.json"
is "ref enc100: 100 steps, 10 writes, 10 hops" "$(jqf "$tmp/e.json" '[.status, .steps, (.writes|length), .hops]|@csv')" \
	'"break",100,10,10'
$S build --nocrt $T/enc100.S --ports $T/enc100.ports -o "$tmp/enc8.task" > /dev/null
$S ref "$tmp/enc8.task" --json > "$tmp/e8.json"
is "ref enc100 with an 8-entry log: 8 entries logged, all 10 writes counted" \
	"$(jqf "$tmp/e8.json" '[.status, (.writes|length), .wseq]|@csv')" '"break",8,10'
grep -v 0x26 $EX/avg.ports > "$tmp/no26.ports"
$S build $EX/avg.c --ports "$tmp/no26.ports" -o "$tmp/no26.task" > /dev/null
$S ref "$tmp/no26.task" --json > "$tmp/u.json"
is "ref: a port outside the map is unknown-port, exit 1" \
	"$(jqf "$tmp/u.json" '[.status, .fault_addr, .steps]|@csv'),$?" '"unknown-port",38,1,0'
$S build $EX/avg.c --ports $EX/avg.ports --step-limit 20 -o "$tmp/sl.task" > /dev/null
is "ref: step limit" "$($S ref "$tmp/sl.task" --json | jq -r '[.status,.steps]|@csv')" '"step-limit",20'
$S build $EX/avg.c --ports $EX/avg.ports --hop-limit 3 -o "$tmp/hl.task" > /dev/null
is "ref: hop limit" "$($S ref "$tmp/hl.task" --json | jq -r '[.status,.hops]|@csv')" '"hop-limit",3'

# run: against the responder in a private netns
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ] || ! unshare -n true 2> /dev/null; then
	skip "run against a stand-in node" "needs root, /dev/net/tun and unshare"
else
	cat > "$tmp/net.sh" <<EONET
ip link set lo up
/usr/bin/python3 $T/responder.py t0 \$1 $tmp/resp.log & rp=\$!
for i in \$(seq 50); do ip link show t0 > /dev/null 2>&1 && break; sleep 0.1; done
ip link set t0 up
ip -6 addr add fc00:0:ff::1/48 dev t0 nodad
ip -6 route add fc00::/16 dev t0
shift
$S run "\$@"
rc=\$?
kill \$rp
exit \$rc
EONET
	unshare -n bash "$tmp/net.sh" 1 "$tmp/avg.task" --timeout 500ms --retries 2 \
		--task-id 0x1234 --json > "$tmp/run.json"
	ok "run: answer after one lost packet, exit 0" $?
	is "run: responder saw two identical copies, SRH and checksum right" \
		"$(grep -c 'srh_ok=1 csum_ok=1 task=00001234' "$tmp/resp.log"),$(grep -c 'copy=1' "$tmp/resp.log")" "2,1"
	is "run: the reply's state is printed" "$(jqf "$tmp/run.json" '[.status, .regs[24], .writes[0].dup]|@csv')" '"break",42,true'
	: > "$tmp/resp.log"
	unshare -n bash "$tmp/net.sh" 9 "$tmp/avg.task" --timeout 200ms --retries 2 > /dev/null 2> "$tmp/err"
	is "run: no answer: exit 2 after 3 transmissions" "$?,$(grep -c '^pkt' "$tmp/resp.log")" "2,3"
	grep -q "no answer" "$tmp/err"
	ok "run: says so" $?
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
