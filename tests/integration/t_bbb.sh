# BigBlueButton servers (--root): the packaged defaults, a hardened server,
# the published API secret that must never come out, broken files.

BBB_OVERRIDE_CORPUS="${VC_CORPUS:-$TOP/../shared/corpus}/bigbluebutton/bbb-web.properties-override-wlgrbbb"
BBB_PROPS=/etc/bigbluebutton/bbb-web.properties

# Rules failing on the packaged defaults, and those passing there.
BBB_FAIL_DEFAULT="bigbluebutton.secrets.api-secret-not-public bigbluebutton.access.guest-lobby
bigbluebutton.artifacts.recordings-age bigbluebutton.consent.recording-notice
bigbluebutton.retention.published-recordings bigbluebutton.retention.raw-recordings
bigbluebutton.third-party.stun-servers bigbluebutton.consent.learning-dashboard
bigbluebutton.local-recording.public-chat-save bigbluebutton.encryption.recordings-at-rest"
BBB_PASS_DEFAULT="bigbluebutton.secrets.api-secret-set bigbluebutton.cloud-recording.automatic
bigbluebutton.encryption.transport bigbluebutton.retention.meeting-events
bigbluebutton.third-party.client-logging bigbluebutton.third-party.speech-recognition"

# bbb_finding RULE: the finding as compact JSON from $WORK/out.
bbb_finding() {
	jq -c --arg r "$1" '.findings[] | select(.rule == $r)' "$WORK/out"
}

# bbb_expect_evidence RULE SOURCE LINE: some evidence points at SOURCE:LINE.
bbb_expect_evidence() {
	bbb_finding "$1" | jq -e --arg src "$2" --argjson line "$3" \
		'[.evidence[] | select(.source == $src and .line == $line)] | length > 0' \
		>/dev/null || fail "$1: no evidence at $2:$3: $(bbb_finding "$1" |
			jq -c '[.evidence[] | "\(.source):\(.line)"]')"
}

# bbb_secret_absent SECRET FILE...: fails, without printing the secret, when
# it occurs in one of the files.
bbb_secret_absent() {
	secret=$1; shift
	[ -n "$secret" ] || { fail "no secret to look for"; return 1; }
	for f in "$@"; do
		if grep -qF -- "$secret" "$f"; then
			fail "the API secret appears in $(basename "$f")"; return 1
		fi
	done
}

# bbb_outputs ROOT ARGS...: text, JSON, Danish and facts output of one tree, and
# their stderr, kept as $WORK/o.* for bbb_secret_absent.
bbb_outputs() {
	root=$1; shift
	run_vc scan --root "$root" "$@" || return 1
	cp "$WORK/out" "$WORK/o.text"; cp "$WORK/err" "$WORK/o.text.err"
	run_vc scan --root "$root" --lang da "$@" || return 1
	cp "$WORK/out" "$WORK/o.da"; cp "$WORK/err" "$WORK/o.da.err"
	run_vc facts --root "$root" "$@" || return 1
	cp "$WORK/out" "$WORK/o.facts"; cp "$WORK/err" "$WORK/o.facts.err"
	run_vc scan --root "$root" --format json "$@" || return 1
	cp "$WORK/out" "$WORK/o.json"; cp "$WORK/err" "$WORK/o.json.err"
}

