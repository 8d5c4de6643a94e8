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
 * cleaned: control characters (which could drive the terminal) become
 * '?', invalid UTF-8 becomes U+FFFD. ANSI colour only when asked for.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../core/utf8.h"
#include "../engine/rule.h"

#define VC_TEXT_VALUE_MAX 120   /* evidence values longer than this are cut with "…" */
#define VC_TEXT_FEW 10          /* up to this many pass + n/a findings are listed */

#define ELLIPSIS "\xE2\x80\xA6"
#define REPLACEMENT "\xEF\xBF\xBD"

enum colour { COL_NONE = -1, COL_RED, COL_YELLOW, COL_GREEN, COL_CYAN, COL_BOLD };

static const char *const ansi[] = { "\033[31m", "\033[33m", "\033[32m", "\033[36m", "\033[1m" };
#define ANSI_RESET "\033[0m"

/* Fixed words of the report in one language. */
struct words {
	const char *title;
	/* header labels */
	const char *target, *profile, *generated, *version, *rules, *score, *results, *severity;
	const char *before, *after, *failing_before, *none, *pseudo_note;
	/* per finding */
	const char *status[VC_ST__COUNT];   /* counts: "failed 2" */
	const char *tag[VC_ST__COUNT];      /* "[FAIL]" */
	const char *sev[VC_SEV_CRITICAL + 1];
	const char *scope, *gdpr, *detail, *evidence, *remediation, *waiver, *justification;
	const char *real, *approved_by, *valid_until, *expired, *absent, *not_listed;
	const char *no_findings, *diagnostics, *host;
	char decimal;
};

static const struct words words_en = {
	.title = "vcaudit report",
	.target = "Target", .profile = "Profile", .generated = "Generated",
	.version = "Version", .score = "Score", .results = "Results", .severity = "Severity",
	.rules = "Rules", .before = "before waivers", .after = "after waivers",
	.failing_before = "failed, before waivers", .none = "no failures",
	.pseudo_note = "Note: pseudonyms change between runs unless a key is set "
		       "(VCAUDIT_PSEUDONYM_KEY or the organisation file).",
	.status = {
		[VC_ST_PASS] = "passed", [VC_ST_FAIL] = "failed", [VC_ST_MANUAL] = "manual",
		[VC_ST_NA] = "not applicable", [VC_ST_ERROR] = "error", [VC_ST_WAIVED] = "waived",
	},
	.tag = {
		[VC_ST_PASS] = "PASS", [VC_ST_FAIL] = "FAIL", [VC_ST_MANUAL] = "MANUAL",
		[VC_ST_NA] = "N/A", [VC_ST_ERROR] = "ERROR", [VC_ST_WAIVED] = "WAIVED",
	},
	.sev = { "info", "low", "medium", "high", "critical" },
	.scope = "Scope", .gdpr = "GDPR", .detail = "Detail", .evidence = "Evidence",
	.remediation = "Remediation", .waiver = "Waiver", .justification = "Justification",
	.real = "Actual result", .approved_by = "approved by", .valid_until = "valid until",
	.expired = "expired", .absent = "(absent)", .not_listed = "not listed",
	.no_findings = "No findings.", .diagnostics = "Diagnostics", .host = "Host system",
	.decimal = '.',
};

static const struct words words_da = {
	.title = "vcaudit-rapport",
	.target = "Mål", .profile = "Profil", .generated = "Genereret",
	.version = "Version", .score = "Score", .results = "Resultat", .severity = "Alvorlighed",
	.rules = "Regler", .before = "før dispensationer", .after = "efter dispensationer",
	.failing_before = "ikke bestået, før dispensationer", .none = "ingen ikke beståede",
	.pseudo_note = "Bemærk: pseudonymerne skifter fra kørsel til kørsel, medmindre der er "
		       "sat en nøgle (VCAUDIT_PSEUDONYM_KEY eller organisationsfilen).",
	.status = {
		[VC_ST_PASS] = "bestået", [VC_ST_FAIL] = "ikke bestået",
		[VC_ST_MANUAL] = "manuel kontrol", [VC_ST_NA] = "ikke relevant",
		[VC_ST_ERROR] = "fejl", [VC_ST_WAIVED] = "dispenseret",
	},
	.tag = {
		[VC_ST_PASS] = "BESTÅET", [VC_ST_FAIL] = "IKKE BESTÅET",
		[VC_ST_MANUAL] = "MANUEL KONTROL", [VC_ST_NA] = "IKKE RELEVANT",
		[VC_ST_ERROR] = "FEJL", [VC_ST_WAIVED] = "DISPENSERET",
	},
	.sev = { "info", "lav", "middel", "høj", "kritisk" },
	.scope = "Omfang", .gdpr = "GDPR", .detail = "Detaljer", .evidence = "Dokumentation",
	.remediation = "Afhjælpning", .waiver = "Dispensation", .justification = "Begrundelse",
	.real = "Faktisk resultat", .approved_by = "godkendt af", .valid_until = "gyldig til",
	.expired = "udløbet", .absent = "(mangler)", .not_listed = "ikke vist",
	.no_findings = "Ingen resultater.", .diagnostics = "Diagnostik", .host = "Værtssystem",
	.decimal = ',',
};

