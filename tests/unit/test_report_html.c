/*
 * The HTML reporter (auditor/report/html.c, flowmap.c) on the synthetic
 * audit of report_fixture.h: the document for the authority.
 *
 * Golden files: tests/golden/report/report.{en,da}.html, compared byte for
 * byte; on a mismatch build/tests/<name>.actual is written, and
 *     VC_UPDATE_GOLDEN=1 ./build/tests/test_report_html
 * regenerates them (review the diff before committing).
 *
 * Links: the document has none. No element carries src or href, and no
 * attribute value names a URL, so opening or printing it never fetches
 * anything; rule references are shown as plain text.
 */
#include "testutil.h"
#include "report_fixture.h"
#include "report/flowmap.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#define HOSTILE "<script>alert(1)</script>\"onload=\"x'"

static const char *const headings_en[] = {
	"1. Summary", "2. How we work with video meetings", "3. Data-flow map",
	"4. Findings by GDPR article", "5. Record of processing activities (Art. 30)",
	"6. Breach readiness (Art. 33 and 34)", "7. Appendix: sources",
};

static const char *const headings_da[] = {
	"1. Sammenfatning", "2. Sådan arbejder vi med videomøder", "3. Dataflow",
	"4. Resultater efter artikel i databeskyttelsesforordningen",
	"5. Fortegnelse over behandlingsaktiviteter (art. 30)",
	"6. Beredskab ved brud på persondatasikkerheden (art. 33 og 34)", "7. Bilag: kilder",
};

/* ---- parsing ---- */

static int parse_errors;
static int parse_quiet;   /* errors expected: count them without printing */

/* Count errors; libxml2's HTML 4 parser does not know SVG's element names. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	static const char *const svg[] = { "svg", "defs", "marker", "path", "rect", "text",
					   "line", "title", NULL };
	size_t i;

	(void)ctx;
	if (e->level < XML_ERR_ERROR)
		return;
	if (e->code == XML_HTML_UNKNOWN_TAG && e->str1)
		for (i = 0; svg[i]; i++)
			if (!strcmp(e->str1, svg[i]))
				return;
	if (!parse_quiet)
		print_message("parse error %d at line %d: %s", e->code, e->line,
			      e->message ? e->message : "");
	parse_errors++;
}

/* Parse as XML and as HTML: both without errors. Returns the XML document. */
static xmlDocPtr parse_both(const char *text, size_t len)
{
	htmlDocPtr hdoc;
	xmlDocPtr doc;

	parse_errors = 0;
	xmlSetStructuredErrorFunc(NULL, on_error);
	doc = xmlReadMemory(text, (int)len, "report.html", "UTF-8", XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(parse_errors, 0);
	hdoc = htmlReadMemory(text, (int)len, "report.html", "UTF-8", HTML_PARSE_NONET);
	assert_non_null(hdoc);
	assert_int_equal(parse_errors, 0);
	xmlFreeDoc(hdoc);
	xmlSetStructuredErrorFunc(NULL, NULL);
	return doc;
}

/* No element with src/href/on* attributes, and no attribute value that names a URL. */
static void check_attributes(xmlNodePtr n)
{
	xmlAttrPtr at;
	xmlChar *v;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		assert_true(strcmp((const char *)n->name, "script"));
		assert_true(strcmp((const char *)n->name, "a"));
		for (at = n->properties; at; at = at->next) {
			assert_true(strcmp((const char *)at->name, "src"));
			assert_true(strcmp((const char *)at->name, "href"));
			assert_true(strncmp((const char *)at->name, "on", 2));
			v = xmlGetProp(n, at->name);
			assert_non_null(v);
			assert_null(strstr((const char *)v, "://"));
			assert_null(strstr((const char *)v, "<"));
			if (strstr((const char *)v, "url("))
				assert_non_null(strstr((const char *)v, "url(#"));
			xmlFree(v);
		}
		check_attributes(n->children);
	}
}

