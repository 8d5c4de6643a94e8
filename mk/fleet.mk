# make test-fleet: make install/uninstall, the systemd units (systemd-analyze
# verify) and the Ansible role and playbook for real against localhost
# (tests/fleet.sh). Once, not under the sanitizers: what is tested is the
# packaging and the playbook, not vcaudit's memory (t_upload.sh covers that).
.PHONY: test-fleet
test-fleet: $(BUILD)/vcaudit
	@sh tests/fleet.sh $(BUILD)
CHECK_EXTRA += test-fleet
