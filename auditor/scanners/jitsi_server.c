/*
 * Jitsi Meet servers (PRODUCTS §3): the Debian packages and
 * docker-jitsi-meet, found without arguments, one scope per site.
 *
 * Debian (§3.1): every /etc/jitsi/meet/<host>-config.js is a site; it
 * shares /etc/prosody/prosody.cfg.lua, /etc/jitsi/jicofo/jicofo.conf (and
 * the legacy /etc/jitsi/jicofo/config), /etc/jitsi/videobridge/jvb.conf
 * (and sip-communicator.properties) and /etc/jitsi/jibri/jibri.conf with
 * the other sites of the host, and has /etc/prosody/conf.d/<host>.cfg.lua.
 * A host with Jicofo, JVB or Jibri but no web client is one site named by
 * their XMPP domain.
 *
 * docker-jitsi-meet (§3.1, §3.7): a checkout is a folder holding `.env`
 * and a docker-compose.yml naming Jitsi's images, searched in every home,
 * in the home's direct subfolders, and in /opt/<x> and /srv/<x>. Its .env
 * names the CONFIG folder (default ~/.jitsi-meet-cfg, `~` being the home
 * of the checkout, else the first home that holds the folder). A CONFIG
 * folder in a home without a checkout is a deployment with the template
 * defaults. Files read below CONFIG: web/config.js (images before the
 * rootless ones, 2026-06), web/custom-config.js, prosody/config/
 * prosody.cfg.lua and conf.d/jitsi-meet.cfg.lua, jicofo/jicofo.conf,
 * jvb/jvb.conf, jibri/jibri.conf; what is not on the host is taken from
 * .env with the template defaults of §3.7.
 *
 * The site is the docker PUBLIC_URL host, else config.js hosts.domain, else
 * the <host> of the file name (docker: XMPP_DOMAIN, else "meet.jitsi"). Its
 * scope is "site:<name>", shown as it is (server names are not personal).
 * No site found: no facts (see jitsi_server_scan).
 *
 * Every fact carries the file, its SHA-256 and the line that decided it;
 * a code or template default names the file that left the key out, at
 * line 0. A file that cannot be read or parsed is a diagnostic and a
 * collection error for the facts it supplies; the rest is audited.
 * Secrets (JWT secrets, XMPP passwords, TURN secrets) are only ever
 * compared with "" and with published example values: never copied.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jitsi_internal.h"
#include "scan_util.h"
#include "../core/utf8.h"
#include "../parsers/boolstr.h"
#include "../parsers/envfile.h"

#define JITSI VC_JITSI
#define DIR_MAX 10000                /* entries looked at in one folder */
#define DEPS_MAX 64                  /* deployments audited */
#define HOST_MAX 253

/* What a docker .env decides (PRODUCTS §3.7): nearly everything. */
#define ENV_KEYS "recording.*,storage.*,telemetry.*,access.*,encryption.*,secrets.*," \
	"artifacts.recordings"

/* ---- provenance and shared helpers ---- */

int vc_jitsi_read(struct vc_buf *buf, struct vc_jitsi_dep *d, enum vc_jitsi_file id,
		  const char *kind, const char *rel, const char *keys)
{
	struct vc_jitsi_src *s = d->f[id];
	int rc;

	if (!s)
		return VC_ENOTFOUND;
	if (!(s->rel = vc_strdup(rel)) || !(s->display = vc_scan_display(d->ctx, rel)))
		return VC_ENOMEM;
	s->keys = keys;
	rc = vc_scan_read(buf, s->sha, d->ctx, JITSI, kind, rel);
	if (rc == VC_ENOTFOUND || rc == VC_ENOMEM)
		return rc;
	if (rc < 0) {
		s->state = -1;   /* vc_scan_read said why */
		return rc;
	}
	s->state = 1;
	return 0;
}

void vc_jitsi_broken(struct vc_jitsi_dep *d, struct vc_jitsi_src *s, int line,
		     const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vc_vasprintf(fmt, ap);
	va_end(ap);
	vc_diag_add(&d->ctx->diags, JITSI, s->display, line, 0, "%s",
		    msg ? msg : "unusable file");
	free(msg);
	s->state = -1;
}

/* A positive int at *p (advanced), or -1. */
static long long take_num(const char **p)
{
	char *end;
	long long n;

	if (!isdigit((unsigned char)**p))
		return -1;
	errno = 0;
	n = strtoll(*p, &end, 10);
	if (errno || n > INT_MAX)
		return -1;
	*p = end;
	return n;
}

