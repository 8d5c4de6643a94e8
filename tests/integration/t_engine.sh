# The engine end to end: waivers, the organisation file, profiles given as
# files, product selection, languages.

# e_finding RULE: the JSON of RULE's (single) finding in $WORK/out, compact.
e_finding() {
	jq -c --arg r "$1" '[.findings[] | select(.rule == $r)] | if length == 1 then .[0] else
		error("\(length) findings for \($r)") end' "$WORK/out"
}

# e_scan_mdm ARGS...: scan mac-mdm-updates (auto-update off is its only
# failure) with the complete organisation and encrypted disks.
e_scan_mdm() {
	root=$(stage mac-mdm-updates) || return 1
	run_vc scan --root "$root" --format json --encrypted / \
		--org "$TOP/fixtures/org/complete.json" "$@"
}

t_engine_waiver_turns_only_failure_into_exit_0() {
	e_scan_mdm || return 1
	expect_rc 2 || return 1
	e_scan_mdm --waivers "$TOP/fixtures/waivers/valid.json" || return 1
	expect_rc 0 || return 1
	expect_status zoom.software.auto-update waived || return 1
	f=$(e_finding zoom.software.auto-update) || fail "finding" || return 1
	echo "$f" | jq -e '.real_status == "fail" and .waiver.expired == false
		and .waiver.approver == "IT security, J. Jensen" and .waiver.expires == "2027-03-31"
		and (.waiver.justification | contains("MDM"))' >/dev/null ||
		fail "waived finding lacks real_status/waiver: $f" || return 1
	jq -e '.summary.score_after_waivers > .summary.score_before_waivers
		and .summary.counts.waived == 1 and .summary.counts.fail == 0' "$WORK/out" >/dev/null ||
		fail "summary: $(jq -c .summary "$WORK/out")" || return 1
	jq -e '.diagnostics == []' "$WORK/out" >/dev/null || fail "diagnostics for a valid waiver"
}

t_engine_expired_waiver_fails_again() {
	# expires 2026-11-24; SOURCE_DATE_EPOCH is 2026-11-25
	e_scan_mdm --waivers "$TOP/fixtures/waivers/expired.json" || return 1
	expect_rc 2 || return 1
	expect_status zoom.software.auto-update fail || return 1
	f=$(e_finding zoom.software.auto-update) || fail "finding" || return 1
	echo "$f" | jq -e '.real_status == "fail" and .waiver.expired == true
		and .waiver.expires == "2026-11-24"' >/dev/null ||
		fail "expired waiver not shown as expired: $f" || return 1
	jq -e '.summary.score_after_waivers == .summary.score_before_waivers
		and .summary.counts.waived == 0' "$WORK/out" >/dev/null ||
		fail "an expired waiver still counts: $(jq -c .summary "$WORK/out")"
}

# A renewed waiver later in the file wins over the expired one before it.
t_engine_renewed_waiver_beats_expired() {
	jq '.waivers += [.waivers[0] | .expires = "2027-06-30" | .approver = "CISO"]' \
		"$TOP/fixtures/waivers/expired.json" > "$WORK/renewed.json" || return 1
	e_scan_mdm --waivers "$WORK/renewed.json" || return 1
	expect_rc 0 || return 1
	expect_status zoom.software.auto-update waived || return 1
	e_finding zoom.software.auto-update | jq -e '.waiver.approver == "CISO"
		and .waiver.expired == false' >/dev/null || fail "the renewed waiver was not used"
}

t_engine_waiver_valid_through_its_expiry_day() {
	jq '.waivers[0].expires = "2026-11-25"' "$TOP/fixtures/waivers/valid.json" \
		> "$WORK/today.json" || return 1
	e_scan_mdm --waivers "$WORK/today.json" || return 1
	expect_rc 0 || return 1
	expect_status zoom.software.auto-update waived
}

t_engine_malformed_waivers_file_is_a_diagnostic() {
	e_scan_mdm --waivers "$TOP/fixtures/waivers/malformed.json" || return 1
	# the audit goes on without waivers
	expect_rc 2 || return 1
	expect_status zoom.software.auto-update fail || return 1
	expect_status zoom.encryption.untrusted-certs pass || return 1
	jq -e '.diagnostics[] | select(.source | endswith("fixtures/waivers/malformed.json"))
		| .line == 8' "$WORK/out" >/dev/null ||
		fail "no diagnostic at malformed.json:8: $(jq -c .diagnostics "$WORK/out")" || return 1
	expect_present "fixtures/waivers/malformed.json:8:" "$WORK/err"
}

