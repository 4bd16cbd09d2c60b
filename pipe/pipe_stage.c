// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe_stage.c - the stage helpers that drive any function (pipe.h): built
 * into seg6x.ko (the pump) and into every host build. Which functions exist
 * is not known here: the host builds list them in pipe_table.c, the kernel
 * registers them (kmod/pipe_fn.c).
 */
#include "pipe.h"

int seg6x_pipe_stage_init(struct pipe_stage *s, const struct pipe_fn *fn,
			  enum pipe_dir dir, u32 arg, const struct pipe_cfg *cfg)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->ops = fn->ops[dir];
	if (!s->ops)
		return 0;
	if (s->ops->state_size > sizeof(s->st))
		return -EINVAL;
	err = s->ops->init ? s->ops->init(s->st, arg, cfg) : 0;
	if (err) {
		seg6x_pipe_stage_fini(s);
		return err;
	}
	/* a bounded function must fit PIPE_STEP_MIN, or step() could stall */
	if (s->ops->run && s->ops->out_max(s->st, 0) + s->ops->out_max(s->st, 1) > PIPE_STEP_MIN)
		return -EINVAL;
	return 0;
}

void seg6x_pipe_stage_fini(struct pipe_stage *s)
{
	if (s->ops && s->ops->fini)
		s->ops->fini(s->st);
	s->ops = NULL;
}

bool seg6x_pipe_stage_bounded(const struct pipe_stage *s)
{
	return !s->ops || s->ops->run;
}

long seg6x_pipe_stage_step(struct pipe_stage *s, const u8 *in, size_t len,
			   size_t *used, u8 *out, size_t cap)
{
	size_t lo, hi, mid;

	*used = 0;
	if (s->ops && !s->ops->run)
		return s->ops->step(s->st, in, len, used, out, cap);
	if (!len)
		return 0;
	/* bounded: the longest prefix whose out_max fits @cap (monotonic) */
	if (seg6x_pipe_stage_max(s, len) > cap) {
		lo = 0;
		hi = len;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (seg6x_pipe_stage_max(s, mid) <= cap)
				lo = mid;
			else
				hi = mid;
		}
		len = lo;
		if (!len)
			return 0;
	}
	*used = len;
	return seg6x_pipe_stage_run(s, in, len, out);
}

long seg6x_pipe_stage_finish(struct pipe_stage *s, u8 *out, size_t cap)
{
	long n;

	if (s->ops && !s->ops->run)
		return s->ops->finish ? s->ops->finish(s->st, out, cap) : 0;
	if (s->flushed)
		return 0;
	if (seg6x_pipe_stage_max(s, 0) > cap)
		return -ENOSPC;
	n = seg6x_pipe_stage_flush(s, out);
	if (n >= 0)
		s->flushed = true;
	return n;
}

size_t seg6x_pipe_stage_max(const struct pipe_stage *s, size_t len)
{
	return s->ops ? s->ops->out_max(s->st, len) : len;
}

long seg6x_pipe_stage_run(struct pipe_stage *s, const u8 *in, size_t len, u8 *out)
{
	if (!s->ops) {
		if (len)
			memcpy(out, in, len);
		return len;
	}
	return s->ops->run(s->st, in, len, out);
}

long seg6x_pipe_stage_flush(struct pipe_stage *s, u8 *out)
{
	return s->ops && s->ops->flush ? s->ops->flush(s->st, out) : 0;
}
