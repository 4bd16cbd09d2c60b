// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot_wmem_test.c - the write memory (sriot/wmem.c): seen and new
 * writes, the sender in the key, the per-task quota, the hold time against
 * floods, and a long random run against a plain model of the same rules.
 * TAP; last line "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../tap.h"
#include "wmem.h"

static struct sriot_wmem w;

/* a stand-in for the caller's keyed hash: only needs to be a function of id */
static uint32_t hash(const struct sriot_wmem_id *id)
{
	uint32_t h = 2166136261u;
	unsigned int i;

	for (i = 0; i < 16; i++)
		h = (h ^ id->sender[i]) * 16777619u;
	for (i = 0; i < 4; i++)
		h = (h ^ (id->task >> (8 * i) & 0xff)) * 16777619u;
	return h;
}

static struct sriot_wmem_id id(uint8_t sender, uint32_t task)
{
	struct sriot_wmem_id x = { .sender = { 0xfc, [15] = sender }, .task = task };

	return x;
}

static enum sriot_wmem_verdict note(uint8_t sender, uint32_t task, uint16_t wseq, uint8_t port,
				    uint32_t now)
{
	struct sriot_wmem_id x = id(sender, task);

	return sriot_wmem_note(&w, &x, hash(&x), wseq, port, now);
}

/* The model: a list in insertion order, the same rules spelt plainly. */
struct model_e { struct sriot_wmem_id id; uint16_t wseq; uint8_t port; uint32_t at; };
static struct model_e model[SRIOT_WMEM_SIZE];
static unsigned int model_n;

static enum sriot_wmem_verdict model_note(const struct sriot_wmem_id *x, uint16_t wseq,
					  uint8_t port, uint32_t now)
{
	unsigned int i, count = 0;

	for (i = 0; i < model_n; i++) {
		if (memcmp(&model[i].id, x, sizeof(*x)))
			continue;
		if (model[i].wseq == wseq && model[i].port == port)
			return SRIOT_WMEM_SEEN;
		count++;
	}
	if (count >= SRIOT_WMEM_TASK_QUOTA)
		return SRIOT_WMEM_QUOTA;
	if (model_n == SRIOT_WMEM_SIZE) {
		if (now - model[0].at < SRIOT_WMEM_HOLD_MS)
			return SRIOT_WMEM_FULL;
		memmove(model, model + 1, sizeof(model[0]) * --model_n);
	}
	model[model_n++] = (struct model_e){ .id = *x, .wseq = wseq, .port = port, .at = now };
	return SRIOT_WMEM_NEW;
}

static void random_run(void)
{
	unsigned int k, bad = 0, seen = 0, full = 0, quota = 0;
	uint32_t now = 0xfffff000u;	/* the clock wraps during the run */

	sriot_wmem_init(&w);
	model_n = 0;
	srand(11);
	for (k = 0; k < 200000; k++) {
		struct sriot_wmem_id x = id(rand() % 2, rand() % 3);
		uint16_t wseq = rand() % 100;
		uint8_t port = 0x2a + rand() % 2;
		enum sriot_wmem_verdict a, b;

		now += rand() % 60;
		a = sriot_wmem_note(&w, &x, hash(&x), wseq, port, now);
		b = model_note(&x, wseq, port, now);
		bad += a != b;
		seen += a == SRIOT_WMEM_SEEN;
		full += a == SRIOT_WMEM_FULL;
		quota += a == SRIOT_WMEM_QUOTA;
	}
	OK(!bad && seen && full && quota,
	   "200000 random writes: the same verdicts as the model (%u differ; %u seen, %u full, %u quota)",
	   bad, seen, full, quota);
}

int main(void)
{
	unsigned int i, v;

	sriot_wmem_init(&w);
	OK(note(1, 7, 0, 0x2a, 0) == SRIOT_WMEM_NEW, "a first write is new");
	OK(note(1, 7, 0, 0x2a, 5) == SRIOT_WMEM_SEEN, "its repeat is seen");
	OK(note(1, 7, 0, 0x2b, 5) == SRIOT_WMEM_NEW && note(1, 7, 1, 0x2a, 5) == SRIOT_WMEM_NEW,
	   "another port, another wseq: new");
	OK(note(2, 7, 0, 0x2a, 6) == SRIOT_WMEM_NEW,
	   "the same task id and write from another sender: new (a pre-insert does not match)");
	OK(note(1, 7, 0, 0x2a, 7) == SRIOT_WMEM_SEEN, "the first sender's write is still seen");

	/* one task writing a lot: its quota, nobody else's entry */
	sriot_wmem_init(&w);
	note(1, 100, 0, 0x2a, 0);
	for (i = v = 0; i < 1000; i++)
		v += note(2, 200, i, 0x2a, 1) == SRIOT_WMEM_QUOTA;
	OK(v == 1000 - SRIOT_WMEM_TASK_QUOTA, "one task's 1000 writes: %u over its quota of %u",
	   v, SRIOT_WMEM_TASK_QUOTA);
	OK(note(1, 100, 0, 0x2a, 2) == SRIOT_WMEM_SEEN, "... and the victim's write is still seen");
	OK(note(2, 200, 0, 0x2a, 2) == SRIOT_WMEM_SEEN &&
	   note(2, 200, SRIOT_WMEM_TASK_QUOTA, 0x2a, 2) == SRIOT_WMEM_QUOTA,
	   "the flooder's first writes are remembered, the rest not");

	/* many tasks: the memory fills, nothing younger than the hold time goes */
	for (i = v = 0; i < 1000; i++)
		v += note(3, 1000 + i, 0, 0x2a, 3) == SRIOT_WMEM_FULL;
	OK(v == 1000 - (SRIOT_WMEM_SIZE - 1 - SRIOT_WMEM_TASK_QUOTA),
	   "1000 tasks of one write each: the memory fills, %u not remembered", v);
	OK(note(1, 100, 0, 0x2a, SRIOT_WMEM_HOLD_MS - 1) == SRIOT_WMEM_SEEN,
	   "... and the victim's write is still seen just before the hold time");
	OK(note(4, 1, 0, 0x2a, SRIOT_WMEM_HOLD_MS) == SRIOT_WMEM_NEW &&
	   note(1, 100, 0, 0x2a, SRIOT_WMEM_HOLD_MS) == SRIOT_WMEM_FULL,
	   "after the hold time the oldest entry (the victim's) gives way, the next is held");
	OK(note(1, 100, 0, 0x2a, SRIOT_WMEM_HOLD_MS + 1) == SRIOT_WMEM_NEW &&
	   note(2, 200, 0, 0x2a, SRIOT_WMEM_HOLD_MS + 1) == SRIOT_WMEM_NEW,
	   "... then the next oldest: forgotten writes are new again");

	random_run();
	return TAP_END();
}
