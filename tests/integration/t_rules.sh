# Every rule in rules/ passes on one fixture host tree and fails on another,
# checked end to end (scanners, derived facts, engine, profile), plus one
# golden JSON report.
#
# Coverage (tree: how the rule gets there):
#   rule                                     pass                         fail
#   common.artifacts.recordings-cloud-sync   syncthing-goto (zoom), clean  nextcloud, onedrive, goto
#   common.artifacts.recordings-unencrypted  onedrive --encrypted /       nextcloud --not-encrypted /
#   common.artifacts.saved-chats             onedrive                     nextcloud
#   common.artifacts.unconverted-recordings  onedrive, syncthing (zoom)   nextcloud, syncthing (goto)
#   common.breach-readiness.breach-procedure org/complete                 org/contact-only
#   common.breach-readiness.contact-point    org/complete                 org/no-contact
#   common.breach-readiness.controller       org/complete                 org/contact-only
#   common.retention.recordings-age          onedrive 45 d (baseline),    nextcloud 100 d (baseline),
#                                            syncthing 23 d (strict)      onedrive 45 d (strict)
#   zoom.encryption.untrusted-certs          onedrive, clean, syncthing   nextcloud
#   zoom.local-recording.cloud-sync          clean (disabled),            onedrive (RecordPath in
#                                            nextcloud (default path)     OneDrive)
#   zoom.local-recording.policy              clean                        onedrive
#   zoom.software.auto-update                clean                        onedrive, mdm-updates

# r_status RULE PRODUCT: the statuses of RULE's findings for PRODUCT in $WORK/out.
r_status() {
	jq -r --arg r "$1" --arg p "$2" \
		'.findings[] | select(.rule == $r and .product == $p) | .status' "$WORK/out" |
		sort -u | tr '\n' ' ' | sed 's/ $//'
}

# r_expect RULE PRODUCT STATUS: RULE has exactly STATUS for PRODUCT (trees with
# findings of several products for one rule, e.g. Zoom and GoTo recordings).
r_expect() {
	got=$(r_status "$1" "$2")
	[ "$got" = "$3" ] || fail "$1 ($2): status '$got', expected '$3'"
}

# r_severity RULE: the severities of RULE's findings in $WORK/out.
r_severity() {
	jq -r --arg r "$1" '.findings[] | select(.rule == $r) | .severity' "$WORK/out" |
		sort -u | tr '\n' ' ' | sed 's/ $//'
}

# Linux laptop, Nextcloud client syncing ~/Nextcloud; the user moved a raw,
# unconverted Zoom recording with its saved chat there 100 days ago; the
# client accepts untrusted certificates (blockUntrustedSSLCert=false).
t_rules_linux_nextcloud_baseline() {
	root=$(stage linux-nextcloud) || return 1
	run_vc scan --root "$root" --format json --not-encrypted / || return 1
	expect_rc 2 || return 1
	expect_status common.artifacts.recordings-cloud-sync fail || return 1
	expect_status common.artifacts.recordings-unencrypted fail || return 1
	expect_status common.artifacts.saved-chats fail || return 1
	expect_status common.artifacts.unconverted-recordings fail || return 1
	expect_status common.retention.recordings-age fail || return 1
	expect_status zoom.encryption.untrusted-certs fail || return 1
	# the Linux client records to ~/Documents/Zoom, which nothing syncs
	expect_status zoom.local-recording.cloud-sync pass || return 1
	# zoomus.conf says nothing about local recording or updates: a person checks
	expect_status zoom.local-recording.policy manual || return 1
	expect_status zoom.software.auto-update manual || return 1
	expect_status common.breach-readiness.contact-point manual || return 1
	# the cloud-sync evidence names the provider and the line of nextcloud.cfg
	jq -e '.facts[] | select(.key == "artifacts.recordings") | .value[0]
		| .cloud_sync == "nextcloud" and .age_days == 100 and .converted == false
		  and .has_chat == true' "$WORK/out" >/dev/null ||
		fail "recording facts are not nextcloud/100 days/unconverted/chat" || return 1
	jq -e '.facts[] | select(.key == "encryption.transport_required")
		| .line == 8 and (.source | endswith("/.config/zoomus.conf"))' "$WORK/out" >/dev/null ||
		fail "untrusted-certs evidence does not point at zoomus.conf:8" || return 1
	# the topic and the account name stay out of the report
	expect_absent "Nina Nielsen" "$WORK/out" || return 1
	expect_absent "/home/nina" "$WORK/out"
}

t_rules_linux_nextcloud_strict() {
	root=$(stage linux-nextcloud) || return 1
	run_vc scan --root "$root" --format json --not-encrypted / --profile strict || return 1
	expect_rc 2 || return 1
	expect_status common.retention.recordings-age fail || return 1
	[ "$(r_severity common.retention.recordings-age)" = high ] ||
		fail "strict retention severity $(r_severity common.retention.recordings-age)" || return 1
	[ "$(r_severity common.artifacts.recordings-unencrypted)" = critical ] ||
		fail "strict does not make unencrypted recordings critical" || return 1
	expect_status common.artifacts.recordings-unencrypted fail
}

