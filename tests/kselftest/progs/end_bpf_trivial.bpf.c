// SPDX-License-Identifier: GPL-2.0-only
/*
 * The smallest End.BPF program: return BPF_OK, so End.BPF goes on as End
 * does (the next segment is already the destination). The bench's second
 * baseline (tests/bench/seg6x_end.sh): what End.BPF itself costs, apart
 * from seg6x's kfunc and behaviour.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("lwt_seg6local")
int end_bpf_trivial(struct __sk_buff *skb)
{
	return BPF_OK;
}

char _license[] SEC("license") = "GPL";
