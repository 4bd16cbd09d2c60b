// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control protocol: one text command per datagram, one reply.
 *
 *   port ADDR sensor|actuator [VALUE] [file PATH | exec PATH]
 *                                       set a port (ADDR 0x20-0xff), backed
 *                                       by the node (VALUE), a file or a
 *                                       command (main.c runs them)
 *   port ADDR del                       forget it
 *   set hop-budget N                    instructions per visit (as ip sriot set)
 *   show                                everything, as one JSON object
 *
 * A reply is "ok", "error: WHY" (nothing changed) or the JSON object. The
 * same words serve the --ports file (main.c), so a file is a list of
 * commands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "ioth.h"

static const char *const ioth_mode_names[] = {
	[IOTH_PORT_NONE] = "none",
	[IOTH_PORT_SENSOR] = "sensor",
	[IOTH_PORT_ACTUATOR] = "actuator",
};

int ioth_parse_addr(const char *s, uint8_t a[16])
{
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -EINVAL;
}

/* A whole-word unsigned number up to @max (0x.. hex allowed), or -1 */
static long ioth_num(const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > max)
		return -1;
	return (long)v;
}

#define ERR(...) (snprintf(out, cap, "error: " __VA_ARGS__), -EINVAL)

/* "file PATH" / "exec PATH" at @w[i], or IOTH_BACK_FIXED when none */
static int ioth_ctl_backing(char **w, int nw, int i, const char **path)
{
	unsigned int b;

	*path = NULL;
	if (i >= nw)
		return IOTH_BACK_FIXED;
	for (b = IOTH_BACK_FILE; b < __IOTH_BACK_MAX; b++)
		if (!strcmp(w[i], ioth_backing_names[b]) && i + 2 == nw) {
			*path = w[i + 1];
			return b;
		}
	return -1;
}

static int ioth_ctl_port(struct ioth_node *n, char **w, int nw, char *out, size_t cap)
{
	long port = nw > 1 ? ioth_num(w[1], 255) : -1, value = 0;
	const char *path;
	unsigned int mode;
	int backing, i = 3, err;

	if (port < 0 || !ioth_port_valid(port))
		return ERR("port: an address 0x20-0xff but 0x5d-0x5f (SPL, SPH, SREG)");
	if (nw == 3 && !strcmp(w[2], "del")) {
		if (ioth_port_del(n, port))
			return ERR("port 0x%02lx: no such port", port);
		return snprintf(out, cap, "ok"), 0;
	}
	if (nw < 3)
		return ERR("usage: port ADDR sensor|actuator [VALUE] [file PATH | exec PATH] | "
			   "port ADDR del");
	if (!strcmp(w[2], "sensor"))
		mode = IOTH_PORT_SENSOR;
	else if (!strcmp(w[2], "actuator"))
		mode = IOTH_PORT_ACTUATOR;
	else
		return ERR("port 0x%02lx: mode \"%s\": sensor or actuator", port, w[2]);
	if (nw > 3 && strcmp(w[3], "file") && strcmp(w[3], "exec")) {
		if ((value = ioth_num(w[3], 255)) < 0)
			return ERR("port 0x%02lx: value \"%s\": 0-255", port, w[3]);
		i = 4;
	} else if (n->port[port].mode) {
		value = n->port[port].value;
	}
	backing = ioth_ctl_backing(w, nw, i, &path);
	if (backing < 0)
		return ERR("port 0x%02lx: \"%s\": file PATH or exec PATH at the end", port, w[i]);
	if (backing != IOTH_BACK_FIXED || n->port[port].backing != IOTH_BACK_FIXED) {
		if (!n->ops || !n->ops->port_backing)
			return ERR("port 0x%02lx: this node backs no port by a file or command", port);
		err = n->ops->port_backing(n->ops_ctx, n, port, backing, path);
		if (err)
			return ERR("port 0x%02lx: %s %s: %s", port, ioth_backing_names[backing],
				   path, strerror(-err));
	}
	ioth_port_set(n, port, mode, value);
	n->port[port].backing = backing;
	return snprintf(out, cap, "ok"), 0;
}

