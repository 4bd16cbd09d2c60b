// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_netlink.c - the pipe commands of the "seg6x" family: the function
 * list, the sed function's replace rules, the AEAD keys and the flow dump
 * (uapi/linux/seg6x.h, part 5).
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include "seg6x.h"
#include "pipe_flow.h"

const struct nla_policy seg6x_pipe_sed_policy[PIPE_SED_ATTR_MAX + 1] = {
	[PIPE_SED_ATTR_ID]	= NLA_POLICY_MAX(NLA_U32, PIPE_SED_RULES - 1),
	[PIPE_SED_ATTR_PATTERN]	= NLA_POLICY_RANGE(NLA_BINARY, 1, PIPE_SED_LEN_MAX),
	[PIPE_SED_ATTR_REPLACE]	= { .type = NLA_BINARY, .len = PIPE_SED_LEN_MAX },
};

static struct pipe_net *pipe_net_of(struct net *net)
{
	return seg6x_net_priv(net, SEG6X_BEHAVIOUR_PIPE);
}

struct pipe_fn_dump_arg {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int pipe_fn_put(const struct pipe_fn *fn, const char *module, void *arg)
{
	struct pipe_fn_dump_arg *a = arg;
	struct sk_buff *skb = a->skb;
	struct nlattr *nest;
	void *hdr;

	hdr = seg6x_dump_put(skb, a->cb, SEG6X_CMD_PIPE_FN_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, SEG6X_ATTR_PIPE_FN);
	if (!nest ||
	    nla_put_u32(skb, PIPE_FN_ATTR_ID, fn->id) ||
	    nla_put_string(skb, PIPE_FN_ATTR_NAME, fn->name) ||
	    nla_put_string(skb, PIPE_FN_ATTR_ARG, fn->arg) ||
	    (fn->ops[PIPE_FWD] && nla_put_flag(skb, PIPE_FN_ATTR_FWD)) ||
	    (fn->ops[PIPE_REV] && nla_put_flag(skb, PIPE_FN_ATTR_REV)) ||
	    nla_put_string(skb, PIPE_FN_ATTR_MODULE, module)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

/* the registered functions in id order; cb->args[0]: the id to resume at */
int seg6x_pipe_fn_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pipe_fn_dump_arg a = { .skb = skb, .cb = cb };
	u32 from = cb->args[0];

	if (from > 0xffff)
		return 0;
	seg6x_pipe_fn_walk(&from, pipe_fn_put, &a);
	cb->args[0] = from;
	return skb->len;
}

static int pipe_sed_parse(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *a = info->attrs[SEG6X_ATTR_PIPE_SED];
	int err;

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "sed rule missing");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, PIPE_SED_ATTR_MAX, a, seg6x_pipe_sed_policy, info->extack);
	if (err)
		return err;
	if (!tb[PIPE_SED_ATTR_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "sed rule id missing");
		return -EINVAL;
	}
	return 0;
}

int seg6x_pipe_sed_set(struct sk_buff *skb, struct genl_info *info)
{
	struct pipe_net *pn = pipe_net_of(genl_info_net(info));
	struct nlattr *tb[PIPE_SED_ATTR_MAX + 1];
	struct pipe_sed_rule r = { };
	u32 id;
	int err;

	BUILD_BUG_ON(PIPE_SED_LEN_MAX != PIPE_SED_MAX);
	err = pipe_sed_parse(info, tb);
	if (err)
		return err;
	if (!tb[PIPE_SED_ATTR_PATTERN]) {
		NL_SET_ERR_MSG(info->extack, "sed pattern missing");
		return -EINVAL;
	}
	r.pat_len = nla_len(tb[PIPE_SED_ATTR_PATTERN]);
	memcpy(r.pat, nla_data(tb[PIPE_SED_ATTR_PATTERN]), r.pat_len);
	if (tb[PIPE_SED_ATTR_REPLACE]) {
		r.rep_len = nla_len(tb[PIPE_SED_ATTR_REPLACE]);
		memcpy(r.rep, nla_data(tb[PIPE_SED_ATTR_REPLACE]), r.rep_len);
	}
	id = nla_get_u32(tb[PIPE_SED_ATTR_ID]);
	spin_lock_bh(&pn->lock);
	if (info->genlhdr->cmd == SEG6X_CMD_PIPE_SED_ADD && pn->sed[id].pat_len)
		err = -EEXIST;
	else
		pn->sed[id] = r;
	spin_unlock_bh(&pn->lock);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PIPE_SED_ATTR_ID], "sed rule exists");
	return err;
}

