/*
 * Forked, resource-limited evaluation of untrusted program text.
 *
 * Protocol on the pipe (child to parent): a header of two 32-bit integers
 * in host order, the status (0 or a negative VC_E* code) and the payload
 * length, then the payload: the result JSON on success, the error message
 * otherwise. Anything else (a short frame, an exit by signal, a non-zero
 * exit status) is a failed evaluation.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include "core/buf.h"
#include "core/err.h"
#include "core/jsonload.h"
#include "parsers/sandbox.h"
#include "../core/fdio.h"

#if defined(__SANITIZE_ADDRESS__)
#define VC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VC_ASAN 1
#endif
#endif

#define CHILD_FD 0               /* the result pipe in the child */
#ifdef VC_ASAN
#define CHILD_FDS 3              /* 0 the pipe, 1 and 2 stderr for sanitizer reports */
#else
#define CHILD_FDS 1              /* the pipe only */
#endif
#define HDR_SIZE 8               /* status + length */
#define READ_CHUNK 16384
#define FD_SCAN_MAX 65536        /* close() loop bound when close_range is missing */
#define REAP_POLL_NS 1000000L    /* 1 ms between waitpid(WNOHANG) tries */
#define HEAP_HDR 16              /* room for the block size, keeps max_align_t alignment */

static int child_fd = -1;        /* the pipe, set only in the child */

/* ---- counting allocator ---- */

_Static_assert(HEAP_HDR >= sizeof(size_t) && HEAP_HDR % alignof(max_align_t) == 0,
	       "allocator header keeps alignment");

void *vc_sandbox_alloc(struct vc_sandbox_heap *h, size_t size)
{
	char *p;

	if (size > SIZE_MAX - HEAP_HDR || size + HEAP_HDR > h->cap - h->used) {
		h->hit = 1;
		return NULL;
	}
	p = malloc(size + HEAP_HDR);
	if (!p) {
		h->hit = 1;
		return NULL;
	}
	memcpy(p, &size, sizeof(size));
	h->used += size + HEAP_HDR;
	return p + HEAP_HDR;
}

void *vc_sandbox_realloc(struct vc_sandbox_heap *h, void *ptr, size_t size)
{
	char *p, *np;
	size_t old;

	if (!ptr)
		return vc_sandbox_alloc(h, size);
	p = (char *)ptr - HEAP_HDR;
	memcpy(&old, p, sizeof(old));
	if (size > old && (size - old > SIZE_MAX - HEAP_HDR ||
			   size - old > h->cap - h->used)) {
		h->hit = 1;
		return NULL;
	}
	np = realloc(p, size + HEAP_HDR);
	if (!np) {
		h->hit = 1;
		return NULL;
	}
	memcpy(np, &size, sizeof(size));
	h->used = h->used - old + size;
	return np + HEAP_HDR;
}

void vc_sandbox_free(struct vc_sandbox_heap *h, void *ptr)
{
	char *p;
	size_t old;

	if (!ptr)
		return;
	p = (char *)ptr - HEAP_HDR;
	memcpy(&old, p, sizeof(old));
	h->used -= old + HEAP_HDR;
	free(p);
}

/* ---- child ---- */

static _Noreturn void child_send(int code, const char *data, size_t len)
{
	int32_t hdr[2];

	hdr[0] = code;
	hdr[1] = (int32_t)len;
	if (len > INT32_MAX || vc_write_all(child_fd, hdr, sizeof(hdr)) != 0 ||
	    vc_write_all(child_fd, data, len) != 0)
		_exit(2);
	_exit(0);
}

_Noreturn void vc_sandbox_child_fail(int code)
{
	const char *msg = vc_error_last();

	if (child_fd < 0)
		abort();
	if (code >= 0)
		code = VC_ERROR;
	child_send(code, msg, strlen(msg));
}

/*
 * Leave exactly the descriptors 0 .. CHILD_FDS - 1 open (the pipe is 0):
 * with RLIMIT_NOFILE at CHILD_FDS no new one can be opened.
 */
static void close_fds(void)
{
	long fd, max = FD_SCAN_MAX;
	struct rlimit rl;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)CHILD_FDS, ~0u, 0u) == 0)
		max = 0;
#endif
	if (max && getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < (rlim_t)FD_SCAN_MAX)
		max = (long)rl.rlim_cur;
	for (fd = CHILD_FDS; fd < max; fd++)
		close((int)fd);
#ifdef VC_ASAN
	if (dup2(2, 1) < 0)
		close(1);
#endif
}

