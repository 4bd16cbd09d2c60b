// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per network namespace counters: packets and bytes per behaviour, drops per
 * behaviour and reason. Per-CPU, written in softirq, summed on read.
 */
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include "seg6x.h"

/* Stable names for enum seg6x_drop_reason; sent in every stats reply. */
static const char *const seg6x_drop_names[__SEG6X_DROP_MAX] = {
	[SEG6X_DROP_UNSPEC]		= "unspec",
	[SEG6X_DROP_NO_BEHAVIOUR]	= "no-behaviour",
	[SEG6X_DROP_NOT_IPV6]		= "not-ipv6",
	[SEG6X_DROP_NO_SRH]		= "no-srh",
	[SEG6X_DROP_NOMEM]		= "nomem",
	[SEG6X_DROP_MALFORMED]		= "malformed",
	[SEG6X_DROP_BUDGET]		= "budget",
	[SEG6X_DROP_UNROUTABLE]		= "unroutable",
	[SEG6X_DROP_NOT_END_BPF]	= "not-end-bpf",
	[SEG6X_DROP_BAD_NONCE]		= "bad-nonce",
	[SEG6X_DROP_UNKNOWN_NID]	= "unknown-nid",
	[SEG6X_DROP_CACHE_FULL]		= "cache-full",
	[SEG6X_DROP_BAD_CHECKSUM]	= "bad-checksum",
	[SEG6X_DROP_PIPE_REDUCED_SRH]	= "pipe-reduced-srh",
	[SEG6X_DROP_PIPE_NOT_TCP]	= "pipe-not-tcp",
	[SEG6X_DROP_PIPE_FUNCTION]	= "pipe-unknown-function",
	[SEG6X_DROP_PIPE_FLOWS]		= "pipe-flow-limit",
	[SEG6X_DROP_GSO]		= "gso",
	[SEG6X_DROP_HMAC]		= "hmac",
	[SEG6X_DROP_OTIP_STALE]		= "otip-stale",
	[SEG6X_DROP_OTIP_GUESSED]	= "otip-guessed",
	[SEG6X_DROP_OTIP_NO_FLOW]	= "otip-no-flow",
	[SEG6X_DROP_OTIP_PROTOCOL]	= "otip-protocol",
	[SEG6X_DROP_OTIP_FLOWS]		= "otip-flows-full",
	[SEG6X_DROP_PIPE_LOADING]	= "pipe-function-loading",
	[SEG6X_DROP_PIPE_RETURN_TLV]	= "pipe-return-tlv",
};

const char *seg6x_drop_name(u32 reason)
{
	return reason < __SEG6X_DROP_MAX ? seg6x_drop_names[reason] : "unknown";
}

static struct seg6x_stats_row *seg6x_row_begin(struct net *net, u32 id,
					       struct seg6x_pcpu_stats **pcpu)
{
	*pcpu = this_cpu_ptr(seg6x_pernet(net)->stats);
	u64_stats_update_begin(&(*pcpu)->syncp);
	return &(*pcpu)->row[id < __SEG6X_BEHAVIOUR_MAX ? id : 0];
}

/* Called from softirq (End.BPF), so this CPU's row is ours alone. */
void seg6x_count(struct net *net, u32 id, unsigned int len)
{
	struct seg6x_pcpu_stats *pcpu;
	struct seg6x_stats_row *row = seg6x_row_begin(net, id, &pcpu);

	u64_stats_inc(&row->packets);
	u64_stats_add(&row->bytes, len);
	u64_stats_update_end(&pcpu->syncp);
}

void seg6x_count_drop(struct net *net, u32 id, u32 reason)
{
	struct seg6x_pcpu_stats *pcpu;
	struct seg6x_stats_row *row = seg6x_row_begin(net, id, &pcpu);

	u64_stats_inc(&row->drops[reason < __SEG6X_DROP_MAX ? reason : 0]);
	u64_stats_update_end(&pcpu->syncp);
}

