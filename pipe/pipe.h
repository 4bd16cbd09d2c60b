/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pipe.h - bytestream functions of seg6x pipes (SRv6Pipes), a pure core
 *
 * A pipe function transforms the bytes of one TCP connection in one
 * direction: PIPE_FWD carries the client's bytes to the server, PIPE_REV
 * the server's bytes back. Each direction of a function is a struct
 * pipe_ops (or NULL: bytes pass unchanged). Transforms work on byte
 * buffers with per-flow state, may change lengths, and must give the same
 * output for every split of the stream into run() calls:
 *
 *	init(st, arg, cfg)            once per flow and direction
 *	run(st, in, len, out)         any number of times, len >= 0
 *	flush(st, out)                once, at the end of the stream (FIN)
 *
 * Bounded functions (run != NULL): the caller sizes @out with
 * out_max(st, len) (for flush: out_max(st, 0)), a bound fixed at init, and
 * run() consumes all of @in.
 *
 * Streaming functions (run == NULL; zstd, whose output has no bound per
 * input byte) instead have
 *
 *	step(st, in, len, &used, out, cap)  consumes @used <= @len bytes,
 *	                                    writes <= @cap; len 0: "no more
 *	                                    input for now", write what is
 *	                                    held back (a zstd flush)
 *	finish(st, out, cap)                end of stream; called again until
 *	                                    it returns 0
 *
 * and must make progress (use or write something) whenever len > 0 and
 * cap >= PIPE_STEP_MIN. Callers drive every function through
 * seg6x_pipe_stage_step()/_finish(), which adapt bounded functions (a
 * prefix of the input whose out_max fits @cap). fini(), if set, frees
 * what init allocated (also after a failed init).
 *
 * Returns are the number of bytes written to @out, or a negative errno:
 * -EINVAL (init: argument or table entry refused), -ENOMEM (init),
 * -EBADMSG (run/flush/step/finish: the input is not valid for this
 * function; the flow must be reset, never passed on unchanged).
 *
 * Built into the kernel modules (seg6x.ko: the stage helpers and the
 * identity function; seg6x_pipe_NAME.ko: fn_NAME.c), the host tests, the
 * fuzzer and build/bin/pipe-run from the same files (see pipe_port.h).
 */
#ifndef SEG6X_PIPE_H
#define SEG6X_PIPE_H

#include "pipe_port.h"

enum pipe_dir {
	PIPE_FWD = 0,	/* client -> server */
	PIPE_REV = 1,	/* server -> client */
};

/* Function ids: the 16 bits after the proxy's /80 prefix in the SID. */
enum pipe_fn_id {
	PIPE_FN_IDENTITY	= 0x0000,
	PIPE_FN_COUNT		= 0x0c01,
	PIPE_FN_XOR		= 0x0a5a,
	PIPE_FN_SED		= 0x5ed0,
	PIPE_FN_B64_DECODE	= 0xb64d,
	PIPE_FN_B64_ENCODE	= 0xb64e,
	PIPE_FN_ZSTD_COMPRESS	= 0x2c00,
	PIPE_FN_ZSTD_DECOMPRESS	= 0x2d00,
	PIPE_FN_AEAD_DECRYPT	= 0xae0d,
	PIPE_FN_AEAD_ENCRYPT	= 0xae0e,
};

/* A replace rule of the sed function: s/pat/rep/g over the whole stream. */
#define PIPE_SED_MAX	64
struct pipe_sed_rule {
	u8 pat_len;		/* 1..PIPE_SED_MAX */
	u8 rep_len;		/* 0..PIPE_SED_MAX */
	u8 pat[PIPE_SED_MAX];
	u8 rep[PIPE_SED_MAX];
};

/* What init may need beyond the 32-bit argument; resolved by the caller. */
#define PIPE_KEY_LEN	32
struct pipe_cfg {
	const struct pipe_sed_rule *sed;	/* the rule the argument names */
	const u8 *key;				/* the key the argument names */
	unsigned int key_len;			/* PIPE_KEY_LEN, or 0: none */
};

struct pipe_ops {
	unsigned int state_size;	/* <= PIPE_STATE_MAX */
	int (*init)(void *st, u32 arg, const struct pipe_cfg *cfg);
	long (*run)(void *st, const u8 *in, size_t len, u8 *out);
	long (*flush)(void *st, u8 *out);		/* NULL: nothing held back */
	size_t (*out_max)(const void *st, size_t len);
	long (*step)(void *st, const u8 *in, size_t len, size_t *used,
		     u8 *out, size_t cap);
	long (*finish)(void *st, u8 *out, size_t cap);
	void (*fini)(void *st);
};

