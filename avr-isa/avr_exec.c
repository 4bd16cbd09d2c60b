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
 * A handler either completes its instruction (NEXT/JUMP/SKIP) or leaves
 * without having changed anything (FAIL), so a stopped machine is always
 * between two instructions.
 */
#include "avr_mem.h"
#include "avr_alu.h"

#define PAIR(n)		((u16)(R[n] | (R[(n) + 1] << 8)))
#define SET_PAIR(n, v)	do { u16 v_ = (v); R[n] = (u8)v_; R[(n) + 1] = v_ >> 8; } while (0)
/* SREG lives in a local while running; the data-space slow path sees m->sreg */
#define SREG		sreg
#define SYNC_OUT()	(m->sreg = sreg)
#define SYNC_IN()	(sreg = m->sreg)

/* Start the op at index pc, if the budget allows */
#define DISPATCH() do {						\
	if (unlikely(!left))					\
		goto out_budget;				\
	left--;							\
	o = &ops[pc];						\
	goto *tbl[o->op];					\
} while (0)

/* Done: advance @w words, count @c cycles, go on */
#define NEXT(w, c) do { pc += (w); cyc += (c); DISPATCH(); } while (0)

/* Skip the next instruction (one or two words): 1 + 1 or 1 + 2 cycles */
#define SKIP() do {						\
	if (ops[pc + 1].op >= AVR_OP_FIRST_2W)			\
		NEXT(3, 3);					\
	NEXT(2, 2);						\
} while (0)

/* Transfer to word address @target (wrapped to the flash), @c cycles */
#define JUMP(target, c) do {					\
	u32 t_ = (u32)(target) & mask;				\
	cyc += (c);						\
	if (unlikely(t_ - base >= words)) {			\
		m->pc = t_;					\
		goto out_left_code;				\
	}							\
	pc = t_ - base;						\
	DISPATCH();						\
} while (0)

/* Give up the current instruction: nothing of it happened */
#define FAIL(s) do { st = (s); goto out_undo; } while (0)

/* Data access that may stop the run */
#define LOAD(addr, dst) do {					\
	SYNC_OUT();						\
	st = avr_mem_read(m, (addr), &(dst));			\
	SYNC_IN();						\
	if (unlikely(st))					\
		goto out_undo;					\
} while (0)
#define STORE(addr, val) do {					\
	SYNC_OUT();						\
	st = avr_mem_write(m, (addr), (val));			\
	SYNC_IN();						\
	if (unlikely(st))					\
		goto out_undo;					\
} while (0)
#define IO_LOAD(addr, dst) do {					\
	SYNC_OUT();						\
	st = seg6x_avr_mem_read_slow(m, (addr), &(dst));		\
	SYNC_IN();						\
	if (unlikely(st))					\
		goto out_undo;					\
} while (0)
#define IO_STORE(addr, val) do {				\
	SYNC_OUT();						\
	st = seg6x_avr_mem_write_slow(m, (addr), (val));		\
	SYNC_IN();						\
	if (unlikely(st))					\
		goto out_undo;					\
} while (0)

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
	NEXT(1, 2);						\
} while (0)
#define ST_PTR(p, pre, post) do {				\
	u16 a_ = PAIR(p) + (pre);				\
	STORE(a_, R[o->d]);					\
	SET_PAIR(p, a_ + (post));				\
	NEXT(1, 2);						\
} while (0)

