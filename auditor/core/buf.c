/* Growable byte buffer with a hard cap. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"

#define MIN_ALLOC 64

static size_t buf_cap(const struct vc_buf *b)
{
	if (!b->cap)
		return VC_BUF_DEFAULT_CAP;
	return b->cap < SIZE_MAX ? b->cap : SIZE_MAX - 1;   /* room for the NUL */
}

int vc_buf_grow(struct vc_buf *b, size_t need)
{
	size_t cap = buf_cap(b), want, nsize;
	char *p;

	if (need > cap || b->size > cap - need)
		return vc_error_set(VC_ELIMIT, "buffer limit of %zu bytes exceeded", cap);
	want = b->size + need + 1;    /* cannot overflow: size + need <= cap < SIZE_MAX */
	if (want <= b->asize)
		return 0;
	nsize = b->asize < MIN_ALLOC ? MIN_ALLOC : b->asize;
	while (nsize < want && nsize <= cap / 2)
		nsize *= 2;
	if (nsize < want)
		nsize = want;
	if (nsize > cap + 1)
		nsize = cap + 1;
	p = realloc(b->ptr, nsize);
	if (!p)
		return vc_error_set(VC_ENOMEM, "out of memory (%zu bytes)", nsize);
	if (!b->ptr)
		p[0] = 0;
	b->ptr = p;
	b->asize = nsize;
	return 0;
}

int vc_buf_put(struct vc_buf *b, const void *data, size_t len)
{
	int rc = vc_buf_grow(b, len);

	if (rc < 0)
		return rc;
	if (len)
		memcpy(b->ptr + b->size, data, len);
	b->size += len;
	b->ptr[b->size] = 0;
	return 0;
}

int vc_buf_puts(struct vc_buf *b, const char *s)
{
	return vc_buf_put(b, s, strlen(s));
}

int vc_buf_putc(struct vc_buf *b, char c)
{
	return vc_buf_put(b, &c, 1);
}

int vc_buf_printf(struct vc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return vc_error_set(VC_ERROR, "cannot format \"%s\"", fmt);
	rc = vc_buf_grow(b, (size_t)n);
	if (rc < 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->size += (size_t)n;
	return 0;
}

void vc_buf_clear(struct vc_buf *b)
{
	b->size = 0;
	if (b->ptr)
		b->ptr[0] = 0;
}

char *vc_buf_detach(struct vc_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->size = 0;
	b->asize = 0;
	return p;
}

void vc_buf_free(struct vc_buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->size = 0;
	b->asize = 0;
}
