/* Homes and cloud-sync scanners on fabricated host trees. */
#include "testtree.h"

#include "core/hash.h"

extern const struct vc_scanner_entry vc_scanner_cloud_sync;

#define KEY "cloud-sync-test-key"

static int setup(void **state)
{
	*state = tt_new("/tmp", "vc-sync");
	return 0;
}

/* Open the root, then the homes and cloud-sync scanners through their entries. */
static void run(struct tt_fx *f)
{
	tt_scan_homes(f, KEY, 0);
	assert_int_equal(vc_scanner_cloud_sync.scan(&f->ctx), 0);
}

/* ---- look-ups ---- */

static const struct vc_sync_folder *folder(struct tt_fx *f, const char *path)
{
	size_t i;

	for (i = 0; i < f->ctx.nsync; i++)
		if (!strcmp(f->ctx.sync[i].path, path))
			return &f->ctx.sync[i];
	return NULL;
}

static const struct vc_sync_folder *must_folder(struct tt_fx *f, const char *path,
						const char *provider)
{
	const struct vc_sync_folder *s = folder(f, path);

	if (!s)
		fail_msg("sync folder %s not registered", path);
	assert_string_equal(s->provider, provider);
	return s;
}

/* sync.providers of a home as "a,b,c". */
static char *providers(struct tt_fx *f, const char *home)
{
	const struct vc_fact *x = vc_fact_find(&f->ctx.facts, "host", tt_scope(f, home),
					       "sync.providers");
	char buf[512] = "";
	size_t i;
	json_t *v;

	if (!x)
		fail_msg("sync.providers missing for %s", home);
	assert_true(json_is_array(x->value));
	json_array_foreach(x->value, i, v) {
		assert_true(json_is_string(v));
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? "," : "",
			 json_string_value(v));
	}
	return strdup(buf);
}

static void assert_providers(struct tt_fx *f, const char *home, const char *want)
{
	char *got = providers(f, home);

	assert_string_equal(got, want);
	free(got);
}

static const struct vc_diag *must_diag(struct tt_fx *f, const char *src, const char *msg)
{
	const struct vc_diag *d = tt_diag(f, src, msg);

	if (!d) {
		size_t i;

		for (i = 0; i < f->ctx.diags.n; i++)
			print_message("diag: %s: %d: %s\n", f->ctx.diags.v[i].source,
				      f->ctx.diags.v[i].line, f->ctx.diags.v[i].message);
		fail_msg("no diagnostic for %s with \"%s\"", src, msg);
	}
	return d;
}

/* Everything a report could print: facts, diagnostics, sources, sync sources. */
static char *everything(struct tt_fx *f)
{
	json_t *all = tt_report_json(f), *s = json_array();
	size_t i;

	for (i = 0; i < f->ctx.nsync; i++)
		json_array_append_new(s, json_string(f->ctx.sync[i].source));
	for (i = 0; i < f->ctx.nhomes; i++)
		json_array_append_new(s, json_string(f->ctx.homes[i].scope));
	json_object_set_new(all, "sync", s);
	return tt_dump(all);
}

static const json_t *source_entry(struct tt_fx *f, const char *part)
{
	size_t i;
	json_t *v;

	json_array_foreach(f->ctx.sources, i, v) {
		const char *p = json_string_value(json_object_get(v, "path"));

		if (p && strstr(p, part))
			return v;
	}
	return NULL;
}

/* ---- fixtures' file contents ---- */

static const char dropbox_info[] =
	"{\"personal\": {\"path\": \"/home/alice/Dropbox\", \"host\": 123, "
	"\"is_team\": false, \"subscription_type\": \"Basic\"}}";

static const char onedrive_config[] =
	"# Configuration for OneDrive Linux Client\n"
	"# sync_dir = \"~/OneDrive\"\n"
	"skip_file = \"~*|.~*|*.tmp\"\n"
	"monitor_interval = \"300\"\n"
	"sync_dir = \"~/Work OneDrive\"\n"
	"skip_dotfiles = \"true\"\n";

