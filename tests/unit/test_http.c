/* auditor/net/http.c against the local HTTPS stand-in (tests/tools/fetch_standin.py). */
#include "testutil.h"

#include <signal.h>
#include <sys/time.h>
#include <fcntl.h>
#include <unistd.h>

#include "net/http.h"

static char dir[64];
static char base[128];        /* https://127.0.0.1:PORT */
static char cafile[128];

#define SECRET "Bearer s3cr3t-TOKEN-do-not-print"

static int start_server(void **state)
{
	char cmd[512], *port;
	size_t n;

	snprintf(dir, sizeof(dir), "/tmp/vc-http-test.%ld", (long)getpid());
	snprintf(cmd, sizeof(cmd), "sh tests/tools/standin.sh start %s >/dev/null", dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/port", dir);
	port = vc_test_slurp(cmd, &n);
	snprintf(base, sizeof(base), "https://127.0.0.1:%s", port);
	free(port);
	snprintf(cafile, sizeof(cafile), "%s/ca.pem", dir);
	return 0;
}

static int stop_server(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "sh tests/tools/standin.sh stop %s; rm -rf %s", dir, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct vc_http *client(int retries, size_t max_body, long timeout_s)
{
	struct vc_http_opts o = { .cafile = cafile, .retries = retries, .backoff_ms = 20,
				  .max_wait_s = 5, .max_body = max_body, .timeout_s = timeout_s,
				  .connect_timeout_s = 5 };
	struct vc_http *h;

	assert_int_equal(vc_http_new(&h, &o), 0);
	return h;
}

static char *url(const char *path)
{
	static char u[512];

	snprintf(u, sizeof(u), "%s%s", base, path);
	return u;
}

static double now_s(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static void test_get_and_post(void **state)
{
	struct vc_http *h = client(0, 0, 0);
	struct vc_http_resp r;
	const char *hdrs[] = { "X-Test: yes", NULL };
	struct vc_http_req req = { .url = url("/test/echo"), .headers = hdrs, .auth = SECRET };
	json_t *j;

	assert_int_equal(vc_http_request(&r, h, &req), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 1);
	assert_non_null(r.content_type);
	j = json_loads(r.body.ptr, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "method")), "GET");
	assert_string_equal(json_string_value(json_object_get(j, "auth")), SECRET);
	assert_string_equal(json_string_value(json_object_get(j, "x")), "yes");
	json_decref(j);
	vc_http_resp_free(&r);

	assert_int_equal(vc_http_post(&r, h, url("/test/echo"), NULL, "application/x-ndjson",
				      "{\"a\":1}", 7), 0);
	j = json_loads(r.body.ptr, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "method")), "POST");
	assert_string_equal(json_string_value(json_object_get(j, "body")), "{\"a\":1}");
	assert_string_equal(json_string_value(json_object_get(j, "ctype")), "application/x-ndjson");
	assert_true(json_is_null(json_object_get(j, "auth")));
	json_decref(j);
	vc_http_resp_free(&r);
	vc_http_free(h);
}

/* A 404 is an error naming the URL without its query, never the credential. */
static void test_error_message(void **state)
{
	struct vc_http *h = client(3, 0, 0);
	struct vc_http_resp r;

	assert_int_equal(vc_http_get(&r, h, url("/test/status?code=404&token=QUERYSECRET"),
				     SECRET), VC_ERROR);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.attempts, 1);    /* a 404 is not retried */
	assert_non_null(strstr(vc_error_last(), "/test/status: HTTP 404"));
	assert_null(strstr(vc_error_last(), "QUERYSECRET"));
	assert_null(strstr(vc_error_last(), "s3cr3t"));
	vc_http_resp_free(&r);
	vc_http_free(h);
}

static int waits;
static long last_wait;

static void on_wait(void *ctx, const char *u, long status, long wait_ms, int attempt)
{
	waits++;
	last_wait = wait_ms;
	assert_null(strchr(u, '?'));
}

