#ifndef VC_REPORT_WORDS_H
#define VC_REPORT_WORDS_H
/*
 * The fixed words of the reports in English and Danish, shared by the
 * text, Markdown, CSV and JUnit reporters. Danish GDPR terms follow the
 * official text of the Regulation (LEGAL.md §8). All strings are static;
 * nothing is allocated.
 */
#include <stdio.h>
#include "../engine/finding.h"

/*
 * The words of the document for the authority (document.c, flowmap.c; the
 * statement's sentences are in statement.c): section headings, topic and
 * map labels, Art. 30 and breach texts.
 */
struct vc_report_doc_words {
	const char *doc_title, *sec_summary, *sec_statement, *sec_map, *sec_art30, *sec_breach;
	const char *sec_appendix, *scope_root, *time;
	const char *yes, *no, *days, *never_deleted;
	const char *topic[7];                   /* recordings go, who records, ... */
	const char *no_products;
	/* data-flow map */
	const char *map_intro, *participants, *sync, *third_country, *eea, *region_unknown;
	const char *cloud_recording, *cloud_recording_off, *provider_servers, *third_party;
	const char *encrypted, *not_encrypted, *boundary_in, *boundary_out;
	const char *legend_red, *legend_amber, *legend_plain, *map_empty;
	/* Art. 30 */
	const char *art30_intro, *art30_item[7], *to_complete, *art30_c_hint, *art30_e_gap;
	/* breach readiness */
	const char *contact_point, *contact_missing, *enc_storage, *enc_all, *enc_some_not;
	const char *enc_unknown, *recordings_found, *rule_72h, *procedure, *procedure_missing;
	/* appendix */
	const char *sources, *path, *kind, *bytes, *parameters, *products_versions;
	const char *no_sources, *no_diagnostics;
};

struct vc_report_words {
	const char *lang;                       /* "en" or "da" */
	const char *status[VC_ST__COUNT];       /* "failed", "ikke bestået" */
	const char *tag[VC_ST__COUNT];          /* "FAIL", "IKKE BESTÅET" */
	const char *sev[VC_SEV_CRITICAL + 1];   /* "high", "høj" */
	char decimal;                           /* '.' or ',' */
	/* header */
	const char *title, *target, *profile, *generated, *version, *rules, *score, *results;
	const char *by_severity, *before, *after, *none, *pseudo_note;
	/* text report header: "Severity: high 1 (failed, before waivers)" or "no failures" */
	const char *severity, *failing_before, *no_failures;
	/* findings */
	const char *top_five, *more_below, *nothing_to_fix, *by_article, *no_article, *no_findings;
	const char *article;                    /* heading of an article: "Art." / "Artikel" */
	const char *ref_sep;                    /* between references: ", " / "; " (they hold commas) */
	const char *product, *scope, *gdpr, *detail, *evidence, *remediation, *waiver;
	const char *justification, *real, *approved_by, *valid_until, *expired, *absent;
	const char *diagnostics, *host;
	const char *not_listed;                 /* text: "passed 12, not applicable 3 (not listed)" */
	/* CSV column headers, in column order (see csv.c) */
	const char *csv_col[14];
	const struct vc_report_doc_words *doc;  /* the HTML document's words */
};

/* The words for `lang`: Danish for "da", English for anything else (NULL too). */
const struct vc_report_words *vc_report_words(const char *lang);

/* "failed" / "?" for an out-of-range value; same for the tag and severity. */
const char *vc_report_status_word(const struct vc_report_words *w, enum vc_status s);
const char *vc_report_status_tag(const struct vc_report_words *w, enum vc_status s);
const char *vc_report_severity_word(const struct vc_report_words *w, enum vc_severity s);

/* Write score `x` with one decimal in `w`'s notation ("87.5", "87,5"); not finite as 0. */
void vc_report_put_score(FILE *f, const struct vc_report_words *w, double x);

/* Display name of a product id ("Microsoft Teams"; "host" gives w->host), or NULL. */
const char *vc_report_product_name(const struct vc_report_words *w, const char *id);

/* 1 for a product the organisation runs on its own server (Jitsi Meet, BigBlueButton). */
int vc_report_self_hosted(const char *id);

/*
 * Display name of a sync or storage provider id of the facts ("onedrive" ->
 * "OneDrive", "gdrive" -> "Google Drive"); an id it does not know as is.
 */
const char *vc_report_provider_name(const char *id);

/*
 * The article number a GDPR reference starts with ("Art. 32(1)(a)" -> 32,
 * "Art. 44" -> 44), or 0 when `ref` is not of that form.
 */
int vc_report_gdpr_article(const char *ref);

/*
 * Official title of a GDPR article in `w`'s language, or NULL. Only the
 * articles whose Danish title LEGAL.md §8 gives from the official text are
 * listed (25, 30, 32, 33, 34, 35); other articles are shown by number only.
 */
const char *vc_report_article_title(const struct vc_report_words *w, int article);

/* Plain-language name of a fact key in `w`'s language ("Local recording folder"), or NULL. */
const char *vc_report_fact_label(const struct vc_report_words *w, const char *key);

/*
 * A GDPR reference as the reader's language writes it: "Art. 5(1)(f)" in
 * English, "art. 5, stk. 1, litra f" in Danish. Writes at most n bytes to out
 * and returns it; a reference of another shape is copied as it is.
 */
const char *vc_report_gdpr_ref(const struct vc_report_words *w, const char *ref, char *out,
			       size_t n);

/*
 * A finding's message (eval.c, engine/message.h) in w's language: its fixed
 * phrases translated, fact names, values and paths left as they are.
 * Returns a new string for the caller to free, or NULL when out of memory.
 */
char *vc_report_message(const struct vc_report_words *w, const char *msg);

/*
 * The HTML reports are self-contained: this policy makes the browser refuse
 * anything a report (or a hostile string that slipped into one) would fetch
 * or run — scripts, fonts, frames, remote images — so opening a report never
 * tells anyone that it was opened.
 */
#define VC_HTML_CSP_META \
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; " \
	"style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\"/>\n"

#endif
