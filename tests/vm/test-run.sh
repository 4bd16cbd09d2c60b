#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Host test of tests/vm/run's own checks, no VM booted: a command naming a
# file in the host's /tmp is refused with the reason (the guest's /tmp is its
# own), and --help says so. Prints TAP; exit 0 iff all pass.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$HERE/run
. "$HERE/../kselftest/lib/tap.sh"
tmp=$(mktemp -d /tmp/seg6x-test-run.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo 'echo hi' > "$tmp/x.sh"
out=$("$RUN" -- bash "$tmp/x.sh" 2>&1)
rc=$?
[ $rc = 1 ] && [ "$out" = "tests/vm/run: $tmp/x.sh is in the host's /tmp, which the guest cannot see: the guest's /tmp and /run are its own, empty tmpfs. Put it in the repository (e.g. build/), which the guest sees at the same path." ]
okif $? "a script in the host's /tmp: refused before booting, with the reason (rc $rc)"
"$RUN" --help | grep -q "The guest's /tmp and /run are"
okif $? "--help says the guest's /tmp is its own"
"$RUN" --help > /dev/null
okif $? "--help exits 0"

out=$("$RUN" --vmdir /abs/dir -- true 2>&1)
rc=$?
[ $rc = 1 ] && [ "$out" = "tests/vm/run: --vmdir /abs/dir: a folder of the repository, relative" ]
okif $? "--vmdir outside the repository: refused before booting (rc $rc)"

echo "1..$n"
echo "$((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
