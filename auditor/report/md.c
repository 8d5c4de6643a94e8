/*
 * Markdown reporter: the report for pasting into a compliance wiki, in
 * English or Danish (CommonMark / GitHub-flavoured Markdown).
 *
 * Layout: a title; target, profile, time, version, scores before and after
 * waivers, counts per status and per severity; "the five most important
 * things to fix" (the first five of the action plan, order.h); the findings
 * grouped by the first GDPR article of each rule ("Art. 32 — Security of
 * processing"; articles in number order, rules without a reference last),
 * each finding a bullet with status, severity, rule id and title (passed
 * and not-applicable ones on that one line, with product and scope), then
 * product and scope, GDPR references, detail, evidence (source:line
 * fact = value, values compact JSON cut at VC_REPORT_VALUE_MAX characters),
 * remediation (fail, error, manual) and waiver; diagnostics last.
 *
 * Safety: no raw HTML is ever written. Every string that is not one of the
 * fixed words (paths, values, messages, rule texts) is cleaned (clean.h:
 * one line, no control characters, valid UTF-8) and then escaped: \ ` * _
 * [ ] < > & | ~ always, and where a string starts a block (right after a
 * list marker) also a leading # + - = ! and the '.' or ')' after leading
 * digits (a leading space becomes &#32;), so a file called
 * "[x](http://evil)" or "<script>" shows as such and cannot become a link,
 * an image, HTML, a heading or a list. (A bare URL may still be shown as a
 * link by GitHub's autolinking; its visible text is then the URL itself.)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "clean.h"
#include "order.h"
#include "words.h"

#define MD_TOP 5   /* entries of "the five most important things to fix" */

struct md {
	FILE *f;
	const struct vc_report_words *w;
	const char *lang;
	int oom;
};

/* Order of the status counts in the header. */
static const enum vc_status count_order[] = {
	VC_ST_FAIL, VC_ST_ERROR, VC_ST_MANUAL, VC_ST_WAIVED, VC_ST_PASS, VC_ST_NA
};

/*
 * Write cleaned text `s` escaped for Markdown (see the top of the file);
 * `start`: s begins a block (right after a list marker), where a leading
 * punctuation character or "1." would start a heading, list or quote.
 */
static void md_escaped(FILE *f, const char *s, int start)
{
	size_t i, digits = strspn(s, "0123456789");
	unsigned char c;

	if (start && *s == ' ') {   /* four leading spaces would make a code block */
		fputs("&#32;", f);
		s++;
		digits = 0;
	}
	for (i = 0; s[i]; i++) {
		c = (unsigned char)s[i];
		if ((c && strchr("\\`*_[]<>&|~", c)) ||
		    (start && i == 0 && c && strchr("#+-=!", c)) ||
		    (start && i == digits && i > 0 && (c == '.' || c == ')')))
			fputc('\\', f);
		fputc(c, f);
	}
}

/* Text that did not come from this file: cleaned, escaped (start: as md_escaped). */
static void md_text_at(struct md *m, const char *s, int start)
{
	char *c = vc_report_clean(s, 0);

	if (!c) {
		m->oom = 1;
		return;
	}
	md_escaped(m->f, c, start);
	free(c);
}

/* The same within a line. */
static void md_text(struct md *m, const char *s)
{
	md_text_at(m, s, 0);
}

static void write_header(struct md *m, const struct vc_audit *a)
{
	const struct vc_report_words *w = m->w;
	const struct vc_summary *s = &a->summary;
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at)), i;
	char when[sizeof(a->generated_at) + 1];
	int any = 0, sev;

	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	fprintf(m->f, "# %s\n\n", w->title);

	fprintf(m->f, "- **%s:** ", w->target);
	if (a->target_kind) {
		md_text(m, a->target_kind);
		any = 1;
	}
	if (a->target_name) {
		fputs(any ? " " : "", m->f);
		md_text(m, a->target_name);
		any = 1;
	}
	if (a->target_root) {
		fputs(any ? " (--root " : "(--root ", m->f);
		md_text(m, a->target_root);
		fputc(')', m->f);
		any = 1;
	}
	fputs(any ? "\n" : "\\-\n", m->f);
	fprintf(m->f, "- **%s:** ", w->profile);
	md_text(m, a->profile_id ? a->profile_id : "-");
	fprintf(m->f, "\n- **%s:** ", w->generated);
	md_text(m, *when ? when : "-");
	fprintf(m->f, "\n- **%s:** vcaudit ", w->version);
	md_text(m, a->tool_version ? a->tool_version : "?");
	fputc('\n', m->f);
	if (a->rules_version) {
		fprintf(m->f, "- **%s:** ", w->rules);
		md_text(m, a->rules_version);
		fputc('\n', m->f);
	}
	fprintf(m->f, "- **%s:** ", w->score);
	vc_report_put_score(m->f, m->w, s->score_before_waivers);
	fprintf(m->f, " %s, ", w->before);
	vc_report_put_score(m->f, m->w, s->score_after_waivers);
	fprintf(m->f, " %s\n", w->after);

	fprintf(m->f, "- **%s:** ", w->results);
	for (i = 0; i < sizeof(count_order) / sizeof(count_order[0]); i++)
		fprintf(m->f, "%s%s %zu", i ? ", " : "", vc_report_status_word(w, count_order[i]),
			s->by_status[count_order[i]]);
	fprintf(m->f, "\n- **%s:** ", w->by_severity);
	any = 0;
	for (sev = VC_SEV_CRITICAL; sev >= VC_SEV_INFO; sev--) {
		if (!s->by_severity[sev])
			continue;
		fprintf(m->f, "%s%s %zu", any ? ", " : "", w->sev[sev], s->by_severity[sev]);
		any = 1;
	}
	fprintf(m->f, "%s\n", any ? "" : w->none);
	if (!a->pseudonyms_stable)
		fprintf(m->f, "\n%s\n", w->pseudo_note);
}

