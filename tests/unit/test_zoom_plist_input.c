/*
 * Zoom client policy from macOS managed preferences handed over with
 * --input (inputs/zoom_plist.c): plain us.zoom.config plists (XML and
 * binary), configuration profiles and their legacy MCX form, mapped like
 * the host scanner's plists, at scope "host", with the file and line.
 * Scanned through the real handler table, so detection is tested too.
 */
#include "testtree.h"

#include <plist/plist.h>

#include "inputs/input.h"

extern const struct vc_input_handler_entry vc_input_zoom_plist;

static const char head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                     /* 1 */
	"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
	"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"            /* 2 */
	"<plist version=\"1.0\">\n"                                        /* 3 */
	"<dict>\n";                                                        /* 4 */
static const char tail[] = "</dict>\n</plist>\n";

static int setup(void **state)
{
	struct tt_fx *f = tt_new("/tmp", "vc-zoomplist");

	tt_open(f, "zoom-plist-test-key", 0);
	*state = f;
	return 0;
}

/* A plist whose top-level dict body (from line 5) is `body`. */
static void put_plist(struct tt_fx *f, const char *rel, const char *body)
{
	char buf[16384];

	snprintf(buf, sizeof(buf), "%s%s%s", head, body, tail);
	tt_put(f, rel, buf);
}

static void scan(struct tt_fx *f, const char *prefix, const char *rel)
{
	char p[512], spec[600];

	tt_path(f, p, sizeof(p), rel);
	snprintf(spec, sizeof(spec), "%s%s", prefix, p);
	assert_int_equal(vc_inputs_scan(&f->ctx, spec, vc_input_handlers), 0);
}

static const struct vc_fact *fact(struct tt_fx *f, const char *key)
{
	return vc_fact_find(&f->ctx.facts, "zoom", "host", key);
}

static const struct vc_fact *must(struct tt_fx *f, const char *key)
{
	const struct vc_fact *x = fact(f, key);

	if (!x)
		fail_msg("fact zoom/host/%s missing", key);
	return x;
}

static void expect_bool(struct tt_fx *f, const char *key, int want, int line)
{
	const struct vc_fact *x = must(f, key);

	if (!json_is_boolean(x->value) || json_is_true(x->value) != want)
		fail_msg("%s: %s, expected %s", key, json_dumps(x->value, JSON_ENCODE_ANY),
			 want ? "true" : "false");
	if (x->line != line)
		fail_msg("%s: line %d, expected %d", key, x->line, line);
}

static int recommended(struct tt_fx *f, const char *key)
{
	const json_t *list = must(f, "policy.recommend_only")->value;
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (!strcmp(json_string_value(v), key))
			return 1;
	return 0;
}

/* The kind under which the source ending in `tail_` was recorded, or NULL. */
static const char *source_kind(struct tt_fx *f, const char *tail_)
{
	size_t i, n = strlen(tail_);
	json_t *s;

	json_array_foreach(f->ctx.sources, i, s) {
		const char *p = json_string_value(json_object_get(s, "path"));

		if (p && strlen(p) >= n && !strcmp(p + strlen(p) - n, tail_))
			return json_string_value(json_object_get(s, "kind"));
	}
	return NULL;
}

