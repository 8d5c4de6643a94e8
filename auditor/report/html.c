/*
 * HTML reporter: the document for the authority (document.h) as one
 * self-contained HTML5 file that is also well-formed XML: no external CSS,
 * fonts, images or links, no JavaScript. A print stylesheet repeats the
 * title and target at the top of every page and starts each main section on
 * a new page. The data-flow map is an inline SVG (flowmap.c).
 *
 * Rendering only: blocks map to elements (section h2, heading h3, paragraph
 * p, items ul/li with a nested list for second-level items, steps ol/li,
 * fields, records and rows a table; the blocks of one finding sit in a
 * <div class="finding">), spans to inline elements.
 *
 * Safety: every span's text is escaped (& < > " ' as character references,
 * vc_report_xml_put); no attribute value is ever taken from the audit.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "document.h"

static const char *const status_class[VC_ST__COUNT] = {
	[VC_ST_PASS] = "pass", [VC_ST_FAIL] = "fail", [VC_ST_MANUAL] = "manual",
	[VC_ST_NA] = "na", [VC_ST_ERROR] = "error", [VC_ST_WAIVED] = "waived",
};

/* The element of a block that is one element. */
static const char *const element[] = {
	[VC_DOC_TITLE] = "h1", [VC_DOC_HEADING] = "h3", [VC_DOC_PARA] = "p",
};

static const char style[] =
	"body{font-family:\"DejaVu Sans\",Arial,sans-serif;font-size:11pt;line-height:1.4;"
	"color:#1a1a1a;max-width:60em;margin:0 auto;padding:1em}\n"
	"h1{font-size:1.6em}h2{border-bottom:2px solid #4a6785;margin-top:2em}\n"
	"table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;"
	"padding:.2em .5em;text-align:left;vertical-align:top}\n"
	"code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.9em;word-break:break-all}\n"
	".runhead,.pagehead{color:#555;font-size:.85em;border-bottom:1px solid #ccc}\n"
	".pagehead{display:none}\n"
	".tag{font-weight:bold;padding:0 .3em;border-radius:3px}\n"
	".fail,.error{background:#fde2e2;color:#8a1c12}.manual{background:#fff3d6}\n"
	".waived{background:#e8e8f8}.pass{background:#e3f4e3}.na{background:#eee}\n"
	".gap{color:#8a1c12;font-style:italic}.unknown{color:#8a5a00;font-style:italic}\n"
	".finding{border-left:4px solid #ccc;padding-left:.6em;margin:.8em 0}\n"
	".flowmap{max-width:100%;height:auto}\n"
	"@page{margin:15mm}\n"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	".pagehead{display:block;page-break-before:always;break-before:page}"
	"h2.sec{margin-top:.5em;page-break-after:avoid;break-after:avoid}"
	".finding,tr,svg{page-break-inside:avoid;break-inside:avoid}}\n";

/* What is open around the current block. */
struct h {
	FILE *f;
	const struct vc_doc *d;
	int oom;
	int list;        /* 0 none, 1 <ul> open, 2 a nested <ul> open too, 3 <ol> open */
	int table;
	int finding;     /* the finding whose <div> is open, 0 none */
	int sections;
};

static void t(struct h *h, const char *s)
{
	vc_report_xml_put(h->f, s, 0, &h->oom);
}

static void close_list(struct h *h)
{
	static const char *const end[4] = { "", "</li>\n</ul>\n", "</li>\n</ul></li>\n</ul>\n",
					    "</li>\n</ol>\n" };

	fputs(end[h->list], h->f);
	h->list = 0;
}

/* Close what the next block of `kind` (in finding `finding`) does not continue. */
static void close_for(struct h *h, enum vc_doc_kind kind, int finding)
{
	int in_table = kind == VC_DOC_FIELD || kind == VC_DOC_RECORD || kind == VC_DOC_HEAD_ROW ||
		       kind == VC_DOC_ROW;

	if (h->list && (finding != h->finding ||
			(!((kind == VC_DOC_ITEM || kind == VC_DOC_ITEM2) && h->list < 3) &&
			 !(kind == VC_DOC_STEP && h->list == 3))))
		close_list(h);
	if (h->table && (!in_table || kind == VC_DOC_HEAD_ROW || finding != h->finding)) {
		fputs("</table>\n", h->f);
		h->table = 0;
	}
	if (h->finding && finding != h->finding) {
		fputs("</div>\n", h->f);
		h->finding = 0;
	}
}

/*
 * The spans of block b. In rows *cell is the open cell's element ("th" or
 * "td"): a CELL closes it and opens the next, a <th> only in a HEAD_ROW.
 */
