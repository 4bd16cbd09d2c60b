/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * seg6x: programmable SRv6 behaviours for stock kernels - userspace API.
 *
 * This header is the protocol specification. It is shared by the kernel
 * modules, the BPF glue programs and userspace (iproute2, tools).
 *
 * 1. Datapath
 *
 * A seg6x behaviour is installed as an upstream End.BPF route whose BPF
 * program is one of the seg6x glue programs (kmod/bpf/seg6x_glue.bpf.c).
 * Each glue program only calls the kfunc
 *
 *	int bpf_seg6x_exec(struct __sk_buff *ctx, __u32 behaviour);
 *
 * with its SEG6X_BEHAVIOUR_* id and returns what it returns (BPF_OK,
 * BPF_DROP or BPF_REDIRECT). When End.BPF calls the program, the kernel has
 * already validated the SRH and advanced it (segments left decremented,
 * destination address set to the next segment), exactly as for End.
 *
 * Only End.BPF may call the kfunc. The module registers it for
 * BPF_PROG_TYPE_LWT_SEG6LOCAL with a verifier filter refusing the other LWT
 * types that share the kfunc hook (6.12 refuses them at load); Debian's 7.2
 * kernel was seen loading an lwt_in program that calls it anyway, so the
 * kfunc also checks at run time that the packet is on a seg6local route and
 * drops it otherwise (SEG6X_DROP_NOT_END_BPF, counted unattributed).
 *
 * The kfunc contract. bpf_seg6x_exec() may make the packet writable and
 * linear (reallocating its head, freeing the old one) and move skb->data
 * (the SRH removed on the way home); End.BPF's per-CPU SRH state, used by
 * the bpf_lwt_seg6_* helpers, may then point into freed memory. The
 * verifier cannot be told: 6.12 has no kfunc flag for "changes packet
 * data", and later kernels invalidate packet pointers after a kfunc only
 * for a fixed list of their own kfuncs. So a program calling it must hold
 * nothing into the packet across the call: the kfunc's verifier filter
 * refuses any program that reads __sk_buff data, data_end or data_meta,
 * calls another kfunc (skb dynptrs), a bpf_lwt_seg6_* helper or a tail
 * call ("calling kernel function bpf_seg6x_exec is not allowed"). seg6x's
 * glue programs (one call, one return) are the programs this allows. The
 * kfunc recomputes the program's data pointers before it returns, but a
 * program that passes the filter cannot read them anyway.
 * What remains: Debian's 7.2 kernel does not ask this filter (as it does not
 * for the program type above), so there any LWT_SEG6LOCAL program may call
 * the kfunc and keep packet pointers across it; only root (CAP_BPF and
 * CAP_NET_ADMIN) loads such programs, and only seg6x's glue is safe.
 *
 * iproute2 installs the route with the End.BPF program name
 * SEG6X_BPF_NAME_PREFIX "<behaviour name>", e.g. "seg6x:avr-exec", and
 * prints such routes back as "action <behaviour name>".
 *
 * The kfunc's second argument is a behaviour id in its low 16 bits
 * (SEG6X_EXEC_ID_MASK) and that behaviour's route options above them: an
 * option is a glue program of its own whose name holds "__" (pipe__ret_tlv;
 * never an action by itself), and the route's program name is then
 * SEG6X_BPF_NAME_PREFIX "<behaviour name> <option> <value>", e.g.
 * "seg6x:pipe return tlv", printed back as "action pipe return tlv". A flag the behaviour does
 * not take drops the packet (SEG6X_DROP_NO_BEHAVIOUR).
 *	SEG6X_EXEC_PIPE_RETURN_TLV	pipe, "return tlv": the reverse leg
 *		takes the segments of the SYN's return-path TLV (section 5)
 *
 * 2. Control plane: generic netlink family SEG6X_GENL_NAME
 *
 * State is per network namespace. GET requests need no privilege; every
 * request that changes state needs CAP_NET_ADMIN in the namespace's user
 * namespace (GENL_UNS_ADMIN_PERM). Attributes are validated strictly:
 * unknown attributes in a request are refused with an extended ack naming
 * the attribute. Replies may grow new attributes; readers skip attributes
 * they do not know.
 *
 *	SEG6X_CMD_GET_INFO	request: no attributes
 *		reply: SEG6X_ATTR_VERSION (string), SEG6X_ATTR_ABI (u32),
 *		       SEG6X_ATTR_BEHAVIOURS (nest of SEG6X_ATTR_BEHAVIOUR)
 *	    SEG6X_ATTR_BEHAVIOUR (nest):
 *		SEG6X_BEHAVIOUR_ATTR_ID	  u32, a SEG6X_BEHAVIOUR_* value
 *		SEG6X_BEHAVIOUR_ATTR_NAME string, the "action" name in ip
 *		SEG6X_BEHAVIOUR_ATTR_DESC string, one line of help
 *
 *	SEG6X_CMD_GET_STATS	request: optional SEG6X_ATTR_BEHAVIOUR_ID (u32)
 *		to restrict the reply to one behaviour.
 *		reply: one SEG6X_ATTR_STATS nest per behaviour:
 *		SEG6X_STATS_ATTR_ID	 u32 behaviour id
 *		SEG6X_STATS_ATTR_NAME	 string behaviour name
 *		SEG6X_STATS_ATTR_PACKETS u64 packets handed to the behaviour
 *		SEG6X_STATS_ATTR_BYTES	 u64 their bytes
 *		SEG6X_STATS_ATTR_DROPS	 nest of SEG6X_STATS_ATTR_DROP (nest):
 *			SEG6X_DROP_ATTR_REASON u32, a SEG6X_DROP_* value
 *			SEG6X_DROP_ATTR_NAME   string, stable name of the reason
 *			SEG6X_DROP_ATTR_COUNT  u64
 *		Only reasons with a non-zero count are listed.
 *
 *		SEG6X_STATS_ATTR_COUNTERS nest of SEG6X_STATS_ATTR_COUNTER (nest):
 *			SEG6X_COUNTER_ATTR_NAME  string, behaviour-specific
 *			SEG6X_COUNTER_ATTR_VALUE u64	(e.g. avr-exec "instructions")
 *
 *	SEG6X_CMD_RESET_STATS	(CAP_NET_ADMIN) optional
 *		SEG6X_ATTR_BEHAVIOUR_ID: zero the counters of this namespace.
 *
 * 3. SR-IoT (avr-exec) ports and settings, same family
 *
 * A node's ports are I/O data addresses 0x20-0xff of the logical AVR
 * machine (seg6x_sriot.h). A sensor port answers reads with its value and
 * refuses writes; an actuator port takes writes (applied once per
 * (task, wseq), see seg6x_sriot.h) and answers reads with the last value.
 *
 *	SEG6X_CMD_SRIOT_PORT_SET (CAP_NET_ADMIN): add or replace one port.
 *		SEG6X_ATTR_SRIOT_PORT nest: SRIOT_PORT_ATTR_ADDR (required),
 *		SRIOT_PORT_ATTR_MODE (required), SRIOT_PORT_ATTR_VALUE (u8,
 *		default 0).
 *	SEG6X_CMD_SRIOT_PORT_ADD (CAP_NET_ADMIN): the same, but an existing
 *		port is refused with EEXIST. (Generic netlink refuses
 *		NLM_F_EXCL and friends on strictly validated commands, hence a
 *		command of its own.)
 *	SEG6X_CMD_SRIOT_PORT_DEL (CAP_NET_ADMIN): SEG6X_ATTR_SRIOT_PORT nest
 *		with SRIOT_PORT_ATTR_ADDR; ENOENT if there is no such port.
 *	SEG6X_CMD_SRIOT_PORT_GET: doit with SRIOT_PORT_ATTR_ADDR, or dump
 *		(NLM_F_DUMP) of every port, one message each:
 *		SEG6X_ATTR_SRIOT_PORT nest: ADDR, MODE, VALUE, READS, WRITES, DUPS.
 *		A dump that spans a port change carries NLM_F_DUMP_INTR.
 *	SEG6X_CMD_SRIOT_SET (CAP_NET_ADMIN): one or more of
 *		SEG6X_ATTR_SRIOT_HOP_BUDGET (u32, instructions a node runs per
 *		visit, 1-1000000, default 100000), SEG6X_ATTR_SRIOT_MAX_HOPS
 *		(u32, 1-255, default 255) and SEG6X_ATTR_SRIOT_MAX_STEPS (u32,
 *		>= 1, default 1000000): the node treats a process as out of hops
 *		or steps at these, whatever its own hop_limit and step_limit
 *		say, so a process ping-ponging between nodes costs each node at
 *		most max-steps instructions. Nothing is set unless all given
 *		values are valid.
 *	SEG6X_CMD_SRIOT_GET: reply SEG6X_ATTR_SRIOT_HOP_BUDGET, _MAX_HOPS,
 *		_MAX_STEPS.
 *	SEG6X_CMD_SRIOT_EVENT: multicast to group SEG6X_MCGRP_SRIOT on every
 *		actuator write that reaches a node, from the datapath (joining
 *		the group needs CAP_NET_ADMIN: events name task ids):
 *		SEG6X_ATTR_SRIOT_EVENT nest: SRIOT_EVENT_ATTR_PORT, _VALUE,
 *		_TASK (u32), _WSEQ (u32), _DUP (flag: a repeat, not applied).
 *
 * 4. ILNPv6 ("ip ilnp"): SEG6X_CMD_ILNP_*, one SEG6X_ATTR_ILNP nest per
 *	request, reply or event; specified in seg6x_ilnp.h. Events go to the
 *	multicast group SEG6X_MCGRP_ILNP (CAP_NET_ADMIN to join).
 * 5. pipe (SRv6Pipes) functions and replace rules, same family
 *
 * A pipe SID is | proxy prefix (80 bits) | function (16) | argument (32) |;
 * the function ids are those of pipe/pipe.h (enum pipe_fn_id).
 *
 *	SEG6X_CMD_PIPE_FN_GET: dump, one message per function:
 *		SEG6X_ATTR_PIPE_FN nest: PIPE_FN_ATTR_ID (u32), _NAME (string),
 *		_ARG (string: what the argument means), _FWD / _REV (flag: the
 *		function transforms client->server / server->client bytes),
 *		_MODULE (string: the kernel module it comes from, "seg6x" for
 *		the built-in identity). Only registered functions are listed:
 *		each other function is a module (seg6x_pipe_NAME) that may be
 *		loaded or not.
 *	SEG6X_CMD_PIPE_SED_SET (CAP_NET_ADMIN): add or replace rule ID of the
 *		sed function (its SID argument names the rule):
 *		SEG6X_ATTR_PIPE_SED nest: PIPE_SED_ATTR_ID (u32, 0-15, required),
 *		PIPE_SED_ATTR_PATTERN (binary, 1-64 bytes, required),
 *		PIPE_SED_ATTR_REPLACE (binary, 0-64 bytes, default empty).
 *		Flows copy the rule when they open; later changes do not touch
 *		them. A sed SID naming an unset rule resets the connection.
 *	SEG6X_CMD_PIPE_SED_DEL (CAP_NET_ADMIN): SEG6X_ATTR_PIPE_SED nest with
 *		PIPE_SED_ATTR_ID; ENOENT if the rule is unset.
 *	SEG6X_CMD_PIPE_SED_GET: dump of the rules set, one message each:
 *		SEG6X_ATTR_PIPE_SED nest: ID, PATTERN, REPLACE.
 *	SEG6X_CMD_PIPE_SED_ADD (CAP_NET_ADMIN): as SEG6X_CMD_PIPE_SED_SET, but
 *		a rule already set is refused with EEXIST.
 *	SEG6X_CMD_PIPE_FLOW_GET: dump of the flows of this namespace's proxy,
 *		one message each (a dump that spans a flow's birth or end
 *		carries NLM_F_DUMP_INTR): SEG6X_ATTR_PIPE_FLOW nest:
 *		PIPE_FLOW_ATTR_CLIENT, _SERVER (binary, struct in6_addr: the
 *		client's address and the final segment), _CPORT, _SPORT (u16,
 *		host order), _STATE (u8, enum pipe_flow_state), one
 *		PIPE_FLOW_ATTR_CALL nest (PIPE_CALL_ATTR_ID, _ARG, both u32) per
 *		function of this proxy in chain order, _SEGS (binary, the
 *		onward leg's segments, final first, only when they make an SRH),
 *		_BYTES_FWD / _BYTES_REV (u64: bytes the proxy read from the
 *		client / from the server), _IDLE_MS (u32, since the last
 *		progress) and, on a "return tlv" route whose SYN carried a
 *		return-path TLV, _RETURN_SEGS (binary, the reverse leg's
 *		segments, the client first) and _RETURN_SL (u8).
 *
 *	The return-path TLV (type SEG6X_SRH_TLV_RETURN_PATH, SRv6Pipes'
 *	SR6_TLV_RETPATH), read from the client's SYN on a "return tlv" route:
 *
 *	 0               1               2               3
 *	+---------------+---------------+-------------------------------+
 *	|   type = 6    |  len = 6+16n  |       reserved (5 bytes) ...  |
 *	+---------------+---------------+---------------+---------------+
 *	|          ... reserved                         | segments left |
 *	+---------------+---------------+---------------+---------------+
 *	|  segment[0]: the client's address (the reply's destination)   |
 *	|  segment[1] ... segment[n-1]: in SRH order (last one first)   |
 *	+---------------------------------------------------------------+
 *
 *	1 <= n <= 15, segments left < n. The accepted connection's packets to
 *	the client then carry an SRH of these segments (a sticky IPV6_RTHDR).
 *	A SYN whose TLV breaks a rule is dropped as SEG6X_DROP_PIPE_RETURN_TLV;
 *	a SYN without one is answered on the ordinary route.
 *	SEG6X_CMD_PIPE_KEY_ADD (CAP_NET_ADMIN): set key ID for the AEAD
 *		functions (their SID argument names the key):
 *		SEG6X_ATTR_PIPE_KEY nest: PIPE_KEY_ATTR_ID (u32, 0-15, required),
 *		PIPE_KEY_ATTR_KEY (binary, exactly 32 bytes, required); EEXIST
 *		if the key is set. Flows copy the key when they open.
 *	SEG6X_CMD_PIPE_KEY_DEL (CAP_NET_ADMIN): SEG6X_ATTR_PIPE_KEY nest with
 *		PIPE_KEY_ATTR_ID; ENOENT if the key is unset. The bytes are wiped.
 *	SEG6X_CMD_PIPE_KEY_GET (CAP_NET_ADMIN): dump of the keys set, one
 *		message each: SEG6X_ATTR_PIPE_KEY nest with PIPE_KEY_ATTR_ID
 *		only. Key bytes are never sent to userspace.
 *	SEG6X_CMD_PIPE_SET (CAP_NET_ADMIN): SEG6X_ATTR_PIPE_MEM_MAX (u64,
 *		bytes, >= 16384, default 64 MiB): the namespace's memory cap.
 *		The bytes a flow holds are those it read and has not seen
 *		acknowledged by the other side yet: in its buffers, and sent but
 *		not acknowledged on the other socket. While the namespace's total
 *		is at the cap, flows stop reading from their sockets (TCP's
 *		windows push back to the senders) instead of allocating.
 *		SEG6X_ATTR_PIPE_FLOW_MEM_MAX (u64, bytes, >= 16384, default
 *		4 MiB): the cap on what one flow holds (both directions), so one
 *		slow reader cannot take the namespace's whole cap: a flow at its
 *		own cap stops reading the same way. Either attribute or both;
 *		EINVAL with neither or with a flow cap below 16384 (nothing set).
 *	SEG6X_CMD_PIPE_GET: reply SEG6X_ATTR_PIPE_MEM_MAX, _MEM_HELD (u64,
 *		the namespace's total now), _FLOWS (u32, table entries),
 *		_FLOWS_MAX (u32, the table's cap, pipe_max_flows) and
 *		_FLOW_MEM_MAX (u64).
 *	The flow dump's PIPE_FLOW_ATTR_HELD (u64) is one flow's share;
 *	PIPE_FLOW_ATTR_BUFFERS (u32) the size of its buffers, both
 *	directions: 16 KiB per transforming stage plus one, each direction,
 *	64 KiB each once a direction carried bulk data (a read filled its
 *	first buffer) while flow-mem-max is at least 256 KiB and the
 *	namespace's grown buffers stay under mem-max.
 *
 * 6. OTIP gateway ("ip otip"): one-time addresses for unmodified services
 *
 * A rule makes a service behind this gateway (forwarded, not local)
 * reachable only at the address of the current time window, as
 * tools/otip/otip.h computes it (same core, byte for byte):
 *
 *	window = (now + offset) / period
 *	addr   = base /64 | (base low 64 bits XOR H[0..7]), addr[8] &= ~3
 *	H      = HMAC-SHA256(secret, name || be32(window))	SEG6X_OTIP_MODE_KEYED
 *	       = MD5(name || secret || be32(window))		SEG6X_OTIP_MODE_IOTHADDR
 *
 * A netfilter hook (PRE_ROUTING, before conntrack), registered in a
 * namespace when its first rule is added, takes every packet whose
 * destination is in a rule's base /64. A new connection (TCP SYN without
 * ACK, any UDP datagram, ICMPv6 echo request) is accepted only at the
 * current or the previous window's address: a flow {client, client port
 * or echo id, address, service port, protocol} is created and the
 * destination becomes the service's stable address. Packets of a flow keep
 * being rewritten after the window changes, until the flow is idle for
 * its timeout (TCP 300 s, 10 s once a FIN or RST was seen; UDP 60 s; echo
 * 30 s). Replies from the service to a flow's client get the flow's
 * one-time address back as their source. TCP, UDP and ICMPv6 checksums
 * follow. Everything else sent into the base /64 is dropped and counted
 * (drop reasons SEG6X_DROP_OTIP_*, per rule and in the "otip" row of
 * SEG6X_CMD_GET_STATS): stale (one of the 6 windows before the previous),
 * guessed (any other address), no-flow (a TCP segment that is not a SYN,
 * an echo reply...), protocol (not TCP/UDP/echo, later fragments),
 * flows-full (SEG6X_OTIP_FLOWS_MAX flows per namespace).
 *
 *	SEG6X_CMD_OTIP_ADD (CAP_NET_ADMIN): SEG6X_ATTR_OTIP nest with
 *		OTIP_ATTR_NAME (string, 1-255 bytes, required), _BASE (16 bytes,
 *		required; unicast, its /64 not another rule's), _SERVICE (16
 *		bytes, required; unicast, not in the base /64), _SECRET (binary,
 *		1-128 bytes, required), _PERIOD (u32 seconds, 1-86400, default
 *		32), _OFFSET (s32 seconds added to the clock, default 0), _MODE
 *		(u8, enum otip_gw_mode, default keyed). EEXIST for a name or base
 *		in use, ENOSPC past SEG6X_OTIP_RULES_MAX rules.
 *	SEG6X_CMD_OTIP_DEL (CAP_NET_ADMIN): OTIP_ATTR_NAME; the rule's flows
 *		end with it. ENOENT if there is no such rule.
 *	SEG6X_CMD_OTIP_GET: dump, one SEG6X_ATTR_OTIP nest per rule: NAME,
 *		BASE, SERVICE, PERIOD, OFFSET, MODE, WINDOW (u32, the current
 *		window), FLOWS (u32, live flows), FLOWS_MAX (u32), and the u64
 *		counters ACCEPTED (flows opened), FORWARDED (packets to the
 *		service), REPLIES (packets back, source rewritten), STALE,
 *		GUESSED, NO_FLOW, PROTOCOL, FLOWS_FULL (drops). Never the
 *		secret, never an address.
 */
