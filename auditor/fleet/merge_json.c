/*
 * merge: the fleet document (vcaudit.fleet/1, docs/fleet-schema.md) from
 * the host table, with the changes against --previous. The text, CSV and
 * HTML renderers read this document, so all formats say the same.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "../engine/finding.h"
#include "../engine/rule.h"

#ifndef VC_VERSION
#define VC_VERSION "0.0.0"
#endif

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jtime(int64_t t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return json_null();
	return json_string(buf);
}

static json_t *jscore(double x)
{
	return json_real(isfinite(x) ? round(x * 10.0) / 10.0 : 0.0);
}

/* Build-time append that remembers the first failure. */
static void put(json_t *o, const char *k, json_t *v, int *oom)
{
	if (!v || json_object_set_new(o, k, v) < 0)
		*oom = 1;
}

static void push(json_t *a, json_t *v, int *oom)
{
	if (!v || json_array_append_new(a, v) < 0)
		*oom = 1;
}

static int cmp_hosts(const void *a, const void *b, void *fl)
{
	const struct vc_fleet *f = fl;
	const struct vc_fleet_host *x = &f->hosts[*(const size_t *)a];
	const struct vc_fleet_host *y = &f->hosts[*(const size_t *)b];
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (!x->machine_id || !y->machine_id)
		return !!x->machine_id - !!y->machine_id;
	return strcmp(x->machine_id, y->machine_id);
}

static const char *const count_names[VC_ST__COUNT] = {
	"pass", "fail", "manual", "notapplicable", "error", "waived"
};

static json_t *host_json(const struct vc_fleet *f, const struct vc_fleet_host *h, int *oom)
{
	json_t *o = json_object(), *counts = json_object(), *fl = json_array();
	json_t *worst = json_array();
	size_t i;

	if (!o || !counts || !fl || !worst) {
		*oom = 1;
		json_decref(counts);
		json_decref(fl);
		json_decref(worst);
		return o;
	}
	for (i = 0; i < VC_ST__COUNT; i++)
		put(counts, count_names[i], json_integer(h->counts[i]), oom);
	for (i = 0; i < h->nfailing; i++)
		push(fl, json_string(f->rules.s[h->failing[i]]), oom);
	for (i = 0; i < h->nworst; i++) {
		const struct vc_fleet_worst *w = &h->worst[i];
		json_t *wo = json_object();

		if (!wo) {
			*oom = 1;
			break;
		}
		put(wo, "rule", json_string(f->rules.s[w->rule]), oom);
		put(wo, "severity", json_string(vc_severity_name((enum vc_severity)w->severity)),
		    oom);
		put(wo, "product", w->product == VC_FLEET_NONE ? json_null() :
		    json_string(f->products.s[w->product]), oom);
		push(worst, wo, oom);
	}
	put(o, "name", json_string(h->name), oom);
	put(o, "machine_id", jstr(h->machine_id), oom);
	put(o, "kind", json_string(f->kinds.s[h->kind]), oom);
	put(o, "last_seen", jtime(h->seen), oom);
	put(o, "report", json_string(h->report), oom);
	put(o, "tool_version", json_string(f->tools.s[h->tool]), oom);
	put(o, "score_before_waivers", jscore(h->score_before), oom);
	put(o, "score_after_waivers", jscore(h->score_after), oom);
	put(o, "worst_severity", h->worst_sev < 0 ? json_null() :
	    json_string(vc_severity_name((enum vc_severity)h->worst_sev)), oom);
	put(o, "counts", counts, oom);
	put(o, "failing", fl, oom);
	put(o, "worst", worst, oom);
	return o;
}

struct rule_count {
	uint32_t rule;
	size_t hosts;
};

static int cmp_rule_count(const void *a, const void *b, void *tab)
{
	const struct rule_count *x = a, *y = b;
	const struct vc_strtab *t = tab;

	if (x->hosts != y->hosts)
		return x->hosts < y->hosts ? 1 : -1;
	return strcmp(t->s[x->rule], t->s[y->rule]);
}

