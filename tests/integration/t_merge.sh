# vcaudit merge: host reports from scans of fixture hosts, hand-edited
# variants (an older report, a duplicate, another schema major, malformed
# files), archives of reports, --previous, and every output format.
# The golden case reads the fixed reports in tests/golden/fleet/reports
# (real scan reports, trimmed: see the README there), so that adding a rule
# does not change it. VC_UPDATE_GOLDEN=1 rewrites tests/golden/fleet/fleet.json;
# read it before committing.

MERGE_GOLDEN="$TOP/tests/golden/fleet/fleet.json"

# merge_scan DIR: scan four fixture hosts into DIR/<fixture>.json.
merge_scan() {
	mkdir -p "$1"
	for h in bbb-default dropbox-zoom jitsi-docker mac-clean; do
		"$VC" scan --root "$TOP/fixtures/hosts/$h" --format json -o "$1/$h.json" 2>/dev/null
		[ -s "$1/$h.json" ] || { fail "scan of $h wrote no report"; return 1; }
	done
}

# merge_variants DIR: hand-edited variants of the four reports in DIR (their
# names say what they are).
merge_variants() {
	# The same host (bbb01) a day earlier, failing everything: superseded.
	jq '.generated_at = "2026-11-24T09:46:40Z" | .summary.score_after_waivers = 0.0
	    | .findings |= map(.status = "fail")' "$1/bbb-default.json" > "$1/bbb-older.json"
	# A second copy of one report (the collector got it twice): counts once.
	cp "$1/jitsi-docker.json" "$1/jitsi-docker-copy.json"
	# A report from a future vcaudit with another schema major: refused.
	jq '.schema = "vcaudit.report/2" | .target.name = "future-host"' "$1/mac-clean.json" \
		> "$1/future.json"
	# An older tool version merges (members it lacks are not needed).
	jq '.tool.version = "0.0.9" | del(.pseudonyms) | .target.name = "old-tool-host"' \
		"$1/mac-clean.json" > "$1/old-tool.json"
	# Two machines called "web", told apart by their machine ids.
	for m in 0123456789abcdef0123456789abcdef fedcba9876543210fedcba9876543210; do
		jq --arg m "$m" '.target.name = "web" | .target.machine_id = $m' \
			"$1/mac-clean.json" > "$1/web-$m.json"
	done
	# Malformed: cut in the middle, and a report without a target name.
	head -c 3000 "$1/dropbox-zoom.json" > "$1/truncated.json"
	jq 'del(.target.name)' "$1/mac-clean.json" > "$1/nameless.json"
}

