// SPDX-License-Identifier: GPL-2.0-only
/*
 * otip: one-time IP addresses for a legitimate client (and for tests).
 *
 *   otip addr NAME --base ADDR [--secret-file PATH] [--mode keyed|iothaddr]
 *             [--period S] [--offset S] [--time T | --window N] [--prev] [--verbose]
 *   otip window [--period S] [--offset S] [--time T]
 *
 * The secret comes from --secret-file or, failing that, the environment
 * variable OTIP_SECRET (never from the command line, where ps shows it).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "otip.h"
#include "otip_cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: otip addr NAME --base ADDR [--secret-file PATH] [--mode keyed|iothaddr]\n"
		"                 [--period S] [--offset S] [--time T | --window N] [--prev] [--verbose]\n"
		"       otip window [--period S] [--offset S] [--time T]\n"
		"The secret: --secret-file PATH, else the environment variable OTIP_SECRET.\n"
		"Defaults: mode keyed (HMAC-SHA256), period 32 s, offset 0, time now.\n");
}

struct opts {
	struct otip_cfg cfg;
	const char *secret_file;
	int64_t now;
	uint32_t window;
	int has_base, has_window, prev, verbose;
};

static int num64(const char *s, int64_t *v, int64_t min, int64_t max)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end || !*s || x < min || x > max)
		return -1;
	*v = x;
	return 0;
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "base", 1, 0, 'b' }, { "secret-file", 1, 0, 's' }, { "mode", 1, 0, 'm' },
		{ "period", 1, 0, 'p' }, { "offset", 1, 0, 'o' }, { "time", 1, 0, 't' },
		{ "window", 1, 0, 'w' }, { "prev", 0, 0, 'P' }, { "verbose", 0, 0, 'v' },
		{ "help", 0, 0, 'h' }, { 0 }
	};
	int64_t v;
	int c;

	while ((c = getopt_long(argc, argv, "v", lo, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (inet_pton(AF_INET6, optarg, o->cfg.base) != 1)
				goto bad;
			o->has_base = 1;
			break;
		case 's': o->secret_file = optarg; break;
		case 'm':
			if (otip_parse_mode(optarg, &o->cfg.mode))
				goto bad;
			break;
		case 'p':
			if (otip_parse_period(optarg, &o->cfg.period))
				goto bad;
			break;
		case 'o':
			if (otip_parse_offset(optarg, &o->cfg.offset))
				goto bad;
			break;
		case 't':
			if (num64(optarg, &o->now, 0, INT64_MAX / 2))
				goto bad;
			break;
		case 'w':
			if (num64(optarg, &v, 0, UINT32_MAX))
				goto bad;
			o->window = v;
			o->has_window = 1;
			break;
		case 'P': o->prev = 1; break;
		case 'v': o->verbose = 1; break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	return 0;
bad:
	fprintf(stderr, "otip: invalid value \"%s\"\n", optarg);
	return -1;
}

static int secret(struct opts *o)
{
	const char *env = getenv("OTIP_SECRET");
	size_t len;

	if (o->secret_file)
		return otip_secret_load(&o->cfg, o->secret_file, "otip");
	len = env ? strlen(env) : 0;
	if (!len || len > OTIP_SECRET_MAX) {
		fprintf(stderr, "otip: no secret: --secret-file PATH or OTIP_SECRET (1-%d bytes)\n",
			OTIP_SECRET_MAX);
		return -1;
	}
	memcpy(o->cfg.secret, env, len);
	o->cfg.secret_len = len;
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .cfg = { .period = OTIP_PERIOD_DEFAULT }, .now = -1 };
	char a[INET6_ADDRSTRLEN];
	const char *cmd = argc > 1 ? argv[1] : "";
	uint8_t addr[16];
	uint32_t w;

	if (!strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "addr") && strcmp(cmd, "window")) {
		usage(stderr);
		return 2;
	}
	if (parse(argc - 1, argv + 1, &o))
		return 2;
	if (o.now < 0)
		o.now = time(NULL);
	w = o.has_window ? o.window : otip_window(o.now, o.cfg.offset, o.cfg.period);
	if (o.prev)
		w--;
	if (!strcmp(cmd, "window")) {
		if (optind + 1 != argc) {
			usage(stderr);
			return 2;
		}
		printf("%u\n", w);
		return 0;
	}
	if (optind + 2 != argc || !o.has_base) {
		fprintf(stderr, "otip: addr needs one NAME and --base ADDR\n");
		return 2;
	}
	if (otip_set_name(&o.cfg, argv[optind + 1])) {
		fprintf(stderr, "otip: name \"%s\": 1-%d characters\n", argv[optind + 1],
			OTIP_NAME_MAX);
		return 2;
	}
	if (secret(&o) || otip_addr(&o.cfg, w, addr))
		return 2;
	inet_ntop(AF_INET6, addr, a, sizeof(a));
	if (o.verbose)
		printf("%s window %u mode %s valid-for %lld\n", a, w, otip_mode_names[o.cfg.mode],
		       o.has_window || o.prev ? 0LL :
		       (long long)(((int64_t)w + 1) * o.cfg.period - (o.now + o.cfg.offset)));
	else
		printf("%s\n", a);
	return 0;
}
