/* Jitsi config.js: the real files, docker's generated style, lines, and hostile input. */
#include <time.h>
#include "testutil.h"
#include "core/err.h"
#include "parsers/jsconfig.h"

static char *corpus_file(const char *name, size_t *len)
{
	return vc_test_corpus_file("jitsi", name, len);
}

static int eval1(json_t **doc, json_t **lines, const char *text)
{
	size_t len = strlen(text);

	return vc_jsconfig_eval(doc, lines, &text, &len, 1, "config");
}

/* Evaluate, expecting failure `code`; the message must not quote `secret`. */
static const char *eval_fails(int code, const char *text, const char *secret)
{
	json_t *doc = NULL, *lines = NULL;

	assert_int_equal(eval1(&doc, &lines, text), code);
	assert_null(doc);
	assert_null(lines);
	if (secret && strstr(vc_error_last(), secret))
		fail_msg("the message quotes the input: %s", vc_error_last());
	return vc_error_last();
}

static json_t *at(const json_t *doc, const char *path)
{
	char key[256];
	const char *dot;
	json_t *v = (json_t *)doc;

	while (v && (dot = strchr(path, '.')) != NULL) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		v = json_object_get(v, key);
		path = dot + 1;
	}
	return v ? json_object_get(v, path) : NULL;
}

static const char *str_at(const json_t *doc, const char *path)
{
	return vc_test_str(at(doc, path), path);
}

static json_int_t line_of(const json_t *lines, const char *path, json_int_t *text)
{
	json_t *e = json_object_get(lines, path);

	if (!json_is_object(e))
		fail_msg("no line for %s", path);
	if (text)
		*text = json_integer_value(json_object_get(e, "text"));
	return json_integer_value(json_object_get(e, "line"));
}

/* Does line `n` (1-based) of s start with `want` after its indentation? */
static int line_starts(const char *s, json_int_t n, const char *want)
{
	if (n < 1)
		return 0;
	while (--n > 0) {
		s = strchr(s, '\n');
		if (!s)
			return 0;
		s++;
	}
	s += strspn(s, " \t");
	return strncmp(s, want, strlen(want)) == 0;
}

static void assert_line(const json_t *lines, const char *text, const char *path,
			const char *want)
{
	json_int_t n = line_of(lines, path, NULL);

	if (!line_starts(text, n, want))
		fail_msg("%s: line %lld does not start with \"%s\"", path, (long long)n, want);
}

static void test_corpus_config(void **state)
{
	json_t *doc = NULL, *lines = NULL, *stun;
	size_t len;
	char *text = corpus_file("config.js", &len);
	const char *t = text;

	(void)state;
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, &t, &len, 1, "config"), 0);
	assert_string_equal(str_at(doc, "hosts.domain"), "jitsi-meet.example.com");
	/* computed: 'conference.' + subdomain + ..., with the SSI directive unresolved */
	assert_string_equal(str_at(doc, "hosts.muc"), "conference.jitsi-meet.example.com");
	assert_string_equal(str_at(doc, "bosh"), "https://jitsi-meet.example.com/http-bind");
	/* options that exist only as comments are absent */
	assert_null(at(doc, "hosts.anonymousdomain"));
	assert_null(at(doc, "fileRecordingsEnabled"));
	assert_null(at(doc, "recordingService"));
	assert_null(at(doc, "localRecording"));
	assert_null(at(doc, "whiteboard"));
	assert_null(at(doc, "dialInNumbersUrl"));   /* inside if (enableJaaS) */
	/* analytics: {} with every key commented out */
	assert_true(json_is_object(at(doc, "analytics")));
	assert_int_equal(json_object_size(at(doc, "analytics")), 0);
	assert_true(json_is_true(at(doc, "p2p.enabled")));
	stun = at(doc, "p2p.stunServers");
	assert_int_equal(json_array_size(stun), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(stun, 0), "urls")),
			    "stun:meet-jit-si-turnrelay.jitsi.net:443");
	assert_int_equal(json_integer_value(at(doc, "channelLastN")), -1);
	/* set by statements after the object literal */
	assert_true(json_is_true(at(doc, "flags.sourceNameSignaling")));

	assert_line(lines, text, "hosts.domain", "domain: 'jitsi-meet.example.com',");
	assert_line(lines, text, "hosts.muc", "muc: 'conference.'");
	assert_line(lines, text, "p2p.enabled", "enabled: true,");
	assert_line(lines, text, "p2p.stunServers", "stunServers: [");
	assert_line(lines, text, "analytics", "analytics: {");
	assert_line(lines, text, "channelLastN", "channelLastN: -1,");
	assert_line(lines, text, "flags.sourceNameSignaling",
		    "config.flags.sourceNameSignaling = true;");
	assert_int_equal(line_of(lines, "hosts.domain", NULL), 33);
	/* no lines for keys that are not in the result */
	assert_null(json_object_get(lines, "hosts.anonymousdomain"));
	assert_null(json_object_get(lines, "p2p.stunServers.urls"));
	json_decref(doc);
	json_decref(lines);
	free(text);
}

