#!/bin/sh
# Enforce CODE_STYLE.md on auditor/ and tests/unit/. Prints file:line: problem.
set -u
cd "$(dirname "$0")/.." || exit 1
files=$(find auditor tests/unit -name '*.[ch]' | sort)
bad=0
report() { echo "$1"; bad=$((bad + 1)); }
for f in $files; do
	out=$(awk -v f="$f" '
		length($0) > 100 && $0 !~ /https?:\/\// { print f ":" NR ": line longer than 100 columns" }
		/[ \t]+$/ { print f ":" NR ": trailing white space" }
		/^ +[^ *]/ { print f ":" NR ": indent with tabs, not spaces" }
		/(^|[^_a-z])(sprintf|strcpy|strcat|gets|strtok|atoi|atol)[ ]*\(/ &&
		  $0 !~ /snprintf|vsnprintf|checksrc-ok/ {
			print f ":" NR ": banned function (see CODE_STYLE.md)" }
	' "$f")
	if [ -n "$out" ]; then
		echo "$out"
		bad=$((bad + $(echo "$out" | wc -l)))
	fi
done
if [ "$bad" -ne 0 ]; then
	echo "checksrc: $bad problem(s)"
	exit 1
fi
echo "checksrc: $(echo "$files" | wc -l) files clean"
