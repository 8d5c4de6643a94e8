/* Microsoft Teams exports: detection, facts, scopes, lines, pitfalls of ConvertTo-Json. */
#include "testtree.h"

#include "core/hash.h"
#include "inputs/input.h"

extern const struct vc_input_handler_entry vc_input_teams;

static const struct vc_input_handler_entry *const handlers[] = { &vc_input_teams, NULL };

static int setup(void **state)
{
	struct tt_fx *f = tt_new("/tmp", "vc-teams");

	tt_open(f, "teams-test-key", 0);
	*state = f;
	return 0;
}

/* Audit one --input path below the tree. */
static void run(struct tt_fx *f, const char *rel)
{
	char p[1024];

	tt_path(f, p, sizeof(p), rel);
	assert_int_equal(vc_inputs_scan(&f->ctx, p, handlers), 0);
}

static const struct vc_fact *fact(struct tt_fx *f, const char *scope, const char *key)
{
	return vc_fact_find(&f->ctx.facts, "teams", scope, key);
}

static const struct vc_fact *must(struct tt_fx *f, const char *scope, const char *key)
{
	const struct vc_fact *x = fact(f, scope, key);

	if (!x)
		fail_msg("fact teams/%s/%s missing", scope, key);
	return x;
}

static void assert_bool(struct tt_fx *f, const char *scope, const char *key, int want, int line)
{
	const struct vc_fact *x = must(f, scope, key);

	if (!json_is_boolean(x->value) || json_is_true(x->value) != want)
		fail_msg("%s %s: expected %s", scope, key, want ? "true" : "false");
	if (line)
		assert_int_equal(x->line, line);
}

static void assert_int(struct tt_fx *f, const char *scope, const char *key, long long want,
		       int line)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_integer(x->value));
	assert_int_equal(json_integer_value(x->value), want);
	if (line)
		assert_int_equal(x->line, line);
}

static void assert_str(struct tt_fx *f, const char *scope, const char *key, const char *want,
		       int line)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_string(x->value));
	assert_string_equal(json_string_value(x->value), want);
	if (line)
		assert_int_equal(x->line, line);
}

/* The value as compact JSON, for lists. */
static void assert_json(struct tt_fx *f, const char *scope, const char *key, const char *want,
			int line)
{
	const struct vc_fact *x = must(f, scope, key);
	char *s = json_dumps(x->value, JSON_COMPACT | JSON_ENCODE_ANY);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
	if (line)
		assert_int_equal(x->line, line);
}

/* An error recorded for teams in `scope` whose keys include `key`. */
static int has_error_keys(struct tt_fx *f, const char *scope, const char *key)
{
	size_t i;

	for (i = 0; i < f->ctx.nerrors; i++) {
		const struct vc_collect_error *e = &f->ctx.errors[i];

		if (!strcmp(e->product, "teams") && !strcmp(e->scope, scope) &&
		    (!e->keys || strstr(e->keys, key)))
			return 1;
	}
	return 0;
}

static size_t count_scopes_with(struct tt_fx *f, const char *key)
{
	size_t i, n = 0;

	for (i = 0; i < f->ctx.facts.n; i++)
		n += !strcmp(f->ctx.facts.v[i].product, "teams") &&
		     !strcmp(f->ctx.facts.v[i].key, key);
	return n;
}

/* One meeting policy in the layout Windows PowerShell 5.1 writes. */
static const char policy_global[] =
	"    {\n"
	"        \"Identity\":  \"Global\",\n"                             /* +1 */
	"        \"Description\":  null,\n"
	"        \"AllowCloudRecording\":  true,\n"                        /* +3 */
	"        \"NewMeetingRecordingExpirationDays\":  60,\n"
	"        \"AllowTranscription\":  false,\n"
	"        \"AllowRecordingStorageOutsideRegion\":  false,\n"
	"        \"ExplicitRecordingConsent\":  \"Enabled\",\n"
	"        \"AllowAnonymousUsersToJoinMeeting\":  true,\n"           /* +8 */
	"        \"BlockedAnonymousJoinClientTypes\":  null,\n"
	"        \"AllowAnonymousUsersToStartMeeting\":  false,\n"
	"        \"AutoAdmittedUsers\":  \"EveryoneInCompanyExcludingGuests\",\n"
	"        \"AllowPSTNUsersToBypassLobby\":  false,\n"
	"        \"AllowExternalParticipantGiveRequestControl\":  false\n"
	"    }";

