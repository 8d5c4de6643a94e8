/*
 * Reporters (auditor/report/): the JSON report of DESIGN §3.7, the text
 * report in English and Danish, and the reporter table.
 *
 * Golden files: a synthetic audit (rules, facts, findings with every
 * status, waivers, diagnostics) built in report_fixture.h is rendered and compared byte
 * for byte with tests/golden/report/{report.json,report.en.txt,report.da.txt}.
 * On a mismatch the actual output is written next to the test binary as
 * <name>.actual (build/tests/report.json.actual, ...) so that
 *     diff -u tests/golden/report/report.json build/tests/report.json.actual
 * shows what changed. After a deliberate change, regenerate the golden files:
 *     VC_UPDATE_GOLDEN=1 ./build/tests/test_report
 * and review the diff before committing them.
 */
#include "testutil.h"
#include "report_fixture.h"
#include "report/words.h"

/* ---- golden files ---- */

static void test_golden_json(void **state)
{
	struct fx x;
	size_t len;
	char *out;

	(void)state;
	fx_build(&x, "en");
	out = render("json", &x.a, 0, NULL, &len);
	check_golden("report.json", out, len);
	free(out);
	fx_free(&x);
}

static void test_golden_text_en(void **state)
{
	struct fx x;
	size_t len;
	char *out;

	(void)state;
	fx_build(&x, "en");
	out = render("text", &x.a, 0, NULL, &len);
	check_golden("report.en.txt", out, len);
	free(out);
	fx_free(&x);
}

static void test_golden_text_da(void **state)
{
	struct fx x;
	size_t len;
	char *out;

	(void)state;
	fx_build(&x, "en");
	/* The language of the options wins over the audit's. */
	out = render("text", &x.a, 0, "da", &len);
	check_golden("report.da.txt", out, len);
	free(out);
	fx_free(&x);
}

/* ---- JSON report contract (DESIGN §3.7) ---- */

static void assert_key_type(json_t *o, const char *key, json_type type)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		fail_msg("missing key \"%s\"", key);
	if (json_typeof(v) != type)
		fail_msg("key \"%s\" has JSON type %d, want %d", key, (int)json_typeof(v), (int)type);
}

