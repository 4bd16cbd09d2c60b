// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-run.c - `sriot run`: send a task into the network and wait for it.
 *
 * One UDP socket does everything. Its sticky IPV6_RTHDR option is the
 * task's SRH (Linux accepts a type-4 SRH there: seg6_validate_srh); when
 * the socket sends to its own address and port, ipv6_push_rthdr4() puts that
 * address in segments[0], the packet leaves for segments[segments_left] =
 * segments[1] = node 0's SID, and the UDP checksum is computed against the
 * final destination, segments[0], as RFC 8200 wants. The last node strips
 * the SRH and sends the plain datagram back to segments[0] and our port.
 *
 * A retransmission is the same bytes (same task_id): the network applies
 * each actuator write once and marks repeats SRIOT_WRITE_DUP.
 *
 * A reply is taken only when it is ours: it comes from our own address and
 * port (a node keeps the process's source address and UDP ports), carries
 * our task_id (32 random bits per run: the nonce) and the fields no node
 * changes are those we sent. A forger must spoof our address and guess
 * the task_id and our ephemeral port: anyone who sees the process on its
 * path can, as the network running it can return any state it likes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "sriot.h"

struct run_opts {
	const char *path;
	unsigned int timeout_ms;
	unsigned int retries;
	long long task_id;
	struct sriot_outopts out;
};

/* "2s", "500ms", "1.5" (seconds) */
static unsigned int parse_timeout(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		sriot_die("bad --timeout '%s'", s);
	if (!strcmp(end, "ms"))
		v /= 1000;
	else if (*end && strcmp(end, "s"))
		sriot_die("bad --timeout '%s' (use 2s or 500ms)", s);
	if (v > 3600)
		sriot_die("--timeout too long");
	return (unsigned int)(v * 1000 + 0.5);
}

/* The address this host sends from toward @dst */
static int source_for(const uint8_t dst[16], struct in6_addr *src)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(9) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);

	if (fd < 0)
		return -1;
	memcpy(&sa.sin6_addr, dst, 16);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		close(fd);
		return -1;
	}
	close(fd);
	*src = sa.sin6_addr;
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fields no node changes: a reply that differs in one is not our task. */
static bool same_task(const struct sriot_view *sent, const struct sriot_view *got)
{
	const struct sriot_hdr *a = sent->hdr, *b = got->hdr;

	return a->task_id == b->task_id && a->step_limit == b->step_limit &&
	       a->hop_limit == b->hop_limit && a->n_nodes == b->n_nodes &&
	       a->node_off == b->node_off && a->node_len == b->node_len &&
	       a->n_ports == b->n_ports && a->log_cap == b->log_cap &&
	       a->code_words == b->code_words && a->sram_base == b->sram_base &&
	       a->sram_size == b->sram_size &&
	       !memcmp(a->node_template, b->node_template, sizeof(a->node_template)) &&
	       !memcmp(sent->nodes, got->nodes, (size_t)a->n_nodes * a->node_len) &&
	       !memcmp(sent->ports, got->ports, a->n_ports * sizeof(*sent->ports));
}

/*
 * Is @buf, from @from, our process (see the top of this file)? 1: it ended
 * (parsed into @v); -1: it came back still running, which only a SID that
 * is a plain address does (it processed the SRH as End and sent the process
 * on to segments[0], us); 0: not ours, ignored.
 */
static int is_reply(uint8_t *buf, size_t len, const struct sockaddr_in6 *from,
		    const struct sockaddr_in6 *self, const struct sriot_task *t,
		    struct sriot_view *v)
{
	if (memcmp(&from->sin6_addr, &self->sin6_addr, sizeof(self->sin6_addr)) ||
	    from->sin6_port != self->sin6_port ||
	    sriot_parse(buf, len, v) != SRIOT_WIRE_OK || !same_task(&t->v, v))
		return 0;
	return v->hdr->status != SRIOT_ST_RUNNING ? 1 : -1;
}

/* Why nothing came back, when the tool can tell */
struct why {
	char text[384];
	const char *cause;	/* JSON: "icmp", "plain-sid" */
};

static const char *icmp6_text(unsigned int type, unsigned int code)
{
	if (type == ICMP6_DST_UNREACH)
		return code == ICMP6_DST_UNREACH_NOROUTE ? "destination unreachable: no route" :
		       code == ICMP6_DST_UNREACH_ADDR ? "destination unreachable: address unreachable" :
		       code == ICMP6_DST_UNREACH_NOPORT ? "destination unreachable: port unreachable" :
		       code == ICMP6_DST_UNREACH_ADMIN ? "destination unreachable: prohibited" :
		       "destination unreachable";
	if (type == ICMP6_TIME_EXCEEDED)
		return "time exceeded (a routing loop?)";
	if (type == ICMP6_PARAM_PROB)
		return "parameter problem (a node refused the routing header: seg6_enabled?)";
	if (type == ICMP6_PACKET_TOO_BIG)
		return "packet too big";
	return "an error";
}

