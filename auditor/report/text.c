/*
 * Text reporter: the human report for a terminal, in English or Danish.
 *
 * Layout: a header (target, profile, time, scores, counts), then the
 * findings grouped by product (in the order of vc_products[], then other
 * products as they first appear); within a product failures and errors
 * first, then manual checks, then waived findings, each group by severity
 * (critical first); passes and not-applicable rules close the group, one
 * line each when there are few, else as one count line. Diagnostics last.
 *
 * Everything printed comes from the audit (no clock, no environment), so
 * the output is deterministic. Text that came from scanned files is
 * cleaned (clean.h): control characters (which could drive the terminal)
 * become '?', invalid UTF-8 becomes U+FFFD. The words are those of words.h.
 * ANSI colour only when asked for.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "clean.h"
#include "words.h"
#include "../engine/rule.h"

#define VC_TEXT_FEW 10          /* up to this many pass + n/a findings are listed */

enum colour { COL_NONE = -1, COL_RED, COL_YELLOW, COL_GREEN, COL_CYAN, COL_BOLD };

static const char *const ansi[] = { "\033[31m", "\033[33m", "\033[32m", "\033[36m", "\033[1m" };
#define ANSI_RESET "\033[0m"

/* Order of the status counts in the header. */
static const enum vc_status count_order[] = {
	VC_ST_FAIL, VC_ST_ERROR, VC_ST_MANUAL, VC_ST_WAIVED, VC_ST_PASS, VC_ST_NA
};

struct out {
	FILE *f;
	const struct vc_report_words *w;
	const char *lang;
	int color;
	size_t hdr_width;   /* header labels are padded to this many characters */
	size_t lbl_width;   /* finding labels likewise */
};

/* Text that came from scanned files (or may have), cleaned (clean.h). */
static void put_clean(const struct out *o, const char *s)
{
	vc_report_clean_put(o->f, s, 0);
}

