#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 hosts (seg6x "ilnp") under attack and misuse. Topology:
# lib/ilnp_topo.sh (MN in a and b, stock router R, CN in c). MN joins b
# once, so CN learns MN's nonce from a real Locator Update; then R, a
# stock host, sends CN forged (wrong nonce), nonce-less, unknown-NID,
# malformed and bad-checksum updates in MN's name or others': each is
# refused, counted under its drop reason, reported by "ip ilnp monitor"
# with that reason and its source, and changes nothing. Bad
# commands are refused with their message, changes need CAP_NET_ADMIN, a
# flood of peers stops at the ILCC bound, and MN <-> CN keeps working.
. "$(dirname "$0")/lib/ilnp_topo.sh"
ilnp_begin
OVERLAP=1
join_b
for i in $(seq 50); do [ "$(cache $MN 0:0:0:c .lu_pending)" = false ] && break; sleep 0.2; done
eq "MN's update acknowledged: CN knows MN's nonce" "1" \
	"$(cache $CN 0:0:0:a '.nonce_remote | length > 0' | grep -c true)"

# ---- hostile Locator Updates, sent by R (a stock host), in one scapy run ----
mon_start cn $CN -j
check "ip -j ilnp monitor on CN is listening" mon_ready $CN cn
before=$(cache $CN 0:0:0:a '[.locators[] | .locator] | join(",")')
d_nonce=$(drop $CN bad-nonce) d_nid=$(drop $CN unknown-nid)
d_mal=$(drop $CN malformed) d_csum=$(drop $CN bad-checksum)
x $R $PY - <<'PYEOF'
import time
# scapy's layers one by one: scapy.all takes seconds longer to import under TCG
from scapy.layers.inet6 import IPv6, IPv6ExtHdrDestOpt, HBHOptUnknown, ICMPv6Unknown
from scapy.sendrecv import send
BODY = bytes.fromhex("0101000020010db8000f000000010010")   # advertise 2001:db8:f::/64


def lu(src, nonce, body=BODY, cksum=None):
    p = IPv6(src=src, dst="2001:db8:c::c")
    if nonce:
        p = p / IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x8b, optdata=bytes.fromhex(nonce))])
    icmp = ICMPv6Unknown(type=156, code=0, msgbody=body)
    if cksum is not None:
        icmp.cksum = cksum
    send(p / icmp, verbose=False)
    time.sleep(0.02)


lu("2001:db8:b::a", "000102030405060708090a0b")   # forged: not the session's nonce
lu("2001:db8:b::a", None)                         # no nonce
for i in range(20):                               # unknown NIDs
    lu("2001:db8:b::%x" % (0x1000 + i), "0a0b0c0d")
lu("2001:db8:b::a", "0a0b0c0d", bytes.fromhex("0201000020010db8000f000000010010"))  # says 2, has 1
lu("2001:db8:b::a", "0a0b0c0d", bytes.fromhex("0103000020010db8000f000000010010"))  # operation 3
lu("2001:db8:b::a", "0a0b0c0d", cksum=0x1234)     # bad checksum
PYEOF
sleep 0.5
eq "forged (wrong nonce) and nonce-less updates refused: bad-nonce" $((d_nonce + 2)) \
	"$(drop $CN bad-nonce)"
eq "CN's ILCC unchanged by them" "$before" "$(cache $CN 0:0:0:a '[.locators[] | .locator] | join(",")')"
eq "20 updates from unknown NIDs refused: unknown-nid" $((d_nid + 20)) "$(drop $CN unknown-nid)"
eq "and the ILCC did not grow" "1" "$(ip -n $CN -j ilnp cache show | jq length)"
eq "malformed updates refused: malformed" $((d_mal + 2)) "$(drop $CN malformed)"
eq "update with a bad checksum refused: bad-checksum" $((d_csum + 1)) "$(drop $CN bad-checksum)"
mon_wait cn '"reason":"bad-checksum"'
mon_stop
eq "ip ilnp monitor: one refused event per update, by reason" \
	"bad-checksum=1 bad-nonce=2 malformed=2 unknown-nid=20" \
	"$(jq -s -r '[.[] | select(.event == "refused") | .reason] | group_by(.) |
		map("\(.[0])=\(length)") | join(" ")' $tmp/mon-cn)"
