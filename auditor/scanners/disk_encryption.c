/*
 * Disk encryption of the machine being audited, for live audits only: every
 * mount of /proc/self/mountinfo with whether its storage is encrypted
 * (ecryptfs, dm-crypt/LUKS anywhere below the block device through LVM or
 * RAID, as sysfs shows it), plus homes encrypted with fscrypt or ecryptfs.
 * vc_scan_encrypted() then answers for any path by the longest mount.
 *
 * A --root audit of an image says nothing here: encryption stays unknown
 * (no facts) unless attested with --encrypted / --not-encrypted.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/fscrypt.h>

#include "disk_encryption.h"
#include "scan_util.h"
#include "../core/hash.h"

#define P "host"
#define MOUNTINFO "/proc/self/mountinfo"
#define SYSFS "/sys"
#define FIELDS_MAX 64          /* fields in one mountinfo line */
#define SLAVES_MAX 64          /* devices examined below one device */
#define SYSFS_VALUE_MAX 256

/* ---- mountinfo --------------------------------------------------------- */

/* Undo the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 '\'). */
static char *unescape(const char *s, size_t len)
{
	char *o = malloc(len + 1);
	size_t i, n = 0;

	if (!o)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			o[n++] = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else {
			o[n++] = s[i];
		}
	}
	o[n] = 0;
	return o;
}

static int parse_uint(unsigned *out, const char *s, size_t len)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > UINT_MAX)
		return -1;
	*out = (unsigned)v;
	return 0;
}

