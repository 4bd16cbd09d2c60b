// SPDX-License-Identifier: GPL-2.0-only
/*
 * SR-IoT node state, per network namespace: the ports this node owns, the
 * per-visit instruction budget, and the memory of actuator writes already
 * applied (sriot/wmem.c: a retransmitted process does not write twice, and
 * no sender can make another's write forgotten or skipped). Configured over
 * the "seg6x" generic netlink family (SEG6X_CMD_SRIOT_*), read by the
 * avr-exec datapath (avr_exec.c) in softirq.
 */
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/seg6x_sriot.h>
#include "seg6x.h"

#define SRIOT_HOP_BUDGET	100000
#define SRIOT_MAX_HOPS		255	/* default: what the packet allows */
#define SRIOT_MAX_STEPS		1000000
#define SRIOT_EVENTS_PER_SEC	1000	/* per namespace; the rest are counted */

struct sriot_port_slot {
	u8 mode;			/* 0: not a port of this node */
	u8 value;			/* sensor value, actuator's last write */
	atomic64_t reads, writes, dups;
};

struct sriot_net {
	/* writers: config (process, _bh) and actuator writes (softirq) */
	spinlock_t lock;
	struct sriot_port_slot port[256];
	u32 hop_budget;
	u32 max_steps;			/* node-side cap on a process's steps */
	u32 max_hops;			/* ... and on its hops */
	unsigned int gen;		/* port table changes, for dumps */
	/* write memory, its tasks hashed with a key no sender knows */
	siphash_key_t wmem_key;
	struct sriot_wmem wmem;
	/* events: at most SRIOT_EVENTS_PER_SEC from ev_start on */
	unsigned long ev_start;
	unsigned int ev_count;
};

static struct sriot_net *sriot_net(const struct net *net)
{
	return seg6x_net_priv(net, SEG6X_BEHAVIOUR_AVR_EXEC);
}

static bool sriot_is_port(unsigned int addr)
{
	return addr >= SRIOT_PORT_MIN && addr <= SRIOT_PORT_MAX &&
	       (addr < 0x5d || addr > 0x5f);
}

/**
 * seg6x_sriot_read - a process reads port @addr of this node
 * @net: the node's namespace
 * @addr: data address, 0x20-0xff
 * @val: filled with the sensor value or the actuator's last value
 *
 * Return: true if this node owns @addr.
 */
bool seg6x_sriot_read(struct net *net, unsigned int addr, u8 *val)
{
	struct sriot_port_slot *p = &sriot_net(net)->port[addr & 0xff];

	if (!READ_ONCE(p->mode))
		return false;
	*val = READ_ONCE(p->value);
	atomic64_inc(&p->reads);
	return true;
}

/* What the write memory says of this write. Locked. */
static enum sriot_wmem_verdict sriot_wmem(struct sriot_net *sn, const struct in6_addr *sender,
					  u32 task, u16 wseq, u8 port)
{
	struct sriot_wmem_id id = { .task = task };

	memcpy(id.sender, sender, sizeof(id.sender));
	return sriot_wmem_note(&sn->wmem, &id, siphash(&id, sizeof(id), &sn->wmem_key), wseq, port,
			       jiffies_to_msecs(jiffies));
}

/* May one more event go out this second? Locked. */
static bool sriot_event_allowed(struct sriot_net *sn)
{
	if (time_after(jiffies, sn->ev_start + HZ)) {
		sn->ev_start = jiffies;
		sn->ev_count = 0;
	}
	if (sn->ev_count >= SRIOT_EVENTS_PER_SEC)
		return false;
	sn->ev_count++;
	return true;
}

static void sriot_notify(struct net *net, unsigned int addr, u8 val, u32 task,
			 u16 wseq, bool dup);

/**
 * seg6x_sriot_write - a process writes @val to port @addr of this node
 * @net: the node's namespace
 * @sender: the process's sender (its IPv6 source address)
 * @addr: data address, 0x20-0xff
 * @val: the value
 * @task: the process's task id
 * @wseq: the process's write sequence number for this write
 * @verdict: the write memory's (SRIOT_WMEM_SEEN: applied before, skipped
 *	now; _QUOTA, _FULL: applied and not remembered)
 * @muted: set when someone listens but the event was not sent (over
 *	SRIOT_EVENTS_PER_SEC in this namespace)
 *
 * Return: 0, -ENOENT if this node does not own @addr, -EPERM for a sensor.
 */
