// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-build.c - `sriot build`: C (or assembler) sources and ports.conf in,
 * a .task file out. avr-gcc compiles and links with the two-word start code
 * of tools/sriot-crt0.S; the flash image (.text only) becomes the code
 * segments, .data's initial bytes go straight into the packet's SRAM window.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "avr.h"
#include "avr-elf.h"
#include "build.h"
#include "sriot.h"
#include "sriot-crt0.h"		/* generated: sriot_crt0[], from tools/sriot-crt0.S */

#define MAX_PORTS	224
#define MAX_SRCS	64
#define AVR_DATA	0x800000u
#define PKT_MAX		1500
#define IP6_UDP		(40 + 8)

extern char **environ;

struct build_opts {
	const char *srcs[MAX_SRCS];
	unsigned int n_srcs;
	const char *ports, *out, *elf, *start;
	char opt;
	long sram;
	unsigned int log_cap, step_limit, hop_limit;
	int nocrt;
};

static int spawn_wait(char **argv)
{
	int st;
	pid_t pid;

	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ))
		sriot_die("cannot run %s: %s", argv[0], strerror(errno));
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void push_common(const struct build_opts *o, char **argv, unsigned int *n, char *optflag)
{
	snprintf(optflag, 4, "-O%c", o->opt);
	argv[(*n)++] = getenv("AVR_GCC") ? getenv("AVR_GCC") : "avr-gcc";
	argv[(*n)++] = "-mmcu=atmega328p";
	argv[(*n)++] = optflag;
	argv[(*n)++] = "-mrelax";
}

/*
 * Each source to @dir/sN.o with -fstack-usage (gcc writes @dir/sN.su, the
 * frame of each function), then one link with sriot's crt0.
 */
static void compile(const struct build_opts *o, const char *dir, const char *elf)
{
	char crt[4096], optflag[4], objs[MAX_SRCS][4096], *argv[MAX_SRCS + 24];
	const char *cc = getenv("AVR_GCC") ? getenv("AVR_GCC") : "avr-gcc";
	unsigned int n, i;
	FILE *f;

	for (i = 0; i < o->n_srcs; i++) {
		n = 0;
		push_common(o, argv, &n, optflag);
		argv[n++] = "-Wall";
		argv[n++] = "-ffunction-sections";
		argv[n++] = "-fdata-sections";
		argv[n++] = "-fstack-usage";
		argv[n++] = "-c";
		argv[n++] = (char *)o->srcs[i];
		argv[n++] = "-o";
		snprintf(objs[i], sizeof(objs[i]), "%s/s%u.o", dir, i);
		argv[n++] = objs[i];
		argv[n] = NULL;
		if (spawn_wait(argv))
			sriot_die("%s failed", cc);
	}
	n = 0;
	push_common(o, argv, &n, optflag);
	argv[n++] = "-nostartfiles";
	if (!o->nocrt) {
		/* .vectors (the crt) is kept; everything main does not reach goes */
		argv[n++] = "-Wl,--gc-sections";
		snprintf(crt, sizeof(crt), "%s/sriot-crt0.S", dir);
		f = fopen(crt, "wb");
		if (!f || fwrite(sriot_crt0, 1, sriot_crt0_len, f) != sriot_crt0_len ||
		    fclose(f))
			sriot_die("%s: cannot write", crt);
		argv[n++] = crt;
	} else {
		argv[n++] = "-nostdlib";
	}
	for (i = 0; i < o->n_srcs; i++)
		argv[n++] = objs[i];
	if (!o->nocrt)
		argv[n++] = "-lgcc";
	argv[n++] = "-o";
	argv[n++] = (char *)elf;
	argv[n] = NULL;
	if (spawn_wait(argv))
		sriot_die("%s failed", cc);
}