eq "ip ilnp monitor: the forged update named with MN's NID and the locator it came from" \
	"0:0:0:a 2001:db8:b::/64" \
	"$(jq -s -r '[.[] | select(.reason == "bad-nonce")][0] | "\(.peer) \(.locator)"' $tmp/mon-cn)"
eq "and the unknown NIDs by theirs" "0:0:0:1000 0:0:0:1013" \
	"$(jq -s -r '[.[] | select(.reason == "unknown-nid") | .peer] | "\(first) \(last)"' $tmp/mon-cn)"

# ---- control plane: bad commands are refused with a message, exit 1, nothing changed ----
config() { ip -n $CN -j ilnp show | jq -c '.[0] | del(.counters, .drops)'; }
peers() { ip -n $CN -j ilnp cache show | jq -c '[.[] | {nid, locators: [.locators[].locator]}]'; }
c0=$(config) p0=$(peers)
REFUSE_STATUS=1
refuse "a NID of three groups refused" 'argument "0:0:a" is wrong: NID must be X:X:X:X' \
	il $CN nid add 0:0:a locator 2001:db8:d::/64
refuse "the NID 0:0:0:0 refused" 'NID must not be 0:0:0:0' il $CN peer del 0:0:0:0
refuse "a locator that is not a /64 refused" 'L64 must be an IPv6 /64 prefix' \
	il $CN locator add 2001:db8:d::/48
refuse "a locator with bits in its lower half refused" 'L64 must have zero lower 64 bits' \
	il $CN locator add 2001:db8:d::1/64
refuse "the locator ::/64 refused" 'L64 must not be ::/64' \
	il $CN nid add 0:0:0:77 locator ::/64
refuse "pref 65536 refused" 'PREF must be 0-65535' il $CN locator add 2001:db8:d::/64 pref 65536
refuse "lifetime 0 refused" 'SECONDS must be 1-65535' il $CN locator add 2001:db8:d::/64 lifetime 0
refuse "a duplicate pref refused" 'duplicate "pref"' \
	il $CN locator add 2001:db8:d::/64 pref 1 pref 2
refuse "peer with a 5-byte nonce refused" 'the nonce has 4 or 12 bytes' \
	il $CN peer add 0:0:0:9 locator 2001:db8:9::/64 nonce 0102030405
refuse "peer without a locator refused" '"locator L64" is required' il $CN peer add 0:0:0:9
refuse "set handoff medium refused" 'handoff must be "soft" or "hard"' il $CN set handoff medium
refuse "set checksum md5 refused" 'checksum must be "rfc" or "ipv6"' il $CN set checksum md5
refuse "set fallback-retry -1 refused" 'SECONDS0 must be 0-4294967295' il $CN set fallback-retry -1
refuse "an unknown word refused" 'unknown argument "frob"' il $CN locator add 2001:db8:d::/64 frob 1
refuse "monitor: arguments after it refused" 'unknown argument "frob"' il $CN monitor frob
refuse "second NID 0:0:0:c refused by the kernel" '^Error: NID exists' \
	il $CN nid add 0:0:0:c locator 2001:db8:c::/64
refuse "second peer with the same NID refused" '^Error: peer exists' \
	il $CN peer add 0:0:0:a locator 2001:db8:7::/64
refuse "deleting an unknown NID: ENOENT" '^Error: no such NID' il $CN nid del 0:0:0:77
refuse "deleting an unknown locator: ENOENT" '^Error: no such locator' \
	il $CN locator del 2001:db8:d::/64
