/*
 * LD_PRELOAD shim for the integration tests' fault cases, built at test time
 * (tests/integration/t_hostile_catalogue.sh):
 *
 *   VC_FAULT_ENOSPC_DIR=DIR VC_FAULT_ENOSPC_AFTER=N
 *       write() and pwrite() to files under DIR fail with ENOSPC once N bytes
 *       in all have been written there: a disk that fills up mid-report.
 *   VC_FAULT_RESIZE=SUFFIX VC_FAULT_RESIZE_TO=N
 *       the first read() from a file whose path ends in SUFFIX first sets the
 *       file's size to N (truncate): a file that grows or shrinks while it is
 *       read, after it was opened and its size taken.
 *
 * Only write(), pwrite() and read() are wrapped: vcaudit and libarchive
 * write their outputs with write(), and read files with read().
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static size_t written;
static int resized;

/* 1 when descriptor fd is a file whose path starts with prefix (a directory). */
static int fd_path(int fd, char *path, size_t size)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, size - 1);
	if (n < 0)
		return -1;
	path[n] = 0;
	return 0;
}

static int under_full_dir(int fd)
{
	const char *dir = getenv("VC_FAULT_ENOSPC_DIR");
	char path[4096];
	size_t len;

	if (!dir || !*dir || fd_path(fd, path, sizeof(path)) < 0)
		return 0;
	len = strlen(dir);
	return strncmp(path, dir, len) == 0 && path[len] == '/';
}

/* How much of n bytes may still be written under the full directory. */
static size_t room(int fd, size_t n)
{
	const char *after = getenv("VC_FAULT_ENOSPC_AFTER");
	size_t limit = after ? strtoul(after, NULL, 10) : 0;

	if (!under_full_dir(fd))
		return n;
	if (written >= limit)
		return 0;
	return n < limit - written ? n : limit - written;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	size_t ok;
	ssize_t w;

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	ok = room(fd, n);
	if (n && !ok) {
		errno = ENOSPC;
		return -1;
	}
	w = real(fd, buf, ok);
	if (w > 0 && under_full_dir(fd))
		written += (size_t)w;
	return w;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);
	size_t ok;
	ssize_t w;

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
	ok = room(fd, n);
	if (n && !ok) {
		errno = ENOSPC;
		return -1;
	}
	w = real(fd, buf, ok, off);
	if (w > 0 && under_full_dir(fd))
		written += (size_t)w;
	return w;
}

ssize_t read(int fd, void *buf, size_t n)
{
	static ssize_t (*real)(int, void *, size_t);
	const char *suffix = getenv("VC_FAULT_RESIZE");
	const char *to = getenv("VC_FAULT_RESIZE_TO");
	char path[4096];
	size_t len, plen;

	if (!real)
		real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	if (!resized && suffix && *suffix && to && fd_path(fd, path, sizeof(path)) == 0) {
		len = strlen(suffix);
		plen = strlen(path);
		if (plen >= len && strcmp(path + plen - len, suffix) == 0) {
			resized = 1;
			if (truncate(path, (off_t)strtoll(to, NULL, 10)) < 0)
				perror("faultfs: truncate");
		}
	}
	return real(fd, buf, n);
}
