#ifndef VC_HOCON_H
#define VC_HOCON_H
/*
 * HOCON (Lightbend config, https://github.com/lightbend/config/blob/main/HOCON.md)
 * for Jitsi's Jicofo, JVB and Jibri files and BigBlueButton's akka files,
 * parsed to Jansson with the line of every key.
 *
 * Supported:
 *   - a root object with or without braces; `key = value`, `key : value`,
 *     `key { ... }`; `+=` (as the spec's `key = ${?key} [value]`);
 *     `#` and `//` comments; commas or new lines between fields and array
 *     elements, one trailing comma.
 *   - path keys: `a.b.c = 1` is `a { b { c = 1 } }`; quoted parts keep
 *     their dots (`a."b.c"`); `a b c = 1` is the key "a b c".
 *   - quoted strings with JSON escapes, """triple-quoted""" strings (no
 *     escapes, may span lines), unquoted strings (ended by the spec's
 *     forbidden characters `$"{}[]:=,+#`^?!@*&\`, white space or `//`).
 *   - JSON numbers as written (leading zeros allowed): integers become
 *     integers (out of 64-bit range: reals), others reals. A number-like
 *     text that is not a JSON number (`127.0.0.1`, `.75`, `1.`) is a string.
 *   - true, false and null are the only keywords: `yes`, `on` ... are
 *     strings; vc_hocon_bool() applies the spec's boolean conversions.
 *   - value concatenation: simple values on one line form a string with
 *     the white space between them kept and numbers as written, so
 *     durations and sizes stay strings (`5 seconds`, `15ms`, `0 %`); arrays
 *     (and substitutions giving arrays) on one line are appended, objects
 *     merged. Mixing a string with an array or object is an error.
 *   - repeated keys: objects merge recursively, anything else replaces the
 *     earlier value (a non-object in between stops the merge).
 *   - substitutions `${path}` and `${?path}`, resolved against the document
 *     itself after parsing (never the process environment: the audited
 *     host's environment is not ours), with the spec's look-forward,
 *     self-reference (`a = ${a} [x]`, `a = ${?a}`: the earlier value) and
 *     memoisation rules. `${?x}` that resolves to nothing removes the field
 *     (an earlier value remains), is dropped from an array and is empty in
 *     a concatenation. A required `${x}` that resolves to nothing becomes
 *     the string "${x}" as written (dropped from an array or object
 *     concatenation) and is listed in *unresolved. A cycle (`a = ${b}`,
 *     `b = ${a}`; `a = { b = ${a} }`) is VC_EPARSE; through `${?x}` it
 *     counts as nothing.
 *   - include statements (`include "f"`, `include file("f")`, url(),
 *     classpath(), required(...)): the parser does no I/O; they are listed
 *     in *includes for the caller to load and merge with vc_hocon_merge().
 *
 * Refused (VC_EPARSE with the line): a root array, a `}` or `]` without
 * its opener, an unclosed `{`/`[`/string/substitution, a key without a
 * value, two commas in a row or a leading comma, a reserved character
 * (`` ` ^ ? ! @ * & \ `` and a lone `$` or `+`) outside quotes, `a..b` and
 * other empty path elements, substitutions in keys, control characters
 * and `\u0000` in quoted strings, a string concatenated with an array or
 * object, `+=` inside an array, `include` followed by anything but a
 * quoted name or the file()/url()/classpath()/required() forms.
 */
#include <stddef.h>
#include <jansson.h>

#define VC_HOCON_MAX_BYTES ((size_t)16 * 1024 * 1024)  /* input larger: VC_ELIMIT */
#define VC_HOCON_MAX_DEPTH 64          /* nested objects/arrays, the root object is 1 */
#define VC_HOCON_MAX_VALUES 100000     /* parsed values; also values after substitution */
#define VC_HOCON_MAX_STRING ((size_t)1024 * 1024)       /* one string or key, in bytes */
#define VC_HOCON_MAX_OUTPUT ((size_t)64 * 1024 * 1024)  /* strings of the resolved document */
#define VC_HOCON_MAX_RESOLVE 1024      /* nested look-ups while resolving substitutions */
#define VC_HOCON_MAX_WORK 10000000     /* steps while resolving substitutions */

