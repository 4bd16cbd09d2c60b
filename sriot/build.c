// SPDX-License-Identifier: GPL-2.0-only
/*
 * SR-IoT packet builder (see build.h): node table compression, the initial
 * payload, the SRH carrying the code, the UDP checksum.
 */
#include "build.h"

unsigned int sriot_node_window(const uint8_t (*sids)[16], unsigned int n,
			       unsigned int *off, unsigned int *len)
{
	unsigned int lo = 16, hi = 0, i, j;

	for (i = 1; i < n; i++)
		for (j = 0; j < 16; j++)
			if (sids[i][j] != sids[0][j]) {
				lo = j < lo ? j : lo;
				hi = j + 1 > hi ? j + 1 : hi;
			}
	if (lo == 16) {
		lo = 15;
		hi = 16;
	}
	*off = lo;
	*len = hi - lo;
	return *len;
}

size_t sriot_build_payload(const struct sriot_build *b, uint8_t *buf, size_t cap)
{
	struct sriot_hdr *h = (struct sriot_hdr *)buf;
	unsigned int off, len, i;
	uint8_t *p;
	size_t size;

	if (!b->n_nodes || b->n_nodes >= SRIOT_NODE_NONE || b->n_ports > 255 ||
	    b->log_cap > 255 || b->sram_base < 0x100 ||
	    b->sram_base + b->sram_size > 0x10000 || !b->code_words ||
	    sriot_code_segs(b->code_words) > SRIOT_SEG_MAX - 2)
		return 0;
	for (i = 0; i < b->n_ports; i++)
		if (b->ports[i].port < SRIOT_PORT_MIN ||
		    (b->ports[i].port >= 0x5d && b->ports[i].port <= 0x5f) ||
		    b->ports[i].node >= b->n_nodes)
			return 0;
	sriot_node_window(b->sids, b->n_nodes, &off, &len);
	size = sriot_payload_size(b->n_nodes, len, b->n_ports, b->log_cap,
				  b->sram_size);
	if (size > cap)
		return 0;
	memset(buf, 0, size);
	sriot_put16(&h->magic, SRIOT_MAGIC);
	h->version = SRIOT_VERSION;
	h->status = SRIOT_ST_RUNNING;
	sriot_put32(&h->task_id, b->task_id);
	sriot_put32(&h->step_limit, b->step_limit);
	sriot_put16(&h->sp, b->sram_base + b->sram_size - 1);
	h->hop_limit = b->hop_limit;
	h->last_node = SRIOT_NODE_NONE;
	h->n_nodes = b->n_nodes;
	h->node_off = off;
	h->node_len = len;
	h->n_ports = b->n_ports;
	h->log_cap = b->log_cap;
	sriot_put16(&h->code_words, b->code_words);
	sriot_put16(&h->sram_base, b->sram_base);
	sriot_put16(&h->sram_size, b->sram_size);
	memcpy(h->node_template, b->sids[0], 16);
	p = buf + sizeof(*h);
	for (i = 0; i < b->n_nodes; i++, p += len)
		memcpy(p, b->sids[i] + off, len);
	memcpy(p, b->ports, b->n_ports * sizeof(*b->ports));
	p += b->n_ports * sizeof(*b->ports) + b->log_cap * sizeof(struct sriot_write);
	if (b->sram)
		memcpy(p, b->sram, b->sram_size);
	return size;
}

size_t sriot_build_srh(uint8_t *buf, size_t cap, const uint8_t ret[16],
		       const uint8_t active[16], const uint8_t *code,
		       unsigned int code_words)
{
	unsigned int segs = sriot_code_segs(code_words) + SRIOT_SEG_CODE;
	size_t len = SRIOT_SRH_FIXED + 16 * (size_t)segs;
	uint8_t *s = buf + SRIOT_SRH_FIXED;

	if (!code_words || segs > SRIOT_SEG_MAX || len > cap)
		return 0;
	buf[0] = 17;			/* next header: UDP */
	buf[1] = 2 * segs;		/* hdr ext len, 8-byte units after the first 8 */
	buf[2] = 4;			/* routing type: SRH */
	buf[3] = SRIOT_SEG_ACTIVE;	/* segments left */
	buf[4] = segs - 1;		/* last entry (first segment) */
	buf[5] = 0;			/* flags */
	sriot_put16(buf + 6, SRIOT_SRH_TAG);
	memcpy(s, ret, 16);
	memcpy(s + 16, active, 16);
	memset(s + 32, 0xff, 16 * (segs - SRIOT_SEG_CODE));
	memcpy(s + 32, code, 2 * (size_t)code_words);
	return len;
}

static uint32_t sriot_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t sriot_udp_csum(const uint8_t src[16], const uint8_t dst[16],
			const uint8_t *udp, size_t len)
{
	uint8_t tail[8] = { 0 };
	uint32_t sum;

	sriot_put32(tail, (uint32_t)len);
	tail[7] = 17;
	sum = sriot_sum(0, src, 16);
	sum = sriot_sum(sum, dst, 16);
	sum = sriot_sum(sum, tail, 8);
	sum = sriot_sum(sum, udp, len);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	return sum ? sum : 0xffff;
}
