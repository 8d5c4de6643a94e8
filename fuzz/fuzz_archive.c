/*
 * --input archives and files (inputs/input.c, libarchive): zip, tar and
 * compressed tars read in place, every member dispatched to every input
 * handler (Teams, Zoom API, Zoom .reg, Zoom plist).
 */
#include "fuzz_util.h"
#include "inputs/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vc_scan_ctx ctx;

	fz_ctx_open(&ctx);
	vc_inputs_scan(&ctx, fz_file(data, size, "exports.bin"), vc_input_handlers);
	fz_ctx_close(&ctx);
	return 0;
}
