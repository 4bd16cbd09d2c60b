// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioth_frame_test.c - the userspace SR-IoT node's core fed Ethernet frames:
 * neighbour discovery (answers, resolution, queueing), ICMPv6 echo, SR-IoT
 * processes run here and sent on or home (checked field by field, UDP
 * checksum included), duplicate writes, hostile frames with their drop
 * reasons, every truncation of a process, the control protocol, ports
 * backed by real files and commands (backing.c), OTIP addresses.
 * TAP; last line "N passed, N failed".
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "ioth.h"
#include "backing.h"
#include "build.h"
#include "../tap.h"


/* what the node sent */
static uint8_t out[8][IOTH_FRAME_MAX];
static size_t out_len[8];
static unsigned int n_out;

static void tx(void *ctx, const uint8_t *f, size_t len)
{
	(void)ctx;
	if (n_out < 8) {
		memcpy(out[n_out], f, len);
		out_len[n_out] = len;
	}
	n_out++;
}

static const struct ioth_ops ops = { .tx = tx };

/* a frame whose IPv6 header is 8-byte aligned, as ioth_input() wants */
#define FRAME(name) \
	uint8_t name##_buf[IOTH_FRAME_MAX + 8] __attribute__((aligned(8))), *name = name##_buf + 2
static struct ioth_node node;

