// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-simavr.c - libsimavr as a comparison engine (see avr-simavr.h)
 *
 * simavr 1.6 facts this relies on (sim_avr.h, sim_core.h, sim_core.c):
 * - avr->data[] is the whole data space: r0-r31, I/O at 0x20.., SRAM;
 * - SREG is kept split in avr->sreg[8] (one 0/1 byte per flag) and only
 *   synthesised into data[0x5f] when read through the data space;
 * - avr->pc is a byte address; avr->cycle counts cycles;
 * - avr_run_one() executes instructions while state == cpu_Running and
 *   run_cycle_count > the instruction's cycles, so with run_cycle_count 0
 *   it executes exactly one;
 * - an I/O address without read/write callbacks is plain memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <simavr/sim_avr.h>
#include <simavr/sim_core.h>
#include "avr-simavr.h"

struct avrsim_events avrsim_ev;

static void avrsim_logger(avr_t *avr, const int level, const char *fmt,
			  va_list ap)
{
	(void)avr;
	(void)ap;
	if (strstr(fmt, "Invalid Opcode"))
		avrsim_ev.invalid_opcode++;
	else if (level <= LOG_ERROR)
		avrsim_ev.crashed++;
}

struct avr_t *avrsim_create(void)
{
	avr_t *avr;
	int i;

	avr_global_logger_set(avrsim_logger);
	avr = avr_make_mcu_by_name("atmega328p");
	if (!avr)
		return NULL;
	avr_init(avr);
	avr->log = LOG_NONE;
	/* Detach every peripheral: I/O becomes plain memory */
	for (i = 0; i < MAX_IOs; i++) {
		avr->io[i].r.c = NULL;
		avr->io[i].w.c = NULL;
		avr->io[i].irq = NULL;
	}
	return avr;
}

void avrsim_destroy(struct avr_t *avr)
{
	avr_terminate(avr);
}

int avrsim_load_flash(struct avr_t *avr, const uint8_t *code, uint32_t len)
{
	if (len > avr->flashend + 1)
		return -1;
	memcpy(avr->flash, code, len);
	avr->codeend = avr->flashend;
	return 0;
}

uint8_t *avrsim_flash(struct avr_t *avr)
{
	return avr->flash;
}

void avrsim_put(struct avr_t *avr, const struct avr_machine *m,
		const uint8_t io[256])
{
	int i;

	memcpy(avr->data, m->r, 32);
	for (i = 0x20; i < 0x100; i++)
		avr->data[i] = io[i];
	avr->data[R_SPL] = m->sp & 0xff;
	avr->data[R_SPH] = m->sp >> 8;
	avr->data[R_SREG] = m->sreg;
	for (i = 0; i < 8; i++)
		avr->sreg[i] = (m->sreg >> i) & 1;
	avr->interrupt_state = 0;
	memcpy(avr->data + m->sram_base, m->sram, m->sram_size);
	avr->pc = m->pc * 2;
	avr->state = cpu_Running;
}

void avrsim_get(struct avr_t *avr, struct avr_machine *m, uint8_t io[256])
{
	int i;

	memcpy(m->r, avr->data, 32);
	for (i = 0x20; i < 0x100; i++)
		io[i] = avr->data[i];
	m->sp = avr->data[R_SPL] | (avr->data[R_SPH] << 8);
	m->sreg = 0;
	for (i = 0; i < 8; i++)
		m->sreg |= (avr->sreg[i] ? 1 : 0) << i;
	memcpy(m->sram, avr->data + m->sram_base, m->sram_size);
	m->pc = avr->pc / 2;
}

uint32_t avrsim_pc_bytes(struct avr_t *avr)
{
	return avr->pc;
}

uint64_t avrsim_cycles(struct avr_t *avr)
{
	return avr->cycle;
}

int avrsim_sleeping(struct avr_t *avr)
{
	return avr->state == cpu_Sleeping;
}

int avrsim_crashed(struct avr_t *avr)
{
	return avr->state == cpu_Crashed;
}

void avrsim_step(struct avr_t *avr)
{
	memset(&avrsim_ev, 0, sizeof(avrsim_ev));
	avr->state = cpu_Running;
	avr->run_cycle_count = 0;
	avr->interrupt_state = 0;
	avr->pc = avr_run_one(avr);
}

int avrsim_run_fast(struct avr_t *avr, uint64_t max_cycles)
{
	int st = cpu_Running;

	avr->state = cpu_Running;
	while (st == cpu_Running || st == cpu_Sleeping) {
		st = avr_run(avr);
		if (avr->cycle > max_cycles)
			return -1;
	}
	return st == cpu_Done ? 0 : -1;
}

static uint8_t avrsim_hook_read(avr_t *avr, avr_io_addr_t addr, void *param)
{
	const struct avrsim_io_hook *h = param;

	(void)avr;
	return h->read ? h->read(h->ctx, addr) : 0;
}

static void avrsim_hook_write(avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param)
{
	const struct avrsim_io_hook *h = param;

	(void)avr;
	if (h->write)
		h->write(h->ctx, addr, v);
}

/*
 * Set the slot directly rather than through avr_register_io_*(): those
 * chain onto an existing handler, and avrsim_create() left the peripherals'
 * params behind when it detached them.
 */
int avrsim_hook_io(struct avr_t *avr, uint16_t addr, const struct avrsim_io_hook *hook)
{
	unsigned int a = AVR_DATA_TO_IO(addr);

	if (addr < 0x20 || addr > 0xff || a >= MAX_IOs)
		return -1;
	avr->io[a].r.c = avrsim_hook_read;
	avr->io[a].r.param = (void *)hook;
	avr->io[a].w.c = avrsim_hook_write;
	avr->io[a].w.param = (void *)hook;
	return 0;
}
