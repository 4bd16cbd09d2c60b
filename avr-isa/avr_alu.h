/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr_alu.h - lazy SREG
 *
 * While running, the executor does not build SREG after every instruction.
 * It keeps what each flag comes from in six words and builds the byte only
 * when something reads it whole (IN/OUT and data accesses through the slow
 * path, BSET/BCLR, the end of a run). Branches and carry-in test one word.
 *
 *   C = bit 8 of c       the 9-bit (or wider, wrapped) sum/difference
 *   Z = (z == 0)         the result; SBC/SBCI/CPC OR it into the old z
 *   N = bit 7 of n       the result (high byte for ADIW/SBIW)
 *   V = bit 7 of (a ^ n) & (b ^ n)
 *                        the operands of the addition: for Rd + Rr + c
 *                        a = Rd, b = Rr; for Rd - Rr - c a = Rd, b = ~Rr
 *                        (the same overflow rule); V = 0 with a = n
 *   S = N ^ V ^ bit 8 of a   (producers keep a < 0x100, so S = N ^ V;
 *                        only a whole-SREG write sets bit 8)
 *   H = bit 4 of h       Rd ^ Rr ^ R: the carry/borrow into bit 4
 *   I, T                 the bits of sreg
 *
 * The formulas are those of the AVR Instruction Set Manual, checked against
 * simavr for every opcode by tests/unit/avr/avr_step_test.c.
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

/* V in bit 7 */
static __always_inline u32 avr_lazy_v(u32 n, u32 a, u32 b)
{
	return (a ^ n) & (b ^ n);
}

/* S in bit 7 */
static __always_inline u32 avr_lazy_s(u32 n, u32 a, u32 b)
{
	return n ^ avr_lazy_v(n, a, b) ^ (a >> 1);
}

/* The SREG byte; @it supplies I and T */
static __always_inline u8 avr_lazy_get(u8 it, u32 c, u32 z, u32 n, u32 a,
				       u32 b, u32 h)
{
	u32 v = avr_lazy_v(n, a, b);

	return (it & (F_I | F_T)) | ((c >> 8) & F_C) | (z ? 0 : F_Z) |
	       ((n >> 5) & F_N) | ((v >> 4) & F_V) |
	       (((n ^ v ^ (a >> 1)) >> 3) & F_S) | ((h << 1) & F_H);
}

/* Split a whole SREG byte @x into the words (I and T stay in the byte) */
#define AVR_LAZY_SET(x, c, z, n, a, b, h) do {				\
	u32 x_ = (x);							\
	(c) = (x_ & F_C) << 8;						\
	(z) = !(x_ & F_Z);						\
	(n) = (x_ & F_N) << 5;						\
	(b) = (n) ^ ((x_ & F_V) << 4);					\
	(a) = (b) | ((((x_ >> 4) ^ (x_ >> 3) ^ (x_ >> 2)) & 1) << 8);	\
	(h) = (x_ & F_H) >> 1;						\
} while (0)

#endif /* SEG6X_AVR_ALU_H */
