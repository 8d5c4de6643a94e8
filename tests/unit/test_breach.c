/* The breach draft: deadline, missing items, Art. 34 assessment, register. */
#include "testutil.h"
#include <unistd.h>

#include "report/breach_draft.h"
#include "core/err.h"

static json_t *incident(const char *text)
{
	json_t *j = NULL;

	if (vc_incident_parse(&j, "inc.json", text, strlen(text)) < 0)
		fail_msg("incident: %s", vc_error_last());
	return j;
}

static void test_rfc3339(void **state)
{
	time_t t;

	assert_int_equal(vc_rfc3339_parse(&t, "2026-10-23T12:00:00Z"), 0);
	assert_int_equal((long long)t, 1792756800LL);
	assert_int_equal(vc_rfc3339_parse(&t, "2026-10-23T14:00:00+02:00"), 0);
	assert_int_equal((long long)t, 1792756800LL);
	assert_int_equal(vc_rfc3339_parse(&t, "2026-10-23T11:30:00.250-00:30"), 0);
	assert_int_equal((long long)t, 1792756800LL);
	assert_int_equal(vc_rfc3339_parse(&t, "2026-10-23 12:00"), VC_EPARSE);
	assert_int_equal(vc_rfc3339_parse(&t, "2026-02-29T12:00:00Z"), VC_EPARSE);
	assert_int_equal(vc_rfc3339_parse(&t, "2026-10-23T12:00:00"), VC_EPARSE);
	assert_int_equal(vc_rfc3339_parse(&t, "2026-10-23T12:00:00Zjunk"), VC_EPARSE);
	assert_int_equal(vc_rfc3339_parse(&t, "24/11/2026 08:30"), VC_EPARSE);
}

/* The 72 hours cross the end of summer time in Copenhagen (25 Oct 2026). */
static void test_deadline_dst(void **state)
{
	json_t *inc = incident("{\"aware_at\": \"2026-10-23T12:00:00Z\"}");
	json_t *rep = json_pack("{s:s, s:[]}", "schema", "vcaudit.report/1", "facts");
	struct vc_breach_in in = { rep, inc, NULL, "en", 1792800000 };
	struct vc_breach_assessment a;
	char local[80], *draft = NULL;
	time_t t;

	if (access("/usr/share/zoneinfo/Europe/Copenhagen", R_OK) != 0)
		skip();
	setenv("TZ", "America/New_York", 1);
	assert_int_equal(vc_rfc3339_parse(&t, "2026-10-23T12:00:00Z"), 0);
	assert_int_equal(vc_breach_fmt_local(local, sizeof(local), t, VC_BREACH_TZ), 0);
	assert_string_equal(local, "2026-10-23 14:00 CEST (UTC+02:00)");
	t += VC_BREACH_HOURS * 3600;
	vc_breach_fmt_utc(local, sizeof(local), t);
	assert_string_equal(local, "2026-10-26 12:00 UTC");
	assert_int_equal(vc_breach_fmt_local(local, sizeof(local), t, VC_BREACH_TZ), 0);
	assert_string_equal(local, "2026-10-26 13:00 CET (UTC+01:00)");
	/* the caller's TZ is restored */
	assert_string_equal(getenv("TZ"), "America/New_York");
	unsetenv("TZ");
	assert_int_equal(vc_breach_fmt_local(local, sizeof(local), t, VC_BREACH_TZ), 0);
	assert_null(getenv("TZ"));
	assert_int_equal(vc_breach_fmt_local(local, sizeof(local), t, "No/Such_Zone"),
			 VC_ENOTFOUND);

	assert_int_equal(vc_breach_draft(&draft, &a, &in), 0);
	assert_non_null(strstr(draft, "2026-10-26 12:00 UTC"));
	assert_non_null(strstr(draft, "2026-10-26 13:00 CET (UTC+01:00)"));
	assert_null(strstr(draft, "after the deadline"));
	free(draft);
	json_decref(inc);
	json_decref(rep);
}

static void test_incident_errors(void **state)
{
	json_t *j = NULL;
	const char *bad = "{\n  \"description\": \"x\",\n  \"aware_at\": \"yesterday\"\n}\n";
	const char *broken = "{\n  \"aware_at\": \"2026-10-23T12:00:00Z\",\n}\n";

	assert_int_equal(vc_incident_parse(&j, "i.json", "{}", 2), VC_EPARSE);
	assert_null(j);
	assert_non_null(strstr(vc_error_last(), "i.json:1:1: aware_at is missing"));
	assert_int_equal(vc_incident_parse(&j, "i.json", bad, strlen(bad)), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "i.json:3:3: aware_at must be an RFC 3339"));
	assert_int_equal(vc_incident_parse(&j, "i.json", broken, strlen(broken)), VC_EPARSE);
	assert_true(!strncmp(vc_error_last(), "i.json:3:", 9));
	bad = "{\"aware_at\": \"2026-10-23T12:00:00Z\", \"affected\": [{\"scope\": \"host\"}]}";
	assert_int_equal(vc_incident_parse(&j, "i.json", bad, strlen(bad)), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "affected entries must be"));
	bad = "{\"aware_at\": \"2026-10-23T12:00:00Z\", \"high_risk\": \"yes\"}";
	assert_int_equal(vc_incident_parse(&j, "i.json", bad, strlen(bad)), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "high_risk must be true or false"));
}

