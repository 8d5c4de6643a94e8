/*
 * PDF reporter: the document of html.c as an A4 portrait PDF, drawn with
 * cairo's PDF surface and laid out with pango ("DejaVu Sans" through
 * fontconfig; text stays text, so it can be searched and copied).
 *
 * Layout: the sections of html.c in the same order and words (words.h):
 * 1. summary, 2. configuration statement per product, 3. the data-flow map
 * drawn as vector boxes, arrows and text from flowmap.h's layout in its
 * colours, 4. findings by GDPR article, 5. Art. 30, 6. breach readiness,
 * 7. appendix with sources and SHA-256. Every page has a running head:
 * title and target on the left, "n / N" on the right. The document is
 * drawn twice: once to count the pages (output discarded), once for real.
 * A line that does not fit on the page starts a new one; headings and
 * findings move to the next page when their first lines would not fit.
 *
 * Safety: text that is not one of the fixed words is cleaned (clean.h)
 * and handed to pango as plain text (pango_layout_set_text), never as
 * markup.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "report.h"
#include "clean.h"
#include "flowmap.h"
#include "order.h"
#include "words.h"

#define PDF_W 595.276       /* A4 in points */
#define PDF_H 841.890
#define PDF_LEFT 56.0
#define PDF_RIGHT 56.0
#define PDF_TOP 70.0        /* body starts below the running head */
#define PDF_BOTTOM 56.0
#define PDF_BODY_W (PDF_W - PDF_LEFT - PDF_RIGHT)
#define PDF_FONT "DejaVu Sans"
#define PDF_TOPN 5          /* entries of "the five most important things to fix" */
#define PDF_REC_MAX 50      /* recordings listed one by one in the breach section */

/* Paragraph kinds: size, weight, indent and colour in kinds[]. */
enum kind { K_BODY, K_H1, K_H2, K_H3, K_ITEM, K_ITEM2, K_GAP, K_FINDING };

static const struct {
	double size, before, indent;
	int bold, italic;
	unsigned rgb;
} kinds[] = {
	[K_BODY] = { 10, 3, 0, 0, 0, 0x1a1a1a },
	[K_H1] = { 18, 0, 0, 1, 0, 0x1a1a1a },
	[K_H2] = { 14, 16, 0, 1, 0, 0x1f3a5a },
	[K_H3] = { 11.5, 9, 0, 1, 0, 0x1a1a1a },
	[K_ITEM] = { 10, 2, 12, 0, 0, 0x1a1a1a },
	[K_ITEM2] = { 9.5, 1, 24, 0, 0, 0x1a1a1a },
	[K_GAP] = { 10, 2, 12, 0, 1, 0x8a1c12 },
	[K_FINDING] = { 10, 7, 8, 1, 0, 0x1a1a1a },
};

/* The bar beside a finding, by status (the HTML tag colours, darker). */
static const unsigned status_rgb[VC_ST__COUNT] = {
	[VC_ST_PASS] = 0x3c8a3c, [VC_ST_FAIL] = 0xc0392b, [VC_ST_MANUAL] = 0xb7791f,
	[VC_ST_NA] = 0x999999, [VC_ST_ERROR] = 0xc0392b, [VC_ST_WAIVED] = 0x6a6aa8,
};

static const enum vc_status count_order[] = {
	VC_ST_FAIL, VC_ST_ERROR, VC_ST_MANUAL, VC_ST_WAIVED, VC_ST_PASS, VC_ST_NA
};

