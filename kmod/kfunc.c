// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf_seg6x_exec(): the only entry from the datapath. Every seg6x glue
 * program (bpf/seg6x_glue.bpf.c) calls it with its End.BPF context and its
 * behaviour id and returns what it returns.
 *
 * The kfunc is registered for BPF_PROG_TYPE_LWT_SEG6LOCAL only: the
 * behaviours rely on End.BPF having validated and advanced the SRH, and on
 * running in softirq with End.BPF's per-CPU state held.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/netdevice.h>
#include <net/dst.h>
#include <net/lwtunnel.h>
#include "seg6x.h"

/* End.BPF runs its program with the seg6local route still attached; any
 * other caller (an lwt_in/out/xmit program some kernel let through) is not
 * on one. */
static bool seg6x_from_end_bpf(const struct sk_buff *skb)
{
	const struct dst_entry *dst = skb_dst(skb);

	return dst && dst->lwtstate &&
	       dst->lwtstate->type == LWTUNNEL_ENCAP_SEG6_LOCAL;
}

__bpf_kfunc_start_defs();

/**
 * bpf_seg6x_exec - run a seg6x behaviour on an End.BPF packet
 * @ctx: the End.BPF program's context (the skb)
 * @behaviour: a SEG6X_BEHAVIOUR_* id
 *
 * Counts the packet for the behaviour in the packet's network namespace and
 * runs the behaviour. A drop is counted with its reason.
 *
 * Return: BPF_OK (forward on the current destination), BPF_REDIRECT (the
 * behaviour attached a route) or BPF_DROP.
 */
__bpf_kfunc int bpf_seg6x_exec(struct __sk_buff *ctx, u32 behaviour)
{
	struct sk_buff *skb = (struct sk_buff *)ctx;
	const struct seg6x_behaviour *b = seg6x_behaviour_get(behaviour);
	struct net *net = dev_net(skb->dev);
	int ret;

	if (unlikely(!b)) {
		seg6x_count_drop(net, SEG6X_BEHAVIOUR_UNSPEC, SEG6X_DROP_NO_BEHAVIOUR);
		return BPF_DROP;
	}
	if (unlikely(!seg6x_from_end_bpf(skb))) {
		seg6x_count_drop(net, SEG6X_BEHAVIOUR_UNSPEC, SEG6X_DROP_NOT_END_BPF);
		return BPF_DROP;
	}
	seg6x_count(net, b->id, skb->len);
	ret = b->input(skb);
	if (ret < 0) {
		seg6x_count_drop(net, b->id, -ret);
		return BPF_DROP;
	}
	/* the behaviour may have moved skb->data: keep the program's view sane */
	bpf_compute_data_pointers(skb);
	return ret;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(seg6x_kfunc_ids)
BTF_ID_FLAGS(func, bpf_seg6x_exec)
BTF_KFUNCS_END(seg6x_kfunc_ids)

/* LWT_SEG6LOCAL shares the BTF_KFUNC_HOOK_LWT hook with lwt_in/out/xmit:
 * refuse those, they run outside End.BPF. */
static int seg6x_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&seg6x_kfunc_ids, kfunc_id))
		return 0;
	return prog->type == BPF_PROG_TYPE_LWT_SEG6LOCAL ? 0 : -EACCES;
}

static const struct btf_kfunc_id_set seg6x_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &seg6x_kfunc_ids,
	.filter	= seg6x_kfunc_filter,
};

/* Kfunc sets cannot be unregistered; programs using them hold a module
 * reference, so rmmod is refused while any seg6x route exists. */
int seg6x_kfunc_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_LWT_SEG6LOCAL, &seg6x_kfunc_set);
}
