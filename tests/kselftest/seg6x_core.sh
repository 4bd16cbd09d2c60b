#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# seg6x core: module, kfunc, counters, generic netlink, module lifetime.
#
#   +-----+ veth  +--------------------+ veth  +-----+
#   |  s  |-------| r  SID fc00:ff::e  |-------|  d  |
#   +-----+       |  action seg6x-end  |       +-----+
#  fc00:1::1   fc00:1::2          fc00:2::1   fc00:2::2
#
# s reaches d through the SID (SRH inline); r runs seg6x-end. A fourth
# namespace, q, never sees traffic: its counters must stay zero.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PROGS=$REPO/build/tests/progs
GENL="/usr/bin/python3 $HERE/lib/genl.py"
SID=fc00:ff::e
rnd=$(mktemp -u XXXXXX)
s=s-$rnd r=r-$rnd d=d-$rnd q=q-$rnd
. "$HERE/lib/tap.sh"
. "$HERE/lib/end_topo.sh"
. "$HERE/lib/suite.sh"

cleanup() { for ns in $s $r $d $q; do ip netns del "$ns" 2>/dev/null; done; }
trap cleanup EXIT

stat_of() { # stat_of NS FIELD: packets of seg6x-end in NS from ip -j
	ip -n "$1" -j seg6x stats behaviour seg6x-end |
		/usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[0]['$2'])"
}

setup() { end_topo_setup $s $r $d $q; }

echo "TAP version 13"
setup

check "module BTF is exposed (/sys/kernel/btf/seg6x)" test -s /sys/kernel/btf/seg6x
check "ip seg6x show lists seg6x-end" sh -c "ip seg6x show | grep -q 'seg6x-end'"
check "ip route add ... action seg6x-end count" \
	ip -n $r -6 route add $SID/128 encap seg6local action seg6x-end count dev vr2
check "route prints back as action seg6x-end" \
	sh -c "ip -n $r -6 route show $SID | grep -q 'action seg6x-end'"
check "three pings cross the seg6x-end SID" ip netns exec $s ping -6 -c 3 -i 0.2 -W 2 fc00:2::2
check "seg6x counted 3 packets on r" test "$(stat_of $r packets)" = 3
check "seg6local route counter saw the same 3 packets" \
	sh -c "ip -n $r -s -j -6 route show $SID | grep -q '\"packets\":3'"
check "namespace q counted nothing" test "$(stat_of $q packets)" = 0
check "ip seg6x stats reset zeroes r's counters" \
	sh -c "ip -n $r seg6x stats reset && test \"\$(ip -n $r -j seg6x stats behaviour seg6x-end | grep -o '\"packets\":[0-9]*')\" = '\"packets\":0'"

# Generic netlink: bad requests are refused with an extended ack and change nothing.
out=$(ip netns exec $r $GENL seg6x 2 5:u32:99)
check "GET_STATS behaviour id out of range: refused with extack" \
	sh -c "echo '$out' | grep -q '^errno=34' && echo '$out' | grep -q '^extack=.'"
# an id in range whose behaviour this build leaves out (Kconfig), if any
max=$(sed -n '/^enum seg6x_behaviour_id {/,/^};/p' "$REPO/kmod/uapi/linux/seg6x.h" |
	grep -cE '^[[:space:]]+SEG6X_BEHAVIOUR_[A-Z0-9_]+,')
built=" $(ip -j seg6x show | jq -r '.. | objects | select(has("behaviours")) | .behaviours[].id' | tr '\n' ' ')"
absent=
for i in $(seq 1 $((max - 1))); do
	case $built in *" $i "*) ;; *) absent=$i; break ;; esac
done
if [ -n "$absent" ]; then
	out=$(ip netns exec $r $GENL seg6x 2 5:u32:$absent)
	check "GET_STATS behaviour $absent not built in: ENOENT, 'not available'" \
		sh -c "echo '$out' | grep -q '^errno=2' && echo '$out' | grep -q 'not available'"
else
	ok "GET_STATS behaviour not built in # SKIP every behaviour (1-$((max - 1))) is built in"
fi
out=$(ip netns exec $r $GENL seg6x 2 1:str:x)
check "GET_STATS with a reply-only attribute: refused" \
	sh -c "echo '$out' | grep -q '^errno=22' && echo '$out' | grep -q '^extack=.'"
