/* vcaudit merge: host summaries, the host table, --previous and the renderers. */
#include "testutil.h"
#include <fcntl.h>
#include <unistd.h>

#include "fleet/merge.h"

/* A minimal host report; `fails` is "rule:severity,..." (the rest pass). */
static json_t *report(const char *name, const char *mid, const char *when, double score,
		      const char *fails)
{
	json_t *findings = json_array(), *target;
	char buf[512], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", fails ? fails : "");
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');

		*colon = 0;
		json_array_append_new(findings, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
							  "rule", tok, "title", "T",
							  "status", "fail", "real_status", "fail",
							  "severity", colon + 1, "product", "zoom"));
	}
	json_array_append_new(findings, json_pack("{s:s, s:s, s:s, s:s}", "rule", "zoom.ok",
						  "status", "pass", "severity", "low",
						  "product", "zoom"));
	target = json_pack("{s:s, s:s, s:s}", "kind", "host", "name", name, "root", "/");
	if (mid)
		json_object_set_new(target, "machine_id", json_string(mid));
	return json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:o, s:[{s:s, s:s}, {s:s, s:n}],"
			 " s:o, s:{s:f, s:f}, s:[]}",
			 "schema", "vcaudit.report/1", "tool", "name", "vcaudit", "version", "0.1.0",
			 "generated_at", when, "lang", "en", "target", target,
			 "products", "id", "zoom", "version", "6.4.5", "id", "teams", "version",
			 "findings", findings, "summary", "score_before_waivers", score,
			 "score_after_waivers", score, "diagnostics");
}

static void add(struct vc_fleet *f, json_t *r, const char *display)
{
	assert_int_equal(vc_fleet_add_report(f, r, display), 0);
	json_decref(r);
}

static void test_strtab(void **state)
{
	struct vc_strtab t = { 0 };
	uint32_t a, b, c;
	char name[32];
	int i;

	assert_int_equal(vc_strtab_intern(&t, "zoom.a", &a), 0);
	assert_int_equal(vc_strtab_intern(&t, "zoom.b", &b), 0);
	assert_int_equal(vc_strtab_intern(&t, "zoom.a", &c), 0);
	assert_int_equal(a, c);
	assert_int_not_equal(a, b);
	assert_int_equal(vc_strtab_find(&t, "zoom.b"), b);
	assert_int_equal(vc_strtab_find(&t, "nope"), VC_FLEET_NONE);
	for (i = 0; i < 1000; i++) {   /* rehashing keeps every index */
		snprintf(name, sizeof(name), "r%d", i);
		assert_int_equal(vc_strtab_intern(&t, name, &c), 0);
	}
	assert_int_equal(vc_strtab_find(&t, "zoom.a"), a);
	assert_int_equal(vc_strtab_find(&t, "r999"), c);
	vc_strtab_free(&t);
}

static void test_duplicates_and_newer(void **state)
{
	struct vc_fleet f;
	struct vc_fleet_host *h;

	vc_fleet_init(&f, "en");
	add(&f, report("ws1", NULL, "2026-11-20T10:00:00Z", 50.0, "zoom.x:high"), "a.json");
	add(&f, report("ws1", NULL, "2026-11-20T10:00:00Z", 50.0, "zoom.x:high"), "copy.json");
	assert_int_equal(f.nhosts, 1);
	assert_int_equal(f.duplicates, 1);
	/* a newer report of the same host replaces the older one */
	add(&f, report("ws1", NULL, "2026-11-22T10:00:00Z", 90.0, NULL), "new.json");
	/* an older one arriving later changes nothing */
	add(&f, report("ws1", NULL, "2026-11-01T10:00:00Z", 10.0, "zoom.y:critical"), "old.json");
	assert_int_equal(f.nhosts, 1);
	assert_int_equal(f.superseded, 2);
	h = vc_fleet_find(&f, "ws1", NULL);
	assert_non_null(h);
	assert_string_equal(h->report, "new.json");
	assert_true(h->score_after > 89.9);
	assert_int_equal(h->nfailing, 0);
	assert_int_equal(h->worst_sev, -1);
	vc_fleet_free(&f);
}

