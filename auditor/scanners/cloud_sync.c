/*
 * Folders that sync clients ship elsewhere, found in every home from the
 * clients' own configuration: Dropbox (info.json), OneDrive (the abraunegg
 * Linux client's config, the OneDrive folders of macOS and Windows), Google
 * Drive and other File Provider folders (~/Library/CloudStorage), iCloud
 * Drive, Nextcloud and ownCloud (*.cfg), Syncthing (config.xml), rclone
 * (remotes from rclone.conf; folders only where a systemd user unit says
 * which) and Insync (found; its folders are in a database not read here).
 *
 * Paths in configurations are paths of the audited machine: they are
 * resolved inside the root; a configured folder that does not exist yet is
 * registered by its path as written (the client creates it).
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "scanner.h"
#include "scan_util.h"
#include "../core/hash.h"
#include "../core/jsonload.h"
#include "../parsers/ini.h"

#define P "host"
/* What a sync client's broken config leaves uncertain (vc_scan_error_keys). */
#define SYNC_FACTS "artifacts.recordings,*.cloud_sync,sync.*"
#define DIR_ENTRIES_MAX 10000      /* entries examined in one directory */
#define FOLDERS_PER_FILE_MAX 1000  /* sync folders taken from one file */
#define DROPBOX_ACCOUNTS_MAX 16
#define REMOTES_MAX 1000           /* rclone remotes */
#define REMOTE_DEPTH_MAX 4         /* crypt -> alias -> ... chains */
#define UNITS_MAX 64               /* systemd user units read per home */
#define UNIT_LINE_MAX 65536        /* an ExecStart= with its continuations */
#define TOKENS_MAX 256

/* read_cfg() results besides negative (fatal) codes */
enum { CFG_READ = 0, CFG_ABSENT = 1, CFG_BAD = 2 };

struct hscan {
	struct vc_scan_ctx *ctx;
	const struct vc_home *h;
	json_t *providers;   /* sorted distinct providers of the folders registered */
};

static void bad(struct hscan *hs, const char *display, int line, int col,
		const char *fmt, ...) VC_PRINTF(5, 6);

/* A diagnostic that also marks this home's host facts as not fully collected. */
static void bad(struct hscan *hs, const char *display, int line, int col,
		const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vc_vasprintf(fmt, ap);
	va_end(ap);
	vc_diag_add(&hs->ctx->diags, P, display, line, col, "%s", msg ? msg : "malformed file");
	free(msg);
	vc_scan_error_keys(hs->ctx, P, hs->h->scope, display, SYNC_FACTS);
}

/* `sub` below the home as a root-relative path. */
static char *home_rel(const struct hscan *hs, const char *sub)
{
	return vc_path_join(hs->h->path, sub);
}

/*
 * Read `sub` below the home through vc_scan_read (so it lands in the
 * sources). CFG_READ with *display set, CFG_ABSENT, CFG_BAD (reported) or a
 * fatal negative code.
 */
static int read_cfg(struct vc_buf *buf, char sha[VC_SHA256_HEX], char **display,
		    struct hscan *hs, const char *kind, const char *sub)
{
	char *rel = home_rel(hs, sub);
	int rc;

	*display = NULL;
	if (!rel)
		return VC_ENOMEM;
	rc = vc_scan_read(buf, sha, hs->ctx, P, kind, rel);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc == VC_ENOTFOUND) {
		rc = CFG_ABSENT;
		goto out;
	}
	if (!(*display = vc_scan_display(hs->ctx, rel))) {
		vc_buf_free(buf);
		rc = VC_ENOMEM;
		goto out;
	}
	if (rc < 0) {   /* vc_scan_read reported it */
		vc_scan_error_keys(hs->ctx, P, hs->h->scope, *display, SYNC_FACTS);
		free(*display);
		*display = NULL;
		rc = CFG_BAD;
	}
out:
	free(rel);
	return rc;
}

/* 1 when the root-relative `rel` is a directory inside the root, else 0 (a link
 * that leaves the root is reported). */
static int is_dir(struct hscan *hs, const char *rel)
{
	struct vc_stat st = { 0 };
	char *display;
	int rc;

	rc = vc_root_stat(&st, &hs->ctx->root, rel);
	free(st.resolved);
	if (rc == VC_EUNSAFE) {
		display = vc_scan_display(hs->ctx, rel);
		bad(hs, display, 0, 0, "not followed: %s", vc_error_problem());
		free(display);
	}
	return rc == 0 && st.type == VC_FT_DIR;
}

/* 1-based line of byte offset `off`. */
static int line_at(const char *text, size_t off)
{
	const char *p = text, *end = text + off;
	int line = 1;

	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		p++;
		if (line < INT_MAX)
			line++;
	}
	return line;
}

/* Line of the first `"key"` followed by ':' in JSON text, 0 when not found. */
static int json_key_line(const struct vc_buf *b, const char *key)
{
	size_t klen = strlen(key), off = 0;
	const char *p;

	while (off < b->size && (p = memchr(b->ptr + off, '"', b->size - off))) {
		size_t at = (size_t)(p - b->ptr), q = at + 1 + klen;

		off = at + 1;
		if (q < b->size && !memcmp(p + 1, key, klen) && b->ptr[q] == '"') {
			for (q++; q < b->size && strchr(" \t\r\n", b->ptr[q]); q++)
				;
			if (q < b->size && b->ptr[q] == ':')
				return line_at(b->ptr, at);
		}
	}
	return 0;
}

