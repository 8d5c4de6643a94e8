/*
 * Microsoft Teams tenant exports (PRODUCTS §2): the ConvertTo-Json output of
 * Get-CsTeamsMeetingPolicy, Get-CsTeamsMeetingConfiguration,
 * Get-CsTenantFederationConfiguration, Get-CsTeamsClientConfiguration,
 * Get-CsTeamsEnhancedEncryptionPolicy, Get-CsTeamsMeetingBroadcastPolicy and
 * Get-CsTenant, and ScubaGear's ProviderSettingsExport.json (sections
 * meeting_policies, federation_configuration, client_configuration,
 * broadcast_policies, teams_tenant_info, teams_unsuccessful_commands), also
 * inside the "Raw" key of ScubaResults_*.json.
 *
 * Scopes: a policy (meeting, enhanced encryption, broadcast) is
 * "policy:<Identity>" as Teams writes it ("policy:Global",
 * "policy:Tag:AllOn"); tenant-wide configurations are "host" (the tenant).
 *
 * Values (docs/teams-export.md has the full table):
 *  - a string that is a .NET type name ("Microsoft.Teams....", "System....")
 *    is ConvertTo-Json's depth truncation: the value is unknown;
 *  - null is unknown, except where Microsoft documents a default (PRODUCTS
 *    §2.2-§2.6), which is then used;
 *  - NewMeetingRecordingExpirationDays -1 is "never" (-1), 0 and other
 *    negatives are not valid and stay unknown;
 *  - access.anonymous_join per policy = the tenant switch (DisableAnonymousJoin
 *    false) and the policy (AllowAnonymousUsersToJoinMeeting, not both client
 *    types in BlockedAnonymousJoinClientTypes) both allow it. Either one
 *    blocking is enough to know it is false; true needs both. The two halves
 *    may come from different files, so the effective value is derived again
 *    after every Teams file.
 * Unknown keys are ignored. A file that was recognised as a Teams export but
 * cannot be read or parsed still says that the tenant uses Teams
 * (product.installed, line 0), so its rules come out `error`, not
 * `notapplicable`.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "../core/buf.h"
#include "../core/hash.h"
#include "../parsers/jsonlines.h"
#include "../scanners/scan_util.h"

#define TEAMS "teams"
#define TEAMS_FILE_MAX ((size_t)64 << 20)   /* exports of large tenants */
#define TEAMS_IDENTITY_MAX 256              /* bytes of a policy name kept */
#define TEAMS_PATH_MAX 512                  /* member paths for line look-ups */
#define TEAMS_DOMAINS_MAX 4000              /* Teams' own limit of allowed domains */

enum kind { K_MEETING, K_MEETING_CFG, K_FEDERATION, K_CLIENT, K_ENCRYPTION, K_BROADCAST,
	    K_TENANT, K_N };

/*
 * Each kind of object: the ScubaGear section that holds it, the cmdlet that
 * writes it, the facts it yields (globs for vc_scan_error_keys) and keys
 * that identify it in a raw export (the first ones most distinctive).
 */
static const struct {
	const char *what;
	const char *section;
	const char *cmdlet;
	const char *facts;
	const char *markers[8];
} kinds[K_N] = {
	[K_MEETING] = { "meeting policy", "meeting_policies", "Get-CsTeamsMeetingPolicy",
		"recording.cloud.allowed,recording.retention_days,recording.transcription,"
		"recording.storage_region,recording.consent,recording.auto,"
		"recording.thirdparty_bots,access.anonymous_join*,access.anonymous_start,"
		"access.lobby*,access.dialin_bypass_lobby,access.external_screen_control,"
		"access.external_meeting_join",
		{ "AllowCloudRecording", "NewMeetingRecordingExpirationDays", "AllowTranscription",
		  "AutoAdmittedUsers", "AllowAnonymousUsersToJoinMeeting",
		  "AllowAnonymousUsersToStartMeeting", "AllowPSTNUsersToBypassLobby", NULL } },
	[K_MEETING_CFG] = { "meeting configuration", NULL, "Get-CsTeamsMeetingConfiguration",
		"access.anonymous_join*",
		{ "DisableAnonymousJoin", "DisableAppInteractionForAnonymousUsers", NULL } },
	[K_FEDERATION] = { "federation configuration", "federation_configuration",
		"Get-CsTenantFederationConfiguration",
		"access.external,access.external.*,access.unmanaged_inbound",
		{ "AllowFederatedUsers", "AllowTeamsConsumer", "AllowTeamsConsumerInbound",
		  "AllowedDomains", NULL } },
	[K_CLIENT] = { "client configuration", "client_configuration",
		"Get-CsTeamsClientConfiguration", "storage.thirdparty,access.email_into_channel",
		{ "AllowDropBox", "AllowGoogleDrive", "AllowShareFile", "AllowEgnyte", "AllowBox",
		  "AllowEmailIntoChannel", NULL } },
	[K_ENCRYPTION] = { "enhanced encryption policy", NULL,
		"Get-CsTeamsEnhancedEncryptionPolicy", "encryption.e2ee*",
		{ "MeetingEndToEndEncryption", "CallingEndtoEndEncryptionEnabledType", NULL } },
	[K_BROADCAST] = { "live events policy", "broadcast_policies",
		"Get-CsTeamsMeetingBroadcastPolicy", "recording.live_events",
		{ "BroadcastRecordingMode", NULL } },
	[K_TENANT] = { "tenant", "teams_tenant_info", "Get-CsTenant", "product.installed",
		{ "TeamsUpgradeEffectiveMode", "TeamsUpgradeOverridePolicy", NULL } },
};

/* ScubaGear keys that say "this is a ScubaGear export" without Teams data. */
static const char *const scuba_markers[] = { "baseline_version", "module_version",
					      "ProductsAssessed", NULL };