struct p {
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *font;
	const struct vc_report_words *w;
	const struct vc_report_doc_words *d;
	const char *lang;
	const struct vc_audit *a;
	double y;
	int page, pages;     /* current page; total from the first pass (0 = not known) */
	int oom;
	int bar;             /* with a finding: colour of the bar beside its lines, else -1 */
	int skip_no_sync;    /* list_facts: leave out `.cloud_sync` facts that say "none" */
	FILE *m;             /* the paragraph being built */
	char *buf;
	size_t len;
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

static void set_font(struct p *p, double size, int bold, int italic)
{
	pango_font_description_set_absolute_size(p->font, size * PANGO_SCALE);
	pango_font_description_set_weight(p->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(p->font, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(p->lay, p->font);
}

/*
 * Title and target on the left, "n / N" on the right, a rule below. Its own
 * layout: draw() may start a page while it iterates over the lines of p->lay.
 */
static void run_head(struct p *p)
{
	const struct vc_audit *a = p->a;
	char *target, num[64], *s = NULL;
	PangoFontDescription *font;
	PangoLayout *lay;
	PangoRectangle r;
	size_t n = 0;
	FILE *m;

	target = vc_report_clean(a->target_name ? a->target_name : "", 80);
	m = open_memstream(&s, &n);
	lay = pango_cairo_create_layout(p->cr);
	font = pango_font_description_from_string(PDF_FONT);
	if (!target || !m || !lay || !font) {
		if (m)
			fclose(m);
		p->oom = 1;
		goto out;
	}
	fprintf(m, "%s — %s %s", p->d->doc_title, a->target_kind ? a->target_kind : "-", target);
	if (fclose(m))
		p->oom = 1;
	pango_font_description_set_absolute_size(font, 8 * PANGO_SCALE);
	pango_layout_set_font_description(lay, font);
	pango_layout_set_width(lay, (int)((PDF_BODY_W - 60) * PANGO_SCALE));
	pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
	pango_layout_set_text(lay, s ? s : "", -1);
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
	free(target);
	free(s);
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

/* Draw `text` as a paragraph of kind `k`, line by line, breaking pages between lines. */
static void draw(struct p *p, const char *text, enum kind k)
{
	PangoAttrList *attrs;
	PangoLayoutIter *it;
	PangoRectangle log;
	double x = PDF_LEFT + kinds[k].indent, lh;
	int base;

	set_font(p, kinds[k].size, kinds[k].bold, kinds[k].italic);
	pango_layout_set_width(p->lay, (int)((PDF_BODY_W - kinds[k].indent) * PANGO_SCALE));
	pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
	attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(p->lay, attrs);
	pango_attr_list_unref(attrs);
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
	if (!p->m) {
		p->oom = 1;
		p->m = fopen("/dev/null", "w");
	}
}

/* Fixed words of the report (words.h) and numbers. */
__attribute__((format(printf, 2, 3)))
static void fix(struct p *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->m)
		return;
	va_start(ap, fmt);
	vfprintf(p->m, fmt, ap);
	va_end(ap);
}

/* Text from the audit: cleaned (NULL gives nothing). */
static void put(struct p *p, const char *s)
{
	char *c;

	if (!s || !p->m)
		return;
	c = vc_report_clean(s, 0);
	if (!c) {
		p->oom = 1;
		return;
	}
	fputs(c, p->m);
	free(c);
}

static void end(struct p *p, enum kind k)
{
	if (!p->m)
		return;
	if (fclose(p->m))
		p->oom = 1;
	p->m = NULL;
	draw(p, p->buf ? p->buf : "", k);
	free(p->buf);
	p->buf = NULL;
}

/* A paragraph of fixed words only. */
static void para(struct p *p, enum kind k, const char *s)
{
	begin(p);
	fix(p, "%s", s);
	end(p, k);
}

/* ---- values (as html.c) ---- */

static void jvalue(struct p *p, const json_t *v)
{
	char *s;
	int oom;

	s = vc_report_value(v, VC_REPORT_VALUE_MAX, &oom);
	if (oom) {
		p->oom = 1;
		return;
	}
	put(p, s ? s : p->w->absent);
	free(s);
}

static void fvalue(struct p *p, const char *key, const json_t *v)
{
	const json_t *it;
	size_t i;

	if (json_is_boolean(v)) {
		fix(p, "%s", json_is_true(v) ? p->d->yes : p->d->no);
	} else if (json_is_integer(v) && key && strstr(key, "retention_days")) {
		if (json_integer_value(v) < 0)
			fix(p, "%s", p->d->never_deleted);
		else
			fix(p, "%lld %s", (long long)json_integer_value(v), p->d->days);
	} else if (json_is_string(v) && key && strstr(key, ".cloud_sync") &&
		   !strcmp(json_string_value(v), "none")) {
		fix(p, "%s", p->w->none);
	} else if (json_is_string(v)) {
		put(p, json_string_value(v));
	} else if (json_is_array(v) && !json_array_size(v)) {
		fix(p, "%s", p->w->none);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, it) {
			fix(p, "%s", i ? ", " : "");
			if (json_is_string(it))
				put(p, json_string_value(it));
			else
				jvalue(p, it);
		}
	} else {
		jvalue(p, v);
	}
}

static const char *pname(const struct p *p, const char *id)
{
	const char *n = vc_report_product_name(p->w, id);

	return n ? n : id;
}

/* "• Label: value (Zoom, user:u-1)" for every fact with `key` (product NULL = any). */
static size_t list_facts(struct p *p, const char *product, const char *key)
{
	const struct vc_factset *fs = p->a->facts;
	const char *label = vc_report_fact_label(p->w, key);
	size_t i, n = 0;

	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (!f->key || strcmp(f->key, key) || (product && (!f->product ||
							     strcmp(f->product, product))))
			continue;
		if (p->skip_no_sync && strstr(key, ".cloud_sync") && json_is_string(f->value) &&
		    !strcmp(json_string_value(f->value), "none"))
			continue;
		begin(p);
		fix(p, "• ");
		put(p, label ? label : key);
		fix(p, ": ");
		fvalue(p, key, f->value);
		fix(p, " (");
		if (!product && f->product) {
			put(p, pname(p, f->product));
			fix(p, ", ");
		}
		put(p, f->scope ? f->scope : "-");
		fix(p, ")");
		end(p, K_ITEM);
		n++;
	}
	return n;
}

static int has_fact(const struct vc_audit *a, const char *product, const char *key)
{
	size_t i;

	for (i = 0; a->facts && i < a->facts->n; i++)
		if (a->facts->v[i].key && !strcmp(a->facts->v[i].key, key) &&
		    (!product || (a->facts->v[i].product &&
				  !strcmp(a->facts->v[i].product, product))))
			return 1;
	return 0;
}

static void section(struct p *p, int n, const char *title)
{
	begin(p);
	fix(p, "%d. %s", n, title);
	end(p, K_H2);
}

/* ---- 1. summary ---- */

static void row(struct p *p, const char *label, const char *value)
{
	begin(p);
	fix(p, "%s: ", label);
	put(p, value && *value ? value : "-");
	end(p, K_BODY);
}

static void finding_tag(struct p *p, const struct vc_finding *f)
{
	fix(p, "%s · %s · ", vc_report_status_tag(p->w, f->status),
	    vc_report_severity_word(p->w, f->severity));
	put(p, f->rule && f->rule->id ? f->rule->id : "?");
}

static void product_scope(struct p *p, const struct vc_finding *f)
{
	put(p, f->product ? pname(p, f->product) : "-");
	fix(p, ", ");
	put(p, f->scope ? f->scope : "-");
}

static const char *title_of(const struct p *p, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->title, p->lang) : "";
}

