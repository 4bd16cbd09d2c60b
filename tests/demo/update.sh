#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The multicast update demo, run inside the VM by `make demo`: one release
# server pushes a signed SR-IoT task and a seg6x module build to four
# gateways at once, each object sent once on its own group, whatever the
# number of gateways.
#
#              +----------------- ns br: br0, mcast_snooping 1 -----------------+
#   +--------+ |  sp        p1          p2          p3          p4              |
#   | server |-+            |           |           |           |               |
#   +--------+ +------------|-----------|-----------|-----------|---------------+
# 2001:db8:9::1          gw1         gw2         gw3         gw4    2001:db8:9::1:I
#   object 1, the module:     ff3e::4242 port 4242, 2 Mb/s
#   object 2, the SR-IoT task: ff3e::4243 port 4243, 1 Mb/s
#
# The module is build/kmod/seg6x.ko with its debug sections stripped (as a
# distribution ships modules; BTF, which the kfuncs need, is kept); the task
# is tools/sriot-examples/avg.c built by `sriot build`. Each gateway runs one
# `seg6x-update recv` per object; their progress lines are shown as they come
# (a terminal would get a bar each), then what each gateway installed.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
U=$REPO/build/bin/seg6x-update
SRIOT=$REPO/build/bin/sriot
. "$REPO/tests/kselftest/lib/update_topo.sh"
GW=4
tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	upd_topo_down
	rm -rf "$tmp"
}
trap cleanup EXIT
say() { printf '\n### %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
b2() { b2sum -l 256 "$1" | cut -c1-16; }

upd_topo_up $GW
exec 3>&1	# progress lines go to the terminal, --exec output to a file a gateway
say "the release: a signing key and two objects"
cd "$tmp"
run "$U" keygen -o release.key
run "$SRIOT" build "$REPO/tools/sriot-examples/avg.c" \
	--ports "$REPO/tools/sriot-examples/avg.ports" -o avg.task
cp "$REPO/build/kmod/seg6x.ko" seg6x.ko
run strip --strip-debug seg6x.ko
printf '%-10s %9s  %s\n' object bytes blake2b-256
for f in seg6x.ko avg.task; do printf '%-10s %9s  %s...\n' $f "$(stat -c %s $f)" "$(b2 $f)"; done

say "four gateways wait for updates (one receiver per object)"
echo "[gwI] \$ seg6x-update recv --pubkey release.pub --group ff3e::4242 --source $UPD_S \\"
echo "          --dev eth0 --object 1 -o seg6x.ko --exec 'modinfo -F vermagic {}'"
echo "[gwI] \$ seg6x-update recv --pubkey release.pub --group ff3e::4243 --port 4243 \\"
echo "          --source $UPD_S --dev eth0 --object 2 -o avg.task --exec 'sriot dump {} | head -1'"
for i in $(seq $GW); do
	mkdir "gw$i"
	ip netns exec "$(upd_ns r$i)" "$U" recv --pubkey release.pub --group ff3e::4242 --source $UPD_S --dev eth0 \
		--object 1 -o "gw$i/seg6x.ko" --exec 'modinfo -F vermagic {}' --timeout 300 \
		> "gw$i/module.exec" 2> >(sed -u "s/^/[gw$i module] /" >&3) &
	pids+=($!)
	ip netns exec "$(upd_ns r$i)" "$U" recv --pubkey release.pub --group ff3e::4243 --port 4243 \
		--source $UPD_S --dev eth0 --object 2 -o "gw$i/avg.task" \
		--exec "$SRIOT dump {} | head -1" --timeout 300 \
		> "gw$i/task.exec" 2> >(sed -u "s/^/[gw$i task]   /" >&3) &
	pids+=($!)
done
gws=("${pids[@]}")

say "the server sends each object once, to every gateway at the same time"
echo "[server] \$ seg6x-update send seg6x.ko --key release.key --group ff3e::4242 --dev eth0 \\"
echo "             --object 1 --version 7 --rate 2M --listeners $GW"
echo "[server] \$ seg6x-update send avg.task --key release.key --group ff3e::4243 --port 4243 \\"
echo "             --dev eth0 --object 2 --version 3 --rate 1M --listeners $GW"
ip netns exec "$(upd_ns s)" "$U" send seg6x.ko --key release.key --group ff3e::4242 --dev eth0 --object 1 \
	--version 7 --rate 2M --listeners $GW --query-interval 2 --duration 300 \
	2> server-module.log &
s1=$!
ip netns exec "$(upd_ns s)" "$U" send avg.task --key release.key --group ff3e::4243 --port 4243 --dev eth0 \
	--object 2 --version 3 --rate 1M --listeners $GW --query-interval 2 --duration 300 \
	2> server-task.log &
s2=$!
pids+=($s1 $s2)
wait "${gws[@]}" || true
kill -TERM $s1 $s2 2>/dev/null || true
wait $s1 $s2 2>/dev/null || true
sleep 0.2
echo "[server module] $(tail -1 server-module.log)"
echo "[server task]   $(tail -1 server-task.log)"

say "what each gateway installed"
printf '%-5s %-9s %8s %-20s %s\n' gw object bytes blake2b-256 "--exec said"
for i in $(seq $GW); do
	for f in seg6x.ko avg.task; do
		out=gw$i/$f
		exec_out=gw$i/module.exec
		[ $f = avg.task ] && exec_out=gw$i/task.exec
		if cmp -s $f "$out"; then
			printf '%-5s %-9s %8s %-20s %s\n' gw$i $f "$(stat -c %s "$out")" \
				"$(b2 "$out")..." "$(head -1 "$exec_out")"
		else
			printf '%-5s %-9s %s\n' gw$i $f "NOT INSTALLED"
		fi
	done
done
echo
echo "demo update: done"