# macOS, machine-wide us.zoom.config.plist: local recording allowed,
# RecordPath in the OneDrive File Provider folder, auto-update off,
# untrusted certificates blocked; one converted recording without chat,
# 45 days old, in that OneDrive folder.
t_rules_mac_onedrive_baseline() {
	root=$(stage mac-onedrive) || return 1
	run_vc scan --root "$root" --format json --encrypted / || return 1
	expect_rc 2 || return 1
	expect_status common.artifacts.recordings-cloud-sync fail || return 1
	expect_status common.artifacts.recordings-unencrypted pass || return 1
	expect_status common.artifacts.saved-chats pass || return 1
	expect_status common.artifacts.unconverted-recordings pass || return 1
	# 45 days <= 90 days
	expect_status common.retention.recordings-age pass || return 1
	expect_status zoom.encryption.untrusted-certs pass || return 1
	expect_status zoom.local-recording.cloud-sync fail || return 1
	expect_status zoom.local-recording.policy fail || return 1
	expect_status zoom.software.auto-update fail || return 1
	jq -e '.profile.params["common.retention.recordings-age"].max_days == 90' "$WORK/out" \
		>/dev/null || fail "baseline max_days is not 90" || return 1
	# the policy evidence cites the plist and the line of the key
	jq -e '.findings[] | select(.rule == "zoom.local-recording.policy") | .evidence[]
		| select(.fact == "recording.local.allowed")
		| .source == "/Library/Preferences/us.zoom.config.plist" and .line == 5' \
		"$WORK/out" >/dev/null || fail "policy evidence is not us.zoom.config.plist:5" || return 1
	jq -e '[.facts[] | select(.key == "recording.local.path.cloud_sync") | .value]
		| length > 0 and all(. == "onedrive")' "$WORK/out" >/dev/null ||
		fail "RecordPath not seen as synced by OneDrive" || return 1
	expect_absent "/Users/frida" "$WORK/out"
}

t_rules_mac_onedrive_strict() {
	root=$(stage mac-onedrive) || return 1
	run_vc scan --root "$root" --format json --encrypted / --profile strict || return 1
	expect_rc 2 || return 1
	# 45 days > 30 days
	expect_status common.retention.recordings-age fail || return 1
	jq -e '.profile.id == "strict" and
		.profile.params["common.retention.recordings-age"].max_days == 30' "$WORK/out" \
		>/dev/null || fail "strict profile or its max_days missing from the report" || return 1
	[ "$(r_severity common.artifacts.recordings-cloud-sync)" = critical ] ||
		fail "strict does not make synced recordings critical" || return 1
	[ "$(r_severity zoom.local-recording.policy)" = high ] ||
		fail "strict does not raise zoom.local-recording.*" || return 1
	expect_status common.artifacts.recordings-unencrypted pass
}

# macOS with the client locked down and no recordings anywhere.
t_rules_mac_clean_passes() {
	root=$(stage mac-clean) || return 1
	run_vc scan --root "$root" --format json --encrypted / --org "$TOP/fixtures/org/complete.json" ||
		return 1
	expect_rc 0 || return 1
	expect_status zoom.local-recording.policy pass || return 1
	expect_status zoom.local-recording.cloud-sync pass || return 1
	expect_status zoom.software.auto-update pass || return 1
	expect_status zoom.encryption.untrusted-certs pass || return 1
	expect_status common.artifacts.recordings-cloud-sync pass || return 1
	expect_status common.breach-readiness.breach-procedure pass || return 1
	expect_status common.breach-readiness.contact-point pass || return 1
	expect_status common.breach-readiness.controller pass || return 1
	jq -e '.facts[] | select(.key == "artifacts.recordings") | .value == []' "$WORK/out" \
		>/dev/null || fail "recordings were found on a host without any" || return 1
}

# Auto-update off, everything else in order: the rule's only failure.
t_rules_mac_mdm_updates_auto_update_fails() {
	root=$(stage mac-mdm-updates) || return 1
	run_vc scan --root "$root" --format json --encrypted / --org "$TOP/fixtures/org/complete.json" ||
		return 1
	expect_rc 2 || return 1
	expect_status zoom.software.auto-update fail || return 1
	jq -e '[.findings[] | select(.status == "fail")] | length == 1' "$WORK/out" >/dev/null ||
		fail "more than one failure on mac-mdm-updates" || return 1
}

