/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * ILNPv6 ("ip ilnp", RFC 6740-6744): the wire format seg6x speaks.
 *
 * Shared by the kernel hooks, the pure core in ilnp/, the unit tests, the
 * fuzzer and the tools. All multi-byte fields are big-endian.
 *
 * 1. Addresses: an IPv6 address is an I-LV (identifier-locator vector)
 *
 *    0                   63 64                 127
 *   +-----------------------+-----------------------+
 *   |   L64 (locator)       |   NID (node id)       |
 *   +-----------------------+-----------------------+
 *
 *   Sockets see a stable I-LV: the node's home locator with its NID. On the
 *   wire the L64 is the current locator of either end; the NID never
 *   changes (RFC 6740 section 2, RFC 6741 section 3).
 *
 * 2. Locator Update (RFC 6743 section 2): ICMPv6 type 156, code 0
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Type = 156   |   Code = 0    |          Checksum             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Num of Locs  |   Operation   |          RESERVED (0)         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   /                 Locator [1] (64 bits, an L64)                 /
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        Preference [1]         |         Lifetime [1]          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   /                     ... Num of Locs entries ...               /
 *
 *   Operation 1 is an advertisement, 2 the acknowledgement, which echoes
 *   the advertised list. Preference: lower is preferred (as the L64 DNS
 *   record, RFC 6742). Lifetime in seconds. The message length is exactly
 *   8 + 12 * Num of Locs; seg6x sends at most ILNP_LU_MAX_LOCS locators
 *   and refuses longer lists (see enum ilnp_lu_err in ilnp/ilnp.h for the
 *   name of every malformed case). The checksum is the ICMPv6 checksum of
 *   RFC 4443 over the addresses as they are on the wire. (An erratum,
 *   EID 5911, questions the Operation field; seg6x follows the published
 *   text, as the FreeBSD 14 implementation does.) Every Locator Update
 *   carries the session's nonce (below); one whose nonce does not match is
 *   refused.
 *
 * 3. Nonce (RFC 6744): a Destination Options header directly after the
 *   IPv6 header with one option
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Next Header  |  Hdr Ext Len  | Opt Type=0x8B | Opt Data Len  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |              Nonce value (4 or 12 bytes) ...                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Opt Data Len 4 (32-bit nonce, header 8 bytes, Hdr Ext Len 0) or 12
 *   (96-bit nonce, header 16 bytes, Hdr Ext Len 1): no padding needed.
 *   The type's top bits 10 make a stock IPv6 host discard the packet and
 *   answer with a Parameter Problem (code 2, pointer at the option): that
 *   answer is the capability probe, the peer then gets plain IPv6.
 *
 * 4. Transport checksums: RFC 6740/6741 put an I-LV with a zero L64 and
 *   the NID in place of each address in the TCP and UDP pseudo-header, so
 *   a checksum survives a locator change; draft-bhatti-ilnp-tcp-udp-
 *   checksums proposes plain IPv6 checksums over the wire addresses
 *   instead. seg6x supports both per network namespace: ILNP_CSUM_RFC (the
 *   default) and ILNP_CSUM_IPV6. ICMPv6 (echo, errors, Locator Update)
 *   always uses the RFC 4443 checksum over the wire addresses.
 *
 * 5. Control plane: generic netlink family "seg6x" (seg6x.h), per network
 *   namespace, CAP_NET_ADMIN for every command but the GETs. Every request
 *   carries one SEG6X_ATTR_ILNP nest of ILNP_ATTR_*; L64 and NID values are
 *   u64 in host byte order (0x20010db8000a0000 for 2001:db8:a::/64).
 *
 *	SEG6X_CMD_ILNP_NID_ADD	NID, L64 (the home locator: the stack uses the
 *		I-LV L64|NID, kept on lo or a dummy). The first one enables ILNP in
 *		the namespace (the netfilter hooks are registered then).
 *	SEG6X_CMD_ILNP_NID_DEL	NID
 *	SEG6X_CMD_ILNP_LOC_ADD	L64, PREF (default 10), LIFETIME (default
 *		65535): a locator of this node, beside the others (soft
 *		handoff) or instead of them (hard handoff). Every correspondent
 *		gets a Locator Update with the new set.
 *	SEG6X_CMD_ILNP_LOC_DEL	L64: withdrawn, correspondents are told.
 *	SEG6X_CMD_ILNP_PEER_ADD	NID, L64 (the locator the local stack uses
 *		for it, also its first locator), PREF, LIFETIME, optional NONCE
 *		(4 or 12 bytes: the nonce it will send; else learnt from its
 *		first Locator Update or acknowledgement).
 *	SEG6X_CMD_ILNP_PEER_DEL	NID
 *	SEG6X_CMD_ILNP_SET	CSUM_MODE (u8, enum ilnp_csum_mode), HANDOFF
 *		(u8, enum ilnp_handoff, default soft), FALLBACK_RETRY (u32,
 *		seconds, default 600, 0: never): how long a peer that answered
 *		our nonce with a Parameter Problem gets plain IPv6 before it is
 *		tried again (a Locator Update with our nonce is the new probe)
 *	SEG6X_CMD_ILNP_GET	reply: CSUM_MODE, HANDOFF, FALLBACK_RETRY,
 *		ENABLED (u8), one
 *		LOCATOR nest per local locator (EXPIRES_MS: its lifetime), one
 *		LOCAL nest (NID, L64) per NID.
 *	SEG6X_CMD_ILNP_CACHE_GET dump: one message per ILCC entry: NID,
 *		START_L64, NONCE_LOCAL, NONCE_REMOTE (if known), IDLE_MS (u32),
 *		LU_PENDING (u8), FALLBACK (u8), one LOCATOR nest (L64, PREF, STATE, EXPIRES_MS:
 *		u32 until the state changes) per locator.
 *
 * Counters and drops: "ip ilnp show", "ip seg6x stats behaviour ilnp"
 * (see the names in kmod/ilnp.c); malformed updates count as "malformed",
 * wrong or missing nonces as "bad-nonce", updates from unknown NIDs as
 * "unknown-nid".
 *
 * 6. Events ("ip ilnp monitor"): SEG6X_CMD_ILNP_EVENT, multicast to the
 *   group SEG6X_MCGRP_ILNP ("ilnp"; joining needs CAP_NET_ADMIN: events
 *   name peers and their locators). One SEG6X_ATTR_ILNP nest per event:
 *   EVENT (u8, enum ilnp_event) and the attributes that kind lists below.
 *   Events are queued in the order they happen, under the namespace's lock,
 *   and sent by a work item (process context, outside every lock), only
 *   while someone listens, at most ILNP_EVENTS_PER_SEC per second and
 *   namespace: the others are counted as "events-lost".
 */
