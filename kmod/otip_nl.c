// SPDX-License-Identifier: GPL-2.0-only
/*
 * SEG6X_CMD_OTIP_*: the OTIP gateway's rules (uapi/linux/seg6x.h, section
 * 6). A rule is checked whole before anything changes; refusals carry an
 * extended ack naming the attribute. The secret goes in and never out.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/ipv6.h>
#include "otip_kern.h"

static const struct netlink_range_validation seg6x_otip_period_range = {
	.min = 1,
	.max = SEG6X_OTIP_PERIOD_MAX,
};

const struct nla_policy seg6x_otip_policy[OTIP_ATTR_MAX + 1] = {
	[OTIP_ATTR_NAME]	= { .type = NLA_NUL_STRING, .len = SEG6X_OTIP_NAME_MAX },
	[OTIP_ATTR_BASE]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[OTIP_ATTR_SERVICE]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[OTIP_ATTR_SECRET]	= { .type = NLA_BINARY, .len = SEG6X_OTIP_SECRET_MAX },
	[OTIP_ATTR_PERIOD]	= NLA_POLICY_FULL_RANGE(NLA_U32, &seg6x_otip_period_range),
	[OTIP_ATTR_OFFSET]	= { .type = NLA_S32 },
	[OTIP_ATTR_MODE]	= NLA_POLICY_MAX(NLA_U8, __SEG6X_OTIP_MODE_MAX - 1),
};

static int seg6x_otip_need(struct genl_info *info, struct nlattr **tb, int type,
			   const char *what)
{
	if (tb[type])
		return 0;
	NL_SET_ERR_MSG_FMT(info->extack, "missing %s", what);
	return -EINVAL;
}

/* A unicast address a rule may use */
static bool seg6x_otip_unicast(const struct in6_addr *a)
{
	int t = ipv6_addr_type(a);

	return !(t & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK)) && t != IPV6_ADDR_ANY;
}

static int seg6x_otip_parse(struct genl_info *info, struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[SEG6X_ATTR_OTIP];

	if (!nest) {
		NL_SET_ERR_MSG(info->extack, "missing OTIP attributes");
		return -EINVAL;
	}
	return nla_parse_nested(tb, OTIP_ATTR_MAX, nest, seg6x_otip_policy, info->extack) ?:
	       seg6x_otip_need(info, tb, OTIP_ATTR_NAME, "name");
}

/* Build the rule of request @tb in @r; nothing shared is touched. */
static int seg6x_otip_rule_parse(struct genl_info *info, struct nlattr **tb,
				 struct seg6x_otip_rule *r)
{
	struct otip_cfg *c = &r->cfg;
	int err;

	err = seg6x_otip_need(info, tb, OTIP_ATTR_BASE, "base") ?:
	      seg6x_otip_need(info, tb, OTIP_ATTR_SERVICE, "service") ?:
	      seg6x_otip_need(info, tb, OTIP_ATTR_SECRET, "secret");
	if (err)
		return err;
	if (nla_len(tb[OTIP_ATTR_NAME]) < 1 || !*(char *)nla_data(tb[OTIP_ATTR_NAME])) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_NAME], "empty name");
		return -EINVAL;
	}
	if (!nla_len(tb[OTIP_ATTR_SECRET])) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_SECRET], "empty secret");
		return -EINVAL;
	}
	nla_strscpy(c->name, tb[OTIP_ATTR_NAME], sizeof(c->name));
	nla_memcpy(c->base, tb[OTIP_ATTR_BASE], sizeof(c->base));
	nla_memcpy(&r->service, tb[OTIP_ATTR_SERVICE], sizeof(r->service));
	c->secret_len = nla_memcpy(c->secret, tb[OTIP_ATTR_SECRET], sizeof(c->secret));
	c->period = tb[OTIP_ATTR_PERIOD] ? nla_get_u32(tb[OTIP_ATTR_PERIOD]) : OTIP_PERIOD_DEFAULT;
	c->offset = tb[OTIP_ATTR_OFFSET] ? nla_get_s32(tb[OTIP_ATTR_OFFSET]) : 0;
	c->mode = tb[OTIP_ATTR_MODE] ? nla_get_u8(tb[OTIP_ATTR_MODE]) : SEG6X_OTIP_MODE_KEYED;
	if (!seg6x_otip_unicast((struct in6_addr *)c->base)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_BASE], "base must be unicast");
		return -EINVAL;
	}
	if (!seg6x_otip_unicast(&r->service)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_SERVICE], "service must be unicast");
		return -EINVAL;
	}
	if (otip_in_base(c, r->service.s6_addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_SERVICE],
				    "service must not be in the base /64");
		return -EINVAL;
	}
	if (otip_addr(c, 0, r->addr[0].s6_addr)) {	/* e.g. the name "." */
		NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_NAME], "name has no characters");
		return -EINVAL;
	}
	r->used = true;
	return 0;
}

/* First rule in this namespace: the hook */
static int seg6x_otip_enable(struct seg6x_otip *ot, struct genl_info *info)
{
	int err = 0;

	mutex_lock(&ot->cfg);
	if (!ot->hooks) {
		err = seg6x_otip_hooks_register(ot->net);
		if (err)
			NL_SET_ERR_MSG(info->extack, "cannot enable OTIP in this namespace");
		ot->hooks = !err;
	}
	mutex_unlock(&ot->cfg);
	return err;
}

