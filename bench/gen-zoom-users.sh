#!/bin/sh
# A synthetic Zoom tenant export (docs/zoom-export.md, vcaudit.zoom-export/1):
# the account replies from fixtures/exports/zoom, then USERS users with small
# but realistic settings (the fields vcaudit reads from GET /users/{id}/settings
# and its ?option= replies), one compact element per line, about 960 bytes
# each. Every 50th user has switched local recording on and every 97th the
# waiting room off, where the account has them off and on without a lock.
#   bench/gen-zoom-users.sh OUT [USERS]
set -eu
out=$1; n=${2:-100000}
fx=$(cd "$(dirname "$0")/.." && pwd)/fixtures/exports/zoom
member() {   # member NAME FILE: "NAME": <file without its final newline>,
	printf '"%s": ' "$1"
	awk 'NR > 1 { print prev } { prev = $0 } END { printf "%s", prev }' "$2"
	printf ',\n'
}
{
	printf '{"schema": "vcaudit.zoom-export/1",\n"account_id": "BenchAcc0unt1d",\n'
	member account_settings "$fx/account-settings.json"
	member account_settings_meeting_security "$fx/account-settings-meeting_security.json"
	member account_settings_meeting_authentication "$fx/account-settings-meeting_authentication.json"
	member account_settings_recording_authentication "$fx/account-settings-recording_authentication.json"
	member lock_settings "$fx/lock_settings.json"
	printf '"users": [\n'
	awk -v n="$n" 'BEGIN {
		for (i = 0; i < n; i++) {
			local = i % 50 == 7 ? "true" : "false"
			wr = i % 97 == 3 ? "false" : "true"
			printf "%s{\"id\":\"Bx%08dQketjPo0Y8wYq\",\"email\":\"user%08d@bench.example\"," \
				"\"type\":2,\"status\":\"active\",\"settings\":{\"recording\":{" \
				"\"local_recording\":%s,\"cloud_recording\":true,\"auto_recording\":\"none\"," \
				"\"auto_delete_cmr\":true,\"auto_delete_cmr_days\":30," \
				"\"recording_disclaimer\":true,\"ask_participants_to_consent_disclaimer\":false," \
				"\"recording_audio_transcript\":true,\"cloud_recording_download\":true," \
				"\"required_password_for_shared_cloud_recordings\":true}," \
				"\"in_meeting\":{\"e2e_encryption\":true,\"chat\":true,\"auto_saving_chat\":false," \
				"\"allow_users_save_chats\":2,\"closed_captioning\":{\"enable\":true," \
				"\"auto_transcribing\":false}}},\"settings_meeting_security\":{\"meeting_security\":{" \
				"\"waiting_room\":%s,\"meeting_password\":true,\"pmi_password\":true," \
				"\"embed_password_in_join_link\":true,\"end_to_end_encrypted_meetings\":true," \
				"\"encryption_type\":\"enhanced_encryption\"}}," \
				"\"settings_meeting_authentication\":{\"meeting_authentication\":false}," \
				"\"settings_recording_authentication\":{\"recording_authentication\":true}}",
				i ? ",\n" : "", i, i, local, wr
		}
	}'
	printf '\n]}\n'
} > "$out"
