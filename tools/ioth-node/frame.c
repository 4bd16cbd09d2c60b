// SPDX-License-Identifier: GPL-2.0-only
/*
 * The node's link and network layers: Ethernet II, IPv6, neighbour
 * discovery (RFC 4861: answers solicitations for its addresses, resolves
 * its next hops), ICMPv6 echo (RFC 4443) and the output path. A frame is
 * attacker-controlled: every length is checked against the frame before a
 * byte is read; nothing allocates; the cost of a frame is bounded by its
 * length (and, at a SID, by the hop budget).
 *
 *   frame:  | dst mac | src mac | 0x86dd | IPv6 header | payload ... |
 *           0         6         12       14            54
 */
#include <string.h>
#include "ioth.h"
#include "wire.h"

#define ETH_HLEN	14
#define IP6_HLEN	40
#define ICMP6_ECHO_REQ	128
#define ICMP6_ECHO_REP	129
#define ND_NS		135
#define ND_NA		136
#define ND_OPT_SLLA	1
#define ND_OPT_TLLA	2
#define ND_NA_SOLICITED	0x40
#define ND_NA_OVERRIDE	0x20

enum { NEIGH_FREE, NEIGH_INCOMPLETE, NEIGH_REACHABLE };

const char *const ioth_counter_names[__IOTH_C_MAX] = {
	[IOTH_C_INSNS]		= "instructions",
	[IOTH_C_MIGRATIONS]	= "migrations",
	[IOTH_C_RETURNED]	= "returned",
	[IOTH_C_FAILED]		= "returned-failed",
	[IOTH_C_READS]		= "port-reads",
	[IOTH_C_WRITES]		= "actuator-writes",
	[IOTH_C_DUP_WRITES]	= "duplicate-writes",
	[IOTH_C_RX]		= "rx-frames",
	[IOTH_C_TX]		= "tx-frames",
	[IOTH_C_ECHO]		= "echo-replies",
	[IOTH_C_NA_SENT]	= "na-sent",
	[IOTH_C_NS_SENT]	= "ns-sent",
	[IOTH_C_PROCESSES]	= "processes",
	[IOTH_C_BACKING_ERR]	= "backing-errors",
	[IOTH_C_WMEM_QUOTA]	= "write-memory-quota",
	[IOTH_C_WMEM_FULL]	= "write-memory-full",
};

const char *const ioth_drop_names[__IOTH_D_MAX] = {
	[IOTH_D_NOT_IPV6]	= "not-ipv6",
	[IOTH_D_NO_SRH]		= "no-srh",
	[IOTH_D_MALFORMED]	= "malformed",
	[IOTH_D_UNROUTABLE]	= "unroutable",
	[IOTH_D_NOT_MINE]	= "not-mine",
	[IOTH_D_BAD_ICMP]	= "bad-icmp",
	[IOTH_D_NO_SERVICE]	= "no-service",
	[IOTH_D_TOO_BIG]	= "too-big",
	[IOTH_D_NEIGH]		= "neigh-failed",
	[IOTH_D_OTIP]		= "otip-refused",
};

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

/**
 * ioth_csum - the Internet checksum of @data under an IPv6 pseudo-header
 *
 * Return: the value to store in the checksum field (which must be zero in
 * @data); 0 comes out as 0xffff, as UDP wants. Over a packet that holds its
 * checksum, the result is 0xffff exactly when the checksum is right.
 */
