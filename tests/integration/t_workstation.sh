# The workstation audit end to end on fixture host trees.

t_dropbox_recordings_fail_with_evidence() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --format json || return 1
	expect_rc 2 || return 1
	expect_status common.artifacts.recordings-cloud-sync fail || return 1
	# the evidence points into the Dropbox folder
	ev=$(jq -r '.findings[] | select(.rule == "common.artifacts.recordings-cloud-sync")
		| .evidence[].source' "$WORK/out")
	case "$ev" in
	*/Dropbox/Zoom/*) ;;
	*) fail "evidence does not point into Dropbox: $ev"; return 1 ;;
	esac
	jq -e '.schema == "vcaudit.report/1"' "$WORK/out" >/dev/null || fail "schema" || return 1
}

t_identities_pseudonymised_by_default() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --format json || return 1
	cp "$WORK/out" "$WORK/report.json"
	run_vc scan --root "$root" || return 1
	cp "$WORK/out" "$WORK/report.txt"
	run_vc facts --root "$root" || return 1
	cp "$WORK/out" "$WORK/facts.json"
	for f in report.json report.txt facts.json; do
		expect_absent "alice@example.org" "$WORK/$f" || return 1
		expect_absent "Acme Weekly" "$WORK/$f" || return 1
		expect_absent "/home/alice" "$WORK/$f" || return 1
	done
	run_vc scan --root "$root" --format json --reveal-identities || return 1
	expect_present "Acme Weekly" "$WORK/out" || return 1
	expect_present "/home/alice" "$WORK/out"
}

t_pseudonyms_stable_with_key() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --format json || return 1
	a=$(jq -r '[.findings[].scope] | unique | join(",")' "$WORK/out")
	run_vc scan --root "$root" --format json || return 1
	b=$(jq -r '[.findings[].scope] | unique | join(",")' "$WORK/out")
	[ "$a" = "$b" ] || fail "scopes differ between runs: $a / $b" || return 1
	VCAUDIT_PSEUDONYM_KEY=another-key run_vc scan --root "$root" --format json || return 1
	c=$(jq -r '[.findings[].scope] | unique | join(",")' "$WORK/out")
	[ "$a" != "$c" ] || fail "another key gave the same pseudonyms"
}

t_empty_host_has_no_failures() {
	root=$(stage empty) || return 1
	run_vc scan --root "$root" --format json || return 1
	expect_rc 0 || return 1
	expect_status zoom.software.auto-update notapplicable || return 1
	# without --org the readiness rules need a person: manual, never pass
	expect_status common.breach-readiness.contact-point manual || return 1
	jq -e '[.findings[] | select(.status == "pass")] | length == 0' "$WORK/out" >/dev/null ||
		fail "something passed on a host with nothing installed"
}

t_every_selected_rule_has_a_status() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --format json || return 1
	n=$(jq -r '[.findings[].rule] | unique | length' "$WORK/out")
	m=$(ls "$TOP"/rules/*/*.json | grep -vc '\.test\.json$')
	[ "$n" -eq "$m" ] || fail "$n rules in the report, $m in rules/"
}

t_scan_is_read_only() {
	root=$(stage dropbox-zoom) || return 1
	before=$(cd "$root" && find . -printf '%p %s %T@ %m\n' | sort | sha256sum)
	sums1=$(cd "$root" && find . -type f -exec sha256sum {} + | sort | sha256sum)
	run_vc scan --root "$root" --format json || return 1
	run_vc facts --root "$root" || return 1
	after=$(cd "$root" && find . -printf '%p %s %T@ %m\n' | sort | sha256sum)
	sums2=$(cd "$root" && find . -type f -exec sha256sum {} + | sort | sha256sum)
	[ "$before" = "$after" ] || fail "names, sizes, mtimes or modes changed under --root" || return 1
	[ "$sums1" = "$sums2" ] || fail "file contents changed under --root"
}

t_output_file_written_atomically() {
	root=$(stage dropbox-zoom) || return 1
	mkdir -p "$WORK/reports"
	run_vc scan --root "$root" --format json -o "$WORK/reports/r.json" || return 1
	expect_rc 2 || return 1
	jq -e .summary "$WORK/reports/r.json" >/dev/null || fail "report not valid JSON" || return 1
	[ "$(ls -A "$WORK/reports" | wc -l)" -eq 1 ] || fail "temporary files left behind" || return 1
	# a device or a FIFO is written in place, never replaced by a file
	run_vc scan --root "$root" --format json -o /dev/null || return 1
	expect_rc 2 || return 1
	[ -c /dev/null ] || fail "/dev/null is no longer a device" || return 1
	mkfifo "$WORK/pipe"
	cat "$WORK/pipe" > "$WORK/from-pipe" &
	run_vc scan --root "$root" --format json -o "$WORK/pipe" || return 1
	wait
	[ -p "$WORK/pipe" ] || fail "the FIFO was replaced" || return 1
	jq -e .summary "$WORK/from-pipe" >/dev/null || fail "nothing came through the FIFO" || return 1
	# an unwritable destination is a clear error and exit 1, not a crash
	run_vc scan --root "$root" --format json -o "$WORK/no/such/dir/r.json" || return 1
	expect_rc 1 || return 1
	expect_present "no/such/dir/r.json" "$WORK/err"
}

t_text_report_has_no_colour_when_piped() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" || return 1
	if grep -q "$(printf '\033')" "$WORK/out"; then fail "escape codes in piped output"; return 1; fi
	expect_present "common.artifacts.recordings-cloud-sync" "$WORK/out"
}

t_danish_report() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --lang da || return 1
	expect_rc 2 || return 1
	expect_present "Optagelser ligger ikke i mapper, der synkroniseres til skyen" "$WORK/out"
}

t_fail_on_threshold() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --fail-on critical --format json || return 1
	# no rule is critical in baseline: failures below the threshold exit 0
	expect_rc 0 || return 1
	run_vc scan --root "$root" --fail-on critical --profile strict --format json || return 1
	expect_rc 2
}
