/* --input: files, folders and archives dispatched to handlers by content. */
#include "testtree.h"

#include <archive.h>
#include <archive_entry.h>

#include "core/hash.h"
#include "inputs/input.h"

/* A handler that claims JSON starting with {"probe" and reads it whole. */
static json_t *seen;

static int probe_detect(const struct vc_input *in)
{
	return in->nhead >= 8 && !memcmp(in->head, "{\"probe\"", 8) ? 60 : 0;
}

static int probe_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	struct vc_buf b = VC_BUF_INIT(0);
	struct vc_prov pv = { in->display, NULL, 1 };
	int rc = vc_input_slurp(&b, in, 1 << 20);

	json_array_append_new(seen, json_pack("{s:s, s:i, s:i}", "display", in->display,
					      "bytes", (int)b.size, "rc", rc));
	vc_fact_add(&ctx->facts, "teams", "host", "product.installed", json_true(), &pv);
	vc_buf_free(&b);
	return 0;
}

/* A weaker handler for the same content: must lose to the surer one. */
static int weak_detect(const struct vc_input *in)
{
	return in->nhead && in->head[0] == '{' ? 10 : 0;
}

static int weak_scan(struct vc_scan_ctx *ctx, struct vc_input *in)
{
	fail_msg("the weaker handler was chosen for %s", in->display);
	return 0;
}

static const struct vc_input_handler_entry probe = {
	.name = "probe", .product = "teams", .description = "test",
	.detect = probe_detect, .scan = probe_scan,
};
static const struct vc_input_handler_entry weak = {
	.name = "weak", .product = "zoom", .description = "test",
	.detect = weak_detect, .scan = weak_scan,
};
static const struct vc_input_handler_entry *const handlers[] = { &weak, &probe, NULL };

static int setup(void **state)
{
	struct tt_fx *f = tt_new("/tmp", "vc-input");

	tt_open(f, "k", 0);
	seen = json_array();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	json_decref(seen);
	return tt_teardown(state);
}

static void run(struct tt_fx *f, const char *rel)
{
	char p[512];

	tt_path(f, p, sizeof(p), rel);
	assert_int_equal(vc_inputs_scan(&f->ctx, p, handlers), 0);
}

static const json_t *source_ending(struct tt_fx *f, const char *tail)
{
	size_t i;
	json_t *s;

	json_array_foreach(f->ctx.sources, i, s) {
		const char *p = json_string_value(json_object_get(s, "path"));

		if (p && strlen(p) >= strlen(tail) && !strcmp(p + strlen(p) - strlen(tail), tail))
			return s;
	}
	return NULL;
}

static void test_folder_files_dispatched_and_hashed(void **state)
{
	struct tt_fx *f = *state;
	static const char body[] = "{\"probe\": true, \"x\": 1}";
	char sha[VC_SHA256_HEX];
	const json_t *src;

	tt_put(f, "/in/a.json", body);
	tt_put(f, "/in/sub/notes.txt", "meeting notes");
	run(f, "/in");
	assert_int_equal(json_array_size(seen), 1);
	src = source_ending(f, "/in/a.json");
	assert_non_null(src);
	vc_sha256_hex(sha, body, strlen(body));
	assert_string_equal(json_string_value(json_object_get(src, "sha256")), sha);
	assert_string_equal(json_string_value(json_object_get(src, "kind")), "probe");
	/* the fact added while streaming got the file's digest afterwards */
	assert_string_equal(f->ctx.facts.v[0].sha256, sha);
	/* the text file is not silently skipped */
	assert_non_null(tt_diag(f, "notes.txt", "not a recognised export"));
}

static void test_product_prefix_limits_handlers(void **state)
{
	struct tt_fx *f = *state;
	char p[512], spec[600];

	tt_put(f, "/x.json", "{\"probe\": 1}");
	tt_path(f, p, sizeof(p), "/x.json");
	snprintf(spec, sizeof(spec), "bigbluebutton:%s", p);
	assert_int_equal(vc_inputs_scan(&f->ctx, spec, handlers), 0);
	assert_int_equal(json_array_size(seen), 0);
	assert_non_null(tt_diag(f, "x.json", "not a recognised bigbluebutton export"));
	snprintf(spec, sizeof(spec), "teams:%s", p);
	assert_int_equal(vc_inputs_scan(&f->ctx, spec, handlers), 0);
	assert_int_equal(json_array_size(seen), 1);
}

static void test_missing_path_is_a_diagnostic(void **state)
{
	struct tt_fx *f = *state;

	run(f, "/does-not-exist.json");
	assert_non_null(tt_diag(f, "does-not-exist.json", "cannot read input"));
	assert_true(tt_has_error(f, "host", "host", "does-not-exist.json"));
}

