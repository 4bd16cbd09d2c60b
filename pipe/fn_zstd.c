// SPDX-License-Identifier: GPL-2.0-only
/*
 * fn_zstd.c - 0x2c00 zstd compress, 0x2d00 zstd decompress, client ->
 * server only; server -> client bytes pass unchanged. Streaming functions
 * (step/finish, see pipe.h): decompressed output has no bound per input
 * byte, so they consume what fits the caller's output room.
 *
 * The stream is one zstd frame (RFC 8878) per connection, content checksum
 * on, window capped at PIPE_ZSTD_WINDOW (64 KiB): compress flushes a block
 * whenever its input runs dry (step with len 0), so interactive bytes are
 * not held back, and ends the frame at FIN. Decompress takes any split of
 * any sequence of frames whose window fits the cap; a frame over the cap,
 * a corrupt block, a checksum mismatch or a stream cut inside a frame is
 * -EBADMSG (the flow is reset and counted as bad-input).
 *
 * Kernel: the kernel's zstd streaming API (zstd_init_cstream, ...; vmlinux
 * exports on both Debian kernels) with workspaces from kvmalloc() at init
 * (flow setup, a workqueue: never in softirq). Userspace (host tests,
 * fuzzer, pipe-run): libzstd with the same parameters.
 */
#include "pipe.h"

#define PIPE_ZSTD_WINDOW_LOG	16
#define PIPE_ZSTD_WINDOW	(1u << PIPE_ZSTD_WINDOW_LOG)
#define PIPE_ZSTD_LEVEL		1

#ifdef __KERNEL__
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/zstd.h>

struct zst {
	void *ws;		/* kvmalloc'd workspace holding the stream */
	zstd_cstream *cs;
	zstd_dstream *ds;
};

static int zst_cinit(struct zst *z)
{
	zstd_parameters p = zstd_get_params(PIPE_ZSTD_LEVEL, PIPE_ZSTD_WINDOW);
	size_t size;

	p.cParams.windowLog = min_t(u32, p.cParams.windowLog, PIPE_ZSTD_WINDOW_LOG);
	p.fParams.checksumFlag = 1;
	p.fParams.contentSizeFlag = 0;
	size = zstd_cstream_workspace_bound(&p.cParams);
	z->ws = kvmalloc(size, GFP_KERNEL);
	if (!z->ws)
		return -ENOMEM;
	z->cs = zstd_init_cstream(&p, 0, z->ws, size);
	return z->cs ? 0 : -EINVAL;
}

static int zst_dinit(struct zst *z)
{
	size_t size = zstd_dstream_workspace_bound(PIPE_ZSTD_WINDOW);

	z->ws = kvmalloc(size, GFP_KERNEL);
	if (!z->ws)
		return -ENOMEM;
	z->ds = zstd_init_dstream(PIPE_ZSTD_WINDOW, z->ws, size);
	return z->ds ? 0 : -EINVAL;
}

static void zst_free(struct zst *z)
{
	kvfree(z->ws);	/* the streams live inside their workspaces */
	z->ws = NULL;
}

#define zst_err(r)		zstd_is_error(r)
#define zst_compress(z, o, i)	zstd_compress_stream((z)->cs, o, i)
#define zst_flush(z, o)		zstd_flush_stream((z)->cs, o)
#define zst_end(z, o)		zstd_end_stream((z)->cs, o)
#define zst_decompress(z, o, i)	zstd_decompress_stream((z)->ds, o, i)
typedef zstd_in_buffer zst_in;
typedef zstd_out_buffer zst_out;

#else /* userspace: libzstd */
#include <zstd.h>

struct zst {
	ZSTD_CCtx *cs;
	ZSTD_DCtx *ds;
};

/*
 * A few contexts kept for the next stream (reset, parameters kept): the
 * fuzzer opens streams by the hundred thousand, and a fresh context's
 * first workspace allocation costs more than the stream. Single-threaded
 * users only (the host tests, the fuzzer, pipe-run).
 */
#define ZST_CACHE	4
static ZSTD_CCtx *zst_ccache[ZST_CACHE];
static ZSTD_DCtx *zst_dcache[ZST_CACHE];
static unsigned int zst_nc, zst_nd;

static int zst_cinit(struct zst *z)
{
	if (zst_nc) {
		z->cs = zst_ccache[--zst_nc];
		return 0;
	}
	z->cs = ZSTD_createCCtx();
	if (!z->cs)
		return -ENOMEM;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(z->cs, ZSTD_c_compressionLevel, PIPE_ZSTD_LEVEL)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(z->cs, ZSTD_c_windowLog, PIPE_ZSTD_WINDOW_LOG)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(z->cs, ZSTD_c_checksumFlag, 1)))
		return -EINVAL;
	return 0;
}

static int zst_dinit(struct zst *z)
{
	if (zst_nd) {
		z->ds = zst_dcache[--zst_nd];
		return 0;
	}
	z->ds = ZSTD_createDCtx();
	if (!z->ds)
		return -ENOMEM;
	if (ZSTD_isError(ZSTD_DCtx_setParameter(z->ds, ZSTD_d_windowLogMax, PIPE_ZSTD_WINDOW_LOG)))
		return -EINVAL;
	return 0;
}

