/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr-engine.h - run a loaded program to its halt on the seg6x core or on
 * simavr, the same way, and collect the final machine
 *
 * A program halts on BREAK, on SLEEP with SREG.I clear (how simavr ends a
 * run: cpu_Done), or on reaching avr-libc's exit loop (`cli` then `rjmp .`,
 * where main's return ends up): "exit", PC at the jump, which is not run. SLEEP with I set does not halt: there are no interrupt
 * sources, so it is a no-op. I/O space 0x20-0xff is plain RAM on both
 * engines (peripherals are not modelled), so programs that touch ports run.
 */
#ifndef SEG6X_AVR_ENGINE_H
#define SEG6X_AVR_ENGINE_H

#include <stdint.h>
#include "avr.h"
#include "avr-elf.h"

struct avr_final {
	uint8_t r[32];
	uint8_t sreg;
	uint16_t sp;
	uint32_t pc;		/* words */
	uint64_t cycles;
	uint64_t insns;
	uint8_t sram[AVR_M328P_SRAM_SIZE];	/* 0x100-0x8ff */
	uint8_t io[256];			/* 0x20-0xff used */
	const char *how;	/* "break", "sleep", "exit", "limit" or the fault */
	int halted;		/* 1 on BREAK / SLEEP with I clear / exit loop */
	uint16_t fault_addr;
};

/*
 * Run on the seg6x core, in slices of @slice instructions (0: one slice
 * per 2^30; tests use small odd slices to exercise stop and resume).
 * Gives up after @max_insns. Returns 0 when halted, -1 otherwise.
 */
int avr_engine_core(const struct avr_elf *e, struct avr_final *f,
		    uint64_t max_insns, uint32_t slice);

/* Run on libsimavr, one avr_run_one() step at a time. Same contract. */
int avr_engine_simavr(const struct avr_elf *e, struct avr_final *f,
		      uint64_t max_insns);

#endif /* SEG6X_AVR_ENGINE_H */
