#!/bin/sh
# The demo organisation's HTML report, in Danish and English, opened in real
# headless Chromium (tests/tools/browser_check.py): no console errors, no
# request leaves the file, a screenshot and print-to-PDF succeed, and the
# reader sees the headings. Screenshots and printed PDFs are kept in
# BUILD/browser/ to look at.
#   tests/browser.sh BUILD/vcaudit
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/demo-lib.sh"
out=$(dirname "$bin")/browser
work=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1795600000 VCAUDIT_PSEUDONYM_KEY=browser-test-key
export VCAUDIT_RULES="$top/rules" VCAUDIT_PROFILES="$top/profiles"
mkdir -p "$out"
cd "$top" || exit 1
demo_stage "$work" 2>/dev/null || exit 1
org=$(demo_org_args "$work")

status=0
for lang in da en; do
	# shellcheck disable=SC2086
	"$bin" scan $org --format html --lang $lang -o "$out/report.$lang.html" 2>/dev/null
	case $? in 0|2) ;; *) echo "browser: the $lang HTML report failed" >&2; status=1; continue ;; esac
	if [ "$lang" = da ]; then
		set -- --expect "Sammenfatning" --expect "Dataflow" --expect "art. 33"
	else
		set -- --expect "Summary" --expect "Data-flow map" --expect "Art. 33"
	fi
	if /usr/bin/python3 "$top/tests/tools/browser_check.py" "$out/report.$lang.html" \
		"$out/$lang" "$@"; then
		echo "  ok    chromium: report.$lang.html (screenshot and print in $out/$lang)"
	else
		echo "  FAIL  chromium: report.$lang.html"; status=1
	fi
done
exit $status
