/*
 * Organisation files (--org): read as the command line reads them
 * (cli/scan_cmd.c load_org: JSON, duplicates refused, an object) and
 * mapped to facts by the org scanner (scanners/org.c).
 */
#include "fuzz_util.h"

extern const struct vc_scanner_entry vc_scanner_org;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_scan_ctx ctx;
	json_error_t jerr;
	json_t *o;

	o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!o)
		vc_error_cut_excerpt(jerr.text);
	if (!json_is_object(o)) {
		json_decref(o);
		return 0;
	}
	fz_ctx_open(&ctx);
	json_object_set_new(o, "_source", json_string("org.json"));
	json_object_set_new(o, "_sha256", json_string("00"));
	ctx.org = o;
	vc_scanner_org.scan(&ctx);
	fz_ctx_close(&ctx);
	return 0;
}