/* An ICMPv6 error queued on the socket (IPV6_RECVERR): 1 and @w filled */
static int icmp_error(int fd, struct why *w)
{
	char cbuf[512], addr[INET6_ADDRSTRLEN], data[2048];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct sock_extended_err *ee;
	struct sockaddr_in6 *from;
	struct cmsghdr *cm;

	if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
		return 0;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6 || cm->cmsg_type != IPV6_RECVERR)
			continue;
		ee = (struct sock_extended_err *)CMSG_DATA(cm);
		if (ee->ee_origin != SO_EE_ORIGIN_ICMP6)
			continue;
		from = (struct sockaddr_in6 *)SO_EE_OFFENDER(ee);
		if (from->sin6_family != AF_INET6 ||
		    !inet_ntop(AF_INET6, &from->sin6_addr, addr, sizeof(addr)))
			snprintf(addr, sizeof(addr), "?");
		snprintf(w->text, sizeof(w->text), "%s answered ICMPv6 %s (type %u code %u): the "
			 "process cannot reach a SID from there", addr,
			 icmp6_text(ee->ee_type, ee->ee_code), ee->ee_type, ee->ee_code);
		w->cause = "icmp";
		return 1;
	}
	return 0;
}

/* The process came back unexecuted from a plain-address SID: which one */
static void plain_sid(const struct sriot_task *t, const struct sriot_view *v, struct why *w)
{
	const uint8_t *code = sriot_srh_seg(t->srh, SRIOT_SEG_CODE);
	unsigned int words = sriot_get16(&v->hdr->code_words), pc = sriot_get16(&v->hdr->pc);
	struct sriot_access a = { 0 };
	char sid[INET6_ADDRSTRLEN] = "?";
	uint8_t raw[16];
	int node = -1;

	if (v->hdr->last_node == SRIOT_NODE_NONE || !sriot_get32(&v->hdr->steps)) {
		node = 0;
	} else if (pc < words) {
		sriot_scan_insn(code, words, pc, &a);
		node = a.addr ? sriot_port_node(v, a.addr) : -1;
	}
	if (node >= 0) {
		sriot_node_sid(v, node, raw);
		sriot_sid_str(raw, sid, sizeof(sid));
	}
	snprintf(w->text, sizeof(w->text), "the process came back unexecuted from SID %s (node %d): "
		 "that SID is a plain address, not an avr-exec route, on its node", sid, node);
	w->cause = "plain-sid";
}

/*
 * Refuse to send from the task's start node: a process sent from the host
 * that runs its first SID never comes back to the socket (6.12: the node
 * counts the migration, the reply is lost). From any other host, even
 * another node of the task, it works.
 */
static void refuse_on_start(const struct sriot_task *t)
{
	char sid[INET6_ADDRSTRLEN];
	uint8_t raw[16];

	sriot_node_sid(&t->v, 0, raw);
	if (sriot_sid_lookup(raw, NULL, 0) != SRIOT_SID_AVR_EXEC)
		return;
	sriot_sid_str(raw, sid, sizeof(sid));
	sriot_die("this host is the task's start node (the avr-exec route for %s is here), and "
		  "a process sent from its own start node never comes back: run sriot run on "
		  "another host, or start the task elsewhere (sriot build --start SID)", sid);
}

static void no_answer(const struct run_opts *o, uint32_t task_id, const uint8_t *start,
		      unsigned int sent, const struct why *w)
{
	static const char causes[] =
		"a node on the way lacks net.ipv6.conf.all.forwarding=1; the start SID is not "
		"an avr-exec route on its node; a node's SID is unreachable; a node lacks the "
		"seg6x module (sriot check TASK on each node says which)";
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, start, addr, sizeof(addr));
	if (w->cause)
		fprintf(stderr, "sriot: no answer for task 0x%08x from %s: %s\n", task_id, addr,
			w->text);
	else
		fprintf(stderr, "sriot: no answer for task 0x%08x from %s after %u transmissions "
			"of %u ms\nsriot: likely causes: %s\n", task_id, addr, sent, o->timeout_ms,
			causes);
	if (!o->out.json)
		return;
	printf("{\"status\":\"no-answer\",\"task_id\":%u,\"start\":\"%s\","
	       "\"transmissions\":%u,\"timeout_ms\":%u,\"cause\":", task_id, addr, sent,
	       o->timeout_ms);
	if (w->cause)
		avr_json_str(w->cause);
	else
		printf("null");
	printf(",\"reason\":");
	avr_json_str(w->cause ? w->text : causes);
	printf("}\n");
	sriot_json_printed = 1;
}

