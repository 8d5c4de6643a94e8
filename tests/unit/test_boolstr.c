/* vc_bool_parse: every spelling PRODUCTS §0.1 lists, and nothing else. */
#include "testutil.h"
#include "core/err.h"
#include "parsers/boolstr.h"

static void expect(const char *s, int want)
{
	int v = -1;

	if (vc_bool_parse(&v, s) != 0)
		fail_msg("\"%s\" was refused: %s", s, vc_error_last());
	if (v != want)
		fail_msg("\"%s\" read as %d, want %d", s, v, want);
}

static void refuse(const char *s)
{
	int v = 42;

	if (vc_bool_parse(&v, s) != VC_EPARSE)
		fail_msg("\"%s\" was accepted as a boolean", s);
	assert_int_equal(v, 42);   /* the output is untouched */
}

static void test_true_spellings(void **state)
{
	(void)state;
	expect("1", 1);
	expect("yes", 1);
	expect("YES", 1);
	expect("Yes", 1);
	expect("true", 1);
	expect("TRUE", 1);
	expect("True", 1);
	expect("on", 1);
	expect("ON", 1);
}

static void test_false_spellings(void **state)
{
	(void)state;
	expect("0", 0);
	expect("no", 0);
	expect("NO", 0);
	expect("false", 0);
	expect("FALSE", 0);
	expect("fAlSe", 0);
	expect("off", 0);
	expect("Off", 0);
}

static void test_white_space_trimmed(void **state)
{
	(void)state;
	expect("false ", 0);          /* Java .properties trailing space */
	expect("  true", 1);
	expect("\tYES\r\n", 1);
	expect(" \v\f0\f ", 0);
}

static void test_everything_else_refused(void **state)
{
	(void)state;
	refuse("");
	refuse("   ");
	refuse("2");
	refuse("-1");
	refuse("01");
	refuse("1.0");
	refuse("y");
	refuse("n");
	refuse("t");
	refuse("yess");
	refuse("tru");
	refuse("truex");
	refuse("no way");
	refuse("\"true\"");
	refuse("enabled");
	refuse("\xC3\xBC");
	refuse(NULL);
	assert_non_null(strstr(vc_error_last(), "not a boolean"));
}

static void test_message_does_not_quote_value(void **state)
{
	int v;

	(void)state;
	assert_int_equal(vc_bool_parse(&v, "hunter2-secret"), VC_EPARSE);
	assert_null(strstr(vc_error_last(), "hunter2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_true_spellings),
		cmocka_unit_test(test_false_spellings),
		cmocka_unit_test(test_white_space_trimmed),
		cmocka_unit_test(test_everything_else_refused),
		cmocka_unit_test(test_message_does_not_quote_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
