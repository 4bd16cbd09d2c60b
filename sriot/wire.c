// SPDX-License-Identifier: GPL-2.0-only
/*
 * SR-IoT wire format codec (see wire.h and uapi/linux/seg6x_sriot.h).
 * Every function checks what it reads against the lengths it was given;
 * nothing here allocates or depends on the kernel.
 */
#include "wire.h"

size_t sriot_payload_size(unsigned int n_nodes, unsigned int node_len,
			  unsigned int n_ports, unsigned int log_cap,
			  unsigned int sram_size)
{
	return sizeof(struct sriot_hdr) + (size_t)n_nodes * node_len +
	       (size_t)n_ports * sizeof(struct sriot_port) +
	       (size_t)log_cap * sizeof(struct sriot_write) + sram_size;
}

/* Heap order of node indices by node bytes: is node @a's entry below @b's? */
static int sriot_node_less(const uint8_t *nodes, unsigned int len, uint8_t a, uint8_t b)
{
	return memcmp(nodes + a * len, nodes + b * len, len) < 0;
}

static void sriot_sift_down(const uint8_t *nodes, unsigned int len, uint8_t *idx,
			    unsigned int root, unsigned int n)
{
	unsigned int child;
	uint8_t t;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && sriot_node_less(nodes, len, idx[child], idx[child + 1]))
			child++;
		if (!sriot_node_less(nodes, len, idx[root], idx[child]))
			return;
		t = idx[root];
		idx[root] = idx[child];
		idx[child] = t;
		root = child;
	}
}

/*
 * Does any SID appear twice in the node table? A heapsort of the indices
 * (at most 254, on the stack) and one pass over neighbours: O(n log n)
 * comparisons whatever the packet holds, where comparing every pair would
 * let a packet of 254 one-byte nodes cost 32,000 comparisons.
 */
static int sriot_nodes_twice(const uint8_t *nodes, unsigned int n, unsigned int len)
{
	uint8_t idx[SRIOT_NODE_NONE], t;
	unsigned int i;

	for (i = 0; i < n; i++)
		idx[i] = i;
	for (i = n / 2; i-- > 0;)
		sriot_sift_down(nodes, len, idx, i, n);
	for (i = n; i-- > 1;) {
		t = idx[0];
		idx[0] = idx[i];
		idx[i] = t;
		sriot_sift_down(nodes, len, idx, 0, i);
	}
	for (i = 1; i < n; i++)
		if (!memcmp(nodes + idx[i - 1] * len, nodes + idx[i] * len, len))
			return 1;
	return 0;
}

static int sriot_valid_port(unsigned int port)
{
	/* SPL, SPH and SREG belong to the CPU, never to a node */
	return port >= SRIOT_PORT_MIN && port <= SRIOT_PORT_MAX &&
	       (port < 0x5d || port > 0x5f);
}

/**
 * sriot_parse - validate an SR-IoT payload and map its sections
 * @payload: the UDP payload, writable: @v points into it
 * @len: its length in bytes
 * @v: filled on success
 *
 * Checks the header, the geometry of every section and that the sections
 * end exactly at @len, and that no SID is in the node table twice (a
 * duplicate would let a port map send a process from a node to itself).
 * Does not look at the SRH (see sriot_check_code).
 *
 * Return: SRIOT_WIRE_OK or the first problem found.
 */
enum sriot_wire_err sriot_parse(void *payload, size_t len, struct sriot_view *v)
{
	struct sriot_hdr *h = payload;
	uint8_t *p = payload;
	unsigned int base, size, i;

	if (len < sizeof(*h))
		return SRIOT_WIRE_SHORT;
	if (sriot_get16(&h->magic) != SRIOT_MAGIC || h->version != SRIOT_VERSION)
		return SRIOT_WIRE_MAGIC;
	if (h->reserved[0] | h->reserved[1] | h->reserved[2])
		return SRIOT_WIRE_RESERVED;
	if (h->status >= __SRIOT_ST_MAX)
		return SRIOT_WIRE_STATUS;
	if (!h->n_nodes || h->n_nodes == SRIOT_NODE_NONE || !h->node_len ||
	    h->node_off + h->node_len > 16 ||
	    (h->last_node != SRIOT_NODE_NONE && h->last_node >= h->n_nodes))
		return SRIOT_WIRE_NODES;
	base = sriot_get16(&h->sram_base);
	size = sriot_get16(&h->sram_size);
	if (base < 0x100 || base + size > 0x10000)
		return SRIOT_WIRE_SRAM;
	if (sriot_payload_size(h->n_nodes, h->node_len, h->n_ports, h->log_cap, size) != len)
		return SRIOT_WIRE_LENGTH;
	if (h->log_len > h->log_cap)
		return SRIOT_WIRE_LOG;

