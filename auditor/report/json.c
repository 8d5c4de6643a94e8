/*
 * JSON reporter: the report object of DESIGN §3.7 (schema vcaudit.report/1).
 *
 * Objects are built in the documented key order and written with
 * VC_REPORT_JSON_FLAGS, so the output is stable byte for byte. Texts keep
 * their UTF-8 (Danish titles); strings that are not valid UTF-8 (a path
 * from a scanned disk) get U+FFFD for each bad byte instead of failing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "../core/utf8.h"
#include "../engine/rule.h"

#define VC_REPORT_SCHEMA "vcaudit.report/1"

/* A JSON string for `s`, null for NULL; NULL only when out of memory. */
static json_t *jstr(const char *s)
{
	json_t *v;
	char *fixed;

	if (!s)
		return json_null();
	v = json_string(s);
	if (v)
		return v;
	fixed = vc_utf8_lossy(s);
	if (!fixed)
		return NULL;
	v = json_string(fixed);
	free(fixed);
	return v;
}

static json_t *jint(long long n)
{
	return json_integer((json_int_t)n);
}

/* A score rounded to one decimal (0 for NaN or infinities). */
static json_t *jscore(double x)
{
	if (!isfinite(x))
		x = 0;
	return json_real(round(x * 10.0) / 10.0);
}

/* Copy of a borrowed value, or a fresh empty container of the expected kind. */
static json_t *copy_or_empty(const json_t *v, int want_array)
{
	if (want_array && json_is_array(v))
		return json_deep_copy(v);
	if (!want_array && json_is_object(v))
		return json_deep_copy(v);
	return want_array ? json_array() : json_object();
}

