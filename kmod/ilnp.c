// SPDX-License-Identifier: GPL-2.0-only
/*
 * "ilnp": ILNPv6 hosts (RFC 6740-6744) on a stock kernel. Transport binds to
 * a stable I-LV (home L64 | NID); netfilter hooks rewrite locators between
 * the stack's view and the wire, Locator Updates tell correspondents where
 * this node is now. See uapi/linux/seg6x_ilnp.h for the wire format and the
 * commands, ilnp_kern.h for the files.
 *
 * This file: the behaviour row, per-netns state and the helpers the other
 * files share. The host has no End.BPF datapath (its ->input() refuses
 * every packet; it has no glue program); the relay is the row "ilnp-lrr"
 * (ilnp_lrr.c), which reads this row's ILCC.
 */
#include <linux/slab.h>
#include <linux/bpf.h>
#include <linux/jhash.h>
#include "ilnp_kern.h"

static const char *const seg6x_ilnp_counter_names[__SEG6X_ILNP_C_MAX] = {
	[SEG6X_ILNP_C_OUT]		= "rewritten-out",
	[SEG6X_ILNP_C_IN]		= "rewritten-in",
	[SEG6X_ILNP_C_LU_SENT]		= "updates-sent",
	[SEG6X_ILNP_C_LU_RECEIVED]	= "updates-received",
	[SEG6X_ILNP_C_ACK_SENT]		= "acks-sent",
	[SEG6X_ILNP_C_ACK_RECEIVED]	= "acks-received",
	[SEG6X_ILNP_C_LU_GIVEUP]	= "updates-unacked",
	[SEG6X_ILNP_C_EXPIRED]		= "cache-changes",
	[SEG6X_ILNP_C_QUOTED]		= "errors-translated",
	[SEG6X_ILNP_C_NONCE_SENT]	= "nonces-sent",
	[SEG6X_ILNP_C_NONCE_RECEIVED]	= "nonces-received",
	[SEG6X_ILNP_C_FALLBACK]		= "fallbacks",
	[SEG6X_ILNP_C_EV_LOST]		= "events-lost",
};

/* Caller holds il->lock. */
const struct seg6x_ilnp_local *seg6x_ilnp_local_find(struct seg6x_ilnp *il, ilnp_nid nid)
{
	unsigned int i;

	for (i = 0; i < il->n_nids; i++)
		if (il->nids[i].nid == nid)
			return &il->nids[i];
	return NULL;
}

/**
 * seg6x_ilnp_flow_loc - the locator a flow sends from
 * @il: the namespace's state, il->lock held
 * @home: the home L64, the answer when the node has no locator
 * @hash: the flow's hash (seg6x_ilnp_flow_hash in ilnp_nf.c)
 *
 * Preference first: only the locators with the lowest preference value are
 * candidates. Among equal ones each flow takes the one with the highest
 * hash of (flow, locator) (rendezvous hashing), so a flow keeps its locator
 * while the set does not change, and when a locator goes only its flows
 * move, spread over the others.
 */
ilnp_l64 seg6x_ilnp_flow_loc(struct seg6x_ilnp *il, ilnp_l64 home, u32 hash)
{
	const struct ilnp_locator *best = NULL;
	u32 w, best_w = 0;
	unsigned int i;

	for (i = 0; i < il->n_locs; i++) {
		const struct ilnp_locator *l = &il->locs[i];

		w = jhash_2words((u32)l->l64, (u32)(l->l64 >> 32), hash);
		if (!best || l->pref < best->pref || (l->pref == best->pref && w > best_w)) {
			best = l;
			best_w = w;
		}
	}
	return best ? best->l64 : home;
}

/* The locator to send from when there is no flow (Locator Updates, quoted
 * errors). Caller holds il->lock. */
ilnp_l64 seg6x_ilnp_best_loc(struct seg6x_ilnp *il, ilnp_l64 home)
{
	return seg6x_ilnp_flow_loc(il, home, 0);
}

static int seg6x_ilnp_loc_index(struct seg6x_ilnp *il, ilnp_l64 l64)
{
	unsigned int i;

	for (i = 0; i < il->n_locs; i++)
		if (il->locs[i].l64 == l64)
			return i;
	return -1;
}

/* An event about our locator @loc (ADDED, CHANGED, REMOVED). Locked. */
static void seg6x_ilnp_loc_event(struct seg6x_ilnp *il, u8 kind, const struct ilnp_locator *loc)
{
	struct seg6x_ilnp_ev ev = {
		.kind = kind,
		.l64 = loc->l64,
		.pref = loc->pref,
		.lifetime = loc->lifetime,
	};

	seg6x_ilnp_ev_queue(il, &ev);
}

/**
 * seg6x_ilnp_loc_set - add or update a locator of this node
 * @il: the namespace's state, il->lock held
 * @loc: the locator
 *
 * Soft handoff adds it beside the others, hard handoff makes it the only
 * one; an existing one gets the new preference and lifetime. Every
 * correspondent is told; a monitor sees the locators removed, added or
 * changed.
 *
 * Return: 0, or -ENOSPC when SEG6X_ILNP_LOCS are in use (nothing changed).
 */
