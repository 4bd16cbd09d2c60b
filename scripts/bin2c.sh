#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bin2c.sh NAME FILE: print FILE as a C byte array NAME and its length NAME_len.
set -eu
echo "/* generated from $(basename "$2") by scripts/bin2c.sh; do not edit */"
echo "static const unsigned char $1[] = {"
od -An -v -tx1 "$2" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g; s/^/\t/'
echo "};"
echo "static const unsigned int $1_len = $(wc -c < "$2");"
