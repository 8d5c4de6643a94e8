/* Root-confined file access: symlinks, escapes, loops, special files, limits. */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testtree.h"
#include "core/fsroot.h"

static char tree[64];
static struct vc_buf listing = VC_BUF_INIT(0);

static void put_file(const char *rel, const char *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put_dir(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void put_link(const char *rel, const char *target)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	assert_int_equal(symlink(target, path), 0);
}

static void put_socket(const char *rel)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s", tree, rel);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
}

/* Everything below the tree: name, type, size, mtime (nftw, no symlink following). */
static int list_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag;
	(void)ftw;
	return vc_buf_printf(&listing, "%s %o %lld %lld.%09ld\n", path, (unsigned)st->st_mode,
			     (long long)st->st_size, (long long)st->st_mtim.tv_sec,
			     st->st_mtim.tv_nsec);
}

static char *snapshot(void)
{
	vc_buf_clear(&listing);
	assert_int_equal(nftw(tree, list_one, 16, FTW_PHYS), 0);
	return vc_buf_detach(&listing);
}

static int setup_tree(void **state)
{
	static char big[1000];
	char path[256];
	int i;

	tt_mkdtemp(tree, sizeof(tree), "/tmp", "vcaudit-fsroot");
	assert_int_equal(chmod(tree, 0755), 0);
	put_dir("etc");
	put_file("etc/zoomus.conf", "[General]\n", 10);
	put_dir("home");
	put_dir("home/alice");
	put_dir("home/alice/.config");
	put_file("home/alice/.config/zoomus.conf", "a=1\n", 4);
	memset(big, 'x', sizeof(big));
	put_file("home/alice/big.bin", big, sizeof(big));
	put_file("home/alice/empty", "", 0);
	put_link("home/alice/cfg", "../../etc");            /* relative, stays inside */
	put_link("link_abs", "/etc/zoomus.conf");           /* absolute, rebased on the tree */
	put_link("home/alice/abs_cfg", "/etc/zoomus.conf");
	put_link("dir_link", "home/alice");
	put_link("escape", "../../../../../../etc/passwd"); /* relative, climbs out */
	put_link("home/alice/escape_dir", "../../..");
	put_link("abs_up", "/..");
	put_link("loop1", "loop2");
	put_link("loop2", "loop1");
	put_link("selfloop", "selfloop");
	put_link("devzero", "/dev/zero");                   /* means TREE/dev/zero */
	put_link("dangling", "nowhere");
	put_link("empty_target_parent", "etc/zoomus.conf/");
	snprintf(path, sizeof(path), "%s/fifo", tree);
	assert_int_equal(mkfifo(path, 0644), 0);
	put_socket("sock");
	/* A chain l1 -> l2 -> ... -> l40 -> etc/zoomus.conf is 40 links; l0 makes 41. */
	for (i = 0; i <= 40; i++) {
		char name[16], target[32];

		snprintf(name, sizeof(name), "l%d", i);
		if (i == 40)
			snprintf(target, sizeof(target), "etc/zoomus.conf");
		else
			snprintf(target, sizeof(target), "l%d", i + 1);
		put_link(name, target);
	}
	put_dir("locked");
	put_file("locked/secret", "s", 1);
	snprintf(path, sizeof(path), "%s/locked", tree);
	assert_int_equal(chmod(path, 0), 0);
	*state = snapshot();
	return 0;
}

static int teardown_tree(void **state)
{
	char *before = *state, *after, path[256];

	after = snapshot();
	/* Nothing below the root was created, removed or modified by the tests. */
	assert_string_equal(after, before);
	free(after);
	free(before);
	vc_buf_free(&listing);
	snprintf(path, sizeof(path), "%s/locked", tree);
	assert_int_equal(chmod(path, 0700), 0);
	assert_int_equal(tt_rmtree(tree), 0);
	return 0;
}

static void open_tree(struct vc_root *r)
{
	assert_int_equal(vc_root_open(r, tree), 0);
	assert_int_equal(r->live, 0);
	assert_string_equal(r->path, tree);
}