static const char nextcloud_cfg[] =
	"[General]\n"
	"clientVersion=3.13.0stable-Linux\n"
	"confirmExternalStorage=true\n"
	"\n"
	"[Accounts]\n"
	"0\\Folders\\1\\ignoreHiddenFiles=false\n"
	"0\\Folders\\1\\localPath=/home/alice/Nextcloud/\n"
	"0\\Folders\\1\\paused=false\n"
	"0\\Folders\\1\\targetPath=/\n"
	"0\\Folders\\2\\localPath=/home/alice/Work Share/\n"
	"0\\Folders\\2\\targetPath=/Shared/Work\n"
	"0\\authType=webflow\n"
	"0\\dav_user=alice\n"
	"0\\url=https://cloud.example.org\n"
	"version=2\n";

static const char syncthing_xml[] =
	"<configuration version=\"37\">\n"
	"    <folder id=\"default\" label=\"Default Folder\" path=\"~/Sync\" type=\"sendreceive\""
	" rescanIntervalS=\"3600\" fsWatcherEnabled=\"true\">\n"
	"        <filesystemType>basic</filesystemType>\n"
	"        <device id=\"AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH\""
	" introducedBy=\"\"></device>\n"
	"    </folder>\n"
	"    <folder id=\"k3xzq-phone\" label=\"Phone photos\" path=\"/home/alice/Pictures/Phone\""
	" type=\"sendonly\">\n"
	"        <filesystemType>basic</filesystemType>\n"
	"    </folder>\n"
	"    <folder id=\"inbox\" label=\"Inbox\" path=\"/home/alice/Inbox\" type=\"receiveonly\">\n"
	"    </folder>\n"
	"    <device id=\"AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH\""
	" name=\"laptop\" compression=\"metadata\"></device>\n"
	"    <defaults>\n"
	"        <folder id=\"\" label=\"\" path=\"~\" type=\"sendreceive\"></folder>\n"
	"    </defaults>\n"
	"</configuration>\n";

static const char rclone_conf[] =
	"[gdrive]\n"
	"type = drive\n"
	"scope = drive\n"
	"token = {\"access_token\":\"ya29.secret\",\"expiry\":\"2026-01-01T00:00:00Z\"}\n"
	"\n"
	"[work]\n"
	"type = onedrive\n"
	"drive_type = business\n"
	"\n"
	"[vault]\n"
	"type = crypt\n"
	"remote = gdrive:encrypted\n"
	"password = c2VjcmV0\n";

/* ---- tests ---- */

