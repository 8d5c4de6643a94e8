/*
 * BigBlueButton server scanner: the corpus files at their packaged places,
 * the override model with the line of the file that set each value, the
 * API secret that never leaves, broken files, cleanup and recordings.
 */
#include "testtree.h"

#include <fnmatch.h>

extern const struct vc_scanner_entry vc_scanner_bbb_server;

#define PROPS "/usr/share/bbb-web/WEB-INF/classes/bigbluebutton.properties"
#define PROPS_OVER "/etc/bigbluebutton/bbb-web.properties"
#define SETTINGS "/usr/share/bigbluebutton/html5-client/private/config/settings.yml"
#define SETTINGS_METEOR "/usr/share/meteor/bundle/programs/server/assets/app/config/settings.yml"
#define SETTINGS_OVER "/etc/bigbluebutton/bbb-html5.yml"
#define RECYML "/usr/local/bigbluebutton/core/scripts/bigbluebutton.yml"
#define RECYML_OVER "/etc/bigbluebutton/recording/recording.yml"
#define STUN "/usr/share/bbb-web/WEB-INF/classes/spring/turn-stun-servers.xml"
#define STUN_OVER "/etc/bigbluebutton/turn-stun-servers.xml"
#define CRON "/etc/cron.daily/bigbluebutton"
#define CRON_CONF "/etc/default/bigbluebutton-cron-config"

#define ID1 "183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1775000000000"
#define ID2 "9a1c5c0e8f7d4b3a2c1b0a9f8e7d6c5b4a3f2e1d-1789000000000"
#define ID3 "aa11bb22cc33dd44ee55ff6677889900aabbccdd-1788000000000"
#define DAY 86400
#define META "<recording><meta><meetingName>Borgermøde Hansen</meetingName></meta></recording>\n"

/* ---- helpers ---- */

static char *corpus(const char *name, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/bigbluebutton/%s", vc_test_corpus(), name);
	return vc_test_slurp(path, len);
}

static void put_corpus(struct tt_fx *f, const char *rel, const char *name)
{
	size_t len;
	char *data = corpus(name, &len);

	tt_put_bytes(f, rel, data, len);
	free(data);
}

/*
 * The value of securitySalt in a corpus file, read at run time: the
 * published secrets are never written into this source.
 */
static char *corpus_salt(const char *name)
{
	char *text = corpus(name, NULL), *p, *e, *salt;

	p = strstr(text, "\nsecuritySalt=");
	assert_non_null(p);
	p += strlen("\nsecuritySalt=");
	e = p + strcspn(p, "\r\n");
	salt = strndup(p, (size_t)(e - p));
	assert_non_null(salt);
	assert_true(strlen(salt) >= 16);
	free(text);
	return salt;
}

/* The packaged files of a server, as the corpus has them. */
static void put_packaged(struct tt_fx *f)
{
	put_corpus(f, PROPS, "bigbluebutton.properties");
	put_corpus(f, SETTINGS, "settings.yml");
	put_corpus(f, RECYML, "bigbluebutton.yml");
	put_corpus(f, STUN, "turn-stun-servers.xml");
}

static int setup(void **state)
{
	*state = tt_new("/tmp", "vc-bbb");
	return 0;
}

static void run(struct tt_fx *f)
{
	tt_scan_homes(f, "bbb-server-test-key", 0);
	assert_int_equal(vc_scanner_bbb_server.scan(&f->ctx), 0);
}

static const struct vc_fact *fact(struct tt_fx *f, const char *key)
{
	return vc_fact_find(&f->ctx.facts, "bigbluebutton", "host", key);
}

static const struct vc_fact *must(struct tt_fx *f, const char *key)
{
	const struct vc_fact *x = fact(f, key);

	if (!x)
		fail_msg("fact bigbluebutton/host/%s missing", key);
	return x;
}

/* The fact's value, source and line are as expected. */
static void expect_at(struct tt_fx *f, const char *key, const char *source, int line)
{
	const struct vc_fact *x = must(f, key);

	assert_non_null(x->source);
	assert_string_equal(x->source, source);
	assert_int_equal(x->line, line);
}

