#ifndef VC_SCANNER_H
#define VC_SCANNER_H
/*
 * Scanners know products: where files live below the root, which parser
 * reads them, and how raw keys map to facts. One file each, registered in
 * vc_scanners[] (scanners/registry.c), run in table order.
 */
#include <stddef.h>
#include <jansson.h>
#include "../core/err.h"
#include "../core/fsroot.h"
#include "../core/pseudo.h"
#include "../engine/fact.h"

/* A folder that a sync client ships elsewhere. */
struct vc_sync_folder {
	char *path;       /* canonical root-relative path */
	char *provider;   /* dropbox, onedrive, gdrive, nextcloud, owncloud, syncthing, icloud */
	char *source;     /* display path of the evidence */
	int line;
};

/* A mounted filesystem and whether it is encrypted (live audits only). */
struct vc_mount {
	char *path;       /* mount point, root-relative canonical */
	char *fstype;
	int encrypted;    /* 1 yes, 0 no, -1 unknown */
	char *how;        /* "luks", "ecryptfs", "fscrypt", "attested", ... */
};

/* A home directory found below the root. */
struct vc_home {
	char *path;       /* canonical root-relative, e.g. "/home/alice" */
	char *user;       /* account name (never printed; use scope) */
	char *scope;      /* "user:<pseudonym>" */
};


struct vc_scan_ctx {
	struct vc_root root;
	struct vc_pseudo pseudo;
	struct vc_factset facts;
	struct vc_diags diags;
	time_t now;                      /* reference time for ages */
	size_t file_max;                 /* per-file read limit */
	size_t max_depth;                /* --max-depth: walk depth, 0 = each walk's default */
	size_t max_entries;              /* --max-entries: entries per walk, 0 = default */
	int deep;                        /* --deep: walk whole homes for recordings */

	struct vc_home *homes; size_t nhomes, caphomes;
	struct vc_sync_folder *sync; size_t nsync, capsync;
	struct vc_mount *mounts; size_t nmounts, capmounts;
	/* --encrypted / --not-encrypted attestations (root-relative) */
	char **enc_yes; size_t nenc_yes;
	char **enc_no; size_t nenc_no;
	struct vc_collect_error *errors; size_t nerrors, caperrors;
	/* Sources read: [{path, kind, sha256, bytes, product}] */
	json_t *sources;
	/* Private, never printed: root-relative real path of sources[i] (string)
	 * or null, for the evidence bundle to re-read a file (report/bundle.h). */
	json_t *sources_real;
	json_t *org;                     /* parsed --org file or NULL */
};

struct vc_scanner_entry {
	const char *name;         /* "zoom-client" */
	const char *product;      /* product ids it reports under, comma-separated */
	const char *description;  /* one line for `vcaudit scanners` / docs */
	/* Collect facts into ctx. Returns 0; a negative code only for fatal
	 * conditions (out of memory). Bad input is a diagnostic + vc_scan_error. */
	int (*scan)(struct vc_scan_ctx *ctx);
	/* 1 = runs also when only --input was given (no host is audited). */
	int without_root;
};

extern const struct vc_scanner_entry *const vc_scanners[];

/* Helpers shared by scanners (scanners/scan_util.c). */

/*
 * Read a file below the root with the context's size limit, record it in
 * ctx->sources (kind, sha256, bytes) and fill `sha` with its hex SHA-256.
 * On failure a diagnostic is added (unless the file is simply absent, which
 * returns VC_ENOTFOUND quietly) and the error code returned.
 */
int vc_scan_read(struct vc_buf *out, char sha[65], struct vc_scan_ctx *ctx,
		 const char *product, const char *kind, const char *rel);

/*
 * Record a collection error (product/scope/source), used for `error` status:
 * rules of that product and scope that cannot be decided, or would pass on
 * what could be read, become `error`.
 */
void vc_scan_error(struct vc_scan_ctx *ctx, const char *product, const char *scope,
		   const char *source);
/*
 * The same, limited to rules that read a fact matching one of `keys`
 * (comma-separated globs, e.g. "artifacts.recordings,*.cloud_sync"). With
 * product "host" such an error reaches every product's rules in the scope:
 * a broken sync-client config makes every recording's cloud_sync uncertain.
 */
void vc_scan_error_keys(struct vc_scan_ctx *ctx, const char *product, const char *scope,
			const char *source, const char *keys);

/* Display form of a root-relative path (pseudonymised). Caller frees. */
char *vc_scan_display(const struct vc_scan_ctx *ctx, const char *rel);

/* The provider of the sync folder holding `rel` (canonical), or NULL. */
const struct vc_sync_folder *vc_scan_sync_for(const struct vc_scan_ctx *ctx, const char *rel);

/* 1 encrypted, 0 not, -1 unknown, for the storage holding `rel` (canonical). */
int vc_scan_encrypted(const struct vc_scan_ctx *ctx, const char *rel, const char **how);

/* Register a home; returns its index or -1. */
int vc_scan_add_home(struct vc_scan_ctx *ctx, const char *path, const char *user);
int vc_scan_add_sync(struct vc_scan_ctx *ctx, const char *path, const char *provider,
		     const char *source, int line);

#endif
