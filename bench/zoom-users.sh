#!/bin/sh
# Memory and time of a Zoom tenant export with many users: `vcaudit scan
# --input` next to `jq . >/dev/null` on the same file (jq holds the whole
# document; vcaudit reads "users" one element at a time, so its peak RSS
# must not grow with the number of users). Needs GNU time (/usr/bin/time -v);
# as root it installs the Debian package `time` when missing.
#   bench/zoom-users.sh [BIN] [USERS...]   (default: 10000 100000)
set -eu
bin=${1:-build/vcaudit}; [ $# -gt 0 ] && shift
counts=${*:-10000 100000}
top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" -eq 0 ]; then
		apt-get install -y time >/dev/null
	else
		echo "zoom-users: /usr/bin/time missing (apt-get install time)" >&2
		exit 1
	fi
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-zoom-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export VCAUDIT_RULES="$top/rules" VCAUDIT_PROFILES="$top/profiles" VCAUDIT_PSEUDONYM_KEY=bench

# measure LABEL CMD...: elapsed seconds and peak RSS (MiB) of one run.
measure() {
	label=$1; shift
	/usr/bin/time -v "$@" >/dev/null 2>"$dir/time" || true
	awk -v l="$label" -F': ' '
		/Elapsed \(wall clock\)/ { t = $2 }
		/Maximum resident set size/ { r = $2 }
		END { printf "| %s | %s | %.1f |\n", l, t, r / 1024 }' "$dir/time"
}

echo "| command | elapsed (m:ss) | peak RSS (MiB) |"
echo "|---|---|---|"
for n in $counts; do
	f="$dir/export-$n.json"
	sh "$top/bench/gen-zoom-users.sh" "$f" "$n"
	mb=$(( $(wc -c < "$f") / 1048576 ))
	measure "vcaudit scan --input ($n users, $mb MiB) --format json -o /dev/null" \
		"$bin" scan --input "$f" --format json -o /dev/null
	if command -v jq >/dev/null 2>&1; then
		measure "jq . ($n users, $mb MiB)" jq . "$f"
	fi
done
