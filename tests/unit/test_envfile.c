/* docker compose .env: docker-jitsi-meet's env.example, quoting, bad lines, hostile input. */
#include "testutil.h"
#include "core/err.h"
#include "parsers/envfile.h"

static char *env_example(size_t *len)
{
	return vc_test_corpus_file("jitsi", "docker-jitsi-meet-env.example", len);
}

static int parse_str(json_t **doc, json_t **lines, const char *s, int *line)
{
	return vc_envfile_parse(doc, lines, s, strlen(s), line);
}

static const char *get(const json_t *doc, const char *key)
{
	return vc_test_str(json_object_get(doc, key), key);
}

/* A copy of s with the first `from` replaced by `to` (the test's own variation). */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	size_t n = strlen(s), f = strlen(from), t = strlen(to), head;
	char *out;

	assert_non_null(at);
	head = (size_t)(at - s);
	out = malloc(n - f + t + 1);
	assert_non_null(out);
	memcpy(out, s, head);
	memcpy(out + head, to, t);
	memcpy(out + head + t, at + f, n - head - f + 1);
	return out;
}

static void test_docker_jitsi_meet_env_example(void **state)
{
	static const char *const passwords[] = {
		"JICOFO_AUTH_PASSWORD", "JVB_AUTH_PASSWORD", "JIGASI_XMPP_PASSWORD",
		"JIGASI_TRANSCRIBER_PASSWORD", "JIBRI_RECORDER_PASSWORD", "JIBRI_XMPP_PASSWORD",
	};
	json_t *doc = NULL, *lines = NULL, *v;
	const char *key;
	size_t len, i;
	char *text = env_example(&len);
	int line = -1;

	(void)state;
	assert_int_equal(vc_envfile_parse(&doc, &lines, text, len, &line), 0);
	assert_int_equal(line, 0);
	/* Ten variables are set; the ~150 commented ones are not. */
	assert_int_equal(json_object_size(doc), 10);
	assert_int_equal(json_object_size(lines), 10);
	assert_string_equal(get(doc, "CONFIG"), "~/.jitsi-meet-cfg");
	assert_int_equal(vc_test_line_of(lines, "CONFIG"), 19);
	assert_string_equal(get(doc, "HTTP_PORT"), "8000");
	assert_string_equal(get(doc, "HTTPS_PORT"), "8443");
	assert_string_equal(get(doc, "TZ"), "UTC");
	assert_int_equal(vc_test_line_of(lines, "TZ"), 28);
	for (i = 0; i < sizeof(passwords) / sizeof(passwords[0]); i++)
		assert_string_equal(get(doc, passwords[i]), "");   /* the template's empty ones */
	assert_int_equal(vc_test_line_of(lines, "JICOFO_AUTH_PASSWORD"), 217);
	assert_int_equal(vc_test_line_of(lines, "JIBRI_XMPP_PASSWORD"), 232);
	/* Commented out: not set. */
	assert_null(json_object_get(doc, "PUBLIC_URL"));
	assert_null(json_object_get(doc, "ENABLE_AUTH"));
	assert_null(json_object_get(doc, "LETSENCRYPT_ACME_SERVER"));
	assert_null(json_object_get(doc, "LDAP_START_TLS"));   /* "# LDAP_START_TLS=1" */
	assert_null(json_object_get(doc, "ENABLE_RECORDING"));  /* not in today's template */
	json_object_foreach(lines, key, v) {
		const char *at = vc_test_nth_line(text, json_integer_value(v));

		if (strncmp(at, key, strlen(key)) != 0 || at[strlen(key)] != '=')
			fail_msg("%s: line %d does not set it", key, (int)json_integer_value(v));
	}
	json_decref(doc);
	json_decref(lines);
	free(text);
}

/* An operator's .env made from the template: uncommented, filled in, recording on. */
static void test_edited_env(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	size_t len;
	char *text = env_example(&len), *a, *b, *c;
	int line = -1;

	(void)state;
	a = replace(text, "#PUBLIC_URL=", "PUBLIC_URL=");
	b = replace(a, "JICOFO_AUTH_PASSWORD=\n", "JICOFO_AUTH_PASSWORD=not-printed\n");
	c = malloc(strlen(b) + 64);
	assert_non_null(c);
	snprintf(c, strlen(b) + 64, "%s#ENABLE_RECORDING=0\nENABLE_RECORDING=1\n", b);
	assert_int_equal(parse_str(&doc, &lines, c, &line), 0);
	assert_int_equal(json_object_size(doc), 12);
	/* ${...} stays as written: compose would expand it. */
	assert_string_equal(get(doc, "PUBLIC_URL"), "https://meet.example.com:${HTTPS_PORT}");
	assert_int_equal(vc_test_line_of(lines, "PUBLIC_URL"), 32);
	assert_true(strcmp(get(doc, "JICOFO_AUTH_PASSWORD"), "not-printed") == 0);
	assert_string_equal(get(doc, "JVB_AUTH_PASSWORD"), "");
	assert_string_equal(get(doc, "ENABLE_RECORDING"), "1");
	assert_int_equal(vc_test_line_of(lines, "ENABLE_RECORDING"), 248);
	json_decref(doc);
	json_decref(lines);
	free(text);
	free(a);
	free(b);
	free(c);
}

