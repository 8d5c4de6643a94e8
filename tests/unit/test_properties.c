/* Java .properties: BigBlueButton's real files, Java's syntax corners, ${...}, hostile input. */
#include "testutil.h"
#include "core/err.h"
#include "parsers/properties.h"

#define BBB_PLACEHOLDER_SALT "330a8b08c3b4c61533e1d0c5ce1ac88f"   /* published in the repo */

static char *corpus_file(const char *name, size_t *len)
{
	return vc_test_corpus_file("bigbluebutton", name, len);
}

static int parse_str(json_t **doc, json_t **lines, const char *s, int *line)
{
	return vc_properties_parse(doc, lines, s, strlen(s), line);
}

static const char *get(const json_t *doc, const char *key)
{
	return vc_test_str(json_object_get(doc, key), key);
}

static char *resolve(const json_t *doc, const char *value)
{
	char *out = NULL;
	int rc = vc_properties_resolve(&out, doc, value);

	if (rc != 0)
		fail_msg("resolve failed (%d): %s", rc, vc_error_last());
	return out;
}

/* Entries of the corpus file: its non-blank lines that are not comments. */
static size_t count_entries(const char *text)
{
	const char *p = text, *nl;
	size_t n = 0;

	while (*p) {
		nl = strchr(p, '\n');
		if (*p != '#' && *p != '\n')
			n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

static void test_bigbluebutton_properties_corpus(void **state)
{
	json_t *doc = NULL, *lines = NULL, *v;
	const char *key;
	size_t len;
	char *text = corpus_file("bigbluebutton.properties", &len), *s;
	int line = -1;

	(void)state;
	assert_int_equal(vc_properties_parse(&doc, &lines, text, len, &line), 0);
	assert_int_equal(line, 0);
	assert_int_equal(json_object_size(doc), count_entries(text));
	assert_int_equal(json_object_size(lines), json_object_size(doc));

	assert_string_equal(get(doc, "defaultGuestPolicy"), "ALWAYS_ACCEPT");
	assert_int_equal(vc_test_line_of(lines, "defaultGuestPolicy"), 158);
	assert_string_equal(get(doc, "disableRecordingDefault"), "false");
	assert_int_equal(vc_test_line_of(lines, "disableRecordingDefault"), 224);
	assert_string_equal(get(doc, "defaultKeepEvents"), "false");
	assert_int_equal(vc_test_line_of(lines, "defaultKeepEvents"), 271);
	assert_string_equal(get(doc, "serviceEnabled"), "true");      /* "key = value" */
	assert_int_equal(vc_test_line_of(lines, "serviceEnabled"), 358);
	assert_string_equal(get(doc, "disabledFeatures"), "");
	assert_string_equal(get(doc, "redisPassword"), "");
	assert_string_equal(get(doc, "supportedChecksumAlgorithms"), "sha1,sha256,sha384,sha512");
	assert_non_null(strstr(get(doc, "defaultWelcomeMessage"), "<b>%%CONFNAME%%</b>!<br><br>"));
	/* The salt is there and is the published placeholder; never print it. */
	assert_true(strcmp(get(doc, "securitySalt"), BBB_PLACEHOLDER_SALT) == 0);
	assert_int_equal(vc_test_line_of(lines, "securitySalt"), 324);
	assert_null(json_object_get(doc, "keepEvents"));   /* renamed defaultKeepEvents in 2.3 */

	/* References stay as written in the document; resolve on demand. */
	assert_string_equal(get(doc, "defaultHTML5ClientUrl"),
			    "${bigbluebutton.web.serverURL}/html5client/join");
	s = resolve(doc, get(doc, "defaultHTML5ClientUrl"));
	assert_string_equal(s, "http://bigbluebutton.example.com/html5client/join");
	free(s);
	s = resolve(doc, get(doc, "beans.presentationService.presentationBaseUrl"));
	assert_string_equal(s, "http://bigbluebutton.example.com/bigbluebutton/presentation");
	free(s);

	/* Every line points at a line that starts with its key. */
	json_object_foreach(lines, key, v) {
		const char *at = vc_test_nth_line(text, json_integer_value(v));

		if (strncmp(at, key, strlen(key)) != 0)
			fail_msg("%s: line %d does not start with it", key,
				 (int)json_integer_value(v));
	}
	json_decref(doc);
	json_decref(lines);
	free(text);
}

static void test_override_wins(void **state)
{
	json_t *base = NULL, *bl = NULL, *over = NULL, *ol = NULL;
	size_t blen, olen, nbase;
	char *btext = corpus_file("bigbluebutton.properties", &blen);
	char *otext = corpus_file("bbb-web.properties-override-wlgrbbb", &olen), *s;

	(void)state;
	assert_int_equal(vc_properties_parse(&base, &bl, btext, blen, NULL), 0);
	assert_int_equal(vc_properties_parse(&over, &ol, otext, olen, NULL), 0);
	assert_int_equal(json_object_size(over), 2);
	assert_int_equal(vc_test_line_of(ol, "bigbluebutton.web.serverURL"), 5);
	assert_int_equal(vc_test_line_of(ol, "securitySalt"), 6);
	nbase = json_object_size(base);

	assert_int_equal(vc_properties_merge(base, bl, over, ol), 0);
	assert_int_equal(json_object_size(base), nbase);   /* both keys existed */
	assert_string_equal(get(base, "bigbluebutton.web.serverURL"),
			    "https://vconnect.greenlife-vn.com");
	assert_int_equal(vc_test_line_of(bl, "bigbluebutton.web.serverURL"), 5);
	assert_true(strcmp(get(base, "securitySalt"), BBB_PLACEHOLDER_SALT) != 0);
	assert_true(strlen(get(base, "securitySalt")) > 20);
	assert_int_equal(vc_test_line_of(bl, "securitySalt"), 6);
	/* Which file supplied a key: the override holds it. */
	assert_non_null(json_object_get(over, "securitySalt"));
	assert_null(json_object_get(over, "defaultGuestPolicy"));
	assert_int_equal(vc_test_line_of(bl, "defaultGuestPolicy"), 158);
	/* References in the defaults now resolve to the deployment's URL. */
	s = resolve(base, get(base, "defaultHTML5ClientUrl"));
	assert_string_equal(s, "https://vconnect.greenlife-vn.com/html5client/join");
	free(s);
	s = resolve(base, get(base, "accessControlAllowOrigin"));
	assert_string_equal(s, "https://vconnect.greenlife-vn.com");
	free(s);
	/* The override is not changed; a new key joins the base. */
	json_object_set_new(over, "brandNewKey", json_string("x"));
	json_object_set_new(ol, "brandNewKey", json_integer(9));
	assert_int_equal(vc_properties_merge(base, NULL, over, ol), 0);
	assert_int_equal(json_object_size(base), nbase + 1);
	assert_string_equal(get(base, "brandNewKey"), "x");
	assert_null(json_object_get(bl, "brandNewKey"));   /* no lines given: none merged */
	assert_int_equal(vc_properties_merge(base, bl, NULL, ol), VC_ERROR);

	json_decref(base);
	json_decref(bl);
	json_decref(over);
	json_decref(ol);
	free(btext);
	free(otext);
}

struct kv {
	const char *text;
	const char *key;
	const char *value;
	int line;
};

/* What Properties.load gives (the ASCII cases checked against OpenJDK 17 load(InputStream)). */
static const struct kv java_cases[] = {
	{ "a=b", "a", "b", 1 },
	{ "a = b", "a", "b", 1 },
	{ "a:b", "a", "b", 1 },
	{ "a : b", "a", "b", 1 },
	{ "a b", "a", "b", 1 },
	{ "a\t\f=\t b", "a", "b", 1 },
	{ "   \t a=b", "a", "b", 1 },
	{ "a", "a", "", 1 },
	{ "a=", "a", "", 1 },
	{ "=v", "", "v", 1 },
	{ "webcamsOnlyForModerator=false ", "webcamsOnlyForModerator", "false ", 1 },
	{ "a==b", "a", "=b", 1 },
	{ "a = = b", "a", "= b", 1 },
	{ "a b=c", "a", "b=c", 1 },
	{ "a:b=c", "a", "b=c", 1 },
	{ "a\\ b=c", "a b", "c", 1 },
	{ "a\\=b=c", "a=b", "c", 1 },
	{ "a\\:b:c", "a:b", "c", 1 },
	{ "\\#a=b", "#a", "b", 1 },
	{ "a\\\\=b", "a\\", "b", 1 },
	{ "# c\n! c\n  # c\na=1", "a", "1", 4 },
	{ "a=one \\\n     two", "a", "one two", 1 },
	{ "a=x\\\\\nb=y", "a", "x\\", 1 },
	{ "a=x\\\\\nb=y", "b", "y", 2 },
	{ "a=x\\\\\\\ny", "a", "x\\y", 1 },
	{ "\n\na=b\\\n#c", "a", "b#c", 3 },
	{ "a=b\\\n\nc=d", "a", "b", 1 },
	{ "a=b\\\n\nc=d", "c", "d", 3 },
	{ "a=b\\\n   \nc=d", "a", "b", 1 },
	{ "# comment \\\nc=d", "c", "d", 2 },
	{ "x=1\r\ny=2\r\n", "y", "2", 2 },
	{ "x=1\ry=2\r", "y", "2", 2 },
	{ "x=1\r\n\r\n\r\ny=2", "y", "2", 4 },
	{ "a=b\\\r\n  c\r\nz=1", "a", "bc", 1 },
	{ "a=b\\\r\n  c\r\nz=1", "z", "1", 3 },
	{ "a=b\\\r  c\rz=1", "z", "1", 3 },
	{ "a=b\\", "a", "b", 1 },
	{ "a=\\t\\n\\r\\f\\\\\\q\\\"", "a", "\t\n\r\f\\q\"", 1 },
	{ "a=\\u00e9\\u00C9", "a", "\xC3\xA9\xC3\x89", 1 },
	{ "a=\\u20ac", "a", "\xE2\x82\xAC", 1 },
	{ "a=\\uD83D\\uDE00!", "a", "\xF0\x9F\x98\x80!", 1 },
	{ "\\u0041\\u0062=1", "Ab", "1", 1 },
	{ "a=Z\xC3\xBCrich", "a", "Z\xC3\xBCrich", 1 },   /* UTF-8 as is */
	{ "a=Z\xFCrich", "a", "Z\xC3\xBCrich", 1 },       /* ISO-8859-1 byte */
	{ "a=\\\xC3\xA9", "a", "\xC3\xA9", 1 },
	{ "\xEF\xBB\xBF" "a=1", "a", "1", 1 },            /* BOM */
	{ "a=1\na=2\n a = 3 ", "a", "3 ", 3 },             /* later wins */
	/* JDK 17 quirks: after a line holding only "\", '#' starts a comment... */
	{ "\\\n#c=1\nk=v", "k", "v", 3 },
	{ "\\\n  x=1", "x", "1", 2 },
	/* ...and a continuation by the last line end of the input gives the key "". */
	{ "k=v\n\\\n", "", "", 2 },
	{ "k=v\n\\", "", "", 2 },
};

static void test_java_syntax(void **state)
{
	json_t *doc, *lines;
	size_t i;
	int line, rc;

	(void)state;
	for (i = 0; i < sizeof(java_cases) / sizeof(java_cases[0]); i++) {
		const struct kv *c = &java_cases[i];
		json_t *v;

		doc = lines = NULL;
		line = -1;
		rc = parse_str(&doc, &lines, c->text, &line);
		if (rc != 0 || line != 0)
			fail_msg("case %zu: rc %d line %d: %s", i, rc, line, vc_error_last());
		v = json_object_get(doc, c->key);
		if (!json_is_string(v) || strcmp(json_string_value(v), c->value) != 0)
			fail_msg("case %zu: key \"%s\" is \"%s\", want \"%s\"", i, c->key,
				 v ? json_string_value(v) : "(absent)", c->value);
		if (vc_test_line_of(lines, c->key) != c->line)
			fail_msg("case %zu: line %lld, want %d", i,
				 (long long)vc_test_line_of(lines, c->key), c->line);
		json_decref(doc);
		json_decref(lines);
	}
	/* Comments, blank lines and a lone continuation give nothing. */
	assert_int_equal(parse_str(&doc, NULL, "\\\n#c=1\n\\\r\n", NULL), 0);
	assert_int_equal(json_object_size(doc), 0);
	json_decref(doc);
	assert_int_equal(parse_str(&doc, &lines, "# a=1\n! b=2\n\n   \n\t\f\n", NULL), 0);
	assert_int_equal(json_object_size(doc), 0);
	json_decref(doc);
	json_decref(lines);
	assert_int_equal(vc_properties_parse(&doc, NULL, NULL, 0, NULL), 0);
	assert_int_equal(json_object_size(doc), 0);
	json_decref(doc);
}

struct bad {
	const char *text;
	int line;
	const char *problem;
};

static const struct bad bad_cases[] = {
	{ "ok=1\nsalt=hunter2\\u12", 2, "malformed \\uxxxx escape" },
	{ "ok=1\n\nsalt=hunter2\\u12G4", 3, "malformed \\uxxxx escape" },
	{ "ok=1\nsalt=hunter2\\\n  \\u", 2, "malformed \\uxxxx escape" },
	{ "ok=1\nsalt=hunter2\\uD800x", 2, "unpaired surrogate" },
	{ "ok=1\nsalt=hunter2\\uD800\\u0041", 2, "unpaired surrogate" },
	{ "ok=1\nsalt=hunter2\\uDC00", 2, "unpaired surrogate" },
	{ "ok=1\nsalt=hunter2\\u0000", 2, "nul character" },
	{ "ok=1\nsalt\\uzzzz=hunter2", 2, "malformed \\uxxxx escape" },
};

static void test_errors_keep_the_rest(void **state)
{
	json_t *doc, *lines;
	size_t i;
	int line, rc;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		char text[128], want[64];

		snprintf(text, sizeof(text), "%s\nafter=2\n", bad_cases[i].text);
		doc = lines = NULL;
		rc = parse_str(&doc, &lines, text, &line);
		if (rc != VC_EPARSE || line != bad_cases[i].line)
			fail_msg("case %zu: rc %d line %d", i, rc, line);
		snprintf(want, sizeof(want), "line %d: ", bad_cases[i].line);
		assert_non_null(strstr(vc_error_last(), want));
		assert_non_null(strstr(vc_error_last(), bad_cases[i].problem));
		assert_null(strstr(vc_error_last(), "hunter2"));
		assert_null(strstr(vc_error_last(), "salt"));
		/* The good entries before and after are there, the bad one is not. */
		assert_string_equal(get(doc, "ok"), "1");
		assert_string_equal(get(doc, "after"), "2");
		assert_null(json_object_get(doc, "salt"));
		assert_int_equal(json_object_size(doc), 2);
		assert_int_equal(json_object_size(lines), 2);
		json_decref(doc);
		json_decref(lines);
	}
	/* The first bad line is the one reported. */
	assert_int_equal(parse_str(&doc, NULL, "a=\\uD800\nb=1\nc=\\u1", &line), VC_EPARSE);
	assert_int_equal(line, 1);
	assert_string_equal(vc_error_last(), "line 1: unpaired surrogate in \\u escape");
	assert_string_equal(get(doc, "b"), "1");
	json_decref(doc);
}

static void test_nul_bytes(void **state)
{
	static const char text[] = "a=1\nb=x\0y\nc=3\n# x\0y\nd=4\nlast=\0";
	json_t *doc = NULL, *lines = NULL;
	int line = -1;

	(void)state;
	assert_int_equal(vc_properties_parse(&doc, &lines, text, sizeof(text) - 1, &line),
			 VC_EPARSE);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(), "line 2: nul byte");
	assert_int_equal(json_object_size(doc), 3);
	assert_string_equal(get(doc, "a"), "1");
	assert_string_equal(get(doc, "c"), "3");
	assert_string_equal(get(doc, "d"), "4");
	assert_int_equal(vc_test_line_of(lines, "d"), 5);
	json_decref(doc);
	json_decref(lines);
	/* In a comment (last line, no line end) too. */
	assert_int_equal(vc_properties_parse(&doc, NULL, "a=1\n#\0", 6, &line), VC_EPARSE);
	assert_int_equal(line, 2);
	assert_string_equal(get(doc, "a"), "1");
	json_decref(doc);
}

