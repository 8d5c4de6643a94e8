/* Property lists: real Zoom files, binary = XML, lines, and hostile input. */
#include <plist/plist.h>
#include "testutil.h"
#include "core/err.h"
#include "parsers/plist.h"

static char *corpus_file(const char *name, size_t *len)
{
	return vc_test_corpus_file("zoom", name, len);
}

static int parse_str(json_t **out, json_t **lines, const char *s)
{
	return vc_plist_parse(out, lines, s, strlen(s));
}

static int get_bool(const json_t *obj, const char *key)
{
	int v = -1;

	if (vc_plist_bool(&v, vc_json_get_ci(obj, key)) != 0)
		fail_msg("%s: %s", key, vc_error_last());
	return v;
}

static void test_parkerbxyz_corpus(void **state)
{
	json_t *obj = NULL, *lines = NULL, *pr, *v;
	const char *key;
	char want[256];
	size_t len;
	char *text = corpus_file("us.zoom.config.plist-parkerbxyz", &len);

	(void)state;
	assert_int_equal(vc_plist_parse(&obj, &lines, text, len), 0);
	assert_int_equal(json_object_size(obj), 6);
	assert_int_equal(get_bool(obj, "nogoogle"), 1);
	assert_int_equal(get_bool(obj, "NoGoogle"), 1);       /* ZPM spelling */
	assert_int_equal(get_bool(obj, "nofacebook"), 1);
	assert_int_equal(get_bool(obj, "zAutoSSOLogin"), 1);
	assert_string_equal(json_string_value(vc_json_get_ci(obj, "ZSSOHost")), "github.zoom.us");

	/* recordpath is only a default inside PackageRecommend, not a top-level key. */
	assert_null(vc_json_get_ci(obj, "recordpath"));
	pr = vc_json_get_ci(obj, "PackageRecommend");
	assert_true(json_is_object(pr));
	assert_int_equal(json_object_size(pr), 8);
	assert_string_equal(json_string_value(vc_json_get_ci(pr, "RecordPath")),
			    "$HOME/Downloads");
	assert_int_equal(get_bool(pr, "ConfirmWhenLeave"), 0);
	assert_int_equal(get_bool(pr, "ZDisableVideo"), 1);

	/* Lines: six top-level keys and PackageRecommend's eight children. */
	assert_int_equal(json_object_size(lines), 14);
	assert_int_equal(vc_test_line_of(lines, "disableloginwithemail"), 5);
	assert_int_equal(vc_test_line_of(lines, "nogoogle"), 9);
	assert_int_equal(vc_test_line_of(lines, "PackageRecommend"), 11);
	assert_int_equal(vc_test_line_of(lines, "ZAutoSSOLogin"), 30);
	assert_int_equal(vc_test_line_of(lines, "ZSSOHost"), 32);
	assert_int_equal(vc_test_line_of(lines, "PackageRecommend/ConfirmWhenLeave"), 13);
	assert_int_equal(vc_test_line_of(lines, "PackageRecommend/recordpath"), 19);
	assert_int_equal(vc_test_line_of(lines, "PackageRecommend/ZDisableVideo"), 27);
	assert_null(json_object_get(lines, "recordpath"));
	json_object_foreach(lines, key, v) {
		const char *name = strchr(key, '/') ? strchr(key, '/') + 1 : key;

		snprintf(want, sizeof(want), "<key>%s</key>", name);
		if (strncmp(strchr(vc_test_nth_line(text, json_integer_value(v)), '<'), want,
			    strlen(want)) != 0)
			fail_msg("%s: line %d does not hold its <key>", key,
				 (int)json_integer_value(v));
	}
	json_decref(obj);
	json_decref(lines);
	free(text);
}

