/*
 * The document for the authority (auditor/report/document.c, statement.c),
 * built once from the synthetic audit of report_fixture.h and read back as
 * a reader would: each section's text, block by block, and what is marked
 * unknown or left to fill in. The HTML and PDF reporters only render it
 * (test_report_html.c, test_report_pdf.c).
 */
#include "testutil.h"
#include "report_fixture.h"
#include "report/document.h"
#include "report/clean.h"

/* ---- reading a document ---- */

static struct vc_doc *build(const struct vc_audit *a, const char *lang)
{
	struct vc_doc *d = NULL;

	assert_int_equal(vc_doc_build(&d, a, lang), 0);
	assert_non_null(d);
	return d;
}

/* Index of the SECTION block with `anchor`; fails when absent. */
static size_t section_at(const struct vc_doc *d, const char *anchor)
{
	size_t i;

	for (i = 0; i < d->nb; i++)
		if (d->b[i].kind == VC_DOC_SECTION && d->b[i].anchor &&
		    !strcmp(d->b[i].anchor, anchor))
			return i;
	fail_msg("no section %s", anchor);
	return 0;
}

/*
 * The text of the section `anchor` (NULL = the whole document): a line per
 * block, cells as " | ", record lines as " / "; with only_style >= 0 just
 * the spans of that style, one per line.
 */
static char *text_of(const struct vc_doc *d, const char *anchor, int only_style)
{
	size_t i = anchor ? section_at(d, anchor) : 0, k, n = 0;
	const struct vc_doc_span *s;
	char *buf = NULL;
	FILE *m = open_memstream(&buf, &n);

	assert_non_null(m);
	for (; i < d->nb; i++) {
		if (anchor && d->b[i].kind == VC_DOC_SECTION && strcmp(d->b[i].anchor, anchor))
			break;
		for (k = 0; k < d->b[i].nspan; k++) {
			s = &d->s[d->b[i].span0 + k];
			if (only_style >= 0 && (int)s->style != only_style)
				continue;
			fputs(s->style == VC_DOC_CELL ? " | " : s->style == VC_DOC_BREAK ? " / " :
			      vc_doc_text(d, s), m);
			if (only_style >= 0)
				fputc('\n', m);
		}
		if (only_style < 0)
			fputc('\n', m);
	}
	assert_int_equal(fclose(m), 0);
	return buf;
}

static size_t count_kind(const struct vc_doc *d, enum vc_doc_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < d->nb; i++)
		n += d->b[i].kind == kind;
	return n;
}

static void add_fact(struct fx *x, const char *product, const char *scope, const char *key,
		     json_t *v)
{
	struct vc_prov p = { ZOOM_INI, NULL, 3 };

	assert_int_equal(vc_fact_add(&x->facts, product, scope, key, v, &p), 0);
}

/* ---- the sections ---- */

static void test_sections_in_order(void **state)
{
	static const char *const anchors[] = { "summary", "statement", "map", "findings", "art30",
					       "breach", "appendix" };
	static const char *const titles[] = { "1. Sammenfatning", "2. Sådan arbejder vi med "
					      "videomøder", "3. Dataflow" };
	struct vc_doc *d;
	struct fx x;
	size_t i, last = 0;

	(void)state;
	fx_build(&x, "da");
	d = build(&x.a, NULL);
	assert_string_equal(d->lang, "da");
	assert_int_equal(d->b[0].kind, VC_DOC_TITLE);
	assert_int_equal(count_kind(d, VC_DOC_SECTION), 7);
	for (i = 0; i < 7; i++) {
		assert_true(section_at(d, anchors[i]) > last);
		last = section_at(d, anchors[i]);
	}
	for (i = 0; i < 3; i++)
		assert_string_equal(vc_doc_text(d, &d->s[d->b[section_at(d, anchors[i])].span0]),
				    titles[i]);
	assert_non_null(strstr(d->head, "— host ws-042"));
	/* the map is drawn in its section */
	assert_non_null(d->map);
	assert_int_equal(count_kind(d, VC_DOC_MAP), 1);
	vc_doc_free(d);
	fx_free(&x);
}

