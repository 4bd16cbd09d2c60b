// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-out.c - the final state of a process, as text or JSON. run and ref
 * both print a returned payload through here, so their outputs can be
 * diffed (minus what only the network knows: hops, node, dup).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "avr.h"
#include "avr-sym.h"
#include "sriot.h"

void sriot_sid_str(const uint8_t sid[16], char *buf, size_t len)
{
	if (!inet_ntop(AF_INET6, sid, buf, len))
		snprintf(buf, len, "?");
}

/* The SID of the node that owns a logged write, as text ("?" if unknown) */
static void write_node_str(const struct sriot_view *v, const struct sriot_write *w,
			   char *buf, size_t len)
{
	uint8_t raw[16];

	if (w->node >= v->hdr->n_nodes) {
		snprintf(buf, len, "?");
		return;
	}
	sriot_node_sid(v, w->node, raw);
	sriot_sid_str(raw, buf, len);
}

static const char *fault_name(const struct sriot_hdr *h)
{
	if (h->status != SRIOT_ST_FAULT)
		return "none";
	return seg6x_avr_status_name(h->fault);
}

/* The SID of node @i as text, or @none */
static void node_str(const struct sriot_view *v, unsigned int i, const char *none,
		     char *buf, size_t len)
{
	uint8_t raw[16];

	if (i >= v->hdr->n_nodes) {
		snprintf(buf, len, "%s", none);
		return;
	}
	sriot_node_sid(v, i, raw);
	sriot_sid_str(raw, buf, len);
}

/*
 * Why the process came back, in one line a user can act on. Every status
 * of enum sriot_status has one (the man page sriot(1) lists them).
 */
void sriot_status_reason(const struct sriot_view *v, char *buf, size_t len)
{
	const struct sriot_hdr *h = v->hdr;
	unsigned int fa = sriot_get16(&h->fault_addr);
	char node[INET6_ADDRSTRLEN + 8];

	node_str(v, h->last_node, "the node", node, sizeof(node));
	switch (h->status) {
	case SRIOT_ST_RUNNING:
		snprintf(buf, len, "still in flight (not a returned process)");
		break;
	case SRIOT_ST_BREAK:
		snprintf(buf, len, "ended with BREAK (as when main returns; its value is in r24)");
		break;
	case SRIOT_ST_SLEEP:
		snprintf(buf, len, "ended with SLEEP");
		break;
	case SRIOT_ST_FAULT:
		if (h->fault == AVR_BAD_STACK) {
			snprintf(buf, len, "the stack left the SRAM window 0x%04x+%u at pc 0x%04x, "
				 "SP 0x%04x (bad-stack: deep recursion or big locals; sriot build "
				 "--sram)", sriot_get16(&h->sram_base), sriot_get16(&h->sram_size),
				 sriot_get16(&h->pc), fa);
			break;
		}
		snprintf(buf, len, "the AVR core stopped on %s: %s at pc 0x%04x, address 0x%04x",
			 node, seg6x_avr_status_name(h->fault), sriot_get16(&h->pc), fa);
		break;
	case SRIOT_ST_UNKNOWN_PORT:
		snprintf(buf, len, "port 0x%02x is not in the task's port map (add it to the ports file)",
			 fa);
		break;
	case SRIOT_ST_PORT_LOOP:
		snprintf(buf, len, "node %s does not own port 0x%02x, though the port map says so "
			 "(ip sriot port add there, or fix the ports file)", node, fa);
		break;
	case SRIOT_ST_HOP_BUDGET:
		snprintf(buf, len, "%s ran out of its instruction budget for one visit "
			 "(ip sriot set hop-budget, max-steps)", node);
		break;
	case SRIOT_ST_STEP_LIMIT:
		snprintf(buf, len, "%u steps reached the task's step limit (sriot build --step-limit)",
			 sriot_get32(&h->steps));
		break;
	case SRIOT_ST_HOP_LIMIT:
		snprintf(buf, len, "the process reached its hop limit, %u (sriot build --hop-limit), "
			 "or a node's max-hops", h->hop_limit);
		break;
	case SRIOT_ST_IO_FAULT:
		snprintf(buf, len, "node %s refused the access to port 0x%02x (a write to a sensor)",
			 node, fa);
		break;
	default:
		snprintf(buf, len, "status %u is unknown to this sriot", h->status);
		break;
	}
}

/* A symbol's bytes in the SRAM window; 0 if it lies outside */
static int sym_bytes(const struct sriot_view *v, const struct sriot_sym *s,
		     const uint8_t **p)
{
	unsigned int base = sriot_get16(&v->hdr->sram_base);
	unsigned int size = sriot_get16(&v->hdr->sram_size);

	if (!s->is_data || s->value < base || s->value + s->size > base + size)
		return 0;
	*p = v->sram + (s->value - base);
	return 1;
}

