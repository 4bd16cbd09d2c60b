// SPDX-License-Identifier: GPL-2.0-only
/*
 * otip_test.c - the OTIP core (tools/otip/otip.c): MD5 (RFC 1321 appendix
 * A.5), SHA-256 (FIPS 180-4 examples) and HMAC-SHA256 (RFC 4231) against
 * their published vectors and, for random inputs, against libsodium
 * (SHA-256, HMAC-SHA256) and OpenSSL's libcrypto (MD5); the address rule
 * against iothaddr's documented example and vectors computed with Python's
 * hashlib/hmac; windows. TAP; last line "N passed, N failed".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <sodium.h>
#include "otip.h"
#include "../tap.h"


static void hex(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static int md5_is(const char *msg, const char *want)
{
	struct otip_hash c;
	uint8_t d[16];
	char h[33];

	otip_md5_init(&c);
	otip_hash_update(&c, msg, strlen(msg));
	otip_hash_final(&c, d);
	hex(d, 16, h);
	return !strcmp(h, want);
}

static int sha256_is(const void *msg, size_t len, const char *want)
{
	struct otip_hash c;
	uint8_t d[32];
	char h[65];

	otip_sha256_init(&c);
	otip_hash_update(&c, msg, len);
	otip_hash_final(&c, d);
	hex(d, 32, h);
	return !strcmp(h, want);
}

static int hmac_is(const uint8_t *k, size_t kl, const void *m, size_t ml, const char *want)
{
	uint8_t d[32];
	char h[65];

	otip_hmac_sha256(k, kl, m, ml, d);
	hex(d, 32, h);
	return !strcmp(h, want);
}

static void test_vectors(void)
{
	uint8_t k[200], m[1000];
	struct otip_hash c;
	unsigned int i;
	char digits[81];

	OK(md5_is("", "d41d8cd98f00b204e9800998ecf8427e") &&
	   md5_is("a", "0cc175b9c0f1b6a831c399e269772661") &&
	   md5_is("abc", "900150983cd24fb0d6963f7d28e17f72") &&
	   md5_is("message digest", "f96b697d7cb7938d525a2f31aaf161d0") &&
	   md5_is("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
	   "MD5: RFC 1321 A.5 vectors (short)");
	for (i = 0; i < 80; i++)
		digits[i] = '0' + (i + 1) % 10;
	digits[80] = 0;
	OK(md5_is(digits, "57edf4a22be3c955ac49da2e2107b67a"),
	   "MD5: RFC 1321 A.5, 80 digits (two blocks)");
	OK(sha256_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") &&
	   sha256_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") &&
	   sha256_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
	   "SHA-256: FIPS 180-4 examples (1 block, empty, 56 bytes: padding in a 2nd block)");
	otip_sha256_init(&c);
	memset(m, 'a', 1000);
	for (i = 0; i < 1000; i++)
		otip_hash_update(&c, m, 1000);
	otip_hash_final(&c, k);
	hex(k, 32, (char *)m);
	OK(!strcmp((char *)m, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	   "SHA-256: a million 'a' in 1000-byte updates");
	memset(k, 0x0b, 20);
	OK(hmac_is(k, 20, "Hi There", 8,
		   "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
	   "HMAC-SHA256: RFC 4231 test case 1");
	OK(hmac_is((const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28,
		   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
	   "HMAC-SHA256: RFC 4231 test case 2");
	memset(k, 0xaa, 131);
	OK(hmac_is(k, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 54,
		   "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
	   "HMAC-SHA256: RFC 4231 test case 6 (131-byte key)");
	for (i = 0; i < 200; i++)
		k[i] = i;
	memset(m, 'x', 1000);
	OK(hmac_is(k, 200, m, 1000,
		   "5576af22b0afc3e830e6d8633ed5afa662391091ce52f2fd5b1496b2f19e292b"),
	   "HMAC-SHA256: 200-byte key, 1000-byte message (Python hmac)");
}

/* random lengths and contents against libsodium and libcrypto */
static void test_cross(void)
{
	uint8_t k[150], m[300], a[32], b[32];
	unsigned int i, bad_sha = 0, bad_hmac = 0, bad_md5 = 0, md5len;
	crypto_auth_hmacsha256_state st;
	struct otip_hash c;
	size_t kl, ml;

	srand(42);
	for (i = 0; i < 2000; i++) {
		kl = rand() % sizeof(k);
		ml = rand() % sizeof(m);
		randombytes_buf(k, kl);
		randombytes_buf(m, ml);
		otip_sha256_init(&c);
		otip_hash_update(&c, m, ml / 3);
		otip_hash_update(&c, m + ml / 3, ml - ml / 3);
		otip_hash_final(&c, a);
		crypto_hash_sha256(b, m, ml);
		bad_sha += !!memcmp(a, b, 32);
		otip_hmac_sha256(k, kl, m, ml, a);
		crypto_auth_hmacsha256_init(&st, k, kl);
		crypto_auth_hmacsha256_update(&st, m, ml);
		crypto_auth_hmacsha256_final(&st, b);
		bad_hmac += !!memcmp(a, b, 32);
		otip_md5_init(&c);
		otip_hash_update(&c, m, ml);
		otip_hash_final(&c, a);
		EVP_Digest(m, ml, b, &md5len, EVP_md5(), NULL);
		bad_md5 += md5len != 16 || memcmp(a, b, 16);
	}
	OK(!bad_sha, "SHA-256 = libsodium for 2000 random messages (%u differ)", bad_sha);
	OK(!bad_hmac, "HMAC-SHA256 = libsodium for 2000 random keys and messages (%u differ)",
	   bad_hmac);
	OK(!bad_md5, "MD5 = libcrypto for 2000 random messages (%u differ)", bad_md5);
}

