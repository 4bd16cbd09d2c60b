// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot_fuzz.c - libFuzzer target for the SR-IoT codec: any bytes through
 * sriot_parse(); whatever it accepts must be safe to walk with
 * sriot_port_node(), sriot_node_sid(), sriot_node_index() and
 * sriot_check_code(), and must stay inside the buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sriot_view v;
	uint8_t *buf, sid[16];
	unsigned int i;

	/* an exact-size heap copy, so ASan sees any read past the end */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (sriot_parse(buf, size, &v) == SRIOT_WIRE_OK) {
		const struct sriot_hdr *h = v.hdr;

		if ((uint8_t *)v.sram + sriot_get16(&h->sram_size) != buf + size)
			abort();
		for (i = 0; i < 256; i++) {
			int node = sriot_port_node(&v, i);

			if (node >= h->n_nodes)
				abort();
		}
		for (i = 0; i < h->n_nodes; i++) {
			sriot_node_sid(&v, i, sid);
			if (sriot_node_index(&v, sid) < 0 ||
			    (unsigned int)sriot_node_index(&v, sid) > i)
				abort();
		}
		sriot_check_code(&v, size & 0xff);
		sriot_status_name(h->status);
		if (h->log_len > h->log_cap)
			abort();
	}
	sriot_wire_err_name(size & 0xf);
	free(buf);
	return 0;
}