const char *vc_jitsi_msg_line(const char *msg, int *text, int *line)
{
	const char *p = msg;
	long long n;

	*text = -1;
	*line = 0;
	if (!strncmp(p, "text ", 5)) {
		p += 5;
		if ((n = take_num(&p)) >= 0 && !strncmp(p, ", ", 2)) {
			*text = (int)n;
			msg = p += 2;
		}
	}
	if (!strncmp(p, "line ", 5)) {
		p += 5;
		if ((n = take_num(&p)) >= 0 && !strncmp(p, ": ", 2)) {
			*line = (int)n;
			msg = p + 2;
		}
	}
	return msg;
}

static struct vc_prov prov_of(const struct vc_jitsi_dep *d, const struct vc_jitsi_src *src,
			      int line)
{
	struct vc_prov p = { NULL, NULL, 0 };

	if (!src)
		src = d->anchor;
	if (src && src->display) {
		p.source = src->display;
		p.sha256 = src->state == 1 || src->sha[0] ? src->sha : NULL;
		p.line = line;
	} else {
		p.source = d->anchor_display;
	}
	return p;
}

int vc_jitsi_fact_path(struct vc_jitsi_dep *d, const char *key, json_t *v,
		       const struct vc_jitsi_src *src, int line, const char *local_path)
{
	struct vc_prov p = prov_of(d, src, line);
	int rc;

	if (!v)
		return VC_ENOMEM;
	rc = local_path ? vc_fact_add_path(&d->ctx->facts, JITSI, d->scope, key, v, &p,
					   local_path) :
		vc_fact_add(&d->ctx->facts, JITSI, d->scope, key, v, &p);
	return rc == VC_ENOMEM ? rc : 0;
}

int vc_jitsi_fact(struct vc_jitsi_dep *d, const char *key, json_t *v,
		  const struct vc_jitsi_src *src, int line)
{
	return vc_jitsi_fact_path(d, key, v, src, line, NULL);
}

int vc_jitsi_list_add(struct vc_jitsi_list *l, const char *item,
		      const struct vc_jitsi_src *src, int line)
{
	size_t i;
	json_t *s;

	if (!l->v && !(l->v = json_array()))
		return VC_ENOMEM;
	for (i = 0; i < json_array_size(l->v); i++)
		if (!strcmp(json_string_value(json_array_get(l->v, i)), item))
			return 0;
	if (!json_array_size(l->v)) {
		l->src = src;
		l->line = line;
	}
	l->known = 1;
	if (!(s = json_string(item))) {
		/* not UTF-8 (the hosts come from parsers that repair it), or out of memory */
		char *fixed = vc_utf8_lossy(item);
		int valid = fixed && !strcmp(fixed, item);

		free(fixed);
		return !fixed || valid ? vc_error_set(VC_ENOMEM, "out of memory") : 0;
	}
	return json_array_append_new(l->v, s) ? VC_ENOMEM : 0;
}

void vc_jitsi_list_known(struct vc_jitsi_list *l, const struct vc_jitsi_src *src)
{
	if (l->known)
		return;
	l->known = 1;
	l->src = src;
	l->line = 0;
}

void vc_jitsi_flag_set(struct vc_jitsi_flag *f, int v, const struct vc_jitsi_src *src, int line)
{
	if (f->state == 1 || (f->state == 0 && !v))
		return;
	f->state = v ? 1 : 0;
	f->src = src;
	f->line = line;
}

int vc_jitsi_truthy(const json_t *v)
{
	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_TRUE:
	case JSON_OBJECT:
	case JSON_ARRAY:
		return 1;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return 0;
	}
}

char *vc_jitsi_url_host(const char *s)
{
	const char *p, *end;
	char *h;
	size_t n, i;

	while (isspace((unsigned char)*s))
		s++;
	if ((p = strstr(s, "://")))
		s = p + 3;
	else if (!strncasecmp(s, "stun:", 5) || !strncasecmp(s, "turn:", 5))
		s += 5;
	else if (!strncasecmp(s, "stuns:", 6) || !strncasecmp(s, "turns:", 6))
		s += 6;
	if ((p = strchr(s, '@')) && p < s + strcspn(s, "/?#"))
		s = p + 1;   /* user:password@ is never kept */
	if (*s == '[') {
		end = strchr(s, ']');
		if (!end)
			return NULL;
		s++;
		n = (size_t)(end - s);
	} else {
		n = strcspn(s, ":/?#; \t\r\n");
	}
	if (!n || n > HOST_MAX)
		return NULL;
	if (!(h = vc_strndup(s, n)))
		return NULL;
	for (i = 0; i < n; i++)
		h[i] = (char)tolower((unsigned char)h[i]);
	return h;
}

/* 1 when `host` is `dom` or below it. */
static int host_under(const char *host, const char *dom)
{
	size_t hl = strlen(host), dl = dom ? strlen(dom) : 0;

	if (!dl)
		return 0;
	if (hl == dl)
		return !strcasecmp(host, dom);
	return hl > dl && host[hl - dl - 1] == '.' && !strcasecmp(host + hl - dl, dom);
}

