/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SR-IoT packet builder: the sender's half of the codec in wire.c. Pure code
 * on byte buffers (no allocation, no OS), shared by the sriot tool, tests
 * and the fuzzer. The format is kmod/uapi/linux/seg6x_sriot.h.
 */
#ifndef SRIOT_BUILD_H
#define SRIOT_BUILD_H

#include "wire.h"

#define SRIOT_SRH_FIXED		8	/* SRH bytes before segments[] */
#define SRIOT_SEG_MAX		127	/* segments an SRH can carry (hdrlen <= 254) */

/* What a process is made of, before it is laid out as a payload */
struct sriot_build {
	const uint8_t (*sids)[16];	/* node SIDs, node 0 first */
	unsigned int n_nodes;
	const struct sriot_port *ports;	/* port -> node index */
	unsigned int n_ports;
	unsigned int code_words;
	unsigned int log_cap;
	uint16_t sram_base;
	uint16_t sram_size;
	const uint8_t *sram;		/* initial window, NULL: zeros */
	uint32_t task_id;
	uint32_t step_limit;
	uint8_t hop_limit;
};

/*
 * sriot_node_window - smallest byte window [*off, *off + *len) outside
 * which all @n SIDs equal the first one. Identical SIDs (or one SID) give
 * a 1-byte window at offset 15. Returns *len (1-16).
 */
unsigned int sriot_node_window(const uint8_t (*sids)[16], unsigned int n,
			       unsigned int *off, unsigned int *len);

/*
 * sriot_build_payload - lay out the UDP payload of a new process
 * @b:   the process; status RUNNING, PC 0, SP = window top, registers and
 *       SREG 0, counters 0, last_node NONE
 * @buf: output, @cap bytes
 *
 * Return: payload length, or 0 if @cap is too small or @b does not make a
 * payload that sriot_parse() accepts (no nodes, more than 254 nodes, a port
 * outside 0x20-0xff or naming a missing node, bad SRAM window, no code or
 * more than SRIOT_SEG_MAX - 2 code segments).
 */
size_t sriot_build_payload(const struct sriot_build *b, uint8_t *buf, size_t cap);

/*
 * sriot_build_srh - the SRH of a new process
 * @ret:    segments[0], the sender (may be zeros, to fill in later)
 * @active: segments[1], node 0's SID
 * @code:   @code_words little-endian words; the last segment is padded
 *          with 0xffff
 *
 * Next header UDP, segments_left 1, last entry 1 + code segments, tag
 * SRIOT_SRH_TAG. Return: SRH length in bytes, or 0 if it does not fit @cap
 * or the code needs more than SRIOT_SEG_MAX - 2 segments (or is empty).
 */
size_t sriot_build_srh(uint8_t *buf, size_t cap, const uint8_t ret[16],
		       const uint8_t active[16], const uint8_t *code,
		       unsigned int code_words);

/*
 * sriot_udp_csum - UDP checksum over an IPv6 pseudo-header (RFC 8200 8.1:
 * @dst is the final destination) and @udp, @len bytes with the checksum
 * field zero. Returns the value to store (0 is sent as 0xffff).
 */
uint16_t sriot_udp_csum(const uint8_t src[16], const uint8_t dst[16],
			const uint8_t *udp, size_t len);

#endif /* SRIOT_BUILD_H */
