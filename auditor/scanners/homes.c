/*
 * Home directories below the root: the folders in /home, /var/home (Fedora
 * Atomic) and /Users (macOS and Windows trees), and /root. The account name
 * is the directory name; other scanners look for per-user files in
 * ctx->homes.
 */
#include <stdlib.h>
#include <string.h>

#include "scanner.h"
#include "scan_util.h"

#define HOMES_MAX 10000            /* homes registered */
#define DIR_ENTRIES_MAX 100000     /* entries read from one parent directory */

/* Folders in /Users that belong to no account (macOS and Windows). */
static const char *const not_accounts[] = {
	"Shared", "Public", "Default", "Default User", "All Users", "lost+found", NULL
};

static int is_account_name(const char *name)
{
	size_t i;

	if (name[0] == '.')   /* ".", "..", ".ecryptfs", ".localized" */
		return 0;
	for (i = 0; not_accounts[i]; i++)
		if (!strcmp(name, not_accounts[i]))
			return 0;
	return 1;
}

static void diag(struct vc_scan_ctx *ctx, const char *rel, const char *what, const char *why)
{
	char *display = vc_scan_display(ctx, rel);

	vc_diag_add(&ctx->diags, "host", display, 0, 0, "%s: %s", what, why);
	free(display);
}

/* Resolve one candidate and register it. 1 = limit reached, 0 = go on, <0 fatal. */
static int add_one(struct vc_scan_ctx *ctx, const char *rel, const char *user)
{
	struct vc_stat st = { 0 };
	json_t *probe;
	int rc, idx;

	rc = vc_root_stat(&st, &ctx->root, rel);
	if (rc == VC_ENOTFOUND)   /* a dangling link: no home there */
		return 0;
	if (rc < 0) {
		diag(ctx, rel, rc == VC_EUNSAFE ? "home directory not followed" :
		     "could not examine home directory", vc_error_problem());
		return 0;
	}
	rc = 0;
	if (st.type != VC_FT_DIR)
		goto out;
	if (ctx->pseudo.reveal) {
		/* the revealed name becomes the scope, printed as JSON */
		if (!(probe = json_string(user))) {
			diag(ctx, rel, "home directory skipped", "its name is not valid UTF-8");
			goto out;
		}
		json_decref(probe);
	}
	if (ctx->nhomes >= HOMES_MAX) {
		vc_diag_add(&ctx->diags, "host", NULL, 0, 0,
			    "more than %d home directories; the rest are not audited", HOMES_MAX);
		rc = 1;
		goto out;
	}
	idx = vc_scan_add_home(ctx, st.resolved, user);
	if (idx < 0)
		rc = VC_ENOMEM;
out:
	free(st.resolved);
	return rc;
}

static int scan_parent(struct vc_scan_ctx *ctx, const char *dir)
{
	struct vc_names ns = { 0 };
	size_t i;
	int rc;

	rc = vc_scan_list(&ns, ctx, "host", dir, DIR_ENTRIES_MAX);
	if (rc != VC_ENOMEM)
		rc = 0;   /* absent or unreadable (reported): next parent */
	for (i = 0; rc == 0 && i < ns.n; i++) {
		char *rel;

		if (!is_account_name(ns.v[i]))
			continue;
		rel = vc_path_join(dir, ns.v[i]);
		rc = rel ? add_one(ctx, rel, ns.v[i]) : VC_ENOMEM;
		free(rel);
	}
	vc_names_free(&ns);
	return rc;
}

static int homes_scan(struct vc_scan_ctx *ctx)
{
	static const char *const parents[] = { "/home", "/var/home", "/Users", NULL };
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && parents[i]; i++)
		rc = scan_parent(ctx, parents[i]);
	if (rc == 0)
		rc = add_one(ctx, "/root", "root");
	if (rc < 0)
		return rc;
	return vc_fact_add(&ctx->facts, "host", "host", "host.homes",
			   json_integer((json_int_t)ctx->nhomes), NULL);
}

const struct vc_scanner_entry vc_scanner_homes = {
	.name = "homes",
	.product = "host",
	.description = "home directories below the root (/home, /var/home, /Users, /root)",
	.scan = homes_scan,
};