	v->hdr = h;
	v->len = len;
	v->nodes = p + sizeof(*h);
	v->ports = (struct sriot_port *)(v->nodes + h->n_nodes * h->node_len);
	v->log = (struct sriot_write *)(v->ports + h->n_ports);
	v->sram = (uint8_t *)(v->log + h->log_cap);
	for (i = 0; i < h->n_ports; i++)
		if (!sriot_valid_port(v->ports[i].port) || v->ports[i].node >= h->n_nodes)
			return SRIOT_WIRE_PORTS;
	if (sriot_nodes_twice(v->nodes, h->n_nodes, h->node_len))
		return SRIOT_WIRE_NODE_TWICE;
	return SRIOT_WIRE_OK;
}

/**
 * sriot_check_code - does code_words fit the SRH's code segments exactly?
 * @v: a parsed process
 * @code_segs: segments after the return and active ones (first_segment - 1)
 *
 * Return: SRIOT_WIRE_OK, or SRIOT_WIRE_CODE when the words need another
 * number of segments (or there is no code at all).
 */
enum sriot_wire_err sriot_check_code(const struct sriot_view *v, unsigned int code_segs)
{
	unsigned int words = sriot_get16(&v->hdr->code_words);

	if (!words || sriot_code_segs(words) != code_segs)
		return SRIOT_WIRE_CODE;
	return SRIOT_WIRE_OK;
}

/* sriot_node_sid - the full SID of node @node (< n_nodes) */
void sriot_node_sid(const struct sriot_view *v, unsigned int node, uint8_t sid[16])
{
	const struct sriot_hdr *h = v->hdr;

	memcpy(sid, h->node_template, 16);
	memcpy(sid + h->node_off, v->nodes + node * h->node_len, h->node_len);
}

/* sriot_port_node - node index that owns @port in the map, or -1 */
int sriot_port_node(const struct sriot_view *v, unsigned int port)
{
	unsigned int i;

	for (i = 0; i < v->hdr->n_ports; i++)
		if (v->ports[i].port == port)
			return v->ports[i].node;
	return -1;
}

/* sriot_node_index - node table index whose SID is @sid, or -1 */
int sriot_node_index(const struct sriot_view *v, const uint8_t sid[16])
{
	const struct sriot_hdr *h = v->hdr;
	unsigned int i;

	if (memcmp(sid, h->node_template, h->node_off) ||
	    memcmp(sid + h->node_off + h->node_len,
		   h->node_template + h->node_off + h->node_len,
		   16 - h->node_off - h->node_len))
		return -1;
	for (i = 0; i < h->n_nodes; i++)
		if (!memcmp(sid + h->node_off, v->nodes + i * h->node_len, h->node_len))
			return i;
	return -1;
}

static const char *const sriot_wire_err_names[__SRIOT_WIRE_MAX] = {
	[SRIOT_WIRE_OK]		= "ok",
	[SRIOT_WIRE_SHORT]	= "short",
	[SRIOT_WIRE_MAGIC]	= "magic",
	[SRIOT_WIRE_RESERVED]	= "reserved",
	[SRIOT_WIRE_NODES]	= "nodes",
	[SRIOT_WIRE_SRAM]	= "sram",
	[SRIOT_WIRE_LENGTH]	= "length",
	[SRIOT_WIRE_PORTS]	= "ports",
	[SRIOT_WIRE_LOG]	= "log",
	[SRIOT_WIRE_CODE]	= "code",
	[SRIOT_WIRE_STATUS]	= "status",
	[SRIOT_WIRE_NODE_TWICE]	= "node-twice",
};

const char *sriot_wire_err_name(enum sriot_wire_err err)
{
	return (unsigned int)err < __SRIOT_WIRE_MAX ? sriot_wire_err_names[err] : "unknown";
}

static const char *const sriot_status_names[__SRIOT_ST_MAX] = {
	[SRIOT_ST_RUNNING]	= "running",
	[SRIOT_ST_BREAK]	= "break",
	[SRIOT_ST_SLEEP]	= "sleep",
	[SRIOT_ST_FAULT]	= "fault",
	[SRIOT_ST_UNKNOWN_PORT]	= "unknown-port",
	[SRIOT_ST_PORT_LOOP]	= "port-loop",
	[SRIOT_ST_HOP_BUDGET]	= "hop-budget",
	[SRIOT_ST_STEP_LIMIT]	= "step-limit",
	[SRIOT_ST_HOP_LIMIT]	= "hop-limit",
	[SRIOT_ST_IO_FAULT]	= "io-fault",
};

const char *sriot_status_name(unsigned int status)
{
	return status < __SRIOT_ST_MAX ? sriot_status_names[status] : "unknown";
}
