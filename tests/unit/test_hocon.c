/* HOCON: Jitsi's real Jibri/Jicofo/JVB files, merging, substitutions, hostile input. */
#include <jansson.h>
#include "testutil.h"
#include "core/buf.h"
#include "core/err.h"
#include "parsers/hocon.h"

struct parsed {
	json_t *doc, *lines, *inc, *unres;
	int line, col;
	char *text;
	size_t len;
};

static void parsed_free(struct parsed *p)
{
	json_decref(p->doc);
	json_decref(p->lines);
	json_decref(p->inc);
	json_decref(p->unres);
	free(p->text);
	memset(p, 0, sizeof(*p));
}

static int parse_n(struct parsed *p, const char *s, size_t len)
{
	return vc_hocon_parse(&p->doc, &p->lines, &p->inc, &p->unres, &p->line, &p->col, s, len);
}

static int parse(struct parsed *p, const char *s)
{
	return parse_n(p, s, strlen(s));
}

/* Parses a corpus file, which must succeed with nothing unresolved and no includes. */
static void parse_corpus(struct parsed *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->text = vc_test_corpus_file("jitsi", name, &p->len);
	if (parse_n(p, p->text, p->len) != 0)
		fail_msg("%s: %s", name, vc_error_last());
	assert_true(json_is_object(p->doc));
	assert_true(json_is_object(p->lines));
	assert_int_equal(json_array_size(p->unres), 0);
	assert_int_equal(json_array_size(p->inc), 0);
}

static json_t *get(const json_t *doc, const char *path)
{
	json_t *v = vc_hocon_get(doc, path);

	if (!v)
		fail_msg("no value at %s", path);
	return v;
}

static const char *get_str(const json_t *doc, const char *path)
{
	return vc_test_str(get(doc, path), path);
}

static json_int_t get_int(const json_t *doc, const char *path)
{
	return vc_test_int(get(doc, path), path);
}

static int get_bool(const json_t *doc, const char *path)
{
	int b = -1;

	if (vc_hocon_bool(&b, get(doc, path)) != 0)
		fail_msg("%s: %s", path, vc_error_last());
	return b;
}

/* The key's line is `want` and that line of the source mentions `word`. */
static void assert_line(const struct parsed *p, const char *path, json_int_t want,
			const char *word)
{
	char buf[512];

	assert_int_equal(vc_test_line_of(p->lines, path), want);
	if (!strstr(vc_test_line_text(p->text, want, buf, sizeof(buf)), word))
		fail_msg("%s: line %lld does not mention %s", path, (long long)want, word);
}

static void test_every_corpus_file_parses(void **state)
{
	static const char *const files[] = {
		"jibri-reference.conf", "jibri-debian-jibri.conf", "jvb-reference.conf",
		"jvb-jitsi-media-transform-reference.conf", "jicofo-reference.conf",
		"jicofo-common-reference.conf", "jicofo-selector-reference.conf", NULL
	};
	struct parsed p;
	int i;

	(void)state;
	for (i = 0; files[i]; i++) {
		parse_corpus(&p, files[i]);
		assert_true(json_object_size(p.doc) >= 1);
		parsed_free(&p);
	}
	/* Debian's jibri.conf is an empty block: every default applies. */
	parse_corpus(&p, "jibri-debian-jibri.conf");
	assert_int_equal(json_object_size(p.doc), 1);
	assert_true(json_is_object(get(p.doc, "jibri")));
	assert_int_equal(json_object_size(get(p.doc, "jibri")), 0);
	assert_int_equal(vc_test_line_of(p.lines, "jibri"), 1);
	parsed_free(&p);
}

static void test_jibri_reference(void **state)
{
	struct parsed p;
	json_t *a;

	(void)state;
	parse_corpus(&p, "jibri-reference.conf");
	assert_string_equal(get_str(p.doc, "jibri.recording.recordings-directory"),
			    "/tmp/recordings");
	assert_line(&p, "jibri.recording.recordings-directory", 23, "recordings-directory");
	assert_string_equal(get_str(p.doc, "jibri.recording.finalize-script"),
			    "/path/to/finalize");
	assert_line(&p, "jibri.recording.finalize-script", 25, "finalize-script");
	assert_line(&p, "jibri.recording", 22, "recording {");

	/* A multi-line array with a comment inside. */
	a = get(p.doc, "jibri.streaming.rtmp-allow-list");
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(json_string_value(json_array_get(a, 0)), ".*");
	assert_line(&p, "jibri.streaming.rtmp-allow-list", 31, "rtmp-allow-list");
	assert_int_equal(json_array_size(get(p.doc, "jibri.webhook.subscribers")), 0);
	assert_int_equal(json_object_size(get(p.doc, "jibri.jwt-info")), 0);  /* all commented */

	assert_int_equal(get_bool(p.doc, "jibri.single-use-mode"), 0);
	assert_int_equal(get_bool(p.doc, "jibri.stats.enable-stats-d"), 1);
	assert_int_equal(get_int(p.doc, "jibri.api.http.external-api-port"), 2222);
	assert_string_equal(get_str(p.doc, "jibri.api.http.internal-api-host"), "127.0.0.1");
	/* Durations stay strings. */
	assert_string_equal(get_str(p.doc, "jibri.call-status-checks.no-media-timeout"),
			    "3 minutes");

	/* ${?jibri.ffmpeg.video-encode-preset} is not set: the earlier value stays. */
	assert_string_equal(get_str(p.doc, "jibri.ffmpeg.video-encode-preset-streaming"),
			    "veryfast");
	assert_line(&p, "jibri.ffmpeg.video-encode-preset-streaming", 50, "\"veryfast\"");
	assert_string_equal(get_str(p.doc, "jibri.ffmpeg.video-encode-preset-recording"),
			    "ultrafast");
	/* ${jibri.ffmpeg.recording-format}: the line of the assignment. */
	assert_string_equal(get_str(p.doc, "jibri.ffmpeg.recording-extension"), "mp4");
	assert_line(&p, "jibri.ffmpeg.recording-extension", 62, "recording-extension");

	/* Substitutions in arrays keep their type; arrays concatenate. */
	a = get(p.doc, "jibri.ffmpeg.input-linux");
	assert_int_equal(json_array_size(a), 18);
	assert_string_equal(json_string_value(json_array_get(a, 4)), "-r");
	assert_int_equal(json_integer_value(json_array_get(a, 5)), 30);
	assert_string_equal(json_string_value(json_array_get(a, 7)), "1920x1080");
	a = get(p.doc, "jibri.ffmpeg.command-linux-recording");
	assert_int_equal(json_array_size(a), 4 + 18 + 10 + 8 + 10);
	assert_string_equal(json_string_value(json_array_get(a, 0)), "ffmpeg");
	assert_string_equal(json_string_value(json_array_get(a, json_array_size(a) - 1)), "mp4");
	a = get(p.doc, "jibri.ffmpeg.command-mac-streaming");
	assert_string_equal(json_string_value(json_array_get(a, json_array_size(a) - 1)), "flv");
	assert_line(&p, "jibri.ffmpeg.command-linux-recording", 132, "command-linux-recording");
	parsed_free(&p);
}