/*
 * The root-relative lexical form of a path written in a configuration:
 * "~", "$HOME", "${HOME}" and "%h" (systemd) mean the home; "C:\..." is a
 * Windows path on the image's system drive; "." and ".." are applied.
 * NULL with *why set when it cannot be placed (NULL *why: out of memory).
 */
static char *expand_path(const char *home, const char *p, const char **why)
{
	static const char *const home_words[] = { "~", "$HOME", "${HOME}", "%h", NULL };
	const char *base = "", *rest = NULL, *s;
	size_t i, o = 0, len;
	int win = 0;
	char *out;

	*why = NULL;
	for (i = 0; home_words[i] && !rest; i++) {
		size_t n = strlen(home_words[i]);

		if (!strncmp(p, home_words[i], n) && (p[n] == 0 || p[n] == '/')) {
			base = home;
			rest = p + n;
		}
	}
	if (rest) {
		/* home + rest */
	} else if (isalpha((unsigned char)p[0]) && p[1] == ':' && (p[2] == '\\' || p[2] == '/')) {
		rest = p + 2;
		win = 1;
	} else if (p[0] == '/') {
		rest = p;
	} else {
		*why = !*p ? "is empty" : p[0] == '\\' ? "is a network path" :
			p[0] == '~' ? "is in another user's home" : "is relative";
		return NULL;
	}
	len = strlen(base) + strlen(rest);
	if (len >= VC_ROOT_MAX_PATH) {
		*why = "is too long";
		return NULL;
	}
	if (!(out = malloc(len + 2)))
		return NULL;
	for (i = 0; i < 2; i++) {
		for (s = i ? rest : base; *s;) {
			const char *e;
			size_t n;

			while (*s == '/' || (win && *s == '\\'))
				s++;
			for (e = s; *e && *e != '/' && !(win && *e == '\\'); e++)
				;
			n = (size_t)(e - s);
			if (n == 2 && s[0] == '.' && s[1] == '.') {
				if (o == 0) {
					free(out);
					*why = "points outside the root";
					return NULL;
				}
				while (out[o - 1] != '/')
					o--;
				o--;
			} else if (n && !(n == 1 && s[0] == '.')) {
				out[o++] = '/';
				memcpy(out + o, s, n);
				o += n;
			}
			s = e;
		}
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = 0;
	return out;
}

/*
 * Canonical form of a lexical path: resolved inside the root as far as it
 * exists, the missing rest appended. *type is the type of the whole path
 * (VC_FT_NONE when it does not exist). 0, VC_ENOTFOUND (nothing resolved),
 * VC_EUNSAFE (message set) or VC_ENOMEM.
 */
static int resolve(char **out, enum vc_ftype *type, const struct vc_root *root, const char *lex)
{
	char *pre = vc_strdup(lex), *slash;
	size_t plen;
	int rc;

	*out = NULL;
	*type = VC_FT_NONE;
	if (!pre)
		return VC_ENOMEM;
	for (;;) {
		struct vc_stat st = { 0 };

		rc = vc_root_stat(&st, root, pre);
		if (rc == 0) {
			plen = strlen(pre);
			if (!lex[plen]) {
				*out = st.resolved;
				*type = st.type;
			} else {
				*out = vc_path_join(st.resolved, lex + plen);
				free(st.resolved);
				if (!*out)
					rc = VC_ENOMEM;
			}
			break;
		}
		if (rc != VC_ENOTFOUND || !strcmp(pre, "/"))
			break;
		slash = strrchr(pre, '/');
		if (slash == pre)
			pre[1] = 0;   /* "/a" -> "/" */
		else
			*slash = 0;   /* "/a/b" -> "/a" */
	}
	free(pre);
	return rc;
}

/* Insert `name` into the sorted array if absent. */
static int add_provider(json_t *list, const char *name)
{
	size_t i;
	int c = 1;

	for (i = 0; i < json_array_size(list); i++) {
		c = strcmp(json_string_value(json_array_get(list, i)), name);
		if (c >= 0)
			break;
	}
	if (c == 0)
		return 0;
	if (json_array_insert_new(list, i, json_string(name)) < 0)
		return vc_error_set(VC_ENOMEM, "out of memory");
	return 0;
}

/*
 * Register the folder `configured` (as written in the file `display`, at
 * `line`) as synced to `provider`. Problems with it are diagnostics;
 * returns 0 or a fatal code.
 */
static int add_folder(struct hscan *hs, const char *configured, const char *provider,
		      const char *display, int line)
{
	enum vc_ftype type;
	const char *why;
	char *lex, *canon = NULL;
	int rc;

	if (!(lex = expand_path(hs->h->path, configured, &why))) {
		if (!why)
			return vc_error_set(VC_ENOMEM, "out of memory");
		bad(hs, display, line, 0, "%s folder path %s; not registered", provider, why);
		return 0;
	}
	rc = resolve(&canon, &type, &hs->ctx->root, lex);
	if (rc == VC_ENOTFOUND) {   /* nothing of it exists: take it as written */
		canon = lex;
		lex = NULL;
	} else if (rc == VC_ENOMEM) {
		goto out;
	} else if (rc < 0) {
		bad(hs, display, line, 0, "%s folder not followed: %s", provider,
		    vc_error_problem());
		rc = 0;
		goto out;
	} else if (type != VC_FT_DIR && type != VC_FT_NONE) {
		bad(hs, display, line, 0, "%s folder is not a directory; not registered", provider);
		goto out;
	}
	rc = vc_scan_add_sync(hs->ctx, canon, provider, display, line);
	if (rc == VC_ELIMIT) {
		bad(hs, display, line, 0, "too many sync folders; %s folder not registered",
		    provider);
		rc = 0;
	} else if (rc == 0) {
		rc = add_provider(hs->providers, provider);
	}
out:
	free(lex);
	free(canon);
	return rc;
}

/* ---- Dropbox: {"personal": {"path": ...}, "business": {...}} ---------- */

static int dropbox_file(struct hscan *hs, const char *sub)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	char sha[VC_SHA256_HEX], *display = NULL;
	json_error_t jerr;
	json_t *root = NULL, *acct;
	const char *key;
	size_t n = 0;
	int rc;

	rc = read_cfg(&buf, sha, &display, hs, "dropbox-info", sub);
	if (rc != CFG_READ)
		return rc < 0 ? rc : 0;
	if (vc_json_loadb(&root, buf.ptr, buf.size, JSON_REJECT_DUPLICATES, &jerr) == VC_ENOMEM) {
		rc = VC_ENOMEM;
		goto out;
	}
	if (!root) {
		/* "near '<token>'" could quote a path with a user name */
		bad(hs, display, jerr.line, jerr.column, "malformed JSON, file ignored: %s",
		    vc_error_cut_excerpt(jerr.text));
		goto out;
	}
	if (!json_is_object(root)) {
		bad(hs, display, 1, 0, "not a JSON object, file ignored");
		goto out;
	}
	json_object_foreach(root, key, acct) {
		json_t *path;
		int line;

		if (!json_is_object(acct))
			continue;
		if (++n > DROPBOX_ACCOUNTS_MAX) {
			bad(hs, display, 0, 0, "more than %d accounts; the rest are ignored",
			    DROPBOX_ACCOUNTS_MAX);
			break;
		}
		line = json_key_line(&buf, key);
		path = json_object_get(acct, "path");
		if (!json_is_string(path)) {
			bad(hs, display, line, 0, "Dropbox account without a \"path\"; "
			    "its folder is unknown");
			continue;
		}
		if ((rc = add_folder(hs, json_string_value(path), "dropbox", display, line)) < 0)
			break;
	}
out:
	json_decref(root);
	vc_buf_free(&buf);
	free(display);
	return rc < 0 ? rc : 0;
}

