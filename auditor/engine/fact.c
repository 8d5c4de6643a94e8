/* Facts with provenance: storage, look-up and JSON form. */
#include <stdlib.h>
#include <string.h>

#include "fact.h"
#include "../core/err.h"

#define VC_FACTS_MAX 1000000

static void fact_clear(struct vc_fact *f)
{
	free(f->product);
	free(f->scope);
	free(f->key);
	json_decref(f->value);
	free(f->source);
	free(f->sha256);
	free(f->local_path);
	memset(f, 0, sizeof(*f));
}

static struct vc_fact *find_mut(const struct vc_factset *fs, const char *product,
				const char *scope, const char *key)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		struct vc_fact *f = &fs->v[i];

		if (!strcmp(f->key, key) && !strcmp(f->scope, scope) &&
		    !strcmp(f->product, product))
			return f;
	}
	return NULL;
}

int vc_fact_add_path(struct vc_factset *fs, const char *product, const char *scope,
		     const char *key, json_t *value, const struct vc_prov *prov,
		     const char *local_path)
{
	struct vc_fact nf = { 0 }, *slot;

	if (!value)
		return vc_error_set(VC_ENOMEM, "out of memory");
	nf.product = vc_strdup(product);
	nf.scope = vc_strdup(scope ? scope : "host");
	nf.key = vc_strdup(key);
	nf.value = value;
	if (prov) {
		nf.source = vc_strdup(prov->source);
		nf.sha256 = vc_strdup(prov->sha256);
		nf.line = prov->line;
	}
	nf.local_path = vc_strdup(local_path);
	if (!nf.product || !nf.scope || !nf.key ||
	    (prov && prov->source && !nf.source) || (prov && prov->sha256 && !nf.sha256) ||
	    (local_path && !nf.local_path)) {
		fact_clear(&nf);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}

	slot = find_mut(fs, nf.product, nf.scope, nf.key);
	if (slot) {
		fact_clear(slot);
		*slot = nf;
		return 0;
	}
	if (fs->n == fs->cap) {
		size_t ncap = fs->cap ? fs->cap * 2 : 64;
		struct vc_fact *nv;

		if (fs->n >= VC_FACTS_MAX) {
			fact_clear(&nf);
			return vc_error_set(VC_ELIMIT, "more than %d facts", VC_FACTS_MAX);
		}
		nv = realloc(fs->v, ncap * sizeof(*nv));
		if (!nv) {
			fact_clear(&nf);
			return vc_error_set(VC_ENOMEM, "out of memory");
		}
		fs->v = nv;
		fs->cap = ncap;
	}
	fs->v[fs->n++] = nf;
	return 0;
}

int vc_fact_add(struct vc_factset *fs, const char *product, const char *scope,
		const char *key, json_t *value, const struct vc_prov *prov)
{
	return vc_fact_add_path(fs, product, scope, key, value, prov, NULL);
}

const struct vc_fact *vc_fact_find(const struct vc_factset *fs, const char *product,
				   const char *scope, const char *key)
{
	return find_mut(fs, product, scope, key);
}

const struct vc_fact *vc_fact_lookup(const struct vc_factset *fs, const char *product,
				     const char *scope, const char *key)
{
	const struct vc_fact *f;

	if ((f = vc_fact_find(fs, product, scope, key)))
		return f;
	/* A tenant's user (settings.level "user") holds only the settings it
	 * changed; it must never inherit those of the machine running the audit. */
	f = vc_fact_find(fs, product, scope, "settings.level");
	if (!(f && json_is_string(f->value) && !strcmp(json_string_value(f->value), "user")) &&
	    (f = vc_fact_find(fs, product, "host", key)))
		return f;
	if ((f = vc_fact_find(fs, "host", scope, key)))
		return f;
	return vc_fact_find(fs, "host", "host", key);
}

void vc_factset_free(struct vc_factset *fs)
{
	size_t i;

	if (!fs)
		return;
	for (i = 0; i < fs->n; i++)
		fact_clear(&fs->v[i]);
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->cap = 0;
}

json_t *vc_factset_to_json(const struct vc_factset *fs)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < fs->n; i++) {
		const struct vc_fact *f = &fs->v[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:O, s:s?, s:s?, s:i}",
				      "product", f->product, "scope", f->scope, "key", f->key,
				      "value", f->value, "source", f->source,
				      "sha256", f->sha256, "line", f->line);

		if (!o || json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int vc_product_in_list(const char *csv, const char *product, size_t len)
{
	const char *p = csv;

	if (!csv || (len == 4 && !strncmp(product, "host", 4)))
		return 1;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		if (n == len && !strncmp(p, product, len))
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

void vc_factset_keep_products(struct vc_factset *fs, const char *csv)
{
	size_t i, k = 0;

	if (!csv)
		return;
	for (i = 0; i < fs->n; i++) {
		if (vc_product_in_list(csv, fs->v[i].product, strlen(fs->v[i].product)))
			fs->v[k++] = fs->v[i];
		else
			fact_clear(&fs->v[i]);
	}
	fs->n = k;
}
