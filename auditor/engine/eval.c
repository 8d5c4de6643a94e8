/* Rule evaluation into findings (see eval.h for the status table). */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "message.h"
#include "../core/buf.h"

#define VC_EVIDENCE_MAX 50

struct unit_ctx {
	const struct vc_factset *facts;
	const char *product, *scope;
	const char *missing[16];
	size_t nmissing;
};

static const json_t *unit_lookup(const char *name, void *vctx, const char **source, int *line)
{
	struct unit_ctx *u = vctx;
	const struct vc_fact *f = vc_fact_lookup(u->facts, u->product, u->scope, name);
	size_t i;

	if (f) {
		if (source)
			*source = f->source;
		if (line)
			*line = f->line;
		return f->value;
	}
	for (i = 0; i < u->nmissing; i++)
		if (!strcmp(u->missing[i], name))
			return NULL;
	if (u->nmissing < sizeof(u->missing) / sizeof(u->missing[0]))
		u->missing[u->nmissing++] = name;
	return NULL;
}

/* Compact one-line JSON for messages, cut at `max` bytes. */
/* Text of a value, cut at `max` bytes; 0, or VC_ENOMEM (VC_ELIMIT: the message is full) */
static int put_value(struct vc_buf *b, const json_t *v, size_t max)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	int rc;

	if (!s)
		return v ? VC_ENOMEM : vc_buf_puts(b, "?");
	if (strlen(s) > max) {
		rc = vc_buf_put(b, s, max);
		if (rc == 0)
			rc = vc_buf_puts(b, "...");
	} else {
		rc = vc_buf_puts(b, s);
	}
	free(s);
	return rc;
}

/* In make_message(): a message cut at its cap is fine, one cut for want of memory is not. */
#define PUT(call) do { if ((call) == VC_ENOMEM) nomem = 1; } while (0)

static char *make_message(enum vc_status st, const struct vc_expr_env *env,
			  const struct unit_ctx *u, int collect_failed, int downgraded)
{
	struct vc_buf b = VC_BUF_INIT(4096);
	size_t i, noff = 0;
	int nomem = 0;

	for (i = 0; i < env->nev; i++)
		noff += env->ev[i].offending;
	switch (st) {
	case VC_ST_NA:
		PUT(vc_buf_puts(&b, VC_MSG_NA));
		break;
	case VC_ST_MANUAL:
	case VC_ST_ERROR:
		PUT(vc_buf_puts(&b, !collect_failed ? VC_MSG_UNDETERMINED :
				downgraded ? VC_MSG_DOWNGRADED : VC_MSG_UNREADABLE));
		for (i = 0; i < u->nmissing; i++)
			PUT(vc_buf_printf(&b, "%s%s", i ? ", " : VC_MSG_MISSING, u->missing[i]));
		break;
	case VC_ST_FAIL:
	case VC_ST_PASS:
		if (noff) {
			PUT(vc_buf_printf(&b, "%zu%s", noff, noff == 1 ? VC_MSG_ITEM : VC_MSG_ITEMS));
			PUT(vc_buf_puts(&b, st == VC_ST_FAIL ? VC_MSG_VIOLATION : VC_MSG_FOUND));
			for (i = 0; i < env->nev && i < 8; i++) {
				if (!env->ev[i].offending)
					continue;
				PUT(vc_buf_printf(&b, "; %s",
						  env->ev[i].source ? env->ev[i].source : "?"));
			}
			break;
		}
		for (i = 0; i < env->nev && i < 4; i++) {
			PUT(vc_buf_printf(&b, "%s%s = ", i ? ", " : "", env->ev[i].fact));
			PUT(put_value(&b, env->ev[i].value, 80));
		}
		if (!env->nev)
			PUT(vc_buf_puts(&b, st == VC_ST_PASS ? VC_MSG_PASSED : VC_MSG_FAILED));
		break;
	default:
		break;
	}
	if (nomem) {
		vc_buf_free(&b);
		return NULL;   /* the caller reports out of memory */
	}
	return vc_buf_detach(&b);
}
#undef PUT