static void test_jicofo(void **state)
{
	struct parsed p;

	(void)state;
	parse_corpus(&p, "jicofo-reference.conf");
	assert_int_equal(get_bool(p.doc, "jicofo.authentication.enabled"), 0);
	assert_line(&p, "jicofo.authentication.enabled", 7, "enabled = false");
	assert_string_equal(get_str(p.doc, "jicofo.authentication.type"), "NONE");
	assert_string_equal(get_str(p.doc, "jicofo.authentication.authentication-lifetime"),
			    "24 hours");
	assert_null(vc_hocon_get(p.doc, "jicofo.authentication.login-url"));   /* commented */
	assert_int_equal(get_bool(p.doc, "jicofo.conference.enable-auto-owner"), 1);
	assert_int_equal(get_bool(p.doc, "jicofo.conference.enable-moderator-checks"), 1);
	assert_int_equal(get_int(p.doc, "jicofo.conference.max-ssrc-groups-per-user"), 20);
	assert_int_equal(json_object_size(get(p.doc, "jicofo.conference.source-signaling-delays")),
			 0);
	assert_int_equal(get_bool(p.doc, "jicofo.visitors.enabled"), 0);
	assert_string_equal(get_str(p.doc, "tracing.service-name"), "jicofo");
	parsed_free(&p);

	parse_corpus(&p, "jicofo-common-reference.conf");
	assert_int_equal(get_bool(p.doc, "jicofo.xmpp.client.use-tls"), 1);
	assert_line(&p, "jicofo.xmpp.client.use-tls", 171, "use-tls");
	assert_int_equal(get_bool(p.doc, "jicofo.xmpp.client.disable-certificate-verification"), 0);
	assert_string_equal(get_str(p.doc, "jicofo.xmpp.client.resource"), "focus");
	assert_string_equal(get_str(p.doc, "jicofo.xmpp.service.resource"), "focus");
	assert_null(vc_hocon_get(p.doc, "jicofo.xmpp.client.password"));
	assert_int_equal(json_array_size(get(p.doc, "jicofo.xmpp.trusted-domains")), 0);
	/* A substitution that looks forward (sctp is defined after octo). */
	assert_int_equal(get_bool(p.doc, "jicofo.octo.sctp-datachannels"), 1);
	assert_int_equal(json_object_size(get(p.doc, "jicofo.xmpp.visitors")), 0);
	parsed_free(&p);

	parse_corpus(&p, "jicofo-selector-reference.conf");
	assert_string_equal(get_str(p.doc, "jicofo.bridge.selection-strategy"),
			    "SingleBridgeSelectionStrategy");
	assert_true(json_is_real(get(p.doc, "jicofo.bridge.stress-threshold")));
	assert_true(json_real_value(get(p.doc, "jicofo.bridge.stress-threshold")) == 0.8);
	assert_int_equal(get_int(p.doc, "jicofo.bridge.max-bridge-participants-per-interval"), -1);
	assert_int_equal(json_object_size(get(p.doc, "jicofo.transcription.http-headers")), 0);
	parsed_free(&p);
}

