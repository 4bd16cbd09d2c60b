// SPDX-License-Identifier: GPL-2.0-only
/*
 * The node's avr-exec SID: what the kernel does with End.BPF and
 * kmod/avr_exec.c, done on an Ethernet frame. End's part first (an SRH
 * with segments left, advanced by one), then the same checks, the same
 * machine load, budget, statuses and port rules, and the process leaves
 * the same way: on to the next node's SID (segments left 1 again) or home
 * without its SRH. Every exit leaves a valid UDP checksum.
 */
#include <errno.h>
#include <string.h>
#include "ioth.h"
#include "machine.h"
#include "wire.h"

#define ETH_HLEN	14
#define IP6_HLEN	40
#define SRH_FIXED	8

/* One visit of a process to this node. */
struct ioth_exec {
	struct ioth_node *n;
	uint8_t *ip6;
	uint8_t *srh;
	uint8_t *udp;
	size_t iplen;			/* IPv6 header + payload */
	struct sriot_view v;
	struct avr_machine m;
	int self;			/* node index of this node, or -1 */
	int next;			/* node to migrate to after a DEFER */
	uint8_t status;			/* SRIOT_ST_* set by the port hooks */
};

static uint8_t *srh_seg(const struct ioth_exec *x, unsigned int i)
{
	return x->srh + SRH_FIXED + 16 * i;
}

/* A port this node does not own: defer to its owner, or fail. */
static enum avr_hook_result ioth_exec_remote(struct ioth_exec *x, uint16_t addr)
{
	int node = sriot_port_node(&x->v, addr);

	if (node < 0) {
		x->status = SRIOT_ST_UNKNOWN_PORT;
		return AVR_HOOK_FAULT;
	}
	if (node == x->self) {
		x->status = SRIOT_ST_PORT_LOOP;
		return AVR_HOOK_FAULT;
	}
	x->next = node;
	return AVR_HOOK_DEFER;
}

static enum avr_hook_result ioth_exec_read(void *ctx, uint16_t addr, uint8_t *val)
{
	struct ioth_exec *x = ctx;
	int err = ioth_port_read(x->n, addr, val);

	if (err == -ENOENT)
		return ioth_exec_remote(x, addr);
	if (err) {
		x->status = SRIOT_ST_IO_FAULT;	/* its file or command failed */
		return AVR_HOOK_FAULT;
	}
	return AVR_HOOK_OK;
}

static enum avr_hook_result ioth_exec_write(void *ctx, uint16_t addr, uint8_t val)
{
	struct ioth_exec *x = ctx;
	struct sriot_hdr *h = x->v.hdr;
	uint16_t wseq = sriot_get16(&h->wseq);
	bool dup = false;
	int err;

	err = ioth_port_write(x->n, x->ip6 + 8, addr, val, sriot_get32(&h->task_id), wseq, &dup);
	if (err == -ENOENT)
		return ioth_exec_remote(x, addr);
	if (err) {
		x->status = SRIOT_ST_IO_FAULT;	/* a sensor: read-only */
		return AVR_HOOK_FAULT;
	}
	if (h->log_len < h->log_cap)
		x->v.log[h->log_len++] = (struct sriot_write){
			.port = addr, .value = val,
			.node = x->self < 0 ? SRIOT_NODE_NONE : x->self,
			.flags = dup ? SRIOT_WRITE_DUP : 0,
		};
	sriot_put16(&h->wseq, wseq + 1);
	return AVR_HOOK_OK;
}

static const struct avr_io_ops ioth_exec_io = {
	.read	= ioth_exec_read,
	.write	= ioth_exec_write,
};

/*
 * End's part (the kernel's seg6local input before End.BPF runs): an SRH
 * right after the IPv6 header that fits the packet, with a segment left;
 * advance it: segments left - 1, destination = that segment.
 */
static int ioth_exec_end(struct ioth_exec *x)
{
	uint8_t *srh = x->ip6 + IP6_HLEN;
	size_t srhlen;

	if (x->ip6[6] != 43 || x->iplen < IP6_HLEN + SRH_FIXED)
		return -IOTH_D_NO_SRH;
	srhlen = ((size_t)srh[1] + 1) << 3;
	if (x->iplen < IP6_HLEN + srhlen || srh[2] != 4 ||
	    ((size_t)srh[4] + 1) * 16 > srhlen - SRH_FIXED ||
	    srh[3] == 0 || srh[3] > srh[4])
		return -IOTH_D_NO_SRH;
	srh[3]--;
	memcpy(x->ip6 + 24, srh + SRH_FIXED + 16 * srh[3], 16);
	x->srh = srh;
	return 0;
}

/* avr_exec_parse: the same checks, in the same order */
static int ioth_exec_parse(struct ioth_exec *x)
{
	uint8_t *srh = x->srh;
	size_t srhlen = ((size_t)srh[1] + 1) << 3, udpoff, udplen;
	const uint8_t *ret;

	if (sriot_get16(srh + 6) != SRIOT_SRH_TAG || srh[4] < SRIOT_SEG_CODE || srh[3] != 0 ||
	    srhlen != SRH_FIXED + ((size_t)srh[4] + 1) * 16 || srh[0] != 17)
		return -IOTH_D_MALFORMED;
	udpoff = IP6_HLEN + srhlen;
	if (x->iplen < udpoff + 8)
		return -IOTH_D_MALFORMED;
	udplen = x->iplen - udpoff;
	x->udp = x->ip6 + udpoff;
	if (sriot_get16(x->udp + 4) != udplen)
		return -IOTH_D_MALFORMED;
	if (sriot_parse(x->udp + 8, udplen - 8, &x->v) ||
	    sriot_check_code(&x->v, srh[4] - 1))
		return -IOTH_D_MALFORMED;
	ret = srh_seg(x, SRIOT_SEG_RETURN);
	if (ret[0] == 0xff || (!ret[0] && !memcmp(ret, ret + 1, 14) && ret[15] <= 1))
		return -IOTH_D_UNROUTABLE;	/* multicast, :: or ::1 */
	return 0;
}

