/* Registry exports: a Zoom policy export in UTF-16LE, REGEDIT4, deletions, bad input. */
#include "testutil.h"
#include "core/err.h"
#include "parsers/regfile.h"

#define ZM "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings"

/* ---- building exports ---- */

struct bytes {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct bytes *b, const void *s, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* The next code point of UTF-8 text at *s (valid UTF-8 assumed). */
static unsigned long next_cp(const char **s)
{
	const unsigned char *u = (const unsigned char *)*s;
	unsigned long cp;
	int k, i;

	if (u[0] < 0x80) {
		cp = u[0];
		k = 1;
	} else if (u[0] < 0xE0) {
		cp = u[0] & 0x1F;
		k = 2;
	} else if (u[0] < 0xF0) {
		cp = u[0] & 0x0F;
		k = 3;
	} else {
		cp = u[0] & 0x07;
		k = 4;
	}
	for (i = 1; i < k; i++)
		cp = cp << 6 | (u[i] & 0x3F);
	*s += k;
	return cp;
}

static void put16(struct bytes *b, unsigned long unit)
{
	unsigned char two[2] = { (unsigned char)(unit & 0xFF), (unsigned char)(unit >> 8) };

	put(b, two, 2);
}

/* UTF-8 text as UTF-16LE code units (surrogate pairs above U+FFFF), appended to b. */
static void put_utf16(struct bytes *b, const char *s, size_t n)
{
	const char *end = s + n;
	unsigned long cp;

	while (s < end) {
		cp = next_cp(&s);
		if (cp >= 0x10000) {
			put16(b, 0xD800 + ((cp - 0x10000) >> 10));
			put16(b, 0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else {
			put16(b, cp);
		}
	}
}

/* What regedit writes: FF FE, then the text in UTF-16LE with CR LF line ends. */
static unsigned char *utf16_export(const char *utf8, size_t *len)
{
	struct bytes b = { NULL, 0, 0 };
	const char *nl;

	put(&b, "\xFF\xFE", 2);
	while ((nl = strchr(utf8, '\n')) != NULL) {
		put_utf16(&b, utf8, (size_t)(nl - utf8));
		put_utf16(&b, "\r\n", 2);
		utf8 = nl + 1;
	}
	put_utf16(&b, utf8, strlen(utf8));
	*len = b.n;
	return b.p;
}

/*
 * `"name"=hex(T):..` for the given bytes, wrapped as regedit wraps: lines
 * end in ",\" and continue indented by two spaces. Returns a static buffer.
 */
static const char *hex_value(const char *name, int type, const unsigned char *data, size_t n)
{
	static char out[4096];
	size_t o, i, col;

	if (type == 3)
		o = (size_t)snprintf(out, sizeof(out), "\"%s\"=hex:", name);
	else
		o = (size_t)snprintf(out, sizeof(out), "\"%s\"=hex(%x):", name, type);
	col = o;
	for (i = 0; i < n; i++) {
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%02x%s", data[i],
				      i + 1 < n ? "," : "");
		col += 3;
		if (i + 1 < n && col > 76) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "\\\n  ");
			col = 2;
		}
	}
	assert_true(o < sizeof(out) - 1);
	return out;
}

/* REG_EXPAND_SZ / REG_MULTI_SZ data as regedit 5 stores them: UTF-16LE with NULs. */
static const char *hex_strings(const char *name, int type, const char *const *strs, size_t n)
{
	struct bytes b = { NULL, 0, 0 };
	static char out[4096];
	size_t i;

	for (i = 0; i < n; i++) {
		put_utf16(&b, strs[i], strlen(strs[i]));
		put16(&b, 0);
	}
	if (type == 7)
		put16(&b, 0);
	snprintf(out, sizeof(out), "%s", hex_value(name, type, b.p, b.n));
	free(b.p);
	return out;
}

