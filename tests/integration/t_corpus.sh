# Every real upstream file of ../shared/corpus/ for Zoom, Teams, Jitsi and
# BigBlueButton (google-meet is out of scope), fed to vcaudit the way a user
# would, one case per file:
#   - a tenant export:      vcaudit facts --input FILE
#   - a workstation/server file: staged at its real path in a minimal host
#     tree under $WORK/host, then vcaudit facts --root $WORK/host
#   - a file vcaudit does not read (the Zoom HAR and OpenAPI spec):
#     --input must say, naming the file, that it is not recognised.
# Each case: exit 0, no diagnostic at all (so nothing called malformed,
# nothing half-read), the source's SHA-256 equal to the corpus file's, a few
# facts with their value and line checked against the corpus by hand, no
# secret or identity of the corpus in stdout or stderr (the values are read
# from the corpus at run time and never written here), and the facts compared
# byte for byte with tests/golden/corpus/<dir>-<file>.facts.json after
# normalising (staged root -> @ROOT@, corpus folder -> @CORPUS@, jq -S).
# VC_UPDATE_GOLDEN=1 rewrites the golden files; read them before committing.
#
# The corpus is "$TOP/../shared/corpus" (CI lays shared/ beside the clone),
# or $VC_CORPUS.

CORPUS_DIR=$(cd "${VC_CORPUS:-$TOP/../shared/corpus}" 2>/dev/null && pwd -P)
CORPUS_GOLDEN="$TOP/tests/golden/corpus"

# corpus_path DIR/NAME: the corpus file's path; fails when it is missing.
corpus_path() {
	if [ -z "$CORPUS_DIR" ] || [ ! -f "$CORPUS_DIR/$1" ]; then
		fail "corpus file missing: ${VC_CORPUS:-$TOP/../shared/corpus}/$1"
		return 1
	fi
	echo "$CORPUS_DIR/$1"
}

# corpus_stage DIR/NAME REL: copy the corpus file to $WORK/host/REL.
corpus_stage() {
	c_src=$(corpus_path "$1") || return 1
	mkdir -p "$WORK/host$(dirname "$2")" && cp "$c_src" "$WORK/host$2" &&
		chmod u+w "$WORK/host$2"
}

