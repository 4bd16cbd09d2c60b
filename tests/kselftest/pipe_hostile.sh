#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe_hostile.sh: what the pipe proxy refuses, and how it ends.
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# An unknown function is answered with a RST and counted; a sed SID naming
# an unset rule resets the connection; ip pipe key refuses bad keys, needs
# CAP_NET_ADMIN and never prints key bytes; an AEAD SID naming an unset key
# resets the connection (fail closed); hostile SYNs (reduced SRH, truncated
# TCP, bad data offset, not TCP) are dropped with a named reason; ip route
# del of the pipe route resets its live flows; rmmod is refused while the
# route exists and, right after ip route del, unloads the module with the
# flow still live (then insmod again); the proxy's netns goes away with a
# live flow (the VM checks the kernel log).
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3 with
# scapy, nc; exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/pipe_topo.sh"
. "$HERE/lib/suite.sh"
trap pipe_cleanup EXIT

pipe_begin
pipe_setup || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy with action pipe, server"
pipe_serve || nok "server started"
printf 'I love dogs!\n' > "$tmp/dogs"

# an unknown function: RST, counted, never a bypass
via fc00:0:1:0:0:1234::
before=$(drop pipe-unknown-function)
err=$(ip netns exec $C $PEER send $SRV 8080 "$tmp/dogs" "$tmp/back" --timeout 10 2>&1)
[ "$err" = refused ] && ok "unknown function 0x1234: the client's SYN is refused (RST)" ||
	nok "unknown function 0x1234: the client's SYN is refused (RST) (got: $err)"
[ "$(drop pipe-unknown-function)" -gt "$before" ] &&
	ok "unknown function counted as pipe-unknown-function" ||
	nok "unknown function counted as pipe-unknown-function"

# a sed SID naming an unset rule: the connection is reset, never bypassed
# bad commands: a clear message, exit status 1, nothing changed
check "a sed rule to keep: ip pipe sed add 2 cat dog" ip -n $P pipe sed add 2 cat dog
rules=$(ip -n $P -j pipe sed show)
long=$(printf 'a%.0s' $(seq 65))
REFUSE_STATUS=1
refuse "sed rule 16 refused (ids 0-15)" '^Error: argument "16" is wrong: ID must be 0-15$' \
	ip -n $P pipe sed add 16 a b
refuse "sed rule -1 refused" 'ID must be 0-15' ip -n $P pipe sed set -1 a b
refuse "an empty pattern refused" 'PATTERN must have 1-64 bytes' ip -n $P pipe sed add 4 "" b
refuse "a 65-byte pattern refused" 'PATTERN must have 1-64 bytes' ip -n $P pipe sed add 4 "$long" b
refuse "a 65-byte replacement refused" 'REPLACE must have at most 64 bytes' \
	ip -n $P pipe sed add 4 a "$long"
refuse "a missing replacement refused" '^Error: REPLACE .* is required' \
	ip -n $P pipe sed add 4 a
refuse "a trailing argument refused" 'unknown argument "extra"' ip -n $P pipe sed add 4 a b extra
refuse "sed add of a rule that is set: EEXIST" '^Error: sed rule exists' \
	ip -n $P pipe sed add 2 x y
refuse "deleting an unset rule: ENOENT" '^Error: no such sed rule' ip -n $P pipe sed del 5
refuse "an unknown command refused" 'command "frobnicate" is unknown, try "ip pipe help"' \
	ip -n $P pipe frobnicate
refuse "sed add without CAP_NET_ADMIN: EPERM" 'Operation not permitted' \
	ip netns exec $P setpriv --bounding-set -net_admin \
	ip pipe sed set 2 x y
unset REFUSE_STATUS
[ "$(ip -n $P -j pipe sed show)" = "$rules" ] && ok "the rules are unchanged after the refusals" ||
	nok "the rules are unchanged after the refusals ($(ip -n $P pipe sed show))"
check "ip pipe sed set replaces rule 2" ip -n $P pipe sed set 2 cat cow
check "ip pipe sed show: rule 2 replaced" \
	sh -c "ip -n $P pipe sed show | grep -qx 'sed 2 pattern \"cat\" replace \"cow\"'"
check "ip pipe sed del 2" ip -n $P pipe sed del 2
check "ip pipe sed show: empty after del" sh -c "[ \"\$(ip -n $P -j pipe sed show)\" = '[]' ]"
via fc00:0:1:0:0:5ed0:0:5
before=$(counter reset)
err=$(ip netns exec $C $PEER send $SRV 8080 "$tmp/dogs" "$tmp/back" --timeout 10 2>&1)
[ "$err" = reset ] && ok "sed with an unset rule: the client is reset" ||
	nok "sed with an unset rule: the client is reset (got: $err)"
