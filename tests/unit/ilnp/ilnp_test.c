// SPDX-License-Identifier: GPL-2.0-only
/*
 * ilnp_test.c - the ILNPv6 pure core: I-LV split/join, Locator Update
 * encode/decode and every ILNP_LU_* rejection, the nonce option and every
 * ILNP_NONCE_* rejection, checksum rewriting against full computation in
 * both modes, and the ILCC's states, bounds and clock. TAP; last line
 * "N passed, N failed".
 *
 * "ilnp_test --emit" prints the test vectors as "name hex" lines instead,
 * for the scapy cross-check (vectors.py).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ilnp.h"
#include "../tap.h"


/* 2001:db8:a::/64, 2001:db8:b::/64, 2001:db8:c::/64 */
#define LA 0x20010db8000a0000ULL
#define LB 0x20010db8000b0000ULL
#define LC 0x20010db8000c0000ULL
#define NID_MN 0x000000000000000aULL
#define NID_CN 0x000000000000000bULL

static const struct ilnp_lu good_lu = {
	.op = ILNP_LU_ADVERTISE, .n_locs = 3,
	.locs = { { LA, 10, 30 }, { LB, 20, 30 }, { LC, 30, 0xffff } },
};

static void hex(const char *name, const uint8_t *p, size_t len)
{
	size_t i;

	printf("%s ", name);
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static void test_ilv(void)
{
	uint8_t a[16], b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, [15] = 0x0a };
	ilnp_l64 l;
	ilnp_nid id;

	ilnp_ilv_split(b, &l, &id);
	OK(l == LA && id == NID_MN, "ilv: split 2001:db8:a::a into L64 and NID");
	ilnp_ilv_join(a, l, id);
	OK(!memcmp(a, b, 16), "ilv: join gives the address back");
}

static enum ilnp_lu_err lu_mut(int off, uint8_t val, ssize_t dlen)
{
	uint8_t buf[256];
	struct ilnp_lu lu;
	size_t len = ilnp_lu_encode(&good_lu, buf, sizeof(buf));

	if (off >= 0)
		buf[off] = val;
	return ilnp_lu_decode(buf, len + dlen, &lu);
}

