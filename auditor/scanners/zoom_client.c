/*
 * Zoom desktop client (PRODUCTS §1.1, §1.2): policy plists on macOS,
 * zoomus.conf on Linux (native and Flatpak), install places and versions.
 *
 * Precedence (§1.1): a us.zoom.config key outside PackageRecommend is
 * enforced; stronger carriers win (per-user managed > machine managed >
 * /Library/Preferences > ~/Library/Preferences). zoomus.conf holds what
 * the user chose in the client: it beats a PackageRecommend default but
 * never an enforced key. A value taken from PackageRecommend is reported
 * and its fact key listed in "policy.recommend_only".
 *
 * The keys and their mapping onto facts are shared with the --input
 * handlers (zoom_policy.h, where the values chosen are documented); here:
 *  - recording.local.path on Linux is always ~/Documents/Zoom (source
 *    "default", line 0): the Linux client ignores anything else.
 * Identity keys of zoomus.conf (userEmailAddress, deviceID, ...) are never read.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scanner.h"
#include "scan_util.h"
#include "../core/buf.h"
#include "../core/hash.h"
#include "../parsers/ini.h"
#include "../parsers/plist.h"
#include "../parsers/boolstr.h"
#include "zoom_policy.h"

#define ZOOM "zoom"
/* The facts a broken client config leaves uncertain; recordings on disk
 * are found by the walk, not from these files. */
#define CLIENT_FACTS "product.*,recording.local.*,recording.cloud.*,chat.*,update.*," \
	"encryption.*,access.*,storage.*,secrets.*,policy.*"
#define ZVERSION_MAX 64
#define ZCANON_MAX_STEPS 64

/* Carrier ranks; between values of the same class the higher rank wins. */
enum {
	ZR_CONF = 1, ZR_USER_PLIST = 2, ZR_MACHINE = 3, ZR_MANAGED = 4, ZR_MANAGED_USER = 5
};

/* Value from zoomus.conf (a string). 0, or VC_ENOMEM. */
static int put_text(struct vc_scan_ctx *ctx, struct vc_zlayer *l, int k, int cls,
		    const char *value, int line)
{
	size_t n = strlen(value);
	char *s = NULL;
	int b = 0;

	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		value++;
		n -= 2;
	}
	switch (vc_zkey_type(k)) {
	case VC_ZT_BOOL:
		if (!(s = vc_strndup(value, n)))
			return VC_ENOMEM;
		if (vc_bool_parse(&b, s) < 0) {
			vc_diag_add(&ctx->diags, ZOOM, l->display, line, 0,
				    "%s: value is not a boolean, ignored", vc_zkey_name(k));
			free(s);
			return 0;
		}
		free(s);
		s = NULL;
		break;
	case VC_ZT_SECRET:
		while (n && isspace((unsigned char)*value)) {
			value++;
			n--;
		}
		b = n > 0;
		break;
	case VC_ZT_STR:
		if (n > VC_ZSTR_MAX) {
			vc_diag_add(&ctx->diags, ZOOM, l->display, line, 0,
				    "%s: value longer than %d bytes, ignored", vc_zkey_name(k),
				    VC_ZSTR_MAX);
			return 0;
		}
		if (!(s = vc_strndup(value, n)))
			return VC_ENOMEM;
		break;
	}
	vc_zlayer_put(l, k, cls, b, s, line);
	return 0;
}

/*
 * Read a file shown as `priv_display`, a path that holds an account name
 * vc_scan_display would not hide: read here and recorded in ctx->sources
 * by hand. Returns 0, VC_ENOTFOUND, or another error after a diagnostic.
 */
static int read_private(struct vc_buf *out, char sha[VC_SHA256_HEX], struct vc_scan_ctx *ctx,
			const char *kind, const char *rel, const char *priv_display)
{
	size_t before;
	int rc;

	rc = vc_root_read(out, &ctx->root, rel, ctx->file_max ? ctx->file_max :
			  VC_FILE_MAX_DEFAULT);
	if (rc == VC_ENOTFOUND)
		return rc;
	if (rc < 0) {
		vc_diag_add(&ctx->diags, ZOOM, priv_display, 0, 0, "could not read: %s",
			    vc_error_problem());
		return rc;
	}
	vc_sha256_hex(sha, out->ptr ? out->ptr : "", out->size);
	before = json_array_size(ctx->sources);
	if ((rc = vc_scan_add_source(ctx, ZOOM, kind, priv_display, sha, out->size)) < 0)
		vc_buf_free(out);
	else
		vc_scan_source_real(ctx, before, rel);
	return rc;
}

