/* jsonlines: every member's line, BOM-tolerant parsing without excerpts. */
#include "testutil.h"

#include "core/err.h"
#include "parsers/jsonlines.h"

static json_t *lines_of(const char *text)
{
	json_t *l = NULL;

	assert_int_equal(vc_json_lines(&l, text, strlen(text)), 0);
	return l;
}

static void test_paths_and_lines(void **state)
{
	static const char text[] =
		"\xEF\xBB\xBF[\n"
		"  {\n"
		"    \"Identity\": \"Global\",\n"
		"    \"AllowCloudRecording\": true,\n"
		"    \"Nested\": {\"a.b\": [1, {\"c\": null}]}\n"
		"  },\n"
		"  {\"Identity\": \"Tag:Strict \\\"x\\\"\", \"N\": -1}\n"
		"]\n";
	json_t *l = lines_of(text);

	(void)state;
	assert_int_equal(vc_json_line(l, "0.Identity"), 3);
	assert_int_equal(vc_json_line(l, "0.AllowCloudRecording"), 4);
	assert_int_equal(vc_json_line(l, "0.Nested"), 5);
	/* a '.' inside a key is escaped so paths stay unambiguous */
	assert_int_equal(vc_json_line(l, "0.Nested.a\\.b.1.c"), 5);
	assert_int_equal(vc_json_line(l, "1.N"), 7);
	assert_int_equal(vc_json_line(l, "0"), 2);
	assert_int_equal(vc_json_line(l, "2.Identity"), 0);
	json_decref(l);
}

static void test_corpus_export(void **state)
{
	size_t len;
	char *text;
	json_t *l, *doc;

	(void)state;
	text = vc_test_corpus_file("teams", "scubagear-ProviderSettingsExport.json", &len);
	assert_int_equal(vc_json_lines(&l, text, len), 0);
	assert_int_equal(vc_json_line(l, "meeting_policies.0.AllowCloudRecording"), 18333);
	assert_int_equal(vc_json_parse(&doc, text, len, NULL, NULL), 0);
	assert_true(json_is_array(json_object_get(doc, "meeting_policies")));
	json_decref(doc);
	json_decref(l);
	free(text);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"{\"a\": 1", "{\"a\" 1}", "[1, 2", "{\"a\": \"secret-value}", "{\"a\": 1} x",
		"{\"a\": @}", "",
	};
	json_t *l = (json_t *)1, *doc = (json_t *)1;
	size_t i;
	int line = 0, col = 0;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(vc_json_lines(&l, bad[i], strlen(bad[i])), VC_EPARSE);
		assert_null(l);
		assert_null(strstr(vc_error_last(), "secret"));
	}
	assert_int_equal(vc_json_parse(&doc, "{\n\"pw\": \"secret-value\"\n,}", 24, &line, &col),
			 VC_EPARSE);
	assert_null(doc);
	assert_int_equal(line, 3);
	assert_null(strstr(vc_error_last(), "secret"));
	assert_non_null(strstr(vc_error_last(), "line 3"));
	/* duplicate keys are refused: which one a tool reads is ambiguous */
	assert_int_equal(vc_json_parse(&doc, "{\"a\": 1, \"a\": 2}", 16, NULL, NULL), VC_EPARSE);
}

static void test_depth_limit(void **state)
{
	char *deep = malloc(200001);
	json_t *l;

	(void)state;
	assert_non_null(deep);
	memset(deep, '[', 100000);
	memset(deep + 100000, ']', 100000);
	deep[200000] = 0;
	assert_int_equal(vc_json_lines(&l, deep, 200000), VC_ELIMIT);
	memset(deep, 0, 200001);
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	assert_int_equal(vc_json_lines(&l, deep, 128), 0);
	json_decref(l);
	free(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths_and_lines),
		cmocka_unit_test(test_corpus_export),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
