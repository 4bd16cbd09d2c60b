// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-bench.c - emulated instructions per second, seg6x core vs simavr
 *
 * avr-bench PROG.elf...            time every program on both engines
 * avr-bench --once ENGINE REPS PROG.elf...
 *                                  run each program REPS times on one
 *                                  engine, untimed (for callgrind)
 *
 * avr-bench --visit WORDS INSNS   what an avr-exec visit costs in the core:
 *                                  pre-decode of WORDS code words, the same
 *                                  with the pre-decode reused, and a run of
 *                                  INSNS instructions (ns each, medians of 9
 *                                  batches)
 *
 * Core runs are timed whole: allocation, pre-decode, reset and run to the
 * halt. simavr runs are timed from the first avr_run() to cpu_Done, with
 * its own fast loop (avr_callback_run_raw); creating and loading it is not
 * timed. Both must halt on SLEEP with interrupts off. Instruction counts
 * come from the core (the corpus test proves both engines agree).
 * Output: one line per program and a "total" line:
 *   NAME INSNS CORE_MIPS SIMAVR_MIPS RATIO
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "avr-elf.h"
#include "avr-engine.h"
#include "avr-simavr.h"

#define MIN_NS	300000000ull	/* time each engine at least this long */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static struct avr_final fin;

static int run_core(const struct avr_elf *e)
{
	return avr_engine_core(e, &fin, 1ull << 40, 0);
}

/* One simavr run; adds its timed part to *ns */
static int run_simavr(const struct avr_elf *e, uint64_t *ns)
{
	struct avr_t *sim = avrsim_create();
	uint64_t t;
	int r;

	if (!sim || avrsim_load_flash(sim, e->flash, e->flash_len))
		return -1;
	t = now_ns();
	r = avrsim_run_fast(sim, 1ull << 40);
	*ns += now_ns() - t;
	avrsim_destroy(sim);
	return r;
}

static int once(const char *engine, int reps, int argc, char **argv)
{
	static struct avr_elf e;
	char err[256];
	uint64_t ns = 0;
	int i, k;

	for (i = 0; i < argc; i++) {
		if (avr_elf_load(&e, argv[i], err, sizeof(err))) {
			fprintf(stderr, "avr-bench: %s\n", err);
			return 1;
		}
		for (k = 0; k < reps; k++)
			if (strcmp(engine, "core") ? run_simavr(&e, &ns) : run_core(&e))
				return 1;
		avr_elf_free(&e);
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A visit's parts, as avr-exec does them: code of WORDS words (an
 * add/adc/eor pattern; INSNS of them run, then BREAK at INSNS - 1), timed
 * over batches of 20000 and the median of 9 batches taken.
 */
static int visit(unsigned int words, unsigned int insns)
{
	static uint8_t code[2 * 1000], sram[64];
	static uint32_t scratch[AVR_SCRATCH_SIZE(1000) / 4 + 1];
	static const uint16_t pat[] = { 0x0f01, 0x1f12, 0x2723 };
	uint64_t t[3][9];
	struct avr_machine m;
	unsigned int i, b, r, part;

	if (!words || words > 1000 || !insns || insns > words)
		return 2;
	for (i = 0; i < words; i++) {
		uint16_t w = i == insns - 1 ? 0x9598 : pat[i % 3];

		code[2 * i] = w & 0xff;
		code[2 * i + 1] = w >> 8;
	}
	for (b = 0; b < 9; b++) {
		for (part = 0; part < 3; part++) {
			uint64_t t0 = now_ns();

			for (r = 0; r < 20000; r++) {
				memset(&m, 0, sizeof(m));
				m.code = code;
				m.code_words = words;
				m.flash_words = AVR_M328P_FLASH_WORDS;
				m.sram = sram;
				m.sram_base = AVR_M328P_SRAM_BASE;
				m.sram_size = sizeof(sram);
				m.sp = AVR_M328P_SRAM_BASE + sizeof(sram) - 1;
				m.scratch = scratch;
				m.scratch_size = sizeof(scratch);
				if (part == 0)
					seg6x_avr_prepare(&m);
				else
					seg6x_avr_prepare_reuse(&m);
				if (part == 2 && seg6x_avr_run(&m, insns) != AVR_BREAK)
					return 1;
			}
			t[part][b] = now_ns() - t0;
		}
	}
	for (part = 0; part < 3; part++)
		qsort(t[part], 9, sizeof(t[part][0]), cmp_u64);
	printf("words %u insns %u: prepare %.1f ns, prepare_reuse %.1f ns, run %.1f ns "
	       "(reuse + run, so run = the difference)\n", words, insns, t[0][4] / 20000.0,
	       t[1][4] / 20000.0, (t[2][4] - t[1][4]) / 20000.0);
	return 0;
}

int main(int argc, char **argv)
{
	static struct avr_elf e;
	double tot_insns = 0, tot_core = 0, tot_sim = 0;
	char err[256];
	int i;

	if (argc == 4 && !strcmp(argv[1], "--visit"))
		return visit(atoi(argv[2]), atoi(argv[3]));
	if (argc > 3 && !strcmp(argv[1], "--once"))
		return once(argv[2], atoi(argv[3]), argc - 4, argv + 4);
	for (i = 1; i < argc; i++) {
		uint64_t t, core_ns, sim_ns = 0, nc = 0, ns = 0, insns;
		const char *name = strrchr(argv[i], '/');

		name = name ? name + 1 : argv[i];
		if (avr_elf_load(&e, argv[i], err, sizeof(err))) {
			fprintf(stderr, "avr-bench: %s\n", err);
			return 1;
		}
		if (run_core(&e) || strcmp(fin.how, "sleep")) {
			fprintf(stderr, "avr-bench: %s: does not halt on sleep\n", name);
			return 1;
		}
		insns = fin.insns;
		t = now_ns();
		do {
			run_core(&e);
			nc++;
		} while ((core_ns = now_ns() - t) < MIN_NS);
		do {
			if (run_simavr(&e, &sim_ns)) {
				fprintf(stderr, "avr-bench: %s: simavr did not finish\n", name);
				return 1;
			}
			ns++;
		} while (sim_ns < MIN_NS);
		printf("%-20s %9" PRIu64 " %9.1f %9.1f %6.2f\n", name, insns,
		       insns * nc * 1e3 / core_ns, insns * ns * 1e3 / sim_ns,
		       ((double)sim_ns / ns) / ((double)core_ns / nc));
		tot_insns += insns;
		tot_core += (double)core_ns / nc;
		tot_sim += (double)sim_ns / ns;
		avr_elf_free(&e);
	}
	printf("%-20s %9.0f %9.1f %9.1f %6.2f\n", "total", tot_insns,
	       tot_insns * 1e3 / tot_core, tot_insns * 1e3 / tot_sim,
	       tot_sim / tot_core);
	return 0;
}