int seg6x_sriot_write(struct net *net, const struct in6_addr *sender, unsigned int addr, u8 val,
		      u32 task, u16 wseq, enum sriot_wmem_verdict *verdict, bool *muted)
{
	struct sriot_net *sn = sriot_net(net);
	struct sriot_port_slot *p = &sn->port[addr & 0xff];
	bool listen = seg6x_has_listeners(net, SEG6X_MCGRP_SRIOT_ID);
	int err = 0;

	*muted = false;
	spin_lock(&sn->lock);
	if (p->mode != SRIOT_PORT_ACTUATOR) {
		err = p->mode ? -EPERM : -ENOENT;
		goto out;
	}
	*verdict = sriot_wmem(sn, sender, task, wseq, addr);
	if (*verdict == SRIOT_WMEM_SEEN) {
		atomic64_inc(&p->dups);
	} else {
		WRITE_ONCE(p->value, val);
		atomic64_inc(&p->writes);
	}
	if (listen && !sriot_event_allowed(sn)) {
		listen = false;
		*muted = true;
	}
out:
	spin_unlock(&sn->lock);
	if (!err && listen)
		sriot_notify(net, addr, val, task, wseq, *verdict == SRIOT_WMEM_SEEN);
	return err;
}

/* seg6x_sriot_limits - the node's budget and caps for a visit */
void seg6x_sriot_limits(struct net *net, struct seg6x_sriot_limits *l)
{
	struct sriot_net *sn = sriot_net(net);

	l->hop_budget = READ_ONCE(sn->hop_budget);
	l->max_steps = READ_ONCE(sn->max_steps);
	l->max_hops = READ_ONCE(sn->max_hops);
}

/* ---- events ---- */

static void sriot_notify(struct net *net, unsigned int addr, u8 val, u32 task,
			 u16 wseq, bool dup)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	/* sized to the message: a page per write would be 4 KiB of GFP_ATOMIC */
	msg = seg6x_event_new(SEG6X_CMD_SRIOT_EVENT,
			      nla_total_size(0) + 2 * nla_total_size(sizeof(u8)) +
			      2 * nla_total_size(sizeof(u32)) + nla_total_size(0), &hdr);
	if (!msg)
		return;
	nest = nla_nest_start(msg, SEG6X_ATTR_SRIOT_EVENT);
	if (!nest ||
	    nla_put_u8(msg, SRIOT_EVENT_ATTR_PORT, addr) ||
	    nla_put_u8(msg, SRIOT_EVENT_ATTR_VALUE, val) ||
	    nla_put_u32(msg, SRIOT_EVENT_ATTR_TASK, task) ||
	    nla_put_u32(msg, SRIOT_EVENT_ATTR_WSEQ, wseq) ||
	    (dup && nla_put_flag(msg, SRIOT_EVENT_ATTR_DUP))) {
		nlmsg_free(msg);
		return;
	}
	nla_nest_end(msg, nest);
	seg6x_event_send(net, msg, hdr, SEG6X_MCGRP_SRIOT_ID);
}

/* ---- generic netlink: SEG6X_CMD_SRIOT_* ---- */

const struct nla_policy seg6x_sriot_port_policy[SRIOT_PORT_ATTR_MAX + 1] = {
	[SRIOT_PORT_ATTR_ADDR]	= NLA_POLICY_RANGE(NLA_U8, SRIOT_PORT_MIN, SRIOT_PORT_MAX),
	[SRIOT_PORT_ATTR_MODE]	= NLA_POLICY_RANGE(NLA_U8, SRIOT_PORT_SENSOR, SRIOT_PORT_ACTUATOR),
	[SRIOT_PORT_ATTR_VALUE]	= { .type = NLA_U8 },
};