struct kv {
	const char *text;
	const char *key;
	const char *value;
	int line;
};

static const struct kv cases[] = {
	{ "A=b", "A", "b", 1 },
	{ "  A = b  ", "A", "b", 1 },
	{ "\tA\t=\tb\t", "A", "b", 1 },
	{ "export A=b", "A", "b", 1 },
	{ "export \t A=b", "A", "b", 1 },
	{ "export=1", "export", "1", 1 },
	{ "a_b1=x", "a_b1", "x", 1 },
	{ "_X=x", "_X", "x", 1 },
	{ "A=", "A", "", 1 },
	{ "A=   ", "A", "", 1 },
	{ "A=b c  d", "A", "b c  d", 1 },
	{ "A=b #c", "A", "b", 1 },
	{ "A=b\t# c", "A", "b", 1 },
	{ "A=b#c", "A", "b#c", 1 },
	{ "A=#c", "A", "#c", 1 },
	{ "A= #c", "A", "", 1 },
	{ "A=a\"b'c", "A", "a\"b'c", 1 },
	{ "A=${B}/x", "A", "${B}/x", 1 },
	{ "A=$B", "A", "$B", 1 },
	{ "A=''", "A", "", 1 },
	{ "A=\"\"", "A", "", 1 },
	{ "A='x y # z'", "A", "x y # z", 1 },
	{ "A='a\\nb\\'", "A", "a\\nb\\", 1 },
	{ "A='\"${B}\"'", "A", "\"${B}\"", 1 },
	{ "A=\"a\\nb\\tc\\r\\\"q\\\"\\\\\"", "A", "a\nb\tc\r\"q\"\\", 1 },
	{ "A=\"${B}\"", "A", "${B}", 1 },
	{ "A=\"\\$x\\q\\'\"", "A", "\\$x\\q\\'", 1 },
	{ "A=\"x\" # comment", "A", "x", 1 },
	{ "A='x'   ", "A", "x", 1 },
	{ "A = \"  padded  \"", "A", "  padded  ", 1 },
	{ "A=\"line1\nline2\"\nB=2", "A", "line1\nline2", 1 },
	{ "A=\"line1\nline2\"\nB=2", "B", "2", 3 },
	{ "K='-----BEGIN\nabc\n-----END'\n\nB=2", "B", "2", 5 },
	{ "A=1\r\nB=2\r\n", "B", "2", 2 },
	{ "A=1\r\nB=\"q\"\r\n", "B", "q", 2 },
	{ "\xEF\xBB\xBF" "A=1", "A", "1", 1 },
	{ "A=Z\xC3\xBCrich", "A", "Z\xC3\xBCrich", 1 },
	{ "A=Z\xFCrich", "A", "Z\xC3\xBCrich", 1 },   /* not UTF-8: ISO-8859-1 */
	{ "A=1\nA=2\n# A=3\nA=4 ", "A", "4", 4 },      /* later wins */
	{ "# c\n\n   # c\n\t\nA=1", "A", "1", 5 },
	{ "A\nexport B\nC=1", "C", "1", 3 },           /* bare names set nothing */
};

static void test_syntax(void **state)
{
	json_t *doc, *lines;
	size_t i;
	int line, rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kv *c = &cases[i];
		json_t *v;

		doc = lines = NULL;
		rc = parse_str(&doc, &lines, c->text, &line);
		if (rc != 0 || line != 0)
			fail_msg("case %zu: rc %d line %d: %s", i, rc, line, vc_error_last());
		v = json_object_get(doc, c->key);
		if (!json_is_string(v) || strcmp(json_string_value(v), c->value) != 0)
			fail_msg("case %zu: %s is \"%s\", want \"%s\"", i, c->key,
				 v ? json_string_value(v) : "(absent)", c->value);
		if (vc_test_line_of(lines, c->key) != c->line)
			fail_msg("case %zu: line %lld, want %d", i,
				 (long long)vc_test_line_of(lines, c->key), c->line);
		json_decref(doc);
		json_decref(lines);
	}
	assert_int_equal(parse_str(&doc, &lines, "A\nexport B\n\n# x\nexport\n", &line), 0);
	assert_int_equal(json_object_size(doc), 0);
	json_decref(doc);
	json_decref(lines);
	assert_int_equal(vc_envfile_parse(&doc, NULL, NULL, 0, NULL), 0);
	assert_int_equal(json_object_size(doc), 0);
	json_decref(doc);
}

