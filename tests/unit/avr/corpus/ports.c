// SPDX-License-Identifier: GPL-2.0-only
/* I/O registers as plain memory: SBI/CBI/SBIS/SBIC, IN/OUT, LDS/STS to
 * extended I/O, and SREG/SP through I/O space */
#include <stdint.h>
#include <avr/io.h>
#include "halt.h"

volatile uint8_t port_acc, sreg_seen;
volatile uint16_t sp_seen;

int main(void)
{
	uint8_t i, acc = 0;

	DDRB = 0xff;
	for (i = 0; i < 50; i++) {
		PORTB = i;
		PORTB |= _BV(3);
		PORTB &= ~_BV(5);
		if (bit_is_set(PORTB, 3))
			acc += 3;
		if (bit_is_clear(PORTB, 0))
			acc ^= 0x11;
		OCR1A = i * 300;		/* 16-bit extended I/O */
		TCCR1B = i & 7;
		acc += OCR1AL ^ OCR1AH ^ TCCR1B;
		GPIOR0 = acc;
		acc = GPIOR0 + PINB;
	}
	sreg_seen = SREG;
	sp_seen = SP;
	port_acc = acc;
	halt();
}