/* One Teams file being read. */
struct tf {
	struct vc_scan_ctx *ctx;
	const char *display;
	char sha[VC_SHA256_HEX];
	json_t *lines;          /* member path -> line, or NULL when unknown */
	size_t nfacts;
	size_t ntruncated;      /* .NET type names met */
	int truncated_line;     /* the first of them */
	int first_line;         /* line of the first Teams object, for product.installed */
};

/*
 * An object, its member path in the document ("meeting_policies.3", "0", "")
 * and the scope its facts go to ("host" until a policy's scope is known).
 */
struct tobj {
	json_t *o;
	const char *path;
	const char *scope;
};

/* ---- values ---- */

/* A .NET type name written by ConvertTo-Json where -Depth ran out. */
static int is_type_name(const char *s)
{
	size_t dots = 0;

	if (strncmp(s, "Microsoft.", 10) && strncmp(s, "System.", 7))
		return 0;
	for (; *s; s++) {
		if (*s == '.')
			dots++;
		else if (!isalnum((unsigned char)*s) && !strchr("_`[],+", *s))
			return 0;
	}
	return dots > 0;
}

static int line_of(const struct tf *t, const char *opath, const char *key)
{
	char p[TEAMS_PATH_MAX];

	if (!t->lines)
		return 0;
	if (*opath)
		snprintf(p, sizeof(p), "%s.%s", opath, key);
	else
		snprintf(p, sizeof(p), "%s", key);
	return vc_json_line(t->lines, p);
}

/*
 * A value was there but could not be used: the facts it feeds (`fact`,
 * globs) are uncertain in the object's scope, so a rule that would pass
 * there on what was read becomes `error`.
 */
static void unreadable(struct tf *t, const struct tobj *o, const char *fact)
{
	vc_scan_error_keys(t->ctx, TEAMS, o->scope, t->display, fact);
}

static void truncated(struct tf *t, const struct tobj *o, int line, const char *fact)
{
	if (!t->ntruncated++)
		t->truncated_line = line;
	unreadable(t, o, fact);
}

/* A value of the wrong JSON type. */
static void bad_type(struct tf *t, const struct tobj *o, int line, const char *key,
		     const char *want, const char *fact)
{
	vc_diag_add(&t->ctx->diags, TEAMS, t->display, line, 0,
		    "%s: expected %s, value not used", key, want);
	unreadable(t, o, fact);
}

/*
 * A boolean setting: 1 or 0, or -1 when unknown. `dflt` is the documented
 * default used for null (-1 when Microsoft documents none); `fact` names
 * the facts it feeds.
 */
static int rd_bool(struct tf *t, const struct tobj *o, const char *key, int dflt,
		   const char *fact, int *line)
{
	json_t *v = json_object_get(o->o, key);

	*line = line_of(t, o->path, key);
	if (!v)
		return -1;
	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_null(v))
		return dflt;
	if (json_is_string(v) && is_type_name(json_string_value(v))) {
		truncated(t, o, *line, fact);
		return -1;
	}
	/* ConvertTo-Json writes a boolean as true or false; a string ("yes",
	 * "True") comes from an edited or foreign file: reported, never guessed. */
	bad_type(t, o, *line, key, json_is_string(v) ? "true or false, found a string" :
		 "true or false", fact);
	return -1;
}

/* A string setting, NULL when unknown; `dflt` and `fact` as for rd_bool. */
static const char *rd_str(struct tf *t, const struct tobj *o, const char *key, const char *dflt,
			  const char *fact, int *line)
{
	json_t *v = json_object_get(o->o, key);

	*line = line_of(t, o->path, key);
	if (!v)
		return NULL;
	if (json_is_null(v))
		return dflt;
	if (json_is_string(v)) {
		if (!is_type_name(json_string_value(v)))
			return json_string_value(v);
		truncated(t, o, *line, fact);
		return NULL;
	}
	bad_type(t, o, *line, key, "a string", fact);
	return NULL;
}

/* An integer setting: 1 and *out, or 0 when unknown (null has no default). */
static int rd_int(struct tf *t, const struct tobj *o, const char *key, const char *fact,
		  json_int_t *out, int *line)
{
	json_t *v = json_object_get(o->o, key);

	*line = line_of(t, o->path, key);
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return 1;
	}
	if (json_is_string(v) && is_type_name(json_string_value(v)))
		truncated(t, o, *line, fact);
	else
		bad_type(t, o, *line, key, "a whole number", fact);
	return 0;
}

/*
 * The mapped value of an enumeration (case-insensitive), or NULL: a value
 * Microsoft does not document is reported and its facts left uncertain.
 */
static const char *map_enum(struct tf *t, const struct tobj *o, int line, const char *key,
			    const char *v, const char *const (*map)[2], const char *fact)
{
	size_t i;

	for (i = 0; v && map[i][0]; i++)
		if (!strcasecmp(v, map[i][0]))
			return map[i][1];
	if (v) {
		vc_diag_add(&t->ctx->diags, TEAMS, t->display, line, 0,
			    "%s: value '%.64s' is not documented, not used", key, v);
		unreadable(t, o, fact);
	}
	return NULL;
}

/* ---- facts ---- */

static int put(struct tf *t, const char *scope, const char *fact, json_t *v, int line)
{
	struct vc_prov pv = { t->display, t->sha[0] ? t->sha : NULL, line };
	int rc = vc_fact_add(&t->ctx->facts, TEAMS, scope, fact, v, &pv);

	if (rc == 0)
		t->nfacts++;
	return rc;
}

static int put_bool(struct tf *t, const char *scope, const char *fact, int b, int line)
{
	return b < 0 ? 0 : put(t, scope, fact, json_boolean(b), line);
}