static void test_summary(void **state)
{
	struct vc_doc *d;
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "en");
	d = build(&x.a, "da");
	t = text_of(d, "summary", -1);
	assert_non_null(strstr(t, "Score | 28,6 før dispensationer, 42,9 efter dispensationer"));
	assert_non_null(strstr(t, "Resultat | ikke bestået 2, fejl 1, manuel kontrol 1, "
				  "dispenseret 1, bestået 2, ikke relevant 1"));
	assert_non_null(strstr(t, "Ikke bestået, før dispensationer | høj 2, middel 1"));
	/* the action plan: what failed first, then the error; with what to do */
	assert_int_equal(count_kind(d, VC_DOC_STEP), 3);
	assert_true(pos_of(t, "host.encryption.recording-disk") <
		    pos_of(t, "zoom.local-recording.cloud-sync"));
	assert_true(pos_of(t, "zoom.local-recording.cloud-sync") <
		    pos_of(t, "jitsi.secrets.jwt-secret"));
	assert_non_null(strstr(t, "Afhjælpning: Kryptér disken"));
	free(t);
	vc_doc_free(d);
	fx_free(&x);
}

static void test_findings_by_article(void **state)
{
	struct vc_doc *d;
	struct fx x;
	size_t i, first;
	char *t;

	(void)state;
	fx_build(&x, "en");
	d = build(&x.a, NULL);
	t = text_of(d, "findings", -1);
	assert_true(pos_of(t, "Art. 5\n") < pos_of(t, "Art. 32 — Security of processing"));
	assert_true(pos_of(t, "Art. 32 — Security of processing") <
		    pos_of(t, "No GDPR article given"));
	assert_non_null(strstr(t, "Evidence:\n" ZOOM_INI ":12: recording.local.path = "
				  "\"/home/u-7f3a9c/Dropbox/Zoom\""));
	assert_non_null(strstr(t, "Waiver: approved by Mette Sørensen (DPO), valid until "
				  "2099-12-31; Justification: Board recordings"));
	assert_non_null(strstr(t, "(expired)"));
	free(t);
	/* each finding's blocks carry its number and status, a new number per finding */
	first = section_at(d, "findings");
	for (i = first; i < d->nb && d->b[i].kind != VC_DOC_PARA; i++)
		;
	assert_true(d->b[i].finding > 0);
	assert_int_equal(d->s[d->b[i].span0].style, VC_DOC_TAG);
	assert_int_equal(d->b[i].status, d->s[d->b[i].span0].status);
	for (; i + 1 < d->nb && d->b[i + 1].finding == d->b[i].finding; i++)
		;
	assert_int_equal(d->b[i + 1].finding, d->b[i].finding + 1);
	vc_doc_free(d);
	fx_free(&x);
}

/* ---- the configuration statement ---- */

static void test_statement_sentences(void **state)
{
	struct vc_doc *d;
	struct fx x;
	char *t, *unk;

	(void)state;
	fx_build(&x, "en");
	d = build(&x.a, NULL);
	t = text_of(d, "statement", -1);
	/* sentences, not "label: value" lines */
	assert_non_null(strstr(t, "Where recordings go. Local recordings are saved in the folder "
				  "/home/u-7f3a9c/Dropbox/Zoom (set for 1 user). It lies inside a "
				  "folder that Dropbox synchronises, so the recordings are also "
				  "copied to Dropbox, a third party outside the organisation."));
	assert_non_null(strstr(t, "Retention. Recordings are deleted automatically after 365 "
				  "days.\n"));
	assert_non_null(strstr(t, "The audit found 2 recordings of Zoom on disk."));
	assert_null(strstr(t, "Local recording folder:"));
	/* what is unknown says so, and what to confirm, once per topic */
	unk = text_of(d, "statement", VC_DOC_UNKNOWN);
	assert_non_null(strstr(unk, "Unknown: whether the folder is on encrypted storage. Confirm "
				    "that the disk is encrypted"));
	assert_non_null(strstr(unk, "Unknown: whether end-to-end encryption is used and whether "
				    "encrypted transport is required. Confirm it in the "
				    "administration settings of Zoom and complete this statement."));
	assert_int_equal(count_of(unk, "Confirm it in the administration settings of Zoom"), 6);
	free(unk);
	free(t);
	vc_doc_free(d);
	fx_free(&x);
}

