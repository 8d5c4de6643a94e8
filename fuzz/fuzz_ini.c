/* INI (parsers/ini.c, inih): parse, look keys up, free. */
#include "fuzz_util.h"
#include "parsers/ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_ini ini;
	int line;
	size_t i;

	vc_ini_parse(&ini, (const char *)data, size, &line);
	for (i = 0; i < ini.n && i < 64; i++)
		vc_ini_get(&ini, i % 2 ? ini.v[i].section : NULL, ini.v[i].key);
	vc_ini_get(&ini, "General", "enable.auto.recording");
	vc_ini_free(&ini);
	return 0;
}
