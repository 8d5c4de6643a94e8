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
 */
#include <stddef.h>
#include <jansson.h>

enum vc_tri { VC_FALSE = 0, VC_TRUE = 1, VC_UNKNOWN = 2 };

struct vc_expr;   /* opaque, immutable after parsing */

/*
 * Parse `text`. On failure returns VC_EPARSE and sets the error message to
 * "col N: problem" (1-based column in `text`). Limits: 4096 bytes of text,
 * nesting depth 64.
 */
int vc_expr_parse(struct vc_expr **out, const char *text);
void vc_expr_free(struct vc_expr *e);

/*
 * Call `fn` for every fact name the expression reads (not params.*, not
 * element fields inside all()/any()). Used by `rules lint`.
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
	/* Filled by evaluation when not NULL: facts read, elements that failed. */
	struct vc_expr_evidence *ev;
	size_t nev, capev;
};

enum vc_tri vc_expr_eval(const struct vc_expr *e, struct vc_expr_env *env);
void vc_expr_env_clear(struct vc_expr_env *env);   /* frees collected evidence */

#endif
