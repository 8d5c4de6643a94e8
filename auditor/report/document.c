/*
 * The document for the authority (document.h): the one place that derives
 * its contents from the audit. Sections 1 and 3-7 are here, section 2 (the
 * configuration statement) in statement.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "clean.h"
#include "order.h"

static const enum vc_status count_order[] = {
	VC_ST_FAIL, VC_ST_ERROR, VC_ST_MANUAL, VC_ST_WAIVED, VC_ST_PASS, VC_ST_NA
};

/* ---- building ---- */

/* Room for `n` more bytes of text; 0 or sets d->err. */
static int text_room(struct vc_doc *d, size_t n)
{
	size_t cap;
	char *t;

	if (d->err)
		return -1;
	if (n > VC_DOC_TEXT_MAX - d->ntext) {
		d->err = VC_ELIMIT;
		return -1;
	}
	if (d->ntext + n <= d->captext)
		return 0;
	cap = d->captext ? d->captext : 4096;
	while (cap < d->ntext + n)
		cap *= 2;
	if (!(t = realloc(d->text, cap))) {
		d->err = VC_ENOMEM;
		return -1;
	}
	d->text = t;
	d->captext = cap;
	return 0;
}

/*
 * The array v (n elements of `size` used, *cap allocated) with room for one
 * more: v itself, or a larger copy; NULL with d->err set past
 * VC_DOC_SPANS_MAX elements or out of memory (v is then unchanged).
 */
static void *grow(struct vc_doc *d, void *v, size_t n, size_t *cap, size_t size)
{
	size_t c;

	if (n < *cap)
		return v;
	if (n >= VC_DOC_SPANS_MAX) {
		d->err = VC_ELIMIT;
		return NULL;
	}
	c = *cap ? *cap * 2 : 128;
	if (!(v = realloc(v, c * size))) {
		d->err = VC_ENOMEM;
		return NULL;
	}
	*cap = c;
	return v;
}

/* A new span of `style` holding `len` bytes of `s`. */
static void span(struct vc_doc *d, enum vc_doc_style style, enum vc_status st, const char *s,
		 size_t len)
{
	struct vc_doc_span *v;

	if (!d->nb || text_room(d, len + 1) < 0)
		return;
	v = d->b[d->nb - 1].nspan ? &d->s[d->ns - 1] : NULL;
	if (v && v->style == style && v->status == st && style != VC_DOC_CELL &&
	    style != VC_DOC_BREAK && style != VC_DOC_TAG) {
		/* the same style goes on: one span (its text is the last in d->text) */
		memcpy(d->text + d->ntext - 1, s, len);
		d->text[d->ntext - 1 + len] = 0;
		d->ntext += len;
		v->len += len;
		return;
	}
	if (!(v = grow(d, d->s, d->ns, &d->caps, sizeof(*v))))
		return;
	d->s = v;
	v = &d->s[d->ns++];
	v->style = style;
	v->status = st;
	v->off = d->ntext;
	v->len = len;
	memcpy(d->text + d->ntext, s, len);
	d->text[d->ntext + len] = 0;
	d->ntext += len + 1;
	d->b[d->nb - 1].nspan++;
}

