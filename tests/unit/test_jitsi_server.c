/* Jitsi server scanner: Debian and docker layouts, defaults, overrides, Prosody, Jibri. */
#include "testtree.h"

#include <fnmatch.h>

extern const struct vc_scanner_entry vc_scanner_jitsi_server;

#define KEY "jitsi-test-key"

static int setup(void **state)
{
	*state = tt_new("/tmp", "vc-jitsi");
	return 0;
}

static void run(struct tt_fx *f)
{
	tt_scan_homes(f, KEY, 0);
	assert_int_equal(vc_scanner_jitsi_server.scan(&f->ctx), 0);
}

static void put_corpus(struct tt_fx *f, const char *rel, const char *name)
{
	char path[4096];
	size_t len;
	char *data;

	snprintf(path, sizeof(path), "%s/jitsi/%s", vc_test_corpus(), name);
	data = vc_test_slurp(path, &len);
	tt_put_bytes(f, rel, data, len);
	free(data);
}

static const struct vc_fact *fact(struct tt_fx *f, const char *scope, const char *key)
{
	return vc_fact_find(&f->ctx.facts, "jitsi", scope, key);
}

static const struct vc_fact *must(struct tt_fx *f, const char *scope, const char *key)
{
	const struct vc_fact *x = fact(f, scope, key);

	if (!x)
		fail_msg("fact jitsi/%s/%s missing", scope, key);
	return x;
}

static void assert_bool(struct tt_fx *f, const char *scope, const char *key, int want)
{
	const struct vc_fact *x = must(f, scope, key);

	if (!json_is_boolean(x->value) || json_is_true(x->value) != want)
		fail_msg("%s: expected %s", key, want ? "true" : "false");
}

static void assert_str(struct tt_fx *f, const char *scope, const char *key, const char *want)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_string(x->value));
	assert_string_equal(json_string_value(x->value), want);
}

static void assert_int(struct tt_fx *f, const char *scope, const char *key, json_int_t want)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_integer(x->value));
	assert_int_equal(json_integer_value(x->value), want);
}

/* The fact's source ends with `file` and its line is `line`; a digest is given. */
static void assert_at(struct tt_fx *f, const char *scope, const char *key, const char *file,
		      int line)
{
	const struct vc_fact *x = must(f, scope, key);
	size_t n = strlen(file), m;

	if (!x->source)
		fail_msg("%s: no source", key);
	m = strlen(x->source);
	if (m < n || strcmp(x->source + m - n, file))
		fail_msg("%s: source %s, expected ...%s", key, x->source, file);
	if (x->line != line)
		fail_msg("%s: line %d, expected %d", key, x->line, line);
	assert_non_null(x->sha256);
	assert_int_equal(strlen(x->sha256), 64);
}

/* 1 when the list fact holds the string `item`. */
static int has_item(struct tt_fx *f, const char *scope, const char *key, const char *item)
{
	const struct vc_fact *x = must(f, scope, key);
	size_t i;
	json_t *e;

	json_array_foreach(x->value, i, e)
		if (json_is_string(e) && !strcmp(json_string_value(e), item))
			return 1;
	return 0;
}

/* 1 when a collection error for `scope` lists `key` among its globs. */
static int error_keys(struct tt_fx *f, const char *scope, const char *src, const char *key)
{
	size_t i;

	for (i = 0; i < f->ctx.nerrors; i++) {
		const struct vc_collect_error *e = &f->ctx.errors[i];

		char globs[1024], *g, *save = NULL;

		if (strcmp(e->product, "jitsi") || strcmp(e->scope, scope) || !strstr(e->source, src))
			continue;
		if (!e->keys)
			return 1;
		snprintf(globs, sizeof(globs), "%s", e->keys);
		for (g = strtok_r(globs, ",", &save); g; g = strtok_r(NULL, ",", &save))
			if (fnmatch(g, key, 0) == 0)
				return 1;
	}
	return 0;
}

#define SITE "site:meet.test"
#define CONF "/etc/jitsi/meet/meet.test-config.js"

