# SPDX-License-Identifier: GPL-2.0-only
# TAP helpers for the kselftest scripts: source it, assert, end with tap_end.
#   ok DESC / nok DESC          a result line
#   okif STATUS DESC            ok DESC if STATUS is 0, else nok DESC
#   skip REASON                 skip the whole script (exit 4, kselftest's skip)
#   check DESC CMD...           CMD's success is the assertion; output shown on failure
#   refuse DESC PATTERN CMD...  CMD must fail and print PATTERN (grep -E);
#                               with REFUSE_STATUS set, fail with that status
#   tap_end                     the plan line; returns non-zero if anything failed
n=0
fails=0
ksft_skip=4

ok()  { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
okif() { local st=$1; shift; if [ "$st" = 0 ]; then ok "$*"; else nok "$*"; fi; }
skip() { echo "1..0 # SKIP $*"; exit $ksft_skip; }

check() {
	local d=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$d"
	else
		nok "$d"
		echo "$out" | sed 's/^/#   /'
	fi
}

refuse() {
	local d=$1 pat=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		nok "$d (succeeded)"
	elif [ -n "${REFUSE_STATUS:-}" ] && [ $rc -ne "$REFUSE_STATUS" ]; then
		nok "$d (exit status $rc)"
	elif echo "$out" | grep -qE -- "$pat"; then
		ok "$d"
		return
	else
		nok "$d (wrong message)"
	fi
	echo "$out" | sed 's/^/#   /'
}

tap_end() {
	echo "1..$n"
	[ "$fails" -eq 0 ]
}
