#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs inside the test VM, in the chroot built by tests/vm/init (host root
# plus the writable repository): guest.sh REPO [VMDIR]. Reads its job from
# VMDIR/job (default build/vm; build/vm-7.2 for the 7.2 kernel), written by
# tests/vm/run, and writes the result to VMDIR/status (seeded with a failure
# value by the host, so a guest that dies never reports success).
#
# Modes: cmd (run one command), tests (kselftests + upstream SRv6 selftests
# as one TAP stream), shell (interactive).

set -u
REPO=$1
cd "$REPO" || exit 1
# shellcheck source=/dev/null
VMREL=${2:-build/vm}
. "$VMREL/job"

# build/bin is first in PATH, as a snapshot taken at boot: the host may
# rebuild it (make ip) while a long run is under way.
SEG6X_BIN=/run/seg6x/bin
mkdir -p $SEG6X_BIN
cp -L "$REPO/$B"/bin/* $SEG6X_BIN/ 2>/dev/null
# jq is gojq in the guest when it is installed (scripts/deps.sh): jq 1.6
# compiles its builtins at every start, about 0.5 s under TCG against gojq's
# 0.1 s, and the tests run it about a thousand times per boot
[ ! -x /usr/bin/gojq ] || ln -sf /usr/bin/gojq $SEG6X_BIN/jq
export PATH=$SEG6X_BIN:$REPO/$B/bin:/usr/sbin:/usr/bin:/sbin:/bin SEG6X_BIN
export HOME=/root LANG=C.UTF-8 TERM=${TERM_HOST:-dumb}
# the repository is the host's: no __pycache__ folders left in it
export PYTHONDONTWRITEBYTECODE=1
# the kernel tests expect, the suite's first module and all of them, in
# load order (tests reload them: tests/kselftest/lib/suite.sh)
export SEG6X_REPO=$REPO SEG6X_BUILD=$REPO/$B SEG6X_KVER=$KVER
export SEG6X_MODULE=$REPO/${VM_MODULES%% *}
SEG6X_MODULES=
for m in $VM_MODULES; do
	case $m in /*) ;; *) m=$REPO/$m ;; esac
	SEG6X_MODULES="$SEG6X_MODULES${SEG6X_MODULES:+ }$m"
done
export SEG6X_MODULES
VMDIR=$REPO/$VMREL
LOGS=$VMDIR/logs
STATUS=$VMDIR/status

# Stock modules the upstream SRv6 selftests expect to find loaded.
UPSTREAM_MODULES="veth dummy vrf bridge nf_tables nft_compat x_tables ip_tables
	ip6_tables iptable_raw ip6table_raw ipt_rpfilter ip6t_rpfilter nf_conntrack
	nf_defrag_ipv4 nf_defrag_ipv6"

# Upstream scripts that fail only because iproute2 6.1 lacks a feature they
# use without checking for it: "script|reason". See tests/vm/README.md.
UPSTREAM_SKIP=(
)

tap_n=0
tap_fail=0

# tap STATUS DESCRIPTION: one line of the merged TAP stream
tap()
{
	tap_n=$((tap_n + 1))
	echo "$1 $tap_n - $2"
	[ "$1" = ok ] || tap_fail=$((tap_fail + 1))
}

# comment_tail FILE: the end of a log, as TAP comments
comment_tail()
{
	tail -n "${2:-15}" "$1" | sed 's/^/#   /'
}

uptime_s()
{
	cut -d' ' -f1 /proc/uptime
}

# load_suite: insmod the suite (after the stock modules each one depends on)
load_suite()
{
	local m ko d deps err

	for m in $VM_MODULES; do
		case $m in /*) ko=$m ;; *) ko=$REPO/$m ;; esac
		deps=
		for d in $(modinfo -F depends "$ko" 2>/dev/null | tr , ' '); do
			# loaded already: seg6x itself for its function modules
			[ -d "/sys/module/$d" ] || deps="$deps $d"
		done
		[ -z "$deps" ] || modprobe -a $deps
		if ! err=$(insmod "$ko" 2>&1); then
			echo "insmod $m: ${err:-failed}"
			return 1
		fi
	done
}

# run_kselftest SCRIPT: run one tests/kselftest script, renumber its TAP lines
run_kselftest()
{
	local t=$1 name log rcf rc line st rest nfail=0 nlines=0 t0

	name=$(basename "$t" .sh)
	log=$LOGS/$name.log
	rcf=$LOGS/$name.rc
	echo 1 >"$rcf"
	t0=$SECONDS
	while IFS= read -r line; do
		[[ $line =~ ^(not\ ok|ok)\ +[0-9]+\ *-?\ *(.*)$ ]] || continue
		st=${BASH_REMATCH[1]} rest=${BASH_REMATCH[2]}
		nlines=$((nlines + 1))
		if [ "$st" = ok ]; then
			tap ok "$name: $rest"
		else
			nfail=$((nfail + 1))
			tap "not ok" "$name: $rest"
		fi
	done < <({ timeout -k 10 "$TEST_TIMEOUT" bash "$t"; echo $? >"$rcf"; } 2>&1 | tee "$log")
	rc=$(cat "$rcf")
	echo "# $name: exit $rc, $((SECONDS - t0))s"
	case $rc in
	0)	[ $nlines -gt 0 ] || tap ok "$name" ;;
	4)	tap ok "$name # SKIP $(skip_reason "$log")" ;;
	124|137)
		tap "not ok" "$name: timed out after ${TEST_TIMEOUT}s"
		comment_tail "$log" ;;
	*)	[ $nfail -gt 0 ] || tap "not ok" "$name: exit status $rc"
		comment_tail "$log" ;;
	esac
	ip -all netns delete 2>/dev/null
}

# skip_reason LOG: the script's own SKIP message, if it printed one
skip_reason()
{
	local r

	r=$(grep -m1 -E '^[#[:space:]]*SKIP' "$1" || grep -m1 -iE 'skip' "$1")
	r=$(echo "$r" | sed -E 's/^[#[:space:]]*//; s/^(SKIP|skip)[:[:space:]]*//')
	echo "${r:-exit status 4}"
}

