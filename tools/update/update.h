/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * seg6x-update: signed software updates over IPv6 multicast.
 *
 * The wire format (docs/update-format.md has it byte by byte): every packet
 * is one UDP payload of at most UPD_MAX_PAYLOAD bytes, so that with the
 * 40-byte IPv6 and 8-byte UDP headers it fits the 1280-byte IPv6 minimum MTU.
 *
 *   0               1               2               3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |        magic 0x5336 "S6"      |  format (1)   |     type      |
 *  +-------------------------------+---------------+---------------+
 *  |                           object id                           |
 *  +---------------------------------------------------------------+
 *  |                         object version                        |
 *  +-------------------------------+-------------------------------+
 *  |          body length          |         reserved (0)          |
 *  +-------------------------------+-------------------------------+
 *  |                      body (type-specific) ...                 |
 *
 * Three types: MANIFEST (signed: size, block size, symbol size, FEC and
 * hash algorithm, BLAKE2b-256 of the whole content), HASHES (signed: the
 * BLAKE2b-256 of up to 32 consecutive blocks) and SYMBOL (one RaptorQ
 * encoding symbol of one block, unsigned: the block it decodes to is
 * checked against its signed hash before it is written).
 *
 * wire.c and mld.c are pure (byte buffers and plain structs); fec.c wraps
 * liblcrq; rx.c and tx.c are the receiver and sender cores, free of sockets;
 * net.c holds the sockets; main.c the command line.
 */
#ifndef SEG6X_UPDATE_H
#define SEG6X_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#define UPD_MAGIC		0x5336
#define UPD_FORMAT		1
#define UPD_MAX_PAYLOAD		1232	/* 1280 - 40 (IPv6) - 8 (UDP) */
#define UPD_HDR_LEN		16
#define UPD_HASH_LEN		32	/* BLAKE2b-256 */
#define UPD_SIG_LEN		64	/* Ed25519 */
#define UPD_PK_LEN		32
#define UPD_SEED_LEN		32

#define UPD_MANIFEST_BODY	(8 + 4 + 4 + 2 + 1 + 1 + 4 + UPD_HASH_LEN + UPD_SIG_LEN)
#define UPD_HASHES_MAX		32	/* block hashes in one HASHES packet */
#define UPD_SYMBOL_HDR		8	/* block, ESI */

/* limits a manifest must respect (checked before its signature is) */
#define UPD_SYM_MIN		256
#define UPD_SYM_MAX		(UPD_MAX_PAYLOAD - UPD_HDR_LEN - UPD_SYMBOL_HDR)	/* 1208 */
#define UPD_BLOCK_MIN		16384
#define UPD_BLOCK_MAX		262144
#define UPD_K_MAX		256	/* source symbols a block, bounds decoding cost */
#define UPD_ESI_MAX		0xffffff

#define UPD_FEC_RAPTORQ		1	/* RFC 6330, liblcrq, one source block */
#define UPD_HASH_BLAKE2B_256	1

enum upd_type {
	UPD_T_MANIFEST = 1,
	UPD_T_HASHES = 2,
	UPD_T_SYMBOL = 3,
};

/*
 * Why a packet was not used. Every received datagram is either used or
 * counted under exactly one of these; names in upd_drop_names[].
 */
enum upd_drop {
	UPD_OK,
	UPD_DROP_TRUNCATED,	/* shorter than its header or its body length */
	UPD_DROP_MAGIC,		/* not a seg6x-update packet, or another format */
	UPD_DROP_MALFORMED,	/* bad type, reserved bits, lengths or parameters */
	UPD_DROP_SIGNATURE,	/* manifest or hashes not signed by our key */
	UPD_DROP_OBJECT,	/* another object id than the one we follow */
	UPD_DROP_ROLLBACK,	/* older version than we hold or installed */
	UPD_DROP_CURRENT,	/* the version already installed */
	UPD_DROP_VERSION,	/* newer version than our manifest: wait for it */
	UPD_DROP_NO_MANIFEST,	/* hashes or symbol before any manifest */
	UPD_DROP_OVERSIZE,	/* the manifest's size exceeds --max-size */
	UPD_DROP_RANGE,		/* block or hash index beyond the object */
	UPD_DROP_NO_HASH,	/* symbol of a block whose hash we lack yet */
	UPD_DROP_DUPLICATE,	/* symbol already held (a replay or a repeat) */
	UPD_DROP_BLOCK_DONE,	/* symbol of a block already written */
	UPD_DROP_BAD_BLOCK,	/* decoded block does not match its signed hash */
	UPD_DROP_IO,		/* the output file could not be written */
	__UPD_DROP_MAX,
};

