/*
 * Jicofo, JVB and Jibri (PRODUCTS §3.5, §3.6, §3.8): their HOCON files
 * (parsers/hocon.h), the legacy Debian files beside them, Jibri's finalize
 * script and the recordings directory on disk.
 *
 * Jibri's reference.conf is not on a server: the defaults that matter are
 * encoded below (JIBRI_DEFAULTS) and jibri.conf is merged over them with
 * vc_hocon_merge(); a value that still comes from the defaults cites
 * jibri.conf at line 0. docker-jitsi-meet renders jibri.conf inside the
 * container on current images: without it on the host, .env decides
 * (JIBRI_RECORDING_DIR, JIBRI_FINALIZE_RECORDING_SCRIPT_PATH,
 * JIBRI_WEBHOOK_SUBSCRIBERS) and container paths are mapped to the host
 * (/storage = CONFIG/storage/jibri, older /config = CONFIG/jibri).
 *
 * Values chosen here (documented for rule authors):
 *  - recording.server.path: Jibri's recordings-directory as the host sees
 *    it (pseudonymised in a home), with .encrypted and .cloud_sync derived;
 *  - recording.server.finalize_script: the script configured ("" none; the
 *    reference placeholder /path/to/finalize counts as none);
 *  - recording.retention_days: Jibri deletes nothing itself (§3.6). A
 *    `find ... -mtime +N ... -delete` (or -exec rm, -mmin +M) in the
 *    finalize script, or in /etc/crontab or a file of /etc/cron.d naming the
 *    recordings directory, gives N+1 (files are kept until they are N+1
 *    days old); no script, or one that is not on the host, gives -1; a
 *    script that deletes in another way leaves it absent (manual);
 *  - streaming.rtmp_allow_list, and storage.thirdparty "rtmp-any" when it
 *    lets any RTMP target receive a stream (".*", the default);
 *  - telemetry.thirdparty "webhook:<host>" for webhook subscribers;
 *    telemetry.stun_external (and "jvb-stun:<host>" in telemetry.thirdparty)
 *    for the bridge's STUN mapping servers (Debian postinst and docker
 *    default: meet-jit-si-turnrelay.jitsi.net);
 *  - encryption.transport_required: Jicofo's XMPP link without TLS, or
 *    with certificate checks off to a server that is not on the machine,
 *    weakens it;
 *  - secrets.service_passwords_set: the XMPP passwords of Jicofo, JVB and
 *    Jibri found in their files are all non-empty (presence only);
 *  - artifacts.recordings: one entry per session folder (or loose .mp4)
 *    in the recordings directory, shaped as recordings.c's, with the
 *    participant count of metadata.json (a count, never names or URLs).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jitsi_internal.h"
#include "scan_util.h"
#include "../core/jsonload.h"
#include "../parsers/envfile.h"
#include "../parsers/hocon.h"
#include "../parsers/properties.h"

#define JITSI VC_JITSI
#define REC_SESSIONS_MAX 10000        /* entries of the recordings directory */
#define REC_FILES_MAX 1000            /* files of one session folder */
#define REC_META_MAX ((size_t)1024 * 1024)
#define DAY 86400
#define PLACEHOLDER_SCRIPT "/path/to/finalize"

/*
 * jitsi/jibri src/main/resources/reference.conf@62369d55 (PRODUCTS §3.6):
 * the defaults of the keys read here.
 */
static const char JIBRI_DEFAULTS[] =
	"jibri {\n"
	"  api.xmpp.environments = []\n"
	"  recording {\n"
	"    recordings-directory = \"/tmp/recordings\"\n"
	"    finalize-script = \"" PLACEHOLDER_SCRIPT "\"\n"
	"  }\n"
	"  streaming.rtmp-allow-list = [ \".*\" ]\n"
	"  webhook.subscribers = []\n"
	"}\n";

/* Patterns that let any RTMP URL through. */
static const char *const match_all[] = { ".*", "^.*$", "^.*", ".*$", ".+", "^.+$", NULL };

int vc_jitsi_hocon_load(struct vc_jitsi_dep *d, enum vc_jitsi_file id, const char *rel,
			const char *kind, const char *keys)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_jitsi_src *s = d->f[id];
	int rc, el = 0, ec = 0, ti, line;
	const char *msg;

	if (s->rel)
		return 0;   /* shared with another site, read already */
	rc = vc_jitsi_read(&buf, d, id, kind, rel, keys);
	if (rc < 0)
		goto out;
	rc = vc_hocon_parse(&s->doc, &s->lines, NULL, NULL, &el, &ec, buf.ptr ? buf.ptr : "",
			    buf.size);
	if (rc < 0 && rc != VC_ENOMEM) {
		msg = vc_jitsi_msg_line(vc_error_last(), &ti, &line);
		vc_jitsi_broken(d, s, el ? el : line, "malformed HOCON, file ignored: %s", msg);
	}
