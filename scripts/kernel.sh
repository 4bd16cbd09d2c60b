#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Download and unpack the pinned Debian kernel (image, headers, kbuild,
# linux-source selftests) into the seg6x cache, once. No system install.
#
#   scripts/kernel.sh           prepare, print nothing when already there
#   scripts/kernel.sh --dir     print the unpacked root (for Makefiles)
#
# Layout under $SEG6X_CACHE/linux-$KVER/:
#   debs/            the .deb files as downloaded
#   root/boot/vmlinuz-$KVER
#   root/lib/modules/$KVER/    decompressed .ko files, depmod'ed
#   root/usr/src/linux-headers-$KVER/     Kbuild tree (Makefile fixed up)
#   src/tools/testing/selftests/{net,bpf,kselftest}/   from linux-source
#   VERSION          the package version actually unpacked
set -eu

: "${SEG6X_CACHE:=/var/cache/seg6x}"
KVER=${KVER:-6.12.117+deb12-amd64}
PKGVER=${PKGVER:-6.12.117-1~deb12u1}
KBASE=${KVER%-amd64}			# 6.12.117+deb12
KSERIES=${KVER%.*+*}			# 6.12
D=$SEG6X_CACHE/linux-$KVER

if [ "${1:-}" = --dir ]; then echo "$D/root"; exit 0; fi
[ -f "$D/.done" ] && exit 0

echo "  KERNEL  $KVER ($PKGVER) -> $D"
rm -rf "$D.tmp"; mkdir -p "$D.tmp/debs" "$D.tmp/root" "$D.tmp/src"
cd "$D.tmp/debs"
apt-get download -qq "linux-image-$KVER=$PKGVER" "linux-headers-$KVER=$PKGVER" \
	"linux-headers-$KBASE-common=$PKGVER" "linux-kbuild-$KBASE=$PKGVER" \
	"linux-source-$KSERIES=$PKGVER" 2>&1 | grep -v 'unsandboxed' || true
for d in linux-image-* linux-headers-* linux-kbuild-*; do
	dpkg -x "$d" "$D.tmp/root"
done
# The headers' Makefile includes the -common tree by absolute path.
sed -i "s#^include /usr/src/#include $D/root/usr/src/#" \
	"$D.tmp/root/usr/src/linux-headers-$KVER/Makefile"

# Modules: decompress so busybox/kmod insmod them directly, then index.
find "$D.tmp/root/lib/modules/$KVER" -name '*.ko.xz' -exec xz -d {} +
depmod -b "$D.tmp/root" "$KVER"

# Selftests (SRv6 and the lwt_seg6local BPF test) and the uapi headers the
# BPF selftest program needs, from linux-source.
dpkg -x linux-source-*.deb "$D.tmp/srcdeb"
tar -xJf "$D.tmp/srcdeb"/usr/src/linux-source-*.tar.xz -C "$D.tmp/src" --strip-components=1 \
	--wildcards '*/tools/testing/selftests/net/*' '*/tools/testing/selftests/kselftest/*' \
	'*/tools/testing/selftests/kselftest.h' \
	'*/tools/testing/selftests/bpf/test_lwt_seg6local.sh' \
	'*/tools/testing/selftests/bpf/progs/test_lwt_seg6local.c' \
	'*/tools/testing/selftests/bpf/progs/bpf_compiler.h' \
	'*/tools/include/uapi/linux/bpf.h' '*/include/uapi/linux/seg6*.h' \
	'*/net/ipv6/seg6_local.c'
rm -rf "$D.tmp/srcdeb"
echo "$PKGVER" > "$D.tmp/VERSION"
rm -rf "$D"; mv "$D.tmp" "$D"
# paths inside were made for $D.tmp: fix the Makefile include once more
sed -i "s#$D.tmp/#$D/#" "$D/root/usr/src/linux-headers-$KVER/Makefile"
touch "$D/.done"