# corpus_private: "FILE<TAB>VALUE" for every secret and identity the corpus
# holds, which no output may ever contain: securitySalt and passwords of the
# BigBlueButton properties, passwords and secrets of docker .env, Prosody's
# external_service_secret / app_secret, HOCON passwords of the Jitsi
# components (commented ones excluded), the Zoom client's account e-mail
# address and device id.
corpus_private() {
	(
	cd "$CORPUS_DIR" || exit 1
	sp='[[:space:]]*'
	# KEY=VALUE files: the value after a salt, password or secret key
	kv="^${sp}[A-Za-z0-9_.]*([Ss]alt|[Pp]assword|PASSWORD|[Ss]ecret|SECRET)$sp=$sp"
	for f in bigbluebutton/bigbluebutton.properties \
		bigbluebutton/bbb-web.properties-override-wlgrbbb \
		jitsi/docker-jitsi-meet-env.example; do
		tr -d '\r' < "$f" | sed -nE "s/$kv([^[:space:]]+)$sp\$/\\2/p" | sed "s|^|$f	|"
	done
	# Prosody: key = "value"; (a commented line starts with --)
	lua="^$sp(external_service_secret|turncredentials_secret|app_secret|component_secret)"
	f=jitsi/prosody.cfg.lua-jvb.example
	sed -nE "s/$lua$sp=$sp\"([^\"]+)\".*/\\2/p" "$f" | sed "s|^|$f	|"
	# HOCON: password = "value" (a commented line starts with # or //)
	for f in jitsi/*.conf; do
		sed -nE "s/^$sp(password|PASSWORD|secret)${sp}[=:]$sp\"?([^\"[:space:]]+)\"?$sp\$/\\2/p" \
			"$f" | sed "s|^|$f	|"
	done
	f=zoom/zoomus.conf-ai-environment
	tr -d '\r' < "$f" | sed -nE 's/^(userEmailAddress|deviceID)=(.+)$/\2/p' | sed "s|^|$f	|"
	)
}

# corpus_no_private FILE...: fails, without printing the value, when a secret
# or identity of the corpus occurs in one of the files.
corpus_no_private() {
	corpus_private > "$WORK/private" || { fail "could not read the corpus secrets"; return 1; }
	# the two salts are always there: a sanity check of the extraction itself
	if [ "$(grep -c '^bigbluebutton/' "$WORK/private")" -lt 2 ] ||
		! grep -q '^zoom/zoomus.conf' "$WORK/private"; then
		fail "secrets of the corpus not found (extraction broken)"
		return 1
	fi
	while IFS='	' read -r c_from c_value; do
		for c_f in "$@"; do
			if grep -qF -- "$c_value" "$c_f"; then
				fail "a secret or identity from $c_from appears in $(basename "$c_f")"
				return 1
			fi
		done
	done < "$WORK/private"
}

# corpus_run ARGS...: vcaudit facts ARGS; exit 0, a facts document, nothing
# private in the output; $WORK/facts.json is the normalised facts.
corpus_run() {
	run_vc facts "$@" || return 1
	expect_rc 0 || return 1
	jq -e '.schema == "vcaudit.facts/1"' "$WORK/out" >/dev/null ||
		fail "no vcaudit.facts/1 document on stdout" || return 1
	corpus_no_private "$WORK/out" "$WORK/err" || return 1
	c_root=$(printf '%s' "$WORK/host" | sed 's/[][\.*^$|]/\\&/g')
	c_corpus=$(printf '%s' "$CORPUS_DIR" | sed 's/[][\.*^$|]/\\&/g')
	sed -e "s|$c_root|@ROOT@|g" -e "s|$c_corpus|@CORPUS@|g" "$WORK/out" |
		jq -S . > "$WORK/facts.json" || fail "facts output is not JSON"
}

# corpus_clean: no diagnostic at all (so nothing malformed, unreadable or
# half-evaluated) and nothing on stderr.
corpus_clean() {
	jq -e '.diagnostics == []' "$WORK/facts.json" >/dev/null ||
		fail "diagnostics: $(jq -c '.diagnostics' "$WORK/facts.json")" || return 1
	[ ! -s "$WORK/err" ] || fail "stderr: $(head -3 "$WORK/err")"
}

# corpus_not_recognised DIR/NAME: the only diagnostic names the file (as the
# user passed it) and says it is not recognised; no fact, no source.
corpus_not_recognised() {
	jq -e --arg src "@CORPUS@/$1" '(.diagnostics | length) == 1 and
		.diagnostics[0].source == $src and
		(.diagnostics[0].message | startswith("not a recognised")) and
		.facts == [] and .sources == []' "$WORK/facts.json" >/dev/null ||
		fail "$1 not reported as unrecognised: $(jq -c '.diagnostics' "$WORK/facts.json")"
}

# corpus_source PATH DIR/NAME: the source PATH was read, with the SHA-256 and
# size of the corpus file.
corpus_source() {
	c_src=$(corpus_path "$2") || return 1
	c_sha=$(sha256sum "$c_src" | cut -d' ' -f1)
	c_bytes=$(wc -c < "$c_src")
	jq -e --arg p "$1" --arg sha "$c_sha" --argjson n "$c_bytes" \
		'[.sources[] | select(.path == $p)] | length == 1 and
		 .[0].sha256 == $sha and .[0].bytes == $n' "$WORK/facts.json" >/dev/null ||
		fail "source $1 missing or not sha256 $c_sha, $c_bytes bytes: $(jq -c '.sources' \
			"$WORK/facts.json")"
}

# corpus_expect PRODUCT SCOPE KEY VALUE LINE [SOURCE]: the fact exists and
# has VALUE (JSON), LINE and, when given, SOURCE. SCOPE "*": in every scope
# that has the key (pseudonymised user scopes).
corpus_expect() {
	jq -e --arg p "$1" --arg s "$2" --arg k "$3" --argjson v "$4" --argjson l "$5" \
		--arg src "${6:-}" '[.facts[] | select(.product == $p and .key == $k and
			($s == "*" or .scope == $s))] | length > 0 and
		all(.value == $v and .line == $l and ($src == "" or .source == $src))' \
		"$WORK/facts.json" >/dev/null ||
		fail "$1 $2 $3: got $(jq -c --arg p "$1" --arg s "$2" --arg k "$3" \
			'[.facts[] | select(.product == $p and .key == $k and
			($s == "*" or .scope == $s)) | [.value, .source, .line]]' \
			"$WORK/facts.json"), expected $4 at line $5 ${6:-}"
}

# corpus_golden NAME: $WORK/facts.json equals tests/golden/corpus/NAME.facts.json.
corpus_golden() {
	golden="$CORPUS_GOLDEN/$1.facts.json"
	grep -qF "$WORK" "$WORK/facts.json" && { fail "work path left in the facts"; return 1; }
	if [ "${VC_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$CORPUS_GOLDEN" && cp "$WORK/facts.json" "$golden" || return 1
		echo "    rewrote $golden" >&2
		return 0
	fi
	[ -f "$golden" ] || fail "no $golden (VC_UPDATE_GOLDEN=1 writes it)" || return 1
	if ! cmp -s "$golden" "$WORK/facts.json"; then
		diff -u "$golden" "$WORK/facts.json" | head -40 | sed 's/^/      /' >&2
		fail "facts differ from tests/golden/corpus/$1.facts.json"
		return 1
	fi
}

# ---- Zoom ----

# Linux client settings (ai/environment dotfiles) in a home: only
# blockUntrustedSSLCert (line 8) is a setting vcaudit reads; the account's
# e-mail address and device id (identity keys) are never read.
t_corpus_zoom_zoomus_conf() {
	corpus_stage zoom/zoomus.conf-ai-environment /home/kim/.config/zoomus.conf || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	conf=$(jq -r '.sources[] | select(.kind == "zoom-client-config") | .path' "$WORK/facts.json")
	case "$conf" in
	/home/user-*/.config/zoomus.conf) ;;
	*) fail "zoomus.conf source '$conf': home not pseudonymised"; return 1 ;;
	esac
	corpus_source "$conf" zoom/zoomus.conf-ai-environment || return 1
	corpus_expect zoom '*' encryption.transport_required false 8 "$conf" || return 1
	corpus_expect zoom host product.installed true 0 "$conf" || return 1
	# the Linux client records to ~/Documents/Zoom whatever the file says
	jq -e '[.facts[] | select(.key == "recording.local.path")] | length == 1 and
		(.[0].value | endswith("/Documents/Zoom")) and .[0].source == "default"' \
		"$WORK/facts.json" >/dev/null || fail "recording.local.path is not the default" ||
		return 1
	expect_absent /home/kim "$WORK/out" || return 1
	corpus_golden zoom-zoomus.conf-ai-environment
}

