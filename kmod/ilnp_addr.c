// SPDX-License-Identifier: GPL-2.0-only
/*
 * Locators that follow the node's addresses. In a namespace with ILNP
 * enabled, a global /64 address whose interface identifier is one of the
 * node's NIDs, on any interface but loopback, makes its upper 64 bits a
 * locator when it is added (NETDEV_UP on the inet6addr chain: default
 * preference and lifetime; soft handoff adds it beside the others, hard
 * handoff replaces them) and withdraws it when it goes (NETDEV_DOWN: the
 * address is deleted, or its link goes down and IPv6 drops the link's
 * addresses, unless keep_addr_on_down keeps them). Either way every
 * correspondent gets a Locator Update. "ip ilnp locator" still adds and
 * removes locators by hand; the home I-LV (a /128 on lo) is never one.
 *
 * The inet6addr chain is global and atomic: the handler finds the
 * namespace's state in a list of its own (not through net_generic(), which
 * is not valid for every namespace while the module loads or unloads) and
 * changes it under its spinlock, as a netlink command would.
 */
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include "ilnp_kern.h"

static LIST_HEAD(seg6x_ilnp_nets);
static DEFINE_SPINLOCK(seg6x_ilnp_nets_lock);	/* the list, and the states in it */

/* ILNP was enabled in @il's namespace: follow its addresses from now on */
void seg6x_ilnp_addr_track(struct seg6x_ilnp *il)
{
	spin_lock_bh(&seg6x_ilnp_nets_lock);
	list_add(&il->node, &seg6x_ilnp_nets);
	spin_unlock_bh(&seg6x_ilnp_nets_lock);
}

/* The namespace goes: after this no event touches @il */
void seg6x_ilnp_addr_untrack(struct seg6x_ilnp *il)
{
	spin_lock_bh(&seg6x_ilnp_nets_lock);
	list_del(&il->node);
	spin_unlock_bh(&seg6x_ilnp_nets_lock);
}

static int seg6x_ilnp_addr_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	const struct inet6_ifaddr *ifa = ptr;
	const struct net_device *dev = ifa->idev->dev;
	struct ilnp_locator loc = {
		.pref = SEG6X_ILNP_PREF,
		.lifetime = SEG6X_ILNP_LIFETIME,
	};
	struct seg6x_ilnp *il;
	ilnp_nid nid;

	if ((event != NETDEV_UP && event != NETDEV_DOWN) || ifa->prefix_len != 64 ||
	    (dev->flags & IFF_LOOPBACK) ||
	    !(ipv6_addr_type(&ifa->addr) & IPV6_ADDR_UNICAST) ||
	    ipv6_addr_type(&ifa->addr) & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK))
		return NOTIFY_DONE;
	ilnp_ilv_split(ifa->addr.s6_addr, &loc.l64, &nid);

	spin_lock_bh(&seg6x_ilnp_nets_lock);
	list_for_each_entry(il, &seg6x_ilnp_nets, node) {
		if (!net_eq(il->net, dev_net(dev)))
			continue;
		spin_lock(&il->lock);
		if (loc.l64 && seg6x_ilnp_local_find(il, nid)) {
			if (event == NETDEV_UP)
				seg6x_ilnp_loc_set(il, &loc);	/* full: stays as it was */
			else
				seg6x_ilnp_loc_remove(il, loc.l64);
		}
		spin_unlock(&il->lock);
		break;
	}
	spin_unlock_bh(&seg6x_ilnp_nets_lock);
	return NOTIFY_DONE;
}

static struct notifier_block seg6x_ilnp_addr_nb = {
	.notifier_call = seg6x_ilnp_addr_event,
};

int seg6x_ilnp_addr_init(void)
{
	return register_inet6addr_notifier(&seg6x_ilnp_addr_nb);
}

void seg6x_ilnp_addr_exit(void)
{
	unregister_inet6addr_notifier(&seg6x_ilnp_addr_nb);
}
