#ifndef VC_UTF8_H
#define VC_UTF8_H
/*
 * File names and configuration values need not be UTF-8, but JSON and the
 * reports must be. These check and repair without failing the audit.
 */
#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s does not
 * start one (overlong forms and surrogates are invalid); left = bytes left. */
size_t vc_utf8_len(const unsigned char *s, size_t left);

/* A copy of `s` with every byte that does not start valid UTF-8 replaced by
 * U+FFFD; caller frees. NULL only when out of memory. */
char *vc_utf8_lossy(const char *s);

#endif