static void parse_args(struct run_opts *o, int argc, char **argv)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->timeout_ms = 2000;
	o->retries = 3;
	o->task_id = -1;
	for (i = 0; i < argc; i++) {
		if (sriot_parse_outopt(&o->out, &i, argc, argv))
			continue;
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			o->timeout_ms = parse_timeout(argv[++i]);
		else if (!strcmp(argv[i], "--retries") && i + 1 < argc)
			o->retries = sriot_num(argv[++i], 1000, "--retries");
		else if (!strcmp(argv[i], "--task-id") && i + 1 < argc)
			o->task_id = sriot_num(argv[++i], 0xffffffffUL, "--task-id");
		else if (argv[i][0] != '-' && !o->path)
			o->path = argv[i];
		else
			sriot_die("run: bad argument '%s' (sriot run --help)", argv[i]);
	}
	if (!o->path)
		sriot_die("run needs a task file (sriot run --help)");
}

int sriot_cmd_run(int argc, char **argv)
{
	static uint8_t buf[65536];
	struct sockaddr_in6 self = { .sin6_family = AF_INET6 };
	socklen_t slen = sizeof(self);
	unsigned int sent = 0;
	struct sriot_view v;
	struct sriot_task t;
	struct run_opts o;
	struct why why = { .cause = NULL };
	uint32_t task_id;
	int one = 1;
	char addr[INET6_ADDRSTRLEN];
	int fd, rc;

	parse_args(&o, argc, argv);
	if (sriot_task_read(o.path, &t))
		return 2;
	if (o.task_id >= 0)
		task_id = o.task_id;
	else if (getrandom(&task_id, sizeof(task_id), 0) != sizeof(task_id))
		sriot_die("getrandom: %s", strerror(errno));
	sriot_put32(&t.v.hdr->task_id, task_id);
	refuse_on_start(&t);

	if (source_for(sriot_srh_seg(t.srh, SRIOT_SEG_ACTIVE), &self.sin6_addr))
		sriot_die("no route to node 0 (%s)",
			  inet_ntop(AF_INET6, sriot_srh_seg(t.srh, SRIOT_SEG_ACTIVE), addr, sizeof(addr)));
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0)
		sriot_die("socket: %s", strerror(errno));
	{
		struct sockaddr_in6 any = { .sin6_family = AF_INET6 };

		if (bind(fd, (struct sockaddr *)&any, sizeof(any)) ||
		    getsockname(fd, (struct sockaddr *)&any, &slen))
			sriot_die("bind: %s", strerror(errno));
		self.sin6_port = any.sin6_port;
	}
	memcpy(sriot_srh_seg(t.srh, SRIOT_SEG_RETURN), &self.sin6_addr, 16);
	/* ICMPv6 errors about our packets tell some "no answer" causes apart */
	setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_RTHDR, t.srh, t.srh_len))
		sriot_die("setsockopt(IPV6_RTHDR, SRH of %zu bytes): %s", t.srh_len,
			  strerror(errno));

	for (;;) {
		uint64_t deadline;

		if (sent > o.retries || why.cause) {
			no_answer(&o, task_id, sriot_srh_seg(t.srh, SRIOT_SEG_ACTIVE), sent, &why);
			return 2;
		}
		if (sendto(fd, t.payload, t.payload_len, 0, (struct sockaddr *)&self,
			   sizeof(self)) != (ssize_t)t.payload_len) {
			if (icmp_error(fd, &why))
				continue;	/* an earlier copy's error, said above */
			sriot_die("sendto: %s", strerror(errno));
		}
		sent++;
		deadline = now_ms() + o.timeout_ms;
		for (;;) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			struct sockaddr_in6 from;
			socklen_t flen = sizeof(from);
			uint64_t now = now_ms();
			ssize_t n;

			if (now >= deadline || poll(&p, 1, deadline - now) <= 0)
				break;
			if (p.revents & POLLERR) {
				if (icmp_error(fd, &why))
					break;
				continue;
			}
			n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from,
				     &flen);
			if (n > 0 && (rc = is_reply(buf, n, &from, &self, &t, &v)) > 0)
				goto done;
			if (n > 0 && rc < 0) {
				plain_sid(&t, &v, &why);
				break;
			}
		}
	}
done:
	close(fd);
	sriot_print_result(&t, &v, &o.out);
	rc = v.hdr->status == SRIOT_ST_BREAK || v.hdr->status == SRIOT_ST_SLEEP ? 0 : 1;
	free(o.out.syms);
	sriot_task_free(&t);
	return rc;
}