/* Dropbox, abraunegg OneDrive, Nextcloud, Syncthing and rclone on one Linux home. */
static void test_linux_clients(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_sync_folder *s;
	const struct vc_fact *x;
	const json_t *src;
	char sha[VC_SHA256_HEX], *all;
	const char *alice;

	tt_put(f, "/home/alice/.dropbox/info.json", dropbox_info);
	tt_mkdir(f, "/home/alice/Dropbox");
	tt_put(f, "/home/alice/.config/onedrive/config", onedrive_config);
	tt_put(f, "/home/alice/.config/Nextcloud/nextcloud.cfg", nextcloud_cfg);
	tt_mkdir(f, "/home/alice/Nextcloud");
	tt_put(f, "/home/alice/.config/syncthing/config.xml", syncthing_xml);
	tt_put(f, "/home/alice/.config/rclone/rclone.conf", rclone_conf);
	tt_put(f, "/home/alice/.config/systemd/user/rclone-gdrive.service",
	       "[Unit]\nDescription=Google Drive (rclone)\n\n[Service]\nType=notify\n"
	       "ExecStart=/usr/bin/rclone mount gdrive: %h/GoogleDrive \\\n"
	       "    --vfs-cache-mode full --log-file %h/.cache/rclone.log\n"
	       "ExecStop=/bin/fusermount -u %h/GoogleDrive\n");
	tt_put(f, "/home/alice/.config/systemd/user/backup.service",
	       "[Service]\nExecStart=/usr/bin/rclone sync work:Backup /home/alice/FromWork\n"
	       "ExecStartPost=/usr/bin/rclone bisync \"/home/alice/Secret Notes\" vault:\n"
	       "ExecStart = rclone bisync \"/home/alice/Secret Notes\" vault:\n");
	tt_mkdir(f, "/home/dave");
	run(f);
	alice = tt_scope(f, "/home/alice");

	/* Dropbox: the folder from info.json, with the file as evidence */
	s = must_folder(f, "/home/alice/Dropbox", "dropbox");
	assert_non_null(strstr(s->source, "/.dropbox/info.json"));
	assert_int_equal(s->line, 1);
	src = source_entry(f, "/.dropbox/info.json");
	assert_non_null(src);
	vc_sha256_hex(sha, dropbox_info, strlen(dropbox_info));
	assert_string_equal(json_string_value(json_object_get(src, "sha256")), sha);
	assert_int_equal(json_integer_value(json_object_get(src, "bytes")),
			 (json_int_t)strlen(dropbox_info));
	assert_string_equal(json_string_value(json_object_get(src, "product")), "host");

	/* OneDrive: tilde expanded, not created yet, the line of sync_dir */
	s = must_folder(f, "/home/alice/Work OneDrive", "onedrive");
	assert_int_equal(s->line, 5);
	assert_null(folder(f, "/home/alice/OneDrive"));   /* the commented default */

	/* Nextcloud: both localPath entries, trailing slash gone */
	s = must_folder(f, "/home/alice/Nextcloud", "nextcloud");
	assert_int_equal(s->line, 7);
	must_folder(f, "/home/alice/Work Share", "nextcloud");

	/* Syncthing: two folders that send, not the receive-only one nor the defaults */
	s = must_folder(f, "/home/alice/Sync", "syncthing");
	assert_int_equal(s->line, 2);
	s = must_folder(f, "/home/alice/Pictures/Phone", "syncthing");
	assert_int_equal(s->line, 6);
	assert_null(folder(f, "/home/alice/Inbox"));
	assert_null(folder(f, "/home/alice"));

	/* rclone: mount and bisync through a crypt remote ship out; a download does not */
	s = must_folder(f, "/home/alice/GoogleDrive", "gdrive");
	assert_int_equal(s->line, 6);
	assert_non_null(strstr(s->source, "rclone-gdrive.service"));
	s = must_folder(f, "/home/alice/Secret Notes", "gdrive");
	assert_int_equal(s->line, 4);   /* "ExecStart = ", not ExecStartPost= */
	assert_null(folder(f, "/home/alice/FromWork"));
	x = vc_fact_find(&f->ctx.facts, "host", alice, "sync.rclone_remotes");
	assert_non_null(x);
	all = json_dumps(x->value, 0);
	assert_string_equal(all, "[\"gdrive\", \"onedrive\"]");
	free(all);
	assert_non_null(strstr(x->source, "/rclone.conf"));

	assert_providers(f, "/home/alice", "dropbox,gdrive,nextcloud,onedrive,syncthing");
	assert_providers(f, "/home/dave", "");
	assert_int_equal(f->ctx.diags.n, 0);

	/* nothing printable names alice or carries rclone's secrets */
	all = everything(f);
	assert_null(strstr(all, "alice"));
	assert_null(strstr(all, "ya29"));
	assert_null(strstr(all, "c2VjcmV0"));
	free(all);
}