/* us.zoom.config.plist as an administrator exports it: DTD, enforced keys, defaults. */
static void test_plain_plist(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	char *all;

	put_plist(f, "/export/us.zoom.config.plist",
		  "\t<key>zDisableCMR</key>\n"                                  /* 5 */
		  "\t<string>no</string>\n"
		  "\t<key>BlockUntrustedSSLCert</key>\n"                        /* 7 */
		  "\t<false/>\n"
		  "\t<key>ZAutoSSOLogin</key>\n"                                /* 9 */
		  "\t<integer>1</integer>\n"
		  "\t<key>SetEnrollToken4CloudMDM</key>\n"                      /* 11 */
		  "\t<string>ZDM-secret-771</string>\n"
		  "\t<key>nogoogle</key>\n"
		  "\t<string>1</string>\n"
		  "\t<key>PackageRecommend</key>\n"                             /* 15 */
		  "\t<dict>\n"
		  "\t\t<key>zDisableLocalRecord</key>\n"                        /* 17 */
		  "\t\t<false/>\n"
		  "\t\t<key>RecordPath</key>\n"                                 /* 19 */
		  "\t\t<string>/Users/s\xc3\xb8ren/Dropbox/Zoom</string>\n"
		  "\t</dict>\n");
	scan(f, "", "/export/us.zoom.config.plist");
	assert_int_equal(f->ctx.diags.n, 0);
	assert_string_equal(source_kind(f, "/export/us.zoom.config.plist"), "zoom-plist");

	expect_bool(f, "recording.cloud.allowed", 1, 5);
	expect_bool(f, "encryption.transport_required", 0, 7);
	expect_bool(f, "secrets.zdm_token_set", 1, 11);
	x = must(f, "access.authentication");
	assert_string_equal(json_string_value(x->value), "sso");
	assert_int_equal(x->line, 9);
	/* PackageRecommend: defaults only, listed as such */
	expect_bool(f, "recording.local.allowed", 1, 17);
	assert_true(recommended(f, "recording.local.allowed"));
	x = must(f, "recording.local.path");
	assert_int_equal(x->line, 19);
	assert_non_null(strstr(json_string_value(x->value), "/Dropbox/Zoom"));
	assert_null(x->local_path);   /* a place on the managed Mac, not here */
	assert_true(recommended(f, "recording.local.path"));
	assert_false(recommended(f, "recording.cloud.allowed"));
	/* the source as given, its digest filled in once the file was read */
	assert_non_null(strstr(x->source, "/export/us.zoom.config.plist"));
	assert_non_null(x->sha256);
	/* a policy file does not say that Zoom is installed */
	assert_null(fact(f, "product.installed"));

	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, "ZDM-secret"));
	assert_null(strstr(all, "s\xc3\xb8ren"));
	free(all);
}

/* A binary plist: the same facts, lines unknown (0). */
static void test_binary_plist(void **state)
{
	struct tt_fx *f = *state;
	plist_t d = plist_new_dict(), pr = plist_new_dict();
	char *bin = NULL;
	uint32_t len = 0;

	plist_dict_set_item(d, "zDisableLocalRecord", plist_new_string("YES"));
	plist_dict_set_item(d, "AU2_EnableAutoUpdate", plist_new_bool(0));
	plist_dict_set_item(pr, "DisableMeeting3rdPartyFileStorage", plist_new_bool(0));
	plist_dict_set_item(d, "PackageRecommend", pr);
	plist_to_bin(d, &bin, &len);
	assert_non_null(bin);
	/* a name that says nothing: the content is recognised */
	tt_put_bytes(f, "/in/policy.bin", bin, len);
	plist_to_bin_free(bin);
	plist_free(d);
	scan(f, "", "/in/policy.bin");
	assert_int_equal(f->ctx.diags.n, 0);

	expect_bool(f, "recording.local.allowed", 0, 0);
	expect_bool(f, "update.auto", 0, 0);
	assert_non_null(json_string_value(json_array_get(must(f, "storage.thirdparty")->value,
							 0)));
	assert_true(recommended(f, "storage.thirdparty"));
	assert_false(recommended(f, "recording.local.allowed"));
}

/*
 * A configuration profile: a Wi-Fi payload, then two Zoom payloads. Keys
 * that occur once get their lines; one set in both payloads counts from the
 * later payload and has no line (which <key> it was cannot be told).
 */
