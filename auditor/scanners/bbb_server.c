/*
 * BigBlueButton server (PRODUCTS §4): bbb-web properties, the HTML5
 * client's settings.yml, the recording pipeline's bigbluebutton.yml, the
 * STUN/TURN list, the daily cleanup, and the recordings on disk.
 *
 * Override model (§4.1): every packaged default is read first and the file
 * under /etc/bigbluebutton applied over it (properties: a key of the
 * override wins; YAML: deep merge, arrays replaced; turn-stun-servers.xml:
 * the override replaces the whole file). Every fact names the file and line
 * that supplied its value after the merge.
 *
 * Facts (product "bigbluebutton", scope "host": one server per root):
 *  - product.installed: any BigBlueButton file or folder below the root;
 *    product.version: /etc/bigbluebutton/bigbluebutton-release, else
 *    bigbluebutton.yml's bbb_version.
 *  - secrets.api_secret_set: securitySalt non-empty once surrounding white
 *    space is trimmed (never the value); secrets.api_secret_public: the
 *    trimmed salt's SHA-256 equals one of public_salts[] below, salts
 *    published in public repositories. Only digests are in this file; the
 *    salt itself is wiped from memory after hashing.
 *  - recording.cloud.allowed = !disableRecordingDefault; recording.auto =
 *    "cloud" for autoStartRecording (unless recording is disabled), else
 *    "none"; recording.consent = "notice" for notifyRecordingIsOn, else
 *    "none" (the client's red recording dot is not counted as a notice);
 *    recording.keep_events = defaultKeepEvents (legacy keepEvents).
 *  - access.anonymous_join / access.lobby from defaultGuestPolicy:
 *    ALWAYS_ACCEPT true/false, ASK_MODERATOR true/true, ALWAYS_DENY
 *    false/false; anything else is a diagnostic and no fact.
 *  - reports.attendance: the learning dashboard (learningDashboardEnabled,
 *    disabledFeatures=learningDashboard).
 *  - recording.transcription (+ recording.transcription_provider):
 *    settings.yml public.app.audioCaptions, off when disabledFeatures lists
 *    liveTranscription; chat.save_local: public.chat.enableSaveAndCopyPublicChat,
 *    off when disabledFeatures lists chat.
 *  - encryption.transport_required: bigbluebutton.web.serverURL is https
 *    and bigbluebutton.yml's playback_protocol (when set) is https.
 *  - telemetry.stun_external: hosts of the STUN/TURN servers that browsers
 *    (turn-stun-servers.xml, settings.yml fallbackStunServer) or Kurento
 *    (WebRtcEndpoint.conf.ini) are sent to, outside the server's own domain
 *    (the host of serverURL and the domain above it; private addresses are
 *    own); telemetry.client_log_external: the host of clientLog.external.url
 *    when external client logging is on and goes elsewhere;
 *    telemetry.thirdparty: all third-party flows found ("stun:HOST",
 *    "client-log:HOST", "speech:webspeech", "external-video").
 *  - recording.raw_retention_days / recording.unrecorded_retention_days:
 *    published_days / unrecorded_days of /etc/cron.daily/bigbluebutton,
 *    overridden by /etc/default/bigbluebutton-cron-config when the script
 *    sources it; -1 when the call remove_raw_of_published_recordings /
 *    remove_raw_of_recordings_without_marks is commented out or missing, or
 *    follows a bare "exit 0" at the top level of the script.
 *  - recording.retention_days: MAXAGE of /etc/cron.daily/bbb-recording-cleanup
 *    (or the older name delete-old-recordings), the documented script that
 *    deletes published recordings; -1 when /etc/cron.daily exists without
 *    one (the packaged cleanup never deletes published playback, §4.6).
 *    A cleanup under another name is not recognised.
 *  - recording.server.path: publishedDir (else published_dir, else the
 *    default), with its real path for .encrypted and .cloud_sync.
 *  - artifacts.recordings: one entry per recording id folder (or per id for
 *    loose media files) in every store of §4.5: {product, path, kind,
 *    format, bytes, files, age_days (newest file), converted (a published,
 *    unpublished or deleted copy of the id exists), cloud_sync, encrypted}.
 *    Only names that look like BigBlueButton ids are counted; no file is
 *    opened, so nothing from metadata.xml (meeting names) is read.
 *
 * Unreadable or malformed files are diagnostics with their line and
 * collection errors limited to the facts the file supplies; the rest of the
 * server is still audited. Nothing found: product.installed = false.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "scanner.h"
#include "scan_util.h"
#include "../core/buf.h"
#include "../core/hash.h"
#include "../parsers/boolstr.h"
#include "../parsers/envfile.h"
#include "../parsers/ini.h"
#include "../parsers/properties.h"
#include "../parsers/yaml.h"

#define BBB "bigbluebutton"
#define SCOPE "host"

#define P_PROPS "/usr/share/bbb-web/WEB-INF/classes/bigbluebutton.properties"
#define P_PROPS_OVER "/etc/bigbluebutton/bbb-web.properties"
#define P_SETTINGS_30 "/usr/share/bigbluebutton/html5-client/private/config/settings.yml"
#define P_SETTINGS "/usr/share/meteor/bundle/programs/server/assets/app/config/settings.yml"
#define P_SETTINGS_OVER "/etc/bigbluebutton/bbb-html5.yml"
#define P_REC "/usr/local/bigbluebutton/core/scripts/bigbluebutton.yml"
#define P_REC_OVER "/etc/bigbluebutton/recording/recording.yml"
#define P_STUN "/usr/share/bbb-web/WEB-INF/classes/spring/turn-stun-servers.xml"
#define P_STUN_OVER "/etc/bigbluebutton/turn-stun-servers.xml"
#define P_KURENTO "/etc/kurento/modules/kurento/WebRtcEndpoint.conf.ini"
#define P_CRON "/etc/cron.daily/bigbluebutton"
#define P_CRON_CONF "/etc/default/bigbluebutton-cron-config"
#define P_CRON_DIR "/etc/cron.daily"
#define P_RELEASE "/etc/bigbluebutton/bigbluebutton-release"

/* The facts each source supplies: a broken file leaves only these uncertain. */
#define K_PROPS "secrets.*,recording.cloud.allowed,recording.auto,recording.consent," \
	"recording.keep_events,recording.transcription*,recording.server.path*,access.*," \
	"reports.*,encryption.*,chat.*,telemetry.*,artifacts.recordings"
#define K_SETTINGS "recording.transcription*,chat.*,telemetry.*"
#define K_REC "product.version,encryption.*,recording.server.path*,artifacts.recordings"
#define K_STUN "telemetry.*"
#define K_CRON "recording.*retention_days"
#define K_VERSION "product.version"
#define K_STORES "artifacts.recordings"

#define BBB_VERSION_MAX 64
#define BBB_HOSTS_MAX 64           /* STUN/TURN hosts kept */
#define BBB_IDS_MAX 100000         /* entries listed per store folder */
#define BBB_WALK_DEPTH 16          /* folders below a recording id folder */
#define BBB_WALK_BUDGET 2000000UL  /* directory entries for all stores; x10 with --deep */
#define BBB_DAYS_MAX 100000LL
#define BBB_DAY 86400

/*
 * SHA-256 of API secrets published in public repositories (never the
 * secrets themselves). Compared with the digest of the trimmed salt.
 */
static const char *const public_salts[] = {
	/* upstream placeholder, bigbluebutton-web/grails-app/conf/bigbluebutton.properties */
	"f85c8c2934b5a89cea99f26c887ecef1216d900e8652bba4ac9a7982d68ec96a",
	/* example in docs/docs/administration/configuration-files.md */
	"756cc99139afe18efa7383ff5b077513f5c1c7bd37e886477a7ac61081fce653",
	/* a real server's bbb-web.properties published on GitHub
	 * (shared corpus: bbb-web.properties-override-wlgrbbb) */
	"16670c1e95fce845c43f0da3501aa9085ea2f95199a0d41af31468514f652134",
};

enum { S_ABSENT = 0, S_OK, S_BROKEN };

/* One source file. */
struct bsrc {
	char *display;             /* set once the file was found */
	char sha[VC_SHA256_HEX];   /* "" until read */
	int state;
};

/* Where a value came from. */
struct bwhere {
	const char *source;
	const char *sha;
	int line;
};

/* Totals of the files of one recording. */
struct tot {
	uint64_t bytes;
	size_t files;
	int64_t newest;
	int any;
};

struct bscan {
	struct vc_scan_ctx *ctx;
	struct bsrc prop_base, prop_over;
	json_t *props, *prop_lines, *prop_overdoc;
	struct bsrc set_base, set_over;
	json_t *settings, *set_lines;      /* lines: > 0 base file, < 0 override */
	struct bsrc rec_base, rec_over;
	json_t *rec, *rec_lines;
	struct bsrc stun, kurento, cron, cron_conf, cleanup, release;
	char *server_host;                 /* of bigbluebutton.web.serverURL, lower case */
	json_t *converted;                 /* ids with a published/unpublished/deleted copy */
	json_t *recordings;
	unsigned long entries, budget;
	unsigned long unreadable, too_deep;
	int stopped, truncated;
};

static void bsrc_free(struct bsrc *s)
{
	free(s->display);
	memset(s, 0, sizeof(*s));
}

