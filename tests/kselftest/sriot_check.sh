#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sriot_check.sh: when something is wrong, SR-IoT says what and what to do
# (issue 13, node-side items 1, 2, 3 and 6).
#
#  +---+ link0 +----+ link1 +----+ link2 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |
#  +---+       +----+       +----+       +----+
#  sender       TEMP1 0x26   TEMP2 0x27   TEMP3 0x28, FAN 0x2a, HEATER 0x2b
#  fc00:1:0::1  node nk: SID fc00:0:k::a (avr-exec), fc00:0:k::1 on lo
#
# - sriot check on a node: module, forwarding, the task's SIDs and ports,
#   each missing thing with the command that fixes it (item 1); a node
#   without forwarding swallows the process and run's timeout names it;
# - a sender on the task's start node is refused with the reason, on
#   another node it works (item 2);
# - "no answer" causes told apart: a SID that is a plain address (the
#   process comes back unexecuted), a SID nobody routes (ICMPv6 no route),
#   a routing loop (ICMPv6 time exceeded); JSON on every error (item 3);
# - recursion out of the SRAM window: the network and sriot ref agree,
#   fault bad-stack at SP 0x00ff (item 6).
#
# Needs root, seg6x.ko, the patched ip first in PATH, build/bin/sriot and
# avr-gcc; exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/sriot_lib.sh"
tmp=$(mktemp -d)
cleanup() { sriot_topo_down; rm -rf "$tmp"; }
trap cleanup EXIT
sriot_checks tools

echo "TAP version 13"
sriot_topo_up 3 || { nok "topology"; tap_end; exit 1; }
ip -n "$(ns n1)" sriot port add 0x26 mode sensor value 20
ip -n "$(ns n2)" sriot port add 0x27 mode sensor value 25
ip -n "$(ns n3)" sriot port add 0x28 mode sensor value 24
ip -n "$(ns n3)" sriot port add 0x2a mode actuator
ip -n "$(ns n3)" sriot port add 0x2b mode actuator
# task NAME SID1 SID2 SID3: avg.c with its sensors on the three SIDs, both
# actuators on the third
task() {
	printf '0x26 %s sensor\n0x27 %s sensor\n0x28 %s sensor\n0x2a %s actuator\n0x2b %s actuator\n' \
		"$2" "$3" "$4" "$4" "$4" > "$tmp/$1.ports"
	"$SRIOT" build "$REPO/tools/sriot-examples/avg.c" --ports "$tmp/$1.ports" -o "$tmp/$1.task" \
		> /dev/null
}
task ok $SID1 $SID2 $SID3
r=$(in_ns h "$SRIOT" run "$tmp/ok.task" --json --timeout 3s)
eq "the task runs from h: break, average 23" "break 23" "$(jv "$r" '"\(.status) \(.regs[24])"')"

# ---- item 1: sriot check ----
in_ns n2 "$SRIOT" check "$tmp/ok.task" > "$tmp/c.out"
eq "check on a good node: exit 0" 0 $?
grep -q '^ok      node 1                   fc00:0:2::a: avr-exec on this node (dev west)$' "$tmp/c.out" &&
	grep -q '^ok      port 0x27                configured on this node (fc00:0:2::a)$' "$tmp/c.out" &&
	grep -q '^ok      node 2                   fc00:0:3::a: routed toward its node (dev east)$' "$tmp/c.out"
eq "check on n2 names its SID, its port and a routed SID" 0 $?

in_ns n2 sysctl -qw net.ipv6.conf.all.forwarding=0
in_ns n2 "$SRIOT" check "$tmp/ok.task" > "$tmp/c.out"
eq "check on n2 without forwarding: exit 1, the sysctl to run" \
	"1 MISSING forwarding net.ipv6.conf.all.forwarding=0: a node drops every process it sends on: sysctl -w net.ipv6.conf.all.forwarding=1" \
	"$? $(grep '^MISSING' "$tmp/c.out" | tr -s ' ')"
in_ns h "$SRIOT" run "$tmp/ok.task" --timeout 1s --retries 1 > /dev/null 2> "$tmp/err"
eq "run across it: no answer, exit 2" 2 $?
grep -q "^sriot: likely causes: a node on the way lacks net.ipv6.conf.all.forwarding=1; .*(sriot check TASK on each node says which)$" "$tmp/err"
eq "the timeout message names the likely causes and sriot check" 0 $?
in_ns n2 sysctl -qw net.ipv6.conf.all.forwarding=1

