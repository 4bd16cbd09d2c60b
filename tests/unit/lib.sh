# SPDX-License-Identifier: GPL-2.0-only
# Shared by the host test drivers (tests/unit/{avr,ilnp,sriot}/check.sh):
# run sub-suites that print TAP and a closing "N passed, N failed" line,
# add up their tallies, close with one total line. Source it after set -u.
pass=0 fail=0

# run NAME CMD...: CMD's output, its tally added; a command that exits
# non-zero without reporting a failure, or reports no tally, is one failure
run() {
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

# fuzz NAME FUZZER RUNS [CORPUS_DIR]: a bounded libFuzzer run (seed 1) as
# one TAP result with its tally, for run(); the sanitizer's report on failure
fuzz() {
	local name=$1 fuzzer=$2 runs=$3 log rc
	shift 3
	log=$(mktemp)
	"$fuzzer" -runs="$runs" -seed=1 "$@" > "$log" 2>&1
	rc=$?
	tail -n 2 "$log" | sed 's/^/# /'
	if [ $rc -eq 0 ]; then
		echo "ok 1 - $name: $runs runs, no crash, no sanitizer report"
		echo "1 passed, 0 failed"
	else
		grep -m 20 -E 'ERROR|runtime error|SUMMARY' "$log" | sed 's/^/# /'
		echo "not ok 1 - $name: failed (exit $rc)"
		echo "0 passed, 1 failed"
	fi
	rm -f "$log"
	return $rc
}

# total NAME: the closing line over every run; the status of the whole
total() {
	echo "# $1 total"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
