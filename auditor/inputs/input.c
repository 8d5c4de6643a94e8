/* --input: files, directories and archives read in place, dispatched to handlers. */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "../core/hash.h"
#include "../core/utf8.h"
#include "../engine/rule.h"
#include "../scanners/scan_util.h"

#define ARCHIVE_BLOCK 65536

/* A stream plus its SHA-256, so every input is recorded with its digest. */
struct stream {
	struct vc_input in;
	unsigned char head[VC_INPUT_HEAD + 1];
	EVP_MD_CTX *md;
	int failed;             /* read error or limit: the digest is not the file's */
};

ssize_t vc_input_read(struct vc_input *in, void *buf, size_t n)
{
	struct stream *s = (struct stream *)in;   /* in is the first member */
	ssize_t got;

	if (in->head_pos < in->nhead) {
		size_t k = in->nhead - in->head_pos;

		if (k > n)
			k = n;
		memcpy(buf, in->head + in->head_pos, k);
		in->head_pos += k;
		return (ssize_t)k;
	}
	if (in->consumed >= in->limit)
		return vc_error_set(VC_ELIMIT, "%s: more data than the unpacked-size limit allows",
				    in->display);
	if (n > in->limit - in->consumed)
		n = (size_t)(in->limit - in->consumed);
	got = in->read_fn(in->h, buf, n);
	if (got < 0) {
		s->failed = 1;
		return vc_error_set(VC_EIO, "%s: read failed", in->display);
	}
	if (s->md && got > 0)
		EVP_DigestUpdate(s->md, buf, (size_t)got);
	in->consumed += (uint64_t)got;
	return got;
}

int vc_input_slurp(struct vc_buf *out, struct vc_input *in, size_t max)
{
	char chunk[16384];
	ssize_t n;

	out->cap = max;
	while ((n = vc_input_read(in, chunk, sizeof(chunk))) > 0) {
		int rc = vc_buf_put(out, chunk, (size_t)n);

		if (rc == VC_ELIMIT)
			return vc_error_set_path(VC_ELIMIT, in->display, "larger than %zu bytes",
						 max);
		if (rc < 0)
			return rc;
	}
	return n < 0 ? (int)n : 0;
}