# The machine-wide plist of parkerbxyz/dotfiles on a Mac with one user:
# ZAutoSSOLogin (line 30) enforced; RecordPath "$HOME/Downloads" (line 19)
# only under PackageRecommend, so recommended, per user.
t_corpus_zoom_plist_parkerbxyz() {
	plist=/Library/Preferences/us.zoom.config.plist
	corpus_stage zoom/us.zoom.config.plist-parkerbxyz "$plist" || return 1
	mkdir -p "$WORK/host/Users/kim" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$plist" zoom/us.zoom.config.plist-parkerbxyz || return 1
	corpus_expect zoom '*' access.authentication '"sso"' 30 "$plist" || return 1
	jq -e --arg p "$plist" '[.facts[] | select(.key == "recording.local.path")] |
		length == 1 and (.[0].value | test("^/Users/user-[0-9a-f]+/Downloads$")) and
		.[0].source == $p and .[0].line == 19' "$WORK/facts.json" >/dev/null ||
		fail "recording.local.path is not ~/Downloads from line 19" || return 1
	jq -e '[.facts[] | select(.key == "policy.recommend_only" and
		(.scope | startswith("user:")))] | length == 1 and
		.[0].value == ["recording.local.path"]' "$WORK/facts.json" >/dev/null ||
		fail "RecordPath not reported as only recommended" || return 1
	expect_absent /Users/kim "$WORK/out" || return 1
	corpus_golden zoom-us.zoom.config.plist-parkerbxyz
}

