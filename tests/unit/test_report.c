/*
 * Reporters (auditor/report/): the JSON report of DESIGN §3.7, the text
 * report in English and Danish, and the reporter table.
 *
 * Golden files: a synthetic audit (rules, facts, findings with every
 * status, waivers, diagnostics) built below is rendered and compared byte
 * for byte with tests/golden/report/{report.json,report.en.txt,report.da.txt}.
 * On a mismatch the actual output is written next to the test binary as
 * <name>.actual (build/tests/report.json.actual, ...) so that
 *     diff -u tests/golden/report/report.json build/tests/report.json.actual
 * shows what changed. After a deliberate change, regenerate the golden files:
 *     VC_UPDATE_GOLDEN=1 ./build/tests/test_report
 * and review the diff before committing them.
 */
#include "testutil.h"

#include <jansson.h>

#include "report/report.h"
#include "engine/rule.h"

#define GOLDEN_DIR "tests/golden/report"

static char bin_dir[512] = "build/tests";

/* ---- the synthetic audit ---- */

enum { R_SYNC, R_RETENTION, R_CONSENT, R_UPDATE, R_JWT, R_ANON, R_DISK, R_OLDREC, R__COUNT };

static char *gdpr_sync[] = { "Art. 5(1)(f)", "Art. 32(1)", "Art. 44" };
static char *gdpr_retention[] = { "Art. 5(1)(e)" };
static char *gdpr_consent[] = { "Art. 6(1)", "Art. 13" };
static char *gdpr_secret[] = { "Art. 32(1)" };
static char *gdpr_access[] = { "Art. 25(2)", "Art. 32(1)" };

/* Rules as rule files would give them; the strings are never freed. */
static struct vc_rule rules[R__COUNT] = {
	[R_SYNC] = {
		.id = "zoom.local-recording.cloud-sync",
		.title = { "Local recordings are not saved to a cloud-synchronised folder",
			   "Lokale optagelser gemmes ikke i en skysynkroniseret mappe" },
		.remediation = { "Point the Zoom recording folder to a local folder that no "
				 "cloud-sync client watches.",
				 "Peg Zoom-optagemappen på en lokal mappe, som ingen "
				 "skysynkroniseringsklient overvåger." },
		.category = "local-recording", .severity = VC_SEV_HIGH,
		.gdpr = gdpr_sync, .ngdpr = 3,
	},
	[R_RETENTION] = {
		.id = "zoom.retention.max-days",
		.title = { "Cloud recordings are deleted within 30 days",
			   "Skyoptagelser slettes inden for 30 dage" },
		.remediation = { "Turn on automatic deletion of cloud recordings after 30 days.",
				 "Slå automatisk sletning af skyoptagelser efter 30 dage til." },
		.category = "retention", .severity = VC_SEV_MEDIUM,
		.gdpr = gdpr_retention, .ngdpr = 1,
	},
	[R_CONSENT] = {
		.id = "zoom.recording.consent",
		.title = { "Participants are asked for consent before a recording starts",
			   "Deltagerne bliver bedt om samtykke, før en optagelse starter" },
		.remediation = { "Require explicit consent to recording in the account settings.",
				 "Kræv udtrykkeligt samtykke til optagelse i kontoindstillingerne." },
		.category = "consent", .severity = VC_SEV_MEDIUM,
		.gdpr = gdpr_consent, .ngdpr = 2,
	},
	[R_UPDATE] = {
		.id = "zoom.software.auto-update",
		.title = { "Clients update themselves", "Klienterne opdaterer sig selv" },
		.remediation = { "Turn on automatic updates.", "Slå automatiske opdateringer til." },
		.category = "software", .severity = VC_SEV_LOW,
	},
	[R_JWT] = {
		.id = "jitsi.secrets.jwt-secret",
		.title = { "The JWT app secret is set", "JWT-app-hemmeligheden er sat" },
		.remediation = { "Set a long random app_secret in the Prosody configuration.",
				 "Sæt en lang tilfældig app_secret i Prosody-konfigurationen." },
		.category = "secrets", .severity = VC_SEV_CRITICAL,
		.gdpr = gdpr_secret, .ngdpr = 1,
	},
	[R_ANON] = {
		.id = "teams.access.anonymous-join",
		.title = { "Anonymous users cannot join meetings",
			   "Anonyme brugere kan ikke deltage i møder" },
		.remediation = { "Turn off anonymous join.", "Slå anonym deltagelse fra." },
		.category = "access", .severity = VC_SEV_HIGH,
		.gdpr = gdpr_access, .ngdpr = 2,
	},
	[R_DISK] = {
		.id = "host.encryption.recording-disk",
		.title = { "Disks that hold recordings are encrypted",
			   "Diske med optagelser er krypteret" },
		.remediation = { "Encrypt the disk (BitLocker, FileVault or LUKS).",
				 "Kryptér disken (BitLocker, FileVault eller LUKS)." },
		.category = "encryption", .severity = VC_SEV_HIGH,
		.gdpr = gdpr_secret, .ngdpr = 1,
	},
	[R_OLDREC] = {
		.id = "host.artifacts.old-recordings",
		.title = { "No recordings older than 30 days lie on disk",
			   "Der ligger ingen optagelser ældre end 30 dage på disken" },
		.remediation = { "Delete old recordings.", "Slet gamle optagelser." },
		.category = "artifacts", .severity = VC_SEV_LOW,
	},
};

