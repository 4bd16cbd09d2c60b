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
. "$(dirname "$0")/../tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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

# dump: the code as AVR disassembly, as avr-objdump -d reads the task's ELF
$S build $EX/avg.c --ports $EX/avg.ports --elf "$tmp/avg.elf" -o "$tmp/avgd.task" > /dev/null
avr-objdump -d -z "$tmp/avg.elf" > "$tmp/avg.objdump"
$S dump "$tmp/avgd.task" --json | /usr/bin/python3 -c '
import json, re, sys
d = json.load(sys.stdin)
od = {}
for l in open(sys.argv[1]):
    m = re.match(r"^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} )+\s*\t([^;]*)", l)
    if m:
        od[int(m.group(1), 16)] = " ".join(m.group(2).replace("\t", " ").split())
bad = [c for c in d["code"] if od.get(2 * c["pc"]) != c["text"]]
words = sum(c["words"] for c in d["code"])
print(len(d["code"]), len(bad), words == d["code_words"])' "$tmp/avg.objdump" > "$tmp/dis.res"
is "dump --json: code = avg.c's 48 instructions (51 words), each as avr-objdump -d shows it" \
	"$(cat "$tmp/dis.res")" "48 0 True"
is "dump: the disassembly, a call with its target" \
	"$($S dump "$tmp/avg.task" | grep -A1 '^disassembly' | tail -1)" "  pc 0x0000: rcall .+2 ; pc 0x0002"
is "dump --json: a branch's target as a word address" \
	"$(jqf "$tmp/d.json" '.code[] | select(.pc == 45) | [.text, .target] | @csv')" '"brne .-22",35'

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
$S build $EX/avg.c --ports "$tmp/no26.ports" -o "$tmp/no26.task" > /dev/null 2>&1
$S ref "$tmp/no26.task" --json > "$tmp/u.json"
is "ref: a port outside the map is unknown-port, exit 1" \
	"$(jqf "$tmp/u.json" '[.status, .fault_addr, .steps]|@csv'),$?" '"unknown-port",38,1,0'
$S build $EX/avg.c --ports $EX/avg.ports --step-limit 20 -o "$tmp/sl.task" > /dev/null
is "ref: step limit" "$($S ref "$tmp/sl.task" --json | jq -r '[.status,.steps]|@csv')" '"step-limit",20'
$S build $EX/avg.c --ports $EX/avg.ports --hop-limit 3 -o "$tmp/hl.task" > /dev/null
is "ref: hop limit" "$($S ref "$tmp/hl.task" --json | jq -r '[.status,.hops]|@csv')" '"hop-limit",3'

# issue 13: say what is wrong and what to do
# ref --port-values: refused as `ip sriot port add` refuses, nothing run
pv_refused() {	# description, list, message
	local out rc
	out=$($S ref "$tmp/avg.task" --port-values "$2" 2> "$tmp/pv.err")
	rc=$?
	is "ref --port-values $2: $1" "$rc,$out,$(cat "$tmp/pv.err")" "2,,sriot: --port-values: $3"
}
pv_refused "decimal port" 26=21 'argument "26" is wrong: PORT is hex with 0x, as in the ports file (0x20-0xff)'
pv_refused "port not in the map" 0x26=21,0x29=1 'argument "0x29" is wrong: not a port of this task (see sriot dump)'
pv_refused "duplicate" 0x26=21,0x26=22 'argument "0x26" is wrong: given twice'
pv_refused "SREG" 0x5f=1 'argument "0x5f" is wrong: 0x5d-0x5f are SPL, SPH and SREG, not ports'
pv_refused "a register" 0x10=1 'argument "0x10" is wrong: PORT must be 0x20-0xff'
pv_refused "value too big" 0x26=256 'argument "256" is wrong: VALUE must be 0-255 (decimal or 0x hex)'
pv_refused "no value" 0x26 'argument "0x26" is wrong: expected PORT=VALUE, e.g. 0x26=21'
is "ref --port-values: hex values too" \
	"$($S ref "$tmp/avg.task" --port-values 0x26=0x15,0x27=23,0x28=25 --json | jq -r '.regs[24]')" 23

