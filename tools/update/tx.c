// SPDX-License-Identifier: GPL-2.0-only
/*
 * tx.c - the sender's loop over one object, free of sockets: each call to
 * upd_tx_next() writes the next packet. A pass sends, every 2 blocks, the
 * signed manifest and the signed hashes of the 32-block group they are in,
 * and for each block K' + repair random RaptorQ symbols; then it starts over, so a
 * receiver may join at any moment and one that lost more than the repair
 * margin completes on the next pass.
 *
 * RaptorQ's encoding of a block (its intermediate symbols) costs about ten
 * times the symbols a pass draws from it (3.1 ms against 0.27 ms for a
 * 64 KiB block), so the sender keeps encoders across passes within a memory
 * budget (upd_tx_cache): a loop then costs the first pass's encodings once.
 */
#include <stdlib.h>
#include <string.h>
#include "update.h"

/*
 * upd_tx_init - prepare to send @data (@params->size bytes) as object
 * @params->id version @params->version in blocks of @params->block_size with
 * symbols of @params->sym_size; hashes every block and the whole content and
 * signs with @sk. Returns 0, -EINVAL if the parameters break the manifest
 * limits (update.h), -ENOMEM.
 */
int upd_tx_init(struct upd_tx *tx, const uint8_t *data, const struct upd_manifest *params,
		const uint8_t sk[64], unsigned int repair_pct)
{
	struct upd_manifest *m = &tx->m;
	uint8_t pkt[UPD_MAX_PAYLOAD];
	struct upd_pkt p;
	uint32_t b;

	memset(tx, 0, sizeof(*tx));
	tx->data = data;
	*m = *params;
	m->fec = UPD_FEC_RAPTORQ;
	m->hash = UPD_HASH_BLAKE2B_256;
	m->nblocks = m->block_size ? (m->size + m->block_size - 1) / m->block_size : 0;
	upd_hash(m->content_hash, data, m->size);
	/* the receiver's own parser is the judge of the parameters */
	if (upd_parse(pkt, upd_build_manifest(pkt, m), &p) != UPD_OK)
		return -22;
	memcpy(tx->sk, sk, sizeof(tx->sk));
	tx->repair_pct = repair_pct;
	tx->hashes = malloc((size_t)m->nblocks * UPD_HASH_LEN);
	if (!tx->hashes)
		return -12;
	for (b = 0; b < m->nblocks; b++)
		upd_hash(tx->hashes + (size_t)b * UPD_HASH_LEN,
			 data + (uint64_t)b * m->block_size, upd_block_len(m, b));
	return 0;
}

/* symbols of @block sent a pass: K' plus repair_pct % of it, at least 2 more;
 * the first K are the source symbols */
unsigned int upd_tx_block_symbols(const struct upd_tx *tx, uint32_t block)
{
	unsigned int kp = upd_fec_kp(upd_block_len(&tx->m, block), tx->m.sym_size);
	unsigned int extra = (kp * tx->repair_pct + 99) / 100;

	return kp + (extra < 2 ? 2 : extra);
}

/*
 * upd_tx_cache - let @tx keep the encoders of as many blocks as @bytes pays
 * for (UPD_ENC_COST each) from one pass to the next. Returns 0 or -ENOMEM.
 */
int upd_tx_cache(struct upd_tx *tx, uint64_t bytes)
{
	uint64_t n = bytes / UPD_ENC_COST(tx->m.block_size);

	if (!n || !tx->m.nblocks)
		return 0;
	tx->cache = calloc(tx->m.nblocks, sizeof(*tx->cache));
	if (!tx->cache)
		return -12;
	tx->cache_max = n < tx->m.nblocks ? n : tx->m.nblocks;
	return 0;
}

/* after the last symbol of a block: on to the next one, or the next pass */
static void next_block(struct upd_tx *tx)
{
	if (!tx->enc) {
		/* no repair symbol was drawn (not when K' > K or repair > 0) */
	} else if (tx->cache && !tx->cache[tx->block] && tx->cached < tx->cache_max) {
		tx->cache[tx->block] = tx->enc;
		tx->cached++;
	} else if (!tx->cache || tx->cache[tx->block] != tx->enc) {
		upd_enc_free(tx->enc);
	}
	tx->enc = NULL;
	tx->step = 0;
	if (++tx->block == tx->m.nblocks) {
		tx->block = 0;
		tx->pass++;
	}
}

/* a block's symbols in a pass: its K source symbols, then random repair ones */
static size_t next_symbol(struct upd_tx *tx, uint8_t *buf)
{
	const struct upd_manifest *m = &tx->m;
	uint32_t esi, block = tx->block, j = tx->step - 2, len = upd_block_len(m, block);
	const uint8_t *data = tx->data + (uint64_t)block * m->block_size;
	uint8_t sym[UPD_SYM_MAX];
	size_t n;

	if (j == 0)
		tx->nsym = upd_tx_block_symbols(tx, block);
	if (j < upd_fec_k(len, m->sym_size)) {
		upd_fec_source(data, len, m->sym_size, j, sym);
		esi = j;
	} else {
		if (!tx->enc)
			tx->enc = tx->cache ? tx->cache[block] : NULL;
		if (!tx->enc) {
			tx->enc = upd_enc_new(data, len, m->sym_size);
			if (!tx->enc)
				return 0;
			tx->encoded++;
		}
		upd_enc_symbol(tx->enc, sym, &esi);
	}
	n = upd_build_symbol(buf, m->id, m->version, block, esi, sym, m->sym_size);
	if (++tx->step - 2 == tx->nsym)
		next_block(tx);
	return n;
}

/*
 * upd_tx_next - write the next packet of the loop at @buf (UPD_MAX_PAYLOAD
 * bytes); returns its length, 0 if memory ran out.
 */
size_t upd_tx_next(struct upd_tx *tx, uint8_t *buf)
{
	const struct upd_manifest *m = &tx->m;
	size_t len;

	/* manifest and hashes every UPD_CTRL_BLOCKS blocks */
	if (tx->step == 0 && tx->block % UPD_CTRL_BLOCKS)
		tx->step = 2;
	if (tx->step == 0) {
		len = upd_build_manifest(buf, m);
		upd_sign(buf, len - UPD_SIG_LEN, tx->sk);
		tx->step = 1;
		tx->sent[UPD_T_MANIFEST]++;
		return len;
	}
	if (tx->step == 1) {
		uint32_t first = tx->block / UPD_GROUP_BLOCKS * UPD_GROUP_BLOCKS;
		uint32_t n = m->nblocks - first;

		n = n > UPD_GROUP_BLOCKS ? UPD_GROUP_BLOCKS : n;
		len = upd_build_hashes(buf, m->id, m->version, first, n,
				       tx->hashes + (size_t)first * UPD_HASH_LEN);
		upd_sign(buf, len - UPD_SIG_LEN, tx->sk);
		tx->step = 2;
		tx->sent[UPD_T_HASHES]++;
		return len;
	}
	len = next_symbol(tx, buf);
	if (len)
		tx->sent[UPD_T_SYMBOL]++;
	return len;
}

void upd_tx_free(struct upd_tx *tx)
{
	uint32_t b;

	if (tx->cache) {
		if (tx->enc == tx->cache[tx->block])
			tx->enc = NULL;
		for (b = 0; b < tx->m.nblocks; b++)
			upd_enc_free(tx->cache[b]);
	}
	upd_enc_free(tx->enc);
	free(tx->cache);
	free(tx->hashes);
	tx->enc = NULL;
	tx->cache = NULL;
	tx->hashes = NULL;
}
