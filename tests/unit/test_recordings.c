/* Recordings scanner: Zoom meeting folders, GoTo .g2m, Jibri sessions in homes. */
#include "testtree.h"

#include <dirent.h>
#include <sched.h>
#include <sys/mount.h>

extern const struct vc_scanner_entry vc_scanner_recordings;

#define NOW TT_NOW   /* the scan's ctx.now */
#define DAY 86400

#define MEETING_A "/home/alice/Documents/Zoom/2026-09-15 14.30.12 Acme Secret Merger 81234567890"
#define CONF_100 "{\"items\":[{\"audio\":\"audio1.m4a\",\"prefix\":\"\",\"process\":100," \
	"\"video\":\"video1.mp4\"}],\"magic_number\":\"1\"}"
#define CONF_40 "{\"items\":[{\"audio\":\"audio2.m4a\",\"prefix\":\"\",\"process\":40," \
	"\"video\":\"video2.mp4\"}],\"magic_number\":\"1\"}"
#define JIBRI_META "{\"meeting_url\":\"https://meet.example.org/myroom\"," \
	"\"participants\":[{\"name\":\"Alice Jones\"},{\"name\":\"Bob Brown\"}," \
	"{\"name\":\"Carl Chen\"}]}"

/* ---- tree helpers ---- */

/* A file of `size` bytes ('x') or with `text`, modified at `mtime`. */
static void put(struct tt_fx *f, const char *rel, const char *text, size_t size, time_t mtime)
{
	char *fill;

	if (text) {
		tt_put(f, rel, text);
	} else {
		fill = malloc(size + 1);
		assert_non_null(fill);
		memset(fill, 'x', size);
		tt_put_bytes(f, rel, fill, size);
		free(fill);
	}
	tt_set_mtime(f, rel, mtime);
}

static int setup_in(void **state, const char *base)
{
	*state = tt_new(base, "vc-rec");
	return 0;
}

static int setup(void **state)
{
	return setup_in(state, "/tmp");
}