uint16_t ioth_csum(const uint8_t src[16], const uint8_t dst[16], uint8_t proto,
		   const uint8_t *data, size_t len)
{
	uint8_t tail[8] = { 0 };
	uint32_t sum;

	sriot_put32(tail, (uint32_t)len);
	tail[7] = proto;
	sum = csum_add(csum_add(csum_add(0, src, 16), dst, 16), tail, 8);
	sum = csum_add(sum, data, len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	return sum ? sum : 0xffff;
}

bool ioth_is_sid(const struct ioth_node *n, const uint8_t a[16])
{
	unsigned int i;

	for (i = 0; i < n->n_sids; i++)
		if (!memcmp(n->sid[i], a, 16))
			return true;
	return false;
}

/**
 * ioth_otip_update - the OTIP addresses for the window of @n->wall
 *
 * Only the current window's address and the previous one's are the
 * node's: a client that computed the address just before a change still
 * reaches it, an address two windows old is gone. Hashes only when the
 * window changes (once a period).
 */
void ioth_otip_update(struct ioth_node *n)
{
	struct ioth_otip *o = &n->otip;
	uint32_t w;

	if (!o->on)
		return;
	w = otip_window(n->wall, o->cfg.offset, o->cfg.period);
	if (o->valid && w == o->window)
		return;
	if (otip_addr(&o->cfg, w, o->cur) || otip_addr(&o->cfg, w - 1, o->prev)) {
		o->on = false;		/* a configuration otip_addr refuses: checked at start */
		return;
	}
	o->window = w;
	o->valid = true;
}

static bool ioth_is_otip(const struct ioth_node *n, const uint8_t a[16])
{
	return n->otip.on && (!memcmp(a, n->otip.cur, 16) || !memcmp(a, n->otip.prev, 16));
}

/* In the OTIP /64 but not a current address: a stale or guessed one */
static bool ioth_otip_refused(const struct ioth_node *n, const uint8_t a[16])
{
	return n->otip.on && otip_in_base(&n->otip.cfg, a) && !ioth_is_otip(n, a) &&
	       memcmp(a, n->addr, 16) && memcmp(a, n->router, 16);
}

/* An address neighbour discovery answers for: link, link-local and OTIP */
static bool ioth_is_addr(const struct ioth_node *n, const uint8_t a[16])
{
	return !memcmp(a, n->addr, 16) || !memcmp(a, n->lladdr, 16) || ioth_is_otip(n, a);
}

static void solicited_node(const uint8_t target[16], uint8_t mc[16])
{
	static const uint8_t pfx[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };

	memcpy(mc, pfx, 13);
	memcpy(mc + 13, target + 13, 3);
}

/* Multicast groups the node is in: all-nodes and its solicited-node ones */
static bool ioth_in_group(const struct ioth_node *n, const uint8_t a[16])
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	uint8_t mc[16];

	if (!memcmp(a, all_nodes, 16))
		return true;
	solicited_node(n->addr, mc);
	if (!memcmp(a, mc, 16))
		return true;
	solicited_node(n->lladdr, mc);
	if (!memcmp(a, mc, 16))
		return true;
	if (!n->otip.on)
		return false;
	solicited_node(n->otip.cur, mc);
	if (!memcmp(a, mc, 16))
		return true;
	solicited_node(n->otip.prev, mc);
	return !memcmp(a, mc, 16);
}

static bool ioth_on_link(const struct ioth_node *n, const uint8_t a[16])
{
	unsigned int bytes = n->plen / 8, bits = n->plen % 8;

	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return true;
	if (memcmp(a, n->addr, bytes))
		return false;
	return !bits || !((a[bytes] ^ n->addr[bytes]) & (0xff00 >> bits));
}

static void ioth_tx(struct ioth_node *n, const uint8_t *frame, size_t len)
{
	n->counter[IOTH_C_TX]++;
	n->ops->tx(n->ops_ctx, frame, len);
}

static struct ioth_neigh *neigh_find(struct ioth_node *n, const uint8_t ip[16])
{
	unsigned int i;

	for (i = 0; i < IOTH_NEIGH; i++)
		if (n->neigh[i].state != NEIGH_FREE && !memcmp(n->neigh[i].ip, ip, 16))
			return &n->neigh[i];
	return NULL;
}

/* A new entry: a free one, else the oldest (round robin over the table) */
static struct ioth_neigh *neigh_new(struct ioth_node *n, const uint8_t ip[16])
{
	struct ioth_neigh *e = NULL;
	unsigned int i;

	for (i = 0; i < IOTH_NEIGH && !e; i++)
		if (n->neigh[i].state == NEIGH_FREE)
			e = &n->neigh[i];
	if (!e) {
		e = &n->neigh[n->neigh_victim++ % IOTH_NEIGH];
		if (e->pending_len)
			n->drop[IOTH_D_NEIGH]++;
	}
	memset(e, 0, offsetof(struct ioth_neigh, pending));
	memcpy(e->ip, ip, 16);
	return e;
}

