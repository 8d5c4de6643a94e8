/* The registration tables: every entry named once, described, callable. */
#include "testutil.h"

#include "inputs/input.h"
#include "scanners/scanner.h"

static void test_scanners(void **state)
{
	size_t i, j;

	(void)state;
	assert_non_null(vc_scanners[0]);
	for (i = 0; vc_scanners[i]; i++) {
		const struct vc_scanner_entry *e = vc_scanners[i];

		assert_non_null(e->name);
		assert_non_null(e->product);
		assert_non_null(e->description);
		assert_non_null(e->scan);
		for (j = 0; j < i; j++)
			assert_string_not_equal(e->name, vc_scanners[j]->name);
	}
	/* later scanners use what earlier ones found */
	assert_string_equal(vc_scanners[0]->name, "homes");
}

static void test_input_handlers(void **state)
{
	size_t i, j;

	(void)state;
	assert_non_null(vc_input_handlers[0]);
	for (i = 0; vc_input_handlers[i]; i++) {
		const struct vc_input_handler_entry *e = vc_input_handlers[i];

		assert_non_null(e->name);
		assert_non_null(e->product);
		assert_non_null(e->description);
		assert_non_null(e->detect);
		assert_non_null(e->scan);
		for (j = 0; j < i; j++)
			assert_string_not_equal(e->name, vc_input_handlers[j]->name);
	}
}

/* No handler may claim what is not its kind: an empty file, plain text. */
static void test_handlers_refuse_foreign_content(void **state)
{
	static const char *const heads[] = { "", "hello world\n", "[1, 2, 3]", "{\"a\": 1}" };
	size_t i, k;

	(void)state;
	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++) {
		struct vc_input in = { 0 };

		in.display = in.name = "x";
		in.head = (const unsigned char *)heads[k];
		in.nhead = strlen(heads[k]);
		in.size = (int64_t)in.nhead;
		for (i = 0; vc_input_handlers[i]; i++)
			assert_int_equal(vc_input_handlers[i]->detect(&in), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scanners),
		cmocka_unit_test(test_input_handlers),
		cmocka_unit_test(test_handlers_refuse_foreign_content),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