static const uint8_t MAC[6] = { 0x02, 0, 0, 0, 0, 0x10 };
static const uint8_t RMAC[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t ADDR[16] = { 0xfc, 0, 0, 1, 0, 5, [15] = 2 };
static const uint8_t ROUTER[16] = { 0xfc, 0, 0, 1, 0, 5, [15] = 1 };
static const uint8_t HOST[16] = { 0xfc, 0, 0, 1, [15] = 1 };
static const uint8_t SIDS[2][16] = {
	{ 0xfc, 0, 0, 0, 0, 6, [15] = 0x0a },	/* this node */
	{ 0xfc, 0, 0, 0, 0, 4, [15] = 0x0a },	/* a kernel node */
};

static void setup(void)
{
	ioth_init(&node, MAC, &ops, NULL);
	memcpy(node.addr, ADDR, 16);
	memcpy(node.router, ROUTER, 16);
	node.has_router = true;
	memcpy(node.sid[0], SIDS[0], 16);
	node.n_sids = 1;
	n_out = 0;
}

static size_t ip6(uint8_t *f, const uint8_t *dmac, const uint8_t src[16],
		  const uint8_t dst[16], uint8_t nh, uint8_t hlim, size_t plen)
{
	memcpy(f, dmac, 6);
	memcpy(f + 6, RMAC, 6);
	f[12] = 0x86;
	f[13] = 0xdd;
	memset(f + 14, 0, 4);
	f[14] = 0x60;
	sriot_put16(f + 18, plen);
	f[20] = nh;
	f[21] = hlim;
	memcpy(f + 22, src, 16);
	memcpy(f + 38, dst, 16);
	return 54 + plen;
}

static void icmp_fix(uint8_t *f, size_t len)
{
	f[56] = f[57] = 0;
	sriot_put16(f + 56, ioth_csum(f + 22, f + 38, 58, f + 54, len - 54));
}

static bool csum_ok(const uint8_t *f, size_t len, uint8_t proto)
{
	return ioth_csum(f + 22, f + 38, proto, f + 54, len - 54) == 0xffff;
}

/* NS from the router for @target (with its SLLA), unicast or multicast */
static size_t ns(uint8_t *f, const uint8_t target[16], bool mcast)
{
	uint8_t dst[16] = { 0xff, 0x02, [11] = 1, [12] = 0xff };
	uint8_t dmac[6] = { 0x33, 0x33, 0xff };
	size_t len;

	memcpy(dst + 13, target + 13, 3);
	memcpy(dmac + 3, target + 13, 3);
	len = ip6(f, mcast ? dmac : MAC, ROUTER, mcast ? dst : target, 58, 255, 32);
	memset(f + 54, 0, 32);
	f[54] = 135;
	memcpy(f + 62, target, 16);
	f[78] = 1;
	f[79] = 1;
	memcpy(f + 80, RMAC, 6);
	icmp_fix(f, len);
	return len;
}

static void test_nd(void)
{
	FRAME(f);
	size_t len;

	setup();
	ioth_input(&node, f, ns(f, ADDR, true));
	OK(n_out == 1 && out[0][54] == 136 && !memcmp(out[0], RMAC, 6) &&
	   !memcmp(out[0] + 62, ADDR, 16) && !memcmp(out[0] + 80, MAC, 6) &&
	   out[0][58] == 0x60 && out[0][21] == 255 && csum_ok(out[0], out_len[0], 58),
	   "NS for the node's address: NA (solicited, override, TLLA) to the router's MAC");
	n_out = 0;
	ioth_input(&node, f, ns(f, node.lladdr, false));
	OK(n_out == 1 && !memcmp(out[0] + 62, node.lladdr, 16), "NS for the link-local address: NA");
	n_out = 0;
	ioth_input(&node, f, ns(f, ROUTER, true));
	OK(n_out == 0 && !node.drop[IOTH_D_BAD_ICMP], "NS for someone else's address: silence");
	len = ns(f, ADDR, true);
	f[21] = 64;
	ioth_input(&node, f, len);
	OK(n_out == 0 && node.drop[IOTH_D_BAD_ICMP] == 1, "NS with hop limit 64: dropped, bad-icmp");
	len = ns(f, ADDR, true);
	f[60] ^= 1;
	ioth_input(&node, f, len);
	OK(n_out == 0 && node.drop[IOTH_D_BAD_ICMP] == 2, "NS with a bad checksum: dropped, bad-icmp");
	len = ns(f, ADDR, true);
	f[79] = 0;		/* option length 0 */
	icmp_fix(f, len);
	ioth_input(&node, f, len);
	OK(n_out == 1, "NS with a zero-length option: answered, the option ignored");
}

static void test_echo(void)
{
	FRAME(f);
	size_t len;

	setup();
	ioth_input(&node, f, ns(f, ADDR, true));	/* the node learns the router */
	n_out = 0;
	len = ip6(f, MAC, HOST, ADDR, 58, 60, 8 + 100);
	memset(f + 54, 0xa5, 108);
	f[54] = 128;
	f[55] = 0;
	icmp_fix(f, len);
	ioth_input(&node, f, len);
	OK(n_out == 1 && out_len[0] == len && out[0][54] == 129 && !memcmp(out[0] + 22, ADDR, 16) &&
	   !memcmp(out[0] + 38, HOST, 16) && !memcmp(out[0], RMAC, 6) &&
	   !memcmp(out[0] + 58, f + 58, 104) && csum_ok(out[0], out_len[0], 58),
	   "echo request from off-link: reply through the router, data kept, checksum valid");
	OK(node.counter[IOTH_C_ECHO] == 1, "echo-replies counted");
	n_out = 0;
	len = ip6(f, MAC, HOST, ADDR, 17, 60, 8);
	ioth_input(&node, f, len);
	OK(n_out == 0 && node.drop[IOTH_D_NO_SERVICE] == 1, "UDP to the address: no-service");
	len = ip6(f, MAC, HOST, ROUTER, 58, 60, 8);
	ioth_input(&node, f, len);
	OK(n_out == 0 && node.drop[IOTH_D_NOT_MINE] == 1, "unicast frame to another address: not-mine");
}

/* code words */
#define IN_R24_0x26	0xB186
#define OUT_0x2A_R24	0xB98A
#define BREAK		0x9598

/* A process from HOST to SIDS[0]: in r24, 0x26 (node 0); out 0x2a, r24 (node @n2) */
static size_t process(uint8_t *f, unsigned int n2, uint32_t task)
{
	static const uint16_t code[] = { IN_R24_0x26, OUT_0x2A_R24, BREAK };
	struct sriot_port ports[] = { { 0x26, 0 }, { 0x2a, n2 } };
	uint8_t cw[6], payload[512], *srh = f + 54;
	struct sriot_build b = {
		.sids = SIDS, .n_nodes = 2, .ports = ports, .n_ports = 2, .code_words = 3,
		.log_cap = 4, .sram_base = 0x100, .sram_size = 16, .task_id = task,
		.step_limit = 1000, .hop_limit = 8,
	};
	size_t slen, plen, len;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		cw[2 * i] = code[i] & 0xff;
		cw[2 * i + 1] = code[i] >> 8;
	}
	plen = sriot_build_payload(&b, payload, sizeof(payload));
	slen = sriot_build_srh(srh, 512, HOST, SIDS[0], cw, 3);
	len = ip6(f, MAC, HOST, SIDS[0], 43, 60, slen + 8 + plen);
	sriot_put16(f + 54 + slen, 4242);
	sriot_put16(f + 54 + slen + 2, 4242);
	sriot_put16(f + 54 + slen + 4, 8 + plen);
	memcpy(f + 54 + slen + 8, payload, plen);
	return len;
}

