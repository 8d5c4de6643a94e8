#ifndef VC_BUNDLE_H
#define VC_BUNDLE_H
/*
 * The evidence bundle (docs/bundle.md): reports, facts, redacted copies of
 * configuration files and MANIFEST.sha256, written with libarchive as a
 * .tar.gz or .zip; and the pieces `vcaudit verify` needs to check one.
 */
#include <stddef.h>
#include <time.h>
#include "../core/buf.h"
#include "../core/fsroot.h"
#include "../core/pseudo.h"
#include "report.h"

#define VC_BUNDLE_MANIFEST "MANIFEST.sha256"
#define VC_BUNDLE_MEMBER_MAX ((size_t)512 * 1024 * 1024)   /* verify: larger is reported */
#define VC_BUNDLE_MEMBERS_MAX 100000

enum vc_bundle_format { VC_BUNDLE_NONE = 0, VC_BUNDLE_TGZ, VC_BUNDLE_ZIP };

/* The format named by the file name's extension (.tar.gz, .tgz, .zip), or NONE. */
enum vc_bundle_format vc_bundle_format_of(const char *path);

/* 1 when configuration files of this source kind are copied (a redactor exists). */
int vc_redact_kind_supported(const char *kind);

/*
 * Append to `out` a redacted copy of a line-oriented configuration text:
 * on key=value, key: value and "key": value lines (also commented out ones)
 * the value of a secret-looking key becomes <set> or <empty>, the value of
 * an identity key (e-mail, user name) a pseudonym; PEM private key blocks
 * are dropped; any e-mail address left anywhere becomes a pseudonym.
 * 0 or VC_ENOMEM / VC_ELIMIT (out's cap).
 */
int vc_redact_config(struct vc_buf *out, const char *text, size_t len,
		     const struct vc_pseudo *p);

/* Members of a bundle being built. */
struct vc_bundle_member {
	char *name;       /* "report.json", "config/etc/x.conf" */
	char *data;
	size_t len;
};

struct vc_bundle {
	struct vc_bundle_member *v;
	size_t n, cap;
};

/*
 * Add a member, copying `name` and `data`. A name already present, absolute,
 * with "..", or MANIFEST.sha256 itself is VC_ERROR. 0, VC_ENOMEM, VC_ERROR.
 */
int vc_bundle_add(struct vc_bundle *b, const char *name, const void *data, size_t len);
void vc_bundle_free(struct vc_bundle *b);   /* NULL is a no-op; leaves it zeroed */

/*
 * The manifest text of the members: "<sha256>  <name>\n" per member, sorted
 * by name bytewise (sha256sum format). Sorts b->v. 0 or a negative code.
 */
int vc_bundle_manifest(struct vc_buf *out, struct vc_bundle *b);

/*
 * Write the bundle (members sorted by name, plus MANIFEST.sha256) to `path`
 * in `fmt`: a temporary file in the same directory, renamed into place.
 * Every member: regular file, mode 0644, uid/gid 0, mtime `mtime`.
 * 0 or a negative code with vc_error_set.
 */
int vc_bundle_write(const char *path, enum vc_bundle_format fmt, struct vc_bundle *b,
		    time_t mtime);

/*
 * Add report.<ext> for every registered reporter except junit (CI output,
 * not evidence), rendered in `lang` without colour. A reporter that fails
 * fails the bundle. 0 or a negative code.
 */
int vc_bundle_add_reports(struct vc_bundle *b, const struct vc_audit *a, const char *lang);

/*
 * Add redacted copies of the sources (the scan's [{path, kind, sha256, bytes}])
 * and SOURCES.txt saying for each source what became of it. A source with a
 * string at its index in `real` (root-relative real path; the array may be
 * NULL or shorter) is re-read through `root`; one whose path is an entry
 * of `inputs` (plain paths, PRODUCT: prefix removed) or lies below one is
 * re-read from there. Only kinds vc_redact_kind_supported() accepts are
 * copied, and only when the content still has the recorded SHA-256.
 * Members: "config/<display path>" and "input/<display path>".
 * 0 or a negative code.
 */
int vc_bundle_add_sources(struct vc_bundle *b, const json_t *sources, const json_t *real,
			  const struct vc_root *root, const char *const *inputs, size_t ninputs,
			  const struct vc_pseudo *p, size_t file_max);

/* One parsed manifest line. */
struct vc_manifest_entry {
	char sha[65];
	char *name;
};

/*
 * Parse a manifest. Malformed lines (not 64 lower-case hex digits, two
 * spaces, a name), duplicate names, or more than VC_BUNDLE_MEMBERS_MAX lines
 * make it VC_EPARSE with *bad_line set (1-based); entries read so far stay in
 * `out` (free them with vc_manifest_free). 0, VC_EPARSE or VC_ENOMEM.
 */
int vc_manifest_parse(struct vc_manifest_entry **out, size_t *n, const char *text,
		      size_t len, size_t *bad_line);
void vc_manifest_free(struct vc_manifest_entry *v, size_t n);

#endif
