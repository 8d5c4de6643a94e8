#ifndef VC_FSROOT_H
#define VC_FSROOT_H
/*
 * Reading a host tree confined to its root.
 *
 * Every path handed to these functions is relative to the root given to
 * vc_root_open() (a leading '/' is allowed and means the root itself).
 * Resolution is done component by component with O_NOFOLLOW:
 *  - a symlink with an absolute target is resolved against the root
 *    (as inside a chroot), so an image's "/data" means ROOT/data;
 *  - ".." never climbs above the root: a link that tries is VC_EUNSAFE;
 *  - more than VC_ROOT_MAX_LINKS symlinks is a loop: VC_EUNSAFE;
 *  - devices, FIFOs and sockets are never opened: VC_EUNSAFE.
 * Nothing is ever written or created below the root.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "buf.h"

#define VC_ROOT_MAX_LINKS 40
#define VC_ROOT_MAX_PATH 4096
#define VC_FILE_MAX_DEFAULT ((size_t)16 * 1024 * 1024)

struct vc_root {
	int fd;         /* O_PATH|O_DIRECTORY descriptor of the root */
	char *path;     /* absolute path of the root as given, for messages */
	int live;       /* 1 when the root is "/" (auditing this machine) */
};

/*
 * Error messages are "/root/relative/path: problem" (the path as asked for);
 * vc_error_problem() gives the problem alone, for diagnostics that show a
 * pseudonymised path instead.
 */

/* Open `dir` as the root (live = 1 when it is this machine's "/").
 * 0 or VC_ENOTFOUND / VC_ERROR; out->fd is -1 on failure. */
int vc_root_open(struct vc_root *out, const char *dir);
void vc_root_close(struct vc_root *r);    /* NULL is a no-op; closing twice is harmless */

enum vc_ftype { VC_FT_NONE = 0, VC_FT_FILE, VC_FT_DIR, VC_FT_OTHER };

struct vc_stat {
	enum vc_ftype type;
	uint64_t bytes;
	int64_t mtime;     /* seconds since the epoch */
	dev_t dev;         /* st_dev of the resolved object */
	char *resolved;    /* root-relative canonical path ("/a/b"), caller frees */
};

/*
 * Resolve `rel` following symlinks inside the root and stat the result.
 * On VC_EUNSAFE/VC_ENOTFOUND the error message says why.
 * `st->resolved` is set on success (caller frees with free()), NULL on failure.
 * Only looks: a device, FIFO or socket is VC_FT_OTHER (success), `bytes` is
 * the size of regular files and 0 for anything else.
 */
int vc_root_stat(struct vc_stat *st, const struct vc_root *r, const char *rel);

/*
 * Read a regular file entirely, refusing more than `max` bytes (VC_ELIMIT,
 * also when the file grows past it while read); max 0 = VC_FILE_MAX_DEFAULT.
 * `out` (initialised, its cap applies too) is emptied first and receives the
 * bytes, NUL-terminated, "" for an empty file; it is left empty on failure.
 * Caller frees with vc_buf_free. A directory is VC_EIO, a device, FIFO or
 * socket VC_EUNSAFE (never opened), a missing file VC_ENOTFOUND, a file that
 * cannot be read (permissions) VC_EIO. Access times are left alone where the
 * kernel allows (O_NOATIME).
 */
int vc_root_read(struct vc_buf *out, const struct vc_root *r, const char *rel, size_t max);

/*
 * Open a directory for listing. Returns a descriptor usable with fdopendir()
 * (caller closes), or a negative VC_E* code: VC_ENOTFOUND also for a regular
 * file, VC_EUNSAFE for a device, FIFO or socket.
 */
int vc_root_opendir_fd(const struct vc_root *r, const char *rel);

/*
 * Join two root-relative path pieces into a new string "a/b" with exactly
 * one slash ("/" + "etc" = "/etc", "/etc" + "" = "/etc"); caller frees.
 * NULL on allocation failure.
 */
char *vc_path_join(const char *a, const char *b);

/*
 * 1 when `path` equals `dir` or lies below it (both canonical, root-relative):
 * "/home/al" is not under "/home/alice", and "/" holds everything.
 */
int vc_path_under(const char *path, const char *dir);

#endif
