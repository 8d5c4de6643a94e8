/* YAML: real BigBlueButton files, the override merge, aliases, and hostile input. */
#include <time.h>
#include <jansson.h>
#include "testutil.h"
#include "core/err.h"
#include "parsers/yaml.h"

static char *corpus_file(const char *name, size_t *len)
{
	return vc_test_corpus_file("bigbluebutton", name, len);
}

static int parse_str(json_t **doc, json_t **lines, const char *s, int *line)
{
	return vc_yaml_parse(doc, lines, s, strlen(s), line, NULL);
}

/* Parse text that must be valid; the document and its lines. */
static json_t *must_parse(const char *s, json_t **lines)
{
	json_t *doc = NULL;

	if (parse_str(&doc, lines, s, NULL) != 0)
		fail_msg("parse failed: %s", vc_error_last());
	return doc;
}

static json_t *get(const json_t *doc, const char *path)
{
	json_t *v = vc_yaml_get(doc, path);

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
	json_t *v = get(doc, path);

	if (!json_is_boolean(v))
		fail_msg("%s is not a boolean", path);
	return json_is_true(v);
}

/* The last segment of a key path, unescaped, in a static buffer. */
static const char *last_segment(const char *path)
{
	static char out[1024];
	const char *p, *start = path;
	size_t n = 0;

	for (p = path; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '.')
			start = p + 1;
	}
	for (p = start; *p && n + 1 < sizeof(out); p++) {
		if (*p == '\\' && p[1])
			p++;
		out[n++] = *p;
	}
	out[n] = 0;
	return out;
}

/*
 * Every key path of a corpus file maps to a line that names its last key
 * (mapping members) and every path resolves in the document.
 */
static void check_all_lines(const json_t *doc, const json_t *lines, const char *text)
{
	const char *path, *seg;
	char buf[4096];
	json_t *v;

	json_object_foreach((json_t *)lines, path, v) {
		assert_true(json_is_integer(v));
		if (!vc_yaml_get(doc, path))
			fail_msg("%s does not resolve", path);
		seg = last_segment(path);
		if (*seg >= '0' && *seg <= '9')
			continue;       /* sequence item */
		if (!strstr(vc_test_line_text(text, json_integer_value(v), buf, sizeof(buf)), seg))
			fail_msg("%s: line %d does not name it", path,
				 (int)json_integer_value(v));
	}
}