static void test_mobileconfig(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	char *all;

	put_plist(f, "/mdm/Zoom.mobileconfig",
		  "<key>PayloadContent</key>\n"                                  /* 5 */
		  "<array>\n"
		  "  <dict>\n"
		  "    <key>PayloadType</key><string>com.apple.wifi.managed</string>\n"
		  "    <key>Password</key><string>wifi-Secret-99</string>\n"
		  "  </dict>\n"                                                  /* 10 */
		  "  <dict>\n"
		  "    <key>PayloadType</key>\n"
		  "    <string>us.zoom.config</string>\n"
		  "    <key>PayloadUUID</key><string>5D2C7A9E-1111</string>\n"
		  "    <!-- <key>zDisableChat</key><false/> was the old value -->\n" /* 15 */
		  "    <key>zDisableChat</key>\n"                               /* 16 */
		  "    <true/>\n"
		  "    <key>zDisableCMR</key><false/>\n"                        /* 18 */
		  "    <key>Login_Domain</key><string>kommune.dk</string>\n"     /* 19 */
		  "    <key>PackageRecommend</key>\n"                           /* 20 */
		  "    <dict>\n"
		  "      <key>AU2_EnableAutoUpdate</key><true/>\n"              /* 22 */
		  "    </dict>\n"
		  "  </dict>\n"
		  "  <dict>\n"                                                   /* 25 */
		  "    <key>PayloadType</key><string>us.zoom.config</string>\n"
		  "    <key>zDisableCMR</key><true/>\n"                         /* 27 */
		  "    <key>RecordPath</key><string>~/Documents/Zoom</string>\n" /* 28 */
		  "  </dict>\n"
		  "</array>\n"                                                   /* 30 */
		  "<key>PayloadType</key><string>Configuration</string>\n"
		  "<key>PayloadDisplayName</key><string>Zoom</string>\n");
	scan(f, "", "/mdm/Zoom.mobileconfig");
	assert_int_equal(f->ctx.diags.n, 0);

	expect_bool(f, "chat.save_local", 0, 16);   /* the commented-out key is no key */
	expect_bool(f, "recording.cloud.allowed", 0, 0);
	x = must(f, "access.authentication");
	assert_string_equal(json_string_value(x->value), "domain");
	assert_int_equal(x->line, 19);
	expect_bool(f, "update.auto", 1, 22);
	assert_true(recommended(f, "update.auto"));
	x = must(f, "recording.local.path");
	assert_string_equal(json_string_value(x->value), "~/Documents/Zoom");
	assert_int_equal(x->line, 28);
	assert_non_null(strstr(x->source, "/mdm/Zoom.mobileconfig"));
	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, "wifi-Secret"));
	assert_null(strstr(all, "kommune.dk"));
	free(all);
}

/* The legacy MCX form: Forced is enforced, Set-Once only a default. */
static void test_mcx_profile(void **state)
{
	struct tt_fx *f = *state;

	put_plist(f, "/mdm/zoom-mcx.mobileconfig",
		  "<key>PayloadContent</key>\n"                                  /* 5 */
		  "<array><dict>\n"
		  "  <key>PayloadType</key>\n"
		  "  <string>com.apple.ManagedClient.preferences</string>\n"
		  "  <key>PayloadContent</key>\n"
		  "  <dict>\n"                                                   /* 10 */
		  "    <key>us.zoom.config</key>\n"
		  "    <dict>\n"
		  "      <key>Forced</key>\n"
		  "      <array><dict>\n"
		  "        <key>mcx_preference_settings</key>\n"                /* 15 */
		  "        <dict>\n"
		  "          <key>zDisableLocalRecord</key><string>1</string>\n" /* 17 */
		  "          <key>nogoogle</key><string>1</string>\n"
		  "        </dict>\n"
		  "      </dict></array>\n"                                      /* 20 */
		  "      <key>Set-Once</key>\n"
		  "      <array><dict>\n"
		  "        <key>mcx_preference_settings</key>\n"
		  "        <dict>\n"
		  "          <key>BlockUntrustedSSLCert</key><false/>\n"         /* 25 */
		  "          <key>zDisableLocalRecord</key><false/>\n"
		  "        </dict>\n"
		  "      </dict></array>\n"
		  "    </dict>\n"
		  "  </dict>\n"                                                  /* 30 */
		  "</dict></array>\n");
	scan(f, "", "/mdm/zoom-mcx.mobileconfig");
	assert_int_equal(f->ctx.diags.n, 0);
	/* Forced beats Set-Once; the key occurs twice, so its line is unknown */
	expect_bool(f, "recording.local.allowed", 0, 0);
	assert_false(recommended(f, "recording.local.allowed"));
	expect_bool(f, "encryption.transport_required", 0, 25);
	assert_true(recommended(f, "encryption.transport_required"));
}

