// SPDX-License-Identifier: GPL-2.0-only
/*
 * fn_sed.c - 0x5ed0: s/PAT/REP/g over the whole client -> server stream
 * (like `sed s/PAT/REP/g` with a pattern free of line breaks: leftmost,
 * non-overlapping, literal bytes). The argument names a rule in the
 * caller's table (`ip pipe sed`); init copies the rule, so a later change
 * of the table does not touch running flows. Server -> client bytes pass.
 *
 * Matches across any split: a streaming Knuth-Morris-Pratt matcher. The
 * bytes held back are always a prefix of PAT (q of them), so the state is
 * the rule, its failure table and q; nothing else is buffered.
 */
#include "pipe.h"

struct sed_state {
	struct pipe_sed_rule r;
	u8 fail[PIPE_SED_MAX];	/* fail[i]: longest proper border of pat[0..i] */
	u8 q;			/* bytes of pat matched and held back */
};

static int sed_init(void *st, u32 arg, const struct pipe_cfg *cfg)
{
	struct sed_state *s = st;
	unsigned int i, k = 0;

	(void)arg;
	if (!cfg || !cfg->sed || !cfg->sed->pat_len ||
	    cfg->sed->pat_len > PIPE_SED_MAX || cfg->sed->rep_len > PIPE_SED_MAX)
		return -EINVAL;
	s->r = *cfg->sed;
	s->q = 0;
	s->fail[0] = 0;
	for (i = 1; i < s->r.pat_len; i++) {
		while (k && s->r.pat[i] != s->r.pat[k])
			k = s->fail[k - 1];
		if (s->r.pat[i] == s->r.pat[k])
			k++;
		s->fail[i] = k;
	}
	return 0;
}

/* every input byte leaves as itself or inside a match of pat_len bytes
 * that leaves as rep_len bytes; held bytes are fewer than pat_len */
static size_t sed_max(const void *st, size_t len)
{
	const struct sed_state *s = st;
	size_t per = s->r.rep_len > 1 ? s->r.rep_len : 1;

	return (len + s->r.pat_len) * per;
}

static long sed_run(void *st, const u8 *in, size_t len, u8 *out)
{
	struct sed_state *s = st;
	const u8 *pat = s->r.pat;
	size_t i, o = 0;
	unsigned int k;

	for (i = 0; i < len; i++) {
		while (s->q && pat[s->q] != in[i]) {
			k = s->fail[s->q - 1];	/* pat[0..q-k) can not match */
			memcpy(out + o, pat, s->q - k);
			o += s->q - k;
			s->q = k;
		}
		if (pat[s->q] != in[i]) {
			out[o++] = in[i];
			continue;
		}
		if (++s->q < s->r.pat_len)
			continue;
		if (s->r.rep_len)
			memcpy(out + o, s->r.rep, s->r.rep_len);
		o += s->r.rep_len;
		s->q = 0;
	}
	return o;
}

static long sed_flush(void *st, u8 *out)
{
	struct sed_state *s = st;
	long o = s->q;

	if (o)
		memcpy(out, s->r.pat, o);
	s->q = 0;
	return o;
}

static const struct pipe_ops sed_ops = {
	.state_size	= sizeof(struct sed_state),
	.init		= sed_init,
	.run		= sed_run,
	.flush		= sed_flush,
	.out_max	= sed_max,
};

const struct pipe_fn seg6x_pipe_fn_sed = {
	.id	= PIPE_FN_SED,
	.name	= "sed",
	.arg	= "rule id (ip pipe sed)",
	.ops	= { &sed_ops, NULL },
};

SEG6X_PIPE_MODULE("sed-like replace", 5ed0, seg6x_pipe_fn_sed);
