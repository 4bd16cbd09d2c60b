/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * OTIP gateway: per-netns state shared by the files of the "otip" behaviour
 * (uapi/linux/seg6x.h, section 6).
 *
 *	otip.c		the behaviour row, per-netns state, rules and windows
 *	otip_nf.c	the netfilter hook: flows, rewriting, checksums
 *	otip_nl.c	the SEG6X_CMD_OTIP_* commands
 *
 * The address rule is the pure core tools/otip/otip.c, the same file as in
 * the otip tool and ioth-node, so a client's `otip addr` and the gateway
 * agree byte for byte. No kernel crypto API: the core is synchronous, never
 * sleeps, allocates nothing, and behaves the same on every kernel.
 */
#ifndef _SEG6X_OTIP_KERN_H
#define _SEG6X_OTIP_KERN_H

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/in6.h>
#include "seg6x.h"
#include "otip.h"

/* Addresses kept per rule: [0] current window, [1] previous (accepted),
 * [2 .. SEG6X_OTIP_HIST - 1] older ones, refused as "stale". */
#define SEG6X_OTIP_HIST		8
#define SEG6X_OTIP_BUCKETS	256
#define SEG6X_OTIP_NONE		0xffff	/* end of a chain / free list */

/* Idle timeouts, in seconds */
#define SEG6X_OTIP_TCP_S	300
#define SEG6X_OTIP_CLOSING_S	10
#define SEG6X_OTIP_UDP_S	60
#define SEG6X_OTIP_ECHO_S	30

/* Per-rule counters, in the order of the OTIP_ATTR_ACCEPTED.. attributes */
enum {
	SEG6X_OTIP_C_ACCEPTED,
	SEG6X_OTIP_C_FORWARDED,
	SEG6X_OTIP_C_REPLIES,
	SEG6X_OTIP_C_STALE,
	SEG6X_OTIP_C_GUESSED,
	SEG6X_OTIP_C_NO_FLOW,
	SEG6X_OTIP_C_PROTOCOL,
	SEG6X_OTIP_C_FLOWS_FULL,
	__SEG6X_OTIP_C_MAX,
};

struct seg6x_otip_rule {
	bool used;
	struct otip_cfg cfg;		/* name, base, secret, period, offset, mode */
	struct in6_addr service;
	bool win_valid;
	u32 win;			/* window of addr[0] */
	struct in6_addr addr[SEG6X_OTIP_HIST];	/* addr[i]: window win - i */
	unsigned int flows;
	u64 c[__SEG6X_OTIP_C_MAX];
};

/*
 * A flow, keyed by its client end (address, port or echo id, protocol),
 * which both directions carry: the forward packet as its source, the reply
 * as its destination. Chained by index in a fixed array.
 */
struct seg6x_otip_flow {
	struct in6_addr client;
	struct in6_addr oaddr;		/* the one-time address it was opened at */
	__be16 cport;			/* client port, echo id */
	__be16 sport;			/* service port, 0 for echo */
	u8 proto;
	u8 rule;
	bool closing;			/* FIN or RST seen */
	u16 next;
	unsigned long last;		/* jiffies */
};

struct seg6x_otip {
	struct net *net;
	struct mutex cfg;		/* hooks registration */
	bool hooks;
	spinlock_t lock;		/* everything below; taken in softirq */
	u32 seed;
	struct seg6x_otip_rule rules[SEG6X_OTIP_RULES_MAX];
	unsigned int n_flows;
	u16 free;
	u16 bucket[SEG6X_OTIP_BUCKETS];
	struct seg6x_otip_flow flow[SEG6X_OTIP_FLOWS_MAX];
};

static inline struct seg6x_otip *seg6x_otip(const struct net *net)
{
	return seg6x_net_priv(net, SEG6X_BEHAVIOUR_OTIP);
}

/* otip.c (callers hold ot->lock unless said otherwise) */
void seg6x_otip_windows(struct seg6x_otip_rule *r, u32 win);
u32 seg6x_otip_now_window(const struct seg6x_otip_rule *r);
struct seg6x_otip_rule *seg6x_otip_rule_find(struct seg6x_otip *ot, const char *name);
void seg6x_otip_flows_flush(struct seg6x_otip *ot, int rule);
unsigned int seg6x_otip_flows_reap(struct seg6x_otip *ot);
u16 seg6x_otip_hash(const struct seg6x_otip *ot, const struct in6_addr *client,
		    __be16 cport, u8 proto);
bool seg6x_otip_flow_expired(const struct seg6x_otip_flow *f, unsigned long now);
void seg6x_otip_flow_free(struct seg6x_otip *ot, u16 *link);

/* otip_nf.c */
int seg6x_otip_hooks_register(struct net *net);
void seg6x_otip_hooks_unregister(struct net *net);

/* otip_nl.c */
extern const struct nla_policy seg6x_otip_policy[OTIP_ATTR_MAX + 1];
int seg6x_otip_add(struct sk_buff *skb, struct genl_info *info);
int seg6x_otip_del(struct sk_buff *skb, struct genl_info *info);
int seg6x_otip_dump(struct sk_buff *skb, struct netlink_callback *cb);

#if IS_ENABLED(CONFIG_SEG6X_OTIP)
#define SEG6X_OTIP_GENL_POLICY [SEG6X_ATTR_OTIP] = NLA_POLICY_NESTED(seg6x_otip_policy),
#define SEG6X_OTIP_GENL_OPS						\
	{ .cmd = SEG6X_CMD_OTIP_ADD, .doit = seg6x_otip_add,		\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_OTIP_DEL, .doit = seg6x_otip_del,		\
	  .flags = GENL_UNS_ADMIN_PERM },				\
	{ .cmd = SEG6X_CMD_OTIP_GET, .dumpit = seg6x_otip_dump },
#else
#define SEG6X_OTIP_GENL_POLICY
#define SEG6X_OTIP_GENL_OPS
#endif

#endif /* _SEG6X_OTIP_KERN_H */
