# Microsoft Teams tenant exports (--input): folders, named files, archives,
# the real ScubaGear export, and a broken file among good ones.

TEAMS_FX="$TOP/fixtures/exports/teams"
TEAMS_CORPUS="${VC_CORPUS:-$TOP/../shared/corpus}/teams/scubagear-ProviderSettingsExport.json"

# finding RULE SCOPE: the finding as compact JSON from $WORK/out.
teams_finding() {
	jq -c --arg r "$1" --arg s "$2" \
		'.findings[] | select(.rule == $r and .scope == $s)' "$WORK/out"
}

# expect_finding RULE SCOPE STATUS
expect_finding() {
	got=$(teams_finding "$1" "$2" | jq -r '.status')
	[ "$got" = "$3" ] || fail "$1 at $2: status '$got', expected '$3'"
}

# expect_evidence RULE SCOPE SOURCE-SUFFIX LINE: some evidence of the finding
# points at that file and line.
expect_evidence() {
	teams_finding "$1" "$2" | jq -e --arg src "$3" --argjson line "$4" \
		'[.evidence[] | select((.source | endswith($src)) and .line == $line)] | length > 0' \
		>/dev/null || fail "$1 at $2: no evidence at $3:$4: $(teams_finding "$1" "$2" |
			jq -c '[.evidence[] | "\(.source):\(.line)"]')"
}

# zip_dir DIR ZIP: the files of DIR into ZIP as "teams/<name>" (zip, else Perl's core
# IO::Compress::Zip, which Debian's perl carries for build-essential).
zip_dir() {
	if command -v zip >/dev/null 2>&1; then
		(cd "$1/.." && zip -qr "$2" "$(basename "$1")")
	else
		(cd "$1/.." && perl -MIO::Compress::Zip=zip,\$ZipError -e \
			'zip([glob("$ARGV[0]/*")] => $ARGV[1]) or die "zip: $ZipError\n"' \
			"$(basename "$1")" "$2")
	fi
}

