#ifndef VC_REPORT_FIXTURE_H
#define VC_REPORT_FIXTURE_H
/*
 * The synthetic audit shared by the reporter tests (test_report.c,
 * test_report_formats.c): eight rules, findings with every status, waivers
 * (one expired), evidence with and without a source, diagnostics (one with a
 * terminal escape in its file name); plus the helpers that render a reporter
 * into memory and compare with tests/golden/report/<name> (VC_UPDATE_GOLDEN=1
 * regenerates; on a mismatch <name>.actual is written beside the test binary,
 * whose directory main() stores in bin_dir).
 *
 * Include after testutil.h. Every helper here is used by each includer.
 */
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

#endif