struct bad {
	const char *text;
	int line;
	const char *problem;
};

static const struct bad bad_cases[] = {
	{ "1PASS=secret", 1, "variable name must match [A-Za-z_][A-Za-z0-9_]*" },
	{ "MY.PASS=secret", 1, "variable name must match" },
	{ "MY-PASS=secret", 1, "variable name must match" },
	{ "=secret", 1, "variable name must match" },
	{ "\"PASS\"=secret", 1, "variable name must match" },
	{ "P\xC3\x84SS=secret", 1, "variable name must match" },
	{ "MY PASS=secret", 1, "expected '=' after the variable name" },
	{ "PASS: secret", 1, "variable name must match" },
	{ "PASS=\"secret", 1, "unterminated quoted value" },
	{ "PASS='secret", 1, "unterminated quoted value" },
	{ "PASS='secret'junk", 1, "unexpected text after the closing quote" },
	{ "PASS=\"sec\nret\"junk", 2, "unexpected text after the closing quote" },
	{ "PASS=\"secret\\\"", 1, "unterminated quoted value" },
	{ "PASS=se\x01" "cret\0", 1, "nul byte" },
};

static void test_bad_lines_keep_the_rest(void **state)
{
	json_t *doc, *lines;
	char text[256], want[32];
	size_t i, n;
	int line, rc;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad *b = &bad_cases[i];

		/* "GOOD=1\n" + bad + "\nAFTER=2\n", NUL bytes included */
		n = (size_t)snprintf(text, sizeof(text), "GOOD=1\n%s", b->text);
		if (i == sizeof(bad_cases) / sizeof(bad_cases[0]) - 1)
			n++;   /* the trailing NUL of the last case is part of it */
		memcpy(text + n, "\nAFTER=2\n", 10);
		n += 9;
		doc = lines = NULL;
		rc = vc_envfile_parse(&doc, &lines, text, n, &line);
		if (rc != VC_EPARSE || line != b->line + 1)
			fail_msg("case %zu: rc %d line %d", i, rc, line);
		snprintf(want, sizeof(want), "line %d: ", b->line + 1);
		assert_non_null(strstr(vc_error_last(), want));
		assert_non_null(strstr(vc_error_last(), b->problem));
		assert_null(strstr(vc_error_last(), "secret"));
		assert_null(strstr(vc_error_last(), "PASS"));
		assert_string_equal(get(doc, "GOOD"), "1");
		assert_string_equal(get(doc, "AFTER"), "2");
		assert_int_equal(json_object_size(doc), 2);
		assert_int_equal(json_object_size(lines), 2);
		assert_int_equal(vc_test_line_of(lines, "AFTER"), b->line + 2);
		json_decref(doc);
		json_decref(lines);
	}

	/* Several bad lines: the first is reported, every good line is kept. */
	rc = parse_str(&doc, &lines,
		       "GOOD=1\n"
		       "1BAD=x\n"
		       "ALSO.BAD=secret\n"
		       "PASS=\"unterminated secret\n"
		       "NEXT=2\n"
		       "Q='x'junk\n"
		       "LAST=3\n", &line);
	assert_int_equal(rc, VC_EPARSE);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(),
			    "line 2: variable name must match [A-Za-z_][A-Za-z0-9_]*");
	assert_int_equal(json_object_size(doc), 3);
	assert_string_equal(get(doc, "NEXT"), "2");
	assert_int_equal(vc_test_line_of(lines, "NEXT"), 5);
	assert_string_equal(get(doc, "LAST"), "3");
	json_decref(doc);
	json_decref(lines);

	/* A NUL inside a multi-line quoted value: its own line is reported. */
	rc = vc_envfile_parse(&doc, NULL, "A=\"x\ny\0\"\nB=1", 12, &line);
	assert_int_equal(rc, VC_EPARSE);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(), "line 2: nul byte");
	assert_null(json_object_get(doc, "A"));
	assert_string_equal(get(doc, "B"), "1");
	json_decref(doc);
	/* ...and in a comment. */
	rc = vc_envfile_parse(&doc, NULL, "A=1\n# x\0y\nB=2", 13, &line);
	assert_int_equal(rc, VC_EPARSE);
	assert_int_equal(line, 2);
	assert_int_equal(json_object_size(doc), 2);
	json_decref(doc);
}

