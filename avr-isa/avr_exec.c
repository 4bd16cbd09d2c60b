// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_exec.c - the executor: threaded dispatch over pre-decoded ops
 *
 * seg6x_avr_prepare() left one struct avr_op per code word in the scratch buffer.
 * Every handler ends by jumping straight to the next op's handler through a
 * label table (computed goto, as the kernel's BPF interpreter does), so
 * there is no central switch and no per-fetch decoding. Straight-line code
 * runs into the sentinel op after the code; control transfers check their
 * target. Cycle counts are the ATmega328P datasheet's (see README.md).
 *
 * Budget and cycles are charged per straight-line run (avr_private.h): a
 * control op entering a run whose length fits in what is left takes it all
 * at once and runs it through the fast table, whose handlers do no
 * bookkeeping; otherwise the slow table sends every op through slow_step,
 * which charges one instruction at a time. SREG is lazy (avr_alu.h).
 *
 * A handler either completes its instruction (NEXT/ENTER/JUMP) or leaves
 * without having changed anything (FAIL), so a stopped machine is always
 * between two instructions.
 */
#include "avr_mem.h"
#include "avr_alu.h"

#define R		(m->r)
#define PAIR(n)		avr_get_le16(&R[n])
#define SET_PAIR(n, v)	avr_put_le16(&R[n], (v))
#define IDX()		((u32)(o - ops))
#define OP_AT(off)	((const struct avr_op *)((const char *)ops + (off)))

/* Lazy SREG (avr_alu.h) */
#define SREG_GET()	avr_lazy_get(sreg, lc, lz, ln, la, lb, lh)
#define SREG_SET(x)	do { sreg = (x); AVR_LAZY_SET(sreg, lc, lz, ln, la, lb, lh); } while (0)
#define CF		((lc >> 8) & 1)

/* Next op of the same run */
#if AVR_TABLE_IN_REG	/* tbl or its slow half, in a register */
#define NEXT(w) do { o += (w); goto *T[o->op]; } while (0)
#define SET_MODE(x) do { T = tbl + (x); } while (0)
#define FAST_MODE() (T == tbl)
#else
#define NEXT(w) do { o += (w); goto *tbl[mode + o->op]; } while (0)
#define SET_MODE(x) do { mode = (x); } while (0)
#define FAST_MODE() (!mode)
#endif

/* Start a run at o: charge it whole if the budget allows */
#define ENTER() do {						\
	u32 n_ = o->len;					\
	if (likely(n_ - 1 < left)) {				\
		left -= n_;					\
		cyc += o->cyc;					\
		SET_MODE(0);					\
		goto *tbl[o->op];				\
	}							\
	SET_MODE(AVR_OP_COUNT);					\
	goto slow_step;						\
} while (0)

/* Skip the next instruction (one or two words): 1 + 1 or 1 + 2 cycles */
#define SKIP() do {						\
	if (o[1].op >= AVR_OP_FIRST_2W) {			\
		cyc += 3;					\
		o += 3;						\
	} else {						\
		cyc += 2;					\
		o += 2;						\
	}							\
	ENTER();						\
} while (0)
#define NOSKIP() do { cyc += 1; o += 1; ENTER(); } while (0)

/* Transfer to the op's pre-decoded target, @c cycles */
#define GO(c) do {						\
	u32 x_ = o->x;						\
	cyc += (c);						\
	if (unlikely(x_ == ~0u)) {				\
		m->pc = avr_op_target(o, IDX(), base, mask);	\
		goto out_left_code;				\
	}							\
	o = OP_AT(x_);						\
	ENTER();						\
} while (0)

/* Transfer to word address @target (wrapped to the flash), @c cycles */
#define JUMP(target, c) do {					\
	u32 t_ = (u32)(target) & mask;				\
	cyc += (c);						\
	if (unlikely(t_ - base >= words)) {			\
		m->pc = t_;					\
		goto out_left_code;				\
	}							\
	o = ops + (t_ - base);					\
	ENTER();						\
} while (0)

/* Give up the current instruction: nothing of it happened */
#define FAIL(s) do { st = (s); goto out_undo; } while (0)

