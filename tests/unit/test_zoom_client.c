/* Zoom client scanner: zoomus.conf, policy plists, precedence, installs. */
#include "testtree.h"

#include <plist/plist.h>

extern const struct vc_scanner_entry vc_scanner_zoom_client;

static const char plist_head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
	"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
	"<plist version=\"1.0\">\n<dict>\n";
static const char plist_tail[] = "</dict>\n</plist>\n";

/* ---- tree helpers ---- */

/* A plist whose dict body is `body`. */
static void put_plist(struct tt_fx *f, const char *rel, const char *body)
{
	char buf[8192];

	snprintf(buf, sizeof(buf), "%s%s%s", plist_head, body, plist_tail);
	tt_put(f, rel, buf);
}

static void put_corpus(struct tt_fx *f, const char *rel, const char *name)
{
	char path[4096];
	size_t len;
	char *data;

	snprintf(path, sizeof(path), "%s/zoom/%s", vc_test_corpus(), name);
	data = vc_test_slurp(path, &len);
	tt_put_bytes(f, rel, data, len);
	free(data);
}

static int setup(void **state)
{
	*state = tt_new("/tmp", "vc-zoom");
	return 0;
}

/* Open the root, find homes, run the Zoom scanner. */
static void run(struct tt_fx *f)
{
	tt_scan_homes(f, "zoom-client-test-key", 0);
	assert_int_equal(vc_scanner_zoom_client.scan(&f->ctx), 0);
}

static const struct vc_fact *fact(struct tt_fx *f, const char *scope, const char *key)
{
	return vc_fact_find(&f->ctx.facts, "zoom", scope, key);
}

static const struct vc_fact *must(struct tt_fx *f, const char *scope, const char *key)
{
	const struct vc_fact *x = fact(f, scope, key);

	if (!x)
		fail_msg("fact zoom/%s/%s missing", scope, key);
	return x;
}

static void assert_bool_fact(struct tt_fx *f, const char *scope, const char *key, int want)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_boolean(x->value));
	assert_int_equal(json_is_true(x->value), want);
}

static void assert_str_fact(struct tt_fx *f, const char *scope, const char *key,
			    const char *want)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_string(x->value));
	assert_string_equal(json_string_value(x->value), want);
}

/* Everything a report would print from the scan: facts, diagnostics, sources. */
static char *everything(struct tt_fx *f)
{
	return tt_dump(tt_report_json(f));
}

