/*
 * The Jitsi web client's settings (PRODUCTS §3.2, §3.3, §3.7): config.js
 * evaluated in the Duktape sandbox (parsers/jsconfig.h); on docker the
 * host's web/config.js (images before the rootless ones) with
 * web/custom-config.js appended, so that its assignments win and the facts
 * they decide cite custom-config.js and its line.
 *
 * A key no file sets takes the code default of §3.3 (the file that left it
 * out is the source, line 0); on docker without a host config.js it takes
 * the .env variable of §3.7, or the template default when .env does not
 * set it. Values chosen here (documented for rule authors):
 *  - recording.cloud.allowed: recordingService.enabled, else the legacy
 *    fileRecordingsServiceEnabled, else fileRecordingsEnabled (the reducer
 *    copies legacy keys only when the new one is undefined), or Dropbox
 *    recording; docker ENABLE_RECORDING and ENABLE_SERVICE_RECORDING.
 *    hiddenDomain alone does not show a recording button: not decisive;
 *  - storage.thirdparty: "dropbox" when dropbox.appKey is a string,
 *    "youtube" when live streaming is on (Jibri adds "rtmp-any");
 *  - telemetry.analytics (also in telemetry.thirdparty): "google-analytics",
 *    "amplitude", "matomo:<host>", "script:<host>", "rtcstats:<host>",
 *    "watchrtc", "callstats", "stats:display-names", "stats:email"; a
 *    self-hosted endpoint (the site's own domain) is not listed.
 *    analytics.disabled stops the Google, Amplitude, Matomo and script
 *    handlers, not rtcstats (unverified); disableThirdPartyRequests stops
 *    callstats and watchRTC (§3.3);
 *  - telemetry.stun_external: the host of each p2p.stunServers entry not on
 *    the site's own domain (also "stun:<host>" / "turn:<host>" in
 *    telemetry.thirdparty); absent key: the library default
 *    meet-jit-si-turnrelay.jitsi.net (§3.3); p2p.enabled false: none;
 *  - telemetry.thirdparty also: "gravatar" unless gravatar.disabled (or a
 *    baseUrl on the own domain), "giphy", "<service>:<host>" for the URL
 *    keys of §3.3 that name another domain, "google-calendar",
 *    "microsoft-calendar";
 *  - encryption.e2ee: "unavailable" when e2ee.disabled or
 *    testing.disableE2EE, else "available" (a per-meeting toggle).
 */
#include <stdlib.h>
#include <string.h>

#include "jitsi_internal.h"
#include "../parsers/jsconfig.h"

#define JITSI VC_JITSI
#define WEB_KEYS "recording.local.*,recording.cloud.*,recording.public_links," \
	"recording.transcription,storage.thirdparty,telemetry.*,encryption.e2ee," \
	"access.anonymous_join,access.lobby"
#define JITSI_STUN "meet-jit-si-turnrelay.jitsi.net"

/*
 * On docker without a host config.js, custom-config.js runs after this
 * stand-in for the generated file: the objects the templates define
 * (settings-config.js, system-config.js), so that `config.p2p.x = ...`
 * statements run. Their values come from .env instead.
 */
static const char STUB[] =
	"var config = { hosts: {}, p2p: {}, analytics: {}, localRecording: {},\n"
	"  recordingService: {}, liveStreaming: {}, transcription: {}, e2ee: {},\n"
	"  gravatar: {}, testing: {}, flags: {}, breakoutRooms: {}, prejoinConfig: {},\n"
	"  lobby: {}, securityUi: {}, whiteboard: {}, giphy: {}, toolbarConfig: {},\n"
	"  deploymentInfo: {}, recordings: {}, e2eping: {} };\n";

/* ---- evaluation ---- */