/* A neighbour's link address is known: note it, send what waited for it */
static void neigh_learn(struct ioth_node *n, const uint8_t ip[16], const uint8_t mac[6],
			bool create)
{
	struct ioth_neigh *e = neigh_find(n, ip);

	if (!e && !create)
		return;
	if (!e)
		e = neigh_new(n, ip);
	memcpy(e->mac, mac, 6);
	e->state = NEIGH_REACHABLE;
	if (e->pending_len) {
		memcpy(e->pending, mac, 6);
		ioth_tx(n, e->pending, e->pending_len);
		e->pending_len = 0;
	}
}

/* Fill in the IPv6 header's fixed part of @ip6 */
static void ip6_hdr(uint8_t *ip6, size_t plen, uint8_t nh, uint8_t hlim,
		    const uint8_t src[16], const uint8_t dst[16])
{
	memset(ip6, 0, 4);
	ip6[0] = 0x60;
	sriot_put16(ip6 + 4, plen);
	ip6[6] = nh;
	ip6[7] = hlim;
	memcpy(ip6 + 8, src, 16);
	memcpy(ip6 + 24, dst, 16);
}

static void eth_hdr(const struct ioth_node *n, uint8_t *frame, const uint8_t dst[6])
{
	memcpy(frame, dst, 6);
	memcpy(frame + 6, n->mac, 6);
	frame[12] = 0x86;
	frame[13] = 0xdd;
}

static void icmp6_csum(uint8_t *ip6)
{
	size_t len = sriot_get16(ip6 + 4);
	uint8_t *icmp = ip6 + IP6_HLEN;

	icmp[2] = icmp[3] = 0;
	sriot_put16(icmp + 2, ioth_csum(ip6 + 8, ip6 + 24, 58, icmp, len));
}

/* Solicit @target's link address (multicast to its solicited-node group) */
static void ioth_send_ns(struct ioth_node *n, const uint8_t target[16])
{
	uint8_t *f = n->txbuf, *ip6 = f + ETH_HLEN, *icmp = ip6 + IP6_HLEN, mc[16];
	uint8_t mac[6] = { 0x33, 0x33 };
	bool global = !(target[0] == 0xfe && (target[1] & 0xc0) == 0x80);

	solicited_node(target, mc);
	memcpy(mac + 2, mc + 12, 4);
	eth_hdr(n, f, mac);
	ip6_hdr(ip6, 32, 58, 255, global ? n->addr : n->lladdr, mc);
	memset(icmp, 0, 32);
	icmp[0] = ND_NS;
	memcpy(icmp + 8, target, 16);
	icmp[24] = ND_OPT_SLLA;
	icmp[25] = 1;
	memcpy(icmp + 26, n->mac, 6);
	icmp6_csum(ip6);
	n->counter[IOTH_C_NS_SENT]++;
	ioth_tx(n, f, ETH_HLEN + IP6_HLEN + 32);
}

/**
 * ioth_send_ip6 - send an IPv6 packet
 * @frame: Ethernet frame with the IPv6 packet at byte 14 (the Ethernet
 *         header is filled in here); may be the node's own txbuf
 *
 * Multicast goes to its 33:33 address; an on-link destination is resolved
 * itself, anything else through the router. While the next hop is being
 * resolved the frame waits in the neighbour entry (one frame per entry:
 * a later one replaces it, counted as neigh-failed).
 */
void ioth_send_ip6(struct ioth_node *n, uint8_t *frame, size_t len)
{
	const uint8_t *dst = frame + ETH_HLEN + 24, *nh = dst;
	uint8_t mac[6] = { 0x33, 0x33 };
	struct ioth_neigh *e;

	if (len > IOTH_FRAME_MAX) {
		n->drop[IOTH_D_TOO_BIG]++;
		return;
	}
	if (dst[0] == 0xff) {
		memcpy(mac + 2, dst + 12, 4);
		eth_hdr(n, frame, mac);
		ioth_tx(n, frame, len);
		return;
	}
	if (!ioth_on_link(n, dst)) {
		if (!n->has_router) {
			n->drop[IOTH_D_UNROUTABLE]++;
			return;
		}
		nh = n->router;
	}
	e = neigh_find(n, nh);
	if (e && e->state == NEIGH_REACHABLE) {
		eth_hdr(n, frame, e->mac);
		ioth_tx(n, frame, len);
		return;
	}
	if (!e) {
		e = neigh_new(n, nh);
		e->state = NEIGH_INCOMPLETE;
	} else if (e->pending_len) {
		n->drop[IOTH_D_NEIGH]++;
	}
	eth_hdr(n, frame, mac);
	memcpy(e->pending, frame, len);
	e->pending_len = len;
	if (!e->tries) {
		e->tries = 1;
		e->next_ns = n->now + IOTH_NS_INTERVAL;
		ioth_send_ns(n, e->ip);
	}
}

