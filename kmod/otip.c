// SPDX-License-Identifier: GPL-2.0-only
/*
 * "otip": one-time addresses for unmodified services behind this gateway
 * (Davoli's OTIP, Internet of Threads). See uapi/linux/seg6x.h, section 6,
 * for what is accepted and refused, otip_kern.h for the files.
 *
 * This file: the behaviour row, per-netns state, the window addresses and
 * the flow table's bookkeeping. Like "ilnp" the row has no End.BPF datapath
 * (its ->input() refuses every packet): the work happens in a netfilter
 * hook (otip_nf.c), registered in a namespace when its first rule is added.
 */
#include <linux/slab.h>
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/timekeeping.h>
#include <linux/bpf.h>
#include "otip_kern.h"

static const char *const seg6x_otip_counter_names[__SEG6X_OTIP_C_MAX] = {
	[SEG6X_OTIP_C_ACCEPTED]		= "accepted",
	[SEG6X_OTIP_C_FORWARDED]	= "forwarded",
	[SEG6X_OTIP_C_REPLIES]		= "replies",
	[SEG6X_OTIP_C_STALE]		= "stale",
	[SEG6X_OTIP_C_GUESSED]		= "guessed",
	[SEG6X_OTIP_C_NO_FLOW]		= "no-flow",
	[SEG6X_OTIP_C_PROTOCOL]		= "protocol",
	[SEG6X_OTIP_C_FLOWS_FULL]	= "flows-full",
};

/* The window a rule is in now (wall clock, as the clients' `otip addr`) */
u32 seg6x_otip_now_window(const struct seg6x_otip_rule *r)
{
	return otip_window(ktime_get_real_seconds(), r->cfg.offset, r->cfg.period);
}

/**
 * seg6x_otip_windows - bring a rule's addresses to window @win
 * @r: the rule, its namespace's lock held
 * @win: the current window
 *
 * Moving on by a few windows keeps what is still wanted and computes only
 * the new ones (one HMAC-SHA256 or MD5 each, pure C, no sleeping); a clock
 * step back or a jump computes them all. Window numbers wrap as u32, as in
 * the core.
 */
void seg6x_otip_windows(struct seg6x_otip_rule *r, u32 win)
{
	u32 d = win - r->win;
	unsigned int i, keep = 0;

	if (r->win_valid && d == 0)
		return;
	if (r->win_valid && d < SEG6X_OTIP_HIST) {
		keep = SEG6X_OTIP_HIST - d;
		memmove(&r->addr[d], &r->addr[0], keep * sizeof(r->addr[0]));
	}
	for (i = 0; i < SEG6X_OTIP_HIST - keep; i++)
		otip_addr(&r->cfg, win - i, r->addr[i].s6_addr);	/* valid cfg: cannot fail */
	r->win = win;
	r->win_valid = true;
}

/* Caller holds ot->lock. */
struct seg6x_otip_rule *seg6x_otip_rule_find(struct seg6x_otip *ot, const char *name)
{
	unsigned int i;

	for (i = 0; i < SEG6X_OTIP_RULES_MAX; i++)
		if (ot->rules[i].used && !strcmp(ot->rules[i].cfg.name, name))
			return &ot->rules[i];
	return NULL;
}

u16 seg6x_otip_hash(const struct seg6x_otip *ot, const struct in6_addr *client,
		    __be16 cport, u8 proto)
{
	u32 h = jhash2(client->s6_addr32, 4, ot->seed ^ ((u32)proto << 16 | (__force u16)cport));

	return h % SEG6X_OTIP_BUCKETS;
}

bool seg6x_otip_flow_expired(const struct seg6x_otip_flow *f, unsigned long now)
{
	unsigned int s;

	if (f->proto == IPPROTO_TCP)
		s = f->closing ? SEG6X_OTIP_CLOSING_S : SEG6X_OTIP_TCP_S;
	else if (f->proto == IPPROTO_UDP)
		s = SEG6X_OTIP_UDP_S;
	else
		s = SEG6X_OTIP_ECHO_S;
	return time_after(now, f->last + s * HZ);
}

