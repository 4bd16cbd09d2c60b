/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ILNPv6 host: per-netns state shared by the files of the "ilnp" behaviour.
 *
 *	ilnp.c		the behaviour row, per-netns state, configuration
 *	ilnp_nf.c	netfilter hooks: I-LV <-> wire rewriting, checksums
 *	ilnp_lu.c	Locator Updates: receive (softirq), send/ack/retransmit
 *			(work item, kernel raw ICMPv6 socket)
 *	ilnp_nl.c	the SEG6X_CMD_ILNP_* commands
 *	ilnp_lrr.c	"ilnp-lrr", the locator rewriting relay (seg6local)
 *	ilnp_addr.c	locators that follow the node's addresses
 *	ilnp_ev.c	events ("ip ilnp monitor"): queued under the lock,
 *			sent by a work item
 *
 * The codecs, checksum arithmetic and the ILCC are the pure core in
 * ilnp/ (shared with the host tests and the fuzzer).
 */
#ifndef _SEG6X_ILNP_KERN_H
#define _SEG6X_ILNP_KERN_H

#include <linux/bottom_half.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include "seg6x.h"
#include "ilnp.h"

#define SEG6X_ILNP_NIDS		4
#define SEG6X_ILNP_LOCS		ILNP_LU_MAX_LOCS
#define SEG6X_ILNP_CACHE	64	/* ILCC entries per netns */
#define SEG6X_ILNP_IDLE_MS	60000	/* an idle entry may be evicted */
#define SEG6X_ILNP_TRIES	5	/* Locator Update transmissions */
#define SEG6X_ILNP_RTX_MS	250	/* linear back-off step */
#define SEG6X_ILNP_PREF		10	/* a locator's default preference */
#define SEG6X_ILNP_LIFETIME	0xffff	/* and lifetime (seconds) */
#define SEG6X_ILNP_NONCE_PKTS	8	/* data packets with a nonce after a
					 * session start or locator change */
#define SEG6X_ILNP_EVQ		32	/* events queued per netns */
#define SEG6X_ILNP_FALLBACK_RETRY 600	/* s: a fallback peer is tried again */

/* Counters, in the order of seg6x_ilnp_counter_names[] */
enum {
	SEG6X_ILNP_C_OUT,		/* packets rewritten on the way out */
	SEG6X_ILNP_C_IN,		/* packets rewritten on the way in */
	SEG6X_ILNP_C_LU_SENT,		/* advertisements sent (with retries) */
	SEG6X_ILNP_C_LU_RECEIVED,	/* advertisements accepted */
	SEG6X_ILNP_C_ACK_SENT,
	SEG6X_ILNP_C_ACK_RECEIVED,	/* acknowledgements matching ours */
	SEG6X_ILNP_C_LU_GIVEUP,		/* peers that never acknowledged */
	SEG6X_ILNP_C_EXPIRED,		/* ILCC state changes by the clock */
	SEG6X_ILNP_C_QUOTED,		/* ICMPv6 errors whose quote was rewritten */
	SEG6X_ILNP_C_NONCE_SENT,	/* data packets sent with our nonce */
	SEG6X_ILNP_C_NONCE_RECEIVED,	/* data packets whose nonce verified (stripped) */
	SEG6X_ILNP_C_FALLBACK,		/* peers that answered a nonce with a
					 * Parameter Problem: plain IPv6 since */
	SEG6X_ILNP_C_EV_LOST,		/* events not sent: over the rate or
					 * the queue full */
	__SEG6X_ILNP_C_MAX,
};

/* Counters of the "ilnp-lrr" row, in the order of its names */
enum {
	SEG6X_LRR_C_RELAYED,		/* destination locator rewritten */
	SEG6X_LRR_C_CURRENT,		/* already the current locator */
	__SEG6X_LRR_C_MAX,
};

struct seg6x_ilnp_local {
	ilnp_nid nid;
	ilnp_l64 home;			/* the L64 the stack uses */
};

