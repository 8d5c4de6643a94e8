/*
 * Zoom tenant settings (inputs/zoom_settings.c): API replies told apart by
 * shape, lock settings, the e2e_encryption trap, bad values, and the
 * streaming export with its per-user aggregation.
 */
#include "testtree.h"

#include "inputs/input.h"

extern const struct vc_input_handler_entry vc_input_zoom_api;

static const struct vc_input_handler_entry *const handlers[] = { &vc_input_zoom_api, NULL };

#define FIX "fixtures/exports/zoom/"

static int setup(void **state)
{
	struct tt_fx *f = tt_new("/tmp", "vc-zoomapi");

	tt_open(f, "zoom-test-key", 0);
	*state = f;
	return 0;
}

static void scan(struct tt_fx *f, const char *rel)
{
	char p[512];

	tt_path(f, p, sizeof(p), rel);
	assert_int_equal(vc_inputs_scan(&f->ctx, p, handlers), 0);
}

/* Copy a fixture into the tree under `rel`. */
static void put_fixture(struct tt_fx *f, const char *rel, const char *fixture)
{
	size_t n;
	char *text = vc_test_slurp(fixture, &n);

	tt_put_bytes(f, rel, text, n);
	free(text);
}

static const json_t *fact(struct tt_fx *f, const char *scope, const char *key)
{
	const struct vc_fact *x = vc_fact_find(&f->ctx.facts, "zoom", scope, key);

	return x ? x->value : NULL;
}

static int fact_line(struct tt_fx *f, const char *scope, const char *key)
{
	const struct vc_fact *x = vc_fact_find(&f->ctx.facts, "zoom", scope, key);

	assert_non_null(x);
	return x->line;
}

static void expect_bool(struct tt_fx *f, const char *scope, const char *key, int b)
{
	const json_t *v = fact(f, scope, key);

	if (!v)
		fail_msg("%s %s absent", scope, key);
	assert_true(json_is_boolean(v));
	assert_int_equal(json_is_true(v), b);
}

static void expect_str(struct tt_fx *f, const char *scope, const char *key, const char *s)
{
	const json_t *v = fact(f, scope, key);

	if (!v)
		fail_msg("%s %s absent", scope, key);
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), s);
}

static void expect_int(struct tt_fx *f, const char *scope, const char *key, long long n)
{
	const json_t *v = fact(f, scope, key);

	if (!v)
		fail_msg("%s %s absent", scope, key);
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), n);
}

static int list_has(const json_t *l, const char *s)
{
	size_t i;
	const json_t *e;

	json_array_foreach(l, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), s))
			return 1;
	return 0;
}

/* The first user scope among the facts ("user:..."), or NULL. */
static const char *first_user_scope(struct tt_fx *f)
{
	size_t i;

	for (i = 0; i < f->ctx.facts.n; i++)
		if (!strncmp(f->ctx.facts.v[i].scope, "user:", 5))
			return f->ctx.facts.v[i].scope;
	return NULL;
}

/* Everything a report could print, to check for leaks. */
static char *dump(struct tt_fx *f)
{
	return tt_dump(tt_report_json(f));
}

/* ---- the real replies in the HAR corpus ---- */

/* Write the user-settings replies of one user in the HAR as separate files. */
static void har_user_files(struct tt_fx *f, const char *uid)
{
	char path[512], rel[256];
	json_error_t err;
	json_t *har, *e;
	size_t i, n = 0;

	snprintf(path, sizeof(path), "%s/zoom/graph-zoom-fetchUsers-users-settings.recording.har",
		 vc_test_corpus());
	har = json_load_file(path, 0, &err);
	if (!har)
		fail_msg("cannot read %s: %s", path, err.text);
	json_array_foreach(json_object_get(json_object_get(har, "log"), "entries"), i, e) {
		const char *url = json_string_value(json_object_get(json_object_get(e, "request"),
								    "url"));
		const char *body = json_string_value(json_object_get(json_object_get(
				json_object_get(e, "response"), "content"), "text"));
		const char *opt;
		char want[128];

		snprintf(want, sizeof(want), "/v2/users/%s/settings", uid);
		if (!url || !body || !strstr(url, want))
			continue;
		opt = strstr(url, "option=");
		snprintf(rel, sizeof(rel), "/har/user-%s-settings%s%s.json", uid, opt ? "_" : "",
			 opt ? opt + 7 : "");
		tt_put(f, rel, body);
		n++;
	}
	json_decref(har);
	assert_int_equal(n, 4);   /* plain and three options */
}

