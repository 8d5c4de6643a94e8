# Jitsi Meet servers end to end: the Debian defaults, a docker-jitsi-meet
# deployment and a hardened Debian server (fixtures/hosts/jitsi-*), each rule
# both ways, evidence with file and line, no secret or participant in any output.

# jitsi_status RULE: statuses of the rule's findings for product jitsi in $WORK/out.
jitsi_status() {
	jq -r --arg r "$1" '.findings[] | select(.rule == $r and .product == "jitsi") | .status' \
		"$WORK/out" | sort -u | tr '\n' ' ' | sed 's/ $//'
}

jitsi_expect_status() {
	got=$(jitsi_status "$1")
	[ "$got" = "$2" ] || fail "$1: status '$got', expected '$2'"
}

# jitsi_expect RULE STATUS...: jitsi.RULE has STATUS.
jitsi_expect() {
	while [ $# -ge 2 ]; do
		jitsi_expect_status "jitsi.$1" "$2" || return 1
		shift 2
	done
}

# jitsi_evidence_at RULE: "source:line" of every evidence entry of the rule's findings.
jitsi_evidence_at() {
	jq -r --arg r "$1" '.findings[] | select(.rule == $r) | .evidence[] |
		"\(.source):\(.line)"' "$WORK/out"
}

jitsi_expect_evidence() {
	ev=$(jitsi_evidence_at "$1")
	case "$ev" in
	*"$2"*) ;;
	*) fail "$1: evidence '$ev' does not name $2"; return 1 ;;
	esac
}

