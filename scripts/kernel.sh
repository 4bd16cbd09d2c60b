#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Download and unpack a pinned Debian kernel (image, headers, kbuild, and for
# 6.12 the linux-source selftests) into the seg6x cache, once. No system
# install.
#
#   scripts/kernel.sh [--kernel K]            prepare; print nothing when there
#   scripts/kernel.sh [--kernel K] --dir      print the unpacked root
#   scripts/kernel.sh [--kernel K] --kver     print the kernel release
#   scripts/kernel.sh --kernel 7.2 --run CMD  run CMD in the 7.2 build root
#
# Kernels (K): 6.12 (default; Debian 12's LTS kernel, built on the host)
#              7.2  (sid's kernel; its headers need gcc-16 and tools linked
#                    against sid's libc, so modules for it are built in a
#                    minimal sid root made with debootstrap, see --run)
#
# Layout under $SEG6X_CACHE/linux-$KVER/:
#   debs/            the .deb files as downloaded
#   root/boot/vmlinuz-$KVER
#   root/lib/modules/$KVER/    decompressed .ko files, depmod'ed
#   root/usr/src/linux-headers-$KVER/     Kbuild tree (6.12: Makefile fixed up)
#   src/tools/testing/selftests/{net,bpf,kselftest}/   (6.12) from linux-source
#   build/           (7.2) the sid build root, headers installed in it
#   VERSION          the package versions actually unpacked
set -eu

: "${SEG6X_CACHE:=/var/cache/seg6x}"
SID_MIRROR=${SID_MIRROR:-http://deb.debian.org/debian}

kernel=6.12
if [ "${1:-}" = --kernel ]; then
	kernel=${2:?--kernel needs 6.12 or 7.2}
	shift 2
fi
case $kernel in
6.12)	KVER=6.12.117+deb12-amd64 PKGVER=6.12.117-1~deb12u1 ;;
7.2)	KVER=7.2.13+deb14-amd64 PKGVER=7.2.13-1 ;;
*)	echo "scripts/kernel.sh: unknown kernel '$kernel' (6.12 or 7.2)" >&2; exit 2 ;;
esac
KBASE=${KVER%-amd64}			# 6.12.117+deb12
KSERIES=${KVER%.*+*}			# 6.12
D=$SEG6X_CACHE/linux-$KVER

# in_root ROOT CMD...: CMD chrooted into ROOT with /proc (objtool reads it)
# and the current directory bind-mounted at the same path, in a private
# mount namespace, so nothing stays mounted when it ends
in_root()
{
	local root=$1; shift
	unshare -m --propagation private bash -c '
		root=$1 dir=$2; shift 2
		mount -t proc proc "$root/proc"
		mkdir -p "$root$dir"
		mount --bind "$dir" "$root$dir"
		cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null
		exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
			PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c "cd \"\$0\" && exec \"\$@\"" "$dir" "$@"
	' in_root "$root" "$PWD" "$@"
}

case ${1:-} in
--dir)	echo "$D/root"; exit 0 ;;
--kver)	echo "$KVER"; exit 0 ;;
--run)	shift
	[ -f "$D/.done" ] || "$0" --kernel "$kernel"
	[ -d "$D/build" ] || { echo "scripts/kernel.sh: $kernel has no build root" >&2; exit 2; }
	in_root "$D/build" "$@"
	exit ;;
"")	;;
*)	echo "scripts/kernel.sh: unknown argument '$1'" >&2; exit 2 ;;
esac
[ -f "$D/.done" ] && exit 0

# unpack_image DEBS_DIR ROOT: image into ROOT with modules under
# ROOT/lib/modules (sid's merged /usr puts them under usr/lib), decompressed
# so busybox/kmod insmod them directly, then indexed
unpack_image()
{
	local debs=$1 root=$2 d

	for d in "$debs"/linux-image-*.deb "$debs"/linux-binary-*.deb "$debs"/linux-modules-*.deb; do
		[ -f "$d" ] || continue
		dpkg-deb --fsys-tarfile "$d" | tar -x -C "$root"
	done
	if [ -d "$root/usr/lib/modules/$KVER" ] && [ ! -d "$root/lib/modules/$KVER" ]; then
		mkdir -p "$root/lib/modules"
		mv "$root/usr/lib/modules/$KVER" "$root/lib/modules/"
	fi
	# sid's linux-binary keeps the kernel beside its modules
	if [ -f "$root/lib/modules/$KVER/vmlinuz" ]; then
		mkdir -p "$root/boot"
		mv "$root/lib/modules/$KVER/vmlinuz" "$root/boot/vmlinuz-$KVER"
	fi
	find "$root/lib/modules/$KVER" -name '*.ko.xz' -exec xz -d {} +
	find "$root/lib/modules/$KVER" -name '*.ko.zst' -exec zstd -q -d --rm {} +
	# sid ships modules.builtin only as .bin: depmod's notes about it are noise
	depmod -b "$root" "$KVER" 2> >(grep -v 'could not open modules\.' >&2)
}