/* The slow data path sees (and may write) the whole SREG in m->sreg */
#define SLOW(call) do {						\
	u8 s_ = SREG_GET();					\
	m->sreg = s_;						\
	st = (call);						\
	if (unlikely(m->sreg != s_))				\
		SREG_SET(m->sreg);				\
	if (unlikely(st))					\
		goto out_undo;					\
} while (0)

/* Data access that may stop the run; the SRAM window inline */
#define LOAD(addr, dst) do {					\
	u16 a__ = (addr);					\
	u32 off_ = (u32)a__ - m->sram_base;			\
	if (likely(off_ < m->sram_size))			\
		(dst) = m->sram[off_];				\
	else							\
		SLOW(seg6x_avr_mem_read_slow(m, a__, &(dst)));	\
} while (0)
#define STORE(addr, val) do {					\
	u16 a__ = (addr);					\
	u32 off_ = (u32)a__ - m->sram_base;			\
	if (likely(off_ < m->sram_size))			\
		m->sram[off_] = (val);				\
	else							\
		SLOW(seg6x_avr_mem_write_slow(m, a__, (val)));	\
} while (0)
#define IO_LOAD(addr, dst)	SLOW(seg6x_avr_mem_read_slow(m, (addr), &(dst)))
#define IO_STORE(addr, val)	SLOW(seg6x_avr_mem_write_slow(m, (addr), (val)))

/* Stack windows: @n bytes below/above SP or a BAD_STACK stop */
#define STACK_PUSH(n, off) do {					\
	(off) = avr_stack_push_off(m, (n));			\
	if (unlikely((off) < 0)) {				\
		m->fault_addr = m->sp;				\
		m->fault_write = 1;				\
		FAIL(AVR_BAD_STACK);				\
	}							\
} while (0)
#define STACK_POP(n, off) do {					\
	(off) = avr_stack_pop_off(m, (n));			\
	if (unlikely((off) < 0)) {				\
		m->fault_addr = m->sp;				\
		m->fault_write = 0;				\
		FAIL(AVR_BAD_STACK);				\
	}							\
} while (0)

/* Push a return address: low byte at SP, high byte at SP-1 */
#define PUSH_RET(ret) do {					\
	s32 so_;						\
	u32 r_ = (u32)(ret) & mask;				\
	STACK_PUSH(2, so_);					\
	m->sram[so_ + 1] = (u8)r_;				\
	m->sram[so_] = (u8)(r_ >> 8);				\
	m->sp -= 2;						\
} while (0)

/* Indirect loads/stores: the pointer is updated before Rd is written */
#define LD_PTR(p, pre, post) do {				\
	u16 a_ = PAIR(p) + (pre);				\
	LOAD(a_, v);						\
	SET_PAIR(p, a_ + (post));				\
	R[o->d] = v;						\
	NEXT(1);						\
} while (0)
#define ST_PTR(p, pre, post) do {				\
	u16 a_ = PAIR(p) + (pre);				\
	STORE(a_, R[o->d]);					\
	SET_PAIR(p, a_ + (post));				\
	NEXT(1);						\
} while (0)

/* Flag producers: Rd + Rr (+ C) and Rd - Rr (- C), 8 bits */
#define FL_ADD(d, r, s) do {					\
	lc = (s); lz = (u8)(s); ln = (s);			\
	la = (d); lb = (r); lh = (d) ^ (r) ^ (s);		\
} while (0)
#define FL_SUB(d, r, s) do {					\
	lc = (s); lz = (u8)(s); ln = (s);			\
	la = (d); lb = ~(u32)(r); lh = (d) ^ (r) ^ (s);		\
} while (0)
#define FL_SBC(d, r, s) do {					\
	u32 z_ = lz;						\
	FL_SUB(d, r, s);					\
	lz |= z_;						\
} while (0)
/* V = 0, S = N; C and H unchanged */
#define FL_LOGIC(res) do { lz = (res); ln = (res); la = (res); } while (0)
/* shifts: C = old bit 0, V = N ^ C, S = C */
#define FL_SHIFT(d, res) do {					\
	lc = (d) << 8; lz = (res); ln = (res);			\
	la = ((d) & 1) << 7; lb = la;				\
} while (0)

/* Conditional branches, one pair per SREG bit */
#define BRANCH(bit, cond)					\
op_BRBS_##bit:							\
	if (cond)						\
		GO(2);						\
	NOSKIP();						\