static void test_exec(void)
{
	FRAME(f);
	uint8_t *p;
	size_t len, slen;

	setup();
	ioth_port_set(&node, 0x26, IOTH_PORT_SENSOR, 20);
	len = process(f, 1, 7);
	slen = (f[55] + 1) * 8;
	ioth_input(&node, f, len);
	OK(n_out == 1 && out[0][54] == 135 && !memcmp(out[0] + 62, ROUTER, 16),
	   "process to migrate, router unknown: NS for the router");
	n_out = 0;
	/* the router's NA */
	len = ip6(f, MAC, ROUTER, ADDR, 58, 255, 32);
	memset(f + 54, 0, 32);
	f[54] = 136;
	f[58] = 0x60;
	memcpy(f + 62, ROUTER, 16);
	f[78] = 2;
	f[79] = 1;
	memcpy(f + 80, RMAC, 6);
	icmp_fix(f, len);
	ioth_input(&node, f, len);
	p = out[0] + 54 + slen + 8;
	OK(n_out == 1 && !memcmp(out[0], RMAC, 6) && !memcmp(out[0] + 38, SIDS[1], 16) &&
	   out[0][54 + 3] == 1 && !memcmp(out[0] + 54 + 24, SIDS[1], 16) && out[0][21] == 64,
	   "NA from the router: the process goes on to node 1's SID (segments left 1)");
	OK(p[3] == SRIOT_ST_RUNNING && p[48 + 24] == 20 && p[25] == 1 && sriot_get32(p + 8) == 1 &&
	   sriot_get16(p + 20) == 1 && p[27] == 0,
	   "migrated state: running, r24 = 20, 1 hop, 1 step, pc 1, last node 0");
	OK(ioth_csum(out[0] + 22, out[0] + 54 + 8, 17, out[0] + 54 + slen,
		     out_len[0] - 54 - slen) == 0xffff,
	   "migrated UDP checksum valid against the return address");
	OK(node.port[0x26].reads == 1 && node.counter[IOTH_C_MIGRATIONS] == 1 &&
	   node.counter[IOTH_C_INSNS] == 1, "counters: 1 read, 1 migration, 1 instruction");

	/* both ports here: runs to BREAK and goes home */
	ioth_port_set(&node, 0x2a, IOTH_PORT_ACTUATOR, 0);
	n_out = 0;
	len = process(f, 0, 9);
	ioth_input(&node, f, len);
	p = out[0] + 54 + 8;
	OK(n_out == 1 && out_len[0] == len - slen && out[0][20] == 17 &&
	   !memcmp(out[0] + 38, HOST, 16) && !memcmp(out[0] + 22, HOST, 16) &&
	   sriot_get16(out[0] + 18) == len - slen - 54,
	   "local process: home to the sender without its SRH (source kept)");
	OK(p[3] == SRIOT_ST_BREAK && p[48 + 24] == 20 && sriot_get32(p + 8) == 3 &&
	   p[38] == 1 && p[96 + 2 + 4 + 1] == 20 && !p[96 + 2 + 4 + 3],
	   "returned: break, 3 steps, log: 0x2a <- 20, not dup");
	OK(csum_ok(out[0], out_len[0], 17), "returned UDP checksum valid");
	OK(node.port[0x2a].value == 20 && node.port[0x2a].writes == 1, "actuator 0x2a = 20, 1 write");
	n_out = 0;
	len = process(f, 0, 9);
	ioth_input(&node, f, len);
	p = out[0] + 54 + 8;
	OK(n_out == 1 && p[96 + 2 + 4 + 3] == SRIOT_WRITE_DUP && node.port[0x2a].writes == 1 &&
	   node.port[0x2a].dups == 1 && node.counter[IOTH_C_DUP_WRITES] == 1,
	   "same task again: the write is a dup (log flag), not applied twice");
}