static int eval_texts(struct vc_jitsi_dep *d, const char *const *texts, const size_t *lens,
		      size_t n)
{
	int rc, ti, line;
	const char *msg;
	const struct vc_jitsi_src *culprit;

	rc = vc_jsconfig_eval(&d->cfg, &d->cfglines, texts, lens, n, "config");
	if (rc == 0 || rc == VC_ENOMEM) {
		d->cfg_ok = rc == 0;
		return rc;
	}
	msg = vc_jitsi_msg_line(vc_error_last(), &ti, &line);
	/* without a text number the last text is blamed: custom-config.js is the edit */
	if (ti < 0 || (size_t)ti >= n)
		ti = (int)n - 1;
	culprit = d->cfg_text[ti];
	if (!culprit)
		culprit = d->cfg_text[n - 1];
	if (culprit)
		vc_jitsi_broken(d, (struct vc_jitsi_src *)culprit, line,
				"config could not be evaluated: %s", msg);
	return VC_EPARSE;
}

int vc_jitsi_meet_load(struct vc_jitsi_dep *d, const char *config_rel, const char *custom_rel)
{
	struct vc_buf cbuf = VC_BUF_INIT(0), ubuf = VC_BUF_INIT(0);
	const char *texts[2];
	size_t lens[2], n = 0;
	int rc, crc, urc = VC_ENOTFOUND;

	crc = !config_rel ? VC_ENOTFOUND :
		vc_jitsi_read(&cbuf, d, VC_JF_CONFIG, "jitsi-config-js", config_rel, WEB_KEYS);
	if (crc == VC_ENOMEM) {
		rc = crc;
		goto out;
	}
	if (custom_rel) {
		urc = vc_jitsi_read(&ubuf, d, VC_JF_CUSTOM, "jitsi-custom-config-js", custom_rel,
				    WEB_KEYS);
		if (urc == VC_ENOMEM) {
			rc = urc;
			goto out;
		}
	}
	/* docker: .env decides what a host config.js would (rootless images) */
	d->web_env = d->docker && crc == VC_ENOTFOUND;
	rc = 0;
	if (crc == 0) {
		texts[n] = cbuf.ptr;
		lens[n] = cbuf.size;
		d->cfg_text[n++] = d->f[VC_JF_CONFIG];
	} else if (crc == VC_ENOTFOUND && urc == 0) {
		texts[n] = STUB;
		lens[n] = sizeof(STUB) - 1;
		d->cfg_text[n++] = NULL;
	} else {
		goto out;   /* no config.js, or an unreadable one (reported) */
	}
	if (urc == 0) {
		texts[n] = ubuf.ptr;
		lens[n] = ubuf.size;
		d->cfg_text[n++] = d->f[VC_JF_CUSTOM];
	}
	rc = eval_texts(d, texts, lens, n);
	if (rc == VC_EPARSE && n == 2 && d->f[VC_JF_CUSTOM]->state < 0 && d->cfg_text[0]) {
		/* custom-config.js broke it: config.js alone, the rest audited */
		d->cfg_text[1] = NULL;
		rc = eval_texts(d, texts, lens, 1);
	}
	if (rc != VC_ENOMEM)
		rc = 0;
out:
	vc_buf_free(&cbuf);
	vc_buf_free(&ubuf);
	return rc;
}

/* ---- lookups ---- */

/* The file whose silence makes a code default apply. */
static const struct vc_jitsi_src *default_src(const struct vc_jitsi_dep *d)
{
	if (d->cfg_ok)
		return d->cfg_text[0] ? d->cfg_text[0] : d->cfg_text[1];
	if (d->web_env && d->f[VC_JF_ENV]->doc)
		return d->f[VC_JF_ENV];
	return NULL;   /* the deployment's anchor */
}

static const struct vc_jitsi_src *env_src(const struct vc_jitsi_dep *d)
{
	return d->f[VC_JF_ENV]->doc ? d->f[VC_JF_ENV] : NULL;
}

