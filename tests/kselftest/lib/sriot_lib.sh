# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers of the SR-IoT kselftests (tests/kselftest/sriot_*.sh), no side
# effects: paths, TAP (lib/tap.sh) and topology (lib/sriot_topo.sh)
# helpers, avr-exec counters, run-vs-ref comparison, lib/sriot_case.py
# processes. The caller sets HERE (its own folder), NODES (the SIDs of the
# test processes' node table) and set -u, then sources this.
REPO=$(cd "$HERE/../.." && pwd)
SRIOT=$REPO/build/bin/sriot
PY=/usr/bin/python3
CORPUS=$REPO/tests/unit/avr/corpus
. "$HERE/lib/sriot_topo.sh"
. "$HERE/lib/tap.sh"

# eq DESC WANT GOT
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1 (want $2, got $3)"; fi
}
in_ns() { local x=$1; shift; ip netns exec "$(ns "$x")" "$@"; }
. "$HERE/lib/json.sh"
# counter NODE NAME, drop NODE NAME, packets NODE: avr-exec statistics
stats() { ip -n "$(ns "$1")" -j seg6x stats behaviour avr-exec; }
counter() { stats "$1" | jq -r ".[0].counters[\"${2//-/_}\"]"; }	# JSON keys: - -> _
drop() { stats "$1" | jq -r ".[0].drops[\"${2//-/_}\"] // 0"; }
packets() { stats "$1" | jq -r ".[0].packets"; }
# port NODE PORT FIELD: from ip -j sriot port show
port() {
	ip -n "$(ns "$1")" -j sriot port show | jq -r ".[] | select(.port == $(($2))) | .$3"
}
sum_counter() { local s=0 x; for x in n1 n2 n3 n4 n5; do s=$((s + $(counter $x "$1"))); done; echo $s; }

# same_as_ref DESC RUN REF: the stripped results are equal
same_as_ref() {
	local a b
	a=$(strip "$2" 2>&1) b=$(strip "$3" 2>&1)
	if [ "${a:0:1}" = "{" ] && [ "$a" = "$b" ]; then
		ok "$1"
	else
		nok "$1"
		{ echo "run: $a"; echo "ref: $b"; } | sed 's/^/#   /'
	fi
}

# case_run CASE [options]: send, print the reply (JSON) or {"reply": null}
case_run() {
	local c=$1
	shift
	in_ns h $PY "$HERE/lib/sriot_case.py" "$c" --src "$H_ADDR" --nodes "$NODES" "$@"
}

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

# sriot_checks [tools]: skip (exit 4) unless root, seg6x.ko with avr-exec,
# ip sriot and jq are there; with "tools" also build/bin/sriot and avr-gcc
sriot_checks() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	ip seg6x show 2>/dev/null | grep -q avr-exec || skip "seg6x.ko with avr-exec not loaded"
	ip sriot show >/dev/null 2>&1 || skip "ip without 'ip sriot' (make ip)"
	command -v jq >/dev/null || skip "jq missing"
	[ "${1:-}" != tools ] && return 0
	[ -x "$SRIOT" ] || skip "$SRIOT missing (make sriot-all)"
	command -v avr-gcc >/dev/null || skip "avr-gcc missing"
}

# sriot_two_nodes: TAP version line, then h - n1 - n2 with TEMP1 (0x26,
# sensor, 20) on n1 and FAN (0x2a, actuator) on n2; NODES puts n2 at node
# 3, where lib/sriot_case.py's processes look for 0x2a (nodes 1 and 2 are
# SIDs of absent nodes, never visited)
sriot_two_nodes() {
	echo "TAP version 13"
	sriot_topo_up 2 || { nok "topology"; tap_end; exit 1; }
	NODES=$SID1,$SID3,$SID4,$SID2
	ip -n "$(ns n1)" sriot port add 0x26 mode sensor value 20 &&
	ip -n "$(ns n2)" sriot port add 0x2a mode actuator || nok "ports configured"
}