#ifndef _UAPI_LINUX_SEG6X_H
#define _UAPI_LINUX_SEG6X_H

#include <linux/types.h>

#define SEG6X_GENL_NAME		"seg6x"
#define SEG6X_GENL_VERSION	1
#define SEG6X_ABI		1	/* bumped on incompatible changes */

#define SEG6X_BPF_NAME_PREFIX	"seg6x:"
#define SEG6X_KFUNC_EXEC	"bpf_seg6x_exec"
#define SEG6X_MCGRP_SRIOT	"sriot"
#define SEG6X_MCGRP_ILNP	"ilnp"	/* SEG6X_CMD_ILNP_EVENT (seg6x_ilnp.h) */

/* bpf_seg6x_exec()'s second argument: behaviour id | route options */
#define SEG6X_EXEC_ID_MASK		0xffffU
#define SEG6X_EXEC_PIPE_RETURN_TLV	(1U << 16)

/* Behaviours: ids are ABI, never reused. */
enum seg6x_behaviour_id {
	SEG6X_BEHAVIOUR_UNSPEC,
	SEG6X_BEHAVIOUR_END,		/* "seg6x-end": End through the seg6x path */
	SEG6X_BEHAVIOUR_AVR_EXEC,	/* "avr-exec": SR-IoT process execution */
	SEG6X_BEHAVIOUR_PIPE,		/* "pipe": SRv6Pipes bytestream function */
	SEG6X_BEHAVIOUR_ILNP,		/* "ilnp": ILNPv6 locator rewriting */
	SEG6X_BEHAVIOUR_ILNP_LRR,	/* "ilnp-lrr": ILNP locator rewriting relay */
	SEG6X_BEHAVIOUR_OTIP,		/* "otip": one-time addresses for a service (section 6) */
	__SEG6X_BEHAVIOUR_MAX,
};
#define SEG6X_BEHAVIOUR_MAX (__SEG6X_BEHAVIOUR_MAX - 1)

