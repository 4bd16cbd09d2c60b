#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# seg6x-update under attack (issue 9): tampered and injected packets in the
# stream, and a receiver holding the wrong key.
#
#              +------------- ns br: br0, mcast_snooping 1 -------------+
#   +------+   |  sp        pa         pr1       pr2       pr3         |
#   | send |---+   \________|__________|_________|_________|_________  |
#   +------+   +------------|----------|---------|---------|-----------+
# 2001:db8:9::1           +---+      +----+    +----+    +----+
#                         | a |      | r1 |    | r2 |    | r3 |  wrong key
#                         +---+      +----+    +----+    +----+
#              attacker 2001:db8:9::a   receivers of (2001:db8:9::1, ff3e::4242)
#
# 1. The attacker sends every kind below from its own address: the receivers
#    joined (S,G) only, so their kernels never deliver any of it.
# 2. It then sends as the sender (its address, bound with IP_FREEBIND), 20 of
#    each: truncated, bad magic, oversized, forged manifests and hashes,
#    symbols of an older version, of a block past the object, random symbols
#    of block 0 each sent twice. Then the sender loops the real file.
#    r1 and r2 install it byte for byte and count every hostile datagram under
#    the reason docs/update-format.md gives, exactly (none of these reasons
#    can come from the real sender on this loss-free LAN); the random symbols
#    spoil one decoding of block 0 (bad-block), which the next pass repairs.
# 3. r3 holds another key: it installs nothing, writes no file, keeps no
#    symbol, and counts the sender's manifests as bad-signature.
#
# Output is TAP; exits 4 (skip) without the tools.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib/tap.sh"
. "$HERE/lib/update_topo.sh"
upd_setup
INJECT="/usr/bin/python3 $HERE/lib/update_inject.py"
G=$UPD_G S=$UPD_S
# load FILE: c[NAME], each counter and drop reason of a receiver's --stats
# JSON (one jq: a process start costs under TCG)
declare -A c
load() {
	local k v
	c=()
	while read -r k v; do c[$k]=$v; done < <(jq -r \
		'(to_entries[] | select(.value | type == "number")), (.drops | to_entries[]) |
		 "\(.key) \(.value)"' "$1")
}

upd_topo_up 3 a || skip "cannot build the topology (bridge, veth, netns)"
"$U" keygen -o "$tmp/k.key" >/dev/null
"$U" keygen -o "$tmp/other.key" >/dev/null
# 3 blocks of 64 KiB: the forged hashes name blocks 0 and 1, which exist
head -c $((3 * 65536 - 5000)) /dev/urandom > "$tmp/fw"
for i in 1 2 3; do
	key=$tmp/k.pub
	[ $i = 3 ] && key=$tmp/other.pub
	mkdir "$tmp/r$i"
	# ip execs the receiver: $! is the receiver itself (killed below)
	ip netns exec "$(upd_ns r$i)" "$U" recv --pubkey "$key" --group $G --source $S --dev eth0 \
		-o "$tmp/r$i/fw" --progress none --timeout 120 --stats "$tmp/r$i.json" \
		2>"$tmp/r$i.log" &
	pids+=($!)
done
# every receiver's join is in the bridge before anything is sent
for _ in $(seq 100); do
	[ "$(bridge -n "$(upd_ns br)" mdb show | grep -c "$G")" -ge 3 ] && break
	sleep 0.1
done

echo "# receivers joined in $SECONDS s"
upd_in a $INJECT 2001:db8:9::a $G 4242 eth0 1 1 20 >/dev/null
if ! upd_in a $INJECT $S $G 4242 eth0 1 1 20 > "$tmp/sent.json"; then
	nok "the attacker could not send"
fi
echo "# attacker done in $SECONDS s"
upd_in s "$U" send "$tmp/fw" --key "$tmp/k.key" --group $G --dev eth0 --version 1 \
	--rate 8M --loops 3 --listeners 3 --query-interval 2 --stats "$tmp/send.json" \
	2>"$tmp/send.log"
echo "# sender done in $SECONDS s: $(tail -1 "$tmp/send.log")"
wait "${pids[0]}" "${pids[1]}"
kill -TERM "${pids[2]}" 2>/dev/null
wait "${pids[2]}"
rc3=$?
pids=()

for i in 1 2; do
	load "$tmp/r$i.json"
	if cmp -s "$tmp/fw" "$tmp/r$i/fw"; then
		ok "r$i: the real file installed through the attack (${c[packets]} datagrams, ${c[symbols_used]} symbols used)"
	else
		nok "r$i: the real file is not installed"
		tail -3 "$tmp/r$i.log" | sed 's/^/#   /'
	fi
	bad=
	for reason in truncated bad-magic malformed rollback out-of-range; do
		[ "${c[$reason]}" = 20 ] || bad="$bad $reason=${c[$reason]}"
	done
	[ "${c[bad-signature]}" = 40 ] || bad="$bad bad-signature=${c[bad-signature]}"
	[ "${c[bad-block]}" -ge 1 ] || bad="$bad bad-block=0"
	[ "${c[duplicate]}" -ge 20 ] || bad="$bad duplicate=${c[duplicate]}"
	if [ -z "$bad" ]; then
		ok "r$i: counted 20 truncated, 20 bad-magic, 20 malformed, 20 rollback, 20 out-of-range, 40 bad-signature (forged manifests and hashes, none from the attacker's own address), ${c[duplicate]} duplicate, ${c[bad-block]} bad-block"
	else
		nok "r$i: drop counts differ:$bad"
		jq -c .drops "$tmp/r$i.json" | sed 's/^/#   /'
	fi
done

manifests=$(jq .manifests "$tmp/send.json")
load "$tmp/r3.json"
if [ "$rc3" = 2 ] && [ ! -e "$tmp/r3/fw" ] && [ ! -e "$tmp/r3/fw.part" ] &&
   [ ! -e "$tmp/r3/fw.state" ] && [ "${c[symbols_used]}" = 0 ] &&
   [ "${c[bad-signature]}" -ge "$manifests" ]; then
	ok "r3, wrong key: nothing installed or written, no symbol kept, ${c[bad-signature]} bad-signature ($manifests manifests sent)"
else
	nok "r3, wrong key: exit $rc3, files: $(ls "$tmp/r3" | tr '\n' ' ')symbols ${c[symbols_used]}, bad-signature ${c[bad-signature]}"
fi
tap_end
