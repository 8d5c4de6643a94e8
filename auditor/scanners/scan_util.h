#ifndef VC_SCAN_UTIL_H
#define VC_SCAN_UTIL_H
/*
 * Scanner helpers beyond those in scanner.h (implemented in
 * scanners/scan_util.c). Candidates for scanner.h itself.
 */
#include <stddef.h>
#include "scanner.h"

/*
 * Register a mounted filesystem, or an encrypted directory such as an
 * fscrypt home, for vc_scan_encrypted(). A second entry for the same path
 * replaces the first (the later mount hides the earlier one).
 * Returns 0, VC_ENOMEM or VC_ELIMIT (10,000 mounts).
 */
int vc_scan_add_mount(struct vc_scan_ctx *ctx, const char *path, const char *fstype,
		      int encrypted, const char *how);

/*
 * Append {path, kind, sha256, bytes, product} to ctx->sources for evidence
 * not read with vc_scan_read() (the live kernel's /proc files). `display` is
 * printed as given (bytes that are not UTF-8 as '?'). 0 or VC_ENOMEM.
 */
int vc_scan_add_source(struct vc_scan_ctx *ctx, const char *product, const char *kind,
		       const char *display, const char *sha256, size_t bytes);

/*
 * Record the root-relative path of the source added last (if ctx->sources
 * grew past `before`) in ctx->sources_real, at the same index, for the
 * evidence bundle to re-read it. Kept apart from ctx->sources so that no
 * report, facts output or log can print it.
 */
void vc_scan_source_real(struct vc_scan_ctx *ctx, size_t before, const char *rel);

/* Names in one directory, sorted bytewise. */
struct vc_names {
	char **v;
	size_t n, cap;
};

/*
 * List the directory `rel` below the root, without "." and "..". An absent
 * directory is VC_ENOTFOUND quietly; other failures add a diagnostic under
 * `product` naming the display path and return the code. More than `max`
 * entries (ctx->max_entries instead when set, --max-entries) adds a
 * diagnostic and keeps `max` of them (returns 0). `out` must
 * be zeroed; free with vc_names_free.
 */
/*
 * 1 when XML text is in an encoding where a byte search for "<!ENTITY"
 * works: no NUL byte, and after an optional UTF-8 byte-order mark and white
 * space it starts with '<'. UTF-16, UCS-4 and EBCDIC documents are 0: the
 * entity check would not see their declarations, so they are refused.
 */
int vc_xml_ascii_compatible(const char *s, size_t n);

int vc_scan_list(struct vc_names *out, struct vc_scan_ctx *ctx, const char *product,
		 const char *rel, size_t max);
void vc_names_free(struct vc_names *ns);   /* NULL is a no-op */

/*
 * Free everything the context holds: facts, diagnostics, homes, sync
 * folders, mounts, the enc_yes/enc_no arrays (not their strings, which are
 * borrowed from the command-line options), collection errors, sources, org,
 * and the root when vc_root_open() filled it (root.path set). The context
 * is left zeroed (root.fd = -1). NULL is a no-op.
 */
void vc_scan_ctx_free(struct vc_scan_ctx *ctx);

#endif
