// SPDX-License-Identifier: GPL-2.0-only
/* Bit-array sieve of Eratosthenes and a soft-float loop */
#include <stdint.h>
#include "halt.h"

volatile uint16_t nprimes, lastprime;
volatile int32_t float_bits;
static uint8_t bits[1000 / 8 + 1];

int main(void)
{
	uint16_t i, j, n = 0, last = 0;
	float f = 1.0f;

	for (i = 2; i < 1000; i++) {
		if (bits[i >> 3] & (1 << (i & 7)))
			continue;
		n++;
		last = i;
		for (j = i * 2; j < 1000; j += i)
			bits[j >> 3] |= 1 << (j & 7);
	}
	for (i = 1; i < 30; i++)
		f = f * 1.1f + 1.0f / (float)i;
	nprimes = n;
	lastprime = last;
	float_bits = (int32_t)(f * 1000.0f);
	halt();
}
