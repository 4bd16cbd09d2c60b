// SPDX-License-Identifier: GPL-2.0-only
/*
 * Negative test of the kfunc contract (kmod/kfunc.c): an End.BPF program
 * that holds skb->data/data_end across bpf_seg6x_exec() and reads through
 * them afterwards (the skb head may have moved and been freed). The
 * verifier must refuse it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_seg6x_exec(struct __sk_buff *ctx, __u32 behaviour) __ksym;

SEC("lwt_seg6local")
int keeps_data(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	volatile __u8 *p = data;
	int ret;

	if (data + 1 > data_end)
		return BPF_DROP;
	ret = bpf_seg6x_exec(skb, 2);
	return *p == 0x60 ? ret : BPF_DROP;
}

char _license[] SEC("license") = "GPL";
