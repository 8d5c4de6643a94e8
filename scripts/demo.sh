#!/bin/sh
# Audit the bundled demo organisation "Eksempel Kommune" (scripts/demo-lib.sh)
# and write, under out/ (or $VC_DEMO_OUT):
#   report.html, report.pdf   the Danish report for the authority: the main
#                             workstation and the Teams tenant
#   report.json               the same audit as JSON
#   evidence.tar.gz           its evidence bundle, verified
#   hosts/NAME.{json,html}    one report per workstation, jitsi-server.{json,html}
# and prints the organisation's report as text.
set -u
bin=${1:-build/vcaudit}
case $bin in /*) ;; *) bin="$(pwd)/$bin" ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/demo-lib.sh"
out=${VC_DEMO_OUT:-$top/out}
stage=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-demo.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM
mkdir -p "$out/hosts" || exit 1
cd "$top" || exit 1
demo_stage "$stage" || exit 1
org=$(demo_org_args "$stage")

status=0
# check NAME RC: 0 (all passed) and 2 (rules failed) are audits that worked.
check() {
	case $2 in 0|2) ;; *) echo "demo: $1 failed with exit code $2" >&2; status=1 ;; esac
}

# shellcheck disable=SC2086
"$bin" scan $org --lang en; check "the organisation's audit" $?
# shellcheck disable=SC2086
"$bin" scan $org --format json -o "$out/report.json" 2>/dev/null; check "report.json" $?
# shellcheck disable=SC2086
"$bin" scan $org --format html --lang da -o "$out/report.html" \
	--bundle "$out/evidence.tar.gz" 2>/dev/null; check "report.html" $?
# shellcheck disable=SC2086
"$bin" scan $org --format pdf --lang da -o "$out/report.pdf" 2>/dev/null; check "report.pdf" $?
"$bin" verify "$out/evidence.tar.gz" >/dev/null ||
	{ echo "demo: evidence.tar.gz does not verify" >&2; status=1; }

for host in $DEMO_HOSTS; do
	# shellcheck disable=SC2046
	"$bin" scan --root "$stage/$host" --org "$DEMO_ORG" $(demo_attest "$host") \
		--format json -o "$out/hosts/$host.json" 2>/dev/null; check "$host" $?
	# shellcheck disable=SC2046
	"$bin" scan --root "$stage/$host" --org "$DEMO_ORG" $(demo_attest "$host") \
		--format html --lang da -o "$out/hosts/$host.html" 2>/dev/null; check "$host" $?
done
"$bin" scan --root "$stage/jitsi" --product jitsi --org "$DEMO_ORG" \
	--format json -o "$out/hosts/jitsi-server.json" 2>/dev/null; check "jitsi-server" $?
"$bin" scan --root "$stage/jitsi" --product jitsi --org "$DEMO_ORG" \
	--format html --lang da -o "$out/hosts/jitsi-server.html" 2>/dev/null; check "jitsi-server" $?

printf '\nThe report for the authority (Danish): %s/report.html and %s/report.pdf\n' "$out" "$out"
printf 'Evidence bundle (verified): %s/evidence.tar.gz\n' "$out"
printf 'One report per workstation and the Jitsi server: %s/hosts/\n' "$out"
printf 'Exit code 2 above means rules failed, as they should on this demo.\n'
exit $status
