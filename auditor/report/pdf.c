/*
 * PDF reporter: the document for the authority (document.h) as an A4
 * portrait PDF, drawn with cairo's PDF surface and laid out with pango
 * ("DejaVu Sans" through fontconfig; text stays text, so it can be searched
 * and copied). The data-flow map is drawn as vector boxes, arrows and text
 * from flowmap.h's layout in its colours.
 *
 * Rendering only: each block is a paragraph of its kind (heading, body,
 * bullet, numbered step; a field "label: value"; an Art. 30 record as a
 * heading and its lines; a table row as "column: value" lines); span styles
 * become pango attributes (bold, italic, monospace, colour); the blocks of a
 * finding have a bar in its status colour beside them. Every page has a
 * running head: title and target on the left, "n / N" on the right. The
 * document is drawn twice: once to count the pages (output discarded),
 * once for real. A line that does not fit on the page starts a new one;
 * headings and findings move to the next page when their first lines would
 * not fit.
 *
 * Safety: the spans' text is handed to pango as plain text
 * (pango_layout_set_text) with attributes by byte range, never as markup.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "report.h"
#include "clean.h"
#include "document.h"

#define PDF_W 595.276       /* A4 in points */
#define PDF_H 841.890
#define PDF_LEFT 56.0
#define PDF_RIGHT 56.0
#define PDF_TOP 70.0        /* body starts below the running head */
#define PDF_BOTTOM 56.0
#define PDF_BODY_W (PDF_W - PDF_LEFT - PDF_RIGHT)
#define PDF_FONT "DejaVu Sans"
#define PDF_MONO "DejaVu Sans Mono"
#define PDF_COLS 8          /* columns of a table row */

/* Paragraph kinds: size, weight, indent and colour in kinds[]. */
enum kind { K_BODY, K_H1, K_H2, K_H3, K_ITEM, K_ITEM2, K_FINDING };

static const struct {
	double size, before, indent;
	int bold;
	unsigned rgb;
} kinds[] = {
	[K_BODY] = { 10, 3, 0, 0, 0x1a1a1a },
	[K_H1] = { 18, 0, 0, 1, 0x1a1a1a },
	[K_H2] = { 14, 16, 0, 1, 0x1f3a5a },
	[K_H3] = { 11.5, 9, 0, 1, 0x1a1a1a },
	[K_ITEM] = { 10, 2, 12, 0, 0x1a1a1a },
	[K_ITEM2] = { 9.5, 1, 24, 0, 0x1a1a1a },
	[K_FINDING] = { 10, 7, 8, 0, 0x1a1a1a },
};

/* The bar beside a finding and its tag, by status (the HTML tag colours, darker). */
static const unsigned status_rgb[VC_ST__COUNT] = {
	[VC_ST_PASS] = 0x3c8a3c, [VC_ST_FAIL] = 0xc0392b, [VC_ST_MANUAL] = 0xb7791f,
	[VC_ST_NA] = 0x999999, [VC_ST_ERROR] = 0xc0392b, [VC_ST_WAIVED] = 0x6a6aa8,
};

#define RGB_UNKNOWN 0x8a5a00
#define RGB_GAP 0x8a1c12

struct p {
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *font;
	const struct vc_doc *d;
	double y;
	int page, pages;     /* current page; total from the first pass (0 = not known) */
	int oom;
	int bar;             /* with a finding: colour of the bar beside its lines, else -1 */
	int step;            /* number of the last numbered step */
	const char *cols[PDF_COLS];   /* the last HEAD_ROW's column names */
	FILE *m;             /* the paragraph being built */
	char *buf;
	size_t len;
	PangoAttrList *attrs;
};

static void rgb(cairo_t *cr, unsigned c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
			     (c & 0xff) / 255.0);
}

/* "#rrggbb" (flowmap.h colours). */
static unsigned hex(const char *s)
{
	return (unsigned)strtoul(s + 1, NULL, 16);
}

