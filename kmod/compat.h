/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-version differences, in one place (STYLE.md): behaviour files use
 * these names and never test versions themselves. Each switch is a feature
 * detected from the headers at build time (kmod/Kbuild), not a version
 * number, so a backport is picked up too.
 *
 * Kernels built and tested: Debian 6.12.117 and 7.2.13 (make check boots both).
 */
#ifndef _SEG6X_COMPAT_H
#define _SEG6X_COMPAT_H

#include <linux/net.h>

/*
 * kernel_bind()/kernel_connect() take a struct sockaddr_unsized * on 7.2
 * (struct sockaddr * on 6.12).
 */
#ifdef SEG6X_HAVE_SOCKADDR_UNSIZED
#define seg6x_sockaddr(sa)	((struct sockaddr_unsized *)(sa))
#else
#define seg6x_sockaddr(sa)	((struct sockaddr *)(sa))
#endif

/*
 * The established-socket lookup, as TCP's early demux does it: 6.12 takes
 * the hash table (net->ipv4.tcp_death_row.hashinfo), 7.2 finds it itself.
 * Returns a socket with a reference (sock_gen_put()) or NULL.
 */
#ifdef SEG6X_HAVE_LOOKUP_HASHINFO
#define seg6x_lookup_established(net, saddr, sport, daddr, hnum, dif, sdif) \
	__inet6_lookup_established(net, (net)->ipv4.tcp_death_row.hashinfo, \
				   saddr, sport, daddr, hnum, dif, sdif)
#else
#define seg6x_lookup_established(net, saddr, sport, daddr, hnum, dif, sdif) \
	__inet6_lookup_established(net, saddr, sport, daddr, hnum, dif, sdif)
#endif

#endif /* _SEG6X_COMPAT_H */