static void test_jvb(void **state)
{
	struct parsed p;
	json_t *a;

	(void)state;
	parse_corpus(&p, "jvb-reference.conf");
	/* An unquoted IP address is a string, not a broken number. */
	assert_string_equal(get_str(p.doc, "videobridge.http-servers.private.host"), "127.0.0.1");
	assert_int_equal(get_int(p.doc, "videobridge.http-servers.public.port"), -1);
	assert_string_equal(get_str(p.doc, "videobridge.cc.padding-period"), "15ms");
	assert_string_equal(get_str(p.doc, "videobridge.cc.max-oversend-bitrate"), "500 kbps");
	assert_int_equal(get_int(p.doc, "videobridge.cc.jvb-last-n"), -1);
	assert_true(json_real_value(get(p.doc, "videobridge.cc.bwe-change-threshold")) == 0.15);
	assert_int_equal(get_bool(p.doc, "videobridge.redact-colibri-http-headers"), 1);
	assert_line(&p, "videobridge.redact-colibri-http-headers", 429,
		    "redact-colibri-http-headers");
	assert_string_equal(get_str(p.doc, "videobridge.entity-expiration.check-interval"),
			    "1 minute");
	assert_string_equal(get_str(p.doc, "videobridge.apis.xmpp-client.presence-interval"),
			    "5 seconds");
	/* Not a JSON number: stays as written. */
	assert_string_equal(get_str(p.doc,
				    "videobridge.load-management.load-reducers.last-n.reduction-scale"),
			    ".75");
	a = get(p.doc, "videobridge.apis.xmpp-client.stats-filter.whitelist");
	assert_int_equal(json_array_size(a), 12);
	assert_string_equal(json_string_value(json_array_get(a, 11)), "version");
	assert_int_equal(json_object_size(get(p.doc,
					      "videobridge.load-management.conference-last-n-limits")),
			 0);
	assert_string_equal(get_str(p.doc, "tracing.service-name"), "jvb");
	parsed_free(&p);

	parse_corpus(&p, "jvb-jitsi-media-transform-reference.conf");
	assert_string_equal(get_str(p.doc, "jmt.bwe.estimator.engine"), "GoogleCc2");
	assert_string_equal(get_str(p.doc, "jmt.bwe.send-side.loss-experiment.bitrate-threshold"),
			    "100 kbps");
	a = get(p.doc, "jmt.dtls.cipher-suites");
	assert_int_equal(json_array_size(a), 5);
	assert_string_equal(json_string_value(json_array_get(a, 4)),
			    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
	assert_string_equal(get_str(p.doc, "jmt.dtls.local-fingerprint-hash-function"), "sha-256");
	assert_int_equal(get_int(p.doc, "jmt.srtp.max-consecutive-packets-discarded-early"), -1);
	assert_string_equal(get_str(p.doc, "jmt.debug.packet-loss.incoming.uniform-rate"), "0 %");
	assert_true(json_is_real(get(p.doc, "jmt.bwe.overuse-detector.initial-threshold")));
	assert_int_equal(get_bool(p.doc, "jmt.debug.pcap.enabled"), 0);
	parsed_free(&p);
}

/* A docker-style jibri.conf over the reference: the later file wins, with its lines. */
static void test_override_merge(void **state)
{
	static const char docker[] =
		"jibri {\n"
		"  recording {\n"
		"    recordings-directory = \"/config/recordings\"\n"
		"  }\n"
		"  streaming.rtmp-allow-list = [ \"^rtmp://live.example.org/.*$\" ]\n"
		"  stats = null\n"
		"}\n";
	struct parsed ref, over, deb;
	json_t *a;

	(void)state;
	parse_corpus(&ref, "jibri-reference.conf");
	memset(&over, 0, sizeof(over));
	assert_int_equal(parse(&over, docker), 0);

	/* The Debian package's empty block changes nothing. */
	parse_corpus(&deb, "jibri-debian-jibri.conf");
	assert_int_equal(vc_hocon_merge(ref.doc, ref.lines, deb.doc, deb.lines), 0);
	assert_string_equal(get_str(ref.doc, "jibri.recording.recordings-directory"),
			    "/tmp/recordings");
	assert_int_equal(vc_test_line_of(ref.lines, "jibri.recording.recordings-directory"), 23);

	assert_int_equal(vc_hocon_merge(ref.doc, ref.lines, over.doc, over.lines), 0);
	assert_string_equal(get_str(ref.doc, "jibri.recording.recordings-directory"),
			    "/config/recordings");
	assert_int_equal(vc_test_line_of(ref.lines, "jibri.recording.recordings-directory"), 3);
	/* Siblings the override does not set keep the reference's value and line. */
	assert_string_equal(get_str(ref.doc, "jibri.recording.finalize-script"),
			    "/path/to/finalize");
	assert_int_equal(vc_test_line_of(ref.lines, "jibri.recording.finalize-script"), 25);
	assert_string_equal(get_str(ref.doc, "jibri.ffmpeg.recording-format"), "mp4");
	assert_int_equal(vc_test_line_of(ref.lines, "jibri.ffmpeg.recording-format"), 61);
	/* Arrays are replaced, not appended. */
	a = get(ref.doc, "jibri.streaming.rtmp-allow-list");
	assert_int_equal(json_array_size(a), 1);
	assert_string_equal(json_string_value(json_array_get(a, 0)),
			    "^rtmp://live.example.org/.*$");
	assert_int_equal(vc_test_line_of(ref.lines, "jibri.streaming.rtmp-allow-list"), 5);
	/* An object replaced by null: its keys and their lines are gone. */
	assert_true(json_is_null(get(ref.doc, "jibri.stats")));
	assert_int_equal(vc_test_line_of(ref.lines, "jibri.stats"), 6);
	assert_null(json_object_get(ref.lines, "jibri.stats.enable-stats-d"));
	assert_null(json_object_get(ref.lines, "jibri.stats.prometheus.enabled"));
	/* The override was not changed. */
	assert_int_equal(json_object_size(get(over.doc, "jibri")), 3);

	assert_int_equal(vc_hocon_merge(ref.doc, NULL, json_array_get(a, 0), NULL), VC_ERROR);
	parsed_free(&ref);
	parsed_free(&over);
	parsed_free(&deb);
}

static void test_paths_and_merging(void **state)
{
	struct parsed a, b;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	/* Dotted keys and nested blocks are the same thing. */
	assert_int_equal(parse(&a, "a.b.c = 1\na.b.d = x\n"), 0);
	assert_int_equal(parse(&b, "a {\n  b { c = 1, d = \"x\" }\n}\n"), 0);
	assert_true(json_equal(a.doc, b.doc));
	assert_int_equal(vc_test_line_of(a.lines, "a.b.c"), 1);
	assert_int_equal(vc_test_line_of(a.lines, "a.b.d"), 2);
	assert_int_equal(vc_test_line_of(a.lines, "a.b"), 2);      /* last assignment into it */
	assert_int_equal(vc_test_line_of(b.lines, "a.b.c"), 2);
	parsed_free(&a);
	parsed_free(&b);

	/* Repeated keys: objects merge (lines per leaf), others: the last wins. */
	assert_int_equal(parse(&a, "foo { a = 42 }\nx = 1\nfoo { b = 43 }\nx = 2\n"
			      "foo.a = 44\n"), 0);
	assert_int_equal(get_int(a.doc, "foo.a"), 44);
	assert_int_equal(get_int(a.doc, "foo.b"), 43);
	assert_int_equal(get_int(a.doc, "x"), 2);
	assert_int_equal(vc_test_line_of(a.lines, "foo.a"), 5);
	assert_int_equal(vc_test_line_of(a.lines, "foo.b"), 3);
	assert_int_equal(vc_test_line_of(a.lines, "x"), 4);
	parsed_free(&a);
	/* An object key's line is the last block merged into it. */
	assert_int_equal(parse(&a, "foo {\n  a = 1\n}\nfoo { b = 2 }\n"), 0);
	assert_int_equal(vc_test_line_of(a.lines, "foo"), 4);
	assert_int_equal(vc_test_line_of(a.lines, "foo.a"), 2);
	parsed_free(&a);
	/* A non-object in between stops the merge. */
	assert_int_equal(parse(&a, "foo : { a : 42 }, foo : null, foo : { b : 43 }"), 0);
	assert_null(vc_hocon_get(a.doc, "foo.a"));
	assert_int_equal(get_int(a.doc, "foo.b"), 43);
	parsed_free(&a);

	/* Quoted keys keep their dots; lines escape them. */
	assert_int_equal(parse(&a, "\"a.b\" = 1\na.\"b.c\".d = 2\n\"back\\\\slash\" : 3\n"
			      "k \"x.y\" z = 4\n"), 0);
	assert_int_equal(get_int(a.doc, "a\\.b"), 1);
	assert_int_equal(json_integer_value(json_object_get(a.doc, "a.b")), 1);
	assert_int_equal(get_int(a.doc, "a.b\\.c.d"), 2);
	assert_int_equal(get_int(a.doc, "back\\\\slash"), 3);
	assert_int_equal(json_integer_value(json_object_get(a.doc, "back\\slash")), 3);
	assert_int_equal(json_integer_value(json_object_get(a.doc, "k x.y z")), 4);
	assert_int_equal(vc_test_line_of(a.lines, "a\\.b"), 1);
	assert_int_equal(vc_test_line_of(a.lines, "a.b\\.c.d"), 2);
	assert_int_equal(vc_test_line_of(a.lines, "back\\\\slash"), 3);
	assert_null(json_object_get(a.lines, "a.b.c.d"));
	assert_null(vc_hocon_get(a.doc, "a..b"));
	parsed_free(&a);
}

static void test_values(void **state)
{
	struct parsed a;
	json_t *arr;
	int b;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_int_equal(parse(&a,
			       "s1 = foo bar  baz   // comment\n"
			       "s2 = \"x\" \"y\"\n"
			       "s3 = 10.0bar\n"
			       "s4 = true foo\n"
			       "s5 = \"\\u00e9\\ud83d\\ude00\\t\\\"\"\n"
			       "s6 = \"\"\"two\nlines \"quoted\" \"\"\"\"\n"
			       "s7 = a:b\n"
			       "n1 = 42, n2 = -7, n3 = 1.5e3, n4 = 25.0, n5 = 01\n"
			       "n6 = 9223372036854775808\n"
			       "b1 = true, b2 = false, b3 = yes, b4 = off, b5 = TRUE, nul = null\n"
			       "a1 = [ 1 2 3 ]\n"
			       "a2 = [ [1, 2] [3, 4] ]\n"
			       "a3 = [\n  1\n  2,\n  3,\n]\n"
			       "e = \"\"\n"), VC_EPARSE);   /* a:b: ':' ends the value */
	assert_int_equal(a.line, 8);       /* s6 spans lines 6 and 7 */
	assert_int_equal(a.col, 7);
	assert_null(a.doc);
	assert_int_equal(parse(&a,
			       "s1 = foo bar  baz   // comment\n"
			       "s2 = \"x\" \"y\"\n"
			       "s3 = 10.0bar\n"
			       "s4 = true foo\n"
			       "s5 = \"\\u00e9\\ud83d\\ude00\\t\\\"\"\n"
			       "s6 = \"\"\"two\nlines \"quoted\" \"\"\"\"\n"
			       "s7 = \"a:b\"\n"
			       "n1 = 42, n2 = -7, n3 = 1.5e3, n4 = 25.0, n5 = 01\n"
			       "n6 = 9223372036854775808\n"
			       "b1 = true, b2 = false, b3 = yes, b4 = off, b5 = TRUE, nul = null\n"
			       "a1 = [ 1 2 3 ]\n"
			       "a2 = [ [1, 2] [3, 4] ]\n"
			       "a3 = [\n  1\n  2,\n  3,\n]\n"
			       "e = \"\"\n"), 0);
	assert_string_equal(get_str(a.doc, "s1"), "foo bar  baz");
	assert_string_equal(get_str(a.doc, "s2"), "x y");
	assert_string_equal(get_str(a.doc, "s3"), "10.0bar");
	assert_string_equal(get_str(a.doc, "s4"), "true foo");
	assert_string_equal(get_str(a.doc, "s5"), "\xc3\xa9\xf0\x9f\x98\x80\t\"");
	assert_string_equal(get_str(a.doc, "s6"), "two\nlines \"quoted\" \"");
	assert_int_equal(vc_test_line_of(a.lines, "s7"), 8);      /* after a two-line string */
	assert_int_equal(get_int(a.doc, "n1"), 42);
	assert_int_equal(get_int(a.doc, "n2"), -7);
	assert_true(json_is_real(get(a.doc, "n3")) && json_real_value(get(a.doc, "n3")) == 1500);
	assert_true(json_is_real(get(a.doc, "n4")));
	assert_int_equal(get_int(a.doc, "n5"), 1);
	assert_true(json_is_real(get(a.doc, "n6")));
	assert_true(json_is_true(get(a.doc, "b1")));
	assert_true(json_is_false(get(a.doc, "b2")));
	/* yes/off are strings, converted only on request; TRUE is not a boolean. */
	assert_string_equal(get_str(a.doc, "b3"), "yes");
	assert_int_equal(get_bool(a.doc, "b3"), 1);
	assert_int_equal(get_bool(a.doc, "b4"), 0);
	assert_int_equal(vc_hocon_bool(&b, get(a.doc, "b5")), VC_EPARSE);
	assert_int_equal(vc_hocon_bool(&b, get(a.doc, "n1")), VC_EPARSE);
	assert_true(json_is_null(get(a.doc, "nul")));
	arr = get(a.doc, "a1");
	assert_int_equal(json_array_size(arr), 1);
	assert_string_equal(json_string_value(json_array_get(arr, 0)), "1 2 3");
	arr = get(a.doc, "a2");
	assert_int_equal(json_array_size(arr), 1);
	assert_int_equal(json_array_size(json_array_get(arr, 0)), 4);
	arr = get(a.doc, "a3");
	assert_int_equal(json_array_size(arr), 3);
	assert_int_equal(json_integer_value(json_array_get(arr, 2)), 3);
	assert_string_equal(get_str(a.doc, "e"), "");
	parsed_free(&a);
}

static void test_substitutions(void **state)
{
	struct parsed a;
	json_t *arr, *u;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_int_equal(parse(&a,
			       "fwd = ${later.x}\n"                            /* 1 */
			       "later { x = 5 }\n"
			       "path = \"a:b:c\"\n"
			       "path = ${path}\":d\"\n"
			       "list = [1, 2]\n"                               /* 5 */
			       "list = ${list} [3]\n"
			       "list += 4\n"
			       "fresh += x\n"
			       "keep = kept\n"
			       "keep = ${?not.set}\n"                         /* 10 */
			       "gone = ${?not.set}\n"
			       "hidden = ${never.evaluated}\n"
			       "hidden = 42\n"
			       "home = ${HOME}/bin\n"
			       "env = ${?JAVA_OPTS}\n"                        /* 15 */
			       "opt = [ ${?nope}, 1 ]\n"
			       "base { size = 6, name = generic }\n"
			       "east = ${base} { name = east }\n"
			       "bar { foo = 42, baz = ${bar.foo} }\n"
			       "bar { foo = 43 }\n"                           /* 20 */
			       "self = ${?self}foo\n"
			       "mix = ${later.x} items\n"), 0);
	assert_int_equal(get_int(a.doc, "fwd"), 5);
	assert_int_equal(vc_test_line_of(a.lines, "fwd"), 1);
	assert_string_equal(get_str(a.doc, "path"), "a:b:c:d");
	assert_int_equal(vc_test_line_of(a.lines, "path"), 4);
	arr = get(a.doc, "list");
	assert_int_equal(json_array_size(arr), 4);
	assert_int_equal(json_integer_value(json_array_get(arr, 3)), 4);
	assert_int_equal(vc_test_line_of(a.lines, "list"), 7);
	arr = get(a.doc, "fresh");
	assert_int_equal(json_array_size(arr), 1);
	assert_string_equal(get_str(a.doc, "keep"), "kept");
	assert_int_equal(vc_test_line_of(a.lines, "keep"), 9);
	assert_null(vc_hocon_get(a.doc, "gone"));
	assert_null(json_object_get(a.lines, "gone"));
	assert_int_equal(get_int(a.doc, "hidden"), 42);
	assert_string_equal(get_str(a.doc, "home"), "${HOME}/bin");
	assert_null(vc_hocon_get(a.doc, "env"));
	assert_int_equal(json_array_size(get(a.doc, "opt")), 1);
	assert_int_equal(get_int(a.doc, "east.size"), 6);
	assert_string_equal(get_str(a.doc, "east.name"), "east");
	assert_int_equal(vc_test_line_of(a.lines, "east"), 18);
	assert_int_equal(vc_test_line_of(a.lines, "east.size"), 17);   /* where it was written */
	assert_int_equal(get_int(a.doc, "bar.baz"), 43);       /* looks forward */
	assert_string_equal(get_str(a.doc, "self"), "foo");
	assert_string_equal(get_str(a.doc, "mix"), "5 items");
	/* Only the required substitution that found nothing is listed. */
	assert_int_equal(json_array_size(a.unres), 1);
	u = json_array_get(a.unres, 0);
	assert_string_equal(json_string_value(json_object_get(u, "path")), "HOME");
	assert_int_equal(json_integer_value(json_object_get(u, "line")), 14);
	assert_int_equal(json_integer_value(json_object_get(u, "col")), 8);
	parsed_free(&a);

	/* The spec's look-back examples. */
	assert_int_equal(parse(&a, "foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }\n"),
			 0);
	assert_int_equal(get_int(a.doc, "foo.a"), 2);
	assert_int_equal(get_int(a.doc, "foo.c"), 1);
	parsed_free(&a);
	assert_int_equal(parse(&a, "bar : { a : ${foo.d}, b : 1 }\nbar.b = 3\n"
			      "foo : { c : ${bar.b}, d : 2 }\nfoo.d = 4\n"), 0);
	assert_int_equal(get_int(a.doc, "bar.a"), 4);
	assert_int_equal(get_int(a.doc, "foo.c"), 3);
	parsed_free(&a);
}

static void test_cycles(void **state)
{
	static const struct {
		const char *text;
		int line;
	} cases[] = {
		{ "a = ${b}\nb = ${a}\n", 2 },
		{ "a : ${b}\nb : ${c}\nc : ${a}\n", 3 },
		{ "a = ${a}\n", 1 },
		{ "a = { b = ${a} }\n", 1 },
		{ "a = [ ${a} ]\n", 1 },
		{ "x = 1\nkey = secretvalue ${key}\n", 2 },
		{ NULL, 0 }
	};
	struct parsed a;
	int i;

	(void)state;
	memset(&a, 0, sizeof(a));
	for (i = 0; cases[i].text; i++) {
		if (parse(&a, cases[i].text) != VC_EPARSE)
			fail_msg("case %d parsed", i);
		assert_non_null(strstr(vc_error_last(), "cycle"));
		assert_null(strstr(vc_error_last(), "secretvalue"));
		assert_null(a.doc);
		assert_null(a.lines);
		assert_int_equal(a.line, cases[i].line);
	}
	/* Through optional substitutions a cycle is "not set". */
	assert_int_equal(parse(&a, "a = ${?b}\nb = ${?a}\nc = 1\n"), 0);
	assert_int_equal(json_object_size(a.doc), 1);
	parsed_free(&a);
	/* Not a cycle: a later value refers to an earlier one. */
	assert_int_equal(parse(&a, "a = 1\nb = 2\na = ${b}\nb = ${a}\n"), 0);
	assert_true(json_equal(get(a.doc, "a"), get(a.doc, "b")));
	parsed_free(&a);
}

static void test_includes(void **state)
{
	struct parsed a;
	json_t *r;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_int_equal(parse(&a,
			       "include \"xmpp.conf\"\n"
			       "jibri {\n"
			       "  include required(file(\"/run/jibri/custom.conf\"))\n"
			       "  x = 1\n"
			       "}\n"
			       "include classpath( \"reference.conf\" ), include url(\"http://h/c\")\n"
			       "arr = [ { include \"in-array\" } ]\n"
			       "include = 5\n"), VC_EPARSE);
	assert_int_equal(a.line, 8);
	assert_null(a.inc);
	assert_int_equal(parse(&a,
			       "include \"xmpp.conf\"\n"
			       "jibri {\n"
			       "  include required(file(\"/run/jibri/custom.conf\"))\n"
			       "  x = 1\n"
			       "}\n"
			       "include classpath( \"reference.conf\" ), include url(\"http://h/c\")\n"
			       "arr = [ { include \"in-array\" } ]\n"
			       "\"include\" = 5\n"), 0);
	assert_int_equal(json_array_size(a.inc), 5);
	r = json_array_get(a.inc, 0);
	assert_string_equal(json_string_value(json_object_get(r, "name")), "xmpp.conf");
	assert_string_equal(json_string_value(json_object_get(r, "kind")), "heuristic");
	assert_true(json_is_false(json_object_get(r, "required")));
	assert_int_equal(json_integer_value(json_object_get(r, "line")), 1);
	assert_string_equal(json_string_value(json_object_get(r, "path")), "");
	r = json_array_get(a.inc, 1);
	assert_string_equal(json_string_value(json_object_get(r, "name")), "/run/jibri/custom.conf");
	assert_string_equal(json_string_value(json_object_get(r, "kind")), "file");
	assert_true(json_is_true(json_object_get(r, "required")));
	assert_int_equal(json_integer_value(json_object_get(r, "line")), 3);
	assert_string_equal(json_string_value(json_object_get(r, "path")), "jibri");
	assert_string_equal(json_string_value(json_object_get(json_array_get(a.inc, 2), "kind")),
			    "classpath");
	assert_string_equal(json_string_value(json_object_get(json_array_get(a.inc, 3), "kind")),
			    "url");
	assert_true(json_is_null(json_object_get(json_array_get(a.inc, 4), "path")));
	/* The statements add nothing themselves; a quoted "include" is a key. */
	assert_int_equal(json_object_size(get(a.doc, "jibri")), 1);
	assert_int_equal(get_int(a.doc, "include"), 5);
	parsed_free(&a);
}

/* Malformed input: the right code and line, nothing parsed, the input never quoted. */
static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		size_t len;     /* 0: strlen */
		int code, line;
	} cases[] = {
		{ "a = 1\npassword = \"SECRET\nb = 2\n", 0, VC_EPARSE, 2 },     /* unterminated */
		{ "a = 1\nk = \"\"\"SECRET\n", 0, VC_EPARSE, 2 },
		{ "a {\n  b {\n    p = SECRET\n  }\n", 0, VC_EPARSE, 1 },       /* unclosed '{' */
		{ "a = [ SECRET,\n", 0, VC_EPARSE, 1 },
		{ "a = SECRET }\n", 0, VC_EPARSE, 1 },
		{ "a = 1\n\np = SECRET b = 2\n", 0, VC_EPARSE, 3 },            /* bad separator */
		{ "p = SECRET\nq\n", 0, VC_EPARSE, 2 },                        /* no value */
		{ "p = [SECRET,,1]\n", 0, VC_EPARSE, 1 },
		{ "p = [,SECRET]\n", 0, VC_EPARSE, 1 },
		{ "p = SECRET,,\n", 0, VC_EPARSE, 1 },
		{ "p = SECRET@x\n", 0, VC_EPARSE, 1 },
		{ "p = SECRET$x\n", 0, VC_EPARSE, 1 },
		{ "p = SECRET+x\n", 0, VC_EPARSE, 1 },
		{ "p = ${SECRET\n", 0, VC_EPARSE, 1 },
		{ "p.SECRET..x = 1\n", 0, VC_EPARSE, 1 },
		{ "${SECRET} = 1\n", 0, VC_EPARSE, 1 },
		{ "p = \"SECRET\\q\"\n", 0, VC_EPARSE, 1 },
		{ "p = \"SECRET\\u0000\"\n", 0, VC_EPARSE, 1 },
		{ "p = \"SECRET\there\"\n", 0, VC_EPARSE, 1 },
		{ "p = [SECRET] x\n", 0, VC_EPARSE, 1 },
		{ "a = SECRET\nb = ${a} [1]\n", 0, VC_EPARSE, 2 },
		{ "[ SECRET ]\n", 0, VC_EPARSE, 1 },
		{ "{ a = SECRET } b = 1\n", 0, VC_EPARSE, 1 },
		{ "include SECRET\n", 0, VC_EPARSE, 1 },
		{ "a = [ { b += SECRET } ]\n", 0, VC_EPARSE, 1 },
		{ "a = 1\np = SECRET\0tail\n", 22, VC_EPARSE, 2 },             /* NUL byte */
		{ NULL, 0, 0, 0 }
	};
	struct parsed a;
	char prefix[32];
	int i;

	(void)state;
	memset(&a, 0, sizeof(a));
	for (i = 0; cases[i].text; i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		int rc = parse_n(&a, cases[i].text, len);

		if (rc != cases[i].code)
			fail_msg("case %d: rc %d (%s)", i, rc, vc_error_last());
		if (a.line != cases[i].line)
			fail_msg("case %d: line %d, want %d (%s)", i, a.line, cases[i].line,
				 vc_error_last());
		assert_true(a.col > 0);
		snprintf(prefix, sizeof(prefix), "line %d: ", cases[i].line);
		if (strncmp(vc_error_last(), prefix, strlen(prefix)) != 0)
			fail_msg("case %d: message %s", i, vc_error_last());
		if (strstr(vc_error_last(), "SECRET"))
			fail_msg("case %d: message quotes the input: %s", i, vc_error_last());
		assert_null(a.doc);
		assert_null(a.lines);
		assert_null(a.inc);
		assert_null(a.unres);
	}
	/* Where exactly: the column of the stray '}'. */
	assert_int_equal(parse(&a, "a = 1 }"), VC_EPARSE);
	assert_int_equal(a.col, 7);
	assert_int_equal(vc_hocon_parse(NULL, NULL, NULL, NULL, NULL, NULL, "a=1", 3), VC_ERROR);
}