# build: ports the code uses that the map misses, writes to sensors
$S build $EX/avg.c --ports "$tmp/no26.ports" -o "$tmp/x.task" > /dev/null 2> "$tmp/w.err"
is "build warns about a port missing from the map, exit 0" "$?,$(cat "$tmp/w.err")" \
	"0,sriot: warning: pc 0x0002 in r18, 0x06: port 0x26 is not in $tmp/no26.ports (the process would stop with unknown-port)"
sed 's/^\(0x2a .*\) actuator$/\1 sensor/' $EX/avg.ports > "$tmp/s2a.ports"
$S build $EX/avg.c --ports "$tmp/s2a.ports" -o "$tmp/x.task" > /dev/null 2> "$tmp/w.err"
is "build warns about a write to a sensor, exit 0" "$?,$(cat "$tmp/w.err")" \
	"0,sriot: warning: pc 0x0013 out 0x0a, r24: writes port 0x2a, a sensor in $tmp/s2a.ports (the process would stop with io-fault)"
$S build $EX/avg.c --ports $EX/avg.ports -o "$tmp/x.task" > /dev/null 2> "$tmp/w.err"
is "build of the example: no warning" "$?,$(cat "$tmp/w.err")" "0,"

# every subcommand's --help: its usage on stdout, exit 0
for c in build dump run ref; do
	out=$($S $c --help 2> "$tmp/h.err")
	is "sriot $c --help: usage, exit 0, nothing on stderr" \
		"$?,$(echo "$out" | head -1 | cut -c1-$((14 + ${#c}))),$(cat "$tmp/h.err")" "0,usage: sriot $c ,"
done
is "sriot help ref: the same" "$($S help ref | head -1 | cut -c1-16)" "usage: sriot ref"
$S run --bogus 2> "$tmp/h.err"
is "a bad argument names itself and the help" "$?,$(cat "$tmp/h.err")" \
	"2,sriot: run: bad argument '--bogus' (sriot run --help)"

# ports file: name the field and the value
ports_refused() {	# line, message
	printf '%s\n' "$1" > "$tmp/bad.ports"
	$S build $EX/avg.c --ports "$tmp/bad.ports" -o "$tmp/x.task" > /dev/null 2> "$tmp/p.err"
	is "ports file '$1'" "$?,$(cat "$tmp/p.err")" "2,sriot: $tmp/bad.ports:1: $2"
}
ports_refused "0x26 fc00::g sensor" "SID 'fc00::g': not an IPv6 address"
ports_refused "0x10 fc00::1" "port '0x10': below 0x20 (0x00-0x1f are the registers r0-r31)"
ports_refused "0x100 fc00::1" "port '0x100': not a port (hex, 0x20-0xff)"
ports_refused "0x5e fc00::1" "port '0x5e': 0x5d-0x5f are SPL, SPH and SREG, not ports"
ports_refused "0x26 fc00::1 sensr" "kind 'sensr': must be sensor or actuator (or nothing)"
ports_refused "0x26 fc00::1 sensor 21" "extra field '21': a line is PORT SID [sensor|actuator]"
ports_refused "0x26" "port 0x26: the SID of the node that owns it is missing"
$S build $EX/avg.c --ports "$tmp/none.ports" -o "$tmp/x.task" > /dev/null 2> "$tmp/p.err"
is "a missing ports file says why" "$?,$(cat "$tmp/p.err")" \
	"2,sriot: ports file $tmp/none.ports: cannot open: No such file or directory"
$S dump "$tmp/none.task" 2> "$tmp/p.err"
is "a missing task file says why" "$?,$(cat "$tmp/p.err")" \
	"2,sriot: task file $tmp/none.task: cannot open: No such file or directory"