static void test_har_user_settings(void **state)
{
	struct tt_fx *f = *state;
	const char *u;
	char *all;

	har_user_files(f, "H9Yx0-O8QUCXVIseYAsjaA");
	scan(f, "/har");
	/* The plain reply is a user's (feature.large_meeting ...), the options by name. */
	assert_null(fact(f, "account", "recording.local.allowed"));
	u = first_user_scope(f);
	assert_non_null(u);
	assert_non_null(strstr(u, "user:user-"));
	expect_str(f, u, "settings.level", "user");
	expect_bool(f, u, "recording.local.allowed", 1);
	expect_bool(f, u, "recording.cloud.allowed", 1);
	expect_str(f, u, "recording.auto", "none");
	expect_int(f, u, "recording.retention_days", -1);      /* auto_delete_cmr false */
	expect_str(f, u, "recording.consent", "none");
	expect_bool(f, u, "recording.public_links", 0);         /* passcode on shared links */
	expect_str(f, u, "recording.storage_location", "US");
	assert_true(list_has(fact(f, u, "datacenter.regions"), "*"));
	expect_bool(f, u, "chat.save_local", 1);                /* allow_users_save_chats 3 */
	expect_bool(f, u, "access.lobby", 0);
	expect_bool(f, u, "access.passcode", 1);
	expect_bool(f, u, "access.passcode_in_link", 1);
	expect_bool(f, u, "access.anonymous_join", 1);
	expect_str(f, u, "access.authentication", "anonymous");
	/* The trap: in_meeting.e2e_encryption is SIP/H.323 encryption, not E2EE. */
	expect_bool(f, u, "encryption.transport_required", 0);
	assert_null(fact(f, u, "encryption.e2ee"));
	/* Nothing unrecognised; the PMI passcode in the reply is never copied. */
	assert_null(tt_diag(f, NULL, "not a recognised"));
	all = dump(f);
	assert_null(strstr(all, "792824"));
	assert_null(strstr(u, "H9Yx0-O8QUCXVIseYAsjaA"));   /* the file name is, as given */
	free(all);
}

/* ---- single replies: each variant by its shape ---- */

static void test_account_variants(void **state)
{
	struct tt_fx *f = *state;
	char *text = vc_test_slurp(FIX "account-settings.json", NULL);
	size_t i;
	const json_t *s;
	int kinds = 0;

	put_fixture(f, "/acct/a.json", FIX "account-settings.json");
	put_fixture(f, "/acct/b.json", FIX "account-settings-meeting_security.json");
	put_fixture(f, "/acct/c.json", FIX "account-settings-meeting_authentication.json");
	put_fixture(f, "/acct/d.json", FIX "account-settings-recording_authentication.json");
	tt_put(f, "/acct/e.json", "{\"security\": {\"admin_change_name_pic\": false,\n"
	       " \"sign_in_with_two_factor_auth\": \"all\",\n"
	       " \"signin_with_sso\": {\"enable\": true, \"require_sso_for_domains\": false}}}\n");
	scan(f, "/acct");
	json_array_foreach(f->ctx.sources, i, s)
		kinds += !strcmp(json_string_value(json_object_get(s, "kind")), "zoom-api");
	assert_int_equal(kinds, 5);
	assert_null(tt_diag(f, NULL, NULL));
	/* plain */
	expect_str(f, "account", "settings.level", "account");
	expect_bool(f, "account", "recording.local.allowed", 0);
	assert_int_equal(fact_line(f, "account", "recording.local.allowed"),
			 vc_test_line_with(text, "\"recording\"", "\"local_recording\""));
	expect_int(f, "account", "recording.retention_days", 30);
	assert_int_equal(fact_line(f, "account", "recording.retention_days"),
			 vc_test_line_with(text, NULL, "\"auto_delete_cmr_days\""));
	expect_str(f, "account", "recording.storage_location", "US");
	expect_bool(f, "account", "recording.transcription", 1);
	expect_bool(f, "account", "recording.download_allowed", 1);
	expect_bool(f, "account", "encryption.transport_required", 1);
	assert_int_equal(json_array_size(fact(f, "account", "datacenter.region_entries")), 3);
	/* meeting_security */
	expect_str(f, "account", "encryption.e2ee", "available");
	expect_bool(f, "account", "access.lobby", 1);
	expect_bool(f, "account", "access.passcode", 1);
	/* meeting_authentication / recording_authentication */
	expect_bool(f, "account", "access.anonymous_join", 1);
	expect_bool(f, "account", "recording.public_links", 0);
	/* no lock file: nothing claims to be locked */
	assert_null(fact(f, "account", "policy.locked"));
	free(text);
}

