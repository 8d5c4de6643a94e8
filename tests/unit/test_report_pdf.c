/*
 * The PDF reporter (auditor/report/pdf.c) on the synthetic audit of
 * report_fixture.h. The PDF is written to a temporary file and read back
 * with poppler's pdftotext and pdfinfo, as a reader's viewer would; the
 * tests are skipped when pdftotext is not installed (make deps installs it).
 */
#include "testutil.h"
#include "report_fixture.h"

#include <unistd.h>

static const char *const headings_en[] = {
	"1. Summary", "2. How we work with video meetings", "3. Data-flow map",
	"4. Findings by GDPR article", "5. Record of processing activities (Art. 30)",
	"6. Breach readiness (Art. 33 and 34)", "7. Appendix: sources",
};

static const char *const headings_da[] = {
	"1. Sammenfatning", "2. Sådan arbejder vi med videomøder", "3. Dataflow",
	"4. Resultater efter artikel i", "5. Fortegnelse over behandlingsaktiviteter (art. 30)",
	"6. Beredskab ved brud på persondatasikkerheden", "7. Bilag: kilder",
};

static int have_poppler(void)
{
	return !system("command -v pdftotext >/dev/null 2>&1");
}

/* Output of `cmd` as a malloc'd string; the command must succeed. */
static char *run(const char *cmd)
{
	char *buf = NULL, chunk[4096];
	size_t n = 0, k;
	FILE *m, *p;

	m = open_memstream(&buf, &n);
	assert_non_null(m);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((k = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, k, m);
	assert_int_equal(pclose(p), 0);
	assert_int_equal(fclose(m), 0);
	return buf;
}

struct pdf {
	char path[64];
	char *data, *text;
	size_t len;
	int pages;
};

/* Render `a` as PDF in `lang` to a temporary file; read its text and page count. */
static void make_pdf(struct pdf *d, const struct vc_audit *a, const char *lang)
{
	char cmd[256], *info, *pg;
	int fd;

	snprintf(d->path, sizeof(d->path), "/tmp/vcaudit-test-XXXXXX");
	fd = mkstemp(d->path);
	assert_true(fd >= 0);
	close(fd);
	d->data = render("pdf", a, 0, lang, &d->len);
	write_file(d->path, d->data, d->len);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' - 2>&1", d->path);
	d->text = run(cmd);
	for (pg = d->text; *pg; pg++)   /* lines wrapped by the layout join again */
		if (*pg == '\n')
			*pg = ' ';
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s' 2>&1", d->path);
	info = run(cmd);
	pg = strstr(info, "Pages:");
	assert_non_null(pg);
	d->pages = (int)strtol(pg + 6, NULL, 10);
	free(info);
}

static void free_pdf(struct pdf *d)
{
	if (!getenv("VC_KEEP_PDF"))   /* VC_KEEP_PDF=1 keeps the files for a look */
		unlink(d->path);
	free(d->data);
	free(d->text);
}

/* Occurrences of `needle` in the PDF's bytes (which hold NULs). */
static int count_bytes(const struct pdf *d, const char *needle)
{
	const char *p = d->data, *end = d->data + d->len;
	size_t n = strlen(needle);
	int k = 0;

	while ((p = memmem(p, (size_t)(end - p), needle, n))) {
		k++;
		p += n;
	}
	return k;
}

/* A real PDF: header, trailer, more than a stub. */
static void assert_real_pdf(const struct pdf *d)
{
	assert_true(d->len > 4000);
	assert_memory_equal(d->data, "%PDF-", 5);
	assert_non_null(memmem(d->data, d->len, "%%EOF", 5));
	assert_true(d->pages >= 1);
}

static void test_english(void **state)
{
	char last[32];
	struct pdf d;
	struct fx x;
	size_t i, prev = 0, at;

	(void)state;
	if (!have_poppler())
		skip();
	fx_build(&x, "en");
	make_pdf(&d, &x.a, "en");
	assert_real_pdf(&d);
	for (i = 0; i < sizeof(headings_en) / sizeof(headings_en[0]); i++) {
		at = pos_of(d.text, headings_en[i]);
		assert_true(at >= prev);   /* in the order of the HTML report */
		prev = at;
	}
	pos_of(d.text, "zoom.local-recording.cloud-sync");
	pos_of(d.text, "Local recordings are not saved");
	pos_of(d.text, "The five most important things to fix");
	pos_of(d.text, ZOOM_INI_SHA256);
	pos_of(d.text, "Mette Sørensen (DPO)");
	/* the running head: title and page numbers "n / N" on every page */
	assert_true(count_of(d.text, "GDPR compliance report — host ws-042") >= (size_t)d.pages);
	snprintf(last, sizeof(last), "/ %d", d.pages);
	assert_int_equal(count_of(d.text, last), d.pages);
	/* the map is drawn, with its labels as text */
	pos_of(d.text, "Meeting participants");
	pos_of(d.text, "dropbox");
	free_pdf(&d);
	fx_free(&x);
}

static void test_danish(void **state)
{
	struct pdf d;
	struct fx x;
	size_t i;

	(void)state;
	if (!have_poppler())
		skip();
	fx_build(&x, "da");
	make_pdf(&d, &x.a, "da");
	assert_real_pdf(&d);
	for (i = 0; i < sizeof(headings_da) / sizeof(headings_da[0]); i++)
		pos_of(d.text, headings_da[i]);
	pos_of(d.text, "zoom.local-recording.cloud-sync");
	pos_of(d.text, "Lokale optagelser gemmes ikke");
	pos_of(d.text, "æ");
	pos_of(d.text, "ø");
	pos_of(d.text, "å");
	assert_null(strstr(d.text, "1. Summary"));
	free_pdf(&d);
	fx_free(&x);
}

/* Control characters and pango markup in a file name come out as literal text. */
static void test_hostile_path(void **state)
{
	static const char hostile[] = "home/u/<b>bold</b>\033[31m\x01<span foreground=\"red\">x";
	struct pdf d;
	struct fx x;

	(void)state;
	if (!have_poppler())
		skip();
	fx_build(&x, "en");
	free(x.findings.v[2].ev[0].source);
	x.findings.v[2].ev[0].source = xstrdup(hostile);
	json_decref(x.facts.v[0].value);
	x.facts.v[0].value = json_string(hostile);
	make_pdf(&d, &x.a, "en");
	assert_real_pdf(&d);
	pos_of(d.text, "<b>bold</b>?[31m?<span foreground=\"red\">x");
	assert_null(strchr(d.text, '\033'));
	assert_null(strchr(d.text, '\x01'));
	pos_of(d.text, "7. Appendix: sources");   /* the rest of the document is there */
	free_pdf(&d);
	fx_free(&x);
}

/* Many findings do not fit on one page: the document breaks pages and numbers them. */
static void test_paginates(void **state)
{
	char last[32];
	struct pdf d;
	struct fx x;
	int i;

	(void)state;
	if (!have_poppler())
		skip();
	fx_build(&x, "en");
	for (i = 0; i < 120; i++)
		add_finding(&x, R_SYNC, "zoom", "user:u-many", VC_ST_FAIL, VC_ST_FAIL,
			    "recording.local.path is synchronised by dropbox");
	make_pdf(&d, &x.a, "en");
	assert_real_pdf(&d);
	assert_true(d.pages > 3);
	assert_int_equal(count_bytes(&d, "/Type /Page\n") + count_bytes(&d, "/Type /Page "),
			 d.pages);
	snprintf(last, sizeof(last), "/ %d", d.pages);
	assert_int_equal(count_of(d.text, last), d.pages);
	free_pdf(&d);
	fx_free(&x);
}

static void test_registered(void **state)
{
	(void)state;
	assert_ptr_equal(vc_reporter_find("pdf")->write, vc_report_pdf_write);
	(void)check_golden;   /* no golden PDF: it carries its creation time */
}

/*
 * fontconfig keeps its font cache for the life of the process and frees it
 * only in FcFini(): not a leak of the reporter. Read by LeakSanitizer in
 * `make asan`, ignored otherwise.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_danish),
		cmocka_unit_test(test_hostile_path),
		cmocka_unit_test(test_paginates),
		cmocka_unit_test(test_registered),
	};
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	if (slash && (size_t)(slash - argv[0]) < sizeof(bin_dir))
		snprintf(bin_dir, sizeof(bin_dir), "%.*s", (int)(slash - argv[0]), argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