static void expect_bool(struct tt_fx *f, const char *key, int want)
{
	const struct vc_fact *x = must(f, key);

	assert_true(json_is_boolean(x->value));
	assert_int_equal(json_is_true(x->value), want);
}

static void expect_str(struct tt_fx *f, const char *key, const char *want)
{
	const struct vc_fact *x = must(f, key);

	assert_true(json_is_string(x->value));
	assert_string_equal(json_string_value(x->value), want);
}

static void expect_int(struct tt_fx *f, const char *key, json_int_t want)
{
	const struct vc_fact *x = must(f, key);

	assert_true(json_is_integer(x->value));
	assert_int_equal(json_integer_value(x->value), want);
}

/* 1 when a collection error names `src` and covers the fact `key`. */
static int error_covers(struct tt_fx *f, const char *src, const char *key)
{
	size_t i;

	for (i = 0; i < f->ctx.nerrors; i++) {
		const struct vc_collect_error *e = &f->ctx.errors[i];
		char *keys, *tok, *save = NULL;
		int hit = 0;

		if (strcmp(e->product, "bigbluebutton") || !strstr(e->source, src))
			continue;
		if (!e->keys)
			return 1;
		keys = strdup(e->keys);
		assert_non_null(keys);
		for (tok = strtok_r(keys, ",", &save); tok && !hit;
		     tok = strtok_r(NULL, ",", &save))
			hit = fnmatch(tok, key, 0) == 0;
		free(keys);
		if (hit)
			return 1;
	}
	return 0;
}

