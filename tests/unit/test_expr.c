/* The rule expression language: parser, three-valued evaluator, evidence. */
#include "testutil.h"

#include <jansson.h>

#include "core/err.h"
#include "engine/expr.h"

/* ---- a fact map name -> value, with provenance ---- */

struct facts {
	json_t *map;        /* name -> value */
	int line;           /* reported for every fact */
	int calls;
};

static const json_t *lookup(const char *name, void *ctx, const char **source, int *line)
{
	struct facts *f = ctx;
	const json_t *v = json_object_get(f->map, name);

	f->calls++;
	if (!v)
		return NULL;
	if (source)
		*source = strcmp(name, "artifacts.recordings") == 0 ? "scan:recordings" :
			  "home/u1/.zoomus/zoomus.conf";
	if (line)
		*line = f->line;
	return v;
}

static json_t *load(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);

	if (!v)
		fail_msg("bad test json %s: %s", text, err.text);
	return v;
}

static struct vc_expr *parse_ok(const char *text)
{
	struct vc_expr *e = NULL;
	int rc = vc_expr_parse(&e, text);

	if (rc != 0)
		fail_msg("parse of \"%.200s\" failed: %s", text, vc_error_last());
	assert_non_null(e);
	return e;
}

/* Evaluate `text` against facts/params (JSON text, params may be NULL). */
static enum vc_tri eval3(const char *facts, const char *params, const char *text)
{
	struct facts f = { load(facts), 7, 0 };
	json_t *p = params ? load(params) : NULL;
	struct vc_expr_env env = { lookup, &f, p, NULL, 0, 0, 0, 0 };
	struct vc_expr *e = parse_ok(text);
	enum vc_tri t = vc_expr_eval(e, &env);

	vc_expr_free(e);
	vc_expr_env_clear(&env);
	json_decref(f.map);
	json_decref(p);
	return t;
}

#define T VC_TRUE
#define F VC_FALSE
#define U VC_UNKNOWN

#define assert_eval(facts, text, want) assert_int_equal(eval3((facts), NULL, (text)), (want))

/* Parse must fail with exactly `msg` (which starts with "col N: "). */
static void assert_parse_error(const char *text, const char *msg)
{
	struct vc_expr *e = (struct vc_expr *)0x1;
	int rc = vc_expr_parse(&e, text);

	assert_int_equal(rc, VC_EPARSE);
	assert_null(e);
	assert_string_equal(vc_error_last(), msg);
}

static void assert_tree(const char *text, const char *want)
{
	struct vc_expr *e = parse_ok(text), *again;
	char *s = vc_expr_to_string(e), *s2;

	assert_non_null(s);
	assert_string_equal(s, want);
	/* The rendering is itself valid and means the same. */
	again = parse_ok(s);
	s2 = vc_expr_to_string(again);
	assert_string_equal(s2, s);
	free(s);
	free(s2);
	vc_expr_free(e);
	vc_expr_free(again);
}

/* ---- precedence and parentheses ---- */

static void test_precedence(void **state)
{
	(void)state;
	assert_tree("a or b and c", "(a or (b and c))");
	assert_tree("a and b or c and d", "((a and b) or (c and d))");
	assert_tree("not a and b", "((not a) and b)");
	assert_tree("not a == 1", "(not (a == 1))");
	assert_tree("not not a", "(not (not a))");
	assert_tree("a and b and c", "(a and b and c)");
	assert_tree("a or b or c", "(a or b or c)");
	assert_tree("(a or b) and c", "((a or b) and c)");
	assert_tree("((a))", "a");
	assert_tree("x == 1 and y != 'z' or not w",
		    "(((x == 1) and (y != 'z')) or (not w))");
	assert_tree("recording.local.path.cloud_sync == 'none'",
		    "(recording.local.path.cloud_sync == 'none')");
	assert_tree("all(artifacts.recordings, age_days <= params.max_days)",
		    "all(artifacts.recordings, (age_days <= params.max_days))");
	assert_tree("exists(a) and count(b) > 2 or any(c, d)",
		    "((exists(a) and (count(b) > 2)) or any(c, d))");
	assert_tree("x in ['a', 1, true, false]", "(x in ['a', 1, true, false])");
	assert_tree("(a == 1) == true", "((a == 1) == true)");
	assert_tree("x\t==\n-1", "(x == -1)");
	assert_tree("my-app.some_key_2 == 1", "(my-app.some_key_2 == 1)");

	/* The same shape seen through evaluation: and binds tighter than or. */
	assert_eval("{\"a\": true, \"b\": false}", "a or b and false", T);
	assert_eval("{\"a\": true, \"b\": false}", "(a or b) and false", F);
	/* not applies to the whole comparison. */
	assert_eval("{\"n\": 3}", "not n == 4", T);
	assert_eval("{\"b\": false}", "not b and true", T);
	assert_eval("{\"b\": false}", "not (b or true)", F);
}

/* ---- literals and comparisons ---- */

static void test_literals(void **state)
{
	(void)state;
	assert_eval("{\"x\": \"it's\"}", "x == 'it\\'s'", T);
	assert_eval("{\"x\": \"say \\\"hi\\\"\"}", "x == \"say \\\"hi\\\"\"", T);
	assert_eval("{\"x\": \"a\\\\b\"}", "x == 'a\\\\b'", T);
	assert_eval("{\"x\": \"ab\"}", "x == 'a\\\\b'", F);
	assert_eval("{\"x\": \"ærø\"}", "x == 'ærø'", T);
	assert_eval("{\"d\": -1}", "d == -1", T);
	assert_eval("{}", "true", T);
	assert_eval("{}", "false", F);
	assert_eval("{}", "'yes'", U);   /* a string is not a condition */
	assert_eval("{}", "1", U);
	assert_tree("x == 'it\\'s \\\\'", "(x == 'it\\'s \\\\')");
	assert_tree("x == \"a'b\"", "(x == 'a\\'b')");
}

