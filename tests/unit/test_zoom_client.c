/* Zoom client scanner: zoomus.conf, policy plists, precedence, installs. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include <plist/plist.h>

#include "scanners/scanner.h"
#include "scanners/scan_util.h"

extern const struct vc_scanner_entry vc_scanner_homes;
extern const struct vc_scanner_entry vc_scanner_zoom_client;

static const char plist_head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
	"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
	"<plist version=\"1.0\">\n<dict>\n";
static const char plist_tail[] = "</dict>\n</plist>\n";

struct fx {
	char dir[64];
	struct vc_scan_ctx ctx;
};

/* ---- tree helpers ---- */

static void mkdirs(const char *path)
{
	char tmp[4096];
	char *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = 0;
			if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
				fail_msg("mkdir %s: %s", tmp, strerror(errno));
			*p = '/';
		}
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", tmp, strerror(errno));
}

static void put_bytes(struct fx *f, const char *rel, const void *data, size_t len)
{
	char path[4096], dir[4096];
	char *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s%s", f->dir, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = 0;
	mkdirs(dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static void put(struct fx *f, const char *rel, const char *text)
{
	put_bytes(f, rel, text, strlen(text));
}

/* A plist whose dict body is `body`. */
static void put_plist(struct fx *f, const char *rel, const char *body)
{
	char buf[8192];

	snprintf(buf, sizeof(buf), "%s%s%s", plist_head, body, plist_tail);
	put(f, rel, buf);
}

static void put_corpus(struct fx *f, const char *rel, const char *name)
{
	char path[4096];
	size_t len;
	char *data;

	snprintf(path, sizeof(path), "%s/zoom/%s", vc_test_corpus(), name);
	data = vc_test_slurp(path, &len);
	put_bytes(f, rel, data, len);
	free(data);
}

static void mkhome(struct fx *f, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s%s", f->dir, rel);
	mkdirs(path);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/vc-zoom-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	vc_scan_ctx_free(&f->ctx);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* Open the root, find homes, run the Zoom scanner. */
static void run(struct fx *f)
{
	struct vc_scan_ctx *ctx = &f->ctx;

	assert_int_equal(vc_root_open(&ctx->root, f->dir), 0);
	assert_int_equal(vc_pseudo_init(&ctx->pseudo, "zoom-client-test-key", 0), 0);
	ctx->now = 1790000000;
	ctx->file_max = VC_FILE_MAX_DEFAULT;
	ctx->sources = json_array();
	assert_int_equal(vc_scanner_homes.scan(ctx), 0);
	assert_int_equal(vc_scanner_zoom_client.scan(ctx), 0);
}

static const char *scope_of(struct fx *f, const char *home)
{
	size_t i;

	for (i = 0; i < f->ctx.nhomes; i++)
		if (!strcmp(f->ctx.homes[i].path, home))
			return f->ctx.homes[i].scope;
	fail_msg("home %s not registered", home);
	return NULL;
}

static const struct vc_fact *fact(struct fx *f, const char *scope, const char *key)
{
	return vc_fact_find(&f->ctx.facts, "zoom", scope, key);
}

static const struct vc_fact *must(struct fx *f, const char *scope, const char *key)
{
	const struct vc_fact *x = fact(f, scope, key);

	if (!x)
		fail_msg("fact zoom/%s/%s missing", scope, key);
	return x;
}

static void assert_bool_fact(struct fx *f, const char *scope, const char *key, int want)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_boolean(x->value));
	assert_int_equal(json_is_true(x->value), want);
}

static void assert_str_fact(struct fx *f, const char *scope, const char *key,
			    const char *want)
{
	const struct vc_fact *x = must(f, scope, key);

	assert_true(json_is_string(x->value));
	assert_string_equal(json_string_value(x->value), want);
}

/* Everything a report would print from the scan: facts, diagnostics, sources. */
static char *everything(struct fx *f)
{
	json_t *all = json_object(), *diags = json_array();
	size_t i;
	char *s;

	for (i = 0; i < f->ctx.diags.n; i++)
		json_array_append_new(diags, json_pack("{s:s?, s:s?, s:i, s:s}",
						       "product", f->ctx.diags.v[i].product,
						       "source", f->ctx.diags.v[i].source,
						       "line", f->ctx.diags.v[i].line,
						       "message", f->ctx.diags.v[i].message));
	json_object_set_new(all, "facts", vc_factset_to_json(&f->ctx.facts));
	json_object_set_new(all, "diagnostics", diags);
	json_object_set(all, "sources", f->ctx.sources);
	s = json_dumps(all, JSON_SORT_KEYS);
	json_decref(all);
	assert_non_null(s);
	return s;
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

static const struct vc_diag *diag_for(struct fx *f, const char *source_part)
{
	size_t i;

	for (i = 0; i < f->ctx.diags.n; i++)
		if (f->ctx.diags.v[i].source && strstr(f->ctx.diags.v[i].source, source_part))
			return &f->ctx.diags.v[i];
	return NULL;
}

static int has_error(struct fx *f, const char *scope, const char *source_part)
{
	size_t i;

	for (i = 0; i < f->ctx.nerrors; i++)
		if (!strcmp(f->ctx.errors[i].product, "zoom") &&
		    !strcmp(f->ctx.errors[i].scope, scope) &&
		    strstr(f->ctx.errors[i].source, source_part))
			return 1;
	return 0;
}

/* ---- tests ---- */

/* The corpus zoomus.conf: weak TLS setting with its line, and no identities. */
static void test_zoomus_conf_corpus(void **state)
{
	struct fx *f = *state;
	const struct vc_fact *x;
	const char *alice;
	char *all;

	put_corpus(f, "/home/alice/.config/zoomus.conf", "zoomus.conf-ai-environment");
	run(f);
	alice = scope_of(f, "/home/alice");

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
	struct fx *f = *state;
	const struct vc_fact *x, *rec;
	const char *bob;
	char want[256];

	put_corpus(f, "/Library/Preferences/us.zoom.config.plist",
		   "us.zoom.config.plist-parkerbxyz");
	mkhome(f, "/Users/bob");
	run(f);
	bob = scope_of(f, "/Users/bob");

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
	struct fx *f = *state;
	const struct vc_fact *x;
	const char *carol;

	put_plist(f, "/Library/Managed Preferences/us.zoom.config.plist",
		  "<key>zDisableCMR</key><true/>\n");
	put_plist(f, "/Users/carol/Library/Preferences/us.zoom.config.plist",
		  "\t<key>zDisableLocalRecord</key>\n\t<string>YES</string>\n"
		  "\t<key>SomeFutureKey</key>\n\t<string>whatever</string>\n"
		  "\t<key>zdisablechat</key>\n\t<integer>1</integer>\n");
	run(f);
	carol = scope_of(f, "/Users/carol");

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
	struct fx *f = *state;
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
	put_bytes(f, "/Users/dan/Library/Preferences/us.zoom.config.plist", bin, len);
	plist_to_bin_free(bin);
	plist_free(d);
	run(f);
	dan = scope_of(f, "/Users/dan");

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
	struct fx *f = *state;
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
	mkhome(f, "/Users/finn");
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
	erin = scope_of(f, "/Users/erin");
	finn = scope_of(f, "/Users/finn");

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
	struct fx *f = *state;
	const struct vc_diag *d;
	const char *alice, *bob, *dave;
	char *trunc, path[4096];
	size_t len;

	put(f, "/home/alice/.config/zoomus.conf",
	    "[General]\nenableLog=true\nthis line has no equals sign\nblockUntrustedSSLCert=false\n");
	put(f, "/home/bob/.var/app/us.zoom.Zoom/config/zoomus.conf",
	    "[General]\nblockUntrustedSSLCert=true\nDisableCertPin=true\n");
	snprintf(path, sizeof(path), "%s/zoom/%s", vc_test_corpus(),
		 "us.zoom.config.plist-parkerbxyz");
	trunc = vc_test_slurp(path, &len);
	put_bytes(f, "/Users/dave/Library/Preferences/us.zoom.config.plist", trunc, len / 2);
	free(trunc);
	run(f);
	alice = scope_of(f, "/home/alice");
	bob = scope_of(f, "/home/bob");
	dave = scope_of(f, "/Users/dave");

	d = diag_for(f, "/.config/zoomus.conf");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_null(strstr(d->source, "alice"));
	assert_true(has_error(f, alice, "/.config/zoomus.conf"));
	/* nothing from the broken file is used, but Zoom is there */
	assert_null(fact(f, alice, "encryption.transport_required"));
	assert_bool_fact(f, alice, "product.installed", 1);

	d = diag_for(f, "/Library/Preferences/us.zoom.config.plist");
	assert_non_null(d);
	assert_true(has_error(f, dave, "us.zoom.config.plist"));
	assert_null(fact(f, dave, "access.authentication"));

	/* bob (Flatpak) is still scanned: pinning off weakens TLS */
	assert_bool_fact(f, bob, "encryption.transport_required", 0);
	assert_int_equal(must(f, bob, "encryption.transport_required")->line, 3);
	assert_false(has_error(f, bob, "zoomus.conf"));
}

/* Bad booleans, secrets, login domain, third-party storage, versions. */
static void test_values_and_secrets(void **state)
{
	struct fx *f = *state;
	const struct vc_diag *d;
	const struct vc_fact *x;
	const char *gus, *hal;
	char *all;

	put(f, "/opt/zoom/version.txt", "6.2.5.2440\n");
	put_plist(f, "/Library/Preferences/us.zoom.config.plist",
		  "<key>PackageRecommend</key><dict>\n"
		  "<key>RecordPath</key><string>/srv/zoom</string>\n"
		  "</dict>\n");
	put(f, "/home/gus/.config/zoomus.conf",
	    "[General]\nblockUntrustedSSLCert=maybe\nZAutoUpdate=true\n"
	    "userEmailAddress=gus@example.org\n");
	put_plist(f, "/Users/hal/Library/Preferences/us.zoom.config.plist",
		  "<key>SetEnrollToken4CloudMDM</key><string>SECRET-TOKEN-123</string>\n"
		  "<key>Login_Domain</key><string>example.org</string>\n"
		  "<key>DisableMeeting3rdPartyFileStorage</key><false/>\n"
		  "<key>EnableSilentAutoUpdate</key><string>no</string>\n"
		  "<key>RecordPath</key><string>Zoom</string>\n");
	put(f, "/home/ned/.config/zoomus.conf",
	    "[General]\nforceSSOURL=\"\"\nAU2_EnableAutoUpdate=true\n"
	    "EnableSilentAutoUpdate=false\nSetEnrollToken4CloudMDM=\n");
	run(f);
	gus = scope_of(f, "/home/gus");
	hal = scope_of(f, "/Users/hal");

	assert_str_fact(f, "host", "product.version", "6.2.5.2440");
	assert_string_equal(must(f, "host", "product.version")->source, "/opt/zoom/version.txt");

	/* "maybe" is no boolean: a diagnostic on its line, no fact */
	d = diag_for(f, "/.config/zoomus.conf");
	assert_non_null(d);
	assert_int_equal(d->line, 2);
	assert_null(fact(f, gus, "encryption.transport_required"));
	/* ZAutoUpdate alone says nothing about automatic updates */
	assert_null(fact(f, gus, "update.auto"));
	/* gus runs the Linux client: the default path whatever a plist says */
	assert_string_equal(must(f, gus, "recording.local.path")->local_path,
			    "/home/gus/Documents/Zoom");

	/* ned: a quoted empty SSO URL is no SSO; AU2 is the master switch; empty token */
	assert_null(fact(f, scope_of(f, "/home/ned"), "access.authentication"));
	assert_bool_fact(f, scope_of(f, "/home/ned"), "update.auto", 1);
	assert_int_equal(must(f, scope_of(f, "/home/ned"), "update.auto")->line, 3);
	assert_bool_fact(f, scope_of(f, "/home/ned"), "secrets.zdm_token_set", 0);

	assert_bool_fact(f, hal, "secrets.zdm_token_set", 1);
	assert_str_fact(f, hal, "access.authentication", "domain");
	x = must(f, hal, "storage.thirdparty");
	assert_true(json_is_array(x->value));
	assert_true(in_list(x->value, "zoom-chat-3rd-party-storage"));
	assert_bool_fact(f, hal, "update.auto", 0);
	/* a relative RecordPath names no place: diagnostic, no fact */
	assert_null(fact(f, hal, "recording.local.path"));
	d = diag_for(f, "/Library/Preferences/us.zoom.config.plist");
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
	struct fx *f = *state;
	const char *ivy;
	size_t i;

	mkhome(f, "/home/ivy/Documents");
	put(f, "/home/ivy/.config/other.conf", "[General]\nx=1\n");
	run(f);
	ivy = scope_of(f, "/home/ivy");

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
	struct fx *f = *state;

	mkhome(f, "/home/jo/.zoom/logs");
	mkhome(f, "/home/kim");
	run(f);
	assert_bool_fact(f, scope_of(f, "/home/jo"), "product.installed", 1);
	assert_bool_fact(f, scope_of(f, "/home/kim"), "product.installed", 0);
	assert_bool_fact(f, "host", "product.installed", 1);
	assert_non_null(strstr(must(f, "host", "product.installed")->source, "/.zoom"));
	assert_null(fact(f, scope_of(f, "/home/kim"), "recording.local.path"));
}

/* A FIFO where a config should be: never opened, reported, scan goes on. */
static void test_fifo_config(void **state)
{
	struct fx *f = *state;
	char path[4096];

	mkhome(f, "/home/lee/.config");
	snprintf(path, sizeof(path), "%s/home/lee/.config/zoomus.conf", f->dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	put(f, "/home/max/.config/zoomus.conf",
	    "[General]\nblockUntrustedSSLCert=true\n[chat.recent]\nblockUntrustedSSLCert=false\n");
	run(f);
	assert_true(has_error(f, scope_of(f, "/home/lee"), "zoomus.conf"));
	assert_bool_fact(f, scope_of(f, "/home/max"), "encryption.transport_required", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_zoomus_conf_corpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_machine_plist_corpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_string_yes_disables_local_recording,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_plist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_and_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_installed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_installed_per_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_config, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