t_jitsi_debian_defaults() {
	root=$(stage jitsi-debian-default) || return 1
	run_vc scan --root "$root" --format json || return 1
	expect_rc 2 || return 1
	jitsi_expect \
		local-recording.disabled-or-announced fail \
		retention.server-recordings fail \
		artifacts.recordings-past-deletion notapplicable \
		third-party.dropbox pass \
		third-party.live-streaming fail \
		third-party.analytics pass \
		third-party.gravatar fail \
		third-party.external-stun fail \
		access.authentication fail \
		access.anonymous-join fail \
		access.lobby pass \
		encryption.transport fail \
		encryption.e2ee pass \
		secrets.service-passwords pass \
		secrets.jwt-secret notapplicable \
		cloud-recording.public-links notapplicable || return 1
	jitsi_expect_status common.retention.recordings-age fail || return 1
	# one site, named by config.js hosts.domain
	[ "$(jq -r '[.findings[] | select(.product == "jitsi") | .scope] | unique | join(",")' \
		"$WORK/out")" = "site:jitsi-meet.example.com" ] || fail "unexpected scopes" || return 1
	# evidence: the file and line that decided
	jitsi_expect_evidence jitsi.encryption.transport \
		"/etc/prosody/conf.d/jitsi-meet.example.com.cfg.lua:69" || return 1
	jitsi_expect_evidence jitsi.access.authentication \
		"/etc/prosody/conf.d/jitsi-meet.example.com.cfg.lua:39" || return 1
	jitsi_expect_evidence jitsi.third-party.external-stun \
		"/etc/jitsi/meet/jitsi-meet.example.com-config.js:995" || return 1
	# a code default cites the file that left the key out, at line 0
	jitsi_expect_evidence jitsi.local-recording.disabled-or-announced \
		"/etc/jitsi/meet/jitsi-meet.example.com-config.js:0" || return 1
	jitsi_expect_evidence jitsi.retention.server-recordings "/etc/jitsi/jibri/jibri.conf:0" || return 1
	jitsi_expect_evidence common.retention.recordings-age "/tmp/recordings/hzqkmuvdwbtjlxsa" || return 1
	# the sources carry their SHA-256; config.js is the corpus file, byte for byte
	want=$(sha256sum "$TOP/fixtures/hosts/jitsi-debian-default/etc/jitsi/meet/jitsi-meet.example.com-config.js" | cut -d' ' -f1)
	got=$(jq -r '.products[] | select(.id == "jitsi") | .sources[] |
		select(.path | endswith("-config.js")) | .sha256' "$WORK/out")
	[ "$got" = "$want" ] || fail "config.js sha256 '$got', expected $want"
}

t_jitsi_docker() {
	root=$(stage jitsi-docker) || return 1
	run_vc scan --root "$root" --format json || return 1
	expect_rc 2 || return 1
	jitsi_expect \
		local-recording.disabled-or-announced pass \
		retention.server-recordings pass \
		artifacts.recordings-past-deletion fail \
		third-party.dropbox fail \
		third-party.live-streaming fail \
		third-party.analytics fail \
		third-party.gravatar fail \
		third-party.external-stun fail \
		access.authentication pass \
		access.anonymous-join fail \
		access.lobby pass \
		encryption.transport pass \
		encryption.e2ee fail \
		secrets.service-passwords fail \
		secrets.jwt-secret fail \
		cloud-recording.public-links pass || return 1
	# the site is PUBLIC_URL's host
	jq -e '[.findings[] | select(.product == "jitsi") | .scope] | unique ==
		["site:meet.example.net"]' "$WORK/out" >/dev/null || fail "scope" || return 1
	# custom-config.js wins, and is cited with its own line
	jitsi_expect_evidence jitsi.local-recording.disabled-or-announced \
		"/.jitsi-meet-cfg/web/custom-config.js:2" || return 1
	jitsi_expect_evidence jitsi.encryption.e2ee "/.jitsi-meet-cfg/web/custom-config.js:5" || return 1
	jitsi_expect_evidence jitsi.third-party.analytics "/.jitsi-meet-cfg/web/custom-config.js:7" || return 1
	# .env lines; the finalize script that deletes after 30 days
	jitsi_expect_evidence jitsi.secrets.jwt-secret "/docker-jitsi-meet/.env:152" || return 1
	jitsi_expect_evidence jitsi.retention.server-recordings "/.jitsi-meet-cfg/jibri/finalize.sh:7" ||
		return 1
	# the 45-day session is past the script's 30 days; the 3-day one is not
	n=$(jq '[.findings[] | select(.rule == "jitsi.artifacts.recordings-past-deletion") |
		.evidence[] | select(.fact == "artifacts.recordings")] | length' "$WORK/out")
	[ "$n" -eq 1 ] || fail "$n offending recordings, expected 1" || return 1
	# the home of the deployment is pseudonymised everywhere
	expect_absent "/home/ops" "$WORK/out"
}

t_jitsi_hardened_passes() {
	root=$(stage jitsi-hardened) || return 1
	run_vc scan --root "$root" --format json --encrypted /srv \
		--org "$TOP/fixtures/org/complete.json" || return 1
	expect_rc 0 || return 1
	jq -e '[.findings[] | select(.status == "fail" or .status == "error")] | length == 0' \
		"$WORK/out" >/dev/null || fail "failures on the hardened server" || return 1
	for r in local-recording.disabled-or-announced retention.server-recordings \
		artifacts.recordings-past-deletion third-party.dropbox third-party.live-streaming \
		third-party.analytics third-party.gravatar third-party.external-stun \
		access.authentication access.anonymous-join access.lobby encryption.transport \
		encryption.e2ee secrets.service-passwords cloud-recording.public-links; do
		jitsi_expect_status "jitsi.$r" pass || return 1
	done
	jitsi_expect_status jitsi.secrets.jwt-secret notapplicable || return 1
	jitsi_expect_status common.retention.recordings-age pass || return 1
	jitsi_expect_status common.artifacts.recordings-unencrypted pass || return 1
	jitsi_expect_evidence jitsi.retention.server-recordings "/usr/local/bin/jibri-finalize.sh:7"
}

# Variants of the hardened server for the rules its defaults leave one way.
t_jitsi_variants() {
	root=$(stage jitsi-hardened) || return 1
	site="$root/etc/prosody/conf.avail/meet.example.dk.cfg.lua"
	conf="$root/etc/jitsi/meet/meet.example.dk-config.js"
	# JWT with a secret: passes; then an empty secret: fails
	sed -i '0,/authentication = "internal_hashed"/s//authentication = "token"\n    app_secret = "Zz9HardenedJwtSecret"/' "$site"
	grep -q 'app_secret = "Zz9HardenedJwtSecret"' "$site" || fail "fixture edit" || return 1
	run_vc scan --root "$root" --format json --encrypted /srv || return 1
	jitsi_expect_status jitsi.secrets.jwt-secret pass || return 1
	expect_absent "Zz9HardenedJwtSecret" "$WORK/out" || return 1
	sed -i 's/app_secret = "Zz9HardenedJwtSecret"/app_secret = ""/' "$site"
	# recording links shared, the lobby button hidden
	printf "config.recordingService.sharingEnabled = true;\nconfig.securityUi = { hideLobbyButton: true };\n" >> "$conf"
	run_vc scan --root "$root" --format json --encrypted /srv || return 1
	expect_rc 2 || return 1
	jitsi_expect_status jitsi.secrets.jwt-secret fail || return 1
	jitsi_expect_status jitsi.cloud-recording.public-links fail || return 1
	jitsi_expect_status jitsi.access.lobby fail || return 1
	n=$(wc -l < "$conf")
	jitsi_expect_evidence jitsi.cloud-recording.public-links \
		"/etc/jitsi/meet/meet.example.dk-config.js:$((n - 1))"
}

t_jitsi_no_secrets_or_names_in_output() {
	for fx in jitsi-debian-default jitsi-docker jitsi-hardened; do
		root=$(stage $fx) || return 1
		run_vc scan --root "$root" --format json || return 1
		cp "$WORK/out" "$WORK/$fx.json"
		run_vc scan --root "$root" --lang da || return 1
		cp "$WORK/out" "$WORK/$fx.txt"
		run_vc facts --root "$root" || return 1
		cp "$WORK/out" "$WORK/$fx.facts"
		cat "$WORK/err" >> "$WORK/all.err"
	done
	for s in Vq3TurnSecretShippedDebian9x Fk8wPostinstJicofoSecret2 Jb5rPostinstBridgeSecret7 \
		Hq2ZkTurnSecretHardened4r Tz4pHardenedJicofoSecret8 Mw6kHardenedBridgeSecret3 \
		Rb7nHardenedJibriSecret1 Pc3xHardenedRecorderSecret5 x7k2m9q4w1e8r5t \
		"Karen Sørensen" "Jens Hansen" "Mette Frederiksen" "Lars Holm" "Birgitte Nyborg" \
		karen@example.org meeting_url borgerraadgivning socialraadgivning ledermoede; do
		for f in "$WORK"/jitsi-*.json "$WORK"/jitsi-*.txt "$WORK"/jitsi-*.facts "$WORK/all.err"; do
			expect_absent "$s" "$f" || return 1
		done
	done
	# participants are counted, never named
	jq -e '[.facts[] | select(.key == "artifacts.recordings" and .product == "jitsi") |
		.value[].participants] == [2]' "$WORK/jitsi-debian-default.facts" >/dev/null ||
		fail "participant count missing"
}

