#ifndef VC_WAIVER_H
#define VC_WAIVER_H
/*
 * Waivers (DESIGN §3.6): an accepted deviation, approved by a named person
 * until a date. File format (JSON):
 *   { "waivers": [ { "rule": "<id or glob>", "scope": "<glob, default *>",
 *                    "product": "<glob, default *>",
 *                    "justification": "...", "approver": "...",
 *                    "expires": "YYYY-MM-DD" } ] }
 * A waiver is valid through its expiry day; afterwards the finding turns
 * back to its real status and the report shows the waiver as expired.
 */
#include <time.h>
#include <jansson.h>
#include "../core/err.h"

struct vc_waiver {
	char *rule, *scope, *product, *justification, *approver, *expires;
	int line;   /* 0 when unknown */
};

struct vc_waivers {
	struct vc_waiver *v;
	size_t n;
	char *path;
};

/* Load a waivers file; problems go to `diags`. 0 or negative VC_E*. */
int vc_waivers_load(struct vc_waivers *out, const char *path, struct vc_diags *diags);
void vc_waivers_free(struct vc_waivers *w);
/* The first valid waiver matching rule/product/scope, else the first
 * expired one (so the report can show it), else NULL. */
const struct vc_waiver *vc_waivers_match(const struct vc_waivers *w, const char *rule,
					 const char *product, const char *scope, time_t now);
/* 1 when `expires` (YYYY-MM-DD) lies before the UTC day of `now`. */
int vc_waiver_expired(const struct vc_waiver *w, time_t now);

#endif
