#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# seg6x-update to 64 receivers at once, and to receivers that come and go
# (issue 9).
#
#              +----------------- ns br: br0, mcast_snooping 1 ----------------+
#   +------+   |  sp     pr1  pr2  pr3  ...  pr16                             |
#   | send |---+         |    |    |          |                               |
#   +------+   +---------|----|----|----------|-------------------------------+
# 2001:db8:9::1         r1   r2   r3   ...   r16     2001:db8:9::1:H
#                   receivers k1..k64: kK runs on host r((K-1) % 16 + 1)
#   group ff3e::4242 (SSM), source 2001:db8:9::1
#
# 16 hosts of 4 receivers each: under TCG a namespace and a process start
# cost about a second each on a busy host, and `make check` must stay short;
# the bench (tests/bench/host/update.sh) runs 64 hosts of one receiver.
# 1. 64 receivers join; the bridge's MDB holds the group on 16 ports; the
#    sender waits for the 16 hosts' MLD reports, then loops a 64 KiB file
#    until the last receiver has it: all 64 install it (the packets sent and
#    received in all are reported: each leaves the sender once).
# 2. Version 2, 8 receivers started at random moments over 4 s while the
#    sender loops: each joins mid-loop, takes the manifest at the next
#    2-block boundary and installs version 2.
#
# Output is TAP; exits 4 (skip) without the tools.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib/tap.sh"
. "$HERE/lib/update_topo.sh"
upd_setup
G=$UPD_G S=$UPD_S
N=64 H=16 LATE=8
mdb_ports() { bridge -n "$(upd_ns br)" mdb show | grep -c "$G"; }
host_of() { echo r$(( ($1 - 1) % H + 1 )); }
# recv K ARGS...: receiver kK, output $tmp/kK/fw
recv() {
	local k=$1
	shift
	"$U" recv --pubkey "$tmp/k.pub" --group $G --source $S --dev eth0 \
		-o "$tmp/k$k/fw" --progress none --stats "$tmp/k$k.json" "$@" 2>"$tmp/k$k.log"
}
# host_recv K...: receivers kK... at once, from one shell in the namespace
host_recv() {
	local k

	for k in "$@"; do recv "$k" --timeout 200 & done
	wait
}
export -f recv host_recv
export U tmp G S
# installed FILE N: how many of r1..rN hold FILE (one b2sum: under TCG a
# process start per receiver would cost more than the transfer)
installed() {
	local i

	for i in $(seq "$2"); do echo "$tmp/k$i/fw"; done | xargs b2sum 2>/dev/null |
		grep -c "^$(b2sum < "$1" | cut -d' ' -f1) "
}

upd_topo_up $H || skip "cannot build the topology (bridge, veth, netns)"
echo "# $H hosts on the bridge in $SECONDS s"
"$U" keygen -o "$tmp/k.key" >/dev/null
head -c 65536 /dev/urandom > "$tmp/v1"
head -c 60000 /dev/urandom > "$tmp/v2"

# 1. 64 at once
for k in $(seq $N); do mkdir "$tmp/k$k"; done
for h in $(seq $H); do
	ip netns exec "$(upd_ns r$h)" bash -c 'host_recv "$@"' - $(seq $h $H $N) &
	pids+=($!)
done
for _ in $(seq 300); do [ "$(mdb_ports)" -ge $H ] && break; sleep 0.1; done
m=$(mdb_ports)
echo "# receivers started and joined in $SECONDS s"
if [ "$m" = $H ]; then ok "bridge MDB: $G on $H ports (each host's MLDv2 join)"
else nok "bridge MDB: $G on $m ports, not $H"; fi
t1=$SECONDS
ip netns exec "$(upd_ns s)" "$U" send "$tmp/v1" --key "$tmp/k.key" --group $G --dev eth0 --version 1 \
	--rate 8M --listeners $H --query-interval 2 --duration 200 \
	--stats "$tmp/send.json" 2>"$tmp/send.log" &
spid=$!
wait "${pids[@]}"
echo "# all done in $SECONDS s"
kill -TERM $spid
wait $spid
pids=()
echo "# $(tail -1 "$tmp/send.log")"
k=$(installed "$tmp/v1" $N)
sent=$(jq .packets "$tmp/send.json")
got=$(jq -s 'map(.packets) | add' "$tmp"/k*.json)
if [ "$k" = $N ]; then
	ok "$N receivers installed version 1 ($((
	SECONDS - t1)) s): $sent packets sent, $got received in all ($(jq .passes "$tmp/send.json") passes)"
else
	nok "$k of $N installed version 1 ($sent packets sent, $got received)"
	for k in $(seq $N); do
		cmp -s "$tmp/v1" "$tmp/k$k/fw" || tail -1 "$tmp/k$k.log" | sed "s/^/#   k$k: /"
	done | head -5
fi

# 2. receivers that join at random moments while the loop runs
ip netns exec "$(upd_ns s)" "$U" send "$tmp/v2" --key "$tmp/k.key" --group $G --dev eth0 --version 2 \
	--rate 2M --query-interval 2 --duration 200 --stats "$tmp/send2.json" \
	2>"$tmp/send2.log" &
spid=$!
t1=$SECONDS
for k in $(seq $LATE); do
	( sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", r % 400 / 100 }')"
	  exec ip netns exec "$(upd_ns "$(host_of $k)")" bash -c 'recv "$@"' - $k --timeout 120 ) &
	pids+=($!)
done
wait "${pids[@]}"
kill -TERM $spid
wait $spid
pids=()
k=$(installed "$tmp/v2" $LATE)
if [ "$k" = $LATE ]; then
	ok "$LATE receivers started at random over 4 s each installed version 2 ($((
	SECONDS - t1)) s, the sender made $(jq .passes "$tmp/send2.json") passes)"
else
	nok "$k of $LATE late receivers installed version 2"
fi
tap_end