static void test_profilemanifests_corpus(void **state)
{
	json_t *obj = NULL, *lines = NULL, *subkeys, *item, *found = NULL;
	size_t len, i;
	char *text = corpus_file("profilemanifests-us.zoom.config.manifest.plist", &len);

	(void)state;
	assert_int_equal(vc_plist_parse(&obj, &lines, text, len), 0);
	assert_int_equal(json_object_size(obj), 11);
	assert_string_equal(json_string_value(json_object_get(obj, "pfm_domain")),
			    "us.zoom.config");
	assert_string_equal(json_string_value(json_object_get(obj, "pfm_last_modified")),
			    "2023-08-17T13:21:37Z");
	assert_int_equal(json_integer_value(json_object_get(obj, "pfm_version")), 6);
	assert_true(json_is_true(json_object_get(obj, "pfm_unique")));
	subkeys = json_object_get(obj, "pfm_subkeys");
	assert_int_equal(json_array_size(subkeys), 170);
	json_array_foreach(subkeys, i, item) {
		const char *name = json_string_value(json_object_get(item, "pfm_name"));

		if (name && strcmp(name, "zDisableLocalRecord") == 0)
			found = item;
	}
	assert_non_null(found);
	assert_true(json_is_false(json_object_get(found, "pfm_default")));

	/* Only the eleven top-level keys get lines, not the 1000+ nested ones. */
	assert_int_equal(json_object_size(lines), 11);
	assert_int_equal(vc_test_line_of(lines, "pfm_domain"), 11);
	assert_int_equal(vc_test_line_of(lines, "pfm_subkeys"), 21);
	assert_int_equal(vc_test_line_of(lines, "pfm_title"), 2871);
	assert_int_equal(vc_test_line_of(lines, "pfm_version"), 2875);
	json_decref(obj);
	json_decref(lines);
	free(text);
}

static plist_t sample_dict(void)
{
	plist_t d = plist_new_dict(), a = plist_new_array(), pr = plist_new_dict();

	plist_dict_set_item(d, "nogoogle", plist_new_bool(1));
	plist_dict_set_item(d, "ZAutoUpdate", plist_new_bool(0));
	plist_dict_set_item(d, "ZSSOHost", plist_new_string("github.zoom.us"));
	plist_dict_set_item(d, "count", plist_new_uint(42));
	plist_dict_set_item(d, "never", plist_new_uint((uint64_t)-1));
	plist_dict_set_item(d, "ratio", plist_new_real(0.5));
	plist_dict_set_item(d, "city", plist_new_string("Z\xC3\xBCrich"));
	plist_dict_set_item(d, "when", plist_new_date(0, 0));
	plist_dict_set_item(d, "blob", plist_new_data("\1\2\3", 3));
	plist_array_append_item(a, plist_new_string("123456"));
	plist_array_append_item(a, plist_new_uint(7));
	plist_dict_set_item(d, "Account", a);
	plist_dict_set_item(pr, "recordpath", plist_new_string("$HOME/Downloads"));
	plist_dict_set_item(pr, "ZDisableVideo", plist_new_bool(1));
	plist_dict_set_item(d, "PackageRecommend", pr);
	return d;
}

