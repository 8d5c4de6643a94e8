/* The shared boolean reader for configuration values (PRODUCTS §0.1). */
#include <stddef.h>
#include <string.h>
#include "core/err.h"
#include "parsers/boolstr.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does s[0..n) equal the lower-case word w, ignoring ASCII case? */
static int word_eq(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (w[i] == 0 || lower(s[i]) != w[i])
			return 0;
	}
	return w[n] == 0;
}

int vc_bool_parse(int *out, const char *s)
{
	static const char *const truths[] = { "1", "yes", "true", "on" };
	static const char *const lies[] = { "0", "no", "false", "off" };
	size_t i, n;

	if (!out || !s)
		return vc_error_set(VC_EPARSE, "not a boolean (no value)");
	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	for (i = 0; i < sizeof(truths) / sizeof(truths[0]); i++) {
		if (word_eq(s, n, truths[i])) {
			*out = 1;
			return 0;
		}
		if (word_eq(s, n, lies[i])) {
			*out = 0;
			return 0;
		}
	}
	/* The value itself is not quoted: it may be a secret read by mistake. */
	return vc_error_set(VC_EPARSE,
			    "not a boolean (expected 1/0, yes/no, true/false or on/off)");
}