static const char *title_of(const struct md *m, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->title, m->lang) : "";
}

static const char *remediation_of(const struct md *m, const struct vc_finding *f)
{
	return f->rule ? vc_text_get(&f->rule->remediation, m->lang) : "";
}

/* "**FAIL** · high · rule.id" */
static void finding_tag(struct md *m, const struct vc_finding *f)
{
	fprintf(m->f, "**%s** · %s · ", vc_report_status_tag(m->w, f->status),
		vc_report_severity_word(m->w, f->severity));
	md_text(m, f->rule && f->rule->id ? f->rule->id : "?");
}

/* "Zoom (zoom), user:u-7f3a9c" */
static void product_scope(struct md *m, const struct vc_finding *f)
{
	const char *name = vc_report_product_name(m->w, f->product);

	if (name) {
		fprintf(m->f, "%s (", name);
		md_text(m, f->product);
		fputc(')', m->f);
	} else {
		md_text(m, f->product ? f->product : "-");
	}
	fputs(", ", m->f);
	md_text(m, f->scope ? f->scope : "-");
}

static void write_top(struct md *m, const struct vc_finding *const *plan, size_t n)
{
	const char *title, *rem;
	size_t i;

	fprintf(m->f, "\n## %s\n\n", m->w->top_five);
	if (!n) {
		fprintf(m->f, "%s\n", m->w->nothing_to_fix);
		return;
	}
	for (i = 0; i < n && i < MD_TOP; i++) {
		title = title_of(m, plan[i]);
		rem = remediation_of(m, plan[i]);
		fprintf(m->f, "%zu. ", i + 1);
		finding_tag(m, plan[i]);
		fputs(" (", m->f);
		product_scope(m, plan[i]);
		fputs(")", m->f);
		if (*title) {
			fputs(": ", m->f);
			md_text(m, title);
		}
		if (*rem) {
			fprintf(m->f, ". *%s:* ", m->w->remediation);
			md_text(m, rem);
		}
		fputc('\n', m->f);
	}
	if (n > MD_TOP)
		fprintf(m->f, "\n%zu %s\n", n - MD_TOP, m->w->more_below);
}

/* "  - **Label:** text" */
static void sub_item(struct md *m, const char *lbl, const char *text)
{
	fprintf(m->f, "  - **%s:** ", lbl);
	md_text(m, text);
	fputc('\n', m->f);
}

static void write_evidence(struct md *m, const struct vc_evidence *e)
{
	char *val;
	int oom;

	val = vc_report_value(e->value, VC_REPORT_VALUE_MAX, &oom);
	if (oom) {
		m->oom = 1;
		return;
	}
	fputs("    - ", m->f);
	if (e->source) {
		md_text_at(m, e->source, 1);
		if (e->line > 0)
			fprintf(m->f, ":%d", e->line);
		fputs(": ", m->f);
	}
	md_text_at(m, e->fact ? e->fact : "?", !e->source);
	fputs(" = ", m->f);
	md_escaped(m->f, val ? val : m->w->absent, 0);
	fputc('\n', m->f);
	free(val);
}

