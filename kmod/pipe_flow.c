// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_flow.c - flows of the "pipe" behaviour: the bounded per-netns flow
 * table, the transparent listener, the onward socket and the pump that
 * moves bytes between the two kernel sockets through the function chain.
 *
 * Ownership: a flow leaves the table exactly once (pipe_unlink() under
 * pn->lock); whoever takes it out tears it down. The pump (f->work) ends
 * its own flow and hands the memory to f->free_work; the idle timeout and
 * netns exit end flows from outside, after cancel_work_sync(). pn->mutex
 * keeps accepting (a flow being opened) apart from those two.
 *
 * Flow control: a direction has one buffer per transforming stage plus one
 * (the last stage's output, or the read buffer itself when no stage
 * transforms); it reads only into free room of the first, a stage works
 * only into free room of the next (consuming as much of its input as fits:
 * pipe.h's step), so memory per flow is bounded and a slow reader stops
 * the sender through TCP's own windows.
 *
 * Kernel sockets do not hold their netns. A flow that ends by FIN on both
 * sides closes gracefully and its sockets take a netns reference first
 * (sk_net_refcnt_upgrade()), so their last timers can still run; every
 * other end is abortive (RST, no timers left), which is also what netns
 * exit does with the flows still open.
 */
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/seg6.h>
#include "compat.h"
#include "seg6x.h"
#include "pipe_flow.h"

/*
 * Each buffer of a flow starts at PIPE_WAY_BUF and grows to
 * PIPE_WAY_BUF_BULK the first time a read fills it (pipe_way_grow()),
 * unless the flow's cap (flow-mem-max) is under PIPE_GROW_MEM or the
 * namespace's grown buffers would pass its mem-max.
 */
#define PIPE_WAY_BUF		16384
#define PIPE_WAY_BUF_BULK	65536
#define PIPE_GROW_MEM		(4 * PIPE_WAY_BUF_BULK)
#define PIPE_PUMP_BUDGET	64	/* sends, reads and passes per direction per run */
#define PIPE_CAP_POLL		(HZ / 50)	/* while flows wait under mem_max */

struct workqueue_struct *seg6x_pipe_wq;

unsigned int seg6x_pipe_max_flows = 1024;
module_param_named(pipe_max_flows, seg6x_pipe_max_flows, uint, 0644);
MODULE_PARM_DESC(pipe_max_flows, "pipe: flows per network namespace (default 1024)");

static unsigned int pipe_idle_timeout = 300;
module_param_named(pipe_idle_timeout, pipe_idle_timeout, uint, 0644);
MODULE_PARM_DESC(pipe_idle_timeout, "pipe: seconds a flow may stay idle (default 300)");

/*
 * A handshake's entry lives this long without the listener accepting: a
 * SYN flood's entries go fast, and a late ACK (a SYN-ACK retransmitted
 * after 1, 3, 7... s) refills its entry anyway.
 */
static unsigned int pipe_half_open_timeout = 5;
module_param_named(pipe_half_open_timeout, pipe_half_open_timeout, uint, 0644);
MODULE_PARM_DESC(pipe_half_open_timeout,
		 "pipe: seconds a handshake's entry waits for the listener (default 5)");

/* [off, len) of b: bytes waiting for the next stage (or the socket) */
struct pipe_q {
	u8 *b;
	size_t off, len;
};

/* One direction: bytes read from sock[d], through the chain, to sock[!d]. */
struct pipe_way {
	struct pipe_stage st[PIPE_CHAIN_MAX];	/* transforming stages only */
	unsigned int nst;
	unsigned int fin;		/* st[0..fin) have finished (in order) */
	struct pipe_q q[PIPE_CHAIN_MAX + 1];	/* q[i]: st[i]'s input; q[nst]: to send */
	bool eof;			/* source said FIN */
	bool shut;			/* FIN passed on */
	bool grown;			/* pipe_way_grow() has run */
	size_t size;			/* each buffer's: PIPE_WAY_BUF or _BULK */
	u8 *buf;			/* (nst + 1) x size, one block */
};

void seg6x_pipe_count(struct pipe_net *pn, unsigned int c, u64 n)
{
	local_bh_disable();
	seg6x_count_add(pn->net, SEG6X_BEHAVIOUR_PIPE, c, n);
	local_bh_enable();
}

/* ---- the table ---- */

static struct hlist_head *pipe_bucket(struct pipe_net *pn, const struct pipe_key *k)
{
	return &pn->hash[jhash2((const u32 *)k, sizeof(*k) / 4, 0) &
			 ((1 << PIPE_HASH_BITS) - 1)];
}

static struct pipe_flow *pipe_lookup(struct pipe_net *pn, const struct pipe_key *k)
{
	struct pipe_flow *f;

	hlist_for_each_entry(f, pipe_bucket(pn, k), hnode)
		if (!memcmp(&f->key, k, sizeof(*k)))
			return f;
	return NULL;
}

static void pipe_unlink_locked(struct pipe_flow *f)
{
	hlist_del_init(&f->hnode);
	list_del_init(&f->lnode);
	list_del_init(&f->half);
	f->pn->n_flows--;
	f->pn->gen++;
}

/* Take @f out of the table; false if someone else already did. */
static bool pipe_unlink(struct pipe_flow *f)
{
	struct pipe_net *pn = f->pn;
	bool mine;

	spin_lock_bh(&pn->lock);
	mine = !hlist_unhashed(&f->hnode);
	if (mine)
		pipe_unlink_locked(f);
	spin_unlock_bh(&pn->lock);
	return mine;
}

/* Table full: a half-open entry, the oldest, makes room for a handshake. */
static bool pipe_evict_half(struct pipe_net *pn)
{
	struct pipe_flow *f;

	f = list_first_entry_or_null(&pn->half, struct pipe_flow, half);
	if (!f)
		return false;
	pipe_unlink_locked(f);
	kfree(f);		/* PENDING: no sockets, no work, no buffers */
	seg6x_count_add(pn->net, SEG6X_BEHAVIOUR_PIPE, PIPE_C_EVICTED, 1);
	return true;
}

/**
 * seg6x_pipe_flow_add - record the flow a client's SYN or ACK names (softirq)
 * @pn: the netns's pipe state
 * @how: a SYN with a request sock (the entry is half-open until the
 *	listener accepts), a SYN answered with a cookie (no entry: the cookie
 *	is the state, the ACK refills it) or an ACK completing a handshake
 *	(a refill: the entry the SYN left, if any, has expired, was evicted or
 *	was never made)
 * @key: the 4-tuple, server = the final segment
 * @fn, @nfn: the function chain of this proxy
 * @segs, @nsegs: the segments the onward leg must still visit ([0] final)
 * @route: the pipe route the packet came through
 * @ret: the reverse leg's segments (return tlv), n = 0 for none
 * @active: set when the tuple belongs to a flow already accepted
 *
 * An existing entry is kept (a retransmitted SYN renews a PENDING one).
 * The table holds at most pipe_max_flows entries; when it is full, an ACK
 * takes the place of the oldest half-open entry (a SYN flood cannot keep
 * a handshake out), and a SYN gets no entry.
 * Return: 0; -EAGAIN: a SYN found the table full but a half-open entry
 * can make room for its ACK; -ENOSPC: full of accepted or refilled flows;
 * -ENOMEM.
 */
int seg6x_pipe_flow_add(struct pipe_net *pn, enum pipe_add how,
			const struct pipe_key *key,
			const struct pipe_call *fn, unsigned int nfn,
			const struct in6_addr *segs, unsigned int nsegs,
			const struct pipe_route *route, const struct pipe_ret *ret,
			bool *active)
{
	struct pipe_flow *f;
	int err = 0;

	spin_lock(&pn->lock);
	f = pipe_lookup(pn, key);
	*active = f && f->state == PIPE_ACTIVE;
	if (f) {
		if (!*active)
			WRITE_ONCE(f->last, jiffies);
		goto out;
	}
	if (how == PIPE_ADD_SYN_COOKIE) {
		seg6x_count_add(pn->net, SEG6X_BEHAVIOUR_PIPE, PIPE_C_SYN_COOKIES, 1);
		goto out;
	}
	if (pn->n_flows >= READ_ONCE(seg6x_pipe_max_flows)) {
		if (how == PIPE_ADD_SYN) {
			seg6x_count_add(pn->net, SEG6X_BEHAVIOUR_PIPE, PIPE_C_SYN_FULL, 1);
			err = list_empty(&pn->half) ? -ENOSPC : -EAGAIN;
			goto out;
		}
		err = -ENOSPC;
		if (!pipe_evict_half(pn))
			goto out;
	}
	err = -ENOMEM;
	f = kzalloc(sizeof(*f), GFP_ATOMIC);
	if (!f)
		goto out;
	f->key = *key;
	f->pn = pn;
	f->state = PIPE_PENDING;
	f->nfn = nfn;
	memcpy(f->fn, fn, nfn * sizeof(*fn));
	f->nsegs = nsegs;
	memcpy(f->segs, segs, nsegs * sizeof(*segs));
	f->route = *route;
	f->ret.n = ret->n;
	f->ret.sl = ret->sl;
	memcpy(f->ret.segs, ret->segs, ret->n * sizeof(ret->segs[0]));
	f->last = jiffies;
	hlist_add_head(&f->hnode, pipe_bucket(pn, key));
	list_add_tail(&f->lnode, &pn->flows);
	if (how == PIPE_ADD_SYN)
		list_add_tail(&f->half, &pn->half);
	else
		INIT_LIST_HEAD(&f->half);
	if (how == PIPE_ADD_ACK)
		seg6x_count_add(pn->net, SEG6X_BEHAVIOUR_PIPE, PIPE_C_REFILLS, 1);
	pn->n_flows++;
	pn->gen++;
	err = 0;
out:
	spin_unlock(&pn->lock);
	return err;
}

/* ---- sockets ---- */

static int pipe_recv(struct socket *s, void *buf, size_t len)
{
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };

	return kernel_recvmsg(s, &msg, &iov, 1, len, MSG_DONTWAIT);
}

