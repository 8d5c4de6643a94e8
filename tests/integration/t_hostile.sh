# Damaged and hostile host trees: the scan finishes, says what it could not
# read, and audits everything else.

# h_diag SOURCE-SUFFIX TEXT: a diagnostic in $WORK/out whose source ends with
# SOURCE-SUFFIX and whose message contains TEXT.
h_diag() {
	jq -e --arg s "$1" --arg t "$2" \
		'any(.diagnostics[]; (.source // "" | endswith($s)) and (.message | contains($t)))' \
		"$WORK/out" >/dev/null || fail "no diagnostic for ...$1 saying '$2'"
}

# h_scope_of SOURCE-REGEX: the user scope whose pseudonymised home appears in
# the source of a diagnostic matching SOURCE-REGEX (e.g. "/.config/zoomus.conf$").
h_scope_of() {
	jq -r --arg re "$1" '[.diagnostics[] | .source // "" | select(test($re))][0] // ""
		| capture("^/(home|Users)/(?<u>user-[0-9a-f]+)/").u // empty | "user:" + .' "$WORK/out"
}

# h_unit RULE SCOPE: the status of RULE's Zoom finding for SCOPE.
h_unit() {
	jq -r --arg r "$1" --arg s "$2" \
		'.findings[] | select(.rule == $r and .scope == $s and .product == "zoom") | .status' \
		"$WORK/out"
}

# A backup image with three homes: gerd's zoomus.conf has a merge-conflict
# line (line 9), hans's per-user us.zoom.config.plist is cut off, ida is
# healthy and keeps a Zoom recording in her Dropbox.
t_corrupt_configs_are_errors_not_aborts() {
	root=$(stage corrupt-configs) || return 1
	run_vc scan --root "$root" --format json --encrypted / || return 1
	# ida's synced recording is a failure; the broken files are not exit 1
	expect_rc 2 || return 1
	gerd=$(h_scope_of '/\.config/zoomus\.conf$')
	hans=$(h_scope_of '/us\.zoom\.config\.plist$')
	[ -n "$gerd" ] || fail "no diagnostic names a zoomus.conf" || return 1
	[ -n "$hans" ] || fail "no diagnostic names a us.zoom.config.plist" || return 1
	# zoomus.conf: the diagnostic has the (pseudonymised) path and line 9,
	# in the JSON and on stderr as path:line
	jq -e '.diagnostics[] | select(.source | test("^/home/user-[0-9a-f]+/\\.config/zoomus\\.conf$"))
		| .line == 9' "$WORK/out" >/dev/null ||
		fail "zoomus.conf diagnostic is not at line 9" || return 1
	expect_present "/home/${gerd#user:}/.config/zoomus.conf:9:" "$WORK/err" || return 1
	expect_present "/Users/${hans#user:}/Library/Preferences/us.zoom.config.plist" "$WORK/err" ||
		return 1
	# the rules that needed those files are errors, never pass or manual
	for s in "$gerd" "$hans"; do
		for r in zoom.software.auto-update zoom.encryption.untrusted-certs \
			zoom.local-recording.policy; do
			got=$(h_unit "$r" "$s")
			[ "$got" = error ] || fail "$r for $s: '$got', expected error" || return 1
		done
	done
	# ida is fully audited: her synced recording fails, her settings are read
	ida=$(jq -r '.findings[] | select(.rule == "common.artifacts.recordings-cloud-sync"
		and .status == "fail") | .scope' "$WORK/out")
	[ -n "$ida" ] && [ "$ida" != "$gerd" ] && [ "$ida" != "$hans" ] ||
		fail "no recordings-cloud-sync failure for the healthy home ('$ida')" || return 1
	[ "$(h_unit zoom.encryption.untrusted-certs "$ida")" = pass ] ||
		fail "the healthy home's zoomus.conf was not evaluated" || return 1
	jq -e --arg s "$ida" '.findings[] | select(.rule == "common.artifacts.recordings-cloud-sync"
		and .scope == $s) | .evidence[] | .source | contains("/Dropbox/Zoom/")' "$WORK/out" \
		>/dev/null || fail "evidence of the healthy home does not point into Dropbox" || return 1
	# three homes, each with its own findings
	[ "$(jq '[.findings[] | select(.rule == "zoom.software.auto-update") | .scope] | unique
		| length' "$WORK/out")" -eq 3 ] || fail "not every home was audited" || return 1
	for f in out err; do
		expect_absent "/home/gerd" "$WORK/$f" || return 1
		expect_absent "/Users/hans" "$WORK/$f" || return 1
		expect_absent "/home/ida" "$WORK/$f" || return 1
	done
}