/* The entry-budget test makes 200,000 files: on tmpfs when there is one. */
static int setup_fast(void **state)
{
	struct stat st;

	return setup_in(state, stat("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0 ?
			"/dev/shm" : "/tmp");
}

/* Root, pseudonyms and homes; the caller may add sync folders etc. before scan(). */
static void prepare(struct tt_fx *f)
{
	tt_scan_homes(f, "recordings-test-key", 0);
}

/* What the Zoom client scanner would have said. */
static void zoom_installed(struct tt_fx *f, const char *home)
{
	assert_int_equal(vc_fact_add(&f->ctx.facts, "zoom", tt_scope(f, home),
				     "product.installed", json_true(), NULL), 0);
}

static void scan(struct tt_fx *f)
{
	assert_int_equal(vc_scanner_recordings.scan(&f->ctx), 0);
}

static const json_t *list_of(struct tt_fx *f, const char *product, const char *home)
{
	const struct vc_fact *x = vc_fact_find(&f->ctx.facts, product, tt_scope(f, home),
					       "artifacts.recordings");

	return x ? x->value : NULL;
}

/* The one entry whose path contains `part`; fails unless exactly one. */
static const json_t *entry(const json_t *list, const char *part)
{
	const json_t *hit = NULL, *e;
	size_t i;

	assert_non_null(list);
	json_array_foreach(list, i, e) {
		if (strstr(json_string_value(json_object_get(e, "path")), part)) {
			if (hit)
				fail_msg("two entries match %s", part);
			hit = e;
		}
	}
	if (!hit)
		fail_msg("no entry matches %s", part);
	return hit;
}

static json_int_t ival(const json_t *e, const char *k)
{
	const json_t *v = json_object_get(e, k);

	if (!json_is_integer(v))
		fail_msg("field %s is not an integer", k);
	return json_integer_value(v);
}

static int bval(const json_t *e, const char *k)
{
	const json_t *v = json_object_get(e, k);

	if (!json_is_boolean(v))
		fail_msg("field %s is not a boolean", k);
	return json_is_true(v);
}

static const char *sval(const json_t *e, const char *k)
{
	const json_t *v = json_object_get(e, k);

	if (!json_is_string(v))
		fail_msg("field %s is not a string", k);
	return json_string_value(v);
}

static char *facts_json(struct tt_fx *f)
{
	json_t *j = vc_factset_to_json(&f->ctx.facts);
	char *s = json_dumps(j, 0);

	json_decref(j);
	assert_non_null(s);
	return s;
}

/* Attest encryption: `yes` and `no` are root-relative paths (NULL: none). */
static void attest(struct tt_fx *f, char *yes, char *no)
{
	if (yes) {
		f->ctx.enc_yes = calloc(1, sizeof(*f->ctx.enc_yes));
		assert_non_null(f->ctx.enc_yes);
		f->ctx.enc_yes[0] = yes;   /* borrowed, as from the command line */
		f->ctx.nenc_yes = 1;
	}
	if (no) {
		f->ctx.enc_no = calloc(1, sizeof(*f->ctx.enc_no));
		assert_non_null(f->ctx.enc_no);
		f->ctx.enc_no[0] = no;
		f->ctx.nenc_no = 1;
	}
}

/* Forget the collection errors of an earlier scan. */
static void clear_errors(struct tt_fx *f)
{
	size_t i;

	for (i = 0; i < f->ctx.nerrors; i++) {
		free(f->ctx.errors[i].product);
		free(f->ctx.errors[i].scope);
		free(f->ctx.errors[i].source);
		free(f->ctx.errors[i].keys);
	}
	f->ctx.nerrors = 0;
}

/*
 * The walk of `home` left something out: every product's rules on
 * artifacts.recordings there must come out error, not pass.
 */
static void assert_incomplete(struct tt_fx *f, const char *home)
{
	static const char *const prods[] = { "zoom", "goto", "jitsi" };
	const char *scope = tt_scope(f, home);
	size_t i, k;
	int hit;

	for (k = 0; k < 3; k++) {
		hit = 0;
		for (i = 0; i < f->ctx.nerrors; i++) {
			const struct vc_collect_error *e = &f->ctx.errors[i];

			hit |= !strcmp(e->product, prods[k]) && !strcmp(e->scope, scope) &&
			       e->keys && !strcmp(e->keys, "artifacts.recordings");
		}
		if (!hit)
			fail_msg("no %s collection error on artifacts.recordings for %s", prods[k],
				 home);
	}
}

/* ---- tests ---- */

static void build_alice(struct tt_fx *f)
{
	/* A: converted meeting in the default folder, with a per-participant subfolder */
	put(f, MEETING_A "/video81234567890.mp4", NULL, 1000, NOW - 10 * DAY - 3600);
	put(f, MEETING_A "/audio81234567890.m4a", NULL, 500, NOW - 11 * DAY);
	put(f, MEETING_A "/meeting_saved_chat.txt", NULL, 100, NOW - 12 * DAY);
	put(f, MEETING_A "/recording.conf", CONF_100, 0, NOW - 12 * DAY);
	put(f, MEETING_A "/Audio Record/audioJohnSmith81234567890.m4a", NULL, 300,
	    NOW - 12 * DAY);
	put(f, MEETING_A "/notes.docx", NULL, 7777, NOW - 1 * DAY);   /* not Zoom's */
	/* B: moved to the desktop long ago */
	put(f, "/home/alice/Desktop/old/2025-01-02 09.00.00 Old Thing/video1.mp4", NULL, 2000,
	    NOW - 400 * DAY - 5);
	put(f, "/home/alice/Desktop/old/2025-01-02 09.00.00 Old Thing/chat.txt", NULL, 50,
	    NOW - 401 * DAY);
	/* C: never converted */
	put(f, "/home/alice/Documents/Zoom/2026-10-01 10.00.00 Board/"
	    "double_click_to_convert_01.zoom", NULL, 5000, NOW - 2 * DAY);
	put(f, "/home/alice/Documents/Zoom/2026-10-01 10.00.00 Board/"
	    "double_click_to_convert_02.zoom", NULL, 3000, NOW - 2 * DAY + 60);
	/* D: conversion stopped at 40 % */
	put(f, "/home/alice/Documents/Zoom/2026-10-02 11.00.00 Standup/video2.mp4", NULL, 700,
	    NOW - DAY);
	put(f, "/home/alice/Documents/Zoom/2026-10-02 11.00.00 Standup/recording.conf", CONF_40,
	    0, NOW - DAY);
	/* E: chat only */
	put(f, "/home/alice/Documents/Zoom/2026-10-03 12.00.00 Chat Only/meeting_saved_chat.txt",
	    NULL, 42, NOW - 5 * DAY);
	/* F: a GoTo recording */
	put(f, "/home/alice/Documents/Session.G2M", NULL, 4096, NOW - 3 * DAY - 1);
	/* not recordings */
	put(f, "/home/alice/Videos/holiday/holiday.mp4", NULL, 9000, NOW - 30 * DAY);
	put(f, "/home/alice/Videos/clips/video1.mp4", NULL, 9000, NOW - 30 * DAY);
	put(f, "/home/alice/Music/mix.m3u", NULL, 10, NOW - 30 * DAY);
	put(f, "/home/alice/.cache/2026-01-01 10.00.00 Hidden/video1.mp4", NULL, 10,
	    NOW - 30 * DAY);
	put(f, "/home/alice/src/node_modules/x/2026-01-01 10.00.00 Dep/video1.mp4", NULL, 10,
	    NOW - 30 * DAY);
	/* traps: link loops, a link to a meeting, FIFOs (one named recording.conf) */
	tt_link(f, "/home/alice/loop", "..");
	tt_link(f, "/home/alice/Documents/a/b", "../a");
	tt_link(f, "/home/alice/Documents/Zoom/shortcut",
		"2026-09-15 14.30.12 Acme Secret Merger 81234567890");
	tt_link(f, "/home/alice/Desktop/Copy.g2m", "../Documents/Session.G2M");
	tt_fifo(f, "/home/alice/fifo");
	put(f, "/home/alice/Documents/Zoom/2026-10-05 09.00.00 Pipe/video3.mp4", NULL, 10,
	    NOW - DAY);
	tt_fifo(f, "/home/alice/Documents/Zoom/2026-10-05 09.00.00 Pipe/recording.conf");
}

static void test_recordings_found(void **state)
{
	static char desktop[] = "/home/alice/Desktop";
	struct tt_fx *f = *state;
	const json_t *zl, *e;
	char **yes;
	char *all;

	build_alice(f);
	/* bob: a Jibri session folder; no Zoom */
	put(f, "/home/bob/recordings/xyzsession/myroom_2026-10-04-10-00-00.mp4", NULL, 6000,
	    NOW - 7 * DAY);
	put(f, "/home/bob/recordings/xyzsession/metadata.json", JIBRI_META, 0, NOW - 7 * DAY);
	/* bob: a video tool's metadata.json is not Jibri's */
	put(f, "/home/bob/Videos/export/clip.mp4", NULL, 10, NOW);
	put(f, "/home/bob/Videos/export/metadata.json", "{\"title\": \"clip\"}", 0, NOW);
	/* carl: Zoom, nothing recorded */
	tt_mkdir(f, "/home/carl/Documents");
	prepare(f);
	zoom_installed(f, "/home/alice");
	zoom_installed(f, "/home/carl");
	assert_int_equal(vc_scan_add_sync(&f->ctx, "/home/alice/Documents", "dropbox",
					  "/home/x/.dropbox/info.json", 1), 0);
	yes = calloc(1, sizeof(*yes));
	assert_non_null(yes);
	yes[0] = desktop;   /* the context borrows attestation strings */
	f->ctx.enc_yes = yes;
	f->ctx.nenc_yes = 1;
	scan(f);

	zl = list_of(f, "zoom", "/home/alice");
	assert_non_null(zl);
	/* A, B, C, D, E and the folder with the FIFO: nothing else */
	assert_int_equal(json_array_size(zl), 6);

	e = entry(zl, "/Documents/Zoom/2026-09-15 14.30.12 ");
	assert_string_equal(sval(e, "product"), "zoom");
	assert_int_equal(ival(e, "bytes"), 1000 + 500 + 100 + strlen(CONF_100) + 300);
	assert_int_equal(ival(e, "files"), 5);
	assert_int_equal(ival(e, "age_days"), 10);
	assert_true(bval(e, "converted"));
	assert_true(bval(e, "has_media"));
	assert_true(bval(e, "has_chat"));
	assert_string_equal(sval(e, "cloud_sync"), "dropbox");
	assert_null(json_object_get(e, "encrypted"));   /* unknown: omitted */
	assert_null(json_object_get(e, "participants"));

	e = entry(zl, "/Desktop/old/2025-01-02 09.00.00 ");
	assert_int_equal(ival(e, "bytes"), 2050);
	assert_int_equal(ival(e, "files"), 2);
	assert_int_equal(ival(e, "age_days"), 400);
	assert_true(bval(e, "converted"));
	assert_true(bval(e, "has_chat"));
	assert_string_equal(sval(e, "cloud_sync"), "none");
	assert_true(bval(e, "encrypted"));

	e = entry(zl, "/2026-10-01 10.00.00 ");
	assert_false(bval(e, "converted"));
	assert_true(bval(e, "has_media"));
	assert_int_equal(ival(e, "bytes"), 8000);
	assert_int_equal(ival(e, "age_days"), 1);   /* newest: 2 days - 60 s */

	e = entry(zl, "/2026-10-02 11.00.00 ");
	assert_false(bval(e, "converted"));

	e = entry(zl, "/2026-10-03 12.00.00 ");
	assert_false(bval(e, "has_media"));
	assert_true(bval(e, "has_chat"));
	assert_true(bval(e, "converted"));
	assert_int_equal(ival(e, "bytes"), 42);
	assert_int_equal(ival(e, "age_days"), 5);

	e = entry(zl, "/2026-10-05 09.00.00 ");
	assert_true(bval(e, "converted"));
	assert_int_equal(ival(e, "files"), 1);

	/* GoTo: one entry for the file, none for the link to it */
	assert_int_equal(json_array_size(list_of(f, "goto", "/home/alice")), 1);
	/* the file name is the meeting's topic: only its pseudonym is shown */
	e = entry(list_of(f, "goto", "/home/alice"), "/Documents/topic-");
	assert_null(strstr(sval(e, "path"), "Session"));
	assert_non_null(strstr(sval(e, "path"), ".G2M"));
	assert_false(bval(e, "converted"));
	assert_int_equal(ival(e, "bytes"), 4096);
	assert_int_equal(ival(e, "files"), 1);
	assert_int_equal(ival(e, "age_days"), 3);
	assert_string_equal(sval(e, "cloud_sync"), "dropbox");
	assert_null(list_of(f, "jitsi", "/home/alice"));

	/* Jibri: participants counted; the other metadata.json is not a session */
	assert_int_equal(json_array_size(list_of(f, "jitsi", "/home/bob")), 1);
	e = entry(list_of(f, "jitsi", "/home/bob"), "/recordings/xyzsession");
	assert_int_equal(ival(e, "participants"), 3);
	assert_int_equal(ival(e, "bytes"), 6000 + strlen(JIBRI_META));
	assert_int_equal(ival(e, "files"), 2);
	assert_int_equal(ival(e, "age_days"), 7);
	assert_true(bval(e, "converted"));
	assert_false(bval(e, "has_chat"));
	/* bob has no Zoom: no empty Zoom list; carl has Zoom and nothing on disk: [] */
	assert_null(list_of(f, "zoom", "/home/bob"));
	assert_null(list_of(f, "goto", "/home/bob"));
	assert_non_null(list_of(f, "zoom", "/home/carl"));
	assert_int_equal(json_array_size(list_of(f, "zoom", "/home/carl")), 0);

	/* links into the home and FIFOs are passed over silently; the link to
	 * /home (which holds the home) is said not to be followed; nothing was
	 * unreadable, nothing left out */
	assert_null(tt_diag(f, NULL, "could not be read"));
	assert_non_null(tt_diag(f, NULL, "1 symlink not followed while searching for recordings: "
				"1 leads to a folder holding the home"));
	assert_int_equal(f->ctx.nerrors, 0);

	/* provenance: the home, pseudonymised */
	{
		const struct vc_fact *x = vc_fact_find(&f->ctx.facts, "zoom",
						       tt_scope(f, "/home/alice"),
						       "artifacts.recordings");

		assert_non_null(x->source);
		assert_int_equal(strncmp(x->source, "/home/", 6), 0);
		assert_null(strstr(x->source, "alice"));
	}

	all = facts_json(f);
	assert_null(strstr(all, "Acme"));
	assert_null(strstr(all, "Merger"));
	assert_null(strstr(all, "Old Thing"));
	assert_null(strstr(all, "Standup"));
	assert_null(strstr(all, "JohnSmith"));
	assert_null(strstr(all, "Alice Jones"));
	assert_null(strstr(all, "myroom"));
	assert_null(strstr(all, "alice"));
	assert_null(strstr(all, "holiday"));
	assert_null(strstr(all, "Hidden"));
	assert_null(strstr(all, "Dep"));
	free(all);
}

/* --deep also searches dot-directories and tool trees. */
static void test_deep(void **state)
{
	struct tt_fx *f = *state;
	const json_t *zl;

	put(f, "/home/dee/.local/share/Trash/files/2026-01-01 10.00.00 Gone/video1.mp4", NULL,
	    10, NOW - 30 * DAY);
	prepare(f);
	scan(f);
	assert_null(list_of(f, "zoom", "/home/dee"));   /* no Zoom, none found */

	vc_factset_free(&f->ctx.facts);
	f->ctx.deep = 1;
	scan(f);
	zl = list_of(f, "zoom", "/home/dee");
	assert_non_null(zl);
	assert_int_equal(json_array_size(zl), 1);
	assert_int_equal(ival(entry(zl, "/Trash/files/2026-01-01 10.00.00 "), "age_days"), 30);
}

/* Too deep: reported, the scan goes on. */
static void test_depth_limit(void **state)
{
	struct tt_fx *f = *state;
	char rel[4096];
	const json_t *zl;

	snprintf(rel, sizeof(rel), "/home/eve/1/2/3/4/5/6/7/8/9/10/11/12/13/"
		 "2026-01-01 10.00.00 Deep/video1.mp4");
	put(f, rel, NULL, 10, NOW);
	put(f, "/home/eve/1/2/2026-01-02 10.00.00 Shallow/video1.mp4", NULL, 10, NOW);
	prepare(f);
	zoom_installed(f, "/home/eve");
	scan(f);
	zl = list_of(f, "zoom", "/home/eve");
	assert_int_equal(json_array_size(zl), 1);
	entry(zl, "2026-01-02 10.00.00 ");
	assert_non_null(tt_diag(f, NULL, "deeper than 12 levels"));
	assert_incomplete(f, "/home/eve");
}

/* Malformed recording.conf and metadata.json: diagnostics with lines, errors. */
static void test_bad_files(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;
	const json_t *zl, *e;

	put(f, "/home/fay/Documents/Zoom/2026-03-03 10.00.00 Team Sync/video9.mp4", NULL, 10,
	    NOW);
	put(f, "/home/fay/Documents/Zoom/2026-03-03 10.00.00 Team Sync/recording.conf",
	    "{\n\"items\": [\n{\"process\": 100,,}\n]\n}\n", 0, NOW);
	put(f, "/home/fay/rec/s1/room_2026-01-01-10-00-00.mp4", NULL, 10, NOW);
	put(f, "/home/fay/rec/s1/metadata.json", "{\"meeting_url\": \"x\",\n"
	    "\"participants\": [\"Secret Person\"\n", 0, NOW);
	prepare(f);
	zoom_installed(f, "/home/fay");
	scan(f);

	d = tt_diag(f, NULL, "recording.conf");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_non_null(strstr(d->source, "/Documents/Zoom/2026-03-03 10.00.00 "));
	assert_null(strstr(d->source, "Team Sync"));
	assert_null(strstr(d->source, "fay"));
	assert_true(tt_has_error(f, "zoom", tt_scope(f, "/home/fay"), NULL));
	/* the meeting itself is still listed */
	zl = list_of(f, "zoom", "/home/fay");
	e = entry(zl, "/2026-03-03 10.00.00 ");
	assert_true(bval(e, "has_media"));

	d = tt_diag(f, NULL, "metadata.json");
	assert_non_null(d);
	assert_true(d->line >= 2);
	assert_null(strstr(d->message, "Secret"));
	assert_true(tt_has_error(f, "jitsi", tt_scope(f, "/home/fay"), NULL));
	assert_null(list_of(f, "jitsi", "/home/fay"));
}

/* The entry budget: a diagnostic, an error, and no "nothing found" claim. */
static void test_entry_budget(void **state)
{
	struct tt_fx *f = *state;
	char path[4096], name[32];
	int dfd, i;

	put(f, "/home/gil/Documents/placeholder", NULL, 1, NOW);
	tt_mkdir(f, "/home/gil/Documents/many");
	tt_path(f, path, sizeof(path), "/home/gil/Documents/many");
	dfd = open(path, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	for (i = 0; i < 200001; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		assert_int_equal(mknodat(dfd, name, S_IFREG | 0644, 0), 0);
	}
	close(dfd);
	prepare(f);
	zoom_installed(f, "/home/gil");
	scan(f);
	assert_non_null(tt_diag(f, NULL, "stopped after 200000 entries"));
	assert_true(tt_has_error(f, "zoom", tt_scope(f, "/home/gil"), NULL));
	assert_incomplete(f, "/home/gil");
	assert_null(list_of(f, "zoom", "/home/gil"));
}

/* ---- symlinks ---- */

#define DISK_MEETING "/data/zoom/ann/2026-11-12 14.00.00 Samtale med borger 86655443322"

/*
 * ~/Documents/Zoom is a link to a data disk (Linux Zoom always records
 * there): the meeting is found, shown where the user sees it, and its
 * sync folder, encryption and recording.conf are those of the disk.
 */
static void test_link_to_data_disk(void **state)
{
	static char home[] = "/home/ann", disk[] = "/data";
	struct tt_fx *f = *state;
	const json_t *zl, *gl, *e;
	char *all;

	put(f, DISK_MEETING "/video4455.mp4", NULL, 400, NOW - 3 * DAY);
	put(f, DISK_MEETING "/audio4455.m4a", NULL, 200, NOW - 3 * DAY);
	put(f, DISK_MEETING "/meeting_saved_chat.txt", NULL, 53, NOW - 4 * DAY);
	put(f, DISK_MEETING "/recording.conf", CONF_40, 0, NOW - 4 * DAY);
	tt_mkdir(f, "/home/ann/Documents");
	tt_link(f, "/home/ann/Documents/Zoom", "/data/zoom/ann");
	/* a second way to the same folder: listed once */
	tt_link(f, "/home/ann/Meetings", "Documents/Zoom");
	/* a GoTo file kept on the disk, linked from the desktop */
	put(f, "/data/goto/Weekly Call.g2m", NULL, 2048, NOW - 2 * DAY);
	tt_link(f, "/home/ann/Desktop/Weekly Call.g2m", "../../../data/goto/Weekly Call.g2m");
	prepare(f);
	zoom_installed(f, "/home/ann");
	assert_int_equal(vc_scan_add_sync(&f->ctx, "/home/ann/Documents", "dropbox",
					  "/home/ann/.dropbox/info.json", 1), 0);
	assert_int_equal(vc_scan_add_sync(&f->ctx, "/data/zoom", "nextcloud",
					  "/home/ann/.config/Nextcloud/nextcloud.cfg", 3), 0);
	attest(f, home, disk);   /* the home is encrypted, the data disk is not */
	scan(f);

	zl = list_of(f, "zoom", "/home/ann");
	assert_int_equal(json_array_size(zl), 1);
	e = entry(zl, "/Documents/Zoom/2026-11-12 14.00.00 topic-");
	assert_string_equal(sval(e, "cloud_sync"), "nextcloud");   /* not the link's dropbox */
	assert_false(bval(e, "encrypted"));                          /* not the home's */
	assert_false(bval(e, "converted"));                          /* recording.conf: 40 % */
	assert_true(bval(e, "has_chat"));
	assert_int_equal(ival(e, "files"), 4);
	assert_int_equal(ival(e, "bytes"), 400 + 200 + 53 + strlen(CONF_40));
	assert_int_equal(ival(e, "age_days"), 3);

	gl = list_of(f, "goto", "/home/ann");
	assert_int_equal(json_array_size(gl), 1);
	e = entry(gl, "/Desktop/topic-");
	assert_int_equal(ival(e, "bytes"), 2048);
	assert_int_equal(ival(e, "age_days"), 2);
	assert_string_equal(sval(e, "cloud_sync"), "none");
	assert_false(bval(e, "encrypted"));

	/* nothing refused, nothing left out */
	assert_null(tt_diag(f, NULL, "symlink"));
	assert_int_equal(f->ctx.nerrors, 0);
	all = facts_json(f);
	assert_null(strstr(all, "/data"));
	assert_null(strstr(all, "ann"));
	assert_null(strstr(all, "Samtale"));
	assert_null(strstr(all, "Weekly"));
	free(all);
}

/*
 * Many links to one folder outside the home: listed once, under the first
 * link's path in byte order, whatever the order of directory entries.
 */
static void test_link_aliases(void **state)
{
	struct tt_fx *f = *state;
	char rel[64];
	const json_t *zl;
	int i;

	put(f, "/data/al/2026-04-04 10.00.00 Alias/video1.mp4", NULL, 10, NOW);
	put(f, "/data/al/2026-04-04 10.00.00 Alias/chat.txt", NULL, 10, NOW);
	for (i = 19; i >= 0; i--) {
		snprintf(rel, sizeof(rel), "/home/al/link %02d", i);
		tt_link(f, rel, i % 2 ? "link 00" : "/data/al");
	}
	prepare(f);
	zoom_installed(f, "/home/al");
	scan(f);
	zl = list_of(f, "zoom", "/home/al");
	assert_int_equal(json_array_size(zl), 1);
	entry(zl, "/link 00/2026-04-04 10.00.00 ");
	assert_int_equal(f->ctx.nerrors, 0);
}

/* Links to folders in the home: the walk gets there anyway, counted once. */
static void test_link_inside_home(void **state)
{
	struct tt_fx *f = *state;
	const json_t *zl;

	put(f, "/home/bo/Documents/Zoom/2026-05-05 10.00.00 Plan/video1.mp4", NULL, 10, NOW);
	put(f, "/home/bo/Documents/Zoom/2026-05-05 10.00.00 Plan/chat.txt", NULL, 10, NOW);
	tt_link(f, "/home/bo/Desktop/Zoom", "../Documents/Zoom");
	tt_link(f, "/home/bo/Desktop/Docs", "/home/bo/Documents");
	tt_link(f, "/home/bo/Documents/Zoom/self", ".");
	prepare(f);
	zoom_installed(f, "/home/bo");
	scan(f);
	zl = list_of(f, "zoom", "/home/bo");
	assert_int_equal(json_array_size(zl), 1);
	entry(zl, "/Documents/Zoom/2026-05-05 10.00.00 ");
	assert_null(tt_diag(f, NULL, "symlink"));
	assert_int_equal(f->ctx.nerrors, 0);
}

/* Links going round in circles outside the home: the walk ends, each folder once. */
static void test_link_cycle_outside_home(void **state)
{
	struct tt_fx *f = *state;
	const json_t *zl;

	put(f, "/data/c/2026-06-06 10.00.00 Round/video1.mp4", NULL, 10, NOW);
	put(f, "/data/c/2026-06-06 10.00.00 Round/chat.txt", NULL, 10, NOW);
	tt_link(f, "/home/cy/Rec", "/data/c");
	tt_link(f, "/data/c/again", "/data/c");          /* to itself */
	tt_link(f, "/data/c/sub/back", "../..");         /* to /data, which holds c */
	tt_link(f, "/data/other", "c");                  /* from /data back to c */
	tt_link(f, "/data/c/2026-06-06 10.00.00 Round/up", "..");
	prepare(f);
	zoom_installed(f, "/home/cy");
	scan(f);
	zl = list_of(f, "zoom", "/home/cy");
	assert_int_equal(json_array_size(zl), 1);
	entry(zl, "/Rec/2026-06-06 10.00.00 ");
	assert_null(tt_diag(f, NULL, "symlink"));
	assert_int_equal(f->ctx.nerrors, 0);
}

/*
 * Links that are not followed are counted, by reason, in one diagnostic.
 * Out of the root, dangling or to a FIFO there is nothing of this host's to
 * miss, and a link to /home holds the home itself: the search is complete.
 */
static void test_links_refused(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	put(f, "/home/dan/Documents/Zoom/2026-07-07 10.00.00 Dan/video1.mp4", NULL, 10, NOW);
	put(f, "/home/dan/Documents/Zoom/2026-07-07 10.00.00 Dan/chat.txt", NULL, 10, NOW);
	tt_link(f, "/home/dan/Documents/out", "../../../../etc");   /* above the root */
	tt_link(f, "/home/dan/Documents/gone", "/nowhere");
	tt_fifo(f, "/data/fifo");
	tt_link(f, "/home/dan/Documents/pipe", "/data/fifo");
	tt_link(f, "/home/dan/Documents/all", "/home");
	prepare(f);
	zoom_installed(f, "/home/dan");
	scan(f);
	assert_int_equal(json_array_size(list_of(f, "zoom", "/home/dan")), 1);
	d = tt_diag(f, NULL, "not followed");
	assert_non_null(d);
	assert_string_equal(d->message, "4 symlinks not followed while searching for recordings: "
			    "1 escapes the root, 1 is dangling, 1 points to a device, FIFO or "
			    "socket, 1 leads to a folder holding the home");
	assert_non_null(strstr(d->source, "/home/"));
	assert_null(strstr(d->source, "dan"));
	assert_int_equal(f->ctx.nerrors, 0);
}

/* A link loop may hide a recording: reported, and no recording rule passes. */
static void test_link_loop_incomplete(void **state)
{
	struct tt_fx *f = *state;
	const json_t *zl;

	put(f, "/home/lu/Documents/Zoom/2026-08-08 10.00.00 Lu/video1.mp4", NULL, 10, NOW);
	put(f, "/home/lu/Documents/Zoom/2026-08-08 10.00.00 Lu/chat.txt", NULL, 10, NOW);
	tt_link(f, "/home/lu/Documents/l1", "l2");
	tt_link(f, "/home/lu/Documents/l2", "l1");
	prepare(f);
	zoom_installed(f, "/home/lu");
	scan(f);
	zl = list_of(f, "zoom", "/home/lu");
	assert_int_equal(json_array_size(zl), 1);   /* what was found is still listed */
	assert_non_null(tt_diag(f, NULL, "2 symlinks not followed while searching for "
				"recordings: 2 loop (recordings behind them may be missing)"));
	assert_incomplete(f, "/home/lu");
}

/* More than 256 links followed in one home: the rest is left, and said so. */
static void test_link_limit(void **state)
{
	struct tt_fx *f = *state;
	char rel[64], target[64];
	int i;

	for (i = 0; i < 257; i++) {
		snprintf(target, sizeof(target), "/data/d%d", i);
		tt_mkdir(f, target);
		snprintf(rel, sizeof(rel), "/home/li/links/l%d", i);
		tt_link(f, rel, target);
	}
	prepare(f);
	scan(f);
	assert_non_null(tt_diag(f, NULL, "1 symlinks not followed while searching for "
				"recordings: more than 256 followed in this home"));
	assert_incomplete(f, "/home/li");
}

/* Remove `name` in `dfd` and all below it, for trees deeper than PATH_MAX. */
static void rm_at(int dfd, const char *name)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		if (fd < 0 || !(d = fdopendir(fd))) {
			if (fd >= 0)
				close(fd);
			return;
		}
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				rm_at(dirfd(d), de->d_name);
		closedir(d);
		unlinkat(dfd, name, AT_REMOVEDIR);
	} else {
		unlinkat(dfd, name, 0);
	}
}

