// SPDX-License-Identifier: GPL-2.0-only
/* Dense switch (jump tables through LPM/__tablejump2__), PROGMEM tables,
 * function pointers (ICALL) */
#include <stdint.h>
#include <avr/pgmspace.h>
#include "halt.h"

volatile uint32_t state_acc;
volatile uint16_t pgm_acc;

static const uint8_t sbox[64] PROGMEM = {
	99, 124, 119, 123, 242, 107, 111, 197, 48, 1, 103, 43, 254, 215, 171, 118,
	202, 130, 201, 125, 250, 89, 71, 240, 173, 212, 162, 175, 156, 164, 114, 192,
	183, 253, 147, 38, 54, 63, 247, 204, 52, 165, 229, 241, 113, 216, 49, 21,
	4, 199, 35, 195, 24, 150, 5, 154, 7, 18, 128, 226, 235, 39, 178, 117,
};
static const uint16_t words[8] PROGMEM = { 1, 10, 100, 1000, 3, 30, 300, 3000 };

static uint32_t step(uint8_t op, uint32_t v)
{
	switch (op) {
	case 0: return v + 1;
	case 1: return v * 3;
	case 2: return v ^ 0x5a5a;
	case 3: return v >> 1;
	case 4: return v << 2;
	case 5: return v - 17;
	case 6: return ~v;
	case 7: return v | 0x100;
	case 8: return v & 0xfff0fff;
	case 9: return v + (v >> 7);
	case 10: return v * 5 + 1;
	case 11: return v ^ (v << 3);
	default: return v + op;
	}
}

static uint16_t f0(uint16_t x) { return x + 3; }
static uint16_t f1(uint16_t x) { return x * 7; }
static uint16_t f2(uint16_t x) { return x ^ 0xbeef; }
static uint16_t (*const fns[3])(uint16_t) = { f0, f1, f2 };

int main(void)
{
	uint32_t v = 1;
	uint16_t p = 0, i;

	for (i = 0; i < 400; i++)
		v = step(pgm_read_byte(&sbox[i & 63]) % 14, v);
	for (i = 0; i < 64; i++)
		p = fns[i % 3](p) + pgm_read_word(&words[i & 7]);
	state_acc = v;
	pgm_acc = p;
	halt();
}
