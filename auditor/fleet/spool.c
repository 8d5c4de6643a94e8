/* The upload spool: undelivered reports, one file each (spool.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>

#include "spool.h"
#include "../core/fdio.h"

#define NAME_LEN 31            /* YYYYMMDDTHHMMSSZ-NNNNNNNNN.json */
#define SEQ_MAX 999999999ULL
#define TMP_PREFIX ".tmp-"
#define TMP_STALE_SECONDS 3600

char *vc_spool_default_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct passwd *pw;

	if (geteuid() == 0)
		return vc_strdup("/var/lib/vcaudit/spool");
	/* The XDG base directory spec: relative values are invalid and ignored. */
	if (xdg && xdg[0] == '/')
		return vc_asprintf("%s/vcaudit/spool", xdg);
	if (!home || home[0] != '/') {
		pw = getpwuid(geteuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
	}
	return home ? vc_asprintf("%s/.local/state/vcaudit/spool", home) : NULL;
}

/* mkdir -p with mode 0700 for every directory created. */
static int make_dirs(const char *dir)
{
	char *p = vc_strdup(dir), *s;
	int rc = 0;

	if (!p)
		return VC_ENOMEM;
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;

		*s = 0;
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			rc = vc_error_set(VC_EIO, "spool %s: cannot create %s: %s", dir, p,
					  strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

int vc_spool_open(struct vc_spool *out, const char *dir, unsigned long long max)
{
	struct stat st;
	int rc;

	out->fd = -1;
	out->max = max;
	out->dir = vc_strdup(dir);
	if (!out->dir)
		return VC_ENOMEM;
	if ((rc = make_dirs(dir)) < 0)
		return rc;
	out->fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (out->fd < 0)
		return vc_error_set(VC_EIO, "spool %s: cannot open: %s", dir, strerror(errno));
	if (fstat(out->fd, &st) < 0) {
		rc = vc_error_set(VC_EIO, "spool %s: %s", dir, strerror(errno));
		goto fail;
	}
	/* Another user's directory could be emptied or filled behind our back. */
	if (st.st_uid != geteuid()) {
		rc = vc_error_set(VC_EUNSAFE, "spool %s: owned by uid %lu, not by this user", dir,
				  (unsigned long)st.st_uid);
		goto fail;
	}
	if ((st.st_mode & 077) && fchmod(out->fd, 0700) < 0) {
		rc = vc_error_set(VC_EIO, "spool %s: cannot make it private: %s", dir,
				  strerror(errno));
		goto fail;
	}
	return 0;
fail:
	close(out->fd);
	out->fd = -1;
	return rc;
}

void vc_spool_close(struct vc_spool *sp)
{
	if (!sp)
		return;
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
	free(sp->dir);
	sp->dir = NULL;
}

int vc_spool_lock(struct vc_spool *sp, int wait_ms)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int waited = 0;

	while (flock(sp->fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return vc_error_set(VC_EIO, "spool %s: cannot lock: %s", sp->dir,
					    strerror(errno));
		if (waited >= wait_ms)
			return vc_error_set(VC_ELIMIT, "spool %s: another vcaudit run holds it",
					    sp->dir);
		nanosleep(&ts, NULL);
		waited += 50;
	}
	return 0;
}

int vc_spool_name_valid(const char *name)
{
	size_t i;

	if (strlen(name) != NAME_LEN || name[8] != 'T' || name[15] != 'Z' || name[16] != '-' ||
	    strcmp(name + 26, ".json"))
		return 0;
	for (i = 0; i < 26; i++)
		if (i != 8 && i != 15 && i != 16 && (name[i] < '0' || name[i] > '9'))
			return 0;
	return 1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int vc_spool_list(struct vc_spool_list *out, const struct vc_spool *sp)
{
	struct dirent *de;
	struct stat st;
	size_t cap = 0;
	time_t now = time(NULL);
	int dfd = dup(sp->fd), rc = 0;
	DIR *d;

	memset(out, 0, sizeof(*out));
	d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return vc_error_set(VC_EIO, "spool %s: cannot list: %s", sp->dir, strerror(errno));
	}
	/* The duplicate shares the directory offset with earlier listings. */
	rewinddir(d);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(sp->fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (!strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) && S_ISREG(st.st_mode) &&
		    st.st_mtime < now - TMP_STALE_SECONDS) {
			unlinkat(sp->fd, de->d_name, 0);
			continue;
		}
		if (S_ISREG(st.st_mode))
			out->bytes += (unsigned long long)st.st_size;
		if (has_suffix(de->d_name, ".corrupt"))
			out->corrupt++;
		if (!vc_spool_name_valid(de->d_name) || out->n >= VC_SPOOL_ENTRIES_MAX)
			continue;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nv = realloc(out->names, ncap * sizeof(*nv));

			if (!nv) {
				rc = VC_ENOMEM;
				break;
			}
			out->names = nv;
			cap = ncap;
		}
		if (!(out->names[out->n] = vc_strdup(de->d_name))) {
			rc = VC_ENOMEM;
			break;
		}
		out->n++;
	}
	closedir(d);
	if (rc < 0) {
		vc_spool_list_free(out);
		return vc_error_set(rc, "out of memory");
	}
	if (out->n)
		qsort(out->names, out->n, sizeof(*out->names), cmp_names);
	return 0;
}

void vc_spool_list_free(struct vc_spool_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	memset(l, 0, sizeof(*l));
}

