// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - seg6x-update: keygen, send, recv. See seg6x-update.1.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>
#include "update.h"
#include "net.h"

#define DEFAULT_PORT	4242

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int usage(FILE *f)
{
	fprintf(f,
"usage: seg6x-update keygen -o FILE.key            (writes FILE.key and FILE.pub)\n"
"       seg6x-update send FILE --key FILE.key --group ADDR --version N [--object ID]\n"
"                    [--dev IF] [--port P] [--rate BITS] [--hops N] [--repair PCT]\n"
"                    [--block-size B] [--symbol-size T] [--loops N] [--duration S]\n"
"                    [--no-wait | --listeners N] [--query-interval S] [--stats FILE]\n"
"                    [--fec-cache BYTES]\n"
"       seg6x-update recv --pubkey FILE.pub --group ADDR -o OUT [--source ADDR]\n"
"                    [--dev IF] [--port P] [--max-size B] [--object ID]\n"
"                    [--exec CMD] [--timeout S] [--progress auto|bar|plain|none]\n"
"                    [--stats FILE]\n");
	return f == stderr ? 1 : 0;
}

static int die(const char *fmt, const char *arg)
{
	fprintf(stderr, "seg6x-update: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 1;
}

/* 1500, 64k, 2M, 1G (decimal for rates, binary for sizes: @k is 1000 or 1024) */
static int parse_num(const char *s, uint64_t k, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	switch (*end) {
	case 'k': case 'K': v *= k; end++; break;
	case 'm': case 'M': v *= k * k; end++; break;
	case 'g': case 'G': v *= k * k * k; end++; break;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static int num_opt(const char *name, const char *s, uint64_t k, uint64_t max, uint64_t *out)
{
	if (parse_num(s, k, out) || *out > max) {
		fprintf(stderr, "seg6x-update: --%s: invalid value \"%s\"\n", name, s);
		return -1;
	}
	return 0;
}

static int dev_opt(const char *s, unsigned int *ifindex)
{
	*ifindex = if_nametoindex(s);
	if (!*ifindex) {
		fprintf(stderr, "seg6x-update: --dev: no interface \"%s\"\n", s);
		return -1;
	}
	return 0;
}

/* ---- keygen ---- */

static int write_hex(const char *path, const uint8_t *b, size_t len, mode_t mode)
{
	char hex[2 * 64 + 1];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);

	if (fd < 0)
		return die("%s", strerror(errno)), -1;
	sodium_bin2hex(hex, sizeof(hex), b, len);
	strcat(hex, "\n");
	if (write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) || close(fd))
		return -1;
	return 0;
}

static int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = { { "output", 1, 0, 'o' }, { 0 } };
	uint8_t seed[UPD_SEED_LEN], pk[UPD_PK_LEN], sk[64];
	const char *out = NULL;
	char pub[4096];
	size_t n;
	int c;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o')
			return usage(stderr);
		out = optarg;
	}
	if (!out || optind != argc)
		return die("%s", "keygen: -o FILE is required");
	n = strlen(out);
	snprintf(pub, sizeof(pub), "%.*s.pub",
		 (int)(n > 4 && !strcmp(out + n - 4, ".key") ? n - 4 : n), out);
	randombytes_buf(seed, sizeof(seed));
	upd_keypair(seed, pk, sk);
	if (write_hex(out, seed, sizeof(seed), 0600)) {
		fprintf(stderr, "seg6x-update: keygen: %s not written (exists?)\n", out);
		return 1;
	}
	if (write_hex(pub, pk, sizeof(pk), 0644)) {
		unlink(out);
		fprintf(stderr, "seg6x-update: keygen: %s not written (exists?)\n", pub);
		return 1;
	}
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk, sizeof(sk));
	printf("%s\n%s\n", out, pub);
	return 0;
}

/* ---- send ---- */

struct send_opts {
	const char *file, *key, *group, *stats;
	unsigned int ifindex;
	uint64_t port, rate, hops, repair, block, sym, loops, duration, id, version;
	uint64_t listeners, query, fec_cache;
	int have_version, no_wait;
};

