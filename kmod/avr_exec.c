// SPDX-License-Identifier: GPL-2.0-only
/*
 * "avr-exec": SR-IoT, the packet is the process (uapi/linux/seg6x_sriot.h).
 *
 * End.BPF has validated the SRH and advanced it (segments left 1 -> 0) when
 * this runs. The process is run in place: the AVR core's SRAM window and
 * code point into the (linear, writable) packet; only the scratch buffer of
 * pre-decoded instructions is ours, per CPU. Then the process either moves
 * on (segments[1] and the destination become the next node's SID, segments
 * left 1 again) or goes home (status set, SRH removed, destination = the
 * sender). Every exit path leaves a packet whose UDP checksum is valid.
 */
#include <linux/bpf.h>
#include <linux/ipv6.h>
#include <linux/percpu.h>
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/seg6_hmac.h>
#include <uapi/linux/seg6.h>
#include <uapi/linux/seg6_hmac.h>
#include "seg6x.h"
#include "avr.h"
#include "machine.h"
#include "wire.h"

/* The largest SRH has 127 segments: 125 of code, 8 words each. */
#define AVR_EXEC_MAX_WORDS	(125 * SRIOT_WORDS_PER_SEG)

/*
 * Port accesses a visit may make. An access costs far more than an
 * instruction (the port table, the write memory under the namespace's lock,
 * an event); a visit that wants more ends as if its budget were spent.
 */
#define AVR_EXEC_MAX_ACCESSES	256

enum {
	AVR_EXEC_C_INSNS,
	AVR_EXEC_C_MIGRATIONS,
	AVR_EXEC_C_RETURNED,
	AVR_EXEC_C_FAILED,
	AVR_EXEC_C_READS,
	AVR_EXEC_C_WRITES,
	AVR_EXEC_C_DUP_WRITES,
	AVR_EXEC_C_DECODED,
	AVR_EXEC_C_ACCESS_CAP,
	AVR_EXEC_C_EVENTS_MUTED,
	AVR_EXEC_C_WMEM_QUOTA,
	AVR_EXEC_C_WMEM_FULL,
	AVR_EXEC_C_REUSED,
	__AVR_EXEC_C_MAX,
};

static const char *const avr_exec_counter_names[__AVR_EXEC_C_MAX] = {
	[AVR_EXEC_C_INSNS]	= "instructions",
	[AVR_EXEC_C_MIGRATIONS]	= "migrations",
	[AVR_EXEC_C_RETURNED]	= "returned",
	[AVR_EXEC_C_FAILED]	= "returned-failed",
	[AVR_EXEC_C_READS]	= "port-reads",
	[AVR_EXEC_C_WRITES]	= "actuator-writes",
	[AVR_EXEC_C_DUP_WRITES]	= "duplicate-writes",
	[AVR_EXEC_C_DECODED]	= "decoded-words",
	[AVR_EXEC_C_ACCESS_CAP]	= "access-capped",
	[AVR_EXEC_C_EVENTS_MUTED] = "events-muted",
	/* writes applied and not remembered (a retransmission may repeat them) */
	[AVR_EXEC_C_WMEM_QUOTA]	= "write-memory-quota",
	[AVR_EXEC_C_WMEM_FULL]	= "write-memory-full",
	/* code words found pre-decoded on this CPU (the last code run here) */
	[AVR_EXEC_C_REUSED]	= "reused-words",
};

static_assert(__AVR_EXEC_C_MAX <= SEG6X_MAX_COUNTERS);

static void __percpu *avr_exec_scratch;

/*
 * The code whose pre-decode the CPU's scratch holds. A node runs the same
 * task over and over (and a process the same code on every node), while the
 * pre-decode costs about 5x the run of a 100-instruction visit: a process
 * whose code equals the last one run on this CPU, byte for byte, reuses it.
 * Exact comparison, so no packet can make another's code run. Guarded as
 * the scratch is: End.BPF runs its program with BH off under its own lock.
 */
