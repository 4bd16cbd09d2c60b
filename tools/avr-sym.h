/* SPDX-License-Identifier: GPL-2.0-only */
/* avr-sym.h - a symbol, and a string, as JSON, shared by avr-run and sriot (avr-sym.c) */
#ifndef SEG6X_AVR_SYM_H
#define SEG6X_AVR_SYM_H

#include <stdint.h>

/* a JSON string on stdout, quotes and control characters escaped */
void avr_json_str(const char *s);

/*
 * Print {"name","space","addr","size","value","bytes"} for @size bytes at
 * @p (@is_data: @addr is a data address, else a flash byte address), or
 * {"name","error"} when @p is NULL. No newline.
 */
void avr_sym_json(const char *name, int is_data, uint32_t addr, uint32_t size,
		  const uint8_t *p, const char *error);

#endif /* SEG6X_AVR_SYM_H */
