// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe-run - the pipe functions as a userspace filter, from the same
 * pipe/ files the kernel module runs: stdin through a chain of functions
 * to stdout, in chunks of chosen sizes (to show that any split gives the
 * same bytes). The reference the kernel's pipes are compared with.
 *
 *   pipe-run [-r] [-c N | -R SEED] [-p PAT -e REP] [-k HEXKEY] FN[=ARG]...
 *   pipe-run -l
 *
 * FN is a name (pipe-run -l) or a hex id; ARG a number (0x.. for hex).
 * -r runs the server -> client direction. -p/-e give the rule the sed
 * function uses, whatever its argument; -k the 32-byte key (64 hex digits)
 * the AEAD functions use, whatever theirs. Exit 1 on input a function refuses
 * (what was transformed before it is written, as base64 -d does).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pipe.h"

#define MAX_CHAIN	16

static void usage(void)
{
	fprintf(stderr, "usage: pipe-run [-r] [-c N | -R SEED] [-p PAT -e REP] [-k HEXKEY] FN[=ARG]...\n"
			"       pipe-run -l\n");
	exit(2);
}

static const struct pipe_fn *fn_parse(const char *s, u32 *arg)
{
	const struct pipe_fn *fn;
	char name[64], *eq, *end;
	unsigned int i;

	snprintf(name, sizeof(name), "%s", s);
	eq = strchr(name, '=');
	*arg = 0;
	if (eq) {
		*eq = 0;
		errno = 0;
		*arg = strtoul(eq + 1, &end, 0);
		if (errno || *end || !eq[1])
			return NULL;
	}
	for (i = 0; (fn = seg6x_pipe_fn_at(i)); i++)
		if (!strcmp(fn->name, name))
			return fn;
	i = strtoul(name, &end, 16);
	return *end || !*name || i > 0xffff ? NULL : seg6x_pipe_fn_find(i);
}

static void list(void)
{
	const struct pipe_fn *fn;
	unsigned int i;

	for (i = 0; (fn = seg6x_pipe_fn_at(i)); i++)
		printf("%04x %-14s fwd %-9s rev %-9s arg: %s\n", fn->id, fn->name,
		       fn->ops[PIPE_FWD] ? "transform" : "pass",
		       fn->ops[PIPE_REV] ? "transform" : "pass", fn->arg);
}

/*
 * bytes through stages [i..n), each output the next one's input, in
 * pieces of at most PIPE_STEP_MIN bytes (stages may consume part of their
 * input); after each piece of input, what the stages hold back for want
 * of input (as the module's pump does when its socket runs dry); @flush:
 * the end of the stream
 */
static int chain(struct pipe_stage *st, int i, int n, const u8 *in, size_t len,
		 int flush)
{
	static u8 outs[MAX_CHAIN][PIPE_STEP_MIN];
	u8 *out = outs[i < MAX_CHAIN ? i : 0];
	size_t used;
	long o;
	int rc;

	if (i == n)
		return fwrite(in, 1, len, stdout) == len ? 0 : -EIO;
	while (len) {
		o = seg6x_pipe_stage_step(&st[i], in, len, &used, out, PIPE_STEP_MIN);
		if (o < 0)
			return o;
		in += used;
		len -= used;
		if (!o && !used)
			return -EIO;	/* a stage that does not move: a bug */
		if (o && (rc = chain(st, i + 1, n, out, o, 0)))
			return rc;
	}
	while (!flush && (o = seg6x_pipe_stage_step(&st[i], NULL, 0, &used, out, PIPE_STEP_MIN))) {
		if (o < 0)
			return o;
		if ((rc = chain(st, i + 1, n, out, o, 0)))
			return rc;
	}
	while (flush && (o = seg6x_pipe_stage_finish(&st[i], out, PIPE_STEP_MIN))) {
		if (o < 0)
			return o;
		if ((rc = chain(st, i + 1, n, out, o, 0)))
			return rc;
	}
	return flush ? chain(st, i + 1, n, NULL, 0, 1) : 0;
}