int seg6x_otip_add(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_otip *ot = seg6x_otip(genl_info_net(info));
	struct nlattr *tb[OTIP_ATTR_MAX + 1];
	struct seg6x_otip_rule *r, *slot = NULL;
	unsigned int i;
	int err;

	/* the uapi modes are the core's */
	BUILD_BUG_ON((int)SEG6X_OTIP_MODE_KEYED != (int)OTIP_KEYED ||
		     (int)SEG6X_OTIP_MODE_IOTHADDR != (int)OTIP_IOTHADDR);
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	err = seg6x_otip_parse(info, tb) ?: seg6x_otip_rule_parse(info, tb, r) ?:
	      seg6x_otip_enable(ot, info);
	if (err)
		goto out;
	/* outside the lock: the first window's addresses (pure C, a few hashes) */
	seg6x_otip_windows(r, seg6x_otip_now_window(r));

	spin_lock_bh(&ot->lock);
	for (i = 0; i < SEG6X_OTIP_RULES_MAX; i++) {
		struct seg6x_otip_rule *o = &ot->rules[i];

		if (!o->used) {
			slot = slot ?: o;
		} else if (!strcmp(o->cfg.name, r->cfg.name)) {
			err = -EEXIST;
			NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_NAME], "rule exists");
			break;
		} else if (otip_in_base(&o->cfg, r->cfg.base)) {
			err = -EEXIST;
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, tb[OTIP_ATTR_BASE],
						"base /64 in use by rule %s", o->cfg.name);
			break;
		}
	}
	if (!err && !slot) {
		err = -ENOSPC;
		NL_SET_ERR_MSG_FMT(info->extack, "too many rules (%d)", SEG6X_OTIP_RULES_MAX);
	}
	if (!err)
		*slot = *r;
	spin_unlock_bh(&ot->lock);
out:
	kfree_sensitive(r);
	return err;
}

int seg6x_otip_del(struct sk_buff *skb, struct genl_info *info)
{
	struct seg6x_otip *ot = seg6x_otip(genl_info_net(info));
	struct nlattr *tb[OTIP_ATTR_MAX + 1];
	struct seg6x_otip_rule *r;
	char name[SEG6X_OTIP_NAME_MAX + 1];
	int err;

	err = seg6x_otip_parse(info, tb);
	if (err)
		return err;
	nla_strscpy(name, tb[OTIP_ATTR_NAME], sizeof(name));
	spin_lock_bh(&ot->lock);
	r = seg6x_otip_rule_find(ot, name);
	if (r) {
		seg6x_otip_flows_flush(ot, r - ot->rules);
		memzero_explicit(r, sizeof(*r));
	}
	spin_unlock_bh(&ot->lock);
	if (!r) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[OTIP_ATTR_NAME], "no such rule");
		return -ENOENT;
	}
	return 0;
}

/* What a dump shows of a rule: everything but the secret and the addresses */
struct seg6x_otip_show {
	char name[SEG6X_OTIP_NAME_MAX + 1];
	u8 base[16];
	struct in6_addr service;
	u32 period, window, flows;
	s32 offset;
	u8 mode;
	u64 c[__SEG6X_OTIP_C_MAX];
};

static int seg6x_otip_put(struct sk_buff *msg, const struct seg6x_otip_show *s)
{
	struct nlattr *nest = nla_nest_start(msg, SEG6X_ATTR_OTIP);
	unsigned int i;

	if (!nest ||
	    nla_put_string(msg, OTIP_ATTR_NAME, s->name) ||
	    nla_put(msg, OTIP_ATTR_BASE, 16, s->base) ||
	    nla_put_in6_addr(msg, OTIP_ATTR_SERVICE, &s->service) ||
	    nla_put_u32(msg, OTIP_ATTR_PERIOD, s->period) ||
	    nla_put_s32(msg, OTIP_ATTR_OFFSET, s->offset) ||
	    nla_put_u8(msg, OTIP_ATTR_MODE, s->mode) ||
	    nla_put_u32(msg, OTIP_ATTR_WINDOW, s->window) ||
	    nla_put_u32(msg, OTIP_ATTR_FLOWS, s->flows) ||
	    nla_put_u32(msg, OTIP_ATTR_FLOWS_MAX, SEG6X_OTIP_FLOWS_MAX))
		return -EMSGSIZE;
	for (i = 0; i < __SEG6X_OTIP_C_MAX; i++)
		if (nla_put_u64_64bit(msg, OTIP_ATTR_ACCEPTED + i, s->c[i], OTIP_ATTR_PAD))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int seg6x_otip_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct seg6x_otip *ot = seg6x_otip(sock_net(skb->sk));
	unsigned int i = cb->args[0];
	struct seg6x_otip_show *s;
	bool used;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	for (; i < SEG6X_OTIP_RULES_MAX; i++) {
		const struct seg6x_otip_rule *r = &ot->rules[i];
		void *hdr;

		spin_lock_bh(&ot->lock);
		used = r->used;
		if (used) {
			seg6x_otip_flows_reap(ot);
			strscpy(s->name, r->cfg.name, sizeof(s->name));
			memcpy(s->base, r->cfg.base, 16);
			s->service = r->service;
			s->period = r->cfg.period;
			s->offset = r->cfg.offset;
			s->mode = r->cfg.mode;
			s->window = seg6x_otip_now_window(r);
			s->flows = r->flows;
			memcpy(s->c, r->c, sizeof(s->c));
		}
		spin_unlock_bh(&ot->lock);
		if (!used)
			continue;
		hdr = seg6x_dump_put(skb, cb, SEG6X_CMD_OTIP_GET);
		if (!hdr)
			break;
		if (seg6x_otip_put(skb, s)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	kfree(s);
	cb->args[0] = i;
	return skb->len;
}
