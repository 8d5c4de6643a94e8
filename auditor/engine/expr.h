#ifndef VC_EXPR_H
#define VC_EXPR_H
/*
 * The rule expression language (DESIGN §3.5, docs/rule-language.md).
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | cmp
 *   cmp     := primary (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" |
 *                        "contains" | "matches") primary)?
 *   primary := literal | name | "exists" "(" name ")" |
 *              ("all" | "any") "(" name "," expr ")" | "count" "(" name ")" |
 *              "(" expr ")" | "[" literal ("," literal)* "]"
 *   literal := 'string' | "string" | integer | true | false
 *   name    := ident ("." ident)*   e.g. recording.local.path.cloud_sync,
 *                                    params.max_days
 *
 * Evaluation is three-valued (Kleene): an absent fact makes a comparison
 * unknown; "unknown and false" is false, "unknown or true" is true,
 * "not unknown" is unknown. exists(x) is never unknown.
 * Inside all()/any() the names resolve first against the fields of the
 * current list element (an object), then as facts.
 * "matches" takes a POSIX extended regular expression on the right.
 *
 * Binding, tightest first: comparison, not, and, or. Comparing values of
 * different types is false for "==" and true for "!="; "< <= > >=" on
 * anything but numbers is unknown. The full semantics are in
 * docs/rule-language.md.
 */
#include <stddef.h>
#include <jansson.h>

enum vc_tri { VC_FALSE = 0, VC_TRUE = 1, VC_UNKNOWN = 2 };

#define VC_EXPR_MAX_TEXT 4096        /* bytes of expression text */
#define VC_EXPR_MAX_DEPTH 64         /* nested (), not, all()/any() */
#define VC_EXPR_MAX_EVIDENCE 200     /* entries recorded per environment */
#define VC_EXPR_MAX_STEPS 10000000UL /* evaluation steps per vc_expr_eval() */

struct vc_expr;   /* opaque, immutable after parsing */

/*
 * Parse `text`. On failure returns VC_EPARSE and sets the error message to
 * "col N: problem" (1-based column in `text`). Limits: 4096 bytes of text,
 * nesting depth 64.
 */
int vc_expr_parse(struct vc_expr **out, const char *text);
void vc_expr_free(struct vc_expr *e);

/*
 * Call `fn` once for every distinct fact name the expression reads, in order
 * of first appearance (not params.*, not names inside the predicate of
 * all()/any(), which resolve against the list element first; the list name
 * itself is reported). Used by `rules lint`.
 */
void vc_expr_foreach_name(const struct vc_expr *e,
			  void (*fn)(const char *name, void *ctx), void *ctx);

/*
 * Resolves a fact name to its value for the unit being evaluated.
 * Returns a borrowed reference or NULL when the fact is absent. `source`
 * and `line` (may be NULL) receive provenance for evidence.
 */
typedef const json_t *(*vc_expr_lookup_fn)(const char *name, void *ctx,
					    const char **source, int *line);

/*
 * A readable, fully parenthesised rendering of the parsed expression, e.g.
 * "((a == 1) or (not b))"; it parses back to the same tree. Caller frees;
 * NULL on allocation failure or when `e` is NULL.
 */
char *vc_expr_to_string(const struct vc_expr *e);

/* One piece of evidence the evaluator used (a fact read, or a list element). */
struct vc_expr_evidence {
	char *fact;      /* fact name */
	json_t *value;   /* owned */
	char *source;    /* may be NULL */
	int line;
	int offending;   /* 1 = a list element that made all() false / any() true */
};

struct vc_expr_env {
	vc_expr_lookup_fn lookup;
	void *ctx;
	const json_t *params;   /* object with rule params; may be NULL */
	/*
	 * Filled by evaluation (start from NULL/0; owned, freed by
	 * vc_expr_env_clear): facts read, offending list elements.
	 */
	struct vc_expr_evidence *ev;
	size_t nev, capev;
	/* Set (and kept until vc_expr_env_clear) when a limit was hit: */
	int ev_truncated;   /* evidence dropped at VC_EXPR_MAX_EVIDENCE or on ENOMEM */
	int over_budget;    /* VC_EXPR_MAX_STEPS hit; that evaluation returned unknown */
	int nomem;          /* an allocation failed: neither verdict nor evidence holds */
};

/*
 * Evaluate. Evidence is always appended to env->ev (facts read through
 * `lookup`, each name once; all()/any() elements with offending = 1).
 * `env` may be NULL (every fact is then absent). NULL `e` is unknown.
 */
enum vc_tri vc_expr_eval(const struct vc_expr *e, struct vc_expr_env *env);
/* Frees collected evidence and resets ev/nev/capev and the limit flags. */
void vc_expr_env_clear(struct vc_expr_env *env);

#endif
