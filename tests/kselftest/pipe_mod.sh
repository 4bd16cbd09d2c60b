#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe_mod.sh: pipe functions as loadable modules (xor: seg6x_pipe_xor.ko).
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# Not loaded (and not installed where modprobe looks): a SID naming xor is
# answered with a RST after the one modprobe, counted once as
# pipe-unknown-function, and ip pipe function list has no xor. insmod: the
# list shows xor from seg6x_pipe_xor and the same SID works byte-exact.
# A live xor flow: rmmod seg6x_pipe_xor is refused ("is in use";
# delete_module(2) says EAGAIN), the flow's bytes before and after the
# refusal arrive intact, and once it ends rmmod succeeds and the list has
# no xor. rmmod seg6x is refused while function modules hold it. Autoload:
# with the suite in a module tree indexed by depmod (modprobe -d), the
# SID's SYN makes the proxy load seg6x_pipe_xor through its alias
# seg6x-pipe-fn-0a5a and the client's retransmitted SYN goes through.
#
# Needs root, the suite with seg6x_pipe_xor.ko (tests/vm/run loads it), the
# patched ip, /usr/bin/python3, depmod. Output is TAP; exits 4 to skip.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/pipe_topo.sh"
. "$HERE/lib/suite.sh"

XOR_KO=
for ko in $SEG6X_MODULES; do
	case $ko in */seg6x_pipe_xor.ko) XOR_KO=$ko ;; esac
done
HELPER=/proc/2/root/sbin/modprobe	# the kernel's module helper (kthreadd's root)
MP_OLD=$(cat /proc/sys/kernel/modprobe)
MP_MINE=
mod_cleanup() {
	[ -z "$MP_MINE" ] || { echo "$MP_OLD" > /proc/sys/kernel/modprobe; rm -f "/proc/2/root$MP_MINE"; }
	pipe_cleanup
	suite_load	# the next tests expect the whole suite
}
trap mod_cleanup EXIT

pipe_begin
[ -n "$XOR_KO" ] && [ -f "$XOR_KO" ] || skip "no seg6x_pipe_xor.ko among the suite's modules ($SEG6X_MODULES)"

# fn_module ID: the module ip pipe function list (JSON) names for function ID
fn_module() { ip -n $P -j pipe function list | jq -r ".[] | select(.id == $1) | .module"; }
XOR=$((0x0a5a))
SID=fc00:0:1:0:0:a5a:1234:5678	# xor with the key 0x12345678
# xor_of IN OUT...: each IN xor the key, repeated, into OUT (what the
# server must see); one python for all
xor_of() {
	$PY -c 'import sys
k = bytes.fromhex("12345678")
a = sys.argv[1:]
for i in range(0, len(a), 2):
	d = open(a[i], "rb").read()
	open(a[i + 1], "wb").write(bytes(b ^ k[j % 4] for j, b in enumerate(d)))' "$@"
}
phase() { echo "# $SECONDS s: $*"; }
printf 'I love dogs!\n' > "$tmp/dogs"
head -c 3000 /dev/urandom > "$tmp/part1"
head -c 30000 /dev/urandom > "$tmp/part2"
cat "$tmp/part1" "$tmp/part2" > "$tmp/all"
xor_of "$tmp/dogs" "$tmp/dogs.x" "$tmp/all" "$tmp/all.x" &
xoring=$!
pipe_setup || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy with action pipe, server"
pipe_serve || nok "server started"
wait $xoring
phase "set up"

# ---- not loaded: RST, counted once, not listed ----
[ -d /sys/module/seg6x_pipe_xor ] && rmmod seg6x_pipe_xor
check "seg6x_pipe_xor is not loaded" test ! -d /sys/module/seg6x_pipe_xor
[ "$(fn_module 0)" = seg6x ] && ok "function list: identity, built into seg6x" ||
	nok "function list: identity, built into seg6x (module: $(fn_module 0))"
[ -z "$(fn_module $XOR)" ] && ok "function list: no xor while its module is not loaded" ||
	nok "function list: no xor while its module is not loaded"
