// SPDX-License-Identifier: GPL-2.0-only
/*
 * wire.c - the seg6x-update packet codec: a pure core on byte buffers,
 * shared by the sender, the receiver, the unit tests and the fuzzer.
 * Everything is big-endian. docs/update-format.md is the specification.
 */
#include <string.h>
#include "update.h"

const char *const upd_drop_names[__UPD_DROP_MAX] = {
	[UPD_OK]		= "ok",
	[UPD_DROP_TRUNCATED]	= "truncated",
	[UPD_DROP_MAGIC]	= "bad-magic",
	[UPD_DROP_MALFORMED]	= "malformed",
	[UPD_DROP_SIGNATURE]	= "bad-signature",
	[UPD_DROP_OBJECT]	= "other-object",
	[UPD_DROP_ROLLBACK]	= "rollback",
	[UPD_DROP_CURRENT]	= "current",
	[UPD_DROP_VERSION]	= "wrong-version",
	[UPD_DROP_NO_MANIFEST]	= "no-manifest",
	[UPD_DROP_OVERSIZE]	= "oversize",
	[UPD_DROP_RANGE]	= "out-of-range",
	[UPD_DROP_NO_HASH]	= "no-hash",
	[UPD_DROP_DUPLICATE]	= "duplicate",
	[UPD_DROP_BLOCK_DONE]	= "block-done",
	[UPD_DROP_BAD_BLOCK]	= "bad-block",
	[UPD_DROP_IO]		= "io-error",
};

static uint16_t get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t get64(const uint8_t *b)
{
	return (uint64_t)get32(b) << 32 | get32(b + 4);
}

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = v >> 8;
	b[1] = v;
}

static void put32(uint8_t *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b + 2, v);
}

static void put64(uint8_t *b, uint64_t v)
{
	put32(b, v >> 32);
	put32(b + 4, v);
}

/* bytes in block @block of the object @m describes (0 past its end) */
uint32_t upd_block_len(const struct upd_manifest *m, uint32_t block)
{
	uint64_t off = (uint64_t)block * m->block_size;

	if (block >= m->nblocks || off >= m->size)
		return 0;
	return m->size - off < m->block_size ? (uint32_t)(m->size - off) : m->block_size;
}

/* manifest body: size, block size, nblocks, T, fec, hash, 0, content hash, sig */
static enum upd_drop parse_manifest(const uint8_t *b, size_t len, struct upd_pkt *p)
{
	struct upd_manifest *m = &p->m;
	uint64_t nblocks;

	if (len != UPD_MANIFEST_BODY)
		return UPD_DROP_MALFORMED;
	m->id = p->id;
	m->version = p->version;
	m->size = get64(b);
	m->block_size = get32(b + 8);
	m->nblocks = get32(b + 12);
	m->sym_size = get16(b + 16);
	m->fec = b[18];
	m->hash = b[19];
	if (get32(b + 20))
		return UPD_DROP_MALFORMED;
	memcpy(m->content_hash, b + 24, UPD_HASH_LEN);
	p->sig = b + 24 + UPD_HASH_LEN;
	p->signed_len = UPD_HDR_LEN + 24 + UPD_HASH_LEN;

	if (m->fec != UPD_FEC_RAPTORQ || m->hash != UPD_HASH_BLAKE2B_256)
		return UPD_DROP_MALFORMED;
	if (m->sym_size < UPD_SYM_MIN || m->sym_size > UPD_SYM_MAX || m->sym_size % 4)
		return UPD_DROP_MALFORMED;
	if (m->block_size < UPD_BLOCK_MIN || m->block_size > UPD_BLOCK_MAX ||
	    (m->block_size + m->sym_size - 1) / m->sym_size > UPD_K_MAX)
		return UPD_DROP_MALFORMED;
	nblocks = (m->size + m->block_size - 1) / m->block_size;
	if (!m->size || nblocks != m->nblocks)
		return UPD_DROP_MALFORMED;
	return UPD_OK;
}

static enum upd_drop parse_hashes(const uint8_t *b, size_t len, struct upd_pkt *p)
{
	if (len < 8 + UPD_SIG_LEN)
		return UPD_DROP_MALFORMED;
	p->first = get32(b);
	p->count = get16(b + 4);
	if (get16(b + 6) || !p->count || p->count > UPD_HASHES_MAX ||
	    len != 8 + (size_t)p->count * UPD_HASH_LEN + UPD_SIG_LEN)
		return UPD_DROP_MALFORMED;
	p->hashes = b + 8;
	p->sig = b + 8 + p->count * UPD_HASH_LEN;
	p->signed_len = UPD_HDR_LEN + 8 + p->count * UPD_HASH_LEN;
	return UPD_OK;
}

