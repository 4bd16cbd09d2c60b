// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_corpus_test.c - whole programs on the core and on simavr
 *
 * Each ELF on the command line (the corpus, built at -O0, -Os and -O2) runs
 * from reset to its halt on libsimavr (one avr_run_one() at a time) and on
 * the seg6x core twice: in one go and in slices of varying small sizes
 * (every slice end is a stop and resume). The final registers, SREG, SP,
 * PC, whole SRAM, I/O space, cycles, instruction count and halt reason must
 * be identical.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "avr-elf.h"
#include "avr-engine.h"

#define MAX_INSNS 200000000ULL

static int same(const struct avr_final *a, const struct avr_final *b,
		const char **what)
{
	*what = "registers";
	if (memcmp(a->r, b->r, 32))
		return 0;
	*what = "SREG/SP/PC";
	if (a->sreg != b->sreg || a->sp != b->sp || a->pc != b->pc)
		return 0;
	*what = "cycles";
	if (a->cycles != b->cycles)
		return 0;
	*what = "instruction count";
	if (a->insns != b->insns)
		return 0;
	*what = "SRAM";
	if (memcmp(a->sram, b->sram, sizeof(a->sram)))
		return 0;
	*what = "I/O space";
	if (memcmp(a->io + 0x20, b->io + 0x20, 0x3d) ||
	    memcmp(a->io + 0x60, b->io + 0x60, 0xa0))
		return 0;
	*what = "halt reason";
	return !strcmp(a->how, b->how) && a->halted && b->halted;
}

int main(int argc, char **argv)
{
	static struct avr_elf elf;
	static struct avr_final sim, core, sliced;
	unsigned int pass = 0, fail = 0;
	char err[256];
	int i;

	printf("TAP version 13\n1..%d\n", argc - 1);
	for (i = 1; i < argc; i++) {
		const char *what = "load";
		int ok = 0;

		if (!avr_elf_load(&elf, argv[i], err, sizeof(err))) {
			avr_engine_simavr(&elf, &sim, MAX_INSNS);
			avr_engine_core(&elf, &core, MAX_INSNS, 0);
			avr_engine_core(&elf, &sliced, MAX_INSNS, 1 + i * 37 % 251);
			ok = same(&sim, &core, &what);
			if (ok && !(ok = same(&core, &sliced, &what)))
				what = "sliced run: differs";
			avr_elf_free(&elf);
		} else {
			fprintf(stderr, "# %s\n", err);
		}
		if (ok) {
			pass++;
			printf("ok %d - %s: %" PRIu64 " insns, %" PRIu64 " cycles, halt %s\n",
			       i, argv[i], core.insns, core.cycles, core.how);
		} else {
			fail++;
			printf("not ok %d - %s: %s differ (core %s %" PRIu64 " insns pc %04" PRIx32 ", simavr %s %" PRIu64 " insns pc %04" PRIx32 ")\n",
			       i, argv[i], what, core.how, core.insns, core.pc,
			       sim.how, sim.insns, sim.pc);
		}
	}
	printf("%u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
