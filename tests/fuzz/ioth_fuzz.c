// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioth_fuzz.c - libFuzzer target for the userspace SR-IoT node's frame
 * parser: every input is a frame handed to ioth_input() of a node with
 * ports, a resolved router and a SID, then a timer tick. The first byte
 * picks how the rest is used: odd, as a whole raw frame; even, as the IPv6
 * payload behind a valid Ethernet + IPv6 header to the node's SID (next
 * header 43), so the fuzzer reaches the SRH, UDP and SR-IoT checks and the
 * AVR core at once. OTIP is on (its addresses in the link's /64, the
 * window moving with the input). Checked: ASan, UBSan, every frame sent fits the MTU.
 */
#include <stdlib.h>
#include <string.h>
#include "ioth.h"
#include "wire.h"

static struct ioth_node node;

static void tx(void *ctx, const uint8_t *f, size_t len)
{
	(void)ctx;
	if (len < 54 || len > IOTH_FRAME_MAX || (f[14] >> 4) != 6)
		abort();
}

static const struct ioth_ops ops = { .tx = tx };
static const uint8_t MAC[6] = { 0x02, 0, 0, 0, 0, 0x10 };
static const uint8_t RMAC[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t SID[16] = { 0xfc, 0, 0, 0, 0, 6, [15] = 0x0a };
static const uint8_t ROUTER[16] = { 0xfc, 0, 0, 1, 0, 5, [15] = 1 };
/* the IPv6 header 8-byte aligned, as ioth_input() wants */
static uint8_t frame_buf[IOTH_FRAME_MAX + 64] __attribute__((aligned(8)));
static uint8_t *const frame = frame_buf + 2;

static void setup(void)
{
	static const uint8_t addr[16] = { 0xfc, 0, 0, 1, 0, 5, [15] = 2 };
	static uint8_t fb[96] __attribute__((aligned(8)));
	uint8_t *f = fb + 2;

	ioth_init(&node, MAC, &ops, NULL);
	memcpy(node.addr, addr, 16);
	memcpy(node.router, ROUTER, 16);
	node.has_router = true;
	memcpy(node.sid[0], SID, 16);
	node.n_sids = 1;
	node.hop_budget = 2000;		/* keeps each input cheap */
	ioth_port_set(&node, 0x26, IOTH_PORT_SENSOR, 20);
	ioth_port_set(&node, 0x27, IOTH_PORT_SENSOR, 25);
	ioth_port_set(&node, 0x2a, IOTH_PORT_ACTUATOR, 0);
	/* OTIP in the link's /64: ND and echo paths for its addresses too */
	node.otip.on = true;
	memcpy(node.otip.cfg.base, addr, 8);
	strcpy(node.otip.cfg.name, "fuzz.example");
	node.otip.cfg.secret_len = 4;
	memcpy(node.otip.cfg.secret, "fuzz", 4);
	node.otip.cfg.period = 32;
	node.wall = 1700000000;
	/* the router's NA, so processes leave at once */
	memcpy(f, MAC, 6);
	memcpy(f + 6, RMAC, 6);
	f[12] = 0x86; f[13] = 0xdd; f[14] = 0x60; f[19] = 32; f[20] = 58; f[21] = 255;
	memcpy(f + 22, ROUTER, 16);
	memcpy(f + 38, addr, 16);
	f[54] = 136; f[58] = 0x60;
	memcpy(f + 62, ROUTER, 16);
	f[78] = 2; f[79] = 1;
	memcpy(f + 80, RMAC, 6);
	sriot_put16(f + 56, ioth_csum(f + 22, f + 38, 58, f + 54, 32));
	ioth_input(&node, f, 86);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;

	if (!node.n_sids)
		setup();
	if (!size)
		return 0;
	if (data[0] & 1) {
		len = size - 1 > (sizeof(frame_buf) - 2) ? (sizeof(frame_buf) - 2) : size - 1;
		memcpy(frame, data + 1, len);
	} else {
		len = size - 1 > (sizeof(frame_buf) - 2) - 54 ? (sizeof(frame_buf) - 2) - 54 : size - 1;
		memcpy(frame, MAC, 6);
		memcpy(frame + 6, RMAC, 6);
		frame[12] = 0x86; frame[13] = 0xdd;
		memset(frame + 14, 0, 4);
		frame[14] = 0x60;
		sriot_put16(frame + 18, len);
		frame[20] = 43;
		frame[21] = 64;
		memcpy(frame + 22, ROUTER, 16);
		memcpy(frame + 38, SID, 16);
		memcpy(frame + 54, data + 1, len);
		len += 54;
	}
	node.now += 400;
	node.wall += data[0] >> 6;	/* windows change now and then */
	ioth_input(&node, frame, len);
	ioth_tick(&node);
	return 0;
}