/* Only aware_at: every other item is marked to follow, in both languages;
 * after the deadline the reasons for delay are required. */
static void test_missing_items(void **state)
{
	json_t *inc = incident("{\"aware_at\": \"2026-10-23T12:00:00Z\"}");
	json_t *rep = json_pack("{s:s, s:[]}", "schema", "vcaudit.report/1", "facts");
	struct vc_breach_in in = { rep, inc, NULL, "en", 1792800000 };
	struct vc_breach_assessment a;
	char *draft = NULL;

	assert_int_equal(vc_breach_draft(&draft, &a, &in), 0);
	assert_non_null(strstr(draft, "*To follow (Art. 33(4)).*"));
	assert_non_null(strstr(draft, "Notification in phases"));
	assert_non_null(strstr(draft, "- likely consequences\n"));
	assert_non_null(strstr(draft, "- contact information\n"));
	assert_non_null(strstr(draft, "Not required if submitted before the deadline"));
	free(draft);

	in.lang = "da";
	in.now = 1792756800 + 73 * 3600;
	assert_int_equal(vc_breach_draft(&draft, &a, &in), 0);
	assert_non_null(strstr(draft, "*Følger (art. 33, stk. 4).*"));
	assert_non_null(strstr(draft, "Anmeldelse af brud på persondatasikkerheden"));
	assert_non_null(strstr(draft, "**efter fristen**"));
	assert_non_null(strstr(draft, "Påkrævet: anmeldelsen sker mere end 72 timer"));
	assert_non_null(strstr(draft, "- begrundelse for forsinkelsen\n"));
	free(draft);
	json_decref(inc);
	json_decref(rep);
}

static json_t *report_with_stores(void)
{
	const char *text =
		"{\"schema\": \"vcaudit.report/1\", \"facts\": ["
		"{\"product\": \"zoom\", \"scope\": \"user:u1\", \"key\": \"artifacts.recordings\","
		" \"value\": [{\"product\": \"zoom\", \"path\": \"/home/u1/Zoom/a\", \"files\": 3,"
		"  \"bytes\": 100, \"encrypted\": true},"
		" {\"product\": \"zoom\", \"path\": \"/home/u1/Zoom/b\", \"files\": 2,"
		"  \"bytes\": 50, \"encrypted\": true}]},"
		"{\"product\": \"zoom\", \"scope\": \"user:u1\", \"key\": \"recording.local.path\","
		" \"value\": \"/home/u1/Zoom\"},"
		"{\"product\": \"zoom\", \"scope\": \"user:u1\","
		" \"key\": \"recording.local.path.encrypted\", \"value\": true},"
		"{\"product\": \"goto\", \"scope\": \"user:u2\", \"key\": \"artifacts.recordings\","
		" \"value\": [{\"product\": \"goto\", \"path\": \"/home/u2/x.g2m\", \"files\": 1,"
		"  \"bytes\": 10, \"encrypted\": false}]},"
		"{\"product\": \"bigbluebutton\", \"scope\": \"host\", \"key\": \"recording.server.path\","
		" \"value\": \"/var/bigbluebutton\"},"
		"{\"product\": \"bigbluebutton\", \"scope\": \"host\", \"key\": \"artifacts.recordings\","
		" \"value\": [{\"product\": \"bigbluebutton\", \"path\": \"/var/bigbluebutton/r1\","
		"  \"files\": 4, \"bytes\": 40}]}"
		"]}";
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (!j)
		fail_msg("report: %d: %s", e.line, e.text);
	return j;
}

static enum vc_art34 assess(struct vc_breach_assessment *a, json_t *rep, const char *inc_text)
{
	json_t *inc = incident(inc_text);

	vc_breach_assess(a, rep, inc);
	json_decref(inc);
	return a->result;
}

#define AW "\"aware_at\": \"2026-10-23T12:00:00Z\", "

