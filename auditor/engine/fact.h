#ifndef VC_FACT_H
#define VC_FACT_H
/*
 * Facts: the only thing rules see (DESIGN §2, §3.4).
 *
 * A fact's value is a Jansson value: true/false, integer, string, array
 * (list) or object (for entries of lists such as artifacts.recordings).
 * A fact that could not be determined is simply not added.
 */
#include <stddef.h>
#include <jansson.h>

struct vc_fact {
	char *product;   /* "zoom", "host", ... */
	char *scope;     /* "host", "user:<pseudonym>", "policy:<name>", ... */
	char *key;       /* "recording.local.allowed" */
	json_t *value;   /* owned reference */
	char *source;    /* display path of the evidence (pseudonymised), or NULL */
	char *sha256;    /* hex digest of the source's bytes, or NULL */
	int line;        /* 1-based line in source, 0 = unknown */
	/*
	 * Real root-relative path when the value names a place on disk
	 * (recording.local.path and friends); used to derive .cloud_sync and
	 * .encrypted. Never printed.
	 */
	char *local_path;
};

struct vc_factset {
	struct vc_fact *v;
	size_t n, cap;
};

/* Where a fact came from; all fields may be NULL/0. Copied by vc_fact_add. */
struct vc_prov {
	const char *source;
	const char *sha256;
	int line;
};

/*
 * Add a fact. Steals the reference to `value` (even on failure).
 * A later fact with the same product/scope/key replaces the earlier one
 * (later sources win, as in the products' own precedence).
 */
int vc_fact_add(struct vc_factset *fs, const char *product, const char *scope,
		const char *key, json_t *value, const struct vc_prov *prov);
/* Same, recording the real path the value names (see local_path). */
int vc_fact_add_path(struct vc_factset *fs, const char *product, const char *scope,
		     const char *key, json_t *value, const struct vc_prov *prov,
		     const char *local_path);

/* Exact lookup; NULL when absent. */
const struct vc_fact *vc_fact_find(const struct vc_factset *fs, const char *product,
				   const char *scope, const char *key);

/*
 * Lookup used by rule evaluation in the unit (product, scope): tries
 * (product, scope), (product, "host"), ("host", scope), ("host", "host").
 * A tenant user (a scope whose settings.level fact is "user") skips
 * (product, "host"): it holds only what the user changed and must not
 * inherit the settings of the workstation running the audit.
 */
const struct vc_fact *vc_fact_lookup(const struct vc_factset *fs, const char *product,
				     const char *scope, const char *key);

void vc_factset_free(struct vc_factset *fs);

/* 1 when the first `len` bytes of `product` are "host" or one of the
 * comma-separated `csv` (a --product list); a NULL list selects all. */
int vc_product_in_list(const char *csv, const char *product, size_t len);

/* Drop facts whose product is neither "host" nor in the comma-separated
 * `csv` (--product); NULL keeps everything. */
void vc_factset_keep_products(struct vc_factset *fs, const char *csv);

/* A collection failure (unreadable or malformed source) for a product and
 * scope: rules that cannot be decided there become `error`, not `manual`. */
struct vc_collect_error {
	char *product, *scope, *source;
	char *keys;   /* comma-separated fact-name globs it affects; NULL = all */
};

/* Facts as a JSON array [{product, scope, key, value, source, sha256, line}]. */
json_t *vc_factset_to_json(const struct vc_factset *fs);

#endif