out=$(ip netns exec $r $GENL seg6x 9)
check "unknown command: refused" sh -c "echo '$out' | grep -qE '^errno=(95|22)'"
out=$(ip netns exec $r setpriv --bounding-set=-net_admin --inh-caps=-net_admin $GENL seg6x 3)
check "RESET_STATS without CAP_NET_ADMIN: EPERM" sh -c "echo '$out' | grep -q '^errno=1'"
check "GET_INFO needs no privilege" \
	ip netns exec $r setpriv --bounding-set=-net_admin --inh-caps=-net_admin $GENL seg6x 1

# The kfunc is for End.BPF only: the verifier's filter refuses an lwt_in
# program calling it (6.12); a kernel that loads it anyway (7.2 does) gets
# every packet dropped as not-end-bpf, and no behaviour runs.
unattributed() { # unattributed FIELD: the "none" row's drop count FIELD
	ip -n $r -j seg6x stats | jq -r ".[] | select(.behaviour == \"none\") | .drops[\"${1//-/_}\"] // 0"
}
lwt_in_loaded=
if [ -f $PROGS/kfunc_lwt_in.bpf.o ]; then
	before=$(stat_of $r packets)
	if out=$(ip -n $r -6 route add fc00:ff::1/128 encap bpf in obj \
		 $PROGS/kfunc_lwt_in.bpf.o sec lwt_in dev vr2 2>&1); then
		ip -n $s -6 route add fc00:ff::1/128 via fc00:1::2
		ip netns exec $s ping -6 -c 2 -i 0.2 -W 1 fc00:ff::1 >/dev/null 2>&1
		check "lwt_in program calling bpf_seg6x_exec: loaded, so its packets are dropped as not-end-bpf" \
			test "$(unattributed not-end-bpf)" -ge 2
		check "... and no behaviour ran on them" test "$(stat_of $r packets)" = "$before"
		ip -n $r -6 route del fc00:ff::1/128
		ip -n $s -6 route del fc00:ff::1/128
		lwt_in_loaded=1
	else
		ok "lwt_in program calling bpf_seg6x_exec is refused by the verifier"
	fi
else
	ok "lwt_in program calling bpf_seg6x_exec is refused # SKIP $PROGS/kfunc_lwt_in.bpf.o not built"
fi

# The kfunc contract (kmod/kfunc.c): an End.BPF program that could keep a
# packet pointer, or End.BPF's SRH state, across bpf_seg6x_exec() is
# refused at load, on 6.12 by the kfunc's filter; a kernel that does not
# ask the filter (7.2, as above) loads it, and the test says so.
for p in keeps_data seg6_helper; do
	o=$PROGS/kfunc_$p.bpf.o
	if [ ! -f "$o" ]; then
		ok "End.BPF program $p calling bpf_seg6x_exec is refused # SKIP $o not built"
		continue
	fi
	if out=$(ip -n $r -6 route add fc00:fe::1/128 encap seg6local action End.BPF endpoint \
		 obj "$o" sec lwt_seg6local dev vr2 2>&1); then
		ip -n $r -6 route del fc00:fe::1/128
		if [ -n "$lwt_in_loaded" ]; then
			ok "End.BPF program $p calling bpf_seg6x_exec is refused # SKIP this kernel does not ask kfunc filters"
		else
			nok "End.BPF program $p calling bpf_seg6x_exec is refused by the verifier"
		fi
	else
		d="End.BPF program $p calling bpf_seg6x_exec is refused by the verifier (the kfunc's filter)"
		if echo "$out" | grep -q "calling kernel function bpf_seg6x_exec is not allowed"; then
			ok "$d"
		else
			nok "$d: $(echo "$out" | tail -n 1)"
		fi
	fi
done

# Module lifetime: the route's program pins the module (the pipe
# functions' modules, which pin it too, go first: lib/suite.sh).
check "the pipe function modules unload" suite_fns_unload
check "rmmod refused while a seg6x route exists" sh -c "! rmmod seg6x 2>/dev/null"
check "route still forwards after refused rmmod" ip netns exec $s ping -6 -c 1 -W 2 fc00:2::2
ip -n $r -6 route del $SID/128
unloaded=no
for i in 1 2 3 4 5 6 7 8 9 10; do
	rmmod seg6x 2>/dev/null && { unloaded=yes; break; }
	sleep 0.5
done
check "rmmod succeeds once the route is gone" test $unloaded = yes
check "insmod again (seg6x and the pipe functions)" suite_load
check "route add works after reload" \
	ip -n $r -6 route add $SID/128 encap seg6local action seg6x-end dev vr2
check "pings cross the SID after reload" ip netns exec $s ping -6 -c 1 -W 2 fc00:2::2
ip -n $r -6 route del $SID/128

tap_end