/* Locator Update bookkeeping beside each ILCC entry (same index) */
struct seg6x_ilnp_peer {
	struct ilnp_lu rx;		/* last advertisement, to acknowledge */
	bool ack_pending;
	bool adv_pending;		/* our advertisement not acknowledged */
	u8 tries;
	u8 nonce_left;			/* data packets still to carry our nonce */
	bool fallback;			/* a stock IPv6 host: not rewritten */
	u64 fallback_at;		/* ms: when it became one */
	unsigned long next;		/* jiffies of the next transmission */
};

/* One event, as queued (ilnp_ev.c); what each kind fills: seg6x_ilnp.h */
struct seg6x_ilnp_ev {
	u8 kind;			/* enum ilnp_event */
	u8 tries;
	u8 state, old_state;
	u8 lu_pending;
	u8 n_locs;
	u16 pref, lifetime;
	u32 reason;			/* SEG6X_DROP_* */
	ilnp_nid nid;
	ilnp_l64 l64;
	struct ilnp_locator locs[ILNP_LU_MAX_LOCS];
};

/* The states of an ILCC entry's locators last seen by ilnp_ev.c */
struct seg6x_ilnp_seen {
	ilnp_nid nid;
	ilnp_l64 l64[ILNP_ILCC_LOCS];
	u8 state[ILNP_ILCC_LOCS];
};

struct seg6x_ilnp {
	struct net *net;
	spinlock_t lock;		/* all below; taken in softirq */
	u8 csum_mode;			/* enum ilnp_csum_mode */
	u8 handoff;			/* enum ilnp_handoff */
	u32 fallback_retry;		/* s, 0: fallback peers stay so */
	unsigned int n_nids;
	struct seg6x_ilnp_local nids[SEG6X_ILNP_NIDS];
	unsigned int n_locs;
	struct ilnp_locator locs[SEG6X_ILNP_LOCS];
	struct ilnp_ilcc cache;
	struct ilnp_ilcc_entry store[SEG6X_ILNP_CACHE];
	struct seg6x_ilnp_peer peers[SEG6X_ILNP_CACHE];
	struct seg6x_ilnp_seen seen[SEG6X_ILNP_CACHE];
	/* events: a ring, at most ILNP_EVENTS_PER_SEC from ev_start on */
	struct seg6x_ilnp_ev evq[SEG6X_ILNP_EVQ];
	unsigned int ev_head, ev_len;
	unsigned long ev_start;
	unsigned int ev_count;
	struct work_struct ev_work;

	struct mutex cfg;		/* configuration, hooks, socket */
	bool hooks;			/* netfilter hooks registered */
	struct socket *sock;		/* raw ICMPv6, sends Locator Updates */
	struct delayed_work work;
	bool dying;
	struct list_head node;		/* ilnp_addr.c: namespaces with ILNP on */
};

static inline struct seg6x_ilnp *seg6x_ilnp(const struct net *net)
{
	return seg6x_net_priv(net, SEG6X_BEHAVIOUR_ILNP);
}

static inline u64 seg6x_ilnp_now(void)
{
	return jiffies64_to_msecs(get_jiffies_64());
}

/* The counters are per CPU and written in softirq; LOCAL_OUT and the work
 * item run in process context, so keep bottom halves off around them. */
static inline void seg6x_ilnp_count_n(struct net *net, unsigned int c, u64 n)
{
	local_bh_disable();
	seg6x_count_add(net, SEG6X_BEHAVIOUR_ILNP, c, n);
	local_bh_enable();
}

static inline void seg6x_ilnp_count(struct net *net, unsigned int c)
{
	seg6x_ilnp_count_n(net, c, 1);
}

static inline void seg6x_ilnp_drop(struct net *net, u32 reason)
{
	local_bh_disable();
	seg6x_count_drop(net, SEG6X_BEHAVIOUR_ILNP, reason);
	local_bh_enable();
}

