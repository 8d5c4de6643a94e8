/*
 * Root-confined file access: every path is resolved component by component
 * from the root descriptor with O_PATH|O_NOFOLLOW, so that symlinks are
 * interpreted as inside a chroot and nothing outside the root is reached.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fsroot.h"

#define READ_CHUNK ((size_t)64 * 1024)

/* State of one resolution. */
struct walk {
	int rootfd;
	int cur;                  /* O_PATH descriptor of the object reached (owned) */
	int parent;               /* O_PATH descriptor of its directory, -1 at the root */
	struct stat st;           /* of cur */
	int links;                /* symlinks followed so far */
	size_t clen, pos;
	char canon[VC_ROOT_MAX_PATH + 1];   /* path of cur: "" at the root, else "/a/b" */
	char todo[VC_ROOT_MAX_PATH + 1];    /* what is left to resolve starts at todo[pos] */
	char show[VC_ROOT_MAX_PATH + 2];    /* the path asked for, for messages */
};

/* strerror() in lower case, as messages are. */
static const char *errtext(int e, char *buf, size_t size)
{
	const char *s = strerror_r(e, buf, size);

	if (s != buf)
		snprintf(buf, size, "%s", s);
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

static int fail_errno(const struct walk *w, int e, const char *what)
{
	char buf[128];

	switch (e) {
	case ENOENT:
	case ENOTDIR:
	case ENAMETOOLONG:
		return vc_error_set_path(VC_ENOTFOUND, w->show, "%s", errtext(e, buf, sizeof(buf)));
	case ELOOP:
		return vc_error_set_path(VC_EUNSAFE, w->show, "file changed into a symlink");
	case ENOMEM:
		return vc_error_set_path(VC_ENOMEM, w->show, "out of memory");
	default:
		return vc_error_set_path(VC_EIO, w->show, "%s: %s", what,
					 errtext(e, buf, sizeof(buf)));
	}
}

static int too_long(const struct walk *w)
{
	return vc_error_set_path(VC_ELIMIT, w->show, "path longer than %d bytes",
				 VC_ROOT_MAX_PATH);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void walk_done(struct walk *w)
{
	close_fd(&w->cur);
	close_fd(&w->parent);
}

/* Make cur the root itself (canon is left to the caller). */
static int open_root_dir(struct walk *w)
{
	close_fd(&w->cur);
	close_fd(&w->parent);
	w->cur = fcntl(w->rootfd, F_DUPFD_CLOEXEC, 0);
	if (w->cur < 0 || fstat(w->cur, &w->st) < 0)
		return fail_errno(w, errno, "cannot open the root");
	return 0;
}

/* Go back to the root: start of a walk, or an absolute symlink target. */
static int to_root(struct walk *w)
{
	w->clen = 0;
	w->canon[0] = 0;
	return open_root_dir(w);
}

static int walk_start(struct walk *w, const struct vc_root *r, const char *rel)
{
	size_t len;

	if (!rel)
		rel = "/";
	memset(w, 0, offsetof(struct walk, canon));
	w->cur = w->parent = -1;
	w->rootfd = r ? r->fd : -1;
	snprintf(w->show, sizeof(w->show), "%s%s", rel[0] == '/' ? "" : "/", rel);
	if (w->rootfd < 0)
		return vc_error_set_path(VC_ERROR, w->show, "no root is open");
	len = strlen(rel);
	if (len > VC_ROOT_MAX_PATH)
		return too_long(w);
	memcpy(w->todo, rel, len + 1);
	return to_root(w);
}

/*
 * Copy the next component into name: 1, 0 at the end, or a VC_E* code.
 * A trailing slash reads as a last "." (so "file/" is not a directory).
 */
static int next_name(struct walk *w, char name[NAME_MAX + 1])
{
	const char *s = w->todo + w->pos;
	size_t len;

	while (*s == '/')
		s++;
	if (!*s) {
		len = (size_t)(s - w->todo) - w->pos;
		w->pos = (size_t)(s - w->todo);
		if (!len)
			return 0;
		memcpy(name, ".", 2);
		return 1;
	}
	len = strcspn(s, "/");
	if (len > NAME_MAX)
		return vc_error_set_path(VC_ENOTFOUND, w->show, "file name too long");
	memcpy(name, s, len);
	name[len] = 0;
	w->pos = (size_t)(s + len - w->todo);
	return 1;
}

static int canon_push(struct walk *w, const char *name)
{
	size_t len = strlen(name);

	if (w->clen + 1 + len > VC_ROOT_MAX_PATH)
		return too_long(w);
	w->canon[w->clen++] = '/';
	memcpy(w->canon + w->clen, name, len + 1);
	w->clen += len;
	return 0;
}

/* Step from cur into its entry `name` (not a symlink), which becomes cur. */
static void step_into(struct walk *w, int fd, const struct stat *st)
{
	close_fd(&w->parent);
	w->parent = w->cur;
	w->cur = fd;
	w->st = *st;
}

/*
 * Re-open the directory named by canon from the root, refusing anything
 * that is no longer a plain directory (the tree changed under us).
 */
static int reopen_canon(struct walk *w)
{
	char name[NAME_MAX + 1];
	size_t clen = w->clen, i = 0, len;
	struct stat st;
	int fd, rc;

	rc = open_root_dir(w);   /* keeps canon, read below */
	while (rc == 0 && i < clen) {
		len = strcspn(w->canon + i + 1, "/");
		memcpy(name, w->canon + i + 1, len);
		name[len] = 0;
		i += len + 1;
		fd = openat(w->cur, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return fail_errno(w, errno, "cannot open");
		if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
			close(fd);
			return vc_error_set_path(VC_EUNSAFE, w->show,
						 "directory changed while being resolved");
		}
		step_into(w, fd, &st);
	}
	w->clen = clen;
	w->canon[clen] = 0;
	return rc;
}

static int walk_up(struct walk *w)
{
	if (w->clen == 0)
		return vc_error_set_path(VC_EUNSAFE, w->show, "%s escapes the root",
					 w->links ? "symlink" : "path");
	while (w->clen > 0 && w->canon[w->clen] != '/')
		w->clen--;
	w->canon[w->clen] = 0;
	return reopen_canon(w);
}

/* Replace the symlink just met (descriptor fd) by its target in todo. */
static int follow(struct walk *w, int fd)
{
	char target[VC_ROOT_MAX_PATH + 1];
	size_t restlen = strlen(w->todo + w->pos);
	ssize_t n;

	if (++w->links > VC_ROOT_MAX_LINKS)
		return vc_error_set_path(VC_EUNSAFE, w->show, "symlink loop (more than %d links)",
					 VC_ROOT_MAX_LINKS);
	n = readlinkat(fd, "", target, sizeof(target));
	if (n < 0)
		return fail_errno(w, errno, "cannot read symlink");
	if (n == 0)
		return vc_error_set_path(VC_ENOTFOUND, w->show, "symlink with an empty target");
	if ((size_t)n + restlen > VC_ROOT_MAX_PATH)
		return too_long(w);
	memmove(w->todo + n, w->todo + w->pos, restlen + 1);
	memcpy(w->todo, target, (size_t)n);
	w->pos = 0;
	return target[0] == '/' ? to_root(w) : 0;
}

static int walk_down(struct walk *w, const char *name)
{
	struct stat st;
	int fd, rc;

	fd = openat(w->cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail_errno(w, errno, "cannot open");
	if (fstat(fd, &st) < 0) {
		rc = fail_errno(w, errno, "cannot stat");
	} else if (S_ISLNK(st.st_mode)) {
		rc = follow(w, fd);
	} else {
		rc = canon_push(w, name);
		if (rc == 0) {
			step_into(w, fd, &st);
			return 0;
		}
	}
	close(fd);
	return rc;
}

/* Resolve rel: on success w->cur, w->st and w->canon describe the object. */
static int resolve(struct walk *w, const struct vc_root *r, const char *rel)
{
	char name[NAME_MAX + 1];
	int rc = walk_start(w, r, rel);

	while (rc == 0 && (rc = next_name(w, name)) > 0) {
		if (!S_ISDIR(w->st.st_mode))
			return vc_error_set_path(VC_ENOTFOUND, w->show, "not a directory");
		if (!strcmp(name, "."))
			rc = 0;
		else if (!strcmp(name, ".."))
			rc = walk_up(w);
		else
			rc = walk_down(w, name);
	}
	return rc;
}

/* Devices, FIFOs and sockets are never opened. */
static int unsafe_type(const struct walk *w)
{
	mode_t m = w->st.st_mode;
	const char *what = S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" :
			   S_ISCHR(m) || S_ISBLK(m) ? "a device" : "a special file";

	return vc_error_set_path(VC_EUNSAFE, w->show, "is %s, not a regular file", what);
}

/* openat() that leaves access times alone when we are allowed to. */
static int open_noatime(int dirfd, const char *name, int flags)
{
	int fd = openat(dirfd, name, flags | O_NOATIME);

	if (fd < 0 && errno == EPERM)
		fd = openat(dirfd, name, flags);
	return fd;
}

/* Open the regular file resolved in w for reading, after checking it. */
static int open_regular(int *out, const struct walk *w, size_t max)
{
	const int flags = O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC;
	struct stat st;
	int fd;

	*out = -1;
	if (S_ISDIR(w->st.st_mode))
		return vc_error_set_path(VC_EIO, w->show, "is a directory, not a file");
	if (!S_ISREG(w->st.st_mode))
		return unsafe_type(w);
	if ((uint64_t)w->st.st_size > (uint64_t)max)
		return vc_error_set_path(VC_ELIMIT, w->show, "file larger than the limit of %zu bytes",
					 max);
	fd = open_noatime(w->parent, strrchr(w->canon, '/') + 1, flags);
	if (fd < 0)
		return fail_errno(w, errno, "cannot open");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_dev != w->st.st_dev ||
	    st.st_ino != w->st.st_ino) {
		close(fd);
		return vc_error_set_path(VC_EUNSAFE, w->show, "file changed while being opened");
	}
	*out = fd;
	return 0;
}

/* Read one byte (to tell the end of the file from more data): 1, 0 or VC_E*. */
static int read_byte(char *c, int fd, const struct walk *w)
{
	ssize_t n;

	do {
		n = read(fd, c, 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail_errno(w, errno, "cannot read");
	return (int)n;
}

/*
 * No room left in out: see whether the file goes on, and if so keep that
 * byte (growing the buffer). 1 when a byte was added, 0 at the end, or VC_E*.
 */
static int read_more(struct vc_buf *out, int fd, size_t max, const struct walk *w)
{
	char c;
	int rc = read_byte(&c, fd, w);

	if (rc <= 0)
		return rc;
	if (out->size >= max)
		return vc_error_set_path(VC_ELIMIT, w->show, "file larger than the limit of %zu bytes",
					 max);
	rc = vc_buf_putc(out, c);
	if (rc < 0)
		return vc_error_set_path(rc, w->show, "%s", vc_error_last());
	return 1;
}

/*
 * Read fd to its end into out, failing once more than max bytes came
 * (the file may grow while it is read).
 */
static int read_all(struct vc_buf *out, int fd, size_t max, const struct walk *w)
{
	size_t room;
	ssize_t n;
	int rc;

	for (;;) {
		room = out->ptr ? out->asize - out->size - 1 : 0;
		if (room > max - out->size)
			room = max - out->size;
		if (room == 0) {
			rc = read_more(out, fd, max, w);
			if (rc <= 0)
				return rc;
			continue;
		}
		n = read(fd, out->ptr + out->size, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail_errno(w, errno, "cannot read");
		if (n == 0)
			return 0;
		out->size += (size_t)n;
		out->ptr[out->size] = 0;
	}
}

int vc_root_read(struct vc_buf *out, const struct vc_root *r, const char *rel, size_t max)
{
	struct walk w;
	int fd = -1, rc;

	vc_buf_clear(out);
	if (!max)
		max = VC_FILE_MAX_DEFAULT;
	/* The buffer's own cap is the limit too: say so as a file limit. */
	if (max > (out->cap ? out->cap : VC_BUF_DEFAULT_CAP))
		max = out->cap ? out->cap : VC_BUF_DEFAULT_CAP;
	rc = resolve(&w, r, rel);
	if (rc < 0)
		goto out;
	rc = open_regular(&fd, &w, max);
	if (rc < 0)
		goto out;
	if (w.st.st_size > 0) {
		rc = vc_buf_grow(out, (size_t)w.st.st_size);
		if (rc < 0) {
			rc = vc_error_set_path(rc, w.show, "%s", vc_error_last());
			goto out;
		}
	}
	rc = read_all(out, fd, max, &w);
out:
	close_fd(&fd);
	walk_done(&w);
	if (rc < 0)
		vc_buf_clear(out);
	else if (vc_buf_put(out, "", 0) < 0)   /* an empty file still gives "" */
		rc = VC_ENOMEM;
	return rc;
}

static enum vc_ftype ftype(mode_t m)
{
	if (S_ISREG(m))
		return VC_FT_FILE;
	return S_ISDIR(m) ? VC_FT_DIR : VC_FT_OTHER;
}

int vc_root_stat(struct vc_stat *st, const struct vc_root *r, const char *rel)
{
	struct walk w;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = resolve(&w, r, rel);
	if (rc == 0) {
		st->type = ftype(w.st.st_mode);
		st->bytes = S_ISREG(w.st.st_mode) ? (uint64_t)w.st.st_size : 0;
		st->mtime = (int64_t)w.st.st_mtim.tv_sec;
		st->dev = w.st.st_dev;
		st->resolved = vc_strdup(w.clen ? w.canon : "/");
		if (!st->resolved)
			rc = vc_error_set_path(VC_ENOMEM, w.show, "out of memory");
	}
	walk_done(&w);
	return rc;
}

int vc_root_opendir_fd(const struct vc_root *r, const char *rel)
{
	struct walk w;
	int rc;

	rc = resolve(&w, r, rel);
	if (rc < 0)
		goto out;
	if (S_ISREG(w.st.st_mode)) {
		rc = vc_error_set_path(VC_ENOTFOUND, w.show, "not a directory");
		goto out;
	}
	if (!S_ISDIR(w.st.st_mode)) {
		rc = unsafe_type(&w);
		goto out;
	}
	rc = open_noatime(w.cur, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rc < 0)
		rc = fail_errno(&w, errno, "cannot open directory");
out:
	walk_done(&w);
	return rc;
}

int vc_root_open(struct vc_root *out, const char *dir)
{
	struct stat st, top;
	char buf[128];
	int e;

	out->fd = -1;
	out->path = NULL;
	out->live = 0;
	if (!dir || !*dir)
		return vc_error_set(VC_ERROR, "no root directory given");
	out->fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (out->fd < 0) {
		e = errno;
		return vc_error_set_path(e == ENOENT || e == ENOTDIR ? VC_ENOTFOUND : VC_ERROR, dir,
					 "cannot open the root: %s", errtext(e, buf, sizeof(buf)));
	}
	out->path = vc_strdup(dir);
	if (!out->path) {
		vc_root_close(out);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	if (fstat(out->fd, &st) == 0 && stat("/", &top) == 0)
		out->live = st.st_dev == top.st_dev && st.st_ino == top.st_ino;
	return 0;
}

void vc_root_close(struct vc_root *r)
{
	if (!r)
		return;
	close_fd(&r->fd);
	free(r->path);
	r->path = NULL;
	r->live = 0;
}

char *vc_path_join(const char *a, const char *b)
{
	size_t la, lb;
	char *p;

	a = a ? a : "";
	b = b ? b : "";
	la = strlen(a);
	while (la > 0 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	lb = strlen(b);
	if (la > SIZE_MAX - lb - 2)
		return NULL;
	p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	if (lb == 0 && la > 0)
		p[la] = 0;       /* nothing to join: "a" stays "a" */
	return p;
}

int vc_path_under(const char *path, const char *dir)
{
	size_t n;

	if (!path || !dir)
		return 0;
	n = strlen(dir);
	while (n > 0 && dir[n - 1] == '/')
		n--;
	if (n == 0)
		return path[0] == '/' || path[0] == 0;
	return strncmp(path, dir, n) == 0 && (path[n] == 0 || path[n] == '/');
}
