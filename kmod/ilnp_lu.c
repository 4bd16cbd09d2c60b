// SPDX-License-Identifier: GPL-2.0-only
/*
 * ILNPv6 Locator Updates (RFC 6743) and their nonces (RFC 6744).
 *
 * Receive (PRE_ROUTING, softirq): validate with the pure codec, check the
 * ICMPv6 checksum over the wire addresses, find the sender's NID in the
 * ILCC, check the nonce (the first one a peer shows is learnt, later ones
 * must match), then an advertisement replaces the peer's locator set and
 * queues an acknowledgement; an acknowledgement echoing our current set
 * ends our retransmissions. Every refusal is counted with its reason and
 * the message never reaches the stack (which would answer the unknown
 * 0x8B option with a Parameter Problem).
 *
 * Send (a work item, process context): a kernel raw ICMPv6 socket per netns,
 * source and nonce given per message as IPV6_PKTINFO and IPV6_DSTOPTS
 * control messages; the stack computes the ICMPv6 checksum and routes from
 * the source locator. Advertisements are repeated with a linear back-off
 * (SEG6X_ILNP_RTX_MS * n) up to SEG6X_ILNP_TRIES times. The same work ages
 * the ILCC once a second while it holds entries.
 */
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/socket.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/rawv6.h>
#include "ilnp_kern.h"

/* Max Locator Update we parse: header and ILNP_LU_MAX_LOCS locators */
#define SEG6X_ILNP_LU_MAX	(sizeof(struct ilnp_lu_hdr) + \
				 ILNP_LU_MAX_LOCS * sizeof(struct ilnp_lu_loc))

bool seg6x_ilnp_lu_is_ours(struct seg6x_ilnp *il, const struct sk_buff *skb)
{
	struct socket *sock = READ_ONCE(il->sock);

	return sock && skb->sk == sock->sk;
}

/* Refuse a Locator Update: count it, tell a monitor, drop it */
static unsigned int seg6x_ilnp_lu_refuse(struct seg6x_ilnp *il, struct sk_buff *skb, u32 reason)
{
	seg6x_ilnp_drop(il->net, reason);
	seg6x_ilnp_ev_refused(il, ILNP_EV_REFUSED, reason, &ipv6_hdr(skb)->saddr);
	kfree_skb(skb);
	return NF_STOLEN;
}

/* An update or acknowledgement received from @e, for a monitor. Locked. */
static void seg6x_ilnp_lu_event(struct seg6x_ilnp *il, const struct ilnp_ilcc_entry *e,
				ilnp_l64 from, const struct ilnp_lu *lu, bool pending)
{
	struct seg6x_ilnp_ev ev = {
		.kind = lu->op == ILNP_LU_ADVERTISE ? ILNP_EV_UPDATE_RECEIVED :
			ILNP_EV_ACK_RECEIVED,
		.nid = e->nid,
		.l64 = from,
		.lu_pending = pending,
		.n_locs = lu->n_locs,
	};

	memcpy(ev.locs, lu->locs, sizeof(ev.locs));
	seg6x_ilnp_ev_queue(il, &ev);
}

/**
 * seg6x_ilnp_lu_input - take a Locator Update off the wire
 * @il: the namespace's state
 * @skb: the packet, data at the IPv6 header
 * @off: offset of the ICMPv6 message
 * @nonce: the nonce found in a Destination Options header before it (len 0:
 *	none)
 *
 * Return: NF_STOLEN, always: the message is consumed or dropped (counted).
 */
