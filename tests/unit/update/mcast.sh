#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# seg6x-update over real IPv6 multicast on the host, in a private network
# namespace (unshare -rn, no root needed): a veth pair v0 (sender,
# 2001:db8::1) - v1 (receiver). The receiver joins (S,G) with MLDv2 on v1;
# its kernel's reports cross the veth to the sender's MLD watcher on v0.
#   - no listener: the sender sends nothing (queries only)
#   - a listener: the file arrives over SSM and is installed
#   - the listener leaves: the sender stops
#   - --rate: the wire rate stays under it
#   - an interrupted receiver resumes from OUT.state
# TAP lines; exit 0 if all held. Re-executes itself inside the namespace.
set -u
B=$(cd "${1:-build}" && pwd)
if [ "${UPD_IN_NS:-}" != 1 ]; then
	if ! unshare -rn true 2>/dev/null; then
		echo "ok - update-mcast: multicast on veth # SKIP unshare -rn not permitted"
		exit 0
	fi
	UPD_IN_NS=1 exec unshare -rn "$0" "$B"
fi
U=$B/bin/seg6x-update
G=ff3e::4242 S=2001:db8::1
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
bad=0
t() { if [ "$1" = 0 ]; then echo "ok - update-mcast: $2"; else echo "not ok - update-mcast: $2"; bad=1; fi; }
json() { sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" "$1"; }

ip link set lo up
ip link add v0 type veth peer name v1
ip link set v0 up && ip link set v1 up
ip -6 addr add $S/64 dev v0 nodad
ip -6 addr add 2001:db8::2/64 dev v1 nodad
for _ in $(seq 50); do ip -6 addr show dev v1 | grep -q 'fe80.*tentative' || break; sleep 0.1; done
"$U" keygen -o "$tmp/k.key" >/dev/null
head -c 400000 /dev/urandom > "$tmp/fw"
send() { "$U" send "$tmp/fw" --key "$tmp/k.key" --group $G --dev v0 --version 1 "$@"; }
recv() { "$U" recv --pubkey "$tmp/k.pub" --group $G --source $S --dev v1 --progress none "$@"; }

send --duration 2 --stats "$tmp/s0.json" 2>/dev/null
[ "$(json "$tmp/s0.json" packets)" = 0 ] && [ "$(json "$tmp/s0.json" mld_queries)" -ge 1 ]
t $? "no listener: 0 packets sent in 2 s ($(json "$tmp/s0.json" mld_queries) MLD queries)"

recv -o "$tmp/out" --timeout 30 --stats "$tmp/r1.json" 2>/dev/null &
r=$!; pids+=($r)
send --duration 6 --stats "$tmp/s1.json" 2>/dev/null &
s=$!; pids+=($s)
wait $r; rc=$?
t0=$(date +%s.%N)
cmp -s "$tmp/fw" "$tmp/out"; t $? "one SSM listener: the file is installed (exit $rc)"
wait $s
passes=$(json "$tmp/s1.json" passes) paused=$(json "$tmp/s1.json" paused_s)
[ "$(echo "$paused > 2" | bc)" = 1 ]
t $? "the listener left: the sender stopped ($paused s of 6 paused, $passes passes before)"

# --rate: 400 kB at 2 Mb/s, timed from outside (startup only makes it slower)
rcv=$tmp/rate.json
recv -o "$tmp/out2" --timeout 30 --stats "$rcv" 2>/dev/null &
r=$!; pids+=($r)
start=$(date +%s.%N)
timeout 60 "$U" send "$tmp/fw" --key "$tmp/k.key" --group $G --dev v0 --version 1 \
	--loops 1 --rate 2M --listeners 1 --stats "$tmp/s2.json" 2>/dev/null
rc=$?
end=$(date +%s.%N)
# the receiver is done, and leaves, before the last repair symbols of the pass
[ $rc = 0 ]; t $? "--loops 1: the sender ends when its listener has left (exit $rc)"
bytes=$(json "$tmp/s2.json" bytes) pk=$(json "$tmp/s2.json" packets)
mbps=$(echo "($bytes + 48 * $pk) * 8 / ($end - $start) / 1000000" | bc -l)
[ "$(echo "$mbps <= 2.0" | bc)" = 1 ]
t $? "--rate 2M: $(printf %.2f "$mbps") Mb/s on the wire"
wait $r

# an interrupted receiver resumes
rm -f "$tmp/out3"*
send --rate 1M --duration 20 2>/dev/null &
s=$!; pids+=($s)
recv -o "$tmp/out3" --timeout 2 2>/dev/null
rc1=$?
recv -o "$tmp/out3" --timeout 30 --stats "$tmp/r3.json" 2> "$tmp/r3.log"
rc2=$?
kill $s 2>/dev/null
[ $rc1 = 2 ] && [ $rc2 = 0 ] && cmp -s "$tmp/fw" "$tmp/out3" && grep -q '^seg6x-update: resuming' "$tmp/r3.log" &&
	[ "$(json "$tmp/r3.json" resumed)" -ge 1 ]
t $? "interrupted after 2 s (exit $rc1), a new receiver resumes with $(json "$tmp/r3.json" resumed) blocks and installs (exit $rc2)"
exit $bad
