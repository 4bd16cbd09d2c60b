/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ioth-node: a userspace SR-IoT node (Internet of Threads).
 *
 * The node is an IPv6 host on a virtual Ethernet: it speaks Ethernet frames
 * itself, the way a microcontroller's stack would, and executes SR-IoT
 * processes (uapi/linux/seg6x_sriot.h) with the same avr-isa core and sriot/
 * codec as the kernel's avr-exec behaviour:
 *
 *   frame.c   Ethernet, IPv6, neighbour discovery, ICMPv6 echo, output
 *   exec.c    the avr-exec SID: SRH checks, run, migrate or return
 *   ports.c   the port table and the duplicate-write memory
 *   ctl.c     the control protocol (text commands, one JSON reply)
 *   main.c    libvdeplug, the poll loop, the control socket
 *   backing.c ports backed by a file or a bounded command (not pure)
 *   ../otip/otip.c  one-time addresses the node answers at (pure)
 *
 * frame.c, exec.c, ports.c and ctl.c are pure: byte buffers, one struct, no
 * allocation, no system calls; frames go out through a callback. They build
 * into the tool, the host unit tests and the fuzzer alike. All state lives
 * in struct ioth_node, sized at compile time.
 */
#ifndef IOTH_H
#define IOTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "avr.h"
#include "otip.h"
#include "wmem.h"

#define IOTH_MTU		1500
#define IOTH_FRAME_MAX		(14 + IOTH_MTU)
#define IOTH_MAX_SIDS		4
#define IOTH_NEIGH		16	/* neighbour cache entries */
#define IOTH_NS_TRIES		3	/* solicitations before a neighbour is given up */
#define IOTH_NS_INTERVAL	1000	/* ms between them */
#define IOTH_HOP_BUDGET		100000	/* the kernel's default per-visit budget */
#define IOTH_HOP_LIMIT		64	/* IPv6 hop limit of what the node sends */
/* The largest SRH has 127 segments: 125 of code, 8 words each (as the kernel). */
#define IOTH_MAX_WORDS		(125 * 8)

/* Counters; names in ioth_counter_names (the kernel's avr-exec names first). */
enum ioth_counter {
	IOTH_C_INSNS,
	IOTH_C_MIGRATIONS,
	IOTH_C_RETURNED,
	IOTH_C_FAILED,
	IOTH_C_READS,
	IOTH_C_WRITES,
	IOTH_C_DUP_WRITES,
	IOTH_C_RX,
	IOTH_C_TX,
	IOTH_C_ECHO,
	IOTH_C_NA_SENT,
	IOTH_C_NS_SENT,
	IOTH_C_PROCESSES,
	IOTH_C_BACKING_ERR,
	IOTH_C_WMEM_QUOTA,
	IOTH_C_WMEM_FULL,
	__IOTH_C_MAX,
};

/*
 * Drop reasons. Those the kernel has too carry its names
 * (SEG6X_DROP_*), so a test reads the same reason on either node.
 */
enum ioth_drop {
	IOTH_D_NOT_IPV6,	/* not an IPv6 frame, or a bad IPv6 header */
	IOTH_D_NO_SRH,		/* at the SID: no SRH, or one End refuses */
	IOTH_D_MALFORMED,	/* not an SR-IoT process avr-exec accepts */
	IOTH_D_UNROUTABLE,	/* return address multicast, loopback or :: */
	IOTH_D_NOT_MINE,	/* unicast to an address the node does not have */
	IOTH_D_BAD_ICMP,	/* short, bad checksum, or ND rules broken */
	IOTH_D_NO_SERVICE,	/* a protocol or UDP port nothing listens on */
	IOTH_D_TOO_BIG,		/* frame over the MTU */
	IOTH_D_NEIGH,		/* next hop did not answer solicitations */
	IOTH_D_OTIP,		/* to (or ND for) an OTIP /64 address not current */
	__IOTH_D_MAX,
};

extern const char *const ioth_counter_names[__IOTH_C_MAX];
extern const char *const ioth_drop_names[__IOTH_D_MAX];

/* Port modes: the kernel's SRIOT_PORT_SENSOR / _ACTUATOR values. */
enum { IOTH_PORT_NONE, IOTH_PORT_SENSOR, IOTH_PORT_ACTUATOR };

/*
 * What backs a port's value: the node's own byte, a file (its first
 * number is read before each read; each write stores the value in it) or a
 * command (run for each read with a bounded time, its standard output a
 * number 0-255; run with the value as argument for each write).
 */
enum { IOTH_BACK_FIXED, IOTH_BACK_FILE, IOTH_BACK_EXEC, __IOTH_BACK_MAX };
extern const char *const ioth_backing_names[__IOTH_BACK_MAX];

