# vcaudit fetch zoom|bbb against the local HTTPS stand-in
# (tests/tools/fetch_standin.py, a certificate made per case with openssl),
# through real libcurl in the binary: paging, 429 with Retry-After, token
# expiry, 5xx, malformed replies, secrets kept out of every output. The
# exports are then scanned with `scan --input`. Under valgrind (VC_WRAP)
# the two full pulls and the export-problem case run; the others say why not.

ZOOM_FX="$TOP/fixtures/exports/zoom"
ZOOM_SECRET="zoom-client-SECRET-4f1d9a"
BBB_SECRET="bbb-salt-SECRET-9c2e7b0a"

# fetch_server ARGS...: start the stand-in in $WORK/srv; sets PORT and stops
# the server when the case's subshell ends.
fetch_server() {
	mkdir -p "$WORK/srv"
	printf '%s\n' "$ZOOM_SECRET" >"$WORK/zoom.secret"
	printf '%s\n' "$BBB_SECRET" >"$WORK/bbb.secret"
	chmod 600 "$WORK/zoom.secret" "$WORK/bbb.secret"
	PORT=$(sh "$TOP/tests/tools/standin.sh" start "$WORK/srv" --log "$WORK/srv/log" \
		--zoom-secret-file "$WORK/zoom.secret" --bbb-secret-file "$WORK/bbb.secret" \
		"$@") || { fail "stand-in did not start"; return 1; }
	trap 'sh "$TOP/tests/tools/standin.sh" stop "$WORK/srv"' EXIT
	BASE="https://127.0.0.1:$PORT"
}

fetch_zoom() {
	run_vc fetch zoom --account-id standinAccount --client-id standinClient \
		--client-secret-file "$WORK/zoom.secret" --api-base "$BASE/v2" \
		--oauth-base "$BASE" --cacert "$WORK/srv/ca.pem" --max-wait 1 "$@"
}

fetch_bbb() {
	run_vc fetch bbb --url "$BASE/bigbluebutton/" --secret-file "$WORK/bbb.secret" \
		--cacert "$WORK/srv/ca.pem" --max-wait 1 "$@"
}

# No secret, token or meeting name in stdout, stderr or the given files.
fetch_no_secrets() {
	for f in "$WORK/out" "$WORK/err" "$@"; do
		[ -f "$f" ] || continue
		expect_absent "$ZOOM_SECRET" "$f" || return 1
		expect_absent "$BBB_SECRET" "$f" || return 1
		expect_absent "standin-token-" "$f" || return 1
		expect_absent "Anna Jensen" "$f" || return 1
	done
}

# Nothing at -o and no temporary file beside it.
fetch_nothing_written() {
	[ ! -e "$1" ] || fail "$(basename "$1") was written by a failed pull" || return 1
	[ -z "$(ls "$(dirname "$1")" | grep -F "$(basename "$1").part")" ] ||
		fail "a temporary file was left beside $(basename "$1")"
}

# rule scope status, sorted, of a JSON report in $WORK/out
fetch_findings() {
	jq -r '.findings[] | "\(.rule) \(.scope) \(.status)"' "$WORK/out" | sort
}

