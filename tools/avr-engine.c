// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-engine.c - run a program to its halt on the core or on simavr
 */
#include <stdlib.h>
#include <string.h>
#include "avr-engine.h"
#include "avr-simavr.h"

#define OP_BREAK	0x9598

static enum avr_hook_result ram_read(void *ctx, uint16_t a, uint8_t *v)
{
	*v = ((uint8_t *)ctx)[a];
	return AVR_HOOK_OK;
}

static enum avr_hook_result ram_write(void *ctx, uint16_t a, uint8_t v)
{
	((uint8_t *)ctx)[a] = v;
	return AVR_HOOK_OK;
}

static const struct avr_io_ops ram_io = { ram_read, ram_write };

static void init_final(struct avr_final *f)
{
	memset(f, 0, sizeof(*f));
	f->sp = AVR_M328P_SRAM_BASE + AVR_M328P_SRAM_SIZE - 1;
	f->how = "limit";
}

int avr_engine_core(const struct avr_elf *e, struct avr_final *f,
		    uint64_t max_insns, uint32_t slice)
{
	struct avr_machine m = { 0 };
	enum avr_status st;
	void *scratch;

	init_final(f);
	m.code = e->flash;
	m.code_words = e->flash_len / 2;
	m.flash_words = AVR_M328P_FLASH_WORDS;
	m.sram = f->sram;
	m.sram_base = AVR_M328P_SRAM_BASE;
	m.sram_size = AVR_M328P_SRAM_SIZE;
	m.io = &ram_io;
	m.io_ctx = f->io;
	m.scratch_size = AVR_SCRATCH_SIZE(m.code_words);
	scratch = m.scratch = malloc(m.scratch_size);
	if (!scratch || seg6x_avr_prepare(&m) != AVR_OK) {
		free(scratch);
		f->how = "bad-arg";
		return -1;
	}
	seg6x_avr_reset(&m);
	for (;;) {
		uint64_t left = max_insns - m.insns;
		uint32_t n = slice ? slice : 1u << 30;

		if (!left)
			break;
		st = seg6x_avr_run(&m, left < n ? (uint32_t)left : n);
		if (st == AVR_OK || (st == AVR_SLEEP && (m.sreg & AVR_SREG_I)))
			continue;
		f->how = seg6x_avr_status_name(st);
		f->halted = st == AVR_BREAK || st == AVR_SLEEP;
		f->fault_addr = m.fault_addr;
		break;
	}
	memcpy(f->r, m.r, 32);
	f->sreg = m.sreg;
	f->sp = m.sp;
	f->pc = m.pc;
	f->cycles = m.cycles;
	f->insns = m.insns;
	free(scratch);
	return f->halted ? 0 : -1;
}

int avr_engine_simavr(const struct avr_elf *e, struct avr_final *f,
		      uint64_t max_insns)
{
	struct avr_machine m = { 0 };
	struct avr_t *sim = avrsim_create();
	uint32_t words = e->flash_len / 2;
	const uint8_t *fl;
	uint64_t c0;

	init_final(f);
	if (!sim || avrsim_load_flash(sim, e->flash, e->flash_len)) {
		f->how = "simavr-init";
		return -1;
	}
	m.sram = f->sram;
	m.sram_base = AVR_M328P_SRAM_BASE;
	m.sram_size = AVR_M328P_SRAM_SIZE;
	m.sp = f->sp;
	avrsim_put(sim, &m, f->io);
	fl = avrsim_flash(sim);
	c0 = avrsim_cycles(sim);
	while (f->insns < max_insns) {
		uint32_t pc = avrsim_pc_bytes(sim);
		int brk = pc / 2 < words && (fl[pc] | (fl[pc + 1] << 8)) == OP_BREAK;

		if (pc / 2 >= words) {
			f->how = "bad-pc";
			break;
		}
		avrsim_step(sim);
		if (avrsim_ev.invalid_opcode) {
			f->how = "bad-opcode";
			break;
		}
		if (avrsim_ev.crashed || avrsim_crashed(sim)) {
			f->how = "crashed";
			break;
		}
		f->insns++;
		if (brk) {
			f->how = "break";
			f->halted = 1;
			break;
		}
		if (avrsim_sleeping(sim)) {
			avrsim_get(sim, &m, f->io);
			if (!(m.sreg & AVR_SREG_I)) {
				f->how = "sleep";
				f->halted = 1;
				break;
			}
		}
	}
	avrsim_get(sim, &m, f->io);
	memcpy(f->r, m.r, 32);
	f->sreg = m.sreg;
	f->sp = m.sp;
	f->pc = m.pc;
	f->cycles = avrsim_cycles(sim) - c0;
	avrsim_destroy(sim);
	return f->halted ? 0 : -1;
}
