/* `vcaudit rules list|show|lint|test` and `vcaudit profiles list|show`. */
#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "../engine/eval.h"
#include "../engine/vocab.h"

static int load_rules(struct vc_ruleset *rs, const char *dir)
{
	struct vc_diags d = { 0 };
	int bad = vc_rules_load(rs, dir, &d);

	vc_print_diags(&d);
	vc_diags_free(&d);
	if (bad < 0) {
		fprintf(stderr, "vcaudit: %s\n", vc_error_last());
		vc_ruleset_free(rs);   /* rules read before the failure */
		return -1;
	}
	return bad;
}

static int rules_list(const char *dir)
{
	struct vc_ruleset rs = { 0 };
	size_t i;
	int bad = load_rules(&rs, dir);

	if (bad < 0)
		return VC_EXIT_ERROR;
	for (i = 0; i < rs.n; i++)
		printf("%-48s %-8s %-17s %s\n", rs.v[i].id, vc_severity_name(rs.v[i].severity),
		       rs.v[i].category, rs.v[i].title.en);
	vc_ruleset_free(&rs);
	return bad ? VC_EXIT_ERROR : VC_EXIT_OK;
}

static void print_strv(const char *label, char **v, size_t n)
{
	size_t i;

	printf("%-12s ", label);
	for (i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", v[i]);
	printf("\n");
}

/* `label` in 12 columns, then `v` as compact JSON. */
static void print_json(const char *label, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);

	printf("%-12s%s\n", label, s ? s : "");
	free(s);
}

static int rules_show(const char *dir, const char *id)
{
	struct vc_ruleset rs = { 0 };
	const struct vc_rule *r;
	char *params;

	if (load_rules(&rs, dir) < 0)
		return VC_EXIT_ERROR;
	r = vc_rules_find(&rs, id);
	if (!r) {
		fprintf(stderr, "vcaudit: no rule '%s' in %s\n", id, dir);
		vc_ruleset_free(&rs);
		return VC_EXIT_ERROR;
	}
	params = json_dumps(r->params, JSON_COMPACT | JSON_SORT_KEYS);
	printf("%-12s %s\n%-12s %s\n%-12s %s\n", "id", r->id, "file", r->path, "title", r->title.en);
	printf("%-12s %s\n", "titel (da)", r->title.da);
	printf("%-12s %s\n%-12s %s\n", "category", r->category, "severity",
	       vc_severity_name(r->severity));
	print_strv("gdpr", r->gdpr, r->ngdpr);
	print_strv("products", r->products, r->nproducts);
	printf("%-12s %s\n%-12s %s\n%-12s %s\n", "when", r->when_src ? r->when_src : "(always)",
	       "check", r->check_src, "params", params ? params : "{}");
	printf("\nrationale:\n  %s\n  (da) %s\n", r->rationale.en, r->rationale.da);
	printf("\nremediation:\n  %s\n  (da) %s\n", r->remediation.en, r->remediation.da);
	if (r->nreferences)
		print_strv("\nreferences", r->references, r->nreferences);
	free(params);
	vc_ruleset_free(&rs);
	return VC_EXIT_OK;
}

struct lint_ctx {
	const struct vc_rule *r;
	int bad;
};

static void lint_name(const char *name, void *vctx)
{
	struct lint_ctx *c = vctx;

	if (!vc_vocab_find(name, NULL)) {
		fprintf(stderr, "%s: unknown fact name '%s' (see auditor/engine/vocab.c)\n",
			c->r->path, name);
		c->bad++;
	}
}

static char *test_path(const struct vc_rule *r)
{
	size_t len = strlen(r->path);

	return vc_asprintf("%.*s.test.json", (int)(len - 5), r->path);
}

/*
 * Run a rule's test cases (<id>.test.json beside the rule):
 *   {"cases": [{"name", "expect": "pass|fail|manual|error|notapplicable",
 *               "product"?, "scope"?, "params"?, "collect_error"?,
 *               "facts": [{"key", "value", "product"?, "scope"?, "source"?, "line"?}]}]}
 * Returns the number of failing cases; counts pass/fail cases seen.
 */
