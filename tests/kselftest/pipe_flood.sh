#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe_flood.sh: SYN cookies and the flow table's cap under a SYN flood.
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#  flood sources 2001:db8:99::/64 (the proxy routes them to the client,
#  which drops the SYN-ACKs: nobody answers them)
#
# 1. tcp_syncookies=2 on the proxy: its listener answers every SYN with a
#    cookie and the SYN makes no table entry (syn-cookies); the client's
#    first ACK carries the same SRH and refills the entry (refills), and the
#    connection works byte-exact (xor, mode encap and mode inline).
# 2. tcp_syncookies=1, pipe_max_flows=32: 2000 valid SYNs from 2000 source
#    addresses in 4 s. The table (ip pipe show) fills to the cap and never
#    exceeds it; SYNs that find it full are counted (syn-full) and, once
#    the listener's SYN queue overflows, answered with cookies and no entry
#    (syn-cookies); a connection made while the table is full completes
#    byte-exact (its ACK takes a half-open entry's place: evicted, refills);
#    the flood's entries age out (pipe_half_open_timeout: 30 s while the
#    table is sampled, then 1 s).
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3, nc, jq;
# exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/pipe_topo.sh"
PARAM=/sys/module/seg6x/parameters/pipe_max_flows
HALF=/sys/module/seg6x/parameters/pipe_half_open_timeout
max_flows= half=
flood_cleanup() {
	[ -n "$max_flows" ] && echo "$max_flows" > $PARAM
	[ -n "$half" ] && echo "$half" > $HALF
	pipe_cleanup
}
trap flood_cleanup EXIT

pipe_begin run
[ -w $PARAM ] && [ -w $HALF ] || skip "no $PARAM or $HALF"
pipe_setup || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy with action pipe, server"
pipe_serve || nok "server started"
flows() { ip -n $P -j pipe show | jq length; }
# counters NAME...: their values on one line, in order
counters() {
	local q= c
	for c in "$@"; do q="$q,(.[0].counters[\"${c//-/_}\"] // 0)"; done
	stats | jq -r "[${q#,}] | map(tostring) | join(\" \")"
}

# 1. every SYN answered with a cookie: the ACK refills the table
ip netns exec $P sysctl -qw net.ipv4.tcp_syncookies=2
head -c 100000 /dev/urandom > "$tmp/data"
$RUN xor=0x12345678 < "$tmp/data" > "$tmp/want"
read -r r0 k0 <<< "$(counters refills syn-cookies)"
via_encap fc00:0:1:0:0:a5a:1234:5678
exchange "$tmp/data"
same "syncookies=2, mode encap: the server gets the data xor 0x12345678" "$tmp/want" "$tmp/srv.$conn"
same "syncookies=2, mode encap: the echo is xored back to the data" "$tmp/data" "$tmp/back"
read -r r1 k1 <<< "$(counters refills syn-cookies)"
echo "# t=$SECONDS"
[ $((k1 - k0)) -ge 1 ] && ok "the SYN was left to the cookie, no entry (syn-cookies +$((k1 - k0)))" ||
	nok "the SYN was left to the cookie, no entry (syn-cookies +$((k1 - k0)))"
[ $((r1 - r0)) -ge 1 ] && ok "the client's ACK refilled the entry (refills +$((r1 - r0)))" ||
	nok "the client's ACK refilled the entry (refills +$((r1 - r0)))"
printf 'I love dogs!\n' > "$tmp/dogs"
$RUN xor=0x12345678 < "$tmp/dogs" > "$tmp/want"
via fc00:0:1:0:0:a5a:1234:5678
exchange "$tmp/dogs"
same "syncookies=2, mode inline: the server gets the bytes xor 0x12345678" "$tmp/want" "$tmp/srv.$conn"
same "syncookies=2, mode inline: the echo is the bytes" "$tmp/dogs" "$tmp/back"
[ "$(counter refills)" -gt "$r1" ] && ok "mode inline: the ACK refilled the entry" ||
	nok "mode inline: the ACK refilled the entry"
