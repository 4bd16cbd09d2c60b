// SPDX-License-Identifier: GPL-2.0-only
/*
 * update_test.c - seg6x-update's cores on the host, no sockets: the codec,
 * signatures, RaptorQ, the sender's loop fed straight into the receiver with
 * loss injected in between, and every bad input the receiver must drop
 * under its named reason without writing anything. TAP, then
 * "N passed, N failed". Usage: update_test TMPDIR
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "update.h"
#include "net.h"

static int pass, fail;
static char dir[512];

#define CHECK(cond, ...) do {						\
	if (cond) { pass++; printf("ok - "); }				\
	else { fail++; printf("not ok - "); }				\
	printf(__VA_ARGS__); printf("\n");				\
} while (0)

static uint8_t seed[32] = { 1, 2, 3 }, pk[32], sk[64];
static uint8_t seed2[32] = { 9 }, pk2[32], sk2[64];

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static uint8_t *random_data(size_t len)
{
	uint8_t *d = malloc(len);
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = rnd();
	return d;
}

static void path(char *out, const char *name)
{
	snprintf(out, 1024, "%s/%s", dir, name);
}

static void clean(const char *name)
{
	char p[1024], q[1100];

	path(p, name);
	unlink(p);
	snprintf(q, sizeof(q), "%s.part", p);
	unlink(q);
	snprintf(q, sizeof(q), "%s.state", p);
	unlink(q);
}

static int file_equals(const char *name, const uint8_t *d, size_t len)
{
	char p[1024];
	struct stat st;
	uint8_t *b;
	int fd, ok;

	path(p, name);
	fd = open(p, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || (size_t)st.st_size != len) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	b = malloc(len);
	ok = read(fd, b, len) == (ssize_t)len && !memcmp(b, d, len);
	free(b);
	close(fd);
	return ok;
}

static int exists(const char *name, const char *suffix)
{
	char p[1024], q[1100];

	path(p, name);
	snprintf(q, sizeof(q), "%s%s", p, suffix);
	return access(q, F_OK) == 0;
}

static void rx_open(struct upd_rx *rx, const char *name, const uint8_t *key, uint64_t max)
{
	char p[1024], err[256];

	path(p, name);
	if (upd_rx_open(rx, p, key, max, err, sizeof(err))) {
		printf("# rx_open: %s\n", err);
		exit(1);
	}
}

static void tx_init(struct upd_tx *tx, const uint8_t *d, size_t len, uint32_t version,
		    const uint8_t *key)
{
	struct upd_manifest m = { .id = 7, .version = version, .size = len,
				  .block_size = 65536, .sym_size = 1200 };

	if (upd_tx_init(tx, d, &m, key, 10)) {
		printf("# tx_init failed\n");
		exit(1);
	}
}

/* run the loop into rx until done or @max packets; @loss_pm per mille lost */
static uint64_t transfer(struct upd_tx *tx, struct upd_rx *rx, unsigned int loss_pm,
			 uint64_t max, uint64_t *delivered)
{
	uint8_t buf[UPD_MAX_PAYLOAD];
	uint64_t n = 0, got = 0;
	size_t len;

	while (!rx->finished && n < max) {
		len = upd_tx_next(tx, buf);
		n++;
		if (rnd() % 1000 < loss_pm)
			continue;
		got++;
		upd_rx_input(rx, buf, len);
	}
	if (delivered)
		*delivered = got;
	return n;
}