static void spans(struct h *h, const struct vc_doc_block *b, const char **cell)
{
	const struct vc_doc *d = h->d;
	const struct vc_doc_span *s;
	unsigned st;
	size_t i;

	for (i = 0; i < b->nspan; i++) {
		s = &d->s[b->span0 + i];
		switch (s->style) {
		case VC_DOC_CELL:
			if (!cell)
				continue;
			fprintf(h->f, "</%s><%s>", *cell, b->kind == VC_DOC_HEAD_ROW ? "th" : "td");
			*cell = b->kind == VC_DOC_HEAD_ROW ? "th" : "td";
			continue;
		case VC_DOC_BREAK:
			fputs("<br/>", h->f);
			continue;
		case VC_DOC_TAG:
			st = (unsigned)s->status < VC_ST__COUNT ? (unsigned)s->status : VC_ST_ERROR;
			fprintf(h->f, "<span class=\"tag %s\">", status_class[st]);
			break;
		case VC_DOC_CODE: fputs("<code>", h->f); break;
		case VC_DOC_EM: fputs("<em>", h->f); break;
		case VC_DOC_STRONG: fputs("<strong>", h->f); break;
		case VC_DOC_UNKNOWN: fputs("<span class=\"unknown\">", h->f); break;
		case VC_DOC_GAP: fputs("<span class=\"gap\">", h->f); break;
		default: break;
		}
		t(h, vc_doc_text(d, s));
		switch (s->style) {
		case VC_DOC_CODE: fputs("</code>", h->f); break;
		case VC_DOC_EM: fputs("</em>", h->f); break;
		case VC_DOC_STRONG: fputs("</strong>", h->f); break;
		case VC_DOC_TEXT: break;
		default: fputs("</span>", h->f); break;
		}
	}
}

/* "Title — host ws-042" in a <div class="cls">: the running head of printed pages. */
static void run_head(struct h *h, const char *cls)
{
	fprintf(h->f, "<div class=\"%s\">", cls);
	t(h, h->d->head);
	fputs("</div>\n", h->f);
}

static void open_item(struct h *h, enum vc_doc_kind kind)
{
	if (kind == VC_DOC_STEP) {
		fputs(h->list ? "</li>\n<li>" : "<ol>\n<li>", h->f);
		h->list = 3;
	} else if (kind == VC_DOC_ITEM2) {
		fputs(h->list == 2 ? "</li>\n<li>" : h->list ? "\n<ul>\n<li>" : "<ul>\n<li>", h->f);
		h->list = 2;
	} else {
		fputs(h->list == 2 ? "</li>\n</ul></li>\n<li>" : h->list ? "</li>\n<li>" :
		      "<ul>\n<li>", h->f);
		h->list = 1;
	}
}

static int map(struct h *h)
{
	return h->d->map ? vc_report_flowmap_svg(h->f, h->d->map) : 0;
}

static int block(struct h *h, const struct vc_doc_block *b)
{
	const char *cell = b->kind == VC_DOC_ROW ? "td" : "th";

	close_for(h, b->kind, b->finding);
	if (b->finding && !h->finding) {
		fputs("<div class=\"finding\">\n", h->f);
		h->finding = b->finding;
	}
	switch (b->kind) {
	case VC_DOC_SECTION:
		if (h->sections++)
			run_head(h, "pagehead");
		fprintf(h->f, "\n<h2 class=\"sec\" id=\"%s\">", b->anchor ? b->anchor : "");
		spans(h, b, NULL);
		fputs("</h2>\n", h->f);
		break;
	case VC_DOC_TITLE:
	case VC_DOC_HEADING:
	case VC_DOC_PARA:
		fprintf(h->f, "<%s>", element[b->kind]);
		spans(h, b, NULL);
		fprintf(h->f, "</%s>\n", element[b->kind]);
		break;
	case VC_DOC_ITEM:
	case VC_DOC_ITEM2:
	case VC_DOC_STEP:
		open_item(h, b->kind);
		spans(h, b, NULL);
		break;
	case VC_DOC_FIELD:
	case VC_DOC_RECORD:
	case VC_DOC_HEAD_ROW:
	case VC_DOC_ROW:
		if (!h->table)
			fputs("<table>\n", h->f);
		h->table = 1;
		fprintf(h->f, "<tr><%s>", cell);
		spans(h, b, &cell);
		fprintf(h->f, "</%s></tr>\n", cell);
		break;
	case VC_DOC_MAP:
		return map(h);
	}
	return 0;
}

static void write_head(struct h *h)
{
	fprintf(h->f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		VC_HTML_CSP_META
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
		"<title>%s — ", h->d->lang, h->d->w->doc->doc_title);
	t(h, h->d->name);
	fprintf(h->f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	run_head(h, "runhead");
}

int vc_report_html_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	struct vc_doc *d = NULL;
	struct h h = { 0 };
	size_t i;
	int rc;

	if ((rc = vc_doc_build(&d, a, opts ? opts->lang : NULL)) < 0)
		return rc;
	h.f = out;
	h.d = d;
	write_head(&h);
	for (i = 0; i < d->nb && rc == 0; i++)
		rc = block(&h, &d->b[i]);
	close_for(&h, VC_DOC_TITLE, 0);
	fputs("</body>\n</html>\n", out);
	vc_doc_free(d);
	if (rc < 0)
		return rc;
	if (h.oom)
		return vc_error_set(VC_ENOMEM, "out of memory writing the HTML report");
	if (fflush(out) || ferror(out))
		return vc_error_set(VC_EIO, "cannot write the HTML report");
	return 0;
}