void vc_doc_block(struct vc_doc *d, enum vc_doc_kind kind)
{
	struct vc_doc_block *b;

	if (d->err || !(b = grow(d, d->b, d->nb, &d->capb, sizeof(*b))))
		return;
	d->b = b;
	b = &d->b[d->nb++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->finding = d->finding;
	b->status = d->status;
	b->span0 = d->ns;
}

void vc_doc_put(struct vc_doc *d, enum vc_doc_style style, const char *s, size_t max)
{
	char *c;

	if (!s || d->err)
		return;
	if (!(c = vc_report_clean(s, max))) {
		d->err = VC_ENOMEM;
		return;
	}
	span(d, style, VC_ST_PASS, c, strlen(c));
	free(c);
}

void vc_doc_fmt(struct vc_doc *d, enum vc_doc_style style, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		vc_doc_put(d, style, buf, 0);
}

void vc_doc_tag(struct vc_doc *d, enum vc_status status)
{
	const char *tag = vc_report_status_tag(d->w, status);

	span(d, VC_DOC_TAG, status, tag, strlen(tag));
}

void vc_doc_tpl(struct vc_doc *d, enum vc_doc_style style, const char *tpl,
		enum vc_doc_style arg_style, const char *const *arg, size_t narg)
{
	const char *p = tpl, *q;
	size_t n;

	for (q = p; (q = strchr(q, '{')); q++) {
		if (q[1] < '0' || q[1] > '9' || q[2] != '}')
			continue;
		n = (size_t)(q[1] - '0');
		span(d, style, VC_ST_PASS, p, (size_t)(q - p));
		if (n < narg)
			vc_doc_put(d, arg_style, arg[n], 0);
		p = q + 3;
		q += 2;
	}
	if (*p)
		span(d, style, VC_ST_PASS, p, strlen(p));
}

void vc_doc_para(struct vc_doc *d, enum vc_doc_kind kind, enum vc_doc_style style, const char *s)
{
	vc_doc_block(d, kind);
	vc_doc_put(d, style, s, 0);
}

/* Separators between cells of a row and lines of a record. */
static void cell(struct vc_doc *d)
{
	span(d, VC_DOC_CELL, VC_ST_PASS, "", 0);
}

static void line_break(struct vc_doc *d)
{
	span(d, VC_DOC_BREAK, VC_ST_PASS, "", 0);
}

const char *vc_doc_text(const struct vc_doc *d, const struct vc_doc_span *s)
{
	return d->text ? d->text + s->off : "";
}

const char *vc_doc_product(const struct vc_doc *d, const char *id)
{
	const char *n = vc_report_product_name(d->w, id);

	return n ? n : id ? id : "-";
}

static void section(struct vc_doc *d, const char *anchor, int n, const char *title)
{
	vc_doc_block(d, VC_DOC_SECTION);
	if (d->nb)
		d->b[d->nb - 1].anchor = anchor;
	vc_doc_fmt(d, VC_DOC_TEXT, "%d. %s", n, title);
}

/* A FIELD row "label | value" with an audit value (NULL or "" shows "-"). */
static void field(struct vc_doc *d, const char *label, const char *value)
{
	vc_doc_block(d, VC_DOC_FIELD);
	vc_doc_put(d, VC_DOC_TEXT, label, 0);
	cell(d);
	vc_doc_put(d, VC_DOC_TEXT, value && *value ? value : "-", 0);
}

/* ---- values ---- */

static int is_key(const struct vc_fact *f, const char *key)
{
	return f->key && !strcmp(f->key, key);
}

static int is_none_sync(const struct vc_fact *f)
{
	return strstr(f->key, ".cloud_sync") && json_is_string(f->value) &&
	       !strcmp(json_string_value(f->value), "none");
}

/* An evidence or fact value as compact JSON, cut. */
static void jvalue(struct vc_doc *d, enum vc_doc_style style, const json_t *v)
{
	char *s;
	int oom;

	s = vc_report_value(v, VC_REPORT_VALUE_MAX, &oom);
	if (oom)
		d->err = VC_ENOMEM;
	else
		vc_doc_put(d, style, s ? s : d->w->absent, 0);
	free(s);
}

/* A fact value in plain words: yes/no, "365 days", lists comma-separated. */
static void fvalue(struct vc_doc *d, const struct vc_fact *f)
{
	const struct vc_report_doc_words *dw = d->w->doc;
	const json_t *v = f->value, *it;
	size_t i;

	if (json_is_boolean(v)) {
		vc_doc_put(d, VC_DOC_TEXT, json_is_true(v) ? dw->yes : dw->no, 0);
	} else if (json_is_integer(v) && strstr(f->key, "retention_days")) {
		if (json_integer_value(v) < 0)
			vc_doc_put(d, VC_DOC_TEXT, dw->never_deleted, 0);
		else
			vc_doc_fmt(d, VC_DOC_TEXT, "%lld %s", (long long)json_integer_value(v),
				   dw->days);
	} else if (is_none_sync(f) || (json_is_array(v) && !json_array_size(v))) {
		vc_doc_put(d, VC_DOC_TEXT, d->w->none, 0);
	} else if (json_is_string(v) && strstr(f->key, "cloud_sync")) {
		vc_doc_put(d, VC_DOC_TEXT, vc_report_provider_name(json_string_value(v)), 0);
	} else if (json_is_string(v)) {
		vc_doc_put(d, VC_DOC_TEXT, json_string_value(v), 0);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, it) {
			if (i)
				vc_doc_put(d, VC_DOC_TEXT, ", ", 0);
			if (json_is_string(it))
				vc_doc_put(d, VC_DOC_TEXT, json_string_value(it), 0);
			else
				jvalue(d, VC_DOC_TEXT, it);
		}
	} else {
		jvalue(d, VC_DOC_TEXT, v);
	}
}

