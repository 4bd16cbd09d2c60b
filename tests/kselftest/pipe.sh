#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe.sh: SRv6Pipes through one proxy (action pipe), byte-exact.
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# SID = fc00:0:1:0:0:FUNC:ARG(32 bits). The proxy terminates the client's
# TCP connection in the kernel, runs the functions of its consecutive SIDs
# and opens its own connection to the server from its own address. The
# server stores what it receives and echoes it back; both ends are compared
# with build/bin/pipe-run and coreutils (lib/pipe_topo.sh). The 100 kB
# exchanges use mode encap (docs/pipe.md: a mode inline client's own kernel
# drops its GSO bursts, so bulk inline moves one segment per RTO); mode
# inline keeps the short ones (dogs to cats, ip pipe show). Then 300 flows
# at once. Hostile input is in pipe_hostile.sh.
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3, nc;
# exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/pipe_topo.sh"
trap pipe_cleanup EXIT

pipe_begin run
pipe_setup || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy with action pipe, server"
pipe_serve || nok "server started"

check "ip shows the route as action pipe" \
	sh -c "ip -n $P -6 route show fc00:0:1::/80 | grep -q 'action pipe'"

# ip pipe function list: every function the SIDs below use, with its direction
fns=$(ip -n $P -j pipe function list)
echo "# functions: $(echo "$fns" | jq -c '[.[] | .name]')"
for f in identity:0:none base64-encode:46670:forward base64-decode:46669:forward \
	 sed:24272:forward xor:2650:both zstd-compress:11264:forward \
	 zstd-decompress:11520:forward aead-encrypt:44558:forward aead-decrypt:44557:forward; do
	IFS=: read -r name id dir <<< "$f"
	[ "$(echo "$fns" | jq -r ".[] | select(.name == \"$name\") | \"\(.id):\(.dir)\"")" = "$id:$dir" ] &&
		ok "ip pipe function list: $name is $(printf 0x%04x $id), dir $dir" ||
		nok "ip pipe function list: $name is $(printf 0x%04x $id), dir $dir"
done
check "ip pipe function list (text) names the sed rule argument and its module" \
	sh -c "ip -n $P pipe function list | grep -qx 'function 0x5ed0 sed dir forward module seg6x_pipe_sed arg: rule id (ip pipe sed)'"
check "ip pipe show: no flow yet" sh -c "[ -z \"\$(ip -n $P pipe show)\" ] && [ \"\$(ip -n $P -j pipe show)\" = '[]' ]"

head -c 100000 /dev/urandom > "$tmp/data"
printf 'I love dogs!\n' > "$tmp/dogs"

# identity: both directions unchanged
via_encap fc00:0:1::
exchange "$tmp/data"
same "identity: the server gets the client's 100 kB" "$tmp/data" "$tmp/srv.$conn"
same "identity: the client gets the echo back" "$tmp/data" "$tmp/back"
peer=$(cat "$tmp/srv.$conn.peer" 2>/dev/null)
[ "$peer" = 2001:db8:2::1 ] && ok "the server's peer is the proxy's address (nothing to configure there)" ||
	nok "the server's peer is the proxy's address (got $peer)"

# base64 encode: forward only
via_encap fc00:0:1:0:0:b64e::
exchange "$tmp/data"
base64 -w0 < "$tmp/data" > "$tmp/want"
same "b64e: the server gets base64 -w0 of the data" "$tmp/want" "$tmp/srv.$conn"
same "b64e: the reply passes unchanged" "$tmp/want" "$tmp/back"

# two functions of one proxy in one flow: encode then decode
via_encap fc00:0:1:0:0:b64e::,fc00:0:1:0:0:b64d::
exchange "$tmp/data"
same "b64e,b64d in one proxy: the server gets the data" "$tmp/data" "$tmp/srv.$conn"

# xor both ways: the server sees the key, the client its own bytes back
via_encap fc00:0:1:0:0:a5a:1234:5678
exchange "$tmp/data"
$RUN xor=0x12345678 < "$tmp/data" > "$tmp/want"
same "xor: the server gets the data xor 0x12345678" "$tmp/want" "$tmp/srv.$conn"
same "xor: the echo is xored back to the data" "$tmp/data" "$tmp/back"

# dogs to cats in one proxy: base64 | sed s/RvZ3/NhdH/g | base64 -d
check "ip pipe sed add 3 RvZ3 NhdH" ip -n $P pipe sed add 3 RvZ3 NhdH
check "ip pipe sed show lists rule 3" \
	sh -c "ip -n $P pipe sed show | grep -qx 'sed 3 pattern \"RvZ3\" replace \"NhdH\"'"
via fc00:0:1:0:0:b64e::,fc00:0:1:0:0:5ed0:0:3,fc00:0:1:0:0:b64d::
exchange "$tmp/dogs"
printf 'I love cats!\n' > "$tmp/want"
same "dogs to cats: the server reads \"I love cats!\"" "$tmp/want" "$tmp/srv.$conn"
echo "# server got: $(cat "$tmp/srv.$conn" 2>/dev/null)"
base64 -w0 < "$tmp/data" | sed 's/RvZ3/NhdH/g' | base64 -d > "$tmp/want"
via_encap fc00:0:1:0:0:b64e::,fc00:0:1:0:0:5ed0:0:3,fc00:0:1:0:0:b64d::
exchange "$tmp/data"
same "dogs to cats chain on 100 kB = base64 | sed | base64 -d" "$tmp/want" "$tmp/srv.$conn"

echo "# counters: $(stats | jq -c '.[0].counters')"
[ "$(counter flows)" = 6 ] && ok "flows counted: 6" || nok "flows counted: 6 (got $(counter flows))"
[ "$(counter closed)" = 6 ] && ok "all closed by FIN both ways" ||
	nok "all closed by FIN both ways (closed $(counter closed), reset $(counter reset))"
[ "$(counter bytes-fwd)" -ge 500013 ] && ok "bytes-fwd counts the client's bytes" ||
	nok "bytes-fwd counts the client's bytes ($(counter bytes-fwd))"

# ip pipe show: a live flow with its tuple, chain and bytes; gone after close
via fc00:0:1:0:0:b64e::,fc00:0:1:0:0:5ed0:0:3,fc00:0:1:0:0:b64d::
ip netns exec $C $PEER hold $SRV 8080 30 > /dev/null 2>&1 &
holder=$!
pids="$pids $holder"
for _ in $(seq 100); do
	flow=$(ip -n $P -j pipe show | jq -c '.[0] // empty')
	[ -n "$flow" ] && [ "$(echo "$flow" | jq -r .bytes_fwd)" = 4 ] && break
	sleep 0.1
done
echo "# ip pipe show: $(ip -n $P pipe show)"
[ "$(echo "$flow" | jq -r '"\(.client) \(.server) \(.sport) \(.state)"')" = \
  "2001:db8:1::1 $SRV 8080 active" ] && ok "ip pipe show: the live flow's tuple, active" ||
	nok "ip pipe show: the live flow's tuple, active (got $flow)"
cport=$(ip netns exec $C ss -Htn state established "dport = 8080" | awk '{print $3}' | sed 's/.*://')
[ -n "$cport" ] && [ "$(echo "$flow" | jq -r .cport)" = "$cport" ] &&
	ok "ip pipe show: the client port is the client socket's ($cport)" ||
	nok "ip pipe show: the client port is the client socket's ($cport, got $(echo "$flow" | jq -r .cport))"
[ "$(echo "$flow" | jq -c '[.chain[] | [.name, .arg]]')" = '[["base64-encode",0],["sed",3],["base64-decode",0]]' ] &&
	ok "ip pipe show: the chain by name, with sed's rule" ||
	nok "ip pipe show: the chain by name, with sed's rule (got $(echo "$flow" | jq -c .chain))"
[ "$(echo "$flow" | jq -r '"\(.bytes_fwd) \(.bytes_rev)"')" = "4 0" ] &&
	ok "ip pipe show: 4 bytes from the client, none from the server yet" ||
	nok "ip pipe show: 4 bytes from the client, none from the server yet (got $flow)"
# three functions that transform forward: 4 buffers of 16 KiB that way, 1
# back (they pass the reply as it is); 4 bytes grow none
[ "$(echo "$flow" | jq -r .buffers)" = 81920 ] &&
	ok "ip pipe show: buffers 81920 (4 x 16 KiB forward, 1 back)" ||
	nok "ip pipe show: buffers 81920 (4 x 16 KiB forward, 1 back; got $flow)"
check "ip pipe show (text): tuple, chain and bytes on one line" \
	sh -c "ip -n $P pipe show | grep -qE '^\[2001:db8:1::1\]:$cport \[$SRV\]:8080 active chain base64-encode,sed:0x3,base64-decode bytes-fwd 4 bytes-rev 0 held [0-9]+ buffers 81920 idle [0-9]+ms\$'"
kill $holder
pipe_empty $P && ok "ip pipe show: the flow is gone after close" ||
	nok "ip pipe show: the flow is gone after close ($(ip -n $P pipe show))"

# mode encap (what TCP clients should use, docs/pipe.md): outer IPv6 + SRH
# whose last segment is the server, the client's packet inside. 4 MB each
# way within nc's 30 s: a stalled stream (inline mode's SKB_BAD_GSO drops
# on the client) fails here. Transmit offloads back on, as on a real host.
ip netns exec $C ethtool -K c0 tx on >/dev/null 2>&1
flows0=$(counter flows)
# the held connection above is the server's next one once it has ended
for _ in $(seq 50); do
	[ -e "$tmp/srv.$((conn + 1)).done" ] && break
	sleep 0.1
done
[ -e "$tmp/srv.$((conn + 1)).done" ] && conn=$((conn + 1))
head -c 4000000 /dev/urandom > "$tmp/big"
via_encap fc00:0:1::
t0=$SECONDS
exchange "$tmp/big"
same "encap: the server gets the client's 4 MB" "$tmp/big" "$tmp/srv.$conn"
same "encap: the client gets the 4 MB echo back" "$tmp/big" "$tmp/back"
echo "# encap 4 MB each way: $((SECONDS - t0)) s"
peer=$(cat "$tmp/srv.$conn.peer" 2>/dev/null)
[ "$peer" = 2001:db8:2::1 ] && ok "encap: the server's peer is the proxy's address" ||
	nok "encap: the server's peer is the proxy's address (got $peer)"
via_encap fc00:0:1:0:0:b64e::,fc00:0:1:0:0:5ed0:0:3,fc00:0:1:0:0:b64d::
exchange "$tmp/dogs"
printf 'I love cats!\n' > "$tmp/want"
same "encap: dogs to cats, the server reads \"I love cats!\"" "$tmp/want" "$tmp/srv.$conn"
[ "$(counter flows)" = $((flows0 + 2)) ] && ok "encap flows counted: 2 more" ||
	nok "encap flows counted: 2 more (got $(counter flows), $flows0 before)"
[ "$(stats | jq -r '.[0].drops | length')" = 0 ] && ok "no drops on the way" ||
	nok "no drops on the way ($(stats | jq -c '.[0].drops'))"

# the pump's CPUs: the workqueue's cpumask (WQ_SYSFS) confines it, as
# docs/pipe.md "CPUs" tells an operator; a trace instance sees where the
# flow's work ran (seg6x_pipe_wq is unbound: any CPU otherwise)
WQ=/sys/devices/virtual/workqueue/seg6x_pipe
if [ -w $WQ/cpumask ]; then
	mask0=$(cat $WQ/cpumask)
	echo 1 > $WQ/cpumask
	check "the pipe workqueue's cpumask takes CPU 0 alone" sh -c "[ \$((0x\$(cat $WQ/cpumask | tr -d ,))) = 1 ]"
	T=/sys/kernel/tracing
	mountpoint -q $T || mount -t tracefs none $T 2>/dev/null
	if mkdir $T/instances/pipe_cpu 2>/dev/null; then
		echo 1 > $T/instances/pipe_cpu/events/workqueue/workqueue_execute_start/enable
		via_encap fc00:0:1::
		exchange "$tmp/data"
		echo 0 > $T/instances/pipe_cpu/tracing_on
		same "cpumask 1: identity still passes the 100 kB" "$tmp/data" "$tmp/srv.$conn"
		cpus=$(grep pipe_flow_work $T/instances/pipe_cpu/trace | sed -n 's/^[^[]*\[\([0-9]*\)\].*/\1/p' | sort -u | tr '\n' ' ')
		rmdir $T/instances/pipe_cpu
		[ "$cpus" = "000 " ] && ok "cpumask 1: the flow's pump ran on CPU 0 only" ||
			nok "cpumask 1: the flow's pump ran on CPU 0 only (ran on: ${cpus:-none seen})"
	else
		nok "cpumask 1: where the pump ran (no tracefs instance)"
	fi
	echo "$mask0" > $WQ/cpumask
else
	nok "the pipe workqueue has a writable cpumask ($WQ/cpumask)"
fi

# 300 flows at once: all open together (the memory they hold is printed),
# then all end, every echo whole, and the table empties
ip netns exec $S $PEER serve-many $SRV 8081 > "$tmp/many-serve.log" 2>&1 &
pids="$pids $!"
for _ in $(seq 100); do grep -q listening "$tmp/many-serve.log" && break; sleep 0.1; done
via_encap fc00:0:1::
flows0=$(counter flows)
closed0=$(counter closed)
mem0=$(awk '/^MemAvailable/ { print $2 }' /proc/meminfo)
t0=$SECONDS
ip netns exec $C $PEER many $SRV 8081 300 1000 "$tmp/go" > "$tmp/many.log" 2> "$tmp/many.err" &
many=$!
pids="$pids $many"
for _ in $(seq 600); do
	grep -q connected "$tmp/many.log" && break
	sleep 0.2
done
live=$(ip -n $P -j pipe show | jq 'map(select(.state == "active")) | length')
mem1=$(awk '/^MemAvailable/ { print $2 }' /proc/meminfo)
echo "# 300 flows open in $((SECONDS - t0)) s; MemAvailable $(((mem0 - mem1) / 300)) kB less per flow (client, proxy and server sockets, buffers, the client's threads)"
[ "$live" = 300 ] && ok "300 concurrent flows: all active in ip pipe show" ||
	nok "300 concurrent flows: all active in ip pipe show (got $live)"
touch "$tmp/go"
wait $many
echo "# $(cat "$tmp/many.log" | tr '\n' ' ')$(head -3 "$tmp/many.err" | tr '\n' ' ')"
grep -qx "echoed 300 of 300" "$tmp/many.log" && ok "300 concurrent flows: every echo whole" ||
	nok "300 concurrent flows: every echo whole"
pipe_empty $P && ok "300 concurrent flows: the table is empty after them" ||
	nok "300 concurrent flows: the table is empty after them ($(ip -n $P -j pipe show | jq length) left)"
[ $(($(counter flows) - flows0)) = 300 ] && [ $(($(counter closed) - closed0)) = 300 ] &&
	ok "300 concurrent flows: 300 accepted, 300 closed by FIN" ||
	nok "300 concurrent flows: 300 accepted, 300 closed by FIN (got $(($(counter flows) - flows0)), $(($(counter closed) - closed0)))"
echo "# 300 flows: $((SECONDS - t0)) s"

tap_end
