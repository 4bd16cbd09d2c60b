#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# DKMS: the way a gateway operator builds seg6x.ko for their kernel. Builds
# the committed tree (git archive) with dkms.conf against the pinned kernel's
# headers, in private source and dkms trees (nothing under /usr/src or
# /var/lib/dkms is touched), and checks the module it produced. TAP.
set -u
cd "$(dirname "$0")/../.."
: "${SEG6X_CACHE:=/var/cache/seg6x}" "${KVER:=6.12.117+deb12-amd64}"
KDIR=$SEG6X_CACHE/linux-$KVER/root/usr/src/linux-headers-$KVER
n=0 fails=0
ok()  { n=$((n + 1)); echo "ok $n - $*"; }
nok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
kver=$(sed -n 's/^#define SEG6X_VERSION "\(.*\)"/\1/p' kmod/seg6x.h)
[ "$ver" = "$kver" ] && ok "dkms.conf version $ver is the module's" ||
	nok "dkms.conf version $ver differs from SEG6X_VERSION $kver"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/src/seg6x-$ver" "$T/dkms"
git archive HEAD | tar -x -C "$T/src/seg6x-$ver"
if dkms build "seg6x/$ver" --sourcetree "$T/src" --dkmstree "$T/dkms" \
	-k "$KVER" --kernelsourcedir "$KDIR" > "$T/log" 2>&1; then
	ok "dkms build seg6x/$ver for $KVER"
else
	nok "dkms build seg6x/$ver for $KVER"
	sed 's/^/#   /' "$T/log" | tail -20
fi
ko=$(find "$T/dkms" -name seg6x.ko | head -1)
if [ -n "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$KVER" ] &&
	readelf -S "$ko" | grep -q '\.BTF '; then
	ok "the module is for $KVER and carries BTF (kfuncs need it)"
else
	nok "the module is for $KVER and carries BTF (kfuncs need it)"
fi
echo "1..$n"
echo "$((n - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