static void spaces(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

static void colour_on(const struct out *o, enum colour c)
{
	if (o->color && c != COL_NONE)
		fputs(ansi[c], o->f);
}

static void colour_off(const struct out *o, enum colour c)
{
	if (o->color && c != COL_NONE)
		fputs(ANSI_RESET, o->f);
}

static enum colour status_colour(enum vc_status s)
{
	switch (s) {
	case VC_ST_FAIL:
	case VC_ST_ERROR:
		return COL_RED;
	case VC_ST_MANUAL:
		return COL_YELLOW;
	case VC_ST_PASS:
		return COL_GREEN;
	case VC_ST_WAIVED:
		return COL_CYAN;
	default:
		return COL_NONE;
	}
}

/* "[FAIL]", coloured, padded with spaces to `width` characters. */
static void put_tag(const struct out *o, enum vc_status s, size_t width)
{
	const char *tag = vc_report_status_tag(o->w, s);
	size_t w = vc_report_clean_width(tag) + 2;

	colour_on(o, status_colour(s));
	fprintf(o->f, "[%s]", tag);
	colour_off(o, status_colour(s));
	spaces(o->f, width > w ? width - w : 0);
}

/* A bold heading underlined with `rule` characters. */
static void heading(const struct out *o, const char *text, const char *extra, char rule)
{
	size_t w = vc_report_clean_width(text) + (extra ? vc_report_clean_width(extra) + 1 : 0);

	colour_on(o, COL_BOLD);
	put_clean(o, text);
	if (extra) {
		fputc(' ', o->f);
		put_clean(o, extra);
	}
	colour_off(o, COL_BOLD);
	fputc('\n', o->f);
	while (w--)
		fputc(rule, o->f);
	fputc('\n', o->f);
}

/* "Label:" padded to `width` characters plus one space, after `indent` spaces. */
static void label(const struct out *o, size_t indent, const char *text, size_t width)
{
	size_t w = vc_report_clean_width(text) + 1;

	spaces(o->f, indent);
	fprintf(o->f, "%s:", text);
	spaces(o->f, (width > w ? width - w : 0) + 1);
}

static size_t max_width(const char *const *v, size_t n)
{
	size_t i, m = 0, w;

	for (i = 0; i < n; i++) {
		w = vc_report_clean_width(v[i]) + 1;   /* with the colon */
		if (w > m)
			m = w;
	}
	return m;
}

static void write_header(const struct out *o, const struct vc_audit *a)
{
	const struct vc_report_words *w = o->w;
	const struct vc_summary *s = &a->summary;
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at));
	char when[sizeof(a->generated_at) + 1];
	int any = 0, i;

	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	heading(o, w->title, NULL, '=');

	label(o, 0, w->target, o->hdr_width);
	if (a->target_kind) {
		put_clean(o, a->target_kind);
		any = 1;
	}
	if (a->target_name) {
		if (any)
			fputc(' ', o->f);
		put_clean(o, a->target_name);
		any = 1;
	}
	if (a->target_root) {
		fputs(any ? " (--root " : "(--root ", o->f);
		put_clean(o, a->target_root);
		fputc(')', o->f);
		any = 1;
	}
	fputs(any ? "\n" : "-\n", o->f);

	label(o, 0, w->profile, o->hdr_width);
	put_clean(o, a->profile_id ? a->profile_id : "-");
	fputc('\n', o->f);

	label(o, 0, w->generated, o->hdr_width);
	put_clean(o, *when ? when : "-");
	fputc('\n', o->f);

	label(o, 0, w->version, o->hdr_width);
	fputs("vcaudit ", o->f);
	put_clean(o, a->tool_version ? a->tool_version : "?");
	fputc('\n', o->f);
	if (a->rules_version) {
		label(o, 0, w->rules, o->hdr_width);
		put_clean(o, a->rules_version);
		fputc('\n', o->f);
	}

	label(o, 0, w->score, o->hdr_width);
	vc_report_put_score(o->f, w, s->score_before_waivers);
	fprintf(o->f, " %s, ", w->before);
	vc_report_put_score(o->f, w, s->score_after_waivers);
	fprintf(o->f, " %s\n", w->after);

	label(o, 0, w->results, o->hdr_width);
	for (i = 0; i < (int)(sizeof(count_order) / sizeof(count_order[0])); i++) {
		enum vc_status st = count_order[i];

		fprintf(o->f, "%s%s %zu", i ? ", " : "", vc_report_status_word(w, st), s->by_status[st]);
	}
	fputc('\n', o->f);

	label(o, 0, w->severity, o->hdr_width);
	any = 0;
	for (i = VC_SEV_CRITICAL; i >= VC_SEV_INFO; i--) {
		if (!s->by_severity[i])
			continue;
		fprintf(o->f, "%s%s %zu", any ? ", " : "", w->sev[i], s->by_severity[i]);
		any = 1;
	}
	if (any)
		fprintf(o->f, " (%s)\n", w->failing_before);
	else
		fprintf(o->f, "%s\n", w->no_failures);

	if (!a->pseudonyms_stable)
		fprintf(o->f, "%s\n", w->pseudo_note);
}

/* One evidence line: "    source:line  fact = value" (value cut at VC_REPORT_VALUE_MAX). */
static int write_evidence(const struct out *o, const struct vc_evidence *e)
{
	int oom;
	char *val = vc_report_value(e->value, VC_REPORT_VALUE_MAX, &oom);

	if (oom)
		return vc_error_set(VC_ENOMEM, "out of memory writing the text report");
	spaces(o->f, 4);
	if (e->source) {   /* derived facts (.encrypted, .cloud_sync) may have none */
		put_clean(o, e->source);
		if (e->line > 0)
			fprintf(o->f, ":%d", e->line);
		fputs("  ", o->f);
	}
	put_clean(o, e->fact ? e->fact : "?");
	fputs(" = ", o->f);
	fputs(val ? val : o->w->absent, o->f);   /* val is cleaned and cut already */
	fputc('\n', o->f);
	free(val);
	return 0;
}

static void put_line(const struct out *o, const char *lbl, const char *text)
{
	label(o, 2, lbl, o->lbl_width);
	put_clean(o, text);
	fputc('\n', o->f);
}