/* An enforced key beats the same key under PackageRecommend, whatever the order. */
static void test_package_recommend_defaults(void **state)
{
	struct tt_fx *f = *state;

	put_plist(f, "/p/us.zoom.config.plist",
		  "<key>PackageRecommend</key>\n"                                /* 5 */
		  "<dict>\n"
		  "  <key>zDisableLocalRecord</key><false/>\n"                  /* 7 */
		  "  <key>EnableSilentAutoUpdate</key><true/>\n"                /* 8 */
		  "  <key>ForceSSOURL</key><string>  </string>\n"               /* 9 */
		  "</dict>\n"
		  "<key>ZDISABLELOCALRECORD</key><true/>\n");                   /* 11 */
	scan(f, "", "/p/us.zoom.config.plist");
	expect_bool(f, "recording.local.allowed", 0, 11);
	assert_false(recommended(f, "recording.local.allowed"));
	expect_bool(f, "update.auto", 1, 8);
	assert_true(recommended(f, "update.auto"));
	/* a blank SSO address names no identity provider */
	assert_null(fact(f, "access.authentication"));
}

/* Entities are refused with their line; the next input is still audited. */
static void test_entity_refused(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	tt_put(f, "/bad/us.zoom.config.plist",
	       "<?xml version=\"1.0\"?>\n"
	       "<!DOCTYPE plist [\n"
	       "  <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"   /* 3 */
	       "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	       "]>\n"
	       "<plist version=\"1.0\"><dict>\n"
	       "<key>zDisableCMR</key><string>&b;</string>\n"
	       "</dict></plist>\n");
	put_plist(f, "/good/us.zoom.config.plist", "<key>zDisableChat</key><true/>\n");
	scan(f, "", "/bad/us.zoom.config.plist");
	scan(f, "", "/good/us.zoom.config.plist");

	d = tt_diag(f, "/bad/us.zoom.config.plist", "entity declarations are not allowed");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_true(tt_has_error(f, "zoom", "host", "/bad/us.zoom.config.plist"));
	assert_null(fact(f, "recording.cloud.allowed"));
	expect_bool(f, "chat.save_local", 0, 5);
	assert_false(tt_has_error(f, "zoom", "host", "/good/"));
}

/* A cut-off profile: the parser's line, a collection error, no facts. */
static void test_truncated(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s"
		 "<key>PayloadContent</key>\n"                                   /* 5 */
		 "<array>\n"
		 "  <dict>\n"
		 "    <key>PayloadType</key><string>us.zoom.config</string>\n"
		 "    <key>zDisableLocalRecord</key><tr", head);                 /* 9 */
	tt_put(f, "/cut.mobileconfig", buf);
	scan(f, "", "/cut.mobileconfig");
	d = tt_diag(f, "/cut.mobileconfig", "malformed property list, not audited");
	assert_non_null(d);
	assert_int_equal(d->line, 9);
	assert_null(strstr(d->message, "line 9"));   /* the line is the diagnostic's own */
	assert_true(tt_has_error(f, "zoom", "host", "/cut.mobileconfig"));
	assert_null(fact(f, "recording.local.allowed"));
	assert_null(fact(f, "policy.recommend_only"));
}

/* A plist larger than --max-file-size is not read, and says so. */
static void test_size_limit(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	put_plist(f, "/big/us.zoom.config.plist",
		  "<key>zDisableCMR</key><true/>\n<key>Padding</key><string>"
		  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		  "</string>\n");
	f->ctx.file_max = 200;
	scan(f, "", "/big/us.zoom.config.plist");
	d = tt_diag(f, "/big/us.zoom.config.plist", "larger than 200 bytes, not audited");
	assert_non_null(d);
	assert_null(strstr(d->message, "/big/"));
	assert_true(tt_has_error(f, "zoom", "host", "/big/"));
	assert_null(fact(f, "recording.cloud.allowed"));
}

