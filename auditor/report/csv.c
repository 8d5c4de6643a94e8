/*
 * CSV reporter: the action plan, for a spreadsheet (RFC 4180).
 *
 * A header row in the report's language, then one row per finding of the
 * action plan (order.h): every failing finding (status fail; an expired
 * waiver fails), then every error finding (a rule that could not be
 * evaluated because a source was unreadable or malformed: someone must fix
 * that too). Waived, manual, passed and not-applicable findings are not
 * rows. Columns:
 *   priority     1..n in the order of order.h
 *   result       "failed" or "error" (Danish "ikke bestået" / "fejl")
 *   severity, rule, title, product (id), scope
 *   gdpr         the rule's references joined with "; "
 *   evidence     the first evidence with a source, as source[:line]
 *   remediation
 *   owner, due_date, status   empty, for whoever works through the plan
 *
 * Encoding: UTF-8 without a byte-order mark; CRLF after every row; a field
 * is quoted when it holds a comma, a double quote, CR or LF, with quotes
 * doubled (text from files is made one line first, clean.h). Formula
 * injection: a field that starts with = + - @ (or a tab or CR) gets a
 * leading ' so that a spreadsheet shows it as text instead of evaluating it.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "clean.h"
#include "order.h"
#include "words.h"

#define CSV_COLS 13

struct csv {
	FILE *f;
	int oom;
};

/* One field, already clean; `first` = no separator before it. */
static void csv_raw(FILE *f, const char *s, int first)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int guard = strchr("=+-@\t\r", *s) && *s;

	if (!first)
		fputc(',', f);
	if (quote)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

/* One field from data (rules, findings, files): cleaned first. */
static void csv_field(struct csv *c, const char *s, int first)
{
	char *clean = vc_report_clean(s, 0);

	if (!clean) {
		c->oom = 1;
		return;
	}
	csv_raw(c->f, clean, first);
	free(clean);
}

static void csv_gdpr(struct csv *c, const struct vc_rule *r)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; r && i < r->ngdpr; i++)
		len += (r->gdpr[i] ? strlen(r->gdpr[i]) : 1) + 2;
	s = malloc(len);
	if (!s) {
		c->oom = 1;
		return;
	}
	*s = 0;
	len = 0;
	for (i = 0; r && i < r->ngdpr; i++) {
		const char *g = r->gdpr[i] ? r->gdpr[i] : "?";

		if (i) {
			memcpy(s + len, "; ", 2);
			len += 2;
		}
		memcpy(s + len, g, strlen(g));
		len += strlen(g);
		s[len] = 0;
	}
	csv_field(c, s, 0);
	free(s);
}

static void csv_evidence(struct csv *c, const struct vc_finding *f)
{
	char *s = NULL;
	size_t i;

	for (i = 0; i < f->nev; i++) {
		if (!f->ev[i].source)
			continue;
		if (f->ev[i].line > 0) {
			if (asprintf(&s, "%s:%d", f->ev[i].source, f->ev[i].line) < 0)
				s = NULL;
		} else {
			s = strdup(f->ev[i].source);
		}
		if (!s)
			c->oom = 1;
		break;
	}
	csv_field(c, s ? s : "", 0);
	free(s);
}

static void csv_row(struct csv *c, const struct vc_report_words *w, size_t prio,
		    const struct vc_finding *f)
{
	const struct vc_rule *r = f->rule;
	char num[32];

	snprintf(num, sizeof(num), "%zu", prio);
	csv_raw(c->f, num, 1);
	csv_raw(c->f, vc_report_status_word(w, f->status), 0);
	csv_raw(c->f, vc_report_severity_word(w, f->severity), 0);
	csv_field(c, r && r->id ? r->id : "", 0);
	csv_field(c, r ? vc_text_get(&r->title, w->lang) : "", 0);
	csv_field(c, f->product ? f->product : "", 0);
	csv_field(c, f->scope ? f->scope : "", 0);
	csv_gdpr(c, r);
	csv_evidence(c, f);
	csv_field(c, r ? vc_text_get(&r->remediation, w->lang) : "", 0);
	fputs(",,,\r\n", c->f);   /* owner, due_date, status: left to the plan's users */
}

int vc_report_csv_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	const char *lang = opts && opts->lang ? opts->lang : a->lang;
	const struct vc_report_words *w = vc_report_words(lang);
	const struct vc_finding **plan = NULL;
	struct csv c = { out, 0 };
	size_t n = 0, i;
	int rc;

	if ((rc = vc_report_order(&plan, &n, a->findings, 1)) < 0)
		return rc;
	for (i = 0; i < CSV_COLS; i++)
		csv_raw(out, w->csv_col[i], !i);
	fputs("\r\n", out);
	for (i = 0; i < n; i++)
		csv_row(&c, w, i + 1, plan[i]);
	free(plan);
	if (c.oom)
		return vc_error_set(VC_ENOMEM, "out of memory writing the CSV report");
	if (fflush(out) || ferror(out))
		return vc_error_set(VC_EIO, "cannot write the CSV report");
	return 0;
}
