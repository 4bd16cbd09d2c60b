#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every test phase, host first, then the VMs (one boot per kernel, both
# at once), then the multi-VM topology, and close with one line "N passed, N failed,
# N skipped" over all TAP results.
# Exit 0 only if nothing failed. The full log is build/check.log.
#   scripts/check.sh [PHASE...]     phases: host vm vm72 vms (= vm and vm72 at
#                                   once) vmnet (default: host vms vmnet)
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

# Both kernels at once (the default): a TCG guest runs its tests on about
# one host core, so the two boots side by side take about as long as the
# longer one (6.12's, which also runs the upstream selftests) instead of
# their sum. Each keeps its own log; they are shown one after the other.
# Side by side, each may take up to an hour before it counts as hung (alone
# 6.12's takes about 22 minutes, 7.2's 14).
phase_vms() {
	local a=build/check-vm.log b=build/check-vm72.log ra=0 rb=0 pid

	export VM_TIMEOUT=${VM_TIMEOUT:-3600}
	phase_vm >"$a" 2>&1 &
	pid=$!
	phase_vm72 >"$b" 2>&1 || rb=$?
	wait "$pid" || ra=$?
	cat "$a"
	[ "$ra" -eq 0 ] || echo "not ok - phase vm exited with status $ra"
	cat "$b"
	[ "$rb" -eq 0 ] || echo "not ok - phase vm72 exited with status $rb"
	return $((ra | rb))
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
[ ${#phases[@]} -gt 0 ] || phases=(host vms vmnet)
start=$(date +%s)
for p in "${phases[@]}"; do run_phase "$p"; done

pass=$(grep -cE '^ok ' "$LOG" | head -1)
skip=$(grep -E '^ok ' "$LOG" | grep -ciE '# *skip')
fail=$(grep -cE '^not ok ' "$LOG")
pass=$((pass - skip))
echo "# check: $(( $(date +%s) - start )) s wall, log $LOG"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