static void test_resolve(void **state)
{
	json_t *doc = NULL;
	char *s = NULL, text[2048];
	int i, rc;

	(void)state;
	assert_int_equal(parse_str(&doc, NULL,
				   "url=https://bbb.example.org\n"
				   "join=${url}/html5client/join\n"
				   "deep=${join}?x=1\n"
				   "b=X\n"
				   "aX=nested\n"
				   "self=${self}\n"
				   "p=${q}\n"
				   "q=${p}\n"
				   "salt=s3cr3t\n", NULL), 0);
	s = resolve(doc, "${deep}");
	assert_string_equal(s, "https://bbb.example.org/html5client/join?x=1");
	free(s);
	s = resolve(doc, "${nope}/x and ${url}");   /* unknown as written */
	assert_string_equal(s, "${nope}/x and https://bbb.example.org");
	free(s);
	s = resolve(doc, "${a${b}}");               /* a reference inside a name */
	assert_string_equal(s, "nested");
	free(s);
	s = resolve(doc, "${nope:fallback}|${url:unused}");
	assert_string_equal(s, "fallback|https://bbb.example.org");
	free(s);
	s = resolve(doc, "${url");                  /* no closing brace: text */
	assert_string_equal(s, "${url");
	free(s);
	s = resolve(doc, "no references");
	assert_string_equal(s, "no references");
	free(s);

	assert_int_equal(vc_properties_resolve(&s, doc, "${self}"), VC_ELIMIT);
	assert_null(s);
	assert_string_equal(vc_error_last(), "reference cycle");
	assert_int_equal(vc_properties_resolve(&s, doc, "x${p}"), VC_ELIMIT);
	assert_string_equal(vc_error_last(), "reference cycle");
	assert_int_equal(vc_properties_resolve(&s, doc, "${salt}${p}"), VC_ELIMIT);
	assert_null(strstr(vc_error_last(), "s3cr3t"));
	assert_int_equal(vc_properties_resolve(&s, NULL, "x"), VC_ERROR);
	assert_int_equal(vc_properties_resolve(&s, doc, NULL), VC_ERROR);
	json_decref(doc);

	/* A chain of 16 references resolves, 17 is too deep. */
	doc = json_object();
	for (i = 1; i <= 17; i++) {
		char key[16], val[32];

		snprintf(key, sizeof(key), "k%d", i);
		if (i < 17)
			snprintf(val, sizeof(val), "${k%d}", i + 1);
		else
			snprintf(val, sizeof(val), "end");
		json_object_set_new(doc, key, json_string(val));
	}
	s = resolve(doc, "${k2}");
	assert_string_equal(s, "end");
	free(s);
	assert_int_equal(vc_properties_resolve(&s, doc, "${k1}"), VC_ELIMIT);
	assert_string_equal(vc_error_last(), "references nested deeper than 16");
	json_decref(doc);

	/* Doubling at every level: past 1 MiB is refused, not built. */
	doc = json_object();
	memset(text, 'x', 64);
	text[64] = 0;
	json_object_set_new(doc, "a0", json_string(text));
	for (i = 1; i <= 15; i++) {
		char key[16];

		snprintf(key, sizeof(key), "a%d", i);
		snprintf(text, sizeof(text), "${a%d}${a%d}", i - 1, i - 1);
		json_object_set_new(doc, key, json_string(text));
	}
	s = resolve(doc, "${a14}");                   /* 64 << 14 = 1 MiB: just fits */
	assert_int_equal(strlen(s), (size_t)64 << 14);
	free(s);
	assert_int_equal(vc_properties_resolve(&s, doc, "${a15}"), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "longer than 1048576 bytes"));
	json_decref(doc);

	/* Empty values referenced 100 times at each of 8 levels: no output, work limit. */
	doc = json_object();
	json_object_set_new(doc, "e0", json_string(""));
	for (i = 1; i <= 8; i++) {
		char key[16], *p = text;
		int j;

		for (j = 0; j < 100; j++, p += 5)
			snprintf(p, 6, "${e%d}", i - 1);
		snprintf(key, sizeof(key), i == 8 ? "bomb" : "e%d", i);
		json_object_set_new(doc, key, json_string(text));
	}
	rc = vc_properties_resolve(&s, doc, "${bomb}");
	assert_int_equal(rc, VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "more than 16777216 bytes of text"));
	json_decref(doc);
}

