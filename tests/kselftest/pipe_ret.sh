#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe_ret.sh: return traffic, "action pipe return tlv" against the default.
#
#  +--------+ c0  p0 +-----------------+ p1  q0 +---------------------+ q1  s0 +--------+
#  | client |--------| proxy (P)       |--------| router (Q)          |--------| server |
#  +--------+        | fc00:0:1::/80   |        | End fc00:0:2:ffff::e |        +--------+
#  2001:db8:1::1   2001:db8:1::2  2001:db8:2::1  2001:db8:2::2  2001:db8:3::1  2001:db8:3::2
#
# The client's socket carries an SRH (IPV6_RTHDR): the identity SID on P,
# then the server, and a return-path TLV (type 6) [Q's End SID, the
# client]. On a "return tlv" route P sends the accepted connection's
# packets to the client through Q's End SID: a capture on Q sees the
# whole 200 kB echo there, every packet with the SRH [client, SID] and
# segments left 1, and both ends get their bytes byte-exact. A SYN without
# the TLV, and a "return proxy" route given the TLV, answer on the ordinary
# route (nothing at Q). Malformed TLVs (length not 6 + 16n, segments left
# out of range, a first segment that is not the client) drop the SYN as
# pipe-return-tlv. Transmit checksum offload is off on c0 and p1.
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3,
# tcpdump; exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/pipe_topo.sh"
trap pipe_cleanup EXIT
SRH="$PY $PIPE_LIB/pipe_srh.py"

pipe_begin
command -v tcpdump >/dev/null || skip "no tcpdump"
pipe_setup2 || { nok "topology"; tap_end; exit 1; }
CL=2001:db8:1::1
RSID=fc00:0:2:ffff::e
# Q's End SID on the way back, Q routes the client's prefix, P forwards
# what comes back from Q, and the client takes packets with an SRH
ip -n $Q -6 route add $RSID/128 encap seg6local action End count dev q0 &&
	ip -n $Q -6 route add 2001:db8:1::/64 via 2001:db8:2::1 dev q0 &&
	ip netns exec $P sysctl -qw net.ipv6.conf.all.forwarding=1 &&
	ip netns exec $C sysctl -qw net.ipv6.conf.all.seg6_enabled=1 \
		net.ipv6.conf.c0.seg6_enabled=1 ||
	{ nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy, router with an End SID, server"
pipe_serve || nok "server started"

check "ip route add ... action pipe return tlv" \
	ip -n $P -6 route replace fc00:0:1::/80 encap seg6local action pipe return tlv count dev p0
show=$(ip -n $P -6 route show fc00:0:1::/80)
echo "# $show"
case "$show" in *"action pipe return tlv "*) ok "ip route show prints action pipe return tlv" ;;
	*) nok "ip route show prints action pipe return tlv" ;; esac
[ "$(ip -n $P -j -6 route show fc00:0:1::/80 | jq -r '.[0] | "\(.action) \(.return)"')" = "pipe tlv" ] &&
	ok "JSON: \"action\": \"pipe\", \"return\": \"tlv\"" || nok "JSON: \"action\": \"pipe\", \"return\": \"tlv\""
REFUSE_STATUS=255
refuse "return foo is refused" 'value "foo" is invalid for action pipe' \
	ip -n $P -6 route replace fc00:0:1::/80 encap seg6local action pipe return foo dev p0
unset REFUSE_STATUS

GOOD=$($SRH srh fc00:0:1::,$SRV --ret $RSID,$CL)
PLAIN=$($SRH srh fc00:0:1::,$SRV)