struct avr_exec_last {
	u32 words;			/* 0: nothing valid */
	u8 code[2 * AVR_EXEC_MAX_WORDS];
};
static struct avr_exec_last __percpu *avr_exec_last;

/* One visit of a process to this node. */
struct avr_exec {
	struct net *net;
	struct sk_buff *skb;
	struct ipv6_sr_hdr *srh;
	struct udphdr *uh;
	struct sriot_view v;
	struct avr_machine m;
	struct seg6x_sriot_limits lim;
	bool hmac;			/* the SRH ends with an HMAC TLV */
	int self;			/* node index of this node, or -1 */
	int next;			/* node to migrate to after a DEFER */
	unsigned int accesses;		/* port accesses in this visit */
	bool capped;			/* stopped at AVR_EXEC_MAX_ACCESSES */
	u8 status;			/* SRIOT_ST_* set by the port hooks */
};

static void avr_exec_count(struct avr_exec *x, unsigned int c, u64 n)
{
	seg6x_count_add(x->net, SEG6X_BEHAVIOUR_AVR_EXEC, c, n);
}

/* A port this node does not own: defer to its owner, or fail. */
static enum avr_hook_result avr_exec_remote(struct avr_exec *x, u16 addr)
{
	int node = sriot_port_node(&x->v, addr);

	if (node < 0) {
		x->status = SRIOT_ST_UNKNOWN_PORT;
		return AVR_HOOK_FAULT;
	}
	if (node == x->self) {
		/* the map says it is here, but this node has no such port */
		x->status = SRIOT_ST_PORT_LOOP;
		return AVR_HOOK_FAULT;
	}
	x->next = node;
	return AVR_HOOK_DEFER;
}

/* One more port access in this visit, or stop the visit before it. */
static bool avr_exec_may_access(struct avr_exec *x)
{
	if (x->accesses < AVR_EXEC_MAX_ACCESSES) {
		x->accesses++;
		return true;
	}
	x->capped = true;
	return false;
}

static enum avr_hook_result avr_exec_io_read(void *ctx, u16 addr, u8 *val)
{
	struct avr_exec *x = ctx;

	if (!avr_exec_may_access(x))
		return AVR_HOOK_DEFER;
	if (!seg6x_sriot_read(x->net, addr, val))
		return avr_exec_remote(x, addr);
	avr_exec_count(x, AVR_EXEC_C_READS, 1);
	return AVR_HOOK_OK;
}

static enum avr_hook_result avr_exec_io_write(void *ctx, u16 addr, u8 val)
{
	struct avr_exec *x = ctx;
	struct sriot_hdr *h = x->v.hdr;
	u16 wseq = sriot_get16(&h->wseq);
	enum sriot_wmem_verdict v;
	bool dup, muted;
	int err;

	if (!avr_exec_may_access(x))
		return AVR_HOOK_DEFER;
	err = seg6x_sriot_write(x->net, &ipv6_hdr(x->skb)->saddr, addr, val,
				sriot_get32(&h->task_id), wseq, &v, &muted);
	if (err == -ENOENT)
		return avr_exec_remote(x, addr);
	if (err) {
		x->status = SRIOT_ST_IO_FAULT;	/* a sensor: read-only */
		return AVR_HOOK_FAULT;
	}
	dup = v == SRIOT_WMEM_SEEN;
	avr_exec_count(x, dup ? AVR_EXEC_C_DUP_WRITES : AVR_EXEC_C_WRITES, 1);
	if (v == SRIOT_WMEM_QUOTA || v == SRIOT_WMEM_FULL)
		avr_exec_count(x, v == SRIOT_WMEM_QUOTA ? AVR_EXEC_C_WMEM_QUOTA :
			       AVR_EXEC_C_WMEM_FULL, 1);
	if (muted)
		avr_exec_count(x, AVR_EXEC_C_EVENTS_MUTED, 1);
	if (h->log_len < h->log_cap)
		x->v.log[h->log_len++] = (struct sriot_write){
			.port = addr, .value = val,
			.node = x->self < 0 ? SRIOT_NODE_NONE : x->self,
			.flags = dup ? SRIOT_WRITE_DUP : 0,
		};
	sriot_put16(&h->wseq, wseq + 1);
	return AVR_HOOK_OK;
}

