// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-task.c - the .task file (layout in docs/sriot-format.md) and
 * ports.conf
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sriot.h"

int sriot_task_write(const char *path, const uint8_t *srh, size_t srh_len,
		     const uint8_t *payload, size_t payload_len,
		     const uint8_t *kinds, unsigned int n_ports,
		     const struct sriot_sym *syms, unsigned int n_syms)
{
	uint8_t hdr[SRIOT_TASK_HDR] = { 0 }, rec[SRIOT_TASK_SYM];
	uint32_t strtab = 0;
	unsigned int i;
	FILE *f;

	for (i = 0; i < n_syms; i++)
		strtab += strlen(syms[i].name) + 1;
	memcpy(hdr, SRIOT_TASK_MAGIC, 8);
	sriot_put16(hdr + 8, SRIOT_TASK_VERSION);
	sriot_put16(hdr + 10, srh_len);
	sriot_put16(hdr + 12, payload_len);
	sriot_put16(hdr + 14, n_ports);
	sriot_put16(hdr + 16, n_syms);
	sriot_put32(hdr + 20, strtab);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fwrite(hdr, 1, sizeof(hdr), f);
	fwrite(srh, 1, srh_len, f);
	fwrite(payload, 1, payload_len, f);
	fwrite(kinds, 1, n_ports, f);
	for (i = 0, strtab = 0; i < n_syms; i++) {
		sriot_put32(rec, strtab);
		sriot_put32(rec + 4, syms[i].value);
		sriot_put16(rec + 8, syms[i].size);
		rec[10] = syms[i].is_data;
		rec[11] = 0;
		fwrite(rec, 1, sizeof(rec), f);
		strtab += strlen(syms[i].name) + 1;
	}
	for (i = 0; i < n_syms; i++)
		fwrite(syms[i].name, 1, strlen(syms[i].name) + 1, f);
	return fclose(f) ? -1 : 0;
}

static int task_bad(const char *path, const char *why)
{
	sriot_err("%s: %s", path, why);
	return -1;
}

int sriot_task_read(const char *path, struct sriot_task *t)
{
	size_t n, off, strtab, need;
	unsigned int n_ports, i;
	enum sriot_wire_err err;
	uint8_t *p;
	long len;
	FILE *f;

	memset(t, 0, sizeof(*t));
	f = fopen(path, "rb");
	if (!f) {
		sriot_err("task file %s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < SRIOT_TASK_HDR ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return task_bad(path, "not a task file (too short)");
	}
	p = t->file = malloc(len + 1);
	n = p ? fread(p, 1, len, f) : 0;
	fclose(f);
	if (n != (size_t)len)
		return task_bad(path, "read error");
	p[len] = 0;
	if (memcmp(p, SRIOT_TASK_MAGIC, 8))
		return task_bad(path, "not a task file (bad magic)");
	if (sriot_get16(p + 8) != SRIOT_TASK_VERSION)
		return task_bad(path, "unsupported task file version");
	t->srh_len = sriot_get16(p + 10);
	t->payload_len = sriot_get16(p + 12);
	n_ports = sriot_get16(p + 14);
	t->n_syms = sriot_get16(p + 16);
	strtab = sriot_get32(p + 20);
	need = SRIOT_TASK_HDR + t->srh_len + t->payload_len + n_ports +
	       (size_t)t->n_syms * SRIOT_TASK_SYM + strtab;
	if (need != (size_t)len || t->srh_len < 8 + 3 * 16)
		return task_bad(path, "truncated or inconsistent task file");
	off = SRIOT_TASK_HDR;
	t->srh = p + off;
	off += t->srh_len;
	t->payload = p + off;
	off += t->payload_len;
	t->kinds = p + off;
	off += n_ports;
	if (t->srh[2] != 4 || (t->srh[1] + 1u) * 8 != t->srh_len ||
	    sriot_srh_segs(t->srh) * 16 + 8 != t->srh_len)
		return task_bad(path, "bad SRH");
	err = sriot_parse(t->payload, t->payload_len, &t->v);
	if (err == SRIOT_WIRE_OK)
		err = sriot_check_code(&t->v, sriot_srh_segs(t->srh) - SRIOT_SEG_CODE);
	if (err != SRIOT_WIRE_OK) {
		sriot_err("%s: bad payload: %s", path, sriot_wire_err_name(err));
		return -1;
	}
	if (n_ports != t->v.hdr->n_ports)
		return task_bad(path, "port kinds do not match the port map");
	t->syms = calloc(t->n_syms + 1, sizeof(*t->syms));
	if (!t->syms)
		return task_bad(path, "out of memory");
	for (i = 0; i < t->n_syms; i++) {
		const uint8_t *r = p + off + i * SRIOT_TASK_SYM;
		uint32_t name = sriot_get32(r);

		if (name >= strtab)
			return task_bad(path, "bad symbol name");
		t->syms[i].name = (const char *)p + off + t->n_syms * SRIOT_TASK_SYM + name;
		t->syms[i].value = sriot_get32(r + 4);
		t->syms[i].size = sriot_get16(r + 8);
		t->syms[i].is_data = r[10];
	}
	if (strtab && p[len - 1])
		return task_bad(path, "bad string table");
	return 0;
}

void sriot_task_free(struct sriot_task *t)
{
	free(t->syms);
	free(t->file);
	memset(t, 0, sizeof(*t));
}

const struct sriot_sym *sriot_task_sym(const struct sriot_task *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->n_syms; i++)
		if (!strcmp(t->syms[i].name, name))
			return &t->syms[i];
	return NULL;
}