# capture_start / capture_check: tcpdump on Q's q0, packets to the End SID.
# --immediate-mode: without it libpcap hands packets over a block at a time
# (or after a second), and a capture stopped sooner keeps none. The stop
# waits for tcpdump to close its file; the counts land in $tmp/cap.
capture_start() {
	rm -f "$tmp/q.pcap" "$tmp/tcpdump.log"
	ip netns exec $Q tcpdump -i q0 -s 200 -U --immediate-mode -w "$tmp/q.pcap" "ip6 dst $RSID" \
		2> "$tmp/tcpdump.log" &
	cap=$!
	for _ in $(seq 300); do grep -q listening "$tmp/tcpdump.log" && break; sleep 0.1; done
	grep -q listening "$tmp/tcpdump.log" || echo "# tcpdump not listening: $(cat "$tmp/tcpdump.log")"
	end0=$(end_packets)
}
# end_packets: what Q's End route has counted
end_packets() {
	ip -n $Q -s -6 route show $RSID/128 | grep -o 'packets [0-9]*' | head -1 | tr -dc 0-9
}
capture_check() {
	sleep 0.3
	kill $cap
	wait $cap
	grep -q listening "$tmp/tcpdump.log" || { echo "no capture" > "$tmp/cap"; return; }
	# payload: the bytes the sequence numbers cover, each once (TCP
	# retransmits under load), from the first packet's, modulo 2^32
	tcpdump -n -S -r "$tmp/q.pcap" 2>/dev/null | awk -v want="IP6 $SRV > $RSID: RT6 (len=4, type=4, segleft=1, last-entry=1, tag=0, [0]$CL, [1]$RSID) 8080 > " '
		{ n++; if (!index($0, want)) { bad++; next } }
		match($0, /seq [0-9]+:[0-9]+/) {
			split(substr($0, RSTART + 4, RLENGTH - 4), r, ":")
			if (s0 == "") s0 = r[1]
			a = (r[1] - s0 + 4294967296) % 4294967296
			print "range", a, a + (r[2] - r[1] + 4294967296) % 4294967296
		}
		index($0, "Flags [F") { fin++ }
		END { printf "count %d %d %d\n", n, fin, bad }' |
	sort -k2,2n | awk '
		$1 == "count" { n = $2; fin = $3; bad = $4; next }
		$2 > end { payload += end - start; start = $2; end = $3; next }
		$3 > end { end = $3 }
		END { payload += end - start; printf "packets %d payload %d fin %d bad %d\n", n, payload, fin, bad }' > "$tmp/cap"
}
# nothing_at_q DESC: neither the capture nor Q's End route saw a packet
nothing_at_q() {
	local res
	capture_check
	res="$(cat "$tmp/cap"), End route $end0 -> $(end_packets)"
	case "$res" in "packets 0 "*", End route $end0 -> $end0") ok "$1" ;;
		*) nok "$1 ($res)" ;; esac
}
# send RTHDR FILE: the client sends FILE through its socket's SRH
send() {
	rm -f "$tmp/back"
	ip netns exec $C $PEER send $SRV 8080 "$2" "$tmp/back" --rthdr "$1" --timeout 30
	conn=$((conn + 1))
	for _ in $(seq 100); do [ -e "$tmp/srv.$conn.done" ] && break; sleep 0.1; done
}

head -c 200000 /dev/urandom > "$tmp/data"
capture_start
send "$GOOD" "$tmp/data"
same "return tlv: the server gets the 200 kB" "$tmp/data" "$tmp/srv.$conn"
same "return tlv: the client gets the 200 kB echo" "$tmp/data" "$tmp/back"
capture_check
res=$(cat "$tmp/cap")
echo "# at Q's End SID: $res"
set -- $res
[ "$2" -gt 0 ] && [ "$4" = 200000 ] && [ "$6" -ge 1 ] && [ "$8" = 0 ] &&
	ok "return tlv: the whole echo and the FIN pass Q's End SID, SRH [client, SID] segments left 1" ||
	nok "return tlv: the whole echo and the FIN pass Q's End SID, SRH [client, SID] segments left 1 ($res)"
cnt="packets $(end_packets)"
echo "# End SID on Q: $cnt"
[ "${cnt#packets }" -ge "$2" ] 2>/dev/null && ok "Q's End route counts the reply packets ($cnt)" ||
	nok "Q's End route counts the reply packets ($cnt)"

