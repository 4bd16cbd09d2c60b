// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-elf.c - a minimal ELF32 reader for avr-gcc programs
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "avr-elf.h"

#define EM_AVR_		83
#define EF_AVR_MACH	0x7f
#define E_AVR_MACH_AVR5	5
#define PT_LOAD_	1
#define SHT_SYMTAB_	2
#define AVR_DATA_BASE	0x800000u

static uint16_t le16(const uint8_t *p)
{
	return p[0] | (p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int read_file(struct avr_elf *e, const char *path, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return fail(err, errlen, "%s: cannot open", path);
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 52 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return fail(err, errlen, "%s: not an ELF file (too short)", path);
	}
	e->file = malloc(n);
	e->file_len = n;
	if (!e->file || fread(e->file, 1, n, f) != (size_t)n) {
		fclose(f);
		return fail(err, errlen, "%s: read error", path);
	}
	fclose(f);
	return 0;
}

static int in_file(const struct avr_elf *e, uint32_t off, uint32_t len)
{
	return off <= e->file_len && len <= e->file_len - off;
}

/* .mmcu: records of { u8 tag, u8 len, data[len - 2] } */
static int check_mmcu(const uint8_t *p, uint32_t len, char *err, size_t errlen)
{
	uint32_t i = 0;

	while (i + 2 <= len) {
		uint8_t tag = p[i], l = p[i + 1];

		if (l < 2 || i + l > len)
			break;
		if (tag == 1 && strncmp((const char *)p + i + 2, "atmega328p",
					l - 2))
			return fail(err, errlen, "program is for MCU '%.*s', not atmega328p",
				    l - 2, (const char *)p + i + 2);
		i += l;
	}
	return 0;
}

static int load_sections(struct avr_elf *e, char *err, size_t errlen)
{
	const uint8_t *h = e->file;
	uint32_t shoff = le32(h + 32), shentsize = le16(h + 46);
	uint32_t shnum = le16(h + 48), shstrndx = le16(h + 50), i;
	const uint8_t *shstr;

	if (!shoff || !in_file(e, shoff, shnum * shentsize) || shstrndx >= shnum)
		return 0;	/* no sections: no symbols, no .mmcu */
	shstr = h + shoff + shstrndx * shentsize;
	for (i = 0; i < shnum; i++) {
		const uint8_t *s = h + shoff + i * shentsize;
		uint32_t name = le32(s), type = le32(s + 4);
		uint32_t off = le32(s + 16), size = le32(s + 20);
		uint32_t link = le32(s + 24);
		uint32_t nameoff = le32(shstr + 16) + name;

		if (!in_file(e, off, size))
			continue;
		if (in_file(e, nameoff, 6) &&
		    !memcmp(h + nameoff, ".mmcu", 6) &&
		    check_mmcu(h + off, size, err, errlen))
			return -1;
		if (type == SHT_SYMTAB_ && link < shnum) {
			const uint8_t *l = h + shoff + link * shentsize;

			if (!in_file(e, le32(l + 16), le32(l + 20)))
				continue;
			e->symtab_off = off;
			e->symtab_num = size / 16;
			e->strtab_off = le32(l + 16);
			e->strtab_len = le32(l + 20);
		}
	}
	return 0;
}

static int load_segments(struct avr_elf *e, const char *path, char *err,
			 size_t errlen)
{
	const uint8_t *h = e->file;
	uint32_t phoff = le32(h + 28), phentsize = le16(h + 42);
	uint32_t phnum = le16(h + 44), i;

	if (!in_file(e, phoff, phnum * phentsize) || phentsize < 32)
		return fail(err, errlen, "%s: bad program headers", path);
	for (i = 0; i < phnum; i++) {
		const uint8_t *p = h + phoff + i * phentsize;
		uint32_t off = le32(p + 4), paddr = le32(p + 12);
		uint32_t filesz = le32(p + 16);

		if (le32(p) != PT_LOAD_ || !filesz || paddr >= AVR_DATA_BASE)
			continue;	/* not flash (data, eeprom, fuses) */
		if (!in_file(e, off, filesz) || paddr > AVR_ELF_FLASH_MAX ||
		    filesz > AVR_ELF_FLASH_MAX - paddr)
			return fail(err, errlen, "%s: program does not fit the 32 KiB flash", path);
		memcpy(e->flash + paddr, h + off, filesz);
		if (paddr + filesz > e->flash_len)
			e->flash_len = paddr + filesz;
	}
	e->flash_len = (e->flash_len + 1) & ~1u;
	if (!e->flash_len)
		return fail(err, errlen, "%s: no code", path);
	return 0;
}

int avr_elf_load(struct avr_elf *e, const char *path, char *err, size_t errlen)
{
	const uint8_t *h;

	memset(e, 0, sizeof(*e));
	memset(e->flash, 0xff, sizeof(e->flash));
	if (read_file(e, path, err, errlen))
		return -1;
	h = e->file;
	if (memcmp(h, "\177ELF", 4) || h[4] != 1 || h[5] != 1)
		return fail(err, errlen, "%s: not a 32-bit little-endian ELF file", path);
	if (le16(h + 18) != EM_AVR_)
		return fail(err, errlen, "%s: e_machine %u is not EM_AVR (83)", path,
			    le16(h + 18));
	if ((le32(h + 36) & EF_AVR_MACH) != E_AVR_MACH_AVR5)
		return fail(err, errlen, "%s: AVR architecture %u is not avr5 (ATmega328P)",
			    path, le32(h + 36) & EF_AVR_MACH);
	if (load_sections(e, err, errlen) || load_segments(e, path, err, errlen))
		return -1;
	return 0;
}

void avr_elf_free(struct avr_elf *e)
{
	free(e->file);
	e->file = NULL;
}

int avr_elf_symbol(const struct avr_elf *e, const char *name, uint32_t *addr,
		   uint32_t *size, int *is_data)
{
	uint32_t i, n = strlen(name);

	for (i = 0; i < e->symtab_num; i++) {
		const uint8_t *s = e->file + e->symtab_off + 16 * i;
		uint32_t nm = le32(s), value = le32(s + 4);

		if (nm + n + 1 > e->strtab_len ||
		    memcmp(e->file + e->strtab_off + nm, name, n + 1))
			continue;
		*size = le32(s + 8);
		*is_data = value >= AVR_DATA_BASE && value < AVR_DATA_BASE + 0x10000;
		*addr = *is_data ? value - AVR_DATA_BASE : value;
		return 0;
	}
	return -1;
}
