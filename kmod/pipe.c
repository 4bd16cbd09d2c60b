// SPDX-License-Identifier: GPL-2.0-only
/*
 * "pipe": SRv6Pipes, bytestream functions on TCP chosen by the SID.
 *
 *   SID:  | proxy prefix (80 bits) | function (16) | argument (32) |
 *
 * End.BPF has already advanced the SRH when this runs: our own SID is
 * segments[SL + 1] (a reduced SRH has lost it: refused). Consecutive
 * segments under the same /80 are further functions of this proxy in the
 * same flow. The final segment is the server, as in SRv6Pipes. Two client
 * layouts arrive here:
 *   inline  IPv6 | SRH | TCP           (encap seg6 mode inline)
 *   encap   IPv6 | SRH | IPv6 | TCP    (encap seg6 mode encap, the SRH's
 *                                       last segment the inner destination)
 * Every TCP packet of the client is delivered to this host as a plain TCP
 * packet to the server: inline, the destination becomes the final segment
 * (segments[0], which the client's TCP checksum covers) and the SRH is
 * removed; encap, the outer header and the SRH are removed, as End.DX6
 * does (no seg6_enabled is needed either way). Encap is what TCP clients
 * on stock kernels should use: since 6.12.1xx (and 6.17), the transmit
 * path reads the TCP header of a GSO packet at the transport offset,
 * which inline mode leaves on the SRH, and drops every multi-segment
 * packet as SKB_BAD_GSO (docs/pipe.md). On a "return tlv" route a SYN's
 * return-path TLV (SRv6Pipes' type 6) becomes the reverse leg's segments.
 * Then a local route is attached
 * and End.BPF is told BPF_REDIRECT. A SYN is also
 * assigned to the module's transparent listener, as bpf_sk_assign() does
 * (no table entry when the listener answers it with a SYN cookie); later
 * packets get their socket as early demux gives it, and an ACK that ends a
 * handshake with no entry left (cookie, expiry, a full table) refills the
 * entry from its own SRH. pipe_flow.c does the rest in a workqueue: this
 * runs in softirq and must not sleep. A SYN naming a function no module
 * registered (pipe_fn.c) waits for the load work below, which asks
 * modprobe once, then answers with a RST.
 */
#include <linux/bpf.h>
#include <linux/ipv6.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/tcp.h>
#include <linux/unaligned.h>
#include <net/addrconf.h>
#include <net/inet6_hashtables.h>
#include <net/ip6_checksum.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <uapi/linux/seg6.h>
#include "compat.h"
#include "seg6x.h"
#include "pipe_flow.h"

static const char *const pipe_counter_names[__PIPE_C_MAX] = {
	[PIPE_C_SYNS]		= "syns",
	[PIPE_C_FLOWS]		= "flows",
	[PIPE_C_CLOSED]		= "closed",
	[PIPE_C_RESET]		= "reset",
	[PIPE_C_TIMEOUT]	= "timeout",
	[PIPE_C_BYTES_FWD]	= "bytes-fwd",
	[PIPE_C_BYTES_REV]	= "bytes-rev",
	[PIPE_C_BAD_INPUT]	= "bad-input",
	[PIPE_C_ROUTE_DEL]	= "route-del",
	[PIPE_C_REFILLS]	= "refills",
	[PIPE_C_SYN_FULL]	= "syn-full",
	[PIPE_C_SYN_COOKIES]	= "syn-cookies",
	[PIPE_C_EVICTED]	= "evicted",
};

/* A packet of a flow, as the SID and the SRH describe it. */
struct pipe_pkt {
	struct pipe_key key;
	struct pipe_route route;
	struct pipe_call fn[PIPE_CHAIN_MAX];
	unsigned int nfn;
	unsigned int nsegs;		/* onward: segments[0..nsegs) */
	struct in6_addr segs[PIPE_SEGS_MAX];
	struct pipe_ret ret;		/* return tlv: SYN, ACK */
	bool syn;
	bool ack;			/* ACK, not SYN, not RST */
	bool encap;			/* IPv6 in IPv6 + SRH */
	u32 seq;
	unsigned int tcp_payload;
};

