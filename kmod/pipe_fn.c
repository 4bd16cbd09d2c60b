// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_fn.c - the pipe functions registered with seg6x: the paper's
 * dynamic function modules.
 *
 * identity is built in (registered by the pipe's init, no module); every
 * other function is a module of its own (pipe/fn_NAME.c ->
 * seg6x_pipe_NAME.ko) that registers at load with seg6x_pipe_fn_register()
 * (SEG6X_PIPE_MODULE, pipe/pipe_port.h) and unregisters at unload. The
 * list is in id order, written under a mutex and read under RCU: the SYN
 * path (softirq) only asks whether an id is known; a flow that opens (a
 * workqueue) takes a reference on the function's module, so the module
 * cannot go while a flow runs its code (rmmod refused), and gives it back
 * when the flow is freed.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include "pipe_flow.h"

struct pipe_fn_reg {
	struct list_head node;		/* pipe_fns, in id order */
	const struct pipe_fn *fn;
	struct module *owner;		/* NULL: built into seg6x */
	struct rcu_head rcu;
};

static LIST_HEAD(pipe_fns);
static DEFINE_MUTEX(pipe_fns_mutex);

/* under rcu_read_lock() or pipe_fns_mutex */
static struct pipe_fn_reg *pipe_fn_reg_find(u16 id)
{
	struct pipe_fn_reg *r;

	list_for_each_entry_rcu(r, &pipe_fns, node, lockdep_is_held(&pipe_fns_mutex))
		if (r->fn->id == id)
			return r;
	return NULL;
}

/**
 * seg6x_pipe_fn_register - make a function available to new flows
 * @fn: the function; it and its ops must live until unregistered
 * @owner: the module holding @fn (THIS_MODULE), NULL if built into seg6x
 *
 * Context: process, may sleep (module init).
 * Return: 0; -EINVAL if @fn has no name or a direction with neither run
 * nor step; -EEXIST if its id is registered already; -ENOMEM.
 */
int seg6x_pipe_fn_register(const struct pipe_fn *fn, struct module *owner)
{
	struct pipe_fn_reg *r, *pos;
	int d;

	if (!fn || !fn->name || !fn->arg)
		return -EINVAL;
	for (d = 0; d < 2; d++) {
		const struct pipe_ops *o = fn->ops[d];

		if (o && (o->run ? !o->out_max : !o->step))
			return -EINVAL;
	}
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->fn = fn;
	r->owner = owner;
	mutex_lock(&pipe_fns_mutex);
	if (pipe_fn_reg_find(fn->id)) {
		mutex_unlock(&pipe_fns_mutex);
		kfree(r);
		return -EEXIST;
	}
	list_for_each_entry(pos, &pipe_fns, node)
		if (pos->fn->id > fn->id)
			break;
	list_add_tail_rcu(&r->node, &pos->node);	/* before pos: id order */
	mutex_unlock(&pipe_fns_mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(seg6x_pipe_fn_register);

/**
 * seg6x_pipe_fn_unregister - take a function out of the list
 * @fn: as registered
 *
 * No flow uses @fn any more: each held its module until it was freed.
 * Returns once no reader (SYN path, dumps) can still see it.
 * Context: process, may sleep (module exit).
 */
void seg6x_pipe_fn_unregister(const struct pipe_fn *fn)
{
	struct pipe_fn_reg *r;

	mutex_lock(&pipe_fns_mutex);
	r = pipe_fn_reg_find(fn->id);
	if (r && r->fn == fn)
		list_del_rcu(&r->node);
	else
		r = NULL;
	mutex_unlock(&pipe_fns_mutex);
	if (!r)
		return;
	synchronize_rcu();	/* dumps print its name under RCU */
	kfree(r);
}
EXPORT_SYMBOL_GPL(seg6x_pipe_fn_unregister);

/* Is @id registered? Any context (the SYN path: softirq, RCU held). */
bool seg6x_pipe_fn_known(u16 id)
{
	bool known;

	rcu_read_lock();
	known = pipe_fn_reg_find(id);
	rcu_read_unlock();
	return known;
}

/**
 * seg6x_pipe_fn_get - the function @id, its module pinned
 * @id: function id
 * @owner: set to the module to give back with module_put() (NULL: built in)
 *
 * Return: the function, or NULL if none is registered or its module is
 * going away.
 */
const struct pipe_fn *seg6x_pipe_fn_get(u16 id, struct module **owner)
{
	const struct pipe_fn *fn = NULL;
	struct pipe_fn_reg *r;

	rcu_read_lock();
	r = pipe_fn_reg_find(id);
	if (r && try_module_get(r->owner)) {
		fn = r->fn;
		*owner = r->owner;
	}
	rcu_read_unlock();
	return fn;
}

/**
 * seg6x_pipe_fn_walk - call @cb for each function with an id >= *@from,
 * in id order, under RCU (@cb must not sleep)
 *
 * @cb gets the function and the name of the module it comes from
 * ("seg6x" for the built-in ones). When @cb returns non-zero the walk
 * stops and *@from is that function's id (a dump resumes there).
 * Return: what @cb returned last, 0 when the list was walked to its end.
 */
int seg6x_pipe_fn_walk(u32 *from, int (*cb)(const struct pipe_fn *fn, const char *module,
					    void *arg), void *arg)
{
	struct pipe_fn_reg *r;
	int err = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(r, &pipe_fns, node) {
		if (r->fn->id < *from)
			continue;
		err = cb(r->fn, r->owner ? module_name(r->owner) : KBUILD_MODNAME, arg);
		if (err) {
			*from = r->fn->id;
			break;
		}
	}
	rcu_read_unlock();
	if (!err)
		*from = 0x10000;
	return err;
}

int seg6x_pipe_fns_init(void)
{
	return seg6x_pipe_fn_register(&seg6x_pipe_fn_identity, NULL);
}

void seg6x_pipe_fns_exit(void)
{
	seg6x_pipe_fn_unregister(&seg6x_pipe_fn_identity);
}
