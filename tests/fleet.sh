#!/bin/sh
# make test-fleet: `make install`/`uninstall`, the systemd units, and the
# Ansible role and playbook for real (ansible-playbook against two local
# "hosts", each with its own prefix and fixture root), then the merge.
#   tests/fleet.sh BUILD
set -u
BUILD=$1
TOP=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/vcaudit-fleet.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1795600000 VCAUDIT_PSEUDONYM_KEY=fleet-test-key NO_COLOR=1
unset VCAUDIT_RULES VCAUDIT_PROFILES
failed=0
fail() { echo "  FAIL  $*"; failed=$((failed + 1)); }
ok() { echo "  ok    $*"; }

# --- make install DESTDIR=... : everything below DESTDIR/PREFIX, units name the binary
make -s -C "$TOP" BUILD="$BUILD" install DESTDIR="$T/dest" PREFIX=/usr/local >/dev/null ||
	fail "make install DESTDIR"
d="$T/dest/usr/local"
nrules=$(cd "$TOP" && find rules profiles -type f | wc -l)
if [ -x "$d/bin/vcaudit" ] && [ -f "$d/share/man/man1/vcaudit.1" ] &&
   [ "$(cd "$d/share/vcaudit" && find rules profiles -type f | wc -l)" -eq "$nrules" ] &&
   grep -q '^ExecStart=/usr/local/bin/vcaudit scan ' "$d/lib/systemd/system/vcaudit-scan.service" &&
   [ -f "$d/lib/systemd/system/vcaudit-scan.timer" ] && [ -f "$d/share/vcaudit/vcaudit.default" ] &&
   [ "$(find "$T/dest" -mindepth 1 -maxdepth 2)" = "$T/dest/usr
$T/dest/usr/local" ]; then
	ok "make install DESTDIR=... PREFIX=/usr/local"
else
	fail "make install: files missing, misplaced, or the unit names another binary"
fi
make -s -C "$TOP" BUILD="$BUILD" uninstall DESTDIR="$T/dest" PREFIX=/usr/local >/dev/null
left=$(find "$T/dest" -type f)
[ -z "$left" ] && ok "make uninstall removes every installed file" ||
	fail "make uninstall left: $left"

# --- an installed tree works on its own: rules found beside the binary, units verify
make -s -C "$TOP" BUILD="$BUILD" install PREFIX="$T/prefix" >/dev/null || fail "make install PREFIX"
sh "$TOP/scripts/stage-tree.sh" "$TOP/fixtures/hosts/dropbox-zoom" "$T/roots/alpha"
sh "$TOP/scripts/stage-tree.sh" "$TOP/fixtures/hosts/jitsi-debian-default" "$T/roots/beta"
"$T/prefix/bin/vcaudit" scan --root "$T/roots/alpha" --format json -o "$T/inst.json"
rc_inst=$?
VCAUDIT_RULES="$TOP/rules" VCAUDIT_PROFILES="$TOP/profiles" "$TOP/$BUILD/vcaudit" scan \
	--root "$T/roots/alpha" --format json -o "$T/build.json"
if [ "$rc_inst" -eq 2 ] && [ "$(jq -c .findings "$T/inst.json")" = "$(jq -c .findings "$T/build.json")" ]
then
	ok "installed binary uses the installed rules (same findings as the build)"
else
	fail "installed binary: exit $rc_inst or findings differ from the build's"
fi
if command -v systemd-analyze >/dev/null; then
	out=$(systemd-analyze verify --man=no "$T/prefix/lib/systemd/system/vcaudit-scan.service" \
		"$T/prefix/lib/systemd/system/vcaudit-scan.timer" 2>&1)
	[ $? -eq 0 ] && [ -z "$out" ] && ok "systemd-analyze verify: units clean" ||
		fail "systemd-analyze verify: $out"
else
	fail "systemd-analyze missing (package systemd, scripts/deps.sh)"
fi

# --- the Ansible role and playbook, for real, against two local hosts
A="$T/ansible"
mkdir -p "$A/home" "$A/tmp"
cat >"$A/ansible.cfg" <<CFG
[defaults]
inventory = $A/inventory.ini
roles_path = $TOP/fleet/ansible/roles
nocows = True
retry_files_enabled = False
gathering = explicit
forks = 2
interpreter_python = /usr/bin/python3
local_tmp = $A/tmp
remote_tmp = $A/tmp
display_skipped_hosts = False
display_ok_hosts = False
CFG
cat >"$A/inventory.ini" <<INV
[vcaudit]
alpha vcaudit_prefix=$T/alpha/usr vcaudit_report_path=$T/alpha/state/report.json vcaudit_scan_args='["--root", "$T/roots/alpha"]'
beta  vcaudit_prefix=$T/beta/opt vcaudit_report_path=$T/beta/state/report.json vcaudit_scan_args='["--root", "$T/roots/beta"]'

[vcaudit:vars]
ansible_connection=local
vcaudit_systemd=false
vcaudit_install_runtime_deps=false
vcaudit_env_file=
vcaudit_build=$BUILD
vcaudit_stage_dir=$A/stage
INV
# a rule the tree no longer ships must go at the next run
mkdir -p "$T/alpha/usr/share/vcaudit/rules/zoom"
echo '{}' >"$T/alpha/usr/share/vcaudit/rules/zoom/zz-removed-upstream.json"
play() {
	ANSIBLE_CONFIG="$A/ansible.cfg" ANSIBLE_HOME="$A/home" ANSIBLE_NOCOLOR=1 \
	ANSIBLE_FORCE_COLOR=0 ANSIBLE_NOCOWS=1 \
	ansible-playbook "$TOP/fleet/ansible/site.yml" -e vcaudit_become=false \
		-e "vcaudit_reports_dir=$T/reports" >"$A/play.log" 2>&1
}
if play; then
	ok "ansible-playbook site.yml (install, scan, fetch, merge)"
else
	fail "ansible-playbook site.yml failed:"
	tail -30 "$A/play.log" | sed 's/^/        /'
fi
[ -x "$T/alpha/usr/bin/vcaudit" ] && [ -x "$T/beta/opt/bin/vcaudit" ] &&
[ "$(cd "$T/beta/opt/share/vcaudit" && find rules profiles -type f | wc -l)" -eq "$nrules" ] &&
[ -f "$T/beta/opt/lib/systemd/system/vcaudit-scan.timer" ] &&
	ok "role installed binary, rules, profiles and units under each host's prefix" ||
	fail "role: installed tree incomplete"
[ ! -e "$T/alpha/usr/share/vcaudit/rules/zoom/zz-removed-upstream.json" ] &&
	ok "role removed a rule no longer shipped" || fail "role left a stale rule behind"
names=$(for h in alpha beta; do jq -r .target.name "$T/reports/hosts/$h.json"; done 2>/dev/null |
	tr '\n' ' ')
[ "$names" = "dropbox-zoom jitsi-debian " ] &&
	ok "each host's JSON report fetched to the controller" ||
	fail "fetched reports: targets '$names', expected 'dropbox-zoom jitsi-debian '"
fleet=$(jq -r '[.schema, (.hosts | length), ([.hosts[].name] | sort | join(","))] | join(" ")' \
	"$T/reports/fleet.json" 2>/dev/null)
[ "$fleet" = "vcaudit.fleet/1 2 dropbox-zoom,jitsi-debian" ] &&
	ok "vcaudit merge on the controller: one fleet report of both hosts" ||
	fail "fleet.json: '$fleet'"
grep -q "jitsi-debian" "$T/reports/fleet.html" 2>/dev/null &&
	ok "fleet.html written" || fail "fleet.html missing or without the hosts"

[ "$failed" -eq 0 ] && echo "test-fleet: all passed" || echo "test-fleet: $failed failed"
[ "$failed" -eq 0 ]