static void test_lu(void)
{
	uint8_t buf[256], src[16] = { 0x20, 1, [15] = 0xa }, dst[16] = { 0x20, 2, [15] = 0xb };
	struct ilnp_lu lu, many = good_lu;
	size_t len;
	int i;

	len = ilnp_lu_encode(&good_lu, buf, sizeof(buf));
	OK(len == 8 + 3 * 12, "lu: 3 locators encode to 44 bytes (got %zu)", len);
	OK(buf[0] == 156 && buf[4] == 3 && buf[5] == 1 && buf[8] == 0x20 && buf[17] == 10 &&
	   buf[19] == 30, "lu: type, count, operation, first locator, pref, lifetime in place");
	OK(ilnp_lu_decode(buf, len, &lu) == ILNP_LU_OK && ilnp_lu_same(&lu, &good_lu) &&
	   lu.op == ILNP_LU_ADVERTISE, "lu: decode gives the same list back");
	OK(ilnp_lu_encode(&good_lu, buf, len - 1) == 0, "lu: encode refuses a small buffer");
	many.n_locs = ILNP_LU_MAX_LOCS + 1;
	OK(ilnp_lu_encode(&many, buf, sizeof(buf)) == 0, "lu: encode refuses %d locators",
	   ILNP_LU_MAX_LOCS + 1);
	many.n_locs = 0;
	OK(ilnp_lu_encode(&many, buf, sizeof(buf)) == 0, "lu: encode refuses 0 locators");

	len = ilnp_lu_encode(&good_lu, buf, sizeof(buf));
	ilnp_lu_set_checksum(buf, len, src, dst);
	OK(ilnp_lu_checksum_ok(buf, len, src, dst), "lu: checksum verifies");
	dst[8] ^= 1;
	OK(!ilnp_lu_checksum_ok(buf, len, src, dst), "lu: checksum fails for another address");

	OK(lu_mut(-1, 0, 7 - 44) == ILNP_LU_SHORT, "lu: 7 bytes -> short");
	OK(lu_mut(0, 155, 0) == ILNP_LU_TYPE, "lu: type 155 -> type");
	OK(lu_mut(1, 1, 0) == ILNP_LU_CODE, "lu: code 1 -> code");
	OK(lu_mut(5, 0, 0) == ILNP_LU_OPERATION, "lu: operation 0 -> operation");
	OK(lu_mut(5, 3, 0) == ILNP_LU_OPERATION, "lu: operation 3 -> operation");
	OK(lu_mut(7, 1, 0) == ILNP_LU_RESERVED, "lu: reserved bit -> reserved");
	OK(lu_mut(4, 0, 0) == ILNP_LU_NO_LOCATORS, "lu: 0 locators -> no-locators");
	OK(lu_mut(4, ILNP_LU_MAX_LOCS + 1, 0) == ILNP_LU_TOO_MANY, "lu: 9 locators -> too-many");
	OK(lu_mut(4, 2, 0) == ILNP_LU_LENGTH, "lu: count 2 with 3 entries -> length");
	OK(lu_mut(-1, 0, -1) == ILNP_LU_LENGTH, "lu: one byte short -> length");
	OK(lu_mut(-1, 0, 1) == ILNP_LU_LENGTH, "lu: one byte long -> length");
	memset(buf, 0, sizeof(buf));
	len = ilnp_lu_encode(&good_lu, buf, sizeof(buf));
	memset(buf + 20, 0, 8);
	OK(ilnp_lu_decode(buf, len, &lu) == ILNP_LU_ZERO_LOCATOR, "lu: zero L64 -> zero-locator");
	len = ilnp_lu_encode(&good_lu, buf, sizeof(buf));
	memcpy(buf + 32, buf + 8, 8);
	OK(ilnp_lu_decode(buf, len, &lu) == ILNP_LU_DUPLICATE, "lu: same L64 twice -> duplicate");
	for (i = 0; i <= __ILNP_LU_MAX; i++)
		if (!ilnp_lu_err_name(i) || !*ilnp_lu_err_name(i))
			break;
	OK(i == __ILNP_LU_MAX + 1 && !strcmp(ilnp_lu_err_name(ILNP_LU_CHECKSUM), "checksum") &&
	   !strcmp(ilnp_lu_err_name(99), "unknown"), "lu: every result has a name");
}

