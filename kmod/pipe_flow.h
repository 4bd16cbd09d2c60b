/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pipe_flow.h - the "pipe" behaviour's internals, shared by pipe.c (the
 * datapath: SYN in softirq) and pipe_flow.c (flows, sockets, the pump).
 *
 * A flow is born in softirq when the client's SYN meets the pipe SID: it
 * records the 4-tuple, the function chain (the consecutive SIDs of this
 * proxy) and the segments the onward leg still has to visit (PENDING). The
 * module's transparent listener accepts the connection in a workqueue,
 * which opens the onward socket and pumps bytes between the two kernel
 * sockets through the chain (ACTIVE). The flow leaves the table when both
 * directions are done, on a reset, on an idle timeout and at netns exit.
 */
#ifndef _SEG6X_PIPE_FLOW_H
#define _SEG6X_PIPE_FLOW_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/netlink.h>
#include <uapi/linux/seg6x.h>
#include "pipe.h"

#define PIPE_CHAIN_MAX		4	/* functions of one proxy in one flow */
#define PIPE_SEGS_MAX		16	/* segments of the onward leg */
#define PIPE_HASH_BITS		8
#define PIPE_MEM_MAX_DEFAULT	(64UL << 20)
#define PIPE_FLOW_MEM_MAX_DEFAULT (4UL << 20)	/* tcp_wmem[2]'s default */

/* behaviour counters (ip seg6x stats) */
enum {
	PIPE_C_SYNS,		/* SYNs steered to the listener */
	PIPE_C_FLOWS,		/* connections accepted and sent on */
	PIPE_C_CLOSED,		/* flows ended by FIN both ways */
	PIPE_C_RESET,		/* flows ended by a reset */
	PIPE_C_TIMEOUT,		/* flows ended by the idle timeout */
	PIPE_C_BYTES_FWD,	/* client -> server bytes read by the proxy */
	PIPE_C_BYTES_REV,	/* server -> client bytes read by the proxy */
	PIPE_C_BAD_INPUT,	/* flows reset: a function refused its input */
	PIPE_C_ROUTE_DEL,	/* flows reset: their pipe route left the FIB */
	PIPE_C_REFILLS,		/* entries made from a client's ACK (SYN cookies) */
	PIPE_C_SYN_FULL,	/* SYNs that found the table full: no entry */
	PIPE_C_SYN_COOKIES,	/* SYNs left to the listener's cookie: no entry */
	PIPE_C_EVICTED,		/* half-open entries dropped for a refill */
	__PIPE_C_MAX,
};

struct pipe_key {
	struct in6_addr client, server;	/* the client's and the final addresses */
	__be16 cport, sport;
};

struct pipe_call {
	u16 id;
	u32 arg;
};

/*
 * The pipe route a flow's SYN came through, as a cookie: the FIB entry
 * (never dereferenced, no reference held) and what found it. Once a second
 * the flow looks the SID up again; another entry (or none) means the route
 * was deleted or replaced, and the flow ends.
 */
struct pipe_route {
	const void *fib;		/* struct fib6_info *, only compared */
	struct in6_addr sid;		/* the outer destination the route matched */
	struct in6_addr saddr;		/* the outer source */
	int iif;
	u32 mark;
};

/*
 * The reverse leg's segments, from the SYN's return-path TLV on a "return
 * tlv" route (uapi seg6x.h): the accepted socket's sticky routing header.
 */
struct pipe_ret {
	u8 n;				/* 0: no TLV, the ordinary route */
	u8 sl;				/* segments left, < n */
	struct in6_addr segs[PIPE_RETURN_SEGS_MAX];	/* [0]: the client */
};

enum pipe_state { PIPE_PENDING, PIPE_ACTIVE };

struct pipe_way;

struct pipe_saved {			/* a socket's callbacks before ours */
	void (*data_ready)(struct sock *sk);
	void (*write_space)(struct sock *sk);
	void (*state_change)(struct sock *sk);
};

