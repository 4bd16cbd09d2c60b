/* SPDX-License-Identifier: GPL-2.0-only */
/* An ordinary program: main returns, avr-libc's crt ends in its exit loop */
volatile unsigned int answer;

int main(void)
{
	unsigned int i, s = 0;

	for (i = 1; i <= 10; i++)
		s += i * i;
	answer = s;
	return s;
}
