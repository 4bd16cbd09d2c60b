// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-dump.c - `sriot dump`: the packet of a task as it leaves the
 * sender: layout, sizes, node table, port map, which instruction touches
 * which port (a static scan of the code), the encoding figure, the bytes,
 * and optionally a pcap file of it (LINKTYPE_RAW).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "build.h"
#include "sriot.h"

#define DUMP_SPORT	40000
#define DUMP_DPORT	40000

/*
 * IPv6 header (next header @nh, @ext bytes of extension headers follow) and
 * UDP datagram at pkt + 40 + ext. The sender is both the source and, as
 * segments[0], the final destination the UDP checksum names.
 */
static void sriot_put_ip6_udp(uint8_t *pkt, uint8_t nh, size_t ext, const uint8_t src[16],
			      const uint8_t dst[16], uint16_t sport, uint16_t dport,
			      const void *payload, size_t plen)
{
	size_t ulen = 8 + plen;
	uint8_t *udp = pkt + 40 + ext;

	memset(pkt, 0, 40);
	pkt[0] = 0x60;
	sriot_put16(pkt + 4, ext + ulen);
	pkt[6] = nh;
	pkt[7] = 64;
	memcpy(pkt + 8, src, 16);
	memcpy(pkt + 24, dst, 16);
	sriot_put16(udp, sport);
	sriot_put16(udp + 2, dport);
	sriot_put16(udp + 4, ulen);
	sriot_put16(udp + 6, 0);
	memcpy(udp + 8, payload, plen);
	sriot_put16(udp + 6, sriot_udp_csum(src, src, udp, ulen));
}

/* The packet as it leaves the sender: IPv6 + SRH + UDP + payload */
size_t sriot_packet(const struct sriot_task *t, const uint8_t src[16],
		    uint16_t sport, uint16_t dport, uint8_t *pkt, size_t cap)
{
	size_t len = 40 + t->srh_len + 8 + t->payload_len;
	uint8_t *srh = pkt + 40;

	if (len > cap)
		return 0;
	memcpy(srh, t->srh, t->srh_len);
	memcpy(sriot_srh_seg(srh, SRIOT_SEG_RETURN), src, 16);
	sriot_put_ip6_udp(pkt, 43, t->srh_len, src, sriot_srh_seg(srh, SRIOT_SEG_ACTIVE),
			  sport, dport, t->payload, t->payload_len);
	return len;
}

size_t sriot_reply_packet(const struct sriot_view *v, const uint8_t dst[16],
			  uint16_t port, uint8_t *pkt, size_t cap)
{
	size_t len = 40 + 8 + v->len;

	if (len > cap)
		return 0;
	/* the source address is kept: the sender's */
	sriot_put_ip6_udp(pkt, 17, 0, dst, dst, port, port, v->hdr, v->len);
	return len;
}

int sriot_write_pcap(const char *path, const uint8_t *pkt, size_t len)
{
	uint8_t gh[24] = { 0 }, ph[16] = { 0 };
	FILE *f = fopen(path, "wb");
	uint32_t v[] = { 0xa1b2c3d4, 0, 0, 65535, 101 /* LINKTYPE_RAW */ };

	if (!f)
		return -1;
	memcpy(gh, &v[0], 4);
	gh[4] = 2, gh[6] = 4;		/* version 2.4, host byte order */
	memcpy(gh + 16, &v[3], 4);
	memcpy(gh + 20, &v[4], 4);
	v[0] = len;
	memcpy(ph + 8, &v[0], 4);
	memcpy(ph + 12, &v[0], 4);
	fwrite(gh, 1, sizeof(gh), f);
	fwrite(ph, 1, sizeof(ph), f);
	fwrite(pkt, 1, len, f);
	return fclose(f) ? -1 : 0;
}

struct figures {
	unsigned int segs, code_words, seglist, nodetab, portmap, total;
};

static void figures(const struct sriot_task *t, struct figures *f)
{
	const struct sriot_hdr *h = t->v.hdr;

	f->segs = sriot_srh_segs(t->srh);
	f->code_words = sriot_get16(&h->code_words);
	f->seglist = 16 * f->segs;
	f->nodetab = h->n_nodes * h->node_len;
	f->portmap = h->n_ports * sizeof(struct sriot_port);
	f->total = f->seglist + f->nodetab + f->portmap;
}