static int run_tests(const struct vc_rule *r, int verbose, int *npass_cases, int *nfail_cases,
		     int *ncases)
{
	json_error_t jerr;
	char *path = test_path(r);
	json_t *root = path ? json_load_file(path, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	json_t *cases, *c;
	size_t i;
	int failed = 0;

	*npass_cases = *nfail_cases = *ncases = 0;
	if (!root) {
		fprintf(stderr, "%s:%d:%d: %s\n", path ? path : r->id, jerr.line, jerr.column,
			jerr.text);
		free(path);
		return 1;
	}
	cases = json_object_get(root, "cases");
	if (!json_is_array(cases)) {
		fprintf(stderr, "%s: expected {\"cases\": [...]}\n", path);
		failed++;
	}
	json_array_foreach(cases, i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *expect = json_string_value(json_object_get(c, "expect"));
		const char *product = json_string_value(json_object_get(c, "product"));
		const char *scope = json_string_value(json_object_get(c, "scope"));
		json_t *facts = json_object_get(c, "facts"), *fx, *params;
		struct vc_factset fs = { 0 };
		struct vc_finding f;
		size_t j;

		product = product ? product : r->products[0];
		scope = scope ? scope : "host";
		name = name ? name : "(unnamed)";
		(*ncases)++;
		if (!expect || !json_is_array(facts)) {
			fprintf(stderr, "%s: case %zu needs \"expect\" and \"facts\"\n", path, i + 1);
			failed++;
			continue;
		}
		*npass_cases += !strcmp(expect, "pass");
		*nfail_cases += !strcmp(expect, "fail");
		json_array_foreach(facts, j, fx) {
			const char *fp = json_string_value(json_object_get(fx, "product"));
			const char *fsc = json_string_value(json_object_get(fx, "scope"));
			struct vc_prov pv = { json_string_value(json_object_get(fx, "source")), NULL,
					      (int)json_integer_value(json_object_get(fx, "line")) };

			vc_fact_add(&fs, fp ? fp : product, fsc ? fsc : scope,
				    json_string_value(json_object_get(fx, "key")) ?
				    json_string_value(json_object_get(fx, "key")) : "",
				    json_incref(json_object_get(fx, "value")), &pv);
		}
		params = json_deep_copy(r->params);
		if (json_is_object(json_object_get(c, "params")))
			json_object_update_existing(params, json_object_get(c, "params"));
		if (vc_evaluate_unit(&f, r, params, &fs, product, scope,
				    json_is_true(json_object_get(c, "collect_error"))) < 0) {
			fprintf(stderr, "%s: case '%s': evaluation failed\n", path, name);
			failed++;
		} else if (strcmp(vc_status_name(f.status), expect)) {
			fprintf(stderr, "%s: case '%s': expected %s, got %s (%s)\n", path, name,
				expect, vc_status_name(f.status), f.message);
			failed++;
		} else if (verbose) {
			printf("  ok  %s: %s\n", r->id, name);
		}
		vc_finding_clear(&f);
		json_decref(params);
		vc_factset_free(&fs);
	}
	json_decref(root);
	free(path);
	return failed;
}

static int rules_lint(const char *dir)
{
	struct vc_ruleset rs = { 0 };
	regex_t art;
	size_t i, j;
	int bad = load_rules(&rs, dir);

	if (bad < 0)
		return VC_EXIT_ERROR;
	regcomp(&art, "^Art\\. [0-9]+(\\([0-9]+\\))?(\\([a-z]\\))?( [a-z].*)?$",
		REG_EXTENDED | REG_NOSUB);
	for (i = 0; i < rs.n; i++) {
		const struct vc_rule *r = &rs.v[i];
		struct lint_ctx lc = { r, 0 };
		int np, nf, nc;
		char *tp = test_path(r);
		struct stat st;

		for (j = 0; j < r->ngdpr; j++) {
			if (regexec(&art, r->gdpr[j], 0, NULL, 0)) {
				fprintf(stderr, "%s: gdpr reference '%s' is not of the form "
					"'Art. 32(1)(a)'\n", r->path, r->gdpr[j]);
				lc.bad++;
			}
		}
		if (r->when)
			vc_expr_foreach_name(r->when, lint_name, &lc);
		vc_expr_foreach_name(r->check, lint_name, &lc);
		if (!tp || stat(tp, &st) < 0) {
			fprintf(stderr, "%s: no test file %s (every rule needs a passing and a "
				"failing case)\n", r->path, tp ? tp : "");
			lc.bad++;
		} else if (run_tests(r, 0, &np, &nf, &nc) == 0 && (np == 0 || nf == 0)) {
			fprintf(stderr, "%s: needs at least one passing and one failing case\n", tp);
			lc.bad++;
		}
		free(tp);
		bad += lc.bad;
	}
	regfree(&art);
	printf("rules lint: %zu rules, %d problem%s\n", rs.n, bad, bad == 1 ? "" : "s");
	vc_ruleset_free(&rs);
	return bad ? VC_EXIT_ERROR : VC_EXIT_OK;
}

static int rules_test(const char *dir, int verbose)
{
	struct vc_ruleset rs = { 0 };
	size_t i;
	int bad = load_rules(&rs, dir), passed = 0, failed = 0;

	if (bad < 0)
		return VC_EXIT_ERROR;
	for (i = 0; i < rs.n; i++) {
		int np, nf, nc, f = run_tests(&rs.v[i], verbose, &np, &nf, &nc);

		failed += f;
		passed += nc - f > 0 ? nc - f : 0;
	}
	printf("rules test: %d passed, %d failed\n", passed, failed + bad);
	vc_ruleset_free(&rs);
	return failed || bad ? VC_EXIT_ERROR : VC_EXIT_OK;
}

int vc_cmd_rules(int argc, char **argv)
{
	char *dir = NULL;
	int rc, verbose = 0;
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub)
		goto usage;
	if (argc > 2 && !strcmp(argv[argc - 1], "-v")) {
		verbose = 1;
		argc--;
	}
	if (!strcmp(sub, "show")) {
		if (argc != 3)
			goto usage;
		dir = vc_data_dir("rules");
		rc = rules_show(dir, argv[2]);
	} else if (!strcmp(sub, "list") || !strcmp(sub, "lint") || !strcmp(sub, "test")) {
		if (argc > 3)
			goto usage;
		dir = argc == 3 ? vc_strdup(argv[2]) : vc_data_dir("rules");
		rc = !strcmp(sub, "list") ? rules_list(dir) :
		     !strcmp(sub, "lint") ? rules_lint(dir) : rules_test(dir, verbose);
	} else {
		goto usage;
	}
	free(dir);
	return rc;
usage:
	fprintf(stderr, "usage: vcaudit rules list [DIR] | show ID | lint [DIR] | test [DIR] [-v]\n");
	return VC_EXIT_USAGE;
}

