#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# seg6x-update against unicast TCP and uftp (issue 9), side by side in one
# run. `make bench` runs it on the host (scripts/bench.sh), as root, in
# network namespaces: seg6x-update is a userspace program and needs no
# module, and under the VM's TCG 64 receivers decoding a 32 MB file would take
# over an hour (1 MiB there took 6 to 8 minutes). It runs in the VM too:
# `tests/vm/run -- env SIZE=1M tests/bench/host/update.sh`.
#
#              +------------------ ns br: br0, mcast_snooping 1 ------------+
#   +------+   |  sp                                                        |
#   |  s   |---|  pr1 pr2 ...  pr64                                         |
#   +------+   |   |   |         |                                          |
# 2001:db8:9::1 +--|---|---------|---------------------------------------------+
#                 r1  r2  ...   r64     2001:db8:9::1:i, one netns each
#
# The same file (SIZE bytes of random data, 32 MiB by default, the issue's
# size) goes to r1..rN
# over the server's link, shaped to LINK (100 Mbit/s, tbf on its port: a
# LAN uplink; without it TCP would run at memory speed through the veth),
#   (a) by seg6x-update send/recv over SSM ff3e::4242 at RATE (90 Mb/s,
#       under the link so its shaper does not drop),
#       the sender looping until the last receiver has installed it;
#   (b) by one TCP server (update_tcp.py: a thread and sendfile(2) per
#       client), the clients all started at once;
#   (c) for N = 8, by uftp/uftpd (closed group, fixed rate RATE, no
#       encryption, as seg6x-update sends).
# Then, for N = 8, (a) and (b) again with 1% and with 5% of the packets a
# receiver gets dropped (ip6tables' statistic match on each receiver's
# input, ICMPv6 spared so MLD and ND work: the host has no netem), and with
# the receivers (clients) started at random times over one pass of the loop.
# Figures, each against its baseline measured in this run:
#   mcast_server_bytes_nN  bytes the server's interface transmitted
#   mcast_server_cpu_nN    the server process's CPU seconds (user + system)
#                          until the last receiver is done (TCP: from the
#                          first accept, its interpreter's start-up left out).
#                          The system part includes the veth and bridge work
#                          its packets cause (a switch's job on a real LAN):
#                          the user part is logged apart
#   mcast_last_done_nN     seconds from the server's start (TCP: the clients')
#                          until the last receiver has the whole file
#   mcast_last_done_n8_vs_uftp  the same for N = 8, against uftp
#   mcast_{server_bytes,last_done}_n8_loss{1,5}, _n8_random
#                          the same with loss, with random starts (baseline:
#                          TCP with the same loss, the same start times)
#   mcast_fec_overhead_loss{1,5}  symbols a receiver held before its blocks
#                          decoded, per source packet (SIZE / 1200), against
#                          the same without loss (N = 8)
# Every receiver's copy is compared with the file; a run that did not deliver
# to all says so and gives no figure. Timings are reported, never asserted:
# receivers, bridge and server share the machine's CPUs.
# net.core.rmem_max is raised to 4 MiB for the run (the receivers ask for
# that much buffer, as a gateway's administrator would allow) and restored.
# Output: one line per figure,
#   BENCH {"name": ..., "value": X, "unit": ..., "baseline": ..., "baseline_value": Y, "ratio": X/Y}
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TCP="/usr/bin/python3 $HERE/update_tcp.py"
SIZE=${SIZE:-32M}
RATE=${RATE:-90M}
LINK=${LINK:-100mbit}
LOSSES=${LOSSES:-"1 5"}
SIZE=$(numfmt --from=iec "$SIZE")
NS_LIST=${NS_LIST:-"1 8 64"}
PORT=5001
MAXN=64
REPO=$(cd "$HERE/../../.." && pwd)
U=${SEG6X_BIN:-$REPO/build/bin}/seg6x-update
. "$REPO/tests/kselftest/lib/update_topo.sh"
G=$UPD_G S=$UPD_S
ns() { upd_ns "$@"; }
tmp=$(mktemp -d)
pids=()
rmem0=$(sysctl -n net.core.rmem_max)
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	upd_topo_down
	sysctl -qw net.core.rmem_max="$rmem0"
	rm -rf "$tmp"
}
trap cleanup EXIT
log() { echo "# update bench: $*" >&2; }
[ -x "$U" ] || { log "no $U (make update-all)"; exit 4; }
command -v uftp >/dev/null && command -v uftpd >/dev/null || log "no uftp: its figure is left out"
now() { echo "$EPOCHREALTIME"; }
# calc EXPR: awk arithmetic, 3 decimals
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
json() { sed -n "s/.*\"$2\": *\([0-9.]*\).*/\1/p" "$1"; }
bench() { # NAME VALUE UNIT BASELINE BASELINE_VALUE
	printf 'BENCH {"name": "%s", "value": %s, "unit": "%s", "baseline": "%s", "baseline_value": %s, "ratio": %s}\n' \
		"$1" "$2" "$3" "$4" "$5" "$(calc "$5 ? $2 / $5 : 0")"
}
tx_bytes() { ip -n "$(ns s)" -s -j link show eth0 | jq '.[0].stats64.tx.bytes'; }
# cpu_s PID: user + system seconds of a running process, and user alone
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
cpu_user() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", $14 / hz }' "/proc/$1/stat"; }

