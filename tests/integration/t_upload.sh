# scan --upload and the spool (README "Fleet", auditor/fleet/upload.h), against
# the stand-in collector tests/tools/collector.py on 127.0.0.1.

UP_TOKEN="vcaudit-test-token-5f1c9e27d04b"

# up_start [collector options]: start the collector; sets UP_URL and UP_PID.
up_start() {
	mkdir -p "$WORK/coll"
	rm -f "$WORK/coll/port"
	python3 "$TOP/tests/tools/collector.py" --dir "$WORK/coll" "$@" 2>"$WORK/coll.err" &
	UP_PID=$!
	i=0
	while [ ! -s "$WORK/coll/port" ]; do
		i=$((i + 1))
		[ $i -le 200 ] && kill -0 "$UP_PID" 2>/dev/null ||
			{ cat "$WORK/coll.err" >&2; fail "collector did not start"; return 1; }
		sleep 0.05
	done
	UP_URL="http://127.0.0.1:$(cat "$WORK/coll/port")/reports"
}

up_stop() {
	[ -n "${UP_PID:-}" ] || return 0
	kill "$UP_PID" 2>/dev/null
	wait "$UP_PID" 2>/dev/null
	UP_PID=
}

# A URL where nothing listens: a collector's port, once it has stopped.
up_down_url() {
	up_start || return 1
	up_stop
	rm -rf "$WORK/coll"
}

# up_case BODY: run the case body, then stop the collector whatever happened.
up_case() {
	printf '%s\n' "$UP_TOKEN" >"$WORK/token"
	chmod 600 "$WORK/token"
	UP_ROOT=$(stage dropbox-zoom) || return 1
	"$@"
	r=$?
	up_stop
	return $r
}

# up_scan EPOCH [options]: a text-format scan of the staged root made at
# EPOCH (so reports differ and sort by time), uploading to $UP_URL with the
# spool in $WORK/spool. Outputs are collected in $WORK/all-output.
up_scan() {
	SOURCE_DATE_EPOCH=$1
	export SOURCE_DATE_EPOCH
	shift
	run_vc scan --root "$UP_ROOT" -o "$WORK/report.txt" --upload "$UP_URL" \
		--upload-token-file "$WORK/token" --spool "$WORK/spool" --upload-retries 0 "$@" ||
		return 1
	cat "$WORK/out" "$WORK/err" "$WORK/report.txt" >>"$WORK/all-output" 2>/dev/null
	return 0
}

spool_count() { find "$WORK/spool" -name '*.json' | wc -l | tr -d ' '; }

