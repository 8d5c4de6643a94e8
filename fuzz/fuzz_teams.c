/* Microsoft Teams PowerShell / ScubaGear exports (inputs/teams.c) via --input. */
#include "fuzz_util.h"
#include "inputs/input.h"

extern const struct vc_input_handler_entry vc_input_teams;
static const struct vc_input_handler_entry *const handlers[] = { &vc_input_teams, NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_scan_ctx ctx;

	fz_ctx_open(&ctx);
	vc_inputs_scan(&ctx, fz_file(data, size, "meeting-policies.json"), handlers);
	fz_ctx_close(&ctx);
	return 0;
}