out:
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* Key `path` of a HOCON file: 1 with *out. */
static int hget(struct vc_jitsi_val *out, const struct vc_jitsi_src *s, const char *path)
{
	const json_t *v = s && s->doc ? vc_hocon_get(s->doc, path) : NULL;

	if (!v)
		return 0;
	out->v = v;
	out->src = s;
	out->line = (int)json_integer_value(json_object_get(s->lines, path));
	return 1;
}

static int loopback(const char *h)
{
	return !h || !strcmp(h, "localhost") || !strncmp(h, "127.", 4) || !strcmp(h, "::1");
}

/* A service password found: set or empty (never the value). */
static int password(struct vc_jitsi_dep *d, const char *name, const json_t *v,
		    const struct vc_jitsi_src *src, int line)
{
	const char *s = json_is_string(v) ? json_string_value(v) : "";

	vc_jitsi_flag_set(&d->pw_missing, !*s, src, line);
	if (!strcmp(s, "passw0rd"))
		return vc_jitsi_list_add(&d->published, name, src, line);
	return 0;
}

/* A legacy flat file (shell variables or Java properties), read once. */
static int load_flat(struct vc_jitsi_dep *d, enum vc_jitsi_file id, const char *rel,
		     const char *kind, int props)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_jitsi_src *s = d->f[id];
	int rc, line = 0;

	if (s->rel)
		return 0;
	rc = vc_jitsi_read(&buf, d, id, kind, rel, "secrets.*,telemetry.*");
	if (rc < 0)
		goto out;
	rc = props ? vc_properties_parse(&s->doc, &s->lines, buf.ptr ? buf.ptr : "", buf.size,
					 &line) :
		vc_envfile_parse(&s->doc, &s->lines, buf.ptr ? buf.ptr : "", buf.size, &line);
	if (rc < 0 && rc != VC_ENOMEM)
		vc_jitsi_broken(d, s, line, "malformed line%s",
				s->doc ? "; the other lines are used" : ", file ignored");
out:
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* Flat key: 1 with *out. */
static int fget(struct vc_jitsi_val *out, const struct vc_jitsi_src *s, const char *key)
{
	const json_t *v = s && s->doc ? json_object_get(s->doc, key) : NULL;

	if (!v)
		return 0;
	out->v = v;
	out->src = s;
	out->line = (int)json_integer_value(json_object_get(s->lines, key));
	return 1;
}

static int jicofo(struct vc_jitsi_dep *d)
{
	const struct vc_jitsi_src *s = d->f[VC_JF_JICOFO];
	struct vc_jitsi_val at, host;
	const char *h = NULL;
	int rc, b;

	if (!d->docker && (rc = load_flat(d, VC_JF_JICOFO_ENV, "/etc/jitsi/jicofo/config",
					  "jitsi-jicofo-env", 0)) < 0)
		return rc;
	if (hget(&at, s, "jicofo.xmpp.client.password")) {
		if ((rc = password(d, "jicofo.xmpp.client.password", at.v, at.src, at.line)) < 0)
			return rc;
	} else if (fget(&at, d->f[VC_JF_JICOFO_ENV], "JICOFO_AUTH_PASSWORD")) {
		if ((rc = password(d, "JICOFO_AUTH_PASSWORD", at.v, at.src, at.line)) < 0)
			return rc;
	}
	if (hget(&host, s, "jicofo.xmpp.client.hostname") && json_is_string(host.v))
		h = json_string_value(host.v);
	if (hget(&at, s, "jicofo.xmpp.client.use-tls") && vc_hocon_bool(&b, at.v) == 0 && !b &&
	    !loopback(h))
		vc_jitsi_flag_set(&d->weak_transport, 1, at.src, at.line);
	if (hget(&at, s, "jicofo.xmpp.client.disable-certificate-verification") &&
	    vc_hocon_bool(&b, at.v) == 0 && b && !loopback(h))
		vc_jitsi_flag_set(&d->weak_transport, 1, at.src, at.line);
	return 0;
}

/* "host:port" of the bridge's STUN mapping harvester, not on the own domain. */
static int jvb_stun(struct vc_jitsi_dep *d, const char *addr, const struct vc_jitsi_val *at)
{
	char *host = vc_jitsi_url_host(addr), *item = NULL;
	int rc = 0;

	if (host && !vc_jitsi_own_host(d, host)) {
		if (!(item = vc_asprintf("jvb-stun:%s", host)))
			rc = VC_ENOMEM;
		else if ((rc = vc_jitsi_list_add(&d->stun, host, at->src, at->line)) == 0)
			rc = vc_jitsi_list_add(&d->telemetry, item, at->src, at->line);
	}
	free(host);
	free(item);
	return rc;
}

