/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An ordinary program with no recursion whose calls need more stack than
 * .data+.bss plus 64 bytes (the old default window): main -> mid -> leaf,
 * with 30 and 40 bytes of locals. r24 = sink = (4 + 4) + 3 = 11.
 */
volatile unsigned char sink;

static void __attribute__((noinline)) leaf(unsigned char n)
{
	volatile unsigned char buf[40];
	unsigned char i;

	for (i = 0; i < 40; i++)
		buf[i] = n + i;
	sink = buf[n % 40];
}

static void __attribute__((noinline)) mid(unsigned char n)
{
	volatile unsigned char buf[30];

	buf[0] = n;
	leaf(buf[0] + 1);
	sink += buf[0];
}

int main(void)
{
	mid(3);
	return sink;
}
