// SPDX-License-Identifier: GPL-2.0-only
/*
 * ILNPv6 netfilter hooks, registered per netns when the first NID is added
 * (as Linux ILA does):
 *
 *   PRE_ROUTING, after defragmentation and before conntrack and raw
 *	(SEG6X_ILNP_PRI_IN): consume Locator Updates; rewrite a known
 *	correspondent's current locator to the one the stack knows it by and
 *	our current locator to our home one, so sockets and conntrack see
 *	stable I-LVs.
 *   LOCAL_OUT, after conntrack, filter and mangle (SEG6X_ILNP_PRI_OUT): the
 *	reverse, then a new route lookup so that source-specific routes pick
 *	the interface of the locator (multihoming). Each flow sends from
 *	one of the most preferred locators, picked by its hash
 *	(seg6x_ilnp_flow_loc).
 *
 * The packets quoted in ICMPv6 errors follow (seg6x_ilnp_quote), so PMTU
 * discovery works across a move.
 *
 * Nonces on data (RFC 6744): the first SEG6X_ILNP_NONCE_PKTS packets to a
 * correspondent after its entry is made and after each change of our
 * locators carry our nonce in a Destination Options header right after the
 * IPv6 header (seg6x_ilnp_nonce_insert), if the packet still fits the
 * route's MTU and is not a GSO packet; else it goes without (it counts
 * against none of the eight). So no packet ever exceeds the path MTU the
 * stack knows, and PMTU discovery works as without nonces. On the way in a correspondent's nonce is
 * checked (learnt from its first one if not known yet), a wrong one is
 * dropped (bad-nonce), a right one removed before ipv6_destopt_rcv would
 * answer the unknown option (seg6x_ilnp_nonce_strip). A Parameter Problem
 * (unrecognised option) pointing at our nonce is the capability probe's
 * answer: that correspondent is a stock IPv6 host; it is marked fallback
 * and gets plain IPv6 from then on (no rewrite, no nonce, no updates), and
 * the error is consumed so that no socket takes it for a fatal one.
 *
 * Packets of hosts that are not correspondents pass untouched. Checksums:
 * TCP and UDP pseudo-headers move between the stack's full addresses and
 * the per-netns wire mode (RFC: NIDs only, or plain IPv6), ICMPv6 always
 * between full addresses; CHECKSUM_PARTIAL seeds are adjusted in place so
 * GSO/TSO keep working, CHECKSUM_COMPLETE is dropped to NONE (the wire and
 * pseudo-header changes differ in RFC mode) and verified in software.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <net/ipv6.h>
#include <net/checksum.h>
#include <net/ip6_route.h>
#include "ilnp_kern.h"

#define SEG6X_ILNP_PRI_IN	(NF_IP6_PRI_CONNTRACK_DEFRAG + 50)	/* -350 */
#define SEG6X_ILNP_PRI_OUT	(NF_IP6_PRI_LAST - 1)

static void seg6x_ilnp_addr(struct in6_addr *a, ilnp_l64 l64, ilnp_nid nid)
{
	ilnp_ilv_join(a->s6_addr, l64, nid);
}

/* Replace the pseudo-header addresses @from by @to in the checksum at @check */
static void seg6x_ilnp_csum(struct sk_buff *skb, __sum16 *check,
			    const struct in6_addr from[2], const struct in6_addr to[2])
{
	inet_proto_csum_replace16(check, skb, from[0].s6_addr32, to[0].s6_addr32, true);
	inet_proto_csum_replace16(check, skb, from[1].s6_addr32, to[1].s6_addr32, true);
}

static void seg6x_ilnp_pseudo(u8 mode, const struct in6_addr *a, struct in6_addr *out)
{
	ilnp_pseudo_addr(mode, a->s6_addr, out->s6_addr);
}

/**
 * seg6x_ilnp_rewrite - give a packet new addresses and fix its checksum
 * @skb: an IPv6 packet, skb->data at the IPv6 header
 * @to: the new source and destination
 * @mode: the wire checksum mode
 * @ingress: wire -> stack (else stack -> wire)
 *
 * Only the first fragment carries the transport checksum; later fragments
 * just get their addresses.
 *
 * Return: 0, or -SEG6X_DROP_NOMEM when the packet cannot be made writable.
 */
