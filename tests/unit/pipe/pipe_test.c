// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_test.c - host tests of the pipe functions (pipe/): known vectors,
 * every split of short inputs and random splits of long ones give the
 * one-shot output, outputs stay within out_max, sed against a naive
 * matcher, round trips, refused input; the step/finish interface (partial
 * consumption) with small output rooms, zstd and AEAD round trips and
 * refused zstd and AEAD streams. TAP, then "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include "pipe.h"

static int pass, fail;

static void ok(int cond, const char *fmt, const char *what)
{
	if (cond)
		pass++;
	else
		fail++;
	printf("%sok %d - %s%s\n", cond ? "" : "not ", pass + fail, fmt, what);
}

/* one chunk through one stage, checking the bound with a canary byte */
static long step(struct pipe_stage *s, const u8 *in, size_t len, u8 *out,
		 size_t *o, int *bound_ok)
{
	size_t max = seg6x_pipe_stage_max(s, len);
	u8 *tmp = malloc(max + 1);
	long n;

	tmp[max] = 0xa5;
	n = len ? seg6x_pipe_stage_run(s, in, len, tmp) : seg6x_pipe_stage_flush(s, tmp);
	if (n > (long)max || tmp[max] != 0xa5)
		*bound_ok = 0;
	if (n > 0) {
		memcpy(out + *o, tmp, n);
		*o += n;
	}
	free(tmp);
	return n;
}

/* whole input, cut where bit i of @cuts is set (cut after byte i);
 * returns output length or a negative errno */
static long run_split(const struct pipe_fn *fn, enum pipe_dir dir, u32 arg,
		      const struct pipe_cfg *cfg, const u8 *in, size_t len,
		      const size_t *cut, size_t ncut, u8 *out, int *bound_ok)
{
	struct pipe_stage s;
	size_t o = 0, from = 0, i;
	long n;

	if (seg6x_pipe_stage_init(&s, fn, dir, arg, cfg))
		return -EINVAL;
	for (i = 0; i <= ncut; i++) {
		size_t to = i < ncut ? cut[i] : len;

		if (to > from) {
			n = step(&s, in + from, to - from, out, &o, bound_ok);
			if (n < 0)
				return n;
		}
		from = to;
	}
	n = step(&s, NULL, 0, out, &o, bound_ok);
	return n < 0 ? n : (long)o;
}

static struct pipe_sed_rule rule(const char *pat, const char *rep)
{
	struct pipe_sed_rule r = { .pat_len = strlen(pat), .rep_len = strlen(rep) };

	memcpy(r.pat, pat, r.pat_len);
	memcpy(r.rep, rep, r.rep_len);
	return r;
}

static int expect(const struct pipe_fn *fn, const struct pipe_cfg *cfg, u32 arg,
		  const char *in, const char *want)
{
	u8 out[4096];
	int b = 1;
	long n = run_split(fn, PIPE_FWD, arg, cfg, (const u8 *)in, strlen(in), NULL, 0, out, &b);

	if (!want)
		return n == -EBADMSG;
	return b && n == (long)strlen(want) && !memcmp(out, want, n);
}