static void zst_free(struct zst *z)
{
	if (z->cs && zst_nc < ZST_CACHE &&
	    !ZSTD_isError(ZSTD_CCtx_reset(z->cs, ZSTD_reset_session_only)))
		zst_ccache[zst_nc++] = z->cs;
	else
		ZSTD_freeCCtx(z->cs);
	if (z->ds && zst_nd < ZST_CACHE &&
	    !ZSTD_isError(ZSTD_DCtx_reset(z->ds, ZSTD_reset_session_only)))
		zst_dcache[zst_nd++] = z->ds;
	else
		ZSTD_freeDCtx(z->ds);
	z->cs = NULL;
	z->ds = NULL;
}

#define zst_err(r)		ZSTD_isError(r)
#define zst_compress(z, o, i)	ZSTD_compressStream((z)->cs, o, i)
#define zst_flush(z, o)		ZSTD_flushStream((z)->cs, o)
#define zst_end(z, o)		ZSTD_endStream((z)->cs, o)
#define zst_decompress(z, o, i)	ZSTD_decompressStream((z)->ds, o, i)
typedef ZSTD_inBuffer zst_in;
typedef ZSTD_outBuffer zst_out;
#endif

struct zstd_state {
	struct zst z;
	bool ended;	/* compress: the frame is closed */
	bool inframe;	/* decompress: inside a frame (or output held) */
};

static void zstd_fini(void *st)
{
	struct zstd_state *s = st;

	zst_free(&s->z);
}

/* ---- compress ---- */

static int zc_init(void *st, u32 arg, const struct pipe_cfg *cfg)
{
	struct zstd_state *s = st;

	(void)arg;
	(void)cfg;
	memset(s, 0, sizeof(*s));
	return zst_cinit(&s->z);
}

static long zc_step(void *st, const u8 *in, size_t len, size_t *used, u8 *out, size_t cap)
{
	struct zstd_state *s = st;
	zst_out o = { .dst = out, .size = cap, .pos = 0 };
	zst_in i = { .src = in, .size = len, .pos = 0 };
	size_t r;

	*used = 0;
	if (s->ended)
		return len ? -EBADMSG : 0;
	r = len ? zst_compress(&s->z, &o, &i) : zst_flush(&s->z, &o);
	if (zst_err(r))
		return -EBADMSG;
	*used = i.pos;
	return o.pos;
}

static long zc_finish(void *st, u8 *out, size_t cap)
{
	struct zstd_state *s = st;
	zst_out o = { .dst = out, .size = cap, .pos = 0 };
	size_t r;

	if (s->ended)
		return 0;
	r = zst_end(&s->z, &o);
	if (zst_err(r))
		return -EBADMSG;
	if (!r)
		s->ended = true;
	return o.pos;
}

static const struct pipe_ops zc_ops = {
	.state_size	= sizeof(struct zstd_state),
	.init		= zc_init,
	.step		= zc_step,
	.finish		= zc_finish,
	.fini		= zstd_fini,
};

const struct pipe_fn seg6x_pipe_fn_zstd_c = {
	.id	= PIPE_FN_ZSTD_COMPRESS,
	.name	= "zstd-compress",
	.arg	= "unused",
	.ops	= { &zc_ops, NULL },
};

/* ---- decompress ---- */

static int zd_init(void *st, u32 arg, const struct pipe_cfg *cfg)
{
	struct zstd_state *s = st;

	(void)arg;
	(void)cfg;
	memset(s, 0, sizeof(*s));
	return zst_dinit(&s->z);
}

/* len 0: write what the decoder holds for want of output room */
static long zd_step(void *st, const u8 *in, size_t len, size_t *used, u8 *out, size_t cap)
{
	struct zstd_state *s = st;
	zst_out o = { .dst = out, .size = cap, .pos = 0 };
	zst_in i = { .src = in, .size = len, .pos = 0 };
	size_t r;

	*used = 0;
	if (!len && !s->inframe)
		return 0;
	r = zst_decompress(&s->z, &o, &i);
	if (zst_err(r))
		return -EBADMSG;
	/* 0: a frame is complete and all its bytes are out */
	s->inframe = r != 0;
	*used = i.pos;
	return o.pos;
}

static long zd_finish(void *st, u8 *out, size_t cap)
{
	struct zstd_state *s = st;
	size_t used;
	long n = zd_step(st, NULL, 0, &used, out, cap);

	if (n)
		return n;
	return s->inframe ? -EBADMSG : 0;	/* cut inside a frame */
}

static const struct pipe_ops zd_ops = {
	.state_size	= sizeof(struct zstd_state),
	.init		= zd_init,
	.step		= zd_step,
	.finish		= zd_finish,
	.fini		= zstd_fini,
};

const struct pipe_fn seg6x_pipe_fn_zstd_d = {
	.id	= PIPE_FN_ZSTD_DECOMPRESS,
	.name	= "zstd-decompress",
	.arg	= "unused",
	.ops	= { &zd_ops, NULL },
};

SEG6X_PIPE_MODULE("zstd compress and decompress",
		  2c00, seg6x_pipe_fn_zstd_c, 2d00, seg6x_pipe_fn_zstd_d);
