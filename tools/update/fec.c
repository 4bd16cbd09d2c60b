// SPDX-License-Identifier: GPL-2.0-only
/*
 * fec.c - RaptorQ (RFC 6330) through liblcrq 0.0.1: each block of the
 * object is one RaptorQ object of a single source block (Z = 1, which the
 * manifest limits guarantee: K <= 256 symbols).
 *
 * Only RQ_RAND symbols are sent: liblcrq 0.0.1's own tests generate them
 * that way and recover the ESI as ntohl(pid << 8) (rq_pid2esi); mixing in
 * its RQ_SOURCE symbols did not decode when tried by hand (DESIGN.md). Random
 * repair ESIs also make every symbol useful to every receiver, whatever it
 * already holds: a receiver needs any K' of them.
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
