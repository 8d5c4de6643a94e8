# The hostile catalogue (fixtures/hostile/README.md lists every case, its
# expected outcome and its bounds). Each case asserts: a diagnostic with its
# place, the rest of the audit still done (another rule's finding stands),
# the exit code of DESIGN §3.2, and a time and a memory bound. Big inputs are
# generated here in $WORK; the 100 MB case is skipped under VC_WRAP
# (valgrind would take minutes over it), the memory bound under ASan and
# valgrind (ulimit -v breaks their shadow memory), the fault shim under both
# (LD_PRELOAD conflicts with their own interposition).

HC="$TOP/fixtures/hostile"
HC_TEAMS="$TOP/fixtures/exports/teams"
HC_ZOOM="$TOP/fixtures/exports/zoom"

# hc_sanitized: 1 (true) when the binary is built with ASan/UBSan.
hc_sanitized() {
	ldd "$VC" 2>/dev/null | grep -q 'libasan\|libubsan'
}

# hc_run SECONDS MEGABYTES ARGS...: run_vc within a time bound (wall clock)
# and a memory bound (address space, ulimit -v).
hc_run() {
	hc_s=$1 hc_mb=$2
	shift 2
	hc_t0=$(date +%s%N)
	if [ -z "$VC_WRAP" ] && ! hc_sanitized; then
		# shellcheck disable=SC3045 # dash and bash have ulimit -v
		(ulimit -v $((hc_mb * 1024)) 2>/dev/null ||
			echo "    (no ulimit -v in this shell: memory bound not applied)" >&2
		 run_vc "$@" && echo "$RC" >"$WORK/rc") || return 1
		RC=$(cat "$WORK/rc")
	else
		run_vc "$@" || return 1
	fi
	hc_ms=$((($(date +%s%N) - hc_t0) / 1000000))
	if [ -z "$VC_WRAP" ] && [ "$hc_ms" -gt $((hc_s * 1000)) ]; then
		fail "vcaudit $* took $hc_ms ms, the bound is $hc_s s"
		return 1
	fi
	return 0
}

# hc_diag SOURCE-SUFFIX LINE TEXT: a diagnostic in $WORK/out (JSON report)
# for that source, at that line (- any line, + a line > 0), saying TEXT.
hc_diag() {
	jq -e --arg s "$1" --arg l "$2" --arg t "$3" \
		'any(.diagnostics[]; (.source // "" | endswith($s)) and
			($l == "-" or ($l == "+" and .line > 0) or .line == ($l | tonumber? // -1))
			and (.message | contains($t)))' "$WORK/out" >/dev/null ||
		fail "no diagnostic for ...$1 at line $2 saying '$3': $(jq -c '.diagnostics' "$WORK/out" |
			cut -c1-600)"
}

hc_rc_ok() {
	[ "$RC" -eq 0 ] || [ "$RC" -eq 2 ] || fail "exit code $RC, expected 0 or 2"
}

# hc_expect RULE STATUS: some finding of RULE (any scope) has STATUS.
hc_expect() {
	jq -e --arg r "$1" --arg s "$2" 'any(.findings[]; .rule == $r and .status == $s)' \
		"$WORK/out" >/dev/null ||
		fail "$1: no '$2' finding, only: $(jq -r --arg r "$1" '[.findings[] |
			select(.rule == $r) | .status] | unique | join(" ")' "$WORK/out")"
}

# hc_never RULE STATUS: no finding of RULE has STATUS.
hc_never() {
	if jq -e --arg r "$1" --arg s "$2" 'any(.findings[]; .rule == $r and .status == $s)' \
		"$WORK/out" >/dev/null; then
		fail "$1 has a '$2' finding"
	fi
}

# hc_plant: a file the XXE fixtures point at; prints its path. Its marker
# must never appear in any output.
HC_MARK=VCAUDIT-PLANTED-7f3e91c2
hc_plant() {
	echo "$HC_MARK" >"$WORK/planted.txt"
	echo "$WORK/planted.txt"
}

# hc_fixture NAME DEST: copy fixtures/hostile/NAME to DEST with @PLANTED@ set.
hc_fixture() {
	sed "s|@PLANTED@|$WORK/planted.txt|g" "$HC/$1" >"$2"
}