struct fx {
	struct vc_factset facts;
	struct vc_findings findings;
	struct vc_diags diags;
	json_t *params, *products;
	struct vc_audit a;
};

static char *xstrdup(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s)
		assert_non_null(d);
	return d;
}

static struct vc_finding *add_finding(struct fx *x, int rule, const char *product,
				      const char *scope, enum vc_status st, enum vc_status real,
				      const char *msg)
{
	struct vc_findings *fs = &x->findings;
	struct vc_finding *f;

	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 8;
		fs->v = realloc(fs->v, fs->cap * sizeof(*fs->v));
		assert_non_null(fs->v);
	}
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	f->rule = &rules[rule];
	f->product = xstrdup(product);
	f->scope = xstrdup(scope);
	f->status = st;
	f->real_status = real;
	f->severity = rules[rule].severity;
	f->message = xstrdup(msg);
	return f;
}

static void add_ev(struct vc_finding *f, const char *source, int line, const char *fact,
		   json_t *value)
{
	f->ev = realloc(f->ev, (f->nev + 1) * sizeof(*f->ev));
	assert_non_null(f->ev);
	f->ev[f->nev].source = xstrdup(source);
	f->ev[f->nev].line = line;
	f->ev[f->nev].fact = xstrdup(fact);
	f->ev[f->nev].value = value;
	f->nev++;
}

static void set_waiver(struct vc_finding *f, const char *just, const char *approver,
		       const char *expires, int expired)
{
	f->waiver = calloc(1, sizeof(*f->waiver));
	assert_non_null(f->waiver);
	f->waiver->justification = xstrdup(just);
	f->waiver->approver = xstrdup(approver);
	f->waiver->expires = xstrdup(expires);
	f->waiver->expired = expired;
}

#define ZOOM_INI "home/u-7f3a9c/.zoom/data/zoom.us.ini"
#define ZOOM_INI_SHA256 "9f2c4e0b7d1a3c5e9f2c4e0b7d1a3c5e9f2c4e0b7d1a3c5e9f2c4e0b7d1a3c5e"
#define ZOOM_EXPORT "exports/zoom-account-settings.json"
#define JITSI_CFG "etc/jitsi/meet/meet.example.org-config.js"

static json_t *long_recordings(void)
{
	json_t *v = json_pack("[{s:s, s:s, s:i, s:i, s:b}, {s:s, s:s, s:i, s:i, s:b}]",
			      "product", "zoom",
			      "path", "home/u-7f3a9c/Documents/Zoom/2024-03-01 10.00.00 m-4d1e/"
				      "video1234567890.mp4",
			      "bytes", 734003200, "age_days", 61, "converted", 1,
			      "product", "zoom",
			      "path", "home/u-7f3a9c/Documents/Zoom/2024-03-08 10.00.00 m-9b2c/"
				      "audio_only.m4a",
			      "bytes", 12582912, "age_days", 54, "converted", 1);

	assert_non_null(v);
	return v;
}