static int seg6x_ilnp_rewrite(struct sk_buff *skb, const struct in6_addr to[2],
			      u8 mode, bool ingress)
{
	struct in6_addr from[2], psf[2], pst[2];
	unsigned int csum_off = 0;
	struct ipv6hdr *ip6h;
	__be16 frag_off;
	u8 nexthdr;
	int thoff;

	ip6h = ipv6_hdr(skb);
	nexthdr = ip6h->nexthdr;
	thoff = ipv6_skip_exthdr(skb, sizeof(*ip6h), &nexthdr, &frag_off);
	if (thoff >= 0 && !(frag_off & htons(IP6_OFFSET))) {
		if (nexthdr == IPPROTO_TCP)
			csum_off = thoff + offsetof(struct tcphdr, check);
		else if (nexthdr == IPPROTO_UDP)
			csum_off = thoff + offsetof(struct udphdr, check);
		else if (nexthdr == IPPROTO_ICMPV6)
			csum_off = thoff + offsetof(struct icmp6hdr, icmp6_cksum);
	}
	if (skb_ensure_writable(skb, csum_off ? csum_off + 2 : sizeof(*ip6h)))
		return -SEG6X_DROP_NOMEM;
	ip6h = ipv6_hdr(skb);
	from[0] = ip6h->saddr;
	from[1] = ip6h->daddr;
	if (csum_off && skb->len >= csum_off + 2) {
		__sum16 *check = (__sum16 *)(skb->data + csum_off);

		if (skb->ip_summed == CHECKSUM_COMPLETE)
			skb->ip_summed = CHECKSUM_NONE;
		if (nexthdr == IPPROTO_ICMPV6) {
			seg6x_ilnp_csum(skb, check, from, to);
		} else if (nexthdr == IPPROTO_TCP || *check || skb->ip_summed == CHECKSUM_PARTIAL) {
			/* ingress: wire pseudo-header -> stack; egress: the reverse */
			if (ingress) {
				seg6x_ilnp_pseudo(mode, &from[0], &psf[0]);
				seg6x_ilnp_pseudo(mode, &from[1], &psf[1]);
				seg6x_ilnp_csum(skb, check, psf, to);
			} else {
				seg6x_ilnp_pseudo(mode, &to[0], &pst[0]);
				seg6x_ilnp_pseudo(mode, &to[1], &pst[1]);
				seg6x_ilnp_csum(skb, check, from, pst);
			}
			if (nexthdr == IPPROTO_UDP && !*check &&
			    skb->ip_summed != CHECKSUM_PARTIAL)
				*check = CSUM_MANGLED_0;
		}
	}
	ip6h->saddr = to[0];
	ip6h->daddr = to[1];
	return 0;
}

/*
 * An ICMPv6 error quotes the packet that caused it. The stack matches the
 * quote against its sockets, which know I-LVs only: a Packet Too Big quoting
 * wire addresses finds no socket, and PMTU discovery black-holes. So the
 * quote follows the packet's own rewrite, as ILA does: on the way in an
 * error about a packet we sent (quoted source: one of our NIDs; quoted
 * destination: a correspondent) gets our home locator and the
 * correspondent's start locator; on the way out an error about a packet a
 * correspondent sent us gets its current locator and ours. The ICMPv6
 * checksum follows the quote (seg6x_icmp6_quote_set; @skb->data at the
 * IPv6 header, @off at the ICMPv6 header, @qh the quoted header).
 *
 * Return: 1 if the quote was rewritten, 0 if it is not ours, or
 * -SEG6X_DROP_NOMEM.
 */