static void test_json_contract(void **state)
{
	static const char *const top[] = {
		"schema", "tool", "generated_at", "lang", "target", "profile", "pseudonyms",
		"products", "facts", "findings", "summary", "diagnostics"
	};
	struct fx x;
	json_error_t err;
	json_t *root, *findings, *f, *ev, *sum, *w;
	const char *key;
	json_t *val;
	size_t i, len, k = 0;
	char *out;

	(void)state;
	fx_build(&x, "en");
	out = render("json", &x.a, 0, NULL, &len);
	assert_true(len > 2 && out[len - 1] == '\n' && out[len - 2] == '}');
	root = json_loadb(out, len, 0, &err);
	if (!root)
		fail_msg("report is not JSON: %s at line %d", err.text, err.line);

	/* Keys in the documented order. */
	json_object_foreach(root, key, val) {
		assert_true(k < sizeof(top) / sizeof(top[0]));
		assert_string_equal(key, top[k]);
		k++;
	}
	assert_int_equal(k, sizeof(top) / sizeof(top[0]));

	assert_string_equal(json_string_value(json_object_get(root, "schema")),
			    "vcaudit.report/1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "tool"),
								"name")), "vcaudit");
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "tool"),
								"rules_version")),
			    "8 rules, 0123abcd4567");
	assert_string_equal(json_string_value(json_object_get(root, "generated_at")),
			    "2024-05-01T10:00:00Z");
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "target"),
								"kind")), "host");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		json_object_get(root, "profile"), "params"), "max_days")), 30);
	assert_true(json_is_false(json_object_get(json_object_get(root, "pseudonyms"),
						  "stable")));
	assert_int_equal(json_array_size(json_object_get(root, "products")), 1);
	assert_int_equal(json_array_size(json_object_get(root, "facts")), 4);

	findings = json_object_get(root, "findings");
	assert_int_equal(json_array_size(findings), x.findings.n);
	json_array_foreach(findings, i, f) {
		assert_key_type(f, "rule", JSON_STRING);
		assert_key_type(f, "title", JSON_STRING);
		assert_key_type(f, "status", JSON_STRING);
		assert_key_type(f, "real_status", JSON_STRING);
		assert_key_type(f, "severity", JSON_STRING);
		assert_key_type(f, "category", JSON_STRING);
		assert_key_type(f, "product", JSON_STRING);
		assert_key_type(f, "scope", JSON_STRING);
		assert_key_type(f, "gdpr", JSON_ARRAY);
		assert_key_type(f, "message", JSON_STRING);
		assert_key_type(f, "evidence", JSON_ARRAY);
		assert_key_type(f, "remediation", JSON_STRING);
		assert_string_equal(json_string_value(json_object_get(f, "rule")),
				    x.findings.v[i].rule->id);
		assert_string_equal(json_string_value(json_object_get(f, "status")),
				    vc_status_name(x.findings.v[i].status));
		json_array_foreach(json_object_get(f, "evidence"), k, ev) {
			assert_non_null(json_object_get(ev, "source"));
			assert_key_type(ev, "line", JSON_INTEGER);
			assert_key_type(ev, "fact", JSON_STRING);
			assert_non_null(json_object_get(ev, "value"));
		}
		w = json_object_get(f, "waiver");
		assert_int_equal(w != NULL, x.findings.v[i].waiver != NULL);
		if (!w)
			continue;
		assert_key_type(w, "justification", JSON_STRING);
		assert_key_type(w, "approver", JSON_STRING);
		assert_key_type(w, "expires", JSON_STRING);
		assert_true(json_is_boolean(json_object_get(w, "expired")));
	}

	/* The waived finding keeps its real status underneath. */
	f = json_array_get(findings, 4);
	assert_string_equal(json_string_value(json_object_get(f, "rule")),
			    "zoom.retention.max-days");
	assert_string_equal(json_string_value(json_object_get(f, "status")), "waived");
	assert_string_equal(json_string_value(json_object_get(f, "real_status")), "fail");
	w = json_object_get(f, "waiver");
	assert_string_equal(json_string_value(json_object_get(w, "approver")),
			    "Mette Sørensen (DPO)");
	assert_true(json_is_false(json_object_get(w, "expired")));
	assert_true(json_is_true(json_object_get(json_object_get(json_array_get(findings, 6),
								 "waiver"), "expired")));
	/* Evidence carries where it came from. */
	ev = json_array_get(json_object_get(json_array_get(findings, 2), "evidence"), 0);
	assert_string_equal(json_string_value(json_object_get(ev, "source")), ZOOM_INI);
	assert_int_equal(json_integer_value(json_object_get(ev, "line")), 12);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(
		json_array_get(findings, 0), "evidence"), 0), "value")));

	sum = json_object_get(root, "summary");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "counts"),
							    "notapplicable")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "counts"),
							    "waived")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "severity"),
							    "high")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(sum, "severity"),
							    "critical")), 0);
	/* Scores rounded to one decimal, and printed that way. */
	assert_true(json_real_value(json_object_get(sum, "score_before_waivers")) == 28.6);
	assert_true(json_real_value(json_object_get(sum, "score_after_waivers")) == 42.9);
	assert_non_null(strstr(out, "\"score_before_waivers\": 28.6,"));

	assert_int_equal(json_array_size(json_object_get(root, "diagnostics")), 3);
	val = json_array_get(json_object_get(root, "diagnostics"), 0);
	assert_string_equal(json_string_value(json_object_get(val, "source")), JITSI_CFG);
	assert_int_equal(json_integer_value(json_object_get(val, "line")), 41);
	assert_int_equal(json_integer_value(json_object_get(val, "col")), 7);
	assert_string_equal(json_string_value(json_object_get(val, "message")),
			    "unexpected token '}'");

	json_decref(root);
	free(out);
	fx_free(&x);
}