static const char *remediation_of(const struct p *p, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->remediation, p->lang) : "";
}

/* Score `x` in the words' notation ("87,5"). */
static void score(struct p *p, double x)
{
	vc_report_put_score(p->m, p->w, x);
}

static void write_summary(struct p *p, const struct vc_finding *const *plan, size_t nplan)
{
	const struct vc_audit *a = p->a;
	const struct vc_summary *s = &a->summary;
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at)), i;
	char when[sizeof(a->generated_at) + 1];
	int sev, any = 0;

	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	section(p, 1, p->d->sec_summary);
	begin(p);
	fix(p, "%s: ", p->w->target);
	put(p, a->target_kind ? a->target_kind : "-");
	fix(p, " ");
	put(p, a->target_name ? a->target_name : "");
	if (a->target_root) {
		fix(p, " (%s: ", p->d->scope_root);
		put(p, a->target_root);
		fix(p, ")");
	}
	end(p, K_BODY);
	row(p, p->d->time, when);
	row(p, p->w->profile, a->profile_id);
	begin(p);
	fix(p, "%s: ", p->w->score);
	score(p, s->score_before_waivers);
	fix(p, " %s, ", p->w->before);
	score(p, s->score_after_waivers);
	fix(p, " %s", p->w->after);
	end(p, K_BODY);
	begin(p);
	fix(p, "%s: ", p->w->results);
	for (i = 0; i < sizeof(count_order) / sizeof(count_order[0]); i++)
		fix(p, "%s%s %zu", i ? ", " : "", vc_report_status_word(p->w, count_order[i]),
		    s->by_status[count_order[i]]);
	end(p, K_BODY);
	begin(p);
	fix(p, "%s: ", p->w->by_severity);
	for (sev = VC_SEV_CRITICAL; sev >= VC_SEV_INFO; sev--) {
		if (!s->by_severity[sev])
			continue;
		fix(p, "%s%s %zu", any ? ", " : "", p->w->sev[sev], s->by_severity[sev]);
		any = 1;
	}
	fix(p, "%s", any ? "" : p->w->none);
	end(p, K_BODY);
	if (!a->pseudonyms_stable)
		para(p, K_BODY, p->w->pseudo_note);

	para(p, K_H3, p->w->top_five);
	if (!nplan) {
		para(p, K_BODY, p->w->nothing_to_fix);
		return;
	}
	for (i = 0; i < nplan && i < PDF_TOPN; i++) {
		begin(p);
		fix(p, "%zu. ", i + 1);
		finding_tag(p, plan[i]);
		fix(p, " (");
		product_scope(p, plan[i]);
		fix(p, ")");
		if (*title_of(p, plan[i])) {
			fix(p, ": ");
			put(p, title_of(p, plan[i]));
		}
		if (*remediation_of(p, plan[i])) {
			fix(p, ". %s: ", p->w->remediation);
			put(p, remediation_of(p, plan[i]));
		}
		end(p, K_ITEM);
	}
	if (nplan > PDF_TOPN) {
		begin(p);
		fix(p, "%zu %s", nplan - PDF_TOPN, p->w->more_below);
		end(p, K_BODY);
	}
}