static char *render_checked(const struct vc_audit *a, const char *lang, size_t *len)
{
	xmlDocPtr doc;
	char *out;

	out = render("html", a, 0, lang, len);
	doc = parse_both(out, *len);
	check_attributes(xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "http://"));
	assert_null(strstr(out, "https://"));
	assert_null(strstr(out, "@import"));
	return out;
}

/* The part of `out` from "<svg" to "</svg>" (a copy). */
static char *svg_of(const char *out)
{
	size_t a = pos_of(out, "<svg"), b = pos_of(out, "</svg>");

	assert_true(a < b);
	return strndup(out + a, b - a + 6);
}

/* ---- golden files ---- */

static void golden(const char *lang, const char *name)
{
	struct fx x;
	size_t len;
	char *out;

	fx_build(&x, "en");
	out = render_checked(&x.a, lang, &len);
	check_golden(name, out, len);
	free(out);
	fx_free(&x);
}

static void test_golden_en(void **state)
{
	(void)state;
	golden(NULL, "report.en.html");
}

static void test_golden_da(void **state)
{
	(void)state;
	golden("da", "report.da.html");
}

/* ---- what a reader notices ---- */

static void test_sections_in_order(void **state)
{
	const char *const *hd[2] = { headings_en, headings_da };
	const char *langs[2] = { "en", "da" };
	char needle[256];
	size_t i, l, len, last;
	struct fx x;
	char *out;

	(void)state;
	for (l = 0; l < 2; l++) {
		fx_build(&x, "en");
		out = render_checked(&x.a, langs[l], &len);
		snprintf(needle, sizeof(needle), "<html lang=\"%s\">", langs[l]);
		assert_non_null(strstr(out, needle));
		for (last = 0, i = 0; i < 7; i++) {
			snprintf(needle, sizeof(needle), "\">%s</h2>", hd[l][i]);
			assert_true(pos_of(out, needle) > last);
			last = pos_of(out, needle);
		}
		/* each main section starts a printed page; title and target head each page */
		assert_non_null(strstr(out, ".pagehead{display:block;page-break-before:always"));
		assert_int_equal(count_of(out, "<div class=\"pagehead\">"), 6);
		snprintf(needle, sizeof(needle), "<div class=\"pagehead\">%s — host ws-042</div>\n\n"
			 "<h2 class=\"sec\"", vc_report_words(langs[l])->doc->doc_title);
		assert_int_equal(count_of(out, needle), 6);
		assert_int_equal(count_of(out, "<div class=\"runhead\">"), 1);
		assert_int_equal(count_of(out, "<h2 class=\"sec\""), 7);
		assert_non_null(strstr(out, "@media print"));
		free(out);
		fx_free(&x);
	}
}

static void test_summary_and_findings(void **state)
{
	struct fx x;
	size_t len;
	char *out;

	(void)state;
	fx_build(&x, "en");
	out = render_checked(&x.a, NULL, &len);
	assert_non_null(strstr(out, "28.6 before waivers, 42.9 after waivers"));
	assert_non_null(strstr(out, "failed 2, error 1, manual 1, waived 1, passed 2, "
				    "not applicable 1"));
	/* The action plan head in the order of order.h: host disk, Dropbox sync, the error. */
	assert_true(pos_of(out, "host.encryption.recording-disk") <
		    pos_of(out, "zoom.local-recording.cloud-sync"));
	assert_true(pos_of(out, "<h3>Art. 5</h3>") <
		    pos_of(out, "<h3>Art. 32 — Security of processing</h3>"));
	/* Evidence with file and line, and the waiver. */
	assert_non_null(strstr(out, "<code>" ZOOM_INI ":12</code>"));
	assert_non_null(strstr(out, "approved by Mette Sørensen (DPO), valid until 2099-12-31"));
	/* The statement: known facts in sentences, absent ones to confirm. */
	assert_non_null(strstr(out, "<p><strong>Retention.</strong> Recordings are deleted "
				    "automatically after 365 days.</p>"));
	assert_non_null(strstr(out, "Local recordings are saved in the folder <code>/home/u-7f3a9c/"
				    "Dropbox/Zoom</code> (set for 1 user). It lies inside a folder "
				    "that Dropbox synchronises"));
	assert_non_null(strstr(out, "<span class=\"unknown\">Unknown: whether end-to-end "
				    "encryption is used and whether encrypted transport is required. "
				    "Confirm it in the administration settings of Zoom"));
	/* no list of "label: value" lines any more */
	assert_null(strstr(out, "<dl>"));
	/* Art. 30 gaps and the appendix's source digest. */
	assert_true(count_of(out, "<span class=\"gap\">to be completed</span>") >= 3);
	assert_non_null(strstr(out, ZOOM_INI_SHA256));
	assert_non_null(strstr(out, "Recordings found on disk: 2"));
	free(out);
	fx_free(&x);
}

