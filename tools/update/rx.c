// SPDX-License-Identifier: GPL-2.0-only
/*
 * rx.c - the receiver, free of sockets: upd_rx_input() takes one datagram
 * and either uses it or counts it under one drop reason.
 *
 * Trust: nothing is kept before a manifest whose Ed25519 signature verifies
 * against the configured key; block hashes come only from signed HASHES
 * packets of that same object and version; a block is written (at its own
 * offset, never past the manifest's size) only once RaptorQ decoding gives
 * bytes whose BLAKE2b-256 is the signed one; OUT appears (rename) only when
 * the whole file's hash is the manifest's. Memory is bounded by --max-size
 * (bitmaps and hashes) and UPD_RX_SLOTS blocks of symbols, whatever a sender
 * claims.
 *
 * Files beside OUT: OUT.part (the content, written in place) and OUT.state
 * (what is installed, and the download under way: its signed manifest and
 * which blocks are done), so a restarted receiver resumes and refuses a
 * rollback.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "update.h"

#define STATE_MAGIC	"S6UPST01"
#define STATE_HDR	(8 + 4 + 4 + 4 + 2)

static int bit_test(const uint8_t *map, uint32_t i)
{
	return map[i / 8] >> (i % 8) & 1;
}

static void bit_set(uint8_t *map, uint32_t i)
{
	map[i / 8] |= 1 << (i % 8);
}

static size_t map_len(uint32_t nblocks)
{
	return (nblocks + 7) / 8;
}

static void put32(uint8_t *b, uint32_t v)
{
	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void slot_free(struct upd_slot *s)
{
	free(s->syms);
	memset(s, 0, sizeof(*s));
}

/* forget the download under way (not what is installed) */
static void drop_download(struct upd_rx *rx)
{
	unsigned int i;

	for (i = 0; i < UPD_RX_SLOTS; i++)
		slot_free(&rx->slot[i]);
	free(rx->hashes);
	free(rx->hash_known);
	free(rx->done);
	rx->hashes = rx->hash_known = rx->done = NULL;
	if (rx->fd >= 0)
		close(rx->fd);
	rx->fd = -1;
	rx->have_m = 0;
	rx->mlen = 0;
	rx->ndone = 0;
}

/*
 * OUT.state, written whole to OUT.state.tmp and renamed: never half old, half
 * new. Synced to disk only when it records an installation (@sync): a lost
 * block record costs a block again, a lost installation record a rollback.
 */
static int save_state(struct upd_rx *rx, int sync)
{
	size_t len = STATE_HDR + rx->mlen + (rx->have_m ? map_len(rx->m.nblocks) : 0);
	uint8_t *b = malloc(len);
	char tmp[4096];
	int fd, rc = -1;

	if (!b)
		return -1;
	memcpy(b, STATE_MAGIC, 8);
	put32(b + 8, rx->installed);
	put32(b + 12, rx->inst_id);
	put32(b + 16, rx->inst_ver);
	b[20] = rx->mlen >> 8;
	b[21] = rx->mlen;
	memcpy(b + STATE_HDR, rx->mraw, rx->mlen);
	if (rx->have_m)
		memcpy(b + STATE_HDR + rx->mlen, rx->done, map_len(rx->m.nblocks));
	snprintf(tmp, sizeof(tmp), "%s.tmp", rx->state);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, b, len) == (ssize_t)len && (!sync || !fsync(fd)))
			rc = 0;
		close(fd);
		if (!rc)
			rc = rename(tmp, rx->state);
	}
	free(b);
	return rc;
}

/* take manifest @p (bytes @pkt, @len, signature verified) as the download */
static int start_download(struct upd_rx *rx, const struct upd_pkt *p, const uint8_t *pkt,
			  size_t len, int create)
{
	size_t nmap = map_len(p->m.nblocks);

	drop_download(rx);
	rx->m = p->m;
	memcpy(rx->mraw, pkt, len);
	rx->mlen = len;
	rx->hashes = malloc((size_t)p->m.nblocks * UPD_HASH_LEN);
	rx->hash_known = calloc(1, nmap);
	rx->done = calloc(1, nmap);
	rx->fd = open(rx->part, O_RDWR | (create ? O_CREAT | O_TRUNC : 0), 0644);
	if (!rx->hashes || !rx->hash_known || !rx->done || rx->fd < 0 ||
	    ftruncate(rx->fd, p->m.size)) {
		drop_download(rx);
		return -1;
	}
	rx->have_m = 1;
	return 0;
}