op_BRBC_##bit:							\
	if (!(cond))						\
		GO(2);						\
	NOSKIP();

enum avr_status seg6x_avr_run(struct avr_machine *m, u32 budget)
{
#define L(x)	[AVR_OP_##x] = &&op_##x
	/* fast handlers, then AVR_OP_COUNT entries of slow_step */
	static const void *const tbl[2 * AVR_OP_COUNT] AVR_JUMP_TABLE = {
		L(BAD_PC), L(BAD), L(SPM), L(NOP),
		L(ADD), L(ADC), L(SUB), L(SBC), L(CP), L(CPC), L(AND),
		L(OR), L(EOR), L(MOV), L(CPSE), L(MOVW), L(MUL), L(MULS),
		L(MULSU), L(FMUL), L(FMULS), L(FMULSU), L(SUBI), L(SBCI),
		L(CPI), L(ANDI), L(ORI), L(LDI), L(ADIW), L(SBIW), L(COM),
		L(NEG), L(SWAP), L(INC), L(DEC), L(ASR), L(LSR), L(ROR),
		L(BSET), L(BCLR), L(BST), L(BLD), L(SBRC), L(SBRS),
		L(IN), L(OUT), L(SBI), L(CBI), L(SBIC), L(SBIS),
		L(LD_X), L(LD_XP), L(LD_MX), L(LD_YP), L(LD_MY),
		L(LD_ZP), L(LD_MZ), L(LDD_Y), L(LDD_Z), L(ST_X),
		L(ST_XP), L(ST_MX), L(ST_YP), L(ST_MY), L(ST_ZP),
		L(ST_MZ), L(STD_Y), L(STD_Z), L(LPM), L(LPM_P),
		L(PUSH), L(POP), L(RJMP), L(RCALL), L(IJMP), L(ICALL),
		L(RET), L(RETI),
		[AVR_OP_BRBS] = &&op_BRBS_C, L(BRBS_Z), L(BRBS_N),
		L(BRBS_V), L(BRBS_S), L(BRBS_H), L(BRBS_T), L(BRBS_I),
		[AVR_OP_BRBC] = &&op_BRBC_C, L(BRBC_Z), L(BRBC_N),
		L(BRBC_V), L(BRBC_S), L(BRBC_H), L(BRBC_T), L(BRBC_I),
		L(SLEEP), L(BREAK), L(WDR), L(TRUNC), L(LDS), L(STS),
		L(JMP), L(CALL), L(ADD_ADC), L(ADC_ADC), L(SUB_SBC),
		L(SBC_SBC), L(CP_CPC), L(CPC_CPC), L(SUBI_SBCI),
		L(SBCI_SBCI), L(DEC_BRNE),
		[AVR_OP_COUNT ... 2 * AVR_OP_COUNT - 1] = &&slow_step,
	};
#undef L
	const struct avr_op *ops, *o;
#if AVR_TABLE_IN_REG
	const void *const *T;
#else
	u32 mode;	/* 0: fast, AVR_OP_COUNT: slow */
#endif
	u32 base, words, mask, left = budget;
	u32 lc, lz, ln, la, lb, lh;
	u64 cyc = 0;
	int st = AVR_OK;
	s32 so;
	u8 v, sreg;

	if (!m->prepared)
		return AVR_BAD_ARG;
	if (!budget)
		return AVR_OK;
	ops = m->scratch;
	base = m->code_base;
	words = m->code_words;
	mask = m->flash_words - 1;
	if (m->pc - base >= words)
		return AVR_BAD_PC;
	o = ops + (m->pc - base);
	SREG_SET(m->sreg);
	ENTER();

slow_step:	/* one instruction at a time: charge it here */
	if (unlikely(!left))
		goto out_budget;
	left--;
	cyc += avr_op_cycles[o->op];
	goto *tbl[avr_op_unfused(o->op)];

op_BAD_PC:	/* ran off the end of the code */
op_TRUNC:
	FAIL(AVR_BAD_PC);
op_BAD:
	FAIL(AVR_BAD_OPCODE);
op_SPM:
	FAIL(AVR_UNSUPPORTED);
op_NOP:
op_WDR:		/* no watchdog here */
	NEXT(1);

