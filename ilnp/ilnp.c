// SPDX-License-Identifier: GPL-2.0-only
/*
 * ILNPv6 codecs and checksum arithmetic (see ilnp.h and
 * uapi/linux/seg6x_ilnp.h). Every function checks what it reads against the
 * length it was given; nothing here allocates or depends on the kernel.
 */
#include "ilnp.h"

static const char *const ilnp_lu_err_names[] = {
	[ILNP_LU_OK]		= "ok",
	[ILNP_LU_SHORT]		= "short",
	[ILNP_LU_TYPE]		= "type",
	[ILNP_LU_CODE]		= "code",
	[ILNP_LU_OPERATION]	= "operation",
	[ILNP_LU_RESERVED]	= "reserved",
	[ILNP_LU_NO_LOCATORS]	= "no-locators",
	[ILNP_LU_TOO_MANY]	= "too-many-locators",
	[ILNP_LU_LENGTH]	= "length",
	[ILNP_LU_ZERO_LOCATOR]	= "zero-locator",
	[ILNP_LU_DUPLICATE]	= "duplicate-locator",
	[ILNP_LU_CHECKSUM]	= "checksum",
};

const char *ilnp_lu_err_name(unsigned int err)
{
	return err < __ILNP_LU_MAX ? ilnp_lu_err_names[err] : "unknown";
}

/**
 * ilnp_lu_encode - write a Locator Update with a zero checksum
 * @lu: operation and 1..ILNP_LU_MAX_LOCS locators
 * @buf: output
 * @cap: its size
 *
 * The checksum depends on the addresses: set it with ilnp_lu_set_checksum().
 *
 * Return: bytes written, 0 when @lu has no or too many locators or @cap is
 * too small.
 */
size_t ilnp_lu_encode(const struct ilnp_lu *lu, uint8_t *buf, size_t cap)
{
	size_t len = ilnp_lu_size(lu->n_locs);
	unsigned int i;

	if (!lu->n_locs || lu->n_locs > ILNP_LU_MAX_LOCS || cap < len)
		return 0;
	memset(buf, 0, sizeof(struct ilnp_lu_hdr));
	buf[0] = ILNP_ICMP_LOCATOR_UPDATE;
	buf[1] = ILNP_LU_ICMP_CODE;
	buf[4] = lu->n_locs;
	buf[5] = lu->op;
	for (i = 0; i < lu->n_locs; i++) {
		uint8_t *l = buf + ilnp_lu_size(i);

		ilnp_put64(l, lu->locs[i].l64);
		ilnp_put16(l + 8, lu->locs[i].pref);
		ilnp_put16(l + 10, lu->locs[i].lifetime);
	}
	return len;
}

/**
 * ilnp_lu_decode - validate a Locator Update and read its locators
 * @buf: the ICMPv6 message, from its type byte
 * @len: its length (the rest of the IPv6 payload)
 * @lu: filled on success
 *
 * Checks everything but the checksum (see ilnp_lu_checksum_ok()).
 *
 * Return: ILNP_LU_OK or the first problem found, in the enum's order.
 */
enum ilnp_lu_err ilnp_lu_decode(const uint8_t *buf, size_t len, struct ilnp_lu *lu)
{
	unsigned int n, i, j;

	if (len < sizeof(struct ilnp_lu_hdr))
		return ILNP_LU_SHORT;
	if (buf[0] != ILNP_ICMP_LOCATOR_UPDATE)
		return ILNP_LU_TYPE;
	if (buf[1] != ILNP_LU_ICMP_CODE)
		return ILNP_LU_CODE;
	if (buf[5] != ILNP_LU_ADVERTISE && buf[5] != ILNP_LU_ACK)
		return ILNP_LU_OPERATION;
	if (buf[6] | buf[7])
		return ILNP_LU_RESERVED;
	n = buf[4];
	if (!n)
		return ILNP_LU_NO_LOCATORS;
	if (n > ILNP_LU_MAX_LOCS)
		return ILNP_LU_TOO_MANY;
	if (len != ilnp_lu_size(n))
		return ILNP_LU_LENGTH;
	for (i = 0; i < n; i++) {
		const uint8_t *l = buf + ilnp_lu_size(i);

		lu->locs[i].l64 = ilnp_get64(l);
		lu->locs[i].pref = ilnp_get16(l + 8);
		lu->locs[i].lifetime = ilnp_get16(l + 10);
		if (!lu->locs[i].l64)
			return ILNP_LU_ZERO_LOCATOR;
		for (j = 0; j < i; j++)
			if (lu->locs[j].l64 == lu->locs[i].l64)
				return ILNP_LU_DUPLICATE;
	}
	lu->op = buf[5];
	lu->n_locs = (uint8_t)n;
	return ILNP_LU_OK;
}