static int teardown_long(void **state)
{
	struct tt_fx *f = *state;
	char path[4096];
	int dfd;

	tt_path(f, path, sizeof(path), "/data");
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY)) >= 0) {
		rm_at(dfd, "L");
		close(dfd);
	}
	return tt_teardown(state);
}

#define LONG_LEVELS 15   /* "/data/L" + 15 x 256 = 3847 bytes */

/*
 * A link leads to a folder whose path is close to the limit: what fits is
 * searched, a folder whose path would be too long is not, and said so.
 */
static void test_path_too_long(void **state)
{
	struct tt_fx *f = *state;
	char path[4096], name[256], target[4096];
	const json_t *zl;
	size_t len;
	int dfd, fd, i;

	memset(name, 'a', 255);
	name[255] = 0;
	tt_mkdir(f, "/data/L");
	tt_path(f, path, sizeof(path), "/data/L");
	dfd = open(path, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	len = (size_t)snprintf(target, sizeof(target), "/data/L");
	for (i = 0; i < LONG_LEVELS; i++) {
		assert_int_equal(mkdirat(dfd, name, 0755), 0);
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY);
		assert_true(fd >= 0);
		close(dfd);
		dfd = fd;
		len += (size_t)snprintf(target + len, sizeof(target) - len, "/%s", name);
	}
	assert_int_equal(len, 3847);
	memset(name, 'b', 255);
	assert_int_equal(mkdirat(dfd, name, 0755), 0);   /* 3847 + 256 > 4096 */
	assert_int_equal(mkdirat(dfd, "2026-09-09 10.00.00 Long", 0755), 0);
	fd = openat(dfd, "2026-09-09 10.00.00 Long/video1.mp4", O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
	close(dfd);
	tt_link(f, "/home/lo/deep", target);
	prepare(f);
	zoom_installed(f, "/home/lo");
	scan(f);
	zl = list_of(f, "zoom", "/home/lo");
	assert_int_equal(json_array_size(zl), 1);
	entry(zl, "/deep/2026-09-09 10.00.00 ");
	assert_non_null(tt_diag(f, NULL, "1 directories with paths longer than 4096 bytes"));
	assert_incomplete(f, "/home/lo");
}

/*
 * A directory that cannot be read, and a home that cannot be opened. As
 * root everything can be read, so the scan runs as nobody (seteuid).
 */
static void test_unreadable(void **state)
{
	struct tt_fx *f = *state;
	char priv[4096], home[4096];
	int as_root = geteuid() == 0;
	const json_t *zl;

	put(f, "/home/ur/Documents/Zoom/2026-10-10 10.00.00 Ur/video1.mp4", NULL, 10, NOW);
	put(f, "/home/ur/Documents/Zoom/2026-10-10 10.00.00 Ur/chat.txt", NULL, 10, NOW);
	put(f, "/home/ur/Private/2026-10-11 10.00.00 Hidden/video1.mp4", NULL, 10, NOW);
	tt_mkdir(f, "/home/ux/Documents");
	prepare(f);
	zoom_installed(f, "/home/ur");
	tt_path(f, priv, sizeof(priv), "/home/ur/Private");
	tt_path(f, home, sizeof(home), "/home/ux");
	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(chmod(priv, 0), 0);
	assert_int_equal(chmod(home, 0), 0);
	if (as_root && seteuid(65534) < 0) {
		chmod(priv, 0755);
		chmod(home, 0755);
		skip();
	}
	scan(f);
	if (as_root)
		assert_int_equal(seteuid(0), 0);
	assert_int_equal(chmod(priv, 0755), 0);
	assert_int_equal(chmod(home, 0755), 0);

	zl = list_of(f, "zoom", "/home/ur");
	assert_int_equal(json_array_size(zl), 1);
	entry(zl, "/Documents/Zoom/2026-10-10 10.00.00 ");
	assert_non_null(tt_diag(f, NULL, "1 directories could not be read"));
	assert_incomplete(f, "/home/ur");
	assert_non_null(tt_diag(f, NULL, "cannot open home directory"));
	assert_incomplete(f, "/home/ux");
}

static char mounted[2][4096];

/* A tmpfs on `rel` in a mount namespace of our own: 0, or -1 when not allowed. */
static int mount_tmpfs(struct tt_fx *f, int i, const char *rel)
{
	static int unshared;

	tt_mkdir(f, rel);
	if (!unshared) {
		if (geteuid() != 0 || unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			return -1;
		unshared = 1;
	}
	tt_path(f, mounted[i], sizeof(mounted[i]), rel);
	if (mount("vc-rec-test", mounted[i], "tmpfs", 0, "size=1m") < 0) {
		mounted[i][0] = 0;
		return -1;
	}
	return 0;
}

static int teardown_mounts(void **state)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (mounted[i][0])
			umount2(mounted[i], MNT_DETACH);
		mounted[i][0] = 0;
	}
	return tt_teardown(state);
}

