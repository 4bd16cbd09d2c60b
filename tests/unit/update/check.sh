#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# seg6x-update's host tests: the cores (update_test), the command line over
# UDP on ::1 (tool.sh), real multicast with MLD over a veth pair in a private
# namespace (mcast.sh), a bounded fuzz run of the receiver (ASan + UBSan).
# TAP of each, then "N passed, N failed".
# Usage: check.sh BUILD_DIR FUZZ_RUNS
set -u
B=${1:-build} runs=${2:-20000}
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() {		# TITLE CMD...: its TAP lines into the totals; a silent failure fails
	local title=$1 out rc
	shift
	echo "# $title"
	out=$("$@" 2>&1); rc=$?
	echo "$out" | grep -vE '^[0-9]+ passed, [0-9]+ failed$'
	pass=$((pass + $(echo "$out" | grep -c '^ok ')))
	fail=$((fail + $(echo "$out" | grep -c '^not ok ')))
	if [ $rc != 0 ] && ! echo "$out" | grep -q '^not ok'; then
		echo "not ok - $title exited $rc"
		fail=$((fail + 1))
	fi
}

run update_test "$B/update/update_test" "$tmp"
run "seg6x-update command line" "$HERE/tool.sh" "$B"
run "seg6x-update over multicast (veth in a private namespace)" "$HERE/mcast.sh" "$B"

echo "# update_fuzz"
mkdir "$tmp/corpus"
# seed: 200 packets of a real loop (manifest, hashes, symbols that decode)
UPDATE_FUZZ_SEED="$tmp/corpus/loop" "$B/update/update_fuzz" -runs=0 "$tmp/corpus" > /dev/null 2>&1
"$B/update/update_fuzz" -runs="$runs" -max_total_time=15 -seed=1 -artifact_prefix="$tmp/" \
	-max_len=300000 "$tmp/corpus" > "$tmp/log" 2>&1; rc=$?
tail -n 2 "$tmp/log" | sed 's/^/# /'
if [ $rc = 0 ]; then
	pass=$((pass + 1))
	echo "ok - update_fuzz: up to $runs inputs in 15 s, no crash, no sanitizer report"
else
	fail=$((fail + 1))
	echo "not ok - update_fuzz (exit $rc)"
	tail -n 30 "$tmp/log" | sed 's/^/# /'
	cp "$tmp"/crash-* "$B/update/" 2>/dev/null && echo "# the input is in $B/update/"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