static void fx_build(struct fx *x, const char *lang)
{
	struct vc_prov ini = { ZOOM_INI, ZOOM_INI_SHA256, 12 };
	struct vc_prov xprov = { ZOOM_EXPORT, NULL, 7 };
	struct vc_finding *f;

	memset(x, 0, sizeof(*x));

	assert_int_equal(vc_fact_add(&x->facts, "zoom", "user:u-7f3a9c", "recording.local.path",
				     json_string("/home/u-7f3a9c/Dropbox/Zoom"), &ini), 0);
	assert_int_equal(vc_fact_add(&x->facts, "zoom", "user:u-7f3a9c",
				     "recording.local.path.cloud_sync", json_string("dropbox"),
				     &ini), 0);
	assert_int_equal(vc_fact_add(&x->facts, "zoom", "account", "recording.retention_days",
				     json_integer(365), &xprov), 0);
	assert_int_equal(vc_fact_add(&x->facts, "host", "host", "artifacts.recordings",
				     long_recordings(), NULL), 0);

	/* Deliberately not in report order: the text reporter sorts. */
	f = add_finding(x, R_JWT, "jitsi", "site:meet.example.org", VC_ST_ERROR, VC_ST_ERROR,
			"secrets.api_secret_set could not be read: config file is malformed");
	add_ev(f, JITSI_CFG, 0, "secrets.api_secret_set", NULL);
	add_finding(x, R_UPDATE, "zoom", "host", VC_ST_PASS, VC_ST_PASS,
		    "update.auto is true");
	f = add_finding(x, R_SYNC, "zoom", "user:u-7f3a9c", VC_ST_FAIL, VC_ST_FAIL,
			"recording.local.path is synchronised by dropbox");
	add_ev(f, ZOOM_INI, 12, "recording.local.path", json_string("/home/u-7f3a9c/Dropbox/Zoom"));
	add_ev(f, ZOOM_INI, 12, "recording.local.path.cloud_sync", json_string("dropbox"));
	add_finding(x, R_CONSENT, "zoom", "account", VC_ST_MANUAL, VC_ST_MANUAL,
		    "recording.consent is absent: a person must attest");
	f = add_finding(x, R_RETENTION, "zoom", "account", VC_ST_WAIVED, VC_ST_FAIL,
			"recording.retention_days is 365, more than 30");
	add_ev(f, ZOOM_EXPORT, 7, "recording.retention_days", json_integer(365));
	set_waiver(f, "Board recordings are kept for one year under the minutes policy "
		   "(decision 2024-02).", "Mette Sørensen (DPO)", "2099-12-31", 0);
	add_finding(x, R_ANON, "teams", "policy:Global", VC_ST_NA, VC_ST_NA,
		    "no Teams export given");
	f = add_finding(x, R_DISK, "host", "host", VC_ST_FAIL, VC_ST_FAIL,
			"recording.local.path.encrypted is false");
	add_ev(f, NULL, 0, "recording.local.path.encrypted", json_false());
	add_ev(f, NULL, 0, "artifacts.recordings", long_recordings());
	set_waiver(f, "Disk replaced in January.", "Jens Hansen", "2024-01-31", 1);
	add_finding(x, R_OLDREC, "host", "host", VC_ST_PASS, VC_ST_PASS,
		    "no recordings older than 30 days");

	vc_diag_add(&x->diags, "jitsi", JITSI_CFG, 41, 7, "unexpected token '}'");
	/* A file name from disk with a terminal escape: must reach no terminal. */
	vc_diag_add(&x->diags, "zoom", "home/u-7f3a9c/.zoom/\033]0;pwned\007notes.ini", 3, 0,
		    "binary file skipped");
	vc_diag_add(&x->diags, "teams", NULL, 0, 0, "no teams export given (--input)");
	assert_int_equal(x->diags.n, 3);

	x->params = json_pack("{s:i}", "max_days", 30);
	x->products = json_pack("[{s:s, s:s, s:[{s:s, s:s, s:s, s:i}]}]",
				"id", "zoom", "version", "5.17.11.34827", "sources",
				"path", ZOOM_INI, "kind", "ini", "sha256", ini.sha256,
				"bytes", 2048);
	assert_non_null(x->params);
	assert_non_null(x->products);

	x->a.tool_version = "0.0.0-test";
	x->a.rules_version = "8 rules, 0123abcd4567";
	snprintf(x->a.generated_at, sizeof(x->a.generated_at), "2024-05-01T10:00:00Z");
	x->a.target_kind = "host";
	x->a.target_name = "ws-042";
	x->a.target_root = "fixtures/hosts/ws-042";
	x->a.profile_id = "baseline";
	x->a.profile_params = x->params;
	x->a.products = x->products;
	x->a.facts = &x->facts;
	x->a.findings = &x->findings;
	x->a.diags = &x->diags;
	/* As vc_summarise() would count the findings above. */
	x->a.summary.by_status[VC_ST_PASS] = 2;
	x->a.summary.by_status[VC_ST_FAIL] = 2;
	x->a.summary.by_status[VC_ST_MANUAL] = 1;
	x->a.summary.by_status[VC_ST_NA] = 1;
	x->a.summary.by_status[VC_ST_ERROR] = 1;
	x->a.summary.by_status[VC_ST_WAIVED] = 1;
	x->a.summary.by_severity[VC_SEV_HIGH] = 2;
	x->a.summary.by_severity[VC_SEV_MEDIUM] = 1;
	x->a.summary.score_before_waivers = 100.0 * 2 / 7;   /* 28.571... */
	x->a.summary.score_after_waivers = 100.0 * 3 / 7;    /* 42.857... */
	x->a.pseudonyms_stable = 0;
	x->a.lang = lang;
}