/* Display names of the product ids in vc_products[] ("host" is a word above). */
static const struct {
	const char *id, *name;
} product_names[] = {
	{ "zoom", "Zoom" }, { "teams", "Microsoft Teams" }, { "jitsi", "Jitsi Meet" },
	{ "bigbluebutton", "BigBlueButton" }, { "google-meet", "Google Meet" },
	{ "webex", "Webex" }, { "goto", "GoTo Meeting" }, { "ringcentral", "RingCentral" },
	{ "clickmeeting", "ClickMeeting" }, { "bluejeans", "BlueJeans" },
	{ "lifesize", "Lifesize" }, { "umeeting", "uMeeting" },
};

/* Order of the status counts in the header. */
static const enum vc_status count_order[] = {
	VC_ST_FAIL, VC_ST_ERROR, VC_ST_MANUAL, VC_ST_WAIVED, VC_ST_PASS, VC_ST_NA
};

struct out {
	FILE *f;
	const struct words *w;
	const char *lang;
	int color;
	size_t hdr_width;   /* header labels are padded to this many characters */
	size_t lbl_width;   /* finding labels likewise */
};


/*
 * One character of `s` as it will be shown: *len gets its byte length, and
 * the return value is what to print instead of it (NULL = the bytes as they are).
 */
static const char *clean_char(const unsigned char *p, size_t left, size_t *len)
{
	size_t n = vc_utf8_len(p, left);

	*len = n ? n : 1;
	if (!n)
		return REPLACEMENT;
	if (n == 1 && (*p == '\t' || *p == '\n' || *p == '\r'))
		return " ";
	if (n == 1 && (*p < 0x20 || *p == 0x7F))
		return "?";
	if (n == 2 && p[0] == 0xC2 && p[1] < 0xA0)
		return "?";   /* C1 controls, CSI among them */
	if (n == 3 && p[0] == 0xE2 &&
	    ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
	     (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
		return "?";   /* bidirectional overrides that reorder what is shown */
	return NULL;
}

/* Characters shown for `s` (one column each; wide characters are not measured). */
static size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n, w = 0;

	while (left) {
		clean_char(p, left, &n);
		p += n;
		left -= n;
		w++;
	}
	return w;
}

/* Print `s` cleaned; with max > 0, at most max characters, the last one "…". */
static void put_clean(FILE *f, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n, shown = 0, limit = 0;
	const char *sub;

	if (max && text_width(s) > max)
		limit = max - 1;
	while (left) {
		if (limit && shown == limit) {
			fputs(ELLIPSIS, f);
			return;
		}
		sub = clean_char(p, left, &n);
		if (sub)
			fputs(sub, f);
		else
			fwrite(p, 1, n, f);
		p += n;
		left -= n;
		shown++;
	}
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

static const char *status_word(const struct words *w, enum vc_status s)
{
	return (unsigned)s < VC_ST__COUNT ? w->status[s] : "?";
}

static const char *severity_word(const struct words *w, enum vc_severity s)
{
	return (unsigned)s <= VC_SEV_CRITICAL ? w->sev[s] : "?";
}

/* "[FAIL]", coloured, padded with spaces to `width` characters. */
static void put_tag(const struct out *o, enum vc_status s, size_t width)
{
	const char *tag = (unsigned)s < VC_ST__COUNT ? o->w->tag[s] : "?";
	size_t w = text_width(tag) + 2;

	colour_on(o, status_colour(s));
	fprintf(o->f, "[%s]", tag);
	colour_off(o, status_colour(s));
	spaces(o->f, width > w ? width - w : 0);
}

/* A bold heading underlined with `rule` characters. */
static void heading(const struct out *o, const char *text, const char *extra, char rule)
{
	size_t w = text_width(text) + (extra ? text_width(extra) + 1 : 0);

	colour_on(o, COL_BOLD);
	put_clean(o->f, text, 0);
	if (extra) {
		fputc(' ', o->f);
		put_clean(o->f, extra, 0);
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
	size_t w = text_width(text) + 1;

	spaces(o->f, indent);
	fprintf(o->f, "%s:", text);
	spaces(o->f, (width > w ? width - w : 0) + 1);
}

static void put_score(const struct out *o, double x)
{
	char num[64], *dot;

	if (!isfinite(x))
		x = 0;
	snprintf(num, sizeof(num), "%.1f", x);
	dot = strchr(num, '.');
	if (dot)
		*dot = o->w->decimal;
	fputs(num, o->f);
}

static size_t max_width(const char *const *v, size_t n)
{
	size_t i, m = 0, w;

	for (i = 0; i < n; i++) {
		w = text_width(v[i]) + 1;   /* with the colon */
		if (w > m)
			m = w;
	}
	return m;
}

static void write_header(const struct out *o, const struct vc_audit *a)
{
	const struct words *w = o->w;
	const struct vc_summary *s = &a->summary;
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at));
	char when[sizeof(a->generated_at) + 1];
	int any = 0, i;

	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	heading(o, w->title, NULL, '=');

	label(o, 0, w->target, o->hdr_width);
	if (a->target_kind) {
		put_clean(o->f, a->target_kind, 0);
		any = 1;
	}
	if (a->target_name) {
		if (any)
			fputc(' ', o->f);
		put_clean(o->f, a->target_name, 0);
		any = 1;
	}
	if (a->target_root) {
		fputs(any ? " (--root " : "(--root ", o->f);
		put_clean(o->f, a->target_root, 0);
		fputc(')', o->f);
		any = 1;
	}
	fputs(any ? "\n" : "-\n", o->f);

	label(o, 0, w->profile, o->hdr_width);
	put_clean(o->f, a->profile_id ? a->profile_id : "-", 0);
	fputc('\n', o->f);

	label(o, 0, w->generated, o->hdr_width);
	put_clean(o->f, *when ? when : "-", 0);
	fputc('\n', o->f);

	label(o, 0, w->version, o->hdr_width);
	fputs("vcaudit ", o->f);
	put_clean(o->f, a->tool_version ? a->tool_version : "?", 0);
	fputc('\n', o->f);
	if (a->rules_version) {
		label(o, 0, w->rules, o->hdr_width);
		put_clean(o->f, a->rules_version, 0);
		fputc('\n', o->f);
	}

	label(o, 0, w->score, o->hdr_width);
	put_score(o, s->score_before_waivers);
	fprintf(o->f, " %s, ", w->before);
	put_score(o, s->score_after_waivers);
	fprintf(o->f, " %s\n", w->after);

	label(o, 0, w->results, o->hdr_width);
	for (i = 0; i < (int)(sizeof(count_order) / sizeof(count_order[0])); i++) {
		enum vc_status st = count_order[i];

		fprintf(o->f, "%s%s %zu", i ? ", " : "", status_word(w, st), s->by_status[st]);
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
		fprintf(o->f, "%s\n", w->none);

	if (!a->pseudonyms_stable)
		fprintf(o->f, "%s\n", w->pseudo_note);
}

/* One evidence line: "    source:line  fact = value" (value cut at VC_TEXT_VALUE_MAX). */
static int write_evidence(const struct out *o, const struct vc_evidence *e)
{
	char *val = NULL;

	if (e->value) {
		val = json_dumps(e->value, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
		if (!val)
			return vc_error_set(VC_ENOMEM, "out of memory writing the text report");
	}
	spaces(o->f, 4);
	if (e->source) {   /* derived facts (.encrypted, .cloud_sync) may have none */
		put_clean(o->f, e->source, 0);
		if (e->line > 0)
			fprintf(o->f, ":%d", e->line);
		fputs("  ", o->f);
	}
	put_clean(o->f, e->fact ? e->fact : "?", 0);
	fputs(" = ", o->f);
	put_clean(o->f, val ? val : o->w->absent, VC_TEXT_VALUE_MAX);
	fputc('\n', o->f);
	free(val);
	return 0;
}

static void put_line(const struct out *o, const char *lbl, const char *text)
{
	label(o, 2, lbl, o->lbl_width);
	put_clean(o->f, text, 0);
	fputc('\n', o->f);
}

/* A failed, erroneous, manual or waived finding in full. */
static int write_finding(const struct out *o, const struct vc_finding *f)
{
	const struct words *w = o->w;
	const struct vc_rule *r = f->rule;
	const char *title = r ? vc_text_get(&r->title, o->lang) : "";
	const char *rem = r ? vc_text_get(&r->remediation, o->lang) : "";
	size_t i;
	int rc;

	fputc('\n', o->f);
	put_tag(o, f->status, 0);
	fprintf(o->f, " %s  ", severity_word(w, f->severity));
	colour_on(o, COL_BOLD);
	put_clean(o->f, r && r->id ? r->id : "?", 0);
	colour_off(o, COL_BOLD);
	fputc('\n', o->f);
	if (*title) {
		spaces(o->f, 2);
		put_clean(o->f, title, 0);
		fputc('\n', o->f);
	}
	put_line(o, w->scope, f->scope ? f->scope : "-");
	if (f->status == VC_ST_WAIVED)
		put_line(o, w->real, status_word(w, f->real_status));
	if (r && r->ngdpr) {
		label(o, 2, w->gdpr, o->lbl_width);
		for (i = 0; i < r->ngdpr; i++) {
			if (i)
				fputs(", ", o->f);
			put_clean(o->f, r->gdpr[i] ? r->gdpr[i] : "?", 0);
		}
		fputc('\n', o->f);
	}
	if (f->message && *f->message)
		put_line(o, w->detail, f->message);
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
		put_clean(o->f, f->waiver->approver ? f->waiver->approver : "?", 0);
		fprintf(o->f, ", %s ", w->valid_until);
		put_clean(o->f, f->waiver->expires ? f->waiver->expires : "?", 0);
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
	put_clean(o->f, r && r->id ? r->id : "?", 0);
	if (*title) {
		fputs("  ", o->f);
		put_clean(o->f, title, 0);
	}
	fputs(" (", o->f);
	put_clean(o->f, f->scope ? f->scope : "-", 0);
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

static void product_heading(const struct out *o, const char *id)
{
	size_t i;

	fputc('\n', o->f);
	if (!id) {
		heading(o, "-", NULL, '-');
		return;
	}
	if (!strcmp(id, "host")) {
		heading(o, o->w->host, "(host)", '-');
		return;
	}
	for (i = 0; i < sizeof(product_names) / sizeof(product_names[0]); i++) {
		if (!strcmp(product_names[i].id, id)) {
			char extra[64];

			snprintf(extra, sizeof(extra), "(%s)", id);
			heading(o, product_names[i].name, extra, '-');
			return;
		}
	}
	heading(o, id, NULL, '-');
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
		tag_width = text_width(o->w->tag[VC_ST_PASS]);
	if (nna && text_width(o->w->tag[VC_ST_NA]) > tag_width)
		tag_width = text_width(o->w->tag[VC_ST_NA]);
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
			put_clean(o->f, g->source, 0);
			if (g->line > 0) {
				fprintf(o->f, ":%d", g->line);
				if (g->col > 0)
					fprintf(o->f, ":%d", g->col);
			}
			fputs(": ", o->f);
		} else if (g->product) {
			put_clean(o->f, g->product, 0);
			fputs(": ", o->f);
		}
		put_clean(o->f, g->message ? g->message : "", 0);
		fputc('\n', o->f);
	}
}

int vc_report_text_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *opts)
{
	const char *lang = opts && opts->lang ? opts->lang : a->lang;
	struct out o = { 0 };
	int rc;

	o.f = out;
	o.lang = lang && !strcmp(lang, "da") ? "da" : "en";
	o.w = !strcmp(o.lang, "da") ? &words_da : &words_en;
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
