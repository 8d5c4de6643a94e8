/* Cleaning of scanned text for the reports (clean.h). */
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "../core/utf8.h"

#define ELLIPSIS "\xE2\x80\xA6"
#define REPLACEMENT "\xEF\xBF\xBD"

/* What to write for the character at p (NULL = its bytes); *len its length. */
static const char *clean_char(const unsigned char *p, size_t left, size_t *len)
{
	size_t n = vc_utf8_len(p, left);

	*len = n ? n : 1;
	if (!n)
		return REPLACEMENT;
	if (n == 1 && (*p == '\t' || *p == '\n' || *p == '\r'))
		return " ";
	if (n == 1 && (*p < 0x20 || *p == 0x7F))
		return "?";
	if (n == 2 && p[0] == 0xC2 && p[1] < 0xA0)
		return "?";   /* C1 controls, CSI among them */
	if (n == 3 && p[0] == 0xE2 &&
	    ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
	     (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
		return "?";   /* bidirectional overrides that reorder what is shown */
	return NULL;
}

size_t vc_report_clean_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t left = strlen((const char *)p), n, chars = 0;

	for (; left; chars++) {
		clean_char(p, left, &n);
		p += n;
		left -= n;
	}
	return chars;
}

/* Append `n` bytes at `b` to out (at *k) when out is set, else write them to f. */
static void emit(char *out, size_t *k, FILE *f, const void *b, size_t n)
{
	if (out) {
		memcpy(out + *k, b, n);
		*k += n;
	} else {
		fwrite(b, 1, n, f);
	}
}

/* The cleaning of vc_report_clean() into `out` (big enough) or else onto `f`. */
static size_t clean_into(char *out, FILE *f, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t left = strlen((const char *)p), n, chars, limit = 0, k = 0;
	const char *sub;

	if (max && vc_report_clean_width(s) > max)
		limit = max - 1;
	for (chars = 0; left; chars++) {
		if (limit && chars == limit) {
			emit(out, &k, f, ELLIPSIS, sizeof(ELLIPSIS) - 1);
			break;
		}
		sub = clean_char(p, left, &n);
		if (sub)
			emit(out, &k, f, sub, strlen(sub));
		else
			emit(out, &k, f, p, n);
		p += n;
		left -= n;
	}
	return k;
}

char *vc_report_clean(const char *s, size_t max)
{
	/* every character grows to at most 3 bytes (U+FFFD), plus "…" and NUL */
	char *out = malloc((s ? strlen(s) : 0) * 3 + sizeof(ELLIPSIS));

	if (!out)
		return NULL;
	out[clean_into(out, NULL, s, max)] = 0;
	return out;
}

/* Byte offset of character `chars` of the valid UTF-8 string c. */
static size_t char_offset(const char *c, size_t chars)
{
	const unsigned char *p = (const unsigned char *)c;
	size_t left = strlen(c), off = 0, n;

	while (chars-- && left) {
		n = vc_utf8_len(p + off, left);
		n = n ? n : 1;
		off += n;
		left -= n;
	}
	return off;
}

char *vc_report_clean_middle(const char *s, size_t max)
{
	char *c = vc_report_clean(s, 0), *out;
	size_t width, head, tail, len;

	if (!c || max < 3 || (width = vc_report_clean_width(c)) <= max)
		return c;
	len = strlen(c);
	head = char_offset(c, (max - 1) / 3);
	tail = char_offset(c, width - (max - 1 - (max - 1) / 3));
	out = malloc(head + sizeof(ELLIPSIS) + (len - tail));
	if (out) {
		memcpy(out, c, head);
		memcpy(out + head, ELLIPSIS, sizeof(ELLIPSIS) - 1);
		memcpy(out + head + sizeof(ELLIPSIS) - 1, c + tail, len - tail + 1);
	}
	free(c);
	return out;
}

void vc_report_clean_put(FILE *f, const char *s, size_t max)
{
	clean_into(NULL, f, s, max);
}

char *vc_report_value(const json_t *v, size_t max, int *oom)
{
	char *raw, *out;

	*oom = 0;
	if (!v)
		return NULL;
	raw = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	if (!raw) {
		*oom = 1;
		return NULL;
	}
	out = vc_report_clean(raw, max);
	free(raw);
	if (!out)
		*oom = 1;
	return out;
}