#ifndef _UAPI_LINUX_SEG6X_ILNP_H
#define _UAPI_LINUX_SEG6X_ILNP_H

#include <linux/types.h>

#define ILNP_ICMP_LOCATOR_UPDATE	156
#define ILNP_LU_ICMP_CODE		0
#define ILNP_LU_MAX_LOCS		8	/* seg6x's bound, not the RFC's */

enum ilnp_lu_op {
	ILNP_LU_ADVERTISE = 1,
	ILNP_LU_ACK = 2,
};

struct ilnp_lu_hdr {
	__u8	type;
	__u8	code;
	__be16	checksum;
	__u8	n_locs;
	__u8	op;
	__be16	reserved;
};

struct ilnp_lu_loc {
	__u8	l64[8];
	__be16	pref;
	__be16	lifetime;		/* seconds */
};

#define ILNP_NONCE_OPT		0x8b
#define ILNP_NONCE_LEN_SHORT	4	/* 32-bit nonce */
#define ILNP_NONCE_LEN_LONG	12	/* 96-bit nonce */

enum ilnp_csum_mode {
	ILNP_CSUM_RFC,			/* pseudo-header over the NIDs only */
	ILNP_CSUM_IPV6,			/* pseudo-header over the wire addresses */
};

/*
 * What a new local locator does to the others (SEG6X_CMD_ILNP_SET): soft
 * handoff (make before break) adds it beside them, they stay until they
 * are deleted; hard handoff (break before make) replaces them all, so
 * correspondents are told of the new locator only.
 */
enum ilnp_handoff {
	ILNP_HANDOFF_SOFT,
	ILNP_HANDOFF_HARD,
};

/* State of a correspondent's locator in the ILCC */
enum ilnp_loc_state {
	ILNP_LOC_NONE,			/* free slot */
	ILNP_LOC_VALID,			/* usable, lifetime running */
	ILNP_LOC_ACTIVE,		/* valid and chosen for sending */
	ILNP_LOC_AGED,			/* lifetime over or withdrawn: still
					 * accepted on receive, never sent to */
	ILNP_LOC_EXPIRED,		/* aged past the grace time: forgotten */
};

