#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The userspace SR-IoT node's host tests: the core fed frames, the tool's
# command line, a bounded fuzz run of the frame parser (ASan + UBSan),
# seeded with a real process. TAP of each, then "N passed, N failed".
# Usage: check.sh BUILD_DIR FUZZ_RUNS
set -u
B=${1:-build} runs=${2:-200000}
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
tally() { if [ "$1" = 0 ]; then pass=$((pass + 1)); echo "ok - $2"; else fail=$((fail + 1)); echo "not ok - $2"; fi; }

# a TAP test program: its own tally is added to ours
suite() {
	local out rc line
	echo "# $1"
	out=$("$B/ioth/$1" 2>&1)
	rc=$?
	echo "$out" | grep -v -E '^[0-9]+ passed'
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ -n "$line" ]; then
		set -- $line
		pass=$((pass + $1)) fail=$((fail + $3))
		[ $rc -eq 0 ] || [ "$3" != 0 ] || fail=$((fail + 1))
	else
		tally 1 "$1 ran to its end"
	fi
}
suite ioth_frame_test
suite otip_test

echo "# ioth-node command line"
"$HERE/tool.sh" "$B"; tally $? "ioth-node: the command line refuses bad input and serves its control socket"
"$HERE/otip.sh" "$B"; tally $? "otip: the command line computes addresses and refuses bad input"
"$HERE/ip_otip.sh" "$B"; tally $? "ip otip: bad input refused before anything is sent (patch 0040)"

echo "# ioth_fuzz"
dir=$(mktemp -d)
mkdir "$dir/corpus"
# seed: the avg example's IPv6 payload (SRH + UDP + process), first byte 0
$B/bin/sriot dump "$B/sriot/examples/avg.task" --json 2>/dev/null |
	/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); b=bytes.fromhex(d["bytes"]); sys.stdout.buffer.write(b"\0" + b[40:])' \
	> "$dir/corpus/avg" || rm -f "$dir/corpus/avg"
"$B/ioth/ioth_fuzz" -runs="$runs" -seed=1 "$dir/corpus" > "$dir/log" 2>&1
rc=$?
tail -n 2 "$dir/log" | sed 's/^/# /'
tally $rc "ioth_fuzz: $runs frames, no crash, no sanitizer report"
rm -rf "$dir"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