static json_t *strv_json(char *const *v, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		if (json_array_append_new(arr, jstr(v[i]))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *evidence_json(const struct vc_finding *f)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < f->nev; i++) {
		const struct vc_evidence *e = &f->ev[i];
		json_t *o = json_object();

		if (!o || json_object_set_new(o, "source", jstr(e->source)) ||
		    json_object_set_new(o, "line", jint(e->line)) ||
		    json_object_set_new(o, "fact", jstr(e->fact)) ||
		    json_object_set_new(o, "value", e->value ? json_incref(e->value) : json_null()) ||
		    json_array_append_new(arr, o)) {
			json_decref(o);
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *waiver_json(const struct vc_waiver_ref *w)
{
	json_t *o = json_object();

	if (!o || json_object_set_new(o, "justification", jstr(w->justification)) ||
	    json_object_set_new(o, "approver", jstr(w->approver)) ||
	    json_object_set_new(o, "expires", jstr(w->expires)) ||
	    json_object_set_new(o, "expired", json_boolean(w->expired))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *finding_json(const struct vc_finding *f, const char *lang)
{
	const struct vc_rule *r = f->rule;
	/* The status underneath a waiver; anything else is its own real status. */
	enum vc_status real = f->status == VC_ST_WAIVED ? f->real_status : f->status;
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (json_object_set_new(o, "rule", jstr(r ? r->id : NULL)) ||
	    json_object_set_new(o, "title", jstr(r ? vc_text_get(&r->title, lang) : "")) ||
	    json_object_set_new(o, "status", jstr(vc_status_name(f->status))) ||
	    json_object_set_new(o, "real_status", jstr(vc_status_name(real))) ||
	    json_object_set_new(o, "severity", jstr(vc_severity_name(f->severity))) ||
	    json_object_set_new(o, "category", jstr(r ? r->category : NULL)) ||
	    json_object_set_new(o, "product", jstr(f->product)) ||
	    json_object_set_new(o, "scope", jstr(f->scope)) ||
	    json_object_set_new(o, "gdpr", r ? strv_json(r->gdpr, r->ngdpr) : json_array()) ||
	    json_object_set_new(o, "message", jstr(f->message ? f->message : "")) ||
	    json_object_set_new(o, "evidence", evidence_json(f)) ||
	    json_object_set_new(o, "remediation",
				jstr(r ? vc_text_get(&r->remediation, lang) : "")))
		goto fail;
	if (f->waiver && json_object_set_new(o, "waiver", waiver_json(f->waiver)))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *findings_json(const struct vc_findings *fs, const char *lang)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; fs && i < fs->n; i++) {
		if (json_array_append_new(arr, finding_json(&fs->v[i], lang))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *summary_json(const struct vc_summary *s)
{
	static const char *const sev_keys[VC_SEV_CRITICAL + 1] = {
		"info", "low", "medium", "high", "critical"
	};
	json_t *o = json_object(), *counts = json_object(), *sev = json_object();
	int i;

	if (!o || !counts || !sev)
		goto fail;
	for (i = 0; i < VC_ST__COUNT; i++)
		if (json_object_set_new(counts, vc_status_name((enum vc_status)i),
					jint((long long)s->by_status[i])))
			goto fail;
	for (i = 0; i <= VC_SEV_CRITICAL; i++)
		if (json_object_set_new(sev, sev_keys[i], jint((long long)s->by_severity[i])))
			goto fail;
	if (json_object_set(o, "counts", counts) || json_object_set(o, "severity", sev) ||
	    json_object_set_new(o, "score_before_waivers", jscore(s->score_before_waivers)) ||
	    json_object_set_new(o, "score_after_waivers", jscore(s->score_after_waivers)))
		goto fail;
	json_decref(counts);
	json_decref(sev);
	return o;
fail:
	json_decref(counts);
	json_decref(sev);
	json_decref(o);
	return NULL;
}

static json_t *diags_json(const struct vc_diags *d)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; d && i < d->n; i++) {
		const struct vc_diag *g = &d->v[i];
		json_t *o = json_object();

		if (!o || json_object_set_new(o, "source", jstr(g->source)) ||
		    json_object_set_new(o, "line", jint(g->line)) ||
		    json_object_set_new(o, "col", jint(g->col)) ||
		    json_object_set_new(o, "message", jstr(g->message ? g->message : "")) ||
		    json_array_append_new(arr, o)) {
			json_decref(o);
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *tool_json(const struct vc_audit *a)
{
	json_t *o = json_object();

	if (!o || json_object_set_new(o, "name", json_string("vcaudit")) ||
	    json_object_set_new(o, "version", jstr(a->tool_version)) ||
	    json_object_set_new(o, "rules_version", jstr(a->rules_version))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *target_json(const struct vc_audit *a)
{
	json_t *o = json_object();

	if (!o || json_object_set_new(o, "kind", jstr(a->target_kind)) ||
	    json_object_set_new(o, "name", jstr(a->target_name)) ||
	    json_object_set_new(o, "root", jstr(a->target_root)) ||
	    /* Only when known: a fleet merge tells same-named machines apart. */
	    (a->target_machine_id[0] &&
	     json_object_set_new(o, "machine_id", json_string(a->target_machine_id)))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *profile_json(const struct vc_audit *a)
{
	json_t *o = json_object();

	if (!o || json_object_set_new(o, "id", jstr(a->profile_id)) ||
	    json_object_set_new(o, "params", copy_or_empty(a->profile_params, 0))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *pseudonyms_json(const struct vc_audit *a)
{
	json_t *o = json_object();

	if (!o || json_object_set_new(o, "stable", json_boolean(a->pseudonyms_stable))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *vc_report_json(const struct vc_audit *a)
{
	const char *lang = a->lang && !strcmp(a->lang, "da") ? "da" : "en";
	size_t wlen = strnlen(a->generated_at, sizeof(a->generated_at));
	char when[sizeof(a->generated_at) + 1];
	json_t *o = json_object();

	/* generated_at is a fixed array: never read past it. */
	memcpy(when, a->generated_at, wlen);
	when[wlen] = 0;
	if (!o || json_object_set_new(o, "schema", json_string(VC_REPORT_SCHEMA)) ||
	    json_object_set_new(o, "tool", tool_json(a)) ||
	    json_object_set_new(o, "generated_at", jstr(when)) ||
	    json_object_set_new(o, "lang", json_string(lang)) ||
	    json_object_set_new(o, "target", target_json(a)) ||
	    json_object_set_new(o, "profile", profile_json(a)) ||
	    json_object_set_new(o, "pseudonyms", pseudonyms_json(a)) ||
	    json_object_set_new(o, "products", copy_or_empty(a->products, 1)) ||
	    json_object_set_new(o, "facts",
				a->facts ? vc_factset_to_json(a->facts) : json_array()) ||
	    json_object_set_new(o, "findings", findings_json(a->findings, lang)) ||
	    json_object_set_new(o, "summary", summary_json(&a->summary)) ||
	    json_object_set_new(o, "diagnostics", diags_json(a->diags))) {
		json_decref(o);
		vc_error_set(VC_ENOMEM, "out of memory building the json report");
		return NULL;
	}
	return o;
}

int vc_report_json_write(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o)
{
	struct vc_audit la = *a;
	json_t *obj;
	int rc = 0;

	if (o && o->lang)
		la.lang = o->lang;
	obj = vc_report_json(&la);
	if (!obj)
		return VC_ENOMEM;
	if (json_dumpf(obj, out, VC_REPORT_JSON_FLAGS) || fputc('\n', out) == EOF ||
	    fflush(out) || ferror(out))
		rc = vc_error_set(VC_EIO, "cannot write the json report");
	json_decref(obj);
	return rc;
}
