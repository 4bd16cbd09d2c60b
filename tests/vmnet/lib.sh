# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers of the multi-VM tests (tests/vmnet/*.sh), run by tests/vmnet/node.sh
# in every VM of tests/vm/multi. The environment says who this VM is:
#   VMNET_NODE (1..N), VMNET_NODES (N), VMNET_LINKS (tap or dgram),
#   VMNET_SYNC (a folder of the shared repository, empty at boot).
# Link k joins VM k (left, fc00:1:k::1) and VM k+1 (right, fc00:1:k::2);
# node.sh has named the NICs lk.
#
#   barrier NAME [SECONDS]   wait until every VM reached NAME (default 240 s);
#                            fails at once when a VM's script has failed
#   put KEY VALUE / get KEY  a value for the other VMs (get waits for it)
#   role K                   true on VM K
#   left / right             this VM's link names toward VM-1 / VM+1
#   vlinks                   every virtio link of this VM (l1, l2, ...)
# and the TAP helpers of tests/kselftest/lib/tap.sh.
NODE=${VMNET_NODE:?run by tests/vmnet/node.sh}
NODES=$VMNET_NODES
SYNC=$VMNET_SYNC
. "$(dirname "${BASH_SOURCE[0]}")/../kselftest/lib/tap.sh"

vlinks() { local d; for d in /sys/class/net/l[0-9]; do [ -e "$d" ] && echo "${d##*/}"; done; }
role() { [ "$NODE" = "$1" ]; }
left() { echo "l$((NODE - 1))"; }
right() { echo "l$NODE"; }

barrier() {
	local name=$1 limit=${2:-240} k missing t
	: >"$SYNC/$name.$NODE"
	for ((t = 0; t < limit * 10; t++)); do
		if [ -n "${VMNET_TEST:-}" ] && [ -e "$SYNC/abort.$VMNET_TEST" ]; then
			echo "# barrier $name: $(cat "$SYNC/abort.$VMNET_TEST") failed, not waiting"
			return 1
		fi
		missing=
		for k in $(seq "$NODES"); do
			[ -e "$SYNC/$name.$k" ] || missing+=" vm$k"
		done
		[ -z "$missing" ] && return 0
		sleep 0.1
	done
	echo "# barrier $name: no word from$missing after ${limit}s"
	return 1
}

put() { printf '%s\n' "$2" >"$SYNC/kv.$1.tmp" && mv "$SYNC/kv.$1.tmp" "$SYNC/kv.$1"; }
get() {
	local t
	for ((t = 0; t < ${2:-240} * 10; t++)); do
		[ -e "$SYNC/kv.$1" ] && { cat "$SYNC/kv.$1"; return 0; }
		sleep 0.1
	done
	return 1
}