static struct bwhere at(const struct bsrc *s, int line)
{
	struct bwhere w = { s->display, s->sha[0] ? s->sha : NULL, line };

	return w;
}

/* Add one fact; only out-of-memory is returned. */
static int put(struct bscan *b, const char *key, json_t *value, const struct bwhere *w)
{
	struct vc_prov p = { w ? w->source : NULL, w ? w->sha : NULL, w ? w->line : 0 };
	int rc;

	if (!value)
		return VC_ENOMEM;
	rc = vc_fact_add(&b->ctx->facts, BBB, SCOPE, key, value, &p);
	return rc == VC_ENOMEM ? rc : 0;
}

/* A diagnostic at a file's line and a collection error on `keys`. */
static void broken(struct bscan *b, const struct bsrc *s, int line, int col, const char *keys,
		   const char *what, const char *problem)
{
	vc_diag_add(&b->ctx->diags, BBB, s->display, line, col, "%s%s%s", what,
		    problem ? ": " : "", problem ? problem : "");
	vc_scan_error_keys(b->ctx, BBB, SCOPE, s->display, keys);
}

/* The problem of a parser's "line N: problem" message. */
static const char *problem_of(const char *msg)
{
	const char *p = msg;

	if (strncmp(p, "line ", 5))
		return msg;
	p += 5;
	while (isdigit((unsigned char)*p))
		p++;
	return strncmp(p, ": ", 2) ? msg : p + 2;
}

/*
 * Read a source. 0 when read, VC_ENOTFOUND when absent, VC_ENOMEM, or
 * another negative code when it exists but could not be read (diagnostic
 * from vc_scan_read, collection error on `keys`, state S_BROKEN).
 */
static int read_src(struct bscan *b, struct bsrc *s, struct vc_buf *buf, const char *kind,
		    const char *rel, const char *keys)
{
	int rc = vc_scan_read(buf, s->sha, b->ctx, BBB, kind, rel);

	if (rc == VC_ENOTFOUND || rc == VC_ENOMEM)
		return rc;
	if (!(s->display = vc_scan_display(b->ctx, rel)))
		return VC_ENOMEM;
	if (rc < 0) {
		s->sha[0] = 0;
		s->state = S_BROKEN;
		vc_scan_error_keys(b->ctx, BBB, SCOPE, s->display, keys);
		return rc;
	}
	s->state = S_OK;
	return 0;
}

/* 1 when `rel` exists below the root (any type). */
static int exists(const struct vc_scan_ctx *ctx, const char *rel, enum vc_ftype *type)
{
	struct vc_stat st = { 0 };
	int rc = vc_root_stat(&st, &ctx->root, rel);

	free(st.resolved);
	if (type)
		*type = rc == 0 ? st.type : VC_FT_NONE;
	return rc == 0 && st.type != VC_FT_NONE;
}

/* ---- properties ---- */

/* Parse one properties file into *doc and *lines (NULL when unusable). 0 or VC_ENOMEM. */
static int props_file(struct bscan *b, struct bsrc *s, const char *kind, const char *rel,
		      json_t **doc, json_t **lines)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	int rc, line = 0;

	*doc = *lines = NULL;
	rc = read_src(b, s, &buf, kind, rel, K_PROPS);
	if (rc < 0)
		goto out;
	rc = vc_properties_parse(doc, lines, buf.ptr ? buf.ptr : "", buf.size, &line);
	if (rc == VC_EPARSE) {
		/* the bad entry is skipped, every other one kept */
		broken(b, s, line, 0, K_PROPS, "malformed entry skipped",
		       problem_of(vc_error_last()));
		rc = 0;
	} else if (rc < 0 && rc != VC_ENOMEM) {
		broken(b, s, line, 0, K_PROPS, "file ignored", problem_of(vc_error_last()));
		s->state = S_BROKEN;
	}
out:
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

static int load_props(struct bscan *b)
{
	json_t *base = NULL, *bl = NULL, *over = NULL, *ol = NULL;
	int rc;

	if ((rc = props_file(b, &b->prop_base, "bbb-web-properties", P_PROPS, &base, &bl)) < 0 ||
	    (rc = props_file(b, &b->prop_over, "bbb-web-properties", P_PROPS_OVER, &over,
			     &ol)) < 0)
		goto out;
	if (base && over) {
		rc = vc_properties_merge(base, bl, over, ol);
		if (rc == VC_ENOMEM)
			goto out;
		if (rc < 0)
			broken(b, &b->prop_over, 0, 0, K_PROPS, "override not applied",
			       vc_error_last());
	} else if (over) {
		base = json_deep_copy(over);
		bl = json_deep_copy(ol);
		if (!base || !bl) {
			rc = VC_ENOMEM;
			goto out;
		}
	}
	b->props = base;
	b->prop_lines = bl;
	b->prop_overdoc = over;
	base = bl = over = NULL;
	rc = 0;
out:
	json_decref(base);
	json_decref(bl);
	json_decref(over);
	json_decref(ol);
	return rc;
}

/* The raw value of `key` and where it was set, or NULL. */
static const char *prop(const struct bscan *b, const char *key, struct bwhere *w)
{
	json_t *v = json_object_get(b->props, key);

	if (!json_is_string(v))
		return NULL;
	*w = at(json_object_get(b->prop_overdoc, key) ? &b->prop_over : &b->prop_base,
		(int)json_integer_value(json_object_get(b->prop_lines, key)));
	return json_string_value(v);
}

/*
 * `key` with ${...} resolved into *out (caller frees; NULL when absent or
 * unresolvable, the latter a diagnostic). 0 or VC_ENOMEM.
 */
static int prop_resolved(char **out, struct bscan *b, const char *key, struct bwhere *w)
{
	const char *raw = prop(b, key, w);
	int rc;

	*out = NULL;
	if (!raw)
		return 0;
	rc = vc_properties_resolve(out, b->props, raw);
	if (rc == VC_ENOMEM)
		return rc;
	if (rc < 0)
		vc_diag_add(&b->ctx->diags, BBB, w->source, w->line, 0,
			    "%s: ${...} reference not resolved (%s), ignored", key,
			    vc_error_last());
	return 0;
}

/* A boolean property: 1/0, or -1 when absent or not a boolean (a diagnostic). */
static int prop_bool(struct bscan *b, const char *key, struct bwhere *w)
{
	const char *v = prop(b, key, w);
	int val;

	if (!v)
		return -1;
	if (vc_bool_parse(&val, v) < 0) {
		vc_diag_add(&b->ctx->diags, BBB, w->source, w->line, 0,
			    "%s: value is not a boolean, ignored", key);
		return -1;
	}
	return val;
}

/* 1 when the comma-separated `list` names `item` (trimmed, any case). */
static int list_has(const char *list, const char *item)
{
	size_t n = strlen(item), len;
	const char *p = list, *e;

	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		e = p;
		while (*e && *e != ',')
			e++;
		len = (size_t)(e - p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == n && !strncasecmp(p, item, n))
			return 1;
		p = e;
	}
	return 0;
}

/* ---- YAML with an override ---- */

/* Turn the lines of an override negative, so that merged lines tell the files apart. */
static int negate_lines(json_t *lines)
{
	const char *key;
	json_t *v;

	json_object_foreach(lines, key, v) {
		if (json_integer_set(v, -json_integer_value(v)) < 0)
			return VC_ENOMEM;
	}
	return 0;
}

/* Parse one YAML file; *doc is an object or NULL (absent or unusable). 0 or VC_ENOMEM. */
static int yaml_file(struct bscan *b, struct bsrc *s, const char *kind, const char *rel,
		     const char *keys, json_t **doc, json_t **lines)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	int rc, line = 0, col = 0;

	*doc = *lines = NULL;
	rc = read_src(b, s, &buf, kind, rel, keys);
	if (rc < 0)
		goto out;
	rc = vc_yaml_parse(doc, lines, buf.ptr ? buf.ptr : "", buf.size, &line, &col);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		broken(b, s, line, col, keys, "malformed YAML, file ignored",
		       problem_of(vc_error_last()));
		s->state = S_BROKEN;
		goto out;
	}
	if (json_is_null(*doc)) {
		/* an empty file sets nothing */
		json_decref(*doc);
		*doc = json_object();
		if (!*doc)
			rc = VC_ENOMEM;
	} else if (!json_is_object(*doc)) {
		broken(b, s, 1, 0, keys, "top level is not a mapping, file ignored", NULL);
		s->state = S_BROKEN;
		json_decref(*doc);
		json_decref(*lines);
		*doc = *lines = NULL;
	}
out:
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* A packaged YAML file with its override applied (§4.1). 0 or VC_ENOMEM. */
static int load_yaml(struct bscan *b, struct bsrc *bs, const char *brel, struct bsrc *os,
		     const char *orel, const char *kind, const char *keys, json_t **doc,
		     json_t **lines)
{
	json_t *base = NULL, *bl = NULL, *over = NULL, *ol = NULL;
	int rc;

	if ((rc = yaml_file(b, bs, kind, brel, keys, &base, &bl)) < 0 ||
	    (rc = yaml_file(b, os, kind, orel, keys, &over, &ol)) < 0)
		goto out;
	if (ol && (rc = negate_lines(ol)) < 0)
		goto out;
	if (base && over) {
		rc = vc_yaml_merge(base, bl, over, ol);
		if (rc == VC_ENOMEM)
			goto out;
		if (rc < 0)
			broken(b, os, 0, 0, keys, "override not applied",
			       problem_of(vc_error_last()));
	} else if (over) {
		base = over;
		bl = ol;
		over = ol = NULL;
	}
	*doc = base;
	*lines = bl;
	base = bl = NULL;
	rc = 0;
out:
	json_decref(base);
	json_decref(bl);
	json_decref(over);
	json_decref(ol);
	return rc;
}