static void test_codec(void)
{
	struct upd_manifest m = { .id = 1, .version = 2, .size = 100000, .block_size = 65536,
				  .nblocks = 2, .sym_size = 1200, .fec = 1, .hash = 1 };
	uint8_t buf[UPD_MAX_PAYLOAD + 8], sym[1208] = { 0 }, hashes[32 * 32] = { 0 };
	struct upd_pkt p;
	size_t len, i;
	int ok;

	len = upd_build_manifest(buf, &m);
	CHECK(len == UPD_HDR_LEN + UPD_MANIFEST_BODY && upd_parse(buf, len, &p) == UPD_OK &&
	      p.type == UPD_T_MANIFEST && p.m.size == 100000 && p.m.nblocks == 2 &&
	      p.m.sym_size == 1200 && p.signed_len == len - 64,
	      "codec: manifest round trip (%zu bytes)", len);
	for (ok = 1, i = 0; i < len; i++)
		ok &= upd_parse(buf, i, &p) == UPD_DROP_TRUNCATED;
	CHECK(ok, "codec: every truncated manifest is 'truncated'");
	buf[0] ^= 1;
	CHECK(upd_parse(buf, len, &p) == UPD_DROP_MAGIC, "codec: bad magic");
	buf[0] ^= 1;
	buf[2] = 2;
	CHECK(upd_parse(buf, len, &p) == UPD_DROP_MAGIC, "codec: format 2 is not ours");
	buf[2] = 1;
	buf[15] = 1;
	CHECK(upd_parse(buf, len, &p) == UPD_DROP_MALFORMED, "codec: reserved header bits");
	buf[15] = 0;
	buf[3] = 9;
	CHECK(upd_parse(buf, len, &p) == UPD_DROP_MALFORMED, "codec: unknown type");
	buf[3] = UPD_T_MANIFEST;
	buf[len] = 0;
	CHECK(upd_parse(buf, len + 1, &p) == UPD_DROP_MALFORMED, "codec: trailing byte");

	m.nblocks = 3;
	CHECK(upd_parse(buf, upd_build_manifest(buf, &m), &p) == UPD_DROP_MALFORMED,
	      "codec: nblocks that does not match size / block size");
	m.nblocks = 2;
	m.sym_size = 1202;
	CHECK(upd_parse(buf, upd_build_manifest(buf, &m), &p) == UPD_DROP_MALFORMED,
	      "codec: symbol size not a multiple of 4");
	m.sym_size = 1212;
	CHECK(upd_parse(buf, upd_build_manifest(buf, &m), &p) == UPD_DROP_MALFORMED,
	      "codec: symbol size above 1208 (the packet would exceed 1232 bytes)");
	m.sym_size = 256;
	m.block_size = 262144;
	m.nblocks = 1;
	CHECK(upd_parse(buf, upd_build_manifest(buf, &m), &p) == UPD_DROP_MALFORMED,
	      "codec: more than 256 symbols a block");
	m.sym_size = 1200;
	m.size = 0;
	m.nblocks = 0;
	CHECK(upd_parse(buf, upd_build_manifest(buf, &m), &p) == UPD_DROP_MALFORMED,
	      "codec: empty object");

	len = upd_build_hashes(buf, 1, 2, 0, 32, hashes);
	CHECK(len == 16 + 8 + 1024 + 64 && upd_parse(buf, len, &p) == UPD_OK && p.count == 32,
	      "codec: 32 hashes in %zu bytes", len);
	buf[20] = 0;
	buf[21] = 33;
	CHECK(upd_parse(buf, len, &p) == UPD_DROP_MALFORMED, "codec: hash count beyond its length");
	len = upd_build_symbol(buf, 1, 2, 5, 0x123456, sym, 1208);
	CHECK(len == UPD_MAX_PAYLOAD && upd_parse(buf, len, &p) == UPD_OK && p.block == 5 &&
	      p.esi == 0x123456 && p.sym_len == 1208,
	      "codec: largest symbol packet is %zu bytes (1280 on the wire)", len);
	buf[20] = 1;
	CHECK(upd_parse(buf, len, &p) == UPD_DROP_MALFORMED, "codec: ESI beyond 24 bits");
	CHECK(upd_parse(buf, UPD_MAX_PAYLOAD + 4, &p) == UPD_DROP_MALFORMED,
	      "codec: datagram above 1232 bytes");
}

static void test_fec(void)
{
	uint8_t *d = random_data(65536), *syms = malloc(80 * 1200), out[65536];
	uint32_t esi[80];
	unsigned int kp = upd_fec_kp(65536, 1200), i;
	struct upd_enc *e = upd_enc_new(d, 65536, 1200);

	for (i = 0; i < kp + 2; i++)
		upd_enc_symbol(e, syms + i * 1200, &esi[i]);
	CHECK(kp == 55 && !upd_fec_decode(out, 65536, 1200, syms, esi, kp + 2) &&
	      !memcmp(out, d, 65536), "fec: 64 KiB from K'+2 = %u random symbols", kp + 2);
	CHECK(upd_fec_decode(out, 65536, 1200, syms, esi, kp - 1) != 0,
	      "fec: K'-1 symbols do not decode");
	upd_enc_free(e);
	free(d);
	free(syms);
}