static void test_corpus_interface_config(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	size_t len;
	char *text = corpus_file("interface_config.js", &len);
	const char *t = text;

	(void)state;
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, &t, &len, 1, "interfaceConfig"), 0);
	assert_string_equal(str_at(doc, "APP_NAME"), "Jitsi Meet");
	assert_string_equal(str_at(doc, "makeJsonParserHappy"),
			    "even if last key had a trailing comma");
	assert_null(at(doc, "TOOLBAR_BUTTONS"));   /* commented out */
	assert_line(lines, text, "APP_NAME", "APP_NAME: 'Jitsi Meet',");
	json_decref(doc);
	json_decref(lines);

	/* the wrong variable */
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, &t, &len, 1, "config"), VC_ENOTFOUND);
	assert_string_equal(vc_error_last(), "'config' is not defined");
	free(text);
}

static const char GENERATED[] =
	"// generated by the web container\n"
	"var config = {};\n"
	"\n"
	"config.hosts = {};\n"
	"config.hosts.domain = 'meet.jitsi';\n"
	"\n"
	"var subdir = '<!--# echo var=\"subdir\" default=\"\" -->';\n"
	"if (subdir.startsWith('<!--')) {\n"
	"    subdir = '';\n"
	"}\n"
	"config.hosts.muc = 'muc.' + subdir + 'meet.jitsi';\n"
	"config.bosh = '/' + subdir + 'http-bind';\n"
	"\n"
	"config.p2p = {\n"
	"    enabled: true,\n"
	"    stunServers: 'meet-jit-si-turnrelay.jitsi.net:443'.split(',').map(function (url) {\n"
	"        return { urls: 'stun:' + url };\n"
	"    })\n"
	"};\n"
	"config.enableWelcomePage = true;\n";

static const char CUSTOM[] =
	"config.p2p.enabled = false;\n"
	"config['hosts'].anonymousdomain = 'guest.meet.jitsi';\n"
	"['a', 'b'].forEach(function (k) { config.flags = config.flags || {}; config.flags[k] = 1; });\n";

static void test_docker_pair(void **state)
{
	const char *texts[2] = { GENERATED, CUSTOM };
	size_t lens[2] = { strlen(GENERATED), strlen(CUSTOM) };
	json_t *doc = NULL, *lines = NULL, *stun;
	json_int_t text;

	(void)state;
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, texts, lens, 2, "config"), 0);
	/* the later text wins */
	assert_true(json_is_false(at(doc, "p2p.enabled")));
	assert_int_equal(line_of(lines, "p2p.enabled", &text), 1);
	assert_int_equal(text, 1);
	assert_string_equal(str_at(doc, "hosts.anonymousdomain"), "guest.meet.jitsi");
	assert_int_equal(line_of(lines, "hosts.anonymousdomain", &text), 2);
	assert_int_equal(text, 1);
	/* untouched keys keep the generated file's values and lines */
	assert_string_equal(str_at(doc, "hosts.domain"), "meet.jitsi");
	assert_int_equal(line_of(lines, "hosts.domain", &text), 5);
	assert_int_equal(text, 0);
	assert_string_equal(str_at(doc, "hosts.muc"), "muc.meet.jitsi");
	assert_string_equal(str_at(doc, "bosh"), "/http-bind");
	stun = at(doc, "p2p.stunServers");
	assert_string_equal(json_string_value(json_object_get(json_array_get(stun, 0), "urls")),
			    "stun:meet-jit-si-turnrelay.jitsi.net:443");
	assert_int_equal(line_of(lines, "p2p.stunServers", &text), 16);
	assert_int_equal(text, 0);
	/* the `urls` of the function's object literal is not a config key */
	assert_null(json_object_get(lines, "urls"));
	assert_true(json_is_true(at(doc, "enableWelcomePage")));
	/* computed keys: found through their parent's assignment (a line in text 1) */
	assert_int_equal(json_integer_value(at(doc, "flags.a")), 1);
	assert_int_equal(line_of(lines, "flags.a", &text), 3);
	assert_int_equal(text, 1);
	json_decref(doc);
	json_decref(lines);
}

