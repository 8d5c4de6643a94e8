/* Java .properties (parsers/properties.c): parse, resolve ${...}, merge. */
#include "fuzz_util.h"
#include "parsers/properties.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL, *lines = NULL, *base, *blines;
	const char *key;
	json_t *v;
	size_t n = 0;
	int line;

	vc_properties_parse(&doc, &lines, (const char *)data, size, &line);
	if (!doc)
		return 0;
	json_object_foreach(doc, key, v) {
		char *out = NULL;

		if (n++ >= 64)
			break;
		vc_properties_resolve(&out, doc, json_string_value(v));
		free(out);
	}
	base = json_pack("{s:s,s:s}", "bigbluebutton.web.serverURL", "https://x",
			 "securitySalt", "s");
	blines = json_pack("{s:i,s:i}", "bigbluebutton.web.serverURL", 1, "securitySalt", 2);
	vc_properties_merge(base, blines, doc, lines);
	json_decref(base);
	json_decref(blines);
	json_decref(doc);
	json_decref(lines);
	return 0;
}
