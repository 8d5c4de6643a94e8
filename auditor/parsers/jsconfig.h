#ifndef VC_JSCONFIG_H
#define VC_JSCONFIG_H
/*
 * Jitsi Meet config.js / interface_config.js: evaluated by Duktape in a
 * sandboxed child process (parsers/sandbox.h), because the files are
 * JavaScript programs, not data (PRODUCTS.md §3.2).
 */
#include <stddef.h>
#include <jansson.h>

#define VC_JSCONFIG_MAX_BYTES ((size_t)4 * 1024 * 1024)  /* all texts together */
#define VC_JSCONFIG_MAX_TEXTS 16
#define VC_JSCONFIG_HEAP ((size_t)128 * 1024 * 1024)      /* Duktape heap cap */
#define VC_JSCONFIG_MAX_STRING ((size_t)1024 * 1024)      /* one string value */
#define VC_JSCONFIG_MAX_DEPTH 256    /* bracket nesting in the source, object depth in the result */
#define VC_JSCONFIG_MAX_KEYS 100000  /* key assignments seen in the source */

/*
 * Evaluate `ntexts` program texts in order in one fresh JavaScript heap
 * (docker-jitsi-meet: the generated config.js, then the appended
 * custom-config.js, so later assignments win) and return the global
 * variable `varname` ("config", or "interfaceConfig") as JSON.
 *
 * The heap has the standard built-ins only: no print/alert, no require or
 * module loader, no `Duktape` object, nothing that reads or writes outside
 * it. Stubs for browser globals the files touch: window = {}, document = {},
 * navigator = { userAgent: '' }, location = { hostname: '', ... }.
 * Evaluation runs under vc_sandbox_run() with its defaults (2 s wall clock)
 * and a VC_JSCONFIG_HEAP heap.
 *
 * *doc: the value as JSON.stringify gives it (functions and undefined
 * dropped, NaN -> null; strings repaired to valid UTF-8).
 * *lines (may be NULL): an object with one member per leaf of *doc: its
 * dotted path ("hosts.domain", "p2p.stunServers"; arrays and empty objects
 * are leaves) -> {"text": I, "line": N}: the text (0-based index) and
 * 1-based line of the LAST textual assignment of that key or of an
 * enclosing key: a `key:` inside the object literal given to `var NAME =`
 * or `NAME.a.b =`, or the statement `NAME.a.b = ...` / `NAME['a'].b = ...`.
 * When none is found: {"text": -1, "line": 0}. Leaves with a dotted path
 * longer than 1024 bytes get no member.
 * Both are new references owned by the caller; NULL on failure.
 *
 * Errors (vc_error_last(); never quoting the input):
 *   VC_EPARSE   "line N: syntax error (unterminated string)" (Duktape's
 *               compiler message, kept only when it quotes nothing),
 *               "line N: uncaught TypeError" (a runtime exception; its
 *               message is withheld), "'config' is not an object",
 *               "'config' cannot be converted to JSON";
 *               with several texts the message starts "text I, " (0-based);
 *   VC_ENOTFOUND "'config' is not defined";
 *   VC_ELIMIT   sandbox limits ("evaluation timed out after 2 s",
 *               "evaluation exceeded its memory limit"), the engine's own
 *               limits ("line N: evaluation hit the engine's callstack
 *               limit", deep recursion), input over
 *               VC_JSCONFIG_MAX_BYTES, more than VC_JSCONFIG_MAX_TEXTS
 *               texts, a string value over VC_JSCONFIG_MAX_STRING, nesting
 *               over VC_JSCONFIG_MAX_DEPTH, more than VC_JSCONFIG_MAX_KEYS
 *               key assignments;
 *   VC_ERROR    `varname` is not an identifier; the evaluation crashed.
 */
int vc_jsconfig_eval(json_t **doc, json_t **lines, const char *const *texts,
		     const size_t *lens, size_t ntexts, const char *varname);

#endif