/* Config key `path` (dotted) as a file set it: 1 with *out, 0 when no file did. */
static int cfg_get(struct vc_jitsi_val *out, const struct vc_jitsi_dep *d, const char *path)
{
	const json_t *v = d->cfg, *e;
	const char *p = path, *dot;
	char key[128];
	json_int_t ti;

	if (!d->cfg_ok)
		return 0;
	while (v && (dot = strchr(p, '.'))) {
		if ((size_t)(dot - p) >= sizeof(key))
			return 0;
		memcpy(key, p, (size_t)(dot - p));
		key[dot - p] = 0;
		v = json_object_get(v, key);
		p = dot + 1;
	}
	if (!v || !(v = json_object_get(v, p)) || json_is_null(v))
		return 0;
	e = json_object_get(d->cfglines, path);
	ti = e ? json_integer_value(json_object_get(e, "text")) : -1;
	out->v = v;
	out->line = e ? (int)json_integer_value(json_object_get(e, "line")) : 0;
	if (ti >= 0 && ti < 2) {
		out->src = d->cfg_text[ti];
		if (!out->src)
			return 0;   /* only the stub's empty object */
	} else {
		out->src = default_src(d);
	}
	return 1;
}

/* The first of `keys` (NULL-terminated) that a file sets. */
static int cfg_first(struct vc_jitsi_val *out, const struct vc_jitsi_dep *d,
		     const char *const *keys)
{
	for (; *keys; keys++)
		if (cfg_get(out, d, *keys))
			return 1;
	return 0;
}

/* A string config key set to a non-empty string, or NULL. */
static const char *cfg_str(struct vc_jitsi_val *out, const struct vc_jitsi_dep *d,
			   const char *path)
{
	if (!cfg_get(out, d, path) || !json_is_string(out->v) || !json_string_length(out->v))
		return NULL;
	return json_string_value(out->v);
}

/*
 * A boolean setting: the config `keys`, else on docker without config.js
 * the .env `var` (template default `def`), else the code default `code`.
 */
static int web_bool(struct vc_jitsi_val *at, struct vc_jitsi_dep *d, const char *const *keys,
		    const char *var, int def, int code)
{
	int line = 0, b;

	if (cfg_first(at, d, keys))
		return vc_jitsi_truthy(at->v);
	if (d->web_env && var) {
		b = vc_jitsi_env_bool(d, var, def, &line);
		at->src = env_src(d);
		at->line = line;
		return b;
	}
	at->src = default_src(d);
	at->line = 0;
	return code;
}

/* docker: ENABLE_RECORDING and a variable it gates (§3.7), with provenance. */
static int env_gated(struct vc_jitsi_val *at, struct vc_jitsi_dep *d, const char *var, int def)
{
	int rline = 0, line = 0, rec, b;

	rec = vc_jitsi_env_bool(d, "ENABLE_RECORDING", 0, &rline);
	b = rec && vc_jitsi_env_bool(d, var, def, &line);
	at->src = env_src(d);
	at->line = rec ? line : rline;
	return b;
}

/* ---- the list facts ---- */

/* `label` or "<label>:<host>" into telemetry (and analytics when `an`). */
static int third(struct vc_jitsi_dep *d, const char *label, const char *url, int an,
		 const struct vc_jitsi_val *at)
{
	char *host = NULL, *item = NULL;
	int rc = 0;

	if (url) {
		if (!(host = vc_jitsi_url_host(url)) || vc_jitsi_own_host(d, host))
			goto out;   /* relative, unparsable, or the site's own */
		if (!(item = vc_asprintf("%s:%s", label, host))) {
			rc = VC_ENOMEM;
			goto out;
		}
		label = item;
	}
	if ((rc = vc_jitsi_list_add(&d->telemetry, label, at->src, at->line)) == 0 && an)
		rc = vc_jitsi_list_add(&d->analytics, label, at->src, at->line);
out:
	free(host);
	free(item);
	return rc;
}

/* A STUN/TURN URL handed to browsers for peer-to-peer calls. */
static int stun_url(struct vc_jitsi_dep *d, const char *url, const struct vc_jitsi_val *at)
{
	char *host = vc_jitsi_url_host(url), *item = NULL;
	int rc = 0;

	if (!host || vc_jitsi_own_host(d, host))
		goto out;
	if (!(item = vc_asprintf("%s:%s", strncmp(url, "turn", 4) ? "stun" : "turn", host))) {
		rc = VC_ENOMEM;
		goto out;
	}
	if ((rc = vc_jitsi_list_add(&d->stun, host, at->src, at->line)) == 0)
		rc = vc_jitsi_list_add(&d->telemetry, item, at->src, at->line);
out:
	free(host);
	free(item);
	return rc;
}