static int put_str(struct tf *t, const char *scope, const char *fact, const char *s, int line)
{
	return s ? put(t, scope, fact, json_string(s), line) : 0;
}

/*
 * "policy:<Identity>" for a policy object, or NULL (diagnostic given, or
 * out of memory when *oom). Control characters become '?', and a very long
 * name is cut at a character boundary. *line is the Identity's line.
 */
static char *policy_scope(struct tf *t, const struct tobj *o, enum kind k, int *line, int *oom)
{
	const char *id = rd_str(t, o, "Identity", NULL, kinds[k].facts, line);
	struct vc_buf b = VC_BUF_INIT(0);
	size_t n, i;
	char *s;

	*oom = 0;
	if (!id || !*id) {
		vc_diag_add(&t->ctx->diags, TEAMS, t->display, *line, 0,
			    "a %s without a readable Identity, not audited", kinds[k].what);
		vc_scan_error_keys(t->ctx, TEAMS, "host", t->display, kinds[k].facts);
		return NULL;
	}
	n = strlen(id);
	if (n > TEAMS_IDENTITY_MAX) {
		n = TEAMS_IDENTITY_MAX;
		while (n && ((unsigned char)id[n] & 0xc0) == 0x80)
			n--;
	}
	if (vc_buf_puts(&b, "policy:") < 0 || vc_buf_put(&b, id, n) < 0) {
		vc_buf_free(&b);
		*oom = 1;
		return NULL;
	}
	s = vc_buf_detach(&b);
	for (i = 0; s && s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	*oom = !s;
	return s;
}

/*
 * BlockedAnonymousJoinClientTypes: 1 when both ACS and Teams clients are
 * blocked (no anonymous client can join), 0 when not, -1 unknown. null is
 * documented as "all allowed".
 */
static int blocked_all(struct tf *t, const struct tobj *o, int *line)
{
	static const char fact[] = "access.anonymous_join*";
	json_t *v = json_object_get(o->o, "BlockedAnonymousJoinClientTypes"), *e;
	int acs = 0, teams = 0;
	size_t i;

	*line = line_of(t, o->path, "BlockedAnonymousJoinClientTypes");
	if (!v)
		return -1;
	if (json_is_null(v))
		return 0;
	if (json_is_string(v) && is_type_name(json_string_value(v))) {
		truncated(t, o, *line, fact);
		return -1;
	}
	if (json_is_string(v))
		return 0;   /* one client type named alone cannot be both */
	if (!json_is_array(v)) {
		bad_type(t, o, *line, "BlockedAnonymousJoinClientTypes", "a list", fact);
		return -1;
	}
	json_array_foreach(v, i, e) {
		const char *s = json_string_value(e);

		if (!s || is_type_name(s)) {
			if (s)
				truncated(t, o, *line, fact);
			else
				bad_type(t, o, *line, "BlockedAnonymousJoinClientTypes",
					 "a list of client types", fact);
			return -1;
		}
		acs |= !strcasecmp(s, "ACS");
		teams |= !strcasecmp(s, "Teams");
	}
	return acs && teams;
}

static const char *const consent_map[][2] = {
	{ "Enabled", "explicit" }, { "Disabled", "notice" }, { "LegitimateInterest", "notice" },
	{ NULL, NULL }
};
static const char *const external_map[][2] = {
	{ "EnabledForAnyone", "any" }, { "EnabledForTrustedOrgs", "trusted" },
	{ "Disabled", "none" }, { NULL, NULL }
};
static const char *const bots_map[][2] = {
	{ "AllowAllBots", "true" }, { "RequireApprovalWhenDetected", "false" }, { NULL, NULL }
};
static const char *const auto_map[][2] = {
	{ "Enabled", "cloud" }, { "Disabled", "none" }, { NULL, NULL }
};
/* AutoAdmittedUsers: does anybody still wait in the lobby? */
static const char *const lobby_map[][2] = {
	{ "Everyone", "false" }, { "EveryoneInCompany", "true" },
	{ "EveryoneInSameAndFederatedCompany", "true" }, { "OrganizerOnly", "true" },
	{ "EveryoneInCompanyExcludingGuests", "true" }, { "InvitedUsers", "true" },
	{ NULL, NULL }
};

/* The recording, transcription and consent settings of a meeting policy. */
static int meeting_recording(struct tf *t, const struct tobj *o)
{
	const char *scope = o->scope, *s, *m;
	int line, b, cloud, cloud_line, rc;
	json_int_t days;

	cloud = rd_bool(t, o, "AllowCloudRecording", -1, "recording.cloud.allowed,recording.auto",
			&cloud_line);
	if ((rc = put_bool(t, scope, "recording.cloud.allowed", cloud, cloud_line)) < 0)
		return rc;
	if (rd_int(t, o, "NewMeetingRecordingExpirationDays", "recording.retention_days", &days,
		   &line)) {
		if (days == -1 || (days > 0 && days <= INT32_MAX)) {
			rc = put(t, scope, "recording.retention_days", json_integer(days), line);
		} else {
			vc_diag_add(&t->ctx->diags, TEAMS, t->display, line, 0,
				    "NewMeetingRecordingExpirationDays: %lld is neither -1 (never) "
				    "nor a number of days, not used", (long long)days);
			unreadable(t, o, "recording.retention_days");
		}
		if (rc < 0)
			return rc;
	}
	b = rd_bool(t, o, "AllowTranscription", -1, "recording.transcription", &line);
	if ((rc = put_bool(t, scope, "recording.transcription", b, line)) < 0)
		return rc;
	/* Documented default False. */
	b = rd_bool(t, o, "AllowRecordingStorageOutsideRegion", 0, "recording.storage_region",
		    &line);
	if (b >= 0 && (rc = put(t, scope, "recording.storage_region",
				json_pack(b ? "[s, s]" : "[s]", "tenant-region",
					  "outside-tenant-region"), line)) < 0)
		return rc;
	s = rd_str(t, o, "ExplicitRecordingConsent", NULL, "recording.consent", &line);
	m = map_enum(t, o, line, "ExplicitRecordingConsent", s, consent_map, "recording.consent");
	if ((rc = put_str(t, scope, "recording.consent", m, line)) < 0)
		return rc;
	/* AutoRecording offers automatic cloud recording, so only where recording is on. */
	s = rd_str(t, o, "AutoRecording", NULL, "recording.auto", &line);
	m = map_enum(t, o, line, "AutoRecording", s, auto_map, "recording.auto");
	if (m && !strcmp(m, "cloud") && cloud <= 0) {
		m = cloud == 0 ? "none" : NULL;
		line = cloud_line;
	}
	return put_str(t, scope, "recording.auto", m, line);
}

/* Who gets into a meeting of this policy, and what outsiders may do. */
static int meeting_access(struct tf *t, const struct tobj *o)
{
	const char *scope = o->scope, *s, *m;
	int line, line2, b, all, rc;

	/* The policy's half of the anonymous-join rule (PRODUCTS §2.3); default True. */
	b = rd_bool(t, o, "AllowAnonymousUsersToJoinMeeting", 1, "access.anonymous_join*", &line);
	if (b == 1) {
		all = blocked_all(t, o, &line2);
		b = all < 0 ? -1 : !all;
		line = all == 1 ? line2 : line;
	}
	if ((rc = put_bool(t, scope, "access.anonymous_join.policy", b, line)) < 0)
		return rc;
	b = rd_bool(t, o, "AllowAnonymousUsersToStartMeeting", -1, "access.anonymous_start",
		    &line);
	if ((rc = put_bool(t, scope, "access.anonymous_start", b, line)) < 0)
		return rc;
	s = rd_str(t, o, "AutoAdmittedUsers", NULL, "access.lobby*", &line);
	m = map_enum(t, o, line, "AutoAdmittedUsers", s, lobby_map, "access.lobby");
	if ((rc = put_str(t, scope, "access.lobby_bypass", s, line)) < 0 ||
	    (m && (rc = put_bool(t, scope, "access.lobby", !strcmp(m, "true"), line)) < 0))
		return rc;
	b = rd_bool(t, o, "AllowPSTNUsersToBypassLobby", -1, "access.dialin_bypass_lobby", &line);
	if ((rc = put_bool(t, scope, "access.dialin_bypass_lobby", b, line)) < 0)
		return rc;
	b = rd_bool(t, o, "AllowExternalParticipantGiveRequestControl", -1,
		    "access.external_screen_control", &line);
	if ((rc = put_bool(t, scope, "access.external_screen_control", b, line)) < 0)
		return rc;
	/* Documented defaults: EnabledForAnyone, RequireApprovalWhenDetected. */
	s = rd_str(t, o, "ExternalMeetingJoin", "EnabledForAnyone", "access.external_meeting_join",
		   &line);
	m = map_enum(t, o, line, "ExternalMeetingJoin", s, external_map,
		     "access.external_meeting_join");
	if ((rc = put_str(t, scope, "access.external_meeting_join", m, line)) < 0)
		return rc;
	s = rd_str(t, o, "ExternalBotAccessMode", "RequireApprovalWhenDetected",
		   "recording.thirdparty_bots", &line);
	m = map_enum(t, o, line, "ExternalBotAccessMode", s, bots_map, "recording.thirdparty_bots");
	return put_bool(t, scope, "recording.thirdparty_bots", m ? !strcmp(m, "true") : -1, line);
}

/* Get-CsTeamsMeetingPolicy: one scope per policy. */
static int meeting_policy(struct tf *t, const struct tobj *o)
{
	int oom, line, rc;
	char *scope = policy_scope(t, o, K_MEETING, &line, &oom);
	struct tobj p = *o;

	if (!scope)
		return oom ? VC_ENOMEM : 0;
	p.scope = scope;
	/* Every meeting policy is a unit of the meeting rules, whatever it lacks. */
	rc = put(t, scope, "policy.meeting", json_true(), line);
	if (rc == 0)
		rc = meeting_recording(t, &p);
	if (rc == 0)
		rc = meeting_access(t, &p);
	free(scope);
	return rc;
}

/* Get-CsTeamsMeetingConfiguration: the tenant's half of the anonymous-join rule. */
static int meeting_config(struct tf *t, const struct tobj *o)
{
	int line;
	/* Microsoft: anonymous join is on by default for the tenant (TANON). */
	int off = rd_bool(t, o, "DisableAnonymousJoin", 0, "access.anonymous_join*", &line);

	return put_bool(t, "host", "access.anonymous_join.tenant", off < 0 ? -1 : !off, line);
}

/* Strip "Domain=" from an allow-list entry. */
static const char *domain_name(const char *s)
{
	return strncasecmp(s, "Domain=", 7) ? s : s + 7;
}

/*
 * Add the entries of one AllowedDomain value (a string, {"Domain": ...} or
 * a list of them) to `names`; entries whose name is unknown (type names)
 * only count. Returns the number of entries, or -1 for an unreadable shape.
 */
static int domain_entries(json_t *v, json_t *names, int *unknown)
{
	const char *s = json_string_value(json_is_object(v) ? json_object_get(v, "Domain") : v);
	json_t *e;
	size_t i;
	int n = 0;

	if (json_is_null(v))
		return 0;
	if (s) {
		if (is_type_name(s))
			(*unknown)++;
		else if (json_array_size(names) < TEAMS_DOMAINS_MAX)
			json_array_append_new(names, json_string(domain_name(s)));
		else
			(*unknown)++;
		return 1;
	}
	if (!json_is_array(v))
		return -1;
	json_array_foreach(v, i, e) {
		int k = json_is_array(e) ? -1 : domain_entries(e, names, unknown);

		if (k < 0)
			return -1;
		n += k;
	}
	return n;
}

/*
 * AllowedDomains: 1 a non-empty allow-list, 0 empty (all known domains, as
 * ScubaGear reads it), -1 unknown. Shapes met: {"AllowedDomain": "Domain=x"},
 * [{"AllowedDomain": ["Domain=x", ...]}], [], {} or a type name.
 * The names go to *names when all are known.
 */
static int allowed_domains(struct tf *t, const struct tobj *o, json_t **names, int *line)
{
	static const char fact[] = "access.external,access.external.allowed_domains";
	json_t *v = json_object_get(o->o, "AllowedDomains"), *e, *list = json_array();
	int n = 0, unknown = 0, k;
	size_t i;

	*names = NULL;
	*line = line_of(t, o->path, "AllowedDomains");
	if (!list)
		return -1;
	if (!v || json_is_null(v)) {
		n = -2;   /* not exported: nothing to say */
	} else if (json_is_string(v) && is_type_name(json_string_value(v))) {
		truncated(t, o, *line, fact);
		n = -2;
	} else if (json_is_object(v) && !json_object_size(v)) {
		n = 0;
	} else if (json_is_object(v)) {
		e = json_object_get(v, "AllowedDomain");
		n = e ? domain_entries(e, list, &unknown) : -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (json_is_object(e) && json_object_get(e, "AllowedDomain"))
				e = json_object_get(e, "AllowedDomain");
			k = json_is_array(e) || json_is_string(e) || json_is_object(e) ?
			    domain_entries(e, list, &unknown) : -1;
			if (k < 0) {
				n = -1;
				break;
			}
			n += k;
		}
	} else {
		n = -1;
	}
	if (n == -1)
		bad_type(t, o, *line, "AllowedDomains", "an allow-list of domains", fact);
	if (unknown)
		truncated(t, o, *line, "access.external.allowed_domains");
	if (n > 0 && !unknown && json_array_size(list) == (size_t)n)
		*names = list;
	else
		json_decref(list);
	return n < 0 ? -1 : n > 0;
}