static const char *const sriot_kind_names[] = {
	[SRIOT_KIND_ANY]	= "any",
	[SRIOT_KIND_SENSOR]	= "sensor",
	[SRIOT_KIND_ACTUATOR]	= "actuator",
};

const char *sriot_kind_name(unsigned int kind)
{
	return kind <= SRIOT_KIND_ACTUATOR ? sriot_kind_names[kind] : "?";
}

/*
 * One line: PORT SID [sensor|actuator]; '#' starts a comment. On a mistake,
 * @why says which field and value are wrong and 1 is returned.
 */
static int ports_line(char *s, struct sriot_portconf *pc, char *why, size_t len)
{
	char *port, *sid, *kind, *extra, *end;
	unsigned long v;

	port = strtok(s, " \t\r\n");
	sid = strtok(NULL, " \t\r\n");
	kind = strtok(NULL, " \t\r\n");
	extra = strtok(NULL, " \t\r\n");
	v = strtoul(port, &end, 16);
	if (strncmp(port, "0x", 2) || !port[2] || *end || v > 0xff) {
		snprintf(why, len, "port '%s': not a port (hex, 0x20-0xff)", port);
		return 1;
	}
	if (v < SRIOT_PORT_MIN) {
		snprintf(why, len, "port '%s': below 0x20 (0x00-0x1f are the registers r0-r31)",
			 port);
		return 1;
	}
	if (v >= 0x5d && v <= 0x5f) {
		snprintf(why, len, "port '%s': 0x5d-0x5f are SPL, SPH and SREG, not ports", port);
		return 1;
	}
	pc->port = v;
	if (!sid) {
		snprintf(why, len, "port %s: the SID of the node that owns it is missing", port);
		return 1;
	}
	if (inet_pton(AF_INET6, sid, pc->sid) != 1) {
		snprintf(why, len, "SID '%s': not an IPv6 address", sid);
		return 1;
	}
	if (!kind) {
		pc->kind = SRIOT_KIND_ANY;
	} else if (!strcmp(kind, "sensor")) {
		pc->kind = SRIOT_KIND_SENSOR;
	} else if (!strcmp(kind, "actuator")) {
		pc->kind = SRIOT_KIND_ACTUATOR;
	} else {
		snprintf(why, len, "kind '%s': must be sensor or actuator (or nothing)", kind);
		return 1;
	}
	if (extra) {
		snprintf(why, len, "extra field '%s': a line is PORT SID [sensor|actuator]", extra);
		return 1;
	}
	return 0;
}

int sriot_ports_read(const char *path, struct sriot_portconf *pc, unsigned int max)
{
	char line[512], why[256], *hash;
	unsigned int n = 0, lineno = 0, i;
	FILE *f = fopen(path, "r");

	if (!f) {
		sriot_err("ports file %s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = line;

		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			continue;
		if (n == max)
			snprintf(why, sizeof(why), "more than %u ports", max);
		if (n == max || ports_line(s, &pc[n], why, sizeof(why))) {
			sriot_err("%s:%u: %s", path, lineno, why);
			fclose(f);
			return -1;
		}
		for (i = 0; i < n; i++)
			if (pc[i].port == pc[n].port) {
				sriot_err("%s:%u: port 0x%02x: listed twice", path, lineno,
					  pc[n].port);
				fclose(f);
				return -1;
			}
		n++;
	}
	fclose(f);
	return n;
}
