/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr_port.h - the one kernel/userspace switch of the AVR core
 *
 * Like lib/xz/xz_private.h: the core only uses what is defined here, so
 * nothing else in avr-isa/ needs to know where it is being built. Userspace
 * gets freestanding headers only (no libc).
 */
#ifndef SEG6X_AVR_PORT_H
#define SEG6X_AVR_PORT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/compiler.h>
/* objtool must know the computed-goto table of the dispatcher, so every
 * indirect jump indexes the table itself (no table pointer in a register) */
#define AVR_JUMP_TABLE	__annotate_jump_table
#define AVR_TABLE_IN_REG	0
#else
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif
#ifndef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
#endif
#ifndef fallthrough
#define fallthrough	__attribute__((__fallthrough__))
#endif
#define AVR_JUMP_TABLE
#define AVR_TABLE_IN_REG	1
#endif

/* Register pairs are little-endian in the register file */
static __always_inline u16 avr_get_le16(const u8 *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	u16 v;

	__builtin_memcpy(&v, p, 2);
	return v;
#else
	return p[0] | (p[1] << 8);
#endif
}

static __always_inline void avr_put_le16(u8 *p, u16 v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__builtin_memcpy(p, &v, 2);
#else
	p[0] = (u8)v;
	p[1] = v >> 8;
#endif
}

#endif /* SEG6X_AVR_PORT_H */