hc_no_marker() {
	for f in "$WORK/out" "$WORK/err"; do
		expect_absent "$HC_MARK" "$f" || return 1
	done
}

# --- XML: external entities and entity bombs --------------------------------

# A Syncthing config.xml declaring an external entity (a planted file) and a
# 20^7 "billion laughs", in UTF-8 and again in UTF-16 (where a byte search
# for "<!ENTITY" sees nothing, so the encoding itself is refused): refused
# with its line, nothing read from outside, the home's recording still found.
t_hc_xxe_syncthing_config() {
	hc_plant >/dev/null
	for enc in UTF-8 UTF-16; do
		root=$(stage linux-syncthing-goto) || return 1
		cfg="$root/home/olga/.config/syncthing/config.xml"
		hc_fixture xxe-syncthing-config.xml "$cfg" || return 1
		if [ $enc = UTF-16 ]; then
			sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$cfg" | iconv -f UTF-8 -t UTF-16 \
				>"$cfg.16" && mv "$cfg.16" "$cfg" || return 1
		fi
		hc_run 10 600 scan --root "$root" --format json || return 1
		hc_rc_ok || return 1
		if [ $enc = UTF-8 ]; then
			hc_diag /.config/syncthing/config.xml 3 "entity declarations are refused" ||
				return 1
		else
			hc_diag /.config/syncthing/config.xml 1 "not UTF-8 XML" || return 1
		fi
		grep -q '/\.config/syncthing/config\.xml:[0-9][0-9]*:' "$WORK/err" ||
			fail "$enc: no path:line on stderr" || return 1
		hc_no_marker || return 1
		jq -e '[.facts[] | select(.key == "artifacts.recordings") | .value[]] | length >= 1' \
			"$WORK/out" >/dev/null || fail "$enc: the recordings were not searched" ||
			return 1
		rm -rf "$root"
	done
}

# BigBlueButton's turn-stun-servers.xml with an external entity and a bomb:
# refused at its line; the API secret and the other BBB rules still decided.
t_hc_xxe_bbb_turn_servers() {
	hc_plant >/dev/null
	root=$(stage bbb-default) || return 1
	hc_fixture xxe-turn-stun-servers.xml "$root/etc/bigbluebutton/turn-stun-servers.xml" ||
		return 1
	hc_run 10 600 scan --root "$root" --format json || return 1
	hc_rc_ok || return 1
	hc_diag /etc/bigbluebutton/turn-stun-servers.xml 3 "entity declarations are refused" ||
		return 1
	expect_present "/etc/bigbluebutton/turn-stun-servers.xml:3:" "$WORK/err" || return 1
	hc_no_marker || return 1
	hc_expect bigbluebutton.secrets.api-secret-set pass
}

# A Zoom plist with an external entity and a 10^9 "billion laughs", and an
# XML document (with an external entity) handed over where a Zoom API reply
# (JSON) belongs: both refused with their place, the Teams export beside them
# audited, nothing read from outside.
t_hc_xxe_plist_and_api_reply() {
	hc_plant >/dev/null
	hc_fixture xxe-zoom-plist.plist "$WORK/us.zoom.config.plist" || return 1
	hc_fixture xxe-api-reply.xml "$WORK/account-settings.xml" || return 1
	hc_run 10 600 scan --input "$WORK/us.zoom.config.plist" \
		--input "zoom:$WORK/account-settings.xml" --input "$HC_TEAMS/client-configuration.json" \
		--format json || return 1
	hc_rc_ok || return 1
	hc_diag us.zoom.config.plist 3 "entity declarations are not allowed" || return 1
	expect_present "us.zoom.config.plist:3:" "$WORK/err" || return 1
	hc_diag account-settings.xml - "not" || return 1
	hc_no_marker || return 1
	jq -e '[.facts[] | select(.product == "zoom")] == []' "$WORK/out" >/dev/null ||
		fail "a Zoom fact came from a refused file" || return 1
	hc_expect teams.third-party.cloud-storage fail
}

# --- YAML alias bomb, configuration code that never ends -------------------