static void set_limit(int res, rlim_t soft, rlim_t hard)
{
	struct rlimit rl;

	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	if (setrlimit(res, &rl) != 0) {
		/* a hard limit may not be raised: lower only the soft one */
		if (getrlimit(res, &rl) == 0 && rl.rlim_max != RLIM_INFINITY && soft <= rl.rlim_max) {
			rl.rlim_cur = soft;
			(void)setrlimit(res, &rl);
		}
	}
}

static _Noreturn void child_main(int wfd, int (*fn)(struct vc_buf *, const void *),
				 const void *arg, unsigned cpu_s, size_t as_limit,
				 size_t out_bytes)
{
	struct vc_buf result = VC_BUF_INIT(out_bytes);
	sigset_t all;
	int rc;

	signal(SIGPIPE, SIG_DFL);
	signal(SIGXCPU, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	if (wfd != CHILD_FD) {
		if (dup2(wfd, CHILD_FD) < 0)
			_exit(3);
		close(wfd);
	}
	close_fds();
	child_fd = CHILD_FD;

	set_limit(RLIMIT_CPU, cpu_s, (rlim_t)cpu_s + 1);
	set_limit(RLIMIT_FSIZE, 0, 0);
	set_limit(RLIMIT_CORE, 0, 0);
	set_limit(RLIMIT_NOFILE, CHILD_FDS, CHILD_FDS);
	set_limit(RLIMIT_NPROC, 0, 0);
	if (as_limit)
		set_limit(RLIMIT_AS, as_limit, as_limit);

	vc_error_clear();
	rc = fn(&result, arg);
	if (rc == 0)
		child_send(0, result.ptr ? result.ptr : "", result.size);
	if (rc == VC_ENOMEM)   /* the limits are the only reason in here */
		vc_error_set(VC_ELIMIT, "evaluation exceeded its memory limit");
	vc_sandbox_child_fail(rc == VC_ENOMEM ? VC_ELIMIT : rc);
}

/* ---- parent ---- */

/*
 * RLIMIT_AS for the child: this process's address space plus `mem`, `mem`
 * alone when that is unknown; 0 (none) under ASan, whose shadow memory
 * reservation would make any limit fail.
 */
static size_t child_as_limit(size_t mem)
{
#ifdef VC_ASAN
	(void)mem;
	return 0;
#else
	char text[128];
	unsigned long long pages;
	long page = sysconf(_SC_PAGESIZE);
	ssize_t n;
	char *end;
	int fd;

	fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mem;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0 || page <= 0)
		return mem;
	text[n] = 0;
	errno = 0;
	pages = strtoull(text, &end, 10);
	if (errno || end == text || pages > (SIZE_MAX - mem) / (unsigned long)page)
		return mem;
	return (size_t)pages * (size_t)page + mem;
#endif
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum outcome { GOT_EOF, TIMED_OUT, OVERFLOW, READ_FAILED };

/* Read the child's frame into b until EOF, the deadline or the cap. */
static enum outcome read_frame(struct vc_buf *b, int fd, long long deadline)
{
	char chunk[READ_CHUNK];
	struct pollfd pfd;
	long long left;
	ssize_t n;
	int r;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return TIMED_OUT;
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		r = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return READ_FAILED;
		if (r == 0)
			return TIMED_OUT;
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return READ_FAILED;
		if (n == 0)
			return GOT_EOF;
		if (vc_buf_put(b, chunk, (size_t)n) != 0)
			return OVERFLOW;
	}
}

/*
 * Reap the child. When it is still running at the deadline (or `kill_now`)
 * it is killed first. Returns 1 when it had to be killed for the deadline.
 */
static int reap(pid_t pid, int kill_now, long long deadline, int *status, struct rusage *ru)
{
	struct timespec pause = { 0, REAP_POLL_NS };
	int killed = 0;
	pid_t r;

	if (!kill_now) {
		for (;;) {
			r = wait4(pid, status, WNOHANG, ru);
			if (r == pid)
				return 0;
			if (r < 0 && errno != EINTR)
				return 0;
			if (now_ms() >= deadline)
				break;
			nanosleep(&pause, NULL);
		}
		killed = 1;
	}
	kill(pid, SIGKILL);
	while (wait4(pid, status, 0, ru) < 0 && errno == EINTR)
		;
	return killed;
}

static void format_seconds(char *dst, size_t size, unsigned ms)
{
	if (ms % 1000 == 0)
		snprintf(dst, size, "%u s", ms / 1000);
	else
		snprintf(dst, size, "%u.%03u s", ms / 1000, ms % 1000);
}