static int in_list(const json_t *list, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

/* The recording entry whose path ends with `tail` and has `kind`. */
static json_t *recording(struct tt_fx *f, const char *kind, const char *tail)
{
	const struct vc_fact *x = must(f, "artifacts.recordings");
	size_t i, n = strlen(tail);
	json_t *e;

	json_array_foreach(x->value, i, e) {
		const char *p = json_string_value(json_object_get(e, "path"));
		const char *k = json_string_value(json_object_get(e, "kind"));

		if (p && k && !strcmp(k, kind) && strlen(p) >= n &&
		    !strcmp(p + strlen(p) - n, tail))
			return e;
	}
	fail_msg("no %s recording ending in %s", kind, tail);
	return NULL;
}

static json_int_t field(json_t *e, const char *name)
{
	json_t *v = json_object_get(e, name);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

/* ---- tests ---- */

/*
 * The corpus: packaged defaults with the real published override over
 * them. Each fact cites the file that set it; the salt never comes out.
 */
static void test_corpus_override(void **state)
{
	struct tt_fx *f = *state;
	char *salt = corpus_salt("bbb-web.properties-override-wlgrbbb");
	char *placeholder = corpus_salt("bigbluebutton.properties");
	char *all;
	size_t i;

	put_packaged(f);
	put_corpus(f, PROPS_OVER, "bbb-web.properties-override-wlgrbbb");
	run(f);

	expect_bool(f, "product.installed", 1);
	expect_str(f, "product.version", "3.0.9");
	expect_at(f, "product.version", RECYML, 1);
	/* securitySalt and serverURL come from the override, lines 6 and 5 */
	expect_bool(f, "secrets.api_secret_set", 1);
	expect_bool(f, "secrets.api_secret_public", 1);
	expect_at(f, "secrets.api_secret_set", PROPS_OVER, 6);
	expect_at(f, "secrets.api_secret_public", PROPS_OVER, 6);
	assert_int_equal(strlen(must(f, "secrets.api_secret_public")->sha256), 64);
	expect_bool(f, "encryption.transport_required", 1);
	expect_at(f, "encryption.transport_required", PROPS_OVER, 5);
	/* everything else from the packaged file, at its own lines */
	expect_bool(f, "access.anonymous_join", 1);
	expect_bool(f, "access.lobby", 0);
	expect_at(f, "access.lobby", PROPS, 158);
	expect_bool(f, "recording.cloud.allowed", 1);
	expect_at(f, "recording.cloud.allowed", PROPS, 224);
	expect_str(f, "recording.auto", "none");
	expect_at(f, "recording.auto", PROPS, 229);
	expect_str(f, "recording.consent", "none");
	expect_at(f, "recording.consent", PROPS, 443);
	expect_bool(f, "recording.keep_events", 0);
	expect_bool(f, "reports.attendance", 1);
	expect_at(f, "reports.attendance", PROPS, 449);
	/* settings.yml */
	expect_bool(f, "recording.transcription", 0);
	expect_at(f, "recording.transcription", SETTINGS, 91);
	expect_str(f, "recording.transcription_provider", "webspeech");
	expect_bool(f, "chat.save_local", 1);
	expect_at(f, "chat.save_local", SETTINGS, 575);
	assert_int_equal(json_array_size(must(f, "telemetry.client_log_external")->value), 0);
	/* the corpus XML hands out Google's STUN server (line 28) */
	assert_string_equal(json_string_value(json_array_get(
		must(f, "telemetry.stun_external")->value, 0)), "stun.l.google.com");
	expect_at(f, "telemetry.stun_external", STUN, 28);
	assert_int_equal(json_array_size(must(f, "telemetry.thirdparty")->value), 2);
	/* publishedDir, with its real path for the derived facts */
	expect_str(f, "recording.server.path", "/var/bigbluebutton/published");
	expect_at(f, "recording.server.path", PROPS, 341);
	assert_string_equal(must(f, "recording.server.path")->local_path,
			    "/var/bigbluebutton/published");
	/* no cron files in this tree: retention unknown, nothing on disk */
	assert_null(fact(f, "recording.raw_retention_days"));
	assert_null(fact(f, "recording.retention_days"));
	assert_int_equal(json_array_size(must(f, "artifacts.recordings")->value), 0);
	assert_int_equal(f->ctx.diags.n, 0);

	/* every source is listed with its digest */
	assert_true(json_array_size(f->ctx.sources) >= 5);
	for (i = 0; i < json_array_size(f->ctx.sources); i++)
		assert_int_equal(strlen(json_string_value(json_object_get(
			json_array_get(f->ctx.sources, i), "sha256"))), 64);

	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, salt));
	assert_null(strstr(all, placeholder));
	free(all);
	free(salt);
	free(placeholder);
}

/* The packaged placeholder alone is public; an own secret is not; an empty one is unset. */
static void test_secret_values(void **state)
{
	struct tt_fx *f = *state;
	char *all;

	put_corpus(f, PROPS, "bigbluebutton.properties");
	run(f);
	expect_bool(f, "secrets.api_secret_public", 1);
	expect_at(f, "secrets.api_secret_public", PROPS, 324);
	tt_teardown(state);

	f = *state = tt_new("/tmp", "vc-bbb");
	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, PROPS_OVER,
	       "salt.part=d41e3c0b9a\nsecuritySalt=${salt.part}-our-own-0f9e8d7c6b\n");
	run(f);
	expect_bool(f, "secrets.api_secret_set", 1);
	expect_bool(f, "secrets.api_secret_public", 0);
	expect_at(f, "secrets.api_secret_public", PROPS_OVER, 2);
	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, "our-own"));
	assert_null(strstr(all, "d41e3c0b9a"));
	free(all);
	tt_teardown(state);

	f = *state = tt_new("/tmp", "vc-bbb");
	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, PROPS_OVER, "# emptied by hand\nsecuritySalt=   \n");
	run(f);
	expect_bool(f, "secrets.api_secret_set", 0);
	expect_at(f, "secrets.api_secret_set", PROPS_OVER, 2);
	assert_null(fact(f, "secrets.api_secret_public"));
}