static int in_list(const json_t *list, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

/* ---- tests ---- */

/* The corpus zoomus.conf: weak TLS setting with its line, and no identities. */
static void test_zoomus_conf_corpus(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	const char *alice;
	char *all;

	put_corpus(f, "/home/alice/.config/zoomus.conf", "zoomus.conf-ai-environment");
	run(f);
	alice = tt_scope(f, "/home/alice");

	assert_bool_fact(f, alice, "product.installed", 1);
	assert_bool_fact(f, "host", "product.installed", 1);
	assert_bool_fact(f, alice, "encryption.transport_required", 0);
	x = must(f, alice, "encryption.transport_required");
	/* blockUntrustedSSLCert=false is on line 8 of the corpus file */
	assert_int_equal(x->line, 8);
	assert_non_null(strstr(x->source, "/.config/zoomus.conf"));
	assert_null(strstr(x->source, "alice"));
	assert_non_null(x->sha256);
	assert_int_equal(strlen(x->sha256), 64);

	/* forceSSOURL= is empty: no claim about the login method */
	assert_null(fact(f, alice, "access.authentication"));
	/* nothing in the file says anything about recording */
	assert_null(fact(f, alice, "recording.local.allowed"));
	assert_null(fact(f, alice, "update.auto"));

	/* Linux: always ~/Documents/Zoom, marked as the default */
	x = must(f, alice, "recording.local.path");
	assert_string_equal(x->source, "default");
	assert_int_equal(x->line, 0);
	assert_null(x->sha256);
	assert_string_equal(x->local_path, "/home/alice/Documents/Zoom");
	assert_null(strstr(json_string_value(x->value), "alice"));
	assert_non_null(strstr(json_string_value(x->value), "/Documents/Zoom"));

	all = everything(f);
	assert_null(strstr(all, "evilmartians"));
	assert_null(strstr(all, "ai@"));
	assert_null(strstr(all, "08:71:90"));
	assert_null(strstr(all, "alice"));
	free(all);
}

/* Machine-wide plist from the corpus: SSO enforced, RecordPath only a default. */
static void test_machine_plist_corpus(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x, *rec;
	const char *bob;
	char want[256];

	put_corpus(f, "/Library/Preferences/us.zoom.config.plist",
		   "us.zoom.config.plist-parkerbxyz");
	tt_mkdir(f, "/Users/bob");
	run(f);
	bob = tt_scope(f, "/Users/bob");

	/* enforced: ZAutoSSOLogin <true/> on line 30 */
	assert_str_fact(f, bob, "access.authentication", "sso");
	x = must(f, bob, "access.authentication");
	assert_int_equal(x->line, 30);
	assert_string_equal(x->source, "/Library/Preferences/us.zoom.config.plist");
	assert_str_fact(f, "host", "access.authentication", "sso");

	/* recordpath inside PackageRecommend: $HOME expanded, reported as a default */
	x = must(f, bob, "recording.local.path");
	snprintf(want, sizeof(want), "/Users/%s/Downloads", bob + strlen("user:"));
	assert_string_equal(json_string_value(x->value), want);
	assert_string_equal(x->local_path, "/Users/bob/Downloads");
	assert_int_equal(x->line, 19);
	rec = must(f, bob, "policy.recommend_only");
	assert_true(in_list(rec->value, "recording.local.path"));
	assert_false(in_list(rec->value, "access.authentication"));

	/* the host set cannot expand $HOME: no path there, and no complaint */
	assert_null(fact(f, "host", "recording.local.path"));
	assert_int_equal(f->ctx.diags.n, 0);
	assert_bool_fact(f, bob, "product.installed", 1);
}

/* <string>YES</string> is a true boolean for Zoom; user plist, macOS home. */
static void test_string_yes_disables_local_recording(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	const char *carol;

	put_plist(f, "/Library/Managed Preferences/us.zoom.config.plist",
		  "<key>zDisableCMR</key><true/>\n");
	put_plist(f, "/Users/carol/Library/Preferences/us.zoom.config.plist",
		  "\t<key>zDisableLocalRecord</key>\n\t<string>YES</string>\n"
		  "\t<key>SomeFutureKey</key>\n\t<string>whatever</string>\n"
		  "\t<key>zdisablechat</key>\n\t<integer>1</integer>\n");
	run(f);
	carol = tt_scope(f, "/Users/carol");

	assert_bool_fact(f, carol, "recording.local.allowed", 0);
	x = must(f, carol, "recording.local.allowed");
	assert_int_equal(x->line, 5);
	assert_bool_fact(f, carol, "chat.save_local", 0);
	/* no RecordPath: the default, marked as such */
	x = must(f, carol, "recording.local.path");
	assert_string_equal(x->source, "default");
	assert_string_equal(x->local_path, "/Users/carol/Documents/Zoom");
	assert_int_equal(json_array_size(must(f, carol, "policy.recommend_only")->value), 0);
	/* the host set has no home, so no default path */
	assert_bool_fact(f, "host", "recording.cloud.allowed", 0);
	assert_null(fact(f, "host", "recording.local.path"));
	/* the unknown key produced nothing, not even a diagnostic */
	assert_int_equal(f->ctx.diags.n, 0);
}

/* A binary plist is read like an XML one (no lines). */
static void test_binary_plist(void **state)
{
	struct tt_fx *f = *state;
	plist_t d = plist_new_dict(), pr = plist_new_dict();
	const struct vc_fact *x;
	const char *dan;
	char *bin = NULL;
	uint32_t len = 0;
	char want[256];

	plist_dict_set_item(d, "zDisableCMR", plist_new_bool(1));
	plist_dict_set_item(d, "RecordPath", plist_new_string("~/Movies/Zoom Recordings"));
	plist_dict_set_item(d, "AU2_EnableAutoUpdate", plist_new_bool(0));
	plist_dict_set_item(pr, "zDisableLocalRecord", plist_new_bool(1));
	plist_dict_set_item(d, "PackageRecommend", pr);
	plist_to_bin(d, &bin, &len);
	assert_non_null(bin);
	tt_put_bytes(f, "/Users/dan/Library/Preferences/us.zoom.config.plist", bin, len);
	plist_to_bin_free(bin);
	plist_free(d);
	run(f);
	dan = tt_scope(f, "/Users/dan");

	assert_bool_fact(f, dan, "recording.cloud.allowed", 0);
	assert_int_equal(must(f, dan, "recording.cloud.allowed")->line, 0);
	assert_bool_fact(f, dan, "update.auto", 0);
	assert_bool_fact(f, dan, "recording.local.allowed", 0);
	assert_true(in_list(must(f, dan, "policy.recommend_only")->value,
			    "recording.local.allowed"));
	assert_false(in_list(must(f, dan, "policy.recommend_only")->value,
			     "recording.cloud.allowed"));
	x = must(f, dan, "recording.local.path");
	snprintf(want, sizeof(want), "/Users/%s/Movies/Zoom Recordings", dan + 5);
	assert_string_equal(json_string_value(x->value), want);
	assert_string_equal(x->local_path, "/Users/dan/Movies/Zoom Recordings");
}

/* Managed > machine > user; an enforced value beats any PackageRecommend one. */
static void test_precedence(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	const char *erin, *finn;
	char *all;

	/* erin's own plist allows everything */
	put_plist(f, "/Users/erin/Library/Preferences/us.zoom.config.plist",
		  "<key>zDisableLocalRecord</key><false/>\n"
		  "<key>zDisableCMR</key><false/>\n"
		  "<key>RecordPath</key><string>~/Dropbox/Zoom</string>\n"
		  "<key>PackageRecommend</key><dict>\n"
		  "<key>zDisableChat</key><false/>\n"
		  "<key>BlockUntrustedSSLCert</key><false/>\n"
		  "</dict>\n");
	tt_mkdir(f, "/Users/finn");
	/* machine-wide: cloud recording off only as a default; updates on */
	put_plist(f, "/Library/Preferences/us.zoom.config.plist",
		  "<key>AU2_EnableAutoUpdate</key><true/>\n"
		  "<key>zDisableChat</key><true/>\n"
		  "<key>BlockUntrustedSSLCert</key><true/>\n"
		  "<key>PackageRecommend</key>\n<dict>\n"
		  "<key>zDisableCMR</key><true/>\n"
		  "<key>RecordPath</key><string>/Volumes/Secure/Zoom</string>\n"
		  "</dict>\n");
	/* MDM for the machine: local recording off */
	put_plist(f, "/Library/Managed Preferences/us.zoom.config.plist",
		  "<key>ZDISABLELOCALRECORD</key><string>1</string>\n");
	/* MDM for erin only: no auto-update */
	put_plist(f, "/Library/Managed Preferences/erin/us.zoom.config.plist",
		  "<key>au2_enableautoupdate</key><false/>\n");
	run(f);
	erin = tt_scope(f, "/Users/erin");
	finn = tt_scope(f, "/Users/finn");

	/* managed (machine) beats erin's own enforced false */
	assert_bool_fact(f, erin, "recording.local.allowed", 0);
	x = must(f, erin, "recording.local.allowed");
	assert_string_equal(x->source, "/Library/Managed Preferences/us.zoom.config.plist");
	/* erin's enforced zDisableCMR=false beats the machine's recommendation */
	assert_bool_fact(f, erin, "recording.cloud.allowed", 1);
	assert_false(in_list(must(f, erin, "policy.recommend_only")->value,
			     "recording.cloud.allowed"));
	/* ... and her enforced RecordPath beats the recommended one */
	assert_string_equal(must(f, erin, "recording.local.path")->local_path,
			    "/Users/erin/Dropbox/Zoom");
	/* a default in erin's own plist never overrides the machine's enforced keys */
	assert_bool_fact(f, erin, "chat.save_local", 0);
	assert_bool_fact(f, erin, "encryption.transport_required", 1);
	assert_false(in_list(must(f, erin, "policy.recommend_only")->value,
			     "encryption.transport_required"));
	/* per-user managed beats machine-wide */
	assert_bool_fact(f, erin, "update.auto", 0);
	x = must(f, erin, "update.auto");
	assert_non_null(strstr(x->source, "/Library/Managed Preferences/"));
	assert_null(strstr(x->source, "erin"));

	/* finn has only the machine-wide sets */
	assert_bool_fact(f, finn, "recording.local.allowed", 0);
	assert_bool_fact(f, finn, "recording.cloud.allowed", 0);
	assert_true(in_list(must(f, finn, "policy.recommend_only")->value,
			    "recording.cloud.allowed"));
	assert_true(in_list(must(f, finn, "policy.recommend_only")->value,
			    "recording.local.path"));
	assert_string_equal(must(f, finn, "recording.local.path")->local_path,
			    "/Volumes/Secure/Zoom");
	assert_bool_fact(f, finn, "update.auto", 1);

	/* host scope: machine-wide only */
	assert_bool_fact(f, "host", "recording.local.allowed", 0);
	assert_bool_fact(f, "host", "update.auto", 1);
	assert_string_equal(must(f, "host", "recording.local.path")->local_path,
			    "/Volumes/Secure/Zoom");

	all = everything(f);
	assert_null(strstr(all, "erin"));
	free(all);
}

/* Broken files: a diagnostic with path and line, an error, other homes go on. */
static void test_corrupt_files(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;
	const char *alice, *bob, *dave;
	char *trunc, path[4096];
	size_t len;

	tt_put(f, "/home/alice/.config/zoomus.conf",
	       "[General]\nenableLog=true\nthis line has no equals sign\n"
	       "blockUntrustedSSLCert=false\n");
	tt_put(f, "/home/bob/.var/app/us.zoom.Zoom/config/zoomus.conf",
	       "[General]\nblockUntrustedSSLCert=true\nDisableCertPin=true\n");
	snprintf(path, sizeof(path), "%s/zoom/%s", vc_test_corpus(),
		 "us.zoom.config.plist-parkerbxyz");
	trunc = vc_test_slurp(path, &len);
	tt_put_bytes(f, "/Users/dave/Library/Preferences/us.zoom.config.plist", trunc, len / 2);
	free(trunc);
	run(f);
	alice = tt_scope(f, "/home/alice");
	bob = tt_scope(f, "/home/bob");
	dave = tt_scope(f, "/Users/dave");

	d = tt_diag(f, "/.config/zoomus.conf", NULL);
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_null(strstr(d->source, "alice"));
	assert_true(tt_has_error(f, "zoom", alice, "/.config/zoomus.conf"));
	/* nothing from the broken file is used, but Zoom is there */
	assert_null(fact(f, alice, "encryption.transport_required"));
	assert_bool_fact(f, alice, "product.installed", 1);

	d = tt_diag(f, "/Library/Preferences/us.zoom.config.plist", NULL);
	assert_non_null(d);
	/* the parser's line is the diagnostic's line, not part of its message */
	assert_int_equal(d->line, 16);
	assert_string_equal(d->message,
			    "malformed plist, file ignored: unterminated tag (truncated file?)");
	assert_true(tt_has_error(f, "zoom", dave, "us.zoom.config.plist"));
	assert_null(fact(f, dave, "access.authentication"));

	/* bob (Flatpak) is still scanned: pinning off weakens TLS */
	assert_bool_fact(f, bob, "encryption.transport_required", 0);
	assert_int_equal(must(f, bob, "encryption.transport_required")->line, 3);
	assert_false(tt_has_error(f, "zoom", bob, "zoomus.conf"));
}

/* Bad booleans, secrets, login domain, third-party storage, versions. */
static void test_values_and_secrets(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;
	const struct vc_fact *x;
	const char *gus, *hal;
	char *all;

	tt_put(f, "/opt/zoom/version.txt", "6.2.5.2440\n");
	put_plist(f, "/Library/Preferences/us.zoom.config.plist",
		  "<key>PackageRecommend</key><dict>\n"
		  "<key>RecordPath</key><string>/srv/zoom</string>\n"
		  "</dict>\n");
	tt_put(f, "/home/gus/.config/zoomus.conf",
	       "[General]\nblockUntrustedSSLCert=maybe\nZAutoUpdate=true\n"
	       "userEmailAddress=gus@example.org\n");
	put_plist(f, "/Users/hal/Library/Preferences/us.zoom.config.plist",
		  "<key>SetEnrollToken4CloudMDM</key><string>SECRET-TOKEN-123</string>\n"
		  "<key>Login_Domain</key><string>example.org</string>\n"
		  "<key>DisableMeeting3rdPartyFileStorage</key><false/>\n"
		  "<key>EnableSilentAutoUpdate</key><string>no</string>\n"
		  "<key>RecordPath</key><string>Zoom</string>\n");
	tt_put(f, "/home/ned/.config/zoomus.conf",
	       "[General]\nforceSSOURL=\"\"\nAU2_EnableAutoUpdate=true\n"
	       "EnableSilentAutoUpdate=false\nSetEnrollToken4CloudMDM=\n");
	run(f);
	gus = tt_scope(f, "/home/gus");
	hal = tt_scope(f, "/Users/hal");

	assert_str_fact(f, "host", "product.version", "6.2.5.2440");
	assert_string_equal(must(f, "host", "product.version")->source, "/opt/zoom/version.txt");

	/* "maybe" is no boolean: a diagnostic on its line, no fact */
	d = tt_diag(f, "/.config/zoomus.conf", NULL);
	assert_non_null(d);
	assert_int_equal(d->line, 2);
	assert_null(fact(f, gus, "encryption.transport_required"));
	/* ZAutoUpdate alone says nothing about automatic updates */
	assert_null(fact(f, gus, "update.auto"));
	/* gus runs the Linux client: the default path whatever a plist says */
	assert_string_equal(must(f, gus, "recording.local.path")->local_path,
			    "/home/gus/Documents/Zoom");

	/* ned: a quoted empty SSO URL is no SSO; AU2 is the master switch; empty token */
	assert_null(fact(f, tt_scope(f, "/home/ned"), "access.authentication"));
	assert_bool_fact(f, tt_scope(f, "/home/ned"), "update.auto", 1);
	assert_int_equal(must(f, tt_scope(f, "/home/ned"), "update.auto")->line, 3);
	assert_bool_fact(f, tt_scope(f, "/home/ned"), "secrets.zdm_token_set", 0);

	assert_bool_fact(f, hal, "secrets.zdm_token_set", 1);
	assert_str_fact(f, hal, "access.authentication", "domain");
	x = must(f, hal, "storage.thirdparty");
	assert_true(json_is_array(x->value));
	assert_true(in_list(x->value, "zoom-chat-3rd-party-storage"));
	assert_bool_fact(f, hal, "update.auto", 0);
	/* a relative RecordPath names no place: diagnostic, no fact */
	assert_null(fact(f, hal, "recording.local.path"));
	d = tt_diag(f, "/Library/Preferences/us.zoom.config.plist", NULL);
	assert_non_null(d);
	assert_non_null(strstr(d->source, "/Users/"));
	assert_int_equal(d->line, 9);

	all = everything(f);
	assert_null(strstr(all, "SECRET-TOKEN"));
	assert_null(strstr(all, "gus@"));
	free(all);
}

/* Nothing anywhere: product.installed=false at host, nothing else. */
static void test_nothing_installed(void **state)
{
	struct tt_fx *f = *state;
	const char *ivy;
	size_t i;

	tt_mkdir(f, "/home/ivy/Documents");
	tt_put(f, "/home/ivy/.config/other.conf", "[General]\nx=1\n");
	run(f);
	ivy = tt_scope(f, "/home/ivy");

	assert_bool_fact(f, "host", "product.installed", 0);
	assert_null(fact(f, ivy, "product.installed"));
	for (i = 0; i < f->ctx.facts.n; i++)
		if (!strcmp(f->ctx.facts.v[i].product, "zoom"))
			assert_string_equal(f->ctx.facts.v[i].key, "product.installed");
	assert_int_equal(f->ctx.diags.n, 0);
}

/* Zoom in one home only: the others say false so host=true does not leak to them. */
static void test_installed_per_home(void **state)
{
	struct tt_fx *f = *state;

	tt_mkdir(f, "/home/jo/.zoom/logs");
	tt_mkdir(f, "/home/kim");
	run(f);
	assert_bool_fact(f, tt_scope(f, "/home/jo"), "product.installed", 1);
	assert_bool_fact(f, tt_scope(f, "/home/kim"), "product.installed", 0);
	assert_bool_fact(f, "host", "product.installed", 1);
	assert_non_null(strstr(must(f, "host", "product.installed")->source, "/.zoom"));
	assert_null(fact(f, tt_scope(f, "/home/kim"), "recording.local.path"));
}

/* A FIFO where a config should be: never opened, reported, scan goes on. */
static void test_fifo_config(void **state)
{
	struct tt_fx *f = *state;

	tt_fifo(f, "/home/lee/.config/zoomus.conf");
	tt_put(f, "/home/max/.config/zoomus.conf",
	       "[General]\nblockUntrustedSSLCert=true\n"
	       "[chat.recent]\nblockUntrustedSSLCert=false\n");
	run(f);
	assert_true(tt_has_error(f, "zoom", tt_scope(f, "/home/lee"), "zoomus.conf"));
	assert_bool_fact(f, tt_scope(f, "/home/max"), "encryption.transport_required", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_zoomus_conf_corpus, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_machine_plist_corpus, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_string_yes_disables_local_recording,
						setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_binary_plist, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_precedence, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_files, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_values_and_secrets, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_nothing_installed, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_installed_per_home, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_fifo_config, setup, tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