enum ilnp_attr {
	ILNP_ATTR_UNSPEC,
	ILNP_ATTR_NID,			/* u64 */
	ILNP_ATTR_L64,			/* u64 */
	ILNP_ATTR_PREF,			/* u16 */
	ILNP_ATTR_LIFETIME,		/* u16, seconds */
	ILNP_ATTR_NONCE,		/* binary, 4 or 12 bytes */
	ILNP_ATTR_CSUM_MODE,		/* u8 */
	ILNP_ATTR_ENABLED,		/* u8 */
	ILNP_ATTR_LOCATOR,		/* nest: L64, PREF, STATE, EXPIRES_MS */
	ILNP_ATTR_LOCAL,		/* nest: NID, L64 */
	ILNP_ATTR_STATE,		/* u8, enum ilnp_loc_state */
	ILNP_ATTR_EXPIRES_MS,		/* u32 */
	ILNP_ATTR_START_L64,		/* u64 */
	ILNP_ATTR_NONCE_LOCAL,		/* binary */
	ILNP_ATTR_NONCE_REMOTE,		/* binary */
	ILNP_ATTR_IDLE_MS,		/* u32 */
	ILNP_ATTR_LU_PENDING,		/* u8 */
	ILNP_ATTR_PAD,
	ILNP_ATTR_HANDOFF,		/* u8, enum ilnp_handoff */
	ILNP_ATTR_FALLBACK,		/* u8: the peer answered our nonce with a
					 * Parameter Problem: plain IPv6 to it */
	ILNP_ATTR_EVENT,		/* u8, enum ilnp_event */
	ILNP_ATTR_OLD_STATE,		/* u8, enum ilnp_loc_state */
	ILNP_ATTR_TRIES,		/* u8: transmission number, 1 first */
	ILNP_ATTR_REASON,		/* u32, enum seg6x_drop_reason */
	ILNP_ATTR_REASON_NAME,		/* string: the drop reason's name */
	ILNP_ATTR_FALLBACK_RETRY,	/* u32, seconds (0: never) */
	__ILNP_ATTR_MAX,
};
#define ILNP_ATTR_MAX (__ILNP_ATTR_MAX - 1)

/*
 * Events (section 6). LOCATOR nests in events: L64, PREF, LIFETIME (the
 * list an update carried). NID and L64 at the top of a peer's event: the
 * peer and the locator concerned (for updates: the one it was sent to or
 * came from).
 */
enum ilnp_event {
	ILNP_EV_UNSPEC,
	ILNP_EV_LOC_ADDED,		/* ours: L64, PREF, LIFETIME */
	ILNP_EV_LOC_CHANGED,		/* ours: L64, PREF, LIFETIME (new values
					 * of a locator we had) */
	ILNP_EV_LOC_REMOVED,		/* ours: L64 (deleted, address gone, or
					 * replaced by a hard handoff) */
	ILNP_EV_UPDATE_SENT,		/* NID, L64, TRIES 1, LOCATOR nests */
	ILNP_EV_UPDATE_RETRANSMITTED,	/* NID, L64, TRIES > 1, LOCATOR nests */
	ILNP_EV_UPDATE_GIVEUP,		/* NID, TRIES: never acknowledged */
	ILNP_EV_UPDATE_RECEIVED,	/* NID, L64, LOCATOR nests */
	ILNP_EV_ACK_SENT,		/* NID, L64, LOCATOR nests */
	ILNP_EV_ACK_RECEIVED,		/* NID, L64, LOCATOR nests, LU_PENDING
					 * (u8: 0 if it acknowledged our
					 * current set) */
	ILNP_EV_PEER_LOCATOR,		/* NID, L64, STATE, OLD_STATE: the state
					 * of a peer's locator in the ILCC */
	ILNP_EV_FALLBACK,		/* NID: plain IPv6 to that peer */
	ILNP_EV_REFUSED,		/* a Locator Update refused: REASON,
					 * REASON_NAME, NID and L64 of its
					 * source (if it was one) */
	ILNP_EV_DATA_REFUSED,		/* a data packet from a peer with a wrong
					 * nonce: REASON, REASON_NAME, NID, L64 */
	ILNP_EV_FALLBACK_RETRY,		/* NID: a fallback peer is tried again
					 * (FALLBACK_RETRY seconds after) */
	__ILNP_EV_MAX,
};
#define ILNP_EV_MAX (__ILNP_EV_MAX - 1)

#define ILNP_EVENTS_PER_SEC	100	/* per namespace */

#endif /* _UAPI_LINUX_SEG6X_ILNP_H */