int vc_jitsi_own_host(const struct vc_jitsi_dep *d, const char *host)
{
	const char *names[3] = { d->name, d->xmpp, d->public_host };
	const char *dot;
	size_t i;

	if (!strcmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "::1"))
		return 1;
	for (i = 0; i < 3; i++) {
		if (!names[i])
			continue;
		if (host_under(host, names[i]))
			return 1;
		/* meet.example.dk: turn.example.dk is the organisation's own too */
		dot = strchr(names[i], '.');
		if (dot && strchr(dot + 1, '.') && host_under(host, dot + 1))
			return 1;
	}
	return 0;
}

const char *vc_jitsi_env(const struct vc_jitsi_dep *d, const char *name, int *line)
{
	const struct vc_jitsi_src *s = d->f[VC_JF_ENV];
	const json_t *v = s && s->doc ? json_object_get(s->doc, name) : NULL;

	if (line)
		*line = v ? (int)json_integer_value(json_object_get(s->lines, name)) : 0;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int vc_jitsi_env_bool(struct vc_jitsi_dep *d, const char *name, int def, int *line)
{
	const char *v = vc_jitsi_env(d, name, line);
	int b;

	if (!v || !*v)
		return def;
	if (vc_bool_parse(&b, v) < 0) {
		vc_diag_add(&d->ctx->diags, JITSI, d->f[VC_JF_ENV]->display, *line, 0,
			    "%s: value is not a boolean, template default used", name);
		return def;
	}
	return b;
}

char *vc_jitsi_docker_jibri_path(const struct vc_jitsi_dep *d, const char *path)
{
	/* jibri.yml: ${CONFIG}/storage/jibri at /storage; older images had
	 * ${CONFIG}/jibri at /config (handbook docker.md) */
	if (!d->cfgdir || path[0] != '/')
		return NULL;
	if (!strncmp(path, "/storage/", 9) || !strcmp(path, "/storage"))
		return vc_asprintf("%s/storage/jibri%s", d->cfgdir, path + 8);
	if (!strncmp(path, "/config/", 8) || !strcmp(path, "/config"))
		return vc_asprintf("%s/jibri%s", d->cfgdir, path + 7);
	return NULL;
}

/* ---- deployments ---- */

static void src_clear(struct vc_jitsi_src *s)
{
	free(s->rel);
	free(s->display);
	json_decref(s->doc);
	json_decref(s->lines);
	memset(s, 0, sizeof(*s));
}

static void dep_free(struct vc_jitsi_dep *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < VC_JF_N; i++)
		src_clear(&d->own[i]);
	free(d->name);
	free(d->scope);
	free(d->xmpp);
	free(d->public_host);
	free(d->cfgdir);
	json_decref(d->cfg);
	json_decref(d->cfglines);
	json_decref(d->storage.v);
	json_decref(d->telemetry.v);
	json_decref(d->analytics.v);
	json_decref(d->stun.v);
	json_decref(d->published.v);
	free(d);
}

/* A deployment whose files are its own, except those in `shared` (may be NULL). */
static struct vc_jitsi_dep *dep_new(struct vc_scan_ctx *ctx, struct vc_jitsi_src *shared,
				    const int *shared_ids)
{
	struct vc_jitsi_dep *d = calloc(1, sizeof(*d));
	int i;

	if (!d)
		return NULL;
	d->ctx = ctx;
	for (i = 0; i < VC_JF_N; i++)
		d->f[i] = &d->own[i];
	for (i = 0; shared && shared_ids[i] >= 0; i++)
		d->f[shared_ids[i]] = &shared[shared_ids[i]];
	d->weak_transport.state = d->anonymous.state = d->pw_missing.state = -1;
	d->hide_lobby.state = -1;
	return d;
}

static int set_name(struct vc_jitsi_dep *d, const char *name)
{
	char *n = vc_strdup(name), *s;
	size_t i;

	if (!n)
		return VC_ENOMEM;
	for (i = 0; n[i]; i++)
		n[i] = (char)tolower((unsigned char)n[i]);
	if (!(s = vc_asprintf("site:%s", n))) {
		free(n);
		return VC_ENOMEM;
	}
	free(d->name);
	free(d->scope);
	d->name = n;
	d->scope = s;
	return 0;
}

