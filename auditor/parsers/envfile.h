#ifndef VC_ENVFILE_H
#define VC_ENVFILE_H
/*
 * docker compose `.env` files (docker-jitsi-meet's env.example and the
 * .env made from it) into a flat Jansson object, following compose-go's
 * dotenv reader where this module does not say otherwise.
 *
 * Syntax:
 *   - One `KEY=value` per line (LF or CR LF). Leading white space is
 *     ignored, as is white space around '='. An `export ` prefix is
 *     dropped (`export=1` is the key "export").
 *   - KEY matches [A-Za-z_][A-Za-z0-9_]*. compose-go also accepts '.', '-',
 *     '[', ']' and non-ASCII letters in names; here such a line is an error
 *     (docker-jitsi-meet uses none, and a shell could not `source` them).
 *   - Blank lines and lines whose first other character is '#' are skipped.
 *     A bare `KEY` (or `export KEY`) takes its value from the environment
 *     of docker compose: it sets nothing here and is not an error.
 *   - Unquoted values run to the end of the line, cut before the first '#'
 *     that follows white space (`a=b #c` gives "b", `a=b#c` gives "b#c"),
 *     trailing white space removed. `KEY=` is the empty string.
 *   - 'single quotes': literal, no escapes; "double quotes": \n \r \t \" \\
 *     are decoded, any other backslash pair is kept as written (so `\$`
 *     stays `\$`). Quoted values may span lines (PEM keys do); after the
 *     closing quote only white space and a '#' comment may follow.
 *   - `${VAR}` and `$VAR` are left as written (compose would expand them).
 *   - Later keys win (their line is the one kept).
 * Encoding: UTF-8; a byte that is not part of valid UTF-8 is read as one
 * ISO-8859-1 character, so values are always valid UTF-8. A leading UTF-8
 * BOM is skipped.
 */
#include <stddef.h>
#include <jansson.h>

#define VC_ENVFILE_MAX_BYTES ((size_t)64 * 1024 * 1024)  /* larger input: VC_ELIMIT */
#define VC_ENVFILE_MAX_ENTRIES 100000   /* KEY=value lines, duplicates included */
#define VC_ENVFILE_MAX_VALUE ((size_t)1024 * 1024)  /* bytes of a name or decoded value */

/*
 * Parse `len` bytes of `text` (need not be NUL-terminated).
 *
 * *doc receives an object KEY -> string, *lines (may be NULL) an object
 * KEY -> 1-based line of the KEY (for a multi-line quoted value, its first
 * line). Both are new references owned by the caller (json_decref).
 * `err_line` (may be NULL) is set to the first bad line, 0 if none.
 *
 * Collect and continue: a bad line (a name that is not a variable name, no
 * '=', an unterminated quote, text after a closing quote, a NUL byte) is
 * skipped and parsing goes on with the next line, so VC_EPARSE comes back
 * WITH *doc and *lines holding every good line, and vc_error_last() reads
 * "line N: problem" for the first bad line. A scanner may use those values
 * but should report the file as partly read.
 *
 * Other errors leave *doc and *lines NULL: VC_ELIMIT (input over
 * VC_ENVFILE_MAX_BYTES, a name or value over VC_ENVFILE_MAX_VALUE bytes,
 * more than VC_ENVFILE_MAX_ENTRIES entries; "line N: ..."), VC_ENOMEM,
 * VC_ERROR (bad arguments). Messages never quote the input (.env files
 * hold passwords).
 */
int vc_envfile_parse(json_t **doc, json_t **lines, const char *text, size_t len,
		     int *err_line);

#endif