static void test_retry_5xx_backoff(void **state)
{
	struct vc_http *h = client(3, 0, 0);
	struct vc_http_resp r;

	waits = 0;
	vc_http_set_wait_cb(h, on_wait, NULL);
	assert_int_equal(vc_http_get(&r, h, url("/test/fail-then-ok?k=b5&n=2&code=503"), NULL), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(waits, 2);
	assert_int_equal(last_wait, 40);    /* 20 ms, then doubled */
	vc_http_resp_free(&r);
	/* more failures than retries: the last status is reported */
	assert_int_equal(vc_http_get(&r, h, url("/test/fail-then-ok?k=b6&n=9&code=500"), NULL),
			 VC_ERROR);
	assert_int_equal(r.status, 500);
	assert_int_equal(r.attempts, 4);
	vc_http_resp_free(&r);
	vc_http_free(h);
}

static void test_no_retry_when_zero(void **state)
{
	struct vc_http *h = client(0, 0, 0);
	struct vc_http_resp r;

	assert_int_equal(vc_http_get(&r, h, url("/test/fail-then-ok?k=z&n=1&code=503"), NULL),
			 VC_ERROR);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.status, 503);
	vc_http_resp_free(&r);
	vc_http_free(h);
}

/* 429 waits as long as Retry-After says, in seconds or as an HTTP date. */
static void test_retry_after(void **state)
{
	struct vc_http *h = client(2, 0, 0);
	struct vc_http_resp r;
	double t0 = now_s();

	assert_int_equal(vc_http_get(&r, h, url("/test/fail-then-ok?k=ra&n=1&code=429&ra=1"),
				     NULL), 0);
	assert_int_equal(r.attempts, 2);
	assert_true(now_s() - t0 >= 0.95);
	vc_http_resp_free(&r);
	t0 = now_s();
	assert_int_equal(vc_http_get(&r, h,
				     url("/test/fail-then-ok?k=rd&n=1&code=429&ra=date2"), NULL), 0);
	assert_int_equal(r.attempts, 2);
	assert_true(now_s() - t0 >= 0.9);   /* the date is whole seconds: 1..2 s */
	vc_http_resp_free(&r);
	/* a 429 after the retries are used up says so */
	assert_int_equal(vc_http_get(&r, h, url("/test/fail-then-ok?k=rx&n=5&code=429&ra=0"),
				     NULL), VC_ERROR);
	assert_non_null(strstr(vc_error_last(), "HTTP 429 (too many requests"));
	vc_http_resp_free(&r);
	vc_http_free(h);
}

static void test_body_cap(void **state)
{
	struct vc_http *h = client(3, 1000, 0);
	struct vc_http_resp r;

	assert_int_equal(vc_http_get(&r, h, url("/test/big?n=1000"), NULL), 0);
	assert_int_equal(r.body.size, 1000);
	vc_http_resp_free(&r);
	assert_int_equal(vc_http_get(&r, h, url("/test/big?n=1001"), NULL), VC_ELIMIT);
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(vc_error_last(), "longer than 1000 bytes"));
	vc_http_resp_free(&r);
	/* no Content-Length: cut while streaming */
	assert_int_equal(vc_http_get(&r, h, url("/test/chunked-big?n=4"), NULL), VC_ELIMIT);
	assert_true(r.body.size <= 1000);
	vc_http_resp_free(&r);
	vc_http_free(h);
}

/* Without the stand-in's CA the certificate is refused, and not retried. */
static void test_tls_verified(void **state)
{
	struct vc_http_opts o = { .retries = 3, .backoff_ms = 10 };
	struct vc_http *h;
	struct vc_http_resp r;

	assert_int_equal(vc_http_new(&h, &o), 0);
	assert_int_equal(vc_http_get(&r, h, url("/test/echo?x=1"), SECRET), VC_EIO);
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(vc_error_last(), "certificate"));
	assert_null(strstr(vc_error_last(), "x=1"));
	vc_http_resp_free(&r);
	vc_http_free(h);
	/* https only */
	h = client(0, 0, 0);
	assert_int_equal(vc_http_get(&r, h, "http://127.0.0.1:1/x", NULL), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "only https://"));
	vc_http_resp_free(&r);
	vc_http_free(h);
}

