// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_decode.c - ATmega328P opcode decoder and pre-decoder
 *
 * Opcode layouts follow the AVR Instruction Set Manual (Microchip
 * DS40002198). Only what an AVRe+ core with 32 KiB flash implements is
 * decoded; everything else (reserved words, XMEGA-only XCH/LAS/LAC/LAT/DES,
 * EIJMP/EICALL/ELPM of the >128 KiB parts, SPM Z+) is AVR_OP_BAD.
 */
#include "avr_private.h"

static inline struct avr_op mk(u8 op, u8 d, u16 k)
{
	struct avr_op o = { .op = op, .d = d, .k = k };

	return o;
}

/* xxxx xxrd dddd rrrr */
#define RD5(w)	(((w) >> 4) & 0x1f)
#define RR5(w)	((((w) >> 5) & 0x10) | ((w) & 0x0f))
/* xxxx KKKK dddd KKKK, d = 16..31 */
#define RD4(w)	(16 + (((w) >> 4) & 0x0f))
#define K8(w)	((((w) >> 4) & 0xf0) | ((w) & 0x0f))

static const u8 alu_0000_1c00[8] = {	/* by bits 12:10 */
	AVR_OP_BAD, AVR_OP_CPC, AVR_OP_SBC, AVR_OP_ADD,
	AVR_OP_CPSE, AVR_OP_CP, AVR_OP_SUB, AVR_OP_ADC,
};
static const u8 alu_2000[4] = {		/* by bits 11:10 */
	AVR_OP_AND, AVR_OP_EOR, AVR_OP_OR, AVR_OP_MOV,
};
static const u8 imm_3000[5] = {		/* by bits 14:12, 3..7 */
	AVR_OP_CPI, AVR_OP_SBCI, AVR_OP_SUBI, AVR_OP_ORI, AVR_OP_ANDI,
};

/* 0000 00xx xxxx xxxx: NOP, MOVW, MULS, MULSU, FMUL, FMULS, FMULSU */
static struct avr_op dec_0000(u16 w)
{
	static const u8 mul03[4] = {	/* by bits 7 and 3 */
		AVR_OP_MULSU, AVR_OP_FMUL, AVR_OP_FMULS, AVR_OP_FMULSU,
	};

	switch (w & 0xff00) {
	case 0x0000:	/* 0000 0000 0000 0000  NOP, others reserved */
		return mk(w ? AVR_OP_BAD : AVR_OP_NOP, 0, 0);
	case 0x0100:	/* 0000 0001 dddd rrrr  MOVW Rd+1:Rd,Rr+1:Rr */
		return mk(AVR_OP_MOVW, ((w >> 4) & 0xf) * 2, (w & 0xf) * 2);
	case 0x0200:	/* 0000 0010 dddd rrrr  MULS, r16-r31 */
		return mk(AVR_OP_MULS, 16 + ((w >> 4) & 0xf), 16 + (w & 0xf));
	default:	/* 0000 0011 fddd frrr  MULSU/FMUL/FMULS/FMULSU r16-r23 */
		return mk(mul03[((w >> 6) & 2) | ((w >> 3) & 1)],
			  16 + ((w >> 4) & 7), 16 + (w & 7));
	}
}

/* 1001 000d dddd xxxx (loads) and 1001 001r rrrr xxxx (stores) */
static struct avr_op dec_9000(u16 w, u16 next, bool has_next)
{
	static const u8 ld[16] = {
		[0x1] = AVR_OP_LD_ZP, [0x2] = AVR_OP_LD_MZ,
		[0x4] = AVR_OP_LPM, [0x5] = AVR_OP_LPM_P,
		[0x9] = AVR_OP_LD_YP, [0xa] = AVR_OP_LD_MY,
		[0xc] = AVR_OP_LD_X, [0xd] = AVR_OP_LD_XP, [0xe] = AVR_OP_LD_MX,
		[0xf] = AVR_OP_POP,
	};
	static const u8 st[16] = {
		[0x1] = AVR_OP_ST_ZP, [0x2] = AVR_OP_ST_MZ,
		[0x9] = AVR_OP_ST_YP, [0xa] = AVR_OP_ST_MY,
		[0xc] = AVR_OP_ST_X, [0xd] = AVR_OP_ST_XP, [0xe] = AVR_OP_ST_MX,
		[0xf] = AVR_OP_PUSH,
	};
	bool store = w & 0x0200;
	u8 op;