static int p2p_stun(struct vc_jitsi_dep *d)
{
	static const char *const p2p_on[] = { "p2p.enabled", NULL };
	struct vc_jitsi_val at;
	const json_t *e, *u;
	const char *v;
	char *url;
	size_t i, j;
	int rc = 0, line;

	if (!web_bool(&at, d, p2p_on, "ENABLE_P2P", 1, 1))
		return 0;   /* no peer-to-peer connections: no client STUN */
	if (cfg_get(&at, d, "p2p.stunServers")) {
		json_array_foreach(at.v, i, e) {
			u = json_object_get(e, "urls");
			if (json_is_string(u) && (rc = stun_url(d, json_string_value(u), &at)) < 0)
				return rc;
			json_array_foreach(u, j, e)
				if (json_is_string(e) &&
				    (rc = stun_url(d, json_string_value(e), &at)) < 0)
					return rc;
		}
		return 0;
	}
	if (d->web_env && (v = vc_jitsi_env(d, "P2P_STUN_SERVERS", &line)) && *v) {
		/* "host:port,host:port" (settings-config.js maps each to stun:...) */
		at.src = env_src(d);
		at.line = line;
		while (*v && rc == 0) {
			size_t n = strcspn(v, ",");

			v += strspn(v, " ");
			n = strcspn(v, ",");
			if (n && !(url = vc_asprintf("stun:%.*s", (int)n, v)))
				return VC_ENOMEM;
			if (n) {
				rc = stun_url(d, url, &at);
				free(url);
			}
			v += n;
			if (*v == ',')
				v++;
		}
		return rc;
	}
	/* lib-jitsi-meet DEFAULT_STUN_SERVERS (modules/xmpp/xmpp.ts@01daa07c) */
	at.src = d->web_env ? env_src(d) : default_src(d);
	at.line = 0;
	return stun_url(d, "stun:" JITSI_STUN ":443", &at);
}

