// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_fuzz.c - libFuzzer target for the pipe functions. The input picks
 * a function, a direction, an argument, a sed rule and where to cut the
 * stream; the rest is the stream. Every cut (and, for streaming
 * functions, every output room and idle call) must give the one-shot
 * output (or the same error), no call may write past its room (exact-size
 * heap buffers, so ASan sees it), and base64, zstd and AEAD must
 * round-trip (zstd compress: where it flushes depends on the cuts; AEAD
 * encrypt: the salt is random).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pipe.h"

#define OUT_MAX	(1 << 18)

/* one step (len 0 and !in: finish), into an exact-size heap buffer */
static long feed(struct pipe_stage *s, const u8 *in, size_t len, size_t *used,
		 size_t cap, int idle, u8 *out, size_t *o)
{
	u8 *tmp;
	long n;

	*used = 0;
	if (seg6x_pipe_stage_bounded(s)) {	/* no more room than it may use */
		if (idle)
			return 0;
		if (seg6x_pipe_stage_max(s, len) < cap)
			cap = seg6x_pipe_stage_max(s, len);
	}
	tmp = malloc(cap ? cap : 1);
	if (len || idle)
		n = seg6x_pipe_stage_step(s, in, len, used, tmp, cap);
	else
		n = seg6x_pipe_stage_finish(s, tmp, cap);
	if (n > (long)cap || *used > len)
		abort();
	if (n > 0 && *o + n > OUT_MAX)
		n = -E2BIG;	/* a zstd bomb: stop, the same for every split */
	if (n > 0) {
		memcpy(out + *o, tmp, n);
		*o += n;
	}
	free(tmp);
	return n;
}

/*
 * the stream in pieces of 1..step bytes (step 0: one piece, room
 * PIPE_STEP_MIN, no idle calls); streaming functions get 1..step bytes of
 * output room, and an idle call (len 0) after every piece
 */
static long run(const struct pipe_fn *fn, enum pipe_dir dir, u32 arg,
		const struct pipe_cfg *cfg, const u8 *in, size_t len,
		unsigned int step, u8 *out)
{
	struct pipe_stage s;
	size_t at = 0, n, o = 0, used, cap;
	unsigned int k = 0;
	long r = 0;
	int bounded;

	if (seg6x_pipe_stage_init(&s, fn, dir, arg, cfg))
		return -EINVAL;
	bounded = seg6x_pipe_stage_bounded(&s);
	cap = step && !bounded ? 1 + step * 3 % 257 : PIPE_STEP_MIN;
	while (at < len) {
		n = step ? 1 + (k++ * 7 + at) % step : len;
		if (n > len - at)
			n = len - at;
		while (n) {
			r = feed(&s, in + at, n, &used, cap, 0, out, &o);
			if (r < 0)
				goto out;
			if (!r && !used)
				abort();	/* no progress */
			at += used;
			n -= used;
		}
		while (step && (r = feed(&s, NULL, 0, &used, cap, 1, out, &o)) > 0)
			;
		if (r < 0)
			goto out;
	}
	while ((r = feed(&s, NULL, 0, &used, cap, 0, out, &o)) > 0)
		;
out:
	seg6x_pipe_stage_fini(&s);
	return r < 0 ? r : (long)o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 a[1 << 18], b[1 << 18];
	struct pipe_sed_rule rule = { 0 };
	static const u8 key[PIPE_KEY_LEN] = { 1, 2, 3, 4, 5 };
	struct pipe_cfg cfg = { .sed = &rule, .key = key, .key_len = PIPE_KEY_LEN };
	const struct pipe_fn *fn;
	unsigned int nfn = 0, step;
	enum pipe_dir dir;
	long na, nb;
	u32 arg;

	if (size < 8 || size > 4096)
		return 0;
	while (seg6x_pipe_fn_at(nfn))
		nfn++;
	fn = seg6x_pipe_fn_at(data[0] % nfn);
	dir = data[1] & 1 ? PIPE_REV : PIPE_FWD;
	step = data[1] >> 1;
	arg = (u32)data[2] << 24 | data[3] << 16 | data[4] << 8 | data[5];
	rule.pat_len = data[6] % 8;
	rule.rep_len = data[7] % 80;	/* some too long: init must refuse */
	data += 8;
	size -= 8;
	if (rule.pat_len > size)
		rule.pat_len = size;
	memcpy(rule.pat, data, rule.pat_len);
	if (rule.rep_len <= PIPE_SED_MAX)
		memcpy(rule.rep, data, rule.rep_len > size ? size : rule.rep_len);

	na = run(fn, dir, arg, &cfg, data, size, 0, a);
	nb = run(fn, dir, arg, &cfg, data, size, step, b);
	if ((fn->id == PIPE_FN_ZSTD_COMPRESS || fn->id == PIPE_FN_AEAD_ENCRYPT) &&
	    dir == PIPE_FWD) {
		/* where it flushes depends on the split, AEAD's salt is random:
		 * compare round trips */
		const struct pipe_fn *d = seg6x_pipe_fn_find(fn->id == PIPE_FN_ZSTD_COMPRESS ?
							     PIPE_FN_ZSTD_DECOMPRESS :
							     PIPE_FN_AEAD_DECRYPT);
		static u8 c[OUT_MAX];

		if (na < 0 || nb < 0)
			abort();
		memcpy(c, b, nb);
		if (run(d, PIPE_FWD, 0, &cfg, a, na, step, b) != (long)size || memcmp(b, data, size) ||
		    run(d, PIPE_FWD, 0, &cfg, c, nb, 0, b) != (long)size || memcmp(b, data, size))
			abort();
		return 0;
	}
	if (na != nb || (na > 0 && memcmp(a, b, na)))
		abort();
	if (fn->id == PIPE_FN_B64_ENCODE && dir == PIPE_FWD) {
		nb = run(seg6x_pipe_fn_find(PIPE_FN_B64_DECODE), PIPE_FWD, 0, NULL,
			 a, na, step, b);
		if (nb != (long)size || memcmp(b, data, size))
			abort();
	}
	return 0;
}