static void test_equality(void **state)
{
	const char *f = "{\"s\": \"none\", \"i\": 30, \"r\": 30.0, \"h\": 30.5, \"b\": true,"
			" \"n\": \"30\", \"l\": [\"eu\", \"us\"], \"o\": {\"k\": 1}}";

	(void)state;
	assert_int_equal(eval3(f, NULL, "s == 'none'"), T);
	assert_int_equal(eval3(f, NULL, "s == 'None'"), F);   /* exact */
	assert_int_equal(eval3(f, NULL, "s != 'dropbox'"), T);
	assert_int_equal(eval3(f, NULL, "i == 30"), T);
	assert_int_equal(eval3(f, NULL, "i != 30"), F);
	assert_int_equal(eval3(f, NULL, "r == 30"), T);        /* real vs int numerically */
	assert_int_equal(eval3(f, NULL, "r == i"), T);
	assert_int_equal(eval3(f, NULL, "h == 30"), F);
	assert_int_equal(eval3(f, NULL, "b == true"), T);
	assert_int_equal(eval3(f, NULL, "b != false"), T);
	assert_int_equal(eval3(f, NULL, "b == false"), F);
	assert_int_equal(eval3(f, NULL, "l == l"), T);
	assert_int_equal(eval3(f, NULL, "o == o"), T);
	/* Different types: == is false, != is true, never unknown. */
	assert_int_equal(eval3(f, NULL, "n == 30"), F);
	assert_int_equal(eval3(f, NULL, "n != 30"), T);
	assert_int_equal(eval3(f, NULL, "i == '30'"), F);
	assert_int_equal(eval3(f, NULL, "b == 1"), F);
	assert_int_equal(eval3(f, NULL, "b != 'true'"), T);
	assert_int_equal(eval3(f, NULL, "l == 'eu'"), F);
	assert_int_equal(eval3(f, NULL, "'30' == 30"), F);
	/* The value of a condition compares as a boolean. */
	assert_int_equal(eval3(f, NULL, "(i == 30) == b"), T);
	assert_int_equal(eval3(f, NULL, "exists(nope) == false"), T);
}

static void test_ordering(void **state)
{
	const char *f = "{\"i\": 30, \"r\": 29.5, \"s\": \"40\", \"b\": true, \"neg\": -1}";

	(void)state;
	assert_int_equal(eval3(f, NULL, "i < 31"), T);
	assert_int_equal(eval3(f, NULL, "i < 30"), F);
	assert_int_equal(eval3(f, NULL, "i <= 30"), T);
	assert_int_equal(eval3(f, NULL, "i > 29"), T);
	assert_int_equal(eval3(f, NULL, "i > 30"), F);
	assert_int_equal(eval3(f, NULL, "i >= 30"), T);
	assert_int_equal(eval3(f, NULL, "i >= 31"), F);
	assert_int_equal(eval3(f, NULL, "r < i"), T);
	assert_int_equal(eval3(f, NULL, "r > 29"), T);
	assert_int_equal(eval3(f, NULL, "neg < 0"), T);
	assert_int_equal(eval3(f, NULL, "-5 < neg"), T);
	/* Only numbers are ordered: anything else is unknown, not false. */
	assert_int_equal(eval3(f, NULL, "s > 30"), U);
	assert_int_equal(eval3(f, NULL, "s < 30"), U);
	assert_int_equal(eval3(f, NULL, "b >= 1"), U);
	assert_int_equal(eval3(f, NULL, "not (s > 30)"), U);
}

/* ---- Kleene logic ---- */

static void test_kleene(void **state)
{
	/* t is true, f is false, u is absent (unknown). */
	static const struct {
		const char *text;
		enum vc_tri want;
	} cases[] = {
		{ "t and t", T }, { "t and f", F }, { "t and u", U },
		{ "f and t", F }, { "f and f", F }, { "f and u", F },
		{ "u and t", U }, { "u and f", F }, { "u and u", U },
		{ "t or t", T }, { "t or f", T }, { "t or u", T },
		{ "f or t", T }, { "f or f", F }, { "f or u", U },
		{ "u or t", T }, { "u or f", U }, { "u or u", U },
		{ "not t", F }, { "not f", T }, { "not u", U },
		{ "not not u", U },
		{ "u and t and f", F }, { "u or f or t", T },
		{ "(u or t) and (u or f)", U },
		{ "not (u and f)", T },
	};
	const char *facts = "{\"t\": true, \"f\": false}";
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum vc_tri got = eval3(facts, NULL, cases[i].text);

		if (got != cases[i].want)
			fail_msg("%s: got %d, want %d", cases[i].text, got, cases[i].want);
	}
}

static void test_absent(void **state)
{
	const char *f = "{\"s\": \"x\", \"i\": 3, \"path\": \"/home/u1/Documents/Zoom\"}";

	(void)state;
	/* Any absent operand makes a comparison unknown, whatever the operator. */
	assert_int_equal(eval3(f, NULL, "missing == 'x'"), U);
	assert_int_equal(eval3(f, NULL, "missing != 'x'"), U);
	assert_int_equal(eval3(f, NULL, "s == missing"), U);
	assert_int_equal(eval3(f, NULL, "missing < 3"), U);
	assert_int_equal(eval3(f, NULL, "missing in ['a']"), U);
	assert_int_equal(eval3(f, NULL, "s in missing"), U);
	assert_int_equal(eval3(f, NULL, "missing contains 'a'"), U);
	assert_int_equal(eval3(f, NULL, "missing matches 'a'"), U);
	assert_int_equal(eval3(f, NULL, "count(missing) == 0"), U);
	/* A bare name is a condition only when it holds a boolean. */
	assert_int_equal(eval3(f, NULL, "missing"), U);
	assert_int_equal(eval3(f, NULL, "path"), U);
	assert_int_equal(eval3(f, NULL, "i"), U);
	assert_int_equal(eval3("{\"l\": [1]}", NULL, "count(l)"), U);
	assert_int_equal(eval3("{\"a\": true}", NULL, "a"), T);
	assert_int_equal(eval3("{\"a\": false}", NULL, "a"), F);
	assert_int_equal(eval3("{\"recording.local.allowed\": true}", NULL,
			       "recording.local.allowed"), T);

	/* No environment at all: every fact is absent, literals still work. */
	{
		struct vc_expr *e = parse_ok("exists(a)");

		assert_int_equal(vc_expr_eval(e, NULL), F);
		vc_expr_free(e);
		e = parse_ok("a == 1 or true");
		assert_int_equal(vc_expr_eval(e, NULL), T);
		vc_expr_free(e);
		assert_int_equal(vc_expr_eval(NULL, NULL), U);
	}
}