static const struct avr_io_ops avr_exec_io = {
	.read	= avr_exec_io_read,
	.write	= avr_exec_io_write,
};

/*
 * The SRH's TLVs: none, or exactly one HMAC TLV (RFC 8754, flag H) after the
 * segments, where Linux looks for it. End.BPF has validated that HMAC as
 * the interface's seg6_require_hmac says before we run: a node that sets it
 * to 1 runs only processes of senders holding one of its keys.
 *
 * Return: 0 (no TLV), 1 (an HMAC TLV) or -1 (anything else: malformed).
 */
static int avr_exec_srh_tlvs(const struct ipv6_sr_hdr *srh, unsigned int srhlen)
{
	unsigned int seglen = sizeof(*srh) + (srh->first_segment + 1) * sizeof(struct in6_addr);
	const struct sr6_tlv_hmac *tlv = (const void *)srh + seglen;

	if (!(srh->flags & SR6_FLAG1_HMAC))
		return srhlen == seglen ? 0 : -1;
	if (!IS_ENABLED(CONFIG_IPV6_SEG6_HMAC) || srhlen != seglen + sizeof(*tlv) ||
	    tlv->tlvhdr.type != SR6_TLV_HMAC || tlv->tlvhdr.len != sizeof(*tlv) - 2)
		return -1;
	return 1;
}

/*
 * Find and check the process: IPv6, SRH right after it with our tag and no
 * TLV but an HMAC, UDP right after the SRH covering the rest of the packet, a
 * valid SR-IoT payload whose code fills the SRH's code segments.
 *
 * A GSO super-packet is refused before anything else: it is several
 * datagrams to be, and a process rewritten in it would leave with gso_size
 * still set and a checksum that no longer matches its offload state. End.BPF
 * hands us the IPv6 header at skb->data; any other layout is refused too, as
 * the return path rebuilds the headers from there.
 */
static int avr_exec_parse(struct avr_exec *x)
{
	struct sk_buff *skb = x->skb;
	unsigned int srhoff = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	unsigned int srhlen, udpoff, udplen;
	struct ipv6hdr *ip6;
	struct ipv6_sr_hdr *srh;
	int tlvs;

	if (skb_is_gso(skb))
		return -SEG6X_DROP_GSO;
	if (skb->protocol != htons(ETH_P_IPV6))
		return -SEG6X_DROP_NOT_IPV6;
	if (skb_network_offset(skb))
		return -SEG6X_DROP_MALFORMED;
	/* the whole process is read and written: linear and private */
	if (skb_ensure_writable(skb, skb->len))
		return -SEG6X_DROP_NOMEM;
	ip6 = ipv6_hdr(skb);
	if (ip6->nexthdr != NEXTHDR_ROUTING || skb->len < srhoff + sizeof(*srh))
		return -SEG6X_DROP_NO_SRH;
	srh = (struct ipv6_sr_hdr *)(skb->data + srhoff);
	srhlen = (srh->hdrlen + 1) << 3;
	if (srh->type != IPV6_SRCRT_TYPE_4 || srh->tag != htons(SRIOT_SRH_TAG) ||
	    srh->first_segment < SRIOT_SEG_CODE || srh->segments_left != 0 ||
	    skb->len < srhoff + srhlen || srh->nexthdr != IPPROTO_UDP)
		return -SEG6X_DROP_MALFORMED;
	tlvs = avr_exec_srh_tlvs(srh, srhlen);
	if (tlvs < 0)
		return -SEG6X_DROP_MALFORMED;
	x->hmac = tlvs;
	udpoff = srhoff + srhlen;
	if (skb->len < udpoff + sizeof(struct udphdr))
		return -SEG6X_DROP_MALFORMED;
	udplen = skb->len - udpoff;
	x->uh = (struct udphdr *)(skb->data + udpoff);
	if (ntohs(x->uh->len) != udplen ||
	    ntohs(ip6->payload_len) != skb->len - skb_network_offset(skb) - sizeof(*ip6))
		return -SEG6X_DROP_MALFORMED;
	if (sriot_parse(x->uh + 1, udplen - sizeof(struct udphdr), &x->v) ||
	    sriot_check_code(&x->v, srh->first_segment - 1))
		return -SEG6X_DROP_MALFORMED;
	if (ipv6_addr_type(&srh->segments[SRIOT_SEG_RETURN]) &
	    (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK | IPV6_ADDR_ANY))
		return -SEG6X_DROP_UNROUTABLE;
	x->srh = srh;
	return 0;
}