/*
 * Get-CsTenantFederationConfiguration -> access.external (PRODUCTS §2.5):
 * none when federation and Teams consumer accounts are off, trusted when
 * federation is limited to a non-empty allow-list and consumers are off,
 * otherwise any.
 */
static int federation(struct tf *t, const struct tobj *o)
{
	static const char both[] = "access.external,access.unmanaged_inbound";
	int lfed, lcons, lin, ldom = 0, rc;
	/* Documented defaults: AllowFederatedUsers, AllowTeamsConsumer(Inbound) True. */
	int fed = rd_bool(t, o, "AllowFederatedUsers", 1, "access.external", &lfed);
	int cons = rd_bool(t, o, "AllowTeamsConsumer", 1, both, &lcons);
	int in = rd_bool(t, o, "AllowTeamsConsumerInbound", 1, "access.unmanaged_inbound", &lin);
	json_t *names = NULL;
	int list = fed == 1 ? allowed_domains(t, o, &names, &ldom) : -1;
	const char *ext = NULL;
	int line = 0, un = -1, lun = 0;

	if (cons == 1) {
		ext = "any";
		line = lcons;
	} else if (fed == 1 && list == 0) {
		ext = "any";
		line = ldom;
	} else if (cons == 0 && fed == 0) {
		ext = "none";
		line = lfed;
	} else if (cons == 0 && fed == 1 && list == 1) {
		ext = "trusted";
		line = ldom;
	}
	rc = put_str(t, "host", "access.external", ext, line);
	if (rc == 0 && names)
		rc = put(t, "host", "access.external.allowed_domains", json_incref(names), ldom);
	json_decref(names);
	/* Unmanaged accounts start contact only when both switches allow it (MS.TEAMS.2.2). */
	if (cons == 0) {
		un = 0;
		lun = lcons;
	} else if (cons == 1 && in >= 0) {
		un = in;
		lun = lin;
	}
	if (rc == 0)
		rc = put_bool(t, "host", "access.unmanaged_inbound", un, lun);
	return rc;
}

