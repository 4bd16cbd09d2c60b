#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `ip otip` input checks on the host (patch 0040): every refusal below
# happens in ip before anything is sent, so no module is needed (no
# netlink socket is opened either: they pass on a host without seg6x); the
# kernel's own refusals (EEXIST, ENOENT, EPERM) are in
# tests/kselftest/otip_gw.sh. Each must exit 1 with its message.
# Usage: ip_otip.sh BUILD_DIR
set -u
B=${1:-build}
IP=$B/bin/ip
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
n=0
refuse() {
	local d=$1 pat=$2 out rc
	shift 2
	n=$((n + 1))
	out=$("$IP" otip "$@" 2>&1)
	rc=$?
	if [ $rc -eq "${RC:-1}" ] && echo "$out" | grep -qE -- "$pat"; then
		echo "ok $n - $d"
	else
		fails=$((fails + 1))
		echo "not ok $n - $d (exit $rc)"
		echo "$out" | sed 's/^/#   /'
	fi
}
[ -x "$IP" ] || { echo "not ok 1 - $IP missing (make ip)"; exit 1; }
printf '%s\n' 'correct horse' > "$tmp/secret"
: > "$tmp/empty"
head -c 129 /dev/zero | tr '\0' x > "$tmp/long"
S="secret-file $tmp/secret"
RC=255 refuse "help names the syntax (exit 255, as ip's other help)" "ip otip add NAME base ADDR service ADDR secret-file PATH" help
refuse "the service inside the base /64" "must not be in the base" \
	add a base fd00:9:: service fd00:9::5 $S
refuse "a multicast base" "base must be an IPv6 unicast" add a base ff02::1 service fd00:2::2 $S
refuse "an unspecified service" "service must be an IPv6 unicast" \
	add a base fd00:9:: service :: $S
refuse "period 0" "period must be 1-86400" add a base fd00:9:: service fd00:2::2 $S period 0
refuse "period 86401" "period must be 1-86400" \
	add a base fd00:9:: service fd00:2::2 $S period 86401
refuse "an offset that is not a number" "offset must be" \
	add a base fd00:9:: service fd00:2::2 $S offset 1x
refuse "an unknown mode" "MODE must be keyed, hmac-sha256 or iothaddr" \
	add a base fd00:9:: service fd00:2::2 $S mode md5
refuse "an empty secret file" "1-128 bytes" \
	add a base fd00:9:: service fd00:2::2 secret-file "$tmp/empty"
refuse "a 129-byte secret" "1-128 bytes" \
	add a base fd00:9:: service fd00:2::2 secret-file "$tmp/long"
refuse "a missing secret file" "cannot read the secret file" \
	add a base fd00:9:: service fd00:2::2 secret-file "$tmp/none"
refuse "no secret-file" "\"secret-file PATH\" is required" add a base fd00:9:: service fd00:2::2
refuse "no base" "\"base ADDR\" is required" add a service fd00:2::2 $S
refuse "a duplicate word" "duplicate \"base\"" \
	add a base fd00:9:: base fd00:a:: service fd00:2::2 $S
refuse "an unknown word" "unknown argument \"key\"" \
	add a base fd00:9:: service fd00:2::2 $S key 1
refuse "a 256-byte name" "NAME must have 1-255 bytes" \
	add "$(head -c 256 /dev/zero | tr '\0' a)" base fd00:9:: service fd00:2::2 $S
refuse "the name \".\"" "NAME must have 1-255 bytes" add . base fd00:9:: service fd00:2::2 $S
refuse "del without a name" "NAME is required" del
refuse "del with two words" "unknown argument \"b\"" del a b
refuse "an unknown command" "command \"flush\" is unknown" flush
echo "1..$n"
[ $fails -eq 0 ]
