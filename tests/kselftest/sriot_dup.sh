#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# SR-IoT duplicates across five avr-exec nodes: the same process twice,
# and the avg example under 20% loss with retransmissions: each actuator
# write is applied once per task, every run's result equals `sriot ref`.
#
#  +---+ link0 +----+ link1 +----+ link2 +----+ link3 +----+ link4 +----+
#  | h |-------| n1 |-------| n2 |-------| n3 |-------| n4 |-------| n5 |
#  +---+       +----+       +----+       +----+       +----+       +----+
#  sender       TEMP1 0x26   TEMP2 0x27   TEMP3 0x28   FAN 0x2a     HEATER 0x2b
#               (sensor)     (sensor)     (sensor)     (actuator)   (actuator)
#  fc00:1:0::1  node nk: SID fc00:0:k::a action avr-exec, fc00:0:k::e End
#                         (netem loss on link2 for the duplicate checks)
#
# Needs root, seg6x.ko, the patched ip first in PATH, build/bin/sriot and
# avr-gcc; exits 4 (skip) otherwise. Output is TAP. Helpers and the
# topology: lib/sriot_net_common.sh.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/sriot_net_common.sh"
sriot_avg_ports 20 25 24 || nok "avg ports configured"
sriot_ports_file "$tmp/avg.ports"
check "sriot build avg.c against the topology's SIDs" \
	"$SRIOT" build "$REPO/tools/sriot-examples/avg.c" --ports "$tmp/avg.ports" -o "$tmp/avg.task"
"$SRIOT" ref "$tmp/avg.task" --json --sym average --port-values 0x26=20,0x27=25,0x28=24 \
	>"$tmp/avg.ref" 2>&1

# ---- duplicates ----
w0=$(port n4 0x2a writes) d0=$(port n4 0x2a dups) c0=$(counter n4 duplicate-writes)
r=$(case_run base --count 2 --task-id 0x5eed0001 --timeout 3)
eq "same process twice: two replies" 2 "$(echo "$r" | grep -c break)"
eq "first copy writes, second is marked dup (log flags)" "0 1" \
	"$(echo "$r" | while read -r l; do jv "$l" '.log[0][3]'; done | tr '\n' ' ' | sed 's/ $//')"
eq "port 0x2a: writes +1, dups +1, duplicate-writes counter +1" "1 1 1" \
	"$(($(port n4 0x2a writes) - w0)) $(($(port n4 0x2a dups) - d0)) $(($(counter n4 duplicate-writes) - c0))"

if [ -x /sbin/tc ] || command -v tc >/dev/null; then
	TC=$(command -v tc || echo /sbin/tc)
	if in_ns n2 $TC qdisc add dev east root netem loss 20% 2>"$tmp/tc.err" &&
	   in_ns n3 $TC qdisc add dev west root netem loss 20%; then
		runs=10 done_=0 dups=0
		fw0=$(port n4 0x2a writes) hw0=$(port n5 0x2b writes)
		fd0=$(port n4 0x2a dups) hd0=$(port n5 0x2b dups)
		for i in $(seq $runs); do
			if in_ns h "$SRIOT" run "$tmp/avg.task" --retries 10 --timeout 1s --json --sym average \
				>"$tmp/loss.$i" 2>&1; then
				done_=$((done_ + 1))
			fi
		done
		fw=$(($(port n4 0x2a writes) - fw0)) hw=$(($(port n5 0x2b writes) - hw0))
		dups=$(($(port n4 0x2a dups) - fd0 + $(port n5 0x2b dups) - hd0))
		eq "20% loss on link2: all $runs runs complete (retries 10)" $runs $done_
		eq "20% loss: each task's 2 writes applied once (FAN, HEATER writes)" \
			"$done_ $done_" "$fw $hw"
		echo "# 20% loss: $dups duplicate writes skipped over $runs tasks"
		same=0
		for i in $(seq $runs); do
			[ "$(strip "$tmp/loss.$i" 2>/dev/null)" = "$(strip "$tmp/avg.ref")" ] &&
				same=$((same + 1))
		done
		eq "20% loss: every run's result equals ref" $runs $same
		in_ns n2 $TC qdisc del dev east root
		in_ns n3 $TC qdisc del dev west root
	else
		ok "duplicates under loss # SKIP netem: $(head -1 "$tmp/tc.err")"
	fi
else
	ok "duplicates under loss # SKIP no tc"
fi

echo "# ${SECONDS}s: duplicates done"

tap_end