t_bbb_default_findings() {
	root=$(stage bbb-default) || return 1
	run_vc scan --root "$root" --format json --not-encrypted / || return 1
	expect_rc 2 || return 1
	for r in $BBB_FAIL_DEFAULT; do expect_status "$r" fail || return 1; done
	for r in $BBB_PASS_DEFAULT; do expect_status "$r" pass || return 1; done
	# the published salt is pinned to the override's line, not the packaged file
	bbb_expect_evidence bigbluebutton.secrets.api-secret-not-public "$BBB_PROPS" 6 || return 1
	bbb_expect_evidence bigbluebutton.access.guest-lobby \
		/usr/share/bbb-web/WEB-INF/classes/bigbluebutton.properties 158 || return 1
	bbb_expect_evidence bigbluebutton.retention.raw-recordings /etc/cron.daily/bigbluebutton 35 ||
		return 1
	bbb_expect_evidence bigbluebutton.third-party.stun-servers \
		/usr/share/bbb-web/WEB-INF/classes/spring/turn-stun-servers.xml 28 || return 1
	# the 200-day-old recording (and its raw data) is what breaks the age rule
	n=$(bbb_finding bigbluebutton.artifacts.recordings-age |
		jq '[.evidence[] | select(.value.age_days == 200)] | length')
	[ "$n" -eq 2 ] || fail "recordings-age: $n offending recordings of 200 days, expected 2" ||
		return 1
	# counted from the folders: 2 published, 2 raw, 1 FreeSWITCH meeting
	jq -e '[.facts[] | select(.product == "bigbluebutton" and .key == "artifacts.recordings")
		| .value[] | .kind] | sort == ["audio","published","published","raw","raw"]' \
		"$WORK/out" >/dev/null || fail "unexpected artifacts.recordings" || return 1
	jq -e '.products[] | select(.id == "bigbluebutton") | .version == "3.0.9"' "$WORK/out" \
		>/dev/null || fail "BigBlueButton version not reported" || return 1
	# the meeting name in metadata.xml is never read
	expect_absent "Borgermøde" "$WORK/out" || return 1
	# the critical finding decides the exit code on its own
	run_vc scan --root "$root" --product bigbluebutton --fail-on critical || return 1
	expect_rc 2 || return 1
	expect_present "$BBB_PROPS:6" "$WORK/out"
}

t_bbb_hardened_passes() {
	root=$(stage bbb-hardened) || return 1
	run_vc scan --root "$root" --format json --encrypted / || return 1
	expect_rc 0 || return 1
	for r in $BBB_FAIL_DEFAULT $BBB_PASS_DEFAULT; do expect_status "$r" pass || return 1; done
	# override precedence: values from /etc/bigbluebutton, with their lines
	bbb_expect_evidence bigbluebutton.access.guest-lobby "$BBB_PROPS" 7 || return 1
	bbb_expect_evidence bigbluebutton.local-recording.public-chat-save \
		/etc/bigbluebutton/bbb-html5.yml 3 || return 1
	bbb_expect_evidence bigbluebutton.retention.raw-recordings \
		/etc/default/bigbluebutton-cron-config 2 || return 1
	bbb_expect_evidence bigbluebutton.retention.published-recordings \
		/etc/cron.daily/bbb-recording-cleanup 5 || return 1
	# the TURN secret of turn-stun-servers.xml is as secret as the API's
	run_vc facts --root "$root" || return 1
	expect_absent "fixture-turn-secret-never-printed" "$WORK/out" || return 1
	expect_absent "7c0ffee0c0de" "$WORK/out" || return 1
	# without an attestation the storage of an image is unknown: a person checks
	run_vc scan --root "$root" --format json || return 1
	expect_rc 0 || return 1
	expect_status bigbluebutton.encryption.recordings-at-rest manual
}

t_bbb_published_salt_never_printed() {
	[ -f "$BBB_OVERRIDE_CORPUS" ] || { fail "corpus file missing: $BBB_OVERRIDE_CORPUS"; return 1; }
	root=$(stage bbb-default) || return 1
	# the fixture's own salt is the upstream placeholder
	placeholder=$(sed -n 's/^securitySalt=//p' "$root$BBB_PROPS" | tr -d '\r')
	bbb_outputs "$root" || return 1
	bbb_secret_absent "$placeholder" "$WORK"/o.* || return 1
	# the real server's override, published on GitHub, in place of the fixture's
	cp "$BBB_OVERRIDE_CORPUS" "$root$BBB_PROPS"
	salt=$(sed -n 's/^securitySalt=//p' "$BBB_OVERRIDE_CORPUS" | tr -d '\r')
	bbb_outputs "$root" || return 1
	bbb_secret_absent "$salt" "$WORK"/o.* || return 1
	bbb_secret_absent "$placeholder" "$WORK"/o.* || return 1
	cp "$WORK/o.json" "$WORK/out"
	expect_rc 2 || return 1
	expect_status bigbluebutton.secrets.api-secret-not-public fail || return 1
	bbb_expect_evidence bigbluebutton.secrets.api-secret-not-public "$BBB_PROPS" 6 || return 1
	expect_present "$BBB_PROPS:6" "$WORK/o.text" || return 1
	expect_present "API-hemmeligheden er ikke en offentliggjort værdi" "$WORK/o.da"
}

