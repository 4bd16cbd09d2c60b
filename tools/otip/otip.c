// SPDX-License-Identifier: GPL-2.0-only
/*
 * OTIP addresses (otip.h): MD5 (RFC 1321), SHA-256 (FIPS 180-4) and
 * HMAC-SHA256 (RFC 2104) written for this file, and the address rule. The
 * hashes share one block buffer and padding; only the compression
 * function and the byte order differ. Their tables are the standard
 * constants (MD5: floor(|sin(i + 1)| * 2^32); SHA-256: fractional parts of
 * the cube and square roots of the first primes).
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <string.h>
#endif
#include "otip.h"

const char *const otip_mode_names[__OTIP_MODE_MAX] = {
	[OTIP_KEYED]	= "keyed",
	[OTIP_IOTHADDR]	= "iothaddr",
};

static uint32_t rol(uint32_t x, unsigned int n) { return x << n | x >> (32 - n); }
static uint32_t ror(uint32_t x, unsigned int n) { return x >> n | x << (32 - n); }

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static const uint32_t md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* per-round shift amounts: row r, step i % 4 */
static const uint8_t md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

static void md5_compress(uint32_t h[8], const uint8_t block[64])
{
	uint32_t m[16], a = h[0], b = h[1], c = h[2], d = h[3], f, t;
	unsigned int i, g;

	for (i = 0; i < 16; i++)
		m[i] = get_le32(block + 4 * i);
	for (i = 0; i < 64; i++) {
		switch (i / 16) {
		case 0: f = (b & c) | (~b & d); g = i; break;
		case 1: f = (d & b) | (~d & c); g = (5 * i + 1) % 16; break;
		case 2: f = b ^ c ^ d; g = (3 * i + 5) % 16; break;
		default: f = c ^ (b | ~d); g = (7 * i) % 16; break;
		}
		t = d;
		d = c;
		c = b;
		b += rol(a + f + md5_k[i] + m[g], md5_s[i / 16][i % 4]);
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_compress(uint32_t h[8], const uint8_t block[64])
{
	uint32_t w[64], v[8], t1, t2;
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = get_be32(block + 4 * i);
	for (; i < 64; i++)
		w[i] = (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10)) + w[i - 7] +
		       (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 16];
	memcpy(v, h, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[i] + w[i];
		t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

void otip_md5_init(struct otip_hash *c)
{
	static const uint32_t iv[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };

	memset(c, 0, sizeof(*c));
	memcpy(c->h, iv, sizeof(iv));
	c->compress = md5_compress;
}

void otip_sha256_init(struct otip_hash *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memset(c, 0, sizeof(*c));
	memcpy(c->h, iv, sizeof(iv));
	c->compress = sha256_compress;
	c->big_endian = 1;
}

void otip_hash_update(struct otip_hash *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = c->len % 64, n;

	c->len += len;
	while (len) {
		n = 64 - used < len ? 64 - used : len;
		memcpy(c->block + used, p, n);
		used += n;
		p += n;
		len -= n;
		if (used == 64) {
			c->compress(c->h, c->block);
			used = 0;
		}
	}
}

/* 0x80, zeros, the length in bits (LE for MD5, BE for SHA-256) */
void otip_hash_final(struct otip_hash *c, uint8_t *out)
{
	uint64_t bits = c->len * 8;
	uint8_t pad[72] = { 0x80 };
	size_t padlen = 64 - (c->len + 8) % 64, i, words = c->big_endian ? 8 : 4;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = c->big_endian ? bits >> (56 - 8 * i) : bits >> (8 * i);
	otip_hash_update(c, pad, padlen + 8);
	for (i = 0; i < 4 * words; i++)
		out[i] = c->big_endian ? c->h[i / 4] >> (24 - 8 * (i % 4)) : c->h[i / 4] >> (8 * (i % 4));
}

void otip_hmac_sha256(const uint8_t *key, size_t klen, const uint8_t *msg, size_t mlen,
		      uint8_t out[32])
{
	uint8_t k[64] = { 0 }, pad[64], inner[32];
	struct otip_hash c;
	unsigned int i;

	if (klen > 64) {
		otip_sha256_init(&c);
		otip_hash_update(&c, key, klen);
		otip_hash_final(&c, k);
	} else if (klen) {
		memcpy(k, key, klen);
	}
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	otip_sha256_init(&c);
	otip_hash_update(&c, pad, 64);
	otip_hash_update(&c, msg, mlen);
	otip_hash_final(&c, inner);
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	otip_sha256_init(&c);
	otip_hash_update(&c, pad, 64);
	otip_hash_update(&c, inner, 32);
	otip_hash_final(&c, out);
}

uint32_t otip_window(int64_t now, int32_t offset, uint32_t period)
{
	int64_t t = now + offset;

	if (!period)
		period = OTIP_PERIOD_DEFAULT;
	if (t < 0)
		return 0;
	return (uint32_t)(t / period);
}

int otip_addr(const struct otip_cfg *cfg, uint32_t window, uint8_t out[16])
{
	size_t nlen = strnlen(cfg->name, sizeof(cfg->name));
	uint8_t msg[OTIP_NAME_MAX + 4], h[32], w[4];
	struct otip_hash c;
	unsigned int i;

	if (nlen && cfg->name[nlen - 1] == '.')
		nlen--;
	if (!nlen || nlen > OTIP_NAME_MAX || cfg->secret_len > OTIP_SECRET_MAX)
		return -EINVAL;
	w[0] = window >> 24;
	w[1] = window >> 16;
	w[2] = window >> 8;
	w[3] = window;
	switch (cfg->mode) {
	case OTIP_KEYED:
		memcpy(msg, cfg->name, nlen);
		memcpy(msg + nlen, w, 4);
		otip_hmac_sha256(cfg->secret, cfg->secret_len, msg, nlen + 4, h);
		break;
	case OTIP_IOTHADDR:
		otip_md5_init(&c);
		otip_hash_update(&c, cfg->name, nlen);
		otip_hash_update(&c, cfg->secret, cfg->secret_len);
		if (window)
			otip_hash_update(&c, w, 4);
		otip_hash_final(&c, h);
		break;
	default:
		return -EINVAL;
	}
	memcpy(out, cfg->base, 16);
	for (i = 0; i < 8; i++)
		out[8 + i] ^= h[i];
	out[8] &= ~0x03;	/* as iothaddr: the u/g bits of an interface id, 0 */
	return 0;
}

int otip_in_base(const struct otip_cfg *cfg, const uint8_t a[16])
{
	return !memcmp(cfg->base, a, 8);
}
