// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr_disasm.c - one instruction as text, in avr-objdump -d's syntax
 *
 * Userspace only (the tools: `sriot dump`, `avr-run --disasm`): it formats
 * with snprintf, so it is not in Kbuild.inc. The opcode bits are read once,
 * by the same seg6x_avr_decode_word() the executor's pre-decoder uses, so
 * what is shown is what the core runs; only two encodings the decoder
 * folds together are told apart here by the raw word (LPM r0,Z vs the
 * operand-less LPM; LD/ST Y and Z vs LDD/STD with displacement 0).
 *
 * Operand formats, as binutils' avr-dis.c prints them (checked against
 * avr-objdump 2.x on the corpus by tests/unit/avr/disasm.sh):
 *   registers r0-r31; immediates of LDI/CPI/SUBI/SBCI/ANDI/ORI "0x%02X";
 *   ADIW/SBIW "0x%02x"; I/O addresses "0x%02x"; bit numbers decimal;
 *   LDS/STS "0x%04X"; JMP/CALL the byte address "%#x"; RJMP/RCALL and
 *   branches the byte offset from the next instruction ".+2", ".-8".
 * A word the ATmega328P does not execute is ".word 0x%04x" (avr-objdump
 * decodes some of them as instructions of other AVR cores: ELPM, XCH, ...).
 */
#include <stdio.h>
#include "avr_private.h"

static const char *const mnem[AVR_OP_COUNT] = {
	[AVR_OP_SPM] = "spm", [AVR_OP_NOP] = "nop",
	[AVR_OP_ADD] = "add", [AVR_OP_ADC] = "adc", [AVR_OP_SUB] = "sub",
	[AVR_OP_SBC] = "sbc", [AVR_OP_CP] = "cp", [AVR_OP_CPC] = "cpc",
	[AVR_OP_AND] = "and", [AVR_OP_OR] = "or", [AVR_OP_EOR] = "eor",
	[AVR_OP_MOV] = "mov", [AVR_OP_CPSE] = "cpse", [AVR_OP_MOVW] = "movw",
	[AVR_OP_MUL] = "mul", [AVR_OP_MULS] = "muls", [AVR_OP_MULSU] = "mulsu",
	[AVR_OP_FMUL] = "fmul", [AVR_OP_FMULS] = "fmuls", [AVR_OP_FMULSU] = "fmulsu",
	[AVR_OP_SUBI] = "subi", [AVR_OP_SBCI] = "sbci", [AVR_OP_CPI] = "cpi",
	[AVR_OP_ANDI] = "andi", [AVR_OP_ORI] = "ori", [AVR_OP_LDI] = "ldi",
	[AVR_OP_ADIW] = "adiw", [AVR_OP_SBIW] = "sbiw",
	[AVR_OP_COM] = "com", [AVR_OP_NEG] = "neg", [AVR_OP_SWAP] = "swap",
	[AVR_OP_INC] = "inc", [AVR_OP_DEC] = "dec", [AVR_OP_ASR] = "asr",
	[AVR_OP_LSR] = "lsr", [AVR_OP_ROR] = "ror",
	[AVR_OP_BST] = "bst", [AVR_OP_BLD] = "bld", [AVR_OP_SBRC] = "sbrc",
	[AVR_OP_SBRS] = "sbrs",
	[AVR_OP_IN] = "in", [AVR_OP_OUT] = "out", [AVR_OP_SBI] = "sbi",
	[AVR_OP_CBI] = "cbi", [AVR_OP_SBIC] = "sbic", [AVR_OP_SBIS] = "sbis",
	[AVR_OP_LD_X ... AVR_OP_LDD_Z] = "ld", [AVR_OP_ST_X ... AVR_OP_STD_Z] = "st",
	[AVR_OP_LPM] = "lpm", [AVR_OP_LPM_P] = "lpm", [AVR_OP_PUSH] = "push",
	[AVR_OP_POP] = "pop",
	[AVR_OP_RJMP] = "rjmp", [AVR_OP_RCALL] = "rcall", [AVR_OP_IJMP] = "ijmp",
	[AVR_OP_ICALL] = "icall", [AVR_OP_RET] = "ret", [AVR_OP_RETI] = "reti",
	[AVR_OP_SLEEP] = "sleep", [AVR_OP_BREAK] = "break", [AVR_OP_WDR] = "wdr",
	[AVR_OP_LDS] = "lds", [AVR_OP_STS] = "sts", [AVR_OP_JMP] = "jmp",
	[AVR_OP_CALL] = "call",
};

/* BRBS/BRBC, BSET/BCLR by SREG bit (C Z N V S H T I), as avr-objdump names them */
static const char *const brbs[8] = { "brcs", "breq", "brmi", "brvs", "brlt", "brhs", "brts", "brie" };
static const char *const brbc[8] = { "brcc", "brne", "brpl", "brvc", "brge", "brhc", "brtc", "brid" };
static const char *const bset[8] = { "sec", "sez", "sen", "sev", "ses", "seh", "set", "sei" };
static const char *const bclr[8] = { "clc", "clz", "cln", "clv", "cls", "clh", "clt", "cli" };