# A BigBlueButton bbb-html5.yml whose aliases would expand to 9^9 values, a
# Jitsi config.js and a Prosody site config ending in an endless loop: each
# a diagnostic (YAML and Lua with their line), in bounded time, the other
# rules of the server still decided.
t_hc_yaml_bomb_and_endless_config_code() {
	root=$(stage bbb-default) || return 1
	cp "$HC/yaml-alias-bomb.yml" "$root/etc/bigbluebutton/bbb-html5.yml" || return 1
	hc_run 15 600 scan --root "$root" --format json || return 1
	hc_rc_ok || return 1
	hc_diag /etc/bigbluebutton/bbb-html5.yml 6 "more than 100000 values" || return 1
	expect_present "/etc/bigbluebutton/bbb-html5.yml:6:" "$WORK/err" || return 1
	hc_expect bigbluebutton.access.guest-lobby fail || return 1
	root=$(stage jitsi-debian-default) || return 1
	c=$(ls "$root"/etc/jitsi/meet/*-config.js) || return 1
	printf 'while (true) {}\n' >>"$c"
	l=$(ls "$root"/etc/prosody/conf.avail/*.cfg.lua | head -1) || return 1
	printf 'while true do end\n' >>"$l"
	n=$(wc -l <"$l")
	hc_run 30 600 scan --root "$root" --format json || return 1
	hc_rc_ok || return 1
	hc_diag -config.js - "evaluation timed out after 2 s" || return 1
	hc_diag .cfg.lua - "Prosody configuration could not be run" || return 1
	# under valgrind the 2 s clock runs out before the instruction budget
	if [ -z "$VC_WRAP" ]; then
		hc_diag .cfg.lua "$n" "exceeded 20000000 instructions" || return 1
	fi
	hc_expect jitsi.retention.server-recordings fail || return 1
	hc_never jitsi.local-recording.disabled-or-announced pass
}

# --- JSON nested a million levels deep --------------------------------------

t_hc_json_million_levels() {
	python_free_deep() {   # $1 opening, $2 closing, $3 count
		awk -v o="$1" -v c="$2" -v n="$3" 'BEGIN {
			s = o; while (length(s) < n * length(o)) s = s s; printf "%s", substr(s, 1, n * length(o))
			s = c; while (length(s) < n * length(c)) s = s s; printf "%s", substr(s, 1, n * length(c)) }'
	}
	{ sed '$d' "$HC_TEAMS/client-configuration.json" | sed '$s/$/,/'
	  printf '  "Deep": '; python_free_deep '[' ']' 1000000; printf '\n}\n'; } \
		>"$WORK/deep-teams.json" || return 1
	{ sed '$d' "$HC_ZOOM/account-settings.json" | sed '$s/$/,/'
	  printf '  "deep": '; python_free_deep '{"a":' '}' 1000000; printf '\n}\n'; } \
		>"$WORK/deep-zoom.json" || return 1
	[ "$(wc -c <"$WORK/deep-teams.json")" -gt 2000000 ] || fail "deep file not built" || return 1
	root=$(stage dropbox-zoom) || return 1
	{ printf '{"personal": {"path": "/home/alice/Dropbox", "x": '
	  python_free_deep '[' ']' 1000000; printf '}}\n'; } >"$root/home/alice/.dropbox/info.json"
	hc_run 15 600 scan --root "$root" --input "$WORK/deep-teams.json" \
		--input "$WORK/deep-zoom.json" --input "$HC_TEAMS/meeting-policies.json" \
		--format json || return 1
	hc_rc_ok || return 1
	hc_diag deep-teams.json + "maximum parsing depth" || return 1
	hc_diag deep-zoom.json + "maximum parsing depth" || return 1
	hc_diag /.dropbox/info.json 1 "maximum parsing depth" || return 1
	grep -q 'deep-teams\.json:[0-9][0-9]*:[0-9][0-9]*: ' "$WORK/err" ||
		fail "no path:line:col on stderr" || return 1
	# the policies beside them are audited; the recordings are still found
	hc_expect teams.retention.recording-expiry fail || return 1
	jq -e '[.facts[] | select(.key == "artifacts.recordings") | .value[]] | length == 1' \
		"$WORK/out" >/dev/null || fail "the recording was not found" || return 1
	# the unreadable sync config leaves the recording's sync state unproven
	hc_expect common.artifacts.recordings-cloud-sync error
}

# --- a 100 MB single-line file ----------------------------------------------

# As a home's zoomus.conf and as an --input: refused at the default limit
# (16 MiB) with a diagnostic naming the limit; with --max-file-size 200M the
# 64 MiB a reader holds refuses the home's file (the --input JSON is read:
# one 100 MB string); the recording beside it is found either way.
# Skipped under VC_WRAP (valgrind over 100 MB takes minutes).
t_hc_100mb_single_line() {
	if [ -n "$VC_WRAP" ]; then
		echo "    (VC_WRAP set: the 100 MB case is skipped)" >&2
		return 0
	fi
	root=$(stage dropbox-zoom) || return 1
	{ printf '[General]\nenableAutoUpdate='; head -c 100000000 /dev/zero | tr '\0' a; } \
		>"$root/home/alice/.config/zoomus.conf" || return 1
	{ printf '{"recording": {"local_recording": true, "x": "'
	  head -c 100000000 /dev/zero | tr '\0' a; printf '"}}\n'; } >"$WORK/big.json" || return 1
	for lim in "" 200M; do
		hc_run 20 1500 scan --root "$root" --input "zoom:$WORK/big.json" --format json \
			${lim:+--max-file-size $lim} || return 1
		hc_rc_ok || return 1
		if [ -z "$lim" ]; then
			hc_diag /.config/zoomus.conf - "larger than the limit of 16777216 bytes" ||
				return 1
			hc_diag big.json - "larger than 16777216 bytes" || return 1
		else
			# readers hold at most 64 MiB of one file (docs/limits.md)
			hc_diag /.config/zoomus.conf - "larger than the limit of 67108864 bytes" ||
				return 1
		fi
		hc_expect zoom.software.auto-update error || return 1
		hc_expect common.artifacts.recordings-cloud-sync fail || return 1
	done
}

# --- encodings and NUL bytes ------------------------------------------------

# Invalid UTF-8, UTF-16 with and without a matching byte-order mark, NUL
# bytes (escaped and raw) in JSON strings, in zoomus.conf, in
# bbb-web.properties and in a Jitsi .env: each a diagnostic at its line, the
# rest audited.
t_hc_encodings_and_nul_bytes() {
	cfg="$HC_TEAMS/client-configuration.json"
	line=$(grep -n '"Identity"' "$cfg" | head -1 | cut -d: -f1)
	sed "${line}s/\"Global\"/\"Glo$(printf '\377\303')bal\"/" "$cfg" >"$WORK/bad-utf8.json"
	sed "${line}s/\"Global\"/\"Glo\\\\u0000bal\"/" "$cfg" >"$WORK/nul-escaped.json"
	sed "${line}s/\"Global\"/\"Glo@NUL@bal\"/" "$cfg" | sed 's/@NUL@/\x00/' >"$WORK/nul-raw.json"
	grep -q 'u0000' "$WORK/nul-escaped.json" || fail "fixture not altered" || return 1
	# UTF-16LE text behind a big-endian mark, and the same behind its own mark
	{ printf '\376\377'; iconv -f UTF-8 -t UTF-16LE "$cfg"; } >"$WORK/wrong-bom.json"
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$cfg"; } >"$WORK/utf16.json"
	{ printf '\376\377'; iconv -f UTF-8 -t UTF-16LE "$HC/xxe-api-reply.xml"; } \
		>"$WORK/wrong-bom.plist"
	root=$(stage dropbox-zoom) || return 1
	z="$root/home/alice/.config/zoomus.conf"
	sed '2s/^/bad=\xff\xfe\x00x\n/' "$z" >"$z.new" && mv "$z.new" "$z" || return 1
	hc_run 10 600 scan --root "$root" --input "$WORK/bad-utf8.json" \
		--input "$WORK/nul-escaped.json" --input "$WORK/nul-raw.json" \
		--input "$WORK/wrong-bom.json" --input "teams:$WORK/utf16.json" \
		--input "zoom:$WORK/wrong-bom.plist" --input "$HC_TEAMS/meeting-policies.json" \
		--format json || return 1
	hc_rc_ok || return 1
	hc_diag bad-utf8.json "$line" "invalid JSON" || return 1
	hc_diag nul-escaped.json "$line" "invalid JSON" || return 1
	hc_diag nul-raw.json "$line" "invalid JSON" || return 1
	hc_diag wrong-bom.json 1 "UTF-16 text (byte-order mark FE FF)" || return 1
	hc_diag utf16.json 1 "UTF-16 text (byte-order mark FF FE)" || return 1
	hc_diag wrong-bom.plist - "" || return 1
	hc_diag /.config/zoomus.conf 2 "" || return 1
	expect_present "bad-utf8.json:$line:" "$WORK/err" || return 1
	hc_expect teams.retention.recording-expiry fail || return 1
	# the broken client configurations leave their tenant setting unproven
	hc_never teams.third-party.cloud-storage pass || return 1
	hc_expect common.artifacts.recordings-cloud-sync fail || return 1
	# server configuration: bbb-web.properties and the Jitsi docker .env
	root=$(stage bbb-default) || return 1
	p="$root/etc/bigbluebutton/bbb-web.properties"
	sed '1s/^/bad=\xff\x00x\n/' "$p" >"$p.new" && mv "$p.new" "$p" || return 1
	hc_run 10 600 scan --root "$root" --format json || return 1
	hc_rc_ok || return 1
	hc_diag /etc/bigbluebutton/bbb-web.properties 1 "nul byte" || return 1
	hc_expect bigbluebutton.access.guest-lobby fail || return 1
	hc_never bigbluebutton.secrets.api-secret-set pass || return 1
	root=$(stage jitsi-docker) || return 1
	for e in "$root"/home/*/docker-jitsi-meet/.env; do
		sed '1s/^/BAD=\xff\x00x\n/' "$e" >"$e.new" && mv "$e.new" "$e" || return 1
	done
	hc_run 10 600 scan --root "$root" --format json || return 1
	hc_rc_ok || return 1
	hc_diag /docker-jitsi-meet/.env 1 "" || return 1
	hc_expect jitsi.third-party.gravatar fail
}

# --- archives ---------------------------------------------------------------

# A zip whose central directory names one member three times and claims a
# 1 GiB member at the same offset (overlapping entries): libarchive reads the
# member once; the difference is a diagnostic, the Teams export beside it
# audited. (../ and absolute names, links, devices, FIFOs, nested archives
# and a gzip bomb: t_hostile_archive_entries, t_hostile_decompression_bomb.)
t_hc_zip_overlapping_entries() {
	hc_run 10 600 scan --input "$HC/overlap.zip" --input "$HC_TEAMS/meeting-policies.json" \
		--format json || return 1
	hc_rc_ok || return 1
	hc_diag overlap.zip - "the central directory lists 4 entries but 1 could be read" ||
		return 1
	hc_expect teams.retention.recording-expiry fail || return 1
	# what could not be read might hold the violation: no pass for Teams
	hc_never teams.third-party.cloud-storage pass
}

# --- files that change while read -------------------------------------------

# hc_shim: build tests/tools/faultfs.c into $WORK/faultfs.so; 1 (skip) under
# ASan or valgrind, whose own interposition LD_PRELOAD would upset.
hc_shim() {
	if [ -n "$VC_WRAP" ] || hc_sanitized; then
		echo "    (ASan/valgrind: LD_PRELOAD shim case skipped)" >&2
		return 1
	fi
	${CC:-cc} -shared -fPIC -O1 -o "$WORK/faultfs.so" "$TOP/tests/tools/faultfs.c" -ldl ||
		{ echo "    (cannot build the shim: skipped)" >&2; return 1; }
}

# zoomus.conf grows to 40 MB after it was opened (past --max-file-size 1M),
# then shrinks to 20 bytes (a cut line): the first is a limit diagnostic,
# the second a read of the shorter file; the recording is found both times.
t_hc_file_changes_size_while_read() {
	hc_shim || return 0
	root=$(stage dropbox-zoom) || return 1
	z="$root/home/alice/.config/zoomus.conf"
	cp "$z" "$WORK/zoomus.conf.orig"
	for to in 40000000 20; do
		cp "$WORK/zoomus.conf.orig" "$z"
		LD_PRELOAD="$WORK/faultfs.so" VC_FAULT_RESIZE=/.config/zoomus.conf \
			VC_FAULT_RESIZE_TO=$to hc_run 10 600 scan --root "$root" --format json \
			--max-file-size 1M || return 1
		hc_rc_ok || return 1
		[ "$(wc -c <"$z")" -eq "$to" ] || fail "the shim did not resize the file" || return 1
		if [ "$to" -gt 1000000 ]; then
			hc_diag /.config/zoomus.conf - "limit" || return 1
			hc_expect zoom.software.auto-update error || return 1
		fi
		hc_expect common.artifacts.recordings-cloud-sync fail || return 1
	done
}

# --- pathological rule files and expressions --------------------------------

# Rule files as an attacker would write them: 2,040 nested parentheses,
# 1,020 nested "not", 1,000 nested any(), lists nested 2,000 deep, a 4,000
# byte literal, 100,000 parentheses, a 4 MB rule file and a JSON syntax
# error: `rules lint` names each file with the column (line:col where the
# JSON is at fault) in bounded time, and `scan --rules` refuses the set
# (exit 1, DESIGN §3.2: bad rules).
t_hc_pathological_rules() {
	mkdir -p "$WORK/rules/zoom" || return 1
	src="$TOP/rules/zoom/zoom.encryption.untrusted-certs.json"
	awk 'BEGIN { for (i = 0; i < 2040; i++) o = o "("; c = o; gsub(/\(/, ")", c)
		printf "%strue%s", o, c }' >"$WORK/parens.expr"
	awk 'BEGIN { for (i = 0; i < 1020; i++) printf "not "; printf "true" }' >"$WORK/nots.expr"
	awk 'BEGIN { printf "all(artifacts.recordings, "; for (i = 0; i < 1000; i++) printf "any(x, "
		printf "true"; for (i = 0; i < 1001; i++) printf ")" }' >"$WORK/anys.expr"
	awk 'BEGIN { printf "update.auto in "; for (i = 0; i < 2000; i++) printf "["
		for (i = 0; i < 2000; i++) printf "]" }' >"$WORK/lists.expr"
	awk 'BEGIN { printf "product.version == \047"; for (i = 0; i < 4000; i++) printf "x"
		printf "\047 and (" }' >"$WORK/literal.expr"
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "("; printf "true" }' >"$WORK/long.expr"
	head -c 4000000 /dev/zero | tr '\0' x >"$WORK/huge.expr"
	for r in parens nots anys lists literal long huge; do
		jq --arg id "zoom.hostile.$r" --rawfile c "$WORK/$r.expr" '.id = $id | .check = $c' \
			"$src" >"$WORK/rules/zoom/zoom.hostile.$r.json" || return 1
	done
	printf '{\n  "id": "zoom.hostile.broken",\n  "check": [[[[[1,, 2]]]]]\n}\n' \
		>"$WORK/rules/zoom/zoom.hostile.broken.json"
	hc_run 10 600 rules lint "$WORK/rules" || return 1
	expect_rc 1 || return 1
	for r in parens nots anys lists literal long huge; do
		grep -q "zoom\.hostile\.$r\.json: .*'check': col [0-9]*: \|zoom\.hostile\.$r\.json: rule file larger" \
			"$WORK/err" || fail "no diagnostic with a column for the '$r' rule: $(grep "\.$r\." \
			"$WORK/err" | cut -c1-200)" || return 1
	done
	expect_present "nested too deeply (limit 64 levels)" "$WORK/err" || return 1
	expect_present "expression longer than 4096 bytes" "$WORK/err" || return 1
	expect_present "rule file larger than 1048576 bytes" "$WORK/err" || return 1
	grep -q 'zoom\.hostile\.broken\.json:3:[0-9][0-9]*: ' "$WORK/err" ||
		fail "no path:line:col for the broken rule: $(grep broken "$WORK/err")" || return 1
	root=$(stage dropbox-zoom) || return 1
	hc_run 10 600 scan --root "$root" --rules "$WORK/rules" --format json || return 1
	expect_rc 1 || return 1
	expect_present "zoom.hostile" "$WORK/err"
}

