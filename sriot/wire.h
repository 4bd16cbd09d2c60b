/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SR-IoT wire format codec: a pure core on byte buffers, built into the
 * seg6x module, the sriot tool, unit tests and the fuzzer. The format itself
 * is specified in kmod/uapi/linux/seg6x_sriot.h.
 */
#ifndef SRIOT_WIRE_H
#define SRIOT_WIRE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#endif
#include <linux/seg6x_sriot.h>

/* Why a buffer is not an SR-IoT process. Values index sriot_wire_err_names. */
enum sriot_wire_err {
	SRIOT_WIRE_OK,
	SRIOT_WIRE_SHORT,		/* shorter than the fixed header */
	SRIOT_WIRE_MAGIC,		/* wrong magic or version */
	SRIOT_WIRE_RESERVED,		/* reserved bytes not zero */
	SRIOT_WIRE_NODES,		/* bad node table geometry */
	SRIOT_WIRE_SRAM,		/* bad SRAM window */
	SRIOT_WIRE_LENGTH,		/* sections do not add up to the length */
	SRIOT_WIRE_PORTS,		/* a port map entry is out of range */
	SRIOT_WIRE_LOG,			/* log_len > log_cap */
	SRIOT_WIRE_CODE,		/* code_words does not match the SRH */
	SRIOT_WIRE_STATUS,		/* status out of range */
	SRIOT_WIRE_NODE_TWICE,		/* two node table entries are the same SID */
	__SRIOT_WIRE_MAX,
};

/*
 * A parsed process: pointers into the caller's buffer, which stays the
 * single copy of the state (the kernel runs the AVR core on it in place).
 */
struct sriot_view {
	struct sriot_hdr *hdr;
	uint8_t *nodes;			/* n_nodes * node_len bytes */
	struct sriot_port *ports;	/* n_ports entries */
	struct sriot_write *log;	/* log_cap entries */
	uint8_t *sram;			/* sram_size bytes */
	size_t len;			/* the whole payload */
};

static inline uint16_t sriot_get16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t sriot_get32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline void sriot_put16(void *p, uint16_t v)
{
	uint8_t *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

static inline void sriot_put32(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

/* Payload bytes for a process of this geometry */
size_t sriot_payload_size(unsigned int n_nodes, unsigned int node_len,
			  unsigned int n_ports, unsigned int log_cap,
			  unsigned int sram_size);

/* Code segments needed for @code_words words */
static inline unsigned int sriot_code_segs(unsigned int code_words)
{
	return (code_words + SRIOT_WORDS_PER_SEG - 1) / SRIOT_WORDS_PER_SEG;
}

enum sriot_wire_err sriot_parse(void *payload, size_t len, struct sriot_view *v);
enum sriot_wire_err sriot_check_code(const struct sriot_view *v, unsigned int code_segs);
void sriot_node_sid(const struct sriot_view *v, unsigned int node, uint8_t sid[16]);
int sriot_port_node(const struct sriot_view *v, unsigned int port);
int sriot_node_index(const struct sriot_view *v, const uint8_t sid[16]);
const char *sriot_wire_err_name(enum sriot_wire_err err);
const char *sriot_status_name(unsigned int status);

#endif /* SRIOT_WIRE_H */