/* A comma-separated list of "host:port" (properties, docker .env). */
static int jvb_stun_csv(struct vc_jitsi_dep *d, const char *v, const struct vc_jitsi_val *at)
{
	char *one;
	size_t n;
	int rc = 0;

	while (*v && rc == 0) {
		v += strspn(v, " ,");
		n = strcspn(v, ", ");
		if (!n)
			break;
		if (!(one = vc_strndup(v, n)))
			return VC_ENOMEM;
		rc = jvb_stun(d, one, at);
		free(one);
		v += n;
	}
	return rc;
}

static int jvb(struct vc_jitsi_dep *d)
{
	const struct vc_jitsi_src *s = d->f[VC_JF_JVB], *p;
	struct vc_jitsi_val at, en;
	const json_t *cfgs, *e;
	const char *k, *v;
	char *path;
	size_t i;
	int rc, b, line, any = 0;

	if (!d->docker && (rc = load_flat(d, VC_JF_JVB_PROPS,
					  "/etc/jitsi/videobridge/sip-communicator.properties",
					  "jitsi-jvb-properties", 1)) < 0)
		return rc;
	p = d->f[VC_JF_JVB_PROPS];
	/* XMPP passwords: jvb.conf's client configs, else the legacy properties */
	cfgs = s && s->doc ? vc_hocon_get(s->doc, "videobridge.apis.xmpp-client.configs") : NULL;
	json_object_foreach((json_t *)cfgs, k, e) {
		if (!json_object_get(e, "PASSWORD"))
			continue;
		if (!(path = vc_asprintf("videobridge.apis.xmpp-client.configs.%s.PASSWORD", k)))
			return VC_ENOMEM;
		line = (int)json_integer_value(json_object_get(s->lines, path));
		free(path);
		if ((rc = password(d, "videobridge.apis.xmpp-client PASSWORD",
				   json_object_get(e, "PASSWORD"), s, line)) < 0)
			return rc;
		any = 1;
	}
	if (!any && p && p->doc) {
		json_object_foreach(p->doc, k, e) {
			size_t n = strlen(k);

			if (strncmp(k, "org.jitsi.videobridge.xmpp.user.", 32) || n < 9 ||
			    strcmp(k + n - 9, ".PASSWORD"))
				continue;
			fget(&at, p, k);
			if ((rc = password(d, "org.jitsi.videobridge.xmpp.user PASSWORD", at.v,
					   at.src, at.line)) < 0)
				return rc;
		}
	}
	/* STUN mapping (the bridge learns its public address from these) */
	if (hget(&at, s, "ice4j.harvest.mapping.stun.addresses")) {
		d->stun.known = 1;
		if (!(hget(&en, s, "ice4j.harvest.mapping.stun.enabled") &&
		      vc_hocon_bool(&b, en.v) == 0 && !b))
			json_array_foreach(at.v, i, e)
				if (json_is_string(e) &&
				    (rc = jvb_stun(d, json_string_value(e), &at)) < 0)
					return rc;
	} else if (fget(&at, p, "org.ice4j.ice.harvest.STUN_MAPPING_HARVESTER_ADDRESSES") &&
		   json_is_string(at.v)) {
		if ((rc = jvb_stun_csv(d, json_string_value(at.v), &at)) < 0)
			return rc;
	} else if (d->docker && s->state == 0) {
		/* jvb.conf is rendered in the container: JVB_STUN_SERVERS (§3.5, §3.7) */
		at.src = d->f[VC_JF_ENV]->doc ? d->f[VC_JF_ENV] : NULL;
		if (vc_jitsi_env_bool(d, "JVB_DISABLE_STUN", 0, &line))
			return 0;
		v = vc_jitsi_env(d, "JVB_STUN_SERVERS", &line);
		at.line = line;
		if (!v || !*v)
			v = "meet-jit-si-turnrelay.jitsi.net:443";
		if ((rc = jvb_stun_csv(d, v, &at)) < 0)
			return rc;
	}
	return 0;
}

/* "<label>:<host>" into telemetry.thirdparty unless on the own domain. */
static int third_url(struct vc_jitsi_dep *d, const char *label, const char *url,
		     const struct vc_jitsi_val *at)
{
	char *host = vc_jitsi_url_host(url), *item = NULL;
	int rc = 0;

	if (host && !vc_jitsi_own_host(d, host)) {
		if (!(item = vc_asprintf("%s:%s", label, host)))
			rc = VC_ENOMEM;
		else
			rc = vc_jitsi_list_add(&d->telemetry, item, at->src, at->line);
	}
	free(host);
	free(item);
	return rc;
}

/* ---- Jibri ---- */