# program size: one statement, whatever the size
for w in 675 1797; do
	{ echo '.global main'; echo 'main:'; for i in $(seq $((w - 1))); do echo nop; done; echo break; } > "$tmp/big.S"
	$S build --nocrt "$tmp/big.S" --ports $EX/avg.ports -o "$tmp/x.task" > /dev/null 2> "$tmp/s.err"
	is "$w code words: refused with the one size statement" \
		"$?,$(grep -c "^sriot: the program is $w code words ($((2 * w)) bytes); with this SRAM window (16 bytes), log (8 entries) and node table the packet holds at most 624 code words: a task's packet must fit 1500 bytes" "$tmp/s.err")" "2,1"
done

# statuses carry a reason; the reference faults as the network does
is "ref: unknown-port names the port" \
	"$(jqf "$tmp/u.json" .reason)" "port 0x26 is not in the task's port map (add it to the ports file)"
$S build $EX/avg.c --ports "$tmp/s2a.ports" -o "$tmp/s2a.task" > /dev/null 2>&1
is "ref: io-fault names the node and the port" \
	"$($S ref "$tmp/s2a.task" --port-values 0x26=21,0x27=23,0x28=25,0x2a=0 --json | jq -r '[.status, .reason]|@tsv')" \
	"$(printf 'io-fault\tnode fc00:0:4::a refused the access to port 0x2a (a write to a sensor)')"
$S ref "$tmp/s2a.task" --port-values 0x26=21,0x27=23,0x28=25 | head -1 > "$tmp/st"
is "ref: the text status line has the reason" "$(cat "$tmp/st")" \
	"status     io-fault: node fc00:0:4::a refused the access to port 0x2a (a write to a sensor)"
echo "0x26 fc00:0:1::a sensor" > "$tmp/rec.ports"
$S build $T/rec.c --ports "$tmp/rec.ports" --sram 64 -o "$tmp/rec.task" > /dev/null 2>&1
$S ref "$tmp/rec.task" --json > "$tmp/rec.json"
is "ref: recursion out of the SRAM window is bad-stack at SP 0x00ff (as the core), not unknown-port" \
	"$?,$(jqf "$tmp/rec.json" '[.status, .fault, .fault_addr]|@csv')" '1,"fault","bad-stack",255'

# build: the SRAM window from the worst-case stack (-fstack-usage over the
# call graph read from the code)
$S build $T/frames.c --ports "$tmp/rec.ports" -o "$tmp/fr.task" > "$tmp/fr.out"
is "build frames.c: window = .data+.bss 1 + main -> mid -> leaf -> __udivmodqi4 (2+34+44+2) = 83, rounded to 96" \
	"$?,$(grep -o 'SRAM 96 bytes.*' "$tmp/fr.out")" \
	"0,SRAM 96 bytes, packet 507 bytes (SRAM: data 1 + stack 82: __vectors 0, main 2, mid.constprop.0 34, leaf 44, __udivmodqi4 2)"
is "ref frames.c: runs to break, r24 11 (no bad-stack)" \
	"$($S ref "$tmp/fr.task" --json | jq -r '[.status, .regs[24]]|@csv')" '"break",11'
$S build $T/frames.c --ports "$tmp/rec.ports" --sram 80 -o "$tmp/fr80.task" > /dev/null 2> "$tmp/fr.err"
is "frames.c in the old default window (.data+.bss + 64 -> 80): build warns, ref faults bad-stack" \
	"$(grep -c 'warning: --sram 80: .data+.bss need 1 bytes and the deepest call path 82 bytes' "$tmp/fr.err"),$($S ref "$tmp/fr80.task" --json | jq -r '[.status, .fault]|@csv')" \
	'1,"fault","bad-stack"'
for n in 83 81; do
	$S build $T/frames.c --ports "$tmp/rec.ports" --sram $n -o "$tmp/fr$n.task" > /dev/null 2>&1
done
is "the figure is tight: --sram 83 (1 + 82) runs, 81 faults" \
	"$($S ref "$tmp/fr83.task" --json | jq -r .status),$($S ref "$tmp/fr81.task" --json | jq -r .fault)" \
	"break,bad-stack"
