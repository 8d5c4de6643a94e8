/* Finding storage and names. */
#include <stdlib.h>
#include <string.h>

#include "finding.h"

static const char *const status_names[VC_ST__COUNT] = {
	"pass", "fail", "manual", "notapplicable", "error", "waived"
};

const char *vc_status_name(enum vc_status s)
{
	return (unsigned)s < VC_ST__COUNT ? status_names[s] : "?";
}

void vc_finding_clear(struct vc_finding *f)
{
	size_t i;

	free(f->product);
	free(f->scope);
	free(f->message);
	for (i = 0; i < f->nev; i++) {
		free(f->ev[i].source);
		free(f->ev[i].fact);
		json_decref(f->ev[i].value);
	}
	free(f->ev);
	if (f->waiver) {
		free(f->waiver->justification);
		free(f->waiver->approver);
		free(f->waiver->expires);
		free(f->waiver);
	}
	memset(f, 0, sizeof(*f));
}

void vc_findings_free(struct vc_findings *fs)
{
	size_t i;

	if (!fs)
		return;
	for (i = 0; i < fs->n; i++)
		vc_finding_clear(&fs->v[i]);
	free(fs->v);
	memset(fs, 0, sizeof(*fs));
}