static int pipe_send(struct socket *s, const void *buf, size_t len)
{
	struct kvec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };

	return kernel_sendmsg(s, &msg, &iov, 1, len);
}

/* Any event on a flow's socket: run its pump. Softirq, socket locked. */
static void pipe_sk_wake(struct sock *sk)
{
	struct pipe_flow *f;

	read_lock_bh(&sk->sk_callback_lock);
	f = sk->sk_user_data;
	if (f)
		queue_work(seg6x_pipe_wq, &f->work);
	read_unlock_bh(&sk->sk_callback_lock);
}

/* TCP calls this on every ACK while SOCK_NOSPACE is set: wake the pump
 * only when there is room, as sk_stream_write_space() does */
static void pipe_sk_write_space(struct sock *sk)
{
	if (!sk->sk_socket || !sk_stream_is_writeable(sk))
		return;
	clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	pipe_sk_wake(sk);
}

static void pipe_attach(struct pipe_flow *f, int d)
{
	struct sock *sk = f->sock[d]->sk;
	struct pipe_saved *s = &f->saved[d];

	write_lock_bh(&sk->sk_callback_lock);
	s->data_ready = sk->sk_data_ready;
	s->write_space = sk->sk_write_space;
	s->state_change = sk->sk_state_change;
	sk->sk_user_data = f;
	sk->sk_data_ready = pipe_sk_wake;
	sk->sk_write_space = pipe_sk_write_space;
	sk->sk_state_change = pipe_sk_wake;
	write_unlock_bh(&sk->sk_callback_lock);
	f->attached[d] = true;
}

