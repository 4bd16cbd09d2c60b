// SPDX-License-Identifier: GPL-2.0-only
/*
 * SEG6X_CMD_ILNP_*: this node's NIDs and locators, its correspondents, the
 * checksum mode, the ILCC dump (uapi/linux/seg6x_ilnp.h, section 5). Each
 * command is checked whole before anything changes; refusals carry an
 * extended ack naming the attribute.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include "ilnp_kern.h"

const struct nla_policy seg6x_ilnp_policy[ILNP_ATTR_MAX + 1] = {
	[ILNP_ATTR_NID]		= { .type = NLA_U64 },
	[ILNP_ATTR_L64]		= { .type = NLA_U64 },
	[ILNP_ATTR_PREF]	= { .type = NLA_U16 },
	[ILNP_ATTR_LIFETIME]	= NLA_POLICY_MIN(NLA_U16, 1),
	[ILNP_ATTR_NONCE]	= { .type = NLA_BINARY, .len = ILNP_NONCE_LEN_LONG },
	[ILNP_ATTR_CSUM_MODE]	= NLA_POLICY_MAX(NLA_U8, ILNP_CSUM_IPV6),
	[ILNP_ATTR_HANDOFF]	= NLA_POLICY_MAX(NLA_U8, ILNP_HANDOFF_HARD),
	[ILNP_ATTR_FALLBACK_RETRY] = { .type = NLA_U32 },
};


/* A request's SEG6X_ATTR_ILNP nest, parsed once for every command */
struct seg6x_ilnp_req {
	struct nlattr *tb[ILNP_ATTR_MAX + 1];
	u64 nid;			/* ILNP_ATTR_NID */
	struct ilnp_locator loc;	/* ILNP_ATTR_L64, _PREF, _LIFETIME */
};

#define ILNP_NEED_NID	BIT(ILNP_ATTR_NID)
#define ILNP_NEED_L64	BIT(ILNP_ATTR_L64)

/* A required, non-zero u64 attribute */
static int seg6x_ilnp_u64(struct genl_info *info, struct nlattr *a, const char *what,
			  u64 *v)
{
	if (!a) {
		NL_SET_ERR_MSG_FMT(info->extack, "missing %s", what);
		return -EINVAL;
	}
	*v = nla_get_u64(a);
	if (!*v) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, a, "%s must not be zero", what);
		return -EINVAL;
	}
	return 0;
}

/*
 * seg6x_ilnp_req - parse the request into @r: the nest under the policy,
 * then the NID and L64 that @need (ILNP_NEED_*) names as required and
 * non-zero (@l64_name says what the L64 is in the refusal), and the
 * preference and lifetime with their defaults. Nothing has changed when
 * it fails; the extended ack says why.
 */
static int seg6x_ilnp_req(struct genl_info *info, unsigned long need, const char *l64_name,
			  struct seg6x_ilnp_req *r)
{
	struct nlattr *nest = info->attrs[SEG6X_ATTR_ILNP], **tb = r->tb;
	u64 l64 = 0;
	int err;

	if (!nest) {
		NL_SET_ERR_MSG(info->extack, "missing ILNP attributes");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, ILNP_ATTR_MAX, nest, seg6x_ilnp_policy, info->extack);
	if (err)
		return err;
	r->nid = 0;
	if (need & ILNP_NEED_NID) {
		err = seg6x_ilnp_u64(info, tb[ILNP_ATTR_NID], "NID", &r->nid);
		if (err)
			return err;
	}
	if (need & ILNP_NEED_L64) {
		err = seg6x_ilnp_u64(info, tb[ILNP_ATTR_L64], l64_name, &l64);
		if (err)
			return err;
	}
	r->loc.l64 = l64;
	r->loc.pref = tb[ILNP_ATTR_PREF] ? nla_get_u16(tb[ILNP_ATTR_PREF]) : SEG6X_ILNP_PREF;
	r->loc.lifetime = tb[ILNP_ATTR_LIFETIME] ? nla_get_u16(tb[ILNP_ATTR_LIFETIME]) :
			  SEG6X_ILNP_LIFETIME;
	return 0;
}