/* The value at `path` of a merged YAML pair and where it was set, or NULL. */
static json_t *yget(json_t *doc, json_t *lines, const struct bsrc *bs, const struct bsrc *os,
		    const char *path, struct bwhere *w)
{
	json_t *v = vc_yaml_get(doc, path);
	json_int_t line;

	if (!v)
		return NULL;
	line = json_integer_value(json_object_get(lines, path));
	*w = line < 0 ? at(os, (int)-line) : at(bs, (int)line);
	return v;
}

static json_t *setting(struct bscan *b, const char *path, struct bwhere *w)
{
	return yget(b->settings, b->set_lines, &b->set_base, &b->set_over, path, w);
}

static json_t *recyml(struct bscan *b, const char *path, struct bwhere *w)
{
	return yget(b->rec, b->rec_lines, &b->rec_base, &b->rec_over, path, w);
}

/* A YAML boolean: 1/0, or -1 when absent or not a boolean (a diagnostic). */
static int setting_bool(struct bscan *b, const char *path, struct bwhere *w)
{
	json_t *v = setting(b, path, w);

	if (!v)
		return -1;
	if (!json_is_boolean(v)) {
		vc_diag_add(&b->ctx->diags, BBB, w->source, w->line, 0,
			    "%s: value is not a boolean, ignored", path);
		return -1;
	}
	return json_is_true(v);
}

/* ---- hosts ---- */

static char *lower_dup(const char *s, size_t n)
{
	char *d = vc_strndup(s, n);
	size_t i;

	for (i = 0; d && d[i]; i++)
		d[i] = (char)tolower((unsigned char)d[i]);
	return d;
}

static int host_ok(const char *h)
{
	size_t i;

	if (!*h)
		return 0;
	for (i = 0; h[i]; i++)
		if (!isalnum((unsigned char)h[i]) && !strchr(".-_:", h[i]))
			return 0;
	return 1;
}

/*
 * The host at p (lower case): "[v6]", or up to one of `stop`; NULL when it is
 * not a plausible host name or address.
 */
static char *host_at(const char *p, const char *stop)
{
	const char *e;
	char *h;

	if (*p == '[') {
		e = strchr(++p, ']');
		if (!e)
			return NULL;
	} else {
		e = p + strcspn(p, stop);
	}
	if (!(h = lower_dup(p, (size_t)(e - p))))
		return NULL;
	if (!host_ok(h)) {
		free(h);
		return NULL;
	}
	return h;
}

/* The host of "scheme://host[:port]/..." (lower case), NULL when none or relative. */
static char *url_host(const char *url)
{
	const char *p = strstr(url, "://");

	return p ? host_at(p + 3, ":/?#") : NULL;
}

/* The host of "stun:host:port", "turns:host?transport=tcp" or a bare host. */
static char *ice_host(const char *uri)
{
	const char *p = uri, *colon;

	while (isspace((unsigned char)*p))
		p++;
	colon = strchr(p, ':');
	if (colon && (!strncasecmp(p, "stun", 4) || !strncasecmp(p, "turn", 4)))
		p = colon + 1;
	while (*p == '/')
		p++;
	return host_at(p, ":/?# \t");
}

/* Loopback and private addresses (RFC 1918, IPv6 unique-local and link-local). */
static int private_address(const char *h)
{
	long n;
	char *end;

	if (!strcmp(h, "localhost") || !strcmp(h, "::1") || !strncmp(h, "127.", 4) ||
	    !strncmp(h, "10.", 3) || !strncmp(h, "192.168.", 8) || !strncmp(h, "fe80:", 5))
		return 1;
	if ((!strncmp(h, "fc", 2) || !strncmp(h, "fd", 2)) && strchr(h, ':'))
		return 1;
	if (!strncmp(h, "172.", 4)) {
		errno = 0;
		n = strtol(h + 4, &end, 10);
		return !errno && *end == '.' && n >= 16 && n <= 31;
	}
	return 0;
}

/* 1 when `host` is the server itself, in its domain, or a private address. */
static int own_host(const struct bscan *b, const char *host)
{
	const char *parent;
	size_t hl, pl;

	if (private_address(host))
		return 1;
	if (!b->server_host)
		return 0;
	if (!strcmp(host, b->server_host))
		return 1;
	parent = strchr(b->server_host, '.');
	if (!parent || !strchr(parent + 1, '.'))
		return 0;   /* "example.com" has no domain above it to share */
	parent++;
	hl = strlen(host);
	pl = strlen(parent);
	return !strcmp(host, parent) ||
	       (hl > pl && host[hl - pl - 1] == '.' && !strcmp(host + hl - pl, parent));
}

/* Append `s` to a list of strings unless it is there. 0 or VC_ENOMEM. */
static int add_unique(json_t *list, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (!strcmp(json_string_value(v), s))
			return 0;
	if (json_array_size(list) >= BBB_HOSTS_MAX)
		return 0;
	return json_array_append_new(list, json_string(s)) ? VC_ENOMEM : 0;
}

/* ---- STUN/TURN ---- */

struct stun {
	json_t *external;       /* hosts */
	struct bwhere first;    /* the first external one, else the file */
	int known;
};

/* Note one ICE server URI found at `w`. 0 or VC_ENOMEM. */
static int stun_add(struct bscan *b, struct stun *st, const char *uri, const struct bwhere *w)
{
	char *h = ice_host(uri);
	int rc = 0;

	if (!h) {
		vc_diag_add(&b->ctx->diags, BBB, w->source, w->line, 0,
			    "STUN/TURN server without a usable host, ignored");
		return 0;
	}
	if (!own_host(b, h)) {
		if (!json_array_size(st->external))
			st->first = *w;
		rc = add_unique(st->external, h);
	}
	free(h);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* Collect <ref bean="..."/> below `n` into `refs`. 0 or VC_ENOMEM. */
static int collect_refs(json_t *refs, xmlNodePtr n, int depth)
{
	xmlNodePtr c;
	xmlChar *id;
	int rc = 0;

	if (depth > 16)
		return 0;
	for (c = n->children; c && rc == 0; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrcmp(c->name, BAD_CAST "ref") && (id = xmlGetProp(c, BAD_CAST "bean"))) {
			if (json_object_set_new(refs, (const char *)id, json_true()))
				rc = VC_ENOMEM;
			xmlFree(id);
			continue;
		}
		rc = collect_refs(refs, c, depth + 1);
	}
	return rc;
}

/* The value of <constructor-arg index="idx" value="..."/> of a bean, with its line. */
static xmlChar *ctor_arg(xmlNodePtr bean, const char *idx, int *line)
{
	xmlNodePtr c;
	xmlChar *i, *v;

	for (c = bean->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, BAD_CAST "constructor-arg"))
			continue;
		i = xmlGetProp(c, BAD_CAST "index");
		if (i && !xmlStrcmp(i, BAD_CAST idx)) {
			xmlFree(i);
			v = xmlGetProp(c, BAD_CAST "value");
			*line = (int)xmlGetLineNo(c);
			return v;
		}
		xmlFree(i);
	}
	return NULL;
}

/* The line of the first "<!ENTITY" (any case), 0 if none. */
static int entity_line(const char *s, size_t n)
{
	size_t i;
	int line = 1;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			line++;
		else if (s[i] == '<' && n - i >= 8 && !strncasecmp(s + i, "<!ENTITY", 8))
			return line;
	}
	return 0;
}

/*
 * libxml2 goes on after a failed allocation (a text node dropped) and may
 * report another error last, or none: note every out-of-memory error.
 */
static void xml_oom_watch(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr p = ctx;

	if (e && e->code == XML_ERR_NO_MEMORY && p && p->_private)
		*(int *)p->_private = 1;
}