# The fleet of the fixed reports, byte for byte.
t_merge_golden() {
	mkdir -p "$WORK/reports"
	cp "$TOP"/tests/golden/fleet/reports/*.json "$WORK/reports/"
	merge_variants "$WORK/reports"
	# relative paths, so that the report names do not hold $WORK (a case is a subshell)
	cd "$WORK" && run_vc merge reports --format json -o fleet.json || return 1
	expect_rc 2 || return 1
	if [ -n "${VC_UPDATE_GOLDEN:-}" ]; then
		cp fleet.json "$MERGE_GOLDEN"
		echo "    rewrote $MERGE_GOLDEN" >&2
	fi
	cmp -s fleet.json "$MERGE_GOLDEN" || { diff -u "$MERGE_GOLDEN" fleet.json | head -30 >&2;
		fail "fleet.json differs from $MERGE_GOLDEN"; return 1; }
}

t_merge_fleet() {
	merge_scan "$WORK/reports" && merge_variants "$WORK/reports" || return 1
	cd "$WORK" && run_vc merge reports --format json -o fleet.json || return 1
	expect_rc 2 || return 1   # a host fails a rule
	f="$WORK/fleet.json"
	[ "$(jq -r .schema "$f")" = vcaudit.fleet/1 ] || fail "schema $(jq -r .schema "$f")" || return 1
	# bbb01, dropbox-zoom, erik-mbp (mac-clean), jitsi-docker, old-tool-host, web twice
	got=$(jq -r '[.hosts[] | "\(.name)\(.machine_id // "" | .[0:4])"] | join(" ")' "$f")
	[ "$got" = "bbb01 dropbox-zoom erik-mbp jitsi-docker old-tool-host web0123 webfedc" ] ||
		fail "hosts: $got" || return 1
	got=$(jq -c '.inputs' "$f")
	[ "$got" = '{"reports":9,"duplicates":1,"superseded":1,"refused":1,"malformed":2}' ] ||
		fail "inputs: $got" || return 1
	# the newer bbb01 report was kept, not the older failing-everything one
	got=$(jq -r '.hosts[] | select(.name == "bbb01") | "\(.report) \(.last_seen)"' "$f")
	[ "$got" = "reports/bbb-default.json 2026-11-25T09:46:40Z" ] || fail "bbb01: $got" || return 1
	# per rule: hosts failing; per product: versions in use
	got=$(jq -r '.rules[] | select(.rule == "zoom.encryption.untrusted-certs") | .hosts_failing' "$f")
	[ "$got" = 1 ] || fail "untrusted-certs fails on '$got' hosts" || return 1
	got=$(jq -r '.products[] | select(.id == "bigbluebutton") | .versions[0].version' "$f")
	[ "$got" = 3.0.9 ] || fail "bigbluebutton version '$got'" || return 1
	# every problem is a "path: problem" line and a diagnostic; the merge went on
	expect_present "reports/future.json: report schema major version 2 is not supported" \
		"$WORK/err" || return 1
	expect_present "reports/truncated.json:" "$WORK/err" || return 1
	expect_present "reports/nameless.json: target.name missing" "$WORK/err" || return 1
	[ "$(jq '.diagnostics | length' "$f")" = 3 ] || fail "diagnostics in the report"
}

# Archives are read in place: the same fleet as from the folder.
t_merge_archives() {
	# valgrind: skipped; t_merge_golden and t_merge_fleet run the reading, table and JSON paths, and ASan runs this case
	[ -z "$VC_WRAP" ] || return 0
	merge_scan "$WORK/reports" && merge_variants "$WORK/reports" || return 1
	rm -f "$WORK/reports/truncated.json"
	( cd "$WORK" && tar czf reports.tar.gz reports && tar cf reports.tar reports &&
	  python3 -c 'import shutil; shutil.make_archive("reports", "zip", ".", "reports")' ) ||
		return 1
	run_vc merge "$WORK/reports" --format json -o "$WORK/dir.json" || return 1
	expect_rc 2 || return 1
	for a in reports.tar.gz reports.tar reports.zip; do
		run_vc merge "$WORK/$a" --format json -o "$WORK/a.json" || return 1
		expect_rc 2 || return 1
		for q in '[.hosts[] | del(.report)]' .rules .products .inputs; do
			[ "$(jq -c "$q" "$WORK/a.json")" = "$(jq -c "$q" "$WORK/dir.json")" ] ||
				fail "$a: $q differs from the folder's" || return 1
		done
		expect_present "$a:reports/future.json: report schema major" "$WORK/err" || return 1
	done
	# nothing was unpacked next to the archives
	[ "$(ls "$WORK")" = "$(printf 'a.json\ndir.json\nerr\nout\nreports\nreports.tar\nreports.tar.gz\nreports.zip')" ] ||
		fail "files appeared: $(ls "$WORK" | tr '\n' ' ')"
}

# --previous: a fixed failure, a new one, a new host, a host that stopped.
t_merge_previous() {
	# valgrind: skipped; t_merge_golden and t_merge_fleet run the reading, table and JSON paths, and ASan runs this case
	[ -z "$VC_WRAP" ] || return 0
	d="$WORK/r1"; mkdir -p "$d" "$WORK/r2"
	for h in bbb-default dropbox-zoom jitsi-docker; do
		"$VC" scan --root "$TOP/fixtures/hosts/$h" --format json -o "$d/$h.json" 2>/dev/null
	done
	run_vc merge "$d" --format json -o "$WORK/prev.json" || return 1
	expect_rc 2 || return 1
	# a day later: jitsi-docker fixed its Dropbox upload, bbb01 lost its API secret,
	# dropbox-zoom did not report, mac-clean (erik-mbp) is new
	jq '.generated_at = "2026-11-26T09:46:40Z" | .findings |= map(
	      if .rule == "jitsi.third-party.dropbox" then .status = "pass" else . end)' \
		"$d/jitsi-docker.json" > "$WORK/r2/jitsi.json"
	jq '.generated_at = "2026-11-26T09:46:40Z" | .findings |= map(
	      if .rule == "bigbluebutton.secrets.api-secret-set" then .status = "fail" else . end)' \
		"$d/bbb-default.json" > "$WORK/r2/bbb.json"
	"$VC" scan --root "$TOP/fixtures/hosts/mac-clean" --format json -o "$WORK/r2/mac.json" \
		2>/dev/null
	run_vc merge "$WORK/r2" --previous "$WORK/prev.json" --format json || return 1
	expect_rc 2 || return 1
	c() { jq -c "$1" "$WORK/out"; }
	[ "$(c '[.changes.new_failures[] | "\(.host) \(.rule)"]')" = \
	  '["bbb01 bigbluebutton.secrets.api-secret-set"]' ] ||
		fail "new failures: $(c .changes.new_failures)" || return 1
	[ "$(c '[.changes.fixed[] | "\(.host) \(.rule)"]')" = \
	  '["jitsi-docker jitsi.third-party.dropbox"]' ] || fail "fixed: $(c .changes.fixed)" ||
		return 1
	[ "$(c '[.changes.stopped_reporting[] | "\(.host) \(.last_seen)"]')" = \
	  '["dropbox-zoom 2026-11-25T09:46:40Z"]' ] ||
		fail "stopped: $(c .changes.stopped_reporting)" || return 1
	[ "$(c '[.changes.new_hosts[].host]')" = '["erik-mbp"]' ] ||
		fail "new hosts: $(c .changes.new_hosts)" || return 1
	# the text report says the same to a person, in Danish too
	run_vc merge "$WORK/r2" --previous "$WORK/prev.json" --lang da || return 1
	expect_present "Holdt op med at rapportere" "$WORK/out" || return 1
	expect_present "dropbox-zoom  2026-11-25T09:46:40Z" "$WORK/out" || return 1
	# a host report is not a previous fleet report: exit 1, nothing written
	run_vc merge "$WORK/r2" --previous "$d/bbb-default.json" -o "$WORK/none.json" || return 1
	expect_rc 1 || return 1
	expect_present "not a vcaudit fleet report" "$WORK/err" || return 1
	[ ! -e "$WORK/none.json" ] || fail "an output was written despite the bad --previous"
}

t_merge_formats() {
	# valgrind: skipped; t_merge_golden and t_merge_fleet run the reading, table and JSON paths, and ASan runs this case
	[ -z "$VC_WRAP" ] || return 0
	d="$WORK/r"; mkdir -p "$d"
	for h in bbb-default mac-clean; do
		"$VC" scan --root "$TOP/fixtures/hosts/$h" --format json -o "$d/$h.json" 2>/dev/null
	done
	run_vc merge "$d" --format html --lang da -o "$WORK/fleet.html" || return 1
	expect_rc 2 || return 1
	expect_present '<html lang="da">' "$WORK/fleet.html" || return 1
	expect_present 'bbb01' "$WORK/fleet.html" || return 1
	# self-contained: no external style sheets, scripts, fonts or images
	for p in '<script' '<link' 'src=' '@import' 'url('; do
		expect_absent "$p" "$WORK/fleet.html" || return 1
	done
	xmllint --noout --html "$WORK/fleet.html" 2>"$WORK/lint" ||
		fail "fleet.html: $(head -3 "$WORK/lint")" || return 1
	run_vc merge "$d" --format csv -o "$WORK/fleet.csv" || return 1
	[ "$(wc -l < "$WORK/fleet.csv")" = 3 ] || fail "csv: header and 2 hosts expected" || return 1
	head -1 "$WORK/fleet.csv" | grep -q '^host,machine_id,kind,last_seen,' ||
		fail "csv header: $(head -1 "$WORK/fleet.csv")" || return 1
	grep -q '^bbb01,.*bigbluebutton.secrets.api-secret-not-public' "$WORK/fleet.csv" ||
		fail "csv: bbb01's failing rules missing" || return 1
	# --fail-on: nothing at critical fails on erik-mbp alone
	run_vc merge "$d/mac-clean.json" --fail-on critical || return 1
	expect_rc 0 || return 1
	expect_present "erik-mbp" "$WORK/out" || return 1
	# usage errors and nothing to merge
	run_vc merge || return 1
	expect_rc 64 || return 1
	run_vc merge "$d" --format pdf || return 1
	expect_rc 64 || return 1
	mkdir "$WORK/empty"
	run_vc merge "$WORK/empty" "$WORK/missing" || return 1
	expect_rc 1 || return 1
	expect_present "no host report could be read" "$WORK/err" || return 1
	expect_present "$WORK/missing" "$WORK/err"
}

# scan writes target.machine_id from <root>/etc/machine-id; merge tells two
# machines with the same host name apart by it.
t_merge_machine_id() {
	for m in a b c; do
		stage mac-clean >/dev/null && mv "$WORK/mac-clean" "$WORK/$m" || return 1
		echo web > "$WORK/$m/etc/hostname" || return 1
	done
	echo 0123456789abcdef0123456789abcdef > "$WORK/a/etc/machine-id"
	echo fedcba9876543210fedcba9876543210 > "$WORK/b/etc/machine-id"
	echo NOT-A-MACHINE-ID > "$WORK/c/etc/machine-id"
	mkdir "$WORK/r"
	for m in a b c; do
		run_vc scan --root "$WORK/$m" --format json -o "$WORK/r/$m.json" || return 1
	done
	[ "$(jq -r .target.machine_id "$WORK/r/a.json")" = 0123456789abcdef0123456789abcdef ] ||
		fail "a: machine_id $(jq -c .target "$WORK/r/a.json")" || return 1
	[ "$(jq -c '.target | has("machine_id")' "$WORK/r/c.json")" = false ] ||
		fail "c: a malformed /etc/machine-id was reported" || return 1
	run_vc merge "$WORK/r/a.json" "$WORK/r/b.json" --format json || return 1
	[ "$(jq -c '[.hosts[] | "\(.name) \(.machine_id)"]' "$WORK/out")" = \
	  '["web 0123456789abcdef0123456789abcdef","web fedcba9876543210fedcba9876543210"]' ] ||
		fail "hosts: $(jq -c '[.hosts[] | [.name, .machine_id]]' "$WORK/out")" || return 1
	# the report without an id is the same host as one of them: not a third host
	run_vc merge "$WORK/r" --format json || return 1
	[ "$(jq '.hosts | length' "$WORK/out")" = 2 ] ||
		fail "$(jq '.hosts | length' "$WORK/out") hosts from three reports of two machines"
}