/* ---- detection ---- */

static int detect_text(const char *text)
{
	struct vc_input in = { 0 };

	in.display = "x.json";
	in.name = "x.json";
	in.head = (const unsigned char *)text;
	in.nhead = strlen(text);
	return vc_input_teams.detect(&in);
}

static void test_detection_by_content(void **state)
{
	char *zoom;
	size_t len;

	(void)state;
	/* raw cmdlet exports, with and without BOM, object or array */
	assert_true(detect_text("[\n    {\n        \"Identity\":  \"Global\",\n"
				"        \"AllowCloudRecording\":  true,\n"
				"        \"AllowTranscription\":  false\n    }\n]") >= 70);
	assert_true(detect_text("\xef\xbb\xbf{\n    \"Identity\":  \"Global\",\n"
				"    \"DisableAnonymousJoin\":  false\n}") >= 70);
	assert_true(detect_text("{\"AllowDropBox\": true, \"AllowBox\": false}") >= 70);
	assert_true(detect_text("{\"MeetingEndToEndEncryption\": \"Disabled\"}") >= 70);
	/* ScubaGear: the Teams sections come late, the wrapper keys early */
	assert_true(detect_text("{\n  \"baseline_version\": \"1\",\n  \"module_version\": "
				"\"1.8.0\",\n  \"date\": \"x\"") > 0);
	assert_true(detect_text("{\"meeting_policies\": []}") > 0);
	/* not ours: random JSON, a key only quoted in a value, text, Zoom */
	assert_int_equal(detect_text("{\"name\": \"x\", \"items\": [1, 2, 3]}"), 0);
	assert_int_equal(detect_text("{\"note\": \"AllowCloudRecording\"}"), 0);
	assert_int_equal(detect_text("AllowCloudRecording: true\n"), 0);
	assert_int_equal(detect_text(""), 0);
	assert_int_equal(detect_text("{\"recording\": {\"local_recording\": true, "
				     "\"cloud_recording\": true, \"auto_recording\": \"none\"},"
				     " \"in_meeting\": {\"e2e_encryption\": false}}"), 0);
	zoom = vc_test_corpus_file("zoom", "zoom-api-openapi.v2.json", &len);
	if (len > VC_INPUT_HEAD)
		zoom[VC_INPUT_HEAD] = 0;
	assert_int_equal(detect_text(zoom), 0);
	free(zoom);
}

static void test_handler_table(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; vc_input_handlers[i]; i++) {
		assert_non_null(vc_input_handlers[i]->name);
		assert_non_null(vc_input_handlers[i]->detect);
		assert_non_null(vc_input_handlers[i]->scan);
		for (j = 0; j < i; j++)
			assert_string_not_equal(vc_input_handlers[i]->name,
						vc_input_handlers[j]->name);
	}
	for (i = 0; vc_input_handlers[i] && vc_input_handlers[i] != &vc_input_teams; i++)
		;
	assert_ptr_equal(vc_input_handlers[i], &vc_input_teams);
	assert_string_equal(vc_input_teams.product, "teams");
}

/* ---- the real ScubaGear export ---- */