static int seg6x_ilnp_quote(struct seg6x_ilnp *il, struct sk_buff *skb,
			    unsigned int off, const struct ipv6hdr *qh, bool ingress)
{
	const struct seg6x_ilnp_local *me;
	const struct ilnp_ilcc_loc *loc;
	struct ilnp_ilcc_entry *e;
	struct in6_addr q[2], to[2];
	ilnp_l64 ql[2], tl[2];
	ilnp_nid qn[2];
	int i, err;

	q[0] = qh->saddr;
	q[1] = qh->daddr;
	for (i = 0; i < 2; i++)
		ilnp_ilv_split(q[i].s6_addr, &ql[i], &qn[i]);
	/* ingress: [0] is us, [1] the peer; egress: [0] the peer, [1] us */
	spin_lock_bh(&il->lock);
	me = seg6x_ilnp_local_find(il, qn[ingress ? 0 : 1]);
	e = me ? ilnp_ilcc_find(&il->cache, qn[ingress ? 1 : 0]) : NULL;
	if (e && ingress) {
		tl[0] = me->home;
		tl[1] = e->start_l64;
	} else if (e && ql[0] == e->start_l64 && ql[1] == me->home) {
		loc = ilnp_ilcc_select(e, seg6x_ilnp_now());
		tl[0] = loc ? loc->l64 : ql[0];
		tl[1] = seg6x_ilnp_best_loc(il, me->home);
	} else {
		e = NULL;
	}
	spin_unlock_bh(&il->lock);
	if (!e || (tl[0] == ql[0] && tl[1] == ql[1]))
		return 0;
	for (i = 0; i < 2; i++)
		seg6x_ilnp_addr(&to[i], tl[i], qn[i]);
	err = seg6x_icmp6_quote_set(skb, off, to, false);
	return err ? err : 1;
}

/* An ICMPv6 error at @off? Rewrite its quote (seg6x_ilnp_quote), count it. */
static int seg6x_ilnp_error(struct seg6x_ilnp *il, struct sk_buff *skb,
			    unsigned int off, bool ingress)
{
	struct ipv6hdr qh;
	int ret;

	if (!seg6x_icmp6_quote(skb, off, &qh))
		return 0;
	ret = seg6x_ilnp_quote(il, skb, off, &qh, ingress);
	if (ret > 0)
		seg6x_ilnp_count(il->net, SEG6X_ILNP_C_QUOTED);
	return ret < 0 ? ret : 0;
}

/* The peer at @e: is it one we still rewrite for? Caller holds il->lock. */
static struct seg6x_ilnp_peer *seg6x_ilnp_peer_of(struct seg6x_ilnp *il,
						  const struct ilnp_ilcc_entry *e)
{
	return &il->peers[seg6x_ilnp_index(il, e)];
}

/*
 * A Parameter Problem (unrecognised option) at @off that points at the
 * nonce option of a packet we sent to a correspondent: the capability
 * probe's answer, if the quoted option carries our nonce for that
 * correspondent (an off-path forger does not know it, and a packet forged
 * in our name to a real ILNP peer carries some other nonce). A
 * correspondent that never showed a nonce itself becomes a fallback peer;
 * one that did is an ILNP host that lost our session (its ILCC evicted
 * us): it only gets no more nonces. Return: true if the error was such an
 * answer (the caller consumes it).
 */
static bool seg6x_ilnp_probe_answer(struct seg6x_ilnp *il, struct sk_buff *skb,
				    unsigned int off)
{
	unsigned int qoff = off + sizeof(struct icmp6hdr);
	struct ilnp_ilcc_entry *e = NULL;
	struct seg6x_ilnp_peer *p;
	struct icmp6hdr ih;
	struct ipv6hdr qh;
	ilnp_l64 l64;
	ilnp_nid sn, dn;
	u8 opt[2 + ILNP_NONCE_LEN_LONG];
	bool now = false;

	if (skb_copy_bits(skb, off, &ih, sizeof(ih)) || ih.icmp6_type != ICMPV6_PARAMPROB ||
	    ih.icmp6_code != ICMPV6_UNK_OPTION ||
	    skb_copy_bits(skb, qoff, &qh, sizeof(qh)) || qh.nexthdr != NEXTHDR_DEST ||
	    ntohl(ih.icmp6_pointer) != sizeof(qh) + 2 ||
	    skb_copy_bits(skb, qoff + sizeof(qh) + 2, opt, 2) ||
	    opt[0] != ILNP_NONCE_OPT ||
	    (opt[1] != ILNP_NONCE_LEN_SHORT && opt[1] != ILNP_NONCE_LEN_LONG) ||
	    skb_copy_bits(skb, qoff + sizeof(qh) + 4, opt + 2, opt[1]))
		return false;
	ilnp_ilv_split(qh.saddr.s6_addr, &l64, &sn);
	ilnp_ilv_split(qh.daddr.s6_addr, &l64, &dn);
	spin_lock(&il->lock);
	if (seg6x_ilnp_local_find(il, sn))
		e = ilnp_ilcc_find(&il->cache, dn);
	if (e && (e->local.len != opt[1] || memcmp(e->local.v, opt + 2, opt[1])))
		e = NULL;
	if (e && e->remote.len) {
		seg6x_ilnp_peer_of(il, e)->nonce_left = 0;
	} else if (e) {
		struct seg6x_ilnp_ev ev = { .kind = ILNP_EV_FALLBACK, .nid = dn, .l64 = l64 };

		p = seg6x_ilnp_peer_of(il, e);
		now = !p->fallback;
		p->fallback = true;
		p->fallback_at = seg6x_ilnp_now();
		p->adv_pending = false;
		p->ack_pending = false;
		p->nonce_left = 0;
		if (now)
			seg6x_ilnp_ev_queue(il, &ev);
	}
	spin_unlock(&il->lock);
	if (now)
		seg6x_ilnp_count(il->net, SEG6X_ILNP_C_FALLBACK);
	return e;
}

