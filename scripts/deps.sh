#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Install what seg6x needs from Debian's archive, idempotently.
#   scripts/deps.sh            everything (build, VM tests, references)
#   scripts/deps.sh build      only what building and installing needs
# A second run with everything present does nothing and needs no network.
set -eu

PKGS=(
	# build: modules (Kbuild + module BTF), BPF glue, patched iproute2
	make gcc clang llvm dwarves libelf-dev libbpf-dev libmnl-dev libcap-dev
	# pipe: zstd and AEAD in the host tests, fuzzer and pipe-run (the module uses the kernel's)
	libzstd-dev libsodium-dev
	bison flex pkg-config dpkg-dev quilt xz-utils cpio kmod
)
[ "${1:-all}" = build ] || PKGS+=(
	# the VM and what runs inside it (host root is shared over 9p; gojq is
	# the guest's jq: tests/vm/guest.sh)
	qemu-system-x86 busybox-static iputils-ping netcat-openbsd iptables
	ethtool tcpdump tshark iperf3 procps python3 python3-scapy jq gojq bc iproute2
	# AVR toolchain and reference machine
	gcc-avr avr-libc binutils-avr simavr libsimavr-dev
	# Internet of Threads: the userspace node plugs into VDE networks
	vde2 libvdeplug-dev vdens libvdeplug-slirp
	# signed multicast updates: Ed25519/BLAKE2b, RaptorQ; uftp and smcroute
	# as the reference sender and the multicast router in tests and bench
	libsodium-dev liblcrq-dev uftp smcroute
	# OTIP: the host tests check its hashes against libsodium and libcrypto
	libssl-dev
	# fuzzing and instruction counts
	libclang-rt-14-dev valgrind
	# the gateway path: DKMS builds the module from dkms.conf
	dkms
	# the newest Debian kernel: a sid build root (scripts/kernel.sh --kernel
	# 7.2; sid's modules may be zstd-compressed); the pyroute2 example client
	debootstrap zstd python3-pyroute2
	# make demo draws the ILNPv6 experiment's plots
	gnuplot-nox
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done

# deb-src: mirror the system's own Debian entries (same URIs, same keyring)
src=/etc/apt/sources.list.d/seg6x-deb-src.sources
if [ ! -f "$src" ]; then
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src"
	elif [ -f /etc/apt/sources.list ]; then
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "${src%.sources}.list"
		touch "$src"
	fi
	need_update=1
fi

if [ ${#missing[@]} -gt 0 ] || [ -n "${need_update:-}" ]; then
	echo "  DEPS    apt-get install ${missing[*]:-(deb-src only)}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	[ ${#missing[@]} -eq 0 ] ||
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