/* Facts that several parts contribute to. 0 or VC_ENOMEM. */
static int emit_combined(struct vc_jitsi_dep *d)
{
	static const struct {
		const char *key;
		size_t off;
	} lists[] = {
		{ "storage.thirdparty", offsetof(struct vc_jitsi_dep, storage) },
		{ "telemetry.thirdparty", offsetof(struct vc_jitsi_dep, telemetry) },
		{ "telemetry.analytics", offsetof(struct vc_jitsi_dep, analytics) },
		{ "telemetry.stun_external", offsetof(struct vc_jitsi_dep, stun) },
		{ "secrets.published_values", offsetof(struct vc_jitsi_dep, published) },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct vc_jitsi_list *l = (struct vc_jitsi_list *)((char *)d + lists[i].off);

		if (!l->known)
			continue;
		rc = vc_jitsi_fact(d, lists[i].key, l->v ? json_incref(l->v) : json_array(),
				   l->src, l->line);
		if (rc < 0)
			return rc;
	}
	if (d->weak_transport.state >= 0 &&
	    (rc = vc_jitsi_fact(d, "encryption.transport_required",
				json_boolean(!d->weak_transport.state), d->weak_transport.src,
				d->weak_transport.line)) < 0)
		return rc;
	if (d->anonymous.state >= 0 &&
	    (rc = vc_jitsi_fact(d, "access.anonymous_join", json_boolean(d->anonymous.state),
				d->anonymous.src, d->anonymous.line)) < 0)
		return rc;
	if (d->pw_missing.state >= 0 &&
	    (rc = vc_jitsi_fact(d, "secrets.service_passwords_set",
				json_boolean(!d->pw_missing.state), d->pw_missing.src,
				d->pw_missing.line)) < 0)
		return rc;
	return 0;
}

/* Collection errors of the unusable files, now that the scope is known. */
static void flush_errors(struct vc_jitsi_dep *d)
{
	int i, j;

	for (i = 0; i < VC_JF_N; i++) {
		const struct vc_jitsi_src *s = d->f[i];

		if (!s || s->state >= 0 || !s->display)
			continue;
		for (j = 0; j < i; j++)
			if (d->f[j] == s)
				break;
		if (j == i)
			vc_scan_error_keys(d->ctx, JITSI, d->scope, s->display, s->keys);
	}
}

/* docker: DISABLE_HTTPS and the service passwords of .env (§3.7). */
static int docker_env_facts(struct vc_jitsi_dep *d)
{
	static const struct {
		const char *name;
		int when;           /* 0 always, 1 with Jibri, 2 with Jigasi, 3 transcriber */
	} pw[] = {
		{ "JICOFO_AUTH_PASSWORD", 0 }, { "JVB_AUTH_PASSWORD", 0 },
		{ "JIBRI_RECORDER_PASSWORD", 1 }, { "JIBRI_XMPP_PASSWORD", 1 },
		{ "JIGASI_XMPP_PASSWORD", 2 }, { "JIGASI_TRANSCRIBER_PASSWORD", 3 },
	};
	struct vc_jitsi_src *env = d->f[VC_JF_ENV];
	const struct vc_jitsi_src *es = env->doc ? env : NULL;
	const char *v;
	size_t i;
	int line, rc;

	if (!es)
		return 0;   /* no .env here: the passwords are not known */
	if (vc_jitsi_env_bool(d, "DISABLE_HTTPS", 0, &line))
		vc_jitsi_flag_set(&d->weak_transport, 1, es, line);
	for (i = 0; i < sizeof(pw) / sizeof(pw[0]); i++) {
		if (pw[i].when == 1 && !d->has_jibri)
			continue;
		if (pw[i].when == 2 && !vc_jitsi_env(d, "JIGASI_SIP_URI", NULL))
			continue;
		if (pw[i].when == 3 && !vc_jitsi_env_bool(d, "ENABLE_TRANSCRIPTIONS", 0, &line))
			continue;
		v = vc_jitsi_env(d, pw[i].name, &line);
		/* an unset variable is empty to compose: the template ships them empty,
		 * and "the service(s) won't start unless these are specified"
		 * (env.example@2e6b31d8) */
		vc_jitsi_flag_set(&d->pw_missing, !v || !*v, es, line);
		/* "passw0rd": the value older env.example files shipped (unverified) */
		if (v && !strcmp(v, "passw0rd") &&
		    (rc = vc_jitsi_list_add(&d->published, pw[i].name, es, line)) < 0)
			return rc;
	}
	vc_jitsi_list_known(&d->published, es);
	return 0;
}

/* Audit one deployment whose files are set up; 0 or VC_ENOMEM. */
static int run_dep(struct vc_jitsi_dep *d)
{
	struct vc_jitsi_src *anchor = NULL;
	struct vc_prov p;
	int i, rc;

	for (i = 0; i < VC_JF_N && !anchor; i++)
		if (d->f[i] && d->f[i]->display && d->f[i]->state != 0)
			anchor = d->f[i];
	if (!d->anchor)
		d->anchor = anchor;
	p = prov_of(d, d->anchor, 0);
	rc = vc_fact_add(&d->ctx->facts, JITSI, d->scope, "product.installed", json_true(), &p);
	if (rc == VC_ENOMEM)
		return rc;
	if ((rc = vc_jitsi_meet_facts(d)) < 0 || (rc = vc_jitsi_prosody_facts(d)) < 0)
		return rc;
	if (d->docker && (rc = docker_env_facts(d)) < 0)
		return rc;
	if ((rc = vc_jitsi_jibri_facts(d)) < 0 || (rc = emit_combined(d)) < 0)
		return rc;
	flush_errors(d);
	return 0;
}

