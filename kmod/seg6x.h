/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * seg6x internal interfaces: the behaviour table, per-netns state and
 * counters. One file per concern:
 *
 *	main.c		module init/exit only
 *	behaviour.c	the behaviour table (rows, lookup)
 *	kfunc.c		bpf_seg6x_exec(), the kfunc the glue programs call
 *	pernet.c	per-netns lifecycle, driven over the behaviour table
 *	stats.c		per-netns, per-CPU counters
 *	netlink.c	the "seg6x" generic netlink family
 *	end.c		"seg6x-end": End through the seg6x path
 *	pipe.c		"pipe": SRv6Pipes datapath (pipe_flow.c: flows, pump;
 *			pipe_fn.c: the functions modules register)
 *	otip.c		"otip": the OTIP gateway (otip_kern.h)
 */
#ifndef _SEG6X_H
#define _SEG6X_H

#include <linux/types.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <uapi/linux/seg6x.h>
#include "wmem.h"

#define SEG6X_VERSION "0.1.0"

/*
 * A behaviour is a row of seg6x_behaviours[]. Its ->input() runs in softirq,
 * inside End.BPF, after the SRH was validated and advanced (End semantics),
 * with the route options its glue program passed (SEG6X_EXEC_*, only those
 * in ->flags). It returns BPF_OK (route on the new destination),
 * BPF_REDIRECT (the behaviour attached a dst itself) or -SEG6X_DROP_* (the
 * caller counts the reason and End.BPF frees the packet).
 */
#define SEG6X_MAX_COUNTERS 16

struct seg6x_behaviour {
	u32 id;				/* SEG6X_BEHAVIOUR_*, ABI */
	const char *name;		/* "action" name in ip */
	const char *desc;		/* one line for ip seg6x show */
	int (*input)(struct sk_buff *skb, u32 flags);
	u32 flags;			/* SEG6X_EXEC_* route options it takes */
	/* optional: module load/unload, in table order (exit in reverse) */
	int (*init)(void);
	void (*exit)(void);
	/* optional: per network namespace; state hangs off seg6x_net_priv() */
	int (*net_init)(struct net *net);
	void (*net_exit)(struct net *net);
	/* behaviour-specific counters, shown by name in ip seg6x stats */
	const char *const *counter_names;
	unsigned int n_counters;	/* <= SEG6X_MAX_COUNTERS */
};

const struct seg6x_behaviour *seg6x_behaviour_get(u32 id);
const struct seg6x_behaviour *seg6x_behaviour_next(const struct seg6x_behaviour *b);
#define seg6x_for_each_behaviour(b) \
	for ((b) = seg6x_behaviour_next(NULL); (b); (b) = seg6x_behaviour_next(b))

extern const struct seg6x_behaviour seg6x_end_behaviour;
extern const struct seg6x_behaviour seg6x_avr_exec_behaviour;
extern const struct seg6x_behaviour seg6x_ilnp_behaviour;
extern const struct seg6x_behaviour seg6x_ilnp_lrr_behaviour;
extern const struct seg6x_behaviour seg6x_pipe_behaviour;
extern const struct seg6x_behaviour seg6x_otip_behaviour;

/* Counters: per netns, per CPU, one row per behaviour id (row 0 counts what
 * could not be attributed to a behaviour). */
struct seg6x_stats_row {
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t drops[__SEG6X_DROP_MAX];
	u64_stats_t counters[SEG6X_MAX_COUNTERS];
};

struct seg6x_pcpu_stats {
	struct seg6x_stats_row row[__SEG6X_BEHAVIOUR_MAX];
	struct u64_stats_sync syncp;
};

struct seg6x_stats_snapshot {
	u64 packets;
	u64 bytes;
	u64 drops[__SEG6X_DROP_MAX];
	u64 counters[SEG6X_MAX_COUNTERS];
};

struct seg6x_net {
	struct seg6x_pcpu_stats __percpu *stats;
	void *priv[__SEG6X_BEHAVIOUR_MAX];	/* a behaviour's own state */
	spinlock_t base_lock;		/* protects base[] */
	struct seg6x_stats_snapshot base[__SEG6X_BEHAVIOUR_MAX]; /* last reset */
};

/* pernet.c */
struct seg6x_net *seg6x_pernet(const struct net *net);
int seg6x_pernet_init(void);
void seg6x_pernet_exit(void);
int seg6x_behaviours_init(void);
void seg6x_behaviours_exit(void);

/* The state a behaviour's ->net_init() stored with seg6x_net_priv_set(). */
static inline void *seg6x_net_priv(const struct net *net, u32 id)
{
	return seg6x_pernet(net)->priv[id];
}