unsigned int seg6x_ilnp_lu_input(struct seg6x_ilnp *il, struct sk_buff *skb,
				 unsigned int off, const struct ilnp_nonce *nonce)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	unsigned int plen = ntohs(ip6h->payload_len) + sizeof(*ip6h);
	u8 buf[SEG6X_ILNP_LU_MAX];
	struct seg6x_ilnp_peer *p;
	struct ilnp_ilcc_entry *e;
	struct ilnp_lu lu;
	ilnp_l64 sl;
	ilnp_nid snid;
	unsigned int len;
	u32 reason = 0;
	bool kick = false;

	if (plen > skb->len || plen <= off || plen - off > sizeof(buf))
		return seg6x_ilnp_lu_refuse(il, skb, SEG6X_DROP_MALFORMED);
	len = plen - off;
	if (skb_copy_bits(skb, off, buf, len) || ilnp_lu_decode(buf, len, &lu) != ILNP_LU_OK)
		return seg6x_ilnp_lu_refuse(il, skb, SEG6X_DROP_MALFORMED);
	if (!ilnp_lu_checksum_ok(buf, len, ip6h->saddr.s6_addr, ip6h->daddr.s6_addr))
		return seg6x_ilnp_lu_refuse(il, skb, SEG6X_DROP_BAD_CHECKSUM);
	if (!nonce->len)
		return seg6x_ilnp_lu_refuse(il, skb, SEG6X_DROP_BAD_NONCE);
	ilnp_ilv_split(ip6h->saddr.s6_addr, &sl, &snid);

	spin_lock(&il->lock);
	e = ilnp_ilcc_find(&il->cache, snid);
	if (!e) {
		reason = SEG6X_DROP_UNKNOWN_NID;
		goto out;
	}
	if (!e->remote.len) {
		e->remote = *nonce;	/* RFC 6744: the session's first nonce */
	} else if (!ilnp_nonce_eq(&e->remote, nonce)) {
		reason = SEG6X_DROP_BAD_NONCE;
		goto out;
	}
	p = &il->peers[seg6x_ilnp_index(il, e)];
	e->last_used = seg6x_ilnp_now();
	if (lu.op == ILNP_LU_ADVERTISE) {
		if (ilnp_ilcc_learn(e, lu.locs, lu.n_locs, true, e->last_used)) {
			reason = SEG6X_DROP_MALFORMED;
			goto out;
		}
		ilnp_ilcc_select(e, e->last_used);
		seg6x_ilnp_lu_event(il, e, sl, &lu, p->adv_pending);
		seg6x_ilnp_ev_sync(il, seg6x_ilnp_index(il, e));
		p->rx = lu;
		p->ack_pending = true;
		kick = !il->dying;
	} else if (p->adv_pending) {
		struct ilnp_lu mine = { .op = ILNP_LU_ADVERTISE, .n_locs = il->n_locs };

		memcpy(mine.locs, il->locs, sizeof(mine.locs));
		if (ilnp_lu_same(&lu, &mine))
			p->adv_pending = false;
		seg6x_ilnp_lu_event(il, e, sl, &lu, p->adv_pending);
	} else {
		seg6x_ilnp_lu_event(il, e, sl, &lu, false);
	}
out:
	spin_unlock(&il->lock);
	if (reason)
		return seg6x_ilnp_lu_refuse(il, skb, reason);
	seg6x_ilnp_count(il->net, lu.op == ILNP_LU_ADVERTISE ? SEG6X_ILNP_C_LU_RECEIVED :
			 SEG6X_ILNP_C_ACK_RECEIVED);
	if (kick)
		mod_delayed_work(system_wq, &il->work, 0);
	consume_skb(skb);
	return NF_STOLEN;
}

int seg6x_ilnp_sock_open(struct seg6x_ilnp *il)
{
	struct socket *sock;
	int err;

	if (il->sock)
		return 0;
	err = sock_create_kern(il->net, AF_INET6, SOCK_RAW, IPPROTO_ICMPV6, &sock);
	if (err)
		return err;
	/* send only: let no ICMPv6 message queue up on it */
	memset(&raw6_sk(sock->sk)->filter, 0xff, sizeof(raw6_sk(sock->sk)->filter));
	WRITE_ONCE(il->sock, sock);
	return 0;
}

void seg6x_ilnp_sock_close(struct seg6x_ilnp *il)
{
	struct socket *sock = il->sock;

	WRITE_ONCE(il->sock, NULL);
	if (sock)
		sock_release(sock);
}

/* One message to send, copied out of the state under the lock */
struct seg6x_ilnp_tx {
	struct in6_addr src, dst;
	struct ilnp_nonce nonce;
	struct ilnp_lu lu;
	u8 tries;			/* advertisements: transmission number */
};

