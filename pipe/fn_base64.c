// SPDX-License-Identifier: GPL-2.0-only
/*
 * fn_base64.c - 0xb64e base64 encode, 0xb64d base64 decode (RFC 4648,
 * standard alphabet, padded, no line breaks), client -> server only;
 * server -> client bytes pass unchanged.
 *
 * Encode gives what `base64 -w0` gives. Decode takes what `base64 -d`
 * takes: line breaks (CR, LF) are skipped, padded quanta may follow each
 * other ("YQ==YQ==" is "aa"); any other byte, a '=' too early, data after
 * '=' inside a quantum, or a partial quantum at the end is -EBADMSG.
 */
#include "pipe.h"

static const char b64_alphabet[64] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ---- encode: up to two input bytes wait for a full 3-byte group ---- */
struct b64e_state {
	u8 pend[2];
	u8 n;
};

static size_t b64e_max(const void *st, size_t len)
{
	(void)st;
	return (len + 2) / 3 * 4 + 4;
}

static void b64e_group(u8 *out, u32 v)
{
	out[0] = b64_alphabet[(v >> 18) & 63];
	out[1] = b64_alphabet[(v >> 12) & 63];
	out[2] = b64_alphabet[(v >> 6) & 63];
	out[3] = b64_alphabet[v & 63];
}

static long b64e_run(void *st, const u8 *in, size_t len, u8 *out)
{
	struct b64e_state *e = st;
	size_t i = 0, o = 0;

	while (e->n && i < len) {	/* complete the held group first */
		if (e->n == 2) {
			b64e_group(out, e->pend[0] << 16 | e->pend[1] << 8 | in[i++]);
			o = 4;
			e->n = 0;
			break;
		}
		e->pend[e->n++] = in[i++];
	}
	if (!e->n)
		for (; i + 3 <= len; i += 3, o += 4)
			b64e_group(out + o, in[i] << 16 | in[i + 1] << 8 | in[i + 2]);
	while (i < len)			/* at most two bytes, held */
		e->pend[e->n++] = in[i++];
	return o;
}

static long b64e_flush(void *st, u8 *out)
{
	struct b64e_state *e = st;
	u32 v = e->pend[0] << 16 | (e->n == 2 ? e->pend[1] << 8 : 0);

	if (!e->n)
		return 0;
	b64e_group(out, v);
	out[3] = '=';
	if (e->n == 1)
		out[2] = '=';
	e->n = 0;
	return 4;
}

static const struct pipe_ops b64e_ops = {
	.state_size	= sizeof(struct b64e_state),
	.run		= b64e_run,
	.flush		= b64e_flush,
	.out_max	= b64e_max,
};

const struct pipe_fn seg6x_pipe_fn_b64e = {
	.id	= PIPE_FN_B64_ENCODE,
	.name	= "base64-encode",
	.arg	= "unused",
	.ops	= { &b64e_ops, NULL },
};

/* ---- decode: a quantum of four symbols, '=' counted as symbols ---- */
struct b64d_state {
	u32 acc;	/* the quantum's sextets so far */
	u8 n;		/* symbols in the quantum, '=' included */
	u8 pad;		/* '=' in the quantum */
};

static int b64d_value(u8 c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static size_t b64d_max(const void *st, size_t len)
{
	(void)st;
	return len / 4 * 3 + 3;
}

static long b64d_run(void *st, const u8 *in, size_t len, u8 *out)
{
	struct b64d_state *d = st;
	size_t i, o = 0;
	int v;

	for (i = 0; i < len; i++) {
		if (in[i] == '\n' || in[i] == '\r')
			continue;
		if (in[i] == '=') {
			if (d->n < 2)
				return -EBADMSG;
			d->pad++;
			v = 0;
		} else {
			v = b64d_value(in[i]);
			if (v < 0 || d->pad)
				return -EBADMSG;
		}
		d->acc = d->acc << 6 | v;
		if (++d->n < 4)
			continue;
		out[o++] = d->acc >> 16;
		if (d->pad < 2)
			out[o++] = d->acc >> 8;
		if (d->pad < 1)
			out[o++] = d->acc;
		d->acc = d->n = d->pad = 0;
	}
	return o;
}

static long b64d_flush(void *st, u8 *out)
{
	struct b64d_state *d = st;

	(void)out;
	return d->n ? -EBADMSG : 0;
}

static const struct pipe_ops b64d_ops = {
	.state_size	= sizeof(struct b64d_state),
	.run		= b64d_run,
	.flush		= b64d_flush,
	.out_max	= b64d_max,
};

const struct pipe_fn seg6x_pipe_fn_b64d = {
	.id	= PIPE_FN_B64_DECODE,
	.name	= "base64-decode",
	.arg	= "unused",
	.ops	= { &b64d_ops, NULL },
};

SEG6X_PIPE_MODULE("base64 encode and decode",
		  b64e, seg6x_pipe_fn_b64e, b64d, seg6x_pipe_fn_b64d);