struct send_stats {
	uint64_t bytes, errors, max_listeners;
	double paused;
	int started;
};

/*
 * hold the loop while nobody listens (before the first packet: until
 * --listeners listen, so a test or a rollout can start them all at once);
 * 0 if it may send
 */
static int wait_listeners(const struct send_opts *o, struct upd_mld_watch *w,
			  struct send_stats *st, double end, int last_pass)
{
	double t0 = upd_now();
	unsigned int n = upd_mld_poll(w, 0), want = st->started ? 1 : o->listeners;
	int waited = 0;

	/* the last of --loops passes is for those who listen: nobody left, done */
	if (st->started && last_pass && !n)
		return -1;
	while (n < want && !stop && (!end || upd_now() < end)) {
		if (!waited++)
			fprintf(stderr, "seg6x-update: %u listener(s), waiting for %u\n", n, want);
		n = upd_mld_poll(w, 200);
	}
	if (n > st->max_listeners)
		st->max_listeners = n;
	st->paused += upd_now() - t0;
	st->started |= n >= want;
	return n >= want ? 0 : -1;
}

static void send_report(const struct send_opts *o, const struct upd_tx *tx,
			const struct send_stats *st, const struct upd_mld_watch *w)
{
	unsigned long long pk = tx->sent[1] + tx->sent[2] + tx->sent[3];
	FILE *f;

	fprintf(stderr, "seg6x-update: sent %llu packets (%llu manifest, %llu hashes, "
		"%llu symbols), %llu bytes, %llu passes, %llu encodings, %llu send errors, "
		"%.1f s without listeners\n", pk, (unsigned long long)tx->sent[1],
		(unsigned long long)tx->sent[2], (unsigned long long)tx->sent[3],
		(unsigned long long)st->bytes, (unsigned long long)tx->pass,
		(unsigned long long)tx->encoded, (unsigned long long)st->errors, st->paused);
	if (!o->stats || !(f = fopen(o->stats, "w")))
		return;
	fprintf(f, "{\"packets\":%llu,\"manifests\":%llu,\"hashes\":%llu,\"symbols\":%llu,"
		"\"bytes\":%llu,\"passes\":%llu,\"encodings\":%llu,\"send_errors\":%llu,"
		"\"paused_s\":%.3f,\"max_listeners\":%llu,\"mld_reports\":%llu,"
		"\"mld_queries\":%llu}\n", pk,
		(unsigned long long)tx->sent[1], (unsigned long long)tx->sent[2],
		(unsigned long long)tx->sent[3], (unsigned long long)st->bytes,
		(unsigned long long)tx->pass, (unsigned long long)tx->encoded,
		(unsigned long long)st->errors, st->paused,
		(unsigned long long)st->max_listeners,
		(unsigned long long)(w ? w->reports : 0), (unsigned long long)(w ? w->queries : 0));
	fclose(f);
}

static int send_loop(const struct send_opts *o, struct upd_tx *tx, int fd,
		     struct upd_mld_watch *w)
{
	uint8_t buf[UPD_MAX_PAYLOAD];
	struct send_stats st = { 0 };
	struct upd_pacer pc;
	double end = o->duration ? upd_now() + o->duration : 0;
	uint64_t i = 0;
	size_t len;

	/*
	 * The bucket holds 8 packets or 5 ms at the rate, whichever is more:
	 * encoding a block (3 ms for 64 KiB) and a late wake-up from a sleep
	 * of one packet's time (0.1 ms at 100 Mb/s) must not cost the rate
	 * (100M sent at 39 Mb/s, 400M at 81 with 8 packets alone); the average
	 * stays within it, bursts are at most 5 ms of it.
	 */
	upd_pacer_init(&pc, o->rate, o->rate / 8 / 200 > 8 * 1280 ? o->rate / 8 / 200 : 8 * 1280);
	prctl(PR_SET_TIMERSLACK, 1UL);
	while (!stop && (!o->loops || tx->pass < o->loops) && (!end || upd_now() < end)) {
		/* listeners are checked every 16 packets: a leave stops us within them */
		if (w && !(i++ % 16) &&
		    wait_listeners(o, w, &st, end, o->loops && tx->pass + 1 >= o->loops))
			break;
		len = upd_tx_next(tx, buf);
		if (!len)
			return die("%s", "out of memory");
		upd_pacer_wait(&pc, len + 48);
		if (send(fd, buf, len, 0) != (ssize_t)len) {
			/* no route yet, a full queue: count it and go on */
			st.errors++;
			continue;
		}
		st.bytes += len;
	}
	send_report(o, tx, &st, w);
	return 0;
}

