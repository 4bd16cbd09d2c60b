// SPDX-License-Identifier: GPL-2.0-only
/*
 * The packet an ICMPv6 error quotes, for the behaviours that rewrite
 * addresses (ilnp_nf.c, otip_nf.c): an error about a rewritten packet
 * quotes it as it was on the wire past the rewriter, so the quote must be
 * translated back like the packet's addresses, or the sender's stack finds
 * no socket for it (PMTU discovery black-holes) and the addresses the
 * rewriter hides leak.
 */
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ipv6.h>
#include <net/checksum.h>
#include "seg6x.h"

/**
 * seg6x_icmp6_quote - the IPv6 header an ICMPv6 error quotes
 * @skb: an IPv6 packet, skb->data at its IPv6 header
 * @off: the offset of its ICMPv6 header
 * @qh: the quoted header
 *
 * Return: true if the ICMPv6 message at @off is an error (type below 128)
 * whose quote starts with a whole IPv6 header.
 */
bool seg6x_icmp6_quote(const struct sk_buff *skb, unsigned int off, struct ipv6hdr *qh)
{
	u8 type;

	if (skb_copy_bits(skb, off, &type, 1) || (type & ICMPV6_INFOMSG_MASK))
		return false;
	return !skb_copy_bits(skb, off + sizeof(struct icmp6hdr), qh, sizeof(*qh)) &&
	       qh->version == 6;
}

/* *sum, a checksum over data that held @from where it now holds @to */
static void seg6x_csum_replace16(__sum16 *sum, const __be32 *from, const __be32 *to)
{
	__be32 diff[] = {
		~from[0], ~from[1], ~from[2], ~from[3],
		to[0], to[1], to[2], to[3],
	};

	*sum = csum_fold(csum_partial(diff, sizeof(diff), ~csum_unfold(*sum)));
}

/**
 * seg6x_icmp6_quote_set - give the packet an ICMPv6 error quotes new addresses
 * @skb: the error, skb->data at its IPv6 header (seg6x_icmp6_quote() true)
 * @off: the offset of its ICMPv6 header
 * @to: the quote's new source and destination
 * @l4: also fix the quoted TCP or UDP checksum (its pseudo-header holds the
 *	addresses) when the quote holds it; a UDP checksum of 0 stays 0
 *
 * The ICMPv6 checksum follows every changed byte. CHECKSUM_COMPLETE is
 * dropped to NONE (verified in software), CHECKSUM_PARTIAL needs nothing.
 *
 * Return: 0, or -SEG6X_DROP_NOMEM when the packet cannot be made writable.
 */
int seg6x_icmp6_quote_set(struct sk_buff *skb, unsigned int off,
			  const struct in6_addr to[2], bool l4)
{
	unsigned int qoff = off + sizeof(struct icmp6hdr), end, csum_off = 0;
	struct in6_addr *q;
	__sum16 *check;
	__be16 frag_off;
	u8 nexthdr;
	int thoff, i;

	end = qoff + sizeof(struct ipv6hdr);
	if (l4 && !skb_copy_bits(skb, qoff + offsetof(struct ipv6hdr, nexthdr), &nexthdr, 1)) {
		thoff = ipv6_skip_exthdr(skb, end, &nexthdr, &frag_off);
		if (thoff >= 0 && !(frag_off & htons(IP6_OFFSET))) {
			if (nexthdr == IPPROTO_TCP)
				csum_off = thoff + offsetof(struct tcphdr, check);
			else if (nexthdr == IPPROTO_UDP)
				csum_off = thoff + offsetof(struct udphdr, check);
			if (csum_off + 2 > skb->len)
				csum_off = 0;
		}
	}
	if (skb_ensure_writable(skb, max(end, csum_off + 2)))
		return -SEG6X_DROP_NOMEM;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	check = (__sum16 *)(skb->data + off + offsetof(struct icmp6hdr, icmp6_cksum));
	q = (struct in6_addr *)(skb->data + qoff + offsetof(struct ipv6hdr, saddr));
	if (csum_off) {
		__sum16 *qcheck = (__sum16 *)(skb->data + csum_off), old = *qcheck;

		if (nexthdr == IPPROTO_TCP || old) {
			for (i = 0; i < 2; i++)
				seg6x_csum_replace16(qcheck, q[i].s6_addr32, to[i].s6_addr32);
			if (nexthdr == IPPROTO_UDP && !*qcheck)
				*qcheck = CSUM_MANGLED_0;
			inet_proto_csum_replace2(check, skb, (__force __be16)old,
						 (__force __be16)*qcheck, false);
		}
	}
	for (i = 0; i < 2; i++) {
		inet_proto_csum_replace16(check, skb, q[i].s6_addr32, to[i].s6_addr32, false);
		q[i] = to[i];
	}
	return 0;
}
