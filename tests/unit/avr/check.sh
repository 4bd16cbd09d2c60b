#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the AVR core's host tests; print their TAP and one total line
# "N passed, N failed". Usage: check.sh BUILD_DIR STATES FUZZ_RUNS
set -u
dir=$1 states=${2:-64} runs=${3:-200000}
. "$(dirname "$0")/../lib.sh"

run avr_api_test "$dir/avr_api_test"
run avr_step_test "$dir/avr_step_test" "$states"
run avr_corpus_test "$dir/avr_corpus_test" "$dir"/corpus/*.elf
run avr_run tests/unit/avr/avr_run.sh "$dir/.."
run disasm tests/unit/avr/disasm.sh "$dir/.."
run avr_fuzz fuzz avr_fuzz "$dir/avr_fuzz" "$runs"
total avr-check
