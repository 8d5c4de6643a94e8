/*
 * The Markdown, CSV and JUnit reporters (auditor/report/md.c, csv.c,
 * junit.c) on the synthetic audit of report_fixture.h.
 *
 * Golden files: tests/golden/report/{report.en.md,report.da.md,
 * report.en.csv,report.da.csv,report.junit.xml}, compared byte for byte; on
 * a mismatch build/tests/<name>.actual is written, and
 *     VC_UPDATE_GOLDEN=1 ./build/tests/test_report_formats
 * regenerates them (review the diff before committing).
 */
#include "testutil.h"
#include "report_fixture.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

/* ---- golden files ---- */

static void golden(const char *format, const char *lang, const char *name)
{
	struct fx x;
	size_t len;
	char *out;

	fx_build(&x, "en");
	out = render(format, &x.a, 0, lang, &len);
	check_golden(name, out, len);
	free(out);
	fx_free(&x);
}

static void test_golden_md_en(void **state)
{
	(void)state;
	golden("md", NULL, "report.en.md");
}

static void test_golden_md_da(void **state)
{
	(void)state;
	golden("md", "da", "report.da.md");
}

static void test_golden_csv_en(void **state)
{
	(void)state;
	golden("csv", NULL, "report.en.csv");
}

static void test_golden_csv_da(void **state)
{
	(void)state;
	golden("csv", "da", "report.da.csv");
}

static void test_golden_junit(void **state)
{
	(void)state;
	golden("junit", NULL, "report.junit.xml");
}

/* ---- CSV read back (RFC 4180) ---- */

#define MAX_ROWS 16
#define MAX_COLS 16

struct table {
	char *cell[MAX_ROWS][MAX_COLS];
	size_t ncols[MAX_ROWS];
	size_t nrows;
};

/* A strict RFC 4180 reader: CRLF rows, quoted fields with doubled quotes. */
static void csv_parse(struct table *t, const char *s)
{
	char field[4096];
	size_t k;

	memset(t, 0, sizeof(*t));
	while (*s) {
		assert_true(t->nrows < MAX_ROWS);
		for (;;) {
			k = 0;
			if (*s == '"') {
				for (s++;; s++) {
					assert_true(*s != 0);   /* unterminated quote */
					if (*s == '"' && s[1] == '"')
						s++;
					else if (*s == '"')
						break;
					assert_true(k + 1 < sizeof(field));
					field[k++] = *s;
				}
				s++;
			} else {
				for (; *s && *s != ',' && *s != '\r' && *s != '\n'; s++) {
					assert_true(*s != '"');   /* a bare quote is not RFC 4180 */
					assert_true(k + 1 < sizeof(field));
					field[k++] = *s;
				}
			}
			field[k] = 0;
			assert_true(t->ncols[t->nrows] < MAX_COLS);
			t->cell[t->nrows][t->ncols[t->nrows]++] = strdup(field);
			if (*s == ',') {
				s++;
				continue;
			}
			/* every row ends in CRLF, never a bare LF */
			assert_int_equal(s[0], '\r');
			assert_int_equal(s[1], '\n');
			s += 2;
			break;
		}
		t->nrows++;
	}
}

static void table_free(struct table *t)
{
	size_t r, c;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols[r]; c++)
			free(t->cell[r][c]);
}

