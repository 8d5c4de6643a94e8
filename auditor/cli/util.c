/* Shared pieces of the command line: data directories, atomic output. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "../core/err.h"
#include "../core/fdio.h"

static int is_dir(const char *p)
{
	struct stat st;

	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *vc_data_dir(const char *what)
{
	char env[64], exe[PATH_MAX], *slash, *cand;
	const char *v;
	ssize_t n;
	size_t i;

	snprintf(env, sizeof(env), "VCAUDIT_%s", what);
	for (i = 8; env[i]; i++)
		if (env[i] >= 'a' && env[i] <= 'z')
			env[i] = (char)(env[i] - 'a' + 'A');
	v = getenv(env);
	if (v && *v)
		return vc_strdup(v);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			/* build/vcaudit -> ../rules; /usr/bin/vcaudit -> ../share/vcaudit/rules */
			cand = vc_asprintf("%s/../%s", exe, what);
			if (is_dir(cand))
				return cand;
			free(cand);
			cand = vc_asprintf("%s/../share/vcaudit/%s", exe, what);
			if (is_dir(cand))
				return cand;
			free(cand);
		}
	}
	return vc_asprintf("/usr/share/vcaudit/%s", what);
}

int vc_write_output(const char *path, const char *data, size_t len)
{
	char *tmp = NULL, *dir = NULL, *slash;
	int fd = -1, rc = VC_EIO;

	struct stat st;

	if (!path || !strcmp(path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
			return vc_error_set(VC_EIO, "stdout: write failed: %s", strerror(errno));
		return 0;
	}
	/* A device or FIFO (-o /dev/null, a pipe) is written in place: renaming
	 * a temporary file over it would replace the device with a file. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || vc_write_all(fd, data, len) < 0) {
			rc = vc_error_set(VC_EIO, "%s: write failed: %s", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return rc;
		}
		return close(fd) < 0 ? vc_error_set(VC_EIO, "%s: write failed: %s", path,
						    strerror(errno)) : 0;
	}
	dir = vc_strdup(path);
	if (!dir)
		return VC_ENOMEM;
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir ? 1 : 0] = 0;
	tmp = vc_asprintf("%s/.%s.XXXXXX", slash ? dir : ".",
			  strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	if (!tmp) {
		rc = VC_ENOMEM;
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		vc_error_set(VC_EIO, "%s: cannot create temporary file: %s", path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (vc_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		vc_error_set(VC_EIO, "%s: write failed: %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0644) < 0 || close(fd) < 0) {
		fd = -1;
		vc_error_set(VC_EIO, "%s: write failed: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		vc_error_set(VC_EIO, "%s: cannot rename into place: %s", path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	return rc;
}

void vc_print_diags(const struct vc_diags *d)
{
	size_t i;

	for (i = 0; d && i < d->n; i++) {
		const struct vc_diag *g = &d->v[i];

		if (g->source && g->line && g->col)
			fprintf(stderr, "%s:%d:%d: %s\n", g->source, g->line, g->col, g->message);
		else if (g->source && g->line)
			fprintf(stderr, "%s:%d: %s\n", g->source, g->line, g->message);
		else if (g->source)
			fprintf(stderr, "%s: %s\n", g->source, g->message);
		else
			fprintf(stderr, "vcaudit: %s\n", g->message);
	}
}

time_t vc_cli_now(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s && *s) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (!errno && !*end && v > 0)
			return (time_t)v;
	}
	return time(NULL);
}