static void pipe_detach(struct pipe_flow *f)
{
	int d;

	for (d = 0; d < 2; d++) {
		struct pipe_saved *s = &f->saved[d];
		struct sock *sk;

		if (!f->attached[d])
			continue;
		sk = f->sock[d]->sk;
		write_lock_bh(&sk->sk_callback_lock);
		sk->sk_user_data = NULL;
		sk->sk_data_ready = s->data_ready;
		sk->sk_write_space = s->write_space;
		sk->sk_state_change = s->state_change;
		write_unlock_bh(&sk->sk_callback_lock);
		f->attached[d] = false;
	}
}

static void pipe_sock_close(struct net *net, struct socket *s, bool abort)
{
	if (!abort && maybe_get_net(net)) {
		sk_net_refcnt_upgrade(s->sk);
		put_net(net);
	} else {
		sock_no_linger(s->sk);
	}
	sock_release(s);
}

/* Callbacks off, sockets closed (@abort: RST). Not from f->work's peers. */
static void pipe_release(struct pipe_flow *f, bool abort)
{
	int d;

	pipe_detach(f);
	for (d = 0; d < 2; d++) {
		if (f->sock[d])
			pipe_sock_close(f->pn->net, f->sock[d], abort);
		f->sock[d] = NULL;
	}
}

static void pipe_way_free(struct pipe_net *pn, struct pipe_way *w)
{
	unsigned int i;

	if (!w)
		return;
	if (w->size == PIPE_WAY_BUF_BULK)
		atomic_long_sub((w->nst + 1) * PIPE_WAY_BUF_BULK, &pn->bulk);
	for (i = 0; i < w->nst; i++)
		seg6x_pipe_stage_fini(&w->st[i]);
	kvfree(w->buf);
	kfree(w);
}

static void pipe_free(struct pipe_flow *f)
{
	unsigned int i;

	atomic_long_sub(f->held, &f->pn->held);
	pipe_way_free(f->pn, f->way[0]);
	pipe_way_free(f->pn, f->way[1]);
	for (i = 0; i < f->nfn; i++)
		if (f->fns[i])
			module_put(f->owner[i]);	/* nothing of it runs any more */
	kfree(f);
}

static void pipe_free_work(struct work_struct *w)
{
	struct pipe_flow *f = container_of(w, struct pipe_flow, free_work);

	cancel_work_sync(&f->work);
	pipe_free(f);
}

/* End a flow taken out of the table, from outside its pump. */
static void pipe_destroy(struct pipe_flow *f)
{
	if (f->state == PIPE_ACTIVE) {
		pipe_detach(f);
		cancel_work_sync(&f->work);
		pipe_release(f, true);
	}
	pipe_free(f);
}

/* ---- the pump ---- */

static size_t pipe_q_room(struct pipe_q *q, size_t size)
{
	if (q->off == q->len) {
		q->off = q->len = 0;
	} else if (q->off && size - q->len < PIPE_STEP_MIN) {
		memmove(q->b, q->b + q->off, q->len - q->off);
		q->len -= q->off;
		q->off = 0;
	}
	return size - q->len;
}

/*
 * A read filled the first buffer: this direction carries bulk data. The
 * onward socket makes one skb of each sendmsg, at most a buffer's worth,
 * where the sender's TSO makes 64 KB ones, and the proxy's work goes per
 * skb: with 16 KiB buffers identity reached 0.64 of forwarding's
 * throughput, with 64 KiB 0.98 (docs/pipe.md, Speed). Grow every buffer
 * of the direction to PIPE_WAY_BUF_BULK, once; request/response flows
 * that never fill one keep the small ones. Not under a flow-mem-max too
 * small to use them, nor past the namespace's mem-max in grown buffers
 * (pn->bulk: 1024 flows could take 256 MiB otherwise); a failed
 * allocation keeps the small ones too (not an error).
 */
