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
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
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

/* Is @buf the end of our process? Then it is parsed into @v. */
static int is_reply(uint8_t *buf, size_t len, uint32_t task_id, struct sriot_view *v)
{
	if (sriot_parse(buf, len, v) != SRIOT_WIRE_OK)
		return 0;
	return sriot_get32(&v->hdr->task_id) == task_id &&
	       v->hdr->status != SRIOT_ST_RUNNING;
}

/*
 * Nothing came back. Say what usually causes it: the message is the same
 * for every cause the tool cannot tell apart from here.
 */
static void no_answer(const struct run_opts *o, uint32_t task_id, const uint8_t *start,
		      unsigned int sent)
{
	static const char causes[] =
		"a node on the way lacks net.ipv6.conf.all.forwarding=1 or seg6_enabled=1 on "
		"its interfaces; the start SID is not an avr-exec route on its node; a node's "
		"SID is unreachable; the sender is itself an avr-exec node";
	char addr[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, start, addr, sizeof(addr));
	fprintf(stderr, "sriot: no answer for task 0x%08x from %s after %u transmissions of "
		"%u ms\nsriot: likely causes: %s (sriot(1), NO ANSWER)\n",
		task_id, addr, sent, o->timeout_ms, causes);
	if (!o->out.json)
		return;
	printf("{\"status\":\"no-answer\",\"task_id\":%u,\"start\":\"%s\","
	       "\"transmissions\":%u,\"timeout_ms\":%u,\"reason\":", task_id, addr, sent,
	       o->timeout_ms);
	sriot_json_str(causes);
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
	uint32_t task_id;
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
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_RTHDR, t.srh, t.srh_len))
		sriot_die("setsockopt(IPV6_RTHDR, SRH of %zu bytes): %s", t.srh_len,
			  strerror(errno));

	for (;;) {
		uint64_t deadline;

		if (sent > o.retries) {
			no_answer(&o, task_id, sriot_srh_seg(t.srh, SRIOT_SEG_ACTIVE), sent);
			return 2;
		}
		if (sendto(fd, t.payload, t.payload_len, 0, (struct sockaddr *)&self,
			   sizeof(self)) != (ssize_t)t.payload_len)
			sriot_die("sendto: %s", strerror(errno));
		sent++;
		deadline = now_ms() + o.timeout_ms;
		for (;;) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			uint64_t now = now_ms();
			ssize_t n;

			if (now >= deadline || poll(&p, 1, deadline - now) <= 0)
				break;
			n = recv(fd, buf, sizeof(buf), 0);
			if (n > 0 && is_reply(buf, n, task_id, &v))
				goto done;
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
