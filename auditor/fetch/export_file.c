/* The export of a pull: a temporary file renamed into place only on success. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch.h"
#include "../core/utf8.h"

int vc_export_open(struct vc_export_file *x, const char *path)
{
	int fd;

	memset(x, 0, sizeof(*x));
	if (!path || !*path || !strcmp(path, "-"))
		return vc_error_set(VC_ERROR, "an export file is needed (-o FILE), not stdout");
	x->path = vc_strdup(path);
	x->tmp = vc_asprintf("%s.partXXXXXX", path);
	if (!x->path || !x->tmp) {
		vc_export_abort(x);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	/* mkstemp creates the file 0600: the export holds e-mail addresses */
	fd = mkstemp(x->tmp);
	if (fd < 0) {
		int e = errno;

		free(x->tmp);
		x->tmp = NULL;
		vc_export_abort(x);
		return vc_error_set(VC_EIO, "%s: cannot create: %s", path, strerror(e));
	}
	x->f = fdopen(fd, "w");
	if (!x->f) {
		close(fd);
		vc_export_abort(x);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	return 0;
}

int vc_export_commit(struct vc_export_file *x)
{
	int rc = 0, e;

	if (fflush(x->f) != 0 || ferror(x->f) || fsync(fileno(x->f)) != 0) {
		e = errno;
		rc = vc_error_set(VC_EIO, "%s: write failed: %s", x->path, strerror(e));
	}
	if (fclose(x->f) != 0 && rc == 0) {
		e = errno;
		rc = vc_error_set(VC_EIO, "%s: write failed: %s", x->path, strerror(e));
	}
	x->f = NULL;
	if (rc == 0 && rename(x->tmp, x->path) != 0) {
		e = errno;
		rc = vc_error_set(VC_EIO, "%s: cannot rename into place: %s", x->path,
				  strerror(e));
	}
	if (rc == 0) {
		free(x->tmp);
		x->tmp = NULL;
	}
	vc_export_abort(x);
	return rc;
}

void vc_export_abort(struct vc_export_file *x)
{
	if (!x)
		return;
	if (x->f)
		fclose(x->f);
	x->f = NULL;
	if (x->tmp)
		unlink(x->tmp);
	free(x->tmp);
	free(x->path);
	x->tmp = x->path = NULL;
}

void vc_export_put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left, n;

	if (!s) {
		fputs("null", f);
		return;
	}
	left = strlen(s);
	fputc('"', f);
	while (left) {
		if (*p == '"' || *p == '\\') {
			fputc('\\', f);
			fputc(*p, f);
			n = 1;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p);
			n = 1;
		} else if (*p < 0x80) {
			fputc(*p, f);
			n = 1;
		} else if ((n = vc_utf8_len(p, left))) {
			fwrite(p, 1, n, f);
		} else {
			fputs("\\ufffd", f);
			n = 1;
		}
		p += n;
		left -= n;
	}
	fputc('"', f);
}