/* First use in this namespace: the send socket and the hooks */
static int seg6x_ilnp_enable(struct seg6x_ilnp *il, struct genl_info *info)
{
	int err = 0;

	mutex_lock(&il->cfg);
	if (!il->hooks) {
		err = seg6x_ilnp_sock_open(il);
		if (!err)
			err = seg6x_ilnp_hooks_register(il->net);
		if (err)
			NL_SET_ERR_MSG(info->extack, "cannot enable ILNP in this namespace");
		il->hooks = !err;
		if (il->hooks)
			seg6x_ilnp_addr_track(il);
	}
	mutex_unlock(&il->cfg);
	return err;
}

int seg6x_ilnp_nid_add(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	struct seg6x_ilnp_req r;
	int err;

	err = seg6x_ilnp_req(info, ILNP_NEED_NID | ILNP_NEED_L64, "home locator", &r) ?:
	      seg6x_ilnp_enable(il, info);
	if (err)
		return err;
	spin_lock_bh(&il->lock);
	if (seg6x_ilnp_local_find(il, r.nid)) {
		err = -EEXIST;
		NL_SET_ERR_MSG_ATTR(info->extack, r.tb[ILNP_ATTR_NID], "NID exists");
	} else if (il->n_nids == SEG6X_ILNP_NIDS) {
		err = -ENOSPC;
		NL_SET_ERR_MSG(info->extack, "too many NIDs");
	} else {
		il->nids[il->n_nids++] = (struct seg6x_ilnp_local){ r.nid, r.loc.l64 };
	}
	spin_unlock_bh(&il->lock);
	return err;
}

int seg6x_ilnp_nid_del(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	const struct seg6x_ilnp_local *me;
	struct seg6x_ilnp_req r;
	int err;

	err = seg6x_ilnp_req(info, ILNP_NEED_NID, NULL, &r);
	if (err)
		return err;
	spin_lock_bh(&il->lock);
	me = seg6x_ilnp_local_find(il, r.nid);
	if (me) {
		unsigned int i = me - il->nids;

		memmove(&il->nids[i], &il->nids[i + 1], (il->n_nids - i - 1) * sizeof(*me));
		il->n_nids--;
	}
	spin_unlock_bh(&il->lock);
	if (!me) {
		NL_SET_ERR_MSG_ATTR(info->extack, r.tb[ILNP_ATTR_NID], "no such NID");
		return -ENOENT;
	}
	return 0;
}

int seg6x_ilnp_loc_add(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	struct seg6x_ilnp_req r;
	int err;

	err = seg6x_ilnp_req(info, ILNP_NEED_L64, "locator", &r);
	if (err)
		return err;
	spin_lock_bh(&il->lock);
	err = seg6x_ilnp_loc_set(il, &r.loc);
	spin_unlock_bh(&il->lock);
	if (err)
		NL_SET_ERR_MSG(info->extack, "too many locators");
	return err;
}

int seg6x_ilnp_loc_del(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	struct seg6x_ilnp_req r;
	bool found;
	int err;

	err = seg6x_ilnp_req(info, ILNP_NEED_L64, "locator", &r);
	if (err)
		return err;
	spin_lock_bh(&il->lock);
	found = seg6x_ilnp_loc_remove(il, r.loc.l64);
	spin_unlock_bh(&il->lock);
	if (!found) {
		NL_SET_ERR_MSG_ATTR(info->extack, r.tb[ILNP_ATTR_L64], "no such locator");
		return -ENOENT;
	}
	return 0;
}

