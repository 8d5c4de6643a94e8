/*
 * Zoom API replies and the streamed vcaudit.zoom-export/1 with its users
 * (inputs/zoom_settings.c) via --input. The file name decides what the
 * content cannot (lock or user settings); it follows the input's length
 * so that each input is read the same way every time.
 */
#include "fuzz_util.h"
#include "inputs/input.h"

extern const struct vc_input_handler_entry vc_input_zoom_api;
static const struct vc_input_handler_entry *const handlers[] = { &vc_input_zoom_api, NULL };
static const char *const names[] = {
	"account-settings.json", "lock_settings.json", "user-settings.json"
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_scan_ctx ctx;

	fz_ctx_open(&ctx);
	vc_inputs_scan(&ctx, fz_file(data, size, names[size % 3]), handlers);
	fz_ctx_close(&ctx);
	return 0;
}
