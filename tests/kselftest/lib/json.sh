# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# JSON helpers of the SR-IoT and IoTh kselftests (jq; in the VM that is
# gojq, quick to start under TCG, unlike a Python interpreter):
#   jv JSON FILTER   jq -r FILTER on JSON's first line (the rest may be
#                    a command's messages)
#   strip FILE       the first line of a run/ref JSON result without what
#                    only the network knows (hops; each write's node and
#                    dup), keys sorted (gojq has no -S): equal results
#                    print equal lines
jv() { printf '%s\n' "$1" | head -n 1 | jq -r "$2"; }
strip() {
	head -n 1 "$1" | jq -c 'del(.hops) |
		if has("writes") then .writes |= map(del(.node, .dup)) else . end |
		walk(if type == "object" then to_entries | sort_by(.key) | from_entries else . end)'
}
