// SPDX-License-Identifier: GPL-2.0-only
/*
 * ilnp_fuzz.c - libFuzzer target for the ILNPv6 core. The first byte picks
 * a path, the rest is the input:
 *   Locator Update decode: whatever it accepts must re-encode to the same
 *	bytes (checksum field aside) and fit the ILCC;
 *   nonce parse: an accepted option must lie inside the header, which must
 *	lie inside the input, and re-encode to a parseable header;
 *   ILCC: the input is a script of get/learn/select/tick operations on a
 *	small table whose invariants are checked after each step.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ilnp.h"

static void lu(const uint8_t *buf, size_t size)
{
	uint8_t out[256];
	struct ilnp_lu m;
	size_t len;

	if (ilnp_lu_decode(buf, size, &m) != ILNP_LU_OK)
		return;
	len = ilnp_lu_encode(&m, out, sizeof(out));
	if (len != size || memcmp(out + 4, buf + 4, size - 4) || out[0] != buf[0] || out[1] != buf[1])
		abort();
}

static void nonce(const uint8_t *buf, size_t size)
{
	struct ilnp_dstopt d, e;
	uint8_t out[16];
	size_t len;

	switch (ilnp_nonce_parse(buf, size, &d)) {
	case ILNP_NONCE_OK:
		if (d.hdr_len > size || d.opt_off + 2u + d.nonce.len > d.hdr_len)
			abort();
		len = ilnp_nonce_encode(&d.nonce, d.next_header, out, sizeof(out));
		if (!len || ilnp_nonce_parse(out, len, &e) != ILNP_NONCE_OK ||
		    !ilnp_nonce_eq(&d.nonce, &e.nonce) || !e.only_nonce)
			abort();
		break;
	case ILNP_NONCE_ABSENT:
		if (d.hdr_len > size || d.nonce.len)
			abort();
		break;
	default:
		break;
	}
}

static void ilcc(const uint8_t *p, size_t size)
{
	struct ilnp_ilcc_entry store[3], *e;
	struct ilnp_locator locs[ILNP_ILCC_LOCS];
	struct ilnp_ilcc c;
	uint64_t now = 0;
	unsigned int i, j, used;

	ilnp_ilcc_init(&c, store, 3, 1000);
	while (size >= 4) {
		ilnp_nid nid = p[1] & 7;
		unsigned int n = p[2] % (ILNP_ILCC_LOCS + 2);

		now += p[3] * 50;
		switch (p[0] & 3) {
		case 0:
			ilnp_ilcc_get(&c, nid, now, &e);
			break;
		case 1:
			e = ilnp_ilcc_find(&c, nid);
			for (i = 0; i < ILNP_ILCC_LOCS; i++)
				locs[i] = (struct ilnp_locator){ (p[2] >> (i % 4)) & 3, p[3] & 3, p[3] >> 4 };
			if (e && n <= ILNP_ILCC_LOCS)
				ilnp_ilcc_learn(e, locs, n, p[0] & 4, now);
			break;
		case 2:
			e = ilnp_ilcc_find(&c, nid);
			if (e) {
				const struct ilnp_ilcc_loc *l = ilnp_ilcc_select(e, now);

				if (l && (l->state != ILNP_LOC_ACTIVE || l->expires <= now ||
					  !ilnp_ilcc_accepts(e, l->l64)))
					abort();
			}
			break;
		default:
			ilnp_ilcc_tick(&c, now);
			break;
		}
		for (i = used = 0; i < c.cap; i++) {
			unsigned int active = 0;

			if (!store[i].nid)
				continue;
			used++;
			for (j = 0; j < ILNP_ILCC_LOCS; j++) {
				if (store[i].locs[j].state > ILNP_LOC_EXPIRED)
					abort();
				active += store[i].locs[j].state == ILNP_LOC_ACTIVE;
			}
			if (active > 1)
				abort();
		}
		if (used != c.used || used > c.cap)
			abort();
		p += 4;
		size -= 4;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;

	if (!size)
		return 0;
	/* an exact-size heap copy, so ASan sees any read past the end */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	switch (data[0] % 3) {
	case 0:
		lu(buf, size - 1);
		break;
	case 1:
		nonce(buf, size - 1);
		break;
	default:
		ilcc(buf, size - 1);
		break;
	}
	free(buf);
	return 0;
}
