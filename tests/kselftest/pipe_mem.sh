#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe_mem.sh: the namespace's memory cap; a slow reader stops the sender.
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# ip pipe set mem-max 131072 on the proxy; TCP buffers capped at 256 KiB in
# every namespace (tcp_rmem/tcp_wmem), so what the sockets may queue is
# known. The client writes 4 MB through xor (mode encap) to a server that
# reads 4 KiB every 0.2 s. Sampled four times: the namespace's held
# bytes (ip pipe status) and the flow's (ip pipe show) stay <= the cap and
# reach it; the client's bytes sent stall far below 4 MB. Then the reader
# speeds up and all 4 MB arrive byte-exact; held falls back to 0. Refusals:
# mem-max below 16384, and without CAP_NET_ADMIN.
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3, jq;
# exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RUN=$REPO/build/bin/pipe-run
. "$HERE/lib/tap.sh"
. "$HERE/lib/pipe_topo.sh"
trap pipe_cleanup EXIT

pipe_begin run
ip pipe help 2>&1 | grep -q "mem-max" || skip "ip has no ip pipe set mem-max"
pipe_setup || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy with action pipe, server"
echo "# t=$SECONDS"
SLOW="$PY $PIPE_LIB/pipe_slow.py"
CAP=131072
TOTAL=4194304

status() { ip -n $P -j pipe status; }
check "ip pipe status: the default cap is 64 MiB" \
	sh -c "[ \"\$(ip -n $P -j pipe status | jq '.[0].mem_max')\" = 67108864 ]"
REFUSE_STATUS=1
refuse "mem-max 16383 refused" 'BYTES must be at least 16384' ip -n $P pipe set mem-max 16383
refuse "mem-max without CAP_NET_ADMIN: EPERM" 'Operation not permitted' \
	ip netns exec $P setpriv --bounding-set -net_admin ip pipe set mem-max 65536
unset REFUSE_STATUS
check "ip pipe set mem-max $CAP" ip -n $P pipe set mem-max $CAP
[ "$(status | jq '.[0].mem_max')" = $CAP ] && ok "ip pipe status: mem-max $CAP" ||
	nok "ip pipe status: mem-max $CAP ($(ip -n $P pipe status))"
for ns in $C $P $S; do
	ip netns exec $ns sysctl -qw net.ipv4.tcp_rmem="4096 65536 262144" \
		net.ipv4.tcp_wmem="4096 16384 262144"
done

head -c $TOTAL /dev/urandom > "$tmp/data"
$RUN xor=0x12345678 < "$tmp/data" > "$tmp/want"
echo slow > "$tmp/ctl"
ip netns exec $S $SLOW read $SRV 8080 "$tmp/got" "$tmp/ctl" > "$tmp/read.log" 2>&1 &
pids="$pids $!"
for _ in $(seq 100); do grep -q listening "$tmp/read.log" && break; sleep 0.1; done
via_encap fc00:0:1:0:0:a5a:1234:5678
ip netns exec $C $SLOW write $SRV 8080 "$tmp/data" "$tmp/progress" > "$tmp/write.log" 2>&1 &
writer=$!
pids="$pids $writer"

sleep 2
echo "# t=$SECONDS"
peak=0 over= flow_over= sent=0 got=0
for k in 1 2 3 4; do
	held=$(status | jq '.[0].held')
	fheld=$(ip -n $P -j pipe show | jq '[.[].held] | max // 0')
	sent=$(cat "$tmp/progress" 2>/dev/null || echo 0)
	got=$(stat -c %s "$tmp/got" 2>/dev/null || echo 0)
	echo "# sample $k: netns held $held, flow held $fheld, client sent $sent, server read $got"
	[ "$held" -gt "$peak" ] && peak=$held
	[ "$held" -gt $CAP ] && over=1
	[ "$fheld" -gt $CAP ] && flow_over=1
done
echo "# $(ip -n $P pipe show)"
[ -z "$over" ] && ok "the namespace's held bytes stay <= mem-max (4 samples, peak $peak)" ||
	nok "the namespace's held bytes stay <= mem-max (4 samples, peak $peak)"
[ -z "$flow_over" ] && ok "the flow's held bytes stay <= mem-max" ||
	nok "the flow's held bytes stay <= mem-max"
[ "$peak" -ge $((CAP / 2)) ] && ok "the slow reader's flow fills the cap (peak $peak of $CAP)" ||
	nok "the slow reader's flow fills the cap (peak $peak of $CAP)"
# between the writer and the reader: the client's send buffer, the proxy's
# receive queue, the cap and the server's receive queue (256 KiB each)
[ "$sent" -lt $((TOTAL / 2)) ] && [ $((sent - got)) -le $((3 * 262144 + CAP + 65536)) ] &&
	ok "the client's send blocks: $sent of $TOTAL bytes sent, $((sent - got)) not yet read" ||
	nok "the client's send blocks: $sent of $TOTAL bytes sent, $((sent - got)) not yet read"

echo "# t=$SECONDS"
echo fast > "$tmp/ctl"
for _ in $(seq 300); do [ -e "$tmp/got.done" ] && break; sleep 0.1; done
wait $writer
same "the reader speeds up: all 4 MB arrive, xor 0x12345678" "$tmp/want" "$tmp/got"
pipe_empty $P && ok "the flow ends" || nok "the flow ends"
[ "$(status | jq '.[0].held')" = 0 ] && ok "the namespace holds 0 bytes after it" ||
	nok "the namespace holds 0 bytes after it ($(ip -n $P pipe status))"
echo "# t=$SECONDS"
tap_end
