#!/bin/sh
# How long `vcaudit merge` takes over many host reports and how much memory
# it needs, side by side with `jq -s length` over the same files (the
# obvious peer: a reader that loads every report), for 1,000 and 10,000
# hosts, so that one can see memory does not grow with the number of hosts.
#   bench/merge.sh [BIN] [COUNTS...]     (default: 1000 10000)
set -eu
bin=${1:-build/vcaudit}; [ $# -gt 0 ] && shift
counts=${*:-1000 10000}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-bench-merge.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export VCAUDIT_RULES="$top/rules" VCAUDIT_PROFILES="$top/profiles" VCAUDIT_PSEUDONYM_KEY=bench
# GNU time for the peak RSS (Debian package `time`, in scripts/deps.sh).
if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	apt-get install -y -q time >/dev/null
fi
mkdir "$work/templates"
for h in bbb-default bbb-hardened dropbox-zoom jitsi-docker jitsi-hardened linux-nextcloud \
	 mac-clean mac-onedrive; do
	"$bin" scan --root "$top/fixtures/hosts/$h" --format json -o "$work/templates/$h.json" \
		2>/dev/null || true   # exit 2: a rule failed, the report is written
done
# measure LABEL CMD...: one run, elapsed seconds and peak RSS.
measure() {
	label=$1; shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v "$@" >/dev/null 2>"$work/time" || true
		el=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
		rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
		usr=$(sed -n 's/.*User time (seconds): //p' "$work/time")
		sys=$(sed -n 's/.*System time (seconds): //p' "$work/time")
		# CPU time too: elapsed depends on whatever else the machine runs
		printf '  %-36s %9s elapsed %7.2f s CPU %8.1f MiB peak RSS\n' "$label" "$el" \
			"$(echo "$usr + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
	else
		start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
		printf '  %-44s %10s ms\n' "$label" "$(( (end - start) / 1000000 ))"
	fi
}
for n in $counts; do
	rm -rf "$work/r"
	python3 "$top/bench/gen-reports.py" "$work/templates" "$work/r" "$n"
	echo "$n host reports, $(du -sm "$work/r" | cut -f1) MiB:"
	measure "vcaudit merge DIR --format json" "$bin" merge "$work/r" --format json \
		-o "$work/fleet.json"
	echo "    fleet.json: $(jq '.hosts | length' "$work/fleet.json") hosts, $(du -k "$work/fleet.json" | cut -f1) KiB"
	measure "vcaudit merge DIR --format text" "$bin" merge "$work/r" -o /dev/null
	measure "jq -s length DIR/*.json" sh -c "jq -s length $work/r/*.json"
done