int vc_cmd_profiles(int argc, char **argv)
{
	char *dir = vc_data_dir("profiles");
	struct vc_diags d = { 0 };
	struct vc_profile p;
	int rc = VC_EXIT_OK;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		DIR *dh = opendir(dir);
		struct dirent *de;

		if (!dh) {
			fprintf(stderr, "vcaudit: cannot open %s\n", dir);
			free(dir);
			return VC_EXIT_ERROR;
		}
		while ((de = readdir(dh))) {
			size_t len = strlen(de->d_name);
			char *name;

			if (len < 6 || strcmp(de->d_name + len - 5, ".json") || de->d_name[0] == '.')
				continue;
			name = vc_strndup(de->d_name, len - 5);
			if (name && vc_profile_load(&p, dir, name, &d) == 0) {
				printf("%-12s %s\n", p.id, p.title.en ? p.title.en : "");
				vc_profile_free(&p);
			} else {
				rc = VC_EXIT_ERROR;
			}
			free(name);
		}
		closedir(dh);
	} else if (argc == 3 && !strcmp(argv[1], "show")) {
		if (vc_profile_load(&p, dir, argv[2], &d) == 0) {
			printf("%-12s %s\n%-12s %s\n%-12s %s\n", "id", p.id, "file", p.path, "title",
			       p.title.en ? p.title.en : "");
			printf("%-12s %s\n", "titel (da)", p.title.da ? p.title.da : "");
			if (p.description.en)
				printf("\n%s\n", p.description.en);
			printf("\n");
			print_json("rules:", p.rules);
			print_json("categories:", p.categories);
			print_json("exclude:", p.exclude);
			print_json("params:", p.params);
			print_json("severity:", p.severity);
			vc_profile_free(&p);
		} else {
			rc = VC_EXIT_ERROR;
		}
	} else {
		fprintf(stderr, "usage: vcaudit profiles list | show NAME\n");
		rc = VC_EXIT_USAGE;
	}
	vc_print_diags(&d);
	vc_diags_free(&d);
	free(dir);
	return rc;
}