/* Retransmit solicitations; give up on a neighbour after IOTH_NS_TRIES. */
void ioth_tick(struct ioth_node *n)
{
	struct ioth_neigh *e;
	unsigned int i;

	ioth_otip_update(n);
	for (i = 0; i < IOTH_NEIGH; i++) {
		e = &n->neigh[i];
		if (e->state != NEIGH_INCOMPLETE || n->now < e->next_ns)
			continue;
		if (e->tries >= IOTH_NS_TRIES) {
			if (e->pending_len)
				n->drop[IOTH_D_NEIGH]++;
			e->state = NEIGH_FREE;
			e->pending_len = 0;
			continue;
		}
		e->tries++;
		e->next_ns = n->now + IOTH_NS_INTERVAL;
		ioth_send_ns(n, e->ip);
	}
}

/* The link-layer address option of type @type in ND options, or NULL */
static const uint8_t *nd_opt(const uint8_t *opt, size_t len, uint8_t type)
{
	const uint8_t *found = NULL;

	while (len >= 2) {
		size_t olen = (size_t)opt[1] * 8;

		if (!olen || olen > len)
			return NULL;		/* RFC 4861 4.6: zero length is invalid */
		if (opt[0] == type && olen == 8)
			found = opt + 2;
		opt += olen;
		len -= olen;
	}
	return found;
}

static void ioth_na(struct ioth_node *n, const uint8_t *ip6, const uint8_t *target,
		    bool dad)
{
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 1 };
	uint8_t *f = n->txbuf, *out = f + ETH_HLEN, *icmp = out + IP6_HLEN;

	ip6_hdr(out, 32, 58, 255, target, dad ? all_nodes : ip6 + 8);
	memset(icmp, 0, 32);
	icmp[0] = ND_NA;
	icmp[4] = (dad ? 0 : ND_NA_SOLICITED) | ND_NA_OVERRIDE;
	memcpy(icmp + 8, target, 16);
	icmp[24] = ND_OPT_TLLA;
	icmp[25] = 1;
	memcpy(icmp + 26, n->mac, 6);
	icmp6_csum(out);
	n->counter[IOTH_C_NA_SENT]++;
	ioth_send_ip6(n, f, ETH_HLEN + IP6_HLEN + 32);
}

/* RFC 4861 7.1.1 / 7.1.2: what a solicitation or advertisement must be */
static int ioth_nd(struct ioth_node *n, const uint8_t *ip6, const uint8_t *icmp, size_t len)
{
	static const uint8_t zero[16];
	const uint8_t *target = icmp + 8, *ll;
	bool dad = !memcmp(ip6 + 8, zero, 16);

	if (ip6[7] != 255 || icmp[1] || len < 24 || target[0] == 0xff)
		return -IOTH_D_BAD_ICMP;
	if (icmp[0] == ND_NS) {
		ll = nd_opt(icmp + 24, len - 24, ND_OPT_SLLA);
		if (dad && (ll || ip6[24] != 0xff))
			return -IOTH_D_BAD_ICMP;
		if (ioth_otip_refused(n, target))
			return -IOTH_D_OTIP;	/* a stale or guessed OTIP address */
		if (!ioth_is_addr(n, target))
			return 0;		/* someone else's: not an error */
		if (ll)
			neigh_learn(n, ip6 + 8, ll, true);
		ioth_na(n, ip6, target, dad);
		return 0;
	}
	if (ip6[24] == 0xff && (icmp[4] & ND_NA_SOLICITED))
		return -IOTH_D_BAD_ICMP;
	ll = nd_opt(icmp + 24, len - 24, ND_OPT_TLLA);
	if (ll)
		neigh_learn(n, target, ll, false);
	return 0;
}