/* turn-stun-servers.xml: the override replaces the packaged file. 0 or VC_ENOMEM. */
static int read_stun(struct bscan *b, struct stun *st)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	xmlParserCtxtPtr pctx = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n;
	json_t *refs = NULL;
	int rc, line, use_refs = 0, oom = 0;

	rc = read_src(b, &b->stun, &buf, "bbb-turn-stun-servers", P_STUN_OVER, K_STUN);
	if (rc == VC_ENOTFOUND)
		rc = read_src(b, &b->stun, &buf, "bbb-turn-stun-servers", P_STUN, K_STUN);
	if (rc < 0)
		goto out;
	st->first = at(&b->stun, 0);
	if (buf.size && !vc_xml_ascii_compatible(buf.ptr, buf.size)) {
		broken(b, &b->stun, 1, 1, K_STUN, "not UTF-8 XML (UTF-16 or another encoding "
		       "whose entity declarations cannot be checked), file ignored", NULL);
		goto out;
	}
	if ((line = entity_line(buf.ptr ? buf.ptr : "", buf.size))) {
		broken(b, &b->stun, line, 0, K_STUN,
		       "entity declarations are refused, file ignored", NULL);
		goto out;
	}
	if (buf.size > INT_MAX) {
		broken(b, &b->stun, 0, 0, K_STUN, "file too large, ignored", NULL);
		goto out;
	}
	if (!(pctx = xmlNewParserCtxt()) || !(refs = json_object())) {
		rc = VC_ENOMEM;
		goto out;
	}
	pctx->_private = &oom;
	pctx->sax->serror = xml_oom_watch;
	/* no network, no entity substitution, no DTD loading; errors kept, not printed */
	doc = xmlCtxtReadMemory(pctx, buf.ptr ? buf.ptr : "", (int)buf.size, NULL, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	/* libxml2 stops at a failed allocation but may still hand back the part read */
	if (oom || pctx->errNo == XML_ERR_NO_MEMORY) {
		rc = VC_ENOMEM;
		goto out;
	}
	if (!doc) {
		const xmlError *xe = xmlCtxtGetLastError(pctx);
		char *msg = vc_strdup(xe && xe->message ? xe->message : "unknown error");
		size_t len = msg ? strlen(msg) : 0;

		while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
			msg[--len] = 0;
		broken(b, &b->stun, xe ? xe->line : 0, xe ? xe->int2 : 0, K_STUN,
		       "malformed XML, file ignored", msg ? msg : "out of memory");
		free(msg);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || xmlStrcmp(root->name, BAD_CAST "beans")) {
		broken(b, &b->stun, root ? (int)xmlGetLineNo(root) : 1, 0, K_STUN,
		       "not a Spring beans file (no <beans>), file ignored", NULL);
		goto out;
	}
	/* Only the servers the StunTurnService refers to are handed out. */
	for (n = root->children; n && rc == 0; n = n->next) {
		xmlChar *cls;

		if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "bean"))
			continue;
		cls = xmlGetProp(n, BAD_CAST "class");
		if (cls && ends_with((const char *)cls, "StunTurnService")) {
			use_refs = 1;
			rc = collect_refs(refs, n, 0);
		}
		xmlFree(cls);
	}
	for (n = root->children; n && rc == 0; n = n->next) {
		xmlChar *cls, *id, *uri = NULL;
		struct bwhere w;

		if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, BAD_CAST "bean"))
			continue;
		cls = xmlGetProp(n, BAD_CAST "class");
		id = xmlGetProp(n, BAD_CAST "id");
		line = (int)xmlGetLineNo(n);
		if (cls && (!use_refs || (id && json_object_get(refs, (const char *)id)))) {
			if (ends_with((const char *)cls, "StunServer"))
				uri = ctor_arg(n, "0", &line);
			else if (ends_with((const char *)cls, "TurnServer"))
				uri = ctor_arg(n, "1", &line);   /* index 0 is the secret */
		}
		if (uri) {
			w = at(&b->stun, line);
			rc = stun_add(b, st, (const char *)uri, &w);
		}
		xmlFree(uri);
		xmlFree(cls);
		xmlFree(id);
	}
	if (rc == 0)
		st->known = 1;
out:
	json_decref(refs);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* Kurento's own STUN server (§4.3). 0 or VC_ENOMEM. */
static int read_kurento(struct bscan *b, struct stun *st)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_ini ini = { 0 };
	const struct vc_ini_entry *e;
	struct bwhere w;
	int rc, line = 0;

	rc = read_src(b, &b->kurento, &buf, "kurento-webrtc", P_KURENTO, K_STUN);
	if (rc < 0)
		goto out;
	rc = vc_ini_parse(&ini, buf.ptr ? buf.ptr : "", buf.size, &line);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0) {
		broken(b, &b->kurento, line, 0, K_STUN, "malformed file, ignored",
		       problem_of(vc_error_last()));
		goto out;
	}
	e = vc_ini_get(&ini, NULL, "stunServerAddress");
	if (e && *e->value) {
		w = at(&b->kurento, e->line);
		rc = stun_add(b, st, e->value, &w);
	}
out:
	vc_ini_free(&ini);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- facts from the configuration ---- */

static int version_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > BBB_VERSION_MAX || !isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-+~", s[i]))
			return 0;
	return 1;
}

static int emit_version(struct bscan *b)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	json_t *doc = NULL, *lines = NULL, *v;
	struct bwhere w;
	char num[64];
	const char *s = NULL;
	int rc, line = 0;

	rc = read_src(b, &b->release, &buf, "bbb-release", P_RELEASE, K_VERSION);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc == 0) {
		rc = vc_envfile_parse(&doc, &lines, buf.ptr ? buf.ptr : "", buf.size, &line);
		if (rc < 0 && rc != VC_EPARSE && rc != VC_ENOMEM)
			broken(b, &b->release, line, 0, K_VERSION, "file ignored",
			       problem_of(vc_error_last()));
		if (rc == VC_ENOMEM)
			goto out;
		v = json_object_get(doc, "BIGBLUEBUTTON_RELEASE");
		if (json_is_string(v)) {
			s = json_string_value(v);
			w = at(&b->release, (int)json_integer_value(
				     json_object_get(lines, "BIGBLUEBUTTON_RELEASE")));
		}
	}
	if (!s && (v = recyml(b, "bbb_version", &w))) {
		if (json_is_string(v)) {
			s = json_string_value(v);
		} else if (json_is_number(v)) {
			/* an unquoted 2.7 is a YAML number */
			snprintf(num, sizeof(num), "%g", json_number_value(v));
			s = num;
		}
	}
	rc = 0;
	if (!s)
		goto out;
	if (!version_ok(s)) {
		vc_diag_add(&b->ctx->diags, BBB, w.source, w.line, 0,
			    "not a version number, ignored");
		goto out;
	}
	rc = put(b, "product.version", json_string(s), &w);
out:
	json_decref(doc);
	json_decref(lines);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* Wipe a string that held a secret, then free it. */
static void free_secret(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

static int emit_secret(struct bscan *b)
{
	char hex[VC_SHA256_HEX], *salt = NULL;
	struct bwhere w;
	const char *p;
	size_t n, i;
	int rc, public = 0;

	if ((rc = prop_resolved(&salt, b, "securitySalt", &w)) < 0 || !salt)
		return rc;
	for (p = salt; isspace((unsigned char)*p); p++)
		;
	n = strlen(p);
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (n) {
		vc_sha256_hex(hex, p, n);
		for (i = 0; i < sizeof(public_salts) / sizeof(public_salts[0]); i++)
			public |= !strcmp(hex, public_salts[i]);
		explicit_bzero(hex, sizeof(hex));
	}
	free_secret(salt);
	if ((rc = put(b, "secrets.api_secret_set", json_boolean(n > 0), &w)) < 0)
		return rc;
	if (n)
		rc = put(b, "secrets.api_secret_public", json_boolean(public), &w);
	return rc;
}

static int emit_recording(struct bscan *b)
{
	struct bwhere w, w2;
	int disable, autostart, v, rc;

	disable = prop_bool(b, "disableRecordingDefault", &w);
	if (disable >= 0 &&
	    (rc = put(b, "recording.cloud.allowed", json_boolean(!disable), &w)) < 0)
		return rc;
	autostart = prop_bool(b, "autoStartRecording", &w2);
	if (disable == 1)
		rc = put(b, "recording.auto", json_string("none"), &w);
	else if (disable == 0 && autostart >= 0)
		rc = put(b, "recording.auto", json_string(autostart ? "cloud" : "none"), &w2);
	else
		rc = 0;
	if (rc < 0)
		return rc;
	if ((v = prop_bool(b, "notifyRecordingIsOn", &w)) >= 0 &&
	    (rc = put(b, "recording.consent", json_string(v ? "notice" : "none"), &w)) < 0)
		return rc;
	v = prop_bool(b, "defaultKeepEvents", &w);
	if (v < 0 && !prop(b, "defaultKeepEvents", &w))
		v = prop_bool(b, "keepEvents", &w);   /* before 2.3 */
	if (v >= 0 && (rc = put(b, "recording.keep_events", json_boolean(v), &w)) < 0)
		return rc;
	return 0;
}

static int emit_access(struct bscan *b)
{
	struct bwhere w;
	const char *v = prop(b, "defaultGuestPolicy", &w);
	char pol[32];
	size_t n;
	int anon, lobby, rc;

	if (!v)
		return 0;
	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n >= sizeof(pol))
		n = sizeof(pol) - 1;
	memcpy(pol, v, n);
	pol[n] = 0;
	if (!strcmp(pol, "ALWAYS_ACCEPT")) {
		anon = 1;
		lobby = 0;
	} else if (!strcmp(pol, "ASK_MODERATOR")) {
		anon = 1;
		lobby = 1;
	} else if (!strcmp(pol, "ALWAYS_DENY")) {
		anon = 0;
		lobby = 0;
	} else {
		vc_diag_add(&b->ctx->diags, BBB, w.source, w.line, 0,
			    "defaultGuestPolicy: not ALWAYS_ACCEPT, ASK_MODERATOR or ALWAYS_DENY, "
			    "ignored");
		return 0;
	}
	if ((rc = put(b, "access.anonymous_join", json_boolean(anon), &w)) < 0)
		return rc;
	return put(b, "access.lobby", json_boolean(lobby), &w);
}

/*
 * `fact`: false when disabledFeatures (feat, set at wf) lists `feature`, else
 * the HTML5 setting at `path` when it is a boolean; otherwise not set.
 */