static int detect(const char *name, const char *product, const char *text)
{
	struct vc_input in = { 0 };

	in.display = name;
	in.name = name;
	in.product = product;
	in.head = (const unsigned char *)text;
	in.nhead = strlen(text);
	in.size = (int64_t)in.nhead;
	return vc_input_zoom_plist.detect(&in);
}

/* Other plists, JSON and the ProfileCreator manifest are not Zoom policies. */
static void test_detection(void **state)
{
	struct tt_fx *f = *state;
	char buf[4096], *manifest;
	size_t len;

	snprintf(buf, sizeof(buf), "%s%s%s", head,
		 "<key>HomePage</key><string>https://zoom.us/</string>\n"
		 "<key>Comment</key><string>see &lt;key&gt;zDisableCMR</string>\n", tail);
	assert_int_equal(detect("com.apple.Safari.plist", NULL, buf), 0);
	tt_put(f, "/o/com.apple.Safari.plist", buf);
	scan(f, "", "/o/com.apple.Safari.plist");
	assert_non_null(tt_diag(f, "com.apple.Safari.plist", "not a recognised export"));
	assert_null(source_kind(f, "com.apple.Safari.plist"));
	/* named as Zoom's, it is read and found to hold no Zoom policy */
	scan(f, "zoom:", "/o/com.apple.Safari.plist");
	assert_non_null(tt_diag(f, "com.apple.Safari.plist",
				"none of the Zoom policy keys vcaudit reads"));
	assert_int_equal(f->ctx.facts.n, 0);

	/* JSON with Zoom's key names is not a plist */
	assert_int_equal(detect("us.zoom.config.plist", "zoom",
				"{\"zDisableLocalRecord\": true, \"x\": \"<plist>\"}"), 0);
	assert_int_equal(detect("a.json", NULL, "[{\"PayloadType\": \"us.zoom.config\"}]"), 0);
	/* the key names in a manifest are strings, not keys */
	manifest = vc_test_corpus_file("zoom", "profilemanifests-us.zoom.config.manifest.plist",
				       &len);
	if (len > VC_INPUT_HEAD)
		manifest[VC_INPUT_HEAD] = 0;
	assert_int_equal(detect("us.zoom.config.manifest.plist", NULL, manifest), 0);
	free(manifest);
	/* a Zoom payload or a Zoom key in the head is enough; the name helps */
	snprintf(buf, sizeof(buf), "%s<key>PayloadType</key>\n  <string>us.zoom.config</string>%s",
		 head, tail);
	assert_true(detect("x.plist", NULL, buf) > 50);
	snprintf(buf, sizeof(buf), "%s<key>zdisablecmr</key><true/>%s", head, tail);
	assert_true(detect("x.plist", NULL, buf) > 50);
	snprintf(buf, sizeof(buf), "%s<key>Other</key><true/>%s", head, tail);
	assert_true(detect("us.zoom.config.plist", NULL, buf) > 0);
	assert_true(detect("Wifi.mobileconfig", NULL, buf) > 0);
	assert_int_equal(detect("other.plist", NULL, buf), 0);
}

/* A profile without a Zoom payload, claimed by its name, says so. */
static void test_profile_without_zoom(void **state)
{
	struct tt_fx *f = *state;

	put_plist(f, "/Wifi.mobileconfig",
		  "<key>PayloadContent</key><array><dict>\n"
		  "<key>PayloadType</key><string>com.apple.wifi.managed</string>\n"
		  "</dict></array>\n");
	scan(f, "", "/Wifi.mobileconfig");
	assert_non_null(tt_diag(f, "Wifi.mobileconfig", "without a us.zoom.config payload"));
	assert_int_equal(f->ctx.facts.n, 0);
	assert_false(tt_has_error(f, "zoom", "host", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_plist, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_binary_plist, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_mobileconfig, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_mcx_profile, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_package_recommend_defaults, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_entity_refused, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_detection, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_profile_without_zoom, setup, tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