/* Strings, comments and regular expressions do not confuse the line scan. */
static void test_lines_tricky_source(void **state)
{
	static const char src[] =
		"var re = /[{(]'/g; // { not: 1 }\n"
		"var config = {\n"
		"    /* a: { b: 'x' } */\n"
		"    a: '{ c: 1 }',\n"
		"    'quoted-key': \"}\",\n"
		"    b: {\n"
		"        c: [ { d: 1 }, ')' ],\n"
		"        e: f(1, { g: 2 }) ? 3 : 4,\n"
		"    },\n"
		"    h: 1 / 2 / 1,\n"
		"    i: { j: { k: 'deep' } },\n"
		"};\n"
		"function f() { return true; }\n"
		"config.b.e = 5;\n"
		"config.i = { j: { k: 'new' } };\n";
	json_t *doc = NULL, *lines = NULL;

	(void)state;
	assert_int_equal(eval1(&doc, &lines, src), 0);
	assert_string_equal(str_at(doc, "a"), "{ c: 1 }");
	assert_int_equal(line_of(lines, "a", NULL), 4);
	assert_int_equal(line_of(lines, "quoted-key", NULL), 5);
	assert_int_equal(line_of(lines, "b.c", NULL), 7);
	assert_int_equal(json_integer_value(at(doc, "b.e")), 5);
	assert_int_equal(line_of(lines, "b.e", NULL), 14);
	assert_int_equal(line_of(lines, "h", NULL), 10);
	assert_string_equal(str_at(doc, "i.j.k"), "new");
	assert_int_equal(line_of(lines, "i.j.k", NULL), 15);
	assert_null(json_object_get(lines, "g"));
	assert_null(json_object_get(lines, "d"));
	json_decref(doc);
	json_decref(lines);
}

static void test_syntax_error(void **state)
{
	static const char src[] =
		"var config = {\n"
		"    domain: 'meet.example',\n"
		"    password: 'hunter2secret\n"
		"};\n";
	static const char bad2[] = "config.p2p = {\n  enabled: false\n  stunServers: []\n};\n";
	const char *texts[2] = { GENERATED, bad2 };
	size_t lens[2] = { strlen(GENERATED), strlen(bad2) };
	json_t *doc = NULL, *lines = NULL;

	(void)state;
	assert_string_equal(eval_fails(VC_EPARSE, src, "hunter2"),
			    "line 3: syntax error (unterminated string)");
	/* an error in the second text names it */
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, texts, lens, 2, "config"), VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "text 1, line 3: syntax error"));
}

static void test_exceptions_never_quote_input(void **state)
{
	(void)state;
	assert_string_equal(eval_fails(VC_EPARSE, "var config = {};\n\n\n"
				       "throw new Error('token=hunter2secret');\n", "hunter2"),
			    "line 4: uncaught Error");
	assert_string_equal(eval_fails(VC_EPARSE, "var config = {\n"
				       "  secret: process.env.HUNTER2SECRET,\n};\n", "HUNTER2"),
			    "line 2: uncaught ReferenceError");
	assert_string_equal(eval_fails(VC_EPARSE, "var config = {};\n"
				       "config.hunter2secret.x = 1;\n", "hunter2"),
			    "line 2: uncaught TypeError");
	/* a thrown value that is no Error, and a forged error name */
	assert_string_equal(eval_fails(VC_EPARSE, "throw 'hunter2secret';\n", "hunter2"),
			    "uncaught exception");   /* a primitive has no line */
	eval_fails(VC_EPARSE, "var e = new Error('x'); e.name = 'hunter2secret'; throw e;\n",
		   "hunter2");
	assert_string_equal(eval_fails(VC_EPARSE, "var config = 'hunter2secret';\n", "hunter2"),
			    "'config' is not an object");
}

static void test_infinite_loop(void **state)
{
	struct timespec t0, t1;
	double took;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_string_equal(eval_fails(VC_ELIMIT, "var config = {};\nwhile (1) {}\n", NULL),
			    "evaluation timed out after 2 s");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(took >= 1.9 && took < 3.5);
	/* an exception cannot escape the loop either */
	eval_fails(VC_ELIMIT, "var config = {};\nfor (;;) { try { throw 1; } catch (e) {} }\n", NULL);
}

