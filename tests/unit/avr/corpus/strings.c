// SPDX-License-Identifier: GPL-2.0-only
/* avr-libc string and conversion routines, and snprintf */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <avr/pgmspace.h>
#include "halt.h"

volatile uint16_t str_hash;
volatile int16_t cmp_result;
volatile uint16_t out_len;
char out[96];

int main(void)
{
	char a[40], b[40], num[12];
	uint16_t h = 5381, i;
	int16_t c;

	strcpy(a, "the network as a computer");
	strcpy_P(b, PSTR("the network is a computer"));
	c = strcmp(a, b) * 100 + strncmp(a, b, 12);
	memmove(a + 4, a, 20);
	strcat(a, "!");
	c += (int16_t)(strstr(b, "computer") - b);
	c += (int16_t)strlen(a) + (strchr(a, 'k') ? 1 : 0);
	itoa(-12345, num, 10);
	strcat(b, num);
	ultoa(0xdeadbeefUL, num, 16);
	strcat(b, num);
	out_len = snprintf(out, sizeof(out), "%s|%d|%x|%lu|%-5s|", a, -42,
			   0xbeef, 123456789UL, "ab");
	for (i = 0; out[i]; i++)
		h = h * 33 + out[i];
	for (i = 0; b[i]; i++)
		h = h * 33 ^ b[i];
	c += atoi("  -321") + (int16_t)strtol("7fff", NULL, 16);
	str_hash = h;
	cmp_result = c;
	halt();
}
