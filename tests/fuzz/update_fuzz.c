// SPDX-License-Identifier: GPL-2.0-only
/*
 * update_fuzz.c - libFuzzer target for seg6x-update: the input is a stream
 * of datagrams (2-byte big-endian length, then the bytes), fed to a
 * receiver that already holds a valid signed manifest and block hashes, so
 * that symbols reach RaptorQ decoding. Every datagram must be used or
 * dropped with a reason; nothing may read or write outside its buffers.
 * The same bytes also go through upd_parse() and upd_mld_parse() alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "update.h"

static uint8_t pk[32], sk[64], pkt[2][UPD_MAX_PAYLOAD];
static size_t plen[2];
static char out[64];

/* each input starts from nothing installed and nothing to resume */
static void remove_files(void)
{
	static const char *const sfx[] = { "", ".part", ".state", ".state.tmp" };
	char p[96];
	unsigned int i;

	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", out, sfx[i]);
		unlink(p);
	}
}

static uint8_t fuzz_data[40000];

static void setup(void)
{
	uint8_t *data = fuzz_data;
	uint8_t seed[32] = { 4, 2 };
	struct upd_manifest m = { .id = 1, .version = 1, .size = sizeof(data),
				  .block_size = 16384, .sym_size = 256 };
	struct upd_tx tx;
	unsigned int i;

	upd_crypto_init();
	upd_keypair(seed, pk, sk);
	for (i = 0; i < sizeof(fuzz_data); i++)
		data[i] = i * 7;
	if (upd_tx_init(&tx, data, &m, sk, 10))
		abort();
	plen[0] = upd_tx_next(&tx, pkt[0]);	/* manifest */
	plen[1] = upd_tx_next(&tx, pkt[1]);	/* hashes */
	upd_tx_free(&tx);
	/* tmpfs when there is one: every input creates and removes the files */
	snprintf(out, sizeof(out), "%s/update_fuzz.%d",
		 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm", (int)getpid());
}

/*
 * UPDATE_FUZZ_SEED=FILE: write a seed input there (the first 200 packets of
 * the loop, manifest and hashes included, as a stream) so the fuzzer starts
 * from symbols that decode, not from random bytes.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seed = getenv("UPDATE_FUZZ_SEED");
	struct upd_manifest m = { .id = 1, .version = 1, .size = sizeof(fuzz_data),
				  .block_size = 16384, .sym_size = 256 };
	uint8_t buf[UPD_MAX_PAYLOAD];
	struct upd_tx tx;
	FILE *f;
	size_t len;
	int i;

	(void)argc;
	(void)argv;
	setup();
	if (!seed)
		return 0;
	f = fopen(seed, "w");
	if (!f || upd_tx_init(&tx, fuzz_data, &m, sk, 10))
		abort();
	for (i = 0; i < 200; i++) {
		len = upd_tx_next(&tx, buf);
		fputc(len >> 8, f);
		fputc(len & 0xff, f);
		fwrite(buf, 1, len, f);
	}
	upd_tx_free(&tx);
	fclose(f);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t g[16] = { 0xff, 0x3e, [15] = 0x42 }, s[16] = { 0x20, 0x01, [15] = 1 };
	struct upd_rx rx;
	struct upd_pkt p;
	char err[256];
	size_t off = 0, len;
	uint8_t *buf;

	buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	upd_parse(buf, size, &p);
	upd_mld_parse(buf, size, g, s);
	free(buf);

	if (upd_rx_open(&rx, out, pk, 1 << 20, err, sizeof(err)))
		abort();
	if (upd_rx_input(&rx, pkt[0], plen[0]) != UPD_OK ||
	    upd_rx_input(&rx, pkt[1], plen[1]) != UPD_OK)
		abort();
	while (size - off >= 2) {
		len = data[off] << 8 | data[off + 1];
		off += 2;
		if (len > size - off)
			len = size - off;
		/* an exact-size heap copy, so ASan sees any read past the end */
		buf = malloc(len ? len : 1);
		memcpy(buf, data + off, len);
		if (upd_rx_input(&rx, buf, len) >= __UPD_DROP_MAX)
			abort();
		free(buf);
		off += len;
	}
	upd_rx_close(&rx);
	remove_files();
	return 0;
}