# ProfileCreator's manifest for us.zoom.config is a plist that describes the
# keys (pfm_subkeys: pfm_name, pfm_type, ...), not a settings file. Staged
# where an administrator might drop it by mistake, the client scanner reads
# it as a well-formed plist whose top-level keys (pfm_*) are none of Zoom's:
# no diagnostic, Zoom counted as installed, no setting taken from it.
# Given to --input, nothing claims it.
t_corpus_zoom_profilemanifest() {
	plist=/Library/Preferences/us.zoom.config.plist
	corpus_stage zoom/profilemanifests-us.zoom.config.manifest.plist "$plist" || return 1
	mkdir -p "$WORK/host/Users/kim" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$plist" zoom/profilemanifests-us.zoom.config.manifest.plist || return 1
	corpus_expect zoom host product.installed true 0 "$plist" || return 1
	# the key names in pfm_name strings (zDisableLocalRecord, RecordPath, ...)
	# are not settings: no fact comes from a line of the manifest
	jq -e --arg p "$plist" '[.facts[] | select(.source == $p and .line != 0)] == []' \
		"$WORK/facts.json" >/dev/null ||
		fail "settings read from the manifest: $(jq -c --arg p "$plist" \
			'[.facts[] | select(.source == $p and .line != 0) | .key]' "$WORK/facts.json")" ||
		return 1
	corpus_golden zoom-profilemanifests-us.zoom.config.manifest.plist || return 1
	f=$(corpus_path zoom/profilemanifests-us.zoom.config.manifest.plist) || return 1
	corpus_run --input "$f" || return 1
	corpus_not_recognised zoom/profilemanifests-us.zoom.config.manifest.plist
}

# A HAR of the Zoom API (JupiterOne/graph-zoom test recording) is no export
# vcaudit reads: --input says so, naming the file, and audits nothing.
t_corpus_zoom_har() {
	f=$(corpus_path zoom/graph-zoom-fetchUsers-users-settings.recording.har) || return 1
	corpus_run --input "$f" || return 1
	corpus_not_recognised zoom/graph-zoom-fetchUsers-users-settings.recording.har || return 1
	expect_present "graph-zoom-fetchUsers-users-settings.recording.har: not a recognised" \
		"$WORK/err" || return 1
	corpus_golden zoom-graph-zoom-fetchUsers-users-settings.recording.har
}

# Zoom's OpenAPI v2 specification describes the API; it is no settings reply.
t_corpus_zoom_openapi() {
	f=$(corpus_path zoom/zoom-api-openapi.v2.json) || return 1
	corpus_run --input "$f" || return 1
	corpus_not_recognised zoom/zoom-api-openapi.v2.json || return 1
	expect_present "zoom-api-openapi.v2.json: not a recognised" "$WORK/err" || return 1
	corpus_golden zoom-zoom-api-openapi.v2.json
}

# ---- Microsoft Teams ----

# ScubaGear's provider export (with its UTF-8 byte-order mark): nine meeting
# policies, federation, client and broadcast configuration.
t_corpus_teams_scubagear() {
	f=$(corpus_path teams/scubagear-ProviderSettingsExport.json) || return 1
	corpus_run --input "$f" || return 1
	corpus_clean || return 1
	src=@CORPUS@/teams/scubagear-ProviderSettingsExport.json
	corpus_source "$src" teams/scubagear-ProviderSettingsExport.json || return 1
	n=$(jq '[.facts[] | select(.key == "policy.meeting") | .scope] | unique | length' \
		"$WORK/facts.json")
	[ "$n" -eq 9 ] || fail "$n meeting policies, expected 9" || return 1
	corpus_expect teams policy:Global recording.retention_days 120 18366 "$src" || return 1
	corpus_expect teams policy:Global access.lobby_bypass \
		'"EveryoneInCompanyExcludingGuests"' 18332 || return 1
	corpus_expect teams policy:Global recording.consent '"notice"' 18329 || return 1
	corpus_expect teams 'policy:Tag:Custom Policy 1' recording.storage_region \
		'["tenant-region","outside-tenant-region"]' 18416 || return 1
	corpus_expect teams policy:Tag:NKK-Temp access.lobby false 18496 || return 1
	corpus_expect teams policy:Tag:AllOff recording.cloud.allowed false 18743 || return 1
	corpus_expect teams host access.external '"trusted"' 19049 || return 1
	corpus_expect teams host access.external.allowed_domains '["mitre.org"]' 19049 || return 1
	corpus_expect teams host access.unmanaged_inbound false 19056 || return 1
	corpus_expect teams policy:Tag:Default recording.live_events '"always"' 19134 || return 1
	corpus_golden teams-scubagear-ProviderSettingsExport.json
}