static void test_nonce(void)
{
	struct ilnp_nonce s = { 4, { 1, 2, 3, 4 } }, l = { 12, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 } };
	struct ilnp_nonce bad = { 8, { 0 } };
	struct ilnp_dstopt d;
	uint8_t buf[64];
	size_t len;

	len = ilnp_nonce_encode(&s, 17, buf, sizeof(buf));
	OK(len == 8 && buf[0] == 17 && buf[1] == 0 && buf[2] == 0x8b && buf[3] == 4 && buf[7] == 4,
	   "nonce: 32-bit option in an 8-byte header");
	OK(ilnp_nonce_parse(buf, len, &d) == ILNP_NONCE_OK && ilnp_nonce_eq(&d.nonce, &s) &&
	   d.next_header == 17 && d.hdr_len == 8 && d.only_nonce && d.opt_off == 2,
	   "nonce: 32-bit parses back");
	len = ilnp_nonce_encode(&l, 6, buf, sizeof(buf));
	OK(len == 16 && buf[1] == 1 && buf[3] == 12 && buf[15] == 12,
	   "nonce: 96-bit option in a 16-byte header");
	OK(ilnp_nonce_parse(buf, len, &d) == ILNP_NONCE_OK && ilnp_nonce_eq(&d.nonce, &l) &&
	   !ilnp_nonce_eq(&d.nonce, &s), "nonce: 96-bit parses back, differs from the 32-bit");
	OK(ilnp_nonce_encode(&bad, 6, buf, sizeof(buf)) == 0, "nonce: encode refuses 8 bytes");
	OK(ilnp_nonce_encode(&l, 6, buf, 15) == 0, "nonce: encode refuses a small buffer");

	OK(ilnp_nonce_parse(buf, 1, &d) == ILNP_NONCE_SHORT, "nonce: 1 byte -> short");
	OK(ilnp_nonce_parse(buf, 15, &d) == ILNP_NONCE_SHORT, "nonce: header longer than data -> short");
	{
		uint8_t t[8] = { 17, 0, 1, 2, 0, 0, 0x8b, 4 };	/* PadN then a cut option */

		OK(ilnp_nonce_parse(t, 8, &d) == ILNP_NONCE_TRUNCATED, "nonce: option past the end -> truncated");
	}
	{
		uint8_t t[8] = { 17, 0, 0x8b, 3, 1, 2, 3, 0 };

		OK(ilnp_nonce_parse(t, 8, &d) == ILNP_NONCE_BAD_LEN, "nonce: length 3 -> nonce-length");
	}
	{
		uint8_t t[16] = { 17, 1, 0x8b, 4, 1, 2, 3, 4, 0x8b, 4, 5, 6, 7, 8, 1, 0 };

		OK(ilnp_nonce_parse(t, 16, &d) == ILNP_NONCE_TWICE, "nonce: two options -> two-nonces");
	}
	{
		uint8_t t[8] = { 17, 0, 1, 4, 0, 0, 0, 0 };

		OK(ilnp_nonce_parse(t, 8, &d) == ILNP_NONCE_ABSENT && d.hdr_len == 8,
		   "nonce: PadN only -> no-nonce");
	}
	{
		uint8_t t[16] = { 17, 1, 0x8b, 4, 1, 2, 3, 4, 0x1e, 2, 0, 0, 0, 1, 0, 0 };

		OK(ilnp_nonce_parse(t, 16, &d) == ILNP_NONCE_OK && !d.only_nonce && d.nonce.len == 4,
		   "nonce: beside another option, not removable whole");
	}
	OK(!strcmp(ilnp_nonce_err_name(ILNP_NONCE_TWICE), "two-nonces") &&
	   !strcmp(ilnp_nonce_err_name(77), "unknown"), "nonce: results have names");
}

/* A UDP datagram from MN (I-LV @sl) to CN (@dl) of @plen bytes */
static size_t udp(uint8_t *p, size_t plen, uint32_t seed)
{
	size_t i;

	memset(p, 0, 8);
	ilnp_put16(p, 40000);
	ilnp_put16(p + 2, 5001);
	ilnp_put16(p + 4, (uint16_t)(8 + plen));
	for (i = 0; i < plen; i++) {
		seed = seed * 1103515245 + 12345;
		p[8 + i] = (uint8_t)(seed >> 16);
	}
	return 8 + plen;
}

static void test_csum(void)
{
	uint8_t stack_s[16], stack_d[16], wire_s[16], wire_d[16], ps[16], pd[16], p[1500];
	unsigned int mode, k, bad = 0;

	ilnp_ilv_join(stack_s, LA, NID_MN);	/* home locators */
	ilnp_ilv_join(stack_d, LB, NID_CN);
	ilnp_ilv_join(wire_s, LC, NID_MN);	/* MN moved to c */
	ilnp_ilv_join(wire_d, LB, NID_CN);
	for (mode = ILNP_CSUM_RFC; mode <= ILNP_CSUM_IPV6; mode++) {
		for (k = 0; k < 200; k++) {
			size_t len = udp(p, k * 7 % 1400, k);
			uint16_t c, want, got;

			c = ilnp_l4_checksum(ILNP_CSUM_IPV6, stack_s, stack_d, 17, p, len);
			ilnp_pseudo_addr(mode, wire_s, ps);
			ilnp_pseudo_addr(mode, wire_d, pd);
			got = ilnp_csum_rewrite(c, stack_s, stack_d, ps, pd);
			want = ilnp_l4_checksum(mode, wire_s, wire_d, 17, p, len);
			/* 0 and 0xffff are the same one's complement sum */
			if (got != want && !(got == 0xffff && want == 0) && !(got == 0 && want == 0xffff))
				bad++;
			/* and back: the receiver's rewrite to its stack view */
			if (ilnp_csum_rewrite(got, ps, pd, stack_s, stack_d) != (c ? c : 0xffff))
				bad++;
		}
		OK(!bad, "csum: %s: stack->wire rewrite equals a full sum, 200 datagrams, and back",
		   mode == ILNP_CSUM_RFC ? "rfc" : "ipv6");
	}
	udp(p, 100, 7);
	OK(ilnp_l4_checksum(ILNP_CSUM_RFC, stack_s, stack_d, 17, p, 108) ==
	   ilnp_l4_checksum(ILNP_CSUM_RFC, wire_s, wire_d, 17, p, 108) &&
	   ilnp_l4_checksum(ILNP_CSUM_IPV6, stack_s, stack_d, 17, p, 108) !=
	   ilnp_l4_checksum(ILNP_CSUM_IPV6, wire_s, wire_d, 17, p, 108),
	   "csum: rfc mode does not depend on the locators, ipv6 mode does");
}

