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

static void port_values(struct ref *r, char *list)
{
	char *tok, *eq;

	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		eq = strchr(tok, '=');
		if (!eq)
			sriot_die("--port-values: expected PORT=VALUE, got '%s'", tok);
		*eq = 0;
		r->value[sriot_num(tok, 0xff, "port")] = sriot_num(eq + 1, 0xff, "port value");
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
	long task_id = -1;
	uint8_t *payload;
	int i;

	for (i = 0; i < argc; i++) {
		if (sriot_parse_outopt(&o, &i, argc, argv))
			continue;
		if (!strcmp(argv[i], "--port-values") && i + 1 < argc)
			port_values(&r, argv[++i]);
		else if (!strcmp(argv[i], "--pcap") && i + 1 < argc)
			pcap = argv[++i];
		else if (!strcmp(argv[i], "--task-id") && i + 1 < argc)
			task_id = sriot_num(argv[++i], 0xffffffffUL, "--task-id");
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			sriot_die("ref: bad argument '%s'", argv[i]);
	}
	if (!path)
		sriot_die("ref needs a task file");
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