# Linux with Syncthing sending ~/Sync: a GoTo .g2m there, a converted Zoom
# recording (23 days) in the unsynced ~/Documents/Zoom.
t_rules_syncthing_goto_strict() {
	root=$(stage linux-syncthing-goto) || return 1
	run_vc scan --root "$root" --format json --encrypted / --profile strict || return 1
	expect_rc 2 || return 1
	r_expect common.artifacts.recordings-cloud-sync goto fail || return 1
	r_expect common.artifacts.recordings-cloud-sync zoom pass || return 1
	# a .g2m is GoTo's raw, unconverted format
	r_expect common.artifacts.unconverted-recordings goto fail || return 1
	r_expect common.artifacts.unconverted-recordings zoom pass || return 1
	r_expect common.artifacts.saved-chats zoom pass || return 1
	# 10 and 23 days are within strict's 30
	r_expect common.retention.recordings-age zoom pass || return 1
	r_expect common.retention.recordings-age goto pass || return 1
	# blockUntrustedSSLCert=true in zoomus.conf
	expect_status zoom.encryption.untrusted-certs pass || return 1
	expect_status zoom.local-recording.cloud-sync pass || return 1
	jq -e '.facts[] | select(.key == "artifacts.recordings" and .product == "goto")
		| .value[0].cloud_sync == "syncthing"' "$WORK/out" >/dev/null ||
		fail "the .g2m is not in a Syncthing folder" || return 1
	# the receive-only Syncthing folder sends nothing and is not a sync folder
	jq -e '.facts[] | select(.key == "sync.providers") | .value == ["syncthing"]' "$WORK/out" \
		>/dev/null || fail "sync.providers is not [syncthing]" || return 1
	expect_absent "Olga Olsen" "$WORK/out" || return 1
	expect_absent "Supervision" "$WORK/out"
}

t_rules_org_contact_only() {
	root=$(stage mac-clean) || return 1
	run_vc scan --root "$root" --format json --encrypted / \
		--org "$TOP/fixtures/org/contact-only.json" || return 1
	expect_rc 2 || return 1
	expect_status common.breach-readiness.contact-point pass || return 1
	expect_status common.breach-readiness.controller fail || return 1
	expect_status common.breach-readiness.breach-procedure fail
}

t_rules_org_no_contact() {
	root=$(stage mac-clean) || return 1
	run_vc scan --root "$root" --format json --encrypted / \
		--org "$TOP/fixtures/org/no-contact.json" || return 1
	expect_rc 2 || return 1
	expect_status common.breach-readiness.contact-point fail || return 1
	expect_status common.breach-readiness.controller pass || return 1
	expect_status common.breach-readiness.breach-procedure pass
}

# Nothing installed: the facts say so instead of leaving it open.
t_rules_empty_host_facts_not_installed() {
	root=$(stage empty) || return 1
	run_vc facts --root "$root" || return 1
	expect_rc 0 || return 1
	jq -e '[.facts[] | select(.product == "zoom" and .key == "product.installed")
		| .value] == [false]' "$WORK/out" >/dev/null ||
		fail "facts do not say product.installed=false for zoom" || return 1
	jq -e '.diagnostics == []' "$WORK/out" >/dev/null || fail "diagnostics on an empty host"
}

# A golden report: the whole JSON for mac-onedrive, byte for byte, with the
# staged root and the time normalised. VC_UPDATE_GOLDEN=1 rewrites it.
t_rules_golden_mac_onedrive() {
	golden="$TOP/tests/golden/hosts/mac-onedrive.json"
	root=$(stage mac-onedrive) || return 1
	run_vc scan --root "$root" --format json --encrypted / || return 1
	expect_rc 2 || return 1
	esc=$(printf '%s' "$root" | sed 's/[][\.*^$|]/\\&/g')
	sed -e "s|$esc|@ROOT@|g" \
		-e 's|^\(  "generated_at": \)"[^"]*"|\1"@GENERATED_AT@"|' "$WORK/out" > "$WORK/report.json"
	jq -e '.target.root == "@ROOT@" and .generated_at == "@GENERATED_AT@"' "$WORK/report.json" \
		>/dev/null || fail "root or generated_at not normalised" || return 1
	if [ "${VC_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$(dirname "$golden")" && cp "$WORK/report.json" "$golden" || return 1
		echo "    rewrote $golden" >&2
		return 0
	fi
	[ -f "$golden" ] || fail "no $golden (VC_UPDATE_GOLDEN=1 writes it)" || return 1
	if ! cmp -s "$golden" "$WORK/report.json"; then
		diff -u "$golden" "$WORK/report.json" | head -40 | sed 's/^/      /' >&2
		fail "report differs from tests/golden/hosts/mac-onedrive.json"
		return 1
	fi
}

# ~/Documents/Zoom (the Linux client's only recording folder) is a symlink to
# /data/zoom/paul inside the root. README: symlinks are resolved inside the
# root; the recording with its saved chat behind it must be found, not
# silently skipped (which makes the artifact rules pass on no evidence).
t_rules_recordings_behind_symlinked_record_folder() {
	root=$(stage linux-zoom-data-disk) || return 1
	run_vc scan --root "$root" --format json --encrypted / || return 1
	jq -e '[.facts[] | select(.key == "artifacts.recordings" and .product == "zoom")
		| .value[]] | length == 1' "$WORK/out" >/dev/null ||
		fail "recording behind ~/Documents/Zoom -> /data/zoom/paul not found: $(jq -c \
			'[.facts[] | select(.key == "artifacts.recordings") | .value]' "$WORK/out")" ||
		return 1
	expect_status common.artifacts.saved-chats fail || return 1
	expect_rc 2
}