via $SID
unknown=$(drop pipe-unknown-function)
loading=$(drop pipe-function-loading)
err=$(ip netns exec $C nc -v -N -w 15 $SRV 8080 < "$tmp/dogs" 2>&1)
echo "$err" | grep -q 'Connection refused' &&
	ok "xor not loaded: the client's SYN is answered with a RST" ||
	nok "xor not loaded: the client's SYN is answered with a RST (got: $err)"
got=$(drop pipe-unknown-function)
[ "$got" = $((unknown + 1)) ] && ok "pipe-unknown-function moved by 1" ||
	nok "pipe-unknown-function moved by 1 ($unknown -> $got)"
got=$(drop pipe-function-loading)
[ "$got" -ge $((loading + 1)) ] && ok "pipe-function-loading counts the SYN held for modprobe" ||
	nok "pipe-function-loading counts the SYN held for modprobe ($loading -> $got)"
[ ! -e "$tmp/srv.1" ] && ok "nothing reached the server" || nok "nothing reached the server"

# ---- insmod: listed, byte-exact ----
phase "insmod"
check "insmod seg6x_pipe_xor.ko" insmod "$XOR_KO"
[ "$(fn_module $XOR)" = seg6x_pipe_xor ] && ok "function list: xor from seg6x_pipe_xor" ||
	nok "function list: xor from seg6x_pipe_xor (module: $(fn_module $XOR))"
check "function list (text): xor with its module" \
	sh -c "ip -n $P pipe function list | grep -qx 'function 0x0a5a xor dir both module seg6x_pipe_xor arg: 4-byte key, repeated'"
exchange "$tmp/dogs" || nok "exchange through xor"
same "after insmod: the server gets the bytes xor 0x12345678" "$tmp/dogs.x" "$tmp/srv.$conn"
same "after insmod: the echo comes back xor'ed again, as sent" "$tmp/dogs" "$tmp/back"
out=$(rmmod seg6x 2>&1)
echo "$out" | grep -q 'in use by:.*seg6x_pipe_xor' && ok "rmmod seg6x: in use by seg6x_pipe_xor" ||
	nok "rmmod seg6x: in use by seg6x_pipe_xor ($out)"

# ---- a live flow pins the module ----
phase "live flow"
# the client sends part1; at "$tmp/try" it asks the kernel itself to
# unload the module (delete_module(2), the syscall rmmod makes; any netns
# will do) and writes the error; at "$tmp/go" it sends part2 and ends
cat > "$tmp/client.py" <<'EOF'
import ctypes, os, socket, sys, time
srv, p1, p2, tmp, out = sys.argv[1:6]
def wait(name):
    while not os.path.exists(os.path.join(tmp, name)):
        time.sleep(0.05)
s = socket.create_connection((srv, 8080), timeout=30)
s.sendall(open(p1, "rb").read())
wait("try")
libc = ctypes.CDLL(None, use_errno=True)
r = libc.syscall(176, b"seg6x_pipe_xor", os.O_NONBLOCK)	# delete_module, x86_64
with open(os.path.join(tmp, "errno.tmp"), "w") as f:
    f.write("0\n" if r == 0 else os.strerror(ctypes.get_errno()) + "\n")
os.rename(os.path.join(tmp, "errno.tmp"), os.path.join(tmp, "errno"))
wait("go")
s.sendall(open(p2, "rb").read())
s.shutdown(socket.SHUT_WR)
data = bytearray()
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
open(out, "wb").write(data)
EOF
rm -f "$tmp/try" "$tmp/go" "$tmp/errno" "$tmp/back"
ip netns exec $C $PY "$tmp/client.py" $SRV "$tmp/part1" "$tmp/part2" "$tmp" "$tmp/back" \
	> "$tmp/client.log" 2>&1 &
client=$!
pids="$pids $client"
for _ in $(seq 100); do
	ip -n $P pipe show | grep -q active && break
	sleep 0.1
done
check "a live flow through xor" sh -c "ip -n $P pipe show | grep -q 'active chain xor'"
refuse "rmmod seg6x_pipe_xor refused with a live flow" 'seg6x_pipe_xor is in use' rmmod seg6x_pipe_xor
touch "$tmp/try"
for _ in $(seq 100); do
	[ -e "$tmp/errno" ] && break
	sleep 0.1
