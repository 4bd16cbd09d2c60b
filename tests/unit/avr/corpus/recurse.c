// SPDX-License-Identifier: GPL-2.0-only
/* Recursion (Fibonacci, Ackermann, Hanoi) and setjmp/longjmp */
#include <stdint.h>
#include <setjmp.h>
#include "halt.h"

volatile uint16_t fib_result, ack_result;
volatile uint32_t hanoi_moves;
volatile uint8_t jumped;
static jmp_buf jb;

static uint16_t fib(uint8_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint16_t ack(uint16_t m, uint16_t n)
{
	if (!m)
		return n + 1;
	if (!n)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

static uint32_t hanoi(uint8_t n, uint8_t a, uint8_t b, uint8_t c)
{
	if (!n)
		return 0;
	return hanoi(n - 1, a, c, b) + 1 + hanoi(n - 1, c, b, a);
}

static void deep(uint8_t n)
{
	if (!n)
		longjmp(jb, 42);
	deep(n - 1);
}

int main(void)
{
	int r;

	fib_result = fib(16);
	ack_result = ack(2, 3);
	hanoi_moves = hanoi(10, 1, 2, 3);
	r = setjmp(jb);
	if (!r)
		deep(10);
	jumped = r;
	halt_break();
}
