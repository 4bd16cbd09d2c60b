// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_fuzz.c - libFuzzer target for the AVR core
 *
 * Input: a 48-byte header (registers, SREG, SP, PC, SRAM window base and
 * size, code base, I/O behaviour seed) then code words. The machine runs
 * on a small SRAM window (as in the kernel) with an I/O hook that answers
 * OK, DEFER or FAULT depending on the address. Checked beyond "no crash,
 * no sanitizer report":
 * - a run in slices of one instruction ends in the same state as a run in
 *   one go (stop/resume is exact);
 * - a stop that refuses an instruction leaves the machine unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "avr.h"

#define HDR		48
#define MAX_WORDS	512
#define BUDGET		3000

struct fz {
	uint8_t io[256];
	uint8_t seed;
};

static enum avr_hook_result fz_hook(struct fz *f, uint16_t a)
{
	uint8_t x = (uint8_t)(a * 37 + f->seed);

	if (x < 8)
		return AVR_HOOK_DEFER;
	if (x < 12)
		return AVR_HOOK_FAULT;
	return AVR_HOOK_OK;
}

static enum avr_hook_result fz_read(void *ctx, uint16_t a, uint8_t *v)
{
	struct fz *f = ctx;
	enum avr_hook_result r = fz_hook(f, a);

	if (a < 0x20 || a > 0xff)
		abort();	/* the core must keep these to itself */
	if (r == AVR_HOOK_OK)
		*v = f->io[a];
	return r;
}

static enum avr_hook_result fz_write(void *ctx, uint16_t a, uint8_t v)
{
	struct fz *f = ctx;
	enum avr_hook_result r = fz_hook(f, a);

	if (a < 0x20 || a > 0xff || a == 0x5d || a == 0x5e || a == 0x5f)
		abort();
	if (r == AVR_HOOK_OK)
		f->io[a] = v;
	return r;
}

static const struct avr_io_ops fz_ops = { fz_read, fz_write };

struct world {
	struct avr_machine m;
	struct fz io;
	uint8_t *sram;
	uint32_t *scratch;
};

static void setup(struct world *w, const uint8_t *d, const uint8_t *code,
		  uint32_t words)
{
	struct avr_machine *m = &w->m;
	uint16_t size = 1 + ((d[36] | (d[37] << 8)) % 2048);

	memset(m, 0, sizeof(*m));
	memcpy(m->r, d, 32);
	m->sreg = d[32];
	m->sp = d[33] | (d[34] << 8);
	m->sram_base = 0x100 + ((d[38] | (d[39] << 8)) % 0x800);
	m->sram_size = size;
	m->sram = w->sram;
	memset(w->sram, d[40], size);
	m->code = code;
	m->code_words = words;
	m->code_base = d[41] % 4 ? 0 : d[42];
	m->flash_words = AVR_M328P_FLASH_WORDS;
	m->pc = m->code_base + (words ? d[35] % (words + 2) : 0);
	m->io = &fz_ops;
	m->io_ctx = &w->io;
	m->scratch = w->scratch;
	m->scratch_size = AVR_SCRATCH_SIZE(words);
	memset(&w->io, 0, sizeof(w->io));
	w->io.seed = d[43];
	if (d[44] & 1)	/* sometimes aim SP inside the window */
		m->sp = m->sram_base + (m->sp % size);
}

static int same(const struct world *a, const struct world *b)
{
	const struct avr_machine *x = &a->m, *y = &b->m;

	return !memcmp(x->r, y->r, 32) && x->sreg == y->sreg &&
	       x->sp == y->sp && x->pc == y->pc && x->cycles == y->cycles &&
	       x->insns == y->insns && !memcmp(a->io.io, b->io.io, 256) &&
	       !memcmp(a->sram, b->sram, x->sram_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static uint8_t sram_a[2048], sram_b[2048];
	static uint32_t scr_a[MAX_WORDS + 2], scr_b[MAX_WORDS + 2];
	static struct world a, b;
	uint32_t words, i;
	enum avr_status sa, sb = AVR_OK;
	uint8_t *code;

	if (len < HDR)
		return 0;
	words = (len - HDR) / 2;
	if (words > MAX_WORDS)
		words = MAX_WORDS;
	/* exact-size copy so ASan sees any read past the code */
	code = malloc(words * 2 + 1);
	memcpy(code, data + HDR, words * 2);
	a.sram = sram_a;
	a.scratch = scr_a;
	b.sram = sram_b;
	b.scratch = scr_b;
	setup(&a, data, code, words);
	setup(&b, data, code, words);
	if (seg6x_avr_prepare(&a.m) != AVR_OK ||
	    seg6x_avr_prepare(&b.m) != AVR_OK)
		abort();

	sa = seg6x_avr_run(&a.m, BUDGET);
	for (i = 0; i < BUDGET; i++) {
		struct avr_machine before = b.m;
		uint8_t io_before[256];

		memcpy(io_before, b.io.io, sizeof(io_before));
		sb = seg6x_avr_run(&b.m, 1);
		if (sb == AVR_OK)
			continue;
		if (sb >= AVR_IO_DEFER && sb != AVR_BAD_PC &&
		    (memcmp(before.r, b.m.r, 32) || before.sreg != b.m.sreg ||
		     before.sp != b.m.sp || before.pc != b.m.pc ||
		     before.insns != b.m.insns || before.cycles != b.m.cycles ||
		     memcmp(io_before, b.io.io, sizeof(io_before))))
			abort();	/* a refused instruction changed the machine */
		break;
	}
	if (sa != sb || !same(&a, &b))
		abort();	/* sliced and whole runs disagree */
	free(code);
	return 0;
}
