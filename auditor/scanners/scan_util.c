/* Helpers shared by the scanners: reads with provenance, homes, sync folders, mounts. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scanner.h"
#include "../core/utf8.h"
#include "scan_util.h"
#include "../core/hash.h"

#define HOMES_MAX 10000
#define SYNC_MAX 10000
#define MOUNTS_MAX 10000
#define ERRORS_MAX 10000
#define SOURCES_MAX 100000

/* Make room for one more element; NULL (and *err) when full or out of memory. */
static void *grow(void *v, size_t *cap, size_t n, size_t elem, size_t max, int *err)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return v;
	if (n >= max) {
		*err = vc_error_set(VC_ELIMIT, "more than %zu entries", max);
		return NULL;
	}
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > max)
		ncap = max;
	nv = realloc(v, ncap * elem);
	if (!nv) {
		*err = vc_error_set(VC_ENOMEM, "out of memory");
		return NULL;
	}
	*cap = ncap;
	return nv;
}

/* vc_path_under() with "/" holding every absolute path. */
static int under(const char *path, const char *dir)
{
	if (!strcmp(dir, "/"))
		return path[0] == '/';
	return vc_path_under(path, dir);
}

static const char *read_reason(int rc)
{
	const char *p = vc_error_problem();

	if (*p)
		return p;
	switch (rc) {
	case VC_ELIMIT:
		return "file too large";
	case VC_EUNSAFE:
		return "unsafe path (symlink escaping the root, loop or special file)";
	case VC_ENOMEM:
		return "out of memory";
	default:
		return "read error";
	}
}

/* Length of the valid UTF-8 sequence at `s`, or 0 (overlongs and surrogates refused). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned c = s[0], cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

/* A JSON string of `s`, bytes that are not UTF-8 shown as '?'; NULL only for NULL/OOM. */
static json_t *json_text(const char *s)
{
	json_t *j;
	char *c;
	size_t i, n;

	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	if (!(c = vc_strdup(s)))
		return NULL;
	for (i = 0; c[i]; i += n) {
		n = utf8_len((const unsigned char *)c + i);
		if (!n) {
			c[i] = '?';
			n = 1;
		}
	}
	j = json_string(c);
	free(c);
	return j;
}

int vc_scan_add_source(struct vc_scan_ctx *ctx, const char *product, const char *kind,
		       const char *display, const char *sha256, size_t bytes)
{
	json_t *o;

	if (!ctx->sources && !(ctx->sources = json_array()))
		return vc_error_set(VC_ENOMEM, "out of memory");
	if (json_array_size(ctx->sources) >= SOURCES_MAX) {
		/* the read itself is fine; the diagnostics list caps the repeats */
		vc_diag_add(&ctx->diags, product, display, 0, 0,
			    "not listed in the sources: more than %d files read", SOURCES_MAX);
		return 0;
	}
	o = json_pack("{s:o?, s:s?, s:s?, s:I, s:s?}", "path", json_text(display), "kind", kind,
		      "sha256", sha256, "bytes", (json_int_t)bytes, "product", product);
	if (!o || json_array_append_new(ctx->sources, o) < 0)
		return vc_error_set(VC_ENOMEM, "out of memory");
	return 0;
}

void vc_scan_source_real(struct vc_scan_ctx *ctx, size_t before, const char *rel)
{
	size_t n = ctx->sources ? json_array_size(ctx->sources) : 0;

	/* only when the source was listed (not past SOURCES_MAX) */
	if (n <= before || !rel)
		return;
	if (!ctx->sources_real && !(ctx->sources_real = json_array()))
		return;   /* out of memory: the bundle will not copy the file */
	while (json_array_size(ctx->sources_real) < n - 1)
		if (json_array_append_new(ctx->sources_real, json_null()) < 0)
			return;
	if (json_array_size(ctx->sources_real) == n - 1)
		json_array_append_new(ctx->sources_real, json_string(rel));
}