static void test_json_danish_utf8(void **state)
{
	struct fx x;
	json_t *root;
	char *out;
	size_t len;

	(void)state;
	fx_build(&x, "da");
	out = render("json", &x.a, 0, NULL, &len);
	/* UTF-8 kept as is, not \u escapes: the authority reads this file. */
	assert_non_null(strstr(out, "\"title\": \"Lokale optagelser gemmes ikke i en "
				    "skysynkroniseret mappe\""));
	assert_non_null(strstr(out, "overvåger."));
	assert_null(strstr(out, "\\u00e5"));
	root = json_loadb(out, len, 0, NULL);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "lang")), "da");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(root, "findings"), 5), "title")),
		"Anonyme brugere kan ikke deltage i møder");
	json_decref(root);
	free(out);
	fx_free(&x);
}

static void test_json_empty_audit(void **state)
{
	struct vc_audit a = { 0 };
	json_t *root;

	(void)state;
	a.summary.score_before_waivers = 100.0;
	a.summary.score_after_waivers = 100.0;
	root = vc_report_json(&a);
	assert_non_null(root);
	assert_true(json_is_array(json_object_get(root, "products")));
	assert_int_equal(json_array_size(json_object_get(root, "products")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "facts")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "findings")), 0);
	assert_int_equal(json_array_size(json_object_get(root, "diagnostics")), 0);
	assert_true(json_is_object(json_object_get(json_object_get(root, "profile"), "params")));
	assert_true(json_is_null(json_object_get(json_object_get(root, "target"), "root")));
	assert_true(json_real_value(json_object_get(json_object_get(root, "summary"),
						    "score_after_waivers")) == 100.0);
	json_decref(root);
}

static void test_json_invalid_utf8(void **state)
{
	struct fx x;
	json_t *root, *ev;

	(void)state;
	fx_build(&x, "en");
	/* A Latin-1 file name found on disk: the report must still be written. */
	free(x.findings.v[2].ev[0].source);
	x.findings.v[2].ev[0].source = xstrdup("home/u-7f3a9c/M\xf8" "der/zoom.us.ini");
	root = vc_report_json(&x.a);
	assert_non_null(root);
	ev = json_array_get(json_object_get(json_array_get(json_object_get(root, "findings"), 2),
					    "evidence"), 0);
	assert_string_equal(json_string_value(json_object_get(ev, "source")),
			    "home/u-7f3a9c/M\xEF\xBF\xBD" "der/zoom.us.ini");
	json_decref(root);
	fx_free(&x);
}

static void test_write_errors(void **state)
{
	struct fx x;
	FILE *f;
	size_t i;

	(void)state;
	fx_build(&x, "en");
	for (i = 0; vc_reporters[i]; i++) {
		/* A full disk: the report must not be reported as written. */
		f = fopen("/dev/full", "w");
		assert_non_null(f);
		assert_int_equal(vc_reporters[i]->write(f, &x.a, NULL), VC_EIO);
		fclose(f);
		/* A stream that cannot be written at all. */
		f = fopen("/dev/null", "r");
		assert_non_null(f);
		assert_int_equal(vc_reporters[i]->write(f, &x.a, NULL), VC_EIO);
		fclose(f);
	}
	fx_free(&x);
}

/* ---- text report ---- */

static void test_text_colour(void **state)
{
	struct fx x;
	char *plain, *col;

	(void)state;
	fx_build(&x, "en");
	plain = render("text", &x.a, 0, NULL, NULL);
	/* No escape at all, not even the one in a scanned file name. */
	assert_null(strchr(plain, '\033'));
	assert_null(strchr(plain, '\007'));
	assert_non_null(strstr(plain, "home/u-7f3a9c/.zoom/?]0;pwned?notes.ini:3: "
				      "binary file skipped"));

	col = render("text", &x.a, 1, NULL, NULL);
	assert_non_null(strstr(col, "\033[31m[FAIL]\033[0m"));
	assert_non_null(strstr(col, "\033[31m[ERROR]\033[0m"));
	assert_non_null(strstr(col, "\033[33m[MANUAL]\033[0m"));
	assert_non_null(strstr(col, "\033[36m[WAIVED]\033[0m"));
	assert_non_null(strstr(col, "\033[32m[PASS]\033[0m"));
	assert_non_null(strstr(col, "\033[1mvcaudit report\033[0m"));
	/* Colour is the only difference: the scanned escape stays neutralised. */
	assert_null(strstr(col, "\033]0;pwned"));
	free(plain);
	free(col);
	fx_free(&x);
}

