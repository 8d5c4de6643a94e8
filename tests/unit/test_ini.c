/* INI parser: real Qt-style files, line numbers, and hostile input. */
#include "testutil.h"
#include "core/err.h"
#include "parsers/ini.h"

static int parse_str(struct vc_ini *ini, const char *s, int *line)
{
	return vc_ini_parse(ini, s, strlen(s), line);
}

/* Assert section/key has `value` at `line`, found case-insensitively. */
static void expect_entry(const struct vc_ini *ini, const char *section, const char *key,
			 const char *value, int line)
{
	const struct vc_ini_entry *e = vc_ini_get(ini, section, key);

	if (!e)
		fail_msg("[%s] %s not found", section ? section : "*", key);
	assert_string_equal(e->value, value);
	assert_int_equal(e->line, line);
}

static char *zoomus_conf(size_t *len)
{
	return vc_test_corpus_file("zoom", "zoomus.conf-ai-environment", len);
}

static void test_zoomus_conf_corpus(void **state)
{
	struct vc_ini ini;
	size_t len, i;
	char *text = zoomus_conf(&len);
	int line = -1;

	(void)state;
	assert_int_equal(vc_ini_parse(&ini, text, len, &line), 0);
	assert_int_equal(line, 0);
	assert_int_equal(ini.n, 52);   /* every key=value line of the file */

	expect_entry(&ini, "General", "blockUntrustedSSLCert", "false", 8);
	expect_entry(&ini, "General", "userEmailAddress", "ai@evilmartians.com", 46);
	expect_entry(&ini, "General", "conf.webserver", "https://us02web.zoom.us", 11);
	expect_entry(&ini, "General", "conf.webserver.vendor.default", "https://zoom.us", 12);
	expect_entry(&ini, "General", "deviceID", "08:71:90:B7:79:AB", 14);
	expect_entry(&ini, "General", "currentMeetingId", "", 13);
	expect_entry(&ini, "AS", "showframewindow", "true", 49);
	expect_entry(&ini, "chat.recent", "recentlast.session", "", 56);
	expect_entry(&ini, "zoom_new_im", "main_frame_pixel_pos_narrow", "\"376,680\"", 60);
	expect_entry(&ini, "zoom_new_im", "main_frame_pixel_pos_wide", "\"810,680\"", 61);
	assert_null(vc_ini_get(&ini, "AS", "userEmailAddress"));

	/* Every entry points at the line that holds it. */
	for (i = 0; i < ini.n; i++) {
		const char *l = vc_test_nth_line(text, ini.v[i].line);
		size_t k = strlen(ini.v[i].key);

		if (strncmp(l, ini.v[i].key, k) != 0 || l[k] != '=')
			fail_msg("%s: line %d is not its line", ini.v[i].key, ini.v[i].line);
	}
	assert_string_equal(ini.v[0].section, "General");
	assert_string_equal(ini.v[ini.n - 1].section, "zoom_new_im");
	vc_ini_free(&ini);
	free(text);
}

static void test_lookup_case_insensitive_last_wins(void **state)
{
	struct vc_ini ini;
	size_t len;
	char *text = zoomus_conf(&len);

	(void)state;
	assert_int_equal(vc_ini_parse(&ini, text, len, NULL), 0);
	expect_entry(&ini, "general", "BLOCKUNTRUSTEDSSLCERT", "false", 8);
	expect_entry(&ini, NULL, "blockuntrustedsslcert", "false", 8);
	expect_entry(&ini, "as", "ShowFrameWindow", "true", 49);
	assert_null(vc_ini_get(&ini, "Generalx", "blockUntrustedSSLCert"));
	assert_null(vc_ini_get(&ini, "General", "blockUntrustedSSLCer"));
	assert_null(vc_ini_get(NULL, NULL, "x"));
	vc_ini_free(&ini);
	free(text);

	assert_int_equal(parse_str(&ini, "[a]\nk=1\n[B]\nk=2\n[a]\nK=3\n", NULL), 0);
	assert_int_equal(ini.n, 3);
	expect_entry(&ini, NULL, "k", "3", 6);
	expect_entry(&ini, "b", "k", "2", 4);
	expect_entry(&ini, "A", "k", "3", 6);
	assert_string_equal(ini.v[1].section, "B");   /* kept as written */
	assert_string_equal(ini.v[2].key, "K");
	vc_ini_free(&ini);
}

