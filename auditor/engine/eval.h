#ifndef VC_EVAL_H
#define VC_EVAL_H
/*
 * Evaluation: rules x facts -> findings.
 *
 * A selected rule is evaluated once per unit (product, scope): every
 * distinct pair among the facts the rule reads whose product is one of the
 * rule's products; a product's "host" unit is dropped when the product has
 * user units, since those inherit the host facts. When no such fact exists
 * the rule is evaluated once in (first product, "host"), where it can only
 * come out manual, error or notapplicable. In a unit:
 *   when false            -> notapplicable
 *   when unknown          -> manual (or error, see below)
 *   check true            -> pass
 *   check false           -> fail
 *   check unknown         -> manual, or error when collection failed for
 *                            the unit's product and scope
 *   check true, but collection failed there -> error (partial evidence)
 * Missing evidence never passes.
 */
#include <time.h>
#include "fact.h"
#include "finding.h"
#include "profile.h"
#include "rule.h"
#include "waiver.h"

struct vc_eval_input {
	const struct vc_factset *facts;
	const struct vc_collect_error *errors;
	size_t nerrors;
	const struct vc_ruleset *rules;
	const struct vc_profile *profile;   /* NULL = every rule, rule params */
	const struct vc_waivers *waivers;   /* may be NULL */
	time_t now;                         /* for waiver expiry */
	const char *products;               /* comma-separated filter, NULL = all */
};

int vc_evaluate(struct vc_findings *out, const struct vc_eval_input *in);

/* Evaluate one rule in one unit (used by `rules test`). */
int vc_evaluate_unit(struct vc_finding *out, const struct vc_rule *r, const json_t *params,
		     const struct vc_factset *facts, const char *product, const char *scope,
		     int collect_failed);

void vc_summarise(struct vc_summary *s, const struct vc_findings *f);

#endif
