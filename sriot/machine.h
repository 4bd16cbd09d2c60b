/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * machine.h - an SR-IoT process's CPU state between its packet and the AVR core
 *
 * The kernel's avr-exec (kmod/avr_exec.c) and the userspace node
 * (tools/ioth-node/exec.c) run a visiting process the same way: load the
 * registers, SREG, SP, PC, cycle and step counters and the SRAM window from
 * the SR-IoT header (docs/sriot-format.md), run, store the CPU state back.
 * The SRAM stays in the packet (the machine works on it in place). What
 * differs per node - where the code words are, the I/O ports, the scratch
 * for pre-decoded code - each caller sets after sriot_machine_load().
 */
#ifndef SRIOT_MACHINE_H
#define SRIOT_MACHINE_H

#include "avr.h"
#include "wire.h"

/* The header's CPU state and memory layout into @m (an ATmega328P). */
static inline void sriot_machine_load(struct avr_machine *m, const struct sriot_view *v)
{
	const struct sriot_hdr *h = v->hdr;

	memcpy(m->r, h->regs, sizeof(m->r));
	m->sreg = h->sreg;
	m->sp = sriot_get16(&h->sp);
	m->pc = sriot_get16(&h->pc);
	m->cycles = sriot_get32(&h->cycles);
	m->insns = sriot_get32(&h->steps);
	m->sram = v->sram;
	m->sram_base = sriot_get16(&h->sram_base);
	m->sram_size = sriot_get16(&h->sram_size);
	m->code_base = 0;
	m->code_words = sriot_get16(&h->code_words);
	m->flash_words = AVR_M328P_FLASH_WORDS;
}

/* @m's CPU state back into the header (the SRAM was written in place). */
static inline void sriot_machine_store(const struct avr_machine *m, struct sriot_view *v)
{
	struct sriot_hdr *h = v->hdr;

	memcpy(h->regs, m->r, sizeof(h->regs));
	h->sreg = m->sreg;
	sriot_put16(&h->sp, m->sp);
	sriot_put16(&h->pc, m->pc);
	sriot_put32(&h->cycles, m->cycles);
	sriot_put32(&h->steps, m->insns);
}

#endif /* SRIOT_MACHINE_H */