static void test_text_content_en(void **state)
{
	struct fx x;
	char *t;
	size_t zoom, teams, jitsi, host;

	(void)state;
	fx_build(&x, "en");
	t = render("text", &x.a, 0, NULL, NULL);

	assert_non_null(strstr(t, "Target:    host ws-042 (--root fixtures/hosts/ws-042)\n"));
	assert_non_null(strstr(t, "Generated: 2024-05-01T10:00:00Z\n"));
	assert_non_null(strstr(t, "Version:   vcaudit 0.0.0-test\nRules:     8 rules, 0123abcd4567\n"));
	assert_non_null(strstr(t, "Score:     28.6 before waivers, 42.9 after waivers\n"));
	assert_non_null(strstr(t, "Results:   failed 2, error 1, manual 1, waived 1, passed 2, "
				  "not applicable 1\n"));
	assert_non_null(strstr(t, "pseudonyms change between runs"));

	/* Products in vc_products order, not in the order found. */
	zoom = pos_of(t, "\nZoom (zoom)\n");
	teams = pos_of(t, "\nMicrosoft Teams (teams)\n");
	jitsi = pos_of(t, "\nJitsi Meet (jitsi)\n");
	host = pos_of(t, "\nHost system (host)\n");
	assert_true(zoom < teams && teams < jitsi && jitsi < host);

	/* Within Zoom: failures, then manual, then waived, then passes. */
	assert_true(pos_of(t, "[FAIL] high  zoom.local-recording.cloud-sync\n") > zoom);
	assert_true(pos_of(t, "[FAIL] high  zoom.local-recording.cloud-sync\n") <
		    pos_of(t, "[MANUAL] medium  zoom.recording.consent\n"));
	assert_true(pos_of(t, "[MANUAL] medium  zoom.recording.consent\n") <
		    pos_of(t, "[WAIVED] medium  zoom.retention.max-days\n"));
	assert_true(pos_of(t, "[WAIVED] medium  zoom.retention.max-days\n") <
		    pos_of(t, "[PASS] zoom.software.auto-update  Clients update themselves (host)"));
	assert_true(pos_of(t, "[PASS] zoom.software.auto-update") < teams);
	assert_true(pos_of(t, "\n[N/A] teams.access.anonymous-join  Anonymous users cannot join meetings "
				   "(policy:Global)\n") > teams);

	/* A finding shows its evidence with location and its remediation. */
	assert_non_null(strstr(t, "    " ZOOM_INI ":12  recording.local.path = "
				  "\"/home/u-7f3a9c/Dropbox/Zoom\"\n"));
	assert_non_null(strstr(t, "  Remediation:   Point the Zoom recording folder"));
	assert_non_null(strstr(t, "  GDPR:          Art. 5(1)(f), Art. 32(1), Art. 44\n"));
	assert_non_null(strstr(t, "    " JITSI_CFG "  secrets.api_secret_set = (absent)\n"));
	/* The waiver: who, until when, why; no remediation for a waived finding. */
	assert_non_null(strstr(t, "  Waiver:        approved by Mette Sørensen (DPO), "
				  "valid until 2099-12-31\n"));
	assert_non_null(strstr(t, "  Actual result: failed\n"));
	assert_non_null(strstr(t, "  Justification: Board recordings are kept"));
	assert_int_equal(count_of(t, "Turn on automatic deletion"), 0);
	/* An expired waiver is shown as such on the failing finding. */
	assert_non_null(strstr(t, "approved by Jens Hansen, valid until 2024-01-31 (expired)\n"));
	/* Passes show no remediation either. */
	assert_int_equal(count_of(t, "Turn on automatic updates."), 0);

	/* Diagnostics at the end, as path:line:col: message. */
	assert_true(pos_of(t, "\nDiagnostics (3)\n") > host);
	assert_non_null(strstr(t, "\n" JITSI_CFG ":41:7: unexpected token '}'\n"));
	assert_non_null(strstr(t, "\nteams: no teams export given (--input)\n"));
	free(t);
	fx_free(&x);
}