/* Google Analytics, Amplitude, Matomo, scripts, rtcstats, watchRTC, callstats. */
static int analytics(struct vc_jitsi_dep *d)
{
	static const char *const off[] = { "analytics.disabled", NULL };
	static const char *const no3p[] = { "disableThirdPartyRequests", NULL };
	static const char *const names[] = { "enableDisplayNameInStats", NULL };
	static const char *const email[] = { "enableEmailInStats", NULL };
	struct vc_jitsi_val at, dis;
	const json_t *e;
	const char *s;
	size_t i, before = json_array_size(d->analytics.v);
	int rc = 0, disabled, no_third, line;

	disabled = web_bool(&dis, d, off, NULL, 0, 0);
	no_third = web_bool(&dis, d, no3p, NULL, 0, 0);
	if (!disabled) {
		if (cfg_str(&at, d, "analytics.googleAnalyticsTrackingId") &&
		    (rc = third(d, "google-analytics", NULL, 1, &at)) < 0)
			return rc;
		if (cfg_str(&at, d, "analytics.amplitudeAPPKey") &&
		    (rc = third(d, "amplitude", NULL, 1, &at)) < 0)
			return rc;
		if ((s = cfg_str(&at, d, "analytics.matomoEndpoint")) &&
		    (rc = third(d, "matomo", s, 1, &at)) < 0)
			return rc;
		if (cfg_get(&at, d, "analytics.scriptURLs")) {
			json_array_foreach(at.v, i, e) {
				if (!json_is_string(e))
					continue;
				s = json_string_value(e);
				/* the bundled Google Analytics handler still talks to Google */
				if (strstr(s, "analytics-ga"))
					rc = third(d, "google-analytics", NULL, 1, &at);
				else if (strstr(s, "://"))
					rc = third(d, "script", s, 1, &at);
				if (rc < 0)
					return rc;
			}
		}
	}
	if (cfg_get(&at, d, "analytics.rtcstatsEnabled") && vc_jitsi_truthy(at.v) &&
	    (s = cfg_str(&dis, d, "analytics.rtcstatsEndpoint")) &&
	    (rc = third(d, "rtcstats", s, 1, &at)) < 0)
		return rc;
	if (!no_third) {
		if (cfg_get(&at, d, "analytics.watchRTCEnabled") && vc_jitsi_truthy(at.v) &&
		    (rc = third(d, "watchrtc", NULL, 1, &at)) < 0)
			return rc;
		if (cfg_str(&at, d, "callStatsID") && (rc = third(d, "callstats", NULL, 1, &at)) < 0)
			return rc;
	}
	if (d->web_env) {
		static const struct {
			const char *var, *label;
			int url;
		} ev[] = {
			{ "GOOGLE_ANALYTICS_ID", "google-analytics", 0 },
			{ "AMPLITUDE_ID", "amplitude", 0 },
			{ "MATOMO_ENDPOINT", "matomo", 1 },
		};

		at.src = env_src(d);
		for (i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
			if (!(s = vc_jitsi_env(d, ev[i].var, &line)) || !*s)
				continue;
			at.line = line;
			if ((rc = third(d, ev[i].label, ev[i].url ? s : NULL, 1, &at)) < 0)
				return rc;
		}
		if ((s = vc_jitsi_env(d, "ANALYTICS_SCRIPT_URLS", &line)) && *s) {
			at.line = line;
			rc = strstr(s, "analytics-ga") ? third(d, "google-analytics", NULL, 1, &at) :
				third(d, "script", s, 1, &at);
			if (rc < 0)
				return rc;
		}
		if (vc_jitsi_env_bool(d, "RTCSTATS_ENABLED", 0, &line)) {
			at.line = line;
			if ((rc = third(d, "rtcstats", NULL, 1, &at)) < 0)
				return rc;
		}
		/* JAAS_APP_ID: rtcstats to 8x8 with e-mail addresses (§3.7) */
		if ((s = vc_jitsi_env(d, "JAAS_APP_ID", &line)) && *s) {
			at.line = line;
			if ((rc = third(d, "rtcstats", "rtcstats-server-8x8.jitsi.net", 1,
					&at)) < 0 ||
			    (rc = third(d, "stats:email", NULL, 1, &at)) < 0)
				return rc;
		}
	}
	if (json_array_size(d->analytics.v) == 0 || json_array_size(d->analytics.v) == before)
		return 0;
	/* personal data in what the stats services receive */
	if (web_bool(&at, d, names, NULL, 0, 0) &&
	    (rc = third(d, "stats:display-names", NULL, 1, &at)) < 0)
		return rc;
	if (web_bool(&at, d, email, NULL, 0, 0) && (rc = third(d, "stats:email", NULL, 1, &at)) < 0)
		return rc;
	return 0;
}