static int dropbox(struct hscan *hs)
{
	static const char *const files[] = {
		".dropbox/info.json",                 /* Linux, macOS */
		"AppData/Local/Dropbox/info.json",    /* Windows */
		"AppData/Roaming/Dropbox/info.json",  /* Windows, older clients */
		NULL
	};
	size_t i;
	int rc = 0;

	for (i = 0; files[i] && rc == 0; i++)
		rc = dropbox_file(hs, files[i]);
	return rc;
}

/* ---- OneDrive, abraunegg client: ~/.config/onedrive*\/config ----------- */

/* The value inside the first pair of double quotes, else the value itself. */
static char *unquote(const char *v)
{
	const char *e;

	if (v[0] == '"' && (e = strchr(v + 1, '"')))
		return vc_strndup(v + 1, (size_t)(e - v - 1));
	return vc_strdup(v);
}

static int onedrive_confdir(struct hscan *hs, const char *sub)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_ini ini = { 0 };
	const struct vc_ini_entry *e;
	char sha[VC_SHA256_HEX], *display = NULL, *cfg, *dir, *val = NULL;
	int rc, err_line = 0;

	if (!(cfg = vc_asprintf("%s/config", sub)))
		return VC_ENOMEM;
	rc = read_cfg(&buf, sha, &display, hs, "onedrive-config", cfg);
	free(cfg);
	if (rc == CFG_ABSENT) {   /* set up with the defaults */
		if (!(dir = home_rel(hs, sub)) || !(display = vc_scan_display(hs->ctx, dir))) {
			free(dir);
			return VC_ENOMEM;
		}
		free(dir);
		rc = add_folder(hs, "~/OneDrive", "onedrive", display, 0);
		free(display);
		return rc;
	}
	if (rc != CFG_READ)
		return rc < 0 ? rc : 0;
	rc = vc_ini_parse(&ini, buf.ptr, buf.size, &err_line);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0)
		bad(hs, display, err_line, 0, "malformed configuration line");
	e = vc_ini_get(&ini, NULL, "sync_dir");
	if (e) {
		if (!(val = unquote(e->value))) {
			rc = VC_ENOMEM;
			goto out;
		}
		rc = add_folder(hs, *val ? val : "~/OneDrive", "onedrive", display, e->line);
	} else if (rc == 0) {
		rc = add_folder(hs, "~/OneDrive", "onedrive", display, 0);
	} else {
		rc = 0;   /* sync_dir may have been past the bad line: unknown */
	}