static const struct ilnp_locator la = { LA, 10, 30 }, lb = { LB, 20, 30 }, lc = { LC, 5, 30 };

static void test_ilcc(void)
{
	struct ilnp_ilcc_entry store[4], *e, *f;
	const struct ilnp_ilcc_loc *s;
	struct ilnp_locator two[2] = { la, lb }, zero = { 0, 1, 1 }, gone = { LA, 10, 0 };
	struct ilnp_locator nine[9];
	struct ilnp_ilcc c;
	unsigned int i;
	uint64_t t = 1000;

	ilnp_ilcc_init(&c, store, 4, 60000);
	OK(ilnp_ilcc_get(&c, 0, t, &e) == ILNP_ILCC_NO_NID && !e, "ilcc: NID 0 refused");
	OK(ilnp_ilcc_get(&c, NID_CN, t, &e) == ILNP_ILCC_OK && e && c.used == 1, "ilcc: new entry");
	OK(ilnp_ilcc_get(&c, NID_CN, t + 5, &f) == ILNP_ILCC_OK && f == e && c.used == 1 &&
	   e->last_used == t + 5, "ilcc: same NID, same entry, last use updated");
	OK(ilnp_ilcc_learn(e, two, 2, false, t) == ILNP_ILCC_OK, "ilcc: learn a and b");
	s = ilnp_ilcc_select(e, t);
	OK(s && s->l64 == LA && s->state == ILNP_LOC_ACTIVE, "ilcc: a (pref 10) active");
	OK(ilnp_ilcc_learn(e, &zero, 1, false, t) == ILNP_ILCC_BAD_LOCATOR &&
	   e->locs[0].state == ILNP_LOC_ACTIVE, "ilcc: zero L64 refused, nothing changed");
	for (i = 0; i < 9; i++)
		nine[i] = (struct ilnp_locator){ LA + (i + 1) * 0x10000ULL, 1, 1 };
	OK(ilnp_ilcc_learn(e, nine, 9, false, t) == ILNP_ILCC_BAD_LOCATOR, "ilcc: 9 locators refused");
	OK(ilnp_ilcc_learn(e, &lc, 1, false, t) == ILNP_ILCC_OK &&
	   ilnp_ilcc_select(e, t)->l64 == LC, "ilcc: c (pref 5) learnt and preferred");
	OK(ilnp_ilcc_find(&c, NID_CN)->locs[0].state == ILNP_LOC_VALID,
	   "ilcc: a goes back to valid");

	/* a Locator Update replacing the set with {b}: a and c age */
	OK(ilnp_ilcc_learn(e, &lb, 1, true, t + 100) == ILNP_ILCC_OK, "ilcc: update {b}");
	OK(e->locs[0].state == ILNP_LOC_AGED && e->locs[2].state == ILNP_LOC_AGED,
	   "ilcc: a and c aged");
	OK(ilnp_ilcc_select(e, t + 100)->l64 == LB, "ilcc: b active");
	OK(ilnp_ilcc_accepts(e, LA) && ilnp_ilcc_accepts(e, LB) &&
	   !ilnp_ilcc_accepts(e, LA + 0x990000ULL), "ilcc: aged a still accepted, unknown not");
	OK(ilnp_ilcc_tick(&c, t + 100 + ILNP_ILCC_GRACE_MS) == 2 &&
	   e->locs[0].state == ILNP_LOC_EXPIRED && !ilnp_ilcc_accepts(e, LA),
	   "ilcc: after the grace time a and c expire");
	OK(ilnp_ilcc_learn(e, &gone, 1, false, t + 200) == ILNP_ILCC_OK &&
	   e->locs[0].state == ILNP_LOC_AGED, "ilcc: lifetime 0 withdraws (aged)");
	/* b's lifetime: 30 s from t + 100 */
	OK(ilnp_ilcc_select(e, t + 100 + 29999) && !ilnp_ilcc_select(e, t + 100 + 30000),
	   "ilcc: b not chosen once its lifetime is over");
	OK(ilnp_ilcc_tick(&c, t + 100 + 30000) >= 1 && e->locs[1].state == ILNP_LOC_AGED,
	   "ilcc: tick ages b at the end of its lifetime");
	OK(ilnp_ilcc_tick(&c, t + 100 + 30000 + ILNP_ILCC_GRACE_MS) >= 1 &&
	   e->locs[1].state == ILNP_LOC_EXPIRED, "ilcc: and expires it after the grace time");
	OK(ilnp_ilcc_tick(&c, t + 5 + 60000 + 1) == 1 && !ilnp_ilcc_find(&c, NID_CN) && c.used == 0,
	   "ilcc: dead and idle: entry removed");

	/* bound: a flood of new NIDs fills 4 slots and then is refused */
	for (i = 0; i < 4; i++)
		ilnp_ilcc_get(&c, 100 + i, t, &e);
	OK(c.used == 4 && ilnp_ilcc_get(&c, 200, t + 10, &e) == ILNP_ILCC_FULL && !e,
	   "ilcc: full, busy entries are not evicted");
	ilnp_ilcc_get(&c, 101, t + 60000, &e);
	OK(ilnp_ilcc_get(&c, 200, t + 60000, &e) == ILNP_ILCC_OK && !ilnp_ilcc_find(&c, 100) &&
	   ilnp_ilcc_find(&c, 101) && c.used == 4, "ilcc: the idle LRU entry is evicted");
	for (i = 0; i <= ILNP_LOC_EXPIRED; i++)
		if (!strcmp(ilnp_loc_state_name(i), "unknown"))
			break;
	OK(i == ILNP_LOC_EXPIRED + 1 && !strcmp(ilnp_ilcc_err_name(ILNP_ILCC_FULL), "cache-full"),
	   "ilcc: states and results have names");
}

