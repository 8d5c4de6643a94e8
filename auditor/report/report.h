#ifndef VC_REPORT_H
#define VC_REPORT_H
/*
 * Reporters only read an audit's findings and facts; they never re-derive
 * results. One const entry per format in vc_reporters[] (report/registry.c).
 */
#include <stdio.h>
#include <jansson.h>
#include "../core/err.h"
#include "../engine/fact.h"
#include "../engine/finding.h"

struct vc_audit {
	const char *tool_version;
	const char *rules_version;     /* e.g. git-less: count + digest of rule files */
	char generated_at[32];         /* RFC 3339 UTC */
	const char *target_kind;       /* host | export | fleet */
	const char *target_name;       /* host name or export name */
	const char *target_root;       /* --root as given */
	char target_machine_id[33];    /* <root>/etc/machine-id (32 hex digits) or "" */
	const char *profile_id;
	json_t *profile_params;        /* borrowed object, may be NULL */
	/* borrowed array [{id, version, sources: [{path, kind, sha256, bytes}]}], may be NULL */
	json_t *products;
	const struct vc_factset *facts;        /* each may be NULL (= empty) */
	const struct vc_findings *findings;
	const struct vc_diags *diags;
	struct vc_summary summary;
	int pseudonyms_stable;         /* 0 = random key this run (report says so) */
	const char *lang;              /* "en" or "da" */
};

struct vc_report_opts {
	int color;                     /* text: ANSI colours (caller checks isatty, NO_COLOR) */
	const char *lang;              /* "en" or "da"; NULL = a->lang */
};

struct vc_reporter_entry {
	const char *name;              /* "text", "json" */
	const char *description;
	int (*write)(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
};

/* NULL-terminated; names are unique. */
extern const struct vc_reporter_entry *const vc_reporters[];
/* The entry called `name`, or NULL (also for NULL). */
const struct vc_reporter_entry *vc_reporter_find(const char *name);

/*
 * The JSON report object (DESIGN §3.7, schema vcaudit.report/1); caller decrefs.
 * Copies a->products and a->profile_params. NULL when out of memory.
 */
json_t *vc_report_json(const struct vc_audit *a);

/*
 * Flags for writing a report object: key order as built, UTF-8 kept, and
 * 15 significant digits so that scores rounded to one decimal print as such.
 */
#define VC_REPORT_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/*
 * The reporters' write callbacks. `o` may be NULL (no colour, a->lang).
 * 0, VC_ENOMEM, or VC_EIO when writing to `out` failed.
 */
int vc_report_json_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
int vc_report_text_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
/* Markdown (md.c), CSV action plan (csv.c), JUnit XML (junit.c); layouts at the top of each. */
int vc_report_md_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
int vc_report_csv_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
int vc_report_junit_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
/* Self-contained HTML document for the authority (html.c; layout at its top). */
int vc_report_html_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
/* The same document as an A4 PDF (pdf.c; cairo's PDF surface, text laid out by pango). */
int vc_report_pdf_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);

#endif
