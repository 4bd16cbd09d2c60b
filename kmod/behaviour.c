// SPDX-License-Identifier: GPL-2.0-only
/*
 * The behaviour table. Adding a behaviour adds a row here, a glue program in
 * bpf/seg6x_glue.bpf.c and one file with its ->input().
 */
#include "seg6x.h"

static const struct seg6x_behaviour *const seg6x_behaviours[] = {
	&seg6x_end_behaviour,
#if IS_ENABLED(CONFIG_SEG6X_AVR)
	&seg6x_avr_exec_behaviour,
#endif
#if IS_ENABLED(CONFIG_SEG6X_ILNP)
	&seg6x_ilnp_behaviour,
	&seg6x_ilnp_lrr_behaviour,	/* after ilnp: it uses ilnp's state */
#endif
#if IS_ENABLED(CONFIG_SEG6X_PIPE)
	&seg6x_pipe_behaviour,
#endif
#if IS_ENABLED(CONFIG_SEG6X_OTIP)
	&seg6x_otip_behaviour,
#endif
};

/**
 * seg6x_behaviour_get - find the behaviour with a given id
 * @id: a SEG6X_BEHAVIOUR_* value, possibly out of range (it comes from BPF)
 *
 * Return: the row, or NULL when no behaviour with @id is built in.
 */
const struct seg6x_behaviour *seg6x_behaviour_get(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(seg6x_behaviours); i++)
		if (seg6x_behaviours[i]->id == id)
			return seg6x_behaviours[i];
	return NULL;
}

/**
 * seg6x_behaviour_next - iterate over the table
 * @b: the previous row, or NULL for the first
 *
 * Return: the next row, or NULL after the last.
 */
const struct seg6x_behaviour *seg6x_behaviour_next(const struct seg6x_behaviour *b)
{
	unsigned int i;

	if (!b)
		return seg6x_behaviours[0];
	for (i = 0; i + 1 < ARRAY_SIZE(seg6x_behaviours); i++)
		if (seg6x_behaviours[i] == b)
			return seg6x_behaviours[i + 1];
	return NULL;
}
