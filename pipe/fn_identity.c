// SPDX-License-Identifier: GPL-2.0-only
/*
 * fn_identity.c - 0x0000: bytes pass unchanged (a plain proxy; the
 * baseline the other functions are measured against)
 */
#include "pipe.h"

const struct pipe_fn seg6x_pipe_fn_identity = {
	.id	= PIPE_FN_IDENTITY,
	.name	= "identity",
	.arg	= "unused",
	.ops	= { NULL, NULL },
};
