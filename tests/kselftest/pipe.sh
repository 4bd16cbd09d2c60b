#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe.sh: SRv6Pipes through one proxy (action pipe), byte-exact.
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# SID = fc00:0:1:0:0:FUNC:ARG(32 bits). The proxy terminates the client's
# TCP connection in the kernel, runs the functions of its consecutive SIDs
# and opens its own connection to the server from its own address. The
# server stores what it receives and echoes it back; both ends are compared
# with build/bin/pipe-run and coreutils (lib/pipe_topo.sh). Hostile input
# is in pipe_hostile.sh.
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3, nc;
# exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
RUN=$REPO/build/bin/pipe-run
. "$HERE/lib/tap.sh"
. "$HERE/lib/pipe_topo.sh"
trap pipe_cleanup EXIT

[ "$(id -u)" = 0 ] || skip "needs root"
ip seg6x show 2>/dev/null | grep -q "behaviour pipe" || skip "kernel has no pipe behaviour"
[ -x "$RUN" ] || skip "no $RUN (make pipe-all)"
pipe_setup || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy with action pipe, server"
pipe_serve || nok "server started"

check "ip shows the route as action pipe" \
	sh -c "ip -n $P -6 route show fc00:0:1::/80 | grep -q 'action pipe'"

head -c 100000 /dev/urandom > "$tmp/data"
printf 'I love dogs!\n' > "$tmp/dogs"

# identity: both directions unchanged
via fc00:0:1::
exchange "$tmp/data"
same "identity: the server gets the client's 100 kB" "$tmp/data" "$tmp/srv.$conn"
same "identity: the client gets the echo back" "$tmp/data" "$tmp/back"
peer=$(cat "$tmp/srv.$conn.peer" 2>/dev/null)
[ "$peer" = 2001:db8:2::1 ] && ok "the server's peer is the proxy's address (nothing to configure there)" ||
	nok "the server's peer is the proxy's address (got $peer)"

# base64 encode: forward only
via fc00:0:1:0:0:b64e::
exchange "$tmp/data"
base64 -w0 < "$tmp/data" > "$tmp/want"
same "b64e: the server gets base64 -w0 of the data" "$tmp/want" "$tmp/srv.$conn"
same "b64e: the reply passes unchanged" "$tmp/want" "$tmp/back"

# two functions of one proxy in one flow: encode then decode
via fc00:0:1:0:0:b64e::,fc00:0:1:0:0:b64d::
exchange "$tmp/data"
same "b64e,b64d in one proxy: the server gets the data" "$tmp/data" "$tmp/srv.$conn"

# xor both ways: the server sees the key, the client its own bytes back
via fc00:0:1:0:0:a5a:1234:5678
exchange "$tmp/data"
$RUN xor=0x12345678 < "$tmp/data" > "$tmp/want"
same "xor: the server gets the data xor 0x12345678" "$tmp/want" "$tmp/srv.$conn"
same "xor: the echo is xored back to the data" "$tmp/data" "$tmp/back"

# dogs to cats in one proxy: base64 | sed s/RvZ3/NhdH/g | base64 -d
check "sed rule 3 set (RvZ3 -> NhdH)" ip netns exec $P $CTL sed-set 3 RvZ3 NhdH
via fc00:0:1:0:0:b64e::,fc00:0:1:0:0:5ed0:0:3,fc00:0:1:0:0:b64d::
exchange "$tmp/dogs"
printf 'I love cats!\n' > "$tmp/want"
same "dogs to cats: the server reads \"I love cats!\"" "$tmp/want" "$tmp/srv.$conn"
echo "# server got: $(cat "$tmp/srv.$conn" 2>/dev/null)"
base64 -w0 < "$tmp/data" | sed 's/RvZ3/NhdH/g' | base64 -d > "$tmp/want"
exchange "$tmp/data"
same "dogs to cats chain on 100 kB = base64 | sed | base64 -d" "$tmp/want" "$tmp/srv.$conn"

echo "# counters: $(stats | jq -c '.[0].counters')"
[ "$(counter flows)" = 6 ] && ok "flows counted: 6" || nok "flows counted: 6 (got $(counter flows))"
[ "$(counter closed)" = 6 ] && ok "all closed by FIN both ways" ||
	nok "all closed by FIN both ways (closed $(counter closed), reset $(counter reset))"
[ "$(counter bytes-fwd)" -ge 500013 ] && ok "bytes-fwd counts the client's bytes" ||
	nok "bytes-fwd counts the client's bytes ($(counter bytes-fwd))"

tap_end