static void test_binary_equals_xml(void **state)
{
	plist_t d = sample_dict();
	char *bin = NULL, *xml = NULL;
	uint32_t blen = 0, xlen = 0;
	json_t *jb = NULL, *jx = NULL, *lb = NULL, *lx = NULL, *pr;

	(void)state;
	plist_to_bin(d, &bin, &blen);
	plist_to_xml(d, &xml, &xlen);
	assert_non_null(bin);
	assert_non_null(xml);
	assert_memory_equal(bin, "bplist00", 8);
	assert_int_equal(vc_plist_parse(&jb, &lb, bin, blen), 0);
	assert_int_equal(vc_plist_parse(&jx, &lx, xml, xlen), 0);
	if (!json_equal(jb, jx)) {
		char *a = json_dumps(jb, JSON_SORT_KEYS), *b = json_dumps(jx, JSON_SORT_KEYS);

		fail_msg("binary %s\n!= XML %s", a, b);
	}
	assert_int_equal(json_object_size(jb), 11);
	assert_true(json_is_true(json_object_get(jb, "nogoogle")));
	assert_true(json_is_false(json_object_get(jb, "ZAutoUpdate")));
	assert_int_equal(json_integer_value(json_object_get(jb, "count")), 42);
	assert_int_equal(json_integer_value(json_object_get(jb, "never")), -1);
	assert_true(json_real_value(json_object_get(jb, "ratio")) == 0.5);
	assert_string_equal(json_string_value(json_object_get(jb, "city")), "Z\xC3\xBCrich");
	assert_string_equal(json_string_value(json_object_get(jb, "when")),
			    "2001-01-01T00:00:00Z");
	assert_string_equal(json_string_value(json_object_get(jb, "blob")), "<data 3 bytes>");
	assert_string_equal(json_string_value(json_array_get(json_object_get(jb, "Account"), 0)),
			    "123456");
	pr = json_object_get(jb, "PackageRecommend");
	assert_string_equal(json_string_value(json_object_get(pr, "recordpath")),
			    "$HOME/Downloads");

	/* Binary has no lines; XML has them, nested children included. */
	assert_true(json_is_object(lb));
	assert_int_equal(json_object_size(lb), 0);
	assert_int_equal(json_object_size(lx), 13);
	assert_true(vc_test_line_of(lx, "PackageRecommend/recordpath") >
		    vc_test_line_of(lx, "PackageRecommend"));

	json_decref(jb);
	json_decref(jx);
	json_decref(lb);
	json_decref(lx);
	free(bin);
	free(xml);
	plist_free(d);
}

static void test_entities_refused(void **state)
{
	static const char *const bombs[] = {
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE plist [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>\n"
		"<plist><dict><key>k</key><string>&b;</string></dict></plist>",
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE plist [\n <!entity xxe SYSTEM \"file:///etc/passwd\">]>\n"
		"<plist><dict><key>k</key><string>&xxe;</string></dict></plist>",
	};
	json_t *obj = (json_t *)1, *lines = (json_t *)1;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(parse_str(&obj, &lines, bombs[i]), VC_EPARSE);
		assert_null(obj);
		assert_null(lines);
		assert_non_null(strstr(vc_error_last(), "entity declarations are not allowed"));
		assert_non_null(strstr(vc_error_last(), i == 0 ? "line 2" : "line 3"));
	}
	/* A DOCTYPE without entities is normal. */
	assert_int_equal(parse_str(&obj, NULL,
				   "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
				   "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
				   "<plist><dict><key>k</key><true/></dict></plist>"), 0);
	json_decref(obj);
}

static void test_truncated_xml(void **state)
{
	size_t len, cut, root_end;
	char *text = corpus_file("us.zoom.config.plist-parkerbxyz", &len);
	json_t *obj, *lines;
	int rc;

	(void)state;
	root_end = (size_t)(strstr(text, "\t</dict>\n</plist>") - text) + 8;
	for (cut = 0; cut < len; cut++) {
		obj = lines = NULL;
		rc = vc_plist_parse(&obj, &lines, text, cut);
		if (cut < root_end) {
			if (rc != VC_EPARSE)
				fail_msg("cut at %zu: rc %d", cut, rc);
			assert_null(obj);
			assert_null(lines);
		} else {
			assert_true(rc == 0 || rc == VC_EPARSE);
		}
		json_decref(obj);
		json_decref(lines);
	}
	rc = vc_plist_parse(&obj, NULL, text, 400);
	assert_int_equal(rc, VC_EPARSE);
	assert_non_null(strstr(vc_error_last(), "truncated"));
	free(text);
}

static void test_corrupt_binary(void **state)
{
	plist_t d = sample_dict();
	char *bin = NULL;
	uint32_t blen = 0, i;
	json_t *obj;
	int rc;

	(void)state;
	plist_to_bin(d, &bin, &blen);
	for (i = 0; i < blen; i++) {
		obj = NULL;
		assert_true(vc_plist_parse(&obj, NULL, bin, i) < 0);   /* every prefix */
		assert_null(obj);
	}
	for (i = 8; i < blen; i++) {   /* every byte flipped */
		char saved = bin[i];

		bin[i] = (char)~saved;
		obj = NULL;
		rc = vc_plist_parse(&obj, NULL, bin, blen);
		assert_true(rc == 0 ? json_is_object(obj) : obj == NULL);
		json_decref(obj);
		bin[i] = saved;
	}
	free(bin);
	plist_free(d);
}

static void test_not_a_dict_or_not_a_plist(void **state)
{
	static const char *const bad[] = {
		"<plist><array><string>a</string></array></plist>",
		"<plist><string>x</string></plist>",
		"<plist><true/></plist>",
		"not a plist at all",
		"bplist00 but then garbage, far too short to hold a trailer",
		"<plist><dict><key>a</key><string>&unknown;</string></dict></plist>",
		"<plist><dict><key>a</key><array></dict></array></plist>",
		"<plist><dict></array></dict></plist>",
	};
	plist_t a = plist_new_array();
	json_t *obj = NULL;
	char *bin = NULL;
	uint32_t blen = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		obj = NULL;
		if (parse_str(&obj, NULL, bad[i]) != VC_EPARSE)
			fail_msg("accepted: %s", bad[i]);
		assert_null(obj);
	}
	assert_int_equal(parse_str(&obj, NULL, bad[0]), VC_EPARSE);
	assert_string_equal(vc_error_last(), "top level is not a dict");
	assert_int_equal(vc_plist_parse(&obj, NULL, "", 0), VC_EPARSE);
	assert_int_equal(vc_plist_parse(&obj, NULL, NULL, 0), VC_EPARSE);

	plist_array_append_item(a, plist_new_bool(1));
	plist_to_bin(a, &bin, &blen);
	assert_int_equal(vc_plist_parse(&obj, NULL, bin, blen), VC_EPARSE);
	assert_string_equal(vc_error_last(), "top level is not a dict");
	free(bin);
	plist_free(a);
}