static int cmd_send(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", 1, 0, 'k' }, { "group", 1, 0, 'g' }, { "dev", 1, 0, 'd' },
		{ "port", 1, 0, 'p' }, { "rate", 1, 0, 'r' }, { "hops", 1, 0, 'H' },
		{ "repair", 1, 0, 'R' }, { "block-size", 1, 0, 'b' },
		{ "symbol-size", 1, 0, 's' }, { "loops", 1, 0, 'l' },
		{ "duration", 1, 0, 't' }, { "object", 1, 0, 'i' },
		{ "version", 1, 0, 'v' }, { "no-wait", 0, 0, 'W' }, { "listeners", 1, 0, 'L' },
		{ "query-interval", 1, 0, 'Q' }, { "stats", 1, 0, 'S' },
		{ "fec-cache", 1, 0, 'C' }, { 0 } };
	struct send_opts o = { .port = DEFAULT_PORT, .rate = 10000000, .hops = 8,
			       .repair = 10, .block = 65536, .sym = 1200, .id = 1,
			       .listeners = 1, .query = 10, .fec_cache = 256ULL << 20 };
	struct upd_mld_watch mld, *w = NULL;
	struct sockaddr_in6 self;
	socklen_t sl = sizeof(self);
	struct upd_manifest m = { 0 };
	uint8_t seed[UPD_SEED_LEN], pk[UPD_PK_LEN], sk[64];
	struct in6_addr dst;
	struct upd_tx tx;
	struct stat st;
	char err[512];
	uint8_t *data;
	int c, fd, sock, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case 'k': o.key = optarg; break;
		case 'g': o.group = optarg; break;
		case 'd': rc = dev_opt(optarg, &o.ifindex); break;
		case 'p': rc = num_opt("port", optarg, 1000, 65535, &o.port); break;
		case 'r': rc = num_opt("rate", optarg, 1000, 100000000000ULL, &o.rate); break;
		case 'H': rc = num_opt("hops", optarg, 1000, 255, &o.hops); break;
		case 'R': rc = num_opt("repair", optarg, 1000, 1000, &o.repair); break;
		case 'b': rc = num_opt("block-size", optarg, 1024, UPD_BLOCK_MAX, &o.block); break;
		case 's': rc = num_opt("symbol-size", optarg, 1024, UPD_SYM_MAX, &o.sym); break;
		case 'l': rc = num_opt("loops", optarg, 1000, UINT32_MAX, &o.loops); break;
		case 't': rc = num_opt("duration", optarg, 1000, UINT32_MAX, &o.duration); break;
		case 'i': rc = num_opt("object", optarg, 1000, UINT32_MAX, &o.id); break;
		case 'v': rc = num_opt("version", optarg, 1000, UINT32_MAX, &o.version);
			  o.have_version = 1; break;
		case 'W': o.no_wait = 1; break;
		case 'L': rc = num_opt("listeners", optarg, 1000, UPD_LISTENERS_MAX, &o.listeners);
			  break;
		case 'Q': rc = num_opt("query-interval", optarg, 1000, 3600, &o.query); break;
		case 'S': o.stats = optarg; break;
		case 'C': rc = num_opt("fec-cache", optarg, 1024, 1ULL << 40, &o.fec_cache);
			  break;
		default: return usage(stderr);
		}
		if (rc)
			return 1;
	}
	if (optind != argc - 1)
		return die("%s", "send: one FILE is required");
	o.file = argv[optind];
	if (!o.key || !o.group || !o.have_version)
		return die("%s", "send: --key, --group and --version are required");
	if (upd_parse_addr(o.group, &dst))
		return die("--group: invalid value \"%s\"", o.group);
	if (upd_read_hexkey(o.key, seed, sizeof(seed), err, sizeof(err)))
		return die("%s", err);
	upd_keypair(seed, pk, sk);
	sodium_memzero(seed, sizeof(seed));

	fd = open(o.file, O_RDONLY);
	if (fd < 0 || fstat(fd, &st))
		return die("%s", strerror(errno));
	if (!st.st_size)
		return die("%s: empty file", o.file);
	data = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return die("mmap: %s", strerror(errno));
	m.id = o.id;
	m.version = o.version;
	m.size = st.st_size;
	m.block_size = o.block;
	m.sym_size = o.sym;
	if (upd_tx_init(&tx, data, &m, sk, o.repair))
		return die("%s", "send: block size must be 16k..256k, symbol size a multiple "
			   "of 4 in 256..1208, and at most 256 symbols a block");
	sodium_memzero(sk, sizeof(sk));
	if (upd_tx_cache(&tx, o.fec_cache))
		return die("%s", "--fec-cache: out of memory");
	sock = upd_sock_tx(&dst, o.port, o.ifindex, o.hops, err, sizeof(err));
	if (sock < 0)
		return die("%s", err);
	/* multicast: send only while the group has listeners (MLD), as asked */
	if (IN6_IS_ADDR_MULTICAST(&dst) && !o.no_wait) {
		if (getsockname(sock, (struct sockaddr *)&self, &sl) ||
		    upd_mld_open(&mld, o.ifindex, &dst, &self.sin6_addr, o.query, err,
				 sizeof(err)))
			return die("%s (--no-wait sends without listening for MLD)", err);
		w = &mld;
	}
	rc = send_loop(&o, &tx, sock, w);
	if (w)
		upd_mld_close(w);
	upd_tx_free(&tx);
	close(sock);
	munmap(data, st.st_size);
	return rc;
}

