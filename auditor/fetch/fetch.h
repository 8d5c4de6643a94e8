#ifndef VC_FETCH_H
#define VC_FETCH_H
/*
 * Live pulls of admin settings (`vcaudit fetch PRODUCT`), written as the
 * export files `scan --input` reads (docs/fetch.md).
 *
 * Every pull writes its export through struct vc_export_file: a temporary
 * file beside the target, renamed over it only when the whole pull has
 * succeeded, so a failed pull never leaves a half-written export at -o.
 * Secrets are borrowed from the caller (read with vc_http_read_secret) and
 * never appear in the export, a message or the progress line.
 */
#include <stdio.h>
#include <time.h>

#include "../core/err.h"

/* ---- the export being written ---- */

struct vc_export_file {
	FILE *f;
	char *path;      /* final name */
	char *tmp;       /* temporary name, unlinked on abort */
};

/* Create the temporary file beside `path` (mode 0600). */
int vc_export_open(struct vc_export_file *x, const char *path);
/* Flush, fsync and rename over the final name; closes in every case. */
int vc_export_commit(struct vc_export_file *x);
/* Remove the temporary file (after a failure); NULL-safe, idempotent. */
void vc_export_abort(struct vc_export_file *x);
/*
 * Write s as a JSON string ("null" for NULL): quotes, backslashes and
 * control characters escaped, valid UTF-8 copied, every other byte as U+FFFD.
 * Allocates nothing, so it cannot leave a value out; write errors show in
 * ferror(f), which vc_export_commit() checks.
 */
void vc_export_put_string(FILE *f, const char *s);

/* ---- progress on a terminal ---- */

struct vc_progress {
	int on;              /* stderr is a terminal */
	int shown;           /* a line is on the screen */
	double last;         /* when it was last drawn */
};

void vc_progress_init(struct vc_progress *p);
/* Redraw "\r<text>" at most ten times a second (always when `force`). */
void vc_progress_show(struct vc_progress *p, int force, const char *fmt, ...)
	VC_PRINTF(3, 4);
/* Clear the line so that the next message starts on a clean line. */
void vc_progress_end(struct vc_progress *p);

/* ---- the pulls ---- */

struct vc_zoom_fetch_opts {
	const char *account_id;
	const char *client_id;
	const char *client_secret;   /* borrowed; never printed */
	const char *api_base;        /* NULL = https://api.zoom.us/v2 */
	const char *oauth_base;      /* NULL = https://zoom.us */
	const char *cafile;          /* NULL = system trust store */
	const char *out_path;
	long max_wait_s;             /* cap on one back-off wait; 0 = 60 */
};

struct vc_fetch_stats {
	size_t users;                /* Zoom: users written */
	size_t users_missing;        /* Zoom: users whose settings were gone (404) */
	size_t requests;             /* API requests made */
	size_t recordings;           /* BigBlueButton: recordings written */
	size_t tokens;               /* Zoom: access tokens requested */
	const char *checksum;        /* BigBlueButton: "sha256" or "sha1" used */
};

/* 0, or a negative VC_E* code with the message set (vc_error_last). */
int vc_zoom_fetch(struct vc_fetch_stats *st, const struct vc_zoom_fetch_opts *o);

struct vc_bbb_fetch_opts {
	const char *url;             /* server or API URL: https://host/bigbluebutton[/api] */
	const char *secret;          /* borrowed; never printed */
	const char *checksum;        /* "sha256", "sha1" or NULL = sha256, sha1 if refused */
	const char *cafile;
	const char *out_path;
	long max_wait_s;
};

int vc_bbb_fetch(struct vc_fetch_stats *st, const struct vc_bbb_fetch_opts *o);

#endif
