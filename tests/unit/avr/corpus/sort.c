// SPDX-License-Identifier: GPL-2.0-only
/* qsort from avr-libc, an insertion sort and a check */
#include <stdint.h>
#include <stdlib.h>
#include "halt.h"

volatile uint8_t sorted_ok;
volatile int16_t first, last;
volatile uint32_t sum;
static int16_t v[120], w[60];

static int cmp(const void *a, const void *b)
{
	int16_t x = *(const int16_t *)a, y = *(const int16_t *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	uint32_t s = 12345;
	uint8_t i, j, ok = 1;

	for (i = 0; i < 120; i++) {
		s = s * 1103515245UL + 12345;
		v[i] = (int16_t)(s >> 12);
	}
	qsort(v, 120, sizeof(v[0]), cmp);
	for (i = 0; i < 60; i++)
		w[i] = v[119 - 2 * i] ^ 0x55;
	for (i = 1; i < 60; i++) {
		int16_t k = w[i];
		for (j = i; j > 0 && w[j - 1] > k; j--)
			w[j] = w[j - 1];
		w[j] = k;
	}
	for (i = 1; i < 120; i++)
		ok &= v[i - 1] <= v[i];
	for (i = 1; i < 60; i++)
		ok &= w[i - 1] <= w[i];
	s = 0;
	for (i = 0; i < 60; i++)
		s += (uint16_t)w[i] * (i + 1);
	sorted_ok = ok;
	first = v[0];
	last = v[119];
	sum = s;
	halt();
}
