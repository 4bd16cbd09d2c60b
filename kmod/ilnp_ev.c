// SPDX-License-Identifier: GPL-2.0-only
/*
 * ILNPv6 events ("ip ilnp monitor", seg6x_ilnp.h section 6).
 *
 * Events happen under il->lock, in softirq (Locator Updates, nonces, the
 * probe) or process context (configuration, the address notifier, the
 * Locator Update work). They are copied into a small ring under that lock,
 * so their order is the order they happened in, and one work item sends
 * them, outside every lock (a work item never runs twice at once, so the
 * order survives). Nothing is queued while nobody listens; while someone
 * does, at most ILNP_EVENTS_PER_SEC per namespace and second, a forged
 * update flood included: the rest are counted as "events-lost".
 *
 * The states of a peer's locators change in the pure ILCC core (learning,
 * selection, the clock); seg6x_ilnp_ev_sync compares an entry with the
 * states it last saw (il->seen) and queues one event per change.
 */
#include <net/genetlink.h>
#include "ilnp_kern.h"

/* May one more event go out this second? Caller holds il->lock. */
static bool seg6x_ilnp_ev_allowed(struct seg6x_ilnp *il)
{
	if (time_after(jiffies, il->ev_start + HZ)) {
		il->ev_start = jiffies;
		il->ev_count = 0;
	}
	if (il->ev_count >= ILNP_EVENTS_PER_SEC || il->ev_len == SEG6X_ILNP_EVQ)
		return false;
	il->ev_count++;
	return true;
}

/**
 * seg6x_ilnp_ev_queue - queue an event to be sent
 * @il: the namespace's state, il->lock held
 * @ev: the event (copied)
 *
 * Nothing is queued when nobody listens, the namespace goes away, or the
 * rate or the ring is exhausted (counted as events-lost).
 */
void seg6x_ilnp_ev_queue(struct seg6x_ilnp *il, const struct seg6x_ilnp_ev *ev)
{
	if (il->dying || !seg6x_has_listeners(il->net, SEG6X_MCGRP_ILNP_ID))
		return;
	if (!seg6x_ilnp_ev_allowed(il)) {
		seg6x_ilnp_count(il->net, SEG6X_ILNP_C_EV_LOST);
		return;
	}
	il->evq[(il->ev_head + il->ev_len) % SEG6X_ILNP_EVQ] = *ev;
	il->ev_len++;
	schedule_work(&il->ev_work);
}

/* seg6x_ilnp_ev_queue for callers that do not hold il->lock */
void seg6x_ilnp_ev_post(struct seg6x_ilnp *il, const struct seg6x_ilnp_ev *ev)
{
	if (!seg6x_has_listeners(il->net, SEG6X_MCGRP_ILNP_ID))
		return;
	spin_lock_bh(&il->lock);
	seg6x_ilnp_ev_queue(il, ev);
	spin_unlock_bh(&il->lock);
}

/* A refused packet from @src: REFUSED or DATA_REFUSED with its reason */
void seg6x_ilnp_ev_refused(struct seg6x_ilnp *il, u8 kind, u32 reason,
			   const struct in6_addr *src)
{
	struct seg6x_ilnp_ev ev = { .kind = kind, .reason = reason };

	if (!seg6x_has_listeners(il->net, SEG6X_MCGRP_ILNP_ID))
		return;
	ilnp_ilv_split(src->s6_addr, &ev.l64, &ev.nid);
	seg6x_ilnp_ev_post(il, &ev);
}

/**
 * seg6x_ilnp_ev_sync - report the state changes of an ILCC entry's locators
 * @il: the namespace's state, il->lock held
 * @i: the entry's index in il->store
 *
 * Compares the entry with what was seen last and queues a PEER_LOCATOR
 * event per locator whose state changed (a new one from "none"). The
 * record is kept whether or not anyone listens, so a monitor that starts
 * late is told only of what changes after.
 */
void seg6x_ilnp_ev_sync(struct seg6x_ilnp *il, unsigned int i)
{
	const struct ilnp_ilcc_entry *e = &il->store[i];
	struct seg6x_ilnp_seen *s = &il->seen[i];
	struct seg6x_ilnp_ev ev = { .kind = ILNP_EV_PEER_LOCATOR };
	unsigned int j;

	if (s->nid != e->nid) {
		memset(s, 0, sizeof(*s));
		s->nid = e->nid;
	}
	if (!e->nid)
		return;
	ev.nid = e->nid;
	for (j = 0; j < ILNP_ILCC_LOCS; j++) {
		const struct ilnp_ilcc_loc *l = &e->locs[j];
		u8 old = s->l64[j] == l->l64 ? s->state[j] : ILNP_LOC_NONE;

		if (l->state != ILNP_LOC_NONE && l->state != old) {
			ev.l64 = l->l64;
			ev.pref = l->pref;
			ev.state = l->state;
			ev.old_state = old;
			seg6x_ilnp_ev_queue(il, &ev);
		}
		s->l64[j] = l->l64;
		s->state[j] = l->state;
	}
}

