#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The ILNPv6 demo, run inside the VM by `make demo`: the St Andrews
# experiment at the paper's length (tests/kselftest/ilnp_move.sh, the same
# script `make check` runs short), then its plots.
#
#   MN (mobile node) and R (router) on networks a, b, c, CN in b:
#   MN joins the next network every 20 s and leaves the previous one 10 s
#   later, for 500 s (24 moves, a -> b -> c -> a ...), soft handoff; then
#   3 hard handoffs (the old path dies first) 20 s apart.
#   UDP 1396 B every 10 ms each way (sequence numbers), a TCP stream and a
#   ping beside it; a plain IPv6 UDP flow each way as the baseline.
#
# Writes build/demo/ilnp/ (the repository is shared with the VM):
#   soft-seq.png, hard-seq.png           sequence number received against
#                                        time at MN and at CN (and plain IPv6)
#   soft-throughput.png, hard-throughput.png
#                                        Mb/s through each of MN's interfaces
#                                        (one per locator) in 1 s buckets,
#                                        joins, leaves and breaks marked
#   *.events, *.udp-*, *.tcp, *.ifaces   the logs they are drawn from
# A shorter run (documented in README): tests/vm/run -- env ILNP_MOVE=5
# ILNP_OVERLAP=2 ILNP_SOFT_MOVES=6 tests/demo/ilnp.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=$REPO/build/demo/ilnp
export ILNP_MOVE=${ILNP_MOVE:-20} ILNP_OVERLAP=${ILNP_OVERLAP:-10}
export ILNP_SOFT_MOVES=${ILNP_SOFT_MOVES:-24} ILNP_HARD_MOVES=${ILNP_HARD_MOVES:-3}
export ILNP_OUT=$OUT
rm -rf "$OUT"
mkdir -p "$OUT"
printf '\n### ILNPv6: the St Andrews experiment, move %s s, overlap %s s, %s soft + %s hard moves\n' \
	"$ILNP_MOVE" "$ILNP_OVERLAP" "$ILNP_SOFT_MOVES" "$ILNP_HARD_MOVES"
rc=0
"$REPO/tests/kselftest/ilnp_move.sh" || rc=$?
printf '\n### plots\n'
for p in soft hard; do
	/usr/bin/python3 "$REPO/tests/kselftest/lib/ilnp_exp.py" plot "$OUT" $p || rc=1
done
exit $rc
