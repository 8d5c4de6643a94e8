/* Recordings scanner: Zoom meeting folders, GoTo .g2m, Jibri sessions in homes. */
#include "testtree.h"

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

	/* links and FIFOs are passed over silently; nothing was unreadable */
	assert_null(tt_diag(f, NULL, "could not be read"));
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
	assert_null(list_of(f, "zoom", "/home/gil"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_recordings_found, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_deep, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_entry_budget, setup_fast, tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