/* bbb-html5.yml over settings.yml and recording.yml over bigbluebutton.yml, lines included. */
static void test_yaml_overrides(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;

	put_packaged(f);
	tt_put(f, PROPS_OVER, "bigbluebutton.web.serverURL=https://meet.example.org\n"
	       "securitySalt=0123456789abcdef0123456789abcdef\n");
	tt_put(f, SETTINGS_OVER,
	       "public:\n"
	       "  chat:\n"
	       "    enableSaveAndCopyPublicChat: false\n"
	       "  app:\n"
	       "    audioCaptions:\n"
	       "      enabled: true\n"
	       "  clientLog:\n"
	       "    external:\n"
	       "      enabled: true\n"
	       "      url: https://logs.example.net/html5Log\n"
	       "  media:\n"
	       "    fallbackStunServer: 'stun:stun.meet.example.org:3478'\n");
	tt_put(f, RECYML_OVER, "playback_protocol: http\nbbb_version: '3.0.10'\n");
	run(f);

	expect_bool(f, "chat.save_local", 0);
	expect_at(f, "chat.save_local", SETTINGS_OVER, 3);
	expect_bool(f, "recording.transcription", 1);
	expect_at(f, "recording.transcription", SETTINGS_OVER, 6);
	/* the provider is still the packaged one, from its own file */
	expect_str(f, "recording.transcription_provider", "webspeech");
	expect_at(f, "recording.transcription_provider", SETTINGS, 95);
	/* logs go to another domain: a third party, cited at the url line */
	x = must(f, "telemetry.client_log_external");
	assert_int_equal(json_array_size(x->value), 1);
	assert_string_equal(json_string_value(json_array_get(x->value, 0)), "logs.example.net");
	expect_at(f, "telemetry.client_log_external", SETTINGS_OVER, 10);
	/* the fallback STUN server is in the server's own domain; Google's is not */
	x = must(f, "telemetry.stun_external");
	assert_int_equal(json_array_size(x->value), 1);
	assert_string_equal(json_string_value(json_array_get(x->value, 0)), "stun.l.google.com");
	x = must(f, "telemetry.thirdparty");
	assert_int_equal(json_array_size(x->value), 4);
	assert_true(in_list(x->value, "client-log:logs.example.net"));
	assert_true(in_list(x->value, "speech:webspeech"));
	assert_true(in_list(x->value, "stun:stun.l.google.com"));
	assert_true(in_list(x->value, "external-video"));
	/* recording.yml: playback over http, and a version of its own */
	expect_bool(f, "encryption.transport_required", 0);
	expect_at(f, "encryption.transport_required", RECYML_OVER, 1);
	expect_str(f, "product.version", "3.0.10");
	expect_at(f, "product.version", RECYML_OVER, 2);
}

/* Broken files: diagnostics with lines, uncertain facts marked, the rest audited. */
static void test_broken_files(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	put_packaged(f);
	tt_put(f, PROPS_OVER, "bigbluebutton.web.serverURL=https://meet.example.org\n"
	       "defaultGuestPolicy=ASK_MODERATOR\n"
	       "broken=\\uZZZZ\n"
	       "securitySalt=0123456789abcdef0123456789abcdef\n");
	tt_put(f, SETTINGS_OVER, "public:\n  chat: [unclosed\n  app:\n");
	tt_put(f, STUN_OVER, "<?xml version=\"1.0\"?>\n<beans>\n  <bean id=\"stun1\">\n</beans>\n");
	run(f);

	/* properties: the bad entry is skipped, the others kept */
	d = tt_diag(f, PROPS_OVER, "malformed entry skipped");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_true(error_covers(f, PROPS_OVER, "secrets.api_secret_set"));
	expect_bool(f, "access.lobby", 1);
	expect_at(f, "access.lobby", PROPS_OVER, 2);
	expect_bool(f, "secrets.api_secret_set", 1);
	/* YAML: the override is ignored with its line; the packaged values stand */
	d = tt_diag(f, SETTINGS_OVER, "malformed YAML");
	assert_non_null(d);
	assert_true(d->line >= 2);
	assert_true(error_covers(f, SETTINGS_OVER, "chat.save_local"));
	assert_false(error_covers(f, SETTINGS_OVER, "secrets.api_secret_set"));
	expect_bool(f, "chat.save_local", 1);
	expect_at(f, "chat.save_local", SETTINGS, 575);
	/* XML: the override replaces the packaged file, so STUN is unknown */
	d = tt_diag(f, STUN_OVER, "malformed XML");
	assert_non_null(d);
	assert_true(d->line >= 3);
	assert_true(error_covers(f, STUN_OVER, "telemetry.stun_external"));
	assert_null(fact(f, "telemetry.stun_external"));
	assert_null(fact(f, "telemetry.thirdparty"));
	/* the rest of the server is audited */
	expect_bool(f, "recording.cloud.allowed", 1);
	expect_str(f, "product.version", "3.0.9");
	assert_non_null(fact(f, "artifacts.recordings"));
}

