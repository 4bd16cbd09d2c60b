// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ILCC (RFC 6740, RFC 6741): per correspondent NID, its locators with
 * preference, lifetime and state, the session's nonces and the locator the
 * local stack saw first. A bounded table over caller-owned storage; time is
 * always passed in (milliseconds), so tests drive the clock and the kernel
 * passes jiffies converted. The caller serialises access.
 *
 * Locator life:  learn -> VALID <-> ACTIVE (chosen by ilnp_ilcc_select)
 *                lifetime over, or left out of a replacing update -> AGED
 *                AGED for ILNP_ILCC_GRACE_MS -> EXPIRED (slot reusable)
 * An AGED locator is still accepted on receive (packets in flight over the
 * old path during a soft handoff) but never chosen for sending.
 */
#include "ilnp.h"

static const char *const ilnp_loc_state_names[] = {
	[ILNP_LOC_NONE]		= "none",
	[ILNP_LOC_VALID]	= "valid",
	[ILNP_LOC_ACTIVE]	= "active",
	[ILNP_LOC_AGED]		= "aged",
	[ILNP_LOC_EXPIRED]	= "expired",
};

const char *ilnp_loc_state_name(unsigned int state)
{
	return state <= ILNP_LOC_EXPIRED ? ilnp_loc_state_names[state] : "unknown";
}

static const char *const ilnp_ilcc_err_names[] = {
	[ILNP_ILCC_OK]		= "ok",
	[ILNP_ILCC_FULL]	= "cache-full",
	[ILNP_ILCC_NO_NID]	= "zero-nid",
	[ILNP_ILCC_BAD_LOCATOR]	= "bad-locator",
};

const char *ilnp_ilcc_err_name(unsigned int err)
{
	return err < __ILNP_ILCC_MAX ? ilnp_ilcc_err_names[err] : "unknown";
}

static bool ilnp_loc_live(const struct ilnp_ilcc_loc *l)
{
	return l->state == ILNP_LOC_VALID || l->state == ILNP_LOC_ACTIVE;
}

void ilnp_ilcc_init(struct ilnp_ilcc *c, struct ilnp_ilcc_entry *storage,
		    unsigned int cap, uint64_t idle_ms)
{
	memset(storage, 0, (size_t)cap * sizeof(*storage));
	c->e = storage;
	c->cap = cap;
	c->used = 0;
	c->idle_ms = idle_ms;
}

struct ilnp_ilcc_entry *ilnp_ilcc_find(struct ilnp_ilcc *c, ilnp_nid nid)
{
	unsigned int i;

	if (!nid)
		return NULL;
	for (i = 0; i < c->cap; i++)
		if (c->e[i].nid == nid)
			return &c->e[i];
	return NULL;
}

void ilnp_ilcc_del(struct ilnp_ilcc *c, struct ilnp_ilcc_entry *e)
{
	if (e->nid)
		c->used--;
	memset(e, 0, sizeof(*e));
}

/**
 * ilnp_ilcc_get - the entry of @nid, created if needed
 * @c: the cache
 * @nid: a correspondent's identifier, not 0
 * @now: the time in ms
 * @out: the entry, its last_used set to @now
 *
 * When the table is full, the least recently used entry idle for at least
 * c->idle_ms is evicted; a flood of new NIDs therefore never displaces
 * sessions in use.
 *
 * Return: ILNP_ILCC_OK, ILNP_ILCC_NO_NID or ILNP_ILCC_FULL (*out NULL).
 */
enum ilnp_ilcc_err ilnp_ilcc_get(struct ilnp_ilcc *c, ilnp_nid nid, uint64_t now,
				 struct ilnp_ilcc_entry **out)
{
	struct ilnp_ilcc_entry *e = NULL, *lru = NULL;
	unsigned int i;

