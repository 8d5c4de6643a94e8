# The evidence bundle (--bundle) and `vcaudit verify` (docs/bundle.md).

BUNDLE_BBB_CORPUS="${VC_CORPUS:-$TOP/../shared/corpus}/bigbluebutton/bbb-web.properties-override-wlgrbbb"

# bundle_contents BUNDLE: every member's bytes, concatenated, into $WORK/all
# (read to stdout, never extracted), and the member names into $WORK/names.
bundle_contents() {
	case $1 in
	*.zip)	unzip -p "$1" >"$WORK/all" && unzip -Z1 "$1" >"$WORK/names" ;;
	*)	tar -xOzf "$1" >"$WORK/all" && tar -tzf "$1" >"$WORK/names" ;;
	esac || fail "cannot list $1"
}

# bundle_rebuild BUNDLE OUT ACTION: unpack into $WORK/x, apply ACTION there
# (change, remove or add), pack again as .tar.gz in the same member order.
bundle_rebuild() {
	rm -rf "$WORK/x"; mkdir "$WORK/x"
	tar -xzf "$1" -C "$WORK/x" || { fail "cannot unpack $1"; return 1; }
	tar -tzf "$1" >"$WORK/list"
	case $3 in
	change)	printf 'X' | dd of="$WORK/x/report.md" bs=1 seek=3 conv=notrunc 2>/dev/null ;;
	remove)	rm "$WORK/x/facts.json"; grep -vx facts.json "$WORK/list" >"$WORK/l2"
		mv "$WORK/l2" "$WORK/list" ;;
	add)	echo "planted" >"$WORK/x/zz-extra.txt"; echo zz-extra.txt >>"$WORK/list" ;;
	esac
	tar -czf "$2" -C "$WORK/x" -T "$WORK/list" || fail "cannot pack $2"
}

t_bundle_tgz_verifies_and_names_tampering() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --bundle "$WORK/b.tar.gz" --lang da || return 1
	expect_rc 2 || return 1
	[ -f "$WORK/b.tar.gz" ] || { fail "no bundle written"; return 1; }
	bundle_contents "$WORK/b.tar.gz" || return 1
	for m in MANIFEST.sha256 SOURCES.txt facts.json report.json report.txt report.md; do
		grep -qx "$m" "$WORK/names" || fail "member $m missing" || return 1
	done
	grep -q '^config/home/user-[0-9a-f]*/\.config/zoomus\.conf$' "$WORK/names" ||
		fail "no redacted zoomus.conf copy" || return 1
	# sorted, in the manifest once each, and never the real account name
	sort -c "$WORK/names" 2>/dev/null || fail "members not in name order" || return 1
	expect_absent "alice" "$WORK/names" || return 1
	# the facts member is what `vcaudit facts` prints
	tar -xOzf "$WORK/b.tar.gz" facts.json >"$WORK/facts.json"
	run_vc facts --root "$root" || return 1
	cmp -s "$WORK/out" "$WORK/facts.json" || fail "facts.json differs from vcaudit facts" ||
		return 1
	expect_absent '"real"' "$WORK/all" || return 1
	run_vc verify "$WORK/b.tar.gz" || return 1
	expect_rc 0 || return 1
	# the same audit gives the same bytes
	run_vc scan --root "$root" --bundle "$WORK/c.tar.gz" --lang da || return 1
	cmp -s "$WORK/b.tar.gz" "$WORK/c.tar.gz" || fail "bundle not reproducible" || return 1
	bundle_rebuild "$WORK/b.tar.gz" "$WORK/t.tar.gz" change || return 1
	run_vc verify "$WORK/t.tar.gz" || return 1
	expect_rc 2 || return 1
	expect_present "report.md: changed" "$WORK/out" || return 1
	bundle_rebuild "$WORK/b.tar.gz" "$WORK/t.tar.gz" remove || return 1
	run_vc verify "$WORK/t.tar.gz" || return 1
	expect_rc 2 || return 1
	expect_present "facts.json: missing" "$WORK/out" || return 1
	bundle_rebuild "$WORK/b.tar.gz" "$WORK/t.tar.gz" add || return 1
	run_vc verify "$WORK/t.tar.gz" || return 1
	expect_rc 2 || return 1
	expect_present "zz-extra.txt: added" "$WORK/out" || return 1
	# not an archive at all
	echo "not a bundle" >"$WORK/junk.tar.gz"
	run_vc verify "$WORK/junk.tar.gz" || return 1
	expect_rc 1
}

