#ifndef VC_INI_H
#define VC_INI_H
/*
 * INI files through inih, with the line of every key.
 * Section and key names are kept as written; look-ups are case-insensitive.
 *
 * Dialect (inih's, tuned for the Qt-style files products write: Zoom's
 * zoomus.conf, Nextcloud's nextcloud.cfg, rclone.conf):
 *   - `[section]` lines; `key=value` (or `key: value`) lines; white space
 *     around names and values is stripped; keys may contain dots and
 *     backslashes (`0\Folders\1\localPath`).
 *   - Lines starting with ';' or '#' are comments; so is the rest of a line
 *     from a ';' that follows white space (`k = v ; note` gives "v").
 *   - Leading white space is ignored: there are no continuation lines.
 *   - Values are kept as written, quotes included (`pos="376,680"` gives
 *     "\"376,680\""). A value that starts with '"' but does not end with one
 *     is an error (it was probably cut by a ';' comment).
 */
#include <stddef.h>

#define VC_INI_MAX_ENTRIES 100000  /* more entries: VC_ELIMIT */
#define VC_INI_MAX_LINE 65536      /* a line (without its end) of at most this - 3 bytes */
#define VC_INI_MAX_SECTION 49      /* longest section name (inih's own limit) */

struct vc_ini_entry {
	char *section;   /* "" for keys before any section; see vc_ini_free() */
	char *key;
	char *value;
	int line;        /* 1-based */
};

struct vc_ini {
	struct vc_ini_entry *v;
	size_t n, cap;
};

/*
 * Parse `len` bytes of `text` (need not be NUL-terminated; a leading UTF-8
 * BOM is skipped). On a syntax error returns VC_EPARSE with *err_line set
 * to the first bad line; entries before it are kept. NUL bytes inside the
 * text are a parse error at their line.
 *
 * *out is always initialised (even on failure) and must be released with
 * vc_ini_free(). `err_line` may be NULL; it is set to 0 on success.
 * Errors: VC_EPARSE (malformed line, NUL byte, unterminated quoted value),
 * VC_ELIMIT (line longer than VC_INI_MAX_LINE - 3 bytes, section name
 * longer than VC_INI_MAX_SECTION bytes, more than VC_INI_MAX_ENTRIES
 * entries), VC_ENOMEM. vc_error_last() then reads "line N: problem"; the
 * message never quotes the offending text (it may hold a secret).
 *
 * Not thread-safe with other users of inih's run-time options (Debian's
 * inih exports them): this module sets them once, to heap line buffers of
 * VC_INI_MAX_LINE bytes, no multi-line values and stop on the first error.
 */
int vc_ini_parse(struct vc_ini *out, const char *text, size_t len, int *err_line);
/* Case-insensitive lookup; section NULL matches any section. Last one wins. */
const struct vc_ini_entry *vc_ini_get(const struct vc_ini *ini, const char *section,
				      const char *key);
/*
 * Frees keys, values and section names. Consecutive entries of one section
 * share one `section` string: treat the entries as read-only.
 * vc_ini_free(NULL) is a no-op; *ini is left empty.
 */
void vc_ini_free(struct vc_ini *ini);

#endif