/* 0 or VC_ENOMEM: a finding must not show less evidence than it had */
static int take_evidence(struct vc_finding *f, const struct vc_expr_env *env)
{
	size_t i, n = 0, want = 0, noff = 0;

	for (i = 0; i < env->nev; i++)
		want++;
	if (want > VC_EVIDENCE_MAX)
		want = VC_EVIDENCE_MAX;
	f->ev = calloc(want ? want : 1, sizeof(*f->ev));
	if (!f->ev)
		return VC_ENOMEM;
	/* Offending list elements first: they say where the problem is. The
	 * whole list beside them would only repeat them. */
	for (i = 0; i < env->nev; i++)
		noff += env->ev[i].offending;
	for (int pass = 1; pass >= 0; pass--) {
		for (i = 0; i < env->nev && n < want; i++) {
			if (env->ev[i].offending != pass)
				continue;
			if (!pass && noff && json_is_array(env->ev[i].value))
				continue;
			f->ev[n].source = vc_strdup(env->ev[i].source);
			f->ev[n].line = env->ev[i].line;
			f->ev[n].fact = vc_strdup(env->ev[i].fact);
			f->ev[n].value = json_incref(env->ev[i].value);
			n++;
			f->nev = n;
			if (!f->ev[n - 1].fact || (env->ev[i].source && !f->ev[n - 1].source))
				return VC_ENOMEM;
		}
	}
	f->nev = n;
	return 0;
}