/* The ICMPv6 sum (RFC 4443 section 2.3) of @buf with its checksum field */
static uint16_t ilnp_icmp6_sum(const uint8_t *buf, size_t len, const uint8_t src[16],
			       const uint8_t dst[16])
{
	uint8_t ph[8] = { 0 };
	uint32_t sum;

	ph[0] = (uint8_t)(len >> 24);
	ph[1] = (uint8_t)(len >> 16);
	ph[2] = (uint8_t)(len >> 8);
	ph[3] = (uint8_t)len;
	ph[7] = 58;
	sum = ilnp_csum_add(0, src, 16);
	sum = ilnp_csum_add(sum, dst, 16);
	sum = ilnp_csum_add(sum, ph, sizeof(ph));
	sum = ilnp_csum_add(sum, buf, len);
	return ilnp_csum_fold(sum);
}

/* Fill the checksum of an encoded Locator Update sent from @src to @dst */
void ilnp_lu_set_checksum(uint8_t *buf, size_t len, const uint8_t src[16],
			  const uint8_t dst[16])
{
	buf[2] = buf[3] = 0;
	ilnp_put16(buf + 2, (uint16_t)~ilnp_icmp6_sum(buf, len, src, dst));
}

bool ilnp_lu_checksum_ok(const uint8_t *buf, size_t len, const uint8_t src[16],
			 const uint8_t dst[16])
{
	return len >= 4 && ilnp_icmp6_sum(buf, len, src, dst) == 0xffff;
}

/* Does @b list the same locators as @a, in the same order (an ack)? */
bool ilnp_lu_same(const struct ilnp_lu *a, const struct ilnp_lu *b)
{
	unsigned int i;

	if (a->n_locs != b->n_locs)
		return false;
	for (i = 0; i < a->n_locs; i++)
		if (a->locs[i].l64 != b->locs[i].l64 ||
		    a->locs[i].pref != b->locs[i].pref ||
		    a->locs[i].lifetime != b->locs[i].lifetime)
			return false;
	return true;
}

/* ---- nonce ---- */

static const char *const ilnp_nonce_err_names[] = {
	[ILNP_NONCE_OK]		= "ok",
	[ILNP_NONCE_SHORT]	= "short",
	[ILNP_NONCE_TRUNCATED]	= "truncated-option",
	[ILNP_NONCE_BAD_LEN]	= "nonce-length",
	[ILNP_NONCE_TWICE]	= "two-nonces",
	[ILNP_NONCE_ABSENT]	= "no-nonce",
};

const char *ilnp_nonce_err_name(unsigned int err)
{
	return err < __ILNP_NONCE_MAX ? ilnp_nonce_err_names[err] : "unknown";
}

static bool ilnp_nonce_len_ok(unsigned int len)
{
	return len == ILNP_NONCE_LEN_SHORT || len == ILNP_NONCE_LEN_LONG;
}

/**
 * ilnp_nonce_encode - a Destination Options header carrying only @n
 * @n: a 4- or 12-byte nonce
 * @next_header: the protocol that follows the header
 * @buf: output
 * @cap: its size
 *
 * Return: the header's length (8 or 16), 0 for a bad nonce length or a
 * small @cap.
 */
size_t ilnp_nonce_encode(const struct ilnp_nonce *n, uint8_t next_header,
			 uint8_t *buf, size_t cap)
{
	size_t len = 2 + 2 + (size_t)n->len;

	if (!ilnp_nonce_len_ok(n->len) || cap < len)
		return 0;
	buf[0] = next_header;
	buf[1] = (uint8_t)(len / 8 - 1);
	buf[2] = ILNP_NONCE_OPT;
	buf[3] = n->len;
	memcpy(buf + 4, n->v, n->len);
	return len;
}

/**
 * ilnp_nonce_parse - find the nonce in a Destination Options header
 * @buf: the header, from its Next Header byte
 * @len: bytes available (may be more than the header)
 * @d: filled with what was found, on success and on ILNP_NONCE_ABSENT
 *
 * Walks every option (Pad1, PadN and unknown ones are skipped by their
 * length). d->only_nonce tells whether the header could be removed whole.
 *
 * Return: ILNP_NONCE_OK, ILNP_NONCE_ABSENT for a well-formed header without
 * a nonce, or what is wrong.
 */
enum ilnp_nonce_err ilnp_nonce_parse(const uint8_t *buf, size_t len,
				     struct ilnp_dstopt *d)
{
	size_t hlen, off;

