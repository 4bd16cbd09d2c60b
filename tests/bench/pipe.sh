#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# SRv6Pipes speed, run inside the VM by `make bench`: one proxy running the
# identity function against plain forwarding through the same node, side by
# side in one boot (the topology of tests/kselftest/pipe.sh).
#
#  +--------+ c0    p0 +--------------------------+ p1    s0 +--------+
#  | client |----------| proxy  fc00:0:1::/80     |----------| server |
#  +--------+          |   action pipe (seg6x)    |          +--------+
#  2001:db8:1::1   2001:db8:1::2          2001:db8:2::1   2001:db8:2::2
#
# "forwarding": the client's route to the server is a plain route via the
# proxy, which forwards. "identity": the route is `encap seg6 mode encap
# segs fc00:0:1::,SERVER` (the client layout docs/pipe.md recommends), the
# proxy terminates the connection and opens its own to the server (function
# 0000, bytes unchanged). The client's offloads are on, as on a real host
# (the tests turn transmit checksums off). Rounds alternate so that
# drift cancels; each figure is the median of its rounds.
#   pipe_identity_10mb   throughput of one 10 MB transfer (Mb/s), with the
#                        node under test on a vCPU of its own: the proxy's
#                        or the router's packets steered there (RPS on p0
#                        and p1) with the pipe workqueue (its cpumask), the
#                        client and the server on the other vCPU (RPS on c0
#                        and s0, taskset), as in SRv6Pipes' testbed, where
#                        each was a machine of its own. Needs 2 vCPUs; left
#                        out otherwise. OWN_ROUNDS rounds (11, or ROUNDS
#                        if more): the two figures SRv6Pipes' ratios are
#                        read from. Each run's busy share of both vCPUs is
#                        printed ("# bulk1 identity busy (vCPU 0:1): ..."):
#                        whether the ends or the node set the pace.
#   pipe_identity_1kb    1 KB request/response, one connection each (req/s),
#                        the node on its own vCPU as above
#   pipe_identity_10mb_shared_cpu, pipe_identity_1kb_shared_cpu  the same two
#                        with the four namespaces sharing both vCPUs, the
#                        node's work wherever the scheduler puts it: what
#                        the proxy's CPU costs is then taken from the
#                        client's and the server's (docs/pipe.md, Speed)
#   pipe_identity_1kb_5ms  the same requests (RR_DELAY_COUNT of them, 3
#                        rounds) with 5 ms of delay on every link (netem):
#                        where the links' delay sets a request's time, as
#                        on a real path, rather than the emulated CPU.
#   pipe_identity_10mb_5ms  one 10 MB transfer (3 rounds) over the same
#                        delayed links: throughput where the links' round
#                        trip sets it; each leg of the split connection has
#                        half the round trip, so its window opens faster.
#   pipe_pep_loss1       goodput of a PEP_MB transfer with 1% loss and 5 ms
#                        delay on every link (netem on the four veth ends,
#                        TSO and GSO off there so that netem drops packets,
#                        not 64 KB skbs), baseline "no proxy": the split
#                        connection recovers each loss on one link instead
#                        of end to end.
#   pipe_chain2_10mb     one 10 MB transfer through the identity function on
#                        two proxies in a row (lib/pipe_topo.sh pipe_setup2:
#                        segs fc00:0:1::,fc00:0:2::,SERVER), baseline
#                        "forwarding" through the same two nodes (Mb/s).
#   pipe_zstd_10mb       one 10 MB transfer of text (half base64 of random
#                        bytes, half numbered lines: zstd takes it to 39%)
#                        through zstd-compress on proxy1 and zstd-decompress
#                        on proxy2 (segs fc00:0:1:0:0:2c00::,fc00:0:2:0:0:2d00::,
#                        SERVER), baseline "identity": the same text through
#                        identity on both proxies (Mb/s).
#   pipe_aead_10mb       one 10 MB transfer (the same text) through
#                        aead-encrypt on proxy1 and aead-decrypt on proxy2
#                        (key 1 on both), baseline "identity" on the same
#                        two proxies (Mb/s).
#   pipe_zstd_100mb,     PIPE_BIG_MB (100) MB of the same kind of text, once,
#   pipe_aead_100mb      through zstd-compress then zstd-decompress, and
#                        through aead-encrypt then aead-decrypt, on the two
#                        proxies; the server's SHA-256 of what it got must
#                        equal the client's of what it sent (a "# ... sha256
#                        equal" line; a difference prints "# FAILED" and the
#                        figure is left out). Baseline "identity": the same
#                        bytes through identity on both (Mb/s). 0 skips.
# Output, one line per figure:
#   BENCH {"name": ..., "value": X, "unit": ..., "baseline": ..., "baseline_value": Y,
#          "ratio": X/Y, "rounds": N, "spread": {"value_range": [MIN, MAX],
#          "baseline_range": [...], "ratio_range": [...]}}
# X and Y are the medians over the rounds; the ranges are the lowest and
# highest round (the ratio's: of each round's two side-by-side runs).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TB="/usr/bin/python3 $HERE/tcp_bench.py"
ROUNDS=${ROUNDS:-5}
OWN_ROUNDS=${OWN_ROUNDS:-$((ROUNDS > 11 ? ROUNDS : 11))}
RR_COUNT=${RR_COUNT:-200}
RR_DELAY_COUNT=${RR_DELAY_COUNT:-50}
PEP_MB=${PEP_MB:-4}
PIPE_BIG_MB=${PIPE_BIG_MB:-100}
. "$REPO/tests/kselftest/lib/tap.sh"
. "$REPO/tests/kselftest/lib/pipe_topo.sh"
trap pipe_cleanup EXIT