/* Jibri's settings, from jibri.conf over the defaults, or from .env. */
struct jibri {
	json_t *doc, *lines;            /* merged (owned) */
	struct vc_jitsi_val dir, script, allow, hooks, envs;
	char *dir_cfg, *dir_host;       /* recordings directory: configured, on the host */
	char *script_cfg, *script_host; /* finalize script: configured ("" none), on the host */
};

static void jibri_free(struct jibri *j)
{
	json_decref(j->doc);
	json_decref(j->lines);
	free(j->dir_cfg);
	free(j->dir_host);
	free(j->script_cfg);
	free(j->script_host);
}

static void jibri_get(struct vc_jitsi_val *out, const struct jibri *j,
		      const struct vc_jitsi_src *s, const char *path)
{
	out->v = vc_hocon_get(j->doc, path);
	out->src = s;
	out->line = (int)json_integer_value(json_object_get(j->lines, path));
}

static char *host_path(const struct vc_jitsi_dep *d, const char *p)
{
	return d->docker ? vc_jitsi_docker_jibri_path(d, p) : vc_strdup(p);
}

/* 0 or VC_ENOMEM. */
static int jibri_settings(struct jibri *j, struct vc_jitsi_dep *d)
{
	const struct vc_jitsi_src *s = d->f[VC_JF_JIBRI];
	const struct vc_jitsi_src *from = s->doc ? s : (d->f[VC_JF_ENV]->doc ? d->f[VC_JF_ENV] :
							  NULL);
	const char *v;
	int line;

	if (vc_hocon_parse(&j->doc, NULL, NULL, NULL, NULL, NULL, JIBRI_DEFAULTS,
			   sizeof(JIBRI_DEFAULTS) - 1) < 0 || !(j->lines = json_object()))
		return VC_ENOMEM;
	if (s->doc && vc_hocon_merge(j->doc, j->lines, s->doc, s->lines) == VC_ENOMEM)
		return VC_ENOMEM;
	jibri_get(&j->dir, j, from, "jibri.recording.recordings-directory");
	jibri_get(&j->script, j, from, "jibri.recording.finalize-script");
	jibri_get(&j->allow, j, from, "jibri.streaming.rtmp-allow-list");
	jibri_get(&j->hooks, j, from, "jibri.webhook.subscribers");
	jibri_get(&j->envs, j, from, "jibri.api.xmpp.environments");
	if (d->docker && !s->doc) {
		/* jibri.conf is rendered in the container from .env (§3.7) */
		v = vc_jitsi_env(d, "JIBRI_RECORDING_DIR", &line);
		j->dir.line = line;
		j->dir_cfg = vc_strdup(v && *v ? v : "/storage/recordings");
		v = vc_jitsi_env(d, "JIBRI_FINALIZE_RECORDING_SCRIPT_PATH", &line);
		j->script.line = line;
		j->script_cfg = vc_strdup(v ? v : "");
	} else {
		j->dir_cfg = vc_strdup(json_is_string(j->dir.v) ? json_string_value(j->dir.v) : "");
		v = json_is_string(j->script.v) ? json_string_value(j->script.v) : "";
		j->script_cfg = vc_strdup(strcmp(v, PLACEHOLDER_SCRIPT) ? v : "");
	}
	if (!j->dir_cfg || !j->script_cfg)
		return VC_ENOMEM;
	/* a relative path depends on Jibri's working directory: not looked for */
	if (j->dir_cfg[0] == '/' && !(j->dir_host = host_path(d, j->dir_cfg)) && !d->docker)
		return VC_ENOMEM;
	if (j->script_cfg[0] == '/' && !(j->script_host = host_path(d, j->script_cfg)) &&
	    !d->docker)
		return VC_ENOMEM;
	return 0;
}

/* The number after "+" in a find(1) test, or -1. */
static long long plus_num(const char *s)
{
	char *end;
	long long n;

	if (*s != '+' || !isdigit((unsigned char)s[1]))
		return -1;
	errno = 0;
	n = strtoll(s + 1, &end, 10);
	if (errno || n > INT_MAX / 2 || *end)
		return -1;
	return n;
}

/* One command being read by deletes_after(). */
struct cmd {
	int find, del, want;            /* want: 1 after -mtime, 2 after -mmin */
	long long days, best;
};

static void cmd_end(struct cmd *c)
{
	if (c->find && c->del && c->days >= 0 && (c->best < 0 || c->days < c->best))
		c->best = c->days;
	c->find = c->del = c->want = 0;
	c->days = -1;
}

static void cmd_word(struct cmd *c, const char *w)
{
	size_t n = strlen(w);
	long long v;

	if (c->want) {
		if ((v = plus_num(w)) >= 0)
			c->days = c->want == 2 ? v / 1440 + 1 : v + 1;
		c->want = 0;
	} else if (!strcmp(w, "find") || (n > 5 && !strcmp(w + n - 5, "/find"))) {
		c->find = 1;
	} else if (c->find && (!strcmp(w, "-delete") || !strcmp(w, "rm") ||
			       !strcmp(w, "/bin/rm") || !strcmp(w, "/usr/bin/rm"))) {
		c->del = 1;
	} else if (c->find && (!strcmp(w, "-mtime") || !strcmp(w, "-mmin"))) {
		c->want = !strcmp(w, "-mmin") ? 2 : 1;
	}
}

