#ifndef VC_RULE_H
#define VC_RULE_H
/* Rules: data files under rules/<product>/<id>.json (DESIGN §3.5). */
#include <stddef.h>
#include <jansson.h>
#include "expr.h"
#include "../core/err.h"

enum vc_severity { VC_SEV_INFO = 0, VC_SEV_LOW, VC_SEV_MEDIUM, VC_SEV_HIGH, VC_SEV_CRITICAL };

struct vc_text { char *en; char *da; };

struct vc_rule {
	char *id;
	char *path;            /* file it came from */
	struct vc_text title, rationale, remediation;
	char *category;
	enum vc_severity severity;
	char **gdpr; size_t ngdpr;
	char **products; size_t nproducts;
	char *when_src, *check_src;
	struct vc_expr *when;  /* NULL = always applicable */
	struct vc_expr *check;
	json_t *params;        /* object, owned; never NULL after load */
	char **references; size_t nreferences;
};

struct vc_ruleset {
	struct vc_rule *v;
	size_t n, cap;
};

/*
 * Load every *.json rule below `dir` (files ending in .test.json are rule
 * tests, not rules). Problems are appended to `diags` as path:line:col
 * messages; returns the number of rules that failed to load (0 = all good)
 * or a negative VC_E* code when `dir` cannot be read.
 */
int vc_rules_load(struct vc_ruleset *rs, const char *dir, struct vc_diags *diags);
void vc_ruleset_free(struct vc_ruleset *rs);
const struct vc_rule *vc_rules_find(const struct vc_ruleset *rs, const char *id);

const char *vc_severity_name(enum vc_severity s);
int vc_severity_parse(enum vc_severity *out, const char *name);   /* 0 or VC_ERROR */

/* Fixed category list (DESIGN §3.3). 1 when known. */
int vc_category_known(const char *name);
extern const char *const vc_categories[];
/* Known product ids (DESIGN §3.3). 1 when known. */
int vc_product_known(const char *name);
extern const char *const vc_products[];

const char *vc_text_get(const struct vc_text *t, const char *lang);



/* Load and validate one rule file; returns the number of problems (0 = ok). */
int vc_rule_load_file(struct vc_rule *r, const char *path, struct vc_diags *diags);
#endif
