// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "seg6x" generic netlink family: see uapi/linux/seg6x.h for the
 * protocol. Strict validation for every command (resv_start_op = 0), one
 * policy per nesting level, extended ack on every refusal.
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include "seg6x.h"
#include "ilnp_kern.h"
#include "otip_kern.h"

static const struct netlink_range_validation seg6x_hop_budget_range = {
	.min = 1,
	.max = 1000000,
};

static const struct nla_policy seg6x_policy[SEG6X_ATTR_MAX + 1] = {
	[SEG6X_ATTR_BEHAVIOUR_ID]	= NLA_POLICY_RANGE(NLA_U32, 1, SEG6X_BEHAVIOUR_MAX),
	[SEG6X_ATTR_SRIOT_PORT]		= NLA_POLICY_NESTED(seg6x_sriot_port_policy),
	[SEG6X_ATTR_SRIOT_HOP_BUDGET]	= NLA_POLICY_FULL_RANGE(NLA_U32, &seg6x_hop_budget_range),
	SEG6X_ILNP_GENL_POLICY
#if IS_ENABLED(CONFIG_SEG6X_PIPE)
	[SEG6X_ATTR_PIPE_SED]		= NLA_POLICY_NESTED(seg6x_pipe_sed_policy),
	[SEG6X_ATTR_PIPE_KEY]		= NLA_POLICY_NESTED(seg6x_pipe_key_policy),
	[SEG6X_ATTR_PIPE_MEM_MAX]	= NLA_POLICY_MIN(NLA_U64, PIPE_MEM_MAX_MIN),
	[SEG6X_ATTR_PIPE_FLOW_MEM_MAX]	= { .type = NLA_U64 },	/* checked in seg6x_pipe_set */
#endif
	[SEG6X_ATTR_SRIOT_MAX_HOPS]	= NLA_POLICY_RANGE(NLA_U32, 1, 255),
	[SEG6X_ATTR_SRIOT_MAX_STEPS]	= NLA_POLICY_MIN(NLA_U32, 1),
	SEG6X_OTIP_GENL_POLICY
};

static struct genl_family seg6x_genl_family;

/* A request's behaviour filter: NULL attribute means all. */
static int seg6x_parse_behaviour(struct genl_info *info,
				 const struct seg6x_behaviour **b)
{
	struct nlattr *a = info->attrs[SEG6X_ATTR_BEHAVIOUR_ID];

	*b = NULL;
	if (!a)
		return 0;
	*b = seg6x_behaviour_get(nla_get_u32(a));
	if (!*b) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "behaviour not available in this module");
		return -ENOENT;
	}
	return 0;
}