static void dump_json(const struct sriot_task *t, const uint8_t *pkt, size_t len)
{
	const struct sriot_view *v = &t->v;
	const struct sriot_hdr *h = v->hdr;
	const uint8_t *code = sriot_srh_seg(t->srh, SRIOT_SEG_CODE);
	char sid[INET6_ADDRSTRLEN];
	unsigned int i, pc, n;
	struct figures f;
	uint8_t raw[16];
	struct sriot_access a;

	figures(t, &f);
	sriot_json_printed = 1;
	printf("{\"packet\":%zu,\"ipv6\":40,\"srh\":%zu,\"udp\":8,\"payload\":%zu,"
	       "\"segments\":%u,\"code_words\":%u,\"code_segments\":%u,"
	       "\"encoding\":{\"total\":%u,\"segment_list\":%u,\"node_table\":%u,\"port_map\":%u},"
	       "\"node_off\":%u,\"node_len\":%u,\"nodes\":[",
	       len, t->srh_len, t->payload_len, f.segs, f.code_words,
	       f.segs - SRIOT_SEG_CODE, f.total, f.seglist, f.nodetab, f.portmap,
	       h->node_off, h->node_len);
	for (i = 0; i < h->n_nodes; i++) {
		sriot_node_sid(v, i, raw);
		sriot_sid_str(raw, sid, sizeof(sid));
		printf("%s\"%s\"", i ? "," : "", sid);
	}
	printf("],\"ports\":[");
	for (i = 0; i < h->n_ports; i++)
		printf("%s{\"port\":%u,\"mode\":\"%s\",\"node\":%u}", i ? "," : "",
		       v->ports[i].port, sriot_kind_name(t->kinds[i]), v->ports[i].node);
	printf("],\"accesses\":[");
	for (pc = 0, n = 0; pc < f.code_words; pc += sriot_scan_insn(code, f.code_words, pc, &a)) {
		sriot_scan_insn(code, f.code_words, pc, &a);
		if (!a.addr)
			continue;
		i = sriot_port_index(v, a.addr);
		printf("%s{\"pc\":%u,\"insn\":\"%s\",\"port\":%u,\"access\":\"%s\",\"node\":%d}",
		       n++ ? "," : "", pc, a.text, a.addr, a.rw,
		       (int)i >= 0 ? v->ports[i].node : -1);
	}
	printf("],\"code\":[");
	for (pc = 0; pc < f.code_words;) {
		char text[48];
		uint32_t t;
		unsigned int w = sriot_disasm(code, f.code_words, pc, text, sizeof(text), &t);

		printf("%s{\"pc\":%u,\"words\":%u,\"text\":\"%s\",\"target\":", pc ? "," : "",
		       pc, w, text);
		if (t == ~0u)
			printf("null}");
		else
			printf("%u}", t);
		pc += w;
	}
	printf("],\"sram_base\":%u,\"sram_size\":%u,\"log_cap\":%u,\"step_limit\":%u,"
	       "\"hop_limit\":%u,\"bytes\":\"", sriot_get16(&h->sram_base),
	       sriot_get16(&h->sram_size), h->log_cap, sriot_get32(&h->step_limit),
	       h->hop_limit);
	for (i = 0; i < len; i++)
		printf("%02x", pkt[i]);
	printf("\"}\n");
}