static void test_corpus_scubagear_export(void **state)
{
	struct tt_fx *f = *state;
	static const char *const scopes[] = {
		"policy:Global", "policy:Tag:Custom Policy 1", "policy:Tag:NKK-Temp",
		"policy:Tag:AllOn", "policy:Tag:RestrictedAnonymousAccess", "policy:Tag:AllOff",
		"policy:Tag:RestrictedAnonymousNoRecording", "policy:Tag:Default", "policy:Tag:Kiosk"
	};
	char path[1024], sha[VC_SHA256_HEX];
	const struct vc_fact *x;
	const json_t *src;
	size_t i, len;
	char *data;

	snprintf(path, sizeof(path), "%s/teams/scubagear-ProviderSettingsExport.json",
		 vc_test_corpus());
	assert_int_equal(vc_inputs_scan(&f->ctx, path, handlers), 0);
	/* nine meeting policies, each its own scope */
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		assert_bool(f, scopes[i], "policy.meeting", 1, 0);
	assert_int_equal(count_scopes_with(f, "policy.meeting"), 9);
	/* Global, with the lines of the keys in the file */
	assert_bool(f, "policy:Global", "recording.cloud.allowed", 1, 18333);
	assert_int(f, "policy:Global", "recording.retention_days", 120, 18366);
	assert_bool(f, "policy:Global", "recording.transcription", 0, 18342);
	assert_json(f, "policy:Global", "recording.storage_region", "[\"tenant-region\"]", 18334);
	assert_str(f, "policy:Global", "recording.consent", "notice", 18329);
	assert_str(f, "policy:Global", "access.lobby_bypass", "EveryoneInCompanyExcludingGuests",
		   18332);
	assert_bool(f, "policy:Global", "access.lobby", 1, 18332);
	assert_bool(f, "policy:Global", "access.anonymous_join.policy", 1, 18326);
	/* AutoRecording and ExternalBotAccessMode are not in this (2023) export */
	assert_null(fact(f, "policy:Global", "recording.auto"));
	assert_null(fact(f, "policy:Global", "recording.thirdparty_bots"));
	/* no meeting configuration exported: effective anonymous join only where the policy
	 * itself blocks it */
	assert_null(fact(f, "policy:Global", "access.anonymous_join"));
	assert_bool(f, "policy:Tag:Custom Policy 1", "access.anonymous_join", 0, 18408);
	assert_json(f, "policy:Tag:Custom Policy 1", "recording.storage_region",
		    "[\"tenant-region\",\"outside-tenant-region\"]", 18416);
	assert_bool(f, "policy:Tag:NKK-Temp", "access.lobby", 0, 18496);
	assert_bool(f, "policy:Tag:NKK-Temp", "access.dialin_bypass_lobby", 1, 18511);
	assert_bool(f, "policy:Tag:AllOff", "recording.cloud.allowed", 0, 18743);
	/* tenant-wide */
	assert_str(f, "host", "access.external", "trusted", 19049);
	assert_json(f, "host", "access.external.allowed_domains", "[\"mitre.org\"]", 19049);
	assert_bool(f, "host", "access.unmanaged_inbound", 0, 19056);
	assert_json(f, "host", "storage.thirdparty",
		    "[\"dropbox\",\"box\",\"gdrive\",\"sharefile\",\"egnyte\"]", 19076);
	assert_bool(f, "host", "access.email_into_channel", 1, 19074);
	assert_bool(f, "host", "product.installed", 1, 18198);   /* teams_tenant_info */
	/* live events policies */
	assert_str(f, "policy:Global", "recording.live_events", "optional", 19118);
	assert_str(f, "policy:Tag:Default", "recording.live_events", "always", 0);
	/* other products' sections are not Teams facts; nothing went wrong */
	assert_int_equal(f->ctx.diags.n, 0);
	assert_int_equal(f->ctx.nerrors, 0);
	/* provenance: the file as given, with its digest */
	data = vc_test_slurp(path, &len);
	vc_sha256_hex(sha, data, len);
	free(data);
	x = must(f, "policy:Global", "recording.retention_days");
	assert_string_equal(x->source, path);
	assert_string_equal(x->sha256, sha);
	src = json_array_get(f->ctx.sources, 0);
	assert_string_equal(json_string_value(json_object_get(src, "sha256")), sha);
	assert_string_equal(json_string_value(json_object_get(src, "product")), "teams");
}

/* ---- ConvertTo-Json pitfalls ---- */

