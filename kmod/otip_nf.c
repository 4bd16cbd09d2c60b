// SPDX-License-Identifier: GPL-2.0-only
/*
 * The OTIP gateway's netfilter hook: PRE_ROUTING, after defragmentation and
 * before conntrack (as ilnp_nf.c), so conntrack, filters and routing only
 * ever see the service's stable address.
 *
 *   client --> oaddr:sport   a packet into a rule's base /64: a flow's
 *			      packet, or a new connection at the current or
 *			      previous window's address, gets the service's
 *			      stable address as destination; anything else is
 *			      dropped with a reason.
 *   service:sport --> client a reply of a flow gets the one-time address
 *			      back as its source.
 *   service/router --> client an ICMPv6 error (types 1-4) quoting a flow's
 *			      packet: the quote's destination, and the source
 *			      if the service sent it, get the one-time address
 *			      (seg6x_otip_error); one about no flow is dropped.
 *			      LOCAL_OUT does the same for the gateway's own.
 *
 * Checksums as netfilter's NAT does it (inet_proto_csum_replace16 with the
 * pseudo-header flag): CHECKSUM_PARTIAL seeds and CHECKSUM_COMPLETE sums
 * are adjusted, so offloads keep working.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv6.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/checksum.h>
#include "otip_kern.h"

#define SEG6X_OTIP_PRI	(NF_IP6_PRI_CONNTRACK_DEFRAG + 50)	/* -350 */

/* What the hook needs of a packet's transport header */
struct seg6x_otip_pkt {
	u8 proto;		/* IPPROTO_TCP, _UDP, _ICMPV6; 0: none usable */
	unsigned int csum_off;	/* of the transport checksum */
	__be16 src, dst;	/* ports; echo: the id as src (request) or dst (reply) */
	bool start;		/* may open a flow: SYN without ACK, UDP, echo request */
	bool reply_ok;		/* may be a reply: not an echo request */
	bool fin;		/* FIN or RST */
};

static void seg6x_otip_parse(struct sk_buff *skb, struct seg6x_otip_pkt *p)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off;
	int thoff;

	memset(p, 0, sizeof(*p));
	thoff = ipv6_skip_exthdr(skb, sizeof(*ip6h), &nexthdr, &frag_off);
	if (thoff < 0 || (frag_off & htons(IP6_OFFSET)))
		return;
	if (nexthdr == IPPROTO_TCP) {
		struct tcphdr _th, *th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);

		if (!th)
			return;
		p->src = th->source;
		p->dst = th->dest;
		p->start = th->syn && !th->ack;
		p->reply_ok = true;
		p->fin = th->fin || th->rst;
		p->csum_off = thoff + offsetof(struct tcphdr, check);
	} else if (nexthdr == IPPROTO_UDP) {
		struct udphdr _uh, *uh = skb_header_pointer(skb, thoff, sizeof(_uh), &_uh);

		if (!uh)
			return;
		p->src = uh->source;
		p->dst = uh->dest;
		p->start = p->reply_ok = true;
		p->csum_off = thoff + offsetof(struct udphdr, check);
	} else if (nexthdr == IPPROTO_ICMPV6) {
		struct icmp6hdr _ih, *ih = skb_header_pointer(skb, thoff, sizeof(_ih), &_ih);

		if (!ih)
			return;
		if (ih->icmp6_type == ICMPV6_ECHO_REQUEST) {
			p->src = ih->icmp6_identifier;
			p->start = true;
		} else if (ih->icmp6_type == ICMPV6_ECHO_REPLY) {
			p->dst = ih->icmp6_identifier;
			p->reply_ok = true;
		} else {
			return;		/* errors, ND...: not a flow's */
		}
		p->csum_off = thoff + offsetof(struct icmp6hdr, icmp6_cksum);
	} else {
		return;
	}
	p->proto = nexthdr;
}

/*
 * Replace the address at @field (&ipv6_hdr()->saddr or ->daddr) by @to and
 * fix the transport checksum. Return: 0, or -SEG6X_DROP_NOMEM.
 */
