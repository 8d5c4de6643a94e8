/* The evidence bundle: redactor, manifest, writer (report/bundle.c). */
#include <unistd.h>
#include "testutil.h"
#include "report/bundle.h"

static struct vc_pseudo P;

/* Redact `in`; caller frees. */
static char *redact(const char *in)
{
	struct vc_buf out = VC_BUF_INIT(0);

	assert_int_equal(vc_redact_config(&out, in, strlen(in), &P), 0);
	return vc_buf_detach(&out);
}

static void expect_redacted(const char *in, const char *expected)
{
	char *got = redact(in);

	assert_string_equal(got, expected);
	free(got);
}

static void test_key_value(void **state)
{
	expect_redacted("securitySalt=\n", "securitySalt=<empty>\n");
	expect_redacted("securitySalt=8a3f0c\n", "securitySalt=<set>\n");
	expect_redacted("keyboardLayout=us\n", "keyboardLayout=us\n");
	expect_redacted("JVB_AUTH_PASSWORD=hunter2\r\n", "JVB_AUTH_PASSWORD=<set>\r\n");
	expect_redacted("export API_KEY='abc'\n", "export API_KEY='<set>'\n");
	expect_redacted("#JIGASI_SIP_PASSWORD=old\n", "#JIGASI_SIP_PASSWORD=<set>\n");
	expect_redacted("component_secret = \"s3cr3t\";\n", "component_secret = \"<set>\";\n");
	expect_redacted("enableLog=true\nlogLevel=info\n", "enableLog=true\nlogLevel=info\n");
	/* "auth" alone is not a secret; with password it is */
	expect_redacted("authentication=jwt\n", "authentication=jwt\n");
	expect_redacted("authPassword=x\n", "authPassword=<set>\n");
	/* docker-jitsi-meet's LDAP bind password, other "pw"/"pwd" keys */
	expect_redacted("LDAP_BINDPW=x\n", "LDAP_BINDPW=<set>\n");
	expect_redacted("smtp.pw = x\n", "smtp.pw = <set>\n");
	expect_redacted("DB_PWD=x\n", "DB_PWD=<set>\n");
	expect_redacted("PW=x\n", "PW=<set>\n");
	expect_redacted("ANSWER_PATHWAY=x\n", "ANSWER_PATHWAY=x\n");
	/* a properties value continued on the next line goes with it */
	expect_redacted("securitySalt=abc\\\n  def\nnext=1\n", "securitySalt=<set>\nnext=1\n");
}

static void test_yaml_and_json(void **state)
{
	char *s;

	expect_redacted("  sharedSecret: abc\n", "  sharedSecret: <set>\n");
	expect_redacted("  apiKey:\n", "  apiKey: <empty>\n");
	expect_redacted("url: https://x.example/a:b\n", "url: https://x.example/a:b\n");
	expect_redacted("  \"password\": \"x\",\n", "  \"password\": \"<set>\",\n");
	expect_redacted("{\"token\": \"\", \"n\": 1}\n", "{\"token\": \"<empty>\", \"n\": 1}\n");
	expect_redacted("{\"keys\": [\"a\", \"b\"], \"n\": 1}\n",
			"{\"keys\": \"<set>\", \"n\": 1}\n");
	/* a flag is a setting; a number may be a PIN */
	expect_redacted("\"requirePassword\": true,\n", "\"requirePassword\": true,\n");
	expect_redacted("\"passcode\": 123456,\n", "\"passcode\": \"<set>\",\n");
	/* a block scalar and a multi-line object go whole */
	expect_redacted("secret: |\n  line1\n  line2\nother: 1\n", "secret: <set>\nother: 1\n");
	expect_redacted("\"privateKeys\": [\n \"a\",\n \"b\"\n],\n\"x\": 1\n",
			"\"privateKeys\": \"<set>\"\n,\n\"x\": 1\n");
	/* a PEM private key anywhere */
	s = redact("a=1\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"
		   "b=2\n");
	assert_null(strstr(s, "MIIE"));
	assert_non_null(strstr(s, "b=2"));
	free(s);
}

static void test_identities(void **state)
{
	char *s = redact("userEmailAddress=alice@example.org\nnote: mail bob@example.com now\n"
			 "\"path\": \"/home/alice/Dropbox\"\nuser: carol\n");

	assert_null(strstr(s, "alice"));
	assert_null(strstr(s, "bob@"));
	assert_null(strstr(s, "carol"));
	assert_non_null(strstr(s, "userEmailAddress=email-"));
	assert_non_null(strstr(s, "/home/user-"));
	assert_non_null(strstr(s, "/Dropbox"));
	free(s);
	/* not identities */
	expect_redacted("embeddedBrowserForSSOLogin=false\n", "embeddedBrowserForSSOLogin=false\n");
}