static void test_transfer(void)
{
	size_t len = 300000;
	uint8_t *d = random_data(len);
	struct upd_tx tx;
	struct upd_rx rx;
	uint64_t n, got, src = (len + 1199) / 1200;

	clean("a");
	tx_init(&tx, d, len, 1, sk);
	rx_open(&rx, "a", pk, 1 << 20);
	n = transfer(&tx, &rx, 0, 100000, &got);
	CHECK(rx.finished && file_equals("a", d, len) && !exists("a", ".part") && tx.pass == 0,
	      "transfer: 300000 bytes installed in one pass, %llu packets for %llu source "
	      "symbols (%.3f)", (unsigned long long)n, (unsigned long long)src, (double)n / src);
	CHECK(rx.drops[UPD_DROP_SIGNATURE] == 0 && rx.drops[UPD_DROP_BAD_BLOCK] == 0,
	      "transfer: no drop but repeats");
	CHECK(rx.blocks_assembled == rx.m.nblocks,
	      "transfer: without loss every block is its source symbols, none decoded (%llu of %u)",
	      (unsigned long long)rx.blocks_assembled, rx.m.nblocks);
	upd_rx_close(&rx);
	upd_tx_free(&tx);

	/* 5% loss: RaptorQ repair symbols complete it in the first pass */
	clean("a");
	tx_init(&tx, d, len, 1, sk);
	rx_open(&rx, "a", pk, 1 << 20);
	n = transfer(&tx, &rx, 50, 100000, &got);
	CHECK(rx.finished && file_equals("a", d, len) && tx.pass == 0,
	      "transfer: 5%% loss completes without a second pass (%llu received per %llu "
	      "source symbols: %.3f)", (unsigned long long)got, (unsigned long long)src,
	      (double)got / src);
	CHECK(rx.blocks_decoded == rx.m.nblocks && rx.blocks_assembled < rx.m.nblocks,
	      "transfer: with loss, source and repair symbols decode together (%llu of %u "
	      "blocks by RaptorQ)", (unsigned long long)(rx.blocks_decoded - rx.blocks_assembled),
	      rx.m.nblocks);
	upd_rx_close(&rx);
	upd_tx_free(&tx);
	free(d);
}

/* run @tx until @passes passes are complete; the encodings it needed */
static uint64_t run_passes(struct upd_tx *tx, uint64_t passes)
{
	uint8_t buf[UPD_MAX_PAYLOAD];

	while (tx->pass < passes)
		if (!upd_tx_next(tx, buf))
			return 0;
	return tx->encoded;
}

/* the sender keeps encoders across passes within its budget; what they draw decodes */
static void test_enc_cache(void)
{
	size_t len = 300000;	/* 5 blocks of 64 KiB, the last one short */
	uint8_t *d = random_data(len);
	struct upd_tx tx;
	struct upd_rx rx;
	uint64_t e;

	tx_init(&tx, d, len, 1, sk);
	e = run_passes(&tx, 3);
	upd_tx_free(&tx);
	CHECK(e == 15, "fec cache: without one, 3 passes over 5 blocks encode 15 times (%llu)",
	      (unsigned long long)e);
	tx_init(&tx, d, len, 1, sk);
	upd_tx_cache(&tx, 3 * UPD_ENC_COST(65536));
	e = run_passes(&tx, 3);
	CHECK(e == 9 && tx.cached == 3,
	      "fec cache: room for 3 encoders: 5 + 2 + 2 encodings in 3 passes (%llu), 3 kept",
	      (unsigned long long)e);
	upd_tx_free(&tx);
	tx_init(&tx, d, len, 1, sk);
	upd_tx_cache(&tx, 1ULL << 30);
	e = run_passes(&tx, 3);
	CHECK(e == 5 && tx.cache_max == 5, "fec cache: room for all: 5 encodings in 3 passes (%llu)",
	      (unsigned long long)e);
	/* a receiver that joins now gets symbols only from kept encoders */
	clean("c");
	rx_open(&rx, "c", pk, 1 << 20);
	transfer(&tx, &rx, 300, 100000, NULL);
	CHECK(rx.finished && file_equals("c", d, len) && tx.encoded == 5,
	      "fec cache: symbols of kept encoders decode: the file installed with 30%% loss, "
	      "still 5 encodings");
	upd_rx_close(&rx);
	upd_tx_free(&tx);
	free(d);
}

