/*
 * JUnit XML reporter: findings as test results for CI dashboards.
 *
 * <testsuites name="vcaudit"> holds one <testsuite> per product (in the
 * order of vc_products[], then other products as they first appear), named
 * by the product id, with tests/failures/errors/skipped counted from its
 * findings, timestamp = the audit's time and hostname = the target. Each
 * finding is a <testcase classname="PRODUCT" name="RULE [SCOPE]"> in audit
 * order:
 *   fail                      <failure message=DETAIL type=SEVERITY>: the
 *                             title, GDPR references, evidence, remediation
 *                             and an expired waiver, one per line
 *   error                     <error message=DETAIL type=SEVERITY>: likewise
 *   manual, not applicable    <skipped message="manual: DETAIL">
 *   waived                    <skipped message="waived, approved by ..., valid
 *                             until ...: JUSTIFICATION">
 *   pass                      an empty testcase
 * A product's diagnostics go to its suite's <system-err>, one per line;
 * the others (no product, or a product without findings) to the
 * <system-err> of a last, empty suite named "vcaudit".
 *
 * Written with libxml2's xmlTextWriter (escaping done by libxml2), UTF-8;
 * strings from the audit are cleaned first (clean.h), since XML 1.0 cannot
 * carry control characters even escaped.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>

#include "report.h"
#include "clean.h"
#include "words.h"

struct ju {
	xmlTextWriterPtr wr;
	const struct vc_report_words *w;
	const char *lang;
	int bad;   /* a libxml2 call failed or memory ran out */
};

static const xmlChar *X(const char *s)
{
	return (const xmlChar *)s;
}

static void chk(struct ju *j, int rc)
{
	if (rc < 0)
		j->bad = 1;
}

/* An attribute from audit data, cleaned. */
static void attr(struct ju *j, const char *name, const char *value)
{
	char *c = vc_report_clean(value, 0);

	if (!c) {
		j->bad = 1;
		return;
	}
	chk(j, xmlTextWriterWriteAttribute(j->wr, X(name), X(c)));
	free(c);
}

static void attr_num(struct ju *j, const char *name, size_t n)
{
	chk(j, xmlTextWriterWriteFormatAttribute(j->wr, X(name), "%zu", n));
}

/* Append cleaned `s` to the memstream `m` (one line of a failure body). */
static void put(struct ju *j, FILE *m, const char *s)
{
	char *c = vc_report_clean(s, 0);

	if (!c) {
		j->bad = 1;
		return;
	}
	fputs(c, m);
	free(c);
}

static const char *product_of(const struct vc_finding *f)
{
	return f->product ? f->product : "-";
}

