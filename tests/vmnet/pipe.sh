#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# SRv6Pipes across machines: the client h on VM1, proxy1 on VM2, proxy2 on
# VM3, the server on h2 behind VM3 (addresses: tests/vmnet/topo.sh), over
# virtio-net with the offloads on.
#
#   h --l0-- VM1 --l1-- VM2: pipe fc00:0:2:f::/80 --l2-- VM3: pipe fc00:0:3:f::/80 -- h2
#
# The client's route to the server (fc00:2::80, a second address of h2) is
# `encap seg6 mode encap` through the SIDs: dogs to cats (base64 and sed on
# VM2, base64 -d on VM3) and 2 MB through xor on both proxies, byte for
# byte both ways; each proxy counts its flow and closes it.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
REPO=$(cd "$HERE/../.." && pwd)
PEER="/usr/bin/python3 $REPO/tests/kselftest/lib/pipe_peer.py"
SRV=fc00:2::80
[ "$NODES" = 3 ] || skip "three VMs (tests/vm/multi --vms 3)"
ip seg6x show 2>/dev/null | grep -q "behaviour pipe" || skip "kernel has no pipe behaviour"
echo "TAP version 13"
k=$NODE
in_h() { ip netns exec "vmnet-$1" "${@:2}"; }
counter() { ip -j seg6x stats behaviour pipe | jq -r ".[0].counters[\"${1//-/_}\"] // 0"; }
B64E=fc00:0:2:f:0:b64e::
SED3=fc00:0:2:f:0:5ed0:0:3
B64D=fc00:0:3:f:0:b64d::
XOR2=fc00:0:2:f:0:a5a:1234:5678
XOR3=fc00:0:3:f:0:a5a:bad:f00d

# exchange NAME SEGS IN: the client sends IN through SEGS, keeps the echo in
# $SYNC/NAME.back; the server (VM3) has stored its bytes in $SYNC/srv.N
exchange() {
	in_h h ip -6 route replace $SRV/128 encap seg6 mode encap segs "$2,$SRV" \
		via fc00:1:0::2 dev eth0
	in_h h $PEER send $SRV 8080 "$3" "$SYNC/$1.back" --timeout 60
}

case $k in
1)	;;
2)	ip -6 route add fc00:0:2:f::/80 encap seg6local action pipe count dev "$(left)"
	check "vm2: proxy1 fc00:0:2:f::/80, ip pipe sed add 3 RvZ3 NhdH" \
		ip pipe sed add 3 RvZ3 NhdH ;;
3)	ip -6 route add fc00:0:3:f::/80 encap seg6local action pipe count dev "$(left)"
	ip -n vmnet-h2 addr add $SRV/128 dev eth0 nodad
	in_h h2 $PEER serve $SRV 8080 "$SYNC/srv" --echo --count 2 >"$SYNC/serve.log" 2>&1 &
	srv=$!
	for _ in $(seq 100); do grep -q listening "$SYNC/serve.log" && break; sleep 0.1; done
	check "vm3: proxy2 fc00:0:3:f::/80, the server listens on $SRV" grep -q listening "$SYNC/serve.log" ;;
esac
barrier pipe-ready || { nok "every VM ready for the pipes"; tap_end; exit 1; }

if role 1; then
	printf 'I love dogs!\n' >"$SYNC/dogs"
	printf 'I love cats!\n' >"$SYNC/cats"
	exchange dogs "$B64E,$SED3,$B64D" "$SYNC/dogs"
	eq_file() { cmp -s "$2" "$3" && ok "$1" || nok "$1 (got $(head -c 64 "$3" 2>/dev/null | od -c | head -2 | tr -s ' \n' ' '))"; }
	for _ in $(seq 50); do [ -e "$SYNC/srv.1.done" ] && break; sleep 0.1; done
	eq_file "dogs to cats across VM2 and VM3: the server reads \"I love cats!\"" "$SYNC/cats" "$SYNC/srv.1"
	eq_file "dogs to cats: the reply comes back through both proxies unchanged" "$SYNC/cats" "$SYNC/dogs.back"
	head -c 2000000 /dev/urandom >"$SYNC/big"
	"$REPO/build/bin/pipe-run" xor=0x12345678 xor=0x0badf00d <"$SYNC/big" >"$SYNC/big.want" 2>/dev/null ||
		nok "pipe-run computes the expected bytes"
	t0=$(date +%s.%N)
	exchange big "$XOR2,$XOR3" "$SYNC/big"
	echo "# 2 MB each way through two proxies over virtio: $(echo "$(date +%s.%N) - $t0" | bc) s"
	for _ in $(seq 100); do [ -e "$SYNC/srv.2.done" ] && break; sleep 0.1; done
	eq_file "xor on both proxies: the server gets the 2 MB xor both keys" "$SYNC/big.want" "$SYNC/srv.2"
	eq_file "xor on both proxies: the client gets its 2 MB back" "$SYNC/big" "$SYNC/big.back"
fi
barrier pipe-done || nok "every VM saw the exchanges end"
case $k in
2|3)	for _ in $(seq 50); do [ "$(counter closed)" = 2 ] && break; sleep 0.1; done
	[ "$(counter flows) $(counter closed)" = "2 2" ] &&
		ok "vm$k: the proxy ran 2 flows and closed both by FIN" ||
		nok "vm$k: the proxy ran 2 flows and closed both (flows $(counter flows), closed $(counter closed))"
	echo "# vm$k: $(ip -j seg6x stats behaviour pipe | jq -c '.[0]')" ;;
esac
[ "$k" = 3 ] && { wait "$srv" 2>/dev/null; ip -n vmnet-h2 addr del $SRV/128 dev eth0; }
barrier pipe-finished || nok "every VM finished"
tap_end