refuse "deleting an unknown peer: ENOENT" '^Error: no such peer' il $CN peer del 0:0:0:77
refuse "changes need CAP_NET_ADMIN" 'Operation not permitted' \
	x $CN setpriv --bounding-set -net_admin ip ilnp locator add 2001:db8:d::/64
refuse "ip ilnp monitor needs CAP_NET_ADMIN" \
	'cannot join the seg6x multicast group "ilnp": Operation not permitted' \
	x $CN setpriv --bounding-set -net_admin ip ilnp monitor
refuse "ip ilnp monitor refused to an unprivileged user" 'group "ilnp": Operation not permitted' \
	x $CN setpriv --reuid=nobody --regid=nogroup --clear-groups ip ilnp monitor
unset REFUSE_STATUS
eq "CN's settings, NIDs and locators unchanged by the refusals" "$c0" "$(config)"
eq "CN's ILCC unchanged by the refusals" "$p0" "$(peers)"

# ---- handoff and checksum settings, in a namespace of their own ----
ip netns add $H
loc() { ip -n $H -j ilnp show | jq -r '[.[0].locators[].locator] | join(" ")'; }
il $H set handoff hard checksum ipv6
il $H locator add 2001:db8:a::/64
il $H locator add 2001:db8:b::/64
eq "handoff hard: a new locator replaces the others" "2001:db8:b::/64" "$(loc)"
il $H set handoff soft
il $H locator add 2001:db8:c::/64 pref 3 lifetime 30
eq "handoff soft: a new locator goes beside the others" "2001:db8:b::/64 2001:db8:c::/64" "$(loc)"
eq "ip ilnp show: the settings and the locator's pref and lifetime" \
	"enabled false checksum ipv6 handoff soft fallback-retry 600|locator 2001:db8:c::/64 pref 3 lifetime 30" \
	"$(il $H show | grep -E '^enabled|2001:db8:c::' | paste -sd'|')"
eq "settings are per namespace: CN keeps rfc and soft" "rfc soft" \
	"$(ip -n $CN -j ilnp show | jq -r '.[0] | "\(.checksum) \(.handoff)"')"
check "and the locators can go" sh -c "ip -n $H ilnp locator del 2001:db8:b::/64 &&
	ip -n $H ilnp locator del 2001:db8:c::/64 && [ -z \"\$(ip -n $H -j ilnp show | jq -r '.[0].locators[]')\" ]"
ip netns del $H

# ---- a flood of peers stops at the ILCC bound ----
for i in $(seq 1 70); do
	il $CN peer add 0:0:1:$(printf %x $((0x100 + i))) locator 2001:db8:e::/64
done > $tmp/flood 2>&1
eq "a flood of peers stops at the ILCC bound (64)" "64" "$(ip -n $CN -j ilnp cache show | jq length)"
grep -q "^Error: identifier-locator cache full" $tmp/flood && ok "and says: identifier-locator cache full" ||
	nok "and says: identifier-locator cache full"
# the flood may have evicted MN from CN's ILCC (idle under TCG): MN's first
# echo then carries a nonce CN no longer knows and CN answers it with a
# Parameter Problem; MN sends no more nonces to CN (it is no fallback: CN
# showed its nonce before) and the next echoes are answered
check "MN <-> CN still works after all that" x $MN ping -6 -c 3 -i 0.3 -W 2 -I $MN_ILV $CN_ILV
eq "CN is still an ILNP peer for MN (no fallback)" false "$(cache $MN 0:0:0:c .fallback)"
if [ "$fails" -gt 0 ]; then
	for ns in $MN $CN; do
		echo "# $ns: $(ip -n $ns -j seg6x stats behaviour ilnp)"
		echo "# $ns: $(ip -n $ns -j ilnp cache show | jq -c '[.[] | select(.nid == "0:0:0:a" or .nid == "0:0:0:c")]')"
	done
fi
tap_end