struct ioth_port {
	uint8_t mode;
	uint8_t value;		/* sensor value, actuator's last write */
	uint8_t backing;	/* IOTH_BACK_* */
	uint64_t reads, writes, dups;
};

struct ioth_neigh {
	uint8_t ip[16];
	uint8_t mac[6];
	uint8_t state;		/* 0 free, 1 incomplete, 2 reachable */
	uint8_t tries;
	uint64_t next_ns;	/* ms: next solicitation while incomplete */
	uint16_t pending_len;	/* one frame waiting for the address */
	uint8_t pending[IOTH_FRAME_MAX];
};

struct ioth_node;

/* How the pure core reaches the outside world (main.c, or a test). */
struct ioth_ops {
	void (*tx)(void *ctx, const uint8_t *frame, size_t len);
	/*
	 * Port backing (all optional). port_backing checks and keeps @arg (a
	 * path) for IOTH_BACK_FILE/_EXEC, forgets it for _FIXED; 0 or -errno.
	 * port_read refreshes a backed sensor's value before a read and
	 * port_write pushes an actuator's write: 0, or -EIO when the file or
	 * command failed (the read faults the process, see ports.c).
	 */
	int (*port_backing)(void *ctx, struct ioth_node *n, unsigned int port,
			    unsigned int backing, const char *arg);
	int (*port_read)(void *ctx, struct ioth_node *n, unsigned int port);
	int (*port_write)(void *ctx, struct ioth_node *n, unsigned int port);
};

/* OTIP (tools/otip): the node answers at its service's one-time address. */
struct ioth_otip {
	bool on;
	struct otip_cfg cfg;
	uint32_t window;	/* of cur; prev is window - 1 */
	bool valid;		/* cur/prev computed */
	uint8_t cur[16], prev[16];
};

struct ioth_node {
	/* configuration */
	uint8_t mac[6];
	uint8_t addr[16];	/* the node's address on the link */
	uint8_t plen;		/* its prefix: on-link destinations */
	uint8_t lladdr[16];	/* fe80:: + EUI-64 of mac */
	uint8_t router[16];	/* next hop for everything off-link */
	bool has_router;
	uint8_t sid[IOTH_MAX_SIDS][16];	/* avr-exec SIDs */
	unsigned int n_sids;
	uint32_t hop_budget;
	const struct ioth_ops *ops;
	void *ops_ctx;

	struct ioth_otip otip;

	/* state */
	uint64_t now;		/* ms, set by the caller before each input */
	int64_t wall;		/* s since the epoch, likewise (OTIP windows) */
	struct ioth_port port[256];
	uint8_t wmem_key[32];		/* random (main.c): keys the write memory's hash */
	struct sriot_wmem wmem;
	struct ioth_neigh neigh[IOTH_NEIGH];
	unsigned int neigh_victim;
	uint64_t counter[__IOTH_C_MAX];
	uint64_t drop[__IOTH_D_MAX];
	uint8_t txbuf[IOTH_FRAME_MAX];
	uint8_t scratch[AVR_SCRATCH_SIZE(IOTH_MAX_WORDS)] __attribute__((aligned(8)));
};

/* frame.c */
void ioth_init(struct ioth_node *n, const uint8_t mac[6], const struct ioth_ops *ops,
	       void *ctx);
void ioth_input(struct ioth_node *n, uint8_t *frame, size_t len);
void ioth_tick(struct ioth_node *n);
void ioth_send_ip6(struct ioth_node *n, uint8_t *frame, size_t len);
bool ioth_is_sid(const struct ioth_node *n, const uint8_t a[16]);
uint16_t ioth_csum(const uint8_t src[16], const uint8_t dst[16], uint8_t proto,
		   const uint8_t *data, size_t len);

/* exec.c: @frame holds a packet to one of our SIDs; IPv6 header at +14 */
void ioth_exec(struct ioth_node *n, uint8_t *frame, size_t len);

/* ports.c */
bool ioth_port_valid(unsigned int port);
int ioth_port_set(struct ioth_node *n, unsigned int port, unsigned int mode,
		  unsigned int value);
int ioth_port_del(struct ioth_node *n, unsigned int port);
int ioth_port_read(struct ioth_node *n, unsigned int port, uint8_t *val);
int ioth_port_write(struct ioth_node *n, const uint8_t sender[16], unsigned int port, uint8_t val,
		    uint32_t task, uint16_t wseq, bool *dup);

/* otip in frame.c: recompute the addresses if the window changed */
void ioth_otip_update(struct ioth_node *n);

/* ctl.c: run one command line; the reply (NUL-terminated) goes to @out */
int ioth_ctl(struct ioth_node *n, char *line, char *out, size_t cap);
int ioth_parse_addr(const char *s, uint8_t a[16]);

#endif /* IOTH_H */