extern const char *const upd_drop_names[__UPD_DROP_MAX];

struct upd_manifest {
	uint32_t id;
	uint32_t version;
	uint64_t size;		/* bytes of content, > 0 */
	uint32_t block_size;	/* bytes a block (the last may be shorter) */
	uint32_t nblocks;	/* ceil(size / block_size) */
	uint16_t sym_size;	/* RaptorQ symbol size T, a multiple of 4 */
	uint8_t fec;		/* UPD_FEC_RAPTORQ */
	uint8_t hash;		/* UPD_HASH_BLAKE2B_256 */
	uint8_t content_hash[UPD_HASH_LEN];
};

/* A parsed packet: pointers into the caller's buffer. */
struct upd_pkt {
	uint8_t type;
	uint32_t id;
	uint32_t version;
	struct upd_manifest m;		/* MANIFEST */
	uint32_t first;			/* HASHES: first block */
	uint16_t count;			/* HASHES: number of hashes */
	const uint8_t *hashes;		/* HASHES: count * 32 bytes */
	uint32_t block;			/* SYMBOL */
	uint32_t esi;			/* SYMBOL: RaptorQ encoding symbol id */
	const uint8_t *sym;		/* SYMBOL */
	uint16_t sym_len;		/* SYMBOL */
	const uint8_t *sig;		/* MANIFEST, HASHES: the signature */
	size_t signed_len;		/* bytes from the packet start it covers */
};

/* wire.c */
enum upd_drop upd_parse(const uint8_t *buf, size_t len, struct upd_pkt *p);
size_t upd_build_manifest(uint8_t *buf, const struct upd_manifest *m);
size_t upd_build_hashes(uint8_t *buf, uint32_t id, uint32_t version, uint32_t first,
			uint16_t count, const uint8_t *hashes);
size_t upd_build_symbol(uint8_t *buf, uint32_t id, uint32_t version, uint32_t block,
			uint32_t esi, const uint8_t *sym, uint16_t sym_len);
uint32_t upd_block_len(const struct upd_manifest *m, uint32_t block);

/* fec.c: one RaptorQ source block a block of the object */
struct upd_enc;
unsigned int upd_fec_k(size_t len, uint16_t sym_size);
unsigned int upd_fec_kp(size_t len, uint16_t sym_size);
void upd_fec_source(const uint8_t *data, size_t len, uint16_t sym_size, uint32_t esi,
		    uint8_t *sym);
int upd_fec_assemble(uint8_t *out, size_t len, uint16_t sym_size, const uint8_t *syms,
		     const uint32_t *esi, unsigned int n);
struct upd_enc *upd_enc_new(const uint8_t *data, size_t len, uint16_t sym_size);
void upd_enc_symbol(struct upd_enc *e, uint8_t *sym, uint32_t *esi);
void upd_enc_free(struct upd_enc *e);
int upd_fec_decode(uint8_t *out, size_t len, uint16_t sym_size, const uint8_t *syms,
		   const uint32_t *esi, unsigned int n);

/* sign.c: Ed25519 and BLAKE2b through libsodium */
int upd_crypto_init(void);
void upd_hash(uint8_t out[UPD_HASH_LEN], const void *data, size_t len);
void upd_keypair(const uint8_t seed[UPD_SEED_LEN], uint8_t pk[UPD_PK_LEN], uint8_t sk[64]);
void upd_sign(uint8_t *pkt, size_t signed_len, const uint8_t sk[64]);
int upd_verify(const struct upd_pkt *p, const uint8_t *pkt, const uint8_t pk[UPD_PK_LEN]);
int upd_read_hexkey(const char *path, uint8_t *out, size_t len, char *err, size_t errlen);

/* mld.c: does an MLD report say someone listens to (source, group)? */
enum upd_mld {
	UPD_MLD_NONE,		/* not a report about the group */
	UPD_MLD_JOIN,		/* the reporter listens */
	UPD_MLD_LEAVE,		/* the reporter stopped listening */
};
enum upd_mld upd_mld_parse(const uint8_t *icmp, size_t len, const uint8_t group[16],
			   const uint8_t source[16]);

/* who listens, as MLD reports said, until when */
#define UPD_LISTENERS_MAX	256
struct upd_listeners {
	unsigned int n;
	struct {
		uint8_t addr[16];
		double expires;
	} who[UPD_LISTENERS_MAX];
};
void upd_listeners_note(struct upd_listeners *l, const uint8_t who[16], enum upd_mld v,
			double now, double hold);