enum avr_status seg6x_avr_run(struct avr_machine *m, u32 budget)
{
	static const void *const tbl[AVR_OP_COUNT] AVR_JUMP_TABLE = {
		[AVR_OP_BAD_PC] = &&op_bad_pc, [AVR_OP_BAD] = &&op_bad,
		[AVR_OP_SPM] = &&op_spm, [AVR_OP_NOP] = &&op_nop,
		[AVR_OP_ADD] = &&op_add, [AVR_OP_ADC] = &&op_adc,
		[AVR_OP_SUB] = &&op_sub, [AVR_OP_SBC] = &&op_sbc,
		[AVR_OP_CP] = &&op_cp, [AVR_OP_CPC] = &&op_cpc,
		[AVR_OP_AND] = &&op_and, [AVR_OP_OR] = &&op_or,
		[AVR_OP_EOR] = &&op_eor, [AVR_OP_MOV] = &&op_mov,
		[AVR_OP_CPSE] = &&op_cpse, [AVR_OP_MOVW] = &&op_movw,
		[AVR_OP_MUL] = &&op_mul, [AVR_OP_MULS] = &&op_muls,
		[AVR_OP_MULSU] = &&op_mulsu, [AVR_OP_FMUL] = &&op_fmul,
		[AVR_OP_FMULS] = &&op_fmuls, [AVR_OP_FMULSU] = &&op_fmulsu,
		[AVR_OP_SUBI] = &&op_subi, [AVR_OP_SBCI] = &&op_sbci,
		[AVR_OP_CPI] = &&op_cpi, [AVR_OP_ANDI] = &&op_andi,
		[AVR_OP_ORI] = &&op_ori, [AVR_OP_LDI] = &&op_ldi,
		[AVR_OP_ADIW] = &&op_adiw, [AVR_OP_SBIW] = &&op_sbiw,
		[AVR_OP_COM] = &&op_com, [AVR_OP_NEG] = &&op_neg,
		[AVR_OP_SWAP] = &&op_swap, [AVR_OP_INC] = &&op_inc,
		[AVR_OP_DEC] = &&op_dec, [AVR_OP_ASR] = &&op_asr,
		[AVR_OP_LSR] = &&op_lsr, [AVR_OP_ROR] = &&op_ror,
		[AVR_OP_BSET] = &&op_bset, [AVR_OP_BCLR] = &&op_bclr,
		[AVR_OP_BST] = &&op_bst, [AVR_OP_BLD] = &&op_bld,
		[AVR_OP_SBRC] = &&op_sbrc, [AVR_OP_SBRS] = &&op_sbrs,
		[AVR_OP_IN] = &&op_in, [AVR_OP_OUT] = &&op_out,
		[AVR_OP_SBI] = &&op_sbi, [AVR_OP_CBI] = &&op_cbi,
		[AVR_OP_SBIC] = &&op_sbic, [AVR_OP_SBIS] = &&op_sbis,
		[AVR_OP_LD_X] = &&op_ld_x, [AVR_OP_LD_XP] = &&op_ld_xp,
		[AVR_OP_LD_MX] = &&op_ld_mx, [AVR_OP_LD_YP] = &&op_ld_yp,
		[AVR_OP_LD_MY] = &&op_ld_my, [AVR_OP_LD_ZP] = &&op_ld_zp,
		[AVR_OP_LD_MZ] = &&op_ld_mz, [AVR_OP_LDD_Y] = &&op_ldd_y,
		[AVR_OP_LDD_Z] = &&op_ldd_z,
		[AVR_OP_ST_X] = &&op_st_x, [AVR_OP_ST_XP] = &&op_st_xp,
		[AVR_OP_ST_MX] = &&op_st_mx, [AVR_OP_ST_YP] = &&op_st_yp,
		[AVR_OP_ST_MY] = &&op_st_my, [AVR_OP_ST_ZP] = &&op_st_zp,
		[AVR_OP_ST_MZ] = &&op_st_mz, [AVR_OP_STD_Y] = &&op_std_y,
		[AVR_OP_STD_Z] = &&op_std_z,
		[AVR_OP_LPM] = &&op_lpm, [AVR_OP_LPM_P] = &&op_lpm_p,
		[AVR_OP_PUSH] = &&op_push, [AVR_OP_POP] = &&op_pop,
		[AVR_OP_RJMP] = &&op_rjmp, [AVR_OP_RCALL] = &&op_rcall,
		[AVR_OP_IJMP] = &&op_ijmp, [AVR_OP_ICALL] = &&op_icall,
		[AVR_OP_RET] = &&op_ret, [AVR_OP_RETI] = &&op_reti,
		[AVR_OP_BRBS] = &&op_brbs, [AVR_OP_BRBC] = &&op_brbc,
		[AVR_OP_SLEEP] = &&op_sleep, [AVR_OP_BREAK] = &&op_break,
		[AVR_OP_WDR] = &&op_wdr, [AVR_OP_TRUNC] = &&op_trunc,
		[AVR_OP_LDS] = &&op_lds, [AVR_OP_STS] = &&op_sts,
		[AVR_OP_JMP] = &&op_jmp, [AVR_OP_CALL] = &&op_call,
	};
	const struct avr_op *ops, *o;
	u8 *R = m->r;
	u32 pc, base, words, mask, left = budget;
	u64 cyc = 0;
	int st = AVR_OK;
	s32 so;
	u8 v, sreg = m->sreg;