/*
 * Read a source of `scope` and name it: *display (caller frees) is
 * `priv_display` when set (see read_private), else the vc_scan_display form
 * of `rel`. Returns 0, VC_ENOTFOUND when absent, VC_ENOMEM, or another
 * negative code when the file exists but could not be read (a diagnostic
 * and a collection error have been recorded).
 */
static int read_source(struct vc_buf *out, char **display, char sha[VC_SHA256_HEX],
		       struct vc_scan_ctx *ctx, const char *kind, const char *rel,
		       const char *priv_display, const char *scope)
{
	int rc;

	*display = priv_display ? vc_strdup(priv_display) : vc_scan_display(ctx, rel);
	if (!*display)
		return VC_ENOMEM;
	if (priv_display)
		rc = read_private(out, sha, ctx, kind, rel, priv_display);
	else
		rc = vc_scan_read(out, sha, ctx, ZOOM, kind, rel);
	if (rc < 0 && rc != VC_ENOTFOUND && rc != VC_ENOMEM)
		vc_scan_error_keys(ctx, ZOOM, scope, *display, CLIENT_FACTS);
	return rc;
}

/*
 * Read a plist as read_source does and parse it into *root and *lines
 * (the caller frees both, and *display). A malformed file is a diagnostic
 * at the parser's line, opening with `what`, and a collection error.
 * Returns as read_source.
 */
static int read_plist(json_t **root, json_t **lines, char **display, char sha[VC_SHA256_HEX],
		      struct vc_scan_ctx *ctx, const char *kind, const char *rel,
		      const char *priv_display, const char *scope, const char *what)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	const char *problem;
	int rc, line;

	rc = read_source(&buf, display, sha, ctx, kind, rel, priv_display, scope);
	if (rc < 0)
		goto out;
	rc = vc_plist_parse(root, lines, buf.ptr ? buf.ptr : "", buf.size);
	if (rc < 0 && rc != VC_ENOMEM) {
		problem = vc_plist_problem(&line);
		vc_diag_add(&ctx->diags, ZOOM, *display, line, 0, "%s: %s", what, problem);
		vc_scan_error_keys(ctx, ZOOM, scope, *display, CLIENT_FACTS);
	}
out:
	vc_buf_free(&buf);
	return rc;
}

static int is_general_section(const char *s)
{
	return !*s || !strcasecmp(s, "General");
}

/*
 * Load zoomus.conf. Returns 0, VC_ENOTFOUND when absent, VC_ENOMEM, or
 * another negative code when the file exists but could not be used (a
 * diagnostic and a collection error have been recorded).
 */
static int load_conf(struct vc_zlayer *l, struct vc_scan_ctx *ctx, const char *rel,
		     const char *scope)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_ini ini = { 0 };
	int rc, err_line = 0, k;
	size_t i;

	l->rank = ZR_CONF;
	rc = read_source(&buf, &l->display, l->sha, ctx, "zoom-client-config", rel, NULL, scope);
	if (rc < 0)
		goto out;
	rc = vc_ini_parse(&ini, buf.ptr ? buf.ptr : "", buf.size, &err_line);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		vc_diag_add(&ctx->diags, ZOOM, l->display, err_line, 0,
			    "malformed zoomus.conf, file ignored");
		vc_scan_error_keys(ctx, ZOOM, scope, l->display, CLIENT_FACTS);
		goto out;
	}
	for (i = 0; i < ini.n; i++) {
		const struct vc_ini_entry *e = &ini.v[i];

		if (!is_general_section(e->section) || (k = vc_zkey_find(e->key)) < 0)
			continue;
		if ((rc = put_text(ctx, l, k, VC_ZC_USER, e->value, e->line)) < 0)
			goto out;
	}
out:
	vc_ini_free(&ini);
	vc_buf_free(&buf);
	return rc;
}

/* Load a us.zoom.config plist; returns as load_conf. */
static int load_plist(struct vc_zlayer *l, struct vc_scan_ctx *ctx, const char *rel, int rank,
		      const char *scope, const char *priv_display)
{
	json_t *root = NULL, *lines = NULL;
	int rc;

	l->rank = rank;
	rc = read_plist(&root, &lines, &l->display, l->sha, ctx, "zoom-policy", rel, priv_display,
			scope, "malformed plist, file ignored");
	if (rc < 0)
		goto out;
	rc = vc_zlayer_read_dict(ctx, l, root, lines, VC_ZC_ENFORCED);
out:
	json_decref(root);
	json_decref(lines);
	return rc;
}