int seg6x_pipe_sed_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pipe_net *pn = pipe_net_of(genl_info_net(info));
	struct nlattr *tb[PIPE_SED_ATTR_MAX + 1];
	struct pipe_sed_rule *r;
	int err;

	err = pipe_sed_parse(info, tb);
	if (err)
		return err;
	r = &pn->sed[nla_get_u32(tb[PIPE_SED_ATTR_ID])];
	spin_lock_bh(&pn->lock);
	err = r->pat_len ? 0 : -ENOENT;
	memset(r, 0, sizeof(*r));
	spin_unlock_bh(&pn->lock);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PIPE_SED_ATTR_ID], "no such sed rule");
	return err;
}

int seg6x_pipe_sed_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pipe_net *pn = pipe_net_of(sock_net(skb->sk));
	struct pipe_sed_rule r;
	struct nlattr *nest;
	void *hdr;

	for (; cb->args[0] < PIPE_SED_RULES; cb->args[0]++) {
		spin_lock_bh(&pn->lock);
		r = pn->sed[cb->args[0]];
		spin_unlock_bh(&pn->lock);
		if (!r.pat_len)
			continue;
		hdr = seg6x_dump_put(skb, cb, SEG6X_CMD_PIPE_SED_GET);
		if (!hdr)
			break;
		nest = nla_nest_start(skb, SEG6X_ATTR_PIPE_SED);
		if (!nest ||
		    nla_put_u32(skb, PIPE_SED_ATTR_ID, cb->args[0]) ||
		    nla_put(skb, PIPE_SED_ATTR_PATTERN, r.pat_len, r.pat) ||
		    nla_put(skb, PIPE_SED_ATTR_REPLACE, r.rep_len, r.rep)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		nla_nest_end(skb, nest);
		genlmsg_end(skb, hdr);
	}
	return skb->len;
}

/* ---- keys of the AEAD functions: write-only, never dumped ---- */

const struct nla_policy seg6x_pipe_key_policy[PIPE_KEY_ATTR_MAX + 1] = {
	[PIPE_KEY_ATTR_ID]	= NLA_POLICY_MAX(NLA_U32, PIPE_KEYS - 1),
	[PIPE_KEY_ATTR_KEY]	= NLA_POLICY_EXACT_LEN(PIPE_KEY_BYTES),
};

static int pipe_key_parse(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *a = info->attrs[SEG6X_ATTR_PIPE_KEY];
	int err;

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "key missing");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, PIPE_KEY_ATTR_MAX, a, seg6x_pipe_key_policy, info->extack);
	if (err)
		return err;
	if (!tb[PIPE_KEY_ATTR_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "key id missing");
		return -EINVAL;
	}
	return 0;
}

int seg6x_pipe_key_add(struct sk_buff *skb, struct genl_info *info)
{
	struct pipe_net *pn = pipe_net_of(genl_info_net(info));
	struct nlattr *tb[PIPE_KEY_ATTR_MAX + 1];
	unsigned int id;
	int err;

	BUILD_BUG_ON(PIPE_KEY_BYTES != PIPE_KEY_LEN);
	err = pipe_key_parse(info, tb);
	if (err)
		return err;
	if (!tb[PIPE_KEY_ATTR_KEY]) {
		NL_SET_ERR_MSG(info->extack, "key bytes missing");
		return -EINVAL;
	}
	id = nla_get_u32(tb[PIPE_KEY_ATTR_ID]);
	spin_lock_bh(&pn->lock);
	err = pn->keys[id].set ? -EEXIST : 0;
	if (!err) {
		memcpy(pn->keys[id].key, nla_data(tb[PIPE_KEY_ATTR_KEY]), PIPE_KEY_BYTES);
		pn->keys[id].set = true;
	}
	spin_unlock_bh(&pn->lock);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PIPE_KEY_ATTR_ID], "key exists");
	return err;
}

