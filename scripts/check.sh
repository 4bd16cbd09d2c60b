#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every test phase, host first, then the VM (one boot), and close with
# one line "N passed, N failed, N skipped" over all TAP results.
# Exit 0 only if nothing failed. The full log is build/check.log.
#   scripts/check.sh [PHASE...]     phases: host vm vm72 (default: all)
set -u
cd "$(dirname "$0")/.."
LOG=build/check.log
mkdir -p build
: > "$LOG"

phase_host() {
	tests/vm/test-logscan.sh
	tests/vm/test-run.sh
	make -s avr-check
	make -s sriot-check
	make -s ioth-check
	make -s pipe-check
	make -s ilnp-check
	make -s update-check
	tests/unit/dkms.sh
}

phase_vm() {
	tests/vm/run --tests
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
[ ${#phases[@]} -gt 0 ] || phases=(host vm vm72)
start=$(date +%s)
for p in "${phases[@]}"; do run_phase "$p"; done

pass=$(grep -cE '^ok ' "$LOG" | head -1)
skip=$(grep -E '^ok ' "$LOG" | grep -ciE '# *skip')
fail=$(grep -cE '^not ok ' "$LOG")
pass=$((pass - skip))
echo "# check: $(( $(date +%s) - start )) s wall, log $LOG"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