/* ---- nothing installed ---- */

static void test_nothing_found(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/home/ann/notes.txt", "x\n");
	run(f);
	/* no facts at all: the jitsi rules are not applicable, the common ones unaffected */
	assert_null(fact(f, "host", "product.installed"));
	assert_int_equal(f->ctx.facts.n, 1);   /* host.homes */
	assert_null(tt_diag(f, NULL, NULL));
	assert_int_equal(json_array_size(f->ctx.sources), 0);
}

/* ---- config.js code defaults ---- */

static void test_code_defaults(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, CONF, "var config = {\n    hosts: {\n        domain: 'meet.test',\n    },\n};\n");
	run(f);
	assert_bool(f, SITE, "product.installed", 1);
	/* local recording: on unless disabled, not announced (PRODUCTS §3.3) */
	assert_bool(f, SITE, "recording.local.allowed", 1);
	assert_at(f, SITE, "recording.local.allowed", CONF, 0);
	assert_bool(f, SITE, "recording.local.notify", 0);
	assert_bool(f, SITE, "recording.cloud.allowed", 0);
	assert_bool(f, SITE, "recording.transcription", 0);
	assert_str(f, SITE, "encryption.e2ee", "available");
	/* the library's STUN server and Gravatar when nothing says otherwise */
	assert_true(has_item(f, SITE, "telemetry.stun_external",
			     "meet-jit-si-turnrelay.jitsi.net"));
	assert_at(f, SITE, "telemetry.stun_external", CONF, 0);
	assert_true(has_item(f, SITE, "telemetry.thirdparty", "gravatar"));
	assert_true(has_item(f, SITE, "telemetry.thirdparty",
			     "stun:meet-jit-si-turnrelay.jitsi.net"));
	assert_int_equal(json_array_size(must(f, SITE, "telemetry.analytics")->value), 0);
	assert_int_equal(json_array_size(must(f, SITE, "storage.thirdparty")->value), 0);
	/* no Prosody, no Jibri read: nothing said about them */
	assert_null(fact(f, SITE, "access.authentication"));
	assert_null(fact(f, SITE, "recording.server.path"));
	assert_null(fact(f, SITE, "recording.retention_days"));
}

static void test_explicit_values(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, CONF,
	       "var config = {\n"
	       "    hosts: { domain: 'meet.test' },\n"
	       "    localRecording: {\n"
	       "        disable: true,\n"
	       "    },\n"
	       "    p2p: { stunServers: [ { urls: 'stun:meet.test:3478' },\n"
	       "        { urls: ['stun:stun.l.google.com:19302'] } ] },\n"
	       "    gravatar: { disabled: true },\n"
	       "    analytics: { amplitudeAPPKey: 'abc', matomoEndpoint: 'https://stats.meet.test/',\n"
	       "                 rtcstatsEnabled: true, rtcstatsEndpoint: 'wss://rtc.vendor.example/' },\n"
	       "    enableEmailInStats: true,\n"
	       "    fileRecordingsEnabled: true,\n"
	       "    dropbox: { appKey: 'k' },\n"
	       "    liveStreamingEnabled: true,\n"
	       "    e2ee: { disabled: true },\n"
	       "    etherpad_base: 'https://pad.other.example/p/',\n"
	       "};\n");
	run(f);
	assert_bool(f, SITE, "recording.local.allowed", 0);
	assert_at(f, SITE, "recording.local.allowed", CONF, 4);
	/* own STUN not listed; Google's is */
	assert_int_equal(json_array_size(must(f, SITE, "telemetry.stun_external")->value), 1);
	assert_true(has_item(f, SITE, "telemetry.stun_external", "stun.l.google.com"));
	assert_false(has_item(f, SITE, "telemetry.thirdparty", "gravatar"));
	assert_true(has_item(f, SITE, "telemetry.analytics", "amplitude"));
	assert_true(has_item(f, SITE, "telemetry.analytics", "rtcstats:rtc.vendor.example"));
	assert_true(has_item(f, SITE, "telemetry.analytics", "stats:email"));
	assert_false(has_item(f, SITE, "telemetry.analytics", "matomo:stats.meet.test"));
	assert_true(has_item(f, SITE, "telemetry.thirdparty", "etherpad:pad.other.example"));
	/* legacy keys still count when the new ones are absent */
	assert_bool(f, SITE, "recording.cloud.allowed", 1);
	assert_true(has_item(f, SITE, "storage.thirdparty", "dropbox"));
	assert_true(has_item(f, SITE, "storage.thirdparty", "youtube"));
	assert_str(f, SITE, "encryption.e2ee", "unavailable");
	assert_at(f, SITE, "encryption.e2ee", CONF, 15);
}