static void test_settings_corpus(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	size_t len;
	char *text = corpus_file("settings.yml", &len);
	int line = -1, col = -1;

	(void)state;
	assert_int_equal(vc_yaml_parse(&doc, &lines, text, len, &line, &col), 0);
	assert_int_equal(line, 0);
	assert_int_equal(col, 0);
	assert_true(json_is_object(doc));
	assert_int_equal(json_object_size(doc), 2);     /* public, private */

	/* Browser speech recognition sends voice to third parties: off by default. */
	assert_int_equal(get_bool(doc, "public.app.audioCaptions.enabled"), 0);
	assert_int_equal(vc_test_line_of(lines, "public.app.audioCaptions.enabled"), 91);
	assert_string_equal(get_str(doc, "public.app.audioCaptions.provider"), "webspeech");
	assert_int_equal(vc_test_line_of(lines, "public.app.audioCaptions.provider"), 95);
	assert_int_equal(vc_test_line_of(lines, "public.app.audioCaptions"), 90);
	/* A sequence under commented-out items. */
	assert_string_equal(get_str(doc, "public.app.audioCaptions.language.available.0"),
			    "en-US");
	assert_int_equal(vc_test_line_of(lines, "public.app.audioCaptions.language.available.0"),
			 99);
	assert_int_equal(json_array_size(get(doc, "public.app.audioCaptions.language.available")),
			 4);

	/* External client logging. */
	assert_int_equal(get_bool(doc, "public.clientLog.external.enabled"), 0);
	assert_string_equal(get_str(doc, "public.clientLog.external.url"),
			    "https://LOG_HOST/html5Log");
	assert_int_equal(vc_test_line_of(lines, "public.clientLog.external.url"), 947);
	assert_int_equal(vc_test_line_of(lines, "public.clientLog.external"), 944);

	assert_int_equal(get_bool(doc, "public.chat.enableSaveAndCopyPublicChat"), 1);
	assert_int_equal(vc_test_line_of(lines, "public.chat.enableSaveAndCopyPublicChat"), 575);
	assert_int_equal(get_bool(doc, "private.analytics.includeChat"), 1);
	assert_int_equal(vc_test_line_of(lines, "private.analytics.includeChat"), 965);

	/* Quoted stays a string: '' is not null, '6379' is not a number. */
	assert_string_equal(get_str(doc, "public.media.fallbackStunServer"), "");
	assert_int_equal(vc_test_line_of(lines, "public.media.fallbackStunServer"), 680);
	assert_string_equal(get_str(doc, "private.redis.port"), "6379");
	assert_true(json_is_null(get(doc, "private.redis.password")));
	assert_int_equal(vc_test_line_of(lines, "private.redis.password"), 975);
	assert_int_equal(get_int(doc, "public.app.mutedAlert.threshold"), -50);
	assert_int_equal(vc_test_line_of(lines, "public.app.mutedAlert.threshold"), 122);
	/* Sequences of mappings; "Infinity" is no YAML real. */
	assert_string_equal(get_str(doc, "private.minBrowserVersions.5.browser"), "ie");
	assert_string_equal(get_str(doc, "private.minBrowserVersions.5.version"), "Infinity");
	assert_int_equal(vc_test_line_of(lines, "private.minBrowserVersions.5.version"), 1013);
	assert_int_equal(get_int(doc, "private.minBrowserVersions.6.version.0"), 12);

	check_all_lines(doc, lines, text);
	json_decref(doc);
	json_decref(lines);
	free(text);
}

static void test_recording_corpus(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	size_t len;
	char *text = corpus_file("bigbluebutton.yml", &len);

	(void)state;
	assert_int_equal(vc_yaml_parse(&doc, &lines, text, len, NULL, NULL), 0);
	assert_int_equal(json_object_size(doc), 25);
	assert_string_equal(get_str(doc, "published_dir"), "/var/bigbluebutton/published");
	assert_int_equal(vc_test_line_of(lines, "published_dir"), 63);
	assert_string_equal(get_str(doc, "recording_dir"), "/var/bigbluebutton/recording");
	assert_string_equal(get_str(doc, "raw_audio_src"), "/var/freeswitch/meetings");
	assert_int_equal(get_bool(doc, "anonymize_chat"), 0);
	assert_int_equal(vc_test_line_of(lines, "anonymize_chat"), 35);
	assert_int_equal(get_bool(doc, "anonymize_chat_moderators"), 0);
	assert_string_equal(get_str(doc, "playback_protocol"), "https");
	assert_string_equal(get_str(doc, "bbb_version"), "3.0.9");   /* quoted */
	assert_int_equal(get_int(doc, "redis_port"), 6379);
	assert_string_equal(get_str(doc, "notes_formats.2"), "pdf");
	assert_int_equal(vc_test_line_of(lines, "notes_formats.2"), 16);
	assert_int_equal(vc_test_line_of(lines, "notes_formats"), 13);
	/* A quoted key with a colon. */
	assert_string_equal(get_str(doc, "steps.process:presentation"), "publish:presentation");
	assert_int_equal(vc_test_line_of(lines, "steps.process:presentation"), 57);
	/* Commented-out keys are absent. */
	assert_null(vc_yaml_get(doc, "redis_password"));
	assert_null(json_object_get(lines, "redis_password"));
	check_all_lines(doc, lines, text);
	json_decref(doc);
	json_decref(lines);
	free(text);
}

