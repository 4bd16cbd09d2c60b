#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ILNPv6 hosts (seg6x "ilnp") under attack and misuse. Topology:
# lib/ilnp_topo.sh (MN in a and b, stock router R, CN in c). MN joins b
# once, so CN learns MN's nonce from a real Locator Update; then R, a
# stock host, sends CN forged (wrong nonce), nonce-less, unknown-NID,
# malformed and bad-checksum updates in MN's name or others': each is
# refused, counted under its drop reason, and changes nothing. Bad
# commands are refused with their message, changes need CAP_NET_ADMIN, a
# flood of peers stops at the ILCC bound, and MN <-> CN keeps working.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/tap.sh"
. "$HERE/lib/ilnp_topo.sh"
trap ilnp_topo_down EXIT
ilnp_begin
OVERLAP=1
join_b
for i in $(seq 50); do [ "$(cache $MN ::c .lu_pending)" = 0 ] && break; sleep 0.2; done
eq "MN's update acknowledged: CN knows MN's nonce" "1" \
	"$(cache $CN ::a '.nonce_remote | length > 0' | grep -c true)"

# ---- hostile Locator Updates, sent by R (a stock host), in one scapy run ----
before=$(cache $CN ::a '[.locators[] | .l64] | join(",")')
d_nonce=$(drop $CN bad-nonce) d_nid=$(drop $CN unknown-nid)
d_mal=$(drop $CN malformed) d_csum=$(drop $CN bad-checksum)
x $R $PY - <<'PYEOF'
import time
from scapy.all import IPv6, IPv6ExtHdrDestOpt, HBHOptUnknown, ICMPv6Unknown, send
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
eq "CN's ILCC unchanged by them" "$before" "$(cache $CN ::a '[.locators[] | .l64] | join(",")')"
eq "20 updates from unknown NIDs refused: unknown-nid" $((d_nid + 20)) "$(drop $CN unknown-nid)"
eq "and the ILCC did not grow" "1" "$(ctl $CN cache | jq length)"
eq "malformed updates refused: malformed" $((d_mal + 2)) "$(drop $CN malformed)"
eq "update with a bad checksum refused: bad-checksum" $((d_csum + 1)) "$(drop $CN bad-checksum)"

# ---- control plane ----
refuse "peer with a 5-byte nonce refused" "4 or 12 bytes" \
	ctl $CN peer add 2001:db8:9::9 nonce 0102030405
refuse "nid add without a locator part refused" "home locator must not be zero" \
	ctl $CN nid add ::77
refuse "second peer with the same NID refused" "peer exists" ctl $CN peer add 2001:db8:7::a
refuse "changes need CAP_NET_ADMIN" "errno=1" \
	x $CN setpriv --bounding-set -net_admin $CTL loc add 2001:db8:d::/64
for i in $(seq 1 70); do ctl $CN peer add 2001:db8:e::$((0x100 + i)); done > $tmp/flood
eq "a flood of peers stops at the ILCC bound (64)" "64" "$(ctl $CN cache | jq length)"
grep -q "identifier-locator cache full" $tmp/flood && ok "and says: identifier-locator cache full" ||
	nok "and says: identifier-locator cache full"
check "MN <-> CN still works after all that" x $MN ping -6 -c 1 -W 2 -I $MN_ILV $CN_ILV
if [ "$fails" -gt 0 ]; then
	for ns in $MN $CN; do
		echo "# $ns: $(ip -n $ns -j seg6x stats behaviour ilnp)"
		echo "# $ns: $(x $ns $CTL cache | jq -c '[.[] | select(.nid == "::a" or .nid == "::c")]')"
	done
fi
tap_end
