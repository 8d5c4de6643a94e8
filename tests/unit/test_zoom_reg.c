/*
 * Zoom client policy in Windows .reg exports (inputs/zoom_reg.c): UTF-16LE
 * files built here, values mapped like the macOS keys, HKLM over HKCU,
 * unknown value names diagnosed, secrets and accounts never printed.
 */
#include "testtree.h"

#include "inputs/input.h"

extern const struct vc_input_handler_entry vc_input_zoom_reg;

static const struct vc_input_handler_entry *const handlers[] = { &vc_input_zoom_reg, NULL };

#define HKLM "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings"
#define HKCU "[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Zoom\\Zoom Meetings"

static int setup(void **state)
{
	struct tt_fx *f = tt_new("/tmp", "vc-zoomreg");

	tt_open(f, "zoom-test-key", 0);
	*state = f;
	return 0;
}

/* Write UTF-8 `text` as regedit does: UTF-16LE with the BOM, CR LF line ends. */
static void put_reg(struct tt_fx *f, const char *rel, const char *text)
{
	size_t n = strlen(text), i, o = 0;
	unsigned char *out = malloc(4 * n + 4);

	assert_non_null(out);
	out[o++] = 0xFF;
	out[o++] = 0xFE;
	for (i = 0; i < n; i++) {
		unsigned c = (unsigned char)text[i];

		if (c >= 0xC0 && c < 0xE0 && i + 1 < n) {   /* two-byte UTF-8 */
			c = (c & 0x1F) << 6 | ((unsigned char)text[++i] & 0x3F);
		} else if (c == '\n') {
			out[o++] = '\r';
			out[o++] = 0;
		}
		out[o++] = (unsigned char)(c & 0xFF);
		out[o++] = (unsigned char)(c >> 8);
	}
	tt_put_bytes(f, rel, out, o);
	free(out);
}

static void scan(struct tt_fx *f, const char *spec_prefix, const char *rel)
{
	char p[512], spec[600];

	tt_path(f, p, sizeof(p), rel);
	snprintf(spec, sizeof(spec), "%s%s", spec_prefix, p);
	assert_int_equal(vc_inputs_scan(&f->ctx, spec, handlers), 0);
}

static const struct vc_fact *host_fact(struct tt_fx *f, const char *key)
{
	return vc_fact_find(&f->ctx.facts, "zoom", "host", key);
}

static void expect_bool(struct tt_fx *f, const char *key, int b, int line)
{
	const struct vc_fact *x = host_fact(f, key);

	if (!x)
		fail_msg("%s absent", key);
	assert_true(json_is_boolean(x->value));
	assert_int_equal(json_is_true(x->value), b);
	assert_int_equal(x->line, line);
}

static void test_values_mapped(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_fact *x;
	char *all;

	put_reg(f, "/p.reg",
		"Windows Registry Editor Version 5.00\n"                     /* 1 */
		"\n"
		HKLM "\\General]\n"                                          /* 3 */
		"\"DisableLocalRecording\"=dword:00000001\n"                 /* 4 */
		"\"zDisableCMR\"=dword:00000000\n"                           /* 5 */
		"\"BlockUntrustedSSLCert\"=dword:00000000\n"                 /* 6 */
		"\"ForceLoginWithSSO\"=dword:00000001\n"                     /* 7 */
		"\"SetEnrollToken4CloudMDM\"=\"enrol-Secret-7781\"\n"        /* 8 */
		"\"RecordPath\"=\"C:\\\\Users\\\\s\xc3\xb8ren\\\\OneDrive\\\\Zoom\"\n"  /* 9 */
		"\"EnableClientAutoUpdate\"=dword:00000001\n"                /* 10 */
		"\n"
		HKLM "\\Updates]\n"                                          /* 12 */
		"\"AU2_EnableAutoUpdate\"=dword:00000000\n"                  /* 13 */
		"\"AU2_SafeUpgradePeriod\"=\"0000-0400\"\n"                  /* 14 */
		"\n"
		HKLM "\\Chat]\n"                                             /* 16 */
		"\"zDisableChat\"=dword:00000001\n"                          /* 17 */
		"\"DisableMeeting3rdPartyFileStorage\"=\"1\"\n");            /* 18 */
	scan(f, "", "/p.reg");
	assert_null(tt_diag(f, NULL, NULL));
	expect_bool(f, "recording.local.allowed", 0, 4);
	expect_bool(f, "recording.cloud.allowed", 1, 5);
	expect_bool(f, "encryption.transport_required", 0, 6);
	expect_bool(f, "secrets.zdm_token_set", 1, 8);
	expect_bool(f, "update.auto", 0, 13);
	expect_bool(f, "chat.save_local", 0, 17);
	x = host_fact(f, "access.authentication");
	assert_non_null(x);
	assert_string_equal(json_string_value(x->value), "sso");
	x = host_fact(f, "storage.thirdparty");
	assert_non_null(x);
	assert_int_equal(json_array_size(x->value), 0);
	assert_int_equal(x->line, 18);
	x = host_fact(f, "recording.local.path");
	assert_non_null(x);
	assert_int_equal(x->line, 9);
	assert_non_null(strstr(json_string_value(x->value), "\\OneDrive\\Zoom"));
	x = host_fact(f, "policy.recommend_only");
	assert_non_null(x);
	assert_int_equal(json_array_size(x->value), 0);
	/* a policy file does not say the client is installed */
	assert_null(host_fact(f, "product.installed"));
	assert_non_null(strstr(host_fact(f, "update.auto")->source, "p.reg"));
	all = tt_dump(tt_report_json(f));
	assert_null(strstr(all, "enrol-Secret"));
	assert_null(strstr(all, "s\xc3\xb8ren"));
	free(all);
}