/* /etc/bigbluebutton/bbb-html5.yml over settings.yml. */
static const char html5_override[] =
	"# local changes\n"
	"public:\n"
	"  app:\n"
	"    audioCaptions:\n"
	"      enabled: true\n"
	"      language:\n"
	"        available: [de-DE]\n"
	"    newKey: 1\n"
	"  clientLog:\n"
	"    external:\n"
	"      enabled: yes\n"
	"      url: https://logs.example.org/html5Log\n"
	"private:\n"
	"  minBrowserVersions: ~\n";

static void test_override_merge(void **state)
{
	json_t *base = NULL, *bl = NULL, *over, *ol = NULL;
	size_t len;
	char *text = corpus_file("settings.yml", &len);
	size_t before;

	(void)state;
	assert_int_equal(vc_yaml_parse(&base, &bl, text, len, NULL, NULL), 0);
	over = must_parse(html5_override, &ol);
	before = json_object_size(bl);
	assert_int_equal(vc_yaml_merge(base, bl, over, ol), 0);

	/* The overridden value and its line come from the override. */
	assert_int_equal(get_bool(base, "public.app.audioCaptions.enabled"), 1);
	assert_int_equal(vc_test_line_of(bl, "public.app.audioCaptions.enabled"), 5);
	/* Its siblings are untouched, lines included; merged objects keep the base line. */
	assert_string_equal(get_str(base, "public.app.audioCaptions.provider"), "webspeech");
	assert_int_equal(vc_test_line_of(bl, "public.app.audioCaptions.provider"), 95);
	assert_int_equal(vc_test_line_of(bl, "public.app.audioCaptions"), 90);
	assert_int_equal(get_bool(base, "public.app.audioCaptions.mobile"), 0);
	/* Arrays are replaced, not merged: the base's extra items and lines go. */
	assert_int_equal(json_array_size(get(base, "public.app.audioCaptions.language.available")),
			 1);
	assert_string_equal(get_str(base, "public.app.audioCaptions.language.available.0"),
			    "de-DE");
	assert_int_equal(vc_test_line_of(bl, "public.app.audioCaptions.language.available.0"), 7);
	assert_null(json_object_get(bl, "public.app.audioCaptions.language.available.1"));
	assert_int_equal(vc_test_line_of(bl, "public.app.audioCaptions.language.forceLocale"), 110);
	/* A new key arrives with its line. */
	assert_int_equal(get_int(base, "public.app.newKey"), 1);
	assert_int_equal(vc_test_line_of(bl, "public.app.newKey"), 8);
	assert_int_equal(get_bool(base, "public.clientLog.external.enabled"), 1);
	assert_string_equal(get_str(base, "public.clientLog.external.url"),
			    "https://logs.example.org/html5Log");
	assert_int_equal(vc_test_line_of(bl, "public.clientLog.external.url"), 12);
	assert_string_equal(get_str(base, "public.clientLog.external.method"), "POST");
	assert_int_equal(vc_test_line_of(bl, "public.clientLog.external.method"), 948);
	/* A scalar replaces a whole subtree, whose lines leave with it. */
	assert_true(json_is_null(get(base, "private.minBrowserVersions")));
	assert_int_equal(vc_test_line_of(bl, "private.minBrowserVersions"), 14);
	assert_null(json_object_get(bl, "private.minBrowserVersions.0.browser"));
	assert_string_equal(get_str(base, "private.redis.host"), "127.0.0.1");
	/*
	 * Gone: 4 "available" items, 12 browsers with 2 fields each and 3
	 * two-item "version" lists. Added: 1 item and newKey.
	 */
	assert_int_equal(json_object_size(bl), before - 4 - 12 * 3 - 3 * 2 + 1 + 1);
	/* The override itself is untouched. */
	assert_int_equal(json_array_size(get(over, "public.app.audioCaptions.language.available")),
			 1);
	assert_int_equal(json_object_size(ol), 14);

	json_decref(over);
	json_decref(ol);
	json_decref(base);
	json_decref(bl);
	free(text);
}