int vc_scan_read(struct vc_buf *out, char sha[65], struct vc_scan_ctx *ctx,
		 const char *product, const char *kind, const char *rel)
{
	char hex[VC_SHA256_HEX];
	size_t before = ctx->sources ? json_array_size(ctx->sources) : 0;
	size_t max = ctx->file_max ? ctx->file_max : VC_FILE_MAX_DEFAULT;
	char *display = NULL;
	int rc;

	rc = vc_root_read(out, &ctx->root, rel, max);
	if (rc == VC_ENOTFOUND || rc == VC_ENOMEM)
		goto out;
	display = vc_scan_display(ctx, rel);
	if (!display) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	if (rc < 0) {
		vc_diag_add(&ctx->diags, product, display, 0, 0, "could not read: %s",
			    read_reason(rc));
		goto out;
	}
	/* an empty file still gives a NUL-terminated buffer */
	if (!out->ptr && (rc = vc_buf_grow(out, 0)) < 0)
		goto out;
	vc_sha256_hex(hex, out->ptr, out->size);
	rc = vc_scan_add_source(ctx, product, kind, display, hex, out->size);
	if (rc == 0)
		vc_scan_source_real(ctx, before, rel);
	if (rc == 0 && sha)
		memcpy(sha, hex, VC_SHA256_HEX);
out:
	if (rc < 0)
		vc_buf_free(out);
	free(display);
	return rc;
}

void vc_scan_error_keys(struct vc_scan_ctx *ctx, const char *product, const char *scope,
			const char *source, const char *keys)
{
	struct vc_collect_error *e, *nv;
	size_t i;
	int err = 0;

	for (i = 0; i < ctx->nerrors; i++) {
		e = &ctx->errors[i];
		if (!strcmp(e->product, product) && !strcmp(e->scope, scope) &&
		    !strcmp(e->source, source ? source : "") &&
		    !strcmp(e->keys ? e->keys : "", keys ? keys : ""))
			return;
	}
	nv = grow(ctx->errors, &ctx->caperrors, ctx->nerrors, sizeof(*nv), ERRORS_MAX, &err);
	if (!nv)
		return;   /* the diagnostic that goes with it is still there */
	ctx->errors = nv;
	e = &ctx->errors[ctx->nerrors];
	e->product = vc_strdup(product);
	e->scope = vc_strdup(scope);
	e->source = vc_strdup(source ? source : "");
	e->keys = keys ? vc_strdup(keys) : NULL;
	if (!e->product || !e->scope || !e->source || (keys && !e->keys)) {
		free(e->product);
		free(e->scope);
		free(e->source);
		free(e->keys);
		return;
	}
	ctx->nerrors++;
}

void vc_scan_error(struct vc_scan_ctx *ctx, const char *product, const char *scope,
		   const char *source)
{
	vc_scan_error_keys(ctx, product, scope, source, NULL);
}

char *vc_scan_display(const struct vc_scan_ctx *ctx, const char *rel)
{
	char *p = vc_pseudo_path(&ctx->pseudo, rel), *u;

	/* File names need not be UTF-8; facts and reports must be. */
	if (!p)
		return NULL;
	u = vc_utf8_lossy(p);
	free(p);
	return u;
}

const struct vc_sync_folder *vc_scan_sync_for(const struct vc_scan_ctx *ctx, const char *rel)
{
	const struct vc_sync_folder *best = NULL;
	size_t i, blen = 0;

	if (!rel)
		return NULL;
	for (i = 0; i < ctx->nsync; i++) {
		size_t len = strlen(ctx->sync[i].path);

		if ((!best || len > blen) && under(rel, ctx->sync[i].path)) {
			best = &ctx->sync[i];
			blen = len;
		}
	}
	return best;
}