int seg6x_ilnp_loc_set(struct seg6x_ilnp *il, const struct ilnp_locator *loc)
{
	int i = seg6x_ilnp_loc_index(il, loc->l64);
	unsigned int j;
	u8 kind = ILNP_EV_LOC_ADDED;

	if (i >= 0) {
		if (il->locs[i].pref == loc->pref && il->locs[i].lifetime == loc->lifetime)
			kind = ILNP_EV_UNSPEC;	/* nothing new to report */
		else
			kind = ILNP_EV_LOC_CHANGED;
	}
	if (il->handoff == ILNP_HANDOFF_HARD) {
		/* break before make: the new locator replaces the others */
		for (j = 0; j < il->n_locs; j++)
			if (il->locs[j].l64 != loc->l64)
				seg6x_ilnp_loc_event(il, ILNP_EV_LOC_REMOVED, &il->locs[j]);
		il->locs[0] = *loc;
		il->n_locs = 1;
	} else if (i < 0 && il->n_locs == SEG6X_ILNP_LOCS) {
		return -ENOSPC;
	} else {
		il->locs[i < 0 ? il->n_locs++ : i] = *loc;
	}
	if (kind)
		seg6x_ilnp_loc_event(il, kind, loc);
	seg6x_ilnp_advertise(il);
	return 0;
}

/**
 * seg6x_ilnp_loc_remove - withdraw a locator of this node
 * @il: the namespace's state, il->lock held
 * @l64: the locator
 *
 * Return: true if it was one (correspondents are told), false if not.
 */
bool seg6x_ilnp_loc_remove(struct seg6x_ilnp *il, ilnp_l64 l64)
{
	int i = seg6x_ilnp_loc_index(il, l64);

	if (i < 0)
		return false;
	seg6x_ilnp_loc_event(il, ILNP_EV_LOC_REMOVED, &il->locs[i]);
	memmove(&il->locs[i], &il->locs[i + 1], (il->n_locs - i - 1) * sizeof(il->locs[0]));
	il->n_locs--;
	seg6x_ilnp_advertise(il);
	return true;
}

/* Our locator set changed: every correspondent gets a new advertisement.
 * Caller holds il->lock. */
void seg6x_ilnp_advertise(struct seg6x_ilnp *il)
{
	unsigned int i;

	for (i = 0; i < SEG6X_ILNP_CACHE; i++) {
		struct seg6x_ilnp_peer *p = &il->peers[i];

		if (!il->store[i].nid)
			continue;
		if (p->fallback)
			continue;
		p->adv_pending = true;
		p->nonce_left = SEG6X_ILNP_NONCE_PKTS;
		p->tries = 0;
		p->next = jiffies;
	}
	if (!il->dying)
		mod_delayed_work(system_wq, &il->work, 0);
}

static int seg6x_ilnp_input(struct sk_buff *skb, u32 flags)
{
	return -SEG6X_DROP_NO_BEHAVIOUR;
}

static int seg6x_ilnp_net_init(struct net *net)
{
	struct seg6x_ilnp *il = kvzalloc(sizeof(*il), GFP_KERNEL);

	if (!il)
		return -ENOMEM;
	il->net = net;
	spin_lock_init(&il->lock);
	mutex_init(&il->cfg);
	il->csum_mode = ILNP_CSUM_RFC;
	il->fallback_retry = SEG6X_ILNP_FALLBACK_RETRY;
	ilnp_ilcc_init(&il->cache, il->store, SEG6X_ILNP_CACHE, SEG6X_ILNP_IDLE_MS);
	INIT_DELAYED_WORK(&il->work, seg6x_ilnp_work);
	seg6x_ilnp_ev_init(il);
	seg6x_net_priv_set(net, SEG6X_BEHAVIOUR_ILNP, il);
	return 0;
}

static void seg6x_ilnp_net_exit(struct net *net)
{
	struct seg6x_ilnp *il = seg6x_ilnp(net);

	mutex_lock(&il->cfg);
	if (il->hooks) {
		seg6x_ilnp_addr_untrack(il);
		seg6x_ilnp_hooks_unregister(net);
	}
	il->hooks = false;
	spin_lock_bh(&il->lock);
	il->dying = true;
	spin_unlock_bh(&il->lock);
	mutex_unlock(&il->cfg);
	cancel_delayed_work_sync(&il->work);
	cancel_work_sync(&il->ev_work);
	seg6x_ilnp_sock_close(il);
	seg6x_net_priv_set(net, SEG6X_BEHAVIOUR_ILNP, NULL);
	mutex_destroy(&il->cfg);
	kvfree(il);
}

const struct seg6x_behaviour seg6x_ilnp_behaviour = {
	.id		= SEG6X_BEHAVIOUR_ILNP,
	.name		= "ilnp",
	.desc		= "ILNPv6 host: locator rewriting and updates (ip ilnp)",
	.input		= seg6x_ilnp_input,
	.init		= seg6x_ilnp_addr_init,
	.exit		= seg6x_ilnp_addr_exit,
	.net_init	= seg6x_ilnp_net_init,
	.net_exit	= seg6x_ilnp_net_exit,
	.counter_names	= seg6x_ilnp_counter_names,
	.n_counters	= __SEG6X_ILNP_C_MAX,
};