/* Drop reasons: values are ABI, names are given in every reply. */
enum seg6x_drop_reason {
	SEG6X_DROP_UNSPEC,
	SEG6X_DROP_NO_BEHAVIOUR,	/* glue asked for a behaviour not loaded */
	SEG6X_DROP_NOT_IPV6,		/* skb is not IPv6 */
	SEG6X_DROP_NO_SRH,		/* no valid SRH at the expected place */
	SEG6X_DROP_NOMEM,		/* could not make the packet writable */
	SEG6X_DROP_MALFORMED,		/* behaviour-specific header malformed */
	SEG6X_DROP_BUDGET,		/* a per-hop or total budget exceeded */
	SEG6X_DROP_UNROUTABLE,		/* no route for the next segment/return */
	SEG6X_DROP_NOT_END_BPF,		/* kfunc called outside End.BPF (see 1.) */
	SEG6X_DROP_BAD_NONCE,		/* ilnp: nonce missing or not the session's */
	SEG6X_DROP_UNKNOWN_NID,		/* ilnp: update from (ilnp-lrr: packet to) a NID not in the ILCC */
	SEG6X_DROP_CACHE_FULL,		/* ilnp: no room in the ILCC */
	SEG6X_DROP_BAD_CHECKSUM,	/* a checksum that does not verify */
	SEG6X_DROP_PIPE_REDUCED_SRH,	/* pipe: our SID is not in the SRH */
	SEG6X_DROP_PIPE_NOT_TCP,	/* pipe: not TCP right after the SRH */
	SEG6X_DROP_PIPE_FUNCTION,	/* pipe: unknown function (SYN answered by RST) */
	SEG6X_DROP_PIPE_FLOWS,		/* pipe: flow table full (SYN dropped) */
	SEG6X_DROP_GSO,			/* a GSO super-packet: not one process */
	SEG6X_DROP_HMAC,		/* avr-exec: no key to re-sign the SRH HMAC */
	SEG6X_DROP_OTIP_STALE,		/* otip: new connection to an expired window's address */
	SEG6X_DROP_OTIP_GUESSED,	/* otip: new connection to no window's address */
	SEG6X_DROP_OTIP_NO_FLOW,	/* otip: not a connection start, no flow */
	SEG6X_DROP_OTIP_PROTOCOL,	/* otip: not TCP, UDP or echo (or a later fragment) */
	SEG6X_DROP_OTIP_FLOWS,		/* otip: flow table full */
	SEG6X_DROP_PIPE_LOADING,	/* pipe: SYN held while its function's module loads */
	SEG6X_DROP_PIPE_RETURN_TLV,	/* pipe, return tlv: malformed return-path TLV */
	__SEG6X_DROP_MAX,
};
#define SEG6X_DROP_MAX (__SEG6X_DROP_MAX - 1)

