# SPDX-License-Identifier: GPL-2.0-only
# suite.sh: unload and load the seg6x suite in tests that rmmod seg6x.
# The pipe functions are modules of their own (seg6x_pipe_*.ko) that need
# seg6x.ko: while one is loaded, rmmod seg6x is refused by the module
# dependency, so a test unloads them first (suite_fns_unload) and loads
# whatever is missing afterwards (suite_load). The modules are those the
# VM loaded (SEG6X_MODULES, tests/vm/guest.sh), else seg6x.ko and the
# seg6x_pipe_*.ko beside it.

if [ -z "${SEG6X_MODULES:-}" ]; then
	SEG6X_MODULES=${SEG6X_MODULE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/build/kmod/seg6x.ko}
	for _ko in "$(dirname "$SEG6X_MODULES")"/seg6x_pipe_*.ko; do
		[ -f "$_ko" ] && SEG6X_MODULES="$SEG6X_MODULES $_ko"
	done
fi

# suite_fns_unload: rmmod every loaded module of the suite but seg6x.ko,
# last loaded first; fails if one stays
suite_fns_unload()
{
	local ko name rev= rc=0

	for ko in ${SEG6X_MODULES#* }; do
		[ "$ko" = "${SEG6X_MODULES%% *}" ] || rev="$ko $rev"
	done
	for ko in $rev; do
		name=$(basename "$ko" .ko)
		[ -d "/sys/module/$name" ] || continue
		rmmod "$name" 2>/dev/null || rc=1
	done
	return $rc
}

# suite_load: insmod every module of the suite not loaded, in order
suite_load()
{
	local ko

	for ko in $SEG6X_MODULES; do
		[ -d "/sys/module/$(basename "$ko" .ko)" ] || insmod "$ko" || return 1
	done
}