static void test_recording_override(void **state)
{
	json_t *base = NULL, *bl = NULL, *over, *ol = NULL, *empty, *el = NULL, *list;
	size_t len, n;
	char *text = corpus_file("bigbluebutton.yml", &len);

	(void)state;
	assert_int_equal(vc_yaml_parse(&base, &bl, text, len, NULL, NULL), 0);
	n = json_object_size(bl);

	/* An empty recording.yml changes nothing. */
	empty = must_parse("# nothing here\n", &el);
	assert_true(json_is_null(empty));
	assert_int_equal(json_object_size(el), 0);
	assert_int_equal(vc_yaml_merge(base, bl, empty, el), 0);
	assert_int_equal(json_object_size(bl), n);

	over = must_parse("anonymize_chat: true\nsteps:\n  sanity: done\n", &ol);
	assert_int_equal(vc_yaml_merge(base, bl, over, ol), 0);
	assert_int_equal(get_bool(base, "anonymize_chat"), 1);
	assert_int_equal(vc_test_line_of(bl, "anonymize_chat"), 1);
	assert_string_equal(get_str(base, "steps.sanity"), "done");
	assert_int_equal(vc_test_line_of(bl, "steps.sanity"), 3);
	assert_int_equal(vc_test_line_of(bl, "steps"), 53);
	assert_string_equal(get_str(base, "steps.archive"), "sanity");
	assert_int_equal(get_bool(base, "anonymize_chat_moderators"), 0);
	assert_int_equal(json_object_size(bl), n);
	json_decref(over);
	json_decref(ol);

	/* Without lines objects, and an override that is not a mapping. */
	list = must_parse("- a\n- b\n", NULL);
	assert_int_equal(vc_yaml_merge(base, NULL, list, NULL), VC_EPARSE);
	assert_string_equal(vc_error_last(), "override: top level is not a mapping");
	assert_int_equal(vc_yaml_merge(list, NULL, base, NULL), VC_EPARSE);
	json_decref(list);

	json_decref(empty);
	json_decref(el);
	json_decref(base);
	json_decref(bl);
	free(text);
}

static void test_anchors_aliases(void **state)
{
	json_t *doc, *lines = NULL, *a, *b;
	int line = 0;

	(void)state;
	doc = must_parse("defaults: &d\n"
			 "  level: info\n"
			 "  hosts: [a, b]\n"
			 "server:\n"
			 "  <<: *d\n"
			 "  level: debug\n"
			 "client:\n"
			 "  level: warn\n"
			 "  <<: [*d, {extra: 1, level: x}]\n"
			 "copy: *d\n"
			 "name: &n plain\n"
			 "names: [*n, *n]\n"
			 "*n : by alias\n"
			 "'<<': quoted\n", &lines);
	/* Keys written in the mapping win over merged ones, before or after "<<". */
	assert_string_equal(get_str(doc, "server.level"), "debug");
	assert_int_equal(vc_test_line_of(lines, "server.level"), 6);
	assert_string_equal(get_str(doc, "server.hosts.1"), "b");
	assert_int_equal(vc_test_line_of(lines, "server.hosts"), 3);    /* where it is written */
	assert_null(vc_yaml_get(doc, "server.<<"));
	assert_string_equal(get_str(doc, "client.level"), "warn");
	assert_int_equal(get_int(doc, "client.extra"), 1);
	assert_int_equal(vc_test_line_of(lines, "client.extra"), 9);
	assert_string_equal(get_str(doc, "client.hosts.0"), "a");
	/* A plain alias: the path's line is the alias's, below it the anchor's. */
	assert_int_equal(vc_test_line_of(lines, "copy"), 10);
	assert_int_equal(vc_test_line_of(lines, "copy.level"), 2);
	assert_string_equal(get_str(doc, "names.1"), "plain");
	assert_int_equal(vc_test_line_of(lines, "names.1"), 12);
	assert_string_equal(get_str(doc, "plain"), "by alias");
	assert_string_equal(get_str(doc, "<<"), "quoted");
	/* Copies, not shared values: changing one leaves the others alone. */
	a = get(doc, "copy.hosts");
	b = get(doc, "defaults.hosts");
	assert_ptr_not_equal(a, b);
	assert_int_equal(json_array_append_new(a, json_string("c")), 0);
	assert_int_equal(json_array_size(b), 2);
	assert_int_equal(json_array_size(get(doc, "server.hosts")), 2);
	json_decref(doc);
	json_decref(lines);

	/* Broken references. */
	assert_int_equal(parse_str(&doc, &lines, "a: 1\nb: *nowhere\n", &line), VC_EPARSE);
	assert_null(doc);
	assert_null(lines);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(), "line 2: alias to an undefined anchor");
	assert_int_equal(parse_str(&doc, NULL, "a: &x\n  b: *x\n", &line), VC_EPARSE);
	assert_int_equal(line, 2);
	assert_int_equal(parse_str(&doc, NULL, "a: &x [1]\nb:\n  <<: 5\n", &line), VC_EPARSE);
	assert_int_equal(line, 3);
	assert_int_equal(parse_str(&doc, NULL, "a: &x [1]\nb:\n  <<: *x\n", &line), VC_EPARSE);
	assert_int_equal(parse_str(&doc, NULL, "a: &x {k: 1}\n*x : 2\n", &line), VC_EPARSE);
	assert_string_equal(vc_error_last(), "line 2: a key must be a scalar");
}