t_engine_incomplete_waiver_is_not_applied() {
	jq 'del(.waivers[0].approver)' "$TOP/fixtures/waivers/valid.json" > "$WORK/noapprover.json" ||
		return 1
	e_scan_mdm --waivers "$WORK/noapprover.json" || return 1
	expect_rc 2 || return 1
	expect_status zoom.software.auto-update fail || return 1
	expect_present "noapprover.json" "$WORK/err" || return 1
	jq -e 'any(.diagnostics[]; .message | contains("approver"))' "$WORK/out" >/dev/null ||
		fail "no diagnostic about the missing approver"
}

t_engine_org_complete_readiness_passes() {
	root=$(stage empty) || return 1
	run_vc scan --root "$root" --format json --org "$TOP/fixtures/org/complete.json" || return 1
	expect_rc 0 || return 1
	expect_status common.breach-readiness.controller pass || return 1
	expect_status common.breach-readiness.contact-point pass || return 1
	expect_status common.breach-readiness.breach-procedure pass || return 1
	# the org file is a source with its hash
	jq -e 'any(.products[].sources[]; .kind == "org" and (.sha256 | length == 64))' \
		"$WORK/out" >/dev/null || fail "the org file is not listed as a source"
}

t_engine_org_without_contact_fails() {
	root=$(stage empty) || return 1
	run_vc scan --root "$root" --format json --org "$TOP/fixtures/org/no-contact.json" || return 1
	expect_rc 2 || return 1
	expect_status common.breach-readiness.contact-point fail || return 1
	expect_status common.breach-readiness.controller pass
}

t_engine_malformed_org_is_error_with_line() {
	root=$(stage empty) || return 1
	run_vc scan --root "$root" --format json --org "$TOP/fixtures/org/malformed.json" || return 1
	# not exit 1: the audit went on
	expect_rc 0 || return 1
	expect_status common.breach-readiness.controller error || return 1
	expect_status common.breach-readiness.contact-point error || return 1
	expect_status common.breach-readiness.breach-procedure error || return 1
	# line 8 is where the missing comma bites
	jq -e '.diagnostics[] | select(.source | endswith("fixtures/org/malformed.json"))
		| .line == 8' "$WORK/out" >/dev/null ||
		fail "no diagnostic at malformed.json:8: $(jq -c .diagnostics "$WORK/out")" || return 1
	expect_present "fixtures/org/malformed.json:8:" "$WORK/err" || return 1
	# host scanners still ran
	jq -e 'any(.facts[]; .key == "host.homes" and .value == 1)' "$WORK/out" >/dev/null ||
		fail "host facts missing after a malformed org file"
}