static void pipe_call_of(struct pipe_call *c, const struct in6_addr *sid)
{
	c->id = sid->s6_addr[10] << 8 | sid->s6_addr[11];
	c->arg = get_unaligned_be32(&sid->s6_addr[12]);
}

/*
 * return tlv: the SYN's return-path TLV (uapi seg6x.h) as the reverse leg's
 * segments. End.BPF validated the TLV chain the way seg6_validate_srh()
 * walks it (type and length for every TLV); TLVs of other types are
 * skipped, as RFC 8754 asks of types a node does not know. Refused: a
 * length that is not 6 + 16n, no segment, segments left >= n, a second
 * return-path TLV, a segment[0] that is not the client.
 */
static int pipe_parse_ret(const struct ipv6_sr_hdr *srh, unsigned int srhlen,
			  struct pipe_pkt *p)
{
	unsigned int off = sizeof(*srh) + (srh->first_segment + 1) * sizeof(struct in6_addr);
	const u8 *t;
	unsigned int n;

	p->ret.n = 0;
	for (; off + 2 <= srhlen; off += 2 + t[1]) {
		t = (const u8 *)srh + off;
		if (t[0] != SEG6X_SRH_TLV_RETURN_PATH)
			continue;
		if (off + 2 + t[1] > srhlen || t[1] < 6 || (t[1] - 6) % 16 || p->ret.n)
			return -SEG6X_DROP_PIPE_RETURN_TLV;
		n = (t[1] - 6) / 16;
		if (!n || t[7] >= n)
			return -SEG6X_DROP_PIPE_RETURN_TLV;
		p->ret.n = n;
		p->ret.sl = t[7];
		memcpy(p->ret.segs, t + 8, n * sizeof(struct in6_addr));
	}
	if (p->ret.n && ipv6_addr_cmp(&p->ret.segs[0], &p->key.client))
		return -SEG6X_DROP_PIPE_RETURN_TLV;
	return 0;
}

/*
 * The SRH must follow the IPv6 header, and TCP the SRH (inline) or an inner
 * IPv6 header addressed to the final segment (encap); the chain is our SID
 * and the following segments under the same /80, never the final segment.
 * With @flags' SEG6X_EXEC_PIPE_RETURN_TLV a SYN's return-path TLV is read.
 */