static int seg6x_otip_rewrite(struct sk_buff *skb, const struct seg6x_otip_pkt *p,
			      bool dst, const struct in6_addr *to)
{
	struct in6_addr *a;

	if (skb_ensure_writable(skb, p->csum_off + 2))
		return -SEG6X_DROP_NOMEM;
	a = dst ? &ipv6_hdr(skb)->daddr : &ipv6_hdr(skb)->saddr;
	/* a UDP checksum of 0 (none, not valid in IPv6) stays 0 */
	if (p->proto != IPPROTO_UDP || *(__sum16 *)(skb->data + p->csum_off) ||
	    skb->ip_summed == CHECKSUM_PARTIAL)
		inet_proto_csum_replace16((__sum16 *)(skb->data + p->csum_off), skb,
					  a->s6_addr32, to->s6_addr32, true);
	*a = *to;
	return 0;
}

/* The rule whose base /64 holds @a, or NULL. Caller holds ot->lock. */
static struct seg6x_otip_rule *seg6x_otip_rule_of(struct seg6x_otip *ot, const struct in6_addr *a)
{
	unsigned int i;

	for (i = 0; i < SEG6X_OTIP_RULES_MAX; i++)
		if (ot->rules[i].used && otip_in_base(&ot->rules[i].cfg, a->s6_addr))
			return &ot->rules[i];
	return NULL;
}

/*
 * The flow of client end (@client, @cport, @proto) that @match accepts,
 * dropping expired flows of the chain on the way. Caller holds ot->lock.
 */
static struct seg6x_otip_flow *
seg6x_otip_flow_find(struct seg6x_otip *ot, const struct in6_addr *client, __be16 cport,
		     u8 proto, bool (*match)(struct seg6x_otip *, const struct seg6x_otip_flow *,
					     const void *), const void *arg)
{
	u16 *link = &ot->bucket[seg6x_otip_hash(ot, client, cport, proto)];
	unsigned long now = jiffies;
	struct seg6x_otip_flow *f;

	while (*link != SEG6X_OTIP_NONE) {
		f = &ot->flow[*link];
		if (seg6x_otip_flow_expired(f, now)) {
			seg6x_otip_flow_free(ot, link);
			continue;
		}
		if (f->cport == cport && f->proto == proto && ipv6_addr_equal(&f->client, client) &&
		    match(ot, f, arg))
			return f;
		link = &f->next;
	}
	return NULL;
}

struct seg6x_otip_key {
	struct in6_addr addr;	/* forward: one-time address; reply: the service */
	__be16 sport;
};

static bool seg6x_otip_match_oaddr(struct seg6x_otip *ot, const struct seg6x_otip_flow *f,
				   const void *arg)
{
	const struct seg6x_otip_key *k = arg;

	return f->sport == k->sport && ipv6_addr_equal(&f->oaddr, &k->addr);
}

static bool seg6x_otip_match_service(struct seg6x_otip *ot, const struct seg6x_otip_flow *f,
				     const void *arg)
{
	const struct seg6x_otip_key *k = arg;

	return f->sport == k->sport && ipv6_addr_equal(&ot->rules[f->rule].service, &k->addr);
}

/* A new flow at the head of its chain, or NULL when the table is full. */
static struct seg6x_otip_flow *seg6x_otip_flow_new(struct seg6x_otip *ot, unsigned int rule,
						   const struct in6_addr *client,
						   const struct seg6x_otip_key *k,
						   const struct seg6x_otip_pkt *p)
{
	u16 b = seg6x_otip_hash(ot, client, p->src, p->proto), i;
	struct seg6x_otip_flow *f;

	if (ot->free == SEG6X_OTIP_NONE && !(seg6x_otip_flows_reap(ot) < SEG6X_OTIP_FLOWS_MAX))
		return NULL;
	i = ot->free;
	f = &ot->flow[i];
	ot->free = f->next;
	*f = (struct seg6x_otip_flow){
		.client = *client, .oaddr = k->addr, .cport = p->src, .sport = k->sport,
		.proto = p->proto, .rule = rule, .next = ot->bucket[b], .last = jiffies,
	};
	ot->bucket[b] = i;
	ot->n_flows++;
	ot->rules[rule].flows++;
	return f;
}