/* The Zoom policy export of PRODUCTS §1.1, as UTF-8 text. */
static char *zoom_export(void)
{
	static const char *const expand[] = { "%APPDATA%\\Zoom\\Recordings" };
	static const char *const multi[] = { "zoom.us", "example.com", "" };
	static const unsigned char qword[] = { 0x00, 0x10, 0, 0, 0, 0, 0, 0 };
	static const unsigned char blob[] = { 1, 2, 3 };
	char *s = malloc(16384);
	size_t o = 0;

	assert_non_null(s);
	o += (size_t)snprintf(s + o, 16384 - o,
		"Windows Registry Editor Version 5.00\n"
		"\n"
		"[" ZM "\\General]\n"
		"\"EnableClientAutoUpdate\"=dword:00000000\n"
		"\"BlockUntrustedSSLCert\"=dword:00000001\n"
		"\"ForceSSOURL\"=\"https://example.zoom.us\"\n"
		"%s\n"
		"@=\"Zoom policy\"\n"
		"\"AU2_SafeUpgradePeriod\"=\"0000-0400\"\n"
		"\n"
		"[" ZM "\\Chat]\n"
		"\"DisableLinkPreviewInChat\"=dword:00000001\n"
		"\"UnreadViewOrder\"=dword:00000000\n"
		"\n"
		"[" ZM "\\Meetings]\n"
		"\"DisableReceiveVideo\"=dword:00000000\n"
		"\"DoTComplianceMode\"=dword:00000002\n",
		hex_strings("RecordPath", 2, expand, 1));
	o += (size_t)snprintf(s + o, 16384 - o, "%s\n",
			      hex_strings("AllowedDomains", 7, multi, 2));
	o += (size_t)snprintf(s + o, 16384 - o, "%s\n", hex_value("Since", 11, qword, 8));
	o += (size_t)snprintf(s + o, 16384 - o, "%s\n", hex_value("Blob", 3, blob, 3));
	snprintf(s + o, 16384 - o,
		 "\"Quoted\"=\"C:\\\\Program Files\\\\Zoom \\\"x\\\"\"\n"
		 "; a comment\n"
		 "\"D\xC3\xBCsseldorf\"=\"Z\xC3\xBCrich \xE2\x9C\x93 \xF0\x9F\x98\x80\"\n"
		 "\"Max\"=dword:ffffffff\n"
		 "\n");
	return s;
}

/* The line (1-based) of the first occurrence of needle in text. */
static int line_with(const char *text, const char *needle)
{
	return vc_test_line_with(text, NULL, needle);
}

static json_int_t get_int(const json_t *doc, const char *key, const char *name)
{
	const json_t *v = vc_reg_get(doc, key, name);

	if (!json_is_integer(v))
		fail_msg("%s\\%s is not an integer", key, name);
	return json_integer_value(v);
}

static const char *get_str(const json_t *doc, const char *key, const char *name)
{
	const json_t *v = vc_reg_get(doc, key, name);

	if (!json_is_string(v))
		fail_msg("%s\\%s is not a string", key, name);
	return json_string_value(v);
}