static int pipe_parse(struct sk_buff *skb, u32 flags, struct pipe_pkt *p,
		      unsigned int *srhlen)
{
	unsigned int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	struct ipv6_sr_hdr *srh;
	struct tcphdr *th;
	int sl, k;

	if (skb->protocol != htons(ETH_P_IPV6))
		return -SEG6X_DROP_NOT_IPV6;
	if (ipv6_hdr(skb)->nexthdr != NEXTHDR_ROUTING ||
	    !pskb_may_pull(skb, off + sizeof(*srh)))
		return -SEG6X_DROP_NO_SRH;
	srh = (struct ipv6_sr_hdr *)(skb->data + off);
	*srhlen = (srh->hdrlen + 1) << 3;
	if (!pskb_may_pull(skb, off + *srhlen))
		return -SEG6X_DROP_NO_SRH;
	srh = (struct ipv6_sr_hdr *)(skb->data + off);
	sl = srh->segments_left;
	if (sl + 1 > srh->first_segment)
		return -SEG6X_DROP_PIPE_REDUCED_SRH;
	p->encap = srh->nexthdr == IPPROTO_IPV6;
	if (srh->nexthdr != IPPROTO_TCP && !p->encap)
		return -SEG6X_DROP_PIPE_NOT_TCP;

	p->route.sid = srh->segments[sl + 1];	/* what the route matched */
	p->route.saddr = ipv6_hdr(skb)->saddr;
	pipe_call_of(&p->fn[0], &srh->segments[sl + 1]);
	p->nfn = 1;
	for (k = sl; k > 0; k--) {
		if (memcmp(&srh->segments[k], &srh->segments[sl + 1], 10))
			break;
		if (p->nfn == PIPE_CHAIN_MAX)
			return -SEG6X_DROP_MALFORMED;
		pipe_call_of(&p->fn[p->nfn++], &srh->segments[k]);
	}
	if (k + 1 > PIPE_SEGS_MAX)
		return -SEG6X_DROP_MALFORMED;
	p->nsegs = k + 1;
	memcpy(p->segs, srh->segments, p->nsegs * sizeof(struct in6_addr));

	off += *srhlen;
	p->key.client = ipv6_hdr(skb)->saddr;
	p->key.server = p->segs[0];
	if (p->encap) {
		const struct ipv6hdr *in;

		if (!pskb_may_pull(skb, off + sizeof(*in)))
			return -SEG6X_DROP_MALFORMED;
		in = (const struct ipv6hdr *)(skb->data + off);
		if (in->nexthdr != IPPROTO_TCP)
			return -SEG6X_DROP_PIPE_NOT_TCP;
		if (ipv6_addr_cmp(&in->daddr, &p->key.server) ||
		    ntohs(in->payload_len) != skb->len - off - sizeof(*in))
			return -SEG6X_DROP_MALFORMED;
		p->key.client = in->saddr;
		off += sizeof(*in);
	}
	if (!pskb_may_pull(skb, off + sizeof(*th)))
		return -SEG6X_DROP_MALFORMED;
	th = (struct tcphdr *)(skb->data + off);
	if (th->doff < sizeof(*th) / 4 || !pskb_may_pull(skb, off + th->doff * 4))
		return -SEG6X_DROP_MALFORMED;
	th = (struct tcphdr *)(skb->data + off);
	p->key.cport = th->source;
	p->key.sport = th->dest;
	p->syn = th->syn && !th->ack && !th->rst;
	p->ack = th->ack && !th->syn && !th->rst;
	p->seq = ntohl(th->seq);
	p->tcp_payload = skb->len - off - th->doff * 4;
	p->ret.n = 0;
	/* an ACK may refill a flow whose SYN left no entry (SYN cookies) */
	if ((p->syn || p->ack) && (flags & SEG6X_EXEC_PIPE_RETURN_TLV)) {
		/* the SRH is still in place, pulled into the linear part */
		srh = (struct ipv6_sr_hdr *)(skb_network_header(skb) + sizeof(struct ipv6hdr));
		return pipe_parse_ret(srh, *srhlen, p);
	}
	return 0;
}

/* The FIB entry of the pipe route this packet matched (its dst's origin). */
static void pipe_route_of(struct sk_buff *skb, struct pipe_route *r)
{
	struct dst_entry *dst = skb_dst(skb);

	r->iif = skb->dev->ifindex;
	r->mark = skb->mark;
	r->fib = dst ? rcu_access_pointer(container_of(dst, struct rt6_info, dst)->from) : NULL;
}

/* Outer header and SRH out: the inner packet, as End.DX6 decapsulates. */
static int pipe_decap(struct sk_buff *skb, unsigned int srhlen)
{
	unsigned int len = skb_network_offset(skb) + sizeof(struct ipv6hdr) + srhlen;

	if (!pskb_pull(skb, len))
		return -SEG6X_DROP_MALFORMED;
	skb_postpull_rcsum(skb, skb_network_header(skb), len);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(struct ipv6hdr));
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	if (iptunnel_pull_offloads(skb))
		return -SEG6X_DROP_NOMEM;
	return 0;
}

/*
 * Inline: destination := the final segment, SRH out. Encap: the inner
 * packet. Either way a plain TCP packet to the server.
 */
