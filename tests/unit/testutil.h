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

#endif