/* ---- paths ---- */

/*
 * Lexically normalised absolute path for a RecordPath value, with ~ and
 * $HOME expanded to `home`. NULL when the value cannot name a path here.
 */
static char *record_path_expand(const char *raw, const char *home)
{
	struct vc_buf b = VC_BUF_INIT(VC_ROOT_MAX_PATH);
	const char *p = raw, *rest = NULL;
	char *full = NULL, *out = NULL, *seg;
	size_t n, len;

	while (isspace((unsigned char)*p))
		p++;
	len = strlen(p);
	while (len && isspace((unsigned char)p[len - 1]))
		len--;
	if (!len)
		return NULL;
	if (p[0] == '~' && (len == 1 || p[1] == '/'))
		rest = p + 1;
	else if (!strncmp(p, "$HOME", 5) && (len == 5 || p[5] == '/'))
		rest = p + 5;
	else if (!strncmp(p, "${HOME}", 7) && (len == 7 || p[7] == '/'))
		rest = p + 7;
	if (rest) {
		if (!home)
			return NULL;
		full = vc_asprintf("%s/%.*s", home, (int)(len - (size_t)(rest - p)), rest);
	} else if (p[0] == '/') {
		full = vc_strndup(p, len);
	} else {
		return NULL;   /* relative, ~user, other variables */
	}
	if (!full)
		return NULL;
	/* Collapse "//", "." and ".." (never above the root). */
	seg = full;
	while (*seg) {
		char *next;

		while (*seg == '/')
			seg++;
		if (!*seg)
			break;
		next = strchr(seg, '/');
		n = next ? (size_t)(next - seg) : strlen(seg);
		if (n == 1 && seg[0] == '.') {
			/* skip */
		} else if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (b.size && b.ptr[b.size - 1] != '/')
				b.size--;
			if (b.size)
				b.size--;
			if (b.ptr)
				b.ptr[b.size] = 0;
		} else if (vc_buf_putc(&b, '/') < 0 || vc_buf_put(&b, seg, n) < 0) {
			goto out;
		}
		seg += n;
	}
	if (!b.size && vc_buf_putc(&b, '/') < 0)
		goto out;
	out = vc_buf_detach(&b);
out:
	vc_buf_free(&b);
	free(full);
	return out;
}

/*
 * Canonical real path for `lex` (normalised, absolute): the deepest part
 * that exists is resolved inside the root, the rest appended. Falls back
 * to `lex` itself. Caller frees; NULL only on allocation failure.
 */
static char *canon_path(const struct vc_root *r, const char *lex)
{
	char *head = vc_strdup(lex), *res = NULL, *slash;
	const char *tail;
	struct vc_stat st;
	int steps, rc;

	if (!head)
		return NULL;
	for (steps = 0; steps < ZCANON_MAX_STEPS; steps++) {
		memset(&st, 0, sizeof(st));
		rc = vc_root_stat(&st, r, head);
		if (rc == 0 && st.resolved) {
			tail = lex + strlen(head);
			if (!*tail)
				res = vc_strdup(st.resolved);
			else if (!strcmp(st.resolved, "/"))
				res = vc_strdup(tail);
			else
				res = vc_asprintf("%s%s", st.resolved, tail);
			free(st.resolved);
			break;
		}
		free(st.resolved);
		if (rc != VC_ENOTFOUND)
			break;
		slash = strrchr(head, '/');
		if (!slash || slash == head)
			break;
		*slash = 0;
	}
	free(head);
	return res ? res : vc_strdup(lex);
}

/* ---- facts ---- */

struct zemit {
	struct vc_scan_ctx *ctx;
	const char *scope;
	json_t *recommend;   /* fact keys whose value is a PackageRecommend default */
};

/* Add one fact; only out-of-memory is returned. */
static int zput(struct zemit *e, const char *key, json_t *value, const struct vc_zval *from,
		const char *local_path)
{
	struct vc_prov prov = { from->layer->display,
				from->layer->sha[0] ? from->layer->sha : NULL, from->line };
	int rc;

	if (!value)
		return VC_ENOMEM;
	if (from->cls == VC_ZC_RECOMMEND && json_array_append_new(e->recommend, json_string(key))) {
		json_decref(value);
		return VC_ENOMEM;
	}
	rc = vc_fact_add_path(&e->ctx->facts, ZOOM, e->scope, key, value, &prov, local_path);
	return rc == VC_ENOMEM ? rc : 0;
}

