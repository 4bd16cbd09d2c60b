#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SR-IoT encoding size: 100 instructions over 10 nodes (tests/unit/sriot/
# enc100.S), code and routing bytes = SRH segment list + node table + port
# map, against the SR-IoT paper's 320 bytes. Also the avg example for
# reference. Writes BUILD_DIR/bench/sriot.json. Usage: sriot_encoding.sh BUILD_DIR
set -eu
B=${1:-build}
S=$B/bin/sriot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$B/bench"
$S build --nocrt tests/unit/sriot/enc100.S --ports tests/unit/sriot/enc100.ports \
	--log 10 -o "$tmp/enc100.task" > /dev/null
$S build tools/sriot-examples/avg.c --ports tools/sriot-examples/avg.ports \
	-o "$tmp/avg.task" > /dev/null
n=$($S dump "$tmp/enc100.task" --json | jq .encoding.total)
echo "enc100 (100 instructions, 10 nodes): $($S dump "$tmp/enc100.task" | grep '^encoding:')"
echo "avg.c  (paper's example, 5 nodes):   $($S dump "$tmp/avg.task" | grep '^encoding:')"
ratio=$(awk -v n="$n" 'BEGIN { printf "%.4f", n / 320 }')
printf '%-28s %6s %-6s %-14s %6s %7s\n' name value unit baseline base ratio
printf '%-28s %6s %-6s %-14s %6s %7s\n' sriot_encoding_100i_10n "$n" bytes "SR-IoT paper" 320 "$ratio"
printf '[{"name":"sriot_encoding_100i_10n","value":%s,"unit":"bytes","baseline":"SR-IoT paper","baseline_value":320,"ratio":%s}]\n' \
	"$n" "$ratio" > "$B/bench/sriot.json"
