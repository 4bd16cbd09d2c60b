/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * SR-IoT ("action avr-exec") wire format: the packet is the process.
 *
 * Shared by the kernel behaviour, the sriot tool, tests and the Wireshark
 * dissector; docs/sriot-format.md draws the same layout byte by byte.
 * Multi-byte header fields are big-endian; AVR code, registers and SRAM are
 * carried as the AVR sees them (little-endian words).
 *
 *   +-------------------------------+
 *   | IPv6 header (next header 43)  |  src: the sender, dst: active segment
 *   +-------------------------------+
 *   | SRH, routing type 4, tag      |  directly after the IPv6 header
 *   |   SRIOT_SRH_TAG               |
 *   |   segments[0]  return address |  the sender: final destination
 *   |   segments[1]  active segment |  SID of the node to run it next
 *   |   segments[2..] code          |  8 AVR words per segment
 *   |   first_segment = 1 + code segments, segments_left = 1 in flight
 *   |   no TLV, or one HMAC TLV     |  RFC 8754, flag H: see "Who runs"
 *   +-------------------------------+
 *   | UDP header                    |  ports: the sender's socket
 *   +-------------------------------+
 *   | struct sriot_hdr (fixed)      |  status, counters, CPU state
 *   | node bytes  n_nodes*node_len  |  node table (see below)
 *   | port map    n_ports*2         |  struct sriot_port
 *   | write log   log_cap*4         |  struct sriot_write
 *   | SRAM window sram_size         |  data space sram_base...
 *   +-------------------------------+  (UDP length ends exactly here)
 *
 * Code: flash word w is bytes 2*(w%8) .. 2*(w%8)+1 of segments[2 + w/8],
 * little-endian; code_words words are valid, the rest of the last segment is
 * padding (0xffff) and never executed.
 *
 * Node table: node i's SID is node_template with bytes
 * [node_off, node_off + node_len) replaced by node bytes i*node_len...
 * No SID may appear twice (a node refuses the process as malformed), and a
 * node never sends a process to its own active SID nor to a multicast,
 * loopback or unspecified address (dropped as unroutable).
 * (compression in the spirit of SRv6 C-SID: nodes of one SR domain share
 * a locator block and differ in a few bytes).
 *
 * Life of a process: the sender (sriot run) sends it to node 0 with
 * status SRIOT_ST_RUNNING. A node with an "avr-exec" SID loads the state,
 * runs instructions and accesses to its own ports; at an access to a port
 * the map gives to another node it writes the state back, puts that node's
 * SID in segments[1] and the destination address, and forwards it. When the
 * process ends (BREAK, SLEEP), fails, or exceeds a budget, the node writes
 * the status, removes the SRH and sends the datagram to segments[0]: the
 * sender's UDP socket receives the final state. Either way the node sends
 * it with a renewed IPv6 hop limit (its namespace's default): the process's
 * own hop_limit bounds how many nodes it visits.
 *
 * Actuator writes happen once: each write carries the process's write
 * sequence number (wseq); a node remembers the writes it applied, keyed by
 * (sender, task_id, wseq, port) where the sender is the packet's IPv6
 * source, and when a retransmitted copy of the process repeats a write it
 * skips the physical write (the log entry gets SRIOT_WRITE_DUP). The
 * memory holds 256 writes; one task (sender, task_id) holds at most 64 of
 * them, and an entry is forgotten (oldest first) only after 10 s, longer
 * than sriot run retransmits (3 retries of 2 s). A write the memory cannot
 * keep (the task's 64 are used, or all 256 are younger than 10 s) is
 * applied and counted (avr-exec counters write-memory-quota,
 * write-memory-full): a retransmission may repeat it. Hash chains are
 * keyed with a per-namespace random secret (siphash), so no sender can
 * make a lookup long.
 * What this guarantees, and against whom:
 *   - against loss, retransmission and duplication in the network: a write
 *     is applied once if the task makes at most 64 writes on the node and
 *     its copies arrive within 10 s of each other;
 *   - against any other sender, whatever task ids it uses, from another
 *     source address: it cannot make a write skipped (its writes are other
 *     tasks'), nor make a remembered write forgotten within 10 s (a flood
 *     only makes its own and later writes unremembered, and is counted);
 *   - not against a sender that can use the victim's source address and
 *     knows or guesses its 32-bit task id (seen on the path and by
 *     CAP_NET_ADMIN event listeners, random otherwise): it can write first
 *     under that identity. Source address validation at the domain's edge
 *     (ingress filtering, uRPF), or SRH HMAC (below), keeps such senders
 *     out.
 * What one process may cost a node (the node's limits, ip sriot set):
 *   - per visit: at most hop_budget instructions (default 100000) and at
 *     most 256 port accesses; the visit that wants more ends, and the
 *     process goes home with SRIOT_ST_HOP_BUDGET;
 *   - in all: a node runs a process only while its hops are below both
 *     its hop_limit and the node's max-hops (default 255), and its steps
 *     below both its step_limit and the node's max-steps (default
 *     1000000), so a process bouncing between nodes costs each of them at
 *     most max-steps instructions whatever the packet says;
 *   - before any of that, a finished process, or one out of hops or
 *     steps, goes home without its code being decoded (code equal, byte
 *     for byte, to the last code pre-decoded on the CPU is not decoded
 *     again: counter reused-words); a GSO packet, a
 *     malformed one, a node table with a SID twice, or a migration to a
 *     multicast, loopback or unspecified address is dropped and counted;
 *   - events (SEG6X_MCGRP_SRIOT): at most 1000 a second per namespace,
 *     only to CAP_NET_ADMIN listeners; the rest are counted (events-muted).
 * Who runs a process on a node: anyone who can send a packet to an
 * avr-exec SID, within these limits, unless the node requires SRH HMAC.
 * The SRH may end with an HMAC TLV (RFC 8754: flag H, the TLV's 40 bytes
 * right after the segments, as Linux places it; any other TLV is
 * malformed). End.BPF checks it before avr-exec runs, as the receiving
 * interface's net.ipv6.conf.DEV.seg6_require_hmac says (1: required, 0:
 * checked if present, -1: ignored), against the keys of `ip sr hmac set
 * KEYID ALGO`: with 1 on every interface that reaches the SIDs, only
 * senders holding a key run processes; the others are dropped by End.BPF
 * (the route's `count` errors). The HMAC covers the source address and the
 * segments (code included), not the payload (state, SRAM). A node that
 * sends a process on signs the SRH again with its own key of the same key
 * id (the SR domain's), since the active segment changed; lacking that key
 * it drops the process (drop reason "hmac"). Otherwise restrict who
 * reaches the SIDs (filtering at the domain's edge) as for any SRv6 SID.
 */
#ifndef _UAPI_LINUX_SEG6X_SRIOT_H
#define _UAPI_LINUX_SEG6X_SRIOT_H

#include <linux/types.h>

#define SRIOT_SRH_TAG		0x5210	/* SRH tag of an SR-IoT process */
#define SRIOT_MAGIC		0x5349	/* "SI" */
#define SRIOT_VERSION		1

#define SRIOT_SEG_RETURN	0	/* segments[] index of the sender */
#define SRIOT_SEG_ACTIVE	1	/* segments[] index of the active SID */
#define SRIOT_SEG_CODE		2	/* first code segment */
#define SRIOT_WORDS_PER_SEG	8

#define SRIOT_PORT_MIN		0x20	/* ports are data addresses 0x20-0xff */
#define SRIOT_PORT_MAX		0xff
#define SRIOT_NODE_NONE		0xff

/* Why a process came back (sriot_hdr.status). Values are ABI. */
enum sriot_status {
	SRIOT_ST_RUNNING,	/* in flight */
	SRIOT_ST_BREAK,		/* ended with BREAK */
	SRIOT_ST_SLEEP,		/* ended with SLEEP */
	SRIOT_ST_FAULT,		/* the AVR core stopped: sriot_hdr.fault, fault_addr */
	SRIOT_ST_UNKNOWN_PORT,	/* a port neither local nor in the map (fault_addr) */
	SRIOT_ST_PORT_LOOP,	/* the map sends a port to the node that has not got it */
	SRIOT_ST_HOP_BUDGET,	/* a node's per-hop instruction budget ran out */
	SRIOT_ST_STEP_LIMIT,	/* steps reached step_limit */
	SRIOT_ST_HOP_LIMIT,	/* hops reached hop_limit */
	SRIOT_ST_IO_FAULT,	/* a port refused the access (write to a sensor) */
	__SRIOT_ST_MAX,
};

/* The fixed header, at the start of the UDP payload: 96 bytes. */
struct sriot_hdr {
	__be16	magic;		/* SRIOT_MAGIC */
	__u8	version;	/* SRIOT_VERSION */
	__u8	status;		/* enum sriot_status */
	__be32	task_id;	/* chosen by the sender, kept by retransmissions */
	__be32	steps;		/* instructions executed so far */
	__be32	step_limit;	/* stop with SRIOT_ST_STEP_LIMIT there */
	__be32	cycles;		/* AVR cycles so far (ATmega328P timings) */
	__be16	pc;		/* program counter, in words */
	__be16	sp;		/* stack pointer */
	__u8	sreg;
	__u8	hops;		/* executing nodes visited so far */
	__u8	hop_limit;	/* stop with SRIOT_ST_HOP_LIMIT there */
	__u8	last_node;	/* node table index of the last node, or NONE */
	__be16	wseq;		/* actuator writes done so far */
	__u8	fault;		/* AVR core status of a SRIOT_ST_FAULT */
	__u8	n_nodes;	/* node table entries */
	__be16	fault_addr;	/* data address of a port or memory fault */
	__u8	node_off;	/* node table: first byte of a SID that varies */
	__u8	node_len;	/* ... and how many vary (1-16) */
	__u8	n_ports;	/* port map entries */
	__u8	log_cap;	/* write log entries carried */
	__u8	log_len;	/* write log entries used */
	__u8	reserved[3];	/* 0 */
	__be16	code_words;	/* valid words in the code segments */
	__be16	sram_base;	/* data address of the SRAM window, >= 0x100 */
	__be16	sram_size;	/* bytes in the SRAM window */
	__u8	regs[32];	/* r0-r31 */
	__u8	node_template[16];
};

/* Port map entry: port (data address) -> node table index */
struct sriot_port {
	__u8	port;
	__u8	node;
};

/* Write log entry: one actuator write, in program order */
struct sriot_write {
	__u8	port;
	__u8	value;
	__u8	node;		/* node table index of the node that owns it */
	__u8	flags;		/* SRIOT_WRITE_* */
};
#define SRIOT_WRITE_DUP	0x01	/* a repeat: the node did not write again */

#endif /* _UAPI_LINUX_SEG6X_SRIOT_H */