static ssize_t fd_read(void *h, void *buf, size_t n)
{
	ssize_t r;

	do
		r = read(*(int *)h, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

static ssize_t ar_read(void *h, void *buf, size_t n)
{
	la_ssize_t r = archive_read_data((struct archive *)h, buf, n);

	return r < 0 ? -1 : (ssize_t)r;
}

/* Fill the head (detection bytes) straight from the stream, hashing them. */
static int stream_start(struct stream *s)
{
	size_t have = 0;

	s->md = EVP_MD_CTX_new();
	if (!s->md || !EVP_DigestInit_ex(s->md, EVP_sha256(), NULL))
		return VC_ENOMEM;
	while (have < VC_INPUT_HEAD) {
		ssize_t r = s->in.read_fn(s->in.h, s->head + have, VC_INPUT_HEAD - have);

		if (r < 0) {
			s->failed = 1;
			return vc_error_set(VC_EIO, "%s: read failed", s->in.display);
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	if (have > s->in.limit)
		have = (size_t)s->in.limit;
	EVP_DigestUpdate(s->md, s->head, have);
	s->head[have] = 0;
	s->in.head = s->head;
	s->in.nhead = have;
	s->in.consumed = have;
	return 0;
}

static const char *kind_of(const unsigned char *h, size_t n)
{
	if (n >= 4 && !memcmp(h, "PK\003\004", 4))
		return "zip";
	if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return "gzip";
	if (n >= 3 && !memcmp(h, "BZh", 3))
		return "bzip2";
	if (n >= 6 && !memcmp(h, "\xfd" "7zXZ\0", 6))
		return "xz";
	if (n >= 262 && !memcmp(h + 257, "ustar", 5))
		return "tar";
	return NULL;
}

/*
 * Part of an --input could not be read (a damaged archive, a limit): what
 * was missed could belong to any product, so every rule that would pass is
 * turned into error (an error of product "host" limited to "*" reaches all).
 */
static void incomplete(struct vc_scan_ctx *ctx, const char *display)
{
	vc_scan_error_keys(ctx, "host", "host", display, "*");
}

struct run {
	struct vc_scan_ctx *ctx;
	const struct vc_input_handler_entry *const *handlers;
	const char *product;
	size_t files;
};

/* The walk limits: --max-depth / --max-entries, or the defaults. */
static size_t depth_max(const struct run *r)
{
	return r->ctx->max_depth ? r->ctx->max_depth : VC_INPUT_DIR_DEPTH;
}

static size_t entries_max(const struct run *r)
{
	return r->ctx->max_entries ? r->ctx->max_entries : VC_INPUT_ENTRIES_MAX;
}

/* Hand one stream to the surest handler; drain it so its digest is whole. */
static int dispatch(struct run *r, struct stream *s)
{
	const struct vc_input_handler_entry *best = NULL;
	int best_score = 0, rc = 0;
	size_t i, first_fact = r->ctx->facts.n;
	unsigned char sink[16384], md[EVP_MAX_MD_SIZE];
	char hex[VC_SHA256_HEX];
	unsigned mdlen = 0;

	for (i = 0; r->handlers[i]; i++) {
		int score;

		if (r->product && strcmp(r->product, r->handlers[i]->product))
			continue;
		score = r->handlers[i]->detect(&s->in);
		if (score > best_score) {
			best_score = score;
			best = r->handlers[i];
		}
	}
	/* Windows PowerShell 5.1 writes UTF-16 with Out-File and ">": say why
	 * such a JSON export is not recognised; a BOM that does not match the
	 * text is no better, nothing is guessed. */
	if (!best && s->in.nhead >= 2 &&
	    ((s->in.head[0] == 0xFF && s->in.head[1] == 0xFE) ||
	     (s->in.head[0] == 0xFE && s->in.head[1] == 0xFF))) {
		vc_diag_add(&r->ctx->diags, r->product, s->in.display, 1, 1,
			    "not a recognised export or configuration file, not audited: UTF-16 "
			    "text (byte-order mark %02X %02X); save JSON exports as UTF-8 "
			    "(Out-File -Encoding utf8)", s->in.head[0], s->in.head[1]);
		return 0;
	}
	if (!best && r->product) {
		vc_diag_add(&r->ctx->diags, r->product, s->in.display, 0, 0,
			    "not a recognised %s export or configuration file, not audited",
			    r->product);
		return 0;
	}
	if (!best) {
		vc_diag_add(&r->ctx->diags, NULL, s->in.display, 0, 0,
			    "not a recognised export or configuration file, not audited "
			    "(name the product as PRODUCT:PATH if it is one)");
		return 0;
	}
	rc = best->scan(r->ctx, &s->in);
	if (rc == VC_ENOMEM)
		return rc;
	while (!s->failed && vc_input_read(&s->in, sink, sizeof(sink)) > 0)
		;
	/* A stream cut off by a limit has no digest of the whole file to show. */
	if (s->failed || s->in.consumed >= s->in.limit) {
		incomplete(r->ctx, s->in.display);
		return 0;
	}
	EVP_DigestFinal_ex(s->md, md, &mdlen);
	for (i = 0; i < mdlen && i < 32; i++) {
		static const char digits[] = "0123456789abcdef";

		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = 0;
	/* Facts were added while the file streamed by; now its digest is known. */
	for (i = first_fact; i < r->ctx->facts.n; i++) {
		struct vc_fact *f = &r->ctx->facts.v[i];

		if (!f->sha256 && f->source && !strcmp(f->source, s->in.display) &&
		    !(f->sha256 = vc_strdup(hex)))
			return VC_ENOMEM;
	}
	/* a source left out of the report would hide what was read */
	return vc_scan_add_source(r->ctx, best->product, best->name, s->in.display, hex,
				  (size_t)s->in.consumed);
}

static void stream_end(struct stream *s)
{
	EVP_MD_CTX_free(s->md);
	s->md = NULL;
}

/* "exports.zip:teams/x.json", with identities in the entry pseudonymised. */
static char *entry_display(const struct run *r, const char *outer, const char *entry)
{
	char *rel = vc_asprintf("/%s", entry), *p, *d = NULL, *u;

	if (!rel)
		return NULL;
	p = vc_pseudo_path(&r->ctx->pseudo, rel);
	if (p)
		d = vc_asprintf("%s:%s", outer, p + 1);
	free(rel);
	free(p);
	u = d ? vc_utf8_lossy(d) : NULL;
	free(d);
	return u;
}

/*
 * The number of entries a zip's central directory declares (end-of-central-
 * directory record, the last one in the file's final 64 KiB + 22 bytes), or
 * -1 when it cannot be told (no record, ZIP64). libarchive silently skips
 * central-directory entries that share a local header with another one
 * (overlapping entries, a zip bomb technique): comparing the counts turns
 * that into a diagnostic.
 */
static long zip_declared_entries(const char *path)
{
	unsigned char tail[65536 + 22];
	struct stat st;
	off_t from;
	ssize_t n, i;
	long total = -1;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 22)
		goto out;
	from = st.st_size > (off_t)sizeof(tail) ? st.st_size - (off_t)sizeof(tail) : 0;
	n = pread(fd, tail, (size_t)(st.st_size - from), from);
	for (i = n - 22; i >= 0; i--) {
		if (tail[i] == 0x50 && tail[i + 1] == 0x4b && tail[i + 2] == 5 && tail[i + 3] == 6) {
			total = tail[i + 10] | (long)tail[i + 11] << 8;
			if (total == 0xFFFF)
				total = -1;   /* ZIP64: the count is elsewhere */
			break;
		}
	}
out:
	close(fd);
	return total;
}

static int scan_archive(struct run *r, const char *path, const char *display, off_t packed)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	uint64_t unpacked = 0, budget = VC_INPUT_ARCHIVE_MAX;
	static unsigned char sink[16384];
	size_t odd = 0, nested = 0, n = 0, seen = 0;
	long declared;
	int rc = 0, st;

	if (!a)
		return VC_ENOMEM;
	/* A decompression bomb is cut off by total size and by ratio. */
	if (packed > 0 && (uint64_t)packed * VC_INPUT_RATIO_MAX < budget)
		budget = (uint64_t)packed * VC_INPUT_RATIO_MAX + (1 << 20);
	archive_read_support_filter_all(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (archive_read_open_filename(a, path, ARCHIVE_BLOCK) != ARCHIVE_OK) {
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0, "cannot read archive: %s",
			    archive_error_string(a) ? archive_error_string(a) : "unknown error");
		incomplete(r->ctx, display);
		archive_read_free(a);
		return 0;
	}
	while ((st = archive_read_next_header(a, &e)) == ARCHIVE_OK || st == ARCHIVE_WARN) {
		struct stream s;
		const char *name = archive_entry_pathname(e);

		seen++;
		if (archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e) || !name) {
			odd++;
			continue;
		}
		if (++n > entries_max(r)) {
			vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
				    "more than %zu entries, the rest not read (limit)", entries_max(r));
			incomplete(r->ctx, display);
			break;
		}
		memset(&s, 0, sizeof(s));
		s.in.display = entry_display(r, display, name);
		if (!s.in.display) {
			rc = VC_ENOMEM;
			break;
		}
		s.in.name = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		s.in.product = r->product;
		s.in.size = archive_entry_size_is_set(e) ? (int64_t)archive_entry_size(e) : -1;
		s.in.read_fn = ar_read;
		s.in.h = a;
		s.in.limit = budget - unpacked;
		if ((rc = stream_start(&s)) == 0) {
			if (kind_of(s.in.head, s.in.nhead))
				nested++;
			else
				rc = dispatch(r, &s);
		}
		/* Read what nobody wanted too: skipping would still inflate it,
		 * and only reading counts it against the bomb budget. */
		while (rc == 0 && !s.failed && vc_input_read(&s.in, sink, sizeof(sink)) > 0)
			;
		unpacked += s.in.consumed;
		stream_end(&s);
		free((char *)s.in.display);
		if (rc == VC_ENOMEM)
			break;
		rc = 0;
		if (unpacked >= budget || s.in.consumed >= s.in.limit) {
			vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
				    "unpacks to more than %llu bytes (a decompression bomb?), "
				    "the rest not read", (unsigned long long)budget);
			incomplete(r->ctx, display);
			break;
		}
	}
	if (st == ARCHIVE_FATAL) {
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
			    "archive damaged after %zu entries: %s", n,
			    archive_error_string(a) ? archive_error_string(a) : "unknown error");
		incomplete(r->ctx, display);
	}
	if (st == ARCHIVE_EOF &&
	    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP &&
	    (declared = zip_declared_entries(path)) > 0 && (size_t)declared != seen) {
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
			    "the central directory lists %ld entries but %zu could be read "
			    "(overlapping or duplicate entries?); the rest not read", declared,
			    seen);
		incomplete(r->ctx, display);
	}
	if (odd)
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
			    "%zu entries that are not regular files (links, devices) skipped",
			    odd);
	if (nested)
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
			    "%zu archives inside the archive not read; unpack them and pass "
			    "them with --input", nested);
	archive_read_free(a);
	return rc;
}