/* Interpret a complete frame from a child that exited normally. */
static int take_frame(json_t **out, const struct vc_buf *b)
{
	int32_t hdr[2];
	json_error_t jerr;
	const char *payload;
	size_t len;

	if (b->size < HDR_SIZE)
		return vc_error_set(VC_ERROR, "evaluation ended without a result");
	memcpy(hdr, b->ptr, sizeof(hdr));
	payload = b->ptr + HDR_SIZE;
	len = b->size - HDR_SIZE;
	if (hdr[1] < 0 || (size_t)hdr[1] != len)
		return vc_error_set(VC_ERROR, "evaluation ended without a result");
	if (hdr[0] != 0) {
		if (hdr[0] > 0 || hdr[0] < VC_EIO)
			hdr[0] = VC_ERROR;
		/* the payload is NUL-terminated by vc_buf */
		return vc_error_set(hdr[0], "%s", len ? payload : "evaluation failed");
	}
	if (vc_json_loadb(out, payload, len, JSON_DECODE_ANY, &jerr) == VC_ENOMEM)
		return VC_ENOMEM;
	if (!*out)
		return vc_error_set(VC_ERROR, "evaluation returned malformed JSON");
	return 0;
}

int vc_sandbox_run(json_t **out, int (*fn)(struct vc_buf *result, const void *arg),
		   const void *arg, const struct vc_sandbox_limits *lim)
{
	unsigned timeout_ms = VC_SANDBOX_TIMEOUT_MS, cpu_s;
	size_t mem = VC_SANDBOX_MEM, out_max = VC_SANDBOX_OUT_MAX, as_limit = 0;
	struct vc_buf b = VC_BUF_INIT(0);
	enum outcome how;
	struct rusage ru;
	long long deadline;
	char secs[32];
	int fds[2] = { -1, -1 }, status = 0, killed, rc, read_errno;
	pid_t pid;

	*out = NULL;
	if (lim && lim->timeout_ms)
		timeout_ms = lim->timeout_ms;
	if (lim && lim->mem_bytes)
		mem = lim->mem_bytes;
	if (lim && lim->out_bytes)
		out_max = lim->out_bytes;
	/* The CPU limit is only a backstop: one second beyond the wall clock, so
	 * an endless loop is always reported by the deadline, not by a race
	 * between the two. */
	cpu_s = lim && lim->cpu_s ? lim->cpu_s : (timeout_ms + 999) / 1000 + 1;
	if (out_max > INT32_MAX - HDR_SIZE - VC_ERROR_MAX)
		out_max = INT32_MAX - HDR_SIZE - VC_ERROR_MAX;
	b.cap = HDR_SIZE + (out_max > VC_ERROR_MAX ? out_max : VC_ERROR_MAX);
	as_limit = child_as_limit(mem);
	if (pipe2(fds, O_CLOEXEC) != 0)
		return vc_error_set(VC_EIO, "cannot create a pipe for the evaluation: %s",
				    strerror(errno));
	pid = fork();
	if (pid < 0) {
		rc = vc_error_set(VC_EIO, "cannot start the evaluation: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(fds[1], fn, arg, cpu_s, as_limit, out_max);
	}
	close(fds[1]);
	fds[1] = -1;

	deadline = now_ms() + timeout_ms;
	how = read_frame(&b, fds[0], deadline);
	read_errno = errno;
	memset(&ru, 0, sizeof(ru));
	killed = reap(pid, how != GOT_EOF, deadline, &status, &ru);
	format_seconds(secs, sizeof(secs), timeout_ms);

	if (how == TIMED_OUT || killed) {
		rc = vc_error_set(VC_ELIMIT, "evaluation timed out after %s", secs);
	} else if (how == OVERFLOW) {
		rc = vc_error_set(VC_ELIMIT, "evaluation result is larger than %zu bytes",
				  out_max);
	} else if (how == READ_FAILED) {
		rc = vc_error_set(VC_EIO, "cannot read the evaluation result: %s",
				  strerror(read_errno));
	} else if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		long cpu = (long)ru.ru_utime.tv_sec + (long)ru.ru_stime.tv_sec;

		if (sig == SIGXCPU || (sig == SIGKILL && cpu >= (long)cpu_s))
			rc = vc_error_set(VC_ELIMIT, "evaluation used more than %u s of CPU time",
					  cpu_s);
		else
			rc = vc_error_set(VC_ERROR, "evaluation crashed (signal %d)", sig);
	} else if (!WIFEXITED(status)) {
		rc = vc_error_set(VC_ERROR, "evaluation ended without a result");
	} else {
		/*
		 * A complete frame counts whatever the exit status: under
		 * valgrind the child's leak check at _exit() may change it.
		 */
		rc = take_frame(out, &b);
		if (rc == VC_ERROR && b.size < HDR_SIZE && WEXITSTATUS(status) != 0)
			rc = vc_error_set(VC_ERROR, "evaluation ended without a result "
					  "(exit status %d)", WEXITSTATUS(status));
	}
out:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	vc_buf_free(&b);
	return rc;
}
