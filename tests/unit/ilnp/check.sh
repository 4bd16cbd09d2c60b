#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The ILNPv6 core's host tests: unit tests, the scapy cross-check of the
# encodings, a bounded fuzz run. TAP of each, then one total line
# "N passed, N failed".
# Usage: check.sh BUILD_DIR FUZZ_RUNS
set -u
B=${1:-build} runs=${2:-200000}
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

scapy() {
	"$B/ilnp/ilnp_test" --emit | /usr/bin/python3 tests/unit/ilnp/vectors.py
}

fuzz() {	# seeded with the emitted vectors, one per path
	local dir log rc
	dir=$(mktemp -d)
	log=$dir/log
	mkdir "$dir/corpus"
	"$B/ilnp/ilnp_test" --emit | while read -r name hex; do
		case $name in
		lu_*) sel=00 ;; nonce*) sel=01 ;; *) sel=02 ;;
		esac
		printf '%s%s' "$sel" "$hex" | xxd -r -p > "$dir/corpus/$name"
	done
	"$B/ilnp/ilnp_fuzz" -runs="$runs" -seed=1 "$dir/corpus" > "$log" 2>&1
	rc=$?
	tail -n 2 "$log" | sed 's/^/# /'
	if [ $rc -eq 0 ]; then
		echo "ok 1 - ilnp_fuzz: $runs runs, no crash, no sanitizer report"
		echo "1 passed, 0 failed"
	else
		grep -m 20 -E 'ERROR|runtime error|SUMMARY' "$log" | sed 's/^/# /'
		echo "not ok 1 - ilnp_fuzz: failed (exit $rc)"
		echo "0 passed, 1 failed"
	fi
	rm -rf "$dir"
}

run ilnp_test "$B/ilnp/ilnp_test"
run scapy scapy
run ilnp_fuzz fuzz
echo "# ilnp-check total"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