/* Load the packet's CPU state into the machine; memory stays in place. */
static int avr_exec_load(struct avr_exec *x)
{
	struct avr_machine *m = &x->m;
	struct avr_exec_last *last;

	sriot_machine_load(m, &x->v);
	m->code = (const u8 *)&x->srh->segments[SRIOT_SEG_CODE];
	m->io = &avr_exec_io;
	m->io_ctx = x;
	m->scratch = this_cpu_ptr(avr_exec_scratch);
	m->scratch_size = AVR_SCRATCH_SIZE(AVR_EXEC_MAX_WORDS);
	if (m->code_words > AVR_EXEC_MAX_WORDS)
		return -SEG6X_DROP_MALFORMED;
	last = this_cpu_ptr(avr_exec_last);
	if (m->code_words && last->words == m->code_words &&
	    !memcmp(last->code, m->code, 2 * m->code_words)) {
		if (seg6x_avr_prepare_reuse(m) != AVR_OK)
			return -SEG6X_DROP_MALFORMED;
		avr_exec_count(x, AVR_EXEC_C_REUSED, m->code_words);
		return 0;
	}
	last->words = 0;
	if (seg6x_avr_prepare(m) != AVR_OK)
		return -SEG6X_DROP_MALFORMED;
	memcpy(last->code, m->code, 2 * m->code_words);
	last->words = m->code_words;
	avr_exec_count(x, AVR_EXEC_C_DECODED, m->code_words);
	return 0;
}

/*
 * avr_exec_admit - may this process run here at all?
 *
 * The checks that cost a few loads, made before the code is pre-decoded
 * (up to 1000 words, the dearest step of a visit): a process that is
 * finished or out of hops or steps goes home without it. Hops and steps are
 * capped by the node's own maximums (ip sriot set max-hops, max-steps)
 * whatever the process asks for.
 *
 * Return: SRIOT_ST_RUNNING to run it, else the status to send it home with.
 */
static u8 avr_exec_admit(struct avr_exec *x)
{
	const struct sriot_hdr *h = x->v.hdr;

	if (h->status != SRIOT_ST_RUNNING)
		return h->status;		/* already finished: send it home */
	seg6x_sriot_limits(x->net, &x->lim);
	if (h->hops >= min_t(u32, h->hop_limit, x->lim.max_hops))
		return SRIOT_ST_HOP_LIMIT;
	if (sriot_get32(&h->steps) >= min(sriot_get32(&h->step_limit), x->lim.max_steps))
		return SRIOT_ST_STEP_LIMIT;
	return SRIOT_ST_RUNNING;
}

