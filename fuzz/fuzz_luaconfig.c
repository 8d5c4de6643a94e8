/* Prosody *.cfg.lua (parsers/luaconfig.c, Lua 5.4), evaluated in-process. */
#include "fuzz_util.h"
#include "fuzz_skip.h"
#include "parsers/luaconfig.h"

/* Lua's pattern matcher runs in C, outside the instruction hook. */
static const char *const lua_words[] = { "find", "match", "gmatch", "gsub", "rep", "sort",
	"format", "concat", "pack", "unpack", NULL };
static const char *const lua_seqs[] = { NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL, *lines = NULL;

	vc_fuzz_sandbox_skip = fz_has_word((const char *)data, size, lua_words, lua_seqs, 1);
	vc_luaconfig_eval(&doc, &lines, (const char *)data, size);
	json_decref(doc);
	json_decref(lines);
	return 0;
}
