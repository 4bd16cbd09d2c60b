/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sriot.h - the sriot tool's shared pieces: the task file (docs/sriot-format.md),
 * ports.conf, result printing, one function per subcommand.
 */
#ifndef SEG6X_SRIOT_TOOL_H
#define SEG6X_SRIOT_TOOL_H

#include <stddef.h>
#include <stdint.h>
#include "avr-sym.h"
#include "wire.h"

#define SRIOT_TASK_MAGIC	"SRIOTASK"
#define SRIOT_TASK_VERSION	1
#define SRIOT_TASK_HDR		24	/* fixed task file header bytes */
#define SRIOT_TASK_SYM		12	/* bytes per symbol record */

/* Port kinds, as ports.conf names them */
enum sriot_kind {
	SRIOT_KIND_ANY,		/* not stated: reads and writes allowed */
	SRIOT_KIND_SENSOR,	/* reads a configured value, refuses writes */
	SRIOT_KIND_ACTUATOR,	/* takes writes */
};

struct sriot_sym {
	const char *name;
	uint32_t value;		/* data address, or flash byte address */
	uint16_t size;
	uint8_t is_data;
};

/* A loaded .task file: the packet as it leaves the sender, plus metadata */
struct sriot_task {
	uint8_t *srh;		/* segments[0] zero until the sender fills it */
	size_t srh_len;
	uint8_t *payload;
	size_t payload_len;
	uint8_t *kinds;		/* n_ports bytes, in port map order */
	struct sriot_sym *syms;
	unsigned int n_syms;
	struct sriot_view v;	/* parsed payload */
	uint8_t *file;		/* backing store of all of the above */
};

int sriot_task_write(const char *path, const uint8_t *srh, size_t srh_len,
		     const uint8_t *payload, size_t payload_len,
		     const uint8_t *kinds, unsigned int n_ports,
		     const struct sriot_sym *syms, unsigned int n_syms);
/* Load and validate (payload parses, code fits the SRH); 0 or -1 with a message */
int sriot_task_read(const char *path, struct sriot_task *t);
void sriot_task_free(struct sriot_task *t);
const struct sriot_sym *sriot_task_sym(const struct sriot_task *t, const char *name);
/* SRH accessors */
static inline unsigned int sriot_srh_segs(const uint8_t *srh) { return srh[4] + 1u; }
static inline uint8_t *sriot_srh_seg(uint8_t *srh, unsigned int i) { return srh + 8 + 16 * i; }
const char *sriot_kind_name(unsigned int kind);

/* ports.conf */
struct sriot_portconf {
	uint8_t port;
	uint8_t kind;
	uint8_t sid[16];
};
int sriot_ports_read(const char *path, struct sriot_portconf *pc, unsigned int max);

/* Output shared by run and ref: the final state in @v (a returned payload) */
struct sriot_outopts {
	int json;
	const char **syms;	/* --sym names */
	unsigned int n_syms;
};
int sriot_print_result(const struct sriot_task *t, const struct sriot_view *v,
		       const struct sriot_outopts *o);
/* One line on why the process came back (status, node, port) */
void sriot_status_reason(const struct sriot_view *v, char *buf, size_t len);
void sriot_sid_str(const uint8_t sid[16], char *buf, size_t len);

/* Subcommands: argc/argv after the command name; return the exit status */
int sriot_cmd_build(int argc, char **argv);
int sriot_cmd_dump(int argc, char **argv);
int sriot_cmd_run(int argc, char **argv);
int sriot_cmd_ref(int argc, char **argv);
int sriot_cmd_check(int argc, char **argv);

/* The whole packet as it leaves the sender (IPv6, SRH, UDP); 0 if > cap */
size_t sriot_packet(const struct sriot_task *t, const uint8_t src[16],
		    uint16_t sport, uint16_t dport, uint8_t *pkt, size_t cap);

/* A one-packet pcap file, LINKTYPE_RAW; 0 or -1 */
int sriot_write_pcap(const char *path, const uint8_t *pkt, size_t len);
/* The returned datagram, IPv6 + UDP to @dst (the last node's answer) */
size_t sriot_reply_packet(const struct sriot_view *v, const uint8_t dst[16],
			  uint16_t port, uint8_t *pkt, size_t cap);

/* A port access found in the code by a static scan */
struct sriot_access {
	unsigned int pc;	/* word address */
	unsigned int addr;	/* data address, 0 if the instruction is no port access */
	const char *rw;		/* "r", "w", "rw" */
	char text[32];		/* the instruction (sriot_disasm) */
	uint32_t target;	/* sriot_disasm's @target */
};
/*
 * The instruction at word @pc: IN, OUT, SBI, CBI, SBIS, SBIC, LDS, STS with a
 * constant address in 0x20-0xff (not SPL, SPH, SREG) fill @a (a->addr != 0).
 * Returns the instruction's length in words.
 */
unsigned int sriot_scan_insn(const uint8_t *code, unsigned int words,
			     unsigned int pc, struct sriot_access *a);
int sriot_port_index(const struct sriot_view *v, unsigned int port);
/*
 * The instruction at word @pc as text, avr-objdump -d's mnemonic and operands
 * (avr-isa's disassembler); *@target: the word address a jump, call or branch
 * goes to, else ~0. Returns its length in words (1 or 2).
 */
unsigned int sriot_disasm(const uint8_t *code, unsigned int words, unsigned int pc,
			  char *text, size_t len, uint32_t *target);

/*
 * The worst-case stack of the linked program (sriot-stack.c): -fstack-usage
 * figures from the .su files in @su_dir summed along the deepest path of
 * the call graph read from @code (@words words). Returns the bytes and the
 * path ("name frame, ..." in @path), or -1 with why the depth cannot be
 * known in @why (recursion, an indirect call, a variable-size frame).
 */
struct avr_elf;
long sriot_stack_need(const struct avr_elf *e, const uint8_t *code, uint32_t words,
		      const char *su_dir, char *path, size_t path_len, char *why, size_t why_len);

/* What this namespace's routing table says about a SID (sriot-net.c) */
enum sriot_sid_kind {
	SRIOT_SID_ERROR,	/* the lookup itself failed */
	SRIOT_SID_NONE,		/* no route (unreachable, blackhole, prohibit) */
	SRIOT_SID_ROUTED,	/* a route to somewhere else: another node's SID */
	SRIOT_SID_LOCAL,	/* one of this host's own addresses */
	SRIOT_SID_SEG6LOCAL,	/* a seg6local route with another action */
	SRIOT_SID_AVR_EXEC,	/* this host runs avr-exec for it */
};
/* Look @sid up as `ip -6 route get fibmatch` does; @dev gets the route's device */
enum sriot_sid_kind sriot_sid_lookup(const uint8_t sid[16], char *dev, size_t dev_len);
const char *sriot_sid_kind_name(enum sriot_sid_kind kind);

/* Small helpers */
/* "sriot: MESSAGE" on stderr; with --json also {"status":"error",...} on stdout */
void sriot_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* the same message, and the caller goes on (returns its status) */
void sriot_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int sriot_json_errors, sriot_json_printed;
unsigned long sriot_num(const char *s, unsigned long max, const char *what);
int sriot_parse_outopt(struct sriot_outopts *o, int *i, int argc, char **argv);

#endif /* SEG6X_SRIOT_TOOL_H */