static void test_text_long_value_cut(void **state)
{
	const char *key = "artifacts.recordings = ";
	struct fx x;
	char *t, *line, *end;
	size_t chars = 0;

	(void)state;
	fx_build(&x, "en");
	t = render("text", &x.a, 0, NULL, NULL);
	line = strstr(t, key);
	assert_non_null(line);
	line += strlen(key);
	end = strchr(line, '\n');
	assert_non_null(end);
	assert_true(end - line > 3 && !memcmp(end - 3, "\xE2\x80\xA6", 3));
	for (; line < end; line++)
		chars += ((unsigned char)*line & 0xC0) != 0x80;
	assert_int_equal(chars, 120);
	free(t);
	fx_free(&x);
}

static void test_text_danish(void **state)
{
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "da");
	t = render("text", &x.a, 0, NULL, NULL);
	assert_non_null(strstr(t, "[IKKE BESTÅET] høj  zoom.local-recording.cloud-sync\n"));
	assert_non_null(strstr(t, "Resultat:    ikke bestået 2, fejl 1, manuel kontrol 1, "
				  "dispenseret 1, bestået 2, ikke relevant 1\n"));
	assert_non_null(strstr(t, "Score:       28,6 før dispensationer, "
				  "42,9 efter dispensationer\n"));
	assert_non_null(strstr(t, "  Lokale optagelser gemmes ikke i en skysynkroniseret mappe\n"));
	assert_non_null(strstr(t, "  Afhjælpning:      Peg Zoom-optagemappen"));
	assert_non_null(strstr(t, "  Dokumentation:\n"));
	assert_non_null(strstr(t, "  Dispensation:     godkendt af Mette Sørensen (DPO), "
				  "gyldig til 2099-12-31\n"));
	assert_non_null(strstr(t, "\nDiagnostik (3)\n"));
	assert_non_null(strstr(t, "Bemærk: pseudonymerne skifter"));
	assert_null(strstr(t, "Remediation"));
	assert_null(strstr(t, "[FAIL]"));
	free(t);
	fx_free(&x);
}

static void test_text_stable_pseudonyms(void **state)
{
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "en");
	x.a.pseudonyms_stable = 1;
	t = render("text", &x.a, 0, NULL, NULL);
	assert_null(strstr(t, "pseudonyms change"));
	free(t);
	fx_free(&x);
}

static void test_text_many_passes(void **state)
{
	struct fx x;
	char *t;
	int i;

	(void)state;
	memset(&x, 0, sizeof(x));
	for (i = 0; i < 12; i++)
		add_finding(&x, R_UPDATE, "zoom", "host", VC_ST_PASS, VC_ST_PASS, "ok");
	add_finding(&x, R_ANON, "zoom", "host", VC_ST_NA, VC_ST_NA, "n/a");
	add_finding(&x, R_SYNC, "zoom", "host", VC_ST_FAIL, VC_ST_FAIL, "bad");
	x.a.findings = &x.findings;
	x.a.pseudonyms_stable = 1;
	t = render("text", &x.a, 0, "en", NULL);
	/* Thirteen passing lines would bury the failure: one count line instead. */
	assert_non_null(strstr(t, "\npassed 12, not applicable 1 (not listed)\n"));
	assert_int_equal(count_of(t, "[PASS]"), 0);
	assert_int_equal(count_of(t, "[FAIL] high  zoom.local-recording.cloud-sync"), 1);
	free(t);
	vc_findings_free(&x.findings);
}

static void test_text_empty_audit(void **state)
{
	struct vc_audit a = { 0 };
	char *t;

	(void)state;
	a.pseudonyms_stable = 1;
	t = render("text", &a, 0, NULL, NULL);
	assert_non_null(strstr(t, "\nNo findings.\n"));
	assert_null(strstr(t, "Diagnostics"));
	free(t);
}

/* ---- the reporter table ---- */