/* macOS File Provider folders, iCloud Drive, and a Windows profile. */
static void test_macos_windows(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_sync_folder *s;
	char *all;

	tt_mkdir(f, "/Users/bob/Library/CloudStorage/OneDrive-Contoso");
	tt_mkdir(f, "/Users/bob/Library/CloudStorage/GoogleDrive-bob@example.com");
	tt_mkdir(f, "/Users/bob/Library/CloudStorage/.hidden");
	tt_mkdir(f, "/Users/bob/Library/Mobile Documents/com~apple~CloudDocs");
	tt_mkdir(f, "/Users/bob/Documents");
	tt_mkdir(f, "/Users/carol/OneDrive - Contoso");
	tt_mkdir(f, "/Users/carol/Dropbox");
	tt_put(f, "/Users/carol/AppData/Local/Dropbox/info.json",
	       "{\n  \"business\": {\n    \"path\": \"C:\\\\Users\\\\carol\\\\Dropbox\",\n"
	       "    \"host\": 77, \"is_team\": true\n  }\n}\n");
	tt_put(f, "/Users/carol/OneDrive.lnk", "not a folder");
	tt_mkdir(f, "/Users/Shared/OneDrive");
	tt_mkdir(f, "/Users/Public/Documents");
	tt_mkdir(f, "/Users/Default User");
	run(f);

	assert_int_equal(f->ctx.nhomes, 2);
	must_folder(f, "/Users/bob/Library/CloudStorage/OneDrive-Contoso", "onedrive");
	s = must_folder(f, "/Users/bob/Library/CloudStorage/GoogleDrive-bob@example.com",
			"gdrive");
	assert_int_equal(s->line, 0);
	must_folder(f, "/Users/bob/Library/Mobile Documents/com~apple~CloudDocs", "icloud");
	must_folder(f, "/Users/carol/OneDrive - Contoso", "onedrive");
	s = must_folder(f, "/Users/carol/Dropbox", "dropbox");
	assert_int_equal(s->line, 2);
	assert_null(folder(f, "/Users/carol/OneDrive.lnk"));
	assert_null(folder(f, "/Users/Shared/OneDrive"));
	assert_int_equal(f->ctx.nsync, 5);

	assert_providers(f, "/Users/bob", "gdrive,icloud,onedrive");
	assert_providers(f, "/Users/carol", "dropbox,onedrive");
	assert_int_equal(f->ctx.diags.n, 0);
	all = everything(f);
	assert_null(strstr(all, "bob"));
	assert_null(strstr(all, "carol"));
	assert_null(strstr(all, "example.com"));
	free(all);
}

/* OneDrive set up without a config file: the client's default folder. */
static void test_onedrive_defaults(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_sync_folder *s;

	tt_mkdir(f, "/home/alice/.config/onedrive");
	tt_put(f, "/home/bob/.config/onedrive/config", "monitor_interval = \"60\"\n");
	tt_put(f, "/home/bob/.config/onedrive-work/config", "sync_dir = \"/srv/work/OneDrive\"\n");
	tt_mkdir(f, "/home/bob/.config/onedriver");   /* another program */
	tt_put(f, "/home/carol/.config/onedrive/config", "sync_dir = \"\"\n");
	run(f);

	s = must_folder(f, "/home/alice/OneDrive", "onedrive");
	assert_int_equal(s->line, 0);
	assert_non_null(strstr(s->source, "/.config/onedrive"));
	s = must_folder(f, "/home/bob/OneDrive", "onedrive");
	assert_non_null(strstr(s->source, "/.config/onedrive/config"));
	s = must_folder(f, "/srv/work/OneDrive", "onedrive");
	assert_int_equal(s->line, 1);
	must_folder(f, "/home/carol/OneDrive", "onedrive");
	assert_int_equal(f->ctx.nsync, 4);
	assert_int_equal(f->ctx.diags.n, 0);
}

/* Insync keeps its folders in a database: found, reported, marked not collected. */
static void test_insync(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	tt_mkdir(f, "/home/alice/.config/Insync/data");
	tt_mkdir(f, "/home/alice/Insync/alice@example.org/Google Drive");
	tt_mkdir(f, "/home/bob/.config");
	tt_link(f, "/home/carol/.config/Insync", "../../../../../../../../../var/lib");
	run(f);

	d = must_diag(f, "/.config/Insync", "Insync found but its sync folders could not be "
		      "determined");
	assert_null(strstr(d->source, "alice"));
	assert_true(tt_has_error(f, "host", tt_scope(f, "/home/alice"), "/.config/Insync"));
	assert_false(tt_has_error(f, "host", tt_scope(f, "/home/bob"), "/.config/Insync"));
	/* carol's escapes the root: not followed, and said so */
	d = must_diag(f, "/.config/Insync", "not followed");
	assert_true(tt_has_error(f, "host", tt_scope(f, "/home/carol"), "/.config/Insync"));
	assert_int_equal(f->ctx.diags.n, 2);
	assert_int_equal(f->ctx.nsync, 0);   /* no folder is guessed */
}