static void check_zoom_doc(const json_t *doc, const json_t *lines, const char *text)
{
	const json_t *v;
	const char *key;
	json_t *lv;
	char want[256];

	assert_int_equal(json_object_size(doc), 3);
	assert_int_equal(json_object_size(json_object_get(doc, ZM "\\General")), 6);
	assert_int_equal(get_int(doc, ZM "\\General", "EnableClientAutoUpdate"), 0);
	assert_int_equal(get_int(doc, ZM "\\General", "BlockUntrustedSSLCert"), 1);
	assert_string_equal(get_str(doc, ZM "\\General", "ForceSSOURL"), "https://example.zoom.us");
	assert_string_equal(get_str(doc, ZM "\\General", "AU2_SafeUpgradePeriod"), "0000-0400");
	/* REG_EXPAND_SZ: decoded, not expanded. */
	assert_string_equal(get_str(doc, ZM "\\General", "RecordPath"),
			    "%APPDATA%\\Zoom\\Recordings");
	assert_string_equal(get_str(doc, ZM "\\General", ""), "Zoom policy");
	assert_string_equal(get_str(doc, ZM "\\General", NULL), "Zoom policy");
	assert_int_equal(get_int(doc, ZM "\\Chat", "DisableLinkPreviewInChat"), 1);
	assert_int_equal(get_int(doc, ZM "\\Chat", "UnreadViewOrder"), 0);
	assert_int_equal(get_int(doc, ZM "\\Meetings", "DoTComplianceMode"), 2);
	v = vc_reg_get(doc, ZM "\\Meetings", "AllowedDomains");
	assert_true(json_is_array(v));
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(json_string_value(json_array_get(v, 0)), "zoom.us");
	assert_string_equal(json_string_value(json_array_get(v, 1)), "example.com");
	assert_int_equal(get_int(doc, ZM "\\Meetings", "Since"), 4096);
	assert_string_equal(get_str(doc, ZM "\\Meetings", "Blob"), "<binary 3 bytes>");
	assert_string_equal(get_str(doc, ZM "\\Meetings", "Quoted"),
			    "C:\\Program Files\\Zoom \"x\"");
	assert_string_equal(get_str(doc, ZM "\\Meetings", "D\xC3\xBCsseldorf"),
			    "Z\xC3\xBCrich \xE2\x9C\x93 \xF0\x9F\x98\x80");
	assert_int_equal(get_int(doc, ZM "\\Meetings", "Max"), 4294967295LL);

	/* Windows names are case-insensitive; HKLM is accepted in look-ups. */
	assert_int_equal(get_int(doc, "HKLM\\software\\policies\\zoom\\zoom meetings\\GENERAL",
				 "blockuntrustedsslcert"), 1);
	assert_int_equal(get_int(doc, "hkey_local_machine\\SOFTWARE\\Policies\\Zoom\\"
				 "Zoom Meetings\\chat", "DISABLELINKPREVIEWINCHAT"), 1);
	assert_null(vc_reg_get(doc, ZM "\\General", "DisableGoogleLogin"));
	assert_null(vc_reg_get(doc, ZM "\\Updates", "AU2_SafeUpgradePeriod"));
	assert_null(vc_reg_get(doc, "HKCU\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings\\General",
			       "ForceSSOURL"));
	assert_null(vc_reg_get(doc, "HK", "x"));

	/* Lines: "<key>\<name>", "<key>\" for the default value, "[<key>]" for key lines. */
	assert_int_equal(vc_test_line_of(lines, "[" ZM "\\General]"), 3);
	assert_int_equal(vc_test_line_of(lines, ZM "\\General\\EnableClientAutoUpdate"), 4);
	assert_int_equal(vc_test_line_of(lines, ZM "\\General\\RecordPath"), 7);  /* 3 lines long */
	assert_int_equal(vc_test_line_of(lines, ZM "\\General\\"), 10);
	assert_int_equal(vc_test_line_of(lines, "[" ZM "\\Meetings]"),
			 line_with(text, "\\Meetings]"));
	assert_int_equal(vc_test_line_of(lines, ZM "\\Meetings\\AllowedDomains"),
			 line_with(text, "\"AllowedDomains\""));
	assert_int_equal(vc_test_line_of(lines, ZM "\\Meetings\\Since"),
			 line_with(text, "\"Since\""));
	assert_int_equal(vc_test_line_of(lines, ZM "\\Meetings\\Max"), line_with(text, "\"Max\""));
	assert_int_equal(json_object_size(lines), 3 + 6 + 2 + 8);
	json_object_foreach((json_t *)lines, key, lv) {
		const char *at = vc_test_nth_line(text, json_integer_value(lv));
		const char *name = strrchr(key, '\\') + 1;

		if (key[0] == '[')
			snprintf(want, sizeof(want), "%s", key);
		else if (*name)
			snprintf(want, sizeof(want), "\"%s\"=", name);
		else
			snprintf(want, sizeof(want), "@=");
		if (strncmp(at, want, strlen(want)) != 0)
			fail_msg("%s: line %d does not hold it", key, (int)json_integer_value(lv));
	}
}

static void test_zoom_policy_utf16(void **state)
{
	char *text = zoom_export();
	size_t len;
	unsigned char *bin = utf16_export(text, &len);
	json_t *doc = NULL, *lines = NULL;
	int line = -1;

	(void)state;
	assert_memory_equal(bin, "\xFF\xFE" "W\0i\0n\0", 8);
	assert_int_equal(vc_reg_parse(&doc, &lines, (const char *)bin, len, &line), 0);
	assert_int_equal(line, 0);
	check_zoom_doc(doc, lines, text);
	json_decref(doc);
	json_decref(lines);
	free(bin);
	free(text);
}

/* The same export saved as UTF-8 (with and without BOM, LF line ends) reads the same. */
static void test_zoom_policy_utf8(void **state)
{
	char *text = zoom_export(), *bom;
	size_t len;
	unsigned char *bin = utf16_export(text, &len);
	json_t *d16 = NULL, *d8 = NULL, *l8 = NULL, *db = NULL;

	(void)state;
	assert_int_equal(vc_reg_parse(&d16, NULL, (const char *)bin, len, NULL), 0);
	assert_int_equal(vc_reg_parse(&d8, &l8, text, strlen(text), NULL), 0);
	assert_true(json_equal(d16, d8));
	check_zoom_doc(d8, l8, text);
	bom = malloc(strlen(text) + 4);
	assert_non_null(bom);
	snprintf(bom, strlen(text) + 4, "\xEF\xBB\xBF%s", text);
	assert_int_equal(vc_reg_parse(&db, NULL, bom, strlen(bom), NULL), 0);
	assert_true(json_equal(d16, db));
	json_decref(d16);
	json_decref(d8);
	json_decref(l8);
	json_decref(db);
	free(bom);
	free(bin);
	free(text);
}