static int feature_fact(struct bscan *b, const char *feat, const struct bwhere *wf,
			const char *feature, const char *path, const char *fact)
{
	struct bwhere w;
	int v;

	if (feat && list_has(feat, feature))
		return put(b, fact, json_false(), wf);
	if ((v = setting_bool(b, path, &w)) >= 0)
		return put(b, fact, json_boolean(v), &w);
	return 0;
}

/* Facts that disabledFeatures can switch off, and the HTML5 settings behind them. */
static int emit_features(struct bscan *b)
{
	struct bwhere wf = { NULL, NULL, 0 }, w;
	const char *feat = prop(b, "disabledFeatures", &wf);
	json_t *prov;
	int v, rc;

	/* learning dashboard: the legacy switch, else on unless disabledFeatures says so */
	rc = 0;
	if (feat && list_has(feat, "learningDashboard"))
		rc = put(b, "reports.attendance", json_false(), &wf);
	else if ((v = prop_bool(b, "learningDashboardEnabled", &w)) >= 0)
		rc = put(b, "reports.attendance", json_boolean(v), &w);
	else if (feat && !prop(b, "learningDashboardEnabled", &w))
		rc = put(b, "reports.attendance", json_true(), &wf);
	if (rc < 0)
		return rc;

	/* automatic transcription in the browser (audio captions) */
	rc = feature_fact(b, feat, &wf, "liveTranscription", "public.app.audioCaptions.enabled",
			  "recording.transcription");
	if (rc < 0)
		return rc;
	prov = setting(b, "public.app.audioCaptions.provider", &w);
	if (json_is_string(prov) &&
	    (rc = put(b, "recording.transcription_provider", json_copy(prov), &w)) < 0)
		return rc;

	/* saving the public chat to the participant's device */
	return feature_fact(b, feat, &wf, "chat", "public.chat.enableSaveAndCopyPublicChat",
			    "chat.save_local");
}

static int emit_transport(struct bscan *b)
{
	struct bwhere w, wp;
	char *url = NULL;
	json_t *proto;
	int rc;

	if ((rc = prop_resolved(&url, b, "bigbluebutton.web.serverURL", &w)) < 0)
		return rc;
	if (url) {
		free(b->server_host);
		b->server_host = url_host(url);
	}
	proto = recyml(b, "playback_protocol", &wp);
	if (proto && !json_is_string(proto))
		proto = NULL;
	if (!url) {
		rc = 0;
	} else if (strncasecmp(url, "https://", 8)) {
		rc = put(b, "encryption.transport_required", json_false(), &w);
	} else if (proto && strcasecmp(json_string_value(proto), "https")) {
		rc = put(b, "encryption.transport_required", json_false(), &wp);
	} else {
		rc = put(b, "encryption.transport_required", json_true(), &w);
	}
	free(url);
	return rc;
}