	*out = NULL;
	if (!nid)
		return ILNP_ILCC_NO_NID;
	for (i = 0; i < c->cap; i++) {
		struct ilnp_ilcc_entry *x = &c->e[i];

		if (x->nid == nid) {
			x->last_used = now;
			*out = x;
			return ILNP_ILCC_OK;
		}
		if (!x->nid) {
			if (!e)
				e = x;
		} else if (!lru || x->last_used < lru->last_used) {
			lru = x;
		}
	}
	if (!e) {
		if (!lru || now - lru->last_used < c->idle_ms || now < lru->last_used)
			return ILNP_ILCC_FULL;
		ilnp_ilcc_del(c, lru);
		e = lru;
	}
	e->nid = nid;
	e->last_used = now;
	c->used++;
	*out = e;
	return ILNP_ILCC_OK;
}

static struct ilnp_ilcc_loc *ilnp_loc_find(struct ilnp_ilcc_entry *e, ilnp_l64 l64)
{
	unsigned int i;

	for (i = 0; i < ILNP_ILCC_LOCS; i++)
		if (e->locs[i].state != ILNP_LOC_NONE &&
		    e->locs[i].state != ILNP_LOC_EXPIRED && e->locs[i].l64 == l64)
			return &e->locs[i];
	return NULL;
}

/* A slot for a new locator: a free or expired one, else the aged one
 * closest to expiry. Live locators are never displaced. */
static struct ilnp_ilcc_loc *ilnp_loc_slot(struct ilnp_ilcc_entry *e)
{
	struct ilnp_ilcc_loc *aged = NULL;
	unsigned int i;

	for (i = 0; i < ILNP_ILCC_LOCS; i++) {
		struct ilnp_ilcc_loc *l = &e->locs[i];

		if (l->state == ILNP_LOC_NONE || l->state == ILNP_LOC_EXPIRED)
			return l;
		if (l->state == ILNP_LOC_AGED && (!aged || l->expires < aged->expires))
			aged = l;
	}
	return aged;
}

static void ilnp_loc_age(struct ilnp_ilcc_loc *l, uint64_t now)
{
	l->state = ILNP_LOC_AGED;
	l->expires = now + ILNP_ILCC_GRACE_MS;
}

/**
 * ilnp_ilcc_learn - record locators of a correspondent
 * @e: its entry
 * @locs: @n locators (from a Locator Update, a peer command, a packet)
 * @n: 0..ILNP_ILCC_LOCS
 * @replace: the list is the peer's whole set (a Locator Update): live
 *	locators not in it become AGED
 * @now: the time in ms
 *
 * A locator with lifetime 0 is withdrawn (AGED). Known locators get the new
 * preference and lifetime and keep ACTIVE if they were.
 *
 * Return: ILNP_ILCC_OK, or ILNP_ILCC_BAD_LOCATOR (zero L64, too many, no
 * room) with @e unchanged.
 */
enum ilnp_ilcc_err ilnp_ilcc_learn(struct ilnp_ilcc_entry *e,
				   const struct ilnp_locator *locs, unsigned int n,
				   bool replace, uint64_t now)
{
	struct ilnp_ilcc_entry tmp;
	unsigned int i, j;

	if (n > ILNP_ILCC_LOCS)
		return ILNP_ILCC_BAD_LOCATOR;
	tmp = *e;
	if (replace)
		for (i = 0; i < ILNP_ILCC_LOCS; i++) {
			struct ilnp_ilcc_loc *l = &tmp.locs[i];

			for (j = 0; j < n && locs[j].l64 != l->l64; j++)
				;
			if (j == n && ilnp_loc_live(l))
				ilnp_loc_age(l, now);
		}
	for (i = 0; i < n; i++) {
		struct ilnp_ilcc_loc *l;

		if (!locs[i].l64)
			return ILNP_ILCC_BAD_LOCATOR;
		l = ilnp_loc_find(&tmp, locs[i].l64);
		if (!l) {
			l = ilnp_loc_slot(&tmp);
			if (!l)
				return ILNP_ILCC_BAD_LOCATOR;
			l->state = ILNP_LOC_NONE;
		}
		l->l64 = locs[i].l64;
		l->pref = locs[i].pref;
		if (!locs[i].lifetime) {
			if (l->state != ILNP_LOC_AGED)
				ilnp_loc_age(l, now);
			continue;
		}
		if (l->state != ILNP_LOC_ACTIVE)
			l->state = ILNP_LOC_VALID;
		l->expires = now + (uint64_t)locs[i].lifetime * 1000;
	}
	*e = tmp;
	return ILNP_ILCC_OK;
}