out:
	free(val);
	vc_ini_free(&ini);
	vc_buf_free(&buf);
	free(display);
	return rc;
}

/* "onedrive", or "onedrive-work" style directories for further accounts. */
static int is_onedrive_confdir(const char *name)
{
	return !strncmp(name, "onedrive", 8) &&
	       (!name[8] || name[8] == '-' || name[8] == '_' || name[8] == '.');
}

static int onedrive_linux(struct hscan *hs)
{
	struct vc_names ns = { 0 };
	char *rel, *sub, *child;
	size_t i;
	int rc;

	if (!(rel = home_rel(hs, ".config")))
		return VC_ENOMEM;
	rc = vc_scan_list(&ns, hs->ctx, P, rel, DIR_ENTRIES_MAX);
	free(rel);
	rc = rc == VC_ENOMEM ? rc : 0;
	for (i = 0; rc == 0 && i < ns.n; i++) {
		if (!is_onedrive_confdir(ns.v[i]))
			continue;
		if (!(sub = vc_asprintf(".config/%s", ns.v[i])) || !(child = home_rel(hs, sub))) {
			free(sub);
			rc = VC_ENOMEM;
			break;
		}
		if (is_dir(hs, child))
			rc = onedrive_confdir(hs, sub);
		free(sub);
		free(child);
	}
	vc_names_free(&ns);
	return rc;
}

/* ---- Folders whose name says who syncs them --------------------------- */

struct named {
	const char *prefix;   /* name or name prefix */
	int exact;
	const char *provider;
};

/* Directly in a macOS or Windows home. */
static const struct named home_folders[] = {
	{ "OneDrive", 0, "onedrive" },        /* "OneDrive", "OneDrive - Contoso" */
	{ "iCloudDrive", 1, "icloud" },       /* iCloud for Windows */
	{ NULL, 0, NULL }
};

/* In ~/Library/CloudStorage (macOS File Provider). */
static const struct named cloud_storage[] = {
	{ "OneDrive-", 0, "onedrive" },
	{ "GoogleDrive-", 0, "gdrive" },
	{ "Dropbox", 1, "dropbox" },
	{ "Dropbox-", 0, "dropbox" },
	{ "Box-", 0, "box" },
	{ "Box", 1, "box" },
	{ NULL, 0, NULL }
};

static int named_folders(struct hscan *hs, const char *sub, const struct named *tab)
{
	struct vc_names ns = { 0 };
	char *rel, *child = NULL, *display = NULL;
	size_t i, k;
	int rc;

	if (!(rel = *sub ? home_rel(hs, sub) : vc_strdup(hs->h->path)))
		return VC_ENOMEM;
	rc = vc_scan_list(&ns, hs->ctx, P, rel, DIR_ENTRIES_MAX);
	rc = rc == VC_ENOMEM ? rc : 0;
	for (i = 0; rc == 0 && i < ns.n; i++) {
		for (k = 0; tab[k].prefix; k++) {
			size_t n = strlen(tab[k].prefix);

			if (tab[k].exact ? !strcmp(ns.v[i], tab[k].prefix) :
			    !strncmp(ns.v[i], tab[k].prefix, n))
				break;
		}
		if (!tab[k].prefix)
			continue;
		if (!(child = vc_path_join(rel, ns.v[i])) ||
		    !(display = vc_scan_display(hs->ctx, child))) {
			rc = VC_ENOMEM;
			break;
		}
		if (is_dir(hs, child))
			rc = add_folder(hs, child, tab[k].provider, display, 0);
		free(child);
		free(display);
		child = display = NULL;
	}
	free(child);
	free(rel);
	vc_names_free(&ns);
	return rc;
}

static int icloud_mac(struct hscan *hs)
{
	static const char sub[] = "Library/Mobile Documents/com~apple~CloudDocs";
	char *rel, *display = NULL;
	int rc = 0;

	if (!(rel = home_rel(hs, sub)))
		return VC_ENOMEM;
	if (is_dir(hs, rel)) {
		display = vc_scan_display(hs->ctx, rel);
		rc = display ? add_folder(hs, rel, "icloud", display, 0) : VC_ENOMEM;
	}
	free(rel);
	free(display);
	return rc;
}

/* ---- Nextcloud and ownCloud: [Accounts] N\Folders\M\localPath=... ------ */