static int seg6x_ilnp_send(struct seg6x_ilnp *il, const struct seg6x_ilnp_tx *tx)
{
	struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6,
		.sin6_addr = tx->dst,
	};
	union {
		struct cmsghdr c;
		u8 b[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(16)];
	} ctl = { };
	struct msghdr msg = {
		.msg_name = &sin6,
		.msg_namelen = sizeof(sin6),
		.msg_control = &ctl,
		.msg_controllen = sizeof(ctl),
		.msg_flags = MSG_DONTWAIT,
	};
	u8 body[SEG6X_ILNP_LU_MAX], opt[16];
	struct in6_pktinfo *pi;
	struct cmsghdr *c;
	struct kvec iov;
	size_t len, olen;

	len = ilnp_lu_encode(&tx->lu, body, sizeof(body));
	olen = ilnp_nonce_encode(&tx->nonce, IPPROTO_ICMPV6, opt, sizeof(opt));
	if (!len || !olen)
		return -EINVAL;
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_IPV6;
	c->cmsg_type = IPV6_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof(*pi));
	pi = (struct in6_pktinfo *)CMSG_DATA(c);
	pi->ipi6_addr = tx->src;
	c = (struct cmsghdr *)((u8 *)c + CMSG_SPACE(sizeof(*pi)));
	c->cmsg_level = SOL_IPV6;
	c->cmsg_type = IPV6_DSTOPTS;
	c->cmsg_len = CMSG_LEN(olen);
	memcpy(CMSG_DATA(c), opt, olen);
	msg.msg_controllen = CMSG_SPACE(sizeof(*pi)) + CMSG_SPACE(olen);
	iov.iov_base = body;
	iov.iov_len = len;
	return kernel_sendmsg(il->sock, &msg, &iov, 1, len);
}

/*
 * @tx is about to go out: tell a monitor (UPDATE_SENT, _RETRANSMITTED or
 * ACK_SENT). Queued here, under the lock, so that it comes before the
 * acknowledgement it may draw. Caller holds il->lock.
 */
static void seg6x_ilnp_tx_event(struct seg6x_ilnp *il, const struct seg6x_ilnp_tx *tx)
{
	struct seg6x_ilnp_ev ev = { .n_locs = tx->lu.n_locs, .tries = tx->tries };

	if (tx->lu.op == ILNP_LU_ACK)
		ev.kind = ILNP_EV_ACK_SENT;
	else
		ev.kind = tx->tries > 1 ? ILNP_EV_UPDATE_RETRANSMITTED : ILNP_EV_UPDATE_SENT;
	ilnp_ilv_split(tx->dst.s6_addr, &ev.l64, &ev.nid);
	memcpy(ev.locs, tx->lu.locs, sizeof(ev.locs));
	seg6x_ilnp_ev_queue(il, &ev);
}

/* Pick the next message due, under the lock. Return: true if @tx is set. */
static bool seg6x_ilnp_next(struct seg6x_ilnp *il, struct seg6x_ilnp_tx *tx,
			    unsigned long *wake, unsigned int *counter)
{
	unsigned int i;

	for (i = 0; i < SEG6X_ILNP_CACHE; i++) {
		struct ilnp_ilcc_entry *e = &il->store[i];
		struct seg6x_ilnp_peer *p = &il->peers[i];
		const struct ilnp_ilcc_loc *loc;

		if (!e->nid || (!p->ack_pending && !p->adv_pending) || !il->n_nids ||
		    p->fallback)
			continue;
		if (!p->ack_pending && time_before(jiffies, p->next)) {
			if (time_before(p->next, *wake))
				*wake = p->next;
			continue;
		}
		loc = ilnp_ilcc_select(e, seg6x_ilnp_now());
		ilnp_ilv_join(tx->dst.s6_addr, loc ? loc->l64 : e->start_l64, e->nid);
		ilnp_ilv_join(tx->src.s6_addr,
			      seg6x_ilnp_best_loc(il, il->nids[0].home), il->nids[0].nid);
		tx->nonce = e->local;
		if (p->ack_pending) {
			tx->lu = p->rx;
			tx->lu.op = ILNP_LU_ACK;
			tx->tries = 0;
			p->ack_pending = false;
			seg6x_ilnp_tx_event(il, tx);
			*counter = SEG6X_ILNP_C_ACK_SENT;
			return true;
		}
		if (p->tries >= SEG6X_ILNP_TRIES || !il->n_locs) {
			p->adv_pending = false;
			if (il->n_locs) {
				struct seg6x_ilnp_ev ev = {
					.kind = ILNP_EV_UPDATE_GIVEUP,
					.nid = e->nid,
					.tries = p->tries,
				};

				seg6x_ilnp_count(il->net, SEG6X_ILNP_C_LU_GIVEUP);
				seg6x_ilnp_ev_queue(il, &ev);
			}
			continue;
		}
		tx->lu.op = ILNP_LU_ADVERTISE;
		tx->lu.n_locs = il->n_locs;
		memcpy(tx->lu.locs, il->locs, sizeof(tx->lu.locs));
		p->tries++;
		tx->tries = p->tries;
		p->next = jiffies + msecs_to_jiffies(SEG6X_ILNP_RTX_MS * p->tries);
		if (time_before(p->next, *wake))
			*wake = p->next;
		*counter = SEG6X_ILNP_C_LU_SENT;
		seg6x_ilnp_tx_event(il, tx);
		return true;
	}
	return false;
}