static void pipe_way_grow(struct pipe_flow *f, struct pipe_way *w)
{
	struct pipe_net *pn = f->pn;
	long size = (w->nst + 1) * PIPE_WAY_BUF_BULK;
	unsigned int i;
	u8 *buf;

	if (w->grown || READ_ONCE(pn->flow_mem_max) < PIPE_GROW_MEM)
		return;
	w->grown = true;
	if (atomic_long_add_return(size, &pn->bulk) > READ_ONCE(pn->mem_max)) {
		atomic_long_sub(size, &pn->bulk);
		return;
	}
	buf = kvmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!buf) {
		atomic_long_sub(size, &pn->bulk);
		return;
	}
	for (i = 0; i <= w->nst; i++) {
		struct pipe_q *q = &w->q[i];
		u8 *b = buf + i * PIPE_WAY_BUF_BULK;

		memcpy(b, q->b + q->off, q->len - q->off);
		q->len -= q->off;
		q->off = 0;
		q->b = b;
	}
	kvfree(w->buf);
	w->buf = buf;
	WRITE_ONCE(w->size, PIPE_WAY_BUF_BULK);
}

/*
 * One pass through the stages, each into the free room of the next
 * buffer: what input it has, else its end of stream once everything
 * before it has finished, else (@idle: the source has nothing more for
 * now) what it holds back for want of input.
 */
static int pipe_way_pass(struct pipe_way *w, bool idle, bool *moved)
{
	unsigned int i;

	for (i = 0; i < w->nst; i++) {
		struct pipe_q *in = &w->q[i], *out = &w->q[i + 1];
		struct pipe_stage *s = &w->st[i];
		size_t room = pipe_q_room(out, w->size), used = 0;
		long n;

		if (!room || i < w->fin)
			continue;
		if (in->off < in->len) {
			n = seg6x_pipe_stage_step(s, in->b + in->off, in->len - in->off,
						  &used, out->b + out->len, room);
			in->off += used;
		} else if (i == w->fin && (i || w->eof)) {
			n = seg6x_pipe_stage_finish(s, out->b + out->len, room);
			if (n == -ENOSPC)
				continue;
			if (!n) {
				w->fin++;
				*moved = true;
			}
		} else if (idle) {
			n = seg6x_pipe_stage_step(s, NULL, 0, &used, out->b + out->len, room);
		} else {
			continue;
		}
		if (n < 0)
			return n;
		out->len += n;
		if (n || used)
			*moved = true;
	}
	return 0;
}

/* ---- the memory caps: the namespace's and each flow's ---- */

/* Bytes sent on @s and not yet acknowledged (or, closing, 1 for the FIN). */
static long pipe_unacked(struct socket *s)
{
	const struct tcp_sock *tp = tcp_sk(s->sk);
	u32 n = READ_ONCE(tp->write_seq) - READ_ONCE(tp->snd_una);

	return n < (1U << 30) ? n : 0;	/* not connected yet: nothing */
}

static long pipe_way_held(const struct pipe_way *w)
{
	long n = 0;
	unsigned int i;

	for (i = 0; i <= w->nst; i++)
		n += w->q[i].len - w->q[i].off;
	return n;
}

/*
 * Charge @f what it holds now: the bytes it read and the other side has
 * not acknowledged yet, in its buffers and in its sockets' send queues.
 * The pump alone calls this (and pipe_free() uncharges), so f->held needs
 * no lock; pn->held is the sum of every flow's f->held. Acknowledgements
 * lower what a flow holds without its pump running, so a charge may be
 * too high until the pump runs again (pipe_cap_work), never too low.
 */
static void pipe_charge(struct pipe_flow *f)
{
	long bufs = pipe_way_held(f->way[0]) + pipe_way_held(f->way[1]);
	long held = bufs + pipe_unacked(f->sock[0]) + pipe_unacked(f->sock[1]);

	WRITE_ONCE(f->held_bufs, bufs);
	if (held != f->held) {
		atomic_long_add(held - f->held, &f->pn->held);
		WRITE_ONCE(f->held, held);
	}
}

/**
 * seg6x_pipe_flow_held - what @f holds now, for dumps (under pn->lock)
 *
 * Its buffers as its pump last saw them, its sockets' unacknowledged bytes
 * now: a flow in the table has not released its sockets (pipe_finish()
 * and the others unlink it first). The buffers' figure may run below 0
 * for a moment (a stage that expands, e.g. base64-encode, then a send
 * taken out of it first): never below 0 in sum.
 */
u64 seg6x_pipe_flow_held(const struct pipe_flow *f)
{
	struct socket *s0 = READ_ONCE(f->sock[0]), *s1 = READ_ONCE(f->sock[1]);
	long n;

	if (f->state != PIPE_ACTIVE || !smp_load_acquire(&f->ready) || !s0 || !s1)
		return 0;
	n = READ_ONCE(f->held_bufs) + pipe_unacked(s0) + pipe_unacked(s1);
	return n > 0 ? n : 0;
}

/**
 * seg6x_pipe_flow_buffers - the size of @f's buffers, for dumps (under pn->lock)
 *
 * Both ways exist once the flow is ready (pipe_flow_open() sets them
 * before) and until pipe_free(), after the flow left the table; their
 * size only grows, by the pump (pipe_way_grow()).
 */
u32 seg6x_pipe_flow_buffers(const struct pipe_flow *f)
{
	u32 n = 0;
	int d;

	if (f->state != PIPE_ACTIVE || !smp_load_acquire(&f->ready))
		return 0;
	for (d = 0; d < 2; d++)
		n += (f->way[d]->nst + 1) * READ_ONCE(f->way[d]->size);
	return n;
}