static void put_utf8(char *o, size_t *n, unsigned cp)
{
	if (cp < 0x80) {
		o[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*n)++] = (char)(0xC0 | (cp >> 6));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		o[(*n)++] = (char)(0xE0 | (cp >> 12));
		o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

/* A QSettings INI value: optional quotes, \\ \" and \xHHHH escapes. */
static char *qt_value(const char *v)
{
	size_t len = strlen(v), n = 0, i;
	char *o;

	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		v++;
		len -= 2;
	}
	if (!(o = malloc(len * 3 + 1)))   /* \xHHHH (6 bytes) -> at most 3 */
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned cp = 0;
		size_t k;

		if (v[i] != '\\' || i + 1 >= len) {
			o[n++] = v[i];
			continue;
		}
		i++;
		if (v[i] == 'x') {
			for (k = 0; k < 4 && i + 1 < len && isxdigit((unsigned char)v[i + 1]); k++) {
				i++;
				cp = cp * 16 + (unsigned)(isdigit((unsigned char)v[i]) ? v[i] - '0' :
					(tolower((unsigned char)v[i]) - 'a' + 10));
			}
			if (k && cp && (cp < 0xD800 || cp > 0xDFFF))
				put_utf8(o, &n, cp);
		} else {
			o[n++] = v[i] == 't' ? '\t' : v[i];
		}
	}
	o[n] = 0;
	return o;
}

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcasecmp(s + ls - lx, suffix);
}

static int qt_client(struct hscan *hs, const char *sub, const char *provider)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_ini ini = { 0 };
	char sha[VC_SHA256_HEX], *display = NULL, *val;
	size_t i, n = 0;
	int rc, err_line = 0;

	rc = read_cfg(&buf, sha, &display, hs, "qt-settings", sub);
	if (rc != CFG_READ)
		return rc < 0 ? rc : 0;
	rc = vc_ini_parse(&ini, buf.ptr, buf.size, &err_line);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0)   /* the folders before the bad line still count */
		bad(hs, display, err_line, 0, "malformed configuration line");
	rc = 0;
	for (i = 0; rc == 0 && i < ini.n; i++) {
		const struct vc_ini_entry *e = &ini.v[i];

		if (strcasecmp(e->section, "Accounts") || !ends_with_ci(e->key, "\\localPath"))
			continue;
		if (++n > FOLDERS_PER_FILE_MAX) {
			bad(hs, display, e->line, 0, "more than %d folders; the rest are ignored",
			    FOLDERS_PER_FILE_MAX);
			break;
		}
		if (!(val = qt_value(e->value))) {
			rc = VC_ENOMEM;
			break;
		}
		rc = add_folder(hs, val, provider, display, e->line);
		free(val);
	}
out:
	vc_ini_free(&ini);
	vc_buf_free(&buf);
	free(display);
	return rc;
}

static int nextcloud_owncloud(struct hscan *hs)
{
	static const struct {
		const char *sub, *provider;
	} files[] = {
		{ ".config/Nextcloud/nextcloud.cfg", "nextcloud" },
		{ ".var/app/com.nextcloud.desktopclient.nextcloud/config/Nextcloud/nextcloud.cfg",
		  "nextcloud" },
		{ "Library/Preferences/Nextcloud/nextcloud.cfg", "nextcloud" },
		{ "AppData/Roaming/Nextcloud/nextcloud.cfg", "nextcloud" },
		{ ".config/ownCloud/owncloud.cfg", "owncloud" },
		{ "Library/Preferences/ownCloud/owncloud.cfg", "owncloud" },
		{ "AppData/Roaming/ownCloud/owncloud.cfg", "owncloud" },
		{ NULL, NULL }
	};
	size_t i;
	int rc = 0;

	for (i = 0; files[i].sub && rc == 0; i++)
		rc = qt_client(hs, files[i].sub, files[i].provider);
	return rc;
}

/* ---- Syncthing: <configuration><folder path="..."> -------------------- */

static int syncthing_file(struct hscan *hs, const char *sub)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	char sha[VC_SHA256_HEX], *display = NULL, *ent;
	xmlParserCtxtPtr pctx = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n;
	size_t count = 0;
	int rc;

	rc = read_cfg(&buf, sha, &display, hs, "syncthing-config", sub);
	if (rc != CFG_READ)
		return rc < 0 ? rc : 0;
	if (buf.size && !vc_xml_ascii_compatible(buf.ptr, buf.size)) {
		bad(hs, display, 1, 1, "not UTF-8 XML (UTF-16 or another encoding whose entity "
		    "declarations cannot be checked), file ignored");
		goto out;
	}
	if ((ent = memmem(buf.ptr, buf.size, "<!ENTITY", 8))) {
		bad(hs, display, line_at(buf.ptr, (size_t)(ent - buf.ptr)), 0,
		    "entity declarations are refused, file ignored");
		goto out;
	}
	if (buf.size > INT_MAX) {
		bad(hs, display, 0, 0, "file too large, ignored");
		goto out;
	}
	if (!(pctx = xmlNewParserCtxt())) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	/* no network, no entity substitution, no DTD loading; errors kept, not printed */
	doc = xmlCtxtReadMemory(pctx, buf.ptr, (int)buf.size, NULL, NULL,
				XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
				XML_PARSE_NOWARNING);
	/* libxml2 stops at a failed allocation but may still hand back the part read */
	if (pctx->errNo == XML_ERR_NO_MEMORY) {
		rc = vc_error_set(VC_ENOMEM, "out of memory");
		goto out;
	}
	if (!doc) {
		const xmlError *xe = xmlCtxtGetLastError(pctx);
		char *msg = vc_strdup(xe && xe->message ? xe->message : "unknown error");
		size_t len = msg ? strlen(msg) : 0;

		while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
			msg[--len] = 0;
		bad(hs, display, xe ? xe->line : 0, xe ? xe->int2 : 0,
		    "malformed XML, file ignored: %s", msg ? msg : "out of memory");
		free(msg);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || xmlStrcmp(root->name, BAD_CAST "configuration")) {
		bad(hs, display, root ? (int)xmlGetLineNo(root) : 1, 0,
		    "not a Syncthing configuration (no <configuration>), file ignored");
		goto out;
	}
	for (n = root->children; n && rc == 0; n = n->next) {
		xmlChar *path, *type;
		int line;

		if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "folder"))
			continue;
		line = (int)xmlGetLineNo(n);
		if (++count > FOLDERS_PER_FILE_MAX) {
			bad(hs, display, line, 0, "more than %d folders; the rest are ignored",
			    FOLDERS_PER_FILE_MAX);
			break;
		}
		path = xmlGetProp(n, BAD_CAST "path");
		type = xmlGetProp(n, BAD_CAST "type");
		if (!path || !*path)
			bad(hs, display, line, 0, "Syncthing folder without a path");
		else if (!type || xmlStrcmp(type, BAD_CAST "receiveonly"))
			rc = add_folder(hs, (const char *)path, "syncthing", display, line);
		/* a receive-only folder sends nothing out */
		xmlFree(path);
		xmlFree(type);
	}
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	vc_buf_free(&buf);
	free(display);
	return rc < 0 ? rc : 0;
}