# prepare_6_12: the LTS kernel, built against on the host itself
prepare_6_12()
{
	cd "$D.tmp/debs"
	apt-get download -qq "linux-image-$KVER=$PKGVER" "linux-headers-$KVER=$PKGVER" \
		"linux-headers-$KBASE-common=$PKGVER" "linux-kbuild-$KBASE=$PKGVER" \
		"linux-source-$KSERIES=$PKGVER" 2>&1 | grep -v 'unsandboxed' || true
	unpack_image "$D.tmp/debs" "$D.tmp/root"
	for d in linux-headers-* linux-kbuild-*; do
		dpkg -x "$d" "$D.tmp/root"
	done
	# The headers' Makefile includes the -common tree by absolute path.
	sed -i "s#^include /usr/src/#include $D/root/usr/src/#" \
		"$D.tmp/root/usr/src/linux-headers-$KVER/Makefile"

	# Selftests (SRv6 and the lwt_seg6local BPF test) and the uapi headers
	# the BPF selftest program needs, from linux-source.
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
}

# prepare_7_2: sid's kernel. A minbase sid root from the same archive holds
# the headers, gcc-16, make and pahole; its apt downloads the image too.
prepare_7_2()
{
	local b=$D.tmp/build apt=(apt-get -o Acquire::Check-Valid-Until=false -o Acquire::Check-Date=false -qq)

	command -v debootstrap >/dev/null || { echo "scripts/kernel.sh: debootstrap missing (make deps)" >&2; exit 1; }
	echo "  SIDROOT debootstrap --variant=minbase sid (about 330 MB)"
	debootstrap --variant=minbase sid "$b" "$SID_MIRROR" > "$D.tmp/debootstrap.log" 2>&1 || {
		tail -20 "$D.tmp/debootstrap.log" >&2; exit 1; }
	(cd "$D.tmp" && in_root "$b" "${apt[@]}" update) >/dev/null
	echo "  SIDROOT linux-headers-$KVER=$PKGVER make dwarves dkms"
	(cd "$D.tmp" && in_root "$b" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y \
		--no-install-recommends "linux-headers-$KVER=$PKGVER" make dwarves dkms) \
		> "$D.tmp/apt.log" 2>&1 || { tail -20 "$D.tmp/apt.log" >&2; exit 1; }
	# sid splits the image: vmlinuz in linux-binary, modules in linux-modules
	(cd "$D.tmp/debs" && in_root "$b" "${apt[@]}" download "linux-image-$KVER=$PKGVER" \
		"linux-binary-$KVER=$PKGVER" "linux-modules-$KVER=$PKGVER") 2>&1 |
		grep -v unsandboxed || true
	in_root "$b" apt-get clean
	unpack_image "$D.tmp/debs" "$D.tmp/root"
	# the VM runner finds the headers beside the image, as for 6.12
	mkdir -p "$D.tmp/root/usr/src"
	ln -s "$D/build/usr/src/linux-headers-$KVER" "$D.tmp/root/usr/src/linux-headers-$KVER"
	in_root "$b" dpkg-query -W -f '${Package} ${Version}\n' |
		grep -E "^(linux-headers-|linux-kbuild-|gcc-[0-9]+-for-host |dwarves |dkms )" \
		> "$D.tmp/VERSION"
	echo "linux-image-$KVER $PKGVER" >> "$D.tmp/VERSION"
}

t0=$SECONDS
echo "  KERNEL  $KVER ($PKGVER) -> $D"
rm -rf "$D.tmp"; mkdir -p "$D.tmp/debs" "$D.tmp/root" "$D.tmp/src"
case $kernel in
6.12)	prepare_6_12 ;;
7.2)	prepare_7_2 ;;
esac
rm -rf "$D"; mv "$D.tmp" "$D"
# paths inside were made for $D.tmp: fix the Makefile include once more
[ "$kernel" != 6.12 ] || sed -i "s#$D.tmp/#$D/#" "$D/root/usr/src/linux-headers-$KVER/Makefile"
echo "  KERNEL  $KVER ready in $((SECONDS - t0)) s, $(du -sh "$D" | cut -f1)"
touch "$D/.done"
