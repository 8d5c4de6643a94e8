/* The upload spool (fleet/spool.h): order, cap, atomic files, corrupt files. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "testutil.h"
#include "fleet/spool.h"

#define REPORT "{\"schema\": \"vcaudit.report/1\", \"target\": {\"name\": \"h\"}}\n"
#define T1 ((time_t)1795600000)   /* 2026-11-25T09:46:40Z */
#define T2 ((time_t)1795686400)   /* a day later */

struct fx {
	char top[64];
	char dir[128];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->top, sizeof(f->top), "/tmp/vcaudit-spool.XXXXXX");
	assert_non_null(mkdtemp(f->top));
	/* parents are created too */
	snprintf(f->dir, sizeof(f->dir), "%s/state/vcaudit/spool", f->top);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->top);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static char *path_of(const struct fx *f, const char *name)
{
	static char p[256];

	snprintf(p, sizeof(p), "%s/%s", f->dir, name);
	return p;
}

static void put_file(const struct fx *f, const char *name, const char *text)
{
	FILE *fp = fopen(path_of(f, name), "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void test_oldest_first_and_private(void **state)
{
	struct fx *f = *state;
	struct vc_spool sp;
	struct vc_spool_list l;
	struct vc_buf b = VC_BUF_INIT(0);
	char a[VC_SPOOL_NAME_MAX], c[VC_SPOOL_NAME_MAX], d[VC_SPOOL_NAME_MAX];
	struct stat st;

	assert_int_equal(vc_spool_open(&sp, f->dir, VC_SPOOL_MAX_DEFAULT), 0);
	assert_int_equal(stat(f->dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* spooled newest first, and two of the same second */
	assert_int_equal(vc_spool_add(a, &sp, REPORT, strlen(REPORT), T2, NULL), 0);
	assert_int_equal(vc_spool_add(c, &sp, REPORT, strlen(REPORT), T1, NULL), 0);
	assert_int_equal(vc_spool_add(d, &sp, "{\"schema\": \"vcaudit.report/1\"}", 30, T1, NULL),
			 0);
	assert_string_equal(a, "20261126T094640Z-000000001.json");
	assert_string_equal(c, "20261125T094640Z-000000002.json");
	assert_string_equal(d, "20261125T094640Z-000000003.json");
	assert_int_equal(vc_spool_list(&l, &sp), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.names[0], c);
	assert_string_equal(l.names[1], d);
	assert_string_equal(l.names[2], a);
	assert_int_equal(l.bytes, 2 * strlen(REPORT) + 30);
	vc_spool_list_free(&l);
	/* 0600, and no temporary file left behind */
	assert_int_equal(stat(path_of(f, a), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -q tmp", f->dir);
		assert_int_equal(system(cmd), 256);
	}
	assert_int_equal(vc_spool_read(&b, &sp, c), 0);
	assert_string_equal(b.ptr, REPORT);
	/* delivered: gone */
	assert_int_equal(vc_spool_remove(&sp, c), 0);
	assert_int_equal(vc_spool_list(&l, &sp), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.names[0], d);
	vc_spool_list_free(&l);
	vc_buf_free(&b);
	vc_spool_close(&sp);
	vc_spool_close(&sp);
}

static void test_cap_refuses_the_new_report(void **state)
{
	struct fx *f = *state;
	struct vc_spool sp;
	struct vc_spool_list l;
	char name[VC_SPOOL_NAME_MAX], *big = malloc(2000);
	unsigned long long used = 0;

	assert_non_null(big);
	memset(big, ' ', 2000);
	memcpy(big, REPORT, strlen(REPORT));
	assert_int_equal(vc_spool_open(&sp, f->dir, 3000), 0);
	assert_int_equal(vc_spool_add(name, &sp, big, 2000, T1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(vc_spool_add(name, &sp, big, 1001, T2, &used), VC_ELIMIT);
	assert_string_equal(name, "");
	assert_int_equal(used, 2000);
	/* exactly up to the cap still fits */
	assert_int_equal(vc_spool_add(name, &sp, big, 1000, T2, &used), 0);
	assert_int_equal(vc_spool_list(&l, &sp), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.bytes, 3000);
	/* the older report is the one kept */
	assert_string_equal(l.names[0], "20261125T094640Z-000000001.json");
	vc_spool_list_free(&l);
	assert_int_equal(vc_spool_add(name, &sp, big, 1, T2, &used), VC_ELIMIT);
	vc_spool_close(&sp);
	free(big);
}

static void test_corrupt_files_are_set_aside(void **state)
{
	struct fx *f = *state;
	struct vc_spool sp;
	struct vc_spool_list l;
	struct vc_buf b = VC_BUF_INIT(0);
	char name[VC_SPOOL_NAME_MAX];
	size_t i;

	assert_int_equal(vc_spool_open(&sp, f->dir, VC_SPOOL_MAX_DEFAULT), 0);
	put_file(f, "20260101T000000Z-000000001.json", "{\"schema\": \"vcaudit.rep");
	put_file(f, "20260101T000000Z-000000002.json", "{\"schema\": \"other/1\"}");
	assert_int_equal(symlink("/etc/passwd", path_of(f, "20260101T000000Z-000000003.json")),
			 0);
	assert_int_equal(mkdir(path_of(f, "20260101T000000Z-000000004.json"), 0700), 0);
	put_file(f, "notes.txt", "not a report name: ignored");
	assert_int_equal(vc_spool_add(name, &sp, REPORT, strlen(REPORT), T1, NULL), 0);
	/* numbering goes on above what is there */
	assert_string_equal(name, "20261125T094640Z-000000005.json");
	assert_int_equal(vc_spool_list(&l, &sp), 0);
	assert_int_equal(l.n, 5);
	for (i = 0; i < 4; i++) {
		assert_int_equal(vc_spool_read(&b, &sp, l.names[i]), VC_EPARSE);
		assert_null(b.ptr);
		assert_non_null(strstr(vc_error_last(), l.names[i]));
		assert_int_equal(vc_spool_set_aside(&sp, l.names[i]), 0);
	}
	assert_int_equal(vc_spool_read(&b, &sp, l.names[4]), 0);
	vc_spool_list_free(&l);
	assert_int_equal(vc_spool_list(&l, &sp), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.corrupt, 4);
	vc_spool_list_free(&l);
	assert_int_equal(access(path_of(f, "20260101T000000Z-000000001.json.corrupt"), F_OK), 0);
	/* gone meanwhile (another run delivered it) */
	assert_int_equal(vc_spool_read(&b, &sp, "20261125T094640Z-000000009.json"),
			 VC_ENOTFOUND);
	vc_buf_free(&b);
	vc_spool_close(&sp);
}

static void test_stale_temporary_files_removed(void **state)
{
	struct fx *f = *state;
	struct vc_spool sp;
	struct vc_spool_list l;
	struct timeval old[2] = { { time(NULL) - 7200, 0 }, { time(NULL) - 7200, 0 } };

	assert_int_equal(vc_spool_open(&sp, f->dir, VC_SPOOL_MAX_DEFAULT), 0);
	put_file(f, ".tmp-99-1", "half a report from a run that died");
	put_file(f, ".tmp-98-1", "being written right now");
	assert_int_equal(utimes(path_of(f, ".tmp-99-1"), old), 0);
	assert_int_equal(vc_spool_list(&l, &sp), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(l.bytes, strlen("being written right now"));
	vc_spool_list_free(&l);
	assert_int_equal(access(path_of(f, ".tmp-99-1"), F_OK), -1);
	assert_int_equal(access(path_of(f, ".tmp-98-1"), F_OK), 0);
	vc_spool_close(&sp);
}

static void test_directory_must_be_private_and_ours(void **state)
{
	struct fx *f = *state;
	struct vc_spool sp;
	struct stat st;

	assert_int_equal(vc_spool_open(&sp, f->dir, VC_SPOOL_MAX_DEFAULT), 0);
	vc_spool_close(&sp);
	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(vc_spool_open(&sp, f->dir, VC_SPOOL_MAX_DEFAULT), 0);
	vc_spool_close(&sp);
	assert_int_equal(stat(f->dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	if (geteuid() == 0) {
		assert_int_equal(chown(f->dir, 65534, 65534), 0);
		assert_int_equal(vc_spool_open(&sp, f->dir, VC_SPOOL_MAX_DEFAULT), VC_EUNSAFE);
		assert_int_equal(sp.fd, -1);
		assert_non_null(strstr(vc_error_last(), "not by this user"));
		vc_spool_close(&sp);
	}
	/* a symlink as the spool itself is refused */
	assert_int_equal(symlink(f->dir, path_of(f, "../link")), 0);
	snprintf(f->dir + strlen(f->dir), sizeof(f->dir) - strlen(f->dir), "/../link");
	assert_true(vc_spool_open(&sp, f->dir, VC_SPOOL_MAX_DEFAULT) < 0);
	vc_spool_close(&sp);
}

static void test_lock_is_exclusive(void **state)
{
	struct fx *f = *state;
	struct vc_spool a, b;

	assert_int_equal(vc_spool_open(&a, f->dir, VC_SPOOL_MAX_DEFAULT), 0);
	assert_int_equal(vc_spool_open(&b, f->dir, VC_SPOOL_MAX_DEFAULT), 0);
	assert_int_equal(vc_spool_lock(&a, 0), 0);
	assert_int_equal(vc_spool_lock(&b, 100), VC_ELIMIT);
	vc_spool_close(&a);
	assert_int_equal(vc_spool_lock(&b, 100), 0);
	vc_spool_close(&b);
}

static void test_names_and_default_dir(void **state)
{
	char *d;

	(void)state;
	assert_true(vc_spool_name_valid("20261125T094640Z-000000002.json"));
	assert_false(vc_spool_name_valid("20261125T094640Z-000000002.json.corrupt"));
	assert_false(vc_spool_name_valid("20261125T094640Z-00000000x.json"));
	assert_false(vc_spool_name_valid(".tmp-1-1"));
	assert_false(vc_spool_name_valid("../../etc/passwd"));
	setenv("XDG_STATE_HOME", "/srv/state", 1);
	d = vc_spool_default_dir();
	assert_string_equal(d, geteuid() == 0 ? "/var/lib/vcaudit/spool" :
			    "/srv/state/vcaudit/spool");
	free(d);
	unsetenv("XDG_STATE_HOME");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_oldest_first_and_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_refuses_the_new_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_files_are_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_temporary_files_removed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_must_be_private_and_ours, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lock_is_exclusive, setup, teardown),
		cmocka_unit_test(test_names_and_default_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