static int syncthing(struct hscan *hs)
{
	static const char *const files[] = {
		".config/syncthing/config.xml",
		".local/state/syncthing/config.xml",            /* Syncthing 1.27+ */
		"Library/Application Support/Syncthing/config.xml",
		"AppData/Local/Syncthing/config.xml",
		NULL
	};
	size_t i;
	int rc = 0;

	for (i = 0; files[i] && rc == 0; i++)
		rc = syncthing_file(hs, files[i]);
	return rc;
}

/* ---- rclone: remotes from rclone.conf, folders from systemd user units -- */

/* Provider behind an rclone remote, following wrappers; NULL for local/unknown. */
static const char *rclone_provider(const struct vc_ini *ini, const char *remote, int depth)
{
	static const char *const wrappers[] = {
		"alias", "crypt", "chunker", "hasher", "compress", "cache", NULL
	};
	static const char *const none[] = { "local", "memory", "union", "combine", NULL };
	const struct vc_ini_entry *t, *r;
	const char *type, *colon;
	char name[256];
	size_t i;

	if (depth > REMOTE_DEPTH_MAX || !(t = vc_ini_get(ini, remote, "type")))
		return NULL;
	type = t->value;
	for (i = 0; wrappers[i]; i++) {
		if (strcmp(type, wrappers[i]))
			continue;
		r = vc_ini_get(ini, remote, "remote");
		if (!r || !(colon = strchr(r->value, ':')) ||
		    (size_t)(colon - r->value) >= sizeof(name))
			return NULL;
		memcpy(name, r->value, (size_t)(colon - r->value));
		name[colon - r->value] = 0;
		return rclone_provider(ini, name, depth + 1);
	}
	for (i = 0; none[i]; i++)
		if (!strcmp(type, none[i]))
			return NULL;
	if (!strcmp(type, "drive"))
		return "gdrive";
	if (!strcmp(type, "google cloud storage"))
		return "gcs";
	if (!strcmp(type, "google photos"))
		return "gphotos";
	for (i = 0; type[i]; i++)
		if (!islower((unsigned char)type[i]) && !isdigit((unsigned char)type[i]) &&
		    type[i] != '-')
			return NULL;
	return i && i <= 32 ? type : NULL;
}

/* Split a systemd command line into words (quotes, backslash escapes). */
static size_t split_words(char **w, size_t max, char *s)
{
	size_t n = 0;
	char *o;

	while (*s && n < max) {
		char q = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		w[n++] = o = s;
		for (; *s && (q || (*s != ' ' && *s != '\t')); s++) {
			if (!q && (*s == '"' || *s == '\'')) {
				q = *s;
			} else if (q && *s == q) {
				q = 0;
			} else if (*s == '\\' && s[1] && q != '\'') {
				*o++ = *++s;
			} else {
				*o++ = *s;
			}
		}
		if (*s)
			s++;
		*o = 0;
	}
	return n;
}

static int is_local_word(const char *w)
{
	return w[0] == '/' || w[0] == '~' || !strncmp(w, "%h", 2) || !strncmp(w, "$HOME", 5) ||
	       !strncmp(w, "${HOME}", 7);
}