# Zoom locked down (no local recording, auto-update, untrusted certificates
# blocked), no recordings, complete organisation, encrypted disk.
t_engine_all_pass_host_exits_0() {
	root=$(stage mac-clean) || return 1
	run_vc scan --root "$root" --format json --encrypted / \
		--org "$TOP/fixtures/org/complete.json" || return 1
	expect_rc 0 || return 1
	bad=$(jq -r '.findings[] | select(.status != "pass" and .status != "notapplicable")
		| "\(.rule)=\(.status)"' "$WORK/out")
	[ -z "$bad" ] || fail "not pass/notapplicable: $bad" || return 1
	n=$(jq -r '[.findings[].rule] | unique | length' "$WORK/out")
	m=$(ls "$TOP"/rules/*/*.json | grep -vc '\.test\.json$')
	[ "$n" -eq "$m" ] || fail "$n rules in the report, $m in rules/" || return 1
	jq -e '.summary.score_before_waivers == 100 and .diagnostics == []' "$WORK/out" >/dev/null ||
		fail "summary/diagnostics: $(jq -c '.summary, .diagnostics' "$WORK/out")"
}

# --product goto: only GoTo's scanners besides the host ones, which still run
# (sync folders, organisation file).
t_engine_product_goto_keeps_host_scanners() {
	root=$(stage linux-syncthing-goto) || return 1
	run_vc scan --root "$root" --format json --product goto \
		--org "$TOP/fixtures/org/complete.json" || return 1
	expect_rc 2 || return 1
	# needs the cloud_sync host scanner: the .g2m is in a Syncthing folder
	jq -e '.findings[] | select(.rule == "common.artifacts.recordings-cloud-sync"
		and .product == "goto") | .status == "fail"' "$WORK/out" >/dev/null ||
		fail "GoTo recording in Syncthing not failed" || return 1
	jq -e 'any(.facts[]; .key == "sync.providers" and .value == ["syncthing"])' "$WORK/out" \
		>/dev/null || fail "no sync.providers fact" || return 1
	expect_status common.breach-readiness.contact-point pass || return 1
	# the Zoom client scanner did not run
	jq -e '[.facts[] | select(.product == "zoom" and (.key == "product.installed"
		or .key == "encryption.transport_required"))] | length == 0' "$WORK/out" >/dev/null ||
		fail "Zoom client facts with --product goto" || return 1
	jq -e '[.products[].sources[] | select(.kind == "zoom-client-config")] | length == 0' \
		"$WORK/out" >/dev/null || fail "zoomus.conf was read with --product goto" || return 1
	# nor is anything reported about Zoom: no findings, no facts
	jq -e '[.findings[] | select(.product == "zoom")] | length == 0' "$WORK/out" >/dev/null ||
		fail "Zoom findings with --product goto" || return 1
	jq -e '[.facts[] | select(.product == "zoom")] | length == 0' "$WORK/out" >/dev/null ||
		fail "Zoom facts with --product goto" || return 1
	run_vc scan --root "$root" --product goto,nosuch || return 1
	expect_rc 64
}

t_engine_profile_file_extends_baseline() {
	cat > "$WORK/no-zoom.json" <<'EOF'
{
  "id": "no-zoom",
  "title": {"en": "Baseline without the Zoom client rules", "da": "Grundniveau uden Zoom-klientregler"},
  "extends": "baseline",
  "select": {"exclude": ["zoom.*"]}
}
EOF
	root=$(stage mac-onedrive) || return 1
	run_vc scan --root "$root" --format json --encrypted / --profile "$WORK/no-zoom.json" ||
		return 1
	expect_rc 2 || return 1
	jq -e '.profile.id == "no-zoom"' "$WORK/out" >/dev/null || fail "profile id" || return 1
	zoom=$(jq -r '.findings[] | select(.rule | startswith("zoom.")) | .rule' "$WORK/out")
	[ -z "$zoom" ] || fail "excluded rules in the report: $zoom" || return 1
	# inherited from baseline: everything else, with baseline's parameters
	expect_status common.artifacts.recordings-cloud-sync fail || return 1
	expect_status common.retention.recordings-age pass || return 1
	jq -e '.profile.params["common.retention.recordings-age"].max_days == 90' "$WORK/out" \
		>/dev/null || fail "baseline params not inherited"
}

t_engine_danish_json_titles() {
	root=$(stage mac-onedrive) || return 1
	run_vc scan --root "$root" --format json --encrypted / --lang da || return 1
	expect_rc 2 || return 1
	jq -e '.lang == "da"' "$WORK/out" >/dev/null || fail "lang is not da" || return 1
	jq -r '.findings[] | "\(.rule)\t\(.title)"' "$WORK/out" | sort -u > "$WORK/titles"
	[ -s "$WORK/titles" ] || fail "no findings" || return 1
	while IFS='	' read -r rule title; do
		want=$(jq -r '.title.da' "$TOP"/rules/*/"$rule.json")
		[ "$title" = "$want" ] || fail "$rule: title '$title', expected '$want'" || return 1
	done < "$WORK/titles"
	expect_present "Optagelser ligger ikke i mapper, der synkroniseres til skyen" "$WORK/out"
}

# A syntax error in the org file must not quote the file: the excerpt
# could be the pseudonym key or another secret.
t_engine_org_error_quotes_no_secret() {
	printf '{\n "controller": {"name": "X"},\n "pseudonym_key": "super-secret-key\n}\n' \
		> "$WORK/org.json"
	root=$(stage empty) || return 1
	run_vc scan --root "$root" --org "$WORK/org.json" --format json || return 1
	expect_present "org.json" "$WORK/err" || return 1
	expect_absent "super-secret" "$WORK/out" || return 1
	expect_absent "super-secret" "$WORK/err" || return 1
	jq -e '.diagnostics[] | select(.line == 3)' "$WORK/out" >/dev/null ||
		fail "the diagnostic has no line"
}