enum seg6x_cmd {
	SEG6X_CMD_UNSPEC,
	SEG6X_CMD_GET_INFO,
	SEG6X_CMD_GET_STATS,
	SEG6X_CMD_RESET_STATS,
	SEG6X_CMD_SRIOT_PORT_SET,
	SEG6X_CMD_SRIOT_PORT_DEL,
	SEG6X_CMD_SRIOT_PORT_GET,
	SEG6X_CMD_SRIOT_SET,
	SEG6X_CMD_SRIOT_GET,
	SEG6X_CMD_SRIOT_EVENT,
	SEG6X_CMD_SRIOT_PORT_ADD,
	SEG6X_CMD_ILNP_NID_ADD,		/* seg6x_ilnp.h, section 5 */
	SEG6X_CMD_ILNP_NID_DEL,
	SEG6X_CMD_ILNP_LOC_ADD,
	SEG6X_CMD_ILNP_LOC_DEL,
	SEG6X_CMD_ILNP_PEER_ADD,
	SEG6X_CMD_ILNP_PEER_DEL,
	SEG6X_CMD_ILNP_SET,
	SEG6X_CMD_ILNP_GET,
	SEG6X_CMD_ILNP_CACHE_GET,
	SEG6X_CMD_PIPE_FN_GET,
	SEG6X_CMD_PIPE_SED_SET,
	SEG6X_CMD_PIPE_SED_DEL,
	SEG6X_CMD_PIPE_SED_GET,
	SEG6X_CMD_PIPE_SED_ADD,
	SEG6X_CMD_PIPE_FLOW_GET,
	SEG6X_CMD_OTIP_ADD,		/* section 6 */
	SEG6X_CMD_OTIP_DEL,
	SEG6X_CMD_OTIP_GET,
	SEG6X_CMD_PIPE_KEY_ADD,		/* section 5 */
	SEG6X_CMD_PIPE_KEY_DEL,
	SEG6X_CMD_PIPE_KEY_GET,
	SEG6X_CMD_ILNP_EVENT,		/* seg6x_ilnp.h, section 6 */
	SEG6X_CMD_PIPE_SET,		/* section 5 */
	SEG6X_CMD_PIPE_GET,
	__SEG6X_CMD_MAX,
};
#define SEG6X_CMD_MAX (__SEG6X_CMD_MAX - 1)

