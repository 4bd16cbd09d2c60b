#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# logscan.sh [FILE...]: look for signs of kernel trouble in kernel logs
# (dmesg output or a serial console capture; stdin without FILE).
# Prints each offending line as "FILE:LINE: text" and exits 1 if there is
# one, 0 if the logs are clean, 2 if a FILE cannot be read.
#
# A test run that passes every test still fails when the kernel warned:
# a WARN_ON or a leaked reference is a bug even when packets flowed.
set -u

# One extended regex per kind of trouble (matched anywhere in the line).
PATTERNS=(
	'WARNING:'
	'BUG:'
	'kernel BUG'
	'Oops'
	'general protection fault'
	'Kernel panic'
	'refcount_t:'
	'KASAN'
	'UBSAN'
	'list_(add|del) corruption'
	'watchdog: BUG: soft lockup'
	'INFO: task .* blocked'
	'RCU stall|rcu: INFO: .* detected stalls|rcu_.* self-detected stall'
	'unreferenced object'
)

# Lines that match a pattern but are known to be harmless here: none yet.
# Add "regex  # why" entries only with a reason.
ALLOW=(
)

regex()
{
	local IFS='|'

	echo "${*}"
}

scan()
{
	local bad allow=()

	bad=$(regex "${PATTERNS[@]}")
	[ ${#ALLOW[@]} = 0 ] || allow=(-e "$(regex "${ALLOW[@]}")")
	# Console captures end lines with CR; strip it before matching.
	tr -d '\r' | grep -n -E -e "$bad" |
		if [ ${#allow[@]} = 0 ]; then cat; else grep -v -E "${allow[@]}"; fi
}

main()
{
	local f hits found=0

	if [ $# = 0 ]; then
		hits=$(scan) && [ -n "$hits" ] && { echo "$hits" | sed 's/^/-:/'; found=1; }
	fi
	for f in "$@"; do
		[ -r "$f" ] || { echo "logscan: cannot read $f" >&2; exit 2; }
		hits=$(scan <"$f")
		[ -z "$hits" ] || { echo "$hits" | sed "s|^|$f:|"; found=1; }
	done
	exit $found
}

main "$@"