struct pipe_flow {
	struct hlist_node hnode;	/* pipe_net.hash, under pipe_net.lock */
	struct list_head lnode;		/* pipe_net.flows */
	struct list_head half;		/* pipe_net.half while made by a SYN alone */
	struct pipe_key key;
	struct pipe_net *pn;
	struct pipe_route route;
	enum pipe_state state;
	u8 nfn;
	u8 nsegs;			/* onward segs[0..nsegs); <= 1: no SRH */
	struct pipe_call fn[PIPE_CHAIN_MAX];
	struct in6_addr segs[PIPE_SEGS_MAX];
	/* opened: the functions, their modules pinned (pipe_fn.c) */
	const struct pipe_fn *fns[PIPE_CHAIN_MAX];
	struct module *owner[PIPE_CHAIN_MAX];
	struct pipe_ret ret;
	unsigned long last;		/* jiffies of the last progress */
	u64 bytes[2];			/* read from sock[d]; the pump writes, dumps read */
	long held;			/* charged to pipe_net.held; the pump writes */
	long held_bufs;			/* of which in the buffers, as last seen */
	bool capped;			/* the pump waits for room under a cap */
	/* ACTIVE only */
	struct socket *sock[2];		/* [PIPE_FWD] client side, [PIPE_REV] server side */
	struct pipe_way *way[2];	/* [d]: bytes read from sock[d] */
	struct pipe_saved saved[2];
	bool attached[2];
	bool ready;			/* opened: the pump may run */
	struct work_struct work;
	struct work_struct free_work;
};

/*
 * A SYN naming a function nobody registered: held here while the load
 * work asks modprobe for it; the client's retransmitted SYN then finds the
 * function, or the work answers with a RST.
 */
#define PIPE_WANT_MAX		16
struct pipe_want {
	bool used;
	u16 id;				/* the first function not registered */
	struct pipe_key key;
	u32 ack;			/* the RST's ack: the SYN's seq + 1 + payload */
};

struct pipe_net {
	struct net *net;
	struct socket *listener;
	struct mutex mutex;		/* accepting vs. timeouts and exit */
	spinlock_t lock;		/* hash, flows, n_flows, sed, keys */
	struct hlist_head hash[1 << PIPE_HASH_BITS];
	struct list_head flows;
	struct list_head half;		/* half-open entries, oldest first */
	unsigned int n_flows;
	unsigned int gen;		/* bumped when a flow comes or goes (dumps) */
	struct work_struct accept_work;
	struct delayed_work gc_work;
	struct work_struct load_work;
	struct pipe_want want[PIPE_WANT_MAX];	/* under lock */
	struct delayed_work cap_work;	/* wakes flows waiting under mem_max */
	atomic_long_t held;		/* bytes the flows hold (their held) */
	unsigned long mem_max;		/* the cap on held */
	unsigned long flow_mem_max;	/* the cap on one flow's held */
	atomic_long_t bulk;		/* bytes of grown buffers, under mem_max */
	struct pipe_sed_rule sed[PIPE_SED_RULES];	/* pat_len 0: unset */
	struct {
		bool set;
		u8 key[PIPE_KEY_BYTES];
	} keys[PIPE_KEYS];			/* under lock; wiped on del and exit */
};

extern struct workqueue_struct *seg6x_pipe_wq;
extern unsigned int seg6x_pipe_max_flows;

/* how a packet may make a table entry (seg6x_pipe_flow_add) */
enum pipe_add {
	PIPE_ADD_SYN,		/* a SYN the listener keeps a request sock for */
	PIPE_ADD_SYN_COOKIE,	/* a SYN the listener answers with a cookie */
	PIPE_ADD_ACK,		/* an ACK that completes a handshake */
};

/* pipe_fn.c: the functions registered with seg6x (identity built in) */
bool seg6x_pipe_fn_known(u16 id);
const struct pipe_fn *seg6x_pipe_fn_get(u16 id, struct module **owner);
int seg6x_pipe_fn_walk(u32 *from, int (*cb)(const struct pipe_fn *fn, const char *module,
					    void *arg), void *arg);
int seg6x_pipe_fns_init(void);
void seg6x_pipe_fns_exit(void);

/* pipe_flow.c */
int seg6x_pipe_flow_add(struct pipe_net *pn, enum pipe_add how,
			const struct pipe_key *key,
			const struct pipe_call *fn, unsigned int nfn,
			const struct in6_addr *segs, unsigned int nsegs,
			const struct pipe_route *route, const struct pipe_ret *ret,
			bool *active);
int seg6x_pipe_flows_net_init(struct pipe_net *pn);
void seg6x_pipe_flows_net_exit(struct pipe_net *pn);
void seg6x_pipe_count(struct pipe_net *pn, unsigned int c, u64 n);
u64 seg6x_pipe_flow_held(const struct pipe_flow *f);
u32 seg6x_pipe_flow_buffers(const struct pipe_flow *f);

#endif /* _SEG6X_PIPE_FLOW_H */
