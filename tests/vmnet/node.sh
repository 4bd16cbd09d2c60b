#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs in every VM of tests/vm/multi: node.sh NODE NODES LINKS TEST...
# Names the virtio NICs after their links (MAC 52:54:00:5e:KK:VV -> lK),
# sets up the topology (tests/vmnet/topo.sh), then runs each test script
# (tests/vmnet/*.sh) with this VM's role, all VMs
# entering and leaving each script together; one TAP stream per VM.
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
export VMNET_NODE=$1 VMNET_NODES=$2 VMNET_LINKS=$3
shift 3
export VMNET_SYNC=$REPO/build/vmnet/sync
. "$REPO/tests/vmnet/lib.sh"

echo "TAP version 13"
echo "# vmnet: vm$NODE of $NODES, kernel $(uname -r), links $VMNET_LINKS"
# NICs by MAC: the kernel names them eth0.. in PCI order (no udev in the
# guest: the driver is loaded here)
modprobe virtio_net || nok "modprobe virtio_net"
udevadm settle 2>/dev/null
for _ in $(seq 50); do
	[ -e /sys/class/net/eth0 ] && break
	sleep 0.1
done
for d in /sys/class/net/*; do
	m=$(cat "$d/address")
	case $m in 52:54:00:5e:*) ;; *) continue ;; esac
	k=$((16#$(echo "$m" | cut -d: -f5)))
	ip link set dev "${d##*/}" name "l$k" && ip link set dev "l$k" up ||
		nok "NIC $m named l$k"
done
for l in $( { [ "$NODE" -gt 1 ] && left; [ "$NODE" -lt "$NODES" ] && right; } ); do
	if [ -e "/sys/class/net/$l" ]; then
		ok "NIC $l: $(ethtool -i "$l" | sed -n 's/^driver: //p'), offloads: $(ethtool -k "$l" |
			grep -E '^(tx-checksumming|tcp-segmentation-offload|generic-receive-offload):' |
			sed 's/: /=/; s/-offload//; s/tx-checksumming/tx-csum/; s/tcp-segmentation/tso/; s/generic-receive/gro/' |
			tr '\n' ' ')"
	else
		nok "NIC $l present"
	fi
done
rc=0
for t in tests/vmnet/topo.sh "$@"; do
	name=$(basename "$t" .sh)
	barrier "start-$name" || { nok "$name: every VM started it"; rc=1; continue; }
	start=$SECONDS
	VMNET_TEST=$name timeout -k 10 "${TEST_TIMEOUT:-300}" bash "$REPO/$t" \
		>"$REPO/build/vmnet/vm$NODE.$name.log" 2>&1
	trc=$?
	# the other VMs' barriers in this script stop waiting
	case $trc in 0|4) ;; *) echo "vm$NODE" >"$VMNET_SYNC/abort.$name" ;; esac
	while IFS= read -r line; do
		if [[ $line =~ ^(not\ ok|ok)\ +[0-9]+\ *-?\ *(.*)$ ]]; then
			if [ "${BASH_REMATCH[1]}" = ok ]; then ok "$name: ${BASH_REMATCH[2]}"
			else nok "$name: ${BASH_REMATCH[2]}"; fi
		elif [[ $line == "#"* ]]; then
			echo "$line"
		fi
	done <"$REPO/build/vmnet/vm$NODE.$name.log"
	echo "# $name: exit $trc, $((SECONDS - start))s"
	[ "$trc" = 0 ] || { [ "$trc" = 4 ] && ok "$name # SKIP"; } || { nok "$name: exit status $trc"; rc=1; }
	barrier "end-$name" || { nok "$name: every VM finished it"; rc=1; }
done
tap_end && [ $rc = 0 ]
