/* Input handlers for --input, one per export kind; detection picks the surest. */
#include <stddef.h>

#include "input.h"

const struct vc_input_handler_entry *const vc_input_handlers[] = {
	NULL
};
