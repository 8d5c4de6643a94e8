/* Error messages of the current thread, diagnostics and string helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "err.h"

#define SOURCE_MAX 4096          /* longest diagnostic source kept */
#define SUMMARY_SIZE 96          /* room for the "too many diagnostics" message */

static _Thread_local char last_error[VC_ERROR_MAX];
static _Thread_local size_t problem_at;   /* start of the problem in last_error */

/*
 * Cut `s` (at least len bytes long) to len bytes, dropping a UTF-8
 * sequence that the cut left incomplete.
 */
static void utf8_cut(char *s, size_t len)
{
	size_t lead = len, need;
	unsigned char c;

	while (lead > 0 && len - lead < 3 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead > 0) {
		c = (unsigned char)s[lead - 1];
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		if (len - (lead - 1) < need)
			len = lead - 1;
	}
	s[len] = 0;
}

/* vsnprintf that never leaves half a UTF-8 character at a truncation. */
static size_t format_into(char *dst, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(dst, size, fmt, ap);

	if (n < 0) {
		dst[0] = 0;
		return 0;
	}
	if ((size_t)n >= size) {
		utf8_cut(dst, size - 1);
		return strlen(dst);
	}
	return (size_t)n;
}

int vc_error_set(int code, const char *fmt, ...)
{
	char tmp[VC_ERROR_MAX];   /* the arguments may point into last_error */
	va_list ap;

	va_start(ap, fmt);
	format_into(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	memcpy(last_error, tmp, sizeof(tmp));
	problem_at = 0;
	return code;
}

int vc_error_set_path(int code, const char *path, const char *fmt, ...)
{
	char tmp[VC_ERROR_MAX];
	size_t off;
	va_list ap;

	off = (size_t)snprintf(tmp, sizeof(tmp), "%s: ", path ? path : "");
	if (off >= sizeof(tmp) / 2) {   /* keep room for the problem itself */
		utf8_cut(tmp, sizeof(tmp) / 2 - 5);
		off = strlen(tmp);
		memcpy(tmp + off, "...: ", 6);
		off += 5;
	}
	va_start(ap, fmt);
	format_into(tmp + off, sizeof(tmp) - off, fmt, ap);
	va_end(ap);
	memcpy(last_error, tmp, sizeof(tmp));
	problem_at = off;
	return code;
}

const char *vc_error_last(void)
{
	return last_error;
}

const char *vc_error_problem(void)
{
	return last_error + problem_at;
}

void vc_error_clear(void)
{
	last_error[0] = 0;
	problem_at = 0;
}

char *vc_strdup(const char *s)
{
	return s ? vc_strndup(s, strlen(s)) : NULL;
}

char *vc_strndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	n = strnlen(s, n);
	p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *vc_vasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	p = malloc((size_t)n + 1);
	if (p && vsnprintf(p, (size_t)n + 1, fmt, ap) != n) {
		free(p);
		p = NULL;
	}
	return p;
}

char *vc_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vc_vasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/* Copy of at most `max` bytes of `s`, cut on a character boundary. */
static char *dup_capped(const char *s, size_t max)
{
	char *p = vc_strndup(s, max);

	if (p)
		utf8_cut(p, strlen(p));
	return p;
}

/* The message of a diagnostic, truncated with "..." past VC_DIAG_MSG_MAX. */
static char *diag_message(const char *fmt, va_list ap)
{
	va_list aq;
	size_t len;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return NULL;
	len = (size_t)n < VC_DIAG_MSG_MAX ? (size_t)n : VC_DIAG_MSG_MAX;
	p = malloc(len + 1);
	if (!p)
		return NULL;
	format_into(p, len + 1, fmt, ap);
	if ((size_t)n > len) {
		utf8_cut(p, strlen(p) < len - 3 ? strlen(p) : len - 3);
		memcpy(p + strlen(p), "...", 4);
	}
	return p;
}

static void diag_clear(struct vc_diag *e)
{
	free(e->product);
	free(e->source);
	free(e->message);
	memset(e, 0, sizeof(*e));
}

/* The list is full: count one more and keep the last entry as a summary. */
static void diag_drop(struct vc_diags *d)
{
	struct vc_diag *last = &d->v[d->n - 1];

	if (!d->dropped) {
		char *msg = malloc(SUMMARY_SIZE);

		if (!msg) {
			d->lost++;
			return;
		}
		diag_clear(last);
		last->message = msg;
		d->dropped = 1;   /* the entry just replaced */
	}
	d->dropped++;
	snprintf(last->message, SUMMARY_SIZE, "too many diagnostics (limit %d), %zu more dropped",
		 VC_DIAG_MAX, d->dropped);
}

static int diag_reserve(struct vc_diags *d)
{
	struct vc_diag *v;
	size_t ncap;

	if (d->n < d->cap)
		return 0;
	ncap = d->cap ? d->cap * 2 : 16;
	if (ncap > VC_DIAG_MAX)
		ncap = VC_DIAG_MAX;
	v = realloc(d->v, ncap * sizeof(*v));
	if (!v)
		return VC_ENOMEM;
	d->v = v;
	d->cap = ncap;
	return 0;
}

/* Capped copy of an optional string: 0 (with *out NULL for NULL) or VC_ENOMEM. */
static int dup_opt(char **out, const char *s)
{
	*out = s ? dup_capped(s, SOURCE_MAX) : NULL;
	return s && !*out ? VC_ENOMEM : 0;
}

void vc_diag_add(struct vc_diags *d, const char *product, const char *source,
		 int line, int col, const char *fmt, ...)
{
	struct vc_diag e = { NULL, NULL, line, col, NULL };
	va_list ap;

	if (!d)
		return;
	if (d->n >= VC_DIAG_MAX) {
		diag_drop(d);
		return;
	}
	va_start(ap, fmt);
	e.message = diag_message(fmt, ap);
	va_end(ap);
	if (!e.message || dup_opt(&e.product, product) < 0 || dup_opt(&e.source, source) < 0 ||
	    diag_reserve(d) < 0) {
		diag_clear(&e);
		d->lost++;
		return;
	}
	d->v[d->n++] = e;
}

void vc_diags_free(struct vc_diags *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		diag_clear(&d->v[i]);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

char *vc_error_cut_excerpt(char *msg)
{
	char *cut = msg ? strstr(msg, " near ") : NULL;

	if (cut)
		*cut = 0;
	return msg;
}
