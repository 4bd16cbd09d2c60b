// SPDX-License-Identifier: GPL-2.0-only
/*
 * fn_count.c - 0x0c01: bytes pass unchanged and are counted, each
 * direction on its own (seg6x_pipe_count_bytes() reads the count)
 */
#include "pipe.h"

struct count_state {
	u64 bytes;
};

static size_t count_max(const void *st, size_t len)
{
	(void)st;
	return len;
}

static long count_run(void *st, const u8 *in, size_t len, u8 *out)
{
	struct count_state *c = st;

	if (len)
		memcpy(out, in, len);
	c->bytes += len;
	return len;
}

static const struct pipe_ops count_ops = {
	.state_size	= sizeof(struct count_state),
	.run		= count_run,
	.out_max	= count_max,
};

u64 seg6x_pipe_count_bytes(const struct pipe_stage *s)
{
	const struct count_state *c = (const void *)s->st;

	return s->ops == &count_ops ? c->bytes : 0;
}

const struct pipe_fn seg6x_pipe_fn_count = {
	.id	= PIPE_FN_COUNT,
	.name	= "count",
	.arg	= "unused",
	.ops	= { &count_ops, &count_ops },
};

SEG6X_PIPE_MODULE("a byte counter", 0c01, seg6x_pipe_fn_count);
