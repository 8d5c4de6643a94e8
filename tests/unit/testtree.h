#ifndef VC_TESTTREE_H
#define VC_TESTTREE_H
/*
 * Temporary host trees for the scanner tests (tt_ = test tree): make one,
 * fill it (files with their parent directories, links, FIFOs, mtimes), scan
 * it through a struct vc_scan_ctx, look at what came out, remove it.
 * A `rel` path starts with '/' and is taken below the tree.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scanners/scanner.h"
#include "scanners/scan_util.h"

extern const struct vc_scanner_entry vc_scanner_homes;

#define TT_NOW ((time_t)1790000000)   /* ctx.now of every scan opened by tt_open() */

/* mkdir -p for an absolute path; fails the test on any error but EEXIST. */
static inline void tt_mkdirs(const char *path)
{
	char tmp[4096];
	char *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = 0;
			if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
				fail_msg("mkdir %s: %s", tmp, strerror(errno));
			*p = '/';
		}
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", tmp, strerror(errno));
}

/* A new directory BASE/PREFIX-XXXXXX, its name in `dir` (`n` bytes). */
static inline void tt_mkdtemp(char *dir, size_t n, const char *base, const char *prefix)
{
	snprintf(dir, n, "%s/%s-XXXXXX", base, prefix);
	assert_non_null(mkdtemp(dir));
}