#define PIPE_STATE_MAX	256
/* the smallest @cap step/finish must make progress with; a bounded
 * function's out_max(0) + out_max(1) must fit it (checked at init) */
#define PIPE_STEP_MIN	8192

struct pipe_fn {
	u16 id;
	const char *name;
	const char *arg;		/* what the argument means, for users */
	const struct pipe_ops *ops[2];	/* [PIPE_FWD], [PIPE_REV] */
};

/* One direction of one function in one flow. */
struct pipe_stage {
	const struct pipe_ops *ops;	/* NULL: pass-through */
	bool flushed;			/* bounded: flush() done */
	u64 st[PIPE_STATE_MAX / 8];
};

/**
 * Host builds only (pipe_table.c, a static table of every fn_*.c); the
 * kernel looks functions up among those registered (kmod/pipe_fn.c).
 * seg6x_pipe_fn_find() - the function with id @id, or NULL if none.
 * seg6x_pipe_fn_at() - the @i-th function in id order, NULL past the end.
 */
const struct pipe_fn *seg6x_pipe_fn_find(u16 id);
const struct pipe_fn *seg6x_pipe_fn_at(unsigned int i);

/**
 * seg6x_pipe_stage_init() - set @s up for direction @dir of @fn.
 * Returns 0 or -EINVAL (argument or cfg refused by the function).
 */
int seg6x_pipe_stage_init(struct pipe_stage *s, const struct pipe_fn *fn,
			  enum pipe_dir dir, u32 arg, const struct pipe_cfg *cfg);

/**
 * seg6x_pipe_stage_max() - bound on what run(len) (len 0: flush) writes.
 * seg6x_pipe_stage_run() - transform all of @in into @out, sized by
 *	seg6x_pipe_stage_max(s, len). Returns bytes written or -EBADMSG.
 * seg6x_pipe_stage_flush() - end of stream: write what is held back.
 *	Returns bytes written (<= seg6x_pipe_stage_max(s, 0)) or -EBADMSG.
 */
size_t seg6x_pipe_stage_max(const struct pipe_stage *s, size_t len);
long seg6x_pipe_stage_run(struct pipe_stage *s, const u8 *in, size_t len, u8 *out);
long seg6x_pipe_stage_flush(struct pipe_stage *s, u8 *out);

/**
 * seg6x_pipe_stage_step() - any function: consume a prefix of @in (*@used
 *	bytes), write at most @cap bytes to @out. @len 0: write what is
 *	held back for want of input (streaming functions; bounded: 0).
 *	Progress (*@used or the return > 0) whenever len > 0 and
 *	cap >= PIPE_STEP_MIN. Returns bytes written or -EBADMSG.
 * seg6x_pipe_stage_finish() - end of stream, at most @cap bytes
 *	(>= PIPE_STEP_MIN); call until it returns 0. Returns bytes written,
 *	0 when done, or -EBADMSG.
 * seg6x_pipe_stage_fini() - free what init allocated (any stage, once).
 * seg6x_pipe_stage_bounded() - true if run/flush/max may be used.
 */
long seg6x_pipe_stage_step(struct pipe_stage *s, const u8 *in, size_t len,
			   size_t *used, u8 *out, size_t cap);
long seg6x_pipe_stage_finish(struct pipe_stage *s, u8 *out, size_t cap);
void seg6x_pipe_stage_fini(struct pipe_stage *s);
bool seg6x_pipe_stage_bounded(const struct pipe_stage *s);

/* bytes counted so far by a PIPE_FN_COUNT stage (0 for other stages) */
u64 seg6x_pipe_count_bytes(const struct pipe_stage *s);

/*
 * The functions, one file each (fn_*.c): in the kernel each file but
 * fn_identity.c is a module (SEG6X_PIPE_MODULE at its foot, pipe_port.h);
 * the host builds list them in pipe_table.c.
 */
extern const struct pipe_fn seg6x_pipe_fn_identity;
extern const struct pipe_fn seg6x_pipe_fn_count;
extern const struct pipe_fn seg6x_pipe_fn_xor;
extern const struct pipe_fn seg6x_pipe_fn_sed;
extern const struct pipe_fn seg6x_pipe_fn_b64d;
extern const struct pipe_fn seg6x_pipe_fn_b64e;
extern const struct pipe_fn seg6x_pipe_fn_zstd_c;
extern const struct pipe_fn seg6x_pipe_fn_zstd_d;
extern const struct pipe_fn seg6x_pipe_fn_aead_e;
extern const struct pipe_fn seg6x_pipe_fn_aead_d;

#endif /* SEG6X_PIPE_H */