static json_t *rules_json(const struct vc_fleet *f, int *oom)
{
	struct rule_count *rc = calloc(f->rules.n + 1, sizeof(*rc));
	json_t *a = json_array();
	size_t i, k, n = 0;

	if (!rc || !a) {
		*oom = 1;
		free(rc);
		return a;
	}
	for (i = 0; i < f->rules.n; i++)
		rc[i].rule = (uint32_t)i;
	for (i = 0; i < f->nhosts; i++)
		for (k = 0; k < f->hosts[i].nfailing; k++)
			rc[f->hosts[i].failing[k]].hosts++;
	for (i = 0; i < f->rules.n; i++)
		if (rc[i].hosts)
			rc[n++] = rc[i];
	qsort_r(rc, n, sizeof(*rc), cmp_rule_count, (void *)&f->rules);
	for (i = 0; i < n; i++) {
		const struct vc_fleet_rule *ri = &f->ruleinfo[rc[i].rule];
		json_t *o = json_object();

		if (!o) {
			*oom = 1;
			break;
		}
		put(o, "rule", json_string(f->rules.s[rc[i].rule]), oom);
		put(o, "title", jstr(ri->title), oom);
		put(o, "severity", json_string(vc_severity_name((enum vc_severity)ri->severity)),
		    oom);
		put(o, "hosts_failing", json_integer((json_int_t)rc[i].hosts), oom);
		push(a, o, oom);
	}
	free(rc);
	return a;
}

struct pv_count {
	const char *product, *version;
	size_t hosts;
};

static int cmp_pv(const void *a, const void *b)
{
	const struct pv_count *x = a, *y = b;
	int c = strcmp(x->product, y->product);

	return c ? c : strcmp(x->version, y->version);
}

static int cmp_pv_hosts(const void *a, const void *b)
{
	const struct pv_count *x = a, *y = b;
	int c = strcmp(x->product, y->product);

	if (c)
		return c;
	if (x->hosts != y->hosts)
		return x->hosts < y->hosts ? 1 : -1;
	return strcmp(x->version, y->version);
}

static json_t *products_json(const struct vc_fleet *f, int *oom)
{
	struct pv_count *v;
	json_t *a = json_array(), *cur = NULL;
	size_t i, k, n = 0, total = 0, m = 0;

	for (i = 0; i < f->nhosts; i++)
		total += f->hosts[i].npv;
	v = calloc(total + 1, sizeof(*v));
	if (!v || !a) {
		*oom = 1;
		free(v);
		return a;
	}
	for (i = 0; i < f->nhosts; i++)
		for (k = 0; k < f->hosts[i].npv; k++) {
			v[n].product = f->products.s[f->hosts[i].pv[k].product];
			v[n].version = f->versions.s[f->hosts[i].pv[k].version];
			v[n++].hosts = 1;
		}
	qsort(v, n, sizeof(*v), cmp_pv);
	for (i = 0; i < n; i++) {
		if (m && !cmp_pv(&v[m - 1], &v[i]))
			v[m - 1].hosts++;
		else
			v[m++] = v[i];
	}
	qsort(v, m, sizeof(*v), cmp_pv_hosts);
	for (i = 0; i < m; i++) {
		json_t *o;

		if (!i || strcmp(v[i - 1].product, v[i].product)) {
			json_t *p = json_object();

			cur = json_array();
			if (!p || !cur) {
				*oom = 1;
				json_decref(p);
				json_decref(cur);
				break;
			}
			put(p, "id", json_string(v[i].product), oom);
			put(p, "versions", cur, oom);
			push(a, p, oom);
		}
		o = json_object();
		if (!o) {
			*oom = 1;
			break;
		}
		put(o, "version", json_string(v[i].version), oom);
		put(o, "hosts", json_integer((json_int_t)v[i].hosts), oom);
		push(cur, o, oom);
	}
	free(v);
	return a;
}

static json_t *host_ref(const struct vc_fleet_host *h, const char *rule, int seen, int *oom)
{
	json_t *o = json_object();

	if (!o) {
		*oom = 1;
		return NULL;
	}
	put(o, "host", json_string(h->name), oom);
	put(o, "machine_id", jstr(h->machine_id), oom);
	if (rule)
		put(o, "rule", json_string(rule), oom);
	if (seen)
		put(o, "last_seen", jtime(h->seen), oom);
	return o;
}

static int has_rule(const struct vc_strtab *t, const struct vc_fleet_host *h, const char *rule)
{
	uint32_t r = vc_strtab_find(t, rule);
	size_t i;

	for (i = 0; r != VC_FLEET_NONE && i < h->nfailing; i++)
		if (h->failing[i] == r)
			return 1;
	return 0;
}

