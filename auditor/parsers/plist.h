#ifndef VC_PLIST_H
#define VC_PLIST_H
/*
 * Property lists (XML or binary) through libplist, flattened for scanners.
 * Only a top-level <dict> is meaningful for configuration domains.
 */
#include <stddef.h>
#include <jansson.h>

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
 */
int vc_plist_parse(json_t **out, json_t **lines, const char *data, size_t len);

/* Case-insensitive key lookup in an object (Zoom keys vary in case). */
json_t *vc_json_get_ci(const json_t *obj, const char *key);

/*
 * Interpret a plist value as a boolean with every spelling Zoom accepts:
 * <true/>, <integer>1</integer>, <string>YES</string>, ... 0 or VC_EPARSE.
 */
int vc_plist_bool(int *out, const json_t *v);

#endif
