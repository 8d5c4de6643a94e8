# Secrets never reach any output. One host tree holds a BigBlueButton server,
# a Debian Jitsi server and a docker-jitsi-meet checkout; every secret the
# scanners read is set to a marker starting with "Qx7k" (BBB securitySalt,
# BBB TURN secret, Prosody TURN secret, JWT app secret, component and LDAP
# passwords, bridge, Jicofo and Jibri passwords, the .env passwords, LDAP
# bind password, TURN credentials and Dropbox API key), and exports beside
# it carry a Zoom client secret, a Teams API key and a ZDM enrolment token.
# The scan runs in every format, with both bundle kinds (every member
# unpacked, the PDFs through pdftotext), `facts`, and `fetch` with secret
# files against a closed port; no marker, nor any 4+ character start of one,
# may appear in any output, bundle member, diagnostic or log line.
# The same holds for identities: the home of alice (alice@example.org, a Zoom
# recording of "Acme Weekly" in her Dropbox) is in the tree, and without
# --reveal-identities neither her address, her name in a path nor the
# meeting topic may appear.
# (t_bbb.sh, t_jitsi.sh and t_bundle.sh keep their product-specific checks.)

SX_MARK=Qx7k

sx_stage() {
	root="$WORK/host"
	for fx in bbb-hardened jitsi-hardened jitsi-docker dropbox-zoom; do
		sh "$TOP/scripts/stage-tree.sh" "$TOP/fixtures/hosts/$fx" "$WORK/$fx" >&2 &&
			cp -a "$WORK/$fx/." "$root/" && rm -rf "$WORK/${fx:?}" || return 1
	done
	# BigBlueButton
	p="$root/etc/bigbluebutton/bbb-web.properties"
	sed -i 's/^securitySalt=.*/securitySalt=Qx7kBbbSecuritySaltA1/' "$p" || return 1
	sed -i 's/fixture-turn-secret-never-printed/Qx7kBbbTurnSecretB2/' \
		"$root/etc/bigbluebutton/turn-stun-servers.xml" || return 1
	# Prosody: TURN secret, JWT app secret, a component secret, LDAP password
	c="$root/etc/prosody/conf.avail/meet.example.dk.cfg.lua"
	sed -i 's/Hq2ZkTurnSecretHardened4r/Qx7kProsodyTurnSecretC3/' "$c" || return 1
	sed -i 's/^\( *\)--app_secret="example_app_secret"/\1app_secret="Qx7kJwtAppSecretD4"/' "$c" ||
		return 1
	sed -i 's/^Component "focus.meet.example.dk" "client_proxy"/&\n    component_secret = "Qx7kComponentSecretE5"/' \
		"$c" || return 1
	printf 'ldap_password = "Qx7kProsodyLdapF6"\n' >>"$root/etc/prosody/prosody.cfg.lua"
	# Jitsi services
	sed -i 's/Mw6kHardenedBridgeSecret3/Qx7kBridgePasswordG7/' \
		"$root/etc/jitsi/videobridge/sip-communicator.properties" || return 1
	sed -i 's/Tz4pHardenedJicofoSecret8/Qx7kJicofoPasswordH8/' "$root/etc/jitsi/jicofo/jicofo.conf" ||
		return 1
	sed -i 's/Rb7nHardenedJibriSecret1/Qx7kJibriPasswordI9/; s/Pc3xHardenedRecorderSecret5/Qx7kRecorderPasswordJ0/' \
		"$root/etc/jitsi/jibri/jibri.conf" || return 1
	# docker-jitsi-meet .env
	e=$(ls "$root"/home/*/docker-jitsi-meet/.env) || return 1
	sed -i 's/^JWT_APP_SECRET=.*/JWT_APP_SECRET=Qx7kEnvJwtSecretK1/
		s/^JICOFO_AUTH_PASSWORD=.*/JICOFO_AUTH_PASSWORD=Qx7kEnvJicofoL2/
		s/^JVB_AUTH_PASSWORD=.*/JVB_AUTH_PASSWORD=Qx7kEnvJvbM3/
		s/^JIBRI_RECORDER_PASSWORD=.*/JIBRI_RECORDER_PASSWORD=Qx7kEnvRecorderN4/
		s/^JIBRI_XMPP_PASSWORD=.*/JIBRI_XMPP_PASSWORD=Qx7kEnvJibriO5/
		s/^DROPBOX_APPKEY=.*/DROPBOX_APPKEY=Qx7kDropboxApiKeyP6/' "$e" || return 1
	printf 'LDAP_BINDPW=Qx7kEnvLdapBindQ7\nTURN_CREDENTIALS=Qx7kEnvTurnR8\n' >>"$e"
	n=$(grep -rho 'Qx7k[A-Za-z0-9]*' "$root" | sort -u | wc -l)
	[ "$n" -eq 18 ] || fail "$n markers planted, expected 18" || return 1
	# exports: a Zoom reply with the app's client secret, a Teams export
	# with an API key, the Zoom policy .reg with an enrolment token
	mkdir -p "$WORK/exports" || return 1
	jq '. + {"client_secret": "Qx7kZoomClientSecretS9"}' \
		"$TOP/fixtures/exports/zoom/account-settings.json" >"$WORK/exports/zoom.json" || return 1
	jq '. + {"ApiKey": "Qx7kTeamsApiKeyT0"}' \
		"$TOP/fixtures/exports/teams/client-configuration.json" >"$WORK/exports/teams.json" ||
		return 1
	{ printf '\377\376'; iconv -f UTF-16 -t UTF-8 "$TOP/fixtures/exports/zoom/zoom-policy.reg" |
		sed 's/Zdm-3f9a1c2b-enrol-secret/Qx7kZdmEnrolTokenU1/' | iconv -f UTF-8 -t UTF-16LE; } \
		>"$WORK/exports/zoom-policy.reg" || return 1
	iconv -f UTF-16 -t UTF-8 "$WORK/exports/zoom-policy.reg" | grep -q Qx7kZdmEnrolTokenU1 ||
		fail "token not planted in the .reg" || return 1
	echo "$root"
}

# sx_clean FILE...: no marker (nor its first four characters) in any.
sx_clean() {
	for f in "$@"; do
		if grep -aq "$SX_MARK" "$f"; then
			fail "a secret appears in $(basename "$f"): $(grep -ao "${SX_MARK}[A-Za-z0-9]*" "$f" |
				sort -u | tr '\n' ' ')"
			return 1
		fi
		case $f in *revealed*) continue ;; esac
		for id in "alice@example.org" "Acme Weekly" "/home/alice"; do
			if grep -aqF "$id" "$f"; then
				fail "the identity '$id' appears in $(basename "$f")"
				return 1
			fi
		done
	done
}