/* A folder that the machine and two users name is one sentence, in both languages. */
static void test_statement_one_and_many(void **state)
{
	static const char folder[] = "/Users/u-1/Library/CloudStorage/OneDrive-Org/Zoom";
	struct vc_doc *d;
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "en");
	add_fact(&x, "webex", "host", "recording.local.path", json_string(folder));
	add_fact(&x, "webex", "user:u-1", "recording.local.path", json_string(folder));
	add_fact(&x, "webex", "user:u-2", "recording.local.path", json_string(folder));
	add_fact(&x, "webex", "host", "recording.local.path.cloud_sync", json_string("onedrive"));
	add_fact(&x, "webex", "user:u-1", "recording.local.path.cloud_sync", json_string("onedrive"));
	add_fact(&x, "webex", "user:u-2", "recording.local.path.cloud_sync", json_string("onedrive"));
	add_fact(&x, "webex", "user:u-1", "recording.local.allowed", json_true());
	add_fact(&x, "webex", "user:u-2", "recording.local.allowed", json_false());
	add_fact(&x, "webex", "host", "recording.local.allowed", json_false());
	add_fact(&x, "webex", "host", "recording.retention_days", json_integer(1));

	d = build(&x.a, NULL);
	t = text_of(d, "statement", -1);
	assert_int_equal(count_of(t, "Local recordings are saved in the folder"), 2);  /* + Zoom */
	assert_non_null(strstr(t, folder));
	assert_non_null(strstr(t, "(set for 2 users and for the whole computer). It lies inside "
				  "a folder that OneDrive synchronises"));
	assert_non_null(strstr(t, "Participants may record meetings to their own computer (set "
				  "for 1 user). Recording to one's own computer is turned off (set "
				  "for 1 user and for the whole computer)."));
	assert_non_null(strstr(t, "deleted automatically after 1 day."));
	free(t);
	vc_doc_free(d);

	d = build(&x.a, "da");
	t = text_of(d, "statement", -1);
	assert_non_null(strstr(t, "Lokale optagelser gemmes i mappen " ));
	assert_non_null(strstr(t, "(indstillet for 2 brugere og for hele computeren). Den ligger "
				  "i en mappe, som OneDrive synkroniserer, så optagelserne kopieres "
				  "også til OneDrive, en tredjepart uden for organisationen."));
	assert_non_null(strstr(t, "Deltagerne må optage møder til deres egen computer "
				  "(indstillet for 1 bruger)."));
	assert_non_null(strstr(t, "Optagelser slettes automatisk efter 1 dag."));
	assert_non_null(strstr(t, "Optagelser slettes automatisk efter 365 dage."));
	free(t);
	vc_doc_free(d);
	fx_free(&x);
}

/* Values that differ between policies; regions inside, outside and unknown to the EEA. */
static void test_statement_policies_and_regions(void **state)
{
	struct vc_doc *d;
	struct fx x;
	char *t, *unk;

	(void)state;
	fx_build(&x, "da");
	add_fact(&x, "teams", "policy:Global", "recording.cloud.allowed", json_true());
	add_fact(&x, "teams", "policy:Tag:A", "recording.cloud.allowed", json_false());
	add_fact(&x, "teams", "policy:Tag:B", "recording.cloud.allowed", json_false());
	add_fact(&x, "teams", "policy:Global", "recording.storage_region",
		 json_pack("[s]", "tenant-region"));
	add_fact(&x, "zoom", "account", "recording.storage_region", json_pack("[ss]", "US", "DE"));
	add_fact(&x, "zoom", "account", "datacenter.regions", json_pack("[ss]", "DK", "NL"));
	add_fact(&x, "zoom", "account", "storage.thirdparty", json_pack("[s]", "box"));
	add_fact(&x, "teams", "host", "storage.thirdparty", json_pack("[ss]", "gdrive", "dropbox"));
	d = build(&x.a, NULL);
	t = text_of(d, "statement", -1);
	assert_non_null(strstr(t, "Optagelse i skyen hos Microsoft Teams er tilladt: Microsoft "
				  "Teams opbevarer så optagelserne som databehandler for den "
				  "dataansvarlige (indstillet i politikken Global)."));
	assert_non_null(strstr(t, "Optagelse i skyen hos Microsoft Teams er slået fra "
				  "(indstillet i politikkerne Tag:A og Tag:B)."));
	assert_non_null(strstr(t, "Optagelser lagres i US og DE, hvilket omfatter et tredjeland "
				  "uden for EØS"));
	assert_non_null(strstr(t, "Mødetrafikken går gennem datacentre i DK og NL, inden for "
				  "EØS."));
	assert_non_null(strstr(t, "Optagelser kan sendes til Box, en tredjepart, der kræver en "
				  "databehandleraftale."));
	assert_non_null(strstr(t, "Optagelser kan sendes til Google Drive og Dropbox, "
				  "tredjeparter, der hver kræver en databehandleraftale."));
	/* Teams has no local client recording: nothing asked about it */
	assert_null(strstr(t, "om deltagerne må optage til deres egen computer og om de øvrige "
			      "deltagere får besked om en lokal optagelse. Bekræft det i "
			      "administrationsindstillingerne for Microsoft Teams"));
	unk = text_of(d, "statement", VC_DOC_UNKNOWN);
	assert_non_null(strstr(unk, "Ukendt: hvilket land tenant-region ligger i. Bekræft det hos "
				    "Microsoft Teams."));
	assert_true(count_of(unk, "Ukendt: ") >= count_of(unk, "Bekræft"));
	assert_null(strstr(unk, "Unknown"));
	free(unk);
	free(t);
	vc_doc_free(d);
	fx_free(&x);
}

