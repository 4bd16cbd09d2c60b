// SPDX-License-Identifier: GPL-2.0-only
/*
 * The node's ports and its memory of applied actuator writes: the same
 * rules as the kernel's kmod/sriot.c, so a process cannot tell the two
 * apart. A port is a data address 0x20-0xff outside SPL/SPH/SREG; a sensor
 * answers reads and refuses writes; an actuator takes writes once and reads back
 * its last value. Which writes were applied is sriot/wmem.c's to say, as in
 * the kernel: keyed by (sender, task id, wseq, port), a quota per task, no
 * entry evicted before SRIOT_WMEM_HOLD_MS.
 *
 * A backed port (a file or a command, main.c) is refreshed before each
 * read; when that fails the read faults the process with io-fault (a
 * thermostat must not act on a stale temperature) and backing-errors
 * counts it. An actuator's write is pushed after it is recorded; a push
 * that fails is counted, and the process goes on: the write is applied
 * for the machine (once, as dedup remembers it), the world did not take it.
 */
#include <errno.h>
#include <string.h>
#include "ioth.h"

const char *const ioth_backing_names[__IOTH_BACK_MAX] = {
	[IOTH_BACK_FIXED]	= "fixed",
	[IOTH_BACK_FILE]	= "file",
	[IOTH_BACK_EXEC]	= "exec",
};

bool ioth_port_valid(unsigned int port)
{
	return port >= 0x20 && port <= 0xff && (port < 0x5d || port > 0x5f);
}

/**
 * ioth_port_set - make @port a sensor or an actuator holding @value
 *
 * Counters restart when the port is new. Return: 0, -EINVAL for an address
 * that is not a port, a mode that is not one, or a value over 255.
 */
int ioth_port_set(struct ioth_node *n, unsigned int port, unsigned int mode,
		  unsigned int value)
{
	struct ioth_port *p;

	if (!ioth_port_valid(port) || (mode != IOTH_PORT_SENSOR && mode != IOTH_PORT_ACTUATOR) ||
	    value > 255)
		return -EINVAL;
	p = &n->port[port];
	if (!p->mode)
		*p = (struct ioth_port){ 0 };
	p->mode = mode;
	p->value = value;
	return 0;
}

/* ioth_port_del - forget @port. Return: 0, -ENOENT if it is no port here */
int ioth_port_del(struct ioth_node *n, unsigned int port)
{
	if (!ioth_port_valid(port) || !n->port[port].mode)
		return -ENOENT;
	if (n->port[port].backing != IOTH_BACK_FIXED && n->ops && n->ops->port_backing)
		n->ops->port_backing(n->ops_ctx, n, port, IOTH_BACK_FIXED, NULL);
	n->port[port].mode = IOTH_PORT_NONE;
	n->port[port].backing = IOTH_BACK_FIXED;
	return 0;
}

/**
 * ioth_port_read - a process reads @port
 *
 * Return: 0 with the value in @val, -ENOENT if the node has no such port,
 * -EIO if its file or command failed (counted in backing-errors).
 */
int ioth_port_read(struct ioth_node *n, unsigned int port, uint8_t *val)
{
	struct ioth_port *p = &n->port[port & 0xff];

	if (!p->mode)
		return -ENOENT;
	if (p->backing != IOTH_BACK_FIXED && n->ops && n->ops->port_read &&
	    n->ops->port_read(n->ops_ctx, n, port & 0xff)) {
		n->counter[IOTH_C_BACKING_ERR]++;
		return -EIO;
	}
	*val = p->value;
	p->reads++;
	n->counter[IOTH_C_READS]++;
	return 0;
}

/* What the write memory says of this write; its hash is keyed with
 * n->wmem_key, as the kernel's with a per-namespace secret. */
static enum sriot_wmem_verdict ioth_wmem(struct ioth_node *n, const uint8_t sender[16],
					 uint32_t task, uint16_t wseq, uint8_t port)
{
	struct sriot_wmem_id id = { .task = task };
	uint8_t mac[32];
	uint32_t hash;

	memcpy(id.sender, sender, 16);
	otip_hmac_sha256(n->wmem_key, sizeof(n->wmem_key), (const uint8_t *)&id, sizeof(id), mac);
	memcpy(&hash, mac, sizeof(hash));
	return sriot_wmem_note(&n->wmem, &id, hash, wseq, port, (uint32_t)n->now);
}

/**
 * ioth_port_write - a process writes @val to @port
 * @sender: the process's sender (IPv6 source)
 * @dup: set when the write was applied before: not written again
 *
 * Return: 0, -ENOENT if the node has no such port, -EPERM for a sensor.
 */
int ioth_port_write(struct ioth_node *n, const uint8_t sender[16], unsigned int port,
		    uint8_t val, uint32_t task, uint16_t wseq, bool *dup)
{
	struct ioth_port *p = &n->port[port & 0xff];

	if (p->mode != IOTH_PORT_ACTUATOR)
		return p->mode ? -EPERM : -ENOENT;
	*dup = false;
	switch (ioth_wmem(n, sender, task, wseq, port & 0xff)) {
	case SRIOT_WMEM_SEEN:
		*dup = true;
		break;
	case SRIOT_WMEM_QUOTA:
		n->counter[IOTH_C_WMEM_QUOTA]++;
		break;
	case SRIOT_WMEM_FULL:
		n->counter[IOTH_C_WMEM_FULL]++;
		break;
	default:
		break;
	}
	if (*dup) {
		p->dups++;
		n->counter[IOTH_C_DUP_WRITES]++;
		return 0;
	}
	p->value = val;
	p->writes++;
	n->counter[IOTH_C_WRITES]++;
	if (p->backing != IOTH_BACK_FIXED && n->ops && n->ops->port_write &&
	    n->ops->port_write(n->ops_ctx, n, port & 0xff))
		n->counter[IOTH_C_BACKING_ERR]++;
	return 0;
}
