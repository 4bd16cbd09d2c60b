// SPDX-License-Identifier: GPL-2.0-only
/*
 * "seg6x-end": the End behaviour taken through the seg6x datapath.
 *
 * End.BPF has already done End's work (validated the SRH, decremented
 * segments left, set the destination) when the glue program runs, so the
 * behaviour only lets the packet go on. It exists to prove a node's seg6x
 * installation end to end (ip, glue, kfunc, counters) and as the baseline
 * that isolates the cost of the seg6x path from a behaviour's own work in
 * benchmarks.
 */
#include <linux/bpf.h>
#include "seg6x.h"

static int seg6x_end_input(struct sk_buff *skb, u32 flags)
{
	return BPF_OK;
}

const struct seg6x_behaviour seg6x_end_behaviour = {
	.id	= SEG6X_BEHAVIOUR_END,
	.name	= "seg6x-end",
	.desc	= "End through the seg6x path (installation check, baseline)",
	.input	= seg6x_end_input,
};