	memset(d, 0, sizeof(*d));
	if (len < 2)
		return ILNP_NONCE_SHORT;
	hlen = ((size_t)buf[1] + 1) * 8;
	if (len < hlen)
		return ILNP_NONCE_SHORT;
	d->next_header = buf[0];
	d->hdr_len = (uint16_t)hlen;
	d->only_nonce = true;
	for (off = 2; off < hlen; ) {
		unsigned int type = buf[off], olen;

		if (type == 0) {		/* Pad1 */
			off++;
			continue;
		}
		if (off + 2 > hlen || off + 2 + buf[off + 1] > hlen)
			return ILNP_NONCE_TRUNCATED;
		olen = buf[off + 1];
		if (type == ILNP_NONCE_OPT) {
			if (d->nonce.len)
				return ILNP_NONCE_TWICE;
			if (!ilnp_nonce_len_ok(olen))
				return ILNP_NONCE_BAD_LEN;
			d->nonce.len = (uint8_t)olen;
			memcpy(d->nonce.v, buf + off + 2, olen);
			d->opt_off = (uint16_t)off;
		} else if (type != 1) {		/* not PadN */
			d->only_nonce = false;
		}
		off += 2 + olen;
	}
	return d->nonce.len ? ILNP_NONCE_OK : ILNP_NONCE_ABSENT;
}

bool ilnp_nonce_eq(const struct ilnp_nonce *a, const struct ilnp_nonce *b)
{
	return a->len == b->len && !memcmp(a->v, b->v, a->len);
}

/* ---- checksums ---- */

/* Add @len bytes at @p to a 32-bit one's complement accumulator; an odd
 * length is padded with a zero byte, as at the end of a packet. Keep @len
 * even except for the last call. */
uint32_t ilnp_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t s = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

/* Fold a 32-bit accumulator to 16 bits (not complemented) */
uint16_t ilnp_csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The address that enters the transport pseudo-header for a wire address */
void ilnp_pseudo_addr(enum ilnp_csum_mode mode, const uint8_t addr[16], uint8_t out[16])
{
	memcpy(out, addr, 16);
	if (mode == ILNP_CSUM_RFC)
		memset(out, 0, 8);
}

/**
 * ilnp_l4_checksum - the TCP/UDP checksum field for a segment on the wire
 * @mode: ILNP_CSUM_RFC (NIDs only) or ILNP_CSUM_IPV6
 * @src: wire source address
 * @dst: wire destination address
 * @proto: 6 or 17
 * @l4: the transport header and payload, with the checksum field zeroed
 * @len: their length
 *
 * Return: the value to store (0xffff in place of 0 for UDP, RFC 8200).
 */
uint16_t ilnp_l4_checksum(enum ilnp_csum_mode mode, const uint8_t src[16],
			  const uint8_t dst[16], uint8_t proto,
			  const uint8_t *l4, size_t len)
{
	uint8_t s[16], d[16], ph[8] = { 0 };
	uint32_t sum;
	uint16_t c;

	ilnp_pseudo_addr(mode, src, s);
	ilnp_pseudo_addr(mode, dst, d);
	ph[0] = (uint8_t)(len >> 24);
	ph[1] = (uint8_t)(len >> 16);
	ph[2] = (uint8_t)(len >> 8);
	ph[3] = (uint8_t)len;
	ph[7] = proto;
	sum = ilnp_csum_add(0, s, 16);
	sum = ilnp_csum_add(sum, d, 16);
	sum = ilnp_csum_add(sum, ph, sizeof(ph));
	sum = ilnp_csum_add(sum, l4, len);
	c = (uint16_t)~ilnp_csum_fold(sum);
	return (proto == 17 && c == 0) ? 0xffff : c;
}

/**
 * ilnp_csum_rewrite - adjust a checksum for a pseudo-header change
 * @check: the checksum field as stored
 * @from_src: pseudo-header source address it was computed with
 * @from_dst: pseudo-header destination address it was computed with
 * @to_src: the new pseudo-header source
 * @to_dst: the new pseudo-header destination
 *
 * Incremental update, RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'). Feed it the
 * ilnp_pseudo_addr() of the old and new addresses to move between the
 * stack's view and either wire mode. UDP's "no checksum" 0 is never
 * produced: a result of 0 is returned as 0xffff, the same sum.
 *
 * Return: the new checksum field.
 */
uint16_t ilnp_csum_rewrite(uint16_t check, const uint8_t from_src[16],
			   const uint8_t from_dst[16], const uint8_t to_src[16],
			   const uint8_t to_dst[16])
{
	uint32_t sum = (uint16_t)~check;
	unsigned int i;
	uint16_t c;

	for (i = 0; i < 16; i += 2) {
		sum += (uint16_t)~ilnp_get16(from_src + i) + ilnp_get16(to_src + i);
		sum += (uint16_t)~ilnp_get16(from_dst + i) + ilnp_get16(to_dst + i);
	}
	c = (uint16_t)~ilnp_csum_fold(sum);
	return c ? c : 0xffff;
}