/* ---- Debian ---- */

static const int debian_shared[] = {
	VC_JF_PROSODY_MAIN, VC_JF_JICOFO, VC_JF_JICOFO_ENV, VC_JF_JVB, VC_JF_JVB_PROPS,
	VC_JF_JIBRI, VC_JF_FINALIZE, -1
};

static int exists(const struct vc_scan_ctx *ctx, const char *rel, enum vc_ftype want)
{
	struct vc_stat st = { 0 };
	int rc = vc_root_stat(&st, &ctx->root, rel);

	free(st.resolved);
	return rc == 0 && (want == VC_FT_NONE ? st.type != VC_FT_NONE : st.type == want);
}

/* The Debian files every site of the host shares. 0 or VC_ENOMEM. */
static int debian_shared_load(struct vc_jitsi_dep *d)
{
	int rc;

	if ((rc = vc_jitsi_hocon_load(d, VC_JF_JICOFO, "/etc/jitsi/jicofo/jicofo.conf",
				      "jitsi-jicofo", VC_JITSI_JICOFO_KEYS)) < 0 ||
	    (rc = vc_jitsi_hocon_load(d, VC_JF_JVB, "/etc/jitsi/videobridge/jvb.conf",
				      "jitsi-jvb", VC_JITSI_JVB_KEYS)) < 0 ||
	    (rc = vc_jitsi_hocon_load(d, VC_JF_JIBRI, "/etc/jitsi/jibri/jibri.conf",
				      "jitsi-jibri", VC_JITSI_JIBRI_KEYS)) < 0)
		return rc;
	d->has_jibri = d->f[VC_JF_JIBRI]->state != 0 || exists(d->ctx, "/etc/jitsi/jibri",
								  VC_FT_DIR);
	return 0;
}

/* Prosody's per-site file: conf.d/<name>.cfg.lua (postinst), else of the file's host. */
static int debian_prosody(struct vc_jitsi_dep *d, const char *filehost)
{
	char *host = NULL;
	int rc;

	if (!(host = vc_asprintf("/etc/prosody/conf.d/%s.cfg.lua", d->xmpp)))
		return VC_ENOMEM;
	if (!exists(d->ctx, host, VC_FT_NONE) && filehost && strcmp(filehost, d->xmpp)) {
		free(host);
		if (!(host = vc_asprintf("/etc/prosody/conf.d/%s.cfg.lua", filehost)))
			return VC_ENOMEM;
	}
	rc = vc_jitsi_prosody_load(d, d->f[VC_JF_PROSODY_MAIN]->rel ? NULL :
				   "/etc/prosody/prosody.cfg.lua", host);
	free(host);
	return rc;
}

/* The XMPP domain named by Jicofo, Jibri or JVB, for a site without a web client. */
static const char *backend_domain(const struct vc_jitsi_dep *d)
{
	const json_t *v;

	v = json_object_get(json_object_get(json_object_get(json_object_get(
		d->f[VC_JF_JICOFO]->doc, "jicofo"), "xmpp"), "client"), "xmpp-domain");
	if (json_is_string(v) && json_string_length(v))
		return json_string_value(v);
	v = json_object_get(json_object_get(json_object_get(json_object_get(
		d->f[VC_JF_JIBRI]->doc, "jibri"), "api"), "xmpp"), "environments");
	v = json_object_get(json_array_get(v, 0), "xmpp-domain");
	if (json_is_string(v) && json_string_length(v))
		return json_string_value(v);
	return NULL;
}

