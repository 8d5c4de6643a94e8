#ifndef VC_PROFILE_H
#define VC_PROFILE_H
/*
 * Profiles (DESIGN §3.6): which rules run, with which parameters and
 * severities. profiles/<id>.json:
 *   { "id", "title": {en, da}, "description": {en, da}, "extends": "baseline",
 *     "select": { "rules": [globs], "categories": [..], "exclude": [globs] },
 *     "params": { "<rule glob>": { "name": value } },
 *     "severity": { "<rule glob>": "high" } }
 * A child adds to its parent's selection and exclusions; its params and
 * severities override the parent's. Later globs win over earlier ones.
 */
#include <jansson.h>
#include "rule.h"

struct vc_profile {
	char *id;
	char *path;
	struct vc_text title, description;
	json_t *rules;        /* array of globs */
	json_t *categories;   /* array of names */
	json_t *exclude;      /* array of globs */
	json_t *params;       /* array of [glob, object] pairs in order */
	json_t *severity;     /* array of [glob, name] pairs in order */
};

/*
 * Load profile `name_or_file` (a name looked up in `dir` as <name>.json, or
 * a path to a file). `extends` chains are followed up to 8 levels.
 * Problems go to `diags`; returns 0 or a negative VC_E* code.
 */
int vc_profile_load(struct vc_profile *out, const char *dir, const char *name_or_file,
		    struct vc_diags *diags);
void vc_profile_free(struct vc_profile *p);

int vc_profile_selects(const struct vc_profile *p, const struct vc_rule *r);
/* Rule params with profile overrides applied; new reference, NULL when out of memory. */
json_t *vc_profile_params(const struct vc_profile *p, const struct vc_rule *r);
enum vc_severity vc_profile_severity(const struct vc_profile *p, const struct vc_rule *r);
/* All overrides as one object {rule id: {params}} for the selected rules (report);
 * NULL when out of memory. */
json_t *vc_profile_effective_params(const struct vc_profile *p, const struct vc_ruleset *rs);

#endif