/* One ExecStart= command: an rclone mount or upload of a local folder. */
static int rclone_command(struct hscan *hs, const struct vc_ini *ini, char *cmd,
			  const char *display, int line)
{
	/* options whose value is a separate word that may look like a path */
	static const char *const path_opts[] = {
		"--config", "--log-file", "--cache-dir", "--temp-dir", "--ca-cert",
		"--client-cert", "--client-key", "--exclude", "--include", "--filter",
		"--exclude-from", "--include-from", "--filter-from", "--files-from",
		"--files-from-raw", "--backup-dir", "--compare-dest", "--copy-dest",
		"--workdir", "--password-command", NULL
	};
	/* what a local folder passed to these commands holds ends up remote */
	static const char *const ships[] = {
		"mount", "nfsmount", "cmount", "mount2", "bisync", NULL
	};
	/* these only ship a local folder given as the source (first) */
	static const char *const uploads[] = { "sync", "copy", "move", NULL };
	char *w[TOKENS_MAX], *sub = NULL, *local = NULL, *remote = NULL, name[256];
	const char *provider, *colon, *base;
	size_t n, i, k;
	int local_first = 0, up = 0, mnt = 0;

	n = split_words(w, TOKENS_MAX, cmd);
	for (i = 0; i < n; i++) {
		if (i == 0)
			w[0] += strspn(w[0], "-@:+!");   /* ExecStart= prefixes */
		base = strrchr(w[i], '/');
		if (!strcmp(base ? base + 1 : w[i], "rclone"))
			break;
	}
	for (i++; i < n; i++) {
		if (w[i][0] == '-') {
			for (k = 0; path_opts[k]; k++)
				if (!strcmp(w[i], path_opts[k]))
					i++;
			continue;
		}
		if (!sub) {
			sub = w[i];
			continue;
		}
		colon = strchr(w[i], ':');
		if (!remote && colon && (size_t)(colon - w[i]) < sizeof(name)) {
			memcpy(name, w[i], (size_t)(colon - w[i]));
			name[colon - w[i]] = 0;
			if (vc_ini_get(ini, name, "type"))
				remote = w[i];
		}
		if (!local && remote != w[i] && is_local_word(w[i])) {
			local = w[i];
			local_first = !remote;
		}
	}
	if (!sub || !remote || !local)
		return 0;
	for (k = 0; uploads[k]; k++)
		up |= !strcmp(sub, uploads[k]);
	for (k = 0; ships[k]; k++)
		mnt |= !strcmp(sub, ships[k]);
	/* a download into a local folder ships nothing out */
	if (!mnt && !(up && local_first))
		return 0;
	if (!(provider = rclone_provider(ini, name, 0)))
		return 0;
	return add_folder(hs, local, provider, display, line);
}

static int rclone_unit(struct hscan *hs, const struct vc_ini *ini, const char *sub)
{
	struct vc_buf buf = VC_BUF_INIT(0), cmd = VC_BUF_INIT(UNIT_LINE_MAX);
	char sha[VC_SHA256_HEX], *display = NULL;
	const char *p, *end, *nl;
	int rc, line = 0, start = 0, more = 0;

	rc = read_cfg(&buf, sha, &display, hs, "systemd-unit", sub);
	if (rc != CFG_READ)
		return rc < 0 ? rc : 0;
	rc = 0;
	for (p = buf.ptr, end = buf.ptr + buf.size; p < end && rc == 0; p = nl + 1) {
		const char *q = p;
		size_t len, ws;

		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		len = (size_t)(nl - p);
		line++;
		if (len && q[len - 1] == '\r')
			len--;
		if (!more) {
			/* "ExecStart=" or "ExecStart = ", after optional indentation */
			ws = strspn(q, " \t");
			if (ws > len || len - ws < 9 || strncmp(q + ws, "ExecStart", 9))
				continue;
			ws += 9;
			ws += strspn(q + ws, " \t");
			if (ws >= len || q[ws] != '=')
				continue;
			q += ws + 1;
			len -= ws + 1;
			start = line;
			vc_buf_clear(&cmd);
		}
		more = len && q[len - 1] == '\\';
		if (vc_buf_put(&cmd, q, len - (size_t)more) < 0 || vc_buf_putc(&cmd, ' ') < 0) {
			bad(hs, display, start, 0, "ExecStart= line too long, ignored");
			vc_buf_clear(&cmd);
			more = 0;
			continue;
		}
		if (!more && !memchr(cmd.ptr, 0, cmd.size))
			rc = rclone_command(hs, ini, cmd.ptr, display, start);
	}
	vc_buf_free(&cmd);
	vc_buf_free(&buf);
	free(display);
	return rc;
}

static int rclone_units(struct hscan *hs, const struct vc_ini *ini)
{
	static const char dir[] = ".config/systemd/user";
	struct vc_names ns = { 0 };
	char *rel, *sub;
	size_t i, read = 0;
	int rc;

	if (!(rel = home_rel(hs, dir)))
		return VC_ENOMEM;
	rc = vc_scan_list(&ns, hs->ctx, P, rel, DIR_ENTRIES_MAX);
	rc = rc == VC_ENOMEM ? rc : 0;
	for (i = 0; rc == 0 && i < ns.n; i++) {
		if (!ends_with_ci(ns.v[i], ".service") || ns.v[i][0] == '.')
			continue;
		if (++read > UNITS_MAX) {
			vc_diag_add(&hs->ctx->diags, P, NULL, 0, 0,
				    "more than %d systemd user units in one home; the rest are "
				    "not examined for rclone", UNITS_MAX);
			break;
		}
		if (!(sub = vc_asprintf("%s/%s", dir, ns.v[i]))) {
			rc = VC_ENOMEM;
			break;
		}
		rc = rclone_unit(hs, ini, sub);
		free(sub);
	}
	free(rel);
	vc_names_free(&ns);
	return rc;
}

