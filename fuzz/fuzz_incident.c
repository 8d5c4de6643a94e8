/* Incident files for `vcaudit breach` (report/breach_draft.c). */
#include "fuzz_util.h"
#include "report/breach_draft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *inc = NULL;
	char *s;
	time_t t;

	if (vc_incident_parse(&inc, "incident.json", (const char *)data, size) == 0) {
		const char *k;
		json_t *v;

		json_object_foreach(inc, k, v)
			if (json_is_string(v))
				vc_rfc3339_parse(&t, json_string_value(v));
	}
	json_decref(inc);
	s = fz_cstr_cut(data, size < 64 ? size : 64);
	vc_rfc3339_parse(&t, s);
	free(s);
	return 0;
}
