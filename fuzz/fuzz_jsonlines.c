/*
 * JSON with positions (parsers/jsonlines.c): the line map every JSON
 * export is read with, and the PowerShell/Zoom-style strict parse.
 */
#include "fuzz_util.h"
#include "parsers/jsonlines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *lines = NULL, *doc = NULL;
	const char *key;
	json_t *v;
	int l, c;

	if (vc_json_lines(&lines, (const char *)data, size) == 0) {
		json_object_foreach(lines, key, v)
			vc_json_line(lines, key);
		vc_json_line(lines, "a.b.0");
	}
	vc_json_parse(&doc, (const char *)data, size, &l, &c);
	json_decref(lines);
	json_decref(doc);
	return 0;
}
