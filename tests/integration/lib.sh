# Helpers for the integration tests: sourced by run.sh and each case file.
# A case is a shell function named t_<name>; it returns non-zero to fail and
# says why on stderr with `fail "..."`.

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795600000}   # 2026-11-25, fixed for ages
export VCAUDIT_PSEUDONYM_KEY=${VCAUDIT_PSEUDONYM_KEY:-integration-test-key}
export NO_COLOR=1
# ASan builds: fontconfig's never-freed font cache is not our leak.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$TOP/tests/lsan.supp"
export VCAUDIT_RULES="$TOP/rules" VCAUDIT_PROFILES="$TOP/profiles"

fail() { echo "    $*" >&2; return 1; }

# stage NAME: copy fixtures/hosts/NAME into the work dir with its file ages;
# prints the staged path.
stage() {
	sh "$TOP/scripts/stage-tree.sh" "$TOP/fixtures/hosts/$1" "$WORK/$1" >&2 || return 1
	echo "$WORK/$1"
}

# VC_WRAP runs the binary under a tool (make memcheck: valgrind, whose
# errors exit 99 and so fail the case's exit-code check).
VC_WRAP=${VC_WRAP:-}

# run_vc ARGS...: run the binary, keep stdout/stderr in $WORK/out, $WORK/err,
# the exit code in $RC. A crash (signal) or a hang (timeout) fails the case.
run_vc() {
	# shellcheck disable=SC2086
	timeout ${VC_TIMEOUT:-60} $VC_WRAP "$VC" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
	if [ "$RC" -ge 124 ] && [ "$RC" -ne 64 ]; then
		echo "    vcaudit $* ended with $RC (crash or timeout)" >&2
		sed 's/^/      /' "$WORK/err" | head -20 >&2
		return 1
	fi
	return 0
}

expect_rc() {
	[ "$RC" -eq "$1" ] || { fail "exit code $RC, expected $1"; sed 's/^/      /' "$WORK/err" | head -10 >&2; return 1; }
}

# status_of RULE [SCOPE-GLOB]: statuses of the rule's findings in $WORK/out (JSON).
status_of() {
	jq -r --arg r "$1" '.findings[] | select(.rule == $r) | .status' "$WORK/out" | sort -u | tr '\n' ' ' | sed 's/ $//'
}

expect_status() {
	got=$(status_of "$1")
	[ "$got" = "$2" ] || fail "$1: status '$got', expected '$2'"
}

# Fails when PATTERN (fixed string) occurs in FILE.
expect_absent() {
	if grep -qF -- "$1" "$2"; then fail "'$1' appears in $(basename "$2")"; fi
}
expect_present() {
	grep -qF -- "$1" "$2" || fail "'$1' missing from $(basename "$2")"
}
