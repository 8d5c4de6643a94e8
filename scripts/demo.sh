#!/bin/sh
# Audit the bundled demo organisation "Eksempel Kommune": three workstations,
# its Teams tenant (an exported configuration) and its Jitsi Meet server.
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
	# The document for the authority (Danish) and the evidence bundle.
	# shellcheck disable=SC2086
	"$bin" scan --root "$stage/$host" --org "$top/fixtures/demo/org.json" $attest \
		--format html --lang da -o "$out/$host.html" \
		--bundle "$out/$host-evidence.tar.gz" 2>/dev/null
	rc=$?
	# shellcheck disable=SC2086
	"$bin" scan --root "$stage/$host" --org "$top/fixtures/demo/org.json" $attest \
		--format pdf --lang da -o "$out/$host.pdf" 2>/dev/null
	case $? in 0|2) ;; *) echo "demo: PDF report of $host failed" >&2; status=1 ;; esac
	case $rc in
	0|2) "$bin" verify "$out/$host-evidence.tar.gz" >/dev/null ||
		{ echo "demo: bundle of $host does not verify" >&2; status=1; } ;;
	*) echo "demo: HTML report of $host failed" >&2; status=1 ;;
	esac
done
# The tenant and a self-hosted server of the same organisation.
printf '\n===== Microsoft Teams tenant (export) =====\n\n'
"$bin" scan --input "$top/fixtures/exports/teams" --org "$top/fixtures/demo/org.json"
rc=$?
"$bin" scan --input "$top/fixtures/exports/teams" --org "$top/fixtures/demo/org.json" \
	--format json -o "$out/teams-tenant.json" 2>/dev/null
case $rc in 0|2) ;; *) echo "demo: Teams audit failed with exit code $rc" >&2; status=1 ;; esac

sh "$top/scripts/stage-tree.sh" "$top/fixtures/hosts/jitsi-docker" "$stage/jitsi" || exit 1
printf '\n===== Jitsi Meet server (docker) =====\n\n'
"$bin" scan --root "$stage/jitsi" --product jitsi --org "$top/fixtures/demo/org.json"
rc=$?
"$bin" scan --root "$stage/jitsi" --product jitsi --org "$top/fixtures/demo/org.json" \
	--format json -o "$out/jitsi-server.json" 2>/dev/null
case $rc in 0|2) ;; *) echo "demo: Jitsi audit failed with exit code $rc" >&2; status=1 ;; esac

printf '\nJSON reports: %s/{laptop-anna,mac-bo,ws-carl,teams-tenant,jitsi-server}.json\n' "$out"
printf 'Reports for the authority (Danish): %s/{laptop-anna,mac-bo,ws-carl}.{html,pdf}\n' "$out"
printf 'Evidence bundles (verified): %s/*-evidence.tar.gz\n' "$out"
printf 'Exit code 2 above means rules failed, as they should on this demo.\n'
exit $status
