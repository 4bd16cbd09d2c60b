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
 * @behaviour: a SEG6X_BEHAVIOUR_* id, | SEG6X_EXEC_* route options of it
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
	const struct seg6x_behaviour *b =
		seg6x_behaviour_get(behaviour & SEG6X_EXEC_ID_MASK);
	u32 flags = behaviour & ~SEG6X_EXEC_ID_MASK;
	struct net *net = dev_net(skb->dev);
	int ret;

	if (unlikely(!b || (flags & ~b->flags))) {
		seg6x_count_drop(net, SEG6X_BEHAVIOUR_UNSPEC, SEG6X_DROP_NO_BEHAVIOUR);
		return BPF_DROP;
	}
	if (unlikely(!seg6x_from_end_bpf(skb))) {
		seg6x_count_drop(net, SEG6X_BEHAVIOUR_UNSPEC, SEG6X_DROP_NOT_END_BPF);
		return BPF_DROP;
	}
	seg6x_count(net, b->id, skb->len);
	ret = b->input(skb, flags);
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

/*
 * The kfunc may move skb->data and free the old head (skb_ensure_writable,
 * a pull, the return path's header rebuild), and End.BPF's per-CPU SRH
 * state then points at freed memory. The verifier cannot be told: 6.12 has
 * no kfunc flag for it, and later kernels invalidate packet pointers after
 * a kfunc only for a fixed list of vmlinux kfuncs. So a program may call
 * bpf_seg6x_exec() only if it cannot hold anything into the packet across
 * the call; checked on its instructions as the verifier loads it:
 *   - no load of __sk_buff data, data_end or data_meta (so no packet
 *     pointer at all, before or after the call);
 *   - no other kfunc (bpf_dynptr_from_skb() would make packet slices);
 *   - no bpf_lwt_seg6_* helper (they use End.BPF's SRH state) and no tail
 *     call (the next program could).
 * seg6x's glue (bpf/seg6x_glue.bpf.c) is one call and a return.
 */
static bool seg6x_insn_reads_pkt_ptr(const struct bpf_insn *insn)
{
	u8 mode = BPF_MODE(insn->code);

	return BPF_CLASS(insn->code) == BPF_LDX && (mode == BPF_MEM || mode == BPF_MEMSX) &&
	       (insn->off == offsetof(struct __sk_buff, data) ||
		insn->off == offsetof(struct __sk_buff, data_end) ||
		insn->off == offsetof(struct __sk_buff, data_meta));
}

static bool seg6x_insn_bad_call(const struct bpf_insn *insn, u32 kfunc_id)
{
	if (insn->code != (BPF_JMP | BPF_CALL))
		return false;
	if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
		return insn->imm != kfunc_id || !insn->off;	/* ours is in module BTF */
	if (insn->src_reg)
		return false;				/* a bpf-to-bpf call: its insns are here too */
	switch (insn->imm) {
	case BPF_FUNC_lwt_seg6_store_bytes:
	case BPF_FUNC_lwt_seg6_adjust_srh:
	case BPF_FUNC_lwt_seg6_action:
	case BPF_FUNC_tail_call:
		return true;
	}
	return false;
}

static bool seg6x_prog_keeps_nothing(const struct bpf_prog *prog, u32 kfunc_id)
{
	u32 i;

	for (i = 0; i < prog->len; i++)
		if (seg6x_insn_reads_pkt_ptr(&prog->insnsi[i]) ||
		    seg6x_insn_bad_call(&prog->insnsi[i], kfunc_id))
			return false;
	return true;
}

/* LWT_SEG6LOCAL shares the BTF_KFUNC_HOOK_LWT hook with lwt_in/out/xmit:
 * refuse those, they run outside End.BPF; and refuse a program that could
 * keep a packet pointer or use End.BPF's SRH state across the call. */
static int seg6x_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&seg6x_kfunc_ids, kfunc_id))
		return 0;
	if (prog->type != BPF_PROG_TYPE_LWT_SEG6LOCAL)
		return -EACCES;
	return seg6x_prog_keeps_nothing(prog, kfunc_id) ? 0 : -EACCES;
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