enum seg6x_attr {
	SEG6X_ATTR_UNSPEC,
	SEG6X_ATTR_VERSION,		/* string */
	SEG6X_ATTR_ABI,			/* u32 */
	SEG6X_ATTR_BEHAVIOURS,		/* nest of SEG6X_ATTR_BEHAVIOUR */
	SEG6X_ATTR_BEHAVIOUR,		/* nest: SEG6X_BEHAVIOUR_ATTR_* */
	SEG6X_ATTR_BEHAVIOUR_ID,	/* u32, request filter */
	SEG6X_ATTR_STATS,		/* nest: SEG6X_STATS_ATTR_* */
	SEG6X_ATTR_PAD,
	SEG6X_ATTR_SRIOT_PORT,		/* nest: SRIOT_PORT_ATTR_* */
	SEG6X_ATTR_SRIOT_HOP_BUDGET,	/* u32 */
	SEG6X_ATTR_SRIOT_EVENT,		/* nest: SRIOT_EVENT_ATTR_* */
	SEG6X_ATTR_ILNP,		/* nest: ILNP_ATTR_* (seg6x_ilnp.h) */
	SEG6X_ATTR_PIPE_FN,		/* nest: PIPE_FN_ATTR_* */
	SEG6X_ATTR_PIPE_SED,		/* nest: PIPE_SED_ATTR_* */
	SEG6X_ATTR_SRIOT_MAX_HOPS,	/* u32, 1-255 */
	SEG6X_ATTR_SRIOT_MAX_STEPS,	/* u32, >= 1 */
	SEG6X_ATTR_PIPE_FLOW,		/* nest: PIPE_FLOW_ATTR_* */
	SEG6X_ATTR_OTIP,		/* nest: OTIP_ATTR_* */
	SEG6X_ATTR_PIPE_KEY,		/* nest: PIPE_KEY_ATTR_* */
	SEG6X_ATTR_PIPE_MEM_MAX,	/* u64, bytes */
	SEG6X_ATTR_PIPE_MEM_HELD,	/* u64, bytes */
	SEG6X_ATTR_PIPE_FLOWS,		/* u32 */
	SEG6X_ATTR_PIPE_FLOWS_MAX,	/* u32 */
	SEG6X_ATTR_PIPE_FLOW_MEM_MAX,	/* u64, bytes */
	__SEG6X_ATTR_MAX,
};
#define SEG6X_ATTR_MAX (__SEG6X_ATTR_MAX - 1)