static int ioth_icmp6(struct ioth_node *n, uint8_t *frame, size_t len, bool mcast)
{
	uint8_t *ip6 = frame + ETH_HLEN, *icmp = ip6 + IP6_HLEN, tmp[16];
	size_t ilen = len - ETH_HLEN - IP6_HLEN;

	if (ilen < 4 || ioth_csum(ip6 + 8, ip6 + 24, 58, icmp, ilen) != 0xffff)
		return -IOTH_D_BAD_ICMP;
	switch (icmp[0]) {
	case ND_NS:
	case ND_NA:
		return ioth_nd(n, ip6, icmp, ilen);
	case ICMP6_ECHO_REQ:
		if (mcast || ilen < 8)
			return mcast ? 0 : -IOTH_D_BAD_ICMP;
		memcpy(tmp, ip6 + 8, 16);
		memcpy(ip6 + 8, ip6 + 24, 16);
		memcpy(ip6 + 24, tmp, 16);
		ip6[7] = IOTH_HOP_LIMIT;
		icmp[0] = ICMP6_ECHO_REP;
		icmp6_csum(ip6);
		n->counter[IOTH_C_ECHO]++;
		ioth_send_ip6(n, frame, len);
		return 0;
	default:
		return 0;		/* echo replies, RAs, errors: nothing to do */
	}
}

/**
 * ioth_input - handle one received Ethernet frame
 * @frame: the frame, writable (replies and processes are built in place);
 *         frame + 14 (the IPv6 header) 8-byte aligned: the SR-IoT payload
 *         is then aligned for struct sriot_hdr, as in the kernel
 * @len:   its length
 *
 * Frames for another station are ignored, as a NIC's filter would;
 * everything else is handled or dropped with a counted reason.
 */
void ioth_input(struct ioth_node *n, uint8_t *frame, size_t len)
{
	uint8_t *ip6 = frame + ETH_HLEN;
	bool mcast;
	size_t plen;
	int err = 0;

	n->counter[IOTH_C_RX]++;
	ioth_otip_update(n);
	if (len < ETH_HLEN)
		return;
	mcast = frame[0] & 1;
	if (!mcast && memcmp(frame, n->mac, 6))
		return;
	if (len > IOTH_FRAME_MAX) {
		n->drop[IOTH_D_TOO_BIG]++;
		return;
	}
	if (sriot_get16(frame + 12) != 0x86dd) {
		if (!mcast)
			n->drop[IOTH_D_NOT_IPV6]++;
		return;		/* ARP and friends, broadcast: not ours to count */
	}
	if (len < ETH_HLEN + IP6_HLEN || (ip6[0] >> 4) != 6 ||
	    (plen = sriot_get16(ip6 + 4)) > len - ETH_HLEN - IP6_HLEN) {
		n->drop[IOTH_D_NOT_IPV6]++;
		return;
	}
	len = ETH_HLEN + IP6_HLEN + plen;	/* Ethernet padding goes */
	if (ip6[24] == 0xff) {
		if (!ioth_in_group(n, ip6 + 24))
			return;
		err = ip6[6] == 58 ? ioth_icmp6(n, frame, len, true) : 0;
	} else if (ioth_is_sid(n, ip6 + 24)) {
		ioth_exec(n, frame, len);
	} else if (ioth_is_addr(n, ip6 + 24)) {
		err = ip6[6] == 58 ? ioth_icmp6(n, frame, len, false) : -IOTH_D_NO_SERVICE;
	} else {
		err = ioth_otip_refused(n, ip6 + 24) ? -IOTH_D_OTIP : -IOTH_D_NOT_MINE;
	}
	if (err)
		n->drop[-err]++;
}

/**
 * ioth_init - a node with no address, no SID and no port yet
 * @mac: its Ethernet address; the link-local address is derived from it
 * @ops: output and port backing; @ops->tx is required
 */
void ioth_init(struct ioth_node *n, const uint8_t mac[6], const struct ioth_ops *ops,
	       void *ctx)
{
	memset(n, 0, sizeof(*n));
	memcpy(n->mac, mac, 6);
	n->lladdr[0] = 0xfe;
	n->lladdr[1] = 0x80;
	n->lladdr[8] = mac[0] ^ 0x02;
	n->lladdr[9] = mac[1];
	n->lladdr[10] = mac[2];
	n->lladdr[11] = 0xff;
	n->lladdr[12] = 0xfe;
	n->lladdr[13] = mac[3];
	n->lladdr[14] = mac[4];
	n->lladdr[15] = mac[5];
	n->plen = 64;
	n->hop_budget = IOTH_HOP_BUDGET;
	n->ops = ops;
	n->ops_ctx = ctx;
	sriot_wmem_init(&n->wmem);
}
