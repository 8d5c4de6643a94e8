/* Rule files: loading and validation (DESIGN §3.5). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rule.h"
#include "../core/jsonload.h"

#define VC_RULE_FILE_MAX (1024 * 1024)
#define VC_RULES_MAX 10000
#define VC_RULE_DIR_DEPTH 4

const char *const vc_categories[] = {
	"local-recording", "cloud-recording", "retention", "encryption", "access",
	"third-party", "transfer", "consent", "software", "secrets", "artifacts",
	"breach-readiness", NULL
};

const char *const vc_products[] = {
	"zoom", "teams", "jitsi", "bigbluebutton", "google-meet", "webex", "goto",
	"ringcentral", "clickmeeting", "bluejeans", "lifesize", "umeeting", "host", NULL
};

static const char *const severity_names[] = { "info", "low", "medium", "high", "critical" };

static int in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

int vc_category_known(const char *name) { return name && in_list(vc_categories, name); }
int vc_product_known(const char *name) { return name && in_list(vc_products, name); }

const char *vc_severity_name(enum vc_severity s)
{
	return (unsigned)s <= VC_SEV_CRITICAL ? severity_names[s] : "?";
}

int vc_severity_parse(enum vc_severity *out, const char *name)
{
	int i;

	for (i = 0; name && i <= VC_SEV_CRITICAL; i++) {
		if (!strcmp(severity_names[i], name)) {
			*out = (enum vc_severity)i;
			return 0;
		}
	}
	return vc_error_set(VC_ERROR, "unknown severity '%s'", name ? name : "");
}

const char *vc_text_get(const struct vc_text *t, const char *lang)
{
	if (lang && !strcmp(lang, "da") && t->da)
		return t->da;
	return t->en ? t->en : "";
}

static void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void rule_clear(struct vc_rule *r)
{
	free(r->id);
	free(r->path);
	free(r->title.en); free(r->title.da);
	free(r->rationale.en); free(r->rationale.da);
	free(r->remediation.en); free(r->remediation.da);
	free(r->category);
	strv_free(r->gdpr, r->ngdpr);
	strv_free(r->products, r->nproducts);
	free(r->when_src);
	free(r->check_src);
	vc_expr_free(r->when);
	vc_expr_free(r->check);
	json_decref(r->params);
	strv_free(r->references, r->nreferences);
	memset(r, 0, sizeof(*r));
}

/* Problems are reported as "path:line:col: message"; line/col from the object. */
#define BAD(...) do { vc_diag_add(diags, NULL, path, 0, 0, __VA_ARGS__); bad++; } while (0)

static int take_text(struct vc_text *t, json_t *root, const char *field, const char *path,
		     struct vc_diags *diags)
{
	json_t *o = json_object_get(root, field), *en, *da;
	int bad = 0;

	if (!json_is_object(o)) {
		BAD("'%s' must be an object with \"en\" and \"da\" texts", field);
		return bad;
	}
	en = json_object_get(o, "en");
	da = json_object_get(o, "da");
	if (!json_is_string(en) || !json_string_length(en))
		BAD("'%s' has no English text (\"en\")", field);
	if (!json_is_string(da) || !json_string_length(da))
		BAD("'%s' has no Danish text (\"da\")", field);
	if (!bad) {
		t->en = vc_strdup(json_string_value(en));
		t->da = vc_strdup(json_string_value(da));
		if (!t->en || !t->da)
			return vc_error_set(VC_ENOMEM, "out of memory");
	}
	return bad;
}

static int take_strv(char ***out, size_t *n, json_t *root, const char *field, int required,
		     const char *path, struct vc_diags *diags)
{
	json_t *a = json_object_get(root, field), *v;
	size_t i;
	int bad = 0;

	if (!a && !required)
		return 0;
	if (!json_is_array(a) || (required && !json_array_size(a))) {
		BAD("'%s' must be a non-empty array of strings", field);
		return bad;
	}
	*out = calloc(json_array_size(a) + 1, sizeof(char *));
	if (!*out)
		return vc_error_set(VC_ENOMEM, "out of memory");
	json_array_foreach(a, i, v) {
		if (!json_is_string(v)) {
			BAD("'%s'[%zu] is not a string", field, i);
			continue;
		}
		if (!((*out)[(*n)++] = vc_strdup(json_string_value(v))))
			return vc_error_set(VC_ENOMEM, "out of memory");
	}
	return bad;
}