enum seg6x_behaviour_attr {
	SEG6X_BEHAVIOUR_ATTR_UNSPEC,
	SEG6X_BEHAVIOUR_ATTR_ID,	/* u32 */
	SEG6X_BEHAVIOUR_ATTR_NAME,	/* string */
	SEG6X_BEHAVIOUR_ATTR_DESC,	/* string */
	__SEG6X_BEHAVIOUR_ATTR_MAX,
};
#define SEG6X_BEHAVIOUR_ATTR_MAX (__SEG6X_BEHAVIOUR_ATTR_MAX - 1)

enum seg6x_stats_attr {
	SEG6X_STATS_ATTR_UNSPEC,
	SEG6X_STATS_ATTR_ID,		/* u32 */
	SEG6X_STATS_ATTR_NAME,		/* string */
	SEG6X_STATS_ATTR_PACKETS,	/* u64 */
	SEG6X_STATS_ATTR_BYTES,		/* u64 */
	SEG6X_STATS_ATTR_DROPS,		/* nest of SEG6X_STATS_ATTR_DROP */
	SEG6X_STATS_ATTR_DROP,		/* nest: SEG6X_DROP_ATTR_* */
	SEG6X_STATS_ATTR_PAD,
	SEG6X_STATS_ATTR_COUNTERS,	/* nest of SEG6X_STATS_ATTR_COUNTER */
	SEG6X_STATS_ATTR_COUNTER,	/* nest: SEG6X_COUNTER_ATTR_* */
	__SEG6X_STATS_ATTR_MAX,
};
#define SEG6X_STATS_ATTR_MAX (__SEG6X_STATS_ATTR_MAX - 1)

