/* Profiles: rule selection, parameter and severity overrides. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "profile.h"
#include "../core/jsonload.h"

#define VC_PROFILE_DEPTH 8
#define VC_PROFILE_FILE_MAX (1024 * 1024)

static const char *const known_fields[] = {
	"id", "title", "description", "extends", "select", "params", "severity", NULL
};

void vc_profile_free(struct vc_profile *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->path);
	free(p->title.en); free(p->title.da);
	free(p->description.en); free(p->description.da);
	json_decref(p->rules);
	json_decref(p->categories);
	json_decref(p->exclude);
	json_decref(p->params);
	json_decref(p->severity);
	memset(p, 0, sizeof(*p));
}

static int is_file_arg(const char *s)
{
	return strchr(s, '/') || (strlen(s) > 5 && !strcmp(s + strlen(s) - 5, ".json"));
}

/* 0 or VC_ENOMEM */
static int text_take(struct vc_text *t, json_t *o)
{
	if (!json_is_object(o))
		return 0;
	if (json_is_string(json_object_get(o, "en"))) {
		free(t->en);
		if (!(t->en = vc_strdup(json_string_value(json_object_get(o, "en")))))
			return VC_ENOMEM;
	}
	if (json_is_string(json_object_get(o, "da"))) {
		free(t->da);
		if (!(t->da = vc_strdup(json_string_value(json_object_get(o, "da")))))
			return VC_ENOMEM;
	}
	return 0;
}

static int append_strings(json_t *dst, json_t *src, const char *what, const char *path,
			  struct vc_diags *diags)
{
	size_t i;
	json_t *v;

	if (!src)
		return 0;
	if (!json_is_array(src)) {
		vc_diag_add(diags, NULL, path, 0, 0, "'%s' must be an array of strings", what);
		return VC_EPARSE;
	}
	json_array_foreach(src, i, v) {
		if (!json_is_string(v)) {
			vc_diag_add(diags, NULL, path, 0, 0, "'%s'[%zu] is not a string", what, i);
			return VC_EPARSE;
		}
		if (!strcmp(what, "select.categories") && !vc_category_known(json_string_value(v))) {
			vc_diag_add(diags, NULL, path, 0, 0, "unknown category '%s'",
				    json_string_value(v));
			return VC_EPARSE;
		}
		if (json_array_append(dst, v) < 0)
			return vc_error_set(VC_ENOMEM, "out of memory");
	}
	return 0;
}

static int append_pairs(json_t *dst, json_t *src, const char *what, const char *path,
			struct vc_diags *diags)
{
	const char *k;
	json_t *v;
	enum vc_severity sev;

	if (!src)
		return 0;
	if (!json_is_object(src)) {
		vc_diag_add(diags, NULL, path, 0, 0, "'%s' must be an object", what);
		return VC_EPARSE;
	}
	json_object_foreach(src, k, v) {
		if (!strcmp(what, "params") && !json_is_object(v)) {
			vc_diag_add(diags, NULL, path, 0, 0, "params for '%s' must be an object", k);
			return VC_EPARSE;
		}
		if (!strcmp(what, "severity") &&
		    (!json_is_string(v) || vc_severity_parse(&sev, json_string_value(v)) < 0)) {
			vc_diag_add(diags, NULL, path, 0, 0, "severity for '%s' is not a severity", k);
			return VC_EPARSE;
		}
		if (json_array_append_new(dst, json_pack("[sO]", k, v)) < 0)
			return vc_error_set(VC_ENOMEM, "out of memory");
	}
	return 0;
}

static int load_chain(struct vc_profile *p, const char *dir, const char *name, int depth,
		      struct vc_diags *diags)
{
	json_error_t jerr;
	json_t *root = NULL, *sel, *v;
	const char *k;
	char *path;
	struct stat st;
	int rc = 0;

