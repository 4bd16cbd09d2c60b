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
 * discovery works across a move. Data packets carry no nonce option, so the
 * path MTU needs no correction for it.
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
	e->last_used = seg6x_ilnp_now();
	home = me->home;
	start = e->start_l64;
	spin_unlock(&il->lock);
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

static unsigned int seg6x_ilnp_out(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct seg6x_ilnp *il = seg6x_ilnp(state->net);
	const struct seg6x_ilnp_local *me;
	const struct ilnp_ilcc_loc *loc;
	struct ilnp_ilcc_entry *e;
	ilnp_l64 sl, dl, nsl, ndl;
	ilnp_nid snid, dnid;
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
	e->last_used = seg6x_ilnp_now();
	loc = ilnp_ilcc_select(e, e->last_used);
	ndl = loc ? loc->l64 : dl;
	nsl = seg6x_ilnp_flow_loc(il, sl, hash);
	spin_unlock_bh(&il->lock);
	if (nsl == sl && ndl == dl)
		return NF_ACCEPT;
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
