/* docker compose .env files (parsers/envfile.c). */
#include "fuzz_util.h"
#include "parsers/envfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL, *lines = NULL;
	int line;

	vc_envfile_parse(&doc, &lines, (const char *)data, size, &line);
	json_decref(doc);
	json_decref(lines);
	return 0;
}