static void test_connection_errors(void **state)
{
	struct vc_http *h = client(2, 0, 1);
	struct vc_http_resp r;
	double t0;

	/* a dropped connection is retried */
	assert_int_equal(vc_http_get(&r, h, url("/test/drop-then-ok?k=d&n=1"), NULL), 0);
	assert_int_equal(r.attempts, 2);
	vc_http_resp_free(&r);
	/* nobody listening: retried, then a clear error */
	waits = 0;
	vc_http_set_wait_cb(h, on_wait, NULL);
	assert_int_equal(vc_http_get(&r, h, "https://127.0.0.1:1/x?q=1", SECRET), VC_EIO);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(waits, 2);
	assert_non_null(strstr(vc_error_last(), "https://127.0.0.1:1/x: "));
	vc_http_resp_free(&r);
	vc_http_free(h);
	/* a reply slower than the timeout */
	h = client(0, 0, 1);
	t0 = now_s();
	assert_int_equal(vc_http_get(&r, h, url("/test/sleep?s=3"), NULL), VC_EIO);
	assert_true(now_s() - t0 < 2.5);
	vc_http_resp_free(&r);
	vc_http_free(h);
}

static void test_retry_after_parse(void **state)
{
	assert_int_equal(vc_http_parse_retry_after("120", 0), 120);
	assert_int_equal(vc_http_parse_retry_after(" 7 ", 0), 7);
	assert_int_equal(vc_http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
						   1445412480 - 30), 30);
	assert_int_equal(vc_http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
						   1445412480 + 30), 0);
	assert_int_equal(vc_http_parse_retry_after("soon", 0), -1);
	assert_int_equal(vc_http_parse_retry_after("-5", 0), -1);
	assert_int_equal(vc_http_parse_retry_after("5x", 0), -1);
}

static void test_url_display_and_escape(void **state)
{
	char *s = vc_http_url_display("https://user:pw@api.example.com:8443/v2/users?"
				      "next_page_token=abc#frag");

	assert_string_equal(s, "https://api.example.com:8443/v2/users");
	free(s);
	s = vc_http_escape("a b&c=d/é~");
	assert_string_equal(s, "a%20b%26c%3Dd%2F%C3%A9~");
	free(s);
}

static void test_read_secret(void **state)
{
	char path[] = "/tmp/vc-secret.XXXXXX", *s;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc def \r\nsecond line\n", 22), 22);
	close(fd);
	assert_int_equal(vc_http_read_secret(&s, path, NULL), 0);
	assert_string_equal(s, "abc def");
	vc_http_secret_free(s);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "\n", 1), 1);
	close(fd);
	assert_int_equal(vc_http_read_secret(&s, path, NULL), VC_EPARSE);
	assert_null(s);
	unlink(path);
	assert_int_equal(vc_http_read_secret(&s, path, NULL), VC_ENOTFOUND);
	setenv("VC_TEST_SECRET", "from-env", 1);
	assert_int_equal(vc_http_read_secret(&s, NULL, "VC_TEST_SECRET"), 0);
	assert_string_equal(s, "from-env");
	vc_http_secret_free(s);
	unsetenv("VC_TEST_SECRET");
	assert_int_equal(vc_http_read_secret(&s, NULL, "VC_TEST_SECRET"), VC_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_and_post),
		cmocka_unit_test(test_error_message),
		cmocka_unit_test(test_retry_5xx_backoff),
		cmocka_unit_test(test_no_retry_when_zero),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_tls_verified),
		cmocka_unit_test(test_connection_errors),
		cmocka_unit_test(test_retry_after_parse),
		cmocka_unit_test(test_url_display_and_escape),
		cmocka_unit_test(test_read_secret),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, start_server, stop_server);
}