static void test_exists(void **state)
{
	const char *f = "{\"a\": false, \"s\": \"\"}";

	(void)state;
	assert_int_equal(eval3(f, NULL, "exists(a)"), T);   /* present even though false */
	assert_int_equal(eval3(f, NULL, "exists(s)"), T);
	assert_int_equal(eval3(f, NULL, "exists(nope)"), F);
	assert_int_equal(eval3(f, NULL, "not exists(nope)"), T);
	assert_int_equal(eval3(f, NULL, "exists(nope) or nope"), U);
	assert_int_equal(eval3(f, "{\"x\": 1}", "exists(params.x)"), T);
	assert_int_equal(eval3(f, "{\"x\": 1}", "exists(params.y)"), F);
}

static void test_params(void **state)
{
	const char *f = "{\"recording.retention_days\": 45}";
	const char *p = "{\"max_days\": 30, \"allowed\": [\"eu\", \"eea\"], \"on\": true}";

	(void)state;
	assert_int_equal(eval3(f, p, "recording.retention_days <= params.max_days"), F);
	assert_int_equal(eval3(f, "{\"max_days\": 60}",
			       "recording.retention_days <= params.max_days"), T);
	assert_int_equal(eval3(f, p, "'eu' in params.allowed"), T);
	assert_int_equal(eval3(f, p, "params.on"), T);
	/* Absent param, no params, params not an object: unknown. */
	assert_int_equal(eval3(f, p, "recording.retention_days <= params.min_days"), U);
	assert_int_equal(eval3(f, NULL, "recording.retention_days <= params.max_days"), U);
	assert_int_equal(eval3(f, "[30]", "recording.retention_days <= params.max_days"), U);
	/* A fact called "max_days" is not a param. */
	assert_int_equal(eval3("{\"max_days\": 1, \"n\": 1}", NULL, "n == params.max_days"), U);
}

static void test_in(void **state)
{
	const char *f = "{\"consent\": \"notice\", \"region\": \"us\", \"i\": 2,"
			" \"regions\": [\"eu\", \"de\"], \"nums\": [1, 2.0], \"s\": \"eu,de\"}";

	(void)state;
	assert_int_equal(eval3(f, NULL, "consent in ['notice', 'explicit']"), T);
	assert_int_equal(eval3(f, NULL, "consent in ['explicit']"), F);
	assert_int_equal(eval3(f, NULL, "region in regions"), F);
	assert_int_equal(eval3(f, NULL, "'de' in regions"), T);
	assert_int_equal(eval3(f, NULL, "not (region in regions)"), T);
	assert_int_equal(eval3(f, NULL, "i in nums"), T);        /* 2 == 2.0 */
	assert_int_equal(eval3(f, NULL, "i in ['2']"), F);       /* no conversion */
	assert_int_equal(eval3(f, NULL, "true in [1, 'true']"), F);
	/* The right side must be a list: a string fact is unknown, not substring. */
	assert_int_equal(eval3(f, NULL, "'eu' in s"), U);
}

static void test_contains(void **state)
{
	const char *f = "{\"storage.thirdparty\": [\"dropbox\", \"box\"], \"empty\": [],"
			" \"path\": \"/home/u1/Dropbox/Zoom\", \"i\": 5, \"nums\": [5]}";

	(void)state;
	assert_int_equal(eval3(f, NULL, "storage.thirdparty contains 'dropbox'"), T);
	assert_int_equal(eval3(f, NULL, "storage.thirdparty contains 'gdrive'"), F);
	assert_int_equal(eval3(f, NULL, "storage.thirdparty contains 'drop'"), F);   /* whole */
	assert_int_equal(eval3(f, NULL, "empty contains 'x'"), F);
	assert_int_equal(eval3(f, NULL, "nums contains i"), T);
	assert_int_equal(eval3(f, NULL, "path contains 'Dropbox'"), T);   /* substring */
	assert_int_equal(eval3(f, NULL, "path contains 'dropbox'"), F);   /* case matters */
	assert_int_equal(eval3(f, NULL, "path contains ''"), T);
	assert_int_equal(eval3(f, NULL, "path contains 5"), F);
	assert_int_equal(eval3(f, NULL, "i contains 5"), U);
}

static void test_matches(void **state)
{
	const char *f = "{\"product.version\": \"5.17.11\", \"host\": \"meet.example.dk\","
			" \"i\": 5, \"pat\": \"^meet[.]\", \"badpat\": \"(x\","
			" \"backref\": \"(a)\\\\1\"}";

	(void)state;
	assert_int_equal(eval3(f, NULL, "product.version matches '^5[.]1[0-9][.]'"), T);
	assert_int_equal(eval3(f, NULL, "product.version matches '^6[.]'"), F);
	assert_int_equal(eval3(f, NULL, "product.version matches '^5\\\\.17'"), T);
	assert_int_equal(eval3(f, NULL, "host matches '[.](dk|se|no)$'"), T);
	assert_int_equal(eval3(f, NULL, "host matches 'EXAMPLE'"), F);   /* case matters */
	assert_int_equal(eval3(f, NULL, "host matches '^[a-z]+[.]example[.][a-z]{2,3}$'"), T);
	assert_int_equal(eval3(f, NULL, "i matches '5'"), U);              /* not a string */
	/* The pattern may come from a fact; a bad one is unknown, not an error. */
	assert_int_equal(eval3(f, NULL, "host matches pat"), T);
	assert_int_equal(eval3(f, NULL, "host matches badpat"), U);
	assert_int_equal(eval3(f, NULL, "host matches backref"), U);
	assert_int_equal(eval3(f, NULL, "host matches i"), U);
}