static void test_limits(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	char *s, *p;
	size_t i;
	int line;

	(void)state;
	/* A value of exactly 1 MiB is fine; one byte more is refused with its line. */
	s = vc_test_repeat("a=1\nbig=", "v", VC_PROPERTIES_MAX_VALUE, "\n");
	assert_int_equal(parse_str(&doc, NULL, s, &line), 0);
	assert_int_equal(strlen(get(doc, "big")), VC_PROPERTIES_MAX_VALUE);
	json_decref(doc);
	free(s);
	s = vc_test_repeat("a=1\nbig=", "v", VC_PROPERTIES_MAX_VALUE + 1, "\n");
	doc = (json_t *)1;
	assert_int_equal(parse_str(&doc, &lines, s, &line), VC_ELIMIT);
	assert_null(doc);
	assert_null(lines);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(), "line 2: key or value longer than 1048576 bytes");
	free(s);
	/* A limit after a parse error still wins: nothing is returned. */
	s = vc_test_repeat("a=\\u1\nbig=", "v", VC_PROPERTIES_MAX_VALUE + 1, "\n");
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_null(doc);
	free(s);

	/* 100000 entries are fine, 100001 are not. */
	s = malloc((VC_PROPERTIES_MAX_ENTRIES + 1) * 4 + 1);
	assert_non_null(s);
	for (i = 0, p = s; i < VC_PROPERTIES_MAX_ENTRIES; i++, p += 4)
		memcpy(p, "k=v\n", 4);
	*p = 0;
	assert_int_equal(parse_str(&doc, NULL, s, &line), 0);
	json_decref(doc);
	memcpy(p, "k=v\n", 5);
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_int_equal(line, VC_PROPERTIES_MAX_ENTRIES + 1);
	assert_null(doc);
	free(s);

	/* Input size. */
	s = calloc(VC_PROPERTIES_MAX_BYTES + 1, 1);
	assert_non_null(s);
	assert_int_equal(vc_properties_parse(&doc, NULL, s, VC_PROPERTIES_MAX_BYTES + 1, &line),
			 VC_ELIMIT);
	assert_int_equal(line, 0);
	free(s);

	/* Merge cannot grow past the entry limit either. */
	doc = json_object();
	lines = json_object();
	for (i = 0; i < VC_PROPERTIES_MAX_ENTRIES; i++) {
		char key[16];

		snprintf(key, sizeof(key), "k%zu", i);
		json_object_set_new(doc, key, json_string(""));
	}
	json_object_set_new(lines, "one-more", json_string(""));
	assert_int_equal(vc_properties_merge(doc, NULL, lines, NULL), VC_ELIMIT);
	assert_null(json_object_get(doc, "one-more"));
	json_decref(doc);
	json_decref(lines);
}

