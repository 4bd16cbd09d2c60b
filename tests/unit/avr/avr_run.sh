#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# build/avr-run as a user meets it: an ordinary avr-gcc program whose main
# returns ends in avr-libc's exit loop (cli; rjmp .), which both engines
# take as the end of the run; a program that never ends says what ends a
# run; --help. TAP; last line "N passed, N failed".
# Usage: avr_run.sh BUILD_DIR
set -u
B=${1:-build}
R=$B/avr-run
. "$(dirname "$0")/../tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

avr-gcc -mmcu=atmega328p -Os tests/unit/avr/progs/ret.c -o "$tmp/ret.elf"
ok "avr-gcc builds an ordinary program (avr-libc's crt, main returns)" $?
for e in core simavr; do
	timeout 60 "$R" "$tmp/ret.elf" --engine $e --sym answer --json > "$tmp/$e.json"
	is "$e: main's return ends the run, exit 0, in well under 10^10 instructions" \
		"$?,$(jq -r '[.status, .syms[0].value, .regs[24] + 256 * .regs[25], .steps < 1000] | @csv' "$tmp/$e.json")" \
		'0,"exit",385,385,true'
done
is "core and simavr agree on pc, cycles and instructions" \
	"$(jq -c '[.pc, .cycles, .steps]' "$tmp/core.json")" "$(jq -c '[.pc, .cycles, .steps]' "$tmp/simavr.json")"
is "pc is the exit loop's jump (__stop_program), not after it" \
	"$(jq -r '.pc * 2' "$tmp/core.json")" \
	"$((0x$(avr-nm "$tmp/ret.elf" | awk '$3 == "__stop_program" { print $1 }')))"
"$R" "$tmp/ret.elf" > "$tmp/text"
grep -q "^status  exit (avr-libc's exit loop (cli; rjmp .): main returned" "$tmp/text"
ok "text output says what ended the run" $?

# a program that never ends: the message says what ends a run
printf 'loop: sei\n rjmp loop\n' > "$tmp/loop.S"
avr-gcc -mmcu=atmega328p -nostdlib "$tmp/loop.S" -o "$tmp/loop.elf"
"$R" "$tmp/loop.elf" --max-insns 1000 > /dev/null 2> "$tmp/err"
is "no end: exit 1" $? 1
grep -q "no end after 1000 instructions (--max-insns): a run ends at BREAK, SLEEP with interrupts off or avr-libc's exit loop" "$tmp/err"
ok "no end: says what ends a run" $?

"$R" --help > "$tmp/help"
is "--help: usage on stdout, exit 0" "$?,$(head -c 14 "$tmp/help")" "0,usage: avr-run"
"$R" --bogus 2> /dev/null
is "a bad option: exit 2" $? 2

# symbols as sriot prints them (docs/json.md): over 6 bytes, value null and the bytes
avr-gcc -mmcu=atmega328p -Os tests/unit/avr/corpus/crc.c -o "$tmp/crc.elf"
is "--json syms: a 4-byte number and a 1024-byte table, name/space/addr/size/value/bytes" \
	"$("$R" "$tmp/crc.elf" --sym crc32 --sym table --json | jq -c '[.syms[] | [keys_unsorted, .value, (.bytes | length)]]')" \
	'[[["name","space","addr","size","value","bytes"],2969130415,8],[["name","space","addr","size","value","bytes"],null,2048]]'

tap_done
