/* Error messages and the capped diagnostics list. */
#include <pthread.h>
#include "testutil.h"
#include "core/err.h"

/* 1 when s is well-formed UTF-8 (no sequence cut in half). */
static int utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int follow;

	while (*p) {
		follow = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 :
			 (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (follow < 0)
			return 0;
		for (p++; follow > 0; follow--, p++) {
			if ((*p & 0xC0) != 0x80)
				return 0;
		}
	}
	return 1;
}

static void test_error_set(void **state)
{
	(void)state;
	vc_error_clear();
	assert_string_equal(vc_error_last(), "");
	assert_int_equal(vc_error_set(VC_EPARSE, "%s:%d:%d: unexpected '%c'", "a.conf", 3, 7, '='),
			 VC_EPARSE);
	assert_string_equal(vc_error_last(), "a.conf:3:7: unexpected '='");
	assert_string_equal(vc_error_problem(), vc_error_last());
	/* Wrapping the previous message in more context is allowed. */
	vc_error_set(VC_ERROR, "zoom: %s", vc_error_last());
	assert_string_equal(vc_error_last(), "zoom: a.conf:3:7: unexpected '='");
	vc_error_clear();
	assert_string_equal(vc_error_last(), "");
}

static void test_error_set_path(void **state)
{
	(void)state;
	assert_int_equal(vc_error_set_path(VC_ENOTFOUND, "/home/alice/x", "no such %s", "file"),
			 VC_ENOTFOUND);
	assert_string_equal(vc_error_last(), "/home/alice/x: no such file");
	assert_string_equal(vc_error_problem(), "no such file");
	vc_error_set_path(VC_ERROR, vc_error_last(), "again");
	assert_string_equal(vc_error_last(), "/home/alice/x: no such file: again");
	vc_error_set(VC_ERROR, "plain");
	assert_string_equal(vc_error_problem(), "plain");
	vc_error_clear();
	assert_string_equal(vc_error_problem(), "");
}

static void test_error_truncation(void **state)
{
	static const char *const chars[] = { "\xc3\xa6", "\xe2\x82\xac", "\xf0\x9f\x8e\xa5" };
	char *text = malloc(3000);
	size_t c, i, n, shift;

	(void)state;
	assert_non_null(text);
	/* Every character width at every alignment against the cut. */
	for (c = 0; c < 3; c++) {
		n = strlen(chars[c]);
		for (i = 0; i + n < 3000; i += n)
			memcpy(text + i, chars[c], n);
		text[i] = 0;
		for (shift = 0; shift < 4; shift++) {
			vc_error_set(VC_ERROR, "%.*s%s", (int)shift, "xxxx", text);
			assert_true(strlen(vc_error_last()) < VC_ERROR_MAX);
			assert_true(strlen(vc_error_last()) > VC_ERROR_MAX - 5);
			assert_true(utf8_ok(vc_error_last()));
		}
	}
	/* A path too long for the message still leaves room for the problem. */
	vc_error_set_path(VC_ELIMIT, text, "path too long");
	assert_true(strlen(vc_error_last()) < VC_ERROR_MAX);
	assert_true(utf8_ok(vc_error_last()));
	assert_string_equal(vc_error_problem(), "path too long");
	assert_non_null(strstr(vc_error_last(), "...: path too long"));
	free(text);
}

static void *other_thread(void *arg)
{
	(void)arg;
	vc_error_set(VC_EIO, "thread message");
	return strcmp(vc_error_last(), "thread message") ? (void *)1 : NULL;
}

static void test_error_thread_local(void **state)
{
	pthread_t t;
	void *res = (void *)1;

	(void)state;
	vc_error_set(VC_ERROR, "main message");
	assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
	assert_int_equal(pthread_join(t, &res), 0);
	assert_null(res);
	assert_string_equal(vc_error_last(), "main message");
}

static void test_diag_fields(void **state)
{
	struct vc_diags d = { 0 };
	char source[64] = "/home/user-1234abcd/.config/zoomus.conf";

	(void)state;
	vc_diag_add(&d, "zoom", source, 12, 3, "unknown key \"%s\"", "Foo");
	vc_diag_add(&d, NULL, NULL, 0, 0, "no product");
	source[0] = 'X';   /* the list keeps its own copy */
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].product, "zoom");
	assert_string_equal(d.v[0].source, "/home/user-1234abcd/.config/zoomus.conf");
	assert_int_equal(d.v[0].line, 12);
	assert_int_equal(d.v[0].col, 3);
	assert_string_equal(d.v[0].message, "unknown key \"Foo\"");
	assert_null(d.v[1].product);
	assert_null(d.v[1].source);
	assert_string_equal(d.v[1].message, "no product");
	vc_diags_free(&d);
	assert_int_equal(d.n, 0);
	assert_null(d.v);
	vc_diag_add(&d, "teams", NULL, 1, 1, "reused");
	assert_int_equal(d.n, 1);
	vc_diags_free(&d);
	vc_diags_free(&d);
	vc_diags_free(NULL);
	vc_diag_add(NULL, NULL, NULL, 0, 0, "ignored");
}