# The generated_at of each stored report, in arrival order, on one line.
stored_times() {
	for f in "$WORK"/coll/store/*.json; do
		[ -f "$f" ] && jq -r .generated_at "$f"
	done | tr '\n' ' ' | sed 's/ $//'
}

_t_upload_down_then_in_order() {
	up_down_url || return 1
	up_scan 1795600000 || return 1
	# a failing rule: exit 2, as without --upload
	expect_rc 2 || return 1
	expect_present "report kept in the spool $WORK/spool as 20261125T094640Z-000000001.json" \
		"$WORK/err" || return 1
	up_scan 1795603600 || return 1
	expect_rc 2 || return 1
	[ "$(spool_count)" = 2 ] || { fail "$(spool_count) reports spooled, expected 2"; return 1; }
	[ "$(stat -c %a "$WORK/spool")" = 700 ] || { fail "spool is not 0700"; return 1; }
	for f in "$WORK"/spool/*.json; do
		[ "$(stat -c %a "$f")" = 600 ] || { fail "$f is not 0600"; return 1; }
		jq -e '.schema == "vcaudit.report/1"' "$f" >/dev/null ||
			{ fail "$f is not the JSON report"; return 1; }
	done
	cp "$WORK/spool/20261125T094640Z-000000001.json" "$WORK/first.json"
	# the collector is back: the spool first, oldest first, then the new report
	up_start --token-file "$WORK/token" || return 1
	up_scan 1795607200 || return 1
	expect_rc 2 || return 1
	expect_present "2 spooled report(s) delivered" "$WORK/err" || return 1
	[ "$(stored_times)" = "2026-11-25T09:46:40Z 2026-11-25T10:46:40Z 2026-11-25T11:46:40Z" ] ||
		{ fail "stored in order '$(stored_times)'"; return 1; }
	[ "$(spool_count)" = 0 ] || { fail "spool not empty after delivery"; return 1; }
	cmp -s "$WORK/first.json" "$WORK/coll/store/0001.json" ||
		{ fail "the spooled bytes are not what arrived"; return 1; }
	[ "$(jq -r '[.content_type, .auth] | join(" ")' "$WORK/coll/log.jsonl" | sort -u)" = \
	  "application/json ok" ] || { fail "wrong Content-Type or Authorization"; return 1; }
	# --format text locally, the JSON report uploaded
	head -c 1 "$WORK/report.txt" | grep -q '{' && { fail "local report is not text"; return 1; }
	expect_absent "$UP_TOKEN" "$WORK/all-output"
}
t_upload_down_then_in_order() { up_case _t_upload_down_then_in_order; }

# Under valgrind (VC_WRAP) this case and the next are skipped: their C paths
# (a failed POST, then spooling) are those of t_upload_down_then_in_order,
# and their five valgrind runs each would cost a minute of make memcheck.
_t_upload_failing_collector() {
	[ -z "$VC_WRAP" ] || return 0
	up_start --token-file "$WORK/token" --plan 503x2 || return 1
	up_scan 1795600000 || return 1
	expect_rc 2 || return 1
	expect_present "HTTP 503" "$WORK/err" || return 1
	up_scan 1795603600 || return 1
	[ "$(spool_count)" = 2 ] || { fail "$(spool_count) reports spooled, expected 2"; return 1; }
	up_scan 1795607200 || return 1
	[ "$(spool_count)" = 0 ] || { fail "spool not empty"; return 1; }
	[ "$(stored_times)" = "2026-11-25T09:46:40Z 2026-11-25T10:46:40Z 2026-11-25T11:46:40Z" ] ||
		{ fail "stored in order '$(stored_times)'"; return 1; }
	# within one run, --upload-retries rides out a short failure
	up_stop
	rm -rf "$WORK/coll"
	up_start --token-file "$WORK/token" --plan 500 || return 1
	up_scan 1795610800 --upload-retries 1 || return 1
	expect_rc 2 || return 1
	[ "$(spool_count)" = 0 ] || { fail "a retried upload was spooled"; return 1; }
	[ "$(wc -l <"$WORK/coll/log.jsonl")" -eq 2 ] || { fail "not exactly one retry"; return 1; }
	# a wrong token: 401, spooled, and neither token shows anywhere
	up_stop
	rm -rf "$WORK/coll"
	printf 'the-collectors-own-secret-77\n' >"$WORK/other"
	up_start --token-file "$WORK/other" || return 1
	up_scan 1795614400 || return 1
	expect_rc 2 || return 1
	expect_present "HTTP 401 (not authorised)" "$WORK/err" || return 1
	[ "$(spool_count)" = 1 ] || { fail "a refused report was not spooled"; return 1; }
	expect_absent "$UP_TOKEN" "$WORK/all-output" || return 1
	expect_absent "the-collectors-own-secret-77" "$WORK/all-output" || return 1
	for f in "$WORK"/spool/*; do expect_absent "$UP_TOKEN" "$f" || return 1; done
}
t_upload_failing_collector() { up_case _t_upload_failing_collector; }

# Slow beyond --upload-timeout, or the connection dropped mid-request: the
# report is spooled, and the next run delivers it.
_t_upload_slow_and_dropped() {
	[ -z "$VC_WRAP" ] || return 0
	up_start --token-file "$WORK/token" --plan slow,drop --slow 4 || return 1
	up_scan 1795600000 --upload-timeout 1 || return 1
	expect_rc 2 || return 1
	expect_present "timed out" "$WORK/err" || return 1
	[ "$(spool_count)" = 1 ] || { fail "a timed-out report was not spooled"; return 1; }
	# the dropped connection: the spooled report is tried first and stays
	up_scan 1795603600 --upload-timeout 1 || return 1
	expect_rc 2 || return 1
	[ "$(spool_count)" = 2 ] || { fail "$(spool_count) spooled after a drop, expected 2"; return 1; }
	jq -r .step "$WORK/coll/log.jsonl" | tr '\n' ' ' | grep -q '^slow drop $' ||
		{ fail "collector saw '$(jq -r .step "$WORK/coll/log.jsonl" | tr '\n' ' ')'"; return 1; }
	up_scan 1795607200 --upload-timeout 1 || return 1
	[ "$(spool_count)" = 0 ] || { fail "spool not empty"; return 1; }
	# at least once: the slow one may have been stored twice, none is missing
	for t in 09:46:40 10:46:40 11:46:40; do
		stored_times | grep -q "2026-11-25T${t}Z" || { fail "report of $t lost"; return 1; }
	done
}
t_upload_slow_and_dropped() { up_case _t_upload_slow_and_dropped; }

_t_upload_spool_cap() {
	up_down_url || return 1
	up_scan 1795600000 --spool-max 100k || return 1
	bytes=$(stat -c %s "$WORK"/spool/*.json)
	[ "$(spool_count)" = 1 ] && [ "$bytes" -le 102400 ] ||
		{ fail "fixture report does not fit a 100k spool"; return 1; }
	cp "$WORK"/spool/*.json "$WORK/kept.json"
	up_scan 1795603600 --spool-max 100k || return 1
	# the report is lost: exit 1, and the warning says which one
	expect_rc 1 || return 1
	expect_present "is full" "$WORK/err" || return 1
	expect_present "report (dropbox-zoom, generated 2026-11-25T10:46:40Z" "$WORK/err" ||
		return 1
	expect_present "is dropped, not spooled" "$WORK/err" || return 1
	[ "$(spool_count)" = 1 ] && cmp -s "$WORK/kept.json" "$WORK"/spool/*.json ||
		{ fail "the older spooled report was not kept"; return 1; }
	up_start --token-file "$WORK/token" || return 1
	up_scan 1795607200 --spool-max 100k || return 1
	expect_rc 2 || return 1
	[ "$(stored_times)" = "2026-11-25T09:46:40Z 2026-11-25T11:46:40Z" ] ||
		{ fail "stored '$(stored_times)'"; return 1; }
}
t_upload_spool_cap() { up_case _t_upload_spool_cap; }

_t_upload_corrupt_spool_file() {
	mkdir -m 700 "$WORK/spool"
	printf '{"schema": "vcaudit.rep' >"$WORK/spool/20260101T000000Z-000000001.json"
	up_start --token-file "$WORK/token" || return 1
	up_scan 1795600000 || return 1
	expect_rc 2 || return 1
	expect_present "20260101T000000Z-000000001.json" "$WORK/err" || return 1
	expect_present "set aside as 20260101T000000Z-000000001.json.corrupt, not sent" \
		"$WORK/err" || return 1
	[ -f "$WORK/spool/20260101T000000Z-000000001.json.corrupt" ] ||
		{ fail "corrupt file not kept aside"; return 1; }
	[ "$(stored_times)" = "2026-11-25T09:46:40Z" ] || { fail "stored '$(stored_times)'"; return 1; }
}
t_upload_corrupt_spool_file() { up_case _t_upload_corrupt_spool_file; }

t_upload_usage() {
	root=$(stage mac-clean) || return 1
	run_vc scan --root "$root" --upload http://collector.example.org/r || return 1
	expect_rc 64 || return 1
	expect_present "http:// is accepted only for a collector on this host" "$WORK/err" ||
		return 1
	run_vc scan --root "$root" --upload https://user:pw@collector.example.org/r || return 1
	expect_rc 64 || return 1
	expect_absent "pw@" "$WORK/err" || return 1
	run_vc scan --root "$root" --spool "$WORK/spool" || return 1
	expect_rc 64 || return 1
	expect_present "need --upload URL" "$WORK/err" || return 1
	run_vc scan --root "$root" --upload-retries 1 || return 1
	expect_rc 64 || return 1
	run_vc facts --root "$root" --upload https://collector.example.org/r || return 1
	expect_rc 64 || return 1
	run_vc scan --root "$root" --upload https://collector.example.org/r --spool-max 0 || return 1
	expect_rc 64 || return 1
	# an unreadable token file stops the run before the audit, with nothing written
	run_vc scan --root "$root" -o "$WORK/r.json" --upload https://[::1]:9/r \
		--upload-token-file "$WORK/missing" --spool "$WORK/spool" || return 1
	expect_rc 1 || return 1
	expect_present "upload token" "$WORK/err" || return 1
	[ ! -e "$WORK/r.json" ] || fail "audit ran with an unusable token"
}