static void seg6x_otip_drop(struct net *net, struct seg6x_otip_rule *r, unsigned int c, u32 reason)
{
	r->c[c]++;
	seg6x_count_add(net, SEG6X_BEHAVIOUR_OTIP, c, 1);
	seg6x_count_drop(net, SEG6X_BEHAVIOUR_OTIP, reason);
}

/* Into a rule's base: a flow's packet, a new flow, or a drop. Holds ot->lock. */
static unsigned int seg6x_otip_forward(struct seg6x_otip *ot, struct seg6x_otip_rule *r,
				       struct sk_buff *skb, struct net *net)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	unsigned int ri = r - ot->rules, i;
	struct seg6x_otip_flow *f;
	struct seg6x_otip_pkt p;
	struct seg6x_otip_key k;
	struct in6_addr service;
	int err;

	seg6x_otip_parse(skb, &p);
	if (!p.proto || (!p.start && p.proto == IPPROTO_ICMPV6)) {
		seg6x_otip_drop(net, r, SEG6X_OTIP_C_PROTOCOL, SEG6X_DROP_OTIP_PROTOCOL);
		return NF_DROP;
	}
	ip6h = ipv6_hdr(skb);
	k.addr = ip6h->daddr;
	k.sport = p.proto == IPPROTO_ICMPV6 ? 0 : p.dst;
	f = seg6x_otip_flow_find(ot, &ip6h->saddr, p.src, p.proto, seg6x_otip_match_oaddr, &k);
	if (!f) {
		if (!p.start) {
			seg6x_otip_drop(net, r, SEG6X_OTIP_C_NO_FLOW, SEG6X_DROP_OTIP_NO_FLOW);
			return NF_DROP;
		}
		seg6x_otip_windows(r, seg6x_otip_now_window(r));
		for (i = 0; i < SEG6X_OTIP_HIST; i++)
			if (ipv6_addr_equal(&r->addr[i], &k.addr))
				break;
		if (i >= 2) {
			if (i < SEG6X_OTIP_HIST)
				seg6x_otip_drop(net, r, SEG6X_OTIP_C_STALE, SEG6X_DROP_OTIP_STALE);
			else
				seg6x_otip_drop(net, r, SEG6X_OTIP_C_GUESSED, SEG6X_DROP_OTIP_GUESSED);
			return NF_DROP;
		}
		f = seg6x_otip_flow_new(ot, ri, &ip6h->saddr, &k, &p);
		if (!f) {
			seg6x_otip_drop(net, r, SEG6X_OTIP_C_FLOWS_FULL, SEG6X_DROP_OTIP_FLOWS);
			return NF_DROP;
		}
		r->c[SEG6X_OTIP_C_ACCEPTED]++;
		seg6x_count_add(net, SEG6X_BEHAVIOUR_OTIP, SEG6X_OTIP_C_ACCEPTED, 1);
	}
	f->last = jiffies;
	f->closing |= p.fin;
	service = r->service;
	r->c[SEG6X_OTIP_C_FORWARDED]++;
	seg6x_count_add(net, SEG6X_BEHAVIOUR_OTIP, SEG6X_OTIP_C_FORWARDED, 1);
	err = seg6x_otip_rewrite(skb, &p, true, &service);
	if (err) {
		seg6x_count_drop(net, SEG6X_BEHAVIOUR_OTIP, -err);
		return NF_DROP;
	}
	seg6x_count(net, SEG6X_BEHAVIOUR_OTIP, skb->len);
	return NF_ACCEPT;
}

