// SPDX-License-Identifier: GPL-2.0-only
/*
 * fn_xor.c - 0x0a5a: xor with a 4-byte key repeated over the stream, the
 * argument in network byte order (key byte 0 = the argument's top byte).
 * Both directions; the key position is counted per direction, so any
 * split gives the same bytes and applying it twice gives the input back.
 */
#include "pipe.h"

struct xor_state {
	u8 key[4];
	u32 pos;
};

static int xor_init(void *st, u32 arg, const struct pipe_cfg *cfg)
{
	struct xor_state *x = st;

	(void)cfg;
	x->key[0] = arg >> 24;
	x->key[1] = arg >> 16;
	x->key[2] = arg >> 8;
	x->key[3] = arg;
	x->pos = 0;
	return 0;
}

static size_t xor_max(const void *st, size_t len)
{
	(void)st;
	return len;
}

static long xor_run(void *st, const u8 *in, size_t len, u8 *out)
{
	struct xor_state *x = st;
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = in[i] ^ x->key[(x->pos + i) & 3];
	x->pos = (x->pos + len) & 3;
	return len;
}

static const struct pipe_ops xor_ops = {
	.state_size	= sizeof(struct xor_state),
	.init		= xor_init,
	.run		= xor_run,
	.out_max	= xor_max,
};

const struct pipe_fn seg6x_pipe_fn_xor = {
	.id	= PIPE_FN_XOR,
	.name	= "xor",
	.arg	= "4-byte key, repeated",
	.ops	= { &xor_ops, &xor_ops },
};

SEG6X_PIPE_MODULE("xor with a key", 0a5a, seg6x_pipe_fn_xor);