static void dump_text(const struct sriot_task *t, const uint8_t *pkt, size_t len)
{
	const struct sriot_view *v = &t->v;
	const struct sriot_hdr *h = v->hdr;
	const uint8_t *code = sriot_srh_seg(t->srh, SRIOT_SEG_CODE);
	size_t off_nodes = sizeof(*h), off_ports, off_log, off_sram;
	char sid[INET6_ADDRSTRLEN];
	unsigned int i, pc;
	struct figures f;
	uint8_t raw[16];
	struct sriot_access a;

	figures(t, &f);
	off_ports = off_nodes + f.nodetab;
	off_log = off_ports + f.portmap;
	off_sram = off_log + h->log_cap * sizeof(struct sriot_write);
	printf("packet     %zu bytes: IPv6 40 + SRH %zu + UDP 8 + payload %zu (MTU 1500)\n",
	       len, t->srh_len, t->payload_len);
	printf("srh        %u segments: return, active, %u code; tag 0x%04x, segments_left %u\n",
	       f.segs, f.segs - SRIOT_SEG_CODE, sriot_get16(t->srh + 6), t->srh[3]);
	printf("code       %u words (%u bytes), %u padding words\n", f.code_words,
	       2 * f.code_words, (f.segs - SRIOT_SEG_CODE) * SRIOT_WORDS_PER_SEG - f.code_words);
	printf("nodes      %u, SID bytes [%u, %u) vary: %u byte%s per node\n", h->n_nodes,
	       h->node_off, h->node_off + h->node_len, h->node_len, h->node_len > 1 ? "s" : "");
	for (i = 0; i < h->n_nodes; i++) {
		sriot_node_sid(v, i, raw);
		sriot_sid_str(raw, sid, sizeof(sid));
		printf("  node %-3u %s%s\n", i, sid, i ? "" : "  (start)");
	}
	printf("ports      %u\n", h->n_ports);
	for (i = 0; i < h->n_ports; i++) {
		sriot_node_sid(v, v->ports[i].node, raw);
		sriot_sid_str(raw, sid, sizeof(sid));
		printf("  port 0x%02x %-8s -> node %u %s\n", v->ports[i].port,
		       sriot_kind_name(t->kinds[i]), v->ports[i].node, sid);
	}
	printf("accesses   (instructions with a constant port address)\n");
	for (pc = 0; pc < f.code_words; pc += sriot_scan_insn(code, f.code_words, pc, &a)) {
		int k;

		sriot_scan_insn(code, f.code_words, pc, &a);
		if (!a.addr)
			continue;
		k = sriot_port_index(v, a.addr);
		if (k < 0) {
			printf("  pc 0x%04x %-18s port 0x%02x %-2s NOT IN THE PORT MAP\n", pc,
			       a.text, a.addr, a.rw);
			continue;
		}
		sriot_node_sid(v, v->ports[k].node, raw);
		sriot_sid_str(raw, sid, sizeof(sid));
		printf("  pc 0x%04x %-18s port 0x%02x %-2s node %u %s\n", pc, a.text,
		       a.addr, a.rw, v->ports[k].node, sid);
	}
	printf("disassembly (pc: word address; a jump's target as pc after ;)\n");
	for (pc = 0; pc < f.code_words;) {
		char text[48];
		uint32_t t;
		unsigned int w = sriot_disasm(code, f.code_words, pc, text, sizeof(text), &t);

		if (t == ~0u)
			printf("  pc 0x%04x: %s\n", pc, text);
		else
			printf("  pc 0x%04x: %s ; pc 0x%04x\n", pc, text, t);
		pc += w;
	}
	printf("sram       0x%04x +%u, log %u entries, step_limit %u, hop_limit %u\n",
	       sriot_get16(&h->sram_base), sriot_get16(&h->sram_size), h->log_cap,
	       sriot_get32(&h->step_limit), h->hop_limit);
	printf("payload    header 0+96, nodes %zu+%u, ports %zu+%u, log %zu+%zu, sram %zu+%u\n",
	       off_nodes, f.nodetab, off_ports, f.portmap, off_log,
	       h->log_cap * sizeof(struct sriot_write), off_sram, sriot_get16(&h->sram_size));
	printf("encoding: %u bytes (segment list %u, node table %u, port map %u)\n",
	       f.total, f.seglist, f.nodetab, f.portmap);
	printf("bytes\n");
	for (i = 0; i < len; i++)
		printf("%s%02x%s", i % 16 ? " " : "  ", pkt[i],
		       i % 16 == 15 || i + 1 == len ? "\n" : "");
}

int sriot_cmd_dump(int argc, char **argv)
{
	static uint8_t pkt[65536];
	const char *path = NULL, *pcap = NULL, *srcs = "2001:db8::1";
	struct sriot_task t;
	uint8_t src[16];
	int i, json = 0;
	size_t len;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--pcap") && i + 1 < argc)
			pcap = argv[++i];
		else if (!strcmp(argv[i], "--src") && i + 1 < argc)
			srcs = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			sriot_die("dump: bad argument '%s' (sriot dump --help)", argv[i]);
	}
	if (!path)
		sriot_die("dump needs a task file (sriot dump --help)");
	if (inet_pton(AF_INET6, srcs, src) != 1)
		sriot_die("bad --src '%s'", srcs);
	if (sriot_task_read(path, &t))
		return 2;
	len = sriot_packet(&t, src, DUMP_SPORT, DUMP_DPORT, pkt, sizeof(pkt));
	if (json)
		dump_json(&t, pkt, len);
	else
		dump_text(&t, pkt, len);
	if (pcap && sriot_write_pcap(pcap, pkt, len))
		sriot_die("%s: cannot write", pcap);
	sriot_task_free(&t);
	return 0;
}