/* ---- all(), any(), count() and their evidence ---- */

static const char *recordings =
	"{\"artifacts.recordings\": ["
	"{\"path\": \"home/u1/Documents/Zoom/a.mp4\", \"age_days\": 10, \"converted\": true},"
	"{\"path\": \"home/u1/Documents/Zoom/b.mp4\", \"age_days\": 400, \"converted\": false},"
	"{\"path\": \"home/u1/Documents/Zoom/c.mp4\", \"age_days\": 90, \"converted\": true}"
	"], \"none\": [], \"notlist\": 3, \"age_days\": 0, \"recording.retention_days\": 100}";

struct run {
	struct facts f;
	json_t *params;
	struct vc_expr_env env;
	enum vc_tri result;
};

static void run_start(struct run *r, const char *facts, const char *params, const char *text)
{
	struct vc_expr *e;

	memset(r, 0, sizeof(*r));
	r->f.map = load(facts);
	r->f.line = 3;
	r->params = params ? load(params) : NULL;
	r->env.lookup = lookup;
	r->env.ctx = &r->f;
	r->env.params = r->params;
	e = parse_ok(text);
	r->result = vc_expr_eval(e, &r->env);
	vc_expr_free(e);
}

static void run_end(struct run *r)
{
	vc_expr_env_clear(&r->env);
	assert_null(r->env.ev);
	assert_int_equal(r->env.nev, 0);
	json_decref(r->f.map);
	json_decref(r->params);
}

static size_t count_offending(const struct vc_expr_env *env)
{
	size_t i, n = 0;

	for (i = 0; i < env->nev; i++)
		n += env->ev[i].offending != 0;
	return n;
}

static const struct vc_expr_evidence *find_ev(const struct vc_expr_env *env, const char *fact,
					      int offending)
{
	size_t i;

	for (i = 0; i < env->nev; i++)
		if (strcmp(env->ev[i].fact, fact) == 0 && env->ev[i].offending == offending)
			return &env->ev[i];
	return NULL;
}

static void test_all_offending(void **state)
{
	const struct vc_expr_evidence *x;
	struct run r;

	(void)state;
	run_start(&r, recordings, "{\"max_days\": 30}",
		  "all(artifacts.recordings, age_days <= params.max_days)");
	assert_int_equal(r.result, F);
	/* The list itself, plus the two recordings older than 30 days. */
	assert_int_equal(r.env.nev, 3);
	assert_int_equal(count_offending(&r.env), 2);
	x = find_ev(&r.env, "artifacts.recordings", 0);
	assert_non_null(x);
	assert_string_equal(x->source, "scan:recordings");
	assert_int_equal(x->line, 3);
	assert_int_equal(json_array_size(x->value), 3);
	x = &r.env.ev[1];
	assert_int_equal(x->offending, 1);
	assert_string_equal(x->fact, "artifacts.recordings");
	assert_string_equal(x->source, "home/u1/Documents/Zoom/b.mp4");
	assert_int_equal(json_integer_value(json_object_get(x->value, "age_days")), 400);
	x = &r.env.ev[2];
	assert_int_equal(x->offending, 1);
	assert_string_equal(x->source, "home/u1/Documents/Zoom/c.mp4");
	run_end(&r);

	/* With a limit everything meets: true, and nothing is offending. */
	run_start(&r, recordings, "{\"max_days\": 500}",
		  "all(artifacts.recordings, age_days <= params.max_days)");
	assert_int_equal(r.result, T);
	assert_int_equal(count_offending(&r.env), 0);
	run_end(&r);
}

static void test_any_offending(void **state)
{
	const struct vc_expr_evidence *x;
	struct run r;

	(void)state;
	run_start(&r, recordings, NULL, "any(artifacts.recordings, converted == false)");
	assert_int_equal(r.result, T);
	assert_int_equal(count_offending(&r.env), 1);
	x = find_ev(&r.env, "artifacts.recordings", 1);
	assert_non_null(x);
	assert_string_equal(x->source, "home/u1/Documents/Zoom/b.mp4");
	assert_true(json_is_false(json_object_get(x->value, "converted")));
	run_end(&r);

	run_start(&r, recordings, NULL, "not any(artifacts.recordings, age_days > 1000)");
	assert_int_equal(r.result, T);
	assert_int_equal(count_offending(&r.env), 0);
	run_end(&r);

	/* An element without a path points at the list's source. */
	run_start(&r, "{\"l\": [{\"x\": 1}, {\"x\": 2}]}", NULL, "any(l, x == 2)");
	assert_int_equal(r.result, T);
	x = find_ev(&r.env, "l", 1);
	assert_non_null(x);
	assert_string_equal(x->source, "home/u1/.zoomus/zoomus.conf");
	assert_int_equal(x->line, 3);
	run_end(&r);
}