static void fx_free(struct fx *x)
{
	vc_findings_free(&x->findings);
	vc_factset_free(&x->facts);
	vc_diags_free(&x->diags);
	json_decref(x->params);
	json_decref(x->products);
}

/* ---- helpers ---- */

/* Run a reporter into memory; returns the malloc'd output. */
static char *render(const char *name, const struct vc_audit *a, int color, const char *lang,
		    size_t *len)
{
	const struct vc_reporter_entry *e = vc_reporter_find(name);
	struct vc_report_opts o = { color, lang };
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	assert_non_null(e);
	f = open_memstream(&buf, &n);
	assert_non_null(f);
	assert_int_equal(e->write(f, a, &o), 0);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = n;
	return buf;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot write %s", path);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Compare with tests/golden/report/<name>; see the comment at the top. */
static void check_golden(const char *name, const char *actual, size_t len)
{
	const char *upd = getenv("VC_UPDATE_GOLDEN");
	char path[1024], apath[1024];
	char *expected;
	size_t elen;

	snprintf(path, sizeof(path), "%s/%s", GOLDEN_DIR, name);
	if (upd && !strcmp(upd, "1")) {
		write_file(path, actual, len);
		print_message("updated %s\n", path);
		return;
	}
	expected = vc_test_slurp(path, &elen);
	if (elen != len || memcmp(expected, actual, len)) {
		snprintf(apath, sizeof(apath), "%s/%s.actual", bin_dir, name);
		write_file(apath, actual, len);
		free(expected);
		fail_msg("output differs from %s; actual output written to %s "
			 "(diff -u %s %s; VC_UPDATE_GOLDEN=1 regenerates)", path, apath, path,
			 apath);
	}
	free(expected);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Position of `needle` in `hay`; fails the test when absent. */
static size_t pos_of(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	if (!p)
		fail_msg("missing in the output: \"%s\"", needle);
	return (size_t)(p - hay);
}

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
	};
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	/* <name>.actual files go beside the binary (build/tests or build-asan/tests). */
	if (slash && (size_t)(slash - argv[0]) < sizeof(bin_dir))
		snprintf(bin_dir, sizeof(bin_dir), "%.*s", (int)(slash - argv[0]), argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
