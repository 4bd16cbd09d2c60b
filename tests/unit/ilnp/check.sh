#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The ILNPv6 core's host tests: unit tests, the scapy cross-check of the
# encodings, a bounded fuzz run. TAP of each, then one total line
# "N passed, N failed".
# Usage: check.sh BUILD_DIR FUZZ_RUNS
set -u
B=${1:-build} runs=${2:-200000}
. "$(dirname "$0")/../lib.sh"

scapy() {
	"$B/ilnp/ilnp_test" --emit | /usr/bin/python3 tests/unit/ilnp/vectors.py
}

seeded_fuzz() {	# seeded with the emitted vectors, one per path
	local dir rc sel
	dir=$(mktemp -d)
	"$B/ilnp/ilnp_test" --emit | while read -r name hex; do
		case $name in
		lu_*) sel=00 ;; nonce*) sel=01 ;; *) sel=02 ;;
		esac
		printf '%s%s' "$sel" "$hex" | xxd -r -p > "$dir/$name"
	done
	fuzz ilnp_fuzz "$B/ilnp/ilnp_fuzz" "$runs" "$dir"
	rc=$?
	rm -rf "$dir"
	return $rc
}

run ilnp_test "$B/ilnp/ilnp_test"
run scapy scapy
run ilnp_fuzz seeded_fuzz
total ilnp-check