static int scan_debian(struct vc_scan_ctx *ctx, int *found)
{
	struct vc_jitsi_src shared[VC_JF_N];
	struct vc_names ns = { 0 };
	struct vc_jitsi_dep *d = NULL;
	const char *dom;
	char *host = NULL, *rel = NULL;
	size_t i, n, ndeps = 0;
	int rc;

	memset(shared, 0, sizeof(shared));
	rc = vc_scan_list(&ns, ctx, JITSI, "/etc/jitsi/meet", DIR_MAX);
	if (rc == VC_ENOMEM)
		goto out;
	for (i = 0; i < ns.n; i++) {
		n = strlen(ns.v[i]);
		if (n <= 10 || strcmp(ns.v[i] + n - 10, "-config.js") || ns.v[i][0] == '.')
			continue;
		if (ndeps++ >= DEPS_MAX) {
			vc_diag_add(&ctx->diags, JITSI, "/etc/jitsi/meet", 0, 0,
				    "more than %d sites; the rest are not audited", DEPS_MAX);
			break;
		}
		rc = VC_ENOMEM;
		if (!(d = dep_new(ctx, shared, debian_shared)) ||
		    !(host = vc_strndup(ns.v[i], n - 10)) ||
		    !(rel = vc_asprintf("/etc/jitsi/meet/%s", ns.v[i])))
			goto out;
		if ((rc = vc_jitsi_meet_load(d, rel, NULL)) < 0)
			goto out;
		free(rel);
		rel = NULL;
		dom = vc_jitsi_meet_domain(d);
		if ((rc = set_name(d, dom ? dom : host)) < 0 || !(d->xmpp = vc_strdup(d->name))) {
			rc = VC_ENOMEM;
			goto out;
		}
		if ((rc = debian_shared_load(d)) < 0 || (rc = debian_prosody(d, host)) < 0 ||
		    (rc = run_dep(d)) < 0)
			goto out;
		*found = 1;
		dep_free(d);
		d = NULL;
		free(host);
		host = NULL;
	}
	if (ndeps)
		goto out;
	/* Jicofo, JVB or Jibri without the web client (a recorder or bridge host) */
	if (!(d = dep_new(ctx, shared, debian_shared))) {
		rc = VC_ENOMEM;
		goto out;
	}
	if ((rc = debian_shared_load(d)) < 0)
		goto out;
	if (d->f[VC_JF_JICOFO]->state == 0 && d->f[VC_JF_JVB]->state == 0 &&
	    d->f[VC_JF_JIBRI]->state == 0) {
		rc = 0;
		goto out;
	}
	dom = backend_domain(d);
	if ((rc = set_name(d, dom ? dom : "localhost")) < 0 || !(d->xmpp = vc_strdup(d->name))) {
		rc = VC_ENOMEM;
		goto out;
	}
	if ((rc = debian_prosody(d, NULL)) < 0 || (rc = run_dep(d)) < 0)
		goto out;
	*found = 1;
out:
	dep_free(d);
	free(host);
	free(rel);
	vc_names_free(&ns);
	for (i = 0; i < VC_JF_N; i++)
		src_clear(&shared[i]);
	return rc == VC_ENOMEM ? rc : 0;
}

/* ---- docker-jitsi-meet ---- */

/* Folders already audited as CONFIG folders (canonical), to audit each once. */
struct seen {
	char *v[DEPS_MAX];
	size_t n;
};

static int seen_add(struct seen *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], path))
			return 1;
	if (s->n < DEPS_MAX && (s->v[s->n] = vc_strdup(path)))
		s->n++;
	return 0;
}

/* The home holding `rel`, or NULL. */
static const struct vc_home *home_of(const struct vc_scan_ctx *ctx, const char *rel)
{
	size_t i;

	for (i = 0; i < ctx->nhomes; i++)
		if (vc_path_under(rel, ctx->homes[i].path))
			return &ctx->homes[i];
	return NULL;
}

/* The CONFIG folder named in .env (root-relative), NULL when not here. */
static char *config_dir(struct vc_jitsi_dep *d, const char *checkout)
{
	const struct vc_home *h = home_of(d->ctx, checkout);
	const char *v = vc_jitsi_env(d, "CONFIG", NULL), *rest = NULL;
	char *c = NULL;
	size_t i;

	if (!v || !*v)
		v = "~/.jitsi-meet-cfg";   /* env.example@2e6b31d8 */
	if (v[0] == '~' && (!v[1] || v[1] == '/'))
		rest = v + 1;
	else if (!strncmp(v, "$HOME", 5) && (!v[5] || v[5] == '/'))
		rest = v + 5;
	else if (!strncmp(v, "${HOME}", 7) && (!v[7] || v[7] == '/'))
		rest = v + 7;
	if (rest) {
		if (h)
			return vc_asprintf("%s%s", h->path, rest);
		/* a checkout outside the homes: the first home that has the folder */
		for (i = 0; i < d->ctx->nhomes; i++) {
			if (!(c = vc_asprintf("%s%s", d->ctx->homes[i].path, rest)))
				return NULL;
			if (exists(d->ctx, c, VC_FT_DIR))
				return c;
			free(c);
		}
		return NULL;
	}
	if (v[0] == '/')
		return vc_strdup(v);
	return vc_path_join(checkout, v);   /* relative to the compose project */
}

/* The PUBLIC_URL host, or NULL. */
static int public_host(struct vc_jitsi_dep *d)
{
	const char *v = vc_jitsi_env(d, "PUBLIC_URL", NULL);

	if (!v || !*v || strchr(v, '$'))
		return 0;
	d->public_host = vc_jitsi_url_host(v);
	return 0;
}