# The rules that pass on the defaults, made to fail by local overrides.
t_bbb_weakened_overrides() {
	root=$(stage bbb-default) || return 1
	cat > "$root$BBB_PROPS" <<-'EOF'
	bigbluebutton.web.serverURL=http://bbb.eksempel-skole.dk
	securitySalt=
	autoStartRecording=true
	defaultKeepEvents=true
	EOF
	cat > "$root/etc/bigbluebutton/bbb-html5.yml" <<-'EOF'
	public:
	  app:
	    audioCaptions:
	      enabled: true
	  clientLog:
	    external:
	      enabled: true
	      url: https://logs.example.net/html5Log
	EOF
	run_vc scan --root "$root" --format json --fail-on critical || return 1
	expect_rc 2 || return 1
	for r in $BBB_PASS_DEFAULT; do expect_status "$r" fail || return 1; done
	# an empty secret is the other rule's finding
	expect_status bigbluebutton.secrets.api-secret-not-public notapplicable || return 1
	bbb_expect_evidence bigbluebutton.secrets.api-secret-set "$BBB_PROPS" 2 || return 1
	bbb_expect_evidence bigbluebutton.encryption.transport "$BBB_PROPS" 1 || return 1
	bbb_expect_evidence bigbluebutton.third-party.client-logging \
		/etc/bigbluebutton/bbb-html5.yml 8 || return 1
	bbb_expect_evidence bigbluebutton.third-party.speech-recognition \
		/etc/bigbluebutton/bbb-html5.yml 4
}

t_bbb_broken_files() {
	root=$(stage bbb-default) || return 1
	printf 'broken=\\uZZZZ\n' >> "$root$BBB_PROPS"
	printf 'public:\n  chat: [unclosed\n' > "$root/etc/bigbluebutton/bbb-html5.yml"
	run_vc scan --root "$root" --format json || return 1
	# not exit 1: the audit went on, and failures remain failures
	expect_rc 2 || return 1
	jq -e --arg p "$BBB_PROPS" \
		'[.diagnostics[] | select(.source == $p and .line == 7)] | length == 1' "$WORK/out" \
		>/dev/null || fail "no diagnostic at $BBB_PROPS:7" || return 1
	jq -e '[.diagnostics[] | select(.source == "/etc/bigbluebutton/bbb-html5.yml"
		and .line >= 2)] | length == 1' "$WORK/out" >/dev/null ||
		fail "no diagnostic for bbb-html5.yml" || return 1
	# what would have passed on a partly read file is an error; a failure stands
	expect_status bigbluebutton.secrets.api-secret-set error || return 1
	expect_status bigbluebutton.encryption.transport error || return 1
	expect_status bigbluebutton.secrets.api-secret-not-public fail || return 1
	expect_status bigbluebutton.third-party.client-logging error || return 1
	# files that were fine are audited as before
	expect_status bigbluebutton.retention.raw-recordings fail || return 1
	expect_status bigbluebutton.artifacts.recordings-age fail
}

t_bbb_not_installed() {
	root=$(stage empty) || return 1
	run_vc scan --root "$root" --format json --product bigbluebutton || return 1
	expect_rc 0 || return 1
	got=$(jq -r '[.findings[] | select(.product == "bigbluebutton") | .status] | unique | join(",")' \
		"$WORK/out")
	[ "$got" = "notapplicable" ] || fail "BigBlueButton rules on an empty host: $got"
}