t_fetch_zoom_export_scans_like_the_fixture() {
	# 3 users on pages of 2, a 429 (Retry-After: 1) on the user list, a 503
	# on the first settings call, tokens that die after three requests
	fetch_server --zoom-export "$ZOOM_FX/export.json" --users 3 --page-max 2 \
		--scenario ratelimit,flaky,expire || return 1
	fetch_zoom -o "$WORK/export.json" || return 1
	expect_rc 0 || return 1
	fetch_no_secrets "$WORK/export.json" || return 1
	expect_present "the account and 3 users written" "$WORK/err" || return 1
	grep -q '^GET /v2/users 429$' "$WORK/srv/log" || fail "no 429 was served" || return 1
	grep -q '^GET /v2/accounts/me/settings 503$' "$WORK/srv/log" ||
		fail "no 503 was served" || return 1
	[ "$(grep -c '^GET /v2/users 200$' "$WORK/srv/log")" -ge 2 ] ||
		fail "the user list was not paged" || return 1
	[ "$(grep -c '^POST /oauth/token 200$' "$WORK/srv/log")" -ge 2 ] ||
		fail "no new token after the 401" || return 1
	# no progress line on a non-terminal
	if grep -q "$(printf '\r')" "$WORK/err"; then fail "progress on a non-terminal"; return 1; fi
	[ "$(jq -r '.schema' "$WORK/export.json")" = "vcaudit.zoom-export/1" ] ||
		fail "not a zoom export" || return 1
	[ "$(jq -r '.users | length' "$WORK/export.json")" = 3 ] || fail "not 3 users" || return 1
	[ "$(jq -r 'keys_unsorted | last' "$WORK/export.json")" = users ] ||
		fail "users is not the last member" || return 1
	[ "$(stat -c %a "$WORK/export.json")" = 600 ] || fail "export not mode 600" || return 1
	run_vc scan --input "$ZOOM_FX/export.json" --format json || return 1
	fetch_findings >"$WORK/want"
	run_vc scan --input "$WORK/export.json" --format json || return 1
	expect_rc 2 || return 1
	fetch_findings >"$WORK/got"
	diff "$WORK/want" "$WORK/got" >&2 || fail "findings differ from the fixture's" || return 1
	grep -q '^zoom.account.local-recording user:email-[0-9a-f]* fail$' "$WORK/got" ||
		fail "the deviating user's finding is missing" || return 1
	fetch_no_secrets || return 1
	expect_absent "@example.dk" "$WORK/out"
}

t_fetch_zoom_malformed_reply_writes_nothing() {
	# valgrind: skipped; the two full pulls above and below run the same C paths (TLS, retries, XML, JSON) and the rest mostly waits on back-off
	[ -z "$VC_WRAP" ] || return 0
	fetch_server --zoom-export "$ZOOM_FX/export.json" --users 3 --scenario truncated ||
		return 1
	printf 'old export\n' >"$WORK/export.json"
	fetch_zoom -o "$WORK/export.json" || return 1
	expect_rc 1 || return 1
	expect_present "users[1]: " "$WORK/err" || return 1
	expect_present "reply is not valid JSON" "$WORK/err" || return 1
	expect_present "/settings: " "$WORK/err" || return 1
	# the previous export is untouched, no temporary file is left
	[ "$(cat "$WORK/export.json")" = "old export" ] || fail "the old export was replaced" ||
		return 1
	rm "$WORK/export.json"
	fetch_zoom -o "$WORK/export.json" || return 1
	expect_rc 1 || return 1
	fetch_nothing_written "$WORK/export.json" || return 1
	fetch_no_secrets
}

t_fetch_zoom_credentials_never_shown() {
	# valgrind: skipped; the two full pulls above and below run the same C paths (TLS, retries, XML, JSON) and the rest mostly waits on back-off
	[ -z "$VC_WRAP" ] || return 0
	fetch_server --zoom-export "$ZOOM_FX/export.json" --scenario echo-auth || return 1
	# the API quotes the Authorization header in its error message
	fetch_zoom -o "$WORK/export.json" || return 1
	expect_rc 1 || return 1
	expect_present "HTTP 400" "$WORK/err" || return 1
	expect_present "not shown" "$WORK/err" || return 1
	fetch_no_secrets || return 1
	fetch_nothing_written "$WORK/export.json" || return 1
	# a wrong secret (from the environment): the token request is refused
	VCAUDIT_ZOOM_CLIENT_SECRET=wrong-secret-value run_vc fetch zoom --account-id standinAccount \
		--client-id standinClient --api-base "$BASE/v2" --oauth-base "$BASE" \
		--cacert "$WORK/srv/ca.pem" -o "$WORK/export.json" || return 1
	expect_rc 1 || return 1
	expect_present "/oauth/token: HTTP 401" "$WORK/err" || return 1
	expect_present "check the account id, client id and secret" "$WORK/err" || return 1
	expect_absent "wrong-secret-value" "$WORK/err" || return 1
	# secrets on the command line are refused and not repeated
	for opt in "--client-secret" "--client-secret=" "--client-sec=" "--secret="; do
		case $opt in
		*=) run_vc fetch zoom --account-id a --client-id b "${opt}cli-SECRET-42" -o x ;;
		*) run_vc fetch zoom --account-id a --client-id b "$opt" cli-SECRET-42 -o x ;;
		esac
		expect_rc 64 || return 1
		expect_absent "cli-SECRET-42" "$WORK/err" || return 1
	done
	run_vc fetch zoom --client-secret cli-SECRET-42 -o x || return 1
	expect_present "not accepted on the command line" "$WORK/err" || return 1
	# a secret typed where the file name goes is not echoed
	run_vc fetch zoom --account-id a --client-id b --client-secret-file cli-SECRET-42 -o x ||
		return 1
	expect_rc 1 || return 1
	expect_absent "cli-SECRET-42" "$WORK/err"
}

