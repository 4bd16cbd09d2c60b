// SPDX-License-Identifier: GPL-2.0-only
/* 32- and 64-bit multiply, divide and modulo through libgcc */
#include <stdint.h>
#include "halt.h"

volatile uint32_t uacc, urem;
volatile int32_t sacc, srem;
volatile uint64_t acc64;
volatile int16_t sdiv16;

int main(void)
{
	uint32_t a = 0x12345678UL, b = 97, u = 0, r = 0;
	int32_t s = -1, q = 0, sr = 0;
	uint64_t w = 1;
	int16_t h = 0;
	uint8_t i;

	for (i = 0; i < 40; i++) {
		a = a * 2654435761UL + i;
		b = (b * 31 + 7) | 1;
		u += a / b;
		r ^= a % b;
		s = s * -7 + (int32_t)(a >> 3);
		q += s / (int32_t)(b | 3) ;
		sr ^= s % (int32_t)(i + 3);
		w = w * 6364136223846793005ULL + a;
		h += (int16_t)(a >> 16) / (int16_t)(i - 20 ? i - 20 : 1);
	}
	uacc = u;
	urem = r;
	sacc = q;
	srem = sr;
	acc64 = w / 12345 + (w % 1000003);
	sdiv16 = h;
	halt();
}