static int take_expr(struct vc_expr **e, char **src, json_t *root, const char *field,
		     int required, const char *path, struct vc_diags *diags)
{
	json_t *s = json_object_get(root, field);
	int bad = 0;

	if (!s && !required)
		return 0;
	if (!json_is_string(s)) {
		BAD("'%s' must be an expression string", field);
		return bad;
	}
	*src = vc_strdup(json_string_value(s));
	if (!*src)
		return vc_error_set(VC_ENOMEM, "out of memory");
	switch (vc_expr_parse(e, json_string_value(s))) {
	case 0:
		break;
	case VC_ENOMEM:
		return VC_ENOMEM;   /* not the rule's fault */
	default:
		BAD("'%s': %s", field, vc_error_last());
	}
	return bad;
}

static const char *const known_fields[] = {
	"id", "title", "rationale", "category", "severity", "gdpr", "products", "when",
	"check", "params", "remediation", "references", NULL
};

static char *rule_id_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 5 && !strcmp(base + len - 5, ".json"))
		len -= 5;
	return vc_strndup(base, len);
}

/* Add what a take_*() helper found; a negative code (out of memory) ends the load. */
#define TAKE(call) do { int t_ = (call); if (t_ < 0) { rc = t_; goto out; } bad += t_; } while (0)

/*
 * Parse and validate one rule file. Returns the number of problems found,
 * or VC_ENOMEM (message set; the rule is left empty).
 */
int vc_rule_load_file(struct vc_rule *r, const char *path, struct vc_diags *diags)
{
	json_error_t jerr;
	json_t *root = NULL, *sev, *params;
	const char *key;
	json_t *val;
	char *want_id = NULL;
	struct stat st;
	int bad = 0, rc = 0;

	memset(r, 0, sizeof(*r));
	if (stat(path, &st) == 0 && st.st_size > VC_RULE_FILE_MAX) {
		BAD("rule file larger than %d bytes", VC_RULE_FILE_MAX);
		return bad;
	}
	rc = vc_json_load_file(&root, path, JSON_REJECT_DUPLICATES, &jerr);
	if (rc == VC_ENOMEM)
		return rc;
	if (!root) {
		vc_diag_add(diags, NULL, path, jerr.line, jerr.column, "%s",
			    vc_error_cut_excerpt(jerr.text));
		return 1;
	}
	rc = 0;
	if (!json_is_object(root)) {
		BAD("a rule file must hold one JSON object");
		goto out;
	}
	json_object_foreach(root, key, val) {
		if (!in_list(known_fields, key))
			BAD("unknown field '%s'", key);
	}
	r->path = vc_strdup(path);
	want_id = rule_id_from_path(path);
	if (!r->path || !want_id)
		goto nomem;
	if (!json_is_string(json_object_get(root, "id")))
		BAD("'id' is missing");
	else if (strcmp(want_id, json_string_value(json_object_get(root, "id"))))
		BAD("'id' is '%s' but the file name says '%s'",
		    json_string_value(json_object_get(root, "id")), want_id);
	else if (!(r->id = vc_strdup(json_string_value(json_object_get(root, "id")))))
		goto nomem;
	TAKE(take_text(&r->title, root, "title", path, diags));
	TAKE(take_text(&r->rationale, root, "rationale", path, diags));
	TAKE(take_text(&r->remediation, root, "remediation", path, diags));
	if (!json_is_string(json_object_get(root, "category")) ||
	    !vc_category_known(json_string_value(json_object_get(root, "category"))))
		BAD("'category' must be one of the fixed categories (DESIGN §3.3)");
	else if (!(r->category = vc_strdup(json_string_value(json_object_get(root, "category")))))
		goto nomem;
	sev = json_object_get(root, "severity");
	if (!json_is_string(sev) || vc_severity_parse(&r->severity, json_string_value(sev)) < 0)
		BAD("'severity' must be info, low, medium, high or critical");
	TAKE(take_strv(&r->gdpr, &r->ngdpr, root, "gdpr", 1, path, diags));
	TAKE(take_strv(&r->products, &r->nproducts, root, "products", 1, path, diags));
	for (size_t i = 0; i < r->nproducts; i++)
		if (r->products[i] && !vc_product_known(r->products[i]))
			BAD("unknown product '%s'", r->products[i]);
	TAKE(take_strv(&r->references, &r->nreferences, root, "references", 0, path, diags));
	TAKE(take_expr(&r->when, &r->when_src, root, "when", 0, path, diags));
	TAKE(take_expr(&r->check, &r->check_src, root, "check", 1, path, diags));
	params = json_object_get(root, "params");
	if (params && !json_is_object(params))
		BAD("'params' must be an object");
	r->params = json_is_object(params) ? json_deep_copy(params) : json_object();
	if (!r->params)
		goto nomem;
out:
	free(want_id);
	json_decref(root);
	if (bad || rc < 0)
		rule_clear(r);
	return rc < 0 ? rc : bad;
nomem:
	rc = vc_error_set(VC_ENOMEM, "out of memory");
	goto out;
}