/* Entity declarations are refused before libxml2 sees the file. */
static void test_xml_entities_refused(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, STUN_OVER, "<?xml version=\"1.0\"?>\n<!DOCTYPE beans [\n"
	       "  <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n<beans>&x;</beans>\n");
	run(f);
	d = tt_diag(f, STUN_OVER, "entity declarations are refused");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_null(fact(f, "telemetry.stun_external"));
	assert_true(error_covers(f, STUN_OVER, "telemetry.stun_external"));
}

/* Only the servers StunTurnService hands out count; own servers are not third parties. */
static void test_stun_servers(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	char *all;

	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, PROPS_OVER, "bigbluebutton.web.serverURL=https://bbb.kommune.example.dk\n");
	tt_put(f, STUN_OVER,
	       "<beans>\n"
	       "<bean id=\"s1\" class=\"org.bigbluebutton.web.services.turn.StunServer\">\n"
	       "  <constructor-arg index=\"0\" value=\"stun:turn.kommune.example.dk:3478\"/>\n"
	       "</bean>\n"
	       "<bean id=\"t1\" class=\"org.bigbluebutton.web.services.turn.TurnServer\">\n"
	       "  <constructor-arg index=\"0\" value=\"unit-turn-secret-value\"/>\n"
	       "  <constructor-arg index=\"1\"\n"
	       "    value=\"turns:relay.example-cloud.com:443?transport=tcp\"/>\n"
	       "</bean>\n"
	       "<bean id=\"s2\" class=\"org.bigbluebutton.web.services.turn.StunServer\">\n"
	       "  <constructor-arg index=\"0\" value=\"stun:stun.unused.example.com\"/>\n"
	       "</bean>\n"
	       "<bean id=\"svc\" class=\"org.bigbluebutton.web.services.turn.StunTurnService\">\n"
	       "  <property name=\"stunServers\"><set><ref bean=\"s1\"/></set></property>\n"
	       "  <property name=\"turnServers\"><set><ref bean=\"t1\"/></set></property>\n"
	       "</bean>\n"
	       "</beans>\n");
	tt_put(f, "/etc/kurento/modules/kurento/WebRtcEndpoint.conf.ini",
	       "; Kurento\nstunServerAddress=stun.l.google.com\nstunServerPort=19302\n");
	run(f);
	x = must(f, "telemetry.stun_external");
	assert_int_equal(json_array_size(x->value), 2);
	assert_string_equal(json_string_value(json_array_get(x->value, 0)),
			    "relay.example-cloud.com");
	assert_string_equal(json_string_value(json_array_get(x->value, 1)), "stun.l.google.com");
	/* libxml2 dates an element at the end of its start tag: the value's line */
	expect_at(f, "telemetry.stun_external", STUN_OVER, 8);
	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, "unit-turn-secret-value"));
	assert_null(strstr(all, "stun.unused.example.com"));
	free(all);
}

