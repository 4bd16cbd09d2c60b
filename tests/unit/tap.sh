# SPDX-License-Identifier: GPL-2.0-only
# TAP for the host test scripts (bash), the shell side of tests/unit/tap.h.
# Source it; then
#   ok DESC STATUS       "ok N - DESC" if STATUS is 0, else "not ok N - DESC"
#   is DESC GOT WANT     ok when GOT equals WANT, saying both when not
#   skip DESC WHY        "ok N - DESC # SKIP WHY"
#   tap_done             the last line, "P passed, F failed"; returns 1 on a failure
pass=0 fail=0 n=0

ok() {
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $n - $1"
		pass=$((pass + 1))
	else
		echo "not ok $n - $1"
		fail=$((fail + 1))
	fi
}

is() {
	[ "$2" = "$3" ] && ok "$1" 0 || ok "$1 (got '$2', want '$3')" 1
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
	pass=$((pass + 1))
}

tap_done() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}