static void test_quantifier_semantics(void **state)
{
	const char *f = recordings;

	(void)state;
	assert_int_equal(eval3(f, NULL, "all(none, age_days > 1)"), T);
	assert_int_equal(eval3(f, NULL, "any(none, age_days > 1)"), F);
	assert_int_equal(eval3(f, NULL, "all(missing, age_days > 1)"), U);
	assert_int_equal(eval3(f, NULL, "any(notlist, age_days > 1)"), U);
	assert_int_equal(eval3(f, NULL, "count(artifacts.recordings) == 3"), T);
	assert_int_equal(eval3(f, NULL, "count(none) == 0"), T);
	assert_int_equal(eval3(f, NULL, "count(notlist) == 1"), U);
	assert_int_equal(eval3(f, NULL, "count(artifacts.recordings) > count(none)"), T);
	/* Element fields win over facts of the same name (fact age_days is 0). */
	assert_int_equal(eval3(f, NULL, "all(artifacts.recordings, age_days > 5)"), T);
	/* Names not in the element fall back to facts. */
	assert_int_equal(eval3(f, NULL,
			       "all(artifacts.recordings, age_days <= recording.retention_days)"),
			 F);
	assert_int_equal(eval3(f, NULL,
			       "any(artifacts.recordings, age_days > recording.retention_days)"),
			 T);
	/* A field missing from some element: unknown unless another element decides. */
	{
		const char *g = "{\"l\": [{\"a\": 1}, {\"b\": 1}]}";

		assert_int_equal(eval3(g, NULL, "all(l, a == 1)"), U);
		assert_int_equal(eval3(g, NULL, "any(l, a == 1)"), T);
		assert_int_equal(eval3(g, NULL, "any(l, a == 2)"), U);
		assert_int_equal(eval3(g, NULL, "all(l, a == 2)"), F);
		assert_int_equal(eval3(g, NULL, "all(l, exists(a) or exists(b))"), T);
	}
	/* Nested: the inner list is a field of the outer element. */
	{
		const char *g = "{\"meetings\": [{\"p\": [{\"ext\": false}]},"
				" {\"p\": [{\"ext\": false}, {\"ext\": true}]}]}";

		assert_int_equal(eval3(g, NULL, "any(meetings, any(p, ext))"), T);
		assert_int_equal(eval3(g, NULL, "all(meetings, all(p, not ext))"), F);
		assert_int_equal(eval3(g, NULL, "all(meetings, count(p) >= 1)"), T);
	}
}

static void test_evidence(void **state)
{
	const struct vc_expr_evidence *x;
	struct run r;

	(void)state;
	run_start(&r, "{\"recording.local.path.cloud_sync\": \"onedrive\", \"a\": 1}", NULL,
		  "recording.local.path.cloud_sync == 'none' or "
		  "recording.local.path.cloud_sync == 'off' or missing == 1");
	assert_int_equal(r.result, U);
	/* Each fact once; absent ones and unread ones are not evidence. */
	assert_int_equal(r.env.nev, 1);
	x = &r.env.ev[0];
	assert_string_equal(x->fact, "recording.local.path.cloud_sync");
	assert_string_equal(json_string_value(x->value), "onedrive");
	assert_string_equal(x->source, "home/u1/.zoomus/zoomus.conf");
	assert_int_equal(x->line, 3);
	assert_int_equal(x->offending, 0);
	assert_int_equal(r.env.ev_truncated, 0);
	run_end(&r);

	/* Params are not facts: not recorded. */
	run_start(&r, "{\"a\": 1}", "{\"x\": 1}", "a == params.x");
	assert_int_equal(r.result, T);
	assert_int_equal(r.env.nev, 1);
	assert_string_equal(r.env.ev[0].fact, "a");
	run_end(&r);

	/* The evidence is a copy: it survives the facts. */
	{
		struct facts f = { load("{\"v\": [\"eu\"]}"), 1, 0 };
		struct vc_expr_env env = { lookup, &f, NULL, NULL, 0, 0, 0, 0 };
		struct vc_expr *e = parse_ok("v contains 'eu'");

		assert_int_equal(vc_expr_eval(e, &env), T);
		json_decref(f.map);
		assert_int_equal(env.nev, 1);
		assert_string_equal(json_string_value(json_array_get(env.ev[0].value, 0)), "eu");
		/* Evidence accumulates across evaluations until cleared. */
		f.map = load("{\"v\": [\"us\"], \"w\": true}");
		vc_expr_free(e);
		e = parse_ok("w");
		assert_int_equal(vc_expr_eval(e, &env), T);
		assert_int_equal(env.nev, 2);
		vc_expr_env_clear(&env);
		assert_int_equal(env.nev, 0);
		vc_expr_env_clear(&env);   /* twice is fine */
		vc_expr_env_clear(NULL);
		vc_expr_free(e);
		vc_expr_free(NULL);
		json_decref(f.map);
	}
}

static void test_evidence_cap(void **state)
{
	json_t *facts = json_object(), *list = json_array();
	struct run r;
	char *text, path[64];
	int i;

	(void)state;
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "rec/%03d.mp4", i);
		json_array_append_new(list, json_pack("{s:s, s:i}", "path", path, "age_days", 999));
	}
	json_object_set_new(facts, "artifacts.recordings", list);
	text = json_dumps(facts, 0);
	run_start(&r, text, NULL, "all(artifacts.recordings, age_days < 30)");
	/* All 300 are evaluated (the result is right), evidence stops at the cap, flagged. */
	assert_int_equal(r.result, F);
	assert_int_equal(r.env.nev, VC_EXPR_MAX_EVIDENCE);
	assert_int_equal(count_offending(&r.env), VC_EXPR_MAX_EVIDENCE - 1);
	assert_int_equal(r.env.ev_truncated, 1);
	assert_string_equal(r.env.ev[1].source, "rec/000.mp4");
	run_end(&r);
	assert_int_equal(r.env.ev_truncated, 0);
	free(text);
	json_decref(facts);
}

/* Nested all() over a 100-element list: 100^5 steps would hang; the budget stops it. */
static void test_budget(void **state)
{
	json_t *facts = json_object(), *list = json_array();
	struct run r;
	char *text;
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		json_array_append_new(list, json_pack("{s:i}", "x", i));
	json_object_set_new(facts, "l", list);
	text = json_dumps(facts, 0);
	run_start(&r, text, NULL, "all(l, all(l, all(l, all(l, all(l, x >= 0)))))");
	assert_int_equal(r.result, U);
	assert_int_equal(r.env.over_budget, 1);
	run_end(&r);
	/* A small one is fine and true. */
	run_start(&r, text, NULL, "all(l, all(l, x >= 0))");
	assert_int_equal(r.result, T);
	assert_int_equal(r.env.over_budget, 0);
	run_end(&r);
	free(text);
	/* Work on big values counts too: 10^4 searches through a 4 MB string. */
	{
		size_t n = (size_t)4 << 20;
		char *big = malloc(n + 1);

		assert_non_null(big);
		memset(big, 'a', n);
		big[n] = 0;
		json_object_set_new(facts, "big", json_string(big));
		free(big);
	}
	text = json_dumps(facts, 0);
	run_start(&r, text, NULL, "all(l, all(l, big contains 'zz'))");
	assert_int_equal(r.result, U);
	assert_int_equal(r.env.over_budget, 1);
	run_end(&r);
	run_start(&r, text, NULL, "big contains 'zz'");
	assert_int_equal(r.result, F);
	assert_int_equal(r.env.over_budget, 0);
	run_end(&r);
	free(text);
	json_decref(facts);
}

