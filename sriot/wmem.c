// SPDX-License-Identifier: GPL-2.0-only
/*
 * The write memory of an SR-IoT node (wmem.h): two hash tables over fixed
 * arrays, the tasks and their entries, each chain about one element long
 * (the caller's keyed hash spreads the tasks; a task's own entries are at
 * most SRIOT_WMEM_TASK_QUOTA). Every operation is O(chain): no scan of the
 * whole memory under the caller's lock.
 */
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif
#include "wmem.h"

static unsigned int wmem_task_bucket(uint32_t hash)
{
	return hash >> (32 - SRIOT_WMEM_BITS);
}

/* The task's hash is secret to the sender, so where its (wseq, port) pairs
 * land is too. */
static unsigned int wmem_entry_bucket(uint32_t hash, uint16_t wseq, uint8_t port)
{
	return ((hash ^ ((uint32_t)wseq << 8 | port)) * 0x9e3779b1u) >> (32 - SRIOT_WMEM_BITS);
}

/**
 * sriot_wmem_init - an empty memory
 */
void sriot_wmem_init(struct sriot_wmem *w)
{
	unsigned int i;

	memset(w, 0, sizeof(*w));
	memset(w->task_head, 0xff, sizeof(w->task_head));	/* SRIOT_WMEM_NONE */
	memset(w->entry_head, 0xff, sizeof(w->entry_head));
	for (i = 0; i < SRIOT_WMEM_SIZE; i++)
		w->tasks[i].next = i + 1 < SRIOT_WMEM_SIZE ? i + 1 : SRIOT_WMEM_NONE;
	w->task_free = 0;
}

static unsigned int wmem_task_find(const struct sriot_wmem *w, const struct sriot_wmem_id *id,
				   uint32_t hash)
{
	unsigned int t;

	for (t = w->task_head[wmem_task_bucket(hash)]; t != SRIOT_WMEM_NONE; t = w->tasks[t].next)
		if (w->tasks[t].hash == hash && !memcmp(&w->tasks[t].id, id, sizeof(*id)))
			return t;
	return SRIOT_WMEM_NONE;
}

static unsigned int wmem_entry_find(const struct sriot_wmem *w, unsigned int t, uint16_t wseq,
				    uint8_t port)
{
	unsigned int i;

	for (i = w->entry_head[wmem_entry_bucket(w->tasks[t].hash, wseq, port)];
	     i != SRIOT_WMEM_NONE; i = w->entries[i].next)
		if (w->entries[i].task == t && w->entries[i].wseq == wseq && w->entries[i].port == port)
			return i;
	return SRIOT_WMEM_NONE;
}

/* Take task @t out of its hash chain. */
static void wmem_task_unchain(struct sriot_wmem *w, unsigned int t)
{
	uint16_t *pp = &w->task_head[wmem_task_bucket(w->tasks[t].hash)];

	while (*pp != t)
		pp = &w->tasks[*pp].next;
	*pp = w->tasks[t].next;
}

/* Take entry @i out of its hash chain. */
static void wmem_entry_unchain(struct sriot_wmem *w, unsigned int i)
{
	const struct sriot_wmem_entry *e = &w->entries[i];
	uint16_t *pp = &w->entry_head[wmem_entry_bucket(w->tasks[e->task].hash, e->wseq, e->port)];

	while (*pp != i)
		pp = &w->entries[*pp].next;
	*pp = e->next;
}

/* Forget entry @i, and its task with its last entry. */
static void wmem_evict(struct sriot_wmem *w, unsigned int i)
{
	struct sriot_wmem_entry *e = &w->entries[i];
	struct sriot_wmem_task *t = &w->tasks[e->task];

	wmem_entry_unchain(w, i);
	e->used = 0;
	if (--t->count)
		return;
	wmem_task_unchain(w, e->task);
	t->next = w->task_free;
	w->task_free = e->task;
}

static unsigned int wmem_task_new(struct sriot_wmem *w, const struct sriot_wmem_id *id,
				  uint32_t hash)
{
	unsigned int t = w->task_free;
	uint16_t *head = &w->task_head[wmem_task_bucket(hash)];

	w->task_free = w->tasks[t].next;
	w->tasks[t] = (struct sriot_wmem_task){ .id = *id, .hash = hash, .next = *head };
	*head = t;
	return t;
}

/**
 * sriot_wmem_note - a process makes a write: was it applied before?
 * @w: the memory (the caller holds its lock)
 * @id: the process's sender and task id
 * @hash: a hash of @id keyed with a secret of the caller's (the same for
 *	the same @id, unpredictable to senders)
 * @wseq: the process's write sequence number for this write
 * @port: the port written
 * @now_ms: the caller's clock, in ms (wraps)
 *
 * Remembers the write unless it was seen, its task holds its quota, or every
 * entry is younger than SRIOT_WMEM_HOLD_MS.
 *
 * Return: the verdict; only SRIOT_WMEM_SEEN means "do not write".
 */
enum sriot_wmem_verdict sriot_wmem_note(struct sriot_wmem *w, const struct sriot_wmem_id *id,
					uint32_t hash, uint16_t wseq, uint8_t port,
					uint32_t now_ms)
{
	unsigned int t = wmem_task_find(w, id, hash);
	unsigned int i = w->ring % SRIOT_WMEM_SIZE;
	struct sriot_wmem_entry *e = &w->entries[i];
	uint16_t *head;

	if (t != SRIOT_WMEM_NONE) {
		if (wmem_entry_find(w, t, wseq, port) != SRIOT_WMEM_NONE)
			return SRIOT_WMEM_SEEN;
		if (w->tasks[t].count >= SRIOT_WMEM_TASK_QUOTA)
			return SRIOT_WMEM_QUOTA;
	}
	if (e->used) {
		if ((uint32_t)(now_ms - e->at) < SRIOT_WMEM_HOLD_MS)
			return SRIOT_WMEM_FULL;
		/* may free our own task: it is found again below */
		wmem_evict(w, i);
		t = wmem_task_find(w, id, hash);
	}
	if (t == SRIOT_WMEM_NONE)
		t = wmem_task_new(w, id, hash);
	head = &w->entry_head[wmem_entry_bucket(hash, wseq, port)];
	*e = (struct sriot_wmem_entry){
		.at = now_ms, .task = t, .wseq = wseq, .port = port, .used = 1, .next = *head,
	};
	*head = i;
	w->tasks[t].count++;
	w->ring++;
	return SRIOT_WMEM_NEW;
}