static void test_csv_action_plan(void **state)
{
	struct table t;
	struct fx x;
	char *out;
	size_t r;

	(void)state;
	fx_build(&x, "en");
	out = render("csv", &x.a, 0, NULL, NULL);
	csv_parse(&t, out);
	/* The header, two failures (one with an expired waiver), one error. */
	assert_int_equal(t.nrows, 4);
	for (r = 0; r < t.nrows; r++)
		assert_int_equal(t.ncols[r], 13);
	assert_string_equal(t.cell[0][0], "priority");
	assert_string_equal(t.cell[0][9], "remediation");
	assert_string_equal(t.cell[0][12], "status");
	/* Failures first, by severity then rule id; the error after them. */
	assert_string_equal(t.cell[1][0], "1");
	assert_string_equal(t.cell[1][1], "failed");
	assert_string_equal(t.cell[1][3], "host.encryption.recording-disk");
	assert_string_equal(t.cell[2][0], "2");
	assert_string_equal(t.cell[2][3], "zoom.local-recording.cloud-sync");
	assert_string_equal(t.cell[2][2], "high");
	assert_string_equal(t.cell[2][5], "zoom");
	assert_string_equal(t.cell[2][6], "user:u-7f3a9c");
	assert_string_equal(t.cell[2][7], "Art. 5(1)(f); Art. 32(1); Art. 44");
	assert_string_equal(t.cell[2][8], ZOOM_INI ":12");
	assert_string_equal(t.cell[3][0], "3");
	assert_string_equal(t.cell[3][1], "error");
	assert_string_equal(t.cell[3][3], "jitsi.secrets.jwt-secret");
	assert_string_equal(t.cell[3][8], JITSI_CFG);
	/* Owner, due date and status are left for the plan's users. */
	assert_string_equal(t.cell[3][10], "");
	assert_string_equal(t.cell[3][11], "");
	assert_string_equal(t.cell[3][12], "");
	/* Waived, manual, pass and n/a findings are not actions. */
	assert_null(strstr(out, "zoom.retention.max-days"));
	assert_null(strstr(out, "zoom.recording.consent"));
	table_free(&t);
	free(out);
	fx_free(&x);
}

static void test_csv_quoting_and_injection(void **state)
{
	struct table t;
	struct fx x;
	char *out;

	(void)state;
	fx_build(&x, "en");
	/* Values a hostile file or tenant could put into a scope or a path. */
	free(x.findings.v[2].scope);
	x.findings.v[2].scope = xstrdup("=HYPERLINK(\"http://evil\",\"click\")");
	free(x.findings.v[2].ev[0].source);
	x.findings.v[2].ev[0].source = xstrdup("@SUM(1+1)\r\nnext,row");
	free(x.findings.v[6].scope);
	x.findings.v[6].scope = xstrdup("-2+3");
	out = render("csv", &x.a, 0, NULL, NULL);
	csv_parse(&t, out);
	assert_int_equal(t.nrows, 4);
	assert_int_equal(t.ncols[2], 13);
	/* Shown as text by a spreadsheet, not evaluated; quotes survive the round trip. */
	assert_string_equal(t.cell[2][6], "'=HYPERLINK(\"http://evil\",\"click\")");
	assert_string_equal(t.cell[2][8], "'@SUM(1+1)  next,row:12");
	assert_string_equal(t.cell[1][6], "'-2+3");
	assert_non_null(strstr(out, "\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\""));
	table_free(&t);
	free(out);
	fx_free(&x);
}

static void test_csv_danish(void **state)
{
	struct table t;
	struct fx x;
	char *out;

	(void)state;
	fx_build(&x, "da");
	out = render("csv", &x.a, 0, NULL, NULL);
	csv_parse(&t, out);
	assert_string_equal(t.cell[0][9], "afhjælpning");
	assert_string_equal(t.cell[0][10], "ansvarlig");
	assert_string_equal(t.cell[2][1], "ikke bestået");
	assert_string_equal(t.cell[2][2], "høj");
	assert_string_equal(t.cell[2][4], "Lokale optagelser gemmes ikke i en skysynkroniseret mappe");
	assert_string_equal(t.cell[2][9], "Peg Zoom-optagemappen på en lokal mappe, som ingen "
					  "skysynkroniseringsklient overvåger.");
	table_free(&t);
	free(out);
	fx_free(&x);
}

static void test_csv_nothing_failed(void **state)
{
	struct vc_audit a = { 0 };
	char *out;

	(void)state;
	out = render("csv", &a, 0, NULL, NULL);
	assert_string_equal(out, "priority,result,severity,rule,title,product,scope,gdpr,"
				 "evidence,remediation,owner,due_date,status\r\n");
	free(out);
}

/* ---- Markdown ---- */

