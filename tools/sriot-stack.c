// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-stack.c - the worst-case stack of a task, for `sriot build` to size
 * the SRAM window: avr-gcc's -fstack-usage figures (one .su file per
 * source) summed along the deepest path of the call graph, which is read
 * from the linked code (avr-gcc 5 has no -fcallgraph-info).
 *
 * Pieces: the code is cut at address 0, at every function or global label
 * and at every CALL/RCALL target; each piece is named by a symbol at its
 * start. Pieces joined by a JMP/RJMP between them or by falling through
 * from one into the next are one function (libgcc's routines share code
 * that way; a tail call makes the caller and the callee one). A function's
 * frame is the largest .su figure among its pieces that gcc compiled (the
 * figure includes the return address and the saved registers; a tail call
 * releases the caller's frame first) or, for libgcc and assembler, 2 bytes
 * of return address plus one per PUSH, whichever is larger. Its worst case
 * is its frame plus the worst of the functions it calls. Code at address 0
 * (sriot's crt0: rcall main; break) is the root and has no return address.
 *
 * Refused, by name, because the depth cannot be known from the code:
 * recursion (a cycle of calls), an indirect call (ICALL, or IJMP outside
 * libgcc's switch dispatch __tablejump2__/__tablejump__, which jumps to a
 * case label of the function that jumped to it), a frame gcc calls
 * "dynamic" (alloca, VLA) and SP written by code no .su figure covers.
 * The caller then asks for --sram.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "avr.h"
#include "avr-elf.h"
#include "sriot.h"

#define MAX_PIECES	4096
#define AVR_DATA	0x800000u

struct piece {
	uint32_t start, end;		/* word addresses */
	const char *name;
	int su;				/* its .su figure, or -1 */
	unsigned int pushes;
	int sets_sp;			/* writes SPL/SPH */
	int fn;				/* union-find parent, then its function */
};

struct fn {
	const char *name;
	unsigned int frame, pushes;
	unsigned int inner;		/* libgcc helpers of its own it calls */
	int has_su, sets_sp;
	int state;			/* 0 new, 1 on the path, 2 done */
	unsigned int worst;		/* frame + the deepest callee's worst */
	int next;			/* the callee on the deepest path, or -1 */
};

struct graph {
	struct piece p[MAX_PIECES];
	struct fn f[MAX_PIECES];
	unsigned int n;
	const uint8_t *code;
	uint32_t words;
	char *why;
	size_t why_len;
	int path[MAX_PIECES], depth;
};

struct su {
	char name[128];
	unsigned int bytes;
	int dynamic;
};

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned int word(const struct graph *g, uint32_t pc)
{
	return pc < g->words ? (unsigned int)(g->code[2 * pc] | g->code[2 * pc + 1] << 8) : 0;
}

/* Word address a CALL/RCALL (*call = 1) or JMP/RJMP goes to, else ~0; *len its words */
static uint32_t transfer(const struct graph *g, uint32_t pc, int *call, unsigned int *len)
{
	unsigned int w = word(g, pc);

	*len = 1;
	*call = 0;
	if (w == 0xd000)	/* rcall .+0: gcc's way to take 2 bytes of stack, not a call */
		return ~0u;
	if ((w & 0xe000) == 0xc000) {			/* 110c kkkk kkkk kkkk */
		*call = w & 0x1000 ? 1 : 0;
		return (pc + 1 + (((int)(w & 0xfff) ^ 0x800) - 0x800)) & (AVR_M328P_FLASH_WORDS - 1);
	}
	if ((w & 0xfe0c) == 0x940c) {			/* 1001 010k kkkk 11ck */
		*len = 2;
		*call = w & 2 ? 1 : 0;
		return ((((w >> 3) & 0x3e) | (w & 1)) << 16 | word(g, pc + 1)) &
		       (AVR_M328P_FLASH_WORDS - 1);
	}
	if ((w & 0xfc0f) == 0x9000)			/* LDS/STS: two words */
		*len = 2;
	return ~0u;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int piece_of(const struct graph *g, uint32_t pc)
{
	unsigned int lo = 0, hi = g->n;

	while (hi - lo > 1) {
		unsigned int mid = (lo + hi) / 2;

		if (g->p[mid].start <= pc)
			lo = mid;
		else
			hi = mid;
	}
	return g->n && g->p[lo].start <= pc && pc < g->p[lo].end ? (int)lo : -1;
}

/* Is symbol @r a better name than @best: global over local, the user's over the linker's __x */
static int better(const struct avr_elf *e, const uint8_t *r, const char *best)
{
	const char *name = (const char *)e->file + e->strtab_off + le32(r);

	if (!(r[12] >> 4))
		return 0;
	return !strncmp(best, "__", 2) || strncmp(name, "__", 2);
}

/* The symbol naming flash word @pc: a function first, then any other */
static const char *name_at(const struct avr_elf *e, uint32_t pc)
{
	const char *best = NULL;
	uint32_t i;

	for (i = 0; i < e->symtab_num; i++) {
		const uint8_t *r = e->file + e->symtab_off + 16 * i;
		uint32_t name = le32(r), value = le32(r + 4);
		unsigned int type = r[12] & 0xf, shndx = r[14] | r[15] << 8;

		/* in a section (not undefined, not absolute like crt0's __do_copy_data = 0) */
		if (!name || name >= e->strtab_len || value != 2 * pc || type > 2 ||
		    !shndx || shndx >= 0xff00)
			continue;
		if (type == 2)
			return (const char *)e->file + e->strtab_off + name;
		if (best && !better(e, r, best))
			continue;
		best = (const char *)e->file + e->strtab_off + name;
	}
	return best;
}

/* gcc's .su files in @dir: "file:line:col:name<TAB>bytes<TAB>static|dynamic[,bounded]" */
static unsigned int read_su(const char *dir, struct su **out)
{
	struct su *s = NULL;
	unsigned int n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(dir);
	char path[4096], line[512];

	while (d && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		FILE *f;

		if (l < 4 || strcmp(de->d_name + l - 3, ".su"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f)) {
			char *tab = strchr(line, '\t'), *colon, *q;

			if (!tab)
				continue;
			*tab = 0;
			colon = strrchr(line, ':');
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				s = realloc(s, cap * sizeof(*s));
				if (!s)
					sriot_die("out of memory");
			}
			q = colon ? colon + 1 : line;
			if (strlen(q) >= sizeof(s[n].name))
				continue;	/* no symbol is that long; a longer one would not match */
			strcpy(s[n].name, q);
			s[n].bytes = strtoul(tab + 1, &q, 10);
			s[n].dynamic = strstr(q, "dynamic") && !strstr(q, "bounded");
			n++;
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	*out = s;
	return n;
}

/* gcc names a clone "f.constprop" in .su and "f.constprop.0" in the symbol table */
static const struct su *su_of(const struct su *s, unsigned int n, const char *name)
{
	const struct su *best = NULL;
	unsigned int i;
	size_t l;

	for (i = 0; i < n; i++) {
		l = strlen(s[i].name);
		if (strncmp(name, s[i].name, l) || (name[l] && (name[l] != '.' ||
		    strspn(name + l + 1, "0123456789") != strlen(name + l + 1))))
			continue;
		if (!best || s[i].bytes > best->bytes || s[i].dynamic)
			best = &s[i];	/* two static functions of one name: the larger */
	}
	return best;
}

static int refuse(struct graph *g, const char *fmt, const char *a, const char *b)
{
	snprintf(g->why, g->why_len, fmt, a, b);
	return -1;
}

static int root_of(struct graph *g, int i)
{
	while (g->p[i].fn != i)
		i = g->p[i].fn = g->p[g->p[i].fn].fn;
	return i;
}

static void join(struct graph *g, int a, int b)
{
	a = root_of(g, a);
	b = root_of(g, b);
	if (a != b)
		g->p[a > b ? a : b].fn = a < b ? a : b;	/* the lowest piece leads */
}

/*
 * libgcc's routines that end in an IJMP back into the function that jumped
 * to them: the switch dispatch (to a case label) and -mcall-prologues'
 * register save (to the rest of the prologue); both run in that function's
 * frame, which its .su figure covers
 */
static int ijmp_back(const char *name)
{
	return !strcmp(name, "__tablejump2__") || !strcmp(name, "__tablejump__") ||
	       !strcmp(name, "__prologue_saves__");
}

/* Does the instruction at @pc end the straight line (nothing falls through)? */
static int ends_flow(const struct graph *g, uint32_t pc)
{
	unsigned int w = word(g, pc);

	return w == 0x9508 || w == 0x9518 || w == 0x9409 || w == 0x9598 ||
	       (w & 0xf000) == 0xc000 || (w & 0xfe0e) == 0x940c;	/* RET RETI IJMP BREAK RJMP JMP */
}

/* Pieces to functions: jumps between pieces and fall-through join them */
static int build_functions(struct graph *g)
{
	unsigned int i, len, last;
	uint32_t pc, t;
	int call, j;

	for (i = 0; i < g->n; i++)
		g->p[i].fn = i;
	for (i = 0; i < g->n; i++) {
		const struct piece *p = &g->p[i];

		last = p->start;
		for (pc = p->start; pc < p->end; pc += len) {
			unsigned int w = word(g, pc);

			last = pc;
			if (w == 0x9509 || w == 0x9519)		/* ICALL, EICALL */
				return refuse(g, "%s makes an indirect call (icall: a function "
					      "pointer)%s", p->name, "");
			if ((w == 0x9409 || w == 0x9419) && !ijmp_back(p->name))
				return refuse(g, "%s makes an indirect jump (ijmp)%s", p->name, "");
			t = transfer(g, pc, &call, &len);
			if (t == ~0u || call)
				continue;
			j = piece_of(g, t);
			if (j >= 0)
				join(g, i, j);
		}
		if (i + 1 < g->n && p->end > p->start && !ends_flow(g, last))
			join(g, i, i + 1);
	}
	/*
	 * each function, named after its first piece: the largest .su figure of
	 * its pieces, or the return address and the pushes of the others if more
	 */
	for (i = 0; i < g->n; i++) {
		struct fn *f = &g->f[root_of(g, i)];

		if (root_of(g, i) == (int)i) {
			memset(f, 0, sizeof(*f));
			f->name = g->p[i].name;
			f->next = -1;
			f->pushes = i ? 2 : 0;	/* the root is not called */
		}
	}
	for (i = 0; i < g->n; i++) {
		const struct piece *p = &g->p[i];
		struct fn *f = &g->f[root_of(g, i)];

		if (p->su >= 0) {
			f->has_su = 1;
			if ((unsigned int)p->su > f->frame)
				f->frame = p->su;
		} else {
			f->pushes += p->pushes;
			f->sets_sp |= p->sets_sp;
		}
	}
	/*
	 * a call into a piece of its own function: gcc's code doing so is
	 * recursive (walk() says so); libgcc's calls its own helpers (as
	 * __mulsidi3 calls __umulsidi3_helper, which it also jumps to): each
	 * such helper may add a return address and the pushes once more
	 */
	for (i = 0; i < g->n; i++) {
		uint32_t pc, t;
		unsigned int len, k, seen[8] = { 0 }, n_seen = 0;
		int call, j;

		for (pc = g->p[i].start; pc < g->p[i].end; pc += len) {
			t = transfer(g, pc, &call, &len);
			if (t == ~0u || !call || (j = piece_of(g, t)) < 0 ||
			    root_of(g, j) != root_of(g, i) || g->p[j].su >= 0)
				continue;
			for (k = 0; k < n_seen && seen[k] != (unsigned int)j; k++)
				;
			if (k == n_seen && n_seen < 8) {
				seen[n_seen++] = j;
				g->f[root_of(g, i)].inner++;
			}
		}
	}
	for (i = 0; i < g->n; i++) {
		struct fn *f = &g->f[i];

		if (root_of(g, i) != (int)i)
			continue;
		f->pushes += f->inner * f->pushes + 2 * f->inner;
		if (f->sets_sp && !f->has_su)
			return refuse(g, "%s sets SP itself (out to SPL/SPH) and no .su file "
				      "gives its frame%s", f->name, "");
		if (f->pushes > f->frame)
			f->frame = f->pushes;
	}
	return 0;
}

/* Depth-first over calls: each function's worst path; -1 on recursion */
static int walk(struct graph *g, int fi)
{
	struct fn *f = &g->f[fi];
	unsigned int i, len;
	uint32_t pc, t;
	int call, j;

	if (f->state == 2)
		return 0;
	if (f->state == 1) {		/* a cycle: the path from @fi back to it */
		char cyc[512] = "";
		int k;

		for (k = 0; k < g->depth && g->path[k] != fi; k++)
			;
		for (; k < g->depth; k++) {
			strncat(cyc, g->f[g->path[k]].name, sizeof(cyc) - strlen(cyc) - 1);
			strncat(cyc, " -> ", sizeof(cyc) - strlen(cyc) - 1);
		}
		strncat(cyc, f->name, sizeof(cyc) - strlen(cyc) - 1);
		return refuse(g, "%s is recursive (%s)", f->name, cyc);
	}
	f->state = 1;
	g->path[g->depth++] = fi;
	f->worst = f->frame;
	for (i = 0; i < g->n; i++) {
		if (root_of(g, i) != fi)
			continue;
		for (pc = g->p[i].start; pc < g->p[i].end; pc += len) {
			t = transfer(g, pc, &call, &len);
			if (t == ~0u || !call || (j = piece_of(g, t)) < 0)
				continue;	/* out of the code: bad-pc at run time */
			if (root_of(g, j) == fi && g->p[j].su < 0)
				continue;	/* its own helper: in its frame */
			j = root_of(g, j);
			if (walk(g, j))
				return -1;
			if (f->frame + g->f[j].worst > f->worst) {
				f->worst = f->frame + g->f[j].worst;
				f->next = j;
			}
		}
	}
	g->depth--;
	f->state = 2;
	return 0;
}

long sriot_stack_need(const struct avr_elf *e, const uint8_t *code, uint32_t words,
		      const char *su_dir, char *path, size_t path_len, char *why, size_t why_len)
{
	static struct graph g;
	static uint32_t starts[MAX_PIECES];
	struct su *su;
	unsigned int n_su, n = 0, i, k, len;
	uint32_t pc, t;
	int call, at;

	memset(&g, 0, sizeof(g));
	g.code = code;
	g.words = words;
	g.why = why;
	g.why_len = why_len;
	starts[n++] = 0;
	for (i = 0; i < e->symtab_num && n < MAX_PIECES; i++) {
		const uint8_t *r = e->file + e->symtab_off + 16 * i;
		uint32_t value = le32(r + 4);
		unsigned int type = r[12] & 0xf, shndx = r[14] | r[15] << 8;

		/* functions, and global labels (libgcc's routines are not typed) */
		if ((type == 2 || (type == 0 && r[12] >> 4 == 1)) && value < AVR_DATA &&
		    value / 2 < words && shndx && shndx < 0xff00)
			starts[n++] = value / 2;
	}
	for (pc = 0; pc < words && n < MAX_PIECES; pc += len) {
		t = transfer(&g, pc, &call, &len);
		if (t != ~0u && call && t < words)
			starts[n++] = t;
	}
	if (n == MAX_PIECES)
		return refuse(&g, "the code has more than %s functions%s", "4096", ""), -1;
	qsort(starts, n, sizeof(starts[0]), cmp_u32);
	for (i = 0, k = 0; i < n; i++)
		if (!k || starts[i] != g.p[k - 1].start)
			g.p[k++].start = starts[i];
	g.n = k;
	n_su = read_su(su_dir, &su);
	for (i = 0; i < g.n; i++) {
		struct piece *p = &g.p[i];
		const struct su *s;
		char *anon;

		p->end = i + 1 < g.n ? g.p[i + 1].start : words;
		p->name = name_at(e, p->start);
		if (!p->name) {
			anon = malloc(32);
			if (!anon)
				sriot_die("out of memory");
			snprintf(anon, 32, "the code at pc 0x%04x", p->start);
			p->name = anon;
		}
		s = su_of(su, n_su, p->name);
		if (s && s->dynamic) {
			free(su);
			return refuse(&g, "%s has a frame of variable size (alloca or a "
				      "variable-length array)%s", p->name, ""), -1;
		}
		p->su = s ? (int)s->bytes : -1;
		if (s)
			continue;
		/* no .su: pushes; SP written: unknown */
		for (pc = p->start; pc < p->end; pc += len) {
			unsigned int w = word(&g, pc), a = (w & 0xf) | (w >> 5 & 0x30);

			transfer(&g, pc, &call, &len);
			if ((w & 0xfe0f) == 0x920f)	/* 1001 001d dddd 1111 PUSH */
				p->pushes++;
			if (w == 0xd000)		/* rcall .+0 */
				p->pushes += 2;
			if ((w & 0xf800) == 0xb800 && (a == 0x3d || a == 0x3e))
				p->sets_sp = 1;
		}
	}
	free(su);
	at = piece_of(&g, 0);
	if (at < 0)
		return 0;
	if (build_functions(&g))
		return -1;
	at = root_of(&g, at);
	if (walk(&g, at))
		return -1;
	path[0] = 0;
	for (i = at; (int)i >= 0; i = g.f[i].next) {
		char one[160];

		snprintf(one, sizeof(one), "%s%s %u", path[0] ? ", " : "", g.f[i].name,
			 g.f[i].frame);
		strncat(path, one, path_len - strlen(path) - 1);
	}
	return g.f[at].worst;
}