static void test_machine_ids(void **state)
{
	const char *m1 = "0123456789abcdef0123456789abcdef";
	const char *m2 = "fedcba9876543210fedcba9876543210";
	struct vc_fleet f;

	vc_fleet_init(&f, "en");
	add(&f, report("web", NULL, "2026-11-20T10:00:00Z", 50.0, NULL), "a.json");
	/* the same name with a machine id: the same host, which learns its id */
	add(&f, report("web", m1, "2026-11-21T10:00:00Z", 50.0, NULL), "b.json");
	assert_int_equal(f.nhosts, 1);
	assert_string_equal(f.hosts[0].machine_id, m1);
	/* another machine with the same name */
	add(&f, report("web", m2, "2026-11-21T10:00:00Z", 50.0, NULL), "c.json");
	assert_int_equal(f.nhosts, 2);
	assert_non_null(vc_fleet_find(&f, "web", m2));
	assert_string_equal(vc_fleet_find(&f, "web", m1)->report, "b.json");
	/* a malformed id is ignored with a diagnostic, not trusted */
	add(&f, report("db", "ZZZ", "2026-11-21T10:00:00Z", 50.0, NULL), "d.json");
	assert_null(vc_fleet_find(&f, "db", NULL)->machine_id);
	assert_int_equal(f.diags.n, 1);
	assert_string_equal(f.diags.v[0].source, "d.json");
	vc_fleet_free(&f);
}

static void test_refused_and_malformed(void **state)
{
	struct vc_fleet f;
	json_t *r;

	vc_fleet_init(&f, "en");
	r = report("ws1", NULL, "2026-11-20T10:00:00Z", 50.0, NULL);
	json_object_set_new(r, "schema", json_string("vcaudit.report/2"));
	add(&f, r, "future.json");
	r = report("ws2", NULL, "2026-11-20T10:00:00Z", 50.0, NULL);
	json_object_set_new(r, "schema", json_string("vcaudit.report/1.3"));   /* minor: fine */
	add(&f, r, "minor.json");
	r = report("ws3", NULL, "yesterday", 50.0, NULL);
	add(&f, r, "badtime.json");
	add(&f, json_pack("{s:s}", "schema", "vcaudit.facts/1"), "facts.json");
	assert_int_equal(f.nhosts, 1);
	assert_int_equal(f.refused, 1);
	assert_int_equal(f.malformed, 2);
	assert_int_equal(f.diags.n, 3);
	assert_string_equal(f.diags.v[0].source, "future.json");
	assert_non_null(strstr(f.diags.v[0].message, "major version 2 is not supported"));
	assert_string_equal(f.diags.v[1].source, "badtime.json");
	assert_non_null(strstr(f.diags.v[1].message, "generated_at"));
	assert_non_null(strstr(f.diags.v[2].message, "not a vcaudit host report"));
	vc_fleet_free(&f);
}

static void test_failing_and_worst(void **state)
{
	struct vc_fleet f;
	struct vc_fleet_host *h;

	vc_fleet_init(&f, "en");
	/* zoom.b fails twice (two users): once in failing and worst */
	add(&f, report("ws1", NULL, "2026-11-20T10:00:00Z", 5.0,
		       "zoom.f:low,zoom.b:medium,zoom.b:medium,zoom.c:critical,zoom.d:info,"
		       "zoom.e:high,zoom.a:high"), "a.json");
	h = vc_fleet_find(&f, "ws1", NULL);
	assert_int_equal(h->nfailing, 6);
	assert_string_equal(f.rules.s[h->failing[0]], "zoom.a");
	assert_string_equal(f.rules.s[h->failing[5]], "zoom.f");
	assert_int_equal(h->nworst, VC_FLEET_WORST);
	assert_string_equal(f.rules.s[h->worst[0].rule], "zoom.c");
	assert_string_equal(f.rules.s[h->worst[1].rule], "zoom.a");   /* high, by id */
	assert_string_equal(f.rules.s[h->worst[2].rule], "zoom.e");
	assert_string_equal(f.rules.s[h->worst[3].rule], "zoom.b");
	assert_string_equal(f.rules.s[h->worst[4].rule], "zoom.f");
	assert_int_equal(h->counts[1], 7);
	assert_int_equal(h->counts[0], 1);
	vc_fleet_free(&f);
}

