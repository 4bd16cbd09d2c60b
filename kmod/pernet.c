// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lifecycles driven over the behaviour table: each row's module-wide
 * ->init()/->exit() and per-namespace ->net_init()/->net_exit(), in table
 * order, unwound in reverse. No core file names a behaviour.
 */
#include <net/netns/generic.h>
#include "seg6x.h"

static unsigned int seg6x_net_id __read_mostly;

struct seg6x_net *seg6x_pernet(const struct net *net)
{
	return net_generic(net, seg6x_net_id);
}

/* Undo the rows before @stop (all rows when @stop is NULL), last first. */
static void seg6x_unwind(const struct seg6x_behaviour *stop, struct net *net)
{
	const struct seg6x_behaviour *done[__SEG6X_BEHAVIOUR_MAX];
	const struct seg6x_behaviour *b;
	int n = 0;

	seg6x_for_each_behaviour(b) {
		if (b == stop)
			break;
		done[n++] = b;
	}
	while (n--) {
		b = done[n];
		if (net && b->net_exit)
			b->net_exit(net);
		else if (!net && b->exit)
			b->exit();
	}
}

static int __net_init seg6x_net_init(struct net *net)
{
	const struct seg6x_behaviour *b;
	int err;

	err = seg6x_stats_net_init(seg6x_pernet(net));
	if (err)
		return err;
	seg6x_for_each_behaviour(b) {
		err = b->net_init ? b->net_init(net) : 0;
		if (err) {
			seg6x_unwind(b, net);
			seg6x_stats_net_exit(seg6x_pernet(net));
			return err;
		}
	}
	return 0;
}

static void __net_exit seg6x_net_exit(struct net *net)
{
	seg6x_unwind(NULL, net);
	seg6x_stats_net_exit(seg6x_pernet(net));
}

static struct pernet_operations seg6x_net_ops = {
	.init	= seg6x_net_init,
	.exit	= seg6x_net_exit,
	.id	= &seg6x_net_id,
	.size	= sizeof(struct seg6x_net),
};

int seg6x_pernet_init(void)
{
	return register_pernet_subsys(&seg6x_net_ops);
}

void seg6x_pernet_exit(void)
{
	unregister_pernet_subsys(&seg6x_net_ops);
}

/* Module load: every row's ->init(), in order; a failure undoes the others. */
int seg6x_behaviours_init(void)
{
	const struct seg6x_behaviour *b;
	int err;

	seg6x_for_each_behaviour(b) {
		err = b->init ? b->init() : 0;
		if (err) {
			seg6x_unwind(b, NULL);
			return err;
		}
	}
	return 0;
}

void seg6x_behaviours_exit(void)
{
	seg6x_unwind(NULL, NULL);
}