/* OUT.state at start: what is installed, and a download to resume */
static void load_state(struct upd_rx *rx)
{
	struct upd_pkt p;
	struct stat st;
	uint8_t *b = NULL;
	size_t mlen;
	uint32_t i;
	int fd = open(rx->state, O_RDONLY);

	if (fd < 0)
		return;
	/* no larger than a manifest and the bitmap of the largest allowed object */
	if (fstat(fd, &st) || st.st_size < STATE_HDR ||
	    (uint64_t)st.st_size > STATE_HDR + UPD_MAX_PAYLOAD + rx->max_size / UPD_BLOCK_MIN / 8 + 1)
		goto out;
	b = malloc(st.st_size);
	if (!b || read(fd, b, st.st_size) != st.st_size || memcmp(b, STATE_MAGIC, 8))
		goto out;
	rx->installed = !!get32(b + 8);
	rx->inst_id = get32(b + 12);
	rx->inst_ver = get32(b + 16);
	mlen = (size_t)b[20] << 8 | b[21];
	if (!mlen || mlen > UPD_MAX_PAYLOAD || (size_t)st.st_size < STATE_HDR + mlen)
		goto out;
	/* the saved manifest must still verify against the key we are given */
	if (upd_parse(b + STATE_HDR, mlen, &p) != UPD_OK || p.type != UPD_T_MANIFEST ||
	    upd_verify(&p, b + STATE_HDR, rx->pk) || p.m.size > rx->max_size ||
	    (size_t)st.st_size != STATE_HDR + mlen + map_len(p.m.nblocks))
		goto out;
	if (start_download(rx, &p, b + STATE_HDR, mlen, 0))
		goto out;
	memcpy(rx->done, b + STATE_HDR + mlen, map_len(p.m.nblocks));
	for (i = 0; i < p.m.nblocks; i++)
		rx->ndone += bit_test(rx->done, i);
	rx->nresumed = rx->ndone;
out:
	free(b);
	close(fd);
}

/*
 * upd_rx_open - receive into @out, trusting @pk, refusing objects larger than
 * @max_size; resumes from OUT.state. Returns 0, or -1 with a message in @err.
 */
int upd_rx_open(struct upd_rx *rx, const char *out, const uint8_t pk[UPD_PK_LEN],
		uint64_t max_size, char *err, size_t errlen)
{
	size_t n = strlen(out) + 8;
	int fd;

	memset(rx, 0, sizeof(*rx));
	rx->fd = -1;
	rx->park = malloc(UPD_RX_PARK * sizeof(*rx->park));
	memcpy(rx->pk, pk, UPD_PK_LEN);
	rx->max_size = max_size;
	rx->out = strdup(out);
	rx->part = malloc(n);
	rx->state = malloc(n);
	if (!rx->out || !rx->part || !rx->state || !rx->park) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(rx->part, n, "%s.part", out);
	snprintf(rx->state, n, "%s.state", out);
	/* fail now, not after the first block, if the folder is not writable */
	fd = open(rx->part, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", rx->part, strerror(errno));
		return -1;
	}
	if (fd >= 0) {
		close(fd);
		unlink(rx->part);
	}
	load_state(rx);
	return 0;
}

void upd_rx_close(struct upd_rx *rx)
{
	drop_download(rx);
	free(rx->out);
	free(rx->part);
	free(rx->state);
	free(rx->park);
	rx->out = rx->part = rx->state = NULL;
	rx->park = NULL;
}

/* the object we follow: --object, else what is installed, else the download */
static int locked_id(const struct upd_rx *rx, uint32_t *id)
{
	if (rx->has_want_id)
		*id = rx->want_id;
	else if (rx->installed)
		*id = rx->inst_id;
	else if (rx->have_m)
		*id = rx->m.id;
	else
		return 0;
	return 1;
}

static enum upd_drop on_manifest(struct upd_rx *rx, const struct upd_pkt *p,
				 const uint8_t *pkt, size_t len)
{
	uint32_t id;

	if (upd_verify(p, pkt, rx->pk))
		return UPD_DROP_SIGNATURE;
	if (locked_id(rx, &id) && p->id != id)
		return UPD_DROP_OBJECT;
	if (rx->installed && p->id == rx->inst_id) {
		if (p->version < rx->inst_ver)
			return UPD_DROP_ROLLBACK;
		if (p->version == rx->inst_ver)
			return UPD_DROP_CURRENT;
	}
	if (rx->have_m && p->id == rx->m.id) {
		if (p->version < rx->m.version)
			return UPD_DROP_ROLLBACK;
		if (p->version == rx->m.version)
			return UPD_OK;		/* the loop repeats it */
	}
	if (p->m.size > rx->max_size)
		return UPD_DROP_OVERSIZE;
	if (start_download(rx, p, pkt, len, 1) || save_state(rx, 0))
		return UPD_DROP_IO;
	return UPD_OK;
}

