/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TAP for the C host tests (tests/unit/{sriot,ilnp,ioth}): OK(cond, fmt, ...)
 * prints "ok N - ..." or "not ok N - ..." and counts in pass, fail and n;
 * TAP_END() prints "N passed, N failed" (the check scripts read it) and is
 * main's exit status.
 */
#ifndef SEG6X_TEST_TAP_H
#define SEG6X_TEST_TAP_H
#include <stdio.h>

static int pass, fail, n;

#define OK(cond, ...) do {						\
	n++;								\
	if (cond) { pass++; printf("ok %d - ", n); }			\
	else { fail++; printf("not ok %d - ", n); }			\
	printf(__VA_ARGS__);						\
	printf("\n");							\
} while (0)

#define TAP_END() (printf("%d passed, %d failed\n", pass, fail), fail != 0)

#endif