	/* ---- two-register ALU: d, k = r ---- */
op_ADD: {
	u32 d = R[o->d], r = R[o->k], s = d + r;

	R[o->d] = s;
	FL_ADD(d, r, s);
	NEXT(1);
}
op_ADC: {
	u32 d = R[o->d], r = R[o->k], s = d + r + CF;

	R[o->d] = s;
	FL_ADD(d, r, s);
	NEXT(1);
}
op_SUB: {
	u32 d = R[o->d], r = R[o->k], s = d - r;

	R[o->d] = s;
	FL_SUB(d, r, s);
	NEXT(1);
}
op_SBC: {
	u32 d = R[o->d], r = R[o->k], s = d - r - CF;

	R[o->d] = s;
	FL_SBC(d, r, s);
	NEXT(1);
}
op_CP: {
	u32 d = R[o->d], r = R[o->k], s = d - r;

	FL_SUB(d, r, s);
	NEXT(1);
}
op_CPC: {
	u32 d = R[o->d], r = R[o->k], s = d - r - CF;

	FL_SBC(d, r, s);
	NEXT(1);
}
op_AND: {
	u8 res = R[o->d] & R[o->k];

	R[o->d] = res;
	FL_LOGIC(res);
	NEXT(1);
}
op_OR: {
	u8 res = R[o->d] | R[o->k];

	R[o->d] = res;
	FL_LOGIC(res);
	NEXT(1);
}
op_EOR: {
	u8 res = R[o->d] ^ R[o->k];

	R[o->d] = res;
	FL_LOGIC(res);
	NEXT(1);
}
op_MOV:
	R[o->d] = R[o->k];
	NEXT(1);
op_MOVW:
	SET_PAIR(o->d, PAIR(o->k));
	NEXT(1);
op_CPSE:
	if (R[o->d] == R[o->k])
		SKIP();
	NOSKIP();

	/* ---- fused pairs: the first op's flags are dead but for C, Z ---- */
#define CARRY(s)	(((s) >> 8) & 1)
op_ADD_ADC: {
	u32 d = R[o->d], r = R[o->k], s = d + r;

	R[o->d] = s;
	d = R[o[1].d];
	r = R[o[1].k];
	s = d + r + CARRY(s);
	R[o[1].d] = s;
	FL_ADD(d, r, s);
	NEXT(2);
}
op_ADC_ADC: {
	u32 d = R[o->d], r = R[o->k], s = d + r + CF;

	R[o->d] = s;
	d = R[o[1].d];
	r = R[o[1].k];
	s = d + r + CARRY(s);
	R[o[1].d] = s;
	FL_ADD(d, r, s);
	NEXT(2);
}
op_SUB_SBC: {
	u32 d = R[o->d], r = R[o->k], s = d - r;

	R[o->d] = s;
	lz = (u8)s;
	d = R[o[1].d];
	r = R[o[1].k];
	s = d - r - CARRY(s);
	R[o[1].d] = s;
	FL_SBC(d, r, s);
	NEXT(2);
}
op_SBC_SBC: {
	u32 d = R[o->d], r = R[o->k], s = d - r - CF;

	R[o->d] = s;
	lz |= (u8)s;
	d = R[o[1].d];
	r = R[o[1].k];
	s = d - r - CARRY(s);
	R[o[1].d] = s;
	FL_SBC(d, r, s);
	NEXT(2);
}
op_CP_CPC: {
	u32 d = R[o->d], r = R[o->k], s = d - r;

	lz = (u8)s;
	d = R[o[1].d];
	r = R[o[1].k];
	s = d - r - CARRY(s);
	FL_SBC(d, r, s);
	NEXT(2);
}
op_CPC_CPC: {
	u32 d = R[o->d], r = R[o->k], s = d - r - CF;

	lz |= (u8)s;
	d = R[o[1].d];
	r = R[o[1].k];
	s = d - r - CARRY(s);
	FL_SBC(d, r, s);
	NEXT(2);
}
op_SUBI_SBCI: {
	u32 d = R[o->d], r = o->k, s = d - r;

	R[o->d] = s;
	lz = (u8)s;
	d = R[o[1].d];
	r = o[1].k;
	s = d - r - CARRY(s);
	R[o[1].d] = s;
	FL_SBC(d, r, s);
	NEXT(2);
}
op_SBCI_SBCI: {
	u32 d = R[o->d], r = o->k, s = d - r - CF;

	R[o->d] = s;
	lz |= (u8)s;
	d = R[o[1].d];
	r = o[1].k;
	s = d - r - CARRY(s);
	R[o[1].d] = s;
	FL_SBC(d, r, s);
	NEXT(2);
}
op_DEC_BRNE: {
	u32 d = R[o->d];
	u8 res = d - 1;

	R[o->d] = res;
	lz = res;
	ln = res;
	la = d;
	lb = 0xff;
	o++;
	if (lz)
		GO(2);
	NOSKIP();
}

