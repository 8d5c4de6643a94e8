# The demo organisation "Eksempel Kommune", in one place for scripts/demo.sh
# and the golden tests (tests/integration/t_demo.sh), so the report the demo
# writes is the report the tests check. Sourced; needs $top (the repository).
#
# The organisation's report covers its main workstation (laptop-anna, whose
# Zoom recordings sit in Dropbox) and its Microsoft Teams tenant (an exported
# configuration). The other workstations and the Jitsi Meet server get a
# report each beside it.
DEMO_ORG="fixtures/demo/org.json"
DEMO_MAIN_HOST="laptop-anna"
DEMO_HOSTS="laptop-anna mac-bo ws-carl"
DEMO_TENANT="fixtures/exports/teams"

# Disk encryption of a host image cannot be seen from the files: the demo
# attests what the organisation's asset register says: mac-bo and ws-carl are
# encrypted, laptop-anna is not recorded (so its rules stay manual).
demo_attest() {
	case $1 in
	mac-bo|ws-carl) echo "--encrypted /" ;;
	*) echo "" ;;
	esac
}

# demo_stage STAGEDIR: copy the demo hosts (with their file ages) and the
# Jitsi server into STAGEDIR.
demo_stage() {
	for h in $DEMO_HOSTS; do
		sh "$top/scripts/stage-tree.sh" "$top/fixtures/demo/hosts/$h" "$1/$h" || return 1
	done
	sh "$top/scripts/stage-tree.sh" "$top/fixtures/hosts/jitsi-docker" "$1/jitsi" || return 1
}

# demo_org_args STAGEDIR: the scan arguments of the organisation's report.
# Paths are relative to $top: run it from there.
demo_org_args() {
	echo "--root $1/$DEMO_MAIN_HOST --input $DEMO_TENANT --org $DEMO_ORG $(demo_attest "$DEMO_MAIN_HOST")"
}