/*
 * Fallback peers whose fallback_retry has passed are ILNP peers again: the
 * next Locator Update (due now) carries our nonce and is the new probe; a
 * stock host answers it with a Parameter Problem and falls back again, a
 * host that gained ILNP acknowledges it. Caller holds il->lock.
 */
static void seg6x_ilnp_fallback_retry(struct seg6x_ilnp *il, u64 now)
{
	u64 after = READ_ONCE(il->fallback_retry) * 1000ULL;
	unsigned int i;

	for (i = 0; i < SEG6X_ILNP_CACHE && after; i++) {
		struct seg6x_ilnp_peer *p = &il->peers[i];
		struct seg6x_ilnp_ev ev = { .kind = ILNP_EV_FALLBACK_RETRY };

		if (!il->store[i].nid || !p->fallback || now - p->fallback_at < after)
			continue;
		p->fallback = false;
		p->adv_pending = il->n_locs > 0;
		p->tries = 0;
		p->next = jiffies;
		p->nonce_left = SEG6X_ILNP_NONCE_PKTS;
		ev.nid = il->store[i].nid;
		seg6x_ilnp_ev_queue(il, &ev);
	}
}

void seg6x_ilnp_work(struct work_struct *w)
{
	struct seg6x_ilnp *il = container_of(to_delayed_work(w), struct seg6x_ilnp, work);
	unsigned long wake = jiffies + HZ;
	struct seg6x_ilnp_tx tx;
	unsigned int counter, changes, i, budget = 2 * SEG6X_ILNP_CACHE;
	bool more;

	spin_lock_bh(&il->lock);
	seg6x_ilnp_fallback_retry(il, seg6x_ilnp_now());
	spin_unlock_bh(&il->lock);
	do {
		spin_lock_bh(&il->lock);
		more = seg6x_ilnp_next(il, &tx, &wake, &counter);
		spin_unlock_bh(&il->lock);
		if (more && il->sock && seg6x_ilnp_send(il, &tx) >= 0)
			seg6x_ilnp_count(il->net, counter);
	} while (more && --budget);

	spin_lock_bh(&il->lock);
	changes = ilnp_ilcc_tick(&il->cache, seg6x_ilnp_now());
	for (i = 0; i < SEG6X_ILNP_CACHE; i++)
		seg6x_ilnp_ev_sync(il, i);
	more = il->cache.used && !il->dying;
	spin_unlock_bh(&il->lock);
	if (changes)
		seg6x_ilnp_count_n(il->net, SEG6X_ILNP_C_EXPIRED, changes);
	if (more)
		queue_delayed_work(system_wq, &il->work,
				   budget ? max_t(long, (long)(wake - jiffies), 1) : 1);
}

/* A session nonce: random, 96 bits (RFC 6744 allows 32 or 96) */
void seg6x_ilnp_nonce_new(struct ilnp_nonce *n)
{
	n->len = ILNP_NONCE_LEN_LONG;
	get_random_bytes(n->v, n->len);
}
