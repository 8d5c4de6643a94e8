/*
 * merge: one host report (vcaudit.report/1) reduced to a struct
 * vc_fleet_host, and the command-line arguments (files, folders, archives)
 * walked through inputs/input.h with a single handler that reads reports.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "merge.h"
#include "../engine/finding.h"
#include "../engine/rule.h"
#include "../inputs/input.h"
#include "../scanners/scan_util.h"

#define REPORT_PREFIX "vcaudit.report/"
#define REPORT_MAJOR 1
#define FINDINGS_MAX 1000000

int vc_fleet_parse_time(int64_t *out, const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = s ? strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (!end || *end)
		return VC_EPARSE;
	*out = (int64_t)timegm(&tm);
	return 0;
}

static const char *str_at(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int status_of(const char *s)
{
	int i;

	for (i = 0; s && i < VC_ST__COUNT; i++)
		if (!strcmp(vc_status_name((enum vc_status)i), s))
			return i;
	return -1;
}

/*
 * "vcaudit.report/1" (a minor part, "/1.2", is accepted): 1 readable,
 * 0 another major (set *major), -1 not a host report at all.
 */
static int schema_ok(const char *schema, long *major)
{
	char *end;

	if (!schema || strncmp(schema, REPORT_PREFIX, strlen(REPORT_PREFIX)))
		return -1;
	schema += strlen(REPORT_PREFIX);
	if (*schema < '0' || *schema > '9')
		return -1;
	*major = strtol(schema, &end, 10);
	if (*end && *end != '.')
		return -1;
	return *major == REPORT_MAJOR ? 1 : 0;
}

static int cmp_u32_by_name(const void *a, const void *b, void *tab)
{
	const struct vc_strtab *t = tab;

	return strcmp(t->s[*(const uint32_t *)a], t->s[*(const uint32_t *)b]);
}

static int cmp_worst(const void *a, const void *b, void *tab)
{
	const struct vc_fleet_worst *x = a, *y = b;

	if (x->severity != y->severity)
		return y->severity - x->severity;
	return cmp_u32_by_name(&x->rule, &y->rule, tab);
}

static int rule_info(struct vc_fleet *f, uint32_t r, const json_t *finding, int sev,
		     const char *lang)
{
	const char *title = str_at(finding, "title");
	int in_lang = lang && !strcmp(lang, f->lang);

	if (r >= f->capruleinfo) {
		size_t nc = f->capruleinfo ? f->capruleinfo * 2 : 128;
		struct vc_fleet_rule *ni;

		while (nc <= r)
			nc *= 2;
		ni = realloc(f->ruleinfo, nc * sizeof(*ni));
		if (!ni)
			return vc_error_set(VC_ENOMEM, "out of memory");
		memset(ni + f->capruleinfo, 0, (nc - f->capruleinfo) * sizeof(*ni));
		f->ruleinfo = ni;
		f->capruleinfo = nc;
	}
	if (sev > f->ruleinfo[r].severity)
		f->ruleinfo[r].severity = sev;
	/* Keep the first title, or a later one in the fleet report's language. */
	if (title && (!f->ruleinfo[r].title || (in_lang && !f->ruleinfo[r].title_lang))) {
		char *t = vc_strndup(title, 512);

		if (!t)
			return vc_error_set(VC_ENOMEM, "out of memory");
		free(f->ruleinfo[r].title);
		f->ruleinfo[r].title = t;
		f->ruleinfo[r].title_lang = in_lang;
	}
	return 0;
}