/* The flow waits for room under a cap: pipe_cap_work will run its pump. */
static size_t pipe_cap_wait(struct pipe_flow *f)
{
	WRITE_ONCE(f->capped, true);
	queue_delayed_work(seg6x_pipe_wq, &f->pn->cap_work, PIPE_CAP_POLL);
	return 0;
}

/*
 * Reserve room for a read under the flow's cap and the namespace's: at
 * most @room, at most flow_mem_max minus what the flow holds, at most
 * mem_max minus what the namespace holds; 0 when either is reached (the
 * flow waits: pipe_cap_work wakes it, and its source's window closes).
 * Only the flow's pump changes f->held, so its own cap needs no atomics;
 * the namespace's reservation is charged at once, so pumps running at the
 * same time see each other's reads. pipe_cap_unreserve() gives back what
 * the read did not use.
 */
static size_t pipe_cap_reserve(struct pipe_flow *f, size_t room)
{
	struct pipe_net *pn = f->pn;
	long max = READ_ONCE(pn->mem_max), fmax = READ_ONCE(pn->flow_mem_max), held;

	pipe_charge(f);
	if (f->held >= fmax)
		return pipe_cap_wait(f);
	room = min_t(size_t, room, fmax - f->held);
	held = atomic_long_add_return(room, &pn->held);
	if (held - (long)room >= max) {
		atomic_long_sub(room, &pn->held);
		return pipe_cap_wait(f);
	}
	if (held > max) {
		atomic_long_sub(held - max, &pn->held);
		room -= held - max;
	}
	WRITE_ONCE(f->held, f->held + room);
	return room;
}

static void pipe_cap_unreserve(struct pipe_flow *f, size_t unused)
{
	if (!unused)
		return;
	atomic_long_sub(unused, &f->pn->held);
	WRITE_ONCE(f->held, f->held - unused);
}

/*
 * Flows wait for room under a cap; room comes back as the other sides
 * acknowledge (nothing wakes a pump for that) or flows end. While any
 * flow waits, every PIPE_CAP_POLL: run the pumps of the flows that wait
 * or hold bytes, so each recharges itself and the waiting ones read again.
 */
static void pipe_cap_work(struct work_struct *w)
{
	struct pipe_net *pn = container_of(to_delayed_work(w), struct pipe_net, cap_work);
	struct pipe_flow *f;

	spin_lock_bh(&pn->lock);
	list_for_each_entry(f, &pn->flows, lnode) {
		if (f->state != PIPE_ACTIVE || !(READ_ONCE(f->capped) || READ_ONCE(f->held)))
			continue;
		WRITE_ONCE(f->capped, false);
		queue_work(seg6x_pipe_wq, &f->work);
	}
	spin_unlock_bh(&pn->lock);
}

/*
 * Move what can move in direction @d without blocking; <0: reset. A flow
 * waiting under a cap with all its bytes in the sockets neither reads nor
 * sends, so it looks at their errors itself: a reset would go unseen
 * until the idle timeout otherwise.
 */
static int pipe_pump(struct pipe_flow *f, int d, bool *progress)
{
	struct pipe_way *w = f->way[d];
	struct socket *src = f->sock[d], *dst = f->sock[!d];
	struct pipe_q *first = &w->q[0], *last = &w->q[w->nst];
	int budget = PIPE_PUMP_BUDGET, n, err;
	bool idle = false, moved;
	size_t room;

	while (budget--) {
		if (last->off < last->len) {
			size_t len = last->len - last->off;

			/* dumps add the socket's unacked bytes to held_bufs:
			 * leave the bytes sent out of it first, never twice */
			WRITE_ONCE(f->held_bufs, f->held_bufs - (long)len);
			n = pipe_send(dst, last->b + last->off, len);
			WRITE_ONCE(f->held_bufs, f->held_bufs + (long)len - max(n, 0));
			if (n == -EAGAIN)
				return 0;
			if (n < 0)
				return n;
			last->off += n;
			*progress = true;
			continue;
		}
		if (w->eof && w->fin == w->nst) {
			if (!w->shut) {
				kernel_sock_shutdown(dst, SHUT_WR);
				w->shut = true;
			}
			return 0;
		}
		moved = false;
		err = pipe_way_pass(w, idle, &moved);
		if (err)
			return err;
		if (moved)
			continue;
		room = pipe_q_room(first, w->size);
		if (w->eof || !room)
			return 0;	/* waiting for the sending end */
		room = pipe_cap_reserve(f, room);
		if (!room)	/* waiting for the flow's or the namespace's cap */
			return sock_error(src->sk) ?: sock_error(dst->sk);
		n = pipe_recv(src, first->b + first->len, room);
		pipe_cap_unreserve(f, n > 0 ? room - n : room);
		if (n == -EAGAIN) {
			if (idle)
				return 0;
			idle = true;	/* once more: what stages hold back */
			continue;
		}
		if (n < 0)
			return n;
		*progress = true;
		idle = false;
		if (n) {
			first->len += n;
			if (first->len == w->size)
				pipe_way_grow(f, w);
			WRITE_ONCE(f->held_bufs, f->held_bufs + n);
			WRITE_ONCE(f->bytes[d], f->bytes[d] + n);
			seg6x_pipe_count(f->pn, d == PIPE_FWD ? PIPE_C_BYTES_FWD :
					 PIPE_C_BYTES_REV, n);
		} else {
			w->eof = true;
		}
	}
	queue_work(seg6x_pipe_wq, &f->work);	/* more later, be fair */
	return 0;
}

