// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_api_test.c - the core's contract, case by case (no simavr)
 *
 * Stops and resumes (I/O defer, budget), faults that leave the machine
 * untouched, window bounds, and the decisions README.md documents.
 */
#include <stdio.h>
#include <string.h>
#include "avr.h"

static unsigned int n, failed;

#define CHECK(cond, ...) do {					\
	n++;							\
	if (cond) {						\
		printf("ok %u - ", n);				\
	} else {						\
		printf("not ok %u - ", n);			\
		failed++;					\
	}							\
	printf(__VA_ARGS__);					\
	printf("\n");						\
} while (0)

static uint8_t io[256];
static int defer_addr = -1, fault_addr = -1, reads, writes;

static enum avr_hook_result hr(void *ctx, uint16_t a, uint8_t *v)
{
	(void)ctx;
	if (a == defer_addr)
		return AVR_HOOK_DEFER;
	if (a == fault_addr)
		return AVR_HOOK_FAULT;
	reads++;
	*v = io[a];
	return AVR_HOOK_OK;
}

static enum avr_hook_result hw(void *ctx, uint16_t a, uint8_t v)
{
	(void)ctx;
	if (a == defer_addr)
		return AVR_HOOK_DEFER;
	if (a == fault_addr)
		return AVR_HOOK_FAULT;
	writes++;
	io[a] = v;
	return AVR_HOOK_OK;
}

static const struct avr_io_ops ops = { hr, hw };
static uint8_t code[64], sram[256];
static uint32_t scratch[64];
static struct avr_machine m;

/* A machine over @c (@words words), SRAM 0x100-0x1ff, the I/O hooks */
static void machine_init(struct avr_machine *x, uint8_t *c, unsigned int words,
			 void *scr, size_t scr_size)
{
	memset(x, 0, sizeof(*x));
	x->code = c;
	x->code_words = words;
	x->flash_words = AVR_M328P_FLASH_WORDS;
	x->sram = sram;
	x->sram_base = 0x100;
	x->sram_size = sizeof(sram);
	x->io = &ops;
	x->scratch = scr;
	x->scratch_size = scr_size;
}

/* A reset machine with @words of code */
static void setup(const uint16_t *w, unsigned int words)
{
	unsigned int i;

	memset(io, 0, sizeof(io));
	for (i = 0; i < words; i++) {
		code[2 * i] = w[i] & 0xff;
		code[2 * i + 1] = w[i] >> 8;
	}
	machine_init(&m, code, words, scratch, sizeof(scratch));
	defer_addr = fault_addr = -1;
	reads = writes = 0;
	if (seg6x_avr_prepare(&m) != AVR_OK)
		printf("# prepare failed\n");
	seg6x_avr_reset(&m);
}

static void test_defer(void)
{
	/* ldi r16,0x52; out PORTB(0x25),r16; sbi PORTB,3; break */
	static const uint16_t p[] = { 0xe502, 0xb905, 0x9a2b, 0x9598 };
	enum avr_status st;

	setup(p, 4);
	defer_addr = 0x25;
	st = seg6x_avr_run(&m, 100);
	CHECK(st == AVR_IO_DEFER && m.pc == 1 && m.insns == 1 && m.cycles == 1 &&
	      m.fault_addr == 0x25 && m.fault_write == 1,
	      "OUT to a deferred port stops before the instruction");
	defer_addr = -1;
	st = seg6x_avr_run(&m, 1);
	CHECK(st == AVR_OK && io[0x25] == 0x52 && m.pc == 2,
	      "resuming re-executes the OUT");
	defer_addr = 0x25;
	st = seg6x_avr_run(&m, 100);
	CHECK(st == AVR_IO_DEFER && m.pc == 2 && reads == 0,
	      "SBI read defers: nothing done");
	defer_addr = -1;
	st = seg6x_avr_run(&m, 100);
	CHECK(st == AVR_BREAK && io[0x25] == 0x5a && m.pc == 4 &&
	      m.cycles == 1 + 1 + 2 + 1 && m.insns == 4,
	      "SBI runs on resume, BREAK halts after itself");
	fault_addr = 0x25;
	m.pc = 1;
	st = seg6x_avr_run(&m, 100);
	CHECK(st == AVR_IO_FAULT && m.pc == 1, "hook fault stops with AVR_IO_FAULT");
}

