/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr.h - the seg6x AVR machine (ATmega328P, AVRe+ instruction set)
 *
 * A pure core: it works on a plain struct and caller-supplied buffers, never
 * allocates, never recurses, uses no floating point and no libc. The same
 * files build into the kernel module and into userspace tests and tools.
 *
 * Data space (ATmega328P map):
 *
 *   0x0000-0x001f  r0-r31 (memory mapped register file)
 *   0x0020-0x00ff  I/O and extended I/O: every access goes through the
 *                  caller's hook, except SPL 0x5d, SPH 0x5e, SREG 0x5f which
 *                  are part of the core state
 *   sram_base ...  the SRAM window: sram[0 .. sram_size-1]; sram_base must be
 *                  >= 0x100. Any other address is a fault (AVR_BAD_ADDRESS).
 *
 * Program memory: code[] holds code_words little-endian 16-bit words that sit
 * at flash word address code_base. The program counter is a word address;
 * fetching outside [code_base, code_base + code_words) is AVR_BAD_PC.
 *
 * Using it:
 *   1. fill struct avr_machine (registers, PC, SP, SREG, windows, hook);
 *   2. give it a scratch buffer of AVR_SCRATCH_SIZE(code_words) bytes and call
 *      seg6x_avr_prepare(), which checks the description and pre-decodes the code;
 *   3. call seg6x_avr_run() as often as you like; the state stays in the struct, so
 *      it can be serialised, moved to another node and resumed there.
 */
#ifndef SEG6X_AVR_H
#define SEG6X_AVR_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

/* ATmega328P figures, for callers that model the whole chip. */
#define AVR_M328P_FLASH_WORDS	16384u	/* 32 KiB, 14-bit PC */
#define AVR_M328P_SRAM_BASE	0x0100u
#define AVR_M328P_SRAM_SIZE	0x0800u	/* 2 KiB, RAMEND 0x08ff */

/* SREG bits */
#define AVR_SREG_C	0x01
#define AVR_SREG_Z	0x02
#define AVR_SREG_N	0x04
#define AVR_SREG_V	0x08
#define AVR_SREG_S	0x10
#define AVR_SREG_H	0x20
#define AVR_SREG_T	0x40
#define AVR_SREG_I	0x80

/* Data addresses the core keeps to itself */
#define AVR_ADDR_SPL	0x5d
#define AVR_ADDR_SPH	0x5e
#define AVR_ADDR_SREG	0x5f

/**
 * enum avr_status - why seg6x_avr_run() returned
 * @AVR_OK:          the instruction budget is spent; call again to go on.
 * @AVR_BREAK:       BREAK executed; PC is after it, its cycle counted.
 * @AVR_SLEEP:       SLEEP executed; PC is after it, its cycle counted. The
 *                   caller decides what it means (avr-run: end of program
 *                   when SREG.I is clear, as simavr does).
 * @AVR_IO_DEFER:    the hook answered AVR_HOOK_DEFER for fault_addr. Nothing of
 *                   the instruction at PC happened; running again (here or
 *                   on another node) re-executes it from the start.
 * @AVR_IO_FAULT:    the hook answered AVR_HOOK_FAULT for fault_addr; nothing of
 *                   the instruction happened.
 * @AVR_BAD_OPCODE:  the word at PC is not an ATmega328P instruction;
 *                   nothing happened.
 * @AVR_UNSUPPORTED: SPM at PC: program memory is read-only here.
 * @AVR_BAD_PC:      PC is outside the code window (or a two-word
 *                   instruction is cut by its end). If a jump, call, return
 *                   or skip got there, that instruction did complete.
 * @AVR_BAD_ADDRESS: a data access (fault_addr) outside the register file,
 *                   I/O space and SRAM window, or an LPM (fault_addr = Z)
 *                   outside the code window; nothing happened.
 * @AVR_BAD_STACK:   a push/pop/call/return touched memory outside the SRAM
 *                   window (fault_addr); nothing happened.
 * @AVR_BAD_ARG:     the machine description is unusable (see avr_prepare).
 *
 * Only AVR_OK, AVR_BREAK and AVR_SLEEP mean "running normally".
 */
enum avr_status {
	AVR_OK = 0,
	AVR_BREAK,
	AVR_SLEEP,
	AVR_IO_DEFER,
	AVR_IO_FAULT,
	AVR_BAD_OPCODE,
	AVR_UNSUPPORTED,
	AVR_BAD_PC,
	AVR_BAD_ADDRESS,
	AVR_BAD_STACK,
	AVR_BAD_ARG,
};

/* What an I/O hook answers */
enum avr_hook_result {
	AVR_HOOK_OK = 0,	/* access done (*val filled for reads) */
	AVR_HOOK_DEFER,		/* not this node's port: stop before the insn */
	AVR_HOOK_FAULT,		/* invalid access: fault */
};

/**
 * struct avr_io_ops - the caller's view of I/O space 0x20-0xff
 * @read:  read data address @addr into *@val.
 * @write: write @val to data address @addr.
 *
 * Called in instruction order; at most one read and one write per
 * instruction (SBI/CBI read, then write). When a call answers AVR_HOOK_DEFER or
 * AVR_HOOK_FAULT the instruction is abandoned without any change to the machine;
 * an earlier access of the same instruction that answered AVR_HOOK_OK (the read
 * of SBI/CBI) will be repeated when the instruction is executed again.
 * Either pointer may be NULL: the access then answers AVR_HOOK_FAULT.
 */
struct avr_io_ops {
	enum avr_hook_result (*read)(void *ctx, uint16_t addr, uint8_t *val);
	enum avr_hook_result (*write)(void *ctx, uint16_t addr, uint8_t val);
};

