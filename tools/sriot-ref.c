// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-ref.c - `sriot ref`: run a task on libsimavr, the reference, as the
 * network would run it, and print the final state the same way `sriot run`
 * does. The result is written into a copy of the task's payload (status,
 * counters, CPU state, write log, SRAM) so both commands share one printer.
 *
 * Node semantics modelled here (the network's, see seg6x_sriot.h):
 * - a sensor port reads its --port-values value and refuses writes
 *   (SRIOT_ST_IO_FAULT); an actuator port takes writes, each logged in
 *   program order while the log has room (wseq counts them all, as
 *   kmod/avr_exec.c does), and reads back the last value written (0 at
 *   first); a port without a kind reads its value and takes writes;
 * - a port not in the map stops with SRIOT_ST_UNKNOWN_PORT; a stop leaves
 *   the machine as it was before that instruction (the core's AVR_IO_DEFER /
 *   AVR_IO_FAULT);
 * - an access to a port of another node is a migration: hops counts the
 *   executing nodes (1 at the start), and a migration past hop_limit stops
 *   with SRIOT_ST_HOP_LIMIT; steps reaching step_limit stop with
 *   SRIOT_ST_STEP_LIMIT;
 * - BREAK and SLEEP end the process (PC after them, their cycle counted).
 * Steps count completed instructions; cycles are simavr's cycle counter
 * over the run, as tools/avr-engine.c counts them for the core's tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "avr-simavr.h"
#include "sriot.h"

#define OP_BREAK	0x9598
#define OP_SLEEP	0x9588

struct ref {
	struct sriot_view *v;
	const struct sriot_task *t;
	uint8_t value[256];	/* sensor values, last actuator writes */
	unsigned int node;	/* executing node */
	unsigned int hops;
	unsigned int stop;	/* a sriot_status that ends the run, or 0 */
	uint16_t stop_addr;
};

static int ref_port(struct ref *r, uint16_t addr)
{
	const struct sriot_hdr *h = r->v->hdr;
	int node;

	if (r->stop)
		return -1;
	node = sriot_port_node(r->v, addr);
	if (node < 0) {
		r->stop = SRIOT_ST_UNKNOWN_PORT;
		r->stop_addr = addr;
		return -1;
	}
	if ((unsigned int)node != r->node) {
		if (r->hops >= h->hop_limit) {
			r->stop = SRIOT_ST_HOP_LIMIT;
			r->stop_addr = addr;
			return -1;
		}
		r->node = node;
		r->hops++;
	}
	for (node = 0; node < h->n_ports; node++)
		if (r->v->ports[node].port == addr)
			return r->t->kinds[node];
	return -1;
}

static uint8_t ref_read(void *ctx, uint16_t addr)
{
	struct ref *r = ctx;

	if (ref_port(r, addr) < 0)
		return 0;
	return r->value[addr];
}

static void ref_write(void *ctx, uint16_t addr, uint8_t val)
{
	struct ref *r = ctx;
	struct sriot_hdr *h = r->v->hdr;
	struct sriot_write *w;
	int kind = ref_port(r, addr);

	if (kind < 0)
		return;
	if (kind == SRIOT_KIND_SENSOR) {
		r->stop = SRIOT_ST_IO_FAULT;
		r->stop_addr = addr;
		return;
	}
	if (h->log_len < h->log_cap) {		/* a full log drops the entry, not the write */
		w = &r->v->log[h->log_len++];
		w->port = addr;
		w->value = val;
		w->node = r->node;
		w->flags = 0;
	}
	sriot_put16(&h->wseq, sriot_get16(&h->wseq) + 1);
	r->value[addr] = val;
}

static void __attribute__((noreturn)) port_values_bad(const char *arg, const char *why)
{
	sriot_die("--port-values: argument \"%s\" is wrong: %s", arg, why);
}

/*
 * --port-values PORT=VALUE,...: checked against the task before anything
 * runs, as `ip sriot port add` checks its PORT: hex with 0x (ports are data
 * addresses, written as the ports file writes them), 0x20-0xff, not SPL, SPH
 * or SREG, in the task's port map, each once. VALUE is 0-255, decimal or 0x hex.
 */
static void port_values(struct ref *r, const struct sriot_view *v, char *list)
{
	uint8_t seen[256] = { 0 };
	char *tok, *eq, *end;
	unsigned long port, val;

	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		eq = strchr(tok, '=');
		if (!eq)
			port_values_bad(tok, "expected PORT=VALUE, e.g. 0x26=21");
		*eq = 0;
		port = strtoul(tok, &end, 16);
		if (strncmp(tok, "0x", 2) || !tok[2] || *end || tok[2] == '-' || tok[2] == '+')
			port_values_bad(tok, "PORT is hex with 0x, as in the ports file (0x20-0xff)");
		if (port < SRIOT_PORT_MIN || port > SRIOT_PORT_MAX)
			port_values_bad(tok, "PORT must be 0x20-0xff");
		if (port >= 0x5d && port <= 0x5f)
			port_values_bad(tok, "0x5d-0x5f are SPL, SPH and SREG, not ports");
		if (sriot_port_index(v, port) < 0)
			port_values_bad(tok, "not a port of this task (see sriot dump)");
		if (seen[port]++)
			port_values_bad(tok, "given twice");
		val = strtoul(eq + 1, &end, eq[1] == '0' && eq[2] == 'x' ? 16 : 10);
		if (!eq[1] || *end || val > 0xff || eq[1] == '-' || eq[1] == '+')
			port_values_bad(eq + 1, "VALUE must be 0-255 (decimal or 0x hex)");
		r->value[port] = val;
	}
}