# subtests LOG: the upstream script's own tally of its sub-tests
subtests()
{
	local okc failc

	okc=$(grep -c '\[ *OK *\]' "$1")
	failc=$(grep -c '\[ *FAIL *\]' "$1")
	echo "sub-tests: $okc ok, $failc failed"
}

# run_upstream CWD SCRIPT: one upstream selftest = one TAP line
run_upstream()
{
	local dir=$1 script=$2 name log rc t0 rule

	name=${script##*/}
	name=${name%.sh}
	log=$LOGS/upstream/$name.log
	for rule in "${UPSTREAM_SKIP[@]}"; do
		if [ "${rule%%|*}" = "$name" ]; then
			tap ok "upstream/$name # SKIP ${rule#*|}"
			return
		fi
	done
	t0=$SECONDS
	(cd "$dir" && timeout -k 10 "$TEST_TIMEOUT" bash "$script") >"$log" 2>&1
	rc=$?
	echo "# upstream/$name: exit $rc, $((SECONDS - t0))s, $(subtests "$log")"
	case $rc in
	0)	tap ok "upstream/$name" ;;
	4)	tap ok "upstream/$name # SKIP $(skip_reason "$log")" ;;
	124|137)
		tap "not ok" "upstream/$name: timed out after ${TEST_TIMEOUT}s"
		comment_tail "$log" ;;
	*)	tap "not ok" "upstream/$name: exit status $rc"
		comment_tail "$log" ;;
	esac
	ip -all netns delete 2>/dev/null
}

# picked SCRIPT: selected by the upstream/NAME arguments (all without any)
picked()
{
	[ -z "$UPSTREAM_ONLY" ] && return
	case " $UPSTREAM_ONLY " in *" ${1%.sh} "*) return 0 ;; esac
	return 1
}

run_upstream_all()
{
	local m s

	for m in $UPSTREAM_MODULES; do
		modprobe "$m" || echo "# modprobe $m failed"
	done
	mkdir -p "$LOGS/upstream"
	for s in "$SELFTESTS"/net/srv6_*.sh; do
		picked "${s##*/}" || continue
		run_upstream "$SELFTESTS/net" "$s"
	done
	# The BPF test loads its object from the current directory.
	picked test_lwt_seg6local.sh || return 0
	run_upstream "$REPO/$B/selftests/bpf" "$SELFTESTS/bpf/test_lwt_seg6local.sh"
}

mode_tests()
{
	local t t0

	echo "TAP version 13"
	echo "# kernel $(uname -r), $(nproc) cpus; $(ip -V)"
	if ! err=$(load_suite); then
		tap "not ok" "load suite: $err"
		echo "Bail out! suite modules did not load"
		return 1
	fi
	tap ok "load suite: ${VM_MODULES:-(no modules)}"
	t0=$SECONDS
	for t in "${TESTS[@]}"; do
		run_kselftest "$t"
	done
	echo "# phase kselftest: $((SECONDS - t0))s"
	if [ "$UPSTREAM" = 1 ]; then
		t0=$SECONDS
		run_upstream_all
		echo "# phase upstream: $((SECONDS - t0))s"
	fi
	[ $tap_fail = 0 ]
}

mode_cmd()
{
	if ! load_suite; then
		return 1
	fi
	"${CMD[@]}"
}

mode_shell()
{
	load_suite || echo "seg6x-vm: suite modules not loaded"
	[ -z "${TERM_SIZE:-}" ] || stty rows "${TERM_SIZE% *}" cols "${TERM_SIZE#* }"
	echo "seg6x-vm: shell in $REPO (exit or Ctrl-D powers off)"
	# --norc: the host's ~/.bashrc would put its own tools ahead in PATH
	PS1='seg6x-vm:\w# ' setsid -c bash --norc -i
}

# pin_timestamps: keep netstamp_needed_key enabled for the whole run. Every
# ping opens a socket with SO_TIMESTAMP, and the first and last of them
# switch the kernel's static key, which patches the code of netif_rx()
# with int3 while the other vCPU runs it. Under multi-threaded TCG that
# patching raced once: "Oops: int3" in netif_rx_internal (a make check of
# 2026-12-02, 6.12, from a neighbour timer on a veth). With one socket
# holding the key from boot, the code is patched once, before any test.
pin_timestamps()
{
	/usr/bin/python3 -c 'import socket, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 29, 1)	# SO_TIMESTAMP (x86_64)
while True:
	time.sleep(3600)' </dev/null >/dev/null 2>"$LOGS/pin.err" &
}

main()
{
	local rc

	mkdir -p "$LOGS"
	pin_timestamps
	echo "seg6x-vm: guest started, uptime $(uptime_s)s"
	case $MODE in
	cmd)	mode_cmd ;;
	tests)	mode_tests ;;
	shell)	mode_shell ;;
	esac
	rc=$?
	dmesg >"$VMDIR/dmesg.log"
	echo "$rc" >"$STATUS"
	echo "seg6x-vm: guest done (status $rc), uptime $(uptime_s)s"
}

main