int vc_spool_read(struct vc_buf *out, const struct vc_spool *sp, const char *name)
{
	struct stat st;
	char chunk[65536];
	json_error_t jerr;
	json_t *doc = NULL;
	const char *schema;
	ssize_t n;
	int fd, rc = 0;

	vc_buf_free(out);
	out->cap = sp->max > VC_BUF_DEFAULT_CAP * 4 ? VC_BUF_DEFAULT_CAP * 4 : (size_t)sp->max;
	fd = openat(sp->fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return vc_error_set(errno == ENOENT ? VC_ENOTFOUND : VC_EPARSE,
				    "%s/%s: cannot open: %s", sp->dir, name, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = vc_error_set(VC_EPARSE, "%s/%s: not a regular file", sp->dir, name);
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = vc_error_set(VC_EIO, "%s/%s: read failed: %s", sp->dir, name,
					  strerror(errno));
			goto out;
		}
		if (vc_buf_put(out, chunk, (size_t)n) < 0) {
			rc = vc_error_set(VC_EPARSE, "%s/%s: larger than the spool's cap", sp->dir,
					  name);
			goto out;
		}
	}
	doc = json_loadb(out->ptr ? out->ptr : "", out->size, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		rc = vc_error_set(VC_EPARSE, "%s/%s:%d:%d: %s", sp->dir, name, jerr.line,
				  jerr.column, vc_error_cut_excerpt(jerr.text));
		goto out;
	}
	schema = json_string_value(json_object_get(doc, "schema"));
	if (!schema || strncmp(schema, "vcaudit.report/", 15))
		rc = vc_error_set(VC_EPARSE, "%s/%s: not a vcaudit json report", sp->dir, name);
out:
	json_decref(doc);
	close(fd);
	if (rc < 0)
		vc_buf_free(out);
	return rc;
}

int vc_spool_set_aside(const struct vc_spool *sp, const char *name)
{
	char aside[VC_SPOOL_NAME_MAX + 16];

	snprintf(aside, sizeof(aside), "%s.corrupt", name);
	if (renameat(sp->fd, name, sp->fd, aside) < 0)
		return vc_error_set(VC_EIO, "%s/%s: cannot set aside: %s", sp->dir, name,
				    strerror(errno));
	return 0;
}

int vc_spool_remove(const struct vc_spool *sp, const char *name)
{
	if (unlinkat(sp->fd, name, 0) < 0 && errno != ENOENT)
		return vc_error_set(VC_EIO, "%s/%s: cannot remove: %s", sp->dir, name,
				    strerror(errno));
	return 0;
}

/* The next sequence number: one above the highest in the spool. */
static unsigned long long next_seq(const struct vc_spool_list *l)
{
	unsigned long long seq = 0, v;
	size_t i;

	for (i = 0; i < l->n; i++) {
		v = strtoull(l->names[i] + 17, NULL, 10);
		if (v > seq)
			seq = v;
	}
	return seq + 1;
}

int vc_spool_add(char *name, struct vc_spool *sp, const char *data, size_t len, time_t when,
		 unsigned long long *used)
{
	struct vc_spool_list l;
	char stamp[32], tmp[64] = "";
	unsigned long long seq;
	struct tm tm;
	int fd = -1, rc, tries;

	name[0] = 0;
	if ((rc = vc_spool_list(&l, sp)) < 0)
		return rc;
	seq = next_seq(&l);
	if (used)
		*used = l.bytes;
	if (l.bytes > sp->max || len > sp->max - l.bytes) {
		rc = vc_error_set(VC_ELIMIT, "spool %s is full", sp->dir);
		goto out;
	}
	if (!gmtime_r(&when, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0) {
		rc = vc_error_set(VC_ERROR, "spool %s: report time out of range", sp->dir);
		goto out;
	}
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(tmp, sizeof(tmp), TMP_PREFIX "%ld-%llu", (long)getpid(), seq);
	fd = openat(sp->fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || vc_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		rc = vc_error_set(VC_EIO, "spool %s: cannot write: %s", sp->dir, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		rc = vc_error_set(VC_EIO, "spool %s: cannot write: %s", sp->dir, strerror(errno));
		goto out;
	}
	fd = -1;
	/* Another run may have taken the number meanwhile: never replace its file. */
	for (tries = 0; tries < 100; tries++, seq++) {
		if (seq > SEQ_MAX) {
			rc = vc_error_set(VC_ELIMIT, "spool %s: sequence numbers used up", sp->dir);
			goto out;
		}
		snprintf(name, VC_SPOOL_NAME_MAX, "%s-%09llu.json", stamp, seq);
		if (renameat2(sp->fd, tmp, sp->fd, name, RENAME_NOREPLACE) == 0)
			break;
		if (errno != EEXIST) {
			rc = vc_error_set(VC_EIO, "spool %s: cannot rename into place: %s", sp->dir,
					  strerror(errno));
			goto out;
		}
	}
	if (tries == 100) {
		rc = vc_error_set(VC_EIO, "spool %s: no free name", sp->dir);
		goto out;
	}
	tmp[0] = 0;
	/* The rename itself must survive a power cut. */
	fsync(sp->fd);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp[0])
		unlinkat(sp->fd, tmp, 0);
	if (rc < 0)
		name[0] = 0;
	vc_spool_list_free(&l);
	return rc;
}
