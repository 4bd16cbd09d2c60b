#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# pipe_chain.sh: one connection through functions on two proxies, byte-exact.
#
#  +--------+ c0  p0 +-----------------+ p1  q0 +-----------------+ q1  s0 +--------+
#  | client |--------| proxy1 (P)      |--------| proxy2 (Q)      |--------| server |
#  +--------+        | fc00:0:1::/80   |        | fc00:0:2::/80   |        +--------+
#  2001:db8:1::1   2001:db8:1::2  2001:db8:2::1  2001:db8:2::2  2001:db8:3::1  2001:db8:3::2
#
# The client's segment list names functions of both proxies, then the
# server (mode encap). Proxy1 runs its SIDs and opens its onward connection
# with the rest of the list (proxy2's SIDs, the server) as the socket's
# routing header; proxy2 takes that as an inline SRH, runs its SIDs and
# opens the last leg, with no SRH, to the server. The dogs-to-cats pipeline
# is split across the two (13 bytes); 2 MB go each way through xor on both (bulk TCP
# with GSO on the SRH leg); about 3.4 MB through zstd-compress on proxy1 and
# zstd-decompress on proxy2, byte-exact, compressed between the proxies;
# ip pipe show on each proxy shows its half; junk into zstd-decompress is
# reset and counted; 1 MB through aead-encrypt on proxy1 and aead-decrypt
# on proxy2 (the same key), byte-exact; a stream sealed by pipe-run opens
# in the kernel; a flipped byte (in the stream the client sends, and on
# the wire between the proxies) and a wrong key reset and count bad-input
# (nothing after the bad record reaches the server).
#
# Needs root, seg6x.ko with pipe, the patched ip, /usr/bin/python3, nc;
# exits 4 (skip) otherwise. Output is TAP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib/pipe_topo.sh"
trap pipe_cleanup EXIT

pipe_begin run
pipe_setup2 || { nok "topology"; tap_end; exit 1; }
ok "topology: client, proxy1, proxy2, server"
echo "# setup: $SECONDS s"
pipe_serve || nok "server started"
qstats() { ip -n $Q -j seg6x stats behaviour pipe; }
qcounter() { qstats | jq -r ".[0].counters[\"${1//-/_}\"] // 0"; }

B64E=fc00:0:1:0:0:b64e::
SED3=fc00:0:1:0:0:5ed0:0:3
B64D=fc00:0:2:0:0:b64d::
check "proxy1: ip pipe sed add 3 RvZ3 NhdH" ip -n $P pipe sed add 3 RvZ3 NhdH

# dogs to cats: base64 | sed on proxy1, base64 -d on proxy2
printf 'I love dogs!\n' > "$tmp/dogs"
printf 'I love cats!\n' > "$tmp/cats"
via_encap $B64E,$SED3,$B64D
exchange "$tmp/dogs"
same "dogs to cats across two proxies: the server reads \"I love cats!\"" \
	"$tmp/cats" "$tmp/srv.$conn"
echo "# server got: $(cat "$tmp/srv.$conn" 2>/dev/null)"
same "dogs to cats: the reply passes both proxies unchanged" "$tmp/cats" "$tmp/back"
peer=$(cat "$tmp/srv.$conn.peer" 2>/dev/null)
[ "$peer" = 2001:db8:3::1 ] && ok "the server's peer is proxy2's address" ||
	nok "the server's peer is proxy2's address (got $peer)"

# bulk both ways: xor on each proxy; the server sees both keys, the client
# its own bytes back. A stalled SRH leg (GSO drops) fails within nc's 30 s.
head -c 2000000 /dev/urandom > "$tmp/big"
$RUN xor=0x12345678 xor=0x0badf00d < "$tmp/big" > "$tmp/want"
via_encap fc00:0:1:0:0:a5a:1234:5678,fc00:0:2:0:0:a5a:bad:f00d
t0=$SECONDS
exchange "$tmp/big"
echo "# 2 MB each way through two proxies: $((SECONDS - t0)) s"
same "xor on both proxies: the server gets the 2 MB xor both keys" "$tmp/want" "$tmp/srv.$conn"
same "xor on both proxies: the client gets its 2 MB back" "$tmp/big" "$tmp/back"

echo "# proxy1: $(stats | jq -c '.[0]')"
echo "# proxy2: $(qstats | jq -c '.[0]')"
[ "$(counter flows) $(qcounter flows)" = "2 2" ] && ok "flows: 2 on each proxy" ||
	nok "flows: 2 on each proxy (got $(counter flows) and $(qcounter flows))"