static void vectors(void)
{
	static const char *const rfc[][2] = {	/* RFC 4648, section 10 */
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	struct pipe_sed_rule r = rule("RvZ3", "NhdH");
	struct pipe_cfg cfg = { .sed = &r };
	unsigned int i;
	int good = 1;

	for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++)
		good &= expect(&seg6x_pipe_fn_b64e, NULL, 0, rfc[i][0], rfc[i][1]) &&
			expect(&seg6x_pipe_fn_b64d, NULL, 0, rfc[i][1], rfc[i][0]);
	ok(good, "base64: RFC 4648 vectors both ways", "");
	ok(expect(&seg6x_pipe_fn_b64e, NULL, 0, "I love dogs!\n", "SSBsb3ZlIGRvZ3MhCg==") &&
	   expect(&seg6x_pipe_fn_sed, &cfg, 3, "SSBsb3ZlIGRvZ3MhCg==", "SSBsb3ZlIGNhdHMhCg==") &&
	   expect(&seg6x_pipe_fn_b64d, NULL, 0, "SSBsb3ZlIGNhdHMhCg==", "I love cats!\n"),
	   "dogs to cats: base64 | sed s/RvZ3/NhdH/g | base64 -d", "");
	ok(expect(&seg6x_pipe_fn_b64d, NULL, 0, "YQ==YQ==", "aa") &&
	   expect(&seg6x_pipe_fn_b64d, NULL, 0, "Zm9v\nYmFy\r\n", "foobar"),
	   "base64 -d: padded quanta in a row, line breaks skipped", "");
	ok(expect(&seg6x_pipe_fn_b64d, NULL, 0, "YQ=", NULL) &&
	   expect(&seg6x_pipe_fn_b64d, NULL, 0, "Y===", NULL) &&
	   expect(&seg6x_pipe_fn_b64d, NULL, 0, "YQ=Q", NULL) &&
	   expect(&seg6x_pipe_fn_b64d, NULL, 0, "Zm9 v", NULL) &&
	   expect(&seg6x_pipe_fn_b64d, NULL, 0, "Zm9", NULL),
	   "base64 -d: partial quantum, early '=', data after '=', stray bytes: -EBADMSG", "");
	r = rule("aa", "X");
	ok(expect(&seg6x_pipe_fn_sed, &cfg, 0, "aaa", "Xa") &&
	   expect(&seg6x_pipe_fn_sed, &cfg, 0, "aaaa", "XX"), "sed: leftmost, non-overlapping", "");
	r = rule("abab", "");
	ok(expect(&seg6x_pipe_fn_sed, &cfg, 0, "abababab!ababa", "!a") &&
	   expect(&seg6x_pipe_fn_sed, &cfg, 0, "aabaabab", "aaba"),
	   "sed: empty replacement, KMP fallback keeps the right bytes", "");
	ok(expect(&seg6x_pipe_fn_xor, NULL, 0x20002000, "ILove", "iLOvE"),
	   "xor: key bytes in network order, repeated", "");
}

static void refused(void)
{
	struct pipe_sed_rule r = rule("a", "b");
	struct pipe_cfg cfg = { .sed = &r };
	struct pipe_stage s;

	ok(!seg6x_pipe_fn_find(0x1234) && seg6x_pipe_fn_find(PIPE_FN_SED) == &seg6x_pipe_fn_sed,
	   "unknown function id: NULL", "");
	r.pat_len = 0;
	ok(seg6x_pipe_stage_init(&s, &seg6x_pipe_fn_sed, PIPE_FWD, 0, &cfg) == -EINVAL &&
	   seg6x_pipe_stage_init(&s, &seg6x_pipe_fn_sed, PIPE_FWD, 0, NULL) == -EINVAL,
	   "sed: empty pattern or no rule refused", "");
	r.pat_len = PIPE_SED_MAX + 1;
	ok(seg6x_pipe_stage_init(&s, &seg6x_pipe_fn_sed, PIPE_FWD, 0, &cfg) == -EINVAL,
	   "sed: pattern over PIPE_SED_MAX refused", "");
}

/* naive s/pat/rep/g */
static size_t sed_ref(const struct pipe_sed_rule *r, const u8 *in, size_t len, u8 *out)
{
	size_t i = 0, o = 0;

	while (i < len) {
		if (i + r->pat_len <= len && !memcmp(in + i, r->pat, r->pat_len)) {
			memcpy(out + o, r->rep, r->rep_len);
			o += r->rep_len;
			i += r->pat_len;
		} else {
			out[o++] = in[i++];
		}
	}
	return o;
}

struct fcase {
	const struct pipe_fn *fn;
	enum pipe_dir dir;
	u32 arg;
	int sed;
};

static const struct fcase cases[] = {
	{ &seg6x_pipe_fn_identity, PIPE_FWD, 0, 0 },
	{ &seg6x_pipe_fn_count, PIPE_FWD, 0, 0 },
	{ &seg6x_pipe_fn_xor, PIPE_FWD, 0xdeadbeef, 0 },
	{ &seg6x_pipe_fn_xor, PIPE_REV, 0x01020304, 0 },
	{ &seg6x_pipe_fn_b64e, PIPE_FWD, 0, 0 },
	{ &seg6x_pipe_fn_b64e, PIPE_REV, 0, 0 },
	{ &seg6x_pipe_fn_b64d, PIPE_FWD, 0, 0 },
	{ &seg6x_pipe_fn_sed, PIPE_FWD, 0, 1 },
};

/* inputs: a small alphabet so patterns and base64 symbols occur often */
static void fill(u8 *b, size_t len, int kind)
{
	static const char sym[] = "ABab=\n+/Zm9v";
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = kind ? sym[rand() % (sizeof(sym) - 1)] : (u8)rand();
}

