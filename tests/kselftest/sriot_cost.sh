#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What one SR-IoT process may cost a node (issue 11, items 1 and 2), on the
# first two nodes of the SR-IoT topology (lib/sriot_topo.sh):
#
#  +---+ link0 +----+ link1 +----+
#  | h |-------| n1 |-------| n2 |      node table of the test processes:
#  +---+       +----+       +----+      SID1, SID3, SID4, SID2 (3 and 4
#  sender       TEMP1 0x26   FAN 0x2a    are never visited)
#
# 1. Node-side caps whatever the packet says: a process bouncing between
#    n1 and n2 with hop limit 255 comes home at the nodes' max-hops; a
#    spinning one with a huge step limit at their max-steps.
# 2. Port accesses per visit: a process writing the fan in a loop makes 256
#    writes on n2, then comes home with hop-budget ("access-capped").
# 3. Events are rate-limited: a listener sees at most 1000 a second, the
#    rest are counted ("events-muted"); writes are applied all the same.
# 4. Exactly-once against other senders (issue 11 item 4): from a second
#    address on h (fc00:1:0::66, the "attacker", who knows the victim's
#    task id), a write under the victim's task id does not make the
#    victim's write a duplicate, and five tasks of 256 writes each, sent
#    between a victim's first copy and its retransmission, do not make n2
#    forget the victim's write.
#
# Needs root, seg6x.ko, the patched ip first in PATH and jq; exits 4 (skip)
# otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/sriot_lib.sh"
tmp=$(mktemp -d)
mon=

cleanup() {
	[ -n "$mon" ] && kill "$mon" 2>/dev/null
	sriot_topo_down
	rm -rf "$tmp"
}
trap cleanup EXIT
sriot_checks

sriot_two_nodes

# ---- 1. node-side caps ----
eq "defaults: hop-budget 100000 max-hops 255 max-steps 1000000" \
	"hop-budget 100000 max-hops 255 max-steps 1000000" "$(ip -n "$(ns n1)" sriot show)"
for x in n1 n2; do
	ip -n "$(ns $x)" sriot set max-hops 6 max-steps 5000 || nok "$x: sriot set"
done
eq "-j show: the three settings" '{"hop_budget":100000,"max_hops":6,"max_steps":5000}' \
	"$(ip -n "$(ns n1)" -j sriot show | jq -c '.[0]')"
r=$(case_run ping-pong --timeout 5)
eq "ping-pong n1 <-> n2, hop limit 255 in the packet: home at max-hops 6" "hop-limit 6" \
	"$(jv "$r" '"\(.status) \(.hops)"')"
r=$(case_run step-bomb --timeout 5)
eq "spin with step limit 2^30 in the packet: home at max-steps 5000" "step-limit 5000" \
	"$(jv "$r" '"\(.status) \(.steps)"')"
for x in n1 n2; do ip -n "$(ns $x)" sriot set max-hops 255 max-steps 1000000; done

# ---- 2. port accesses per visit ----
w0=$(port n2 0x2a writes) c0=$(counter n2 access-capped)
r=$(case_run write-loop --timeout 5)
eq "a visit writing the fan for ever: home with hop-budget after 256 writes (wseq 256)" \
	"hop-budget 256" "$(jv "$r" '"\(.status) \(.wseq)"')"
eq "n2: 256 writes applied, access-capped +1" "256 1" \
	"$(($(port n2 0x2a writes) - w0)) $(($(counter n2 access-capped) - c0))"

# ---- 3. events rate-limited ----
ip -n "$(ns n2)" -j sriot monitor >"$tmp/mon" 2>&1 &
mon=$!
sleep 1		# the monitor subscribes
w0=$(port n2 0x2a writes) d0=$(port n2 0x2a dups) m0=$(counter n2 events-muted)
# the same task six times: 256 applied writes, of which the write memory
# keeps the task's quota (the first 64); then 5 x (64 repeats (dups) + 192
# applied again), each write an event
case_run write-loop --count 6 --task-id 0x5eed0002 --timeout 5 >/dev/null
sleep 1
kill "$mon" 2>/dev/null
wait "$mon" 2>/dev/null
mon=
w=$(($(port n2 0x2a writes) - w0)) d=$(($(port n2 0x2a dups) - d0))
muted=$(($(counter n2 events-muted) - m0))
seen=$(grep -c '"event":"write"' "$tmp/mon")
eq "six copies of a 256-write task: 64 remembered (its quota): 1216 applied, 320 repeats" \
	"1216 320" "$w $d"
echo "# events: $seen seen by the monitor, $muted muted"
check "at most 1000 events a second reach a listener: some muted" test "$muted" -gt 0
# the listener's socket buffer may overflow too (ENOBUFS): events seen plus
# events muted can fall short of the writes, never exceed them
check "events seen + muted <= writes" test $((seen + muted)) -le $((w + d))

# ---- 4. exactly-once against other senders ----
# The write memory is a pure core (sriot/wmem.c, unit-tested on the host):
# checked in the network on the pinned 6.12 kernel only, to keep the 7.2
# boot of make check short.
case "$(uname -r)" in
6.12.*)
echo "# ${SECONDS}s: exactly-once"
ATT=fc00:1:0::66
ip -n "$(ns h)" addr add $ATT/64 dev east nodad
w0=$(port n2 0x2a writes) d0=$(port n2 0x2a dups)
case_run base --src $ATT --task-id 0x5eed0101 --timeout 3 >/dev/null
r=$(case_run base --task-id 0x5eed0101 --timeout 3)
eq "the victim's task id written first from another address: the victim's write applied" \
	"0 2 0" "$(jv "$r" '.log[0][3]') $(($(port n2 0x2a writes) - w0)) $(($(port n2 0x2a dups) - d0))"
# The memory keeps an entry 10 s at least: under TCG a Python start alone
# takes seconds, so both senders are started first and released by files.
q0=$(counter n2 write-memory-quota) f0=$(counter n2 write-memory-full) d0=$(port n2 0x2a dups)
case_run base --task-id 0x5eed0301 --count 2 --wait "$tmp/victim:1" --timeout 3 >"$tmp/victim.out" &
victim=$!
case_run write-loop --src $ATT --task-id 0x5eed0201 --new-tasks --count 5 --wait "$tmp/flood:0" \
	--timeout 5 >/dev/null &
flood=$!
for _ in $(seq 200); do [ -s "$tmp/victim.out" ] && break; sleep 0.1; done
touch "$tmp/flood"
wait $flood
touch "$tmp/victim"
wait $victim
q=$(($(counter n2 write-memory-quota) - q0)) f=$(($(counter n2 write-memory-full) - f0))
echo "# 5 x 256 writes: $q over a task's quota, $f with the memory full"
check "five 256-write tasks from the attacker: writes not remembered, counted" \
	test $((q + f)) -ge $((5 * (256 - 64)))
eq "... and the victim's retransmission is still a duplicate" "1 1" \
	"$(jv "$(tail -n 1 "$tmp/victim.out")" '.log[0][3]') $(($(port n2 0x2a dups) - d0))"
echo "# ${SECONDS}s: done"
;;
*)	ok "exactly-once against other senders # SKIP checked on 6.12 (check time)" ;;
esac

tap_end