out=$($S build $T/fib.c --ports "$tmp/rec.ports" -o "$tmp/fib.task" 2>&1)
is "build of a recursive fib: refused, names the recursion and asks for --sram" \
	"$?,$out" "2,sriot: build: fib is recursive (fib -> fib), so the stack it needs cannot be known from the code. Give the SRAM window with --sram N: .data+.bss need 0 bytes, the stack the rest (try the deepest call you expect; sriot ref shows bad-stack if it is too small); at most 2048"
[ ! -e "$tmp/fib.task" ] && ! ls -d /tmp/sriot-build.* > /dev/null 2>&1
ok "a refused build leaves no task and no build folder" $?
$S build $T/fib.c --ports "$tmp/rec.ports" --sram 128 -o "$tmp/fib.task" > /dev/null
is "fib with --sram 128: fib(10) = 55" "$?,$($S ref "$tmp/fib.task" --json | jq -r '[.status, .regs[24]]|@csv')" '0,"break",55'
$S build $T/fib.c --ports "$tmp/rec.ports" --sram 64 -o "$tmp/fib64.task" > /dev/null
is "fib with --sram 64: bad-stack" "$($S ref "$tmp/fib64.task" --json | jq -r .fault)" bad-stack
$S build tests/unit/avr/corpus/switch.c --ports "$tmp/rec.ports" -o "$tmp/x.task" > /dev/null 2> "$tmp/sw.err"
is "a function pointer (switch.c's table of functions): refused by name" \
	"$?,$(cut -c1-83 "$tmp/sw.err")" "2,sriot: build: main makes an indirect call (icall: a function pointer), so the stack"
is "the examples' windows: avg 16, minmax 16 (they were 80)" \
	"$($S dump "$tmp/avg.task" --json | jq .sram_size),$($S dump "$tmp/minmax.task" --json | jq .sram_size)" "16,16"

# symbols: one JSON shape in sriot and avr-run (tools/avr-sym.c): the same
# program (avg.c's ELF, ports reading 0 on both) gives the same object
$S build $EX/avg.c --ports $EX/avg.ports --elf "$tmp/avg0.elf" -o "$tmp/avg0.task" > /dev/null
a=$($S ref "$tmp/avg0.task" --port-values 0x26=0,0x27=0,0x28=0 --sym average --json | jq -c '.syms[0]')
b=$("$B/avr-run" "$tmp/avg0.elf" --sym average --json | jq -c '.syms[0]')
is "sym 'average': sriot ref and avr-run print the same object" "$a|$b" \
	'{"name":"average","space":"data","addr":256,"size":1,"value":0,"bytes":"00"}|{"name":"average","space":"data","addr":256,"size":1,"value":0,"bytes":"00"}'
is "sym: a missing one is {name, error}" \
	"$($S ref "$tmp/avg0.task" --sym 'no"pe' --json | jq -c '.syms[0]')" '{"name":"no\"pe","error":"no such symbol"}'

# --json: JSON on stdout on error too
out=$($S ref "$tmp/none.task" --json 2> /dev/null)
is "ref --json on a missing file: a JSON error, exit 2" "$?,$(echo "$out" | jq -r '[.status, .error]|@tsv')" \
	"2,$(printf 'error\ttask file %s: cannot open: No such file or directory' "$tmp/none.task")"
out=$($S run "$tmp/avg.task" --json --retries x 2> /dev/null)
is "run --json on a usage error: a JSON error" "$?,$(echo "$out" | jq -r .status)" "2,error"

# man pages: installed by make install-tools (and make install), no groff
# warnings, and every option of every usage line is in the page
make -s B="$B" install-tools DESTDIR="$tmp/root" PREFIX=/usr > /dev/null
is "install-tools: the tools and their man pages" \
	"$(cd "$tmp/root" && find . -type f | sort | tr '\n' ' ')" \
	"./usr/bin/avr-run ./usr/bin/sriot ./usr/share/man/man1/avr-run.1 ./usr/share/man/man1/sriot.1 "