/*
 * Other file systems: a linked data disk is followed, folders on it
 * included (the user chose it); a disk mounted in the home is searched
 * only with --deep, and without it no recording rule passes.
 */
static void test_other_file_systems(void **state)
{
	struct tt_fx *f = *state;
	const json_t *zl;

	tt_mkdir(f, "/home/mo/Documents");
	if (mount_tmpfs(f, 0, "/data") < 0 || mount_tmpfs(f, 1, "/home/mo/usb") < 0)
		skip();   /* needs root and mount namespaces */
	put(f, "/data/zoom/2026-01-01 10.00.00 Disk/video1.mp4", NULL, 10, NOW);
	put(f, "/data/zoom/2026-01-01 10.00.00 Disk/chat.txt", NULL, 10, NOW);
	tt_link(f, "/home/mo/Documents/Zoom", "/data/zoom");
	put(f, "/home/mo/usb/2026-01-02 10.00.00 Stick/video1.mp4", NULL, 10, NOW);
	put(f, "/home/mo/usb/2026-01-02 10.00.00 Stick/chat.txt", NULL, 10, NOW);
	prepare(f);
	zoom_installed(f, "/home/mo");
	scan(f);
	zl = list_of(f, "zoom", "/home/mo");
	assert_int_equal(json_array_size(zl), 1);
	entry(zl, "/Documents/Zoom/2026-01-01 10.00.00 ");
	assert_non_null(tt_diag(f, NULL, "1 directories on other file systems not searched for "
				"recordings (--deep searches them)"));
	assert_incomplete(f, "/home/mo");

	vc_factset_free(&f->ctx.facts);
	clear_errors(f);
	f->ctx.deep = 1;
	zoom_installed(f, "/home/mo");
	scan(f);
	zl = list_of(f, "zoom", "/home/mo");
	assert_int_equal(json_array_size(zl), 2);
	entry(zl, "/usb/2026-01-02 10.00.00 ");
	assert_int_equal(f->ctx.nerrors, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_recordings_found, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_deep, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_entry_budget, setup_fast, tt_teardown),
		cmocka_unit_test_setup_teardown(test_link_to_data_disk, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_link_aliases, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_link_inside_home, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_link_cycle_outside_home, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_links_refused, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_link_loop_incomplete, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_link_limit, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_path_too_long, setup, teardown_long),
		cmocka_unit_test_setup_teardown(test_unreadable, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_other_file_systems, setup, teardown_mounts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
