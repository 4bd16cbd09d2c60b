// SPDX-License-Identifier: GPL-2.0-only
/*
 * fn_aead.c - 0xae0e AEAD encrypt, 0xae0d AEAD decrypt, client -> server
 * only (server -> client bytes pass unchanged); the argument names a key
 * (`ip pipe key`, 32 bytes), resolved by the caller into pipe_cfg.key.
 * No key: init refuses (-EINVAL), the flow is reset: fail closed.
 *
 * The stream (all numbers big-endian):
 *
 *	"S6P1" | salt (16 random bytes, per flow) | record ... | final record
 *	record = len (2: bit 15 final, bits 0-14 plaintext bytes <= 4096)
 *	         | ciphertext (len) | tag (16)
 *
 * ChaCha20-Poly1305 (RFC 8439) under a per-flow key
 * HMAC-SHA256(key, "seg6x pipe aead" | salt), nonce 4 zero bytes | the
 * record's number (8 bytes, from 0), the 2-byte len as associated data. The
 * random salt keeps flows that share a key apart (no nonce is ever used
 * twice under one per-flow key); the numbering keeps records in order; the
 * final record (possibly empty, sent at FIN) makes a cut stream fail
 * instead of ending cleanly. Encrypt seals a record when 4096 bytes are
 * gathered or its input runs dry (step with len 0), so interactive bytes
 * are not held back. Decrypt refuses (-EBADMSG: the flow is reset and
 * counted as bad-input) a wrong magic, a tag that does not verify (wrong
 * key, any byte changed), a record over 4096 bytes, bytes after the final
 * record, and an end of stream before it.
 *
 * Kernel: the crypto API ("rfc7539(chacha20,poly1305)", "hmac(sha256)",
 * loaded on demand by crypto_alloc_*(), no hard module dependency),
 * transforms allocated at init (flow setup, a workqueue), used in the pump
 * (a workqueue), never in softirq. Userspace: libsodium, the same
 * construction, so streams interoperate.
 */
#include "pipe.h"

#define AEAD_MAGIC	"S6P1"
#define AEAD_SALT	16
#define AEAD_HEAD	(4 + AEAD_SALT)
#define AEAD_HDR	2
#define AEAD_TAG	16
#define AEAD_REC_MAX	4096
#define AEAD_FINAL	0x8000
#define AEAD_LABEL	"seg6x pipe aead"
#define AEAD_LABEL_LEN	15

#ifdef __KERNEL__
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

struct aead_port {
	struct crypto_aead *tfm;
	struct crypto_shash *mac;
	struct aead_request *req;
};

static int port_init(struct aead_port *p, const u8 *key)
{
	p->tfm = crypto_alloc_aead("rfc7539(chacha20,poly1305)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(p->tfm)) {
		int err = PTR_ERR(p->tfm);

		p->tfm = NULL;
		return err;
	}
	p->mac = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(p->mac)) {
		int err = PTR_ERR(p->mac);

		p->mac = NULL;
		return err;
	}
	p->req = aead_request_alloc(p->tfm, GFP_KERNEL);
	if (!p->req)
		return -ENOMEM;
	if (crypto_aead_setauthsize(p->tfm, AEAD_TAG) || crypto_shash_setkey(p->mac, key, 32))
		return -EINVAL;
	return 0;
}

static void port_fini(struct aead_port *p)
{
	if (p->req)
		aead_request_free(p->req);
	if (p->mac)
		crypto_free_shash(p->mac);
	if (p->tfm)
		crypto_free_aead(p->tfm);
}

static void port_random(u8 *b, size_t n)
{
	get_random_bytes(b, n);
}

/* the per-flow key from the salt */
static int port_derive(struct aead_port *p, const u8 *salt)
{
	u8 in[AEAD_LABEL_LEN + AEAD_SALT], sub[32];
	int err;

	memcpy(in, AEAD_LABEL, AEAD_LABEL_LEN);
	memcpy(in + AEAD_LABEL_LEN, salt, AEAD_SALT);
	err = crypto_shash_tfm_digest(p->mac, in, sizeof(in), sub);
	if (!err)
		err = crypto_aead_setkey(p->tfm, sub, sizeof(sub));
	memzero_explicit(sub, sizeof(sub));
	return err ? -EINVAL : 0;
}

