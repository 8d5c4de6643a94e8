/* Which collector URLs `scan --upload` accepts (fleet/upload.h). */
#include "testutil.h"
#include "fleet/upload.h"

static void test_https_anywhere_http_only_loopback(void **state)
{
	static const char *const good[] = {
		"https://collector.example.org/reports",
		"HTTPS://collector.example.org:8443/r?site=dk",
		"http://127.0.0.1:8080/reports",
		"http://127.200.3.4/r",
		"http://localhost:9000/",
		"http://LOCALHOST/r",
		"http://[::1]:8080/r",
		NULL
	};
	static const char *const bad[] = {
		"http://collector.example.org/reports",    /* token in clear over a network */
		"http://10.0.0.1/r",
		"http://127.0.0.1.evil.example/r",         /* looks local, is not */
		"http://[::ffff:10.0.0.1]/r",
		"http://[fe80::1]/r",
		"ftp://collector.example.org/r",
		"file:///etc/passwd",
		"https://user:secret@collector.example.org/r",   /* credentials in the URL */
		"collector.example.org/reports",
		"",
		NULL
	};
	size_t i;

	(void)state;
	for (i = 0; good[i]; i++)
		if (vc_upload_check_url(good[i]) != 0)
			fail_msg("refused %s: %s", good[i], vc_error_last());
	for (i = 0; bad[i]; i++)
		if (vc_upload_check_url(bad[i]) != VC_EPARSE)
			fail_msg("accepted %s", bad[i]);
	assert_int_equal(vc_upload_check_url("https://u:hunter2@c.example.org/"), VC_EPARSE);
	assert_null(strstr(vc_error_last(), "hunter2"));
	assert_int_equal(vc_upload_check_url("http://192.168.1.5/r"), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "use https://"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_https_anywhere_http_only_loopback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
