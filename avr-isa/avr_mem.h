/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr_mem.h - data space accesses, every one bounds-checked
 *
 * The fast path (an address inside the SRAM window) is inline; the register
 * file, the core's own I/O registers (SPL, SPH, SREG), the caller's hook and
 * faults are out of line in avr_mem.c. Nothing changes in the machine unless
 * the access succeeds, so a failed access leaves the instruction undone.
 * Returns 0 or the enum avr_status that stops the run.
 */
#ifndef SEG6X_AVR_MEM_H
#define SEG6X_AVR_MEM_H

#include "avr_private.h"

int seg6x_avr_mem_read_slow(struct avr_machine *m, u16 addr, u8 *val);
int seg6x_avr_mem_write_slow(struct avr_machine *m, u16 addr, u8 val);

static __always_inline int avr_mem_read(struct avr_machine *m, u16 addr,
					u8 *val)
{
	u32 off = (u32)addr - m->sram_base;

	if (likely(off < m->sram_size)) {
		*val = m->sram[off];
		return 0;
	}
	return seg6x_avr_mem_read_slow(m, addr, val);
}

static __always_inline int avr_mem_write(struct avr_machine *m, u16 addr,
					 u8 val)
{
	u32 off = (u32)addr - m->sram_base;

	if (likely(off < m->sram_size)) {
		m->sram[off] = val;
		return 0;
	}
	return seg6x_avr_mem_write_slow(m, addr, val);
}

/*
 * Stack: @n bytes at SP+1-n .. SP (push) or SP+1 .. SP+n (pop) must all be
 * in the SRAM window. Returns the window offset of the lowest byte, or -1.
 */
static __always_inline s32 avr_stack_push_off(struct avr_machine *m, u32 n)
{
	u32 off = (u32)m->sp + 1 - n - m->sram_base;

	return off < m->sram_size && m->sram_size - off >= n ? (s32)off : -1;
}

static __always_inline s32 avr_stack_pop_off(struct avr_machine *m, u32 n)
{
	u32 off = (u32)m->sp + 1 - m->sram_base;

	return off < m->sram_size && m->sram_size - off >= n ? (s32)off : -1;
}

#endif /* SEG6X_AVR_MEM_H */