ip -n "$(ns n2)" sriot port del 0x27
in_ns n2 "$SRIOT" check "$tmp/ok.task" --json > "$tmp/c.json"
eq "check --json on n2 without its port: exit 1, which port and the command" \
	"1 missing on this node (fc00:0:2::a): ip sriot port add 0x27 mode sensor" \
	"$? $(jq -r '.checks[] | select(.ok == false) | .detail' "$tmp/c.json")"
ip -n "$(ns n2)" sriot port add 0x27 mode sensor value 25

# ---- item 2: where the sender may run ----
in_ns n1 "$SRIOT" run "$tmp/ok.task" --timeout 1s --json > "$tmp/s.json" 2> "$tmp/err"
eq "a sender on the start node is refused at once, exit 2, JSON error" \
	"2 error" "$? $(jq -r .status "$tmp/s.json")"
grep -q "^sriot: this host is the task's start node (the avr-exec route for $SID1 is here), and a process sent from its own start node never comes back" "$tmp/err"
eq "and says why and where to run it" 0 $?
r=$(in_ns n2 "$SRIOT" run "$tmp/ok.task" --json --timeout 3s)
eq "a sender on another node of the task works" "break 23" "$(jv "$r" '"\(.status) \(.regs[24])"')"

# ---- item 3: "no answer" told apart ----
task plain $LO1 $SID2 $SID3
in_ns h "$SRIOT" run "$tmp/plain.task" --timeout 2s --retries 3 --json > "$tmp/p.json" 2> "$tmp/err"
eq "start SID a plain address: exit 2 after 1 transmission, cause plain-sid" \
	"2 no-answer plain-sid 1" "$? $(jq -r '[.status, .cause, .transmissions] | join(" ")' "$tmp/p.json")"
grep -q "the process came back unexecuted from SID $LO1 (node 0): that SID is a plain address, not an avr-exec route" "$tmp/err"
eq "and names that SID" 0 $?
task mid $SID1 $LO2 $SID3
in_ns h "$SRIOT" run "$tmp/mid.task" --timeout 2s --retries 1 2> "$tmp/err"
grep -q "came back unexecuted from SID $LO2 (node 1)" "$tmp/err"
eq "a later SID that is a plain address: named too" 0 $?
task nosid fc00:0:9::a $SID2 $SID3
in_ns h "$SRIOT" run "$tmp/nosid.task" --timeout 2s --retries 3 --json > "$tmp/n.json" 2> "$tmp/err"
eq "a SID nobody routes: exit 2 after 1 transmission, cause icmp" \
	"2 no-answer icmp 1" "$? $(jq -r '[.status, .cause, .transmissions] | join(" ")' "$tmp/n.json")"
grep -q "fc00:1::2 answered ICMPv6 destination unreachable: no route" "$tmp/err"
eq "n1 answered: destination unreachable, no route" 0 $?
task loop fc00:0:2::b $SID2 $SID3
in_ns h "$SRIOT" run "$tmp/loop.task" --timeout 2s --retries 1 2> "$tmp/err"
grep -q "answered ICMPv6 time exceeded" "$tmp/err"
eq "a SID caught in a routing loop: time exceeded" 0 $?

# ---- item 6: the network and sriot ref agree on bad-stack ----
printf '0x26 %s sensor\n' $SID1 > "$tmp/rec.ports"
# recursion: build cannot size the stack and asks for the window (--sram)
"$SRIOT" build "$REPO/tests/unit/sriot/rec.c" --ports "$tmp/rec.ports" --sram 64 \
	-o "$tmp/rec.task" > /dev/null
eq "a recursive program builds with --sram 64" 0 $?
in_ns h "$SRIOT" run "$tmp/rec.task" --json --timeout 3s > "$tmp/rec.run"
"$SRIOT" ref "$tmp/rec.task" --json > "$tmp/rec.ref"
eq "recursion out of the SRAM window: fault bad-stack at SP 0x00ff in the network" \
	'"fault","bad-stack",255' "$(jq -r '[.status, .fault, .fault_addr] | @csv' "$tmp/rec.run")"
same_as_ref "recursion out of the SRAM window: the network = sriot ref" "$tmp/rec.run" "$tmp/rec.ref"

tap_end