/* Longest attestation holding `rel`: 1 yes, 0 no, -1 none; "no" wins a tie. */
static int attested(const struct vc_scan_ctx *ctx, const char *rel)
{
	size_t i, blen = 0;
	int val = -1;

	for (i = 0; i < ctx->nenc_no; i++) {
		size_t len = strlen(ctx->enc_no[i]);

		if ((val < 0 || len > blen) && under(rel, ctx->enc_no[i])) {
			val = 0;
			blen = len;
		}
	}
	for (i = 0; i < ctx->nenc_yes; i++) {
		size_t len = strlen(ctx->enc_yes[i]);

		if ((val < 0 || len > blen) && under(rel, ctx->enc_yes[i])) {
			val = 1;
			blen = len;
		}
	}
	return val;
}

int vc_scan_encrypted(const struct vc_scan_ctx *ctx, const char *rel, const char **how)
{
	const struct vc_mount *best = NULL;
	size_t i, blen = 0;
	int val;

	if (how)
		*how = NULL;
	if (!rel)
		return -1;
	val = attested(ctx, rel);
	if (val >= 0) {
		if (how)
			*how = "attested";
		return val;
	}
	if (!ctx->root.live)
		return -1;
	for (i = 0; i < ctx->nmounts; i++) {
		size_t len = strlen(ctx->mounts[i].path);

		if ((!best || len > blen) && under(rel, ctx->mounts[i].path)) {
			best = &ctx->mounts[i];
			blen = len;
		}
	}
	if (!best)
		return -1;
	if (how)
		*how = best->how;
	return best->encrypted;
}

int vc_scan_add_home(struct vc_scan_ctx *ctx, const char *path, const char *user)
{
	struct vc_home h = { 0 }, *nv;
	size_t i;
	int err = 0;

	for (i = 0; i < ctx->nhomes; i++)
		if (!strcmp(ctx->homes[i].path, path))
			return (int)i;
	nv = grow(ctx->homes, &ctx->caphomes, ctx->nhomes, sizeof(*nv), HOMES_MAX, &err);
	if (!nv)
		return -1;
	ctx->homes = nv;
	h.path = vc_strdup(path);
	h.user = vc_strdup(user);
	h.scope = vc_pseudo_user_scope(&ctx->pseudo, user);   /* "user:alice" with reveal */
	if (!h.path || !h.user || !h.scope) {
		free(h.path);
		free(h.user);
		free(h.scope);
		vc_error_set(VC_ENOMEM, "out of memory");
		return -1;
	}
	ctx->homes[ctx->nhomes] = h;
	return (int)ctx->nhomes++;
}

int vc_scan_add_sync(struct vc_scan_ctx *ctx, const char *path, const char *provider,
		     const char *source, int line)
{
	struct vc_sync_folder s = { 0 }, *nv;
	size_t i;
	int err = 0;

	for (i = 0; i < ctx->nsync; i++)
		if (!strcmp(ctx->sync[i].path, path) && !strcmp(ctx->sync[i].provider, provider))
			return 0;
	nv = grow(ctx->sync, &ctx->capsync, ctx->nsync, sizeof(*nv), SYNC_MAX, &err);
	if (!nv)
		return err;
	ctx->sync = nv;
	s.path = vc_strdup(path);
	s.provider = vc_strdup(provider);
	s.source = vc_strdup(source);
	s.line = line;
	if (!s.path || !s.provider || (source && !s.source)) {
		free(s.path);
		free(s.provider);
		free(s.source);
		return vc_error_set(VC_ENOMEM, "out of memory");
	}
	ctx->sync[ctx->nsync++] = s;
	return 0;
}