/*
 * Days a `find ... -mtime +N ... -delete` (or `-exec rm`) command in this
 * line keeps files: N+1 (-mmin +M: M/1440+1), the shortest of several
 * commands; -1 when none. With `must` set the line must name it too.
 */
static long long deletes_after(const char *line, size_t len, const char *must)
{
	char buf[4096], *p, *t, save;
	struct cmd c = { 0, 0, 0, -1, -1 };

	if (len >= sizeof(buf))
		return -1;   /* not a command a person wrote by hand */
	memcpy(buf, line, len);
	buf[len] = 0;
	if ((p = strchr(buf, '#')) && (p == buf || isspace((unsigned char)p[-1])))
		*p = 0;
	if (must && *must && !strstr(buf, must))
		return -1;
	for (p = buf; *p;) {
		if (strchr(";|&", *p)) {
			/* a separator ends the command; find's own `\;` does not */
			if (!(*p == ';' && p > buf && p[-1] == '\\'))
				cmd_end(&c);
			p++;
		} else if (strchr(" \t()'\"", *p)) {
			p++;
		} else {
			t = p + strcspn(p, " \t;|&()'\"");
			save = *t;
			*t = 0;
			cmd_word(&c, p);
			*t = save;
			p = t;
		}
	}
	cmd_end(&c);
	return c.best;
}

/* The shortest deletion in `text` (continued lines joined); its line in *line. */
static long long scan_deletions(const char *text, size_t len, const char *must, int *line)
{
	const char *p = text, *end = text + len, *nl;
	struct vc_buf cmd = VC_BUF_INIT(8192);
	long long best = -1, n;
	size_t k;
	int ln = 1, start;

	*line = 0;
	while (p < end) {
		vc_buf_clear(&cmd);
		start = ln;
		for (;;) {
			nl = memchr(p, '\n', (size_t)(end - p));
			k = nl ? (size_t)(nl - p) : (size_t)(end - p);
			if (k && p[k - 1] == '\\' && nl) {
				if (vc_buf_put(&cmd, p, k - 1) < 0 || vc_buf_putc(&cmd, ' ') < 0)
					break;
				p = nl + 1;
				ln++;
				continue;
			}
			vc_buf_put(&cmd, p, k);
			break;
		}
		if (cmd.ptr && (n = deletes_after(cmd.ptr, cmd.size, must)) >= 0 &&
		    (best < 0 || n < best)) {
			best = n;
			*line = start;
		}
		p = nl ? nl + 1 : end;
		ln++;
	}
	vc_buf_free(&cmd);
	return best;
}

/*
 * /etc/crontab and the files of /etc/cron.d: the shortest deletion naming `dir`;
 * *days -1 when none. The file found is recorded as a source. 0 or VC_ENOMEM.
 */
static int cron_deletions(struct vc_jitsi_dep *d, const char *dir, long long *days,
			  struct vc_jitsi_val *at)
{
	struct vc_jitsi_src *s = d->f[VC_JF_CRON];
	struct vc_names ns = { 0 };
	struct vc_buf buf = VC_BUF_INIT(0);
	char *rel = NULL;
	long long n;
	size_t i;
	int rc, line;

	*days = -1;
	rc = vc_scan_list(&ns, d->ctx, JITSI, "/etc/cron.d", REC_SESSIONS_MAX);
	if (rc == VC_ENOMEM)
		goto out;
	rc = 0;
	for (i = 0; i <= ns.n; i++) {
		free(rel);
		rel = i == ns.n ? vc_strdup("/etc/crontab") : vc_path_join("/etc/cron.d", ns.v[i]);
		if (!rel) {
			rc = VC_ENOMEM;
			goto out;
		}
		if ((i < ns.n && ns.v[i][0] == '.') ||
		    vc_root_read(&buf, &d->ctx->root, rel, d->ctx->file_max) < 0 || !buf.ptr)
			continue;
		n = scan_deletions(buf.ptr, buf.size, dir, &line);
		if (n < 0 || (*days >= 0 && n >= *days))
			continue;
		free(s->rel);
		free(s->display);
		s->rel = rel;
		rel = NULL;
		if (!(s->display = vc_scan_display(d->ctx, s->rel))) {
			rc = VC_ENOMEM;
			goto out;
		}
		vc_sha256_hex(s->sha, buf.ptr, buf.size);
		s->state = 1;
		if ((rc = vc_scan_add_source(d->ctx, JITSI, "jitsi-cron", s->display, s->sha,
					     buf.size)) < 0)
			goto out;
		*days = n;
		at->src = s;
		at->line = line;
	}
out:
	free(rel);
	vc_buf_free(&buf);
	vc_names_free(&ns);
	return rc;
}

