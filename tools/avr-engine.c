// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-engine.c - run a program to its halt on the core or on simavr
 */
#include <stdlib.h>
#include <string.h>
#include "avr-engine.h"
#include "avr-simavr.h"

#define OP_BREAK	0x9598
#define OP_CLI		0x94f8
#define OP_RJMP_SELF	0xcfff		/* rjmp .-2 */

/*
 * avr-libc's exit(): `cli` then `rjmp .` (__stop_program). Nothing can leave
 * that loop (interrupts are off, and no interrupt source is modelled), so
 * both engines end the run when PC reaches it, with "exit", before
 * executing the jump: main returned (its value is in r24:r25).
 */
static int exit_loop(const uint8_t *fl, uint32_t words, uint32_t pc)
{
	return pc > 0 && pc < words && (fl[2 * pc] | fl[2 * pc + 1] << 8) == OP_RJMP_SELF &&
	       (fl[2 * pc - 2] | fl[2 * pc - 1] << 8) == OP_CLI;
}

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
	uint32_t words = e->flash_len / 2, pc;
	enum avr_status st;
	uint8_t *code;
	void *scratch;

	init_final(f);
	/* the core stops at a BREAK put in place of each exit loop's jump */
	code = malloc(e->flash_len + 1);
	if (!code) {
		f->how = "bad-arg";
		return -1;
	}
	memcpy(code, e->flash, e->flash_len);
	for (pc = 1; pc < words; pc++)
		if (exit_loop(e->flash, words, pc)) {
			code[2 * pc] = OP_BREAK & 0xff;
			code[2 * pc + 1] = OP_BREAK >> 8;
		}
	m.code = code;
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
		free(code);
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
		if (st == AVR_BREAK && exit_loop(e->flash, words, m.pc - 1)) {
			f->how = "exit";	/* undo the stand-in BREAK */
			m.pc--;
			m.insns--;
			m.cycles--;
		}
		break;
	}
	memcpy(f->r, m.r, 32);
	f->sreg = m.sreg;
	f->sp = m.sp;
	f->pc = m.pc;
	f->cycles = m.cycles;
	f->insns = m.insns;
	free(scratch);
	free(code);
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
		if (exit_loop(fl, words, pc / 2)) {
			f->how = "exit";
			f->halted = 1;
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