int seg6x_pipe_key_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pipe_net *pn = pipe_net_of(genl_info_net(info));
	struct nlattr *tb[PIPE_KEY_ATTR_MAX + 1];
	unsigned int id;
	int err;

	err = pipe_key_parse(info, tb);
	if (err)
		return err;
	id = nla_get_u32(tb[PIPE_KEY_ATTR_ID]);
	spin_lock_bh(&pn->lock);
	err = pn->keys[id].set ? 0 : -ENOENT;
	memzero_explicit(pn->keys[id].key, PIPE_KEY_BYTES);
	pn->keys[id].set = false;
	spin_unlock_bh(&pn->lock);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PIPE_KEY_ATTR_ID], "no such key");
	return err;
}

int seg6x_pipe_key_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pipe_net *pn = pipe_net_of(sock_net(skb->sk));
	struct nlattr *nest;
	bool set;
	void *hdr;

	for (; cb->args[0] < PIPE_KEYS; cb->args[0]++) {
		spin_lock_bh(&pn->lock);
		set = pn->keys[cb->args[0]].set;
		spin_unlock_bh(&pn->lock);
		if (!set)
			continue;
		hdr = seg6x_dump_put(skb, cb, SEG6X_CMD_PIPE_KEY_GET);
		if (!hdr)
			break;
		nest = nla_nest_start(skb, SEG6X_ATTR_PIPE_KEY);
		if (!nest || nla_put_u32(skb, PIPE_KEY_ATTR_ID, cb->args[0])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		nla_nest_end(skb, nest);
		genlmsg_end(skb, hdr);
	}
	return skb->len;
}