static int emit_telemetry(struct bscan *b)
{
	struct stun st = { json_array(), { NULL, NULL, 0 }, 0 };
	json_t *third = json_array(), *logext = json_array(), *v;
	struct bwhere w, wl = { NULL, NULL, 0 }, wt = { NULL, NULL, 0 };
	const struct vc_fact *tr;
	const char *feat;
	char *h = NULL, *item = NULL;
	size_t i;
	int rc = VC_ENOMEM, on, settings_known = b->settings != NULL;

	if (!st.external || !third || !logext)
		goto out;
	if ((rc = read_stun(b, &st)) < 0 || (rc = read_kurento(b, &st)) < 0)
		goto out;
	v = setting(b, "public.media.fallbackStunServer", &w);
	if (json_is_string(v) && *json_string_value(v) &&
	    (rc = stun_add(b, &st, json_string_value(v), &w)) < 0)
		goto out;
	if (st.known && (rc = put(b, "telemetry.stun_external", json_copy(st.external),
				  &st.first)) < 0)
		goto out;
	json_array_foreach(st.external, i, v) {
		free(item);
		if (!(item = vc_asprintf("stun:%s", json_string_value(v))) ||
		    add_unique(third, item) < 0) {
			rc = VC_ENOMEM;
			goto out;
		}
		if (!wt.source)
			wt = st.first;
	}

	/* client logs posted to an external URL */
	on = setting_bool(b, "public.clientLog.external.enabled", &wl);
	if (on == 1) {
		v = setting(b, "public.clientLog.external.url", &w);
		h = json_is_string(v) ? url_host(json_string_value(v)) : NULL;
		if (h && !own_host(b, h)) {
			free(item);
			if ((rc = add_unique(logext, h)) < 0 ||
			    !(item = vc_asprintf("client-log:%s", h)) ||
			    add_unique(third, item) < 0) {
				rc = VC_ENOMEM;
				goto out;
			}
			if (!wt.source)
				wt = w;
			wl = w;
		}
	}
	if (on >= 0 && (rc = put(b, "telemetry.client_log_external", json_copy(logext),
				 &wl)) < 0)
		goto out;
	/* transcription through the browser's speech service (emit_features decided it) */
	tr = vc_fact_find(&b->ctx->facts, BBB, SCOPE, "recording.transcription");
	if (tr && json_is_true(tr->value)) {
		v = setting(b, "public.app.audioCaptions.provider", &w);
		if (!v || (json_is_string(v) && !strcmp(json_string_value(v), "webspeech"))) {
			if (add_unique(third, "speech:webspeech") < 0) {
				rc = VC_ENOMEM;
				goto out;
			}
			if (!wt.source) {
				wt.source = tr->source;
				wt.sha = tr->sha256;
				wt.line = tr->line;
			}
		}
	}
	feat = prop(b, "disabledFeatures", &w);
	if ((!feat || !list_has(feat, "externalVideos")) &&
	    setting_bool(b, "public.externalVideoPlayer.enabled", &w) == 1) {
		if (add_unique(third, "external-video") < 0) {
			rc = VC_ENOMEM;
			goto out;
		}
		if (!wt.source)
			wt = w;
	}
	rc = 0;
	if (st.known && settings_known) {
		if (!wt.source)
			wt = at(&b->stun, 0);
		rc = put(b, "telemetry.thirdparty", json_copy(third), &wt);
	}
out:
	free(h);
	free(item);
	json_decref(st.external);
	json_decref(third);
	json_decref(logext);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- retention (§4.6) ---- */

/* A number of days: 0 and *days set, or -1 (a diagnostic). */
static int parse_days(struct bscan *b, const char *name, const char *v, const struct bwhere *w,
		      long long *days)
{
	char *end;
	long long n;

	while (isspace((unsigned char)*v))
		v++;
	errno = 0;
	n = strtoll(v, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (errno || end == v || *end || n < 0 || n > BBB_DAYS_MAX) {
		vc_diag_add(&b->ctx->diags, BBB, w->source, w->line, 0,
			    "%s: not a whole number of days, ignored", name);
		vc_scan_error_keys(b->ctx, BBB, SCOPE, w->source, K_CRON);
		return -1;
	}
	*days = n;
	return 0;
}

/*
 * The line of a call of `name` standing alone on a line; *active = 1 when
 * not commented out. An active call wins over a commented one. 0 if none.
 */
static int find_call(const char *text, size_t len, const char *name, int *active)
{
	size_t n = strlen(name), i = 0;
	int line = 1, found = 0;

	*active = 0;
	while (i < len) {
		const char *p = text + i, *eol = memchr(p, '\n', len - i);
		size_t l = eol ? (size_t)(eol - p) : len - i;
		int commented = 0;
		size_t k = 0;

		while (k < l && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < l && p[k] == '#') {
			commented = 1;
			while (k < l && (p[k] == '#' || p[k] == ' ' || p[k] == '\t'))
				k++;
		}
		if (l - k >= n && !memcmp(p + k, name, n)) {
			size_t r = k + n;

			while (r < l && strchr(" \t\r;", p[r]))
				r++;
			if (r == l) {
				if (!commented) {
					*active = 1;
					return line;
				}
				if (!found)
					found = line;
			}
		}
		i += l + 1;
		line++;
	}
	return found;
}

/* The first line at the top level of the script that is a bare "exit" or "exit 0", else 0. */
static int top_exit(const char *text, size_t len)
{
	size_t i = 0;
	int line = 1;

	while (i < len) {
		const char *p = text + i, *eol = memchr(p, '\n', len - i);
		size_t l = eol ? (size_t)(eol - p) : len - i, k = 4;

		if (l >= 4 && !memcmp(p, "exit", 4)) {
			while (k < l && (p[k] == ' ' || p[k] == '\t'))
				k++;
			if (k < l && p[k] == '0')
				k++;
			while (k < l && strchr(" \t\r;", p[k]))
				k++;
			if (k == l || p[k] == '#')
				return line;
		}
		i += l + 1;
		line++;
	}
	return 0;
}

/* 1 when an uncommented line of the script mentions `what`. */
static int mentions(const char *text, size_t len, const char *what)
{
	size_t i = 0, n = strlen(what);

	while (i < len) {
		const char *p = text + i, *eol = memchr(p, '\n', len - i);
		size_t l = eol ? (size_t)(eol - p) : len - i, k = 0;

		while (k < l && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < l && p[k] != '#' && memmem(p + k, l - k, what, n))
			return 1;
		i += l + 1;
	}
	return 0;
}

/* Shell variables of a script (lines that are not assignments are skipped). */
static int script_vars(struct bscan *b, struct bsrc *s, const struct vc_buf *buf, json_t **doc,
		       json_t **lines, int strict)
{
	int rc, line = 0;

	rc = vc_envfile_parse(doc, lines, buf->ptr ? buf->ptr : "", buf->size, &line);
	if (rc == VC_ENOMEM)
		return rc;
	if (rc == VC_EPARSE && strict)
		broken(b, s, line, 0, K_CRON, "not a variable assignment, line ignored",
		       problem_of(vc_error_last()));
	else if (rc < 0 && rc != VC_EPARSE)
		broken(b, s, line, 0, K_CRON, "file ignored", problem_of(vc_error_last()));
	return 0;
}

struct cronvar {
	const char *name;       /* the variable */
	const char *call;       /* the function that uses it */
	const char *fact;
};

static const struct cronvar cronvars[] = {
	{ "published_days", "remove_raw_of_published_recordings", "recording.raw_retention_days" },
	{ "unrecorded_days", "remove_raw_of_recordings_without_marks",
	  "recording.unrecorded_retention_days" },
};

static int emit_cron(struct bscan *b)
{
	struct vc_buf buf = VC_BUF_INIT(0), cbuf = VC_BUF_INIT(0);
	json_t *sv = NULL, *sl = NULL, *cv = NULL, *cl = NULL, *v;
	struct bwhere w;
	long long days;
	size_t i;
	int rc, crc, sourced = 0, line, active, stop;

	rc = read_src(b, &b->cron, &buf, "bbb-cron", P_CRON, K_CRON);
	crc = read_src(b, &b->cron_conf, &cbuf, "bbb-cron-config", P_CRON_CONF, K_CRON);
	if (rc == VC_ENOMEM || crc == VC_ENOMEM) {
		rc = VC_ENOMEM;
		goto out;
	}
	if (rc == 0 && (rc = script_vars(b, &b->cron, &buf, &sv, &sl, 0)) < 0)
		goto out;
	if (b->cron.state == S_OK)
		sourced = mentions(buf.ptr ? buf.ptr : "", buf.size, "bigbluebutton-cron-config");
	if (crc == 0) {
		if ((rc = script_vars(b, &b->cron_conf, &cbuf, &cv, &cl, 1)) < 0)
			goto out;
		if (b->cron.state == S_OK && !sourced)
			vc_diag_add(&b->ctx->diags, BBB, b->cron_conf.display, 0, 0,
				    "not read by %s (no line sources it): its values are ignored",
				    P_CRON);
		else if (b->cron.state == S_ABSENT)
			vc_diag_add(&b->ctx->diags, BBB, b->cron_conf.display, 0, 0,
				    "no %s reads it: its values are ignored", P_CRON);
	}
	rc = 0;
	if (b->cron.state != S_OK)
		goto out;
	/* an "exit 0" above the calls (as old releases shipped it) disables them */
	stop = top_exit(buf.ptr ? buf.ptr : "", buf.size);
	for (i = 0; i < sizeof(cronvars) / sizeof(cronvars[0]); i++) {
		const struct cronvar *c = &cronvars[i];

		line = find_call(buf.ptr ? buf.ptr : "", buf.size, c->call, &active);
		if (active && stop && stop < line) {
			active = 0;
			line = stop;
		}
		if (!active) {
			w = at(&b->cron, line);
			rc = put(b, c->fact, json_integer(-1), &w);
		} else {
			if (sourced && json_is_string(v = json_object_get(cv, c->name))) {
				w = at(&b->cron_conf, (int)json_integer_value(
					       json_object_get(cl, c->name)));
			} else if (json_is_string(v = json_object_get(sv, c->name))) {
				w = at(&b->cron, (int)json_integer_value(
					       json_object_get(sl, c->name)));
			} else {
				w = at(&b->cron, line);
				vc_diag_add(&b->ctx->diags, BBB, w.source, w.line, 0,
					    "%s is called but %s is not set", c->call, c->name);
				continue;
			}
			if (parse_days(b, c->name, json_string_value(v), &w, &days) < 0)
				continue;
			rc = put(b, c->fact, json_integer(days), &w);
		}
		if (rc < 0)
			goto out;
	}
out:
	json_decref(sv);
	json_decref(sl);
	json_decref(cv);
	json_decref(cl);
	vc_buf_free(&buf);
	vc_buf_free(&cbuf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* recording.retention_days: the documented cleanup of published recordings. */
static int emit_cleanup(struct bscan *b)
{
	static const char *const scripts[] = {
		"/etc/cron.daily/bbb-recording-cleanup",
		"/etc/cron.daily/delete-old-recordings",     /* older docs */
	};
	struct vc_buf buf = VC_BUF_INIT(0);
	json_t *doc = NULL, *lines = NULL, *v;
	enum vc_ftype type;
	struct bwhere w;
	long long days;
	size_t i;
	int rc = VC_ENOTFOUND;

	for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]) && rc == VC_ENOTFOUND; i++)
		rc = read_src(b, &b->cleanup, &buf, "bbb-recording-cleanup", scripts[i], K_CRON);
	if (rc == VC_ENOTFOUND) {
		struct bsrc dir = { NULL, "", 0 };

		rc = 0;
		if (!exists(b->ctx, P_CRON_DIR, &type) || type != VC_FT_DIR)
			goto out;
		if (!(dir.display = vc_scan_display(b->ctx, P_CRON_DIR))) {
			rc = VC_ENOMEM;
			goto out;
		}
		w = at(&dir, 0);
		rc = put(b, "recording.retention_days", json_integer(-1), &w);
		free(dir.display);
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((rc = script_vars(b, &b->cleanup, &buf, &doc, &lines, 0)) < 0)
		goto out;
	v = json_object_get(doc, "MAXAGE");
	if (!json_is_string(v)) {
		broken(b, &b->cleanup, 0, 0, K_CRON, "no MAXAGE: how long recordings are kept "
		       "is unknown", NULL);
		goto out;
	}
	w = at(&b->cleanup, (int)json_integer_value(json_object_get(lines, "MAXAGE")));
	if (parse_days(b, "MAXAGE", json_string_value(v), &w, &days) == 0)
		rc = put(b, "recording.retention_days", json_integer(days), &w);
out:
	json_decref(doc);
	json_decref(lines);
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- recordings on disk (§4.5) ---- */

/* Length of a BigBlueButton id ("<40 hex>-<10+ digits>") at the start of `s`, else 0. */
static size_t id_len(const char *s)
{
	size_t i;

	for (i = 0; i < 40; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	if (s[40] != '-')
		return 0;
	for (i = 41; isdigit((unsigned char)s[i]); i++)
		;
	return i - 41 >= 10 ? i : 0;
}

static void tot_add(struct tot *t, uint64_t bytes, int64_t mtime)
{
	t->bytes += bytes;
	t->files++;
	if (!t->any || mtime > t->newest)
		t->newest = mtime;
	t->any = 1;
}

/* Sum the regular files below the directory `fd` (closed here); links are not followed. */
static void walk_sum(struct bscan *b, int fd, int depth, struct tot *t)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	struct stat st;
	int sub;

	if (!d) {
		close(fd);
		b->unreadable++;
		return;
	}
	while (!b->stopped) {
		errno = 0;
		if (!(de = readdir(d))) {
			if (errno)
				b->unreadable++;
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (++b->entries > b->budget) {
			b->stopped = 1;
			break;
		}
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			b->unreadable++;
			continue;
		}
		if (S_ISREG(st.st_mode)) {
			tot_add(t, st.st_size > 0 ? (uint64_t)st.st_size : 0, (int64_t)st.st_mtime);
		} else if (S_ISDIR(st.st_mode)) {
			if (depth >= BBB_WALK_DEPTH) {
				b->too_deep++;
				continue;
			}
			sub = openat(dirfd(d), de->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				b->unreadable++;
				continue;
			}
			walk_sum(b, sub, depth + 1, t);
		}
	}
	closedir(d);
}

static int64_t age_days(const struct bscan *b, int64_t mtime)
{
	int64_t now = (int64_t)b->ctx->now;

	return now > mtime ? (now - mtime) / BBB_DAY : 0;
}

/* One artifacts.recordings entry. 0 or VC_ENOMEM. */
static int add_entry(struct bscan *b, const char *kind, const char *format, const char *shown,
		     const char *real, const char *id, const struct tot *t)
{
	struct vc_scan_ctx *ctx = b->ctx;
	const struct vc_sync_folder *sf = vc_scan_sync_for(ctx, real);
	const char *how = NULL;
	char *disp = vc_scan_display(ctx, shown);
	int enc, converted;
	json_t *o = NULL;

	if (!disp)
		return VC_ENOMEM;
	converted = !strcmp(kind, "published") || !strcmp(kind, "unpublished") ||
		    !strcmp(kind, "deleted") || json_object_get(b->converted, id);
	o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:b, s:s}", "product", BBB, "path", disp,
		      "kind", kind,
		      "bytes", (json_int_t)(t->bytes > INT64_MAX ? INT64_MAX : t->bytes),
		      "files", (json_int_t)t->files, "age_days", (json_int_t)age_days(b, t->newest),
		      "converted", converted,
		      "cloud_sync", sf && sf->provider ? sf->provider : "none");
	free(disp);
	if (!o)
		return VC_ENOMEM;
	if (format && json_object_set_new(o, "format", json_string(format)))
		goto oom;
	enc = vc_scan_encrypted(ctx, real, &how);
	if (enc >= 0 && json_object_set_new(o, "encrypted", json_boolean(enc)))
		goto oom;
	if (json_array_size(b->recordings) >= BBB_IDS_MAX * 4) {
		if (!b->truncated)
			vc_diag_add(&ctx->diags, BBB, NULL, 0, 0,
				    "more than %d recordings, list truncated", BBB_IDS_MAX * 4);
		b->truncated = 1;
		json_decref(o);
		return 0;
	}
	if (json_array_append_new(b->recordings, o))
		return VC_ENOMEM;
	if (converted && json_object_set_new(b->converted, id, json_true()))
		return VC_ENOMEM;
	return 0;
oom:
	json_decref(o);
	return VC_ENOMEM;
}

struct group {
	char *id;
	struct tot t;
};

/*
 * One folder of recordings: every id folder is an entry, loose files are
 * grouped by the id their names start with. `dir` as configured, `real`
 * its canonical path. 0 or VC_ENOMEM.
 */
static int scan_level(struct bscan *b, const char *kind, const char *format, const char *dir,
		      const char *real)
{
	struct vc_names names = { 0 };
	struct group *g = NULL;
	size_t i, ng = 0, n;
	char *path = NULL, *rpath = NULL, *shown = NULL;
	int rc, fd;

	rc = vc_scan_list(&names, b->ctx, BBB, dir, BBB_IDS_MAX);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0 && rc != VC_ENOTFOUND)
		b->unreadable++;
	rc = 0;
	if (names.n >= BBB_IDS_MAX)
		b->truncated = 1;
	if (names.n && !(g = calloc(names.n, sizeof(*g)))) {
		rc = VC_ENOMEM;
		goto out;
	}
	for (i = 0; i < names.n && !b->stopped; i++) {
		struct vc_stat st = { 0 };
		struct tot t = { 0 };

		if (!(n = id_len(names.v[i])))
			continue;
		free(path);
		free(rpath);
		path = vc_path_join(dir, names.v[i]);
		rpath = vc_path_join(real, names.v[i]);
		if (!path || !rpath) {
			rc = VC_ENOMEM;
			goto out;
		}
		if (vc_root_stat(&st, &b->ctx->root, path) < 0) {
			b->unreadable++;
			continue;
		}
		if (st.type == VC_FT_FILE) {
			/* audio1.opus next to audio2.opus of one meeting: one entry */
			if (ng && !strncmp(g[ng - 1].id, names.v[i], n) && !g[ng - 1].id[n]) {
				tot_add(&g[ng - 1].t, st.bytes, st.mtime);
			} else if (!(g[ng].id = vc_strndup(names.v[i], n))) {
				free(st.resolved);
				rc = VC_ENOMEM;
				goto out;
			} else {
				tot_add(&g[ng++].t, st.bytes, st.mtime);
			}
		} else if (st.type == VC_FT_DIR) {
			fd = vc_root_opendir_fd(&b->ctx->root, path);
			if (fd < 0) {
				b->unreadable++;
			} else {
				walk_sum(b, fd, 1, &t);
				if (!t.any)
					t.newest = st.mtime;
				rc = add_entry(b, kind, format, path,
					       st.resolved ? st.resolved : rpath, names.v[i], &t);
			}
		}
		free(st.resolved);
		if (rc < 0)
			goto out;
	}
	for (i = 0; i < ng; i++) {
		free(shown);
		free(rpath);
		shown = vc_asprintf("%s/%s*", dir, g[i].id);
		rpath = vc_path_join(real, g[i].id);
		if (!shown || !rpath) {
			rc = VC_ENOMEM;
			goto out;
		}
		if ((rc = add_entry(b, kind, format, shown, rpath, g[i].id, &g[i].t)) < 0)
			goto out;
	}
out:
	for (i = 0; g && i < names.n; i++)
		free(g[i].id);
	free(g);
	free(path);
	free(rpath);
	free(shown);
	vc_names_free(&names);
	return rc;
}

