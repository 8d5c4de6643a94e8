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
