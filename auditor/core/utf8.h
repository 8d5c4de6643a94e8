#ifndef VC_UTF8_H
#define VC_UTF8_H
/*
 * File names and configuration values need not be UTF-8, but JSON and the
 * reports must be. These check and repair without failing the audit.
 */
#include <stddef.h>
#include <stdint.h>

struct vc_buf;

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s does not
 * start one (overlong forms and surrogates are invalid); left = bytes left. */
size_t vc_utf8_len(const unsigned char *s, size_t left);

/* A copy of `s` with every byte that does not start valid UTF-8 replaced by
 * U+FFFD; caller frees. NULL only when out of memory. */
char *vc_utf8_lossy(const char *s);

/*
 * The UTF-8 bytes of cp (at most U+10FFFF) in out, unchecked: a surrogate
 * gets its three-byte form, as in CESU-8. Returns their number, 1 to 4.
 */
size_t vc_utf8_encode(char out[4], uint32_t cp);

/*
 * Append cp as UTF-8 (U+0000 as a NUL byte). VC_EPARSE, nothing appended,
 * for a surrogate (U+D800-DFFF) or above U+10FFFF; else vc_buf_put()'s result.
 */
int vc_utf8_put(struct vc_buf *b, uint32_t cp);

/* Append n bytes of s, each byte that does not start valid UTF-8 as U+FFFD. */
int vc_utf8_put_lossy(struct vc_buf *b, const char *s, size_t n);

/* Append n bytes of s, each byte that does not start valid UTF-8 read as
 * ISO-8859-1 (Latin-1), that is as the code point of its value. */
int vc_utf8_put_latin1(struct vc_buf *b, const char *s, size_t n);

/* text past a UTF-8 byte order mark, *len shortened to match; text itself
 * when it does not start with one. */
const char *vc_utf8_skip_bom(const char *text, size_t *len);

#endif