static void test_danish(void **state)
{
	struct fx x;
	size_t len;
	char *out;

	(void)state;
	fx_build(&x, "da");
	out = render_checked(&x.a, NULL, &len);
	assert_non_null(strstr(out, "Fortegnelse over behandlingsaktiviteter"));
	assert_non_null(strstr(out, "Den dataansvarlige, repræsentant, "
				    "databeskyttelsesrådgiver"));
	assert_non_null(strstr(out, "<span class=\"gap\">skal udfyldes</span>"));
	assert_non_null(strstr(out, "brud på persondatasikkerheden"));
	assert_non_null(strstr(out, "uden unødig forsinkelse"));
	assert_non_null(strstr(out, "tredjeland"));
	assert_non_null(strstr(out, "28,6 før dispensationer"));
	assert_non_null(strstr(out, "Mette Sørensen"));
	/* Danish letters as UTF-8, never as replacement characters or references. */
	assert_null(strstr(out, "\xef\xbf\xbd"));
	assert_null(strstr(out, "&#230;"));
	assert_null(strstr(out, "&aring;"));
	free(out);
	fx_free(&x);
}

/* The map: Dropbox sync in amber; the provider's servers in a US region in red. */
static void test_map_colours(void **state)
{
	struct vc_prov xprov = { ZOOM_EXPORT, NULL, 9 };
	char *out, *svg;
	struct fx x;
	size_t len;

	(void)state;
	fx_build(&x, "en");
	out = render_checked(&x.a, NULL, &len);
	svg = svg_of(out);
	assert_non_null(strstr(svg, ">Meeting participants</text>"));
	assert_non_null(strstr(svg, ">Zoom</text>"));
	assert_non_null(strstr(svg, ">/home/u-7f3a9c/Dropbox/Zoom</text>"));
	assert_non_null(strstr(svg, ">synchronised by Dropbox</text>"));
	assert_non_null(strstr(svg, "fill=\"#fff3d6\""));   /* amber */
	assert_null(strstr(svg, "third country:"));
	/* the boundary of the organisation, and Zoom's own servers beyond it */
	assert_non_null(strstr(svg, "stroke-dasharray=\"6,4\""));
	assert_non_null(strstr(svg, ">Outside the organisation</text>"));
	assert_non_null(strstr(svg, ">Zoom: provider&#39;s servers</text>"));
	assert_non_null(strstr(svg, ">region unknown</text>"));
	free(svg);
	free(out);

	assert_int_equal(vc_fact_add(&x.facts, "zoom", "account", "recording.cloud.allowed",
				     json_true(), &xprov), 0);
	assert_int_equal(vc_fact_add(&x.facts, "zoom", "account", "recording.storage_region",
				     json_pack("[s]", "US"), &xprov), 0);
	out = render_checked(&x.a, NULL, &len);
	svg = svg_of(out);
	assert_non_null(strstr(svg, ">Zoom: provider&#39;s servers</text>"));
	assert_non_null(strstr(svg, ">third country: US</text>"));
	assert_non_null(strstr(svg, ">cloud recording allowed</text>"));
	assert_true(count_of(svg, "fill=\"#fde2e2\"") >= 2);   /* the store and the legend */
	free(svg);
	free(out);
	fx_free(&x);

	/* A region name that is no country code: unknown, also red; an EEA one is not. */
	fx_build(&x, "da");
	assert_int_equal(vc_fact_add(&x.facts, "teams", "policy:Global", "recording.storage_region",
				     json_pack("[ss]", "tenant-region", "tenant-region"), &xprov), 0);
	assert_int_equal(vc_fact_add(&x.facts, "zoom", "account", "datacenter.regions",
				     json_pack("[ss]", "DK", "de"), &xprov), 0);
	out = render_checked(&x.a, NULL, &len);
	svg = svg_of(out);
	assert_non_null(strstr(svg, ">Microsoft Teams: leverandørens servere</text>"));
	assert_non_null(strstr(svg, ">område ukendt: tenant-region</text>"));
	assert_non_null(strstr(svg, ">EØS: DK, de</text>"));
	free(svg);
	free(out);
	fx_free(&x);
	assert_true(vc_report_region_in_eea("dk"));
	assert_true(vc_report_region_in_eea("NO"));
	assert_false(vc_report_region_in_eea("US"));
	assert_false(vc_report_region_in_eea("GB"));
}