/* "Label: value (Zoom, user:u-1)" into the current block. */
static void fact_line(struct vc_doc *d, const struct vc_fact *f)
{
	const char *label = vc_report_fact_label(d->w, f->key);

	vc_doc_put(d, VC_DOC_TEXT, label ? label : f->key, 0);
	vc_doc_put(d, VC_DOC_TEXT, ": ", 0);
	fvalue(d, f);
	vc_doc_put(d, VC_DOC_TEXT, " (", 0);
	if (f->product && strcmp(f->product, "host")) {
		vc_doc_put(d, VC_DOC_TEXT, vc_doc_product(d, f->product), 0);
		vc_doc_put(d, VC_DOC_TEXT, ", ", 0);
	}
	vc_doc_put(d, VC_DOC_TEXT, f->scope ? f->scope : "-", 0);
	vc_doc_put(d, VC_DOC_TEXT, ")", 0);
}

/*
 * The facts with `key`, one line each: as ITEM blocks, or with `record` as
 * lines of the current block (*lines counts them). Leaves out ".cloud_sync"
 * facts that say "none" when skip_none. Returns the count.
 */
static size_t list_facts(struct vc_doc *d, const struct vc_audit *a, const char *key,
			 int record, size_t *lines, int skip_none)
{
	size_t i, n = 0;

	for (i = 0; a->facts && i < a->facts->n; i++) {
		const struct vc_fact *f = &a->facts->v[i];

		if (!is_key(f, key) || (skip_none && is_none_sync(f)))
			continue;
		if (!record)
			vc_doc_block(d, VC_DOC_ITEM);
		else if ((*lines)++)
			line_break(d);
		fact_line(d, f);
		n++;
	}
	return n;
}

/* ---- 1. summary ---- */

static const char *title_of(const struct vc_doc *d, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->title, d->lang) : "";
}

static const char *remediation_of(const struct vc_doc *d, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->remediation, d->lang) : "";
}

/* "FAIL · high · rule.id" */
static void finding_tag(struct vc_doc *d, const struct vc_finding *f)
{
	vc_doc_tag(d, f->status);
	vc_doc_fmt(d, VC_DOC_TEXT, " · %s · ", vc_report_severity_word(d->w, f->severity));
	vc_doc_put(d, VC_DOC_CODE, f->rule && f->rule->id ? f->rule->id : "?", 0);
}

/* " (Zoom, user:u-1)" */
static void product_scope(struct vc_doc *d, const struct vc_finding *f)
{
	vc_doc_put(d, VC_DOC_TEXT, " (", 0);
	vc_doc_put(d, VC_DOC_TEXT, f->product ? vc_doc_product(d, f->product) : "-", 0);
	vc_doc_put(d, VC_DOC_TEXT, ", ", 0);
	vc_doc_put(d, VC_DOC_TEXT, f->scope ? f->scope : "-", 0);
	vc_doc_put(d, VC_DOC_TEXT, ")", 0);
}

static void scores(struct vc_doc *d, const struct vc_summary *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m) {
		d->err = VC_ENOMEM;
		return;
	}
	vc_report_put_score(m, d->w, s->score_before_waivers);
	fprintf(m, " %s, ", d->w->before);
	vc_report_put_score(m, d->w, s->score_after_waivers);
	fprintf(m, " %s", d->w->after);
	if (fclose(m))
		d->err = VC_ENOMEM;
	else
		vc_doc_put(d, VC_DOC_TEXT, buf, 0);
	free(buf);
}