/* 10,000 hosts: every one is found again, none is merged with another. */
static void test_many_hosts(void **state)
{
	struct vc_fleet f;
	char name[32];
	int i;

	vc_fleet_init(&f, "en");
	for (i = 0; i < 10000; i++) {
		snprintf(name, sizeof(name), "host-%05d", i);
		add(&f, report(name, NULL, "2026-11-20T10:00:00Z", 50.0,
			       i % 3 ? NULL : "zoom.x:high"), "r.json");
	}
	assert_int_equal(f.nhosts, 10000);
	for (i = 0; i < 10000; i += 997) {
		snprintf(name, sizeof(name), "host-%05d", i);
		assert_non_null(vc_fleet_find(&f, name, NULL));
	}
	assert_null(vc_fleet_find(&f, "host-10000", NULL));
	assert_int_equal(f.rules.n, 2);   /* interned once, not per host */
	vc_fleet_free(&f);
}

static char *render(int (*fn)(FILE *, const struct vc_fleet_doc *, const char *),
		    const struct vc_fleet *f, const char *lang)
{
	struct vc_fleet_doc d;
	char *mem = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&mem, &len);

	assert_non_null(out);
	assert_int_equal(vc_fleet_doc_build(&d, f, 1795600000), 0);
	assert_int_equal(fn ? fn(out, &d, lang) : vc_fleet_json_write(out, &d), 0);
	fclose(out);
	vc_fleet_doc_free(&d);
	return mem;
}

/* The fleet JSON as written (hosts streamed one at a time), parsed back. */
static json_t *fleet_doc(struct vc_fleet *f)
{
	char *text = render(NULL, f, "en");
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err);

	assert_non_null(doc);
	/* the streamed text is exactly what Jansson writes for the whole document */
	{
		char *again = json_dumps(doc, VC_FLEET_JSON_FLAGS);

		assert_non_null(again);
		assert_int_equal(strncmp(text, again, strlen(again)), 0);
		assert_string_equal(text + strlen(again), "\n");
		free(again);
	}
	free(text);
	return doc;
}

static void test_json_aggregates(void **state)
{
	struct vc_fleet f;
	json_t *doc, *rules, *prods;

	vc_fleet_init(&f, "en");
	add(&f, report("b", NULL, "2026-11-20T10:00:00Z", 40.0, "zoom.x:high,zoom.y:low"),
	    "b.json");
	add(&f, report("a", NULL, "2026-11-20T10:00:00Z", 60.0, "zoom.x:high"), "a.json");
	add(&f, report("c", NULL, "2026-11-20T10:00:00Z", 100.0, NULL), "c.json");
	doc = fleet_doc(&f);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "vcaudit.fleet/1");
	assert_string_equal(json_string_value(json_object_get(doc, "generated_at")),
			    "2026-11-25T09:46:40Z");
	/* hosts by name */
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(doc, "hosts"), 0), "name")), "a");
	/* rules by number of failing hosts */
	rules = json_object_get(doc, "rules");
	assert_int_equal(json_array_size(rules), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 0), "rule")),
			    "zoom.x");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rules, 0),
							    "hosts_failing")), 2);
	/* products: known versions only (teams has none) */
	prods = json_object_get(doc, "products");
	assert_int_equal(json_array_size(prods), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(
		json_array_get(prods, 0), "versions"), 0), "hosts")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "summary"),
							    "hosts_failing")), 2);
	assert_true(json_is_null(json_object_get(doc, "changes")));
	assert_int_equal(vc_fleet_worst_severity(&f), 3);
	json_decref(doc);
	vc_fleet_free(&f);
}