static enum upd_drop parse_symbol(const uint8_t *b, size_t len, struct upd_pkt *p)
{
	if (len < UPD_SYMBOL_HDR + 4 || len > UPD_SYMBOL_HDR + UPD_SYM_MAX)
		return UPD_DROP_MALFORMED;
	p->block = get32(b);
	p->esi = get32(b + 4);
	if (p->esi > UPD_ESI_MAX)
		return UPD_DROP_MALFORMED;
	p->sym = b + UPD_SYMBOL_HDR;
	p->sym_len = len - UPD_SYMBOL_HDR;
	return UPD_OK;
}

/*
 * upd_parse - check one datagram and fill @p with views into @buf.
 * Returns UPD_OK or the drop reason. Signatures are not checked here (see
 * upd_verify()); everything a signature cannot vouch for (lengths, limits,
 * the arithmetic between size, block size and block count) is.
 */
enum upd_drop upd_parse(const uint8_t *buf, size_t len, struct upd_pkt *p)
{
	size_t body;

	memset(p, 0, sizeof(*p));
	if (len < UPD_HDR_LEN)
		return UPD_DROP_TRUNCATED;
	if (get16(buf) != UPD_MAGIC || buf[2] != UPD_FORMAT)
		return UPD_DROP_MAGIC;
	p->type = buf[3];
	p->id = get32(buf + 4);
	p->version = get32(buf + 8);
	body = get16(buf + 12);
	if (len > UPD_MAX_PAYLOAD || get16(buf + 14))
		return UPD_DROP_MALFORMED;
	if (len < UPD_HDR_LEN + body)
		return UPD_DROP_TRUNCATED;
	if (len != UPD_HDR_LEN + body)
		return UPD_DROP_MALFORMED;
	buf += UPD_HDR_LEN;
	switch (p->type) {
	case UPD_T_MANIFEST:
		return parse_manifest(buf, body, p);
	case UPD_T_HASHES:
		return parse_hashes(buf, body, p);
	case UPD_T_SYMBOL:
		return parse_symbol(buf, body, p);
	}
	return UPD_DROP_MALFORMED;
}

static size_t put_hdr(uint8_t *buf, uint8_t type, uint32_t id, uint32_t version, size_t body)
{
	put16(buf, UPD_MAGIC);
	buf[2] = UPD_FORMAT;
	buf[3] = type;
	put32(buf + 4, id);
	put32(buf + 8, version);
	put16(buf + 12, body);
	put16(buf + 14, 0);
	return UPD_HDR_LEN + body;
}

/*
 * upd_build_* - write one packet at @buf (UPD_MAX_PAYLOAD bytes) and return
 * its length. MANIFEST and HASHES leave their signature zeroed: upd_sign().
 */
size_t upd_build_manifest(uint8_t *buf, const struct upd_manifest *m)
{
	uint8_t *b = buf + UPD_HDR_LEN;

	put64(b, m->size);
	put32(b + 8, m->block_size);
	put32(b + 12, m->nblocks);
	put16(b + 16, m->sym_size);
	b[18] = m->fec;
	b[19] = m->hash;
	put32(b + 20, 0);
	memcpy(b + 24, m->content_hash, UPD_HASH_LEN);
	memset(b + 24 + UPD_HASH_LEN, 0, UPD_SIG_LEN);
	return put_hdr(buf, UPD_T_MANIFEST, m->id, m->version, UPD_MANIFEST_BODY);
}

size_t upd_build_hashes(uint8_t *buf, uint32_t id, uint32_t version, uint32_t first,
			uint16_t count, const uint8_t *hashes)
{
	uint8_t *b = buf + UPD_HDR_LEN;
	size_t n = (size_t)count * UPD_HASH_LEN;

	put32(b, first);
	put16(b + 4, count);
	put16(b + 6, 0);
	memcpy(b + 8, hashes, n);
	memset(b + 8 + n, 0, UPD_SIG_LEN);
	return put_hdr(buf, UPD_T_HASHES, id, version, 8 + n + UPD_SIG_LEN);
}

size_t upd_build_symbol(uint8_t *buf, uint32_t id, uint32_t version, uint32_t block,
			uint32_t esi, const uint8_t *sym, uint16_t sym_len)
{
	uint8_t *b = buf + UPD_HDR_LEN;

	put32(b, block);
	put32(b + 4, esi);
	memcpy(b + UPD_SYMBOL_HDR, sym, sym_len);
	return put_hdr(buf, UPD_T_SYMBOL, id, version, UPD_SYMBOL_HDR + sym_len);
}