/* Append to @out; a reply cut short by @cap stays valid C (never JSON) */
#define PUT(...) do { \
	if (o < cap) \
		o += snprintf(out + o, cap - o, __VA_ARGS__); \
} while (0)

/* A counter or drop name as a JSON key: dashes become underscores
 * (docs/json.md, rule 1); the text keeps the kernel's dashed names. */
static size_t ioth_json_key(char *out, size_t o, size_t cap, const char *sep,
			    const char *name, unsigned long long v)
{
	char key[32];
	size_t i;

	for (i = 0; name[i] && i < sizeof(key) - 1; i++)
		key[i] = name[i] == '-' ? '_' : name[i];
	key[i] = '\0';
	if (o < cap)
		o += snprintf(out + o, cap - o, "%s\"%s\":%llu", sep, key, v);
	return o;
}

static int ioth_ctl_show(struct ioth_node *n, char *out, size_t cap)
{
	size_t o = 0;
	unsigned int i;
	char a[INET6_ADDRSTRLEN];
	const char *sep = "";

	inet_ntop(AF_INET6, n->addr, a, sizeof(a));
	PUT("{\"addr\":\"%s\",\"hop_budget\":%u,\"counters\":{", a, n->hop_budget);
	for (i = 0; i < __IOTH_C_MAX; i++)
		o = ioth_json_key(out, o, cap, i ? "," : "", ioth_counter_names[i],
				  n->counter[i]);
	PUT("},\"drops\":{");
	for (i = 0; i < __IOTH_D_MAX; i++)
		o = ioth_json_key(out, o, cap, i ? "," : "", ioth_drop_names[i],
				  n->drop[i]);
	PUT("},\"ports\":[");
	for (i = 0x20; i < 0x100; i++) {
		const struct ioth_port *p = &n->port[i];

		if (!p->mode)
			continue;
		PUT("%s{\"port\":%u,\"mode\":\"%s\",\"value\":%u,\"backing\":\"%s\","
		    "\"reads\":%llu,\"writes\":%llu,\"dups\":%llu}", sep, i,
		    ioth_mode_names[p->mode], p->value, ioth_backing_names[p->backing],
		    (unsigned long long)p->reads, (unsigned long long)p->writes,
		    (unsigned long long)p->dups);
		sep = ",";
	}
	PUT("]");
	if (n->otip.on) {
		char cur[INET6_ADDRSTRLEN], prev[INET6_ADDRSTRLEN];

		ioth_otip_update(n);
		inet_ntop(AF_INET6, n->otip.cur, cur, sizeof(cur));
		inet_ntop(AF_INET6, n->otip.prev, prev, sizeof(prev));
		PUT(",\"otip\":{\"mode\":\"%s\",\"period\":%u,\"window\":%u,"
		    "\"addr\":\"%s\",\"prev\":\"%s\"}", otip_mode_names[n->otip.cfg.mode],
		    n->otip.cfg.period, n->otip.window, cur, prev);
	}
	PUT("}");
	if (o >= cap)
		return ERR("reply too long");
	return 0;
}

/**
 * ioth_ctl - run one control command
 * @line: the command, modified (split into words)
 * @out:  the reply, NUL-terminated, at most @cap bytes
 *
 * Return: 0, or -EINVAL with the reason in @out (the node is unchanged).
 */
int ioth_ctl(struct ioth_node *n, char *line, char *out, size_t cap)
{
	char *w[8], *save = NULL, *t;
	int nw = 0;
	long v;

	for (t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (nw == 8)
			return ERR("too many words");
		w[nw++] = t;
	}
	if (!nw)
		return ERR("empty command (port, set, show)");
	if (!strcmp(w[0], "port"))
		return ioth_ctl_port(n, w, nw, out, cap);
	if (!strcmp(w[0], "show") && nw == 1)
		return ioth_ctl_show(n, out, cap);
	if (!strcmp(w[0], "set") && nw == 3 && !strcmp(w[1], "hop-budget")) {
		if ((v = ioth_num(w[2], UINT32_MAX)) < 0)
			return ERR("hop-budget \"%s\": 0-4294967295", w[2]);
		n->hop_budget = v;
		return snprintf(out, cap, "ok"), 0;
	}
	return ERR("unknown command \"%s\" (port, set hop-budget, show)", w[0]);
}