static void test_bad_key(void)
{
	uint8_t *d = random_data(100000);
	struct upd_tx tx;
	struct upd_rx rx;

	clean("b");
	tx_init(&tx, d, 100000, 1, sk2);
	rx_open(&rx, "b", pk, 1 << 20);
	transfer(&tx, &rx, 0, 400, NULL);
	CHECK(!rx.finished && rx.drops[UPD_DROP_SIGNATURE] > 0 &&
	      rx.drops[UPD_DROP_NO_MANIFEST] + rx.park_n > 300 && !exists("b", "") &&
	      !exists("b", ".part"),
	      "wrong key: manifests 'bad-signature' (%llu), symbols 'no-manifest' (%llu, %u "
	      "still parked), nothing written", (unsigned long long)rx.drops[UPD_DROP_SIGNATURE],
	      (unsigned long long)rx.drops[UPD_DROP_NO_MANIFEST], rx.park_n);
	upd_rx_close(&rx);
	upd_tx_free(&tx);
	free(d);
}

/* packets of one pass of a small object, for the hostile cases */
struct pkts {
	uint8_t b[200][UPD_MAX_PAYLOAD];
	size_t len[200];
	unsigned int n;
};

static void one_pass(struct pkts *ps, const uint8_t *d, size_t len, uint32_t version,
		     const uint8_t *key)
{
	struct upd_tx tx;

	tx_init(&tx, d, len, version, key);
	for (ps->n = 0; tx.pass == 0 && ps->n < 200; ps->n++)
		ps->len[ps->n] = upd_tx_next(&tx, ps->b[ps->n]);
	upd_tx_free(&tx);
}