/* Get-CsTeamsClientConfiguration: third-party storage in the client (PRODUCTS §2.4). */
static int client_config(struct tf *t, const struct tobj *o)
{
	static const char *const stores[][2] = {
		{ "AllowDropBox", "dropbox" }, { "AllowBox", "box" },
		{ "AllowGoogleDrive", "gdrive" }, { "AllowShareFile", "sharefile" },
		{ "AllowEgnyte", "egnyte" }
	};
	const int nstores = (int)(sizeof(stores) / sizeof(stores[0]));
	json_t *list = json_array();
	int line, first = 0, known = 0, rc = 0, b, i;

	if (!list)
		return VC_ENOMEM;
	for (i = 0; i < nstores; i++) {
		b = rd_bool(t, o, stores[i][0], -1, "storage.thirdparty", &line);
		if (b < 0)
			continue;
		known++;
		if (!first || (b && !json_array_size(list)))
			first = line;   /* the first provider allowed, else the first read */
		if (b)
			json_array_append_new(list, json_string(stores[i][1]));
	}
	if (known && known < nstores) {
		/* What was read stands; a pass on it would be partial evidence. */
		vc_diag_add(&t->ctx->diags, TEAMS, t->display, first, 0,
			    "only %d of the %d third-party storage switches could be read",
			    known, nstores);
		unreadable(t, o, "storage.thirdparty");
	}
	if (known)
		rc = put(t, "host", "storage.thirdparty", list, first);
	else
		json_decref(list);
	b = rd_bool(t, o, "AllowEmailIntoChannel", -1, "access.email_into_channel", &line);
	if (rc == 0)
		rc = put_bool(t, "host", "access.email_into_channel", b, line);
	return rc;
}