static int ioth_exec_load(struct ioth_exec *x)
{
	struct avr_machine *m = &x->m;

	sriot_machine_load(m, &x->v);
	m->code = srh_seg(x, SRIOT_SEG_CODE);
	m->io = &ioth_exec_io;
	m->io_ctx = x;
	m->scratch = x->n->scratch;
	m->scratch_size = sizeof(x->n->scratch);
	return seg6x_avr_prepare(m) == AVR_OK ? 0 : -IOTH_D_MALFORMED;
}

/* Run on this node; return the SRIOT_ST_* the process ends with here. */
static uint8_t ioth_exec_run(struct ioth_exec *x)
{
	struct sriot_hdr *h = x->v.hdr;
	uint32_t steps = sriot_get32(&h->steps), limit = sriot_get32(&h->step_limit);
	uint32_t budget = x->n->hop_budget;
	bool by_limit = false;
	enum avr_status st;

	if (h->status != SRIOT_ST_RUNNING)
		return h->status;
	if (h->hops >= h->hop_limit)
		return SRIOT_ST_HOP_LIMIT;
	if (steps >= limit)
		return SRIOT_ST_STEP_LIMIT;
	h->hops++;
	h->last_node = x->self < 0 ? SRIOT_NODE_NONE : x->self;
	if (limit - steps <= budget) {
		budget = limit - steps;
		by_limit = true;
	}
	st = seg6x_avr_run(&x->m, budget);
	x->n->counter[IOTH_C_INSNS] += (uint32_t)(x->m.insns - steps);
	sriot_machine_store(&x->m, &x->v);

	switch (st) {
	case AVR_OK:
		return by_limit ? SRIOT_ST_STEP_LIMIT : SRIOT_ST_HOP_BUDGET;
	case AVR_BREAK:
		return SRIOT_ST_BREAK;
	case AVR_SLEEP:
		return SRIOT_ST_SLEEP;
	case AVR_IO_DEFER:
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

/* UDP checksum against the final destination (the sender) */
static void ioth_exec_csum(struct ioth_exec *x, const uint8_t *final)
{
	size_t len = sriot_get16(x->udp + 4);

	x->udp[6] = x->udp[7] = 0;
	sriot_put16(x->udp + 6, ioth_csum(x->ip6 + 8, final, 17, x->udp, len));
}

/* Send the process to node @node: it becomes the active segment. */
static void ioth_exec_migrate(struct ioth_exec *x, uint8_t *frame)
{
	uint8_t *active = srh_seg(x, SRIOT_SEG_ACTIVE);

	sriot_node_sid(&x->v, x->next, active);
	x->srh[3] = SRIOT_SEG_ACTIVE;
	memcpy(x->ip6 + 24, active, 16);
	x->ip6[7] = IOTH_HOP_LIMIT;
	ioth_exec_csum(x, srh_seg(x, SRIOT_SEG_RETURN));
	x->n->counter[IOTH_C_MIGRATIONS]++;
	ioth_send_ip6(x->n, frame, ETH_HLEN + x->iplen);
}

/* Send the process home as plain IPv6/UDP: the SRH and its code go. */
static void ioth_exec_return(struct ioth_exec *x, uint8_t *frame, uint8_t status)
{
	size_t srhlen = ((size_t)x->srh[1] + 1) << 3;
	size_t udplen = sriot_get16(x->udp + 4);
	uint8_t home[16];

	x->v.hdr->status = status;
	x->n->counter[status == SRIOT_ST_BREAK || status == SRIOT_ST_SLEEP ?
		      IOTH_C_RETURNED : IOTH_C_FAILED]++;
	memcpy(home, srh_seg(x, SRIOT_SEG_RETURN), 16);
	x->ip6[6] = x->srh[0];
	memmove(x->srh, x->udp, udplen);
	x->udp = x->srh;
	x->iplen -= srhlen;
	sriot_put16(x->ip6 + 4, x->iplen - IP6_HLEN);
	memcpy(x->ip6 + 24, home, 16);
	x->ip6[7] = IOTH_HOP_LIMIT;
	ioth_exec_csum(x, home);
	ioth_send_ip6(x->n, frame, ETH_HLEN + x->iplen);
}

/**
 * ioth_exec - run the process a frame to one of our SIDs carries
 * @frame: Ethernet frame, IPv6 header at byte 14, checked by ioth_input
 *         (version, payload length = the rest of @len)
 *
 * Sends the process on or home through ioth_send_ip6(), or drops it and
 * counts the reason.
 */
void ioth_exec(struct ioth_node *n, uint8_t *frame, size_t len)
{
	struct ioth_exec x = { .n = n, .ip6 = frame + ETH_HLEN, .iplen = len - ETH_HLEN,
			       .next = -1 };
	int err;
	uint8_t st;

	err = ioth_exec_end(&x);
	if (!err) {
		n->counter[IOTH_C_PROCESSES]++;
		err = ioth_exec_parse(&x);
	}
	if (!err) {
		x.self = sriot_node_index(&x.v, srh_seg(&x, SRIOT_SEG_ACTIVE));
		err = ioth_exec_load(&x);
	}
	if (err) {
		n->drop[-err]++;
		return;
	}
	st = ioth_exec_run(&x);
	if (st == SRIOT_ST_RUNNING)
		ioth_exec_migrate(&x, frame);
	else
		ioth_exec_return(&x, frame, st);
}