enum seg6x_drop_attr {
	SEG6X_DROP_ATTR_UNSPEC,
	SEG6X_DROP_ATTR_REASON,		/* u32 */
	SEG6X_DROP_ATTR_NAME,		/* string */
	SEG6X_DROP_ATTR_COUNT,		/* u64 */
	SEG6X_DROP_ATTR_PAD,
	__SEG6X_DROP_ATTR_MAX,
};
#define SEG6X_DROP_ATTR_MAX (__SEG6X_DROP_ATTR_MAX - 1)

enum seg6x_counter_attr {
	SEG6X_COUNTER_ATTR_UNSPEC,
	SEG6X_COUNTER_ATTR_NAME,	/* string */
	SEG6X_COUNTER_ATTR_VALUE,	/* u64 */
	SEG6X_COUNTER_ATTR_PAD,
	__SEG6X_COUNTER_ATTR_MAX,
};
#define SEG6X_COUNTER_ATTR_MAX (__SEG6X_COUNTER_ATTR_MAX - 1)

enum sriot_port_mode {
	SRIOT_PORT_SENSOR = 1,
	SRIOT_PORT_ACTUATOR,
};

enum sriot_port_attr {
	SRIOT_PORT_ATTR_UNSPEC,
	SRIOT_PORT_ATTR_ADDR,		/* u8, 0x20-0xff except 0x5d-0x5f */
	SRIOT_PORT_ATTR_MODE,		/* u8, enum sriot_port_mode */
	SRIOT_PORT_ATTR_VALUE,		/* u8 */
	SRIOT_PORT_ATTR_READS,		/* u64 */
	SRIOT_PORT_ATTR_WRITES,		/* u64, applied writes */
	SRIOT_PORT_ATTR_DUPS,		/* u64, repeated writes not applied */
	SRIOT_PORT_ATTR_PAD,
	__SRIOT_PORT_ATTR_MAX,
};
#define SRIOT_PORT_ATTR_MAX (__SRIOT_PORT_ATTR_MAX - 1)

enum sriot_event_attr {
	SRIOT_EVENT_ATTR_UNSPEC,
	SRIOT_EVENT_ATTR_PORT,		/* u8 */
	SRIOT_EVENT_ATTR_VALUE,		/* u8 */
	SRIOT_EVENT_ATTR_TASK,		/* u32 */
	SRIOT_EVENT_ATTR_WSEQ,		/* u32 */
	SRIOT_EVENT_ATTR_DUP,		/* flag */
	__SRIOT_EVENT_ATTR_MAX,
};
#define SRIOT_EVENT_ATTR_MAX (__SRIOT_EVENT_ATTR_MAX - 1)

enum pipe_fn_attr {
	PIPE_FN_ATTR_UNSPEC,
	PIPE_FN_ATTR_ID,		/* u32, 16-bit function id */
	PIPE_FN_ATTR_NAME,		/* string */
	PIPE_FN_ATTR_ARG,		/* string */
	PIPE_FN_ATTR_FWD,		/* flag */
	PIPE_FN_ATTR_REV,		/* flag */
	PIPE_FN_ATTR_MODULE,		/* string */
	__PIPE_FN_ATTR_MAX,
};
#define PIPE_FN_ATTR_MAX (__PIPE_FN_ATTR_MAX - 1)

#define PIPE_SED_RULES		16
#define PIPE_SED_LEN_MAX	64

enum pipe_sed_attr {
	PIPE_SED_ATTR_UNSPEC,
	PIPE_SED_ATTR_ID,		/* u32, 0 .. PIPE_SED_RULES - 1 */
	PIPE_SED_ATTR_PATTERN,		/* binary, 1 .. PIPE_SED_LEN_MAX bytes */
	PIPE_SED_ATTR_REPLACE,		/* binary, 0 .. PIPE_SED_LEN_MAX bytes */
	__PIPE_SED_ATTR_MAX,
};
#define PIPE_SED_ATTR_MAX (__PIPE_SED_ATTR_MAX - 1)

#define PIPE_MEM_MAX_MIN	16384	/* SEG6X_ATTR_PIPE_MEM_MAX, _FLOW_MEM_MAX */

#define PIPE_KEYS		16
#define PIPE_KEY_BYTES		32