static int pipe_strip(struct sk_buff *skb, const struct pipe_pkt *p,
		      unsigned int srhlen)
{
	unsigned int nhoff = skb_network_offset(skb);
	struct ipv6hdr *ip6;
	u8 nexthdr;

	if (p->encap)
		return pipe_decap(skb, srhlen);
	if (skb_ensure_writable(skb, nhoff + sizeof(*ip6) + srhlen))
		return -SEG6X_DROP_NOMEM;
	nexthdr = ((struct ipv6_sr_hdr *)(skb->data + nhoff + sizeof(*ip6)))->nexthdr;
	memmove(skb->data + nhoff + srhlen, skb->data + nhoff, sizeof(*ip6));
	skb_pull(skb, srhlen);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*ip6));
	ip6 = ipv6_hdr(skb);
	ip6->nexthdr = nexthdr;
	ip6->daddr = p->key.server;
	ip6->payload_len = htons(ntohs(ip6->payload_len) - srhlen);
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	/* a complete checksum covered the removed bytes: let TCP verify */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/*
 * End.BPF's own lookups refuse local delivery; the local table's route for
 * ::1 (loopback must be up) is a local route whose input is ip6_input().
 */
static int pipe_local_dst(struct sk_buff *skb, struct net *net)
{
	struct fib6_table *table = fib6_get_table(net, RT6_TABLE_LOCAL);
	struct flowi6 fl6 = {
		.daddr		= in6addr_loopback,
		.flowi6_proto	= IPPROTO_TCP,
	};
	struct rt6_info *rt;

	if (!table)
		return -SEG6X_DROP_UNROUTABLE;
	rt = ip6_pol_route(net, table, 0, &fl6, skb, 0);
	if (rt->dst.error || !(rt->rt6i_flags & RTF_LOCAL)) {
		dst_release(&rt->dst);
		return -SEG6X_DROP_UNROUTABLE;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	return 0;
}

/* The SYN goes to our listener whatever its destination port. */
static int pipe_assign(struct sk_buff *skb, struct pipe_net *pn)
{
	struct socket *l = READ_ONCE(pn->listener);
	struct sock *sk = l ? l->sk : NULL;

	if (!sk || sk_unhashed(sk))
		return -SEG6X_DROP_UNROUTABLE;
	if (sk_is_refcounted(sk) && !refcount_inc_not_zero(&sk->sk_refcnt))
		return -SEG6X_DROP_UNROUTABLE;
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_pfree;
	return 0;
}

/*
 * Refuse a SYN with a RST from the server's address, as a host without
 * the function would: never a silent bypass of the function. @ack is the
 * SYN's sequence number + 1 + its payload. Softirq or process context.
 */
static void pipe_reset(struct net *net, const struct pipe_key *key, u32 ack)
{
	struct flowi6 fl6 = {
		.daddr		= key->client,
		.saddr		= key->server,
		.flowi6_proto	= IPPROTO_TCP,
		.fl6_sport	= key->sport,
		.fl6_dport	= key->cport,
	};
	struct dst_entry *dst;
	struct sk_buff *skb;
	struct ipv6hdr *ip6;
	struct tcphdr *th;

	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return;
	}
	skb = alloc_skb(LL_MAX_HEADER + sizeof(*ip6) + sizeof(*th), GFP_ATOMIC);
	if (!skb) {
		dst_release(dst);
		return;
	}
	skb_reserve(skb, LL_MAX_HEADER + sizeof(*ip6));
	skb_reset_transport_header(skb);
	th = skb_put_zero(skb, sizeof(*th));
	th->source = key->sport;
	th->dest = key->cport;
	th->ack_seq = htonl(ack);
	th->doff = sizeof(*th) / 4;
	th->rst = 1;
	th->ack = 1;
	th->check = csum_ipv6_magic(&key->server, &key->client, sizeof(*th),
				    IPPROTO_TCP, csum_partial(th, sizeof(*th), 0));
	skb_push(skb, sizeof(*ip6));
	skb_reset_network_header(skb);
	ip6 = ipv6_hdr(skb);
	ip6_flow_hdr(ip6, 0, 0);
	ip6->nexthdr = IPPROTO_TCP;
	ip6->hop_limit = ip6_dst_hoplimit(dst);
	ip6->saddr = key->server;
	ip6->daddr = key->client;
	skb->protocol = htons(ETH_P_IPV6);
	skb->ip_summed = CHECKSUM_NONE;
	skb_dst_set(skb, dst);
	ip6_local_out(net, NULL, skb);
}

