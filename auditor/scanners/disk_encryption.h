#ifndef VC_DISK_ENCRYPTION_H
#define VC_DISK_ENCRYPTION_H
/*
 * Disk encryption of a live host: /proc/self/mountinfo and the device-mapper
 * tree under /sys, split out so that both can be tested with fabricated
 * input (scanners/disk_encryption.c).
 */
#include <stddef.h>
#include "scanner.h"

#define VC_MOUNTINFO_MAX 10000     /* mounts kept from one mountinfo */
#define VC_DM_DEPTH_MAX 8          /* slaves/ levels followed below a device */

struct vc_mountinfo_entry {
	unsigned major, minor;     /* st_dev of the mounted filesystem */
	char *root;                /* the mounted part of the filesystem, unescaped */
	char *mount_point;         /* unescaped ("\040" -> ' ') */
	char *fstype;              /* "ext4", "fuse.rclone", ... */
	char *source;              /* "/dev/mapper/root", "tmpfs", ... (unescaped) */
	int line;                  /* 1-based line in the mountinfo text */
};

struct vc_mountinfo {
	struct vc_mountinfo_entry *v;
	size_t n, cap;
};

/*
 * Parse the text of a /proc/PID/mountinfo file (proc(5)). Every well-formed
 * line is kept, in order; the mount-point, root and source fields are
 * unescaped (\040 \011 \012 \134). A malformed line is skipped: after the
 * whole text, VC_EPARSE is returned with *err_line (may be NULL) set to the
 * first bad line, the good entries still in `out`. More than
 * VC_MOUNTINFO_MAX lines is VC_ELIMIT (the first ones kept). `out` must be
 * zeroed; free with vc_mountinfo_free.
 */
int vc_mountinfo_parse(struct vc_mountinfo *out, const char *text, size_t len, int *err_line);
void vc_mountinfo_free(struct vc_mountinfo *m);   /* NULL is a no-op */

/*
 * Whether the block device MAJOR:MINOR is encrypted, from the sysfs tree at
 * `sysfs` ("/sys" on a live host): a device-mapper uuid starting "CRYPT-"
 * on the device or on any device below it (slaves/, followed recursively up
 * to VC_DM_DEPTH_MAX levels) is 1; a device that is known and has no such
 * layer is 0 ("none"); a device that sysfs does not know, or a loop device,
 * is -1. *how (may be NULL) is set to a static string: "luks", "dm-crypt",
 * "bitlocker", "truecrypt", "none", "loop" or "unknown".
 */
int vc_blockdev_encrypted(const char **how, const char *sysfs, unsigned major, unsigned minor);

/*
 * Whether one mount is encrypted (1), not (0) or unknown (-1), by its
 * filesystem type and, for disk filesystems, its block device (see
 * vc_blockdev_encrypted). `dev_major`/`dev_minor` is the device to ask
 * sysfs about: the mountinfo numbers, or the st_rdev of the source for
 * filesystems (btrfs) that report an anonymous 0:N device. *how (may be
 * NULL) gets a static string ("ecryptfs", "tmpfs", "virtual", "network",
 * "zfs", "luks", "none", ...).
 */
int vc_mount_encrypted(const char **how, const char *sysfs, const char *fstype,
		       unsigned dev_major, unsigned dev_minor);

#endif
