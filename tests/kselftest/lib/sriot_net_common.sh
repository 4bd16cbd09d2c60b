# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The start of the five-node SR-IoT network tests (tests/kselftest/
# sriot_net.sh, sriot_corpus.sh, sriot_dup.sh): helpers (lib/sriot_lib.sh),
# the skip checks, a scratch folder and cleanup, the TAP version line and
# the five-node topology (lib/sriot_topo.sh). The caller sets HERE and
# set -u, then sources this.
. "$HERE/lib/sriot_lib.sh"
tmp=$(mktemp -d)
mon_pids=
cleanup() {
	local p
	for p in $mon_pids; do kill "$p" 2>/dev/null; done
	sriot_topo_down
	rm -rf "$tmp"
}
trap cleanup EXIT
sriot_checks tools

echo "TAP version 13"
sriot_topo_up || { nok "topology"; tap_end; exit 1; }
NODES=$SID1,$SID2,$SID3,$SID4,$SID5