/* Run on this node (admitted); return the SRIOT_ST_* it ends with here. */
static u8 avr_exec_run(struct avr_exec *x)
{
	struct sriot_hdr *h = x->v.hdr;
	u32 steps = sriot_get32(&h->steps);
	u32 limit = min(sriot_get32(&h->step_limit), x->lim.max_steps);
	u32 budget = x->lim.hop_budget;
	bool by_limit = false;
	enum avr_status st;

	h->hops++;
	h->last_node = x->self < 0 ? SRIOT_NODE_NONE : x->self;
	if (limit - steps <= budget) {
		budget = limit - steps;
		by_limit = true;
	}
	st = seg6x_avr_run(&x->m, budget);
	avr_exec_count(x, AVR_EXEC_C_INSNS, x->m.insns - steps);
	sriot_machine_store(&x->m, &x->v);

	switch (st) {
	case AVR_OK:
		return by_limit ? SRIOT_ST_STEP_LIMIT : SRIOT_ST_HOP_BUDGET;
	case AVR_BREAK:
		return SRIOT_ST_BREAK;
	case AVR_SLEEP:
		return SRIOT_ST_SLEEP;
	case AVR_IO_DEFER:
		if (x->capped) {
			avr_exec_count(x, AVR_EXEC_C_ACCESS_CAP, 1);
			return SRIOT_ST_HOP_BUDGET;
		}
		return SRIOT_ST_RUNNING;
	case AVR_IO_FAULT:
		sriot_put16(&h->fault_addr, x->m.fault_addr);
		return x->status;
	default:
		h->fault = st;
		sriot_put16(&h->fault_addr, x->m.fault_addr);
		return SRIOT_ST_FAULT;
	}
}

/* Recompute the UDP checksum against the final destination (the sender). */
static void avr_exec_csum(struct avr_exec *x, const struct in6_addr *saddr,
			  const struct in6_addr *final)
{
	unsigned int len = ntohs(x->uh->len);

	x->uh->check = 0;
	x->uh->check = csum_ipv6_magic(saddr, final, len, IPPROTO_UDP,
				       csum_partial(x->uh, len, 0));
	if (!x->uh->check)
		x->uh->check = CSUM_MANGLED_0;
	x->skb->ip_summed = CHECKSUM_NONE;
}

/*
 * A node sends the process on as a packet of its own: the IPv6 hop limit
 * is renewed, or a process that visits many nodes would die of it. Loops
 * stay bounded: the process's own hop_limit counts the nodes.
 */
static void avr_exec_renew_hop_limit(struct avr_exec *x, struct ipv6hdr *ip6)
{
	ip6->hop_limit = READ_ONCE(x->net->ipv6.devconf_all->hop_limit);
}

static int avr_exec_return(struct avr_exec *x, u8 status);

/*
 * Send the process to node @node: it becomes the active segment. Never to
 * this very SID (the packet would re-enter avr-exec nested on this stack; the
 * node table holds no SID twice, so this is the port-loop check again), and
 * never to an address that is no unicast SID: dropped as unroutable, as a
 * bad return address is. An SRH HMAC covers the segments, the active one
 * too: it is signed again with this node's key of the same key id (the SR
 * domain's), or the next node would refuse the process.
 */
static int avr_exec_migrate(struct avr_exec *x, int node)
{
	struct ipv6hdr *ip6 = ipv6_hdr(x->skb);
	struct in6_addr *active = &x->srh->segments[SRIOT_SEG_ACTIVE];
	struct in6_addr to;

	sriot_node_sid(&x->v, node, to.s6_addr);
	if (ipv6_addr_type(&to) & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK | IPV6_ADDR_ANY))
		return -SEG6X_DROP_UNROUTABLE;
	if (ipv6_addr_equal(&to, active)) {
		sriot_put16(&x->v.hdr->fault_addr, x->m.fault_addr);
		return avr_exec_return(x, SRIOT_ST_PORT_LOOP);
	}
	*active = to;
	if (IS_ENABLED(CONFIG_IPV6_SEG6_HMAC) && x->hmac &&
	    seg6_push_hmac(x->net, &ip6->saddr, x->srh))
		return -SEG6X_DROP_HMAC;
	x->srh->segments_left = SRIOT_SEG_ACTIVE;
	ip6->daddr = *active;
	avr_exec_renew_hop_limit(x, ip6);
	avr_exec_csum(x, &ip6->saddr, &x->srh->segments[SRIOT_SEG_RETURN]);
	avr_exec_count(x, AVR_EXEC_C_MIGRATIONS, 1);
	return BPF_OK;
}