done
errno=$(cat "$tmp/errno" 2>/dev/null)
[ "$errno" = "Resource temporarily unavailable" ] &&
	ok "delete_module(seg6x_pipe_xor) fails with EAGAIN (EWOULDBLOCK)" ||
	nok "delete_module(seg6x_pipe_xor) fails with EAGAIN (EWOULDBLOCK) (got: $errno)"
check "the module is still loaded" test -d /sys/module/seg6x_pipe_xor
touch "$tmp/go"
wait $client
rc=$?
conn=$((conn + 1))
for _ in $(seq 100); do
	[ -e "$tmp/srv.$conn.done" ] && break
	sleep 0.1
done
[ $rc = 0 ] && ok "the flow ends cleanly after the refused rmmod" ||
	nok "the flow ends cleanly after the refused rmmod ($(cat "$tmp/client.log"))"
same "the server gets all the bytes xor'ed, before and after the refusal" "$tmp/all.x" "$tmp/srv.$conn"
same "the client gets its bytes back intact" "$tmp/all" "$tmp/back"
check "the flow leaves the table" pipe_empty $P
check "rmmod seg6x_pipe_xor once its flow ended" rmmod seg6x_pipe_xor
[ -z "$(fn_module $XOR)" ] && ok "function list: no xor after rmmod" ||
	nok "function list: no xor after rmmod"

# ---- autoload through the alias ----
phase "autoload"
# The suite in a module tree of its own, indexed by depmod; the kernel's
# module helper (tests/vm/run's initramfs: chroot into the guest root,
# then modprobe) pointed at it with modprobe -d for this part only.
kver=$(uname -r)
M=/run/pipe-mod-$rnd
mkdir -p "$M/lib/modules/$kver/extra"
# xor alone: seg6x is loaded, so depmod only warns about its symbols
cp "$XOR_KO" "$M/lib/modules/$kver/extra/"
depmod -b "$M" "$kver" 2>"$tmp/depmod.log"
check "depmod indexes the alias seg6x-pipe-fn-0a5a" \
	grep -qx 'alias seg6x-pipe-fn-0a5a seg6x_pipe_xor' "$M/lib/modules/$kver/modules.alias"
if [ -f "$HELPER" ] && grep -q '/sbin/modprobe "\$@"' "$HELPER"; then
	MP_MINE=/seg6x-pipe-mod-$rnd
	sed "s|/sbin/modprobe \"\\\$@\"|/sbin/modprobe -d $M \"\$@\"|" "$HELPER" > "/proc/2/root$MP_MINE"
	chmod 0755 "/proc/2/root$MP_MINE"
	echo "$MP_MINE" > /proc/sys/kernel/modprobe
	unknown=$(drop pipe-unknown-function)
	loading=$(drop pipe-function-loading)
	t0=$SECONDS
	exchange "$tmp/dogs" || nok "exchange through an autoloaded xor"
	echo "# autoload: $((SECONDS - t0)) s"
	same "autoload: the server gets the bytes xor 0x12345678" "$tmp/dogs.x" "$tmp/srv.$conn"
	same "autoload: the echo comes back as sent" "$tmp/dogs" "$tmp/back"
	[ "$(fn_module $XOR)" = seg6x_pipe_xor ] && ok "autoload: xor from seg6x_pipe_xor, loaded" ||
		nok "autoload: xor from seg6x_pipe_xor, loaded (module: $(fn_module $XOR))"
	[ "$(drop pipe-unknown-function)" = "$unknown" ] && ok "autoload: no pipe-unknown-function" ||
		nok "autoload: no pipe-unknown-function"
	[ "$(drop pipe-function-loading)" -ge $((loading + 1)) ] &&
		ok "autoload: the first SYN was held for modprobe (pipe-function-loading)" ||
		nok "autoload: the first SYN was held for modprobe (pipe-function-loading)"
	echo "$MP_OLD" > /proc/sys/kernel/modprobe
	rm -f "/proc/2/root$MP_MINE"
	MP_MINE=
else
	ok "# SKIP autoload: the kernel's module helper is not tests/vm/run's chroot script"
fi
rm -rf "$M"
phase "done"

tap_end