/*
 * Remove the Destination Options header of @hlen bytes after the IPv6
 * header (it held only the nonce and padding); @next is its Next Header.
 */
static int seg6x_ilnp_nonce_strip(struct sk_buff *skb, unsigned int hlen, u8 next)
{
	struct ipv6hdr *ip6h;

	if (skb_ensure_writable(skb, sizeof(*ip6h) + hlen))
		return -SEG6X_DROP_NOMEM;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	memmove(skb->data + hlen, skb->data, sizeof(*ip6h));
	__skb_pull(skb, hlen);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*ip6h));
	ip6h = ipv6_hdr(skb);
	ip6h->nexthdr = next;
	ip6h->payload_len = htons(ntohs(ip6h->payload_len) - hlen);
	return 0;
}

/* Overwrite the nonce option at @opt_off (from the IPv6 header) by PadN:
 * the header carries other options, so it stays. */
static int seg6x_ilnp_nonce_pad(struct sk_buff *skb, unsigned int opt_off)
{
	u8 *o;

	if (skb_ensure_writable(skb, opt_off + 2 + ILNP_NONCE_LEN_LONG))
		return -SEG6X_DROP_NOMEM;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	o = skb->data + opt_off;
	o[0] = IPV6_TLV_PADN;
	memset(o + 2, 0, o[1]);
	return 0;
}

static unsigned int seg6x_ilnp_in(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct seg6x_ilnp *il = seg6x_ilnp(state->net);
	struct ilnp_dstopt d = { };
	const struct seg6x_ilnp_local *me;
	struct ilnp_ilcc_entry *e;
	ilnp_l64 sl, dl, home, start;
	ilnp_nid snid, dnid;
	struct in6_addr to[2];
	unsigned int off = sizeof(struct ipv6hdr);
	struct ipv6hdr *ip6h;
	u8 nexthdr, type;
	int err;

	if (!il || !pskb_may_pull(skb, sizeof(*ip6h)))
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	nexthdr = ip6h->nexthdr;
	if (nexthdr == NEXTHDR_DEST) {
		u8 buf[256];
		unsigned int len = min_t(unsigned int, skb->len - off, sizeof(buf));

		if (skb_copy_bits(skb, off, buf, len))
			return NF_ACCEPT;
		if (ilnp_nonce_parse(buf, len, &d) == ILNP_NONCE_OK) {
			nexthdr = d.next_header;
			off += d.hdr_len;
		} else {
			d.nonce.len = 0;
		}
	}
	if (nexthdr == IPPROTO_ICMPV6 && seg6x_ilnp_probe_answer(il, skb, off)) {
		consume_skb(skb);
		return NF_STOLEN;
	}
	if (nexthdr == IPPROTO_ICMPV6) {
		err = seg6x_ilnp_error(il, skb, off, true);
		if (err) {
			seg6x_ilnp_drop(state->net, -err);
			return NF_DROP;
		}
		ip6h = ipv6_hdr(skb);
	}
	ilnp_ilv_split(ip6h->saddr.s6_addr, &sl, &snid);
	ilnp_ilv_split(ip6h->daddr.s6_addr, &dl, &dnid);
	spin_lock(&il->lock);
	me = seg6x_ilnp_local_find(il, dnid);
	/* a Locator Update for one of our NIDs is ours; one passing through
	 * (this node routes, e.g. as a relay) goes on untouched */
	if (me && nexthdr == IPPROTO_ICMPV6 &&
	    !skb_copy_bits(skb, off, &type, 1) && type == ILNP_ICMP_LOCATOR_UPDATE) {
		spin_unlock(&il->lock);
		return seg6x_ilnp_lu_input(il, skb, off, &d.nonce);
	}
	e = me ? ilnp_ilcc_find(&il->cache, snid) : NULL;
	if (!e) {
		spin_unlock(&il->lock);
		return NF_ACCEPT;
	}
	if (seg6x_ilnp_peer_of(il, e)->fallback) {
		spin_unlock(&il->lock);
		return NF_ACCEPT;
	}
	if (d.nonce.len) {
		if (!e->remote.len) {
			e->remote = d.nonce;	/* the session's first nonce */
		} else if (!ilnp_nonce_eq(&e->remote, &d.nonce)) {
			spin_unlock(&il->lock);
			seg6x_ilnp_drop(state->net, SEG6X_DROP_BAD_NONCE);
			seg6x_ilnp_ev_refused(il, ILNP_EV_DATA_REFUSED, SEG6X_DROP_BAD_NONCE,
					      &ip6h->saddr);
			return NF_DROP;
		}
	}
	e->last_used = seg6x_ilnp_now();
	home = me->home;
	start = e->start_l64;
	spin_unlock(&il->lock);
	if (d.nonce.len) {
		err = d.only_nonce ? seg6x_ilnp_nonce_strip(skb, d.hdr_len, d.next_header) :
			seg6x_ilnp_nonce_pad(skb, sizeof(*ip6h) + d.opt_off);
		if (err) {
			seg6x_ilnp_drop(state->net, -err);
			return NF_DROP;
		}
		seg6x_ilnp_count(state->net, SEG6X_ILNP_C_NONCE_RECEIVED);
		ip6h = ipv6_hdr(skb);
	}
	if (sl == start && dl == home)
		return NF_ACCEPT;
	seg6x_ilnp_addr(&to[0], start, snid);
	seg6x_ilnp_addr(&to[1], home, dnid);
	err = seg6x_ilnp_rewrite(skb, to, READ_ONCE(il->csum_mode), true);
	if (err) {
		seg6x_ilnp_drop(state->net, -err);
		return NF_DROP;
	}
	seg6x_ilnp_count(state->net, SEG6X_ILNP_C_IN);
	return NF_ACCEPT;
}

