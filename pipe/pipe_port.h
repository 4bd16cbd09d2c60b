/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pipe_port.h - the one kernel/userspace switch of the pipe transforms
 *
 * Like avr-isa/avr_port.h and lib/xz/xz_private.h: the transforms use only
 * what is defined here, so nothing else in pipe/ knows where it is built.
 * Userspace gets freestanding headers only.
 */
#ifndef SEG6X_PIPE_PORT_H
#define SEG6X_PIPE_PORT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#else
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <errno.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#endif /* SEG6X_PIPE_PORT_H */