/* REGEDIT4: strings inside hex(2)/hex(7) are ANSI bytes; non-UTF-8 bytes are ISO-8859-1. */
static void test_regedit4(void **state)
{
	static const char text[] =
		"REGEDIT4\r\n"
		"\r\n"
		"[HKEY_CURRENT_USER\\Software\\Citrix\\GoToMeeting]\r\n"
		"\"Path\"=hex(2):25,41,50,50,44,41,54,41,25,5c,47,32,4d,00\r\n"
		"\"List\"=hex(7):61,00,62,63,00,00\r\n"
		"\"City\"=\"Z\xFCrich\"\r\n"
		"\"D\"=hex(4):2a,00,00,00\r\n"
		"\"BE\"=hex(5):00,00,01,00\r\n"
		"\"Short\"=hex(4):2a,00\r\n";
	json_t *doc = NULL;
	const json_t *v;

	(void)state;
	assert_int_equal(vc_reg_parse(&doc, NULL, text, strlen(text), NULL), 0);
	assert_string_equal(get_str(doc, "HKCU\\Software\\Citrix\\GoToMeeting", "Path"),
			    "%APPDATA%\\G2M");
	v = vc_reg_get(doc, "HKCU\\Software\\Citrix\\GoToMeeting", "List");
	assert_int_equal(json_array_size(v), 2);
	assert_string_equal(json_string_value(json_array_get(v, 1)), "bc");
	assert_string_equal(get_str(doc, "HKCU\\Software\\Citrix\\GoToMeeting", "City"),
			    "Z\xC3\xBCrich");
	assert_int_equal(get_int(doc, "HKCU\\Software\\Citrix\\GoToMeeting", "D"), 42);
	assert_int_equal(get_int(doc, "HKCU\\Software\\Citrix\\GoToMeeting", "BE"), 256);
	assert_string_equal(get_str(doc, "HKCU\\Software\\Citrix\\GoToMeeting", "Short"),
			    "<binary 2 bytes>");
	json_decref(doc);
}

static void test_case_insensitive_merge(void **state)
{
	static const char text[] =
		"Windows Registry Editor Version 5.00\n"
		"[" ZM "\\General]\n"
		"\"EnableClientAutoUpdate\"=dword:00000000\n"
		"[hkey_local_machine\\software\\policies\\zoom\\zoom meetings\\GENERAL]\n"
		"\"enableclientautoupdate\"=dword:00000001\n"
		"\"NEW\"=\"x\"\n";
	json_t *doc = NULL, *lines = NULL, *g;

	(void)state;
	assert_int_equal(vc_reg_parse(&doc, &lines, text, strlen(text), NULL), 0);
	assert_int_equal(json_object_size(doc), 1);
	g = json_object_get(doc, ZM "\\General");   /* the first spelling */
	assert_int_equal(json_object_size(g), 2);
	assert_int_equal(json_integer_value(json_object_get(g, "EnableClientAutoUpdate")), 1);
	assert_int_equal(vc_test_line_of(lines, ZM "\\General\\EnableClientAutoUpdate"), 5);
	assert_int_equal(vc_test_line_of(lines, ZM "\\General\\NEW"), 6);
	assert_int_equal(vc_test_line_of(lines, "[" ZM "\\General]"), 4);
	assert_int_equal(json_object_size(lines), 3);
	json_decref(doc);
	json_decref(lines);
}

