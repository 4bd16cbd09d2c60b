/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ILNPv6 pure core: I-LV arithmetic, the Locator Update and nonce codecs,
 * checksum arithmetic and the ILCC (identifier-locator communication
 * cache). Byte buffers and plain structs only; built into the seg6x module,
 * the unit tests and the fuzzer. The wire format is specified in
 * kmod/uapi/linux/seg6x_ilnp.h.
 *
 * L64 and NID values are held as uint64_t in host order; ilnp_ilv_split()
 * and ilnp_ilv_join() convert from and to the 16 address bytes.
 */
#ifndef ILNP_H
#define ILNP_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#endif
#include <linux/seg6x_ilnp.h>

typedef uint64_t ilnp_l64;
typedef uint64_t ilnp_nid;

static inline uint64_t ilnp_get64(const void *p)
{
	const uint8_t *b = p;
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static inline void ilnp_put64(void *p, uint64_t v)
{
	uint8_t *b = p;
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
}

static inline uint16_t ilnp_get16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline void ilnp_put16(void *p, uint16_t v)
{
	uint8_t *b = p;

	b[0] = v >> 8;
	b[1] = (uint8_t)v;
}

static inline void ilnp_ilv_split(const uint8_t addr[16], ilnp_l64 *l64, ilnp_nid *nid)
{
	*l64 = ilnp_get64(addr);
	*nid = ilnp_get64(addr + 8);
}

static inline void ilnp_ilv_join(uint8_t addr[16], ilnp_l64 l64, ilnp_nid nid)
{
	ilnp_put64(addr, l64);
	ilnp_put64(addr + 8, nid);
}

/* ---- Locator Update (ICMPv6 type 156) ---- */

/* Why a buffer is not a Locator Update. Values index ilnp_lu_err_name(). */
enum ilnp_lu_err {
	ILNP_LU_OK,
	ILNP_LU_SHORT,			/* shorter than the 8-byte header */
	ILNP_LU_TYPE,			/* ICMPv6 type is not 156 */
	ILNP_LU_CODE,			/* code is not 0 */
	ILNP_LU_OPERATION,		/* operation neither 1 nor 2 */
	ILNP_LU_RESERVED,		/* reserved bits not zero */
	ILNP_LU_NO_LOCATORS,		/* Num of Locs is 0 */
	ILNP_LU_TOO_MANY,		/* more than ILNP_LU_MAX_LOCS */
	ILNP_LU_LENGTH,			/* length is not 8 + 12 * Num of Locs */
	ILNP_LU_ZERO_LOCATOR,		/* an L64 of all zeroes */
	ILNP_LU_DUPLICATE,		/* the same L64 twice */
	ILNP_LU_CHECKSUM,		/* ICMPv6 checksum wrong */
	__ILNP_LU_MAX,
};

struct ilnp_locator {
	ilnp_l64 l64;
	uint16_t pref;			/* lower is preferred */
	uint16_t lifetime;		/* seconds */
};

struct ilnp_lu {
	uint8_t op;			/* enum ilnp_lu_op */
	uint8_t n_locs;
	struct ilnp_locator locs[ILNP_LU_MAX_LOCS];
};

static inline size_t ilnp_lu_size(unsigned int n_locs)
{
	return sizeof(struct ilnp_lu_hdr) + (size_t)n_locs * sizeof(struct ilnp_lu_loc);
}

size_t ilnp_lu_encode(const struct ilnp_lu *lu, uint8_t *buf, size_t cap);
enum ilnp_lu_err ilnp_lu_decode(const uint8_t *buf, size_t len, struct ilnp_lu *lu);
void ilnp_lu_set_checksum(uint8_t *buf, size_t len, const uint8_t src[16],
			  const uint8_t dst[16]);
bool ilnp_lu_checksum_ok(const uint8_t *buf, size_t len, const uint8_t src[16],
			 const uint8_t dst[16]);
bool ilnp_lu_same(const struct ilnp_lu *a, const struct ilnp_lu *b);
const char *ilnp_lu_err_name(unsigned int err);

/* ---- Nonce destination option (RFC 6744) ---- */

/* Why a Destination Options header does not carry a usable nonce. */
enum ilnp_nonce_err {
	ILNP_NONCE_OK,
	ILNP_NONCE_SHORT,		/* shorter than 2 bytes or its length */
	ILNP_NONCE_TRUNCATED,		/* an option runs past the header */
	ILNP_NONCE_BAD_LEN,		/* nonce option length not 4 or 12 */
	ILNP_NONCE_TWICE,		/* two nonce options */
	ILNP_NONCE_ABSENT,		/* well-formed, but no nonce option */
	__ILNP_NONCE_MAX,
};

struct ilnp_nonce {
	uint8_t len;			/* 0 (none), 4 or 12 */
	uint8_t v[ILNP_NONCE_LEN_LONG];
};

/* What ilnp_nonce_parse() found in a Destination Options header */
struct ilnp_dstopt {
	struct ilnp_nonce nonce;
	uint8_t next_header;
	uint16_t hdr_len;		/* bytes of the whole header */
	uint16_t opt_off;		/* offset of the nonce option */
	bool only_nonce;		/* nothing but the nonce and padding */
};

size_t ilnp_nonce_encode(const struct ilnp_nonce *n, uint8_t next_header,
			 uint8_t *buf, size_t cap);
enum ilnp_nonce_err ilnp_nonce_parse(const uint8_t *buf, size_t len,
				     struct ilnp_dstopt *d);
bool ilnp_nonce_eq(const struct ilnp_nonce *a, const struct ilnp_nonce *b);
const char *ilnp_nonce_err_name(unsigned int err);

/* ---- checksums (one's complement arithmetic, RFC 1071/1624) ---- */

uint32_t ilnp_csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t ilnp_csum_fold(uint32_t sum);
void ilnp_pseudo_addr(enum ilnp_csum_mode mode, const uint8_t addr[16], uint8_t out[16]);
uint16_t ilnp_l4_checksum(enum ilnp_csum_mode mode, const uint8_t src[16],
			  const uint8_t dst[16], uint8_t proto,
			  const uint8_t *l4, size_t len);
uint16_t ilnp_csum_rewrite(uint16_t check, const uint8_t from_src[16],
			   const uint8_t from_dst[16], const uint8_t to_src[16],
			   const uint8_t to_dst[16]);

/* ---- ILCC: the identifier-locator communication cache ---- */

#define ILNP_ILCC_LOCS		ILNP_LU_MAX_LOCS
#define ILNP_ILCC_GRACE_MS	10000	/* an aged locator is still accepted */

struct ilnp_ilcc_loc {
	ilnp_l64 l64;
	uint16_t pref;
	uint8_t state;			/* enum ilnp_loc_state */
	uint64_t expires;		/* ms: VALID/ACTIVE until, AGED since + grace */
};

struct ilnp_ilcc_entry {
	ilnp_nid nid;			/* 0: free slot */
	ilnp_l64 start_l64;		/* the locator the local stack saw first */
	struct ilnp_nonce local;	/* nonce we send */
	struct ilnp_nonce remote;	/* nonce the peer sends */
	uint64_t last_used;		/* ms */
	struct ilnp_ilcc_loc locs[ILNP_ILCC_LOCS];
};

/* A bounded table over caller-owned storage; all times from the caller. */
struct ilnp_ilcc {
	struct ilnp_ilcc_entry *e;
	unsigned int cap;
	unsigned int used;
	uint64_t idle_ms;		/* an entry idle this long may be evicted */
};

enum ilnp_ilcc_err {
	ILNP_ILCC_OK,
	ILNP_ILCC_FULL,			/* no free slot and none evictable */
	ILNP_ILCC_NO_NID,		/* NID 0 is not an identifier */
	ILNP_ILCC_BAD_LOCATOR,		/* zero L64 or too many locators */
	__ILNP_ILCC_MAX,
};

void ilnp_ilcc_init(struct ilnp_ilcc *c, struct ilnp_ilcc_entry *storage,
		    unsigned int cap, uint64_t idle_ms);
struct ilnp_ilcc_entry *ilnp_ilcc_find(struct ilnp_ilcc *c, ilnp_nid nid);
enum ilnp_ilcc_err ilnp_ilcc_get(struct ilnp_ilcc *c, ilnp_nid nid, uint64_t now,
				 struct ilnp_ilcc_entry **out);
void ilnp_ilcc_del(struct ilnp_ilcc *c, struct ilnp_ilcc_entry *e);
enum ilnp_ilcc_err ilnp_ilcc_learn(struct ilnp_ilcc_entry *e,
				   const struct ilnp_locator *locs, unsigned int n,
				   bool replace, uint64_t now);
const struct ilnp_ilcc_loc *ilnp_ilcc_select(struct ilnp_ilcc_entry *e, uint64_t now);
bool ilnp_ilcc_accepts(const struct ilnp_ilcc_entry *e, ilnp_l64 l64);
unsigned int ilnp_ilcc_tick(struct ilnp_ilcc *c, uint64_t now);
const char *ilnp_loc_state_name(unsigned int state);
const char *ilnp_ilcc_err_name(unsigned int err);

#endif /* ILNP_H */