/* Nesting: 64 levels (the root is 1) parse, 65 and 100 are VC_ELIMIT. */
static void test_depth(void **state)
{
	static const size_t levels[] = { 63, 64, 99 };
	struct parsed a;
	char *open, *close, *s;
	size_t k, n;

	(void)state;
	memset(&a, 0, sizeof(a));
	for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
		n = levels[k];
		open = vc_test_repeat("", "a {\n", n, "");
		close = vc_test_repeat("", "}\n", n, "");
		s = malloc(strlen(open) + strlen(close) + 1);
		assert_non_null(s);
		memcpy(s, open, strlen(open));
		memcpy(s + strlen(open), close, strlen(close) + 1);
		if (n == 63) {
			assert_int_equal(parse(&a, s), 0);
			assert_non_null(vc_hocon_get(a.doc, "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a"));
			parsed_free(&a);
		} else {
			assert_int_equal(parse(&a, s), VC_ELIMIT);
			assert_int_equal(a.line, 64);           /* the 65th level opens here */
			assert_non_null(strstr(vc_error_last(), "deeper than 64"));
		}
		free(open);
		free(close);
		free(s);
	}
	s = vc_test_repeat("x = ", "[", 64, "");
	assert_int_equal(parse(&a, s), VC_ELIMIT);
	free(s);
	s = vc_test_repeat("x", ".x", 64, " = 1\n");          /* 65 path elements */
	assert_int_equal(parse(&a, s), VC_ELIMIT);
	free(s);
	s = vc_test_repeat("x", ".x", 63, " = 1\n");
	assert_int_equal(parse(&a, s), 0);
	parsed_free(&a);
	free(s);
}