/* Gravatar (on by default) and the other services of §3.3. */
static int services(struct vc_jitsi_dep *d)
{
	static const char *const grav_off[] = { "gravatar.disabled", NULL };
	static const char *const cal[] = { "enableCalendarIntegration", NULL };
	static const char *const giphy[] = { "giphy.enabled", NULL };
	static const struct {
		const char *key, *label;
	} urls[] = {
		{ "whiteboard.collabServerBaseUrl", "whiteboard" },
		{ "etherpad_base", "etherpad" },
		{ "dynamicBrandingUrl", "branding" },
		{ "brandingDataUrl", "branding" },
		{ "dialInNumbersUrl", "dialin" },
		{ "dialInConfCodeUrl", "dialin" },
		{ "peopleSearchUrl", "people-search" },
		{ "inviteServiceUrl", "invite-service" },
		{ "salesforceUrl", "salesforce" },
		{ "webhookProxyUrl", "webhook-proxy" },
	};
	struct vc_jitsi_val at, base;
	const char *s;
	char *host;
	size_t i;
	int rc, line, own = 0;

	if (!web_bool(&at, d, grav_off, NULL, 0, 0)) {
		/* gravatar.baseUrl (legacy gravatarBaseURL) on the own domain: self-hosted */
		if ((s = cfg_str(&base, d, "gravatar.baseUrl")) ||
		    (s = cfg_str(&base, d, "gravatarBaseURL"))) {
			if ((host = vc_jitsi_url_host(s))) {
				own = vc_jitsi_own_host(d, host);
				free(host);
			}
			at = base;
		}
		if (!own && (rc = third(d, "gravatar", NULL, 0, &at)) < 0)
			return rc;
	}
	if (web_bool(&at, d, giphy, NULL, 0, 0) && (rc = third(d, "giphy", NULL, 0, &at)) < 0)
		return rc;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
		if ((s = cfg_str(&at, d, urls[i].key)) &&
		    (rc = third(d, urls[i].label, s, 0, &at)) < 0)
			return rc;
	if (web_bool(&base, d, cal, "ENABLE_CALENDAR", 0, 0)) {
		if (cfg_str(&at, d, "googleApiApplicationClientID") &&
		    (rc = third(d, "google-calendar", NULL, 0, &at)) < 0)
			return rc;
		if (cfg_str(&at, d, "microsoftApiApplicationClientID") &&
		    (rc = third(d, "microsoft-calendar", NULL, 0, &at)) < 0)
			return rc;
		at.src = env_src(d);
		if (d->web_env && (s = vc_jitsi_env(d, "GOOGLE_API_APP_CLIENT_ID", &line)) && *s) {
			at.line = line;
			if ((rc = third(d, "google-calendar", NULL, 0, &at)) < 0)
				return rc;
		}
		if (d->web_env && (s = vc_jitsi_env(d, "MICROSOFT_API_APP_CLIENT_ID", &line)) &&
		    *s) {
			at.line = line;
			if ((rc = third(d, "microsoft-calendar", NULL, 0, &at)) < 0)
				return rc;
		}
	}
	if (!d->web_env)
		return 0;
	at.src = env_src(d);
	if ((s = vc_jitsi_env(d, "ETHERPAD_PUBLIC_URL", &line)) && *s) {
		at.line = line;
		if ((rc = third(d, "etherpad", s, 0, &at)) < 0)
			return rc;
	}
	if ((s = vc_jitsi_env(d, "WHITEBOARD_COLLAB_SERVER_PUBLIC_URL", &line)) && *s) {
		at.line = line;
		if ((rc = third(d, "whiteboard", s, 0, &at)) < 0)
			return rc;
	}
	if (vc_jitsi_env_bool(d, "ENABLE_JAAS_COMPONENTS", 0, &line)) {
		at.line = line;
		if ((rc = third(d, "dialin", "conference-mapper.jitsi.net", 0, &at)) < 0)
			return rc;
	}
	return 0;
}

/* ---- recording ---- */