# delivered N: how many of r1..rN hold the file
delivered() {
	local i k=0
	for i in $(seq "$1"); do cmp -s "$tmp/file" "$tmp/r$i/out" && k=$((k + 1)); done
	echo $k
}
# start times over one pass for the random-start runs; empty: all at once
delay=()
# later I CMD...: run CMD after receiver I's delay, in the background
later() {
	local d=${delay[$1]:-0}
	shift
	if [ "$d" = 0 ]; then "$@" & else (sleep "$d"; exec "$@") & fi
}
# loss PCT: drop PCT % of what r1..r8 receive, ICMPv6 (MLD, ND) spared; 0: none
loss() {
	local i
	for i in $(seq 8); do
		ip netns exec "$(ns r$i)" ip6tables -F INPUT
		[ "$1" = 0 ] || ip netns exec "$(ns r$i)" ip6tables -A INPUT ! -p ipv6-icmp \
			-m statistic --mode random --probability "$(calc "$1 / 100")" -j DROP ||
			return 1
	done
}
fresh() { local i; for i in $(seq "$1"); do rm -rf "$tmp/r$i"; mkdir "$tmp/r$i"; done; }

# mcast N: sets m_bytes m_cpu m_done m_used (mean symbols held per receiver)
mcast() {
	local n=$1 i b0 t0 spid used=0 rp=()
	fresh "$n"
	for i in $(seq "$n"); do
		later "$i" ip netns exec "$(ns r$i)" /usr/bin/time -f '%U %S' -o "$tmp/r$i.time" \
			"$U" recv --pubkey "$tmp/k.pub" --group $G --source $S \
			--dev eth0 -o "$tmp/r$i/out" --progress none --timeout 600 \
			--stats "$tmp/r$i/stats.json" 2>"$tmp/r$i/log"
		rp+=($!)
	done
	pids=("${rp[@]}")
	b0=$(tx_bytes)
	t0=$(now)
	# --listeners N: the loop starts when every receiver's MLD report is in
	# (random starts: when the first is)
	ip netns exec "$(ns s)" "$U" send "$tmp/file" --key "$tmp/k.key" --group $G --dev eth0 \
		--version 1 --rate "$RATE" --listeners "$([ ${#delay[@]} = 0 ] && echo "$n" || echo 1)" \
		--query-interval 2 \
		--stats "$tmp/send.json" 2>"$tmp/send.log" &
	spid=$!
	pids+=($spid)
	wait "${rp[@]}" 2>/dev/null
	m_done=$(calc "$(now) - $t0")
	m_cpu=$(cpu_s $spid) m_user=$(cpu_user $spid)
	kill -TERM $spid
	wait $spid 2>/dev/null
	pids=()
	m_bytes=$(($(tx_bytes) - b0))
	for i in $(seq "$n"); do used=$((used + $(json "$tmp/r$i/stats.json" symbols_used))); done
	m_used=$(calc "$used / $n")
	m_ok=$(delivered "$n")
	log "mcast n=$n: $m_ok/$n installed in $m_done s; sender $m_cpu s CPU ($m_user user)," \
		"receivers $(cat "$tmp"/r*.time | awk '/^[0-9]/ { s += $1 + $2; n++ } END { printf "%.2f", s / n }') s CPU each;" \
		"$(tail -1 "$tmp/send.log")"
	rm -f "$tmp"/r*.time
}

