/* Sandboxed evaluation: results, errors, limits, and nothing left behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "testutil.h"
#include "core/err.h"
#include "parsers/sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;   /* the directory itself */
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int fn_json(struct vc_buf *result, const void *arg)
{
	return vc_buf_printf(result, "{\"answer\": %d, \"pid\": %d}", *(const int *)arg,
			     (int)getpid());
}

static int fn_error(struct vc_buf *result, const void *arg)
{
	(void)result;
	(void)arg;
	return vc_error_set(VC_EPARSE, "line 7: syntax error");
}

static int fn_garbage(struct vc_buf *result, const void *arg)
{
	(void)arg;
	return vc_buf_puts(result, "{not json");
}

static int fn_spin(struct vc_buf *result, const void *arg)
{
	volatile unsigned long n = 0;

	(void)result;
	(void)arg;
	for (;;)
		n++;
	return 0;
}

static int fn_sleep(struct vc_buf *result, const void *arg)
{
	(void)result;
	(void)arg;
	for (;;)
		pause();
	return 0;
}

static int fn_abort(struct vc_buf *result, const void *arg)
{
	(void)result;
	(void)arg;
	abort();
}

static int fn_flood(struct vc_buf *result, const void *arg)
{
	static char block[65536];
	int i;

	(void)result;
	(void)arg;
	memset(block, 'x', sizeof(block));
	for (i = 0; i < 64; i++) {   /* past the parent's cap, around fn's buffer */
		if (write(0, block, sizeof(block)) < 0)
			break;
	}
	return 0;
}

/* Try to open files, sockets and processes; report what worked. */
static int fn_escape(struct vc_buf *result, const void *arg)
{
	int fd = open("/proc/self/status", O_RDONLY);
	int sock = socket(AF_INET, SOCK_STREAM, 0);
	FILE *f = fopen((const char *)arg, "w");
	int open_errno = errno;

	return vc_buf_printf(result, "{\"open\": %d, \"socket\": %d, \"fopen\": %d, \"errno\": %d}",
			     fd >= 0, sock >= 0, f != NULL, open_errno);
}

static int fn_eat(struct vc_buf *result, const void *arg)
{
	size_t i;
	char *p;

	(void)result;
	(void)arg;
	for (i = 0; i < 64; i++) {   /* 64 GiB, far beyond the limit */
		p = malloc((size_t)1 << 30);
		if (!p)
			return vc_error_set(VC_ENOMEM, "out of memory");
		memset(p, 1, (size_t)1 << 30);
	}
	return vc_error_set(VC_ERROR, "the memory limit did not work");
}

static void test_result(void **state)
{
	json_t *out = NULL;
	int answer = 42;

	(void)state;
	assert_int_equal(vc_sandbox_run(&out, fn_json, &answer, NULL), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "answer")), 42);
	/* it ran in another process */
	assert_int_not_equal(json_integer_value(json_object_get(out, "pid")), getpid());
	json_decref(out);
}

static void test_error_passed_back(void **state)
{
	json_t *out = NULL;

	(void)state;
	assert_int_equal(vc_sandbox_run(&out, fn_error, NULL, NULL), VC_EPARSE);
	assert_null(out);
	assert_string_equal(vc_error_last(), "line 7: syntax error");
	assert_int_equal(vc_sandbox_run(&out, fn_garbage, NULL, NULL), VC_ERROR);
	assert_string_equal(vc_error_last(), "evaluation returned malformed JSON");
}

static void test_timeout(void **state)
{
	struct vc_sandbox_limits lim = { 300, 5, 0, 0 };
	struct timespec t0;
	json_t *out = NULL;
	double took;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(vc_sandbox_run(&out, fn_sleep, NULL, &lim), VC_ELIMIT);
	took = seconds_since(&t0);
	assert_string_equal(vc_error_last(), "evaluation timed out after 0.300 s");
	assert_true(took >= 0.29 && took < 1.5);
	assert_null(out);
}

static void test_default_timeout(void **state)
{
	struct timespec t0;
	json_t *out = NULL;
	double took;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(vc_sandbox_run(&out, fn_spin, NULL, NULL), VC_ELIMIT);
	took = seconds_since(&t0);
	assert_string_equal(vc_error_last(), "evaluation timed out after 2 s");
	assert_true(took < 3.5);
}