# ---- Jitsi Meet ----

# Debian layout: /etc/jitsi/meet/<hosts.domain>-config.js. Only config.js:
# no Prosody, Jicofo or Jibri file, so no access facts. The one non-default
# privacy setting is p2p.stunServers (line 995), meet.jit.si's TURN relay.
t_corpus_jitsi_config_js() {
	js=/etc/jitsi/meet/jitsi-meet.example.com-config.js
	corpus_stage jitsi/config.js "$js" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$js" jitsi/config.js || return 1
	s=site:jitsi-meet.example.com
	corpus_expect jitsi "$s" telemetry.stun_external '["meet-jit-si-turnrelay.jitsi.net"]' \
		995 "$js" || return 1
	# keys left commented out: the code defaults, cited at line 0
	corpus_expect jitsi "$s" recording.local.allowed true 0 "$js" || return 1
	corpus_expect jitsi "$s" telemetry.analytics '[]' 0 "$js" || return 1
	corpus_expect jitsi "$s" encryption.e2ee '"available"' 0 "$js" || return 1
	corpus_golden jitsi-config.js
}

# docker-jitsi-meet: env.example copied to .env in a checkout in a home, as
# the handbook says, beside a docker-compose.yml naming Jitsi's images (a
# stub written here; the corpus holds no compose file). CONFIG
# (~/.jitsi-meet-cfg) does not exist yet, so .env and the template defaults
# decide. Its service passwords are empty (gen-passwords.sh not run).
t_corpus_jitsi_docker_env() {
	co=/home/kim/docker-jitsi-meet
	corpus_stage jitsi/docker-jitsi-meet-env.example "$co/.env" || return 1
	printf 'services:\n    web:\n        image: jitsi/web:stable\n' \
		> "$WORK/host$co/docker-compose.yml" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	env=$(jq -r '.sources[] | select(.kind == "jitsi-docker-env") | .path' "$WORK/facts.json")
	case "$env" in
	/home/user-*/docker-jitsi-meet/.env) ;;
	*) fail ".env source '$env'"; return 1 ;;
	esac
	corpus_source "$env" jitsi/docker-jitsi-meet-env.example || return 1
	s=site:meet.jitsi
	# JICOFO_AUTH_PASSWORD= (line 217), the first of the empty passwords
	corpus_expect jitsi "$s" secrets.service_passwords_set false 217 "$env" || return 1
	corpus_expect jitsi "$s" access.authentication '"anonymous"' 0 "$env" || return 1
	corpus_expect jitsi "$s" encryption.transport_required true 0 "$env" || return 1
	expect_absent /home/kim "$WORK/out" || return 1
	corpus_golden jitsi-docker-jitsi-meet-env.example
}

# interface_config.js (deprecated UI settings) is read by no scanner at any
# path. Staged where jitsi-meet-web installs it, alone, it is not a Jitsi
# site: no source, no Jitsi fact, no diagnostic. Given to --input, nothing
# claims it.
t_corpus_jitsi_interface_config_js() {
	corpus_stage jitsi/interface_config.js /usr/share/jitsi-meet/interface_config.js ||
		return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	jq -e '.sources == [] and ([.facts[] | select(.product == "jitsi")] == [])' \
		"$WORK/facts.json" >/dev/null || fail "interface_config.js was read" || return 1
	corpus_golden jitsi-interface_config.js || return 1
	f=$(corpus_path jitsi/interface_config.js) || return 1
	corpus_run --input "$f" || return 1
	corpus_not_recognised jitsi/interface_config.js
}

