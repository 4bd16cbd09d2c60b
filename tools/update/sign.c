// SPDX-License-Identifier: GPL-2.0-only
/*
 * sign.c - Ed25519 signatures and BLAKE2b-256 hashes through libsodium,
 * and the key files: one line of 64 hex digits each (the secret file holds
 * the 32-byte Ed25519 seed, the public file the 32-byte public key).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "update.h"

/* upd_crypto_init - 0, or -1 if libsodium cannot start (no entropy source) */
int upd_crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void upd_hash(uint8_t out[UPD_HASH_LEN], const void *data, size_t len)
{
	crypto_generichash(out, UPD_HASH_LEN, data, len, NULL, 0);
}

void upd_keypair(const uint8_t seed[UPD_SEED_LEN], uint8_t pk[UPD_PK_LEN], uint8_t sk[64])
{
	crypto_sign_seed_keypair(pk, sk, seed);
}

/* upd_sign - sign the first @signed_len bytes of @pkt, writing the signature after them */
void upd_sign(uint8_t *pkt, size_t signed_len, const uint8_t sk[64])
{
	crypto_sign_detached(pkt + signed_len, NULL, pkt, signed_len, sk);
}

/* upd_verify - 0 if the parsed packet @p (bytes at @pkt) is signed by @pk */
int upd_verify(const struct upd_pkt *p, const uint8_t *pkt, const uint8_t pk[UPD_PK_LEN])
{
	if (!p->sig)
		return -1;
	return crypto_sign_verify_detached(p->sig, pkt, p->signed_len, pk) ? -1 : 0;
}

/*
 * upd_read_hexkey - read @len bytes written as 2 * @len hex digits on the
 * first line of @path. 0, or -1 with a message in @err.
 */
int upd_read_hexkey(const char *path, uint8_t *out, size_t len, char *err, size_t errlen)
{
	char line[256];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	line[strcspn(line, "\r\n")] = 0;
	if (strlen(line) != 2 * len ||
	    sodium_hex2bin(out, len, line, strlen(line), NULL, &n, NULL) || n != len) {
		snprintf(err, errlen, "%s: not a key (expected one line of %zu hex digits)",
			 path, 2 * len);
		return -1;
	}
	return 0;
}

/* upd_hash_fd - BLAKE2b-256 of the first @size bytes of @fd; 0 or -1 (short, I/O) */
int upd_hash_fd(int fd, uint64_t size, uint8_t out[UPD_HASH_LEN])
{
	crypto_generichash_state st;
	uint8_t buf[65536];
	uint64_t off = 0;

	crypto_generichash_init(&st, NULL, 0, UPD_HASH_LEN);
	while (off < size) {
		size_t want = size - off < sizeof(buf) ? size - off : sizeof(buf);
		ssize_t n = pread(fd, buf, want, off);

		if (n <= 0)
			return -1;
		crypto_generichash_update(&st, buf, n);
		off += n;
	}
	crypto_generichash_final(&st, out, UPD_HASH_LEN);
	return 0;
}