static void test_limits(void **state)
{
	json_t *doc = NULL, *lines = NULL;
	char *s, *p;
	size_t i;
	int line;

	(void)state;
	s = vc_test_repeat("A=1\nBIG=", "v", VC_ENVFILE_MAX_VALUE, "\n");
	assert_int_equal(parse_str(&doc, NULL, s, &line), 0);
	assert_int_equal(strlen(get(doc, "BIG")), VC_ENVFILE_MAX_VALUE);
	json_decref(doc);
	free(s);
	s = vc_test_repeat("A=1\nBIG=", "v", VC_ENVFILE_MAX_VALUE + 1, "\n");
	doc = lines = (json_t *)1;
	assert_int_equal(parse_str(&doc, &lines, s, &line), VC_ELIMIT);
	assert_null(doc);
	assert_null(lines);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(), "line 2: value longer than 1048576 bytes");
	free(s);
	/* Quoted, after a bad line: the limit still wins. */
	s = vc_test_repeat("1=1\nBIG=\"", "v", VC_ENVFILE_MAX_VALUE + 1, "\"\n");
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_null(doc);
	assert_int_equal(line, 2);
	free(s);
	s = vc_test_repeat("", "K", VC_ENVFILE_MAX_VALUE + 1, "=1\n");
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_string_equal(vc_error_last(), "line 1: name longer than 1048576 bytes");
	free(s);

	s = malloc((VC_ENVFILE_MAX_ENTRIES + 1) * 4 + 1);
	assert_non_null(s);
	for (i = 0, p = s; i < VC_ENVFILE_MAX_ENTRIES; i++, p += 4)
		memcpy(p, "K=v\n", 4);
	*p = 0;
	assert_int_equal(parse_str(&doc, NULL, s, &line), 0);
	json_decref(doc);
	memcpy(p, "K=v\n", 5);
	assert_int_equal(parse_str(&doc, NULL, s, &line), VC_ELIMIT);
	assert_int_equal(line, VC_ENVFILE_MAX_ENTRIES + 1);
	assert_null(doc);
	free(s);

	s = calloc(VC_ENVFILE_MAX_BYTES + 1, 1);
	assert_non_null(s);
	assert_int_equal(vc_envfile_parse(&doc, NULL, s, VC_ENVFILE_MAX_BYTES + 1, &line),
			 VC_ELIMIT);
	free(s);
}

static void test_hostile(void **state)
{
	static const char alphabet[] = "AZ_09=\"'\\# \t\r\nexport$\x80\xC3";
	json_t *doc, *lines;
	size_t len, i, n;
	char *text = env_example(&len), *s;
	unsigned seed = 99;
	int rc, line;

	(void)state;
	for (i = 0; i < len; i += 3) {   /* every cut of the real file is still valid */
		doc = NULL;
		assert_int_equal(vc_envfile_parse(&doc, NULL, text, i, NULL), 0);
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
		rc = vc_envfile_parse(&doc, &lines, s, n, NULL);
		assert_true(rc == 0 || rc == VC_EPARSE);
		assert_int_equal(json_object_size(doc), json_object_size(lines));
		json_decref(doc);
		json_decref(lines);
	}
	free(s);
	/*
	 * Quotes that pair up across 200000 lines: line 3k+1 opens, line 3k+3
	 * closes; the last opener (line 199999) and the line after it stay open.
	 */
	s = malloc(200000 * 4 + 5);
	assert_non_null(s);
	for (i = 0; i < 200000; i++)
		memcpy(s + 4 * i, i % 2 ? "B='\n" : "A=\"\n", 4);
	memcpy(s + 4 * i, "D=1\n", 5);
	rc = vc_envfile_parse(&doc, NULL, s, 4 * i + 4, &line);
	assert_int_equal(rc, VC_EPARSE);
	assert_int_equal(line, 199999);
	assert_string_equal(vc_error_last(), "line 199999: unterminated quoted value");
	assert_string_equal(get(doc, "A"), "\nB='\nA=");
	assert_string_equal(get(doc, "B"), "\nA=\"\nB=");
	assert_string_equal(get(doc, "D"), "1");
	json_decref(doc);
	free(s);
	/* A value open to the end of 4 MB, then every line read again. */
	s = malloc(4 + 1000000 * 4 + 4);
	assert_non_null(s);
	memcpy(s, "A=\"\n", 4);
	for (i = 0; i < 1000000; i++)
		memcpy(s + 4 + 4 * i, "#cc\n", 4);
	memcpy(s + 4 + 4 * i, "K=v\n", 4);
	rc = vc_envfile_parse(&doc, NULL, s, 4 + 4 * i + 4, &line);
	assert_int_equal(rc, VC_EPARSE);
	assert_int_equal(line, 1);
	assert_string_equal(get(doc, "K"), "v");
	assert_int_equal(json_object_size(doc), 1);
	json_decref(doc);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_jitsi_meet_env_example),
		cmocka_unit_test(test_edited_env),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_bad_lines_keep_the_rest),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
