// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_mem.c - the slow half of data space: registers, SP/SREG, the hook
 */
#include "avr_mem.h"

static int io_stop(struct avr_machine *m, u16 addr, bool write,
		   enum avr_hook_result res)
{
	m->fault_addr = addr;
	m->fault_write = write;
	if (res == AVR_HOOK_DEFER)
		return AVR_IO_DEFER;
	return AVR_IO_FAULT;
}

int seg6x_avr_mem_read_slow(struct avr_machine *m, u16 addr, u8 *val)
{
	enum avr_hook_result res;

	if (addr < 0x20) {
		*val = m->r[addr];
		return 0;
	}
	if (addr >= 0x100) {
		m->fault_addr = addr;
		m->fault_write = 0;
		return AVR_BAD_ADDRESS;
	}
	switch (addr) {
	case AVR_ADDR_SPL:
		*val = m->sp & 0xff;
		return 0;
	case AVR_ADDR_SPH:
		*val = m->sp >> 8;
		return 0;
	case AVR_ADDR_SREG:
		*val = m->sreg;
		return 0;
	}
	res = m->io && m->io->read ? m->io->read(m->io_ctx, addr, val)
				   : AVR_HOOK_FAULT;
	return res == AVR_HOOK_OK ? 0 : io_stop(m, addr, false, res);
}

int seg6x_avr_mem_write_slow(struct avr_machine *m, u16 addr, u8 val)
{
	enum avr_hook_result res;

	if (addr < 0x20) {
		m->r[addr] = val;
		return 0;
	}
	if (addr >= 0x100) {
		m->fault_addr = addr;
		m->fault_write = 1;
		return AVR_BAD_ADDRESS;
	}
	switch (addr) {
	case AVR_ADDR_SPL:
		m->sp = (m->sp & 0xff00) | val;
		return 0;
	case AVR_ADDR_SPH:
		m->sp = (m->sp & 0x00ff) | (val << 8);
		return 0;
	case AVR_ADDR_SREG:
		m->sreg = val;
		return 0;
	}
	res = m->io && m->io->write ? m->io->write(m->io_ctx, addr, val)
				    : AVR_HOOK_FAULT;
	return res == AVR_HOOK_OK ? 0 : io_stop(m, addr, true, res);
}