static int rclone_file(struct hscan *hs, const char *sub)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_ini ini = { 0 };
	struct vc_prov prov = { 0 };
	char sha[VC_SHA256_HEX], *display = NULL;
	json_t *list = NULL;
	const char *enc, *prev = NULL;
	size_t i, remotes = 0;
	int rc, err_line = 0;

	rc = read_cfg(&buf, sha, &display, hs, "rclone-config", sub);
	if (rc != CFG_READ)
		return rc < 0 ? rc : 0;
	if ((enc = memmem(buf.ptr, buf.size, "RCLONE_ENCRYPT_V0:", 18))) {
		bad(hs, display, line_at(buf.ptr, (size_t)(enc - buf.ptr)), 0,
		    "rclone configuration is encrypted; its remotes are unknown");
		rc = 0;
		goto out;
	}
	rc = vc_ini_parse(&ini, buf.ptr, buf.size, &err_line);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0)
		bad(hs, display, err_line, 0, "malformed configuration line");
	if (!(list = json_array())) {
		rc = VC_ENOMEM;
		goto out;
	}
	rc = 0;
	for (i = 0; rc == 0 && i < ini.n; i++) {
		const char *p;

		if (prev && !strcmp(prev, ini.v[i].section))
			continue;
		prev = ini.v[i].section;
		if (!*prev)   /* keys before any [remote] */
			continue;
		if (++remotes > REMOTES_MAX) {
			bad(hs, display, ini.v[i].line, 0, "more than %d remotes; the rest are "
			    "ignored", REMOTES_MAX);
			break;
		}
		if ((p = rclone_provider(&ini, prev, 0)))
			rc = add_provider(list, p);
	}
	if (rc < 0)
		goto out;
	prov.source = display;
	prov.sha256 = sha;
	rc = vc_fact_add(&hs->ctx->facts, P, hs->h->scope, "sync.rclone_remotes", list, &prov);
	list = NULL;
	if (rc == 0 && remotes)
		rc = rclone_units(hs, &ini);
out:
	json_decref(list);
	vc_ini_free(&ini);
	vc_buf_free(&buf);
	free(display);
	return rc;
}

static int rclone(struct hscan *hs)
{
	int rc = rclone_file(hs, ".config/rclone/rclone.conf");

	return rc ? rc : rclone_file(hs, "AppData/Roaming/rclone/rclone.conf");
}

/* ---- Insync: present, but its folders live in a database --------------- */

static int insync(struct hscan *hs)
{
	static const char *const dirs[] = {
		".config/Insync", ".local/share/Insync", "Library/Application Support/Insync",
		"AppData/Roaming/Insync", NULL
	};
	char *rel, *display;
	size_t i;

	for (i = 0; dirs[i]; i++) {
		if (!(rel = home_rel(hs, dirs[i])))
			return VC_ENOMEM;
		if (!is_dir(hs, rel)) {
			free(rel);
			continue;
		}
		display = vc_scan_display(hs->ctx, rel);
		free(rel);
		if (!display)
			return VC_ENOMEM;
		bad(hs, display, 0, 0, "Insync found but its sync folders could not be "
		    "determined (they are kept in its database, which is not read)");
		free(display);
		return 0;
	}
	return 0;
}

/* ---- per home ---------------------------------------------------------- */

static int scan_home(struct vc_scan_ctx *ctx, const struct vc_home *h)
{
	struct hscan hs = { ctx, h, NULL };
	int rc;

	if (!(hs.providers = json_array()))
		return VC_ENOMEM;
	if ((rc = dropbox(&hs)) < 0 || (rc = onedrive_linux(&hs)) < 0 ||
	    (rc = named_folders(&hs, "", home_folders)) < 0 ||
	    (rc = named_folders(&hs, "Library/CloudStorage", cloud_storage)) < 0 ||
	    (rc = icloud_mac(&hs)) < 0 || (rc = nextcloud_owncloud(&hs)) < 0 ||
	    (rc = syncthing(&hs)) < 0 || (rc = rclone(&hs)) < 0 || (rc = insync(&hs)) < 0) {
		json_decref(hs.providers);
		return rc;
	}
	return vc_fact_add(&ctx->facts, P, h->scope, "sync.providers", hs.providers, NULL);
}

static int cloud_sync_scan(struct vc_scan_ctx *ctx)
{
	size_t i;
	int rc;

	xmlInitParser();
	for (i = 0; i < ctx->nhomes; i++)
		if ((rc = scan_home(ctx, &ctx->homes[i])) < 0)
			return rc;
	return 0;
}

const struct vc_scanner_entry vc_scanner_cloud_sync = {
	.name = "cloud-sync",
	.product = "host",
	.description = "folders that Dropbox, OneDrive, Google Drive, iCloud, Nextcloud, "
		       "ownCloud, Syncthing and rclone ship elsewhere",
	.scan = cloud_sync_scan,
};