t_jitsi_broken_files_are_errors() {
	root=$(stage jitsi-debian-default) || return 1
	conf="$root/etc/jitsi/meet/jitsi-meet.example.com-config.js"
	jibri="$root/etc/jitsi/jibri/jibri.conf"
	# a config.js cut off inside the object literal, a jibri.conf with an open array
	head -n 400 "$conf" > "$conf.new" && mv "$conf.new" "$conf"
	printf 'jibri {\n  recording {\n    recordings-directory = [\n}\n' > "$jibri"
	run_vc scan --root "$root" --format json || return 1
	# not exit 1: the audit went on, and Prosody's failures stand
	expect_rc 2 || return 1
	jitsi_expect_status jitsi.access.authentication fail || return 1
	jitsi_expect_status jitsi.encryption.transport fail || return 1
	# what the broken files decide is an error, never a pass
	for r in local-recording.disabled-or-announced third-party.gravatar third-party.dropbox \
		retention.server-recordings; do
		jitsi_expect_status "jitsi.$r" error || return 1
	done
	jq -e '[.diagnostics[] | select(.source | endswith("jitsi-meet.example.com-config.js")) |
		select(.line > 0)] | length == 1' "$WORK/out" >/dev/null ||
		fail "no config.js diagnostic with a line" || return 1
	jq -e '[.diagnostics[] | select(.source == "/etc/jitsi/jibri/jibri.conf") |
		select(.line == 4)] | length == 1' "$WORK/out" >/dev/null ||
		fail "no jibri.conf diagnostic at line 4"
}

t_jitsi_product_filter() {
	root=$(stage jitsi-docker) || return 1
	run_vc scan --root "$root" --format json --product zoom || return 1
	jq -e '[.findings[] | select(.product == "jitsi")] | length == 0' "$WORK/out" >/dev/null ||
		fail "jitsi findings with --product zoom" || return 1
	run_vc facts --root "$root" --product jitsi || return 1
	jq -e '[.facts[] | select(.product == "jitsi" and .key == "product.installed")] |
		length == 1' "$WORK/out" >/dev/null || fail "no jitsi site with --product jitsi"
}