static void write_summary(struct vc_doc *d, const struct vc_audit *a,
			  const struct vc_finding *const *plan, size_t nplan)
{
	const struct vc_summary *s = &a->summary;
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at)), i;
	char when[sizeof(a->generated_at) + 1];
	int sev, any = 0;

	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	section(d, "summary", 1, d->w->doc->sec_summary);
	vc_doc_block(d, VC_DOC_FIELD);
	vc_doc_put(d, VC_DOC_TEXT, d->w->target, 0);
	cell(d);
	vc_doc_put(d, VC_DOC_TEXT, a->target_kind ? a->target_kind : "-", 0);
	vc_doc_put(d, VC_DOC_TEXT, " ", 0);
	vc_doc_put(d, VC_DOC_TEXT, a->target_name ? a->target_name : "", 0);
	if (a->target_root) {
		vc_doc_fmt(d, VC_DOC_TEXT, " (%s: ", d->w->doc->scope_root);
		vc_doc_put(d, VC_DOC_CODE, a->target_root, 0);
		vc_doc_put(d, VC_DOC_TEXT, ")", 0);
	}
	field(d, d->w->doc->time, when);
	field(d, d->w->profile, a->profile_id);
	vc_doc_block(d, VC_DOC_FIELD);
	vc_doc_put(d, VC_DOC_TEXT, d->w->score, 0);
	cell(d);
	scores(d, s);
	vc_doc_block(d, VC_DOC_FIELD);
	vc_doc_put(d, VC_DOC_TEXT, d->w->results, 0);
	cell(d);
	for (i = 0; i < sizeof(count_order) / sizeof(count_order[0]); i++)
		vc_doc_fmt(d, VC_DOC_TEXT, "%s%s %zu", i ? ", " : "",
			   vc_report_status_word(d->w, count_order[i]), s->by_status[count_order[i]]);
	vc_doc_block(d, VC_DOC_FIELD);
	vc_doc_put(d, VC_DOC_TEXT, d->w->by_severity, 0);
	cell(d);
	for (sev = VC_SEV_CRITICAL; sev >= VC_SEV_INFO; sev--) {
		if (!s->by_severity[sev])
			continue;
		vc_doc_fmt(d, VC_DOC_TEXT, "%s%s %zu", any ? ", " : "", d->w->sev[sev],
			   s->by_severity[sev]);
		any = 1;
	}
	if (!any)
		vc_doc_put(d, VC_DOC_TEXT, d->w->none, 0);
	if (!a->pseudonyms_stable)
		vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, d->w->pseudo_note);

	vc_doc_para(d, VC_DOC_HEADING, VC_DOC_TEXT, d->w->top_five);
	if (!nplan)
		vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, d->w->nothing_to_fix);
	for (i = 0; i < nplan && i < VC_DOC_TOP; i++) {
		vc_doc_block(d, VC_DOC_STEP);
		finding_tag(d, plan[i]);
		product_scope(d, plan[i]);
		if (*title_of(d, plan[i])) {
			vc_doc_put(d, VC_DOC_TEXT, ": ", 0);
			vc_doc_put(d, VC_DOC_TEXT, title_of(d, plan[i]), 0);
		}
		if (*remediation_of(d, plan[i])) {
			vc_doc_put(d, VC_DOC_TEXT, ". ", 0);
			vc_doc_fmt(d, VC_DOC_EM, "%s:", d->w->remediation);
			vc_doc_put(d, VC_DOC_TEXT, " ", 0);
			vc_doc_put(d, VC_DOC_TEXT, remediation_of(d, plan[i]), 0);
		}
	}
	if (nplan > VC_DOC_TOP) {
		vc_doc_block(d, VC_DOC_PARA);
		vc_doc_fmt(d, VC_DOC_TEXT, "%zu %s", nplan - VC_DOC_TOP, d->w->more_below);
	}
}

/* ---- 3. map ---- */

static void write_map(struct vc_doc *d, const struct vc_audit *a)
{
	int rc;

	section(d, "map", 3, d->w->doc->sec_map);
	vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, d->w->doc->map_intro);
	if (d->err)
		return;
	if ((rc = vc_report_flowmap_layout(&d->map, a, d->w)) < 0) {
		d->err = rc;
		return;
	}
	if (d->map)
		vc_doc_block(d, VC_DOC_MAP);
	else
		vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, d->w->doc->map_empty);
}

/* ---- 4. findings by article ---- */

/* An ITEM "<em>Label:</em> " to which the caller appends the value. */
static void labelled(struct vc_doc *d, const char *label)
{
	vc_doc_block(d, VC_DOC_ITEM);
	vc_doc_fmt(d, VC_DOC_EM, "%s:", label);
	vc_doc_put(d, VC_DOC_TEXT, " ", 0);
}

static void write_evidence(struct vc_doc *d, const struct vc_evidence *e)
{
	vc_doc_block(d, VC_DOC_ITEM2);
	if (e->source) {
		vc_doc_put(d, VC_DOC_CODE, e->source, 0);
		if (e->line > 0)
			vc_doc_fmt(d, VC_DOC_CODE, ":%d", e->line);
		vc_doc_put(d, VC_DOC_TEXT, ": ", 0);
	}
	vc_doc_put(d, VC_DOC_CODE, e->fact ? e->fact : "?", 0);
	vc_doc_put(d, VC_DOC_TEXT, " = ", 0);
	jvalue(d, VC_DOC_CODE, e->value);
}