void vc_mountinfo_free(struct vc_mountinfo *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free(m->v[i].root);
		free(m->v[i].mount_point);
		free(m->v[i].fstype);
		free(m->v[i].source);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* One line: 0 (entry filled), VC_EPARSE or VC_ENOMEM. */
static int parse_line(struct vc_mountinfo_entry *e, const char *s, size_t len)
{
	const char *f[FIELDS_MAX], *colon;
	size_t fl[FIELDS_MAX], nf = 0, i = 0, dash;

	while (i < len) {
		size_t st = i;

		while (i < len && s[i] != ' ')
			i++;
		if (i > st) {
			if (nf == FIELDS_MAX)
				return VC_EPARSE;
			f[nf] = s + st;
			fl[nf++] = i - st;
		}
		i++;
	}
	/* id parent maj:min root mount-point options [optional...] - fstype source super */
	for (dash = 6; dash < nf; dash++)
		if (fl[dash] == 1 && f[dash][0] == '-')
			break;
	if (nf < 6 || dash + 2 >= nf)
		return VC_EPARSE;
	colon = memchr(f[2], ':', fl[2]);
	if (!colon || parse_uint(&e->major, f[2], (size_t)(colon - f[2])) < 0 ||
	    parse_uint(&e->minor, colon + 1, fl[2] - (size_t)(colon - f[2]) - 1) < 0)
		return VC_EPARSE;
	if (f[4][0] != '/')
		return VC_EPARSE;
	e->root = unescape(f[3], fl[3]);
	e->mount_point = unescape(f[4], fl[4]);
	e->fstype = unescape(f[dash + 1], fl[dash + 1]);
	e->source = unescape(f[dash + 2], fl[dash + 2]);
	if (!e->root || !e->mount_point || !e->fstype || !e->source)
		return VC_ENOMEM;
	return 0;
}

int vc_mountinfo_parse(struct vc_mountinfo *out, const char *text, size_t len, int *err_line)
{
	const char *p = text, *end = text + len, *nl;
	int line = 0, first_bad = 0, rc;

	for (; p < end; p = nl + 1) {
		struct vc_mountinfo_entry e = { 0 };
		size_t n;

		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		line++;
		n = (size_t)(nl - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (!n)
			continue;
		if (out->n >= VC_MOUNTINFO_MAX)
			return vc_error_set(VC_ELIMIT, "more than %d mounts", VC_MOUNTINFO_MAX);
		if (memchr(p, 0, n))
			rc = VC_EPARSE;
		else
			rc = parse_line(&e, p, n);
		if (rc == 0 && out->n == out->cap) {
			size_t ncap = out->cap ? out->cap * 2 : 64;
			struct vc_mountinfo_entry *nv = realloc(out->v, ncap * sizeof(*nv));

			if (nv) {
				out->v = nv;
				out->cap = ncap;
			} else {
				rc = VC_ENOMEM;
			}
		}
		if (rc < 0) {
			free(e.root);
			free(e.mount_point);
			free(e.fstype);
			free(e.source);
			if (rc == VC_ENOMEM)
				return vc_error_set(rc, "out of memory");
			if (!first_bad)
				first_bad = line;
			continue;
		}
		e.line = line;
		out->v[out->n++] = e;
	}
	if (first_bad) {
		if (err_line)
			*err_line = first_bad;
		return vc_error_set(VC_EPARSE, "line %d: malformed mountinfo line", first_bad);
	}
	return 0;
}

/* ---- sysfs ------------------------------------------------------------- */

/* First line of a small sysfs file; 0 or -1. */
static int read_value(char *out, size_t size, const char *path)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	n = read(fd, out, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	out[n] = 0;
	out[strcspn(out, "\n")] = 0;
	return 0;
}

static const char *crypt_kind(const char *uuid)
{
	if (!strncmp(uuid, "CRYPT-LUKS", 10))
		return "luks";
	if (!strncmp(uuid, "CRYPT-BITLK", 11))
		return "bitlocker";
	if (!strncmp(uuid, "CRYPT-TCRYPT", 12))
		return "truecrypt";
	return "dm-crypt";
}

static int is_dir_path(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The device directory `dir` (sysfs) and everything below it. */
static int dev_walk(const char **how, const char *dir, int depth)
{
	char path[PATH_MAX], child[PATH_MAX], value[SYSFS_VALUE_MAX];
	const char *sub_how = "none";
	struct dirent *de;
	size_t seen = 0;
	int result = 0, r;
	DIR *d;

	*how = "unknown";
	if (depth > VC_DM_DEPTH_MAX)
		return -1;
	if ((size_t)snprintf(path, sizeof(path), "%s/dm/uuid", dir) >= sizeof(path))
		return -1;
	if (read_value(value, sizeof(value), path) == 0 && !strncmp(value, "CRYPT-", 6)) {
		*how = crypt_kind(value);
		return 1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/loop", dir) >= sizeof(path))
		return -1;
	if (is_dir_path(path)) {   /* a loop device: the backing file's disk decides */
		*how = "loop";
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/slaves", dir) >= sizeof(path))
		return -1;
	if (!(d = opendir(path))) {
		*how = "none";
		return 0;
	}
	while ((de = readdir(d))) {
		const char *h;

		if (de->d_name[0] == '.')
			continue;
		if (++seen > SLAVES_MAX ||
		    (size_t)snprintf(child, sizeof(child), "%s/%s", path, de->d_name) >=
		    sizeof(child)) {
			result = -1;
			sub_how = "unknown";
			break;
		}
		r = dev_walk(&h, child, depth + 1);
		if (r == 1) {
			closedir(d);
			*how = h;
			return 1;
		}
		if (r < 0) {
			result = -1;
			sub_how = h;
		}
	}
	closedir(d);
	*how = result < 0 ? sub_how : "none";
	return result;
}

int vc_blockdev_encrypted(const char **how, const char *sysfs, unsigned major, unsigned minor)
{
	char dir[PATH_MAX];
	const char *h = "unknown";
	int r = -1;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", sysfs, major, minor) <
	    sizeof(dir) && is_dir_path(dir))
		r = dev_walk(&h, dir, 0);
	if (how)
		*how = h;
	return r;
}

static int in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

int vc_mount_encrypted(const char **how, const char *sysfs, const char *fstype,
		       unsigned dev_major, unsigned dev_minor)
{
	/* nothing persistent of the user's lives there */
	static const char *const virt[] = {
		"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs",
		"debugfs", "tracefs", "pstore", "bpf", "mqueue", "hugetlbfs", "configfs",
		"fusectl", "autofs", "binfmt_misc", "efivarfs", "rpc_pipefs", "nsfs",
		"selinuxfs", "nfsd", NULL
	};
	static const char *const network[] = {
		"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph", "glusterfs", "afs",
		"virtiofs", "fuse.sshfs", NULL
	};
	/* FUSE filesystems that store their files encrypted */
	static const char *const fuse_crypt[] = {
		"fuse.gocryptfs", "fuse.encfs", "fuse.cryfs", "fuse.securefs", NULL
	};
	const char *h = "unknown";
	int r = -1;

	if (!strcmp(fstype, "ecryptfs")) {
		h = "ecryptfs";
		r = 1;
	} else if (in_list(fstype, fuse_crypt)) {
		h = fstype + 5;
		r = 1;
	} else if (!strcmp(fstype, "tmpfs") || !strcmp(fstype, "ramfs")) {
		h = "tmpfs";   /* not persistent: gone at shutdown */
	} else if (in_list(fstype, virt)) {
		h = "virtual";
	} else if (!strcmp(fstype, "overlay")) {
		h = "overlay";   /* its upper directory is on some other mount */
	} else if (!strcmp(fstype, "squashfs") || !strcmp(fstype, "iso9660")) {
		h = "image";     /* read-only images (snaps, live media) */
	} else if (in_list(fstype, network)) {
		h = "network";
	} else if (!strncmp(fstype, "fuse", 4)) {
		h = "fuse";
	} else if (!strcmp(fstype, "zfs")) {
		h = "zfs";     /* native ZFS encryption is not visible here */
	} else if (dev_major != 0) {
		r = vc_blockdev_encrypted(&h, sysfs, dev_major, dev_minor);
	}
	if (how)
		*how = h;
	return r;
}

/* ---- the scanner ------------------------------------------------------- */

/* Read a /proc file (size 0 in stat) to EOF with a limit. */
static int read_proc(struct vc_buf *out, const char *path)
{
	char chunk[8192];
	ssize_t n;
	int fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return vc_error_set(errno == ENOENT ? VC_ENOTFOUND : VC_EIO, "%s",
				    strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = vc_error_set(VC_EIO, "%s", strerror(errno));
			break;
		}
		if ((rc = vc_buf_put(out, chunk, (size_t)n)) < 0)
			break;
	}
	close(fd);
	if (rc == 0 && !out->ptr)
		rc = vc_buf_grow(out, 0);
	return rc;
}

/* The device behind a filesystem that reports an anonymous 0:N (btrfs). */
static void source_device(unsigned *major_out, unsigned *minor_out, const char *source)
{
	struct stat st;

	if (strncmp(source, "/dev/", 5) || stat(source, &st) < 0 || !S_ISBLK(st.st_mode))
		return;
	*major_out = major(st.st_rdev);
	*minor_out = minor(st.st_rdev);
}

static int add_mounts(struct vc_scan_ctx *ctx, const struct vc_mountinfo *mi)
{
	size_t i;
	int rc;

	for (i = 0; i < mi->n; i++) {
		const struct vc_mountinfo_entry *e = &mi->v[i];
		unsigned maj = e->major, min = e->minor;
		const char *how;
		int enc;

		if (maj == 0)
			source_device(&maj, &min, e->source);
		enc = vc_mount_encrypted(&how, SYSFS, e->fstype, maj, min);
		rc = vc_scan_add_mount(ctx, e->mount_point, e->fstype, enc, how);
		if (rc == VC_ELIMIT) {
			vc_diag_add(&ctx->diags, P, MOUNTINFO, e->line, 0,
				    "too many mounts; the rest are not examined");
			return 0;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* fscrypt policy on the home directory itself (the ioctl needs a real descriptor). */
static int home_fscrypt(const struct vc_scan_ctx *ctx, const char *home)
{
	struct fscrypt_get_policy_ex_arg arg;
	struct fscrypt_policy_v1 v1;
	int fd, r;

	if ((fd = vc_root_opendir_fd(&ctx->root, home)) < 0)
		return 0;
	memset(&arg, 0, sizeof(arg));
	arg.policy_size = sizeof(arg.policy);
	r = ioctl(fd, FS_IOC_GET_ENCRYPTION_POLICY_EX, &arg);
	if (r < 0 && errno == ENOTTY)   /* kernels before 5.4 */
		r = ioctl(fd, FS_IOC_GET_ENCRYPTION_POLICY, &v1);
	close(fd);
	return r == 0;
}

/* An ecryptfs home whose user is logged out: the files sit in .Private. */
static int home_ecryptfs(const struct vc_scan_ctx *ctx, const struct vc_home *h)
{
	struct vc_stat st = { 0 };
	char *rel = vc_asprintf("/home/.ecryptfs/%s/.Private", h->user);
	int rc;

	if (!rel)
		return 0;
	rc = vc_root_stat(&st, &ctx->root, rel);
	free(rel);
	free(st.resolved);
	return rc == 0 && st.type == VC_FT_DIR;
}

static int disk_encryption_scan(struct vc_scan_ctx *ctx)
{
	struct vc_buf buf = VC_BUF_INIT(ctx->file_max ? ctx->file_max : VC_FILE_MAX_DEFAULT);
	struct vc_mountinfo mi = { 0 };
	struct vc_prov prov = { MOUNTINFO, NULL, 0 };
	char sha[VC_SHA256_HEX];
	size_t i;
	int rc, err_line = 0;

	if (!ctx->root.live)
		return 0;
	rc = read_proc(&buf, MOUNTINFO);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		vc_diag_add(&ctx->diags, P, MOUNTINFO, 0, 0, "could not read: %s",
			    vc_error_problem());
		vc_scan_error_keys(ctx, P, "host", MOUNTINFO, "artifacts.recordings,*.encrypted");
		rc = 0;
		goto out;
	}
	vc_sha256_hex(sha, buf.ptr, buf.size);
	if ((rc = vc_scan_add_source(ctx, P, "mountinfo", MOUNTINFO, sha, buf.size)) < 0)
		goto out;
	rc = vc_mountinfo_parse(&mi, buf.ptr, buf.size, &err_line);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc == VC_EPARSE)
		vc_diag_add(&ctx->diags, P, MOUNTINFO, err_line, 0,
			    "malformed mountinfo line, ignored");
	else if (rc == VC_ELIMIT)
		vc_diag_add(&ctx->diags, P, MOUNTINFO, 0, 0, "%s; the rest are not examined",
			    vc_error_problem());
	if ((rc = add_mounts(ctx, &mi)) < 0)
		goto out;
	for (i = 0; i < ctx->nhomes; i++) {
		const struct vc_home *h = &ctx->homes[i];

		if (home_fscrypt(ctx, h->path))
			rc = vc_scan_add_mount(ctx, h->path, NULL, 1, "fscrypt");
		else if (home_ecryptfs(ctx, h))
			rc = vc_scan_add_mount(ctx, h->path, NULL, 1, "ecryptfs");
		if (rc == VC_ENOMEM)
			goto out;
		rc = 0;
	}
	prov.sha256 = sha;
	rc = vc_fact_add(&ctx->facts, P, "host", "host.disk_encryption.known", json_true(),
			 &prov);
out:
	vc_mountinfo_free(&mi);
	vc_buf_free(&buf);
	return rc;
}

const struct vc_scanner_entry vc_scanner_disk_encryption = {
	.name = "disk-encryption",
	.product = "host",
	.description = "which mounts and homes are encrypted (LUKS/dm-crypt, ecryptfs, "
		       "fscrypt), live audits only",
	.scan = disk_encryption_scan,
};