/* b: len (2) | text (n) | tag space; sealed or opened in place */
static int port_crypt(struct aead_port *p, u8 *b, size_t n, const u8 *nonce, bool seal)
{
	struct scatterlist sg;
	u8 iv[12];

	memcpy(iv, nonce, 12);
	sg_init_one(&sg, b, AEAD_HDR + n + AEAD_TAG);
	aead_request_set_callback(p->req, 0, NULL, NULL);
	aead_request_set_ad(p->req, AEAD_HDR);
	aead_request_set_crypt(p->req, &sg, &sg, seal ? n : n + AEAD_TAG, iv);
	return (seal ? crypto_aead_encrypt(p->req) : crypto_aead_decrypt(p->req)) ? -EBADMSG : 0;
}

static void *port_alloc(size_t n)
{
	return kzalloc(n, GFP_KERNEL);	/* linear: the scatterlist maps it */
}

static void port_free(void *b, size_t n)
{
	kfree_sensitive(b);
	(void)n;
}

#else /* userspace: libsodium */
#include <stdlib.h>
#include <sodium.h>

struct aead_port {
	u8 key[32];	/* the configured key */
	u8 sub[32];	/* the per-flow key */
};

static int port_init(struct aead_port *p, const u8 *key)
{
	if (sodium_init() < 0)
		return -ENOMEM;
	memcpy(p->key, key, 32);
	return 0;
}

static void port_fini(struct aead_port *p)
{
	sodium_memzero(p, sizeof(*p));
}

static void port_random(u8 *b, size_t n)
{
	randombytes_buf(b, n);
}

static int port_derive(struct aead_port *p, const u8 *salt)
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, p->key, 32);
	crypto_auth_hmacsha256_update(&st, (const u8 *)AEAD_LABEL, AEAD_LABEL_LEN);
	crypto_auth_hmacsha256_update(&st, salt, AEAD_SALT);
	crypto_auth_hmacsha256_final(&st, p->sub);
	return 0;
}

static int port_crypt(struct aead_port *p, u8 *b, size_t n, const u8 *nonce, bool seal)
{
	if (seal)
		return crypto_aead_chacha20poly1305_ietf_encrypt_detached(b + AEAD_HDR,
			b + AEAD_HDR + n, NULL, b + AEAD_HDR, n, b, AEAD_HDR, NULL, nonce, p->sub);
	return crypto_aead_chacha20poly1305_ietf_decrypt_detached(b + AEAD_HDR, NULL,
			b + AEAD_HDR, n, b + AEAD_HDR + n, b, AEAD_HDR, nonce, p->sub) ? -EBADMSG : 0;
}

static void *port_alloc(size_t n)
{
	return calloc(1, n);
}

static void port_free(void *b, size_t n)
{
	if (b)
		sodium_memzero(b, n);
	free(b);
}
#endif

struct aead_ctx {
	struct aead_port p;
	u64 seq;		/* records sealed or opened */
	u8 head[AEAD_HEAD];	/* encrypt: to send; decrypt: gathered */
	size_t head_n;		/* encrypt: head bytes sent; decrypt: gathered */
	bool keyed;		/* decrypt: the per-flow key is set */
	bool final;		/* the final record is sealed / opened */
	size_t n;		/* encrypt: text gathered; decrypt: record bytes gathered */
	size_t out_off, out_len;	/* buf[out_off, out_len): output pending */
	u8 buf[AEAD_HDR + AEAD_REC_MAX + AEAD_TAG];
};

struct aead_state {
	struct aead_ctx *c;
};

static void aead_nonce(const struct aead_ctx *c, u8 *nonce)
{
	unsigned int i;

	memset(nonce, 0, 4);
	for (i = 0; i < 8; i++)
		nonce[4 + i] = c->seq >> (56 - 8 * i);
}