/* Vectors for tests/unit/ilnp/vectors.py, which builds the same with scapy */
static void emit(void)
{
	uint8_t src[16], dst[16], buf[256], p[300];
	struct ilnp_nonce s = { 4, { 0xde, 0xad, 0xbe, 0xef } };
	struct ilnp_nonce l = { 12, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 } };
	struct ilnp_lu ack = good_lu;
	size_t len, plen;

	ilnp_ilv_join(src, LA, NID_MN);
	ilnp_ilv_join(dst, LB, NID_CN);
	len = ilnp_lu_encode(&good_lu, buf, sizeof(buf));
	ilnp_lu_set_checksum(buf, len, src, dst);
	hex("lu_advertise", buf, len);
	ack.op = ILNP_LU_ACK;
	len = ilnp_lu_encode(&ack, buf, sizeof(buf));
	ilnp_lu_set_checksum(buf, len, dst, src);
	hex("lu_ack", buf, len);
	hex("nonce32", buf, ilnp_nonce_encode(&s, 58, buf, sizeof(buf)));
	hex("nonce96", buf, ilnp_nonce_encode(&l, 17, buf, sizeof(buf)));
	plen = udp(p, 100, 7);
	ilnp_put16(p + 6, ilnp_l4_checksum(ILNP_CSUM_IPV6, src, dst, 17, p, plen));
	hex("udp_ipv6", p, plen);
	ilnp_put16(p + 6, 0);
	ilnp_put16(p + 6, ilnp_l4_checksum(ILNP_CSUM_RFC, src, dst, 17, p, plen));
	hex("udp_rfc", p, plen);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--emit")) {
		emit();
		return 0;
	}
	test_ilv();
	test_lu();
	test_nonce();
	test_csum();
	test_ilcc();
	return TAP_END();
}