static bool pipe_way_done(const struct pipe_way *w)
{
	return w->eof && w->shut && w->q[w->nst].off == w->q[w->nst].len;
}

/* The pump ends its own flow; the memory goes with free_work. */
static void pipe_finish(struct pipe_flow *f, int err)
{
	if (!pipe_unlink(f))
		return;		/* timeout or netns exit is ending it */
	seg6x_pipe_count(f->pn, !err ? PIPE_C_CLOSED : err == -EBADMSG ?
			 PIPE_C_BAD_INPUT : PIPE_C_RESET, 1);
	pipe_release(f, err != 0);
	queue_work(seg6x_pipe_wq, &f->free_work);
}

static void pipe_flow_work(struct work_struct *w)
{
	struct pipe_flow *f = container_of(w, struct pipe_flow, work);
	bool progress = false;
	int err = 0, d;

	if (!smp_load_acquire(&f->ready) || !f->sock[0] || !f->sock[1])
		return;
	for (d = 0; d < 2 && !err; d++)
		err = pipe_pump(f, d, &progress);
	if (progress)
		WRITE_ONCE(f->last, jiffies);
	pipe_charge(f);
	if (err || (pipe_way_done(f->way[0]) && pipe_way_done(f->way[1])))
		pipe_finish(f, err);
}

/* ---- opening a flow: the accepted socket, the onward one ---- */

static struct pipe_way *pipe_way_new(struct pipe_flow *f, enum pipe_dir dir)
{
	struct pipe_net *pn = f->pn;
	struct pipe_sed_rule rule;
	u8 key[PIPE_KEY_BYTES];
	struct pipe_way *w;
	unsigned int i;

	/*
	 * The stages (about 1 KiB) and the buffers apart: one block of both
	 * would take the next allocation order up, doubling a flow's cost.
	 */
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < f->nfn; i++) {
		const struct pipe_fn *fn = f->fns[i];
		struct pipe_cfg cfg = { };
		int err;

		if (f->fn[i].id == PIPE_FN_SED && f->fn[i].arg < PIPE_SED_RULES) {
			spin_lock_bh(&pn->lock);
			rule = pn->sed[f->fn[i].arg];
			spin_unlock_bh(&pn->lock);
			cfg.sed = &rule;
		}
		if ((f->fn[i].id == PIPE_FN_AEAD_ENCRYPT || f->fn[i].id == PIPE_FN_AEAD_DECRYPT) &&
		    f->fn[i].arg < PIPE_KEYS) {
			spin_lock_bh(&pn->lock);
			if (pn->keys[f->fn[i].arg].set) {
				memcpy(key, pn->keys[f->fn[i].arg].key, PIPE_KEY_BYTES);
				cfg.key = key;
				cfg.key_len = PIPE_KEY_BYTES;
			}
			spin_unlock_bh(&pn->lock);
		}	/* no key: the function refuses, the flow is reset */
		/* allocations of streaming functions (zstd) happen here,
		 * in the workqueue, never in softirq */
		err = seg6x_pipe_stage_init(&w->st[w->nst], fn, dir, f->fn[i].arg, &cfg);
		memzero_explicit(key, sizeof(key));
		if (err) {
			pipe_way_free(pn, w);
			return ERR_PTR(err);
		}
		if (w->st[w->nst].ops)
			w->nst++;	/* pass-through stages take no buffer */
	}
	w->size = PIPE_WAY_BUF;
	w->buf = kvmalloc((w->nst + 1) * w->size, GFP_KERNEL);
	if (!w->buf) {
		pipe_way_free(pn, w);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i <= w->nst; i++)
		w->q[i].b = w->buf + i * w->size;
	return w;
}

/* @segs[0..n) ([0] the final one), segments left @sl, as @s's sticky SRH. */
static int pipe_set_rthdr(struct socket *s, const struct in6_addr *segs,
			  unsigned int n, unsigned int sl)
{
	unsigned int len = sizeof(struct ipv6_sr_hdr) + n * sizeof(struct in6_addr);
	struct ipv6_sr_hdr *srh;
	int err;

	srh = kzalloc(len, GFP_KERNEL);
	if (!srh)
		return -ENOMEM;
	srh->hdrlen = (len >> 3) - 1;
	srh->type = IPV6_SRCRT_TYPE_4;
	srh->segments_left = sl;
	srh->first_segment = n - 1;
	memcpy(srh->segments, segs, n * sizeof(struct in6_addr));
	err = s->ops->setsockopt(s, SOL_IPV6, IPV6_RTHDR, KERNEL_SOCKPTR(srh), len);
	kfree(srh);
	return err;
}

/*
 * A routing header set on an established IPv6 TCP socket: fit its MSS.
 * ipv6_update_options() does so only when inet_daddr is not
 * LOOPBACK4_IPV6, which is what every IPv6 (not v4-mapped) TCP socket
 * holds there (6.12, 7.2): the accepted socket would go on sending
 * segments as large as before, the SRH's bytes too many for the path.
 */