static int pipe_put_flow(struct sk_buff *skb, const struct pipe_flow *f)
{
	struct nlattr *nest, *call;
	unsigned int i;

	nest = nla_nest_start(skb, SEG6X_ATTR_PIPE_FLOW);
	if (!nest ||
	    nla_put_in6_addr(skb, PIPE_FLOW_ATTR_CLIENT, &f->key.client) ||
	    nla_put_in6_addr(skb, PIPE_FLOW_ATTR_SERVER, &f->key.server) ||
	    nla_put_u16(skb, PIPE_FLOW_ATTR_CPORT, ntohs(f->key.cport)) ||
	    nla_put_u16(skb, PIPE_FLOW_ATTR_SPORT, ntohs(f->key.sport)) ||
	    nla_put_u8(skb, PIPE_FLOW_ATTR_STATE, f->state == PIPE_ACTIVE ?
		       PIPE_FLOW_ACTIVE : PIPE_FLOW_PENDING))
		return -EMSGSIZE;
	for (i = 0; i < f->nfn; i++) {
		call = nla_nest_start(skb, PIPE_FLOW_ATTR_CALL);
		if (!call ||
		    nla_put_u32(skb, PIPE_CALL_ATTR_ID, f->fn[i].id) ||
		    nla_put_u32(skb, PIPE_CALL_ATTR_ARG, f->fn[i].arg))
			return -EMSGSIZE;
		nla_nest_end(skb, call);
	}
	if ((f->nsegs > 1 &&
	     nla_put(skb, PIPE_FLOW_ATTR_SEGS, f->nsegs * sizeof(f->segs[0]), f->segs)) ||
	    nla_put_u64_64bit(skb, PIPE_FLOW_ATTR_BYTES_FWD, READ_ONCE(f->bytes[PIPE_FWD]),
			      PIPE_FLOW_ATTR_PAD) ||
	    nla_put_u64_64bit(skb, PIPE_FLOW_ATTR_BYTES_REV, READ_ONCE(f->bytes[PIPE_REV]),
			      PIPE_FLOW_ATTR_PAD) ||
	    nla_put_u32(skb, PIPE_FLOW_ATTR_IDLE_MS,
			jiffies_to_msecs(jiffies - READ_ONCE(f->last))) ||
	    nla_put_u64_64bit(skb, PIPE_FLOW_ATTR_HELD, seg6x_pipe_flow_held(f),
			      PIPE_FLOW_ATTR_PAD) ||
	    nla_put_u32(skb, PIPE_FLOW_ATTR_BUFFERS, seg6x_pipe_flow_buffers(f)))
		return -EMSGSIZE;
	if (f->ret.n &&
	    (nla_put(skb, PIPE_FLOW_ATTR_RETURN_SEGS, f->ret.n * sizeof(f->ret.segs[0]),
		     f->ret.segs) ||
	     nla_put_u8(skb, PIPE_FLOW_ATTR_RETURN_SL, f->ret.sl)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The flow table, one message per flow, under pn->lock (pipe_flow.c: a flow
 * is in pn->flows exactly while it is hashed, and its key, chain and
 * segments never change; state changes under the lock; bytes and last are
 * read once). cb->args[0] counts the flows already sent; pn->gen tells a
 * dump that the list changed between two of its parts (NLM_F_DUMP_INTR).
 * Everything is written into the preallocated skb: nothing sleeps here.
 */
int seg6x_pipe_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct pipe_net *pn = pipe_net_of(sock_net(skb->sk));
	unsigned long skip = cb->args[0], i = 0;
	struct pipe_flow *f;
	void *hdr;

	spin_lock_bh(&pn->lock);
	cb->seq = pn->gen;
	list_for_each_entry(f, &pn->flows, lnode) {
		if (i++ < skip)
			continue;
		hdr = seg6x_dump_put(skb, cb, SEG6X_CMD_PIPE_FLOW_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (pipe_put_flow(skb, f)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0]++;
	}
	spin_unlock_bh(&pn->lock);
	return skb->len;
}

/* ---- the namespace's settings: the memory caps ---- */

/*
 * Either cap or both; every value is checked before any is set (the
 * policy checks mem-max's minimum before this runs).
 */
int seg6x_pipe_set(struct sk_buff *skb, struct genl_info *info)
{
	struct pipe_net *pn = pipe_net_of(genl_info_net(info));
	struct nlattr *a = info->attrs[SEG6X_ATTR_PIPE_MEM_MAX];
	struct nlattr *fa = info->attrs[SEG6X_ATTR_PIPE_FLOW_MEM_MAX];

	if (!a && !fa) {
		NL_SET_ERR_MSG(info->extack, "nothing to set");
		return -EINVAL;
	}
	if (fa && nla_get_u64(fa) < PIPE_MEM_MAX_MIN) {
		NL_SET_ERR_MSG_ATTR(info->extack, fa,
				    "flow-mem-max must be at least "
				    __stringify(PIPE_MEM_MAX_MIN) " bytes");
		return -EINVAL;
	}
	if (a)
		WRITE_ONCE(pn->mem_max, min_t(u64, nla_get_u64(a), LONG_MAX));
	if (fa)
		WRITE_ONCE(pn->flow_mem_max, min_t(u64, nla_get_u64(fa), LONG_MAX));
	/* flows waiting under a lower cap may read again */
	queue_delayed_work(seg6x_pipe_wq, &pn->cap_work, 0);
	return 0;
}

int seg6x_pipe_get(struct sk_buff *skb, struct genl_info *info)
{
	struct pipe_net *pn = pipe_net_of(genl_info_net(info));
	const struct pipe_flow *f;
	struct sk_buff *msg;
	unsigned int flows;
	u64 held = 0;
	void *hdr;

	msg = seg6x_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	/* the flows' held now, as the dump shows them (the cap's own sum,
	 * pn->held, may still count acknowledged bytes of an idle flow) */
	spin_lock_bh(&pn->lock);
	flows = pn->n_flows;
	list_for_each_entry(f, &pn->flows, lnode)
		held += seg6x_pipe_flow_held(f);
	spin_unlock_bh(&pn->lock);
	return seg6x_reply_send(msg, hdr, info,
				nla_put_u64_64bit(msg, SEG6X_ATTR_PIPE_MEM_MAX,
						  READ_ONCE(pn->mem_max), SEG6X_ATTR_PAD) ?:
				nla_put_u64_64bit(msg, SEG6X_ATTR_PIPE_MEM_HELD, held,
						  SEG6X_ATTR_PAD) ?:
				nla_put_u32(msg, SEG6X_ATTR_PIPE_FLOWS, flows) ?:
				nla_put_u32(msg, SEG6X_ATTR_PIPE_FLOWS_MAX,
					    READ_ONCE(seg6x_pipe_max_flows)) ?:
				nla_put_u64_64bit(msg, SEG6X_ATTR_PIPE_FLOW_MEM_MAX,
						  READ_ONCE(pn->flow_mem_max), SEG6X_ATTR_PAD));
}