	if (!m->prepared)
		return AVR_BAD_ARG;
	if (!budget)
		return AVR_OK;
	ops = m->scratch;
	base = m->code_base;
	words = m->code_words;
	mask = m->flash_words - 1;
	pc = m->pc - base;
	if (pc >= words)
		return AVR_BAD_PC;
	DISPATCH();

op_bad_pc:	/* ran off the end of the code */
op_trunc:
	FAIL(AVR_BAD_PC);
op_bad:
	FAIL(AVR_BAD_OPCODE);
op_spm:
	FAIL(AVR_UNSUPPORTED);
op_nop:
op_wdr:		/* no watchdog here */
	NEXT(1, 1);

	/* ---- two-register ALU: d, k = r ---- */
op_add: {
	u8 d = R[o->d], r = R[o->k], res = d + r;

	R[o->d] = res;
	SREG = fl_add(SREG, d, r, res);
	NEXT(1, 1);
}
op_adc: {
	u8 d = R[o->d], r = R[o->k], res = d + r + (SREG & F_C);

	R[o->d] = res;
	SREG = fl_add(SREG, d, r, res);
	NEXT(1, 1);
}
op_sub: {
	u8 d = R[o->d], r = R[o->k], res = d - r;

	R[o->d] = res;
	SREG = fl_sub(SREG, d, r, res);
	NEXT(1, 1);
}
op_sbc: {
	u8 d = R[o->d], r = R[o->k], res = d - r - (SREG & F_C);

	R[o->d] = res;
	SREG = fl_sbc(SREG, d, r, res);
	NEXT(1, 1);
}
op_cp: {
	u8 d = R[o->d], r = R[o->k];

	SREG = fl_sub(SREG, d, r, (u8)(d - r));
	NEXT(1, 1);
}
op_cpc: {
	u8 d = R[o->d], r = R[o->k];

	SREG = fl_sbc(SREG, d, r, (u8)(d - r - (SREG & F_C)));
	NEXT(1, 1);
}
op_and:
	R[o->d] &= R[o->k];
	SREG = fl_logic(SREG, R[o->d]);
	NEXT(1, 1);
op_or:
	R[o->d] |= R[o->k];
	SREG = fl_logic(SREG, R[o->d]);
	NEXT(1, 1);
op_eor:
	R[o->d] ^= R[o->k];
	SREG = fl_logic(SREG, R[o->d]);
	NEXT(1, 1);
op_mov:
	R[o->d] = R[o->k];
	NEXT(1, 1);
op_movw:
	R[o->d] = R[o->k];
	R[o->d + 1] = R[o->k + 1];
	NEXT(1, 1);
op_cpse:
	if (R[o->d] == R[o->k])
		SKIP();
	NEXT(1, 1);

	/* ---- multiplies: product in r1:r0, 2 cycles ---- */
op_mul: {
	u16 res = R[o->d] * R[o->k];

	SET_PAIR(0, res);
	SREG = fl_mul(SREG, res, res);
	NEXT(1, 2);
}
op_muls: {
	u16 res = (u16)((s8)R[o->d] * (s8)R[o->k]);

	SET_PAIR(0, res);
	SREG = fl_mul(SREG, res, res);
	NEXT(1, 2);
}
op_mulsu: {	/* Rd signed, Rr unsigned */
	u16 res = (u16)((s8)R[o->d] * R[o->k]);

	SET_PAIR(0, res);
	SREG = fl_mul(SREG, res, res);
	NEXT(1, 2);
}
op_fmul: {	/* C is bit 15 before the shift, Z on the shifted result */
	u16 p = R[o->d] * R[o->k], res = p << 1;

	SET_PAIR(0, res);
	SREG = fl_mul(SREG, p, res);
	NEXT(1, 2);
}
op_fmuls: {
	u16 p = (u16)((s8)R[o->d] * (s8)R[o->k]), res = p << 1;

	SET_PAIR(0, res);
	SREG = fl_mul(SREG, p, res);
	NEXT(1, 2);
}
op_fmulsu: {
	u16 p = (u16)((s8)R[o->d] * R[o->k]), res = p << 1;

	SET_PAIR(0, res);
	SREG = fl_mul(SREG, p, res);
	NEXT(1, 2);
}

