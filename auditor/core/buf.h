#ifndef VC_BUF_H
#define VC_BUF_H
/*
 * Growable byte buffer with a hard cap, for untrusted input.
 * The content is always NUL-terminated (ptr[size] == 0) once allocated.
 * A buffer initialised with VC_BUF_INIT(cap) refuses to grow past `cap`
 * bytes of content and returns VC_ELIMIT instead.
 */
#include <stddef.h>
#include "err.h"

struct vc_buf {
	char *ptr;
	size_t size;   /* bytes used, excluding the NUL */
	size_t asize;  /* bytes allocated */
	size_t cap;    /* hard limit on size; 0 = VC_BUF_DEFAULT_CAP */
};

#define VC_BUF_DEFAULT_CAP ((size_t)64 * 1024 * 1024)
#define VC_BUF_INIT(c) { NULL, 0, 0, (c) }

int vc_buf_grow(struct vc_buf *b, size_t need);   /* ensure room for need more bytes */
int vc_buf_put(struct vc_buf *b, const void *data, size_t len);
int vc_buf_puts(struct vc_buf *b, const char *s);
int vc_buf_putc(struct vc_buf *b, char c);
/* The arguments must not point into `b` itself (it may move). */
int vc_buf_printf(struct vc_buf *b, const char *fmt, ...) VC_PRINTF(2, 3);
void vc_buf_clear(struct vc_buf *b);             /* size = 0, keeps memory */
/*
 * Hand the string to the caller (caller frees; "" when nothing was added,
 * NULL only when out of memory); the buffer becomes empty, keeping its cap.
 */
char *vc_buf_detach(struct vc_buf *b);
void vc_buf_free(struct vc_buf *b);             /* NULL is a no-op; keeps cap */

#endif