static int aead_init(void *st, u32 arg, const struct pipe_cfg *cfg, bool enc)
{
	struct aead_state *s = st;
	struct aead_ctx *c;
	int err;

	(void)arg;
	s->c = NULL;
	if (!cfg || !cfg->key || cfg->key_len != PIPE_KEY_LEN)
		return -EINVAL;		/* no key: fail closed */
	c = port_alloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	s->c = c;
	err = port_init(&c->p, cfg->key);
	if (err)
		return err;
	if (enc) {
		memcpy(c->head, AEAD_MAGIC, 4);
		port_random(c->head + 4, AEAD_SALT);
		err = port_derive(&c->p, c->head + 4);
	}
	return err;
}

static void aead_fini(void *st)
{
	struct aead_state *s = st;

	if (!s->c)
		return;
	port_fini(&s->c->p);
	port_free(s->c, sizeof(*s->c));
	s->c = NULL;
}

/* pending output (encrypt: the stream head first) into out[0, cap) */
static size_t aead_drain(struct aead_ctx *c, u8 *out, size_t cap, bool enc)
{
	size_t o = 0, k;

	if (enc && c->head_n < AEAD_HEAD) {
		k = AEAD_HEAD - c->head_n;
		k = k < cap ? k : cap;
		memcpy(out, c->head + c->head_n, k);
		c->head_n += k;
		o += k;
	}
	k = c->out_len - c->out_off;
	k = k < cap - o ? k : cap - o;
	if (k) {
		memcpy(out + o, c->buf + c->out_off, k);
		c->out_off += k;
		o += k;
	}
	return o;
}

static bool aead_pending(const struct aead_ctx *c, bool enc)
{
	return c->out_off < c->out_len || (enc && c->head_n < AEAD_HEAD);
}

/* ---- encrypt ---- */

static int ae_init(void *st, u32 arg, const struct pipe_cfg *cfg)
{
	return aead_init(st, arg, cfg, true);
}

static int ae_seal(struct aead_ctx *c, bool final)
{
	u8 nonce[12];
	int err;

	c->buf[0] = (final ? AEAD_FINAL : 0) >> 8 | c->n >> 8;
	c->buf[1] = c->n;
	aead_nonce(c, nonce);
	err = port_crypt(&c->p, c->buf, c->n, nonce, true);
	if (err)
		return err;
	c->out_off = 0;
	c->out_len = AEAD_HDR + c->n + AEAD_TAG;
	c->n = 0;
	c->seq++;
	c->final = final;
	return 0;
}

static long ae_step(void *st, const u8 *in, size_t len, size_t *used, u8 *out, size_t cap)
{
	struct aead_ctx *c = ((struct aead_state *)st)->c;
	size_t o = 0, k;
	int err;

	*used = 0;
	if (c->final)
		return len ? -EBADMSG : 0;
	for (;;) {
		o += aead_drain(c, out + o, cap - o, true);
		if (aead_pending(c, true))
			return o;
		if (c->n == AEAD_REC_MAX || (!len && c->n)) {
			err = ae_seal(c, false);	/* full, or the input ran dry */
			if (err)
				return err;
			continue;
		}
		if (*used == len)
			return o;
		k = len - *used;
		k = k < AEAD_REC_MAX - c->n ? k : AEAD_REC_MAX - c->n;
		memcpy(c->buf + AEAD_HDR + c->n, in + *used, k);
		c->n += k;
		*used += k;
		if (*used == len && c->n < AEAD_REC_MAX)
			return o;
	}
}

static long ae_finish(void *st, u8 *out, size_t cap)
{
	struct aead_ctx *c = ((struct aead_state *)st)->c;
	size_t o = aead_drain(c, out, cap, true);
	int err;

	if (aead_pending(c, true))
		return o;
	if (c->n == AEAD_REC_MAX) {
		err = ae_seal(c, false);
		if (err)
			return err;
		return o + aead_drain(c, out + o, cap - o, true);
	}
	if (!c->final) {
		err = ae_seal(c, true);
		if (err)
			return err;
		return o + aead_drain(c, out + o, cap - o, true);
	}
	return o;
}