/* ---- 2. configuration statement ---- */

/* The facts behind each topic of the statement (words.h topic[]; as html.c). */
static const char *const topic_keys[7][6] = {
	{ "recording.local.path", "recording.local.path.cloud_sync",
	  "recording.local.path.encrypted", "recording.cloud.allowed", "recording.server.path",
	  "recording.auto" },
	{ "recording.local.allowed", "recording.local.notify", "recording.consent" },
	{ "recording.retention_days" },
	{ "recording.storage_region", "datacenter.regions" },
	{ "encryption.e2ee", "encryption.transport_required" },
	{ "access.anonymous_join", "access.lobby", "access.passcode", "access.external",
	  "access.authentication" },
	{ "storage.thirdparty", "telemetry.thirdparty" },
};

static int self_hosted(const char *product)
{
	return !strcmp(product, "jitsi") || !strcmp(product, "bigbluebutton");
}

static int applies(const struct p *p, const char *product, const char *key)
{
	if (!strcmp(key, "recording.server.path"))
		return self_hosted(product);
	if (strstr(key, ".cloud_sync") || strstr(key, ".encrypted"))
		return has_fact(p->a, product, "recording.local.path");
	return 1;
}

static void write_statement(struct p *p)
{
	const char *ids[32], *label;
	size_t n = vc_report_products_present(p->a, ids, 32), i, tp, k;

	section(p, 2, p->d->sec_statement);
	if (!n)
		para(p, K_BODY, p->d->no_products);
	for (i = 0; i < n; i++) {
		begin(p);
		put(p, pname(p, ids[i]));
		end(p, K_H3);
		for (tp = 0; tp < 7; tp++) {
			para(p, K_BODY, p->d->topic[tp]);
			for (k = 0; k < 6 && topic_keys[tp][k]; k++) {
				if (!applies(p, ids[i], topic_keys[tp][k]))
					continue;
				if (list_facts(p, ids[i], topic_keys[tp][k]))
					continue;
				label = vc_report_fact_label(p->w, topic_keys[tp][k]);
				begin(p);
				fix(p, "• ");
				put(p, label ? label : topic_keys[tp][k]);
				fix(p, ": %s; %s", p->d->unknown, p->d->confirm);
				end(p, K_GAP);
			}
		}
	}
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
	set_font(p, 12, bold, 0);
	pango_layout_set_width(p->lay, -1);
	pango_layout_set_text(p->lay, c, -1);
	rgb(p->cr, 0x000000);
	cairo_move_to(p->cr, x, y - (double)pango_layout_get_baseline(p->lay) / PANGO_SCALE);
	pango_cairo_show_layout(p->cr, p->lay);
	free(c);
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

static int write_map(struct p *p)
{
	static const int legend_tone[3] = { 2, 1, 0 };
	const char *legend[3] = { p->d->legend_red, p->d->legend_amber, p->d->legend_plain };
	struct vc_flowmap *m;
	double s, h, avail = PDF_H - PDF_TOP - PDF_BOTTOM;
	int i, rc;

	section(p, 3, p->d->sec_map);
	para(p, K_BODY, p->d->map_intro);
	if ((rc = vc_report_flowmap_layout(&m, p->a, p->w)) < 0)
		return rc;
	if (!m) {
		para(p, K_BODY, p->d->map_empty);
		return 0;
	}
	s = PDF_BODY_W / m->width;
	if (s > 1)
		s = 1;
	if (m->height * s > avail)
		s = avail / m->height;
	h = m->height * s;
	p->y += 6;
	need(p, h);
	cairo_save(p->cr);
	cairo_translate(p->cr, PDF_LEFT, p->y);
	cairo_scale(p->cr, s, s);
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
	vc_report_flowmap_free(m);
	return 0;
}

/* ---- 4. findings by article ---- */

static void write_finding(struct p *p, const struct vc_finding *f)
{
	const struct vc_report_words *w = p->w;
	const char *rem = remediation_of(p, f);
	unsigned st = (unsigned)f->status < VC_ST__COUNT ? (unsigned)f->status : VC_ST_ERROR;
	size_t i;

	p->bar = (int)status_rgb[st];
	begin(p);
	finding_tag(p, f);
	if (*title_of(p, f)) {
		fix(p, ": ");
		put(p, title_of(p, f));
	}
	fix(p, " (");
	product_scope(p, f);
	fix(p, ")");
	end(p, K_FINDING);
	if (f->status == VC_ST_PASS || f->status == VC_ST_NA) {
		p->bar = -1;
		return;
	}
	if (f->status == VC_ST_WAIVED) {
		begin(p);
		fix(p, "%s: %s", w->real, vc_report_status_word(w, f->real_status));
		end(p, K_ITEM);
	}
	if (f->rule && f->rule->ngdpr) {
		begin(p);
		fix(p, "%s: ", w->gdpr);
		for (i = 0; i < f->rule->ngdpr; i++) {
			fix(p, "%s", i ? ", " : "");
			put(p, f->rule->gdpr[i] ? f->rule->gdpr[i] : "?");
		}
		end(p, K_ITEM);
	}
	if (f->message && *f->message) {
		begin(p);
		fix(p, "%s: ", w->detail);
		put(p, f->message);
		end(p, K_ITEM);
	}
	if (f->nev) {
		para(p, K_ITEM, w->evidence);
		for (i = 0; i < f->nev; i++) {
			const struct vc_evidence *e = &f->ev[i];

			begin(p);
			fix(p, "– ");
			if (e->source) {
				put(p, e->source);
				if (e->line > 0)
					fix(p, ":%d", e->line);
				fix(p, ": ");
			}
			put(p, e->fact ? e->fact : "?");
			fix(p, " = ");
			jvalue(p, e->value);
			end(p, K_ITEM2);
		}
	}
	if ((vc_report_in_plan(f->status) || f->status == VC_ST_MANUAL) && *rem) {
		begin(p);
		fix(p, "%s: ", w->remediation);
		put(p, rem);
		end(p, K_ITEM);
	}
	if (f->waiver) {
		begin(p);
		fix(p, "%s: %s ", w->waiver, w->approved_by);
		put(p, f->waiver->approver ? f->waiver->approver : "?");
		fix(p, ", %s ", w->valid_until);
		put(p, f->waiver->expires ? f->waiver->expires : "?");
		if (f->waiver->expired)
			fix(p, " (%s)", w->expired);
		fix(p, "; %s: ", w->justification);
		put(p, f->waiver->justification ? f->waiver->justification : "-");
		end(p, K_ITEM);
	}
	p->bar = -1;
}

static void write_by_article(struct p *p, const struct vc_finding *const *all, size_t n)
{
	const char *title;
	int next, last = 0, other = 0;
	size_t i;

	section(p, 4, p->w->by_article);
	if (!n) {
		para(p, K_BODY, p->w->no_findings);
		return;
	}
	while ((next = vc_report_next_article(all, n, last))) {
		title = vc_report_article_title(p->w, next);
		begin(p);
		fix(p, "Art. %d%s%s", next, title ? " — " : "", title ? title : "");
		end(p, K_H3);
		for (i = 0; i < n; i++)
			if (vc_report_article_of(all[i]) == next)
				write_finding(p, all[i]);
		last = next;
	}
	for (i = 0; i < n; i++) {
		if (vc_report_article_of(all[i]))
			continue;
		if (!other)
			para(p, K_H3, p->w->no_article);
		other = 1;
		write_finding(p, all[i]);
	}
}

/* ---- 5. Art. 30 (keys as html.c) ---- */

static const char *const art30_keys[7][10] = {
	{ "org.controller.name", "org.controller.cvr", "org.contact_point",
	  "org.contact_point.kind" },
	{ "org.recording.purposes", "org.recording.legal_basis" },
	{ "recording.transcription", "chat.save_local" },
	{ "org.processors", "storage.thirdparty", "telemetry.thirdparty",
	  "recording.local.path.cloud_sync", "recording.server.path.cloud_sync" },
	{ "recording.storage_region", "datacenter.regions", "recording.local.path.cloud_sync",
	  "recording.server.path.cloud_sync" },
	{ "recording.retention_days" },
	{ "encryption.e2ee", "encryption.transport_required", "access.anonymous_join",
	  "access.lobby", "access.passcode", "access.authentication",
	  "recording.local.path.encrypted", "recording.server.path.encrypted", "update.auto" },
};

static void write_art30(struct p *p)
{
	const char *ids[32];
	size_t item, k, n, np;

	section(p, 5, p->d->sec_art30);
	para(p, K_BODY, p->d->art30_intro);
	for (item = 0; item < 7; item++) {
		para(p, K_H3, p->d->art30_item[item]);
		if (item == 2) {
			begin(p);
			fix(p, "%s: %s", p->d->art30_c_hint, p->d->to_complete);
			end(p, K_BODY);
		}
		if (item == 3 && (np = vc_report_products_present(p->a, ids, 32))) {
			begin(p);
			fix(p, "%s: ", p->w->product);
			for (k = 0; k < np; k++) {
				fix(p, "%s", k ? ", " : "");
				put(p, pname(p, ids[k]));
			}
			end(p, K_BODY);
		}
		p->skip_no_sync = item == 3 || item == 4;   /* recipients, transfers */
		for (n = 0, k = 0; k < 10 && art30_keys[item][k]; k++)
			n += list_facts(p, NULL, art30_keys[item][k]);
		p->skip_no_sync = 0;
		if (item == 4 && n) {
			begin(p);
			fix(p, "%s: %s", p->d->art30_e_gap, p->d->to_complete);
			end(p, K_GAP);
		} else if (!n && item != 2) {
			para(p, K_GAP, p->d->to_complete);
		}
	}
}

/* ---- 6. breach readiness ---- */

static void write_fact_or_gap(struct p *p, const char *label, const char *key, const char *gap)
{
	para(p, K_H3, label);
	if (!list_facts(p, NULL, key))
		para(p, K_GAP, gap);
}

static void rec_storage(struct p *p, const json_t *r)
{
	const char *prov = json_string_value(json_object_get(r, "cloud_sync"));
	const json_t *enc = json_object_get(r, "encrypted");

	if (prov && strcmp(prov, "none")) {
		fix(p, ", %s ", p->d->sync);
		put(p, prov);
	}
	if (json_is_boolean(enc))
		fix(p, ", %s", json_is_true(enc) ? p->d->encrypted : p->d->not_encrypted);
}

static void write_breach(struct p *p)
{
	const struct vc_factset *fs = p->a->facts;
	const json_t *r;
	size_t i, k, total = 0, shown = 0, klen;
	int yes = 0, no = 0;

	section(p, 6, p->d->sec_breach);
	para(p, K_BODY, p->d->rule_72h);
	write_fact_or_gap(p, p->d->contact_point, "org.contact_point", p->d->contact_missing);
	write_fact_or_gap(p, p->d->procedure, "org.breach_procedure", p->d->procedure_missing);

	para(p, K_H3, p->d->enc_storage);
	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		klen = f->key ? strlen(f->key) : 0;
		if (klen < 10 || strcmp(f->key + klen - 10, ".encrypted") ||
		    !json_is_boolean(f->value))
			continue;
		json_is_true(f->value) ? yes++ : no++;
		list_facts(p, NULL, f->key);
	}
	for (i = 0; fs && i < fs->n; i++) {
		if (!fs->v[i].key || strcmp(fs->v[i].key, "artifacts.recordings"))
			continue;
		json_array_foreach(fs->v[i].value, k, r)
			if (json_is_boolean(json_object_get(r, "encrypted")))
				json_is_true(json_object_get(r, "encrypted")) ? yes++ : no++;
	}
	begin(p);
	fix(p, "%s", no ? p->d->enc_some_not : yes ? p->d->enc_all : p->d->enc_unknown);
	end(p, K_FINDING);

	for (i = 0; fs && i < fs->n; i++)
		if (fs->v[i].key && !strcmp(fs->v[i].key, "artifacts.recordings"))
			total += json_array_size(fs->v[i].value);
	begin(p);
	fix(p, "%s: %zu", p->d->recordings_found, total);
	end(p, K_H3);
	for (i = 0; fs && i < fs->n; i++) {
		if (!fs->v[i].key || strcmp(fs->v[i].key, "artifacts.recordings"))
			continue;
		json_array_foreach(fs->v[i].value, k, r) {
			if (shown++ >= PDF_REC_MAX)
				break;
			begin(p);
			fix(p, "• ");
			put(p, json_string_value(json_object_get(r, "path")));
			fix(p, " (");
			put(p, json_is_string(json_object_get(r, "product")) ?
			    pname(p, json_string_value(json_object_get(r, "product"))) : "-");
			fix(p, ", ");
			put(p, fs->v[i].scope ? fs->v[i].scope : "-");
			rec_storage(p, r);
			fix(p, ")");
			end(p, K_ITEM);
		}
	}
	if (total > PDF_REC_MAX) {
		begin(p);
		fix(p, "… %zu", total - PDF_REC_MAX);
		end(p, K_ITEM);
	}
}

