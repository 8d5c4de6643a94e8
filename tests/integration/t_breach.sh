# `vcaudit breach`: the draft notification of a personal data breach (docs/breach.md).

# breach_report: scan the dropbox-zoom fixture (home attested encrypted) into
# $WORK/report.json.
breach_report() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --format json --encrypted /home \
		--org "$TOP/fixtures/demo/org.json" -o "$WORK/report.json" || return 1
	[ -s "$WORK/report.json" ] || fail "no report written"
}

t_breach_draft_en_da() {
	breach_report || return 1
	inc="$TOP/fixtures/incidents/example.json"
	run_vc breach --report "$WORK/report.json" --incident "$inc" --lang en || return 1
	expect_rc 0 || return 1
	expect_present "Deadline (72 hours after awareness): 2026-11-27 08:30 UTC" "$WORK/out" || return 1
	expect_present "local time Europe/Copenhagen: 2026-11-27 09:30 CET (UTC+01:00)" "$WORK/out" || return 1
	expect_present "Eksempel Kommune" "$WORK/out" || return 1
	expect_present "CVR number: 12345678" "$WORK/out" || return 1
	expect_present "Art. 34(3)(a) may apply" "$WORK/out" || return 1
	expect_present "*To follow (Art. 33(4)).*" "$WORK/out" || return 1
	expect_present "Recordings found in the affected stores by the audit: 1" "$WORK/out" || return 1
	# no identity from the host, even though the report is only pseudonymised
	expect_absent "alice" "$WORK/out" || return 1
	expect_absent "Acme Weekly" "$WORK/out" || return 1
	run_vc breach --report "$WORK/report.json" --incident "$inc" --lang da || return 1
	expect_rc 0 || return 1
	expect_present "# Anmeldelse af brud på persondatasikkerheden til Datatilsynet" "$WORK/out" || return 1
	expect_present "Frist (72 timer efter kendskab): 2026-11-27 08:30 UTC" "$WORK/out" || return 1
	expect_present "Den dataansvarlige" "$WORK/out" || return 1
	expect_present "Databeskyttelsesrådgiver" "$WORK/out" || return 1
	expect_present "tilsynsmyndigheden" "$WORK/out" || return 1
	expect_present "underretning af den registrerede" "$WORK/out" || return 1
	expect_present "uden unødig forsinkelse" "$WORK/out" || return 1
	expect_present "*Følger (art. 33, stk. 4).*" "$WORK/out" || return 1
}

t_breach_output_atomic_and_register() {
	breach_report || return 1
	inc="$TOP/fixtures/incidents/example.json"
	mkdir "$WORK/drafts" || return 1
	echo old >"$WORK/drafts/draft.md"
	ln "$WORK/drafts/draft.md" "$WORK/drafts/link.md" || return 1
	run_vc breach --report "$WORK/report.json" --incident "$inc" -o "$WORK/drafts/draft.md" \
		--register "$WORK/register.jsonl" || return 1
	expect_rc 0 || return 1
	[ ! -s "$WORK/out" ] || fail "draft also went to stdout" || return 1
	expect_present "Deadline (72 hours after awareness)" "$WORK/drafts/draft.md" || return 1
	# renamed into place: the old inode (the hard link) keeps the old text
	[ "$(cat "$WORK/drafts/link.md")" = old ] || fail "-o wrote in place, not by rename" || return 1
	[ "$(ls -A "$WORK/drafts" | wc -l)" -eq 2 ] || fail "temporary file left behind" || return 1
	run_vc breach --report "$WORK/report.json" --incident "$inc" -o "$WORK/drafts/draft.md" \
		--register "$WORK/register.jsonl" || return 1
	expect_rc 0 || return 1
	[ "$(wc -l <"$WORK/register.jsonl")" -eq 2 ] || fail "register has not two lines" || return 1
	jq -e -s 'length == 2 and all(.[]; .deadline_utc == "2026-11-27T08:30:00Z"
		and .art34_assessment == "34(3)(a)-may-apply" and (.draft_sha256 | length) == 64)' \
		"$WORK/register.jsonl" >/dev/null || fail "register lines" || return 1
	sha=$(sha256sum "$WORK/drafts/draft.md" | cut -d' ' -f1)
	[ "$(jq -r -s '.[1].draft_sha256' "$WORK/register.jsonl")" = "$sha" ] \
		|| fail "draft_sha256 is not the draft's" || return 1
}

t_breach_exit_codes() {
	breach_report || return 1
	run_vc breach --report "$WORK/report.json" \
		--incident "$TOP/fixtures/incidents/missing-aware.json" || return 1
	expect_rc 1 || return 1
	expect_present "missing-aware.json:1:1: aware_at is missing" "$WORK/err" || return 1
	run_vc breach --report "$WORK/report.json" \
		--incident "$TOP/fixtures/incidents/bad-aware.json" || return 1
	expect_rc 1 || return 1
	expect_present "bad-aware.json:3:3: aware_at must be an RFC 3339 time" "$WORK/err" || return 1
	printf '{\n  "aware_at": "2026-11-24T08:30:00Z",,\n}\n' >"$WORK/broken.json"
	run_vc breach --report "$WORK/report.json" --incident "$WORK/broken.json" || return 1
	expect_rc 1 || return 1
	expect_present "broken.json:2:" "$WORK/err" || return 1
	run_vc breach --report "$WORK/report.json" \
		--incident "$TOP/fixtures/incidents/example.json" --no-such-option || return 1
	expect_rc 64 || return 1
	run_vc breach --report "$WORK/report.json" \
		--incident "$TOP/fixtures/incidents/example.json" --lang de || return 1
	expect_rc 64 || return 1
	run_vc breach --incident "$TOP/fixtures/incidents/example.json" || return 1
	expect_rc 64 || return 1
	run_vc breach --report "$WORK/no-such-report.json" \
		--incident "$TOP/fixtures/incidents/example.json" || return 1
	expect_rc 1 || return 1
	expect_present "no-such-report.json" "$WORK/err" || return 1
	[ ! -s "$WORK/out" ] || fail "output on error" || return 1
}