/*
 * The hash that picks a flow's source locator (seg6x_ilnp_flow_loc): the
 * stack's addresses (I-LVs, stable across moves), the transport protocol
 * and, for TCP and UDP, the ports. LOCAL_OUT sees packets before IPv6
 * fragments them, so every packet of a flow hashes alike.
 */
static u32 seg6x_ilnp_flow_hash(const struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 nexthdr = ip6h->nexthdr;
	__be32 ports = 0, _p, *pp;
	__be16 frag_off;
	int thoff;

	thoff = ipv6_skip_exthdr(skb, sizeof(*ip6h), &nexthdr, &frag_off);
	if (thoff >= 0 && !frag_off && (nexthdr == IPPROTO_TCP || nexthdr == IPPROTO_UDP)) {
		pp = skb_header_pointer(skb, thoff, sizeof(_p), &_p);
		if (pp)
			ports = *pp;
	}
	return jhash_3words(ipv6_addr_hash(&ip6h->saddr), ipv6_addr_hash(&ip6h->daddr),
			    (__force u32)ports ^ nexthdr, 0);
}

/*
 * Insert a Destination Options header carrying @n right after the IPv6
 * header (skb->data at it, as at LOCAL_OUT): the IPv6 header moves down,
 * the transport header and a CHECKSUM_PARTIAL seed stay where they are.
 * Not into GSO packets, packets with a Hop-by-Hop header, or packets that
 * would no longer fit the route's MTU.
 *
 * Return: 1 if inserted, 0 if not, -SEG6X_DROP_NOMEM.
 */