	/* ---- register and immediate: d = r16-r31, k = K ---- */
op_subi: {
	u8 d = R[o->d], res = d - o->k;

	R[o->d] = res;
	SREG = fl_sub(SREG, d, o->k, res);
	NEXT(1, 1);
}
op_sbci: {
	u8 d = R[o->d], res = d - o->k - (SREG & F_C);

	R[o->d] = res;
	SREG = fl_sbc(SREG, d, o->k, res);
	NEXT(1, 1);
}
op_cpi: {
	u8 d = R[o->d];

	SREG = fl_sub(SREG, d, o->k, (u8)(d - o->k));
	NEXT(1, 1);
}
op_andi:
	R[o->d] &= o->k;
	SREG = fl_logic(SREG, R[o->d]);
	NEXT(1, 1);
op_ori:
	R[o->d] |= o->k;
	SREG = fl_logic(SREG, R[o->d]);
	NEXT(1, 1);
op_ldi:
	R[o->d] = o->k;
	NEXT(1, 1);
op_adiw: {	/* V = !Rdh7 & R15, C = !R15 & Rdh7 */
	u16 p = PAIR(o->d), res = p + o->k;

	SET_PAIR(o->d, res);
	SREG = fl_word(SREG, ~p & res, ~res & p, res);
	NEXT(1, 2);
}
op_sbiw: {	/* V = Rdh7 & !R15, C = R15 & !Rdh7 */
	u16 p = PAIR(o->d), res = p - o->k;

	SET_PAIR(o->d, res);
	SREG = fl_word(SREG, p & ~res, res & ~p, res);
	NEXT(1, 2);
}

	/* ---- one register ---- */
op_com:
	R[o->d] = ~R[o->d];
	SREG = fl_logic(SREG, R[o->d]) | F_C;
	NEXT(1, 1);
op_neg: {	/* H = R3 | Rd3, V = (R == 0x80), C = (R != 0) */
	u8 d = R[o->d], res = -d, s = SREG & (F_I | F_T);

	R[o->d] = res;
	s |= (((res | d) << 2) & F_H) | (res == 0x80 ? F_V : 0) |
	     (res ? F_C : 0);
	SREG = fl_zns(s, res);
	NEXT(1, 1);
}
op_swap:
	R[o->d] = (R[o->d] << 4) | (R[o->d] >> 4);
	NEXT(1, 1);
op_inc: {
	u8 res = R[o->d] + 1;

	R[o->d] = res;
	SREG = fl_zns((SREG & ~(F_Z | F_N | F_V | F_S)) |
		      (res == 0x80 ? F_V : 0), res);
	NEXT(1, 1);
}
op_dec: {
	u8 res = R[o->d] - 1;

	R[o->d] = res;
	SREG = fl_zns((SREG & ~(F_Z | F_N | F_V | F_S)) |
		      (res == 0x7f ? F_V : 0), res);
	NEXT(1, 1);
}
op_asr: {
	u8 d = R[o->d], res = (d >> 1) | (d & 0x80);

	R[o->d] = res;
	SREG = fl_shift(SREG, d, res);
	NEXT(1, 1);
}
op_lsr: {
	u8 d = R[o->d], res = d >> 1;

	R[o->d] = res;
	SREG = fl_shift(SREG, d, res);
	NEXT(1, 1);
}
op_ror: {
	u8 d = R[o->d], res = (d >> 1) | ((SREG & F_C) << 7);

	R[o->d] = res;
	SREG = fl_shift(SREG, d, res);
	NEXT(1, 1);
}

	/* ---- bits: d = register or SREG mask, k = bit mask ---- */
op_bset:
	SREG |= o->d;
	NEXT(1, 1);
op_bclr:
	SREG &= ~o->d;
	NEXT(1, 1);
op_bst:
	SREG = (SREG & ~F_T) | (R[o->d] & o->k ? F_T : 0);
	NEXT(1, 1);
op_bld:
	R[o->d] = SREG & F_T ? R[o->d] | o->k : R[o->d] & ~o->k;
	NEXT(1, 1);
op_sbrc:
	if (!(R[o->d] & o->k))
		SKIP();
	NEXT(1, 1);
op_sbrs:
	if (R[o->d] & o->k)
		SKIP();
	NEXT(1, 1);