static void test_bom_and_bare_object(void **state)
{
	struct tt_fx *f = *state;
	char buf[4096];

	/* Windows PowerShell 5.1 Out-File -Encoding utf8: a BOM, CRLF, one bare object */
	tt_put(f, "/cfg.json", "\xef\xbb\xbf{\r\n    \"Identity\":  \"Global\",\r\n"
	       "    \"LogoURL\":  \"\",\r\n    \"DisableAnonymousJoin\":  true,\r\n"
	       "    \"DisableAppInteractionForAnonymousUsers\":  true\r\n}\r\n");
	run(f, "/cfg.json");
	assert_bool(f, "host", "access.anonymous_join.tenant", 0, 4);
	/* the tenant switch alone settles it everywhere */
	assert_bool(f, "host", "access.anonymous_join", 0, 4);
	/* a bare policy object gives the same facts as the same object in an array */
	snprintf(buf, sizeof(buf), "%s\n", policy_global + 4);
	tt_put(f, "/one.json", buf);
	run(f, "/one.json");
	assert_bool(f, "policy:Global", "recording.cloud.allowed", 1, 4);
	assert_bool(f, "policy:Global", "access.anonymous_join", 0, 4);   /* tenant's line */
	snprintf(buf, sizeof(buf), "[\n%s\n]\n", policy_global);
	tt_put(f, "/many.json", buf);
	run(f, "/many.json");
	assert_bool(f, "policy:Global", "recording.cloud.allowed", 1, 5);
	assert_int(f, "policy:Global", "recording.retention_days", 60, 6);
	assert_int_equal(f->ctx.diags.n, 0);
}

static void test_type_names_and_nulls_are_unknown(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/p.json",
	       "[{\"Identity\": \"Global\",\n"
	       " \"AllowCloudRecording\": null,\n"
	       " \"AllowTranscription\": \"Microsoft.Teams.Policy.Administration.Cmdlets.Core."
	       "TranscriptionMode\",\n"
	       " \"AllowRecordingStorageOutsideRegion\": null,\n"
	       " \"AllowAnonymousUsersToJoinMeeting\": null,\n"
	       " \"BlockedAnonymousJoinClientTypes\": [\"System.Object\"],\n"
	       " \"AutoAdmittedUsers\": \"System.Collections.Generic.List`1[System.String]\",\n"
	       " \"ExternalBotAccessMode\": null,\n"
	       " \"NewMeetingRecordingExpirationDays\": null}]\n");
	run(f, "/p.json");
	/* null without a documented default: absent, never guessed */
	assert_null(fact(f, "policy:Global", "recording.cloud.allowed"));
	assert_null(fact(f, "policy:Global", "recording.retention_days"));
	/* .NET type names: absent, a diagnostic, and a pass on them would be an error */
	assert_null(fact(f, "policy:Global", "recording.transcription"));
	assert_null(fact(f, "policy:Global", "access.lobby_bypass"));
	assert_null(fact(f, "policy:Global", "access.anonymous_join.policy"));
	assert_non_null(tt_diag(f, "p.json", "cut off by ConvertTo-Json"));
	assert_int_equal(tt_diag(f, "p.json", "cut off")->line, 3);
	assert_true(has_error_keys(f, "policy:Global", "recording.transcription"));
	assert_true(has_error_keys(f, "policy:Global", "access.lobby"));
	/* null with a documented default: the default */
	assert_json(f, "policy:Global", "recording.storage_region", "[\"tenant-region\"]", 4);
	assert_bool(f, "policy:Global", "recording.thirdparty_bots", 0, 8);
	/* the policy is still a unit of the meeting rules */
	assert_bool(f, "policy:Global", "policy.meeting", 1, 1);
}

static void test_retention_values(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/r.json",
	       "[{\"Identity\": \"Global\", \"NewMeetingRecordingExpirationDays\": -1},\n"
	       " {\"Identity\": \"Tag:Long\", \"NewMeetingRecordingExpirationDays\": 99999},\n"
	       " {\"Identity\": \"Tag:Zero\", \"NewMeetingRecordingExpirationDays\": 0},\n"
	       " {\"Identity\": \"Tag:Text\", \"NewMeetingRecordingExpirationDays\": \"60\"}]\n");
	run(f, "/r.json");
	assert_int(f, "policy:Global", "recording.retention_days", -1, 1);
	assert_int(f, "policy:Tag:Long", "recording.retention_days", 99999, 2);
	assert_null(fact(f, "policy:Tag:Zero", "recording.retention_days"));
	assert_non_null(tt_diag(f, "r.json", "neither -1"));
	assert_true(has_error_keys(f, "policy:Tag:Zero", "recording.retention_days"));
	assert_null(fact(f, "policy:Tag:Text", "recording.retention_days"));
	assert_non_null(tt_diag(f, "r.json", "expected a whole number"));
}

