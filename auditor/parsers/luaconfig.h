#ifndef VC_LUACONFIG_H
#define VC_LUACONFIG_H
/*
 * Prosody configuration (prosody.cfg.lua, conf.d/NAME.cfg.lua): run by a
 * sandboxed Lua 5.4 state in a child process (parsers/sandbox.h), the way
 * Prosody's configmanager runs it, and returned as JSON (PRODUCTS.md §3.4).
 */
#include <stddef.h>
#include <jansson.h>

#define VC_LUACONFIG_MAX_BYTES ((size_t)4 * 1024 * 1024)   /* input */
#define VC_LUACONFIG_HEAP ((size_t)64 * 1024 * 1024)        /* Lua heap cap */
#define VC_LUACONFIG_MAX_INSTRUCTIONS 20000000L             /* VM instructions */
#define VC_LUACONFIG_MAX_DEPTH 32      /* nested tables in one value */
#define VC_LUACONFIG_MAX_NODES 200000  /* values in the whole result */

/*
 * Run the configuration `text` and return what it sets.
 *
 * The chunk (text only, never bytecode) runs with an environment of its
 * own: assignments to globals are recorded into the current section
 * instead of being stored; reading a global gives the value set in the
 * current section, else in the global section, else one of the safe
 * functions below. The Prosody directives:
 *   VirtualHost "name" (also Host, host): later assignments belong to it;
 *     VirtualHost "name" { k = v } sets options without switching;
 *   Component "name" "type" (also component): later assignments belong to
 *     the component, whose "type" is the module name; Component "name"
 *     alone is an external component; Component "name" "type" { k = v };
 *   Include "file" (also include, RunScript): recorded, never loaded;
 *   a name declared both as VirtualHost and as Component is an error (as in
 *   Prosody); ENV_* globals read as nil (the environment is not read).
 * Available: assert error ipairs next pairs select tonumber tostring type
 * rawequal rawlen, and the string (without dump), table, math and utf8
 * libraries. Nothing else: no io, os, package, require, load, loadstring,
 * dofile, loadfile, debug, collectgarbage, print, pcall, metatables,
 * coroutines. The instruction count is limited by a hook, the heap by
 * VC_LUACONFIG_HEAP, and time and memory by vc_sandbox_run() defaults.
 *
 * *doc: {"global": {...}, "virtualhosts": {"NAME": {...}},
 *        "components": {"NAME": {"type": "muc", ...}}, "includes": ["..."]}
 * (all four members always present). Values: booleans, integers, reals
 * (NaN and infinities as null), strings (invalid UTF-8 repaired), tables
 * with only a sequence 1..n (and empty tables) as arrays, other tables as
 * objects (number keys as strings, other non-string keys dropped);
 * functions and other types dropped. Object members are sorted by name.
 * *lines (may be NULL): the same shape with a line number for each value:
 * {"global": {"key": N}, "virtualhosts": {"NAME": {"": N, "key": N}},
 *  "components": {"NAME": {"": N, "type": N, "key": N}}, "includes": [N]},
 * where "" is the line of the VirtualHost/Component statement (the first
 * when repeated) and a key's line is that of its last assignment (the line
 * of `key =`, also when the value spans several lines).
 * Both are new references owned by the caller; NULL on failure.
 *
 * Errors (vc_error_last(); never quoting the input: Lua's own messages are
 * cut before names and excerpts, messages raised by the file are withheld):
 *   VC_EPARSE  "line N: syntax error: unexpected symbol",
 *              "line N: attempt to index a nil value",
 *              "line N: the configuration raised an error",
 *              "line N: VirtualHost needs a name", ...;
 *   VC_ELIMIT  "line N: evaluation exceeded 20000000 instructions",
 *              "evaluation exceeded its memory limit", "line N: evaluation
 *              exceeded the stack limit", sandbox timeouts (a library call
 *              stuck in pattern matching),
 *              input over VC_LUACONFIG_MAX_BYTES, a value nested deeper than
 *              VC_LUACONFIG_MAX_DEPTH (or a cycle), over
 *              VC_LUACONFIG_MAX_NODES values;
 *   VC_ERROR   the evaluation crashed.
 */
int vc_luaconfig_eval(json_t **doc, json_t **lines, const char *text, size_t len);

#endif