/* ---- parse errors ---- */

static void test_parse_errors(void **state)
{
	(void)state;
	assert_parse_error("recording.local.allowed ==",
			   "col 27: expected a value, found end of expression");
	assert_parse_error("a === b", "col 5: '=' is not an operator, use '=='");
	assert_parse_error("a = b", "col 3: '=' is not an operator, use '=='");
	assert_parse_error("x == 'abc", "col 6: unterminated string");
	assert_parse_error("x == \"abc\\\"", "col 6: unterminated string");
	assert_parse_error("", "col 1: empty expression");
	assert_parse_error("   ", "col 4: empty expression");
	assert_parse_error("a b", "col 3: unexpected 'b' after the expression "
			   "(missing 'and' or 'or'?)");
	assert_parse_error("a AND b", "col 3: unexpected 'AND' after the expression "
			   "(missing 'and' or 'or'?)");
	assert_parse_error("(a", "col 3: expected ')' to close the '(' at col 1, "
			   "found end of expression");
	assert_parse_error("a)", "col 2: unmatched ')'");
	assert_parse_error("a == 1 == 2", "col 8: comparisons cannot be chained, "
			   "use parentheses and 'and'");
	assert_parse_error("exists a", "col 8: expected '(' after 'exists', found 'a'");
	assert_parse_error("exists(1)", "col 8: expected a fact name, found '1'");
	assert_parse_error("count(a", "col 8: expected ')', found end of expression");
	assert_parse_error("all(x y)", "col 7: expected ',' and a condition, found 'y'");
	assert_parse_error("all(x, )", "col 8: expected a value, found ')'");
	assert_parse_error("x in [1, 2", "col 11: expected ',' or ']', found end of expression");
	assert_parse_error("x in []", "col 7: expected a string, number, true or false, "
			   "found ']'");
	assert_parse_error("x in [a]", "col 7: expected a string, number, true or false, "
			   "found 'a'");
	assert_parse_error("x in 'abc'", "col 3: 'in' needs a list on the right, "
			   "e.g. x in ['a', 'b']");
	assert_parse_error("a.b. == 1", "col 5: expected a name part after '.'");
	assert_parse_error("a..b", "col 3: expected a name part after '.'");
	assert_parse_error("x > 1.5", "col 5: malformed number (only whole numbers are allowed)");
	assert_parse_error("x > 99999999999999999999", "col 5: number out of range");
	assert_parse_error("x == 'a\\nb'", "col 8: unknown escape: backslash before 'n' in "
			   "string (only \\' \\\" and \\\\ are allowed)");
	assert_parse_error("a && b", "col 3: unexpected character '&', use 'and'");
	assert_parse_error("a || b", "col 3: unexpected character '|', use 'or'");
	assert_parse_error("!a", "col 1: '!' is not an operator, use '!=' or 'not'");
	assert_parse_error("a \x01", "col 3: unexpected character byte 0x01");
	assert_parse_error("a == $x", "col 6: unexpected character '$'");
	assert_parse_error("x < 'a'", "col 3: '<' compares numbers only");
	assert_parse_error("true >= x", "col 6: '>=' compares numbers only");
	assert_parse_error("x matches 1", "col 3: 'matches' needs a regular expression "
			   "string on the right");
	assert_parse_error("params", "col 1: 'params' needs a parameter name, "
			   "e.g. params.max_days");
	assert_parse_error("not", "col 4: expected a value, found end of expression");
	assert_parse_error("a and", "col 6: expected a value, found end of expression");
	assert_parse_error("or a", "col 1: expected a value, found 'or'");
	assert_parse_error("count == 1", "col 7: expected '(' after 'count', found '=='");
	/* Columns count characters, not bytes. */
	assert_parse_error("x == 'æøå' y", "col 12: unexpected 'y' after the expression "
			   "(missing 'and' or 'or'?)");
	assert_parse_error(NULL, "col 1: no expression");
	assert_int_equal(vc_expr_parse(NULL, "a"), VC_ERROR);
}

static void test_bad_regex(void **state)
{
	(void)state;
	assert_parse_error("x matches '(ab'", "col 11: invalid regular expression: "
			   "unmatched ( or \\(");
	assert_parse_error("a and x matches 'a{2,1}'", "col 17: invalid regular expression: "
			   "invalid content of \\{\\}");
	assert_parse_error("x matches '(a)\\\\1'", "col 11: back-references are not supported "
			   "in regular expressions");
	assert_parse_error("x matches '((a{100}){100}){100}'",
			   "col 11: regular expression too large after expanding {m,n}");
	/* glibc copies the operand of '+' and needs seconds for stacked operators */
	assert_parse_error("x matches '((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+'",
			   "col 11: regular expression repeats + or {m,n} nested more than 4 deep");
	assert_parse_error("x matches '(((((aa+)+)+)+){700}'",
			   "col 11: regular expression too large after expanding {m,n}");
	assert_parse_error("x matches '((aaaaaaaaaa){600})+'",
			   "col 11: regular expression too large after expanding +");
	assert_parse_error("x matches '((()+)+)+'",
			   "col 11: regular expression repeats an optional part too often");
	assert_parse_error("x matches '(a?|b){300}'",
			   "col 11: regular expression repeats an optional part too often");
	assert_parse_error("x matches 'x^f**+l'",
			   "col 11: a repetition operator after another one is not supported");
	assert_parse_error("x matches 'a+?'",
			   "col 11: a repetition operator after another one is not supported");
	vc_expr_free(parse_ok("x matches '^(ab+)+c?(d*){2}$'"));
	assert_parse_error("x matches '[0-9]\\.'", "col 17: unknown escape: backslash before "
			   "'.' in string (only \\' \\\" and \\\\ are allowed)");
	/* Bounds that are not nested stay allowed; brackets hide their specials. */
	vc_expr_free(parse_ok("x matches '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"));
	vc_expr_free(parse_ok("x matches '(a{100}){100}'"));
	vc_expr_free(parse_ok("x matches '[({\\\\1]{3}'"));
	vc_expr_free(parse_ok("x matches '[[:digit:]]+'"));
}