static void test_corpus_config_and_name(void **state)
{
	struct tt_fx *f = *state;

	/* the packaged file under another name: the site is its hosts.domain */
	put_corpus(f, "/etc/jitsi/meet/other-name-config.js", "config.js");
	run(f);
	assert_bool(f, "site:jitsi-meet.example.com", "product.installed", 1);
	/* the corpus lists the Jitsi STUN server explicitly, at line 995 */
	assert_at(f, "site:jitsi-meet.example.com", "telemetry.stun_external",
		  "/etc/jitsi/meet/other-name-config.js", 995);
	assert_bool(f, "site:jitsi-meet.example.com", "recording.local.allowed", 1);
}

/* ---- docker: custom-config.js wins, with its own file and line ---- */

#define CFG "/home/ops/.jitsi-meet-cfg"
#define DSITE "site:meet.example.net"

static void put_checkout(struct tt_fx *f, const char *env)
{
	tt_put(f, "/home/ops/docker-jitsi-meet/docker-compose.yml",
	       "services:\n  web:\n    image: ${JITSI_IMAGE_REPO:-ghcr.io/jitsi}/web:unstable\n");
	tt_put(f, "/home/ops/docker-jitsi-meet/.env", env);
}

static void test_docker_custom_wins(void **state)
{
	struct tt_fx *f = *state;

	put_checkout(f, "CONFIG=~/.jitsi-meet-cfg\nPUBLIC_URL=https://meet.example.net\n");
	tt_put(f, CFG "/web/config.js",
	       "var config = {};\n"
	       "config.hosts = {};\n"
	       "config.hosts.domain = 'meet.jitsi';\n"
	       "config.localRecording = { disable: false, notifyAllParticipants: false };\n"
	       "config.p2p = { enabled: true };\n");
	tt_put(f, CFG "/web/custom-config.js",
	       "// ours\n"
	       "\n"
	       "config.localRecording.disable = true;\n"
	       "config.p2p.stunServers = [];\n");
	run(f);
	assert_bool(f, DSITE, "recording.local.allowed", 0);
	assert_at(f, DSITE, "recording.local.allowed", "/.jitsi-meet-cfg/web/custom-config.js", 3);
	assert_bool(f, DSITE, "recording.local.notify", 0);
	assert_at(f, DSITE, "recording.local.notify", "/.jitsi-meet-cfg/web/config.js", 4);
	/* an explicit empty list switches the library default off; the JVB's stays */
	assert_false(has_item(f, DSITE, "telemetry.thirdparty",
			      "stun:meet-jit-si-turnrelay.jitsi.net"));
	assert_true(has_item(f, DSITE, "telemetry.thirdparty",
			     "jvb-stun:meet-jit-si-turnrelay.jitsi.net"));
	/* the home is pseudonymised in every source */
	assert_null(strstr(must(f, DSITE, "recording.local.allowed")->source, "/ops/"));
}

