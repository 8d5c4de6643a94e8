#ifndef VC_REPORT_ORDER_H
#define VC_REPORT_ORDER_H
/*
 * The one order in which the Markdown and CSV reports rank findings
 * ("what to fix first"):
 *   1. status: fail (expired waivers included, they fail), error, manual,
 *      waived, pass, not applicable;
 *   2. severity, critical first;
 *   3. rule id, then product, then scope (byte order);
 *   4. position in the audit.
 * The action plan is the fail and error findings in that order: CSV rows
 * 1..n are its priorities, and the Markdown "five most important things to
 * fix" are its first five entries.
 */
#include <stddef.h>
#include "../engine/finding.h"

/* qsort comparator over `const struct vc_finding *` elements of ONE findings array. */
int vc_report_order_cmp(const void *a, const void *b);

/* 1 when a finding with this status belongs in the action plan (fail or error). */
int vc_report_in_plan(enum vc_status s);

/*
 * All findings of `fs` (NULL = none) as borrowed pointers in the order above;
 * with plan_only, only the action plan. *out is malloc'd (caller frees; NULL
 * when *n is 0). 0 or VC_ENOMEM.
 */
int vc_report_order(const struct vc_finding ***out, size_t *n, const struct vc_findings *fs,
		    int plan_only);

/*
 * The findings by GDPR article (HTML and Markdown reports): a finding is listed
 * under its rule's first GDPR reference; 0 = none (listed last, on its own).
 */
int vc_report_article_of(const struct vc_finding *f);

/* The smallest article above `last` that one of all[0..n) is listed under; 0 = none left. */
int vc_report_next_article(const struct vc_finding *const *all, size_t n, int last);

#endif