/* ---- limits ---- */

static char *repeat(const char *head, int n, const char *mid, const char *tail, int m)
{
	size_t len = strlen(head) * (size_t)n + strlen(mid) + strlen(tail) * (size_t)m + 1;
	char *s = malloc(len);
	int i;

	assert_non_null(s);
	s[0] = 0;
	for (i = 0; i < n; i++)
		strncat(s, head, len - strlen(s) - 1);
	strncat(s, mid, len - strlen(s) - 1);
	for (i = 0; i < m; i++)
		strncat(s, tail, len - strlen(s) - 1);
	return s;
}

static void test_depth(void **state)
{
	struct vc_expr *e;
	char *s;

	(void)state;
	/* 64 levels: fine, and evaluates. */
	s = repeat("(", VC_EXPR_MAX_DEPTH, "t", ")", VC_EXPR_MAX_DEPTH);
	e = parse_ok(s);
	{
		struct facts f = { load("{\"t\": true}"), 1, 0 };
		struct vc_expr_env env = { lookup, &f, NULL, NULL, 0, 0, 0, 0 };

		assert_int_equal(vc_expr_eval(e, &env), T);
		vc_expr_env_clear(&env);
		json_decref(f.map);
	}
	vc_expr_free(e);
	free(s);
	/* 65 levels: a clean error at the 65th '('. */
	s = repeat("(", VC_EXPR_MAX_DEPTH + 1, "t", ")", VC_EXPR_MAX_DEPTH + 1);
	assert_parse_error(s, "col 65: expression nested too deeply (limit 64 levels)");
	free(s);
	/* A hostile 100-deep "((((...", never closed. */
	s = repeat("(", 100, "", "", 0);
	assert_parse_error(s, "col 65: expression nested too deeply (limit 64 levels)");
	free(s);
	/* Deep "not" chains and all()/any() nesting count too. */
	s = repeat("not ", 100, "a", "", 0);
	assert_parse_error(s, "col 257: expression nested too deeply (limit 64 levels)");
	free(s);
	s = repeat("all(l, ", 70, "a", ")", 70);
	assert_parse_error(s, "col 449: expression nested too deeply (limit 64 levels)");
	free(s);
	s = repeat("not ", VC_EXPR_MAX_DEPTH, "a", "", 0);
	vc_expr_free(parse_ok(s));
	free(s);
	/* Long flat chains are not nesting: 600 terms are fine. */
	s = repeat("a or ", 600, "a", "", 0);
	e = parse_ok(s);
	assert_int_equal(vc_expr_eval(e, NULL), U);
	vc_expr_free(e);
	free(s);
}

static void test_length(void **state)
{
	char *s = malloc(VC_EXPR_MAX_TEXT + 2);
	struct vc_expr *e;

	(void)state;
	assert_non_null(s);
	/* x == 'aaa...a' of exactly 4096 bytes parses. */
	memset(s, 'a', VC_EXPR_MAX_TEXT + 1);
	memcpy(s, "x == '", 6);
	s[VC_EXPR_MAX_TEXT - 1] = '\'';
	s[VC_EXPR_MAX_TEXT] = 0;
	e = parse_ok(s);
	vc_expr_free(e);
	/* One byte more is rejected. */
	s[VC_EXPR_MAX_TEXT - 1] = 'a';
	s[VC_EXPR_MAX_TEXT] = '\'';
	s[VC_EXPR_MAX_TEXT + 1] = 0;
	assert_parse_error(s, "col 4097: expression longer than 4096 bytes");
	free(s);
}

/* ---- names ---- */

static void collect(const char *name, void *ctx)
{
	json_array_append_new(ctx, json_string(name));
}

static void test_foreach_name(void **state)
{
	struct vc_expr *e = parse_ok(
		"a and b.c == 1 or a != 2 and params.x > 1 and "
		"all(l, f == 1 and g and count(inner) > 0) and exists(e) and count(c2) > 0 "
		"and any(l, h) and recording.local.path.cloud_sync in ['none'] and b.c");
	json_t *got = json_array(), *want = load(
		"[\"a\", \"b.c\", \"l\", \"e\", \"c2\", \"recording.local.path.cloud_sync\"]");

	(void)state;
	vc_expr_foreach_name(e, collect, got);
	if (!json_equal(got, want)) {
		char *s = json_dumps(got, 0);

		fail_msg("names: %s", s);
	}
	vc_expr_foreach_name(NULL, collect, got);
	vc_expr_foreach_name(e, NULL, NULL);
	assert_int_equal(json_array_size(got), 6);
	json_decref(got);
	json_decref(want);
	vc_expr_free(e);
}

/* ---- hostile input: random expressions and token soup ---- */

static unsigned int rnd(unsigned int *seed, unsigned int n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % n;
}

static void put(char *buf, size_t cap, const char *s)
{
	strncat(buf, s, cap - strlen(buf) - 1);
}

#define PICK(seed, arr) (arr)[rnd((seed), sizeof(arr) / sizeof((arr)[0]))]

static void gen_expr(char *buf, size_t cap, unsigned int *seed, int depth);

