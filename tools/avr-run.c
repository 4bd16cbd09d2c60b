// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-run.c - run an ATmega328P program on the seg6x AVR core (or simavr)
 *
 * avr-run PROGRAM.elf [--engine core|simavr] [--json] [--sym NAME]...
 *                     [--max-insns N]
 * avr-run PROGRAM.elf --disasm
 *
 * Runs from reset (registers 0, SP 0x08ff, PC 0) until BREAK, SLEEP with
 * interrupts disabled or avr-libc's exit loop (`cli; rjmp .`, where an
 * ordinary program's main returns to), then prints the registers, SREG, SP, PC, cycles,
 * instructions and each named global (little-endian, its ELF size). I/O
 * registers are plain memory. Exit status: 0 halted, 1 fault or limit,
 * 2 usage or unreadable program.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "avr.h"
#include "avr-elf.h"
#include "avr-engine.h"
#include "avr-sym.h"

#define MAX_SYMS 64

static void usage(FILE *f)
{
	fprintf(f, "usage: avr-run PROGRAM.elf [--engine core|simavr] [--json] [--sym NAME]... [--max-insns N]\n"
		"       avr-run PROGRAM.elf --disasm\n"
		"Runs an ATmega328P ELF from reset until BREAK, SLEEP with interrupts off, or\n"
		"avr-libc's exit loop (main returned); --max-insns (default 10000000000) ends\n"
		"any other run. Exit 0 halted, 1 fault or limit, 2 usage. --disasm prints the\n"
		"flash image as the core decodes it (avr-objdump -d syntax) instead. man avr-run(1).\n");
	exit(f == stdout ? 0 : 2);
}

/* One line for the end of a run */
static const char *how_text(const char *how)
{
	if (!strcmp(how, "break"))
		return "BREAK executed";
	if (!strcmp(how, "sleep"))
		return "SLEEP with interrupts off";
	if (!strcmp(how, "exit"))
		return "avr-libc's exit loop (cli; rjmp .): main returned, its value in r24:r25";
	if (!strcmp(how, "limit"))
		return "--max-insns reached without an end";
	return "the core stopped on a fault";
}

/* A global's bytes, from SRAM (data symbols) or flash */
static int sym_bytes(const struct avr_elf *e, const struct avr_final *f,
		     const char *name, const uint8_t **p, uint32_t *size)
{
	uint32_t addr;
	int is_data;

	if (avr_elf_symbol(e, name, &addr, size, &is_data))
		return -1;
	if (is_data) {
		if (addr < AVR_M328P_SRAM_BASE ||
		    addr + *size > AVR_M328P_SRAM_BASE + AVR_M328P_SRAM_SIZE)
			return -1;
		*p = f->sram + addr - AVR_M328P_SRAM_BASE;
	} else {
		if (addr + *size > e->flash_len)
			return -1;
		*p = e->flash + addr;
	}
	return 0;
}

static void print_value(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;
	int i;

	if (size && size <= 8) {
		for (i = size - 1; i >= 0; i--)
			v = (v << 8) | p[i];
		printf("%" PRIu64, v);
		return;
	}
	printf("\"");
	for (i = 0; i < (int)size; i++)
		printf("%02x", p[i]);
	printf("\"");
}

static void sreg_str(uint8_t s, char *out)
{
	static const char n[] = "CZNVSHTI";
	int i;

	for (i = 7; i >= 0; i--)
		*out++ = s & (1 << i) ? n[i] : '-';
	*out = 0;
}

static void print_text(const struct avr_elf *e, const struct avr_final *f,
		       const char *engine, char **syms, int nsyms)
{
	char s[9];
	int i;

	sreg_str(f->sreg, s);
	printf("engine  %s\nstatus  %s (%s)\npc      0x%04" PRIx32 " (byte 0x%05" PRIx32 ")\n",
	       engine, f->how, how_text(f->how), f->pc, f->pc * 2);
	printf("sp      0x%04x\nsreg    0x%02x %s\ncycles  %" PRIu64 "\nsteps   %" PRIu64 "\n",
	       f->sp, f->sreg, s, f->cycles, f->insns);
	for (i = 0; i < 32; i++)
		printf("%sr%-2d=%02x%s", i % 8 ? " " : "", i, f->r[i],
		       i % 8 == 7 ? "\n" : "");
	for (i = 0; i < nsyms; i++) {
		const uint8_t *p;
		uint32_t size;

		if (sym_bytes(e, f, syms[i], &p, &size)) {
			printf("%s ?\n", syms[i]);
			continue;
		}
		printf("%s = ", syms[i]);
		print_value(p, size);
		printf("\n");
	}
}

