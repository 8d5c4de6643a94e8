#ifndef VC_FINDING_H
#define VC_FINDING_H
/* Findings: a status per rule x product x scope, with evidence. */
#include <stddef.h>
#include <jansson.h>
#include "rule.h"
#include "fact.h"

enum vc_status {
	VC_ST_PASS = 0, VC_ST_FAIL, VC_ST_MANUAL, VC_ST_NA, VC_ST_ERROR, VC_ST_WAIVED, VC_ST__COUNT
};

struct vc_evidence {
	char *source;  /* display path, may be NULL */
	int line;
	char *fact;
	json_t *value; /* owned, may be NULL */
};

struct vc_waiver_ref {
	char *justification, *approver, *expires;   /* expires: YYYY-MM-DD */
	int expired;
};

struct vc_finding {
	const struct vc_rule *rule;     /* borrowed from the ruleset */
	char *product;
	char *scope;
	enum vc_status status;          /* effective status (may be WAIVED) */
	enum vc_status real_status;     /* status before waivers */
	enum vc_severity severity;      /* after profile overrides */
	char *message;                  /* one line, English, no secrets */
	struct vc_evidence *ev; size_t nev;
	struct vc_waiver_ref *waiver;   /* NULL when not waived (or expired and shown) */
};

struct vc_findings {
	struct vc_finding *v;
	size_t n, cap;
};

struct vc_summary {
	size_t by_status[VC_ST__COUNT];      /* effective statuses */
	size_t by_severity[VC_SEV_CRITICAL + 1];  /* failing findings (real status) per severity */
	double score_before_waivers;         /* 0..100 */
	double score_after_waivers;
};

const char *vc_status_name(enum vc_status s);
void vc_findings_free(struct vc_findings *f);
/* Free one finding's members (not the struct itself). */
void vc_finding_clear(struct vc_finding *f);

#endif