/* zput for vc_zpolicy_emit (no local path). */
static int zput_policy(void *arg, const char *key, json_t *value, const struct vc_zval *from)
{
	return zput(arg, key, value, from, NULL);
}

/* recording.local.path for a home (mac: RecordPath if any; else the default). */
static int emit_record_path(struct zemit *e, const struct vc_zval *rp, const char *home, int mac)
{
	struct vc_scan_ctx *ctx = e->ctx;
	struct vc_zval def = { 0 };
	struct vc_zlayer deflayer = { 0 };
	char *lex = NULL, *canon = NULL, *disp = NULL;
	int rc = 0;

	if (!home && (!mac || !rp || !rp->s || rp->s[0] != '/'))
		return 0;   /* home-relative paths are reported per home */
	if (mac && rp) {
		lex = record_path_expand(rp->s ? rp->s : "", home);
		if (!lex) {
			vc_diag_add(&ctx->diags, ZOOM, rp->layer->display, rp->line, 0,
				    "RecordPath is not an absolute or home-relative path, ignored");
			return 0;
		}
	} else {
		/* The client's own default; the Linux client uses nothing else. */
		if (!(lex = vc_asprintf("%s/Documents/Zoom", home)))
			return VC_ENOMEM;
		deflayer.display = (char *)"default";
		deflayer.rank = 0;
		def.set = 1;
		def.cls = VC_ZC_USER;
		def.layer = &deflayer;
		rp = &def;
	}
	if (!(canon = canon_path(&ctx->root, lex)) || !(disp = vc_scan_display(ctx, lex))) {
		rc = VC_ENOMEM;
		goto out;
	}
	rc = zput(e, "recording.local.path", json_string(disp), rp, canon);
out:
	free(lex);
	free(canon);
	free(disp);
	return rc;
}

/*
 * Emit the facts of one merged set. `home` is the home path (NULL for the
 * host set); `mac` says whether RecordPath applies.
 */
static int emit_set(struct vc_scan_ctx *ctx, const char *scope, const struct vc_zval *best[VC_ZK_N],
		    const char *home, int mac)
{
	struct zemit e = { ctx, scope, json_array() };
	int rc;

	if (!e.recommend)
		return VC_ENOMEM;
	if ((rc = vc_zpolicy_emit(best, zput_policy, &e)) < 0)
		goto out;
	if ((rc = emit_record_path(&e, best[VC_ZK_RECORD_PATH], home, mac)) < 0)
		goto out;

	rc = vc_fact_add(&ctx->facts, ZOOM, scope, "policy.recommend_only", e.recommend, NULL);
	e.recommend = NULL;
	if (rc != VC_ENOMEM)
		rc = 0;
out:
	json_decref(e.recommend);
	return rc;
}

/* ---- installation ---- */

/* 1 when `rel` exists below the root (any type), 0 otherwise. */
static int exists(const struct vc_scan_ctx *ctx, const char *rel)
{
	struct vc_stat st = { 0 };
	int rc = vc_root_stat(&st, &ctx->root, rel);

	free(st.resolved);
	return rc == 0 && st.type != VC_FT_NONE;
}

static int version_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n > ZVERSION_MAX || !isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-+() ", s[i]))
			return 0;
	return 1;
}

/* product.version from a version.txt (first line). 1 when found, 0 absent, <0 ENOMEM. */
static int version_txt(struct vc_scan_ctx *ctx, const char *scope, const char *rel)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	char sha[VC_SHA256_HEX];
	struct vc_prov prov = { NULL, sha, 1 };
	char *disp = NULL;
	const char *s;
	size_t n;
	int rc;

	rc = read_source(&buf, &disp, sha, ctx, "zoom-version", rel, NULL, scope);
	if (rc < 0) {
		rc = rc == VC_ENOMEM ? rc : 0;   /* absent, or unreadable and reported */
		goto out;
	}
	s = buf.ptr ? buf.ptr : "";
	while (isspace((unsigned char)*s))
		if (*s++ == '\n')
			prov.line++;
	n = strcspn(s, "\r\n");
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!version_ok(s, n)) {
		vc_diag_add(&ctx->diags, ZOOM, disp, 1, 0, "not a version number, ignored");
		rc = 0;
		goto out;
	}
	prov.source = disp;
	rc = vc_fact_add(&ctx->facts, ZOOM, scope, "product.version",
			 json_stringn(s, n), &prov);
	rc = rc == VC_ENOMEM ? rc : 1;