/* hashes and symbols belong to the manifest we hold, or are dropped */
static enum upd_drop check_object(const struct upd_rx *rx, const struct upd_pkt *p)
{
	if (!rx->have_m)
		return UPD_DROP_NO_MANIFEST;
	if (p->id != rx->m.id)
		return UPD_DROP_OBJECT;
	if (p->version < rx->m.version)
		return UPD_DROP_ROLLBACK;
	if (p->version > rx->m.version)
		return UPD_DROP_VERSION;
	return UPD_OK;
}

static enum upd_drop on_hashes(struct upd_rx *rx, const struct upd_pkt *p, const uint8_t *pkt)
{
	enum upd_drop r = check_object(rx, p);
	uint32_t i;

	if (r)
		return r;
	if ((uint64_t)p->first + p->count > rx->m.nblocks)
		return UPD_DROP_RANGE;
	if (upd_verify(p, pkt, rx->pk))
		return UPD_DROP_SIGNATURE;
	for (i = 0; i < p->count; i++) {
		memcpy(rx->hashes + (size_t)(p->first + i) * UPD_HASH_LEN,
		       p->hashes + (size_t)i * UPD_HASH_LEN, UPD_HASH_LEN);
		bit_set(rx->hash_known, p->first + i);
	}
	return UPD_OK;
}

/* the slot collecting @block, or a fresh one (evicting the least recently fed) */
static struct upd_slot *get_slot(struct upd_rx *rx, uint32_t block)
{
	struct upd_slot *s, *victim = &rx->slot[0];
	unsigned int i;

	for (i = 0; i < UPD_RX_SLOTS; i++) {
		s = &rx->slot[i];
		if (s->stamp && s->block == block)
			return s;
		if (s->stamp < victim->stamp)
			victim = s;
	}
	slot_free(victim);
	victim->block = block;
	victim->k = upd_fec_k(upd_block_len(&rx->m, block), rx->m.sym_size);
	victim->kp = upd_fec_kp(upd_block_len(&rx->m, block), rx->m.sym_size);
	if (!victim->kp || victim->kp + UPD_RX_EXTRA > sizeof(victim->esi) / sizeof(victim->esi[0]))
		return NULL;
	victim->syms = malloc((size_t)(victim->kp + UPD_RX_EXTRA) * rx->m.sym_size);
	if (!victim->syms)
		return NULL;
	victim->stamp = ++rx->stamp;
	return victim;
}

/* all blocks written: check the whole file, then rename it into place */
static enum upd_drop finish(struct upd_rx *rx)
{
	uint8_t h[UPD_HASH_LEN];

	if (upd_hash_fd(rx->fd, rx->m.size, h) || fsync(rx->fd))
		return UPD_DROP_IO;
	if (memcmp(h, rx->m.content_hash, UPD_HASH_LEN)) {
		/* signed block hashes that do not add up to the signed whole: start over */
		memset(rx->done, 0, map_len(rx->m.nblocks));
		rx->ndone = 0;
		return UPD_DROP_BAD_BLOCK;
	}
	if (rename(rx->part, rx->out))
		return UPD_DROP_IO;
	rx->installed = 1;
	rx->inst_id = rx->m.id;
	rx->inst_ver = rx->m.version;
	drop_download(rx);
	rx->finished = 1;
	return save_state(rx, 1) ? UPD_DROP_IO : UPD_OK;
}

/* @s holds its K source symbols, or K' symbols or more: assemble or decode, check, write */
static enum upd_drop try_decode(struct upd_rx *rx, struct upd_slot *s)
{
	uint32_t len = upd_block_len(&rx->m, s->block);
	uint8_t *blk, h[UPD_HASH_LEN];
	enum upd_drop r = UPD_OK;

	blk = malloc(len);
	if (!blk)
		return UPD_DROP_IO;
	if (s->nsrc == s->k &&
	    !upd_fec_assemble(blk, len, rx->m.sym_size, s->syms, s->esi, s->n)) {
		rx->blocks_assembled++;
	} else if (upd_fec_decode(blk, len, rx->m.sym_size, s->syms, s->esi, s->n)) {
		/* not enough independent symbols yet; give up on a full slot */
		if (s->n == s->kp + UPD_RX_EXTRA) {
			slot_free(s);
			r = UPD_DROP_BAD_BLOCK;
		}
		goto out;
	}
	upd_hash(h, blk, len);
	if (memcmp(h, rx->hashes + (size_t)s->block * UPD_HASH_LEN, UPD_HASH_LEN)) {
		/* a forged symbol among them: start this block again */
		slot_free(s);
		r = UPD_DROP_BAD_BLOCK;
		goto out;
	}
	if (pwrite(rx->fd, blk, len, (uint64_t)s->block * rx->m.block_size) != (ssize_t)len) {
		r = UPD_DROP_IO;
		goto out;
	}
	bit_set(rx->done, s->block);
	rx->ndone++;
	rx->blocks_decoded++;
	slot_free(s);
	if (rx->ndone == rx->m.nblocks)
		r = finish(rx);
	else if (save_state(rx, 0))
		r = UPD_DROP_IO;
out:
	free(blk);
	return r;
}