static void test_unknown_keys_ignored(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/u.json",
	       "{\"Identity\": \"Tag:Ny politik 2.0\", \"FutureSetting\": {\"Deep\": [1, {\"x\": null}]},"
	       " \"AllowCloudRecording\": false, \"Copilot\": \"EnabledWithTranscript\","
	       " \"SomethingElse\": \"Microsoft.Teams.Whatever\"}\n");
	run(f, "/u.json");
	assert_bool(f, "policy:Tag:Ny politik 2.0", "recording.cloud.allowed", 0, 1);
	/* an unknown key holding a type name is nobody's business either */
	assert_int_equal(f->ctx.diags.n, 0);
	assert_int_equal(f->ctx.nerrors, 0);
}

static void test_broken_file_diagnosed_rest_audited(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;
	char buf[4096];

	snprintf(buf, sizeof(buf), "[\n%s\n]\n", policy_global);
	tt_put(f, "/in/a-policies.json", buf);
	/* cut off after line 4, as a copy that stopped half-way */
	tt_put(f, "/in/b-client.json", "{\n    \"Identity\":  \"Global\",\n"
	       "    \"AllowDropBox\":  true,\n    \"AllowBox\":  fal");
	run(f, "/in");
	d = tt_diag(f, "b-client.json", "invalid JSON");
	assert_non_null(d);
	assert_int_equal(d->line, 4);
	assert_true(d->col > 0);
	assert_null(strstr(d->message, "fal"));   /* never quotes the input */
	/* the broken file's facts are uncertain, not those of the good one */
	assert_true(has_error_keys(f, "host", "storage.thirdparty"));
	assert_false(has_error_keys(f, "host", "recording.cloud.allowed"));
	assert_null(fact(f, "host", "storage.thirdparty"));
	assert_bool(f, "policy:Global", "recording.cloud.allowed", 1, 5);
}

/* The two halves of anonymous join in separate files, read in either order. */
static void test_anonymous_join_across_files(void **state)
{
	struct tt_fx *f = *state;
	char buf[8192];

	snprintf(buf, sizeof(buf), "[\n%s,\n"
		 "    {\"Identity\": \"Tag:Borgere\", \"AllowAnonymousUsersToJoinMeeting\": true,\n"
		 "     \"BlockedAnonymousJoinClientTypes\": [\"ACS\", \"Teams\"]},\n"
		 "    {\"Identity\": \"Tag:Aaben\", \"AllowAnonymousUsersToJoinMeeting\": true,\n"
		 "     \"BlockedAnonymousJoinClientTypes\": [\"ACS\"]}\n]\n", policy_global);
	tt_put(f, "/x/policies.json", buf);
	tt_put(f, "/x/tenant.json", "{\"Identity\": \"Global\",\n \"DisableAnonymousJoin\": false}");
	/* policies first: until the tenant switch is known only blocking policies decide */
	run(f, "/x/policies.json");
	assert_null(fact(f, "policy:Global", "access.anonymous_join"));
	assert_bool(f, "policy:Tag:Borgere", "access.anonymous_join", 0, 18);
	assert_null(fact(f, "policy:Tag:Aaben", "access.anonymous_join"));
	run(f, "/x/tenant.json");
	assert_bool(f, "policy:Global", "access.anonymous_join", 1, 10);
	assert_bool(f, "policy:Tag:Aaben", "access.anonymous_join", 1, 19);
	assert_bool(f, "policy:Tag:Borgere", "access.anonymous_join", 0, 18);
	assert_null(fact(f, "host", "access.anonymous_join"));
	/* every derived fact kept the digest of the file it points at */
	assert_non_null(must(f, "policy:Global", "access.anonymous_join")->sha256);
	assert_non_null(strstr(must(f, "policy:Global", "access.anonymous_join")->source,
			       "policies.json"));
}

