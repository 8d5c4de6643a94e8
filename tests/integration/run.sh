#!/bin/sh
# Integration tests: run the vcaudit binary on staged fixture host trees.
#   tests/integration/run.sh BUILD/vcaudit [CASE...]
# Prints one line per case and closes with "integration: N passed, N failed".
set -u
VC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export VC TOP
. "$TOP/tests/integration/lib.sh"

# VC_JOBS=N runs the cases in N shards at once (the machine has two cores,
# and many cases wait on a stand-in server or a timeout rather than compute).
if [ "${VC_JOBS:-1}" -gt 1 ] && [ -z "${VC_SHARD:-}" ]; then
	logs=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-jobs.XXXXXX")
	k=0; pids=""
	while [ "$k" -lt "$VC_JOBS" ]; do
		VC_SHARD=$k/$VC_JOBS sh "$0" "$VC" "$@" >"$logs/$k" 2>&1 &
		pids="$pids $!"; k=$((k + 1))
	done
	rc=0
	for p in $pids; do wait "$p" || rc=1; done
	cat "$logs"/*
	awk '/^integration:/ { p += $2; f += $4 } END { printf "integration (all shards): %d passed, %d failed\n", p, f }' "$logs"/*
	rm -rf "$logs"
	exit $rc
fi

for f in "$TOP"/tests/integration/t_*.sh; do . "$f"; done
cases=${*:-$(grep -ho '^t_[a-z0-9_]*()' "$TOP"/tests/integration/t_*.sh | tr -d '()')}
# VC_SKIP_FILE=FILE leaves out the cases it names (one per line, # comments).
if [ -n "${VC_SKIP_FILE:-}" ]; then
	skip=" $(sed 's/#.*//' "$VC_SKIP_FILE" | tr -s ' \t\n' '   ') "
	cases=$(for c in $cases; do case $skip in *" $c "*) ;; *) echo "$c" ;; esac; done)
fi
# VC_SHARD=K/N runs every N-th case starting at K (0-based), so slow runs
# (valgrind) can use both cores.
if [ -n "${VC_SHARD:-}" ]; then
	k=${VC_SHARD%/*}; n=${VC_SHARD#*/}
	cases=$(echo "$cases" | tr ' ' '\n' | awk -v k="$k" -v n="$n" 'NF && (NR - 1) % n == k')
fi

pass=0; failed=0
for c in $cases; do
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-it.XXXXXX")
	export WORK
	t0=$(date +%s)
	if ( set +e; "$c" ); then
		pass=$((pass + 1)); echo "  ok    $c ($(($(date +%s) - t0)) s)"
	else
		failed=$((failed + 1)); echo "  FAIL  $c ($(($(date +%s) - t0)) s)"
	fi
	chmod -R u+rwX "$WORK" 2>/dev/null; rm -rf "$WORK"
done
echo "integration: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
