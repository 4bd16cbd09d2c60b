// SPDX-License-Identifier: GPL-2.0-only
/*
 * net.c - sockets for seg6x-update: a UDP sender bound to one interface and
 * hop limit, a receiver that joins the group source-specifically (MLDv2
 * with the source, RFC 3810/4604) when given a source, and a token bucket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "net.h"

int upd_parse_addr(const char *s, struct in6_addr *a)
{
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -1;
}

static int fail(int fd, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/*
 * upd_sock_tx - a UDP socket connected to [@dst]:@port, leaving by @ifindex
 * (0: the routing table's choice) with hop limit @hops for multicast.
 * Returns the socket, or -1 with a message in @err.
 */
int upd_sock_tx(const struct in6_addr *dst, uint16_t port, unsigned int ifindex, int hops,
		char *err, size_t errlen)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port),
				   .sin6_addr = *dst };
	int fd = socket(AF_INET6, SOCK_DGRAM, 0), loop = 1;

	if (fd < 0)
		return fail(fd, err, errlen, "socket");
	if (IN6_IS_ADDR_MULTICAST(dst)) {
		if (ifindex && setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex,
					  sizeof(ifindex)))
			return fail(fd, err, errlen, "IPV6_MULTICAST_IF");
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof(loop)))
			return fail(fd, err, errlen, "IPV6_MULTICAST_HOPS");
		/* link-local scope needs the interface in the address too */
		sa.sin6_scope_id = ifindex;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return fail(fd, err, errlen, "connect");
	return fd;
}

/*
 * upd_sock_rx - a UDP socket on port @port that receives @group: joined
 * (S,G) on @ifindex when @source is given and not ::, else (*,G); a unicast
 * @group is simply the address bound. Returns the socket or -1 with @err.
 */
int upd_sock_rx(const struct in6_addr *group, const struct in6_addr *source, uint16_t port,
		unsigned int ifindex, char *err, size_t errlen)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
	int fd = socket(AF_INET6, SOCK_DGRAM, 0), one = 1, rcvbuf = 4 << 20;

	if (fd < 0)
		return fail(fd, err, errlen, "socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* a burst of a whole block must not overflow the queue (best effort) */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* bind the group, so other groups on the same port stay out */
	sa.sin6_addr = *group;
	if (IN6_IS_ADDR_MC_LINKLOCAL(group))
		sa.sin6_scope_id = ifindex;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return fail(fd, err, errlen, "bind");
	if (!IN6_IS_ADDR_MULTICAST(group))
		return fd;
	if (source && !IN6_IS_ADDR_UNSPECIFIED(source)) {
		struct group_source_req gsr = { .gsr_interface = ifindex };
		struct sockaddr_in6 *g = (struct sockaddr_in6 *)&gsr.gsr_group;
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&gsr.gsr_source;

		g->sin6_family = s->sin6_family = AF_INET6;
		g->sin6_addr = *group;
		s->sin6_addr = *source;
		if (setsockopt(fd, IPPROTO_IPV6, MCAST_JOIN_SOURCE_GROUP, &gsr, sizeof(gsr)))
			return fail(fd, err, errlen, "MCAST_JOIN_SOURCE_GROUP");
	} else {
		struct group_req gr = { .gr_interface = ifindex };
		struct sockaddr_in6 *g = (struct sockaddr_in6 *)&gr.gr_group;

		g->sin6_family = AF_INET6;
		g->sin6_addr = *group;
		if (setsockopt(fd, IPPROTO_IPV6, MCAST_JOIN_GROUP, &gr, sizeof(gr)))
			return fail(fd, err, errlen, "MCAST_JOIN_GROUP");
	}
	return fd;
}

double upd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void upd_pacer_init(struct upd_pacer *pc, uint64_t bits_per_s, size_t burst_bytes)
{
	pc->rate = bits_per_s / 8.0;
	pc->burst = burst_bytes;
	pc->tokens = burst_bytes;
	clock_gettime(CLOCK_MONOTONIC, &pc->last);
}

/*
 * upd_pacer_wait - sleep until @bytes may leave without the average rate
 * since the start exceeding pc->rate by more than one burst.
 */
void upd_pacer_wait(struct upd_pacer *pc, size_t bytes)
{
	struct timespec now;
	double dt;

	if (pc->rate <= 0)
		return;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		dt = (now.tv_sec - pc->last.tv_sec) + (now.tv_nsec - pc->last.tv_nsec) / 1e9;
		pc->last = now;
		pc->tokens += dt * pc->rate;
		if (pc->tokens > pc->burst)
			pc->tokens = pc->burst;
		if (pc->tokens >= bytes)
			break;
		dt = (bytes - pc->tokens) / pc->rate;
		struct timespec ts = { .tv_sec = (time_t)dt,
				       .tv_nsec = (long)((dt - (time_t)dt) * 1e9) };
		nanosleep(&ts, NULL);
	}
	pc->tokens -= bytes;
}
