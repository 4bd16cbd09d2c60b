// SPDX-License-Identifier: GPL-2.0-only
/*
 * seg6x glue: one End.BPF (lwt_seg6local) program per behaviour.
 *
 * A glue program does nothing but hand the packet to the seg6x module; all
 * work, SRH edits included, happens in bpf_seg6x_exec(). Keeping the BPF side
 * this thin avoids two 6.12 pitfalls (DESIGN.md): packet pointers are not
 * invalidated across kfunc calls, and End.BPF's per-CPU SRH state dangles if
 * a kfunc moves the skb head while a bpf_lwt_seg6_* helper is in use.
 *
 * iproute2 finds a behaviour's program by name: action "foo-bar" loads the
 * program "foo_bar" of the embedded object (BPF names hold 15 characters).
 * A program whose name holds "__" is a route option of the behaviour
 * before it (pipe__ret_tlv: "action pipe return tlv"), not an action.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "../uapi/linux/seg6x.h"

extern int bpf_seg6x_exec(struct __sk_buff *ctx, __u32 behaviour) __ksym;

#define SEG6X_GLUE(prog, id)					\
	SEC("lwt_seg6local")					\
	int prog(struct __sk_buff *skb)				\
	{							\
		return bpf_seg6x_exec(skb, id);			\
	}

SEG6X_GLUE(seg6x_end, SEG6X_BEHAVIOUR_END)
SEG6X_GLUE(avr_exec, SEG6X_BEHAVIOUR_AVR_EXEC)
SEG6X_GLUE(pipe, SEG6X_BEHAVIOUR_PIPE)
SEG6X_GLUE(pipe__ret_tlv, SEG6X_BEHAVIOUR_PIPE | SEG6X_EXEC_PIPE_RETURN_TLV)
SEG6X_GLUE(ilnp_lrr, SEG6X_BEHAVIOUR_ILNP_LRR)

char _license[] SEC("license") = "GPL";
