/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The write memory of an SR-IoT node: which actuator writes it applied, so
 * that a retransmitted process does not write twice. A pure core (no locks,
 * no allocation, no clock, no hash function of its own), built into the
 * seg6x module (kmod/sriot.c) and the userspace node (tools/ioth-node), so
 * both keep the same promise (kmod/uapi/linux/seg6x_sriot.h, "Actuator
 * writes happen once").
 *
 * A write is (task, wseq, port) where the task is (sender address, task_id):
 * a write under the same task_id from another address is another task's.
 * The caller hashes the task with a keyed hash the sender cannot compute
 * (the kernel: siphash with a per-namespace random key), so no sender can
 * aim its entries at one hash chain.
 *
 * Fairness: one task holds at most SRIOT_WMEM_TASK_QUOTA entries; its writes
 * beyond are applied and not remembered. An entry is evicted (oldest first)
 * only after SRIOT_WMEM_HOLD_MS; while the oldest entry is younger, new
 * writes are applied and not remembered. So nothing a sender does evicts
 * another task's entry within SRIOT_WMEM_HOLD_MS, whatever task ids or
 * addresses it uses: a flood costs exactly-once to the writes made during
 * the flood (counted by the caller), never to the ones remembered before.
 */
#ifndef SRIOT_WMEM_H
#define SRIOT_WMEM_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#define SRIOT_WMEM_BITS		8
#define SRIOT_WMEM_SIZE		(1u << SRIOT_WMEM_BITS)	/* writes remembered */
#define SRIOT_WMEM_TASK_QUOTA	64	/* ... of them by one task */
#define SRIOT_WMEM_HOLD_MS	10000	/* kept at least this long */
#define SRIOT_WMEM_NONE		0xffff	/* end of a chain */

/* Who made a write: the process's sender (IPv6 source) and its task id. */
struct sriot_wmem_id {
	uint8_t sender[16];
	uint32_t task;
};

struct sriot_wmem_task {
	struct sriot_wmem_id id;
	uint32_t hash;		/* the caller's keyed hash of id */
	uint16_t count;		/* entries held */
	uint16_t next;		/* hash chain, or the free list */
};

struct sriot_wmem_entry {
	uint32_t at;		/* ms, when remembered */
	uint16_t task;		/* index in tasks[] */
	uint16_t wseq;
	uint16_t next;		/* hash chain */
	uint8_t port;
	uint8_t used;
};

/* Entries are reused in ring order (the oldest first); at most one task
 * per entry is live, so tasks[] never runs out. */
struct sriot_wmem {
	unsigned int ring;
	uint16_t task_free;
	uint16_t task_head[SRIOT_WMEM_SIZE];
	uint16_t entry_head[SRIOT_WMEM_SIZE];
	struct sriot_wmem_task tasks[SRIOT_WMEM_SIZE];
	struct sriot_wmem_entry entries[SRIOT_WMEM_SIZE];
};

/* What to do with a write (sriot_wmem_note) */
enum sriot_wmem_verdict {
	SRIOT_WMEM_NEW,		/* apply it; remembered */
	SRIOT_WMEM_SEEN,	/* applied before: skip it */
	SRIOT_WMEM_QUOTA,	/* apply it; not remembered (the task's quota) */
	SRIOT_WMEM_FULL,	/* apply it; not remembered (all entries held) */
};

void sriot_wmem_init(struct sriot_wmem *w);
enum sriot_wmem_verdict sriot_wmem_note(struct sriot_wmem *w, const struct sriot_wmem_id *id,
					uint32_t hash, uint16_t wseq, uint8_t port,
					uint32_t now_ms);

#endif /* SRIOT_WMEM_H */
