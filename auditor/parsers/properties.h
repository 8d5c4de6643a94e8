#ifndef VC_PROPERTIES_H
#define VC_PROPERTIES_H
/*
 * Java .properties files (BigBlueButton's packaged bigbluebutton.properties
 * and its /etc/bigbluebutton/bbb-web.properties override), read the way
 * java.util.Properties.load() reads them, into a flat Jansson object.
 *
 * Syntax (Properties.load as in JDK 17; checked against it on random input):
 *   - A natural line ends at LF, CR or CR LF. Leading ' ', '\t' and '\f'
 *     are ignored; blank lines are skipped; a line whose first other
 *     character is '#' or '!' is a comment (a comment never continues).
 *   - A line ending in an odd number of backslashes continues on the next
 *     line: that backslash is dropped, as is the next line's leading white
 *     space. A continuation line is not a comment ("a=b\" + "#c" gives
 *     "b#c") unless nothing came before it (a line holding only "\").
 *     An empty or blank continuation line ends the entry.
 *   - The key ends at the first unescaped '=', ':', ' ', '\t' or '\f'; white
 *     space, then at most one '=' or ':', then white space follow; the rest
 *     is the value, trailing white space KEPT ("false " stays "false ":
 *     trim before interpreting, vc_bool_parse() does). "key" alone gives "",
 *     "=v" gives the key "".
 *   - Escapes in keys and values: \t \n \r \f, \uXXXX (a surrogate pair of
 *     two escapes gives one character), and a backslash before any other
 *     character gives that character (\= \: \  \\ \#).
 *   - Later keys win (their line is the one kept).
 * Encoding: Properties.load(InputStream) reads ISO-8859-1 and
 * PropertyResourceBundle reads UTF-8; files on disk are either. Bytes are
 * read as UTF-8 where they form valid UTF-8 and every other byte as one
 * ISO-8859-1 character, so both kinds of file come out as valid UTF-8.
 * A leading UTF-8 BOM is skipped.
 */
#include <stddef.h>
#include <jansson.h>

#define VC_PROPERTIES_MAX_BYTES ((size_t)64 * 1024 * 1024)  /* larger input: VC_ELIMIT */
#define VC_PROPERTIES_MAX_ENTRIES 100000   /* key/value lines, duplicates included */
#define VC_PROPERTIES_MAX_VALUE ((size_t)1024 * 1024)  /* decoded bytes of a key or value */
#define VC_PROPERTIES_MAX_DEPTH 16         /* nested ${...} resolution */
#define VC_PROPERTIES_MAX_WORK ((size_t)16 * 1024 * 1024)  /* text read by one resolve */

/*
 * Parse `len` bytes of `text` (need not be NUL-terminated).
 *
 * *doc receives an object key -> string, *lines (may be NULL) an object
 * key -> 1-based line of the entry's first physical line (the line of its
 * key). Both are new references owned by the caller (json_decref).
 * `err_line` (may be NULL) is set to the line of the first error, 0 if
 * none or not tied to a line.
 *
 * Errors:
 *   - VC_EPARSE: a malformed \uXXXX escape (not four hex digits, an unpaired
 *     surrogate, U+0000) or a NUL byte. Java would throw; an auditor wants
 *     the rest: the bad entry is skipped, every other entry is kept, *doc and
 *     *lines are set, and vc_error_last() reads "line N: problem" for the
 *     FIRST bad line. Facts from such a file are still uncertain.
 *   - VC_ELIMIT: input over VC_PROPERTIES_MAX_BYTES, a key or value over
 *     VC_PROPERTIES_MAX_VALUE bytes, more than VC_PROPERTIES_MAX_ENTRIES
 *     entries ("line N: ..." where there is a line).
 *   - VC_ENOMEM, VC_ERROR (bad arguments).
 * On every error but VC_EPARSE, *doc and *lines are NULL.
 * Messages never quote the input (values hold salts and passwords).
 */
int vc_properties_parse(json_t **doc, json_t **lines, const char *text, size_t len,
			int *err_line);

/*
 * Expand ${name} references in `value` against `doc` (an object of strings)
 * as Spring's PropertyPlaceholderHelper does for bbb-web: the value of a
 * reference is expanded in turn, names may hold references ("${a${b}}"),
 * "${name:default}" gives `default` when neither "name:default" nor "name"
 * is a key, and a reference to an unknown key (or a non-string value) is
 * left as written. "${" without its "}" is kept as text.
 *
 * *out receives a new NUL-terminated string (caller frees), NULL on error.
 * Errors: VC_ELIMIT for a reference cycle ("${a}" whose value uses "${a}",
 * "reference cycle"), nesting deeper than VC_PROPERTIES_MAX_DEPTH, a result
 * over VC_PROPERTIES_MAX_VALUE bytes or more than VC_PROPERTIES_MAX_WORK
 * bytes of text read (expansion bombs); VC_ENOMEM; VC_ERROR (bad arguments).
 * Messages never quote names or values.
 */
int vc_properties_resolve(char **out, const json_t *doc, const char *value);

/*
 * Apply an override file on top of a default one (BigBlueButton's
 * /etc/bigbluebutton/bbb-web.properties over bigbluebutton.properties):
 * every key of `over` replaces or joins the one in `base`, and its line in
 * `over_lines` replaces the one in `base_lines`. A key now comes from the
 * override file exactly when json_object_get(over, key) is not NULL; the
 * caller records which file supplied it. `base_lines` and `over_lines` may
 * be NULL (then lines are not merged). Values are copied, `over` is left
 * alone.
 * Errors: VC_ELIMIT when the result would hold more than
 * VC_PROPERTIES_MAX_ENTRIES keys (base is then unchanged), VC_ENOMEM (base
 * may be partly merged), VC_ERROR (not objects).
 */
int vc_properties_merge(json_t *base, json_t *base_lines, const json_t *over,
			const json_t *over_lines);

#endif