static void test_docker_env_rootless(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;

	/* current images: no config.js on the host; .env and custom-config.js decide */
	put_checkout(f,
		     "CONFIG=~/.jitsi-meet-cfg\n"
		     "DISABLE_LOCAL_RECORDING=0\n"
		     "ENABLE_RECORDING=1\n"
		     "DROPBOX_APPKEY=k\n"
		     "ENABLE_AUTH=0\n"
		     "GOOGLE_ANALYTICS_ID=UA-1\n"
		     "P2P_STUN_SERVERS=stun.own.meet.jitsi:3478,stun.vendor.example:443\n"
		     "JICOFO_AUTH_PASSWORD=\n"
		     "JVB_AUTH_PASSWORD=x9\n"
		     "JIBRI_RECORDER_PASSWORD=r1\n"
		     "JIBRI_XMPP_PASSWORD=passw0rd\n");
	tt_put(f, CFG "/web/custom-config.js", "config.localRecording.notifyAllParticipants = 1;\n");
	run(f);
	/* no PUBLIC_URL: the XMPP domain of the template */
	assert_bool(f, "site:meet.jitsi", "recording.local.allowed", 1);
	assert_at(f, "site:meet.jitsi", "recording.local.allowed", "docker-jitsi-meet/.env", 2);
	assert_bool(f, "site:meet.jitsi", "recording.local.notify", 1);
	assert_at(f, "site:meet.jitsi", "recording.local.notify", "web/custom-config.js", 1);
	assert_bool(f, "site:meet.jitsi", "recording.cloud.allowed", 1);
	assert_true(has_item(f, "site:meet.jitsi", "storage.thirdparty", "dropbox"));
	assert_true(has_item(f, "site:meet.jitsi", "telemetry.analytics", "google-analytics"));
	assert_true(has_item(f, "site:meet.jitsi", "telemetry.stun_external", "stun.vendor.example"));
	assert_false(has_item(f, "site:meet.jitsi", "telemetry.stun_external",
			      "stun.own.meet.jitsi"));
	/* the JVB's template default STUN server */
	assert_true(has_item(f, "site:meet.jitsi", "telemetry.thirdparty",
			     "jvb-stun:meet-jit-si-turnrelay.jitsi.net"));
	/* Prosody from .env: anonymous without ENABLE_AUTH; the lobby's default */
	assert_str(f, "site:meet.jitsi", "access.authentication", "anonymous");
	assert_bool(f, "site:meet.jitsi", "access.anonymous_join", 1);
	assert_bool(f, "site:meet.jitsi", "access.lobby", 1);
	assert_bool(f, "site:meet.jitsi", "encryption.transport_required", 1);
	/* an empty password and a published one; the names only */
	assert_bool(f, "site:meet.jitsi", "secrets.service_passwords_set", 0);
	assert_at(f, "site:meet.jitsi", "secrets.service_passwords_set", ".env", 8);
	assert_true(has_item(f, "site:meet.jitsi", "secrets.published_values",
			     "JIBRI_XMPP_PASSWORD"));
	/* Jibri: the template's /storage/recordings is CONFIG/storage/jibri/recordings */
	x = must(f, "site:meet.jitsi", "recording.server.path");
	assert_non_null(strstr(json_string_value(x->value),
			       "/.jitsi-meet-cfg/storage/jibri/recordings"));
	assert_null(strstr(json_string_value(x->value), "/ops/"));
	assert_int(f, "site:meet.jitsi", "recording.retention_days", -1);
	assert_int_equal(json_array_size(must(f, "site:meet.jitsi",
					      "artifacts.recordings")->value), 0);
}

/* ---- Prosody: per-VirtualHost authentication ---- */