static void test_art34(void **state)
{
	json_t *rep = report_with_stores();
	struct vc_breach_assessment a;

	/* all encrypted, keys safe: the exemption may apply */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": \"zoom\"}], "
				"\"keys_compromised\": false}"), VC_ART34_EXEMPT_MAY_APPLY);
	assert_int_equal(a.s.recordings, 2);
	assert_int_equal(a.s.stores, 3);
	assert_int_equal(a.s.encrypted, 3);
	assert_int_equal(a.s.files, 5);
	/* ... one folder by path */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": \"zoom\", "
				"\"scope\": \"user:u1\", \"path\": \"/home/u1/Zoom/b\"}], "
				"\"keys_compromised\": false}"), VC_ART34_EXEMPT_MAY_APPLY);
	assert_int_equal(a.s.recordings, 1);
	/* keys compromised or not stated: no exemption */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": \"zoom\"}], "
				"\"keys_compromised\": true}"), VC_ART34_IF_HIGH_RISK);
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": \"zoom\"}]}"),
			 VC_ART34_IF_HIGH_RISK);
	/* not encrypted */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": \"goto\"}], "
				"\"keys_compromised\": false, \"high_risk\": true}"),
			 VC_ART34_REQUIRED);
	assert_int_equal(a.s.unencrypted, 1);
	/* unknown encryption is never encrypted */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": "
				"\"bigbluebutton\"}], \"keys_compromised\": false}"),
			 VC_ART34_IF_HIGH_RISK);
	assert_int_equal(a.s.unknown, 2);
	assert_int_equal(a.s.encrypted, 0);
	/* a store the report does not have */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": \"teams\"}], "
				"\"keys_compromised\": false, \"high_risk\": false}"),
			 VC_ART34_NO_HIGH_RISK);
	assert_int_equal(a.s.unmatched, 1);
	assert_int_equal(a.s.unknown, 1);
	/* zoom wrong scope matches nothing */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": [{\"product\": \"zoom\", "
				"\"scope\": \"user:u9\"}], \"keys_compromised\": false}"),
			 VC_ART34_IF_HIGH_RISK);
	/* all recordings: mixed */
	assert_int_equal(assess(&a, rep, "{" AW "\"affected\": \"all\", "
				"\"keys_compromised\": false}"), VC_ART34_IF_HIGH_RISK);
	assert_int_equal(a.s.recordings, 4);
	assert_int_equal(a.s.unencrypted, 1);
	/* nothing named */
	assert_int_equal(assess(&a, rep, "{" AW "\"keys_compromised\": false}"),
			 VC_ART34_IF_HIGH_RISK);
	assert_string_equal(vc_art34_name(VC_ART34_EXEMPT_MAY_APPLY), "34(3)(a)-may-apply");
	json_decref(rep);
}

static void test_register_append(void **state)
{
	char path[] = "/tmp/vc-breach-reg-XXXXXX";
	json_t *inc = incident("{" AW "\"description\": \"lost laptop\", "
			       "\"affected\": \"all\"}");
	json_t *rep = report_with_stores();
	struct vc_breach_in in = { rep, inc, NULL, "en", 1792800000 };
	struct vc_breach_assessment a;
	char *draft = NULL, *line, *text, *nl;
	json_t *j;
	json_error_t e;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "{\"old\": 1}", 10), 10);   /* no final newline */
	close(fd);
	assert_int_equal(vc_breach_draft(&draft, &a, &in), 0);
	line = vc_breach_register_line(&in, &a, draft, strlen(draft));
	assert_non_null(line);
	assert_null(strchr(line, '\n'));
	assert_int_equal(vc_breach_register_append(path, line), 0);
	assert_int_equal(vc_breach_register_append(path, line), 0);
	text = vc_test_slurp(path, NULL);
	assert_true(!strncmp(text, "{\"old\": 1}\n", 11));
	nl = text + 11;
	j = json_loadb(nl, strchr(nl, '\n') - nl, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "deadline_utc")),
			    "2026-10-26T12:00:00Z");
	assert_string_equal(json_string_value(json_object_get(j, "aware_at")),
			    "2026-10-23T12:00:00Z");
	assert_string_equal(json_string_value(json_object_get(j, "summary")), "lost laptop");
	assert_string_equal(json_string_value(json_object_get(j, "art34_assessment")),
			    "required-if-high-risk");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "affected"),
							    "recordings")), 4);
	assert_int_equal(strlen(json_string_value(json_object_get(j, "draft_sha256"))), 64);
	json_decref(j);
	/* two new lines, identical, each ending in a newline */
	nl = strchr(nl, '\n') + 1;
	assert_true(!strncmp(nl, line, strlen(line)));
	assert_string_equal(nl + strlen(line), "\n");
	free(text);
	free(line);
	free(draft);
	unlink(path);
	json_decref(inc);
	json_decref(rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_deadline_dst),
		cmocka_unit_test(test_incident_errors),
		cmocka_unit_test(test_missing_items),
		cmocka_unit_test(test_art34),
		cmocka_unit_test(test_register_append),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
