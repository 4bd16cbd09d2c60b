// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot - the SR-IoT toolchain: build a task from C, dump its packet, run it
 * in the network (action avr-exec) or on simavr. See docs/sriot-format.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sriot.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
} sriot_cmds[] = {
	{ "build", sriot_cmd_build,
	  "build FILE.c|.S... --ports PORTS.conf -o OUT.task [-O s|2|0] [--sram N] [--log N]\n"
	  "             [--step-limit N] [--hop-limit N] [--start SID] [--nocrt] [--elf OUT.elf]" },
	{ "dump", sriot_cmd_dump, "dump TASK [--json] [--pcap FILE] [--src ADDR]" },
	{ "run", sriot_cmd_run,
	  "run TASK [--timeout 2s] [--retries 3] [--task-id N] [--sym NAME]... [--json]" },
	{ "ref", sriot_cmd_ref,
	  "ref TASK [--port-values PORT=V,...] [--task-id N] [--sym NAME]... [--json]\n"
	  "             [--pcap FILE]" },
};

void sriot_die(const char *fmt, ...)
{
	va_list ap;

	fputs("sriot: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

unsigned long sriot_num(const char *s, unsigned long max, const char *what)
{
	unsigned long v;
	char *end;

	v = strtoul(s, &end, 0);
	if (!*s || *end || v > max)
		sriot_die("bad %s '%s' (0-%lu)", what, s, max);
	return v;
}

/* --json and --sym NAME, common to run and ref; returns 1 if it took argv[*i] */
int sriot_parse_outopt(struct sriot_outopts *o, int *i, int argc, char **argv)
{
	if (!strcmp(argv[*i], "--json")) {
		o->json = 1;
		return 1;
	}
	if (!strcmp(argv[*i], "--sym")) {
		if (++*i >= argc)
			sriot_die("--sym needs a symbol name");
		o->syms = realloc(o->syms, (o->n_syms + 1) * sizeof(*o->syms));
		if (!o->syms)
			sriot_die("out of memory");
		o->syms[o->n_syms++] = argv[*i];
		return 1;
	}
	return 0;
}

static int usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage:\n");
	for (i = 0; i < sizeof(sriot_cmds) / sizeof(sriot_cmds[0]); i++)
		fprintf(f, "  sriot %s\n", sriot_cmds[i].usage);
	return f == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return usage(stdout);
	for (i = 0; i < sizeof(sriot_cmds) / sizeof(sriot_cmds[0]); i++)
		if (!strcmp(argv[1], sriot_cmds[i].name))
			return sriot_cmds[i].fn(argc - 2, argv + 2);
	fprintf(stderr, "sriot: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