/* <plist><dict><key>a</key> + n nested arrays + </dict></plist> */
static char *nested_xml(size_t n)
{
	const char *head = "<plist><dict><key>a</key>\n", *tail = "</dict></plist>\n";
	size_t h = strlen(head), t = strlen(tail), i;
	char *s = malloc(h + n * 15 + t + 1), *p;

	assert_non_null(s);
	memcpy(s, head, h);
	p = s + h;
	for (i = 0; i < n; i++, p += 7)
		memcpy(p, "<array>", 7);
	for (i = 0; i < n; i++, p += 8)
		memcpy(p, "</array>", 8);
	memcpy(p, tail, t + 1);
	return s;
}

static void test_deep_xml(void **state)
{
	json_t *obj = NULL, *v;
	char *s;
	int depth;

	(void)state;
	s = nested_xml(VC_PLIST_MAX_DEPTH - 1);   /* with the top-level dict: the limit */
	assert_int_equal(parse_str(&obj, NULL, s), 0);
	for (depth = 1, v = json_object_get(obj, "a"); json_is_array(v); depth++)
		v = json_array_get(v, 0);
	assert_int_equal(depth, VC_PLIST_MAX_DEPTH);
	json_decref(obj);
	free(s);

	s = nested_xml(VC_PLIST_MAX_DEPTH);
	obj = NULL;
	assert_int_equal(parse_str(&obj, NULL, s), VC_ELIMIT);
	assert_null(obj);
	assert_non_null(strstr(vc_error_last(), "line 2: nesting deeper than 64"));
	free(s);

	s = nested_xml(1000000);   /* would crash libplist when it frees the tree */
	assert_int_equal(parse_str(&obj, NULL, s), VC_ELIMIT);
	free(s);
}

