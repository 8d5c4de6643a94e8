/* YAML (parsers/yaml.c, libyaml): parse, merge as an override, look up. */
#include "fuzz_util.h"
#include "parsers/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc, *lines, *base, *blines;
	const char *key;
	json_t *v;
	int l, c;

	if (vc_yaml_parse(&doc, &lines, (const char *)data, size, &l, &c) != 0)
		return 0;
	json_object_foreach(lines, key, v)
		vc_yaml_get(doc, key);
	base = json_pack("{s:{s:{s:b}}}", "public", "app", "enableRecording", 1);
	blines = json_pack("{s:i,s:i,s:i}", "public", 1, "public.app", 2,
			   "public.app.enableRecording", 3);
	vc_yaml_merge(base, blines, doc, lines);
	json_decref(base);
	json_decref(blines);
	json_decref(doc);
	json_decref(lines);
	return 0;
}