# The truncated plist's diagnostic must carry its line (README: a malformed
# configuration file becomes "path:line:col: problem"), not only mention it
# inside the message text.
t_corrupt_plist_diagnostic_has_line() {
	root=$(stage corrupt-configs) || return 1
	run_vc scan --root "$root" --format json || return 1
	jq -e '.diagnostics[] | select(.source | endswith("/Library/Preferences/us.zoom.config.plist"))
		| .line > 0' "$WORK/out" >/dev/null ||
		fail "us.zoom.config.plist diagnostic has no line: $(jq -c '.diagnostics[]
			| select(.source | endswith(".plist"))' "$WORK/out")" || return 1
	grep -q '/us\.zoom\.config\.plist:[0-9][0-9]*:' "$WORK/err" ||
		fail "stderr has no plist:line: diagnostic"
}

# Home mallory: ~/.config/Nextcloud/nextcloud.cfg is a symlink loop,
# ~/.dropbox/info.json climbs out of the root (relative ../../..), Syncthing's
# config.xml points at /dev/zero, ~/.config/zoomus.conf is a FIFO (manifest),
# the Flatpak zoomus.conf is a 50 MB sparse file, Documents holds a 200-deep
# directory chain and symlinks to "." and out of the root; /home/trudy is a
# symlink out of the root. A normal Zoom recording sits in Documents/Zoom.
h_stage_hostile() {
	root=$(stage hostile) || return 1
	home="$root/home/mallory"
	# /dev/zero as the audited host sees it (absolute link targets are
	# rebased inside the root); needs CAP_MKNOD, checked by the caller
	mkdir -p "$root/dev" && mknod "$root/dev/zero" c 1 5 2>/dev/null
	mkdir -p "$home/.var/app/us.zoom.Zoom/config" || return 1
	truncate -s 50M "$home/.var/app/us.zoom.Zoom/config/zoomus.conf" || return 1
	d="$home/Documents/deep"
	i=0
	while [ $i -lt 200 ]; do d="$d/d"; i=$((i + 1)); done
	mkdir -p "$d" || return 1
	echo "$root"
}

t_hostile_home_is_survived() {
	root=$(h_stage_hostile) || return 1
	[ -p "$root/home/mallory/.config/zoomus.conf" ] || fail "manifest did not make the FIFO" ||
		return 1
	start=$(date +%s)
	run_vc scan --root "$root" --format json --max-file-size 1M || return 1
	took=$(( $(date +%s) - start ))
	[ "$took" -lt 10 ] || fail "scan took $took s" || return 1
	case "$RC" in
	0|2) ;;
	*) fail "exit code $RC, expected 0 or 2"; return 1 ;;
	esac
	jq -e .summary "$WORK/out" >/dev/null || fail "no valid JSON report" || return 1
	h_diag /.config/Nextcloud/nextcloud.cfg "loop" || return 1
	h_diag /.dropbox/info.json "escapes the root" || return 1
	h_diag /.config/zoomus.conf "FIFO" || return 1
	h_diag /.var/app/us.zoom.Zoom/config/zoomus.conf "limit" || return 1
	h_diag "" "deeper than" || return 1
	h_diag "" "home directory not followed" || return 1
	if [ -c "$root/dev/zero" ]; then
		h_diag /.config/syncthing/config.xml "device" || return 1
	else
		echo "    (no CAP_MKNOD: /dev/zero sub-check skipped)" >&2
	fi
	# the problems are on stderr too
	expect_present "/.config/zoomus.conf: could not read" "$WORK/err" || return 1
	# the rest of the home is audited: the recording in Documents/Zoom is found
	jq -e '[.facts[] | select(.key == "artifacts.recordings" and .product == "zoom")
		| .value[] | select(.path | contains("/Documents/Zoom/2026-11-18 11.00.00 "))]
		| length == 1' "$WORK/out" >/dev/null ||
		fail "the recording in Documents/Zoom was not found" || return 1
	# a FIFO where the configuration should be is an error, not a guess
	[ "$(jq -r '[.findings[] | select(.rule == "zoom.software.auto-update") | .status]
		| unique | join(",")' "$WORK/out")" = error ] ||
		fail "auto-update is not error with an unreadable zoomus.conf" || return 1
	for f in out err; do
		expect_absent "mallory" "$WORK/$f" || return 1
		expect_absent "trudy" "$WORK/$f" || return 1
		expect_absent "root:x:0:0" "$WORK/$f" || return 1
	done
	# nothing was consumed or replaced under the root
	[ -p "$root/home/mallory/.config/zoomus.conf" ] || fail "the FIFO is gone" || return 1
	# --deep walks the dot-directories too (where the FIFO and links are)
	start=$(date +%s)
	run_vc scan --root "$root" --format json --max-file-size 1M --deep || return 1
	took=$(( $(date +%s) - start ))
	[ "$took" -lt 10 ] || fail "--deep scan took $took s" || return 1
	case "$RC" in
	0|2) ;;
	*) fail "--deep: exit code $RC, expected 0 or 2"; return 1 ;;
	esac
	h_diag /.config/zoomus.conf "FIFO"
}

