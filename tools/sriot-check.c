// SPDX-License-Identifier: GPL-2.0-only
/*
 * sriot-check.c - `sriot check [TASK]`: what this node (the current network
 * namespace) lacks to run SR-IoT processes, and the command that fixes each
 * thing: the seg6x module, IPv6 forwarding (without it a node swallows every
 * process it should send on), and, for a task, each of its SIDs: avr-exec
 * here (then the ports the map gives this node must be configured here),
 * routed toward another node, or nowhere.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sriot.h"

struct check {
	unsigned int bad;
	int json, n;
};

static void say(struct check *c, int ok, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void say(struct check *c, int ok, const char *what, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->bad += !ok;
	if (!c->json) {
		printf("%-7s %-24s %s\n", ok ? "ok" : "MISSING", what, msg);
		return;
	}
	printf("%s{\"check\":", c->n++ ? "," : "");
	avr_json_str(what);
	printf(",\"ok\":%s,\"detail\":", ok ? "true" : "false");
	avr_json_str(msg);
	printf("}");
}

static int sysctl_int(const char *path)
{
	FILE *f = fopen(path, "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* `ip -j sriot port show` of this namespace, or NULL */
static char *port_show(void)
{
	static char buf[65536];
	size_t n;
	FILE *p = popen("ip -j sriot port show 2>/dev/null", "r");

	if (!p)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = 0;
	return pclose(p) == 0 ? buf : NULL;
}

/* Is @port configured here, with a mode that suits @kind? */
static const char *port_state(const char *show, unsigned int port, unsigned int kind)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), "{\"port\":%u,", port);
	p = strstr(show, key);
	if (!p)
		return "missing";
	if (kind == SRIOT_KIND_SENSOR && !strncmp(strstr(p, "\"mode\":") ?: "", "\"mode\":\"actuator\"", 17))
		return "an actuator here, a sensor in the task";
	if (kind == SRIOT_KIND_ACTUATOR && !strncmp(strstr(p, "\"mode\":") ?: "", "\"mode\":\"sensor\"", 15))
		return "a sensor here, an actuator in the task";
	return NULL;
}

static void check_ports(struct check *c, const struct sriot_task *t, unsigned int node,
			const char *sid)
{
	const struct sriot_view *v = &t->v;
	const char *show = NULL, *why;
	unsigned int i;
	char what[32];

	for (i = 0; i < v->hdr->n_ports; i++) {
		if (v->ports[i].node != node)
			continue;
		if (!show)
			show = port_show();
		snprintf(what, sizeof(what), "port 0x%02x", v->ports[i].port);
		if (!show) {
			say(c, 0, what, "ip sriot port show failed here: is the patched ip first in PATH?");
			return;
		}
		why = port_state(show, v->ports[i].port, t->kinds[i]);
		if (why)
			say(c, 0, what, "%s on this node (%s): ip sriot port add 0x%02x mode %s",
			    why, sid, v->ports[i].port,
			    t->kinds[i] == SRIOT_KIND_ACTUATOR ? "actuator" : "sensor");
		else
			say(c, 1, what, "configured on this node (%s)", sid);
	}
}

static void check_task(struct check *c, const struct sriot_task *t)
{
	const struct sriot_view *v = &t->v;
	char sid[INET6_ADDRSTRLEN], what[32], dev[32];
	enum sriot_sid_kind k;
	unsigned int i, here = 0;
	uint8_t raw[16];

	for (i = 0; i < v->hdr->n_nodes; i++) {
		sriot_node_sid(v, i, raw);
		sriot_sid_str(raw, sid, sizeof(sid));
		snprintf(what, sizeof(what), "node %u %s", i, i ? "" : "(start)");
		k = sriot_sid_lookup(raw, dev, sizeof(dev));
		switch (k) {
		case SRIOT_SID_AVR_EXEC:
			here++;
			say(c, 1, what, "%s: avr-exec on this node (dev %s)", sid, dev);
			check_ports(c, t, i, sid);
			break;
		case SRIOT_SID_ROUTED:
			say(c, 1, what, "%s: routed toward its node (dev %s)", sid, dev);
			break;
		case SRIOT_SID_LOCAL:
			say(c, 0, what, "%s is an address of this node, not an avr-exec route: "
			    "ip -6 route add %s/128 encap seg6local action avr-exec dev DEV", sid, sid);
			break;
		case SRIOT_SID_SEG6LOCAL:
			say(c, 0, what, "%s is a seg6local route with another action here: "
			    "ip -6 route replace %s/128 encap seg6local action avr-exec dev DEV",
			    sid, sid);
			break;
		case SRIOT_SID_NONE:
			say(c, 0, what, "%s: no route from this node: add one toward the node that "
			    "owns it (ip -6 route add %s via NEXTHOP)", sid, sid);
			break;
		default:
			say(c, 0, what, "%s: the route lookup failed", sid);
			break;
		}
	}
	sriot_node_sid(v, 0, raw);
	if (here && sriot_sid_lookup(raw, NULL, 0) == SRIOT_SID_AVR_EXEC)
		say(c, 1, "sender", "not here: this is the task's start node, and a process "
		    "sent from its own start node never comes back (sriot run refuses)");
}

int sriot_cmd_check(int argc, char **argv)
{
	struct check c = { 0 };
	struct sriot_task t;
	const char *path = NULL;
	int fwd, i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			c.json = 1;
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			sriot_die("check: bad argument '%s' (sriot check --help)", argv[i]);
	}
	if (path && sriot_task_read(path, &t))
		return 2;
	if (c.json) {
		sriot_json_printed = 1;
		printf("{\"checks\":[");
	}
	if (access("/sys/module/seg6x", F_OK) == 0)
		say(&c, 1, "module", "seg6x is loaded");
	else
		say(&c, 0, "module", "seg6x is not loaded: modprobe seg6x if it is installed "
		    "(make install), or insmod build/kmod/seg6x.ko in a seg6x build tree");
	fwd = sysctl_int("/proc/sys/net/ipv6/conf/all/forwarding");
	if (fwd == 1)
		say(&c, 1, "forwarding", "net.ipv6.conf.all.forwarding=1");
	else
		say(&c, 0, "forwarding", "net.ipv6.conf.all.forwarding=%d: a node drops every "
		    "process it sends on: sysctl -w net.ipv6.conf.all.forwarding=1", fwd);
	if (path) {
		check_task(&c, &t);
		sriot_task_free(&t);
	}
	if (c.json)
		printf("],\"missing\":%u}\n", c.bad);
	else if (c.bad)
		printf("%u thing%s missing on this node\n", c.bad, c.bad > 1 ? "s" : "");
	return c.bad ? 1 : 0;
}