static void test_rclone_and_nextcloud_styles(void **state)
{
	struct vc_ini ini;

	(void)state;
	assert_int_equal(parse_str(&ini,
				   "[remote]\n"
				   "type = drive\n"
				   "scope = drive\n"
				   "token = {\"access_token\":\"x\",\"expiry\":\"2024-01-01\"}\n"
				   "\n"
				   "[backup]\n"
				   "type = s3\n", NULL), 0);
	expect_entry(&ini, "remote", "type", "drive", 2);
	expect_entry(&ini, "backup", "type", "s3", 7);
	expect_entry(&ini, "remote", "token",
		     "{\"access_token\":\"x\",\"expiry\":\"2024-01-01\"}", 4);
	vc_ini_free(&ini);

	assert_int_equal(parse_str(&ini,
				   "[General]\n"
				   "clientVersion=3.4.2\n"
				   "\n"
				   "[Accounts]\n"
				   "0\\Folders\\1\\localPath=/home/u/Nextcloud/\n"
				   "0\\Folders\\1\\paused=false\n"
				   "0\\url=https://cloud.example.org\n"
				   "version=2\n", NULL), 0);
	expect_entry(&ini, "Accounts", "0\\Folders\\1\\localPath", "/home/u/Nextcloud/", 5);
	expect_entry(&ini, "accounts", "0\\folders\\1\\PAUSED", "false", 6);
	expect_entry(&ini, "Accounts", "0\\url", "https://cloud.example.org", 7);
	vc_ini_free(&ini);
}

static void test_bom_crlf_and_no_final_newline(void **state)
{
	struct vc_ini ini;

	(void)state;
	assert_int_equal(parse_str(&ini, "\xEF\xBB\xBF[ZoomChat]\r\n"
				   "com.zoom.client.langid=1033\r\n"
				   "k = v", NULL), 0);
	assert_int_equal(ini.n, 2);
	assert_string_equal(ini.v[0].section, "ZoomChat");   /* no BOM bytes in it */
	expect_entry(&ini, "ZoomChat", "com.zoom.client.langid", "1033", 2);
	expect_entry(&ini, "ZoomChat", "k", "v", 3);
	vc_ini_free(&ini);

	/* A BOM alone, keys before any section. */
	assert_int_equal(parse_str(&ini, "\xEF\xBB\xBF" "a=1\n", NULL), 0);
	assert_string_equal(ini.v[0].section, "");
	assert_string_equal(ini.v[0].key, "a");
	vc_ini_free(&ini);
}

static void test_empty_and_comment_only(void **state)
{
	struct vc_ini ini;
	int line = -1;

	(void)state;
	assert_int_equal(vc_ini_parse(&ini, "", 0, &line), 0);
	assert_int_equal(ini.n, 0);
	assert_int_equal(line, 0);
	vc_ini_free(&ini);
	assert_int_equal(vc_ini_parse(&ini, NULL, 0, NULL), 0);
	assert_int_equal(ini.n, 0);
	vc_ini_free(&ini);
	assert_int_equal(parse_str(&ini, "; comment\n# other\n\n   \n[empty]\n", NULL), 0);
	assert_int_equal(ini.n, 0);
	assert_null(vc_ini_get(&ini, NULL, "empty"));
	vc_ini_free(&ini);
	vc_ini_free(NULL);
}

static void test_nul_byte_is_error_with_line(void **state)
{
	static const char text[] = "[S]\na=1\nb=2\0hidden=1\nc=3\n";
	struct vc_ini ini;
	int line = 0;

	(void)state;
	assert_int_equal(vc_ini_parse(&ini, text, sizeof(text) - 1, &line), VC_EPARSE);
	assert_int_equal(line, 3);
	assert_non_null(strstr(vc_error_last(), "line 3"));
	assert_non_null(strstr(vc_error_last(), "nul"));
	assert_int_equal(ini.n, 1);   /* what came before is kept */
	expect_entry(&ini, "S", "a", "1", 2);
	assert_null(vc_ini_get(&ini, NULL, "b"));
	assert_null(vc_ini_get(&ini, NULL, "c"));
	vc_ini_free(&ini);
}