/* ---- the map, Art. 30, breach, appendix ---- */

/* A folder named at host and user scope is one box with one edge from its product. */
/* Recordings found in sync folders are named, whatever the client's setting. */
static void test_statement_recordings_in_sync_folders(void **state)
{
	struct vc_doc *d;
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "en");
	add_fact(&x, "webex", "user:u-1", "recording.local.allowed", json_true());
	add_fact(&x, "webex", "user:u-1", "artifacts.recordings",
		 json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s}]",
			   "product", "webex", "path", "/home/u-1/Dropbox/a", "cloud_sync", "dropbox",
			   "product", "webex", "path", "/home/u-1/OneDrive/b", "cloud_sync",
			   "onedrive", "product", "webex", "path", "/home/u-1/c"));
	d = build(&x.a, NULL);
	t = text_of(d, "statement", -1);
	assert_non_null(strstr(t, "The audit found 3 recordings of Webex on disk. 2 of them lie "
				  "in folders synchronised by Dropbox and OneDrive, so Dropbox and "
				  "OneDrive may already hold copies."));
	free(t);
	vc_doc_free(d);
	d = build(&x.a, "da");
	t = text_of(d, "statement", -1);
	assert_non_null(strstr(t, "Revisionen fandt 3 optagelser fra Webex på disken. 2 af dem "
				  "ligger i mapper, der synkroniseres af Dropbox og OneDrive"));
	free(t);
	vc_doc_free(d);
	fx_free(&x);
}

static void test_map_one_box_per_folder(void **state)
{
	static const char folder[] = "/Users/u-1/Documents/Zoom";
	struct vc_doc *d;
	struct fx x;
	int i, boxes = 0, in = 0, prod = -1, box = -1;

	(void)state;
	fx_build(&x, "en");
	add_fact(&x, "zoom", "host", "recording.local.path", json_string(folder));
	add_fact(&x, "zoom", "user:u-1", "recording.local.path", json_string(folder));
	add_fact(&x, "zoom", "user:u-1", "recording.local.path.encrypted", json_true());
	add_fact(&x, "host", "user:u-1", "artifacts.recordings",
		 json_pack("[{s:s, s:s}]", "product", "zoom", "path",
			   "/Users/u-1/Documents/Zoom/2024-01-01 m-1"));
	d = build(&x.a, NULL);
	for (i = 0; i < d->map->nn; i++) {
		if (strstr(d->map->n[i].l1, "Documents/Zoom")) {
			boxes++;
			box = i;
		}
		if (!strcmp(d->map->n[i].l1, "Zoom"))
			prod = i;
	}
	assert_int_equal(boxes, 1);
	assert_string_equal(d->map->n[box].l2, "encrypted");
	/* the recording found in it is counted in the box, not drawn beside it */
	assert_string_equal(d->map->n[box].l3, "Recordings found on disk: 1");
	for (i = 0; i < d->map->ne; i++)
		in += d->map->e[i].to == box;
	assert_int_equal(in, 1);
	for (i = 0; i < d->map->ne; i++)
		if (d->map->e[i].to == box)
			assert_int_equal(d->map->e[i].from, prod);
	/* a long path keeps its end, where the sync provider's folder shows */
	vc_doc_free(d);
	add_fact(&x, "zoom", "user:u-2", "recording.local.path",
		 json_string("/Users/user-e8e6a26f/Library/CloudStorage/OneDrive-Eksempel/Zoom"));
	d = build(&x.a, NULL);
	for (box = -1, i = 0; i < d->map->nn; i++)
		if (strstr(d->map->n[i].l1, "OneDrive"))
			box = i;
	assert_true(box >= 0);
	assert_string_equal(d->map->n[box].l1, "/Users/user-e8e…udStorage/OneDrive-Eksempel/Zoom");
	assert_int_equal(vc_report_clean_width(d->map->n[box].l1), VC_FLOWMAP_LABEL_MAX);
	/* the boundary lies between the folders and what is outside */
	assert_true(d->map->boundary_x > d->map->n[box].x + d->map->n[box].w);
	vc_doc_free(d);
	fx_free(&x);
}