/* vc_root_read must fail with `code`, the message naming `show` and saying `why`. */
static void read_fails(const struct vc_root *r, const char *rel, size_t max, int code,
		       const char *show, const char *why)
{
	struct vc_buf b = VC_BUF_INIT(0);
	char want[512];

	assert_int_equal(vc_root_read(&b, r, rel, max), code);
	assert_int_equal(b.size, 0);
	snprintf(want, sizeof(want), "%s: ", show);
	if (strncmp(vc_error_last(), want, strlen(want)) || !strstr(vc_error_last(), why))
		fail_msg("%s: message \"%s\" lacks \"%s\" / \"%s\"", rel, vc_error_last(), want,
			 why);
	assert_non_null(strstr(vc_error_problem(), why));
	assert_null(strstr(vc_error_problem(), show));
	vc_buf_free(&b);
}

static void read_ok(const struct vc_root *r, const char *rel, const char *want)
{
	struct vc_buf b = VC_BUF_INIT(0);

	if (vc_root_read(&b, r, rel, 0) != 0)
		fail_msg("%s: %s", rel, vc_error_last());
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.size, strlen(want));
	vc_buf_free(&b);
}

/* vc_root_stat must resolve rel to `resolved` of `type`. */
static void stat_is(const struct vc_root *r, const char *rel, enum vc_ftype type,
		    const char *resolved)
{
	struct vc_stat st;

	if (vc_root_stat(&st, r, rel) != 0)
		fail_msg("%s: %s", rel, vc_error_last());
	assert_int_equal(st.type, type);
	assert_string_equal(st.resolved, resolved);
	free(st.resolved);
}

static void test_plain_files(void **state)
{
	struct vc_root r;

	(void)state;
	open_tree(&r);
	read_ok(&r, "/etc/zoomus.conf", "[General]\n");
	read_ok(&r, "etc/zoomus.conf", "[General]\n");
	read_ok(&r, "//etc/./zoomus.conf", "[General]\n");
	read_ok(&r, "/home/alice/.config/zoomus.conf", "a=1\n");
	read_ok(&r, "/home/alice/../alice/.config/../.config/zoomus.conf", "a=1\n");
	read_ok(&r, "/home/alice/empty", "");
	stat_is(&r, "/", VC_FT_DIR, "/");
	stat_is(&r, "", VC_FT_DIR, "/");
	stat_is(&r, "/home/alice/", VC_FT_DIR, "/home/alice");
	stat_is(&r, "/home/alice/..", VC_FT_DIR, "/home");
	stat_is(&r, "/home/..", VC_FT_DIR, "/");
	vc_root_close(&r);
	vc_root_close(&r);   /* a second close is harmless */
}

static void test_stat_fields(void **state)
{
	struct vc_root r;
	struct vc_stat st;
	struct stat real;
	char path[256];

	(void)state;
	open_tree(&r);
	assert_int_equal(vc_root_stat(&st, &r, "/home/alice/big.bin"), 0);
	snprintf(path, sizeof(path), "%s/home/alice/big.bin", tree);
	assert_int_equal(stat(path, &real), 0);
	assert_int_equal(st.type, VC_FT_FILE);
	assert_int_equal(st.bytes, 1000);
	assert_int_equal(st.mtime, real.st_mtim.tv_sec);
	assert_int_equal(st.dev, real.st_dev);
	assert_string_equal(st.resolved, "/home/alice/big.bin");
	free(st.resolved);
	vc_root_close(&r);
}

static void test_symlinks_inside(void **state)
{
	struct vc_root r;

	(void)state;
	open_tree(&r);
	/* An absolute target means the tree's /etc, not the host's. */
	read_ok(&r, "/link_abs", "[General]\n");
	stat_is(&r, "/link_abs", VC_FT_FILE, "/etc/zoomus.conf");
	read_ok(&r, "/home/alice/abs_cfg", "[General]\n");
	stat_is(&r, "/home/alice/abs_cfg", VC_FT_FILE, "/etc/zoomus.conf");
	read_ok(&r, "/home/alice/cfg/zoomus.conf", "[General]\n");
	stat_is(&r, "/home/alice/cfg", VC_FT_DIR, "/etc");
	stat_is(&r, "/dir_link", VC_FT_DIR, "/home/alice");
	/* ".." after a symlink goes to the parent of the link's target. */
	stat_is(&r, "/dir_link/../alice/.config", VC_FT_DIR, "/home/alice/.config");
	read_ok(&r, "/l1", "[General]\n");   /* exactly VC_ROOT_MAX_LINKS links */
	vc_root_close(&r);
}