/* The classic "billion laughs": 9^9 strings if expanded. */
static void test_billion_laughs(void **state)
{
	static const char bomb[] =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	struct timespec t0, t1;
	json_t *doc = NULL, *lines = NULL;
	char *big;
	double secs;
	int line = 0;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(parse_str(&doc, &lines, bomb, &line), VC_ELIMIT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(secs < 2.0);
	assert_null(doc);
	assert_null(lines);
	assert_int_equal(line, 6);      /* 10 + 100 + ... passes 100000 in f */
	assert_non_null(strstr(vc_error_last(), "more than 100000 values"));

	/* Few values, many bytes: one 1 MiB string used 100 times. */
	big = malloc(VC_YAML_MAX_SCALAR + 4096);
	assert_non_null(big);
	memcpy(big, "x: &x \"", 7);
	memset(big + 7, 'A', VC_YAML_MAX_SCALAR);
	snprintf(big + 7 + VC_YAML_MAX_SCALAR, 4096, "\"\nl: [%s]\n",
		 "*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,"
		 "*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,"
		 "*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,"
		 "*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x,*x");
	assert_int_equal(parse_str(&doc, NULL, big, &line), VC_ELIMIT);
	assert_int_equal(line, 2);
	free(big);

	/* An alias may not carry a tree past the depth limit. */
	big = malloc(1024);
	assert_non_null(big);
	snprintf(big, 1024, "a: &d %.40s%.40s\nb: %.30s*d%.30s\n",
		 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		 "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
		 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
	assert_int_equal(parse_str(&doc, NULL, big, &line), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "alias expansion"));
	free(big);
}

/* Each case: text with a secret, the code, the line of the problem. */
static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		int line;
	} cases[] = {
		/* bad indentation */
		{ "a:\n  b: 1\n c: s3cr3t\n", 3 },
		{ "a: 1\nb:\n  c: s3cr3t\n    d: 2\n", 4 },
		/* unterminated quotes: the line where the quote opens */
		{ "a: 1\npassword: \"s3cr3t\nc: 2\n", 2 },
		{ "a: 1\nb: 2\npassword: 's3cr3t\n", 3 },
		/* tab indentation */
		{ "a:\n\tpassword: s3cr3t\n", 2 },
		/* an unclosed flow sequence, a stray mapping in a sequence */
		{ "a: [s3cr3t, 2\nb: 1\n", 2 },
		{ "a:\n  - s3cr3t\n  b: 1\n", 3 },
		/* invalid UTF-8 */
		{ "a: 1\nb: s3cr3t\xff\n", 2 },
		/* a key with a NUL through an escape */
		{ "a: 1\n\"s3cr3t\\0\": 2\n", 2 },
		/* a collection as a key */
		{ "? [s3cr3t]\n: 1\n", 1 },
		/* a tag that does not fit */
		{ "a: 1\nb: !!int s3cr3t\n", 2 },
	};
	json_t *doc, *lines;
	size_t i;
	int line, col;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		doc = lines = (json_t *)1;
		line = col = -1;
		if (vc_yaml_parse(&doc, &lines, cases[i].text, strlen(cases[i].text), &line,
				  &col) != VC_EPARSE)
			fail_msg("case %zu: not a parse error", i);
		assert_null(doc);
		assert_null(lines);
		if (line != cases[i].line)
			fail_msg("case %zu: line %d, want %d (%s)", i, line, cases[i].line,
				 vc_error_last());
		assert_true(col >= 0);
		assert_null(strstr(vc_error_last(), "s3cr3t"));
		if (strncmp(vc_error_last(), "line ", 5) != 0)
			fail_msg("case %zu: %s", i, vc_error_last());
	}
	/* A NUL byte in the input, with its line. */
	assert_int_equal(vc_yaml_parse(&doc, NULL, "a: 1\nb: x\0y\n", sizeof("a: 1\nb: x\0y\n") - 1,
				       &line, NULL), VC_EPARSE);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(), "line 2: nul byte in the input");
	/* A quoted scalar left open: the message names the problem. */
	assert_int_equal(parse_str(&doc, NULL, "k: 'open\n", &line), VC_EPARSE);
	assert_string_equal(vc_error_last(),
			    "line 1: found unexpected end of stream while scanning a quoted scalar");
}