static void test_md_content(void **state)
{
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "en");
	t = render("md", &x.a, 0, NULL, NULL);
	assert_true(!strncmp(t, "# vcaudit report\n\n", 18));
	assert_non_null(strstr(t, "- **Score:** 28.6 before waivers, 42.9 after waivers\n"));
	assert_non_null(strstr(t, "- **Results:** failed 2, error 1, manual 1, waived 1, "
				  "passed 2, not applicable 1\n"));
	/* The action plan's head, in the same order as the CSV priorities. */
	assert_true(pos_of(t, "\n1. **FAIL** · high · host.encryption.recording-disk") <
		    pos_of(t, "\n2. **FAIL** · high · zoom.local-recording.cloud-sync"));
	assert_true(pos_of(t, "\n2. **FAIL**") < pos_of(t, "\n3. **ERROR** · critical · jitsi"));
	assert_null(strstr(t, "\n4. "));
	/* Grouped by the first article, with the official title where known. */
	assert_true(pos_of(t, "\n### Art. 5\n") < pos_of(t, "\n### Art. 6\n"));
	assert_true(pos_of(t, "\n### Art. 6\n") <
		    pos_of(t, "\n### Art. 25 — Data protection by design and by default\n"));
	assert_true(pos_of(t, "\n### Art. 25 ") < pos_of(t, "\n### Art. 32 — Security of "
						      "processing\n"));
	assert_true(pos_of(t, "\n### Art. 32 ") < pos_of(t, "\n### No GDPR article given\n"));
	assert_true(pos_of(t, "\n### Art. 32 ") < pos_of(t, "jitsi.secrets.jwt-secret: The JWT"));
	/* Evidence with location, value as JSON; the long value cut. */
	assert_non_null(strstr(t, "    - " ZOOM_INI ":12: recording.local.path = "
				  "\"/home/u-7f3a9c/Dropbox/Zoom\"\n"));
	assert_non_null(strstr(t, "\xE2\x80\xA6\n"));
	assert_non_null(strstr(t, "  - **Waiver:** approved by Jens Hansen, valid until "
				  "2024-01-31 (expired)\n"));
	/* Diagnostics last; the terminal escape from a file name neutralised. */
	assert_true(pos_of(t, "\n## Diagnostics (3)\n") > pos_of(t, "### No GDPR"));
	assert_null(strchr(t, '\033'));
	assert_null(strchr(t, '\007'));
	free(t);
	fx_free(&x);
}

/* 1 when every '<' and '[' and ']' of `s` is escaped with a backslash. */
static int all_escaped(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if ((*p == '<' || *p == '[' || *p == ']' || *p == '`') &&
		    (p == s || p[-1] != '\\'))
			return 0;
	return 1;
}

static void test_md_hostile_paths(void **state)
{
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "en");
	free(x.findings.v[2].ev[0].source);
	x.findings.v[2].ev[0].source = xstrdup("home/[x](http://evil)/<script>alert(1)</script>");
	free(x.findings.v[2].scope);
	x.findings.v[2].scope = xstrdup("# Heading ![img](http://evil/t.png) `code` *b* &amp;");
	vc_diag_add(&x.diags, "zoom", "1. <img src=x onerror=alert(1)>", 1, 0, "odd name");
	vc_diag_add(&x.diags, "zoom", "    # code or heading", 2, 0, "odd name");
	vc_diag_add(&x.diags, "zoom", "- item", 3, 0, "odd name");
	t = render("md", &x.a, 0, NULL, NULL);
	/* Shown literally: no link, image, HTML, heading, list or code span is made. */
	assert_true(all_escaped(t));
	assert_non_null(strstr(t, "home/\\[x\\](http://evil)/\\<script\\>alert(1)\\</script\\>"));
	assert_non_null(strstr(t, "(Zoom (zoom), # Heading !\\[img\\](http://evil/t.png) "
				  "\\`code\\` \\*b\\* \\&amp;)"));
	assert_non_null(strstr(t, "\n- 1\\. \\<img src=x onerror=alert(1)\\>:1: odd name\n"));
	assert_non_null(strstr(t, "\n- &#32;   # code or heading:2: odd name\n"));
	assert_non_null(strstr(t, "\n- \\- item:3: odd name\n"));
	free(t);
	fx_free(&x);
}