/* A failed, erroneous, manual or waived finding in full. */
static int write_finding(const struct out *o, const struct vc_finding *f)
{
	const struct vc_report_words *w = o->w;
	const struct vc_rule *r = f->rule;
	const char *title = r ? vc_text_get(&r->title, o->lang) : "";
	const char *rem = r ? vc_text_get(&r->remediation, o->lang) : "";
	char ref[128], *msg;
	size_t i;
	int rc;

	fputc('\n', o->f);
	put_tag(o, f->status, 0);
	fprintf(o->f, " %s  ", vc_report_severity_word(w, f->severity));
	colour_on(o, COL_BOLD);
	put_clean(o, r && r->id ? r->id : "?");
	colour_off(o, COL_BOLD);
	fputc('\n', o->f);
	if (*title) {
		spaces(o->f, 2);
		put_clean(o, title);
		fputc('\n', o->f);
	}
	put_line(o, w->scope, f->scope ? f->scope : "-");
	if (f->status == VC_ST_WAIVED)
		put_line(o, w->real, vc_report_status_word(w, f->real_status));
	if (r && r->ngdpr) {
		label(o, 2, w->gdpr, o->lbl_width);
		for (i = 0; i < r->ngdpr; i++) {
			if (i)
				fputs(w->ref_sep, o->f);
			put_clean(o, vc_report_gdpr_ref(w, r->gdpr[i], ref, sizeof(ref)));
		}
		fputc('\n', o->f);
	}
	if (f->message && *f->message) {
		if (!(msg = vc_report_message(w, f->message)))
			return vc_error_set(VC_ENOMEM, "out of memory writing the text report");
		put_line(o, w->detail, msg);
		free(msg);
	}
	if (f->nev) {
		fprintf(o->f, "  %s:\n", w->evidence);
		for (i = 0; i < f->nev; i++)
			if ((rc = write_evidence(o, &f->ev[i])) < 0)
				return rc;
	}
	if ((f->status == VC_ST_FAIL || f->status == VC_ST_ERROR || f->status == VC_ST_MANUAL) &&
	    *rem)
		put_line(o, w->remediation, rem);
	if (f->waiver) {
		label(o, 2, w->waiver, o->lbl_width);
		fprintf(o->f, "%s ", w->approved_by);
		put_clean(o, f->waiver->approver ? f->waiver->approver : "?");
		fprintf(o->f, ", %s ", w->valid_until);
		put_clean(o, f->waiver->expires ? f->waiver->expires : "?");
		if (f->waiver->expired)
			fprintf(o->f, " (%s)", w->expired);
		fputc('\n', o->f);
		put_line(o, w->justification,
			 f->waiver->justification ? f->waiver->justification : "-");
	}
	return 0;
}

/* A pass or not-applicable finding on one line. */
static void write_compact(const struct out *o, const struct vc_finding *f, size_t tag_width)
{
	const struct vc_rule *r = f->rule;
	const char *title = r ? vc_text_get(&r->title, o->lang) : "";

	put_tag(o, f->status, tag_width);
	fputc(' ', o->f);
	put_clean(o, r && r->id ? r->id : "?");
	if (*title) {
		fputs("  ", o->f);
		put_clean(o, title);
	}
	fputs(" (", o->f);
	put_clean(o, f->scope ? f->scope : "-");
	fputs(")\n", o->f);
}

struct item {
	const struct vc_finding *f;
	size_t rank;    /* product order */
	size_t idx;     /* position in the findings */
	int group;      /* 0 fail/error, 1 manual, 2 waived, 3 pass/n.a. */
};

static int status_group(enum vc_status s)
{
	switch (s) {
	case VC_ST_FAIL:
	case VC_ST_ERROR:
		return 0;
	case VC_ST_MANUAL:
		return 1;
	case VC_ST_WAIVED:
		return 2;
	default:
		return 3;
	}
}