static char *nested(int depth, int flow)
{
	size_t cap = (size_t)depth * ((size_t)depth * 2 + 16) + 64, n = 0;
	char *s = malloc(cap);
	int i;

	assert_non_null(s);
	for (i = 0; i < depth; i++) {
		if (flow)
			s[n++] = '[';
		else
			n += (size_t)snprintf(s + n, cap - n, "%*sk%d:\n", i * 2, "", i);
	}
	if (flow) {
		for (i = 0; i < depth; i++)
			s[n++] = ']';
	} else {
		n += (size_t)snprintf(s + n, cap - n, "%*send: 1\n", depth * 2, "");
	}
	s[n] = 0;
	return s;
}

static void test_deep_nesting(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	char *s;
	size_t n = 1000000;
	int line = 0;

	(void)state;
	/* 64 levels are fine, 65 are not, whether flow or block. */
	s = nested(VC_YAML_MAX_DEPTH, 1);
	assert_int_equal(parse_str(&doc, &lines, s, NULL), 0);
	json_decref(doc);
	json_decref(lines);
	free(s);
	s = nested(VC_YAML_MAX_DEPTH + 1, 1);
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_int_equal(line, 1);
	free(s);
	s = nested(VC_YAML_MAX_DEPTH - 1, 0);    /* plus the "end" mapping */
	assert_int_equal(parse_str(&doc, &lines, s, NULL), 0);
	assert_int_equal(vc_test_line_of(lines, "k0.k1.k2"), 3);
	json_decref(doc);
	json_decref(lines);
	free(s);
	s = nested(VC_YAML_MAX_DEPTH, 0);
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_int_equal(line, VC_YAML_MAX_DEPTH + 1);
	assert_string_equal(vc_error_last(), "line 65: nesting deeper than 64 levels");
	free(s);

	/* A million open brackets: refused quickly, no stack overflow. */
	s = malloc(n + 1);
	assert_non_null(s);
	memset(s, '[', n);
	s[n] = 0;
	assert_int_equal(parse_str(&doc, NULL, s, NULL), VC_ELIMIT);
	free(s);
}