static void write_finding(struct vc_doc *d, const struct vc_finding *f)
{
	const struct vc_report_words *w = d->w;
	const char *rem = remediation_of(d, f);
	char ref[128], *msg;
	size_t i;

	d->finding = ++d->findings;
	d->status = f->status;
	vc_doc_block(d, VC_DOC_PARA);
	finding_tag(d, f);
	if (*title_of(d, f)) {
		vc_doc_put(d, VC_DOC_TEXT, ": ", 0);
		vc_doc_put(d, VC_DOC_STRONG, title_of(d, f), 0);
	}
	product_scope(d, f);
	if (f->status == VC_ST_WAIVED) {
		labelled(d, w->real);
		vc_doc_put(d, VC_DOC_TEXT, vc_report_status_word(w, f->real_status), 0);
	}
	if (f->status != VC_ST_PASS && f->status != VC_ST_NA && f->rule && f->rule->ngdpr) {
		labelled(d, w->gdpr);
		for (i = 0; i < f->rule->ngdpr; i++) {
			vc_doc_put(d, VC_DOC_TEXT, i ? w->ref_sep : "", 0);
			vc_doc_put(d, VC_DOC_TEXT, vc_report_gdpr_ref(w, f->rule->gdpr[i], ref,
								     sizeof(ref)), 0);
		}
	}
	if (f->status != VC_ST_PASS && f->status != VC_ST_NA && f->message && *f->message) {
		labelled(d, w->detail);
		if (!(msg = vc_report_message(w, f->message)))
			d->err = VC_ENOMEM;
		vc_doc_put(d, VC_DOC_TEXT, msg ? msg : f->message, 0);
		free(msg);
	}
	if (f->status != VC_ST_PASS && f->status != VC_ST_NA && f->nev) {
		vc_doc_block(d, VC_DOC_ITEM);
		vc_doc_fmt(d, VC_DOC_EM, "%s:", w->evidence);
		for (i = 0; i < f->nev; i++)
			write_evidence(d, &f->ev[i]);
	}
	if ((vc_report_in_plan(f->status) || f->status == VC_ST_MANUAL) && *rem) {
		labelled(d, w->remediation);
		vc_doc_put(d, VC_DOC_TEXT, rem, 0);
	}
	if (f->waiver && f->status != VC_ST_PASS && f->status != VC_ST_NA) {
		labelled(d, w->waiver);
		vc_doc_fmt(d, VC_DOC_TEXT, "%s ", w->approved_by);
		vc_doc_put(d, VC_DOC_TEXT, f->waiver->approver ? f->waiver->approver : "?", 0);
		vc_doc_fmt(d, VC_DOC_TEXT, ", %s ", w->valid_until);
		vc_doc_put(d, VC_DOC_TEXT, f->waiver->expires ? f->waiver->expires : "?", 0);
		if (f->waiver->expired)
			vc_doc_fmt(d, VC_DOC_TEXT, " (%s)", w->expired);
		vc_doc_fmt(d, VC_DOC_TEXT, "; %s: ", w->justification);
		vc_doc_put(d, VC_DOC_TEXT, f->waiver->justification ? f->waiver->justification : "-",
			   0);
	}
	d->finding = 0;
}

static void write_by_article(struct vc_doc *d, const struct vc_finding *const *all, size_t n)
{
	const char *title;
	int next, last = 0, other = 0;
	size_t i;

	section(d, "findings", 4, d->w->by_article);
	if (!n)
		vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, d->w->no_findings);
	/* Articles in ascending order, then the findings without one. */
	while (n && (next = vc_report_next_article(all, n, last))) {
		title = vc_report_article_title(d->w, next);
		vc_doc_block(d, VC_DOC_HEADING);
		vc_doc_fmt(d, VC_DOC_TEXT, "%s %d%s%s", d->w->article, next, title ? " — " : "",
			   title ? title : "");
		for (i = 0; i < n; i++)
			if (vc_report_article_of(all[i]) == next)
				write_finding(d, all[i]);
		last = next;
	}
	for (i = 0; i < n; i++) {
		if (vc_report_article_of(all[i]))
			continue;
		if (!other)
			vc_doc_para(d, VC_DOC_HEADING, VC_DOC_TEXT, d->w->no_article);
		other = 1;
		write_finding(d, all[i]);
	}
}