static int same_everywhere(const struct fcase *c, const struct pipe_cfg *cfg,
			   const u8 *in, size_t len, int all_splits, int *bound_ok)
{
	static u8 ref[1 << 16], out[1 << 16];
	size_t cut[64], ncut, i;
	long nref, n;
	unsigned long m, trials;

	nref = run_split(c->fn, c->dir, c->arg, cfg, in, len, NULL, 0, ref, bound_ok);
	trials = all_splits ? 1ul << (len ? len - 1 : 0) : 200;
	for (m = 0; m < trials; m++) {
		ncut = 0;
		if (all_splits) {
			for (i = 0; i + 1 < len; i++)
				if (m >> i & 1)
					cut[ncut++] = i + 1;
		} else {
			size_t at = 0;

			while (ncut < 64 && (at += 1 + rand() % (m % 7 ? 9 : 700)) < len)
				cut[ncut++] = at;
		}
		n = run_split(c->fn, c->dir, c->arg, cfg, in, len, cut, ncut, out, bound_ok);
		if (n != nref || (n > 0 && memcmp(out, ref, n)))
			return 0;
	}
	return 1;
}

static void splits(void)
{
	struct pipe_sed_rule rules[] = { rule("RvZ3", "NhdH"), rule("aba", "Zm9v"),
					 rule("ab", ""), rule("A", "==A==") };
	static u8 in[4096], ref[1 << 16], out[1 << 16];
	struct pipe_cfg cfg;
	unsigned int ci, t, k;
	char name[128];
	int good, bound_ok, sed_good = 1;
	size_t len;
	long n;

	for (ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++) {
		const struct fcase *c = &cases[ci];

		good = 1;
		bound_ok = 1;
		for (t = 0; t < 300; t++) {
			cfg.sed = &rules[t % 4];
			len = t < 200 ? t % 13 : 500 + (size_t)rand() % 3500;
			fill(in, len, t & 1);
			good &= same_everywhere(c, &cfg, in, len, t < 200, &bound_ok);
			if (c->sed) {
				n = run_split(c->fn, c->dir, 0, &cfg, in, len, NULL, 0, out, &bound_ok);
				sed_good &= n == (long)sed_ref(cfg.sed, in, len, ref) &&
					    !memcmp(out, ref, n);
			}
		}
		snprintf(name, sizeof(name), "%s %s: every split of 0..12 bytes, random splits of 4 KiB",
			 c->fn->name, c->dir == PIPE_FWD ? "fwd" : "rev");
		ok(good, name, "");
		snprintf(name, sizeof(name), "%s %s: output within out_max", c->fn->name,
			 c->dir == PIPE_FWD ? "fwd" : "rev");
		ok(bound_ok, name, "");
	}
	ok(sed_good, "sed: same bytes as a naive s/PAT/REP/g", "");

	good = 1;
	for (k = 0; k < 100; k++) {
		int b = 1;
		long e, d;

		len = rand() % 2000;
		fill(in, len, 0);
		e = run_split(&seg6x_pipe_fn_b64e, PIPE_FWD, 0, NULL, in, len, NULL, 0, ref, &b);
		d = run_split(&seg6x_pipe_fn_b64d, PIPE_FWD, 0, NULL, ref, e, NULL, 0, out, &b);
		good &= e == (long)((len + 2) / 3 * 4) && d == (long)len && !memcmp(in, out, len);
		e = run_split(&seg6x_pipe_fn_xor, PIPE_FWD, 0x5a5aa5a5, NULL, in, len, NULL, 0, ref, &b);
		d = run_split(&seg6x_pipe_fn_xor, PIPE_REV, 0x5a5aa5a5, NULL, ref, e, NULL, 0, out, &b);
		good &= d == (long)len && !memcmp(in, out, len);
	}
	ok(good, "round trips: base64 decode(encode(x)) and xor twice give x", "");
}

static void count(void)
{
	struct pipe_stage s;
	u8 buf[100] = { 0 }, out[100];

	seg6x_pipe_stage_init(&s, &seg6x_pipe_fn_count, PIPE_FWD, 0, NULL);
	seg6x_pipe_stage_run(&s, buf, 60, out);
	seg6x_pipe_stage_run(&s, buf, 40, out);
	ok(seg6x_pipe_count_bytes(&s) == 100, "count: 60 + 40 bytes counted as 100", "");
	seg6x_pipe_stage_init(&s, &seg6x_pipe_fn_identity, PIPE_FWD, 0, NULL);
	ok(seg6x_pipe_count_bytes(&s) == 0 && seg6x_pipe_stage_max(&s, 77) == 77,
	   "identity: no counter, out_max = len", "");
}

