#ifndef VC_YAML_H
#define VC_YAML_H
/*
 * YAML (BigBlueButton's settings.yml, bigbluebutton.yml and their overrides
 * under /etc/bigbluebutton) through libyaml's event API, into Jansson.
 */
#include <stddef.h>
#include <jansson.h>

#define VC_YAML_MAX_BYTES ((size_t)32 * 1024 * 1024)      /* input */
#define VC_YAML_MAX_DEPTH 64            /* nested mappings/sequences, the top one is 1 */
#define VC_YAML_MAX_NODES 100000        /* values, containers and alias copies included */
#define VC_YAML_MAX_SCALAR ((size_t)1024 * 1024)   /* one scalar or key, in bytes */
#define VC_YAML_MAX_OUT ((size_t)64 * 1024 * 1024)  /* see "Limits" below */

/*
 * Parse `len` bytes of `text` (need not be NUL-terminated): UTF-8, a leading
 * BOM skipped. A NUL byte is VC_EPARSE (so is UTF-16, which is full of them).
 *
 * On success *doc is the first document as Jansson: mappings -> objects,
 * sequences -> arrays, scalars typed as below; an empty stream (empty file,
 * only comments) gives JSON null. *lines (`lines` may be NULL) is an object
 * mapping the key path of every value below the top to its 1-based line.
 * Both are new references owned by the caller (json_decref); on failure
 * both are NULL. `err_line`/`err_col` (either may be NULL) receive the
 * 1-based position of the problem, 0 when unknown or on success.
 *
 * Key paths: segments joined with '.'; in a segment '.' is written "\." and
 * '\' is written "\\"; sequence items are decimal indexes ("a.0.b").
 * The line of a mapping member is the line of its key (for `key: value`
 * also the value's; for a block collection, the line that names it); the
 * line of a sequence item is the item's own. Below an alias, paths map to
 * the lines where the anchored content is written (the alias's own path
 * maps to the line of the alias).
 *
 * Scalars: YAML 1.1 resolution (the recording scripts read their files with
 * Ruby's YAML 1.1 Psych), plus YAML 1.2's "0o17" and "1e3" (the HTML5
 * client's js-yaml reads those as numbers). Only plain, untagged scalars
 * are resolved:
 *   - null: empty, "~", null, Null, NULL;
 *   - booleans: true/false, yes/no, on/off, each as lower case, Capitalised
 *     or UPPER case as YAML 1.1 lists them ("y"/"n" stay strings, as in
 *     PyYAML);
 *   - integers: decimal, 0x hexadecimal, 0o octal, 0b binary, and YAML 1.1
 *     octal with a leading 0 ("0755" = 493); an optional sign; '_' between
 *     digits is ignored. Beyond the signed 64-bit range: kept as a string.
 *     Sexagesimal ("1:30") stays a string;
 *   - reals: digits with a '.' and/or an exponent ("1.5", ".5", "1e3",
 *     "-2.5E-3"); ".inf", ".nan" and values that overflow stay strings
 *     (JSON has no infinity);
 *   - everything else, and every quoted or block scalar, is a string.
 *   - Tags: "!!str" and "!" give a string; "!!null", "!!bool", "!!int",
 *     "!!float" apply that rule and fail (VC_EPARSE) when the text does not
 *     fit ("!!float 1" gives 1.0); other tags, and every tag on a mapping
 *     or sequence, are ignored.
 *
 * Structure:
 *   - Keys must be scalars (or aliases of scalars) and are taken as written
 *     ("yes: 1" has the key "yes"); a key holding a NUL character, or a
 *     mapping or sequence as a key, is VC_EPARSE.
 *   - Duplicate keys: the later one wins (value and lines; nothing is kept
 *     of the earlier one).
 *   - Anchors and aliases: an alias is a deep copy of the anchored node
 *     (nothing is shared inside *doc); an alias to an undefined anchor or
 *     to a node that is still open is VC_EPARSE.
 *   - Merge keys are supported: a plain "<<" key whose value is a mapping or
 *     a sequence of mappings (usually aliases) adds the members that the
 *     mapping does not have yet; with a sequence the earlier mapping wins;
 *     keys written after "<<" override merged ones. Any other value under
 *     "<<" is VC_EPARSE. A quoted "<<" is an ordinary key.
 *   - Multiple documents: only the first is read; the stream is not parsed
 *     past its end (as Ruby's YAML.load_file), so a syntax error in a later
 *     document is not reported.
 *
 * Limits (VC_ELIMIT, with the line when known): more than VC_YAML_MAX_BYTES
 * of input, nesting deeper than VC_YAML_MAX_DEPTH, more than
 * VC_YAML_MAX_NODES values, a scalar or key longer than VC_YAML_MAX_SCALAR,
 * more than VC_YAML_MAX_OUT bytes of strings and keys in *doc, or of key
 * paths in *lines (each counted on its own). Alias expansion counts at
 * every use, checked before anything is copied: a "billion laughs"
 * document fails fast with bounded memory. An alias inserted at depth d of
 * an anchored node of height h counts as depth d + h.
 *
 * Errors: VC_EPARSE for malformed input (libyaml's description, a NUL
 * byte), VC_ELIMIT, VC_ENOMEM. vc_error_last() reads "line N: problem";
 * messages never quote the input (it may hold a secret). For a quoted or
 * block scalar left open at the end of the input, the line is where it
 * starts.
 */
int vc_yaml_parse(json_t **doc, json_t **lines, const char *text, size_t len,
		  int *err_line, int *err_col);

/*
 * BigBlueButton's override model: apply `over` (e.g. the parsed
 * /etc/bigbluebutton/bbb-html5.yml) onto `base` (settings.yml), in place.
 * Objects merge recursively; everything else (arrays, scalars, null, and
 * an object meeting a non-object) in `over` replaces the base's value with
 * a deep copy. `over` may be JSON null (an empty override file): nothing
 * changes. `base` must be an object, `over` an object or null: otherwise
 * VC_EPARSE ("top level is not a mapping").
 *
 * Lines (either lines object may be NULL): for every replaced or added
 * path, base_lines loses the entries of that path and of every path below
 * it, and receives over_lines's entries for them, copied as they are. A
 * merged object keeps the base's line for its own path. The values are not
 * interpreted: to tell the files apart afterwards, give over_lines values
 * of its own kind before the merge (e.g. strings "FILE:LINE").
 *
 * Returns 0, VC_EPARSE, VC_ELIMIT (objects nested deeper than
 * VC_YAML_MAX_DEPTH) or VC_ENOMEM. On failure `base` and `base_lines`
 * may be partly merged (still valid JSON).
 */
int vc_yaml_merge(json_t *base, json_t *base_lines, const json_t *over,
		  const json_t *over_lines);

/*
 * The value at key path `path` (syntax as in *lines above; "" is `doc`
 * itself), or NULL when absent or malformed. Borrowed reference.
 */
json_t *vc_yaml_get(const json_t *doc, const char *path);

#endif