	/* ---- I/O space: d = data address, k = register or bit mask ---- */
op_in:
	IO_LOAD(o->d, v);
	R[o->k] = v;
	NEXT(1, 1);
op_out:
	IO_STORE(o->d, R[o->k]);
	NEXT(1, 1);
op_sbi:
	IO_LOAD(o->d, v);
	IO_STORE(o->d, v | o->k);
	NEXT(1, 2);
op_cbi:
	IO_LOAD(o->d, v);
	IO_STORE(o->d, v & ~o->k);
	NEXT(1, 2);
op_sbic:
	IO_LOAD(o->d, v);
	if (!(v & o->k))
		SKIP();
	NEXT(1, 1);
op_sbis:
	IO_LOAD(o->d, v);
	if (v & o->k)
		SKIP();
	NEXT(1, 1);

	/* ---- loads and stores, 2 cycles each ---- */
op_ld_x:	LD_PTR(26, 0, 0);
op_ld_xp:	LD_PTR(26, 0, 1);
op_ld_mx:	LD_PTR(26, -1, 0);
op_ld_yp:	LD_PTR(28, 0, 1);
op_ld_my:	LD_PTR(28, -1, 0);
op_ld_zp:	LD_PTR(30, 0, 1);
op_ld_mz:	LD_PTR(30, -1, 0);
op_st_x:	ST_PTR(26, 0, 0);
op_st_xp:	ST_PTR(26, 0, 1);
op_st_mx:	ST_PTR(26, -1, 0);
op_st_yp:	ST_PTR(28, 0, 1);
op_st_my:	ST_PTR(28, -1, 0);
op_st_zp:	ST_PTR(30, 0, 1);
op_st_mz:	ST_PTR(30, -1, 0);
op_ldd_y:
	LOAD((u16)(PAIR(28) + o->k), v);
	R[o->d] = v;
	NEXT(1, 2);
op_ldd_z:
	LOAD((u16)(PAIR(30) + o->k), v);
	R[o->d] = v;
	NEXT(1, 2);
op_std_y:
	STORE((u16)(PAIR(28) + o->k), R[o->d]);
	NEXT(1, 2);
op_std_z:
	STORE((u16)(PAIR(30) + o->k), R[o->d]);
	NEXT(1, 2);
op_lds:
	LOAD(o->k, v);
	R[o->d] = v;
	NEXT(2, 2);
op_sts:
	STORE(o->k, R[o->d]);
	NEXT(2, 2);
op_lpm:
op_lpm_p: {	/* Z is a byte address in program memory; 3 cycles */
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
	NEXT(1, 3);
}
op_push:
	STACK_PUSH(1, so);
	m->sram[so] = R[o->d];
	m->sp--;
	NEXT(1, 2);
op_pop:
	STACK_POP(1, so);
	m->sp++;
	R[o->d] = m->sram[so];
	NEXT(1, 2);

	/* ---- control flow ---- */
op_rjmp:
	JUMP(base + pc + 1 + (s16)o->k, 2);
op_ijmp:
	JUMP(PAIR(30), 2);
op_jmp:
	JUMP(((u32)o->d << 16) | o->k, 3);
op_rcall:
	PUSH_RET(base + pc + 1);
	JUMP(base + pc + 1 + (s16)o->k, 3);
op_icall:
	PUSH_RET(base + pc + 1);
	JUMP(PAIR(30), 3);
op_call:
	PUSH_RET(base + pc + 2);
	JUMP(((u32)o->d << 16) | o->k, 4);
op_reti:
op_ret: {	/* high byte at SP+1, low byte at SP+2 */
	u32 t;

	STACK_POP(2, so);
	t = (m->sram[so] << 8) | m->sram[so + 1];
	m->sp += 2;
	if (o->op == AVR_OP_RETI)
		SREG |= F_I;
	JUMP(t, 4);
}
op_brbs:
	if (SREG & o->d)
		JUMP(base + pc + 1 + (s16)o->k, 2);
	NEXT(1, 1);
op_brbc:
	if (!(SREG & o->d))
		JUMP(base + pc + 1 + (s16)o->k, 2);
	NEXT(1, 1);
op_sleep:
	st = AVR_SLEEP;
	goto out_halt;
op_break:
	st = AVR_BREAK;
out_halt:		/* the halting instruction completes: 1 cycle */
	pc++;
	cyc++;
	goto out;
out_undo:		/* the instruction at pc did not happen */
	left++;
	goto out;
out_budget:
	st = AVR_OK;
out:
	m->pc = base + pc;
out_left_code:
	SYNC_OUT();		/* a transfer left the code; m->pc already set */
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
