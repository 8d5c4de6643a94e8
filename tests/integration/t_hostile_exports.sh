# Hostile and broken exports handed over with --input: a wrong type, a cut
# file, a plist declaring entities, an archive with entries that try to climb
# out or are no regular files, a decompression bomb. Each is a diagnostic
# with its place (file:line, or the archive entry); the rest of the audit
# goes on; nothing is written anywhere; the exit code is 0 or 2, never 1 and
# never a crash. Every file is built here at test time.

HX_TEAMS="$TOP/fixtures/exports/teams"
HX_ZOOM="$TOP/fixtures/exports/zoom"

# hx_status RULE SCOPE: the status of the rule's finding for SCOPE.
hx_status() {
	jq -r --arg r "$1" --arg s "$2" \
		'[.findings[] | select(.rule == $r and .scope == $s) | .status] | join(" ")' \
		"$WORK/out"
}

hx_expect() {
	got=$(hx_status "$1" "$2")
	[ "$got" = "$3" ] || fail "$1 at $2: status '$got', expected '$3'"
}

# hx_diag SOURCE-SUFFIX LINE TEXT: a diagnostic for that source, at that line
# (- for any), whose message contains TEXT.
hx_diag() {
	jq -e --arg s "$1" --arg l "$2" --arg t "$3" \
		'any(.diagnostics[]; (.source // "" | endswith($s)) and
			($l == "-" or .line == ($l | tonumber)) and (.message | contains($t)))' \
		"$WORK/out" >/dev/null ||
		fail "no diagnostic for ...$1 at line $2 saying '$3': $(jq -c '.diagnostics' "$WORK/out")"
}

# hx_rc_ok: 0 or 2, the exit codes of an audit that was carried out.
hx_rc_ok() {
	[ "$RC" -eq 0 ] || [ "$RC" -eq 2 ] || fail "exit code $RC, expected 0 or 2"
}