pipe_empty $P && ok "the table is empty after both connections" ||
	nok "the table is empty after both connections ($(flows) left)"

# 2. a SYN flood against a table of 32
echo "# t=$SECONDS"
ip netns exec $P sysctl -qw net.ipv4.tcp_syncookies=1
ip -n $P -6 route add 2001:db8:99::/64 via 2001:db8:1::1 dev p0
max_flows=$(cat $PARAM)
echo 32 > $PARAM
half=$(cat $HALF)
echo 30 > $HALF		# the flood's entries stay while we look
read -r f0 k0 r0 e0 <<< "$(counters syn-full syn-cookies refills evicted)"
ip netns exec $C $PY "$PIPE_LIB/pipe_flood.py" fc00:0:1:0:0:a5a:1234:5678 $SRV 8080 \
	2001:db8:99:: 2000 4 > "$tmp/flood.log" 2>&1 &
flood=$!
peak=0 samples=0 full=
for _ in $(seq 30); do
	c=$(flows)
	samples=$((samples + 1))
	[ "$c" -gt "$peak" ] && peak=$c
	[ "$c" -ge 32 ] && { full=1; break; }
	sleep 0.1
done
[ -n "$full" ] && ok "the flood fills the table to its cap (32)" ||
	nok "the flood fills the table to its cap (32) (peak $peak)"
head -c 100000 /dev/urandom > "$tmp/data"
$RUN xor=0x12345678 < "$tmp/data" > "$tmp/want"
via_encap fc00:0:1:0:0:a5a:1234:5678
exchange "$tmp/data" &
legit=$!
while kill -0 $flood 2>/dev/null; do
	c=$(flows)
	samples=$((samples + 1))
	[ "$c" -gt "$peak" ] && peak=$c
	sleep 0.2
done
wait $legit
legit_rc=$?
conn=$((conn + 1))	# exchange ran in a subshell
echo "# $(cat "$tmp/flood.log"); table peak $peak over $samples samples"
[ "$peak" -le 32 ] && ok "the table never exceeds its cap ($peak <= 32 in $samples samples)" ||
	nok "the table never exceeds its cap ($peak > 32)"
[ $legit_rc = 0 ] && ok "a connection made during the flood completes" ||
	nok "a connection made during the flood completes"
same "during the flood: the server gets the data xor 0x12345678" "$tmp/want" "$tmp/srv.$conn"
same "during the flood: the echo is xored back to the data" "$tmp/data" "$tmp/back"
read -r f1 k1 r1 e1 <<< "$(counters syn-full syn-cookies refills evicted)"
echo "# t=$SECONDS syn-full +$((f1 - f0)), syn-cookies +$((k1 - k0)), refills +$((r1 - r0)), evicted +$((e1 - e0))"
[ $((f1 - f0)) -gt 0 ] && ok "SYNs that found the table full are counted (syn-full)" ||
	nok "SYNs that found the table full are counted (syn-full)"
[ $((k1 - k0)) -gt 0 ] && ok "once the listener's SYN queue overflowed, SYNs got cookies and no entry" ||
	nok "once the listener's SYN queue overflowed, SYNs got cookies and no entry"
[ $((e1 - e0)) -ge 1 ] && [ $((r1 - r0)) -ge 1 ] &&
	ok "the connection's ACK took a half-open entry's place (evicted +$((e1 - e0)), refills +$((r1 - r0)))" ||
	nok "the connection's ACK took a half-open entry's place (evicted +$((e1 - e0)), refills +$((r1 - r0)))"
# the flood's entries are half-open: they go after pipe_half_open_timeout
echo 1 > $HALF
for _ in $(seq 50); do [ "$(flows)" = 0 ] && break; sleep 0.1; done
[ "$(flows)" = 0 ] && ok "the flood's half-open entries age out" ||
	nok "the flood's half-open entries age out ($(flows) left)"
echo "# t=$SECONDS"
tap_end