static void test_prosody_virtualhosts(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	size_t i;
	json_t *e;
	int guest = 0, auth = 0;

	tt_put(f, CONF, "var config = { hosts: { domain: 'meet.test',\n"
	       "    anonymousdomain: 'guest.meet.test' } };\n");
	tt_put(f, "/etc/prosody/prosody.cfg.lua",
	       "authentication = \"internal_hashed\"\n"
	       "c2s_require_encryption = true\n"
	       "modules_enabled = { \"muc_lobby_rooms\" }\n"
	       "Include \"conf.d/*.cfg.lua\"\n");
	tt_put(f, "/etc/prosody/conf.d/meet.test.cfg.lua",
	       "-- site\n"
	       "VirtualHost \"meet.test\"\n"
	       "    authentication = \"token\"\n"
	       "    app_id = \"app\"\n"
	       "    app_secret = \"S3cr3t-jwt-value\"\n"
	       "VirtualHost \"guest.meet.test\"\n"
	       "    authentication = \"jitsi-anonymous\"\n"
	       "VirtualHost \"auth.meet.test\"\n"
	       "    modules_enabled = { \"ping\" }\n");
	run(f);
	assert_str(f, SITE, "access.authentication", "jwt");
	assert_at(f, SITE, "access.authentication", "conf.d/meet.test.cfg.lua", 3);
	assert_bool(f, SITE, "secrets.api_secret_set", 1);
	assert_bool(f, SITE, "secrets.api_secret_public", 0);
	assert_bool(f, SITE, "access.jwt_allow_empty", 0);
	/* guests join through the guest domain of config.js */
	assert_bool(f, SITE, "access.anonymous_join", 1);
	assert_at(f, SITE, "access.anonymous_join", "conf.d/meet.test.cfg.lua", 6);
	/* the global module list and c2s setting of the main file */
	assert_bool(f, SITE, "access.lobby", 1);
	assert_bool(f, SITE, "encryption.transport_required", 1);
	assert_at(f, SITE, "encryption.transport_required", "/etc/prosody/prosody.cfg.lua", 2);
	x = must(f, SITE, "access.virtualhosts");
	json_array_foreach(x->value, i, e) {
		const char *h = json_string_value(json_object_get(e, "host"));
		const char *a = json_string_value(json_object_get(e, "authentication"));

		if (!strcmp(h, "guest.meet.test"))
			guest = !strcmp(a, "anonymous");
		if (!strcmp(h, "auth.meet.test"))
			auth = !strcmp(a, "internal");   /* the global authentication */
	}
	assert_true(guest);
	assert_true(auth);
}

static void test_prosody_debian_template(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, "/etc/jitsi/meet/jitmeet.example.com-config.js",
	       "var config = { hosts: { domain: 'jitmeet.example.com' } };\n");
	put_corpus(f, "/etc/prosody/conf.avail/jitmeet.example.com.cfg.lua",
		   "prosody.cfg.lua-jvb.example");
	tt_link(f, "/etc/prosody/conf.d/jitmeet.example.com.cfg.lua",
		"../conf.avail/jitmeet.example.com.cfg.lua");
	run(f);
	assert_str(f, "site:jitmeet.example.com", "access.authentication", "anonymous");
	assert_bool(f, "site:jitmeet.example.com", "access.anonymous_join", 1);
	assert_bool(f, "site:jitmeet.example.com", "access.lobby", 1);
	assert_bool(f, "site:jitmeet.example.com", "encryption.transport_required", 0);
	assert_at(f, "site:jitmeet.example.com", "encryption.transport_required",
		  "conf.d/jitmeet.example.com.cfg.lua", 69);
	/* the template's TURN secret placeholder, by name */
	assert_true(has_item(f, "site:jitmeet.example.com", "secrets.published_values",
			     "external_service_secret"));
	/* its STUN/TURN servers are the site's own */
	assert_false(has_item(f, "site:jitmeet.example.com", "telemetry.stun_external",
			      "jitmeet.example.com"));
}

/* ---- Jibri: HOCON recordings-directory, retention, recordings ---- */

static void test_jibri_defaults(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, CONF, "var config = { hosts: { domain: 'meet.test' } };\n");
	put_corpus(f, "/etc/jitsi/jibri/jibri.conf", "jibri-debian-jibri.conf");
	run(f);
	/* reference.conf's default, cited as jibri.conf at line 0 */
	assert_str(f, SITE, "recording.server.path", "/tmp/recordings");
	assert_at(f, SITE, "recording.server.path", "/etc/jitsi/jibri/jibri.conf", 0);
	assert_str(f, SITE, "recording.server.finalize_script", "");
	assert_int(f, SITE, "recording.retention_days", -1);
	assert_true(has_item(f, SITE, "storage.thirdparty", "rtmp-any"));
	assert_int_equal(json_array_size(must(f, SITE, "artifacts.recordings")->value), 0);
}

