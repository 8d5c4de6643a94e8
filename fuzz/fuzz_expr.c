/*
 * The rule expression language (engine/expr.c): parse, evaluate against a
 * small set of facts, and check that the printed form parses back to the
 * same tree (expr.h promises it).
 */
#include "fuzz_util.h"
#include "engine/expr.h"

static json_t *facts, *params;

static const json_t *lookup(const char *name, void *ctx, const char **source, int *line)
{
	(void)ctx;
	if (source)
		*source = "fuzz";
	if (line)
		*line = 1;
	return json_object_get(facts, name);
}

static void names(const char *name, void *ctx)
{
	(void)name;
	++*(size_t *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_expr *e = NULL, *e2 = NULL;
	struct vc_expr_env env = { 0 };
	char *text, *s1 = NULL, *s2 = NULL;
	size_t n = 0;

	if (!facts) {
		facts = json_loads("{\"a\": 1, \"b\": \"x\", \"c\": true, \"d\": null, \"e\": 2.5,"
				   "\"recording.local.allowed\": true, \"l\": [{\"x\": 1, \"y\": \"a\"},"
				   " {\"x\": 2}, 3, \"s\"], \"s\": [\"a\", \"b\"],"
				   " \"o\": {\"x\": 1}}", 0, NULL);
		params = json_loads("{\"max_days\": 30, \"names\": [\"a\"]}", 0, NULL);
		if (!facts || !params)
			abort();
	}
	text = fz_cstr_cut(data, size);
	if (vc_expr_parse(&e, text) != 0)
		goto out;
	vc_expr_foreach_name(e, names, &n);
	env.lookup = lookup;
	env.params = params;
	vc_expr_eval(e, &env);
	vc_expr_env_clear(&env);
	vc_expr_eval(e, NULL);
	s1 = vc_expr_to_string(e);
	if (s1 && vc_expr_parse(&e2, s1) == 0) {
		s2 = vc_expr_to_string(e2);
		if (s2 && strcmp(s1, s2) != 0)
			abort();   /* the printed form reads back as another tree */
	}
out:
	vc_expr_free(e);
	vc_expr_free(e2);
	free(s1);
	free(s2);
	free(text);
	return 0;
}
