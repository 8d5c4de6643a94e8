/* Waiver files (engine/waiver.c): load, match, expiry. */
#include "fuzz_util.h"
#include "engine/waiver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_waivers w;
	struct vc_diags d = { 0 };
	time_t now = (time_t)1790000000;
	size_t i;

	memset(&w, 0, sizeof(w));
	if (vc_waivers_load(&w, fz_file(data, size, "waivers.json"), &d) == 0) {
		for (i = 0; i < w.n; i++) {
			vc_waiver_expired(&w.v[i], now);
			vc_waivers_match(&w, w.v[i].rule ? w.v[i].rule : "x", "zoom",
					 "user:abc", now);
		}
		vc_waivers_match(&w, "zoom-cloud-recording-retention", "zoom", "host", now);
	}
	vc_waivers_free(&w);
	vc_diags_free(&d);
	return 0;
}