/* Audit the docker deployment of `checkout` (NULL: CONFIG folder `cfg` alone). */
static int docker_dep(struct vc_scan_ctx *ctx, const char *checkout, const char *cfg,
		      struct seen *seen, int *found)
{
	struct vc_jitsi_dep *d = dep_new(ctx, NULL, NULL);
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_stat st = { 0 };
	static const struct {
		enum vc_jitsi_file id;
		const char *path, *kind, *keys;
	} hocon[] = {
		{ VC_JF_JICOFO, "jicofo/jicofo.conf", "jitsi-jicofo", VC_JITSI_JICOFO_KEYS },
		{ VC_JF_JVB, "jvb/jvb.conf", "jitsi-jvb", VC_JITSI_JVB_KEYS },
		{ VC_JF_JIBRI, "jibri/jibri.conf", "jitsi-jibri", VC_JITSI_JIBRI_KEYS },
	};
	char *rel = NULL, *main_rel = NULL, *host_rel = NULL, *fdisp = NULL;
	const char *dom;
	size_t i;
	int rc = VC_ENOMEM, eline = 0;

	if (!d)
		return VC_ENOMEM;
	d->docker = 1;
	if (checkout) {
		if (!(rel = vc_path_join(checkout, ".env")))
			goto out;
		rc = vc_jitsi_read(&buf, d, VC_JF_ENV, "jitsi-docker-env", rel, ENV_KEYS);
		if (rc == VC_ENOMEM)
			goto out;
		if (rc == 0) {
			struct vc_jitsi_src *s = d->f[VC_JF_ENV];

			rc = vc_envfile_parse(&s->doc, &s->lines, buf.ptr ? buf.ptr : "",
					      buf.size, &eline);
			if (rc == VC_ENOMEM)
				goto out;
			if (rc < 0)
				vc_jitsi_broken(d, s, eline, "malformed .env line%s",
						s->doc ? "; the other lines are used" :
						", file ignored");
		}
		d->cfgdir = config_dir(d, checkout);
	} else {
		d->cfgdir = vc_strdup(cfg);
	}
	/* without d->cfgdir CONFIG is elsewhere (not in any home): .env alone */
	if (d->cfgdir && vc_root_stat(&st, &ctx->root, d->cfgdir) == 0 &&
	    st.type == VC_FT_DIR && seen_add(seen, st.resolved)) {
		rc = 0;   /* the same CONFIG folder as an earlier checkout */
		goto out;
	}
	if ((rc = public_host(d)) < 0)
		goto out;
	if (d->cfgdir) {
		rc = VC_ENOMEM;
		if (!(main_rel = vc_asprintf("%s/web/config.js", d->cfgdir)) ||
		    !(host_rel = vc_asprintf("%s/web/custom-config.js", d->cfgdir)))
			goto out;
		if ((rc = vc_jitsi_meet_load(d, main_rel, host_rel)) < 0)
			goto out;
		free(main_rel);
		free(host_rel);
		main_rel = host_rel = NULL;
	}
	dom = vc_jitsi_meet_domain(d);
	if (!dom)
		dom = vc_jitsi_env(d, "XMPP_DOMAIN", NULL);
	if (!dom || !*dom || strchr(dom, '$'))
		dom = "meet.jitsi";   /* docker-compose.yml default */
	rc = VC_ENOMEM;
	if (!(d->xmpp = vc_strdup(dom)) ||
	    set_name(d, d->public_host ? d->public_host : dom) < 0)
		goto out;
	if (d->cfgdir) {
		if (!(main_rel = vc_asprintf("%s/prosody/config/prosody.cfg.lua", d->cfgdir)) ||
		    !(host_rel = vc_asprintf("%s/prosody/config/conf.d/jitsi-meet.cfg.lua",
					     d->cfgdir)))
			goto out;
		if ((rc = vc_jitsi_prosody_load(d, main_rel, host_rel)) < 0)
			goto out;
		for (i = 0; i < sizeof(hocon) / sizeof(hocon[0]); i++) {
			free(rel);
			rc = VC_ENOMEM;
			if (!(rel = vc_asprintf("%s/%s", d->cfgdir, hocon[i].path)) ||
			    (rc = vc_jitsi_hocon_load(d, hocon[i].id, rel, hocon[i].kind,
						      hocon[i].keys)) < 0)
				goto out;
		}
		/* Jibri's folders: jibri.yml mounts CONFIG/jibri and CONFIG/storage/jibri */
		for (i = 0; i < 2 && !d->has_jibri; i++) {
			free(rel);
			if (!(rel = vc_asprintf("%s/%s", d->cfgdir, i ? "storage/jibri" : "jibri")))
				goto out;
			d->has_jibri = exists(ctx, rel, VC_FT_DIR);
		}
	}
	d->has_jibri |= d->f[VC_JF_JIBRI]->state != 0 ||
		vc_jitsi_env_bool(d, "ENABLE_RECORDING", 0, &eline);
	/* no file read at all: the CONFIG folder shows the deployment */
	if (d->cfgdir && !(fdisp = vc_scan_display(ctx, d->cfgdir))) {
		rc = VC_ENOMEM;
		goto out;
	}
	d->anchor_display = fdisp;
	if ((rc = run_dep(d)) < 0)
		goto out;
	*found = 1;
out:
	free(st.resolved);
	free(rel);
	free(main_rel);
	free(host_rel);
	free(fdisp);
	vc_buf_free(&buf);
	dep_free(d);
	return rc == VC_ENOMEM ? rc : 0;
}