static void test_jibri_configured(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	json_t *e;
	char *all;

	tt_put(f, CONF, "var config = { hosts: { domain: 'meet.test' } };\n");
	tt_put(f, "/etc/jitsi/jibri/jibri.conf",
	       "jibri {\n"
	       "  recording {\n"
	       "    recordings-directory = /data/rec\n"
	       "    finalize-script = \"/usr/local/bin/fin.sh\"\n"
	       "  }\n"
	       "  streaming.rtmp-allow-list = [ \"^rtmp://stream[.]meet[.]test/\" ]\n"
	       "  webhook.subscribers = [ \"https://hooks.vendor.example/x\" ]\n"
	       "  api.xmpp.environments = [ { control-login { password = \"Ctl-Pw-77\" }\n"
	       "    call-login { password = \"\" } } ]\n"
	       "}\n");
	tt_put(f, "/usr/local/bin/fin.sh",
	       "#!/bin/sh\n"
	       "cp -r \"$1\" /archive/\n"
	       "find /data/rec -mindepth 1 \\\n"
	       "    -mtime +6 -delete\n");
	tt_put(f, "/data/rec/abcdefghijklmnop/Team_Karen_2026-01-01-10-00-00.mp4", "mp4");
	tt_put(f, "/data/rec/abcdefghijklmnop/metadata.json",
	       "{\"meeting_url\":\"https://meet.test/Team_Karen\",\"participants\":"
	       "[{\"name\":\"Karen Blixen\"},{\"name\":\"Niels Bohr\"},{\"name\":\"H C Andersen\"}]}");
	tt_set_mtime(f, "/data/rec/abcdefghijklmnop/Team_Karen_2026-01-01-10-00-00.mp4",
		     TT_NOW - 10 * 86400);
	tt_set_mtime(f, "/data/rec/abcdefghijklmnop/metadata.json", TT_NOW - 10 * 86400);
	tt_put(f, "/data/rec/loose_2026-01-01-10-00-00.mp4", "mp4");
	run(f);
	assert_str(f, SITE, "recording.server.path", "/data/rec");
	assert_at(f, SITE, "recording.server.path", "/etc/jitsi/jibri/jibri.conf", 3);
	/* find -mtime +6 keeps files until they are 7 days old */
	assert_int(f, SITE, "recording.retention_days", 7);
	assert_at(f, SITE, "recording.retention_days", "/usr/local/bin/fin.sh", 3);
	assert_false(has_item(f, SITE, "storage.thirdparty", "rtmp-any"));
	assert_true(has_item(f, SITE, "telemetry.thirdparty", "webhook:hooks.vendor.example"));
	assert_bool(f, SITE, "secrets.service_passwords_set", 0);
	x = must(f, SITE, "artifacts.recordings");
	assert_int_equal(json_array_size(x->value), 2);
	e = json_array_get(x->value, 0);
	assert_string_equal(json_string_value(json_object_get(e, "path")),
			    "/data/rec/abcdefghijklmnop");
	assert_int_equal(json_integer_value(json_object_get(e, "participants")), 3);
	assert_int_equal(json_integer_value(json_object_get(e, "age_days")), 10);
	assert_int_equal(json_integer_value(json_object_get(e, "files")), 2);
	assert_true(json_is_true(json_object_get(e, "has_media")));
	/* a loose recording: the room in its name is pseudonymised */
	e = json_array_get(x->value, 1);
	assert_null(strstr(json_string_value(json_object_get(e, "path")), "loose_"));
	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, "Karen"));
	assert_null(strstr(all, "Bohr"));
	assert_null(strstr(all, "Ctl-Pw-77"));
	free(all);
}

