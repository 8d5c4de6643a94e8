/*
 * The export file of `vcaudit fetch` (auditor/fetch/export_file.c): the JSON
 * strings it writes read back as the values that were pulled.
 */
#include "testutil.h"
#include "fetch/fetch.h"

static char *put(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	vc_export_put_string(f, s);
	assert_int_equal(fclose(f), 0);
	return out;
}

/* What was written parses (Jansson) back to `want`. */
static void reads_back(const char *s, const char *want)
{
	char *out = put(s);
	json_error_t e;
	json_t *v = json_loads(out, JSON_DECODE_ANY, &e);

	assert_non_null(v);
	assert_string_equal(json_string_value(v), want);
	json_decref(v);
	free(out);
}

static void test_strings_read_back(void **state)
{
	char *out;

	(void)state;
	reads_back("bo.hansen@example.dk", "bo.hansen@example.dk");
	reads_back("a \"quoted\" back\\slash", "a \"quoted\" back\\slash");
	reads_back("tab\tnew\nline\x01\x7f", "tab\tnew\nline\x01\x7f");
	reads_back("Søren Ærø-Åse", "Søren Ærø-Åse");
	reads_back("emoji \xf0\x9f\x8e\xa5", "emoji \xf0\x9f\x8e\xa5");
	reads_back("", "");
	/* Bytes that are not UTF-8 become U+FFFD: the export stays readable. */
	reads_back("bad \xff\xfe end \xc3", "bad \xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd");
	out = put(NULL);
	assert_string_equal(out, "null");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
