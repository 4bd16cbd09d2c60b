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
	const char *help;
} sriot_cmds[] = {
	{ "build", sriot_cmd_build,
	  "build FILE.c|.S... --ports PORTS.conf -o OUT.task [-O s|2|0] [--sram N] [--log N]\n"
	  "             [--step-limit N] [--hop-limit N] [--start SID] [--nocrt] [--elf OUT.elf]",
	  "Compile with avr-gcc and lay out the packet; warns about ports the code uses\n"
	  "that the ports file misses and about writes to sensors." },
	{ "dump", sriot_cmd_dump, "dump TASK [--json] [--pcap FILE] [--src ADDR]",
	  "Print the packet: layout, sizes, nodes, port map, port accesses, bytes." },
	{ "run", sriot_cmd_run,
	  "run TASK [--timeout 2s] [--retries 3] [--task-id N] [--sym NAME]... [--json]",
	  "Send the task to its start node and print the returned state.\n"
	  "Exit 0 break/sleep, 1 another status, 2 no answer or a usage error." },
	{ "ref", sriot_cmd_ref,
	  "ref TASK [--port-values PORT=V,...] [--task-id N] [--sym NAME]... [--json]\n"
	  "             [--pcap FILE]",
	  "Run the task on simavr as the network would. PORT is hex (0x26), a port of\n"
	  "the task, each once; VALUE 0-255. Exit 0 break/sleep, 1 another status." },
	{ "check", sriot_cmd_check, "check [TASK] [--json]",
	  "On a node (its network namespace): what it lacks and the command that fixes it:\n"
	  "the seg6x module, IPv6 forwarding, and for TASK each SID (avr-exec here, routed,\n"
	  "or nowhere) and the ports the map gives this node. Exit 0 all there, 1 not." },
};

/* --json was given: errors are also reported as one JSON object on stdout */
int sriot_json_errors;
/* a JSON result is on stdout already */
int sriot_json_printed;
static char sriot_last_err[512];

static void err_v(const char *fmt, va_list ap)
{
	vsnprintf(sriot_last_err, sizeof(sriot_last_err), fmt, ap);
	fprintf(stderr, "sriot: %s\n", sriot_last_err);
}

void sriot_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_v(fmt, ap);
	va_end(ap);
}

/* {"status":"error","error":MESSAGE} once, if --json and nothing else printed */
static void json_error(void)
{
	if (!sriot_json_errors || sriot_json_printed)
		return;
	printf("{\"status\":\"error\",\"error\":");
	avr_json_str(sriot_last_err[0] ? sriot_last_err : "failed");
	printf("}\n");
	fflush(stdout);
	sriot_json_printed = 1;
}

void sriot_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_v(fmt, ap);
	va_end(ap);
	json_error();
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
	fprintf(f, "  sriot COMMAND --help\nman sriot(1) has the details.\n");
	return f == stdout ? 0 : 2;
}

static int cmd_usage(size_t i)
{
	printf("usage: sriot %s\n%s\nman sriot(1) has the details.\n", sriot_cmds[i].usage,
	       sriot_cmds[i].help);
	return 0;
}

static int has_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	size_t i, n = sizeof(sriot_cmds) / sizeof(sriot_cmds[0]);
	int a, rc;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		for (i = 0; argc > 2 && i < n; i++)
			if (!strcmp(argv[2], sriot_cmds[i].name))
				return cmd_usage(i);
		return usage(stdout);
	}
	for (i = 0; i < n; i++) {
		if (strcmp(argv[1], sriot_cmds[i].name))
			continue;
		if (has_help(argc - 2, argv + 2))
			return cmd_usage(i);
		for (a = 2; a < argc; a++)
			if (!strcmp(argv[a], "--json"))
				sriot_json_errors = 1;
		rc = sriot_cmds[i].fn(argc - 2, argv + 2);
		if (rc)
			json_error();
		return rc;
	}
	fprintf(stderr, "sriot: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