for page in sriot avr-run; do
	f=$tmp/root/usr/share/man/man1/$page.1
	is "man $page: no groff warnings" "$(LC_ALL=C groff -man -ww -z "$f" 2>&1)" ""
	LC_ALL=C MANWIDTH=200 man -l "$f" 2> /dev/null | sed 's/\x08.//g' > "$tmp/$page.txt"
	if [ $page = sriot ]; then
		opts=$(for c in build dump run ref; do $S $c --help | grep -v '^man '; done)
	else
		opts=$("$B/avr-run" --help)
	fi
	missing=
	for o in $(echo "$opts" | grep -oE -- '--?[a-zA-Z][a-z-]*' | sort -u); do
		grep -qe "$o" "$tmp/$page.txt" || missing+=" $o"
	done
	is "man $page: every option of --help is documented" "$missing" ""
done
for st in break sleep fault unknown-port port-loop hop-budget step-limit hop-limit io-fault; do
	grep -q "^ *$st  *[a-z]" "$tmp/sriot.txt" || missing+=" $st"
done
is "man sriot: every status is documented" "$missing" ""

# README: one consistent example: each port the README configures has the
# mode tools/sriot-examples/avg.ports gives it
bad=
while read -r p m; do
	want=$(awk -v p="$p" '$1 == p { print $3 }' $EX/avg.ports)
	[ "$want" = "$m" ] || bad+=" $p:$m(avg.ports:${want:-none})"
done < <(grep -oE 'sriot port add 0x[0-9a-f]+ mode [a-z]+' README.md | awk '{ print $4, $6 }')
is "README: ports as avg.ports has them (sensors 0x26-0x28, actuators 0x2a, 0x2b)" "$bad" ""
grep -q '^### Troubleshooting$' README.md && grep -q '^### Five minutes, on a built tree$' README.md
ok "README: quick start and troubleshooting" $?

# the patched ip on this host, where no seg6x module is loaded: the error
# says how to load it (modprobe only works once it is installed)
if [ -x "$B/bin/ip" ] && [ ! -d /sys/module/seg6x ]; then
	"$B/bin/ip" sriot show > /dev/null 2> "$tmp/ip.err"
	is "ip sriot show without the module: exit 1, says how to load it" "$?,$(cat "$tmp/ip.err")" \
		'1,Error: seg6x module not loaded: "modprobe seg6x" if it is installed (make install), or "insmod build/kmod/seg6x.ko" in a seg6x build tree.'
else
	skip "ip without the module" "no $B/bin/ip, or seg6x loaded here"
fi

# run: against the responder in a private netns
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ] || ! unshare -n true 2> /dev/null; then
	skip "run against a stand-in node" "needs root, /dev/net/tun and unshare"
else
	cat > "$tmp/net.sh" <<EONET
ip link set lo up
/usr/bin/python3 $T/responder.py t0 \$1 $tmp/resp.log \${FORGE:-} & rp=\$!
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
	FORGE=forge unshare -n bash "$tmp/net.sh" 0 "$tmp/avg.task" --timeout 500ms --retries 0 \
		--json > "$tmp/forged.json"
	is "run: forged replies (another address; our address, a changed step limit) ignored" \
		"$?,$(jqf "$tmp/forged.json" '[.status, .regs[24]]|@csv')" '0,"break",42'
	: > "$tmp/resp.log"
	unshare -n bash "$tmp/net.sh" 9 "$tmp/avg.task" --timeout 200ms --retries 2 > /dev/null 2> "$tmp/err"
	is "run: no answer: exit 2 after 3 transmissions" "$?,$(grep -c '^pkt' "$tmp/resp.log")" "2,3"
	grep -q "no answer" "$tmp/err"
	ok "run: says so" $?
	grep -q "^sriot: likely causes: a node on the way lacks net.ipv6.conf.all.forwarding=1" "$tmp/err"
	ok "run: names the likely causes" $?
	unshare -n bash "$tmp/net.sh" 9 "$tmp/avg.task" --timeout 200ms --retries 0 --json \
		> "$tmp/na.json" 2> /dev/null
	is "run --json: no answer is JSON too" "$?,$(jq -r '[.status, .transmissions]|@csv' "$tmp/na.json")" \
		'2,"no-answer",1'

fi

tap_done