t_fetch_tls_always_verified() {
	# valgrind: skipped; the two full pulls above and below run the same C paths (TLS, retries, XML, JSON) and the rest mostly waits on back-off
	[ -z "$VC_WRAP" ] || return 0
	fetch_server --zoom-export "$ZOOM_FX/export.json" || return 1
	# without the stand-in's CA the certificate is not trusted
	run_vc fetch zoom --account-id standinAccount --client-id standinClient \
		--client-secret-file "$WORK/zoom.secret" --api-base "$BASE/v2" \
		--oauth-base "$BASE" -o "$WORK/export.json" || return 1
	expect_rc 1 || return 1
	expect_present "certificate" "$WORK/err" || return 1
	fetch_nothing_written "$WORK/export.json" || return 1
	# https only
	fetch_zoom --api-base "http://127.0.0.1:$PORT/v2" -o "$WORK/export.json" || return 1
	expect_rc 1 || return 1
	expect_present "only https:// URLs are accepted" "$WORK/err" || return 1
	run_vc fetch bbb --url "http://127.0.0.1:$PORT/bigbluebutton" \
		--secret-file "$WORK/bbb.secret" -o "$WORK/rec.json" || return 1
	expect_rc 1 || return 1
	expect_present "only https:// URLs are accepted" "$WORK/err" || return 1
	fetch_nothing_written "$WORK/rec.json"
}

t_fetch_bbb_recordings_and_findings() {
	# 150 recordings on pages of 100, the first call answered 429 with an HTTP date
	fetch_server --recordings 150 --page-max 100 --scenario ratelimit || return 1
	fetch_bbb -o "$WORK/rec.json" || return 1
	expect_rc 0 || return 1
	expect_present "150 recordings written" "$WORK/err" || return 1
	expect_present "checksum sha256" "$WORK/err" || return 1
	grep -q '^GET /bigbluebutton/api/getRecordings 429$' "$WORK/srv/log" ||
		fail "no 429 was served" || return 1
	[ "$(grep -c '^GET /bigbluebutton/api/getRecordings 200$' "$WORK/srv/log")" = 2 ] ||
		fail "not two pages" || return 1
	fetch_no_secrets "$WORK/rec.json" || return 1
	expect_absent "room-" "$WORK/rec.json" || return 1
	[ "$(jq '.recordings | length' "$WORK/rec.json")" = 150 ] || fail "not 150" || return 1
	[ "$(jq '[.recordings[].record_id] | unique | length' "$WORK/rec.json")" = 150 ] ||
		fail "duplicate recordings" || return 1
	[ "$(jq '[.recordings[] | select(.published)] | length' "$WORK/rec.json")" = 75 ] ||
		fail "published count" || return 1
	run_vc scan --input "bbb:$WORK/rec.json" --format json || return 1
	expect_rc 2 || return 1
	site="site:127.0.0.1:$PORT"
	fetch_findings >"$WORK/got"
	grep -qx "bigbluebutton.cloud-recording.public-playback $site fail" "$WORK/got" ||
		fail "no public-playback failure at $site" || return 1
	grep -qx "bigbluebutton.artifacts.recordings-age $site fail" "$WORK/got" ||
		fail "no recordings-age failure at $site" || return 1
	# the offending recordings are named by their playback URLs
	jq -e '.findings[] | select(.rule == "bigbluebutton.cloud-recording.public-playback")
		| .evidence[0].source | startswith("https://bbb.standin.example/playback/")' \
		"$WORK/out" >/dev/null || fail "evidence does not name the playback URL" || return 1
	[ "$(jq '[.facts[] | select(.key == "recordings.public")][0].value' "$WORK/out")" = 75 ] ||
		fail "recordings.public is not 75" || return 1
	fetch_no_secrets
}