# --- limits -----------------------------------------------------------------

# Every walk has a depth and an entry limit and every file read a size limit;
# each is a diagnostic naming the flag that raises it, and the flag works.
t_hc_limits_and_flags() {
	root=$(stage dropbox-zoom) || return 1
	h="$root/home/alice"
	d="$h/Documents/deep"
	i=0
	while [ $i -lt 20 ]; do d="$d/d"; i=$((i + 1)); done
	mkdir -p "$d" "$h/Documents/many" || return 1
	i=0
	while [ $i -lt 300 ]; do : >"$h/Documents/many/f$i"; i=$((i + 1)); done
	# the defaults: 12 levels below a home
	hc_run 10 600 scan --root "$root" --format json || return 1
	hc_rc_ok || return 1
	hc_diag "" - "deeper than 12 levels not searched for recordings (--max-depth raises it)" ||
		return 1
	hc_expect common.artifacts.recordings-cloud-sync fail || return 1
	# raised: no depth diagnostic; lowered entries: the entry diagnostic
	hc_run 10 600 scan --root "$root" --format json --max-depth 40 --max-entries 100 ||
		return 1
	hc_rc_ok || return 1
	jq -e '[.diagnostics[] | select(.message | contains("deeper than"))] == []' "$WORK/out" \
		>/dev/null || fail "--max-depth 40 did not raise the depth limit" || return 1
	hc_diag "" - "search for recordings stopped after 100 entries (limit)" || return 1
	# --input folders: depth 16 by default, entries
	mkdir -p "$WORK/in/a" && cp "$HC_TEAMS/client-configuration.json" "$WORK/in/a/" || return 1
	d="$WORK/in/a"
	i=0
	while [ $i -lt 18 ]; do d="$d/d"; i=$((i + 1)); done
	mkdir -p "$d" && cp "$HC_TEAMS/meeting-policies.json" "$d/" || return 1
	hc_run 10 600 scan --input "$WORK/in" --format json || return 1
	hc_diag "" - "deeper than 16 folders, not read (limit)" || return 1
	hc_expect teams.third-party.cloud-storage fail || return 1
	hc_run 10 600 scan --input "$WORK/in" --format json --max-depth 30 || return 1
	jq -e '[.diagnostics[] | select(.message | contains("deeper than"))] == []' "$WORK/out" \
		>/dev/null || fail "--max-depth 30 did not raise the --input depth" || return 1
	hc_expect teams.retention.recording-expiry fail || return 1
	i=0
	while [ $i -lt 12 ]; do cp "$HC_TEAMS/client-configuration.json" "$WORK/in/c$i.json"; i=$((i + 1)); done
	hc_run 10 600 scan --input "$WORK/in" --format json --max-entries 5 || return 1
	hc_diag "" - "the rest not read (limit)" || return 1
	# the file size limit and its flag
	{ cat "$h/.config/zoomus.conf"; head -c 2000000 /dev/zero | tr '\0' '#'; echo; } \
		>"$h/.config/zoomus.conf.new" && mv "$h/.config/zoomus.conf.new" "$h/.config/zoomus.conf"
	hc_run 10 600 scan --root "$root" --format json --max-file-size 1M || return 1
	hc_diag /.config/zoomus.conf - "larger than the limit of 1048576 bytes" || return 1
	# usage errors: exit 64
	for bad in "--max-depth 0" "--max-depth 257" "--max-entries x" "--max-file-size 0"; do
		# shellcheck disable=SC2086
		run_vc scan --root "$root" $bad || return 1
		expect_rc 64 || return 1
	done
}