/* Findings: counts, failing rule ids, the worst failures. "" or a problem. */
static int take_findings(struct vc_fleet *f, struct vc_fleet_host *h, const json_t *arr,
			 const char *lang, const char **bad)
{
	struct vc_fleet_worst *fails = NULL;
	size_t i, n = json_array_size(arr), nf = 0, k;
	int rc = 0;

	if (!json_is_array(arr) || n > FINDINGS_MAX) {
		*bad = "findings is not an array (or longer than 1000000)";
		return 0;
	}
	h->worst_sev = -1;
	for (i = 0; i < n; i++) {
		const json_t *fi = json_array_get(arr, i);
		int st = status_of(str_at(fi, "status"));
		enum vc_severity sev;
		uint32_t r, p = VC_FLEET_NONE;

		if (!str_at(fi, "rule") || st < 0 ||
		    vc_severity_parse(&sev, str_at(fi, "severity")) < 0) {
			*bad = "a finding without a valid rule, status or severity";
			goto out;
		}
		h->counts[st]++;
		if ((rc = vc_strtab_intern(&f->rules, str_at(fi, "rule"), &r)) < 0 ||
		    (rc = rule_info(f, r, fi, (int)sev, lang)) < 0)
			goto out;
		if (st != VC_ST_FAIL)
			continue;
		if (str_at(fi, "product") &&
		    (rc = vc_strtab_intern(&f->products, str_at(fi, "product"), &p)) < 0)
			goto out;
		if (!fails && !(fails = malloc(n * sizeof(*fails)))) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
		fails[nf].rule = r;
		fails[nf].product = p;
		fails[nf].severity = (int)sev;
		nf++;
		if ((int)sev > h->worst_sev)
			h->worst_sev = (int)sev;
	}
	if (!nf)
		goto out;
	qsort_r(fails, nf, sizeof(*fails), cmp_worst, &f->rules);
	h->failing = malloc(nf * sizeof(*h->failing));
	if (!h->failing) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	/* A rule fails once per unit (user, policy...): keep its worst unit. */
	for (i = 0; i < nf; i++) {
		for (k = 0; k < h->nfailing && h->failing[k] != fails[i].rule; k++)
			;
		if (k < h->nfailing)
			continue;
		h->failing[h->nfailing++] = fails[i].rule;
		if (h->nworst < VC_FLEET_WORST)
			h->worst[h->nworst++] = fails[i];
	}
	qsort_r(h->failing, h->nfailing, sizeof(*h->failing), cmp_u32_by_name, &f->rules);
out:
	free(fails);
	return rc;
}

/* Known product versions (products[].version not null), "host" left out. */
static int take_products(struct vc_fleet *f, struct vc_fleet_host *h, const json_t *arr)
{
	size_t i, n = json_array_size(arr);
	int rc;

	if (!n)
		return 0;
	if (n > 64)
		n = 64;   /* there are 13 product ids */
	h->pv = malloc(n * sizeof(*h->pv));
	if (!h->pv)
		return vc_error_set(VC_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const json_t *p = json_array_get(arr, i);
		const char *id = str_at(p, "id"), *ver = str_at(p, "version");
		struct vc_fleet_pv *pv = &h->pv[h->npv];

		if (!id || !ver || !strcmp(id, "host"))
			continue;
		if ((rc = vc_strtab_intern(&f->products, id, &pv->product)) < 0 ||
		    (rc = vc_strtab_intern(&f->versions, ver, &pv->version)) < 0)
			return rc;
		h->npv++;
	}
	return 0;
}

static int is_hex32(const char *s)
{
	size_t i;

	for (i = 0; s && i < 32; i++)
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	return s && !s[32];
}

int vc_fleet_add_report(struct vc_fleet *f, const json_t *rep, const char *display)
{
	struct vc_fleet_host h;
	const json_t *target = json_object_get(rep, "target");
	const json_t *summary = json_object_get(rep, "summary");
	const char *name = str_at(target, "name"), *mid = str_at(target, "machine_id");
	const char *bad = NULL, *kind = str_at(target, "kind");
	const json_t *sb = json_object_get(summary, "score_before_waivers");
	const json_t *sa = json_object_get(summary, "score_after_waivers");
	long major = 0;
	int rc = 0, ok = schema_ok(str_at(rep, "schema"), &major);

	memset(&h, 0, sizeof(h));
	if (ok == 0) {
		f->refused++;
		vc_diag_add(&f->diags, NULL, display, 0, 0,
			    "report schema major version %ld is not supported (this vcaudit reads "
			    "vcaudit.report/%d), refused", major, REPORT_MAJOR);
		return 0;
	}
	if (ok < 0)
		bad = "not a vcaudit host report (no \"schema\": \"vcaudit.report/1\")";
	else if (!name || !*name || strlen(name) > VC_FLEET_NAME_MAX)
		bad = "target.name missing, empty or too long";
	else if (vc_fleet_parse_time(&h.seen, str_at(rep, "generated_at")) < 0)
		bad = "generated_at missing or not YYYY-MM-DDTHH:MM:SSZ";
	else if (!json_is_number(sb) || !json_is_number(sa))
		bad = "summary scores missing";
	if (bad)
		goto out;
	h.score_before = json_number_value(sb);
	h.score_after = json_number_value(sa);
	if (mid && !is_hex32(mid)) {
		vc_diag_add(&f->diags, NULL, display, 0, 0,
			    "target.machine_id is not 32 lower-case hex digits, ignored");
		mid = NULL;
	}
	if (!(h.name = vc_strdup(name)) || (mid && !(h.machine_id = vc_strdup(mid))) ||
	    !(h.report = vc_strdup(display))) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = vc_strtab_intern(&f->kinds, kind ? kind : "host", &h.kind)) < 0 ||
	    (rc = vc_strtab_intern(&f->tools, str_at(json_object_get(rep, "tool"), "version") ?
				   str_at(json_object_get(rep, "tool"), "version") : "unknown",
				   &h.tool)) < 0)
		goto out;
	if ((rc = take_findings(f, &h, json_object_get(rep, "findings"), str_at(rep, "lang"),
				&bad)) < 0 || bad)
		goto out;
	if ((rc = take_products(f, &h, json_object_get(rep, "products"))) < 0)
		goto out;
	f->reports++;
	if ((rc = vc_fleet_add(f, &h)) == VC_ELIMIT) {
		f->reports--;
		vc_diag_add(&f->diags, NULL, display, 0, 0, "%s, skipped", vc_error_last());
		rc = 0;
	}
	return rc;