static void test_lock_settings(void **state)
{
	struct tt_fx *f = *state;
	const json_t *l;

	/* Content decides: a lock reply has booleans where settings have values. */
	put_fixture(f, "/l/ls.json", FIX "lock_settings.json");
	scan(f, "/l/ls.json");
	l = fact(f, "account", "policy.locked");
	assert_non_null(l);
	assert_true(list_has(l, "recording.auto"));
	assert_true(list_has(l, "access.passcode"));
	assert_true(list_has(l, "encryption.transport_required"));
	assert_false(list_has(l, "recording.local.allowed"));   /* local_recording: false */
	assert_false(list_has(l, "access.lobby"));
	/* a lock reply yields no setting values */
	assert_null(fact(f, "account", "recording.auto"));
	assert_null(fact(f, "account", "access.lobby"));

	/* All booleans and no telltale key: the name decides, else settings + a note. */
	tt_put(f, "/l/ms.json", "{\"meeting_security\": {\"waiting_room\": true}}\n");
	scan(f, "/l/ms.json");
	expect_bool(f, "account", "access.lobby", 1);
	assert_non_null(tt_diag(f, "ms.json", "put \"lock\" in the file name"));
	tt_put(f, "/l/ms-lock.json", "{\"meeting_security\": {\"waiting_room\": true}}\n");
	scan(f, "/l/ms-lock.json");
	assert_true(list_has(fact(f, "account", "policy.locked"), "access.lobby"));
	/* merged with the earlier lock file */
	assert_true(list_has(fact(f, "account", "policy.locked"), "recording.auto"));
}

static void test_e2ee_enforced_needs_lock(void **state)
{
	struct tt_fx *f = *state;
	static const char msec[] = "{\"meeting_security\": {\n"
		"  \"end_to_end_encrypted_meetings\": true,\n"
		"  \"encryption_type\": \"e2ee\",\n"
		"  \"waiting_room_settings\": {\"participants_to_place_in_waiting_room\": 0}\n}}\n";
	static const char lock[] = "{\"meeting_security\": {\n"
		"  \"end_to_end_encrypted_meetings\": true,\n"
		"  \"encryption_type\": true\n}}\n";

	tt_put(f, "/e/1-settings.json", msec);
	scan(f, "/e/1-settings.json");
	expect_str(f, "account", "encryption.e2ee", "default");
	assert_int_equal(fact_line(f, "account", "encryption.e2ee"), 3);
	/* the lock comes later, in another file (encryption_type: true is a lock) */
	tt_put(f, "/e/2.json", lock);
	scan(f, "/e/2.json");
	expect_str(f, "account", "encryption.e2ee", "enforced");
	assert_int_equal(fact_line(f, "account", "encryption.e2ee"), 3);
}

static void test_e2e_encryption_trap(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/t.json", "{\"in_meeting\": {\"e2e_encryption\": true, \"chat\": true},\n"
	       " \"recording\": {\"cloud_recording\": true, \"auto_recording\": \"none\"}}\n");
	scan(f, "/t.json");
	expect_bool(f, "account", "encryption.transport_required", 1);
	assert_null(fact(f, "account", "encryption.e2ee"));
}

static void test_wrong_type_is_a_diagnostic(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	tt_put(f, "/w.json", "{\n"
	       "  \"recording\": {\n"
	       "    \"local_recording\": \"yes\",\n"
	       "    \"cloud_recording\": false,\n"
	       "    \"auto_delete_cmr\": true,\n"
	       "    \"auto_delete_cmr_days\": \"30\"\n"
	       "  },\n"
	       "  \"in_meeting\": {\"e2e_encryption\": 1, \"auto_saving_chat\": false,\n"
	       "    \"allow_users_save_chats\": 1}\n"
	       "}\n");
	scan(f, "/w.json");
	d = tt_diag(f, "w.json", "recording.local_recording: expected true or false, found a string");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	d = tt_diag(f, "w.json", "auto_delete_cmr_days: expected a whole number");
	assert_non_null(d);
	assert_int_equal(d->line, 6);
	assert_non_null(tt_diag(f, "w.json", "in_meeting.e2e_encryption: expected true or false"));
	/* the bad values are absent; the rest goes on */
	assert_null(fact(f, "account", "recording.local.allowed"));
	assert_null(fact(f, "account", "recording.retention_days"));
	assert_null(fact(f, "account", "encryption.transport_required"));
	expect_bool(f, "account", "recording.cloud.allowed", 0);
	expect_bool(f, "account", "chat.save_local", 0);
	/* and the rules that needed them become error, not manual */
	assert_true(tt_has_error(f, "zoom", "account", "w.json"));
}

