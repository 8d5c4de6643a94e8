#ifndef VC_REGFILE_H
#define VC_REGFILE_H
/*
 * Windows Registry Editor exports (.reg), e.g. Zoom's policy keys under
 * HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Zoom\Zoom Meetings\..., into a
 * Jansson object. Follows what regedit (and Wine's regedit) accept.
 *
 * Encoding: UTF-16LE with the BOM FF FE (what regedit and `reg export`
 * write) is converted here; otherwise the text is UTF-8 (a UTF-8 BOM is
 * skipped) where valid, any other byte being one ISO-8859-1 character
 * (REGEDIT4 files are in the ANSI code page). UTF-16BE is refused.
 *
 * Syntax:
 *   - Line 1: "Windows Registry Editor Version 5.00" or "REGEDIT4". With
 *     REGEDIT4 the strings inside hex(1)/hex(2)/hex(7) data are ANSI bytes,
 *     with version 5 UTF-16LE.
 *   - `[HKEY_...\path]` opens a key (the root must be HKEY_LOCAL_MACHINE,
 *     HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG
 *     or HKEY_DYN_DATA; the name ends at the last ']'); `[-HKEY_...\path]`
 *     deletes the key and every key below it.
 *   - `"Name"=...` or `@=...` (the default value) sets a value of the last
 *     opened key; in names and strings \\ \" \n \r are escapes and a
 *     backslash before any other character is dropped (as Wine does).
 *   - Data: "string" (REG_SZ); dword:1f (1 to 8 hex digits); hex:01,ff,...
 *     (REG_BINARY) and hex(N):... (type N in hex), continued over lines
 *     ending in '\' (blank and ';' lines inside are skipped); `-` deletes
 *     the value.
 *   - Lines starting with ';' are comments; white space around names, '='
 *     and data is allowed; after data only white space and a ';' comment.
 *
 * Document (*doc): an object mapping each key path, as first written (the
 * later spellings of a key are merged into it: Windows key and value names
 * are case-insensitive, ASCII letters only here), to an object mapping each
 * value name to its data, the default value under the name "":
 *   REG_SZ, REG_EXPAND_SZ (hex(2)), hex(1) -> string (up to the first NUL);
 *   REG_MULTI_SZ (hex(7))     -> array of strings;
 *   REG_DWORD, hex(4), hex(5) -> integer (0 to 4294967295);
 *   REG_QWORD (hex(b))        -> integer (signed 64-bit: above INT64_MAX
 *                                wraps to negative);
 *   anything else, and hex(4)/hex(5)/hex(b) of the wrong size
 *                             -> "<binary N bytes>";
 *   a value deleted with `=-` -> null;
 *   a key deleted with [-K]   -> null instead of an object; keys below it
 *     that the file had set before are removed from the document; a later
 *     [K] starts it afresh. %REG_EXPAND_SZ% references are not expanded.
 *
 * Lines (*lines): "<key path>\<value name>" -> 1-based line of the value
 * (its first line when continued), with the key path and value name as in
 * the document (so "<key path>\" is the default value), and "[<key path>]"
 * -> line of the last [key] or [-key] line for it. The backslash separator
 * reads like a registry path; it is ambiguous only when a value name holds
 * a backslash and a subkey of the same spelling exists (look values up
 * through the document, which is not ambiguous).
 */
#include <stddef.h>
#include <jansson.h>

#define VC_REG_MAX_BYTES ((size_t)64 * 1024 * 1024)  /* larger input: VC_ELIMIT */
#define VC_REG_MAX_ENTRIES 100000    /* key lines and value lines, deletions included */
#define VC_REG_MAX_VALUE ((size_t)1024 * 1024)  /* bytes of a value name or data */
#define VC_REG_MAX_KEY_PATH 1024     /* bytes of a key path (Windows allows 255 chars per name) */
#define VC_REG_MAX_DELETE_SCAN 10000000  /* keys examined by all [-key] lines together */

/*
 * Parse `len` bytes of `data` (need not be NUL-terminated). *doc and *lines
 * (may be NULL) are new references owned by the caller (json_decref).
 * `err_line` (may be NULL) is set to the first bad line, 0 if none.
 *
 * Collect and continue: a bad line (unknown data type, malformed dword or
 * hex bytes, unterminated string, bad key line or root, a value outside a
 * key, a NUL character) is skipped, as are the values under a bad key
 * line, and VC_EPARSE comes back WITH *doc and *lines holding the rest;
 * vc_error_last() reads "line N: problem" for the first bad line.
 *
 * The whole file is refused (VC_EPARSE, *doc and *lines NULL, the line
 * given) when line 1 is not a header, or the UTF-16 has an odd number of
 * bytes or an unpaired surrogate. Other errors leave them NULL too:
 * VC_ELIMIT (input over VC_REG_MAX_BYTES, a name or data over
 * VC_REG_MAX_VALUE bytes, a key path over VC_REG_MAX_KEY_PATH bytes, more
 * than VC_REG_MAX_ENTRIES entries, more than VC_REG_MAX_DELETE_SCAN keys
 * examined), VC_ENOMEM, VC_ERROR (bad arguments). Messages never quote
 * the input.
 */
int vc_reg_parse(json_t **doc, json_t **lines, const char *data, size_t len, int *err_line);

/*
 * The data of value `name` ("" or NULL: the default value) under `key`,
 * both matched case-insensitively (ASCII), `key` may start with HKLM, HKCU,
 * HKCR, HKU or HKCC. Returns a borrowed reference: the value; JSON null
 * when the file deletes the value, its key or a key above it; NULL when
 * the file says nothing about it (or doc is not an object).
 */
const json_t *vc_reg_get(const json_t *doc, const char *key, const char *name);

#endif