/* ilnp.c */
const struct seg6x_ilnp_local *seg6x_ilnp_local_find(struct seg6x_ilnp *il, ilnp_nid nid);
ilnp_l64 seg6x_ilnp_best_loc(struct seg6x_ilnp *il, ilnp_l64 home);
ilnp_l64 seg6x_ilnp_flow_loc(struct seg6x_ilnp *il, ilnp_l64 home, u32 hash);
void seg6x_ilnp_advertise(struct seg6x_ilnp *il);
int seg6x_ilnp_loc_set(struct seg6x_ilnp *il, const struct ilnp_locator *loc);
bool seg6x_ilnp_loc_remove(struct seg6x_ilnp *il, ilnp_l64 l64);
static inline unsigned int seg6x_ilnp_index(struct seg6x_ilnp *il,
					    const struct ilnp_ilcc_entry *e)
{
	return e - il->store;
}

/* ilnp_nf.c */
int seg6x_ilnp_hooks_register(struct net *net);
void seg6x_ilnp_hooks_unregister(struct net *net);

/* ilnp_addr.c */
int seg6x_ilnp_addr_init(void);
void seg6x_ilnp_addr_exit(void);
void seg6x_ilnp_addr_track(struct seg6x_ilnp *il);
void seg6x_ilnp_addr_untrack(struct seg6x_ilnp *il);

/* ilnp_lu.c */
unsigned int seg6x_ilnp_lu_input(struct seg6x_ilnp *il, struct sk_buff *skb,
				 unsigned int off, const struct ilnp_nonce *nonce);
bool seg6x_ilnp_lu_is_ours(struct seg6x_ilnp *il, const struct sk_buff *skb);
int seg6x_ilnp_sock_open(struct seg6x_ilnp *il);
void seg6x_ilnp_sock_close(struct seg6x_ilnp *il);
void seg6x_ilnp_work(struct work_struct *w);
void seg6x_ilnp_nonce_new(struct ilnp_nonce *n);

/* ilnp_ev.c */
void seg6x_ilnp_ev_init(struct seg6x_ilnp *il);
void seg6x_ilnp_ev_queue(struct seg6x_ilnp *il, const struct seg6x_ilnp_ev *ev);
void seg6x_ilnp_ev_post(struct seg6x_ilnp *il, const struct seg6x_ilnp_ev *ev);
void seg6x_ilnp_ev_sync(struct seg6x_ilnp *il, unsigned int i);
void seg6x_ilnp_ev_refused(struct seg6x_ilnp *il, u8 kind, u32 reason,
			   const struct in6_addr *src);

/* ilnp_nl.c */
int seg6x_ilnp_nid_add(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_nid_del(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_loc_add(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_loc_del(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_peer_add(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_peer_del(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_set(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_get(struct sk_buff *skb, struct genl_info *info);
int seg6x_ilnp_cache_dump(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy seg6x_ilnp_policy[ILNP_ATTR_MAX + 1];

/* The rows netlink.c adds to the family's policy and command table */
#if IS_ENABLED(CONFIG_SEG6X_ILNP)
#define SEG6X_ILNP_GENL_POLICY [SEG6X_ATTR_ILNP] = NLA_POLICY_NESTED(seg6x_ilnp_policy),
#define SEG6X_ILNP_GENL_OPS						\
	{ .cmd = SEG6X_CMD_ILNP_NID_ADD, .doit = seg6x_ilnp_nid_add,	\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_ILNP_NID_DEL, .doit = seg6x_ilnp_nid_del,	\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_ILNP_LOC_ADD, .doit = seg6x_ilnp_loc_add,	\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_ILNP_LOC_DEL, .doit = seg6x_ilnp_loc_del,	\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_ILNP_PEER_ADD, .doit = seg6x_ilnp_peer_add,	\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_ILNP_PEER_DEL, .doit = seg6x_ilnp_peer_del,	\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_ILNP_SET, .doit = seg6x_ilnp_set,		\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_ILNP_GET, .doit = seg6x_ilnp_get },		\
	{ .cmd = SEG6X_CMD_ILNP_CACHE_GET, .dumpit = seg6x_ilnp_cache_dump },
#else
#define SEG6X_ILNP_GENL_POLICY
#define SEG6X_ILNP_GENL_OPS
#endif

#endif /* _SEG6X_ILNP_KERN_H */