static void test_truncated_reply(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	tt_put(f, "/cut.json", "{\n  \"recording\": {\n    \"local_recording\": false,\n"
	       "    \"cloud_recording\": tr");
	scan(f, "/cut.json");
	d = tt_diag(f, "cut.json", "malformed Zoom settings reply");
	assert_non_null(d);
	assert_int_equal(d->line, 4);
	assert_true(tt_has_error(f, "zoom", "account", "cut.json"));
	assert_null(fact(f, "account", "recording.local.allowed"));
}

static void test_not_claimed(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/other.json", "{\"recording\": true, \"name\": \"something else\"}\n");
	scan(f, "/other.json");
	assert_non_null(tt_diag(f, "other.json", "not a recognised export"));
	tt_put(f, "/v2.json", "{\"schema\": \"vcaudit.zoom-export/2\", \"users\": []}\n");
	scan(f, "/v2.json");
	assert_non_null(tt_diag(f, "v2.json", "unsupported export schema"));
}

/* ---- the export ---- */

static void test_export_three_users(void **state)
{
	struct tt_fx *f = *state;
	char *text = vc_test_slurp(FIX "export.json", NULL), *all, *bo;
	const char *u;
	const json_t *w;
	size_t i, users = 0;

	put_fixture(f, "/export.json", FIX "export.json");
	scan(f, "/export.json");
	assert_null(tt_diag(f, NULL, NULL));
	/* account facts, with lines in the export */
	expect_bool(f, "account", "recording.local.allowed", 0);
	assert_int_equal(fact_line(f, "account", "recording.local.allowed"),
			 vc_test_line_with(text, "\"account_settings\"", "\"local_recording\""));
	expect_str(f, "account", "encryption.e2ee", "available");
	assert_true(list_has(fact(f, "account", "policy.locked"), "access.passcode"));
	/* counts over every user */
	expect_int(f, "account", "users.count", 3);
	expect_int(f, "account", "users.deviating", 1);
	expect_int(f, "account", "users.listed", 1);
	expect_int(f, "account", "users.local_recording_enabled", 1);
	expect_int(f, "account", "users.lobby_disabled", 1);
	expect_int(f, "account", "users.retention_never", 1);
	w = fact(f, "account", "users.weaker");
	assert_true(list_has(w, "recording.local.allowed"));
	assert_true(list_has(w, "access.lobby"));
	assert_true(list_has(w, "recording.retention_days"));
	assert_true(list_has(w, "chat.save_local"));
	/* carl is stricter (e2ee default, 14 days): not weaker, not listed */
	assert_false(list_has(w, "encryption.e2ee"));
	/* only bo is listed, with only the weakened facts */
	bo = vc_pseudo_value(&f->ctx.pseudo, "email", "bo.hansen@example.dk");
	for (i = 0; i < f->ctx.facts.n; i++)
		users += !strncmp(f->ctx.facts.v[i].scope, "user:", 5);
	assert_int_equal(users, 5);
	u = first_user_scope(f);
	assert_string_equal(u + 5, bo);
	expect_str(f, u, "settings.level", "user");
	expect_bool(f, u, "recording.local.allowed", 1);
	assert_int_equal(fact_line(f, u, "recording.local.allowed"),
			 vc_test_line_with(text, "bo.hansen@example.dk", "\"local_recording\""));
	expect_bool(f, u, "access.lobby", 0);
	assert_int_equal(fact_line(f, u, "access.lobby"),
			 vc_test_line_with(text, "bo.hansen@example.dk", "\"waiting_room\""));
	expect_int(f, u, "recording.retention_days", -1);
	expect_bool(f, u, "chat.save_local", 1);
	assert_null(fact(f, u, "recording.cloud.allowed"));     /* same as the account */
	/* no e-mail address, name or user id in anything a report prints */
	all = dump(f);
	assert_null(strstr(all, "@example.dk"));
	assert_null(strstr(all, "hansen"));
	assert_null(strstr(all, "Zr7Hd2PqLs9aBc4EfG1iJk"));
	free(all);
	free(bo);
	free(text);
}