/* Parse the request's port nest; @addr is required and must be a port. */
static int sriot_parse_port(struct genl_info *info, struct nlattr **tb, unsigned int *addr)
{
	struct nlattr *nest = info->attrs[SEG6X_ATTR_SRIOT_PORT];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, SEG6X_ATTR_SRIOT_PORT))
		return -EINVAL;
	err = nla_parse_nested(tb, SRIOT_PORT_ATTR_MAX, nest, seg6x_sriot_port_policy,
			       info->extack);
	if (err)
		return err;
	if (!tb[SRIOT_PORT_ATTR_ADDR]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest, "port address missing");
		return -EINVAL;
	}
	*addr = nla_get_u8(tb[SRIOT_PORT_ATTR_ADDR]);
	if (!sriot_is_port(*addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SRIOT_PORT_ATTR_ADDR],
				    "SPL, SPH and SREG (0x5d-0x5f) belong to the CPU, not to a port");
		return -EINVAL;
	}
	return 0;
}

/* SEG6X_CMD_SRIOT_PORT_SET and _ADD (which refuses an existing port) */
int seg6x_sriot_port_set(struct sk_buff *skb, struct genl_info *info)
{
	struct sriot_net *sn = sriot_net(genl_info_net(info));
	struct nlattr *tb[SRIOT_PORT_ATTR_MAX + 1];
	struct sriot_port_slot *p;
	unsigned int addr;
	int err;

	err = sriot_parse_port(info, tb, &addr);
	if (err)
		return err;
	if (!tb[SRIOT_PORT_ATTR_MODE]) {
		NL_SET_ERR_MSG(info->extack, "port mode missing (sensor or actuator)");
		return -EINVAL;
	}
	p = &sn->port[addr];
	spin_lock_bh(&sn->lock);
	if (p->mode && info->genlhdr->cmd == SEG6X_CMD_SRIOT_PORT_ADD) {
		spin_unlock_bh(&sn->lock);
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SRIOT_PORT_ATTR_ADDR], "port exists");
		return -EEXIST;
	}
	if (!p->mode) {
		atomic64_set(&p->reads, 0);
		atomic64_set(&p->writes, 0);
		atomic64_set(&p->dups, 0);
	}
	WRITE_ONCE(p->value, tb[SRIOT_PORT_ATTR_VALUE] ?
		   nla_get_u8(tb[SRIOT_PORT_ATTR_VALUE]) : 0);
	WRITE_ONCE(p->mode, nla_get_u8(tb[SRIOT_PORT_ATTR_MODE]));
	WRITE_ONCE(sn->gen, sn->gen + 1);
	spin_unlock_bh(&sn->lock);
	return 0;
}

int seg6x_sriot_port_del(struct sk_buff *skb, struct genl_info *info)
{
	struct sriot_net *sn = sriot_net(genl_info_net(info));
	struct nlattr *tb[SRIOT_PORT_ATTR_MAX + 1];
	unsigned int addr;
	int err;

	err = sriot_parse_port(info, tb, &addr);
	if (err)
		return err;
	spin_lock_bh(&sn->lock);
	err = sn->port[addr].mode ? 0 : -ENOENT;
	WRITE_ONCE(sn->port[addr].mode, 0);
	if (!err)
		WRITE_ONCE(sn->gen, sn->gen + 1);
	spin_unlock_bh(&sn->lock);
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SRIOT_PORT_ATTR_ADDR], "no such port");
	return err;
}

static int sriot_put_port(struct sk_buff *msg, struct sriot_net *sn, unsigned int addr)
{
	struct sriot_port_slot *p = &sn->port[addr];
	struct nlattr *nest = nla_nest_start(msg, SEG6X_ATTR_SRIOT_PORT);

	if (!nest ||
	    nla_put_u8(msg, SRIOT_PORT_ATTR_ADDR, addr) ||
	    nla_put_u8(msg, SRIOT_PORT_ATTR_MODE, READ_ONCE(p->mode)) ||
	    nla_put_u8(msg, SRIOT_PORT_ATTR_VALUE, READ_ONCE(p->value)) ||
	    nla_put_u64_64bit(msg, SRIOT_PORT_ATTR_READS, atomic64_read(&p->reads),
			      SRIOT_PORT_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, SRIOT_PORT_ATTR_WRITES, atomic64_read(&p->writes),
			      SRIOT_PORT_ATTR_PAD) ||
	    nla_put_u64_64bit(msg, SRIOT_PORT_ATTR_DUPS, atomic64_read(&p->dups),
			      SRIOT_PORT_ATTR_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int seg6x_sriot_port_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sriot_net *sn = sriot_net(genl_info_net(info));
	struct nlattr *tb[SRIOT_PORT_ATTR_MAX + 1];
	struct sk_buff *msg;
	unsigned int addr;
	void *hdr;
	int err;

	err = sriot_parse_port(info, tb, &addr);
	if (err)
		return err;
	if (!READ_ONCE(sn->port[addr].mode)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SRIOT_PORT_ATTR_ADDR], "no such port");
		return -ENOENT;
	}
	msg = seg6x_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	return seg6x_reply_send(msg, hdr, info, sriot_put_port(msg, sn, addr));
}

