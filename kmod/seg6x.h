/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * seg6x internal interfaces: the behaviour table, per-netns state and
 * counters. One file per concern:
 *
 *	main.c		module init/exit only
 *	behaviour.c	the behaviour table (rows, lookup)
 *	kfunc.c		bpf_seg6x_exec(), the kfunc the glue programs call
 *	stats.c		per-netns, per-CPU counters
 *	netlink.c	the "seg6x" generic netlink family
 *	end.c		"seg6x-end": End through the seg6x path
 */
#ifndef _SEG6X_H
#define _SEG6X_H

#include <linux/types.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <net/net_namespace.h>
#include <uapi/linux/seg6x.h>

#define SEG6X_VERSION "0.1.0"

/*
 * A behaviour is a row of seg6x_behaviours[]. Its ->input() runs in softirq,
 * inside End.BPF, after the SRH was validated and advanced (End semantics).
 * It returns BPF_OK (route on the new destination), BPF_REDIRECT (the
 * behaviour attached a dst itself) or -SEG6X_DROP_* (the caller counts the
 * reason and End.BPF frees the packet).
 */
struct seg6x_behaviour {
	u32 id;				/* SEG6X_BEHAVIOUR_*, ABI */
	const char *name;		/* "action" name in ip */
	const char *desc;		/* one line for ip seg6x show */
	int (*input)(struct sk_buff *skb);
};

const struct seg6x_behaviour *seg6x_behaviour_get(u32 id);
const struct seg6x_behaviour *seg6x_behaviour_next(const struct seg6x_behaviour *b);
#define seg6x_for_each_behaviour(b) \
	for ((b) = seg6x_behaviour_next(NULL); (b); (b) = seg6x_behaviour_next(b))

extern const struct seg6x_behaviour seg6x_end_behaviour;

/* Counters: per netns, per CPU, one row per behaviour id (row 0 counts what
 * could not be attributed to a behaviour). */
struct seg6x_stats_row {
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t drops[__SEG6X_DROP_MAX];
};

struct seg6x_pcpu_stats {
	struct seg6x_stats_row row[__SEG6X_BEHAVIOUR_MAX];
	struct u64_stats_sync syncp;
};

struct seg6x_stats_snapshot {
	u64 packets;
	u64 bytes;
	u64 drops[__SEG6X_DROP_MAX];
};

struct seg6x_net {
	struct seg6x_pcpu_stats __percpu *stats;
	spinlock_t base_lock;		/* protects base[] */
	struct seg6x_stats_snapshot base[__SEG6X_BEHAVIOUR_MAX]; /* last reset */
};

struct seg6x_net *seg6x_pernet(const struct net *net);
void seg6x_count(struct net *net, u32 id, unsigned int len);
void seg6x_count_drop(struct net *net, u32 id, u32 reason);
void seg6x_stats_read(struct net *net, u32 id, struct seg6x_stats_snapshot *s);
void seg6x_stats_reset(struct net *net, u32 id);
const char *seg6x_drop_name(u32 reason);
int seg6x_stats_init(void);
void seg6x_stats_exit(void);

int seg6x_netlink_init(void);
void seg6x_netlink_exit(void);
int seg6x_kfunc_init(void);

#endif /* _SEG6X_H */
