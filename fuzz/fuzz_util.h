#ifndef VC_FUZZ_UTIL_H
#define VC_FUZZ_UTIL_H
/*
 * Glue shared by the libFuzzer targets (fuzz/fuzz_*.c): a NUL-terminated
 * copy of the input, a scan context without a root, and a private
 * temporary directory for the entry points that take a path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>
#include <jansson.h>

#include "core/err.h"
#include "scanners/scanner.h"
#include "scanners/scan_util.h"

/* A NUL-terminated copy of the input (parsers that want C strings). */
static inline char *fz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = 0;
	return s;
}

/* The same, cut at the first NUL byte, as a C caller would see it. */
static inline char *fz_cstr_cut(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);

	return fz_cstr(data, nul ? (size_t)(nul - data) : size);
}

static char fz_dir[64];

static inline int fz_rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

static inline void fz_rmdir(void)
{
	if (fz_dir[0])
		nftw(fz_dir, fz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Write the input to a file `name` in this process's temporary directory
 * ($TMPDIR, else /dev/shm when there is one, else /tmp; removed at exit)
 * and return its path (static storage). A memory file system keeps the
 * targets that read paths fast.
 * `name` may hold one directory level ("rules/x.json").
 */
static inline const char *fz_file(const uint8_t *data, size_t size, const char *name)
{
	static char path[256];
	const char *tmp = getenv("TMPDIR");
	char *slash;
	FILE *f;

	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	if (!fz_dir[0]) {
		snprintf(fz_dir, sizeof(fz_dir), "%s/vcfuzz-XXXXXX", tmp);
		if (!mkdtemp(fz_dir))
			abort();
		atexit(fz_rmdir);
	}
	snprintf(path, sizeof(path), "%s/%s", fz_dir, name);
	slash = strrchr(path, '/');
	*slash = 0;
	mkdir(path, 0700);
	*slash = '/';
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return path;
}

/* A scan context with no root (what `vcaudit scan --input` has). */
static inline void fz_ctx_open(struct vc_scan_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->root.fd = -1;
	if (vc_pseudo_init(&ctx->pseudo, "fuzz-key", 0) != 0)
		abort();
	ctx->now = (time_t)1790000000;
	ctx->file_max = VC_FILE_MAX_DEFAULT;
	ctx->sources = json_array();
	ctx->sources_real = json_array();
	if (!ctx->sources || !ctx->sources_real)
		abort();
}

/* Render every fact so that a bad value is touched, then free the context. */
static inline void fz_ctx_close(struct vc_scan_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->facts.n; i++) {
		char *s = json_dumps(ctx->facts.v[i].value, JSON_ENCODE_ANY);

		free(s);
	}
	vc_scan_ctx_free(ctx);
}

#endif