static void test_registry(void **state)
{
	size_t i, j, n = 0;

	(void)state;
	for (i = 0; vc_reporters[i]; i++) {
		const struct vc_reporter_entry *e = vc_reporters[i];

		assert_non_null(e->name);
		assert_true(*e->name);
		assert_non_null(e->description);
		assert_true(*e->description);
		assert_non_null(e->write);
		for (j = 0; j < i; j++)
			if (!strcmp(vc_reporters[j]->name, e->name))
				fail_msg("reporter name \"%s\" is registered twice", e->name);
		assert_ptr_equal(vc_reporter_find(e->name), e);
		n++;
	}
	assert_true(n >= 2);
	assert_non_null(vc_reporter_find("text"));
	assert_non_null(vc_reporter_find("json"));
	assert_ptr_equal(vc_reporter_find("json")->write, vc_report_json_write);
	assert_null(vc_reporter_find("yaml"));
	assert_null(vc_reporter_find(""));
	assert_null(vc_reporter_find("JSON"));
	assert_null(vc_reporter_find(NULL));
}

/* What a Danish reader sees of a rule's GDPR references and a finding's detail. */
static void test_danish_references_and_messages(void **state)
{
	const struct vc_report_words *da = vc_report_words("da"), *en = vc_report_words("en");
	char ref[128], *m;

	(void)state;
	assert_string_equal(vc_report_gdpr_ref(da, "Art. 5(1)(f)", ref, sizeof(ref)),
			    "art. 5, stk. 1, litra f");
	assert_string_equal(vc_report_gdpr_ref(da, "Art. 32(1)", ref, sizeof(ref)),
			    "art. 32, stk. 1");
	assert_string_equal(vc_report_gdpr_ref(da, "Art. 44", ref, sizeof(ref)), "art. 44");
	assert_string_equal(vc_report_gdpr_ref(da, "Art. 6(1) and (4)", ref, sizeof(ref)),
			    "art. 6, stk. 1 and (4)");
	/* Not an article reference, or English: unchanged. */
	assert_string_equal(vc_report_gdpr_ref(da, "Recital 39", ref, sizeof(ref)), "Recital 39");
	assert_string_equal(vc_report_gdpr_ref(en, "Art. 5(1)(f)", ref, sizeof(ref)),
			    "Art. 5(1)(f)");
	assert_string_equal(vc_report_gdpr_ref(da, NULL, ref, sizeof(ref)), "?");
	/* Too small a buffer: the reference as written, cut, not a half translation. */
	assert_string_equal(vc_report_gdpr_ref(da, "Art. 5(1)(f)", ref, 8), "Art. 5(");

	m = vc_report_message(da, "not determined from the evidence; missing: org.present");
	assert_string_equal(m, "kan ikke afgøres ud fra det indsamlede; mangler: org.present");
	free(m);
	m = vc_report_message(da, "2 items in violation; /home/u/Dropbox/Zoom/a found b");
	assert_string_equal(m, "2 forekomster i strid med reglen; /home/u/Dropbox/Zoom/a found b");
	free(m);
	m = vc_report_message(da, "1 item found; /x");
	assert_string_equal(m, "1 forekomst fundet; /x");
	free(m);
	/* Fact values are not words, and a phrase inside a value is left alone. */
	m = vc_report_message(da, "recording.consent = \"passed\"");
	assert_string_equal(m, "recording.consent = \"passed\"");
	free(m);
	m = vc_report_message(da, "failed");
	assert_string_equal(m, "ikke bestået");
	free(m);
	m = vc_report_message(en, "not applicable here");
	assert_string_equal(m, "not applicable here");
	free(m);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_json),
		cmocka_unit_test(test_golden_text_en),
		cmocka_unit_test(test_golden_text_da),
		cmocka_unit_test(test_json_contract),
		cmocka_unit_test(test_json_danish_utf8),
		cmocka_unit_test(test_json_empty_audit),
		cmocka_unit_test(test_json_invalid_utf8),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_text_colour),
		cmocka_unit_test(test_text_content_en),
		cmocka_unit_test(test_text_long_value_cut),
		cmocka_unit_test(test_text_danish),
		cmocka_unit_test(test_text_stable_pseudonyms),
		cmocka_unit_test(test_text_many_passes),
		cmocka_unit_test(test_text_empty_audit),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_danish_references_and_messages),
	};
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	/* <name>.actual files go beside the binary (build/tests or build-asan/tests). */
	if (slash && (size_t)(slash - argv[0]) < sizeof(bin_dir))
		snprintf(bin_dir, sizeof(bin_dir), "%.*s", (int)(slash - argv[0]), argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