t_secrets_never_in_any_output() {
	root=$(sx_stage) || return 1
	mkdir -p "$WORK/o" || return 1
	set -- --root "$root" --input "$WORK/exports/zoom.json" --input "$WORK/exports/teams.json" \
		--input "$WORK/exports/zoom-policy.reg" --deep
	formats="text json md csv junit html pdf"
	# valgrind: JSON and the bundle (which holds text, Markdown, CSV and
	# HTML) only; every format runs plain and under ASan (minutes otherwise)
	[ -z "$VC_WRAP" ] || formats=json
	for f in $formats; do
		run_vc scan "$@" --format "$f" -o "$WORK/o/report.$f" || return 1
		[ "$RC" -eq 2 ] || fail "$f: exit $RC, expected 2" || return 1
		cp "$WORK/err" "$WORK/o/err-$f.log"
	done
	# the audit did read the planted files: the secrets are known to be set
	jq -e '[.facts[] | select(.key == "secrets.api_secret_set" and .value == true)]
		| length >= 2' "$WORK/o/report.json" >/dev/null ||
		fail "the planted secrets were not read" || return 1
	if [ -z "$VC_WRAP" ]; then
		run_vc scan "$@" --reveal-identities --format json -o "$WORK/o/revealed.json" ||
			return 1
		cp "$WORK/err" "$WORK/o/err.revealed"
		# the identities were there to be hidden
		expect_present "/home/alice" "$WORK/o/revealed.json" || return 1
	fi
	run_vc facts "$@" || return 1
	cp "$WORK/out" "$WORK/o/facts.json" && cp "$WORK/err" "$WORK/o/err.facts"
	bundles="tar.gz zip"
	[ -z "$VC_WRAP" ] || bundles=zip
	for b in $bundles; do
		run_vc scan "$@" --bundle "$WORK/b.$b" || return 1
		[ "$RC" -eq 2 ] || fail "--bundle $b: exit $RC" || return 1
		cp "$WORK/out" "$WORK/o/stdout-$b.log" && cp "$WORK/err" "$WORK/o/err-$b.log"
		mkdir -p "$WORK/u.$b" || return 1
		case $b in
		zip) (cd "$WORK/u.$b" && unzip -q "$WORK/b.$b") ;;
		*) tar -xzf "$WORK/b.$b" -C "$WORK/u.$b" ;;
		esac || fail "cannot unpack the $b bundle" || return 1
		[ "$(find "$WORK/u.$b" -type f | wc -l)" -gt 3 ] || fail "$b bundle nearly empty" ||
			return 1
		# the redacted copies are there: the test looks at real members
		find "$WORK/u.$b" -name bbb-web.properties | grep -q . ||
			fail "no bbb-web.properties copy in the $b bundle" || return 1
	done
	# every PDF, the report and those inside bundles, as text
	if command -v pdftotext >/dev/null 2>&1; then
		find "$WORK/o" "$WORK"/u.* -name '*.pdf' | while read -r p; do
			pdftotext -enc UTF-8 "$p" "$p.txt" || echo "$p" >>"$WORK/pdf-failed"
		done
		[ ! -s "$WORK/pdf-failed" ] || fail "pdftotext failed on $(cat "$WORK/pdf-failed")" ||
			return 1
		[ -n "$VC_WRAP" ] || expect_present "bigbluebutton" "$WORK/o/report.pdf.txt" ||
			return 1
		[ -n "$VC_WRAP" ] || expect_present "Dropbox" "$WORK/o/report.pdf.txt" ||
			return 1
	else
		echo "    (no pdftotext: PDFs searched as bytes only)" >&2
	fi
	# fetch with secret files: the connection is refused, nothing leaks
	printf 'Qx7kFetchZoomSecretV2\n' >"$WORK/zoom.secret"
	printf 'Qx7kFetchBbbSecretW3\n' >"$WORK/bbb.secret"
	run_vc fetch zoom --account-id acc --client-id cid --client-secret-file "$WORK/zoom.secret" \
		--oauth-base http://127.0.0.1:9 --api-base http://127.0.0.1:9 --max-wait 2 \
		-o "$WORK/o/fetched.json" || return 1
	[ "$RC" -ne 0 ] || fail "fetch zoom to a closed port succeeded" || return 1
	cat "$WORK/out" "$WORK/err" >"$WORK/o/fetch-zoom.log"
	run_vc fetch bbb --url http://127.0.0.1:9/bigbluebutton --secret-file "$WORK/bbb.secret" \
		--max-wait 2 -o "$WORK/o/fetched-bbb.json" || return 1
	[ "$RC" -ne 0 ] || fail "fetch bbb to a closed port succeeded" || return 1
	cat "$WORK/out" "$WORK/err" >"$WORK/o/fetch-bbb.log"
	# shellcheck disable=SC2046
	sx_clean $(find "$WORK/o" "$WORK"/u.* -type f) "$WORK"/b.*
}