ip seg6x show 2>/dev/null | grep -q "behaviour pipe" || { echo "# pipe bench: no pipe behaviour" >&2; exit 4; }
pipe_setup >/dev/null || { echo "# pipe bench: topology failed" >&2; exit 1; }
ip netns exec $C ethtool -K c0 tx on >/dev/null
# the forwarding baseline needs the server's way back to the client
ip -n $S -6 route add 2001:db8:1::/64 via 2001:db8:2::1 dev s0
ip netns exec $S $TB serve $SRV 9000 > "$tmp/serve.log" 2>&1 &
srv=$!
pids="$pids $srv"
for _ in $(seq 100); do grep -q listening "$tmp/serve.log" && break; sleep 0.1; done

forwarding() { ip -n $C -6 route replace $SRV/128 via 2001:db8:1::2 dev c0; }
identity() {
	ip -n $C -6 route replace $SRV/128 encap seg6 mode encap segs fc00:0:1::,$SRV \
		via 2001:db8:1::2 dev c0
}
PIN=	# a command the client runs under (own_cpu below)
cx() { ip netns exec $C $PIN $TB "$@"; }
# bench NAME UNIT BASELINE VALUES BASELINE_VALUES: one BENCH line from two
# files of "ROUND VALUE" lines (the medians, the ranges, the rounds' ratios
# where both ran)
bench() {
	/usr/bin/python3 - "$@" <<'PY'
import json, statistics, sys
name, unit, base, vf, bf = sys.argv[1:]
def rows(f):
    return dict((int(r), float(v)) for r, v in (l.split() for l in open(f) if l.strip()))
v, b = rows(vf), rows(bf)
def num(x):
    return round(x, 1) if x >= 10 else round(x, 3)
x, y = statistics.median(v.values()), statistics.median(b.values())
ratios = [v[r] / b[r] for r in v if b.get(r)]
print("BENCH " + json.dumps({
    "name": name, "value": num(x), "unit": unit, "baseline": base, "baseline_value": num(y),
    "ratio": round(x / y, 3) if y else 0, "rounds": min(len(v), len(b)),
    "spread": {"value_range": [num(min(v.values())), num(max(v.values()))],
               "baseline_range": [num(min(b.values())), num(max(b.values()))],
               "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)] if ratios else []}}))
PY
}
# rounds TAG FIELD CMD...: ROUNDS alternating runs of CMD under each of
# $MODES (functions setting the client's route); "ROUND FIELD" of each
# JSON line goes to $tmp/TAG.MODE
MODES="forwarding identity"
# With BUSY set, each run's share of busy time on vCPU 0 and vCPU 1
# (/proc/stat) goes to $tmp/TAG.MODE.busy and is printed too.
rounds() {
	local tag=$1 field=$2 r mode out a
	shift 2
	for mode in $MODES; do : > "$tmp/$tag.$mode"; : > "$tmp/$tag.$mode.busy"; done
	for r in $(seq "$ROUNDS"); do
		for mode in $MODES; do
			$mode
			[ -z "${BUSY:-}" ] || a=$(cpu_times)
			if out=$(cx "$@"); then
				echo "$r $(echo "$out" | jq -r ".$field")" >> "$tmp/$tag.$mode"
				[ -z "${BUSY:-}" ] || echo "$a $(cpu_times)" | awk '
					function share(b, i) { return b + i > 0 ? b / (b + i) : 0 }
					{ printf "%.2f:%.2f\n", share($5 - $1, $6 - $2),
						share($7 - $3, $8 - $4) }' >> "$tmp/$tag.$mode.busy"
			else
				echo "# $tag $mode round $r failed" >&2
			fi
		done
	done
	for mode in $MODES; do
		echo "# $tag $mode: $(cut -d' ' -f2 "$tmp/$tag.$mode" | tr '\n' ' ')" >&2
		[ -z "${BUSY:-}" ] ||
			echo "# $tag $mode busy (vCPU 0:1): $(tr '\n' ' ' < "$tmp/$tag.$mode.busy")" >&2
	done
}
# busy and idle jiffies of vCPU 0, then of vCPU 1
cpu_times() {
	awk '/^cpu0 / { b0 = $2 + $3 + $4 + $7 + $8; i0 = $5 + $6 }
	     /^cpu1 / { b1 = $2 + $3 + $4 + $7 + $8; i1 = $5 + $6 }
	     END { print b0, i0, b1, i1 }' /proc/stat
}
# figure TAG NAME UNIT BASELINE [MODE [BASEMODE]]: MODE's rounds (identity)
# against BASEMODE's (forwarding)
figure() {
	local mode=${5:-identity} base=${6:-forwarding}
	if [ -s "$tmp/$1.$mode" ] && [ -s "$tmp/$1.$base" ]; then
		bench "$2" "$3" "$4" "$tmp/$1.$mode" "$tmp/$1.$base"
	fi
}

rounds bulk mbps bulk $SRV 9000 $((10 * 1000 * 1000))
figure bulk pipe_identity_10mb_shared_cpu Mb/s forwarding
rounds rr rps rr $SRV 9000 1024 "$RR_COUNT"
figure rr pipe_identity_1kb_shared_cpu req/s forwarding

# own_cpu MASK_ENDS MASK_NODE: the client's and the server's packets
# (receive steering on c0 and s0) and processes (the server's threads,
# the client's commands: $PIN) on MASK_ENDS, the node's packets (steering
# on p0 and p1: the router's forwarding and the proxy's TCP) and the pipe
# workqueue on MASK_NODE. "" "" undoes it.
WQ=/sys/devices/virtual/workqueue/seg6x_pipe
wq_mask0=$(cat $WQ/cpumask 2>/dev/null)
own_cpu() {
	local e ns dev m ends=${1:-0} node=${2:-0}
	for e in $C:c0:$ends $S:s0:$ends $P:p0:$node $P:p1:$node; do
		IFS=: read -r ns dev m <<< "$e"
		ip netns exec $ns sh -c "echo $m > /sys/class/net/$dev/queues/rx-0/rps_cpus"
	done
	echo "${2:-$wq_mask0}" > $WQ/cpumask
	taskset -a -p "${1:-$(printf %x $(((1 << $(nproc)) - 1)))}" "$srv" >/dev/null
	PIN=${1:+taskset $1}
}
# the same two figures with the node on a vCPU of its own and the two ends
# on the other, as in SRv6Pipes' testbed, where the proxy was a machine of
# its own: on the shared vCPUs above, what the proxy's CPU costs is taken
# from the client's and the server's
if [ "$(nproc)" -ge 2 ] && [ -w $WQ/cpumask ]; then
	own_cpu 1 2
	ROUNDS=$OWN_ROUNDS BUSY=1 rounds bulk1 mbps bulk $SRV 9000 $((10 * 1000 * 1000))
	figure bulk1 pipe_identity_10mb Mb/s forwarding
	ROUNDS=$OWN_ROUNDS BUSY=1 rounds rr1 rps rr $SRV 9000 1024 "$RR_COUNT"
	figure rr1 pipe_identity_1kb req/s forwarding
	own_cpu "" ""
else
	echo "# pipe bench: fewer than 2 vCPUs or no $WQ/cpumask: no pipe_identity_10mb, pipe_identity_1kb" >&2
fi

# the four veth ends (NETNS:DEV), both directions of both links
ENDS="$C:c0 $P:p0 $P:p1 $S:s0"
# netem QDISC...: the same on the four ends
netem() {
	local e
	for e in $ENDS; do
		ip netns exec ${e%:*} tc qdisc replace dev ${e#*:} root netem "$@" ||
			{ echo "# pipe bench: no netem" >&2; return 1; }
	done
}
# the same requests and one transfer with 5 ms on every link: what the
# proxy adds to a request's time and a transfer's where the links' delay,
# not the CPU, sets them
netem=1
netem delay 5ms || netem=0
if [ $netem = 1 ]; then
	ROUNDS=3 rounds rr5 rps rr $SRV 9000 1024 "$RR_DELAY_COUNT"
	figure rr5 pipe_identity_1kb_5ms req/s forwarding
	ROUNDS=3 rounds bulk5 mbps bulk $SRV 9000 $((10 * 1000 * 1000))
	figure bulk5 pipe_identity_10mb_5ms Mb/s forwarding
fi
# the same path with 1% loss and 5 ms on every link, both directions. No
# TSO or GSO on the four ends: netem drops whole skbs, and a 64 KB one
# lost would be 45 packets at once (or none for a lucky transfer)
for e in $ENDS; do ip netns exec ${e%:*} ethtool -K ${e#*:} tso off gso off >/dev/null; done
if [ $netem = 1 ] && netem delay 5ms loss 1%; then
	ROUNDS=3 rounds pep mbps bulk $SRV 9000 $((PEP_MB * 1000 * 1000))
	figure pep pipe_pep_loss1 Mb/s "no proxy"
fi
echo "# pipe counters: $(ip -n $P -j seg6x stats behaviour pipe | jq -c '.[0].counters')" >&2

# two proxies in a row, no netem: identity on both against forwarding
for p in $pids; do kill "$p" 2>/dev/null; done
pids=
for ns in $C $P $S; do ip netns del "$ns"; done
pipe_setup2 >/dev/null || { echo "# pipe bench: two-proxy topology failed" >&2; exit 1; }
ip netns exec $C ethtool -K c0 tx on >/dev/null
ip netns exec $P ethtool -K p1 tx on >/dev/null
ip netns exec $P sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n $Q -6 route add 2001:db8:1::/64 via 2001:db8:2::1 dev q0
ip -n $S -6 route add 2001:db8:1::/64 via 2001:db8:3::1 dev s0
ip netns exec $S $TB serve $SRV 9000 > "$tmp/serve.log" 2>&1 &
pids="$pids $!"
for _ in $(seq 100); do grep -q listening "$tmp/serve.log" && break; sleep 0.1; done
chain2() {
	ip -n $C -6 route replace $SRV/128 encap seg6 mode encap \
		segs fc00:0:1::,fc00:0:2::,$SRV via 2001:db8:1::2 dev c0
}
MODES="forwarding chain2" rounds chain2 mbps bulk $SRV 9000 $((10 * 1000 * 1000))
MODES="forwarding chain2" figure chain2 pipe_chain2_10mb Mb/s forwarding chain2
# zstd on the same two proxies against identity on both, the same text
head -c 3750000 /dev/urandom | base64 -w 76 | head -c 5000000 > "$tmp/text"
seq -f '%.0f line of the bench text' 1 1000000 | head -c 5000000 >> "$tmp/text"
zstd2() {
	ip -n $C -6 route replace $SRV/128 encap seg6 mode encap \
		segs fc00:0:1:0:0:2c00::,fc00:0:2:0:0:2d00::,$SRV via 2001:db8:1::2 dev c0
}
MODES="chain2 zstd2" rounds zstd mbps bulk $SRV 9000 $((10 * 1000 * 1000)) "$tmp/text"
figure zstd pipe_zstd_10mb Mb/s identity zstd2 chain2
# AEAD on the same two proxies against identity on both
key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
ip -n $P pipe key add 1 hex "$key" && ip -n $Q pipe key add 1 hex "$key"
aead2() {
	ip -n $C -6 route replace $SRV/128 encap seg6 mode encap \
		segs fc00:0:1:0:0:ae0e:0:1,fc00:0:2:0:0:ae0d:0:1,$SRV via 2001:db8:1::2 dev c0
}
MODES="chain2 aead2" rounds aead mbps bulk $SRV 9000 $((10 * 1000 * 1000)) "$tmp/text"
figure aead pipe_aead_10mb Mb/s identity aead2 chain2
# PIPE_BIG_MB through compress then decompress and encrypt then decrypt:
# the server's SHA-256 against the client's, one run each, and identity
if [ "$PIPE_BIG_MB" -gt 0 ]; then
	head -c $((PIPE_BIG_MB * 375000)) /dev/urandom | base64 -w 76 |
		head -c $((PIPE_BIG_MB * 500000)) > "$tmp/big"
	seq -f '%.0f line of the bench text' 1 $((PIPE_BIG_MB * 200000)) |
		head -c $((PIPE_BIG_MB * 500000)) >> "$tmp/big"
	rm -f "$tmp/text"
	for mode in chain2 zstd2 aead2; do
		$mode
		if out=$(cx big $SRV 9000 "$tmp/big"); then
			echo "# ${PIPE_BIG_MB} MB $mode: $(echo "$out" | jq -c '{seconds, mbps, sha256: .sha256_sent[:16]}'), sha256 equal" >&2
			echo "1 $(echo "$out" | jq -r .mbps)" > "$tmp/big.$mode"
		else
			echo "# FAILED: ${PIPE_BIG_MB} MB $mode: $out" >&2
		fi
	done
	for f in zstd aead; do
		figure big pipe_${f}_${PIPE_BIG_MB}mb Mb/s identity ${f}2 chain2
	done
	rm -f "$tmp/big"
fi
echo "# proxy1 counters: $(ip -n $P -j seg6x stats behaviour pipe | jq -c '.[0].counters')" >&2
echo "# proxy2 counters: $(ip -n $Q -j seg6x stats behaviour pipe | jq -c '.[0].counters')" >&2
exit 0
