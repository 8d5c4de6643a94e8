/*
 * Jitsi config.js / interface_config.js (parsers/jsconfig.c, Duktape),
 * evaluated in-process (fuzz/sandbox_inproc.c). A NUL byte splits the
 * input into config.js and an appended custom-config.js.
 */
#include "fuzz_util.h"
#include "fuzz_skip.h"
#include "parsers/jsconfig.h"

static const char *const js_words[] = {
	"while", "for", "do", "function", "Function", "eval", "constructor", "class",
	"get", "set", "async", "await", "yield", "Proxy", "Reflect", "valueOf",
	"toString", "toJSON", "RegExp", "sort", "repeat", "padStart", "padEnd", "fill",
	"join", "Array", NULL
};
static const char *const js_seqs[] = { "=>", "\\u", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *texts[2];
	size_t lens[2], ntexts = 1;
	const uint8_t *nul = memchr(data, 0, size);
	const char *var = "config";
	json_t *doc = NULL, *lines = NULL;

	texts[0] = (const char *)data;
	lens[0] = size;
	if (nul) {
		lens[0] = (size_t)(nul - data);
		texts[1] = (const char *)nul + 1;
		lens[1] = size - lens[0] - 1;
		ntexts = 2;
	}
	if (memmem(data, size, "interfaceConfig", 15))
		var = "interfaceConfig";
	vc_fuzz_sandbox_skip = fz_has_word((const char *)data, size, js_words, js_seqs, 0);
	vc_jsconfig_eval(&doc, &lines, texts, lens, ntexts, var);
	json_decref(doc);
	json_decref(lines);
	return 0;
}
