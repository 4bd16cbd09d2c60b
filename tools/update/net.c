// SPDX-License-Identifier: GPL-2.0-only
/*
 * net.c - sockets for seg6x-update: a UDP sender bound to one interface and
 * hop limit, a receiver that joins the group source-specifically (MLDv2
 * with the source, RFC 3810/4604) when given a source, and a token bucket.
 */
#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <poll.h>
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
	/* empty at the start: a full bucket let a short transfer average
	 * above the rate (2.02 Mb/s for --rate 2M over 400 kB); the burst
	 * only refills after the sender was idle */
	pc->tokens = 0;
	clock_gettime(CLOCK_MONOTONIC, &pc->last);
}

/*
 * upd_pacer_wait - sleep until @bytes may leave without the average rate
 * since the start exceeding pc->rate (by at most one burst after an idle
 * period, never while sending continuously).
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

/* hop-by-hop options for MLD: Router Alert (RFC 2711, value 0: MLD), PadN */
static const uint8_t mld_hbh[8] = { 0, 0, 5, 2, 0, 0, 1, 0 };

static void mld_query(struct upd_mld_watch *w)
{
	/* MLDv2 general query (RFC 3810 5.1): max response 1000 ms, QRV 2, QQIC 10 s */
	uint8_t q[28] = { 130, 0, 0, 0, 1000 >> 8, 1000 & 0xff };
	struct sockaddr_in6 all = { .sin6_family = AF_INET6, .sin6_scope_id = w->ifindex };

	q[24] = 2;
	q[25] = 10;
	inet_pton(AF_INET6, "ff02::1", &all.sin6_addr);
	if (sendto(w->fd, q, sizeof(q), 0, (struct sockaddr *)&all, sizeof(all)) == sizeof(q))
		w->queries++;
}

/*
 * upd_mld_open - watch MLD reports about (@source, @group) on @ifindex; send
 * a general query now and every @query_every seconds (0: never). Needs
 * CAP_NET_RAW. Returns 0, or -1 with @err.
 */
int upd_mld_open(struct upd_mld_watch *w, unsigned int ifindex, const struct in6_addr *group,
		 const struct in6_addr *source, double query_every, char *err, size_t errlen)
{
	struct icmp6_filter f;
	struct ipv6_mreq mr = { .ipv6mr_interface = ifindex };
	int one = 1, hops = 1;

	memset(w, 0, sizeof(*w));
	w->ifindex = ifindex;
	memcpy(w->group, group, 16);
	memcpy(w->source, source, 16);
	w->query_every = query_every;
	/* a listener answers a query within 1 s; it is gone after 2 missed queries */
	w->hold = query_every > 0 ? 2 * query_every + 1 : 260;
	w->fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_ICMPV6);
	if (w->fd < 0)
		return fail(-1, err, errlen, "MLD watcher: raw ICMPv6 socket (CAP_NET_RAW?)");
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(131, &f);
	ICMP6_FILTER_SETPASS(132, &f);
	ICMP6_FILTER_SETPASS(143, &f);
	inet_pton(AF_INET6, "ff02::16", &mr.ipv6mr_multiaddr);
	if (setsockopt(w->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) ||
	    setsockopt(w->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr, sizeof(mr)))
		return fail(w->fd, err, errlen, "MLD watcher: join ff02::16");
	if (query_every > 0 &&
	    (setsockopt(w->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) ||
	     setsockopt(w->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &one, sizeof(one)) ||
	     setsockopt(w->fd, IPPROTO_IPV6, IPV6_HOPOPTS, mld_hbh, sizeof(mld_hbh))))
		return fail(w->fd, err, errlen, "MLD watcher: query options");
	w->next_query = upd_now();
	return 0;
}

/*
 * upd_mld_poll - read the reports waiting (waiting up to @wait_ms for one),
 * send a query if one is due; returns the number of listeners now.
 */
unsigned int upd_mld_poll(struct upd_mld_watch *w, int wait_ms)
{
	struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
	uint8_t buf[1500];
	struct sockaddr_in6 from;
	socklen_t fl;
	enum upd_mld v;
	double now = upd_now();
	ssize_t n;

	if (w->query_every > 0 && now >= w->next_query) {
		mld_query(w);
		w->next_query = now + w->query_every;
	}
	if (wait_ms > 0 && poll(&pfd, 1, wait_ms) <= 0)
		return upd_listeners_count(&w->l, upd_now());
	for (;;) {
		fl = sizeof(from);
		n = recvfrom(w->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			break;
		w->reports++;
		v = upd_mld_parse(buf, n, w->group, w->source);
		w->joins += v == UPD_MLD_JOIN;
		w->leaves += v == UPD_MLD_LEAVE;
		upd_listeners_note(&w->l, from.sin6_addr.s6_addr, v, upd_now(), w->hold);
	}
	return upd_listeners_count(&w->l, upd_now());
}

void upd_mld_close(struct upd_mld_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}