static void test_cron_retention(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, CONF, "var config = { hosts: { domain: 'meet.test' } };\n");
	tt_put(f, "/etc/jitsi/jibri/jibri.conf",
	       "jibri.recording.recordings-directory = \"/srv/rec\"\n");
	tt_put(f, "/etc/cron.d/other", "0 1 * * * root find /var/tmp -mtime +1 -delete\n");
	tt_put(f, "/etc/cron.d/jibri-cleanup",
	       "# remove old recordings\n"
	       "30 3 * * * root find /srv/rec -type f -mtime +29 -exec rm {} \\;\n");
	run(f);
	assert_int(f, SITE, "recording.retention_days", 30);
	assert_at(f, SITE, "recording.retention_days", "/etc/cron.d/jibri-cleanup", 2);
}

static void test_finalize_missing_or_opaque(void **state)
{
	struct tt_fx *f = *state;

	tt_put(f, CONF, "var config = { hosts: { domain: 'meet.test' } };\n");
	tt_put(f, "/etc/jitsi/jibri/jibri.conf",
	       "jibri.recording.finalize-script = \"/opt/upload.sh\"\n");
	tt_put(f, "/opt/upload.sh",
	       "#!/bin/sh\n"
	       "curl -T \"$1\" https://cloud.test/\n"
	       "find /srv/rec -mtime +3 -print > /tmp/old.txt; rm -f /tmp/lock  # lists only\n"
	       "rm -rf \"$1\"\n");
	run(f);
	/* a script that deletes some other way: a person must check it */
	assert_null(fact(f, SITE, "recording.retention_days"));
	assert_str(f, SITE, "recording.server.finalize_script", "/opt/upload.sh");
}

/* ---- secrets never leave ---- */

static void test_secrets_never_in_output(void **state)
{
	struct tt_fx *f = *state;
	static const char *const secrets[] = {
		"Jicofo-Pw-123", "Jvb-Pw-456", "JwtSecret-789", "Turn-Secret-0ab",
		"Ldap-Bind-pw", "Xmpp-Jibri-pw"
	};
	char *all;
	size_t i;

	put_checkout(f,
		     "CONFIG=~/.jitsi-meet-cfg\n"
		     "ENABLE_AUTH=1\nAUTH_TYPE=jwt\n"
		     "JWT_APP_SECRET=JwtSecret-789\n"
		     "JICOFO_AUTH_PASSWORD=Jicofo-Pw-123\n"
		     "JVB_AUTH_PASSWORD=Jvb-Pw-456\n"
		     "LDAP_BINDPW=Ldap-Bind-pw\n"
		     "JIBRI_XMPP_PASSWORD=Xmpp-Jibri-pw\n"
		     "BROKEN LINE Turn-Secret-0ab\n");
	tt_put(f, CFG "/prosody/config/conf.d/jitsi-meet.cfg.lua",
	       "external_service_secret = \"Turn-Secret-0ab\"\n"
	       "VirtualHost \"meet.jitsi\"\n"
	       "  authentication = \"token\"\n"
	       "  app_secret = \"JwtSecret-789\"\n"
	       "  allow_empty_token = true\n");
	tt_put(f, CFG "/jicofo/jicofo.conf",
	       "jicofo.xmpp.client { password = \"Jicofo-Pw-123\"\n  hostname = Jvb-Pw-456 x\n");
	run(f);
	assert_bool(f, "site:meet.jitsi", "secrets.api_secret_set", 1);
	assert_bool(f, "site:meet.jitsi", "access.jwt_allow_empty", 1);
	assert_bool(f, "site:meet.jitsi", "access.anonymous_join", 1);
	assert_bool(f, "site:meet.jitsi", "secrets.service_passwords_set", 1);
	/* the broken .env line and jicofo.conf are reported without their content */
	assert_non_null(tt_diag(f, ".env", NULL));
	assert_int_equal(tt_diag(f, ".env", NULL)->line, 9);
	assert_non_null(tt_diag(f, "jicofo.conf", "malformed HOCON"));
	all = tt_dump(tt_report_json(f));
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (strstr(all, secrets[i]))
			fail_msg("secret %s in the output", secrets[i]);
	free(all);
}