# The jibri.conf the Debian package installs ("jibri {\n}"): every value is
# Jibri's built-in default, cited at line 0 of the file.
t_corpus_jitsi_jibri_debian_conf() {
	conf=/etc/jitsi/jibri/jibri.conf
	corpus_stage jitsi/jibri-debian-jibri.conf "$conf" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$conf" jitsi/jibri-debian-jibri.conf || return 1
	# no web client and no xmpp-domain: the recorder host's site is localhost
	s=site:localhost
	corpus_expect jitsi "$s" recording.server.path '"/tmp/recordings"' 0 "$conf" || return 1
	corpus_expect jitsi "$s" recording.retention_days -1 0 "$conf" || return 1
	corpus_expect jitsi "$s" storage.thirdparty '["rtmp-any"]' 0 "$conf" || return 1
	corpus_golden jitsi-jibri-debian-jibri.conf
}

# Jibri's reference.conf is the defaults, not a file on a host; staged as
# /etc/jitsi/jibri/jibri.conf it parses as one, and the same values now cite
# their lines: recordings-directory 23, finalize-script 25 (the placeholder
# /path/to/finalize counts as no script), rtmp-allow-list 31.
t_corpus_jitsi_jibri_reference() {
	conf=/etc/jitsi/jibri/jibri.conf
	corpus_stage jitsi/jibri-reference.conf "$conf" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$conf" jitsi/jibri-reference.conf || return 1
	s=site:localhost
	corpus_expect jitsi "$s" recording.server.path '"/tmp/recordings"' 23 "$conf" || return 1
	corpus_expect jitsi "$s" recording.server.finalize_script '""' 25 "$conf" || return 1
	corpus_expect jitsi "$s" recording.retention_days -1 25 "$conf" || return 1
	corpus_expect jitsi "$s" streaming.rtmp_allow_list '[".*"]' 31 "$conf" || return 1
	corpus_expect jitsi "$s" storage.thirdparty '["rtmp-any"]' 31 "$conf" || return 1
	corpus_golden jitsi-jibri-reference.conf
}

# corpus_hocon_as NAME REL KIND: a component's reference.conf (the defaults
# compiled into the jar, never on a host) staged as the component's
# configuration file REL. It must parse without a diagnostic; the facts
# Jicofo and JVB supply (XMPP passwords, use-tls / certificate checks, the
# bridge's STUN mapping) are all commented out or absent in the references,
# so the only Jitsi fact is product.installed. That alone would not show the
# parser read the whole file, so a second run appends one setting after the
# last line of a copy: it must be seen, at its line (the password, a probe
# value, never printed).
corpus_hocon_as() {
	corpus_stage "jitsi/$1" "$2" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$2" "jitsi/$1" || return 1
	jq -e --arg p "$2" --arg k "$3" '.sources[0].kind == $k and
		[.facts[] | select(.product == "jitsi") | [.scope, .key, .value, .source]] ==
		[["site:localhost", "product.installed", true, $p]]' "$WORK/facts.json" >/dev/null ||
		fail "jitsi facts: $(jq -c '[.facts[] | select(.product == "jitsi")]' \
			"$WORK/facts.json")" || return 1
	corpus_golden "jitsi-$1" || return 1
	# the probe: a blank line, then the setting at line (lines of the file + 2)
	c_line=$(($(wc -l < "$WORK/host$2") + 2))
	if [ "$3" = jitsi-jicofo ]; then
		printf '\njicofo.xmpp.client.password = "corpus-probe-9f3b"\n' >> "$WORK/host$2"
		c_key=secrets.service_passwords_set c_val=true
	else
		printf '\nice4j.harvest.mapping.stun.addresses = [ "stun.probe.example.net:443" ]\n' \
			>> "$WORK/host$2"
		c_key=telemetry.stun_external c_val='["stun.probe.example.net"]'
	fi
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_expect jitsi site:localhost "$c_key" "$c_val" "$c_line" "$2" || return 1
	expect_absent corpus-probe-9f3b "$WORK/out"
}

t_corpus_jitsi_jicofo_reference() {
	corpus_hocon_as jicofo-reference.conf /etc/jitsi/jicofo/jicofo.conf jitsi-jicofo
}