/* The flash image, one instruction a line: "ADDR: TEXT[ ; TARGET]", byte addresses */
static void disasm(const struct avr_elf *e)
{
	uint32_t pc, n = e->flash_len / 2, t;
	char text[48];

	for (pc = 0; pc < n;) {
		const uint8_t *p = e->flash + 2 * pc;
		int has_next = pc + 1 < n;
		unsigned int w = seg6x_avr_disasm(p[0] | p[1] << 8,
						  has_next ? p[2] | p[3] << 8 : 0, has_next,
						  pc, text, sizeof(text), &t);

		if (t != ~0u)
			printf("%5" PRIx32 ": %s ; 0x%" PRIx32 "\n", 2 * pc, text, t);
		else
			printf("%5" PRIx32 ": %s\n", 2 * pc, text);
		pc += w;
	}
}

/*
 * JSON in the style of `sriot run --json` (docs/json.md): snake_case keys,
 * "status" and "steps" as there, symbols as sriot prints them (avr-sym.c).
 */
static void print_json(const struct avr_elf *e, const struct avr_final *f,
		       const char *engine, char **syms, int nsyms)
{
	int i;

	printf("{\"engine\":\"%s\",\"status\":\"%s\",\"reason\":\"%s\",\"pc\":%" PRIu32
	       ",\"sp\":%u,\"sreg\":%u,\"cycles\":%" PRIu64 ",\"steps\":%" PRIu64 ",\"regs\":[",
	       engine, f->how, how_text(f->how), f->pc, f->sp, f->sreg, f->cycles, f->insns);
	for (i = 0; i < 32; i++)
		printf("%s%u", i ? "," : "", f->r[i]);
	printf("],\"syms\":[");
	for (i = 0; i < nsyms; i++) {
		const uint8_t *p;
		uint32_t size, addr;
		int is_data;

		printf("%s", i ? "," : "");
		if (sym_bytes(e, f, syms[i], &p, &size) ||
		    avr_elf_symbol(e, syms[i], &addr, &size, &is_data))
			avr_sym_json(syms[i], 0, 0, 0, NULL, "outside SRAM and flash");
		else
			avr_sym_json(syms[i], is_data, addr, size, p, NULL);
	}
	printf("]}\n");
}

int main(int argc, char **argv)
{
	static struct avr_elf elf;
	static struct avr_final fin;
	const char *path = NULL, *engine = "core";
	char *syms[MAX_SYMS], err[256];
	uint64_t max = 10000000000ULL;
	int nsyms = 0, json = 0, dis = 0, i, r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			usage(stdout);
		if (!strcmp(argv[i], "--engine") && i + 1 < argc)
			engine = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--disasm"))
			dis = 1;
		else if (!strcmp(argv[i], "--sym") && i + 1 < argc && nsyms < MAX_SYMS)
			syms[nsyms++] = argv[++i];
		else if (!strcmp(argv[i], "--max-insns") && i + 1 < argc)
			max = strtoull(argv[++i], NULL, 0);
		else if (argv[i][0] == '-' || path)
			usage(stderr);
		else
			path = argv[i];
	}
	if (!path || (strcmp(engine, "core") && strcmp(engine, "simavr")))
		usage(stderr);
	if (avr_elf_load(&elf, path, err, sizeof(err))) {
		fprintf(stderr, "avr-run: %s\n", err);
		return 2;
	}
	if (dis) {
		disasm(&elf);
		avr_elf_free(&elf);
		return 0;
	}
	for (i = 0; i < nsyms; i++) {
		uint32_t a, s;
		int d;

		if (avr_elf_symbol(&elf, syms[i], &a, &s, &d)) {
			fprintf(stderr, "avr-run: %s: no symbol '%s'\n", path, syms[i]);
			return 2;
		}
	}
	if (!strcmp(engine, "core"))
		r = avr_engine_core(&elf, &fin, max, 0);
	else
		r = avr_engine_simavr(&elf, &fin, max);
	if (json)
		print_json(&elf, &fin, engine, syms, nsyms);
	else
		print_text(&elf, &fin, engine, syms, nsyms);
	if (r && !strcmp(fin.how, "limit"))
		fprintf(stderr, "avr-run: %s: no end after %" PRIu64 " instructions (--max-insns): a run "
			"ends at BREAK, SLEEP with interrupts off or avr-libc's exit loop; pc 0x%04" PRIx32
			"\n", path, fin.insns, fin.pc);
	else if (r)
		fprintf(stderr, "avr-run: %s: stopped without halting: %s at pc 0x%04" PRIx32 " (fault address 0x%04x)\n",
			path, fin.how, fin.pc, fin.fault_addr);
	avr_elf_free(&elf);
	return r ? 1 : 0;
}
