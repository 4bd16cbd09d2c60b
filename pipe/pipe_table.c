// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_table.c - the host builds' static table of the pipe functions
 * (pipe-check, the fuzzer, build/bin/pipe-run). The kernel has no table:
 * each fn_*.c is a module of its own that registers its functions with
 * seg6x.ko (SEG6X_PIPE_MODULE at its foot, kmod/pipe_fn.c). Adding a
 * function: one fn_*.c file with that line, and one line here (keep the
 * table in id order).
 */
#include "pipe.h"

static const struct pipe_fn *const pipe_fns[] = {
	&seg6x_pipe_fn_identity,	/* 0x0000 */
	&seg6x_pipe_fn_xor,		/* 0x0a5a */
	&seg6x_pipe_fn_count,		/* 0x0c01 */
	&seg6x_pipe_fn_zstd_c,		/* 0x2c00 */
	&seg6x_pipe_fn_zstd_d,		/* 0x2d00 */
	&seg6x_pipe_fn_sed,		/* 0x5ed0 */
	&seg6x_pipe_fn_aead_d,		/* 0xae0d */
	&seg6x_pipe_fn_aead_e,		/* 0xae0e */
	&seg6x_pipe_fn_b64d,		/* 0xb64d */
	&seg6x_pipe_fn_b64e,		/* 0xb64e */
};

#define PIPE_N_FNS	(sizeof(pipe_fns) / sizeof(pipe_fns[0]))

const struct pipe_fn *seg6x_pipe_fn_at(unsigned int i)
{
	return i < PIPE_N_FNS ? pipe_fns[i] : NULL;
}

const struct pipe_fn *seg6x_pipe_fn_find(u16 id)
{
	unsigned int i;

	for (i = 0; i < PIPE_N_FNS; i++)
		if (pipe_fns[i]->id == id)
			return pipe_fns[i];
	return NULL;
}