/* New failures, fixed ones, new hosts and hosts that stopped reporting. */
static json_t *changes_json(const struct vc_fleet *f, const size_t *order, int *oom)
{
	struct vc_fleet *p = f->prev;
	json_t *o = json_object(), *nf = json_array(), *fx = json_array();
	json_t *nh = json_array(), *gone = json_array();
	size_t i, k;

	if (!o || !nf || !fx || !nh || !gone) {
		*oom = 1;
		json_decref(o);
		json_decref(nf);
		json_decref(fx);
		json_decref(nh);
		json_decref(gone);
		return NULL;
	}
	for (i = 0; i < p->nhosts; i++)
		p->hosts[i].matched = 0;
	for (i = 0; i < f->nhosts; i++) {
		const struct vc_fleet_host *h = &f->hosts[order[i]];
		struct vc_fleet_host *ph = vc_fleet_find(p, h->name, h->machine_id);

		if (!ph) {
			push(nh, host_ref(h, NULL, 0, oom), oom);
			continue;
		}
		ph->matched = 1;
		for (k = 0; k < h->nfailing; k++)
			if (!has_rule(&p->rules, ph, f->rules.s[h->failing[k]]))
				push(nf, host_ref(h, f->rules.s[h->failing[k]], 0, oom), oom);
		for (k = 0; k < ph->nfailing; k++)
			if (!has_rule(&f->rules, h, p->rules.s[ph->failing[k]]))
				push(fx, host_ref(h, p->rules.s[ph->failing[k]], 0, oom), oom);
	}
	for (i = 0; i < p->nhosts; i++)
		if (!p->hosts[i].matched)
			push(gone, host_ref(&p->hosts[i], NULL, 1, oom), oom);
	put(o, "previous_generated_at", jstr(f->prev_generated_at), oom);
	put(o, "new_failures", nf, oom);
	put(o, "fixed", fx, oom);
	put(o, "new_hosts", nh, oom);
	put(o, "stopped_reporting", gone, oom);
	return o;
}

int vc_fleet_worst_severity(const struct vc_fleet *f)
{
	int w = -1;
	size_t i;

	for (i = 0; i < f->nhosts; i++)
		if (f->hosts[i].worst_sev > w)
			w = f->hosts[i].worst_sev;
	return w;
}

static json_t *summary_json(const struct vc_fleet *f, int *oom)
{
	json_t *o = json_object(), *by = json_object(), *tools = json_array();
	size_t sev[VC_SEV_CRITICAL + 1] = { 0 }, failing = 0, i, *tc;
	struct rule_count *rt;   /* (tool, hosts) pairs, sorted as the rules are */
	double sum = 0, min = 100.0;

	tc = calloc(f->tools.n + 1, sizeof(*tc));
	rt = calloc(f->tools.n + 1, sizeof(*rt));
	if (!o || !by || !tools || !tc || !rt) {
		*oom = 1;
		json_decref(by);
		json_decref(tools);
		free(tc);
		free(rt);
		return o;
	}
	for (i = 0; i < f->nhosts; i++) {
		const struct vc_fleet_host *h = &f->hosts[i];

		if (h->worst_sev >= 0) {
			failing++;
			sev[h->worst_sev]++;
		}
		sum += h->score_after;
		if (h->score_after < min)
			min = h->score_after;
		tc[h->tool]++;
	}
	for (i = VC_SEV_CRITICAL + 1; i-- > 0;)
		put(by, vc_severity_name((enum vc_severity)i), json_integer((json_int_t)sev[i]),
		    oom);
	/* Most hosts first, then by version: the same for a folder and an archive. */
	for (i = 0; i < f->tools.n; i++) {
		rt[i].rule = (uint32_t)i;
		rt[i].hosts = tc[i];
	}
	qsort_r(rt, f->tools.n, sizeof(*rt), cmp_rule_count, (void *)&f->tools);
	for (i = 0; i < f->tools.n && rt[i].hosts; i++) {
		json_t *t = json_object();

		if (!t) {
			*oom = 1;
			break;
		}
		put(t, "version", json_string(f->tools.s[rt[i].rule]), oom);
		put(t, "hosts", json_integer((json_int_t)rt[i].hosts), oom);
		push(tools, t, oom);
	}
	free(tc);
	free(rt);
	put(o, "hosts", json_integer((json_int_t)f->nhosts), oom);
	put(o, "hosts_failing", json_integer((json_int_t)failing), oom);
	put(o, "hosts_by_worst_severity", by, oom);
	put(o, "score_mean", f->nhosts ? jscore(sum / (double)f->nhosts) : json_null(), oom);
	put(o, "score_min", f->nhosts ? jscore(min) : json_null(), oom);
	put(o, "tool_versions", tools, oom);
	return o;
}

static json_t *inputs_json(const struct vc_fleet *f, int *oom)
{
	json_t *o = json_object();

	if (!o) {
		*oom = 1;
		return NULL;
	}
	put(o, "reports", json_integer((json_int_t)f->reports), oom);
	put(o, "duplicates", json_integer((json_int_t)f->duplicates), oom);
	put(o, "superseded", json_integer((json_int_t)f->superseded), oom);
	put(o, "refused", json_integer((json_int_t)f->refused), oom);
	put(o, "malformed", json_integer((json_int_t)f->malformed), oom);
	return o;
}