/* Get-CsTeamsEnhancedEncryptionPolicy -> encryption.e2ee (PRODUCTS §2.6). */
static int encryption_policy(struct tf *t, const struct tobj *o)
{
	static const char *const e2ee_map[][2] = {
		{ "Disabled", "unavailable" }, { "DisabledUserOverride", "available" },
		{ NULL, NULL }
	};
	static const char *const keys[][2] = {
		{ "MeetingEndToEndEncryption", "encryption.e2ee" },
		{ "CallingEndtoEndEncryptionEnabledType", "encryption.e2ee_calls" }
	};
	int oom, line, rc = 0;
	char *scope = policy_scope(t, o, K_ENCRYPTION, &line, &oom);
	const char *s, *m;
	size_t i;

	if (!scope)
		return oom ? VC_ENOMEM : 0;
	/* Uncertain values stay "host" errors: a policy without facts has no unit. */
	for (i = 0; i < 2 && rc == 0; i++) {
		/* Both are documented with the default Disabled. */
		s = rd_str(t, o, keys[i][0], "Disabled", keys[i][1], &line);
		m = map_enum(t, o, line, keys[i][0], s, e2ee_map, keys[i][1]);
		rc = put_str(t, scope, keys[i][1], m, line);
	}
	free(scope);
	return rc;
}

/* Get-CsTeamsMeetingBroadcastPolicy: are live events always recorded? */
static int broadcast_policy(struct tf *t, const struct tobj *o)
{
	static const char *const mode_map[][2] = {
		{ "AlwaysEnabled", "always" }, { "UserOverride", "optional" },
		{ "AlwaysDisabled", "never" }, { NULL, NULL }
	};
	int oom, line, rc;
	char *scope = policy_scope(t, o, K_BROADCAST, &line, &oom);
	const char *s, *m;

	if (!scope)
		return oom ? VC_ENOMEM : 0;
	s = rd_str(t, o, "BroadcastRecordingMode", NULL, "recording.live_events", &line);
	m = map_enum(t, o, line, "BroadcastRecordingMode", s, mode_map, "recording.live_events");
	rc = put_str(t, scope, "recording.live_events", m, line);
	free(scope);
	return rc;
}

/* ---- objects, files ---- */

/* The kind of a raw object by its keys, or -1 when it is none of ours. */
static int kind_of(json_t *o)
{
	int k, i;

	for (k = 0; k < K_N; k++)
		for (i = 0; kinds[k].markers[i]; i++)
			if (json_object_get(o, kinds[k].markers[i]))
				return k;
	return -1;
}

static int scan_object(struct tf *t, enum kind k, const struct tobj *o)
{
	int rc = 0, i;

	if (!t->first_line)
		for (i = 0; kinds[k].markers[i] && !t->first_line; i++)
			t->first_line = line_of(t, o->path, kinds[k].markers[i]);
	switch (k) {
	case K_MEETING: rc = meeting_policy(t, o); break;
	case K_MEETING_CFG: rc = meeting_config(t, o); break;
	case K_FEDERATION: rc = federation(t, o); break;
	case K_CLIENT: rc = client_config(t, o); break;
	case K_ENCRYPTION: rc = encryption_policy(t, o); break;
	case K_BROADCAST: rc = broadcast_policy(t, o); break;
	case K_TENANT: t->nfacts++; break;   /* only tells that Teams is in use */
	case K_N: break;
	}
	return rc;
}

/* An element that is a string where an object belongs: -Depth cut it off. */
static void element_truncated(struct tf *t, const char *what, int line)
{
	vc_diag_add(&t->ctx->diags, TEAMS, t->display, line, 0,
		    "a %s was written as its .NET type name (ConvertTo-Json -Depth too small), "
		    "not audited", what);
}

/* One ScubaGear section: an array of objects of kind k (a bare object too). */
static int scan_section(struct tf *t, enum kind k, json_t *sec, const char *base)
{
	char path[TEAMS_PATH_MAX], elem[TEAMS_PATH_MAX + 24];
	int line, rc = 0;
	json_t *e;
	size_t i;

	snprintf(path, sizeof(path), "%s%s%s", base, *base ? "." : "", kinds[k].section);
	line = t->lines ? vc_json_line(t->lines, path) : 0;
	if (json_is_object(sec)) {
		struct tobj o = { sec, path, "host" };

		return scan_object(t, k, &o);
	}
	if (!json_is_array(sec) || !json_array_size(sec)) {
		vc_diag_add(&t->ctx->diags, TEAMS, t->display, line, 0,
			    "%s: no %s in the export (%s failed or was not run); "
			    "its settings are unknown", kinds[k].section, kinds[k].what,
			    kinds[k].cmdlet);
		vc_scan_error_keys(t->ctx, TEAMS, "host", t->display, kinds[k].facts);
		return 0;
	}
	json_array_foreach(sec, i, e) {
		struct tobj o = { e, elem, "host" };

		snprintf(elem, sizeof(elem), "%s.%zu", path, i);
		if (!json_is_object(e)) {
			element_truncated(t, kinds[k].what, line);
			vc_scan_error_keys(t->ctx, TEAMS, "host", t->display, kinds[k].facts);
			continue;
		}
		if ((rc = scan_object(t, k, &o)) < 0)
			break;
	}
	return rc;
}