static int addr_is(const struct otip_cfg *cfg, uint32_t w, const char *want)
{
	char s[INET6_ADDRSTRLEN];
	uint8_t a[16];

	if (otip_addr(cfg, w, a))
		return 0;
	inet_ntop(AF_INET6, a, s, sizeof(s));
	if (strcmp(s, want))
		printf("# got %s, want %s\n", s, want);
	return !strcmp(s, want);
}

static void cfg_set(struct otip_cfg *cfg, const char *base, const char *name, const char *secret,
		    enum otip_mode mode)
{
	memset(cfg, 0, sizeof(*cfg));
	inet_pton(AF_INET6, base, cfg->base);
	strcpy(cfg->name, name);
	cfg->secret_len = strlen(secret);
	memcpy(cfg->secret, secret, cfg->secret_len);
	cfg->mode = mode;
	cfg->period = 32;
}

static void test_addr(void)
{
	const char *name = "temp.sriot.example";
	struct otip_cfg cfg;
	uint8_t a[16], b[16];
	unsigned int i, ug = 0;

	cfg_set(&cfg, "2000:760::", "test.v2.cs.unibo.it", "", OTIP_IOTHADDR);
	OK(addr_is(&cfg, 0, "2000:760::68d6:2fac:95a:5a2e"),
	   "iothaddr mode: iothaddr.h's own example (no password, otiptime 0)");
	strcpy(cfg.name, "test.v2.cs.unibo.it.");
	OK(addr_is(&cfg, 0, "2000:760::68d6:2fac:95a:5a2e"), "a trailing dot does not count");
	cfg_set(&cfg, "fc00:0:7::", name, "correct horse", OTIP_IOTHADDR);
	OK(addr_is(&cfg, 55555555, "fc00:0:7:0:c46:1dfc:71f2:3571"),
	   "iothaddr mode: MD5(name || password || be32 window), Python hashlib");
	OK(addr_is(&cfg, 0, "fc00:0:7:0:bc33:407b:411e:c4c6"),
	   "iothaddr mode: window 0 is left out of the hash, as iothaddr does");
	cfg_set(&cfg, "fc00:0:7::", name, "correct horse", OTIP_KEYED);
	OK(addr_is(&cfg, 55555555, "fc00:0:7:0:50ce:7140:3375:9d3d"),
	   "keyed mode: HMAC-SHA256(secret, name || be32 window), Python hmac");
	OK(addr_is(&cfg, 0, "fc00:0:7:0:acd3:e56:cd28:c6e3"), "keyed mode: window 0 is hashed");
	cfg_set(&cfg, "fc00:0:7::1234:5678:9abc:def0", name, "correct horse", OTIP_KEYED);
	OK(addr_is(&cfg, 55555555, "fc00:0:7:0:40fa:2738:a9c9:43cd"),
	   "the base's low 64 bits are XORed, its /64 kept");
	cfg_set(&cfg, "fc00:0:7::", name, "correct horse", OTIP_KEYED);
	otip_addr(&cfg, 1000, a);
	otip_addr(&cfg, 1001, b);
	OK(memcmp(a, b, 16) && !memcmp(a, b, 8), "next window: another address in the same /64");
	cfg.secret[0] ^= 1;
	otip_addr(&cfg, 1000, b);
	OK(memcmp(a, b, 16), "another secret: another address");
	for (i = 0; i < 256; i++) {
		otip_addr(&cfg, i, a);
		ug |= a[8] & 3;
	}
	OK(!ug, "u/g bits of the interface id always 0 (256 windows)");
	cfg.name[0] = 0;
	OK(otip_addr(&cfg, 1, a) == -EINVAL, "empty name refused");
	strcpy(cfg.name, ".");
	OK(otip_addr(&cfg, 1, a) == -EINVAL, "name \".\" refused");
	strcpy(cfg.name, name);
	cfg.mode = __OTIP_MODE_MAX;
	OK(otip_addr(&cfg, 1, a) == -EINVAL, "unknown mode refused");
}

static void test_window(void)
{
	OK(otip_window(1700000000, 0, 32) == 53125000 && otip_window(1700000031, 0, 32) == 53125000 &&
	   otip_window(1700000032, 0, 32) == 53125001, "window = now / 32, changing at multiples of 32");
	OK(otip_window(1700000031, 1, 32) == 53125001 && otip_window(1700000032, -1, 32) == 53125000,
	   "offset is added to the clock before the division");
	OK(otip_window(1700000000, 0, 0) == 53125000, "period 0 means the default, 32");
	OK(otip_window(10, -20, 32) == 0, "a time before the epoch is window 0");
	OK(otip_window(INT64_C(0x7fffffff) * 60, 0, 1) == (uint32_t)(INT64_C(0x7fffffff) * 60),
	   "windows past 2^32 wrap as be32 does");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_vectors();
	test_cross();
	test_addr();
	test_window();
	printf("1..%d\n%d passed, %d failed\n", n, pass, fail);
	return fail != 0;
}
