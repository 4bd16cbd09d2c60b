#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The SR-IoT toolchain's host tests: codec, tool, dissector, a bounded fuzz
# run. TAP of each, then one total line "N passed, N failed".
# Usage: check.sh BUILD_DIR FUZZ_RUNS
set -u
B=${1:-build} runs=${2:-100000}
pass=0 fail=0

run() {		# name, command...: its TAP, its tally
	local name=$1 log line rc
	shift
	log=$(mktemp)
	echo "# $name"
	"$@" > "$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
	if [ -z "$line" ]; then
		fail=$((fail + 1))
	else
		set -- $line
		pass=$((pass + $1)) fail=$((fail + $3))
		[ $rc -eq 0 ] || [ "$3" != 0 ] || fail=$((fail + 1))
	fi
	rm -f "$log"
}

fuzz() {	# seeded with the avg example's payload
	local dir log rc
	dir=$(mktemp -d)
	log=$dir/log
	mkdir "$dir/corpus"
	$B/bin/sriot dump "$B/sriot/examples/avg.task" --json |
		/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); b=bytes.fromhex(d["bytes"]); sys.stdout.buffer.write(b[40 + d["srh"] + 8:])' \
		> "$dir/corpus/avg"
	"$B/sriot/sriot_fuzz" -runs="$runs" -seed=1 "$dir/corpus" > "$log" 2>&1
	rc=$?
	tail -n 2 "$log" | sed 's/^/# /'
	if [ $rc -eq 0 ]; then
		echo "ok 1 - sriot_fuzz: $runs runs, no crash, no sanitizer report"
		echo "1 passed, 0 failed"
	else
		grep -m 20 -E 'ERROR|runtime error|SUMMARY' "$log" | sed 's/^/# /'
		echo "not ok 1 - sriot_fuzz: failed (exit $rc)"
		echo "0 passed, 1 failed"
	fi
	rm -rf "$dir"
}

run sriot_wire_test "$B/sriot/sriot_wire_test"
run sriot_wmem_test "$B/sriot/sriot_wmem_test"
run tool tests/unit/sriot/tool.sh "$B"
run dissector tests/unit/sriot/dissector.sh "$B"
run sriot_fuzz fuzz
echo "# sriot-check total"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