static const struct pipe_ops ae_ops = {
	.state_size	= sizeof(struct aead_state),
	.init		= ae_init,
	.step		= ae_step,
	.finish		= ae_finish,
	.fini		= aead_fini,
};

const struct pipe_fn seg6x_pipe_fn_aead_e = {
	.id	= PIPE_FN_AEAD_ENCRYPT,
	.name	= "aead-encrypt",
	.arg	= "key id (ip pipe key)",
	.ops	= { &ae_ops, NULL },
};

/* ---- decrypt ---- */

static int ad_init(void *st, u32 arg, const struct pipe_cfg *cfg)
{
	return aead_init(st, arg, cfg, false);
}

static int ad_open(struct aead_ctx *c)
{
	size_t n = (c->buf[0] << 8 | c->buf[1]) & ~AEAD_FINAL;
	u8 nonce[12];

	aead_nonce(c, nonce);
	if (port_crypt(&c->p, c->buf, n, nonce, false))
		return -EBADMSG;
	c->final = c->buf[0] & AEAD_FINAL >> 8;
	c->out_off = AEAD_HDR;
	c->out_len = AEAD_HDR + n;
	c->n = 0;
	c->seq++;
	return 0;
}

static long ad_step(void *st, const u8 *in, size_t len, size_t *used, u8 *out, size_t cap)
{
	struct aead_ctx *c = ((struct aead_state *)st)->c;
	size_t o = 0, k, need;
	int err;

	*used = 0;
	for (;;) {
		o += aead_drain(c, out + o, cap - o, false);
		if (aead_pending(c, false) || *used == len)
			return o;
		if (!c->keyed) {	/* the stream head: magic, salt */
			k = AEAD_HEAD - c->head_n;
			k = k < len - *used ? k : len - *used;
			memcpy(c->head + c->head_n, in + *used, k);
			c->head_n += k;
			*used += k;
			if (c->head_n < AEAD_HEAD)
				continue;
			if (memcmp(c->head, AEAD_MAGIC, 4) || port_derive(&c->p, c->head + 4))
				return -EBADMSG;
			c->keyed = true;
			continue;
		}
		if (c->final)
			return -EBADMSG;	/* bytes after the final record */
		need = AEAD_HDR;
		if (c->n >= AEAD_HDR) {
			need = (c->buf[0] << 8 | c->buf[1]) & ~AEAD_FINAL;
			if (need > AEAD_REC_MAX)
				return -EBADMSG;
			need += AEAD_HDR + AEAD_TAG;
		}
		k = need - c->n;
		k = k < len - *used ? k : len - *used;
		memcpy(c->buf + c->n, in + *used, k);
		c->n += k;
		*used += k;
		if (c->n == need && need > AEAD_HDR) {
			err = ad_open(c);
			if (err)
				return err;
		}
	}
}

static long ad_finish(void *st, u8 *out, size_t cap)
{
	struct aead_ctx *c = ((struct aead_state *)st)->c;
	size_t o = aead_drain(c, out, cap, false);

	if (o)
		return o;
	return c->final ? 0 : -EBADMSG;	/* cut before the final record */
}

static const struct pipe_ops ad_ops = {
	.state_size	= sizeof(struct aead_state),
	.init		= ad_init,
	.step		= ad_step,
	.finish		= ad_finish,
	.fini		= aead_fini,
};

const struct pipe_fn seg6x_pipe_fn_aead_d = {
	.id	= PIPE_FN_AEAD_DECRYPT,
	.name	= "aead-decrypt",
	.arg	= "key id (ip pipe key)",
	.ops	= { &ad_ops, NULL },
};

SEG6X_PIPE_MODULE("AEAD encrypt and decrypt",
		  ae0e, seg6x_pipe_fn_aead_e, ae0d, seg6x_pipe_fn_aead_d);