static void test_anonymous_join_tenant_first(void **state)
{
	struct tt_fx *f = *state;
	char buf[4096];

	tt_put(f, "/t.json", "{\"Identity\": \"Global\", \"DisableAnonymousJoin\": null}");
	run(f, "/t.json");
	/* null: Microsoft's default, anonymous join on */
	assert_bool(f, "host", "access.anonymous_join.tenant", 1, 1);
	snprintf(buf, sizeof(buf), "[\n%s\n]\n", policy_global);
	tt_put(f, "/p.json", buf);
	run(f, "/p.json");
	assert_bool(f, "policy:Global", "access.anonymous_join", 1, 10);
	assert_non_null(strstr(must(f, "policy:Global", "access.anonymous_join")->source,
			       "p.json"));
}

static void test_federation_shapes(void **state)
{
	struct tt_fx *f = *state;

	/* an allow-list as ScubaGear's tests write it, consumers off */
	tt_put(f, "/f1.json", "{\"AllowFederatedUsers\": true,\n \"AllowedDomains\": "
	       "[{\"AllowedDomain\": [\"Domain=kl.dk\", \"Domain=regionh.dk\"]}],\n"
	       " \"AllowTeamsConsumer\": false, \"AllowTeamsConsumerInbound\": true}");
	run(f, "/f1.json");
	assert_str(f, "host", "access.external", "trusted", 2);
	assert_json(f, "host", "access.external.allowed_domains", "[\"kl.dk\",\"regionh.dk\"]", 2);
	assert_bool(f, "host", "access.unmanaged_inbound", 0, 3);
	/* all known domains (an empty list), consumers by default */
	tt_put(f, "/f2.json", "{\"AllowFederatedUsers\": true, \"AllowedDomains\": [],\n"
	       " \"AllowTeamsConsumer\": false}");
	run(f, "/f2.json");
	assert_str(f, "host", "access.external", "any", 1);
	/* both off */
	tt_put(f, "/f3.json", "{\"AllowFederatedUsers\": false,\n \"AllowTeamsConsumer\": false}");
	run(f, "/f3.json");
	assert_str(f, "host", "access.external", "none", 1);
	/* personal accounts on: any, and they may start contact */
	tt_put(f, "/f4.json", "{\"AllowFederatedUsers\": false,\n \"AllowTeamsConsumer\": true,\n"
	       " \"AllowTeamsConsumerInbound\": null}");
	run(f, "/f4.json");
	assert_str(f, "host", "access.external", "any", 2);
	assert_bool(f, "host", "access.unmanaged_inbound", 1, 3);
}

static void test_federation_truncated_domains(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/f.json", "{\"AllowFederatedUsers\": true,\n \"AllowedDomains\": "
	       "\"Microsoft.Rtc.Management.WritableConfig.Tenant.AllowList\",\n"
	       " \"AllowTeamsConsumer\": false}");
	run(f, "/f.json");
	assert_null(fact(f, "host", "access.external"));
	assert_bool(f, "host", "access.unmanaged_inbound", 0, 3);
	assert_true(has_error_keys(f, "host", "access.external"));
	assert_non_null(tt_diag(f, "f.json", "cut off"));
}

