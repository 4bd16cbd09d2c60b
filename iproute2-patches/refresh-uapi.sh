#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Regenerate the diff of 0001-uapi-add-seg6x.h.patch from
# kmod/uapi/linux/seg6x.h, keeping the patch's mail header and message.
# Run after every change of the uapi header (the build checks they match).
set -eu
cd "$(dirname "$0")"
p=$(ls 0001-uapi-*.patch)
h=../kmod/uapi/linux/seg6x.h
n=$(wc -l < "$h")
blob=$(git hash-object "$h" | cut -c1-7)
{
	sed '/^---$/q' "$p"
	printf ' include/uapi/linux/seg6x.h | %d %s\n' "$n" "$(printf '%*s' $((n > 40 ? 40 : n)) '' | tr ' ' '+')"
	printf ' 1 file changed, %d insertions(+)\n' "$n"
	printf ' create mode 100644 include/uapi/linux/seg6x.h\n\n'
	printf 'diff --git a/include/uapi/linux/seg6x.h b/include/uapi/linux/seg6x.h\n'
	printf 'new file mode 100644\nindex 0000000..%s\n' "$blob"
	printf -- '--- /dev/null\n+++ b/include/uapi/linux/seg6x.h\n@@ -0,0 +1,%d @@\n' "$n"
	sed 's/^/+/' "$h"
} > "$p.tmp"
mv "$p.tmp" "$p"