/* The CPU limit ends a busy child before a long wall-clock limit. */
static void test_cpu_limit(void **state)
{
	struct vc_sandbox_limits lim = { 20000, 1, 0, 0 };
	struct timespec t0;
	json_t *out = NULL;
	double took;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(vc_sandbox_run(&out, fn_spin, NULL, &lim), VC_ELIMIT);
	took = seconds_since(&t0);
	assert_string_equal(vc_error_last(), "evaluation used more than 1 s of CPU time");
	assert_true(took < 5);
}

static void test_crash(void **state)
{
	json_t *out = NULL;
	char want[64];

	(void)state;
	assert_int_equal(vc_sandbox_run(&out, fn_abort, NULL, NULL), VC_ERROR);
	snprintf(want, sizeof(want), "evaluation crashed (signal %d)", SIGABRT);
	assert_string_equal(vc_error_last(), want);
}

static void test_result_cap(void **state)
{
	struct vc_sandbox_limits lim = { 0, 0, 0, 4096 };
	json_t *out = NULL;

	(void)state;
	assert_int_equal(vc_sandbox_run(&out, fn_flood, NULL, &lim), VC_ELIMIT);
	assert_string_equal(vc_error_last(), "evaluation result is larger than 4096 bytes");
	assert_null(out);
}

static void test_no_files(void **state)
{
	json_t *out = NULL;
	char canary[64];

	(void)state;
	/* a name of its own, so parallel runs of this test cannot disturb it */
	snprintf(canary, sizeof(canary), "/tmp/vcaudit-sandbox-test.%d", (int)getpid());
	unlink(canary);
	assert_int_equal(vc_sandbox_run(&out, fn_escape, canary, NULL), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "open")), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "socket")), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "fopen")), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "errno")), EMFILE);
	assert_int_equal(access(canary, F_OK), -1);
	json_decref(out);
}

static void test_memory_limit(void **state)
{
	struct vc_sandbox_limits lim = { 10000, 10, (size_t)64 << 20, 0 };
	json_t *out = NULL;

	(void)state;
#ifdef TEST_ASAN
	skip();   /* no RLIMIT_AS under ASan: the engines' heap caps apply instead */
#endif
	assert_int_equal(vc_sandbox_run(&out, fn_eat, NULL, &lim), VC_ELIMIT);
	assert_string_equal(vc_error_last(), "evaluation exceeded its memory limit");
}

static void test_heap_cap(void **state)
{
	struct vc_sandbox_heap h = { 0, 1000, 0 };
	char *a, *b;

	(void)state;
	a = vc_sandbox_alloc(&h, 400);
	assert_non_null(a);
	memset(a, 1, 400);
	assert_null(vc_sandbox_alloc(&h, 600));   /* 400 + 600 + headers > 1000 */
	assert_true(h.hit);
	b = vc_sandbox_realloc(&h, a, 800);
	assert_non_null(b);
	assert_int_equal(b[399], 1);
	assert_null(vc_sandbox_realloc(&h, b, 2000));
	vc_sandbox_free(&h, b);
	vc_sandbox_free(&h, NULL);
	assert_int_equal(h.used, 0);
}

/* Every path above reaped its child and closed its pipe. */
static void test_nothing_left(void **state)
{
	int fds = open_fds(), answer = 1, i, status;
	json_t *out = NULL;
	struct vc_sandbox_limits lim = { 100, 0, 0, 1024 };

	(void)state;
	for (i = 0; i < 8; i++) {
		vc_sandbox_run(&out, fn_json, &answer, NULL);
		json_decref(out);
		vc_sandbox_run(&out, fn_error, NULL, NULL);
		vc_sandbox_run(&out, fn_sleep, NULL, &lim);
		vc_sandbox_run(&out, fn_flood, NULL, &lim);
	}
	assert_int_equal(open_fds(), fds);
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_result),
		cmocka_unit_test(test_error_passed_back),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_default_timeout),
		cmocka_unit_test(test_cpu_limit),
		cmocka_unit_test(test_crash),
		cmocka_unit_test(test_result_cap),
		cmocka_unit_test(test_no_files),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_heap_cap),
		cmocka_unit_test(test_nothing_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
