#ifndef VC_REPORT_DOCUMENT_H
#define VC_REPORT_DOCUMENT_H
/*
 * The document for the authority, derived once from an audit in one
 * language (document.c, statement.c) and only rendered by the HTML
 * (html.c) and PDF (pdf.c) reporters.
 *
 * A document is a sequence of blocks (title, section heading, heading,
 * paragraph, list items, table rows, the data-flow map), each a run of
 * inline spans (plain text, code, emphasis, a status tag, an unknown fact
 * to confirm, a gap to fill in). Every span's text is cleaned (clean.h):
 * one line, no control characters, valid UTF-8; a renderer escapes it for
 * its format and never interprets it.
 *
 * Sections, in order: 1. summary; 2. configuration statement per product,
 * in sentences (statement.c); 3. data-flow map; 4. findings by GDPR
 * article; 5. Art. 30 record; 6. breach readiness (Art. 33 and 34);
 * 7. appendix: versions, profile, sources with SHA-256, diagnostics.
 */
#include <stddef.h>
#include "report.h"
#include "words.h"
#include "flowmap.h"

#define VC_DOC_TEXT_MAX (64u << 20)   /* bytes of text in one document */
#define VC_DOC_SPANS_MAX 2000000u     /* spans, and blocks, in one document */
#define VC_DOC_TOP 5                  /* entries of "the five most important things to fix" */
#define VC_DOC_REC_MAX 50             /* recordings listed one by one in the breach section */

enum vc_doc_style {
	VC_DOC_TEXT,
	VC_DOC_CODE,      /* a path, rule id, digest or raw value */
	VC_DOC_EM,        /* a label inside a line ("Remediation:") */
	VC_DOC_STRONG,
	VC_DOC_UNKNOWN,   /* "Unknown: ... Confirm ..." */
	VC_DOC_GAP,       /* "to be completed" */
	VC_DOC_TAG,       /* a finding's status tag; span.status says which */
	VC_DOC_CELL,      /* rows: the next cell starts here (no text) */
	VC_DOC_BREAK,     /* records: the next line starts here (no text) */
};

enum vc_doc_kind {
	VC_DOC_TITLE,     /* the document's title */
	VC_DOC_SECTION,   /* "n. Title" of a main section; anchor set */
	VC_DOC_HEADING,   /* a heading inside a section */
	VC_DOC_PARA,
	VC_DOC_ITEM,      /* a bullet */
	VC_DOC_ITEM2,     /* a bullet inside the ITEM before it */
	VC_DOC_STEP,      /* a numbered entry; consecutive steps count 1, 2, ... */
	VC_DOC_FIELD,     /* label CELL value: a row of a two-column table */
	VC_DOC_RECORD,    /* label CELL line BREAK line ...: an Art. 30 entry */
	VC_DOC_HEAD_ROW,  /* column headings, CELL-separated */
	VC_DOC_ROW,       /* a data row under the last HEAD_ROW */
	VC_DOC_MAP,       /* the data-flow map (vc_doc.map), no spans */
};

struct vc_doc_span {
	enum vc_doc_style style;
	enum vc_status status;   /* VC_DOC_TAG */
	size_t off, len;         /* text: vc_doc_text(); NUL-terminated */
};

struct vc_doc_block {
	enum vc_doc_kind kind;
	const char *anchor;      /* VC_DOC_SECTION: "summary", "statement", ... */
	int finding;             /* 0, or the 1-based number of the finding the block shows */
	enum vc_status status;   /* with finding: its status */
	size_t span0, nspan;     /* spans [span0, span0 + nspan) */
};

struct vc_doc {
	const struct vc_report_words *w;
	const char *lang;            /* "en" or "da" */
	char *head;                  /* running head: "Title — host ws-042" (cleaned) */
	char *name;                  /* the target's name (cleaned), for a window title */
	struct vc_doc_block *b;
	size_t nb, capb;
	struct vc_doc_span *s;
	size_t ns, caps;
	char *text;
	size_t ntext, captext;
	struct vc_flowmap *map;      /* NULL when the audit holds nothing to draw */
	/* while building */
	int finding, findings, err;   /* the finding being shown, how many so far */
	enum vc_status status;
};

/*
 * Build the document of `a` in `lang` (NULL = a->lang). *out is owned by the
 * caller: vc_doc_free() it. 0, VC_ENOMEM, or VC_ELIMIT past the caps above.
 */
int vc_doc_build(struct vc_doc **out, const struct vc_audit *a, const char *lang);
void vc_doc_free(struct vc_doc *d);

/* The text of span `s` of `d` (never NULL). */
const char *vc_doc_text(const struct vc_doc *d, const struct vc_doc_span *s);

/* ---- building (document.c; used by statement.c) ---- */

/* Start a block of `kind`; it belongs to the current finding, if any. */
void vc_doc_block(struct vc_doc *d, enum vc_doc_kind kind);
/* Append `s` (NULL gives nothing) cleaned, cut at `max` characters when max > 0. */
void vc_doc_put(struct vc_doc *d, enum vc_doc_style style, const char *s, size_t max);
/* Append formatted fixed words or numbers. */
void vc_doc_fmt(struct vc_doc *d, enum vc_doc_style style, const char *fmt, ...)
	VC_PRINTF(3, 4);
/* Append a status tag. */
void vc_doc_tag(struct vc_doc *d, enum vc_status status);

/*
 * Append a sentence template: "{0}".."{9}" are replaced by arg[n] in style
 * arg_style, the rest is `style`. Templates are fixed words.
 */
void vc_doc_tpl(struct vc_doc *d, enum vc_doc_style style, const char *tpl,
		enum vc_doc_style arg_style, const char *const *arg, size_t narg);

/* A whole paragraph of fixed words. */
void vc_doc_para(struct vc_doc *d, enum vc_doc_kind kind, enum vc_doc_style style, const char *s);

/* Section 2, the configuration statement in sentences (statement.c). */
void vc_doc_statement(struct vc_doc *d, const struct vc_audit *a);

/* The display name of a product id ("Microsoft Teams"), else the id. */
const char *vc_doc_product(const struct vc_doc *d, const char *id);

#endif
