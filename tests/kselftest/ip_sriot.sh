#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ip sriot: SR-IoT ports and settings of a node, through the patched ip.
#
#   +--------------------------+     +--------------------------+
#   | a  ports 0x26 sensor     |     | b  its own ports and     |
#   |          0x28 actuator   |     |    hop budget            |
#   +--------------------------+     +--------------------------+
#        (no links: each namespace is one SR-IoT node)
#
# Checks port add/set/del/show/flush and -j, that bad input is refused
# with a message and changes nothing, the hop budget, that namespaces do
# not see each other's ports or settings, and that "ip sriot monitor"
# prints nothing where no process runs. Events need the avr-exec datapath:
# the SR-IoT tests check them.
#
# Needs root, the patched ip first in PATH and seg6x.ko loaded; exits 4
# (skip) otherwise. Output is TAP.
set -u

rnd=$(mktemp -u XXXXXX)
a=sriot-a-$rnd b=sriot-b-$rnd
. "$(dirname "$0")/lib/tap.sh"
REFUSE_STATUS=1		# ip exits 1 on bad input and sends nothing

# same DESC EXPECTED CMD...: CMD succeeds and prints exactly EXPECTED
same() {
	local d=$1 want=$2 out
	shift 2
	if out=$("$@" 2>&1) && [ "$out" = "$want" ]; then
		ok "$d"
	else
		nok "$d"
		{ echo "expected:"; echo "$want"; echo "got:"; echo "$out"; } |
			sed 's/^/#   /'
	fi
}

# json_field NS PORT FIELD: FIELD of PORT in "ip -j sriot port show"
json_field() {
	ip -n "$1" -j sriot port show | /usr/bin/python3 -c "
import json, sys
for p in json.load(sys.stdin):
    if p['port'] == $2:
        print(p['$3'])"
}

cleanup() {
	local ns
	for ns in $a $b; do
		ip netns del "$ns" 2>/dev/null
	done
}

[ "$(id -u)" = 0 ] || skip "needs root"
ip sriot help 2>&1 | grep -q "ip sriot port" || skip "ip in PATH has no sriot support"
out=$(ip sriot show 2>&1) || skip "ip sriot not usable: $out"

echo "TAP version 13"
trap cleanup EXIT
ip netns add $a && ip netns add $b || { echo "Bail out! netns setup failed"; exit 1; }

# --- ports ---
check "port add 0x26 mode sensor value 21" \
	ip -n $a sriot port add 0x26 mode sensor value 21
check "port add 40 (decimal) mode actuator" \
	ip -n $a sriot port add 40 mode actuator
same "port show lists both ports in order" \
"port 0x26 mode sensor value 21 reads 0 writes 0 dups 0
port 0x28 mode actuator value 0 reads 0 writes 0 dups 0" \
	ip -n $a sriot port show
same "port show PORT shows one port" \
	"port 0x28 mode actuator value 0 reads 0 writes 0 dups 0" \
	ip -n $a sriot port show 0x28
same "-j port show has numbers" \
	'[{"port":38,"mode":"sensor","value":21,"reads":0,"writes":0,"dups":0},{"port":40,"mode":"actuator","value":0,"reads":0,"writes":0,"dups":0}]' \
	ip -n $a -j sriot port show
same "-j port show PORT" \
	'[{"port":38,"mode":"sensor","value":21,"reads":0,"writes":0,"dups":0}]' \
	ip -n $a -j sriot port show 38
refuse "port add of an existing port is refused (EEXIST)" 'exists' \
	ip -n $a sriot port add 0x26 mode actuator
check "the refused add left the port alone" \
	test "$(json_field $a 38 mode)" = sensor
check "port set replaces an existing port" \
	ip -n $a sriot port set 0x26 mode actuator value 7
same "the replaced port has the new mode and value" \
	"port 0x26 mode actuator value 7 reads 0 writes 0 dups 0" \
	ip -n $a sriot port show 0x26
check "port set creates a missing port" \
	ip -n $a sriot port set 0xff mode sensor
check "value defaults to 0" test "$(json_field $a 255 value)" = 0
check "port del 0xff" ip -n $a sriot port del 0xff
refuse "port show of a deleted port" 'no such port|No such file' \
	ip -n $a sriot port show 0xff
refuse "port del of a missing port" 'no such port|No such file' \
	ip -n $a sriot port del 0xff

# --- bad input: refused before sending, nothing changes ---
before=$(ip -n $a sriot port show)
refuse "port 0x5e (SPH) is refused" 'argument "0x5e" is wrong: 0x5d-0x5f' \
	ip -n $a sriot port add 0x5e mode sensor
refuse "port 0x5d (SPL) is refused" 'argument "0x5d" is wrong: 0x5d-0x5f' \
	ip -n $a sriot port set 0x5d mode actuator
refuse "port 0x1f is refused" 'argument "0x1f" is wrong: PORT must be 0x20-0xff' \
	ip -n $a sriot port add 0x1f mode sensor
refuse "port 0x100 is refused" 'argument "0x100" is wrong: PORT must be 0x20-0xff' \
	ip -n $a sriot port add 0x100 mode sensor
refuse "port 0x5f is refused by del too" 'argument "0x5f" is wrong' \
	ip -n $a sriot port del 0x5f
refuse "mode heater is refused" 'argument "heater" is wrong: mode must be' \
	ip -n $a sriot port add 0x30 mode heater