static void test_escapes(void **state)
{
	struct vc_root r;
	struct vc_stat st;

	(void)state;
	open_tree(&r);
	read_fails(&r, "/escape", 0, VC_EUNSAFE, "/escape", "symlink escapes the root");
	read_fails(&r, "home/alice/escape_dir/etc/passwd", 0, VC_EUNSAFE,
		   "/home/alice/escape_dir/etc/passwd", "symlink escapes the root");
	read_fails(&r, "/abs_up/etc/passwd", 0, VC_EUNSAFE, "/abs_up/etc/passwd",
		   "symlink escapes the root");
	read_fails(&r, "/../etc/passwd", 0, VC_EUNSAFE, "/../etc/passwd",
		   "path escapes the root");
	read_fails(&r, "/home/alice/../../../etc/passwd", 0, VC_EUNSAFE,
		   "/home/alice/../../../etc/passwd", "path escapes the root");
	assert_int_equal(vc_root_stat(&st, &r, "/escape"), VC_EUNSAFE);
	assert_null(st.resolved);
	assert_int_equal(vc_root_opendir_fd(&r, "/home/alice/escape_dir"), VC_EUNSAFE);
	/* The host's /dev/zero is never reached: the tree has no /dev. */
	read_fails(&r, "/devzero", 0, VC_ENOTFOUND, "/devzero", "no such file");
	vc_root_close(&r);
}

static void test_loops(void **state)
{
	struct vc_root r;

	(void)state;
	open_tree(&r);
	read_fails(&r, "/loop1", 0, VC_EUNSAFE, "/loop1", "symlink loop");
	read_fails(&r, "/selfloop/x", 0, VC_EUNSAFE, "/selfloop/x", "symlink loop");
	read_fails(&r, "/l0", 0, VC_EUNSAFE, "/l0", "symlink loop");
	vc_root_close(&r);
}

/* Fails the test instead of hanging if a FIFO were ever opened for reading. */
static void on_alarm(int sig)
{
	(void)sig;
	fail_msg("hung on a special file");
}

static void test_special_files(void **state)
{
	struct vc_root r;
	struct vc_stat st;

	(void)state;
	signal(SIGALRM, on_alarm);
	alarm(10);
	open_tree(&r);
	read_fails(&r, "/fifo", 0, VC_EUNSAFE, "/fifo", "is a FIFO");
	read_fails(&r, "/sock", 0, VC_EUNSAFE, "/sock", "is a socket");
	assert_int_equal(vc_root_opendir_fd(&r, "/fifo"), VC_EUNSAFE);
	/* stat only looks: a FIFO is reported, not opened. */
	assert_int_equal(vc_root_stat(&st, &r, "/fifo"), 0);
	assert_int_equal(st.type, VC_FT_OTHER);
	free(st.resolved);
	read_fails(&r, "/home", 0, VC_EIO, "/home", "is a directory");
	vc_root_close(&r);
	alarm(0);
}

static void test_missing(void **state)
{
	struct vc_root r;

	(void)state;
	open_tree(&r);
	read_fails(&r, "/nope/x", 0, VC_ENOTFOUND, "/nope/x", "no such file");
	read_fails(&r, "/dangling", 0, VC_ENOTFOUND, "/dangling", "no such file");
	read_fails(&r, "/etc/zoomus.conf/x", 0, VC_ENOTFOUND, "/etc/zoomus.conf/x",
		   "not a directory");
	read_fails(&r, "/etc/zoomus.conf/", 0, VC_ENOTFOUND, "/etc/zoomus.conf/",
		   "not a directory");
	read_fails(&r, "/empty_target_parent", 0, VC_ENOTFOUND, "/empty_target_parent",
		   "not a directory");
	assert_int_equal(vc_root_opendir_fd(&r, "/etc/zoomus.conf"), VC_ENOTFOUND);
	assert_int_equal(vc_root_opendir_fd(&r, "/nope"), VC_ENOTFOUND);
	vc_root_close(&r);
}