static int scan_file(struct run *r, const char *path, const char *display)
{
	struct stream s;
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0, "%s",
			    fd < 0 ? strerror(errno) : "not a regular file, not read");
		incomplete(r->ctx, display);
		if (fd >= 0)
			close(fd);
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.in.display = display;
	s.in.name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	s.in.product = r->product;
	s.in.size = st.st_size;
	s.in.read_fn = fd_read;
	s.in.h = &fd;
	s.in.limit = UINT64_MAX;
	rc = stream_start(&s);
	if (rc == 0 && kind_of(s.in.head, s.in.nhead)) {
		stream_end(&s);
		close(fd);
		return scan_archive(r, path, display, st.st_size);
	}
	if (rc == 0)
		rc = dispatch(r, &s);
	else if (rc != VC_ENOMEM)
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0, "%s", vc_error_problem());
	stream_end(&s);
	close(fd);
	return rc == VC_ENOMEM ? rc : 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int scan_dir(struct run *r, const char *path, const char *display, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i, links = 0;
	int rc = 0;

	if ((size_t)depth > depth_max(r)) {
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
			    "deeper than %zu folders, not read (limit)", depth_max(r));
		incomplete(r->ctx, display);
		return 0;
	}
	d = opendir(path);
	if (!d) {
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0, "%s", strerror(errno));
		incomplete(r->ctx, display);
		return 0;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n >= entries_max(r)) {
			vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
				    "more than %zu names, the rest not read (limit)", entries_max(r));
			incomplete(r->ctx, display);
			break;
		}
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*nn));

			if (!nn) {
				rc = VC_ENOMEM;
				break;
			}
			names = nn;
		}
		if (!(names[n] = vc_strdup(de->d_name))) {
			rc = VC_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && rc == 0; i++) {
		char *p = vc_asprintf("%s/%s", path, names[i]);
		char *disp = vc_asprintf("%s/%s", display, names[i]);
		char *udisp = disp ? vc_utf8_lossy(disp) : NULL;
		struct stat st;

		if (!p || !udisp)
			rc = VC_ENOMEM;
		else if (lstat(p, &st) < 0)
			;
		else if (S_ISLNK(st.st_mode))
			links++;   /* a folder handed over is read as it is, no loops */
		else if (S_ISDIR(st.st_mode))
			rc = scan_dir(r, p, udisp, depth + 1);
		else if (S_ISREG(st.st_mode) && ++r->files > entries_max(r)) {
			if (r->files == entries_max(r) + 1) {
				vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
					    "more than %zu files, the rest not read (limit)",
					    entries_max(r));
				incomplete(r->ctx, display);
			}
		} else if (S_ISREG(st.st_mode)) {
			rc = scan_file(r, p, udisp);
		}
		free(p);
		free(disp);
		free(udisp);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (links)
		vc_diag_add(&r->ctx->diags, r->product, display, 0, 0,
			    "%zu symbolic links not followed", links);
	return rc;
}