static void test_diag_long_message(void **state)
{
	struct vc_diags d = { 0 };
	char *big = malloc(6000), *src;
	size_t i, len, shift;

	(void)state;
	assert_non_null(big);
	for (i = 0; i + 3 < 6000; i += 3)
		memcpy(big + i, "\xe2\x82\xac", 3);   /* "€" */
	big[i] = 0;
	/* Each alignment of the 3-byte characters against both cuts. */
	for (shift = 0; shift < 3; shift++) {
		src = vc_asprintf("%.*s%s", (int)shift, "xx", big);
		assert_non_null(src);
		vc_diag_add(&d, "zoom", src, 1, 1, "%sbad value \"%s\"", src, big);
		free(src);
	}
	assert_int_equal(d.n, 3);
	for (i = 0; i < d.n; i++) {
		len = strlen(d.v[i].message);
		assert_true(len <= VC_DIAG_MSG_MAX);
		assert_true(len > VC_DIAG_MSG_MAX - 8);
		assert_string_equal(d.v[i].message + len - 3, "...");
		assert_true(utf8_ok(d.v[i].message));
		assert_true(strlen(d.v[i].source) <= 4096);
		assert_true(strlen(d.v[i].source) > 4090);
		assert_true(utf8_ok(d.v[i].source));
	}
	free(big);
	vc_diags_free(&d);
}

static void test_diag_cap(void **state)
{
	struct vc_diags d = { 0 };
	int i;

	(void)state;
	for (i = 0; i < VC_DIAG_MAX; i++)
		vc_diag_add(&d, "zoom", "/f", i, 0, "problem %d", i);
	assert_int_equal(d.n, VC_DIAG_MAX);
	assert_int_equal(d.dropped, 0);
	assert_string_equal(d.v[VC_DIAG_MAX - 1].message, "problem 9999");
	/* One more: the last entry turns into a summary counting both. */
	vc_diag_add(&d, "zoom", "/f", 0, 0, "problem %d", VC_DIAG_MAX);
	assert_int_equal(d.n, VC_DIAG_MAX);
	assert_string_equal(d.v[VC_DIAG_MAX - 2].message, "problem 9998");
	assert_string_equal(d.v[VC_DIAG_MAX - 1].message,
			    "too many diagnostics (limit 10000), 2 more dropped");
	assert_null(d.v[VC_DIAG_MAX - 1].source);
	assert_null(d.v[VC_DIAG_MAX - 1].product);
	assert_int_equal(d.v[VC_DIAG_MAX - 1].line, 0);
	for (i = 0; i < 100000; i++)
		vc_diag_add(&d, "zoom", "/f", 0, 0, "more");
	assert_int_equal(d.n, VC_DIAG_MAX);
	assert_true(d.cap <= VC_DIAG_MAX);
	assert_int_equal(d.dropped, 100002);
	assert_string_equal(d.v[VC_DIAG_MAX - 1].message,
			    "too many diagnostics (limit 10000), 100002 more dropped");
	vc_diags_free(&d);
	assert_int_equal(d.dropped, 0);
}

static void test_strings(void **state)
{
	char *s;

	(void)state;
	assert_null(vc_strdup(NULL));
	assert_null(vc_strndup(NULL, 3));
	s = vc_strdup("jitsi");
	assert_string_equal(s, "jitsi");
	free(s);
	s = vc_strndup("jitsi", 3);
	assert_string_equal(s, "jit");
	free(s);
	s = vc_strndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
	s = vc_asprintf("%s-%04d", "bbb", 7);
	assert_string_equal(s, "bbb-0007");
	free(s);
	s = vc_asprintf("%s", "");
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_set),
		cmocka_unit_test(test_error_set_path),
		cmocka_unit_test(test_error_truncation),
		cmocka_unit_test(test_error_thread_local),
		cmocka_unit_test(test_diag_fields),
		cmocka_unit_test(test_diag_long_message),
		cmocka_unit_test(test_diag_cap),
		cmocka_unit_test(test_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
