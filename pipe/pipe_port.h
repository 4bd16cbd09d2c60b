/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pipe_port.h - the one kernel/userspace switch of the pipe transforms
 *
 * Like avr-isa/avr_port.h and lib/xz/xz_private.h: the transforms use only
 * what is defined here, so nothing else in pipe/ knows where it is built.
 * Userspace gets freestanding headers only.
 *
 * SEG6X_PIPE_MODULE(DESC, HEX, FN [, HEX, FN]) at the foot of a fn_*.c
 * makes the file a module of its own in the kernel: it registers FN (a
 * struct pipe_fn whose id is 0xHEX, checked at load) with seg6x.ko
 * (seg6x_pipe_fn_register(), kmod/pipe_fn.c) and carries the alias
 * "seg6x-pipe-fn-HEX" that the pipe asks modprobe for when a SID names an
 * id nobody registered. In userspace it is nothing: the host builds list
 * the functions in pipe_table.c.
 */
#ifndef SEG6X_PIPE_PORT_H
#define SEG6X_PIPE_PORT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

struct pipe_fn;
int seg6x_pipe_fn_register(const struct pipe_fn *fn, struct module *owner);
void seg6x_pipe_fn_unregister(const struct pipe_fn *fn);

struct seg6x_pipe_modfn {
	u16 id;				/* the id the module's alias names */
	const struct pipe_fn *fn;
};

/*
 * Register @n functions, all or none. Expanded at the foot of the fn_*.c,
 * where struct pipe_fn is complete, so the alias can be checked against
 * each function's own id.
 */
#define __SEG6X_PIPE_REGISTER(f, n, owner)					\
({										\
	unsigned int __i;							\
	int __err = 0;								\
										\
	for (__i = 0; __i < (n) && !__err; __i++) {				\
		__err = (f)[__i].fn->id == (f)[__i].id ? 0 : -EINVAL;		\
		if (!__err)							\
			__err = seg6x_pipe_fn_register((f)[__i].fn, owner);	\
	}									\
	if (__err) {								\
		pr_err("seg6x pipe function %04x: not registered (%d)\n",	\
		       (f)[__i - 1].id, __err);					\
		for (__i--; __i > 0; __i--)					\
			seg6x_pipe_fn_unregister((f)[__i - 1].fn);		\
	}									\
	__err;									\
})

#define __SEG6X_PIPE_MOD(desc, ...)						\
	static const struct seg6x_pipe_modfn seg6x_pipe_modfns[] = { __VA_ARGS__ };	\
	static int __init seg6x_pipe_mod_init(void)				\
	{									\
		return __SEG6X_PIPE_REGISTER(seg6x_pipe_modfns,		\
					     ARRAY_SIZE(seg6x_pipe_modfns), THIS_MODULE); \
	}									\
	static void __exit seg6x_pipe_mod_exit(void)				\
	{									\
		unsigned int __i = ARRAY_SIZE(seg6x_pipe_modfns);		\
										\
		while (__i--)							\
			seg6x_pipe_fn_unregister(seg6x_pipe_modfns[__i].fn);	\
	}									\
	module_init(seg6x_pipe_mod_init);					\
	module_exit(seg6x_pipe_mod_exit);					\
	MODULE_LICENSE("GPL");							\
	MODULE_DESCRIPTION("seg6x pipe functions: " desc)
#define __SEG6X_PIPE_MOD1(desc, h, fn)						\
	MODULE_ALIAS("seg6x-pipe-fn-" #h);					\
	__SEG6X_PIPE_MOD(desc, { 0x##h, &(fn) })
#define __SEG6X_PIPE_MOD2(desc, h1, fn1, h2, fn2)				\
	MODULE_ALIAS("seg6x-pipe-fn-" #h1);					\
	MODULE_ALIAS("seg6x-pipe-fn-" #h2);					\
	__SEG6X_PIPE_MOD(desc, { 0x##h1, &(fn1) }, { 0x##h2, &(fn2) })
#define __SEG6X_PIPE_PICK(a, b, c, d, m, ...) m
#define SEG6X_PIPE_MODULE(desc, ...)						\
	__SEG6X_PIPE_PICK(__VA_ARGS__, __SEG6X_PIPE_MOD2, -, __SEG6X_PIPE_MOD1, -)(desc, __VA_ARGS__)
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
/* the host builds list the functions in pipe_table.c */
#define SEG6X_PIPE_MODULE(desc, ...) extern int seg6x_pipe_no_module
#endif

#endif /* SEG6X_PIPE_PORT_H */