/*
 * Any function through step/finish: input in pieces from @cut (random
 * 1..maxpiece), output room 1..maxcap (bounded functions: PIPE_STEP_MIN),
 * an idle call (len 0) after each piece when @idle.
 */
static long run_step(const struct pipe_fn *fn, enum pipe_dir dir, u32 arg,
		     const struct pipe_cfg *cfg, const u8 *in, size_t len,
		     size_t maxpiece, size_t maxcap, int idle, u8 *out, size_t outmax)
{
	static u8 tmp[PIPE_STEP_MIN];
	struct pipe_stage s;
	size_t at = 0, o = 0, used, piece, cap;
	long n = 0;

	if (seg6x_pipe_stage_init(&s, fn, dir, arg, cfg))
		return -EINVAL;
	while (at < len || n >= 0) {
		int fin = at == len;

		piece = maxpiece ? 1 + (size_t)rand() % maxpiece : len - at;
		if (piece > len - at)
			piece = len - at;
		cap = seg6x_pipe_stage_bounded(&s) ? PIPE_STEP_MIN : 1 + (size_t)rand() % maxcap;
		tmp[cap - 1] = 0xa5;
		used = 0;
		if (fin)
			n = seg6x_pipe_stage_finish(&s, tmp, cap);
		else if (piece || idle)
			n = seg6x_pipe_stage_step(&s, in + at, piece, &used, tmp, cap);
		if (n < 0 || (fin && !n))
			break;
		if ((size_t)n > cap || used > piece || o + n > outmax) {
			n = -E2BIG;
			break;
		}
		memcpy(out + o, tmp, n);
		o += n;
		at += used;
		if (idle && !fin) {
			n = seg6x_pipe_stage_step(&s, NULL, 0, &used, tmp, cap);
			if (n < 0)
				break;
			memcpy(out + o, tmp, n);
			o += n;
		}
	}
	seg6x_pipe_stage_fini(&s);
	return n < 0 ? n : (long)o;
}

