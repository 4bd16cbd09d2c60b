/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr_alu.h - SREG flag arithmetic
 *
 * Each helper takes the old SREG and returns the new one; formulas are the
 * Boolean expressions of the AVR Instruction Set Manual, computed on all
 * eight bits at once and then picked apart (bit 3 = half carry, bit 7 =
 * carry/overflow).
 */
#ifndef SEG6X_AVR_ALU_H
#define SEG6X_AVR_ALU_H

#include "avr_port.h"
#include "avr.h"

#define F_C	AVR_SREG_C
#define F_Z	AVR_SREG_Z
#define F_N	AVR_SREG_N
#define F_V	AVR_SREG_V
#define F_S	AVR_SREG_S
#define F_H	AVR_SREG_H
#define F_T	AVR_SREG_T
#define F_I	AVR_SREG_I

/* S = N ^ V, from the N and V already in @s */
static __always_inline u8 fl_s(u8 s)
{
	return s | ((((s >> 2) ^ (s >> 3)) & 1) << 4);
}

/*
 * Z, N and S = N (as if V were 0) for every 8-bit result: one load instead
 * of three flag computations on the hottest path.
 */
#define ZN1(x)	(((x) ? 0 : F_Z) | ((x) & 0x80 ? F_N | F_S : 0))
#define ZN4(x)	ZN1(x), ZN1((x) + 1), ZN1((x) + 2), ZN1((x) + 3)
#define ZN16(x)	ZN4(x), ZN4((x) + 4), ZN4((x) + 8), ZN4((x) + 12)
#define ZN64(x)	ZN16(x), ZN16((x) + 16), ZN16((x) + 32), ZN16((x) + 48)
static const u8 avr_zns_tab[256] = { ZN64(0), ZN64(64), ZN64(128), ZN64(192) };

/* Z and N from an 8-bit result, S = N ^ V with V already in @s; Z N S clear */
static __always_inline u8 fl_zns(u8 s, u8 res)
{
	return s | (avr_zns_tab[res] ^ ((s & F_V) << 1));
}

/* ADD/ADC: H C from carries out of bits 3/7, V signed overflow */
static __always_inline u8 fl_add(u8 s, u8 d, u8 r, u8 res)
{
	u8 c = (d & r) | (r & ~res) | (~res & d);
	u8 v = (d & r & ~res) | (~d & ~r & res);

	s &= F_I | F_T;
	s |= (c >> 7) | ((c << 2) & F_H) | ((v >> 4) & F_V);
	return fl_zns(s, res);
}

/* SUB/SUBI/CP/CPI: H C from borrows, V signed overflow */
static __always_inline u8 fl_sub(u8 s, u8 d, u8 r, u8 res)
{
	u8 c = (~d & r) | (r & res) | (res & ~d);
	u8 v = (d & ~r & ~res) | (~d & r & res);

	s &= F_I | F_T;
	s |= (c >> 7) | ((c << 2) & F_H) | ((v >> 4) & F_V);
	return fl_zns(s, res);
}

/* SBC/SBCI/CPC: as SUB, but Z only stays set if the result is zero */
static __always_inline u8 fl_sbc(u8 s, u8 d, u8 r, u8 res)
{
	u8 z = s & F_Z;

	s = fl_sub(s, d, r, res);
	return (s & ~F_Z) | (res ? 0 : z);
}

/* AND/OR/EOR/COM...: V = 0, so S = N */
static __always_inline u8 fl_logic(u8 s, u8 res)
{
	return (s & ~(F_Z | F_N | F_V | F_S)) | avr_zns_tab[res];
}

/* ASR/LSR/ROR: C = old bit 0, N = res bit 7, V = N ^ C, so S = N ^ V = C */
static __always_inline u8 fl_shift(u8 s, u8 d, u8 res)
{
	u8 c = d & 1;

	s &= ~(F_Z | F_N | F_V | F_S | F_C);
	s |= (avr_zns_tab[res] & (F_Z | F_N)) | c | (c << 4) |
	     ((((res >> 7) ^ c) & 1) << 3);
	return s;
}

/* MUL family: C = bit 15 of the product, Z on the 16-bit result */
static __always_inline u8 fl_mul(u8 s, u16 c15, u16 res)
{
	return (s & ~(F_Z | F_C)) | ((c15 >> 15) & 1) | (res ? 0 : F_Z);
}

/* ADIW/SBIW: V and C from bit 15 of old and new value (given in v, c) */
static __always_inline u8 fl_word(u8 s, u16 v, u16 c, u16 res)
{
	s &= ~(F_Z | F_N | F_V | F_S | F_C);
	s |= ((c >> 15) & 1) | (((v >> 15) & 1) << 3) |
	     (((res >> 15) & 1) << 2) | (res ? 0 : F_Z);
	return fl_s(s);
}

#endif /* SEG6X_AVR_ALU_H */