/* recording.server.finalize_script and recording.retention_days. */
static int retention(struct vc_jitsi_dep *d, struct jibri *j)
{
	struct vc_jitsi_src *fs = d->f[VC_JF_FINALIZE];
	struct vc_buf buf = VC_BUF_INIT(0);
	struct vc_jitsi_val at = j->script, cron = { NULL, NULL, 0 };
	long long days = -1, cdays = -1;
	int rc, line, known = 1;

	rc = vc_jitsi_fact(d, "recording.server.finalize_script", json_string(j->script_cfg),
			   j->script.src, j->script.line);
	if (rc < 0)
		return rc;
	if (*j->script_cfg && !j->script_host) {
		known = 0;   /* a container path not mounted from the host: cannot be read */
	} else if (j->script_host) {
		if (!fs->rel) {
			rc = vc_jitsi_read(&buf, d, VC_JF_FINALIZE, "jitsi-jibri-finalize",
					   j->script_host, "recording.retention_days");
			if (rc == VC_ENOMEM)
				goto out;
			if (rc == 0) {
				fs->doc = json_integer(scan_deletions(buf.ptr, buf.size, NULL, &line));
				fs->lines = json_integer(line);
			} else if (rc == VC_ENOTFOUND) {
				vc_diag_add(&d->ctx->diags, JITSI, fs->display, 0, 0,
					    "Jibri's finalize script is not there: it cannot "
					    "delete recordings");
			}
		}
		if (fs->state < 0) {
			known = 0;
		} else if (fs->state == 1) {
			days = json_integer_value(fs->doc);
			known = days >= 0;   /* a script that deletes otherwise: a person checks */
			at.src = fs;
			at.line = (int)json_integer_value(fs->lines);
		}
	}
	if (j->dir_host && (rc = cron_deletions(d, j->dir_host, &cdays, &cron)) < 0)
		goto out;
	if (cdays >= 0 && (days < 0 || cdays < days)) {
		days = cdays;
		at = cron;
		known = 1;
	}
	rc = 0;
	if (known)
		rc = vc_jitsi_fact(d, "recording.retention_days", json_integer(days), at.src,
				   at.line);
out:
	vc_buf_free(&buf);
	return rc == VC_ENOMEM ? rc : 0;
}

