#!/bin/sh
# Audit the bundled demo organisation: three workstations of "Eksempel Kommune".
# Prints each text report and writes the JSON reports to build/demo/.
set -u
bin=${1:-build/vcaudit}
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/build/demo"
stage=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-demo.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM
mkdir -p "$out"

# Disk encryption of a host image cannot be seen from the files: the demo
# attests what the organisation's asset register says (FileVault on the Macs).
attest_mac_bo="--encrypted /"
attest_ws_carl="--encrypted /"
attest_laptop_anna=""

status=0
for host in laptop-anna mac-bo ws-carl; do
	sh "$top/scripts/stage-tree.sh" "$top/fixtures/demo/hosts/$host" "$stage/$host" || exit 1
	eval "attest=\${attest_$(echo "$host" | tr '-' '_')}"
	printf '\n===== %s =====\n\n' "$host"
	# shellcheck disable=SC2086
	"$bin" scan --root "$stage/$host" --org "$top/fixtures/demo/org.json" $attest
	rc=$?
	# shellcheck disable=SC2086
	"$bin" scan --root "$stage/$host" --org "$top/fixtures/demo/org.json" $attest \
		--format json -o "$out/$host.json" 2>/dev/null
	case $rc in
	0|2) ;;
	*) echo "demo: scan of $host failed with exit code $rc" >&2; status=1 ;;
	esac
done
printf '\nJSON reports: %s/{laptop-anna,mac-bo,ws-carl}.json\n' "$out"
printf 'Exit code 2 above means rules failed, as they should on this demo.\n'
exit $status