/* The text of a <failure> or <error>: what a developer reading CI needs. */
static char *failure_body(struct ju *j, const struct vc_finding *f)
{
	const struct vc_report_words *w = j->w;
	const struct vc_rule *r = f->rule;
	const char *title = r ? vc_text_get(&r->title, j->lang) : "";
	const char *rem = r ? vc_text_get(&r->remediation, j->lang) : "";
	char *buf = NULL, *val;
	size_t len = 0, i;
	FILE *m = open_memstream(&buf, &len);
	int oom;

	if (!m)
		return NULL;
	put(j, m, title);
	fprintf(m, "\n%s: ", w->scope);
	put(j, m, f->scope ? f->scope : "-");
	fputc('\n', m);
	if (r && r->ngdpr) {
		fprintf(m, "%s: ", w->gdpr);
		for (i = 0; i < r->ngdpr; i++) {
			fputs(i ? ", " : "", m);
			put(j, m, r->gdpr[i] ? r->gdpr[i] : "?");
		}
		fputc('\n', m);
	}
	if (f->nev)
		fprintf(m, "%s:\n", w->evidence);
	for (i = 0; i < f->nev; i++) {
		const struct vc_evidence *e = &f->ev[i];

		val = vc_report_value(e->value, VC_REPORT_VALUE_MAX, &oom);
		if (oom)
			j->bad = 1;
		fputs("  ", m);
		if (e->source) {
			put(j, m, e->source);
			if (e->line > 0)
				fprintf(m, ":%d", e->line);
			fputs(": ", m);
		}
		put(j, m, e->fact ? e->fact : "?");
		fprintf(m, " = %s\n", val ? val : w->absent);
		free(val);
	}
	if (*rem) {
		fprintf(m, "%s: ", w->remediation);
		put(j, m, rem);
		fputc('\n', m);
	}
	if (f->waiver) {
		fprintf(m, "%s: %s ", w->waiver, w->approved_by);
		put(j, m, f->waiver->approver ? f->waiver->approver : "?");
		fprintf(m, ", %s ", w->valid_until);
		put(j, m, f->waiver->expires ? f->waiver->expires : "?");
		if (f->waiver->expired)
			fprintf(m, " (%s)", w->expired);
		fputc('\n', m);
	}
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The message of a <skipped>: "manual: DETAIL", "waived, approved by ...: WHY". */
static char *skipped_message(struct ju *j, const struct vc_finding *f)
{
	const struct vc_report_words *w = j->w;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	fputs(vc_report_status_word(w, f->status), m);
	if (f->status == VC_ST_WAIVED && f->waiver) {
		fprintf(m, ", %s ", w->approved_by);
		put(j, m, f->waiver->approver ? f->waiver->approver : "?");
		fprintf(m, ", %s ", w->valid_until);
		put(j, m, f->waiver->expires ? f->waiver->expires : "?");
		fputs(": ", m);
		put(j, m, f->waiver->justification ? f->waiver->justification : "-");
	} else if (f->message && *f->message) {
		fputs(": ", m);
		put(j, m, f->message);
	}
	if (fclose(m)) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void write_case(struct ju *j, const struct vc_finding *f)
{
	const char *el = NULL;
	char *name = NULL, *text = NULL;

	chk(j, xmlTextWriterStartElement(j->wr, X("testcase")));
	attr(j, "classname", product_of(f));
	if (asprintf(&name, "%s [%s]", f->rule && f->rule->id ? f->rule->id : "?",
		     f->scope ? f->scope : "-") < 0) {
		name = NULL;
		j->bad = 1;
	}
	attr(j, "name", name ? name : "?");
	free(name);
	chk(j, xmlTextWriterWriteAttribute(j->wr, X("time"), X("0")));
	if (f->status == VC_ST_FAIL)
		el = "failure";
	else if (f->status == VC_ST_ERROR)
		el = "error";
	if (el) {
		chk(j, xmlTextWriterStartElement(j->wr, X(el)));
		attr(j, "message", f->message ? f->message : "");
		chk(j, xmlTextWriterWriteAttribute(j->wr, X("type"),
			X(vc_report_severity_word(j->w, f->severity))));
		text = failure_body(j, f);
		if (!text)
			j->bad = 1;
		else
			chk(j, xmlTextWriterWriteString(j->wr, X(text)));
		chk(j, xmlTextWriterEndElement(j->wr));
	} else if (f->status != VC_ST_PASS) {
		chk(j, xmlTextWriterStartElement(j->wr, X("skipped")));
		text = skipped_message(j, f);
		if (!text)
			j->bad = 1;
		else
			chk(j, xmlTextWriterWriteAttribute(j->wr, X("message"), X(text)));
		chk(j, xmlTextWriterEndElement(j->wr));
	}
	free(text);
	chk(j, xmlTextWriterEndElement(j->wr));
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int has_findings(const struct vc_findings *fs, const char *product)
{
	size_t i;

	for (i = 0; fs && i < fs->n; i++)
		if (same(fs->v[i].product, product))
			return 1;
	return 0;
}

/*
 * The <system-err> of a suite: the diagnostics of `product`; with product
 * NULL, those of no product or of a product without findings (no suite).
 */
static void write_diags(struct ju *j, const struct vc_audit *a, const char *product)
{
	const struct vc_diags *d = a->diags;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *m;

	if (!d || !d->n)
		return;
	m = open_memstream(&buf, &len);
	if (!m) {
		j->bad = 1;
		return;
	}
	for (i = 0; i < d->n; i++) {
		const struct vc_diag *g = &d->v[i];

		if (product ? !same(g->product, product) :
			      g->product && has_findings(a->findings, g->product))
			continue;
		if (g->source) {
			put(j, m, g->source);
			if (g->line > 0)
				fprintf(m, ":%d", g->line);
			if (g->line > 0 && g->col > 0)
				fprintf(m, ":%d", g->col);
			fputs(": ", m);
		} else if (!product && g->product) {
			put(j, m, g->product);
			fputs(": ", m);
		}
		put(j, m, g->message ? g->message : "");
		fputc('\n', m);
	}
	if (fclose(m))
		j->bad = 1;
	else if (len)
		chk(j, xmlTextWriterWriteElement(j->wr, X("system-err"), X(buf)));
	free(buf);
}

/* <testsuite> start tag; with `count`, counts over the findings of `product`. */
static void suite_start(struct ju *j, const struct vc_audit *a, const char *name,
			const char *product, int count)
{
	const struct vc_findings *fs = a->findings;
	size_t i, tests = 0, failures = 0, errors = 0, skipped = 0;
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at));
	char when[sizeof(a->generated_at) + 1];

	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	for (i = 0; count && fs && i < fs->n; i++) {
		if (!same(fs->v[i].product, product))
			continue;
		tests++;
		failures += fs->v[i].status == VC_ST_FAIL;
		errors += fs->v[i].status == VC_ST_ERROR;
		skipped += fs->v[i].status != VC_ST_FAIL && fs->v[i].status != VC_ST_ERROR &&
			   fs->v[i].status != VC_ST_PASS;
	}
	chk(j, xmlTextWriterStartElement(j->wr, X("testsuite")));
	attr(j, "name", name);
	attr_num(j, "tests", tests);
	attr_num(j, "failures", failures);
	attr_num(j, "errors", errors);
	attr_num(j, "skipped", skipped);
	chk(j, xmlTextWriterWriteAttribute(j->wr, X("time"), X("0")));
	if (*when)
		attr(j, "timestamp", when);
	if (a->target_name)
		attr(j, "hostname", a->target_name);
}

static void write_suite(struct ju *j, const struct vc_audit *a, const char *product)
{
	const struct vc_findings *fs = a->findings;
	size_t i;

	suite_start(j, a, product ? product : "-", product, 1);
	for (i = 0; i < fs->n; i++)
		if (same(fs->v[i].product, product))
			write_case(j, &fs->v[i]);
	if (product)
		write_diags(j, a, product);
	chk(j, xmlTextWriterEndElement(j->wr));
}

/* Diagnostics that belong to no suite above, in an empty suite "vcaudit". */
static void write_other_diags(struct ju *j, const struct vc_audit *a)
{
	const struct vc_diags *d = a->diags;
	size_t i;

	for (i = 0; d && i < d->n; i++)
		if (!d->v[i].product || !has_findings(a->findings, d->v[i].product))
			break;
	if (!d || i == d->n)
		return;
	suite_start(j, a, "vcaudit", NULL, 0);
	write_diags(j, a, NULL);
	chk(j, xmlTextWriterEndElement(j->wr));
}

/* Known products in vc_products[] order, then the others by first appearance. */
static void write_suites(struct ju *j, const struct vc_audit *a)
{
	const struct vc_findings *fs = a->findings;
	size_t i, k, nknown = 0;

	while (vc_products[nknown])
		nknown++;
	for (k = 0; k < nknown; k++) {
		for (i = 0; i < fs->n; i++)
			if (same(fs->v[i].product, vc_products[k]))
				break;
		if (i < fs->n)
			write_suite(j, a, vc_products[k]);
	}
	for (i = 0; i < fs->n; i++) {
		const char *p = fs->v[i].product;

		if (p && vc_product_known(p))
			continue;
		for (k = 0; k < i; k++)
			if (same(fs->v[k].product, p))
				break;
		if (k == i)
			write_suite(j, a, p);
	}
}

int vc_report_junit_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	const char *lang = opts && opts->lang ? opts->lang : a->lang;
	const struct vc_findings *fs = a->findings;
	size_t i, n[VC_ST__COUNT] = { 0 };
	struct ju j = { 0 };
	xmlBufferPtr buf;
	int rc = 0;

	j.w = vc_report_words(lang);
	j.lang = j.w->lang;
	buf = xmlBufferCreate();
	if (!buf)
		return vc_error_set(VC_ENOMEM, "out of memory writing the JUnit report");
	j.wr = xmlNewTextWriterMemory(buf, 0);
	if (!j.wr) {
		xmlBufferFree(buf);
		return vc_error_set(VC_ENOMEM, "out of memory writing the JUnit report");
	}
	chk(&j, xmlTextWriterSetIndent(j.wr, 1));
	chk(&j, xmlTextWriterSetIndentString(j.wr, X("  ")));
	chk(&j, xmlTextWriterStartDocument(j.wr, "1.0", "UTF-8", NULL));
	chk(&j, xmlTextWriterStartElement(j.wr, X("testsuites")));
	chk(&j, xmlTextWriterWriteAttribute(j.wr, X("name"), X("vcaudit")));
	for (i = 0; fs && i < fs->n; i++)
		if ((unsigned)fs->v[i].status < VC_ST__COUNT)
			n[fs->v[i].status]++;
	attr_num(&j, "tests", fs ? fs->n : 0);
	attr_num(&j, "failures", n[VC_ST_FAIL]);
	attr_num(&j, "errors", n[VC_ST_ERROR]);
	attr_num(&j, "skipped", n[VC_ST_MANUAL] + n[VC_ST_NA] + n[VC_ST_WAIVED]);
	chk(&j, xmlTextWriterWriteAttribute(j.wr, X("time"), X("0")));
	if (fs)
		write_suites(&j, a);
	write_other_diags(&j, a);
	chk(&j, xmlTextWriterEndDocument(j.wr));
	xmlFreeTextWriter(j.wr);
	if (j.bad) {
		rc = vc_error_set(VC_ENOMEM, "cannot build the JUnit report (out of memory)");
		goto out;
	}
	if (fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), out) !=
	    (size_t)xmlBufferLength(buf) || fflush(out) || ferror(out))
		rc = vc_error_set(VC_EIO, "cannot write the JUnit report");
out:
	xmlBufferFree(buf);
	return rc;
}
