#ifndef VC_SANDBOX_H
#define VC_SANDBOX_H
/*
 * Run an evaluation of untrusted program text (Jitsi config.js, Prosody
 * *.cfg.lua) in a forked child with hard limits.
 *
 * Debian's Duktape has no execution-timeout hook, so a hostile `while(1){}`
 * could hang the audit; a child process can be killed. The child:
 *   - keeps only the result pipe, moved to fd 0, and closes every other
 *     descriptor; RLIMIT_NOFILE 1 then makes every open(), socket() or
 *     pipe() fail with EMFILE. AddressSanitizer builds keep stderr as fds 1
 *     and 2 (RLIMIT_NOFILE 3) so that sanitizer reports stay visible;
 *   - gets RLIMIT_CPU (cpu_s soft, one more second hard), RLIMIT_FSIZE 0,
 *     RLIMIT_NPROC 0 (not enforced for root), RLIMIT_CORE 0 and RLIMIT_AS
 *     (see below);
 *   - runs fn, which must not open files (the engines get no I/O bindings),
 *     sends fn's status and result (or error message) through the pipe and
 *     leaves with _exit() (no atexit handlers, no stdio flush).
 * The parent reads with a size cap and a wall-clock deadline (poll), kills
 * the child with SIGKILL on timeout or overflow, and always reaps it, so no
 * zombie and no descriptor is left behind.
 *
 * RLIMIT_AS is set to the parent's current address-space size plus mem_bytes
 * (the child inherits the parent's mappings; an absolute limit below them
 * would make every allocation fail). It is skipped when built with
 * AddressSanitizer, which reserves terabytes of virtual memory; the engines
 * still cap their heaps with their own counting allocators.
 *
 * The process may have other threads: the child only runs fn, which uses
 * malloc (made fork-safe by glibc) and the engine, never locks of its own.
 */
#include <stddef.h>
#include <jansson.h>
#include "core/buf.h"

struct vc_sandbox_limits {
	unsigned timeout_ms;   /* wall clock, 0 = VC_SANDBOX_TIMEOUT_MS */
	unsigned cpu_s;        /* RLIMIT_CPU soft limit, 0 = timeout_ms rounded up + 1 s */
	size_t mem_bytes;      /* address space the child may add, 0 = VC_SANDBOX_MEM */
	size_t out_bytes;      /* largest result, 0 = VC_SANDBOX_OUT_MAX */
};

#define VC_SANDBOX_TIMEOUT_MS 2000u
#define VC_SANDBOX_MEM ((size_t)256 * 1024 * 1024)
#define VC_SANDBOX_OUT_MAX ((size_t)8 * 1024 * 1024)

/*
 * Evaluate fn(result, arg) in a child process. fn appends a JSON text to
 * `result` (a buffer capped at out_bytes) and returns 0, or returns a
 * negative VC_E* code after vc_error_set(); that code and message are
 * passed back to the caller as they are (fn must not put secrets or input
 * text in them). `lim` may be NULL for the defaults.
 *
 * On success *out is the parsed result (new reference, caller decrefs).
 * On failure *out is NULL and the message is set:
 *   VC_ELIMIT  "evaluation timed out after 2 s" (wall clock),
 *              "evaluation used more than 2 s of CPU time" (RLIMIT_CPU),
 *              "evaluation exceeded its memory limit",
 *              "evaluation result is larger than N bytes";
 *   VC_ERROR   "evaluation crashed (signal N)",
 *              "evaluation ended without a result (exit status N)",
 *              "evaluation returned malformed JSON";
 *   VC_EIO     pipe or fork failed;
 *   fn's code  fn's message.
 */
int vc_sandbox_run(json_t **out, int (*fn)(struct vc_buf *result, const void *arg),
		   const void *arg, const struct vc_sandbox_limits *lim);

/*
 * For fn only (inside the child): report `code` and the current error
 * message to the parent now and end the child. For engine fatal-error
 * handlers that must not return. Outside the child it aborts.
 */
_Noreturn void vc_sandbox_child_fail(int code);

/*
 * Counting allocator for the engines, with a hard cap on the live total.
 * Allocations past the cap fail (NULL) and set `hit`. Each block carries a
 * small header with its size. Blocks must be freed with vc_sandbox_free()
 * on the same counter.
 */
struct vc_sandbox_heap {
	size_t used;   /* live bytes, headers included */
	size_t cap;    /* hard limit on used */
	int hit;       /* an allocation was refused */
};

void *vc_sandbox_alloc(struct vc_sandbox_heap *h, size_t size);
void *vc_sandbox_realloc(struct vc_sandbox_heap *h, void *ptr, size_t size);
void vc_sandbox_free(struct vc_sandbox_heap *h, void *ptr);   /* NULL is a no-op */

#endif