struct hostile {
	const char *name;
	unsigned int off;	/* from the IPv6 header */
	uint8_t val;
	enum ioth_drop why;
};

static void test_hostile(void)
{
	/* SRH at 40: +3 segments left, +6 tag; payload at 40 + srhlen + 8 */
	const struct hostile cases[] = {
		{ "SRH tag 0x5211", 40 + 7, 0x11, IOTH_D_MALFORMED },
		{ "segments left 2", 40 + 3, 2, IOTH_D_MALFORMED },
		{ "segments left 0", 40 + 3, 0, IOTH_D_NO_SRH },
		{ "routing type 2", 40 + 2, 2, IOTH_D_NO_SRH },
		{ "next header TCP", 40, 6, IOTH_D_MALFORMED },
		{ "return address ff02::1", 48, 0xff, IOTH_D_UNROUTABLE },
		{ "bad magic", 1000, 0x54, IOTH_D_MALFORMED },
		{ "bad version", 1002, 2, IOTH_D_MALFORMED },
		{ "code words 9", 1043, 9, IOTH_D_MALFORMED },
		{ "log_len > log_cap", 1038, 5, IOTH_D_MALFORMED },
		{ "SRAM base 0xf0", 1044, 0, IOTH_D_MALFORMED },
		{ "last entry 9", 40 + 4, 9, IOTH_D_NO_SRH },
	};
	FRAME(f);
	FRAME(good);
	size_t len, slen, i, cut, drops;
	unsigned int off;

	setup();
	ioth_port_set(&node, 0x26, IOTH_PORT_SENSOR, 20);
	ioth_port_set(&node, 0x2a, IOTH_PORT_ACTUATOR, 0);
	len = process(good, 0, 11);
	slen = (good[55] + 1) * 8;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hostile *c = &cases[i];
		uint64_t before = node.drop[c->why];

		memcpy(f, good, len);
		off = c->off >= 1000 ? 40 + slen + 8 + c->off - 1000 : c->off;
		if (c->off == 1044)
			f[14 + off] = 0, f[14 + off + 1] = 0xf0;
		else
			f[14 + off] = c->val;
		n_out = 0;
		ioth_input(&node, f, len);
		OK(n_out == 0 && node.drop[c->why] == before + 1, "%s: no answer, drop %s",
		   c->name, ioth_drop_names[c->why]);
	}
	/* every truncation, with lengths that agree (IPv6) and that do not */
	drops = 0;
	for (cut = 0; cut < len; cut++) {
		memcpy(f, good, len);
		n_out = 0;
		ioth_input(&node, f, cut);
		drops += n_out;
		if (cut > 54) {
			memcpy(f, good, len);
			sriot_put16(f + 18, cut - 54);
			ioth_input(&node, f, cut);
			drops += n_out;
		}
	}
	OK(drops == 0, "every truncation of a process (%zu lengths): nothing sent", len);
	OK(node.port[0x2a].writes == 0, "no hostile or cut process wrote the actuator");
	n_out = 0;
	memcpy(f, good, len);
	ioth_input(&node, f, len);
	OK(n_out == 1 && node.port[0x2a].writes == 1, "the good process still runs after all that");
}