[ "$(counter reset)" -gt "$before" ] && ok "counted as reset" || nok "counted as reset"
[ ! -e "$tmp/srv.1" ] && ok "nothing reached the server" || nok "nothing reached the server"

# AEAD keys: write-only, CAP_NET_ADMIN, refused before sending; an AEAD SID
# naming an unset key resets the connection (fail closed)
KEY7=00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210
check "ip pipe key add 7 hex (32 bytes)" ip -n $P pipe key add 7 hex $KEY7
REFUSE_STATUS=1
refuse "key 16 refused (ids 0-15)" 'KEYID must be 0-15' ip -n $P pipe key add 16 hex $KEY7
refuse "a 31-byte key refused" 'HEXKEY must be 64 hex digits' ip -n $P pipe key add 3 hex ${KEY7:2}
refuse "a key with a non-hex digit refused" 'HEXKEY must be 64 hex digits' \
	ip -n $P pipe key add 3 hex ${KEY7:1}g
refuse "key add without \"hex\" refused" 'hex HEXKEY' ip -n $P pipe key add 3 $KEY7
refuse "key add of a key that is set: EEXIST" '^Error: key exists' ip -n $P pipe key add 7 hex $KEY7
refuse "deleting an unset key: ENOENT" '^Error: no such key' ip -n $P pipe key del 5
refuse "key add without CAP_NET_ADMIN: EPERM" 'Operation not permitted' \
	ip netns exec $P setpriv --bounding-set -net_admin ip pipe key add 4 hex $KEY7
refuse "key show without CAP_NET_ADMIN: EPERM" 'Operation not permitted' \
	ip netns exec $P setpriv --bounding-set -net_admin ip pipe key show
unset REFUSE_STATUS
[ "$(ip -n $P -j pipe key show)" = '[{"id":7}]' ] && [ "$(ip -n $P pipe key show)" = "key 7" ] &&
	ok "ip pipe key show: key 7 only, by id" ||
	nok "ip pipe key show: key 7 only, by id (got $(ip -n $P -j pipe key show))"
if { ip -n $P pipe key show; ip -n $P -j -p pipe key show; ip -n $P -d pipe key show; } 2>&1 |
	grep -qiE "${KEY7:0:8}|${KEY7:56:8}"; then
	nok "no key byte is ever printed"
else
	ok "no key byte is ever printed"
fi
via fc00:0:1:0:0:ae0e:0:9
before=$(counter reset)
err=$(ip netns exec $C $PEER send $SRV 8080 "$tmp/dogs" "$tmp/back" --timeout 10 2>&1)
[ "$err" = reset ] && ok "aead-encrypt naming an unset key (9): the client is reset" ||
	nok "aead-encrypt naming an unset key (9): the client is reset (got: $err)"
[ "$(counter reset)" -gt "$before" ] && ok "fail closed: counted as reset" ||
	nok "fail closed: counted as reset"
[ ! -e "$tmp/srv.1" ] && ok "fail closed: nothing reached the server" ||
	nok "fail closed: nothing reached the server"
check "ip pipe key del 7" ip -n $P pipe key del 7
check "ip pipe key show: empty after del" sh -c "[ \"\$(ip -n $P -j pipe key show)\" = '[]' ]"

# hostile packets: dropped and counted by name
for r in pipe-reduced-srh malformed pipe-not-tcp; do
	eval "before_${r//-/_}=$(drop $r)"
done
ip netns exec $C $PKT fc00:0:1:: $SRV 3 reduced short-tcp bad-doff udp encap-dst encap-short encap-udp
sleep 1
hostile() {	# DESC REASON N
	local before after
	eval "before=\$before_${2//-/_}"
	after=$(drop "$2")
	[ $((after - before)) = "$3" ] && ok "$1: dropped as $2 ($3 of $3)" ||
		nok "$1: dropped as $2 ($((after - before)) of $3)"
}
hostile "reduced SRH SYN" pipe-reduced-srh 3
hostile "truncated TCP header, data offset 2, encap: inner header to another address than the final segment, inner header truncated" malformed 12
hostile "UDP after the SRH, encap: UDP inside" pipe-not-tcp 6

# ip route del ends the route's live flows: both sides reset, counted
via fc00:0:1::
ip netns exec $C $PEER hold $SRV 8080 60 > /dev/null 2>&1 &
holder=$!
pids="$pids $holder"
for _ in $(seq 100); do
	[ "$(ip -n $P -j pipe show | jq -r '.[0].state // empty')" = active ] &&
		ip netns exec $S ss -Htn state established | grep -q 8080 && break
	sleep 0.1
