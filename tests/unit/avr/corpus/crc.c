// SPDX-License-Identifier: GPL-2.0-only
/* CRC16 (avr-libc util/crc16.h and bitwise CCITT) and table-driven CRC32 */
#include <stdint.h>
#include <util/crc16.h>
#include "halt.h"

volatile uint16_t crc16_ibutton, crc16_ccitt, crc16_xmodem;
volatile uint32_t crc32;
static uint32_t table[256];
static uint8_t buf[300];

int main(void)
{
	uint16_t a = 0xffff, b = 0xffff, c = 0;
	uint32_t x = 0xffffffffUL;
	uint16_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + (i >> 3));
	for (i = 0; i < 256; i++) {
		uint32_t r = i;
		for (uint8_t k = 0; k < 8; k++)
			r = r & 1 ? (r >> 1) ^ 0xedb88320UL : r >> 1;
		table[i] = r;
	}
	for (i = 0; i < sizeof(buf); i++) {
		a = _crc16_update(a, buf[i]);
		b = _crc_ccitt_update(b, buf[i]);
		c = _crc_xmodem_update(c, buf[i]);
		x = table[(x ^ buf[i]) & 0xff] ^ (x >> 8);
	}
	crc16_ibutton = a;
	crc16_ccitt = b;
	crc16_xmodem = c;
	crc32 = ~x;
	halt();
}
