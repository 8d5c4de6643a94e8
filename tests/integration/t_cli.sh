# The command line contract: exit codes, usage errors, rules and profiles.

t_usage_error_is_64() {
	run_vc scan --no-such-option || return 1
	expect_rc 64 || return 1
	expect_present "unknown or incomplete option" "$WORK/err" || return 1
	run_vc scan --format pdfx || return 1
	expect_rc 64 || return 1
	run_vc frobnicate || return 1
	expect_rc 64
}

t_missing_root_is_1() {
	run_vc scan --root "$WORK/does-not-exist" || return 1
	expect_rc 1 || return 1
	expect_present "does-not-exist" "$WORK/err"
}

t_broken_rule_set_is_1() {
	mkdir -p "$WORK/rules/zoom"
	cp "$TOP"/rules/zoom/zoom.software.auto-update.json "$WORK/rules/zoom/"
	printf '{"id": "zoom.bad", "title": ' > "$WORK/rules/zoom/zoom.bad.json"
	run_vc scan --root "$TOP/fixtures/hosts/empty" --rules "$WORK/rules" || return 1
	expect_rc 1 || return 1
	# the diagnostic names the file and the line of the syntax error
	expect_present "zoom.bad.json:1:" "$WORK/err"
}

t_rules_lint_and_test_pass() {
	run_vc rules lint "$TOP/rules" || return 1
	expect_rc 0 || return 1
	run_vc rules test "$TOP/rules" || return 1
	expect_rc 0 || return 1
	expect_present " 0 failed" "$WORK/out"
}

t_rules_lint_rejects_bad_rules() {
	mkdir -p "$WORK/rules/zoom"
	sed 's/"update.auto == true"/"update.automatic == true"/' \
		"$TOP/rules/zoom/zoom.software.auto-update.json" > "$WORK/rules/zoom/zoom.software.auto-update.json"
	run_vc rules lint "$WORK/rules" || return 1
	expect_rc 1 || return 1
	expect_present "unknown fact name 'update.automatic'" "$WORK/err" || return 1
	expect_present "no test file" "$WORK/err" || return 1
	# a missing Danish text is rejected too
	jq 'del(.title.da)' "$TOP/rules/zoom/zoom.software.auto-update.json" \
		> "$WORK/rules/zoom/zoom.software.auto-update.json"
	run_vc rules lint "$WORK/rules" || return 1
	expect_rc 1 || return 1
	expect_present "no Danish text" "$WORK/err"
}

t_rules_test_catches_a_wrong_expectation() {
	mkdir -p "$WORK/rules/zoom"
	cp "$TOP/rules/zoom/zoom.software.auto-update.json" "$WORK/rules/zoom/"
	jq '.cases[0].expect = "fail"' "$TOP/rules/zoom/zoom.software.auto-update.test.json" \
		> "$WORK/rules/zoom/zoom.software.auto-update.test.json"
	run_vc rules test "$WORK/rules" || return 1
	expect_rc 1 || return 1
	expect_present "expected fail, got pass" "$WORK/err"
}

t_rules_list_and_show() {
	run_vc rules list || return 1
	expect_rc 0 || return 1
	expect_present "zoom.software.auto-update" "$WORK/out" || return 1
	run_vc rules show common.retention.recordings-age || return 1
	expect_rc 0 || return 1
	expect_present "max_days" "$WORK/out" || return 1
	run_vc rules show no.such.rule || return 1
	expect_rc 1
}

t_profiles_list_and_show() {
	run_vc profiles list || return 1
	expect_rc 0 || return 1
	expect_present "baseline" "$WORK/out" || return 1
	expect_present "strict" "$WORK/out" || return 1
	run_vc profiles show strict || return 1
	expect_rc 0 || return 1
	expect_present '"max_days":30' "$WORK/out"
}

t_version() {
	run_vc version || return 1
	expect_rc 0 || return 1
	expect_present "vcaudit $(cat "$TOP/VERSION")" "$WORK/out"
}