/* Markup libplist reads differently from a generic XML reader cannot hide nesting. */
static void test_scan_follows_libplist(void **state)
{
	char *deep = nested_xml(VC_PLIST_MAX_DEPTH), *ok = nested_xml(VC_PLIST_MAX_DEPTH - 1);
	size_t dlen = strlen(deep), olen = strlen(ok);
	char *s = malloc(dlen + 100);
	json_t *obj = NULL, *lines = NULL;

	(void)state;
	assert_non_null(s);
	/* libplist ends this DOCTYPE at the "]>" despite the single quote. */
	snprintf(s, dlen + 100, "<!DOCTYPE plist [ ' ]>\n%s", deep);
	assert_int_equal(parse_str(&obj, NULL, s), VC_ELIMIT);
	assert_null(obj);
	assert_non_null(strstr(vc_error_last(), "line 3: nesting deeper"));   /* the scan's */
	/* Double quotes do protect "<array>" inside an attribute, as in libplist. */
	snprintf(s, dlen + 100, "<!DOCTYPE plist [ \"]><array>\" ]>\n%s", ok);
	assert_int_equal(parse_str(&obj, &lines, s), 0);
	assert_int_equal(vc_test_line_of(lines, "a"), 2);
	json_decref(obj);
	json_decref(lines);
	/* libplist stops at the end of the top-level container; so does the scan. */
	memcpy(s, ok, olen);
	memcpy(s + olen, "<dict><dict><unterminated", 26);
	assert_int_equal(parse_str(&obj, NULL, s), 0);
	json_decref(obj);
	/* CDATA is fine in a string, and hides no tags there. */
	assert_int_equal(parse_str(&obj, NULL, "<plist><dict><key>k</key><string>a<![CDATA["
				   "</string></dict><array>]]>b</string></dict></plist>"), 0);
	assert_string_equal(json_string_value(json_object_get(obj, "k")),
			    "a</string></dict><array>b");
	json_decref(obj);
	/* CDATA or other <! markup between elements is refused by both. */
	assert_int_equal(parse_str(&obj, NULL, "<plist><dict><![CDATA[<array>]]></dict></plist>"),
			 VC_EPARSE);
	assert_int_equal(parse_str(&obj, NULL, "<plist><dict><!ELEMENT x></dict></plist>"),
			 VC_EPARSE);
	free(s);
	free(deep);
	free(ok);
}

/*
 * A binary plist: object 0 = {"a": object 2}, object 1 = "a", objects
 * 2..n+1 = arrays holding `fan` references to the next one (the last one
 * empty), or with `cycle` one array holding itself.
 */
static unsigned char *bin_chain(size_t n, unsigned fan, int cycle, size_t *len)
{
	size_t nobj = n + 2, size = 8 + 9 + 2 + n * (1 + 4 * fan) + nobj * 4 + 32;
	unsigned char *b = calloc(1, size), *p = b + 8, *t;
	size_t *off = calloc(nobj, sizeof(*off)), i;
	unsigned k;

	assert_non_null(b);
	assert_non_null(off);
	memcpy(b, "bplist00", 8);
#define PUT32(q, v) ((q)[0] = (unsigned char)((v) >> 24), (q)[1] = (unsigned char)((v) >> 16), \
		     (q)[2] = (unsigned char)((v) >> 8), (q)[3] = (unsigned char)(v))
	off[0] = (size_t)(p - b);
	*p++ = 0xD1;                  /* dict of one pair */
	PUT32(p, 1u);
	PUT32(p + 4, 2u);
	p += 8;
	off[1] = (size_t)(p - b);
	*p++ = 0x51;                  /* ASCII string of 1 */
	*p++ = 'a';
	for (i = 2; i < nobj; i++) {
		off[i] = (size_t)(p - b);
		if (i == nobj - 1 && !cycle) {
			*p++ = 0xA0;
			continue;
		}
		*p++ = (unsigned char)(0xA0 | fan);
		for (k = 0; k < fan; k++, p += 4)
			PUT32(p, cycle ? (unsigned)i : (unsigned)(i + 1));
	}
	t = p;
	for (i = 0; i < nobj; i++, p += 4)
		PUT32(p, (unsigned)off[i]);
	p[6] = 4;                      /* offset size */
	p[7] = 4;                      /* reference size */
	PUT32(p + 12, (unsigned)nobj);
	PUT32(p + 28, (unsigned)(t - b));