static int seg6x_put_behaviour(struct sk_buff *msg, const struct seg6x_behaviour *b)
{
	struct nlattr *nest = nla_nest_start(msg, SEG6X_ATTR_BEHAVIOUR);

	if (!nest ||
	    nla_put_u32(msg, SEG6X_BEHAVIOUR_ATTR_ID, b->id) ||
	    nla_put_string(msg, SEG6X_BEHAVIOUR_ATTR_NAME, b->name) ||
	    nla_put_string(msg, SEG6X_BEHAVIOUR_ATTR_DESC, b->desc))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int seg6x_put_drops(struct sk_buff *msg, const struct seg6x_stats_snapshot *s)
{
	struct nlattr *drops = nla_nest_start(msg, SEG6X_STATS_ATTR_DROPS);
	u32 r;

	if (!drops)
		return -EMSGSIZE;
	for (r = 0; r < __SEG6X_DROP_MAX; r++) {
		struct nlattr *d;

		if (!s->drops[r])
			continue;
		d = nla_nest_start(msg, SEG6X_STATS_ATTR_DROP);
		if (!d ||
		    nla_put_u32(msg, SEG6X_DROP_ATTR_REASON, r) ||
		    nla_put_string(msg, SEG6X_DROP_ATTR_NAME, seg6x_drop_name(r)) ||
		    nla_put_u64_64bit(msg, SEG6X_DROP_ATTR_COUNT, s->drops[r], SEG6X_DROP_ATTR_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, d);
	}
	nla_nest_end(msg, drops);
	return 0;
}

static int seg6x_put_counters(struct sk_buff *msg, const struct seg6x_behaviour *b,
			      const struct seg6x_stats_snapshot *s)
{
	struct nlattr *nest;
	unsigned int i;

	if (!b || !b->n_counters)
		return 0;
	nest = nla_nest_start(msg, SEG6X_STATS_ATTR_COUNTERS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < b->n_counters; i++) {
		struct nlattr *c = nla_nest_start(msg, SEG6X_STATS_ATTR_COUNTER);

		if (!c ||
		    nla_put_string(msg, SEG6X_COUNTER_ATTR_NAME, b->counter_names[i]) ||
		    nla_put_u64_64bit(msg, SEG6X_COUNTER_ATTR_VALUE, s->counters[i],
				      SEG6X_COUNTER_ATTR_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, c);
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int seg6x_put_stats(struct sk_buff *msg, struct net *net, u32 id, const char *name)
{
	struct seg6x_stats_snapshot s;
	struct nlattr *nest;

	seg6x_stats_read(net, id, &s);
	nest = nla_nest_start(msg, SEG6X_ATTR_STATS);
	if (!nest ||
	    nla_put_u32(msg, SEG6X_STATS_ATTR_ID, id) ||
	    nla_put_string(msg, SEG6X_STATS_ATTR_NAME, name) ||
	    nla_put_u64_64bit(msg, SEG6X_STATS_ATTR_PACKETS, s.packets, SEG6X_STATS_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, SEG6X_STATS_ATTR_BYTES, s.bytes, SEG6X_STATS_ATTR_PAD) ||
	    seg6x_put_drops(msg, &s) ||
	    seg6x_put_counters(msg, seg6x_behaviour_get(id), &s))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static struct sk_buff *seg6x_msg_new(gfp_t gfp, size_t size, u32 portid, u32 seq, u8 cmd,
				     void **hdr)
{
	struct sk_buff *msg = genlmsg_new(size, gfp);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, portid, seq, &seg6x_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct sk_buff *seg6x_reply_new(struct genl_info *info, void **hdr)
{
	return seg6x_msg_new(GFP_KERNEL, NLMSG_GOODSIZE, info->snd_portid, info->snd_seq,
			     info->genlhdr->cmd, hdr);
}

int seg6x_reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info, int err)
{
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

void *seg6x_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &seg6x_genl_family, NLM_F_MULTI, cmd);
}

/*
 * Events come from the datapath (softirq): atomic allocations only, of
 * @size bytes of attributes (the headers are added).
 */
struct sk_buff *seg6x_event_new(u8 cmd, size_t size, void **hdr)
{
	return seg6x_msg_new(GFP_ATOMIC, size, 0, 0, cmd, hdr);
}

void seg6x_event_send(struct net *net, struct sk_buff *msg, void *hdr, unsigned int group)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&seg6x_genl_family, net, msg, 0, group, GFP_ATOMIC);
}

bool seg6x_has_listeners(struct net *net, unsigned int group)
{
	return genl_has_listeners(&seg6x_genl_family, net, group);
}

static int seg6x_get_info(struct sk_buff *skb, struct genl_info *info)
{
	const struct seg6x_behaviour *b;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int err = -EMSGSIZE;

	msg = seg6x_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, SEG6X_ATTR_VERSION, SEG6X_VERSION) ||
	    nla_put_u32(msg, SEG6X_ATTR_ABI, SEG6X_ABI))
		goto out;
	nest = nla_nest_start(msg, SEG6X_ATTR_BEHAVIOURS);
	if (!nest)
		goto out;
	seg6x_for_each_behaviour(b)
		if (seg6x_put_behaviour(msg, b))
			goto out;
	nla_nest_end(msg, nest);
	err = 0;
out:
	return seg6x_reply_send(msg, hdr, info, err);
}

static int seg6x_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	const struct seg6x_behaviour *only, *b;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = seg6x_parse_behaviour(info, &only);
	if (err)
		return err;
	msg = seg6x_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	if (only) {
		err = seg6x_put_stats(msg, net, only->id, only->name);
	} else {
		/* row 0: drops that could not be given to any behaviour */
		err = seg6x_put_stats(msg, net, SEG6X_BEHAVIOUR_UNSPEC, "none");
		seg6x_for_each_behaviour(b)
			err = err ?: seg6x_put_stats(msg, net, b->id, b->name);
	}
	return seg6x_reply_send(msg, hdr, info, err);
}