int main(int argc, char **argv)
{
	struct pipe_stage st[MAX_CHAIN];
	struct pipe_sed_rule rule = { 0 };
	struct pipe_cfg cfg = { 0 };
	enum pipe_dir dir = PIPE_FWD;
	size_t chunk = 65536, len, got, n;
	unsigned int seed = 0;
	int c, i, nst, rc = 0;
	static u8 buf[65536];
	const char *pat = NULL, *rep = "";
	static u8 key[PIPE_KEY_LEN];

	while ((c = getopt(argc, argv, "lrc:R:p:e:k:")) != -1) {
		switch (c) {
		case 'l': list(); return 0;
		case 'r': dir = PIPE_REV; break;
		case 'c': chunk = strtoul(optarg, NULL, 0); break;
		case 'R': seed = strtoul(optarg, NULL, 0); break;
		case 'p': pat = optarg; break;
		case 'e': rep = optarg; break;
		case 'k':
			for (i = 0; i < PIPE_KEY_LEN && sscanf(optarg + 2 * i, "%2hhx", &key[i]) == 1; i++)
				;
			if (i != PIPE_KEY_LEN || strlen(optarg) != 2 * PIPE_KEY_LEN) {
				fprintf(stderr, "pipe-run: -k takes %d hex digits\n", 2 * PIPE_KEY_LEN);
				return 2;
			}
			cfg.key = key;
			cfg.key_len = PIPE_KEY_LEN;
			break;
		default: usage();
		}
	}
	if (chunk < 1 || chunk > sizeof(buf) || optind == argc || argc - optind > MAX_CHAIN)
		usage();
	if (pat) {
		if (!*pat || strlen(pat) > PIPE_SED_MAX || strlen(rep) > PIPE_SED_MAX) {
			fprintf(stderr, "pipe-run: pattern 1..%d bytes, replacement 0..%d\n",
				PIPE_SED_MAX, PIPE_SED_MAX);
			return 2;
		}
		rule.pat_len = strlen(pat);
		rule.rep_len = strlen(rep);
		memcpy(rule.pat, pat, rule.pat_len);
		memcpy(rule.rep, rep, rule.rep_len);
		cfg.sed = &rule;
	}
	nst = argc - optind;
	for (i = 0; i < nst; i++) {
		const struct pipe_fn *fn;
		u32 arg;

		fn = fn_parse(argv[optind + i], &arg);
		if (!fn) {
			fprintf(stderr, "pipe-run: unknown function \"%s\"\n", argv[optind + i]);
			return 2;
		}
		if (seg6x_pipe_stage_init(&st[i], fn, dir, arg, &cfg)) {
			fprintf(stderr, "pipe-run: %s refuses its argument%s\n", fn->name,
				fn->id == PIPE_FN_SED && !pat ? " (sed needs -p PAT)" :
				(fn->id == PIPE_FN_AEAD_ENCRYPT || fn->id == PIPE_FN_AEAD_DECRYPT) &&
				!cfg.key ? " (needs -k HEXKEY)" : "");
			return 2;
		}
	}
	srand(seed);
	for (;;) {
		len = seed ? (size_t)rand() % (chunk + 1) : chunk;
		for (got = 0; got < len; got += n) {
			n = fread(buf + got, 1, len - got, stdin);
			if (!n)
				break;
		}
		if (got < len || feof(stdin)) {
			rc = chain(st, 0, nst, buf, got, 1);
			break;
		}
		rc = chain(st, 0, nst, buf, got, 0);
		if (rc)
			break;
	}
	fflush(stdout);
	for (i = 0; i < nst; i++)
		seg6x_pipe_stage_fini(&st[i]);
	if (rc) {
		fprintf(stderr, "pipe-run: %s\n", rc == -EBADMSG ? "invalid input" : strerror(-rc));
		return 1;
	}
	return 0;
}