# no TLV on a return tlv route: the ordinary route, nothing at Q
printf 'I love dogs!\n' > "$tmp/dogs"
capture_start
send "$PLAIN" "$tmp/dogs"
same "return tlv, a SYN without the TLV: the echo comes back" "$tmp/dogs" "$tmp/back"
nothing_at_q "return tlv, no TLV: nothing passes Q's End SID"

# malformed TLVs: the SYN is dropped and counted, no flow, nothing through
# refused DESC RTHDR
refused() {
	local d0 s0 err
	d0=$(drop pipe-return-tlv) s0=$(counter syns)
	err=$(ip netns exec $C $PEER send $SRV 8080 "$tmp/dogs" "$tmp/back" --rthdr "$2" --timeout 2 2>&1)
	echo "# $1: $err, pipe-return-tlv $d0 -> $(drop pipe-return-tlv), syns $s0 -> $(counter syns)"
	[ "$err" = timeout ] && [ "$(drop pipe-return-tlv)" -gt "$d0" ] && [ "$(counter syns)" = "$s0" ] &&
		ok "$1: the SYN is dropped as pipe-return-tlv" ||
		nok "$1: the SYN is dropped as pipe-return-tlv"
}
refused "a TLV of 14 bytes (not 6 + 16n)" \
	"$($SRH srh fc00:0:1::,$SRV --tlv 060e000000000000$(printf '20010db800010000'))"
refused "segments left 2 of 2 segments" "$($SRH srh fc00:0:1::,$SRV --ret $RSID,$CL --ret-sl 2)"
refused "a first segment that is not the client" \
	"$($SRH srh fc00:0:1::,$SRV --ret $RSID,2001:db8:1::99)"
pipe_empty $P && ok "no flow left behind by the refused SYNs" || nok "no flow left behind by the refused SYNs"

# return proxy (the default) ignores the TLV, even a malformed one
check "ip route replace ... action pipe (return proxy)" \
	ip -n $P -6 route replace fc00:0:1::/80 encap seg6local action pipe return proxy count dev p0
case "$(ip -n $P -6 route show fc00:0:1::/80)" in *"action pipe return"*)
	nok "return proxy prints as plain action pipe" ;; *) ok "return proxy prints as plain action pipe" ;; esac
capture_start
send "$GOOD" "$tmp/dogs"
same "return proxy with a TLV: the echo comes back" "$tmp/dogs" "$tmp/back"
nothing_at_q "return proxy: the TLV is ignored, nothing passes Q's End SID"
d0=$(drop pipe-return-tlv)
send "$($SRH srh fc00:0:1::,$SRV --ret $RSID,2001:db8:1::99)" "$tmp/dogs"
same "return proxy: a malformed TLV is ignored too" "$tmp/dogs" "$tmp/back"
[ "$(drop pipe-return-tlv)" = "$d0" ] && ok "return proxy: nothing counted as pipe-return-tlv" ||
	nok "return proxy: nothing counted as pipe-return-tlv"

# a live flow as ip pipe show lists it (back on return tlv)
ip -n $P -6 route replace fc00:0:1::/80 encap seg6local action pipe return tlv dev p0
ip netns exec $C $PEER hold $SRV 8080 30 --rthdr "$GOOD" > /dev/null 2>&1 &
holder=$!
pids="$pids $holder"
for _ in $(seq 100); do
	pf=$(ip -n $P -j pipe show | jq -c '.[0] // empty')
	[ -n "$pf" ] && [ "$(echo "$pf" | jq -r .state)" = active ] && break
	sleep 0.1
done
echo "# $(ip -n $P pipe show)"
[ "$(echo "$pf" | jq -c '.return')" = "[\"$RSID\",\"$CL\"]" ] &&
	ok "ip pipe show: return $RSID,$CL" || nok "ip pipe show: return $RSID,$CL (got $pf)"
kill $holder

tap_end