/* A store folder; with `formats`, recordings sit one level down (<format>/<id>). */
static int scan_store(struct bscan *b, const char *kind, const char *dir, int formats)
{
	struct vc_names names = { 0 };
	struct vc_stat st = { 0 };
	char *sub = NULL, *rsub = NULL, *disp;
	size_t i;
	int rc;

	rc = vc_root_stat(&st, &b->ctx->root, dir);
	if (rc == VC_ENOTFOUND || (rc == 0 && st.type != VC_FT_DIR)) {
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		if (rc == VC_ENOMEM)
			goto out;
		if (!(disp = vc_scan_display(b->ctx, dir))) {
			rc = VC_ENOMEM;
			goto out;
		}
		vc_diag_add(&b->ctx->diags, BBB, disp, 0, 0, "recording folder not searched: %s",
			    vc_error_problem());
		vc_scan_error_keys(b->ctx, BBB, SCOPE, disp, K_STORES);
		free(disp);
		rc = 0;
		goto out;
	}
	if (!formats) {
		rc = scan_level(b, kind, NULL, dir, st.resolved);
		goto out;
	}
	rc = vc_scan_list(&names, b->ctx, BBB, dir, BBB_IDS_MAX);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0)
		b->unreadable++;
	rc = 0;
	for (i = 0; i < names.n && rc == 0; i++) {
		if (id_len(names.v[i]) || names.v[i][0] == '.')
			continue;
		free(sub);
		free(rsub);
		sub = vc_path_join(dir, names.v[i]);
		rsub = vc_path_join(st.resolved, names.v[i]);
		if (!sub || !rsub) {
			rc = VC_ENOMEM;
			break;
		}
		rc = scan_level(b, kind, names.v[i], sub, rsub);
	}
out:
	free(sub);
	free(rsub);
	free(st.resolved);
	vc_names_free(&names);
	return rc;
}

/* Where the recordings of each kind are (§4.4, §4.5). */
struct store_def {
	const char *kind;
	const char *prop_key;   /* bigbluebutton.properties key naming the folder */
	const char *yml_key;    /* bigbluebutton.yml key naming the folder */
	const char *def;        /* the default folder */
	const char *sub;        /* below it */
	int formats;
};

/* Published, unpublished and deleted first: the others ask whether they exist. */
static const struct store_def stores[] = {
	{ "published", "publishedDir", "published_dir", "/var/bigbluebutton/published", NULL, 1 },
	{ "unpublished", "unpublishedDir", NULL, "/var/bigbluebutton/unpublished", NULL, 1 },
	{ "deleted", NULL, NULL, "/var/bigbluebutton/deleted", NULL, 1 },
	{ "raw", NULL, "recording_dir", "/var/bigbluebutton/recording", "raw", 0 },
	{ "processing", NULL, "recording_dir", "/var/bigbluebutton/recording", "process", 1 },
	{ "processing", NULL, "recording_dir", "/var/bigbluebutton/recording", "publish", 1 },
	{ "events", NULL, "events_dir", "/var/bigbluebutton/events", NULL, 0 },
	{ "captions", "captionsDir", "captions_dir", "/var/bigbluebutton/captions", NULL, 0 },
	{ "slides", "presentationDir", "raw_presentation_src", "/var/bigbluebutton", NULL, 0 },
	{ "audio", NULL, "raw_audio_src", "/var/freeswitch/meetings", NULL, 0 },
	{ "screenshare", NULL, "raw_deskshare_src", "/var/bigbluebutton/deskshare", NULL, 0 },
	{ "video", NULL, "mediasoup_video_src", "/var/mediasoup/recordings", NULL, 0 },
	{ "screenshare", NULL, "mediasoup_screenshare_src", "/var/mediasoup/screenshare", NULL,
	  0 },
	{ "video", NULL, "webrtc_recorder_video_src", "/var/lib/bbb-webrtc-recorder/recordings",
	  NULL, 0 },
	{ "screenshare", NULL, "webrtc_recorder_screenshare_src",
	  "/var/lib/bbb-webrtc-recorder/screenshare", NULL, 0 },
	{ "audio", NULL, "webrtc_recorder_audio_src", "/var/lib/bbb-webrtc-recorder/audio", NULL,
	  0 },
	{ "video", NULL, "kurento_video_src", "/var/kurento/recordings", NULL, 0 },
	{ "screenshare", NULL, "kurento_screenshare_src", "/var/kurento/screenshare", NULL, 0 },
};

/* An absolute folder named by a configuration value, or NULL (a diagnostic). */
static char *folder_value(struct bscan *b, const char *v, const struct bwhere *w,
			  const char *key)
{
	size_t n;

	while (isspace((unsigned char)*v))
		v++;
	n = strlen(v);
	while (n > 1 && (isspace((unsigned char)v[n - 1]) || v[n - 1] == '/'))
		n--;
	if (v[0] != '/' || n >= VC_ROOT_MAX_PATH) {
		vc_diag_add(&b->ctx->diags, BBB, w->source, w->line, 0,
			    "%s: not an absolute path, ignored", key);
		return NULL;
	}
	return vc_strndup(v, n);
}

/* The folders configured for a store (up to two: bbb-web's and the scripts'). */
static int store_dirs(struct bscan *b, const struct store_def *s, char *dirs[2],
		      struct bwhere *w)
{
	struct bwhere wy;
	char *v = NULL;
	json_t *y;
	int rc;