/* A hostile recording path reaches the document and the SVG only as text. */
static void test_hostile_path(void **state)
{
	char *out, *svg;
	struct fx x;
	size_t len;

	(void)state;
	fx_build(&x, "en");
	assert_string_equal(x.facts.v[0].key, "recording.local.path");
	json_decref(x.facts.v[0].value);
	x.facts.v[0].value = json_string("/home/u/" HOSTILE);
	free(x.findings.v[2].ev[0].source);
	x.findings.v[2].ev[0].source = xstrdup(HOSTILE);
	out = render_checked(&x.a, NULL, &len);
	svg = svg_of(out);
	assert_non_null(strstr(svg, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=&quot;"
				    "x&#39;"));
	assert_non_null(strstr(out, "<code>&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(out, "\"onload="));
	assert_null(strstr(out, "alert(1)</script"));
	free(svg);
	free(out);
	fx_free(&x);
}

static void test_empty_audit(void **state)
{
	struct vc_audit a = { 0 };
	size_t len;
	char *out;

	(void)state;
	out = render_checked(&a, "da", &len);
	assert_non_null(strstr(out, "Revisionen fandt intet videomødeprodukt."));
	assert_non_null(strstr(out, "Revisionen indeholder ingen oplysninger om, hvor "
				    "mødedata ender."));
	assert_non_null(strstr(out, "Ingen resultater."));
	free(out);
}

/* The checks above would see a broken document: an undefined entity, a stray tag. */
static void test_parser_sees_errors(void **state)
{
	static const char bad[] = "<!DOCTYPE html>\n<html><body><p>&nbsp;</div></body></html>";
	xmlDocPtr doc;

	(void)state;
	parse_errors = 0;
	parse_quiet = 1;
	xmlSetStructuredErrorFunc(NULL, on_error);
	doc = xmlReadMemory(bad, (int)sizeof(bad) - 1, "bad.html", "UTF-8", XML_PARSE_NONET);
	xmlFreeDoc(doc);
	assert_true(parse_errors > 0);
	parse_errors = 0;
	doc = htmlReadMemory(bad, (int)sizeof(bad) - 1, "bad.html", "UTF-8", HTML_PARSE_NONET);
	xmlFreeDoc(doc);
	assert_true(parse_errors > 0);
	xmlSetStructuredErrorFunc(NULL, NULL);
	parse_quiet = 0;
}

static void test_registered(void **state)
{
	(void)state;
	assert_ptr_equal(vc_reporter_find("html")->write, vc_report_html_write);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_en),
		cmocka_unit_test(test_golden_da),
		cmocka_unit_test(test_sections_in_order),
		cmocka_unit_test(test_summary_and_findings),
		cmocka_unit_test(test_danish),
		cmocka_unit_test(test_map_colours),
		cmocka_unit_test(test_hostile_path),
		cmocka_unit_test(test_empty_audit),
		cmocka_unit_test(test_parser_sees_errors),
		cmocka_unit_test(test_registered),
	};
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	if (slash && (size_t)(slash - argv[0]) < sizeof(bin_dir))
		snprintf(bin_dir, sizeof(bin_dir), "%.*s", (int)(slash - argv[0]), argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