static void test_limits(void **state)
{
	struct vc_root r;
	struct vc_buf b = VC_BUF_INIT(0);
	struct vc_buf small = VC_BUF_INIT(100);
	char *longpath, name[300];

	(void)state;
	open_tree(&r);
	read_fails(&r, "/home/alice/big.bin", 999, VC_ELIMIT, "/home/alice/big.bin",
		   "larger than the limit of 999 bytes");
	assert_int_equal(vc_root_read(&b, &r, "/home/alice/big.bin", 1000), 0);
	assert_int_equal(b.size, 1000);
	assert_int_equal(b.ptr[999], 'x');
	assert_int_equal(b.ptr[1000], 0);
	/* A buffer with its own smaller cap also refuses, naming the file. */
	assert_int_equal(vc_root_read(&small, &r, "/home/alice/big.bin", 0), VC_ELIMIT);
	assert_int_equal(small.size, 0);
	assert_non_null(strstr(vc_error_last(), "/home/alice/big.bin: "));
	longpath = calloc(1, VC_ROOT_MAX_PATH + 10);
	assert_non_null(longpath);
	memset(longpath, 'a', VC_ROOT_MAX_PATH + 5);
	longpath[0] = '/';
	assert_int_equal(vc_root_read(&b, &r, longpath, 0), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "path longer than"));
	free(longpath);
	memset(name, 'n', sizeof(name) - 1);
	name[0] = '/';
	name[sizeof(name) - 1] = 0;
	assert_int_equal(vc_root_read(&b, &r, name, 0), VC_ENOTFOUND);
	vc_buf_free(&b);
	vc_buf_free(&small);
	vc_root_close(&r);
}

static void test_opendir(void **state)
{
	struct vc_root r;
	struct dirent *de;
	int fd, seen = 0;
	DIR *d;

	(void)state;
	open_tree(&r);
	fd = vc_root_opendir_fd(&r, "/dir_link/.config");
	assert_true(fd >= 0);
	d = fdopendir(fd);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		seen += !strcmp(de->d_name, "zoomus.conf");
	closedir(d);
	assert_int_equal(seen, 1);
	vc_root_close(&r);
}

static int count_fds(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n++;
	closedir(d);
	return n;
}

/* Failures and successes alike give every descriptor back. */
static void test_no_fd_leak(void **state)
{
	static const char *const rels[] = {
		"/etc/zoomus.conf", "/link_abs", "/escape", "/loop1", "/l0", "/fifo", "/sock",
		"/nope/x", "/home/alice/big.bin", "/dir_link/../alice/.config", "/home",
		"/etc/zoomus.conf/", "/home/alice/escape_dir/x",
	};
	struct vc_buf b = VC_BUF_INIT(0);
	struct vc_stat st;
	struct vc_root r;
	int before, i, k, fd;

	(void)state;
	before = count_fds();
	open_tree(&r);
	for (k = 0; k < 50; k++) {
		for (i = 0; i < (int)(sizeof(rels) / sizeof(rels[0])); i++) {
			vc_root_read(&b, &r, rels[i], 100);
			if (vc_root_stat(&st, &r, rels[i]) == 0)
				free(st.resolved);
			fd = vc_root_opendir_fd(&r, rels[i]);
			if (fd >= 0)
				close(fd);
		}
	}
	vc_root_close(&r);
	vc_buf_free(&b);
	assert_int_equal(count_fds(), before);
}

/* The reads a user without access to /locked must see; 0 when all held. */
static int check_locked(void)
{
	struct vc_buf b = VC_BUF_INIT(0);
	struct vc_root r;
	int bad = 0;

	if (vc_root_open(&r, tree) != 0)
		return 1;
	bad += vc_root_read(&b, &r, "/locked/secret", 0) != VC_EIO;
	bad += !strstr(vc_error_last(), "/locked/secret: ") ||
	       !strstr(vc_error_last(), "permission denied");
	bad += vc_root_opendir_fd(&r, "/locked") != VC_EIO;
	bad += !strstr(vc_error_last(), "/locked: ");
	vc_buf_free(&b);
	vc_root_close(&r);
	return bad;
}