/* Configured folders reached through links are registered canonically. */
static void test_canonical_paths(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_sync_folder *s;

	tt_mkdir(f, "/data/alice-cloud");
	tt_link(f, "/home/alice/Dropbox", "/data/alice-cloud");
	tt_put(f, "/home/alice/.dropbox/info.json", dropbox_info);
	/* a configured folder below a link that does not exist yet */
	tt_put(f, "/home/alice/.config/syncthing/config.xml",
	       "<configuration><folder id=\"a\" path=\"/home/alice/Dropbox/./Sync/\"/>"
	       "<folder id=\"b\" path=\"~/Projects/../Shared\"/></configuration>");
	run(f);

	must_folder(f, "/data/alice-cloud", "dropbox");
	must_folder(f, "/data/alice-cloud/Sync", "syncthing");
	must_folder(f, "/home/alice/Shared", "syncthing");
	assert_null(folder(f, "/home/alice/Dropbox"));

	/* the longest registered folder holding a path decides */
	s = vc_scan_sync_for(&f->ctx, "/data/alice-cloud/Sync/Zoom/rec.mp4");
	assert_non_null(s);
	assert_string_equal(s->provider, "syncthing");
	s = vc_scan_sync_for(&f->ctx, "/data/alice-cloud/Zoom/rec.mp4");
	assert_non_null(s);
	assert_string_equal(s->provider, "dropbox");
	assert_null(vc_scan_sync_for(&f->ctx, "/data/alice-cloud2/x"));
	assert_null(vc_scan_sync_for(&f->ctx, "/home/alice/Documents/x"));
}

/* Bad files: each is a diagnostic with its line; the other homes are still scanned. */
static void test_malformed(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;
	char *all;

	/* alice: truncated info.json */
	tt_put(f, "/home/alice/.dropbox/info.json",
	       "{\"personal\": {\"path\": \"/home/alice/Dropbox\",\n \"host\": 12");
	/* bob: a valid Nextcloud config (scanned after alice) */
	tt_put(f, "/home/bob/.config/Nextcloud/nextcloud.cfg",
	       "[Accounts]\n0\\Folders\\1\\localPath=/home/bob/Nextcloud/\n");
	/* carol: Syncthing with an entity declaration, and a broken ownCloud config */
	tt_put(f, "/home/carol/.config/syncthing/config.xml",
	       "<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [\n"
	       "  <!ENTITY home SYSTEM \"file:///etc/passwd\">\n]>\n"
	       "<configuration><folder id=\"x\" path=\"&home;\"/></configuration>\n");
	tt_put(f, "/home/carol/.config/ownCloud/owncloud.cfg",
	       "[Accounts]\n0\\Folders\\1\\localPath=/home/carol/ownCloud\nthis line is bad\n"
	       "0\\Folders\\2\\localPath=/home/carol/Later\n");
	/* dave: Dropbox paths out of the root, lexically and through a link */
	tt_put(f, "/home/dave/.dropbox/info.json",
	       "{\"personal\": {\"path\": \"/home/dave/../../../etc\"},\n"
	       " \"business\": {\"path\": \"/home/dave/Escape/Dropbox\"}}");
	tt_link(f, "/home/dave/Escape", "../../../../../../../../../../tmp");
	/* erin: Syncthing XML that is not well-formed; rclone config encrypted */
	tt_put(f, "/home/erin/.local/state/syncthing/config.xml",
	       "<configuration>\n<folder id=\"a\" path=\"~/A\">\n</configuration>\n");
	tt_put(f, "/home/erin/.config/rclone/rclone.conf",
	       "# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\nq83hbD+x\n");
	/* frank: a folder path that is relative, one in another's home, one a file */
	tt_put(f, "/home/frank/.config/syncthing/config.xml",
	       "<configuration>\n<folder id=\"a\" path=\"Sync\"/>\n"
	       "<folder id=\"b\" path=\"~bob/x\"/>"
	       "\n<folder id=\"c\" path=\"/home/frank/notes.txt\"/>\n<folder id=\"d\"/>\n"
	       "</configuration>\n");
	tt_put(f, "/home/frank/notes.txt", "text");
	run(f);

	d = must_diag(f, "/.dropbox/info.json", "malformed JSON");
	assert_int_equal(d->line, 2);
	assert_true(tt_has_error(f, "host", tt_scope(f, "/home/alice"), "/.dropbox/info.json"));
	assert_null(folder(f, "/home/alice/Dropbox"));
	must_folder(f, "/home/bob/Nextcloud", "nextcloud");
	assert_providers(f, "/home/bob", "nextcloud");

	d = must_diag(f, "/syncthing/config.xml", "entity declarations are refused");
	assert_int_equal(d->line, 3);
	assert_true(tt_has_error(f, "host", tt_scope(f, "/home/carol"), "/syncthing/config.xml"));
	d = must_diag(f, "/owncloud.cfg", "malformed");
	assert_int_equal(d->line, 3);
	must_folder(f, "/home/carol/ownCloud", "owncloud");   /* before the bad line */
	assert_providers(f, "/home/carol", "owncloud");

	d = must_diag(f, "/.dropbox/info.json", "points outside the root");
	assert_int_equal(d->line, 1);
	d = must_diag(f, "/.dropbox/info.json", "not followed");
	assert_int_equal(d->line, 2);
	assert_int_equal(f->ctx.nsync, 2);   /* bob's, carol's first */
	assert_providers(f, "/home/dave", "");

	d = must_diag(f, "/.local/state/syncthing/config.xml", "malformed XML");
	assert_true(d->line >= 3);
	d = must_diag(f, "/rclone.conf", "encrypted");
	assert_int_equal(d->line, 3);
	assert_null(vc_fact_find(&f->ctx.facts, "host", tt_scope(f, "/home/erin"),
				 "sync.rclone_remotes"));

	d = must_diag(f, "/home/user-", "path is relative");
	assert_int_equal(d->line, 2);
	assert_int_equal(must_diag(f, NULL, "in another user's home")->line, 3);
	assert_int_equal(must_diag(f, NULL, "not a directory")->line, 4);
	assert_int_equal(must_diag(f, NULL, "without a path")->line, 5);

	all = everything(f);
	assert_null(strstr(all, "alice"));
	assert_null(strstr(all, "/etc/passwd"));
	free(all);
}

