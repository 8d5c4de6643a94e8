#!/bin/sh
# Run the libFuzzer targets (mk/fuzz.mk builds them).
#   sh fuzz/run.sh regress BUILD TARGET...       every seed and reproducer once
#   sh fuzz/run.sh fuzz BUILD SECONDS TARGET...  fuzz each target for SECONDS
# Seeds are listed in fuzz/seeds/TARGET.txt (paths relative to the
# repository, ../shared/corpus beside it; a directory with an optional name
# pattern); crash reproducers live in fuzz/regress/TARGET/. Nothing is
# written outside BUILD.
set -u
cd "$(dirname "$0")/.." || exit 1
mode=$1 build=$2
shift 2
secs=60
if [ "$mode" = fuzz ]; then
	secs=$1
	shift
fi
OPTS="-rss_limit_mb=2048 -timeout=10"

# The seed files of target $1, one per line.
seed_files() {
	grep -v '^#' "fuzz/seeds/$1.txt" | while read -r path pattern; do
		[ -n "$path" ] || continue
		if [ -d "$path" ]; then
			find "$path" -type f -name "${pattern:-*}"
		elif [ -f "$path" ]; then
			echo "$path"
		else
			echo "fuzz/run.sh: $1: seed $path is missing" >&2
		fi
	done
	[ -d "fuzz/regress/$1" ] && find "fuzz/regress/$1" -type f ! -name '*.md'
}

# Copy the seeds of target $1 to directory $2 under names without blanks.
stage() {
	rm -rf "$2"
	mkdir -p "$2"
	seed_files "$1" | while read -r f; do
		cp "$f" "$2/$(echo "$f" | tr '/ ' '__')"
	done
}

fail=0
for t in "$@"; do
	bin=$build/fuzz_$t
	dict=
	[ -f "fuzz/dict/$t.dict" ] && dict="-dict=fuzz/dict/$t.dict"
	log=$build/fuzz-$t.log
	if [ "$mode" = regress ]; then
		stage "$t" "$build/seeds/$t"
		files=$(find "$build/seeds/$t" -type f | sort)
		n=$(echo "$files" | grep -c .)
		start=$(date +%s)
		# shellcheck disable=SC2086 # one argument per seed file
		if [ "$n" -eq 0 ] || ! "$bin" $OPTS $files > "$log" 2>&1; then
			echo "FAIL fuzz_$t ($n inputs): see $log"
			tail -n 40 "$log"
			fail=1
		else
			echo "ok   fuzz_$t ($n inputs, $(($(date +%s) - start)) s)"
		fi
	else
		corpus=$build/corpus/$t
		seeds=$build/seeds/$t
		stage "$t" "$seeds"
		mkdir -p "$corpus" "$build/artifacts/$t"
		echo "fuzzing fuzz_$t for $secs s (corpus $corpus, log $log)"
		# shellcheck disable=SC2086
		if ! "$bin" $OPTS $dict -max_total_time="$secs" -print_final_stats=1 \
		     -artifact_prefix="$build/artifacts/$t/" "$corpus" "$seeds" > "$log" 2>&1; then
			echo "FAIL fuzz_$t: see $log and $build/artifacts/$t/"
			tail -n 40 "$log"
			fail=1
		else
			grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1
		fi
	fi
done
exit $fail