/* Write an archive with libarchive: format "zip" or "tar.gz". */
static void write_archive(struct tt_fx *f, const char *rel, const char *fmt,
			  const char *const *names, const char *const *bodies, size_t n,
			  const char *symlink_name)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	char p[512];
	size_t i;

	tt_path(f, p, sizeof(p), rel);
	if (!strcmp(fmt, "zip")) {
		archive_write_set_format_zip(a);
	} else {
		archive_write_set_format_pax_restricted(a);
		archive_write_add_filter_gzip(a);
	}
	assert_int_equal(archive_write_open_filename(a, p), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, names[i]);
		archive_entry_set_size(e, (la_int64_t)strlen(bodies[i]));
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, bodies[i], strlen(bodies[i])),
				 (la_ssize_t)strlen(bodies[i]));
		archive_entry_free(e);
	}
	if (symlink_name) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, symlink_name);
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_symlink(e, "/etc/shadow");
		archive_write_header(a, e);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
}

static void test_archives_read_in_place(void **state)
{
	struct tt_fx *f = *state;
	static const char *const names[] = {
		"exports/a.json", "../../escape.json", "/abs/b.json", "users/alice@example.org.json"
	};
	static const char *const bodies[] = {
		"{\"probe\": 1}", "{\"probe\": 2}", "{\"probe\": 3}", "{\"probe\": 4}"
	};
	const char *fmts[] = { "zip", "tar.gz" };
	size_t i;

	for (i = 0; i < 2; i++) {
		char rel[64];

		json_array_clear(seen);
		snprintf(rel, sizeof(rel), "/exports.%s", fmts[i]);
		write_archive(f, rel, fmts[i], names, bodies, 4, "link.json");
		run(f, rel);
		assert_int_equal(json_array_size(seen), 4);
		/* entries are named inside the archive, identities pseudonymised */
		assert_non_null(source_ending(f, ":exports/a.json"));
		{
			char *dump = json_dumps(f->ctx.sources, 0);

			assert_non_null(dump);
			assert_null(strstr(dump, "alice@example.org"));
			free(dump);
		}
		assert_non_null(tt_diag(f, rel, "not regular files"));
	}
	/* nothing was extracted anywhere near the tree */
	{
		char p[512];
		struct stat st;

		tt_path(f, p, sizeof(p), "/../escape.json");
		assert_true(stat(p, &st) < 0);
		assert_true(stat("/abs/b.json", &st) < 0);
	}
}

static void test_nested_and_damaged_archives(void **state)
{
	struct tt_fx *f = *state;
	static const char *const n1[] = { "inner.zip" };
	static const char *const b1[] = { "PK\003\004rest-of-a-zip" };
	char p[512];
	FILE *fp;

	write_archive(f, "/outer.zip", "zip", n1, b1, 1, NULL);
	run(f, "/outer.zip");
	assert_non_null(tt_diag(f, "outer.zip", "archives inside the archive not read"));
	/* a truncated gzip: a clear diagnostic, no crash */
	tt_path(f, p, sizeof(p), "/broken.tar.gz");
	fp = fopen(p, "wb");
	assert_non_null(fp);
	fwrite("\x1f\x8b\x08\x00garbage", 1, 11, fp);
	fclose(fp);
	run(f, "/broken.tar.gz");
	assert_true(tt_diag(f, "broken.tar.gz", "archive") != NULL);
	assert_true(tt_has_error(f, "host", "host", "broken.tar.gz"));
}

static void test_decompression_bomb_is_cut_off(void **state)
{
	struct tt_fx *f = *state;
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	static char zeros[1 << 16];
	const size_t total = (size_t)64 << 20;   /* 64 MiB of zeros: ~64 KiB packed */
	char p[512];
	size_t i;

	tt_path(f, p, sizeof(p), "/bomb.tar.gz");
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_filename(a, p), ARCHIVE_OK);
	e = archive_entry_new();
	archive_entry_set_pathname(e, "zeros.json");
	archive_entry_set_size(e, (la_int64_t)total);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_write_header(a, e);
	for (i = 0; i < total / sizeof(zeros); i++)
		archive_write_data(a, zeros, sizeof(zeros));
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	run(f, "/bomb.tar.gz");
	assert_non_null(tt_diag(f, "bomb.tar.gz", "decompression bomb"));
	/* what was cut off may hold anything: no rule may pass on the rest */
	assert_true(tt_has_error(f, "host", "host", "bomb.tar.gz"));
	assert_string_equal(f->ctx.errors[f->ctx.nerrors - 1].keys, "*");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_folder_files_dispatched_and_hashed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_product_prefix_limits_handlers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_missing_path_is_a_diagnostic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_archives_read_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_and_damaged_archives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decompression_bomb_is_cut_off, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
