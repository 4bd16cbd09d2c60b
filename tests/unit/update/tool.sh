#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# seg6x-update's command line on the host, over UDP on ::1 (unprivileged):
# keygen, bad options refused with a message, a signed file sent and
# installed with --exec run on it, a receiver with the wrong key installing
# nothing and counting why. TAP lines; exit 0 if all held.
set -u
B=${1:-build}
U=$B/bin/seg6x-update
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
n=0 bad=0
t() {	# RC DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok - update-tool: $2"; else echo "not ok - update-tool: $2"; bad=1; fi
}
refuses() {	# PATTERN ARGS...
	local pat=$1 out
	shift
	if out=$("$U" "$@" 2>&1); then return 1; fi
	echo "$out" | grep -qE -- "$pat" || { echo "#   no \"$pat\" in: $out"; return 1; }
}
port=$((20000 + RANDOM % 20000))

"$U" keygen -o "$tmp/rel.key" >/dev/null && [ -s "$tmp/rel.pub" ] &&
	[ "$(stat -c %a "$tmp/rel.key")" = 600 ] && grep -qE '^[0-9a-f]{64}$' "$tmp/rel.pub"
t $? "keygen writes rel.key (0600) and rel.pub (64 hex digits)"
refuses "not written" keygen -o "$tmp/rel.key"; t $? "keygen refuses to overwrite a key"
"$U" keygen -o "$tmp/other.key" >/dev/null

head -c 200000 /dev/urandom > "$tmp/fw.bin"
refuses "required" send "$tmp/fw.bin" --key "$tmp/rel.key" --group ::1
t $? "send without --version is refused"
refuses "invalid value" send "$tmp/fw.bin" --key "$tmp/rel.key" --group ff3e::zz --version 1
t $? "send with a bad group is refused"
refuses "not a key" send "$tmp/fw.bin" --key "$tmp/fw.bin" --group ::1 --version 1
t $? "send with a file that is not a key is refused"
refuses "symbol-size: invalid value" send "$tmp/fw.bin" --key "$tmp/rel.key" --group ::1 --version 1 --symbol-size 1210
t $? "send with a symbol size above 1208 is refused"
refuses "invalid value" recv --pubkey "$tmp/rel.pub" --group ::1 -o "$tmp/x" --max-size 12Q
t $? "recv with a bad --max-size is refused"
refuses "no interface" recv --pubkey "$tmp/rel.pub" --group ::1 -o "$tmp/x" --dev nosuchif0
t $? "recv with an unknown --dev is refused"

# a whole transfer over UDP to ::1, --exec on the installed file
"$U" recv --pubkey "$tmp/rel.pub" --group ::1 --port $port -o "$tmp/out.bin" \
	--progress plain --timeout 60 --stats "$tmp/stats.json" \
	--exec "cp {} $tmp/exec.copy" 2> "$tmp/recv.log" &
rpid=$!; pids+=($rpid)
sleep 2		# a receiver waiting for a sender: the rate shown must not count this
"$U" send "$tmp/fw.bin" --key "$tmp/rel.key" --group ::1 --port $port --version 5 \
	--rate 50M --duration 30 2> "$tmp/send.log" &
spid=$!; pids+=($spid)
wait $rpid; rc=$?
kill $spid 2>/dev/null; wait $spid 2>/dev/null
[ $rc = 0 ] && cmp -s "$tmp/fw.bin" "$tmp/out.bin" && [ ! -e "$tmp/out.bin.part" ]
t $? "recv installs the 200000 bytes sent (exit $rc)"
cmp -s "$tmp/fw.bin" "$tmp/exec.copy"; t $? "--exec ran on the installed file"
grep -q '"installed":1,"version":5' "$tmp/stats.json"; t $? "--stats: installed version 5"
grep -q '^progress: 4/4 blocks 100%' "$tmp/recv.log"; t $? "plain progress lines end at 100%"
# 262144 bytes of blocks: over 2 s of waiting as well they would show below 0.14 MB/s
awk '/^progress: 4\/4/ { r = $5 } END { exit !(r > 0.2) }' "$tmp/recv.log"
t $? "the rate counts from the first manifest, not from the receiver's start"
sed 's/^/# /' "$tmp/recv.log" | tail -2

# the same again: version 5 is current, version 4 a rollback, nothing changes
cp "$tmp/out.bin" "$tmp/before"
"$U" recv --pubkey "$tmp/rel.pub" --group ::1 --port $port -o "$tmp/out.bin" \
	--progress none --timeout 10 --stats "$tmp/stats2.json" 2>/dev/null &
rpid=$!; pids+=($rpid)
sleep 0.3
"$U" send "$tmp/fw.bin" --key "$tmp/rel.key" --group ::1 --port $port --version 4 \
	--rate 20M --loops 1 2>/dev/null
"$U" send "$tmp/fw.bin" --key "$tmp/rel.key" --group ::1 --port $port --version 5 \
	--rate 20M --loops 1 2>/dev/null
wait $rpid; rc=$?
[ $rc = 2 ] && grep -qE '"rollback":[1-9]' "$tmp/stats2.json" &&
	grep -qE '"current":[1-9]' "$tmp/stats2.json" && cmp -s "$tmp/before" "$tmp/out.bin"
t $? "version 4 after 5 is 'rollback', 5 again 'current'; the file is unchanged (exit $rc)"

# the wrong key: nothing installed, every manifest a bad signature
"$U" recv --pubkey "$tmp/other.pub" --group ::1 --port $port -o "$tmp/evil.bin" \
	--progress none --timeout 2 --stats "$tmp/stats3.json" 2>/dev/null &
rpid=$!; pids+=($rpid)
sleep 0.3
"$U" send "$tmp/fw.bin" --key "$tmp/rel.key" --group ::1 --port $port --version 9 \
	--rate 20M --loops 1 2>/dev/null
wait $rpid; rc=$?
[ $rc = 2 ] && [ ! -e "$tmp/evil.bin" ] && [ ! -e "$tmp/evil.bin.part" ] &&
	grep -qE '"bad-signature":[1-9]' "$tmp/stats3.json"
t $? "a receiver with another key installs nothing: 'bad-signature' (exit $rc)"
exit $bad