static int cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->group < 3 && a->f->severity != b->f->severity)
		return a->f->severity > b->f->severity ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int same_product(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Known products in vc_products[] order, then the others by first appearance. */
static size_t product_rank(const struct vc_findings *fs, size_t i, size_t nknown)
{
	const char *p = fs->v[i].product;
	size_t k;

	for (k = 0; p && k < nknown; k++)
		if (!strcmp(vc_products[k], p))
			return k;
	for (k = 0; k < i; k++)
		if (same_product(fs->v[k].product, p))
			break;
	return nknown + k;
}

/* "Microsoft Teams (teams)", "Host system (host)"; an unknown id as it is. */
static void product_heading(const struct out *o, const char *id)
{
	const char *name = vc_report_product_name(o->w, id);
	char extra[64];

	fputc('\n', o->f);
	if (!name) {
		heading(o, id ? id : "-", NULL, '-');
		return;
	}
	snprintf(extra, sizeof(extra), "(%s)", id);
	heading(o, name, extra, '-');
}

/* Items [from, to) are one product: details, then passes and n/a. */
static int write_product(const struct out *o, const struct item *it, size_t from, size_t to)
{
	size_t i, first_compact = to, tag_width;
	size_t npass = 0, nna = 0;
	int rc;

	product_heading(o, it[from].f->product);
	for (i = from; i < to; i++) {
		if (it[i].group == 3) {
			if (first_compact == to)
				first_compact = i;
			if (it[i].f->status == VC_ST_PASS)
				npass++;
			else
				nna++;
			continue;
		}
		if ((rc = write_finding(o, it[i].f)) < 0)
			return rc;
	}
	if (first_compact == to)
		return 0;
	fputc('\n', o->f);
	if (npass + nna > VC_TEXT_FEW) {
		fprintf(o->f, "%s %zu, %s %zu (%s)\n", o->w->status[VC_ST_PASS], npass,
			o->w->status[VC_ST_NA], nna, o->w->not_listed);
		return 0;
	}
	tag_width = 0;   /* align the titles when both kinds are listed */
	if (npass)
		tag_width = vc_report_clean_width(o->w->tag[VC_ST_PASS]);
	if (nna && vc_report_clean_width(o->w->tag[VC_ST_NA]) > tag_width)
		tag_width = vc_report_clean_width(o->w->tag[VC_ST_NA]);
	for (i = first_compact; i < to; i++)
		write_compact(o, it[i].f, tag_width + 2);
	return 0;
}

static int write_findings(const struct out *o, const struct vc_findings *fs)
{
	struct item *it;
	size_t nknown = 0, i, start;
	int rc = 0;

	if (!fs || !fs->n) {
		fprintf(o->f, "\n%s\n", o->w->no_findings);
		return 0;
	}
	while (vc_products[nknown])
		nknown++;
	it = calloc(fs->n, sizeof(*it));
	if (!it)
		return vc_error_set(VC_ENOMEM, "out of memory writing the text report");
	for (i = 0; i < fs->n; i++) {
		it[i].f = &fs->v[i];
		it[i].idx = i;
		it[i].rank = product_rank(fs, i, nknown);
		it[i].group = status_group(fs->v[i].status);
	}
	qsort(it, fs->n, sizeof(*it), cmp_item);
	for (start = 0, i = 1; i <= fs->n; i++) {
		if (i < fs->n && it[i].rank == it[start].rank)
			continue;
		if ((rc = write_product(o, it, start, i)) < 0)
			goto out;
		start = i;
	}
out:
	free(it);
	return rc;
}

static void write_diags(const struct out *o, const struct vc_diags *d)
{
	char count[32];
	size_t i;

	if (!d || !d->n)
		return;
	snprintf(count, sizeof(count), "(%zu)", d->n);
	fputc('\n', o->f);
	heading(o, o->w->diagnostics, count, '-');
	for (i = 0; i < d->n; i++) {
		const struct vc_diag *g = &d->v[i];

		if (g->source) {
			put_clean(o, g->source);
			if (g->line > 0) {
				fprintf(o->f, ":%d", g->line);
				if (g->col > 0)
					fprintf(o->f, ":%d", g->col);
			}
			fputs(": ", o->f);
		} else if (g->product) {
			put_clean(o, g->product);
			fputs(": ", o->f);
		}
		put_clean(o, g->message ? g->message : "");
		fputc('\n', o->f);
	}
}

int vc_report_text_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	const char *lang = opts && opts->lang ? opts->lang : a->lang;
	struct out o = { 0 };
	int rc;

	o.f = out;
	o.w = vc_report_words(lang);
	o.lang = o.w->lang;
	o.color = opts && opts->color;
	{
		const char *hdr[] = { o.w->target, o.w->profile, o.w->generated, o.w->version,
				      o.w->rules, o.w->score, o.w->results, o.w->severity };
		const char *lbl[] = { o.w->scope, o.w->gdpr, o.w->detail, o.w->evidence,
				      o.w->remediation, o.w->waiver, o.w->justification,
				      o.w->real };

		o.hdr_width = max_width(hdr, sizeof(hdr) / sizeof(hdr[0]));
		o.lbl_width = max_width(lbl, sizeof(lbl) / sizeof(lbl[0]));
	}
	write_header(&o, a);
	if ((rc = write_findings(&o, a->findings)) < 0)
		return rc;
	write_diags(&o, a->diags);
	if (fflush(out) || ferror(out))
		return vc_error_set(VC_EIO, "cannot write the text report");
	return 0;
}