int vc_scan_add_mount(struct vc_scan_ctx *ctx, const char *path, const char *fstype,
		      int encrypted, const char *how)
{
	struct vc_mount m = { 0 }, *slot = NULL, *nv;
	size_t i;
	int err = 0;

	m.path = vc_strdup(path);
	m.fstype = vc_strdup(fstype);
	m.how = vc_strdup(how);
	m.encrypted = encrypted;
	if (!m.path || (fstype && !m.fstype) || (how && !m.how)) {
		err = vc_error_set(VC_ENOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < ctx->nmounts && !slot; i++)
		if (!strcmp(ctx->mounts[i].path, path))
			slot = &ctx->mounts[i];
	if (slot) {
		free(slot->path);
		free(slot->fstype);
		free(slot->how);
		*slot = m;
		return 0;
	}
	nv = grow(ctx->mounts, &ctx->capmounts, ctx->nmounts, sizeof(*nv), MOUNTS_MAX, &err);
	if (!nv)
		goto fail;
	ctx->mounts = nv;
	ctx->mounts[ctx->nmounts++] = m;
	return 0;
fail:
	free(m.path);
	free(m.fstype);
	free(m.how);
	return err;
}

void vc_names_free(struct vc_names *ns)
{
	size_t i;

	if (!ns)
		return;
	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vc_xml_ascii_compatible(const char *s, size_t n)
{
	size_t i = 0;

	if (!s || memchr(s, 0, n))
		return 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i < n && s[i] == '<';
}

int vc_scan_list(struct vc_names *out, struct vc_scan_ctx *ctx, const char *product,
		 const char *rel, size_t max)
{
	struct dirent *de;
	char *display = NULL;
	DIR *d;
	int fd, rc = 0, err = 0;

	if (ctx->max_entries)   /* --max-entries replaces every walk's default */
		max = ctx->max_entries;
	fd = vc_root_opendir_fd(&ctx->root, rel);
	if (fd == VC_ENOTFOUND)
		return fd;
	if (fd < 0 || !(d = fdopendir(fd))) {
		rc = fd < 0 ? fd : vc_error_set(VC_EIO, "cannot list directory");
		if (fd >= 0)
			close(fd);
		display = vc_scan_display(ctx, rel);
		vc_diag_add(&ctx->diags, product, display, 0, 0, "could not list: %s",
			    vc_error_problem());
		free(display);
		return rc;
	}
	while ((de = readdir(d))) {
		char **nv;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (out->n >= max) {
			display = vc_scan_display(ctx, rel);
			vc_diag_add(&ctx->diags, product, display, 0, 0,
				    "more than %zu entries; the rest are not examined (limit)", max);
			free(display);
			break;
		}
		if (!(nv = grow(out->v, &out->cap, out->n, sizeof(*nv), max, &err))) {
			rc = err;
			break;
		}
		out->v = nv;
		if (!(out->v[out->n] = vc_strdup(de->d_name))) {
			rc = vc_error_set(VC_ENOMEM, "out of memory");
			break;
		}
		out->n++;
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_names);
	return rc;
}

void vc_scan_ctx_free(struct vc_scan_ctx *ctx)
{
	size_t i;

	if (!ctx)
		return;
	if (ctx->root.path)   /* only a root that vc_root_open() filled (fd 0 is not ours) */
		vc_root_close(&ctx->root);
	vc_factset_free(&ctx->facts);
	vc_diags_free(&ctx->diags);
	for (i = 0; i < ctx->nhomes; i++) {
		free(ctx->homes[i].path);
		free(ctx->homes[i].user);
		free(ctx->homes[i].scope);
	}
	free(ctx->homes);
	for (i = 0; i < ctx->nsync; i++) {
		free(ctx->sync[i].path);
		free(ctx->sync[i].provider);
		free(ctx->sync[i].source);
	}
	free(ctx->sync);
	for (i = 0; i < ctx->nmounts; i++) {
		free(ctx->mounts[i].path);
		free(ctx->mounts[i].fstype);
		free(ctx->mounts[i].how);
	}
	free(ctx->mounts);
	free(ctx->enc_yes);   /* the strings are borrowed from the options */
	free(ctx->enc_no);
	for (i = 0; i < ctx->nerrors; i++) {
		free(ctx->errors[i].product);
		free(ctx->errors[i].scope);
		free(ctx->errors[i].source);
		free(ctx->errors[i].keys);
	}
	free(ctx->errors);
	json_decref(ctx->sources);
	json_decref(ctx->sources_real);
	json_decref(ctx->org);
	memset(ctx, 0, sizeof(*ctx));
	ctx->root.fd = -1;
}
