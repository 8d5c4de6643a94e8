#ifndef VC_REPORT_H
#define VC_REPORT_H
/*
 * Reporters only read an audit's findings and facts; they never re-derive
 * results. One const entry per format in vc_reporters[] (report/registry.c).
 */
#include <stdio.h>
#include <jansson.h>
#include "../core/err.h"
#include "../engine/fact.h"
#include "../engine/finding.h"

struct vc_audit {
	const char *tool_version;
	const char *rules_version;     /* e.g. git-less: count + digest of rule files */
	char generated_at[32];         /* RFC 3339 UTC */
	const char *target_kind;       /* host | export | fleet */
	const char *target_name;       /* host name or export name */
	const char *target_root;       /* --root as given */
	const char *profile_id;
	json_t *profile_params;        /* borrowed object */
	json_t *products;              /* borrowed array [{id, version, sources:[{path,kind,sha256,bytes}]}] */
	const struct vc_factset *facts;
	const struct vc_findings *findings;
	const struct vc_diags *diags;
	struct vc_summary summary;
	int pseudonyms_stable;         /* 0 = random key this run (report says so) */
	const char *lang;              /* "en" or "da" */
};

struct vc_report_opts {
	int color;                     /* text: ANSI colours */
	const char *lang;
};

struct vc_reporter_entry {
	const char *name;              /* "text", "json" */
	const char *description;
	int (*write)(FILE *out, const struct vc_audit *a, const struct vc_report_opts *o);
};

extern const struct vc_reporter_entry *const vc_reporters[];
const struct vc_reporter_entry *vc_reporter_find(const char *name);

/* The JSON report object (DESIGN §3.7, schema vcaudit.report/1); caller decrefs. */
json_t *vc_report_json(const struct vc_audit *a);

#endif
