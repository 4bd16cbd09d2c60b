// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-bench.c - emulated instructions per second, seg6x core vs simavr
 *
 * avr-bench PROG.elf...            time every program on both engines
 * avr-bench --once ENGINE REPS PROG.elf...
 *                                  run each program REPS times on one
 *                                  engine, untimed (for callgrind)
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

int main(int argc, char **argv)
{
	static struct avr_elf e;
	double tot_insns = 0, tot_core = 0, tot_sim = 0;
	char err[256];
	int i;

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
