#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Regenerate the diffs of the uapi patches from kmod/uapi/linux/, keeping
# each patch's mail header and message:
#   0001-uapi-add-seg6x.h.patch       <- kmod/uapi/linux/seg6x.h
#   0030-uapi-add-seg6x_ilnp.h.patch  <- kmod/uapi/linux/seg6x_ilnp.h
# Run after every change of a uapi header (the build checks they match).
set -eu
cd "$(dirname "$0")"

# refresh PATCH HEADER: PATCH adds include/uapi/linux/HEADER
refresh() {
	p=$1
	f=include/uapi/linux/$2
	h=../kmod/uapi/linux/$2
	n=$(wc -l < "$h")
	blob=$(git hash-object "$h" | cut -c1-7)
	{
		sed '/^---$/q' "$p"
		printf ' %s | %d %s\n' "$f" "$n" "$(printf '%*s' $((n > 40 ? 40 : n)) '' | tr ' ' '+')"
		printf ' 1 file changed, %d insertions(+)\n' "$n"
		printf ' create mode 100644 %s\n\n' "$f"
		printf 'diff --git a/%s b/%s\n' "$f" "$f"
		printf 'new file mode 100644\nindex 0000000..%s\n' "$blob"
		printf -- '--- /dev/null\n+++ b/%s\n@@ -0,0 +1,%d @@\n' "$f" "$n"
		sed 's/^/+/' "$h"
	} > "$p.tmp"
	mv "$p.tmp" "$p"
}

refresh "$(ls 0001-uapi-*.patch)" seg6x.h
refresh "$(ls 0030-uapi-*.patch)" seg6x_ilnp.h