/* ---- 5. Art. 30 ---- */

/* The facts that fill each item (a)..(g) of Art. 30(1) (LEGAL.md §2). */
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

static void gap_line(struct vc_doc *d, size_t *lines, const char *what)
{
	const struct vc_report_doc_words *dw = d->w->doc;

	if ((*lines)++)
		line_break(d);
	if (what) {
		vc_doc_put(d, VC_DOC_TEXT, what, 0);
		vc_doc_put(d, VC_DOC_TEXT, ": ", 0);
	}
	vc_doc_put(d, VC_DOC_GAP, dw->to_complete, 0);
}

static void write_art30(struct vc_doc *d, const struct vc_audit *a)
{
	const struct vc_report_doc_words *dw = d->w->doc;
	const char *ids[32];
	size_t item, k, n, np, lines;

	section(d, "art30", 5, dw->sec_art30);
	vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, dw->art30_intro);
	for (item = 0; item < 7; item++) {
		vc_doc_block(d, VC_DOC_RECORD);
		vc_doc_put(d, VC_DOC_TEXT, dw->art30_item[item], 0);
		cell(d);
		lines = 0;
		if (item == 2)
			gap_line(d, &lines, dw->art30_c_hint);
		if (item == 3 && (np = vc_report_products_present(a, ids, 32))) {
			lines++;
			vc_doc_fmt(d, VC_DOC_TEXT, "%s: ", d->w->product);
			for (k = 0; k < np; k++) {
				vc_doc_put(d, VC_DOC_TEXT, k ? ", " : "", 0);
				vc_doc_put(d, VC_DOC_TEXT, vc_doc_product(d, ids[k]), 0);
			}
		}
		/* recipients and transfers: a folder that no one syncs is neither */
		for (n = 0, k = 0; k < 10 && art30_keys[item][k]; k++)
			n += list_facts(d, a, art30_keys[item][k], 1, &lines, item == 3 || item == 4);
		if (item == 4 && n)
			gap_line(d, &lines, dw->art30_e_gap);
		else if (!n && item != 2)
			gap_line(d, &lines, NULL);
	}
}

/* ---- 6. breach readiness ---- */

static void fact_or_gap(struct vc_doc *d, const struct vc_audit *a, const char *label,
			const char *key, const char *gap)
{
	vc_doc_para(d, VC_DOC_HEADING, VC_DOC_TEXT, label);
	if (!list_facts(d, a, key, 0, NULL, 0))
		vc_doc_para(d, VC_DOC_ITEM, VC_DOC_GAP, gap);
}