/**
 * struct avr_machine - one AVR process
 *
 * Architectural state (read and write freely between runs):
 * @r:          r0-r31
 * @sreg:       status register
 * @sp:         stack pointer (data address)
 * @pc:         program counter, in words
 * @cycles:     cycles executed so far (ATmega328P timings)
 * @insns:      instructions executed so far
 *
 * Memory, set by the caller before seg6x_avr_prepare():
 * @sram:        SRAM window backing store, @sram_size bytes
 * @sram_base:   data address of sram[0], >= 0x100
 * @sram_size:   bytes in the window (sram_base + sram_size <= 0x10000)
 * @code:        program memory, @code_words little-endian words
 * @code_base:   flash word address of code[0..1]
 * @code_words:  number of words in @code
 * @flash_words: size of the device's flash in words, a power of two (PC
 *               arithmetic wraps there: 16384 for the ATmega328P)
 * @io, @io_ctx: the I/O hook and its context
 * @scratch:     pre-decode buffer, @scratch_size bytes, at least
 *               AVR_SCRATCH_SIZE(@code_words), 4-byte aligned
 *
 * Set by the core when a run stops:
 * @fault_addr:  data address of an AVR_IO_* / AVR_BAD_ADDRESS /
 *               AVR_BAD_STACK stop (Z for a bad LPM)
 * @fault_write: 1 if that access was a write
 */
struct avr_machine {
	uint8_t r[32];
	uint8_t sreg;
	uint16_t sp;
	uint32_t pc;
	uint64_t cycles;
	uint64_t insns;

	uint8_t *sram;
	uint16_t sram_base;
	uint16_t sram_size;
	const uint8_t *code;
	uint32_t code_base;
	uint32_t code_words;
	uint32_t flash_words;
	const struct avr_io_ops *io;
	void *io_ctx;
	void *scratch;
	size_t scratch_size;

	uint16_t fault_addr;
	uint8_t fault_write;
	uint8_t prepared;
};

/* Bytes of scratch seg6x_avr_prepare() needs for @words words of code */
#define AVR_SCRATCH_SIZE(words) (((size_t)(words) + 2) * 12)

/**
 * seg6x_avr_prepare() - check a machine description and pre-decode its code
 * @m: machine with the memory fields and @scratch filled in
 *
 * Must be called before seg6x_avr_run() and again whenever @code, @code_words,
 * @code_base or @scratch change (seg6x_avr_redecode() is enough after patching a
 * few words). Does not touch the architectural state.
 *
 * Return: AVR_OK, or AVR_BAD_ARG if a pointer is missing, the scratch is
 * too small, sram_base < 0x100, the SRAM window wraps past 0xffff,
 * flash_words is not a power of two or the code does not fit in it.
 */
enum avr_status seg6x_avr_prepare(struct avr_machine *m);

/**
 * seg6x_avr_prepare_reuse() - seg6x_avr_prepare() without the pre-decode
 * @m: machine with the memory fields and @scratch filled in
 *
 * For a caller that keeps the scratch of an earlier seg6x_avr_prepare() and
 * knows the code is the same: the same @code_words words, byte for byte,
 * the same @code_base and @flash_words (avr-exec compares the code with a
 * copy it keeps per CPU). The pre-decode is then the dearest part of a
 * short run (about 5x running 100 instructions). Checks the description as
 * seg6x_avr_prepare() does; anything else is the caller's promise.
 *
 * Return: AVR_OK, or AVR_BAD_ARG as seg6x_avr_prepare().
 */
enum avr_status seg6x_avr_prepare_reuse(struct avr_machine *m);

/**
 * seg6x_avr_redecode() - pre-decode again words [@first, @first + @n) of @code
 * @m: a prepared machine
 *
 * Also re-decodes the word before @first (a two-word instruction may start
 * there). Out-of-range parts of the range are ignored.
 */
void seg6x_avr_redecode(struct avr_machine *m, uint32_t first, uint32_t n);

/**
 * seg6x_avr_run() - execute instructions
 * @m:      a prepared machine
 * @budget: most instructions to execute (0 returns AVR_OK at once)
 *
 * Executes until @budget instructions are done or something stops the run
 * (see enum avr_status). @pc, @sp, @sreg, @r, @cycles, @insns and memory
 * always describe the machine between two instructions.
 *
 * Return: the reason for stopping.
 */
enum avr_status seg6x_avr_run(struct avr_machine *m, uint32_t budget);

/**
 * seg6x_avr_reset() - power-on state: registers and SREG 0, PC 0, SP at the top
 * of the SRAM window, counters 0. Memory is left alone.
 */
void seg6x_avr_reset(struct avr_machine *m);

/**
 * seg6x_avr_disasm() - one instruction as avr-objdump -d prints it (userspace only)
 * @w, @next:  the word at @pc and the one after it (@has_next false at the end)
 * @pc:        word address of @w (for @target)
 * @buf, @len: the text, mnemonic and operands ("ldi r24, 0xFF", "rjmp .+2"),
 *             always NUL-terminated; ".word 0x%04x" for a word the
 *             ATmega328P does not execute (or a two-word one cut by the end)
 * @target:    byte address a RJMP/RCALL/branch/JMP/CALL goes to, else ~0
 *
 * Return: the instruction's length in words, 1 or 2 (LDS, STS, JMP, CALL).
 */
unsigned int seg6x_avr_disasm(uint16_t w, uint16_t next, int has_next, uint32_t pc,
			      char *buf, size_t len, uint32_t *target);

/* A short constant name for a status ("ok", "bad-opcode", ...) */
const char *seg6x_avr_status_name(enum avr_status st);

#endif /* SEG6X_AVR_H */