static void print_syms(const struct sriot_task *t, const struct sriot_view *v,
		       const struct sriot_outopts *o)
{
	unsigned int i, j;

	for (i = 0; i < o->n_syms; i++) {
		const struct sriot_sym *s = sriot_task_sym(t, o->syms[i]);
		const uint8_t *p = NULL;
		uint64_t val = 0;

		if (!s || !sym_bytes(v, s, &p)) {
			if (o->json) {
				printf("%s", i ? "," : "");
				avr_sym_json(o->syms[i], 1, 0, 0, NULL,
					     s ? "not in the SRAM window" : "no such symbol");
			} else
				printf("sym %s: %s\n", o->syms[i],
				       s ? "not in the SRAM window" : "no such symbol");
			continue;
		}
		for (j = s->size; j-- > 0;)
			val = val << 8 | p[j];
		if (o->json) {
			printf("%s", i ? "," : "");
			avr_sym_json(s->name, 1, s->value, s->size, p, NULL);
		} else {
			printf("sym %s = ", s->name);
			if (s->size <= 8)
				printf("%llu (0x%llx)", (unsigned long long)val,
				       (unsigned long long)val);
			else
				for (j = 0; j < s->size; j++)
					printf("%02x", p[j]);
			printf(" @0x%04x size %u\n", s->value, s->size);
		}
	}
}

static void print_json(const struct sriot_task *t, const struct sriot_view *v,
		       const struct sriot_outopts *o)
{
	const struct sriot_hdr *h = v->hdr;
	unsigned int i, size = sriot_get16(&h->sram_size);
	char sid[INET6_ADDRSTRLEN], reason[256];

	sriot_status_reason(v, reason, sizeof(reason));
	sriot_json_printed = 1;
	printf("{\"status\":\"%s\",\"reason\":", sriot_status_name(h->status));
	avr_json_str(reason);
	printf(",\"fault\":\"%s\",\"fault_addr\":%u,"
	       "\"steps\":%u,\"cycles\":%u,\"pc\":%u,\"sp\":%u,\"sreg\":%u,"
	       "\"hops\":%u,\"regs\":[",
	       fault_name(h), sriot_get16(&h->fault_addr),
	       sriot_get32(&h->steps), sriot_get32(&h->cycles), sriot_get16(&h->pc),
	       sriot_get16(&h->sp), h->sreg, h->hops);
	for (i = 0; i < 32; i++)
		printf("%s%u", i ? "," : "", h->regs[i]);
	printf("],\"writes\":[");
	for (i = 0; i < h->log_len; i++) {
		const struct sriot_write *w = &v->log[i];

		write_node_str(v, w, sid, sizeof(sid));
		printf("%s{\"port\":%u,\"value\":%u,\"node\":\"%s\",\"dup\":%s}",
		       i ? "," : "", w->port, w->value, sid,
		       w->flags & SRIOT_WRITE_DUP ? "true" : "false");
	}
	printf("],\"wseq\":%u,\"sram_base\":%u,\"sram\":\"", sriot_get16(&h->wseq),
	       sriot_get16(&h->sram_base));
	for (i = 0; i < size; i++)
		printf("%02x", v->sram[i]);
	printf("\",\"syms\":[");
	print_syms(t, v, o);
	printf("]}\n");
}

static void print_text(const struct sriot_task *t, const struct sriot_view *v,
		       const struct sriot_outopts *o)
{
	const struct sriot_hdr *h = v->hdr;
	unsigned int i, base = sriot_get16(&h->sram_base), size = sriot_get16(&h->sram_size);
	char sid[INET6_ADDRSTRLEN], reason[256];

	sriot_status_reason(v, reason, sizeof(reason));
	printf("status     %s: %s\n", sriot_status_name(h->status), reason);
	printf("fault      %s\n", fault_name(h));
	printf("fault_addr 0x%04x\n", sriot_get16(&h->fault_addr));
	printf("steps      %u\n", sriot_get32(&h->steps));
	printf("cycles     %u\n", sriot_get32(&h->cycles));
	printf("pc         0x%04x\n", sriot_get16(&h->pc));
	printf("sp         0x%04x\n", sriot_get16(&h->sp));
	printf("sreg       0x%02x %c%c%c%c%c%c%c%c\n", h->sreg,
	       h->sreg & 0x80 ? 'I' : '-', h->sreg & 0x40 ? 'T' : '-',
	       h->sreg & 0x20 ? 'H' : '-', h->sreg & 0x10 ? 'S' : '-',
	       h->sreg & 0x08 ? 'V' : '-', h->sreg & 0x04 ? 'N' : '-',
	       h->sreg & 0x02 ? 'Z' : '-', h->sreg & 0x01 ? 'C' : '-');
	printf("hops       %u\n", h->hops);
	for (i = 0; i < 32; i++) {
		if (!(i % 8))
			printf("%-10s", i ? (i == 8 ? "r8-r15" : i == 16 ? "r16-r23" : "r24-r31") : "r0-r7");
		printf(" %02x%s", h->regs[i], i % 8 == 7 ? "\n" : "");
	}
	printf("writes     %u (wseq %u)\n", h->log_len, sriot_get16(&h->wseq));
	for (i = 0; i < h->log_len; i++) {
		const struct sriot_write *w = &v->log[i];

		write_node_str(v, w, sid, sizeof(sid));
		printf("  port 0x%02x = 0x%02x  node %s%s\n", w->port, w->value, sid,
		       w->flags & SRIOT_WRITE_DUP ? "  dup" : "");
	}
	printf("sram       0x%04x +%u\n", base, size);
	for (i = 0; i < size; i++)
		printf("%s%02x%s", i % 16 ? " " : "  ", v->sram[i],
		       i % 16 == 15 || i + 1 == size ? "\n" : "");
	print_syms(t, v, o);
}

int sriot_print_result(const struct sriot_task *t, const struct sriot_view *v,
		       const struct sriot_outopts *o)
{
	if (o->json)
		print_json(t, v, o);
	else
		print_text(t, v, o);
	return 0;
}