/* The 2.x layout: settings.yml under meteor; disabledFeatures switches features off. */
static void test_meteor_layout_and_features(void **state)
{
	struct tt_fx *f = *state;

	put_corpus(f, PROPS, "bigbluebutton.properties");
	put_corpus(f, SETTINGS_METEOR, "settings.yml");
	tt_put(f, PROPS_OVER, "disabledFeatures=captions, learningDashboard ,chat\n"
	       "defaultGuestPolicy=ALWAYS_DENY\n"
	       "disableRecordingDefault=true\nautoStartRecording=true\n"
	       "defaultKeepEvents=yes\n");
	run(f);
	expect_bool(f, "reports.attendance", 0);
	expect_at(f, "reports.attendance", PROPS_OVER, 1);
	expect_bool(f, "chat.save_local", 0);
	expect_at(f, "chat.save_local", PROPS_OVER, 1);
	expect_bool(f, "recording.transcription", 0);
	expect_at(f, "recording.transcription", SETTINGS_METEOR, 91);
	expect_bool(f, "access.anonymous_join", 0);
	expect_bool(f, "access.lobby", 0);
	/* recording disabled: nothing starts automatically */
	expect_bool(f, "recording.cloud.allowed", 0);
	expect_str(f, "recording.auto", "none");
	expect_at(f, "recording.auto", PROPS_OVER, 3);
	expect_bool(f, "recording.keep_events", 1);
	expect_at(f, "recording.keep_events", PROPS_OVER, 5);
	/* no serverURL override: the packaged http:// example */
	expect_bool(f, "encryption.transport_required", 0);
	expect_at(f, "encryption.transport_required", PROPS, 292);
}

/* The daily cleanup: commented calls, the cron config, the recording cleanup script. */
static void test_cleanup(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, CRON, "#!/bin/bash\nhistory=5\nunrecorded_days=14\npublished_days=14\n"
	       "remove_raw_of_recordings_without_marks() {\n  :\n}\n"
	       "remove_raw_of_recordings_without_marks\n"
	       "remove_raw_of_published_recordings(){\n  :\n}\n"
	       "#remove_raw_of_published_recordings\n");
	tt_put(f, CRON_CONF, "published_days=3\nunrecorded_days=2\n");
	tt_put(f, "/etc/cron.daily/bbb-recording-cleanup", "#!/bin/bash\n\nMAXAGE=14\n"
	       "for f in x; do echo \"$f\"; done\n");
	run(f);
	/* the script does not source the config: its values are ignored, and said so */
	d = tt_diag(f, CRON_CONF, "not read by");
	assert_non_null(d);
	expect_int(f, "recording.unrecorded_retention_days", 14);
	expect_at(f, "recording.unrecorded_retention_days", CRON, 3);
	expect_int(f, "recording.raw_retention_days", -1);
	expect_at(f, "recording.raw_retention_days", CRON, 12);
	expect_int(f, "recording.retention_days", 14);
	expect_at(f, "recording.retention_days", "/etc/cron.daily/bbb-recording-cleanup", 3);
	tt_teardown(state);

	f = *state = tt_new("/tmp", "vc-bbb");
	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, CRON, "#!/bin/bash\npublished_days=14\nunrecorded_days=14\n"
	       "[ -r /etc/default/bigbluebutton-cron-config ] && "
	       ". /etc/default/bigbluebutton-cron-config\n"
	       "remove_raw_of_recordings_without_marks\n"
	       "  remove_raw_of_published_recordings   \n");
	tt_put(f, CRON_CONF, "# local\npublished_days=\"7\"\nunrecorded_days=soon\n");
	run(f);
	expect_int(f, "recording.raw_retention_days", 7);
	expect_at(f, "recording.raw_retention_days", CRON_CONF, 2);
	/* a value that is no number: no fact, a diagnostic at its line, an error */
	assert_null(fact(f, "recording.unrecorded_retention_days"));
	d = tt_diag(f, CRON_CONF, "unrecorded_days: not a whole number");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_true(error_covers(f, CRON_CONF, "recording.unrecorded_retention_days"));
	/* /etc/cron.daily without a recording cleanup: published recordings kept for ever */
	expect_int(f, "recording.retention_days", -1);
	expect_at(f, "recording.retention_days", "/etc/cron.daily", 0);
	tt_teardown(state);

	/* an early "exit 0" switches the whole job off */
	f = *state = tt_new("/tmp", "vc-bbb");
	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, CRON, "#!/bin/sh\ntest -x /var/bigbluebutton || exit 0\n"
	       "# disabled for now\nexit 0\nunrecorded_days=14\n"
	       "f() {\n\texit 0\n}\nremove_raw_of_recordings_without_marks\n");
	run(f);
	expect_int(f, "recording.unrecorded_retention_days", -1);
	expect_at(f, "recording.unrecorded_retention_days", CRON, 4);
	expect_int(f, "recording.raw_retention_days", -1);
	expect_at(f, "recording.raw_retention_days", CRON, 0);
}

