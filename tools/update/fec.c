// SPDX-License-Identifier: GPL-2.0-only
/*
 * fec.c - RaptorQ (RFC 6330) through liblcrq 0.0.1: each block of the
 * object is one RaptorQ object of a single source block (Z = 1, which the
 * manifest limits guarantee: K <= 256 symbols).
 *
 * RaptorQ is systematic: source symbols (ESI 0 .. K-1) are the block's own
 * bytes, so the sender sends them as they are and a receiver that holds all
 * K assembles the block without decoding (a 64 KiB block cost 3-5 ms of
 * rq_decode). Repair symbols are liblcrq's RQ_RAND ones (its own tests draw
 * them that way and recover the ESI as ntohl(pid << 8), rq_pid2esi): random
 * ESIs make every repair symbol useful to every receiver, whatever it already
 * holds. rq_decode takes source and repair symbols mixed (ESIs as they are);
 * liblcrq's own RQ_SOURCE flag is not used (it did not decode when tried by
 * hand, DESIGN.md).
 */
#include <stdlib.h>
#include <string.h>
#include <lcrq.h>
#include "update.h"

/*
 * Once rq_encode() has made the intermediate symbols, rq_symbol() draws from
 * them alone (checked by hand on liblcrq 0.0.1: symbols drawn after the
 * source buffer was overwritten are the same), so an encoder keeps no copy of
 * the block: about 95 KiB each for 64 KiB blocks of 1200-byte symbols.
 */
struct upd_enc {
	rq_t *rq;
};

/* upd_fec_k - K, the source symbols of a block of @len bytes */
unsigned int upd_fec_k(size_t len, uint16_t sym_size)
{
	return (len + sym_size - 1) / sym_size;
}

/*
 * upd_fec_source - source symbol @esi (< K) of the @len bytes at @data into
 * @sym: RaptorQ is systematic, so it is those bytes (the last one zero-padded)
 */
void upd_fec_source(const uint8_t *data, size_t len, uint16_t sym_size, uint32_t esi,
		    uint8_t *sym)
{
	size_t off = (size_t)esi * sym_size, n = len - off < sym_size ? len - off : sym_size;

	memcpy(sym, data + off, n);
	memset(sym + n, 0, sym_size - n);
}

/*
 * upd_fec_assemble - the block from its K source symbols alone, with no
 * decoding: 0 if @esi holds every source ESI (0 .. K-1), else -1
 */
int upd_fec_assemble(uint8_t *out, size_t len, uint16_t sym_size, const uint8_t *syms,
		     const uint32_t *esi, unsigned int n)
{
	unsigned int k = upd_fec_k(len, sym_size), have = 0, i;
	size_t off;

	for (i = 0; i < n; i++)
		have += esi[i] < k;
	if (have < k)
		return -1;
	for (i = 0; i < n; i++) {
		if (esi[i] >= k)
			continue;
		off = (size_t)esi[i] * sym_size;
		memcpy(out + off, syms + (size_t)i * sym_size,
		       len - off < sym_size ? len - off : sym_size);
	}
	return 0;
}

/* upd_fec_kp - K' for a block of @len bytes: symbols needed to decode */
unsigned int upd_fec_kp(size_t len, uint16_t sym_size)
{
	rq_t *rq = rq_init(len, sym_size);
	unsigned int kp;

	if (!rq)
		return 0;
	kp = rq_KP(rq);
	rq_free(rq);
	return kp;
}

/* upd_enc_new - prepare to draw symbols for @len bytes at @data; NULL on error */
struct upd_enc *upd_enc_new(const uint8_t *data, size_t len, uint16_t sym_size)
{
	struct upd_enc *e = calloc(1, sizeof(*e));
	uint8_t *padded = NULL;	/* K * T bytes: rq_encode reads whole symbols */
	int rc = -1;

	if (!e)
		return NULL;
	e->rq = rq_init(len, sym_size);
	if (e->rq && rq_Z(e->rq) == 1)
		padded = calloc(rq_K(e->rq), sym_size);
	if (padded) {
		memcpy(padded, data, len);
		rc = rq_encode(e->rq, padded, len);
	}
	free(padded);
	if (rc) {
		upd_enc_free(e);
		return NULL;
	}
	return e;
}

/* upd_enc_symbol - one random repair symbol (T bytes at @sym) and its ESI */
void upd_enc_symbol(struct upd_enc *e, uint8_t *sym, uint32_t *esi)
{
	rq_pid_t pid = 0;

	rq_symbol(e->rq, &pid, sym, RQ_RAND);
	*esi = rq_pid2esi(pid);
}

void upd_enc_free(struct upd_enc *e)
{
	if (!e)
		return;
	if (e->rq)
		rq_free(e->rq);
	free(e);
}

/*
 * upd_fec_decode - recover @len bytes into @out from @n symbols of T bytes
 * at @syms with their ESIs. Returns 0 on success, -1 if these symbols do not
 * determine the block (more are needed) or memory ran out.
 */
int upd_fec_decode(uint8_t *out, size_t len, uint16_t sym_size, const uint8_t *syms,
		   const uint32_t *esi, unsigned int n)
{
	uint32_t *esis = malloc(n * sizeof(*esis));
	uint8_t *enc = malloc((size_t)n * sym_size), *dec = NULL;
	rq_t *rq = rq_init(len, sym_size);
	int rc = -1;

	if (!rq || !esis || !enc)
		goto out;
	dec = calloc(rq_K(rq), sym_size);
	if (!dec)
		goto out;
	/* rq_decode takes non-const buffers: hand it copies */
	memcpy(esis, esi, n * sizeof(*esis));
	memcpy(enc, syms, (size_t)n * sym_size);
	if (rq_decode(rq, dec, enc, esis, n) == 0) {
		memcpy(out, dec, len);
		rc = 0;
	}
out:
	if (rq)
		rq_free(rq);
	free(dec);
	free(enc);
	free(esis);
	return rc;
}
