// SPDX-License-Identifier: GPL-2.0-only
/*
 * Negative test: an lwt_in program (same BTF kfunc hook as lwt_seg6local)
 * calling bpf_seg6x_exec() must be refused by the verifier, because seg6x
 * behaviours only make sense inside End.BPF.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_seg6x_exec(struct __sk_buff *ctx, __u32 behaviour) __ksym;

SEC("lwt_in")
int lwt_in_calls_seg6x(struct __sk_buff *skb)
{
	return bpf_seg6x_exec(skb, 1) == BPF_DROP ? BPF_DROP : BPF_OK;
}

char _license[] SEC("license") = "GPL";
