/* UTF-8 for text that came from scanned files: checks, encoding, repair. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "utf8.h"

size_t vc_utf8_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (!left)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (left < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

char *vc_utf8_lossy(const char *s)
{
	size_t len = strlen(s);
	struct vc_buf b = VC_BUF_INIT(0);

	if (len > ((size_t)-1 - 1) / 3)
		return NULL;
	b.cap = len * 3;   /* each byte becomes at most three */
	if (vc_utf8_put_lossy(&b, s, len) < 0) {
		vc_buf_free(&b);
		return NULL;
	}
	return vc_buf_detach(&b);
}

size_t vc_utf8_encode(char out[4], uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int vc_utf8_put(struct vc_buf *b, uint32_t cp)
{
	char u[4];

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return VC_EPARSE;
	return vc_buf_put(b, u, vc_utf8_encode(u, cp));
}

int vc_utf8_put_lossy(struct vc_buf *b, const char *s, size_t n)
{
	size_t i = 0, run, k;
	int rc;

	while (i < n) {
		run = i;
		while (run < n && (k = vc_utf8_len((const unsigned char *)s + run, n - run)) > 0)
			run += k;
		if (run > i && (rc = vc_buf_put(b, s + i, run - i)) < 0)
			return rc;
		if (run < n && (rc = vc_buf_put(b, "\xEF\xBF\xBD", 3)) < 0)
			return rc;
		i = run < n ? run + 1 : run;
	}
	return 0;
}

int vc_utf8_put_latin1(struct vc_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, k;
	int rc = 0;

	while (rc == 0 && i < n) {
		k = vc_utf8_len(u + i, n - i);
		if (k) {
			i += k;
			run += k;
			continue;
		}
		rc = vc_buf_put(b, s + i - run, run);
		run = 0;
		if (rc == 0)
			rc = vc_utf8_put(b, u[i]);
		i++;
	}
	if (rc == 0 && run)
		rc = vc_buf_put(b, s + i - run, run);
	return rc;
}

const char *vc_utf8_skip_bom(const char *text, size_t *len)
{
	if (*len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		*len -= 3;
		return text + 3;
	}
	return text;
}