out:
	vc_fleet_host_free(&h);
	if (bad) {
		f->malformed++;
		vc_diag_add(&f->diags, NULL, display, 0, 0, "%s, skipped", bad);
	}
	if (rc == VC_ELIMIT) {
		vc_diag_add(&f->diags, NULL, display, 0, 0, "%s, skipped", vc_error_last());
		rc = 0;
	}
	return rc == VC_ENOMEM ? rc : 0;
}

/* The walk: inputs/input.c with one handler that takes every file. */
struct merge_walk {
	struct vc_scan_ctx ctx;    /* first: the handler gets &ctx */
	struct vc_fleet *f;
};

struct feed {
	struct vc_input *in;
	size_t total;
	int failed;
};

static size_t feed_cb(void *buf, size_t len, void *data)
{
	struct feed *fd = data;
	ssize_t n;

	if (fd->total >= VC_FLEET_REPORT_MAX) {
		fd->failed = 1;
		return (size_t)-1;
	}
	n = vc_input_read(fd->in, buf, len);
	if (n < 0) {
		fd->failed = 1;
		return (size_t)-1;
	}
	fd->total += (size_t)n;
	return (size_t)n;
}

static int any_file(const struct vc_input *in)
{
	return 1;   /* the only handler: it says what is wrong with a file itself */
}

static int read_report(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct vc_fleet *f = ((struct merge_walk *)ctx)->f;
	struct feed fd = { in, 0, 0 };
	json_error_t err;
	json_t *rep;
	int rc;

	/* The merge needs no list of the files read: keep memory flat. */
	json_array_clear(ctx->sources);
	rep = json_load_callback(feed_cb, &fd, 0, &err);
	if (!rep) {
		f->malformed++;
		if (fd.failed && fd.total >= VC_FLEET_REPORT_MAX)
			vc_diag_add(&f->diags, NULL, in->display, 0, 0,
				    "larger than %zu bytes, skipped", VC_FLEET_REPORT_MAX);
		else if (fd.failed)
			vc_diag_add(&f->diags, NULL, in->display, 0, 0, "%s, skipped",
				    vc_error_problem());
		else
			vc_diag_add(&f->diags, NULL, in->display, err.line > 0 ? err.line : 0,
				    err.column > 0 ? err.column : 0, "not json: %s, skipped",
				    vc_error_cut_excerpt(err.text));
		return 0;
	}
	rc = vc_fleet_add_report(f, rep, in->display);
	json_decref(rep);
	return rc;
}

static const struct vc_input_handler_entry report_handler = {
	.name = "vcaudit-report",
	.product = "host",
	.description = "a vcaudit host report (vcaudit.report/1)",
	.detect = any_file,
	.scan = read_report,
};

static const struct vc_input_handler_entry *const report_handlers[] = {
	&report_handler, NULL
};

int vc_fleet_read(struct vc_fleet *f, const char *path)
{
	struct merge_walk w;
	size_t i;
	int rc;

	memset(&w, 0, sizeof(w));
	w.ctx.root.fd = -1;
	w.ctx.pseudo.reveal = 1;   /* report file names are shown as they are */
	w.f = f;
	if (!(w.ctx.sources = json_array()))
		return vc_error_set(VC_ENOMEM, "out of memory");
	rc = vc_inputs_scan(&w.ctx, path, report_handlers);
	/* Problems of the walk itself (unreadable folder, damaged archive). */
	for (i = 0; i < w.ctx.diags.n; i++) {
		const struct vc_diag *d = &w.ctx.diags.v[i];

		vc_diag_add(&f->diags, NULL, d->source, d->line, d->col, "%s", d->message);
	}
	vc_scan_ctx_free(&w.ctx);
	return rc == VC_ENOMEM ? rc : 0;
}
