#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The otip tool and ioth-node's OTIP options on the host: addresses equal
# the core's fixed vectors (otip_test.c, Python-checked), the window
# follows the clock, bad input is refused with a message. Exit 0 if all held.
set -u
B=${1:-build}
O=$B/bin/otip
N=$B/bin/ioth-node
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
bad=0
no() { echo "#   FAILED: $*"; bad=1; }
is() {			# WANT ARGS...: otip prints WANT
	local want=$1 out
	shift
	out=$("$@" 2>&1) || { no "failed: $* ($out)"; return; }
	[ "$out" = "$want" ] || no "$*: \"$out\", want \"$want\""
}
must_refuse() {		# PATTERN ARGS...
	local pat=$1 out
	shift
	if out=$("$@" 2>&1); then no "accepted: $*"; return; fi
	echo "$out" | grep -qE -- "$pat" || no "no \"$pat\" for: $* ($out)"
}
printf 'correct horse\n' > "$tmp/secret"
S="--secret-file $tmp/secret"
# window 55555555 = time 1777777760 / 32
is fc00:0:7:0:50ce:7140:3375:9d3d "$O" addr temp.sriot.example --base fc00:0:7:: $S --window 55555555
is fc00:0:7:0:50ce:7140:3375:9d3d "$O" addr temp.sriot.example --base fc00:0:7:: $S --time 1777777760
is fc00:0:7:0:50ce:7140:3375:9d3d "$O" addr temp.sriot.example --base fc00:0:7:: $S --time 1777777791
is fc00:0:7:0:50ce:7140:3375:9d3d "$O" addr temp.sriot.example. --base fc00:0:7:: $S --time 1777777792 --prev
is fc00:0:7:0:50ce:7140:3375:9d3d "$O" addr temp.sriot.example --base fc00:0:7:: $S --time 1777777700 --offset 60
is fc00:0:7:0:c46:1dfc:71f2:3571 "$O" addr temp.sriot.example --base fc00:0:7:: $S --window 55555555 --mode iothaddr
OTIP_SECRET="correct horse" is fc00:0:7:0:50ce:7140:3375:9d3d "$O" addr temp.sriot.example --base fc00:0:7:: --window 55555555
is 55555555 "$O" window --time 1777777760
is 111111110 "$O" window --time 1777777760 --period 16
out=$("$O" addr temp.sriot.example --base fc00:0:7:: $S --time 1777777770 -v)
[ "$out" = "fc00:0:7:0:50ce:7140:3375:9d3d window 55555555 mode keyed valid-for 22" ] || no "-v: $out"
a1=$("$O" addr svc --base fc00:0:7:: $S) a2=$("$O" addr svc --base fc00:0:7:: $S --prev)
[ "$a1" != "$a2" ] || no "now and the window before: one address ($a1)"

must_refuse "needs one NAME and --base" "$O" addr temp.sriot.example $S
must_refuse "no secret" env -u OTIP_SECRET "$O" addr x --base fc00:7::
must_refuse "invalid value \"md4\"" "$O" addr x --base fc00:7:: $S --mode md4
must_refuse "invalid value \"0\"" "$O" addr x --base fc00:7:: $S --period 0
must_refuse "invalid value \"fc00::g\"" "$O" addr x --base fc00::g $S
: > "$tmp/empty"
must_refuse "empty or over 128" "$O" addr x --base fc00:7:: --secret-file "$tmp/empty"
head -c 200 /dev/zero | tr '\0' a > "$tmp/long"
must_refuse "empty or over 128" "$O" addr x --base fc00:7:: --secret-file "$tmp/long"
must_refuse "No such file" "$O" addr x --base fc00:7:: --secret-file "$tmp/none"
must_refuse "Usage" "$O" frobnicate

# ioth-node: OTIP options, the address in show = otip addr now
must_refuse "go together" "$N" run --vde null:// --addr fc00:1:5::2 --sid fc00::a --otip svc
must_refuse "empty or over" "$N" run --vde null:// --addr fc00:1:5::2 --sid fc00::a --otip svc \
	--otip-secret-file "$tmp/empty"
"$N" run --vde null:// --addr fc00:1:5::2/64 --sid fc00:0:6::a --ctl "$tmp/ctl" \
	--otip temp.sriot.example --otip-secret-file "$tmp/secret" --otip-base fc00:0:7:: &
pid=$!
for _ in $(seq 50); do [ -S "$tmp/ctl" ] && break; sleep 0.1; done
[ "$(stat -c %a "$tmp/ctl")" = 600 ] || no "control socket mode $(stat -c %a "$tmp/ctl"), want 600"
for _ in 1 2; do	# retry once if a window changed in between
	want=$("$O" addr temp.sriot.example --base fc00:0:7:: $S)
	out=$("$N" ctl "$tmp/ctl" show)
	echo "$out" | grep -q "\"addr\":\"$want\"" && break
done
echo "$out" | grep -q "\"otip\":{\"mode\":\"keyed\",\"period\":32,.*\"addr\":\"$want\"" ||
	no "node's OTIP address is not otip addr's $want: $out"
exit $bad
