#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the AVR core's host tests; print their TAP and one total line
# "N passed, N failed". Usage: check.sh BUILD_DIR STATES FUZZ_RUNS
set -u
dir=$1 states=${2:-64} runs=${3:-200000}
pass=0 fail=0

tally() {	# the "N passed, N failed" line of one binary, or one failure
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
	if [ -z "$line" ]; then
		fail=$((fail + 1))
		return
	fi
	set -- $line
	pass=$((pass + $1)) fail=$((fail + $3))
}

run() {		# name, command...
	local name=$1 log
	shift
	log=$(mktemp)
	echo "# $name"
	"$@" > "$log" 2>&1
	local rc=$?
	cat "$log"
	tally "$log"
	[ $rc -eq 0 ] || { grep -qE '^[0-9]+ passed, [1-9]' "$log" || fail=$((fail + 1)); }
	rm -f "$log"
}

fuzz() {
	local log rc
	log=$(mktemp)
	"$dir/avr_fuzz" -runs="$runs" -seed=1 > "$log" 2>&1
	rc=$?
	tail -n 3 "$log" | sed 's/^/# /'
	if [ $rc -eq 0 ]; then
		echo "ok 1 - avr_fuzz: $runs runs, no crash, no sanitizer report"
		echo "1 passed, 0 failed"
		pass=$((pass + 1))
	else
		grep -m 20 -E 'ERROR|runtime error|SUMMARY' "$log" | sed 's/^/# /'
		echo "not ok 1 - avr_fuzz: failed (exit $rc)"
		echo "0 passed, 1 failed"
		fail=$((fail + 1))
	fi
	rm -f "$log"
}

run avr_api_test "$dir/avr_api_test"
run avr_step_test "$dir/avr_step_test" "$states"
run avr_corpus_test "$dir/avr_corpus_test" "$dir"/corpus/*.elf
run avr_run tests/unit/avr/avr_run.sh "$dir/.."
run disasm tests/unit/avr/disasm.sh "$dir/.."
echo "# avr_fuzz"
fuzz
echo "# avr-check total"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
