// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot_wire_test.c - the SR-IoT codec: build/parse round trip, every
 * SRIOT_WIRE_* rejection of sriot_parse(), node SIDs, the SRH, the UDP
 * checksum. TAP; last line "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>
#include "../tap.h"
#include "build.h"

static const uint8_t sids[3][16] = {
	{ 0xfc, 0, 0, 0, 0, 1, [15] = 0x0a },
	{ 0xfc, 0, 0, 0, 0, 2, [15] = 0x0a },
	{ 0xfc, 0, 0, 0, 0, 3, [15] = 0x0a },
};
static const struct sriot_port ports[] = { { 0x26, 0 }, { 0x27, 1 }, { 0x2a, 2 } };

static size_t make(uint8_t *buf, size_t cap)
{
	static uint8_t sram[32];
	struct sriot_build b = {
		.sids = sids, .n_nodes = 3, .ports = ports, .n_ports = 3,
		.code_words = 9, .log_cap = 4, .sram_base = 0x100,
		.sram_size = sizeof(sram), .sram = sram, .task_id = 0x01020304,
		.step_limit = 1000, .hop_limit = 9,
	};

	sram[0] = 0xaa;
	return sriot_build_payload(&b, buf, cap);
}

/* Parse a copy of the good payload after @mutate changed it */
static enum sriot_wire_err mutated(void (*mutate)(uint8_t *p, size_t *len))
{
	static uint8_t p[512];
	struct sriot_view v;
	size_t len = make(p, sizeof(p));

	mutate(p, &len);
	return sriot_parse(p, len, &v);
}

static void m_short(uint8_t *p, size_t *len) { (void)p; *len = 95; }
static void m_magic(uint8_t *p, size_t *len) { (void)len; p[0] = 0x54; }
static void m_version(uint8_t *p, size_t *len) { (void)len; p[2] = 2; }
static void m_reserved(uint8_t *p, size_t *len) { (void)len; p[40] = 1; }
static void m_status(uint8_t *p, size_t *len) { (void)len; p[3] = __SRIOT_ST_MAX; }
static void m_nodes0(uint8_t *p, size_t *len) { (void)len; p[31] = 0; }
static void m_nodesff(uint8_t *p, size_t *len) { (void)len; p[31] = 0xff; }
static void m_nodelen0(uint8_t *p, size_t *len) { (void)len; p[35] = 0; }
static void m_nodeoff(uint8_t *p, size_t *len) { (void)len; p[34] = 16; }
static void m_lastnode(uint8_t *p, size_t *len) { (void)len; p[27] = 3; }
static void m_srambase(uint8_t *p, size_t *len) { (void)len; p[44] = 0; p[45] = 0xff; }
static void m_sramwrap(uint8_t *p, size_t *len) { (void)len; p[44] = 0xff; p[45] = 0xf0; }
static void m_long(uint8_t *p, size_t *len) { (void)p; *len += 1; }
static void m_trunc(uint8_t *p, size_t *len) { (void)p; *len -= 1; }
static void m_port(uint8_t *p, size_t *len) { (void)len; p[96 + 3] = 0x1f; }
static void m_portsp(uint8_t *p, size_t *len) { (void)len; p[96 + 3] = 0x5e; }
static void m_portnode(uint8_t *p, size_t *len) { (void)len; p[96 + 4] = 3; }
static void m_log(uint8_t *p, size_t *len) { (void)len; p[38] = 5; }
static void m_twice(uint8_t *p, size_t *len) { (void)len; p[96 + 2] = p[96]; }

/*
 * A table of @n nodes differing in their last two bytes; with @a != @b,
 * node @b gets node @a's SID. Returns what sriot_parse says.
 */
static enum sriot_wire_err table(unsigned int n, unsigned int a, unsigned int b)
{
	static uint8_t many[254][16], p[4096];
	static const struct sriot_port port0[] = { { 0x26, 0 } };
	struct sriot_build bl = {
		.sids = (const uint8_t (*)[16])many, .n_nodes = n, .ports = port0, .n_ports = 1,
		.code_words = 1, .log_cap = 1, .sram_base = 0x100, .sram_size = 8,
		.step_limit = 10, .hop_limit = 9,
	};
	struct sriot_view v;
	unsigned int i;
	size_t len;

