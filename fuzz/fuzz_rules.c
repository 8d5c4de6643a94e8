/* Rule files (engine/rule.c): load and validate one rule, print it back. */
#include "fuzz_util.h"
#include "engine/rule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_rule r;
	struct vc_ruleset rs = { 0 };
	struct vc_diags d = { 0 };
	int bad;

	memset(&r, 0, sizeof(r));
	bad = vc_rule_load_file(&r, fz_file(data, size, "zoom/zoom-fuzz-rule.json"), &d);
	if (bad == 0) {
		char *w = vc_expr_to_string(r.when), *c = vc_expr_to_string(r.check);

		vc_text_get(&r.title, "da");
		free(w);
		free(c);
	}
	/* the ruleset owns and frees the rule either way */
	rs.v = malloc(sizeof(r));
	if (!rs.v)
		abort();
	rs.v[0] = r;
	rs.n = rs.cap = 1;
	vc_ruleset_free(&rs);
	vc_diags_free(&d);
	return 0;
}