static bool pipe_autoload = true;
module_param_named(pipe_autoload, pipe_autoload, bool, 0644);
MODULE_PARM_DESC(pipe_autoload,
		 "pipe: ask modprobe for seg6x-pipe-fn-XXXX when a SID names an unregistered function (default 1)");

/*
 * A SYN naming function @id, which nobody registered. With autoload, hold
 * it (a slot of pn->want) for the load work, which asks modprobe for the
 * function's module once: the SYN itself is dropped, the client's
 * retransmission finds the function or the work answers with a RST.
 * Without autoload, or with every slot taken, answer with a RST now.
 */
static int pipe_want(struct net *net, struct pipe_net *pn, const struct pipe_pkt *p, u16 id)
{
	u32 ack = p->seq + 1 + p->tcp_payload;
	struct pipe_want *free = NULL;
	unsigned int i;

	if (READ_ONCE(pipe_autoload)) {
		spin_lock(&pn->lock);
		for (i = 0; i < PIPE_WANT_MAX; i++) {
			struct pipe_want *w = &pn->want[i];

			if (!w->used) {
				free = free ?: w;
			} else if (!memcmp(&w->key, &p->key, sizeof(p->key))) {
				spin_unlock(&pn->lock);
				return -SEG6X_DROP_PIPE_LOADING;	/* a retransmission */
			}
		}
		if (free) {
			*free = (struct pipe_want){ .used = true, .id = id, .key = p->key, .ack = ack };
			queue_work(seg6x_pipe_wq, &pn->load_work);
		}
		spin_unlock(&pn->lock);
		if (free)
			return -SEG6X_DROP_PIPE_LOADING;
	}
	pipe_reset(net, &p->key, ack);
	return -SEG6X_DROP_PIPE_FUNCTION;
}

/*
 * The load work: for each id wanted, one request_module() (it waits for
 * modprobe, and the module's init registers its functions); then each held
 * SYN whose function is still unknown gets its RST, counted as
 * pipe-unknown-function. Process context: request_module() may sleep.
 */
static void pipe_load_work(struct work_struct *work)
{
	struct pipe_net *pn = container_of(work, struct pipe_net, load_work);
	struct pipe_want *w, done;
	unsigned int i;
	bool known;
	int id;

	for (;;) {
		id = -1;
		spin_lock_bh(&pn->lock);
		for (i = 0; i < PIPE_WANT_MAX && id < 0; i++)
			if (pn->want[i].used)
				id = pn->want[i].id;
		spin_unlock_bh(&pn->lock);
		if (id < 0)
			return;
		known = seg6x_pipe_fn_known(id);
		if (!known) {
			request_module("seg6x-pipe-fn-%04x", id);
			known = seg6x_pipe_fn_known(id);
		}
		for (i = 0; i < PIPE_WANT_MAX; i++) {
			w = &pn->want[i];
			spin_lock_bh(&pn->lock);
			done = *w;
			if (w->used && w->id == id)
				w->used = false;
			spin_unlock_bh(&pn->lock);
			if (!done.used || done.id != id || known)
				continue;
			local_bh_disable();
			pipe_reset(pn->net, &done.key, done.ack);
			seg6x_count_drop(pn->net, SEG6X_BEHAVIOUR_PIPE, SEG6X_DROP_PIPE_FUNCTION);
			local_bh_enable();
		}
	}
}

