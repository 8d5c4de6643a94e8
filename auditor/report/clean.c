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
		return "?";
	if (n == 3 && p[0] == 0xE2 &&
	    ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
	     (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
		return "?";
	return NULL;
}

char *vc_report_clean(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t left = strlen((const char *)p), n, chars = 0, limit = 0, k = 0;
	const unsigned char *q = p;
	const char *sub;
	char *out;

	for (n = 0; n < left; chars++) {   /* count the characters */
		size_t m;

		clean_char(q + n, left - n, &m);
		n += m;
	}
	if (max && chars > max)
		limit = max - 1;
	/* every character grows to at most 3 bytes (U+FFFD), plus "…" and NUL */
	out = malloc(left * 3 + sizeof(ELLIPSIS));
	if (!out)
		return NULL;
	for (chars = 0; left; chars++) {
		if (limit && chars == limit) {
			memcpy(out + k, ELLIPSIS, sizeof(ELLIPSIS) - 1);
			k += sizeof(ELLIPSIS) - 1;
			break;
		}
		sub = clean_char(p, left, &n);
		if (sub) {
			memcpy(out + k, sub, strlen(sub));
			k += strlen(sub);
		} else {
			memcpy(out + k, p, n);
			k += n;
		}
		p += n;
		left -= n;
	}
	out[k] = 0;
	return out;
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