t_bundle_zip_keeps_no_secret() {
	[ -f "$BUNDLE_BBB_CORPUS" ] || { fail "corpus file missing: $BUNDLE_BBB_CORPUS"; return 1; }
	root=$(stage bbb-default) || return 1
	cp "$BUNDLE_BBB_CORPUS" "$root/etc/bigbluebutton/bbb-web.properties"
	salt=$(sed -n 's/^securitySalt=//p' "$BUNDLE_BBB_CORPUS" | tr -d '\r')
	[ -n "$salt" ] || { fail "no salt in the corpus file"; return 1; }
	run_vc scan --root "$root" --bundle "$WORK/b.zip" || return 1
	expect_rc 2 || return 1
	bundle_contents "$WORK/b.zip" || return 1
	grep -qx config/etc/bigbluebutton/bbb-web.properties "$WORK/names" ||
		fail "no redacted override copy" || return 1
	if grep -qF -- "$salt" "$WORK/all"; then fail "the API secret is in the bundle"; return 1; fi
	unzip -p "$WORK/b.zip" config/etc/bigbluebutton/bbb-web.properties >"$WORK/props"
	expect_present "securitySalt=<set>" "$WORK/props" || return 1
	# files without a redactor are listed, not copied
	expect_present "turn-stun-servers.xml  not copied" "$WORK/all" || return 1
	run_vc verify "$WORK/b.zip" || return 1
	expect_rc 0 || return 1
	# one changed byte in a zip member: repack with zip
	rm -rf "$WORK/z"; mkdir "$WORK/z"
	(cd "$WORK/z" && unzip -q "$WORK/b.zip" &&
		printf 'X' | dd of=report.txt bs=1 seek=3 conv=notrunc 2>/dev/null &&
		unzip -Z1 "$WORK/b.zip" | zip -q -X "$WORK/t.zip" -@) ||
		{ fail "cannot repack the zip"; return 1; }
	run_vc verify "$WORK/t.zip" || return 1
	expect_rc 2 || return 1
	expect_present "report.txt: changed" "$WORK/out" || return 1
	# the Jitsi docker .env passwords
	root=$(stage jitsi-docker) || return 1
	run_vc scan --root "$root" --bundle "$WORK/j.tar.gz" || return 1
	bundle_contents "$WORK/j.tar.gz" || return 1
	grep -q 'docker-jitsi-meet/\.env$' "$WORK/names" || fail "no .env copy" || return 1
	for v in $(sed -n 's/^[A-Z_]*\(PASSWORD\|SECRET\|APPKEY\)=\(..*\)$/\2/p' \
			"$root"/home/*/docker-jitsi-meet/.env); do
		if grep -qF -- "$v" "$WORK/all"; then fail "a .env secret is in the bundle"; return 1; fi
	done
}

t_bundle_usage() {
	root=$(stage dropbox-zoom) || return 1
	run_vc scan --root "$root" --bundle "$WORK/b.tar" || return 1
	expect_rc 64 || return 1
	[ ! -e "$WORK/b.tar" ] || fail "a bundle was written after a usage error" || return 1
	run_vc facts --root "$root" --bundle "$WORK/b.zip" || return 1
	expect_rc 64 || return 1
	run_vc verify || return 1
	expect_rc 64
}