static void test_md_danish(void **state)
{
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "da");
	t = render("md", &x.a, 0, NULL, NULL);
	assert_true(!strncmp(t, "# vcaudit-rapport\n", 18));
	assert_non_null(strstr(t, "\n## De fem vigtigste ting at rette\n"));
	assert_non_null(strstr(t, "\n### Artikel 32 — Behandlingssikkerhed\n"));
	assert_non_null(strstr(t, "\n### Artikel 25 — Databeskyttelse gennem design og "
				  "databeskyttelse gennem standardindstillinger\n"));
	assert_non_null(strstr(t, "- **Score:** 28,6 før dispensationer, "
				  "42,9 efter dispensationer\n"));
	assert_non_null(strstr(t, "**IKKE BESTÅET** · høj · zoom.local-recording.cloud-sync: "
				  "Lokale optagelser gemmes ikke i en skysynkroniseret mappe\n"));
	assert_non_null(strstr(t, "  - **Afhjælpning:** Peg Zoom-optagemappen på en lokal mappe"));
	assert_non_null(strstr(t, "godkendt af Mette Sørensen (DPO), gyldig til 2099-12-31\n"));
	assert_null(strstr(t, "Remediation"));
	free(t);
	fx_free(&x);
}

static void test_md_empty_audit(void **state)
{
	struct vc_audit a = { 0 };
	char *t;

	(void)state;
	a.pseudonyms_stable = 1;
	t = render("md", &a, 0, NULL, NULL);
	assert_non_null(strstr(t, "\nNothing failed.\n"));
	assert_non_null(strstr(t, "\nNo findings.\n"));
	assert_null(strstr(t, "Diagnostics"));
	free(t);
}

/* ---- JUnit ---- */

static size_t count_elements(xmlNodePtr n, const char *name)
{
	size_t c = 0;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, name))
			c++;
		c += count_elements(n->children, name);
	}
	return c;
}

