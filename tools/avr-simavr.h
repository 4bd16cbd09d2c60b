/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr-simavr.h - libsimavr as a comparison engine for the seg6x AVR core
 *
 * Wraps an ATmega328P simavr instance so it can be loaded with the same
 * state as a struct avr_machine, stepped one instruction at a time (with
 * avr_run_one(), so no cycle timers, sleeps or interrupts run between
 * instructions) and read back. Peripherals are detached: I/O space behaves
 * as plain RAM on both engines, which is what avr-run and the tests use.
 */
#ifndef SEG6X_AVR_SIMAVR_H
#define SEG6X_AVR_SIMAVR_H

#include <stdint.h>
#include "avr.h"

struct avr_t;

/* What the last avrsim_step() saw in simavr's log */
struct avrsim_events {
	unsigned int invalid_opcode;	/* "Invalid Opcode" logged */
	unsigned int crashed;		/* bad address or other crash */
};

extern struct avrsim_events avrsim_ev;

/* A detached atmega328p; NULL on failure */
struct avr_t *avrsim_create(void);
void avrsim_destroy(struct avr_t *avr);
/* Copy @len bytes of code to flash at byte 0 */
int avrsim_load_flash(struct avr_t *avr, const uint8_t *code, uint32_t len);
/* Flash bytes (flashend + 1 of them) */
uint8_t *avrsim_flash(struct avr_t *avr);
/*
 * Registers, SREG, SP, PC, the SRAM window of @m and I/O bytes @io
 * (data addresses 0x20-0xff, indexed by address; SP/SREG bytes ignored).
 */
void avrsim_put(struct avr_t *avr, const struct avr_machine *m,
		const uint8_t io[256]);
/* Read back the same into @m (its sram buffer) and @io; PC in words */
void avrsim_get(struct avr_t *avr, struct avr_machine *m, uint8_t io[256]);
uint32_t avrsim_pc_bytes(struct avr_t *avr);
uint64_t avrsim_cycles(struct avr_t *avr);
/* After a step: did it go to sleep, did it crash? */
int avrsim_sleeping(struct avr_t *avr);
int avrsim_crashed(struct avr_t *avr);
/* Execute one instruction; resets avrsim_ev first */
void avrsim_step(struct avr_t *avr);
/*
 * simavr at full speed: its own avr_run() loop until cpu_Done (SLEEP with
 * interrupts off) or a crash, or @max_cycles. Returns 0 on cpu_Done.
 */
int avrsim_run_fast(struct avr_t *avr, uint64_t max_cycles);

/*
 * I/O hooks (used by `sriot ref`): route reads and writes of one data
 * address in 0x20-0xff to the caller, replacing whatever was there. @hook
 * must live as long as the simavr instance.
 */
struct avrsim_io_hook {
	uint8_t (*read)(void *ctx, uint16_t addr);
	void (*write)(void *ctx, uint16_t addr, uint8_t val);
	void *ctx;
};
int avrsim_hook_io(struct avr_t *avr, uint16_t addr, const struct avrsim_io_hook *hook);

#endif /* SEG6X_AVR_SIMAVR_H */
