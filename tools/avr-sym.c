// SPDX-License-Identifier: GPL-2.0-only
/*
 * avr-sym.c - one symbol's value as JSON, the same object in `avr-run --json`
 * and `sriot run|ref --json` (docs/json.md, rule 5):
 *
 *   {"name":"average","space":"data","addr":256,"size":1,"value":23,"bytes":"17"}
 *
 * space "data" (addr a data-space address) or "flash" (a flash byte address);
 * value the little-endian number when size is 1-6 bytes (exact in any JSON
 * reader's double), else null; bytes always, lower-case hex. A symbol that
 * cannot be shown is {"name":...,"error":"..."}.
 */
#include <stdio.h>
#include "avr-sym.h"

void avr_json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

void avr_sym_json(const char *name, int is_data, uint32_t addr, uint32_t size,
		  const uint8_t *p, const char *error)
{
	uint64_t v = 0;
	uint32_t i;

	printf("{\"name\":");
	avr_json_str(name);
	if (!p) {
		printf(",\"error\":");
		avr_json_str(error ? error : "no value");
		printf("}");
		return;
	}
	printf(",\"space\":\"%s\",\"addr\":%u,\"size\":%u,\"value\":", is_data ? "data" : "flash",
	       addr, size);
	for (i = size; i-- > 0;)
		v = v << 8 | p[i];
	if (size && size <= 6)
		printf("%llu", (unsigned long long)v);
	else
		printf("null");
	printf(",\"bytes\":\"");
	for (i = 0; i < size; i++)
		printf("%02x", p[i]);
	printf("\"}");
}