/* Recordings in every store, counted with their ages; nothing read from metadata. */
static void test_recording_stores(void **state)
{
	struct tt_fx *f = *state;
	const char *pub1 = "/var/bigbluebutton/published/presentation/" ID1;
	json_t *e;
	char *all;

	put_packaged(f);
	tt_put(f, "/var/bigbluebutton/published/presentation/" ID1 "/metadata.xml",
	       META);
	tt_put_bytes(f, "/var/bigbluebutton/published/presentation/" ID1 "/video/webcams.webm",
		     "0123456789", 10);
	tt_put(f, "/var/bigbluebutton/unpublished/presentation/" ID2 "/metadata.xml", "<x/>\n");
	tt_put(f, "/var/bigbluebutton/recording/raw/" ID1 "/events.xml", "<e/>\n");
	tt_put(f, "/var/bigbluebutton/recording/raw/" ID3 "/events.xml", "<e/>\n");
	tt_put_bytes(f, "/var/freeswitch/meetings/" ID3 "-1788000100.opus", "abcd", 4);
	tt_put_bytes(f, "/var/freeswitch/meetings/" ID3 "-1788000900.opus", "abcdef", 6);
	tt_put_bytes(f, "/var/mediasoup/recordings/" ID3 "/cam-1.webm", "abc", 3);
	tt_put(f, "/var/bigbluebutton/events/" ID3 "/events.xml", "<e/>\n");
	tt_put(f, "/var/bigbluebutton/captions/inbox/readme.txt", "not a recording\n");
	tt_put(f, "/var/freeswitch/meetings/notes.txt", "not a recording\n");
	tt_set_mtime(f, "/var/bigbluebutton/published/presentation/" ID1 "/metadata.xml",
		     TT_NOW - 200 * DAY);
	tt_set_mtime(f, "/var/bigbluebutton/published/presentation/" ID1 "/video/webcams.webm",
		     TT_NOW - 150 * DAY);
	tt_set_mtime(f, "/var/freeswitch/meetings/" ID3 "-1788000100.opus", TT_NOW - 41 * DAY);
	tt_set_mtime(f, "/var/freeswitch/meetings/" ID3 "-1788000900.opus", TT_NOW - 40 * DAY);
	tt_set_mtime(f, "/var/bigbluebutton/recording/raw/" ID3 "/events.xml",
		     TT_NOW - 40 * DAY);
	run(f);

	e = recording(f, "published", pub1);
	assert_int_equal(field(e, "files"), 2);
	assert_int_equal(field(e, "bytes"), 10 + (json_int_t)strlen(META));
	assert_int_equal(field(e, "age_days"), 150);   /* the newest file */
	assert_true(json_is_true(json_object_get(e, "converted")));
	assert_string_equal(json_string_value(json_object_get(e, "format")), "presentation");
	assert_string_equal(json_string_value(json_object_get(e, "product")), "bigbluebutton");
	assert_string_equal(json_string_value(json_object_get(e, "cloud_sync")), "none");
	e = recording(f, "unpublished", ID2);
	assert_true(json_is_true(json_object_get(e, "converted")));
	/* raw data of a published recording, and of one never published */
	assert_true(json_is_true(json_object_get(recording(f, "raw", "/raw/" ID1), "converted")));
	e = recording(f, "raw", "/raw/" ID3);
	assert_true(json_is_false(json_object_get(e, "converted")));
	assert_int_equal(field(e, "age_days"), 40);
	/* loose FreeSWITCH files of one meeting are one entry */
	e = recording(f, "audio", "/var/freeswitch/meetings/" ID3 "*");
	assert_int_equal(field(e, "files"), 2);
	assert_int_equal(field(e, "bytes"), 10);
	assert_int_equal(field(e, "age_days"), 40);
	assert_non_null(recording(f, "video", "/var/mediasoup/recordings/" ID3));
	assert_non_null(recording(f, "events", "/var/bigbluebutton/events/" ID3));
	/* only id-shaped names: 7 entries, no "inbox", no "notes.txt" */
	assert_int_equal(json_array_size(must(f, "artifacts.recordings")->value), 7);

	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, "Borgerm"));
	assert_null(strstr(all, "Hansen"));
	assert_null(strstr(all, "inbox"));
	assert_null(strstr(all, "notes.txt"));
	free(all);
}