/*
 * Will the listener answer this SYN with a cookie, keeping no request
 * sock? As tcp_conn_request() decides: always with tcp_syncookies=2, with 1
 * once its SYN queue is full. Then the SYN makes no entry either.
 */
static bool pipe_syn_cookie(struct net *net, struct pipe_net *pn)
{
	u8 mode = READ_ONCE(net->ipv4.sysctl_tcp_syncookies);
	struct socket *l = READ_ONCE(pn->listener);

	return mode == 2 || (mode && l && inet_csk_reqsk_queue_is_full(l->sk));
}

static int pipe_syn(struct sk_buff *skb, struct net *net, struct pipe_net *pn,
		    const struct pipe_pkt *p)
{
	enum pipe_add how = pipe_syn_cookie(net, pn) ? PIPE_ADD_SYN_COOKIE : PIPE_ADD_SYN;
	bool active;
	unsigned int i;
	int err;

	for (i = 0; i < p->nfn; i++)
		if (!seg6x_pipe_fn_known(p->fn[i].id))
			return pipe_want(net, pn, p, p->fn[i].id);
	err = seg6x_pipe_flow_add(pn, how, &p->key, p->fn, p->nfn, p->segs, p->nsegs,
				  &p->route, &p->ret, &active);
	if (err == -ENOSPC)
		return -SEG6X_DROP_PIPE_FLOWS;
	if (err && err != -EAGAIN)	/* -EAGAIN: the ACK makes room */
		return -SEG6X_DROP_NOMEM;
	/* a SYN for a live flow: its socket answers (challenge ACK) */
	if (active)
		return 0;
	err = pipe_assign(skb, pn);
	if (!err)
		seg6x_pipe_count(pn, PIPE_C_SYNS, 1);
	return err;
}

/* Would the listener make a connection of this ACK from its cookie? */
static bool pipe_ack_cookie(struct net *net, struct pipe_net *pn, struct sk_buff *skb)
{
	u8 mode = READ_ONCE(net->ipv4.sysctl_tcp_syncookies);
	struct socket *l = READ_ONCE(pn->listener);

	if (!mode || !l || (mode != 2 && tcp_synq_no_recent_overflow(l->sk)))
		return false;	/* cookie_v6_check() would not look */
	return __cookie_v6_check(ipv6_hdr(skb), tcp_hdr(skb)) != 0;
}

/*
 * A client's ACK (the packet is already the plain TCP packet to the
 * server). Its socket is looked up as early demux does and attached, so
 * TCP does not look again. With no socket yet, the ACK may end a handshake
 * whose SYN left no entry (a cookie, a full table) or whose entry expired
 * or was evicted: it carries the same SRH, so the entry is refilled from
 * it when the listener will make a connection of it (a request sock waits,
 * or the ACK holds a valid cookie), and a cookie ACK goes to the listener
 * as the SYN did. Anything else goes on as before (TCP answers a RST).
 */
static int pipe_ack(struct sk_buff *skb, struct net *net, struct pipe_net *pn,
		    const struct pipe_pkt *p)
{
	bool active, cookie = false;
	struct sock *sk;
	int err;

	sk = seg6x_lookup_established(net, &p->key.client, p->key.cport, &p->key.server,
				      ntohs(p->key.sport), inet6_iif(skb), inet6_sdif(skb));
	if (!sk) {
		cookie = pipe_ack_cookie(net, pn, skb);
		if (!cookie)
			return 0;
	}
	if (cookie || sk->sk_state == TCP_NEW_SYN_RECV) {
		err = seg6x_pipe_flow_add(pn, PIPE_ADD_ACK, &p->key, p->fn, p->nfn,
					  p->segs, p->nsegs, &p->route, &p->ret, &active);
		if (err) {
			if (sk)
				sock_gen_put(sk);
			/* the client retransmits; its ACK stays valid a while */
			return err == -ENOSPC ? -SEG6X_DROP_PIPE_FLOWS : -SEG6X_DROP_NOMEM;
		}
	}
	if (cookie)
		return pipe_assign(skb, pn);
	skb_orphan(skb);
	skb->sk = sk;
	skb->destructor = sock_edemux;
	return 0;
}