static void test_client_storage(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/c.json", "{\"Identity\": \"Global\", \"AllowEmailIntoChannel\": false,\n"
	       " \"AllowDropBox\": false, \"AllowBox\": false,\n \"AllowGoogleDrive\": true,\n"
	       " \"AllowShareFile\": false, \"AllowEgnyte\": false}");
	run(f, "/c.json");
	assert_json(f, "host", "storage.thirdparty", "[\"gdrive\"]", 3);
	assert_bool(f, "host", "access.email_into_channel", 0, 1);
	assert_int_equal(f->ctx.nerrors, 0);
	/* none allowed: an empty list is a positive statement */
	tt_put(f, "/c2.json", "{\"AllowDropBox\": false, \"AllowBox\": false,"
	       " \"AllowGoogleDrive\": false, \"AllowShareFile\": false, \"AllowEgnyte\": false}");
	run(f, "/c2.json");
	assert_json(f, "host", "storage.thirdparty", "[]", 1);
	/* one switch cut off: what was read stands, a pass on it would be partial */
	tt_put(f, "/c3.json", "{\"AllowDropBox\": false, \"AllowBox\": \"System.Object\","
	       " \"AllowGoogleDrive\": false, \"AllowShareFile\": false, \"AllowEgnyte\": false}");
	run(f, "/c3.json");
	assert_json(f, "host", "storage.thirdparty", "[]", 1);
	assert_true(has_error_keys(f, "host", "storage.thirdparty"));
	assert_non_null(tt_diag(f, "c3.json", "only 4 of the 5"));
}

