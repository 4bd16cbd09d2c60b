// SPDX-License-Identifier: GPL-2.0-only
/*
 * "ilnp-lrr": the ILNP Locator Rewriting Relay (RFC 6740, with the LP
 * record of RFC 6742 pointing at it), as a seg6local behaviour.
 *
 * A relay stands in for nodes that move: traffic for a node's I-LV sent to
 * a locator it has left (its home locator, the one in the DNS, the one a
 * correspondent that missed an update still uses) is steered through the
 * relay's SID and leaves the relay addressed to the node's current locator.
 * Unlike a Mobile IP home agent the relay adds no tunnel: it rewrites the
 * destination locator (the upper 64 bits) and keeps the NID.
 *
 *   sender: encap seg6 mode encap segs RELAY_SID,OLD_L64|NID   (or inline)
 *
 *   at the relay, after End.BPF advanced the SRH:
 *     IPv6 dst = segments[SL] = OLD_L64 | NID
 *     ILCC[NID] -> its active locator NEW_L64 (Locator Updates the node sends
 *                  to the relay as to any correspondent, or "ip ilnp peer")
 *     dst, segments[SL] := NEW_L64 | NID; forwarded on the new destination
 *
 * The relay's ILCC is the namespace's ("ip ilnp cache show"); a NID it does
 * not hold is dropped (unknown-nid), a NID without a usable locator too
 * (unroutable). In encap mode the inner packet is untouched and the node
 * decapsulates it (seg6_enabled, SL 0). Inline, the transport checksum
 * covers the final segment: when SL is 0 and TCP or UDP follows the SRH it
 * follows the namespace's checksum mode (RFC: the pseudo-header holds the
 * NID only and nothing changes; ipv6: adjusted for the new locator).
 */
#include <linux/bpf.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/checksum.h>
#include <uapi/linux/seg6.h>
#include "ilnp_kern.h"

static const char *const seg6x_lrr_counter_names[__SEG6X_LRR_C_MAX] = {
	[SEG6X_LRR_C_RELAYED]	= "relayed",
	[SEG6X_LRR_C_CURRENT]	= "current",
};

/* Adjust an inline packet's TCP/UDP checksum for the new final destination. */
static void seg6x_lrr_csum(struct sk_buff *skb, unsigned int thoff, u8 proto,
			   const struct in6_addr *from, const struct in6_addr *to)
{
	unsigned int coff;
	__sum16 *check;

	if (proto == IPPROTO_TCP)
		coff = thoff + offsetof(struct tcphdr, check);
	else if (proto == IPPROTO_UDP)
		coff = thoff + offsetof(struct udphdr, check);
	else
		return;
	if (skb->len < coff + 2 || skb_ensure_writable(skb, coff + 2))
		return;		/* not our business: the receiver drops it */
	check = (__sum16 *)(skb->data + coff);
	if (proto == IPPROTO_UDP && !*check)
		return;		/* no checksum: nothing to keep right */
	inet_proto_csum_replace16(check, skb, from->s6_addr32, to->s6_addr32, true);
	if (proto == IPPROTO_UDP && !*check)
		*check = CSUM_MANGLED_0;
}

static int seg6x_lrr_input(struct sk_buff *skb, u32 flags)
{
	struct net *net = dev_net(skb->dev);
	struct seg6x_ilnp *il = seg6x_ilnp(net);
	const struct ilnp_ilcc_loc *loc;
	struct ilnp_ilcc_entry *e;
	struct in6_addr old, new;
	struct ipv6_sr_hdr *srh;
	unsigned int srhlen;
	u8 sl, nexthdr;
	ilnp_l64 l64, now_l64;
	ilnp_nid nid;
	int off = 0;
	u8 mode;

	if (!il)
		return -SEG6X_DROP_NO_BEHAVIOUR;
	if (skb->protocol != htons(ETH_P_IPV6))
		return -SEG6X_DROP_NOT_IPV6;
	if (ipv6_find_hdr(skb, &off, NEXTHDR_ROUTING, NULL, NULL) < 0 ||
	    !pskb_may_pull(skb, off + sizeof(*srh)))
		return -SEG6X_DROP_NO_SRH;
	srh = (struct ipv6_sr_hdr *)(skb->data + off);
	srhlen = (srh->hdrlen + 1) << 3;
	if (srh->type != IPV6_SRCRT_TYPE_4 || !pskb_may_pull(skb, off + srhlen))
		return -SEG6X_DROP_NO_SRH;
	srh = (struct ipv6_sr_hdr *)(skb->data + off);
	if (srh->segments_left > srh->first_segment ||
	    sizeof(*srh) + (srh->segments_left + 1) * sizeof(struct in6_addr) > srhlen)
		return -SEG6X_DROP_NO_SRH;
	sl = srh->segments_left;
	nexthdr = srh->nexthdr;
	old = ipv6_hdr(skb)->daddr;
	if (!ipv6_addr_equal(&old, &srh->segments[sl]))
		return -SEG6X_DROP_MALFORMED;	/* not what End.BPF left */
	ilnp_ilv_split(old.s6_addr, &l64, &nid);

	spin_lock(&il->lock);
	e = nid ? ilnp_ilcc_find(&il->cache, nid) : NULL;
	if (!e) {
		spin_unlock(&il->lock);
		return -SEG6X_DROP_UNKNOWN_NID;
	}
	e->last_used = seg6x_ilnp_now();
	loc = ilnp_ilcc_select(e, e->last_used);
	now_l64 = loc ? loc->l64 : 0;
	mode = il->csum_mode;
	spin_unlock(&il->lock);
	if (!now_l64)
		return -SEG6X_DROP_UNROUTABLE;
	if (now_l64 == l64) {
		seg6x_count_add(net, SEG6X_BEHAVIOUR_ILNP_LRR, SEG6X_LRR_C_CURRENT, 1);
		return BPF_OK;
	}

	if (skb_ensure_writable(skb, off + srhlen))
		return -SEG6X_DROP_NOMEM;
	srh = (struct ipv6_sr_hdr *)(skb->data + off);
	ilnp_ilv_join(new.s6_addr, now_l64, nid);
	srh->segments[sl] = new;
	ipv6_hdr(skb)->daddr = new;
	/* the bytes changed under a received CHECKSUM_COMPLETE */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	if (!sl && mode == ILNP_CSUM_IPV6)
		seg6x_lrr_csum(skb, off + srhlen, nexthdr, &old, &new);
	seg6x_count_add(net, SEG6X_BEHAVIOUR_ILNP_LRR, SEG6X_LRR_C_RELAYED, 1);
	return BPF_OK;
}

const struct seg6x_behaviour seg6x_ilnp_lrr_behaviour = {
	.id		= SEG6X_BEHAVIOUR_ILNP_LRR,
	.name		= "ilnp-lrr",
	.desc		= "ILNP locator rewriting relay: to a NID's current locator (its ILCC)",
	.input		= seg6x_lrr_input,
	.counter_names	= seg6x_lrr_counter_names,
	.n_counters	= __SEG6X_LRR_C_MAX,
};