static void load_state(struct avr_machine *m, const struct sriot_view *v, uint8_t *sram)
{
	const struct sriot_hdr *h = v->hdr;

	memset(m, 0, sizeof(*m));
	memcpy(m->r, h->regs, 32);
	m->sreg = h->sreg;
	m->sp = sriot_get16(&h->sp);
	m->pc = sriot_get16(&h->pc);
	m->sram = sram;
	m->sram_base = sriot_get16(&h->sram_base);
	m->sram_size = sriot_get16(&h->sram_size);
}

static void save_state(struct sriot_hdr *h, const struct avr_machine *m)
{
	memcpy(h->regs, m->r, 32);
	h->sreg = m->sreg;
	sriot_put16(&h->sp, m->sp);
	sriot_put16(&h->pc, m->pc);
}

/*
 * The bytes a stack instruction touches, as the core checks them
 * (avr_stack_push_off/avr_stack_pop_off): a push of n bytes writes
 * [SP+1-n, SP], a pop reads [SP+1, SP+n]. Outside the packet's SRAM window
 * the network stops with a bad-stack fault at SP; simavr, which has the
 * whole 2 KiB, would go on, so the reference has to check it itself.
 */
static int stack_ok(uint16_t op, const struct avr_machine *m)
{
	uint32_t base = m->sram_base, end = m->sram_base + m->sram_size, sp = m->sp;
	int push = 0, pop = 0;

	if ((op & 0xfe0f) == 0x920f)			/* push Rr */
		push = 1;
	else if ((op & 0xfe0f) == 0x900f)		/* pop Rd */
		pop = 1;
	else if ((op & 0xf000) == 0xd000 ||		/* rcall */
		 (op & 0xfe0e) == 0x940e || op == 0x9509)	/* call, icall */
		push = 2;
	else if (op == 0x9508 || op == 0x9518)		/* ret, reti */
		pop = 2;
	if (push)
		return sp + 1 >= base + push && sp < end;
	if (pop)
		return sp + 1 >= base && sp + pop < end;
	return 1;
}