/* Long runs of the characters the line reader cares about: no crash, no hang. */
static void test_hostile(void **state)
{
	static const char alphabet[] = "=: \t\f\\\r\n#!u0Da\xC3\xFF";
	json_t *doc, *lines;
	size_t len, i, n;
	char *text = corpus_file("bigbluebutton.properties", &len), *s;
	unsigned seed = 12345;
	int rc;

	(void)state;
	for (i = 0; i < len; i += 7) {   /* prefixes of the real file */
		doc = NULL;
		assert_int_equal(vc_properties_parse(&doc, NULL, text, i, NULL), 0);
		json_decref(doc);
	}
	free(text);
	s = malloc(4096);
	assert_non_null(s);
	for (i = 0; i < 3000; i++) {
		n = (size_t)(rand_r(&seed) % 4096);
		for (len = 0; len < n; len++)
			s[len] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		doc = lines = NULL;
		rc = vc_properties_parse(&doc, &lines, s, n, NULL);
		assert_true(rc == 0 || rc == VC_EPARSE);
		assert_true(json_is_object(doc));
		assert_int_equal(json_object_size(doc), json_object_size(lines));
		json_decref(doc);
		json_decref(lines);
	}
	free(s);
	/* A million backslashes, then a million continuation lines. */
	s = vc_test_repeat("k=", "\\", 1000000, "");
	assert_int_equal(parse_str(&doc, NULL, s, NULL), 0);
	assert_int_equal(strlen(get(doc, "k")), 500000);
	json_decref(doc);
	free(s);
	s = malloc(2000000 + 3);
	assert_non_null(s);
	memcpy(s, "k=", 2);
	for (i = 0; i < 1000000; i++)
		memcpy(s + 2 + 2 * i, "\\\n", 2);
	s[2000002] = 0;
	assert_int_equal(parse_str(&doc, &lines, s, NULL), 0);
	assert_string_equal(get(doc, "k"), "");
	assert_int_equal(vc_test_line_of(lines, "k"), 1);
	json_decref(doc);
	json_decref(lines);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bigbluebutton_properties_corpus),
		cmocka_unit_test(test_override_wins),
		cmocka_unit_test(test_java_syntax),
		cmocka_unit_test(test_errors_keep_the_rest),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