/* Strings, values and input size, and substitutions that would blow up. */
static void test_limits(void **state)
{
	struct parsed a;
	struct vc_buf b = VC_BUF_INIT(0);
	char *s;
	int i;

	(void)state;
	memset(&a, 0, sizeof(a));
	s = vc_test_repeat("a = 1\nb = \"", "x", VC_HOCON_MAX_STRING + 1, "\"\n");
	assert_int_equal(parse(&a, s), VC_ELIMIT);
	assert_int_equal(a.line, 2);
	free(s);
	s = vc_test_repeat("b = ", "x", VC_HOCON_MAX_STRING + 1, "\n");
	assert_int_equal(parse(&a, s), VC_ELIMIT);
	free(s);
	s = vc_test_repeat("b = \"", "x", VC_HOCON_MAX_STRING, "\"\n");
	assert_int_equal(parse(&a, s), 0);
	assert_int_equal(json_string_length(get(a.doc, "b")), VC_HOCON_MAX_STRING);
	parsed_free(&a);
	free(s);

	/* Input larger than the cap, refused before parsing. */
	s = vc_test_repeat("", " ", VC_HOCON_MAX_BYTES + 1, "");
	assert_int_equal(parse_n(&a, s, VC_HOCON_MAX_BYTES + 1), VC_ELIMIT);
	free(s);

	/* Values. */
	for (i = 0; i < VC_HOCON_MAX_VALUES; i++)
		assert_int_equal(vc_buf_printf(&b, "k%d = %d\n", i, i), 0);
	assert_int_equal(parse_n(&a, b.ptr, b.size), VC_ELIMIT);
	assert_int_equal(a.line, VC_HOCON_MAX_VALUES);
	vc_buf_free(&b);

	/* Each level doubles: stopped by the value cap, not by memory or time. */
	assert_int_equal(vc_buf_puts(&b, "a0 = [1, 2]\n"), 0);
	for (i = 1; i < 64; i++)
		assert_int_equal(vc_buf_printf(&b, "a%d = [${a%d}, ${a%d}]\n", i, i - 1, i - 1),
				 0);
	assert_int_equal(parse_n(&a, b.ptr, b.size), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "after substitution"));
	vc_buf_free(&b);
	assert_int_equal(vc_buf_puts(&b, "s0 = xxxxxxxxxxxxxxxx\n"), 0);
	for (i = 1; i < 64; i++)
		assert_int_equal(vc_buf_printf(&b, "s%d = ${s%d}${s%d}\n", i, i - 1, i - 1), 0);
	assert_int_equal(parse_n(&a, b.ptr, b.size), VC_ELIMIT);
	vc_buf_free(&b);
	/* Many references to one big object. */
	assert_int_equal(vc_buf_puts(&b, "big {\n"), 0);
	for (i = 0; i < 30000; i++)
		assert_int_equal(vc_buf_printf(&b, "k%d = %d\n", i, i), 0);
	assert_int_equal(vc_buf_puts(&b, "}\n"), 0);
	for (i = 0; i < 30000; i++)
		assert_int_equal(vc_buf_printf(&b, "c%d = ${big}\n", i), 0);
	assert_int_equal(parse_n(&a, b.ptr, b.size), VC_ELIMIT);
	vc_buf_free(&b);
	/* Substituted objects nested past the depth limit. */
	for (i = 0; i < 70; i++)
		assert_int_equal(vc_buf_printf(&b, "a%d = { x = ${a%d} }\n", i, i + 1), 0);
	assert_int_equal(vc_buf_puts(&b, "a70 = 1\n"), 0);
	assert_int_equal(parse_n(&a, b.ptr, b.size), VC_ELIMIT);
	vc_buf_free(&b);
	/* A long chain resolved from its far end. */
	for (i = 0; i < 5000; i++)
		assert_int_equal(vc_buf_printf(&b, "a%d = ${a%d}\n", i, i + 1), 0);
	assert_int_equal(vc_buf_puts(&b, "a5000 = 1\n"), 0);
	assert_int_equal(parse_n(&a, b.ptr, b.size), VC_ELIMIT);
	vc_buf_free(&b);
	for (i = 0; i < 200; i++)
		assert_int_equal(vc_buf_printf(&b, "a%d = ${a%d}\n", i, i + 1), 0);
	assert_int_equal(vc_buf_puts(&b, "a200 = 1\n"), 0);
	assert_int_equal(parse_n(&a, b.ptr, b.size), 0);
	assert_int_equal(get_int(a.doc, "a0"), 1);
	parsed_free(&a);
	vc_buf_free(&b);
}