static void test_art30_breach_appendix(void **state)
{
	struct vc_doc *d;
	struct fx x;
	char *t;

	(void)state;
	fx_build(&x, "da");
	d = build(&x.a, NULL);
	assert_int_equal(count_kind(d, VC_DOC_RECORD), 7);
	t = text_of(d, "art30", VC_DOC_GAP);
	assert_int_equal(count_of(t, "skal udfyldes"), 5);   /* (a), (b), (c), (e), (g) */
	free(t);
	t = text_of(d, "art30", -1);
	assert_non_null(strstr(t, "a) Den dataansvarlige, repræsentant, databeskyttelsesrådgiver"
				  " | skal udfyldes"));
	assert_non_null(strstr(t, "f) Tidsfrister for sletning | Optagelser slettes automatisk "
				  "efter: 365 dage (Zoom, account)"));
	assert_non_null(strstr(t, "d) Kategorier af modtagere | Produkt: Zoom / "
				  "Synkroniseringstjeneste for den lokale mappe: Dropbox (Zoom, "
				  "user:u-7f3a9c)\n"));
	free(t);
	t = text_of(d, "breach", -1);
	assert_non_null(strstr(t, "brud på persondatasikkerheden anmeldes til "
				  "tilsynsmyndigheden"));
	assert_non_null(strstr(t, "intet kontaktpunkt i organisationsfilen: skal udfyldes"));
	assert_non_null(strstr(t, "Optagelser fundet på disk: 2"));
	free(t);
	t = text_of(d, "appendix", -1);
	assert_non_null(strstr(t, "Produkt | Sti | Art | SHA-256 | Bytes\nzoom 5.17.11.34827 | "
				  ZOOM_INI " | ini | " ZOOM_INI_SHA256 " | 2048\n"));
	/* a file name from disk reaches the document cleaned: no terminal escape */
	assert_non_null(strstr(t, ".zoom/?]0;pwned?notes.ini:3: binary file skipped"));
	free(t);
	t = text_of(d, NULL, -1);
	assert_null(strchr(t, '\033'));
	assert_null(strchr(t, '\a'));
	free(t);
	vc_doc_free(d);
	fx_free(&x);
}

static void test_empty_audit(void **state)
{
	struct vc_audit a = { 0 };
	struct vc_doc *d;
	char *t;

	(void)state;
	d = build(&a, "en");
	assert_null(d->map);
	assert_int_equal(count_kind(d, VC_DOC_MAP), 0);
	t = text_of(d, NULL, -1);
	assert_non_null(strstr(t, "No video-meeting product was found in the audit."));
	assert_non_null(strstr(t, "The audit holds no facts about where meeting data goes."));
	assert_non_null(strstr(t, "No findings."));
	assert_non_null(strstr(t, "No source files recorded."));
	free(t);
	vc_doc_free(d);
	vc_doc_free(NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_in_order),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_findings_by_article),
		cmocka_unit_test(test_statement_sentences),
		cmocka_unit_test(test_statement_one_and_many),
		cmocka_unit_test(test_statement_policies_and_regions),
		cmocka_unit_test(test_statement_recordings_in_sync_folders),
		cmocka_unit_test(test_map_one_box_per_folder),
		cmocka_unit_test(test_art30_breach_appendix),
		cmocka_unit_test(test_empty_audit),
	};
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;

	(void)render;
	(void)check_golden;
	if (slash && (size_t)(slash - argv[0]) < sizeof(bin_dir))
		snprintf(bin_dir, sizeof(bin_dir), "%.*s", (int)(slash - argv[0]), argv[0]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
