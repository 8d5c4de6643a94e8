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

/* Set the thread's last error message; returns `code` for tail calls. */
int vc_error_set(int code, const char *fmt, ...) VC_PRINTF(2, 3);
/* The last message, never NULL ("" when none). */
const char *vc_error_last(void);
void vc_error_clear(void);

struct vc_diag {
	char *product;   /* may be NULL */
	char *source;    /* display path (pseudonymised), may be NULL */
	int line;        /* 0 = unknown */
	int col;         /* 0 = unknown */
	char *message;
};

struct vc_diags {
	struct vc_diag *v;
	size_t n, cap;
};

/* Append a diagnostic; out of memory is silently dropped (never fatal). */
void vc_diag_add(struct vc_diags *d, const char *product, const char *source,
		 int line, int col, const char *fmt, ...) VC_PRINTF(6, 7);
void vc_diags_free(struct vc_diags *d);

/* Checked allocation helpers: abort-free, return NULL on failure. */
char *vc_strdup(const char *s);          /* NULL -> NULL */
char *vc_strndup(const char *s, size_t n);
char *vc_asprintf(const char *fmt, ...) VC_PRINTF(1, 2);

#endif
