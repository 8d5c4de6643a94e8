/*
 * vc_sandbox_run() for the fuzz targets: the evaluation runs in the fuzzing
 * process itself, because libFuzzer only sees the coverage of code that
 * runs in its own process. mk/fuzz.mk renames the forked implementation in
 * auditor/parsers/sandbox.c out of the way for the fuzz build only;
 * production and test builds never link this file.
 *
 * Kept from the sandbox: the engines' own limits (the counting allocators'
 * heap caps, Lua's instruction hook, Duktape's call-stack limit), the cap
 * on the result, VC_ENOMEM turned into "evaluation exceeded its memory
 * limit", the result parsed as JSON, and vc_sandbox_child_fail() (engine
 * fatal errors) ending the evaluation with its code and message.
 * Not kept: the wall clock, RLIMIT_CPU and RLIMIT_AS, which need a process
 * to kill. A target sets vc_fuzz_sandbox_skip for inputs that only the
 * wall clock would stop (loops, functions, pattern matching); the
 * evaluation then ends with the sandbox's timeout error, without running.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "parsers/sandbox.h"

int vc_fuzz_sandbox_skip;

static jmp_buf *fail_jmp;
static int fail_code;

_Noreturn void vc_sandbox_child_fail(int code)
{
	if (!fail_jmp)
		abort();
	fail_code = code >= 0 ? VC_ERROR : code;
	longjmp(*fail_jmp, 1);
}

int vc_sandbox_run(json_t **out, int (*fn)(struct vc_buf *result, const void *arg),
		   const void *arg, const struct vc_sandbox_limits *lim)
{
	size_t out_max = lim && lim->out_bytes ? lim->out_bytes : VC_SANDBOX_OUT_MAX;
	unsigned timeout_ms = lim && lim->timeout_ms ? lim->timeout_ms : VC_SANDBOX_TIMEOUT_MS;
	struct vc_buf result = VC_BUF_INIT(out_max);
	json_error_t jerr;
	jmp_buf jb;
	volatile int rc;

	*out = NULL;
	if (vc_fuzz_sandbox_skip)
		return vc_error_set(VC_ELIMIT, "evaluation timed out after %u s",
				    (timeout_ms + 999) / 1000);
	vc_error_clear();
	if (setjmp(jb)) {
		fail_jmp = NULL;
		rc = fail_code;
		goto out;
	}
	fail_jmp = &jb;
	rc = fn(&result, arg);
	fail_jmp = NULL;
	if (rc == VC_ENOMEM)
		rc = vc_error_set(VC_ELIMIT, "evaluation exceeded its memory limit");
	if (rc != 0)
		goto out;
	*out = json_loadb(result.ptr ? result.ptr : "", result.size, JSON_DECODE_ANY, &jerr);
	if (!*out)
		rc = vc_error_set(VC_ERROR, "evaluation returned malformed JSON");
out:
	vc_buf_free(&result);
	return rc;
}