	dirs[0] = dirs[1] = NULL;
	w->source = "default";
	w->sha = NULL;
	w->line = 0;
	if (s->prop_key) {
		if ((rc = prop_resolved(&v, b, s->prop_key, w)) < 0)
			return rc;
		if (v) {
			dirs[0] = folder_value(b, v, w, s->prop_key);
			free(v);
		}
	}
	if (s->yml_key && (y = recyml(b, s->yml_key, &wy)) && json_is_string(y)) {
		char *d = folder_value(b, json_string_value(y), &wy, s->yml_key);

		if (d && dirs[0] && !strcmp(d, dirs[0]))
			free(d);
		else if (d && dirs[0])
			dirs[1] = d;
		else if (d) {
			dirs[0] = d;
			*w = wy;
		}
	}
	if (!dirs[0] && !(dirs[0] = vc_strdup(s->def)))
		return VC_ENOMEM;
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const char *pa = json_string_value(json_object_get(*(json_t *const *)a, "path"));
	const char *pb = json_string_value(json_object_get(*(json_t *const *)b, "path"));
	int c = strcmp(pa ? pa : "", pb ? pb : "");

	if (c)
		return c;
	pa = json_string_value(json_object_get(*(json_t *const *)a, "kind"));
	pb = json_string_value(json_object_get(*(json_t *const *)b, "kind"));
	return strcmp(pa ? pa : "", pb ? pb : "");
}

/* recording.server.path and artifacts.recordings. 0 or VC_ENOMEM. */
static int emit_stores(struct bscan *b)
{
	struct vc_scan_ctx *ctx = b->ctx;
	char *dirs[2] = { NULL, NULL }, *full = NULL, *disp = NULL, *canon = NULL;
	json_t **v = NULL, *sorted = NULL;
	struct bwhere w, wpub = { NULL, NULL, 0 };
	struct vc_stat st = { 0 };
	size_t i, j, n;
	int rc = 0;

	b->budget = ctx->deep ? BBB_WALK_BUDGET * 10 : BBB_WALK_BUDGET;
	if (!(b->converted = json_object()) || !(b->recordings = json_array()))
		return VC_ENOMEM;
	for (i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
		if ((rc = store_dirs(b, &stores[i], dirs, &w)) < 0)
			goto out;
		if (i == 0) {
			/* recording.server.path: where playback is served from */
			wpub = w;
			rc = vc_root_stat(&st, &ctx->root, dirs[0]);
			canon = rc == 0 && st.resolved ? st.resolved : vc_strdup(dirs[0]);
			if (rc == 0 && st.resolved)
				st.resolved = NULL;
			disp = vc_scan_display(ctx, dirs[0]);
			if (!canon || !disp) {
				rc = VC_ENOMEM;
				goto out;
			}
			rc = vc_fact_add_path(&ctx->facts, BBB, SCOPE, "recording.server.path",
					      json_string(disp), &(struct vc_prov){ wpub.source,
					      wpub.sha, wpub.line }, canon);
			if (rc == VC_ENOMEM)
				goto out;
		}
		for (j = 0; j < 2 && !b->stopped; j++) {
			if (!dirs[j])
				continue;
			free(full);
			full = stores[i].sub ? vc_path_join(dirs[j], stores[i].sub) :
			       vc_strdup(dirs[j]);
			if (!full) {
				rc = VC_ENOMEM;
				goto out;
			}
			if ((rc = scan_store(b, stores[i].kind, full, stores[i].formats)) < 0)
				goto out;
		}
		free(dirs[0]);
		free(dirs[1]);
		dirs[0] = dirs[1] = NULL;
	}
	if (b->stopped)
		vc_diag_add(&ctx->diags, BBB, disp, 0, 0,
			    "search for recordings stopped after %lu entries (limit)%s; "
			    "recordings may be missing", b->budget,
			    ctx->deep ? "" : ", --deep raises it");
	if (b->unreadable)
		vc_diag_add(&ctx->diags, BBB, disp, 0, 0,
			    "%lu files or folders could not be read while searching for recordings",
			    b->unreadable);
	if (b->too_deep)
		vc_diag_add(&ctx->diags, BBB, disp, 0, 0,
			    "%lu folders deeper than %d levels below a recording not searched",
			    b->too_deep, BBB_WALK_DEPTH);
	if (b->stopped || b->unreadable || b->too_deep || b->truncated)
		vc_scan_error_keys(ctx, BBB, SCOPE, disp, K_STORES);

	/* sorted by path, so that reports do not depend on directory order */
	n = json_array_size(b->recordings);
	if (n && !(v = malloc(n * sizeof(*v)))) {
		rc = VC_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		v[i] = json_array_get(b->recordings, i);
	if (n > 1)
		qsort(v, n, sizeof(*v), entry_cmp);
	if (!(sorted = json_array())) {
		rc = VC_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (json_array_append(sorted, v[i])) {
			rc = VC_ENOMEM;
			goto out;
		}
	w.source = disp;
	w.sha = NULL;
	w.line = 0;
	rc = put(b, "artifacts.recordings", sorted, &w);
	sorted = NULL;
out:
	json_decref(sorted);
	free(v);
	free(dirs[0]);
	free(dirs[1]);
	free(full);
	free(disp);
	free(canon);
	free(st.resolved);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- the scanner ---- */

/* Evidence that BigBlueButton is (or was) installed: the first source or folder found. */
static int installed_evidence(struct bscan *b, char **out)
{
	static const char *const dirs[] = {
		"/etc/bigbluebutton", "/usr/share/bbb-web", "/usr/local/bigbluebutton",
		"/usr/share/bigbluebutton", "/var/bigbluebutton",
	};
	const struct bsrc *srcs[] = { &b->prop_over, &b->prop_base, &b->set_over, &b->set_base,
				      &b->rec_over, &b->rec_base };
	enum vc_ftype type;
	size_t i;

	*out = NULL;
	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++)
		if (srcs[i]->display)
			return (*out = vc_strdup(srcs[i]->display)) ? 0 : VC_ENOMEM;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (exists(b->ctx, dirs[i], &type) && type == VC_FT_DIR)
			return (*out = vc_scan_display(b->ctx, dirs[i])) ? 0 : VC_ENOMEM;
	return 0;
}

static int bbb_server_scan(struct vc_scan_ctx *ctx)
{
	struct bscan b;
	struct bwhere w = { NULL, NULL, 0 };
	char *evidence = NULL;
	const char *settings = P_SETTINGS_30;
	int rc;

	memset(&b, 0, sizeof(b));
	b.ctx = ctx;
	xmlInitParser();
	if ((rc = load_props(&b)) < 0)
		goto out;
	/* 3.0 moved the HTML5 client out of meteor */
	if (!exists(ctx, settings, NULL))
		settings = P_SETTINGS;
	if ((rc = load_yaml(&b, &b.set_base, settings, &b.set_over, P_SETTINGS_OVER,
			    "bbb-html5-settings", K_SETTINGS, &b.settings, &b.set_lines)) < 0 ||
	    (rc = load_yaml(&b, &b.rec_base, P_REC, &b.rec_over, P_REC_OVER,
			    "bbb-recording-settings", K_REC, &b.rec, &b.rec_lines)) < 0)
		goto out;
	if ((rc = installed_evidence(&b, &evidence)) < 0)
		goto out;
	w.source = evidence;
	if (!evidence) {
		rc = put(&b, "product.installed", json_false(), NULL);
		goto out;
	}
	if ((rc = put(&b, "product.installed", json_true(), &w)) < 0 ||
	    (rc = emit_version(&b)) < 0 || (rc = emit_secret(&b)) < 0 ||
	    (rc = emit_recording(&b)) < 0 || (rc = emit_access(&b)) < 0 ||
	    (rc = emit_features(&b)) < 0 || (rc = emit_transport(&b)) < 0 ||
	    (rc = emit_telemetry(&b)) < 0 || (rc = emit_cron(&b)) < 0 ||
	    (rc = emit_cleanup(&b)) < 0 || (rc = emit_stores(&b)) < 0)
		goto out;
out:
	free(evidence);
	json_decref(b.props);
	json_decref(b.prop_lines);
	json_decref(b.prop_overdoc);
	json_decref(b.settings);
	json_decref(b.set_lines);
	json_decref(b.rec);
	json_decref(b.rec_lines);
	json_decref(b.converted);
	json_decref(b.recordings);
	free(b.server_host);
	bsrc_free(&b.prop_base);
	bsrc_free(&b.prop_over);
	bsrc_free(&b.set_base);
	bsrc_free(&b.set_over);
	bsrc_free(&b.rec_base);
	bsrc_free(&b.rec_over);
	bsrc_free(&b.stun);
	bsrc_free(&b.kurento);
	bsrc_free(&b.cron);
	bsrc_free(&b.cron_conf);
	bsrc_free(&b.cleanup);
	bsrc_free(&b.release);
	return rc == VC_ENOMEM ? rc : 0;
}

const struct vc_scanner_entry vc_scanner_bbb_server = {
	.name = "bbb-server",
	.product = BBB,
	.description = "BigBlueButton server: bbb-web properties, HTML5 and recording settings, "
		       "STUN servers, cleanup, recordings on disk",
	.scan = bbb_server_scan,
};
