/* Property lists, XML and binary (parsers/plist.c, libplist). */
#include "fuzz_util.h"
#include "parsers/plist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc, *lines;
	const char *key;
	json_t *v;
	int line, b;

	if (vc_plist_parse(&doc, &lines, (const char *)data, size) != 0) {
		vc_plist_problem(&line);
		return 0;
	}
	json_object_foreach(doc, key, v) {
		vc_plist_bool(&b, v);
		vc_json_get_ci(doc, key);
	}
	vc_json_get_ci(doc, "packagerecommend");
	json_decref(doc);
	json_decref(lines);
	return 0;
}
