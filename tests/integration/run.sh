#!/bin/sh
# Integration tests: run the vcaudit binary on staged fixture host trees.
#   tests/integration/run.sh BUILD/vcaudit [CASE...]
# Prints one line per case and closes with "integration: N passed, N failed".
set -u
VC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export VC TOP
. "$TOP/tests/integration/lib.sh"

for f in "$TOP"/tests/integration/t_*.sh; do . "$f"; done
cases=${*:-$(grep -ho '^t_[a-z0-9_]*()' "$TOP"/tests/integration/t_*.sh | tr -d '()')}
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
	if ( set +e; "$c" ); then
		pass=$((pass + 1)); echo "  ok    $c"
	else
		failed=$((failed + 1)); echo "  FAIL  $c"
	fi
	chmod -R u+rwX "$WORK" 2>/dev/null; rm -rf "$WORK"
done
echo "integration: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