/* ScubaGear: *_unsuccessful_commands names cmdlets whose settings are unknown. */
static void scuba_failures(struct tf *t, json_t *doc, const char *base)
{
	char path[TEAMS_PATH_MAX];
	json_t *cmds = json_object_get(doc, "teams_unsuccessful_commands"), *c;
	size_t i;
	int k, line;

	snprintf(path, sizeof(path), "%s%steams_unsuccessful_commands", base, *base ? "." : "");
	line = t->lines ? vc_json_line(t->lines, path) : 0;
	json_array_foreach(cmds, i, c) {
		const char *name = json_string_value(c);

		if (!name)
			continue;
		for (k = 0; k < K_N && strcasecmp(name, kinds[k].cmdlet); k++)
			;
		vc_diag_add(&t->ctx->diags, TEAMS, t->display, line, 0,
			    "ScubaGear could not run %.80s%s", name,
			    k < K_N ? "; the settings it reads are unknown" : "");
		if (k < K_N)
			vc_scan_error_keys(t->ctx, TEAMS, "host", t->display, kinds[k].facts);
	}
}

/* A ScubaGear document (or its Raw key): 1 when it held Teams sections. */
static int scan_scuba(struct tf *t, json_t *doc, const char *base, int *rc)
{
	char path[TEAMS_PATH_MAX];
	int k, found = 0;

	/* product.installed points at the tenant's own section when there is one. */
	snprintf(path, sizeof(path), "%s%steams_tenant_info", base, *base ? "." : "");
	if (!t->first_line && t->lines && json_object_get(doc, "teams_tenant_info"))
		t->first_line = vc_json_line(t->lines, path);
	*rc = 0;
	for (k = 0; k < K_N && *rc == 0; k++) {
		json_t *sec = kinds[k].section ? json_object_get(doc, kinds[k].section) : NULL;

		if (!sec)
			continue;
		found = 1;
		*rc = scan_section(t, (enum kind)k, sec, base);
	}
	if (found || json_object_get(doc, "teams_unsuccessful_commands")) {
		found = 1;
		scuba_failures(t, doc, base);
	}
	return found;
}

/* A raw cmdlet export: an object, or an array of objects. */
static int scan_raw(struct tf *t, json_t *doc)
{
	char elem[32];
	int k, rc = 0;
	size_t i, n = json_is_array(doc) ? json_array_size(doc) : 1;

	for (i = 0; i < n && rc == 0; i++) {
		json_t *e = json_is_array(doc) ? json_array_get(doc, i) : doc;
		struct tobj o = { e, elem, "host" };

		if (json_is_array(doc))
			snprintf(elem, sizeof(elem), "%zu", i);
		else
			elem[0] = 0;
		if (json_is_string(e) && is_type_name(json_string_value(e))) {
			element_truncated(t, "policy or configuration", 0);
			vc_scan_error(t->ctx, TEAMS, "host", t->display);
			continue;
		}
		if (!json_is_object(e) || (k = kind_of(e)) < 0)
			continue;   /* not a Teams object: ignored like unknown keys */
		rc = scan_object(t, (enum kind)k, &o);
	}
	return rc;
}

/*
 * Every policy's effective access.anonymous_join from its half and the
 * tenant's (see the top of the file). Provenance: the deciding setting;
 * when both allow it, the policy's line (the tenant's is its own fact).
 */
static int derive_anonymous(struct vc_scan_ctx *ctx)
{
	const struct vc_fact *ten = vc_fact_find(&ctx->facts, TEAMS, "host",
						 "access.anonymous_join.tenant");
	int tv = ten && json_is_boolean(ten->value) ? json_is_true(ten->value) : -1, rc = 0;
	char *tsrc = ten ? vc_strdup(ten->source) : NULL, *tsha = ten ? vc_strdup(ten->sha256) : NULL;
	struct vc_prov tp = { tsrc, tsha, ten ? ten->line : 0 };
	size_t i;

	if ((ten && ten->source && !tsrc) || (ten && ten->sha256 && !tsha)) {
		rc = VC_ENOMEM;
		goto out;
	}
	if (tv == 0)
		rc = vc_fact_add(&ctx->facts, TEAMS, "host", "access.anonymous_join",
				 json_false(), &tp);
	for (i = 0; i < ctx->facts.n && rc == 0; i++) {
		const struct vc_fact *f = &ctx->facts.v[i];
		int pv = json_is_true(f->value);
		char *scope, *src, *sha;
		struct vc_prov pp;

		if (strcmp(f->product, TEAMS) || strcmp(f->key, "access.anonymous_join.policy") ||
		    (pv && tv < 0))
			continue;
		scope = vc_strdup(f->scope);
		src = vc_strdup(f->source);
		sha = vc_strdup(f->sha256);
		pp.source = src;
		pp.sha256 = sha;
		pp.line = f->line;
		if (!scope || (f->source && !src) || (f->sha256 && !sha))
			rc = VC_ENOMEM;
		else   /* f may move once a fact is added */
			rc = vc_fact_add(&ctx->facts, TEAMS, scope, "access.anonymous_join",
					 json_boolean(pv && tv == 1), tv == 0 ? &tp : &pp);
		free(scope);
		free(src);
		free(sha);
	}
out:
	free(tsrc);
	free(tsha);
	return rc;
}

/* The facts a file of unknown content would have given: every kind named in `head`. */
static void error_for_head(struct tf *t, const struct vc_input *in)
{
	struct vc_buf keys = VC_BUF_INIT(4096);
	int k, i;

	for (k = 0; k < K_N; k++) {
		for (i = 0; kinds[k].markers[i]; i++) {
			if (memmem(in->head, in->nhead, kinds[k].markers[i],
				   strlen(kinds[k].markers[i]))) {
				vc_buf_printf(&keys, "%s%s", keys.size ? "," : "", kinds[k].facts);
				break;
			}
		}
	}
	if (keys.size)
		vc_scan_error_keys(t->ctx, TEAMS, "host", t->display, keys.ptr);
	else
		vc_scan_error(t->ctx, TEAMS, "host", t->display);
	vc_buf_free(&keys);
}