	if ((w & 0x000f) == 0) {	/* 1001 00sd dddd 0000  LDS / STS */
		if (!has_next)
			return mk(AVR_OP_TRUNC, 0, 0);
		return mk(store ? AVR_OP_STS : AVR_OP_LDS, RD5(w), next);
	}
	/* 0110/0111 ELPM, 0100-0111 XCH/LAS/LAC/LAT, 0011/1000/1011 reserved */
	op = store ? st[w & 0xf] : ld[w & 0xf];
	return mk(op ? op : AVR_OP_BAD, RD5(w), 0);
}

/* 1001 0101 xxxx 1000: returns and the machine-control instructions */
static struct avr_op dec_9508(u16 w)
{
	switch (w) {
	case 0x9508: return mk(AVR_OP_RET, 0, 0);	/* 1001 0101 0000 1000 */
	case 0x9518: return mk(AVR_OP_RETI, 0, 0);	/* 1001 0101 0001 1000 */
	case 0x9588: return mk(AVR_OP_SLEEP, 0, 0);	/* 1001 0101 1000 1000 */
	case 0x9598: return mk(AVR_OP_BREAK, 0, 0);	/* 1001 0101 1001 1000 */
	case 0x95a8: return mk(AVR_OP_WDR, 0, 0);	/* 1001 0101 1010 1000 */
	case 0x95c8: return mk(AVR_OP_LPM, 0, 0);	/* 1001 0101 1100 1000  LPM r0,Z */
	case 0x95e8: return mk(AVR_OP_SPM, 0, 0);	/* 1001 0101 1110 1000 */
	default: return mk(AVR_OP_BAD, 0, 0);	/* ELPM, SPM Z+, reserved */
	}
}

/* 1001 010x xxxx xxxx: one-operand ALU, SREG bits, jumps and calls */
static struct avr_op dec_9400(u16 w, u16 next, bool has_next)
{
	static const u8 one[16] = {	/* 1001 010d dddd xxxx */
		[0x0] = AVR_OP_COM, [0x1] = AVR_OP_NEG, [0x2] = AVR_OP_SWAP,
		[0x3] = AVR_OP_INC, [0x5] = AVR_OP_ASR, [0x6] = AVR_OP_LSR,
		[0x7] = AVR_OP_ROR, [0xa] = AVR_OP_DEC,
	};
	u8 op;

	switch (w & 0x000f) {
	case 0x8:
		if ((w & 0xff0f) == 0x9408)	/* 1001 0100 Bsss 1000  BSET/BCLR */
			return mk(w & 0x80 ? AVR_OP_BCLR : AVR_OP_BSET,
				  1 << ((w >> 4) & 7), 0);
		return dec_9508(w);
	case 0x9:	/* 1001 0100 0000 1001 IJMP, 1001 0101 0000 1001 ICALL */
		if (w == 0x9409)
			return mk(AVR_OP_IJMP, 0, 0);
		if (w == 0x9509)
			return mk(AVR_OP_ICALL, 0, 0);
		return mk(AVR_OP_BAD, 0, 0);	/* EIJMP, EICALL, reserved */
	case 0xc: case 0xd:	/* 1001 010k kkkk 110k  JMP */
	case 0xe: case 0xf:	/* 1001 010k kkkk 111k  CALL */
		if (!has_next)
			return mk(AVR_OP_TRUNC, 0, 0);
		return mk(w & 2 ? AVR_OP_CALL : AVR_OP_JMP,
			  ((w >> 3) & 0x3e) | (w & 1), next);
	}
	op = one[w & 0xf];	/* 0100 reserved, 1011 DES (XMEGA) */
	return mk(op ? op : AVR_OP_BAD, RD5(w), 0);
}

/* 1001 xxxx xxxx xxxx */
static struct avr_op dec_9xxx(u16 w, u16 next, bool has_next)
{
	static const u8 io_bit[4] = {	/* 1001 10xx AAAA Abbb */
		AVR_OP_CBI, AVR_OP_SBIC, AVR_OP_SBI, AVR_OP_SBIS,
	};

	switch (w & 0x0e00) {
	case 0x0000: case 0x0200:
		return dec_9000(w, next, has_next);
	case 0x0400:
		return dec_9400(w, next, has_next);
	case 0x0600:	/* 1001 011x KKpp KKKK  ADIW / SBIW r24,26,28,30 */
		return mk(w & 0x0100 ? AVR_OP_SBIW : AVR_OP_ADIW,
			  24 + ((w >> 3) & 6), ((w >> 2) & 0x30) | (w & 0xf));
	case 0x0800: case 0x0a00:	/* 1001 10xx AAAA Abbb  CBI SBIC SBI SBIS */
		return mk(io_bit[(w >> 8) & 3], 0x20 + ((w >> 3) & 0x1f),
			  1 << (w & 7));
	default:	/* 1001 11rd dddd rrrr  MUL */
		return mk(AVR_OP_MUL, RD5(w), RR5(w));
	}
}

