/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One-time IP addresses (OTIP): a service is reachable only at an address
 * derived from its name, a shared secret and the current time window.
 *
 *   window = (now + offset) / period            (seconds; period 32 by default)
 *   H      = hash(name, secret, window)          (see the two modes below)
 *   addr   = base[0..7] | base[8..15] ^ H[0..7], then addr[8] &= ~0x03
 *
 *    0                   8  8: u/g bits cleared            15
 *   +-------------------+--------------------------------------+
 *   | base /64 (kept)   |  base low 64 bits  XOR  H[0..7]     |
 *   +-------------------+--------------------------------------+
 *
 * Modes:
 *   OTIP_KEYED     (default) H = HMAC-SHA256(key = secret,
 *                                           msg = name || be32(window))
 *   OTIP_IOTHADDR  virtualsquare's iothaddr_hash(), for interoperation:
 *                  H = MD5(name || secret || be32(window)), the window
 *                  left out when it is 0 (as iothaddr does)
 * In both a trailing '.' of the name is ignored (an FQDN and its rooted
 * form give one address).
 *
 * Pure: byte buffers and one struct, no allocation, no system call; the
 * same file builds into the otip tool, ioth-node, host tests, fuzzers and
 * seg6x.ko (the OTIP gateway, kmod/otip.c), where it runs in softirq: no
 * sleeping, about 1 KiB of stack at most (otip_addr -> HMAC -> SHA-256).
 */
#ifndef OTIP_H
#define OTIP_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

#define OTIP_NAME_MAX		255	/* a DNS name */
#define OTIP_SECRET_MAX		128
#define OTIP_PERIOD_DEFAULT	32

enum otip_mode {
	OTIP_KEYED,
	OTIP_IOTHADDR,
	__OTIP_MODE_MAX,
};

extern const char *const otip_mode_names[__OTIP_MODE_MAX];

struct otip_cfg {
	uint8_t base[16];
	char name[OTIP_NAME_MAX + 1];
	uint8_t secret[OTIP_SECRET_MAX];
	size_t secret_len;
	uint32_t period;	/* seconds, > 0 */
	int32_t offset;		/* seconds added to the clock */
	enum otip_mode mode;
};

/*
 * otip_window - the window number at wall-clock time @now (seconds since
 * the epoch): (now + offset) / period, truncated to 32 bits. @period 0
 * counts as the default.
 */
uint32_t otip_window(int64_t now, int32_t offset, uint32_t period);

/*
 * otip_addr - the address of @cfg's service in window @window, to @out.
 * Return: 0, -EINVAL for an empty name, one over OTIP_NAME_MAX or a mode
 * that is not one.
 */
int otip_addr(const struct otip_cfg *cfg, uint32_t window, uint8_t out[16]);

/* otip_in_base - is @a in @cfg's base /64? */
int otip_in_base(const struct otip_cfg *cfg, const uint8_t a[16]);

/* The hashes, exposed for the tests (RFC 1321, FIPS 180-4, RFC 2104). */
struct otip_hash {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	uint8_t block[64];
	void (*compress)(uint32_t h[8], const uint8_t block[64]);
	int big_endian;		/* SHA-256: 1, MD5: 0 */
};

void otip_md5_init(struct otip_hash *c);
void otip_sha256_init(struct otip_hash *c);
void otip_hash_update(struct otip_hash *c, const void *data, size_t len);
/* writes 16 (MD5) or 32 (SHA-256) bytes */
void otip_hash_final(struct otip_hash *c, uint8_t *out);
void otip_hmac_sha256(const uint8_t *key, size_t klen, const uint8_t *msg, size_t mlen,
		      uint8_t out[32]);

#endif /* OTIP_H */