/* ---- broken files: diagnostics with lines, the rest audited ---- */

static void test_broken_files(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *dg;

	tt_put(f, CONF,
	       "var config = {\n"
	       "    hosts: { domain: 'meet.test' },\n"
	       "    localRecording: { disable: true\n"
	       "    p2p: {},\n"
	       "};\n");
	tt_put(f, "/etc/prosody/conf.d/meet.test.cfg.lua",
	       "VirtualHost \"meet.test\"\n"
	       "    authentication = \"internal_hashed\"\n"
	       "    c2s_require_encryption = true\n");
	tt_put(f, "/etc/prosody/prosody.cfg.lua", "admins = { }\nlog = {\n");
	tt_put(f, "/etc/jitsi/jibri/jibri.conf", "jibri {\n  recording {\n    x = [\n}\n");
	tt_put(f, "/etc/jitsi/videobridge/jvb.conf",
	       "ice4j.harvest.mapping.stun.addresses = [ \"stun.vendor.example:443\" ]\n");
	run(f);
	/* config.js: the file name is the site; a diagnostic at the line */
	dg = tt_diag(f, "meet.test-config.js", "could not be evaluated");
	assert_non_null(dg);
	assert_int_equal(dg->line, 4);
	assert_null(fact(f, SITE, "recording.local.allowed"));
	assert_true(error_keys(f, SITE, "meet.test-config.js", "recording.local.allowed"));
	/* the main Prosody file is cut off; the site's file still decides */
	dg = tt_diag(f, "/etc/prosody/prosody.cfg.lua", NULL);
	assert_non_null(dg);
	assert_true(dg->line > 0);
	assert_str(f, SITE, "access.authentication", "internal");
	assert_bool(f, SITE, "encryption.transport_required", 1);
	assert_true(error_keys(f, SITE, "prosody.cfg.lua", "access.authentication"));
	/* jibri.conf: a diagnostic with its line, no recording facts */
	dg = tt_diag(f, "jibri.conf", "malformed HOCON");
	assert_non_null(dg);
	assert_int_equal(dg->line, 4);
	assert_null(fact(f, SITE, "recording.server.path"));
	assert_true(error_keys(f, SITE, "jibri.conf", "recording.retention_days"));
	/* JVB still read: its third-party STUN server is listed */
	assert_true(has_item(f, SITE, "telemetry.stun_external", "stun.vendor.example"));
	assert_bool(f, SITE, "product.installed", 1);
}

static void test_custom_config_broken(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *dg;

	put_checkout(f, "CONFIG=~/.jitsi-meet-cfg\n");
	tt_put(f, CFG "/web/config.js",
	       "var config = {};\nconfig.hosts = { domain: 'meet.jitsi' };\n"
	       "config.localRecording = { disable: true };\n");
	tt_put(f, CFG "/web/custom-config.js", "// x\nconfig.nothing.here = 1;\n");
	run(f);
	dg = tt_diag(f, "custom-config.js", "could not be evaluated");
	assert_non_null(dg);
	assert_int_equal(dg->line, 2);
	/* config.js alone is audited */
	assert_bool(f, "site:meet.jitsi", "recording.local.allowed", 0);
	assert_at(f, "site:meet.jitsi", "recording.local.allowed", "web/config.js", 3);
	assert_true(error_keys(f, "site:meet.jitsi", "custom-config.js", "recording.local.allowed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing_found, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_code_defaults, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_explicit_values, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_corpus_config_and_name, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_docker_custom_wins, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_docker_env_rootless, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_prosody_virtualhosts, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_prosody_debian_template, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_jibri_defaults, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_jibri_configured, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_cron_retention, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_finalize_missing_or_opaque, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_secrets_never_in_output, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_broken_files, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_custom_config_broken, setup, tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