#undef PUT32
	*len = (size_t)(p + 32 - b);
	assert_true(*len <= size);
	free(off);
	return b;
}

static void test_deep_and_bomb_binary(void **state)
{
	unsigned char *b;
	json_t *obj = NULL, *v;
	size_t len;
	int depth;

	(void)state;
	/* The builder is right: a shallow chain parses into nested arrays. */
	b = bin_chain(VC_PLIST_MAX_DEPTH - 1, 1, 0, &len);
	assert_int_equal(vc_plist_parse(&obj, NULL, (char *)b, len), 0);
	for (depth = 1, v = json_object_get(obj, "a"); json_is_array(v); depth++)
		v = json_array_get(v, 0);
	assert_int_equal(depth, VC_PLIST_MAX_DEPTH);
	json_decref(obj);
	free(b);

	b = bin_chain(VC_PLIST_MAX_DEPTH, 1, 0, &len);
	obj = NULL;
	assert_int_equal(vc_plist_parse(&obj, NULL, (char *)b, len), VC_ELIMIT);
	assert_null(obj);
	free(b);

	b = bin_chain(200000, 1, 0, &len);   /* libplist alone overflows its stack */
	assert_int_equal(vc_plist_parse(&obj, NULL, (char *)b, len), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "nesting deeper than 64"));
	free(b);

	b = bin_chain(1, 1, 1, &len);        /* an array that contains itself */
	assert_int_equal(vc_plist_parse(&obj, NULL, (char *)b, len), VC_ELIMIT);
	free(b);

	b = bin_chain(40, 2, 0, &len);       /* 2^40 uses of 42 objects */
	assert_int_equal(vc_plist_parse(&obj, NULL, (char *)b, len), VC_ELIMIT);
	assert_non_null(strstr(vc_error_last(), "more than 100000 values"));
	free(b);
}

static char *many_values_xml(size_t n)
{
	const char *head = "<plist><dict><key>a</key><array>", *tail = "</array></dict></plist>";
	size_t h = strlen(head), t = strlen(tail), i;
	char *s = malloc(h + 7 * n + t + 1), *p;

	assert_non_null(s);
	memcpy(s, head, h);
	for (i = 0, p = s + h; i < n; i++, p += 7)
		memcpy(p, "<true/>", 7);
	memcpy(p, tail, t + 1);
	return s;
}

static void test_value_limit(void **state)
{
	json_t *obj = NULL;
	char *s;

	(void)state;
	s = many_values_xml(VC_PLIST_MAX_NODES - 2);   /* + the dict and the array */
	assert_int_equal(parse_str(&obj, NULL, s), 0);
	assert_int_equal(json_array_size(json_object_get(obj, "a")), VC_PLIST_MAX_NODES - 2);
	json_decref(obj);
	free(s);

	s = many_values_xml(VC_PLIST_MAX_NODES - 1);
	obj = NULL;
	assert_int_equal(parse_str(&obj, NULL, s), VC_ELIMIT);
	assert_null(obj);
	free(s);
}

