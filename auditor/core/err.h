#ifndef VC_ERR_H
#define VC_ERR_H
/*
 * Error values and diagnostics.
 *
 * Functions return 0 on success and a negative VC_E* code on failure
 * (libgit2 style). The message of the last failure on this thread is kept
 * by vc_error_set() and read with vc_error_last(). Messages follow
 * "path:line:col: problem, lower case" when a location is known.
 *
 * Diagnostics are the user-visible list of problems met during an audit
 * (a malformed file, a symlink that escapes the root, a limit hit). They
 * never abort the audit.
 */
#include <stddef.h>
#include <stdarg.h>

enum {
	VC_OK = 0,
	VC_ERROR = -1,      /* generic failure, see vc_error_last() */
	VC_ENOMEM = -2,     /* allocation failed */
	VC_ENOTFOUND = -3,  /* file or key absent */
	VC_ELIMIT = -4,     /* a size/depth/count limit was hit */
	VC_EPARSE = -5,     /* malformed input */
	VC_EUNSAFE = -6,    /* symlink escapes root, device, FIFO, loop */
	VC_EIO = -7         /* read/write failed */
};

#if defined(__GNUC__)
#define VC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define VC_PRINTF(a, b)
#endif

#define VC_ERROR_MAX 1024   /* longer messages are truncated */

/*
 * Set the thread's last error message; returns `code` for tail calls.
 * The arguments may include vc_error_last() itself (to add context).
 */
int vc_error_set(int code, const char *fmt, ...) VC_PRINTF(2, 3);
/*
 * Same with a "path: " prefix. vc_error_last() gives "path: problem",
 * vc_error_problem() only "problem", for diagnostics whose source is shown
 * separately in pseudonymised form (a raw path may hold a user name).
 */
int vc_error_set_path(int code, const char *path, const char *fmt, ...) VC_PRINTF(3, 4);
/* The last message, never NULL ("" when none). */
const char *vc_error_last(void);
/* The last message without a prefix set by vc_error_set_path(), never NULL. */
const char *vc_error_problem(void);
void vc_error_clear(void);

struct vc_diag {
	char *product;   /* may be NULL */
	char *source;    /* display path (pseudonymised), may be NULL */
	int line;        /* 0 = unknown */
	int col;         /* 0 = unknown */
	char *message;
};

/*
 * At most VC_DIAG_MAX entries are kept: once full, the last entry is
 * replaced by "too many diagnostics (limit N), M more dropped", where M
 * (`dropped`) counts the replaced entry and every later one.
 */
#define VC_DIAG_MAX 10000
#define VC_DIAG_MSG_MAX 2048    /* longer messages are truncated with "..." */

struct vc_diags {
	struct vc_diag *v;
	size_t n, cap;
	size_t dropped;  /* entries beyond VC_DIAG_MAX, summarised in v[n - 1] */
	size_t lost;     /* entries lost for want of memory (not summarised) */
};

/*
 * Append a diagnostic; product and source are copied (either may be NULL).
 * Out of memory drops the entry and counts it in `lost`: a caller about to
 * report the list as complete must check that (a missing diagnostic would
 * hide a file that was not read). Code that cannot return VC_ENOMEM may
 * count what it could not record there too.
 */
void vc_diag_add(struct vc_diags *d, const char *product, const char *source,
		 int line, int col, const char *fmt, ...) VC_PRINTF(6, 7);
void vc_diags_free(struct vc_diags *d);

/*
 * Cut a parser message (Jansson's json_error_t.text) before the excerpt of
 * the input it quotes ("... near '<text>'"): the excerpt may be a secret,
 * a path or a name. Edits `msg` in place and returns it.
 */
char *vc_error_cut_excerpt(char *msg);

/* Checked allocation helpers: abort-free, return NULL on failure. */
char *vc_strdup(const char *s);          /* NULL -> NULL */
char *vc_strndup(const char *s, size_t n);
char *vc_asprintf(const char *fmt, ...) VC_PRINTF(1, 2);
char *vc_vasprintf(const char *fmt, va_list ap) VC_PRINTF(1, 0);

#endif