static int recording(struct vc_jitsi_dep *d)
{
	static const char *const disable[] = { "localRecording.disable", NULL };
	static const char *const notify[] = { "localRecording.notifyAllParticipants", NULL };
	static const char *const service[] = {
		"recordingService.enabled", "fileRecordingsServiceEnabled", "fileRecordingsEnabled",
		NULL
	};
	static const char *const live[] = { "liveStreaming.enabled", "liveStreamingEnabled", NULL };
	static const char *const share[] = {
		"recordingService.sharingEnabled", "fileRecordingsServiceSharingEnabled", NULL
	};
	static const char *const transcr[] = { "transcription.enabled", "transcribingEnabled", NULL };
	struct vc_jitsi_val at, db;
	int rc, b, cloud, dropbox = 0, line;

	b = web_bool(&at, d, disable, "DISABLE_LOCAL_RECORDING", 0, 0);
	if ((rc = vc_jitsi_fact(d, "recording.local.allowed", json_boolean(!b), at.src,
				at.line)) < 0)
		return rc;
	b = web_bool(&at, d, notify, "ENABLE_LOCAL_RECORDING_NOTIFY_ALL_PARTICIPANT", 0, 0);
	if ((rc = vc_jitsi_fact(d, "recording.local.notify", json_boolean(b), at.src,
				at.line)) < 0)
		return rc;

	/* Dropbox recording is on exactly when appKey is a string (§3.3) */
	if (cfg_get(&db, d, "dropbox.appKey")) {
		dropbox = json_is_string(db.v);
	} else if (d->web_env) {
		const char *k = vc_jitsi_env(d, "DROPBOX_APPKEY", &line);
		int rline;

		/* the template writes the dropbox block only with recording on */
		dropbox = k && *k && vc_jitsi_env_bool(d, "ENABLE_RECORDING", 0, &rline);
		db.src = env_src(d);
		db.line = line;
	}
	if (dropbox && (rc = vc_jitsi_list_add(&d->storage, "dropbox", db.src, db.line)) < 0)
		return rc;

	if (cfg_first(&at, d, service))
		cloud = vc_jitsi_truthy(at.v);
	else if (d->web_env)
		cloud = env_gated(&at, d, "ENABLE_SERVICE_RECORDING",
				  vc_jitsi_env_bool(d, "ENABLE_RECORDING", 0, &line));
	else {
		at.src = default_src(d);
		at.line = 0;
		cloud = 0;
	}
	if (!cloud && dropbox)
		at = db;
	if ((rc = vc_jitsi_fact(d, "recording.cloud.allowed", json_boolean(cloud || dropbox),
				at.src, at.line)) < 0)
		return rc;

	if (cfg_first(&at, d, live))
		b = vc_jitsi_truthy(at.v);
	else if (d->web_env)
		b = env_gated(&at, d, "ENABLE_LIVESTREAMING", 0);
	else
		b = 0;
	if (b && (rc = vc_jitsi_list_add(&d->storage, "youtube", at.src, at.line)) < 0)
		return rc;

	if (cfg_first(&at, d, share))
		b = vc_jitsi_truthy(at.v);
	else if (d->web_env)
		b = env_gated(&at, d, "ENABLE_FILE_RECORDING_SHARING", 0);
	else {
		at.src = default_src(d);
		at.line = 0;
		b = 0;
	}
	if ((rc = vc_jitsi_fact(d, "recording.public_links", json_boolean(b), at.src,
				at.line)) < 0)
		return rc;
	b = web_bool(&at, d, transcr, "ENABLE_TRANSCRIPTIONS", 0, 0);
	return vc_jitsi_fact(d, "recording.transcription", json_boolean(b), at.src, at.line);
}

const char *vc_jitsi_meet_domain(const struct vc_jitsi_dep *d)
{
	struct vc_jitsi_val at;

	return cfg_str(&at, d, "hosts.domain");
}

int vc_jitsi_meet_facts(struct vc_jitsi_dep *d)
{
	static const char *const e2ee[] = { "e2ee.disabled", "testing.disableE2EE", NULL };
	static const char *const hide[] = { "securityUi.hideLobbyButton", NULL };
	struct vc_jitsi_val at;
	const struct vc_jitsi_src *ds;
	int rc, b;

	if (!d->cfg_ok && !d->web_env)
		return 0;
	ds = default_src(d);
	vc_jitsi_list_known(&d->storage, ds);
	vc_jitsi_list_known(&d->telemetry, ds);
	vc_jitsi_list_known(&d->analytics, ds);
	vc_jitsi_list_known(&d->stun, ds);
	if ((rc = recording(d)) < 0 || (rc = analytics(d)) < 0 || (rc = services(d)) < 0 ||
	    (rc = p2p_stun(d)) < 0)
		return rc;

	/* e2ee.disabled, else testing.disableE2EE: whichever a file sets and is true */
	b = cfg_get(&at, d, e2ee[0]) && vc_jitsi_truthy(at.v);
	if (!b)
		b = cfg_get(&at, d, e2ee[1]) && vc_jitsi_truthy(at.v);
	if (!b && !cfg_get(&at, d, e2ee[0])) {
		at.src = ds;
		at.line = 0;
	}
	if ((rc = vc_jitsi_fact(d, "encryption.e2ee", json_string(b ? "unavailable" : "available"),
				at.src, at.line)) < 0)
		return rc;

	if ((d->anonymousdomain = cfg_str(&at, d, "hosts.anonymousdomain")))
		d->anondomain_at = at;
	if (web_bool(&at, d, hide, NULL, 0, 0))
		vc_jitsi_flag_set(&d->hide_lobby, 1, at.src, at.line);
	return 0;
}