/* A file over the read limit: "could not read" naming the file; scan goes on. */
static void test_read_limit(void **state)
{
	struct tt_fx *f = *state;
	char big[6000];
	const struct vc_diag *d;

	memset(big, ' ', sizeof(big));
	memcpy(big, dropbox_info, strlen(dropbox_info));
	tt_put_bytes(f, "/home/alice/.dropbox/info.json", big, sizeof(big));
	tt_put(f, "/home/bob/.dropbox/info.json",
	       "{\"personal\": {\"path\": \"/home/bob/Dropbox\"}}");
	tt_open(f, KEY, 0);
	f->ctx.file_max = 4096;
	assert_int_equal(vc_scanner_homes.scan(&f->ctx), 0);
	assert_int_equal(vc_scanner_cloud_sync.scan(&f->ctx), 0);

	d = must_diag(f, "/.dropbox/info.json", "could not read");
	assert_null(strstr(d->source, "alice"));
	assert_true(tt_has_error(f, "host", tt_scope(f, "/home/alice"), "/.dropbox/info.json"));
	assert_null(folder(f, "/home/alice/Dropbox"));
	must_folder(f, "/home/bob/Dropbox", "dropbox");
	assert_int_equal(json_array_size(f->ctx.sources), 1);   /* only what was read */
}

/* More Syncthing folders than the per-file limit: a diagnostic, the first ones kept. */
static void test_folder_limit(void **state)
{
	struct tt_fx *f = *state;
	size_t cap = 1100 * 64, n = 0, i;
	char *xml = malloc(cap);

	assert_non_null(xml);
	n += (size_t)snprintf(xml + n, cap - n, "<configuration>\n");
	for (i = 0; i < 1100; i++)
		n += (size_t)snprintf(xml + n, cap - n, "<folder id=\"f%zu\" path=\"~/s/%zu\"/>\n",
				      i, i);
	snprintf(xml + n, cap - n, "</configuration>\n");
	tt_put(f, "/home/alice/.config/syncthing/config.xml", xml);
	free(xml);
	run(f);

	assert_int_equal(f->ctx.nsync, 1000);
	assert_int_equal(must_diag(f, "/syncthing/config.xml", "more than 1000")->line, 1002);
	must_folder(f, "/home/alice/s/999", "syncthing");
	assert_null(folder(f, "/home/alice/s/1000"));
}