int vc_inputs_scan(struct vc_scan_ctx *ctx, const char *spec,
		   const struct vc_input_handler_entry *const *handlers)
{
	struct run r = { ctx, handlers, NULL, 0 };
	const char *colon = strchr(spec, ':'), *path = spec;
	char *product = NULL;
	struct stat st;
	int rc;

	/* "teams:export.json"; a path that merely contains ':' stays a path. */
	if (colon && colon > spec) {
		product = vc_strndup(spec, (size_t)(colon - spec));
		if (!product)
			return vc_error_set(VC_ENOMEM, "out of memory");
		/* "bbb:" is the short name `vcaudit fetch bbb` uses */
		if (!strcmp(product, "bbb")) {
			free(product);
			if (!(product = vc_strdup("bigbluebutton")))
				return vc_error_set(VC_ENOMEM, "out of memory");
		}
		if (vc_product_known(product)) {
			r.product = product;
			path = colon + 1;
		}
	}
	if (stat(path, &st) < 0) {
		vc_diag_add(&ctx->diags, r.product, path, 0, 0, "cannot read input: %s",
			    strerror(errno));
		vc_scan_error(ctx, r.product ? r.product : "host", "host", path);
		free(product);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		/* "exports/" and "exports" name the same folder: show one form. */
		char *dir = vc_strdup(path);
		size_t n = dir ? strlen(dir) : 0;

		while (n > 1 && dir[n - 1] == '/')
			dir[--n] = 0;
		rc = dir ? scan_dir(&r, dir, dir, 0) : VC_ENOMEM;
		free(dir);
	} else {
		rc = scan_file(&r, path, path);
	}
	free(product);
	/* handlers return VC_ENOMEM from deep inside, not always with a message */
	return rc == VC_ENOMEM ? vc_error_set(rc, "out of memory") : rc;
}
