#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The SR-IoT toolchain's host tests: codec, tool, dissector, a bounded fuzz
# run. TAP of each, then one total line "N passed, N failed".
# Usage: check.sh BUILD_DIR FUZZ_RUNS
set -u
B=${1:-build} runs=${2:-100000}
. "$(dirname "$0")/../lib.sh"

seeded_fuzz() {	# seeded with the avg example's payload
	local dir rc
	dir=$(mktemp -d)
	$B/bin/sriot dump "$B/sriot/examples/avg.task" --json |
		/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); b=bytes.fromhex(d["bytes"]); sys.stdout.buffer.write(b[40 + d["srh"] + 8:])' \
		> "$dir/avg"
	fuzz sriot_fuzz "$B/sriot/sriot_fuzz" "$runs" "$dir"
	rc=$?
	rm -rf "$dir"
	return $rc
}

run sriot_wire_test "$B/sriot/sriot_wire_test"
run sriot_wmem_test "$B/sriot/sriot_wmem_test"
run tool tests/unit/sriot/tool.sh "$B"
run dissector tests/unit/sriot/dissector.sh "$B"
run sriot_fuzz seeded_fuzz
total sriot-check