/* 1 when `dir` holds .env and a docker-compose.yml naming Jitsi's images. */
static int is_checkout(struct vc_scan_ctx *ctx, const char *dir)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	char *env = vc_path_join(dir, ".env"), *yml = vc_path_join(dir, "docker-compose.yml");
	char sha[VC_SHA256_HEX], *disp = NULL;
	int yes = 0;

	if (!env || !yml || !exists(ctx, env, VC_FT_FILE) || !exists(ctx, yml, VC_FT_FILE))
		goto out;
	if (vc_root_read(&buf, &ctx->root, yml, ctx->file_max) < 0 || !buf.ptr)
		goto out;
	/* image: jitsi/web:stable, or ${JITSI_IMAGE_REPO:-ghcr.io/jitsi}/web:unstable */
	yes = strstr(buf.ptr, "jitsi") && (strstr(buf.ptr, "/web:") ||
					   strstr(buf.ptr, "/prosody:") ||
					   strstr(buf.ptr, "/jicofo:"));
	if (yes && (disp = vc_scan_display(ctx, yml))) {
		vc_sha256_hex(sha, buf.ptr, buf.size);
		vc_scan_add_source(ctx, JITSI, "jitsi-docker-compose", disp, sha, buf.size);
	}
out:
	free(disp);
	free(env);
	free(yml);
	vc_buf_free(&buf);
	return yes;
}

/* Checkouts in `dir` itself and its direct subfolders. 0 or VC_ENOMEM. */
static int docker_in(struct vc_scan_ctx *ctx, const char *dir, struct seen *seen, int *found)
{
	struct vc_names ns = { 0 };
	char *sub;
	size_t i;
	int rc;

	if (is_checkout(ctx, dir) && (rc = docker_dep(ctx, dir, NULL, seen, found)) < 0)
		return rc;
	rc = vc_scan_list(&ns, ctx, JITSI, dir, DIR_MAX);
	if (rc == VC_ENOMEM)
		return rc;
	for (i = 0, rc = 0; i < ns.n && rc == 0; i++) {
		if (!(sub = vc_path_join(dir, ns.v[i]))) {
			rc = VC_ENOMEM;
			break;
		}
		if (exists(ctx, sub, VC_FT_DIR) && is_checkout(ctx, sub))
			rc = docker_dep(ctx, sub, NULL, seen, found);
		free(sub);
	}
	vc_names_free(&ns);
	return rc;
}

static int scan_docker(struct vc_scan_ctx *ctx, int *found)
{
	static const char *const places[] = { "/opt", "/srv" };
	struct seen seen = { { 0 }, 0 };
	char *cfg;
	size_t i;
	int rc = 0;

	for (i = 0; i < ctx->nhomes && rc == 0; i++)
		rc = docker_in(ctx, ctx->homes[i].path, &seen, found);
	for (i = 0; i < 2 && rc == 0; i++)
		rc = docker_in(ctx, places[i], &seen, found);
	/* a CONFIG folder whose checkout is gone or elsewhere */
	for (i = 0; i < ctx->nhomes && rc == 0; i++) {
		if (!(cfg = vc_path_join(ctx->homes[i].path, ".jitsi-meet-cfg"))) {
			rc = VC_ENOMEM;
			break;
		}
		if (exists(ctx, cfg, VC_FT_DIR))
			rc = docker_dep(ctx, NULL, cfg, &seen, found);
		free(cfg);
	}
	for (i = 0; i < seen.n; i++)
		free(seen.v[i]);
	return rc;
}

static int jitsi_server_scan(struct vc_scan_ctx *ctx)
{
	int found = 0, rc;

	/* No site found: no facts at all. A product.installed = false at host
	 * would add a (jitsi, host) unit, and so a finding, to every common
	 * recording rule of every workstation; the jitsi rules test
	 * exists(product.installed) and are not applicable without it. */
	if ((rc = scan_debian(ctx, &found)) < 0 || (rc = scan_docker(ctx, &found)) < 0)
		return rc;
	return 0;
}

const struct vc_scanner_entry vc_scanner_jitsi_server = {
	.name = "jitsi-server",
	.product = JITSI,
	.description = "Jitsi Meet servers: Debian packages and docker-jitsi-meet, "
		       "config.js, Prosody, Jicofo, JVB, Jibri and its recordings",
	.scan = jitsi_server_scan,
};