out:
	free(disp);
	vc_buf_free(&buf);
	return rc;
}

/* product.version from the macOS app bundle; returns as version_txt. */
static int version_app(struct vc_scan_ctx *ctx, const char *scope, const char *rel)
{
	char sha[VC_SHA256_HEX];
	struct vc_prov prov = { NULL, sha, 0 };
	json_t *root = NULL, *lines = NULL, *v;
	char *disp = NULL;
	const char *key = "CFBundleShortVersionString";
	int rc;

	rc = read_plist(&root, &lines, &disp, sha, ctx, "zoom-app-info", rel, NULL, scope,
			"malformed plist");
	if (rc < 0) {
		rc = rc == VC_ENOMEM ? rc : 0;   /* absent, or unusable and reported */
		goto out;
	}
	v = json_object_get(root, key);
	if (!json_is_string(v) ||
	    !version_ok(json_string_value(v), json_string_length(v))) {
		rc = 0;
		if (v)
			vc_diag_add(&ctx->diags, ZOOM, disp,
				    (int)json_integer_value(json_object_get(lines, key)), 0,
				    "%s is not a version number, ignored", key);
		goto out;
	}
	prov.source = disp;
	prov.line = (int)json_integer_value(json_object_get(lines, key));
	rc = vc_fact_add(&ctx->facts, ZOOM, scope, "product.version", json_copy(v), &prov);
	rc = rc == VC_ENOMEM ? rc : 1;
out:
	json_decref(root);
	json_decref(lines);
	free(disp);
	return rc;
}

/* Install places on the machine; a Linux one sets *linux. */
static const struct {
	const char *path;
	int linux_client;
} host_installs[] = {
	{ "/opt/zoom", 1 },
	{ "/usr/bin/zoom", 1 },
	{ "/snap/zoom-client", 1 },
	{ "/var/lib/flatpak/app/us.zoom.Zoom", 1 },
	{ "/Applications/zoom.us.app", 0 },
};

/* Per-home places (relative to the home). */
static const struct {
	const char *path;
	int linux_client;
} home_installs[] = {
	{ ".zoom", 1 },
	{ ".var/app/us.zoom.Zoom", 1 },
	{ ".local/share/flatpak/app/us.zoom.Zoom", 1 },
	{ "Applications/zoom.us.app", 0 },
};

#define FLATPAK_VERSION "app/us.zoom.Zoom/current/active/files/extra/zoom/version.txt"

struct zhost {
	struct vc_zlayer layers[2];     /* machine-wide, managed */
	int nlayers;
	char *evidence;              /* display path of the first install evidence */
	int linux_client, mac_client;
};

/* First home-level evidence and platform for one home. */
struct zhome {
	struct vc_zlayer layers[4];
	int nlayers;
	char *evidence;
	int linux_client, mac_client;
};

static int note_evidence(char **slot, struct vc_scan_ctx *ctx, const char *rel,
			 const char *display)
{
	if (*slot)
		return 0;
	*slot = display ? vc_strdup(display) : vc_scan_display(ctx, rel);
	return *slot ? 0 : VC_ENOMEM;
}

/* Load one layer; keeps it when the file was there (even if unusable). */
static int keep_layer(int *n, int *found, int rc)
{
	if (rc == VC_ENOMEM)
		return rc;
	if (rc == VC_ENOTFOUND)
		return 0;
	*found = 1;
	if (rc == 0)
		(*n)++;
	return 0;
}

