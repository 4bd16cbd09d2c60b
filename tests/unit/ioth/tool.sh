#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# ioth-node's command line on the host, unprivileged: bad options are
# refused with a message, a --ports file loads, the control socket answers
# and refuses bad commands without changing anything. The node plugs into
# vdeplug4's null:// network (no peer needed). Exit 0 if all held.
set -u
B=${1:-build}
N=$B/bin/ioth-node
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
bad=0
no() { echo "#   FAILED: $*"; bad=1; }

must_refuse() {		# PATTERN ARGS...
	local pat=$1 out
	shift
	if out=$("$N" "$@" 2>&1); then no "accepted: $*"; return; fi
	echo "$out" | grep -qE -- "$pat" || no "no \"$pat\" for: $* ($out)"
}
must_refuse "required" run --vde null://
must_refuse "invalid value" run --vde null:// --addr fc00::1/129 --sid fc00::a
must_refuse "invalid value" run --vde null:// --addr fc00::1 --sid ff02::1
must_refuse "invalid value" run --vde null:// --addr fc00::1 --sid fc00::a --mac 01:00:00:00:00:01
echo "port 0x5e sensor 1" > "$tmp/bad.ports"
must_refuse "bad.ports:1: .*SPL" run --vde null:// --addr fc00::1 --sid fc00::a --ports "$tmp/bad.ports"

cat > "$tmp/p" <<EOF2
# TEMP1 fixed, TEMP2 from a file, FAN to a file
port 0x26 sensor 20
port 0x27 sensor file $tmp/t2
port 0x2a actuator file $tmp/fan
EOF2
"$N" run --vde null:// --addr fc00:1:5::2/64 --router fc00:1:5::1 --sid fc00:0:6::a \
	--ports "$tmp/p" --ctl "$tmp/ctl" &
pid=$!
for _ in $(seq 50); do [ -S "$tmp/ctl" ] && break; sleep 0.1; done
out=$("$N" ctl "$tmp/ctl" show) || no "show: $out"
echo "$out" | grep -q '"port":38,"mode":"sensor","value":20' || no "show lacks port 0x26: $out"
echo "$out" | grep -q '"port":42,"mode":"actuator"' || no "show lacks port 0x2a: $out"
"$N" ctl "$tmp/ctl" port 0x26 sensor 21 >/dev/null || no "port 0x26 sensor 21"
"$N" ctl "$tmp/ctl" show | grep -q '"port":38,"mode":"sensor","value":21' || no "value 21 not set"
out=$("$N" ctl "$tmp/ctl" port 0x26 lamp 3) && no "mode lamp accepted"
echo "$out" | grep -q "sensor or actuator" || no "mode lamp: $out"
"$N" ctl "$tmp/ctl" show | grep -q '"port":38,"mode":"sensor","value":21' || no "a refused command changed the port"
printf '#!/bin/sh\necho 31\n' > "$tmp/t3"; chmod +x "$tmp/t3"
"$N" ctl "$tmp/ctl" port 0x28 sensor exec "$tmp/t3" >/dev/null || no "port 0x28 sensor exec"
"$N" ctl "$tmp/ctl" show | grep -q '"port":40,"mode":"sensor","value":0,"backing":"exec"' ||
	no "exec backing not shown"
out=$("$N" ctl "$tmp/ctl" port 0x29 sensor exec "$tmp/p") && no "exec of a non-executable accepted"
echo "$out" | grep -q "Permission denied" || no "exec non-executable: $out"
out=$("$N" ctl "$tmp/ctl" reboot) && no "unknown command accepted"
echo "$out" | grep -q "unknown command" || no "unknown command: $out"
kill "$pid"; wait "$pid"; rc=$?; pid=
[ $rc = 0 ] || no "SIGTERM: exit status $rc"
[ ! -e "$tmp/ctl" ] || no "control socket left behind"
exit $bad