static void test_hostile(void)
{
	static struct pkts ps, v2;
	uint8_t *d = random_data(100000), *d2 = random_data(100000), pkt[UPD_MAX_PAYLOAD];
	struct upd_rx rx;
	struct upd_pkt p;
	unsigned int i;
	size_t l;

	one_pass(&ps, d, 100000, 3, sk);	/* manifest, hashes, 2 blocks of symbols */

	clean("h");
	rx_open(&rx, "h", pk, 1 << 20);
	CHECK(upd_rx_input(&rx, ps.b[2], ps.len[2]) == UPD_DROP_NO_MANIFEST,
	      "hostile: a symbol before the manifest is 'no-manifest'");
	memcpy(pkt, ps.b[0], ps.len[0]);
	pkt[11] ^= 0x80;			/* version: a forged manifest */
	CHECK(upd_rx_input(&rx, pkt, ps.len[0]) == UPD_DROP_SIGNATURE && !rx.have_m,
	      "hostile: a manifest with a changed version is 'bad-signature'");
	memcpy(pkt, ps.b[0], ps.len[0]);
	pkt[16 + 5] ^= 1;			/* size, the block count no longer fits */
	CHECK(upd_rx_input(&rx, pkt, ps.len[0]) == UPD_DROP_MALFORMED && !rx.have_m,
	      "hostile: a manifest with a changed size is 'malformed'");
	for (i = 0, l = 1; l < ps.len[0]; l++)
		i += upd_rx_input(&rx, ps.b[0], l) == UPD_DROP_TRUNCATED;
	CHECK(i == ps.len[0] - 1 && !rx.have_m, "hostile: %u truncated manifests 'truncated'", i);
	CHECK(upd_rx_input(&rx, ps.b[0], ps.len[0]) == UPD_OK && rx.have_m,
	      "hostile: the real manifest is taken");
	CHECK(upd_rx_input(&rx, ps.b[2], ps.len[2]) == UPD_DROP_NO_HASH,
	      "hostile: a symbol before its block's hash is 'no-hash'");
	memcpy(pkt, ps.b[1], ps.len[1]);
	pkt[30] ^= 1;
	CHECK(upd_rx_input(&rx, pkt, ps.len[1]) == UPD_DROP_SIGNATURE,
	      "hostile: a changed block hash is 'bad-signature'");
	CHECK(upd_rx_input(&rx, ps.b[1], ps.len[1]) == UPD_OK, "hostile: the real hashes are taken");
	CHECK(rx.symbols_used == 1 && rx.park_n == 0 && rx.drops[UPD_DROP_DUPLICATE] == 1,
	      "hostile: the symbol parked before its manifest and hash was used once they came "
	      "(its second parked copy: 'duplicate')");
	CHECK(upd_rx_input(&rx, ps.b[2], ps.len[2]) == UPD_DROP_DUPLICATE,
	      "hostile: a replayed symbol is 'duplicate'");
	l = upd_build_symbol(pkt, 7, 3, 2, 1, ps.b[2] + 24, 1200);
	CHECK(upd_rx_input(&rx, pkt, l) == UPD_DROP_RANGE,
	      "hostile: a symbol of block 2 of 2 is 'out-of-range'");
	l = upd_build_symbol(pkt, 7, 3, 0, 1, ps.b[2] + 24, 1196);
	CHECK(upd_rx_input(&rx, pkt, l) == UPD_DROP_MALFORMED,
	      "hostile: a symbol of another size than the manifest's is 'malformed'");
	l = upd_build_symbol(pkt, 7, 4, 0, 1, ps.b[2] + 24, 1200);
	CHECK(upd_rx_input(&rx, pkt, l) == UPD_DROP_VERSION,
	      "hostile: a symbol of version 4 while we hold 3 is 'wrong-version'");
	l = upd_build_symbol(pkt, 7, 2, 0, 1, ps.b[2] + 24, 1200);
	CHECK(upd_rx_input(&rx, pkt, l) == UPD_DROP_ROLLBACK,
	      "hostile: a symbol of version 2 while we hold 3 is 'rollback'");
	l = upd_build_symbol(pkt, 8, 3, 0, 1, ps.b[2] + 24, 1200);
	CHECK(upd_rx_input(&rx, pkt, l) == UPD_DROP_OBJECT,
	      "hostile: a symbol of object 8 is 'other-object'");
	l = upd_build_hashes(pkt, 7, 3, 1, 2, ps.b[1] + 24);
	CHECK(upd_rx_input(&rx, pkt, l) == UPD_DROP_RANGE,
	      "hostile: hashes of blocks 1-2 of 2 are 'out-of-range'");

	/* tampered symbols: the block decodes to the wrong bytes, is refused, recovers */
	for (i = 3; i < ps.n; i++) {
		memcpy(pkt, ps.b[i], ps.len[i]);
		if (upd_parse(pkt, ps.len[i], &p) == UPD_OK && p.block == 0 && i % 7 == 0)
			pkt[100] ^= 0xff;
		upd_rx_input(&rx, pkt, ps.len[i]);
	}
	CHECK(rx.drops[UPD_DROP_BAD_BLOCK] >= 1 && !exists("h", "") && !(rx.done[0] & 1),
	      "hostile: tampered symbols make block 0 'bad-block' (%llu), it is not written",
	      (unsigned long long)rx.drops[UPD_DROP_BAD_BLOCK]);
	for (i = 0; i < ps.n; i++)
		upd_rx_input(&rx, ps.b[i], ps.len[i]);
	CHECK(rx.finished && file_equals("h", d, 100000),
	      "hostile: the next clean pass installs the file");

	/* rollback after install */
	CHECK(upd_rx_input(&rx, ps.b[0], ps.len[0]) == UPD_DROP_CURRENT,
	      "hostile: once installed, version 3 again is 'current'");
	upd_rx_close(&rx);
	one_pass(&v2, d2, 100000, 2, sk);
	rx_open(&rx, "h", pk, 1 << 20);
	CHECK(rx.installed && rx.inst_ver == 3 &&
	      upd_rx_input(&rx, v2.b[0], v2.len[0]) == UPD_DROP_ROLLBACK &&
	      upd_rx_input(&rx, ps.b[0], ps.len[0]) == UPD_DROP_CURRENT && !rx.have_m,
	      "hostile: after a restart, version 2 is 'rollback', 3 'current'");
	upd_rx_close(&rx);
	one_pass(&v2, d2, 100000, 4, sk);
	rx_open(&rx, "h", pk, 1 << 20);
	for (i = 0; i < v2.n; i++)
		upd_rx_input(&rx, v2.b[i], v2.len[i]);
	CHECK(rx.finished && rx.inst_ver == 4 && file_equals("h", d2, 100000),
	      "hostile: version 4 replaces it");
	upd_rx_close(&rx);

	/* oversize: the receiver's own bound, whatever the signed size */
	clean("o");
	rx_open(&rx, "o", pk, 99999);
	CHECK(upd_rx_input(&rx, ps.b[0], ps.len[0]) == UPD_DROP_OVERSIZE && !rx.have_m &&
	      !exists("o", ".part"), "hostile: a 100000-byte object with --max-size 99999 is "
	      "'oversize', no file");
	upd_rx_close(&rx);
	/* --object */
	rx_open(&rx, "o", pk, 1 << 20);
	rx.has_want_id = 1;
	rx.want_id = 6;
	CHECK(upd_rx_input(&rx, ps.b[0], ps.len[0]) == UPD_DROP_OBJECT,
	      "hostile: with --object 6, object 7's manifest is 'other-object'");
	upd_rx_close(&rx);
	free(d);
	free(d2);
}

