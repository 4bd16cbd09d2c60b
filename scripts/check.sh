#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every test phase, host first, then the VM (one boot), the multi-VM
# topology and sid's kernel, and close with one line "N passed, N failed,
# N skipped" over all TAP results.
# Exit 0 only if nothing failed. The full log is build/check.log.
#   scripts/check.sh [PHASE...]     phases: host vm vmnet vm72 (default: all)
set -u
cd "$(dirname "$0")/.."
LOG=build/check.log
mkdir -p build
: > "$LOG"

# The host tests in two lanes, one per core: the AVR differential tests
# against simavr (most of the phase) beside everything else; each lane's
# output is kept and shown in order. The phase fails if either lane does.
phase_host() {
	local a=build/check-host-avr.log b=build/check-host-rest.log ra=0 rb=0

	make -s avr-check >"$a" 2>&1 &
	host_rest >"$b" 2>&1 || rb=$?
	wait $! || ra=$?
	cat "$a" "$b"
	return $((ra | rb))
}

host_rest() {
	local rc=0

	tests/vm/test-logscan.sh || rc=1
	tests/vm/test-run.sh || rc=1
	make -s sriot-check || rc=1
	make -s ioth-check || rc=1
	make -s pipe-check || rc=1
	make -s ilnp-check || rc=1
	make -s update-check || rc=1
	tests/unit/dkms.sh || rc=1
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
[ ${#phases[@]} -gt 0 ] || phases=(host vm vmnet vm72)
start=$(date +%s)
for p in "${phases[@]}"; do run_phase "$p"; done

pass=$(grep -cE '^ok ' "$LOG" | head -1)
skip=$(grep -E '^ok ' "$LOG" | grep -ciE '# *skip')
fail=$(grep -cE '^not ok ' "$LOG")
pass=$((pass - skip))
echo "# check: $(( $(date +%s) - start )) s wall, log $LOG"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