/* ---- recv ---- */

enum { PROGRESS_NONE, PROGRESS_PLAIN, PROGRESS_BAR };

struct recv_opts {
	const char *pub, *group, *source, *out, *exec, *stats;
	unsigned int ifindex;
	uint64_t port, max_size, id, timeout;
	int has_id, progress;
};

/*
 * rate and ETA count from @start, when the first manifest came (0: not yet),
 * and the blocks done since (@base were done then: resumed, or completed at
 * once from symbols parked before the manifest)
 */
static void show_progress(const struct upd_rx *rx, int mode, double start, uint32_t base,
			  int last)
{
	static double next;
	double now = upd_now(), el = now - start, frac, rate, eta;
	uint64_t done;

	uint32_t ndone = rx->finished ? rx->m.nblocks : rx->ndone;

	if (mode == PROGRESS_NONE || !(rx->have_m || rx->finished) || (!last && now < next))
		return;
	next = now + (mode == PROGRESS_BAR ? 0.2 : 1.0);
	frac = (double)ndone / rx->m.nblocks;
	done = (uint64_t)(ndone > base ? ndone - base : 0) * rx->m.block_size;
	rate = el > 0 ? done / el : 0;
	eta = rate > 0 ? (1 - frac) * rx->m.size / rate : 0;
	if (mode == PROGRESS_BAR) {
		char bar[41];
		int i, w = (int)(frac * 40);

		for (i = 0; i < 40; i++)
			bar[i] = i < w ? '#' : '.';
		bar[40] = 0;
		fprintf(stderr, "\r[%s] %3.0f%% %7.2f MB/s eta %4.0fs", bar, frac * 100,
			rate / 1e6, eta);
		if (last)
			fputc('\n', stderr);
	} else {
		fprintf(stderr, "progress: %u/%u blocks %.0f%% %.2f MB/s eta %.0fs\n",
			ndone, rx->m.nblocks, frac * 100, rate / 1e6, eta);
	}
}