static void streaming(void)
{
	static u8 in[300000], c[400000], d[400000], ref[1 << 16];
	struct pipe_sed_rule r = rule("aba", "Zm9vYmFy");
	struct pipe_cfg cfg = { .sed = &r };
	const struct pipe_fn *zc = &seg6x_pipe_fn_zstd_c, *zd = &seg6x_pipe_fn_zstd_d;
	unsigned int ci, k;
	int good = 1;
	long nc, nd, nref;
	size_t len;

	/* bounded functions driven through step() give the same bytes */
	for (ci = 0; ci < sizeof(cases) / sizeof(cases[0]); ci++)
		for (k = 0; k < 20; k++) {
			int b = 1;

			len = (size_t)rand() % 4000;
			fill(in, len, k & 1);
			nref = run_split(cases[ci].fn, cases[ci].dir, cases[ci].arg, &cfg,
					 in, len, NULL, 0, ref, &b);
			nd = run_step(cases[ci].fn, cases[ci].dir, cases[ci].arg, &cfg,
				      in, len, 1 + k * 37, 1, k & 1, d, sizeof(d));
			good &= nd == nref && (nd <= 0 || !memcmp(d, ref, nd));
		}
	ok(good, "bounded functions through step/finish, any piece sizes: the same bytes", "");

	/* zstd: round trips with small pieces, small rooms, idle flushes */
	good = 1;
	for (k = 0; k < 40; k++) {
		len = k < 20 ? (size_t)rand() % 3000 : (size_t)rand() % sizeof(in);
		fill(in, len, k & 1);
		if (k % 3 == 0)
			memset(in, 'z', len / 2);	/* compressible */
		nc = run_step(zc, PIPE_FWD, 0, NULL, in, len, k & 1 ? 700 : 0, 1 + k * 97,
			      k & 2, c, sizeof(c));
		nd = run_step(zd, PIPE_FWD, 0, NULL, c, nc > 0 ? nc : 0, 1 + k % 5 * 300,
			      1 + k * 13, k & 4, d, sizeof(d));
		good &= nc > 0 && nd == (long)len && !memcmp(d, in, len);
		nd = (long)ZSTD_decompress(d, sizeof(d), c, nc);
		good &= nd == (long)len && !memcmp(d, in, len);
		if (!good)
			printf("# zstd round trip %u: len %zu, compressed %ld, got %ld\n",
			       k, len, nc, nd);
	}
	ok(good, "zstd: compress | decompress round trips, any pieces, rooms, flushes; libzstd agrees", "");
	ok(run_step(zc, PIPE_REV, 0, NULL, in, 1000, 0, 1, 0, c, sizeof(c)) == 1000 &&
	   !memcmp(c, in, 1000), "zstd: server -> client bytes pass unchanged", "");

	/* a stream of 0x7a then the same bytes, from the compressed form */
	memset(in, 'z', 200000);
	nc = run_step(zc, PIPE_FWD, 0, NULL, in, 200000, 0, PIPE_STEP_MIN, 0, c, sizeof(c));
	ok(nc > 0 && nc < 1000 &&
	   run_step(zd, PIPE_FWD, 0, NULL, c, nc, 3, 64, 1, d, sizeof(d)) == 200000 &&
	   !memcmp(d, in, 200000), "zstd: 200 kB of one byte in under 1000 bytes, back whole", "");
	good = 1;
	for (k = 0; k < 40; k++)	/* cut inside the frame: refused at the end */
		good &= run_step(zd, PIPE_FWD, 0, NULL, c, 1 + (nc - 1) * k / 40, 7, 999, 1,
				 d, sizeof(d)) == -EBADMSG;
	ok(good, "zstd: a stream cut inside its frame is -EBADMSG", "");
	fill(in, 50000, 1);
	nc = run_step(zc, PIPE_FWD, 0, NULL, in, 50000, 0, PIPE_STEP_MIN, 0, c, sizeof(c));
	good = nc > 100;
	for (k = 0; good && k < 30; k++) {	/* one byte flipped anywhere */
		size_t at = (size_t)rand() % nc;

		c[at] ^= 1 << (k & 7);
		good &= run_step(zd, PIPE_FWD, 0, NULL, c, nc, 0, PIPE_STEP_MIN, 0,
				 d, sizeof(d)) == -EBADMSG;
		c[at] ^= 1 << (k & 7);
	}
	ok(good, "zstd: a flipped bit anywhere in the stream is -EBADMSG (checksum)", "");
	{
		ZSTD_CCtx *cc = ZSTD_createCCtx();
		ZSTD_inBuffer ib = { in, 300000, 0 };
		ZSTD_outBuffer ob = { c, sizeof(c), 0 };

		fill(in, 300000, 0);
		ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, 20);
		ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_end);
		ZSTD_freeCCtx(cc);
		ok(run_step(zd, PIPE_FWD, 0, NULL, c, ob.pos, 0, PIPE_STEP_MIN, 0, d,
			    sizeof(d)) == -EBADMSG,
		   "zstd: a frame with a 1 MiB window (over the 64 KiB cap) is -EBADMSG", "");
	}
	ok(run_step(zd, PIPE_FWD, 0, NULL, (const u8 *)"not zstd", 8, 0, 100, 0, d,
		    sizeof(d)) == -EBADMSG, "zstd: bytes that are not zstd: -EBADMSG", "");
}