/* ", synchronised by Dropbox, not encrypted" for one recording entry. */
static void rec_storage(struct vc_doc *d, const json_t *r)
{
	const char *prov = json_string_value(json_object_get(r, "cloud_sync"));
	const json_t *enc = json_object_get(r, "encrypted");

	if (prov && strcmp(prov, "none")) {
		vc_doc_fmt(d, VC_DOC_TEXT, ", %s ", d->w->doc->sync);
		vc_doc_put(d, VC_DOC_TEXT, vc_report_provider_name(prov), 0);
	}
	if (json_is_boolean(enc))
		vc_doc_fmt(d, VC_DOC_TEXT, ", %s", json_is_true(enc) ? d->w->doc->encrypted :
			   d->w->doc->not_encrypted);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = s ? strlen(s) : 0, k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static void write_breach(struct vc_doc *d, const struct vc_audit *a)
{
	const struct vc_report_doc_words *dw = d->w->doc;
	const struct vc_factset *fs = a->facts;
	const json_t *r;
	const char *prod;
	size_t i, k, total = 0, shown = 0;
	int yes = 0, no = 0;

	section(d, "breach", 6, dw->sec_breach);
	vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, dw->rule_72h);
	fact_or_gap(d, a, dw->contact_point, "org.contact_point", dw->contact_missing);
	fact_or_gap(d, a, dw->procedure, "org.breach_procedure", dw->procedure_missing);

	vc_doc_para(d, VC_DOC_HEADING, VC_DOC_TEXT, dw->enc_storage);
	for (i = 0; fs && i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];

		if (ends_with(f->key, ".encrypted") && json_is_boolean(f->value)) {
			json_is_true(f->value) ? yes++ : no++;
			vc_doc_block(d, VC_DOC_ITEM);
			fact_line(d, f);
		}
		if (!is_key(f, "artifacts.recordings"))
			continue;
		total += json_array_size(f->value);
		json_array_foreach(f->value, k, r)
			if (json_is_boolean(json_object_get(r, "encrypted")))
				json_is_true(json_object_get(r, "encrypted")) ? yes++ : no++;
	}
	vc_doc_para(d, VC_DOC_ITEM, VC_DOC_STRONG,
		    no ? dw->enc_some_not : yes ? dw->enc_all : dw->enc_unknown);

	vc_doc_block(d, VC_DOC_HEADING);
	vc_doc_fmt(d, VC_DOC_TEXT, "%s: %zu", dw->recordings_found, total);
	for (i = 0; fs && i < fs->n; i++) {
		if (!is_key(&fs->v[i], "artifacts.recordings"))
			continue;
		json_array_foreach(fs->v[i].value, k, r) {
			if (shown++ >= VC_DOC_REC_MAX)
				break;
			prod = json_string_value(json_object_get(r, "product"));
			vc_doc_block(d, VC_DOC_ITEM);
			vc_doc_put(d, VC_DOC_CODE, json_string_value(json_object_get(r, "path")), 0);
			vc_doc_put(d, VC_DOC_TEXT, " (", 0);
			vc_doc_put(d, VC_DOC_TEXT, prod ? vc_doc_product(d, prod) : "-", 0);
			vc_doc_put(d, VC_DOC_TEXT, ", ", 0);
			vc_doc_put(d, VC_DOC_TEXT, fs->v[i].scope ? fs->v[i].scope : "-", 0);
			rec_storage(d, r);
			vc_doc_put(d, VC_DOC_TEXT, ")", 0);
		}
	}
	if (total > VC_DOC_REC_MAX) {
		vc_doc_block(d, VC_DOC_ITEM);
		vc_doc_fmt(d, VC_DOC_TEXT, "… %zu", total - VC_DOC_REC_MAX);
	}
}

/* ---- 7. appendix ---- */

static void write_sources(struct vc_doc *d, const struct vc_audit *a)
{
	const struct vc_report_doc_words *dw = d->w->doc;
	const json_t *p, *s, *bytes;
	size_t i, k, n = 0;

	vc_doc_para(d, VC_DOC_HEADING, VC_DOC_TEXT, dw->sources);
	json_array_foreach(a->products, i, p) {
		json_array_foreach(json_object_get(p, "sources"), k, s) {
			if (!n++) {
				vc_doc_block(d, VC_DOC_HEAD_ROW);
				vc_doc_fmt(d, VC_DOC_TEXT, "%s", dw->products_versions);
				cell(d);
				vc_doc_fmt(d, VC_DOC_TEXT, "%s", dw->path);
				cell(d);
				vc_doc_fmt(d, VC_DOC_TEXT, "%s", dw->kind);
				cell(d);
				vc_doc_fmt(d, VC_DOC_TEXT, "SHA-256");
				cell(d);
				vc_doc_fmt(d, VC_DOC_TEXT, "%s", dw->bytes);
			}
			vc_doc_block(d, VC_DOC_ROW);
			vc_doc_put(d, VC_DOC_TEXT, json_string_value(json_object_get(p, "id")), 0);
			if (json_is_string(json_object_get(p, "version"))) {
				vc_doc_put(d, VC_DOC_TEXT, " ", 0);
				vc_doc_put(d, VC_DOC_TEXT,
					   json_string_value(json_object_get(p, "version")), 0);
			}
			cell(d);
			vc_doc_put(d, VC_DOC_CODE, json_string_value(json_object_get(s, "path")), 0);
			cell(d);
			vc_doc_put(d, VC_DOC_TEXT, json_string_value(json_object_get(s, "kind")), 0);
			cell(d);
			vc_doc_put(d, VC_DOC_CODE, json_string_value(json_object_get(s, "sha256")), 0);
			cell(d);
			bytes = json_object_get(s, "bytes");
			if (json_is_integer(bytes))
				vc_doc_fmt(d, VC_DOC_TEXT, "%lld", (long long)json_integer_value(bytes));
		}
	}
	if (!n)
		vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, dw->no_sources);
}