static void write_finding(struct md *m, const struct vc_finding *f)
{
	const struct vc_report_words *w = m->w;
	const char *title = title_of(m, f), *rem = remediation_of(m, f);
	char ref[128], *msg;
	size_t i;

	fputs("- ", m->f);
	finding_tag(m, f);
	if (*title) {
		fputs(": ", m->f);
		md_text(m, title);
	}
	if (f->status == VC_ST_PASS || f->status == VC_ST_NA) {
		fputs(" (", m->f);   /* one line: passes and n/a can be many */
		product_scope(m, f);
		fputs(")\n", m->f);
		return;
	}
	fprintf(m->f, "\n  - **%s:** ", w->scope);
	product_scope(m, f);
	fputc('\n', m->f);
	if (f->status == VC_ST_WAIVED)
		fprintf(m->f, "  - **%s:** %s\n", w->real, vc_report_status_word(w, f->real_status));
	if (f->rule && f->rule->ngdpr) {
		fprintf(m->f, "  - **%s:** ", w->gdpr);
		for (i = 0; i < f->rule->ngdpr; i++) {
			fputs(i ? w->ref_sep : "", m->f);
			md_text(m, vc_report_gdpr_ref(w, f->rule->gdpr[i], ref, sizeof(ref)));
		}
		fputc('\n', m->f);
	}
	if (f->message && *f->message) {
		if (!(msg = vc_report_message(w, f->message)))
			m->oom = 1;
		sub_item(m, w->detail, msg ? msg : f->message);
		free(msg);
	}
	if (f->nev) {
		fprintf(m->f, "  - **%s:**\n", w->evidence);
		for (i = 0; i < f->nev; i++)
			write_evidence(m, &f->ev[i]);
	}
	if ((vc_report_in_plan(f->status) || f->status == VC_ST_MANUAL) && *rem)
		sub_item(m, w->remediation, rem);
	if (f->waiver) {
		fprintf(m->f, "  - **%s:** %s ", w->waiver, w->approved_by);
		md_text(m, f->waiver->approver ? f->waiver->approver : "?");
		fprintf(m->f, ", %s ", w->valid_until);
		md_text(m, f->waiver->expires ? f->waiver->expires : "?");
		if (f->waiver->expired)
			fprintf(m->f, " (%s)", w->expired);
		fputc('\n', m->f);
		sub_item(m, w->justification,
			 f->waiver->justification ? f->waiver->justification : "-");
	}
}

static void write_by_article(struct md *m, const struct vc_finding *const *all, size_t n)
{
	const char *title;
	int next, last = 0;
	size_t i;

	fprintf(m->f, "\n## %s\n", m->w->by_article);
	if (!n) {
		fprintf(m->f, "\n%s\n", m->w->no_findings);
		return;
	}
	/* Articles in ascending order. */
	while ((next = vc_report_next_article(all, n, last))) {
		title = vc_report_article_title(m->w, next);
		fprintf(m->f, "\n### %s %d%s%s\n\n", m->w->article, next, title ? " — " : "",
			title ? title : "");
		for (i = 0; i < n; i++)
			if (vc_report_article_of(all[i]) == next)
				write_finding(m, all[i]);
		last = next;
	}
	for (i = 0; i < n; i++) {
		if (vc_report_article_of(all[i]))
			continue;
		if (last >= 0)
			fprintf(m->f, "\n### %s\n\n", m->w->no_article);
		last = -1;
		write_finding(m, all[i]);
	}
}

static void write_diags(struct md *m, const struct vc_diags *d)
{
	size_t i;

	if (!d || !d->n)
		return;
	fprintf(m->f, "\n## %s (%zu)\n\n", m->w->diagnostics, d->n);
	for (i = 0; i < d->n; i++) {
		const struct vc_diag *g = &d->v[i];

		fputs("- ", m->f);
		if (g->source) {
			md_text_at(m, g->source, 1);
			if (g->line > 0) {
				fprintf(m->f, ":%d", g->line);
				if (g->col > 0)
					fprintf(m->f, ":%d", g->col);
			}
			fputs(": ", m->f);
		} else if (g->product) {
			md_text_at(m, g->product, 1);
			fputs(": ", m->f);
		}
		md_text_at(m, g->message ? g->message : "", !g->source && !g->product);
		fputc('\n', m->f);
	}
}

int vc_report_md_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	const char *lang = opts && opts->lang ? opts->lang : a->lang;
	const struct vc_finding **all = NULL, **plan = NULL;
	size_t nall = 0, nplan = 0;
	struct md m = { 0 };
	int rc;

	m.f = out;
	m.w = vc_report_words(lang);
	m.lang = m.w->lang;
	if ((rc = vc_report_order(&all, &nall, a->findings, 0)) < 0 ||
	    (rc = vc_report_order(&plan, &nplan, a->findings, 1)) < 0)
		goto out;
	write_header(&m, a);
	write_top(&m, plan, nplan);
	write_by_article(&m, all, nall);
	write_diags(&m, a->diags);
	if (m.oom) {
		rc = vc_error_set(VC_ENOMEM, "out of memory writing the Markdown report");
		goto out;
	}
	if (fflush(out) || ferror(out))
		rc = vc_error_set(VC_EIO, "cannot write the Markdown report");
out:
	free(all);
	free(plan);
	return rc;
}