	/* ---- multiplies: product in r1:r0, Z and C only, 2 cycles ---- */
op_MUL: {
	u32 res = R[o->d] * R[o->k];

	SET_PAIR(0, res);
	lz = res;
	lc = res >> 7;
	NEXT(1);
}
op_MULS: {
	u32 res = (u16)((s8)R[o->d] * (s8)R[o->k]);

	SET_PAIR(0, res);
	lz = res;
	lc = res >> 7;
	NEXT(1);
}
op_MULSU: {	/* Rd signed, Rr unsigned */
	u32 res = (u16)((s8)R[o->d] * R[o->k]);

	SET_PAIR(0, res);
	lz = res;
	lc = res >> 7;
	NEXT(1);
}
op_FMUL: {	/* C is bit 15 before the shift, Z on the shifted result */
	u32 p = R[o->d] * R[o->k];

	SET_PAIR(0, p << 1);
	lz = (u16)(p << 1);
	lc = p >> 7;
	NEXT(1);
}
op_FMULS: {
	u32 p = (u16)((s8)R[o->d] * (s8)R[o->k]);

	SET_PAIR(0, p << 1);
	lz = (u16)(p << 1);
	lc = p >> 7;
	NEXT(1);
}
op_FMULSU: {
	u32 p = (u16)((s8)R[o->d] * R[o->k]);

	SET_PAIR(0, p << 1);
	lz = (u16)(p << 1);
	lc = p >> 7;
	NEXT(1);
}

	/* ---- register and immediate: d = r16-r31, k = K ---- */
op_SUBI: {
	u32 d = R[o->d], r = o->k, s = d - r;

	R[o->d] = s;
	FL_SUB(d, r, s);
	NEXT(1);
}
op_SBCI: {
	u32 d = R[o->d], r = o->k, s = d - r - CF;

	R[o->d] = s;
	FL_SBC(d, r, s);
	NEXT(1);
}
op_CPI: {
	u32 d = R[o->d], r = o->k, s = d - r;

	FL_SUB(d, r, s);
	NEXT(1);
}
op_ANDI: {
	u8 res = R[o->d] & o->k;

	R[o->d] = res;
	FL_LOGIC(res);
	NEXT(1);
}
op_ORI: {
	u8 res = R[o->d] | o->k;

	R[o->d] = res;
	FL_LOGIC(res);
	NEXT(1);
}
op_LDI:
	R[o->d] = o->k;
	NEXT(1);
op_ADIW: {	/* V = !Rdh7 & R15, C = !R15 & Rdh7 */
	u32 p = PAIR(o->d), res = (u16)(p + o->k);

	SET_PAIR(o->d, res);
	lc = (~res & p) >> 7;
	lz = res;
	ln = res >> 8;
	la = p >> 8;
	lb = 0;
	NEXT(1);
}
op_SBIW: {	/* V = Rdh7 & !R15, C = R15 & !Rdh7 */
	u32 p = PAIR(o->d), res = (u16)(p - o->k);

	SET_PAIR(o->d, res);
	lc = (res & ~p) >> 7;
	lz = res;
	ln = res >> 8;
	la = p >> 8;
	lb = 0xff;
	NEXT(1);
}