t_corpus_jitsi_jicofo_common_reference() {
	corpus_hocon_as jicofo-common-reference.conf /etc/jitsi/jicofo/jicofo.conf jitsi-jicofo
}

t_corpus_jitsi_jicofo_selector_reference() {
	corpus_hocon_as jicofo-selector-reference.conf /etc/jitsi/jicofo/jicofo.conf jitsi-jicofo
}

t_corpus_jitsi_jvb_reference() {
	corpus_hocon_as jvb-reference.conf /etc/jitsi/videobridge/jvb.conf jitsi-jvb
}

t_corpus_jitsi_jvb_jmt_reference() {
	corpus_hocon_as jvb-jitsi-media-transform-reference.conf \
		/etc/jitsi/videobridge/jvb.conf jitsi-jvb
}

# The Prosody site file jitsi-meet-prosody's postinst writes from this
# example: /etc/prosody/conf.avail/<host>.cfg.lua, linked (absolute link)
# from conf.d. Prosody's file is read for a Debian site only, so a one-line
# config.js for jitmeet.example.com (written here) makes the site.
# authentication "jitsi-anonymous" (line 39), c2s_require_encryption = false
# (69), muc_lobby_rooms in modules_enabled (57), and the placeholder
# external_service_secret (6) flagged as a published value, never printed.
t_corpus_jitsi_prosody_example() {
	avail=/etc/prosody/conf.avail/jitmeet.example.com.cfg.lua
	lua=/etc/prosody/conf.d/jitmeet.example.com.cfg.lua
	corpus_stage jitsi/prosody.cfg.lua-jvb.example "$avail" || return 1
	mkdir -p "$WORK/host/etc/prosody/conf.d" "$WORK/host/etc/jitsi/meet" || return 1
	ln -s "$avail" "$WORK/host$lua" || return 1
	printf "var config = {\n    hosts: {\n        domain: 'jitmeet.example.com'\n    }\n};\n" \
		> "$WORK/host/etc/jitsi/meet/jitmeet.example.com-config.js" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$lua" jitsi/prosody.cfg.lua-jvb.example || return 1
	s=site:jitmeet.example.com
	corpus_expect jitsi "$s" access.authentication '"anonymous"' 39 "$lua" || return 1
	corpus_expect jitsi "$s" access.anonymous_join true 39 "$lua" || return 1
	corpus_expect jitsi "$s" access.lobby true 57 "$lua" || return 1
	corpus_expect jitsi "$s" encryption.transport_required false 69 "$lua" || return 1
	corpus_expect jitsi "$s" secrets.published_values '["external_service_secret"]' 6 "$lua" ||
		return 1
	# the three VirtualHosts with their authentication; jigasi's is disabled
	corpus_expect jitsi "$s" access.virtualhosts '[
		{"host": "auth.jitmeet.example.com", "authentication": "internal", "enabled": true},
		{"host": "jigasi.meet.jitsi", "authentication": "jwt", "enabled": false},
		{"host": "jitmeet.example.com", "authentication": "anonymous", "enabled": true}]' \
		0 "$lua" || return 1
	corpus_golden jitsi-prosody.cfg.lua-jvb.example
}

# ---- BigBlueButton ----

BBB_CORPUS_PROPS=/usr/share/bbb-web/WEB-INF/classes/bigbluebutton.properties

# bbb-web's packaged properties: guests always accepted (158), recording
# allowed (224), no notice (443), http serverURL (292), and the upstream
# placeholder salt (324): set, and public.
t_corpus_bbb_properties() {
	corpus_stage bigbluebutton/bigbluebutton.properties "$BBB_CORPUS_PROPS" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$BBB_CORPUS_PROPS" bigbluebutton/bigbluebutton.properties || return 1
	p=$BBB_CORPUS_PROPS
	corpus_expect bigbluebutton host secrets.api_secret_set true 324 "$p" || return 1
	corpus_expect bigbluebutton host secrets.api_secret_public true 324 "$p" || return 1
	corpus_expect bigbluebutton host access.anonymous_join true 158 "$p" || return 1
	corpus_expect bigbluebutton host access.lobby false 158 "$p" || return 1
	corpus_expect bigbluebutton host recording.cloud.allowed true 224 "$p" || return 1
	corpus_expect bigbluebutton host recording.auto '"none"' 229 "$p" || return 1
	corpus_expect bigbluebutton host recording.consent '"none"' 443 "$p" || return 1
	corpus_expect bigbluebutton host recording.keep_events false 271 "$p" || return 1
	corpus_expect bigbluebutton host reports.attendance true 449 "$p" || return 1
	corpus_expect bigbluebutton host encryption.transport_required false 292 "$p" || return 1
	corpus_expect bigbluebutton host recording.server.path '"/var/bigbluebutton/published"' \
		341 "$p" || return 1
	corpus_golden bigbluebutton-bigbluebutton.properties
}