static void test_encryption_and_broadcast(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/e.json", "[{\"Identity\": \"Global\",\n"
	       "  \"CallingEndtoEndEncryptionEnabledType\": \"DisabledUserOverride\",\n"
	       "  \"MeetingEndToEndEncryption\": \"Disabled\"},\n"
	       " {\"Identity\": \"Tag:Fortrolig\",\n"
	       "  \"CallingEndtoEndEncryptionEnabledType\": null,\n"
	       "  \"MeetingEndToEndEncryption\": \"DisabledUserOverride\"},\n"
	       " {\"Identity\": \"Tag:Ny\",\n"
	       "  \"MeetingEndToEndEncryption\": \"EnabledAlways\"}]");
	run(f, "/e.json");
	assert_str(f, "policy:Global", "encryption.e2ee", "unavailable", 3);
	assert_str(f, "policy:Global", "encryption.e2ee_calls", "available", 2);
	assert_str(f, "policy:Tag:Fortrolig", "encryption.e2ee", "available", 6);
	assert_str(f, "policy:Tag:Fortrolig", "encryption.e2ee_calls", "unavailable", 5);
	/* a value Microsoft does not document: reported, not guessed */
	assert_null(fact(f, "policy:Tag:Ny", "encryption.e2ee"));
	assert_non_null(tt_diag(f, "e.json", "'EnabledAlways' is not documented"));
	assert_true(has_error_keys(f, "host", "encryption.e2ee"));
	/* no meeting policy among them */
	assert_null(fact(f, "policy:Global", "policy.meeting"));
	tt_put(f, "/b.json", "{\"Identity\": \"Global\", \"BroadcastRecordingMode\": "
	       "\"AlwaysEnabled\"}");
	run(f, "/b.json");
	assert_str(f, "policy:Global", "recording.live_events", "always", 1);
}

static void test_scubagear_failed_cmdlets(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/s.json", "{\"baseline_version\": \"1\", \"module_version\": \"1.8.0\",\n"
	       " \"teams_tenant_info\": [{\"TenantId\": \"x\"}],\n"
	       " \"meeting_policies\": [],\n"
	       " \"client_configuration\": [{\"AllowDropBox\": false, \"AllowBox\": false,"
	       " \"AllowGoogleDrive\": false, \"AllowShareFile\": false, \"AllowEgnyte\": false}],\n"
	       " \"teams_unsuccessful_commands\": [\"Get-CsTeamsMeetingPolicy\","
	       " \"Get-CsTeamsAppPermissionPolicy\"]}");
	run(f, "/s.json");
	assert_non_null(tt_diag(f, "s.json", "no meeting policy in the export"));
	assert_non_null(tt_diag(f, "s.json", "could not run Get-CsTeamsMeetingPolicy"));
	assert_int_equal(tt_diag(f, "s.json", "could not run Get-CsTeamsMeetingPolicy")->line, 5);
	assert_true(has_error_keys(f, "host", "recording.cloud.allowed"));
	assert_json(f, "host", "storage.thirdparty", "[]", 4);
	assert_bool(f, "host", "product.installed", 1, 2);
	/* the same inside ScubaResults' Raw key */
	tt_put(f, "/r.json", "{\"MetaData\": {\"Tool\": \"ScubaGear\"},\n \"Raw\": {\n"
	       "  \"meeting_policies\": [{\"Identity\": \"Global\",\n"
	       "   \"AllowCloudRecording\": false}]}}");
	run(f, "/r.json");
	assert_bool(f, "policy:Global", "recording.cloud.allowed", 0, 4);
	/* a ScubaGear export of other products only */
	tt_put(f, "/o.json", "{\"baseline_version\": \"1\", \"module_version\": \"1.8.0\","
	       " \"aad_successful_commands\": []}");
	run(f, "/o.json");
	assert_non_null(tt_diag(f, "o.json", "ScubaGear export without readable Teams"));
}

static void test_policy_names(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/n.json", "[{\"Identity\": \"Tag:Borgermøder\\tweb\", \"AllowMeetNow\": true,"
	       " \"AllowCloudRecording\": true},\n"
	       " {\"Identity\": null, \"AllowCloudRecording\": true},\n"
	       " \"Microsoft.Teams.Policy.Administration.Cmdlets.Core.MeetingPolicy\"]");
	run(f, "/n.json");
	/* control characters never reach a report */
	assert_bool(f, "policy:Tag:Borgermøder?web", "recording.cloud.allowed", 1, 1);
	assert_non_null(tt_diag(f, "n.json", "without a readable Identity"));
	assert_non_null(tt_diag(f, "n.json", "written as its .NET type name"));
	assert_true(has_error_keys(f, "host", "recording.cloud.allowed"));
}

static void test_nothing_teams_in_a_detected_file(void **state)
{
	struct tt_fx *f = *state;
	char spec[1100], p[1024];

	/* named as teams, but no Teams object inside */
	tt_put(f, "/z.json", "[{\"Identity\": \"Global\", \"Name\": \"x\"}]");
	tt_path(f, p, sizeof(p), "/z.json");
	snprintf(spec, sizeof(spec), "teams:%s", p);
	assert_int_equal(vc_inputs_scan(&f->ctx, spec, handlers), 0);
	assert_non_null(tt_diag(f, "z.json", "not a recognised teams export"));
	assert_int_equal(f->ctx.facts.n, 0);
	/* detected by a marker in the head, no object we know inside */
	tt_put(f, "/y.json", "[\"AllowCloudRecording\", {\"AllowCloudRecording\" : 1}]");
	run(f, "/y.json");
	assert_non_null(tt_diag(f, "y.json", "without a readable Identity"));
	tt_put(f, "/w.json", "[\"AllowCloudRecording\", {\"Name\": 1},\n"
	       " {\"Identity\": \"Global\",\n  \"AllowCloudRecording\": 1}]");
	run(f, "/w.json");
	assert_int_equal(tt_diag(f, "w.json", "expected true or false")->line, 3);
	assert_null(fact(f, "policy:Global", "recording.cloud.allowed"));
	tt_put(f, "/v.json", "[{\"Name\": 1, \"x\": {\"AllowDropBox\": true}}]");
	tt_path(f, p, sizeof(p), "/v.json");
	snprintf(spec, sizeof(spec), "teams:%s", p);
	assert_int_equal(vc_inputs_scan(&f->ctx, spec, handlers), 0);
	assert_non_null(tt_diag(f, "v.json", "no Teams policy or configuration found"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detection_by_content),
		cmocka_unit_test(test_handler_table),
		cmocka_unit_test_setup_teardown(test_corpus_scubagear_export, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_bom_and_bare_object, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_type_names_and_nulls_are_unknown, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_retention_values, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_keys_ignored, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_broken_file_diagnosed_rest_audited, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_join_across_files, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_join_tenant_first, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_federation_shapes, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_federation_truncated_domains, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_client_storage, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_encryption_and_broadcast, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_scubagear_failed_cmdlets, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_policy_names, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_teams_in_a_detected_file, setup,
						tt_teardown),
	};

	return cmocka_run_group_tests_name("teams", tests, NULL, NULL);
}