static void test_encoding(void **state)
{
	struct parsed a;

	(void)state;
	memset(&a, 0, sizeof(a));
	/* A BOM is skipped and does not shift lines. */
	assert_int_equal(parse(&a, "\xEF\xBB\xBF" "a = 1\nb = 2\n"), 0);
	assert_int_equal(get_int(a.doc, "a"), 1);
	assert_int_equal(vc_test_line_of(a.lines, "b"), 2);
	parsed_free(&a);
	/* Invalid UTF-8 becomes U+FFFD; a no-break space is white space; CRLF works. */
	assert_int_equal(parse(&a, "a = x\xFFy\r\nb =\xC2\xA0z\r\n"), 0);
	assert_string_equal(get_str(a.doc, "a"), "x\xEF\xBF\xBDy");
	assert_string_equal(get_str(a.doc, "b"), "z");
	parsed_free(&a);
	/* Empty and comment-only files are empty objects. */
	assert_int_equal(parse(&a, ""), 0);
	assert_int_equal(json_object_size(a.doc), 0);
	parsed_free(&a);
	assert_int_equal(parse(&a, "# only\n// comments\n"), 0);
	assert_int_equal(json_object_size(a.doc), 0);
	parsed_free(&a);
	assert_int_equal(vc_hocon_parse(&a.doc, NULL, NULL, NULL, NULL, NULL, NULL, 0), 0);
	assert_int_equal(json_object_size(a.doc), 0);
	parsed_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_corpus_file_parses),
		cmocka_unit_test(test_jibri_reference),
		cmocka_unit_test(test_jicofo),
		cmocka_unit_test(test_jvb),
		cmocka_unit_test(test_override_merge),
		cmocka_unit_test(test_paths_and_merging),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_substitutions),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_encoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