/* A recording that cannot be examined makes artifacts.recordings uncertain. */
static void test_unreadable_store(void **state)
{
	struct tt_fx *f = *state;

	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, "/var/bigbluebutton/published/presentation/" ID2 "/video/webcams.webm", "x");
	/* a link that loops where a recording folder should be */
	tt_link(f, "/var/bigbluebutton/published/presentation/" ID1, ID1);
	run(f);
	assert_non_null(tt_diag(f, "/var/bigbluebutton/published",
				"could not be read while searching for recordings"));
	assert_true(error_covers(f, "/var/bigbluebutton/published", "artifacts.recordings"));
	assert_false(error_covers(f, "/var/bigbluebutton/published", "access.lobby"));
	/* what could be read is still listed */
	assert_non_null(recording(f, "published", ID2));
}

/* Nothing of BigBlueButton below the root: installed = false and nothing else. */
static void test_nothing_installed(void **state)
{
	struct tt_fx *f = *state;
	size_t i, n = 0;

	tt_put(f, "/etc/hostname", "plain\n");
	tt_mkdir(f, "/home/ann");
	run(f);
	expect_bool(f, "product.installed", 0);
	for (i = 0; i < f->ctx.facts.n; i++)
		n += !strcmp(f->ctx.facts.v[i].product, "bigbluebutton");
	assert_int_equal(n, 1);
	assert_int_equal(f->ctx.diags.n, 0);
	assert_int_equal(f->ctx.nerrors, 0);
}

/* A guest policy the scanner does not know is a diagnostic, not a guess. */
static void test_unknown_values(void **state)
{
	struct tt_fx *f = *state;

	put_corpus(f, PROPS, "bigbluebutton.properties");
	tt_put(f, PROPS_OVER, "defaultGuestPolicy=SOMETIMES\nnotifyRecordingIsOn=perhaps\n");
	tt_put(f, SETTINGS_OVER, "public:\n  chat:\n    enableSaveAndCopyPublicChat: 'maybe'\n");
	run(f);
	assert_null(fact(f, "access.lobby"));
	assert_null(fact(f, "access.anonymous_join"));
	assert_int_equal(tt_diag(f, PROPS_OVER, "defaultGuestPolicy")->line, 1);
	assert_null(fact(f, "recording.consent"));
	assert_int_equal(tt_diag(f, PROPS_OVER, "notifyRecordingIsOn")->line, 2);
	assert_null(fact(f, "chat.save_local"));
	assert_int_equal(tt_diag(f, SETTINGS_OVER, "enableSaveAndCopyPublicChat")->line, 3);
	/* the rest is read as usual */
	expect_bool(f, "product.installed", 1);
	expect_bool(f, "secrets.api_secret_public", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_corpus_override, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_secret_values, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_yaml_overrides, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_broken_files, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_xml_entities_refused, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_stun_servers, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_meteor_layout_and_features, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_cleanup, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_recording_stores, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_store, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_installed, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_values, setup, tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