static void report(const struct upd_rx *rx, const char *stats)
{
	FILE *f = stats ? fopen(stats, "w") : NULL;
	int i;

	fprintf(stderr, "seg6x-update: %llu packets, %llu symbols used, %u blocks "
		"(%u resumed); drops:", (unsigned long long)rx->packets,
		(unsigned long long)rx->symbols_used, rx->finished ? rx->m.nblocks : rx->ndone,
		rx->nresumed);
	for (i = 1; i < __UPD_DROP_MAX; i++)
		if (rx->drops[i])
			fprintf(stderr, " %s=%llu", upd_drop_names[i],
				(unsigned long long)rx->drops[i]);
	fputc('\n', stderr);
	if (!f)
		return;
	fprintf(f, "{\"packets\":%llu,\"bytes\":%llu,\"symbols_used\":%llu,"
		"\"blocks_decoded\":%llu,\"blocks_assembled\":%llu,\"resumed\":%u,"
		"\"installed\":%d,\"version\":%u,"
		"\"drops\":{", (unsigned long long)rx->packets, (unsigned long long)rx->bytes,
		(unsigned long long)rx->symbols_used, (unsigned long long)rx->blocks_decoded,
		(unsigned long long)rx->blocks_assembled,
		rx->nresumed, rx->finished, rx->installed ? rx->inst_ver : 0);
	for (i = 1; i < __UPD_DROP_MAX; i++)
		fprintf(f, "%s\"%s\":%llu", i > 1 ? "," : "", upd_drop_names[i],
			(unsigned long long)rx->drops[i]);
	fprintf(f, "}}\n");
	fclose(f);
}

/* --exec CMD: {} becomes OUT (single-quoted for the shell) */
static int run_exec(const char *cmd, const char *out)
{
	size_t len = strlen(cmd) + 1, n = 0;
	const char *p;
	char *s;
	int st;

	for (p = cmd; (p = strstr(p, "{}")); p += 2)
		len += 4 * strlen(out) + 2;
	s = malloc(len);
	if (!s)
		return -1;
	for (p = cmd; *p; ) {
		if (p[0] == '{' && p[1] == '}') {
			const char *q;

			s[n++] = '\'';
			for (q = out; *q; q++) {
				if (*q == '\'') {
					memcpy(s + n, "'\\''", 4);
					n += 4;
				} else {
					s[n++] = *q;
				}
			}
			s[n++] = '\'';
			p += 2;
		} else {
			s[n++] = *p++;
		}
	}
	s[n] = 0;
	st = system(s);
	free(s);
	return st == 0 ? 0 : -1;
}

static int recv_loop(const struct recv_opts *o, struct upd_rx *rx, int sock)
{
	uint8_t buf[UPD_MAX_PAYLOAD + 1];
	double start = 0, end = o->timeout ? upd_now() + o->timeout : 0;
	uint32_t base = 0;
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	ssize_t n;

	while (!stop && !rx->finished) {
		if (end && upd_now() >= end)
			return 2;
		if (poll(&pfd, 1, 200) <= 0) {
			show_progress(rx, o->progress, start, base, 0);
			continue;
		}
		/* one byte more than allowed, so an oversized datagram is seen as such */
		n = recv(sock, buf, sizeof(buf), 0);
		if (n < 0)
			continue;
		upd_rx_input(rx, buf, n);
		/* the time spent waiting for a sender is not the transfer's */
		if (!start && (rx->have_m || rx->finished)) {
			start = upd_now();
			base = rx->finished ? rx->m.nblocks : rx->ndone;
		}
		show_progress(rx, o->progress, start, base, rx->finished);
	}
	return rx->finished ? 0 : 2;
}