/* ---- 7. appendix ---- */

static void write_appendix(struct p *p)
{
	const struct vc_audit *a = p->a;
	const json_t *pr, *s;
	size_t i, k, n = 0;

	section(p, 7, p->d->sec_appendix);
	begin(p);
	fix(p, "%s: vcaudit ", p->w->version);
	put(p, a->tool_version ? a->tool_version : "?");
	end(p, K_BODY);
	row(p, p->w->rules, a->rules_version);
	row(p, p->w->profile, a->profile_id);
	begin(p);
	fix(p, "%s: ", p->d->parameters);
	jvalue(p, a->profile_params);
	end(p, K_BODY);

	para(p, K_H3, p->d->sources);
	json_array_foreach(a->products, i, pr) {
		json_array_foreach(json_object_get(pr, "sources"), k, s) {
			begin(p);
			fix(p, "%s: ", p->d->products_versions);
			put(p, json_string_value(json_object_get(pr, "id")));
			if (json_is_string(json_object_get(pr, "version"))) {
				fix(p, " ");
				put(p, json_string_value(json_object_get(pr, "version")));
			}
			fix(p, "\n%s: ", p->d->path);
			put(p, json_string_value(json_object_get(s, "path")));
			fix(p, "\n%s: ", p->d->kind);
			put(p, json_string_value(json_object_get(s, "kind")));
			fix(p, "\nSHA-256: ");
			put(p, json_string_value(json_object_get(s, "sha256")));
			if (json_is_integer(json_object_get(s, "bytes")))
				fix(p, "\n%s: %lld", p->d->bytes,
				    (long long)json_integer_value(json_object_get(s, "bytes")));
			end(p, K_ITEM);
			n++;
		}
	}
	if (!n)
		para(p, K_BODY, p->d->no_sources);

	para(p, K_H3, p->w->diagnostics);
	if (!a->diags || !a->diags->n) {
		para(p, K_BODY, p->d->no_diagnostics);
		return;
	}
	for (i = 0; i < a->diags->n; i++) {
		const struct vc_diag *g = &a->diags->v[i];

		begin(p);
		fix(p, "• ");
		if (g->source) {
			put(p, g->source);
			if (g->line > 0)
				fix(p, ":%d", g->line);
			if (g->line > 0 && g->col > 0)
				fix(p, ":%d", g->col);
			fix(p, ": ");
		} else if (g->product) {
			put(p, g->product);
			fix(p, ": ");
		}
		put(p, g->message ? g->message : "");
		end(p, K_ITEM);
	}
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
static int render(FILE *out, const struct vc_audit *a, const char *lang,
		  const struct vc_finding *const *all, size_t nall,
		  const struct vc_finding *const *plan, size_t nplan, int *pages)
{
	struct sink sink = { out, 0 };
	cairo_surface_t *surf;
	struct p p = { 0 };
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
	p.w = vc_report_words(lang);
	p.d = p.w->doc;
	p.lang = p.w->lang;
	p.a = a;
	p.pages = *pages;
	p.bar = -1;
	new_page(&p);
	para(&p, K_H1, p.d->doc_title);
	write_summary(&p, plan, nplan);
	write_statement(&p);
	if ((rc = write_map(&p)) < 0)
		goto out;
	write_by_article(&p, all, nall);
	write_art30(&p);
	write_breach(&p);
	write_appendix(&p);
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
	const char *lang = opts && opts->lang ? opts->lang : a->lang;
	const struct vc_finding **all = NULL, **plan = NULL;
	size_t nall = 0, nplan = 0;
	int rc, pages = 0;

	if ((rc = vc_report_order(&all, &nall, a->findings, 0)) < 0 ||
	    (rc = vc_report_order(&plan, &nplan, a->findings, 1)) < 0)
		goto out;
	if ((rc = render(NULL, a, lang, all, nall, plan, nplan, &pages)) < 0 ||
	    (rc = render(out, a, lang, all, nall, plan, nplan, &pages)) < 0)
		goto out;
	if (fflush(out) || ferror(out))
		rc = vc_error_set(VC_EIO, "cannot write the PDF report");
out:
	free(all);
	free(plan);
	return rc;
}
