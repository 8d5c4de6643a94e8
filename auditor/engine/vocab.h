#ifndef VC_VOCAB_H
#define VC_VOCAB_H
/*
 * The fact vocabulary (DESIGN §3.4 plus documented extensions).
 * `rules lint` rejects a rule that reads a name not listed here.
 */
#include <stddef.h>

enum vc_fact_type { VC_VT_BOOL, VC_VT_INT, VC_VT_STRING, VC_VT_LIST, VC_VT_OBJLIST };

struct vc_vocab_entry {
	const char *name;
	enum vc_fact_type type;
	int is_path;             /* derives <name>.encrypted and <name>.cloud_sync */
	const char *meaning;
};

extern const struct vc_vocab_entry vc_vocab[];

/* The entry for `name`, also for derived ".encrypted"/".cloud_sync" names
 * (returned through *derived = 1). NULL when unknown. */
const struct vc_vocab_entry *vc_vocab_find(const char *name, int *derived);
const char *vc_fact_type_name(enum vc_fact_type t);

#endif