int vc_evaluate_unit(struct vc_finding *f, const struct vc_rule *r, const json_t *params,
		     const struct vc_factset *facts, const char *product, const char *scope,
		     int collect_failed)
{
	struct unit_ctx u = { facts, product, scope, { 0 }, 0 };
	struct vc_expr_env env = { 0 };
	enum vc_tri t = VC_TRUE;
	enum vc_status st;
	int downgraded = 0;

	memset(f, 0, sizeof(*f));
	f->rule = r;   /* the caller applies waivers also to a failed unit */
	env.lookup = unit_lookup;
	env.ctx = &u;
	env.params = params;
	if (r->when)
		t = vc_expr_eval(r->when, &env);
	if (env.nomem) {   /* the verdict itself may be wrong */
		vc_expr_env_clear(&env);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	if (t == VC_FALSE) {
		st = VC_ST_NA;
	} else if (t == VC_UNKNOWN) {
		st = collect_failed ? VC_ST_ERROR : VC_ST_MANUAL;
	} else {
		/* Evidence of the applicability test is not evidence of the result. */
		vc_expr_env_clear(&env);
		u.nmissing = 0;
		t = vc_expr_eval(r->check, &env);
		if (env.nomem) {
			vc_expr_env_clear(&env);
			return vc_error_set(VC_ENOMEM, "out of memory");
		}
		st = t == VC_TRUE ? VC_ST_PASS : t == VC_FALSE ? VC_ST_FAIL :
		     collect_failed ? VC_ST_ERROR : VC_ST_MANUAL;
		/* A pass on partial evidence is not a pass: what could not be
		 * read (or walked) might hold the violation. A fail stands. */
		if (st == VC_ST_PASS && collect_failed) {
			st = VC_ST_ERROR;
			downgraded = 1;
		}
	}
	f->rule = r;
	if (env.over_budget)
		st = VC_ST_ERROR;
	f->product = vc_strdup(product);
	f->scope = vc_strdup(scope);
	f->status = f->real_status = st;
	f->severity = r->severity;
	f->message = env.over_budget ?
		     vc_strdup("evaluation stopped: the expression exceeded its step limit") :
		     make_message(st, &env, &u, collect_failed, downgraded);
	if (take_evidence(f, &env) < 0 || env.nomem || !f->product || !f->scope ||
	    !f->message) {
		vc_expr_env_clear(&env);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	vc_expr_env_clear(&env);
	return 0;
}

struct unit { const char *product, *scope; };

struct name_ctx {
	const struct vc_rule *r;
	const struct vc_factset *facts;
	struct unit *units;
	size_t n, cap;
	int oom;
};

static int rule_has_product(const struct vc_rule *r, const char *p)
{
	size_t i;

	for (i = 0; i < r->nproducts; i++)
		if (!strcmp(r->products[i], p))
			return 1;
	return 0;
}

static void add_units_for_name(const char *name, void *vctx)
{
	struct name_ctx *c = vctx;
	size_t i, j;

	for (i = 0; i < c->facts->n; i++) {
		const struct vc_fact *fa = &c->facts->v[i];
		int seen = 0;

		if (strcmp(fa->key, name) || !rule_has_product(c->r, fa->product))
			continue;
		for (j = 0; j < c->n && !seen; j++)
			seen = !strcmp(c->units[j].product, fa->product) &&
			       !strcmp(c->units[j].scope, fa->scope);
		if (seen)
			continue;
		if (c->n == c->cap) {
			size_t ncap = c->cap ? c->cap * 2 : 8;
			struct unit *nu = realloc(c->units, ncap * sizeof(*nu));

			if (!nu) {
				c->oom = 1;
				return;
			}
			c->units = nu;
			c->cap = ncap;
		}
		c->units[c->n].product = fa->product;
		c->units[c->n].scope = fa->scope;
		c->n++;
	}
}

static int unit_cmp(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	int c = strcmp(x->product, y->product);

	/* "host" scope first, then the others in name order. */
	if (c)
		return c;
	if (strcmp(x->scope, y->scope) && !strcmp(x->scope, "host"))
		return -1;
	if (strcmp(x->scope, y->scope) && !strcmp(y->scope, "host"))
		return 1;
	return strcmp(x->scope, y->scope);
}

/*
 * Facts at scope "host" are inherited by every user scope of the same
 * product (vc_fact_lookup falls back to them), so when a product has user
 * units its host unit would only repeat them, or report as missing what
 * lives per user (recordings, per-user paths).
 */
static void drop_inherited_host_units(struct name_ctx *c)
{
	size_t i, j, k = 0;

	for (i = 0; i < c->n; i++) {
		int inherited = 0;

		if (!strcmp(c->units[i].scope, "host"))
			for (j = 0; j < c->n && !inherited; j++)
				inherited = j != i &&
					    !strcmp(c->units[j].product, c->units[i].product);
		if (!inherited)
			c->units[k++] = c->units[i];
	}
	c->n = k;
}

struct keys_ctx {
	const char *keys;
	int hit;
};

static void name_matches_keys(const char *name, void *vctx)
{
	struct keys_ctx *k = vctx;
	const char *p = k->keys;
	char glob[128];

	while (!k->hit && p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n < sizeof(glob)) {
			memcpy(glob, p, n);
			glob[n] = 0;
			k->hit = fnmatch(glob, name, 0) == 0;
		}
		p = comma ? comma + 1 : NULL;
	}
}

/*
 * 1 when the rule's check reads a fact matching the error's key globs.
 * Only the check: a failure behind the `when` already leaves it unknown,
 * which the status table turns into error on its own.
 */
static int rule_reads_keys(const struct vc_rule *r, const char *keys)
{
	struct keys_ctx k = { keys, 0 };

	vc_expr_foreach_name(r->check, name_matches_keys, &k);
	return k.hit;
}

/*
 * Whether collection failed where the rule looks in this unit: an error of
 * the unit's product (or a host-wide one) in its scope (or the host scope);
 * an error limited to some facts counts only for rules that read them, and
 * a host-product error reaches other products only when so limited.
 */
static int collect_failed(const struct vc_eval_input *in, const struct vc_rule *r,
			  const char *product, const char *scope)
{
	size_t i;

	for (i = 0; i < in->nerrors; i++) {
		const struct vc_collect_error *e = &in->errors[i];
		int same_product = !strcmp(e->product, product);

		if (!same_product && !(e->keys && !strcmp(e->product, "host")))
			continue;
		if (strcmp(e->scope, scope) && strcmp(e->scope, "host"))
			continue;
		if (e->keys && !rule_reads_keys(r, e->keys))
			continue;
		return 1;
	}
	return 0;
}

static int findings_push(struct vc_findings *out, struct vc_finding *f)
{
	if (out->n == out->cap) {
		size_t ncap = out->cap ? out->cap * 2 : 64;
		struct vc_finding *nv = realloc(out->v, ncap * sizeof(*nv));

		if (!nv)
			return VC_ENOMEM;
		out->v = nv;
		out->cap = ncap;
	}
	out->v[out->n++] = *f;
	return 0;
}

/* 0 or VC_ENOMEM (a waiver left out would turn a waived finding into a failure) */
static int apply_waiver(struct vc_finding *f, const struct vc_eval_input *in)
{
	const struct vc_waiver *w;

	if (f->real_status == VC_ST_PASS || f->real_status == VC_ST_NA)
		return 0;
	w = vc_waivers_match(in->waivers, f->rule->id, f->product, f->scope, in->now);
	if (!w)
		return 0;
	f->waiver = calloc(1, sizeof(*f->waiver));
	if (!f->waiver)
		return vc_error_set(VC_ENOMEM, "out of memory");
	f->waiver->justification = vc_strdup(w->justification);
	f->waiver->approver = vc_strdup(w->approver);
	f->waiver->expires = vc_strdup(w->expires);
	f->waiver->expired = vc_waiver_expired(w, in->now);
	if (!f->waiver->expired)
		f->status = VC_ST_WAIVED;
	if (!f->waiver->justification || !f->waiver->approver || !f->waiver->expires)
		return vc_error_set(VC_ENOMEM, "out of memory");
	return 0;
}

static void drop_unwanted_units(struct name_ctx *c, const char *filter)
{
	size_t i, k = 0;

	for (i = 0; i < c->n; i++)
		if (vc_product_in_list(filter, c->units[i].product, strlen(c->units[i].product)))
			c->units[k++] = c->units[i];
	c->n = k;
}

static int evaluate_rule(struct vc_findings *out, const struct vc_rule *r,
			 const struct vc_eval_input *in)
{
	struct name_ctx nc = { r, in->facts, NULL, 0, 0, 0 };
	struct unit fallback = { NULL, "host" };
	size_t i;

	/* The fallback unit is the first product the audit asked for. */
	for (i = 0; i < r->nproducts && !fallback.product; i++)
		if (vc_product_in_list(in->products, r->products[i], strlen(r->products[i])))
			fallback.product = r->products[i];
	if (!fallback.product)
		return 0;   /* none of the rule's products was selected */
	json_t *params;
	int rc = 0;

	if (r->when)
		vc_expr_foreach_name(r->when, add_units_for_name, &nc);
	vc_expr_foreach_name(r->check, add_units_for_name, &nc);
	if (nc.oom) {
		free(nc.units);
		return VC_ENOMEM;
	}
	drop_unwanted_units(&nc, in->products);
	drop_inherited_host_units(&nc);
	if (nc.n)
		qsort(nc.units, nc.n, sizeof(*nc.units), unit_cmp);
	params = in->profile ? vc_profile_params(in->profile, r) : json_incref(r->params);
	if (!params)
		rc = vc_error_set(VC_ENOMEM, "out of memory");
	for (i = 0; i < (nc.n ? nc.n : 1) && rc == 0; i++) {
		const struct unit *u = nc.n ? &nc.units[i] : &fallback;
		struct vc_finding f;

		rc = vc_evaluate_unit(&f, r, params, in->facts, u->product, u->scope,
				      collect_failed(in, r, u->product, u->scope));
		if (in->profile)
			f.severity = vc_profile_severity(in->profile, r);
		if (rc == 0)
			rc = apply_waiver(&f, in);
		if (rc == 0)
			rc = findings_push(out, &f);
		if (rc)
			vc_finding_clear(&f);
	}
	json_decref(params);
	free(nc.units);
	return rc;
}

int vc_evaluate(struct vc_findings *out, const struct vc_eval_input *in)
{
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < in->rules->n; i++) {
		const struct vc_rule *r = &in->rules->v[i];

		if (in->profile && !vc_profile_selects(in->profile, r))
			continue;
		if ((rc = evaluate_rule(out, r, in)) < 0)
			return rc;
	}
	return 0;
}

static double weight(enum vc_severity s)
{
	static const double w[] = { 1, 2, 4, 7, 10 };

	return w[s];
}

void vc_summarise(struct vc_summary *s, const struct vc_findings *fs)
{
	double total = 0, before = 0, after = 0;
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < fs->n; i++) {
		const struct vc_finding *f = &fs->v[i];
		double w = weight(f->severity);

		s->by_status[f->status]++;
		if (f->real_status == VC_ST_FAIL)
			s->by_severity[f->severity]++;
		if (f->real_status == VC_ST_NA)
			continue;
		/* Manual and error count against the score: unproven is not compliant. */
		total += w;
		if (f->real_status == VC_ST_PASS)
			before += w;
		if (f->real_status == VC_ST_PASS || f->status == VC_ST_WAIVED)
			after += w;
	}
	s->score_before_waivers = total > 0 ? 100.0 * before / total : 100.0;
	s->score_after_waivers = total > 0 ? 100.0 * after / total : 100.0;
}
