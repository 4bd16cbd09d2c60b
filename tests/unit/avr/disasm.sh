#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The disassembler (avr-isa/avr_disasm.c, through `avr-run --disasm`) against
# avr-objdump -d: mnemonic and operands of every instruction of every corpus
# program, and of all 65,536 opcode words (each followed by a NOP word, so a
# two-word instruction takes it as its second word). Where avr-objdump
# decodes a word the ATmega328P does not execute (ELPM, EIJMP, EICALL, XCH,
# LAS, LAC, LAT, DES, SPM Z+: other AVR cores), the disassembler must say
# ".word": that is what the core does with it (bad-opcode).
# TAP; last line "N passed, N failed". Usage: disasm.sh BUILD_DIR
set -u
B=${1:-build}
R=$B/avr-run
. "$(dirname "$0")/../tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# compare ELF: our text and avr-objdump's, instruction by instruction;
# prints "<checked> <mismatches>" and the first mismatches as comments
compare() {
	"$R" "$1" --disasm > "$tmp/ours" || { echo "0 1"; return; }
	avr-objdump -d -z -j .text "$1" > "$tmp/theirs"
	/usr/bin/python3 - "$tmp/ours" "$tmp/theirs" <<'EOPY'
import re, sys
other = {"elpm", "eijmp", "eicall", "xch", "las", "lac", "lat", "des"}
ours = {}
for l in open(sys.argv[1]):
    a, t = l.split(":", 1)
    ours[int(a, 16)] = t.split(" ; ")[0].strip()
checked = bad = 0
for l in open(sys.argv[2]):
    m = re.match(r"^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} )+\s*\t([^;]*)", l)
    if not m:
        continue
    addr = int(m.group(1), 16)
    want = " ".join(m.group(2).replace("\t", " ").split())
    got = ours.get(addr)
    checked += 1
    mn = want.split(" ")[0]
    if got == want:
        continue
    if got is not None and got.startswith(".word") and (mn in other or want == "spm Z+"):
        continue
    bad += 1
    if bad <= 5:
        print("# 0x%x: avr-objdump '%s', ours '%s'" % (addr, want, got))
print(checked, bad)
EOPY
}

total=0 bad=0
for f in "$B"/avr/corpus/*.elf; do
	out=$(compare "$f")
	echo "$out" | grep '^#'
	set -- $(echo "$out" | tail -1)
	total=$((total + $1)) bad=$((bad + $2))
done
[ "$bad" = 0 ] && [ "$total" -gt 1000 ]
rc=$?
ok "corpus: $total instructions in $(ls "$B"/avr/corpus/*.elf | wc -l) programs, $bad differ from avr-objdump" $rc

total=0 bad=0
for part in 0 1 2 3 4 5 6 7; do
	{
		echo '.text'
		echo '.global main'
		echo 'main:'
		for ((w = part * 8192; w < (part + 1) * 8192; w++)); do
			printf '.word 0x%04x, 0\n' $w
		done
	} > "$tmp/all$part.S"
	avr-gcc -mmcu=atmega328p -nostdlib "$tmp/all$part.S" -o "$tmp/all$part.elf" || { bad=$((bad + 1)); continue; }
	out=$(compare "$tmp/all$part.elf")
	echo "$out" | grep '^#'
	set -- $(echo "$out" | tail -1)
	total=$((total + $1)) bad=$((bad + $2))
done
[ "$bad" = 0 ] && [ "$total" -ge 65536 ]
rc=$?
ok "all 65536 opcode words: $total instructions, $bad differ from avr-objdump" $rc

tap_done