static inline void seg6x_net_priv_set(struct net *net, u32 id, void *priv)
{
	seg6x_pernet(net)->priv[id] = priv;
}

void seg6x_count(struct net *net, u32 id, unsigned int len);
void seg6x_count_drop(struct net *net, u32 id, u32 reason);
void seg6x_count_add(struct net *net, u32 id, unsigned int counter, u64 n);
void seg6x_stats_read(struct net *net, u32 id, struct seg6x_stats_snapshot *s);
void seg6x_stats_reset(struct net *net, u32 id);
const char *seg6x_drop_name(u32 reason);
int seg6x_stats_net_init(struct seg6x_net *sn);
void seg6x_stats_net_exit(struct seg6x_net *sn);

/* icmp6_quote.c: the packet an ICMPv6 error quotes (ilnp_nf.c, otip_nf.c) */
struct ipv6hdr;
struct in6_addr;
bool seg6x_icmp6_quote(const struct sk_buff *skb, unsigned int off, struct ipv6hdr *qh);
int seg6x_icmp6_quote_set(struct sk_buff *skb, unsigned int off,
			  const struct in6_addr to[2], bool l4);

/* netlink.c: replies, dumps and events of the "seg6x" family */
enum { SEG6X_MCGRP_SRIOT_ID, SEG6X_MCGRP_ILNP_ID };
struct genl_info;
struct netlink_callback;
struct sk_buff *seg6x_reply_new(struct genl_info *info, void **hdr);
int seg6x_reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info, int err);
void *seg6x_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);
struct sk_buff *seg6x_event_new(u8 cmd, size_t size, void **hdr);
void seg6x_event_send(struct net *net, struct sk_buff *msg, void *hdr, unsigned int group);
bool seg6x_has_listeners(struct net *net, unsigned int group);
int seg6x_netlink_init(void);
void seg6x_netlink_exit(void);
int seg6x_kfunc_init(void);

/* sriot.c: SR-IoT node state (ports, budget, write memory) */
extern const struct nla_policy seg6x_sriot_port_policy[SRIOT_PORT_ATTR_MAX + 1];
bool seg6x_sriot_read(struct net *net, unsigned int addr, u8 *val);
int seg6x_sriot_write(struct net *net, const struct in6_addr *sender, unsigned int addr, u8 val,
		      u32 task, u16 wseq, enum sriot_wmem_verdict *verdict, bool *muted);
struct seg6x_sriot_limits {
	u32 hop_budget;			/* instructions per visit */
	u32 max_steps;			/* a process's steps, whatever it says */
	u32 max_hops;			/* a process's hops, whatever it says */
};
void seg6x_sriot_limits(struct net *net, struct seg6x_sriot_limits *l);
int seg6x_sriot_port_set(struct sk_buff *skb, struct genl_info *info);
int seg6x_sriot_port_del(struct sk_buff *skb, struct genl_info *info);
int seg6x_sriot_port_get(struct sk_buff *skb, struct genl_info *info);
int seg6x_sriot_port_dump(struct sk_buff *skb, struct netlink_callback *cb);
int seg6x_sriot_set(struct sk_buff *skb, struct genl_info *info);
int seg6x_sriot_get(struct sk_buff *skb, struct genl_info *info);
int seg6x_sriot_net_init(struct net *net);
void seg6x_sriot_net_exit(struct net *net);

/* pipe_netlink.c: the pipe function list and sed rules */
extern const struct nla_policy seg6x_pipe_sed_policy[PIPE_SED_ATTR_MAX + 1];
int seg6x_pipe_fn_dump(struct sk_buff *skb, struct netlink_callback *cb);
int seg6x_pipe_sed_set(struct sk_buff *skb, struct genl_info *info);
int seg6x_pipe_sed_del(struct sk_buff *skb, struct genl_info *info);
int seg6x_pipe_sed_dump(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy seg6x_pipe_key_policy[PIPE_KEY_ATTR_MAX + 1];
int seg6x_pipe_key_add(struct sk_buff *skb, struct genl_info *info);
int seg6x_pipe_key_del(struct sk_buff *skb, struct genl_info *info);
int seg6x_pipe_key_dump(struct sk_buff *skb, struct netlink_callback *cb);
int seg6x_pipe_flow_dump(struct sk_buff *skb, struct netlink_callback *cb);
int seg6x_pipe_set(struct sk_buff *skb, struct genl_info *info);
int seg6x_pipe_get(struct sk_buff *skb, struct genl_info *info);

#endif /* _SEG6X_H */