/*
 * Dump every port; cb->args[0] is the next address to look at. A dump that
 * spans several messages while ports are added or removed is flagged
 * NLM_F_DUMP_INTR (cb->seq follows the table's generation), so the reader
 * knows to ask again.
 */
int seg6x_sriot_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct sriot_net *sn = sriot_net(sock_net(skb->sk));
	unsigned int addr;

	/* +1: a dump's prev_seq starts at 0, which must not match gen 0 */
	cb->seq = READ_ONCE(sn->gen) + 1;
	for (addr = max_t(unsigned long, cb->args[0], SRIOT_PORT_MIN); addr <= SRIOT_PORT_MAX; addr++) {
		void *hdr;

		if (!READ_ONCE(sn->port[addr].mode))
			continue;
		hdr = seg6x_dump_put(skb, cb, SEG6X_CMD_SRIOT_PORT_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (sriot_put_port(skb, sn, addr)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = addr;
	return skb->len;
}

int seg6x_sriot_set(struct sk_buff *skb, struct genl_info *info)
{
	struct sriot_net *sn = sriot_net(genl_info_net(info));
	struct nlattr **a = info->attrs;

	if (!a[SEG6X_ATTR_SRIOT_HOP_BUDGET] && !a[SEG6X_ATTR_SRIOT_MAX_HOPS] &&
	    !a[SEG6X_ATTR_SRIOT_MAX_STEPS]) {
		NL_SET_ERR_MSG(info->extack, "nothing to set (hop-budget, max-hops, max-steps)");
		return -EINVAL;
	}
	/* the policy checked the ranges: all or nothing is set */
	if (a[SEG6X_ATTR_SRIOT_HOP_BUDGET])
		WRITE_ONCE(sn->hop_budget, nla_get_u32(a[SEG6X_ATTR_SRIOT_HOP_BUDGET]));
	if (a[SEG6X_ATTR_SRIOT_MAX_HOPS])
		WRITE_ONCE(sn->max_hops, nla_get_u32(a[SEG6X_ATTR_SRIOT_MAX_HOPS]));
	if (a[SEG6X_ATTR_SRIOT_MAX_STEPS])
		WRITE_ONCE(sn->max_steps, nla_get_u32(a[SEG6X_ATTR_SRIOT_MAX_STEPS]));
	return 0;
}

int seg6x_sriot_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sriot_net *sn = sriot_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = seg6x_reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	return seg6x_reply_send(msg, hdr, info,
				nla_put_u32(msg, SEG6X_ATTR_SRIOT_HOP_BUDGET,
					    READ_ONCE(sn->hop_budget)) ?:
				nla_put_u32(msg, SEG6X_ATTR_SRIOT_MAX_HOPS,
					    READ_ONCE(sn->max_hops)) ?:
				nla_put_u32(msg, SEG6X_ATTR_SRIOT_MAX_STEPS,
					    READ_ONCE(sn->max_steps)));
}

/* ---- per namespace ---- */

int seg6x_sriot_net_init(struct net *net)
{
	/* about 19 KiB: no need for physically contiguous pages */
	struct sriot_net *s = kvzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	spin_lock_init(&s->lock);
	s->hop_budget = SRIOT_HOP_BUDGET;
	s->max_hops = SRIOT_MAX_HOPS;
	s->max_steps = SRIOT_MAX_STEPS;
	get_random_bytes(&s->wmem_key, sizeof(s->wmem_key));
	sriot_wmem_init(&s->wmem);
	s->ev_start = jiffies;
	seg6x_net_priv_set(net, SEG6X_BEHAVIOUR_AVR_EXEC, s);
	return 0;
}

void seg6x_sriot_net_exit(struct net *net)
{
	kvfree(sriot_net(net));
}