refuse "add without mode is refused" '"mode sensor" or "mode actuator" is required' \
	ip -n $a sriot port add 0x30 value 1
refuse "value 256 is refused" 'argument "256" is wrong: VALUE must be 0-255' \
	ip -n $a sriot port add 0x30 mode sensor value 256
refuse "a missing value is refused" 'VALUE after "value" is required' \
	ip -n $a sriot port add 0x30 mode sensor value
refuse "a duplicate mode is refused" 'duplicate "mode"' \
	ip -n $a sriot port add 0x30 mode sensor mode actuator
refuse "an unknown keyword is refused" 'unknown argument "colour"' \
	ip -n $a sriot port add 0x30 mode sensor colour red
refuse "an unknown port command is refused" 'command "move" is unknown' \
	ip -n $a sriot port move 0x26
check "bad input left the ports unchanged" \
	test "$before" = "$(ip -n $a sriot port show)"

# --- hop budget, max hops, max steps ---
same "defaults: hop-budget 100000, max-hops 255, max-steps 1000000" \
	"hop-budget 100000 max-hops 255 max-steps 1000000" ip -n $a sriot show
check "set hop-budget 5000" ip -n $a sriot set hop-budget 5000
same "show prints the new hop-budget" "hop-budget 5000 max-hops 255 max-steps 1000000" \
	ip -n $a sriot show
same "-j show" '[{"hop_budget":5000,"max_hops":255,"max_steps":1000000}]' ip -n $a -j sriot show
check "set max-hops 16 max-steps 20000" ip -n $a sriot set max-hops 16 max-steps 20000
same "show prints the new limits" "hop-budget 5000 max-hops 16 max-steps 20000" \
	ip -n $a sriot show
refuse "max-hops 0 is refused" 'argument "0" is wrong: HOPS must be 1-255' \
	ip -n $a sriot set max-hops 0
refuse "max-hops 256 is refused" 'argument "256" is wrong: HOPS must be 1-255' \
	ip -n $a sriot set max-hops 256
refuse "max-steps 0 is refused" 'argument "0" is wrong: STEPS must be' \
	ip -n $a sriot set max-steps 0
refuse "max-steps 4294967296 is refused" 'argument "4294967296" is wrong: STEPS must be' \
	ip -n $a sriot set max-steps 4294967296
refuse "a duplicate max-hops is refused" 'duplicate "max-hops"' \
	ip -n $a sriot set max-hops 9 max-hops 10
refuse "one bad value refuses the whole set" 'argument "300" is wrong' \
	ip -n $a sriot set hop-budget 7000 max-hops 300
refuse "max-steps without STEPS is refused" 'STEPS after "max-steps" is required' \
	ip -n $a sriot set max-steps
# the attribute's number, from the uapi header (enum seg6x_attr, UNSPEC = 0)
max_hops=$(sed -n '/^enum seg6x_attr {/,/^};/p' "$(dirname "$0")/../../kmod/uapi/linux/seg6x.h" |
	grep -E '^[[:space:]]+SEG6X_ATTR_[A-Z0-9_]+,' | grep -n 'SEG6X_ATTR_SRIOT_MAX_HOPS,' | cut -d: -f1)
refuse "the kernel refuses max-hops 256 too (raw netlink, ERANGE)" "errno=34" \
	ip netns exec $a /usr/bin/python3 "$(dirname "$0")/lib/genl.py" seg6x 7 $((max_hops - 1)):u32:256
refuse "hop-budget 0 is refused" 'argument "0" is wrong: N must be 1-1000000' \
	ip -n $a sriot set hop-budget 0
refuse "hop-budget 1000001 is refused" 'argument "1000001" is wrong' \
	ip -n $a sriot set hop-budget 1000001
refuse "hop-budget without N is refused" 'N after "hop-budget" is required' \
	ip -n $a sriot set hop-budget
same "refusals left the settings alone" "hop-budget 5000 max-hops 16 max-steps 20000" \
	ip -n $a sriot show

# --- namespaces are separate nodes ---
same "another namespace has no ports" "" ip -n $b sriot port show
same "another namespace keeps the defaults" \
	"hop-budget 100000 max-hops 255 max-steps 1000000" ip -n $b sriot show
check "another namespace can add the same port" \
	ip -n $b sriot port add 0x26 mode sensor value 99
check "which does not change the first namespace's port" \
	test "$(json_field $a 38 value)" = 7

# --- flush ---
check "port flush" ip -n $a sriot port flush
same "no ports after flush" "" ip -n $a sriot port show
same "flush of an empty node is fine" "" ip -n $a sriot port flush
check "flush left the other namespace alone" \
	test "$(json_field $b 38 value)" = 99

# --- monitor ---
out=$(timeout 2 ip -n $b sriot monitor 2>&1)
rc=$?
if [ $rc -eq 124 ] && [ -z "$out" ]; then
	ok "monitor joins the group and prints nothing without traffic"
else
	nok "monitor joins the group and prints nothing without traffic (exit $rc)"
	echo "$out" | sed 's/^/#   /'
fi
out=$(timeout 2 ip -n $b -j sriot monitor 2>&1)
rc=$?
if [ $rc -eq 124 ] && [ -z "$out" ]; then
	ok "monitor -j prints nothing without traffic"
else
	nok "monitor -j prints nothing without traffic (exit $rc)"
	echo "$out" | sed 's/^/#   /'
fi

tap_end
