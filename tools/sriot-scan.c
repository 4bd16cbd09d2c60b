// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-scan.c - a static scan of a task's code for port accesses, shared by
 * `sriot dump` (which prints them) and `sriot build` (which warns about
 * ports missing from the map and writes to sensors).
 */
#include <stdio.h>
#include "avr.h"
#include "sriot.h"

/*
 * The instructions with a constant data address in 0x20-0xff: IN, OUT,
 * SBI, CBI, SBIS, SBIC, LDS, STS. Returns the instruction's length in
 * words; *a->addr is 0 when it is not such an access.
 */
unsigned int sriot_scan_insn(const uint8_t *code, unsigned int words,
			     unsigned int pc, struct sriot_access *a)
{
	unsigned int w = code[2 * pc] | code[2 * pc + 1] << 8, k, len;
	unsigned int two = pc + 1 < words;

	a->pc = pc;
	a->addr = 0;
	k = two ? (unsigned int)(code[2 * pc + 2] | code[2 * pc + 3] << 8) : 0;
	len = sriot_disasm(code, words, pc, a->text, sizeof(a->text), &a->target);
	if ((w & 0xf000) == 0xb000) {			/* 1011 sAAd dddd AAAA */
		a->addr = 0x20 + ((w & 0xf) | (w >> 5 & 0x30));
		a->rw = w & 0x0800 ? "w" : "r";
	} else if ((w & 0xfc00) == 0x9800) {		/* 1001 10xy AAAA Abbb */
		a->addr = 0x20 + (w >> 3 & 0x1f);
		a->rw = w >> 8 & 1 ? "r" : "rw";	/* sbic, sbis read; cbi, sbi both */
	} else if ((w & 0xfc0f) == 0x9000 && two) {	/* lds / sts, k16 */
		if (k >= 0x20 && k <= 0xff) {
			a->addr = k;
			a->rw = w & 0x0200 ? "w" : "r";
		}
	}
	if (a->addr >= 0x5d && a->addr <= 0x5f)
		a->addr = 0;	/* SP and SREG belong to the core */
	return len;
}

/*
 * The instruction at word @pc as text (avr-isa's disassembler, avr-objdump's
 * syntax); *@target is the word address a jump, call or branch goes to, or
 * ~0. Returns its length in words; a two-word instruction cut by the end of
 * the code is one ".word".
 */
unsigned int sriot_disasm(const uint8_t *code, unsigned int words, unsigned int pc,
			  char *text, size_t len, uint32_t *target)
{
	int two = pc + 1 < words;
	unsigned int n;

	n = seg6x_avr_disasm(code[2 * pc] | code[2 * pc + 1] << 8,
			     two ? code[2 * pc + 2] | code[2 * pc + 3] << 8 : 0, two,
			     pc, text, len, target);
	if (*target != ~0u)
		*target /= 2;
	return n;
}

/* Index of @port in the task's port map, or -1 */
int sriot_port_index(const struct sriot_view *v, unsigned int port)
{
	unsigned int i;

	for (i = 0; i < v->hdr->n_ports; i++)
		if (v->ports[i].port == port)
			return i;
	return -1;
}