static void test_budget(void)
{
	/* loop: inc r1; rjmp loop */
	static const uint16_t p[] = { 0x9413, 0xcffe };
	enum avr_status st;

	setup(p, 2);
	st = seg6x_avr_run(&m, 1001);
	CHECK(st == AVR_OK && m.insns == 1001 && m.r[1] == 501 % 256 &&
	      m.pc == 1 && m.cycles == 501 + 500 * 2,
	      "budget stops between instructions");
	st = seg6x_avr_run(&m, 0);
	CHECK(st == AVR_OK && m.insns == 1001, "zero budget does nothing");
}

static void test_faults(void)
{
	/* ldi r26,0; ldi r27,2; ld r0,X (0x200: outside 0x100-0x1ff) */
	static const uint16_t ld[] = { 0xe0a0, 0xe0b2, 0x900c };
	/* push r0 with SP at the window bottom, twice */
	static const uint16_t push[] = { 0x920f, 0x920f };
	/* undefined, SPM, jmp beyond code */
	static const uint16_t bad[] = { 0xffff, 0x95e8, 0x940c, 0x0100 };
	/* lpm r0,Z with Z past the code; ldi r30,0x80 */
	static const uint16_t lpm[] = { 0xe8e0, 0x95c8 };
	/* two-word instruction cut by the code end */
	static const uint16_t trunc[] = { 0x0000, 0x9000 };
	enum avr_status st;

	setup(ld, 3);
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_ADDRESS && m.pc == 2 && m.fault_addr == 0x200 &&
	      m.insns == 2, "load outside the SRAM window faults before it");
	setup(push, 2);
	m.sp = 0x100;
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_STACK && m.pc == 1 && m.sp == 0xff && m.insns == 1,
	      "push below the window faults, SP unchanged");
	setup(bad, 4);
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_OPCODE && m.pc == 0 && m.insns == 0 && m.cycles == 0,
	      "undefined opcode is a clean fault");
	m.pc = 1;
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_UNSUPPORTED && m.pc == 1, "SPM is refused");
	m.pc = 2;
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_PC && m.pc == 0x100 && m.insns == 1 && m.cycles == 3,
	      "JMP out of the code completes, then AVR_BAD_PC");
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_PC && m.insns == 1, "resuming outside the code does nothing");
	setup(lpm, 2);
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_ADDRESS && m.pc == 1 && m.fault_addr == 0x80,
	      "LPM outside the code window faults");
	setup(trunc, 2);
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_PC && m.pc == 1 && m.insns == 1,
	      "two-word instruction cut by the code end is AVR_BAD_PC");
	setup(trunc, 1);
	st = seg6x_avr_run(&m, 10);
	CHECK(st == AVR_BAD_PC && m.pc == 1 && m.insns == 1,
	      "running off the end is AVR_BAD_PC with PC at the end");
}

static void test_prepare(void)
{
	static const uint16_t p[] = { 0x0000 };

	setup(p, 1);
	m.sram_base = 0xff;
	CHECK(seg6x_avr_prepare(&m) == AVR_BAD_ARG, "SRAM window below 0x100 refused");
	setup(p, 1);
	m.scratch_size = AVR_SCRATCH_SIZE(1) - 1;
	CHECK(seg6x_avr_prepare(&m) == AVR_BAD_ARG, "short scratch refused");
	CHECK(seg6x_avr_run(&m, 1) == AVR_BAD_ARG, "unprepared machine does not run");
	setup(p, 1);
	m.flash_words = 1000;
	CHECK(seg6x_avr_prepare(&m) == AVR_BAD_ARG, "flash size must be a power of two");
}

/* A kept scratch runs as a fresh pre-decode does; the description is still checked */
static void test_prepare_reuse(void)
{
	/* ldi r24,5; ldi r25,7; add r24,r25; dec r25; brne .-4; break */
	static const uint16_t p[] = { 0xe085, 0xe097, 0x0f89, 0x959a, 0xf7e9, 0x9598 };
	struct avr_machine first;
	enum avr_status st;

	setup(p, 6);
	st = seg6x_avr_run(&m, 100);
	first = m;
	seg6x_avr_reset(&m);	/* the scratch keeps its pre-decode */
	m.prepared = 0;
	CHECK(seg6x_avr_prepare_reuse(&m) == AVR_OK, "prepare_reuse: accepted");
	CHECK(seg6x_avr_run(&m, 100) == st && st == AVR_BREAK && m.r[24] == first.r[24] &&
	      m.r[24] == (uint8_t)(5 + 7 + 6 + 5 + 4 + 3 + 2 + 1) && m.insns == first.insns &&
	      m.cycles == first.cycles, "prepare_reuse: same run as after prepare");
	m.sram_base = 0xff;
	CHECK(seg6x_avr_prepare_reuse(&m) == AVR_BAD_ARG && seg6x_avr_run(&m, 1) == AVR_BAD_ARG,
	      "prepare_reuse: a bad description is still refused");
}