static void write_appendix(struct vc_doc *d, const struct vc_audit *a)
{
	const struct vc_report_doc_words *dw = d->w->doc;
	size_t i;

	section(d, "appendix", 7, dw->sec_appendix);
	vc_doc_block(d, VC_DOC_FIELD);
	vc_doc_put(d, VC_DOC_TEXT, d->w->version, 0);
	cell(d);
	vc_doc_put(d, VC_DOC_TEXT, "vcaudit ", 0);
	vc_doc_put(d, VC_DOC_TEXT, a->tool_version ? a->tool_version : "?", 0);
	field(d, d->w->rules, a->rules_version);
	field(d, d->w->profile, a->profile_id);
	vc_doc_block(d, VC_DOC_FIELD);
	vc_doc_put(d, VC_DOC_TEXT, dw->parameters, 0);
	cell(d);
	jvalue(d, VC_DOC_CODE, a->profile_params);
	write_sources(d, a);

	vc_doc_para(d, VC_DOC_HEADING, VC_DOC_TEXT, d->w->diagnostics);
	if (!a->diags || !a->diags->n)
		vc_doc_para(d, VC_DOC_PARA, VC_DOC_TEXT, dw->no_diagnostics);
	for (i = 0; a->diags && i < a->diags->n; i++) {
		const struct vc_diag *g = &a->diags->v[i];

		vc_doc_block(d, VC_DOC_ITEM);
		if (g->source) {
			vc_doc_put(d, VC_DOC_CODE, g->source, 0);
			if (g->line > 0)
				vc_doc_fmt(d, VC_DOC_CODE, ":%d", g->line);
			if (g->line > 0 && g->col > 0)
				vc_doc_fmt(d, VC_DOC_CODE, ":%d", g->col);
			vc_doc_put(d, VC_DOC_TEXT, ": ", 0);
		} else if (g->product) {
			vc_doc_put(d, VC_DOC_TEXT, g->product, 0);
			vc_doc_put(d, VC_DOC_TEXT, ": ", 0);
		}
		vc_doc_put(d, VC_DOC_TEXT, g->message ? g->message : "", 0);
	}
}

/* ---- the document ---- */

void vc_doc_free(struct vc_doc *d)
{
	if (!d)
		return;
	vc_report_flowmap_free(d->map);
	free(d->head);
	free(d->name);
	free(d->b);
	free(d->s);
	free(d->text);
	free(d);
}

static int set_head(struct vc_doc *d, const struct vc_audit *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return VC_ENOMEM;
	fprintf(m, "%s — %s %s", d->w->doc->doc_title, a->target_kind ? a->target_kind : "-",
		a->target_name ? a->target_name : "");
	if (fclose(m)) {
		free(buf);
		return VC_ENOMEM;
	}
	d->head = vc_report_clean(buf, 0);
	d->name = vc_report_clean(a->target_name ? a->target_name : "-", 0);
	free(buf);
	return d->head && d->name ? 0 : VC_ENOMEM;
}

int vc_doc_build(struct vc_doc **out, const struct vc_audit *a, const char *lang)
{
	const struct vc_finding **all = NULL, **plan = NULL;
	size_t nall = 0, nplan = 0;
	struct vc_doc *d;
	int rc;

	*out = NULL;
	if (!(d = calloc(1, sizeof(*d))))
		return vc_error_set(VC_ENOMEM, "out of memory building the report");
	d->w = vc_report_words(lang ? lang : a->lang);
	d->lang = d->w->lang;
	if ((rc = set_head(d, a)) < 0 ||
	    (rc = vc_report_order(&all, &nall, a->findings, 0)) < 0 ||
	    (rc = vc_report_order(&plan, &nplan, a->findings, 1)) < 0)
		goto out;
	vc_doc_para(d, VC_DOC_TITLE, VC_DOC_TEXT, d->w->doc->doc_title);
	write_summary(d, a, plan, nplan);
	section(d, "statement", 2, d->w->doc->sec_statement);
	vc_doc_statement(d, a);
	write_map(d, a);
	write_by_article(d, all, nall);
	write_art30(d, a);
	write_breach(d, a);
	write_appendix(d, a);
	rc = d->err;
out:
	free(all);
	free(plan);
	if (rc == VC_ENOMEM)
		rc = vc_error_set(VC_ENOMEM, "out of memory building the report");
	else if (rc == VC_ELIMIT)
		rc = vc_error_set(VC_ELIMIT, "the report is larger than %u bytes of text",
				  VC_DOC_TEXT_MAX);
	if (rc < 0) {
		vc_doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