static void test_machine_beats_user_and_case(void **state)
{
	struct tt_fx *f = *state;

	put_reg(f, "/u.reg",
		"Windows Registry Editor Version 5.00\n"                     /* 1 */
		"\n"
		HKCU "\\General]\n"                                          /* 3 */
		"\"disablelocalrecording\"=dword:00000000\n"                 /* 4 */
		"\"DISABLECLOUDRECORDING\"=dword:00000001\n"                 /* 5 */
		"\n"
		HKLM "\\General]\n"                                          /* 7 */
		"\"zDisableLocalRecord\"=dword:00000001\n");                 /* 8 */
	scan(f, "", "/u.reg");
	expect_bool(f, "recording.local.allowed", 0, 8);   /* HKLM wins */
	expect_bool(f, "recording.cloud.allowed", 0, 5);   /* only HKCU says it */
}

static void test_unknown_names_diagnosed(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	put_reg(f, "/x.reg",
		"Windows Registry Editor Version 5.00\n"                     /* 1 */
		"\n"
		HKLM "\\Meetings]\n"                                         /* 3 */
		"\"DisableScreenRecording\"=dword:00000001\n"                /* 4 */
		"\"DoTComplianceMode\"=dword:00000002\n"                     /* 5 */
		"\"DisableLocalRecording\"=dword:00000002\n"                 /* 6 */
		"\"RecordingPath\"=dword:00000001\n");                       /* 7 */
	scan(f, "", "/x.reg");
	d = tt_diag(f, "x.reg", "Meetings\\DisableScreenRecording: value name not known");
	assert_non_null(d);
	assert_int_equal(d->line, 4);
	assert_null(tt_diag(f, "x.reg", "DoTComplianceMode"));   /* known, no fact */
	d = tt_diag(f, "x.reg", "DisableLocalRecording: not 0 or 1");
	assert_non_null(d);
	assert_int_equal(d->line, 6);
	assert_non_null(tt_diag(f, "x.reg", "RecordingPath: not a string"));
	assert_null(host_fact(f, "recording.local.allowed"));
	assert_null(host_fact(f, "recording.local.path"));
	assert_true(tt_has_error(f, "zoom", "host", "x.reg"));
}

static void test_bad_lines_skipped(void **state)
{
	struct tt_fx *f = *state;
	const struct vc_diag *d;

	put_reg(f, "/b.reg",
		"Windows Registry Editor Version 5.00\n"                     /* 1 */
		HKLM "\\General]\n"                                          /* 2 */
		"\"zDisableCMR\"=dword:zz\n"                                 /* 3 */
		"\"BlockUntrustedSSLCert\"=dword:00000001\n");               /* 4 */
	scan(f, "", "/b.reg");
	d = tt_diag(f, "b.reg", "unreadable lines");
	assert_non_null(d);
	assert_int_equal(d->line, 3);
	assert_null(host_fact(f, "recording.cloud.allowed"));
	expect_bool(f, "encryption.transport_required", 1, 4);
}

static void test_other_registry_files(void **state)
{
	struct tt_fx *f = *state;

	put_reg(f, "/g.reg",
		"Windows Registry Editor Version 5.00\n"
		"[HKEY_CURRENT_USER\\Software\\Citrix\\GoToMeeting]\n"
		"\"Foo\"=dword:00000001\n");
	scan(f, "", "/g.reg");
	assert_non_null(tt_diag(f, "g.reg", "not a recognised export"));
	/* named as Zoom's, it is read and found empty */
	scan(f, "zoom:", "/g.reg");
	assert_non_null(tt_diag(f, "g.reg", "no values under"));
	/* REGEDIT4 files are ANSI text */
	tt_put(f, "/a.reg", "REGEDIT4\r\n\r\n"
	       HKLM "\\General]\r\n\"zDisableLocalRecord\"=dword:00000001\r\n");
	scan(f, "", "/a.reg");
	expect_bool(f, "recording.local.allowed", 0, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values_mapped, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_machine_beats_user_and_case, setup,
						tt_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_names_diagnosed, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_bad_lines_skipped, setup, tt_teardown),
		cmocka_unit_test_setup_teardown(test_other_registry_files, setup, tt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