/* 1111 xxxx xxxx xxxx: conditional branches and register bit ops */
static struct avr_op dec_fxxx(u16 w)
{
	static const u8 bit_op[4] = {	/* 1111 1xxd dddd 0bbb */
		AVR_OP_BLD, AVR_OP_BST, AVR_OP_SBRC, AVR_OP_SBRS,
	};
	s16 off;

	if (!(w & 0x0800)) {	/* 1111 0Bkk kkkk ksss  BRBS (B=0) / BRBC */
		off = (s16)(u16)(w << 6) >> 9;
		return mk((w & 0x0400 ? AVR_OP_BRBC : AVR_OP_BRBS) + (w & 7),
			  1 << (w & 7), (u16)off);
	}
	if (w & 0x0008)		/* bit 3 must be 0 (simavr ignores it) */
		return mk(AVR_OP_BAD, 0, 0);
	return mk(bit_op[(w >> 9) & 3], RD5(w), 1 << (w & 7));
}

struct avr_op seg6x_avr_decode_word(u16 w, u16 next, bool has_next)
{
	switch (w >> 12) {
	case 0x0:
		if (w < 0x0400)
			return dec_0000(w);
		fallthrough;
	case 0x1:	/* 000x xxrd dddd rrrr  CPC SBC ADD CPSE CP SUB ADC */
		return mk(alu_0000_1c00[(w >> 10) & 7], RD5(w), RR5(w));
	case 0x2:	/* 0010 xxrd dddd rrrr  AND EOR OR MOV */
		return mk(alu_2000[(w >> 10) & 3], RD5(w), RR5(w));
	case 0x3: case 0x4: case 0x5: case 0x6: case 0x7:
		/* 0xxx KKKK dddd KKKK  CPI SBCI SUBI ORI ANDI */
		return mk(imm_3000[(w >> 12) - 3], RD4(w), K8(w));
	case 0x8: case 0xa:	/* 10q0 qqsd dddd yqqq  LDD/STD Y+q, Z+q */
		return mk(w & 0x0200 ? (w & 8 ? AVR_OP_STD_Y : AVR_OP_STD_Z)
				     : (w & 8 ? AVR_OP_LDD_Y : AVR_OP_LDD_Z),
			  RD5(w),
			  ((w >> 8) & 0x20) | ((w >> 7) & 0x18) | (w & 7));
	case 0x9:
		return dec_9xxx(w, next, has_next);
	case 0xb:	/* 1011 sAAd dddd AAAA  IN (s=0) / OUT (s=1) */
		return mk(w & 0x0800 ? AVR_OP_OUT : AVR_OP_IN,
			  0x20 + (((w >> 5) & 0x30) | (w & 0xf)), RD5(w));
	case 0xc:	/* 1100 kkkk kkkk kkkk  RJMP */
	case 0xd:	/* 1101 kkkk kkkk kkkk  RCALL */
		return mk(w & 0x1000 ? AVR_OP_RCALL : AVR_OP_RJMP, 0,
			  (u16)((s16)(u16)(w << 4) >> 4));
	case 0xe:	/* 1110 KKKK dddd KKKK  LDI */
		return mk(AVR_OP_LDI, RD4(w), K8(w));
	default:
		return dec_fxxx(w);
	}
}

static inline u16 code_word(const struct avr_machine *m, u32 i)
{
	return m->code[2 * i] | (m->code[2 * i + 1] << 8);
}

/*
 * Run length, cycles and static target of op @i (see avr_private.h): its run
 * goes on at the op after it (two words on for LDS/STS). Return whether any
 * of them changed.
 */
static bool link_op(struct avr_op *ops, u32 i, u32 n, u32 base, u32 mask)
{
	struct avr_op *o = &ops[i], old = *o;
	const struct avr_op *nx;
	u32 c = avr_op_cycles[o->op], t;

	o->x = 0;
	if (!c) {
		o->len = 1;
		o->cyc = 0;
		if (o->op == AVR_OP_RJMP || o->op == AVR_OP_RCALL ||
		    o->op == AVR_OP_JMP || o->op == AVR_OP_CALL ||
		    (o->op >= AVR_OP_BRBS && o->op <= AVR_OP_BRBC_I)) {
			t = avr_op_target(o, i, base, mask) - base;
			o->x = t < n ? t * sizeof(*o) : ~0u;
		}
	} else {
		nx = &ops[i + (o->op >= AVR_OP_FIRST_2W ? 2 : 1)];
		if (!nx->len || nx->len == 0xffff || nx->cyc + c > 0xffff) {
			o->len = 0;
			o->cyc = 0;
		} else {
			o->len = nx->len + 1;
			o->cyc = nx->cyc + c;
		}
	}
	return o->len != old.len || o->cyc != old.cyc || o->x != old.x;
}

