/* Input handlers for --input, one per export kind; detection picks the surest. */
#include <stddef.h>

#include "input.h"

extern const struct vc_input_handler_entry vc_input_teams;
extern const struct vc_input_handler_entry vc_input_zoom_api;
extern const struct vc_input_handler_entry vc_input_zoom_reg;
extern const struct vc_input_handler_entry vc_input_zoom_plist;
extern const struct vc_input_handler_entry vc_input_bbb_recordings;

const struct vc_input_handler_entry *const vc_input_handlers[] = {
	&vc_input_teams,
	&vc_input_zoom_api,
	&vc_input_zoom_reg,
	&vc_input_zoom_plist,
	&vc_input_bbb_recordings,
	NULL
};