static json_t *diags_json(const struct vc_diags *d, int *oom)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < d->n; i++) {
		json_t *o = json_object();

		if (!o) {
			*oom = 1;
			break;
		}
		put(o, "source", jstr(d->v[i].source), oom);
		put(o, "line", json_integer(d->v[i].line), oom);
		put(o, "col", json_integer(d->v[i].col), oom);
		put(o, "message", json_string(d->v[i].message), oom);
		push(a, o, oom);
	}
	if (!a)
		*oom = 1;
	return a;
}

int vc_fleet_doc_build(struct vc_fleet_doc *d, const struct vc_fleet *f, time_t generated_at)
{
	json_t *doc = json_object(), *tool = json_object();
	size_t i;
	int oom = 0;

	memset(d, 0, sizeof(*d));
	d->f = f;
	d->order = calloc(f->nhosts + 1, sizeof(*d->order));
	if (!doc || !tool || !d->order) {
		json_decref(doc);
		json_decref(tool);
		free(d->order);
		d->order = NULL;
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	for (i = 0; i < f->nhosts; i++)
		d->order[i] = i;
	qsort_r(d->order, f->nhosts, sizeof(*d->order), cmp_hosts, (void *)f);
	put(tool, "name", json_string("vcaudit"), &oom);
	put(tool, "version", json_string(VC_VERSION), &oom);
	put(doc, "schema", json_string(VC_FLEET_SCHEMA), &oom);
	put(doc, "tool", tool, &oom);
	put(doc, "generated_at", jtime((int64_t)generated_at), &oom);
	put(doc, "lang", json_string(f->lang), &oom);
	put(doc, "inputs", inputs_json(f, &oom), &oom);
	put(doc, "summary", summary_json(f, &oom), &oom);
	/* The hosts are made one at a time as they are written (vc_fleet_doc_host). */
	put(doc, "hosts", json_array(), &oom);
	put(doc, "rules", rules_json(f, &oom), &oom);
	put(doc, "products", products_json(f, &oom), &oom);
	put(doc, "changes", f->prev ? changes_json(f, d->order, &oom) : json_null(), &oom);
	put(doc, "diagnostics", diags_json(&f->diags, &oom), &oom);
	d->doc = doc;
	if (oom) {
		vc_fleet_doc_free(d);
		return vc_error_set(VC_ENOMEM, "out of memory building the fleet report");
	}
	return 0;
}

json_t *vc_fleet_doc_host(const struct vc_fleet_doc *d, size_t i)
{
	int oom = 0;
	json_t *o = host_json(d->f, &d->f->hosts[d->order[i]], &oom);

	if (oom) {
		json_decref(o);
		vc_error_set(VC_ENOMEM, "out of memory");
		return NULL;
	}
	return o;
}

void vc_fleet_doc_free(struct vc_fleet_doc *d)
{
	if (!d)
		return;
	json_decref(d->doc);
	free(d->order);
	memset(d, 0, sizeof(*d));
}

/* `v` as Jansson writes it at `depth`: every line after the first indented. */
static int dump_at(FILE *out, const json_t *v, int depth)
{
	char *s = json_dumps(v, VC_FLEET_JSON_FLAGS | JSON_ENCODE_ANY), *p;

	if (!s)
		return vc_error_set(VC_ENOMEM, "out of memory writing json");
	for (p = s; *p; p++) {
		fputc(*p, out);
		if (*p == '\n')
			fprintf(out, "%*s", depth * 2, "");
	}
	free(s);
	return 0;
}

int vc_fleet_json_write(FILE *out, const struct vc_fleet_doc *d)
{
	const char *key;
	json_t *v;
	size_t n = json_object_size(d->doc), k = 0, i;
	int rc = 0;

	/* The same bytes as json_dumpf(VC_FLEET_JSON_FLAGS) of the whole document,
	 * without ever holding every host's object at once. */
	fputs("{\n", out);
	json_object_foreach(d->doc, key, v) {
		fprintf(out, "  \"%s\": ", key);
		if (!strcmp(key, "hosts") && d->f->nhosts) {
			fputs("[\n", out);
			for (i = 0; i < d->f->nhosts && rc == 0; i++) {
				json_t *h = vc_fleet_doc_host(d, i);

				fputs("    ", out);
				rc = h ? dump_at(out, h, 2) : VC_ENOMEM;
				json_decref(h);
				fputs(i + 1 < d->f->nhosts ? ",\n" : "\n", out);
			}
			fputs("  ]", out);
		} else if (rc == 0) {
			rc = dump_at(out, v, 1);
		}
		fputs(++k < n ? ",\n" : "\n", out);
	}
	fputs("}\n", out);
	if (rc == 0 && ferror(out))
		rc = vc_error_set(VC_EIO, "write failed");
	return rc;
}