static void set_font(struct p *p, double size, int bold)
{
	pango_font_description_set_absolute_size(p->font, size * PANGO_SCALE);
	pango_font_description_set_weight(p->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(p->lay, p->font);
}

/*
 * Title and target on the left, "n / N" on the right, a rule below. Its own
 * layout: draw() may start a page while it iterates over the lines of p->lay.
 */
static void run_head(struct p *p)
{
	PangoFontDescription *font;
	PangoLayout *lay;
	PangoRectangle r;
	char num[64];

	lay = pango_cairo_create_layout(p->cr);
	font = pango_font_description_from_string(PDF_FONT);
	if (!lay || !font) {
		p->oom = 1;
		goto out;
	}
	pango_font_description_set_absolute_size(font, 8 * PANGO_SCALE);
	pango_layout_set_font_description(lay, font);
	pango_layout_set_width(lay, (int)((PDF_BODY_W - 60) * PANGO_SCALE));
	pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
	pango_layout_set_text(lay, p->d->head, -1);
	rgb(p->cr, 0x555555);
	cairo_move_to(p->cr, PDF_LEFT, 36);
	pango_cairo_show_layout(p->cr, lay);

	if (p->pages)
		snprintf(num, sizeof(num), "%d / %d", p->page, p->pages);
	else
		snprintf(num, sizeof(num), "%d", p->page);
	pango_layout_set_width(lay, -1);
	pango_layout_set_text(lay, num, -1);
	pango_layout_get_extents(lay, NULL, &r);
	cairo_move_to(p->cr, PDF_W - PDF_RIGHT - (double)r.width / PANGO_SCALE, 36);
	pango_cairo_show_layout(p->cr, lay);

	rgb(p->cr, 0xcccccc);
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, PDF_LEFT, 50);
	cairo_line_to(p->cr, PDF_W - PDF_RIGHT, 50);
	cairo_stroke(p->cr);
out:
	if (font)
		pango_font_description_free(font);
	if (lay)
		g_object_unref(lay);
}

static void new_page(struct p *p)
{
	if (p->page)
		cairo_show_page(p->cr);
	p->page++;
	run_head(p);
	p->y = PDF_TOP;
}

/* Start a new page unless `h` points still fit on this one. */
static void need(struct p *p, double h)
{
	if (p->y + h > PDF_H - PDF_BOTTOM)
		new_page(p);
}

/* Draw `text` with `attrs` as a paragraph of kind `k`, line by line, breaking pages. */
static void draw(struct p *p, const char *text, PangoAttrList *attrs, enum kind k)
{
	PangoLayoutIter *it;
	PangoRectangle log;
	double x = PDF_LEFT + kinds[k].indent, lh;
	int base;

	set_font(p, kinds[k].size, kinds[k].bold);
	pango_layout_set_width(p->lay, (int)((PDF_BODY_W - kinds[k].indent) * PANGO_SCALE));
	pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(p->lay, attrs);
	pango_layout_set_text(p->lay, text, -1);
	p->y += kinds[k].before;
	if (k == K_H2 || k == K_H3 || k == K_FINDING)
		need(p, kinds[k].size * 5);   /* keep a heading with what follows */
	it = pango_layout_get_iter(p->lay);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		base = pango_layout_iter_get_baseline(it);
		lh = (double)log.height / PANGO_SCALE;
		need(p, lh);
		if (p->bar >= 0) {
			rgb(p->cr, (unsigned)p->bar);
			cairo_rectangle(p->cr, PDF_LEFT, p->y, 3, lh);
			cairo_fill(p->cr);
		}
		rgb(p->cr, kinds[k].rgb);
		cairo_move_to(p->cr, x + (double)log.x / PANGO_SCALE,
			      p->y + (double)(base - log.y) / PANGO_SCALE);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	pango_layout_set_attributes(p->lay, NULL);
	if (k == K_H2) {
		rgb(p->cr, 0x4a6785);
		cairo_set_line_width(p->cr, 1.5);
		cairo_move_to(p->cr, PDF_LEFT, p->y + 2);
		cairo_line_to(p->cr, PDF_W - PDF_RIGHT, p->y + 2);
		cairo_stroke(p->cr);
		p->y += 6;
	}
}

/* ---- building a paragraph ---- */

static void begin(struct p *p)
{
	p->buf = NULL;
	p->len = 0;
	p->m = open_memstream(&p->buf, &p->len);
	p->attrs = pango_attr_list_new();
	if (!p->m) {
		p->oom = 1;
		p->m = fopen("/dev/null", "w");
	}
}

static void end(struct p *p, enum kind k)
{
	if (p->m && fclose(p->m))
		p->oom = 1;
	p->m = NULL;
	draw(p, p->buf ? p->buf : "", p->attrs, k);
	pango_attr_list_unref(p->attrs);
	p->attrs = NULL;
	free(p->buf);
	p->buf = NULL;
}

static void fix(struct p *p, const char *s)
{
	if (p->m)
		fputs(s, p->m);
}

/* Give bytes [start, end) of the paragraph attribute `a`. */
static void attr(struct p *p, PangoAttribute *a, long start, long end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(p->attrs, a);
}

static void colour(struct p *p, unsigned c, long start, long end)
{
	attr(p, pango_attr_foreground_new((guint16)(((c >> 16) & 0xff) * 257),
					  (guint16)(((c >> 8) & 0xff) * 257),
					  (guint16)((c & 0xff) * 257)), start, end);
}