unsigned int upd_listeners_count(struct upd_listeners *l, double now);


/* a manifest and the hashes of the current group every 2 blocks, so a
 * receiver that lost one (or joined late) parks no more than 2 blocks */
#define UPD_CTRL_BLOCKS		2

/* tx.c: the sender's packet loop, free of sockets */
struct upd_tx {
	const uint8_t *data;
	struct upd_manifest m;
	uint8_t sk[64];
	uint8_t *hashes;		/* nblocks * 32 */
	unsigned int repair_pct;	/* repair symbols a pass, % of K' (at least 2) */
	uint64_t pass;			/* completed loops over the object */
	uint32_t block;			/* block being sent */
	unsigned int step;		/* 0 manifest, 1 hashes, 2 + symbols sent */
	unsigned int nsym;		/* symbols of this block this pass */
	struct upd_enc *enc;		/* this block's encoder */
	struct upd_enc **cache;		/* kept encoders by block, or NULL */
	uint32_t cache_max, cached;	/* encoders it may keep; keeps */
	uint64_t encoded;		/* encoders made (RaptorQ encodings run) */
	uint64_t sent[UPD_T_SYMBOL + 1];/* packets sent, by type */
};
/* memory an encoder is charged in the cache: liblcrq keeps the L
 * intermediate symbols, about 95 KiB for a 64 KiB block of 1200-byte symbols */
#define UPD_ENC_COST(block_size)	((uint64_t)(block_size) * 3 / 2)
#define UPD_GROUP_BLOCKS	UPD_HASHES_MAX	/* manifest + hashes every 32 blocks */

int upd_tx_init(struct upd_tx *tx, const uint8_t *data, const struct upd_manifest *params,
		const uint8_t sk[64], unsigned int repair_pct);
int upd_tx_cache(struct upd_tx *tx, uint64_t bytes);
size_t upd_tx_next(struct upd_tx *tx, uint8_t *buf);
unsigned int upd_tx_block_symbols(const struct upd_tx *tx, uint32_t block);
void upd_tx_free(struct upd_tx *tx);

/* rx.c: the receiver, free of sockets; writes OUT.part, OUT.state, OUT */
#define UPD_RX_SLOTS		8	/* blocks being collected at once */
#define UPD_RX_EXTRA		16	/* symbols kept beyond K' before a restart */
#define UPD_RX_PARK		512	/* datagrams held until their manifest or hash comes */

struct upd_slot {
	uint64_t stamp;			/* 0: free; else last use, for eviction */
	uint32_t block;
	uint32_t k, kp;			/* K and K' of this block */
	uint32_t n, nsrc;		/* symbols held; of them source symbols */
	uint32_t esi[UPD_K_MAX + 64];
	uint8_t *syms;			/* (kp + UPD_RX_EXTRA) * T bytes */
};

struct upd_rx {
	/* configuration */
	uint8_t pk[UPD_PK_LEN];
	uint64_t max_size;
	uint32_t want_id;		/* follow only this object, if has_want_id */
	int has_want_id;
	char *out, *part, *state;	/* OUT, OUT.part, OUT.state */
	/* what is installed at OUT */
	int installed;
	uint32_t inst_id, inst_ver;
	/* the download under way */
	int have_m;
	struct upd_manifest m;
	uint8_t mraw[UPD_MAX_PAYLOAD];
	size_t mlen;
	int fd;				/* OUT.part */
	uint8_t *hashes;		/* nblocks * 32 */
	uint8_t *hash_known, *done;	/* bitmaps over blocks */
	uint32_t ndone, nresumed;
	struct upd_slot slot[UPD_RX_SLOTS];
	uint64_t stamp;
	int finished;			/* the object is installed at OUT */
	/* symbols and hashes that came before what they depend on */
	uint8_t (*park)[UPD_MAX_PAYLOAD];
	uint16_t park_len[UPD_RX_PARK];
	uint8_t park_why[UPD_RX_PARK];
	unsigned int park_head, park_n;
	int replay;
	/* counters */
	uint64_t packets, bytes, symbols_used, blocks_decoded, blocks_assembled, parked;
	uint64_t drops[__UPD_DROP_MAX];
};

int upd_rx_open(struct upd_rx *rx, const char *out, const uint8_t pk[UPD_PK_LEN],
		uint64_t max_size, char *err, size_t errlen);
enum upd_drop upd_rx_input(struct upd_rx *rx, const uint8_t *buf, size_t len);
void upd_rx_close(struct upd_rx *rx);
int upd_hash_fd(int fd, uint64_t size, uint8_t out[UPD_HASH_LEN]);

#endif