int seg6x_ilnp_peer_add(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	struct ilnp_nonce remote = { };
	struct ilnp_ilcc_entry *e;
	struct ilnp_nonce local;
	struct seg6x_ilnp_req r;
	struct nlattr *nonce;
	int err;

	err = seg6x_ilnp_req(info, ILNP_NEED_NID | ILNP_NEED_L64, "locator", &r);
	if (err)
		return err;
	nonce = r.tb[ILNP_ATTR_NONCE];
	if (nonce) {
		remote.len = nla_len(nonce);
		if (remote.len != ILNP_NONCE_LEN_SHORT && remote.len != ILNP_NONCE_LEN_LONG) {
			NL_SET_ERR_MSG_ATTR(info->extack, nonce, "a nonce has 4 or 12 bytes");
			return -EINVAL;
		}
		nla_memcpy(remote.v, nonce, remote.len);
	}
	err = seg6x_ilnp_enable(il, info);
	if (err)
		return err;
	seg6x_ilnp_nonce_new(&local);

	spin_lock_bh(&il->lock);
	if (ilnp_ilcc_find(&il->cache, r.nid)) {
		err = -EEXIST;
		NL_SET_ERR_MSG_ATTR(info->extack, r.tb[ILNP_ATTR_NID], "peer exists");
	} else if (ilnp_ilcc_get(&il->cache, r.nid, seg6x_ilnp_now(), &e)) {
		err = -ENOSPC;
		NL_SET_ERR_MSG(info->extack, "identifier-locator cache full");
	} else {
		memset(&il->peers[seg6x_ilnp_index(il, e)], 0, sizeof(il->peers[0]));
		il->peers[seg6x_ilnp_index(il, e)].nonce_left = SEG6X_ILNP_NONCE_PKTS;
		e->start_l64 = r.loc.l64;
		e->local = local;
		e->remote = remote;
		ilnp_ilcc_learn(e, &r.loc, 1, false, e->last_used);
		ilnp_ilcc_select(e, e->last_used);
		if (!il->dying)
			mod_delayed_work(system_wq, &il->work, HZ);
	}
	spin_unlock_bh(&il->lock);
	return err;
}

int seg6x_ilnp_peer_del(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	struct ilnp_ilcc_entry *e;
	struct seg6x_ilnp_req r;
	int err;

	err = seg6x_ilnp_req(info, ILNP_NEED_NID, NULL, &r);
	if (err)
		return err;
	spin_lock_bh(&il->lock);
	e = ilnp_ilcc_find(&il->cache, r.nid);
	if (e)
		ilnp_ilcc_del(&il->cache, e);
	spin_unlock_bh(&il->lock);
	if (!e) {
		NL_SET_ERR_MSG_ATTR(info->extack, r.tb[ILNP_ATTR_NID], "no such peer");
		return -ENOENT;
	}
	return 0;
}

int seg6x_ilnp_set(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	struct seg6x_ilnp_req r;
	int err;

	err = seg6x_ilnp_req(info, 0, NULL, &r);
	if (err)
		return err;
	if (r.tb[ILNP_ATTR_CSUM_MODE])
		WRITE_ONCE(il->csum_mode, nla_get_u8(r.tb[ILNP_ATTR_CSUM_MODE]));
	if (r.tb[ILNP_ATTR_HANDOFF]) {
		spin_lock_bh(&il->lock);	/* loc_add reads it under the lock */
		WRITE_ONCE(il->handoff, nla_get_u8(r.tb[ILNP_ATTR_HANDOFF]));
		spin_unlock_bh(&il->lock);
	}
	if (r.tb[ILNP_ATTR_FALLBACK_RETRY])
		WRITE_ONCE(il->fallback_retry, nla_get_u32(r.tb[ILNP_ATTR_FALLBACK_RETRY]));
	return 0;
}

static int seg6x_ilnp_put_loc(struct sk_buff *msg, u64 l64, u16 pref, int state,
			      u32 expires)
{
	struct nlattr *n = nla_nest_start(msg, ILNP_ATTR_LOCATOR);

	if (!n ||
	    nla_put_u64_64bit(msg, ILNP_ATTR_L64, l64, ILNP_ATTR_PAD) ||
	    nla_put_u16(msg, ILNP_ATTR_PREF, pref) ||
	    (state >= 0 && nla_put_u8(msg, ILNP_ATTR_STATE, state)) ||
	    nla_put_u32(msg, ILNP_ATTR_EXPIRES_MS, expires))
		return -EMSGSIZE;
	nla_nest_end(msg, n);
	return 0;
}