[ "$(counter closed) $(qcounter closed)" = "2 2" ] &&
	ok "the 2 exchanges closed by FIN both ways on each proxy" ||
	nok "the 2 exchanges closed by FIN both ways on each proxy (got $(counter closed) and $(qcounter closed))"
[ "$(stats | jq -r '.[0].drops | length') $(qstats | jq -r '.[0].drops | length')" = "0 0" ] &&
	ok "no drops on either proxy" || nok "no drops on either proxy"

# zstd: compress on proxy1, decompress on proxy2; a few MB of text
# (compressible) and random bytes; the reply passes both unchanged
head -c 1000000 /dev/urandom | base64 > "$tmp/z"
seq 1 250000 >> "$tmp/z"
head -c 500000 /dev/urandom >> "$tmp/z"
zin=$(wc -c < "$tmp/z")
p0=$(counter bytes-fwd) q0=$(qcounter bytes-fwd)
via_encap fc00:0:1:0:0:2c00::,fc00:0:2:0:0:2d00::
t0=$SECONDS
exchange "$tmp/z"
echo "# zstd: $zin bytes each way in $((SECONDS - t0)) s; sha256 sent $(sha256sum < "$tmp/z" | cut -c1-16)," \
	"at the server $(sha256sum < "$tmp/srv.$conn" | cut -c1-16), back $(sha256sum < "$tmp/back" | cut -c1-16)"
same "zstd-compress on proxy1, zstd-decompress on proxy2: the server gets the $zin bytes" \
	"$tmp/z" "$tmp/srv.$conn"
same "zstd: the reply passes both proxies unchanged" "$tmp/z" "$tmp/back"
p1=$(counter bytes-fwd) q1=$(qcounter bytes-fwd)
echo "# zstd: proxy1 read $((p1 - p0)) bytes from the client, proxy2 $((q1 - q0)) from proxy1"
[ $((p1 - p0)) = "$zin" ] && [ $((q1 - q0)) -gt 1000 ] && [ $((q1 - q0)) -lt $((zin * 85 / 100)) ] &&
	ok "zstd: the leg between the proxies carries the compressed stream ($((q1 - q0)) of $zin bytes)" ||
	nok "zstd: the leg between the proxies carries the compressed stream ($((q1 - q0)) of $zin bytes)"

# a live flow as each proxy lists it
via_encap $B64E,$SED3,$B64D
ip netns exec $C $PEER hold $SRV 8080 30 > /dev/null 2>&1 &
holder=$!
pids="$pids $holder"
for _ in $(seq 100); do
	pf=$(ip -n $P -j pipe show | jq -c '.[0] // empty')
	qf=$(ip -n $Q -j pipe show | jq -c '.[0] // empty')
	[ -n "$pf" ] && [ -n "$qf" ] && [ "$(echo "$qf" | jq -r .bytes_fwd)" != 0 ] && break
	sleep 0.1
done
echo "# proxy1: $(ip -n $P pipe show)"
echo "# proxy2: $(ip -n $Q pipe show)"
[ "$(echo "$pf" | jq -c '[.client, .server, [.chain[].name], .segs]')" = \
  "[\"2001:db8:1::1\",\"$SRV\",[\"base64-encode\",\"sed\"],[\"fc00:0:2::b64d:0:0\",\"$SRV\"]]" ] &&
	ok "proxy1's flow: the client, base64-encode and sed, onward segs proxy2 then the server" ||
	nok "proxy1's flow: the client, base64-encode and sed, onward segs proxy2 then the server (got $pf)"
[ "$(echo "$qf" | jq -c '[.client, .server, [.chain[].name], .segs]')" = \
  "[\"2001:db8:2::1\",\"$SRV\",[\"base64-decode\"],null]" ] &&
	ok "proxy2's flow: proxy1 is its client, base64-decode, no onward SRH" ||
	nok "proxy2's flow: proxy1 is its client, base64-decode, no onward SRH (got $qf)"
kill $holder
pipe_empty $P $Q && ok "both proxies' tables are empty after close" ||
	nok "both proxies' tables are empty after close"

