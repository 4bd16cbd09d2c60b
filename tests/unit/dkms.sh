#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# DKMS: the way a gateway operator builds seg6x.ko (and the pipe functions'
# seg6x_pipe_*.ko) for their kernel. Builds
# the committed tree (git archive) with dkms.conf against each pinned
# kernel's headers, in private source and dkms trees (nothing under /usr/src
# or /var/lib/dkms is touched), and checks the module it produced. TAP.
#   6.12: the host's dkms against the cached headers
#   7.2:  sid's dkms in the sid build root (its headers need gcc-16), when
#         scripts/kernel.sh --kernel 7.2 has prepared it
set -u
cd "$(dirname "$0")/../.."
: "${SEG6X_CACHE:=/var/cache/seg6x}"
n=0 fails=0
ok()  { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
kver=$(sed -n 's/^#define SEG6X_VERSION "\(.*\)"/\1/p' kmod/seg6x.h)
[ "$ver" = "$kver" ] && ok "dkms.conf version $ver is the module's" ||
	nok "dkms.conf version $ver differs from SEG6X_VERSION $kver"

# every module Kbuild makes has a row: seg6x and one per pipe/fn_*.c but
# identity (built into seg6x)
want="seg6x $(ls pipe/fn_*.c | sed -n 's|^pipe/fn_\(.*\)\.c$|seg6x_pipe_\1|p' | grep -vx seg6x_pipe_identity | sort | tr '\n' ' ')"
rows="$(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"/\1/p' dkms.conf | tr '\n' ' ')"
[ "$rows" = "$want" ] && ok "dkms.conf lists every module: $rows" ||
	nok "dkms.conf lists every module: want $want, has $rows"

# The trees live under build/ so the sid root sees them at the same path.
mkdir -p build
T=$(mktemp -d "$PWD/build/dkms-test.XXXXXX")
trap 'rm -rf "$T"' EXIT

# dkms_for K RUN...: build with dkms for kernel K, RUN being the command
# prefix that runs dkms where that kernel's compiler is
dkms_for()
{
	local k=$1 kv kdir ko
	shift
	kv=$(scripts/kernel.sh --kernel "$k" --kver)
	if [ "$k" = 6.12 ]; then
		kdir=$SEG6X_CACHE/linux-$kv/root/usr/src/linux-headers-$kv
	else
		kdir=/usr/src/linux-headers-$kv
	fi
	rm -rf "$T/src" "$T/dkms"
	mkdir -p "$T/src/seg6x-$ver" "$T/dkms"
	git archive HEAD | tar -x -C "$T/src/seg6x-$ver"
	if "$@" dkms build "seg6x/$ver" --sourcetree "$T/src" --dkmstree "$T/dkms" \
		-k "$kv" --kernelsourcedir "$kdir" > "$T/log" 2>&1; then
		ok "dkms build seg6x/$ver for $kv"
	else
		nok "dkms build seg6x/$ver for $kv"
		sed 's/^/#   /' "$T/log" | tail -20
	fi
	local m found=0
	for m in $rows; do
		find "$T/dkms" -name "$m.ko*" | grep -q . && found=$((found + 1))
	done
	[ $found = $(echo $rows | wc -w) ] && ok "dkms built all $found modules for $kv" ||
		nok "dkms built all modules for $kv (found $found of: $rows)"
	ko=$(find "$T/dkms" -name 'seg6x.ko*' | head -1)
	case $ko in *.xz) xz -d "$ko"; ko=${ko%.xz} ;; *.zst) zstd -q -d --rm "$ko"; ko=${ko%.zst} ;; esac
	if [ -n "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kv" ] &&
		readelf -S "$ko" | grep -q '\.BTF '; then
		ok "the module is for $kv and carries BTF (kfuncs need it)"
	else
		nok "the module is for $kv and carries BTF (kfuncs need it)"
	fi
}

dkms_for 6.12
if [ -f "$SEG6X_CACHE/linux-$(scripts/kernel.sh --kernel 7.2 --kver)/.done" ]; then
	dkms_for 7.2 scripts/kernel.sh --kernel 7.2 --run
else
	ok "dkms build for 7.2 # SKIP no sid build root (scripts/kernel.sh --kernel 7.2)"
fi
echo "1..$n"
echo "$((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
