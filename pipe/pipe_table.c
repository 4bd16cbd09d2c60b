// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_table.c - the pipe functions as rows of one table, and the stage
 * helpers that drive any row. Adding a function: one fn_*.c file and one
 * line here (keep the table in id order).
 */
#include "pipe.h"

static const struct pipe_fn *const pipe_fns[] = {
	&seg6x_pipe_fn_identity,	/* 0x0000 */
	&seg6x_pipe_fn_xor,		/* 0x0a5a */
	&seg6x_pipe_fn_count,		/* 0x0c01 */
	&seg6x_pipe_fn_sed,		/* 0x5ed0 */
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

int seg6x_pipe_stage_init(struct pipe_stage *s, const struct pipe_fn *fn,
			  enum pipe_dir dir, u32 arg, const struct pipe_cfg *cfg)
{
	memset(s, 0, sizeof(*s));
	s->ops = fn->ops[dir];
	if (!s->ops)
		return 0;
	if (s->ops->state_size > sizeof(s->st))
		return -EINVAL;
	return s->ops->init ? s->ops->init(s->st, arg, cfg) : 0;
}

size_t seg6x_pipe_stage_max(const struct pipe_stage *s, size_t len)
{
	return s->ops ? s->ops->out_max(s->st, len) : len;
}

long seg6x_pipe_stage_run(struct pipe_stage *s, const u8 *in, size_t len, u8 *out)
{
	if (!s->ops) {
		if (len)
			memcpy(out, in, len);
		return len;
	}
	return s->ops->run(s->st, in, len, out);
}

long seg6x_pipe_stage_flush(struct pipe_stage *s, u8 *out)
{
	return s->ops && s->ops->flush ? s->ops->flush(s->st, out) : 0;
}
