// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-scan.c - a static scan of a task's code for port accesses, shared by
 * `sriot dump` (which prints them) and `sriot build` (which warns about
 * ports missing from the map and writes to sensors).
 */
#include <stdio.h>
#include "sriot.h"

/*
 * The instructions with a constant data address in 0x20-0xff: IN, OUT,
 * SBI, CBI, SBIS, SBIC, LDS, STS. Returns the instruction's length in
 * words; *a->addr is 0 when it is not such an access.
 */
unsigned int sriot_scan_insn(const uint8_t *code, unsigned int words,
			     unsigned int pc, struct sriot_access *a)
{
	unsigned int w = code[2 * pc] | code[2 * pc + 1] << 8, k;
	unsigned int two = pc + 1 < words;

	a->pc = pc;
	a->addr = 0;
	k = two ? (unsigned int)(code[2 * pc + 2] | code[2 * pc + 3] << 8) : 0;
	if ((w & 0xf000) == 0xb000) {			/* 1011 sAAd dddd AAAA */
		a->addr = 0x20 + ((w & 0xf) | (w >> 5 & 0x30));
		a->rw = w & 0x0800 ? "w" : "r";
		snprintf(a->text, sizeof(a->text), w & 0x0800 ? "out 0x%02x, r%u" : "in r%2$u, 0x%1$02x",
			 a->addr - 0x20, w >> 4 & 0x1f);
	} else if ((w & 0xfc00) == 0x9800) {		/* 1001 10xy AAAA Abbb */
		static const char *const names[] = { "cbi", "sbic", "sbi", "sbis" };
		unsigned int op = w >> 8 & 3;

		a->addr = 0x20 + (w >> 3 & 0x1f);
		a->rw = op & 1 ? "r" : "rw";
		snprintf(a->text, sizeof(a->text), "%s 0x%02x, %u", names[op],
			 a->addr - 0x20, w & 7);
	} else if ((w & 0xfc0f) == 0x9000 && two) {	/* lds / sts, k16 */
		if (k >= 0x20 && k <= 0xff) {
			a->addr = k;
			a->rw = w & 0x0200 ? "w" : "r";
			snprintf(a->text, sizeof(a->text), w & 0x0200 ? "sts 0x%04x, r%u" : "lds r%2$u, 0x%1$04x",
				 k, w >> 4 & 0x1f);
		}
		return 2;
	} else if ((w & 0xfe0c) == 0x940c && two) {	/* jmp / call */
		return 2;
	}
	if (a->addr >= 0x5d && a->addr <= 0x5f)
		a->addr = 0;	/* SP and SREG belong to the core */
	return 1;
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