static void pipe_sync_mss(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	const struct ipv6_txoptions *opt;

	lock_sock(sk);
	opt = rcu_dereference_protected(inet6_sk(sk)->opt, lockdep_sock_is_held(sk));
	if (opt && sk->sk_state == TCP_ESTABLISHED) {
		icsk->icsk_ext_hdr_len = opt->opt_flen + opt->opt_nflen;
		icsk->icsk_sync_mss(sk, icsk->icsk_pmtu_cookie);
	}
	release_sock(sk);
}

static int pipe_flow_open(struct pipe_flow *f)
{
	struct sockaddr_in6 sa = {
		.sin6_family	= AF_INET6,
		.sin6_addr	= f->key.server,
		.sin6_port	= f->key.sport,
	};
	struct socket *s;
	unsigned int i;
	int err, d;

	/* the flow pins its functions' modules until pipe_free() */
	for (i = 0; i < f->nfn; i++) {
		f->fns[i] = seg6x_pipe_fn_get(f->fn[i].id, &f->owner[i]);
		if (!f->fns[i])
			return -ENOENT;	/* unloaded since the SYN */
	}
	for (d = 0; d < 2; d++) {
		f->way[d] = pipe_way_new(f, d);
		if (IS_ERR(f->way[d])) {
			err = PTR_ERR(f->way[d]);
			f->way[d] = NULL;
			return err;
		}
	}
	err = sock_create_kern(f->pn->net, PF_INET6, SOCK_STREAM, IPPROTO_TCP, &s);
	if (err)
		return err;
	f->sock[PIPE_REV] = s;
	/* the remaining segments, none on the last leg */
	if (f->nsegs > 1) {
		err = pipe_set_rthdr(s, f->segs, f->nsegs, f->nsegs - 1);
		if (err)
			return err;
	}
	/*
	 * return tlv: from now on the packets to the client take the TLV's
	 * segments (the SYN-ACK, sent by the listener, took the ordinary
	 * route); the socket is established: its MSS is refitted to the SRH
	 */
	if (f->ret.n) {
		err = pipe_set_rthdr(f->sock[PIPE_FWD], f->ret.segs, f->ret.n, f->ret.sl);
		if (err)
			return err;
		pipe_sync_mss(f->sock[PIPE_FWD]->sk);
	}
	pipe_attach(f, PIPE_FWD);
	pipe_attach(f, PIPE_REV);
	err = kernel_connect(s, seg6x_sockaddr(&sa), sizeof(sa), O_NONBLOCK);
	if (err && err != -EINPROGRESS)
		return err;
	return 0;
}

/* A connection our listener accepted: find the flow its SYN recorded. */
static void pipe_accepted(struct pipe_net *pn, struct socket *cs)
{
	struct sockaddr_in6 la, pa;
	struct pipe_key key = { };
	struct pipe_flow *f;
	int err;

	if (kernel_getsockname(cs, (struct sockaddr *)&la) < 0 ||
	    kernel_getpeername(cs, (struct sockaddr *)&pa) < 0)
		goto refuse;
	key.client = pa.sin6_addr;
	key.server = la.sin6_addr;
	key.cport = pa.sin6_port;
	key.sport = la.sin6_port;
	spin_lock_bh(&pn->lock);
	f = pipe_lookup(pn, &key);
	if (f && f->state == PIPE_PENDING) {
		f->state = PIPE_ACTIVE;
		list_del_init(&f->half);
		INIT_WORK(&f->work, pipe_flow_work);
		INIT_WORK(&f->free_work, pipe_free_work);
		f->sock[PIPE_FWD] = cs;
		f->last = jiffies;
	} else {
		f = NULL;
	}
	spin_unlock_bh(&pn->lock);
	if (!f)
		goto refuse;	/* not steered by a pipe SID */
	err = pipe_flow_open(f);
	if (err) {
		if (pipe_unlink(f)) {
			seg6x_pipe_count(pn, PIPE_C_RESET, 1);
			pipe_release(f, true);
			pipe_free(f);
		}
		return;
	}
	seg6x_pipe_count(pn, PIPE_C_FLOWS, 1);
	smp_store_release(&f->ready, true);
	queue_work(seg6x_pipe_wq, &f->work);
	return;
refuse:
	sock_no_linger(cs->sk);
	sock_release(cs);
}

static void pipe_accept_work(struct work_struct *w)
{
	struct pipe_net *pn = container_of(w, struct pipe_net, accept_work);
	struct socket *cs;

	mutex_lock(&pn->mutex);
	while (pn->listener && !kernel_accept(pn->listener, &cs, O_NONBLOCK))
		pipe_accepted(pn, cs);
	mutex_unlock(&pn->mutex);
}

static void pipe_listen_ready(struct sock *sk)
{
	struct pipe_net *pn;

	rcu_read_lock();
	pn = __rcu_dereference_sk_user_data_with_flags(sk, SK_USER_DATA_NOCOPY);
	if (pn)
		queue_work(seg6x_pipe_wq, &pn->accept_work);
	rcu_read_unlock();
}

/* [::]:<any port>, transparent: it accepts for any address it is given */
static int pipe_listen(struct pipe_net *pn)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	struct socket *s;
	struct sock *sk;
	int err;

	err = sock_create_kern(pn->net, PF_INET6, SOCK_STREAM, IPPROTO_TCP, &s);
	if (err)
		return err;
	sk = s->sk;
	inet_set_bit(TRANSPARENT, sk);
	err = kernel_bind(s, seg6x_sockaddr(&sa), sizeof(sa));
	if (!err)
		err = kernel_listen(s, 1024);
	if (err) {
		sock_release(s);
		return err;
	}
	write_lock_bh(&sk->sk_callback_lock);
	__rcu_assign_sk_user_data_with_flags(sk, pn, SK_USER_DATA_NOCOPY);
	sk->sk_data_ready = pipe_listen_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	pn->listener = s;
	return 0;
}