/* Homes: every tree layout, not-accounts skipped, escaping links refused. */
static void test_homes(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	const struct vc_diag *d;
	size_t i;

	tt_mkdir(f, "/var/home/bob");
	tt_link(f, "/home", "var/home");              /* Fedora Atomic */
	tt_mkdir(f, "/Users/carol");
	tt_mkdir(f, "/Users/Shared");
	tt_mkdir(f, "/Users/Public");
	tt_mkdir(f, "/Users/Default");
	tt_mkdir(f, "/Users/Default User");
	tt_mkdir(f, "/Users/All Users");
	tt_mkdir(f, "/Users/.localized");
	tt_put(f, "/Users/desktop.ini", "[.ShellClassInfo]\n");
	tt_mkdir(f, "/root");
	tt_mkdir(f, "/var/home/lost+found");
	tt_link(f, "/var/home/mallory", "../../../../../../../../etc");
	tt_link(f, "/var/home/gone", "/nowhere");
	run(f);

	assert_int_equal(f->ctx.nhomes, 3);
	assert_string_equal(f->ctx.homes[0].path, "/var/home/bob");
	assert_string_equal(f->ctx.homes[0].user, "bob");
	assert_string_equal(f->ctx.homes[1].path, "/Users/carol");
	assert_string_equal(f->ctx.homes[2].path, "/root");
	for (i = 0; i < f->ctx.nhomes; i++) {
		assert_int_equal(strncmp(f->ctx.homes[i].scope, "user:user-", 10), 0);
		assert_null(strstr(f->ctx.homes[i].scope, f->ctx.homes[i].user));
	}
	d = must_diag(f, "/home/", "home directory not followed");
	assert_null(strstr(d->source, "mallory"));
	x = vc_fact_find(&f->ctx.facts, "host", "host", "host.homes");
	assert_non_null(x);
	assert_int_equal(json_integer_value(x->value), 3);
}

/* --reveal-identities: scopes name the account. */
static void test_reveal(void **state)
{
	struct tt_fx *f = *state;

	tt_mkdir(f, "/home/alice");
	tt_scan_homes(f, KEY, 1);
	assert_int_equal(f->ctx.nhomes, 1);
	assert_string_equal(f->ctx.homes[0].scope, "user:alice");
}

/* An empty tree: no homes, a zero count, nothing else. */
static void test_empty_tree(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;

	run(f);
	x = vc_fact_find(&f->ctx.facts, "host", "host", "host.homes");
	assert_non_null(x);
	assert_int_equal(json_integer_value(x->value), 0);
	assert_int_equal(f->ctx.nsync, 0);
	assert_int_equal(f->ctx.diags.n, 0);
}

/* The shared fixture tree: alice's Dropbox holds the Zoom recording folder. */
static void test_fixture_dropbox_zoom(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_sync_folder *s;

	assert_int_equal(vc_root_open(&f->ctx.root, "fixtures/hosts/dropbox-zoom"), 0);
	assert_int_equal(vc_pseudo_init(&f->ctx.pseudo, "cloud-sync-test-key", 0), 0);
	f->ctx.sources = json_array();
	assert_int_equal(vc_scanner_homes.scan(&f->ctx), 0);
	assert_int_equal(vc_scanner_cloud_sync.scan(&f->ctx), 0);
	s = vc_scan_sync_for(&f->ctx, "/home/alice/Dropbox/Zoom/2026-09-15 14.30.12 Acme Weekly "
			     "81234567890/video1234.mp4");
	assert_non_null(s);
	assert_string_equal(s->provider, "dropbox");
	assert_providers(f, "/home/alice", "dropbox");
	assert_int_equal(f->ctx.diags.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_linux_clients, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_macos_windows, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_onedrive_defaults, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_insync, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_canonical_paths, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_read_limit, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_folder_limit, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_homes, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_reveal, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_empty_tree, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_fixture_dropbox_zoom, setup, tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
