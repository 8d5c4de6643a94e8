/* Waivers with expiry. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "waiver.h"
#include "../core/jsonload.h"

#define VC_WAIVERS_MAX 10000
#define VC_WAIVER_FILE_MAX (4 * 1024 * 1024)

static int valid_date(const char *s)
{
	int y, m, d;
	char tail;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	if (y < 2000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

static void waiver_clear(struct vc_waiver *w)
{
	free(w->rule); free(w->scope); free(w->product);
	free(w->justification); free(w->approver); free(w->expires);
}

void vc_waivers_free(struct vc_waivers *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++)
		waiver_clear(&w->v[i]);
	free(w->v);
	free(w->path);
	memset(w, 0, sizeof(*w));
}

static const char *str_field(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

int vc_waivers_load(struct vc_waivers *out, const char *path, struct vc_diags *diags)
{
	json_error_t jerr;
	json_t *root, *arr, *o;
	struct stat st;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (stat(path, &st) < 0) {
		vc_diag_add(diags, NULL, path, 0, 0, "cannot read waivers file");
		return VC_ENOTFOUND;
	}
	if (st.st_size > VC_WAIVER_FILE_MAX) {
		vc_diag_add(diags, NULL, path, 0, 0, "waivers file too large");
		return VC_ELIMIT;
	}
	rc = vc_json_load_file(&root, path, JSON_REJECT_DUPLICATES, &jerr);
	if (rc == VC_ENOMEM)
		return rc;
	if (!root) {
		vc_diag_add(diags, NULL, path, jerr.line, jerr.column, "%s",
			    vc_error_cut_excerpt(jerr.text));
		return vc_error_set(VC_EPARSE, "%s:%d:%d: %s", path, jerr.line, jerr.column,
				    jerr.text);
	}
	arr = json_object_get(root, "waivers");
	if (!json_is_array(arr) || json_array_size(arr) > VC_WAIVERS_MAX) {
		vc_diag_add(diags, NULL, path, 0, 0,
			    "expected {\"waivers\": [...]} with at most %d entries", VC_WAIVERS_MAX);
		rc = VC_EPARSE;
		goto out;
	}
	out->v = calloc(json_array_size(arr) + 1, sizeof(*out->v));
	out->path = vc_strdup(path);
	if (!out->v || !out->path) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	json_array_foreach(arr, i, o) {
		struct vc_waiver *w = &out->v[out->n];
		const char *rule = str_field(o, "rule"), *just = str_field(o, "justification");
		const char *appr = str_field(o, "approver"), *exp = str_field(o, "expires");

		if (!json_is_object(o) || !rule || !just || !appr || !valid_date(exp)) {
			vc_diag_add(diags, NULL, path, 0, 0,
				    "waiver %zu needs rule, justification, approver and a valid "
				    "expires date (YYYY-MM-DD)", i + 1);
			rc = VC_EPARSE;
			continue;
		}
		w->rule = vc_strdup(rule);
		w->scope = vc_strdup(str_field(o, "scope") ? str_field(o, "scope") : "*");
		w->product = vc_strdup(str_field(o, "product") ? str_field(o, "product") : "*");
		w->justification = vc_strdup(just);
		w->approver = vc_strdup(appr);
		w->expires = vc_strdup(exp);
		out->n++;
		if (!w->rule || !w->scope || !w->product || !w->justification || !w->approver ||
		    !w->expires) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			goto out;
		}
	}
out:
	json_decref(root);
	if (rc < 0 && rc != VC_EPARSE)
		vc_waivers_free(out);
	return rc;
}

const struct vc_waiver *vc_waivers_match(const struct vc_waivers *w, const char *rule,
					 const char *product, const char *scope, time_t now)
{
	const struct vc_waiver *expired = NULL;
	size_t i;

	for (i = 0; w && i < w->n; i++) {
		const struct vc_waiver *x = &w->v[i];

		if (fnmatch(x->rule, rule, 0) || fnmatch(x->scope, scope, 0) ||
		    fnmatch(x->product, product, 0))
			continue;
		/* A renewed waiver later in the file beats an expired one. */
		if (!vc_waiver_expired(x, now))
			return x;
		if (!expired)
			expired = x;
	}
	return expired;
}

int vc_waiver_expired(const struct vc_waiver *w, time_t now)
{
	struct tm tm;
	char today[16];

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	/* ISO dates compare correctly as strings. */
	return strcmp(w->expires, today) < 0;
}