static int seg6x_ilnp_ev_put_locs(struct sk_buff *msg, const struct seg6x_ilnp_ev *ev)
{
	unsigned int i;

	for (i = 0; i < ev->n_locs; i++) {
		struct nlattr *n = nla_nest_start(msg, ILNP_ATTR_LOCATOR);

		if (!n ||
		    nla_put_u64_64bit(msg, ILNP_ATTR_L64, ev->locs[i].l64, ILNP_ATTR_PAD) ||
		    nla_put_u16(msg, ILNP_ATTR_PREF, ev->locs[i].pref) ||
		    nla_put_u16(msg, ILNP_ATTR_LIFETIME, ev->locs[i].lifetime))
			return -EMSGSIZE;
		nla_nest_end(msg, n);
	}
	return 0;
}

/* The attributes of @ev, by kind (seg6x_ilnp.h) */
static int seg6x_ilnp_ev_put(struct sk_buff *msg, const struct seg6x_ilnp_ev *ev)
{
	bool ours = ev->kind == ILNP_EV_LOC_ADDED || ev->kind == ILNP_EV_LOC_CHANGED ||
		    ev->kind == ILNP_EV_LOC_REMOVED;

	if (nla_put_u8(msg, ILNP_ATTR_EVENT, ev->kind) ||
	    (!ours && nla_put_u64_64bit(msg, ILNP_ATTR_NID, ev->nid, ILNP_ATTR_PAD)) ||
	    (ev->l64 && nla_put_u64_64bit(msg, ILNP_ATTR_L64, ev->l64, ILNP_ATTR_PAD)))
		return -EMSGSIZE;
	switch (ev->kind) {
	case ILNP_EV_LOC_ADDED:
	case ILNP_EV_LOC_CHANGED:
		if (nla_put_u16(msg, ILNP_ATTR_PREF, ev->pref) ||
		    nla_put_u16(msg, ILNP_ATTR_LIFETIME, ev->lifetime))
			return -EMSGSIZE;
		break;
	case ILNP_EV_UPDATE_SENT:
	case ILNP_EV_UPDATE_RETRANSMITTED:
	case ILNP_EV_UPDATE_GIVEUP:
		if (nla_put_u8(msg, ILNP_ATTR_TRIES, ev->tries))
			return -EMSGSIZE;
		break;
	case ILNP_EV_ACK_RECEIVED:
		if (nla_put_u8(msg, ILNP_ATTR_LU_PENDING, ev->lu_pending))
			return -EMSGSIZE;
		break;
	case ILNP_EV_PEER_LOCATOR:
		if (nla_put_u16(msg, ILNP_ATTR_PREF, ev->pref) ||
		    nla_put_u8(msg, ILNP_ATTR_STATE, ev->state) ||
		    nla_put_u8(msg, ILNP_ATTR_OLD_STATE, ev->old_state))
			return -EMSGSIZE;
		break;
	case ILNP_EV_REFUSED:
	case ILNP_EV_DATA_REFUSED:
		if (nla_put_u32(msg, ILNP_ATTR_REASON, ev->reason) ||
		    nla_put_string(msg, ILNP_ATTR_REASON_NAME, seg6x_drop_name(ev->reason)))
			return -EMSGSIZE;
		break;
	}
	return seg6x_ilnp_ev_put_locs(msg, ev);
}

static void seg6x_ilnp_ev_send(struct seg6x_ilnp *il, const struct seg6x_ilnp_ev *ev)
{
	size_t loc = nla_total_size(0) + nla_total_size_64bit(8) + 2 * nla_total_size(2);
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = seg6x_event_new(SEG6X_CMD_ILNP_EVENT,
			      nla_total_size(0) + 4 * nla_total_size(1) +
			      2 * nla_total_size_64bit(8) + 2 * nla_total_size(2) +
			      nla_total_size(4) + nla_total_size(32) + ev->n_locs * loc, &hdr);
	if (!msg) {
		seg6x_ilnp_count(il->net, SEG6X_ILNP_C_EV_LOST);
		return;
	}
	nest = nla_nest_start(msg, SEG6X_ATTR_ILNP);
	if (!nest || seg6x_ilnp_ev_put(msg, ev)) {
		nlmsg_free(msg);
		seg6x_ilnp_count(il->net, SEG6X_ILNP_C_EV_LOST);
		return;
	}
	nla_nest_end(msg, nest);
	seg6x_event_send(il->net, msg, hdr, SEG6X_MCGRP_ILNP_ID);
}

static void seg6x_ilnp_ev_work(struct work_struct *w)
{
	struct seg6x_ilnp *il = container_of(w, struct seg6x_ilnp, ev_work);
	struct seg6x_ilnp_ev ev;

	for (;;) {
		spin_lock_bh(&il->lock);
		if (!il->ev_len) {
			spin_unlock_bh(&il->lock);
			return;
		}
		ev = il->evq[il->ev_head];
		il->ev_head = (il->ev_head + 1) % SEG6X_ILNP_EVQ;
		il->ev_len--;
		spin_unlock_bh(&il->lock);
		seg6x_ilnp_ev_send(il, &ev);
	}
}

void seg6x_ilnp_ev_init(struct seg6x_ilnp *il)
{
	INIT_WORK(&il->ev_work, seg6x_ilnp_ev_work);
}