static void assert_attr(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	if (!v)
		fail_msg("<%s> has no attribute %s", (const char *)n->name, name);
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

static xmlNodePtr next_element(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
			return n;
	return NULL;
}

static xmlDocPtr junit_doc(struct fx *x, const char *lang, char **text)
{
	size_t len;
	xmlDocPtr doc;

	*text = render("junit", &x->a, 0, lang, &len);
	doc = xmlReadMemory(*text, (int)len, "report.junit.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("the JUnit report is not well-formed XML");
	return doc;
}

static void test_junit_counts(void **state)
{
	xmlNodePtr root, suite, tc;
	xmlChar *body;
	xmlDocPtr doc;
	struct fx x;
	char *text;

	(void)state;
	fx_build(&x, "en");
	doc = junit_doc(&x, NULL, &text);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "testsuites");
	assert_attr(root, "tests", "8");
	assert_attr(root, "failures", "2");
	assert_attr(root, "errors", "1");
	assert_attr(root, "skipped", "3");
	assert_int_equal(count_elements(root->children, "testsuite"), 4);
	assert_int_equal(count_elements(root->children, "testcase"), 8);
	assert_int_equal(count_elements(root->children, "failure"), 2);
	assert_int_equal(count_elements(root->children, "error"), 1);
	assert_int_equal(count_elements(root->children, "skipped"), 3);

	/* Products in vc_products order: zoom first, with its four findings. */
	suite = next_element(root->children, "testsuite");
	assert_attr(suite, "name", "zoom");
	assert_attr(suite, "tests", "4");
	assert_attr(suite, "failures", "1");
	assert_attr(suite, "errors", "0");
	assert_attr(suite, "skipped", "2");
	assert_attr(suite, "hostname", "ws-042");
	assert_attr(suite, "timestamp", "2024-05-01T10:00:00Z");
	tc = next_element(suite->children, "testcase");   /* the pass, first in the audit */
	assert_attr(tc, "classname", "zoom");
	assert_attr(tc, "name", "zoom.software.auto-update [host]");
	assert_null(next_element(tc->children, "failure"));
	assert_null(next_element(tc->children, "skipped"));
	tc = next_element(tc->next, "testcase");
	assert_attr(tc, "name", "zoom.local-recording.cloud-sync [user:u-7f3a9c]");
	assert_attr(next_element(tc->children, "failure"), "message",
		    "recording.local.path is synchronised by dropbox");
	assert_attr(next_element(tc->children, "failure"), "type", "high");
	/* The evidence and the remediation are in the failure's text. */
	body = xmlNodeGetContent(next_element(tc->children, "failure"));
	assert_non_null(strstr((const char *)body, "\n  " ZOOM_INI ":12: recording.local.path = "
				     "\"/home/u-7f3a9c/Dropbox/Zoom\"\n"));
	assert_non_null(strstr((const char *)body, "\nRemediation: Point the Zoom"));
	xmlFree(body);
	xmlFreeDoc(doc);
	free(text);
	fx_free(&x);
}

static void test_junit_hostile_and_danish(void **state)
{
	xmlNodePtr root, suite, tc;
	xmlDocPtr doc;
	struct fx x;
	xmlChar *msg;
	char *text;

	(void)state;
	fx_build(&x, "da");
	free(x.findings.v[2].message);
	x.findings.v[2].message = xstrdup("value \"<]]>&\x01\" from a file");
	vc_diag_add(&x.diags, "webex", NULL, 0, 0, "no webex export given");
	vc_diag_add(&x.diags, NULL, NULL, 0, 0, "no rules matched --product");
	doc = junit_doc(&x, NULL, &text);   /* parses: escaping and cleaning hold */
	root = xmlDocGetRootElement(doc);
	suite = next_element(root->children, "testsuite");
	tc = next_element(next_element(suite->children, "testcase")->next, "testcase");
	msg = xmlGetProp(next_element(tc->children, "failure"), (const xmlChar *)"message");
	assert_string_equal((const char *)msg, "value \"<]]>&?\" from a file");
	xmlFree(msg);
	/* Danish words and texts, UTF-8 as is. */
	assert_non_null(strstr(text, "encoding=\"UTF-8\""));
	assert_non_null(strstr(text, "Lokale optagelser gemmes ikke i en skysynkroniseret mappe"));
	assert_non_null(strstr(text, "Afhjælpning: Peg Zoom-optagemappen"));
	assert_non_null(strstr(text, "message=\"dispenseret, godkendt af Mette Sørensen (DPO)"));
	assert_non_null(strstr(text, "type=\"høj\""));
	/* Diagnostics of no product, or of one without findings, in a last suite. */
	suite = root->last;
	while (suite && suite->type != XML_ELEMENT_NODE)
		suite = suite->prev;
	assert_attr(suite, "name", "vcaudit");
	assert_attr(suite, "tests", "0");
	msg = xmlNodeGetContent(next_element(suite->children, "system-err"));
	assert_string_equal((const char *)msg, "webex: no webex export given\n"
					       "no rules matched --product\n");
	xmlFree(msg);
	/* The diagnostic with a terminal escape in its file name, cleaned. */
	assert_null(strchr(text, '\033'));
	assert_non_null(strstr(text, "home/u-7f3a9c/.zoom/?]0;pwned?notes.ini:3: binary file"));
	xmlFreeDoc(doc);
	free(text);
	fx_free(&x);
}

/* ---- registration ---- */

static void test_registered(void **state)
{
	(void)state;
	assert_ptr_equal(vc_reporter_find("md")->write, vc_report_md_write);
	assert_ptr_equal(vc_reporter_find("csv")->write, vc_report_csv_write);
	assert_ptr_equal(vc_reporter_find("junit")->write, vc_report_junit_write);
	/* pos_of and count_of are the fixture's; keep them in use here too. */
	assert_int_equal(count_of("a,b,c", ","), 2);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_md_en),
		cmocka_unit_test(test_golden_md_da),
		cmocka_unit_test(test_golden_csv_en),
		cmocka_unit_test(test_golden_csv_da),
		cmocka_unit_test(test_golden_junit),
		cmocka_unit_test(test_csv_action_plan),
		cmocka_unit_test(test_csv_quoting_and_injection),
		cmocka_unit_test(test_csv_danish),
		cmocka_unit_test(test_csv_nothing_failed),
		cmocka_unit_test(test_md_content),
		cmocka_unit_test(test_md_hostile_paths),
		cmocka_unit_test(test_md_danish),
		cmocka_unit_test(test_md_empty_audit),
		cmocka_unit_test(test_junit_counts),
		cmocka_unit_test(test_junit_hostile_and_danish),
		cmocka_unit_test(test_registered),
	};
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	if (slash && (size_t)(slash - argv[0]) < sizeof(bin_dir))
		snprintf(bin_dir, sizeof(bin_dir), "%.*s", (int)(slash - argv[0]), argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