	/* ---- one register ---- */
op_COM: {
	u8 res = ~R[o->d];

	R[o->d] = res;
	FL_LOGIC(res);
	lc = 0x100;
	NEXT(1);
}
op_NEG: {	/* 0 - Rd: H = R3 | Rd3, V = (R == 0x80), C = (R != 0) */
	u32 d = R[o->d], s = 0 - d;

	R[o->d] = s;
	FL_SUB(0, d, s);
	NEXT(1);
}
op_SWAP:
	R[o->d] = (R[o->d] << 4) | (R[o->d] >> 4);
	NEXT(1);
op_INC: {	/* V = (R == 0x80): Rd + 0 */
	u32 d = R[o->d];
	u8 res = d + 1;

	R[o->d] = res;
	lz = res;
	ln = res;
	la = d;
	lb = 0;
	NEXT(1);
}
op_DEC: {	/* V = (R == 0x7f): Rd - 0 */
	u32 d = R[o->d];
	u8 res = d - 1;

	R[o->d] = res;
	lz = res;
	ln = res;
	la = d;
	lb = 0xff;
	NEXT(1);
}
op_ASR: {
	u32 d = R[o->d];
	u8 res = (d >> 1) | (d & 0x80);

	R[o->d] = res;
	FL_SHIFT(d, res);
	NEXT(1);
}
op_LSR: {
	u32 d = R[o->d];
	u8 res = d >> 1;

	R[o->d] = res;
	FL_SHIFT(d, res);
	NEXT(1);
}
op_ROR: {
	u32 d = R[o->d];
	u8 res = (d >> 1) | (CF << 7);

	R[o->d] = res;
	FL_SHIFT(d, res);
	NEXT(1);
}

	/* ---- bits: d = register or SREG mask, k = bit mask ---- */
op_BSET:
	SREG_SET(SREG_GET() | o->d);
	NEXT(1);
op_BCLR:
	SREG_SET(SREG_GET() & ~o->d);
	NEXT(1);
op_BST:
	sreg = (sreg & ~F_T) | (R[o->d] & o->k ? F_T : 0);
	NEXT(1);
op_BLD:
	R[o->d] = sreg & F_T ? R[o->d] | o->k : R[o->d] & ~o->k;
	NEXT(1);
op_SBRC:
	if (!(R[o->d] & o->k))
		SKIP();
	NOSKIP();
op_SBRS:
	if (R[o->d] & o->k)
		SKIP();
	NOSKIP();

	/* ---- I/O space: d = data address, k = register or bit mask ---- */
op_IN:
	IO_LOAD(o->d, v);
	R[o->k] = v;
	NEXT(1);
op_OUT:
	IO_STORE(o->d, R[o->k]);
	NEXT(1);
op_SBI:
	IO_LOAD(o->d, v);
	IO_STORE(o->d, v | o->k);
	NEXT(1);
op_CBI:
	IO_LOAD(o->d, v);
	IO_STORE(o->d, v & ~o->k);
	NEXT(1);
op_SBIC:
	IO_LOAD(o->d, v);
	if (!(v & o->k))
		SKIP();
	NOSKIP();
op_SBIS:
	IO_LOAD(o->d, v);
	if (v & o->k)
		SKIP();
	NOSKIP();

	/* ---- loads and stores, 2 cycles each ---- */
op_LD_X:	LD_PTR(26, 0, 0);
op_LD_XP:	LD_PTR(26, 0, 1);
op_LD_MX:	LD_PTR(26, -1, 0);
op_LD_YP:	LD_PTR(28, 0, 1);
op_LD_MY:	LD_PTR(28, -1, 0);
op_LD_ZP:	LD_PTR(30, 0, 1);
op_LD_MZ:	LD_PTR(30, -1, 0);
op_ST_X:	ST_PTR(26, 0, 0);
op_ST_XP:	ST_PTR(26, 0, 1);
op_ST_MX:	ST_PTR(26, -1, 0);
op_ST_YP:	ST_PTR(28, 0, 1);
op_ST_MY:	ST_PTR(28, -1, 0);
op_ST_ZP:	ST_PTR(30, 0, 1);
op_ST_MZ:	ST_PTR(30, -1, 0);
op_LDD_Y:
	LOAD((u16)(PAIR(28) + o->k), v);
	R[o->d] = v;
	NEXT(1);
op_LDD_Z:
	LOAD((u16)(PAIR(30) + o->k), v);
	R[o->d] = v;
	NEXT(1);
op_STD_Y:
	STORE((u16)(PAIR(28) + o->k), R[o->d]);
	NEXT(1);
op_STD_Z:
	STORE((u16)(PAIR(30) + o->k), R[o->d]);
	NEXT(1);
op_LDS:
	LOAD(o->k, v);
	R[o->d] = v;
	NEXT(2);
op_STS:
	STORE(o->k, R[o->d]);
	NEXT(2);
op_LPM:
op_LPM_P: {	/* Z is a byte address in program memory; 3 cycles */
	u16 z = PAIR(30);
	u32 zo = z - 2 * base;

	if (unlikely(zo >= 2 * words)) {
		m->fault_addr = z;
		m->fault_write = 0;
		FAIL(AVR_BAD_ADDRESS);
	}
	R[o->d] = m->code[zo];
	if (o->op == AVR_OP_LPM_P)
		SET_PAIR(30, z + 1);
	NEXT(1);
}
op_PUSH:
	STACK_PUSH(1, so);
	m->sram[so] = R[o->d];
	m->sp--;
	NEXT(1);
op_POP:
	STACK_POP(1, so);
	m->sp++;
	R[o->d] = m->sram[so];
	NEXT(1);