/**
 * ilnp_ilcc_select - the locator to send to
 * @e: a correspondent
 * @now: the time in ms
 *
 * The live locator with the lowest preference value whose lifetime has not
 * run out; on a tie the one already ACTIVE stays (no flapping), then the
 * lowest L64. It becomes ACTIVE, any other ACTIVE one VALID.
 *
 * Return: the locator, or NULL when none is live.
 */
const struct ilnp_ilcc_loc *ilnp_ilcc_select(struct ilnp_ilcc_entry *e, uint64_t now)
{
	struct ilnp_ilcc_loc *best = NULL;
	unsigned int i;

	for (i = 0; i < ILNP_ILCC_LOCS; i++) {
		struct ilnp_ilcc_loc *l = &e->locs[i];

		if (!ilnp_loc_live(l) || l->expires <= now)
			continue;
		if (!best || l->pref < best->pref ||
		    (l->pref == best->pref && best->state != ILNP_LOC_ACTIVE &&
		     (l->state == ILNP_LOC_ACTIVE || l->l64 < best->l64)))
			best = l;
	}
	if (!best)
		return NULL;
	for (i = 0; i < ILNP_ILCC_LOCS; i++)
		if (e->locs[i].state == ILNP_LOC_ACTIVE)
			e->locs[i].state = ILNP_LOC_VALID;
	best->state = ILNP_LOC_ACTIVE;
	return best;
}

/* Is a packet from @l64 acceptable (live or aged, not expired)? */
bool ilnp_ilcc_accepts(const struct ilnp_ilcc_entry *e, ilnp_l64 l64)
{
	unsigned int i;

	for (i = 0; i < ILNP_ILCC_LOCS; i++)
		if (e->locs[i].l64 == l64 &&
		    (ilnp_loc_live(&e->locs[i]) || e->locs[i].state == ILNP_LOC_AGED))
			return true;
	return false;
}

/**
 * ilnp_ilcc_tick - age locators and drop idle dead entries
 * @c: the cache
 * @now: the time in ms
 *
 * Live locators past their lifetime become AGED, aged ones past the grace
 * time EXPIRED. An entry without a live or aged locator that has been idle
 * for c->idle_ms is removed.
 *
 * Return: the number of state changes and removals (0: nothing happened).
 */
unsigned int ilnp_ilcc_tick(struct ilnp_ilcc *c, uint64_t now)
{
	unsigned int i, j, changes = 0;

	for (i = 0; i < c->cap; i++) {
		struct ilnp_ilcc_entry *e = &c->e[i];
		bool alive = false;

		if (!e->nid)
			continue;
		for (j = 0; j < ILNP_ILCC_LOCS; j++) {
			struct ilnp_ilcc_loc *l = &e->locs[j];

			if (ilnp_loc_live(l) && l->expires <= now) {
				ilnp_loc_age(l, now);
				changes++;
			} else if (l->state == ILNP_LOC_AGED && l->expires <= now) {
				l->state = ILNP_LOC_EXPIRED;
				changes++;
			}
			if (ilnp_loc_live(l) || l->state == ILNP_LOC_AGED)
				alive = true;
		}
		if (!alive && now >= e->last_used && now - e->last_used >= c->idle_ms) {
			ilnp_ilcc_del(c, e);
			changes++;
		}
	}
	return changes;
}
