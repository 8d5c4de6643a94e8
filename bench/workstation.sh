#!/bin/sh
# How long a workstation audit takes, side by side with `find` walking the
# same tree for the same files (the obvious peer: the least any audit that
# looks at every file must do).
#   bench/workstation.sh [BIN] [HOMES] [FILES_PER_HOME]
set -eu
bin=${1:-build/vcaudit}; homes=${2:-4}; files=${3:-25000}
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-bench.XXXXXX")
trap 'rm -rf "$tree"' EXIT INT TERM
sh "$top/bench/gen-host.sh" "$tree/host" "$homes" "$files"
n=$(find "$tree/host" | wc -l)
echo "tree: $homes homes, $n entries"
export VCAUDIT_RULES="$top/rules" VCAUDIT_PROFILES="$top/profiles" VCAUDIT_PSEUDONYM_KEY=bench
scan="$bin scan --root $tree/host --format json -o /dev/null"
peer="find $tree/host \\( -name '*.mp4' -o -name '*.m4a' -o -name '*.zoom' -o -name '*.g2m' \\) -printf '%s:%T@\\n'"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine --warmup 2 --runs 10 "$scan" "$peer > /dev/null"
else
	for c in "$scan" "$peer"; do
		start=$(date +%s%N)
		i=0; while [ $i -lt 10 ]; do sh -c "$c" >/dev/null 2>&1 || true; i=$((i + 1)); done
		end=$(date +%s%N)
		echo "$(( (end - start) / 10000000 )) ms per run: $c"
	done
fi
echo "live machine (vcaudit scan, no arguments):"
start=$(date +%s%N); "$bin" scan >/dev/null 2>&1 || true; end=$(date +%s%N)
echo "  $(( (end - start) / 1000000 )) ms"
