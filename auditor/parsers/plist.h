#ifndef VC_PLIST_H
#define VC_PLIST_H
/*
 * Property lists (XML or binary) through libplist, flattened for scanners.
 * Only a top-level <dict> is meaningful for configuration domains.
 */
#include <stddef.h>
#include <jansson.h>

#define VC_PLIST_MAX_BYTES ((size_t)32 * 1024 * 1024)  /* larger input: VC_ELIMIT */
#define VC_PLIST_MAX_DEPTH 64        /* nested dicts/arrays, the top-level dict is 1 */
#define VC_PLIST_MAX_NODES 100000    /* values, containers included */

/*
 * Parse `len` bytes (XML or binary plist, detected from content).
 * On success *out is a Jansson object mirroring the top-level dict:
 * booleans -> true/false, integers -> integer, reals -> real, strings ->
 * string, dates -> ISO string, data -> "<data N bytes>", arrays/dicts ->
 * arrays/objects. For XML input, `*lines` (may be NULL) receives an object
 * mapping each top-level key name (as written) to the 1-based line of its
 * <key> element. Returns VC_EPARSE (with the error message set) on
 * malformed input or when the top level is not a dict. DTDs and entities
 * are never resolved.
 *
 * Details:
 *   - `*lines` also maps "PackageRecommend/NAME" to the line of each key
 *     directly inside a top-level PackageRecommend dict (Zoom's defaults;
 *     the top-level name matched case-insensitively, written as in the
 *     file). For binary input `*lines` is an empty object.
 *   - Both outputs are new references owned by the caller (json_decref);
 *     on failure both are set to NULL.
 *   - Integers are signed 64-bit (an unsigned value above INT64_MAX wraps);
 *     a real that is NaN or infinite becomes null; dates are UTC
 *     "YYYY-MM-DDTHH:MM:SSZ"; invalid UTF-8 in strings and keys is replaced
 *     by U+FFFD. Duplicate keys: the last one wins (as libplist does).
 *   - XML containing "<!ENTITY" is refused (VC_EPARSE, "entity declarations
 *     are not allowed"); a plain <!DOCTYPE> is fine. A leading UTF-8 BOM is
 *     skipped.
 *   - Limits give VC_ELIMIT: VC_PLIST_MAX_BYTES of input, VC_PLIST_MAX_DEPTH
 *     nesting, VC_PLIST_MAX_NODES values. XML nesting is checked before
 *     libplist sees the text, binary object graphs (depth, shared objects)
 *     are checked before libplist decodes them.
 *   - vc_error_last() reads "line N: problem" when the line is known.
 */
int vc_plist_parse(json_t **out, json_t **lines, const char *data, size_t len);

/*
 * Case-insensitive key lookup in an object (Zoom keys vary in case).
 * An exact match wins; otherwise the first case-insensitive match in the
 * object's order. Borrowed reference; NULL when absent or `obj` is not an
 * object.
 */
json_t *vc_json_get_ci(const json_t *obj, const char *key);

/*
 * Interpret a plist value as a boolean with every spelling Zoom accepts:
 * <true/>, <integer>1</integer>, <string>YES</string>, ... 0 or VC_EPARSE.
 * Accepted: JSON true/false, integers and reals 0 and 1, strings that
 * vc_bool_parse() accepts (1/0, yes/no, true/false, on/off, any case).
 */
int vc_plist_bool(int *out, const json_t *v);

/*
 * After vc_plist_parse() failed: the line its message names ("line N:
 * problem") in *line, 0 when it names none, and the problem without that
 * prefix. Borrowed from vc_error_last(), valid until the next error.
 */
const char *vc_plist_problem(int *line);

#endif
