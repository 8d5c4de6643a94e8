/* The ranking and the GDPR-article grouping of findings shared by the reports (order.h). */
#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "words.h"

static int status_rank(enum vc_status s)
{
	switch (s) {
	case VC_ST_FAIL: return 0;
	case VC_ST_ERROR: return 1;
	case VC_ST_MANUAL: return 2;
	case VC_ST_WAIVED: return 3;
	case VC_ST_PASS: return 4;
	default: return 5;
	}
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int vc_report_order_cmp(const void *pa, const void *pb)
{
	const struct vc_finding *a = *(const struct vc_finding *const *)pa;
	const struct vc_finding *b = *(const struct vc_finding *const *)pb;
	int c;

	if (status_rank(a->status) != status_rank(b->status))
		return status_rank(a->status) < status_rank(b->status) ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = cmp_str(a->rule ? a->rule->id : NULL, b->rule ? b->rule->id : NULL)))
		return c;
	if ((c = cmp_str(a->product, b->product)))
		return c;
	if ((c = cmp_str(a->scope, b->scope)))
		return c;
	return a < b ? -1 : a > b;
}

int vc_report_in_plan(enum vc_status s)
{
	return s == VC_ST_FAIL || s == VC_ST_ERROR;
}

int vc_report_order(const struct vc_finding ***out, size_t *n, const struct vc_findings *fs,
		    int plan_only)
{
	const struct vc_finding **v;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	if (!fs || !fs->n)
		return 0;
	v = calloc(fs->n, sizeof(*v));
	if (!v)
		return vc_error_set(VC_ENOMEM, "out of memory ordering the findings");
	for (i = 0; i < fs->n; i++)
		if (!plan_only || vc_report_in_plan(fs->v[i].status))
			v[k++] = &fs->v[i];
	if (!k) {
		free(v);
		return 0;
	}
	qsort(v, k, sizeof(*v), vc_report_order_cmp);
	*out = v;
	*n = k;
	return 0;
}

int vc_report_article_of(const struct vc_finding *f)
{
	return f->rule && f->rule->ngdpr ? vc_report_gdpr_article(f->rule->gdpr[0]) : 0;
}

int vc_report_next_article(const struct vc_finding *const *all, size_t n, int last)
{
	size_t i;
	int art, next = 0;

	for (i = 0; i < n; i++) {
		art = vc_report_article_of(all[i]);
		if (art > last && (!next || art < next))
			next = art;
	}
	return next;
}