/* Run to the end; the final state goes into r->v (registers, SRAM, log) */
static int ref_run(struct ref *r, const uint8_t *code, unsigned int words)
{
	struct sriot_hdr *h = r->v->hdr;
	struct avrsim_io_hook hook = { ref_read, ref_write, r };
	uint32_t steps = sriot_get32(&h->steps), limit = sriot_get32(&h->step_limit);
	struct avr_machine m, before;
	static uint8_t io[256];
	uint64_t c0, cbefore;
	struct avr_t *sim;
	unsigned int a;
	uint8_t *snap;

	sim = avrsim_create();
	snap = malloc(r->v->hdr ? sriot_get16(&h->sram_size) + 1 : 1);
	if (!sim || !snap || avrsim_load_flash(sim, code, 2 * words))
		sriot_die("cannot set up simavr");
	for (a = SRIOT_PORT_MIN; a <= SRIOT_PORT_MAX; a++)
		if (a < 0x5d || a > 0x5f)
			avrsim_hook_io(sim, a, &hook);
	load_state(&m, r->v, r->v->sram);
	load_state(&before, r->v, snap);
	avrsim_put(sim, &m, io);
	cbefore = c0 = avrsim_cycles(sim);
	h->status = r->hops > h->hop_limit ? SRIOT_ST_HOP_LIMIT : SRIOT_ST_RUNNING;
	if (h->status != SRIOT_ST_RUNNING)
		r->hops = 0;		/* node 0 refused to start it */
	while (h->status == SRIOT_ST_RUNNING) {
		uint32_t pc = avrsim_pc_bytes(sim) / 2;
		uint16_t op;

		avrsim_get(sim, &before, io);
		cbefore = avrsim_cycles(sim);
		if (steps >= limit) {
			h->status = SRIOT_ST_STEP_LIMIT;
			break;
		}
		if (pc >= words) {
			h->status = SRIOT_ST_FAULT;
			h->fault = AVR_BAD_PC;
			break;
		}
		op = code[2 * pc] | code[2 * pc + 1] << 8;
		if (!stack_ok(op, &before)) {
			h->status = SRIOT_ST_FAULT;
			h->fault = AVR_BAD_STACK;
			sriot_put16(&h->fault_addr, before.sp);
			break;
		}
		avrsim_step(sim);
		if (r->stop || avrsim_ev.invalid_opcode || avrsim_ev.crashed ||
		    avrsim_crashed(sim)) {
			/* nothing of this instruction happened */
			if (r->stop) {
				h->status = r->stop;
				sriot_put16(&h->fault_addr, r->stop_addr);
			} else {
				h->status = SRIOT_ST_FAULT;
				h->fault = avrsim_ev.invalid_opcode ? AVR_BAD_OPCODE : AVR_BAD_ADDRESS;
			}
			break;
		}
		steps++;
		if (op == OP_BREAK)
			h->status = SRIOT_ST_BREAK;
		else if (op == OP_SLEEP)
			h->status = SRIOT_ST_SLEEP;
	}
	if (h->status == SRIOT_ST_BREAK || h->status == SRIOT_ST_SLEEP) {
		avrsim_get(sim, &m, io);
		save_state(h, &m);
		cbefore = avrsim_cycles(sim);
	} else {
		save_state(h, &before);
		memcpy(r->v->sram, snap, sriot_get16(&h->sram_size));
	}
	sriot_put32(&h->steps, steps);
	sriot_put32(&h->cycles, sriot_get32(&h->cycles) + (uint32_t)(cbefore - c0));
	h->hops = r->hops;
	h->last_node = r->node;
	avrsim_destroy(sim);
	free(snap);
	return 0;
}

int sriot_cmd_ref(int argc, char **argv)
{
	struct sriot_outopts o = { 0 };
	static struct ref r;
	struct sriot_view v;
	struct sriot_task t;
	const char *path = NULL, *pcap = NULL;
	char *values = NULL;
	long task_id = -1;
	uint8_t *payload;
	int i;

	for (i = 0; i < argc; i++) {
		if (sriot_parse_outopt(&o, &i, argc, argv))
			continue;
		if (!strcmp(argv[i], "--port-values") && i + 1 < argc)
			values = argv[++i];
		else if (!strcmp(argv[i], "--pcap") && i + 1 < argc)
			pcap = argv[++i];
		else if (!strcmp(argv[i], "--task-id") && i + 1 < argc)
			task_id = sriot_num(argv[++i], 0xffffffffUL, "--task-id");
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			sriot_die("ref: bad argument '%s' (sriot ref --help)", argv[i]);
	}
	if (!path)
		sriot_die("ref needs a task file (sriot ref --help)");
	if (sriot_task_read(path, &t))
		return 2;
	payload = malloc(t.payload_len);
	if (!payload)
		sriot_die("out of memory");
	memcpy(payload, t.payload, t.payload_len);
	if (sriot_parse(payload, t.payload_len, &v) != SRIOT_WIRE_OK)
		sriot_die("%s: bad payload", path);
	if (task_id >= 0)
		sriot_put32(&v.hdr->task_id, task_id);
	if (values)
		port_values(&r, &v, values);
	r.v = &v;
	r.t = &t;
	r.node = 0;
	r.hops = 1;
	ref_run(&r, sriot_srh_seg(t.srh, SRIOT_SEG_CODE), sriot_get16(&v.hdr->code_words));
	sriot_print_result(&t, &v, &o);
	if (pcap) {
		static uint8_t pkt[65536];
		static const uint8_t doc[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
		size_t len = sriot_reply_packet(&v, doc, 40000, pkt, sizeof(pkt));

		if (!len || sriot_write_pcap(pcap, pkt, len))
			sriot_die("%s: cannot write", pcap);
	}
	i = v.hdr->status == SRIOT_ST_BREAK || v.hdr->status == SRIOT_ST_SLEEP ? 0 : 1;
	free(payload);
	free(o.syms);
	sriot_task_free(&t);
	return i;
}