# bytes that are not zstd into zstd-decompress on proxy2 (identity on
# proxy1): the flow is reset both ways and counted as bad-input on proxy2,
# nothing reaches the server
conn=$((conn + 1))	# the held connection above, once the server has it
for _ in $(seq 100); do [ -e "$tmp/srv.$conn.done" ] && break; sleep 0.1; done
bad0=$(qcounter bad-input)
head -c 20000 /dev/urandom > "$tmp/junk"
via_encap fc00:0:1::,fc00:0:2:0:0:2d00::
ip netns exec $C nc -N -w 10 $SRV 8080 < "$tmp/junk" > "$tmp/back"
conn=$((conn + 1))
for _ in $(seq 100); do [ -e "$tmp/srv.$conn.done" ] && break; sleep 0.1; done
echo "# junk into zstd-decompress: bad-input $bad0 -> $(qcounter bad-input)," \
	"the server got $(wc -c < "$tmp/srv.$conn" 2>/dev/null) bytes$([ -e "$tmp/srv.$conn.reset" ] && echo ', reset')"
[ "$(qcounter bad-input)" = $((bad0 + 1)) ] && [ -e "$tmp/srv.$conn.reset" ] &&
	[ ! -s "$tmp/srv.$conn" ] && [ ! -s "$tmp/back" ] &&
	ok "zstd-decompress of junk: bad-input counted, the server's side reset, no byte through" ||
	nok "zstd-decompress of junk: bad-input counted, the server's side reset, no byte through"

# AEAD: encrypt on proxy1, decrypt on proxy2, the same key 3 on both
hexkey() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
KEYA=$(hexkey) KEYB=$(hexkey)
check "ip pipe key add 3 on both proxies (the same key)" \
	sh -c "ip -n $P pipe key add 3 hex $KEYA && ip -n $Q pipe key add 3 hex $KEYA"
head -c 1000000 /dev/urandom > "$tmp/a"
q0=$(qcounter bytes-fwd)
via_encap fc00:0:1:0:0:ae0e:0:3,fc00:0:2:0:0:ae0d:0:3
exchange "$tmp/a"
echo "# aead: sha256 sent $(sha256sum < "$tmp/a" | cut -c1-16), at the server $(sha256sum < "$tmp/srv.$conn" | cut -c1-16)"
same "aead-encrypt on proxy1, aead-decrypt on proxy2: the server gets the 1 MB" "$tmp/a" "$tmp/srv.$conn"
same "aead: the reply passes both proxies unchanged" "$tmp/a" "$tmp/back"
q1=$(qcounter bytes-fwd)
echo "# aead: proxy2 read $((q1 - q0)) bytes from proxy1 for 1000000"
[ $((q1 - q0)) -ge $((1000000 + 20 + 245 * 18)) ] && [ $((q1 - q0)) -lt 1100000 ] &&
	ok "aead: the leg between the proxies carries records (head, 18 bytes a record)" ||
	nok "aead: the leg between the proxies carries records (head, 18 bytes a record)"

# sealed by pipe-run (libsodium), opened by proxy2 (the kernel's crypto API)
$RUN -k $KEYA aead-encrypt < "$tmp/dogs" > "$tmp/sealed"
via_encap fc00:0:1::,fc00:0:2:0:0:ae0d:0:3
exchange "$tmp/sealed"
same "aead: a stream sealed in userspace opens in the kernel" "$tmp/dogs" "$tmp/srv.$conn"

# refused_by_q SEGS FILE PLAIN MAX DESC: FILE through SEGS must be refused
# by proxy2: bad-input counted there, the server's side reset, the client
# gets no echo, and the server got at most the first MAX bytes of PLAIN
# (the records verified before the bad one; 0: nothing)
refused_by_q() {
	local bad0 got
	bad0=$(qcounter bad-input)
	via_encap "$1"
	ip netns exec $C nc -N -w 10 $SRV 8080 < "$2" > "$tmp/back"
	conn=$((conn + 1))
	for _ in $(seq 100); do [ -e "$tmp/srv.$conn.done" ] && break; sleep 0.1; done
	got=$(wc -c < "$tmp/srv.$conn" 2>/dev/null)
	echo "# $5: bad-input $bad0 -> $(qcounter bad-input), the server got ${got:-no} bytes$([ -e "$tmp/srv.$conn.reset" ] && echo ', reset')"
	[ "$(qcounter bad-input)" = $((bad0 + 1)) ] && [ -e "$tmp/srv.$conn.reset" ] &&
		[ -n "$got" ] && [ "$got" -le "$4" ] && cmp -s -n "$got" "$tmp/srv.$conn" "$3" &&
		[ ! -s "$tmp/back" ] &&
		ok "$5: bad-input counted, the server's side reset, at most $4 verified bytes through" ||
		nok "$5: bad-input counted, the server's side reset, at most $4 verified bytes through"
}
# a tampered record: one byte of the sealed stream flipped (the client
# sends it straight to proxy2's decrypt); the 12 records before it
# (head 20 bytes, 4096 + 18 each) may pass, verified, nothing from it on
head -c 100000 /dev/urandom > "$tmp/a"
$RUN -k $KEYA aead-encrypt < "$tmp/a" > "$tmp/sealed"
$PY -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[50000] ^= 0x10; open(sys.argv[1], "wb").write(b)' "$tmp/sealed"
refused_by_q fc00:0:1::,fc00:0:2:0:0:ae0d:0:3 "$tmp/sealed" "$tmp/a" 49152 \
	"aead: a flipped byte in record 13"