/* ---- timeouts, routes, netns life ---- */

/*
 * Does the SID still lead to the FIB entry the SYN came through? The input
 * lookup the SYN had, again (RCU, BH off: the caller holds pn->lock).
 * A new entry at the freed one's address would keep the flow: harmless.
 */
static bool pipe_route_live(struct net *net, const struct pipe_route *r)
{
	struct flowi6 fl6 = {
		.flowi6_iif	= r->iif,
		.flowi6_mark	= r->mark,
		.flowi6_proto	= NEXTHDR_ROUTING,
		.daddr		= r->sid,
		.saddr		= r->saddr,
	};
	struct net_device *dev;
	struct dst_entry *dst;
	bool live;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, r->iif);
	if (!dev) {
		rcu_read_unlock();
		return false;
	}
	dst = ip6_route_input_lookup(net, dev, &fl6, NULL, RT6_LOOKUP_F_HAS_SADDR);
	live = !dst->error &&
	       rcu_access_pointer(container_of(dst, struct rt6_info, dst)->from) == r->fib;
	dst_release(dst);
	rcu_read_unlock();
	return live;
}

static void pipe_gc_work(struct work_struct *w)
{
	struct pipe_net *pn = container_of(to_delayed_work(w), struct pipe_net, gc_work);
	unsigned long idle = READ_ONCE(pipe_idle_timeout) * HZ;
	unsigned long half = READ_ONCE(pipe_half_open_timeout) * HZ;
	struct pipe_flow *f, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&pn->mutex);
	spin_lock_bh(&pn->lock);
	list_for_each_entry_safe(f, tmp, &pn->flows, lnode) {
		unsigned long t = f->state == PIPE_PENDING ? half : idle;
		bool routed = pipe_route_live(pn->net, &f->route);

		if (routed && time_before(jiffies, READ_ONCE(f->last) + t))
			continue;
		pipe_unlink_locked(f);
		f->route.fib = routed ? f->route.fib : NULL;
		list_add(&f->lnode, &dead);
	}
	spin_unlock_bh(&pn->lock);
	list_for_each_entry_safe(f, tmp, &dead, lnode) {
		if (!f->route.fib)
			seg6x_pipe_count(pn, PIPE_C_ROUTE_DEL, 1);
		else if (f->state == PIPE_ACTIVE)
			seg6x_pipe_count(pn, PIPE_C_TIMEOUT, 1);
		pipe_destroy(f);
	}
	mutex_unlock(&pn->mutex);
	queue_delayed_work(seg6x_pipe_wq, &pn->gc_work, HZ);
}

int seg6x_pipe_flows_net_init(struct pipe_net *pn)
{
	unsigned int i;

	spin_lock_init(&pn->lock);
	mutex_init(&pn->mutex);
	for (i = 0; i < ARRAY_SIZE(pn->hash); i++)
		INIT_HLIST_HEAD(&pn->hash[i]);
	INIT_LIST_HEAD(&pn->flows);
	INIT_LIST_HEAD(&pn->half);
	INIT_WORK(&pn->accept_work, pipe_accept_work);
	INIT_DELAYED_WORK(&pn->gc_work, pipe_gc_work);
	INIT_DELAYED_WORK(&pn->cap_work, pipe_cap_work);
	atomic_long_set(&pn->held, 0);
	pn->mem_max = PIPE_MEM_MAX_DEFAULT;
	pn->flow_mem_max = PIPE_FLOW_MEM_MAX_DEFAULT;
	queue_delayed_work(seg6x_pipe_wq, &pn->gc_work, HZ);
	return pipe_listen(pn);
}

void seg6x_pipe_flows_net_exit(struct pipe_net *pn)
{
	struct socket *l = pn->listener;
	struct pipe_flow *f, *tmp;
	LIST_HEAD(dead);

	cancel_delayed_work_sync(&pn->gc_work);
	if (l) {
		write_lock_bh(&l->sk->sk_callback_lock);
		__rcu_assign_sk_user_data_with_flags(l->sk, NULL, SK_USER_DATA_NOCOPY);
		write_unlock_bh(&l->sk->sk_callback_lock);
		cancel_work_sync(&pn->accept_work);
		mutex_lock(&pn->mutex);
		WRITE_ONCE(pn->listener, NULL);
		mutex_unlock(&pn->mutex);
		sock_release(l);
	}
	mutex_lock(&pn->mutex);
	spin_lock_bh(&pn->lock);
	list_for_each_entry_safe(f, tmp, &pn->flows, lnode) {
		pipe_unlink_locked(f);
		list_add(&f->lnode, &dead);
	}
	spin_unlock_bh(&pn->lock);
	list_for_each_entry_safe(f, tmp, &dead, lnode)
		pipe_destroy(f);
	mutex_unlock(&pn->mutex);
	flush_workqueue(seg6x_pipe_wq);
	cancel_delayed_work_sync(&pn->cap_work);	/* no pump left to queue it */
}