static void test_deletions(void **state)
{
	static const char text[] =
		"Windows Registry Editor Version 5.00\n"
		"[HKEY_CURRENT_USER\\Software\\Zoom\\A]\n"
		"\"keep\"=dword:1\n"
		"\"gone\"=-\n"
		"[HKEY_CURRENT_USER\\Software\\Zoom\\B\\Sub]\n"
		"\"a\"=dword:1\n"
		"[HKEY_CURRENT_USER\\Software\\Zoom\\Bx]\n"
		"\"x\"=dword:7\n"
		"[-hkey_current_user\\software\\zoom\\b]\n"
		"[HKEY_CURRENT_USER\\Software\\Zoom\\B\\Other]\n"
		"\"b\"=dword:2\n"
		"[-HKEY_CURRENT_USER\\Software\\Zoom\\C]\n"
		"[HKEY_CURRENT_USER\\Software\\Zoom\\C]\n"
		"\"c\"=dword:3\n";
	json_t *doc = NULL, *lines = NULL;
	const json_t *v;

	(void)state;
	assert_int_equal(vc_reg_parse(&doc, &lines, text, strlen(text), NULL), 0);
	/* A, Bx, b (deleted), B\Other, C */
	assert_int_equal(json_object_size(doc), 5);
	v = vc_reg_get(doc, "HKCU\\Software\\Zoom\\A", "gone");
	assert_true(v && json_is_null(v));
	assert_int_equal(vc_test_line_of(lines, "HKEY_CURRENT_USER\\Software\\Zoom\\A\\gone"), 4);
	assert_int_equal(get_int(doc, "HKCU\\Software\\Zoom\\A", "keep"), 1);
	/* [-...\b] removed B\Sub and what it held, not Bx. */
	assert_null(json_object_get(doc, "HKEY_CURRENT_USER\\Software\\Zoom\\B\\Sub"));
	assert_null(json_object_get(lines, "HKEY_CURRENT_USER\\Software\\Zoom\\B\\Sub\\a"));
	assert_null(json_object_get(lines, "[HKEY_CURRENT_USER\\Software\\Zoom\\B\\Sub]"));
	assert_true(json_is_null(json_object_get(doc, "hkey_current_user\\software\\zoom\\b")));
	assert_int_equal(vc_test_line_of(lines, "[hkey_current_user\\software\\zoom\\b]"), 9);
	v = vc_reg_get(doc, "HKCU\\Software\\Zoom\\B\\Sub", "a");
	assert_true(v && json_is_null(v));   /* deleted with its parent */
	v = vc_reg_get(doc, "HKCU\\Software\\Zoom\\B", "whatever");
	assert_true(v && json_is_null(v));
	assert_int_equal(get_int(doc, "HKCU\\Software\\Zoom\\Bx", "x"), 7);
	assert_int_equal(get_int(doc, "HKCU\\Software\\Zoom\\B\\Other", "b"), 2);   /* re-created */
	assert_null(vc_reg_get(doc, "HKCU\\Software\\Zoom\\B\\Other", "a"));
	/* Deleted, then opened again: a fresh key. */
	assert_int_equal(get_int(doc, "HKCU\\Software\\Zoom\\C", "c"), 3);
	assert_int_equal(vc_test_line_of(lines, "[HKEY_CURRENT_USER\\Software\\Zoom\\C]"), 13);
	json_decref(doc);
	json_decref(lines);
}

struct bad {
	const char *line;
	const char *problem;
};

static const struct bad bad_cases[] = {
	{ "\"secret\"=dword:123456789", "malformed dword" },
	{ "\"secret\"=dword:", "malformed dword" },
	{ "\"secret\"=dword:00g00001", "malformed dword" },
	{ "\"secret\"=dword:1 2", "malformed dword" },
	{ "\"secret\"=str:\"x\"", "unknown value type" },
	{ "\"secret\"=hex(x):00", "unknown value type" },
	{ "\"secret\"=secret", "unknown value type" },
	{ "\"secret\"=\"unterminated secret", "unterminated string" },
	{ "\"secret\"=\"secret\" secret", "unexpected text after the string" },
	{ "\"secret=dword:1", "unterminated value name" },
	{ "\"secret\" dword:1", "expected '=' after the value name" },
	{ "\"secret\"=hex:0g", "malformed hex data" },
	{ "\"secret\"=hex:001", "malformed hex data" },
	{ "\"secret\"=hex:01,\\\n  02,zz,\\\n  03", "malformed hex data" },
	{ "secret=1", "expected [key], \"name\"=data or a comment" },
};

