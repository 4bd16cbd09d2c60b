#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every test phase, host first, then the VM jobs (a boot per kernel, the
# upstream selftests, the multi-VM topology; two at a time), and close with one line "N passed, N failed,
# N skipped" over all TAP results.
# Exit 0 only if nothing failed. The full log is build/check.log.
#   scripts/check.sh [PHASE...]     phases: host vm vm72 vmnet, or vms (= vm,
#                                   vm72 and vmnet on two workers; the
#                                   default: host vms)
set -u
cd "$(dirname "$0")/.."
LOG=build/check.log
mkdir -p build
: > "$LOG"

# The host tests in two lanes, one per core, of about the same length (the
# AVR differential tests against simavr, the updater and the DKMS build
# beside everything else); each lane's output is kept and shown in order.
# The phase fails if either lane does.
phase_host() {
	local a=build/check-host-avr.log b=build/check-host-rest.log ra=0 rb=0

	host_avr >"$a" 2>&1 &
	host_rest >"$b" 2>&1 || rb=$?
	wait $! || ra=$?
	cat "$a" "$b"
	return $((ra | rb))
}

host_avr() {
	local rc=0

	make -s avr-check || rc=1
	make -s update-check || rc=1
	tests/unit/dkms.sh || rc=1
	return $rc
}

host_rest() {
	local rc=0

	tests/vm/test-logscan.sh || rc=1
	tests/vm/test-run.sh || rc=1
	make -s sriot-check || rc=1
	make -s ioth-check || rc=1
	make -s pipe-check || rc=1
	make -s ilnp-check || rc=1
	return $rc
}

phase_vm() {
	tests/vm/run --tests
}

# three VMs, three gateways, joined by virtio-net (tests/vmnet/*.sh)
phase_vmnet() {
	tests/vm/multi
}

# sid's kernel: every seg6x kselftest again, on the module built for it
phase_vm72() {
	tests/vm/run --kernel 7.2 --tests
}

# Every VM job on two workers, one per host core (the default): a TCG guest
# keeps about one core busy, so two at a time. The jobs, longest first:
# 6.12's kselftests, 7.2's, the upstream SRv6 selftests in two halves of
# about equal length (each its own 6.12 boot), the multi-VM topology; a
# worker that finishes takes the next job. Each job keeps its own log; the
# logs are shown in this order whatever the order of finishing. Side by
# side, a boot may take up to an hour before it counts as hung.
VM_JOBS=(vm vm72 up1 up2 vmnet)

job_vm() { tests/vm/run --no-upstream --tests; }
job_vm72() { phase_vm72; }
job_up1() { job_upstream 1; }
job_up2() { job_upstream 2; }

job_upstream() {
	local half

	half=$(upstream_half "$1")
	if [ -z "$half" ]; then
		echo "not ok - upstream selftests: none found in the 6.12 kernel cache (make deps)"
		return 1
	fi
	# shellcheck disable=SC2086 # one word per script
	tests/vm/run --vmdir "build/vm-up$1" --tests $half
}
job_vmnet() { phase_vmnet; }

# upstream_half N: the upstream selftests of half N (1 or 2) as upstream/NAME,
# split greedily by their run time under TCG alone (seconds, 2026-12-07; a
# script not listed counts 40 s), so that every script is in exactly one half
upstream_half() {
	local kver dir s n c t1=0 t2=0 h1=() h2=()
	local -A cost=([srv6_hencap_red_l3vpn_test]=88 [srv6_end_dt46_l3vpn_test]=81
		[srv6_end_dt4_l3vpn_test]=46 [srv6_end_dt6_l3vpn_test]=46
		[srv6_end_next_csid_l3vpn_test]=41 [srv6_end_x_next_csid_l3vpn_test]=40
		[srv6_end_flavors_test]=23 [test_lwt_seg6local]=17
		[srv6_hl2encap_red_l2vpn_test]=15 [srv6_end_dx6_netfilter_test]=12
		[srv6_end_dx4_netfilter_test]=9)

	kver=$(scripts/kernel.sh --kernel 6.12 --kver) || return 1
	dir=${SEG6X_CACHE:-/var/cache/seg6x}/linux-$kver/src/tools/testing/selftests
	for s in "$dir"/net/srv6_*.sh "$dir"/bpf/test_lwt_seg6local.sh; do
		[ -f "$s" ] || continue
		n=$(basename "$s" .sh)
		c=${cost[$n]:-40}
		echo "$c $n"
	done | sort -rn | {
		while read -r c n; do
			if [ $t1 -le $t2 ]; then
				h1+=("upstream/$n"); t1=$((t1 + c))
			else
				h2+=("upstream/$n"); t2=$((t2 + c))
			fi
		done
		if [ "$1" = 1 ]; then echo "${h1[*]}"; else echo "${h2[*]}"; fi
	}
}

# vms_worker: take the next job from the queue (a counter under a lock)
# until none is left; job J's log is build/check-J.log, its status .rc
vms_worker() {
	local i j

	while :; do
		i=$(flock build/check-jobs.lock sh -c \
			'i=$(cat build/check-jobs.next); echo $((i + 1)) >build/check-jobs.next; echo $i')
		[ "$i" -lt ${#VM_JOBS[@]} ] || return 0
		j=${VM_JOBS[$i]}
		echo "# $(date +%T) job $j: start" >&2
		"job_$j" >"build/check-$j.log" 2>&1
		echo $? >"build/check-$j.rc"
		echo "# $(date +%T) job $j: exit $(cat "build/check-$j.rc")" >&2
	done
}

phase_vms() {
	local j rc=0 r

	export VM_TIMEOUT=${VM_TIMEOUT:-3600}
	echo 0 >build/check-jobs.next
	for j in "${VM_JOBS[@]}"; do echo 1 >"build/check-$j.rc"; done
	vms_worker &
	vms_worker
	wait
	for j in "${VM_JOBS[@]}"; do
		echo "# ---- job $j"
		cat "build/check-$j.log"
		r=$(cat "build/check-$j.rc")
		[ "$r" -eq 0 ] || { echo "not ok - job $j exited with status $r"; rc=1; }
	done
	return $rc
}

run_phase() {
	local name=$1 rc
	echo "# ==== phase: $name"
	"phase_$name" 2>&1 | tee -a "$LOG"
	rc=${PIPESTATUS[0]}
	# a phase that fails without saying which test failed is a failure too
	if [ "$rc" -ne 0 ]; then
		echo "not ok - phase $name exited with status $rc" | tee -a "$LOG"
	fi
}

phases=("$@")
[ ${#phases[@]} -gt 0 ] || phases=(host vms)
start=$(date +%s)
for p in "${phases[@]}"; do run_phase "$p"; done

pass=$(grep -cE '^ok ' "$LOG" | head -1)
skip=$(grep -E '^ok ' "$LOG" | grep -ciE '# *skip')
fail=$(grep -cE '^not ok ' "$LOG")
pass=$((pass - skip))
echo "# check: $(( $(date +%s) - start )) s wall, log $LOG"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