static int pipe_input(struct sk_buff *skb, u32 flags)
{
	struct net *net = dev_net(skb->dev);
	struct pipe_net *pn = seg6x_net_priv(net, SEG6X_BEHAVIOUR_PIPE);
	struct pipe_pkt p;
	unsigned int srhlen;
	int err;

	if (!pn)
		return -SEG6X_DROP_NO_BEHAVIOUR;
	err = pipe_parse(skb, flags, &p, &srhlen);
	if (err)
		return err;
	pipe_route_of(skb, &p.route);
	err = pipe_strip(skb, &p, srhlen);
	if (err)
		return err;
	err = pipe_local_dst(skb, net);
	if (err)
		return err;
	if (p.syn)
		err = pipe_syn(skb, net, pn, &p);
	else if (p.ack)
		err = pipe_ack(skb, net, pn, &p);
	if (err)
		return err;
	return BPF_REDIRECT;
}

static int pipe_net_init(struct net *net)
{
	struct pipe_net *pn;
	int err;

	pn = kzalloc(sizeof(*pn), GFP_KERNEL);
	if (!pn)
		return -ENOMEM;
	pn->net = net;
	INIT_WORK(&pn->load_work, pipe_load_work);
	err = seg6x_pipe_flows_net_init(pn);
	if (err) {
		kfree(pn);
		return err;
	}
	seg6x_net_priv_set(net, SEG6X_BEHAVIOUR_PIPE, pn);
	return 0;
}

static void pipe_net_exit(struct net *net)
{
	struct pipe_net *pn = seg6x_net_priv(net, SEG6X_BEHAVIOUR_PIPE);

	seg6x_net_priv_set(net, SEG6X_BEHAVIOUR_PIPE, NULL);
	synchronize_net();	/* no softirq still looks at pn */
	cancel_work_sync(&pn->load_work);
	seg6x_pipe_flows_net_exit(pn);
	kfree_sensitive(pn);	/* the AEAD keys */
}

static int pipe_init(void)
{
	int err;

	/*
	 * Unbound: a pump runs on any idle CPU, not behind the softirq that
	 * woke it. WQ_SYSFS: /sys/devices/virtual/workqueue/seg6x_pipe/
	 * cpumask and nice let an operator keep the proxy's work on CPUs of
	 * its own (docs/pipe.md, "CPUs"), as the speed bench does.
	 */
	seg6x_pipe_wq = alloc_workqueue("seg6x_pipe", WQ_UNBOUND | WQ_SYSFS, 0);
	if (!seg6x_pipe_wq)
		return -ENOMEM;
	err = seg6x_pipe_fns_init();
	if (err)
		destroy_workqueue(seg6x_pipe_wq);
	return err;
}

static void pipe_exit(void)
{
	seg6x_pipe_fns_exit();
	destroy_workqueue(seg6x_pipe_wq);
}

const struct seg6x_behaviour seg6x_pipe_behaviour = {
	.id		= SEG6X_BEHAVIOUR_PIPE,
	.name		= "pipe",
	.desc		= "SRv6Pipes: bytestream functions on TCP chosen by the SID",
	.input		= pipe_input,
	.flags		= SEG6X_EXEC_PIPE_RETURN_TLV,
	.init		= pipe_init,
	.exit		= pipe_exit,
	.net_init	= pipe_net_init,
	.net_exit	= pipe_net_exit,
	.counter_names	= pipe_counter_names,
	.n_counters	= __PIPE_C_MAX,
};