t_teams_folder_findings_per_policy() {
	run_vc scan --input "$TEAMS_FX/" --format json || return 1
	expect_rc 2 || return 1
	# one finding per policy, the policy as Teams names it
	expect_finding teams.retention.recording-expiry policy:Global pass || return 1
	expect_finding teams.retention.recording-expiry "policy:Tag:Borgermøder" fail || return 1
	expect_finding teams.retention.recording-expiry "policy:Tag:Socialrådgivning" \
		notapplicable || return 1
	expect_evidence teams.retention.recording-expiry "policy:Tag:Borgermøder" \
		meeting-policies.json 100 || return 1
	teams_finding teams.retention.recording-expiry "policy:Tag:Borgermøder" |
		jq -e '.evidence[] | select(.fact == "recording.retention_days") | .value == -1' \
		>/dev/null || fail "retention -1 not in the evidence" || return 1
	# effective anonymous join: evidence from the tenant switch and the policy
	expect_finding teams.access.anonymous-join policy:Global fail || return 1
	expect_evidence teams.access.anonymous-join policy:Global meeting-configuration.json 7 ||
		return 1
	expect_evidence teams.access.anonymous-join policy:Global meeting-policies.json 15 ||
		return 1
	expect_finding teams.access.anonymous-join "policy:Tag:Socialrådgivning" pass || return 1
	# tenant-wide settings are one finding for the tenant
	expect_finding teams.third-party.cloud-storage host fail || return 1
	expect_evidence teams.third-party.cloud-storage host client-configuration.json 7 ||
		return 1
	expect_finding teams.access.external-federation host pass || return 1
	# enhanced encryption policies are units of their own
	expect_finding teams.encryption.e2ee policy:Global fail || return 1
	expect_finding teams.encryption.e2ee policy:Tag:Fortrolig pass || return 1
	# every Teams rule is in the report
	n=$(jq -r '[.findings[].rule | select(startswith("teams."))] | unique | length' "$WORK/out")
	m=$(ls "$TOP"/rules/teams/*.json | grep -vc '\.test\.json$')
	[ "$n" -eq "$m" ] || fail "$n Teams rules in the report, $m in rules/teams" || return 1
	# the files were recorded with their digests, the BOM file included
	want=$(sha256sum "$TEAMS_FX/meeting-configuration.json" | cut -d' ' -f1)
	jq -e --arg h "$want" '[.products[] | select(.id == "teams") | .sources[] |
		select(.sha256 == $h and (.path | endswith("meeting-configuration.json")))] |
		length == 1' "$WORK/out" >/dev/null ||
		fail "meeting-configuration.json not recorded with its SHA-256"
}

t_teams_named_file() {
	run_vc scan --input "teams:$TEAMS_FX/meeting-policies.json" --product teams --format json ||
		return 1
	expect_rc 2 || return 1
	expect_finding teams.access.anonymous-start "policy:Tag:Borgermøder" fail || return 1
	expect_evidence teams.access.anonymous-start "policy:Tag:Borgermøder" \
		meeting-policies.json 84 || return 1
	# without the tenant configuration only policies that block it themselves decide
	expect_finding teams.access.anonymous-join policy:Global manual || return 1
	expect_finding teams.access.anonymous-join "policy:Tag:Socialrådgivning" pass || return 1
	# without the client configuration third-party storage is for a person to check
	expect_status teams.third-party.cloud-storage manual || return 1
	jq -e '[.findings[] | select(.product != "teams" and .product != "host")] | length == 0' \
		"$WORK/out" >/dev/null || fail "--product teams let other products through"
}

t_teams_zip_of_the_folder() {
	mkdir -p "$WORK/exp" && cp -r "$TEAMS_FX" "$WORK/exp/teams" || return 1
	zip_dir "$WORK/exp/teams" "$WORK/teams.zip" || { fail "could not build the zip"; return 1; }
	run_vc scan --input "$WORK/teams.zip" --format json || return 1
	expect_rc 2 || return 1
	expect_finding teams.retention.recording-expiry "policy:Tag:Borgermøder" fail || return 1
	expect_evidence teams.retention.recording-expiry "policy:Tag:Borgermøder" \
		"teams.zip:teams/meeting-policies.json" 100 || return 1
	expect_evidence teams.access.anonymous-join policy:Global \
		"teams.zip:teams/meeting-configuration.json" 7 || return 1
	jq -e '.diagnostics | length == 0' "$WORK/out" >/dev/null ||
		fail "diagnostics: $(jq -c '.diagnostics' "$WORK/out")"
}

t_teams_scubagear_corpus() {
	[ -f "$TEAMS_CORPUS" ] || { fail "corpus file missing: $TEAMS_CORPUS"; return 1; }
	run_vc scan --input "$TEAMS_CORPUS" --format json || return 1
	expect_rc 2 || return 1
	# nine meeting policies, each a unit
	n=$(jq -r '[.findings[] | select(.rule == "teams.access.anonymous-start") | .scope] |
		unique | length' "$WORK/out")
	[ "$n" -eq 9 ] || fail "$n meeting policies audited, expected 9" || return 1
	expect_finding teams.access.lobby "policy:Tag:NKK-Temp" fail || return 1
	expect_evidence teams.access.lobby "policy:Tag:NKK-Temp" \
		scubagear-ProviderSettingsExport.json 18496 || return 1
	expect_finding teams.access.lobby policy:Global pass || return 1
	expect_finding teams.transfer.recording-storage-region "policy:Tag:Custom Policy 1" fail ||
		return 1
	expect_finding teams.access.external-federation host pass || return 1
	expect_finding teams.third-party.cloud-storage host fail || return 1
	expect_finding teams.cloud-recording.live-events policy:Tag:Default fail || return 1
	# not in a ScubaGear export: the tenant switch and the encryption policy
	expect_finding teams.access.anonymous-join policy:Global manual || return 1
	expect_status teams.encryption.e2ee manual || return 1
	jq -e '.diagnostics | length == 0' "$WORK/out" >/dev/null ||
		fail "diagnostics on the real export: $(jq -c '.diagnostics' "$WORK/out")"
}

t_teams_broken_file_rest_audited() {
	cp -r "$TEAMS_FX" "$WORK/teams" || return 1
	# a copy that stopped half-way through line 8
	head -c 200 "$TEAMS_FX/client-configuration.json" >"$WORK/teams/client-configuration.json"
	run_vc scan --input "$WORK/teams" --format json || return 1
	expect_rc 2 || return 1
	jq -e '.diagnostics[] | select((.source | endswith("client-configuration.json")) and
		.line > 0 and (.message | startswith("invalid JSON")))' "$WORK/out" >/dev/null ||
		fail "no diagnostic with a line for the broken file: $(jq -c '.diagnostics' "$WORK/out")" ||
		return 1
	# what the broken file held is an error, not a pass and not a silent manual
	expect_finding teams.third-party.cloud-storage host error || return 1
	# the rest is audited
	expect_finding teams.retention.recording-expiry "policy:Tag:Borgermøder" fail || return 1
	expect_finding teams.access.external-federation host pass || return 1
	expect_finding teams.access.lobby policy:Global pass
}

t_teams_compliant_tenant_exits_0() {
	mkdir -p "$WORK/ok" || return 1
	# one Global policy as strict as the social-work one, everything else tightened
	jq '[.[1] | .Identity = "Global"]' "$TEAMS_FX/meeting-policies.json" \
		>"$WORK/ok/meeting-policies.json" || return 1
	jq '.DisableAnonymousJoin = true' "$TEAMS_FX/meeting-configuration.json" \
		>"$WORK/ok/meeting-configuration.json" || return 1
	jq '.AllowGoogleDrive = false' "$TEAMS_FX/client-configuration.json" \
		>"$WORK/ok/client-configuration.json" || return 1
	jq '.[0].MeetingEndToEndEncryption = "DisabledUserOverride"' \
		"$TEAMS_FX/enhanced-encryption-policies.json" \
		>"$WORK/ok/enhanced-encryption-policies.json" || return 1
	cp "$TEAMS_FX/federation-configuration.json" "$TEAMS_FX/broadcast-policies.json" \
		"$WORK/ok/" || return 1
	run_vc scan --input "$WORK/ok" --product teams --format json || return 1
	expect_rc 0 || return 1
	jq -e '[.findings[] | select(.product == "teams" and .status == "pass")] | length >= 14' \
		"$WORK/out" >/dev/null || fail "fewer passes than expected"
}

t_teams_text_report_da() {
	run_vc scan --input "$TEAMS_FX" --lang da || return 1
	expect_rc 2 || return 1
	expect_present "Mødeoptagelser udløber automatisk" "$WORK/out" || return 1
	expect_present "policy:Tag:Borgermøder" "$WORK/out" || return 1
	expect_present "meeting-policies.json:100" "$WORK/out" || return 1
	expect_present "Set-CsTeamsMeetingPolicy -Identity Global -NewMeetingRecordingExpirationDays" \
		"$WORK/out"
}