/* Add @n to the behaviour's counter number @counter (softirq). */
void seg6x_count_add(struct net *net, u32 id, unsigned int counter, u64 n)
{
	struct seg6x_pcpu_stats *pcpu;
	struct seg6x_stats_row *row;

	if (WARN_ON_ONCE(counter >= SEG6X_MAX_COUNTERS))
		return;
	row = seg6x_row_begin(net, id, &pcpu);
	u64_stats_add(&row->counters[counter], n);
	u64_stats_update_end(&pcpu->syncp);
}

/* Sum of one row over all CPUs, since the namespace was created. */
static void seg6x_stats_sum(struct seg6x_net *sn, u32 id, struct seg6x_stats_snapshot *s)
{
	int cpu, r;

	memset(s, 0, sizeof(*s));
	for_each_possible_cpu(cpu) {
		const struct seg6x_pcpu_stats *pcpu = per_cpu_ptr(sn->stats, cpu);
		const struct seg6x_stats_row *row = &pcpu->row[id];
		struct seg6x_stats_snapshot t;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&pcpu->syncp);
			t.packets = u64_stats_read(&row->packets);
			t.bytes = u64_stats_read(&row->bytes);
			for (r = 0; r < __SEG6X_DROP_MAX; r++)
				t.drops[r] = u64_stats_read(&row->drops[r]);
			for (r = 0; r < SEG6X_MAX_COUNTERS; r++)
				t.counters[r] = u64_stats_read(&row->counters[r]);
		} while (u64_stats_fetch_retry(&pcpu->syncp, start));

		s->packets += t.packets;
		s->bytes += t.bytes;
		for (r = 0; r < __SEG6X_DROP_MAX; r++)
			s->drops[r] += t.drops[r];
		for (r = 0; r < SEG6X_MAX_COUNTERS; r++)
			s->counters[r] += t.counters[r];
	}
}

/**
 * seg6x_stats_read - one behaviour's counters since the last reset
 * @net: the namespace
 * @id: behaviour id, < __SEG6X_BEHAVIOUR_MAX
 * @s: filled with the totals
 *
 * The sum and the subtraction of the last reset's base happen under the
 * lock a reset takes: a reset between them would make the base larger than
 * the sum and the difference wrap to about 2^64. Process context only.
 */
void seg6x_stats_read(struct net *net, u32 id, struct seg6x_stats_snapshot *s)
{
	struct seg6x_net *sn = seg6x_pernet(net);
	const struct seg6x_stats_snapshot *base = &sn->base[id];
	int r;

	spin_lock(&sn->base_lock);
	seg6x_stats_sum(sn, id, s);
	s->packets -= base->packets;
	s->bytes -= base->bytes;
	for (r = 0; r < __SEG6X_DROP_MAX; r++)
		s->drops[r] -= base->drops[r];
	for (r = 0; r < SEG6X_MAX_COUNTERS; r++)
		s->counters[r] -= base->counters[r];
	spin_unlock(&sn->base_lock);
}

/**
 * seg6x_stats_reset - zero one behaviour's counters in a namespace
 * @net: the namespace
 * @id: behaviour id, < __SEG6X_BEHAVIOUR_MAX
 *
 * The per-CPU counters belong to the CPUs that write them in softirq, so a
 * reset never writes them: it records the current totals as the new zero,
 * under the lock seg6x_stats_read() sums under. The totals only grow, so a
 * read always finds them at or above the base.
 */
void seg6x_stats_reset(struct net *net, u32 id)
{
	struct seg6x_net *sn = seg6x_pernet(net);

	spin_lock(&sn->base_lock);
	seg6x_stats_sum(sn, id, &sn->base[id]);
	spin_unlock(&sn->base_lock);
}

int seg6x_stats_net_init(struct seg6x_net *sn)
{
	spin_lock_init(&sn->base_lock);
	sn->stats = netdev_alloc_pcpu_stats(struct seg6x_pcpu_stats);
	return sn->stats ? 0 : -ENOMEM;
}

void seg6x_stats_net_exit(struct seg6x_net *sn)
{
	free_percpu(sn->stats);
}