# A directory the scanner cannot open. As root every directory is readable,
# so the scan runs as nobody (setpriv or runuser); without either, and as
# root, the check is skipped.
t_hostile_unreadable_directory() {
	root=$(h_stage_hostile) || return 1
	mkdir -p "$root/home/mallory/Documents/Privat" || return 1
	printf 'x\n' > "$root/home/mallory/Documents/Privat/dagbog.txt"
	chmod 000 "$root/home/mallory/Documents/Privat" || return 1
	if [ "$(id -u)" -eq 0 ]; then
		if command -v setpriv >/dev/null 2>&1; then
			as="setpriv --reuid=65534 --regid=65534 --clear-groups"
		elif command -v runuser >/dev/null 2>&1; then
			as="runuser -u nobody --"
		else
			echo "    (root without setpriv/runuser: unreadable-directory check skipped)" >&2
			return 0
		fi
		chmod 755 "$WORK" || return 1
		printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$as" "$VC" > "$WORK/vc-nobody"
		chmod 755 "$WORK/vc-nobody"
		VC="$WORK/vc-nobody"
	fi
	run_vc scan --root "$root" --format json --max-file-size 1M || return 1
	case "$RC" in
	0|2) ;;
	*) fail "exit code $RC, expected 0 or 2"; sed 's/^/      /' "$WORK/err" | head >&2; return 1 ;;
	esac
	h_diag "" "could not be read" || return 1
	jq -e '[.facts[] | select(.key == "artifacts.recordings" and .product == "zoom")
		| .value[]] | length == 1' "$WORK/out" >/dev/null ||
		fail "the recording beside the unreadable directory was not found"
}

# File names need not be UTF-8: one that is not must not stop the audit,
# even when identities are revealed and the name is printed as it is.
t_hostile_non_utf8_names() {
	bad=$(printf 'Bad\377\376Name')
	d="$WORK/host/home/zed/Documents/Zoom/2026-01-01 10.00.00 $bad"
	mkdir -p "$d" "$WORK/host/home/zed/.zoom" "$WORK/host/home/zed/Documents/x$bad"
	echo x > "$d/video1.mp4"
	echo x > "$WORK/host/home/zed/Documents/x$bad/a.G2M"
	for reveal in "" --reveal-identities; do
		# shellcheck disable=SC2086
		run_vc scan --root "$WORK/host" --format json $reveal || return 1
		expect_rc 2 || return 1
		n=$(jq '[.facts[] | select(.key == "artifacts.recordings") | .value[]] | length' \
			"$WORK/out") || { fail "report is not valid JSON"; return 1; }
		[ "$n" -eq 2 ] || fail "$n recordings found, expected 2 ($reveal)" || return 1
	done
	run_vc scan --root "$WORK/host" --reveal-identities || return 1
	expect_rc 2
}

# A broken sync-client config leaves every recording's cloud_sync unknown:
# the recording rules of that home must not pass, and other rules (org)
# must not be dragged into error.
t_hostile_broken_sync_config_is_error_not_pass() {
	root=$(stage dropbox-zoom) || return 1
	printf '{"personal": {"path": "/home/alice/Dropbox", ' > "$root/home/alice/.dropbox/info.json"
	run_vc scan --root "$root" --format json --org "$TOP/fixtures/org/complete.json" || return 1
	expect_status common.artifacts.recordings-cloud-sync error || return 1
	expect_status common.breach-readiness.contact-point pass || return 1
	jq -e '.diagnostics[] | select(.source | endswith("/.dropbox/info.json")) | select(.line > 0)' \
		"$WORK/out" >/dev/null || fail "no diagnostic with a line for info.json"
}