/* streaming.rtmp_allow_list, webhooks and Jibri's XMPP passwords. */
static int jibri_other(struct vc_jitsi_dep *d, struct jibri *j)
{
	const json_t *e, *pw;
	const char *v, *login;
	char *path;
	size_t i, k;
	int rc, line, any = 0;

	if (json_is_array(j->allow.v)) {
		if ((rc = vc_jitsi_fact(d, "streaming.rtmp_allow_list", json_deep_copy(j->allow.v),
					j->allow.src, j->allow.line)) < 0)
			return rc;
		json_array_foreach(j->allow.v, i, e)
			for (k = 0; json_is_string(e) && match_all[k]; k++)
				any |= !strcmp(json_string_value(e), match_all[k]);
		if (any && (rc = vc_jitsi_list_add(&d->storage, "rtmp-any", j->allow.src,
						   j->allow.line)) < 0)
			return rc;
	}
	json_array_foreach(j->hooks.v, i, e)
		if (json_is_string(e) && (rc = third_url(d, "webhook", json_string_value(e),
							 &j->hooks)) < 0)
			return rc;
	if (d->docker && !d->f[VC_JF_JIBRI]->doc &&
	    (v = vc_jitsi_env(d, "JIBRI_WEBHOOK_SUBSCRIBERS", &line)) && *v) {
		struct vc_jitsi_val at = { NULL, d->f[VC_JF_ENV], line };
		char *one;
		size_t n;

		while (*v) {
			v += strspn(v, " ,");
			if (!(n = strcspn(v, ", ")))
				break;
			if (!(one = vc_strndup(v, n)))
				return VC_ENOMEM;
			rc = third_url(d, "webhook", one, &at);
			free(one);
			if (rc < 0)
				return rc;
			v += n;
		}
	}
	/* XMPP logins of each environment (docker: .env, see jitsi_server.c) */
	json_array_foreach(j->envs.v, i, e) {
		static const char *const logins[] = { "control-login", "call-login" };

		for (k = 0; k < 2; k++) {
			login = logins[k];
			if (!(pw = json_object_get(json_object_get(e, login), "password")))
				continue;
			/* lines inside arrays are not kept: the environments' line */
			if (!(path = vc_asprintf("jibri %s password", login)))
				return VC_ENOMEM;
			rc = password(d, path, pw, j->envs.src, j->envs.line);
			free(path);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/* ---- the recordings directory ---- */

static int64_t age_days(const struct vc_scan_ctx *ctx, int64_t mtime)
{
	int64_t now = (int64_t)ctx->now;

	return now > mtime ? (now - mtime) / DAY : 0;
}

static int ends_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* Participants listed in a session's metadata.json, or -1. */
static json_int_t participants(struct vc_jitsi_dep *d, const char *rel, int *bad)
{
	struct vc_buf buf = VC_BUF_INIT(0);
	json_error_t jerr;
	json_t *root = NULL, *parts;
	json_int_t n = -1;
	char *disp;
	int rc;

	rc = vc_root_read(&buf, &d->ctx->root, rel, REC_META_MAX);
	if (rc == 0 && vc_json_loadb(&root, buf.ptr ? buf.ptr : "", buf.size, 0, &jerr) == VC_ENOMEM)
		rc = VC_ENOMEM;
	if (rc == 0 && root) {
		parts = json_object_get(root, "participants");
		n = json_is_array(parts) ? (json_int_t)json_array_size(parts) : -1;
	} else if (rc == VC_ENOMEM) {
		d->ctx->diags.lost++;   /* cannot return it: the audit then fails (err.h) */
	} else if ((disp = vc_scan_display(d->ctx, rel))) {
		/* jansson's message may quote participant names: only the position */
		if (rc < 0)
			vc_diag_add(&d->ctx->diags, JITSI, disp, 0, 0,
				    "cannot read metadata.json of a recording: %s",
				    rc == VC_ELIMIT ? "too large" : "not a readable regular file");
		else
			vc_diag_add(&d->ctx->diags, JITSI, disp, jerr.line > 0 ? jerr.line : 0,
				    jerr.column > 0 ? jerr.column : 0,
				    "malformed metadata.json of a recording (not JSON)");
		free(disp);
		*bad = 1;
	} else {
		d->ctx->diags.lost++;   /* no memory for its name */
	}
	json_decref(root);
	vc_buf_free(&buf);
	return n;
}

struct tot {
	uint64_t bytes;
	size_t files;
	int64_t newest;
	int media, meta, tmp;
	json_int_t parts;
};

static void tot_add(struct tot *t, const struct vc_stat *st)
{
	t->bytes += st->bytes;
	if (!t->files || st->mtime > t->newest)
		t->newest = st->mtime;
	t->files++;
}

/* One entry of artifacts.recordings (as recordings.c shapes them). */
static int entry(json_t *list, struct vc_jitsi_dep *d, const char *rel, const char *real,
		 const struct tot *t)
{
	struct vc_scan_ctx *ctx = d->ctx;
	const struct vc_sync_folder *sf = vc_scan_sync_for(ctx, real);
	const char *how = NULL;
	char *disp = vc_scan_display(ctx, rel);
	json_t *o = NULL;
	int enc, rc = VC_ENOMEM;

	if (!disp)
		goto out;
	o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:b, s:b, s:b, s:s}",
		      "product", JITSI, "path", disp,
		      "bytes", (json_int_t)(t->bytes > INT64_MAX ? INT64_MAX : t->bytes),
		      "files", (json_int_t)t->files, "age_days", (json_int_t)age_days(ctx, t->newest),
		      "converted", !t->tmp, "has_media", t->media, "has_chat", 0,
		      "cloud_sync", sf && sf->provider ? sf->provider : "none");
	if (!o)
		goto out;
	enc = vc_scan_encrypted(ctx, real, &how);
	if (enc >= 0 && json_object_set_new(o, "encrypted", json_boolean(enc)))
		goto out;
	if (t->parts >= 0 && json_object_set_new(o, "participants", json_integer(t->parts)))
		goto out;
	rc = json_array_append_new(list, o) ? VC_ENOMEM : 0;
	o = NULL;
out:
	json_decref(o);
	free(disp);
	return rc;
}

/* A session folder: its files (one level), metadata.json's participant count. */
static int session(json_t *list, struct vc_jitsi_dep *d, const char *rel, const char *real,
		   int *bad)
{
	struct vc_names ns = { 0 };
	struct tot t = { 0, 0, 0, 0, 0, 0, -1 };
	struct vc_stat st;
	char *f;
	size_t i;
	int rc;

	rc = vc_scan_list(&ns, d->ctx, JITSI, real, REC_FILES_MAX);
	if (rc == VC_ENOMEM)
		return rc;
	if (rc < 0 || ns.n >= REC_FILES_MAX)
		*bad = 1;   /* unreadable, or the rest left out: vc_scan_list said so */
	if (rc < 0)
		return 0;
	for (i = 0; i < ns.n; i++) {
		memset(&st, 0, sizeof(st));
		if (!(f = vc_path_join(real, ns.v[i]))) {
			rc = VC_ENOMEM;
			break;
		}
		if (vc_root_stat(&st, &d->ctx->root, f) == 0 && st.type == VC_FT_FILE) {
			tot_add(&t, &st);
			t.media |= ends_ci(ns.v[i], ".mp4");
			t.tmp |= ends_ci(ns.v[i], ".tmp");
			if (!strcmp(ns.v[i], "metadata.json"))
				t.parts = participants(d, f, bad);
		}
		free(st.resolved);
		free(f);
	}
	vc_names_free(&ns);
	if (rc == 0 && t.files)
		rc = entry(list, d, rel, real, &t);
	return rc;
}

/* artifacts.recordings for Jibri's directory `dir` (host path). */
static int artifacts(struct vc_jitsi_dep *d, const char *dir)
{
	struct vc_names ns = { 0 };
	struct vc_stat st;
	struct vc_prov p = { NULL, NULL, 0 };
	json_t *list = json_array();
	char *rel = NULL, *disp = vc_scan_display(d->ctx, dir);
	size_t i;
	int rc = VC_ENOMEM, bad = 0;

	if (!list || !disp)
		goto out;
	rc = vc_scan_list(&ns, d->ctx, JITSI, dir, REC_SESSIONS_MAX);
	if (rc == VC_ENOMEM)
		goto out;
	if (rc < 0 && rc != VC_ENOTFOUND) {
		vc_scan_error_keys(d->ctx, JITSI, d->scope, disp, "artifacts.recordings");
		rc = 0;
		goto out;
	}
	if (ns.n >= REC_SESSIONS_MAX)
		bad = 1;   /* vc_scan_list said that the rest was left out */
	for (i = 0, rc = 0; i < ns.n && rc == 0; i++) {
		memset(&st, 0, sizeof(st));
		if (!(rel = vc_path_join(dir, ns.v[i]))) {
			rc = VC_ENOMEM;
			break;
		}
		if (vc_root_stat(&st, &d->ctx->root, rel) == 0) {
			if (st.type == VC_FT_DIR) {
				rc = session(list, d, rel, st.resolved, &bad);
			} else if (st.type == VC_FT_FILE && ends_ci(ns.v[i], ".mp4")) {
				struct tot t = { 0, 0, 0, 1, 0, 0, -1 };

				tot_add(&t, &st);
				rc = entry(list, d, rel, st.resolved, &t);
			}
		}
		free(st.resolved);
		free(rel);
		rel = NULL;
	}
	if (rc < 0)
		goto out;
	if (bad)
		vc_scan_error_keys(d->ctx, JITSI, d->scope, disp, "artifacts.recordings");
	p.source = disp;
	rc = vc_fact_add(&d->ctx->facts, JITSI, d->scope, "artifacts.recordings", list, &p);
	list = NULL;
	rc = rc == VC_ENOMEM ? rc : 0;
out:
	json_decref(list);
	vc_names_free(&ns);
	free(rel);
	free(disp);
	return rc;
}

int vc_jitsi_jibri_facts(struct vc_jitsi_dep *d)
{
	struct jibri j;
	struct vc_stat st = { 0 };
	char *disp = NULL;
	int rc;

	memset(&j, 0, sizeof(j));
	if ((rc = jicofo(d)) < 0 || (rc = jvb(d)) < 0)
		return rc;
	if (!d->has_jibri || d->f[VC_JF_JIBRI]->state < 0)
		return 0;
	if ((rc = jibri_settings(&j, d)) < 0)
		goto out;
	if (j.dir_host) {
		if (!(disp = vc_scan_display(d->ctx, j.dir_host))) {
			rc = VC_ENOMEM;
			goto out;
		}
		/* the canonical path, for the derived .encrypted and .cloud_sync */
		rc = vc_jitsi_fact_path(d, "recording.server.path", json_string(disp), j.dir.src,
					j.dir.line, vc_root_stat(&st, &d->ctx->root, j.dir_host) == 0 ?
					st.resolved : j.dir_host);
		if (rc < 0 || (rc = artifacts(d, j.dir_host)) < 0)
			goto out;
	} else if (*j.dir_cfg) {
		vc_diag_add(&d->ctx->diags, JITSI, j.dir.src ? j.dir.src->display : NULL,
			    j.dir.line, 0, "Jibri's recordings directory %s is not a path on this "
			    "host: its recordings cannot be examined", j.dir_cfg);
		if ((rc = vc_jitsi_fact(d, "recording.server.path", json_string(j.dir_cfg),
					j.dir.src, j.dir.line)) < 0)
			goto out;
	}
	if ((rc = retention(d, &j)) < 0 || (rc = jibri_other(d, &j)) < 0)
		goto out;
out:
	free(st.resolved);
	free(disp);
	jibri_free(&j);
	return rc;
}