static int scan_host(struct zhost *h, struct vc_scan_ctx *ctx)
{
	static const char *const plists[] = {
		"/Library/Preferences/us.zoom.config.plist",
		"/Library/Managed Preferences/us.zoom.config.plist",
	};
	static const int ranks[] = { ZR_MACHINE, ZR_MANAGED };
	size_t i;
	int rc, found;

	for (i = 0; i < sizeof(host_installs) / sizeof(host_installs[0]); i++) {
		if (!exists(ctx, host_installs[i].path))
			continue;
		if ((rc = note_evidence(&h->evidence, ctx, host_installs[i].path, NULL)) < 0)
			return rc;
		if (host_installs[i].linux_client)
			h->linux_client = 1;
		else
			h->mac_client = 1;
	}
	for (i = 0; i < 2; i++) {
		struct vc_zlayer *l = &h->layers[h->nlayers];

		found = 0;
		rc = load_plist(l, ctx, plists[i], ranks[i], "host", NULL);
		if (rc != 0 && rc != VC_ENOMEM)
			vc_zlayer_free(l);
		if ((rc = keep_layer(&h->nlayers, &found, rc)) < 0)
			return rc;
		if (found) {
			h->mac_client = 1;
			if ((rc = note_evidence(&h->evidence, ctx, plists[i], NULL)) < 0)
				return rc;
		}
	}
	return 0;
}

/* Display form of the per-user managed plist without the account name. */
static char *managed_user_display(const struct vc_scan_ctx *ctx, const struct vc_home *home)
{
	char *dir = vc_scan_display(ctx, "/Library/Managed Preferences"), *res = NULL, *pu;

	if (!dir)
		return NULL;
	if (home->scope && !strncmp(home->scope, "user:", 5)) {
		res = vc_asprintf("%s/%s/us.zoom.config.plist", dir, home->scope + 5);
	} else if ((pu = vc_pseudo_value(&ctx->pseudo, "user", home->user))) {
		res = vc_asprintf("%s/%s/us.zoom.config.plist", dir, pu);
		free(pu);
	}
	free(dir);
	return res;
}

static int user_name_ok(const char *u)
{
	return u && *u && !strchr(u, '/') && strcmp(u, ".") && strcmp(u, "..");
}

static int scan_home_sources(struct zhome *z, struct vc_scan_ctx *ctx,
			     const struct vc_home *home)
{
	char *rel = NULL, *disp = NULL;
	size_t i;
	int rc = 0, found;

	for (i = 0; i < sizeof(home_installs) / sizeof(home_installs[0]); i++) {
		if (!(rel = vc_path_join(home->path, home_installs[i].path)))
			return VC_ENOMEM;
		if (exists(ctx, rel)) {
			if ((rc = note_evidence(&z->evidence, ctx, rel, NULL)) < 0)
				goto out;
			if (home_installs[i].linux_client)
				z->linux_client = 1;
			else
				z->mac_client = 1;
		}
		free(rel);
		rel = NULL;
	}
	for (i = 0; i < 4; i++) {
		struct vc_zlayer *l = &z->layers[z->nlayers];

		free(rel);
		free(disp);
		rel = disp = NULL;
		found = 0;
		switch (i) {
		case 0:
			rel = vc_path_join(home->path, ".config/zoomus.conf");
			break;
		case 1:
			rel = vc_path_join(home->path, ".var/app/us.zoom.Zoom/config/zoomus.conf");
			break;
		case 2:
			rel = vc_path_join(home->path, "Library/Preferences/us.zoom.config.plist");
			break;
		default:
			if (!user_name_ok(home->user))
				continue;
			rel = vc_asprintf("/Library/Managed Preferences/%s/us.zoom.config.plist",
					  home->user);
			if (rel && !(disp = managed_user_display(ctx, home))) {
				rc = VC_ENOMEM;
				goto out;
			}
			break;
		}
		if (!rel) {
			rc = VC_ENOMEM;
			goto out;
		}
		if (i < 2)
			rc = load_conf(l, ctx, rel, home->scope);
		else
			rc = load_plist(l, ctx, rel, i == 2 ? ZR_USER_PLIST : ZR_MANAGED_USER,
					home->scope, disp);
		if (rc != 0 && rc != VC_ENOMEM)
			vc_zlayer_free(l);
		if ((rc = keep_layer(&z->nlayers, &found, rc)) < 0)
			goto out;
		if (found) {
			if (i < 2)
				z->linux_client = 1;
			else
				z->mac_client = 1;
			if ((rc = note_evidence(&z->evidence, ctx, rel, disp)) < 0)
				goto out;
		}
	}
out:
	free(rel);
	free(disp);
	return rc;
}

static int add_installed(struct vc_scan_ctx *ctx, const char *scope, int yes,
			 const char *source)
{
	struct vc_prov prov = { source, NULL, 0 };
	int rc = vc_fact_add(&ctx->facts, ZOOM, scope, "product.installed", json_boolean(yes),
			     &prov);

	return rc == VC_ENOMEM ? rc : 0;
}