static void test_bad_lines_keep_the_rest(void **state)
{
	static const char outside[] =
		"REGEDIT4\n"
		"\"orphan\"=dword:1\n"
		"[HKEY_NOPE\\Software]\n"
		"\"skipped\"=dword:1\n"
		"\"skipped too\"=hex:01,\\\n"
		"  02\n"
		"[HKEY_LOCAL_MACHINE\\no closing bracket\n"
		"\"skipped 3\"=dword:1\n"
		"[-HKEY_CURRENT_USER\\X]\n"
		"\"after delete\"=dword:1\n"
		"[HKEY_CURRENT_USER\\Y]\n"
		"\"y\"=dword:1\n"
		"bad\0line\n"
		"\"z\"=dword:2\n";
	static const char nul_line[] = "REGEDIT4\n[HKEY_USERS\\S]\n\"a\"=dword:1\nx\0\n";
	json_t *doc, *lines;
	char text[512], want[32];
	const char *s;
	size_t i;
	int line, rc, bad_line;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		snprintf(text, sizeof(text),
			 "Windows Registry Editor Version 5.00\n"
			 "[" ZM "\\General]\n"
			 "\"before\"=dword:00000001\n"
			 "%s\n"
			 "\"after\"=\"2\"\n", bad_cases[i].line);
		bad_line = strstr(bad_cases[i].line, "zz") ? 5 : 4;   /* the bad hex line */
		doc = lines = NULL;
		rc = vc_reg_parse(&doc, &lines, text, strlen(text), &line);
		if (rc != VC_EPARSE || line != bad_line)
			fail_msg("case %zu: rc %d line %d: %s", i, rc, line, vc_error_last());
		snprintf(want, sizeof(want), "line %d: ", bad_line);
		assert_non_null(strstr(vc_error_last(), want));
		assert_non_null(strstr(vc_error_last(), bad_cases[i].problem));
		assert_null(strstr(vc_error_last(), "secret"));
		assert_int_equal(get_int(doc, ZM "\\General", "before"), 1);
		assert_string_equal(get_str(doc, ZM "\\General", "after"), "2");
		/* Nothing else: a continued bad value is skipped whole. */
		if (json_object_size(json_object_get(doc, ZM "\\General")) != 2)
			fail_msg("case %zu: the bad value was kept", i);
		assert_int_equal(json_object_size(lines), 3);
		json_decref(doc);
		json_decref(lines);
	}

	/* Values before any key, after a deletion, under a bad key line. */
	rc = vc_reg_parse(&doc, &lines, outside, sizeof(outside) - 1, &line);
	assert_int_equal(rc, VC_EPARSE);
	assert_int_equal(line, 2);
	assert_string_equal(vc_error_last(), "line 2: value outside a key");
	assert_int_equal(json_object_size(doc), 2);   /* X (deleted) and Y */
	assert_int_equal(get_int(doc, "HKCU\\Y", "y"), 1);
	assert_int_equal(get_int(doc, "HKCU\\Y", "z"), 2);
	assert_null(vc_reg_get(doc, "HKEY_NOPE\\Software", "skipped"));
	json_decref(doc);
	json_decref(lines);
	s = "REGEDIT4\n[HKEY_NOPE\\Software]\n";
	rc = vc_reg_parse(&doc, NULL, s, strlen(s), &line);
	assert_string_equal(vc_error_last(), "line 2: key path with an unknown root key");
	json_decref(doc);
	s = "REGEDIT4\n[HKCU\\Software]\n";
	rc = vc_reg_parse(&doc, NULL, s, strlen(s), &line);
	assert_int_equal(rc, VC_EPARSE);   /* files spell roots out */
	json_decref(doc);
	rc = vc_reg_parse(&doc, NULL, nul_line, sizeof(nul_line) - 1, &line);
	assert_int_equal(rc, VC_EPARSE);
	assert_string_equal(vc_error_last(), "line 4: nul character");
	assert_int_equal(get_int(doc, "HKU\\S", "a"), 1);
	json_decref(doc);
}