# (a) "AllowCloudRecording": "yes" where ConvertTo-Json writes true/false:
# a diagnostic at its line, that policy's rule is an error, the other
# policies and the tenant settings are audited as usual.
t_hostile_teams_bool_is_a_string() {
	mkdir -p "$WORK/teams" && cp "$HX_TEAMS"/*.json "$WORK/teams/" || return 1
	line=$(grep -n '"AllowCloudRecording"' "$WORK/teams/meeting-policies.json" | head -1 |
		cut -d: -f1)
	sed -i "${line}s/\"AllowCloudRecording\": *true/\"AllowCloudRecording\":  \"yes\"/" \
		"$WORK/teams/meeting-policies.json" || return 1
	grep -q '"yes"' "$WORK/teams/meeting-policies.json" || fail "fixture not altered" ||
		return 1
	run_vc scan --input "$WORK/teams" --format json || return 1
	expect_rc 2 || return 1
	hx_diag /teams/meeting-policies.json "$line" "AllowCloudRecording: expected true or false" ||
		return 1
	expect_present "meeting-policies.json:$line:" "$WORK/err" || return 1
	# the Global policy holds the string: unproven, never pass
	hx_expect teams.cloud-recording.disabled policy:Global error || return 1
	# the other policies and the tenant-wide settings are still audited
	hx_expect teams.cloud-recording.disabled "policy:Tag:Borgermøder" fail || return 1
	hx_expect teams.cloud-recording.disabled "policy:Tag:Socialrådgivning" pass || return 1
	hx_expect teams.retention.recording-expiry "policy:Tag:Borgermøder" fail || return 1
	hx_expect teams.third-party.cloud-storage host fail || return 1
	hx_expect teams.access.external-federation host pass
}

# (b) "local_recording": 1 in a Zoom account settings reply: the same.
t_hostile_zoom_bool_is_a_number() {
	cp "$HX_ZOOM/account-settings.json" "$WORK/settings.json" || return 1
	line=$(grep -n '"local_recording"' "$WORK/settings.json" | head -1 | cut -d: -f1)
	sed -i "${line}s/\"local_recording\": *\(true\|false\)/\"local_recording\": 1/" \
		"$WORK/settings.json" || return 1
	grep -q '"local_recording": 1' "$WORK/settings.json" || fail "fixture not altered" ||
		return 1
	run_vc scan --input "$WORK/settings.json" --format json || return 1
	expect_rc 2 || return 1
	hx_diag settings.json "$line" "local_recording: expected true or false" || return 1
	expect_present "settings.json:$line:" "$WORK/err" || return 1
	hx_expect zoom.account.local-recording account error || return 1
	# the rest of the reply is read
	hx_expect zoom.account.recording-storage-region account fail || return 1
	hx_expect zoom.account.meeting-authentication account fail || return 1
	hx_expect zoom.account.data-centre-regions account fail
}

# (c) Cut-off JSON, Teams and Zoom: a diagnostic at the line where the file
# ends, the rules that needed it unproven, a good file beside them audited.
t_hostile_truncated_json() {
	head -c 1500 "$HX_TEAMS/meeting-policies.json" > "$WORK/policies-cut.json" || return 1
	head -c 900 "$HX_ZOOM/account-settings.json" > "$WORK/zoom-cut.json" || return 1
	run_vc scan --input "$WORK/policies-cut.json" --input "$WORK/zoom-cut.json" \
		--input "$HX_TEAMS/client-configuration.json" --format json || return 1
	hx_rc_ok || return 1
	# the last line of a file without a final newline is wc -l + 1
	hx_diag policies-cut.json $(($(wc -l < "$WORK/policies-cut.json") + 1)) \
		"premature end of input" || return 1
	hx_diag zoom-cut.json $(($(wc -l < "$WORK/zoom-cut.json") + 1)) \
		"premature end of input" || return 1
	expect_present "policies-cut.json:$(($(wc -l < "$WORK/policies-cut.json") + 1)):" \
		"$WORK/err" || return 1
	[ "$(jq '[.findings[] | select(.product == "zoom" and
		(.rule | startswith("zoom.account.")) and .status == "pass")] | length' \
		"$WORK/out")" -eq 0 ] || fail "a Zoom account rule passed on a cut file" || return 1
	hx_expect teams.third-party.cloud-storage host fail
}

# (d) A us.zoom.config plist with Apple's DTD is read; one declaring entities
# (a "billion laughs") is refused at the line of the first declaration.
t_hostile_zoom_plist_dtd_and_entities() {
	cat > "$WORK/us.zoom.config.plist" <<-'EOF'
	<?xml version="1.0" encoding="UTF-8"?>
	<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
	<plist version="1.0">
	<dict>
		<key>zDisableLocalRecord</key>
		<true/>
		<key>BlockUntrustedSSLCert</key>
		<false/>
	</dict>
	</plist>
	EOF
	cat > "$WORK/laughs.plist" <<-'EOF'
	<?xml version="1.0" encoding="UTF-8"?>
	<!DOCTYPE plist [
	  <!ENTITY lol "lol">
	  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
	  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
	  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
	]>
	<plist version="1.0">
	<dict>
		<key>zDisableCMR</key>
		<string>&lol4;</string>
	</dict>
	</plist>
	EOF
	run_vc scan --input "$WORK/laughs.plist" --input "$WORK/us.zoom.config.plist" \
		--format json || return 1
	hx_rc_ok || return 1
	hx_diag laughs.plist 3 "entity declarations are not allowed" || return 1
	expect_present "laughs.plist:3:" "$WORK/err" || return 1
	jq -e '[.diagnostics[] | select(.source | endswith("us.zoom.config.plist"))] == []' \
		"$WORK/out" >/dev/null || fail "the plist with a DTD was not read cleanly" || return 1
	[ "$(jq -r '.facts[] | select(.product == "zoom" and .key == "recording.local.allowed")
		| "\(.scope) \(.value) \(.line) \(.source | endswith("/us.zoom.config.plist"))"' \
		"$WORK/out")" = "host false 5 true" ] ||
		fail "recording.local.allowed not read from the plist with a DTD" || return 1
	jq -e '[.facts[] | select(.key == "recording.cloud.allowed")] == []' "$WORK/out" \
		>/dev/null || fail "a fact came from the refused plist" || return 1
	expect_absent "lollollol" "$WORK/out"
}

# (e) An archive whose entries climb out (../, /tmp/...), are links, a FIFO,
# a device, or another archive, beside one good Teams export: the export is
# audited, the odd entries are reported, nothing is written anywhere.
t_hostile_archive_entries() {
	tag=$$-$(date +%s)
	mkdir -p "$WORK/src/inner" "$WORK/cwd" || return 1
	cp "$HX_TEAMS/client-configuration.json" "$WORK/src/good.json" || return 1
	echo '{"climbs": "out"}' > "$WORK/src/e.json"
	echo '{"absolute": true}' > "$WORK/src/a.json"
	ln -s /etc/passwd "$WORK/src/link.json" || return 1
	ln "$WORK/src/good.json" "$WORK/src/hard.json" || return 1
	mkfifo "$WORK/src/fifo" || return 1
	odd=3
	if [ "$(id -u)" -eq 0 ] && mknod "$WORK/src/null" c 1 3 2>/dev/null; then
		odd=4
	fi   # else: mknod needs root, the device entry is left out
	cp "$HX_TEAMS/meeting-policies.json" "$WORK/src/inner/" &&
		tar -czf "$WORK/src/inner.tar.gz" -C "$WORK/src/inner" meeting-policies.json ||
		return 1
	members="good.json hard.json link.json fifo inner.tar.gz e.json a.json"
	[ "$odd" -eq 4 ] && members="$members null"
	# shellcheck disable=SC2086
	(cd "$WORK/src" && tar -cPf "$WORK/odd.tar" \
		--transform="s,^e\\.json\$,../vc-escape-$tag.json," \
		--transform="s,^a\\.json\$,/tmp/vc-abs-$tag.json," $members) ||
		fail "could not build the archive" || return 1
	tar -tPf "$WORK/odd.tar" | grep -qx "../vc-escape-$tag.json" &&
		tar -tPf "$WORK/odd.tar" | grep -qx "/tmp/vc-abs-$tag.json" ||
		fail "tar did not keep the climbing names" || return 1
	# run from a folder where a ../ entry would land inside $WORK
	cd "$WORK/cwd" || return 1
	run_vc scan --input "$WORK/odd.tar" --format json || return 1
	hx_rc_ok || return 1
	hx_expect teams.third-party.cloud-storage host fail || return 1
	hx_diag odd.tar - "$odd entries that are not regular files (links, devices) skipped" ||
		return 1
	hx_diag odd.tar - "1 archives inside the archive not read" || return 1
	hx_diag "odd.tar:../vc-escape-$tag.json" - "not a recognised" || return 1
	hx_diag "odd.tar:/tmp/vc-abs-$tag.json" - "not a recognised" || return 1
	jq -e --arg p "$WORK/odd.tar:good.json" '[.products[].sources[]?.path] == [$p]' \
		"$WORK/out" >/dev/null ||
		fail "sources: $(jq -c '[.products[].sources[]?.path]' "$WORK/out")" || return 1
	expect_absent "root:x:0:0" "$WORK/out" || return 1
	left=$(find "$WORK" /tmp -maxdepth 3 \( -name "vc-escape-$tag.json" -o \
		-name "vc-abs-$tag.json" \) 2>/dev/null)
	[ -z "$left" ] || fail "written outside: $left" || return 1
	[ -z "$(ls -A "$WORK/cwd")" ] || fail "written into the working folder: $(ls -A "$WORK/cwd")" ||
		return 1
	if ! command -v zip >/dev/null 2>&1; then
		return 0   # zip is not installed: the zip half is skipped
	fi
	rm -f "$WORK/src/fifo" "$WORK/src/null"
	(cd "$WORK/src/inner" && ln -s /etc/passwd link.json && cp ../good.json good.json &&
		cp ../e.json "../vc-up-$tag.json" &&
		zip -qy "$WORK/odd.zip" good.json link.json "../vc-up-$tag.json" ../inner.tar.gz) ||
		fail "could not build the zip" || return 1
	rm -f "$WORK/src/vc-up-$tag.json"
	run_vc scan --input "$WORK/odd.zip" --format json || return 1
	hx_rc_ok || return 1
	hx_expect teams.third-party.cloud-storage host fail || return 1
	hx_diag odd.zip - "1 entries that are not regular files (links, devices) skipped" ||
		return 1
	hx_diag odd.zip - "1 archives inside the archive not read" || return 1
	hx_diag "odd.zip:../vc-up-$tag.json" - "not a recognised" || return 1
	expect_absent "root:x:0:0" "$WORK/out" || return 1
	left=$(find "$WORK" -maxdepth 3 -name "vc-up-$tag.json" 2>/dev/null)
	[ -z "$left" ] || fail "written outside: $left" || return 1
	[ -z "$(ls -A "$WORK/cwd")" ] || fail "written into the working folder"
}

# (f) A decompression bomb: 200 MB of zeros gzip'ed inside a tar (about
# 200 KB packed). It is cut off with a diagnostic once the unpacked size
# passes the ratio limit; the export before it in the archive and the other
# input are audited. The same zeros as a .gz inside a plain tar are a nested
# archive: reported, never inflated.
t_hostile_decompression_bomb() {
	mkdir -p "$WORK/b" && cp "$HX_TEAMS/client-configuration.json" "$WORK/b/a-good.json" &&
		truncate -s 200M "$WORK/b/zeros.bin" || return 1
	(cd "$WORK/b" && tar -cf - a-good.json zeros.bin | gzip > "$WORK/bomb.tar.gz") ||
		return 1
	head -c 200M /dev/zero | gzip > "$WORK/b/zeros.gz" &&
		(cd "$WORK/b" && tar -cf "$WORK/gz-inside.tar" zeros.gz) || return 1
	rm -f "$WORK/b/zeros.bin" "$WORK/b/zeros.gz"
	run_vc scan --input "$WORK/bomb.tar.gz" --input "$WORK/gz-inside.tar" \
		--input "$HX_ZOOM/account-settings.json" --format json || return 1
	hx_rc_ok || return 1
	hx_diag bomb.tar.gz - "(a decompression bomb?), the rest not read" || return 1
	hx_diag gz-inside.tar - "1 archives inside the archive not read" || return 1
	# the export before the bomb and the other input are audited
	hx_expect teams.third-party.cloud-storage host fail || return 1
	hx_expect zoom.account.recording-storage-region account fail || return 1
	jq -e '[.products[].sources[]?.path | select(endswith("bomb.tar.gz:a-good.json"))]
		| length == 1' "$WORK/out" >/dev/null ||
		fail "the export before the bomb was not read" || return 1
	jq -e '[.products[].sources[]?.path | select(contains("zeros"))] == []' "$WORK/out" \
		>/dev/null || fail "the zeros were recorded as a source"
}