static int scan_home(struct vc_scan_ctx *ctx, const struct zhost *h, const struct vc_home *home,
		     int *any)
{
	struct zhome z = { 0 };
	const struct vc_zval *best[VC_ZK_N] = { 0 };
	char *rel = NULL;
	int rc, i, mac;

	if ((rc = scan_home_sources(&z, ctx, home)) < 0)
		goto out;
	if (!z.evidence && !h->evidence) {
		/* no Zoom for this home; product.installed=false is added later if needed */
		rc = 0;
		goto out;
	}
	*any = 1;
	rc = add_installed(ctx, home->scope, 1, z.evidence ? z.evidence : h->evidence);
	if (rc < 0)
		goto out;
	for (i = 0; i < h->nlayers; i++)
		vc_zmerge(best, &h->layers[i]);
	for (i = 0; i < z.nlayers; i++)
		vc_zmerge(best, &z.layers[i]);
	mac = !z.linux_client && (z.mac_client || h->mac_client);
	if ((rc = emit_set(ctx, home->scope, best, home->path, mac)) < 0)
		goto out;
	if (!(rel = vc_path_join(home->path, ".local/share/flatpak/" FLATPAK_VERSION))) {
		rc = VC_ENOMEM;
		goto out;
	}
	rc = version_txt(ctx, home->scope, rel);
	rc = rc < 0 ? rc : 0;
out:
	free(rel);
	for (i = 0; i < 4; i++)
		vc_zlayer_free(&z.layers[i]);
	free(z.evidence);
	return rc;
}

static int zoom_client_scan(struct vc_scan_ctx *ctx)
{
	struct zhost h = { 0 };
	const struct vc_zval *best[VC_ZK_N] = { 0 };
	unsigned char *has = NULL;
	size_t i;
	int rc = 0, any = 0, found = 0;

	if ((rc = scan_host(&h, ctx)) < 0)
		goto out;
	if (ctx->nhomes && !(has = calloc(ctx->nhomes, 1))) {
		rc = VC_ENOMEM;
		goto out;
	}
	for (i = 0; i < ctx->nhomes; i++) {
		any = 0;
		if ((rc = scan_home(ctx, &h, &ctx->homes[i], &any)) < 0)
			goto out;
		has[i] = (unsigned char)any;
		found |= any;
	}

	/* Host scope: presence anywhere, versions of machine installs, machine policy. */
	if (!found && !h.evidence) {
		rc = add_installed(ctx, "host", 0, NULL);
		goto out;
	}
	for (i = 0; i < ctx->nhomes; i++) {
		if (!has[i] && (rc = add_installed(ctx, ctx->homes[i].scope, 0, NULL)) < 0)
			goto out;
	}
	if (!h.evidence) {
		/* only per-user evidence: cite the first home's */
		for (i = 0; i < ctx->nhomes && !h.evidence; i++) {
			const struct vc_fact *x = has[i] ? vc_fact_find(&ctx->facts, ZOOM,
					ctx->homes[i].scope, "product.installed") : NULL;

			if (x && x->source && !(h.evidence = vc_strdup(x->source))) {
				rc = VC_ENOMEM;
				goto out;
			}
		}
	}
	if ((rc = add_installed(ctx, "host", 1, h.evidence)) < 0)
		goto out;
	for (i = 0; i < (size_t)h.nlayers; i++)
		vc_zmerge(best, &h.layers[i]);
	if (h.nlayers && (rc = emit_set(ctx, "host", best, NULL, 1)) < 0)
		goto out;
	if ((rc = version_txt(ctx, "host", "/opt/zoom/version.txt")) < 0 ||
	    (rc == 0 && (rc = version_app(ctx, "host",
					  "/Applications/zoom.us.app/Contents/Info.plist")) < 0) ||
	    (rc == 0 && (rc = version_txt(ctx, "host",
					  "/var/lib/flatpak/" FLATPAK_VERSION)) < 0))
		goto out;
	rc = 0;
out:
	free(has);
	for (i = 0; i < 2; i++)
		vc_zlayer_free(&h.layers[i]);
	free(h.evidence);
	return rc == VC_ENOMEM ? rc : 0;
}

const struct vc_scanner_entry vc_scanner_zoom_client = {
	.name = "zoom-client",
	.product = ZOOM,
	.description = "Zoom desktop client: policy plists, zoomus.conf, install and version",
	.scan = zoom_client_scan,
};
