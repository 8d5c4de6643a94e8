#ifndef VC_BREACH_DRAFT_H
#define VC_BREACH_DRAFT_H
/*
 * The draft notification of a personal data breach to the authority
 * (GDPR Art. 33, Datatilsynet), with the 72-hour deadline, the Art. 34
 * assessment from the audit report's encryption facts, and the Art. 33(5)
 * breach register line. Format of the incident file: docs/breach.md.
 */
#include <stddef.h>
#include <time.h>
#include <jansson.h>

#define VC_BREACH_HOURS 72
#define VC_BREACH_TZ "Europe/Copenhagen"
#define VC_INCIDENT_MAX (1024 * 1024)

/* Parse an RFC 3339 date-time ("2026-10-23T12:00:00Z", "...+02:00",
 * fractions ignored) into *out (UTC). 0 or VC_EPARSE. */
int vc_rfc3339_parse(time_t *out, const char *s);

/* `t` as "YYYY-MM-DD HH:MM UTC". */
void vc_breach_fmt_utc(char *out, size_t n, time_t t);

/*
 * `t` in the TZ database zone `zone` ("Europe/Copenhagen") as
 * "YYYY-MM-DD HH:MM CET (UTC+01:00)". Sets TZ for the call and restores
 * the caller's TZ. VC_ENOTFOUND (out = "") when the zone is not installed.
 */
int vc_breach_fmt_local(char *out, size_t n, time_t t, const char *zone);

/*
 * Read and check the incident file: JSON, `aware_at` present and RFC 3339,
 * the other fields of the documented types. *out is owned by the caller
 * (json_decref). Errors: "path:line:col: problem" in vc_error_last(),
 * VC_EIO / VC_EPARSE.
 */
int vc_incident_load(json_t **out, const char *path);
/* The same on text already in memory; `name` is used in messages. */
int vc_incident_parse(json_t **out, const char *name, const char *text, size_t len);

enum vc_art34 {
	VC_ART34_EXEMPT_MAY_APPLY,   /* all affected stores encrypted, keys not compromised */
	VC_ART34_REQUIRED,           /* not exempt, high risk stated */
	VC_ART34_IF_HIGH_RISK,       /* not exempt, high risk not (yet) assessed */
	VC_ART34_NO_HIGH_RISK        /* not exempt, but the controller found no high risk */
};

/* What the report says about the stores named in `affected`. */
struct vc_breach_stores {
	size_t selectors;        /* affected entries (1 for "all") */
	size_t unmatched;        /* selectors the report has no store for */
	size_t recordings;       /* artifacts.recordings entries matched */
	long long files, bytes;  /* their totals */
	size_t stores;           /* recordings + configured locations matched */
	size_t encrypted, unencrypted, unknown;
};

struct vc_breach_assessment {
	struct vc_breach_stores s;
	int keys_compromised;    /* 1, 0, -1 = not stated */
	int high_risk;           /* 1, 0, -1 = not stated */
	enum vc_art34 result;
};

/* "34(3)(a)-may-apply", "required", "required-if-high-risk", "not-required-no-high-risk". */
const char *vc_art34_name(enum vc_art34 a);

/*
 * Match the incident's `affected` against the report's stores and decide.
 * Unknown encryption is never treated as encrypted; a selector that
 * matches nothing counts as one store of unknown encryption.
 */
void vc_breach_assess(struct vc_breach_assessment *out, json_t *report, json_t *incident);

struct vc_breach_in {
	json_t *report;          /* vcaudit.report/1, borrowed */
	json_t *incident;        /* checked by vc_incident_parse, borrowed */
	json_t *org;             /* organisation file, borrowed, may be NULL (report's org.* facts) */
	const char *lang;        /* "en" or "da" */
	time_t now;              /* when the draft is produced */
};

/*
 * Write the Markdown draft into *out (caller frees) and fill *a.
 * 0, or VC_ENOMEM / VC_EPARSE (bad aware_at).
 */
int vc_breach_draft(char **out, struct vc_breach_assessment *a, const struct vc_breach_in *in);

/*
 * The Art. 33(5) register line (one JSON object, no newline) for a draft
 * whose bytes are `draft`. Caller frees.
 */
char *vc_breach_register_line(const struct vc_breach_in *in,
			      const struct vc_breach_assessment *a,
			      const char *draft, size_t draft_len);

/*
 * Append `line` plus a newline to the JSON Lines file `path` with one
 * write(2) on an O_APPEND descriptor, then fsync; earlier lines are never
 * rewritten (a last line without its newline gets one first, in the same
 * write). 0 or VC_EIO.
 */
int vc_breach_register_append(const char *path, const char *line);

#endif
