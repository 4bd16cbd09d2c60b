/* SPDX-License-Identifier: GPL-2.0-only */
/* backing.c: ports backed by a file or a command (the ioth-node process) */
#ifndef IOTH_BACKING_H
#define IOTH_BACKING_H

#include "ioth.h"

#define IOTH_PATH_LEN		128
#define IOTH_BACKING_TIMEOUT	500	/* ms a command may run, by default */

extern unsigned int ioth_backing_timeout_ms;

int ioth_backing_set(void *ctx, struct ioth_node *n, unsigned int port, unsigned int backing,
		     const char *arg);
int ioth_backing_read(void *ctx, struct ioth_node *n, unsigned int port);
int ioth_backing_write(void *ctx, struct ioth_node *n, unsigned int port);

#endif /* IOTH_BACKING_H */
