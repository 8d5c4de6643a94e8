/* The fact vocabulary table. Extend it; never rename an entry (DESIGN §3.4). */
#include <string.h>

#include "vocab.h"

const struct vc_vocab_entry vc_vocab[] = {
	{ "product.installed", VC_VT_BOOL, 0, "client or server present" },
	{ "product.version", VC_VT_STRING, 0, "installed version" },
	{ "recording.local.allowed", VC_VT_BOOL, 0, "local recording to own disk allowed" },
	{ "recording.local.path", VC_VT_STRING, 1, "where local recordings go" },
	{ "recording.local.notify", VC_VT_BOOL, 0, "participants told of local recording" },
	{ "recording.cloud.allowed", VC_VT_BOOL, 0, "cloud/server recording allowed" },
	{ "recording.auto", VC_VT_STRING, 0, "automatic recording: none/local/cloud" },
	{ "recording.server.path", VC_VT_STRING, 1, "self-hosted recording store" },
	{ "recording.retention_days", VC_VT_INT, 0, "automatic deletion after N days; -1 never" },
	{ "recording.storage_region", VC_VT_LIST, 0, "where recordings are stored" },
	{ "recording.public_links", VC_VT_BOOL, 0, "recordings reachable by link without login" },
	{ "recording.consent", VC_VT_STRING, 0, "none / notice / explicit" },
	{ "recording.transcription", VC_VT_BOOL, 0, "automatic transcription" },
	{ "chat.save_local", VC_VT_BOOL, 0, "chat saved to disk" },
	{ "storage.thirdparty", VC_VT_LIST, 0, "third-party storage providers" },
	{ "encryption.transport_required", VC_VT_BOOL, 0, "signalling/media must be encrypted" },
	{ "encryption.e2ee", VC_VT_STRING, 0, "unavailable/available/default/enforced" },
	{ "access.anonymous_join", VC_VT_BOOL, 0, "anonymous users may join" },
	{ "access.lobby", VC_VT_BOOL, 0, "lobby / waiting room" },
	{ "access.passcode", VC_VT_BOOL, 0, "meetings need a passcode" },
	{ "access.external", VC_VT_STRING, 0, "federation: any/trusted/none" },
	{ "access.authentication", VC_VT_STRING, 0, "anonymous, internal, jwt, sso, domain" },
	{ "telemetry.thirdparty", VC_VT_LIST, 0, "analytics, external STUN, stats services" },
	{ "datacenter.regions", VC_VT_LIST, 0, "meeting traffic regions" },
	{ "update.auto", VC_VT_BOOL, 0, "client updates itself" },
	{ "secrets.api_secret_set", VC_VT_BOOL, 0, "API secret is non-empty" },
	{ "secrets.zdm_token_set", VC_VT_BOOL, 0, "Zoom device-management enrolment token set" },
	{ "artifacts.recordings", VC_VT_OBJLIST, 0, "recordings found on disk" },
	{ "policy.recommend_only", VC_VT_LIST, 0, "fact keys set only as user-changeable defaults" },
	{ "host.homes", VC_VT_INT, 0, "home directories found" },
	{ "host.disk_encryption.known", VC_VT_BOOL, 0, "disk encryption could be determined" },
	{ "sync.providers", VC_VT_LIST, 0, "cloud-sync providers configured for a home" },
	{ "sync.rclone_remotes", VC_VT_LIST, 0, "rclone remote types configured" },
	{ "org.present", VC_VT_BOOL, 0, "an organisation file was given" },
	{ "org.controller.name", VC_VT_STRING, 0, "data controller (dataansvarlig)" },
	{ "org.controller.cvr", VC_VT_STRING, 0, "Danish CVR number of the controller" },
	{ "org.contact_point", VC_VT_STRING, 0, "DPO or contact point for the authority" },
	{ "org.contact_point.kind", VC_VT_STRING, 0, "dpo / contact" },
	{ "org.breach_procedure", VC_VT_STRING, 0, "named breach-handling procedure" },
	{ "org.recording.purposes", VC_VT_LIST, 0, "purposes of recording meetings" },
	{ "org.recording.legal_basis", VC_VT_STRING, 0, "legal basis of recording" },
	{ "org.processors", VC_VT_LIST, 0, "processors with agreements" },
	/* Microsoft Teams extensions (auditor/inputs/teams.c, docs/teams-export.md) */
	{ "access.anonymous_join.policy", VC_VT_BOOL, 0,
	  "Teams: the meeting policy admits anonymous users (AllowAnonymousUsersToJoinMeeting, "
	  "BlockedAnonymousJoinClientTypes), the tenant switch aside" },
	{ "access.anonymous_join.tenant", VC_VT_BOOL, 0,
	  "Teams: the tenant admits anonymous users (DisableAnonymousJoin is false)" },
	{ "access.anonymous_start", VC_VT_BOOL, 0,
	  "anonymous users may start meetings (Teams AllowAnonymousUsersToStartMeeting)" },
	{ "access.lobby_bypass", VC_VT_STRING, 0,
	  "who skips the lobby, as the product names it (Teams AutoAdmittedUsers)" },
	{ "access.dialin_bypass_lobby", VC_VT_BOOL, 0,
	  "dial-in (PSTN) callers skip the lobby (Teams AllowPSTNUsersToBypassLobby)" },
	{ "access.external_screen_control", VC_VT_BOOL, 0,
	  "external participants may request or take control of a shared screen" },
	{ "access.external_meeting_join", VC_VT_STRING, 0,
	  "users may join other organisations' meetings: any/trusted/none" },
	{ "access.external.allowed_domains", VC_VT_LIST, 0,
	  "the federation allow-list when access.external is trusted" },
	{ "access.unmanaged_inbound", VC_VT_BOOL, 0,
	  "unmanaged (personal) Teams accounts may start contact with users" },
	{ "access.email_into_channel", VC_VT_BOOL, 0,
	  "e-mail can be sent into Teams channels (AllowEmailIntoChannel)" },
	{ "encryption.e2ee_calls", VC_VT_STRING, 0,
	  "end-to-end encryption of 1:1 calls: unavailable/available/default/enforced" },
	{ "recording.live_events", VC_VT_STRING, 0,
	  "live events (town halls) are recorded: always/optional/never" },
	{ "recording.thirdparty_bots", VC_VT_BOOL, 0,
	  "third-party meeting bots and recorders are let in without approval" },
	{ "policy.meeting", VC_VT_BOOL, 0,
	  "this scope is a meeting policy (Teams Get-CsTeamsMeetingPolicy)" },
	/* Zoom tenant extensions (auditor/inputs/zoom_settings.c, docs/zoom-export.md) */
	{ "settings.level", VC_VT_STRING, 0,
	  "tenant settings this scope's facts come from: account / user (Zoom API)" },
	{ "policy.locked", VC_VT_LIST, 0,
	  "fact keys whose account value is locked, so users cannot change it" },
	{ "recording.download_allowed", VC_VT_BOOL, 0,
	  "cloud recordings may be downloaded (Zoom cloud_recording_download)" },
	{ "recording.storage_location", VC_VT_STRING, 0,
	  "country code where cloud recordings are stored (one value of storage_region)" },
	{ "datacenter.region_entries", VC_VT_OBJLIST, 0,
	  "datacenter.regions as objects {code}, for all()/any(); code * = not restricted" },
	{ "access.passcode_in_link", VC_VT_BOOL, 0,
	  "the meeting passcode is embedded in the join link" },
	{ "users.count", VC_VT_INT, 0, "users in the tenant export" },
	{ "users.deviating", VC_VT_INT, 0, "users with a setting weaker than the account's" },
	{ "users.listed", VC_VT_INT, 0, "deviating users reported with facts of their own" },
	{ "users.weaker", VC_VT_LIST, 0, "fact keys that at least one user has weakened" },
	{ "users.local_recording_enabled", VC_VT_INT, 0, "users who may record locally" },
	{ "users.cloud_recording_enabled", VC_VT_INT, 0, "users who may record to the cloud" },
	{ "users.auto_recording", VC_VT_INT, 0, "users whose meetings are recorded automatically" },
	{ "users.retention_never", VC_VT_INT, 0,
	  "users whose cloud recordings are never deleted automatically" },
	{ "users.download_allowed", VC_VT_INT, 0, "users whose cloud recordings can be downloaded" },
	{ "users.public_links", VC_VT_INT, 0, "users whose recordings are reachable by link" },
	{ "users.consent_none", VC_VT_INT, 0, "users without a recording notice" },
	{ "users.transcription_enabled", VC_VT_INT, 0, "users with automatic transcription" },
	{ "users.e2ee_unavailable", VC_VT_INT, 0, "users who cannot use end-to-end encryption" },
	{ "users.lobby_disabled", VC_VT_INT, 0, "users without a waiting room" },
	{ "users.passcode_disabled", VC_VT_INT, 0, "users whose meetings need no passcode" },
	{ "users.anonymous_join_allowed", VC_VT_INT, 0,
	  "users whose meetings admit participants who are not signed in" },
	{ "users.chat_save_local", VC_VT_INT, 0, "users whose meeting chat is saved to disk" },
	/* BigBlueButton extensions (auditor/scanners/bbb_server.c, PRODUCTS §4) */
	{ "secrets.api_secret_public", VC_VT_BOOL, 0,
	  "the API secret is one published in a public repository (BigBlueButton securitySalt "
	  "equal to the upstream placeholder or a published value; compared by SHA-256)" },
	{ "recording.keep_events", VC_VT_BOOL, 0,
	  "meeting events are kept also for meetings that are not recorded "
	  "(BigBlueButton defaultKeepEvents, keepEvents before 2.3)" },
	{ "recording.raw_retention_days", VC_VT_INT, 0,
	  "raw recording data deleted N days after publishing; -1 never "
	  "(BigBlueButton published_days, remove_raw_of_published_recordings)" },
	{ "recording.unrecorded_retention_days", VC_VT_INT, 0,
	  "raw media of meetings without recording marks deleted after N days; -1 never "
	  "(BigBlueButton unrecorded_days, remove_raw_of_recordings_without_marks)" },
	{ "recording.transcription_provider", VC_VT_STRING, 0,
	  "speech recognition behind automatic transcription (BigBlueButton audioCaptions "
	  "provider: webspeech = the browser's speech service, vosk, whisper, ...)" },
	{ "reports.attendance", VC_VT_BOOL, 0,
	  "per-participant activity and attendance reports (BigBlueButton learning dashboard)" },
	{ "telemetry.stun_external", VC_VT_LIST, 0,
	  "STUN/TURN servers outside the server's own domain that clients or the media "
	  "server are sent to (hosts)" },
	{ "telemetry.client_log_external", VC_VT_LIST, 0,
	  "hosts outside the server's own domain that clients send their logs to" },
	/* BigBlueButton getRecordings export (auditor/inputs/bbb_recordings.c, docs/fetch.md) */
	{ "recordings.count", VC_VT_INT, 0,
	  "recordings the server's API lists (BigBlueButton getRecordings, any state)" },
	{ "recordings.public", VC_VT_INT, 0,
	  "of them published with a playback URL, which plays without login" },
	/* Jitsi server extensions (auditor/scanners/jitsi_*.c, PRODUCTS §3) */
	{ "telemetry.analytics", VC_VT_LIST, 0,
	  "analytics and statistics services meeting clients report to (the part of "
	  "telemetry.thirdparty that is analytics: google-analytics, amplitude, matomo:<host>, "
	  "rtcstats:<host>, callstats, ...; stats:email / stats:display-names when identities "
	  "are included)" },
	{ "access.virtualhosts", VC_VT_OBJLIST, 0,
	  "XMPP virtual hosts of a Jitsi site with their authentication: "
	  "{host, authentication, enabled}" },
	{ "access.jwt_allow_empty", VC_VT_BOOL, 0,
	  "JWT authentication also admits clients without a token (Prosody allow_empty_token, "
	  "docker JWT_ALLOW_EMPTY)" },
	{ "secrets.service_passwords_set", VC_VT_BOOL, 0,
	  "every internal service password found (XMPP accounts of Jicofo, the videobridge, "
	  "Jibri, Jigasi) is non-empty" },
	{ "secrets.published_values", VC_VT_LIST, 0,
	  "names of secret settings that still hold a value published in an example or "
	  "template (the names only, never the values)" },
	{ "recording.server.finalize_script", VC_VT_STRING, 0,
	  "script the server recorder runs on each finished recording (Jibri finalize-script); "
	  "'' none" },
	{ "streaming.rtmp_allow_list", VC_VT_LIST, 0,
	  "patterns of the RTMP targets the server may live-stream to (Jibri rtmp-allow-list)" },
	{ NULL, 0, 0, NULL }
};