/* One span: its text, styled by byte range. */
static void put(struct p *p, const struct vc_doc_span *s)
{
	long start, end;

	if (!p->m)
		return;
	start = ftell(p->m);
	fputs(vc_doc_text(p->d, s), p->m);
	end = ftell(p->m);
	if (start < 0 || end <= start)
		return;
	switch (s->style) {
	case VC_DOC_CODE:
		attr(p, pango_attr_family_new(PDF_MONO), start, end);
		break;
	case VC_DOC_STRONG:
		attr(p, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
		break;
	case VC_DOC_TAG:
		attr(p, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end);
		colour(p, status_rgb[(unsigned)s->status < VC_ST__COUNT ? s->status : VC_ST_ERROR],
		       start, end);
		break;
	case VC_DOC_EM:
	case VC_DOC_UNKNOWN:
	case VC_DOC_GAP:
		attr(p, pango_attr_style_new(PANGO_STYLE_ITALIC), start, end);
		if (s->style != VC_DOC_EM)
			colour(p, s->style == VC_DOC_GAP ? RGB_GAP : RGB_UNKNOWN, start, end);
		break;
	default:
		break;
	}
}

/*
 * Spans [from, b's end) up to the next CELL or BREAK (0 = none); returns
 * the index after it, or b->nspan.
 */
static size_t put_run(struct p *p, const struct vc_doc_block *b, size_t from)
{
	const struct vc_doc_span *s;

	for (; from < b->nspan; from++) {
		s = &p->d->s[b->span0 + from];
		if (s->style == VC_DOC_CELL || s->style == VC_DOC_BREAK)
			return from + 1;
		put(p, s);
	}
	return from;
}

/* A paragraph of kind k: `prefix`, then the spans [from, next CELL/BREAK). */
static size_t para(struct p *p, const struct vc_doc_block *b, size_t from, const char *prefix,
		   enum kind k)
{
	begin(p);
	fix(p, prefix);
	from = put_run(p, b, from);
	end(p, k);
	return from;
}

/* ---- 3. data-flow map ---- */

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

/* A map label with its baseline at (x, y) in map units: cleaned and cut as in the SVG. */
static void map_label(struct p *p, double x, double y, const char *s, int bold)
{
	char *c = vc_report_clean(s, VC_FLOWMAP_LABEL_MAX);

	if (!c) {
		p->oom = 1;
		return;
	}
	set_font(p, 12, bold);
	pango_layout_set_width(p->lay, -1);
	pango_layout_set_text(p->lay, c, -1);
	rgb(p->cr, 0x000000);
	cairo_move_to(p->cr, x, y - (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE);
	pango_cairo_show_layout(p->cr, p->lay);
	free(c);
}

/* The organisation's boundary: a dashed line and its two labels (flowmap.h). */
static void boundary(struct p *p, const struct vc_flowmap *m)
{
	static const double dash[2] = { 6, 4 };
	const struct vc_report_doc_words *dw = p->d->w->doc;
	PangoRectangle r;

	rgb(p->cr, 0x555555);
	cairo_set_line_width(p->cr, 1.5);
	cairo_set_dash(p->cr, dash, 2, 0);
	cairo_move_to(p->cr, m->boundary_x, 4);
	cairo_line_to(p->cr, m->boundary_x, m->boundary_y2);
	cairo_stroke(p->cr);
	cairo_set_dash(p->cr, NULL, 0, 0);
	set_font(p, 12, 1);
	pango_layout_set_width(p->lay, -1);
	pango_layout_set_text(p->lay, dw->boundary_in, -1);
	pango_layout_get_extents(p->lay, NULL, &r);
	cairo_move_to(p->cr, m->boundary_x - 8 - (double)r.width / PANGO_SCALE,
		      16 - (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE);
	pango_cairo_show_layout(p->cr, p->lay);
	pango_layout_set_text(p->lay, dw->boundary_out, -1);
	cairo_move_to(p->cr, m->boundary_x + 8,
		      16 - (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE);
	pango_cairo_show_layout(p->cr, p->lay);
}

/* An arrow from (x1,y1) to (x2,y2) with its head at the end, like the SVG marker. */
static void arrow(cairo_t *cr, double x1, double y1, double x2, double y2)
{
	double dx = x2 - x1, dy = y2 - y1, len = sqrt(dx * dx + dy * dy), ux, uy, hl = 10.5;

	if (len < 1)
		return;
	ux = dx / len;
	uy = dy / len;
	cairo_set_line_width(cr, 1.5);
	cairo_move_to(cr, x1, y1);
	cairo_line_to(cr, x2 - ux * hl * 0.5, y2 - uy * hl * 0.5);
	cairo_stroke(cr);
	cairo_move_to(cr, x2, y2);
	cairo_line_to(cr, x2 - ux * hl - uy * hl / 2, y2 - uy * hl + ux * hl / 2);
	cairo_line_to(cr, x2 - ux * hl + uy * hl / 2, y2 - uy * hl - ux * hl / 2);
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* The map's scale: the body's width at most, and at most a page high. */
static double map_scale(const struct vc_flowmap *m)
{
	double s = PDF_BODY_W / m->width, avail = PDF_H - PDF_TOP - PDF_BOTTOM - 100;

	if (s > 1)
		s = 1;
	if (m->height * s > avail)
		s = avail / m->height;
	return s;
}

static double map_height(const struct vc_flowmap *m)
{
	return m->height * map_scale(m);
}

static void draw_map(struct p *p, const struct vc_flowmap *m)
{
	static const int legend_tone[3] = { 2, 1, 0 };
	const struct vc_report_doc_words *dw = p->d->w->doc;
	const char *legend[3] = { dw->legend_red, dw->legend_amber, dw->legend_plain };
	double s = map_scale(m), h = map_height(m);
	int i;

	p->y += 6;
	need(p, h);
	cairo_save(p->cr);
	cairo_translate(p->cr, PDF_LEFT, p->y);
	cairo_scale(p->cr, s, s);
	if (m->boundary_x)
		boundary(p, m);
	for (i = 0; i < m->ne; i++) {
		const struct vc_flowmap_node *a = &m->n[m->e[i].from], *b = &m->n[m->e[i].to];

		rgb(p->cr, hex(vc_report_flowmap_stroke[b->tone]));
		arrow(p->cr, a->x + a->w, a->y + a->h / 2, b->x - 2, b->y + b->h / 2);
	}
	cairo_set_line_width(p->cr, 1);
	for (i = 0; i < m->nn; i++) {
		const struct vc_flowmap_node *n = &m->n[i];

		rounded(p->cr, n->x, n->y, n->w, n->h, 4);
		rgb(p->cr, hex(vc_report_flowmap_fill[n->tone]));
		cairo_fill_preserve(p->cr);
		rgb(p->cr, hex(vc_report_flowmap_stroke[n->tone]));
		cairo_stroke(p->cr);
		map_label(p, n->x + 10, n->y + 18, n->l1, n->col < 2);
		if (*n->l2)
			map_label(p, n->x + 10, n->y + 35, n->l2, 0);
		if (*n->l3)
			map_label(p, n->x + 10, n->y + 52, n->l3, 0);
	}
	for (i = 0; i < 3; i++) {
		cairo_rectangle(p->cr, m->legend_x[i], m->legend_y, 14, 14);
		rgb(p->cr, hex(vc_report_flowmap_fill[legend_tone[i]]));
		cairo_fill_preserve(p->cr);
		rgb(p->cr, hex(vc_report_flowmap_stroke[legend_tone[i]]));
		cairo_stroke(p->cr);
		map_label(p, m->legend_x[i] + 20, m->legend_y + 12, legend[i], 0);
	}
	cairo_restore(p->cr);
	p->y += h;
}

/* ---- blocks ---- */

/* A data row: "Column: value" on a line each, as one bullet. */
static void row(struct p *p, const struct vc_doc_block *b)
{
	size_t at = 0;
	int c;

	begin(p);
	for (c = 0; at < b->nspan; c++) {
		fix(p, c ? "\n" : "• ");
		if (c < PDF_COLS && p->cols[c]) {
			fix(p, p->cols[c]);
			fix(p, ": ");
		}
		at = put_run(p, b, at);
	}
	end(p, K_ITEM);
}

/* The column names of a HEAD_ROW (borrowed from the document). */
static void head_row(struct p *p, const struct vc_doc_block *b)
{
	const struct vc_doc_span *s;
	size_t i;
	int c = 0;

	memset(p->cols, 0, sizeof(p->cols));
	for (i = 0; i < b->nspan && c < PDF_COLS; i++) {
		s = &p->d->s[b->span0 + i];
		if (s->style == VC_DOC_CELL)
			c++;
		else if (c < PDF_COLS)
			p->cols[c] = vc_doc_text(p->d, s);
	}
}

static void block(struct p *p, const struct vc_doc_block *b, int first_of_finding)
{
	static const enum kind plain[] = {
		[VC_DOC_TITLE] = K_H1, [VC_DOC_SECTION] = K_H2, [VC_DOC_HEADING] = K_H3,
		[VC_DOC_PARA] = K_BODY,
	};
	char num[32];
	size_t at;

	p->bar = b->finding ? (int)status_rgb[(unsigned)b->status < VC_ST__COUNT ? b->status :
					      VC_ST_ERROR] : -1;
	if (b->kind != VC_DOC_STEP)
		p->step = 0;
	switch (b->kind) {
	case VC_DOC_TITLE:
	case VC_DOC_SECTION:
	case VC_DOC_HEADING:
	case VC_DOC_PARA:
		para(p, b, 0, "", first_of_finding ? K_FINDING : plain[b->kind]);
		break;
	case VC_DOC_ITEM:
		para(p, b, 0, "• ", K_ITEM);
		break;
	case VC_DOC_ITEM2:
		para(p, b, 0, "– ", K_ITEM2);
		break;
	case VC_DOC_STEP:
		snprintf(num, sizeof(num), "%d. ", ++p->step);
		para(p, b, 0, num, K_ITEM);
		break;
	case VC_DOC_FIELD:
		begin(p);
		at = put_run(p, b, 0);
		fix(p, ": ");
		while (at < b->nspan)
			at = put_run(p, b, at);
		end(p, K_BODY);
		break;
	case VC_DOC_RECORD:
		at = para(p, b, 0, "", K_H3);
		while (at < b->nspan)
			at = para(p, b, at, "• ", K_ITEM);
		break;
	case VC_DOC_HEAD_ROW:
		head_row(p, b);
		break;
	case VC_DOC_ROW:
		row(p, b);
		break;
	case VC_DOC_MAP:
		if (p->d->map)
			draw_map(p, p->d->map);
		break;
	}
	p->bar = -1;
}

/* ---- the document ---- */

struct sink {
	FILE *f;             /* NULL: the counting pass, output discarded */
	int failed;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct sink *s = closure;

	if (s->f && fwrite(data, 1, len, s->f) != len) {
		s->failed = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* One pass: the whole document to `out` (NULL = nowhere); *pages gets the count. */
static int render(FILE *out, const struct vc_audit *a, const struct vc_doc *d, int *pages)
{
	struct sink sink = { out, 0 };
	cairo_surface_t *surf;
	struct p p = { 0 };
	size_t i;
	int rc = 0;

	surf = cairo_pdf_surface_create_for_stream(sink_write, &sink, PDF_W, PDF_H);
	p.cr = cairo_create(surf);
	p.lay = pango_cairo_create_layout(p.cr);
	p.font = pango_font_description_from_string(PDF_FONT);
	if (cairo_surface_status(surf) || cairo_status(p.cr) || !p.lay || !p.font) {
		rc = vc_error_set(VC_ENOMEM, "cannot start the PDF report");
		goto out;
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "vcaudit");
	/* The audit's time, not the clock's: the same audit gives the same
	 * document (bundles are compared byte for byte). */
	if (a->generated_at[0])
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE,
					       a->generated_at);
	p.d = d;
	p.pages = *pages;
	p.bar = -1;
	new_page(&p);
	for (i = 0; i < d->nb; i++) {
		/* the map's section heading and introduction go on the map's page */
		if (d->map && i + 2 < d->nb && d->b[i + 2].kind == VC_DOC_MAP)
			need(&p, map_height(d->map) + 90);
		block(&p, &d->b[i], d->b[i].finding &&
		      (!i || d->b[i - 1].finding != d->b[i].finding));
	}
	*pages = p.page;
	cairo_surface_finish(surf);
	if (p.oom)
		rc = vc_error_set(VC_ENOMEM, "out of memory writing the PDF report");
	else if (sink.failed || cairo_surface_status(surf))
		rc = vc_error_set(VC_EIO, "cannot write the PDF report: %s",
				  cairo_status_to_string(cairo_surface_status(surf)));
out:
	if (p.font)
		pango_font_description_free(p.font);
	if (p.lay)
		g_object_unref(p.lay);
	cairo_destroy(p.cr);
	cairo_surface_destroy(surf);
	return rc;
}

int vc_report_pdf_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	struct vc_doc *d = NULL;
	int rc, pages = 0;

	if ((rc = vc_doc_build(&d, a, opts ? opts->lang : NULL)) < 0)
		return rc;
	if ((rc = render(NULL, a, d, &pages)) < 0 || (rc = render(out, a, d, &pages)) < 0)
		goto out;
	if (fflush(out) || ferror(out))
		rc = vc_error_set(VC_EIO, "cannot write the PDF report");
out:
	vc_doc_free(d);
	return rc;
}
