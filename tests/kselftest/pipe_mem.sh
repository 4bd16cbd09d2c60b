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
# speeds up and all 4 MB arrive byte-exact; held falls back to 0. The
# stalled flow's forward direction grew its buffers to 64 KiB (ip pipe show
# buffers), its reverse one, which moved nothing, did not. Refusals:
# mem-max below 16384, and without CAP_NET_ADMIN.
#
# The per-flow cap: mem-max 160 KiB, flow-mem-max 64 KiB. Two clients
# write 2 MB each to slow readers (ports 8081, 8082): each flow's held
# stays <= 64 KiB and reaches it, the namespace's <= 160 KiB, while a
# third client's 512 KiB to a fast reader (port 8083) arrive byte-exact in
# the 32 KiB left (without the per-flow cap the two would take all 160
# KiB, as the single flow above took all 128). No flow grows its buffers
# under that flow-mem-max. Refusals: flow-mem-max
# below 16384 by ip and by the kernel (raw genetlink: its extack message,
# also beside a valid mem-max), without CAP_NET_ADMIN; nothing changes.
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
check "ip pipe status: the default flow-mem-max is 4 MiB" \
	sh -c "[ \"\$(ip -n $P -j pipe status | jq '.[0].flow_mem_max')\" = 4194304 ]"
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
bufs=$(ip -n $P -j pipe show | jq -c '[.[].buffers]')
[ "$bufs" = "[163840]" ] &&
	ok "the stalled flow's forward buffers grew to 64 KiB: buffers 163840 (2 x 64 KiB forward, 2 x 16 KiB back)" ||
	nok "the stalled flow's forward buffers grew to 64 KiB: buffers 163840 (2 x 64 KiB forward, 2 x 16 KiB back) ($bufs)"
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

# ---- the per-flow cap: two slow readers, a fast one beside them ----
FCAP=65536
MCAP=163840
GENL="$PY $PIPE_LIB/genl.py"
CMD_SET=33 ATTR_MEM_MAX=19 ATTR_FLOW_MEM_MAX=23	# uapi: SEG6X_CMD_PIPE_SET, SEG6X_ATTR_PIPE_{,FLOW_}MEM_MAX
settings() { status | jq -c '.[0] | [.mem_max, .flow_mem_max]'; }
REFUSE_STATUS=1
refuse "flow-mem-max 16383 refused by ip" 'BYTES must be at least 16384' \
	ip -n $P pipe set flow-mem-max 16383
refuse "ip pipe set: flow-mem-max twice refused" 'duplicate "flow-mem-max"' \
	ip -n $P pipe set flow-mem-max 65536 flow-mem-max 65536
# sent raw beside a valid mem-max, which must not be set either
refuse "the kernel refuses flow-mem-max 16383 with its extack message" \
	'^extack=flow-mem-max must be at least 16384 bytes$' \
	ip netns exec $P $GENL seg6x $CMD_SET $ATTR_MEM_MAX:u64:65536 $ATTR_FLOW_MEM_MAX:u64:16383
refuse "flow-mem-max without CAP_NET_ADMIN: EPERM" 'Operation not permitted' \
	ip netns exec $P setpriv --bounding-set -net_admin ip pipe set flow-mem-max 65536
unset REFUSE_STATUS
[ "$(settings)" = "[$CAP,4194304]" ] && ok "after the refusals: mem-max and flow-mem-max unchanged" ||
	nok "after the refusals: mem-max and flow-mem-max unchanged ($(settings))"
check "ip pipe set mem-max $MCAP flow-mem-max $FCAP" \
	ip -n $P pipe set mem-max $MCAP flow-mem-max $FCAP
[ "$(settings)" = "[$MCAP,$FCAP]" ] && ok "ip pipe status: mem-max $MCAP flow-mem-max $FCAP" ||
	nok "ip pipe status: mem-max $MCAP flow-mem-max $FCAP ($(ip -n $P pipe status))"
ip -n $P pipe status | grep -qE "^flows 0 max-flows [0-9]+ held 0 mem-max $MCAP flow-mem-max $FCAP\$" &&
	ok "ip pipe status (text): flow-mem-max last" ||
	nok "ip pipe status (text): flow-mem-max last ($(ip -n $P pipe status))"

head -c 2097152 "$tmp/data" > "$tmp/d2"
head -c 524288 /dev/urandom > "$tmp/d3"
$RUN xor=0x12345678 < "$tmp/d3" > "$tmp/want3"
echo slow > "$tmp/ctl2"
echo fast > "$tmp/ctl3"
for k in 1 2 3; do
	ctl=$tmp/ctl2
	[ $k = 3 ] && ctl=$tmp/ctl3
	ip netns exec $S $SLOW read $SRV 808$k "$tmp/got$k" "$ctl" > "$tmp/read$k.log" 2>&1 &
	pids="$pids $!"
	eval "reader$k=$!"