done
check "a live flow before ip route del" \
	sh -c "ip -n $P pipe show | grep -q active && ip netns exec $S ss -Htn state established | grep -q 8080"
before=$(counter route-del)
t0=$SECONDS
check "ip route del of the pipe route" ip -n $P -6 route del fc00:0:1::/80
pipe_empty $P && ok "ip route del: the flow is gone ($((SECONDS - t0)) s)" ||
	nok "ip route del: the flow is gone ($(ip -n $P pipe show))"
[ "$(counter route-del)" = $((before + 1)) ] && ok "counted as route-del" ||
	nok "counted as route-del (got $(counter route-del), $before before)"
for _ in $(seq 20); do
	[ -e "$tmp/srv.1.reset" ] && break
	sleep 0.1
done
[ -e "$tmp/srv.1.reset" ] && ok "ip route del: the server's connection is reset" ||
	nok "ip route del: the server's connection is reset"
[ -z "$(ip netns exec $C ss -Htn state established 'dport = 8080')" ] &&
	ok "ip route del: the client's connection is reset" ||
	nok "ip route del: the client's connection is reset ($(ip netns exec $C ss -Htn 'dport = 8080'))"
kill $holder 2>/dev/null
check "the pipe route added again" \
	ip -n $P -6 route add fc00:0:1::/80 encap seg6local action pipe count dev p0
conn=1
exchange "$tmp/dogs"
same "a new connection through the route added again" "$tmp/dogs" "$tmp/srv.$conn"

# rmmod with a live flow: refused while the route pins the module; right
# after ip route del, before the cleanup pass has reset the flow, rmmod
# succeeds and the module's netns exit closes the flow (never a crash: the
# VM fails the run on any oops or splat); then the module comes back
via fc00:0:1::
ip netns exec $C $PEER hold $SRV 8080 60 > /dev/null 2>&1 &
holder=$!
pids="$pids $holder"
for _ in $(seq 100); do
	ip netns exec $S ss -Htn state established | grep -q 8080 && break
	sleep 0.1
done
check "rmmod: a live flow" sh -c "ip -n $P pipe show | grep -q active"
check "rmmod: the pipe function modules unload (none in use)" suite_fns_unload
check "rmmod refused while the pipe route exists" sh -c "! rmmod seg6x 2>/dev/null"
check "rmmod: the flow is still live after the refusal" \
	sh -c "ip -n $P pipe show | grep -q active && ip netns exec $C ss -Htn state established 'dport = 8080' | grep -q ."
before=$(counter route-del)
last=$before
ip -n $P -6 route del fc00:0:1::/80
unloaded=no
for _ in $(seq 50); do
	rmmod seg6x 2>/dev/null && { unloaded=yes; break; }
	last=$(counter route-del)
	sleep 0.1
done
if [ $unloaded = yes ]; then
	[ "$last" = "$before" ] && how="still in the flow table" || how="reset by the cleanup pass first"
	ok "rmmod after ip route del (the flow: $how)"
	for _ in $(seq 20); do
		[ -z "$(ip netns exec $C ss -Htn state established 'dport = 8080')" ] && break
		sleep 0.1
	done
	[ -z "$(ip netns exec $C ss -Htn state established 'dport = 8080')" ] &&
		ok "rmmod: the client's connection is closed" ||
		nok "rmmod: the client's connection is closed ($(ip netns exec $C ss -Htn 'dport = 8080'))"
	check "rmmod: insmod again (seg6x and the pipe functions)" suite_load
	check "rmmod: the pipe behaviour is back" sh -c "ip seg6x show | grep -q 'behaviour pipe'"
	check "rmmod: the flow table of the proxy is empty after the reload" pipe_empty $P
else
	ok "# SKIP rmmod: the module is in use elsewhere ($(lsmod | awk '$1 == "seg6x" {print $3}') users)"
	suite_load
fi
kill $holder 2>/dev/null
check "rmmod: the pipe route added again" \
	ip -n $P -6 route add fc00:0:1::/80 encap seg6local action pipe count dev p0
conn=$((conn + 1))
exchange "$tmp/dogs"
same "rmmod: a new connection through the reloaded module" "$tmp/dogs" "$tmp/srv.$conn"

# netns exit with a live flow
via fc00:0:1::
ip netns exec $C $PEER hold $SRV 8080 60 > /dev/null 2>&1 &
pids="$pids $!"
for _ in $(seq 100); do
	ip netns exec $S ss -Htn state established | grep -q 8080 && break
	sleep 0.2
done
check "a flow is live before the proxy's netns goes" \
	sh -c "ip netns exec $S ss -Htn state established | grep -q 8080"
ip netns del $P && ok "proxy netns deleted with a live flow" || nok "proxy netns deleted"
sleep 2

tap_end