static int rules_append(struct vc_ruleset *rs, struct vc_rule *r)
{
	if (rs->n == rs->cap) {
		size_t ncap = rs->cap ? rs->cap * 2 : 32;
		struct vc_rule *nv = realloc(rs->v, ncap * sizeof(*nv));

		if (!nv)
			return VC_ENOMEM;
		rs->v = nv;
		rs->cap = ncap;
	}
	rs->v[rs->n++] = *r;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_rule_file(const char *name)
{
	size_t len = strlen(name);

	if (name[0] == '.' || len < 6 || strcmp(name + len - 5, ".json"))
		return 0;
	return !(len > 10 && !strcmp(name + len - 10, ".test.json"));
}

/*
 * Walk `dir` in sorted order so rule order (and reports) are stable.
 * Returns the number of rules that failed, or a negative code (VC_ENOMEM:
 * a rule left out for want of memory must not look like a smaller rule set).
 */
static int load_dir(struct vc_ruleset *rs, const char *dir, int depth, struct vc_diags *diags)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int failed = 0, rc = 0;

	if (!d)
		return vc_error_set(VC_ENOTFOUND, "%s: cannot open rule directory: %s", dir,
				    strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*nn));

			if (!nn) {
				rc = VC_ENOMEM;
				break;
			}
			names = nn;
		}
		if (!(names[n] = vc_strdup(de->d_name))) {
			rc = VC_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (n && rc == 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && rc == 0; i++) {
		char *p = vc_asprintf("%s/%s", dir, names[i]);
		struct stat st;
		int one;

		if (!p) {
			rc = VC_ENOMEM;
			break;
		}
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < VC_RULE_DIR_DEPTH) {
				int sub = load_dir(rs, p, depth + 1, diags);

				if (sub > 0)
					failed += sub;
				else if (sub == VC_ENOMEM)
					rc = sub;
			}
		} else if (S_ISREG(st.st_mode) && is_rule_file(names[i])) {
			struct vc_rule r;

			if (rs->n >= VC_RULES_MAX) {
				vc_diag_add(diags, NULL, p, 0, 0, "more than %d rules", VC_RULES_MAX);
				failed++;
			} else if ((one = vc_rule_load_file(&r, p, diags)) < 0) {
				rc = one;
			} else if (one) {
				failed++;
			} else if (vc_rules_find(rs, r.id)) {
				vc_diag_add(diags, NULL, p, 0, 0, "duplicate rule id '%s'", r.id);
				rule_clear(&r);
				failed++;
			} else if ((rc = rules_append(rs, &r)) < 0) {
				rule_clear(&r);
			}
		}
		free(p);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc < 0)
		return vc_error_set(rc, "%s: out of memory while loading rules", dir);
	return failed;
}

int vc_rules_load(struct vc_ruleset *rs, const char *dir, struct vc_diags *diags)
{
	return load_dir(rs, dir, 0, diags);
}

void vc_ruleset_free(struct vc_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->n; i++)
		rule_clear(&rs->v[i]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

const struct vc_rule *vc_rules_find(const struct vc_ruleset *rs, const char *id)
{
	size_t i;

	for (i = 0; id && i < rs->n; i++)
		if (!strcmp(rs->v[i].id, id))
			return &rs->v[i];
	return NULL;
}