/* Unlink the flow *@link points to and free it. Caller holds ot->lock. */
void seg6x_otip_flow_free(struct seg6x_otip *ot, u16 *link)
{
	u16 i = *link;
	struct seg6x_otip_flow *f = &ot->flow[i];

	*link = f->next;
	ot->rules[f->rule].flows--;
	ot->n_flows--;
	f->next = ot->free;
	ot->free = i;
}

/* Free the flows of rule @rule (every rule when < 0). Caller holds ot->lock. */
void seg6x_otip_flows_flush(struct seg6x_otip *ot, int rule)
{
	unsigned int b;
	u16 *link;

	for (b = 0; b < SEG6X_OTIP_BUCKETS; b++) {
		link = &ot->bucket[b];
		while (*link != SEG6X_OTIP_NONE) {
			if (rule < 0 || ot->flow[*link].rule == rule)
				seg6x_otip_flow_free(ot, link);
			else
				link = &ot->flow[*link].next;
		}
	}
}

/* Free the expired flows; return how many live. Caller holds ot->lock. */
unsigned int seg6x_otip_flows_reap(struct seg6x_otip *ot)
{
	unsigned long now = jiffies;
	unsigned int b;
	u16 *link;

	for (b = 0; b < SEG6X_OTIP_BUCKETS; b++) {
		link = &ot->bucket[b];
		while (*link != SEG6X_OTIP_NONE) {
			if (seg6x_otip_flow_expired(&ot->flow[*link], now))
				seg6x_otip_flow_free(ot, link);
			else
				link = &ot->flow[*link].next;
		}
	}
	return ot->n_flows;
}

static int seg6x_otip_input(struct sk_buff *skb, u32 flags)
{
	return -SEG6X_DROP_NO_BEHAVIOUR;
}

static int seg6x_otip_net_init(struct net *net)
{
	struct seg6x_otip *ot = kvzalloc(sizeof(*ot), GFP_KERNEL);
	unsigned int i;

	if (!ot)
		return -ENOMEM;
	ot->net = net;
	mutex_init(&ot->cfg);
	spin_lock_init(&ot->lock);
	ot->seed = get_random_u32();
	for (i = 0; i < SEG6X_OTIP_BUCKETS; i++)
		ot->bucket[i] = SEG6X_OTIP_NONE;
	for (i = 0; i < SEG6X_OTIP_FLOWS_MAX; i++)
		ot->flow[i].next = i + 1 < SEG6X_OTIP_FLOWS_MAX ? i + 1 : SEG6X_OTIP_NONE;
	ot->free = 0;
	seg6x_net_priv_set(net, SEG6X_BEHAVIOUR_OTIP, ot);
	return 0;
}

static void seg6x_otip_net_exit(struct net *net)
{
	struct seg6x_otip *ot = seg6x_otip(net);

	mutex_lock(&ot->cfg);
	if (ot->hooks)
		seg6x_otip_hooks_unregister(net);	/* waits for running hooks */
	ot->hooks = false;
	mutex_unlock(&ot->cfg);
	seg6x_net_priv_set(net, SEG6X_BEHAVIOUR_OTIP, NULL);
	mutex_destroy(&ot->cfg);
	kvfree_sensitive(ot, sizeof(*ot));	/* the secrets */
}

const struct seg6x_behaviour seg6x_otip_behaviour = {
	.id		= SEG6X_BEHAVIOUR_OTIP,
	.name		= "otip",
	.desc		= "OTIP gateway: one-time addresses for services behind it (ip otip)",
	.input		= seg6x_otip_input,
	.net_init	= seg6x_otip_net_init,
	.net_exit	= seg6x_otip_net_exit,
	.counter_names	= seg6x_otip_counter_names,
	.n_counters	= __SEG6X_OTIP_C_MAX,
};
