/* SPDX-License-Identifier: GPL-2.0-only */
/* Recursion deeper than the task's SRAM window: the stack leaves it. */
volatile unsigned char depth;

unsigned char __attribute__((noinline)) down(unsigned char n)
{
	unsigned char r;

	depth = n;
	if (!n)
		return 0;
	r = down(n - 1);
	return r + depth;
}

int main(void)
{
	return down(200);
}