	for (i = 0; i < n; i++) {
		memcpy(many[i], sids[0], 16);
		many[i][14] = (i * 37) >> 8;	/* not in table order */
		many[i][15] = i * 37;
	}
	if (a != b)
		memcpy(many[b], many[a], 16);
	len = sriot_build_payload(&bl, p, sizeof(p));
	return len ? sriot_parse(p, len, &v) : __SRIOT_WIRE_MAX;
}

int main(void)
{
	uint8_t p[512], srh[256], sid[16], code[18], ret[16] = { 0x20, 1, [15] = 1 };
	unsigned int off, len, i;
	struct sriot_view v;
	size_t plen, slen;

	plen = make(p, sizeof(p));
	OK(plen == 96 + 3 * 1 + 3 * 2 + 4 * 4 + 32, "payload size %zu", plen);
	OK(plen == sriot_payload_size(3, 1, 3, 4, 32), "sriot_payload_size agrees");
	OK(make(p, plen - 1) == 0, "build refuses a short buffer");
	plen = make(p, sizeof(p));
	OK(sriot_parse(p, plen, &v) == SRIOT_WIRE_OK, "round trip parses");
	OK(sriot_get16(&v.hdr->magic) == SRIOT_MAGIC && v.hdr->version == 1 &&
	   v.hdr->status == SRIOT_ST_RUNNING, "magic, version, status");
	OK(sriot_get32(&v.hdr->task_id) == 0x01020304 && sriot_get32(&v.hdr->step_limit) == 1000 &&
	   v.hdr->hop_limit == 9, "task_id, step_limit, hop_limit");
	OK(sriot_get16(&v.hdr->sp) == 0x11f && sriot_get16(&v.hdr->pc) == 0 &&
	   v.hdr->last_node == SRIOT_NODE_NONE, "SP at the window top, PC 0, no last node");
	OK(v.hdr->node_off == 5 && v.hdr->node_len == 1, "node window [5, 6)");
	OK(v.sram[0] == 0xaa && v.sram == p + plen - 32, "SRAM window at the end");
	OK(sriot_get16(&v.hdr->code_words) == 9, "code_words");
	for (i = 0; i < 3; i++) {
		sriot_node_sid(&v, i, sid);
		OK(!memcmp(sid, sids[i], 16), "node %u SID", i);
		OK(sriot_node_index(&v, sids[i]) == (int)i, "node index of SID %u", i);
	}
	memcpy(sid, sids[0], 16);
	sid[15] = 0x0b;
	OK(sriot_node_index(&v, sid) == -1, "unknown SID: -1");
	OK(sriot_port_node(&v, 0x27) == 1 && sriot_port_node(&v, 0x2a) == 2, "port map");
	OK(sriot_port_node(&v, 0x28) == -1, "port not in the map: -1");
	OK(sriot_check_code(&v, 2) == SRIOT_WIRE_OK, "9 words: 2 code segments");
	OK(sriot_check_code(&v, 1) == SRIOT_WIRE_CODE && sriot_check_code(&v, 3) == SRIOT_WIRE_CODE,
	   "SRIOT_WIRE_CODE: wrong number of code segments");
	sriot_put16(&v.hdr->code_words, 0);
	OK(sriot_check_code(&v, 0) == SRIOT_WIRE_CODE, "SRIOT_WIRE_CODE: no code");

	OK(mutated(m_short) == SRIOT_WIRE_SHORT, "SRIOT_WIRE_SHORT");
	OK(mutated(m_magic) == SRIOT_WIRE_MAGIC, "SRIOT_WIRE_MAGIC: magic");
	OK(mutated(m_version) == SRIOT_WIRE_MAGIC, "SRIOT_WIRE_MAGIC: version");
	OK(mutated(m_reserved) == SRIOT_WIRE_RESERVED, "SRIOT_WIRE_RESERVED");
	OK(mutated(m_status) == SRIOT_WIRE_STATUS, "SRIOT_WIRE_STATUS");
	OK(mutated(m_nodes0) == SRIOT_WIRE_NODES, "SRIOT_WIRE_NODES: no nodes");
	OK(mutated(m_nodesff) == SRIOT_WIRE_NODES, "SRIOT_WIRE_NODES: 255 nodes");
	OK(mutated(m_nodelen0) == SRIOT_WIRE_NODES, "SRIOT_WIRE_NODES: node_len 0");
	OK(mutated(m_nodeoff) == SRIOT_WIRE_NODES, "SRIOT_WIRE_NODES: window past byte 16");
	OK(mutated(m_lastnode) == SRIOT_WIRE_NODES, "SRIOT_WIRE_NODES: last_node out of range");
	OK(mutated(m_srambase) == SRIOT_WIRE_SRAM, "SRIOT_WIRE_SRAM: base below 0x100");
	OK(mutated(m_sramwrap) == SRIOT_WIRE_SRAM, "SRIOT_WIRE_SRAM: window past 0xffff");
	OK(mutated(m_long) == SRIOT_WIRE_LENGTH, "SRIOT_WIRE_LENGTH: a byte too many");
	OK(mutated(m_trunc) == SRIOT_WIRE_LENGTH, "SRIOT_WIRE_LENGTH: a byte short");
	OK(mutated(m_port) == SRIOT_WIRE_PORTS, "SRIOT_WIRE_PORTS: port below 0x20");
	OK(mutated(m_portsp) == SRIOT_WIRE_PORTS, "SRIOT_WIRE_PORTS: SPH is not a port");
	OK(mutated(m_portnode) == SRIOT_WIRE_PORTS, "SRIOT_WIRE_PORTS: node out of range");
	OK(mutated(m_log) == SRIOT_WIRE_LOG, "SRIOT_WIRE_LOG");
	OK(mutated(m_twice) == SRIOT_WIRE_NODE_TWICE, "SRIOT_WIRE_NODE_TWICE: nodes 0 and 2 equal");
	OK(table(254, 0, 0) == SRIOT_WIRE_OK, "254 distinct nodes parse");
	OK(table(254, 0, 253) == SRIOT_WIRE_NODE_TWICE, "254 nodes, first = last: NODE_TWICE");
	OK(table(254, 120, 121) == SRIOT_WIRE_NODE_TWICE, "254 nodes, 120 = 121: NODE_TWICE");
	OK(table(254, 200, 3) == SRIOT_WIRE_NODE_TWICE, "254 nodes, 3 = 200: NODE_TWICE");
	OK(table(2, 0, 1) == SRIOT_WIRE_NODE_TWICE, "{S, S}: NODE_TWICE");
	OK(table(1, 0, 0) == SRIOT_WIRE_OK, "one node parses");
	for (i = 0; i < __SRIOT_WIRE_MAX; i++)
		OK(strcmp(sriot_wire_err_name(i), "unknown"), "error %u has a name (%s)", i,
		   sriot_wire_err_name(i));

	OK(sriot_node_window(sids, 1, &off, &len) == 1 && off == 15, "one node: 1-byte window");
	{
		uint8_t two[2][16] = { { 1, [15] = 2 }, { 3, [15] = 4 } };

		OK(sriot_node_window((const uint8_t (*)[16])two, 2, &off, &len) == 16 && off == 0,
		   "SIDs differing at both ends: 16-byte window");
	}

	for (i = 0; i < sizeof(code); i++)
		code[i] = i;
	slen = sriot_build_srh(srh, sizeof(srh), ret, sids[0], code, 9);
	OK(slen == 8 + 4 * 16, "SRH of 9 words: 4 segments, %zu bytes", slen);
	OK(srh[0] == 17 && srh[1] == 8 && srh[2] == 4 && srh[3] == 1 && srh[4] == 3 &&
	   sriot_get16(srh + 6) == SRIOT_SRH_TAG, "SRH fields");
	OK(!memcmp(srh + 8, ret, 16) && !memcmp(srh + 24, sids[0], 16), "return and active segments");
	OK(!memcmp(srh + 40, code, 18) && srh[58] == 0xff && srh[71] == 0xff, "code, 0xffff padding");
	OK(sriot_build_srh(srh, slen - 1, ret, sids[0], code, 9) == 0, "SRH refuses a short buffer");
	OK(sriot_build_srh(srh, sizeof(srh), ret, sids[0], code, 0) == 0, "SRH refuses no code");
	{
		/* RFC 1071 property: the checksum over data + checksum folds to 0xffff */
		uint8_t udp[12] = { 0x9c, 0x40, 0x9c, 0x40, 0, 12, 0, 0, 1, 2, 3, 4 };
		uint16_t c = sriot_udp_csum(ret, sids[0], udp, sizeof(udp));

		sriot_put16(udp + 6, c);
		OK(sriot_udp_csum(ret, sids[0], udp, sizeof(udp)) == 0xffff,
		   "UDP checksum verifies (0x%04x)", c);
	}
	return TAP_END();
}