/*
 * Parse `len` bytes of HOCON (need not be NUL-terminated; a leading UTF-8
 * BOM is skipped; invalid UTF-8 becomes U+FFFD; an empty file is {}).
 *
 * On success:
 *   - *doc is the resolved root object.
 *   - *lines (may be NULL) maps the path of every key reachable through
 *     objects (not inside arrays) to the 1-based line where its effective
 *     value was set: the line of the key of the last assignment that
 *     counts (for an object, the last one merged into it; its keys have
 *     their own lines). A key set from a substitution gets the line of
 *     that assignment; keys inside a substituted object keep the lines
 *     where they were written. Paths join keys with '.'; inside a key a '.'
 *     is written "\." and a '\' is written "\\" (so `"a.b".c` is "a\.b.c").
 *     vc_hocon_get() reads such paths.
 *   - *includes (may be NULL) is an array of
 *     {"name": "f", "kind": "file"|"url"|"classpath"|"heuristic",
 *      "required": bool, "line": N, "path": "a.b"}, in file order; "path"
 *     is the (escaped) key path of the object holding the statement, ""
 *     at the root, null inside an array. The spec merges an included file
 *     at the statement, so keys the including file sets after it win over
 *     the included ones, and substitutions see both files: merging the
 *     separately parsed file afterwards with vc_hocon_merge() matches this
 *     only for keys set before the statement.
 *   - *unresolved (may be NULL) is an array of {"path": "x.y", "line": N,
 *     "col": C}, one per required substitution that resolved to nothing
 *     (as written between "${" and "}"). Hidden substitutions (`a = ${x}`
 *     then `a = 1`) are never evaluated and never listed.
 * All four are new references owned by the caller; on failure all are
 * NULL.
 *
 * Errors: VC_EPARSE (malformed input, NUL byte, substitution cycle),
 * VC_ELIMIT (a VC_HOCON_MAX_* limit), VC_ENOMEM. vc_error_last() reads
 * "line N: problem"; the message never quotes the input (configs hold
 * XMPP passwords and JWT keys). *err_line / *err_col (either may be NULL)
 * get the 1-based position of the problem (columns count characters), 0
 * when unknown or on success.
 *
 * Known limits: each text is resolved on its own. Java's ConfigFactory
 * merges application.conf over reference.conf before resolving, so a
 * reference substitution such as Jibri's
 * `recording-extension = ${jibri.ffmpeg.recording-format}` follows an
 * override there but not after vc_hocon_merge() here.
 */
int vc_hocon_parse(json_t **doc, json_t **lines, json_t **includes, json_t **unresolved,
		   int *err_line, int *err_col, const char *text, size_t len);

/*
 * Merge `over` (a later file) into `base`, as the spec merges files:
 * objects merge recursively, anything else in `over` replaces what `base`
 * had (copied, `over` is not changed). `base_lines` (may be NULL) is
 * updated from `over_lines` (may be NULL): a replaced key and everything
 * below it take their lines from `over_lines`; a merged object key takes
 * its line from `over_lines` when listed there. Both documents are
 * vc_hocon_parse() outputs (the lines then name the file they came from).
 * Returns 0, VC_ERROR when `base` or `over` is not an object, VC_ELIMIT
 * past VC_HOCON_MAX_DEPTH, VC_ENOMEM (base may then be partly merged).
 */
int vc_hocon_merge(json_t *base, json_t *base_lines, const json_t *over,
		   const json_t *over_lines);

/*
 * The value at a path written as in *lines ("a.b.c", "\." for a dot in a
 * key); NULL when absent, when a step is not an object or for an empty
 * path element. Borrowed reference.
 */
json_t *vc_hocon_get(const json_t *doc, const char *path);

/*
 * A HOCON value as a boolean, with the spec's conversions: JSON true/false
 * and the strings "true", "yes", "on", "false", "no", "off" (exactly, as
 * Lightbend config does; "TRUE" or 1 is not a boolean to Jitsi either).
 * Returns 0 and sets *out, or VC_EPARSE.
 */
int vc_hocon_bool(int *out, const json_t *v);

#endif
