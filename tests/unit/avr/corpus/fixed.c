// SPDX-License-Identifier: GPL-2.0-only
/* Fixed-point Q8.8 and Q16.16 arithmetic, a Newton square root, and the
 * fractional multiplies (FMUL/FMULS/FMULSU/MULSU) through inline asm */
#include <stdint.h>
#include "halt.h"

volatile int32_t q16_result;
volatile uint16_t isqrt_result;
volatile uint16_t fmul_acc;
volatile int16_t q88_result;

static int32_t q16_mul(int32_t a, int32_t b)
{
	return (int32_t)(((int64_t)a * b) >> 16);
}

static uint16_t isqrt(uint32_t x)
{
	uint32_t r = x, y = (x + 1) / 2;

	if (!x)
		return 0;
	while (y < r) {
		r = y;
		y = (r + x / r) / 2;
	}
	return r;
}

static uint16_t frac_mix(uint8_t a, uint8_t b)
{
	uint16_t r1, r2, r3, r4;

	__asm__("fmul %1, %2\n\tmovw %0, r0\n\tclr r1" : "=r"(r1) : "a"(a), "a"(b) : "r0");
	__asm__("fmuls %1, %2\n\tmovw %0, r0\n\tclr r1" : "=r"(r2) : "a"(a), "a"(b) : "r0");
	__asm__("fmulsu %1, %2\n\tmovw %0, r0\n\tclr r1" : "=r"(r3) : "a"(a), "a"(b) : "r0");
	__asm__("mulsu %1, %2\n\tmovw %0, r0\n\tclr r1" : "=r"(r4) : "a"(a), "a"(b) : "r0");
	return r1 ^ (r2 << 1) ^ (r3 >> 1) ^ r4;
}

int main(void)
{
	int32_t x = 0x00018000L;	/* 1.5 */
	int16_t q = 0x0180, p = 0x0100;	/* 1.5, 1.0 in Q8.8 */
	uint16_t acc = 0, s = 0;
	uint8_t i;

	for (i = 0; i < 20; i++) {
		x = q16_mul(x, 0x00011000L) - 0x00000800L;
		p = (int16_t)(((int32_t)p * q) >> 8) - 0x40;
		s += isqrt((uint32_t)i * 1234567UL);
		acc += frac_mix(i * 13 + 5, 200 - i * 9);
	}
	q16_result = x;
	q88_result = p;
	isqrt_result = s;
	fmul_acc = acc;
	halt();
}
