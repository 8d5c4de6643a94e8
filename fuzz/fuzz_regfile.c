/* Windows .reg exports (parsers/regfile.c), UTF-16LE and REGEDIT4. */
#include "fuzz_util.h"
#include "parsers/regfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL, *lines = NULL;
	const char *key, *name;
	json_t *v, *w;
	size_t n = 0;
	int line;

	vc_reg_parse(&doc, &lines, (const char *)data, size, &line);
	json_object_foreach(doc, key, v) {
		if (n++ >= 64)
			break;
		if (!json_is_object(v)) {
			vc_reg_get(doc, key, NULL);
			continue;
		}
		json_object_foreach(v, name, w)
			vc_reg_get(doc, key, name);
	}
	vc_reg_get(doc, "HKLM\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings\\General", "EnableCloudRecording");
	json_decref(doc);
	json_decref(lines);
	return 0;
}
