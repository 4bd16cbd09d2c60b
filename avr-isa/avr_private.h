/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr_private.h - what the decoder hands the executor
 *
 * seg6x_avr_prepare() turns every code word into a 12-byte struct avr_op: the
 * handler number and pre-extracted operands, so the executor never looks at
 * opcode bits again. Two sentinel ops follow the code so that straight-line
 * execution and skips run into AVR_BAD_PC without a bounds check per fetch.
 *
 * Blocks: a "control" op (avr_op_cycles[] == 0: jumps, calls, returns,
 * branches, skips, halts, faults) ends a straight-line run. Every op knows
 * how many instructions (len, the control op at the end included) and how
 * many cycles (cyc, the control op's own excluded) remain from it to the end
 * of its run, so the executor charges the budget and the cycle counter once
 * per run instead of once per instruction. len 0: too long to count, run it
 * one instruction at a time.
 */
#ifndef SEG6X_AVR_PRIVATE_H
#define SEG6X_AVR_PRIVATE_H

#include "avr_port.h"
#include "avr.h"

/*
 * Handlers. Operand use:
 *   d: destination register, register pair base, bit mask, or I/O address
 *   k: source register, immediate, displacement, offset, address, bit mask
 * Keep the two-word instructions last: skips test op >= AVR_OP_FIRST_2W.
 */
enum avr_opnum {
	AVR_OP_BAD_PC = 0,	/* sentinel after the code */
	AVR_OP_BAD,		/* undefined opcode */
	AVR_OP_SPM,
	AVR_OP_NOP,
	/* two registers: d, k = r */
	AVR_OP_ADD, AVR_OP_ADC, AVR_OP_SUB, AVR_OP_SBC, AVR_OP_CP, AVR_OP_CPC,
	AVR_OP_AND, AVR_OP_OR, AVR_OP_EOR, AVR_OP_MOV, AVR_OP_CPSE, AVR_OP_MOVW,
	AVR_OP_MUL, AVR_OP_MULS, AVR_OP_MULSU, AVR_OP_FMUL, AVR_OP_FMULS,
	AVR_OP_FMULSU,
	/* register and immediate: d, k = K */
	AVR_OP_SUBI, AVR_OP_SBCI, AVR_OP_CPI, AVR_OP_ANDI, AVR_OP_ORI,
	AVR_OP_LDI, AVR_OP_ADIW, AVR_OP_SBIW,
	/* one register: d */
	AVR_OP_COM, AVR_OP_NEG, AVR_OP_SWAP, AVR_OP_INC, AVR_OP_DEC,
	AVR_OP_ASR, AVR_OP_LSR, AVR_OP_ROR,
	/* bits: d = register or SREG mask, k = bit mask */
	AVR_OP_BSET, AVR_OP_BCLR, AVR_OP_BST, AVR_OP_BLD,
	AVR_OP_SBRC, AVR_OP_SBRS,
	/* I/O: d = data address 0x20-0x5f, k = register or bit mask */
	AVR_OP_IN, AVR_OP_OUT, AVR_OP_SBI, AVR_OP_CBI, AVR_OP_SBIC, AVR_OP_SBIS,
	/* loads and stores: d = register, k = displacement */
	AVR_OP_LD_X, AVR_OP_LD_XP, AVR_OP_LD_MX, AVR_OP_LD_YP, AVR_OP_LD_MY,
	AVR_OP_LD_ZP, AVR_OP_LD_MZ, AVR_OP_LDD_Y, AVR_OP_LDD_Z,
	AVR_OP_ST_X, AVR_OP_ST_XP, AVR_OP_ST_MX, AVR_OP_ST_YP, AVR_OP_ST_MY,
	AVR_OP_ST_ZP, AVR_OP_ST_MZ, AVR_OP_STD_Y, AVR_OP_STD_Z,
	AVR_OP_LPM, AVR_OP_LPM_P, AVR_OP_PUSH, AVR_OP_POP,
	/* flow: k = signed offset (RJMP, RCALL, branches: d = SREG mask) */
	AVR_OP_RJMP, AVR_OP_RCALL, AVR_OP_IJMP, AVR_OP_ICALL,
	AVR_OP_RET, AVR_OP_RETI,
	/* branches: one op per SREG bit (C Z N V S H T I), d = mask */
	AVR_OP_BRBS, AVR_OP_BRBS_Z, AVR_OP_BRBS_N, AVR_OP_BRBS_V,
	AVR_OP_BRBS_S, AVR_OP_BRBS_H, AVR_OP_BRBS_T, AVR_OP_BRBS_I,
	AVR_OP_BRBC, AVR_OP_BRBC_Z, AVR_OP_BRBC_N, AVR_OP_BRBC_V,
	AVR_OP_BRBC_S, AVR_OP_BRBC_H, AVR_OP_BRBC_T, AVR_OP_BRBC_I,
	AVR_OP_SLEEP, AVR_OP_BREAK, AVR_OP_WDR,
	/*
	 * fused pairs: the first op of a common pair, executing both when run
	 * straight through (the second op keeps its own number for jumps into
	 * it; a one-at-a-time run executes the first alone, avr_op_unfused)
	 */
	AVR_OP_ADD_ADC, AVR_OP_ADC_ADC, AVR_OP_SUB_SBC, AVR_OP_SBC_SBC,
	AVR_OP_CP_CPC, AVR_OP_CPC_CPC, AVR_OP_SUBI_SBCI, AVR_OP_SBCI_SBCI,
	AVR_OP_DEC_BRNE,
	/* two words: k = second word; JMP/CALL: d = address bits 21:16 */
	AVR_OP_TRUNC,		/* two-word instruction cut by the code end */
	AVR_OP_LDS, AVR_OP_STS, AVR_OP_JMP, AVR_OP_CALL,
	AVR_OP_COUNT
};

#define AVR_OP_FIRST_2W	AVR_OP_TRUNC

/*
 * @len, @cyc: what remains of the straight-line run from this op (see above)
 * @x: RJMP/RCALL/branches/JMP/CALL: byte offset of the target op in the
 *     scratch buffer, or ~0 if the target is outside the code
 */
struct avr_op {
	u8 op;
	u8 d;
	u16 k;
	u16 len;
	u16 cyc;
	u32 x;
};

/* Cycles of a straight-line op; 0 for the control ops that end a run */
static const u8 avr_op_cycles[AVR_OP_COUNT] = {
	[AVR_OP_NOP] = 1, [AVR_OP_WDR] = 1,
	[AVR_OP_ADD ... AVR_OP_MOV] = 1, [AVR_OP_MOVW] = 1,
	[AVR_OP_MUL ... AVR_OP_FMULSU] = 2,
	[AVR_OP_SUBI ... AVR_OP_LDI] = 1, [AVR_OP_ADIW] = 2, [AVR_OP_SBIW] = 2,
	[AVR_OP_COM ... AVR_OP_BLD] = 1,
	[AVR_OP_IN] = 1, [AVR_OP_OUT] = 1, [AVR_OP_SBI] = 2, [AVR_OP_CBI] = 2,
	[AVR_OP_LD_X ... AVR_OP_STD_Z] = 2,
	[AVR_OP_LPM] = 3, [AVR_OP_LPM_P] = 3, [AVR_OP_PUSH] = 2, [AVR_OP_POP] = 2,
	[AVR_OP_LDS] = 2, [AVR_OP_STS] = 2,
	[AVR_OP_ADD_ADC ... AVR_OP_DEC_BRNE] = 1,
};

/* The op a fused op starts with (itself for the others) */
static inline u8 avr_op_unfused(u8 op)
{
	static const u8 first[] = {
		AVR_OP_ADD, AVR_OP_ADC, AVR_OP_SUB, AVR_OP_SBC, AVR_OP_CP,
		AVR_OP_CPC, AVR_OP_SUBI, AVR_OP_SBCI, AVR_OP_DEC,
	};

	if (op >= AVR_OP_ADD_ADC && op <= AVR_OP_DEC_BRNE)
		return first[op - AVR_OP_ADD_ADC];
	return op;
}

/* The fused op for @op followed by @next, or @op */
static inline u8 avr_op_fuse(u8 op, u8 next)
{
	switch (op) {
	case AVR_OP_ADD: return next == AVR_OP_ADC ? AVR_OP_ADD_ADC : op;
	case AVR_OP_ADC: return next == AVR_OP_ADC ? AVR_OP_ADC_ADC : op;
	case AVR_OP_SUB: return next == AVR_OP_SBC ? AVR_OP_SUB_SBC : op;
	case AVR_OP_SBC: return next == AVR_OP_SBC ? AVR_OP_SBC_SBC : op;
	case AVR_OP_CP: return next == AVR_OP_CPC ? AVR_OP_CP_CPC : op;
	case AVR_OP_CPC: return next == AVR_OP_CPC ? AVR_OP_CPC_CPC : op;
	case AVR_OP_SUBI: return next == AVR_OP_SBCI ? AVR_OP_SUBI_SBCI : op;
	case AVR_OP_SBCI: return next == AVR_OP_SBCI ? AVR_OP_SBCI_SBCI : op;
	case AVR_OP_DEC: return next == AVR_OP_BRBC_Z ? AVR_OP_DEC_BRNE : op;
	}
	return op;
}

/* Word address an RJMP/RCALL/branch/JMP/CALL at code index @idx goes to */
static inline u32 avr_op_target(const struct avr_op *o, u32 idx, u32 base,
				u32 mask)
{
	if (o->op == AVR_OP_JMP || o->op == AVR_OP_CALL)
		return (((u32)o->d << 16) | o->k) & mask;
	return (base + idx + 1 + (s16)o->k) & mask;
}

/* Decode one word; @next is the following word, @has_next 0 at code end */
struct avr_op seg6x_avr_decode_word(u16 w, u16 next, bool has_next);

#endif /* SEG6X_AVR_PRIVATE_H */