static int seg6x_ilnp_nonce_insert(struct sk_buff *skb, const struct ilnp_nonce *n)
{
	struct dst_entry *dst = skb_dst(skb);
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 opt[4 + ILNP_NONCE_LEN_LONG];
	size_t len;

	if (!dst || skb_is_gso(skb) || ip6h->nexthdr == NEXTHDR_HOP)
		return 0;
	len = ilnp_nonce_encode(n, ip6h->nexthdr, opt, sizeof(opt));
	if (!len || skb->len + len > dst_mtu(dst))
		return 0;
	if (skb_cow_head(skb, len + LL_RESERVED_SPACE(dst->dev)))
		return -SEG6X_DROP_NOMEM;
	skb_push(skb, len);
	memmove(skb->data, skb->data + len, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	memcpy(skb->data + sizeof(*ip6h), opt, len);
	ip6h->nexthdr = NEXTHDR_DEST;
	ip6h->payload_len = htons(ntohs(ip6h->payload_len) + len);
	return 1;
}

static unsigned int seg6x_ilnp_out(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct seg6x_ilnp *il = seg6x_ilnp(state->net);
	const struct seg6x_ilnp_local *me;
	const struct ilnp_ilcc_loc *loc;
	struct ilnp_ilcc_entry *e;
	ilnp_l64 sl, dl, nsl, ndl;
	ilnp_nid snid, dnid;
	struct seg6x_ilnp_peer *p;
	struct ilnp_nonce nonce;
	struct in6_addr to[2];
	struct ipv6hdr *ip6h;
	u32 hash;
	int err;

	if (!il || seg6x_ilnp_lu_is_ours(il, skb) || !pskb_may_pull(skb, sizeof(*ip6h)))
		return NF_ACCEPT;
	if (ipv6_hdr(skb)->nexthdr == IPPROTO_ICMPV6) {
		err = seg6x_ilnp_error(il, skb, sizeof(*ip6h), false);
		if (err) {
			seg6x_ilnp_drop(state->net, -err);
			return NF_DROP;
		}
	}
	ip6h = ipv6_hdr(skb);
	ilnp_ilv_split(ip6h->saddr.s6_addr, &sl, &snid);
	ilnp_ilv_split(ip6h->daddr.s6_addr, &dl, &dnid);
	hash = seg6x_ilnp_flow_hash(skb);
	spin_lock_bh(&il->lock);
	me = seg6x_ilnp_local_find(il, snid);
	e = (me && me->home == sl) ? ilnp_ilcc_find(&il->cache, dnid) : NULL;
	if (!e || dl != e->start_l64) {
		spin_unlock_bh(&il->lock);
		return NF_ACCEPT;
	}
	p = seg6x_ilnp_peer_of(il, e);
	if (p->fallback) {
		spin_unlock_bh(&il->lock);
		return NF_ACCEPT;
	}
	e->last_used = seg6x_ilnp_now();
	loc = ilnp_ilcc_select(e, e->last_used);
	ndl = loc ? loc->l64 : dl;
	nsl = seg6x_ilnp_flow_loc(il, sl, hash);
	nonce.len = 0;
	if (p->nonce_left)
		nonce = e->local;
	spin_unlock_bh(&il->lock);
	if (nsl != sl || ndl != dl) {
		seg6x_ilnp_addr(&to[0], nsl, snid);
		seg6x_ilnp_addr(&to[1], ndl, dnid);
		err = seg6x_ilnp_rewrite(skb, to, READ_ONCE(il->csum_mode), false);
		if (!err && nf_ip6_route_me_harder(state->net, state->sk, skb))
			err = -SEG6X_DROP_UNROUTABLE;
		if (err) {
			seg6x_ilnp_drop(state->net, -err);
			return NF_DROP;
		}
		seg6x_ilnp_count(state->net, SEG6X_ILNP_C_OUT);
	}
	if (nonce.len) {
		err = seg6x_ilnp_nonce_insert(skb, &nonce);
		if (err < 0) {
			seg6x_ilnp_drop(state->net, -err);
			return NF_DROP;
		}
		if (err) {
			spin_lock_bh(&il->lock);
			if (p->nonce_left)
				p->nonce_left--;
			spin_unlock_bh(&il->lock);
			seg6x_ilnp_count(state->net, SEG6X_ILNP_C_NONCE_SENT);
		}
	}
	return NF_ACCEPT;
}

static const struct nf_hook_ops seg6x_ilnp_ops[] = {
	{
		.hook		= seg6x_ilnp_in,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= SEG6X_ILNP_PRI_IN,
	},
	{
		.hook		= seg6x_ilnp_out,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= SEG6X_ILNP_PRI_OUT,
	},
};

int seg6x_ilnp_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, seg6x_ilnp_ops, ARRAY_SIZE(seg6x_ilnp_ops));
}

void seg6x_ilnp_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, seg6x_ilnp_ops, ARRAY_SIZE(seg6x_ilnp_ops));
}