static void test_scalars(void **state)
{
	json_t *doc = must_parse("t: [true, True, TRUE, yes, Yes, YES, on, On, ON]\n"
				 "f: [false, False, FALSE, no, No, NO, off, Off, OFF]\n"
				 "s: [tRUE, y, n, Y, \"true\", 'yes', !!str on, ! off, 12:30, .inf,"
				 " 0x, 99999999999999999999, 1e999, Infinity]\n"
				 "z: [~, null, Null, NULL, !!null '']\n"
				 "empty:\n"
				 "i: [0, 12, -12, +3, 1_000, 0x1F, 0o17, 017, 0b101,"
				 " -9223372036854775808, !!int '42']\n"
				 "r: [1.5, .5, 1., 1e3, -2.5E-3, 1_000.5, !!float 1]\n"
				 "q: |\n  two\n  lines\n"
				 "e: \"tab\\there\"\n", NULL);
	static const json_int_t ints[] = {
		0, 12, -12, 3, 1000, 31, 15, 15, 5, INT64_MIN, 42
	};
	static const double reals[] = { 1.5, 0.5, 1.0, 1000.0, -0.0025, 1000.5, 1.0 };
	json_t *v;
	size_t i;

	(void)state;
	json_array_foreach(get(doc, "t"), i, v)
		assert_true(json_is_true(v));
	assert_int_equal(i, 9);
	json_array_foreach(get(doc, "f"), i, v)
		assert_true(json_is_false(v));
	assert_int_equal(i, 9);
	json_array_foreach(get(doc, "s"), i, v) {
		if (!json_is_string(v))
			fail_msg("s.%zu is not a string", i);
	}
	assert_int_equal(i, 14);
	assert_string_equal(get_str(doc, "s.8"), "12:30");
	assert_string_equal(get_str(doc, "s.11"), "99999999999999999999");
	json_array_foreach(get(doc, "z"), i, v)
		assert_true(json_is_null(v));
	assert_int_equal(i, 5);
	assert_true(json_is_null(get(doc, "empty")));
	json_array_foreach(get(doc, "i"), i, v) {
		if (!json_is_integer(v) || json_integer_value(v) != ints[i])
			fail_msg("i.%zu", i);
	}
	assert_int_equal(i, sizeof(ints) / sizeof(ints[0]));
	json_array_foreach(get(doc, "r"), i, v) {
		if (!json_is_real(v) || json_real_value(v) != reals[i])
			fail_msg("r.%zu", i);
	}
	assert_int_equal(i, sizeof(reals) / sizeof(reals[0]));
	assert_string_equal(get_str(doc, "q"), "two\nlines\n");
	assert_string_equal(get_str(doc, "e"), "tab\there");
	json_decref(doc);
}

static void test_documents_and_duplicates(void **state)
{
	json_t *doc, *lines = NULL;

	(void)state;
	/* Only the first document; what follows is not read. */
	doc = must_parse("---\na: 1\n---\nb: 2\n--- [unclosed\n", &lines);
	assert_int_equal(get_int(doc, "a"), 1);
	assert_null(vc_yaml_get(doc, "b"));
	assert_int_equal(vc_test_line_of(lines, "a"), 2);
	json_decref(doc);
	json_decref(lines);

	/* Empty input is null, with no lines. */
	doc = must_parse("", &lines);
	assert_true(json_is_null(doc));
	assert_int_equal(json_object_size(lines), 0);
	json_decref(doc);
	json_decref(lines);

	/* Duplicate keys: the later one wins, value and lines alike. */
	doc = must_parse("a:\n  x: 1\n  y: 2\nb: 0\na: 3\n", &lines);
	assert_int_equal(get_int(doc, "a"), 3);
	assert_int_equal(vc_test_line_of(lines, "a"), 5);
	assert_null(json_object_get(lines, "a.x"));
	assert_int_equal(json_object_size(lines), 2);
	json_decref(doc);
	json_decref(lines);

	/* A UTF-8 BOM is skipped; a top-level scalar has no lines. */
	doc = must_parse("\xEF\xBB\xBFk: v\n", NULL);
	assert_string_equal(get_str(doc, "k"), "v");
	json_decref(doc);
	doc = must_parse("just text\n", &lines);
	assert_string_equal(json_string_value(doc), "just text");
	assert_int_equal(json_object_size(lines), 0);
	json_decref(doc);
	json_decref(lines);
}