static void test_ctl(void)
{
	char line[128], reply[4096];

	setup();
	strcpy(line, "port 0x26 sensor 20");
	OK(!ioth_ctl(&node, line, reply, sizeof(reply)) && node.port[0x26].value == 20,
	   "ctl: port 0x26 sensor 20");
	strcpy(line, "port 0x5e actuator");
	OK(ioth_ctl(&node, line, reply, sizeof(reply)) && strstr(reply, "SPL") && !node.port[0x5e].mode,
	   "ctl: port 0x5e refused (SPL, SPH, SREG), nothing set: %s", reply);
	strcpy(line, "port 0x27 sensor 256");
	OK(ioth_ctl(&node, line, reply, sizeof(reply)) && !node.port[0x27].mode,
	   "ctl: value 256 refused: %s", reply);
	strcpy(line, "port 0x27 del");
	OK(ioth_ctl(&node, line, reply, sizeof(reply)) && strstr(reply, "no such port"),
	   "ctl: deleting a missing port refused: %s", reply);
	strcpy(line, "set hop-budget 1000");
	OK(!ioth_ctl(&node, line, reply, sizeof(reply)) && node.hop_budget == 1000, "ctl: hop-budget");
	strcpy(line, "show");
	OK(!ioth_ctl(&node, line, reply, sizeof(reply)) &&
	   strstr(reply, "\"ports\":[{\"port\":38,\"mode\":\"sensor\",\"value\":20,") &&
	   strstr(reply, "\"hop_budget\":1000") && strstr(reply, "\"malformed\":0"),
	   "ctl: show is JSON with ports, budget, drops");
	OK(ioth_ctl(&node, line, reply, 40) && !strncmp(reply, "error", 5),
	   "ctl: a reply that does not fit is an error, not cut JSON");
}

/* ---- ports backed by files and commands (backing.c, for real) ---- */

static const struct ioth_ops backed_ops = {
	.tx = tx, .port_backing = ioth_backing_set,
	.port_read = ioth_backing_read, .port_write = ioth_backing_write,
};
static char dir[64];

static void script(const char *name, const char *body)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0755);
}

static int ctl(const char *fmt, const char *arg, char *reply)
{
	char line[256];

	snprintf(line, sizeof(line), fmt, arg);
	return ioth_ctl(&node, line, reply, 4096);
}

/* Run the local process (in r24, 0x26; out 0x2a, r24; break): its status */
static uint8_t run_local(uint32_t task, uint8_t *r24)
{
	FRAME(f);
	size_t len = process(f, 0, task);

	n_out = 0;
	ioth_input(&node, f, len);
	if (n_out != 1)
		return 0xff;
	*r24 = out[0][54 + 8 + 48 + 24];
	return out[0][54 + 8 + 3];
}

static int file_is(const char *name, const char *want)
{
	char path[128], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return !strcmp(buf, want);
}