int seg6x_ilnp_get(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_ilnp *il = seg6x_ilnp(genl_info_net(info));
	struct seg6x_ilnp_local nids[SEG6X_ILNP_NIDS];
	struct ilnp_locator locs[SEG6X_ILNP_LOCS];
	unsigned int n_nids, n_locs, i;
	struct nlattr *nest, *l;
	struct sk_buff *msg;
	int err = -EMSGSIZE;
	void *hdr;

	spin_lock_bh(&il->lock);
	n_nids = il->n_nids;
	n_locs = il->n_locs;
	memcpy(nids, il->nids, sizeof(nids));
	memcpy(locs, il->locs, sizeof(locs));
	spin_unlock_bh(&il->lock);

	msg = seg6x_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, SEG6X_ATTR_ILNP);
	if (!nest ||
	    nla_put_u8(msg, ILNP_ATTR_CSUM_MODE, READ_ONCE(il->csum_mode)) ||
	    nla_put_u8(msg, ILNP_ATTR_HANDOFF, READ_ONCE(il->handoff)) ||
	    nla_put_u32(msg, ILNP_ATTR_FALLBACK_RETRY, READ_ONCE(il->fallback_retry)) ||
	    nla_put_u8(msg, ILNP_ATTR_ENABLED, READ_ONCE(il->hooks)))
		goto out;
	for (i = 0; i < n_nids; i++) {
		l = nla_nest_start(msg, ILNP_ATTR_LOCAL);
		if (!l ||
		    nla_put_u64_64bit(msg, ILNP_ATTR_NID, nids[i].nid, ILNP_ATTR_PAD) ||
		    nla_put_u64_64bit(msg, ILNP_ATTR_L64, nids[i].home, ILNP_ATTR_PAD))
			goto out;
		nla_nest_end(msg, l);
	}
	for (i = 0; i < n_locs; i++)
		if (seg6x_ilnp_put_loc(msg, locs[i].l64, locs[i].pref, -1,
				       locs[i].lifetime * 1000U))
			goto out;
	nla_nest_end(msg, nest);
	err = 0;
out:
	return seg6x_reply_send(msg, hdr, info, err);
}

static int seg6x_ilnp_put_entry(struct sk_buff *msg, const struct ilnp_ilcc_entry *e,
				const struct seg6x_ilnp_peer *p, u64 now)
{
	struct nlattr *nest = nla_nest_start(msg, SEG6X_ATTR_ILNP);
	unsigned int i;

	if (!nest ||
	    nla_put_u64_64bit(msg, ILNP_ATTR_NID, e->nid, ILNP_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, ILNP_ATTR_START_L64, e->start_l64, ILNP_ATTR_PAD) ||
	    nla_put(msg, ILNP_ATTR_NONCE_LOCAL, e->local.len, e->local.v) ||
	    (e->remote.len && nla_put(msg, ILNP_ATTR_NONCE_REMOTE, e->remote.len, e->remote.v)) ||
	    nla_put_u32(msg, ILNP_ATTR_IDLE_MS, min_t(u64, now - e->last_used, U32_MAX)) ||
	    nla_put_u8(msg, ILNP_ATTR_LU_PENDING, p->adv_pending) ||
	    nla_put_u8(msg, ILNP_ATTR_FALLBACK, p->fallback))
		return -EMSGSIZE;
	for (i = 0; i < ILNP_ILCC_LOCS; i++) {
		const struct ilnp_ilcc_loc *l = &e->locs[i];

		if (l->state == ILNP_LOC_NONE)
			continue;
		if (seg6x_ilnp_put_loc(msg, l->l64, l->pref, l->state,
				       l->expires > now ? min_t(u64, l->expires - now, U32_MAX) : 0))
			return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int seg6x_ilnp_cache_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct seg6x_ilnp *il = seg6x_ilnp(sock_net(skb->sk));
	unsigned int i = cb->args[0];

	for (; i < SEG6X_ILNP_CACHE; i++) {
		struct ilnp_ilcc_entry e;
		struct seg6x_ilnp_peer p;
		void *hdr;

		spin_lock_bh(&il->lock);
		e = il->store[i];
		p = il->peers[i];
		spin_unlock_bh(&il->lock);
		if (!e.nid)
			continue;
		hdr = seg6x_dump_put(skb, cb, SEG6X_CMD_ILNP_CACHE_GET);
		if (!hdr)
			break;
		if (seg6x_ilnp_put_entry(skb, &e, &p, seg6x_ilnp_now())) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	return skb->len;
}