static inline int tt_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove the tree `dir` without following links; nftw's result (0 when all went). */
static inline int tt_rmtree(const char *dir)
{
	return nftw(dir, tt_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A tree and a scan context on it. */
struct tt_fx {
	char dir[64];
	struct vc_scan_ctx ctx;
};

/* A new empty tree BASE/PREFIX-XXXXXX with a zeroed context (no root open). */
static inline struct tt_fx *tt_new(const char *base, const char *prefix)
{
	struct tt_fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	tt_mkdtemp(f->dir, sizeof(f->dir), base, prefix);
	f->ctx.root.fd = -1;
	return f;
}

/* cmocka teardown for a struct tt_fx: free the context, remove the tree. */
static inline int tt_teardown(void **state)
{
	struct tt_fx *f = *state;

	vc_scan_ctx_free(&f->ctx);
	tt_rmtree(f->dir);
	free(f);
	return 0;
}

/* The full path of `rel` in `out` (`n` bytes). */
static inline void tt_path(struct tt_fx *f, char *out, size_t n, const char *rel)
{
	snprintf(out, n, "%s%s", f->dir, rel);
}

/* The directory `rel` with its parents. */
static inline void tt_mkdir(struct tt_fx *f, const char *rel)
{
	char path[4096];

	tt_path(f, path, sizeof(path), rel);
	tt_mkdirs(path);
}

/* The directories above `rel`. */
static inline void tt_parent_dirs(struct tt_fx *f, const char *rel)
{
	char path[4096];

	tt_path(f, path, sizeof(path), rel);
	*strrchr(path, '/') = 0;
	tt_mkdirs(path);
}

/* A file of `len` bytes, with its parent directories. */
static inline void tt_put_bytes(struct tt_fx *f, const char *rel, const void *data, size_t len)
{
	char path[4096];
	FILE *fp;

	tt_parent_dirs(f, rel);
	tt_path(f, path, sizeof(path), rel);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static inline void tt_put(struct tt_fx *f, const char *rel, const char *text)
{
	tt_put_bytes(f, rel, text, strlen(text));
}

/* A symbolic link to `target` (as written), with its parent directories. */
static inline void tt_link(struct tt_fx *f, const char *rel, const char *target)
{
	char path[4096];

	tt_parent_dirs(f, rel);
	tt_path(f, path, sizeof(path), rel);
	assert_int_equal(symlink(target, path), 0);
}

/* A FIFO, with its parent directories. */
static inline void tt_fifo(struct tt_fx *f, const char *rel)
{
	char path[4096];

	tt_parent_dirs(f, rel);
	tt_path(f, path, sizeof(path), rel);
	assert_int_equal(mkfifo(path, 0644), 0);
}

/* Modification (and access) time of `rel` itself, not of what a link points to. */
static inline void tt_set_mtime(struct tt_fx *f, const char *rel, time_t mtime)
{
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
	char path[4096];

	tt_path(f, path, sizeof(path), rel);
	assert_int_equal(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), 0);
}

/*
 * Open the tree as the root, pseudonyms keyed with `key` (`reveal` as
 * --reveal-identities), now = TT_NOW, the default read limit, no sources yet.
 */
static inline void tt_open(struct tt_fx *f, const char *key, int reveal)
{
	struct vc_scan_ctx *ctx = &f->ctx;

	assert_int_equal(vc_root_open(&ctx->root, f->dir), 0);
	assert_int_equal(vc_pseudo_init(&ctx->pseudo, key, reveal), 0);
	ctx->now = TT_NOW;
	ctx->file_max = VC_FILE_MAX_DEFAULT;
	ctx->sources = json_array();
}

/* tt_open(), then the homes scanner. */
static inline void tt_scan_homes(struct tt_fx *f, const char *key, int reveal)
{
	tt_open(f, key, reveal);
	assert_int_equal(vc_scanner_homes.scan(&f->ctx), 0);
}

/* The scope of the home at `home` (as in the tree); fails unless registered. */
static inline const char *tt_scope(struct tt_fx *f, const char *home)
{
	size_t i;

	for (i = 0; i < f->ctx.nhomes; i++)
		if (!strcmp(f->ctx.homes[i].path, home))
			return f->ctx.homes[i].scope;
	fail_msg("home %s not registered", home);
	return NULL;
}

/*
 * The first diagnostic whose source contains `src` and whose message
 * contains `msg` (NULL: any), or NULL.
 */
static inline const struct vc_diag *tt_diag(struct tt_fx *f, const char *src, const char *msg)
{
	size_t i;

	for (i = 0; i < f->ctx.diags.n; i++) {
		const struct vc_diag *d = &f->ctx.diags.v[i];

		if ((!src || (d->source && strstr(d->source, src))) &&
		    (!msg || strstr(d->message, msg)))
			return d;
	}
	return NULL;
}

/*
 * 1 when a collection error was recorded for `product` and `scope` with a
 * source containing `src` (NULL: any source).
 */
static inline int tt_has_error(struct tt_fx *f, const char *product, const char *scope,
			       const char *src)
{
	size_t i;

	for (i = 0; i < f->ctx.nerrors; i++)
		if (!strcmp(f->ctx.errors[i].product, product) &&
		    !strcmp(f->ctx.errors[i].scope, scope) &&
		    (!src || strstr(f->ctx.errors[i].source, src)))
			return 1;
	return 0;
}

/*
 * Everything a report could print from the scan, as one JSON object:
 * facts, diagnostics and sources. The caller may add more, then tt_dump().
 */
static inline json_t *tt_report_json(struct tt_fx *f)
{
	json_t *all = json_object(), *diags = json_array();
	size_t i;

	assert_non_null(all);
	assert_non_null(diags);
	for (i = 0; i < f->ctx.diags.n; i++)
		json_array_append_new(diags, json_pack("{s:s?, s:s?, s:i, s:s}",
						       "product", f->ctx.diags.v[i].product,
						       "source", f->ctx.diags.v[i].source,
						       "line", f->ctx.diags.v[i].line,
						       "message", f->ctx.diags.v[i].message));
	json_object_set_new(all, "facts", vc_factset_to_json(&f->ctx.facts));
	json_object_set_new(all, "diagnostics", diags);
	json_object_set(all, "sources", f->ctx.sources);
	return all;
}

/* `all` as a string with sorted keys (caller frees); `all` is released. */
static inline char *tt_dump(json_t *all)
{
	char *s = json_dumps(all, JSON_SORT_KEYS);

	json_decref(all);
	assert_non_null(s);
	return s;
}

#endif