static void test_backing(void)
{
	char reply[4096], path[128];
	struct timespec a, b;
	uint8_t r24 = 0;
	uint8_t st;
	double ms;

	strcpy(dir, "/tmp/ioth-backing-XXXXXX");
	if (!mkdtemp(dir)) {
		OK(0, "mkdtemp");
		return;
	}
	script("t23", "echo ' 23'");
	script("slow", "sleep 3; echo 1");
	script("big", "echo 300");
	script("fails", "echo 5; exit 1");
	script("words", "echo warm");
	snprintf(path, sizeof(path), "echo \"$1\" > %s/fan.log", dir);
	script("fan", path);
	setup();
	{
		FRAME(f);

		ioth_input(&node, f, ns(f, ADDR, true));	/* the router, learnt */
	}
	node.ops = &backed_ops;
	ioth_backing_timeout_ms = 300;
	snprintf(path, sizeof(path), "%s/t23", dir);
	OK(!ctl("port 0x26 sensor exec %s", path, reply) && node.port[0x26].backing == IOTH_BACK_EXEC,
	   "ctl: port 0x26 sensor exec PATH");
	snprintf(path, sizeof(path), "%s/fan.out", dir);
	OK(!ctl("port 0x2a actuator file %s", path, reply), "ctl: port 0x2a actuator file PATH");
	st = run_local(100, &r24);
	OK(st == SRIOT_ST_BREAK && r24 == 23 && file_is("fan.out", "23\n"),
	   "exec sensor printed ' 23': the process read 23 and the file actuator holds \"23\\n\"");

	snprintf(path, sizeof(path), "%s/slow", dir);
	ctl("port 0x26 sensor exec %s", path, reply);
	clock_gettime(CLOCK_MONOTONIC, &a);
	st = run_local(101, &r24);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	OK(st == SRIOT_ST_IO_FAULT && node.counter[IOTH_C_BACKING_ERR] == 1 && ms >= 250 && ms < 1500,
	   "a command over the time bound (300 ms) is killed: io-fault, backing-errors 1 (%.0f ms)",
	   ms);
	snprintf(path, sizeof(path), "%s/big", dir);
	ctl("port 0x26 sensor exec %s", path, reply);
	OK(run_local(102, &r24) == SRIOT_ST_IO_FAULT, "a command printing 300: io-fault");
	snprintf(path, sizeof(path), "%s/fails", dir);
	ctl("port 0x26 sensor exec %s", path, reply);
	OK(run_local(103, &r24) == SRIOT_ST_IO_FAULT, "a command exiting 1 (having printed 5): io-fault");
	snprintf(path, sizeof(path), "%s/words", dir);
	ctl("port 0x26 sensor exec %s", path, reply);
	OK(run_local(104, &r24) == SRIOT_ST_IO_FAULT && node.counter[IOTH_C_BACKING_ERR] == 4 &&
	   node.port[0x2a].writes == 1, "a command printing a word: io-fault; no write after a fault");

	snprintf(path, sizeof(path), "%s/temp", dir);
	ctl("port 0x26 sensor file %s", path, reply);
	OK(run_local(105, &r24) == SRIOT_ST_IO_FAULT, "a sensor file that does not exist: io-fault");
	script("temp", "");	/* any content: rewritten below */
	{
		FILE *f = fopen(path, "w");

		fputs("0x2a\n", f);
		fclose(f);
	}
	OK(run_local(106, &r24) == SRIOT_ST_BREAK && r24 == 42, "a sensor file holding 0x2a: 42");
	snprintf(path, sizeof(path), "%s/fan", dir);
	ctl("port 0x2a actuator exec %s", path, reply);
	OK(run_local(107, &r24) == SRIOT_ST_BREAK && file_is("fan.log", "42\n"),
	   "an exec actuator runs PATH VALUE: the script logged 42");

	OK(ctl("port 0x27 sensor exec %s", "/nonexistent/x", reply) && strstr(reply, "No such file") &&
	   !node.port[0x27].mode, "ctl: exec of a missing program refused, nothing set: %s", reply);
	OK(ctl("port 0x26 sensor 9 file%s", "", reply) && node.port[0x26].backing == IOTH_BACK_FILE &&
	   node.port[0x26].value == 42, "ctl: \"file\" without a path refused, port unchanged: %s",
	   reply);
	OK(!ctl("port 0x26 sensor 7%s", "", reply) && node.port[0x26].backing == IOTH_BACK_FIXED &&
	   run_local(108, &r24) == SRIOT_ST_BREAK && r24 == 7,
	   "ctl: a value without backing makes the port fixed again: reads 7");
	strcpy(reply, "show");
	ioth_ctl(&node, reply, reply, sizeof(reply));
	OK(strstr(reply, "\"port\":42,\"mode\":\"actuator\",\"value\":7,\"backing\":\"exec\"") &&
	   strstr(reply, "\"backing_errors\":5"), "show: backing per port, backing_errors (snake_case key)");
	node.ops = &ops;
	OK(ctl("port 0x26 sensor file %s", "/tmp/x", reply) && strstr(reply, "backs no port"),
	   "a node without backing refuses file/exec: %s", reply);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path))
		printf("# could not remove %s\n", dir);
}

/* ---- OTIP ---- */