static void gen_operand(char *buf, size_t cap, unsigned int *seed, int depth)
{
	static const char *const atoms[] = {
		"a", "b.c", "l", "s", "params.max_days", "'s'", "\"x\"", "1", "-2", "30",
		"true", "false", "count(l)", "count(s)", "['s', 1]", "[true]", "missing",
		"age_days", "path",
	};

	if (depth < 4 && rnd(seed, 5) == 0) {
		put(buf, cap, "(");
		gen_expr(buf, cap, seed, depth + 1);
		put(buf, cap, ")");
		return;
	}
	put(buf, cap, PICK(seed, atoms));
}

static void gen_expr(char *buf, size_t cap, unsigned int *seed, int depth)
{
	static const char *const ops[] = {
		" == ", " != ", " < ", " <= ", " > ", " >= ", " in ", " contains ",
		" matches ",
	};
	static const char *const lists[] = { "l", "s", "missing", "a" };
	unsigned int k = depth >= 4 ? 3 + rnd(seed, 2) : rnd(seed, 8);

	switch (k) {
	case 0:
	case 1:
		gen_expr(buf, cap, seed, depth + 1);
		put(buf, cap, k ? " and " : " or ");
		gen_expr(buf, cap, seed, depth + 1);
		break;
	case 2:
		put(buf, cap, "not ");
		gen_expr(buf, cap, seed, depth + 1);
		break;
	case 3:
		gen_operand(buf, cap, seed, depth);
		put(buf, cap, PICK(seed, ops));
		if (rnd(seed, 3) == 0)
			put(buf, cap, rnd(seed, 2) ? "'^s|[0-9]{2}'" : "'(a'");
		else
			gen_operand(buf, cap, seed, depth);
		break;
	case 4:
		put(buf, cap, rnd(seed, 2) ? "exists(" : "count(");
		put(buf, cap, PICK(seed, lists));
		put(buf, cap, ")");
		break;
	case 5:
	case 6:
		put(buf, cap, k == 5 ? "all(" : "any(");
		put(buf, cap, PICK(seed, lists));
		put(buf, cap, ", ");
		gen_expr(buf, cap, seed, depth + 1);
		put(buf, cap, ")");
		break;
	default:
		gen_operand(buf, cap, seed, depth);
		break;
	}
}

/* Parse, and when that works: evaluate, render, re-parse, compare. */
static int soup_one(const char *text, struct facts *f, const json_t *params)
{
	struct vc_expr_env env = { lookup, f, params, NULL, 0, 0, 0, 0 };
	struct vc_expr *e = NULL, *again = NULL;
	char *s, *s2;
	enum vc_tri t;
	int rc = vc_expr_parse(&e, text);

	if (rc != 0) {
		assert_int_equal(rc, VC_EPARSE);
		assert_null(e);
		assert_memory_equal(vc_error_last(), "col ", 4);
		return 0;
	}
	t = vc_expr_eval(e, &env);
	assert_true(t == T || t == F || t == U);
	assert_true(env.nev <= VC_EXPR_MAX_EVIDENCE);
	s = vc_expr_to_string(e);
	assert_non_null(s);
	if (vc_expr_parse(&again, s) != 0)
		fail_msg("rendering of \"%s\" does not parse: \"%s\": %s", text, s, vc_error_last());
	s2 = vc_expr_to_string(again);
	assert_string_equal(s, s2);
	assert_int_equal(vc_expr_eval(again, &env), t);
	free(s);
	free(s2);
	vc_expr_free(again);
	vc_expr_free(e);
	vc_expr_env_clear(&env);
	return 1;
}

static void test_random_expressions(void **state)
{
	static const char *const toks[] = {
		"a", "b.c", "l", "params.max_days", "'s'", "\"q\"", "1", "-2", "true", "false",
		"and", "or", "not", "in", "contains", "matches", "==", "!=", "<", "<=", ">",
		">=", "(", ")", "[", "]", ",", "exists(", "all(", "any(", "count(", "'^a'",
		"'('", "=", "'", "\\", ".", "x.", "\xc3\xa6", "\x01",
	};
	const char *facts = "{\"a\": true, \"b.c\": 3, \"s\": \"sx\", \"age_days\": 3,"
			    " \"l\": [{\"a\": false, \"path\": \"p/1\"}, {\"b.c\": 1, \"s\": \"s\"},"
			    " 4, {\"a\": true, \"age_days\": 40}]}";
	struct facts f = { load(facts), 1, 0 };
	json_t *params = load("{\"max_days\": 30}");
	unsigned int seed = 12345;
	char text[1024];
	int i, j, parsed = 0, mutated = 0;

	(void)state;
	/* Grammar-shaped expressions, some with one byte broken. */
	for (i = 0; i < 20000; i++) {
		text[0] = 0;
		gen_expr(text, sizeof(text), &seed, 0);
		if (rnd(&seed, 4) == 0) {
			size_t at = rnd(&seed, (unsigned int)strlen(text));

			text[at] = "()[]'\",.=<! "[rnd(&seed, 12)];
			mutated++;
		}
		parsed += soup_one(text, &f, params);
	}
	assert_true(parsed > 10000);
	/* Token soup: mostly errors, none of them a crash. */
	for (i = 0; i < 20000; i++) {
		int n = 1 + (int)rnd(&seed, 14);

		text[0] = 0;
		for (j = 0; j < n; j++) {
			put(text, sizeof(text), PICK(&seed, toks));
			put(text, sizeof(text), " ");
		}
		parsed += soup_one(text, &f, params);
	}
	assert_true(mutated > 0);
	json_decref(f.map);
	json_decref(params);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_equality),
		cmocka_unit_test(test_ordering),
		cmocka_unit_test(test_kleene),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_exists),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_in),
		cmocka_unit_test(test_contains),
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_all_offending),
		cmocka_unit_test(test_any_offending),
		cmocka_unit_test(test_quantifier_semantics),
		cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_evidence_cap),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_bad_regex),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_foreach_name),
		cmocka_unit_test(test_random_expressions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
