#ifndef VC_UPLOAD_H
#define VC_UPLOAD_H
/*
 * `scan --upload URL`: POST the JSON report to a collector, keeping it in
 * the spool (fleet/spool.h) when the collector cannot take it.
 *
 * Every run first sends what the spool holds, oldest first, deleting each
 * file only after a 2xx reply, and stops at the first failure (so the
 * collector sees the reports in the order they were made). The new report
 * goes last; when anything failed it is spooled instead. When the spool is
 * full the new report is dropped (never an older one) and the warning
 * names it. Warnings go to stderr as "vcaudit: upload: ...".
 * The token is only ever the Authorization header's value.
 */
#include <stddef.h>
#include <time.h>
#include "spool.h"

struct vc_upload_opts {
	const char *url;          /* https://, or http:// to a loopback address */
	const char *token_file;   /* NULL: $VCAUDIT_UPLOAD_TOKEN, else no Authorization */
	const char *cafile;       /* NULL: the system's trust store */
	const char *spool_dir;    /* NULL: vc_spool_default_dir() */
	unsigned long long spool_max;   /* 0: VC_SPOOL_MAX_DEFAULT */
	long timeout_s;           /* per attempt; 0: 60 */
	int retries;              /* further attempts within a run */
};

struct vc_upload;

/*
 * 0 when `url` may be used: https://, or http:// whose host is 127.0.0.0/8,
 * ::1 or localhost (a plain-text token must not cross a network), without
 * user info. VC_EPARSE with the reason otherwise.
 */
int vc_upload_check_url(const char *url);

/*
 * Everything that can fail before the audit: the token, the HTTP client,
 * the spool directory. 0, or a negative code with the message set.
 */
int vc_upload_new(struct vc_upload **out, const struct vc_upload_opts *o);
void vc_upload_free(struct vc_upload *u);   /* NULL is a no-op; forgets the token */

/*
 * Deliver the spooled reports and then `report` (`len` bytes of JSON,
 * generated at `when` for the target `label`, both for names and messages).
 * 0 when it was delivered or spooled; VC_ELIMIT when the spool was full and
 * it was dropped; another negative code when it could neither be sent nor
 * spooled. The report is lost only in the negative cases.
 */
int vc_upload_send(struct vc_upload *u, const char *report, size_t len, time_t when,
		   const char *label);

#endif