enum pipe_key_attr {
	PIPE_KEY_ATTR_UNSPEC,
	PIPE_KEY_ATTR_ID,		/* u32, 0 .. PIPE_KEYS - 1 */
	PIPE_KEY_ATTR_KEY,		/* binary, PIPE_KEY_BYTES, never dumped */
	__PIPE_KEY_ATTR_MAX,
};
#define PIPE_KEY_ATTR_MAX (__PIPE_KEY_ATTR_MAX - 1)

#define SEG6X_SRH_TLV_RETURN_PATH	6	/* SRv6Pipes' return path */
#define PIPE_RETURN_SEGS_MAX		15	/* what the TLV's length holds */

enum pipe_flow_state {
	PIPE_FLOW_PENDING,		/* SYN seen, not yet accepted */
	PIPE_FLOW_ACTIVE,		/* both sockets open, bytes moving */
};

enum pipe_flow_attr {
	PIPE_FLOW_ATTR_UNSPEC,
	PIPE_FLOW_ATTR_CLIENT,		/* binary, struct in6_addr */
	PIPE_FLOW_ATTR_SERVER,		/* binary, struct in6_addr */
	PIPE_FLOW_ATTR_CPORT,		/* u16, host order */
	PIPE_FLOW_ATTR_SPORT,		/* u16, host order */
	PIPE_FLOW_ATTR_STATE,		/* u8, enum pipe_flow_state */
	PIPE_FLOW_ATTR_CALL,		/* nest: PIPE_CALL_ATTR_*, one per function */
	PIPE_FLOW_ATTR_SEGS,		/* binary, struct in6_addr[] */
	PIPE_FLOW_ATTR_BYTES_FWD,	/* u64, read from the client */
	PIPE_FLOW_ATTR_BYTES_REV,	/* u64, read from the server */
	PIPE_FLOW_ATTR_IDLE_MS,		/* u32 */
	PIPE_FLOW_ATTR_PAD,
	PIPE_FLOW_ATTR_RETURN_SEGS,	/* binary, struct in6_addr[], return tlv */
	PIPE_FLOW_ATTR_RETURN_SL,	/* u8, the reverse leg's segments left */
	PIPE_FLOW_ATTR_HELD,		/* u64, bytes the proxy holds for the flow */
	PIPE_FLOW_ATTR_BUFFERS,		/* u32, bytes of the flow's buffers */
	__PIPE_FLOW_ATTR_MAX,
};
#define PIPE_FLOW_ATTR_MAX (__PIPE_FLOW_ATTR_MAX - 1)

enum pipe_call_attr {
	PIPE_CALL_ATTR_UNSPEC,
	PIPE_CALL_ATTR_ID,		/* u32, 16-bit function id */
	PIPE_CALL_ATTR_ARG,		/* u32, the SID's argument */
	__PIPE_CALL_ATTR_MAX,
};
#define PIPE_CALL_ATTR_MAX (__PIPE_CALL_ATTR_MAX - 1)

#define SEG6X_OTIP_RULES_MAX	8	/* rules per namespace */
#define SEG6X_OTIP_FLOWS_MAX	1024	/* flows per namespace */
#define SEG6X_OTIP_NAME_MAX	255
#define SEG6X_OTIP_SECRET_MAX	128
#define SEG6X_OTIP_PERIOD_MAX	86400

enum otip_gw_mode {
	SEG6X_OTIP_MODE_KEYED,		/* HMAC-SHA256, the default */
	SEG6X_OTIP_MODE_IOTHADDR,		/* virtualsquare iothaddr (MD5) */
	__SEG6X_OTIP_MODE_MAX,
};

enum otip_attr {
	OTIP_ATTR_UNSPEC,
	OTIP_ATTR_NAME,			/* string */
	OTIP_ATTR_BASE,			/* binary, struct in6_addr */
	OTIP_ATTR_SERVICE,		/* binary, struct in6_addr */
	OTIP_ATTR_SECRET,		/* binary, requests only */
	OTIP_ATTR_PERIOD,		/* u32, seconds */
	OTIP_ATTR_OFFSET,		/* s32, seconds */
	OTIP_ATTR_MODE,			/* u8, enum otip_gw_mode */
	OTIP_ATTR_WINDOW,		/* u32 */
	OTIP_ATTR_FLOWS,		/* u32 */
	OTIP_ATTR_FLOWS_MAX,		/* u32 */
	OTIP_ATTR_ACCEPTED,		/* u64 */
	OTIP_ATTR_FORWARDED,		/* u64 */
	OTIP_ATTR_REPLIES,		/* u64 */
	OTIP_ATTR_STALE,		/* u64 */
	OTIP_ATTR_GUESSED,		/* u64 */
	OTIP_ATTR_NO_FLOW,		/* u64 */
	OTIP_ATTR_PROTOCOL,		/* u64 */
	OTIP_ATTR_FLOWS_FULL,		/* u64 */
	OTIP_ATTR_PAD,
	__OTIP_ATTR_MAX,
};
#define OTIP_ATTR_MAX (__OTIP_ATTR_MAX - 1)

#endif /* _UAPI_LINUX_SEG6X_H */