static void test_paths(void **state)
{
	json_t *doc, *lines = NULL, *over, *ol = NULL;

	(void)state;
	doc = must_parse("\"a.b\":\n  \"c\\\\d\": 1\n  list:\n    - x\n    - {k.e: 2}\n"
			 "a:\n  b: 3\n", &lines);
	/* '.' in a key is "\.", '\' is "\\". */
	assert_int_equal(vc_test_line_of(lines, "a\\.b"), 1);
	assert_int_equal(vc_test_line_of(lines, "a\\.b.c\\\\d"), 2);
	assert_int_equal(get_int(doc, "a\\.b.c\\\\d"), 1);
	assert_int_equal(vc_test_line_of(lines, "a\\.b.list.1.k\\.e"), 5);
	assert_int_equal(get_int(doc, "a\\.b.list.1.k\\.e"), 2);
	assert_int_equal(get_int(doc, "a.b"), 3);
	assert_int_equal(vc_test_line_of(lines, "a.b"), 7);
	assert_ptr_equal(vc_yaml_get(doc, ""), doc);
	assert_null(vc_yaml_get(doc, "a\\.b.list.2"));
	assert_null(vc_yaml_get(doc, "a\\.b.list.x"));
	assert_null(vc_yaml_get(doc, "a.b."));
	assert_null(vc_yaml_get(doc, "a\\"));

	/* Replacing "a.b" (escaped) must not touch "a" > "b", and the reverse. */
	over = must_parse("\"a.b\": gone\n", &ol);
	assert_int_equal(vc_yaml_merge(doc, lines, over, ol), 0);
	assert_string_equal(get_str(doc, "a\\.b"), "gone");
	assert_null(json_object_get(lines, "a\\.b.c\\\\d"));
	assert_int_equal(vc_test_line_of(lines, "a.b"), 7);
	assert_int_equal(vc_test_line_of(lines, "a\\.b"), 1);
	assert_int_equal(json_object_size(lines), 3);
	json_decref(over);
	json_decref(ol);
	json_decref(doc);
	json_decref(lines);
}

static void test_limits(void **state)
{
	json_t *doc = NULL;
	char *s;
	size_t n, i;
	int line = 0;

	(void)state;
	/* One scalar over 1 MiB. */
	n = VC_YAML_MAX_SCALAR + 16;
	s = malloc(n);
	assert_non_null(s);
	memcpy(s, "k: ", 3);
	memset(s + 3, 'x', n - 4);
	s[n - 1] = 0;
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_int_equal(line, 1);
	free(s);

	/* Too many values. */
	n = (size_t)VC_YAML_MAX_NODES * 4 + 8;
	s = malloc(n);
	assert_non_null(s);
	for (i = 0; i < VC_YAML_MAX_NODES; i++)
		memcpy(s + i * 4, "- a\n", 4);
	s[i * 4] = 0;
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_int_equal(line, VC_YAML_MAX_NODES);   /* the root sequence is a value too */
	s[(i - 1) * 4] = 0;
	assert_int_equal(parse_str(&doc, NULL, s, NULL), 0);
	assert_int_equal(json_array_size(doc), VC_YAML_MAX_NODES - 1);
	json_decref(doc);
	free(s);

	/* Too much input (checked before parsing). */
	n = VC_YAML_MAX_BYTES + 1;
	s = malloc(n);
	assert_non_null(s);
	memset(s, '#', n);
	assert_int_equal(vc_yaml_parse(&doc, NULL, s, n, NULL, NULL), VC_ELIMIT);
	assert_null(doc);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings_corpus),
		cmocka_unit_test(test_recording_corpus),
		cmocka_unit_test(test_override_merge),
		cmocka_unit_test(test_recording_override),
		cmocka_unit_test(test_anchors_aliases),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_documents_and_duplicates),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