# a wrong key on proxy2: key 4 differs between the proxies
check "ip pipe key add 4: one key on proxy1, another on proxy2" \
	sh -c "ip -n $P pipe key add 4 hex $KEYA && ip -n $Q pipe key add 4 hex $KEYB"
refused_by_q fc00:0:1:0:0:ae0e:0:4,fc00:0:2:0:0:ae0d:0:4 "$tmp/dogs" "$tmp/dogs" 0 \
	"aead: a wrong key on proxy2"

# a record tampered with on the wire between the proxies: the client sends
# 100 bytes, pauses until proxy2 has forwarded them (proxy1 sealed them:
# head and record 0, 138 bytes; a fixed pause could be too short under
# load, and the two writes would be one record), sends 1000 more and
# pauses (record 1: 1018 bytes). On proxy1's p1,
# tc flips one byte inside every segment whose IPv6 payload is 1024-2047
# bytes long (SRH 40 + TCP 32 + record 1; record 0's segment is 210, acks
# 72): offset 600 from the IPv6 header is inside record 1's ciphertext
# whatever the TCP options. The egress hook runs before the stack
# completes the checksum (transmit offload is off on p1), so the segment
# leaves with a valid one, as behind a checksum-fixing middlebox.
check "tc: flip a byte of record 1 on the leg between the proxies" sh -c "
	tc -n $P qdisc add dev p1 clsact &&
	tc -n $P filter add dev p1 egress protocol ipv6 u32 match u16 0x0400 0xfc00 at 4 \
		action pedit munge offset 600 u8 invert"
head -c 100 /dev/urandom > "$tmp/t0"
head -c 1000 /dev/urandom > "$tmp/t1"
bad0=$(qcounter bad-input) fwd0=$(qcounter bytes-fwd)
via_encap fc00:0:1:0:0:ae0e:0:3,fc00:0:2:0:0:ae0d:0:3
{
	cat "$tmp/t0"
	for _ in $(seq 100); do [ "$(qcounter bytes-fwd)" -gt "$fwd0" ] && break; sleep 0.1; done
	cat "$tmp/t1"; sleep 1
} |
	ip netns exec $C nc -N -w 10 $SRV 8080 > "$tmp/back"
conn=$((conn + 1))
for _ in $(seq 100); do [ -e "$tmp/srv.$conn.done" ] && break; sleep 0.1; done
hits=$(tc -n $P -s filter show dev p1 egress | sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p' | head -1)
echo "# tampered on the wire: ${hits:-0} segments, bad-input $bad0 -> $(qcounter bad-input)," \
	"the server got $(wc -c < "$tmp/srv.$conn" 2>/dev/null) bytes$([ -e "$tmp/srv.$conn.reset" ] && echo ', reset')"
tc -n $P qdisc del dev p1 clsact
[ "${hits:-0}" -ge 1 ] && ok "tampered: tc flipped a byte of record 1 on the wire" ||
	nok "tampered: tc flipped a byte of record 1 on the wire"
[ "$(qcounter bad-input)" -ge $((bad0 + 1)) ] && ok "tampered: bad-input counted on proxy2" ||
	nok "tampered: bad-input counted on proxy2"
[ -e "$tmp/srv.$conn.reset" ] && [ ! -s "$tmp/back" ] &&
	ok "tampered: the flow is reset (server's side reset, no echo to the client)" ||
	nok "tampered: the flow is reset (server's side reset, no echo to the client)"
same "tampered: the 100 bytes before the record arrived intact, nothing after" "$tmp/t0" "$tmp/srv.$conn"

tap_end
