#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Host test of tests/vm/logscan.sh against sample kernel logs:
# logscan-samples/good-*.log must pass clean, every bad-*.log must be
# flagged with the offending lines. Prints TAP; exit 0 iff all pass.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
SCAN=$HERE/logscan.sh
. "$HERE/../kselftest/lib/tap.sh"

# check_good FILE: exit 0, nothing printed
check_good()
{
	local out rc

	out=$("$SCAN" "$1") && rc=0 || rc=$?
	[ $rc = 0 ] && [ -z "$out" ]
	okif $? "clean: ${1##*/}"
	[ -z "$out" ] || echo "$out" | sed 's/^/#   /'
}

# check_bad FILE: exit 1, every printed line is FILE:LINENO:text, no CR
check_bad()
{
	local out rc

	out=$("$SCAN" "$1") && rc=0 || rc=$?
	[ $rc = 1 ] && [ -n "$out" ] &&
		! echo "$out" | grep -qv "^$1:[0-9][0-9]*:" &&
		! echo "$out" | grep -q $'\r'
	okif $? "flagged: ${1##*/} ($(echo "$out" | grep -c .) lines)"
}

echo "TAP version 13"
for f in "$HERE"/logscan-samples/good-*.log; do
	check_good "$f"
done
for f in "$HERE"/logscan-samples/bad-*.log; do
	check_bad "$f"
done

# Several files: one bad file makes the whole scan fail.
"$SCAN" "$HERE"/logscan-samples/good-*.log "$HERE"/logscan-samples/bad-warn.log >/dev/null
[ $? = 1 ]
okif $? "one bad file among good ones fails the scan"

# stdin, as used with dmesg | logscan.sh
printf '[ 1.0] ok\n[ 2.0] WARNING: CPU: 0 PID: 1 at x\n' | "$SCAN" | grep -q "^-:2:\[ 2.0\] WARNING"
okif $? "stdin: offending line reported with its number"
printf '[ 1.0] all good\n' | "$SCAN" >/dev/null
okif $? "stdin: clean log passes"

"$SCAN" "$HERE"/logscan-samples/does-not-exist.log 2>/dev/null
[ $? = 2 ]
okif $? "unreadable file is an error (exit 2), not a clean log"

tap_end