static void test_refused_files(void **state)
{
	static const char *const not_reg[] = {
		"",
		"Windows Registry Editor Version 4.00\n[HKEY_USERS\\x]\n",
		"windows registry editor version 5.00\n",
		"\n" "REGEDIT4\n",
		"[HKEY_USERS\\x]\n\"a\"=dword:1\n",
	};
	char *text = zoom_export();
	size_t len, i;
	unsigned char *bin = utf16_export(text, &len);
	json_t *doc, *lines;
	char want[32];
	int line;

	(void)state;
	for (i = 0; i < sizeof(not_reg) / sizeof(not_reg[0]); i++) {
		doc = lines = (json_t *)1;
		assert_int_equal(vc_reg_parse(&doc, &lines, not_reg[i], strlen(not_reg[i]), &line),
				 VC_EPARSE);
		assert_null(doc);
		assert_null(lines);
		assert_int_equal(line, 1);
	}
	assert_string_equal(vc_error_last(), "line 1: not a registry export: line 1 must be "
			    "\"Windows Registry Editor Version 5.00\" or \"REGEDIT4\"");

	/* UTF-16: an odd byte count (cut export), unpaired surrogates, big-endian. */
	doc = (json_t *)1;
	assert_int_equal(vc_reg_parse(&doc, NULL, (const char *)bin, len - 1, &line), VC_EPARSE);
	assert_null(doc);
	/* Its last line: the cut removes half of the last line end. */
	snprintf(want, sizeof(want), "line %d: ", line_with(text, "\"Max\"") + 1);
	assert_int_equal(line, line_with(text, "\"Max\"") + 1);
	assert_non_null(strstr(vc_error_last(), want));
	assert_non_null(strstr(vc_error_last(), "odd number of bytes in utf-16 text"));
	/* Line 6 holds "zoom.us\"": ASCII and 5 CR LF before it, 2 bytes a unit. */
	i = (size_t)(strstr(text, "zoom.us\"") - text) + 5;
	bin[2 + 2 * i] = 0x00;
	bin[2 + 2 * i + 1] = 0xD8;                        /* a high surrogate, then 'o' */
	assert_int_equal(vc_reg_parse(&doc, NULL, (const char *)bin, len, &line), VC_EPARSE);
	assert_null(doc);
	assert_int_equal(line, 6);
	assert_string_equal(vc_error_last(), "line 6: unpaired utf-16 surrogate");
	bin[2 + 2 * i + 1] = 0xDC;                        /* a low one alone */
	assert_int_equal(vc_reg_parse(&doc, NULL, (const char *)bin, len, &line), VC_EPARSE);
	assert_int_equal(line, 6);
	bin[0] = 0xFE;
	bin[1] = 0xFF;
	assert_int_equal(vc_reg_parse(&doc, NULL, (const char *)bin, len, &line), VC_EPARSE);
	assert_null(doc);
	assert_non_null(strstr(vc_error_last(), "utf-16be"));
	/* U+0000 inside UTF-16 text is a bad line, not a refused file. */
	bin[0] = 0xFF;
	bin[1] = 0xFE;
	bin[2 + 2 * i] = 0;
	bin[2 + 2 * i + 1] = 0;
	assert_int_equal(vc_reg_parse(&doc, NULL, (const char *)bin, len, &line), VC_EPARSE);
	assert_int_equal(line, 6);
	assert_string_equal(vc_error_last(), "line 6: nul character");
	assert_int_equal(get_int(doc, ZM "\\General", "BlockUntrustedSSLCert"), 1);
	assert_null(vc_reg_get(doc, ZM "\\General", "ForceSSOURL"));
	json_decref(doc);
	assert_int_equal(vc_reg_parse(&doc, NULL, "\xFF\xFE", 2, &line), VC_EPARSE);
	assert_null(doc);
	free(bin);
	free(text);
}

static char *big_text(size_t n)
{
	char *s = malloc(n);

	assert_non_null(s);
	return s;
}

static void test_limits(void **state)
{
	const char *head = "REGEDIT4\n[HKEY_USERS\\x]\n";
	json_t *doc = NULL, *lines = NULL;
	size_t i, o, n;
	char *s;
	int line;

	(void)state;
	/* A 1 MiB string is fine; one byte more is refused. */
	for (n = VC_REG_MAX_VALUE; n <= VC_REG_MAX_VALUE + 1; n++) {
		s = big_text(n + 64);
		o = (size_t)snprintf(s, 64, "%s\"v\"=\"", head);
		memset(s + o, 'a', n);
		memcpy(s + o + n, "\"\n", 3);
		doc = lines = (json_t *)1;
		if (n == VC_REG_MAX_VALUE) {
			assert_int_equal(vc_reg_parse(&doc, NULL, s, o + n + 2, &line), 0);
			assert_int_equal(strlen(get_str(doc, "HKU\\x", "v")), n);
			json_decref(doc);
		} else {
			assert_int_equal(vc_reg_parse(&doc, &lines, s, o + n + 2, &line), VC_ELIMIT);
			assert_null(doc);
			assert_null(lines);
			assert_int_equal(line, 3);
			assert_string_equal(vc_error_last(),
					    "line 3: value data longer than 1048576 bytes");
		}
		free(s);
	}
	/* Hex data: 1 MiB + 1 bytes over continuation lines. */
	n = VC_REG_MAX_VALUE + 1;
	s = big_text(64 + n * 3 + (n / 16) * 4);
	o = (size_t)snprintf(s, 64, "%s\"v\"=hex:", head);
	for (i = 0; i < n; i++) {
		memcpy(s + o, "ab,", 3);
		o += 3;
		if (i % 16 == 15) {
			memcpy(s + o, "\\\n  ", 4);
			o += 4;
		}
	}
	assert_int_equal(vc_reg_parse(&doc, NULL, s, o, &line), VC_ELIMIT);
	assert_string_equal(vc_error_last(), "line 65539: value data longer than 1048576 bytes");
	free(s);
	/* Key path. */
	s = big_text(2048);
	o = (size_t)snprintf(s, 64, "REGEDIT4\n[HKEY_USERS\\");
	memset(s + o, 'k', VC_REG_MAX_KEY_PATH);
	memcpy(s + o + VC_REG_MAX_KEY_PATH - 11, "]\n", 3);   /* exactly 1024 bytes */
	assert_int_equal(vc_reg_parse(&doc, NULL, s, strlen(s), &line), 0);
	json_decref(doc);
	s[o + VC_REG_MAX_KEY_PATH - 11] = 'k';
	memcpy(s + o + VC_REG_MAX_KEY_PATH - 10, "]\n", 3);
	assert_int_equal(vc_reg_parse(&doc, NULL, s, strlen(s), &line), VC_ELIMIT);
	assert_string_equal(vc_error_last(), "line 2: key path longer than 1024 bytes");
	free(s);
	/* Entries. */
	s = big_text(64 + (VC_REG_MAX_ENTRIES + 1) * 12);
	o = (size_t)snprintf(s, 64, "%s", head);   /* its key line is the first entry */
	for (i = 1; i < VC_REG_MAX_ENTRIES; i++, o += 12)
		memcpy(s + o, "\"v\"=dword:1\n", 12);
	assert_int_equal(vc_reg_parse(&doc, NULL, s, o, &line), 0);
	json_decref(doc);
	memcpy(s + o, "\"v\"=dword:1\n", 12);
	assert_int_equal(vc_reg_parse(&doc, NULL, s, o + 12, &line), VC_ELIMIT);
	assert_int_equal(line, VC_REG_MAX_ENTRIES + 2);
	assert_null(doc);
	free(s);
	/* Key deletions that would scan 5000 keys 3000 times. */
	s = big_text(8000 * 32);
	o = (size_t)snprintf(s, 64, "REGEDIT4\n");
	for (i = 0; i < 5000; i++)
		o += (size_t)snprintf(s + o, 32, "[HKEY_USERS\\k%zu]\n", i);
	for (i = 0; i < 3000; i++)
		o += (size_t)snprintf(s + o, 32, "[-HKEY_USERS\\d%zu]\n", i);
	assert_int_equal(vc_reg_parse(&doc, NULL, s, o, &line), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "key deletions examine more than 10000000 keys"));
	free(s);
	/* Input size. */
	s = calloc(VC_REG_MAX_BYTES + 1, 1);
	assert_non_null(s);
	assert_int_equal(vc_reg_parse(&doc, NULL, s, VC_REG_MAX_BYTES + 1, &line), VC_ELIMIT);
	free(s);
}