/* a signed manifest whose whole-file hash is not the blocks': never installed */
static void test_content_hash(void)
{
	static struct pkts ps;
	uint8_t *d = random_data(70000);
	struct upd_rx rx;
	struct upd_pkt p;
	unsigned int i;

	one_pass(&ps, d, 70000, 1, sk);
	upd_parse(ps.b[0], ps.len[0], &p);
	ps.b[0][16 + 24] ^= 1;			/* content hash */
	upd_sign(ps.b[0], p.signed_len, sk);
	clean("c");
	rx_open(&rx, "c", pk, 1 << 20);
	for (i = 0; i < ps.n; i++)
		upd_rx_input(&rx, ps.b[i], ps.len[i]);
	CHECK(!rx.finished && !exists("c", "") && rx.drops[UPD_DROP_BAD_BLOCK] == 1,
	      "content hash: blocks that do not add up to the signed file hash: 'bad-block', "
	      "not installed");
	upd_rx_close(&rx);
	free(d);
}

/* interrupted after some blocks: a new receiver resumes from OUT.state */
static void test_resume(void)
{
	size_t len = 1000000;
	uint8_t *d = random_data(len);
	struct upd_tx tx;
	struct upd_rx rx;
	uint64_t n;

	clean("r");
	tx_init(&tx, d, len, 1, sk);
	rx_open(&rx, "r", pk, 1 << 20);
	while (rx.ndone < 8)
		transfer(&tx, &rx, 0, 1, NULL);
	upd_rx_close(&rx);
	rx_open(&rx, "r", pk, 1 << 20);
	CHECK(rx.have_m && rx.nresumed == 8 && rx.ndone == 8,
	      "resume: a restarted receiver holds the 8 blocks written before");
	n = transfer(&tx, &rx, 0, 100000, NULL);
	CHECK(rx.finished && file_equals("r", d, len) && rx.drops[UPD_DROP_BLOCK_DONE] > 0,
	      "resume: completes; symbols of the 8 blocks are 'block-done' (%llu packets after "
	      "the restart)", (unsigned long long)n);
	upd_rx_close(&rx);
	/* a state file for another key is not trusted */
	clean("r");
	rx_open(&rx, "r", pk, 1 << 20);
	transfer(&tx, &rx, 0, 150, NULL);
	upd_rx_close(&rx);
	rx_open(&rx, "r", pk2, 1 << 20);
	CHECK(!rx.have_m, "resume: state signed by another key than --pubkey is ignored");
	upd_rx_close(&rx);
	upd_tx_free(&tx);
	free(d);
}