t_fetch_bbb_checksum_and_failures() {
	# valgrind: skipped; the two full pulls above and below run the same C paths (TLS, retries, XML, JSON) and the rest mostly waits on back-off
	[ -z "$VC_WRAP" ] || return 0
	# a server that knows only SHA-1
	fetch_server --recordings 3 --scenario sha1only || return 1
	fetch_bbb -o "$WORK/rec.json" || return 1
	expect_rc 0 || return 1
	expect_present "checksum sha1" "$WORK/err" || return 1
	fetch_bbb --checksum sha256 -o "$WORK/rec2.json" || return 1
	expect_rc 1 || return 1
	expect_present "checksumError" "$WORK/err" || return 1
	fetch_nothing_written "$WORK/rec2.json" || return 1
	# a wrong secret
	printf 'not-the-salt\n' >"$WORK/wrong.secret"
	chmod 600 "$WORK/wrong.secret"
	run_vc fetch bbb --url "$BASE/bigbluebutton/api" --secret-file "$WORK/wrong.secret" \
		--cacert "$WORK/srv/ca.pem" -o "$WORK/rec2.json" || return 1
	expect_rc 1 || return 1
	expect_present "check the secret" "$WORK/err" || return 1
	expect_absent "not-the-salt" "$WORK/err" || return 1
	fetch_no_secrets || return 1
	# invalid XML
	fetch_server --recordings 3 --scenario badxml || return 1
	fetch_bbb -o "$WORK/rec2.json" || return 1
	expect_rc 1 || return 1
	expect_present "malformed XML" "$WORK/err" || return 1
	fetch_nothing_written "$WORK/rec2.json" || return 1
	# an XXE attempt that names a local file
	printf 'XXE-MARKER-31337\n' >"$WORK/local-file"
	fetch_server --recordings 3 --scenario xxe --xxe-file "$WORK/local-file" || return 1
	fetch_bbb -o "$WORK/rec2.json" || return 1
	expect_rc 1 || return 1
	expect_present "DOCTYPE" "$WORK/err" || return 1
	expect_absent "XXE-MARKER" "$WORK/err" || return 1
	fetch_nothing_written "$WORK/rec2.json"
}

t_fetch_progress_on_terminal() {
	[ -z "$VC_WRAP" ] || return 0   # a pseudo-terminal adds nothing under valgrind
	fetch_server --recordings 3 || return 1
	script -qec "\"$VC\" fetch bbb --url \"$BASE/bigbluebutton\" \
		--secret-file \"$WORK/bbb.secret\" --cacert \"$WORK/srv/ca.pem\" \
		-o \"$WORK/rec.json\"" /dev/null >"$WORK/tty" 2>&1 || fail "fetch on a tty failed" ||
		return 1
	expect_present "bigbluebutton: recordings 0" "$WORK/tty" || return 1
	expect_present "3 recordings written" "$WORK/tty"
}

t_fetch_bbb_export_problems() {
	# a hand-made export with one unreadable element: the rule cannot pass
	cat >"$WORK/rec.json" <<'EOF'
{"schema": "vcaudit.bbb-recordings/1", "server": "https://bbb.example.dk/bigbluebutton/api",
 "recordings": [
  {"record_id": "183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1795000000000", "state": "unpublished",
   "published": false, "start_time": 1795000000000, "playback": []},
  {"record_id": 42, "published": "yes"}
 ]}
EOF
	run_vc scan --input "$WORK/rec.json" --format json || return 1
	expect_rc 0 || return 1   # an error is no failure (exit 2 is for fail)
	fetch_findings >"$WORK/got"
	grep -qx "bigbluebutton.cloud-recording.public-playback site:bbb.example.dk error" \
		"$WORK/got" || fail "public-playback is not error" || return 1
	jq -e '.diagnostics[] | select(.message | startswith("recordings[1]: no usable record_id"))' \
		"$WORK/out" >/dev/null || fail "no diagnostic for recordings[1]" || return 1
	# another schema version is refused
	sed 's#bbb-recordings/1#bbb-recordings/2#' "$WORK/rec.json" >"$WORK/rec2.json"
	run_vc scan --input "bigbluebutton:$WORK/rec2.json" --format json || return 1
	expect_present "unsupported export schema" "$WORK/out"
}