/* An unreadable Teams export still shows the tenant uses Teams (see the top). */
static int claim_tenant(struct tf *t)
{
	if (vc_fact_find(&t->ctx->facts, TEAMS, "host", "product.installed"))
		return 0;
	return put(t, "host", "product.installed", json_true(), 0);
}

static int teams_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct vc_buf b = VC_BUF_INIT(0);
	struct tf t = { ctx, in->display, "", NULL, 0, 0, 0, 0 };
	size_t max = ctx->file_max > TEAMS_FILE_MAX ? ctx->file_max : TEAMS_FILE_MAX;
	json_t *doc = NULL, *raw;
	int rc, line = 0, col = 0, scuba = 0;
	const char *problem;

	rc = vc_input_slurp(&b, in, max);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0 || !b.size) {
		vc_diag_add(&ctx->diags, TEAMS, in->display, 0, 0, "%s",
			    rc < 0 ? vc_error_problem() : "empty file");
		vc_scan_error(ctx, TEAMS, "host", in->display);
		rc = claim_tenant(&t);
		goto out;
	}
	vc_sha256_hex(t.sha, b.ptr, b.size);
	if ((rc = vc_json_parse(&doc, b.ptr, b.size, &line, &col)) == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		/* "line N, column M: problem": the location goes to its own fields. */
		problem = strstr(vc_error_last(), ": ");
		vc_diag_add(&ctx->diags, TEAMS, in->display, line, col, "invalid JSON: %s",
			    problem ? problem + 2 : vc_error_last());
		error_for_head(&t, in);
		rc = claim_tenant(&t);
		goto out;
	}
	if ((rc = vc_json_lines(&t.lines, b.ptr, b.size)) == VC_ENOMEM)
		goto out;
	rc = 0;
	if (t.lines == NULL) {
		vc_diag_add(&ctx->diags, TEAMS, in->display, 0, 0,
			    "lines of the settings unknown: %s", vc_error_last());
		t.lines = NULL;
	}
	if (json_is_object(doc)) {
		raw = json_object_get(doc, "Raw");
		scuba = scan_scuba(&t, doc, "", &rc);
		if (!scuba && rc == 0 && json_is_object(raw))
			scuba = scan_scuba(&t, raw, "Raw", &rc);
	}
	if (!scuba && rc == 0)
		rc = scan_raw(&t, doc);
	if (rc < 0)
		goto fatal;
	if (t.ntruncated)
		vc_diag_add(&ctx->diags, TEAMS, in->display, t.truncated_line, 0,
			    "%zu value%s cut off by ConvertTo-Json (a .NET type name instead of "
			    "the value), treated as unknown; export again with -Depth 5",
			    t.ntruncated, t.ntruncated == 1 ? "" : "s");
	for (line = 0; !scuba && json_is_object(doc) && scuba_markers[line]; line++)
		scuba = json_object_get(doc, scuba_markers[line]) != NULL;
	if (!t.nfacts) {
		vc_diag_add(&ctx->diags, TEAMS, in->display, 0, 0, scuba ?
			    "a ScubaGear export without readable Teams settings" :
			    "no Teams policy or configuration found in the file");
		goto out;
	}
	rc = put(&t, "host", "product.installed", json_true(), t.first_line);
	if (rc == 0)
		rc = derive_anonymous(ctx);
fatal:
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		vc_diag_add(&ctx->diags, TEAMS, in->display, 0, 0, "%s", vc_error_last());
		vc_scan_error(ctx, TEAMS, "host", in->display);
	}
	rc = 0;
out:
	json_decref(doc);
	json_decref(t.lines);
	vc_buf_free(&b);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- detection ---- */

/* `"key"` followed by ':' somewhere in the head. */
static int head_has_key(const struct vc_input *in, const char *key)
{
	const char *h = (const char *)in->head, *end = h + in->nhead, *p = h;
	size_t n = strlen(key);

	while (p < end && (p = memmem(p, (size_t)(end - p), key, n))) {
		const char *q = p + n;

		if (p > h && p[-1] == '"' && q < end && *q == '"') {
			for (q++; q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n');
			     q++)
				;
			if (q < end && *q == ':')
				return 1;
		}
		p += n;
	}
	return 0;
}

static int teams_detect(const struct vc_input *in)
{
	const unsigned char *h = in->head, *end = in->head + in->nhead;
	int k, i, hits = 0;

	if (in->nhead >= 3 && !memcmp(h, "\xef\xbb\xbf", 3))
		h += 3;
	while (h < end && isspace(*h))
		h++;
	if (h >= end || (*h != '{' && *h != '['))
		return 0;
	for (k = 0; k < K_N; k++)
		if (kinds[k].section && head_has_key(in, kinds[k].section))
			return 90;   /* ScubaGear's Teams provider output */
	for (k = 0; k < K_N; k++)
		for (i = 0; kinds[k].markers[i]; i++)
			hits += head_has_key(in, kinds[k].markers[i]);
	if (hits)
		return hits > 1 ? 90 : 70;
	for (i = 0; scuba_markers[i]; i++)
		hits += head_has_key(in, scuba_markers[i]);
	/* ProviderSettingsExport.json: the Teams sections come late in the file. */
	return hits >= 2 || (hits && memmem(in->head, in->nhead, "\"ScubaGear\"", 11)) ? 50 : 0;
}

const struct vc_input_handler_entry vc_input_teams = {
	.name = "teams-export",
	.product = TEAMS,
	.description = "Microsoft Teams: Get-CsTeams* ConvertTo-Json exports, ScubaGear "
		       "ProviderSettingsExport",
	.detect = teams_detect,
	.scan = teams_scan,
};
