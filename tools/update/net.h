/* SPDX-License-Identifier: GPL-2.0-only */
/* net.c: sockets, group membership and pacing of seg6x-update */
#ifndef SEG6X_UPDATE_NET_H
#define SEG6X_UPDATE_NET_H

#include <netinet/in.h>
#include <stdint.h>
#include <time.h>

int upd_parse_addr(const char *s, struct in6_addr *a);
int upd_sock_tx(const struct in6_addr *dst, uint16_t port, unsigned int ifindex, int hops,
		char *err, size_t errlen);
int upd_sock_rx(const struct in6_addr *group, const struct in6_addr *source, uint16_t port,
		unsigned int ifindex, char *err, size_t errlen);

/* token bucket over IPv6 packet bytes (payload + 48 bytes of IPv6 and UDP) */
struct upd_pacer {
	double rate;		/* bytes a second; 0: no limit */
	double tokens, burst;
	struct timespec last;
};
void upd_pacer_init(struct upd_pacer *pc, uint64_t bits_per_s, size_t burst_bytes);
void upd_pacer_wait(struct upd_pacer *pc, size_t bytes);
double upd_now(void);

/*
 * The sender's MLD watcher: a raw ICMPv6 socket that reads MLD reports sent
 * to ff02::16 on one link and sends general queries there, so listeners
 * answer (and an MLD-snooping bridge takes the sender's port for a router's
 * and forwards the reports to it).
 */
#include "update.h"
struct upd_mld_watch {
	int fd;
	unsigned int ifindex;
	uint8_t group[16], source[16];
	struct upd_listeners l;
	double hold;			/* seconds a report counts for */
	double query_every, next_query;	/* 0: never query */
	uint64_t reports, joins, leaves, queries;
};
int upd_mld_open(struct upd_mld_watch *w, unsigned int ifindex, const struct in6_addr *group,
		 const struct in6_addr *source, double query_every, char *err, size_t errlen);
unsigned int upd_mld_poll(struct upd_mld_watch *w, int wait_ms);
void upd_mld_close(struct upd_mld_watch *w);
#endif