static int cmd_recv(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pubkey", 1, 0, 'k' }, { "group", 1, 0, 'g' }, { "source", 1, 0, 'S' },
		{ "dev", 1, 0, 'd' }, { "port", 1, 0, 'p' }, { "output", 1, 0, 'o' },
		{ "max-size", 1, 0, 'm' }, { "object", 1, 0, 'i' }, { "exec", 1, 0, 'e' },
		{ "timeout", 1, 0, 't' }, { "progress", 1, 0, 'P' }, { "stats", 1, 0, 's' },
		{ 0 } };
	struct recv_opts o = { .port = DEFAULT_PORT, .max_size = 256 << 20,
			       .progress = isatty(2) ? PROGRESS_BAR : PROGRESS_PLAIN };
	struct in6_addr group, source = IN6ADDR_ANY_INIT;
	uint8_t pk[UPD_PK_LEN];
	struct upd_rx rx;
	char err[512];
	int c, rc, sock;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case 'k': o.pub = optarg; break;
		case 'g': o.group = optarg; break;
		case 'S': o.source = optarg; break;
		case 'd': rc = dev_opt(optarg, &o.ifindex); break;
		case 'p': rc = num_opt("port", optarg, 1000, 65535, &o.port); break;
		case 'o': o.out = optarg; break;
		case 'm': rc = num_opt("max-size", optarg, 1024, 1ULL << 40, &o.max_size); break;
		case 'i': rc = num_opt("object", optarg, 1000, UINT32_MAX, &o.id);
			  o.has_id = 1; break;
		case 'e': o.exec = optarg; break;
		case 't': rc = num_opt("timeout", optarg, 1000, UINT32_MAX, &o.timeout); break;
		case 's': o.stats = optarg; break;
		case 'P':
			if (!strcmp(optarg, "bar"))
				o.progress = PROGRESS_BAR;
			else if (!strcmp(optarg, "plain"))
				o.progress = PROGRESS_PLAIN;
			else if (!strcmp(optarg, "none"))
				o.progress = PROGRESS_NONE;
			else if (strcmp(optarg, "auto"))
				return die("--progress: invalid value \"%s\"", optarg);
			break;
		default: return usage(stderr);
		}
		if (rc)
			return 1;
	}
	if (optind != argc || !o.pub || !o.group || !o.out)
		return die("%s", "recv: --pubkey, --group and -o OUT are required");
	if (upd_parse_addr(o.group, &group))
		return die("--group: invalid value \"%s\"", o.group);
	if (o.source && upd_parse_addr(o.source, &source))
		return die("--source: invalid value \"%s\"", o.source);
	if (upd_read_hexkey(o.pub, pk, sizeof(pk), err, sizeof(err)))
		return die("%s", err);
	if (upd_rx_open(&rx, o.out, pk, o.max_size, err, sizeof(err)))
		return die("%s", err);
	rx.want_id = o.id;
	rx.has_want_id = o.has_id;
	sock = upd_sock_rx(&group, &source, o.port, o.ifindex, err, sizeof(err));
	if (sock < 0) {
		upd_rx_close(&rx);
		return die("%s", err);
	}
	if (rx.nresumed)
		fprintf(stderr, "seg6x-update: resuming object %u version %u: %u/%u blocks\n",
			rx.m.id, rx.m.version, rx.ndone, rx.m.nblocks);
	rc = recv_loop(&o, &rx, sock);
	close(sock);
	if (rc == 0)
		fprintf(stderr, "seg6x-update: installed %s (object %u version %u)\n",
			o.out, rx.inst_id, rx.inst_ver);
	else
		fprintf(stderr, "seg6x-update: %s\n", stop ? "interrupted" : "timed out");
	report(&rx, o.stats);
	if (rc == 0 && o.exec && run_exec(o.exec, o.out)) {
		fprintf(stderr, "seg6x-update: --exec failed: %s\n", o.exec);
		rc = 3;
	}
	upd_rx_close(&rx);
	return rc;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage(stdout);
	if (upd_crypto_init())
		return die("%s", "libsodium failed to start");
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!strcmp(argv[1], "keygen"))
		return cmd_keygen(argc - 1, argv + 1);
	if (!strcmp(argv[1], "send"))
		return cmd_send(argc - 1, argv + 1);
	if (!strcmp(argv[1], "recv"))
		return cmd_recv(argc - 1, argv + 1);
	fprintf(stderr, "seg6x-update: unknown command \"%s\"\n", argv[1]);
	return usage(stderr);
}