	if (depth > VC_PROFILE_DEPTH) {
		vc_diag_add(diags, NULL, name, 0, 0, "profile 'extends' chain deeper than %d",
			    VC_PROFILE_DEPTH);
		return VC_ELIMIT;
	}
	path = is_file_arg(name) ? vc_strdup(name) : vc_asprintf("%s/%s.json", dir, name);
	if (!path)
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (stat(path, &st) < 0) {
		vc_diag_add(diags, NULL, path, 0, 0, "no such profile '%s'", name);
		rc = VC_ENOTFOUND;
		goto out;
	}
	if (st.st_size > VC_PROFILE_FILE_MAX) {
		vc_diag_add(diags, NULL, path, 0, 0, "profile file too large");
		rc = VC_ELIMIT;
		goto out;
	}
	if (vc_json_load_file(&root, path, JSON_REJECT_DUPLICATES, &jerr) == VC_ENOMEM) {
		rc = VC_ENOMEM;
		goto out;
	}
	if (!root || !json_is_object(root)) {
		vc_diag_add(diags, NULL, path, root ? 0 : jerr.line, root ? 0 : jerr.column, "%s",
			    root ? "a profile must be a JSON object" :
			    vc_error_cut_excerpt(jerr.text));
		rc = VC_EPARSE;
		goto out;
	}
	json_object_foreach(root, k, v) {
		size_t i;
		int known = 0;

		for (i = 0; known_fields[i]; i++)
			known |= !strcmp(known_fields[i], k);
		if (!known) {
			vc_diag_add(diags, NULL, path, 0, 0, "unknown field '%s'", k);
			rc = VC_EPARSE;
			goto out;
		}
	}
	if (!json_is_string(json_object_get(root, "id"))) {
		vc_diag_add(diags, NULL, path, 0, 0, "'id' is missing");
		rc = VC_EPARSE;
		goto out;
	}
	v = json_object_get(root, "extends");
	if (v) {
		if (!json_is_string(v)) {
			vc_diag_add(diags, NULL, path, 0, 0, "'extends' must be a profile name");
			rc = VC_EPARSE;
			goto out;
		}
		if ((rc = load_chain(p, dir, json_string_value(v), depth + 1, diags)) < 0)
			goto out;
	}
	/* The outermost profile names the result. */
	free(p->id);
	p->id = vc_strdup(json_string_value(json_object_get(root, "id")));
	free(p->path);
	p->path = vc_strdup(path);
	if (!p->id || !p->path || text_take(&p->title, json_object_get(root, "title")) < 0 ||
	    text_take(&p->description, json_object_get(root, "description")) < 0) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	sel = json_object_get(root, "select");
	if (sel && !json_is_object(sel)) {
		vc_diag_add(diags, NULL, path, 0, 0, "'select' must be an object");
		rc = VC_EPARSE;
		goto out;
	}
	if ((rc = append_strings(p->rules, json_object_get(sel, "rules"), "select.rules",
				 path, diags)) ||
	    (rc = append_strings(p->categories, json_object_get(sel, "categories"),
				 "select.categories", path, diags)) ||
	    (rc = append_strings(p->exclude, json_object_get(sel, "exclude"), "select.exclude",
				 path, diags)) ||
	    (rc = append_pairs(p->params, json_object_get(root, "params"), "params", path,
			       diags)) ||
	    (rc = append_pairs(p->severity, json_object_get(root, "severity"), "severity", path,
			       diags)))
		goto out;
out:
	json_decref(root);
	free(path);
	return rc;
}

int vc_profile_load(struct vc_profile *p, const char *dir, const char *name,
		    struct vc_diags *diags)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->rules = json_array();
	p->categories = json_array();
	p->exclude = json_array();
	p->params = json_array();
	p->severity = json_array();
	if (!p->rules || !p->categories || !p->exclude || !p->params || !p->severity) {
		vc_profile_free(p);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	rc = load_chain(p, dir, name, 0, diags);
	if (rc < 0)
		vc_profile_free(p);
	return rc;
}

static int glob_list_match(const json_t *list, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (fnmatch(json_string_value(v), id, 0) == 0)
			return 1;
	return 0;
}

int vc_profile_selects(const struct vc_profile *p, const struct vc_rule *r)
{
	size_t i;
	json_t *v;
	int sel = glob_list_match(p->rules, r->id);

	json_array_foreach(p->categories, i, v)
		sel |= !strcmp(json_string_value(v), r->category);
	return sel && !glob_list_match(p->exclude, r->id);
}

json_t *vc_profile_params(const struct vc_profile *p, const struct vc_rule *r)
{
	json_t *out = json_deep_copy(r->params), *pair;
	size_t i;

	if (!out)
		return NULL;
	json_array_foreach(p->params, i, pair) {
		if (fnmatch(json_string_value(json_array_get(pair, 0)), r->id, 0) == 0) {
			json_t *ov = json_array_get(pair, 1);
			const char *k;
			json_t *v;

			/* Only override parameters the rule declares: a typo in a
			 * profile must not silently add a parameter nobody reads. */
			json_object_foreach(ov, k, v)
				if (json_object_get(out, k) && json_object_set(out, k, v) < 0) {
					json_decref(out);
					return NULL;
				}
		}
	}
	return out;
}

enum vc_severity vc_profile_severity(const struct vc_profile *p, const struct vc_rule *r)
{
	enum vc_severity sev = r->severity;
	json_t *pair;
	size_t i;

	json_array_foreach(p->severity, i, pair)
		if (fnmatch(json_string_value(json_array_get(pair, 0)), r->id, 0) == 0)
			vc_severity_parse(&sev, json_string_value(json_array_get(pair, 1)));
	return sev;
}

json_t *vc_profile_effective_params(const struct vc_profile *p, const struct vc_ruleset *rs)
{
	json_t *out = json_object();
	size_t i;

	for (i = 0; out && i < rs->n; i++) {
		json_t *prm;

		if (!vc_profile_selects(p, &rs->v[i]) || !json_object_size(rs->v[i].params))
			continue;
		prm = vc_profile_params(p, &rs->v[i]);
		if (json_object_set_new(out, rs->v[i].id, prm) < 0) {   /* NULL prm too */
			json_decref(out);
			return NULL;   /* out of memory: never a shorter list */
		}
	}
	return out;
}