static void test_previous(void **state)
{
	char path[] = "/tmp/vc-merge-prev-XXXXXX";
	struct vc_fleet f;
	json_t *doc, *ch;
	int fd;

	vc_fleet_init(&f, "en");
	add(&f, report("a", NULL, "2026-11-20T10:00:00Z", 60.0, "zoom.x:high"), "a.json");
	add(&f, report("b", NULL, "2026-11-20T10:00:00Z", 60.0, NULL), "b.json");
	add(&f, report("gone", NULL, "2026-11-20T10:00:00Z", 60.0, NULL), "g.json");
	doc = fleet_doc(&f);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(json_dumpfd(doc, fd, 0), 0);
	close(fd);
	json_decref(doc);
	vc_fleet_free(&f);

	vc_fleet_init(&f, "en");
	assert_int_equal(vc_fleet_load_previous(&f, path), 0);
	add(&f, report("a", NULL, "2026-11-21T10:00:00Z", 60.0, NULL), "a.json");
	add(&f, report("b", NULL, "2026-11-21T10:00:00Z", 60.0, "zoom.y:low"), "b.json");
	add(&f, report("new", NULL, "2026-11-21T10:00:00Z", 60.0, "zoom.z:low"), "n.json");
	doc = fleet_doc(&f);
	ch = json_object_get(doc, "changes");
	assert_int_equal(json_array_size(json_object_get(ch, "fixed")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(ch, "fixed"), 0), "rule")), "zoom.x");
	assert_int_equal(json_array_size(json_object_get(ch, "new_failures")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(ch, "new_failures"), 0), "host")), "b");
	assert_int_equal(json_array_size(json_object_get(ch, "new_hosts")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(ch, "stopped_reporting"), 0), "host")), "gone");
	json_decref(doc);
	vc_fleet_free(&f);

	/* a host report is not a fleet report */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "{\"schema\": \"vcaudit.report/1\"}", 30), 30);
	close(fd);
	vc_fleet_init(&f, "en");
	assert_true(vc_fleet_load_previous(&f, path) < 0);
	assert_non_null(strstr(vc_error_last(), "not a vcaudit fleet report"));
	vc_fleet_free(&f);
	unlink(path);
}

/* Host names come from reports: they cannot run formulas or inject markup. */
static void test_renderers_escape(void **state)
{
	struct vc_fleet f;
	char *csv, *html, *text;

	vc_fleet_init(&f, "da");
	add(&f, report("=cmd|' /C calc'!A0", NULL, "2026-11-20T10:00:00Z", 87.5, "zoom.x:high"),
	    "a.json");
	add(&f, report("<script>alert(1)</script>", NULL, "2026-11-20T10:00:00Z", 50.0, NULL),
	    "b.json");
	csv = render(vc_fleet_csv_write, &f, "da");
	assert_non_null(strstr(csv, "'=cmd"));
	assert_null(strstr(csv, ",=cmd"));
	assert_non_null(strstr(csv, "87,5"));          /* Danish decimal comma, quoted */
	assert_non_null(strstr(csv, "vært,"));
	assert_non_null(strstr(csv, "\r\n"));
	html = render(vc_fleet_html_write, &f, "da");
	assert_null(strstr(html, "<script>"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	assert_non_null(strstr(html, "<html lang=\"da\">"));
	assert_null(strstr(html, "http://"));         /* nothing external */
	assert_null(strstr(html, "https://"));
	assert_null(strstr(html, "src="));
	assert_non_null(strstr(html, "default-src 'none'"));
	text = render(vc_fleet_text_write, &f, "da");
	assert_non_null(strstr(text, "flåderapport"));
	assert_non_null(strstr(text, "høj"));
	free(csv);
	free(html);
	free(text);
	vc_fleet_free(&f);
}

static void test_parse_time(void **state)
{
	int64_t t;

	assert_int_equal(vc_fleet_parse_time(&t, "2026-11-25T09:46:40Z"), 0);
	assert_true(t == 1795600000);
	assert_true(vc_fleet_parse_time(&t, "2026-11-25 09:46:40") < 0);
	assert_true(vc_fleet_parse_time(&t, "2026-11-25T09:46:40Zjunk") < 0);
	assert_true(vc_fleet_parse_time(&t, NULL) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strtab),
		cmocka_unit_test(test_duplicates_and_newer),
		cmocka_unit_test(test_machine_ids),
		cmocka_unit_test(test_refused_and_malformed),
		cmocka_unit_test(test_failing_and_worst),
		cmocka_unit_test(test_many_hosts),
		cmocka_unit_test(test_json_aggregates),
		cmocka_unit_test(test_previous),
		cmocka_unit_test(test_renderers_escape),
		cmocka_unit_test(test_parse_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