static enum upd_drop on_symbol(struct upd_rx *rx, const struct upd_pkt *p)
{
	enum upd_drop r = check_object(rx, p);
	struct upd_slot *s;
	uint32_t i;

	if (r)
		return r;
	if (p->sym_len != rx->m.sym_size)
		return UPD_DROP_MALFORMED;
	if (p->block >= rx->m.nblocks)
		return UPD_DROP_RANGE;
	if (bit_test(rx->done, p->block))
		return UPD_DROP_BLOCK_DONE;
	if (!bit_test(rx->hash_known, p->block))
		return UPD_DROP_NO_HASH;
	s = get_slot(rx, p->block);
	if (!s)
		return UPD_DROP_IO;
	for (i = 0; i < s->n; i++)
		if (s->esi[i] == p->esi)
			return UPD_DROP_DUPLICATE;
	s->esi[s->n] = p->esi;
	memcpy(s->syms + (size_t)s->n * rx->m.sym_size, p->sym, p->sym_len);
	s->n++;
	s->nsrc += p->esi < s->k;
	s->stamp = ++rx->stamp;
	rx->symbols_used++;
	if (s->n < s->kp && s->nsrc < s->k)
		return UPD_OK;
	return try_decode(rx, s);
}

static enum upd_drop handle(struct upd_rx *rx, const uint8_t *buf, size_t len)
{
	struct upd_pkt p;
	enum upd_drop r = upd_parse(buf, len, &p);

	if (r)
		return r;
	if (rx->finished)
		return UPD_DROP_CURRENT;
	switch (p.type) {
	case UPD_T_MANIFEST:
		r = on_manifest(rx, &p, buf, len);
		break;
	case UPD_T_HASHES:
		r = on_hashes(rx, &p, buf);
		break;
	default:
		return on_symbol(rx, &p);
	}
	/* what was parked may now be usable */
	if (r == UPD_OK && rx->park_n)
		rx->replay = 1;
	return r;
}

/* may this datagram become usable once a manifest or hashes arrive? */
static int parkable(enum upd_drop r)
{
	return r == UPD_DROP_NO_MANIFEST || r == UPD_DROP_NO_HASH || r == UPD_DROP_VERSION;
}

/* keep @buf for later; the oldest parked datagram gives way, counted as it was */
static void park(struct upd_rx *rx, const uint8_t *buf, size_t len, enum upd_drop r)
{
	unsigned int i = (rx->park_head + rx->park_n) % UPD_RX_PARK;

	if (rx->park_n == UPD_RX_PARK) {
		rx->drops[rx->park_why[rx->park_head]]++;
		rx->park_head = (rx->park_head + 1) % UPD_RX_PARK;
		rx->park_n--;
		i = (rx->park_head + rx->park_n) % UPD_RX_PARK;
	}
	memcpy(rx->park[i], buf, len);
	rx->park_len[i] = len;
	rx->park_why[i] = r;
	rx->park_n++;
	rx->parked++;
}

/* feed every parked datagram again, once; those still waiting stay parked */
static void replay(struct upd_rx *rx)
{
	uint8_t buf[UPD_MAX_PAYLOAD];
	unsigned int n = rx->park_n, i;
	enum upd_drop r;
	size_t len;

	rx->replay = 0;
	for (i = 0; i < n && !rx->finished; i++) {
		len = rx->park_len[rx->park_head];
		memcpy(buf, rx->park[rx->park_head], len);
		rx->park_head = (rx->park_head + 1) % UPD_RX_PARK;
		rx->park_n--;
		r = handle(rx, buf, len);
		if (parkable(r))
			park(rx, buf, len, r);
		else
			rx->drops[r]++;
	}
}

/*
 * upd_rx_input - one datagram. Returns UPD_OK if it was used (rx->finished
 * tells when the object is installed at OUT), else why it was not. Symbols
 * and hashes that arrive before their manifest or block hash are parked
 * (UPD_RX_PARK of them, oldest first out) and fed again when those arrive,
 * so a receiver that lost a manifest need not wait for the next pass. Each
 * datagram is counted in rx->drops[] once, by its final fate (UPD_OK: used);
 * rx->park_n are still waiting.
 */
enum upd_drop upd_rx_input(struct upd_rx *rx, const uint8_t *buf, size_t len)
{
	enum upd_drop r;

	rx->packets++;
	rx->bytes += len;
	r = handle(rx, buf, len);
	if (parkable(r) && rx->park)
		park(rx, buf, len, r);
	else
		rx->drops[r]++;
	while (rx->replay)
		replay(rx);
	return r;
}
