#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The pipe functions' host tests: unit tests, build/bin/pipe-run against
# coreutils base64 and GNU sed on random data cut in random chunks, a
# bounded fuzz run. TAP of each, then one total line "N passed, N failed".
# Usage: check.sh BUILD_DIR FUZZ_RUNS
set -u
B=${1:-build} runs=${2:-200000}
RUN=$B/bin/pipe-run
pass=0 fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C

tap() {		# cond-status, description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		pass=$((pass + 1)); echo "ok $n - $2"
	else
		fail=$((fail + 1)); echo "not ok $n - $2"
	fi
}

same() {	# description, file a, file b
	cmp -s "$2" "$3"
	tap $? "$1"
	cmp "$2" "$3" 2>&1 | head -1 | sed 's/^/# /'
}

echo "# pipe_test"
"$B/pipe/pipe_test" > "$tmp/unit" 2>&1
rc=$?
sed 's/^/#   /' "$tmp/unit"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$tmp/unit")
[ $rc -eq 0 ] && [ -n "$line" ]
tap $? "pipe_test: ${line:-no result line}"

# random data: raw bytes, and text from a few symbols so sed matches often
head -c 300000 /dev/urandom > "$tmp/raw"
tr -dc 'ab\nRvZ3' < /dev/urandom | head -c 200000 > "$tmp/text"
for seed in 0 7 42; do
	chunk=$([ $seed = 0 ] && echo 65536 || echo 997)
	opt="-c $chunk"; [ $seed = 0 ] || opt="$opt -R $seed"
	base64 -w0 < "$tmp/raw" > "$tmp/want"
	$RUN $opt base64-encode < "$tmp/raw" > "$tmp/got"
	same "base64-encode = base64 -w0 (300 kB, chunks $opt)" "$tmp/want" "$tmp/got"
	base64 -w 76 < "$tmp/raw" > "$tmp/b64"
	$RUN $opt base64-decode < "$tmp/b64" > "$tmp/got"
	same "base64-decode of base64 -w76 output = the data (chunks $opt)" "$tmp/raw" "$tmp/got"
	sed 's/aba/Zb/g' < "$tmp/text" > "$tmp/want"
	$RUN $opt -p aba -e Zb sed < "$tmp/text" > "$tmp/got"
	same "sed = GNU sed s/aba/Zb/g (200 kB text, chunks $opt)" "$tmp/want" "$tmp/got"
	sed 's/RvZ3//g' < "$tmp/raw" > "$tmp/want"
	$RUN $opt -p RvZ3 -e '' sed < "$tmp/raw" > "$tmp/got"
	same "sed = GNU sed s/RvZ3//g on raw bytes (chunks $opt)" "$tmp/want" "$tmp/got"
done

printf 'I love dogs!\n' | $RUN -c 1 base64-encode > "$tmp/s1"
$RUN -c 3 -p RvZ3 -e NhdH sed=3 < "$tmp/s1" > "$tmp/s2"
$RUN -c 2 base64-decode < "$tmp/s2" > "$tmp/got"
printf 'I love cats!\n' > "$tmp/want"
same "dogs to cats through three pipe-run stages, 1..3-byte chunks" "$tmp/want" "$tmp/got"
printf 'I love dogs!\n' | $RUN -p RvZ3 -e NhdH b64e sed b64d > "$tmp/got"
same "dogs to cats as one chain (ids b64e, sed, b64d)" "$tmp/want" "$tmp/got"

printf 'YQ=' | $RUN base64-decode > /dev/null 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q 'invalid input' "$tmp/err"
tap $? "base64-decode of a partial quantum: exit 1, \"invalid input\""
$RUN 1234 < /dev/null 2> "$tmp/err"
rc=$?
[ $rc = 2 ] && grep -q 'unknown function "1234"' "$tmp/err"
tap $? "unknown function id: exit 2, named in the error"
$RUN xor=0x01020304 < "$tmp/raw" | $RUN -r xor=0x01020304 > "$tmp/got"
same "xor forward then reverse gives the data back" "$tmp/raw" "$tmp/got"

K1=$(printf '%064x' 1) K2=$(printf '%064x' 2)
$RUN -c 997 -R 3 zstd-compress < "$tmp/raw" | $RUN -c 500 -R 4 zstd-decompress > "$tmp/got"
same "zstd-compress | zstd-decompress gives the data back (random chunks)" "$tmp/raw" "$tmp/got"
$RUN -k $K1 -c 997 -R 5 aead-encrypt < "$tmp/raw" > "$tmp/sealed"
$RUN -k $K1 -c 333 -R 6 aead-decrypt < "$tmp/sealed" > "$tmp/got"
same "aead-encrypt | aead-decrypt with the same key gives the data back" "$tmp/raw" "$tmp/got"
$RUN -k $K2 aead-decrypt < "$tmp/sealed" > "$tmp/got" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q 'invalid input' "$tmp/err" && [ ! -s "$tmp/got" ]
tap $? "aead-decrypt with another key: exit 1, \"invalid input\", no byte out"

mkdir "$tmp/corpus"
printf '\x03\x08\x00\x00\x00\x00\x04\x04RvZ3SSBsb3ZlIGRvZ3MhCg==' > "$tmp/corpus/dogs"
"$B/pipe/pipe_fuzz" -runs="$runs" -seed=1 "$tmp/corpus" > "$tmp/fuzz" 2>&1
rc=$?
tail -n 2 "$tmp/fuzz" | sed 's/^/# /'
[ $rc -ne 0 ] && grep -m 20 -E 'ERROR|runtime error|SUMMARY' "$tmp/fuzz" | sed 's/^/# /'
tap $rc "pipe_fuzz: $runs runs, no crash, no sanitizer report"

echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