# tcp N: sets t_bytes t_cpu t_done
tcp() {
	local n=$1 i b0 t0 spid rp=()
	fresh "$n"
	# a log left from the last run would say "listening" before this server does
	rm -f "$tmp/tcp.json" "$tmp/tcp.log"
	ip netns exec "$(ns s)" $TCP serve $S $PORT "$tmp/file" "$n" "$tmp/tcp.json" \
		>"$tmp/tcp.log" 2>&1 &
	spid=$!
	pids=($spid)
	for _ in $(seq 300); do grep -q listening "$tmp/tcp.log" && break; sleep 0.1; done
	b0=$(tx_bytes)
	t0=$(now)
	for i in $(seq "$n"); do
		later "$i" ip netns exec "$(ns r$i)" bash -c "cat </dev/tcp/$S/$PORT >$tmp/r$i/out"
		rp+=($!)
	done
	wait "${rp[@]}"
	t_done=$(calc "$(now) - $t0")
	# a client that could not connect leaves the server waiting: give it 5 s
	for _ in $(seq 50); do kill -0 $spid 2>/dev/null || break; sleep 0.1; done
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	pids=()
	t_bytes=$(($(tx_bytes) - b0))
	t_cpu=$(json "$tmp/tcp.json" cpu_s)
	t_ok=$(delivered "$n")
	log "tcp n=$n: $t_ok/$n received in $t_done s, server $t_cpu s CPU"
}

# uftp N: sets u_bytes u_cpu u_done
uftp_run() {
	local n=$1 i b0 t0 hosts= kbps rp=()
	fresh "$n"
	kbps=$(echo "$RATE" | awk '/M$/ { print $1 * 1000; next } /k$/ { print $1 + 0; next } { print $1 / 1000 }')
	for i in $(seq "$n"); do
		ip netns exec "$(ns r$i)" uftpd -d -I 2001:db8:9::1:$i -M ff3e::4343 \
			-D "$tmp/r$i" -U "$(printf '0x%08x' "$i")" -P "$tmp/r$i/pid" \
			2>"$tmp/r$i/uftpd.log" &
		rp+=($!)
		hosts=$hosts${hosts:+,}$(printf '0x%08x' "$i")
	done
	pids=("${rp[@]}")
	sleep 1
	b0=$(tx_bytes)
	t0=$(now)
	ip netns exec "$(ns s)" /usr/bin/time -f '%U %S' -o "$tmp/uftp.time" \
		uftp -I $S -M ff3e::4343 -P ff3e::4344 -R "${kbps%.*}" -H "$hosts" \
		-U 0x00000001 -D out "$tmp/file" >"$tmp/uftp.log" 2>&1
	u_done=$(calc "$(now) - $t0")
	u_bytes=$(($(tx_bytes) - b0))
	u_cpu=$(tail -1 "$tmp/uftp.time" | awk '{ printf "%.2f", $1 + $2 }')
	kill "${rp[@]}" 2>/dev/null
	wait "${rp[@]}" 2>/dev/null
	pids=()
	u_ok=$(delivered "$n")
	log "uftp n=$n: $u_ok/$n received in $u_done s, server $u_cpu s CPU, $u_bytes bytes"
}

