/* SPDX-License-Identifier: GPL-2.0-only */
/* How corpus programs end: simavr stops on SLEEP with interrupts off */
#ifndef CORPUS_HALT_H
#define CORPUS_HALT_H
static inline void __attribute__((noreturn)) halt(void)
{
	for (;;)
		__asm__ volatile("cli\n\tsleep");
}
static inline void __attribute__((noreturn)) halt_break(void)
{
	for (;;)
		__asm__ volatile("break");
}
#endif