static void test_syntax_errors_report_line(void **state)
{
	struct vc_ini ini;
	int line = 0;

	(void)state;
	assert_int_equal(parse_str(&ini, "[S]\na=1\nno equals sign here\nb=2\n", &line),
			 VC_EPARSE);
	assert_int_equal(line, 3);
	assert_non_null(strstr(vc_error_last(), "line 3: expected key=value"));
	assert_null(strstr(vc_error_last(), "equals sign"));   /* never quotes the text */
	assert_int_equal(ini.n, 1);
	assert_null(vc_ini_get(&ini, NULL, "b"));
	vc_ini_free(&ini);

	assert_int_equal(parse_str(&ini, "a=1\n\n[broken\nb=2\n", &line), VC_EPARSE);
	assert_int_equal(line, 3);
	assert_non_null(strstr(vc_error_last(), "line 3: section header without ']'"));
	assert_int_equal(ini.n, 1);
	vc_ini_free(&ini);

	/* An error on the first line keeps nothing. */
	assert_int_equal(parse_str(&ini, "garbage\na=1\n", &line), VC_EPARSE);
	assert_int_equal(line, 1);
	assert_int_equal(ini.n, 0);
	vc_ini_free(&ini);
}

static void test_leading_white_space_is_not_continuation(void **state)
{
	struct vc_ini ini;

	(void)state;
	assert_int_equal(parse_str(&ini, "[S]\na=1\n  b=2\n\tc = 3\n  [T]\n d=4\n", NULL), 0);
	assert_int_equal(ini.n, 4);
	expect_entry(&ini, "S", "a", "1", 2);   /* not "1\nb=2" nor "b=2" */
	expect_entry(&ini, "S", "b", "2", 3);
	expect_entry(&ini, "S", "c", "3", 4);
	expect_entry(&ini, "T", "d", "4", 6);
	vc_ini_free(&ini);
}

static void test_comments_and_quotes(void **state)
{
	struct vc_ini ini;
	int line = 0;

	(void)state;
	assert_int_equal(parse_str(&ini, "k = v ; note\nq=\"a;b\"\nu=http://x/;y\n", NULL), 0);
	expect_entry(&ini, NULL, "k", "v", 1);
	expect_entry(&ini, NULL, "q", "\"a;b\"", 2);
	expect_entry(&ini, NULL, "u", "http://x/;y", 3);
	vc_ini_free(&ini);

	/* A ';' comment cutting a quoted value is reported, not read as "\"a". */
	assert_int_equal(parse_str(&ini, "x=1\np=\"a ;b\"\n", &line), VC_EPARSE);
	assert_int_equal(line, 2);
	assert_non_null(strstr(vc_error_last(), "unterminated quoted value"));
	assert_null(vc_ini_get(&ini, NULL, "p"));
	vc_ini_free(&ini);
}

/* "[S]\nbefore=1\nlong=xxx...\nafter=2\n" with `n` x's and the given line end. */
static char *long_line(size_t n, const char *eol, size_t *len)
{
	const char *head = "[S]\nbefore=1\nlong=";
	const char *tail = "after=2\n";
	size_t h = strlen(head), e = strlen(eol), t = strlen(tail);
	char *s = malloc(h + n + e + t + 1);

	assert_non_null(s);
	memcpy(s, head, h);
	memset(s + h, 'x', n);
	memcpy(s + h + n, eol, e);
	memcpy(s + h + n + e, tail, t + 1);
	*len = h + n + e + t;
	return s;
}