static void test_boolean_spellings(void **state)
{
	static const char xml[] =
		"<plist><dict>\n"
		"<key>nogoogle</key><string>1</string>\n"
		"<key>ZAutoSSOLogin</key><true/>\n"
		"<key>nofacebook</key><string>YES</string>\n"
		"<key>a</key><string>no</string>\n"
		"<key>b</key><string>FALSE</string>\n"
		"<key>c</key><integer>1</integer>\n"
		"<key>d</key><integer>0</integer>\n"
		"<key>e</key><real>1.0</real>\n"
		"<key>f</key><false/>\n"
		"<key>g</key><string> true </string>\n"
		"<key>bad1</key><integer>2</integer>\n"
		"<key>bad2</key><string>maybe</string>\n"
		"<key>bad3</key><real>0.5</real>\n"
		"<key>bad4</key><dict/>\n"
		"<key>bad5</key><string></string>\n"
		"</dict></plist>\n";
	json_t *obj = NULL, *lines = NULL, *nul;
	int v;

	(void)state;
	assert_int_equal(parse_str(&obj, &lines, xml), 0);
	assert_int_equal(get_bool(obj, "nogoogle"), 1);
	assert_int_equal(get_bool(obj, "ZAutoSSOLogin"), 1);
	assert_int_equal(get_bool(obj, "NoFacebook"), 1);
	assert_int_equal(get_bool(obj, "a"), 0);
	assert_int_equal(get_bool(obj, "b"), 0);
	assert_int_equal(get_bool(obj, "c"), 1);
	assert_int_equal(get_bool(obj, "d"), 0);
	assert_int_equal(get_bool(obj, "e"), 1);
	assert_int_equal(get_bool(obj, "f"), 0);
	assert_int_equal(get_bool(obj, "g"), 1);
	assert_int_equal(vc_plist_bool(&v, json_object_get(obj, "bad1")), VC_EPARSE);
	assert_int_equal(vc_plist_bool(&v, json_object_get(obj, "bad2")), VC_EPARSE);
	assert_int_equal(vc_plist_bool(&v, json_object_get(obj, "bad3")), VC_EPARSE);
	assert_int_equal(vc_plist_bool(&v, json_object_get(obj, "bad4")), VC_EPARSE);
	assert_int_equal(vc_plist_bool(&v, json_object_get(obj, "bad5")), VC_EPARSE);
	assert_int_equal(vc_plist_bool(&v, json_object_get(obj, "absent")), VC_EPARSE);
	nul = json_stringn("1\0x", 3);
	assert_int_equal(vc_plist_bool(&v, nul), VC_EPARSE);
	json_decref(nul);
	assert_int_equal(vc_test_line_of(lines, "nogoogle"), 2);
	assert_int_equal(vc_test_line_of(lines, "bad5"), 16);
	json_decref(obj);
	json_decref(lines);
}

static void test_get_ci(void **state)
{
	json_t *o = json_pack("{s:i, s:i, s:i}", "NoGoogle", 1, "nogoogle", 2, "Other", 3);
	json_t *arr = json_array();

	(void)state;
	assert_int_equal(json_integer_value(vc_json_get_ci(o, "nogoogle")), 2);   /* exact */
	assert_int_equal(json_integer_value(vc_json_get_ci(o, "NoGoogle")), 1);
	assert_int_equal(json_integer_value(vc_json_get_ci(o, "NOGOOGLE")), 1);   /* first */
	assert_int_equal(json_integer_value(vc_json_get_ci(o, "oTHER")), 3);
	assert_null(vc_json_get_ci(o, "othe"));
	assert_null(vc_json_get_ci(o, "others"));
	assert_null(vc_json_get_ci(arr, "x"));
	assert_null(vc_json_get_ci(NULL, "x"));
	assert_null(vc_json_get_ci(o, NULL));
	json_decref(o);
	json_decref(arr);
}