t_start=$(now)
upd_topo_up $MAXN || { log "cannot build the topology"; exit 1; }
ip -n "$(ns s)" link set eth0 txqueuelen 1000
tc -n "$(ns s)" qdisc add dev eth0 root tbf rate "$LINK" burst 64kb latency 100ms ||
	log "no tbf: the server's link is not shaped"
sysctl -qw net.core.rmem_max=$((4 << 20))
"$U" keygen -o "$tmp/k.key" >/dev/null
head -c "$SIZE" /dev/urandom > "$tmp/file"
src=$(( (SIZE + 1199) / 1200 ))
log "$SIZE bytes ($src source packets) at $RATE over a $LINK link; topology up in $(calc "$(now) - $t_start") s"

for n in $NS_LIST; do
	mcast "$n"
	tcp "$n"
	if [ "$m_ok" != "$n" ] || [ "$t_ok" != "$n" ]; then
		log "n=$n: not delivered to all (mcast $m_ok, tcp $t_ok): no figure"
		continue
	fi
	[ "$n" = 8 ] && used0=$m_used m_done8=$m_done
	bench mcast_server_bytes_n$n "$m_bytes" bytes "tcp unicast" "$t_bytes"
	bench mcast_server_cpu_n$n "$m_cpu" s "tcp unicast" "$t_cpu"
	bench mcast_last_done_n$n "$m_done" s "tcp unicast" "$t_done"
done

if command -v uftp >/dev/null && [ -n "${m_done8:-}" ]; then
	uftp_run 8
	if [ "$u_ok" = 8 ]; then
		bench mcast_last_done_n8_vs_uftp "$m_done8" s uftp "$u_done"
	else
		log "uftp delivered to $u_ok of 8: no figure"
	fi
fi

# N = 8 again, with loss, then with random starts: mcast and TCP alike
for p in $LOSSES; do
	[ -n "${used0:-}" ] || break
	if ! loss "$p"; then
		log "no ip6tables statistic match: no loss figures"
		break
	fi
	mcast 8
	tcp 8
	loss 0
	if [ "$m_ok" != 8 ] || [ "$t_ok" != 8 ]; then
		log "${p}% loss: not delivered to all (mcast $m_ok, tcp $t_ok): no figure"
		continue
	fi
	log "${p}% loss: $m_used symbols held a receiver, $used0 without loss"
	bench mcast_server_bytes_n8_loss$p "$m_bytes" bytes "tcp unicast" "$t_bytes"
	bench mcast_last_done_n8_loss$p "$m_done" s "tcp unicast" "$t_done"
	bench mcast_fec_overhead_loss$p "$(calc "$m_used / $src")" "symbols/src" "no loss" \
		"$(calc "$used0 / $src")"
done

if [ -n "${used0:-}" ]; then
	# one pass at RATE: SIZE plus 10% repair and headers
	spread=$(calc "$SIZE * 8 * 1.15 / $(numfmt --from=si "$RATE")")
	RANDOM=9
	for i in $(seq 8); do delay[$i]=$(calc "$RANDOM / 32768 * $spread"); done
	log "random starts over ${spread} s: ${delay[*]}"
	mcast 8
	tcp 8
	if [ "$m_ok" = 8 ] && [ "$t_ok" = 8 ]; then
		bench mcast_server_bytes_n8_random "$m_bytes" bytes "tcp unicast" "$t_bytes"
		bench mcast_last_done_n8_random "$m_done" s "tcp unicast" "$t_done"
	else
		log "random starts: not delivered to all (mcast $m_ok, tcp $t_ok): no figure"
	fi
	delay=()
fi
log "done in $(calc "$(now) - $t_start") s"