static void test_memory_bomb(void **state)
{
	(void)state;
	assert_string_equal(eval_fails(VC_ELIMIT, "var config = {};\n"
				       "var a = []; for (;;) a.push(new Array(1e6));\n", NULL),
			    "evaluation exceeded its memory limit");
	assert_string_equal(eval_fails(VC_ELIMIT, "var s = 'xxxxxxxx';\n"
				       "for (;;) s = s + s;\n", NULL),
			    "evaluation exceeded its memory limit");
}

static void test_deep_recursion(void **state)
{
	(void)state;
	assert_string_equal(eval_fails(VC_ELIMIT, "var config = {};\n"
				       "function f() { return f() + 1; }\nf();\n", NULL),
			    "line 2: evaluation hit the engine's callstack limit");
}

/* No I/O of any kind: no require, print, alert, console, Duktape internals. */
static void test_no_io(void **state)
{
	static const char probe[] =
		"var config = { kinds: [typeof require, typeof print, typeof alert,\n"
		"    typeof console, typeof Duktape, typeof module, typeof process,\n"
		"    typeof XMLHttpRequest, typeof fetch, typeof importScripts] };\n";
	json_t *doc = NULL, *v;
	size_t i;

	(void)state;
	assert_string_equal(eval_fails(VC_EPARSE, "var config = {};\n"
				       "var fs = require('fs');\nfs.writeFileSync('/tmp/x', 'y');\n",
				       NULL), "line 2: uncaught ReferenceError");
	eval_fails(VC_EPARSE, "print('hello');\nvar config = {};\n", NULL);
	eval_fails(VC_EPARSE, "Duktape.act(0);\nvar config = {};\n", NULL);
	assert_int_equal(eval1(&doc, NULL, probe), 0);
	json_array_foreach(at(doc, "kinds"), i, v)
		assert_string_equal(json_string_value(v), "undefined");
	assert_int_equal(json_array_size(at(doc, "kinds")), 10);
	json_decref(doc);
}

static void test_values(void **state)
{
	static const char src[] =
		"var config = {\n"
		"    emoji: '\xF0\x9F\x98\x80',\n"
		"    lone: '\\ud800',\n"
		"    fn: function () { return 1; },\n"
		"    undef: undefined,\n"
		"    nan: NaN,\n"
		"    big: 1e300,\n"
		"    neg: -5,\n"
		"};\n";
	json_t *doc = NULL, *lines = NULL;

	(void)state;
	assert_int_equal(eval1(&doc, &lines, src), 0);
	assert_string_equal(str_at(doc, "emoji"), "\xF0\x9F\x98\x80");
	assert_string_equal(str_at(doc, "lone"), "\xEF\xBF\xBD");
	assert_null(at(doc, "fn"));
	assert_null(at(doc, "undef"));
	assert_true(json_is_null(at(doc, "nan")));
	assert_int_equal(json_integer_value(at(doc, "neg")), -5);
	assert_int_equal(line_of(lines, "neg", NULL), 8);
	json_decref(doc);
	json_decref(lines);
}

static void test_limits(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	size_t len = VC_JSCONFIG_MAX_BYTES + 1, i;
	const char *t = "var config = {};";
	char *deep;

	(void)state;
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, &t, &len, 1, "config"), VC_ELIMIT);
	len = strlen(t);
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, &t, &len, 1, "config; x"), VC_ERROR);
	assert_int_equal(vc_jsconfig_eval(&doc, &lines, &t, &len, 0, "config"), VC_ERROR);
	assert_string_equal(eval_fails(VC_ELIMIT,
				       "var config = { s: new Array(1100000).join('x') };\n", NULL),
			    "a string value is longer than 1048576 bytes");
	deep = malloc(4000);
	assert_non_null(deep);
	memcpy(deep, "var config = ", 13);
	for (i = 0; i < 300; i++)
		deep[13 + i] = '[';
	deep[313] = 0;
	assert_string_equal(eval_fails(VC_ELIMIT, deep, NULL), "line 1: nesting deeper than 256");
	free(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_config),
		cmocka_unit_test(test_corpus_interface_config),
		cmocka_unit_test(test_docker_pair),
		cmocka_unit_test(test_lines_tricky_source),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_exceptions_never_quote_input),
		cmocka_unit_test(test_infinite_loop),
		cmocka_unit_test(test_memory_bomb),
		cmocka_unit_test(test_deep_recursion),
		cmocka_unit_test(test_no_io),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
