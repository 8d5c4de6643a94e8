# Zoom tenant settings (--input): the export with users, single API replies,
# lock settings, Windows .reg policy exports, broken files. Findings carry
# scope account / user:<pseudonym> and file:line evidence; no e-mail
# address, user id or secret reaches any output.

ZOOM_FX="$TOP/fixtures/exports/zoom"

# zoom_finding RULE SCOPE-PREFIX: the findings as compact JSON from $WORK/out.
zoom_finding() {
	jq -c --arg r "$1" --arg s "$2" \
		'.findings[] | select(.rule == $r and (.scope | startswith($s)))' "$WORK/out"
}

zoom_expect() {
	got=$(zoom_finding "$1" "$2" | jq -r '.status' | sort -u | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$3" ] || fail "$1 at $2: status '$got', expected '$3'"
}

# zoom_evidence RULE SCOPE-PREFIX FILE NEEDLE [ANCHOR]: evidence at the line of
# the first NEEDLE (after the first ANCHOR) in FILE.
zoom_evidence() {
	line=$(awk -v a="${5:-}" -v n="$4" 'a == "" || index($0, a) { on = 1 }
		on && index($0, n) { print NR; exit }' "$3")
	zoom_finding "$1" "$2" | jq -e --arg src "$(basename "$3")" --argjson line "$line" \
		'[.evidence[] | select((.source | endswith($src)) and .line == $line)] | length > 0' \
		>/dev/null || fail "$1 at $2: no evidence at $(basename "$3"):$line"
}

# No identity or secret in stdout or stderr.
zoom_no_leaks() {
	for f in "$WORK/out" "$WORK/err"; do
		expect_absent "@example.dk" "$f" || return 1
		expect_absent "hansen" "$f" || return 1
		expect_absent "Zr7Hd2PqLs9aBc4EfG1iJk" "$f" || return 1
		expect_absent "enrol-secret" "$f" || return 1
		expect_absent "anna.jensen" "$f" || return 1
	done
}

t_zoom_tenant_export_account_and_users() {
	run_vc scan --input "$ZOOM_FX/export.json" --format json || return 1
	expect_rc 2 || return 1
	[ "$(jq -r '.target.kind' "$WORK/out")" = export ] || fail "target is not an export" || return 1
	# the account: unlocked local recording that a user switched on fails
	zoom_expect zoom.account.local-recording account fail || return 1
	zoom_evidence zoom.account.local-recording account "$ZOOM_FX/export.json" \
		'"local_recording"' '"account_settings"' || return 1
	zoom_expect zoom.account.recording-storage-region account fail || return 1
	zoom_expect zoom.account.meeting-passcode account pass || return 1
	zoom_expect zoom.account.end-to-end-encryption account pass || return 1
	zoom_expect zoom.account.waiting-room account fail || return 1
	# the one user who weakened settings has findings of their own ...
	zoom_expect zoom.account.local-recording user:email- fail || return 1
	zoom_evidence zoom.account.local-recording user:email- "$ZOOM_FX/export.json" \
		'"local_recording"' 'bo.hansen' || return 1
	zoom_expect zoom.account.waiting-room user:email- fail || return 1
	zoom_expect zoom.account.cloud-recording-retention user:email- fail || return 1
	# ... only one such user, and rules about what they kept are not applicable
	[ "$(jq -r '[.findings[].scope | select(startswith("user:"))] | unique | length' \
		"$WORK/out")" = 1 ] || fail "expected exactly one user scope" || return 1
	zoom_expect zoom.account.meeting-passcode user:email- notapplicable || return 1
	# counts for the account
	[ "$(jq -r '.facts[] | select(.key == "users.count") | .value' "$WORK/out")" = 3 ] ||
		fail "users.count is not 3" || return 1
	zoom_no_leaks
}

t_zoom_tenant_text_report_and_fail_on() {
	run_vc scan --input "$ZOOM_FX/export.json" --lang da || return 1
	expect_rc 2 || return 1
	expect_present "Optagelser i skyen opbevares inden for EØS" "$WORK/out" || return 1
	expect_present "export.json:" "$WORK/out" || return 1
	zoom_no_leaks || return 1
	# no rule of the export is critical
	run_vc scan --input "$ZOOM_FX/export.json" --fail-on critical || return 1
	expect_rc 0 || return 1
	# with --reveal-identities the person is named, on purpose
	run_vc scan --input "$ZOOM_FX/export.json" --format json --reveal-identities || return 1
	expect_present "user:bo.hansen@example.dk" "$WORK/out"
}

t_zoom_tenant_folder_of_replies() {
	mkdir -p "$WORK/api"
	for f in account-settings.json account-settings-meeting_security.json \
		account-settings-meeting_authentication.json \
		account-settings-recording_authentication.json lock_settings.json; do
		cp "$ZOOM_FX/$f" "$WORK/api/" || return 1
	done
	run_vc scan --input "$WORK/api" --format json || return 1
	expect_rc 2 || return 1
	[ "$(jq -r '[.products[] | select(.id == "zoom") | .sources[]] | length' "$WORK/out")" = 5 ] ||
		fail "expected 5 zoom sources" || return 1
	# locked and compliant: passes without any user data
	zoom_expect zoom.account.meeting-passcode account pass || return 1
	zoom_evidence zoom.account.meeting-passcode account \
		"$WORK/api/account-settings-meeting_security.json" '"meeting_password"' || return 1
	# compliant but not locked, and no users to tell: a person must check
	zoom_expect zoom.account.waiting-room account manual || return 1
	zoom_expect zoom.account.meeting-authentication account fail || return 1
	zoom_expect zoom.account.recording-public-links account manual || return 1
	expect_absent "not a recognised" "$WORK/err"
}

t_zoom_tenant_broken_export() {
	head -c 9000 "$ZOOM_FX/export.json" > "$WORK/cut.json"
	run_vc scan --input "$WORK/cut.json" --format json || return 1
	# a damaged export is a diagnostic, not exit 1
	expect_rc 2 || return 1
	jq -e '[.diagnostics[] | select(.message | contains("malformed Zoom export"))] | length == 1' \
		"$WORK/out" >/dev/null || fail "no diagnostic for the cut export" || return 1
	# what could have passed on the account alone is an error now
	zoom_expect zoom.account.meeting-passcode account error || return 1
	zoom_expect zoom.account.recording-storage-region account fail || return 1
	zoom_no_leaks
}

t_zoom_tenant_registry_policy() {
	run_vc scan --input "$ZOOM_FX/zoom-policy.reg" --format json || return 1
	[ "$RC" -eq 0 ] || [ "$RC" -eq 2 ] || fail "exit code $RC" || return 1
	[ "$(jq -r '.facts[] | select(.key == "recording.local.allowed" and .scope == "host") |
		"\(.value) \(.line)"' "$WORK/out")" = "false 6" ] ||
		fail "recording.local.allowed from the .reg" || return 1
	jq -e '[.diagnostics[] | select(.line == 11 and
		(.message | contains("DisableScreenRecordingWatermark: value name not known")))] |
		length == 1' "$WORK/out" >/dev/null || fail "no diagnostic for the unknown value" ||
		return 1
	expect_absent "Zdm-3f9a1c2b" "$WORK/out" || return 1
	expect_absent "anna.jensen" "$WORK/out"
}

# A workstation and a tenant audited in one run: a tenant user's findings
# must not borrow the workstation's Zoom client settings (mac-onedrive's
# machine-wide plist sets encryption.transport_required at scope host).
t_zoom_tenant_users_do_not_inherit_workstation() {
	root=$(stage mac-onedrive) || return 1
	run_vc scan --input "$ZOOM_FX/export.json" --format json || return 1
	alone=$(zoom_finding zoom.account.third-party-endpoint-encryption user:email- |
		jq -r .status | sort -u | tr '\n' ' ')
	run_vc scan --root "$root" --input "$ZOOM_FX/export.json" --format json || return 1
	mixed=$(zoom_finding zoom.account.third-party-endpoint-encryption user:email- |
		jq -r .status | sort -u | tr '\n' ' ')
	[ "$alone" = "$mixed" ] ||
		fail "tenant user findings changed with a workstation beside: '$alone' / '$mixed'"
}