static void otip_setup(void)
{
	static const uint8_t base[16] = { 0xfc, 0, 0, 0, 0, 7 };

	setup();
	node.otip.on = true;
	memcpy(node.otip.cfg.base, base, 16);
	strcpy(node.otip.cfg.name, "temp.sriot.example");
	memcpy(node.otip.cfg.secret, "correct horse", 13);
	node.otip.cfg.secret_len = 13;
	node.otip.cfg.period = 32;
	node.wall = 1700000000;		/* window 53125000 */
}

static size_t echo(uint8_t *f, const uint8_t dst[16])
{
	size_t len = ip6(f, MAC, HOST, dst, 58, 60, 16);

	memset(f + 54, 0x5a, 16);
	f[54] = 128;
	f[55] = 0;
	icmp_fix(f, len);
	return len;
}

static void test_otip(void)
{
	uint8_t cur[16], prev[16], old[16], guess[16];
	char reply[4096], a[INET6_ADDRSTRLEN];
	FRAME(f);

	otip_setup();
	otip_addr(&node.otip.cfg, 53125000, cur);
	otip_addr(&node.otip.cfg, 53124999, prev);
	otip_addr(&node.otip.cfg, 53124998, old);
	memcpy(guess, cur, 16);
	guess[15] ^= 1;
	ioth_input(&node, f, ns(f, cur, true));
	OK(n_out == 1 && out[0][54] == 136 && !memcmp(out[0] + 62, cur, 16) &&
	   !memcmp(out[0] + 22, cur, 16), "OTIP: NS (multicast) for the current address: NA from it");
	n_out = 0;
	ioth_input(&node, f, ns(f, prev, true));
	OK(n_out == 1 && !memcmp(out[0] + 62, prev, 16), "OTIP: the previous window's address: NA");
	n_out = 0;
	ioth_input(&node, f, ns(f, old, true));
	ioth_input(&node, f, ns(f, old, false));
	OK(n_out == 0 && node.drop[IOTH_D_OTIP] == 1,
	   "OTIP: NS for the address of 2 windows ago: silence (multicast not our group), "
	   "unicast counted otip-refused");
	ioth_input(&node, f, ns(f, guess, false));
	OK(n_out == 0 && node.drop[IOTH_D_OTIP] == 2, "OTIP: NS for a guessed address: otip-refused");
	ioth_input(&node, f, echo(f, cur));
	OK(n_out == 1 && out[0][54] == 129 && !memcmp(out[0] + 22, cur, 16) &&
	   csum_ok(out[0], out_len[0], 58), "OTIP: echo to the current address answered from it");
	n_out = 0;
	ioth_input(&node, f, echo(f, old));
	OK(n_out == 0 && node.drop[IOTH_D_OTIP] == 3, "OTIP: echo to an old address: otip-refused");
	node.wall += 32;		/* next window: cur becomes prev, prev goes */
	ioth_input(&node, f, echo(f, cur));
	OK(n_out == 1 && !memcmp(out[0] + 22, cur, 16),
	   "OTIP: one window later the address still answers (as the previous one)");
	n_out = 0;
	ioth_input(&node, f, echo(f, prev));
	OK(n_out == 0 && node.drop[IOTH_D_OTIP] == 4, "OTIP: ... and the one before is refused");
	ioth_input(&node, f, echo(f, ADDR));
	OK(n_out == 1, "OTIP: the node's own address still answers");
	strcpy(reply, "show");
	ioth_ctl(&node, reply, reply, sizeof(reply));
	inet_ntop(AF_INET6, cur, a, sizeof(a));
	OK(strstr(reply, "\"otip\":{\"mode\":\"keyed\",\"period\":32,\"window\":53125001,") &&
	   strstr(reply, a), "show: OTIP mode, window, addresses");
}

int main(void)
{
	test_nd();
	test_echo();
	test_exec();
	test_hostile();
	test_ctl();
	test_backing();
	test_otip();
	printf("1..%d\n%d passed, %d failed\n", n, pass, fail);
	return fail != 0;
}