static void test_xml_details(void **state)
{
	static const char xml[] =
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<plist version=\"1.0\">\n"
		"<!-- <dict><key>fake</key></dict> -->\n"
		"<dict>\n"
		"\t<key>a&amp;b</key>\n"
		"\t<string>caf\xE9</string>\n"
		"\t<key>nested</key>\n"
		"\t<dict>\n"
		"\t\t<key>inner</key>\n"
		"\t\t<string>x</string>\n"
		"\t</dict>\n"
		"\t<key>packagerecommend</key>\n"
		"\t<dict><key>RecordPath</key><string>/tmp</string>\n"
		"\t\t<key>deep</key><dict><key>deeper</key><true/></dict>\n"
		"\t</dict>\n"
		"\t<key>when</key><date>2020-01-01T00:00:00Z</date>\n"
		"\t<key>nan</key><real>nan</real>\n"
		"\t<key>neg</key><integer>-5</integer>\n"
		"</dict>\n"
		"</plist>\n";
	json_t *obj = NULL, *lines = NULL;

	(void)state;
	assert_int_equal(parse_str(&obj, &lines, xml), 0);
	assert_string_equal(json_string_value(json_object_get(obj, "a&b")), "caf\xEF\xBF\xBD");
	assert_string_equal(json_string_value(json_object_get(obj, "when")),
			    "2020-01-01T00:00:00Z");
	assert_true(json_is_null(json_object_get(obj, "nan")));
	assert_int_equal(json_integer_value(json_object_get(obj, "neg")), -5);
	assert_int_equal(vc_test_line_of(lines, "a&b"), 5);
	assert_int_equal(vc_test_line_of(lines, "nested"), 7);
	assert_int_equal(vc_test_line_of(lines, "packagerecommend"), 12);
	assert_int_equal(vc_test_line_of(lines, "packagerecommend/RecordPath"), 13);
	assert_int_equal(vc_test_line_of(lines, "packagerecommend/deep"), 14);
	assert_int_equal(vc_test_line_of(lines, "when"), 16);
	assert_null(json_object_get(lines, "inner"));
	assert_null(json_object_get(lines, "fake"));
	assert_null(json_object_get(lines, "packagerecommend/deeper"));
	assert_null(json_object_get(lines, "deeper"));
	assert_int_equal(json_object_size(lines), 8);
	json_decref(obj);
	json_decref(lines);
}

static void test_duplicate_package_recommend(void **state)
{
	static const char xml[] =
		"<plist><dict>\n"
		"<key>PackageRecommend</key><dict>\n"
		"<key>a</key><true/>\n"
		"<key>b</key><true/>\n"
		"</dict>\n"
		"<key>PackageRecommend</key><dict>\n"
		"<key>b</key><false/>\n"
		"</dict>\n"
		"<key>x</key><array><dict><key>inner</key><true/></dict></array>\n"
		"</dict></plist>\n";
	json_t *obj = NULL, *lines = NULL, *pr;

	(void)state;
	assert_int_equal(parse_str(&obj, &lines, xml), 0);
	pr = json_object_get(obj, "PackageRecommend");
	assert_int_equal(json_object_size(pr), 1);   /* the last one wins, whole */
	assert_true(json_is_false(json_object_get(pr, "b")));
	assert_int_equal(vc_test_line_of(lines, "PackageRecommend"), 6);
	assert_int_equal(vc_test_line_of(lines, "PackageRecommend/b"), 7);
	assert_null(json_object_get(lines, "PackageRecommend/a"));
	assert_null(json_object_get(lines, "x/inner"));
	assert_null(json_object_get(lines, "PackageRecommend/inner"));
	assert_int_equal(json_object_size(lines), 3);
	json_decref(obj);
	json_decref(lines);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parkerbxyz_corpus),
		cmocka_unit_test(test_profilemanifests_corpus),
		cmocka_unit_test(test_binary_equals_xml),
		cmocka_unit_test(test_entities_refused),
		cmocka_unit_test(test_truncated_xml),
		cmocka_unit_test(test_corrupt_binary),
		cmocka_unit_test(test_not_a_dict_or_not_a_plist),
		cmocka_unit_test(test_deep_xml),
		cmocka_unit_test(test_scan_follows_libplist),
		cmocka_unit_test(test_deep_and_bomb_binary),
		cmocka_unit_test(test_value_limit),
		cmocka_unit_test(test_boolean_spellings),
		cmocka_unit_test(test_get_ci),
		cmocka_unit_test(test_xml_details),
		cmocka_unit_test(test_duplicate_package_recommend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