static unsigned int bitno(unsigned int mask)
{
	return __builtin_ctz(mask | 0x100);
}

/* Pointer operands of LD/ST: X, X+, -X, Y+, -Y, Z+, -Z, Y+q, Z+q */
static void ptr_text(const struct avr_op *o, char *p, size_t len)
{
	static const char *const ld[] = { "X", "X+", "-X", "Y+", "-Y", "Z+", "-Z" };
	unsigned int i = o->op <= AVR_OP_LDD_Z ? o->op - AVR_OP_LD_X : o->op - AVR_OP_ST_X;

	if (i < 7)
		snprintf(p, len, "%s", ld[i]);
	else if (o->k)
		snprintf(p, len, "%c+%u", i == 7 ? 'Y' : 'Z', o->k);
	else
		snprintf(p, len, "%c", i == 7 ? 'Y' : 'Z');
}

unsigned int seg6x_avr_disasm(u16 w, u16 next, int has_next, u32 pc, char *buf, size_t len,
			      u32 *target)
{
	struct avr_op o = seg6x_avr_decode_word(w, next, has_next);
	const char *m = o.op < AVR_OP_COUNT ? mnem[o.op] : NULL;
	unsigned int words = o.op >= AVR_OP_FIRST_2W && o.op != AVR_OP_TRUNC ? 2 : 1;
	char p[16];
	s32 off;

	*target = ~0u;
	switch (o.op) {
	case AVR_OP_ADD ... AVR_OP_FMULSU:	/* two registers */
		snprintf(buf, len, "%s r%u, r%u", m, o.d, o.k);
		break;
	case AVR_OP_SUBI ... AVR_OP_LDI:
		snprintf(buf, len, "%s r%u, 0x%02X", m, o.d, o.k);
		break;
	case AVR_OP_ADIW: case AVR_OP_SBIW:
		snprintf(buf, len, "%s r%u, 0x%02x", m, o.d, o.k);
		break;
	case AVR_OP_COM ... AVR_OP_ROR: case AVR_OP_PUSH: case AVR_OP_POP:
		snprintf(buf, len, "%s r%u", m, o.d);
		break;
	case AVR_OP_BSET: case AVR_OP_BCLR:
		snprintf(buf, len, "%s", (o.op == AVR_OP_BSET ? bset : bclr)[bitno(o.d)]);
		break;
	case AVR_OP_BST ... AVR_OP_SBRS:
		snprintf(buf, len, "%s r%u, %u", m, o.d, bitno(o.k));
		break;
	case AVR_OP_IN:
		snprintf(buf, len, "in r%u, 0x%02x", o.k, o.d - 0x20);
		break;
	case AVR_OP_OUT:
		snprintf(buf, len, "out 0x%02x, r%u", o.d - 0x20, o.k);
		break;
	case AVR_OP_SBI ... AVR_OP_SBIS:
		snprintf(buf, len, "%s 0x%02x, %u", m, o.d - 0x20, bitno(o.k));
		break;
	case AVR_OP_LD_X ... AVR_OP_LDD_Z:
		ptr_text(&o, p, sizeof(p));
		snprintf(buf, len, "ld%s r%u, %s", o.k ? "d" : "", o.d, p);
		break;
	case AVR_OP_ST_X ... AVR_OP_STD_Z:
		ptr_text(&o, p, sizeof(p));
		snprintf(buf, len, "st%s %s, r%u", o.k ? "d" : "", p, o.d);
		break;
	case AVR_OP_LPM: case AVR_OP_LPM_P:
		if (w == 0x95c8)
			snprintf(buf, len, "lpm");
		else
			snprintf(buf, len, "lpm r%u, Z%s", o.d, o.op == AVR_OP_LPM_P ? "+" : "");
		break;
	case AVR_OP_RJMP: case AVR_OP_RCALL:
	case AVR_OP_BRBS ... AVR_OP_BRBC_I:
		off = 2 * (s16)o.k;
		*target = 2 * avr_op_target(&o, pc, 0, AVR_M328P_FLASH_WORDS - 1);
		if (o.op >= AVR_OP_BRBS)
			m = (o.op <= AVR_OP_BRBS_I ? brbs : brbc)[bitno(o.d)];
		snprintf(buf, len, "%s .%c%d", m, off < 0 ? '-' : '+', off < 0 ? -off : off);
		break;
	case AVR_OP_JMP: case AVR_OP_CALL:
		*target = 2 * avr_op_target(&o, pc, 0, AVR_M328P_FLASH_WORDS - 1);
		snprintf(buf, len, "%s %#x", m, 2 * ((u32)o.d << 16 | o.k));
		break;
	case AVR_OP_LDS:
		snprintf(buf, len, "lds r%u, 0x%04X", o.d, o.k);
		break;
	case AVR_OP_STS:
		snprintf(buf, len, "sts 0x%04X, r%u", o.k, o.d);
		break;
	default:
		if (m)	/* no operands */
			snprintf(buf, len, "%s", m);
		else	/* AVR_OP_BAD, AVR_OP_TRUNC */
			snprintf(buf, len, ".word 0x%04x", w);
	}
	return words;
}