static void test_mld(void)
{
	uint8_t g[16] = { 0xff, 0x3e, [15] = 0x42 }, s[16] = { 0x20, 0x01, [15] = 1 };
	uint8_t r[8 + 20 + 16 + 20] = { 143, 0, 0, 0, 0, 0, 0, 2 }, v1[24] = { 131 };

	/* record 1: MODE_IS_INCLUDE(ff3e::42, {2001::1}); record 2: another group */
	r[8] = 1;
	r[11] = 1;
	memcpy(r + 12, g, 16);
	memcpy(r + 28, s, 16);
	r[44] = 4;
	memcpy(r + 48, g, 16);
	r[63] = 0x43;
	CHECK(upd_mld_parse(r, sizeof(r), g, s) == UPD_MLD_JOIN, "mld: INCLUDE(S) of G is a join");
	r[8] = 3;
	s[15] = 2;
	CHECK(upd_mld_parse(r, sizeof(r), g, s) == UPD_MLD_LEAVE,
	      "mld: TO_INCLUDE without our source is a leave");
	r[8] = 2;
	CHECK(upd_mld_parse(r, sizeof(r), g, s) == UPD_MLD_JOIN,
	      "mld: EXCLUDE of other sources is a join (ASM)");
	CHECK(upd_mld_parse(r, sizeof(r) - 1, g, s) == UPD_MLD_NONE &&
	      upd_mld_parse(r, 8 + 19, g, s) == UPD_MLD_NONE,
	      "mld: truncated records are ignored");
	r[7] = 200;
	CHECK(upd_mld_parse(r, sizeof(r), g, s) == UPD_MLD_NONE, "mld: a record count past the end");
	memcpy(v1 + 8, g, 16);
	CHECK(upd_mld_parse(v1, 24, g, s) == UPD_MLD_JOIN, "mld: an MLDv1 report is a join");
}

static void test_listeners(void)
{
	static struct upd_listeners l;
	uint8_t a[16] = { 0xfe, 0x80, [15] = 1 }, b[16] = { 0xfe, 0x80, [15] = 2 };
	unsigned int i;

	upd_listeners_note(&l, a, UPD_MLD_JOIN, 100, 21);
	upd_listeners_note(&l, b, UPD_MLD_JOIN, 105, 21);
	upd_listeners_note(&l, a, UPD_MLD_NONE, 106, 21);
	CHECK(upd_listeners_count(&l, 110) == 2, "listeners: two reporters");
	upd_listeners_note(&l, b, UPD_MLD_LEAVE, 111, 21);
	CHECK(upd_listeners_count(&l, 111) == 1, "listeners: a leave removes its reporter");
	upd_listeners_note(&l, a, UPD_MLD_JOIN, 119, 21);
	CHECK(upd_listeners_count(&l, 139) == 1 && upd_listeners_count(&l, 140) == 0,
	      "listeners: a report holds 21 s, a repeated report re-arms it");
	for (i = 0; i < 300; i++) {
		a[14] = i >> 8;
		a[15] = i;
		upd_listeners_note(&l, a, UPD_MLD_JOIN, 200 + i, 21);
	}
	CHECK(l.n == UPD_LISTENERS_MAX, "listeners: 300 reporters fill %d entries, no more",
	      UPD_LISTENERS_MAX);
}

static void test_pacer(void)
{
	struct upd_pacer pc;
	double t0 = upd_now(), dt;
	int i;

	upd_pacer_init(&pc, 2000000, 8 * 1280);
	for (i = 0; i < 100; i++)
		upd_pacer_wait(&pc, 1280);
	dt = upd_now() - t0;
	/* a lower bound only: the machine being busy makes it slower, never faster */
	CHECK(dt >= (92 * 1280 * 8) / 2e6, "pacer: 100 packets of 1280 bytes at 2 Mb/s take "
	      "%.3f s >= %.3f s (never above the rate, one burst of 8 allowed)", dt,
	      (92 * 1280 * 8) / 2e6);
}

int main(int argc, char **argv)
{
	snprintf(dir, sizeof(dir), "%s", argc > 1 ? argv[1] : "/tmp");
	if (upd_crypto_init())
		return 1;
	upd_keypair(seed, pk, sk);
	upd_keypair(seed2, pk2, sk2);
	test_codec();
	test_fec();
	test_transfer();
	test_enc_cache();
	test_bad_key();
	test_hostile();
	test_content_hash();
	test_resume();
	test_mld();
	test_listeners();
	test_pacer();
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