/*
 * An unreadable directory: root reads everything, so as root the check runs
 * in a child that has dropped to "nobody"; it is skipped only when that fails.
 */
static void test_permission_denied(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	if (geteuid() != 0) {
		assert_int_equal(check_locked(), 0);
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(77);
		_exit(check_locked() ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_live_root(void **state)
{
	struct vc_buf b = VC_BUF_INIT(0);
	struct vc_root r;

	(void)state;
	signal(SIGALRM, on_alarm);
	alarm(10);
	assert_int_equal(vc_root_open(&r, "/"), 0);
	assert_int_equal(r.live, 1);
	/* Devices are refused rather than read forever. */
	read_fails(&r, "/dev/zero", 0, VC_EUNSAFE, "/dev/zero", "is a device");
	read_fails(&r, "/dev/null", 0, VC_EUNSAFE, "/dev/null", "is a device");
	/* /proc files claim size 0 yet have content: read to the end... */
	assert_int_equal(vc_root_read(&b, &r, "/proc/self/status", 0), 0);
	assert_non_null(strstr(b.ptr, "Name:"));
	/* ...and the limit still holds when the size was not known up front. */
	assert_int_equal(vc_root_read(&b, &r, "/proc/self/status", 10), VC_ELIMIT);
	assert_int_equal(b.size, 0);
	vc_buf_free(&b);
	vc_root_close(&r);
	alarm(0);
}

static void test_root_open_errors(void **state)
{
	struct vc_root r;
	char path[256];

	(void)state;
	assert_int_equal(vc_root_open(&r, "/nonexistent-vcaudit-root"), VC_ENOTFOUND);
	assert_int_equal(r.fd, -1);
	assert_non_null(strstr(vc_error_last(), "/nonexistent-vcaudit-root: "));
	snprintf(path, sizeof(path), "%s/etc/zoomus.conf", tree);
	assert_int_equal(vc_root_open(&r, path), VC_ENOTFOUND);
	assert_int_equal(vc_root_open(&r, ""), VC_ERROR);
	r.fd = -1;
	assert_int_equal(vc_root_stat(&(struct vc_stat){ 0 }, &r, "/x"), VC_ERROR);
	vc_root_close(NULL);
}

static void test_path_join(void **state)
{
	static const char *const cases[][3] = {
		{ "/home/alice", "Documents", "/home/alice/Documents" },
		{ "/home/alice/", "/Documents", "/home/alice/Documents" },
		{ "/", "etc", "/etc" },
		{ "", "etc", "/etc" },
		{ "/etc", "", "/etc" },
		{ "a//", "//b/c", "a/b/c" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = vc_path_join(cases[i][0], cases[i][1]);

		assert_non_null(s);
		assert_string_equal(s, cases[i][2]);
		free(s);
	}
}

static void test_path_under(void **state)
{
	(void)state;
	assert_true(vc_path_under("/home/alice", "/home/alice"));
	assert_true(vc_path_under("/home/alice/x", "/home/alice"));
	assert_true(vc_path_under("/home/alice/x", "/home/alice/"));
	assert_false(vc_path_under("/home/alice", "/home/al"));
	assert_false(vc_path_under("/home/al", "/home/alice"));
	assert_false(vc_path_under("/home/alicex", "/home/alice"));
	assert_false(vc_path_under("/home", "/home/alice"));
	assert_true(vc_path_under("/anything/at/all", "/"));
	assert_true(vc_path_under("/", "/"));
	assert_false(vc_path_under(NULL, "/"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_files),
		cmocka_unit_test(test_stat_fields),
		cmocka_unit_test(test_symlinks_inside),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_special_files),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_opendir),
		cmocka_unit_test(test_no_fd_leak),
		cmocka_unit_test(test_permission_denied),
		cmocka_unit_test(test_live_root),
		cmocka_unit_test(test_root_open_errors),
		cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_path_under),
	};

	return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