	/* ---- control flow ---- */
op_RJMP:
	GO(2);
op_JMP:
	GO(3);
op_IJMP:
	JUMP(PAIR(30), 2);
op_RCALL:
	PUSH_RET(base + IDX() + 1);
	GO(3);
op_CALL:
	PUSH_RET(base + IDX() + 2);
	GO(4);
op_ICALL:
	PUSH_RET(base + IDX() + 1);
	JUMP(PAIR(30), 3);
op_RETI:
op_RET: {	/* high byte at SP+1, low byte at SP+2 */
	u32 t;

	STACK_POP(2, so);
	t = (m->sram[so] << 8) | m->sram[so + 1];
	m->sp += 2;
	if (o->op == AVR_OP_RETI)
		sreg |= F_I;
	JUMP(t, 4);
}
	BRANCH(C, lc & 0x100)
	BRANCH(Z, !lz)
	BRANCH(N, ln & 0x80)
	BRANCH(V, avr_lazy_v(ln, la, lb) & 0x80)
	BRANCH(S, avr_lazy_s(ln, la, lb) & 0x80)
	BRANCH(H, lh & 0x10)
	BRANCH(T, sreg & F_T)
	BRANCH(I, sreg & F_I)
op_SLEEP:
	st = AVR_SLEEP;
	goto out_halt;
op_BREAK:
	st = AVR_BREAK;
out_halt:		/* the halting instruction completes: 1 cycle */
	o++;
	cyc++;
	goto out;
out_undo:		/* the instruction at o did not happen */
	if (FAST_MODE()) {
		left += o->len;
		cyc -= o->cyc;
	} else {
		left++;
		cyc -= avr_op_cycles[o->op];
	}
	goto out;
out_budget:
	st = AVR_OK;
out:
	m->pc = base + IDX();
out_left_code:		/* a transfer left the code; m->pc already set */
	m->sreg = SREG_GET();
	if (st == AVR_OK && m->pc - base >= words)
		st = AVR_BAD_PC;
	m->cycles += cyc;
	m->insns += budget - left;
	return st;
}

void seg6x_avr_reset(struct avr_machine *m)
{
	unsigned int i;

	for (i = 0; i < sizeof(m->r); i++)
		m->r[i] = 0;
	m->sreg = 0;
	m->pc = 0;
	m->sp = m->sram_base + m->sram_size - 1;
	m->cycles = 0;
	m->insns = 0;
}

const char *seg6x_avr_status_name(enum avr_status st)
{
	static const char *const names[] = {
		[AVR_OK] = "ok", [AVR_BREAK] = "break", [AVR_SLEEP] = "sleep",
		[AVR_IO_DEFER] = "io-defer", [AVR_IO_FAULT] = "io-fault",
		[AVR_BAD_OPCODE] = "bad-opcode",
		[AVR_UNSUPPORTED] = "unsupported", [AVR_BAD_PC] = "bad-pc",
		[AVR_BAD_ADDRESS] = "bad-address",
		[AVR_BAD_STACK] = "bad-stack", [AVR_BAD_ARG] = "bad-arg",
	};

	if ((unsigned int)st < sizeof(names) / sizeof(names[0]) && names[st])
		return names[st];
	return "unknown";
}