done
for _ in $(seq 100); do
	[ "$(cat "$tmp"/read[123].log 2>/dev/null | grep -c listening)" = 3 ] && break
	sleep 0.1
done
for k in 1 2; do
	ip netns exec $C $SLOW write $SRV 808$k "$tmp/d2" "$tmp/progress$k" > "$tmp/write$k.log" 2>&1 &
	pids="$pids $!"
done
echo "# t=$SECONDS"
# sample: the namespace's held <= mem-max, every flow's <= flow-mem-max;
# the peaks of the slow flows (server ports 8081, 8082) in peak1, peak2
peak1=0 peak2=0 over= flow_over= samples=0
sample() {
	local held f1 f2 fmax flows
	# one jq: [netns held, held of 8081, of 8082, the largest, [[port, held]...]]
	read -r held f1 f2 fmax flows < <({ status; ip -n $P -j pipe show; } | jq -rs '
		def h(p): [.[1][] | select(.sport == p) | .held] | max // 0;
		"\(.[0][0].held) \(h(8081)) \(h(8082)) \([.[1][].held] | max // 0) \([.[1][] | [.sport, .held]] | tojson)"')
	samples=$((samples + 1))
	echo "# sample $samples: netns held $held, flows $flows"
	[ "$held" -gt $MCAP ] && over=1
	[ "$fmax" -gt $FCAP ] && flow_over=1
	[ "$f1" -gt $peak1 ] && peak1=$f1
	[ "$f2" -gt $peak2 ] && peak2=$f2
	return 0
}
# until both slow flows are at their cap (or 40 samples): then the third
for _ in $(seq 40); do
	sample
	[ $peak1 -ge $((FCAP - 16384)) ] && [ $peak2 -ge $((FCAP - 16384)) ] && break
	sleep 0.1
done
t0=$SECONDS
ip netns exec $C $SLOW write $SRV 8083 "$tmp/d3" "$tmp/progress3" > "$tmp/write3.log" 2>&1 &
writer3=$!
pids="$pids $writer3"
for _ in $(seq 150); do
	[ -e "$tmp/got3.done" ] && break
	sample
done
wait $writer3
echo "# the fast flow took $((SECONDS - t0)) s"
sample
same "a third flow to a fast reader: 512 KiB arrive byte-exact beside the stalled two" \
	"$tmp/want3" "$tmp/got3"
bufs=$(ip -n $P -j pipe show | jq -c '[.[].buffers] | unique')
[ "$bufs" = "[65536]" ] && ok "under flow-mem-max 64 KiB no flow grows its buffers (buffers 65536 each)" ||
	nok "under flow-mem-max 64 KiB no flow grows its buffers (buffers 65536 each: $bufs)"
[ -z "$over" ] && ok "the namespace's held bytes stay <= mem-max $MCAP ($samples samples)" ||
	nok "the namespace's held bytes stay <= mem-max $MCAP ($samples samples)"
[ -z "$flow_over" ] && ok "each flow's held bytes stay <= flow-mem-max $FCAP" ||
	nok "each flow's held bytes stay <= flow-mem-max $FCAP"
[ $peak1 -ge $((FCAP - 16384)) ] && [ $peak2 -ge $((FCAP - 16384)) ] &&
	ok "both slow flows reach flow-mem-max (peaks $peak1 and $peak2 of $FCAP)" ||
	nok "both slow flows reach flow-mem-max (peaks $peak1 and $peak2 of $FCAP)"
sent1=$(cat "$tmp/progress1" 2>/dev/null || echo 0)
sent2=$(cat "$tmp/progress2" 2>/dev/null || echo 0)
[ "$(ip -n $P -j pipe show | jq '[.[] | select(.sport == 8081 or .sport == 8082)] | length')" = 2 ] &&
	[ "$sent1" -lt 2097152 ] && [ "$sent2" -lt 2097152 ] &&
	ok "the two slow flows are still stalled (clients at $sent1 and $sent2 of 2097152)" ||
	nok "the two slow flows are still stalled (clients at $sent1 and $sent2 of 2097152)"
# the slow readers go with unread bytes: RST, both flows end, their held goes
kill $reader1 $reader2
pipe_empty $P && ok "the slow flows end when their readers go" ||
	nok "the slow flows end when their readers go ($(ip -n $P pipe show))"
[ "$(status | jq '.[0].held')" = 0 ] && ok "the namespace holds 0 bytes after them" ||
	nok "the namespace holds 0 bytes after them ($(ip -n $P pipe status))"
echo "# t=$SECONDS"
tap_end
