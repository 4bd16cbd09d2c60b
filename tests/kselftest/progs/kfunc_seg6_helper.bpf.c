// SPDX-License-Identifier: GPL-2.0-only
/*
 * Negative test of the kfunc contract (kmod/kfunc.c): an End.BPF program
 * that calls bpf_lwt_seg6_action() after bpf_seg6x_exec() (End.BPF's SRH
 * state may point into the old, freed head). The verifier must refuse it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_seg6x_exec(struct __sk_buff *ctx, __u32 behaviour) __ksym;

SEC("lwt_seg6local")
int seg6_helper(struct __sk_buff *skb)
{
	int ret = bpf_seg6x_exec(skb, 2);
	__u32 table = 0;

	if (ret == BPF_OK)
		bpf_lwt_seg6_action(skb, 0, &table, sizeof(table));
	return ret;
}

char _license[] SEC("license") = "GPL";