# A real server's /etc/bigbluebutton/bbb-web.properties (clicmdscript/wlgrbbb),
# over the packaged properties as on the server: its https serverURL (line 5)
# and its securitySalt (line 6), published on GitHub, win; the rest comes
# from the packaged file.
t_corpus_bbb_override() {
	over=/etc/bigbluebutton/bbb-web.properties
	corpus_stage bigbluebutton/bigbluebutton.properties "$BBB_CORPUS_PROPS" || return 1
	corpus_stage bigbluebutton/bbb-web.properties-override-wlgrbbb "$over" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$over" bigbluebutton/bbb-web.properties-override-wlgrbbb || return 1
	corpus_expect bigbluebutton host encryption.transport_required true 5 "$over" || return 1
	corpus_expect bigbluebutton host secrets.api_secret_set true 6 "$over" || return 1
	corpus_expect bigbluebutton host secrets.api_secret_public true 6 "$over" || return 1
	corpus_expect bigbluebutton host access.anonymous_join true 158 "$BBB_CORPUS_PROPS" ||
		return 1
	corpus_golden bigbluebutton-bbb-web.properties-override-wlgrbbb
}

# The HTML5 client's settings.yml at the 3.0 path: audioCaptions off (91)
# with the webspeech provider (95), public chat save on (575), external
# client logging off (945).
t_corpus_bbb_settings_yml() {
	y=/usr/share/bigbluebutton/html5-client/private/config/settings.yml
	corpus_stage bigbluebutton/settings.yml "$y" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$y" bigbluebutton/settings.yml || return 1
	corpus_expect bigbluebutton host recording.transcription false 91 "$y" || return 1
	corpus_expect bigbluebutton host recording.transcription_provider '"webspeech"' 95 "$y" ||
		return 1
	corpus_expect bigbluebutton host chat.save_local true 575 "$y" || return 1
	corpus_expect bigbluebutton host telemetry.client_log_external '[]' 945 "$y" || return 1
	corpus_golden bigbluebutton-settings.yml
}

# The recording pipeline's bigbluebutton.yml: bbb_version '3.0.9' (line 1),
# published_dir (63).
t_corpus_bbb_bigbluebutton_yml() {
	y=/usr/local/bigbluebutton/core/scripts/bigbluebutton.yml
	corpus_stage bigbluebutton/bigbluebutton.yml "$y" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$y" bigbluebutton/bigbluebutton.yml || return 1
	corpus_expect bigbluebutton host product.version '"3.0.9"' 1 "$y" || return 1
	corpus_expect bigbluebutton host recording.server.path '"/var/bigbluebutton/published"' \
		63 "$y" || return 1
	corpus_golden bigbluebutton-bigbluebutton.yml
}

# bbb-web's packaged turn-stun-servers.xml: Google's STUN server (line 28);
# the commented-out beans are not servers.
t_corpus_bbb_turn_stun_servers() {
	x=/usr/share/bbb-web/WEB-INF/classes/spring/turn-stun-servers.xml
	corpus_stage bigbluebutton/turn-stun-servers.xml "$x" || return 1
	corpus_run --root "$WORK/host" || return 1
	corpus_clean || return 1
	corpus_source "$x" bigbluebutton/turn-stun-servers.xml || return 1
	corpus_expect bigbluebutton host telemetry.stun_external '["stun.l.google.com"]' 28 "$x" ||
		return 1
	corpus_golden bigbluebutton-turn-stun-servers.xml
}
