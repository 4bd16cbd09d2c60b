/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * avr-elf.h - load an ATmega328P program from an avr-gcc ELF file
 *
 * A tiny ELF32 reader (no libelf): program headers give the flash image
 * (.text and the load image of .data, by physical address), the symbol
 * table gives globals by name.
 */
#ifndef SEG6X_AVR_ELF_H
#define SEG6X_AVR_ELF_H

#include <stddef.h>
#include <stdint.h>

#define AVR_ELF_FLASH_MAX	0x8000u	/* ATmega328P: 32 KiB */

struct avr_elf {
	uint8_t flash[AVR_ELF_FLASH_MAX];	/* 0xff where nothing loads */
	uint32_t flash_len;			/* bytes used, even */
	uint8_t *file;				/* the whole file */
	size_t file_len;
	uint32_t symtab_off, symtab_num, strtab_off, strtab_len;
};

/*
 * Load @path. Checks: ELF32 little-endian, e_machine EM_AVR (83), the avr5
 * architecture in e_flags (ATmega328P), and the MCU name in a .mmcu
 * section (simavr's avr_mcu_section.h) when there is one. Returns 0, or -1
 * with a message in @err (@errlen bytes).
 */
int avr_elf_load(struct avr_elf *e, const char *path, char *err, size_t errlen);
void avr_elf_free(struct avr_elf *e);

/*
 * Find symbol @name. Data symbols come back as data-space addresses (the
 * 0x800000 offset avr-gcc uses removed) with *@is_data set. Returns 0 or -1.
 */
int avr_elf_symbol(const struct avr_elf *e, const char *name, uint32_t *addr,
		   uint32_t *size, int *is_data);

#endif /* SEG6X_AVR_ELF_H */