static int seg6x_reset_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	const struct seg6x_behaviour *only, *b;
	int err;

	err = seg6x_parse_behaviour(info, &only);
	if (err)
		return err;
	if (only) {
		seg6x_stats_reset(net, only->id);
		return 0;
	}
	seg6x_stats_reset(net, SEG6X_BEHAVIOUR_UNSPEC);
	seg6x_for_each_behaviour(b)
		seg6x_stats_reset(net, b->id);
	return 0;
}

static const struct genl_small_ops seg6x_genl_ops[] = {
	{
		.cmd	= SEG6X_CMD_GET_INFO,
		.doit	= seg6x_get_info,
	},
	{
		.cmd	= SEG6X_CMD_GET_STATS,
		.doit	= seg6x_get_stats,
	},
	{
		.cmd	= SEG6X_CMD_RESET_STATS,
		.doit	= seg6x_reset_stats,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_SRIOT_PORT_SET,
		.doit	= seg6x_sriot_port_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_SRIOT_PORT_ADD,
		.doit	= seg6x_sriot_port_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_SRIOT_PORT_DEL,
		.doit	= seg6x_sriot_port_del,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_SRIOT_PORT_GET,
		.doit	= seg6x_sriot_port_get,
		.dumpit	= seg6x_sriot_port_dump,
	},
	{
		.cmd	= SEG6X_CMD_SRIOT_SET,
		.doit	= seg6x_sriot_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_SRIOT_GET,
		.doit	= seg6x_sriot_get,
	},
	SEG6X_ILNP_GENL_OPS
#if IS_ENABLED(CONFIG_SEG6X_PIPE)
	{
		.cmd	= SEG6X_CMD_PIPE_FN_GET,
		.dumpit	= seg6x_pipe_fn_dump,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_SED_SET,
		.doit	= seg6x_pipe_sed_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_SED_DEL,
		.doit	= seg6x_pipe_sed_del,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_SED_GET,
		.dumpit	= seg6x_pipe_sed_dump,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_SED_ADD,
		.doit	= seg6x_pipe_sed_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_FLOW_GET,
		.dumpit	= seg6x_pipe_flow_dump,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_KEY_ADD,
		.doit	= seg6x_pipe_key_add,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_KEY_DEL,
		.doit	= seg6x_pipe_key_del,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_KEY_GET,
		.dumpit	= seg6x_pipe_key_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_SET,
		.doit	= seg6x_pipe_set,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SEG6X_CMD_PIPE_GET,
		.doit	= seg6x_pipe_get,
	},
#endif
	SEG6X_OTIP_GENL_OPS
};

/*
 * SR-IoT events name every task id that writes an actuator, and the task
 * id is what a sender recognises its reply by; ILNP events name the peers,
 * their locators and every refused update: only CAP_NET_ADMIN (in the
 * namespace's user namespace) may listen.
 */
static const struct genl_multicast_group seg6x_mcgrps[] = {
	[SEG6X_MCGRP_SRIOT_ID] = {
		.name	= SEG6X_MCGRP_SRIOT,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
	[SEG6X_MCGRP_ILNP_ID] = {
		.name	= SEG6X_MCGRP_ILNP,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family seg6x_genl_family __ro_after_init = {
	.name		= SEG6X_GENL_NAME,
	.version	= SEG6X_GENL_VERSION,
	.maxattr	= SEG6X_ATTR_MAX,
	.policy		= seg6x_policy,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.small_ops	= seg6x_genl_ops,
	.n_small_ops	= ARRAY_SIZE(seg6x_genl_ops),
	.mcgrps		= seg6x_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(seg6x_mcgrps),
	.resv_start_op	= SEG6X_CMD_GET_INFO,
};

int seg6x_netlink_init(void)
{
	return genl_register_family(&seg6x_genl_family);
}

void seg6x_netlink_exit(void)
{
	genl_unregister_family(&seg6x_genl_family);
}
