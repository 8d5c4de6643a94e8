/*
 * The organisation file (--org, DESIGN §3.6) as facts for the
 * breach-readiness rules. The file is the auditor's own input, read by the
 * command line into ctx->org; this scanner only maps it. Its pseudonym key
 * is never turned into a fact.
 */
#include <string.h>

#include "scanner.h"

static const char *str_at(const json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	if (b)
		v = json_object_get(v, b);
	if (!json_is_string(v))
		return NULL;
	/* white space only is as good as empty */
	for (const char *p = json_string_value(v); *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return json_string_value(v);
	return NULL;
}

static int add_str(struct vc_scan_ctx *ctx, const struct vc_prov *pv, const char *key,
		   const char *val)
{
	return val ? vc_fact_add(&ctx->facts, "host", "host", key, json_string(val), pv) : 0;
}

static json_t *names_of(const json_t *arr, const char *field)
{
	json_t *out = json_array(), *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		const char *s = json_is_string(v) ? json_string_value(v) :
				json_string_value(json_object_get(v, field));

		if (s && *s && json_array_append_new(out, json_string(s)) < 0) {
			json_decref(out);
			return NULL;   /* vc_fact_add() reports out of memory */
		}
	}
	return out;
}

static int scan_org(struct vc_scan_ctx *ctx)
{
	const json_t *o = ctx->org;
	struct vc_prov pv = { 0 };
	const char *contact, *kind = "dpo";
	int err = 0;   /* a fact lost for want of memory is fatal, never a gap */

	if (!o)
		return 0;
	pv.source = json_string_value(json_object_get(o, "_source"));
	pv.sha256 = json_string_value(json_object_get(o, "_sha256"));
	err |= vc_fact_add(&ctx->facts, "host", "host", "org.present", json_true(), &pv);
	err |= add_str(ctx, &pv, "org.controller.name", str_at(o, "controller", "name"));
	err |= add_str(ctx, &pv, "org.controller.cvr", str_at(o, "controller", "cvr"));
	contact = str_at(o, "dpo", "name");
	if (!contact)
		contact = str_at(o, "dpo", "email");
	if (!contact) {
		kind = "contact";
		contact = str_at(o, "contact_point", "name");
		if (!contact)
			contact = str_at(o, "contact_point", "email");
	}
	if (contact) {
		err |= add_str(ctx, &pv, "org.contact_point", contact);
		err |= add_str(ctx, &pv, "org.contact_point.kind", kind);
	}
	err |= add_str(ctx, &pv, "org.breach_procedure", str_at(o, "breach_procedure", NULL));
	err |= add_str(ctx, &pv, "org.recording.legal_basis", str_at(o, "recording", "legal_basis"));
	if (json_is_array(json_object_get(json_object_get(o, "recording"), "purposes")))
		err |= vc_fact_add(&ctx->facts, "host", "host", "org.recording.purposes",
				   names_of(json_object_get(json_object_get(o, "recording"),
							    "purposes"), "purpose"), &pv);
	if (json_is_array(json_object_get(o, "processors")))
		err |= vc_fact_add(&ctx->facts, "host", "host", "org.processors",
				   names_of(json_object_get(o, "processors"), "name"), &pv);
	return err ? vc_error_set(VC_ENOMEM, "out of memory") : 0;
}

const struct vc_scanner_entry vc_scanner_org = {
	.name = "org",
	.product = "host",
	.description = "organisation file (--org): controller, contact point, breach procedure",
	.scan = scan_org,
	.without_root = 1,
};