static void test_core_regs(void)
{
	/* ldi r16,0x42; out SPL,r16; ldi r16,0x01; out SPH,r16; in r17,SREG;
	 * sei; in r18,SREG; sts 0x5f,r16 (SREG=1); lds r19,0x10; sleep */
	static const uint16_t p[] = { 0xe402, 0xbf0d, 0xe001, 0xbf0e, 0xb71f,
				      0x9478, 0xb72f, 0x9300, 0x005f, 0x9130,
				      0x0010, 0x9588 };
	enum avr_status st;

	setup(p, 12);
	st = seg6x_avr_run(&m, 100);
	CHECK(st == AVR_SLEEP && m.sp == 0x142 && m.r[17] == 0 && m.r[18] == 0x80 &&
	      m.sreg == 1 && m.r[19] == 0x01 && reads == 0 && writes == 0 &&
	      m.pc == 12, "SP, SREG and registers live in the core, not the hook");
}

/*
 * seg6x_avr_redecode() relinks only the runs a patch touches: after every
 * patch of 1-4 words the pre-decoded ops must equal a full prepare of the
 * same code. The code is mostly straight-line ALU ops (long runs), fusable
 * pairs (ADD/ADC, DEC/BRNE), two-word LDS and jumps, so patches change runs
 * hundreds of ops back, fusions and two-word skips.
 */
#define RD_WORDS 1024
static uint16_t rd_word(uint32_t *seed)
{
	static const uint16_t pick[] = {
		0x0c01, 0x1c23, 0x0c45, 0x1c67,	/* add/adc pairs */
		0x950a, 0xf7f1,			/* dec r16; brne .-4 */
		0x9100, 0x9100, 0x0000,		/* lds r16,k (2W); nop */
		0xc002, 0x9508,			/* rjmp .+4; ret */
		0xe50f, 0x2e01, 0x0f00, 0x1f11,
	};
	*seed = *seed * 1103515245u + 12345u;
	if ((*seed >> 16) % 8 == 0)
		return *seed >> 8;
	return pick[(*seed >> 16) % (sizeof(pick) / sizeof(pick[0]))];
}

static void test_redecode(void)
{
	static uint8_t rc[2 * RD_WORDS];
	static uint32_t s1[AVR_SCRATCH_SIZE(RD_WORDS) / 4],
			s2[AVR_SCRATCH_SIZE(RD_WORDS) / 4];
	struct avr_machine a, b;
	uint32_t seed = 1, i, k, bad = 0, first_bad = 0;

	for (i = 0; i < RD_WORDS; i++) {
		uint16_t w = rd_word(&seed);

		rc[2 * i] = w;
		rc[2 * i + 1] = w >> 8;
	}
	machine_init(&a, rc, RD_WORDS, s1, sizeof(s1));
	machine_init(&b, rc, RD_WORDS, s2, sizeof(s2));
	CHECK(seg6x_avr_prepare(&a) == AVR_OK, "redecode: 1024 words prepared");
	for (k = 0; k < 4000; k++) {
		uint32_t at, len;

		seed = seed * 1103515245u + 12345u;
		at = (seed >> 8) % RD_WORDS;
		len = 1 + (seed >> 24) % 4;
		for (i = at; i < at + len && i < RD_WORDS; i++) {
			uint16_t w = rd_word(&seed);

			rc[2 * i] = w;
			rc[2 * i + 1] = w >> 8;
		}
		seg6x_avr_redecode(&a, at, len);
		seg6x_avr_prepare(&b);
		if (memcmp(s1, s2, AVR_SCRATCH_SIZE(RD_WORDS)) && !bad++)
			first_bad = k;
	}
	CHECK(!bad, "redecode: 4000 patches, pre-decode equals a full prepare every time (%u differ, first at %u)",
	      bad, first_bad);
}

int main(void)
{
	printf("TAP version 13\n");
	test_defer();
	test_budget();
	test_faults();
	test_prepare();
	test_prepare_reuse();
	test_core_regs();
	test_redecode();
	printf("1..%u\n%u passed, %u failed\n", n, n - failed, failed);
	return failed ? 1 : 0;
}