/* An export of `n` users, user `big` (if >= 0) padded past 4 MiB. */
static void write_export(struct tt_fx *f, const char *rel, int n, int big, int local)
{
	char path[512];
	FILE *fp;
	int i;

	tt_path(f, path, sizeof(path), rel);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "{\"schema\": \"vcaudit.zoom-export/1\",\n"
		"\"account_id\": \"x\",\n"
		"\"account_settings\": {\"recording\": {\"local_recording\": false}},\n"
		"\"lock_settings\": {\"recording\": {\"local_recording\": false}},\n"
		"\"users\": [\n");
	for (i = 0; i < n; i++) {
		fprintf(fp, "%s{\"id\": \"u%d\", \"email\": \"user%d@example.org\",\n", i ? ",\n" : "",
			i, i);
		if (i == big) {
			long k;

			fputs("\"notes\": \"", fp);
			for (k = 0; k < (5L << 20) / 64; k++)
				fputs("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
				      fp);
			fputs("\",\n", fp);
		}
		fprintf(fp, " \"settings\": {\"recording\": {\"local_recording\": %s}}}",
			local ? "true" : "false");
	}
	fputs("\n]}\n", fp);
	fclose(fp);
}

static void test_user_element_too_large(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	write_export(f, "/big.json", 3, 1, 0);
	scan(f, "/big.json");
	d = tt_diag(f, "big.json", "users[1]: larger than 4 MiB, not read");
	assert_non_null(d);
	assert_int_equal(d->line, 8);   /* users[0] takes lines 6 and 7 */
	/* the users around it are read; the unknown one makes passing rules error */
	expect_int(f, "account", "users.count", 2);
	assert_true(tt_has_error(f, "zoom", "account", "big.json"));
}

static void test_truncated_export(void **state)
{
	struct tt_fx *f = *state;
	size_t n;
	char *text;
	const struct vc_diag *d;

	put_fixture(f, "/full.json", FIX "export.json");
	text = vc_test_slurp(FIX "export.json", &n);
	/* cut inside the second user */
	n = (size_t)(strstr(text, "bo.hansen") - text) + 200;
	tt_put_bytes(f, "/cut.json", text, n);
	scan(f, "/cut.json");
	d = tt_diag(f, "cut.json", "malformed Zoom export in \"users\"");
	assert_non_null(d);
	assert_true(d->line > vc_test_line_with(text, NULL, "bo.hansen"));
	/* the account is read, the user counts are not claimed */
	expect_bool(f, "account", "recording.local.allowed", 0);
	assert_null(fact(f, "account", "users.count"));
	assert_true(tt_has_error(f, "zoom", "account", "cut.json"));
	free(text);
}

static void test_many_deviating_users_are_counted(void **state)
{
	struct tt_fx *f = *state;
	size_t i, scopes = 0;

	write_export(f, "/many.json", 150, -1, 1);
	scan(f, "/many.json");
	expect_int(f, "account", "users.count", 150);
	expect_int(f, "account", "users.deviating", 150);
	expect_int(f, "account", "users.listed", 100);
	assert_non_null(tt_diag(f, "many.json", "150 users have settings weaker"));
	for (i = 0; i < f->ctx.facts.n; i++)
		scopes += !strncmp(f->ctx.facts.v[i].scope, "user:", 5) &&
			  !strcmp(f->ctx.facts.v[i].key, "settings.level");
	assert_int_equal(scopes, 100);
}

static void test_bad_user_value_named_by_index(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;
	char *all;

	tt_put(f, "/bad.json", "{\"schema\": \"vcaudit.zoom-export/1\",\n"
	       "\"account_settings\": {\"recording\": {\"local_recording\": false}},\n"
	       "\"users\": [\n"
	       "{\"id\": \"a\", \"email\": \"eva@example.org\",\n"
	       " \"settings\": {\"recording\": {\"local_recording\": false}}},\n"
	       "{\"id\": \"b\", \"email\": \"finn@example.org\",\n"
	       " \"settings\": {\"recording\": {\n"
	       "   \"local_recording\": \"on\"}}}\n"
	       "]}\n");
	scan(f, "/bad.json");
	d = tt_diag(f, "bad.json", "users[1]: recording.local_recording: expected true or false");
	assert_non_null(d);
	assert_int_equal(d->line, 8);
	/* nobody knows whether that user weakened it: account rules become error */
	assert_non_null(tt_diag(f, "bad.json",
				"recording.local.allowed could not be determined for 1 user"));
	assert_true(tt_has_error(f, "zoom", "account", "bad.json"));
	expect_int(f, "account", "users.count", 2);
	all = dump(f);
	assert_null(strstr(all, "finn"));
	free(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_har_user_settings, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_account_variants, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_lock_settings, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_e2ee_enforced_needs_lock, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_encryption_trap, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_type_is_a_diagnostic, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_reply, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_not_claimed, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_export_three_users, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_user_element_too_large, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_truncated_export, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_many_deviating_users_are_counted, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_user_value_named_by_index, setup,
						tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