/* The published corpus files: their secrets and addresses never survive. */
static void test_corpus(void **state)
{
	char path[4096], *text, *s, *salt, *nl;
	size_t len;

	snprintf(path, sizeof(path), "%s/bigbluebutton/bbb-web.properties-override-wlgrbbb",
		 vc_test_corpus());
	text = vc_test_slurp(path, &len);
	salt = strstr(text, "securitySalt=");
	assert_non_null(salt);
	salt = strdup(salt + strlen("securitySalt="));
	nl = strpbrk(salt, "\r\n");
	if (nl)
		*nl = 0;
	assert_true(strlen(salt) > 8);
	s = redact(text);
	assert_null(strstr(s, salt));
	assert_non_null(strstr(s, "securitySalt=<set>"));
	free(s);
	free(salt);
	free(text);

	text = vc_test_slurp("fixtures/hosts/dropbox-zoom/home/alice/.config/zoomus.conf", &len);
	s = redact(text);
	assert_non_null(strstr(text, "alice@example.org"));
	assert_null(strstr(s, "alice@example.org"));
	assert_non_null(strstr(s, "blockUntrustedSSLCert=false"));
	free(s);
	free(text);
}

static void test_manifest(void **state)
{
	struct vc_bundle b = { 0 };
	struct vc_buf m = VC_BUF_INIT(0);
	struct vc_manifest_entry *e = NULL;
	size_t n = 0, bad = 0;

	assert_int_equal(vc_bundle_add(&b, "report.txt", "b", 1), 0);
	assert_int_equal(vc_bundle_add(&b, "facts.json", "", 0), 0);
	assert_int_equal(vc_bundle_add(&b, "facts.json", "x", 1), VC_ERROR);
	assert_int_equal(vc_bundle_add(&b, "../x", "x", 1), VC_ERROR);
	assert_int_equal(vc_bundle_add(&b, "/abs", "x", 1), VC_ERROR);
	assert_int_equal(vc_bundle_add(&b, VC_BUNDLE_MANIFEST, "x", 1), VC_ERROR);
	assert_int_equal(vc_bundle_manifest(&m, &b), 0);
	/* sha256sum format, sorted by name */
	assert_string_equal(m.ptr,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  facts.json\n"
		"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  report.txt\n");
	assert_int_equal(vc_manifest_parse(&e, &n, m.ptr, m.size, &bad), 0);
	assert_int_equal(n, 2);
	assert_string_equal(e[1].name, "report.txt");
	assert_string_equal(e[1].sha, "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d");
	vc_manifest_free(e, n);
	/* damaged: upper-case hex, one space, duplicate, no final newline */
	assert_int_equal(vc_manifest_parse(&e, &n, "E3B0  x\n", 8, &bad), VC_EPARSE);
	vc_manifest_free(e, n);
	m.ptr[0] = 'E';
	assert_int_equal(vc_manifest_parse(&e, &n, m.ptr, m.size, &bad), VC_EPARSE);
	assert_int_equal(bad, 1);
	vc_manifest_free(e, n);
	m.ptr[0] = 'e';
	assert_int_equal(vc_manifest_parse(&e, &n, m.ptr, m.size - 1, &bad), VC_EPARSE);
	assert_int_equal(bad, 2);
	vc_manifest_free(e, n);
	vc_buf_free(&m);
	vc_bundle_free(&b);
	vc_bundle_free(NULL);
}

static void test_format_and_write(void **state)
{
	struct vc_bundle b = { 0 };
	char dir[] = "/tmp/vc-bundle-XXXXXX", path[64], cmd[256];

	assert_int_equal(vc_bundle_format_of("a.tar.gz"), VC_BUNDLE_TGZ);
	assert_int_equal(vc_bundle_format_of("a.zip"), VC_BUNDLE_ZIP);
	assert_int_equal(vc_bundle_format_of("a.tar"), VC_BUNDLE_NONE);
	assert_int_equal(vc_bundle_format_of("zip"), VC_BUNDLE_NONE);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/b.tar.gz", dir);
	assert_int_equal(vc_bundle_add(&b, "report.txt", "b", 1), 0);
	assert_int_equal(vc_bundle_write(path, VC_BUNDLE_TGZ, &b, 1795600000), 0);
	/* MANIFEST.sha256 first by name, then the members */
	snprintf(cmd, sizeof(cmd), "tar -tzf %s | tr '\\n' ' ' | grep -qx "
		 "'MANIFEST.sha256 report.txt '", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
	rmdir(dir);
	vc_bundle_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_value),
		cmocka_unit_test(test_yaml_and_json),
		cmocka_unit_test(test_identities),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_manifest),
		cmocka_unit_test(test_format_and_write),
	};

	if (vc_pseudo_init(&P, "unit-test-key", 0) < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
