// SPDX-License-Identifier: GPL-2.0-only
/*
 * minmax.c - a loop over four sensor nodes through a pointer (the port is
 * only known at run time), a function call, and an alarm on the first node
 * when the readings spread too far: the process goes 1-2-3-4 and back to 1.
 */
#include <stdint.h>

#define SENSORS	((volatile uint8_t *)0x30)	/* 0x30-0x33, nodes 1-4 */
#define ALARM	(*(volatile uint8_t *)0x34)	/* actuator, node 1 */
#define SPREAD	5

uint8_t lo, hi;

static uint8_t __attribute__((noinline)) spread(uint8_t a, uint8_t b)
{
	return a > b ? a - b : b - a;
}

int main(void)
{
	uint8_t i, v;

	lo = 0xff;
	for (i = 0; i < 4; i++) {
		v = SENSORS[i];
		if (v < lo)
			lo = v;
		if (v > hi)
			hi = v;
	}
	ALARM = spread(hi, lo) > SPREAD;
	return hi - lo;
}
