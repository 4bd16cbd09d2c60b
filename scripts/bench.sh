#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: host benchmarks (fragments in build/bench/*.json, and
# tests/bench/host/*.sh: userspace programs in network namespaces, lines
# "BENCH {json}"), then the VM ones (tests/bench/*.sh in one boot), merged
# into build/bench.json and printed as a table. Benchmarks never fail a build:
# a benchmark that breaks is reported and left out.
set -u
cd "$(dirname "$0")/.."
mkdir -p build/bench
rm -f build/bench/*.json build/bench/*.jsonl

make -s avr-bench || echo "# avr-bench failed" >&2
make -s sriot-bench || echo "# sriot-bench failed" >&2
for b in tests/bench/host/*.sh; do
	"$b" || echo "# $b failed" >&2
done 2>&1 | tee build/bench/host.log | sed -n 's/^BENCH //p' > build/bench/host.jsonl
# one boot for every VM benchmark
tests/vm/run -- sh -c 'for b in tests/bench/*.sh; do "$b" || echo "# $b failed" >&2; done' |
	tee build/bench/vm.log | sed -n 's/^BENCH //p' > build/bench/vm.jsonl

/usr/bin/python3 - <<'PY'
import glob, json
rows = []
for f in sorted(glob.glob("build/bench/*.json")):
    rows += json.load(open(f))
for f in ("build/bench/host.jsonl", "build/bench/vm.jsonl"):
    for line in open(f):
        if line.strip():
            rows.append(json.loads(line))
json.dump(rows, open("build/bench.json", "w"), indent=1)
print("%-32s %12s %-8s %-14s %12s %8s" % ("name", "value", "unit", "baseline", "baseline", "ratio"))
for r in rows:
    print("%-32s %12s %-8s %-14s %12s %8s" % (r["name"], r["value"], r["unit"],
          r["baseline"], r["baseline_value"], r["ratio"]))
print("# %d figures in build/bench.json" % len(rows))
PY