static void test_hostile(void **state)
{
	static const char alphabet[] = "[]\"@=-\\;:,hexdwordHKEY_USERS(27b)0af \t\n\r\xC3\x80";
	char *text = zoom_export(), *s;
	size_t len, i, n;
	unsigned char *bin = utf16_export(text, &len), saved;
	unsigned seed = 2024;
	json_t *doc, *lines;
	int rc;

	(void)state;
	for (i = 0; i < len; i++) {   /* every cut of the UTF-16 export */
		doc = NULL;
		rc = vc_reg_parse(&doc, NULL, (const char *)bin, i, NULL);
		assert_true(rc == 0 || rc == VC_EPARSE);
		assert_true(rc == 0 ? json_is_object(doc) : 1);
		json_decref(doc);
	}
	for (i = 2; i < len; i++) {   /* every byte changed */
		saved = bin[i];
		bin[i] = (unsigned char)(saved ^ 0x5A);
		doc = lines = NULL;
		rc = vc_reg_parse(&doc, &lines, (const char *)bin, len, NULL);
		assert_true(rc == 0 || rc == VC_EPARSE);
		assert_true(doc == NULL || json_is_object(doc));
		json_decref(doc);
		json_decref(lines);
		bin[i] = saved;
	}
	s = malloc(4096);
	assert_non_null(s);
	for (i = 0; i < 3000; i++) {
		n = (size_t)snprintf(s, 64, "%s", i % 2 ? "REGEDIT4\n" :
				     "Windows Registry Editor Version 5.00\n");
		n += (size_t)(rand_r(&seed) % 4000);
		for (len = strlen(s); len < n; len++)
			s[len] = alphabet[rand_r(&seed) % (sizeof(alphabet) - 1)];
		doc = lines = NULL;
		rc = vc_reg_parse(&doc, &lines, s, n, NULL);
		assert_true(rc == 0 || rc == VC_EPARSE || rc == VC_ELIMIT);
		if (rc != VC_ELIMIT)
			assert_true(json_is_object(doc) && json_is_object(lines));
		json_decref(doc);
		json_decref(lines);
	}
	free(s);
	free(bin);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zoom_policy_utf16),
		cmocka_unit_test(test_zoom_policy_utf8),
		cmocka_unit_test(test_regedit4),
		cmocka_unit_test(test_case_insensitive_merge),
		cmocka_unit_test(test_deletions),
		cmocka_unit_test(test_bad_lines_keep_the_rest),
		cmocka_unit_test(test_refused_files),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