/* From a service: a flow's reply gets its one-time source. Holds ot->lock. */
static unsigned int seg6x_otip_reply(struct seg6x_otip *ot, struct sk_buff *skb, struct net *net)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct seg6x_otip_flow *f;
	struct seg6x_otip_pkt p;
	struct seg6x_otip_key k;
	struct in6_addr oaddr;
	int err;

	seg6x_otip_parse(skb, &p);
	if (!p.proto || !p.reply_ok)
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	k.addr = ip6h->saddr;
	k.sport = p.proto == IPPROTO_ICMPV6 ? 0 : p.src;
	f = seg6x_otip_flow_find(ot, &ip6h->daddr, p.dst, p.proto, seg6x_otip_match_service, &k);
	if (!f)
		return NF_ACCEPT;
	f->last = jiffies;
	f->closing |= p.fin;
	oaddr = f->oaddr;
	ot->rules[f->rule].c[SEG6X_OTIP_C_REPLIES]++;
	seg6x_count_add(net, SEG6X_BEHAVIOUR_OTIP, SEG6X_OTIP_C_REPLIES, 1);
	err = seg6x_otip_rewrite(skb, &p, false, &oaddr);
	if (err) {
		seg6x_count_drop(net, SEG6X_BEHAVIOUR_OTIP, -err);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

static struct seg6x_otip_rule *seg6x_otip_service_rule(struct seg6x_otip *ot,
							 const struct in6_addr *a)
{
	unsigned int i;

	for (i = 0; i < SEG6X_OTIP_RULES_MAX; i++)
		if (ot->rules[i].used && ipv6_addr_equal(&ot->rules[i].service, a))
			return &ot->rules[i];
	return NULL;
}

/* The ICMPv6 header's offset if @skb is an ICMPv6 error of types 1-4, else 0 */
static unsigned int seg6x_otip_error_off(struct sk_buff *skb)
{
	u8 nexthdr = ipv6_hdr(skb)->nexthdr, type;
	__be16 frag_off;
	int off;

	off = ipv6_skip_exthdr(skb, sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	if (off < 0 || nexthdr != IPPROTO_ICMPV6 || (frag_off & htons(IP6_OFFSET)) ||
	    skb_copy_bits(skb, off, &type, 1) ||
	    type < ICMPV6_DEST_UNREACH || type > ICMPV6_PARAMPROB)
		return 0;
	return off;
}

/*
 * An ICMPv6 error about a packet a client sent to a service, from the
 * service, a router between the gateway and it or the gateway itself: the
 * quote holds the service's stable address, and so does the outer source
 * when the service sent it. The quote's flow (client end, service end) gives the one-time
 * address for both, as its replies get it; the quoted TCP/UDP checksum
 * follows, so the client sees exactly the packet it sent. An error about no
 * live flow is dropped as "no-flow" of the service's (first) rule: nothing
 * tells which one-time address the client used. Errors about packets to
 * other destinations pass. Holds ot->lock.
 */
static unsigned int seg6x_otip_error(struct seg6x_otip *ot, struct sk_buff *skb,
				     unsigned int off, struct net *net)
{
	unsigned int qoff = off + sizeof(struct icmp6hdr);
	struct seg6x_otip_flow *f = NULL;
	struct seg6x_otip_rule *r;
	struct seg6x_otip_pkt p = { .proto = IPPROTO_ICMPV6 };
	struct seg6x_otip_key k;
	struct in6_addr to[2];
	struct ipv6hdr qh;
	__be16 frag_off, ports[2];
	u8 nexthdr, type;
	int thoff, err;

	if (!seg6x_icmp6_quote(skb, off, &qh))
		return NF_ACCEPT;
	r = seg6x_otip_service_rule(ot, &qh.daddr);
	if (!r)
		return NF_ACCEPT;
	nexthdr = qh.nexthdr;
	thoff = ipv6_skip_exthdr(skb, qoff + sizeof(qh), &nexthdr, &frag_off);
	if (thoff >= 0 && !(frag_off & htons(IP6_OFFSET))) {
		k.addr = qh.daddr;
		if ((nexthdr == IPPROTO_TCP || nexthdr == IPPROTO_UDP) &&
		    !skb_copy_bits(skb, thoff, ports, sizeof(ports))) {
			k.sport = ports[1];
			f = seg6x_otip_flow_find(ot, &qh.saddr, ports[0], nexthdr,
						 seg6x_otip_match_service, &k);
		} else if (nexthdr == IPPROTO_ICMPV6 && !skb_copy_bits(skb, thoff, &type, 1) &&
			   type == ICMPV6_ECHO_REQUEST &&
			   !skb_copy_bits(skb, thoff + offsetof(struct icmp6hdr, icmp6_identifier),
					  ports, sizeof(ports[0]))) {
			k.sport = 0;
			f = seg6x_otip_flow_find(ot, &qh.saddr, ports[0], nexthdr,
						 seg6x_otip_match_service, &k);
		}
	}
	if (!f) {
		seg6x_otip_drop(net, r, SEG6X_OTIP_C_NO_FLOW, SEG6X_DROP_OTIP_NO_FLOW);
		return NF_DROP;
	}
	to[0] = qh.saddr;
	to[1] = f->oaddr;
	ot->rules[f->rule].c[SEG6X_OTIP_C_REPLIES]++;
	seg6x_count_add(net, SEG6X_BEHAVIOUR_OTIP, SEG6X_OTIP_C_REPLIES, 1);
	err = seg6x_icmp6_quote_set(skb, off, to, true);
	if (!err && ipv6_addr_equal(&ipv6_hdr(skb)->saddr, &ot->rules[f->rule].service)) {
		p.csum_off = off + offsetof(struct icmp6hdr, icmp6_cksum);
		err = seg6x_otip_rewrite(skb, &p, false, &to[1]);
	}
	if (err) {
		seg6x_count_drop(net, SEG6X_BEHAVIOUR_OTIP, -err);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

static unsigned int seg6x_otip_in(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct seg6x_otip *ot = seg6x_otip(state->net);
	struct seg6x_otip_rule *r;
	unsigned int verdict = NF_ACCEPT, off;

	if (!ot || !pskb_may_pull(skb, sizeof(struct ipv6hdr)))
		return NF_ACCEPT;
	spin_lock(&ot->lock);
	r = seg6x_otip_rule_of(ot, &ipv6_hdr(skb)->daddr);
	off = r ? 0 : seg6x_otip_error_off(skb);
	if (r)
		verdict = seg6x_otip_forward(ot, r, skb, state->net);
	else if (off)
		verdict = seg6x_otip_error(ot, skb, off, state->net);
	else if (seg6x_otip_service_rule(ot, &ipv6_hdr(skb)->saddr))
		verdict = seg6x_otip_reply(ot, skb, state->net);
	spin_unlock(&ot->lock);
	return verdict;
}

/*
 * The gateway's own errors about a packet it forwards to a service (its
 * Time Exceeded, its Packet Too Big) quote the stable address too.
 */
static unsigned int seg6x_otip_out(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct seg6x_otip *ot = seg6x_otip(state->net);
	unsigned int verdict, off;

	if (!ot || !pskb_may_pull(skb, sizeof(struct ipv6hdr)) ||
	    ipv6_hdr(skb)->nexthdr != IPPROTO_ICMPV6)
		return NF_ACCEPT;
	off = seg6x_otip_error_off(skb);
	if (!off)
		return NF_ACCEPT;
	spin_lock_bh(&ot->lock);
	verdict = seg6x_otip_error(ot, skb, off, state->net);
	spin_unlock_bh(&ot->lock);
	return verdict;
}

static const struct nf_hook_ops seg6x_otip_ops[] = {
	{
		.hook		= seg6x_otip_in,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= SEG6X_OTIP_PRI,
	},
	{
		.hook		= seg6x_otip_out,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= SEG6X_OTIP_PRI,
	},
};

int seg6x_otip_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, seg6x_otip_ops, ARRAY_SIZE(seg6x_otip_ops));
}

void seg6x_otip_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, seg6x_otip_ops, ARRAY_SIZE(seg6x_otip_ops));
}