/* Fuse ops [@first, @end) with the op after each (all of them unfused first) */
static void fuse_range(struct avr_op *ops, u32 first, u32 end, u32 n)
{
	u32 i;

	for (i = first; i < end; i++)
		ops[i].op = avr_op_unfused(ops[i].op);
	for (i = first; i < end; i++)
		if (i + 1 < n)
			ops[i].op = avr_op_fuse(ops[i].op,
						avr_op_unfused(ops[i + 1].op));
}

/* Every op, from the end of the code backwards, and the two sentinels */
static void link_all(struct avr_machine *m)
{
	struct avr_op *ops = m->scratch;
	u32 n = m->code_words, i;

	for (i = n; i < n + 2; i++)
		ops[i] = (struct avr_op){ .op = AVR_OP_BAD_PC, .len = 1 };
	fuse_range(ops, 0, n, n);
	for (i = n; i-- > 0;)
		link_op(ops, i, n, m->code_base, m->flash_words - 1);
}

/*
 * After ops [@first, @end) were decoded again (@first is the word before the
 * patch, decoded the same unless it is a two-word op, which never fuses):
 * fuse them, then link backwards from @end. Below @first an op's link
 * depends only on the one or two ops after it, so the walk stops at two
 * unchanged ops in a row; a redecode costs the runs it touches, not the
 * whole code (avr_step_test: 192 us a step before, 1.1 us after).
 */
static void relink(struct avr_machine *m, u32 first, u32 end)
{
	struct avr_op *ops = m->scratch;
	u32 n = m->code_words, i;
	bool after = true;	/* the op after @i changed */

	fuse_range(ops, first, end, n);
	for (i = end; i-- > 0;) {
		bool changed = link_op(ops, i, n, m->code_base,
				       m->flash_words - 1) || i >= first;

		if (!changed && !after)
			break;
		after = changed;
	}
}

static void decode_range(struct avr_machine *m, u32 first, u32 end)
{
	struct avr_op *ops = m->scratch;
	u32 i;

	for (i = first; i < end; i++) {
		bool has_next = i + 1 < m->code_words;

		ops[i] = seg6x_avr_decode_word(code_word(m, i),
					 has_next ? code_word(m, i + 1) : 0,
					 has_next);
	}
}

static enum avr_status check_machine(struct avr_machine *m)
{
	u32 fw = m->flash_words;

	m->prepared = 0;
	if (!m->scratch || ((unsigned long)m->scratch & 3) ||
	    m->scratch_size < AVR_SCRATCH_SIZE(m->code_words) ||
	    (!m->code && m->code_words) || (!m->sram && m->sram_size))
		return AVR_BAD_ARG;
	if (m->sram_base < 0x100 ||
	    (u32)m->sram_base + m->sram_size > 0x10000)
		return AVR_BAD_ARG;
	if (!fw || (fw & (fw - 1)) || fw > 0x400000 ||
	    m->code_base >= fw || m->code_words > fw - m->code_base)
		return AVR_BAD_ARG;
	return AVR_OK;
}

enum avr_status seg6x_avr_prepare(struct avr_machine *m)
{
	if (check_machine(m) != AVR_OK)
		return AVR_BAD_ARG;
	decode_range(m, 0, m->code_words);
	link_all(m);	/* and the sentinels: running or skipping off the end */
	m->prepared = 1;
	return AVR_OK;
}

enum avr_status seg6x_avr_prepare_reuse(struct avr_machine *m)
{
	if (check_machine(m) != AVR_OK)
		return AVR_BAD_ARG;
	m->prepared = 1;
	return AVR_OK;
}

void seg6x_avr_redecode(struct avr_machine *m, u32 first, u32 n)
{
	u32 end;

	if (!m->prepared || first >= m->code_words)
		return;
	end = n > m->code_words - first ? m->code_words : first + n;
	first = first ? first - 1 : 0;
	decode_range(m, first, end);
	relink(m, first, end);
}