/* The build folder and what compile() left in it */
static void cleanup(const char *dir)
{
	struct dirent *de;
	char path[4096];
	DIR *d = opendir(dir);

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

/*
 * The SRAM window: --sram as given (a warning if the stack figure says it is
 * too small), else .data+.bss plus the worst-case stack, rounded up to 16.
 * Recursion, indirect calls, variable frames: refused, asking for --sram.
 */
static uint32_t sram_window(const struct build_opts *o, const struct avr_elf *e,
			    uint32_t words, const char *dir, uint32_t used, char *note,
			    size_t note_len)
{
	char path[1024], why[1024];
	long need = sriot_stack_need(e, e->flash, words, dir, path, sizeof(path), why,
				     sizeof(why));
	uint32_t size;

	if (o->sram >= 0) {
		size = o->sram;
		if (need >= 0 && size < used + need)
			fprintf(stderr, "sriot: warning: --sram %u: .data+.bss need %u bytes and the "
				"deepest call path %ld bytes of stack (%s): the process may stop "
				"with bad-stack\n", size, used, need, path);
		snprintf(note, note_len, "--sram");
		return size;
	}
	if (need < 0) {
		cleanup(dir);
		sriot_die("build: %s, so the stack it needs cannot be known from the code. "
			  "Give the SRAM window with --sram N: .data+.bss need %u bytes, the "
			  "stack the rest (try the deepest call you expect; sriot ref shows "
			  "bad-stack if it is too small); at most %u", why, used,
			  AVR_M328P_SRAM_SIZE);
	}
	size = (used + (need < 2 ? 2 : need) + 15) & ~15u;
	snprintf(note, note_len, "data %u + stack %ld: %s", used, need, path);
	return size;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Program headers: code is what loads below the data space (.text; .data's
 * load image is dropped), data is what loads at 0x800000.. (.data, .bss).
 */
static void elf_layout(const struct avr_elf *e, uint32_t *code_len,
		       uint8_t *sram, uint32_t sram_cap, uint32_t *data_end)
{
	const uint8_t *h = e->file;
	uint32_t phoff = le32(h + 28), phentsize = h[42] | h[43] << 8;
	uint32_t phnum = h[44] | h[45] << 8, i;

	*code_len = 0;
	*data_end = AVR_M328P_SRAM_BASE;
	for (i = 0; i < phnum; i++) {
		const uint8_t *p = h + phoff + i * phentsize;
		uint32_t off = le32(p + 4), vaddr = le32(p + 8), paddr = le32(p + 12);
		uint32_t filesz = le32(p + 16), memsz = le32(p + 20);

		if (le32(p) != 1 || !memsz)
			continue;
		if (vaddr < AVR_DATA) {
			if (paddr + filesz > *code_len)
				*code_len = paddr + filesz;
			continue;
		}
		if (vaddr >= AVR_DATA + 0x10000)
			continue;	/* eeprom, fuses: not carried */
		vaddr -= AVR_DATA;
		if (vaddr < AVR_M328P_SRAM_BASE || vaddr + memsz > AVR_M328P_SRAM_BASE + sram_cap ||
		    off + filesz > e->file_len)
			sriot_die("data at 0x%x+%u does not fit the SRAM window", vaddr, memsz);
		memcpy(sram + vaddr - AVR_M328P_SRAM_BASE, h + off, filesz);
		if (vaddr + memsz > *data_end)
			*data_end = vaddr + memsz;
	}
	*code_len = (*code_len + 1) & ~1u;
	if (!*code_len)
		sriot_die("the program has no code");
}

/* Every named object and function, for --sym and dump */
static unsigned int elf_syms(const struct avr_elf *e, struct sriot_sym **out)
{
	struct sriot_sym *s = calloc(e->symtab_num + 1, sizeof(*s));
	unsigned int i, n = 0;

	if (!s)
		sriot_die("out of memory");
	for (i = 0; i < e->symtab_num; i++) {
		const uint8_t *r = e->file + e->symtab_off + 16 * i;
		uint32_t name = le32(r), value = le32(r + 4), size = le32(r + 8);
		unsigned int type = r[12] & 0xf;

		if ((type != 1 && type != 2) || !name || name >= e->strtab_len || size > 0xffff)
			continue;
		s[n].name = (const char *)e->file + e->strtab_off + name;
		s[n].is_data = value >= AVR_DATA && value < AVR_DATA + 0x10000;
		s[n].value = s[n].is_data ? value - AVR_DATA : value;
		s[n].size = size;
		n++;
	}
	*out = s;
	return n;
}

/* Nodes: --start first, then SIDs in ports.conf order, each once */
static unsigned int make_nodes(const struct build_opts *o, const struct sriot_portconf *pc,
			       unsigned int n_ports, uint8_t (*sids)[16],
			       struct sriot_port *map)
{
	unsigned int n = 0, i, j;

	if (o->start && inet_pton(AF_INET6, o->start, sids[n++]) != 1)
		sriot_die("bad --start SID '%s'", o->start);
	for (i = 0; i < n_ports; i++) {
		for (j = 0; j < n && memcmp(sids[j], pc[i].sid, 16); j++)
			;
		if (j == n)
			memcpy(sids[n++], pc[i].sid, 16);
		map[i].port = pc[i].port;
		map[i].node = j;
	}
	if (!n)
		sriot_die("no nodes: list ports in %s or give --start", o->ports);
	return n;
}

/*
 * What `sriot dump` shows as NOT IN THE PORT MAP, said at build time: each
 * instruction with a constant port address that is missing from the ports
 * file (the process would stop with unknown-port) or that writes a sensor
 * (io-fault). Accesses through pointers are not seen. Returns the count.
 */
static unsigned int port_warnings(const char *ports, const uint8_t *code, unsigned int words,
				  const uint8_t *payload, size_t plen, const uint8_t *kinds)
{
	static uint8_t copy[65536];
	struct sriot_access a;
	struct sriot_view v;
	unsigned int pc, n = 0;
	int k;

	memcpy(copy, payload, plen);
	if (sriot_parse(copy, plen, &v) != SRIOT_WIRE_OK)
		return 0;
	for (pc = 0; pc < words; pc += sriot_scan_insn(code, words, pc, &a)) {
		sriot_scan_insn(code, words, pc, &a);
		if (!a.addr)
			continue;
		k = sriot_port_index(&v, a.addr);
		if (k < 0) {
			fprintf(stderr, "sriot: warning: pc 0x%04x %s: port 0x%02x is not in %s "
				"(the process would stop with unknown-port)\n", pc, a.text, a.addr,
				ports);
			n++;
		} else if (strchr(a.rw, 'w') && kinds[k] == SRIOT_KIND_SENSOR) {
			fprintf(stderr, "sriot: warning: pc 0x%04x %s: writes port 0x%02x, a sensor "
				"in %s (the process would stop with io-fault)\n", pc, a.text, a.addr,
				ports);
			n++;
		}
	}
	return n;
}

/* Code words that fit one SRH: its segment limit, and the packet limit */
static unsigned int max_code_words(size_t plen)
{
	unsigned int by_srh = (SRIOT_SEG_MAX - SRIOT_SEG_CODE) * SRIOT_WORDS_PER_SEG;
	long room = (long)PKT_MAX - IP6_UDP - (long)plen - 8 - 16 * SRIOT_SEG_CODE;

	if (room < 16)
		return 0;
	room = room / 16 * SRIOT_WORDS_PER_SEG;
	return room < by_srh ? room : by_srh;
}

/*
 * One statement of the size limit: the whole packet must fit 1500 bytes.
 * The code travels in the SRH (8 words per 16-byte segment), so how much
 * code fits depends on what the payload needs for SRAM, log and tables.
 */
static void fit_check(struct sriot_build *b, uint8_t *buf, size_t cap, unsigned int log_cap)
{
	unsigned int words = b->code_words, max;
	size_t plen;

	b->code_words = 1;
	plen = sriot_build_payload(b, buf, cap);
	b->code_words = words;
	if (!plen)
		sriot_die("cannot lay out the payload (SRAM %u, log %u, %u nodes)",
			  b->sram_size, log_cap, b->n_nodes);
	max = max_code_words(plen);
	if (words <= max)
		return;
	sriot_die("the program is %u code words (%u bytes); with this SRAM window (%u bytes), "
		  "log (%u entries) and node table the packet holds at most %u code words: "
		  "a task's packet must fit %u bytes (IPv6 MTU; code travels in the SRH, %u words "
		  "per segment). Make the code smaller (-Os, fewer library calls), or shrink "
		  "--sram or --log", words, 2 * words, b->sram_size, log_cap, max, PKT_MAX,
		  SRIOT_WORDS_PER_SEG);
}

static void parse_args(struct build_opts *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->opt = 's';
	o->sram = -1;
	o->log_cap = 8;
	o->step_limit = 100000;
	o->hop_limit = 64;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v;

		if (a[0] != '-') {
			if (o->n_srcs == MAX_SRCS)
				sriot_die("too many sources");
			o->srcs[o->n_srcs++] = a;
			continue;
		}
		if (!strcmp(a, "--nocrt")) {
			o->nocrt = 1;
			continue;
		}
		if (!strncmp(a, "-O", 2) && a[2]) {	/* -Os */
			v = a + 2;
		} else {
			if (i + 1 >= argc)
				sriot_die("build: %s needs a value (sriot build --help)", a);
			v = argv[++i];
		}
		if (!strncmp(a, "-O", 2)) {
			if (strlen(v) != 1 || !strchr("s20", v[0]))
				sriot_die("-O takes s, 2 or 0");
			o->opt = v[0];
		} else if (!strcmp(a, "--ports")) {
			o->ports = v;
		} else if (!strcmp(a, "-o")) {
			o->out = v;
		} else if (!strcmp(a, "--elf")) {
			o->elf = v;
		} else if (!strcmp(a, "--start")) {
			o->start = v;
		} else if (!strcmp(a, "--sram")) {
			o->sram = sriot_num(v, AVR_M328P_SRAM_SIZE, "--sram");
		} else if (!strcmp(a, "--log")) {
			o->log_cap = sriot_num(v, 255, "--log");
		} else if (!strcmp(a, "--step-limit")) {
			o->step_limit = sriot_num(v, 0xffffffffUL, "--step-limit");
		} else if (!strcmp(a, "--hop-limit")) {
			o->hop_limit = sriot_num(v, 255, "--hop-limit");
		} else {
			sriot_die("build: unknown option '%s' (sriot build --help)", a);
		}
	}
	if (!o->n_srcs || !o->ports || !o->out)
		sriot_die("build needs sources, --ports FILE and -o FILE (sriot build --help)");
}

int sriot_cmd_build(int argc, char **argv)
{
	static uint8_t sram[AVR_M328P_SRAM_SIZE], payload[65536], srh[2048];
	struct sriot_portconf pc[MAX_PORTS];
	struct sriot_port map[MAX_PORTS];
	uint8_t sids[MAX_PORTS + 1][16], kinds[MAX_PORTS], zero[16] = { 0 };
	char dir[] = "/tmp/sriot-build.XXXXXX", elf[4096], err[256], note[1200];
	uint32_t code_len, data_end, used, size;
	struct sriot_build b = { 0 };
	struct build_opts o;
	struct sriot_sym *syms;
	unsigned int n_syms, i;
	size_t plen, slen;
	struct avr_elf *e;
	int n_ports;

	parse_args(&o, argc, argv);
	n_ports = sriot_ports_read(o.ports, pc, MAX_PORTS);
	if (n_ports < 0)
		return 2;
	if (!mkdtemp(dir))
		sriot_die("mkdtemp: %s", strerror(errno));
	snprintf(elf, sizeof(elf), "%s", o.elf ? o.elf : dir);
	if (!o.elf)
		strncat(elf, "/task.elf", sizeof(elf) - strlen(elf) - 1);
	compile(&o, dir, elf);
	e = malloc(sizeof(*e));
	if (!e || avr_elf_load(e, elf, err, sizeof(err)))
		sriot_die("%s", e ? err : "out of memory");

	elf_layout(e, &code_len, sram, sizeof(sram), &data_end);
	used = data_end - AVR_M328P_SRAM_BASE;
	size = sram_window(&o, e, code_len / 2, dir, used, note, sizeof(note));
	cleanup(dir);
	if (size < used + 2 || size > AVR_M328P_SRAM_SIZE)
		sriot_die("--sram %u: .data+.bss need %u bytes plus the stack (at most %u)",
			  size, used, AVR_M328P_SRAM_SIZE);
	n_syms = elf_syms(e, &syms);

	b.n_nodes = make_nodes(&o, pc, n_ports, sids, map);
	b.sids = (const uint8_t (*)[16])sids;
	b.ports = map;
	b.n_ports = n_ports;
	b.code_words = code_len / 2;
	b.log_cap = o.log_cap;
	b.sram_base = AVR_M328P_SRAM_BASE;
	b.sram_size = size;
	b.sram = sram;
	b.step_limit = o.step_limit;
	b.hop_limit = o.hop_limit;
	if (b.n_nodes >= SRIOT_NODE_NONE)
		sriot_die("too many nodes (%u, at most 254)", b.n_nodes);
	fit_check(&b, payload, sizeof(payload), o.log_cap);
	plen = sriot_build_payload(&b, payload, sizeof(payload));
	slen = sriot_build_srh(srh, sizeof(srh), zero, sids[0], e->flash, b.code_words);
	if (!plen || !slen)
		sriot_die("cannot lay out the packet");
	for (i = 0; i < (unsigned int)n_ports; i++)
		kinds[i] = pc[i].kind;
	port_warnings(o.ports, e->flash, b.code_words, payload, plen, kinds);
	if (sriot_task_write(o.out, srh, slen, payload, plen, kinds, n_ports, syms, n_syms))
		sriot_die("%s: cannot write", o.out);
	printf("%s: %u code words, %u nodes, %u ports, SRAM %u bytes, packet %zu bytes (SRAM: %s)\n",
	       o.out, b.code_words, b.n_nodes, n_ports, size, IP6_UDP + slen + plen, note);
	free(syms);
	avr_elf_free(e);
	free(e);
	return 0;
}