static void aead(void)
{
	static u8 in[100000], c[120000], c2[120000], d[120000];
	static const u8 k1[PIPE_KEY_LEN] = { 0x11, 0x22 }, k2[PIPE_KEY_LEN] = { 0x11, 0x23 };
	const struct pipe_cfg cfg = { .key = k1, .key_len = PIPE_KEY_LEN };
	const struct pipe_cfg wrong = { .key = k2, .key_len = PIPE_KEY_LEN };
	const struct pipe_fn *ae = &seg6x_pipe_fn_aead_e, *ad = &seg6x_pipe_fn_aead_d;
	unsigned int k;
	long nc, nd, nc2;
	size_t len;
	int good = 1;

	for (k = 0; k < 30; k++) {
		len = k < 10 ? (size_t)k * 7 : (size_t)rand() % sizeof(in);
		fill(in, len, k & 1);
		nc = run_step(ae, PIPE_FWD, 0, &cfg, in, len, k & 1 ? 5000 : 0, 1 + k * 311,
			      k & 2, c, sizeof(c));
		nd = run_step(ad, PIPE_FWD, 0, &cfg, c, nc > 0 ? nc : 0, 1 + k % 7 * 1000,
			      1 + k * 17, k & 4, d, sizeof(d));
		good &= nc >= (long)len + 20 + 18 && nd == (long)len && !memcmp(d, in, len);
		if (!good)
			printf("# aead round trip %u: len %zu, sealed %ld, opened %ld\n", k, len, nc, nd);
	}
	ok(good, "aead: encrypt | decrypt round trips, any pieces, rooms, idle calls", "");

	fill(in, 20000, 0);
	nc = run_step(ae, PIPE_FWD, 0, &cfg, in, 20000, 0, PIPE_STEP_MIN, 0, c, sizeof(c));
	nc2 = run_step(ae, PIPE_FWD, 0, &cfg, in, 20000, 0, PIPE_STEP_MIN, 0, c2, sizeof(c2));
	ok(nc == 20000 + 20 + 5 * 18 && nc2 == nc && memcmp(c, c2, nc) &&
	   run_step(ad, PIPE_FWD, 0, &cfg, c2, nc2, 0, PIPE_STEP_MIN, 0, d, sizeof(d)) == 20000,
	   "aead: 20000 bytes: head 20, 4 records of 4096, a final one of 3616, 18 more each; "
	   "a second flow differs (salt) and opens", "");
	ok(run_step(ad, PIPE_FWD, 0, &wrong, c, nc, 0, PIPE_STEP_MIN, 0, d, sizeof(d)) == -EBADMSG,
	   "aead: a wrong key is -EBADMSG", "");
	good = 1;
	for (k = 0; k < 60; k++) {	/* one bit flipped anywhere, head included */
		size_t at = k < 24 ? k : (size_t)rand() % nc;

		c[at] ^= 1 << (k & 7);
		good &= run_step(ad, PIPE_FWD, 0, &cfg, c, nc, 1 + k * 101, 64 + k, k & 1,
				 d, sizeof(d)) == -EBADMSG;
		c[at] ^= 1 << (k & 7);
	}
	ok(good, "aead: a flipped bit anywhere (magic, salt, length, text, tag) is -EBADMSG", "");
	good = 1;
	for (k = 0; k < 40; k++)	/* cut anywhere before the end */
		good &= run_step(ad, PIPE_FWD, 0, &cfg, c, (size_t)nc * k / 40, 333, 999, 1,
				 d, sizeof(d)) == -EBADMSG;
	good &= run_step(ad, PIPE_FWD, 0, &cfg, c, nc - 3616 - 18, 0, PIPE_STEP_MIN, 0, d,
			 sizeof(d)) == -EBADMSG;	/* exactly without the final record */
	ok(good, "aead: a stream cut anywhere, even exactly before its final record, is -EBADMSG", "");
	memcpy(c2, c, nc);
	memcpy(c2 + nc, c + 20, 100);
	ok(run_step(ad, PIPE_FWD, 0, &cfg, c2, nc + 100, 0, PIPE_STEP_MIN, 0, d, sizeof(d)) ==
	   -EBADMSG, "aead: bytes after the final record are -EBADMSG", "");
	memcpy(c2, c, 20);	/* records 2 and 1 swapped */
	memcpy(c2 + 20, c + 20 + 4096 + 18, 4096 + 18);
	memcpy(c2 + 20 + 4096 + 18, c + 20, 4096 + 18);
	memcpy(c2 + 20 + 2 * (4096 + 18), c + 20 + 2 * (4096 + 18), nc - 20 - 2 * (4096 + 18));
	ok(run_step(ad, PIPE_FWD, 0, &cfg, c2, nc, 0, PIPE_STEP_MIN, 0, d, sizeof(d)) == -EBADMSG,
	   "aead: records out of order are -EBADMSG", "");
	ok(run_step(ae, PIPE_FWD, 0, NULL, in, 10, 0, 100, 0, c, sizeof(c)) == -EINVAL &&
	   run_step(ad, PIPE_FWD, 0, NULL, c, 10, 0, 100, 0, d, sizeof(d)) == -EINVAL,
	   "aead: no key: init refuses (fail closed)", "");
	ok(run_step(ae, PIPE_REV, 0, &cfg, in, 1000, 0, 1, 0, c, sizeof(c)) == 1000 &&
	   !memcmp(c, in, 1000), "aead: server -> client bytes pass unchanged", "");
}

int main(void)
{
	srand(1);
	vectors();
	refused();
	splits();
	count();
	streaming();
	aead();
	printf("1..%d\n%d passed, %d failed\n", pass + fail, pass, fail);
	return fail != 0;
}