/*
 * Send the process home: the SRH (and the code in it) is removed, the
 * datagram goes to the sender as plain IPv6/UDP. The UDP checksum does not
 * change meaning: it always covered the final destination.
 */
static int avr_exec_return(struct avr_exec *x, u8 status)
{
	struct sk_buff *skb = x->skb;
	unsigned int srhlen = (x->srh->hdrlen + 1) << 3;
	struct in6_addr home = x->srh->segments[SRIOT_SEG_RETURN];
	u8 nexthdr = x->srh->nexthdr;
	struct ipv6hdr *ip6;

	x->v.hdr->status = status;
	avr_exec_count(x, status == SRIOT_ST_BREAK || status == SRIOT_ST_SLEEP ?
		       AVR_EXEC_C_RETURNED : AVR_EXEC_C_FAILED, 1);

	memmove(skb->data + skb_network_offset(skb) + srhlen,
		skb->data + skb_network_offset(skb), sizeof(*ip6));
	skb_pull(skb, srhlen);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, sizeof(*ip6));
	ip6 = ipv6_hdr(skb);
	ip6->nexthdr = nexthdr;
	ip6->daddr = home;
	avr_exec_renew_hop_limit(x, ip6);
	ip6->payload_len = htons(ntohs(ip6->payload_len) - srhlen);
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	avr_exec_csum(x, &ip6->saddr, &home);
	return BPF_OK;
}

static int avr_exec_input(struct sk_buff *skb, u32 flags)
{
	struct avr_exec x = { .net = dev_net(skb->dev), .skb = skb, .next = -1 };
	int err;
	u8 st;

	err = avr_exec_parse(&x);
	if (err)
		return err;
	x.self = sriot_node_index(&x.v, x.srh->segments[SRIOT_SEG_ACTIVE].s6_addr);
	st = avr_exec_admit(&x);
	if (st != SRIOT_ST_RUNNING)
		return avr_exec_return(&x, st);
	err = avr_exec_load(&x);
	if (err)
		return err;
	st = avr_exec_run(&x);
	if (st == SRIOT_ST_RUNNING)
		return avr_exec_migrate(&x, x.next);
	return avr_exec_return(&x, st);
}

static int avr_exec_init(void)
{
	avr_exec_scratch = __alloc_percpu(AVR_SCRATCH_SIZE(AVR_EXEC_MAX_WORDS), 4);
	if (!avr_exec_scratch)
		return -ENOMEM;
	avr_exec_last = alloc_percpu(struct avr_exec_last);	/* zeroed: nothing valid */
	if (!avr_exec_last) {
		free_percpu(avr_exec_scratch);
		return -ENOMEM;
	}
	return 0;
}

static void avr_exec_exit(void)
{
	free_percpu(avr_exec_last);
	free_percpu(avr_exec_scratch);
}

const struct seg6x_behaviour seg6x_avr_exec_behaviour = {
	.id		= SEG6X_BEHAVIOUR_AVR_EXEC,
	.name		= "avr-exec",
	.desc		= "SR-IoT: run the AVR process the packet carries",
	.input		= avr_exec_input,
	.init		= avr_exec_init,
	.exit		= avr_exec_exit,
	.net_init	= seg6x_sriot_net_init,
	.net_exit	= seg6x_sriot_net_exit,
	.counter_names	= avr_exec_counter_names,
	.n_counters	= __AVR_EXEC_C_MAX,
};
