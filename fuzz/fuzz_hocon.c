/* HOCON (parsers/hocon.c): parse with substitutions, merge, look up. */
#include "fuzz_util.h"
#include "parsers/hocon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc, *lines, *inc, *unres, *base, *blines;
	const char *key;
	json_t *v;
	int l, c, b;

	if (vc_hocon_parse(&doc, &lines, &inc, &unres, &l, &c, (const char *)data, size) != 0)
		return 0;
	json_object_foreach(lines, key, v) {
		json_t *x = vc_hocon_get(doc, key);

		vc_hocon_bool(&b, x);
	}
	base = json_pack("{s:{s:b}}", "jicofo", "enabled", 1);
	blines = json_pack("{s:i,s:i}", "jicofo", 1, "jicofo.enabled", 1);
	vc_hocon_merge(base, blines, doc, lines);
	json_decref(base);
	json_decref(blines);
	json_decref(doc);
	json_decref(lines);
	json_decref(inc);
	json_decref(unres);
	return 0;
}
