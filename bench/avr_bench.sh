#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# AVR core vs simavr on the corpus programs that end in SLEEP, in one run:
# emulated instructions per second (wall clock) and host instructions per
# emulated instruction (callgrind, the difference between 2 and 6 runs, so
# start-up costs cancel). Writes a JSON list of
# {"name","value","unit","baseline","baseline_value","ratio"} to $2.
# Usage: avr_bench.sh BUILD_AVR_DIR OUT.json
set -eu
dir=$1 out=$2
bench=$dir/avr-bench
progs=()
for p in "$dir"/corpus/*-O2.elf "$dir"/corpus/*-Os.elf; do
	case $p in *recurse*) continue;; esac	# ends in BREAK: simavr never stops
	progs+=("$p")
done

echo "# emulated M instr/s: program, AVR instructions, core, simavr, ratio"
table=$("$bench" "${progs[@]}")
echo "$table"
read -r _ _ core_mips sim_mips ratio < <(echo "$table" | grep '^total')

ir() {	# engine reps -> total host instructions (callgrind)
	local f
	f=$(mktemp)
	valgrind --tool=callgrind --callgrind-out-file="$f" \
		"$bench" --once "$1" "$2" "${progs[@]}" >/dev/null 2>&1
	awk '/^(summary|totals):/ { print $2; exit }' "$f"
	rm -f "$f"
}
insns=$(echo "$table" | awk '/^total/ { print $2 }')
if command -v valgrind >/dev/null; then
	c2=$(ir core 2) c6=$(ir core 6) s2=$(ir simavr 2) s6=$(ir simavr 6)
	core_ipi=$(awk -v a="$c2" -v b="$c6" -v n="$insns" 'BEGIN { printf "%.2f", (b - a) / (4 * n) }')
	sim_ipi=$(awk -v a="$s2" -v b="$s6" -v n="$insns" 'BEGIN { printf "%.2f", (b - a) / (4 * n) }')
else
	core_ipi=0 sim_ipi=0
fi
ipi_ratio=$(awk -v a="$core_ipi" -v b="$sim_ipi" 'BEGIN { printf "%.3f", b ? a / b : 0 }')
echo "# host instructions per emulated instruction (callgrind): core $core_ipi, simavr $sim_ipi"
echo "# core vs simavr: ${ratio}x emulated instr/s, ${ipi_ratio} of simavr's host instructions"

{
	echo "["
	echo "  {\"name\": \"avr-core emulated instructions per second\", \"value\": $core_mips, \"unit\": \"M instr/s\", \"baseline\": \"simavr\", \"baseline_value\": $sim_mips, \"ratio\": $ratio},"
	echo "  {\"name\": \"avr-core host instructions per emulated instruction\", \"value\": $core_ipi, \"unit\": \"host instr/instr\", \"baseline\": \"simavr\", \"baseline_value\": $sim_ipi, \"ratio\": $ipi_ratio}"
	echo "]"
} > "$out"
echo "  BENCH   $out"
