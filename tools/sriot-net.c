// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-net.c - what this host's routing table says about a SID, asked the
 * way `ip -6 route get fibmatch SID` asks (RTM_GETROUTE, RTM_F_FIB_MATCH):
 * an avr-exec route (End.BPF with the seg6x glue), another seg6local
 * action, a local address, a route elsewhere, or none. `sriot run` uses it
 * to refuse a sender on one of the task's own nodes, `sriot check` to say
 * what a node lacks.
 */
#include <errno.h>
#include <linux/lwtunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/seg6_local.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "sriot.h"

/* The End.BPF program of an avr-exec route: "seg6x:avr-exec" from the patched
 * ip, "avr-exec.o:[lwt_seg6local]" from a stock ip and /usr/lib/seg6x */
static int is_avr_exec_prog(const char *name)
{
	return !strcmp(name, "seg6x:avr-exec") || !strncmp(name, "avr-exec.o:", 11);
}

static enum sriot_sid_kind seg6local_kind(struct rtattr *encap)
{
	int len = RTA_PAYLOAD(encap), action = 0, avr = 0;
	struct rtattr *a, *b;

	for (a = RTA_DATA(encap); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == SEG6_LOCAL_ACTION && RTA_PAYLOAD(a) >= 4)
			memcpy(&action, RTA_DATA(a), 4);
		if (a->rta_type == SEG6_LOCAL_BPF) {
			int blen = RTA_PAYLOAD(a);

			for (b = RTA_DATA(a); RTA_OK(b, blen); b = RTA_NEXT(b, blen))
				if (b->rta_type == SEG6_LOCAL_BPF_PROG_NAME &&
				    memchr(RTA_DATA(b), 0, RTA_PAYLOAD(b)))
					avr |= is_avr_exec_prog(RTA_DATA(b));
		}
	}
	return action == SEG6_LOCAL_ACTION_END_BPF && avr ? SRIOT_SID_AVR_EXEC :
	       SRIOT_SID_SEG6LOCAL;
}

static enum sriot_sid_kind route_kind(struct nlmsghdr *nh, char *dev, size_t dev_len)
{
	struct rtmsg *rtm = NLMSG_DATA(nh);
	int len = RTM_PAYLOAD(nh), oif = 0;
	struct rtattr *a, *encap = NULL;
	unsigned short etype = 0;
	char name[IF_NAMESIZE];

	for (a = RTM_RTA(rtm); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) >= 4)
			memcpy(&oif, RTA_DATA(a), 4);
		else if (a->rta_type == RTA_ENCAP_TYPE && RTA_PAYLOAD(a) >= 2)
			memcpy(&etype, RTA_DATA(a), 2);
		else if (a->rta_type == RTA_ENCAP)
			encap = a;
	}
	if (dev && dev_len)
		snprintf(dev, dev_len, "%s", oif && if_indextoname(oif, name) ? name : "?");
	if (rtm->rtm_type == RTN_LOCAL)
		return SRIOT_SID_LOCAL;
	if (rtm->rtm_type != RTN_UNICAST)
		return SRIOT_SID_NONE;
	if (etype == LWTUNNEL_ENCAP_SEG6_LOCAL && encap)
		return seg6local_kind(encap);
	return SRIOT_SID_ROUTED;
}

enum sriot_sid_kind sriot_sid_lookup(const uint8_t sid[16], char *dev, size_t dev_len)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
		char attrs[64];
	} req;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	static char buf[16384];
	struct nlmsghdr *nh;
	struct rtattr *a;
	enum sriot_sid_kind kind = SRIOT_SID_ERROR;
	ssize_t n;
	int fd;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.rtm));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 1;
	req.rtm.rtm_family = AF_INET6;
	req.rtm.rtm_dst_len = 128;
	req.rtm.rtm_flags = RTM_F_FIB_MATCH;
	a = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
	a->rta_type = RTA_DST;
	a->rta_len = RTA_LENGTH(16);
	memcpy(RTA_DATA(a), sid, 16);
	req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
	if (dev && dev_len)
		dev[0] = 0;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return SRIOT_SID_ERROR;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto out;
	n = recv(fd, buf, sizeof(buf), 0);
	for (nh = (struct nlmsghdr *)buf; n > 0 && NLMSG_OK(nh, (size_t)n); nh = NLMSG_NEXT(nh, n)) {
		if (nh->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(nh);

			kind = e->error == -ENETUNREACH || e->error == -EHOSTUNREACH ||
			       e->error == -ENOENT ? SRIOT_SID_NONE : SRIOT_SID_ERROR;
			break;
		}
		if (nh->nlmsg_type == RTM_NEWROUTE) {
			kind = route_kind(nh, dev, dev_len);
			break;
		}
	}
out:
	close(fd);
	return kind;
}

const char *sriot_sid_kind_name(enum sriot_sid_kind kind)
{
	static const char *const names[] = {
		[SRIOT_SID_ERROR]	= "route lookup failed",
		[SRIOT_SID_NONE]	= "no route",
		[SRIOT_SID_ROUTED]	= "routed elsewhere",
		[SRIOT_SID_LOCAL]	= "a local address (not avr-exec)",
		[SRIOT_SID_SEG6LOCAL]	= "a seg6local route, not avr-exec",
		[SRIOT_SID_AVR_EXEC]	= "avr-exec here",
	};

	return kind <= SRIOT_SID_AVR_EXEC ? names[kind] : "?";
}