const struct vc_vocab_entry *vc_vocab_find(const char *name, int *derived)
{
	static const char *const suffixes[] = { ".encrypted", ".cloud_sync", NULL };
	size_t i, j, len = strlen(name);

	if (derived)
		*derived = 0;
	for (i = 0; vc_vocab[i].name; i++)
		if (!strcmp(vc_vocab[i].name, name))
			return &vc_vocab[i];
	for (j = 0; suffixes[j]; j++) {
		size_t sl = strlen(suffixes[j]);

		if (len <= sl || strcmp(name + len - sl, suffixes[j]))
			continue;
		for (i = 0; vc_vocab[i].name; i++) {
			if (vc_vocab[i].is_path && strlen(vc_vocab[i].name) == len - sl &&
			    !strncmp(vc_vocab[i].name, name, len - sl)) {
				if (derived)
					*derived = 1;
				return &vc_vocab[i];
			}
		}
	}
	return NULL;
}

const char *vc_fact_type_name(enum vc_fact_type t)
{
	switch (t) {
	case VC_VT_BOOL: return "bool";
	case VC_VT_INT: return "int";
	case VC_VT_STRING: return "string";
	case VC_VT_LIST: return "list";
	case VC_VT_OBJLIST: return "list of objects";
	}
	return "?";
}
