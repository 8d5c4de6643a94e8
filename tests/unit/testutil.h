#ifndef VC_TESTUTIL_H
#define VC_TESTUTIL_H
/* Shared by the cmocka unit tests. Tests run from the repository top. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

/* ../shared/corpus, overridable with VC_CORPUS (CI lays shared/ beside the clone). */
static inline const char *vc_test_corpus(void)
{
	const char *c = getenv("VC_CORPUS");
	return c && *c ? c : "../shared/corpus";
}

/* Read a whole file into a malloc'd NUL-terminated buffer; fails the test if absent. */
static inline char *vc_test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* The file `dir`/`name` of the corpus, as vc_test_slurp() reads it. */
static inline char *vc_test_corpus_file(const char *dir, const char *name, size_t *len)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", vc_test_corpus(), dir, name);
	return vc_test_slurp(path, len);
}

/* head, `n` copies of `unit`, then tail, in a new string (caller frees). */
static inline char *vc_test_repeat(const char *head, const char *unit, size_t n,
				   const char *tail)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail), i;
	char *s = malloc(hl + ul * n + tl + 1), *q;

	assert_non_null(s);
	memcpy(s, head, hl);
	q = s + hl;
	for (i = 0; i < n; i++, q += ul)
		memcpy(q, unit, ul);
	memcpy(q, tail, tl + 1);
	return s;
}

/* The start of line `n` (1-based) of s; fails the test when s has fewer lines. */
static inline const char *vc_test_nth_line(const char *s, long long n)
{
	while (--n > 0) {
		s = strchr(s, '\n');
		assert_non_null(s);
		s++;
	}
	return s;
}

/* The text of line `n` (1-based) of s, without its '\n', in buf (cut to fit). */
static inline const char *vc_test_line_text(const char *s, long long n, char *buf, size_t size)
{
	const char *e;
	size_t len;

	s = vc_test_nth_line(s, n);
	e = strchr(s, '\n');
	len = e ? (size_t)(e - s) : strlen(s);
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = 0;
	return buf;
}

/* The line (1-based) of the first `needle` in text at or after the first
 * `anchor` (NULL: from the start); fails the test when either is missing. */
static inline int vc_test_line_with(const char *text, const char *anchor, const char *needle)
{
	const char *from = anchor ? strstr(text, anchor) : text, *hit, *p;
	int line = 1;

	assert_non_null(from);
	hit = strstr(from, needle);
	assert_non_null(hit);
	for (p = text; p < hit; p++)
		line += *p == '\n';
	return line;
}

/* The line a parser's line map gives `key`; fails the test when it has none. */
static inline json_int_t vc_test_line_of(const json_t *lines, const char *key)
{
	json_t *v = json_object_get(lines, key);

	if (!json_is_integer(v))
		fail_msg("no line for %s", key);
	return json_integer_value(v);
}

/* v's text; fails the test, naming v `what`, when v is not a string. */
static inline const char *vc_test_str(const json_t *v, const char *what)
{
	if (!json_is_string(v))
		fail_msg("%s is not a string", what);
	return json_string_value(v);
}

/* v's value; fails the test, naming v `what`, when v is not an integer. */
static inline json_int_t vc_test_int(const json_t *v, const char *what)
{
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", what);
	return json_integer_value(v);
}

#endif
