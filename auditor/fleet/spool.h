#ifndef VC_SPOOL_H
#define VC_SPOOL_H
/*
 * The upload spool: JSON reports that could not be delivered yet, one file
 * each, kept until a later run delivers them (fleet/upload.h).
 *
 * Names sort by time: "YYYYMMDDTHHMMSSZ-NNNNNNNNN.json", the report's UTC
 * generation time and a sequence number one above the highest in the spool,
 * so reports of the same second keep the order they were spooled in.
 * Files are written to a temporary name, fsync'ed and renamed into place
 * (mode 0600; the directory is 0700 and must belong to the user).
 * A file that is not a vcaudit JSON report is set aside as NAME.corrupt and
 * never sent. Every regular file in the directory counts towards the cap.
 */
#include <stddef.h>
#include <time.h>
#include "../core/buf.h"

#define VC_SPOOL_MAX_DEFAULT ((unsigned long long)100 * 1024 * 1024)
#define VC_SPOOL_ENTRIES_MAX 100000   /* more files than this: the rest wait */
#define VC_SPOOL_NAME_MAX 48

struct vc_spool {
	int fd;                   /* the directory, O_DIRECTORY; -1 when closed */
	char *dir;                /* path as given, for messages */
	unsigned long long max;   /* cap on the bytes of all files in the directory */
};

/*
 * The default directory: /var/lib/vcaudit/spool for root, else
 * $XDG_STATE_HOME/vcaudit/spool or ~/.local/state/vcaudit/spool.
 * Caller frees; NULL when no home directory is known.
 */
char *vc_spool_default_dir(void);

/*
 * Open (creating it and missing parents, mode 0700) the spool in `dir` with
 * a cap of `max` bytes. Refuses a directory owned by someone else and makes
 * one readable by others 0700. 0, VC_EIO or VC_EUNSAFE; out->fd is -1 on
 * failure. `dir` is copied.
 */
int vc_spool_open(struct vc_spool *out, const char *dir, unsigned long long max);
void vc_spool_close(struct vc_spool *sp);    /* NULL and closing twice are harmless */

/*
 * Take the spool's lock (flock on the directory), waiting up to `wait_ms`.
 * 0, or VC_ELIMIT when another run still holds it. Closing releases it.
 */
int vc_spool_lock(struct vc_spool *sp, int wait_ms);

struct vc_spool_list {
	char **names;             /* spooled reports, oldest first; owned */
	size_t n;
	unsigned long long bytes; /* all regular files in the directory */
	size_t corrupt;           /* files set aside as *.corrupt */
};

/* The spooled reports, oldest first. Removes temporary files older than an
 * hour (a run that died while writing). 0 or VC_EIO / VC_ENOMEM. */
int vc_spool_list(struct vc_spool_list *out, const struct vc_spool *sp);
void vc_spool_list_free(struct vc_spool_list *l);

/*
 * Read the spooled report `name` into `out` (its cap is set to sp->max).
 * VC_EPARSE when it is not a vcaudit JSON report (or not a regular file, or
 * larger than the cap): the caller sets it aside.
 */
int vc_spool_read(struct vc_buf *out, const struct vc_spool *sp, const char *name);

/* Rename `name` to `name`.corrupt so that it is kept but never sent again. */
int vc_spool_set_aside(const struct vc_spool *sp, const char *name);

/* Delete a delivered report. */
int vc_spool_remove(const struct vc_spool *sp, const char *name);

/*
 * Spool `len` bytes as the report generated at `when`. Its name goes to
 * `name` (VC_SPOOL_NAME_MAX bytes). VC_ELIMIT, with nothing written, when
 * the spool's files and this report together would exceed the cap;
 * `*used` (may be NULL) gets the bytes in the spool before adding.
 */
int vc_spool_add(char *name, struct vc_spool *sp, const char *data, size_t len, time_t when,
		 unsigned long long *used);

/* 1 when `name` has the form of a spooled report's name. */
int vc_spool_name_valid(const char *name);

#endif