static void test_long_lines(void **state)
{
	struct vc_ini ini;
	const struct vc_ini_entry *e;
	size_t len, max = VC_INI_MAX_LINE - 3 - strlen("long=");
	char *s;
	int line = 0;

	(void)state;
	/* Longer than inih's default 200 bytes (a DPAPI key blob): read whole. */
	s = long_line(5000, "\n", &len);
	assert_int_equal(vc_ini_parse(&ini, s, len, NULL), 0);
	e = vc_ini_get(&ini, "S", "long");
	assert_non_null(e);
	assert_int_equal(strlen(e->value), 5000);
	assert_int_equal(e->line, 3);
	expect_entry(&ini, "S", "after", "2", 4);
	assert_int_equal(ini.n, 3);
	vc_ini_free(&ini);
	free(s);

	/* Exactly at the limit, with either line end. */
	s = long_line(max, "\r\n", &len);
	assert_int_equal(vc_ini_parse(&ini, s, len, NULL), 0);
	assert_int_equal(strlen(vc_ini_get(&ini, "S", "long")->value), max);
	expect_entry(&ini, "S", "after", "2", 4);
	vc_ini_free(&ini);
	free(s);

	/* One byte over: an error at its line, never a cut value. */
	s = long_line(max + 1, "\n", &len);
	assert_int_equal(vc_ini_parse(&ini, s, len, &line), VC_ELIMIT);
	assert_int_equal(line, 3);
	assert_non_null(strstr(vc_error_last(), "line 3: line longer than"));
	assert_null(vc_ini_get(&ini, NULL, "long"));
	assert_null(vc_ini_get(&ini, NULL, "after"));
	expect_entry(&ini, "S", "before", "1", 2);
	vc_ini_free(&ini);
	free(s);

	/* Far over, with a key=value hidden where inih would have split the line. */
	s = long_line(300000, "\n", &len);
	memcpy(s + 13 + 199, "injected=1", 10);            /* inih's default buffer */
	memcpy(s + 13 + VC_INI_MAX_LINE - 1, "injected=1", 10);   /* ours */
	assert_int_equal(vc_ini_parse(&ini, s, len, &line), VC_ELIMIT);
	assert_null(vc_ini_get(&ini, NULL, "injected"));
	vc_ini_free(&ini);
	free(s);
}

static void test_section_name_limit(void **state)
{
	char text[200];
	struct vc_ini ini;
	int line = 0;

	(void)state;
	snprintf(text, sizeof(text), "a=1\n[%.*s]\nk=v\n", VC_INI_MAX_SECTION,
		 "0123456789012345678901234567890123456789012345678901234567890123456789");
	assert_int_equal(parse_str(&ini, text, NULL), 0);
	assert_int_equal(strlen(ini.v[1].section), VC_INI_MAX_SECTION);
	vc_ini_free(&ini);

	/* One byte longer: inih would keep a cut name, we report it. */
	snprintf(text, sizeof(text), "a=1\n[%.*s]\nk=v\n", VC_INI_MAX_SECTION + 1,
		 "0123456789012345678901234567890123456789012345678901234567890123456789");
	assert_int_equal(parse_str(&ini, text, &line), VC_ELIMIT);
	assert_int_equal(line, 2);
	assert_non_null(strstr(vc_error_last(), "section name longer than"));
	assert_int_equal(ini.n, 1);
	vc_ini_free(&ini);
}

static void test_entry_limit(void **state)
{
	size_t n = VC_INI_MAX_ENTRIES + 1, i, len = 4 + n * 4;
	char *s = malloc(len + 1), *p;
	struct vc_ini ini;
	int line = 0;

	(void)state;
	assert_non_null(s);
	memcpy(s, "[S]\n", 4);
	for (i = 0, p = s + 4; i < n; i++, p += 4)
		memcpy(p, "k=v\n", 4);
	*p = 0;
	assert_int_equal(vc_ini_parse(&ini, s, len, &line), VC_ELIMIT);
	assert_int_equal(line, VC_INI_MAX_ENTRIES + 2);
	assert_int_equal(ini.n, VC_INI_MAX_ENTRIES);
	/* All of them share the one section string. */
	assert_ptr_equal(ini.v[0].section, ini.v[ini.n - 1].section);
	expect_entry(&ini, "S", "k", "v", VC_INI_MAX_ENTRIES + 1);
	vc_ini_free(&ini);

	/* One below the limit is fine. */
	assert_int_equal(vc_ini_parse(&ini, s, len - 4, &line), 0);
	assert_int_equal(ini.n, VC_INI_MAX_ENTRIES);
	vc_ini_free(&ini);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zoomus_conf_corpus),
		cmocka_unit_test(test_lookup_case_insensitive_last_wins),
		cmocka_unit_test(test_rclone_and_nextcloud_styles),
		cmocka_unit_test(test_bom_crlf_and_no_final_newline),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_nul_byte_is_error_with_line),
		cmocka_unit_test(test_syntax_errors_report_line),
		cmocka_unit_test(test_leading_white_space_is_not_continuation),
		cmocka_unit_test(test_comments_and_quotes),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_section_name_limit),
		cmocka_unit_test(test_entry_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
