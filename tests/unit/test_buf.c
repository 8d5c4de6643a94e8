/* Capped growable buffer. */
#include <stdint.h>
#include "testutil.h"
#include "core/buf.h"

static void test_append(void **state)
{
	struct vc_buf b = VC_BUF_INIT(0);

	(void)state;
	assert_int_equal(vc_buf_puts(&b, "zoom"), 0);
	assert_int_equal(vc_buf_putc(&b, '-'), 0);
	assert_int_equal(vc_buf_put(&b, "teams\0x", 5), 0);
	assert_int_equal(vc_buf_printf(&b, " %d%s", 42, "!"), 0);
	assert_string_equal(b.ptr, "zoom-teams 42!");
	assert_int_equal(b.size, 14);
	assert_int_equal(b.ptr[b.size], 0);
	assert_true(b.asize > b.size);
	vc_buf_free(&b);
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
}

static void test_binary_and_empty(void **state)
{
	struct vc_buf b = VC_BUF_INIT(0);

	(void)state;
	/* An empty put still yields a valid empty string. */
	assert_int_equal(vc_buf_put(&b, NULL, 0), 0);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_int_equal(vc_buf_put(&b, "a\0b", 3), 0);
	assert_int_equal(b.size, 3);
	assert_memory_equal(b.ptr, "a\0b", 4);
	vc_buf_free(&b);
}

static void test_grows_large(void **state)
{
	struct vc_buf b = VC_BUF_INIT(0);
	char chunk[1000];
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		memset(chunk, 'a' + (int)(i % 26), sizeof(chunk));
		assert_int_equal(vc_buf_put(&b, chunk, sizeof(chunk)), 0);
	}
	assert_int_equal(b.size, 1000000);
	for (i = 0; i < 1000; i++)
		assert_int_equal(b.ptr[i * 1000 + 999], 'a' + (int)(i % 26));
	assert_int_equal(b.ptr[b.size], 0);
	vc_buf_free(&b);
}

static void test_cap(void **state)
{
	struct vc_buf b = VC_BUF_INIT(8);

	(void)state;
	assert_int_equal(vc_buf_puts(&b, "12345678"), 0);
	vc_error_clear();
	assert_int_equal(vc_buf_putc(&b, '9'), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "limit of 8 bytes"));
	/* A refused append leaves the content as it was. */
	assert_string_equal(b.ptr, "12345678");
	assert_int_equal(b.size, 8);
	assert_int_equal(vc_buf_printf(&b, "%s", "x"), VC_ELIMIT);
	assert_int_equal(vc_buf_put(&b, "", 0), 0);
	assert_true(b.asize <= 9);   /* never allocates past cap + NUL */
	vc_buf_clear(&b);
	assert_string_equal(b.ptr, "");
	assert_int_equal(vc_buf_printf(&b, "%08d", 7), 0);
	assert_string_equal(b.ptr, "00000007");
	assert_int_equal(vc_buf_printf(&b, "%08d", 7), VC_ELIMIT);
	vc_buf_free(&b);
	assert_int_equal(b.cap, 8);  /* the cap survives free, for reuse */
}

static void test_overflow(void **state)
{
	struct vc_buf b = VC_BUF_INIT(0);
	struct vc_buf huge = VC_BUF_INIT(SIZE_MAX);

	(void)state;
	assert_int_equal(vc_buf_puts(&b, "abc"), 0);
	/* need + size would wrap around: refused, not allocated small. */
	assert_int_equal(vc_buf_grow(&b, SIZE_MAX), VC_ELIMIT);
	assert_int_equal(vc_buf_grow(&b, SIZE_MAX - 2), VC_ELIMIT);
	assert_int_equal(vc_buf_grow(&b, VC_BUF_DEFAULT_CAP), VC_ELIMIT);
	assert_int_equal(vc_buf_grow(&b, VC_BUF_DEFAULT_CAP - 3), 0);
	assert_string_equal(b.ptr, "abc");
	vc_buf_free(&b);
	assert_int_equal(vc_buf_puts(&huge, "ok"), 0);
	assert_int_equal(vc_buf_grow(&huge, SIZE_MAX), VC_ELIMIT);
	assert_string_equal(huge.ptr, "ok");
	vc_buf_free(&huge);
}

static void test_detach(void **state)
{
	struct vc_buf b = VC_BUF_INIT(16);
	char *s;

	(void)state;
	s = vc_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(vc_buf_puts(&b, "report"), 0);
	s = vc_buf_detach(&b);
	assert_string_equal(s, "report");
	assert_null(b.ptr);
	assert_int_equal(b.size, 0);
	assert_int_equal(b.asize, 0);
	assert_int_equal(b.cap, 16);
	/* The buffer is usable again and independent of the detached string. */
	assert_int_equal(vc_buf_puts(&b, "again"), 0);
	assert_string_equal(s, "report");
	assert_string_equal(b.ptr, "again");
	free(s);
	vc_buf_free(&b);
	vc_buf_free(&b);
	vc_buf_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_binary_and_empty),
		cmocka_unit_test(test_grows_large),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_detach),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