# --- never lose a report ----------------------------------------------------

# The disk fills up after 100 bytes while -o (json, pdf), --bundle (tar.gz,
# zip), breach -o and breach --register are written: each is exit 1 with
# "No space left on device" naming the file, the earlier file is left byte
# for byte, and no temporary file is left beside it.
t_hc_full_disk_keeps_old_reports() {
	hc_shim || return 0
	root=$(stage dropbox-zoom) || return 1
	mkdir -p "$WORK/full" || return 1
	run_vc scan --root "$root" --format json -o "$WORK/full/r.json" || return 1
	expect_rc 2 || return 1
	cp "$WORK/full/r.json" "$WORK/report.json"
	echo "old bundle" >"$WORK/full/b.tar.gz"
	echo "old bundle" >"$WORK/full/b.zip"
	echo "old pdf" >"$WORK/full/r.pdf"
	echo "old draft" >"$WORK/full/draft.md"
	printf '{"old": "line"}\n' >"$WORK/full/register.jsonl"
	(cd "$WORK/full" && sha256sum ./* >"$WORK/sums") || return 1
	for args in "scan --root $root --format json -o $WORK/full/r.json" \
		"scan --root $root --format pdf -o $WORK/full/r.pdf" \
		"scan --root $root --bundle $WORK/full/b.tar.gz" \
		"scan --root $root --bundle $WORK/full/b.zip" \
		"breach --report $WORK/report.json --incident $TOP/fixtures/incidents/example.json -o $WORK/full/draft.md" \
		"breach --report $WORK/report.json --incident $TOP/fixtures/incidents/example.json -o $WORK/draft.md --register $WORK/full/register.jsonl"; do
		# shellcheck disable=SC2086
		LD_PRELOAD="$WORK/faultfs.so" VC_FAULT_ENOSPC_DIR="$WORK/full" \
			VC_FAULT_ENOSPC_AFTER=100 run_vc $args || return 1
		expect_rc 1 || return 1
		expect_present "No space left on device" "$WORK/err" || return 1
		(cd "$WORK/full" && sha256sum -c --quiet "$WORK/sums") ||
			fail "an earlier file changed: $args" || return 1
		[ "$(ls -A "$WORK/full" | wc -l)" -eq 6 ] ||
			fail "left behind: $(ls -A "$WORK/full") ($args)" || return 1
	done
	# and with room to spare the same commands succeed (the shim is not
	# what fails them)
	LD_PRELOAD="$WORK/faultfs.so" VC_FAULT_ENOSPC_DIR="$WORK/full" \
		VC_FAULT_ENOSPC_AFTER=100000000 run_vc scan --root "$root" --bundle "$WORK/full/b.zip" ||
		return 1
	expect_rc 2 || return 1
	unzip -tq "$WORK/full/b.zip" >/dev/null || fail "bundle written with room is broken"
}

# /dev/full: writing the report to stdout when stdout is a full device is a
# clear error, exit 1, not a silent success.
t_hc_stdout_full() {
	[ -c /dev/full ] || { echo "    (no /dev/full: skipped)" >&2; return 0; }
	root=$(stage dropbox-zoom) || return 1
	# shellcheck disable=SC2086
	timeout ${VC_TIMEOUT:-60} $VC_WRAP "$VC" scan --root "$root" --format json \
		>/dev/full 2>"$WORK/err"
	RC=$?
	expect_rc 1 || return 1
	expect_present "No space left on device" "$WORK/err"
}

# --- the scan is read-only --------------------------------------------------

# Every output format, --deep, --bundle and facts over host trees with
# every product: the names, sizes, modes, mtimes and checksums below the
# root are the same afterwards, nothing was created there, and the outputs
# went where they were told.
t_hc_scan_is_read_only() {
	mkdir -p "$WORK/outputs" || return 1
	trees="dropbox-zoom jitsi-docker bbb-default hostile" formats="text json md csv junit html pdf"
	if [ -n "$VC_WRAP" ]; then   # valgrind: one tree, one format (minutes otherwise)
		trees=hostile formats=json
	fi
	for fx in $trees; do
		root=$(stage "$fx") || return 1
		meta() {
			(cd "$root" && find . -printf '%p %y %s %m %T@\n' | LC_ALL=C sort)
		}
		sums() {
			(cd "$root" && find . -type f -exec sha256sum {} + | LC_ALL=C sort)
		}
		meta >"$WORK/meta.before" && sums >"$WORK/sums.before" || return 1
		for f in $formats; do
			run_vc scan --root "$root" --deep --max-file-size 1M --format "$f" \
				-o "$WORK/outputs/$fx.$f" || return 1
			[ "$RC" -le 2 ] || fail "$fx $f: exit $RC" || return 1
			[ -s "$WORK/outputs/$fx.$f" ] || fail "$fx: no $f report" || return 1
		done
		run_vc scan --root "$root" --deep --max-file-size 1M --bundle "$WORK/outputs/$fx.zip" \
			-o "$WORK/outputs/$fx.bundle.txt" || return 1
		[ -s "$WORK/outputs/$fx.zip" ] || fail "$fx: no bundle" || return 1
		run_vc facts --root "$root" --deep --max-file-size 1M -o "$WORK/outputs/$fx.facts" ||
			return 1
		meta >"$WORK/meta.after" && sums >"$WORK/sums.after" || return 1
		cmp -s "$WORK/meta.before" "$WORK/meta.after" ||
			fail "$fx: names, sizes, modes or mtimes changed: $(diff "$WORK/meta.before" \
				"$WORK/meta.after" | head -5)" || return 1
		cmp -s "$WORK/sums.before" "$WORK/sums.after" || fail "$fx: contents changed" ||
			return 1
	done
}
