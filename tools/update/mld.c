// SPDX-License-Identifier: GPL-2.0-only
/*
 * mld.c - read MLD reports (RFC 2710 v1, RFC 3810 v2) as a sender that only
 * sends while someone listens: does this ICMPv6 message say its sender now
 * listens to (source, group), or stopped? Pure: bytes in, verdict out.
 *
 * MLDv2 report (type 143): 4 bytes, reserved(2), number of records(2), then
 * records: type(1), aux data len in 32-bit words(1), number of sources(2),
 * multicast address(16), sources(16 each), aux data.
 */
#include <string.h>
#include "update.h"

#define MLD_V1_REPORT	131
#define MLD_V1_DONE	132
#define MLD_V2_REPORT	143

enum { IS_IN = 1, IS_EX, TO_IN, TO_EX, ALLOW, BLOCK };

static int has_source(const uint8_t *srcs, unsigned int n, const uint8_t source[16])
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!memcmp(srcs + 16 * i, source, 16))
			return 1;
	return 0;
}

/* what one record says of (source, group): a filter state or a change */
static enum upd_mld record(uint8_t type, const uint8_t *srcs, unsigned int n,
			   const uint8_t source[16])
{
	int listed = has_source(srcs, n, source);

	switch (type) {
	case IS_IN:
	case TO_IN:
		return listed ? UPD_MLD_JOIN : UPD_MLD_LEAVE;
	case IS_EX:
	case TO_EX:
		return listed ? UPD_MLD_LEAVE : UPD_MLD_JOIN;
	case ALLOW:
		return listed ? UPD_MLD_JOIN : UPD_MLD_NONE;
	case BLOCK:
		return listed ? UPD_MLD_LEAVE : UPD_MLD_NONE;
	}
	return UPD_MLD_NONE;
}

/*
 * upd_mld_parse - @icmp is an ICMPv6 message of @len bytes (from its type
 * byte on). Returns UPD_MLD_JOIN/LEAVE if it is an MLD report or done about
 * @group (for MLDv2, about @source within it; MLDv1 knows no sources),
 * UPD_MLD_NONE otherwise, and for anything malformed.
 */
enum upd_mld upd_mld_parse(const uint8_t *icmp, size_t len, const uint8_t group[16],
			   const uint8_t source[16])
{
	enum upd_mld r = UPD_MLD_NONE, v;
	unsigned int nrec, i, nsrc;
	size_t off, rlen;

	if (len < 8)
		return UPD_MLD_NONE;
	if (icmp[0] == MLD_V1_REPORT || icmp[0] == MLD_V1_DONE) {
		if (len < 24 || memcmp(icmp + 8, group, 16))
			return UPD_MLD_NONE;
		return icmp[0] == MLD_V1_REPORT ? UPD_MLD_JOIN : UPD_MLD_LEAVE;
	}
	if (icmp[0] != MLD_V2_REPORT)
		return UPD_MLD_NONE;
	nrec = icmp[6] << 8 | icmp[7];
	for (i = 0, off = 8; i < nrec; i++, off += rlen) {
		if (len - off < 20)
			return UPD_MLD_NONE;
		nsrc = icmp[off + 2] << 8 | icmp[off + 3];
		rlen = 20 + 16 * (size_t)nsrc + 4 * (size_t)icmp[off + 1];
		if (len - off < rlen)
			return UPD_MLD_NONE;
		if (memcmp(icmp + off + 4, group, 16))
			continue;
		v = record(icmp[off], icmp + off + 20, nsrc, source);
		if (v != UPD_MLD_NONE)
			r = v;		/* the last record about the group wins */
	}
	return r;
}

/*
 * upd_listeners_note - record what @who (a reporter's address) said at time
 * @now: a join (re)arms its entry until @now + @hold seconds, a leave
 * removes it. The table is bounded (UPD_LISTENERS_MAX): a join when it is
 * full replaces the entry closest to expiry.
 */
void upd_listeners_note(struct upd_listeners *l, const uint8_t who[16], enum upd_mld v,
			double now, double hold)
{
	unsigned int i, victim = 0;

	for (i = 0; i < l->n; i++)
		if (!memcmp(l->who[i].addr, who, 16))
			break;
	if (v == UPD_MLD_LEAVE) {
		if (i < l->n)
			l->who[i] = l->who[--l->n];
		return;
	}
	if (v != UPD_MLD_JOIN)
		return;
	if (i == l->n) {
		if (l->n < UPD_LISTENERS_MAX) {
			l->n++;
		} else {
			for (i = 1; i < l->n; i++)
				if (l->who[i].expires < l->who[victim].expires)
					victim = i;
			i = victim;
		}
		memcpy(l->who[i].addr, who, 16);
	}
	l->who[i].expires = now + hold;
}

/* upd_listeners_count - reporters still listening at @now (expired ones forgotten) */
unsigned int upd_listeners_count(struct upd_listeners *l, double now)
{
	unsigned int i = 0;

	while (i < l->n) {
		if (l->who[i].expires <= now)
			l->who[i] = l->who[--l->n];
		else
			i++;
	}
	return l->n;
}
