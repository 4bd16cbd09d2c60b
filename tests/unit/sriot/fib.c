/* SPDX-License-Identifier: GPL-2.0-only */
/* A recursive Fibonacci, as a new user writes it: fib(10) = 55 in r24. */
unsigned int fib(unsigned char n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void)
{
	return fib(10);
}
